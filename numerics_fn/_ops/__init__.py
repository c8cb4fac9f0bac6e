"""THE CATALOGUE: one signature and docstring per op, no backend code, one module per topic.

`CATALOGUE` (every entry, in `MODULES`' order) drives ``numerics_fn.__all__``, the `Backend`
namespace, the docs table and the coverage test. Every op is also an attribute of this package
(``_ops.add``), so backends register against the catalogue without naming its modules. The
``fft`` module's entries are published only as ``nf.fft`` (the Array API standard's extension),
loaded on first use.
"""

from .._dispatch import ops_in
from . import (
    conversion,
    creation,
    dtypes,
    elementwise,
    indexing,
    linalg,
    polynomials,
    random,
    reductions,
    searching,
    shape,
    statistics,
)
from .conversion import *  # noqa: F403
from .creation import *  # noqa: F403
from .dtypes import *  # noqa: F403
from .elementwise import *  # noqa: F403
from .indexing import *  # noqa: F403
from .linalg import *  # noqa: F403
from .polynomials import *  # noqa: F403
from .random import *  # noqa: F403
from .reductions import *  # noqa: F403
from .searching import *  # noqa: F403
from .shape import *  # noqa: F403
from .statistics import *  # noqa: F403

#: The catalogue's topics, in the order of `CATALOGUE` (and so of ``nf.__all__`` and docs/ops.md).
MODULES = (
    creation, conversion, dtypes, elementwise, reductions, statistics, shape, indexing, searching, linalg,
    polynomials, random,
)  # fmt: skip
CATALOGUE = ops_in(*MODULES)
__all__: list[str] = [entry.name for entry in CATALOGUE]  # every op's name (fft's are published as nf.fft only)

"""THE CATALOGUE: one signature and docstring per op, no backend code.

`CATALOGUE` (every entry, in order) drives ``numerics_fn.__all__``, the `Backend`
namespace, the docs table and the coverage test. Every op is also an attribute of this package
(``_ops.add``), so backends register against the catalogue without naming its modules. The
``fft`` module's entries are published only as ``nf.fft`` (the Array API standard's extension),
loaded on first use.
"""

from .._dispatch import ops_in
from . import (
    arrays,
    autodiff,
    conversion,
    creation,
    creation_np,
    creation_std,
    discrete,
    dtypes_fns,
    elementwise,
    indexing,
    linalg,
    linalg_ext,
    linalg_np,
    manipulation,
    math,
    numpy_math,
    random,
    reductions,
    searching,
    shape,
    statistical,
    statistics,
)
from .arrays import *  # noqa: F403
from .autodiff import *  # noqa: F403
from .conversion import *  # noqa: F403
from .creation import *  # noqa: F403
from .creation_np import *  # noqa: F403
from .creation_std import *  # noqa: F403
from .discrete import *  # noqa: F403
from .dtypes_fns import *  # noqa: F403
from .elementwise import *  # noqa: F403
from .indexing import *  # noqa: F403
from .linalg import *  # noqa: F403
from .linalg_ext import *  # noqa: F403
from .linalg_np import *  # noqa: F403
from .manipulation import *  # noqa: F403
from .math import *  # noqa: F403
from .numpy_math import *  # noqa: F403
from .random import *  # noqa: F403
from .reductions import *  # noqa: F403
from .searching import *  # noqa: F403
from .shape import *  # noqa: F403
from .statistical import *  # noqa: F403
from .statistics import *  # noqa: F403

__all__: list[str] = []  # every op's name (fft's are published as nf.fft only)
__all__ += arrays.__all__
__all__ += autodiff.__all__
__all__ += conversion.__all__
__all__ += creation.__all__
__all__ += creation_np.__all__
__all__ += creation_std.__all__
__all__ += discrete.__all__
__all__ += dtypes_fns.__all__
__all__ += elementwise.__all__
__all__ += indexing.__all__
__all__ += linalg.__all__
__all__ += linalg_ext.__all__
__all__ += linalg_np.__all__
__all__ += manipulation.__all__
__all__ += math.__all__
__all__ += numpy_math.__all__
__all__ += random.__all__
__all__ += reductions.__all__
__all__ += searching.__all__
__all__ += shape.__all__
__all__ += statistical.__all__
__all__ += statistics.__all__

MODULES = (
    creation, conversion, shape, elementwise, reductions, linalg, random, discrete, autodiff,
    # the Array API standard's functions that the NumPy-named modules above lacked
    creation_std, dtypes_fns, manipulation, math, statistical, searching, linalg_ext,
    # NumPy's (and SciPy's) functions that scientific code uses beyond the standard's
    creation_np, arrays, statistics, numpy_math, indexing, linalg_np,
)  # fmt: skip
CATALOGUE = ops_in(*MODULES)

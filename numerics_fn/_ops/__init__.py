"""THE CATALOGUE: one signature and docstring per op, no backend code.

`CATALOGUE` (every entry, in order) drives ``numerics_fn.__all__``, the `Backend`
namespace, the docs table and the coverage test.
"""

from .._dispatch import ops_in
from . import autodiff, conversion, creation, discrete, elementwise, linalg, random, reductions, shape
from . import creation_std, dtypes_fns, fft, linalg_ext, manipulation, math, searching, statistical

__all__ = ["CATALOGUE", "EXTENSIONS", "MODULES"]

MODULES = (
    creation, conversion, shape, elementwise, reductions, linalg, random, discrete, autodiff,
    # the Array API standard's functions that the NumPy-named modules above lacked
    creation_std, dtypes_fns, manipulation, math, statistical, searching, linalg_ext,
)  # fmt: skip
#: Entries published only in a sub-namespace (``nf.fft``), not at top level.
EXTENSIONS = (fft,)
CATALOGUE = ops_in(*MODULES)

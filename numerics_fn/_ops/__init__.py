"""THE CATALOGUE: one signature and docstring per op, no backend code.

`CATALOGUE` (every entry, in order) drives ``numerics_fn.__all__``, the `Backend`
namespace, the docs table and the coverage test. The ``fft`` module's entries are published
only as ``nf.fft`` (the Array API standard's extension), loaded on first use.
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

__all__ = ["CATALOGUE", "MODULES"]

MODULES = (
    creation, conversion, shape, elementwise, reductions, linalg, random, discrete, autodiff,
    # the Array API standard's functions that the NumPy-named modules above lacked
    creation_std, dtypes_fns, manipulation, math, statistical, searching, linalg_ext,
    # NumPy's (and SciPy's) functions that scientific code uses beyond the standard's
    creation_np, arrays, statistics, numpy_math, indexing, linalg_np,
)  # fmt: skip
CATALOGUE = ops_in(*MODULES)

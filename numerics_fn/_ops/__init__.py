"""THE CATALOGUE: one signature and docstring per op, no backend code.

`CATALOGUE` (every entry, in order) drives ``numerics_fn.__all__``, the `Backend`
namespace, the docs table and the coverage test. The ``fft`` module's entries are published
only as ``nf.fft`` (the Array API standard's extension), loaded on first use.
"""

from .._dispatch import ops_in
from . import (
    autodiff,
    conversion,
    creation,
    creation_std,
    discrete,
    dtypes_fns,
    elementwise,
    linalg,
    linalg_ext,
    manipulation,
    math,
    random,
    reductions,
    searching,
    shape,
    statistical,
)

__all__ = ["CATALOGUE", "MODULES"]

MODULES = (
    creation, conversion, shape, elementwise, reductions, linalg, random, discrete, autodiff,
    # the Array API standard's functions that the NumPy-named modules above lacked
    creation_std, dtypes_fns, manipulation, math, statistical, searching, linalg_ext,
)  # fmt: skip
CATALOGUE = ops_in(*MODULES)

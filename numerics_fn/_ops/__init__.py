"""THE CATALOGUE: one signature and docstring per op, no backend code.

`CATALOGUE` (every entry, in order) drives ``numerics_fn.__all__``, the `Backend`
namespace, the docs table and the coverage test.
"""

from .._dispatch import ops_in
from . import autodiff, conversion, creation, discrete, elementwise, linalg, random, reductions, shape

__all__ = ["CATALOGUE", "MODULES"]

MODULES = (creation, conversion, shape, elementwise, reductions, linalg, random, discrete, autodiff)
CATALOGUE = ops_in(*MODULES)

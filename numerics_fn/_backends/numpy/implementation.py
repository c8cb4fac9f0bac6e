"""The NumPy backend: `numpy.ndarray` and NumPy scalars."""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import _ops as ops
from ..._context import Context
from ..._dispatch import bad_argument, implements
from ..._dtypes import dtype_name
from ..numpy_like.core import checked_optimize
from ..numpy_like.registration import register

NAME = "numpy"
ARRAY = (np.ndarray, np.generic)
ARRAY_TYPES: tuple[type, ...] = ARRAY
# NumPy takes Python numbers and lists beside its arrays as they are (NEP 50 weak scalars),
# and a mixed call never targets NumPy, so operands need no conversion.
coerce_operands = None

register(np, ARRAY, NAME, np.random.Generator)

_add_reduce: Any = np.add.reduce


# np.sum is a Python wrapper around add.reduce; calling the ufunc directly skips that Python frame.
@implements(ops.sum, ARRAY)
def numpy_sum(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
    if dtype is None and a.__class__ is np.ndarray:
        return _add_reduce(a, axis, None, None, keepdims)
    dt = None if dtype is None else np.dtype(dtype_name(dtype, "sum"))
    # keepdims only when True: np.matrix.sum takes none (np.sum passes it on only when given)
    return np.sum(a, axis=axis, dtype=dt, keepdims=True) if keepdims else np.sum(a, axis=axis, dtype=dt)


# np.einsum is a Python wrapper that, without optimize= or out=, calls
# c_einsum with the same arguments: calling the C function directly skips the wrapper.
try:
    from numpy._core.multiarray import c_einsum as _c_einsum
except ImportError:  # a NumPy that moved it: the public wrapper
    _c_einsum = np.einsum


@implements(ops.einsum, [ARRAY])
def numpy_einsum(subscripts: Any, *rest: Any) -> Any:
    optimize = rest[-1]  # the operands, then optimize
    if optimize is False:
        return _c_einsum(subscripts, *rest[:-1])
    return np.einsum(subscripts, *rest[:-1], optimize=checked_optimize(optimize))


@implements(ops.to_numpy, ARRAY)
def numpy_to_numpy(x: Any) -> Any:
    return x if x.__class__ is np.ndarray else np.asarray(x)


class Generator(np.random.Generator):
    """NumPy's Generator, remembering the Context `nf.rng` made it under (`generator_context`)."""

    __slots__ = ("context",)
    context: Context

    def __reduce__(self) -> tuple[Any, ...]:
        return _generator, (self.bit_generator, getattr(self, "context", None))


def _generator(bit_generator: Any, ctx: Context | None) -> Generator:
    out = Generator(bit_generator)
    if ctx is not None:
        out.context = ctx
    return out


@implements(ops.rng, NAME)
def numpy_rng(seed: int | None, ctx: Context) -> Any:
    try:
        return _generator(np.random.default_rng(seed).bit_generator, ctx)
    except TypeError as err:
        raise bad_argument("rng", "seed", seed, "an int or None", err) from err


def native_dtype(name: str) -> Any:
    """NumPy's scalar type for a canonical dtype name (what ``Backend.float64`` returns)."""
    return np.dtype(name).type

"""Random sampling with a NumPy-API generator (NumPy's, cuPyNumeric's): functions taking the library module
``xp`` first, then the generator."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ... import _ops as ops
from ..._context import Context, generator_context
from ..._dispatch import bad_argument
from ..._dtypes import dtype_name
from ..._errors import UnsupportedTypeError
from .binding import Entry
from .core import SHAPE, native, scaled_and_shifted, shape_checked

__all__ = ["TABLE", "permutation_of"]

_EMPTY = shape_checked(np.empty)


def _dtype_of(dtype: Any, ctx: Context, op: str, kinds: str) -> np.dtype[Any]:
    """The samples' dtype: ``dtype``, else the Context's precision; `UnsupportedTypeError` unless of ``kinds``."""
    dt = np.dtype(ctx.precision if dtype is None else dtype_name(dtype, op))
    if dt.kind not in kinds:
        wanted = "a real floating or complex dtype" if "c" in kinds else "a real floating dtype"
        raise UnsupportedTypeError(f"{op}: dtype {dt} is not supported; use {wanted}")
    return dt


def _check_shape(shape_: Any, op: str) -> None:
    try:
        _EMPTY(shape_, dtype=bool).shape  # noqa: B018  (the cheapest full check of a shape's type)
    except TypeError as err:
        raise bad_argument(op, "shape", shape_, SHAPE, err) from err


def _drawn(xp: Any, method: Callable[..., Any], params: tuple[Any, ...], shape_: Any) -> Any:
    """``method(*params, shape_)``, ``method`` a generator's sampler taking the size last. cuPyNumeric fills an
    n-d array in the order of the memory it is given (a transposed array's, once one is freed), so one seed gave
    other numbers after other work: it draws a 1-d array (one order only) and reshapes it. NumPy fills in C
    order: the same values."""
    if xp is np or shape_ is None:
        return method(*params, shape_)
    shape = (int(shape_),) if isinstance(shape_, (int, np.integer)) else tuple(int(n) for n in shape_)
    return method(*params, math.prod(shape)).reshape(shape)


def normal(xp: Any, rng: Any, shape_: Any, dtype: Any, loc: Any, scale: Any, ctx: Context | None) -> Any:
    dt = _dtype_of(dtype, generator_context(rng, ctx), "normal", "fc")
    _check_shape(shape_, "normal")
    if dt.kind == "c":
        real_dt = np.float32 if dt == np.complex64 else np.float64
        parts = _drawn(xp, rng.normal, (0.0, math.sqrt(0.5)), (2, *np.atleast_1d(shape_))).astype(real_dt)
        out = (parts[0] + 1j * parts[1]).astype(dt).reshape(shape_)
    else:
        out = _drawn(xp, rng.normal, (0.0, 1.0), shape_).astype(dt, copy=False)
    return scaled_and_shifted(out, loc, scale)


def uniform(xp: Any, rng: Any, shape_: Any, low: float, high: float, dtype: Any, ctx: Context | None) -> Any:
    dt = _dtype_of(dtype, generator_context(rng, ctx), "uniform", "f")
    _check_shape(shape_, "uniform")
    return _drawn(xp, rng.uniform, (low, high), shape_).astype(dt, copy=False)


def choice(xp: Any, rng: Any, a: Any, size: Any, p: Any, replace: bool) -> Any:
    return rng.choice(a, size, replace=replace, p=p)


def integers(xp: Any, rng: Any, low: Any, high: Any, size: Any, dtype: Any, endpoint: bool) -> Any:
    dt = np.dtype(np.int64) if dtype is None else native(dtype, "integers")
    if high is None:
        low, high = 0, low
    if endpoint:
        high = high + 1
    if xp is np:
        return rng.integers(low, high, size, dtype=dt)
    return _drawn(xp, rng.integers, (low, high), size).astype(dt)


def permutation_of(xp: Any, rng: Any, x: Any) -> Any:
    """A random permutation of ``range(x)`` (an int) or of ``x``'s first axis, from ``rng.random`` and argsort."""
    n = int(x) if isinstance(x, (int, np.integer)) else x.shape[0]
    order = xp.argsort(rng.random(n))
    return order if isinstance(x, (int, np.integer)) else x[order]


def permutation(xp: Any, rng: Any, x: Any) -> Any:
    return rng.permutation(x) if hasattr(rng, "permutation") else permutation_of(xp, rng, x)


def shuffle(xp: Any, rng: Any, x: Any, axis: int) -> Any:
    moved = xp.moveaxis(x, axis, 0)
    return xp.moveaxis(moved[permutation_of(xp, rng, moved.shape[0])], 0, axis)


#: cuPyNumeric's Generator has no ``choice``: its backend composes its own.
TABLE: tuple[Entry, ...] = (
    (ops.normal, normal),
    (ops.uniform, uniform),
    (ops.choice, choice),
    (ops.integers, integers),
    (ops.permutation, permutation),
    (ops.shuffle, shuffle),
)

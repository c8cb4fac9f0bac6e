"""Reductions and cumulative functions, for NumPy and cuPyNumeric: functions taking the library module ``xp``
first. A reduction over no axis (``axis=()``) where the library cannot take one: `binding.Reduction`."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ... import _ops as ops
from .binding import Entry, Reduction
from .core import native

__all__ = ["TABLE", "nanvar", "prod_by_halving"]


def sum_(xp: Any, a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
    if keepdims:
        return xp.sum(a, axis=axis, dtype=native(dtype, "sum"), keepdims=True)
    return xp.sum(a, axis=axis, dtype=native(dtype, "sum"))  # (keepdims only when True: np.matrix has none)


def mean(xp: Any, a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
    if keepdims:
        return xp.mean(a, axis=axis, dtype=native(dtype, "mean"), keepdims=True)
    return xp.mean(a, axis=axis, dtype=native(dtype, "mean"))


def prod_by_halving(xp: Any, a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Product over ``axis`` by multiplying halves (log2(n) elementwise steps), from ``xp`` operations
    only: for libraries whose ``prod`` reduction lacks a dtype (cuPyNumeric 26.6: complex)."""
    nd = a.ndim
    axes = tuple(range(nd)) if axis is None else tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    for ax in axes:
        if not -nd <= ax < nd:
            raise np.exceptions.AxisError(ax, nd)
    axes = tuple(sorted({ax % nd for ax in axes}))
    kept = [d for d in range(nd) if d not in axes]
    w = xp.reshape(xp.transpose(a, (*kept, *axes)), (*(a.shape[d] for d in kept), math.prod(a.shape[d] for d in axes)))
    if w.shape[-1] == 0:
        out = xp.ones(w.shape[:-1], dtype=a.dtype)
    else:
        while w.shape[-1] > 1:
            half = w.shape[-1] // 2
            head = w[..., :half] * w[..., half : 2 * half]
            w = head if w.shape[-1] % 2 == 0 else xp.concatenate([head, w[..., 2 * half :]], axis=-1)
        out = w[..., 0]
    return xp.reshape(out, tuple(1 if d in axes else n for d, n in enumerate(a.shape))) if keepdims else out


def prod(xp: Any, a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
    dt = native(dtype, "prod")
    if xp is not np and (a.dtype if dt is None else dt).kind == "c":  # cuPyNumeric's prod has no complex kernel
        return prod_by_halving(xp, a if dt is None else a.astype(dt), axis, keepdims)
    return xp.prod(a, axis=axis, dtype=dt, keepdims=True) if keepdims else xp.prod(a, axis=axis, dtype=dt)


def max_(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    return xp.max(a, axis=axis, keepdims=True) if keepdims else xp.max(a, axis=axis)


def min_(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    return xp.min(a, axis=axis, keepdims=True) if keepdims else xp.min(a, axis=axis)


def argmax(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    if xp is not np and not (axis is None or isinstance(axis, numbers.Integral)):  # (cuPyNumeric: ValueError)
        raise TypeError(f"argmax: 'axis' must be None or an int, got {axis!r}")
    return xp.argmax(a, axis=axis, keepdims=keepdims)


def argmin(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    if xp is not np and not (axis is None or isinstance(axis, numbers.Integral)):
        raise TypeError(f"argmin: 'axis' must be None or an int, got {axis!r}")
    return xp.argmin(a, axis=axis, keepdims=keepdims)


def var(xp: Any, a: Any, axis: Any, ddof: int, keepdims: bool, correction: Any = None) -> Any:
    ddof = ddof if correction is None else correction  # the standard's name for ddof
    if xp is np:
        return xp.var(a, axis=axis, ddof=ddof, keepdims=keepdims)
    # cuPyNumeric 26.6's var of complex data is wrong (the mean of (x - m)**2, without the modulus): there it is
    # var(real) + var(imag) = mean(|x - m|**2), real as in NumPy.
    if ddof > 0:
        axes = range(a.ndim) if axis is None else np.atleast_1d(axis).tolist()
        count = math.prod(a.shape[int(ax)] for ax in axes)
        if count <= ddof:  # NumPy divides the squares' sum by max(count - ddof, 0): inf, or nan where it is 0
            squares = var(xp, a, axis, 0, keepdims) * count
            return xp.divide(squares, xp.zeros((), squares.dtype))
    if a.dtype.kind == "c":
        parts = (xp.var(part, axis=axis, ddof=ddof, keepdims=keepdims) for part in (a.real, a.imag))
        return sum(parts)
    if a.dtype.kind in "biu":  # cuPyNumeric 26.6 aborts on bool and int8 data; NumPy: float64
        a = a.astype(np.float64)
    return xp.var(a, axis=axis, ddof=ddof, keepdims=keepdims)


def std(xp: Any, a: Any, axis: Any, ddof: int, keepdims: bool, correction: Any = None) -> Any:
    ddof = ddof if correction is None else correction  # the standard's name for ddof
    if not hasattr(xp, "std"):  # cuPyNumeric 26.6 has var but no std
        return xp.sqrt(var(xp, a, axis, ddof, keepdims))
    return xp.std(a, axis=axis, ddof=ddof, keepdims=keepdims)


def all_(xp: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    if xp is not np and x.dtype.kind == "c":  # cuPyNumeric 26.6 aborts the process on some complex reductions
        x = x != 0
    return xp.all(x, axis=axis, keepdims=keepdims)


def any_(xp: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    if xp is not np and x.dtype.kind == "c":  # cuPyNumeric 26.6 aborts the process on some complex reductions
        x = x != 0
    return xp.any(x, axis=axis, keepdims=keepdims)


def allclose(xp: Any, a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> bool:
    return bool(xp.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def count_nonzero(xp: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    return xp.asarray(xp.count_nonzero(x, axis=axis, keepdims=keepdims), dtype=np.int64)


def norm(xp: Any, x: Any, ord_: Any, axis: Any, keepdims: bool) -> Any:
    return xp.linalg.norm(x, ord=ord_, axis=axis, keepdims=keepdims)


# --- cumulative ------------------------------------------------------------------------------------
def _cumulative(
    xp: Any, name: str, running: str, initial: int, x: Any, axis: int | None, dtype: Any, include_initial: bool
) -> Any:
    """The standard's ``cumulative_sum`` / ``cumulative_prod`` (``name``); composed from ``running`` (NumPy's
    cumsum / cumprod) where the library lacks it."""
    dt = native(dtype, name)
    fn = getattr(xp, name, None)
    if fn is not None:
        return fn(x, axis=axis, dtype=dt, include_initial=include_initial)
    if axis is None:
        if x.ndim > 1:
            raise ValueError(f"{name}: axis=None needs a 0-d or 1-D array, got {x.ndim}-D; pass axis")
        x, axis = xp.reshape(x, (-1,)), 0
    elif x.ndim == 0 and axis in (0, -1):  # NumPy: a 0-d array is one element along axis 0
        x, axis = xp.reshape(x, (1,)), 0
    if dt is None and x.dtype.kind in "bu" and x.dtype.itemsize < 8:  # NumPy's: as sum, int64 or uint64
        dt = np.dtype(np.uint64 if x.dtype.kind == "u" else np.int64)
    out = getattr(xp, running)(x, axis=axis, dtype=dt)
    if include_initial:
        shape = list(out.shape)
        shape[axis] = 1
        out = xp.concatenate([xp.full(shape, initial, dtype=out.dtype), out], axis=axis)
    return out


def cumulative_sum(xp: Any, x: Any, axis: int | None, dtype: Any, include_initial: bool) -> Any:
    return _cumulative(xp, "cumulative_sum", "cumsum", 0, x, axis, dtype, include_initial)


def cumulative_prod(xp: Any, x: Any, axis: int | None, dtype: Any, include_initial: bool) -> Any:
    return _cumulative(xp, "cumulative_prod", "cumprod", 1, x, axis, dtype, include_initial)


def _numpy_result(fn: str, dtype: Any) -> Any:
    """The dtype NumPy's function ``fn`` gives for ``dtype`` data (cuPyNumeric's cumsum keeps uint8)."""
    return getattr(np, fn)(np.zeros(1, dtype)).dtype


def cumsum(xp: Any, a: Any, axis: Any, dtype: Any) -> Any:
    a = xp.reshape(a, (1,)) if a.ndim == 0 else a  # NumPy cumulates a 0-d array as a 1-d one
    dt = native(dtype, "cumsum") or _numpy_result("cumsum", a.dtype)
    return xp.cumsum(a, axis=axis, dtype=dt)


def cumprod(xp: Any, a: Any, axis: Any, dtype: Any) -> Any:
    a = xp.reshape(a, (1,)) if a.ndim == 0 else a
    dt = native(dtype, "cumprod") or _numpy_result("cumprod", a.dtype)
    return xp.cumprod(a, axis=axis, dtype=dt)


def diff(xp: Any, x: Any, axis: int, n: int, prepend: Any, append: Any) -> Any:
    ends = {k: v for k, v in (("prepend", prepend), ("append", append)) if v is not None}
    return xp.diff(x, n=n, axis=axis, **ends)


# --- NaN-skipping reductions -----------------------------------------------------------------------
def nansum(xp: Any, a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
    dt = native(dtype, "nansum") or _numpy_result("nansum", a.dtype)
    return xp.nansum(a, axis=axis, dtype=dt, keepdims=keepdims)


def nanmean(xp: Any, a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
    return xp.nanmean(a, axis=axis, dtype=native(dtype, "nanmean"), keepdims=keepdims)


def nanmax(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    return xp.nanmax(a, axis=axis, keepdims=keepdims)


def nanmin(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    return xp.nanmin(a, axis=axis, keepdims=keepdims)


def _nan_arg_input(a: Any, axis: Any) -> tuple[Any, Any]:
    """``(a, axis)`` with a 0-d ``a`` as one element along axis 0, as NumPy's nanargmax takes it."""
    return (a.reshape(1), 0 if axis is not None else None) if a.ndim == 0 else (a, axis)


def nanargmax(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    if xp is not np:
        a, axis = _nan_arg_input(a, axis)
        if a.dtype.kind not in "fc" or a.size == 0:  # no NaN to skip: argmax (cuPyNumeric's nanargmax raises)
            return xp.argmax(a, axis=axis, keepdims=keepdims)
    return xp.nanargmax(a, axis=axis, keepdims=keepdims)


def nanargmin(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    if xp is not np:
        a, axis = _nan_arg_input(a, axis)
        if a.dtype.kind not in "fc" or a.size == 0:
            return xp.argmin(a, axis=axis, keepdims=keepdims)
    return xp.nanargmin(a, axis=axis, keepdims=keepdims)


def nanvar(xp: Any, a: Any, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> Any:
    """NumPy's nanvar from ``xp`` operations (cuPyNumeric 26.6 has none)."""
    if xp is np:
        return np.nanvar(a, axis=axis, dtype=native(dtype, "nanvar"), ddof=ddof, keepdims=keepdims)
    dt = native(dtype, "nanvar")
    a = a if dt is None else a.astype(dt)
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    mask = xp.isnan(a)
    n = xp.sum(~mask, axis=axis, keepdims=True).astype(a.real.dtype)
    mean_ = xp.nansum(a, axis=axis, keepdims=True) / n
    dev = xp.where(mask, 0, a - mean_)
    sq = dev.real**2 + dev.imag**2 if dev.dtype.kind == "c" else dev * dev
    out = xp.sum(sq, axis=axis, keepdims=True) / xp.maximum(n - ddof, 0)
    out = xp.where(n - ddof > 0, out, np.nan)
    if not keepdims:
        out = xp.squeeze(out, axis=axis) if axis is not None else xp.reshape(out, ())
    return out.astype(a.real.dtype, copy=False)


def nanstd(xp: Any, a: Any, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> Any:
    if xp is np:
        return np.nanstd(a, axis=axis, dtype=native(dtype, "nanstd"), ddof=ddof, keepdims=keepdims)
    return xp.sqrt(nanvar(xp, a, axis, dtype, ddof, keepdims))


# --- log-sum-exp and softmax (NumPy has neither) -------------------------------------------------------
def logsumexp(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # log(0) = -inf is the answer there
        if a.dtype.kind in "biu":
            a = a.astype(np.float64)
        if a.ndim == 0 and axis is not None:  # NumPy reduces a 0-d array over axis 0 as over None
            axis = None
        if a.size == 0:  # log(0) = -inf, SciPy's answer (max has no identity to shift by)
            m = xp.zeros((1,) * a.ndim, dtype=a.real.dtype if a.dtype.kind in "fc" else np.float64)
        else:
            m = xp.max(a.real if a.dtype.kind == "c" else a, axis=axis, keepdims=True)
            m = xp.where(xp.isfinite(m), m, 0)
        out = xp.log(xp.sum(xp.exp(a - m), axis=axis, keepdims=True)) + m
        out = out.astype(a.dtype if a.dtype.kind in "fc" else np.float64, copy=False)
        if keepdims:
            return out
        return xp.squeeze(out, axis=axis) if axis is not None else xp.reshape(out, ())


def softmax(xp: Any, x: Any, axis: Any) -> Any:
    if x.dtype.kind in "biu":
        x = x.astype(np.float64)
    e = xp.exp(x - xp.max(x, axis=axis, keepdims=True))
    return e / xp.sum(e, axis=axis, keepdims=True)


TABLE: tuple[Entry, ...] = (
    (ops.sum, Reduction(sum_)),
    (ops.mean, Reduction(mean)),
    (ops.prod, Reduction(prod)),
    (ops.max, Reduction(max_)),
    (ops.min, Reduction(min_)),
    (ops.argmax, argmax),
    (ops.argmin, argmin),
    (ops.var, Reduction(var)),
    (ops.std, Reduction(std)),
    (ops.all, Reduction(all_)),
    (ops.any, Reduction(any_)),
    (ops.allclose, allclose),
    (ops.count_nonzero, count_nonzero),
    (ops.norm, norm),
    (ops.cumulative_sum, cumulative_sum),
    (ops.cumulative_prod, cumulative_prod),
    (ops.cumsum, cumsum),
    (ops.cumprod, cumprod),
    (ops.diff, diff),
    (ops.nansum, nansum),
    (ops.nanmean, nanmean),
    (ops.nanmax, nanmax),
    (ops.nanmin, nanmin),
    (ops.nanargmax, nanargmax),
    (ops.nanargmin, nanargmin),
    (ops.nanvar, nanvar),
    (ops.nanstd, nanstd),
    (ops.logsumexp, logsumexp),
    (ops.softmax, softmax),
)

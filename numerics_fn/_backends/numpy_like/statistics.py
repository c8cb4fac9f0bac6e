"""Statistics, interpolation, polynomials and convolution, for NumPy and cuPyNumeric: functions taking the library
module ``xp`` first. What cuPyNumeric 26.6 lacks or computes otherwise (``interp``, ``polyfit``, ``corrcoef``,
full and valid ``convolve``, the median of NaN and inf...) is composed here from its operations, on its arrays."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from ... import _ops as ops
from .binding import Entry, LibraryOr, NumPyOr
from .linalg import lstsq

__all__ = ["TABLE", "convolve", "interp", "median_by_sort", "polyfit"]

_QUANTILE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _empty_median_shape(a: Any, axis: Any, keepdims: bool) -> tuple[int, ...]:
    """The shape of NumPy's median of an empty ``a`` (shapes only: no data)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return tuple(np.median(np.empty(a.shape), axis=axis, keepdims=keepdims).shape)


def _median_dtype(a: Any) -> Any:
    """NumPy's dtype of a median: ``a``'s inexact dtype, float64 for integers and bools."""
    return a.dtype if a.dtype.kind in "fc" else np.dtype(np.float64)


def median_by_sort(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    """NumPy's median from ``xp.sort``: the middle element or the mean of the two middle ones, NaN where a
    slice holds NaN."""
    nd = a.ndim
    for ax in () if axis is None else axis if isinstance(axis, tuple) else (axis,):
        if not -nd <= ax < nd:
            raise np.exceptions.AxisError(ax, nd)
    axes = tuple(range(nd)) if axis is None else tuple(ax % nd for ax in (axis if isinstance(axis, tuple) else (axis,)))
    kept = [d for d in range(nd) if d not in axes]
    work = xp.reshape(
        xp.transpose(a, (*kept, *axes)), (*(a.shape[d] for d in kept), math.prod(a.shape[d] for d in axes))
    )
    work = work.astype(_median_dtype(a), copy=False)
    nan = xp.any(xp.isnan(work), axis=-1)
    ordered = xp.sort(xp.where(xp.isnan(work), 0, work), axis=-1)  # (NaN slices are NaN anyway)
    n = work.shape[-1]
    k = n // 2
    out = ordered[..., k] if n % 2 else (ordered[..., k - 1] + ordered[..., k]) / 2
    out = xp.where(nan, np.nan, out).astype(work.dtype, copy=False)
    return xp.reshape(out, tuple(1 if d in axes else s for d, s in enumerate(a.shape))) if keepdims else out


def median(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
    if xp is np:
        return xp.median(a, axis=axis, keepdims=keepdims)
    if a.size == 0:  # cuPyNumeric 26.6 raises; NumPy: NaN of the reduced shape (its warning)
        return xp.full(_empty_median_shape(a, axis, keepdims), np.nan, dtype=_median_dtype(a))
    return median_by_sort(xp, a, axis, keepdims)  # cuPyNumeric 26.6's drops NaN (float16), gives NaN for ±inf


def _check_method(method: str, op: str) -> str:
    if method not in _QUANTILE_METHODS:
        raise ValueError(f"{op}: method={method!r} is not supported; use one of {', '.join(_QUANTILE_METHODS)}")
    return method


def _quantile_dtype(a: Any, q: Any, method: str) -> Any:
    """NumPy's result dtype (cuPyNumeric 26.6 gives float64 for float32 data)."""
    if method in ("lower", "higher", "nearest"):
        return a.dtype
    if a.dtype.kind == "b":
        raise TypeError("quantile: numpy boolean subtract, the `-` operator, is not supported (NumPy's error)")
    weak = isinstance(q, (int, float))
    return np.result_type(a.dtype if a.dtype.kind in "fc" else np.float64, q if weak else np.float64)


def quantile(xp: Any, a: Any, q: Any, axis: Any, method: str, keepdims: bool) -> Any:
    out = xp.quantile(a, q, axis=axis, method=_check_method(method, "quantile"), keepdims=keepdims)
    return out if xp is np else out.astype(_quantile_dtype(a, q, method), copy=False)


def percentile(xp: Any, a: Any, q: Any, axis: Any, method: str, keepdims: bool) -> Any:
    out = xp.percentile(a, q, axis=axis, method=_check_method(method, "percentile"), keepdims=keepdims)
    return out if xp is np else out.astype(_quantile_dtype(a, q, method), copy=False)


def histogram(xp: Any, a: Any, bins: Any, range_: Any, density: bool, weights: Any) -> Any:
    if xp is not np:  # cuPyNumeric takes weights of its own type and a's shape only
        a = xp.reshape(a, (-1,))
        weights = None if weights is None else xp.reshape(xp.asarray(weights), (-1,))
        bins = bins if isinstance(bins, (int, np.integer)) else xp.asarray(bins)
        if range_ is None and isinstance(bins, (int, np.integer)) and a.size:
            lo, hi = float(xp.min(a)), float(xp.max(a))
            if not (math.isfinite(lo) and math.isfinite(hi)):
                raise ValueError(f"histogram: autodetected range of [{lo}, {hi}] is not finite")
    return tuple(xp.histogram(a, bins=bins, range=range_, density=density, weights=weights))


def cov(xp: Any, m: Any, y: Any, rowvar: bool, bias: bool, ddof: Any) -> Any:
    return xp.cov(m, y, rowvar=rowvar, bias=bias, ddof=ddof)


def corrcoef(xp: Any, x: Any, y: Any, rowvar: bool) -> Any:
    c = xp.cov(x, y, rowvar)
    if c.ndim == 0:
        return c / c
    d = xp.diagonal(c)
    stddev = xp.sqrt(d.real)
    c = c / stddev[:, None]
    c = c / stddev[None, :]
    if c.dtype.kind == "c":
        return xp.clip(c.real, -1, 1) + 1j * xp.clip(c.imag, -1, 1)
    return xp.clip(c, -1, 1)


def interp(xp: Any, x: Any, xp_: Any, fp: Any, left: Any, right: Any, period: Any) -> Any:
    kind = "c" if fp.dtype.kind == "c" else "f"
    out_dtype = np.dtype(np.complex128 if kind == "c" else np.float64)
    x = x.astype(np.float64)
    xs = xp_.astype(np.float64)
    fs = fp.astype(out_dtype)
    if period is not None:
        if period == 0:
            raise ValueError("interp: period must be a non-zero value")
        period = abs(period)
        left = right = None
        x = x % period
        xs = xs % period
        order = xp.argsort(xs)
        xs, fs = xs[order], fs[order]
        xs = xp.concatenate([xs[-1:] - period, xs, xs[:1] + period])
        fs = xp.concatenate([fs[-1:], fs, fs[:1]])
    n = xs.shape[0]
    if n == 0:
        raise ValueError("interp: array of sample points is empty")
    if n == 1:
        out = xp.broadcast_to(fs[0], x.shape) * xp.ones(x.shape, dtype=out_dtype)
    else:
        hi = xp.clip(xp.searchsorted(xs, x, side="right"), 1, n - 1)
        x0, x1, f0, f1 = xs[hi - 1], xs[hi], fs[hi - 1], fs[hi]
        slope = (f1 - f0) / (x1 - x0)
        out = xp.where(x == x1, f1, f0 + slope * (x - x0))
    out = xp.where(x < xs[0], fs[0] if left is None else left, out)
    return xp.where(x > xs[-1], fs[-1] if right is None else right, out).astype(out_dtype)


def polyfit(xp: Any, x: Any, y: Any, deg: int) -> Any:
    deg = int(deg)
    if deg < 0:
        raise ValueError(f"polyfit: expected deg >= 0, got {deg}")
    x = x.astype(np.result_type(x.dtype, np.float64))
    y = y.astype(np.result_type(y.dtype, np.float64))
    powers = xp.arange(deg, -1, -1)
    lhs = x[:, None] ** powers[None, :]
    scale = xp.sqrt(xp.sum(xp.abs(lhs) ** 2, axis=0))  # NumPy's: the moduli for complex x
    c = lstsq(xp, lhs / scale, y, x.shape[0] * np.finfo(x.dtype).eps)[0]
    return c / (scale if c.ndim == 1 else scale[:, None])


def polyval(xp: Any, p: Any, x: Any) -> Any:
    y = xp.zeros_like(x)
    for i in range(p.shape[0]):
        y = y * x + p[i]
    return y


def convolve(xp: Any, a: Any, v: Any, mode: str) -> Any:
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"convolve: mode={mode!r} is not supported; use 'full', 'same' or 'valid'")
    if a.shape[0] == 0 or v.shape[0] == 0:
        raise ValueError("convolve: inputs cannot be empty")
    if v.shape[0] > a.shape[0]:
        a, v = v, a
    n, m = a.shape[0], v.shape[0]
    dt = np.result_type(a.dtype, v.dtype)
    padded = xp.concatenate([xp.zeros(m - 1, dtype=dt), a.astype(dt), xp.zeros(m - 1, dtype=dt)])
    full = xp.zeros(n + m - 1, dtype=dt)
    for j in range(m):  # full[k] = sum_j v[j] a[k - j]: one shifted product per element of the shorter input
        full = full + v[j] * padded[m - 1 - j : m - 1 - j + n + m - 1]
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start : start + n]
    return full[m - 1 : n]


def correlate(xp: Any, a: Any, v: Any, mode: str) -> Any:
    return convolve(xp, a, xp.flip(xp.conj(v)), mode)


TABLE: tuple[Entry, ...] = (
    (ops.median, median),
    (ops.quantile, quantile),
    (ops.percentile, percentile),
    (ops.histogram, histogram),
    (ops.cov, cov),
    (ops.corrcoef, LibraryOr("corrcoef", corrcoef)),
    (ops.interp, NumPyOr("interp", interp)),
    (ops.polyfit, NumPyOr("polyfit", polyfit)),
    (ops.polyval, LibraryOr("polyval", polyval)),
    (ops.convolve, NumPyOr("convolve", convolve)),
    (ops.correlate, NumPyOr("correlate", correlate)),
)

"""NumPy's scientific functions beyond the standard's, for NumPy and cuPyNumeric: `register_scientific`
takes the module ``xp``, like `_numpy_like.register`.

Where ``xp`` has NumPy's function with NumPy's meaning it is registered as it is (the table in
`register_scientific`); the functions below compose the rest from ``xp`` operations, on ``xp``'s
arrays (nothing goes through the host): what cuPyNumeric 26.6 lacks (``nanstd``, ``interp``,
``polyfit``, ``corrcoef``, ``unique``'s options, full and valid ``convolve``, ``permutation``…), and
what NumPy itself lacks (``logsumexp``, ``softmax``, ``sigmoid``, ``one_hot``, ``top_k``, ``logm``, ``sqrtm``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ... import _ops as ops
from ..._context import Context
from ..._dispatch import TAGS, implements, implements_on
from ..._dtypes import dtype_name
from ..._inputs import taking_host_arrays
from ..._ops import argsort as _nf_argsort
from ..._ops import floor_divide as _nf_floor_divide
from ..._ops import remainder as _nf_remainder

__all__ = ["register_scientific", "register_scientific_random"]

_QUANTILE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _dtype(dtype: Any, op: str) -> Any:
    return None if dtype is None else np.dtype(dtype_name(dtype, op))


def _numpy_result(fn: str, dtype: Any) -> Any:
    """The dtype NumPy's function ``fn`` gives for ``dtype`` data (cuPyNumeric's cumsum keeps uint8)."""
    return getattr(np, fn)(np.zeros(1, dtype)).dtype


def svd(xp: Any, a: Any) -> tuple[Any, Any, Any]:
    """The reduced SVD of a matrix also where ``xp`` takes only tall ones (cuPyNumeric 26.6): a wide matrix's
    from its conjugate transpose's."""
    if a.shape[-2] >= a.shape[-1]:
        u, s, vh = xp.linalg.svd(a, full_matrices=False)
        return u, s, vh
    u, s, vh = xp.linalg.svd(xp.conj(a).T, full_matrices=False)
    return xp.conj(vh).T, s, xp.conj(u).T


def empty_median_shape(a: Any, axis: Any, keepdims: bool) -> tuple[int, ...]:
    """The shape of NumPy's median of an empty ``a`` (shapes only: no data)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return tuple(np.median(np.empty(a.shape), axis=axis, keepdims=keepdims).shape)


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
    work = work.astype(median_dtype(a), copy=False)
    nan = xp.any(xp.isnan(work), axis=-1)
    ordered = xp.sort(xp.where(xp.isnan(work), 0, work), axis=-1)  # (NaN slices are NaN anyway)
    n = work.shape[-1]
    k = n // 2
    out = ordered[..., k] if n % 2 else (ordered[..., k - 1] + ordered[..., k]) / 2
    out = xp.where(nan, np.nan, out).astype(work.dtype, copy=False)
    return xp.reshape(out, tuple(1 if d in axes else s for d, s in enumerate(a.shape))) if keepdims else out


def median_dtype(a: Any) -> Any:
    """NumPy's dtype of a median: ``a``'s inexact dtype, float64 for integers and bools."""
    return a.dtype if a.dtype.kind in "fc" else np.dtype(np.float64)


def nan_arg_input(a: Any, axis: Any) -> tuple[Any, Any]:
    """``(a, axis)`` with a 0-d ``a`` as one element along axis 0, as NumPy's nanargmax takes it."""
    return (a.reshape(1), 0 if axis is not None else None) if a.ndim == 0 else (a, axis)


def _types(array: type | tuple[type, ...]) -> tuple[type, ...]:
    return array if isinstance(array, tuple) else (array,)


def _quiet(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` without NumPy's floating-point warnings (log(0) = -inf is the answer there, not an accident)."""

    def quiet(*args: Any) -> Any:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return fn(*args)

    return quiet


# --- statistics -------------------------------------------------------------------------------
def nanvar(xp: Any, a: Any, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> Any:
    dt = _dtype(dtype, "nanvar")
    a = a if dt is None else a.astype(dt)
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    mask = xp.isnan(a)
    n = xp.sum(~mask, axis=axis, keepdims=True).astype(a.real.dtype)
    mean = xp.nansum(a, axis=axis, keepdims=True) / n
    dev = xp.where(mask, 0, a - mean)
    sq = dev.real**2 + dev.imag**2 if dev.dtype.kind == "c" else dev * dev
    out = xp.sum(sq, axis=axis, keepdims=True) / xp.maximum(n - ddof, 0)
    out = xp.where(n - ddof > 0, out, np.nan)
    if not keepdims:
        out = xp.squeeze(out, axis=axis) if axis is not None else xp.reshape(out, ())
    return out.astype(a.real.dtype, copy=False)


def nanstd(xp: Any, a: Any, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> Any:
    return xp.sqrt(nanvar(xp, a, axis, dtype, ddof, keepdims))


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


# --- index and set functions -----------------------------------------------------------------
def lexsort_order(xp: Any, keys: Any) -> Any:
    """Indices that sort by ``keys`` (the last primary), by stable argsorts from the least significant key."""
    order = xp.argsort(keys[0], kind="stable")
    for key in keys[1:]:
        order = order[xp.argsort(key[order], kind="stable")]
    return order


def unique(
    xp: Any, ar: Any, return_index: bool, return_inverse: bool, return_counts: bool, axis: Any, equal_nan: bool
) -> Any:
    if axis is None:
        flat = xp.reshape(ar, (-1,))
        if flat.dtype.kind == "f":  # NaN last, as NumPy sorts (cuPyNumeric 26.6's argsort leaves NaN unordered)
            nan = xp.isnan(flat)
            order = lexsort_order(xp, [xp.where(nan, 0, flat), nan])
        else:
            order = xp.argsort(flat, kind="stable")
        ordered = flat[order]
        new = ordered[1:] != ordered[:-1]
        if equal_nan and ordered.dtype.kind in "fc":
            new = new & ~(xp.isnan(ordered[1:]) & xp.isnan(ordered[:-1]))
    else:
        moved = xp.moveaxis(ar, axis, 0)
        rows = xp.reshape(moved, (moved.shape[0], -1))
        order = lexsort_order(xp, [rows[:, j] for j in reversed(range(rows.shape[1]))])
        ordered = rows[order]
        new = xp.any(ordered[1:] != ordered[:-1], axis=1)
    first = xp.concatenate([xp.ones(min(1, ordered.shape[0]), dtype=bool), new])
    values = ordered[first] if axis is None else xp.moveaxis(
        xp.reshape(ordered[first], (-1, *moved.shape[1:])), 0, axis
    )  # fmt: skip
    out = [values]
    if return_index:
        out.append(order[first].astype(np.int64))
    if return_inverse:
        inverse = xp.zeros(order.shape, dtype=np.int64)
        inverse[order] = xp.cumsum(first.astype(np.int64)) - 1
        out.append(xp.reshape(inverse, ar.shape) if axis is None else inverse)
    if return_counts:
        starts = xp.flatnonzero(first)
        out.append(xp.diff(xp.concatenate([starts, xp.asarray([first.shape[0]])])).astype(np.int64))
    return out[0] if len(out) == 1 else tuple(out)


def one_hot(xp: Any, x: Any, num_classes: int, dtype: Any) -> Any:
    if x.dtype.kind not in "iu":
        raise TypeError(f"one_hot: argument 'x' must hold integer labels, got {x.dtype} data; cast it with nf.astype")
    if x.size and (bool(xp.any(x < 0)) or bool(xp.any(x >= num_classes))):
        raise IndexError(f"one_hot: a label lies outside [0, {num_classes}) (num_classes={num_classes})")
    dt = np.dtype(np.int64) if dtype is None else _dtype(dtype, "one_hot")
    return (x[..., None] == xp.arange(num_classes)).astype(dt)


def top_k(xp: Any, x: Any, k: int, axis: int, largest: bool) -> Any:
    order = _nf_argsort(x, axis=axis, descending=largest, stable=True)
    index = xp.moveaxis(xp.moveaxis(order, axis, -1)[..., :k], -1, axis)
    return xp.take_along_axis(x, index, axis=axis), index


def permutation_of(xp: Any, rng: Any, x: Any) -> Any:
    n = int(x) if isinstance(x, (int, np.integer)) else x.shape[0]
    order = xp.argsort(rng.random(n))
    return order if isinstance(x, (int, np.integer)) else x[order]


# --- mathematics ------------------------------------------------------------------------------
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


def lstsq(xp: Any, a: Any, b: Any, rcond: Any) -> Any:
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    m, n = a.shape[-2], a.shape[-1]
    vector = b.ndim == 1
    bb = b[:, None] if vector else b
    dt = np.result_type(a.dtype, bb.dtype)
    a, bb = a.astype(dt, copy=False), bb.astype(dt, copy=False)
    u, s, vh = svd(xp, a)
    if rcond is None:
        rcond = np.finfo(s.dtype).eps * max(m, n)
    cutoff = rcond * (xp.max(s) if s.size else 0)
    keep = s > cutoff
    rank = int(xp.sum(keep))
    s_inv = xp.where(keep, 1 / xp.where(keep, s, 1), 0).astype(s.dtype)
    x = xp.conj(vh).T @ (s_inv[:, None] * (xp.conj(u).T @ bb))
    if rank == n and m > n:
        r = bb - a @ x
        residuals = xp.sum((r.real**2 + r.imag**2) if r.dtype.kind == "c" else r * r, axis=0)
    else:
        residuals = xp.zeros((0,), dtype=s.dtype)
    return (x[:, 0] if vector else x), residuals, rank, s


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


def logsumexp(xp: Any, a: Any, axis: Any, keepdims: bool) -> Any:
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


def sigmoid(xp: Any, x: Any) -> Any:
    if x.dtype.kind in "biu":
        x = x.astype(np.float64)
    e = xp.exp(-xp.abs(x))  # never overflows
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


def matrix_function(xp: Any, a: Any, f: Callable[[Any], Any], op: str) -> Any:
    """``f`` of square ``a`` through its eigendecomposition: real where ``a`` is real and no eigenvalue
    is a negative real (``f``'s principal branch is then real on the spectrum's conjugate pairs)."""
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{op}: argument 'a' must be a square matrix, got shape {tuple(a.shape)}")
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    w, v = xp.linalg.eig(a)
    w = w.astype(np.result_type(w.dtype, np.complex64))
    v = v.astype(w.dtype)
    out = xp.linalg.solve(xp.swapaxes(v, -1, -2), xp.swapaxes(v * f(w)[..., None, :], -1, -2))
    out = xp.swapaxes(out, -1, -2)
    if a.dtype.kind != "c" and not bool(xp.any((w.imag == 0) & (w.real < 0))):
        return out.real.astype(a.dtype)
    return out


def fill_diagonal(xp: Any, a: Any, val: Any, wrap: bool) -> Any:
    out = xp.array(a, copy=True)
    xp.fill_diagonal(out, val, wrap)
    return out


def put_along_axis(xp: Any, arr: Any, indices: Any, values: Any, axis: Any) -> Any:
    out = xp.array(arr, copy=True)
    indices = xp.asarray(indices)
    values = values if isinstance(values, (int, float, complex)) else xp.asarray(values)
    if axis is None:
        flat = xp.reshape(out, (-1,))
        xp.put_along_axis(flat, xp.reshape(indices, (-1,)), values, 0)
        return xp.reshape(flat, arr.shape)
    xp.put_along_axis(out, indices, values, axis)
    return out


def register_scientific(xp: Any, array: type | tuple[type, ...], backend: str) -> None:  # noqa: C901, PLR0915
    """Register NumPy's (and SciPy's) functions beyond the standard's (issue 16: ``ravel``, ``nanmean``,
    ``interp``, ``unique``, ``lstsq``, ``logspace``, ...) for ``xp``'s ``array`` types."""
    is_numpy = xp is np

    def on(op: Any) -> Any:
        return implements_on(op, array, backend)

    def own(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
        """``xp``'s function of NumPy's ``name``, or ``fallback`` (which takes ``xp`` first) where it lacks one."""
        found = getattr(xp, name, None)
        return found if found is not None else (lambda *args: fallback(xp, *args))

    def with_xp(fn: Callable[..., Any]) -> Callable[..., Any]:
        return lambda *args: fn(xp, *args)

    # NumPy's own functions where xp has them with NumPy's meaning, one line each
    on(ops.ravel)(xp.ravel)
    on(ops.swapaxes)(xp.swapaxes)
    on(ops.vstack)(xp.vstack)
    on(ops.hstack)(xp.hstack)
    on(ops.dstack)(xp.dstack)
    on(ops.column_stack)(xp.column_stack)
    on(ops.atleast_1d)(xp.atleast_1d)
    on(ops.atleast_2d)(xp.atleast_2d)
    on(ops.atleast_3d)(xp.atleast_3d)
    on(ops.split)(xp.split)
    on(ops.array_split)(xp.array_split)
    on(ops.append)(xp.append)

    @on(ops.median)
    def xp_median(a: Any, axis: Any, keepdims: bool) -> Any:
        if not is_numpy and a.size == 0:  # cuPyNumeric 26.6 raises; NumPy: NaN of the reduced shape (its warning)
            return xp.full(empty_median_shape(a, axis, keepdims), np.nan, dtype=median_dtype(a))
        if is_numpy:
            return xp.median(a, axis=axis, keepdims=keepdims)
        return median_by_sort(xp, a, axis, keepdims)  # cuPyNumeric 26.6's drops NaN (float16), gives NaN for ±inf

    @on(ops.angle)
    def xp_angle(z: Any, deg: bool) -> Any:
        out = xp.angle(z, deg)
        return out if is_numpy else out.astype(np.angle(np.zeros(1, z.dtype)).dtype, copy=False)

    @on(ops.inner)
    def xp_inner(a: Any, b: Any) -> Any:
        if not is_numpy and a.dtype.kind == "b" and b.dtype.kind == "b":  # cuPyNumeric 26.6: no bool kernel
            return xp.inner(a.astype(np.float64), b.astype(np.float64)) != 0
        return xp.inner(a, b)

    on(ops.vdot)(xp.vdot)
    on(ops.relu)(lambda x: xp.maximum(x, xp.zeros((), dtype=x.dtype)))
    on(ops.argwhere)(xp.argwhere)
    on(ops.flatnonzero)(xp.flatnonzero)
    on(ops.lexsort)(xp.lexsort)
    on(ops.argpartition)(xp.argpartition)

    # NumPy's functions that xp may lack, composed from xp where it does

    @on(ops.nanvar)
    def xp_nanvar(a: Any, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> Any:
        if is_numpy:
            return np.nanvar(a, axis=axis, dtype=_dtype(dtype, "nanvar"), ddof=ddof, keepdims=keepdims)
        return nanvar(xp, a, axis, dtype, ddof, keepdims)

    @on(ops.nanstd)
    def xp_nanstd(a: Any, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> Any:
        if is_numpy:
            return np.nanstd(a, axis=axis, dtype=_dtype(dtype, "nanstd"), ddof=ddof, keepdims=keepdims)
        return nanstd(xp, a, axis, dtype, ddof, keepdims)

    on(ops.corrcoef)(own("corrcoef", corrcoef))
    on(ops.interp)(own("interp", interp) if is_numpy else with_xp(interp))
    on(ops.polyval)(own("polyval", polyval))
    on(ops.divmod)(own("divmod", lambda xp_, a, b: (_nf_floor_divide(a, b), _nf_remainder(a, b))))
    on(ops.lstsq)(with_xp(lstsq))
    on(ops.logsumexp)(_quiet(with_xp(logsumexp)))
    on(ops.softmax)(with_xp(softmax))
    on(ops.sigmoid)(with_xp(sigmoid))
    on(ops.one_hot)(with_xp(one_hot))
    on(ops.top_k)(with_xp(top_k))
    on(ops.fill_diagonal)(with_xp(fill_diagonal))
    on(ops.put_along_axis)(with_xp(put_along_axis))

    @on(ops.polyfit)
    def xp_polyfit(x: Any, y: Any, deg: int) -> Any:
        return xp.polyfit(x, y, deg) if is_numpy else polyfit(xp, x, y, deg)

    @on(ops.convolve)
    def xp_convolve(a: Any, v: Any, mode: str) -> Any:
        return xp.convolve(a, v, mode) if is_numpy else convolve(xp, a, v, mode)

    @on(ops.correlate)
    def xp_correlate(a: Any, v: Any, mode: str) -> Any:
        return xp.correlate(a, v, mode) if is_numpy else correlate(xp, a, v, mode)

    @on(ops.pad)
    def xp_pad(array_: Any, pad_width: Any, mode: str, constant_values: Any) -> Any:
        if mode == "constant":
            return xp.pad(array_, pad_width, mode, constant_values=constant_values)
        return xp.pad(array_, pad_width, mode)

    @on(ops.ascontiguousarray)
    def xp_ascontiguousarray(a: Any, dtype: Any) -> Any:
        if is_numpy:
            return np.ascontiguousarray(a, dtype=_dtype(dtype, "ascontiguousarray"))
        out = xp.asarray(a, dtype=_dtype(dtype, "ascontiguousarray"))
        return xp.reshape(out, (1,)) if out.ndim == 0 else out

    @on(ops.cumsum)
    def xp_cumsum(a: Any, axis: Any, dtype: Any) -> Any:
        a = xp.reshape(a, (1,)) if a.ndim == 0 else a  # NumPy cumulates a 0-d array as a 1-d one
        dt = _dtype(dtype, "cumsum") or _numpy_result("cumsum", a.dtype)
        return xp.cumsum(a, axis=axis, dtype=dt)

    @on(ops.cumprod)
    def xp_cumprod(a: Any, axis: Any, dtype: Any) -> Any:
        a = xp.reshape(a, (1,)) if a.ndim == 0 else a
        dt = _dtype(dtype, "cumprod") or _numpy_result("cumprod", a.dtype)
        return xp.cumprod(a, axis=axis, dtype=dt)

    @on(ops.nansum)
    def xp_nansum(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        dt = _dtype(dtype, "nansum") or _numpy_result("nansum", a.dtype)
        return xp.nansum(a, axis=axis, dtype=dt, keepdims=keepdims)

    @on(ops.nanmean)
    def xp_nanmean(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        return xp.nanmean(a, axis=axis, dtype=_dtype(dtype, "nanmean"), keepdims=keepdims)

    @on(ops.nanmax)
    def xp_nanmax(a: Any, axis: Any, keepdims: bool) -> Any:
        return xp.nanmax(a, axis=axis, keepdims=keepdims)

    @on(ops.nanmin)
    def xp_nanmin(a: Any, axis: Any, keepdims: bool) -> Any:
        return xp.nanmin(a, axis=axis, keepdims=keepdims)

    @on(ops.nanargmax)
    def xp_nanargmax(a: Any, axis: Any, keepdims: bool) -> Any:
        if not is_numpy:
            a, axis = nan_arg_input(a, axis)
            if a.dtype.kind not in "fc" or a.size == 0:  # no NaN to skip: argmax (cuPyNumeric's nanargmax raises)
                return xp.argmax(a, axis=axis, keepdims=keepdims)
        return xp.nanargmax(a, axis=axis, keepdims=keepdims)

    @on(ops.nanargmin)
    def xp_nanargmin(a: Any, axis: Any, keepdims: bool) -> Any:
        if not is_numpy:
            a, axis = nan_arg_input(a, axis)
            if a.dtype.kind not in "fc" or a.size == 0:
                return xp.argmin(a, axis=axis, keepdims=keepdims)
        return xp.nanargmin(a, axis=axis, keepdims=keepdims)

    @on(ops.nan_to_num)
    def xp_nan_to_num(x: Any, copy: bool, nan: float, posinf: Any, neginf: Any) -> Any:
        return xp.nan_to_num(x, copy=True, nan=nan, posinf=posinf, neginf=neginf)

    def check_method(method: str, op: str) -> str:
        if method not in _QUANTILE_METHODS:
            raise ValueError(f"{op}: method={method!r} is not supported; use one of {', '.join(_QUANTILE_METHODS)}")
        return method

    def quantile_dtype(a: Any, q: Any, method: str) -> Any:
        """NumPy's result dtype (cuPyNumeric 26.6 gives float64 for float32 data)."""
        if method in ("lower", "higher", "nearest"):
            return a.dtype
        if a.dtype.kind == "b":
            raise TypeError("quantile: numpy boolean subtract, the `-` operator, is not supported (NumPy's error)")
        weak = isinstance(q, (int, float))
        return np.result_type(a.dtype if a.dtype.kind in "fc" else np.float64, q if weak else np.float64)

    @on(ops.quantile)
    def xp_quantile(a: Any, q: Any, axis: Any, method: str, keepdims: bool) -> Any:
        out = xp.quantile(a, q, axis=axis, method=check_method(method, "quantile"), keepdims=keepdims)
        return out if is_numpy else out.astype(quantile_dtype(a, q, method), copy=False)

    @on(ops.percentile)
    def xp_percentile(a: Any, q: Any, axis: Any, method: str, keepdims: bool) -> Any:
        out = xp.percentile(a, q, axis=axis, method=check_method(method, "percentile"), keepdims=keepdims)
        return out if is_numpy else out.astype(quantile_dtype(a, q, method), copy=False)

    @on(ops.histogram)
    def xp_histogram(a: Any, bins: Any, range_: Any, density: bool, weights: Any) -> Any:
        if not is_numpy:  # cuPyNumeric takes weights of its own type and a's shape only
            a = xp.reshape(a, (-1,))
            weights = None if weights is None else xp.reshape(xp.asarray(weights), (-1,))
            bins = bins if isinstance(bins, (int, np.integer)) else xp.asarray(bins)
            if range_ is None and isinstance(bins, (int, np.integer)) and a.size:
                lo, hi = float(xp.min(a)), float(xp.max(a))
                if not (math.isfinite(lo) and math.isfinite(hi)):
                    raise ValueError(f"histogram: autodetected range of [{lo}, {hi}] is not finite")
        return tuple(xp.histogram(a, bins=bins, range=range_, density=density, weights=weights))

    @on(ops.cov)
    def xp_cov(m: Any, y: Any, rowvar: bool, bias: bool, ddof: Any) -> Any:
        return xp.cov(m, y, rowvar=rowvar, bias=bias, ddof=ddof)

    @on(ops.unique)
    def xp_unique(ar: Any, ri: bool, rinv: bool, rc: bool, axis: Any, equal_nan: bool) -> Any:
        if not is_numpy and ar.ndim == 0:  # cuPyNumeric 26.6 aborts on a 0-d array
            ar = xp.reshape(ar, (1,))
            out = xp_unique(ar, ri, rinv, rc, axis, equal_nan)
            return out if not rinv else (*out[: 1 + ri], xp.reshape(out[1 + ri], ()), *out[2 + ri :])
        if not is_numpy and ar.size == 0 and axis is None:  # cuPyNumeric 26.6 aborts on empty input
            none = xp.zeros((0,), dtype=np.int64)
            extra = [none] * ri + [xp.zeros(ar.shape, dtype=np.int64)] * rinv + [none] * rc
            return (xp.reshape(ar, (0,)), *extra) if extra else xp.reshape(ar, (0,))
        if is_numpy:
            unique_: Any = np.unique  # (its overloads want literal flags)
            return unique_(ar, ri, rinv, rc, axis, equal_nan=equal_nan)
        if not (ri or rinv or rc) and axis is None and not (equal_nan and ar.dtype.kind in "fc"):
            return xp.unique(ar)
        return unique(xp, ar, ri, rinv, rc, axis, equal_nan)

    @on(ops.array_equal)
    def xp_array_equal(a1: Any, a2: Any, equal_nan: bool) -> bool:
        if is_numpy or not equal_nan:
            return bool(xp.array_equal(a1, a2, equal_nan=equal_nan))
        if a1.shape != a2.shape:  # cuPyNumeric 26.6 has no equal_nan
            return False
        same = a1 == a2
        if a1.dtype.kind in "fc" and a2.dtype.kind in "fc":
            same = same | (xp.isnan(a1) & xp.isnan(a2))
        return bool(xp.all(same))

    @on(ops.unravel_index)
    def xp_unravel_index(indices_: Any, shape_: Any, order: str) -> Any:
        return tuple(xp.unravel_index(indices_, shape_, order=order))

    @on(ops.ravel_multi_index)
    def xp_ravel_multi_index(arrays_: Any, dims: Any, mode: str, order: str) -> Any:
        return xp.ravel_multi_index(tuple(arrays_), dims, mode=mode, order=order)

    @on(ops.cond)
    def xp_cond(x: Any, p: Any) -> Any:
        if is_numpy:
            return np.linalg.cond(x, p)
        if x.ndim > 2:  # cuPyNumeric 26.6 takes no stacks of matrices: one at a time
            flat = xp.reshape(x, (-1, *x.shape[-2:]))
            return xp.reshape(xp.stack([xp_cond(m, p) for m in flat]), x.shape[:-2])
        if p is None or p in (2, -2):
            s = svd(xp, x)[1]
            return s[..., -1] / s[..., 0] if p == -2 else s[..., 0] / s[..., -1]
        return xp.linalg.norm(x, p, axis=(-2, -1)) * xp.linalg.norm(xp.linalg.inv(x), p, axis=(-2, -1))

    @on(ops.logm)
    def xp_logm(a: Any) -> Any:
        return _quiet(matrix_function)(xp, a, xp.log, "logm")

    @on(ops.sqrtm)
    def xp_sqrtm(a: Any) -> Any:
        return matrix_function(xp, a, xp.sqrt, "sqrtm")

    # --- creation on the Context's backend ---------------------------------------------------
    for entry in (ops.asarray, ops.array):  # pandas, h5py, memoryview, array.array, range
        before = entry.__op__.dispatcher.dispatch(TAGS[backend])
        implements(entry, backend)(taking_host_arrays(before, (np.ndarray, np.generic, *_types(array)), dlpack=True))

    def precision(dtype: Any, ctx: Context, op: str) -> Any:
        return np.dtype(ctx.precision) if dtype is None else _dtype(dtype, op)

    @implements(ops.logspace, backend)
    def xp_logspace(start: Any, stop: Any, num: int, endpoint: bool, base: float, dtype: Any, ctx: Context) -> Any:
        return xp.logspace(start, stop, num, endpoint=endpoint, base=base).astype(precision(dtype, ctx, "logspace"))

    @implements(ops.identity, backend)
    def xp_identity(n: int, dtype: Any, ctx: Context) -> Any:
        return xp.identity(n, dtype=precision(dtype, ctx, "identity"))

    @implements(ops.indices, backend)
    def xp_indices(dimensions: Any, dtype: Any, ctx: Context) -> Any:
        return xp.indices(tuple(dimensions), dtype=np.dtype(np.int64) if dtype is None else _dtype(dtype, "indices"))

    @implements(ops.triu_indices, backend)
    def xp_triu_indices(n: int, k: int, m: Any, ctx: Context) -> Any:
        return tuple(i.astype(np.int64) for i in xp.triu_indices(n, k, m))

    @implements(ops.tril_indices, backend)
    def xp_tril_indices(n: int, k: int, m: Any, ctx: Context) -> Any:
        return tuple(i.astype(np.int64) for i in xp.tril_indices(n, k, m))


def register_scientific_random(xp: Any, generator: type) -> None:
    """Register `integers`, `permutation` and `shuffle` for a NumPy-API ``generator`` type."""

    @implements(ops.integers, generator)
    def xp_integers(rng: Any, low: Any, high: Any, size: Any, dtype: Any, endpoint: bool) -> Any:
        dt = np.dtype(np.int64) if dtype is None else _dtype(dtype, "integers")
        if high is None:
            low, high = 0, low
        if endpoint:
            high = high + 1
        if xp is np:
            return rng.integers(low, high, size, dtype=dt)
        return rng.integers(low, high, size).astype(dt)

    @implements(ops.permutation, generator)
    def xp_permutation(rng: Any, x: Any) -> Any:
        return rng.permutation(x) if hasattr(rng, "permutation") else permutation_of(xp, rng, x)

    @implements(ops.shuffle, generator)
    def xp_shuffle(rng: Any, x: Any, axis: int) -> Any:
        moved = xp.moveaxis(x, axis, 0)
        return xp.moveaxis(moved[permutation_of(xp, rng, moved.shape[0])], 0, axis)

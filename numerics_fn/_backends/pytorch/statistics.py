"""NumPy's statistics beyond the standard's reductions: ``cumsum``/``cumprod``, the nan-reductions,
quantiles and ``median``, ``histogram``/``bincount``, ``cov``/``corrcoef``, ``logsumexp`` and ``softmax``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._dispatch import implements_on
from .conversion import _on
from .dtypes import _WIDE_UINTS, _common_dtype, _inexact, _opt_dtype, numpy_dtype, torch_dtype
from .semantics import _SIGN_BIT, NAME, T, _int64_if_wide, _ordered_int64, _sorted, on

__all__: list[str] = []


@implements_on(ops.bincount, T, NAME)
def torch_bincount(x: torch.Tensor, weights: Any, minlength: int) -> torch.Tensor:
    if weights is not None:  # NumPy sums weights in float64
        weights = _on(weights, x.device).to(torch.float64)
    if x.dtype is torch.bool or x.dtype in _WIDE_UINTS:  # no torch kernel: the counts of the same values in int64
        x = x.to(torch.int64)
    return torch.bincount(x, weights, minlength)


_QUANTILE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


@functools.cache
def _numpy_result(fn: str, dtype: torch.dtype) -> torch.dtype:
    """The dtype NumPy's function ``fn`` gives for ``dtype`` data (torch's own rules differ: cumsum of uint8)."""
    try:
        sample = np.zeros(1, numpy_dtype(dtype))
    except KeyError:  # a dtype NumPy lacks (bfloat16): torch's own rule
        return dtype
    return torch_dtype(getattr(np, fn)(sample).dtype)


def _check_nonempty(a: T, axis: Any, op: str, reduction: str) -> None:
    """NumPy's ValueError for a reduction without identity over an empty axis (torch raises IndexError)."""
    if a.numel() == 0 and (axis is None or any(a.shape[d] == 0 for d in _axes(a, axis))):
        raise ValueError(f"{op}: zero-size array to reduction operation {reduction} which has no identity")


def _axes(a: T, axis: Any, strict: bool = False) -> tuple[int, ...]:
    """``axis`` (None, an int or a sequence) as a tuple of non-negative axes of ``a``. A 0-d array takes axis 0
    and -1 as NumPy's nan-functions do (most of them), unless ``strict`` (nanmean, nanstd, nanvar)."""
    if axis is None:
        return tuple(range(a.ndim))
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    ndim = a.ndim if strict else max(a.ndim, 1)
    out = []
    for ax in axes:
        if not -ndim <= ax < ndim:
            raise np.exceptions.AxisError(ax, a.ndim)
        out.append(ax % ndim)
    return tuple(out)


def _to_last(a: T, axis: Any) -> tuple[T, tuple[int, ...]]:
    """``a`` with the ``axis`` axes flattened into one last axis, and those axes."""
    axes = _axes(a, axis)
    kept = [d for d in range(a.ndim) if d not in axes]
    moved = a.permute(*kept, *axes) if a.ndim else a.reshape(1)
    return moved.reshape(*(a.shape[d] for d in kept), math.prod(a.shape[d] for d in axes)), axes


def _keep(out: T, a: T, axes: tuple[int, ...], keepdims: bool) -> T:
    """A reduction over the last axis of `_to_last`'s result, with ``axes`` kept as length 1 when ``keepdims``."""
    if not keepdims:
        return out
    return out.reshape(tuple(1 if d in axes else n for d, n in enumerate(a.shape)))


@on(ops.cumsum)
def torch_cumsum(a: T, axis: Any, dtype: Any) -> T:
    dt = _opt_dtype(dtype, "cumsum") or _numpy_result("cumsum", a.dtype)
    work = torch.int64 if dt in _WIDE_UINTS else dt  # torch has no uint64 cumsum kernel; int64 wraps alike
    if a.ndim == 0:  # NumPy: a 0-d array is cumulated as a 1-d one
        a = a.reshape(1)
    a, dim = (a.reshape(-1), 0) if axis is None else (a, axis)
    out = torch.cumsum(a, dim, dtype=work)
    if out.dtype is not dt:
        out = out.to(dt)
    if (out.is_floating_point() or out.is_complex()) and a.shape[dim]:  # NumPy's first sum: the first element
        out.narrow(dim, 0, 1).copy_(a.narrow(dim, 0, 1))  # (-0.0 stays -0.0; torch's scan starts from +0.0)
    return out


@on(ops.cumprod)
def torch_cumprod(a: T, axis: Any, dtype: Any) -> T:
    dt = _opt_dtype(dtype, "cumprod") or _numpy_result("cumprod", a.dtype)
    work = torch.int64 if dt in _WIDE_UINTS else dt
    if a.ndim == 0:
        a = a.reshape(1)
    return torch.cumprod(a.reshape(-1) if axis is None else a, 0 if axis is None else axis, dtype=work).to(dt)


def _reduce(fn: Callable[..., T], a: T, axis: Any, keepdims: bool, **kwargs: Any) -> T:
    """``fn(a, dim, keepdim)`` with NumPy's axis conventions: None is every axis, ``()`` none."""
    if axis == ():
        return fn(a.unsqueeze(-1), dim=-1, keepdim=False, **kwargs)
    if axis is None:
        out = fn(a.reshape(-1), dim=0, keepdim=False, **kwargs)
        return out.reshape((1,) * a.ndim) if keepdims else out
    return fn(a, dim=_axes(a, axis), keepdim=keepdims, **kwargs)


@on(ops.nansum)
def torch_nansum(a: T, axis: Any, dtype: Any, keepdims: bool) -> T:
    dt = _opt_dtype(dtype, "nansum") or _numpy_result("nansum", a.dtype)
    if not (a.is_floating_point() or a.is_complex()):
        if dt in _WIDE_UINTS:  # no uint64 sum kernel: int64 wraps alike
            return _reduce(torch.sum, _int64_if_wide(a), axis, keepdims, dtype=torch.int64).to(dt)
        return _reduce(torch.sum, a, axis, keepdims, dtype=dt)
    return _reduce(torch.sum, torch.where(torch.isnan(a), 0, a), axis, keepdims, dtype=dt)


@on(ops.nanmean)
def torch_nanmean(a: T, axis: Any, dtype: Any, keepdims: bool) -> T:
    dt = _opt_dtype(dtype, "nanmean") or _numpy_result("nanmean", a.dtype)
    if axis is not None and not (a.is_floating_point() or a.is_complex()):
        _axes(a, axis, strict=True)  # NumPy's nanmean of integers is mean, which takes no axis of a 0-d array
    a = a.to(dt)
    mask = ~torch.isnan(a)
    total = _reduce(torch.sum, torch.where(mask, a, 0), axis, keepdims)
    return total / _reduce(torch.sum, mask, axis, keepdims).to(total.real.dtype)


def _complex_extreme(a: T, axis: Any, keepdims: bool, largest: bool, index: bool, op: str) -> T:
    """nanmax/nanmin (or their arg-) of complex data in NumPy's order (real part, then imaginary part), which
    torch's reductions do not take: the first or last non-NaN element of each sorted slice."""
    work, axes = _to_last(a, axis)
    nan = torch.isnan(work)
    count = (~nan).sum(-1)
    ordered = _sorted(work)  # NaN last
    pos = (count - 1).clamp(min=0) if largest else torch.zeros_like(count)
    value = torch.take_along_dim(ordered, pos[..., None], -1)[..., 0]
    if index:
        if bool((count == 0).any()):
            raise ValueError(f"{op}: All-NaN slice encountered")
        out = ((work == value[..., None]) & ~nan).to(torch.int8).argmax(-1)  # the first occurrence, as NumPy's
    else:
        out = torch.where(count == 0, complex(math.nan, math.nan), value)
    return _keep(out, a, axes, keepdims)


def _nan_extreme(a: T, axis: Any, keepdims: bool, largest: bool) -> T:
    fn = torch.amax if largest else torch.amin
    _check_nonempty(a, axis, "nanmax" if largest else "nanmin", "fmax" if largest else "fmin")
    if a.dtype in (torch.uint16, torch.uint32):  # no max kernels: int64 holds them
        return _nan_extreme(a.to(torch.int64), axis, keepdims, largest).to(a.dtype)
    if a.dtype == torch.uint64:  # its bits as int64 with the sign bit flipped keep the order
        return (_nan_extreme(_ordered_int64(a), axis, keepdims, largest) ^ _SIGN_BIT).view(torch.uint64)
    if a.is_complex():
        return _complex_extreme(a, axis, keepdims, largest, False, "nanmax" if largest else "nanmin")
    if not a.is_floating_point():
        return _reduce(fn, a, axis, keepdims)
    nan = torch.isnan(a)
    fill = -math.inf if largest else math.inf
    out = _reduce(fn, torch.where(nan, fill, a), axis, keepdims)
    return torch.where(_reduce(torch.all, nan, axis, keepdims), math.nan, out)


@on(ops.nanmax)
def torch_nanmax(a: T, axis: Any, keepdims: bool) -> T:
    return _nan_extreme(a, axis, keepdims, largest=True)


@on(ops.nanmin)
def torch_nanmin(a: T, axis: Any, keepdims: bool) -> T:
    return _nan_extreme(a, axis, keepdims, largest=False)


def _nan_arg(a: T, axis: Any, keepdims: bool, largest: bool, op: str) -> T:
    fn = torch.argmax if largest else torch.argmin
    if a.numel() == 0 and (axis is None or a.shape[_axes(a, axis)[0]] == 0):
        raise ValueError(f"{op}: attempt to get {'argmax' if largest else 'argmin'} of an empty sequence")
    if axis is not None:
        _axes(a, axis)
    if a.is_complex():
        return _complex_extreme(a, axis, keepdims, largest, True, op)
    if a.dtype == torch.bool or a.dtype in _WIDE_UINTS:
        a = a.to(torch.int64) if a.dtype != torch.uint64 else _ordered_int64(a)
    if a.is_floating_point():
        nan = torch.isnan(a)
        if bool(_reduce(torch.all, nan, axis, False).any()):
            raise ValueError(f"{op}: All-NaN slice encountered")
        a = torch.where(nan, -math.inf if largest else math.inf, a)
    if axis is None:
        out = fn(a.reshape(-1))
        return out.reshape((1,) * a.ndim) if keepdims else out
    return fn(a, dim=axis, keepdim=keepdims)


@on(ops.nanargmax)
def torch_nanargmax(a: T, axis: Any, keepdims: bool) -> T:
    return _nan_arg(a, axis, keepdims, True, "nanargmax")


@on(ops.nanargmin)
def torch_nanargmin(a: T, axis: Any, keepdims: bool) -> T:
    return _nan_arg(a, axis, keepdims, False, "nanargmin")


def _nanvar(a: T, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> T:
    dt = _opt_dtype(dtype, "nanvar")
    if axis is not None and not (a.is_floating_point() or a.is_complex()):
        _axes(a, axis, strict=True)
    a = _inexact(a if dt is None else a.to(dt))
    mask = ~torch.isnan(a)
    n = _reduce(torch.sum, mask, axis, True)
    mean = _reduce(torch.sum, torch.where(mask, a, 0), axis, True) / n
    dev = torch.where(mask, a - mean, 0)
    sq = dev.real**2 + dev.imag**2 if dev.is_complex() else dev * dev
    dof = n - ddof
    out = _reduce(torch.sum, sq, axis, True) / dof.clamp(min=0).to(sq.dtype)
    out = torch.where(dof > 0, out, math.nan)
    if keepdims:
        return out
    return out.reshape(()) if axis is None else out.squeeze(_axes(a, axis)) if axis != () else out.squeeze(-1)


@on(ops.nanvar)
def torch_nanvar(a: T, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> T:
    return _nanvar(a, axis, dtype, ddof, keepdims)


@on(ops.nanstd)
def torch_nanstd(a: T, axis: Any, dtype: Any, ddof: int, keepdims: bool) -> T:
    return torch.sqrt(_nanvar(a, axis, dtype, ddof, keepdims))


def _lerp(a: T, b: T, t: T) -> T:
    """NumPy's ``_lerp`` (exact at both ends)."""
    diff = b - a
    return torch.where(t >= 0.5, b - diff * (1 - t), a + diff * t)


def _quantile(a: T, q: Any, axis: Any, method: str, keepdims: bool, op: str) -> T:  # noqa: C901
    if method not in _QUANTILE_METHODS:
        raise ValueError(f"{op}: method={method!r} is not supported; use one of {', '.join(_QUANTILE_METHODS)}")
    if a.dtype == torch.bool and method in ("linear", "midpoint") and op != "median":
        raise TypeError(f"{op}: numpy boolean subtract, the `-` operator, is not supported (NumPy's error)")
    work, axes = _to_last(a, axis)
    if method in ("linear", "midpoint"):  # NumPy's result dtype: a's inexact dtype with q (weak if a number)
        inexact = numpy_dtype(a.dtype) if (a.is_floating_point() or a.is_complex()) else np.dtype(np.float64)
        weak = isinstance(q, (int, float))
        work = work.to(torch_dtype(np.result_type(inexact, q if weak else np.float64)))
    qs = _on(q, a.device).to(torch.float64)
    if bool(((qs < 0) | (qs > 1)).any()):
        scale = "[0, 1]" if op == "quantile" else "[0, 100]"
        raise ValueError(f"{op}: q must lie in the range {scale}")
    n = work.shape[-1]
    if n == 0:  # NumPy: NaN (with its warning) for an empty slice
        work = torch.full(
            (*work.shape[:-1], 1),
            math.nan,
            dtype=work.dtype if work.is_floating_point() else torch.float64,
            device=work.device,
        )
        n = 1
    ordered = _sorted(work)
    index = qs * (n - 1)
    lo = torch.floor(index).to(torch.int64).clamp(0, n - 1)
    hi = (lo + 1).clamp(0, n - 1)  # NumPy's neighbour, also where index is whole (its lerp then gives inf * 0)
    if method == "higher":
        hi = torch.ceil(index).to(torch.int64).clamp(0, n - 1)
    flat_q = qs.reshape(-1)
    lo_, hi_ = lo.reshape(-1), hi.reshape(-1)
    below, above = ordered[..., lo_], ordered[..., hi_]
    if method == "lower":
        out = below
    elif method == "higher":
        out = above
    elif method == "nearest":
        out = ordered[..., torch.round(flat_q * (n - 1)).to(torch.int64)]
    else:
        gamma = (index - torch.floor(index)).reshape(-1).to(work.dtype)
        if method == "midpoint":
            gamma = torch.where(gamma == 0, gamma, torch.full_like(gamma, 0.5))
        out = _lerp(below, above, gamma)
    if work.is_floating_point():
        out = torch.where(torch.isnan(ordered[..., -1:]), math.nan, out)
    out = out.movedim(-1, 0).reshape((*qs.shape, *out.shape[:-1]))
    if keepdims:
        out = out.reshape((*qs.shape, *(1 if d in axes else s for d, s in enumerate(a.shape))))
    return out


@on(ops.quantile)
def torch_quantile(a: T, q: Any, axis: Any, method: str, keepdims: bool) -> T:
    return _quantile(a, q, axis, method, keepdims, "quantile")


@on(ops.percentile)
def torch_percentile(a: T, q: Any, axis: Any, method: str, keepdims: bool) -> T:
    return _quantile(a, _on(q, a.device).to(torch.float64) / 100, axis, method, keepdims, "percentile")


@on(ops.median)
def torch_median(a: T, axis: Any, keepdims: bool) -> T:
    work, axes = _to_last(a, axis)
    if not (work.is_floating_point() or work.is_complex()):
        work = work.to(torch.float64)
    n = work.shape[-1]
    if n == 0:  # NumPy: NaN (with its warning)
        out = torch.full(work.shape[:-1], math.nan, dtype=work.dtype, device=work.device)
    else:  # NumPy's: the middle element, or the mean of the two middle ones; NaN where a slice holds NaN
        ordered = _sorted(work)
        k = n // 2
        out = ordered[..., k] if n % 2 else (ordered[..., k - 1] + ordered[..., k]) / 2
        out = torch.where(torch.isnan(ordered[..., -1]), math.nan, out)
    return _keep(out, a, axes, keepdims)


@on(ops.histogram)
def torch_histogram(a: T, bins: Any, range_: Any, density: bool, weights: Any) -> tuple[T, T]:  # noqa: C901
    flat = a.reshape(-1)
    edge_dtype = flat.dtype if flat.is_floating_point() else torch.float64
    if not flat.is_floating_point():
        flat = flat.to(torch.float64)
    if isinstance(bins, (int, np.integer)):
        if bins < 1:
            raise ValueError(f"histogram: bins must be a positive int, got {bins}")
        if range_ is not None:
            lo, hi = float(range_[0]), float(range_[1])
            if lo > hi:
                raise ValueError("histogram: max must be larger than min in range parameter")
        elif flat.numel():
            lo, hi = float(flat.min()), float(flat.max())
        else:
            lo, hi = 0.0, 1.0
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"histogram: autodetected range of [{lo}, {hi}] is not finite")
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = torch.linspace(lo, hi, int(bins) + 1, dtype=torch.float64, device=a.device).to(edge_dtype)
    else:
        edges = _on(bins, a.device)
        if bool((edges[1:] < edges[:-1]).any()):
            raise ValueError("histogram: bins must increase monotonically, when an array")
    n_bins = edges.shape[0] - 1
    values = flat.to(edges.dtype)
    index = torch.searchsorted(edges, values, right=True) - 1
    index = torch.where(values == edges[-1], n_bins - 1, index)
    inside = (values >= edges[0]) & (values <= edges[-1])
    w = None if weights is None else _on(weights, a.device).reshape(-1)
    if w is None:
        hist = torch.bincount(index[inside], minlength=n_bins)
    else:
        w_dtype = w.dtype if (w.is_floating_point() or w.is_complex()) else torch.float64
        hist = torch.zeros(n_bins, dtype=w_dtype, device=a.device).index_add_(0, index[inside], w[inside].to(w_dtype))
    if density:
        hist = hist.to(torch.float64)
        hist = hist / (hist.sum() * torch.diff(edges).to(torch.float64))
    return hist, edges


def _cov(m: T, y: Any, rowvar: bool, bias: bool, ddof: Any) -> T:
    x = torch.atleast_2d(m)
    if not rowvar and x.shape[0] != 1:
        x = x.T
    parts = [x]
    if y is not None:
        yy = torch.atleast_2d(_on(y, m.device))
        if not rowvar and yy.shape[0] != 1:
            yy = yy.T
        parts.append(yy)
    dt = _common_dtype(*(p.dtype for p in parts), torch.float64)
    x = torch.cat([p.to(dt) for p in parts], dim=0)
    if ddof is None:
        ddof = 0 if bias else 1
    fact = x.shape[1] - ddof
    xc = x - x.mean(dim=1, keepdim=True)
    c = (xc @ xc.T.conj()) / max(fact, 0)
    return c.squeeze()


@on(ops.cov)
def torch_cov(m: T, y: Any, rowvar: bool, bias: bool, ddof: Any) -> T:
    return _cov(m, y, rowvar, bias, ddof)


@on(ops.corrcoef)
def torch_corrcoef(x: T, y: Any, rowvar: bool) -> T:
    c = _cov(x, y, rowvar, False, None)
    if c.ndim == 0:
        return c / c
    stddev = torch.sqrt(torch.diagonal(c).real)
    c = c / stddev[:, None] / stddev[None, :]
    if c.is_complex():
        return torch.complex(c.real.clamp(-1, 1), c.imag.clamp(-1, 1))
    return c.clamp(-1, 1)


@on(ops.logsumexp)
def torch_logsumexp(a: T, axis: Any, keepdims: bool) -> T:
    a = _inexact(a)
    if a.is_complex():
        m = _reduce(torch.amax, a.real, axis, True)
        m = torch.where(torch.isfinite(m), m, 0)
        out = torch.log(_reduce(torch.sum, torch.exp(a - m), axis, True)) + m
        return out if keepdims else out.reshape(_reduce(torch.sum, a.real, axis, False).shape)
    return _reduce(torch.logsumexp, a, axis, keepdims)


@on(ops.softmax)
def torch_softmax(x: T, axis: Any) -> T:
    _check_nonempty(x, axis, "softmax", "maximum")
    x = _inexact(x)
    e = torch.exp(x - _reduce(torch.amax, x.real if x.is_complex() else x, axis, True))  # any shift gives softmax
    return e / _reduce(torch.sum, e, axis, True)

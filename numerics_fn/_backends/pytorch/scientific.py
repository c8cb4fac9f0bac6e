"""torch implementations of NumPy's scientific functions beyond the standard's (the ops of
`numerics_fn._ops.arrays`, ``statistics``, ``numpy_math``, ``indexing``, ``linalg_np``, ``creation_np``
and the generator functions ``integers``/``permutation``/``shuffle``).

torch's own function where it has NumPy's meaning (after NumPy's dtype rules); elsewhere composed
from torch operations on the tensor's device (nothing goes through the host but shapes and the
few data-dependent checks NumPy makes, such as out-of-range labels). Imported by `pytorch` last.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._context import Context
from ..._dispatch import TAGS, implements, implements_on
from ..._inputs import taking_host_arrays
from ..._ops import equal, floor_divide, remainder
from .. import options as _options
from .implementation import (
    _UFUNC_FLOAT,
    _WIDE_UINTS,
    NAME,
    _common_dtype,
    _device,
    _inexact,
    _on,
    _shape,
    _unify,
    numpy_dtype,
    torch_dtype,
)

__all__: list[str] = []

T = torch.Tensor
_QUANTILE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def on(op: Any) -> Any:
    return implements_on(op, T, NAME)


@functools.cache
def _numpy_result(fn: str, dtype: torch.dtype) -> torch.dtype:
    """The dtype NumPy's function ``fn`` gives for ``dtype`` data (torch's own rules differ: cumsum of uint8)."""
    try:
        sample = np.zeros(1, numpy_dtype(dtype))
    except KeyError:  # a dtype NumPy lacks (bfloat16): torch's own rule
        return dtype
    return torch_dtype(getattr(np, fn)(sample).dtype)


_UNSIGNED = frozenset({torch.uint8, *_WIDE_UINTS})


def _int64_if_wide(x: T) -> T:
    """``x`` as int64 where it is uint16/32/64, which few torch kernels take (nonzero, index_put, scatter, add)."""
    return x.to(torch.int64) if x.dtype in _WIDE_UINTS else x


_SIGN_BIT = -(2**63)


def _ordered_int64(a: T) -> T:
    """uint64 data as int64 in the same order (the sign bit flipped), for torch's int64 kernels."""
    return a.view(torch.int64) ^ _SIGN_BIT


def _check_nonempty(a: T, axis: Any, op: str, reduction: str) -> None:
    """NumPy's ValueError for a reduction without identity over an empty axis (torch raises IndexError)."""
    if a.numel() == 0 and (axis is None or any(a.shape[d] == 0 for d in _axes(a, axis))):
        raise ValueError(f"{op}: zero-size array to reduction operation {reduction} which has no identity")


def _argsort(x: T, dim: int = -1, descending: bool = False) -> T:
    """A stable argsort in NumPy's order: complex numbers by real part, then imaginary part (torch sorts no
    complex data on the CPU), NaN last."""
    if not x.is_complex():  # (uint64 by the order-keeping int64 of its bits: as int64 it would wrap above 2**63)
        key = _ordered_int64(x) if x.dtype is torch.uint64 else _int64_if_wide(x)
        return torch.sort(key, dim=dim, descending=descending, stable=True).indices
    order = torch.sort(x.imag, dim=dim, descending=descending, stable=True).indices
    by_real = torch.sort(torch.take_along_dim(x.real, order, dim), dim=dim, descending=descending, stable=True)
    return torch.take_along_dim(order, by_real.indices, dim)


def _sorted(x: T, dim: int = -1, descending: bool = False) -> T:
    return torch.take_along_dim(x, _argsort(x, dim, descending), dim)


def _opt(dtype: Any, op: str) -> torch.dtype | None:
    return None if dtype is None else torch_dtype(dtype, op)


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


# --- joining, splitting, padding --------------------------------------------------------------
@on(ops.ravel)
def torch_ravel(a: T, order: str) -> T:
    if order == "F":
        return a.permute(*reversed(range(a.ndim))).reshape(-1)
    if order not in ("C", "A", "K"):
        raise ValueError(f"ravel: order={order!r} is not supported; use 'C' or 'F' ('A', 'K': 'C' for tensors)")
    return torch.ravel(a)


on(ops.swapaxes)(torch.swapaxes)


@on(ops.vstack)
def torch_vstack(arrays_: Sequence[T]) -> T:
    return torch.vstack(_unify(arrays_))


@on(ops.hstack)
def torch_hstack(arrays_: Sequence[T]) -> T:
    return torch.hstack(_unify(arrays_))


@on(ops.dstack)
def torch_dstack(arrays_: Sequence[T]) -> T:
    return torch.dstack(_unify(arrays_))


@on(ops.column_stack)
def torch_column_stack(arrays_: Sequence[T]) -> T:
    return torch.column_stack(_unify(arrays_))


on(ops.atleast_1d)(torch.atleast_1d)
on(ops.atleast_2d)(torch.atleast_2d)
on(ops.atleast_3d)(torch.atleast_3d)


def _sections(ios: Any) -> Any:
    if isinstance(ios, (int, np.integer)):
        return int(ios)
    return [int(i) for i in (ios.tolist() if hasattr(ios, "tolist") else ios)]


@on(ops.split)
def torch_split(ary: T, ios: Any, axis: int) -> list[T]:
    sections = _sections(ios)
    if isinstance(sections, int) and (sections <= 0 or ary.shape[axis] % sections):
        raise ValueError(
            f"split: {sections} sections do not divide axis {axis} of length {ary.shape[axis]} equally; "
            "use nf.array_split for unequal parts"
        )
    return list(torch.tensor_split(ary, sections, dim=axis))


@on(ops.array_split)
def torch_array_split(ary: T, ios: Any, axis: int) -> list[T]:
    sections = _sections(ios)
    if isinstance(sections, int) and sections <= 0:
        raise ValueError(f"array_split: the number of sections must be larger than 0, got {sections}")
    return list(torch.tensor_split(ary, sections, dim=axis))


@on(ops.append)
def torch_append(arr: T, values: T, axis: int | None) -> T:
    arr, values = _unify((arr, values))
    if axis is None:
        return torch.cat([arr.reshape(-1), values.reshape(-1)])
    return torch.cat([arr, values], dim=axis)


_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def _pairs(value: Any, ndim: int, name: str) -> list[tuple[Any, Any]]:
    """NumPy's broadcasting of ``pad_width`` (or ``constant_values``) to one ``(before, after)`` per axis."""
    arr = np.asarray(value.tolist() if isinstance(value, torch.Tensor) else value)
    try:
        return [tuple(p) for p in np.broadcast_to(arr, (ndim, 2)).tolist()]
    except ValueError as err:
        raise ValueError(f"pad: {name} {value!r} cannot be broadcast to one (before, after) pair per axis") from err


def _pad_index(n: int, before: int, after: int, mode: str, device: Any) -> T:
    """The source index along one axis of each position of the padded axis."""
    i = torch.arange(-before, n + after, device=device)
    if mode == "edge":
        return i.clamp(0, n - 1)
    if mode == "wrap":
        return i % n
    if mode == "reflect":
        if n == 1:
            return torch.zeros_like(i)
        period = 2 * (n - 1)
        j = i % period
        return torch.where(j >= n, period - j, j)
    period = 2 * n  # symmetric
    j = i % period
    return torch.where(j >= n, period - 1 - j, j)


@on(ops.pad)
def torch_pad(array_: T, pad_width: Any, mode: str, constant_values: Any) -> T:
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: mode={mode!r} is not supported; use one of {', '.join(_PAD_MODES)}")
    widths = _pairs(pad_width, array_.ndim, "pad_width")
    if any(int(w) != w or w < 0 for pair in widths for w in pair):
        raise ValueError(f"pad: pad_width must hold non-negative ints, got {pad_width!r}")
    out = array_
    values = _pairs(constant_values, array_.ndim, "constant_values") if mode == "constant" else None
    for axis, pair in enumerate(widths):
        before, after = int(pair[0]), int(pair[1])
        if not before and not after:
            continue
        n = out.shape[axis]
        if values is not None:
            shape = list(out.shape)
            parts = []
            for width, value in ((before, values[axis][0]), (after, values[axis][1])):
                shape[axis] = width
                parts.append(torch.full(shape, value, dtype=out.dtype, device=out.device))
            out = torch.cat([parts[0], out, parts[1]], dim=axis)
            continue
        if n == 0:
            raise ValueError(f"pad: cannot pad an empty axis ({axis}) with mode={mode!r}")
        out = out.index_select(axis, _pad_index(n, before, after, mode, out.device))
    return out if out is not array_ else array_.clone()


@on(ops.ascontiguousarray)
def torch_ascontiguousarray(a: T, dtype: Any) -> T:
    out = a.contiguous() if dtype is None else a.to(torch_dtype(dtype, "ascontiguousarray")).contiguous()
    return out.reshape(1) if out.ndim == 0 else out


@on(ops.fill_diagonal)
def torch_fill_diagonal(a: T, val: Any, wrap: bool) -> T:
    if a.ndim < 2:
        raise ValueError("fill_diagonal: array must be at least 2-d")
    if a.ndim == 2:
        step = a.shape[1] + 1
        end = a.numel() if wrap else min(a.numel(), a.shape[1] * a.shape[1])
    else:
        if len(set(a.shape)) != 1:
            raise ValueError("fill_diagonal: all dimensions of input must be of equal length")
        step = 1 + sum(math.prod(a.shape[:i]) for i in range(1, a.ndim))
        end = a.numel()
    if a.dtype in _WIDE_UINTS:
        return torch_fill_diagonal(a.to(torch.int64), val, wrap).to(a.dtype)
    out = a.clone().contiguous()
    flat = out.view(-1)
    index = torch.arange(0, end, step, device=a.device)
    values = _on(val, a.device).to(a.dtype).reshape(-1)
    if values.numel() == 0:
        return out
    flat[index] = values[torch.arange(index.numel(), device=a.device) % values.numel()]
    return out


@on(ops.put_along_axis)
def torch_put_along_axis(arr: T, indices: Any, values: Any, axis: int | None) -> T:
    indices = _on(indices, arr.device)
    if axis is None:
        return torch_put_along_axis(arr.reshape(-1), indices.reshape(-1), values, 0).reshape(arr.shape)
    if indices.ndim != arr.ndim:
        raise ValueError(
            f"put_along_axis: indices ({indices.ndim}-d) and arr ({arr.ndim}-d) must have the same number of dimensions"
        )
    if arr.dtype in _WIDE_UINTS:
        return torch_put_along_axis(arr.to(torch.int64), indices, _on(values, arr.device).to(torch.int64), axis).to(
            arr.dtype
        )
    axis = axis % arr.ndim
    shape = [i if d == axis else max(a, i) for d, (a, i) in enumerate(zip(arr.shape, indices.shape, strict=True))]
    index = indices.to(torch.int64).broadcast_to(shape)
    index = torch.where(index < 0, index + arr.shape[axis], index)
    source = _on(values, arr.device).to(arr.dtype).broadcast_to(shape)
    target = arr.broadcast_to([s if d == axis else n for d, (s, n) in enumerate(zip(arr.shape, shape, strict=True))])
    return target.clone().scatter_(axis, index, source.contiguous())


# --- statistics -------------------------------------------------------------------------------
@on(ops.cumsum)
def torch_cumsum(a: T, axis: Any, dtype: Any) -> T:
    dt = _opt(dtype, "cumsum") or _numpy_result("cumsum", a.dtype)
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
    dt = _opt(dtype, "cumprod") or _numpy_result("cumprod", a.dtype)
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
    dt = _opt(dtype, "nansum") or _numpy_result("nansum", a.dtype)
    if not (a.is_floating_point() or a.is_complex()):
        if dt in _WIDE_UINTS:  # no uint64 sum kernel: int64 wraps alike
            return _reduce(torch.sum, _int64_if_wide(a), axis, keepdims, dtype=torch.int64).to(dt)
        return _reduce(torch.sum, a, axis, keepdims, dtype=dt)
    return _reduce(torch.sum, torch.where(torch.isnan(a), 0, a), axis, keepdims, dtype=dt)


@on(ops.nanmean)
def torch_nanmean(a: T, axis: Any, dtype: Any, keepdims: bool) -> T:
    dt = _opt(dtype, "nanmean") or _numpy_result("nanmean", a.dtype)
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
    dt = _opt(dtype, "nanvar")
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


@on(ops.nan_to_num)
def torch_nan_to_num(x: T, copy: bool, nan: float, posinf: Any, neginf: Any) -> T:
    if not (x.is_floating_point() or x.is_complex()):
        return x.clone()
    return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


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


# --- mathematics ------------------------------------------------------------------------------
@on(ops.angle)
def torch_angle(z: T, deg: bool) -> T:
    if z.dtype == torch.bool:
        z = z.to(torch.float64)  # NumPy: arctan2 of an int 0 and a bool
    elif not (z.is_floating_point() or z.is_complex()):
        z = z.to(_UFUNC_FLOAT[z.dtype])  # NumPy's float type for the integer type (int8: float16)
    out = torch.atan2(z.imag, z.real) if z.is_complex() else torch.atan2(torch.zeros_like(z), z)
    return out * (180 / math.pi) if deg else out


@on(ops.divmod)
def torch_divmod(x1: T, x2: T) -> tuple[T, T]:
    return floor_divide(x1, x2), remainder(x1, x2)


@on(ops.inner)
def torch_inner(a: T, b: T) -> T:
    a, b = _unify((a, b))
    if a.dtype == torch.bool:
        return torch.inner(a.to(torch.int64), b.to(torch.int64)) != 0
    if a.dtype in _UNSIGNED:
        return torch.inner(a.to(torch.int64), b.to(torch.int64)).to(a.dtype)
    return torch.inner(a, b)


@on(ops.vdot)
def torch_vdot(a: T, b: T) -> T:
    a, b = _unify((a.reshape(-1), b.reshape(-1)))
    if a.dtype == torch.bool:
        return (a & b).any()
    if a.dtype in _UNSIGNED or not (a.is_floating_point() or a.is_complex()):
        return (a.to(torch.int64) * b.to(torch.int64)).sum().to(a.dtype)
    return torch.vdot(a, b)


@on(ops.interp)
def torch_interp(x: T, xp_: T, fp: T, left: Any, right: Any, period: Any) -> T:
    out_dtype = torch.complex128 if fp.is_complex() else torch.float64
    x, xs, fs = x.to(torch.float64), xp_.to(torch.float64), fp.to(out_dtype)
    if period is not None:
        if period == 0:
            raise ValueError("interp: period must be a non-zero value")
        period = abs(period)
        left = right = None
        x, xs = x % period, xs % period
        order = torch.argsort(xs)
        xs, fs = xs[order], fs[order]
        xs = torch.cat([xs[-1:] - period, xs, xs[:1] + period])
        fs = torch.cat([fs[-1:], fs, fs[:1]])
    n = xs.shape[0]
    if n == 0:
        raise ValueError("interp: array of sample points is empty")
    if n == 1:
        out = fs[0].expand(x.shape).clone()
    else:
        hi = torch.searchsorted(xs, x.contiguous(), right=True).clamp(1, n - 1)
        x0, x1, f0, f1 = xs[hi - 1], xs[hi], fs[hi - 1], fs[hi]
        slope = (f1 - f0) / (x1 - x0)
        out = torch.where(x == x1, f1, f0 + slope * (x - x0))
    low = fs[0] if left is None else _on(left, x.device).to(out_dtype)
    high = fs[-1] if right is None else _on(right, x.device).to(out_dtype)
    return torch.where(x > xs[-1], high, torch.where(x < xs[0], low, out))


def _lstsq(a: T, b: T, rcond: Any) -> tuple[T, T, int, T]:
    a = _inexact(a)
    m, n = a.shape[-2], a.shape[-1]
    vector = b.ndim == 1
    bb = b[:, None] if vector else b
    dt = _common_dtype(a.dtype, bb.dtype)
    a, bb = a.to(dt), bb.to(dt)
    u, s, vh = torch.linalg.svd(a, full_matrices=False)
    if rcond is None:
        rcond = torch.finfo(s.dtype).eps * max(m, n)
    cutoff = rcond * (s.max() if s.numel() else 0)
    keep = s > cutoff
    rank = int(keep.sum())
    s_inv = torch.where(keep, 1 / torch.where(keep, s, 1), 0).to(s.dtype)
    x = vh.mH @ (s_inv[:, None].to(dt) * (u.mH @ bb))
    if rank == n and m > n:
        r = bb - a @ x
        residuals = (r.real**2 + r.imag**2 if r.is_complex() else r * r).sum(dim=0)
    else:
        residuals = torch.zeros(0, dtype=s.dtype, device=a.device)
    return (x[:, 0] if vector else x), residuals, rank, s


@on(ops.lstsq)
def torch_lstsq(a: T, b: T, rcond: Any) -> tuple[T, T, int, T]:
    return _lstsq(a, b, rcond)


@on(ops.polyfit)
def torch_polyfit(x: T, y: T, deg: int) -> T:
    deg = int(deg)
    if deg < 0:
        raise ValueError(f"polyfit: expected deg >= 0, got {deg}")
    x = x.to(_common_dtype(x.dtype, torch.float64))
    y = y.to(_common_dtype(y.dtype, torch.float64))
    columns = [torch.ones_like(x)]  # powers by products: torch's complex 0 ** 0 is nan, NumPy's 1
    for _ in range(deg):
        columns.append(columns[-1] * x)
    lhs = torch.stack(columns[::-1], dim=1)
    scale = torch.sqrt((lhs.abs() ** 2).sum(dim=0))  # NumPy's: the moduli for complex x
    c = _lstsq(lhs / scale, y, x.shape[0] * torch.finfo(x.dtype).eps)[0]
    return c / (scale if c.ndim == 1 else scale[:, None])


@on(ops.polyval)
def torch_polyval(p: T, x: T) -> T:
    p, x = _unify((p, x))
    if x.dtype in _WIDE_UINTS:  # no kernels: int64 wraps alike
        return torch_polyval(p.to(torch.int64), x.to(torch.int64)).to(x.dtype)
    y = torch.zeros_like(x)
    for i in range(p.shape[0]):
        y = y * x + p[i]
    return y


def _convolve(a: T, v: T, mode: str, op: str) -> T:  # noqa: C901
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"{op}: mode={mode!r} is not supported; use 'full', 'same' or 'valid'")
    if a.ndim != 1 or v.ndim != 1:
        raise ValueError(f"{op}: inputs must be 1-D, got shapes {tuple(a.shape)} and {tuple(v.shape)}")
    if a.shape[0] == 0 or v.shape[0] == 0:
        raise ValueError(f"{op}: inputs cannot be empty")
    a, v = _unify((a, v))
    if a.dtype in _WIDE_UINTS:
        return _convolve(a.to(torch.int64), v.to(torch.int64), mode, op).to(a.dtype)
    if a.dtype == torch.bool:
        return _convolve(a.to(torch.int64), v.to(torch.int64), mode, op) != 0
    if v.shape[0] > a.shape[0]:
        a, v = v, a
    n, m = a.shape[0], v.shape[0]
    if a.dtype in (torch.float32, torch.float64):
        full = torch.nn.functional.conv1d(a.view(1, 1, n), v.flip(0).view(1, 1, m), padding=m - 1).view(-1)
    else:  # conv1d has no complex or integer kernels: one shifted product per element of the shorter input
        padded = torch.nn.functional.pad(a, (m - 1, m - 1))
        full = torch.zeros(n + m - 1, dtype=a.dtype, device=a.device)
        for j in range(m):
            full = full + v[j] * padded[m - 1 - j : m - 1 - j + n + m - 1]
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start : start + n]
    return full[m - 1 : n]


@on(ops.convolve)
def torch_convolve(a: T, v: T, mode: str) -> T:
    return _convolve(a, v, mode, "convolve")


@on(ops.correlate)
def torch_correlate(a: T, v: T, mode: str) -> T:
    return _convolve(a, _int64_if_wide(v).conj().flip(0).to(v.dtype), mode, "correlate")


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


@on(ops.sigmoid)
def torch_sigmoid(x: T) -> T:
    return torch.sigmoid(_inexact(x))


@on(ops.relu)
def torch_relu(x: T) -> T:
    if x.dtype in _UNSIGNED or x.dtype == torch.bool:
        return x.clone()
    if x.is_complex():  # NumPy orders complex numbers lexicographically: the catalogue's maximum does
        from ..._ops import maximum

        return maximum(x, torch.zeros((), dtype=x.dtype, device=x.device))
    return torch.where(torch.isnan(x) | (x > 0), x, 0)  # NumPy's maximum(x, 0): NaN kept, +0 for -0


@on(ops.cond)
def torch_cond(x: T, p: Any) -> T:
    if x.numel() == 0:
        raise np.linalg.LinAlgError("cond: cond is not defined on empty arrays")
    return torch.linalg.cond(_inexact(x), p)


def _matrix_function(a: T, f: Callable[[T], T], op: str) -> T:
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{op}: argument 'a' must be a square matrix, got shape {tuple(a.shape)}")
    a = _inexact(a)
    w, v = torch.linalg.eig(a)
    out = torch.linalg.solve(v.mT, (v * f(w)[..., None, :]).mT).mT
    if not a.is_complex() and not bool(((w.imag == 0) & (w.real < 0)).any()):
        return out.real.to(a.dtype)
    return out


@on(ops.logm)
def torch_logm(a: T) -> T:
    return _matrix_function(a, torch.log, "logm")


@on(ops.sqrtm)
def torch_sqrtm(a: T) -> T:
    return _matrix_function(a, torch.sqrt, "sqrtm")


# --- index and set functions -----------------------------------------------------------------
@on(ops.argwhere)
def torch_argwhere(a: T) -> T:
    a = _int64_if_wide(a)
    return torch.argwhere(a) if a.ndim else torch.argwhere(a.reshape(1))[:, :0]


@on(ops.flatnonzero)
def torch_flatnonzero(a: T) -> T:
    return torch.nonzero(_int64_if_wide(a).reshape(-1)).reshape(-1)


@on(ops.array_equal)
def torch_array_equal(a1: T, a2: T, equal_nan: bool) -> bool:
    if a1.shape != a2.shape:
        return False
    same = equal(a1, a2)  # NumPy's promotion (torch cannot compare int64 with uint64)
    if equal_nan and (a1.is_floating_point() or a1.is_complex()) and (a2.is_floating_point() or a2.is_complex()):
        same = same | (torch.isnan(a1) & torch.isnan(a2))
    return bool(same.all())


@on(ops.unravel_index)
def torch_unravel_index(indices_: T, shape_: Any, order: str) -> tuple[T, ...]:
    dims = _shape(shape_, "unravel_index")
    size = math.prod(dims)
    if indices_.is_floating_point() or indices_.is_complex() or indices_.dtype == torch.bool:
        raise TypeError("unravel_index: only int indices permitted")
    if indices_.numel() and bool(((indices_ < 0) | (indices_ >= size)).any()):
        raise ValueError(f"unravel_index: an index is out of bounds for array with size {size}")
    rest = indices_.to(torch.int64)
    out: list[T] = []
    for d in reversed(dims) if order == "C" else dims:
        out.append(rest % d)
        rest = torch.div(rest, d, rounding_mode="floor")
    return tuple(reversed(out)) if order == "C" else tuple(out)


@on(ops.ravel_multi_index)
def torch_ravel_multi_index(arrays_: Sequence[T], dims: Any, mode: str, order: str) -> T:
    shape_ = _shape(dims, "ravel_multi_index", "dims")
    if len(arrays_) != len(shape_):
        raise ValueError(f"ravel_multi_index: parameter multi_index must be a sequence of length {len(shape_)}")
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"ravel_multi_index: mode={mode!r} is not supported; use 'raise', 'wrap' or 'clip'")
    coords = [c.to(torch.int64) for c in torch.broadcast_tensors(*arrays_)]
    strides = [math.prod(shape_[i + 1 :]) for i in range(len(shape_))]
    if order == "F":
        strides = [math.prod(shape_[:i]) for i in range(len(shape_))]
    flat = torch.zeros_like(coords[0])
    for coord, d, s in zip(coords, shape_, strides, strict=True):
        c = coord % d if mode == "wrap" else coord.clamp(0, d - 1) if mode == "clip" else coord
        if mode == "raise" and c.numel() and bool(((c < 0) | (c >= d)).any()):
            raise ValueError("ravel_multi_index: invalid entry in coordinates array")
        flat = flat + c * s
    return flat


def _lexsort(keys: Sequence[T], axis: int) -> T:
    keys = [k.to(torch.float64) if k.dtype == torch.uint64 else _int64_if_wide(k) for k in keys]
    order = torch.sort(keys[0], dim=axis, stable=True).indices
    for key in keys[1:]:
        by_key = torch.sort(torch.take_along_dim(key, order, axis), dim=axis, stable=True).indices
        order = torch.take_along_dim(order, by_key, axis)
    return order


@on(ops.lexsort)
def torch_lexsort(arrays_: Sequence[T], axis: int) -> T:
    if len(arrays_) == 0:
        raise TypeError("lexsort: need sequence of keys with len > 0")
    return _lexsort(list(torch.broadcast_tensors(*arrays_)), axis)


@on(ops.argpartition)
def torch_argpartition(a: T, kth: Any, axis: Any) -> T:
    if axis is None:
        a, axis = a.reshape(-1), 0
    n = a.shape[axis]
    for k in np.atleast_1d(np.asarray(kth.tolist() if isinstance(kth, T) else kth)).tolist():
        if not -n <= k < n:
            raise ValueError(f"argpartition: kth(={k}) out of bounds ({n})")
    return _argsort(a, axis)  # a full sort is a valid partition for every kth


@on(ops.top_k)
def torch_top_k(x: T, k: int, axis: int, largest: bool) -> tuple[T, T]:
    if not 0 <= k <= x.shape[axis]:
        raise ValueError(f"top_k: k={k} is out of range for an axis of length {x.shape[axis]}")
    index = _argsort(x, axis, descending=largest)
    if x.dtype in _WIDE_UINTS:  # torch gathers no uint16/32/64: their bits as int64
        bits = x.view(torch.int64) if x.dtype is torch.uint64 else x.to(torch.int64)
        gathered = torch.take_along_dim(bits, index, axis)
        values = gathered.view(torch.uint64) if x.dtype is torch.uint64 else gathered.to(x.dtype)
    else:
        values = torch.take_along_dim(x, index, axis)
    return values.narrow(axis, 0, k), index.narrow(axis, 0, k)


@on(ops.one_hot)
def torch_one_hot(x: T, num_classes: int, dtype: Any) -> T:
    if x.is_floating_point() or x.is_complex() or x.dtype == torch.bool:
        raise TypeError(f"one_hot: argument 'x' must hold integer labels, got {x.dtype} data; cast it with nf.astype")
    x = _int64_if_wide(x)
    if x.numel() and bool(((x < 0) | (x >= num_classes)).any()):
        raise IndexError(f"one_hot: a label lies outside [0, {num_classes}) (num_classes={num_classes})")
    dt = torch.int64 if dtype is None else torch_dtype(dtype, "one_hot")
    return (x[..., None] == torch.arange(num_classes, device=x.device)).to(dt)


@on(ops.unique)
def torch_unique(ar: T, ri: bool, rinv: bool, rc: bool, axis: Any, equal_nan: bool) -> Any:
    if axis is None:
        flat = ar.reshape(-1)
        order = _argsort(flat)
        ordered = flat[order]
        new = ordered[1:] != ordered[:-1]
        if equal_nan and (ordered.is_floating_point() or ordered.is_complex()):
            new = new & ~(torch.isnan(ordered[1:]) & torch.isnan(ordered[:-1]))
    else:
        moved = ar.movedim(axis, 0)
        rows = moved.reshape(moved.shape[0], -1)
        order = _lexsort([rows[:, j] for j in reversed(range(rows.shape[1]))], 0) if rows.shape[1] else (
            torch.arange(rows.shape[0], device=ar.device)
        )  # fmt: skip
        ordered = rows[order]
        new = (ordered[1:] != ordered[:-1]).any(dim=1)
    first = torch.cat([torch.ones(min(1, ordered.shape[0]), dtype=torch.bool, device=ar.device), new])
    values = ordered[first] if axis is None else ordered[first].reshape(-1, *moved.shape[1:]).movedim(0, axis)
    out = [values]
    if ri:
        out.append(order[first])
    if rinv:
        inverse = torch.empty_like(order)
        inverse[order] = torch.cumsum(first.to(torch.int64), 0) - 1
        out.append(inverse.reshape(ar.shape) if axis is None else inverse)
    if rc:
        starts = torch_flatnonzero(first)
        out.append(torch.diff(torch.cat([starts, starts.new_tensor([first.shape[0]])])))
    return out[0] if len(out) == 1 else tuple(out)


# --- creation on the Context's backend ---------------------------------------------------------
for _entry in (ops.asarray, ops.array):  # pandas, h5py, memoryview, array.array, range
    implements(_entry, NAME)(taking_host_arrays(_entry.__op__.dispatcher.dispatch(TAGS[NAME]), (T, np.ndarray)))


def _precision(dtype: Any, ctx: Context, op: str) -> torch.dtype:
    return torch_dtype(ctx.precision if dtype is None else dtype, op)


@implements(ops.logspace, NAME)
def torch_logspace(start: Any, stop: Any, num: int, endpoint: bool, base: float, dtype: Any, ctx: Context) -> T:
    device = _device(ctx, "logspace")
    step = (stop - start) / max(num - 1 if endpoint else num, 1)
    exponents = start + step * torch.arange(num, dtype=torch.float64, device=device)
    if endpoint and num > 1:
        exponents[-1] = stop
    return torch.pow(torch.tensor(float(base), dtype=torch.float64, device=device), exponents).to(
        _precision(dtype, ctx, "logspace")
    )


@implements(ops.identity, NAME)
def torch_identity(n: int, dtype: Any, ctx: Context) -> T:
    dt = _precision(dtype, ctx, "identity")
    work = torch.int64 if dt in _WIDE_UINTS else dt
    return torch.eye(n, dtype=work, device=_device(ctx, "identity")).to(dt)


@implements(ops.indices, NAME)
def torch_indices(dimensions: Any, dtype: Any, ctx: Context) -> T:
    dims = _shape(dimensions, "indices", "dimensions")
    dt = torch.int64 if dtype is None else torch_dtype(dtype, "indices")
    device = _device(ctx, "indices")
    if not dims:
        return torch.zeros((0,), dtype=dt, device=device)
    grids = torch.meshgrid(*(torch.arange(d, device=device) for d in dims), indexing="ij")
    return torch.stack(grids).to(dt)


@implements(ops.triu_indices, NAME)
def torch_triu_indices(n: int, k: int, m: Any, ctx: Context) -> tuple[T, T]:
    rows, cols = torch.triu_indices(n, n if m is None else m, k, device=_device(ctx, "triu_indices"))
    return rows, cols


@implements(ops.tril_indices, NAME)
def torch_tril_indices(n: int, k: int, m: Any, ctx: Context) -> tuple[T, T]:
    rows, cols = torch.tril_indices(n, n if m is None else m, k, device=_device(ctx, "tril_indices"))
    return rows, cols


_options.extend_torch(T, torch.Generator)


# --- random on a torch.Generator ---------------------------------------------------------------
@implements(ops.integers, torch.Generator)
def torch_integers(rng: torch.Generator, low: Any, high: Any, size: Any, dtype: Any, endpoint: bool) -> T:
    if high is None:
        low, high = 0, low
    if endpoint:
        high = high + 1
    if high <= low:
        raise ValueError(f"integers: high <= low ({high} <= {low}); pass low < high")
    shape = () if size is None else _shape(size, "integers", "size")
    dt = torch.int64 if dtype is None else torch_dtype(dtype, "integers")
    return torch.randint(int(low), int(high), shape, generator=rng, device=rng.device, dtype=torch.int64).to(dt)


@implements(ops.permutation, torch.Generator)
def torch_permutation(rng: torch.Generator, x: Any) -> T:
    if isinstance(x, (int, np.integer)):
        return torch.randperm(int(x), generator=rng, device=rng.device)
    x = _on(x, rng.device)
    if x.ndim == 0:
        raise ValueError("permutation: x must be an integer or at least 1-dimensional")
    return x[torch.randperm(x.shape[0], generator=rng, device=rng.device)]


@implements(ops.shuffle, torch.Generator)
def torch_shuffle(rng: torch.Generator, x: Any, axis: int) -> T:
    x = _on(x, rng.device)
    order = torch.randperm(x.shape[axis], generator=rng, device=rng.device)
    return x.index_select(axis, order)

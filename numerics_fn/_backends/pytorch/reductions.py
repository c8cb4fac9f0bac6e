"""Reductions (``sum``, ``mean``, ``max``, ``argmax``, ``std``, ``all``, ``cumulative_sum``, ...) with NumPy's
result dtypes (unsigned sums are uint64) and axes (``axis=()`` reduces nothing), and whole-array
comparisons (``isclose``, ``allclose``, ``array_equal``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._dispatch import implements_on, shortcut
from ..._ops import equal
from .dtypes import (
    _INEXACT,
    _NUMPY_OF_TORCH,
    _UNSIGNED,
    _WIDE_UINTS,
    _inexact,
    _opt_dtype,
    _promote2,
    _unify,
    torch_dtype,
)
from .semantics import _SIGN_BIT, NAME, T, _axes, _bits, _int64, _lex_order, _parts, on

__all__: list[str] = []


_sum = torch.sum  # bound once: each ``torch.<name>`` is a lookup in a large dict


@implements_on(ops.trace, T, NAME)
def torch_trace(a: torch.Tensor, offset: int, axis1: int, axis2: int) -> torch.Tensor:
    return torch_sum(torch.diagonal(a, offset, axis1, axis2), -1, None, False)  # NumPy's sum dtypes (uint64)


# dtypes whose torch sum is NumPy's without options (unsigned sums are uint64 in NumPy, int64 in torch)
_SUM_NATIVE = frozenset(_NUMPY_OF_TORCH) - _UNSIGNED


def _over(a: torch.Tensor, axes: tuple[int, ...]) -> torch.Tensor:
    """``a`` with ``axes`` moved to the end and flattened into one (of length 1 where ``axes`` is empty)."""
    if a.ndim == 0:
        return a.reshape(1)
    rest = [i for i in range(a.ndim) if i not in axes]
    size = math.prod(a.shape[i] for i in axes)
    return a.permute(*rest, *axes).reshape(*(a.shape[i] for i in rest), size)


def _kept(out: torch.Tensor, a: torch.Tensor, axes: tuple[int, ...], keepdims: bool) -> torch.Tensor:
    return out.reshape([1 if i in axes else n for i, n in enumerate(a.shape)]) if keepdims else out


def torch_sum(a: torch.Tensor, axis: Any, dtype: Any, keepdims: bool) -> torch.Tensor:
    # integer sums promote to int64 in torch as in NumPy; unsigned ones to uint64 in NumPy (modular: in int64 bits)
    dt = None if dtype is None else torch_dtype(dtype, "sum")
    if axis is None and dt is None and not keepdims and a.dtype not in _UNSIGNED:
        return _sum(a)  # torch parses explicit None arguments slowly
    if axis.__class__ is int and dt is None and a.dtype not in _UNSIGNED:  # sum(a, axis=0): torch's own
        try:
            return _sum(a, axis, keepdims)
        except IndexError:
            pass  # out of range: _axes raises NumPy's AxisError
    axes = _axes(a, axis, "sum")
    if dt is None and a.dtype in _UNSIGNED:
        return torch_sum(_bits(a), axis, None, keepdims).view(torch.uint64)
    if dt in _WIDE_UINTS:
        return (
            torch_sum(_bits(a.to(dt)), axis, None, keepdims).to(dt)
            if dt is not torch.uint64
            else torch_sum(_bits(a.to(dt)), axis, None, keepdims).view(torch.uint64)
        )
    if axis == ():  # no axis: nothing reduced, as NumPy (torch's dim=() reduces every axis)
        return torch.sum(a.unsqueeze(-1), -1, dtype=dt)  # a sum over a new axis of one: sum's dtype, a copy
    return torch.sum(a, axes, keepdims, dtype=dt)


# sum(x) and sum(x, axis, keepdims) for an int axis (torch's own, as torch_sum; out of range: torch_sum's AxisError)
_SUM_OPTIONS = ((int,), None, (bool,))
implements_on(ops.sum, T, NAME)(
    shortcut(
        _sum,
        torch_sum,
        _SUM_NATIVE,
        (None, None, False),
        retry=(TypeError, IndexError),
        array_type=T,
        options_fn=_sum,
        options=_SUM_OPTIONS,
    )
)


def torch_mean(a: torch.Tensor, axis: Any, dtype: Any, keepdims: bool) -> torch.Tensor:
    dt = None if dtype is None else torch_dtype(dtype, "mean")
    axes = _axes(a, axis, "mean", ufunc=False)
    if axis == ():  # no axis: nothing reduced, as NumPy (torch's dim=() reduces every axis)
        return _mean_of_one(a.to(dt) if dt is not None else _inexact(a))
    return torch.mean(a if dt is not None else _inexact(a), axes, keepdims, dtype=dt)


# mean(x) and mean(x, axis, keepdims) of an inexact x for an int axis, x not 0-d (torch takes axis 0 of a 0-d
# tensor, NumPy's mean does not): torch's own, as torch_mean
_mean = torch.mean
implements_on(ops.mean, T, NAME)(
    shortcut(
        _mean,
        torch_mean,
        _INEXACT,
        (None, None, False),
        retry=(TypeError, IndexError),
        array_type=T,
        options_fn=_mean,
        options=_SUM_OPTIONS,
        needs_ndim=True,
    )
)


def _mean_of_one(x: torch.Tensor) -> torch.Tensor:
    """Each element of inexact ``x`` as NumPy's mean of it alone: ``(0 + x) / 1`` (-0.0 becomes 0.0), complex
    through NumPy's complex division by ``1 + 0j`` (``inf + 3j`` becomes ``inf + nanj``)."""
    if not x.is_complex():
        return x + 0.0
    re, im = x.real + 0.0, x.imag + 0.0
    return torch.complex(re + im * 0.0, im - re * 0.0)


@implements_on(ops.prod, T, NAME)
def torch_prod(a: torch.Tensor, axis: Any, dtype: Any, keepdims: bool) -> torch.Tensor:
    dt = None if dtype is None else torch_dtype(dtype, "prod")
    axes = _axes(a, axis, "prod")
    if (dt is None and a.dtype in _UNSIGNED) or dt in _WIDE_UINTS:
        target = torch.uint64 if dt is None else dt  # NumPy's unsigned product is uint64 (modular: in int64 bits)
        out = torch_prod(_bits(a if dt is None else a.to(dt)), axis, None, keepdims)
        return out.view(torch.uint64) if target is torch.uint64 else out.to(target)
    if isinstance(axis, int) and a.ndim:
        return torch.prod(a, axis, keepdims, dtype=dt)
    # torch.prod reduces one axis or all: the axes moved to the end and flattened into one
    return _kept(torch.prod(_over(a, axes), -1, dtype=dt), a, axes, keepdims)


def _empty_reduction(a: torch.Tensor, axes: tuple[int, ...], what: str) -> None:
    if any(a.shape[i] == 0 for i in axes) or (not axes and a.numel() == 0 and a.ndim == 0):
        raise ValueError(what)


def _extreme(a: torch.Tensor, axis: Any, keepdims: bool, largest: bool) -> torch.Tensor:
    name = "maximum" if largest else "minimum"
    axes = _axes(a, axis, "max" if largest else "min")
    if axis == ():  # no axis: nothing reduced, as NumPy (torch's dim=() reduces every axis)
        return a.clone()
    _empty_reduction(a, axes, f"zero-size array to reduction operation {name} which has no identity")
    d = a.dtype
    if d.is_complex:  # NumPy's lexicographic order; the first NaN (in C order) propagated
        flat = _over(a, tuple(sorted(axes)))
        order = _lex_order(flat, descending=largest)
        nan = torch.isnan(flat.real) | torch.isnan(flat.imag)
        pick = torch.where(nan.any(-1), torch.argmax(nan.to(torch.uint8), -1), order[..., 0])
        return _kept(torch.gather(flat, -1, pick.unsqueeze(-1)).squeeze(-1), a, axes, keepdims)
    if d is torch.uint64:  # ordered as int64 with the sign bit flipped
        key = a.view(torch.int64) ^ _SIGN_BIT
        return (_extreme(key, axis, keepdims, largest) ^ _SIGN_BIT).view(torch.uint64)
    if d in _WIDE_UINTS:
        return _extreme(a.to(torch.int64), axis, keepdims, largest).to(d)
    return (torch.amax if largest else torch.amin)(a, axes, keepdims)


@implements_on(ops.max, T, NAME)
def torch_max(a: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
    return _extreme(a, axis, keepdims, True)


@implements_on(ops.min, T, NAME)
def torch_min(a: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
    return _extreme(a, axis, keepdims, False)


def _arg_extreme(a: torch.Tensor, axis: Any, keepdims: bool, largest: bool) -> torch.Tensor:
    name = "argmax" if largest else "argmin"
    if axis is not None and not isinstance(axis, int):
        raise TypeError(f"{name}: 'axis' must be None or an int, got {axis!r}")
    axes = _axes(a, axis, name) if a.ndim or axis not in (0, -1) else ()  # NumPy takes axis 0 of a 0-d array
    _empty_reduction(a, axes, f"attempt to get {name} of an empty sequence")
    d = a.dtype
    if d.is_complex or d is torch.bool or d in _WIDE_UINTS:
        x = a.reshape(-1) if axis is None or not a.ndim else a.movedim(axis, -1)
        if d.is_complex:
            idx = _lex_order(x, descending=largest)[..., 0]
            nan = torch.isnan(x.real) | torch.isnan(x.imag)
            idx = torch.where(nan.any(-1), torch.argmax(nan.to(torch.uint8), -1), idx)  # the first NaN, as NumPy
        else:
            key = x.view(torch.int64) ^ _SIGN_BIT if d is torch.uint64 else x.to(torch.int64)
            idx = (torch.argmax if largest else torch.argmin)(key, -1)
        if keepdims:
            idx = idx.reshape([1] * a.ndim) if axis is None else idx.unsqueeze(axis)
        return idx
    return (torch.argmax if largest else torch.argmin)(a, axis, keepdims)


@implements_on(ops.argmax, T, NAME)
def torch_argmax(a: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
    return _arg_extreme(a, axis, keepdims, True)


@implements_on(ops.argmin, T, NAME)
def torch_argmin(a: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
    return _arg_extreme(a, axis, keepdims, False)


@implements_on(ops.std, T, NAME)
def torch_std(a: torch.Tensor, axis: Any, ddof: int, keepdims: bool, correction: Any) -> torch.Tensor:
    _axes(a, axis, "std", ufunc=False)
    if axis == ():  # nothing reduced (torch's dim=() reduces every axis)
        return torch.sqrt(torch_var(a, axis, ddof, keepdims, correction))
    return torch.std(_inexact(a), axis, correction=ddof if correction is None else correction, keepdim=keepdims)


@implements_on(ops.var, T, NAME)
def torch_var(a: torch.Tensor, axis: Any, ddof: int, keepdims: bool, correction: Any) -> torch.Tensor:
    _axes(a, axis, "var", ufunc=False)
    if axis == ():  # each element alone: |x - mean(x)|**2 / (1 - correction), as NumPy (nan for inf and nan)
        x = _inexact(a)
        dev = x - _mean_of_one(x)
        square = dev.real * dev.real + dev.imag * dev.imag if dev.is_complex() else dev * dev
        return square / (1 - (ddof if correction is None else correction))
    return torch.var(_inexact(a), axis, correction=ddof if correction is None else correction, keepdim=keepdims)


@implements_on(ops.isclose, T, NAME)
def torch_isclose(a: torch.Tensor, b: torch.Tensor, rtol: float, atol: float, equal_nan: bool) -> torch.Tensor:
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    return torch.isclose(a, b, rtol, atol, equal_nan)


@implements_on(ops.allclose, T, NAME)
def torch_allclose(a: torch.Tensor, b: torch.Tensor, rtol: float, atol: float, equal_nan: bool) -> bool:
    return bool(torch_isclose(a, b, rtol, atol, equal_nan).all())


def _cumulative(fn: Callable[..., torch.Tensor], initial: int, name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, axis: int | None, dtype: Any, include_initial: bool) -> torch.Tensor:
        if x.ndim == 0:  # NumPy takes a 0-d array as 1-D
            x = x.reshape(1)
        if axis is None:
            if x.ndim > 1:
                raise ValueError(f"{name}: axis=None needs a 0-d or 1-D array, got {x.ndim}-D; pass axis")
            x, axis = x.reshape(-1), 0
        dt = _opt_dtype(dtype, name)
        if (dt is None and x.dtype in _UNSIGNED) or dt in _WIDE_UINTS or x.dtype in _WIDE_UINTS:
            # NumPy's uint64 for unsigned input (torch: int64), and no torch kernel for wide uints
            target = dt or (torch.uint64 if x.dtype in _UNSIGNED else torch.int64)
            return impl(x.to(torch.int64), axis, torch.int64, include_initial).to(target)
        out = fn(x, dim=axis, dtype=dt)
        if include_initial:
            shape = list(out.shape)
            shape[axis] = 1
            out = torch.cat([torch.full(shape, initial, dtype=out.dtype, device=out.device), out], dim=axis)
        return out

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


on(ops.cumulative_sum)(_cumulative(torch.cumsum, 0, "cumulative_sum"))
on(ops.cumulative_prod)(_cumulative(torch.cumprod, 1, "cumulative_prod"))


def _truth(fn: Callable[..., torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
        if axis is None:
            out = fn(x).to(torch.bool)  # torch gives uint8 for uint8 input
            return out.reshape((1,) * x.ndim) if keepdims else out
        return fn(x, dim=axis, keepdim=keepdims).to(torch.bool)  # torch gives uint8 for uint8 input

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


on(ops.all)(_truth(torch.all, "all"))
on(ops.any)(_truth(torch.any, "any"))


@on(ops.diff)
def torch_diff(x: torch.Tensor, axis: int, n: int, prepend: Any, append: Any) -> torch.Tensor:
    if x.ndim == 0:
        raise ValueError("diff: the input must be at least one-dimensional, got a 0-d array")
    ends = [
        v if v is None or isinstance(v, torch.Tensor) else torch.as_tensor(np.asarray(v), device=x.device)
        for v in (prepend, append)  # (a Python number with NumPy's dtype for it, as np.diff's asanyarray)
    ]
    if any(e is not None and e.ndim == 0 for e in ends):  # NumPy broadcasts a scalar end
        width = [1 if i == axis % x.ndim else n for i, n in enumerate(x.shape)]
        ends = [e if e is None or e.ndim else e.expand(width) for e in ends]
    dtypes = {e.dtype for e in ends if e is not None}
    if dtypes - {x.dtype}:
        x, *rest = _unify([x, *(e for e in ends if e is not None)])
        it = iter(rest)
        ends = [None if e is None else next(it) for e in ends]
    if x.dtype in _WIDE_UINTS:  # no torch kernel: modular differences in int64, as the hardware's
        y, *rest = _int64(x, *(e for e in ends if e is not None))
        it = iter(rest)
        wide = [None if e is None else next(it) for e in ends]
        return torch.diff(y, n=n, dim=axis, prepend=wide[0], append=wide[1]).to(x.dtype)
    if x.is_complex():  # NumPy subtracts the parts (torch's complex diff gives nan+nanj beside inf, +0 for -0)
        parts = [None if e is None else _parts(e) for e in ends]
        dim = axis % x.ndim
        return torch.view_as_complex(torch.diff(_parts(x), n=n, dim=dim, prepend=parts[0], append=parts[1]))
    return torch.diff(x, n=n, dim=axis, prepend=ends[0], append=ends[1])


@on(ops.array_equal)
def torch_array_equal(a1: T, a2: T, equal_nan: bool) -> bool:
    if a1.shape != a2.shape:
        return False
    same = equal(a1, a2)  # NumPy's promotion (torch cannot compare int64 with uint64)
    if equal_nan and (a1.is_floating_point() or a1.is_complex()) and (a2.is_floating_point() or a2.is_complex()):
        same = same | (torch.isnan(a1) & torch.isnan(a2))
    return bool(same.all())

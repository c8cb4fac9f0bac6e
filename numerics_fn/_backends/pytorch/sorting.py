"""Sorting, searching, counting and sets, in NumPy's order (complex numbers by real then imaginary part,
NaNs last, uint64 above 2**63): ``sort``, ``argsort``, ``lexsort``, ``top_k``, ``searchsorted``, ``nonzero``,
``argwhere``, ``count_nonzero``, ``unique*``, ``isin``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import torch

from ... import _ops as ops
from ..._dispatch import implements_on
from .dtypes import _I64, _NATIVE_REAL, _U64, _WIDE_UINTS, _same
from .semantics import (
    _SIGN_BIT,
    NAME,
    T,
    _argsort,
    _axes,
    _bits,
    _from_bits,
    _int64,
    _int64_if_wide,
    _isnan_any,
    _lex_order,
    on,
)

__all__: list[str] = []


@implements_on(ops.nonzero, T, NAME)
def torch_nonzero(a: torch.Tensor) -> tuple[torch.Tensor, ...]:
    if a.ndim == 0:  # as NumPy 2 and the Array API standard (torch treats it as 1-D)
        raise ValueError("nonzero: a 0-d array has no axes to index; use nf.reshape(a, (1,)) or bool(a)")
    return torch.nonzero(a != 0 if a.dtype in _WIDE_UINTS else a, as_tuple=True)  # (no uint16/32/64 kernel)


class UniqueAllResult(NamedTuple):
    values: torch.Tensor
    indices: torch.Tensor
    inverse_indices: torch.Tensor
    counts: torch.Tensor


class UniqueCountsResult(NamedTuple):
    values: torch.Tensor
    counts: torch.Tensor


class UniqueInverseResult(NamedTuple):
    values: torch.Tensor
    inverse_indices: torch.Tensor


def _sort_order(
    x: torch.Tensor, axis: Any, descending: bool, stable: bool, op: str
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(x', order)``: ``x`` (flattened for axis None) and the indices that sort it along ``axis`` as NumPy:
    complex numbers by real then imaginary part, uint64 above 2**63 in order."""
    if axis is None:
        x, axis = x.reshape(-1), -1
    _axes(x, axis, op, ufunc=False)
    d = x.dtype
    if d.is_complex:
        moved = x.movedim(axis, -1)
        order = _lex_order(moved, descending)
        if descending:  # NaNs last, as NumPy's descending sort (the reverse of its ascending one) has them first
            nan = torch.gather(_isnan_any(moved), -1, order)
            order = torch.gather(order, -1, torch.argsort(nan.to(torch.uint8), dim=-1, stable=True))
        return x, order.movedim(-1, axis)
    key = x.view(_I64) ^ _SIGN_BIT if d is _U64 else x.to(torch.uint8) if d is torch.bool else x
    return x, torch.argsort(key, dim=axis, descending=descending, stable=stable)


@on(ops.sort)
def torch_sort(x: torch.Tensor, axis: int, descending: bool, stable: bool) -> torch.Tensor:
    if x.dtype in _NATIVE_REAL and axis is not None and x.ndim:
        return torch.sort(x, dim=axis, descending=descending, stable=stable).values
    y, order = _sort_order(x, axis, descending, stable, "sort")
    if y.dtype in _WIDE_UINTS:  # torch gathers no uint16/32/64
        return _from_bits(torch.gather(_bits(y), -1 if axis is None else axis, order), y.dtype)
    return torch.gather(y, -1 if axis is None else axis, order)


@on(ops.argsort)
def torch_argsort(x: torch.Tensor, axis: int, descending: bool, stable: bool) -> torch.Tensor:
    if x.dtype in _NATIVE_REAL and axis is not None and x.ndim:
        return torch.argsort(x, dim=axis, descending=descending, stable=stable)
    if not x.ndim and axis in (0, -1):  # NumPy sorts a 0-d array as one of shape (1,)
        return torch.zeros(1, dtype=_I64, device=x.device)
    return _sort_order(x, axis, descending, stable, "argsort")[1]


@on(ops.searchsorted)
def torch_searchsorted(x1: torch.Tensor, x2: torch.Tensor, side: str, sorter: Any) -> torch.Tensor:
    x1, x2 = _int64(*_same(x1, x2))
    if x1.dtype is torch.bool:  # no torch kernel: False < True as 0 < 1
        x1, x2 = x1.to(torch.uint8), x2.to(torch.uint8)
    return torch.searchsorted(x1, x2, side=side, sorter=sorter)


@on(ops.count_nonzero)
def torch_count_nonzero(x: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
    if axis == ():  # nothing reduced: 1 where non-zero (torch's dim=() counts over every axis)
        return (x != 0).to(_I64)
    (y,) = _int64(x)
    out = torch.count_nonzero(y, dim=axis)
    if keepdims:
        axes = range(x.ndim) if axis is None else (axis,) if isinstance(axis, int) else axis
        kept = {a % x.ndim for a in axes}
        out = out.reshape([1 if i in kept else n for i, n in enumerate(x.shape)])
    return out


def _unique(x: torch.Tensor, inverse: bool = False, counts: bool = False) -> Any:
    """`torch.unique`, sorted, also of complex input (torch has none: a lexicographic sort of
    (real, imag) as NumPy's, then runs of equal values; every nan is distinct)."""
    if not x.is_complex():
        return torch.unique(x, return_inverse=inverse, return_counts=counts)
    flat = x.reshape(-1)
    order = _lex_order(flat, descending=False)
    ordered = flat[order]
    starts = torch.ones_like(ordered, dtype=torch.bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    out: list[torch.Tensor] = [ordered[starts]]
    if inverse:
        out.append(torch.empty_like(order).scatter_(0, order, torch.cumsum(starts, 0) - 1))
    if counts:
        positions = torch.nonzero(starts).reshape(-1)
        out.append(torch.diff(positions, append=torch.tensor([flat.numel()], device=x.device)))
    return tuple(out) if len(out) > 1 else out[0]


@on(ops.unique_values)
def torch_unique_values(x: torch.Tensor) -> torch.Tensor:
    out: torch.Tensor = _unique(x)
    return out


@on(ops.unique_counts)
def torch_unique_counts(x: torch.Tensor) -> UniqueCountsResult:
    values, counts = _unique(x, counts=True)
    return UniqueCountsResult(values, counts)


@on(ops.unique_inverse)
def torch_unique_inverse(x: torch.Tensor) -> UniqueInverseResult:
    values, inverse = _unique(x, inverse=True)
    return UniqueInverseResult(values, inverse.reshape(x.shape))


@on(ops.unique_all)
def torch_unique_all(x: torch.Tensor) -> UniqueAllResult:
    values, inverse, counts = _unique(x, inverse=True, counts=True)
    flat = inverse.reshape(-1)
    # the first occurrence of each value: the smallest flat position that maps to it
    positions = torch.arange(flat.numel(), device=x.device)
    first = torch.full((values.numel(),), flat.numel(), dtype=torch.int64, device=x.device)
    first = first.scatter_reduce(0, flat, positions, reduce="amin")
    return UniqueAllResult(values, first, inverse.reshape(x.shape), counts)


@on(ops.isin)
def torch_isin(x1: torch.Tensor, x2: torch.Tensor, invert: bool) -> torch.Tensor:
    x1, x2 = _same(x1, x2)
    if x1.is_complex() or x1.dtype is torch.bool:  # torch's isin takes neither: compare every pair
        found = (x1.unsqueeze(-1) == x2.reshape(-1)).any(-1)
        return ~found if invert else found
    if x1.dtype is _U64:
        return torch.isin(x1.view(_I64), x2.view(_I64), invert=invert)
    return torch.isin(*_int64(x1, x2), invert=invert)


@on(ops.argwhere)
def torch_argwhere(a: T) -> T:
    a = _int64_if_wide(a)
    return torch.argwhere(a) if a.ndim else torch.argwhere(a.reshape(1))[:, :0]


@on(ops.flatnonzero)
def torch_flatnonzero(a: T) -> T:
    return torch.nonzero(_int64_if_wide(a).reshape(-1)).reshape(-1)


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

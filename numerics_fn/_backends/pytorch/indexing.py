"""Indexing: ``index_update`` (NumPy's ``x[index] = values`` without mutating ``x``), ``take``,
``take_along_axis``, ``put_along_axis``, ``fill_diagonal``, ``unravel_index``, ``ravel_multi_index``, ``one_hot``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._dispatch import implements_on
from ..._errors import MixedBackendError
from ..numpy_like.core import host_index, map_index, negative_step
from .conversion import _foreign_to_tensor, _on, _owner
from .dtypes import _WIDE_UINTS, torch_dtype
from .semantics import NAME, T, _int64, _int64_if_wide, _shape, on

__all__: list[str] = []


@implements_on(ops.index_update, T, NAME)
def torch_index_update(x: torch.Tensor, index: Any, values: Any) -> torch.Tensor:
    owner = _owner(values)
    if owner == "cupynumeric":
        raise MixedBackendError(
            "index_update: argument 'values' is a cupynumeric array but argument 0 (x) is a torch.Tensor; convert "
            "one with nf.convert(values, 'pytorch') or nf.convert(x, 'cupynumeric')"
        )
    if owner is not None or isinstance(values, (list, tuple)):
        values = values if isinstance(values, T) else _foreign_to_tensor(values)
        values = values.to(device=x.device, dtype=x.dtype)  # NumPy's assignment casts to x's dtype
    out = x.clone()
    index = map_index(index, functools.partial(_index_item, device=x.device))
    if negative_step(index):  # torch slices take no negative step: assign at the flat positions NumPy's index selects
        positions = np.arange(x.numel()).reshape(tuple(x.shape))[map_index(index, host_index)]
        flat = torch.from_numpy(np.ascontiguousarray(positions)).to(x.device)
        values = torch.as_tensor(values, dtype=x.dtype, device=x.device)
        out.view(-1)[flat] = torch.broadcast_to(values, flat.shape)
        return out
    out[index] = values
    return out


def _index_item(item: Any, device: torch.device) -> Any:
    """One index item as torch takes it: NumPy and cuPyNumeric arrays as tensors on ``device``."""
    if isinstance(item, T):
        return item if item.device == device else item.to(device)
    if isinstance(item, np.generic):
        return item.item()
    owner = _owner(item)
    return item if owner is None else _foreign_to_tensor(item).to(device)


@on(ops.take)
def torch_take(x: torch.Tensor, indices: torch.Tensor, axis: int | None) -> torch.Tensor:
    if axis is None:
        x, axis = x.reshape(-1), 0
    indices = indices.to(torch.int64)
    indices = torch.where(indices < 0, indices + x.shape[axis], indices)  # Python's negative indices
    (y,) = _int64(x)
    return torch.index_select(y, axis, indices).to(x.dtype)


@on(ops.take_along_axis)
def torch_take_along_axis(x: torch.Tensor, indices: torch.Tensor, axis: int) -> torch.Tensor:
    (y,) = _int64(x)
    return torch.take_along_dim(y, indices.to(torch.int64), dim=axis).to(x.dtype)


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


@on(ops.one_hot)
def torch_one_hot(x: T, num_classes: int, dtype: Any) -> T:
    if x.is_floating_point() or x.is_complex() or x.dtype == torch.bool:
        raise TypeError(f"one_hot: argument 'x' must hold integer labels, got {x.dtype} data; cast it with nf.astype")
    x = _int64_if_wide(x)
    if x.numel() and bool(((x < 0) | (x >= num_classes)).any()):
        raise IndexError(f"one_hot: a label lies outside [0, {num_classes}) (num_classes={num_classes})")
    dt = torch.int64 if dtype is None else torch_dtype(dtype, "one_hot")
    return (x[..., None] == torch.arange(num_classes, device=x.device)).to(dt)

"""Shape and joining: ``reshape``, ``transpose``, ``stack``, ``concatenate``, ``squeeze``, ``broadcast_to``,
``flip``, ``split``, ``pad``, ... (joined arrays are promoted to NumPy's common dtype first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._dispatch import implements_on, shortcut
from ..numpy_like.core import sequence_axis_error
from .dtypes import _unify, torch_dtype
from .semantics import NAME, T, _int64, _shape, on

__all__: list[str] = []


_reshape = torch.reshape  # bound once: each ``torch.<name>`` is a lookup in a large dict


def torch_reshape(a: torch.Tensor, shape_: Any, copy: bool | None) -> torch.Tensor:
    try:  # torch.reshape: faster per call than the Tensor.reshape method (benchmarks/)
        out = _reshape(a, shape_)
    except TypeError:
        out = a.reshape(shape_)  # an int or a list, which only the method takes (as NumPy does)
    if copy is None:
        return out
    if copy and a.numel() and out.data_ptr() == a.data_ptr():
        return out.clone()
    if copy is False and a.numel() and out.data_ptr() != a.data_ptr():
        raise ValueError(f"reshape: copy=False, but shape {tuple(a.shape)} cannot become {shape_} without a copy")
    return out


implements_on(ops.reshape, T, NAME)(shortcut(_reshape, torch_reshape, None, (None,), n_leading=2))


implements_on(ops.moveaxis, T, NAME)(torch.movedim)
implements_on(ops.diag, T, NAME)(torch.diag)


@implements_on(ops.transpose, T, NAME)
def torch_transpose(a: torch.Tensor, axes: Any) -> torch.Tensor:
    # NumPy reverses every axis when axes is None (torch's transpose swaps two).
    return a.permute(tuple(range(a.ndim - 1, -1, -1)) if axes is None else tuple(axes))


@implements_on(ops.stack, T, NAME)
def torch_stack(arrays: Sequence[torch.Tensor], axis: int) -> torch.Tensor:
    try:
        return torch.stack(_unify(arrays), axis)
    except TypeError as err:
        raise sequence_axis_error("stack", axis, err) from err
    except IndexError:  # no arrays (_unify reads the first): NumPy's error
        if len(arrays):
            raise
        raise ValueError("need at least one array to stack") from None


@implements_on(ops.concatenate, T, NAME)
def torch_concatenate(arrays: Sequence[torch.Tensor], axis: int | None) -> torch.Tensor:
    if not len(arrays):
        raise ValueError("need at least one array to concatenate")  # NumPy's error
    arrays = _unify(arrays)
    if axis is None:  # NumPy flattens first
        return torch.cat([a.reshape(-1) for a in arrays])
    try:
        return torch.cat(arrays, axis)
    except TypeError as err:
        raise sequence_axis_error("concatenate", axis, err) from err


@implements_on(ops.squeeze, T, NAME)
def torch_squeeze(a: torch.Tensor, axis: Any) -> torch.Tensor:
    if axis is None:
        return torch.squeeze(a)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for ax in axes:  # torch silently keeps an axis whose length is not 1; NumPy raises
        if a.shape[ax] != 1:
            raise ValueError(
                f"squeeze: axis {ax} has length {a.shape[ax]}, not 1, in an array of shape {tuple(a.shape)}; "
                "pass only axes of length 1"
            )
    return torch.squeeze(a, axes)


@implements_on(ops.expand_dims, T, NAME)
def torch_expand_dims(a: torch.Tensor, axis: Any) -> torch.Tensor:
    if isinstance(axis, int):
        return torch.unsqueeze(a, axis)
    ndim = a.ndim + len(axis)
    positions = sorted(ax % ndim if -ndim <= ax < ndim else ndim for ax in axis)
    if positions and (positions[-1] >= ndim or len(set(positions)) < len(positions)):  # as NumPy: an error
        raise ValueError(f"expand_dims: axis {axis} has a repeated or out-of-range entry for a {a.ndim}-D array")
    for ax in positions:  # NumPy's axes are positions in the result
        a = torch.unsqueeze(a, ax)
    return a


@on(ops.matrix_transpose)
def torch_matrix_transpose(x: torch.Tensor) -> torch.Tensor:
    return x.mT


@on(ops.broadcast_arrays)
def torch_broadcast_arrays(*arrays: torch.Tensor) -> tuple[torch.Tensor, ...]:
    return tuple(torch.broadcast_tensors(*arrays))


@on(ops.broadcast_to)
def torch_broadcast_to(x: torch.Tensor, shape: Any) -> torch.Tensor:
    return torch.broadcast_to(x, _shape(shape, "broadcast_to"))


@on(ops.flip)
def torch_flip(x: torch.Tensor, axis: Any) -> torch.Tensor:
    dims = tuple(range(x.ndim)) if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    (y,) = _int64(x)  # torch has no flip kernel for uint16/32/64
    return torch.flip(y, dims).to(x.dtype)


@on(ops.repeat)
def torch_repeat(x: torch.Tensor, repeats: Any, axis: int | None) -> torch.Tensor:
    if not isinstance(repeats, (int, torch.Tensor)):
        repeats = torch.as_tensor(np.asarray(repeats), device=x.device)
    if isinstance(repeats, torch.Tensor):
        repeats = repeats.to(torch.int64)  # torch counts in int64 only
    (y,) = _int64(x)
    return torch.repeat_interleave(y, repeats, dim=axis).to(x.dtype)


@on(ops.roll)
def torch_roll(x: torch.Tensor, shift: Any, axis: Any) -> torch.Tensor:
    if axis is None:  # NumPy rolls the flattened array
        return torch.roll(x.reshape(-1), shift).reshape(x.shape)
    return torch.roll(x, shift, axis)


@on(ops.tile)
def torch_tile(x: torch.Tensor, repetitions: Any) -> torch.Tensor:
    return torch.tile(x, _shape(repetitions, "tile", "repetitions"))


@on(ops.unstack)
def torch_unstack(x: torch.Tensor, axis: int) -> tuple[torch.Tensor, ...]:
    return torch.unbind(x, axis)


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

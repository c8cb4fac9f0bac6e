"""Shape, joining and indexing functions, for NumPy and cuPyNumeric: functions taking the library module ``xp``
first."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ... import _ops as ops
from ..._errors import MixedBackendError
from .. import mixing_target
from .binding import Entry
from .core import host_index, map_index, native, negative_step, owner_of, partial_mask, sequence_axis_error

__all__ = ["TABLE"]


def reshape(xp: Any, a: Any, shape_: Any, copy: bool | None) -> Any:
    # the method, not xp.reshape: a C call where np.reshape is a Python wrapper (this frame costs less)
    return a.reshape(shape_) if copy is None else a.reshape(shape_, copy=copy)


def _join(xp: Any, name: str, arrays: Any, axis: Any) -> Any:
    """``stack`` or ``concatenate`` (``name``) of ``arrays`` along ``axis``."""
    join = getattr(xp, name)
    try:
        return join(arrays, axis)
    except TypeError as err:
        if axis.__class__ is not int and isinstance(axis, numbers.Integral):  # cuPyNumeric takes int only
            return join(arrays, int(axis))
        raise sequence_axis_error(name, axis, err) from err


def stack(xp: Any, arrays: Any, axis: Any) -> Any:
    return _join(xp, "stack", arrays, axis)


def concatenate(xp: Any, arrays: Any, axis: Any) -> Any:
    return _join(xp, "concatenate", arrays, axis)


def index_update(xp: Any, x: Any, index: Any, values: Any) -> Any:
    backend = xp.__name__  # a NumPy-like backend is named as its library
    owner = owner_of(values)
    if owner not in (None, backend):  # x and values of two backends: where the mixing rule runs them
        target, stranger = mixing_target((backend, owner))
        if stranger is not None:
            raise MixedBackendError(
                f"index_update: argument 'values' is a {owner} array but argument 0 (x) is a {backend} array; "
                f"convert one with nf.convert(x, {owner!r}) or nf.convert(values, {backend!r})"
            )
        if target == owner:
            device = getattr(values, "device", None) if owner == "pytorch" else None
            return ops.index_update(ops.convert(x, owner, None if device is None else str(device)), index, values)
        values = ops.convert(values, backend)
    out = xp.array(x, copy=True)

    def own_index(item: Any) -> Any:
        return item if owner_of(item) in (None, backend) else xp.asarray(ops.to_numpy(item))

    index = map_index(index, own_index)
    if xp is not np and (negative_step(index) or partial_mask(index, out.ndim)):
        # cuPyNumeric takes neither a negative step nor a mask of fewer axes than x's: the flat positions
        positions = np.arange(out.size).reshape(out.shape)[map_index(index, host_index)]
        flat = out.ravel()
        update = xp.broadcast_to(xp.asarray(values).astype(out.dtype), positions.shape)
        flat[xp.asarray(positions.ravel())] = update.ravel()
        return flat.reshape(out.shape)
    out[index] = values
    return out


def matrix_transpose(xp: Any, x: Any) -> Any:
    return xp.swapaxes(x, -1, -2)


def broadcast_arrays(xp: Any, *arrays: Any) -> Any:
    return tuple(xp.broadcast_arrays(*arrays))


def flip(xp: Any, x: Any, axis: Any) -> Any:
    return xp.flip(x, axis=axis)


def repeat(xp: Any, x: Any, repeats: Any, axis: int | None) -> Any:
    return xp.repeat(x, repeats, axis=axis)


def roll(xp: Any, x: Any, shift: Any, axis: Any) -> Any:
    return xp.roll(x, shift, axis=axis)


def unstack(xp: Any, x: Any, axis: int) -> Any:
    return tuple(xp.moveaxis(x, axis, 0))


def take(xp: Any, x: Any, indices: Any, axis: int | None) -> Any:
    return xp.take(x, indices, axis=axis)


def take_along_axis(xp: Any, x: Any, indices: Any, axis: int) -> Any:
    return xp.take_along_axis(x, indices, axis)


def pad(xp: Any, array_: Any, pad_width: Any, mode: str, constant_values: Any) -> Any:
    if mode == "constant":
        return xp.pad(array_, pad_width, mode, constant_values=constant_values)
    return xp.pad(array_, pad_width, mode)


def ascontiguousarray(xp: Any, a: Any, dtype: Any) -> Any:
    dt = native(dtype, "ascontiguousarray")
    if xp is np:
        return np.ascontiguousarray(a, dtype=dt)
    out = xp.asarray(a, dtype=dt)
    return xp.reshape(out, (1,)) if out.ndim == 0 else out


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


def unravel_index(xp: Any, indices_: Any, shape_: Any, order: str) -> Any:
    return tuple(xp.unravel_index(indices_, shape_, order=order))


def ravel_multi_index(xp: Any, arrays_: Any, dims: Any, mode: str, order: str) -> Any:
    return xp.ravel_multi_index(tuple(arrays_), dims, mode=mode, order=order)


TABLE: tuple[Entry, ...] = (
    (ops.reshape, reshape),
    (ops.transpose, "transpose"),
    (ops.moveaxis, "moveaxis"),
    (ops.stack, stack),
    (ops.concatenate, concatenate),
    (ops.squeeze, "squeeze"),
    (ops.index_update, index_update),
    (ops.expand_dims, "expand_dims"),
    (ops.matrix_transpose, matrix_transpose),
    (ops.broadcast_arrays, broadcast_arrays),
    (ops.broadcast_to, "broadcast_to"),
    (ops.flip, flip),
    (ops.repeat, repeat),
    (ops.roll, roll),
    (ops.tile, "tile"),
    (ops.unstack, unstack),
    (ops.take, take),
    (ops.take_along_axis, take_along_axis),
    (ops.ravel, "ravel"),
    (ops.swapaxes, "swapaxes"),
    (ops.vstack, "vstack"),
    (ops.hstack, "hstack"),
    (ops.dstack, "dstack"),
    (ops.column_stack, "column_stack"),
    (ops.atleast_1d, "atleast_1d"),
    (ops.atleast_2d, "atleast_2d"),
    (ops.atleast_3d, "atleast_3d"),
    (ops.split, "split"),
    (ops.array_split, "array_split"),
    (ops.append, "append"),
    (ops.pad, pad),
    (ops.ascontiguousarray, ascontiguousarray),
    (ops.fill_diagonal, fill_diagonal),
    (ops.put_along_axis, put_along_axis),
    (ops.unravel_index, unravel_index),
    (ops.ravel_multi_index, ravel_multi_index),
)

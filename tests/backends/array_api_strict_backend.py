"""A backend from outside numerics_fn, in one module: array-api-strict, the Array API standard's reference library.

This is CONTRIBUTING.md's worked example of adding a backend. The module

1. describes the backend as data and registers it (`BACKEND`, below): its name, its library and array type,
   this module as the implementation module, the pyproject extra, how its dtypes print, and the mixing rule
   (it absorbs NumPy arrays, as torch and cuPyNumeric do);
2. defines what the dispatch core asks of an implementation module: ``NAME``, ``ARRAY_TYPES``,
   ``coerce_operands`` and ``native_dtype``;
3. registers an implementation of each catalogue op with ``nf.implements``, written with the standard's
   functions only (``xp.<name>``), composing NumPy's functions that the standard lacks (``kron``, ``pad``,
   ``quantile``, ...) from them. NumPy's names that are another name of a standard function (``arccos``) share
   its registration.

NumPy is the contract: results have NumPy's values, dtypes and shapes. NumPy decides each dtype
(``np.result_type``, and for elementwise functions the loop that ``np.<ufunc>.resolve_dtypes`` picks), so an
int array plus a float array is float64, bool data is added and compared as NumPy does, and complex numbers are
ordered by real part, then imaginary part, where the standard refuses all three.

The ops it leaves unregistered are those the standard gives no way to write: random numbers (the standard
has none); calling one on this backend raises `nf.UnsupportedTypeError` naming the op and the backend
(tests/test_proof_backend.py declares them). The library has no float16: where NumPy's answer would be float16
(``exp`` of an int8 array), the call raises `nf.UnsupportedTypeError` rather than answer in another dtype.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import array_api_strict as xp
import numpy as np
from array_api_strict._array_object import Array

import numerics_fn as nf

# --- 1. the descriptor ----------------------------------------------------------------------------------------
BACKEND = nf.register_backend(
    nf.BackendSpec(
        name="array_api_strict",
        library="array_api_strict",
        array_types=("_array_object.Array",),
        implementation=__name__,
        extra="array-api-strict",
        distribution="array-api-strict",
        priority=10,
        absorbs=("numpy",),
        dtype_library="array_api_strict",  # its dtypes print as array_api_strict.float64: any dtype= takes them
    )
)

# --- 2. what the dispatch core reads ----------------------------------------------------------------------------
NAME = BACKEND.name
ARRAY_TYPES: tuple[type, ...] = (Array,)
implements = nf.implements

_DTYPE_NAMES = (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
)  # fmt: skip
_NUMPY_OF = {getattr(xp, name): np.dtype(name) for name in _DTYPE_NAMES}
_STRICT_OF = {np.dtype(name): getattr(xp, name) for name in _DTYPE_NAMES}
_NUMBERS = (bool, int, float, complex)
_NUMPY_CONTEXT = nf.Context(backend="numpy")


def native_dtype(name: str) -> Any:
    """The library's dtype of canonical name ``name`` (what ``nf.get_backend(NAME).float64`` returns)."""
    return getattr(xp, name)


def _strict_dtype(dtype: Any, op: str) -> Any:
    """The library's dtype for a NumPy dtype (NumPy decides result dtypes here); float16 has no equivalent."""
    try:
        return _STRICT_OF[np.dtype(dtype)]
    except (KeyError, TypeError):
        raise nf.UnsupportedTypeError(
            f"{op}: the result would have dtype {dtype!r}, which array-api-strict does not have; cast the input to "
            "a dtype it has (float32, float64, ...) first"
        ) from None


def _dtype(dtype: Any, op: str) -> Any:
    """The library's dtype for any ``dtype=`` a user may pass (a name, an nf token, a NumPy or a strict dtype)."""
    if dtype is None or dtype in _NUMPY_OF:
        return dtype
    try:
        return _strict_dtype(np.dtype(dtype), op)
    except TypeError:
        raise nf.UnsupportedTypeError(f"{op}: argument 'dtype' is {dtype!r}, which is not a dtype") from None


def _np(dtype: Any) -> np.dtype[Any]:
    return _NUMPY_OF[dtype]


def _is(x: Array, kind: str) -> bool:
    return bool(xp.isdtype(x.dtype, kind))


def _to_strict(value: Any) -> Any:
    """A NumPy array or scalar, or a list holding arrays, as a strict array; other values as they are."""
    if isinstance(value, Array) or value is None or isinstance(value, _NUMBERS):
        return value
    if isinstance(value, (list, tuple)) and any(isinstance(v, Array) for v in _flat(value)):
        return _promoted_stack([_to_strict(v) for v in value], "asarray")
    if isinstance(value, (np.ndarray, np.generic)):
        return xp.asarray(value)
    return xp.asarray(nf.asarray(value, ctx=_NUMPY_CONTEXT))  # neutral data: read as nf reads it for NumPy


def _flat(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [w for v in value for w in _flat(v)]
    return [value]


def _result_dtype(values: Sequence[Any], op: str) -> Any:
    """NumPy's result dtype of arrays and Python numbers (weak, as NumPy's), as the library's dtype."""
    parts = [_np(v.dtype) if isinstance(v, Array) else v for v in values if v is not None]  # dtypes stay as they are
    return _strict_dtype(np.result_type(*parts), op)


def _promote(*values: Any, op: str = "numerics_fn", at_least: Any = None) -> tuple[Any, ...]:
    """``values`` as strict arrays of one dtype, NumPy's promotion of them (and of ``at_least``: a NumPy dtype
    such as float16 for functions whose NumPy loops are floating point only); None stays None."""
    values = tuple(_to_strict(v) for v in values)
    target = _result_dtype(values if at_least is None else (*values, np.dtype(at_least)), op)
    return tuple(
        v if v is None else xp.astype(v, target, copy=False) if isinstance(v, Array) else xp.asarray(v, dtype=target)
        for v in values
    )


def _promoted_stack(arrays: Sequence[Any], op: str, axis: int = 0) -> Array:
    return xp.stack(_promote(*arrays, op=op), axis=axis)


def coerce_operands(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The dispatched values of a mixed call as strict arrays: NumPy arrays (and lists holding arrays) become
    arrays of their own dtype; Python numbers 0-d arrays of NumPy's result dtype of all operands (weak, as in
    NumPy: a float32 array and ``2.0`` stay float32); None stays None (``clip``'s bounds)."""
    arrays = tuple(_to_strict(v) if not isinstance(v, _NUMBERS) else v for v in values)
    if not any(isinstance(v, _NUMBERS) for v in arrays):
        return arrays
    target = _result_dtype(arrays, "numerics_fn")
    return tuple(xp.asarray(v, dtype=target) if isinstance(v, _NUMBERS) else v for v in arrays)


def _axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """A reduction's ``axis`` (None, an int or a tuple) as a tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim if ndim else a for a in (axis if isinstance(axis, tuple) else (axis,)))


def _size(shape: Sequence[int]) -> int:
    return math.prod(shape)


# --- 3. the implementations -------------------------------------------------------------------------------------
def _on(op: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register for ``op`` with its dispatched arguments all strict arrays (creation ops: this backend's
    Context; sequence and variadic ops: a list of arrays)."""
    op_ = op.__op__  # type: ignore[attr-defined]
    if op_.kind == "creation":
        return implements(op, NAME)
    if op_.kind in ("sequence", "variadic"):
        return implements(op, [Array])
    return implements(op, *(Array,) * op_.n_arrays)


# --- creation: neutral data is read as nf reads it for NumPy, then handed to the library -------------------------
def _check_device(device: Any, op: str) -> None:
    if device not in (None, "cpu"):
        raise nf.DeviceError(f"{op}: array-api-strict runs on the CPU only, got device={device!r}; pass device=None")


def _float_dtype(dtype: Any, ctx: nf.Context, op: str, kind: str = "f") -> Any:
    """``dtype``, else the Context's precision for float data (``kind`` "c": complex)."""
    if dtype is not None:
        return _dtype(dtype, op)
    name = ctx.precision if kind == "f" else ("complex64" if ctx.precision == "float32" else "complex128")
    return getattr(xp, name)


def _fill_dtype(value: Any, dtype: Any, ctx: nf.Context, op: str) -> Any:
    """NumPy's dtype for a Python ``value`` (bool, int64, or the precision's float/complex) unless ``dtype``."""
    if dtype is not None or not isinstance(value, (bool, int)):
        return _float_dtype(dtype, ctx, op, "c" if isinstance(value, complex) else "f")
    return xp.bool if isinstance(value, bool) else xp.int64


def _from_neutral(obj: Any, dtype: Any, ctx: nf.Context, op: str, copy: Any = None) -> Array:
    dt = _dtype(dtype, op)
    numpy_ctx = ctx.replace(backend="numpy", device=None)
    return xp.asarray(nf.asarray(obj, dtype=None if dt is None else _np(dt), copy=copy, ctx=numpy_ctx))


@_on(nf.asarray)
def strict_asarray(obj: Any, dtype: Any, device: Any, copy: Any, ctx: nf.Context) -> Array:
    _check_device(device, "asarray")
    if isinstance(obj, Array):
        return xp.asarray(obj, dtype=_dtype(dtype, "asarray"), copy=copy)
    return _from_neutral(obj, dtype, ctx, "asarray", copy)


@_on(nf.array)
def strict_array(obj: Any, dtype: Any, ctx: nf.Context) -> Array:
    if isinstance(obj, Array):
        return xp.asarray(obj, dtype=_dtype(dtype, "array"), copy=True)
    return _from_neutral(obj, dtype, ctx, "array", copy=True)


@_on(nf.from_dlpack)
def strict_from_dlpack(x: Any, device: Any, copy: Any, ctx: nf.Context) -> Array:
    _check_device(device, "from_dlpack")
    return xp.from_dlpack(x, copy=copy)


def _shape(shape: Any) -> tuple[int, ...]:
    return tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)


@_on(nf.zeros)
def strict_zeros(shape: Any, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "zeros")
    return xp.zeros(_shape(shape), dtype=_float_dtype(dtype, ctx, "zeros"))


@_on(nf.ones)
def strict_ones(shape: Any, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "ones")
    return xp.ones(_shape(shape), dtype=_float_dtype(dtype, ctx, "ones"))


@_on(nf.empty)
def strict_empty(shape: Any, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "empty")
    return xp.empty(_shape(shape), dtype=_float_dtype(dtype, ctx, "empty"))


@_on(nf.full)
def strict_full(shape: Any, fill_value: Any, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "full")
    return xp.full(_shape(shape), fill_value, dtype=_fill_dtype(fill_value, dtype, ctx, "full"))


@_on(nf.eye)
def strict_eye(n: int, m: Any, k: int, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "eye")
    return xp.eye(n, m, k=k, dtype=_float_dtype(dtype, ctx, "eye"))


@_on(nf.identity)
def strict_identity(n: int, dtype: Any, ctx: nf.Context) -> Array:
    return xp.eye(n, dtype=_float_dtype(dtype, ctx, "identity"))


@_on(nf.arange)
def strict_arange(start: Any, stop: Any, step: Any, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "arange")
    if dtype is None and all(isinstance(v, int) for v in (start, stop, step) if v is not None):
        dt = xp.int64
    else:
        dt = _float_dtype(dtype, ctx, "arange")
    return xp.arange(start, stop, 1 if step is None else step, dtype=dt)


@_on(nf.linspace)
def strict_linspace(start: Any, stop: Any, num: int, endpoint: bool, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "linspace")
    kind = "c" if isinstance(start, complex) or isinstance(stop, complex) else "f"
    return xp.linspace(start, stop, num, dtype=_float_dtype(dtype, ctx, "linspace", kind), endpoint=endpoint)


@_on(nf.logspace)
def strict_logspace(start: Any, stop: Any, num: int, endpoint: bool, base: float, dtype: Any, ctx: nf.Context) -> Array:
    exponents = xp.linspace(start, stop, num, dtype=xp.float64, endpoint=endpoint)
    return xp.astype(xp.pow(xp.asarray(float(base)), exponents), _float_dtype(dtype, ctx, "logspace"))


@_on(nf.indices)
def strict_indices(dimensions: Sequence[int], dtype: Any, ctx: nf.Context) -> Array:
    dt = xp.int64 if dtype is None else _dtype(dtype, "indices")
    grids = xp.meshgrid(*(xp.arange(n, dtype=dt) for n in dimensions), indexing="ij")
    return xp.stack(grids) if grids else xp.empty((0,), dtype=dt)


def _triangle_indices(keep: Callable[..., Array], n: int, k: int, m: Any) -> tuple[Array, ...]:
    return tuple(xp.nonzero(keep(xp.ones((n, n if m is None else m), dtype=xp.bool), k=k)))


@_on(nf.triu_indices)
def strict_triu_indices(n: int, k: int, m: Any, ctx: nf.Context) -> tuple[Array, ...]:
    return _triangle_indices(xp.triu, n, k, m)


@_on(nf.tril_indices)
def strict_tril_indices(n: int, k: int, m: Any, ctx: nf.Context) -> tuple[Array, ...]:
    return _triangle_indices(xp.tril, n, k, m)


def _like(make: Callable[..., Array], op: str) -> Callable[..., Array]:
    def like(x: Array, dtype: Any, device: Any) -> Array:
        _check_device(device, op)
        return make(x, dtype=_dtype(dtype, op))

    return like


_on(nf.zeros_like)(_like(xp.zeros_like, "zeros_like"))
_on(nf.ones_like)(_like(xp.ones_like, "ones_like"))
_on(nf.empty_like)(_like(xp.empty_like, "empty_like"))


@_on(nf.full_like)
def strict_full_like(x: Array, fill_value: Any, dtype: Any, device: Any) -> Array:
    _check_device(device, "full_like")
    return xp.full_like(x, fill_value, dtype=_dtype(dtype, "full_like"))


# --- conversion ----------------------------------------------------------------------------------------------------
@_on(nf.to_numpy)
def strict_to_numpy(x: Array) -> np.ndarray[Any, Any]:
    return np.from_dlpack(x)


@_on(nf.copy)
def strict_copy(a: Array) -> Array:
    return xp.asarray(a, copy=True)


@_on(nf.cast)
def strict_cast(x: Array, dtype: Any) -> Array:
    return _astype(x, _dtype(dtype, "cast"), "cast")


def _astype(x: Array, dtype: Any, op: str, copy: bool = True) -> Array:
    """``xp.astype``, refusing what numerics_fn refuses everywhere: complex to real drops the imaginary part."""
    if _is(x, "complex floating") and not xp.isdtype(dtype, "complex floating"):
        raise nf.UnsupportedTypeError(
            f"{op}: casting {_np(x.dtype)} to {_np(dtype)} would drop the imaginary part; take nf.real(x) or "
            "nf.abs(x) first"
        )
    return xp.astype(x, dtype, copy=copy)


@_on(nf.astype)
def strict_astype(x: Array, dtype: Any, copy: bool, device: Any) -> Array:
    _check_device(device, "astype")
    return _astype(x, _dtype(dtype, "astype"), "astype", copy)


@_on(nf.requires_grad)
def strict_requires_grad(x: Array, flag: bool) -> Array:
    return x  # no autograd: the input unchanged, as the contract says


@_on(nf.detach)
def strict_detach(x: Array) -> Array:
    return x


@_on(nf.ascontiguousarray)
def strict_ascontiguousarray(a: Array, dtype: Any) -> Array:
    out = xp.asarray(a, dtype=_dtype(dtype, "ascontiguousarray"), copy=True)
    return xp.reshape(out, (1,)) if out.ndim == 0 else out


# --- shape ------------------------------------------------------------------------------------------------------------
@_on(nf.reshape)
def strict_reshape(a: Array, shape: Any, copy: Any) -> Array:
    return xp.reshape(a, _shape(shape), copy=copy)


@_on(nf.transpose)
def strict_transpose(a: Array, axes: Any) -> Array:
    return xp.permute_dims(a, tuple(range(a.ndim))[::-1] if axes is None else tuple(axes))


@_on(nf.moveaxis)
def strict_moveaxis(a: Array, source: Any, destination: Any) -> Array:
    return xp.moveaxis(a, source, destination)


@_on(nf.swapaxes)
def strict_swapaxes(a: Array, axis1: int, axis2: int) -> Array:
    order = list(range(a.ndim))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return xp.permute_dims(a, tuple(order))


@_on(nf.matrix_transpose)
def strict_matrix_transpose(x: Array) -> Array:
    return xp.matrix_transpose(x)


@_on(nf.adjoint)
def strict_adjoint(a: Array) -> Array:
    return _elementwise("conj")(xp.matrix_transpose(a))  # NumPy's conj: bool gives int8


@_on(nf.stack)
def strict_stack(arrays: Sequence[Array], axis: int) -> Array:
    return _promoted_stack(arrays, "stack", axis)


@_on(nf.concatenate)
def strict_concatenate(arrays: Sequence[Array], axis: Any) -> Array:
    return xp.concat(_promote(*arrays, op="concatenate"), axis=axis)


@_on(nf.squeeze)
def strict_squeeze(a: Array, axis: Any) -> Array:
    if axis is None:
        axis = tuple(i for i, n in enumerate(a.shape) if n == 1)
    return xp.squeeze(a, axis=axis)


@_on(nf.expand_dims)
def strict_expand_dims(a: Array, axis: Any) -> Array:
    return xp.expand_dims(a, axis=axis)


@_on(nf.ravel)
def strict_ravel(a: Array, order: str) -> Array:
    if order not in ("C", "F", "A", "K"):
        raise ValueError(f"ravel: order must be one of 'C', 'F', 'A', 'K', got {order!r}")
    # a strict array has no memory layout: 'A' and 'K' read it in C order
    return xp.reshape(xp.permute_dims(a, tuple(range(a.ndim))[::-1]) if order == "F" else a, (-1,))


@_on(nf.broadcast_arrays)
def strict_broadcast_arrays(*arrays: Array) -> tuple[Array, ...]:
    return tuple(xp.broadcast_arrays(*arrays))


@_on(nf.broadcast_to)
def strict_broadcast_to(x: Array, shape: Any) -> Array:
    return xp.broadcast_to(x, _shape(shape))


@_on(nf.flip)
def strict_flip(x: Array, axis: Any) -> Array:
    return xp.flip(x, axis=axis)


@_on(nf.repeat)
def strict_repeat(x: Array, repeats: Any, axis: Any) -> Array:
    return xp.repeat(x, _to_strict(repeats), axis=axis)


@_on(nf.roll)
def strict_roll(x: Array, shift: Any, axis: Any) -> Array:
    return xp.roll(x, shift, axis=axis)


@_on(nf.tile)
def strict_tile(x: Array, repetitions: Any) -> Array:
    return xp.tile(x, _shape(repetitions))


@_on(nf.unstack)
def strict_unstack(x: Array, axis: int) -> tuple[Array, ...]:
    return tuple(xp.unstack(x, axis=axis))


@_on(nf.meshgrid)
def strict_meshgrid(*arrays_and_indexing: Any) -> tuple[Array, ...]:
    *arrays, indexing = arrays_and_indexing
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    axes = list(range(len(arrays)))
    if indexing == "xy" and len(arrays) > 1:
        axes[0], axes[1] = 1, 0
    shape = [0] * len(arrays)
    for a, axis in zip(arrays, axes, strict=True):
        shape[axis] = _size(a.shape)
    grids = []
    for a, axis in zip(arrays, axes, strict=True):  # each keeps its dtype, as NumPy's
        along = [1] * len(arrays)
        along[axis] = -1
        grids.append(xp.broadcast_to(xp.reshape(a, tuple(along)), tuple(shape)))
    return tuple(grids)


def _atleast(ndim: int) -> Callable[..., Any]:
    def atleast(*arys: Array) -> Any:
        out = tuple(_atleast_one(a, ndim) for a in arys)
        return out[0] if len(out) == 1 else out

    return atleast


def _atleast_one(a: Array, ndim: int) -> Array:
    if a.ndim >= ndim:
        return a
    if ndim == 3 and a.ndim == 2:
        return a[..., None]
    if ndim == 3:
        return xp.reshape(a, (1, -1, 1))
    return xp.reshape(a, (1,) * (ndim - 1) + (-1,))


_on(nf.atleast_1d)(_atleast(1))
_on(nf.atleast_2d)(_atleast(2))
_on(nf.atleast_3d)(_atleast(3))


@_on(nf.vstack)
def strict_vstack(arrays: Sequence[Array]) -> Array:
    return xp.concat(_promote(*(_atleast_one(a, 2) for a in arrays), op="vstack"), axis=0)


@_on(nf.hstack)
def strict_hstack(arrays: Sequence[Array]) -> Array:
    parts = _promote(*(_atleast_one(a, 1) for a in arrays), op="hstack")
    return xp.concat(parts, axis=0 if parts[0].ndim == 1 else 1)


@_on(nf.dstack)
def strict_dstack(arrays: Sequence[Array]) -> Array:
    return xp.concat(_promote(*(_atleast_one(a, 3) for a in arrays), op="dstack"), axis=2)


@_on(nf.column_stack)
def strict_column_stack(arrays: Sequence[Array]) -> Array:
    columns = [xp.reshape(a, (-1, 1)) if a.ndim < 2 else a for a in arrays]
    return xp.concat(_promote(*columns, op="column_stack"), axis=1)


def _sections(n: int, indices_or_sections: Any, equal: bool) -> list[int]:
    """The boundaries of `split`'s parts of an axis of length ``n``."""
    if isinstance(indices_or_sections, int):
        parts = indices_or_sections
        if equal and n % parts:
            raise ValueError("split: array split does not result in an equal division; use nf.array_split")
        size, extra = divmod(n, parts)
        return [i * size + min(i, extra) for i in range(1, parts)]
    return [int(i) for i in indices_or_sections]


def _split(ary: Array, indices_or_sections: Any, axis: int, equal: bool) -> list[Array]:
    n = ary.shape[axis]
    bounds = [0, *_sections(n, indices_or_sections, equal), n]
    index = [slice(None)] * ary.ndim
    parts = []
    for start, stop in itertools.pairwise(bounds):
        index[axis] = slice(min(start, n), max(min(stop, n), min(start, n)))
        parts.append(ary[tuple(index)])
    return parts


@_on(nf.split)
def strict_split(ary: Array, indices_or_sections: Any, axis: int) -> list[Array]:
    return _split(ary, indices_or_sections, axis, equal=True)


@_on(nf.array_split)
def strict_array_split(ary: Array, indices_or_sections: Any, axis: int) -> list[Array]:
    return _split(ary, indices_or_sections, axis, equal=False)


@_on(nf.append)
def strict_append(arr: Array, values: Array, axis: Any) -> Array:
    arr, values = _promote(arr, values, op="append")
    if axis is None:
        return xp.concat((xp.reshape(arr, (-1,)), xp.reshape(values, (-1,))))
    return xp.concat((arr, values), axis=axis)


def _pairs(value: Any, ndim: int) -> list[list[Any]]:
    """``pad``'s per-axis (before, after) pairs, broadcast as NumPy broadcasts them."""
    return np.broadcast_to(np.asarray(value, dtype=object), (ndim, 2)).tolist()


def _pad_source(n: int, before: int, after: int, mode: str) -> list[int]:
    """For each position of a padded axis of length ``n``, the position of the input it copies."""
    positions = range(-before, n + after)
    if mode == "edge":
        return [min(max(p, 0), n - 1) for p in positions]
    if mode == "wrap":
        return [p % n for p in positions]
    if mode == "symmetric":  # the edge repeated: period 2n
        return [q if q < n else 2 * n - 1 - q for q in (p % (2 * n) for p in positions)]
    period = max(2 * (n - 1), 1)  # reflect: the edge not repeated
    return [q if q < n else period - q for q in (p % period for p in positions)]


@_on(nf.pad)
def strict_pad(array: Array, pad_width: Any, mode: str, constant_values: Any) -> Array:
    widths = _pairs(pad_width, array.ndim)
    out = array
    for axis, (before, after) in enumerate(widths):
        if mode == "constant":
            low, high = _pairs(constant_values, array.ndim)[axis]
            shape = list(out.shape)
            blocks = []
            for width, value in ((before, low), (after, high)):
                shape[axis] = width
                blocks.append(xp.full(tuple(shape), value, dtype=out.dtype))
            out = xp.concat((blocks[0], out, blocks[1]), axis=axis)
        elif mode in ("edge", "wrap", "reflect", "symmetric"):
            source = _pad_source(out.shape[axis], before, after, mode)
            out = xp.take(out, xp.asarray(source, dtype=xp.int64), axis=axis)
        else:
            raise ValueError(
                f"pad: mode {mode!r} is not supported by the array-api-strict backend; use 'constant', 'edge', "
                "'wrap', 'reflect' or 'symmetric'"
            )
    return out


# --- indexing and scattering: the standard has no scatter, so a new array is chosen position by position -------------
def _scatter(x: Array, positions: Array, values: Any) -> Array:
    """``x`` with the flat positions ``positions`` set to ``values`` (broadcast to positions' shape); where a
    position repeats, the last value wins, as in NumPy's assignment."""
    targets = xp.reshape(positions, (-1,))
    if targets.shape[0] == 0:
        return xp.asarray(x, copy=True)
    new = xp.reshape(xp.broadcast_to(xp.astype(_to_strict_like(values, x), x.dtype), positions.shape), (-1,))
    # For every position of x, the last of the targets equal to it (a stable sort keeps repeats in order).
    order = xp.argsort(targets, stable=True)
    ordered = xp.take(targets, order)
    everywhere = xp.arange(_size(x.shape), dtype=xp.int64)
    last = xp.clip(xp.searchsorted(ordered, everywhere, side="right") - 1, 0, None)
    hit = xp.take(ordered, last) == everywhere
    chosen = xp.take(new, xp.take(order, last))
    return xp.reshape(xp.where(hit, chosen, xp.reshape(x, (-1,))), x.shape)


def _to_strict_like(values: Any, x: Array) -> Array:
    values = _to_strict(values)
    return values if isinstance(values, Array) else xp.asarray(values, dtype=x.dtype)


def _positions(shape: tuple[int, ...], index: Any) -> Array:
    """The flat positions that ``x[index]`` selects, in the shape of the selection.

    NumPy's indexing with slices, integers, an Ellipsis and one integer or boolean array is computed here (the
    standard's indexing takes no array beside slices); any other index is the library's own indexing of a grid
    of positions.
    """
    grid = xp.reshape(xp.arange(_size(shape), dtype=xp.int64), shape)
    items = index if isinstance(index, tuple) else (index,)
    items = tuple(i if isinstance(i, (slice, int)) or i is Ellipsis or i is None else _to_strict(i) for i in items)
    ellipses = [at for at, i in enumerate(items) if i is Ellipsis]
    if sum(isinstance(i, Array) for i in items) != 1 or len(ellipses) > 1 or any(i is None for i in items):
        return grid[items if ellipses else (*items, Ellipsis)]
    covered = sum(i.ndim if isinstance(i, Array) and _is(i, "bool") else 1 for i in items if i is not Ellipsis)
    at = ellipses[0] if ellipses else len(items)
    items = items[:at] + (slice(None),) * (len(shape) - covered) + items[at + 1 :]
    # Each item as offsets into the flat array (its axis' indices times the stride; a mask's axes together), in
    # the shape it gives the selection: their outer sum is the selection's positions.
    strides = [_size(shape[i + 1 :]) for i in range(len(shape))]
    parts = []
    axis = 0
    for item in items:
        if isinstance(item, Array) and _is(item, "bool"):
            columns = xp.nonzero(item)
            parts.append(sum((c * strides[axis + j] for j, c in enumerate(columns)), xp.zeros((), dtype=xp.int64)))
            axis += item.ndim
            continue
        n = shape[axis]
        if isinstance(item, slice):
            parts.append(xp.arange(*item.indices(n), dtype=xp.int64) * strides[axis])
        else:
            indices = xp.astype(item, xp.int64) if isinstance(item, Array) else xp.asarray(item, dtype=xp.int64)
            if bool(xp.any((indices < -n) | (indices >= n))):
                raise IndexError(f"index_update: an index is out of bounds for axis {axis} of size {n}")
            parts.append((indices % n) * strides[axis])
        axis += 1
    ndim = sum(p.ndim for p in parts)
    flat = xp.zeros((1,) * ndim, dtype=xp.int64)
    before = 0
    for part in parts:
        flat = flat + xp.reshape(part, (1,) * before + tuple(part.shape) + (1,) * (ndim - before - part.ndim))
        before += part.ndim
    return flat


@_on(nf.index_update)
def strict_index_update(x: Array, index: Any, values: Any) -> Array:
    return _scatter(x, _positions(tuple(x.shape), index), values)


@_on(nf.take)
def strict_take(x: Array, indices: Array, axis: Any) -> Array:
    if axis is None:
        x, axis = xp.reshape(x, (-1,)), 0
    return _take(x, _to_strict(indices), axis)


def _take(x: Array, indices: Array, axis: int) -> Array:
    """NumPy's take: indices of any shape (the standard's take wants them 1-d)."""
    flat = xp.take(x, xp.reshape(indices, (-1,)), axis=axis)
    axis %= x.ndim
    return xp.reshape(flat, tuple(x.shape[:axis]) + tuple(indices.shape) + tuple(x.shape[axis + 1 :]))


@_on(nf.take_along_axis)
def strict_take_along_axis(x: Array, indices: Array, axis: Any) -> Array:
    if axis is None:
        x, axis = xp.reshape(x, (-1,)), 0
    return xp.take_along_axis(x, indices, axis=axis)


@_on(nf.put_along_axis)
def strict_put_along_axis(arr: Array, indices: Array, values: Any, axis: Any) -> Array:
    if axis is None:
        return _scatter(arr, xp.reshape(indices, (-1,)), xp.reshape(_to_strict_like(values, arr), (-1,)))
    grid = xp.reshape(xp.arange(_size(arr.shape), dtype=xp.int64), arr.shape)
    shape = tuple(max(a, b) if b != 1 else a for a, b in zip(indices.shape, arr.shape, strict=True))
    indices = xp.broadcast_to(
        indices,
        tuple(n if i == axis % arr.ndim else m for i, (n, m) in enumerate(zip(indices.shape, shape, strict=True))),
    )
    positions = xp.take_along_axis(grid, indices % arr.shape[axis], axis=axis)
    return _scatter(arr, positions, values)


@_on(nf.fill_diagonal)
def strict_fill_diagonal(a: Array, val: Any, wrap: bool) -> Array:
    if a.ndim == 2:
        n, m = a.shape
        step, end = m + 1, (n * m if wrap else min(n, m) * m)
    else:
        if len(set(a.shape)) != 1:
            raise ValueError("fill_diagonal: all dimensions of a must be of equal length when a.ndim > 2")
        step, end = sum(a.shape[0] ** i for i in range(a.ndim)), _size(a.shape)
    positions = xp.arange(0, end, step, dtype=xp.int64)
    values = xp.reshape(_to_strict_like(val, a), (-1,))
    count = positions.shape[0]
    repeated = xp.take(values, xp.arange(count, dtype=xp.int64) % values.shape[0]) if count else values[:0]
    return _scatter(a, positions, repeated)


@_on(nf.diag)
def strict_diag(v: Array, k: int) -> Array:
    if v.ndim == 2:
        return xp.linalg.diagonal(v, offset=k)
    n = v.shape[0] + abs(k)
    zeros = xp.zeros(abs(k), dtype=v.dtype)
    padded = xp.concat((v, zeros) if k >= 0 else (zeros, v))
    return xp.where(xp.eye(n, k=k, dtype=xp.bool), padded[:, None], xp.zeros((), dtype=v.dtype))


@_on(nf.diagonal)
def strict_diagonal(a: Array, offset: int, axis1: int, axis2: int) -> Array:
    return xp.linalg.diagonal(xp.moveaxis(a, (axis1, axis2), (-2, -1)), offset=offset)


@_on(nf.tril)
def strict_tril(x: Array, k: int) -> Array:
    return xp.tril(x, k=k)


@_on(nf.triu)
def strict_triu(x: Array, k: int) -> Array:
    return xp.triu(x, k=k)


# --- elementwise: the standard's functions, on the dtypes NumPy's ufunc of the same name would use ------------------
#: The catalogue's elementwise ops that are the standard's function and NumPy's ufunc of one name.
_ELEMENTWISE = (
    "abs", "conj", "square", "sign", "negative", "positive", "ceil", "floor", "trunc", "isfinite", "isinf", "isnan",
    "signbit", "reciprocal", "exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "sin", "cos", "tan", "sinh",
    "cosh", "tanh", "acos", "acosh", "asin", "asinh", "atan", "atanh", "logical_not", "bitwise_invert",
    "add", "subtract", "multiply", "divide", "floor_divide", "remainder", "pow", "maximum", "minimum", "atan2",
    "copysign", "hypot", "logaddexp", "nextafter", "equal", "not_equal", "greater", "greater_equal", "less",
    "less_equal", "logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_left_shift", "bitwise_right_shift",
)  # fmt: skip


def _ufunc_dtypes(ufunc: np.ufunc, operands: Sequence[Array]) -> tuple[list[Any], Any]:
    """The library's dtypes of the loop NumPy's ``ufunc`` picks for ``operands`` (its inputs' and its output's):
    NumPy decides (int64 to float64 for ``exp``, bool to int8 for ``floor_divide``, no loop: NumPy's TypeError)."""
    loop = ufunc.resolve_dtypes((*(_np(x.dtype) for x in operands), *(None,) * ufunc.nout))
    return [_strict_dtype(d, ufunc.__name__) for d in loop[: ufunc.nin]], _strict_dtype(loop[ufunc.nin], ufunc.__name__)


#: NumPy orders complex numbers by real part, then imaginary part; the standard does not order them. For each
#: ordering, the comparison of the real parts and of the imaginary parts (where the real parts are equal).
_ORDERINGS = {
    "less": (xp.less, xp.less), "less_equal": (xp.less, xp.less_equal),
    "greater": (xp.greater, xp.greater), "greater_equal": (xp.greater, xp.greater_equal),
}  # fmt: skip


def _lexicographic(name: str, x1: Array, x2: Array) -> Array:
    real, imag = _ORDERINGS[name]
    ordered = real(xp.real(x1), xp.real(x2)) | ((xp.real(x1) == xp.real(x2)) & imag(xp.imag(x1), xp.imag(x2)))
    return ordered & xp.logical_not(xp.isnan(x1) | xp.isnan(x2))  # a NaN in either part: unordered


def _signed_beside_unsigned(fn: Callable[..., Array], x1: Array, x2: Array) -> Array:
    """Comparison ``fn`` of int64 with uint64, exact as NumPy's (no dtype holds both): a negative value is below
    every unsigned one, the others compare as uint64."""
    signed, unsigned = (x1, x2) if _is(x1, "signed integer") else (x2, x1)
    negative = signed < 0
    as_unsigned = xp.astype(xp.where(negative, xp.zeros_like(signed), signed), unsigned.dtype)
    if signed is x1:
        compared, below = fn(as_unsigned, unsigned), fn(xp.asarray(-1), xp.asarray(0))
    else:
        compared, below = fn(unsigned, as_unsigned), fn(xp.asarray(0), xp.asarray(-1))
    return xp.where(negative, below, compared)


def _elementwise(name: str) -> Callable[..., Array]:
    fn, ufunc = getattr(xp, name), getattr(np, name)

    def elementwise(*operands: Array) -> Array:
        inputs, output = _ufunc_dtypes(ufunc, operands)
        if len(set(inputs)) > 1:  # NumPy's loop for int64 beside uint64 (comparisons only)
            return _signed_beside_unsigned(fn, *operands)
        if name in _ORDERINGS and xp.isdtype(inputs[0], "complex floating"):
            return _lexicographic(name, *(xp.astype(x, inputs[0]) for x in operands))
        if name in ("maximum", "minimum") and xp.isdtype(inputs[0], "complex floating"):
            return _complex_pair_extreme(*(xp.astype(x, inputs[0]) for x in operands), largest=name == "maximum")
        if name.startswith("logical_"):  # NumPy's logical functions read numbers as truth values
            args = [x if _is(x, "bool") else x != 0 for x in operands]
        else:
            args = [xp.astype(x, dt, copy=False) for x, dt in zip(operands, inputs, strict=True)]
        if inputs[0] == xp.bool and not name.startswith(("bitwise_", "logical_")):
            args = [xp.astype(x, xp.uint8) for x in args]  # the standard's arithmetic takes no bool: 0 and 1
        return xp.astype(fn(*args), output, copy=False)

    elementwise.__name__ = elementwise.__qualname__ = f"strict_{name}"
    return elementwise


for _name in _ELEMENTWISE:
    _on(getattr(nf, _name))(_elementwise(_name))


@_on(nf.exp2)
def strict_exp2(x: Array) -> Array:
    inputs, output = _ufunc_dtypes(np.exp2, (x,))
    return xp.pow(xp.asarray(2, dtype=output), xp.astype(x, inputs[0]))


@_on(nf.real)
def strict_real(x: Array) -> Array:
    return xp.real(x) if _is(x, "complex floating") else x


@_on(nf.imag)
def strict_imag(x: Array) -> Array:
    return xp.imag(x) if _is(x, "complex floating") else xp.zeros_like(x)


@_on(nf.round)
def strict_round(x: Array, decimals: int) -> Array:
    if decimals == 0 or (decimals > 0 and not _is(x, "real floating") and not _is(x, "complex floating")):
        return xp.round(x)
    scale = 10.0 ** abs(decimals)
    y = xp.astype(x, xp.float64) if _is(x, "integral") else x
    out = xp.round(y * scale) / scale if decimals > 0 else xp.round(y / scale) * scale
    return xp.astype(out, x.dtype)


@_on(nf.clip)
def strict_clip(x: Array, min: Any, max: Any, a_min: Any, a_max: Any) -> Array:
    low = min if a_min is None else a_min
    high = max if a_max is None else a_max
    x, low, high = _promote(x, low, high, op="clip")
    if _is(x, "bool"):  # the standard clips numbers only
        low, high = (None if bound is None else _ordered(bound) for bound in (low, high))
        return xp.astype(xp.clip(_ordered(x), low, high), xp.bool)
    return xp.clip(x, low, high)


@_on(nf.where)
def strict_where(condition: Array, x: Any, y: Any) -> Any:
    condition = condition if _is(condition, "bool") else condition != 0
    if x is None and y is None:
        return tuple(xp.nonzero(condition))
    x, y = _promote(x, y, op="where")
    return xp.where(condition, x, y)


@_on(nf.angle)
def strict_angle(z: Array, deg: bool) -> Array:
    (z,) = _promote(z, op="angle", at_least=np.float16)
    out = xp.atan2(xp.imag(z), xp.real(z)) if _is(z, "complex floating") else xp.atan2(xp.zeros_like(z), z)
    return out * (180.0 / math.pi) if deg else out


@_on(nf.divmod)
def strict_divmod(x1: Array, x2: Array) -> tuple[Array, Array]:
    x1, x2 = _promote(x1, x2, op="divmod")
    return _elementwise("floor_divide")(x1, x2), _elementwise("remainder")(x1, x2)


@_on(nf.nan_to_num)
def strict_nan_to_num(x: Array, copy: bool, nan: float, posinf: Any, neginf: Any) -> Array:
    if _is(x, "complex floating"):
        parts = (
            strict_nan_to_num(xp.real(x), True, nan, posinf, neginf),
            strict_nan_to_num(xp.imag(x), True, nan, posinf, neginf),
        )
        # rebuilt where a part is not finite only: elsewhere x as it is (the sign of a zero part kept)
        return xp.where(xp.isfinite(x), x, parts[0] + parts[1] * xp.asarray(1j, dtype=x.dtype))
    if not _is(x, "real floating"):
        return xp.asarray(x, copy=True)
    info = xp.finfo(x.dtype)
    out = xp.where(xp.isnan(x), xp.asarray(nan, dtype=x.dtype), x)
    out = xp.where(xp.isinf(out) & (out > 0), xp.asarray(info.max if posinf is None else posinf, dtype=x.dtype), out)
    return xp.where(xp.isinf(out) & (out < 0), xp.asarray(info.min if neginf is None else neginf, dtype=x.dtype), out)


@_on(nf.sigmoid)
def strict_sigmoid(x: Array) -> Array:
    (x,) = _promote(x, op="sigmoid", at_least=np.float16)
    small = xp.exp(-xp.abs(x))  # never overflows
    return xp.where(x >= 0, 1 / (1 + small), small / (1 + small))


@_on(nf.relu)
def strict_relu(x: Array) -> Array:
    return _elementwise("maximum")(x, xp.zeros_like(x))


# --- reductions ----------------------------------------------------------------------------------------------------
def _accumulated(x: Array, dtype: Any, op: str) -> Array:
    """``x`` in the dtype a sum or product accumulates in: ``dtype``, else NumPy's (bool and small integers
    widen to int64, or uint64)."""
    if dtype is not None:
        return xp.astype(x, _dtype(dtype, op))
    if _is(x, "bool") or _is(x, "signed integer"):
        return xp.astype(x, xp.int64)
    return xp.astype(x, xp.uint64) if _is(x, "unsigned integer") else x


def _ordered(x: Array) -> Array:
    """``x`` as the standard orders it: bool as 0 and 1 (its sorts, maxima and searches take numbers only)."""
    return xp.astype(x, xp.uint8) if _is(x, "bool") else x


# NumPy orders complex numbers by real part, then imaginary part; the standard orders real numbers only.
def _argsort(x: Array, axis: int, descending: bool = False) -> Array:
    """Stable sorting indices along ``axis`` in NumPy's order: bool as 0 and 1; complex by real part, then
    imaginary part, values with a NaN last (``R + nan j``, then ``nan + R j``, then ``nan + nan j``)."""
    if not _is(x, "complex floating"):
        return xp.argsort(_ordered(x), axis=axis, descending=descending, stable=True)
    if descending:  # stable: the reversed data sorted ascending, read backwards
        last = x.shape[axis] - 1
        return last - xp.flip(_argsort(xp.flip(x, axis=axis), axis), axis=axis)
    nans = xp.astype(xp.isnan(xp.imag(x)), xp.uint8) + 2 * xp.astype(xp.isnan(xp.real(x)), xp.uint8)
    order = xp.argsort(xp.imag(x), axis=axis, stable=True)
    for key in (xp.real(x), nans):  # from the least significant key up
        again = xp.argsort(xp.take_along_axis(key, order, axis=axis), axis=axis, stable=True)
        order = xp.take_along_axis(order, again, axis=axis)
    return order


def _complex_arg_extreme(a: Array, axis: int, keepdims: bool, largest: bool) -> Array:
    """NumPy's argmax (``largest``) or argmin of complex data along ``axis``: the first greatest (least) by real
    part, then imaginary part; the first NaN where there is one."""
    extreme = xp.max if largest else xp.min
    real, imag = xp.real(a), xp.imag(a)
    best = real == extreme(real, axis=axis, keepdims=True)
    fill = xp.asarray(-math.inf if largest else math.inf, dtype=imag.dtype)
    best = best & (imag == extreme(xp.where(best, imag, fill), axis=axis, keepdims=True))
    nan = xp.isnan(a)
    first = xp.argmax(xp.astype(xp.where(xp.any(nan, axis=axis, keepdims=True), nan, best), xp.uint8), axis=axis)
    return xp.expand_dims(first, axis=axis) if keepdims else first


def _complex_extreme(a: Array, axis: Any, keepdims: bool, largest: bool) -> Array:
    """NumPy's max or min of complex data over ``axis`` (see `_complex_arg_extreme`)."""
    data, axes = _to_last_axis(a, axis)
    out = xp.take_along_axis(data, _complex_arg_extreme(data, -1, True, largest), axis=-1)[..., 0]
    return xp.reshape(out, tuple(1 if i in axes else n for i, n in enumerate(a.shape))) if keepdims else out


def _complex_pair_extreme(x1: Array, x2: Array, largest: bool) -> Array:
    """NumPy's maximum (``largest``) or minimum of complex data: NaN where either is (the first), else the
    greater (lesser) by real part, then imaginary part."""
    first = _lexicographic("greater_equal" if largest else "less_equal", x1, x2)
    return xp.where(xp.isnan(x1), x1, xp.where(xp.isnan(x2), x2, xp.where(first, x1, x2)))


def _inexact(x: Array, op: str, dtype: Any = None) -> Array:
    """``x`` in ``dtype``, else as NumPy computes means and statistics: integers and bool as float64."""
    if dtype is not None:
        return xp.astype(x, _dtype(dtype, op))
    return x if _is(x, "real floating") or _is(x, "complex floating") else xp.astype(x, xp.float64)


@_on(nf.sum)
def strict_sum(a: Array, axis: Any, dtype: Any, keepdims: bool) -> Array:
    a = _accumulated(a, dtype, "sum")
    return xp.sum(a, axis=axis, dtype=a.dtype, keepdims=keepdims)


@_on(nf.prod)
def strict_prod(a: Array, axis: Any, dtype: Any, keepdims: bool) -> Array:
    a = _accumulated(a, dtype, "prod")
    return xp.prod(a, axis=axis, dtype=a.dtype, keepdims=keepdims)


@_on(nf.mean)
def strict_mean(a: Array, axis: Any, dtype: Any, keepdims: bool) -> Array:
    return xp.mean(_inexact(a, "mean", dtype), axis=axis, keepdims=keepdims)


@_on(nf.max)
def strict_max(a: Array, axis: Any, keepdims: bool) -> Array:
    if _is(a, "complex floating"):
        return _complex_extreme(a, axis, keepdims, largest=True)
    return xp.astype(xp.max(_ordered(a), axis=axis, keepdims=keepdims), a.dtype)


@_on(nf.min)
def strict_min(a: Array, axis: Any, keepdims: bool) -> Array:
    if _is(a, "complex floating"):
        return _complex_extreme(a, axis, keepdims, largest=False)
    return xp.astype(xp.min(_ordered(a), axis=axis, keepdims=keepdims), a.dtype)


@_on(nf.argmax)
def strict_argmax(a: Array, axis: Any, keepdims: bool) -> Array:
    if _is(a, "complex floating"):
        flat = xp.reshape(a, (-1,)) if axis is None else a
        out = _complex_arg_extreme(flat, 0 if axis is None else axis, keepdims and axis is not None, largest=True)
        return xp.reshape(out, (1,) * a.ndim) if keepdims and axis is None else out
    return xp.argmax(_ordered(a), axis=axis, keepdims=keepdims)


@_on(nf.argmin)
def strict_argmin(a: Array, axis: Any, keepdims: bool) -> Array:
    if _is(a, "complex floating"):
        flat = xp.reshape(a, (-1,)) if axis is None else a
        out = _complex_arg_extreme(flat, 0 if axis is None else axis, keepdims and axis is not None, largest=False)
        return xp.reshape(out, (1,) * a.ndim) if keepdims and axis is None else out
    return xp.argmin(_ordered(a), axis=axis, keepdims=keepdims)


@_on(nf.all)
def strict_all(x: Array, axis: Any, keepdims: bool) -> Array:
    return xp.all(x, axis=axis, keepdims=keepdims)


@_on(nf.any)
def strict_any(x: Array, axis: Any, keepdims: bool) -> Array:
    return xp.any(x, axis=axis, keepdims=keepdims)


@_on(nf.count_nonzero)
def strict_count_nonzero(x: Array, axis: Any, keepdims: bool) -> Array:
    return xp.count_nonzero(x, axis=axis, keepdims=keepdims)


def _squared_deviations(a: Array, axis: Any, keepdims: bool) -> tuple[Array, int]:
    """The sum of ``|a - mean|**2`` over ``axis`` (NumPy's variance algorithm, complex data included), and how
    many values each sum holds."""
    mean = xp.mean(a, axis=axis, keepdims=True)
    d = a - mean
    squares = xp.real(d * xp.conj(d)) if _is(a, "complex floating") else d * d
    return xp.sum(squares, axis=axis, keepdims=keepdims), _size([a.shape[i] for i in _axes(axis, a.ndim)])


def _variance(a: Array, axis: Any, ddof: Any, keepdims: bool, correction: Any, op: str, dtype: Any = None) -> Array:
    total, n = _squared_deviations(_inexact(a, op, dtype), axis, keepdims)
    return total / max(n - (ddof if correction is None else correction), 0)


@_on(nf.var)
def strict_var(a: Array, axis: Any, ddof: Any, keepdims: bool, correction: Any) -> Array:
    return _variance(a, axis, ddof, keepdims, correction, "var")


@_on(nf.std)
def strict_std(a: Array, axis: Any, ddof: Any, keepdims: bool, correction: Any) -> Array:
    return xp.sqrt(_variance(a, axis, ddof, keepdims, correction, "std"))


@_on(nf.cumulative_sum)
def strict_cumulative_sum(x: Array, axis: Any, dtype: Any, include_initial: bool) -> Array:
    x = _accumulated(x, dtype, "cumulative_sum")
    return xp.cumulative_sum(x, axis=axis, dtype=x.dtype, include_initial=include_initial)


@_on(nf.cumulative_prod)
def strict_cumulative_prod(x: Array, axis: Any, dtype: Any, include_initial: bool) -> Array:
    x = _accumulated(x, dtype, "cumulative_prod")
    return xp.cumulative_prod(x, axis=axis, dtype=x.dtype, include_initial=include_initial)


@_on(nf.cumsum)
def strict_cumsum(a: Array, axis: Any, dtype: Any) -> Array:
    if axis is None:
        a, axis = xp.reshape(a, (-1,)), 0
    a = _accumulated(a, dtype, "cumsum")
    return xp.cumulative_sum(a, axis=axis, dtype=a.dtype)


@_on(nf.cumprod)
def strict_cumprod(a: Array, axis: Any, dtype: Any) -> Array:
    if axis is None:
        a, axis = xp.reshape(a, (-1,)), 0
    a = _accumulated(a, dtype, "cumprod")
    return xp.cumulative_prod(a, axis=axis, dtype=a.dtype)


@_on(nf.diff)
def strict_diff(x: Array, axis: int, n: int, prepend: Any, append: Any) -> Array:
    before, after = (_diff_edge(value, x, axis) for value in (prepend, append))
    x, *edges = _promote(x, *(e for e in (before, after) if e is not None), op="diff")
    before = edges.pop(0) if before is not None else None
    after = edges.pop(0) if after is not None else None
    joined = xp.concat(tuple(part for part in (before, x, after) if part is not None), axis=axis)
    if not _is(joined, "bool"):
        return xp.diff(joined, axis=axis, n=n)
    for _ in range(n):  # NumPy's diff of bool data: whether neighbours differ
        joined = xp.diff(xp.astype(joined, xp.int8), axis=axis) != 0
    return joined


def _diff_edge(value: Any, x: Array, axis: int) -> Array | None:
    """``diff``'s ``prepend`` or ``append`` as an array; a number fills one slice along ``axis``, as in NumPy."""
    if value is None:
        return None
    edge = value if isinstance(value, Array) else _to_strict(np.asarray(value))
    if edge.ndim == 0:
        shape = list(x.shape)
        shape[axis] = 1
        edge = xp.broadcast_to(edge, tuple(shape))
    return edge


@_on(nf.logsumexp)
def strict_logsumexp(a: Array, axis: Any, keepdims: bool) -> Array:
    (a,) = _promote(a, op="logsumexp", at_least=np.float16)
    if _size([a.shape[i] for i in _axes(axis, a.ndim)]) == 0:  # nothing to sum: log(0)
        top = xp.zeros(tuple(1 if i in _axes(axis, a.ndim) else n for i, n in enumerate(a.shape)), dtype=a.dtype)
    else:
        top = xp.max(a, axis=axis, keepdims=True)
        top = xp.where(xp.isfinite(top), top, xp.zeros_like(top))
    out = xp.log(xp.sum(xp.exp(a - top), axis=axis, keepdims=True)) + top
    return out if keepdims else xp.squeeze(out, axis=_axes(axis, a.ndim))


@_on(nf.softmax)
def strict_softmax(x: Array, axis: Any) -> Array:
    (x,) = _promote(x, op="softmax", at_least=np.float16)
    e = xp.exp(x - xp.max(x, axis=axis, keepdims=True))
    return e / xp.sum(e, axis=axis, keepdims=True)


# NumPy's nan-functions: NaN is left out of the reduction (a slice of NaN only: NaN, as NumPy's, which warns)
def _nan_masked(a: Array, fill: float) -> Array:
    return xp.where(xp.isnan(a), xp.asarray(fill, dtype=a.dtype), a) if _is(a, "real floating") else a


@_on(nf.nansum)
def strict_nansum(a: Array, axis: Any, dtype: Any, keepdims: bool) -> Array:
    return strict_sum(_nan_masked(a, 0.0), axis, dtype, keepdims)


def _non_nan_count(a: Array, axis: Any, keepdims: bool) -> Array:
    valid = xp.logical_not(xp.isnan(a)) if _is(a, "real floating") else xp.ones_like(a, dtype=xp.bool)
    return xp.sum(xp.astype(valid, xp.int64), axis=axis, keepdims=keepdims)


@_on(nf.nanmean)
def strict_nanmean(a: Array, axis: Any, dtype: Any, keepdims: bool) -> Array:
    a = _inexact(a, "nanmean", dtype)
    return xp.sum(_nan_masked(a, 0.0), axis=axis, keepdims=keepdims) / xp.astype(
        _non_nan_count(a, axis, keepdims), a.dtype
    )


def _nan_extreme(reduce: Callable[..., Array], fill: float) -> Callable[..., Array]:
    def nan_extreme(a: Array, axis: Any, keepdims: bool) -> Array:
        out = reduce(_nan_masked(a, fill), axis, keepdims)
        if not _is(a, "real floating"):
            return out
        only_nan = xp.all(xp.isnan(a), axis=axis, keepdims=keepdims)
        return xp.where(only_nan, xp.asarray(math.nan, dtype=a.dtype), out)

    return nan_extreme


_on(nf.nanmax)(_nan_extreme(strict_max, -math.inf))
_on(nf.nanmin)(_nan_extreme(strict_min, math.inf))


def _nan_arg(reduce: Callable[..., Array], fill: float, op: str) -> Callable[..., Array]:
    def nan_arg(a: Array, axis: Any, keepdims: bool) -> Array:
        if _is(a, "real floating") and bool(xp.any(xp.all(xp.isnan(a), axis=axis))):
            raise ValueError(f"{op}: All-NaN slice encountered")
        return reduce(_nan_masked(a, fill), axis, keepdims)

    return nan_arg


_on(nf.nanargmax)(_nan_arg(strict_argmax, -math.inf, "nanargmax"))
_on(nf.nanargmin)(_nan_arg(strict_argmin, math.inf, "nanargmin"))


def _nan_variance(a: Array, axis: Any, dtype: Any, ddof: Any, keepdims: bool) -> Array:
    a = _inexact(a, "nanvar", dtype)
    count = xp.astype(_non_nan_count(a, axis, True), a.dtype)
    mean = xp.sum(_nan_masked(a, 0.0), axis=axis, keepdims=True) / count
    d = xp.where(xp.isnan(a), xp.zeros((), dtype=a.dtype), a - mean)
    squares = xp.real(d * xp.conj(d)) if _is(a, "complex floating") else d * d
    total = xp.sum(squares, axis=axis, keepdims=keepdims)
    count = xp.astype(_non_nan_count(a, axis, keepdims), total.dtype)
    return total / xp.maximum(count - ddof, xp.zeros_like(count))


@_on(nf.nanvar)
def strict_nanvar(a: Array, axis: Any, dtype: Any, ddof: Any, keepdims: bool) -> Array:
    return _nan_variance(a, axis, dtype, ddof, keepdims)


@_on(nf.nanstd)
def strict_nanstd(a: Array, axis: Any, dtype: Any, ddof: Any, keepdims: bool) -> Array:
    return xp.sqrt(_nan_variance(a, axis, dtype, ddof, keepdims))


# --- quantiles: sorted data, NumPy's methods -----------------------------------------------------------------------
def _to_last_axis(a: Array, axis: Any) -> tuple[Array, tuple[int, ...]]:
    """``a`` with the ``axis`` axes merged into one last axis (in C order), and those axes."""
    axes = tuple(sorted(_axes(axis, a.ndim)))
    rest = tuple(i for i in range(a.ndim) if i not in axes)
    moved = xp.permute_dims(a, rest + axes)
    return xp.reshape(moved, (*(a.shape[i] for i in rest), _size([a.shape[i] for i in axes]))), axes


def _quantile(a: Array, q: Any, axis: Any, method: str, keepdims: bool, op: str, scale: float = 1.0) -> Array:
    """NumPy's quantile (``scale`` 100: percentile) of ``a`` over ``axis``: the levels' axes first."""
    methods = ("linear", "lower", "higher", "nearest", "midpoint")
    if method not in methods:
        raise ValueError(
            f"{op}: method {method!r} is not supported by the array-api-strict backend; use one of {methods}"
        )
    interpolated = method in ("linear", "midpoint")
    if interpolated and _is(a, "bool"):
        raise TypeError(f"{op}: bool data cannot be interpolated (NumPy refuses it too); cast it to a number first")
    levels = _to_strict(q)
    if interpolated:  # NumPy's dtype: the data's float (integers: float64), float64 beside levels in an array
        a = _inexact(a, op)
        (a,) = _promote(a, op=op, at_least=np.float64) if isinstance(levels, Array) else (a,)
    if not isinstance(levels, Array):
        levels = xp.asarray(levels, dtype=xp.float64)
    levels = xp.astype(levels, xp.float64) / scale
    data, axes = _to_last_axis(a, axis)
    if data.shape[-1] == 0:  # an empty slice's quantile is NaN, as NumPy's (which warns)
        out = xp.full((*data.shape[:-1], _size(levels.shape)), math.nan, dtype=a.dtype)
    else:
        out = _sorted_quantile(strict_sort(data, -1, False, True), xp.reshape(levels, (-1,)), method)
    out = xp.moveaxis(out, -1, 0)  # the levels' axes first, as NumPy's
    out = xp.reshape(out, tuple(levels.shape) + tuple(out.shape[1:]))
    return _kept(out, axes, levels.ndim) if keepdims else out


def _kept(out: Array, axes: tuple[int, ...], offset: int = 0) -> Array:
    """A reduction's result ``out`` with its reduced ``axes`` back as length-1 axes (after ``offset`` leading ones)."""
    for axis in sorted(axes):
        out = xp.expand_dims(out, axis=offset + axis)
    return out


def _sorted_quantile(data: Array, q: Array, method: str) -> Array:
    """The quantiles ``q`` (1-d) of each last-axis slice of sorted ``data``, on a new last axis; NaN where a
    slice holds a NaN."""
    n = data.shape[-1]
    position = q * (n - 1)
    below = xp.clip(xp.floor(position), 0, n - 1)
    if method == "lower":
        position = below
    elif method == "higher":
        position = xp.clip(xp.ceil(position), 0, n - 1)
    elif method == "nearest":
        position = xp.round(position)
    if method in ("linear", "midpoint"):
        low = xp.take(data, xp.astype(below, xp.int64), axis=-1)
        high = xp.take(data, xp.astype(xp.clip(below + 1, 0, n - 1), xp.int64), axis=-1)
        t = xp.astype(position - below, data.dtype)
        if method == "midpoint":  # halfway between neighbours
            t = xp.where(t == 0, t, xp.asarray(0.5, dtype=data.dtype))
        step = high - low  # NumPy's interpolation, from the nearer end
        out = xp.where(t >= 0.5, high - step * (1 - t), low + step * t)
    else:
        out = xp.take(data, xp.astype(position, xp.int64), axis=-1)
    if not _is(data, "real floating"):
        return out
    return xp.where(xp.any(xp.isnan(data), axis=-1, keepdims=True), xp.asarray(math.nan, dtype=data.dtype), out)


@_on(nf.quantile)
def strict_quantile(a: Array, q: Any, axis: Any, method: str, keepdims: bool) -> Array:
    return _quantile(a, q, axis, method, keepdims, "quantile")


@_on(nf.percentile)
def strict_percentile(a: Array, q: Any, axis: Any, method: str, keepdims: bool) -> Array:
    return _quantile(a, q, axis, method, keepdims, "percentile", scale=100.0)


@_on(nf.median)
def strict_median(a: Array, axis: Any, keepdims: bool) -> Array:
    a = _inexact(a, "median")  # NumPy's median: the middle value, or the mean of the two middle ones
    data, axes = _to_last_axis(a, axis)
    n = data.shape[-1]
    if n == 0:
        out = xp.full(data.shape[:-1], math.nan, dtype=a.dtype)
    else:
        ordered = strict_sort(data, -1, False, True)
        out = xp.mean(ordered[..., (n - 1) // 2 : n // 2 + 1], axis=-1)
        if _is(a, "real floating"):
            out = xp.where(xp.any(xp.isnan(data), axis=-1), xp.asarray(math.nan, dtype=a.dtype), out)
    return _kept(out, axes) if keepdims else out


@_on(nf.histogram)
def strict_histogram(a: Array, bins: Any, range: Any, density: bool, weights: Any) -> tuple[Array, Array]:
    data = xp.reshape(_inexact(a, "histogram"), (-1,))
    if isinstance(bins, int):
        low, high = range if range is not None else (float(xp.min(data)), float(xp.max(data)))
        if low == high:
            low, high = low - 0.5, high + 0.5
        edges = xp.linspace(low, high, bins + 1, dtype=xp.float64)
    else:
        edges = xp.astype(_to_strict(bins), xp.float64)
    n = edges.shape[0] - 1
    index = xp.searchsorted(edges, xp.astype(data, edges.dtype), side="right") - 1
    index = xp.where(xp.astype(data, edges.dtype) == edges[-1], xp.asarray(n - 1), index)  # the last bin is closed
    onehot = index[:, None] == xp.arange(n, dtype=xp.int64)[None, :]
    if weights is None:
        counts = xp.sum(xp.astype(onehot, xp.int64), axis=0)
    else:
        w = xp.reshape(_to_strict(weights), (-1,))
        counts = xp.sum(xp.where(onehot, w[:, None], xp.zeros((), dtype=w.dtype)), axis=0)
    if density:
        widths = edges[1:] - edges[:-1]
        counts = xp.astype(counts, xp.float64) / xp.sum(xp.astype(counts, xp.float64)) / widths
    return counts, edges


@_on(nf.bincount)
def strict_bincount(x: Array, weights: Any, minlength: int) -> Array:
    x = xp.astype(x, xp.int64) if _is(x, "bool") else x
    if x.ndim != 1 or not _is(x, "integral"):
        raise TypeError("bincount: x must be a 1-d array of non-negative integers")
    if x.shape[0] and bool(xp.any(x < 0)):
        raise ValueError("bincount: x must hold non-negative integers only")
    n = max(int(xp.max(x)) + 1 if x.shape[0] else 0, minlength)
    onehot = x[:, None] == xp.arange(n, dtype=x.dtype)[None, :]
    if weights is None:
        return xp.sum(xp.astype(onehot, xp.int64), axis=0)
    w = xp.astype(_to_strict(weights), xp.float64)
    return xp.sum(xp.where(onehot, w[:, None], xp.zeros((), dtype=xp.float64)), axis=0)


@_on(nf.cov)
def strict_cov(m: Array, y: Any, rowvar: bool, bias: bool, ddof: Any) -> Array:
    variables = [m] if y is None else [m, _to_strict(y)]
    rows = [_atleast_one(v, 2) for v in variables]
    rows = [xp.matrix_transpose(v) if not rowvar and v.shape[0] != 1 else v for v in rows]
    x = xp.concat(_promote(*rows, op="cov", at_least=np.float64), axis=0)
    ddof = (0 if bias else 1) if ddof is None else ddof
    d = x - xp.mean(x, axis=1, keepdims=True)
    c = xp.matmul(d, xp.conj(xp.matrix_transpose(d))) / (x.shape[1] - ddof)
    return xp.squeeze(c, axis=tuple(i for i, n in enumerate(c.shape) if n == 1)) if c.shape == (1, 1) else c


@_on(nf.corrcoef)
def strict_corrcoef(x: Array, y: Any, rowvar: bool) -> Array:
    c = strict_cov(x, y, rowvar, False, None)
    if c.ndim == 0:
        return c / c
    scale = xp.sqrt(xp.real(xp.linalg.diagonal(c)))
    c = c / scale[:, None] / scale[None, :]
    if _is(c, "complex floating"):
        return xp.clip(xp.real(c), -1.0, 1.0) + xp.clip(xp.imag(c), -1.0, 1.0) * xp.asarray(1j, dtype=c.dtype)
    return xp.clip(c, -1.0, 1.0)


# --- comparisons ---------------------------------------------------------------------------------------------------
@_on(nf.isclose)
def strict_isclose(a: Array, b: Array, rtol: float, atol: float, equal_nan: bool) -> Array:
    a, b = _promote(a, b, op="isclose", at_least=np.float16)
    finite = xp.isfinite(a) & xp.isfinite(b)
    zero = xp.zeros((), dtype=a.dtype)
    fa, fb = xp.where(finite, a, zero), xp.where(finite, b, zero)  # no inf - inf
    close = xp.where(finite, xp.abs(fa - fb) <= atol + rtol * xp.abs(fb), a == b)
    return close | (xp.isnan(a) & xp.isnan(b)) if equal_nan else close


@_on(nf.allclose)
def strict_allclose(a: Array, b: Array, rtol: float, atol: float, equal_nan: bool) -> bool:
    return bool(xp.all(strict_isclose(a, b, rtol, atol, equal_nan)))


@_on(nf.array_equal)
def strict_array_equal(a1: Array, a2: Array, equal_nan: bool) -> bool:
    if tuple(a1.shape) != tuple(a2.shape):
        return False
    a1, a2 = _promote(a1, a2, op="array_equal")
    same = a1 == a2
    if equal_nan and (_is(a1, "real floating") or _is(a1, "complex floating")):
        same = same | (xp.isnan(a1) & xp.isnan(a2))
    return bool(xp.all(same))


# --- searching, sorting, sets --------------------------------------------------------------------------------------
def _sort_axis(x: Array, axis: Any) -> tuple[Array, int]:
    return (xp.reshape(x, (-1,)), -1) if axis is None else (x, axis)


@_on(nf.sort)
def strict_sort(x: Array, axis: Any, descending: bool, stable: bool) -> Array:
    x, axis = _sort_axis(x, axis)
    if _is(x, "complex floating"):
        return xp.take_along_axis(x, _argsort(x, axis, descending), axis=axis)
    return xp.astype(xp.sort(_ordered(x), axis=axis, descending=descending, stable=stable), x.dtype)


@_on(nf.argsort)
def strict_argsort(x: Array, axis: Any, descending: bool, stable: bool) -> Array:
    x, axis = _sort_axis(x, axis)
    return _argsort(x, axis, descending)  # stable also where not asked: one valid order among the unstable ones


@_on(nf.argpartition)
def strict_argpartition(a: Array, kth: Any, axis: Any) -> Array:
    a, axis = _sort_axis(a, axis)
    return _argsort(a, axis)  # a full sort is a valid partition around every kth


@_on(nf.top_k)
def strict_top_k(x: Array, k: int, axis: int, largest: bool) -> tuple[Array, Array]:
    order = _argsort(x, axis, descending=largest)
    index = [slice(None)] * x.ndim
    index[axis] = slice(0, k)
    order = order[tuple(index)]
    return xp.take_along_axis(x, order, axis=axis), order


@_on(nf.lexsort)
def strict_lexsort(keys: Sequence[Array], axis: int) -> Array:
    order = _argsort(keys[0], axis)
    for key in keys[1:]:  # the last key sorts first: stable sorts from the least significant key up
        again = _argsort(xp.take_along_axis(key, order, axis=axis), axis)
        order = xp.take_along_axis(order, again, axis=axis)
    return order


@_on(nf.searchsorted)
def strict_searchsorted(x1: Array, x2: Any, side: Any, sorter: Any) -> Array:
    x1, x2 = _promote(x1, x2, op="searchsorted")
    return xp.searchsorted(_ordered(x1), _ordered(x2), side=side, sorter=_to_strict(sorter))


@_on(nf.nonzero)
def strict_nonzero(a: Array) -> tuple[Array, ...]:
    return tuple(xp.nonzero(a))


@_on(nf.argwhere)
def strict_argwhere(a: Array) -> Array:
    return xp.stack(xp.nonzero(a), axis=-1) if a.ndim else xp.reshape(xp.nonzero(xp.reshape(a, (1,)))[0], (-1, 0))


@_on(nf.flatnonzero)
def strict_flatnonzero(a: Array) -> Array:
    return xp.nonzero(xp.reshape(a, (-1,)))[0]


@_on(nf.unique_values)
def strict_unique_values(x: Array) -> Array:
    return xp.unique_values(x)


@_on(nf.unique_counts)
def strict_unique_counts(x: Array) -> tuple[Array, ...]:
    return tuple(xp.unique_counts(x))


@_on(nf.unique_inverse)
def strict_unique_inverse(x: Array) -> tuple[Array, ...]:
    return tuple(xp.unique_inverse(x))


@_on(nf.unique_all)
def strict_unique_all(x: Array) -> tuple[Array, ...]:
    return tuple(xp.unique_all(x))


@_on(nf.isin)
def strict_isin(x1: Array, x2: Array, invert: bool) -> Array:
    x1, x2 = _promote(x1, x2, op="isin")
    if _is(x1, "integral"):
        return xp.isin(x1, x2, invert=invert)
    # the standard's isin takes integers only: compare with every element (NaN is in nothing, as in NumPy)
    found = xp.any(x1[..., None] == xp.reshape(x2, (-1,)), axis=-1)
    return xp.logical_not(found) if invert else found


@_on(nf.unique)
def strict_unique(
    ar: Array, return_index: bool, return_inverse: bool, return_counts: bool, axis: Any, equal_nan: bool
) -> Any:
    if axis is None:
        rows = xp.reshape(ar, (-1, 1))
    else:
        moved = xp.moveaxis(ar, axis, 0)
        rows = xp.reshape(moved, (moved.shape[0], -1))
    n = rows.shape[0]
    order = (
        strict_lexsort([rows[:, j] for j in range(rows.shape[1] - 1, -1, -1)], -1) if rows.shape[1] else xp.arange(n)
    )
    ordered = xp.take(rows, order, axis=0)
    later, earlier = ordered[min(n, 1) :, :], ordered[: max(n - 1, 0), :]  # each row, and the one before it
    differs = later != earlier
    if equal_nan and (_is(ar, "real floating") or _is(ar, "complex floating")):
        differs = differs & xp.logical_not(xp.isnan(later) & xp.isnan(earlier))
    first = xp.concat((xp.ones(min(n, 1), dtype=xp.bool), xp.any(differs, axis=1)))
    starts = xp.nonzero(first)[0]
    values = xp.take(ordered, starts, axis=0)
    if axis is None:
        values = xp.reshape(values, (-1,))
    else:
        values = xp.moveaxis(xp.reshape(values, (-1, *moved.shape[1:])), 0, axis)
    out = [values]
    if return_index:
        out.append(xp.take(order, starts))
    if return_inverse:
        group = xp.cumulative_sum(xp.astype(first, xp.int64)) - 1
        inverse = xp.take(group, xp.argsort(order, stable=True))
        out.append(xp.reshape(inverse, tuple(ar.shape)) if axis is None else inverse)
    if return_counts:
        out.append(xp.diff(xp.concat((starts, xp.asarray([n], dtype=xp.int64)))))
    return out[0] if len(out) == 1 else tuple(out)


@_on(nf.unravel_index)
def strict_unravel_index(indices: Array, shape: Any, order: str) -> tuple[Array, ...]:
    dims = _shape(shape)
    if bool(xp.any((indices < 0) | (indices >= _size(dims)))):
        raise ValueError(f"unravel_index: an index is out of bounds for a size of {_size(dims)}")
    rest = xp.astype(indices, xp.int64)
    out = []
    for n in dims[::-1] if order == "C" else dims:
        out.append(rest % n)
        rest = rest // n
    return tuple(out[::-1] if order == "C" else out)


@_on(nf.ravel_multi_index)
def strict_ravel_multi_index(arrays: Sequence[Array], dims: Any, mode: Any, order: str) -> Array:
    dims = _shape(dims)
    modes = mode if isinstance(mode, tuple) else (mode,) * len(dims)
    flat = xp.zeros((), dtype=xp.int64)
    strides = (
        [_size(dims[i + 1 :]) for i in range(len(dims))]
        if order == "C"
        else [_size(dims[:i]) for i in range(len(dims))]
    )
    for given, n, how, stride in zip(arrays, dims, modes, strides, strict=True):
        index = xp.astype(given, xp.int64)
        if how == "wrap":
            index = index % n
        elif how == "clip":
            index = xp.clip(index, 0, n - 1)
        elif bool(xp.any((index < 0) | (index >= n))):
            raise ValueError("ravel_multi_index: invalid entry in coordinates array")
        flat = flat + index * stride
    return flat


@_on(nf.one_hot)
def strict_one_hot(x: Array, num_classes: int, dtype: Any) -> Array:
    if x.size and bool(xp.any((x < 0) | (x >= num_classes))):
        raise IndexError(f"one_hot: a label is out of range for num_classes={num_classes}")
    hot = x[..., None] == xp.arange(num_classes, dtype=x.dtype)
    return xp.astype(hot, xp.int64 if dtype is None else _dtype(dtype, "one_hot"))


# --- products, linear algebra ---------------------------------------------------------------------------------------
def _boolean_product(impl: Callable[..., Array]) -> Callable[..., Array]:
    """``impl`` for bool arrays too: NumPy's product of bool arrays is bool (an or of ands); the standard's
    products take numbers, so bool operands are multiplied as int64 and the result read as nonzero."""

    @functools.wraps(impl)
    def product(*args: Any) -> Array:
        arrays = [a for a in args if isinstance(a, Array)]
        if not arrays or any(a.dtype != xp.bool for a in arrays):
            return impl(*args)
        return impl(*(xp.astype(a, xp.int64) if isinstance(a, Array) else a for a in args)) != 0

    return product


@_on(nf.matmul)
@_boolean_product
def strict_matmul(x1: Array, x2: Array) -> Array:
    return xp.matmul(*_promote(x1, x2, op="matmul"))


@_on(nf.tensordot)
@_boolean_product
def strict_tensordot(a: Array, b: Array, axes: Any) -> Array:
    return xp.tensordot(*_promote(a, b, op="tensordot"), axes=axes)


@_on(nf.dot)
@_boolean_product
def strict_dot(a: Array, b: Array) -> Array:
    a, b = _promote(a, b, op="dot")
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return xp.tensordot(a, b, axes=((a.ndim - 1,), (max(b.ndim - 2, 0),)))


@_on(nf.inner)
@_boolean_product
def strict_inner(a: Array, b: Array) -> Array:
    a, b = _promote(a, b, op="inner")
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return xp.tensordot(a, b, axes=((a.ndim - 1,), (b.ndim - 1,)))


@_on(nf.vdot)
@_boolean_product
def strict_vdot(a: Array, b: Array) -> Array:
    a, b = _promote(a, b, op="vdot")
    return xp.sum(xp.conj(xp.reshape(a, (-1,))) * xp.reshape(b, (-1,)), dtype=a.dtype)  # NumPy's dot keeps it


@_on(nf.outer)
@_boolean_product
def strict_outer(a: Array, b: Array) -> Array:
    a, b = _promote(a, b, op="outer")
    return xp.reshape(a, (-1, 1)) * xp.reshape(b, (1, -1))


@_on(nf.kron)
@_boolean_product
def strict_kron(a: Array, b: Array) -> Array:
    a, b = _promote(a, b, op="kron")
    ndim = max(a.ndim, b.ndim)
    sa = (1,) * (ndim - a.ndim) + tuple(a.shape)
    sb = (1,) * (ndim - b.ndim) + tuple(b.shape)
    # a on the even axes, b on the odd ones: the product's axis pairs merge into kron's axes
    wide_a = xp.reshape(a, tuple(n for pair in zip(sa, (1,) * ndim, strict=True) for n in pair))
    wide_b = xp.reshape(b, tuple(n for pair in zip((1,) * ndim, sb, strict=True) for n in pair))
    return xp.reshape(wide_a * wide_b, tuple(m * n for m, n in zip(sa, sb, strict=True)))


@_on(nf.vecdot)
@_boolean_product
def strict_vecdot(x1: Array, x2: Array, axis: int) -> Array:
    return xp.vecdot(*_promote(x1, x2, op="vecdot"), axis=axis)


@_on(nf.cross)
def strict_cross(x1: Array, x2: Array, axis: int) -> Array:
    return xp.linalg.cross(*_promote(x1, x2, op="cross"), axis=axis)


@_on(nf.trace)
def strict_trace(a: Array, offset: int, axis1: int, axis2: int) -> Array:
    diagonal = _accumulated(strict_diagonal(a, offset, axis1, axis2), None, "trace")
    return xp.sum(diagonal, axis=-1, dtype=diagonal.dtype)


@_on(nf.einsum)
@_boolean_product
def strict_einsum(subscripts: str, *operands_and_optimize: Any) -> Array:
    *operands, _optimize = operands_and_optimize  # optimize= chooses a contraction order; the result is the same
    operands = list(_promote(*operands, op="einsum"))
    inputs, _, output = subscripts.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if "." in subscripts:
        raise ValueError("einsum: the array-api-strict backend does not take '...' in subscripts; name every axis")
    if "->" not in subscripts:
        output = "".join(sorted(c for c in set(inputs) - {","} if inputs.count(c) == 1))
    letters = list(dict.fromkeys(output + "".join(terms)))
    aligned = []
    for given_term, operand in zip(terms, operands, strict=True):
        term, x = given_term, operand
        for letter in set(term):  # a repeated letter is a diagonal: take it once, as the last axis
            while term.count(letter) > 1:
                i = term.index(letter)
                j = term.index(letter, i + 1)
                x = xp.linalg.diagonal(xp.moveaxis(x, (i, j), (-2, -1)))
                term = "".join(c for k, c in enumerate(term) if k not in (i, j)) + letter
        # every operand over all the letters, in one order, length 1 where it lacks one: the product broadcasts
        present = [c for c in letters if c in term]
        x = xp.permute_dims(x, tuple(term.index(c) for c in present))
        aligned.append(xp.reshape(x, tuple(x.shape[present.index(c)] if c in term else 1 for c in letters)))
    product = aligned[0]
    for factor in aligned[1:]:
        product = product * factor
    summed = tuple(range(len(output), len(letters)))
    return xp.sum(product, axis=summed, dtype=product.dtype) if summed else product


def _linalg_input(x: Array, op: str) -> Array:
    """Linear algebra runs on floating-point data: integers become float64, as in NumPy."""
    return _inexact(x, op)


@_on(nf.svd)
def strict_svd(a: Array, full_matrices: bool) -> tuple[Array, ...]:
    return tuple(xp.linalg.svd(_linalg_input(a, "svd"), full_matrices=full_matrices))


@_on(nf.svdvals)
def strict_svdvals(x: Array) -> Array:
    return xp.linalg.svdvals(_linalg_input(x, "svdvals"))


@_on(nf.qr)
def strict_qr(a: Array, mode: str) -> Any:
    a = _linalg_input(a, "qr")
    if mode == "r":
        return xp.linalg.qr(a).R
    if mode not in ("reduced", "complete"):
        raise ValueError(
            f"qr: mode {mode!r} is not supported by the array-api-strict backend; use 'reduced', 'complete' or 'r'"
        )
    return tuple(xp.linalg.qr(a, mode=mode))


def _hermitian_from(a: Array, uplo: str) -> Array:
    """The Hermitian matrix whose ``uplo`` triangle is ``a``'s (NumPy reads only that one)."""
    if uplo not in ("L", "U"):
        raise ValueError(f"eigh: UPLO must be 'L' or 'U', got {uplo!r}")
    half = xp.tril(a, k=-1) if uplo == "L" else xp.triu(a, k=1)
    diagonal = xp.real(xp.linalg.diagonal(a)) if _is(a, "complex floating") else xp.linalg.diagonal(a)
    eye = xp.eye(a.shape[-1], dtype=a.dtype)
    return half + xp.conj(xp.matrix_transpose(half)) + eye * xp.astype(diagonal, a.dtype)[..., None, :]


@_on(nf.eigh)
def strict_eigh(a: Array, uplo: str) -> tuple[Array, ...]:
    return tuple(xp.linalg.eigh(_hermitian_from(_linalg_input(a, "eigh"), uplo)))


@_on(nf.eigvalsh)
def strict_eigvalsh(x: Array) -> Array:
    return xp.linalg.eigvalsh(_hermitian_from(_linalg_input(x, "eigvalsh"), "L"))


@_on(nf.eig)
def strict_eig(a: Array) -> tuple[Array, Array]:
    w, v = xp.linalg.eig(_linalg_input(a, "eig"))
    if not _is(a, "complex floating") and not bool(xp.any(xp.imag(w) != 0)):
        return xp.real(w), xp.real(v)  # real where every eigenvalue is, as NumPy's
    return w, v


@_on(nf.eigvals)
def strict_eigvals(x: Array) -> Array:
    return xp.linalg.eigvals(_linalg_input(x, "eigvals"))


_SOLVE_KINDS = ("gen", "sym", "her", "pos")


@_on(nf.solve)
def strict_solve(a: Array, b: Array, assume_a: str) -> Array:
    if assume_a not in _SOLVE_KINDS:
        raise ValueError(f"solve: assume_a={assume_a!r} is not supported; use one of {', '.join(_SOLVE_KINDS)}")
    a, b = _promote(a, b, op="solve", at_least=np.float16)
    if assume_a == "pos":
        low = xp.linalg.cholesky(a)  # raises unless a is positive definite
        return xp.linalg.solve(xp.conj(xp.matrix_transpose(low)), xp.linalg.solve(low, b))
    return xp.linalg.solve(a, b)


@_on(nf.inv)
def strict_inv(a: Array) -> Array:
    return xp.linalg.inv(_linalg_input(a, "inv"))


@_on(nf.det)
def strict_det(a: Array) -> Array:
    return xp.linalg.det(_linalg_input(a, "det"))


@_on(nf.slogdet)
def strict_slogdet(x: Array) -> tuple[Array, Array]:
    return tuple(xp.linalg.slogdet(_linalg_input(x, "slogdet")))


@_on(nf.cholesky)
def strict_cholesky(a: Array, upper: bool) -> Array:
    return xp.linalg.cholesky(_linalg_input(a, "cholesky"), upper=upper)


@_on(nf.pinv)
def strict_pinv(x: Array, rtol: Any) -> Array:
    return xp.linalg.pinv(_linalg_input(x, "pinv"), rtol=rtol)


@_on(nf.matrix_rank)
def strict_matrix_rank(x: Array, rtol: Any) -> Array:
    return xp.linalg.matrix_rank(_linalg_input(x, "matrix_rank"), rtol=rtol)


@_on(nf.matrix_power)
def strict_matrix_power(x: Array, n: int) -> Array:
    if n < 0:
        return xp.linalg.matrix_power(_linalg_input(x, "matrix_power"), n)
    # the standard's matrix_power takes floating-point data only; NumPy's keeps integers: repeated squaring
    out = xp.broadcast_to(xp.eye(x.shape[-1], dtype=x.dtype), x.shape)
    square = x
    while n:
        if n & 1:
            out = xp.matmul(out, square)
        n >>= 1
        square = xp.matmul(square, square) if n else square
    return out


@_on(nf.matrix_norm)
def strict_matrix_norm(x: Array, keepdims: bool, ord: Any) -> Array:
    return xp.linalg.matrix_norm(_linalg_input(x, "matrix_norm"), keepdims=keepdims, ord=ord)


@_on(nf.vector_norm)
def strict_vector_norm(x: Array, axis: Any, keepdims: bool, ord: Any) -> Array:
    return xp.linalg.vector_norm(_linalg_input(x, "vector_norm"), axis=axis, keepdims=keepdims, ord=ord)


@_on(nf.norm)
def strict_norm(x: Array, ord: Any, axis: Any, keepdims: bool) -> Array:
    x = _linalg_input(x, "norm")
    if axis is None and ord is None:  # the 2-norm of all values
        return xp.linalg.vector_norm(x, axis=None, keepdims=keepdims)
    if axis is None:
        axis = tuple(range(x.ndim))
    if isinstance(axis, int) or len(axis) == 1:
        return xp.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=2 if ord is None else ord)
    moved = xp.moveaxis(x, axis, (-2, -1))
    out = xp.linalg.matrix_norm(moved, keepdims=keepdims, ord="fro" if ord is None else ord)
    return xp.moveaxis(out, (-2, -1), axis) if keepdims else out


@_on(nf.cond)
def strict_cond(x: Array, p: Any) -> Array:
    x = _linalg_input(x, "cond")
    if p in (None, 2, -2):
        s = xp.linalg.svdvals(x)
        return s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
    return xp.linalg.matrix_norm(x, ord=p) * xp.linalg.matrix_norm(xp.linalg.inv(x), ord=p)


@_on(nf.lstsq)
def strict_lstsq(a: Array, b: Array, rcond: Any) -> tuple[Array, Array, int, Array]:
    a, b = _promote(a, b, op="lstsq", at_least=np.float16)
    m, n = a.shape
    rcond = xp.finfo(a.dtype).eps * max(m, n) if rcond is None else rcond
    s = xp.linalg.svdvals(a)
    rank = int(xp.sum(xp.astype(s > rcond * s[0], xp.int64))) if s.shape[0] else 0
    solution = xp.matmul(xp.linalg.pinv(a, rtol=rcond), b)
    real = xp.real(s).dtype
    if rank == n and m > n:
        r = b - xp.matmul(a, solution)
        residuals = xp.sum(xp.real(r * xp.conj(r)) if _is(r, "complex floating") else r * r, axis=0)
        residuals = xp.reshape(residuals, (-1,))
    else:
        residuals = xp.empty((0,), dtype=real)
    return solution, residuals, rank, s


@_on(nf.polyfit)
def strict_polyfit(x: Array, y: Array, deg: int) -> Array:
    x, y = _promote(x, y, op="polyfit", at_least=np.float64)
    vander = x[:, None] ** xp.arange(deg, -1, -1, dtype=x.dtype)[None, :]
    scale = xp.sqrt(xp.sum(vander * vander, axis=0))  # columns scaled to unit norm, as NumPy's
    rcond = x.shape[0] * xp.finfo(x.dtype).eps
    coefficients = xp.matmul(xp.linalg.pinv(vander / scale, rtol=rcond), y)
    return coefficients / (scale if coefficients.ndim == 1 else scale[:, None])


@_on(nf.polyval)
def strict_polyval(p: Array, x: Array) -> Array:
    p, x = _promote(p, x, op="polyval")
    out = xp.zeros_like(x)
    for i in range(p.shape[0]):  # Horner's scheme, as NumPy's
        out = out * x + p[i]
    return out


def _convolve_full(a: Array, v: Array) -> Array:
    n, m = a.shape[0], v.shape[0]
    k = xp.arange(n + m - 1, dtype=xp.int64)[:, None] - xp.arange(n, dtype=xp.int64)[None, :]
    inside = (k >= 0) & (k < m)
    taps = xp.where(inside, _take(v, xp.clip(k, 0, m - 1), 0), xp.zeros((), dtype=v.dtype))
    return xp.matmul(taps, a)


def _trim(full: Array, n: int, m: int, mode: str, op: str) -> Array:
    if mode == "full":
        return full
    if mode == "same":
        start = (min(n, m) - 1) // 2
        return full[start : start + max(n, m)]
    if mode == "valid":
        return full[min(n, m) - 1 : max(n, m)]
    raise ValueError(f"{op}: mode must be 'full', 'same' or 'valid', got {mode!r}")


@_on(nf.convolve)
def strict_convolve(a: Array, v: Array, mode: str) -> Array:
    a, v = _promote(a, v, op="convolve")
    if a.shape[0] == 0 or v.shape[0] == 0:
        raise ValueError("convolve: neither a nor v may be empty")
    full = _convolve_full(a, v) if a.shape[0] >= v.shape[0] else _convolve_full(v, a)
    return _trim(full, a.shape[0], v.shape[0], mode, "convolve")


@_on(nf.correlate)
def strict_correlate(a: Array, v: Array, mode: str) -> Array:
    a, v = _promote(a, v, op="correlate")
    if a.shape[0] >= v.shape[0]:
        full = _convolve_full(a, xp.flip(xp.conj(v)))
    else:  # NumPy's: the correlation of the swapped pair, reversed and conjugated
        full = xp.flip(xp.conj(_convolve_full(v, xp.flip(xp.conj(a)))))
    return _trim(full, a.shape[0], v.shape[0], mode, "correlate")


@_on(nf.interp)
def strict_interp(x: Array, xp_: Array, fp: Array, left: Any, right: Any, period: Any) -> Array:
    x, xp_ = _promote(x, xp_, op="interp", at_least=np.float64)
    (fp,) = _promote(fp, op="interp", at_least=np.float64)
    if period is not None:
        period = abs(period)
        x, xp_ = x % period, xp_ % period
        order = xp.argsort(xp_, stable=True)
        xp_, fp = xp.take(xp_, order), xp.take(fp, order)
        xp_ = xp.concat((xp_[-1:] - period, xp_, xp_[:1] + period))
        fp = xp.concat((fp[-1:], fp, fp[:1]))
    n = xp_.shape[0]
    i = xp.clip(xp.searchsorted(xp_, x, side="right") - 1, 0, max(n - 2, 0))
    x0, x1 = xp.take(xp_, i), xp.take(xp_, xp.clip(i + 1, 0, n - 1))
    f0, f1 = xp.take(fp, i), xp.take(fp, xp.clip(i + 1, 0, n - 1))
    width = xp.where(x1 == x0, xp.ones_like(x1), x1 - x0)
    out = f0 + (f1 - f0) * xp.astype((x - x0) / width, fp.dtype)
    out = xp.where(x == xp_[-1], fp[-1], out)
    if period is None:
        low = fp[0] if left is None else xp.asarray(left, dtype=fp.dtype)
        high = fp[-1] if right is None else xp.asarray(right, dtype=fp.dtype)
        out = xp.where(x < xp_[0], low, xp.where(x > xp_[-1], high, out))
    return out


# --- matrix functions --------------------------------------------------------------------------------------------
@_on(nf.expm)
def strict_expm(a: Array) -> Array:
    a = _linalg_input(a, "expm")
    # scaling and squaring: the Taylor series of a / 2**s (norm at most 1 / 2), then s squarings
    norm = float(xp.max(xp.sum(xp.abs(a), axis=-2))) if a.shape[-1] else 0.0
    s = max(0, math.ceil(math.log2(norm)) + 1) if norm > 0 else 0
    scaled = a / 2.0**s
    eye = xp.eye(a.shape[-1], dtype=a.dtype)
    term, out = eye, eye
    for k in range(1, 20):  # the remainder is below 2**-19 / 20!, under float64's resolution
        term = xp.matmul(term, scaled) / k
        out = out + term
    for _ in range(s):
        out = xp.matmul(out, out)
    return out


def _matrix_function(f: Callable[[Array], Array], op: str) -> Callable[[Array], Array]:
    """``f`` of a diagonalizable matrix, through its eigendecomposition ``V f(w) V^-1``; real where the input
    is real and has no negative real eigenvalue. A matrix whose eigenvectors are (nearly) dependent has no
    reliable answer this way: that is an error, never an inaccurate result."""

    def matrix_function(a: Array) -> Array:
        a = _linalg_input(a, op)
        complex_dtype = xp.complex64 if a.dtype in (xp.float32, xp.complex64) else xp.complex128
        w, v = xp.linalg.eig(xp.astype(a, complex_dtype))
        s = xp.linalg.svdvals(v)
        if float(s[..., -1] / s[..., 0]) < math.sqrt(float(xp.finfo(complex_dtype).eps)):
            raise nf.UnsupportedTypeError(
                f"{op}: the array-api-strict backend computes {op} through an eigendecomposition, and this matrix "
                "is not (reliably) diagonalizable; convert it with nf.convert(x, 'numpy') for a Schur method"
            )
        out = xp.matmul(v * f(w)[..., None, :], xp.linalg.inv(v))
        negative = bool(xp.any((xp.imag(w) == 0) & (xp.real(w) < 0)))
        if _is(a, "real floating") and not negative:
            return xp.astype(xp.real(out), a.dtype)
        return out

    return matrix_function


_on(nf.logm)(_matrix_function(xp.log, "logm"))
_on(nf.sqrtm)(_matrix_function(xp.sqrt, "sqrtm"))


# --- fft: the standard's extension; NumPy's transforms also take real and integer data -----------------------------
def _fft(fn: Callable[..., Array], data: str) -> Callable[..., Array]:
    """``fn`` given data as NumPy's transform reads it: integers as float64, and ``data`` "complex" (``fft``,
    ``irfft``, ...) real data as complex of its precision; the remaining options (``n``/``s``, the axes, ``norm``)
    passed on by name."""

    def transform(x: Array, size: Any, axes: Any, norm: str) -> Array:
        x = _inexact(x, fn.__name__)
        if data == "complex" and not _is(x, "complex floating"):
            x = xp.astype(x, xp.complex64 if x.dtype == xp.float32 else xp.complex128)
        if fn.__name__.endswith("n"):
            return fn(x, s=size, axes=axes, norm=norm)
        return fn(x, n=size, axis=axes, norm=norm)

    return transform


for _name in ("fft", "ifft", "fftn", "ifftn", "irfft", "irfftn", "hfft"):
    _on(getattr(nf.fft, _name))(_fft(getattr(xp.fft, _name), "complex"))
for _name in ("rfft", "rfftn", "ihfft"):
    _on(getattr(nf.fft, _name))(_fft(getattr(xp.fft, _name), "real"))


@_on(nf.fft.fftshift)
def strict_fftshift(x: Array, axes: Any) -> Array:
    return xp.fft.fftshift(x, axes=axes)


@_on(nf.fft.ifftshift)
def strict_ifftshift(x: Array, axes: Any) -> Array:
    return xp.fft.ifftshift(x, axes=axes)


@_on(nf.fft.fftfreq)
def strict_fftfreq(n: int, d: float, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "fftfreq")
    return xp.fft.fftfreq(n, d=d, dtype=_float_dtype(dtype, ctx, "fftfreq"))


@_on(nf.fft.rfftfreq)
def strict_rfftfreq(n: int, d: float, dtype: Any, device: Any, ctx: nf.Context) -> Array:
    _check_device(device, "rfftfreq")
    return xp.fft.rfftfreq(n, d=d, dtype=_float_dtype(dtype, ctx, "rfftfreq"))

"""Creation and conversion, for NumPy and cuPyNumeric: functions taking the library module ``xp`` first.

A TypeError of the library in the calls below can only come from an argument's type (the dtype is checked
before): it becomes an UnsupportedTypeError naming the op and the argument. Every creation function takes
``device`` "cpu" (the device of every NumPy-like backend's arrays) or one the Context's backend accepts.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ... import _ops as ops
from ..._context import Context, on_device
from ..._dispatch import (
    TAGS,
    backend_of_type,
    backend_of_value,
    bad_argument,
    creation_shortcut,
    identity_shortcut,
    implements,
)
from ..._dtypes import DType, default_dtype_name, dtype_name
from ..._errors import UnsupportedTypeError
from ..._inputs import taking_host_arrays
from .binding import Entry, bind
from .core import NATIVES as _NATIVES
from .core import SHAPE, native, neutral_data, non_number, shape_checked

__all__ = ["TABLE", "register_host_inputs", "register_shortcuts"]

_NUMBERS = frozenset({bool, int, float, complex})
_CPU = frozenset({"cpu"})  # the device of every NumPy-like backend's arrays (NumPy's x.device too)
# NumPy before 2.3 takes None as a shape (a deprecated alias of ()); numerics_fn refuses it on every NumPy.
_NONE_IS_A_SHAPE = np.lib.NumpyVersion(np.__version__) < "2.3.0"
_NONE_SHAPE = "None is not a shape; use () for a 0-d array"
# The default dtype of each Context precision, parsed once rather than per call.
_PRECISION_DTYPES = {p: np.dtype(p) for p in ("float64", "float32")}
_FLOAT64 = _PRECISION_DTYPES["float64"]


def _default(dtype: Any, ctx: Context, op: str) -> Any:
    """NumPy's dtype of ``dtype``, the Context's precision where it is None."""
    if dtype is None:
        return _PRECISION_DTYPES[ctx.precision]
    try:
        return _NATIVES[dtype.name if dtype.__class__ is DType else dtype]
    except (KeyError, TypeError):
        return native(dtype, op)


def _neutral_array(xp: Any, obj: Any, dtype: Any, ctx: Context, op: str, arg: str = "obj") -> Any:
    precision = ctx.precision if dtype is None else None
    return neutral_data(xp, obj, native(dtype, op), precision, op, arg)


def _to_array(xp: Any, obj: Any, dtype: Any, ctx: Context, op: str, copy: bool | None = None) -> Any:
    backend = xp.__name__  # a NumPy-like backend is named as its library
    owner = backend_of_value(obj, op, "argument 'obj'") if not isinstance(obj, (str, bytes)) else None
    if owner is None:
        return _neutral_array(xp, obj, dtype, ctx, op)
    if owner != backend:
        if copy is False:
            raise ValueError(f"{op}: copy=False, but a {owner} array cannot become a {backend} one without a copy")
        obj = ops.to_numpy(obj)
        if backend != "numpy" and not obj.dtype.isnative:  # cuPyNumeric takes the machine's byte order only
            obj = obj.astype(obj.dtype.newbyteorder("="))
    dt = native(dtype, op)
    if copy is None:
        return xp.asarray(obj, dtype=dt)
    if copy:  # (cuPyNumeric's asarray has no copy=)
        return xp.array(obj, dtype=dt, copy=True)
    out = xp.asarray(obj, dtype=dt)
    if out is not obj:
        raise ValueError(f"{op}: copy=False, but the dtype asked for needs a copy; pass copy=None")
    return out


def asarray(xp: Any, obj: Any, dtype: Any, device: Any, copy: bool | None, ctx: Context) -> Any:
    if obj.__class__ is xp.ndarray and device is None and copy is None:  # already what was asked for?
        if dtype is None:
            return obj
        try:
            if _NATIVES[dtype.name if dtype.__class__ is DType else dtype] is obj.dtype:
                return obj
        except (KeyError, TypeError):
            pass
    if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
        on_device(ctx, device, "asarray")
    return _to_array(xp, obj, dtype, ctx, "asarray", copy)


def array(xp: Any, obj: Any, dtype: Any, ctx: Context) -> Any:
    if obj.__class__ in _NUMBERS and dtype is not None:  # K.array(0.3, dtype=K.float64): what _to_array does
        try:
            return xp.asarray(obj, dtype=_NATIVES[dtype.name if dtype.__class__ is DType else dtype])
        except (KeyError, TypeError, ValueError, OverflowError):
            pass  # the path below gives the error, or the dtype's first parse
    out = _to_array(xp, obj, dtype, ctx, "array")
    return out.copy() if out is obj or backend_of_type(type(obj)) not in (None, xp.__name__) else out


def zeros(xp: Any, shape_: Any, dtype: Any, device: Any, ctx: Context) -> Any:
    if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
        on_device(ctx, device, "zeros")
    # `_default` and `native` inlined in zeros and ones: they sit on hot paths, where a call frame counts.
    if dtype is None:
        dt = _PRECISION_DTYPES[ctx.precision]
    else:
        try:
            dt = _NATIVES[dtype.name if dtype.__class__ is DType else dtype]
        except (KeyError, TypeError):
            dt = native(dtype, "zeros")
    try:
        if shape_ is None and _NONE_IS_A_SHAPE:
            raise TypeError(_NONE_SHAPE)
        # float64 is the library's default; a dtype argument costs a parse (less by keyword than positionally)
        return xp.zeros(shape_) if dt is _FLOAT64 else xp.zeros(shape_, dtype=dt)
    except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
        raise bad_argument("zeros", "shape", shape_, SHAPE, err) from err


def ones(xp: Any, shape_: Any, dtype: Any, device: Any, ctx: Context) -> Any:
    if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
        on_device(ctx, device, "ones")
    if dtype is None:
        dt = _PRECISION_DTYPES[ctx.precision]
    else:
        try:
            dt = _NATIVES[dtype.name if dtype.__class__ is DType else dtype]
        except (KeyError, TypeError):
            dt = native(dtype, "ones")
    try:
        if shape_ is None and _NONE_IS_A_SHAPE:
            raise TypeError(_NONE_SHAPE)
        return xp.ones(shape_) if dt is _FLOAT64 else xp.ones(shape_, dtype=dt)
    except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
        raise bad_argument("ones", "shape", shape_, SHAPE, err) from err


def full(xp: Any, shape_: Any, fill_value: Any, dtype: Any, device: Any, ctx: Context) -> Any:
    if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
        on_device(ctx, device, "full")
    if dtype is None:
        dtype = _neutral_array(xp, fill_value, None, ctx, "full", "fill_value").dtype
    dt = native(dtype, "full")
    try:
        if shape_ is None and _NONE_IS_A_SHAPE:
            raise TypeError(_NONE_SHAPE)
        return xp.full(shape_, fill_value, dtype=dt)
    except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
        raise bad_argument("full", "shape", shape_, SHAPE, err) from err


def eye(xp: Any, n: int, m: int | None, k: int, dtype: Any, device: Any, ctx: Context) -> Any:
    if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
        on_device(ctx, device, "eye")
    dt = _default(dtype, ctx, "eye")
    try:
        return xp.eye(n, m, k, dtype=dt)
    except TypeError as err:
        bad = non_number(("N", n), ("M", m), ("k", k), optional=("M",)) or ("N", n)
        raise bad_argument("eye", bad[0], bad[1], "an int", err) from err


def arange(xp: Any, start: Any, stop: Any, step: Any, dtype: Any, device: Any, ctx: Context) -> Any:
    if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
        on_device(ctx, device, "arange")
    bad = non_number(("start", start), ("stop", stop), ("step", step), optional=("stop", "step"))
    if bad is not None:  # checked first: NumPy reads a str as a dtype name in result_type
        raise bad_argument("arange", bad[0], bad[1], "a number")
    dt = native(dtype, "arange")
    if dtype is None:
        kind = np.result_type(*(v for v in (start, stop, step) if v is not None)).kind
        dt = native(default_dtype_name(kind, ctx.precision), "arange") if kind in "fc" else None
    first, last = (0, start) if stop is None else (start, stop)
    step = 1 if step is None else step
    ints = (first, last, step)
    if (
        xp is not np
        and dtype is None
        and step
        and all(type(v) is int and -(2**64) < v < 2**64 for v in ints)
        and any(not -(2**63) <= v < 2**63 for v in ints)
    ):  # NumPy: float64 points start + i * step; cuPyNumeric would convert the bounds to C long (OverflowError)
        count = max(0, math.ceil((last - first) / step))
        return xp.arange(count, dtype=np.float64) * float(step) + float(first)
    return xp.arange(first, last, step, dtype=dt)


def linspace(xp: Any, start: Any, stop: Any, num: int, endpoint: bool, dtype: Any, device: Any, ctx: Context) -> Any:
    if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
        on_device(ctx, device, "linspace")
    dt = _default(dtype, ctx, "linspace")
    if dtype is None and any(
        isinstance(v, complex) or getattr(v, "dtype", np.dtype(bool)).kind == "c" for v in (start, stop)
    ):
        dt = np.dtype(default_dtype_name("c", ctx.precision))  # complex ends: complex points, as NumPy
    try:
        return xp.linspace(start, stop, num, endpoint=endpoint, dtype=dt)
    except TypeError as err:  # numpy's DTypePromotionError for a str is a TypeError too
        bad = non_number(("start", start), ("stop", stop), ("num", num)) or ("num", num)
        raise bad_argument("linspace", bad[0], bad[1], "a number", err) from err


def zeros_like(xp: Any, a: Any, dtype: Any, device: Any) -> Any:
    return xp.zeros_like(a, dtype=native(dtype, "zeros_like"))


def ones_like(xp: Any, a: Any, dtype: Any, device: Any) -> Any:
    return xp.ones_like(a, dtype=native(dtype, "ones_like"))


def empty(xp: Any, shape: Any, dtype: Any, device: Any, ctx: Context) -> Any:
    on_device(ctx, device, "empty")
    dt = native(dtype, "empty") or np.dtype(ctx.precision)
    try:
        if shape is None and _NONE_IS_A_SHAPE:
            raise TypeError(_NONE_SHAPE)
        return xp.empty(shape, dtype=dt)
    except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
        raise bad_argument("empty", "shape", shape, SHAPE, err) from err


def from_dlpack(xp: Any, x: Any, device: Any, copy: bool | None, ctx: Context) -> Any:
    on_device(ctx, device, "from_dlpack")
    return xp.from_dlpack(x) if copy is None else xp.from_dlpack(x, copy=copy)


def empty_like(xp: Any, x: Any, dtype: Any, device: Any) -> Any:
    return xp.empty_like(x, dtype=native(dtype, "empty_like"))


def full_like(xp: Any, x: Any, fill_value: Any, dtype: Any, device: Any) -> Any:
    return xp.full_like(x, fill_value, dtype=native(dtype, "full_like"))


def meshgrid(xp: Any, *args: Any) -> Any:
    *arrays, indexing = args
    return tuple(xp.meshgrid(*arrays, indexing=indexing))


def tril(xp: Any, x: Any, k: int) -> Any:
    return xp.tril(x, k)


def triu(xp: Any, x: Any, k: int) -> Any:
    return xp.triu(x, k)


def _precision(dtype: Any, ctx: Context, op: str) -> Any:
    return np.dtype(ctx.precision) if dtype is None else native(dtype, op)


def logspace(xp: Any, start: Any, stop: Any, num: int, endpoint: bool, base: float, dtype: Any, ctx: Context) -> Any:
    return xp.logspace(start, stop, num, endpoint=endpoint, base=base).astype(_precision(dtype, ctx, "logspace"))


def identity(xp: Any, n: int, dtype: Any, ctx: Context) -> Any:
    return xp.identity(n, dtype=_precision(dtype, ctx, "identity"))


def indices(xp: Any, dimensions: Any, dtype: Any, ctx: Context) -> Any:
    return xp.indices(tuple(dimensions), dtype=np.dtype(np.int64) if dtype is None else native(dtype, "indices"))


def triu_indices(xp: Any, n: int, k: int, m: Any, ctx: Context) -> Any:
    return tuple(i.astype(np.int64) for i in xp.triu_indices(n, k, m))


def tril_indices(xp: Any, n: int, k: int, m: Any, ctx: Context) -> Any:
    return tuple(i.astype(np.int64) for i in xp.tril_indices(n, k, m))


# --- conversion ----------------------------------------------------------------------------------
def _no_imaginary_drop(op: str, x: Any, target: Any) -> None:
    if x.dtype.kind == "c" and target.kind != "c":
        raise UnsupportedTypeError(
            f"{op}: casting {x.dtype} to {target} would drop the imaginary part; take nf.real(x) or nf.abs(x) first"
        )


def cast(xp: Any, x: Any, dtype: Any) -> Any:
    target = np.dtype(dtype_name(dtype, "cast"))
    _no_imaginary_drop("cast", x, target)
    return x.astype(target)


def astype(xp: Any, x: Any, dtype: Any, copy: bool, device: Any) -> Any:
    target = np.dtype(dtype_name(dtype, "astype"))
    _no_imaginary_drop("astype", x, target)
    return x.astype(target, copy=copy)


def requires_grad(xp: Any, x: Any, flag: bool) -> Any:
    return x  # NumPy-like arrays carry no gradient flag: the transforms trace them


def detach(xp: Any, x: Any) -> Any:
    return x


TABLE: tuple[Entry, ...] = (
    (ops.asarray, asarray),
    (ops.array, array),
    (ops.zeros, zeros),
    (ops.ones, ones),
    (ops.full, full),
    (ops.eye, eye),
    (ops.arange, arange),
    (ops.linspace, linspace),
    (ops.zeros_like, zeros_like),
    (ops.ones_like, ones_like),
    (ops.copy, "copy"),
    (ops.empty, empty),
    (ops.from_dlpack, from_dlpack),
    (ops.empty_like, empty_like),
    (ops.full_like, full_like),
    (ops.meshgrid, meshgrid),
    (ops.tril, tril),
    (ops.triu, triu),
    (ops.logspace, logspace),
    (ops.identity, identity),
    (ops.indices, indices),
    (ops.triu_indices, triu_indices),
    (ops.tril_indices, tril_indices),
    (ops.cast, cast),
    (ops.astype, astype),
    (ops.requires_grad, requires_grad),
    (ops.detach, detach),
)


def register_shortcuts(xp: Any, backend: str) -> None:
    """The common calls of ``zeros``, ``ones``, ``eye``, ``asarray`` and ``array`` answered in C, in front of this
    module's implementations (NumPy only: cuPyNumeric asserts on some bad arguments, its Python decides)."""
    lookup = (_NATIVES, _PRECISION_DTYPES, DType)
    for entry, fn, impl in ((ops.zeros, xp.zeros, zeros), (ops.ones, xp.ones, ones)):
        shortcut = creation_shortcut(shape_checked(fn), bind(xp, impl), *lookup, 1, True, None, _CPU, (), _FLOAT64)
        implements(entry, backend)(shortcut)
    eye_ = creation_shortcut(xp.eye, bind(xp, eye), *lookup, 1, True, None, _CPU, (None, 0))
    implements(ops.eye, backend)(eye_)  # eye(n, dtype=...): M None and k 0
    # asarray(a), asarray(a, dtype=a's own dtype): `a` (device and copy None)
    implements(ops.asarray, backend)(identity_shortcut(bind(xp, asarray), xp.ndarray, 3, _NATIVES, DType))
    array_ = creation_shortcut(xp.asarray, bind(xp, array), *lookup, 1, False, _NUMBERS)
    implements(ops.array, backend)(array_)


def register_host_inputs(array: tuple[type, ...], backend: str) -> None:
    """``asarray`` and ``array`` reading host array-likes first (pandas, h5py, memoryview, array.array, range)."""
    for entry in (ops.asarray, ops.array):
        before = entry.__op__.dispatcher.dispatch(TAGS[backend])
        implements(entry, backend)(taking_host_arrays(before, (np.ndarray, np.generic, *array), dlpack=True))

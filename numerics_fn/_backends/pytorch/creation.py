"""Creation on the Context's backend (``asarray``, ``zeros``, ``eye``, ``arange``, ...), the ``*_like``
functions and the triangles (``tril``, ``triu``): the Context's precision and device unless given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._context import Context, on_device
from ..._dispatch import TAGS, bad_argument, creation_shortcut, implements, implements_on
from ..._dtypes import DType, default_dtype_name
from ..._inputs import taking_host_arrays
from ..numpy_like.core import SHAPE, non_number
from .conversion import _device, _owner, _to_tensor
from .dtypes import _TORCH_OF_NAME, _WEAK_SAMPLE, _WIDE_UINTS, _default_dtype, _opt_dtype, torch_dtype
from .semantics import NAME, T, _bits, _from_bits, _shape, on

__all__: list[str] = []


@implements(ops.asarray, NAME)
def torch_asarray(obj: Any, dtype: Any, device: Any, copy: bool | None, ctx: Context) -> torch.Tensor:
    if (obj.__class__ is T and device is ctx.device is None and not copy) and (
        dtype is None or torch_dtype(dtype, "asarray") is obj.dtype
    ):
        return obj  # already what was asked for (what obj.to(device=None, dtype=...) returns, without the call)
    out = _to_tensor(obj, dtype, ctx if device is None else on_device(ctx, device, "asarray"), "asarray", bool(copy))
    if copy is False and _owner(obj) is not None and not _shares_memory(out, obj):
        raise ValueError("asarray: copy=False, but the array asked for needs a copy (dtype, device or library)")
    return out


def _shares_memory(out: torch.Tensor, obj: Any) -> bool:
    if isinstance(obj, torch.Tensor):
        return out is obj
    return isinstance(obj, np.ndarray) and (out.numel() == 0 or out.data_ptr() == obj.ctypes.data)


@implements(ops.array, NAME)
def torch_array(obj: Any, dtype: Any, ctx: Context) -> torch.Tensor:
    if obj.__class__ is float and dtype is not None and ctx.device is None:  # K.array(0.3, dtype=K.float64)
        dt = torch_dtype(dtype, "array")
        if dt is torch.float64 or dt is torch.complex128:  # exact: what the NumPy path below gives
            return torch.scalar_tensor(obj, dtype=dt)  # torch.tensor's result, without its parsing of the data
    return _to_tensor(obj, dtype, ctx, "array", copy=True)


# That common case in C (no Python frame): a Python float to float64 or complex128 on the default device.
_EXACT_OF_FLOAT = {"float64": torch.float64, "complex128": torch.complex128, torch.float64: torch.float64,
                   torch.complex128: torch.complex128}  # fmt: skip
implements(ops.array, NAME)(
    creation_shortcut(torch.scalar_tensor, torch_array, _EXACT_OF_FLOAT, {}, DType, 1, False, frozenset({float}))
)


def _sized(fn: Any, op: str, shape_: Any, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    """``fn(shape_, dtype=, device=)`` (torch.zeros, ones, empty) with the Context's precision and device.

    Sizes go to torch as separate ints where they are ints (torch parses those faster than one
    tuple), and ``device=`` only when there is one (torch parses even ``device=None``)."""
    if device is not None:
        ctx = on_device(ctx, device, op)
    dt = _TORCH_OF_NAME[ctx.precision] if dtype is None else torch_dtype(dtype, op)
    try:
        if shape_.__class__ is tuple and shape_ and shape_[0].__class__ is int:
            try:
                if ctx.device is None:
                    return fn(*shape_, dtype=dt)
                return fn(*shape_, dtype=dt, device=_device(ctx, op))
            except TypeError:
                pass  # a later size is no int: the call below gives torch's error for the whole shape
        if ctx.device is None:
            return fn(shape_, dtype=dt)
        return fn(shape_, dtype=dt, device=_device(ctx, op))
    except TypeError as err:
        raise bad_argument(op, "shape", shape_, SHAPE, err) from err


@implements(ops.zeros, NAME)
def torch_zeros(shape_: Any, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    return _sized(torch.zeros, "zeros", shape_, dtype, device, ctx)


@implements(ops.ones, NAME)
def torch_ones(shape_: Any, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    return _sized(torch.ones, "ones", shape_, dtype, device, ctx)


@implements(ops.full, NAME)
def torch_full(shape_: Any, fill_value: Any, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    if device is not None:
        ctx = on_device(ctx, device, "full")
    if type(fill_value) in _WEAK_SAMPLE:  # the common case: torch.full with NumPy's dtype for the number
        dt = torch_dtype(dtype, "full") if dtype is not None else _scalar_dtype(fill_value, ctx)
        if type(fill_value) is int and 2**63 <= fill_value < 2**64 and dt in (torch.uint64, torch.int64):
            # NumPy's dtype of such an int is uint64; torch fills through int64
            return torch_full(shape_, fill_value - 2**64, "int64", device, ctx).view(torch.uint64)
        return torch.full(_shape(shape_, "full"), fill_value, dtype=dt, device=_device(ctx, "full"))
    fill = _to_tensor(fill_value, dtype, ctx, "full", copy=False)
    return fill.expand(_shape(shape_, "full")).clone()


def _scalar_dtype(value: bool | int | float | complex, ctx: Context) -> torch.dtype:
    if value.__class__ is float:  # the common fill value, without NumPy's look at it
        return _TORCH_OF_NAME[ctx.precision]
    kind = np.asarray(value).dtype.kind
    return _TORCH_OF_NAME[default_dtype_name(kind, ctx.precision)] if kind in "fc" else torch_dtype(type(value))


@implements(ops.eye, NAME)
def torch_eye(n: int, m: int | None, k: int, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    if n.__class__ is int and m is None and k == 0 and device is ctx.device is None:  # eye(n, dtype=...)
        dt = _default_dtype(dtype, ctx, "eye")
        if dt not in _WIDE_UINTS:
            return torch.eye(n, dtype=dt)
    if device is not None:
        ctx = on_device(ctx, device, "eye")
    dt, device = _default_dtype(dtype, ctx, "eye"), _device(ctx, "eye")
    for name, value in (("N", n), ("M", m), ("k", k)):
        if not isinstance(value, (int, np.integer)) and not (value is None and name == "M"):
            raise bad_argument("eye", name, value, "an int")
    m = n if m is None else m
    if k == 0 and dt not in _WIDE_UINTS:  # torch has no eye kernel for uint16/32/64
        return torch.eye(n, m, dtype=dt, device=device)
    out = torch.zeros(n, m, dtype=dt, device=device)
    out.diagonal(k).fill_(1)
    return out


# eye(n, dtype=...) in C: every dtype but the wide unsigned ones (torch has no eye kernel for them)
_EYE_KEYS: Mapping[Any, torch.dtype] = MappingProxyType({**_TORCH_OF_NAME, **{d: d for d in _TORCH_OF_NAME.values()}})
_EYE_DTYPES = {k: v for k, v in _EYE_KEYS.items() if v not in _WIDE_UINTS}
_PRECISION_DTYPES = {p: _TORCH_OF_NAME[p] for p in ("float64", "float32")}
implements(ops.eye, NAME)(
    creation_shortcut(torch.eye, torch_eye, _EYE_DTYPES, _PRECISION_DTYPES, DType, 1, True, None, None, (None, 0))
)


@implements(ops.arange, NAME)
def torch_arange(start: Any, stop: Any, step: Any, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    if device is not None:
        ctx = on_device(ctx, device, "arange")
    bad = non_number(("start", start), ("stop", stop), ("step", step), optional=("stop", "step"))
    if bad is not None:
        raise bad_argument("arange", bad[0], bad[1], "a number")
    given = [v for v in (start, stop, step) if v is not None]
    if dtype is None:
        kind = np.result_type(*given).kind
        if any(type(v) is int and not -(2**63) <= v < 2**63 for v in given):
            kind = "f"  # NumPy's arange of ints beyond int64 is float64
        dt = _TORCH_OF_NAME[default_dtype_name(kind, ctx.precision)] if kind in "fc" else torch.int64
    else:
        dt = torch_dtype(dtype, "arange")
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    _check_range(start, stop, step, dt)
    if (stop - start) * step <= 0:  # an empty range, as NumPy's (torch rejects a step of the other sign)
        return torch.empty(0, dtype=dt, device=_device(ctx, "arange"))
    if dt is torch.bool or dt.is_complex or (dt.is_floating_point and max(map(abs, given)) >= 2**63):
        return _arange_through(start, stop, step, dt, _device(ctx, "arange"))
    if dt in _WIDE_UINTS:  # torch has no arange kernel for uint16/32/64: made in int64, then cast
        return torch.arange(start, stop, step, dtype=torch.int64, device=_device(ctx, "arange")).to(dt)
    return torch.arange(start, stop, step, dtype=dt, device=_device(ctx, "arange"))


def _check_range(start: Any, stop: Any, step: Any, dt: torch.dtype) -> None:
    """NumPy's errors of ``arange`` that torch lacks: a step of 0, a bool range of more than 2 values."""
    if step == 0:  # NumPy divides by the step (torch returns an empty range)
        raise ZeroDivisionError("arange: step 0 makes no range (division by zero); give a non-zero step")
    if dt is torch.bool and math.ceil((stop - start) / step) > 2:
        raise TypeError("arange: a bool range has at most 2 values (False, True), as in NumPy; use an integer dtype")


def _arange_through(start: Any, stop: Any, step: Any, dt: torch.dtype, device: Any) -> torch.Tensor:
    """NumPy's ``arange`` where torch has no kernel (bool, complex) or its int64 arithmetic overflows: the length
    from the exact numbers, ``start + i * step`` in float64 (int64 for bool), then ``dt``."""
    n = math.ceil((stop - start) / step)
    wide = torch.int64 if dt is torch.bool else torch.float64
    return (torch.arange(n, dtype=wide, device=device) * step + start).to(dt)


@implements(ops.linspace, NAME)
def torch_linspace(
    start: Any, stop: Any, num: int, endpoint: bool, dtype: Any, device: Any, ctx: Context
) -> torch.Tensor:
    if device is not None:
        ctx = on_device(ctx, device, "linspace")
    bad = non_number(("start", start), ("stop", stop), ("num", num))
    if bad is not None:
        raise bad_argument("linspace", bad[0], bad[1], "a number")
    if dtype is None:
        kind = np.result_type(start, stop, 0.0).kind
        dt = _TORCH_OF_NAME[default_dtype_name(kind, ctx.precision)]
    else:
        dt = torch_dtype(dtype, "linspace")
    device = _device(ctx, "linspace")
    if endpoint:
        return torch.linspace(start, stop, num, dtype=dt, device=device)
    # NumPy's endpoint=False: num points of step (stop - start) / num.
    return torch.linspace(start, stop, num + 1, dtype=dt, device=device)[:-1]


@implements_on(ops.zeros_like, T, NAME)
def torch_zeros_like(a: torch.Tensor, dtype: Any, device: Any) -> torch.Tensor:
    if dtype is device is None:  # torch parses even dtype=None and device=None
        return torch.zeros_like(a)
    return torch.zeros_like(a, dtype=_opt_dtype(dtype, "zeros_like"), device=device)


@implements_on(ops.ones_like, T, NAME)
def torch_ones_like(a: torch.Tensor, dtype: Any, device: Any) -> torch.Tensor:
    if dtype is device is None:
        return torch.ones_like(a)
    return torch.ones_like(a, dtype=_opt_dtype(dtype, "ones_like"), device=device)


implements_on(ops.copy, T, NAME)(torch.clone)


@on(ops.empty)
def torch_empty(shape: Any, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    return _sized(torch.empty, "empty", shape, dtype, device, ctx)


@on(ops.from_dlpack)
def torch_from_dlpack(x: Any, device: Any, copy: bool | None, ctx: Context) -> torch.Tensor:
    out = torch.from_dlpack(x)
    target = _device(on_device(ctx, device, "from_dlpack"), "from_dlpack") if device is not None else None
    if copy is False and target is not None and target != out.device:
        raise ValueError(f"from_dlpack: copy=False, but the array is on {out.device}, not {target}")
    return out.to(device=target, copy=bool(copy))


@on(ops.empty_like)
def torch_empty_like(x: torch.Tensor, dtype: Any, device: Any) -> torch.Tensor:
    if dtype is device is None:  # torch parses even dtype=None and device=None
        return torch.empty_like(x)
    return torch.empty_like(x, dtype=_opt_dtype(dtype, "empty_like"), device=device)


@on(ops.full_like)
def torch_full_like(x: torch.Tensor, fill_value: Any, dtype: Any, device: Any) -> torch.Tensor:
    if dtype is device is None:
        return torch.full_like(x, fill_value)
    return torch.full_like(x, fill_value, dtype=_opt_dtype(dtype, "full_like"), device=device)


@on(ops.meshgrid)
def torch_meshgrid(*args: Any) -> tuple[torch.Tensor, ...]:
    *arrays, indexing = args
    if len({a.dtype for a in arrays}) <= 1:
        return tuple(torch.meshgrid(*arrays, indexing=indexing)) if arrays else ()  # torch refuses no arrays
    # arrays of several dtypes (torch.meshgrid refuses them): each keeps its dtype, as NumPy's grids do
    sizes = [a.numel() for a in arrays]
    axes = list(range(len(arrays)))
    if indexing == "xy":  # the first two axes swapped
        axes[0], axes[1] = axes[1], axes[0]
    shape = [sizes[axes.index(d)] for d in range(len(arrays))]
    return tuple(
        a.reshape([n if d == axes[i] else 1 for d in range(len(arrays))]).expand(shape)
        for i, (a, n) in enumerate(zip(arrays, sizes, strict=True))
    )


@on(ops.tril)
def torch_tril(x: torch.Tensor, k: int) -> torch.Tensor:
    return torch.tril(x, k) if x.dtype not in _WIDE_UINTS else _from_bits(torch.tril(_bits(x), k), x.dtype)


@on(ops.triu)
def torch_triu(x: torch.Tensor, k: int) -> torch.Tensor:
    return torch.triu(x, k) if x.dtype not in _WIDE_UINTS else _from_bits(torch.triu(_bits(x), k), x.dtype)


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

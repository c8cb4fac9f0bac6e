"""Tensors from anything and back: devices, NumPy arrays, lists and other libraries' arrays as tensors
(zero-copy where possible), the operands of mixed calls (`coerce_operands`, `fast_mixed_pair`), and the
conversion ops (``to_numpy``, ``cast``, ``astype``, the autograd flags). A leaf for the topic modules: it
imports only `dtypes` and `semantics`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._context import Context
from ..._dispatch import backend_of_type, implements_on, mixed_pair
from ..._dtypes import dtype_name
from ..._errors import DeviceError, UnsupportedTypeError
from ..numpy_like.core import neutral_data
from .dtypes import (
    _NAME_OF_TORCH,
    _NUMPY_OF_TORCH,
    _TORCH_OF_NAME,
    _TORCH_OF_NUMPY,
    _WEAK_SAMPLE,
    _coerced_dtype,
    _opt_dtype,
    _unify,
    torch_dtype,
)
from .semantics import NAME, T, on

__all__ = ["EXACT_COMPARISONS", "coerce_operands", "fast_mixed_pair"]


# --- devices --------------------------------------------------------------------------------------
@functools.cache
def _torch_device(name: str) -> torch.device | str:
    """The torch device called ``name``, or why it cannot be used (checked once per name)."""
    device = torch.device(name)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            return (
                f"device {name!r} needs CUDA, but torch.cuda.is_available() is False (torch "
                f"{torch.__version__}, CUDA build: {torch.version.cuda or 'none'}); use device='cpu' or None"
            )
        count = torch.cuda.device_count()
        if device.index is not None and device.index >= count:
            return f"device {name!r} does not exist: {count} CUDA device(s) are visible; use cuda:0 … cuda:{count - 1}"
    return device


def _device(ctx: Context, op: str) -> torch.device | None:
    """The Context's device (None: torch's default), checked; `DeviceError` if unusable."""
    if ctx.device is None:
        return None
    device = _torch_device(ctx.device)
    if isinstance(device, str):
        raise DeviceError(f"{op}: {device}")
    return device


# --- tensors of anything: NumPy arrays (sharing memory where torch can), lists, other libraries' arrays
_from_numpy_raw = torch.from_numpy  # bound once: each ``torch.<name>`` is a lookup in a large dict


def _tensor_of(arr: np.ndarray[Any, Any]) -> tuple[torch.Tensor, bool]:
    """A CPU tensor of ``arr`` and whether it shares ``arr``'s memory: torch takes neither read-only
    data (it warns), negative strides nor a byte order not the machine's (ValueError), so those are copied."""
    if arr.flags.writeable:
        try:
            return _from_numpy_raw(arr), True
        except ValueError:
            pass
    return _from_numpy_raw(np.array(arr, dtype=arr.dtype.newbyteorder("="))), False


def _from_numpy(arr: np.ndarray[Any, Any] | np.generic) -> torch.Tensor:
    """A CPU tensor sharing ``arr``'s memory; a copy only if it is read-only or has negative strides."""
    return _tensor_of(np.asarray(arr))[0]


def _foreign_to_tensor(obj: Any) -> torch.Tensor:
    """A NumPy array, NumPy scalar, list or another library's array as a tensor, zero-copy where possible
    (DLPack, which keeps a GPU array on its GPU; else through NumPy)."""
    if isinstance(obj, (list, tuple)):
        return _nested_tensor(obj) if _holds_tensor(obj) else _from_numpy(np.asarray(obj))
    if isinstance(obj, (np.ndarray, np.generic)):
        return _from_numpy(obj)
    if hasattr(obj, "__dlpack__"):
        try:
            out = torch.from_dlpack(obj)
        except (BufferError, RuntimeError, TypeError, ValueError):
            pass
        else:  # trust DLPack only where it kept the dtype: Legate 26.6 exports float16 labelled bfloat16
            try:
                kept = _NAME_OF_TORCH.get(out.dtype) == dtype_name(getattr(obj, "dtype", None))
            except UnsupportedTypeError:
                kept = True  # a dtype numerics_fn cannot name: DLPack's word is all there is
            if kept:
                return out
    return _from_numpy(np.asarray(obj) if hasattr(obj, "__array__") else ops.to_numpy(obj))


def _holds_tensor(obj: list[Any] | tuple[Any, ...]) -> bool:
    return any(isinstance(v, T) or (isinstance(v, (list, tuple)) and _holds_tensor(v)) for v in obj)


def _nested_tensor(obj: list[Any] | tuple[Any, ...]) -> torch.Tensor:
    """A (nested) list or tuple holding tensors as one tensor, as NumPy makes an array of a list of arrays (the
    items' dtypes promoted, Python numbers read as NumPy reads them), with `torch.stack`: differentiable, on
    the first tensor's device. Items of different shapes are a ValueError, as in NumPy."""
    items = [
        v if isinstance(v, T) else _nested_tensor(v) if isinstance(v, (list, tuple)) and _holds_tensor(v)
        else _from_numpy(np.asarray(v))
        for v in obj
    ]  # fmt: skip
    device = next(v.device for v in items if isinstance(v, T))
    shapes = {v.shape for v in items}
    if len(shapes) > 1:
        raise ValueError(f"the items have different shapes ({', '.join(str(tuple(s)) for s in shapes)})")
    return torch.stack([v.to(device) for v in _unify(items)])


def _owner(obj: Any) -> str | None:
    """The backend of ``obj``; None for neutral data; "" for arrays of libraries without a backend."""
    if isinstance(obj, (str, bytes)):
        return None
    try:
        return backend_of_type(type(obj))
    except UnsupportedTypeError:
        return "" if hasattr(obj, "__dlpack__") or hasattr(obj, "__array__") else None


def _to_tensor(obj: Any, dtype: Any, ctx: Context, op: str, copy: bool) -> torch.Tensor:
    device = _device(ctx, op)
    dt = _opt_dtype(dtype, op)
    if isinstance(obj, torch.Tensor):
        return obj.to(device=device, dtype=dt, copy=copy)
    if isinstance(obj, np.ndarray):
        tensor, shared = _tensor_of(obj)  # when not shared, the one copy is made here: .to need not copy again
        if device is dt is None and not (copy and shared):
            return tensor  # what .to(device=None, dtype=None) returns, without the call
        return tensor.to(device=device, dtype=dt, copy=copy and shared)
    owner = _owner(obj)
    if owner is None and isinstance(obj, (list, tuple)) and _holds_tensor(obj):  # differentiable, on their device
        return _nested_tensor(obj).to(device=device, dtype=dt)
    if owner is None:  # numbers and lists: a fresh array, no copy needed
        data = neutral_data(
            np, obj, None if dt is None else _NUMPY_OF_TORCH.get(dt), ctx.precision if dt is None else None, op
        )
        if data.dtype.char in "Qq":  # NumPy's (unsigned) long long for a big int: torch takes its twin, uint64/int64
            data = data.view(data.dtype.name)
        return torch.from_numpy(data).to(device=device, dtype=dt)
    if isinstance(obj, np.generic):
        return torch.from_numpy(np.asarray(obj)).to(device=device, dtype=dt)  # np.asarray copies a scalar
    return _foreign_to_tensor(obj).to(device=device, dtype=dt, copy=copy)


def _on(value: Any, device: torch.device) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value.to(device)
    if type(value) in _WEAK_SAMPLE:
        return _from_numpy(np.asarray(value)).to(device)
    return _foreign_to_tensor(value).to(device)


# --- the operands of mixed calls (a tensor beside NumPy arrays, lists, Python numbers) ------------
def coerce_operands(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The dispatched values of a mixed call as tensors on the first tensor's device.

    NumPy arrays and scalars and lists become tensors of their own dtype (zero-copy where possible):
    the implementation promotes as NumPy's function does, as for tensors of several dtypes (``take``'s
    indices stay indices, ``meshgrid``'s grids keep their dtypes, ``add`` of float32 and float64 is
    float64). Python numbers become 0-d tensors of `np.result_type` of all operand dtypes, weak as in
    NumPy (a float32 tensor and ``2.0`` stay float32); None stays None (``clip`` bounds).
    """
    if len(values) == 2:  # the common mixed call: a NumPy array beside a plain CPU tensor of its dtype
        a, b = values
        if a.__class__ is np.ndarray:
            arr, t = a, b
        elif b.__class__ is np.ndarray:
            arr, t = b, a
        else:
            return _coerce_general(values)
        # Each attribute read of a tensor or of an array's flags has a cost: the decisive ones only,
        # and failures (a dtype torch lacks: KeyError; negative strides: ValueError) go the general way.
        try:
            if (
                t.__class__ is T
                and _TORCH_OF_NUMPY[arr.dtype] is t.dtype
                and t.is_cpu
                and arr.flags.writeable  # torch.from_numpy warns on read-only data
                and not t.requires_grad  # autograd may save the operand: the general path copies it then
            ):
                x = _from_numpy_raw(arr)
                return (x, t) if arr is a else (t, x)
        except (KeyError, ValueError):
            pass
    return _coerce_general(values)


def _coerce_general(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """`coerce_operands` for any number and mix of operands."""
    device = None
    foreign = grad = False
    items: list[Any] = []
    keys: list[Any] = []
    shared: dict[int, torch.Tensor] = {}  # tensors made of NumPy arrays, which may share their memory
    for value in values:
        v = value
        cls = type(v)
        if cls in _WEAK_SAMPLE:
            keys.append(cls)
        elif v is not None:
            if isinstance(v, torch.Tensor):
                if device is None:
                    device = v.device
                grad = grad or v.requires_grad
            else:
                v = _foreign_to_tensor(v)
                foreign = True
                if isinstance(value, np.ndarray):
                    shared[len(items)] = v
            keys.append(v.dtype)
        items.append(v)
    if foreign and device is not None and device.type != "cpu":
        items = [v.to(device) if isinstance(v, torch.Tensor) else v for v in items]
    out = _promoted(items, _coerced_dtype(tuple(keys)), device)
    if grad and shared and torch.is_grad_enabled():
        # Autograd may save an operand for backward: one still sharing a NumPy array's memory is copied, or a
        # later write to the array would change the gradient silently (torch cannot see NumPy's writes).
        out = tuple(v.clone() if i in shared and shared[i] is v else v for i, v in enumerate(out))
    return out


def _promoted(items: list[Any], target: torch.dtype, device: Any) -> tuple[Any, ...]:
    """``items`` with their Python numbers as 0-d tensors of ``target`` (arrays, None as they are).

    As NumPy: a Python int outside an integer ``target``'s range is OverflowError (torch would wrap it or raise
    RuntimeError); a Python float beyond a float ``target``'s range becomes inf (torch raises)."""
    for i, v in enumerate(items):
        if type(v) in _WEAK_SAMPLE:
            items[i] = _scalar_as(v, target, device)
    return tuple(items)


def _scalar_as(v: bool | int | float | complex, target: torch.dtype, device: Any) -> torch.Tensor:
    if type(v) is int and not (target.is_floating_point or target.is_complex or target is torch.bool):
        info = torch.iinfo(target)
        if not info.min <= v <= info.max:
            raise OverflowError(f"Python integer {v} out of bounds for {_NAME_OF_TORCH.get(target, target)}")
    elif type(v) is not bool and (target.is_floating_point or target.is_complex):
        if type(v) is int:
            v = float(v)  # rounded as NumPy does (OverflowError beyond float64's range, as NumPy's)
        try:
            return torch.scalar_tensor(v, dtype=target, device=device)
        except RuntimeError:  # out of the dtype's range: inf, as NumPy's cast
            wide = torch.complex128 if target.is_complex else torch.float64
            return torch.scalar_tensor(v, dtype=wide, device=device).to(target)
    return torch.scalar_tensor(v, dtype=target, device=device)


# Binary ops whose torch function gives NumPy's answer for two operands of one inexact dtype: a NumPy array
# beside a CPU tensor of its dtype runs them in C (`mixed_pair`), sharing the array's memory, where the
# general path would convert and promote in Python.
_SAME_DTYPE_BINARY: Mapping[str, Callable[..., Any]] = MappingProxyType({
    "matmul": torch.matmul, "add": torch.add, "subtract": torch.sub, "multiply": torch.mul,
    "divide": torch.true_divide,
})  # fmt: skip
_PAIR_DTYPES = tuple((np.dtype(n), _TORCH_OF_NAME[n]) for n in ("float32", "float64", "complex64", "complex128"))
# torch's complex add and subtract give inf+nanj for inf+3j: complex pairs take the implementation's way
_REAL_PAIR_DTYPES = _PAIR_DTYPES[:2]
_COMPARISON_NAMES = frozenset({"equal", "not_equal", "greater", "greater_equal", "less", "less_equal"})


def fast_mixed_pair(op: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    """``fallback`` (the Python mixed-call path of binary op ``op``) with its common case in C, where it has one."""
    if op in _COMPARISON_NAMES:
        return _out_of_range_compared(op, fallback)
    if op in ("logical_and", "logical_or", "logical_xor"):
        return _truth_of_numbers(fallback)
    fn = _SAME_DTYPE_BINARY.get(op)
    pairs = _REAL_PAIR_DTYPES if op in ("add", "subtract") else _PAIR_DTYPES
    return fallback if fn is None else mixed_pair(fn, fallback, T, pairs, _from_numpy_raw)


def _out_of_range_compared(op: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    """Comparison ``op`` whose Python int operand may lie outside the array's integer range: NumPy compares
    exactly there (``uint8_array == -1`` is all False), where the conversion to the array's dtype cannot."""

    def compared(x1: Any, x2: Any) -> Any:
        if type(x1) not in _WEAK_SAMPLE and type(x2) not in _WEAK_SAMPLE:  # two arrays: compared exactly, as
            # NumPy (int64 with uint64 is no float64 comparison), by the implementation, without promotion
            t1, t2 = (v if isinstance(v, torch.Tensor) else _foreign_to_tensor(v) for v in (x1, x2))
            device = t1.device if isinstance(x1, torch.Tensor) else t2.device
            return EXACT_COMPARISONS[op](t1.to(device), t2.to(device))
        try:
            return fallback(x1, x2)
        except OverflowError:
            if type(x1) is int or type(x2) is int:
                scalar, array, name = (x2, x1, op) if type(x2) is int else (x1, x2, _MIRRORED.get(op, op))
                t = array if isinstance(array, torch.Tensor) else _foreign_to_tensor(array)
                if not (t.dtype.is_floating_point or t.dtype.is_complex or t.dtype is torch.bool):
                    above = scalar > torch.iinfo(t.dtype).max  # the array's every value is below the int, or above
                    value = {"equal": False, "not_equal": True, "less": above, "less_equal": above}.get(name, not above)
                    return torch.full(t.shape, value, dtype=torch.bool, device=t.device)
            raise

    return compared


def _truth_of_numbers(fallback: Callable[..., Any]) -> Callable[..., Any]:
    """A logical op whose Python number operand counts by its truth value, as in NumPy (``logical_and(int8_array,
    300)`` is no overflow); a Python int beyond int64 is NumPy's OverflowError."""

    def logical(x1: Any, x2: Any) -> Any:
        return fallback(_truth(x1), _truth(x2))

    return logical


def _truth(v: Any) -> Any:
    if type(v) not in _WEAK_SAMPLE:
        return v
    if type(v) is int and not -(2**63) <= v < 2**63:
        raise OverflowError(f"Python int too large to convert to C long: {v}")
    return bool(v)


#: The comparison implementations (filled by `elementwise`), for the mixed calls of `_out_of_range_compared`.
EXACT_COMPARISONS: dict[str, Callable[..., Any]] = {}
_MIRRORED = MappingProxyType(
    {"greater": "less", "greater_equal": "less_equal", "less": "greater", "less_equal": "greater_equal"}
)


# --- the conversion ops ---------------------------------------------------------------------------
@implements_on(ops.to_numpy, T, NAME)
def torch_to_numpy(x: torch.Tensor) -> Any:
    if x.dtype not in _NUMPY_OF_TORCH:
        raise UnsupportedTypeError(
            f"to_numpy: argument 0 (x) is a torch.Tensor of dtype {x.dtype}, which NumPy has no dtype for; "
            "cast it first, e.g. nf.astype(x, nf.float32)"
        )
    # detach, move to host, resolve lazy conj/neg bits; zero-copy for a plain CPU tensor.
    return x.numpy(force=True)


@implements_on(ops.cast, T, NAME)
def torch_cast(x: torch.Tensor, dtype: Any) -> torch.Tensor:
    target = torch_dtype(dtype, "cast")
    if x.is_complex() and not target.is_complex:
        raise UnsupportedTypeError(
            f"cast: casting {_NAME_OF_TORCH.get(x.dtype, x.dtype)} to {_NAME_OF_TORCH.get(target, target)} would "
            "drop the imaginary part; take nf.real(x) or nf.abs(x) first"
        )
    return x.to(target, copy=True)


@on(ops.astype)
def torch_astype(x: torch.Tensor, dtype: Any, copy: bool, device: Any) -> torch.Tensor:
    target = torch_dtype(dtype, "astype")
    if x.is_complex() and not target.is_complex:
        raise UnsupportedTypeError(
            f"astype: casting {_NAME_OF_TORCH.get(x.dtype, x.dtype)} to {_NAME_OF_TORCH.get(target, target)} would "
            "drop the imaginary part; take nf.real(x) or nf.abs(x) first"
        )
    return x.to(dtype=target, device=device, copy=copy)


@implements_on(ops.requires_grad, T, NAME)
def torch_requires_grad(x: torch.Tensor, flag: bool) -> torch.Tensor:
    return x.detach().requires_grad_(flag)  # a new leaf sharing x's storage; x is unchanged


implements_on(ops.detach, T, NAME)(torch.Tensor.detach)

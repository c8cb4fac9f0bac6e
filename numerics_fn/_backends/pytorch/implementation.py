"""The PyTorch backend: `torch.Tensor` (and subclasses such as `torch.nn.Parameter`).

Results follow NumPy's meaning and NumPy's dtype rules (``np.result_type``), never
torch's where they differ: integer input to ``exp`` gives float64 (not torch's float32),
a float64 operand beside a float32 one gives float64, Python floats in creation
functions follow the Context's precision. Results stay on their inputs' device.
Implementations call torch directly; a wrapper exists only where torch's meaning or
dtype rule differs from NumPy's, with the reason beside it.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._context import Context, generator_context, on_device
from ..._dispatch import (
    backend_of_type,
    bad_argument,
    creation_shortcut,
    implements,
    implements_on,
    mixed_pair,
    shortcut,
)  # fmt: skip
from ..._dtypes import DTYPE_NAMES, TORCH_ONLY_NAMES, DType, default_dtype_name, dtype_name
from ..._errors import DeviceError, MixedBackendError, UnsupportedTypeError
from ..numpy_like.core import (
    SHAPE,
    check_assume_a,
    host_index,
    map_index,
    negative_step,
    neutral_data,
    non_number,
    sequence_axis_error,
)

__all__ = ["ARRAY_TYPES", "NAME", "coerce_operands", "native_dtype", "numpy_dtype", "torch_dtype"]

NAME = "pytorch"
T = torch.Tensor
ARRAY_TYPES: tuple[type, ...] = (torch.Tensor,)

# Hot-path torch functions, bound once: every ``torch.<name>`` is a lookup in torch's large module dict.
# `_vf_einsum` is the C function under `torch.einsum`, whose Python wrapper (sublist parsing,
# ``__torch_function__`` of subclasses, path planning for three or more operands) costs about 5 µs a call
# (torch's stubs do not list it).
_matmul, _sum, _reshape, _from_numpy_raw = torch.matmul, torch.sum, torch.reshape, torch.from_numpy
_vf_einsum = torch._C._VariableFunctions.einsum  # type: ignore[attr-defined]
_is_compiling = torch.compiler.is_compiling  # Dynamo cannot trace `_vf_einsum`; it takes torch.einsum

# --- dtypes: one mapping for every token, name, NumPy dtype and torch dtype ----------------
_TORCH_OF_NAME: Mapping[str, torch.dtype] = MappingProxyType({n: getattr(torch, n) for n in DTYPE_NAMES})
_NAME_OF_TORCH: Mapping[torch.dtype, str] = MappingProxyType({v: k for k, v in _TORCH_OF_NAME.items()})
_NUMPY_OF_TORCH: Mapping[torch.dtype, np.dtype[Any]] = MappingProxyType(
    {v: np.dtype(k) for k, v in _TORCH_OF_NAME.items()}
)
_TORCH_OF_NUMPY: Mapping[np.dtype[Any], torch.dtype] = MappingProxyType({v: k for k, v in _NUMPY_OF_TORCH.items()})
# Everything a user may pass as dtype= that maps without parsing: names, torch dtypes, NumPy
# dtypes and scalar types, Python types. `DType` tokens hash and compare like their names.
_TORCH_DTYPE: Mapping[Any, torch.dtype] = MappingProxyType({
    **_TORCH_OF_NAME,
    **{t: t for t in _NAME_OF_TORCH},
    **_TORCH_OF_NUMPY,
    **{d.type: t for d, t in _TORCH_OF_NUMPY.items()},
    bool: torch.bool, int: torch.int64, float: torch.float64, complex: torch.complex128,
    "int": torch.int64, "float": torch.float64, "complex": torch.complex128,
    "bfloat16": torch.bfloat16, torch.bfloat16: torch.bfloat16,  # torch only: a token and a name, no NumPy dtype
})  # fmt: skip
_INEXACT = frozenset({torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128})
# The float dtype NumPy's float-valued ufuncs (exp, sqrt, ...) give for bool and integer input.
_UFUNC_FLOAT: Mapping[torch.dtype, torch.dtype] = MappingProxyType(
    {t: _TORCH_OF_NUMPY[np.sqrt(np.zeros(1, d)).dtype] for t, d in _NUMPY_OF_TORCH.items() if d.kind in "biu"}
)
# Python scalars are weak in NumPy's promotion (NEP 50): their type stands for them.
_WEAK_SAMPLE: Mapping[type, Any] = MappingProxyType({bool: False, int: 0, float: 0.0, complex: 0j})
_SCALARS = (bool, int, float, complex)
# Unsigned dtypes torch has few kernels for (eye, arange, comparisons); made through int64 where needed.
_WIDE_UINTS = frozenset({torch.uint16, torch.uint32, torch.uint64})


def _via_int64(fn: Any, a: Any, *rest: Any) -> Any:
    """``fn`` of ``a`` as int64, for a uint16/32/64 tensor torch has no kernel for (re-raise for others)."""
    if a.dtype not in _WIDE_UINTS:
        raise  # noqa: PLE0704 (called from an except block: the NotImplementedError being handled)
    return fn(a.to(torch.int64), *rest)


def torch_dtype(dtype: Any, op: str = "dtype") -> torch.dtype:
    """The torch dtype of any dtype a user may pass (token, name, NumPy or torch dtype, type)."""
    if dtype.__class__ is DType:  # by name: a token's hash is Python code, and equals NumPy's dtype's (a slow probe)
        try:
            return _TORCH_OF_NAME[dtype.name]
        except KeyError:
            pass
    try:
        return _TORCH_DTYPE[dtype]
    except (KeyError, TypeError):
        return _TORCH_OF_NAME[dtype_name(dtype, op)]


def numpy_dtype(dtype: torch.dtype) -> np.dtype[Any]:
    """NumPy's dtype for a torch dtype (KeyError for torch-only dtypes such as bfloat16)."""
    return _NUMPY_OF_TORCH[dtype]


def native_dtype(name: str) -> torch.dtype:
    """torch's dtype for a canonical dtype name (what ``Backend.float64`` returns), torch-only ones included."""
    return getattr(torch, name) if name in TORCH_ONLY_NAMES else _TORCH_OF_NAME[name]


def _opt_dtype(dtype: Any, op: str) -> torch.dtype | None:
    return None if dtype is None else torch_dtype(dtype, op)


def _default_dtype(dtype: Any, ctx: Context, op: str) -> torch.dtype:
    return _TORCH_OF_NAME[ctx.precision] if dtype is None else torch_dtype(dtype, op)


@functools.cache
def _common_dtype(*dtypes: torch.dtype) -> torch.dtype:
    """NumPy's promotion of tensor dtypes (torch's for dtypes NumPy lacks)."""
    try:
        return _TORCH_OF_NUMPY[np.result_type(*(_NUMPY_OF_TORCH[d] for d in dtypes))]
    except KeyError:
        return functools.reduce(torch.promote_types, dtypes)


@functools.cache
def _coerced_dtype(keys: tuple[Any, ...]) -> torch.dtype:
    """NumPy's promotion of tensor dtypes and (weak) Python scalar types."""
    dtypes = tuple(k for k in keys if isinstance(k, torch.dtype))
    try:
        return _TORCH_OF_NUMPY[
            np.result_type(*(_NUMPY_OF_TORCH[k] if isinstance(k, torch.dtype) else _WEAK_SAMPLE[k] for k in keys))
        ]
    except KeyError:
        return functools.reduce(torch.promote_types, dtypes)


def _unify(arrays: Sequence[torch.Tensor]) -> tuple[torch.Tensor, ...] | list[torch.Tensor]:
    """``arrays`` cast to NumPy's common dtype of all of them (unchanged when they agree)."""
    first = arrays[0].dtype
    if all(a.dtype is first for a in arrays):
        return arrays if isinstance(arrays, (tuple, list)) else tuple(arrays)
    dt = _common_dtype(*(a.dtype for a in arrays))
    return tuple(a if a.dtype is dt else a.to(dt) for a in arrays)


def _promote2(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """`_unify` for two tensors whose dtypes differ."""
    dt = _common_dtype(a.dtype, b.dtype)
    return (a if a.dtype is dt else a.to(dt)), (b if b.dtype is dt else b.to(dt))


def _inexact(x: torch.Tensor) -> torch.Tensor:
    """``x`` as float64 when it is bool or integer (NumPy's linalg and mean/std/var/norm)."""
    return x if x.dtype in _INEXACT else x.to(torch.float64)


# --- devices ---------------------------------------------------------------------------------
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


# --- conversion into tensors -------------------------------------------------------------------
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
            return tensor  # what .to(device=None, dtype=None) returns, ~0.7 µs sooner
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
        # Each attribute read of a tensor or of an array's flags costs ~50 ns: the decisive ones only,
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


# Binary ops whose torch function gives NumPy's answer for two operands of one inexact dtype: a NumPy array
# beside a CPU tensor of its dtype runs them in C (`mixed_pair`), sharing the array's memory, where the
# general path would convert and promote in Python (~1 µs).
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


#: The comparison implementations (filled by `_array_api_torch`), for the mixed calls of `_out_of_range_compared`.
EXACT_COMPARISONS: dict[str, Callable[..., Any]] = {}
_MIRRORED = MappingProxyType(
    {"greater": "less", "greater_equal": "less_equal", "less": "greater", "less_equal": "greater_equal"}
)


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


# --- creation ----------------------------------------------------------------------------------
@implements(ops.asarray, NAME)
def torch_asarray(obj: Any, dtype: Any, device: Any, copy: bool | None, ctx: Context) -> torch.Tensor:
    if (obj.__class__ is T and device is ctx.device is None and not copy) and (
        dtype is None or torch_dtype(dtype, "asarray") is obj.dtype
    ):
        return obj  # already what was asked for (what obj.to(device=None, dtype=...) returns, ~1 µs sooner)
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
            return torch.tensor(obj, dtype=dt)
    return _to_tensor(obj, dtype, ctx, "array", copy=True)


# That common case in C (no Python frame): a Python float to float64 or complex128 on the default device.
_EXACT_OF_FLOAT = {"float64": torch.float64, "complex128": torch.complex128, torch.float64: torch.float64,
                   torch.complex128: torch.complex128}  # fmt: skip
implements(ops.array, NAME)(
    creation_shortcut(torch.tensor, torch_array, _EXACT_OF_FLOAT, {}, DType, 1, False, frozenset({float}))
)


def _sized(fn: Any, op: str, shape_: Any, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    """``fn(shape_, dtype=, device=)`` (torch.zeros, ones, empty) with the Context's precision and device.

    Sizes go to torch as separate ints where they are ints (torch parses those ~0.7 µs faster than
    one tuple), and ``device=`` only when there is one (torch parses even ``device=None``)."""
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


def _shape(shape_: Any, op: str, arg: str = "shape") -> tuple[int, ...]:
    if isinstance(shape_, int):
        return (shape_,)
    try:
        return tuple(map(operator.index, shape_))
    except TypeError as err:
        raise bad_argument(op, arg, shape_, SHAPE, err) from err


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


# --- conversion --------------------------------------------------------------------------------
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


# --- shape -------------------------------------------------------------------------------------
def torch_reshape(a: torch.Tensor, shape_: Any, copy: bool | None) -> torch.Tensor:
    try:  # torch.reshape: ~0.8 µs faster per call than the Tensor.reshape method (benchmarks/)
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


def _promoting(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    """``fn`` of two tensors after NumPy's promotion of their dtypes (torch's differs). A closure, not a
    frozen dataclass: calling a function costs less than calling an instance."""

    def impl(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        if x1.dtype is not x2.dtype:
            x1, x2 = _promote2(x1, x2)
        return fn(x1, x2)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


# power, maximum, minimum: _array_api_torch.py, with the other element-wise ops NumPy's dtypes rule
implements_on(ops.kron, T, NAME)(_promoting(torch.kron, "kron"))


@implements_on(ops.outer, T, NAME)
def torch_outer(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    return torch.outer(a.reshape(-1), b.reshape(-1))  # NumPy flattens; torch wants vectors


@implements_on(ops.tensordot, T, NAME)
def torch_tensordot(a: torch.Tensor, b: torch.Tensor, axes: Any) -> torch.Tensor:
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    if not isinstance(axes, int):
        axes = tuple([ax] if isinstance(ax, int) else list(ax) for ax in axes)
    if a.dtype in _NO_PRODUCT:
        return integer_product(functools.partial(torch.tensordot, dims=axes), a, b)
    return torch.tensordot(a, b, dims=axes)


@implements_on(ops.trace, T, NAME)
def torch_trace(a: torch.Tensor, offset: int, axis1: int, axis2: int) -> torch.Tensor:
    return torch_sum(torch.diagonal(a, offset, axis1, axis2), -1, None, False)  # NumPy's sum dtypes (uint64)


@implements_on(ops.dot, T, NAME)
def torch_dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    if a.dtype in _NO_PRODUCT:
        return integer_product(torch_dot, a, b)
    na, nb = a.ndim, b.ndim  # each read of a tensor attribute costs ~50 ns: once each
    if na == 0 or nb == 0:
        return a * b
    if nb == 1 or na == 1 or (na == 2 and nb == 2):
        return _matmul(a, b)
    return torch.tensordot(a, b, dims=([na - 1], [nb - 2]))  # NumPy's N-D dot: no batching


@implements_on(ops.adjoint, T, NAME)
def torch_adjoint(a: torch.Tensor) -> torch.Tensor:
    return a.mH if a.dtype is not torch.bool else a.mT.to(torch.int8)  # NumPy's conj of bool is int8


# --- elementwise (abs, real, conj, square, sign, power, maximum, minimum, clip: _array_api_torch.py) -------
def _float_ufunc(fn: Any, complex_fix: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None = None) -> Any:
    """``fn`` with NumPy's float dtype for bool/integer input (torch would give float32); ``complex_fix(x, out)``
    gives NumPy's values where torch's complex kernel differs (the sign of a zero part)."""

    def impl(x: torch.Tensor) -> torch.Tensor:
        if complex_fix is not None and x.is_complex():
            return complex_fix(x, fn(x))
        return fn(x) if x.dtype in _INEXACT else fn(x.to(_UFUNC_FLOAT[x.dtype]))

    impl.__name__ = impl.__qualname__ = f"torch_{fn.__name__}"
    # the Tensor method where there is one: torch parses its arguments ~90 ns faster than torch.<fn>'s
    native = _INEXACT if complex_fix is None else _INEXACT - {torch.complex64, torch.complex128}
    return shortcut(getattr(T, fn.__name__, fn), impl, native, array_type=T)


for _name in ("exp", "log", "log2", "sqrt", "sin", "cos", "tanh"):
    implements_on(getattr(ops, _name), T, NAME)(_float_ufunc(getattr(torch, _name)))


@implements_on(ops.imag, T, NAME)
def torch_imag(x: torch.Tensor) -> torch.Tensor:
    return torch.imag(x) if x.is_complex() else torch.zeros_like(x)  # torch.imag rejects real input


@implements_on(ops.where, T, NAME)
def torch_where(condition: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if x.dtype is not y.dtype:
        x, y = _promote2(x, y)
    return torch.where(condition if condition.dtype is torch.bool else condition != 0, x, y)


# --- reductions --------------------------------------------------------------------------------
_UNSIGNED_ALL = frozenset({torch.uint8, *_WIDE_UINTS})
_SIGN_BIT = -(2**63)
# dtypes whose torch sum is NumPy's without options (unsigned sums are uint64 in NumPy, int64 in torch)
_SUM_NATIVE = frozenset(_NUMPY_OF_TORCH) - _UNSIGNED_ALL


def _axes(a: torch.Tensor, axis: Any, op: str, ufunc: bool = True) -> tuple[int, ...]:
    """The non-negative axes ``axis`` names in ``a`` (every axis for None); NumPy's AxisError or ValueError
    where it names one that is not there or one twice. A 0-d array has axis 0 (and -1) for NumPy's ufunc
    reductions (``ufunc``: sum, prod, max, min), none for the others (torch takes dim 0 of a 0-d tensor)."""
    nd = a.ndim
    if axis is None:
        return tuple(range(nd))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    if nd == 0 and ufunc and all(ax in (0, -1) for ax in axes):
        return ()
    for ax in axes:
        if not -nd <= ax < nd:
            raise np.exceptions.AxisError(ax, nd)
    out = tuple(ax % nd for ax in axes)
    if len(set(out)) < len(out):
        raise ValueError(f"{op}: duplicate value in 'axis': {axis}")
    return out


def _over(a: torch.Tensor, axes: tuple[int, ...]) -> torch.Tensor:
    """``a`` with ``axes`` moved to the end and flattened into one (of length 1 where ``axes`` is empty)."""
    if a.ndim == 0:
        return a.reshape(1)
    rest = [i for i in range(a.ndim) if i not in axes]
    size = math.prod(a.shape[i] for i in axes)
    return a.permute(*rest, *axes).reshape(*(a.shape[i] for i in rest), size)


def _kept(out: torch.Tensor, a: torch.Tensor, axes: tuple[int, ...], keepdims: bool) -> torch.Tensor:
    return out.reshape([1 if i in axes else n for i, n in enumerate(a.shape)]) if keepdims else out


def _bits64(x: torch.Tensor) -> torch.Tensor:
    return x.view(torch.int64) if x.dtype is torch.uint64 else x.to(torch.int64)


def torch_sum(a: torch.Tensor, axis: Any, dtype: Any, keepdims: bool) -> torch.Tensor:
    # integer sums promote to int64 in torch as in NumPy; unsigned ones to uint64 in NumPy (modular: in int64 bits)
    dt = None if dtype is None else torch_dtype(dtype, "sum")
    if axis is None and dt is None and not keepdims and a.dtype not in _UNSIGNED_ALL:
        return _sum(a)  # torch parses explicit None arguments slowly
    if axis.__class__ is int and dt is None and a.dtype not in _UNSIGNED_ALL:  # sum(a, axis=0): torch's own
        try:
            return _sum(a, axis, keepdims)
        except IndexError:
            pass  # out of range: _axes raises NumPy's AxisError
    axes = _axes(a, axis, "sum")
    if dt is None and a.dtype in _UNSIGNED_ALL:
        return torch_sum(_bits64(a), axis, None, keepdims).view(torch.uint64)
    if dt in _WIDE_UINTS:
        return (
            torch_sum(_bits64(a.to(dt)), axis, None, keepdims).to(dt)
            if dt is not torch.uint64
            else torch_sum(_bits64(a.to(dt)), axis, None, keepdims).view(torch.uint64)
        )
    if axis == ():  # no axis: nothing reduced, as NumPy (torch's dim=() reduces every axis)
        return torch.sum(a.unsqueeze(-1), -1, dtype=dt)  # a sum over a new axis of one: sum's dtype, a copy
    return torch.sum(a, axes, keepdims, dtype=dt)


implements_on(ops.sum, T, NAME)(shortcut(_sum, torch_sum, _SUM_NATIVE, (None, None, False), array_type=T))


@implements_on(ops.mean, T, NAME)
def torch_mean(a: torch.Tensor, axis: Any, dtype: Any, keepdims: bool) -> torch.Tensor:
    dt = None if dtype is None else torch_dtype(dtype, "mean")
    axes = _axes(a, axis, "mean", ufunc=False)
    if axis == ():  # no axis: nothing reduced, as NumPy (torch's dim=() reduces every axis)
        return _mean_of_one(a.to(dt) if dt is not None else _inexact(a))
    return torch.mean(a if dt is not None else _inexact(a), axes, keepdims, dtype=dt)


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
    if (dt is None and a.dtype in _UNSIGNED_ALL) or dt in _WIDE_UINTS:
        target = torch.uint64 if dt is None else dt  # NumPy's unsigned product is uint64 (modular: in int64 bits)
        out = torch_prod(_bits64(a if dt is None else a.to(dt)), axis, None, keepdims)
        return out.view(torch.uint64) if target is torch.uint64 else out.to(target)
    if isinstance(axis, int) and a.ndim:
        return torch.prod(a, axis, keepdims, dtype=dt)
    # torch.prod reduces one axis or all: the axes moved to the end and flattened into one
    return _kept(torch.prod(_over(a, axes), -1, dtype=dt), a, axes, keepdims)


def _empty_reduction(a: torch.Tensor, axes: tuple[int, ...], what: str) -> None:
    if any(a.shape[i] == 0 for i in axes) or (not axes and a.numel() == 0 and a.ndim == 0):
        raise ValueError(what)


def _lex_order(x: torch.Tensor, descending: bool) -> torch.Tensor:
    """Indices that sort the last axis of complex ``x`` as NumPy: by real, then imaginary part; stable; NaNs last
    (first when ``descending``) in NumPy's order of them: ``R + nanj``, ``nan + Rj``, ``nan + nanj``, each by its
    number part."""
    re, im = x.real, x.imag
    nan_re, nan_im = torch.isnan(re), torch.isnan(im)
    kind = nan_im.to(torch.uint8) + 2 * nan_re.to(torch.uint8)  # 0: no NaN, 1: R + nanj, 2: nan + Rj, 3: both
    order = torch.argsort(torch.where(nan_im, 0, im), dim=-1, descending=descending, stable=True)
    for key in (torch.where(nan_re, 0, re), kind):
        order = torch.gather(
            order, -1, torch.argsort(torch.gather(key, -1, order), dim=-1, descending=descending, stable=True)
        )
    return order


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


@implements_on(ops.norm, T, NAME)
def torch_norm(x: torch.Tensor, ord_: Any, axis: Any, keepdims: bool) -> torch.Tensor:
    _axes(x, axis, "norm", ufunc=False)
    try:
        return torch.linalg.norm(_inexact(x), ord_, axis, keepdims)
    except RuntimeError as err:  # an order or a number of axes the norm is not defined for: NumPy's ValueError
        raise ValueError(f"norm: {err}") from err


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


# --- linear algebra ----------------------------------------------------------------------------
def torch_matmul(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    # NumPy promotes two dtypes; torch.matmul rejects them, except where a batched operand is empty (an empty
    # batch, or a contracted axis of length 0), where it silently gives the second operand's dtype
    if x1.dtype is not x2.dtype:
        x1, x2 = _promote2(x1, x2)
    if x1.dtype in _NO_PRODUCT:
        return integer_product(_matmul, x1, x2)
    return _matmul(x1, x2)


# dtypes torch has no matrix product for: computed in int64 (modular, as NumPy's), bool as "any a and b"
_NO_PRODUCT = frozenset({torch.bool, *_WIDE_UINTS})
_PRODUCT_NATIVE = frozenset(_NUMPY_OF_TORCH) - _NO_PRODUCT


def integer_product(fn: Callable[..., torch.Tensor], *xs: torch.Tensor) -> torch.Tensor:
    """``fn`` (a product: matmul, einsum, tensordot) of bool or uint16/32/64 tensors of one dtype, in int64."""
    d = xs[0].dtype
    out = fn(*(_bits64(x) for x in xs))
    if d is torch.bool:
        return out != 0
    return out.view(torch.uint64) if d is torch.uint64 else out.to(d)


# in C: torch.matmul for operands of one dtype, the implementation above for the rest
implements_on(ops.matmul, T, NAME)(
    shortcut(_matmul, torch_matmul, _PRODUCT_NATIVE, (), n_leading=2, same_dtype=True, array_type=T)
)


@implements_on(ops.einsum, T, NAME)
def torch_einsum(subscripts: str, *operands: torch.Tensor) -> torch.Tensor:
    # NumPy's common dtype first: torch.einsum rejects two dtypes, except for empty operands, where it silently
    # gives one of them
    if not operands:
        raise ValueError("must specify the einstein sum subscripts string and at least one operand")  # NumPy's
    unified = _unify(operands)
    if unified and unified[0].dtype in _NO_PRODUCT:
        return integer_product(functools.partial(torch.einsum, subscripts), *unified)
    if len(unified) == 2:
        x, y = unified
        if x.__class__ is T and y.__class__ is T and not _is_compiling():
            # what torch.einsum does for two plain tensors, without its Python layer (subclasses
            # keep it: their __torch_function__ sees torch.einsum; so does torch.compile, which
            # cannot trace the C function)
            return _vf_einsum(subscripts, unified)
    return torch.einsum(subscripts, *unified)


@implements_on(ops.svd, T, NAME)
def torch_svd(a: torch.Tensor, full_matrices: bool) -> tuple[torch.Tensor, ...]:
    return tuple(torch.linalg.svd(_inexact(a), full_matrices=full_matrices))


@implements_on(ops.qr, T, NAME)
def torch_qr(a: torch.Tensor, mode: str) -> Any:
    q, r = torch.linalg.qr(_inexact(a), mode=mode)
    return r if mode == "r" else (q, r)  # NumPy's mode="r" returns R alone


@implements_on(ops.eigh, T, NAME)
def torch_eigh(a: torch.Tensor, uplo: str) -> tuple[torch.Tensor, ...]:
    return tuple(torch.linalg.eigh(_inexact(a), UPLO=uplo))


@implements_on(ops.eig, T, NAME)
def torch_eig(a: torch.Tensor) -> tuple[torch.Tensor, ...]:
    w, v = torch.linalg.eig(_inexact(a))
    # torch always returns complex; NumPy returns real arrays for real input with real eigenvalues.
    if not a.is_complex() and not bool(w.imag.any()):
        return w.real, v.real
    return w, v


@implements_on(ops.solve, T, NAME)
def torch_solve(a: torch.Tensor, b: torch.Tensor, assume_a: str) -> torch.Tensor:
    kind = check_assume_a(assume_a)
    a, b = _inexact(a), _inexact(b)
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    vector = b.ndim == 1  # NumPy 2: only a 1-D b is a vector
    rhs = b.unsqueeze(-1) if vector else b
    # "pos": Cholesky (torch.linalg.LinAlgError unless a is positive definite); others: LU
    x = torch.cholesky_solve(rhs, torch.linalg.cholesky(a)) if kind == "pos" else torch.linalg.solve(a, rhs)
    return x.squeeze(-1) if vector else x


def linalg_input(a: torch.Tensor, op: str) -> torch.Tensor:
    """``a`` as the inexact dtype NumPy's linalg computes in; TypeError for float16, as NumPy's (torch has
    no float16 kernels: NotImplementedError or RuntimeError)."""
    if a.dtype is torch.float16:
        raise TypeError(f"{op}: array type float16 is unsupported in linalg (as in NumPy); cast to float32 first")
    return _inexact(a)


@implements_on(ops.inv, T, NAME)
def torch_inv(a: torch.Tensor) -> torch.Tensor:
    return torch.linalg.inv(linalg_input(a, "inv"))


@implements_on(ops.det, T, NAME)
def torch_det(a: torch.Tensor) -> torch.Tensor:
    return torch.linalg.det(linalg_input(a, "det"))


@implements_on(ops.expm, T, NAME)
def torch_expm(a: torch.Tensor) -> torch.Tensor:
    return torch.linalg.matrix_exp(_inexact(a))


@implements_on(ops.cholesky, T, NAME)
def torch_cholesky(a: torch.Tensor, upper: bool) -> torch.Tensor:
    out = torch.linalg.cholesky(linalg_input(a, "cholesky"), upper=upper)
    if out.is_complex():  # zero parts are +0 in NumPy's (LAPACK's) factor; torch's diagonal has -0j at times
        out = torch.complex(out.real + 0.0, out.imag + 0.0)
    return out


# --- random ------------------------------------------------------------------------------------
class Generator(torch.Generator):
    """torch's Generator, remembering the Context `nf.rng` made it under (`generator_context`)."""

    __slots__ = ("context",)
    context: Context

    def __reduce__(self) -> tuple[Any, ...]:
        return _generator, (str(self.device), self.get_state(), getattr(self, "context", None))


def _generator(device: str, state: torch.Tensor, ctx: Context | None) -> Generator:
    out = Generator(device=device)
    out.set_state(state)
    if ctx is not None:
        out.context = ctx
    return out


@implements(ops.rng, NAME)
def torch_rng(seed: int | None, ctx: Context) -> torch.Generator:
    gen = Generator(device=_device(ctx, "rng") or "cpu")
    gen.context = ctx
    if seed is None:
        gen.seed()
    else:
        try:
            gen.manual_seed(seed)
        except (TypeError, RuntimeError) as err:  # torch: RuntimeError "manual_seed expected a long"
            raise bad_argument("rng", "seed", seed, "an int or None", err) from err
    return gen


@implements(ops.normal, torch.Generator)
def torch_normal(rng: torch.Generator, shape_: Any, dtype: Any, ctx: Context | None) -> torch.Tensor:
    # A complex dtype gives real and imaginary parts of variance 1/2 each, as the catalogue says.
    dt = _default_dtype(dtype, generator_context(rng, ctx), "normal")
    if not (dt.is_floating_point or dt.is_complex):
        raise UnsupportedTypeError(
            f"normal: dtype {_NAME_OF_TORCH.get(dt, dt)} is not supported; use a real floating or complex dtype"
        )
    return torch.randn(_shape(shape_, "normal"), generator=rng, dtype=dt, device=rng.device)


@implements(ops.uniform, torch.Generator)
def torch_uniform(
    rng: torch.Generator, shape_: Any, low: float, high: float, dtype: Any, ctx: Context | None
) -> torch.Tensor:
    dt = _default_dtype(dtype, generator_context(rng, ctx), "uniform")
    if not dt.is_floating_point:
        raise UnsupportedTypeError(
            f"uniform: dtype {_NAME_OF_TORCH.get(dt, dt)} is not supported; use a real floating dtype"
        )
    return torch.empty(_shape(shape_, "uniform"), dtype=dt, device=rng.device).uniform_(low, high, generator=rng)


def _on(value: Any, device: torch.device) -> torch.Tensor:
    if isinstance(value, torch.Tensor):
        return value.to(device)
    if type(value) in _WEAK_SAMPLE:
        return _from_numpy(np.asarray(value)).to(device)
    return _foreign_to_tensor(value).to(device)


@implements(ops.choice, torch.Generator)
def torch_choice(rng: torch.Generator, a: Any, size: Any, p: Any, replace: bool) -> torch.Tensor:
    device = rng.device
    population = None if isinstance(a, (int, np.integer)) else _on(a, device)
    n = int(a) if population is None else population.shape[0] if population.ndim else -1
    if n < 0:
        raise ValueError(
            f"choice: argument 'a' must be an int or a 1-D array, got a 0-d array ({a!r}); pass a sequence"
        )
    if n == 0:
        raise ValueError("choice: argument 'a' is empty (a=0 or a length-0 array); pass a non-empty population")
    count = 1 if size is None else math.prod(_shape(size, "choice", "size"))
    if not replace and count > n:
        raise ValueError(
            f"choice: cannot take {count} samples without replacement from a population of {n}; "
            "pass replace=True or a smaller size"
        )
    if p is None:
        weights = torch.ones(n, dtype=torch.float64, device=device)
    else:
        weights = _on(p, device).to(torch.float64)
        if weights.shape != (n,) or bool((weights < 0).any()) or abs(float(weights.sum()) - 1.0) > 1e-8:
            raise ValueError(
                f"choice: argument 'p' must be {n} non-negative probabilities summing to 1, got shape "
                f"{tuple(weights.shape)} summing to {float(weights.sum())}; normalise p (p / p.sum())"
            )
    index = torch.multinomial(weights, count, replacement=replace, generator=rng)
    out = index if population is None else population[index]
    return out.reshape(() if size is None else _shape(size, "choice", "size") + tuple(out.shape[1:]))


# --- discrete and autograd flags -------------------------------------------------------------
@implements_on(ops.bincount, T, NAME)
def torch_bincount(x: torch.Tensor, weights: Any, minlength: int) -> torch.Tensor:
    if weights is not None:  # NumPy sums weights in float64
        weights = _on(weights, x.device).to(torch.float64)
    if x.dtype is torch.bool or x.dtype in _WIDE_UINTS:  # no torch kernel: the counts of the same values in int64
        x = x.to(torch.int64)
    return torch.bincount(x, weights, minlength)


@implements_on(ops.nonzero, T, NAME)
def torch_nonzero(a: torch.Tensor) -> tuple[torch.Tensor, ...]:
    if a.ndim == 0:  # as NumPy 2 and the Array API standard (torch treats it as 1-D)
        raise ValueError("nonzero: a 0-d array has no axes to index; use nf.reshape(a, (1,)) or bool(a)")
    return torch.nonzero(a != 0 if a.dtype in _WIDE_UINTS else a, as_tuple=True)  # (no uint16/32/64 kernel)


@implements_on(ops.autodiff.requires_grad, T, NAME)
def torch_requires_grad(x: torch.Tensor, flag: bool) -> torch.Tensor:
    return x.detach().requires_grad_(flag)  # a new leaf sharing x's storage; x is unchanged


implements_on(ops.autodiff.detach, T, NAME)(torch.Tensor.detach)


# the Array API standard's functions, then NumPy's scientific ones (whose options extend the former)
from . import array_api, scientific  # noqa: E402, F401

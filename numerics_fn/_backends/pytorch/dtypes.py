"""torch's dtypes in NumPy's terms: one table for every token, name, NumPy and torch dtype, and NumPy's
promotion of tensor dtypes (``np.result_type``; torch's own rule only for dtypes NumPy lacks, such as
bfloat16). A leaf: it imports nothing of the torch backend.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import torch

from ..._context import Context
from ..._dtypes import DTYPE_NAMES, TORCH_ONLY_NAMES, DType, dtype_name

__all__ = ["native_dtype", "numpy_dtype", "torch_dtype"]


# --- one mapping for every token, name, NumPy dtype and torch dtype -------------------------------
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


# --- dtype sets -----------------------------------------------------------------------------------
_INEXACT = frozenset({torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128})
# The float dtype NumPy's float-valued ufuncs (exp, sqrt, ...) give for bool and integer input.
_UFUNC_FLOAT: Mapping[torch.dtype, torch.dtype] = MappingProxyType(
    {t: _TORCH_OF_NUMPY[np.sqrt(np.zeros(1, d)).dtype] for t, d in _NUMPY_OF_TORCH.items() if d.kind in "biu"}
)
# Python scalars are weak in NumPy's promotion (NEP 50): their type stands for them.
_WEAK_SAMPLE: Mapping[type, Any] = MappingProxyType({bool: False, int: 0, float: 0.0, complex: 0j})
# Unsigned dtypes torch has few kernels for (eye, arange, comparisons); made through int64 where needed.
_WIDE_UINTS = frozenset({torch.uint16, torch.uint32, torch.uint64})
_UNSIGNED = frozenset({torch.uint8, *_WIDE_UINTS})
_U64, _I64 = torch.uint64, torch.int64
# dtypes whose torch kernels give NumPy's answer for arithmetic, comparisons and extrema (one dtype, both operands)
_NATIVE_REAL = frozenset(
    {torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.float16, torch.float32, torch.float64}
)
_NATIVE_INT = frozenset({torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8})
_FLOATS = frozenset({torch.float16, torch.float32, torch.float64})


# --- NumPy's promotion ----------------------------------------------------------------------------
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


def _same(x1: torch.Tensor, x2: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return (x1, x2) if x1.dtype is x2.dtype else _promote2(x1, x2)


def _inexact(x: torch.Tensor) -> torch.Tensor:
    """``x`` as float64 when it is bool or integer (NumPy's linalg and mean/std/var/norm)."""
    return x if x.dtype in _INEXACT else x.to(torch.float64)

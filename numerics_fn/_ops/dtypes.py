"""Data-type functions: `astype` (and NumPy-style `cast`), and dtype questions that need no dispatch.

`can_cast`, `finfo`, `iinfo`, `isdtype` and `result_type` take any dtype numerics_fn knows
(a token such as ``nf.float32``, a name, a NumPy or torch dtype) or an array of any backend,
and answer with the standard's type-promotion rules. Dtypes they return are the neutral tokens
(``nf.float64``), equal to every backend's dtype of the same name.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from .._context import Context
from .._dispatch import generic, op
from .._dtypes import DType, dtype_name
from .._errors import UnsupportedTypeError

__all__ = ["astype", "can_cast", "cast", "finfo", "iinfo", "isdtype", "result_type"]

_KINDS = MappingProxyType(
    {
        "bool": ("bool",),
        "signed integer": ("int8", "int16", "int32", "int64"),
        "unsigned integer": ("uint8", "uint16", "uint32", "uint64"),
        "integral": ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"),
        "real floating": ("float16", "float32", "float64"),
        "complex floating": ("complex64", "complex128"),
    }
)
_NUMERIC = _KINDS["integral"] + _KINDS["real floating"] + _KINDS["complex floating"]


@op
def astype(x: Any, /, dtype: Any, *, copy: bool = True, device: Any = None, ctx: Context | None = None) -> Any:
    """``x`` cast to ``dtype``: a new array unless ``copy=False`` and the dtype already matches.

    Casting complex to real is an error (take `real`, `imag` or `abs` first), never a silent drop.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.astype(np.arange(3), nf.float32)
    array([0., 1., 2.], dtype=float32)
    """


@op
def cast(x: Any, /, dtype: Any, *, ctx: Context | None = None) -> Any:
    """``x`` converted to ``dtype`` (a copy; casting complex to real is an error, not a silent drop).

    >>> import numpy as np, numerics_fn as nf
    >>> nf.cast(np.arange(2), nf.float32)
    array([0., 1.], dtype=float32)
    """


def _name_of(value: object, op: str, arg: str) -> str:
    """The dtype name of a dtype or of an array's dtype."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None and not isinstance(value, (DType, np.dtype)) and not isinstance(value, type):
        value = dtype
    return dtype_name(value, op, arg)


def _promote(a: str, b: str) -> str | None:
    """The standard's promotion of two dtype names; None where it defines none (int with float)."""
    if a == b:
        return a
    try:
        out = np.promote_types(a, b).name
    except TypeError:
        return None
    kinds = {a[0], b[0]}
    if "b" in kinds or (("i" in kinds or "u" in kinds) and ("f" in kinds or "c" in kinds)):
        return None  # bool with numbers, integers with floats: mixed kinds the standard leaves undefined
    if out not in _NUMERIC:  # uint64 with a signed integer: NumPy goes to float64
        return None
    return out


@generic
def result_type(*arrays_and_dtypes: Any) -> DType:
    """The dtype of an operation on ``arrays_and_dtypes`` (arrays, dtypes, Python numbers).

    The standard's promotion table; Python numbers are weak (they take the other operand's
    dtype). Mixed-kind promotions the standard leaves undefined follow NumPy.

    >>> import numerics_fn as nf
    >>> nf.result_type(nf.int8, nf.int16), nf.result_type(nf.float32, 1.0)
    (numerics_fn.int16, numerics_fn.float32)
    """
    names = []
    scalars = []
    for value in arrays_and_dtypes:
        if isinstance(value, (bool, int, float, complex)):
            scalars.append(value)
        else:
            names.append(_name_of(value, "result_type", "arrays_and_dtypes"))
    if not names and not scalars:
        raise ValueError("result_type: at least one array or dtype is required")
    if not names:
        raise ValueError("result_type: at least one array or dtype is required beside Python numbers")
    out = names[0]
    for name in names[1:]:
        out = _promote(out, name) or np.promote_types(out, name).name
    if scalars:
        out = np.result_type(np.dtype(out), *scalars).name
    return DType(out)


@generic
def can_cast(from_: Any, to: Any, /) -> bool:
    """Whether ``from_`` (a dtype or an array) casts to ``to`` under the standard's promotion rules.

    >>> import numerics_fn as nf
    >>> nf.can_cast(nf.int8, nf.int32), nf.can_cast(nf.float64, nf.float32), nf.can_cast(nf.int64, nf.float64)
    (True, False, False)
    """
    source, target = _name_of(from_, "can_cast", "from_"), dtype_name(to, "can_cast", "to")
    return _promote(source, target) == target


class finfo_object(NamedTuple):  # noqa: N801 (the standard's name)
    """Machine limits of a floating-point dtype (Python floats)."""

    bits: int
    eps: float
    max: float
    min: float
    smallest_normal: float
    dtype: DType


class iinfo_object(NamedTuple):  # noqa: N801 (the standard's name)
    """Machine limits of an integer dtype (Python ints)."""

    bits: int
    max: int
    min: int
    dtype: DType


@generic
def finfo(type: Any, /) -> finfo_object:
    """Machine limits of a floating-point dtype or array (of a complex one: of its real part, and
    ``dtype`` is that real dtype, as the standard says).

    >>> import numerics_fn as nf
    >>> nf.finfo(nf.float32).bits, nf.finfo(nf.float64).eps
    (32, 2.220446049250313e-16)
    """
    name = _name_of(type, "finfo", "type")
    if name not in _KINDS["real floating"] + _KINDS["complex floating"]:
        raise UnsupportedTypeError(
            f"finfo: argument 'type' is {name}, not a floating-point dtype; use iinfo for integers"
        )
    info = np.finfo(np.dtype(name))  # of a complex dtype: of its real part, whose dtype is reported
    return finfo_object(
        info.bits,
        float(info.eps),
        float(info.max),
        float(info.min),
        float(info.smallest_normal),
        DType(info.dtype.name),
    )


@generic
def iinfo(type: Any, /) -> iinfo_object:
    """Machine limits of an integer dtype or array.

    >>> import numerics_fn as nf
    >>> nf.iinfo(nf.int8).min, nf.iinfo(nf.uint8).max
    (-128, 255)
    """
    name = _name_of(type, "iinfo", "type")
    if name not in _KINDS["integral"]:
        raise UnsupportedTypeError(f"iinfo: argument 'type' is {name}, not an integer dtype; use finfo for floats")
    info = np.iinfo(np.dtype(name))
    return iinfo_object(info.bits, int(info.max), int(info.min), DType(name))


@generic
def isdtype(dtype: Any, kind: Any) -> bool:
    """Whether ``dtype`` is of ``kind``: a dtype, a kind name (``"bool"``, ``"signed integer"``,
    ``"unsigned integer"``, ``"integral"``, ``"real floating"``, ``"complex floating"``,
    ``"numeric"``) or a tuple of those.

    >>> import numerics_fn as nf
    >>> nf.isdtype(nf.float32, "real floating"), nf.isdtype(nf.int8, ("bool", nf.int16))
    (True, False)
    """
    name = dtype_name(dtype, "isdtype", "dtype")
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:
        if isinstance(k, str) and k in (*_KINDS, "numeric"):
            if name in (_NUMERIC if k == "numeric" else _KINDS[k]):
                return True
        elif isinstance(k, str):
            raise ValueError(f"isdtype: kind {k!r} is not a dtype kind; use one of {', '.join(_KINDS)}, numeric")
        elif dtype_name(k, "isdtype", "kind") == name:
            return True
    return False

"""Element-wise functions, for NumPy and cuPyNumeric: functions taking the library module ``xp`` first.

Most ops are the library's own function (registered as it is); where ``xp`` lacks a standard name
(cuPyNumeric has NumPy's ``arccos`` but not ``acos``), NumPy's older name is used. Where NumPy's semantics
differ from the standard's, or cuPyNumeric's from NumPy's, the difference is fixed here, once (cuPyNumeric's
other kernel differences: `cupynumeric.semantics`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ... import _ops as ops
from .binding import Entry, LibraryOr, NumPyOr
from .core import clip_bounds, expm1_special_values, floor_where_one_infinite, where_condition_only

__all__ = ["TABLE", "RealOnly", "clip", "expm1", "floor_divide", "integer_division", "where"]


@dataclass(frozen=True, slots=True)
class RealOnly:
    """The library's function ``path`` refusing complex operands with NumPy's TypeError where the library is not
    NumPy: cuPyNumeric 26.6 runs NumPy's functions without a complex loop on complex data until a failed
    assertion in the task aborts the process. ``numpy_name``: the function's older name where ``xp`` lacks it."""

    path: str
    numpy_name: str | None = None

    def bind(self, xp: Any) -> Callable[..., Any]:
        fn = getattr(xp, self.path, None) or getattr(xp, self.numpy_name or self.path)
        return fn if xp is np else _real_only(self.path, fn)


def _real_only(name: str, fn: Any) -> Any:
    """``fn`` refusing complex operands with TypeError, as NumPy's ufunc ``name`` does."""

    def real_only(*args: Any) -> Any:
        if any(_kind(a) == "c" for a in args):
            kinds = ", ".join(str(getattr(a, "dtype", type(a).__name__)) for a in args)
            raise TypeError(f"{name}: not defined for complex operands (as in NumPy), got {kinds}")
        return fn(*args)

    real_only.__name__ = real_only.__qualname__ = f"real_only_{name}"
    return real_only


def _kind(v: Any) -> str:
    """NumPy's kind letter of ``v`` (an array or a Python number)."""
    return {bool: "b", int: "i", float: "f", complex: "c"}.get(type(v)) or v.dtype.kind


def integer_division(xp: Any, name: str, x1: Any, x2: Any) -> Any:
    """``floor_divide`` or ``remainder`` (``name``) of integer operands as NumPy computes them, without the
    divisions that trap (SIGFPE, which kills a cuPyNumeric process): where the divisor is 0 NumPy gives 0, and
    where it is -1 the quotient is ``-x1`` (wrapping: ``MIN // -1`` is MIN) and the remainder 0. The library
    divides by 1 there instead, and the quotient is fixed after, on the arrays' device."""
    fn = xp.floor_divide if name == "floor_divide" else xp.remainder
    k1, k2 = _kind(x1), _kind(x2)
    if "c" in (k1, k2):
        return _real_only(name, fn)(x1, x2)
    if (
        k1 not in "biu"
        or k2 not in "biu"
        or ({k1, k2} == {"i", "u"} and np.result_type(*(getattr(v, "dtype", v) for v in (x1, x2))).kind == "f")
    ):
        return fn(x1, x2)  # (int64 with uint64 is float64 in NumPy)
    if k1 == k2 == "b":  # NumPy divides bools as int8 (cuPyNumeric 26.6 gives bool)
        x1, x2 = (int(v) if type(v) is bool else v.astype(np.int8) for v in (x1, x2))
    if type(x2) in (bool, int):
        if x2 == 0 or (x2 == -1 and getattr(x1, "dtype", np.dtype("int64")).kind != "u"):  # uint // -1: the error
            q = fn(x1, 1)
            return xp.zeros_like(q) if x2 == 0 or name == "remainder" else xp.negative(q)
        return fn(x1, x2)
    zero = x2 == 0
    minus_one = x2 == -1 if x2.dtype.kind == "i" else None
    bad = zero if minus_one is None else zero | minus_one
    q = fn(x1, xp.where(bad, xp.ones_like(x2), x2))  # x1 // 1 is x1, x1 % 1 is 0: right for the remainder
    if name == "remainder":
        return q
    if minus_one is not None:
        q = xp.where(minus_one, xp.negative(q), q)
    return xp.where(zero, xp.zeros_like(q), q)


def floor_divide(xp: Any, x1: Any, x2: Any) -> Any:
    out = xp.floor_divide(x1, x2) if xp is np else integer_division(xp, "floor_divide", x1, x2)
    if getattr(out, "dtype", None) is None or out.dtype.kind != "f":
        return out
    return floor_where_one_infinite(xp, x1, x2, out)


def remainder(xp: Any, x1: Any, x2: Any) -> Any:
    return integer_division(xp, "remainder", x1, x2)  # an integer division by 0 (or MIN // -1) kills cuPyNumeric


def expm1(xp: Any, x: Any) -> Any:
    out = xp.expm1(x)
    if out.dtype.kind != "c" or not out.size:
        return out
    if xp is np and bool(np.isfinite(x).all()) and not ((x.real == 0) & (x.imag == 0)).any():
        return out  # nothing to fix (checked on NumPy only: elsewhere it would wait for the device)
    return expm1_special_values(xp, x, out, lambda re, im: xp.asarray(np.array(complex(re, im), dtype=out.dtype)))


def round_(xp: Any, x: Any, decimals: Any) -> Any:
    if decimals == 0:
        return xp.round(x)
    if x.dtype.kind in "biu" and xp is not np:  # cuPyNumeric 26.6 floors integers instead
        return round_integers(xp, x, decimals)
    return xp.round(x, decimals)


def round_integers(xp: Any, x: Any, decimals: Any) -> Any:
    """Integers rounded to ``decimals`` as NumPy does: unchanged (a copy) for ``decimals >= 0``, else rounded
    half to even at that power of ten."""
    if decimals >= 0:
        return x.copy()
    factor = 10.0 ** (-decimals)
    return (xp.rint(x / factor) * factor).astype(x.dtype)


def where(xp: Any, condition: Any, x: Any, y: Any) -> Any:
    if x is None or y is None:  # NumPy's where(condition)
        return where_condition_only(condition, x, y)
    return xp.where(condition, x, y)


def clip(xp: Any, x: Any, min_: Any, max_: Any, a_min: Any, a_max: Any) -> Any:
    if a_min is None and a_max is None:
        return xp.clip(x, min_, max_)
    return ops.clip(x, *clip_bounds(min_, max_, a_min, a_max))  # (again through dispatch: the bounds' types)


def relu(xp: Any, x: Any) -> Any:
    return xp.maximum(x, xp.zeros((), dtype=x.dtype))


def sigmoid(xp: Any, x: Any) -> Any:
    if x.dtype.kind in "biu":
        x = x.astype(np.float64)
    e = xp.exp(-xp.abs(x))  # never overflows
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


def angle(xp: Any, z: Any, deg: bool) -> Any:
    out = xp.angle(z, deg)
    return out if xp is np else out.astype(np.angle(np.zeros(1, z.dtype)).dtype, copy=False)


def nan_to_num(xp: Any, x: Any, copy: bool, nan: float, posinf: Any, neginf: Any) -> Any:
    return xp.nan_to_num(x, copy=True, nan=nan, posinf=posinf, neginf=neginf)


def divmod_(xp: Any, a: Any, b: Any) -> Any:
    return ops.floor_divide(a, b), ops.remainder(a, b)


def isclose(xp: Any, a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> Any:
    return xp.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


TABLE: tuple[Entry, ...] = (
    (ops.abs, "abs"),
    (ops.acos, LibraryOr("acos", "arccos")),
    (ops.acosh, LibraryOr("acosh", "arccosh")),
    (ops.add, "add"),
    (ops.asin, LibraryOr("asin", "arcsin")),
    (ops.asinh, LibraryOr("asinh", "arcsinh")),
    (ops.atan, LibraryOr("atan", "arctan")),
    (ops.atan2, RealOnly("atan2", "arctan2")),
    (ops.atanh, LibraryOr("atanh", "arctanh")),
    (ops.bitwise_and, "bitwise_and"),
    (ops.bitwise_invert, LibraryOr("bitwise_invert", "invert")),
    (ops.bitwise_left_shift, LibraryOr("bitwise_left_shift", "left_shift")),
    (ops.bitwise_or, "bitwise_or"),
    (ops.bitwise_right_shift, LibraryOr("bitwise_right_shift", "right_shift")),
    (ops.bitwise_xor, "bitwise_xor"),
    (ops.ceil, RealOnly("ceil")),
    (ops.clip, clip),
    (ops.conj, "conj"),
    (ops.copysign, RealOnly("copysign")),
    (ops.cos, "cos"),
    (ops.cosh, "cosh"),
    (ops.divide, "divide"),
    (ops.equal, "equal"),
    (ops.exp, "exp"),
    (ops.exp2, "exp2"),
    (ops.expm1, expm1),
    (ops.floor, RealOnly("floor")),
    (ops.floor_divide, floor_divide),
    (ops.greater, "greater"),
    (ops.greater_equal, "greater_equal"),
    (ops.hypot, RealOnly("hypot")),
    (ops.imag, "imag"),
    (ops.isfinite, "isfinite"),
    (ops.isinf, "isinf"),
    (ops.isnan, "isnan"),
    (ops.less, "less"),
    (ops.less_equal, "less_equal"),
    (ops.log, "log"),
    (ops.log1p, "log1p"),
    (ops.log2, "log2"),
    (ops.log10, "log10"),
    (ops.logaddexp, RealOnly("logaddexp")),
    (ops.logical_and, "logical_and"),
    (ops.logical_not, "logical_not"),
    (ops.logical_or, "logical_or"),
    (ops.logical_xor, "logical_xor"),
    (ops.maximum, "maximum"),
    (ops.minimum, "minimum"),
    (ops.multiply, "multiply"),
    (ops.negative, "negative"),
    (ops.nextafter, RealOnly("nextafter")),
    (ops.not_equal, "not_equal"),
    (ops.positive, "positive"),
    (ops.power, "power"),
    (ops.real, "real"),
    (ops.reciprocal, "reciprocal"),
    (ops.remainder, NumPyOr("remainder", remainder)),
    (ops.round, round_),
    (ops.sign, "sign"),
    (ops.signbit, RealOnly("signbit")),
    (ops.sin, "sin"),
    (ops.sinh, "sinh"),
    (ops.sqrt, "sqrt"),
    (ops.square, "square"),
    (ops.subtract, "subtract"),
    (ops.tan, "tan"),
    (ops.tanh, "tanh"),
    (ops.trunc, RealOnly("trunc")),
    (ops.where, where),
    (ops.relu, relu),
    (ops.sigmoid, sigmoid),
    (ops.angle, angle),
    (ops.nan_to_num, nan_to_num),
    (ops.divmod, LibraryOr("divmod", divmod_)),
    (ops.isclose, isclose),
)

"""Element-wise functions with NumPy's dtypes and meaning: integer input to ``exp`` gives NumPy's float
(not torch's float32), arithmetic of mixed dtypes promotes as ``np.result_type``, comparisons and
extrema order uint64 and complex numbers as NumPy, integer division and powers behave as NumPy's.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._dispatch import implements_on, shortcut
from ..._ops import floor_divide, remainder
from ..numpy_like.core import clip_bounds, expm1_special_values, floor_where_one_infinite, where_condition_only
from .conversion import EXACT_COMPARISONS
from .dtypes import (
    _FLOATS,
    _I64,
    _INEXACT,
    _NAME_OF_TORCH,
    _NATIVE_INT,
    _NATIVE_REAL,
    _U64,
    _UFUNC_FLOAT,
    _UNSIGNED,
    _WIDE_UINTS,
    _common_dtype,
    _inexact,
    _promote2,
    _same,
    numpy_dtype,
    torch_dtype,
)
from .semantics import (
    _SIGN_BIT,
    NAME,
    T,
    _bits,
    _from_bits,
    _from_ordered,
    _isnan_any,
    _lex_less,
    _ordered,
    _parts,
    _through_int64,
    _wide_uints,
    on,
)

__all__: list[str] = []


def _float_ufunc(fn: Any, complex_fix: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None = None) -> Any:
    """``fn`` with NumPy's float dtype for bool/integer input (torch would give float32); ``complex_fix(x, out)``
    gives NumPy's values where torch's complex kernel differs (the sign of a zero part)."""

    def impl(x: torch.Tensor) -> torch.Tensor:
        if complex_fix is not None and x.is_complex():
            return complex_fix(x, fn(x))
        return fn(x) if x.dtype in _INEXACT else fn(x.to(_UFUNC_FLOAT[x.dtype]))

    impl.__name__ = impl.__qualname__ = f"torch_{fn.__name__}"
    # the Tensor method where there is one: torch parses its arguments faster than torch.<fn>'s
    native = _INEXACT if complex_fix is None else _INEXACT - {torch.complex64, torch.complex128}
    return shortcut(getattr(T, fn.__name__, fn), impl, native, array_type=T)


for _name in ("exp", "exp2", "log", "log2", "sqrt", "sin", "cos", "tanh"):
    implements_on(getattr(ops, _name), T, NAME)(_float_ufunc(getattr(torch, _name)))


@implements_on(ops.imag, T, NAME)
def torch_imag(x: torch.Tensor) -> torch.Tensor:
    return torch.imag(x) if x.is_complex() else torch.zeros_like(x)  # torch.imag rejects real input


@implements_on(ops.where, T, NAME)
def torch_where(condition: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if x is None or y is None:  # NumPy's where(condition)
        return where_condition_only(condition, x, y)
    if x.dtype is not y.dtype:
        x, y = _promote2(x, y)
    return torch.where(condition if condition.dtype is torch.bool else condition != 0, x, y)


def _binary(fn: Callable[..., torch.Tensor], name: str) -> Callable[[T, T], T]:
    """``fn`` on operands unified to NumPy's common dtype, through int64 where torch has no uint16/32/64
    kernel (`_wide_uints`, in the same function: one Python call per op call, not three)."""

    def impl(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        if x1.dtype is not x2.dtype:
            x1, x2 = _promote2(x1, x2)
        try:
            return fn(x1, x2)
        except NotImplementedError:
            return _through_int64(fn, (x1, x2))

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


@functools.cache
def _numpy_result(name: str, *dtypes: torch.dtype) -> torch.dtype | str:
    """The dtype of NumPy's ``np.<name>`` for operands of ``dtypes``, or NumPy's reason for refusing them.

    NumPy has no bfloat16: there NumPy decides the kind of result (and refusals), with float16 in bfloat16's
    place, and torch's promotion the width of a real floating result (bfloat16 beside an integer stays
    bfloat16, beside float16 is float32)."""
    if torch.bfloat16 in dtypes:
        out = _numpy_result(name, *(torch.float16 if d == torch.bfloat16 else d for d in dtypes))
        if isinstance(out, str) or not out.is_floating_point:
            return out
        return functools.reduce(torch.promote_types, dtypes)
    try:
        with np.errstate(all="ignore"):
            out = getattr(np, name)(*(np.ones(1, numpy_dtype(d)) for d in dtypes))
    except (TypeError, ValueError) as err:
        return str(err)
    return torch_dtype(np.asarray(out).dtype)


def _target(op: str, name: str, *xs: torch.Tensor) -> torch.dtype:
    """`_numpy_result` of the tensors ``xs``; TypeError (as NumPy's) where NumPy has no such operation."""
    out = _numpy_result(name, *(x.dtype for x in xs))
    if isinstance(out, str):
        names = ", ".join(str(_NAME_OF_TORCH.get(x.dtype, x.dtype)) for x in xs)
        raise TypeError(f"{op}: not defined for {names} (as in NumPy: {out})")
    return out


def _common(name: str, x1: torch.Tensor, x2: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.dtype]:
    """Both operands as NumPy's result dtype of ``np.<name>`` (TypeError where NumPy has none), and that dtype."""
    target = _target(name, _NUMPY_NAME.get(name, name), x1, x2)
    return (x1 if x1.dtype is target else x1.to(target)), (x2 if x2.dtype is target else x2.to(target)), target


_NUMPY_NAME = MappingProxyType(
    {"bitwise_left_shift": "left_shift", "bitwise_right_shift": "right_shift", "pow": "power"}
)


def _modular(fn: Callable[..., torch.Tensor], name: str, native: frozenset[torch.dtype]) -> Callable[[T, T], T]:
    """``fn`` (add, multiply, a bitwise op) with NumPy's dtypes: where torch has no kernel, in int64 by the bits
    (modular arithmetic is the same for every integer width), then as NumPy's result dtype."""

    def impl(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        d = x1.dtype
        if d is x2.dtype and d in native:
            return fn(x1, x2)
        y1, y2, target = _common(name, x1, x2)
        if target.is_complex and name in ("add", "subtract"):  # torch's complex add gives inf+nanj for inf+3j
            return torch.view_as_complex(fn(_parts(y1), _parts(y2)))
        if target in _native_or_float(native) or target.is_complex:
            return fn(y1, y2)
        return _from_bits(fn(_bits(y1), _bits(y2)), target)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


def _native_or_float(native: frozenset[torch.dtype]) -> frozenset[torch.dtype]:
    return native | _FLOATS


def _right_shift(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    d = x1.dtype
    if d is x2.dtype and d in _NATIVE_INT:
        return torch.bitwise_right_shift(x1, x2)
    y1, y2, target = _common("bitwise_right_shift", x1, x2)
    if target is not _U64:
        return _from_bits(torch.bitwise_right_shift(_bits(y1), _bits(y2)), target)
    # a logical shift of the bits: one step that clears the sign bit, then an arithmetic shift of a non-negative
    b, s = y1.view(_I64), y2.view(_I64)
    first = torch.bitwise_right_shift(b, 1) & (2**63 - 1)
    out = torch.where(s == 0, b, torch.bitwise_right_shift(first, (s - 1).clamp(0, 63)))
    return torch.where((s < 0) | (s >= 64), 0, out).view(_U64)


_COMPARISONS = MappingProxyType({
    "equal": torch.eq, "not_equal": torch.ne, "greater": torch.gt, "greater_equal": torch.ge, "less": torch.lt,
    "less_equal": torch.le,
})  # fmt: skip


def _comparison(fn: Callable[..., torch.Tensor], name: str) -> Callable[[T, T], T]:
    """``fn`` with NumPy's order: uint64 above 2**63 and uint16/32 through an order-keeping int64, complex
    numbers by real then imaginary part (torch orders none of them)."""
    swap = name in ("greater", "greater_equal")
    equal = name in ("greater_equal", "less_equal")

    def impl(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        d = x1.dtype
        if d is x2.dtype and (d in _NATIVE_REAL or d is torch.bool):
            return fn(x1, x2)
        if {d, x2.dtype} & {_U64} and not ({d, x2.dtype} - _UNSIGNED - {torch.bool, _U64}) - _SIGNED:
            return _signed_unsigned(name, fn, x1, x2)
        if d is not x2.dtype:
            x1, x2 = _promote2(x1, x2)
        if x1.is_complex():
            if name in ("equal", "not_equal"):
                return fn(x1, x2)
            a, b = (x2, x1) if swap else (x1, x2)
            return _lex_less(a, b, equal)
        return fn(_ordered(x1), _ordered(x2))

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


_SIGNED = frozenset({torch.int8, torch.int16, torch.int32, torch.int64})


def _signed_unsigned(name: str, fn: Callable[..., torch.Tensor], x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    """A comparison of uint64 with another integer, exact as NumPy's (their common dtype, float64, is not):
    both in the order-keeping int64 of uint64, a negative signed value below every unsigned one."""
    negative = [x < 0 if x.dtype in _SIGNED else None for x in (x1, x2)]
    keys = [_ordered(x.to(_U64) if x.dtype is not _U64 else x) for x in (x1, x2)]
    out = fn(*keys)
    for i, neg in enumerate(negative):
        if neg is not None:  # this operand is below the other where negative
            below = {"less": True, "less_equal": True, "not_equal": True}.get(name, False)
            above = {"greater": True, "greater_equal": True, "not_equal": True}.get(name, False)
            out = torch.where(neg, below if i == 0 else above, out)
    return out


def _extremum(fn: Callable[..., torch.Tensor], name: str) -> Callable[[T, T], T]:
    """``maximum``/``minimum`` with NumPy's order (as `_comparison`), NaN propagated, also for bool."""
    largest = name == "maximum"

    def impl(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        d = x1.dtype
        if d is x2.dtype and d in _NATIVE_REAL:
            return fn(x1, x2)
        y1, y2, target = _common(name, x1, x2)
        if target in _NATIVE_REAL:
            return fn(y1, y2)
        if target.is_complex:
            y1, y2 = torch.broadcast_tensors(y1, y2)
            pick2 = _lex_less(y1, y2, False) if largest else _lex_less(y2, y1, False)
            out = torch.where(pick2, y2, y1)
            return torch.where(_isnan_any(y1), y1, torch.where(_isnan_any(y2), y2, out))
        return _from_ordered(fn(_ordered(y1), _ordered(y2)), target)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


def _float_binary(fn: Callable[..., torch.Tensor], name: str) -> Callable[[T, T], T]:
    """``fn`` on operands cast to NumPy's result dtype for them (atan2 of int8 and uint8 is float16)."""

    def impl(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        d = x1.dtype
        if d is x2.dtype and d in _FLOATS:
            return fn(x1, x2)
        y1, y2, _ = _common(name, x1, x2)
        return fn(y1, y2)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


def _unsigned_divmod(a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Quotient and remainder of uint64 tensors (b != 0) in int64 arithmetic, by their bits (Hacker's Delight
    9-3: halve the dividend, divide, double, correct by one)."""
    x, y = a.view(_I64), b.view(_I64)
    big = y < 0  # a divisor of 2**63 or more: the quotient is 0 or 1
    y_safe = torch.where(big, 1, y)
    q = torch.floor_divide(torch.bitwise_right_shift(x, 1) & (2**63 - 1), y_safe) << 1
    r = x - q * y_safe
    fix = (r ^ _SIGN_BIT) >= (y_safe ^ _SIGN_BIT)  # r >= y as unsigned numbers
    q, r = torch.where(fix, q + 1, q), torch.where(fix, r - y_safe, r)
    at_least = (x ^ _SIGN_BIT) >= (y ^ _SIGN_BIT)
    q = torch.where(big, at_least.to(_I64), q)
    r = torch.where(big, torch.where(at_least, x - y, x), r)
    return q.view(_U64), r.view(_U64)


def _integer_division(name: str, x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    """floor_divide/remainder of integers as NumPy: 0 where the divisor is 0 (torch raises), uint64 exact."""
    zero = x2 == 0
    if x1.dtype is _U64:
        q, r = _unsigned_divmod(*torch.broadcast_tensors(x1, torch.where(zero, 1, x2).to(_U64)))
        out = q if name == "floor_divide" else r
        return torch.where(zero, torch.zeros((), dtype=_U64, device=out.device), out)
    fn = torch.floor_divide if name == "floor_divide" else torch.remainder
    carrier = x1.dtype in _WIDE_UINTS or x1.dtype is torch.bool
    y1, y2 = (_bits(x1), _bits(x2)) if carrier else (x1, x2)
    out = torch.where(zero, 0, fn(y1, torch.where(zero, 1, y2)))
    return _from_bits(out, x1.dtype) if carrier else out


def _acos_zero(x: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    # C99's cacos(x ± 0i) is acos(x) ∓ 0i for |x| <= 1 (cacos(conj z) = conj(cacos z)): a zero imaginary part
    # has the sign opposite to z's; torch's keeps z's
    flip = (out.imag == 0) & (torch.signbit(out.imag) == torch.signbit(x.imag)) & ~torch.isnan(x.imag)
    return torch.where(flip, torch.complex(out.real, -out.imag), out)


def _log1p_zero(x: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    return torch.complex(out.real + 0.0, out.imag)  # log|1 + z| is never -0 (torch gives -0 at z = -0 - 0j)


for _name in ("acos", "acosh", "asin", "asinh", "atan", "atanh", "cosh", "log1p", "log10", "sinh", "tan"):
    on(getattr(ops, _name))(_float_ufunc(getattr(torch, _name), {"acos": _acos_zero, "log1p": _log1p_zero}.get(_name)))
_fn1: Callable[..., torch.Tensor]
_fn2: Callable[..., torch.Tensor]
for _name, _fn1 in (
    ("isfinite", torch.isfinite), ("isinf", torch.isinf), ("isnan", torch.isnan), ("logical_not", torch.logical_not),
):  # fmt: skip
    on(getattr(ops, _name))(_wide_uints(_fn1))


@on(ops.signbit)
def torch_signbit(x: torch.Tensor) -> torch.Tensor:
    if x.is_complex():
        raise TypeError(f"signbit: not defined for {_NAME_OF_TORCH[x.dtype]} (as in NumPy); take nf.real(x) first")
    return torch.signbit(x) if x.dtype not in _WIDE_UINTS else torch.zeros_like(x, dtype=torch.bool)


for _name, _fn2 in (("add", torch.add), ("subtract", torch.subtract), ("multiply", torch.multiply)):
    on(getattr(ops, _name))(_modular(_fn2, _name, _NATIVE_REAL))
for _name, _fn2 in (
    ("bitwise_and", torch.bitwise_and), ("bitwise_or", torch.bitwise_or), ("bitwise_xor", torch.bitwise_xor),
    ("bitwise_left_shift", torch.bitwise_left_shift),
):  # fmt: skip
    on(getattr(ops, _name))(
        _modular(_fn2, _name, _NATIVE_INT | {torch.bool} if _name != "bitwise_left_shift" else _NATIVE_INT)
    )
on(ops.bitwise_right_shift)(_right_shift)
for _name, _fn2 in _COMPARISONS.items():
    EXACT_COMPARISONS[_name] = on(getattr(ops, _name))(_comparison(_fn2, _name))
for _name, _fn2 in (
    ("logical_and", torch.logical_and), ("logical_or", torch.logical_or), ("logical_xor", torch.logical_xor),
):  # fmt: skip
    on(getattr(ops, _name))(_binary(_fn2, _name))
for _name, _fn2 in (
    ("atan2", torch.atan2), ("copysign", torch.copysign), ("hypot", torch.hypot), ("logaddexp", torch.logaddexp),
):  # fmt: skip
    on(getattr(ops, _name))(_float_binary(_fn2, _name))
for _op, _fn2 in ((ops.maximum, torch.maximum), (ops.minimum, torch.minimum)):
    on(_op)(_extremum(_fn2, _op.__name__))


@on(ops.power)
def torch_power(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    d = x1.dtype
    if d is x2.dtype and d in _INEXACT:
        return torch.pow(x1, x2)
    y1, y2, target = _common("power", x1, x2)
    if target in _INEXACT:
        return torch.pow(y1, y2)
    if target.is_signed and bool((y2 < 0).any()):
        raise ValueError("power: integers to negative integer powers are not allowed (as in NumPy); use floats")
    b1, b2 = _bits(y1), _bits(y2)
    if target is _U64 and bool((b2 < 0).any()):  # exponents of 2**63 or more: torch's int64 pow takes them as < 0
        return _from_bits(_modular_pow(b1, b2), target)
    return _from_bits(torch.pow(b1, b2), target)


def _modular_pow(base: torch.Tensor, exponent: torch.Tensor) -> torch.Tensor:
    """``base ** exponent`` modulo 2**64 (int64 tensors holding uint64 bits), by squaring, bit by bit."""
    base, exponent = torch.broadcast_tensors(base, exponent)
    out = torch.ones_like(base)
    for bit in range(64):
        out = torch.where((exponent >> bit) & 1 == 1, out * base, out)
        base = base * base
    return out


on(ops.pow)(torch_power)


def _unary_exact(name: str, fn: Callable[..., torch.Tensor], native: frozenset[torch.dtype]) -> Callable[[T], T]:
    """``fn`` with NumPy's result dtype; where torch has no kernel for the dtype, in int64 by the bits."""
    np_name = {"bitwise_invert": "invert", "conj": "conjugate"}.get(name, name)

    def impl(x: torch.Tensor) -> torch.Tensor:
        if x.dtype in native:
            return fn(x)
        if name == "abs" and x.dtype in _UNSIGNED:  # (in int64 bits, uint64 above 2**63 would wrap)
            return x.clone()
        target = _target(name, np_name, x)
        if target.is_floating_point or target.is_complex:
            return fn(x.to(target))
        return _from_bits(fn(_bits(x)), target)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


_REAL_INEXACT = _INEXACT - {torch.complex64, torch.complex128}


def _negative(x: torch.Tensor) -> torch.Tensor:
    # complex: both parts negated (torch's complex negation gives +0 for -(0j)'s parts)
    return torch.view_as_complex(-_parts(x)) if x.is_complex() else torch.negative(x)


for _name, _fn1, _native in (
    ("negative", _negative, _NATIVE_REAL | _REAL_INEXACT), ("positive", torch.positive, _NATIVE_REAL | _INEXACT),
    ("bitwise_invert", torch.bitwise_not, _NATIVE_INT | {torch.bool}),
    ("ceil", torch.ceil, _REAL_INEXACT | _NATIVE_INT),
    ("floor", torch.floor, _REAL_INEXACT | _NATIVE_INT), ("trunc", torch.trunc, _REAL_INEXACT | _NATIVE_INT),
):  # fmt: skip
    on(getattr(ops, _name))(_unary_exact(_name, _fn1, _native))
for _op, _fn1, _native in (
    (ops.abs, torch.abs, _NATIVE_REAL | _INEXACT),
    (ops.square, torch.square, _NATIVE_REAL | _INEXACT),
    (ops.conj, torch.conj_physical, _NATIVE_REAL | _INEXACT),  # a new array, not a lazy conj view
):  # fmt: skip
    on(_op)(_unary_exact(_op.__name__, _fn1, _native))


@on(ops.real)
def torch_real(x: torch.Tensor) -> torch.Tensor:
    return torch.real(x)


@on(ops.sign)
def torch_sign(x: torch.Tensor) -> torch.Tensor:
    if x.dtype in _UNSIGNED:  # 0 or 1 (torch has no kernel for uint16/32/64)
        return (x != 0).to(x.dtype)
    if x.dtype is torch.bool:
        raise TypeError("sign: not defined for bool (as in NumPy); cast to an integer dtype first")
    if x.is_complex():  # NumPy 2's x/|x|, with its infinities: sign(-inf+3j) is -1, sign(inf+infj) nan
        re, im = x.real, x.imag
        inf_re, inf_im = torch.isinf(re), torch.isinf(im)
        out = torch.where(
            inf_re | inf_im, torch.complex(torch.sign(re) * inf_re, torch.sign(im) * inf_im), torch.sgn(x)
        )
        nan = torch.isnan(re) | torch.isnan(im) | (inf_re & inf_im)
        return torch.where(nan, torch.complex(re.new_tensor(float("nan")), re.new_tensor(float("nan"))), out)
    out = torch.sgn(x)  # x/|x| for complex, as NumPy 2 (torch.sign rejects complex)
    return torch.where(torch.isnan(x), x, out) if x.is_floating_point() else out  # nan stays nan, as NumPy


@on(ops.clip)
def torch_clip(
    a: torch.Tensor, a_min: torch.Tensor | None, a_max: torch.Tensor | None, numpy_min: Any, numpy_max: Any
) -> Any:  # (a_min, a_max: the standard's min and max; numpy_min, numpy_max: NumPy's a_min=, a_max=)
    if numpy_min is not None or numpy_max is not None:  # again through dispatch: the bounds' types
        return ops.clip(a, *clip_bounds(a_min, a_max, numpy_min, numpy_max))
    bounds = [v for v in (a_min, a_max) if v is not None]
    if not bounds:  # torch.clamp needs one bound; NumPy and the standard return the values
        if a.dtype is torch.bool:
            raise TypeError("clip: not defined for bool without bounds (as in NumPy: no bool positive)")
        return a.clone()
    if any(v.dtype is not a.dtype for v in bounds):
        dt = _common_dtype(a.dtype, *(v.dtype for v in bounds))
        a = a.to(dt)
        a_min = None if a_min is None else a_min.to(dt)
        a_max = None if a_max is None else a_max.to(dt)
    if a.dtype in _NATIVE_REAL:
        return torch.clamp(a, a_min, a_max)
    out = a  # NumPy's clip: minimum(maximum(a, a_min), a_max), in NumPy's order of every dtype
    if a_min is not None:
        out = _extremum(torch.maximum, "maximum")(out, a_min)
    if a_max is not None:
        out = _extremum(torch.minimum, "minimum")(out, a_max)
    return out if out is not a else a.clone()


@on(ops.nextafter)
def torch_nextafter(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    if x1.dtype is not x2.dtype or x1.dtype not in _FLOATS:
        x1, x2, _ = _common("nextafter", x1, x2)
    out = torch.nextafter(x1, x2)
    # C's nextafter gives x2 where they are equal (-0.0 or +0.0); NumPy's own float16 one gives x1
    return torch.where(x1 == x2, x1, out) if x1.dtype is torch.float16 else out


@on(ops.floor_divide)
def torch_floor_divide(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    x1, x2, target = (
        _common("floor_divide", x1, x2) if x1.dtype is not x2.dtype or x1.dtype not in _FLOATS else (x1, x2, x1.dtype)
    )
    if not (target.is_floating_point or target.is_complex):
        return _integer_division("floor_divide", x1, x2)
    return floor_where_one_infinite(torch, x1, x2, torch.floor_divide(x1, x2))


@on(ops.remainder)
def torch_remainder(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    x1, x2, target = (
        _common("remainder", x1, x2) if x1.dtype is not x2.dtype or x1.dtype not in _FLOATS else (x1, x2, x1.dtype)
    )
    if not (target.is_floating_point or target.is_complex):
        return _integer_division("remainder", x1, x2)
    out = torch.remainder(x1, x2)
    return torch.where(out == 0, torch.copysign(out, x2), out)  # a zero takes x2's sign, as Python's %


@on(ops.expm1)
def torch_expm1(x: torch.Tensor) -> torch.Tensor:
    out = torch.expm1(x if x.dtype in _INEXACT else x.to(_UFUNC_FLOAT[x.dtype]))
    if not out.is_complex():
        return out
    return expm1_special_values(  # the standard's special values where torch's complex expm1 gives nan
        torch, x, out, lambda re, im: torch.full((), complex(re, im), dtype=out.dtype, device=out.device)
    )


@on(ops.divide)
def torch_divide(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    x1, x2 = _same(x1, x2)
    if x1.dtype not in _INEXACT:  # NumPy's true division of integers gives float64 (torch: float32)
        x1 = x1.to(torch.float64)
    return torch.true_divide(x1, x2)


@on(ops.reciprocal)
def torch_reciprocal(x: torch.Tensor) -> torch.Tensor:
    if x.dtype in _REAL_INEXACT:
        return torch.reciprocal(x)
    if x.is_complex():
        return _complex_reciprocal(x)
    # NumPy's integer reciprocal: 1 // x truncated (1 and -1 stay, 0 gives 0 and every other value 0); bool: int8
    target = _target("reciprocal", "reciprocal", x)
    if x.dtype in _UNSIGNED:
        return (x == 1).to(target)
    y = _bits(x)
    out = torch.where((y == 1) | (y == -1), y, 0)
    if target in (torch.int32, torch.int64):  # NumPy's 1 / 0 there: the float inf converted, the hardware's MIN
        out = torch.where(y == 0, torch.iinfo(target).min, out)
    return _from_bits(out, target)


def _complex_reciprocal(x: torch.Tensor) -> torch.Tensor:
    """NumPy's complex reciprocal (Smith's division of 1 by x): ``1 / 0j`` is nan+nanj, ``1 / inf`` is 0-0j."""
    re, im = x.real, x.imag
    small_im = im.abs() <= re.abs()
    r = torch.where(small_im, im / re, re / im)
    d = torch.where(small_im, re + im * r, re * r + im)
    return torch.complex(torch.where(small_im, 1 / d, r / d), torch.where(small_im, -r / d, -1 / d))


def _rounded(x: torch.Tensor, decimals: int) -> torch.Tensor:
    """``x`` rounded to ``decimals`` decimal places (not 0), as NumPy rounds: halves to even at that power of ten."""
    if not (x.is_floating_point() or x.is_complex()):
        if decimals >= 0:
            return x.clone()
        factor = 10.0 ** (-decimals)  # NumPy: the integer rounded half to even at that power of ten
        return (torch.round(x.to(torch.float64) / factor) * factor).to(x.dtype)
    if x.is_complex():
        return torch.complex(_rounded(x.real, decimals), _rounded(x.imag, decimals))
    if decimals >= 0:
        factor = 10.0**decimals
        return torch.round(x * factor) / factor
    factor = 10.0 ** (-decimals)
    return torch.round(x / factor) * factor


@on(ops.round)
def torch_round(x: torch.Tensor, decimals: Any) -> torch.Tensor:
    if decimals != 0:
        return _rounded(x, int(decimals))
    if x.is_complex():  # torch rounds no complex numbers; NumPy rounds both parts
        return torch.complex(torch.round(x.real), torch.round(x.imag))
    if x.dtype is torch.bool:  # NumPy rounds bool through its float16 loop
        return x.to(torch.float16)
    return _round(x)


_round = _wide_uints(torch.round)


@on(ops.nan_to_num)
def torch_nan_to_num(x: T, copy: bool, nan: float, posinf: Any, neginf: Any) -> T:
    if not (x.is_floating_point() or x.is_complex()):
        return x.clone()
    return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


@on(ops.angle)
def torch_angle(z: T, deg: bool) -> T:
    if z.dtype == torch.bool:
        z = z.to(torch.float64)  # NumPy: arctan2 of an int 0 and a bool
    elif not (z.is_floating_point() or z.is_complex()):
        z = z.to(_UFUNC_FLOAT[z.dtype])  # NumPy's float type for the integer type (int8: float16)
    out = torch.atan2(z.imag, z.real) if z.is_complex() else torch.atan2(torch.zeros_like(z), z)
    return out * (180 / math.pi) if deg else out


@on(ops.divmod)
def torch_divmod(x1: T, x2: T) -> tuple[T, T]:
    return floor_divide(x1, x2), remainder(x1, x2)


@on(ops.sigmoid)
def torch_sigmoid(x: T) -> T:
    return torch.sigmoid(_inexact(x))


@on(ops.relu)
def torch_relu(x: T) -> T:
    if x.dtype in _UNSIGNED or x.dtype == torch.bool:
        return x.clone()
    if x.is_complex():  # NumPy orders complex numbers lexicographically: the catalogue's maximum does
        from ..._ops import maximum

        return maximum(x, torch.zeros((), dtype=x.dtype, device=x.device))
    return torch.where(torch.isnan(x) | (x > 0), x, 0)  # NumPy's maximum(x, 0): NaN kept, +0 for -0

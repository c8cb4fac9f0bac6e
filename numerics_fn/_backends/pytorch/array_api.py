"""The Array API standard's functions (beyond NumPy's catalogue) on `torch.Tensor`.

Imported at the end of `pytorch.py`, whose helpers it reuses, so results follow the same rules
as the rest of the torch backend: NumPy's dtypes (``atan2`` of integers gives a float as NumPy's
does, not torch's float32), NumPy's meaning where torch's differs, the inputs' device.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import torch

from ... import _ops as ops
from ..._context import Context, on_device
from ..._dispatch import implements_on
from ..._errors import UnsupportedTypeError
from ..._ops import fft
from .implementation import (
    _INEXACT,
    _NAME_OF_TORCH,
    _UFUNC_FLOAT,
    _WIDE_UINTS,
    EXACT_COMPARISONS,
    NAME,
    _axes,
    _common_dtype,
    _default_dtype,
    _device,
    _float_ufunc,
    _inexact,
    _lex_order,
    _opt_dtype,
    _promote2,
    _shape,
    _sized,
    _unify,
    linalg_input,
    numpy_dtype,
    torch_dtype,
)  # fmt: skip

__all__: list[str] = []

T = torch.Tensor


def on(op: Any) -> Callable[[Any], Any]:
    return implements_on(op, T, NAME)


class UniqueAllResult(NamedTuple):
    values: torch.Tensor
    indices: torch.Tensor
    inverse_indices: torch.Tensor
    counts: torch.Tensor


class UniqueCountsResult(NamedTuple):
    values: torch.Tensor
    counts: torch.Tensor


class UniqueInverseResult(NamedTuple):
    values: torch.Tensor
    inverse_indices: torch.Tensor


def _wide_uints(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn``, computed through int64 where torch has no kernel for uint16/32/64 (NotImplementedError):
    exact for uint16/32, modular (as the hardware's) for uint64; integer results go back to the input dtype."""

    def impl(*args: Any) -> Any:
        try:
            return fn(*args)
        except NotImplementedError:
            return _through_int64(fn, args)

    impl.__name__ = impl.__qualname__ = getattr(fn, "__name__", "torch_op")
    return impl


def _through_int64(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """`_wide_uints`'s retry of ``fn`` after a NotImplementedError (re-raised unless a wide uint caused it)."""
    wide = next((a.dtype for a in args if isinstance(a, torch.Tensor) and a.dtype in _WIDE_UINTS), None)
    if wide is None:
        raise  # noqa: PLE0704 (called from an except block: the NotImplementedError being handled)
    out = fn(*(a.to(torch.int64) if isinstance(a, torch.Tensor) and a.dtype in _WIDE_UINTS else a for a in args))
    return out.to(wide) if isinstance(out, torch.Tensor) and out.dtype is torch.int64 else out


def _int64(*xs: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """uint16/32/64 tensors as int64 (torch has few kernels for them; exact below 2**63), others as they are."""
    return tuple(x.to(torch.int64) if x.dtype in _WIDE_UINTS else x for x in xs)


_UNSIGNED = frozenset({torch.uint8, *_WIDE_UINTS})
_U64, _I64 = torch.uint64, torch.int64
_SIGN_BIT = -(2**63)
# dtypes whose torch kernels give NumPy's answer for arithmetic, comparisons and extrema (one dtype, both operands)
_NATIVE_REAL = frozenset(
    {torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.float16, torch.float32, torch.float64}
)
_NATIVE_INT = frozenset({torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8})
_FLOATS = frozenset({torch.float16, torch.float32, torch.float64})


def _same(x1: torch.Tensor, x2: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return (x1, x2) if x1.dtype is x2.dtype else _promote2(x1, x2)


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


def _bits(x: torch.Tensor) -> torch.Tensor:
    """``x`` as int64: uint64 by its bits (modular arithmetic is the same), other integers and bool by value."""
    return x.view(_I64) if x.dtype is _U64 else x.to(_I64)


def _from_bits(y: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """`_bits` undone: int64 ``y`` as ``dtype`` (uint64 by its bits, others by value, modular)."""
    return y.view(_U64) if dtype is _U64 else y.to(dtype)


def _ordered(x: torch.Tensor) -> torch.Tensor:
    """A tensor torch can order whose order is ``x``'s: uint64 as int64 with the sign bit flipped, uint16/32
    as int64, bool as uint8; others as they are."""
    if x.dtype is _U64:
        return x.view(_I64) ^ _SIGN_BIT
    if x.dtype in _WIDE_UINTS:
        return x.to(_I64)
    return x.to(torch.uint8) if x.dtype is torch.bool else x


def _from_ordered(y: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    return (y ^ _SIGN_BIT).view(_U64) if dtype is _U64 else y.to(dtype)


def _parts(x: torch.Tensor) -> torch.Tensor:
    return torch.view_as_real(x.resolve_conj())


def _lex_less(a: torch.Tensor, b: torch.Tensor, equal: bool) -> torch.Tensor:
    """NumPy's order of complex numbers: by real part, then imaginary part (``equal``: less or equal); False
    where either has a NaN part."""
    tie = a.real == b.real
    out = (a.real < b.real) | (tie & ((a.imag <= b.imag) if equal else (a.imag < b.imag)))
    return out & ~(_isnan_any(a) | _isnan_any(b))


def _isnan_any(x: torch.Tensor) -> torch.Tensor:
    return torch.isnan(x) if not x.is_complex() else torch.isnan(x.real) | torch.isnan(x.imag)


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


# --- element-wise ----------------------------------------------------------------------------
def _acos_zero(x: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
    # C99's cacos(±0 ± 0i) is pi/2 ∓ 0i (torch's keeps the sign of the imaginary part)
    return torch.where(x == 0, torch.complex(out.real, -x.imag), out)


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
def torch_clip(a: torch.Tensor, a_min: torch.Tensor | None, a_max: torch.Tensor | None) -> torch.Tensor:
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
    out = torch.floor_divide(x1, x2)
    # where one operand is infinite, the standard's floor(x1 / x2) (inf // 2 is inf, -1 // inf is -0)
    one_infinite = (torch.isinf(x1) != torch.isinf(x2)) & ~torch.isnan(x1) & ~torch.isnan(x2)
    return torch.where(one_infinite, torch.floor(x1 / x2), out)


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
    # the standard's special values where torch's complex expm1 gives nan
    re, im = x.real, x.imag
    inf, nan = torch.full_like(re, float("inf")), torch.full_like(re, float("nan"))
    fixes = (
        ((re == 0) & (im == 0), torch.complex(torch.zeros_like(re), im)),  # ±0 ± 0j: +0 and the imaginary part
        (torch.isposinf(re) & (im == 0), torch.complex(inf, im)),
        (torch.isneginf(re) & ~torch.isfinite(im), torch.complex(-torch.ones_like(re), torch.zeros_like(re))),
        (torch.isposinf(re) & ~torch.isfinite(im), torch.complex(inf, nan)),
        (torch.isnan(re) & (im == 0), torch.complex(nan, im)),
    )
    for mask, value in fixes:
        out = torch.where(mask, value, out)
    return out


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


@on(ops.round)
def torch_round(x: torch.Tensor) -> torch.Tensor:
    if x.is_complex():  # torch rounds no complex numbers; NumPy rounds both parts
        return torch.complex(torch.round(x.real), torch.round(x.imag))
    if x.dtype is torch.bool:  # NumPy rounds bool through its float16 loop
        return x.to(torch.float16)
    return _round(x)


_round = _wide_uints(torch.round)


# --- creation --------------------------------------------------------------------------------
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


# --- data types ------------------------------------------------------------------------------
@on(ops.astype)
def torch_astype(x: torch.Tensor, dtype: Any, copy: bool, device: Any) -> torch.Tensor:
    target = torch_dtype(dtype, "astype")
    if x.is_complex() and not target.is_complex:
        raise UnsupportedTypeError(
            f"astype: casting {_NAME_OF_TORCH.get(x.dtype, x.dtype)} to {_NAME_OF_TORCH.get(target, target)} would "
            "drop the imaginary part; take nf.real(x) or nf.abs(x) first"
        )
    return x.to(dtype=target, device=device, copy=copy)


# --- manipulation and indexing ---------------------------------------------------------------
@on(ops.matrix_transpose)
def torch_matrix_transpose(x: torch.Tensor) -> torch.Tensor:
    return x.mT


@on(ops.broadcast_arrays)
def torch_broadcast_arrays(*arrays: torch.Tensor) -> tuple[torch.Tensor, ...]:
    return tuple(torch.broadcast_tensors(*arrays))


@on(ops.broadcast_to)
def torch_broadcast_to(x: torch.Tensor, shape: Any) -> torch.Tensor:
    return torch.broadcast_to(x, _shape(shape, "broadcast_to"))


@on(ops.flip)
def torch_flip(x: torch.Tensor, axis: Any) -> torch.Tensor:
    dims = tuple(range(x.ndim)) if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    (y,) = _int64(x)  # torch has no flip kernel for uint16/32/64
    return torch.flip(y, dims).to(x.dtype)


@on(ops.repeat)
def torch_repeat(x: torch.Tensor, repeats: Any, axis: int | None) -> torch.Tensor:
    if not isinstance(repeats, (int, torch.Tensor)):
        repeats = torch.as_tensor(np.asarray(repeats), device=x.device)
    if isinstance(repeats, torch.Tensor):
        repeats = repeats.to(torch.int64)  # torch counts in int64 only
    (y,) = _int64(x)
    return torch.repeat_interleave(y, repeats, dim=axis).to(x.dtype)


@on(ops.roll)
def torch_roll(x: torch.Tensor, shift: Any, axis: Any) -> torch.Tensor:
    if axis is None:  # NumPy rolls the flattened array
        return torch.roll(x.reshape(-1), shift).reshape(x.shape)
    return torch.roll(x, shift, axis)


@on(ops.tile)
def torch_tile(x: torch.Tensor, repetitions: Any) -> torch.Tensor:
    return torch.tile(x, _shape(repetitions, "tile", "repetitions"))


@on(ops.unstack)
def torch_unstack(x: torch.Tensor, axis: int) -> tuple[torch.Tensor, ...]:
    return torch.unbind(x, axis)


@on(ops.take)
def torch_take(x: torch.Tensor, indices: torch.Tensor, axis: int | None) -> torch.Tensor:
    if axis is None:
        x, axis = x.reshape(-1), 0
    indices = indices.to(torch.int64)
    indices = torch.where(indices < 0, indices + x.shape[axis], indices)  # Python's negative indices
    (y,) = _int64(x)
    return torch.index_select(y, axis, indices).to(x.dtype)


@on(ops.take_along_axis)
def torch_take_along_axis(x: torch.Tensor, indices: torch.Tensor, axis: int) -> torch.Tensor:
    (y,) = _int64(x)
    return torch.take_along_dim(y, indices.to(torch.int64), dim=axis).to(x.dtype)


# --- searching, sorting, sets ----------------------------------------------------------------
def _sort_order(
    x: torch.Tensor, axis: Any, descending: bool, stable: bool, op: str
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(x', order)``: ``x`` (flattened for axis None) and the indices that sort it along ``axis`` as NumPy:
    complex numbers by real then imaginary part, uint64 above 2**63 in order."""
    if axis is None:
        x, axis = x.reshape(-1), -1
    _axes(x, axis, op, ufunc=False)
    d = x.dtype
    if d.is_complex:
        moved = x.movedim(axis, -1)
        order = _lex_order(moved, descending)
        if descending:  # NaNs last, as NumPy's descending sort (the reverse of its ascending one) has them first
            nan = torch.gather(_isnan_any(moved), -1, order)
            order = torch.gather(order, -1, torch.argsort(nan.to(torch.uint8), dim=-1, stable=True))
        return x, order.movedim(-1, axis)
    key = x.view(_I64) ^ _SIGN_BIT if d is _U64 else x.to(torch.uint8) if d is torch.bool else x
    return x, torch.argsort(key, dim=axis, descending=descending, stable=stable)


@on(ops.sort)
def torch_sort(x: torch.Tensor, axis: int, descending: bool, stable: bool) -> torch.Tensor:
    if x.dtype in _NATIVE_REAL and axis is not None and x.ndim:
        return torch.sort(x, dim=axis, descending=descending, stable=stable).values
    y, order = _sort_order(x, axis, descending, stable, "sort")
    if y.dtype in _WIDE_UINTS:  # torch gathers no uint16/32/64
        return _from_bits(torch.gather(_bits(y), -1 if axis is None else axis, order), y.dtype)
    return torch.gather(y, -1 if axis is None else axis, order)


@on(ops.argsort)
def torch_argsort(x: torch.Tensor, axis: int, descending: bool, stable: bool) -> torch.Tensor:
    if x.dtype in _NATIVE_REAL and axis is not None and x.ndim:
        return torch.argsort(x, dim=axis, descending=descending, stable=stable)
    if not x.ndim and axis in (0, -1):  # NumPy sorts a 0-d array as one of shape (1,)
        return torch.zeros(1, dtype=_I64, device=x.device)
    return _sort_order(x, axis, descending, stable, "argsort")[1]


@on(ops.searchsorted)
def torch_searchsorted(x1: torch.Tensor, x2: torch.Tensor, side: str, sorter: Any) -> torch.Tensor:
    x1, x2 = _int64(*_same(x1, x2))
    if x1.dtype is torch.bool:  # no torch kernel: False < True as 0 < 1
        x1, x2 = x1.to(torch.uint8), x2.to(torch.uint8)
    return torch.searchsorted(x1, x2, side=side, sorter=sorter)


@on(ops.count_nonzero)
def torch_count_nonzero(x: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
    if axis == ():  # nothing reduced: 1 where non-zero (torch's dim=() counts over every axis)
        return (x != 0).to(_I64)
    (y,) = _int64(x)
    out = torch.count_nonzero(y, dim=axis)
    if keepdims:
        axes = range(x.ndim) if axis is None else (axis,) if isinstance(axis, int) else axis
        kept = {a % x.ndim for a in axes}
        out = out.reshape([1 if i in kept else n for i, n in enumerate(x.shape)])
    return out


def _unique(x: torch.Tensor, inverse: bool = False, counts: bool = False) -> Any:
    """`torch.unique`, sorted, also of complex input (torch has none: a lexicographic sort of
    (real, imag) as NumPy's, then runs of equal values; every nan is distinct)."""
    if not x.is_complex():
        return torch.unique(x, return_inverse=inverse, return_counts=counts)
    flat = x.reshape(-1)
    order = _lex_order(flat, descending=False)
    ordered = flat[order]
    starts = torch.ones_like(ordered, dtype=torch.bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    out: list[torch.Tensor] = [ordered[starts]]
    if inverse:
        out.append(torch.empty_like(order).scatter_(0, order, torch.cumsum(starts, 0) - 1))
    if counts:
        positions = torch.nonzero(starts).reshape(-1)
        out.append(torch.diff(positions, append=torch.tensor([flat.numel()], device=x.device)))
    return tuple(out) if len(out) > 1 else out[0]


@on(ops.unique_values)
def torch_unique_values(x: torch.Tensor) -> torch.Tensor:
    out: torch.Tensor = _unique(x)
    return out


@on(ops.unique_counts)
def torch_unique_counts(x: torch.Tensor) -> UniqueCountsResult:
    values, counts = _unique(x, counts=True)
    return UniqueCountsResult(values, counts)


@on(ops.unique_inverse)
def torch_unique_inverse(x: torch.Tensor) -> UniqueInverseResult:
    values, inverse = _unique(x, inverse=True)
    return UniqueInverseResult(values, inverse.reshape(x.shape))


@on(ops.unique_all)
def torch_unique_all(x: torch.Tensor) -> UniqueAllResult:
    values, inverse, counts = _unique(x, inverse=True, counts=True)
    flat = inverse.reshape(-1)
    # the first occurrence of each value: the smallest flat position that maps to it
    positions = torch.arange(flat.numel(), device=x.device)
    first = torch.full((values.numel(),), flat.numel(), dtype=torch.int64, device=x.device)
    first = first.scatter_reduce(0, flat, positions, reduce="amin")
    return UniqueAllResult(values, first, inverse.reshape(x.shape), counts)


@on(ops.isin)
def torch_isin(x1: torch.Tensor, x2: torch.Tensor, invert: bool) -> torch.Tensor:
    x1, x2 = _same(x1, x2)
    if x1.is_complex() or x1.dtype is torch.bool:  # torch's isin takes neither: compare every pair
        found = (x1.unsqueeze(-1) == x2.reshape(-1)).any(-1)
        return ~found if invert else found
    if x1.dtype is _U64:
        return torch.isin(x1.view(_I64), x2.view(_I64), invert=invert)
    return torch.isin(*_int64(x1, x2), invert=invert)


# --- statistical and utility -----------------------------------------------------------------
def _cumulative(fn: Callable[..., torch.Tensor], initial: int, name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, axis: int | None, dtype: Any, include_initial: bool) -> torch.Tensor:
        if x.ndim == 0:  # NumPy takes a 0-d array as 1-D
            x = x.reshape(1)
        if axis is None:
            if x.ndim > 1:
                raise ValueError(f"{name}: axis=None needs a 0-d or 1-D array, got {x.ndim}-D; pass axis")
            x, axis = x.reshape(-1), 0
        dt = _opt_dtype(dtype, name)
        if (dt is None and x.dtype in _UNSIGNED) or dt in _WIDE_UINTS or x.dtype in _WIDE_UINTS:
            # NumPy's uint64 for unsigned input (torch: int64), and no torch kernel for wide uints
            target = dt or (torch.uint64 if x.dtype in _UNSIGNED else torch.int64)
            return impl(x.to(torch.int64), axis, torch.int64, include_initial).to(target)
        out = fn(x, dim=axis, dtype=dt)
        if include_initial:
            shape = list(out.shape)
            shape[axis] = 1
            out = torch.cat([torch.full(shape, initial, dtype=out.dtype, device=out.device), out], dim=axis)
        return out

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


on(ops.cumulative_sum)(_cumulative(torch.cumsum, 0, "cumulative_sum"))
on(ops.cumulative_prod)(_cumulative(torch.cumprod, 1, "cumulative_prod"))


def _truth(fn: Callable[..., torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, axis: Any, keepdims: bool) -> torch.Tensor:
        if axis is None:
            out = fn(x).to(torch.bool)  # torch gives uint8 for uint8 input
            return out.reshape((1,) * x.ndim) if keepdims else out
        return fn(x, dim=axis, keepdim=keepdims).to(torch.bool)  # torch gives uint8 for uint8 input

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


on(ops.all)(_truth(torch.all, "all"))
on(ops.any)(_truth(torch.any, "any"))


@on(ops.diff)
def torch_diff(x: torch.Tensor, axis: int, n: int, prepend: Any, append: Any) -> torch.Tensor:
    if x.ndim == 0:
        raise ValueError("diff: the input must be at least one-dimensional, got a 0-d array")
    ends = [
        v if v is None or isinstance(v, torch.Tensor) else torch.as_tensor(np.asarray(v), device=x.device)
        for v in (prepend, append)  # (a Python number with NumPy's dtype for it, as np.diff's asanyarray)
    ]
    if any(e is not None and e.ndim == 0 for e in ends):  # NumPy broadcasts a scalar end
        width = [1 if i == axis % x.ndim else n for i, n in enumerate(x.shape)]
        ends = [e if e is None or e.ndim else e.expand(width) for e in ends]
    dtypes = {e.dtype for e in ends if e is not None}
    if dtypes - {x.dtype}:
        x, *rest = _unify([x, *(e for e in ends if e is not None)])
        it = iter(rest)
        ends = [None if e is None else next(it) for e in ends]
    if x.dtype in _WIDE_UINTS:  # no torch kernel: modular differences in int64, as the hardware's
        y, *rest = _int64(x, *(e for e in ends if e is not None))
        it = iter(rest)
        wide = [None if e is None else next(it) for e in ends]
        return torch.diff(y, n=n, dim=axis, prepend=wide[0], append=wide[1]).to(x.dtype)
    if x.is_complex():  # NumPy subtracts the parts (torch's complex diff gives nan+nanj beside inf, +0 for -0)
        parts = [None if e is None else _parts(e) for e in ends]
        dim = axis % x.ndim
        return torch.view_as_complex(torch.diff(_parts(x), n=n, dim=dim, prepend=parts[0], append=parts[1]))
    return torch.diff(x, n=n, dim=axis, prepend=ends[0], append=ends[1])


# --- linear algebra --------------------------------------------------------------------------
@on(ops.vecdot)
def torch_vecdot(x1: torch.Tensor, x2: torch.Tensor, axis: int) -> torch.Tensor:
    x1, x2 = _same(x1, x2)
    if x1.shape[axis] != x2.shape[axis]:
        raise ValueError(f"vecdot: axis {axis} has length {x1.shape[axis]} in x1 but {x2.shape[axis]} in x2")
    if x1.dtype in _INEXACT:
        return torch.linalg.vecdot(x1, x2, dim=axis)
    y1, y2 = _int64(x1, x2)  # integers: torch.linalg.vecdot takes floats only
    return torch.sum(y1 * y2, dim=axis, dtype=y1.dtype).to(x1.dtype)


@on(ops.cross)
def torch_cross(x1: torch.Tensor, x2: torch.Tensor, axis: int) -> torch.Tensor:
    if x1.dtype is torch.bool and x2.dtype is torch.bool:
        raise TypeError("cross: not defined for bool (as in NumPy: bool subtract); cast to an integer dtype first")
    x1, x2 = torch.broadcast_tensors(*_same(x1, x2))  # torch wants one shape; the standard broadcasts
    return _wide_uints(lambda a, b: torch.linalg.cross(a, b, dim=axis))(x1, x2)


@on(ops.diagonal)
def torch_diagonal(a: torch.Tensor, offset: int, axis1: int, axis2: int) -> torch.Tensor:
    return torch.diagonal(a, offset, axis1, axis2)


@on(ops.eigvalsh)
def torch_eigvalsh(x: torch.Tensor) -> torch.Tensor:
    return torch.linalg.eigvalsh(_inexact(x))


@on(ops.eigvals)
def torch_eigvals(x: torch.Tensor) -> torch.Tensor:
    return torch.linalg.eigvals(_inexact(x))


@on(ops.matrix_norm)
def torch_matrix_norm(x: torch.Tensor, keepdims: bool, ord_: Any) -> torch.Tensor:
    return torch.linalg.matrix_norm(_inexact(x), ord=ord_, keepdim=keepdims)


@on(ops.vector_norm)
def torch_vector_norm(x: torch.Tensor, axis: Any, keepdims: bool, ord_: Any) -> torch.Tensor:
    _axes(x, axis, "vector_norm", ufunc=False)
    if axis == ():  # no axis reduced: the norm of each element alone (torch would reduce every axis)
        a = torch.abs(_inexact(x))
        return (a != 0).to(a.dtype) if ord_ == 0 else a
    if ord_ == float("inf") and x.numel() == 0:  # NumPy's max(|x|, initial=0): 0 (torch refuses)
        return torch.linalg.vector_norm(_inexact(x), ord=1, dim=axis, keepdim=keepdims)
    return torch.linalg.vector_norm(_inexact(x), ord=ord_, dim=axis, keepdim=keepdims)


@on(ops.matrix_power)
def torch_matrix_power(x: torch.Tensor, n: int) -> torch.Tensor:
    if x.dtype is torch.bool and n >= 0:  # no torch kernel: products of 0/1 counts, nonzero is True
        return torch.linalg.matrix_power(x.to(torch.int64), n) != 0
    return torch.linalg.matrix_power(x if n >= 0 else linalg_input(x, "matrix_power"), n)


@on(ops.matrix_rank)
def torch_matrix_rank(x: torch.Tensor, rtol: Any) -> torch.Tensor:
    return torch.linalg.matrix_rank(linalg_input(x, "matrix_rank"), rtol=rtol)


@on(ops.pinv)
def torch_pinv(x: torch.Tensor, rtol: Any) -> torch.Tensor:
    if not (x.is_floating_point() or x.is_complex()):  # NumPy's pinv computes in x's dtype: floating ones only
        raise ValueError(
            f"pinv: data type {_NAME_OF_TORCH[x.dtype]} is not inexact (as in NumPy); cast to a floating dtype first"
        )
    return torch.linalg.pinv(linalg_input(x, "pinv"), rtol=rtol)


@on(ops.slogdet)
def torch_slogdet(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    sign, logabsdet = torch.linalg.slogdet(linalg_input(x, "slogdet"))
    return sign, logabsdet


@on(ops.svdvals)
def torch_svdvals(x: torch.Tensor) -> torch.Tensor:
    return torch.linalg.svdvals(linalg_input(x, "svdvals"))


# --- fft -------------------------------------------------------------------------------------
def _fft1(fn: Callable[..., torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, n: int | None, axis: int, norm: str) -> torch.Tensor:
        return fn(_inexact(x), n=n, dim=axis, norm=norm)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


def _fftn(fn: Callable[..., torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, s: Any, axes: Any, norm: str) -> torch.Tensor:
        return fn(_inexact(x), s=s, dim=axes, norm=norm)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


for _name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft"):
    on(getattr(fft, _name))(_fft1(getattr(torch.fft, _name), _name))
for _name in ("fftn", "ifftn", "rfftn", "irfftn"):
    on(getattr(fft, _name))(_fftn(getattr(torch.fft, _name), _name))


@on(fft.fftfreq)
def torch_fftfreq(n: int, d: float, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    ctx = on_device(ctx, device, "fftfreq")
    return torch.fft.fftfreq(n, d, dtype=_default_dtype(dtype, ctx, "fftfreq"), device=_device(ctx, "fftfreq"))


@on(fft.rfftfreq)
def torch_rfftfreq(n: int, d: float, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    ctx = on_device(ctx, device, "rfftfreq")
    return torch.fft.rfftfreq(n, d, dtype=_default_dtype(dtype, ctx, "rfftfreq"), device=_device(ctx, "rfftfreq"))


@on(fft.fftshift)
def torch_fftshift(x: torch.Tensor, axes: Any) -> torch.Tensor:
    return torch.fft.fftshift(x, dim=axes)


@on(fft.ifftshift)
def torch_ifftshift(x: torch.Tensor, axes: Any) -> torch.Tensor:
    return torch.fft.ifftshift(x, dim=axes)

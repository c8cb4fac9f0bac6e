"""Elementwise functions (NumPy's broadcasting and dtype rules).

The Array API standard's names (``acos``, ``bitwise_invert``, ``pow``) with NumPy's names beside them as
aliases (``arccos``, ``power``); NumPy semantics where they agree. Python numbers are accepted beside
arrays in binary functions (as weak scalars).
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "abs", "absolute", "acos", "acosh", "add", "angle", "arccos", "arccosh", "arcsin", "arcsinh", "arctan",
    "arctan2", "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and", "bitwise_invert",
    "bitwise_left_shift", "bitwise_or", "bitwise_right_shift", "bitwise_xor", "ceil", "clip", "conj", "copysign",
    "cos", "cosh", "divide", "divmod", "equal", "exp", "exp2", "expm1", "floor", "floor_divide", "greater",
    "greater_equal", "hypot", "imag", "isclose", "isfinite", "isinf", "isnan", "less", "less_equal", "log", "log1p",
    "log2", "log10", "logaddexp", "logical_and", "logical_not", "logical_or", "logical_xor", "maximum", "minimum",
    "mod", "multiply", "nan_to_num", "negative", "nextafter", "not_equal", "positive", "pow", "power", "real",
    "reciprocal", "relu", "remainder", "round", "sigmoid", "sign", "signbit", "sin", "sinh", "sqrt", "square",
    "subtract", "tan", "tanh", "trunc", "where",
]  # fmt: skip


# --- arithmetic ------------------------------------------------------------------------------------
@op
def add(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 + x2``, elementwise, with broadcasting.

    >>> import numerics_fn as nf
    >>> nf.add(nf.asarray([1.0, 2.0]), 1.0)
    array([2., 3.])
    """


@op
def subtract(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 - x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.subtract(nf.asarray([1.0, 2.0]), 1.0)
    array([0., 1.])
    """


@op
def multiply(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 * x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.multiply(nf.asarray([1.0, 2.0]), 3.0)
    array([3., 6.])
    """


@op
def divide(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 / x2`` (true division), elementwise.

    >>> import numerics_fn as nf
    >>> nf.divide(nf.asarray([1.0, 3.0]), 2.0)
    array([0.5, 1.5])
    """


@op
def floor_divide(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 // x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.floor_divide(nf.asarray([7.0, -7.0]), 2.0)
    array([ 3., -4.])
    """


@op
def remainder(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Remainder of floor division, with the sign of ``x2`` (Python's ``%``).

    >>> import numerics_fn as nf
    >>> nf.remainder(nf.asarray([7.0, -7.0]), 3.0)
    array([1., 2.])
    """


@op(alias_of=remainder, standard=False)
def mod(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's other name of `remainder` (the sign of the divisor, as Python's ``%``).

    >>> import numerics_fn as nf
    >>> nf.mod(nf.asarray([-3, 3]), 2)
    array([1, 1])
    """


@op
def divmod(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``(floor_divide(x1, x2), remainder(x1, x2))``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.divmod(nf.asarray([7, -7]), 2)
    (array([ 3, -4]), array([1, 1]))
    """


@op
def negative(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``-x``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.negative(nf.asarray([1.0, -2.0]))
    array([-1.,  2.])
    """


@op
def positive(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``+x``, elementwise (a new array of the same values).

    >>> import numerics_fn as nf
    >>> nf.positive(nf.asarray([1.0, -2.0]))
    array([ 1., -2.])
    """


@op
def reciprocal(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``1 / x``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.reciprocal(nf.asarray([2.0, 4.0]))
    array([0.5 , 0.25])
    """


@op
def power(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 ** x2``, elementwise, with broadcasting.

    >>> import numerics_fn as nf
    >>> nf.power(nf.asarray([2.0, 3.0]), 2)
    array([4., 9.])
    """


@op(alias_of=power)
def pow(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 ** x2``, elementwise: the Array API standard's name for `power` (one implementation).

    >>> import numerics_fn as nf
    >>> nf.pow(nf.asarray([2.0, 3.0]), 2)
    array([4., 9.])
    """


@op
def square(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``x * x``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.square(nf.asarray([3]))
    array([9])
    """


@op
def sqrt(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Square root, elementwise (nan for negative real input, as in NumPy).

    >>> import numerics_fn as nf
    >>> nf.sqrt(nf.asarray([4.0]))
    array([2.])
    """


@op
def abs(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Absolute value (modulus for complex input, which gives a real result).

    >>> import numerics_fn as nf
    >>> nf.abs(nf.asarray([-1.5, 2.0]))
    array([1.5, 2. ])
    """


@op(alias_of=abs, standard=False)
def absolute(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's other name of `abs`.

    >>> import numerics_fn as nf
    >>> nf.absolute(nf.asarray([-1.5]))
    array([1.5])
    """


@op
def sign(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Sign, elementwise: -1, 0 or 1 (``x / |x|`` for complex, as NumPy 2).

    >>> import numerics_fn as nf
    >>> nf.sign(nf.asarray([-2.0, 0.0, 3.0]))
    array([-1.,  0.,  1.])
    """


@op
def copysign(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``|x1|`` with the sign of ``x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.copysign(nf.asarray([1.0, 2.0]), -1.0)
    array([-1., -2.])
    """


@op
def hypot(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``sqrt(x1**2 + x2**2)`` without undue overflow, elementwise.

    >>> import numerics_fn as nf
    >>> nf.hypot(nf.asarray([3.0]), 4.0)
    array([5.])
    """


@op
def maximum(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Elementwise maximum (nan wins, as in NumPy).

    >>> import numerics_fn as nf
    >>> nf.maximum(nf.asarray([1.0, 5.0]), 2.0)
    array([2., 5.])
    """


@op
def minimum(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Elementwise minimum (nan wins, as in NumPy).

    >>> import numerics_fn as nf
    >>> nf.minimum(nf.asarray([1.0, 5.0]), 2.0)
    array([1., 2.])
    """


@op(optional=("min", "max"))
def clip(
    x: Any, /, min: Any = None, max: Any = None, *, a_min: Any = None, a_max: Any = None, ctx: Context | None = None
) -> Any:
    """``x`` limited to ``[min, max]`` (either bound may be None; the Array API standard's names, or
    NumPy's keywords ``a_min`` and ``a_max``).

    The bounds are dispatched on with ``x`` (numbers, or arrays of any backend).

    >>> import numerics_fn as nf
    >>> nf.clip(nf.asarray([-1.0, 0.5, 2.0]), 0.0, 1.0)
    array([0. , 0.5, 1. ])
    """


# --- exponentials and logarithms -------------------------------------------------------------------
@op
def exp(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Exponential, elementwise.

    >>> import numerics_fn as nf
    >>> nf.exp(nf.asarray([0.0]))
    array([1.])
    """


@op
def exp2(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``2**x``, elementwise (NumPy's ``exp2``): integers and booleans give NumPy's float of their width.

    >>> import numerics_fn as nf
    >>> nf.exp2(nf.asarray([3.0, -1.0]))
    array([8. , 0.5])
    """


@op
def expm1(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``exp(x) - 1``, accurate for small ``x``.

    >>> import numerics_fn as nf
    >>> nf.expm1(nf.asarray([0.0]))
    array([0.])
    """


@op
def log(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Natural logarithm, elementwise.

    >>> import numerics_fn as nf
    >>> nf.log(nf.asarray([1.0]))
    array([0.])
    """


@op
def log1p(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``log(1 + x)``, accurate for small ``x``.

    >>> import numerics_fn as nf
    >>> nf.log1p(nf.asarray([0.0]))
    array([0.])
    """


@op
def log2(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Base-2 logarithm, elementwise.

    >>> import numerics_fn as nf
    >>> nf.log2(nf.asarray([8.0]))
    array([3.])
    """


@op
def log10(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Base-10 logarithm, elementwise.

    >>> import numerics_fn as nf
    >>> nf.log10(nf.asarray([100.0]))
    array([2.])
    """


@op
def logaddexp(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``log(exp(x1) + exp(x2))`` without undue overflow, elementwise.

    >>> import numerics_fn as nf
    >>> nf.logaddexp(nf.asarray([0.0]), 0.0)
    array([0.69314718])
    """


# --- trigonometric and hyperbolic ------------------------------------------------------------------
@op
def sin(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Sine, elementwise.

    >>> import numerics_fn as nf
    >>> nf.sin(nf.asarray([0.0]))
    array([0.])
    """


@op
def cos(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Cosine, elementwise.

    >>> import numerics_fn as nf
    >>> nf.cos(nf.asarray([0.0]))
    array([1.])
    """


@op
def tan(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Tangent, elementwise.

    >>> import numerics_fn as nf
    >>> nf.tan(nf.asarray([0.0]))
    array([0.])
    """


@op
def asin(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Inverse sine, elementwise (``arcsin``).

    >>> import numerics_fn as nf
    >>> nf.asin(nf.asarray([0.0]))
    array([0.])
    """


@op
def acos(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Inverse cosine, elementwise (``arccos``).

    >>> import numerics_fn as nf
    >>> nf.acos(nf.asarray([1.0]))
    array([0.])
    """


@op
def atan(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Inverse tangent, elementwise (``arctan``).

    >>> import numerics_fn as nf
    >>> nf.atan(nf.asarray([0.0]))
    array([0.])
    """


@op
def atan2(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Angle of the point ``(x2, x1)``, in radians, elementwise (``arctan2``).

    >>> import numerics_fn as nf
    >>> nf.atan2(nf.asarray([0.0]), 1.0)
    array([0.])
    """


@op(alias_of=asin, standard=False)
def arcsin(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `asin`.

    >>> import numerics_fn as nf
    >>> nf.arcsin(nf.asarray([0.0]))
    array([0.])
    """


@op(alias_of=acos, standard=False)
def arccos(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `acos`.

    >>> import numerics_fn as nf
    >>> nf.arccos(nf.asarray([1.0]))
    array([0.])
    """


@op(alias_of=atan, standard=False)
def arctan(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `atan`.

    >>> import numerics_fn as nf
    >>> nf.arctan(nf.asarray([0.0]))
    array([0.])
    """


@op(alias_of=atan2, standard=False)
def arctan2(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `atan2`.

    >>> import numerics_fn as nf
    >>> nf.arctan2(nf.asarray([0.0]), nf.asarray([1.0]))
    array([0.])
    """


@op
def sinh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Hyperbolic sine, elementwise.

    >>> import numerics_fn as nf
    >>> nf.sinh(nf.asarray([0.0]))
    array([0.])
    """


@op
def cosh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Hyperbolic cosine, elementwise.

    >>> import numerics_fn as nf
    >>> nf.cosh(nf.asarray([0.0]))
    array([1.])
    """


@op
def tanh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Hyperbolic tangent, elementwise.

    >>> import numerics_fn as nf
    >>> nf.tanh(nf.asarray([0.0]))
    array([0.])
    """


@op
def asinh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Inverse hyperbolic sine, elementwise (``arcsinh``).

    >>> import numerics_fn as nf
    >>> nf.asinh(nf.asarray([0.0]))
    array([0.])
    """


@op
def acosh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Inverse hyperbolic cosine, elementwise (``arccosh``).

    >>> import numerics_fn as nf
    >>> nf.acosh(nf.asarray([1.0]))
    array([0.])
    """


@op
def atanh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Inverse hyperbolic tangent, elementwise (``arctanh``).

    >>> import numerics_fn as nf
    >>> nf.atanh(nf.asarray([0.0]))
    array([0.])
    """


@op(alias_of=asinh, standard=False)
def arcsinh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `asinh`.

    >>> import numerics_fn as nf
    >>> nf.arcsinh(nf.asarray([0.0]))
    array([0.])
    """


@op(alias_of=acosh, standard=False)
def arccosh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `acosh`.

    >>> import numerics_fn as nf
    >>> nf.arccosh(nf.asarray([1.0]))
    array([0.])
    """


@op(alias_of=atanh, standard=False)
def arctanh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `atanh`.

    >>> import numerics_fn as nf
    >>> nf.arctanh(nf.asarray([0.0]))
    array([0.])
    """


# --- rounding --------------------------------------------------------------------------------------
@op
def round(x: Any, /, decimals: int = 0, *, ctx: Context | None = None) -> Any:
    """Round to the nearest integer-valued number, halves to even; to ``decimals`` decimal places
    (NumPy's option; negative: to tens, hundreds, …, also for integers).

    >>> import numerics_fn as nf
    >>> nf.round(nf.asarray([0.5, 1.5, 2.6]))
    array([0., 2., 3.])
    >>> nf.round(nf.asarray([1.234, 15.0]), decimals=1), nf.round(nf.asarray([15, 26]), -1)
    (array([ 1.2, 15. ]), array([20, 30]))
    """


@op
def floor(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Largest integer-valued number not greater than ``x``; integer input keeps its dtype.

    >>> import numerics_fn as nf
    >>> nf.floor(nf.asarray([1.7, -1.2]))
    array([ 1., -2.])
    """


@op
def ceil(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Smallest integer-valued number not less than ``x``; integer input is returned with its dtype.

    >>> import numerics_fn as nf
    >>> nf.ceil(nf.asarray([1.2, -1.2]))
    array([ 2., -1.])
    """


@op
def trunc(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Round toward zero, elementwise; integer input keeps its dtype.

    >>> import numerics_fn as nf
    >>> nf.trunc(nf.asarray([-1.7, 1.7]))
    array([-1.,  1.])
    """


# --- complex numbers -------------------------------------------------------------------------------
@op
def real(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Real part (real input is returned as it is).

    >>> import numerics_fn as nf
    >>> nf.real(nf.asarray([1 + 2j]))
    array([1.])
    """


@op
def imag(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Imaginary part (zeros for real input).

    >>> import numerics_fn as nf
    >>> nf.imag(nf.asarray([1 + 2j]))
    array([2.])
    """


@op
def conj(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Complex conjugate (real input is returned as it is).

    >>> import numerics_fn as nf
    >>> nf.conj(nf.asarray([1 + 2j]))
    array([1.-2.j])
    """


@op
def angle(z: Any, /, deg: bool = False, *, ctx: Context | None = None) -> Any:
    """The argument (phase) of complex ``z`` in radians (degrees with ``deg``); 0 or pi for real input.

    >>> import numerics_fn as nf
    >>> nf.angle(nf.asarray([1j]))
    array([1.57079633])
    """


# --- floating point --------------------------------------------------------------------------------
@op
def isfinite(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Whether each element is finite (neither infinite nor nan).

    >>> import numerics_fn as nf
    >>> nf.isfinite(nf.asarray([1.0, float('inf'), float('nan')]))
    array([ True, False, False])
    """


@op
def isinf(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Whether each element is positive or negative infinity.

    >>> import numerics_fn as nf
    >>> nf.isinf(nf.asarray([1.0, float('inf'), float('nan')]))
    array([False,  True, False])
    """


@op
def isnan(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Whether each element is nan.

    >>> import numerics_fn as nf
    >>> nf.isnan(nf.asarray([1.0, float('inf'), float('nan')]))
    array([False, False,  True])
    """


@op
def signbit(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Whether the sign bit is set (true for -0.0 and negative numbers).

    >>> import numerics_fn as nf
    >>> nf.signbit(nf.asarray([-1.0, -0.0, 2.0]))
    array([ True,  True, False])
    """


@op
def nextafter(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """The next representable floating-point value after ``x1`` toward ``x2``.

    >>> import numerics_fn as nf
    >>> nf.nextafter(nf.asarray([1.0]), 2.0)
    array([1.])
    """


@op
def nan_to_num(
    x: Any, /, copy: bool = True, nan: float = 0.0, posinf: Any = None, neginf: Any = None,
    *, ctx: Context | None = None,
) -> Any:  # fmt: skip
    """``x`` with NaN replaced by ``nan`` and infinities by ``posinf``/``neginf`` (default: the dtype's
    largest and smallest finite values); real and imaginary parts alike. Always a new array
    (``copy`` is accepted for NumPy's signature; nothing is written in place).

    >>> import numerics_fn as nf
    >>> nf.nan_to_num(nf.asarray([nf.nan, 1.0]))
    array([0., 1.])
    """


# --- comparison ------------------------------------------------------------------------------------
@op
def equal(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 == x2``, elementwise: a boolean array.

    >>> import numerics_fn as nf
    >>> nf.equal(nf.asarray([1.0, 3.0]), 3.0)
    array([False,  True])
    """


@op
def not_equal(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 != x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.not_equal(nf.asarray([1.0, 3.0]), 3.0)
    array([ True, False])
    """


@op
def less(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 < x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.less(nf.asarray([1.0, 3.0]), 2.0)
    array([ True, False])
    """


@op
def less_equal(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 <= x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.less_equal(nf.asarray([1.0, 3.0]), 1.0)
    array([ True, False])
    """


@op
def greater(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 > x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.greater(nf.asarray([1.0, 3.0]), 2.0)
    array([False,  True])
    """


@op
def greater_equal(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 >= x2``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.greater_equal(nf.asarray([1.0, 3.0]), 3.0)
    array([False,  True])
    """


@op
def isclose(
    a: Any, b: Any, /, *, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, ctx: Context | None = None
) -> Any:
    """Elementwise ``|a - b| <= atol + rtol * |b|``: a boolean array.

    >>> import numerics_fn as nf
    >>> nf.isclose(nf.asarray([1.0, 2.0]), 1.0)
    array([ True, False])
    """


# --- logical and bitwise ---------------------------------------------------------------------------
@op
def logical_and(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Logical AND, elementwise: a boolean array.

    >>> import numerics_fn as nf
    >>> nf.logical_and(nf.asarray([True, False]), True)
    array([ True, False])
    """


@op
def logical_or(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Logical OR, elementwise: a boolean array.

    >>> import numerics_fn as nf
    >>> nf.logical_or(nf.asarray([True, False]), False)
    array([ True, False])
    """


@op
def logical_xor(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Logical XOR, elementwise: a boolean array.

    >>> import numerics_fn as nf
    >>> nf.logical_xor(nf.asarray([True, False]), True)
    array([False,  True])
    """


@op
def logical_not(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Logical NOT (nonzero is true), elementwise: a boolean array.

    >>> import numerics_fn as nf
    >>> nf.logical_not(nf.asarray([True, False]))
    array([False,  True])
    """


@op
def bitwise_and(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Bitwise AND of integer or boolean input.

    >>> import numerics_fn as nf
    >>> nf.bitwise_and(nf.asarray([12]), 10)
    array([8])
    """


@op
def bitwise_or(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Bitwise OR of integer or boolean input.

    >>> import numerics_fn as nf
    >>> nf.bitwise_or(nf.asarray([12]), 10)
    array([14])
    """


@op
def bitwise_xor(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Bitwise XOR of integer or boolean input.

    >>> import numerics_fn as nf
    >>> nf.bitwise_xor(nf.asarray([12]), 10)
    array([6])
    """


@op
def bitwise_invert(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Bitwise NOT of integer or boolean input (``invert``).

    >>> import numerics_fn as nf
    >>> nf.bitwise_invert(nf.asarray([0, 5]))
    array([-1, -6])
    """


@op
def bitwise_left_shift(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 << x2`` for integers (``left_shift``).

    >>> import numerics_fn as nf
    >>> nf.bitwise_left_shift(nf.asarray([1]), 3)
    array([8])
    """


@op
def bitwise_right_shift(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 >> x2`` for integers (``right_shift``).

    >>> import numerics_fn as nf
    >>> nf.bitwise_right_shift(nf.asarray([16]), 2)
    array([4])
    """


# --- selection -------------------------------------------------------------------------------------
@op(optional=("x", "y"))
def where(condition: Any, x: Any = None, y: Any = None, /, *, ctx: Context | None = None) -> Any:
    """``x`` where ``condition`` is true, else ``y`` (broadcast together); with ``condition`` alone,
    NumPy's ``where(condition)``: `nonzero` (a tuple of index arrays, one per axis).

    >>> import numerics_fn as nf
    >>> nf.where(nf.asarray([True, False]), 1.0, 0.0)
    array([1., 0.])
    >>> nf.where(nf.asarray([0, 3, 5]))
    (array([1, 2]),)
    """


# --- activations -----------------------------------------------------------------------------------
@op
def sigmoid(x: Any, /, *, ctx: Context | None = None) -> Any:
    """The logistic function ``1 / (1 + exp(-x))`` (SciPy's ``special.expit``); float results.

    >>> import numerics_fn as nf
    >>> nf.sigmoid(nf.asarray([0.0]))
    array([0.5])
    """


@op
def relu(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``maximum(x, 0)``, keeping ``x``'s dtype.

    >>> import numerics_fn as nf
    >>> nf.relu(nf.asarray([-1.0, 2.0]))
    array([0., 2.])
    """

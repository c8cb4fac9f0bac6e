"""Elementwise functions (NumPy broadcasting and dtype rules)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "abs",
    "clip",
    "conj",
    "cos",
    "exp",
    "imag",
    "log",
    "log2",
    "maximum",
    "minimum",
    "power",
    "real",
    "sign",
    "sin",
    "sqrt",
    "square",
    "tanh",
    "where",
]


@op
def abs(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Absolute value (modulus for complex input, which gives a real result).

    >>> import numerics_fn as nf
    >>> nf.abs(nf.asarray([-1.5, 2.0]))
    array([1.5, 2. ])
    """


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
def exp(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Exponential, elementwise.

    >>> import numerics_fn as nf
    >>> nf.exp(nf.asarray([0.0]))
    array([1.])
    """


@op
def log(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Natural logarithm, elementwise.

    >>> import numerics_fn as nf
    >>> nf.log(nf.asarray([1.0]))
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
def sqrt(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Square root, elementwise (nan for negative real input, as in NumPy).

    >>> import numerics_fn as nf
    >>> nf.sqrt(nf.asarray([4.0]))
    array([2.])
    """


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
def tanh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Hyperbolic tangent, elementwise.

    >>> import numerics_fn as nf
    >>> nf.tanh(nf.asarray([0.0]))
    array([0.])
    """


@op
def square(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``x * x``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.square(nf.asarray([3]))
    array([9])
    """


@op
def sign(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Sign, elementwise: -1, 0 or 1 (``x / |x|`` for complex, as NumPy 2).

    >>> import numerics_fn as nf
    >>> nf.sign(nf.asarray([-2.0, 0.0, 3.0]))
    array([-1.,  0.,  1.])
    """


@op
def power(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``x1 ** x2``, elementwise, with broadcasting.

    >>> import numerics_fn as nf
    >>> nf.power(nf.asarray([2.0, 3.0]), 2)
    array([4., 9.])
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

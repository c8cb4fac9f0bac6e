"""NumPy's mathematical functions beyond the standard's: NumPy's names for the standard's functions
(``arccos`` beside ``acos``), products, interpolation, polynomials, convolution, and the functions
of machine learning that scientific code reaches for (``logsumexp``, ``softmax``, ``sigmoid``, ``relu``)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op
from .elementwise import abs as _abs
from .math import acos, acosh, asin, asinh, atan, atan2, atanh, remainder

__all__ = [
    "absolute", "angle", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh", "convolve",
    "correlate", "divmod", "inner", "interp", "logsumexp", "mod", "polyfit", "polyval", "relu", "sigmoid",
    "softmax", "vdot",
]  # fmt: skip


@op(alias_of=acos, standard=False)
def arccos(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `acos`.

    >>> import numerics_fn as nf
    >>> nf.arccos(nf.asarray([1.0]))
    array([0.])
    """


@op(alias_of=asin, standard=False)
def arcsin(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `asin`.

    >>> import numerics_fn as nf
    >>> nf.arcsin(nf.asarray([0.0]))
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


@op(alias_of=acosh, standard=False)
def arccosh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `acosh`.

    >>> import numerics_fn as nf
    >>> nf.arccosh(nf.asarray([1.0]))
    array([0.])
    """


@op(alias_of=asinh, standard=False)
def arcsinh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `asinh`.

    >>> import numerics_fn as nf
    >>> nf.arcsinh(nf.asarray([0.0]))
    array([0.])
    """


@op(alias_of=atanh, standard=False)
def arctanh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's name of `atanh`.

    >>> import numerics_fn as nf
    >>> nf.arctanh(nf.asarray([0.0]))
    array([0.])
    """


@op(alias_of=_abs, standard=False)
def absolute(x: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's other name of `abs`.

    >>> import numerics_fn as nf
    >>> nf.absolute(nf.asarray([-1.5]))
    array([1.5])
    """


@op(alias_of=remainder, standard=False)
def mod(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's other name of `remainder` (the sign of the divisor, as Python's ``%``).

    >>> import numerics_fn as nf
    >>> nf.mod(nf.asarray([-3, 3]), 2)
    array([1, 1])
    """


@op
def angle(z: Any, /, deg: bool = False, *, ctx: Context | None = None) -> Any:
    """The argument (phase) of complex ``z`` in radians (degrees with ``deg``); 0 or pi for real input.

    >>> import numerics_fn as nf
    >>> nf.angle(nf.asarray([1j]))
    array([1.57079633])
    """


@op
def divmod(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """``(floor_divide(x1, x2), remainder(x1, x2))``, elementwise.

    >>> import numerics_fn as nf
    >>> nf.divmod(nf.asarray([7, -7]), 2)
    (array([ 3, -4]), array([1, 1]))
    """


@op
def inner(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """Inner product over the last axes of ``a`` and ``b`` (no complex conjugation).

    >>> import numerics_fn as nf
    >>> int(nf.inner(nf.asarray([1, 2]), nf.asarray([3, 4])))
    11
    """


@op
def vdot(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """Dot product of the flattened arrays, the first complex-conjugated.

    >>> import numerics_fn as nf
    >>> complex(nf.vdot(nf.asarray([1j]), nf.asarray([1j])))
    (1+0j)
    """


@op
def interp(
    x: Any, xp: Any, fp: Any, /, left: Any = None, right: Any = None, period: Any = None,
    *, ctx: Context | None = None,
) -> Any:  # fmt: skip
    """Piecewise-linear interpolation of the points ``(xp, fp)`` (``xp`` increasing) at ``x``; ``left``
    and ``right`` (default ``fp[0]`` and ``fp[-1]``) outside, or periodic with ``period``.

    >>> import numerics_fn as nf
    >>> nf.interp(nf.asarray([0.5, 3.0]), nf.asarray([0.0, 1.0, 2.0]), nf.asarray([0.0, 10.0, 20.0]))
    array([ 5., 20.])
    """


@op
def polyfit(x: Any, y: Any, /, deg: int, *, ctx: Context | None = None) -> Any:
    """Least-squares polynomial fit: coefficients of degree ``deg`` first (``y`` may be 2-D, one fit
    per column).

    >>> import numerics_fn as nf
    >>> nf.round(nf.polyfit(nf.asarray([0.0, 1.0, 2.0]), nf.asarray([1.0, 3.0, 5.0]), 1), decimals=6)
    array([2., 1.])
    """


@op
def polyval(p: Any, x: Any, /, *, ctx: Context | None = None) -> Any:
    """The polynomial with coefficients ``p`` (highest degree first) at ``x``, by Horner's scheme.

    >>> import numerics_fn as nf
    >>> nf.polyval(nf.asarray([1.0, 0.0, -1.0]), nf.asarray([2.0, 3.0]))
    array([3., 8.])
    """


@op
def convolve(a: Any, v: Any, /, mode: str = "full", *, ctx: Context | None = None) -> Any:
    """Discrete linear convolution of 1-D ``a`` and ``v``; ``mode`` ``"full"``, ``"same"`` or ``"valid"``.

    >>> import numerics_fn as nf
    >>> nf.convolve(nf.asarray([1.0, 2.0]), nf.asarray([1.0, 1.0]))
    array([1., 3., 2.])
    """


@op
def correlate(a: Any, v: Any, /, mode: str = "valid", *, ctx: Context | None = None) -> Any:
    """Cross-correlation of 1-D ``a`` and ``v`` (``v`` complex-conjugated), NumPy's definition and modes.

    >>> import numerics_fn as nf
    >>> nf.correlate(nf.asarray([1.0, 2.0, 3.0]), nf.asarray([1.0, 1.0]))
    array([3., 5.])
    """


@op
def logsumexp(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """``log(sum(exp(a)))`` along ``axis``, computed without overflow (SciPy's ``special.logsumexp``).

    >>> import numerics_fn as nf
    >>> float(nf.logsumexp(nf.asarray([1000.0, 1000.0])))  # doctest: +ELLIPSIS
    1000.693...
    """


@op
def softmax(x: Any, /, axis: Any = None, *, ctx: Context | None = None) -> Any:
    """``exp(x) / sum(exp(x))`` along ``axis`` (every element when None), without overflow (SciPy's).

    >>> import numerics_fn as nf
    >>> nf.softmax(nf.asarray([0.0, 0.0]))
    array([0.5, 0.5])
    """


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

"""Polynomials, convolution and interpolation of one-dimensional data: polynomial fits and their
evaluation, convolution (the product of polynomials) and correlation, piecewise-linear interpolation.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "convolve", "correlate", "interp", "polyfit", "polyval",
]  # fmt: skip


# --- polynomials -----------------------------------------------------------------------------------
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


# --- convolution and correlation -------------------------------------------------------------------
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


# --- interpolation ---------------------------------------------------------------------------------
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

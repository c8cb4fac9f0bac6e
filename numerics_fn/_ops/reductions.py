"""Reductions (``axis=`` and ``keepdims=`` as in NumPy), the cumulative functions and differences
along an axis, and comparisons of whole arrays.

Means, variances and order statistics are in ``statistics``; ``argmax``/``argmin`` in ``searching``.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "all", "allclose", "any", "array_equal", "cumprod", "cumsum", "cumulative_prod", "cumulative_sum", "diff",
    "logsumexp", "max", "min", "nanmax", "nanmin", "nansum", "prod", "softmax", "sum",
]  # fmt: skip


# --- sums, products, extrema, truth ----------------------------------------------------------------
@op
def sum(a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Sum over ``axis`` (all axes when None).

    A full reduction returns a scalar of the backend (a NumPy scalar, a 0-d tensor or a 0-d
    cuPyNumeric array), never a Python number.

    >>> import numerics_fn as nf
    >>> nf.sum(nf.asarray([[1.0, 2.0], [3.0, 4.0]]), axis=0)
    array([4., 6.])
    """


@op
def prod(a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Product over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.prod(nf.asarray([2.0, 3.0])))
    6.0

    Backend notes:
        cupynumeric: complex data is multiplied pairwise in halves (log2 n cuPyNumeric steps);
        cuPyNumeric 26.6 has no complex ``prod`` reduction.
    """


@op
def max(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Maximum over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.max(nf.asarray([1.0, 3.0, 2.0])))
    3.0

    Backend notes:
        pytorch: ``amax``; over all axes when ``axis`` is None.
    """


@op
def min(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Minimum over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.min(nf.asarray([1.0, 3.0, 2.0])))
    1.0
    """


@op
def all(x: Any, /, *, axis: Any = None, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Whether every element along ``axis`` is true (non-zero): a boolean array.

    >>> import numerics_fn as nf
    >>> bool(nf.all(nf.asarray([1, 0, 2])))
    False
    """


@op
def any(x: Any, /, *, axis: Any = None, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Whether any element along ``axis`` is true (non-zero): a boolean array.

    >>> import numerics_fn as nf
    >>> bool(nf.any(nf.asarray([1, 0, 2])))
    True
    """


# --- ignoring NaN ----------------------------------------------------------------------------------
@op
def nansum(
    a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None
) -> Any:
    """`sum` treating NaN as zero.

    >>> import numerics_fn as nf
    >>> float(nf.nansum(nf.asarray([1.0, nf.nan, 2.0])))
    3.0
    """


@op
def nanmax(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """`max` ignoring NaN (NaN where a slice is all NaN).

    >>> import numerics_fn as nf
    >>> float(nf.nanmax(nf.asarray([1.0, nf.nan, 3.0])))
    3.0
    """


@op
def nanmin(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """`min` ignoring NaN (NaN where a slice is all NaN).

    >>> import numerics_fn as nf
    >>> float(nf.nanmin(nf.asarray([1.0, nf.nan, 3.0])))
    1.0
    """


# --- in log space ----------------------------------------------------------------------------------
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


# --- cumulative, differences -----------------------------------------------------------------------
@op
def cumulative_sum(
    x: Any, /, *, axis: int | None = None, dtype: Any = None, include_initial: bool = False, ctx: Context | None = None
) -> Any:
    """Running sum along ``axis`` (``x`` must be 1-D when None); ``include_initial`` prepends a zero.

    The result dtype follows `sum` (small integers widen to the default integer).

    >>> import numerics_fn as nf
    >>> nf.cumulative_sum(nf.asarray([1, 2, 3]), include_initial=True)
    array([0, 1, 3, 6])
    """


@op
def cumulative_prod(
    x: Any, /, *, axis: int | None = None, dtype: Any = None, include_initial: bool = False, ctx: Context | None = None
) -> Any:
    """Running product along ``axis`` (``x`` must be 1-D when None); ``include_initial`` prepends a one.

    >>> import numerics_fn as nf
    >>> nf.cumulative_prod(nf.asarray([1, 2, 3]))
    array([1, 2, 6])
    """


@op
def cumsum(a: Any, /, axis: int | None = None, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """Cumulative sum along ``axis`` (of the flattened array when None), NumPy's dtype rules.

    Unlike `cumulative_sum` (the Array API standard's), ``axis=None`` flattens any array.

    >>> import numerics_fn as nf
    >>> nf.cumsum(nf.asarray([[1, 2], [3, 4]]))
    array([ 1,  3,  6, 10])
    """


@op
def cumprod(a: Any, /, axis: int | None = None, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """Cumulative product along ``axis`` (of the flattened array when None).

    >>> import numerics_fn as nf
    >>> nf.cumprod(nf.asarray([1, 2, 3]))
    array([1, 2, 6])
    """


@op
def diff(
    x: Any, /, *, axis: int = -1, n: int = 1, prepend: Any = None, append: Any = None, ctx: Context | None = None
) -> Any:
    """``n``-th discrete difference along ``axis`` (after joining ``prepend`` and ``append``).

    >>> import numerics_fn as nf
    >>> nf.diff(nf.asarray([1, 4, 9]))
    array([3, 5])
    """


# --- whole-array comparisons -----------------------------------------------------------------------
@op
def allclose(
    a: Any, b: Any, /, *, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, ctx: Context | None = None
) -> bool:
    """Whether all elements of ``a`` and ``b`` are close: a Python bool.

    >>> import numerics_fn as nf
    >>> nf.allclose(nf.asarray([1.0]), 1.0 + 1e-10)
    True
    """


@op
def array_equal(a1: Any, a2: Any, /, equal_nan: bool = False, *, ctx: Context | None = None) -> bool:
    """True if ``a1`` and ``a2`` have one shape and equal elements (NaN equal to NaN with ``equal_nan``).

    >>> import numerics_fn as nf
    >>> nf.array_equal(nf.asarray([1, 2]), [1, 2])
    True
    """

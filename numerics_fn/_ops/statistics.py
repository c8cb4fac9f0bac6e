"""Statistics: means and variances (also ignoring NaN), order statistics, histograms and counts,
covariances.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "bincount", "corrcoef", "cov", "histogram", "mean", "median", "nanmean", "nanstd", "nanvar", "percentile",
    "quantile", "std", "var",
]  # fmt: skip


# --- means and variances ---------------------------------------------------------------------------
@op
def mean(a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Arithmetic mean over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.mean(nf.asarray([1.0, 2.0, 3.0])))
    2.0
    """


@op
def var(
    a: Any,
    /,
    axis: Any = None,
    *,
    ddof: int = 0,
    keepdims: bool = False,
    correction: float | None = None,
    ctx: Context | None = None,
) -> Any:
    """Variance over ``axis`` (``ddof=0`` as in NumPy, not torch's 1).

    ``correction`` is the Array API standard's name for ``ddof`` (it wins when given).

    >>> import numerics_fn as nf
    >>> float(nf.var(nf.asarray([1.0, 3.0])))
    1.0
    """


@op
def std(
    a: Any,
    /,
    axis: Any = None,
    *,
    ddof: int = 0,
    keepdims: bool = False,
    correction: float | None = None,
    ctx: Context | None = None,
) -> Any:
    """Standard deviation over ``axis`` (``ddof=0`` as in NumPy, not torch's 1).

    ``correction`` is the Array API standard's name for ``ddof`` (it wins when given).

    >>> import numerics_fn as nf
    >>> float(nf.std(nf.asarray([1.0, 3.0])))
    1.0

    Backend notes:
        cupynumeric: ``sqrt(var(...))`` (cuPyNumeric 26.6 has no ``std``).
    """


@op
def nanmean(
    a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None
) -> Any:
    """`mean` of the non-NaN elements (NaN where a slice has none).

    >>> import numerics_fn as nf
    >>> float(nf.nanmean(nf.asarray([1.0, nf.nan, 3.0])))
    2.0
    """


@op
def nanvar(
    a: Any, /, axis: Any = None, dtype: Any = None, *, ddof: int = 0, keepdims: bool = False,
    ctx: Context | None = None,
) -> Any:  # fmt: skip
    """`var` of the non-NaN elements.

    >>> import numerics_fn as nf
    >>> float(nf.nanvar(nf.asarray([1.0, nf.nan, 3.0])))
    1.0
    """


@op
def nanstd(
    a: Any, /, axis: Any = None, dtype: Any = None, *, ddof: int = 0, keepdims: bool = False,
    ctx: Context | None = None,
) -> Any:  # fmt: skip
    """`std` of the non-NaN elements.

    >>> import numerics_fn as nf
    >>> float(nf.nanstd(nf.asarray([1.0, nf.nan, 3.0])))
    1.0
    """


# --- order statistics ------------------------------------------------------------------------------
@op
def median(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Median along ``axis`` (of every element when None): the mean of the two middle values for an
    even count, NaN where a slice holds NaN.

    >>> import numerics_fn as nf
    >>> float(nf.median(nf.asarray([3.0, 1.0, 4.0, 2.0])))
    2.5
    """


@op
def quantile(
    a: Any, /, q: Any, axis: Any = None, *, method: str = "linear", keepdims: bool = False,
    ctx: Context | None = None,
) -> Any:  # fmt: skip
    """The ``q``-th quantiles (``q`` in [0, 1], a number or a sequence: its axes come first) along ``axis``.

    ``method`` is one of ``"linear"`` (the default), ``"lower"``, ``"higher"``, ``"nearest"``, ``"midpoint"``.

    >>> import numerics_fn as nf
    >>> float(nf.quantile(nf.asarray([1.0, 2.0, 3.0, 4.0]), 0.5))
    2.5
    """


@op
def percentile(
    a: Any, /, q: Any, axis: Any = None, *, method: str = "linear", keepdims: bool = False,
    ctx: Context | None = None,
) -> Any:  # fmt: skip
    """`quantile` with ``q`` in percent ([0, 100]).

    >>> import numerics_fn as nf
    >>> float(nf.percentile(nf.asarray([1.0, 2.0, 3.0, 4.0]), 50))
    2.5
    """


# --- histograms and counts -------------------------------------------------------------------------
@op
def histogram(
    a: Any, /, bins: Any = 10, range: Any = None, density: bool = False, weights: Any = None,
    *, ctx: Context | None = None,
) -> Any:  # fmt: skip
    """``(hist, bin_edges)`` of the flattened ``a``: ``bins`` equal bins over ``range`` (default: the
    data's min and max), or the monotonic edges given as an array. The last bin includes its right edge.

    ``hist`` is int64 counts, or float64 with ``weights`` or ``density`` (as NumPy).

    >>> import numerics_fn as nf
    >>> nf.histogram(nf.asarray([0.0, 1.0, 1.0, 2.0]), bins=2)[0]
    array([1, 3])
    """


@op
def bincount(x: Any, /, weights: Any = None, minlength: int = 0, *, ctx: Context | None = None) -> Any:
    """Count occurrences of each non-negative int in ``x`` (summing ``weights`` if given).

    >>> import numerics_fn as nf
    >>> nf.bincount(nf.asarray([0, 1, 1, 3]))
    array([1, 2, 0, 1])
    """


# --- covariances -----------------------------------------------------------------------------------
@op
def cov(
    m: Any, /, y: Any = None, rowvar: bool = True, bias: bool = False, ddof: int | None = None,
    *, ctx: Context | None = None,
) -> Any:  # fmt: skip
    """Covariance matrix of the variables in the rows of ``m`` (the columns when ``rowvar`` is False),
    with ``y``'s variables appended; normalised by ``N - 1`` (``N`` with ``bias``, or ``N - ddof``).

    >>> import numerics_fn as nf
    >>> nf.cov(nf.asarray([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
    array([[ 1., -1.],
           [-1.,  1.]])
    """


@op
def corrcoef(x: Any, /, y: Any = None, rowvar: bool = True, *, ctx: Context | None = None) -> Any:
    """Pearson correlation coefficients: `cov` normalised by the standard deviations (clipped to [-1, 1]).

    >>> import numerics_fn as nf
    >>> nf.corrcoef(nf.asarray([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]]))
    array([[ 1., -1.],
           [-1.,  1.]])
    """

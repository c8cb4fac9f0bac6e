"""NumPy's cumulative, NaN-ignoring and order statistics, histograms and covariances."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "corrcoef", "cov", "cumprod", "cumsum", "histogram", "median", "nan_to_num", "nanargmax", "nanargmin",
    "nanmax", "nanmean", "nanmin", "nanstd", "nansum", "nanvar", "percentile", "quantile",
]  # fmt: skip


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
def nansum(
    a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None
) -> Any:
    """`sum` treating NaN as zero.

    >>> import numerics_fn as nf
    >>> float(nf.nansum(nf.asarray([1.0, nf.nan, 2.0])))
    3.0
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
def nanargmax(a: Any, /, axis: int | None = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """`argmax` ignoring NaN (ValueError where a slice is all NaN, as NumPy).

    >>> import numerics_fn as nf
    >>> int(nf.nanargmax(nf.asarray([1.0, nf.nan, 3.0])))
    2
    """


@op
def nanargmin(a: Any, /, axis: int | None = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """`argmin` ignoring NaN (ValueError where a slice is all NaN, as NumPy).

    >>> import numerics_fn as nf
    >>> int(nf.nanargmin(nf.asarray([nf.nan, 3.0, 1.0])))
    2
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

"""Statistical and utility functions of the Array API standard that the catalogue lacked."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["all", "any", "cumulative_prod", "cumulative_sum", "diff"]


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


@op
def diff(
    x: Any, /, *, axis: int = -1, n: int = 1, prepend: Any = None, append: Any = None, ctx: Context | None = None
) -> Any:
    """``n``-th discrete difference along ``axis`` (after joining ``prepend`` and ``append``).

    >>> import numerics_fn as nf
    >>> nf.diff(nf.asarray([1, 4, 9]))
    array([3, 5])
    """

"""Searching, sorting and set functions of the Array API standard."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "argsort", "count_nonzero", "isin", "searchsorted", "sort", "unique_all", "unique_counts", "unique_inverse",
    "unique_values",
]  # fmt: skip


@op
def sort(
    x: Any, /, *, axis: int = -1, descending: bool = False, stable: bool = True, ctx: Context | None = None
) -> Any:
    """``x`` sorted along ``axis`` (nan last; ``descending`` keeps equal elements in order when stable).

    >>> import numerics_fn as nf
    >>> nf.sort(nf.asarray([3, 1, 2]), descending=True)
    array([3, 2, 1])
    """


@op
def argsort(
    x: Any, /, *, axis: int = -1, descending: bool = False, stable: bool = True, ctx: Context | None = None
) -> Any:
    """Indices that sort ``x`` along ``axis`` (a stable sort by default, also when descending).

    >>> import numerics_fn as nf
    >>> nf.argsort(nf.asarray([3, 1, 2]))
    array([1, 2, 0])
    """


@op
def searchsorted(x1: Any, x2: Any, /, *, side: str = "left", sorter: Any = None, ctx: Context | None = None) -> Any:
    """Indices where ``x2``'s elements would be inserted into the sorted 1-D ``x1`` to keep it sorted.

    >>> import numerics_fn as nf
    >>> nf.searchsorted(nf.asarray([1.0, 2.0, 3.0]), nf.asarray([2.5, 0.0]))
    array([2, 0])
    """


@op
def count_nonzero(x: Any, /, *, axis: Any = None, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Number of non-zero elements along ``axis``: an integer array (0-d when ``axis`` is None).

    >>> import numerics_fn as nf
    >>> nf.count_nonzero(nf.asarray([0, 3, 0, 4]))
    array(2)
    """


@op
def unique_values(x: Any, /, *, ctx: Context | None = None) -> Any:
    """The sorted unique elements of ``x`` (flattened); every nan is distinct.

    >>> import numerics_fn as nf
    >>> nf.unique_values(nf.asarray([2, 1, 2]))
    array([1, 2])
    """


@op
def unique_counts(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``(values, counts)``: the unique elements and how often each occurs (a named tuple).

    >>> import numerics_fn as nf
    >>> nf.unique_counts(nf.asarray([2, 1, 2])).counts
    array([1, 2])
    """


@op
def unique_inverse(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``(values, inverse_indices)``: the unique elements and, for each element of ``x``, its index
    into them (shaped like ``x``; a named tuple).

    >>> import numerics_fn as nf
    >>> nf.unique_inverse(nf.asarray([2, 1, 2])).inverse_indices
    array([1, 0, 1])
    """


@op
def unique_all(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``(values, indices, inverse_indices, counts)`` (a named tuple): `unique_counts` and
    `unique_inverse` together, plus the index of each value's first occurrence.

    >>> import numerics_fn as nf
    >>> nf.unique_all(nf.asarray([2, 1, 2])).indices
    array([1, 0])
    """


@op
def isin(x1: Any, x2: Any, /, *, invert: bool = False, ctx: Context | None = None) -> Any:
    """Whether each element of ``x1`` occurs in ``x2`` (negated when ``invert``): a boolean array.

    >>> import numerics_fn as nf
    >>> nf.isin(nf.asarray([1, 2, 3]), nf.asarray([2, 5]))
    array([False,  True, False])
    """

"""Searching, sorting, sets and counting."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "argmax", "argmin", "argpartition", "argsort", "argwhere", "count_nonzero", "flatnonzero", "isin", "lexsort",
    "nanargmax", "nanargmin", "nonzero", "searchsorted", "sort", "top_k", "unique", "unique_all", "unique_counts",
    "unique_inverse", "unique_values",
]  # fmt: skip


# --- searching -------------------------------------------------------------------------------------
@op
def argmax(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Index of the maximum (into the flattened array when ``axis`` is None).

    >>> import numerics_fn as nf
    >>> int(nf.argmax(nf.asarray([1.0, 3.0, 2.0])))
    1
    """


@op
def argmin(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Index of the minimum (into the flattened array when ``axis`` is None).

    >>> import numerics_fn as nf
    >>> int(nf.argmin(nf.asarray([1.0, 3.0, 2.0])))
    0
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
def nonzero(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Indices of the non-zero elements: a tuple of int64 arrays, one per axis.

    >>> import numerics_fn as nf
    >>> nf.nonzero(nf.asarray([0, 3, 0, 4]))
    (array([1, 3]),)
    """


@op
def argwhere(a: Any, /, *, ctx: Context | None = None) -> Any:
    """The indices of the non-zero elements, one row per element: shape ``(N, a.ndim)``.

    >>> import numerics_fn as nf
    >>> nf.argwhere(nf.asarray([[0, 1], [1, 0]]))
    array([[0, 1],
           [1, 0]])
    """


@op
def flatnonzero(a: Any, /, *, ctx: Context | None = None) -> Any:
    """The indices of the non-zero elements of the flattened ``a``.

    >>> import numerics_fn as nf
    >>> nf.flatnonzero(nf.asarray([0, 2, 0, 3]))
    array([1, 3])
    """


@op
def searchsorted(x1: Any, x2: Any, /, *, side: str = "left", sorter: Any = None, ctx: Context | None = None) -> Any:
    """Indices where ``x2``'s elements would be inserted into the sorted 1-D ``x1`` to keep it sorted.

    >>> import numerics_fn as nf
    >>> nf.searchsorted(nf.asarray([1.0, 2.0, 3.0]), nf.asarray([2.5, 0.0]))
    array([2, 0])
    """


# --- counting --------------------------------------------------------------------------------------
@op
def count_nonzero(x: Any, /, *, axis: Any = None, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Number of non-zero elements along ``axis``: an integer array (0-d when ``axis`` is None).

    >>> import numerics_fn as nf
    >>> nf.count_nonzero(nf.asarray([0, 3, 0, 4]))
    array(2)
    """


# --- sorting ---------------------------------------------------------------------------------------
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
def lexsort(arrays: Any, /, axis: int = -1, *, ctx: Context | None = None) -> Any:
    """Indices that sort by several keys (NumPy's ``keys``, a sequence of arrays or the rows of a 2-D
    array): the *last* key is the primary one; a stable sort.

    >>> import numerics_fn as nf
    >>> nf.lexsort([nf.asarray([1, 0, 2]), nf.asarray([0, 0, 1])])
    array([1, 0, 2])
    """


@op
def argpartition(a: Any, /, kth: Any, axis: int | None = -1, *, ctx: Context | None = None) -> Any:
    """Indices that partition ``a`` along ``axis``: the element at position ``kth`` (an int or a
    sequence) is the one a sort puts there, smaller ones before it, larger ones after.

    Which indices come in which order on either side is unspecified (backends differ, as NumPy's
    algorithms do); only the partition property holds.

    >>> import numerics_fn as nf
    >>> int(nf.argpartition(nf.asarray([3.0, 1.0, 2.0]), 0)[0])
    1
    """


@op
def top_k(x: Any, /, k: int, *, axis: int = -1, largest: bool = True, ctx: Context | None = None) -> Any:
    """``(values, indices)`` of the ``k`` largest elements along ``axis`` (smallest when ``largest`` is
    False), sorted from the largest (smallest) down (``torch.topk``, ``jax.lax.top_k``); ties keep the
    lower index first.

    >>> import numerics_fn as nf
    >>> nf.top_k(nf.asarray([1.0, 3.0, 2.0]), 2)
    (array([3., 2.]), array([1, 2]))
    """


# --- sets ------------------------------------------------------------------------------------------
@op
def unique(
    ar: Any, /, return_index: bool = False, return_inverse: bool = False, return_counts: bool = False,
    axis: int | None = None, *, equal_nan: bool = True, ctx: Context | None = None,
) -> Any:  # fmt: skip
    """The sorted unique elements of ``ar`` (flattened, or the unique sub-arrays along ``axis``), and
    with the flags, as NumPy: a tuple of them, the first indices of each, the inverse that rebuilds
    ``ar`` (of ``ar``'s shape when ``axis`` is None), and the counts.

    >>> import numerics_fn as nf
    >>> nf.unique(nf.asarray([3, 1, 3, 2]), return_counts=True)
    (array([1, 2, 3]), array([1, 1, 2]))
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

"""NumPy's index, set and selection functions: ``unique`` with its options, ``argwhere``, index
arithmetic (``unravel_index``, ``ravel_multi_index``), ``lexsort``, ``argpartition``, ``top_k`` and
``one_hot``; and the index grids (``indices``, ``triu_indices``, ``tril_indices``), made on the Context's backend."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "argpartition", "argwhere", "array_equal", "flatnonzero", "indices", "lexsort", "one_hot",
    "ravel_multi_index", "top_k", "tril_indices", "triu_indices", "unique", "unravel_index",
]  # fmt: skip


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
def array_equal(a1: Any, a2: Any, /, equal_nan: bool = False, *, ctx: Context | None = None) -> bool:
    """True if ``a1`` and ``a2`` have one shape and equal elements (NaN equal to NaN with ``equal_nan``).

    >>> import numerics_fn as nf
    >>> nf.array_equal(nf.asarray([1, 2]), [1, 2])
    True
    """


@op
def unravel_index(indices: Any, /, shape: Any, order: str = "C", *, ctx: Context | None = None) -> Any:
    """The tuple of coordinate arrays that flat ``indices`` have in an array of ``shape``.

    >>> import numerics_fn as nf
    >>> nf.unravel_index(nf.asarray([5, 1]), (2, 3))
    (array([1, 0]), array([2, 1]))
    """


@op
def ravel_multi_index(
    arrays: Any, /, dims: Any, mode: str = "raise", order: str = "C", *, ctx: Context | None = None
) -> Any:
    """The flat indices of the coordinates in ``arrays`` (NumPy's ``multi_index``, one array per axis)
    in an array of shape ``dims``; ``mode`` ``"raise"`` (IndexError out of bounds), ``"wrap"`` or ``"clip"``.

    >>> import numerics_fn as nf
    >>> nf.ravel_multi_index((nf.asarray([1, 0]), nf.asarray([2, 1])), (2, 3))
    array([5, 1])
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


@op
def one_hot(x: Any, /, num_classes: int, *, dtype: Any = None, ctx: Context | None = None) -> Any:
    """Integer labels ``x`` as one-hot vectors along a new last axis of length ``num_classes``; int64
    (``torch.nn.functional.one_hot``'s) unless ``dtype`` is given. A label outside ``[0, num_classes)``
    is an IndexError.

    >>> import numerics_fn as nf
    >>> nf.one_hot(nf.asarray([0, 2]), 3)
    array([[1, 0, 0],
           [0, 0, 1]])
    """


@op
def indices(dimensions: Any, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """The index grid of shape ``dimensions``: an array of shape ``(len(dimensions), *dimensions)``
    whose ``i``-th entry holds each element's index along axis ``i`` (int64 unless ``dtype``).

    >>> import numerics_fn as nf
    >>> nf.indices((2, 2))[0]
    array([[0, 0],
           [1, 1]])
    """


@op
def triu_indices(n: int, k: int = 0, m: int | None = None, *, ctx: Context | None = None) -> Any:
    """``(rows, cols)`` of the upper triangle (from diagonal ``k``) of an ``n``-by-``m`` matrix, row by row.

    >>> import numerics_fn as nf
    >>> nf.triu_indices(2)
    (array([0, 0, 1]), array([0, 1, 1]))
    """


@op
def tril_indices(n: int, k: int = 0, m: int | None = None, *, ctx: Context | None = None) -> Any:
    """``(rows, cols)`` of the lower triangle (up to diagonal ``k``) of an ``n``-by-``m`` matrix, row by row.

    >>> import numerics_fn as nf
    >>> nf.tril_indices(2)
    (array([0, 1, 1]), array([0, 0, 1]))
    """

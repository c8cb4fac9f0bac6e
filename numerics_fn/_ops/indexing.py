"""Indexing: gathering and functional scatters, index arithmetic, and the index grids.

Functions that NumPy writes in place (``fill_diagonal``, ``put_along_axis``) and `index_update` are
functional here: they return a new array and leave their input unchanged. The index grids
(``indices``, ``triu_indices``, ``tril_indices``) are made on the Context's backend.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "fill_diagonal", "index_update", "indices", "one_hot", "put_along_axis", "ravel_multi_index", "take",
    "take_along_axis", "tril_indices", "triu_indices", "unravel_index",
]  # fmt: skip


# --- gathering -------------------------------------------------------------------------------------
@op
def take(x: Any, indices: Any, /, *, axis: int | None = None, ctx: Context | None = None) -> Any:
    """Elements of ``x`` at integer ``indices`` along ``axis`` (``x`` must be 1-D when None).

    >>> import numerics_fn as nf
    >>> nf.take(nf.asarray([10, 20, 30]), nf.asarray([2, 0]))
    array([30, 10])
    """


@op
def take_along_axis(x: Any, indices: Any, /, *, axis: int = -1, ctx: Context | None = None) -> Any:
    """Elements of ``x`` at ``indices`` (an array of ``x``'s rank) along ``axis``.

    >>> import numerics_fn as nf
    >>> x = nf.asarray([[3, 1], [2, 4]])
    >>> nf.take_along_axis(x, nf.argsort(x, axis=1), axis=1)
    array([[1, 3],
           [2, 4]])
    """


# --- functional scatters ---------------------------------------------------------------------------
@op
def put_along_axis(arr: Any, indices: Any, /, values: Any, axis: int | None, *, ctx: Context | None = None) -> Any:
    """A copy of ``arr`` with ``values`` put at ``indices`` along ``axis`` (the inverse of `take_along_axis`).

    Unlike NumPy's, which writes into ``arr``, this returns a new array. ``axis=None`` works on the
    flattened array. ``arr`` and ``indices`` are dispatched on; ``values`` follow ``arr`` to its backend and
    dtype (a number beside tensors does not make them a mixed call, whose common dtype would include the
    indices').

    >>> import numerics_fn as nf
    >>> nf.put_along_axis(nf.zeros((2, 2)), nf.asarray([[1], [0]]), 7.0, axis=1)
    array([[0., 7.],
           [7., 0.]])
    """


@op
def index_update(x: Any, /, index: Any, values: Any, *, ctx: Context | None = None) -> Any:
    """A copy of ``x`` with ``x[index] = values`` done on it, as NumPy's assignment does it; ``x`` is unchanged.

    The functional form of item assignment, which the libraries' own ``__setitem__`` cannot give across
    backends (``tensor[i] = ndarray`` fails; a NumPy array cannot hold a tensor that requires grad). ``index``
    is anything NumPy indexes with: ints, slices (negative steps too), ``None``, ``...``, integer or boolean
    arrays and lists, or a tuple of those; index arrays may be of any backend. ``values`` broadcast to the
    shape of ``x[index]`` and are cast to ``x``'s dtype, as NumPy's assignment casts them: the result has ``x``'s
    dtype and shape. It belongs to the backend of ``x`` and ``values`` by the mixing rules (NumPy ``x`` with
    tensor ``values``: a tensor on their device). For ``x[index] += v`` write
    ``index_update(x, index, x[index] + v)``; where an integer index repeats, the last value wins.

    >>> import numerics_fn as nf
    >>> x = nf.zeros(4)
    >>> nf.index_update(x, slice(1, 3), 7.0)
    array([0., 7., 7., 0.])
    >>> x
    array([0., 0., 0., 0.])
    >>> nf.index_update(nf.asarray([[1, 2], [3, 4]]), (nf.asarray([True, False]), 1), 9)
    array([[1, 9],
           [3, 4]])

    Backend notes:
        pytorch: a clone of ``x`` assigned in place, so differentiable with respect to ``x`` and ``values``
        (autograd records it); an index with a negative-step slice becomes the integer positions NumPy
        selects.
    """


@op
def fill_diagonal(a: Any, /, val: Any, wrap: bool = False, *, ctx: Context | None = None) -> Any:
    """A copy of ``a`` with its main diagonal set to ``val`` (a number or a sequence, repeated as needed).

    Unlike NumPy's, which writes into ``a``, this returns a new array and leaves ``a`` unchanged.
    ``a`` is 2-D (``wrap`` as in NumPy for tall matrices) or has all axes of equal length.

    >>> import numerics_fn as nf
    >>> nf.fill_diagonal(nf.zeros((2, 2)), 5.0)
    array([[5., 0.],
           [0., 5.]])
    """


# --- index arithmetic and grids --------------------------------------------------------------------
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

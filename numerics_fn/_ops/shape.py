"""Shape manipulation and products of whole arrays."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "adjoint", "concatenate", "diag", "dot", "expand_dims", "index_update", "kron", "moveaxis", "outer", "reshape",
    "squeeze", "stack", "tensordot", "trace", "transpose",
]  # fmt: skip


@op
def reshape(a: Any, /, shape: Any, *, copy: bool | None = None, ctx: Context | None = None) -> Any:
    """``a`` with a new ``shape`` (one entry may be -1), C order.

    ``copy=None`` returns a view where possible; ``True`` always copies; ``False`` never does
    (ValueError where it would have to).

    >>> import numerics_fn as nf
    >>> nf.reshape(nf.arange(6), (2, 3))
    array([[0, 1, 2],
           [3, 4, 5]])
    """


@op
def transpose(a: Any, /, axes: Any = None, *, ctx: Context | None = None) -> Any:
    """``a`` with its axes permuted (reversed when ``axes`` is None).

    >>> import numerics_fn as nf
    >>> nf.transpose(nf.zeros((2, 3, 4))).shape
    (4, 3, 2)

    Backend notes:
        pytorch: ``permute``; ``axes=None`` reverses all axes as NumPy does (not torch's 2-D ``t``).
    """


@op
def moveaxis(a: Any, /, source: Any, destination: Any, *, ctx: Context | None = None) -> Any:
    """``a`` with axes ``source`` moved to ``destination`` (ints or sequences).

    >>> import numerics_fn as nf
    >>> nf.moveaxis(nf.zeros((2, 3, 4)), 0, -1).shape
    (3, 4, 2)

    Backend notes:
        pytorch: ``movedim``.
    """


@op
def stack(arrays: Any, /, axis: int = 0, *, ctx: Context | None = None) -> Any:
    """Join a sequence of same-shape arrays along a new ``axis``.

    >>> import numerics_fn as nf
    >>> nf.stack([nf.zeros(2), nf.ones(2)]).shape
    (2, 2)
    """


@op
def concatenate(arrays: Any, /, axis: int = 0, *, ctx: Context | None = None) -> Any:
    """Join a sequence of arrays along an existing ``axis``.

    >>> import numerics_fn as nf
    >>> nf.concatenate([nf.zeros(2), nf.ones(1)])
    array([0., 0., 1.])
    """


@op
def squeeze(a: Any, /, axis: Any = None, *, ctx: Context | None = None) -> Any:
    """``a`` without its length-1 axes (or only ``axis``).

    >>> import numerics_fn as nf
    >>> nf.squeeze(nf.zeros((1, 2, 1))).shape
    (2,)
    """


@op
def expand_dims(a: Any, /, axis: Any, *, ctx: Context | None = None) -> Any:
    """``a`` with a new length-1 axis at ``axis``.

    >>> import numerics_fn as nf
    >>> nf.expand_dims(nf.zeros(2), 0).shape
    (1, 2)
    """


@op
def diag(v: Any, /, k: int = 0, *, ctx: Context | None = None) -> Any:
    """The ``k``-th diagonal of a matrix, or a matrix with ``v`` on its ``k``-th diagonal.

    >>> import numerics_fn as nf
    >>> nf.diag(nf.asarray([1, 2]))
    array([[1, 0],
           [0, 2]])
    """


@op
def kron(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """Kronecker product of ``a`` and ``b``.

    >>> import numerics_fn as nf
    >>> nf.kron(nf.eye(2), nf.ones((1, 2)))
    array([[1., 1., 0., 0.],
           [0., 0., 1., 1.]])

    Backend notes:
        cupynumeric: composed from a broadcast product and ``reshape`` (cuPyNumeric 26.6 has no
        ``kron``); runs in cuPyNumeric.
    """


@op
def outer(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """Outer product of two vectors (flattened first).

    >>> import numerics_fn as nf
    >>> nf.outer(nf.asarray([1, 2]), nf.asarray([1, 10]))
    array([[ 1, 10],
           [ 2, 20]])
    """


@op
def tensordot(a: Any, b: Any, /, axes: Any = 2, *, ctx: Context | None = None) -> Any:
    """Sum products over ``axes`` (an int: the last/first that many; or two sequences).

    >>> import numerics_fn as nf
    >>> nf.tensordot(nf.ones((2, 3)), nf.ones((3, 4)), axes=1).shape
    (2, 4)
    """


@op
def trace(a: Any, /, offset: int = 0, axis1: int = 0, axis2: int = 1, *, ctx: Context | None = None) -> Any:
    """Sum along a diagonal of ``a``.

    >>> import numerics_fn as nf
    >>> float(nf.trace(nf.eye(3)))
    3.0
    """


@op
def dot(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's ``dot``: inner product of vectors, matrix product of 2-D arrays.

    >>> import numerics_fn as nf
    >>> float(nf.dot(nf.asarray([1.0, 2.0]), nf.asarray([3.0, 4.0])))
    11.0
    """


@op
def adjoint(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Conjugate transpose of the last two axes.

    >>> import numerics_fn as nf
    >>> nf.adjoint(nf.asarray([[1j, 2]]))
    array([[0.-1.j],
           [2.-0.j]])
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

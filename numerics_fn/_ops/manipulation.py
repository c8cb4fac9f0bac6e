"""Manipulation and indexing functions of the Array API standard that the catalogue lacked.

`concat` and `permute_dims` are the standard's names for `concatenate` and `transpose`:
aliases that share their implementations.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import generic, op
from .shape import concatenate, transpose

__all__ = [
    "broadcast_arrays", "broadcast_shapes", "broadcast_to", "concat", "flip", "matrix_transpose", "permute_dims",
    "repeat", "roll", "take", "take_along_axis", "tile", "unstack",
]  # fmt: skip


@op(alias_of=concatenate)
def concat(arrays: Any, /, *, axis: int | None = 0, ctx: Context | None = None) -> Any:
    """Join a sequence of arrays along an existing ``axis`` (flattened first when ``axis`` is None).

    The Array API standard's name for `concatenate` (one implementation).

    >>> import numerics_fn as nf
    >>> nf.concat([nf.zeros(2), nf.ones(1)])
    array([0., 0., 1.])
    """


@op(alias_of=transpose)
def permute_dims(x: Any, /, axes: Any, *, ctx: Context | None = None) -> Any:
    """``x`` with its axes permuted to ``axes``: the standard's name for `transpose` (one implementation).

    >>> import numerics_fn as nf
    >>> nf.permute_dims(nf.zeros((2, 3, 4)), (2, 0, 1)).shape
    (4, 2, 3)
    """


@op
def matrix_transpose(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Transpose of the last two axes (no conjugation; see `adjoint` for that).

    >>> import numerics_fn as nf
    >>> nf.matrix_transpose(nf.zeros((5, 2, 3))).shape
    (5, 3, 2)
    """


@op
def broadcast_arrays(*arrays: Any, ctx: Context | None = None) -> Any:
    """The arrays broadcast against each other: a tuple of arrays of one shape.

    >>> import numerics_fn as nf
    >>> [a.shape for a in nf.broadcast_arrays(nf.zeros((2, 1)), nf.zeros(3))]
    [(2, 3), (2, 3)]
    """


@op
def broadcast_to(x: Any, /, shape: Any, *, ctx: Context | None = None) -> Any:
    """``x`` broadcast to ``shape`` (a read-only view where the backend has views).

    >>> import numerics_fn as nf
    >>> nf.broadcast_to(nf.asarray([1, 2]), (2, 2))
    array([[1, 2],
           [1, 2]])
    """


@generic
def broadcast_shapes(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape that arrays of ``shapes`` broadcast to (ValueError if they do not).

    >>> import numerics_fn as nf
    >>> nf.broadcast_shapes((2, 1), (3,))
    (2, 3)
    """
    ndim = max((len(s) for s in shapes), default=0)
    out: list[int] = []
    for axis in range(-ndim, 0):
        sizes = {s[axis] for s in shapes if len(s) >= -axis} - {1}
        if len(sizes) > 1:
            raise ValueError(f"broadcast_shapes: shapes {', '.join(map(str, shapes))} do not broadcast (axis {axis})")
        out.append(sizes.pop() if sizes else 1)
    return tuple(out)


@op
def flip(x: Any, /, *, axis: Any = None, ctx: Context | None = None) -> Any:
    """``x`` with the order of elements reversed along ``axis`` (all axes when None).

    >>> import numerics_fn as nf
    >>> nf.flip(nf.asarray([1, 2, 3]))
    array([3, 2, 1])
    """


@op
def repeat(x: Any, /, repeats: Any, *, axis: int | None = None, ctx: Context | None = None) -> Any:
    """Each element of ``x`` repeated ``repeats`` times (an int or a 1-D int array), along ``axis``
    (the flattened array when None).

    >>> import numerics_fn as nf
    >>> nf.repeat(nf.asarray([1, 2]), 2)
    array([1, 1, 2, 2])
    """


@op
def roll(x: Any, /, shift: Any, *, axis: Any = None, ctx: Context | None = None) -> Any:
    """Elements shifted by ``shift`` along ``axis`` (the flattened array when None), wrapping around.

    >>> import numerics_fn as nf
    >>> nf.roll(nf.asarray([1, 2, 3]), 1)
    array([3, 1, 2])
    """


@op
def tile(x: Any, /, repetitions: Any, *, ctx: Context | None = None) -> Any:
    """``x`` repeated ``repetitions`` times (a tuple, one entry per axis).

    >>> import numerics_fn as nf
    >>> nf.tile(nf.asarray([1, 2]), (2,))
    array([1, 2, 1, 2])
    """


@op
def unstack(x: Any, /, *, axis: int = 0, ctx: Context | None = None) -> Any:
    """The arrays of ``x`` along ``axis``, as a tuple (the inverse of `stack`).

    >>> import numerics_fn as nf
    >>> nf.unstack(nf.asarray([[1, 2], [3, 4]]))
    (array([1, 2]), array([3, 4]))
    """


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

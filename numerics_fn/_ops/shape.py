"""Shape: reshaping, axes, broadcasting, rearranging, joining and splitting.

NumPy's names and the Array API standard's (``concat`` and ``permute_dims`` are the standard's names
for `concatenate` and `transpose`: aliases that share their implementations).
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import generic, op

__all__ = [
    "append", "array_split", "atleast_1d", "atleast_2d", "atleast_3d", "block", "broadcast_arrays",
    "broadcast_shapes", "broadcast_to", "column_stack", "concat", "concatenate", "dstack", "expand_dims", "flip",
    "hstack", "matrix_transpose", "moveaxis", "pad", "permute_dims", "ravel", "repeat", "reshape", "roll", "split",
    "squeeze", "stack", "swapaxes", "tile", "transpose", "unstack", "vstack",
]  # fmt: skip


# --- reshaping -------------------------------------------------------------------------------------
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
def ravel(a: Any, /, order: str = "C", *, ctx: Context | None = None) -> Any:
    """``a`` flattened to one axis, in C (row-major) or ``"F"`` (column-major) order.

    >>> import numerics_fn as nf
    >>> nf.ravel(nf.asarray([[1, 2], [3, 4]]))
    array([1, 2, 3, 4])
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
def atleast_1d(*arys: Any, ctx: Context | None = None) -> Any:
    """Each array with at least one axis (0-d arrays become shape ``(1,)``); one array for one
    argument, a tuple for several.

    >>> import numerics_fn as nf
    >>> nf.atleast_1d(nf.asarray(3.0))
    array([3.])
    """


@op
def atleast_2d(*arys: Any, ctx: Context | None = None) -> Any:
    """Each array with at least two axes (a 1-D array of length n becomes ``(1, n)``).

    >>> import numerics_fn as nf
    >>> nf.atleast_2d(nf.asarray([1, 2])).shape
    (1, 2)
    """


@op
def atleast_3d(*arys: Any, ctx: Context | None = None) -> Any:
    """Each array with at least three axes: ``(n,)`` becomes ``(1, n, 1)``, ``(m, n)`` becomes ``(m, n, 1)``.

    >>> import numerics_fn as nf
    >>> nf.atleast_3d(nf.asarray([1, 2])).shape
    (1, 2, 1)
    """


# --- axes ------------------------------------------------------------------------------------------
@op
def transpose(a: Any, /, axes: Any = None, *, ctx: Context | None = None) -> Any:
    """``a`` with its axes permuted (reversed when ``axes`` is None).

    >>> import numerics_fn as nf
    >>> nf.transpose(nf.zeros((2, 3, 4))).shape
    (4, 3, 2)

    Backend notes:
        pytorch: ``permute``; ``axes=None`` reverses all axes as NumPy does (not torch's 2-D ``t``).
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
def moveaxis(a: Any, /, source: Any, destination: Any, *, ctx: Context | None = None) -> Any:
    """``a`` with axes ``source`` moved to ``destination`` (ints or sequences).

    >>> import numerics_fn as nf
    >>> nf.moveaxis(nf.zeros((2, 3, 4)), 0, -1).shape
    (3, 4, 2)

    Backend notes:
        pytorch: ``movedim``.
    """


@op
def swapaxes(a: Any, /, axis1: int, axis2: int, *, ctx: Context | None = None) -> Any:
    """``a`` with axes ``axis1`` and ``axis2`` interchanged.

    >>> import numerics_fn as nf
    >>> nf.swapaxes(nf.zeros((2, 3, 4)), 0, 2).shape
    (4, 3, 2)
    """


# --- broadcasting ----------------------------------------------------------------------------------
@op
def broadcast_to(x: Any, /, shape: Any, *, ctx: Context | None = None) -> Any:
    """``x`` broadcast to ``shape`` (a read-only view where the backend has views).

    >>> import numerics_fn as nf
    >>> nf.broadcast_to(nf.asarray([1, 2]), (2, 2))
    array([[1, 2],
           [1, 2]])
    """


@op
def broadcast_arrays(*arrays: Any, ctx: Context | None = None) -> Any:
    """The arrays broadcast against each other: a tuple of arrays of one shape.

    >>> import numerics_fn as nf
    >>> [a.shape for a in nf.broadcast_arrays(nf.zeros((2, 1)), nf.zeros(3))]
    [(2, 3), (2, 3)]
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


# --- rearranging and tiling ------------------------------------------------------------------------
@op
def flip(x: Any, /, *, axis: Any = None, ctx: Context | None = None) -> Any:
    """``x`` with the order of elements reversed along ``axis`` (all axes when None).

    >>> import numerics_fn as nf
    >>> nf.flip(nf.asarray([1, 2, 3]))
    array([3, 2, 1])
    """


@op
def roll(x: Any, /, shift: Any, *, axis: Any = None, ctx: Context | None = None) -> Any:
    """Elements shifted by ``shift`` along ``axis`` (the flattened array when None), wrapping around.

    >>> import numerics_fn as nf
    >>> nf.roll(nf.asarray([1, 2, 3]), 1)
    array([3, 1, 2])
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
def tile(x: Any, /, repetitions: Any, *, ctx: Context | None = None) -> Any:
    """``x`` repeated ``repetitions`` times (a tuple, one entry per axis).

    >>> import numerics_fn as nf
    >>> nf.tile(nf.asarray([1, 2]), (2,))
    array([1, 2, 1, 2])
    """


@op
def pad(
    array: Any, /, pad_width: Any, mode: str = "constant", *, constant_values: Any = 0, ctx: Context | None = None
) -> Any:
    """``array`` padded: ``pad_width`` is an int, ``(before, after)``, or one such pair per axis.

    ``mode`` is one of NumPy's ``"constant"`` (``constant_values``: a number, or pairs as for
    ``pad_width``), ``"edge"``, ``"reflect"``, ``"symmetric"`` and ``"wrap"``.

    >>> import numerics_fn as nf
    >>> nf.pad(nf.asarray([1, 2, 3]), (1, 2), mode="reflect")
    array([2, 1, 2, 3, 2, 1])

    Backend notes:
        pytorch: composed from an index gather along each axis (``torch.nn.functional.pad`` takes
        only some modes and ranks); ``"constant"`` fills a new tensor.
    """


# --- joining ---------------------------------------------------------------------------------------
@op
def concatenate(arrays: Any, /, axis: int = 0, *, ctx: Context | None = None) -> Any:
    """Join a sequence of arrays along an existing ``axis``.

    >>> import numerics_fn as nf
    >>> nf.concatenate([nf.zeros(2), nf.ones(1)])
    array([0., 0., 1.])
    """


@op(alias_of=concatenate)
def concat(arrays: Any, /, *, axis: int | None = 0, ctx: Context | None = None) -> Any:
    """Join a sequence of arrays along an existing ``axis`` (flattened first when ``axis`` is None).

    The Array API standard's name for `concatenate` (one implementation).

    >>> import numerics_fn as nf
    >>> nf.concat([nf.zeros(2), nf.ones(1)])
    array([0., 0., 1.])
    """


@op
def stack(arrays: Any, /, axis: int = 0, *, ctx: Context | None = None) -> Any:
    """Join a sequence of same-shape arrays along a new ``axis``.

    >>> import numerics_fn as nf
    >>> nf.stack([nf.zeros(2), nf.ones(2)]).shape
    (2, 2)
    """


@op
def vstack(arrays: Any, /, *, ctx: Context | None = None) -> Any:
    """Stack arrays vertically: along the first axis, 1-D arrays taken as rows.

    >>> import numerics_fn as nf
    >>> nf.vstack([nf.asarray([1, 2]), nf.asarray([3, 4])])
    array([[1, 2],
           [3, 4]])
    """


@op
def hstack(arrays: Any, /, *, ctx: Context | None = None) -> Any:
    """Stack arrays horizontally: along the second axis (the first for 1-D arrays).

    >>> import numerics_fn as nf
    >>> nf.hstack([nf.asarray([1, 2]), nf.asarray([3])])
    array([1, 2, 3])
    """


@op
def dstack(arrays: Any, /, *, ctx: Context | None = None) -> Any:
    """Stack arrays along the third axis (1-D and 2-D arrays made 3-D first, as `atleast_3d`).

    >>> import numerics_fn as nf
    >>> nf.dstack([nf.asarray([1, 2]), nf.asarray([3, 4])]).shape
    (1, 2, 2)
    """


@op
def column_stack(arrays: Any, /, *, ctx: Context | None = None) -> Any:
    """Stack 1-D arrays as the columns of a 2-D array (2-D arrays are stacked as they are).

    >>> import numerics_fn as nf
    >>> nf.column_stack([nf.asarray([1, 2]), nf.asarray([3, 4])])
    array([[1, 3],
           [2, 4]])
    """


@generic
def block(arrays: Any) -> Any:
    """An array assembled from nested lists of blocks: the innermost lists are joined along the last
    axis, the next along the second last, and so on (NumPy's ``block``).

    Works on every backend through `concatenate`; blocks are first given as many axes as the deepest.

    >>> import numerics_fn as nf
    >>> nf.block([[nf.eye(2), nf.zeros((2, 1))], [nf.ones((1, 2)), nf.ones((1, 1))]]).shape
    (3, 3)
    """

    def depth_and_ndim(item: Any) -> tuple[int, int]:
        if isinstance(item, list):
            if not item:
                raise ValueError("block: lists cannot be empty")
            inner = [depth_and_ndim(i) for i in item]
            if len({d for d, _ in inner}) != 1:
                raise ValueError(f"block: list depths are mismatched ({sorted({d for d, _ in inner})})")
            return inner[0][0] + 1, max(n for _, n in inner)
        if isinstance(item, tuple):
            raise TypeError("block: blocks must be nested lists, not tuples (as NumPy's block)")
        return 0, len(getattr(item, "shape", ()))

    depth, ndim = depth_and_ndim(arrays)
    ndim = max(ndim, depth)

    def assemble(item: Any, level: int) -> Any:
        if not isinstance(item, list):
            from .conversion import backend_of
            from .creation import asarray

            x = item if backend_of(item) is not None else asarray(item)
            return x.reshape((1,) * (ndim - x.ndim) + tuple(x.shape)) if x.ndim < ndim else x
        return concatenate([assemble(i, level + 1) for i in item], axis=-(depth - level))

    return assemble(arrays, 0)


@op
def append(arr: Any, values: Any, /, axis: int | None = None, *, ctx: Context | None = None) -> Any:
    """A new array of ``arr`` followed by ``values`` along ``axis`` (both flattened when None).

    >>> import numerics_fn as nf
    >>> nf.append(nf.asarray([1, 2]), [3, 4])
    array([1, 2, 3, 4])
    """


# --- splitting -------------------------------------------------------------------------------------
@op
def unstack(x: Any, /, *, axis: int = 0, ctx: Context | None = None) -> Any:
    """The arrays of ``x`` along ``axis``, as a tuple (the inverse of `stack`).

    >>> import numerics_fn as nf
    >>> nf.unstack(nf.asarray([[1, 2], [3, 4]]))
    (array([1, 2]), array([3, 4]))
    """


@op
def split(ary: Any, /, indices_or_sections: Any, axis: int = 0, *, ctx: Context | None = None) -> Any:
    """``ary`` split along ``axis`` into a list of sub-arrays: ``N`` equal parts (ValueError if the
    axis does not divide), or at the sorted indices of a sequence.

    >>> import numerics_fn as nf
    >>> nf.split(nf.arange(6), 3)
    [array([0, 1]), array([2, 3]), array([4, 5])]
    """


@op
def array_split(ary: Any, /, indices_or_sections: Any, axis: int = 0, *, ctx: Context | None = None) -> Any:
    """`split` that also takes an ``N`` that does not divide the axis: the first ``len % N`` parts
    get one element more.

    >>> import numerics_fn as nf
    >>> nf.array_split(nf.arange(5), 2)
    [array([0, 1, 2]), array([3, 4])]
    """

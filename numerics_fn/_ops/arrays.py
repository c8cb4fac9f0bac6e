"""NumPy's joining, splitting, padding and reshaping functions (names the Array API standard lacks).

Functions that NumPy writes in place (``fill_diagonal``, ``put_along_axis``) are functional here:
they return a new array and leave their input unchanged.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import generic, op

__all__ = [
    "append", "array_split", "ascontiguousarray", "atleast_1d", "atleast_2d", "atleast_3d", "block",
    "column_stack", "dstack", "fill_diagonal", "hstack", "pad", "put_along_axis", "ravel", "split", "swapaxes",
    "vstack",
]  # fmt: skip


@op
def ravel(a: Any, /, order: str = "C", *, ctx: Context | None = None) -> Any:
    """``a`` flattened to one axis, in C (row-major) or ``"F"`` (column-major) order.

    >>> import numerics_fn as nf
    >>> nf.ravel(nf.asarray([[1, 2], [3, 4]]))
    array([1, 2, 3, 4])
    """


@op
def swapaxes(a: Any, /, axis1: int, axis2: int, *, ctx: Context | None = None) -> Any:
    """``a`` with axes ``axis1`` and ``axis2`` interchanged.

    >>> import numerics_fn as nf
    >>> nf.swapaxes(nf.zeros((2, 3, 4)), 0, 2).shape
    (4, 3, 2)
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


@op
def append(arr: Any, values: Any, /, axis: int | None = None, *, ctx: Context | None = None) -> Any:
    """A new array of ``arr`` followed by ``values`` along ``axis`` (both flattened when None).

    >>> import numerics_fn as nf
    >>> nf.append(nf.asarray([1, 2]), [3, 4])
    array([1, 2, 3, 4])
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


@generic
def block(arrays: Any) -> Any:
    """An array assembled from nested lists of blocks: the innermost lists are joined along the last
    axis, the next along the second last, and so on (NumPy's ``block``).

    Works on every backend through `concatenate`; blocks are first given as many axes as the deepest.

    >>> import numerics_fn as nf
    >>> nf.block([[nf.eye(2), nf.zeros((2, 1))], [nf.ones((1, 2)), nf.ones((1, 1))]]).shape
    (3, 3)
    """
    from .shape import concatenate

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
def ascontiguousarray(a: Any, /, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """``a`` as a C-contiguous array of at least one axis (``a`` itself where it already is), as ``dtype``.

    >>> import numerics_fn as nf
    >>> nf.ascontiguousarray(nf.ones((2, 3)).T).shape
    (3, 2)
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

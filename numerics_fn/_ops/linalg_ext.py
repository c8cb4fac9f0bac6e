"""Linear algebra of the Array API standard (its ``linalg`` extension) that the catalogue lacked.

These are also re-exported by `numerics_fn.linalg`, the standard's ``linalg`` namespace.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "cross", "diagonal", "eigvals", "eigvalsh", "matrix_norm", "matrix_power", "matrix_rank", "pinv", "slogdet",
    "svdvals", "vecdot", "vector_norm",
]  # fmt: skip


@op
def vecdot(x1: Any, x2: Any, /, *, axis: int = -1, ctx: Context | None = None) -> Any:
    """Dot product of vectors along ``axis``, conjugating ``x1`` (``sum(conj(x1) * x2, axis)``).

    >>> import numerics_fn as nf
    >>> float(nf.vecdot(nf.asarray([1.0, 2.0]), nf.asarray([3.0, 4.0])))
    11.0
    """


@op
def cross(x1: Any, x2: Any, /, *, axis: int = -1, ctx: Context | None = None) -> Any:
    """Cross product of 3-element vectors along ``axis``.

    >>> import numerics_fn as nf
    >>> nf.cross(nf.asarray([1.0, 0.0, 0.0]), nf.asarray([0.0, 1.0, 0.0]))
    array([0., 0., 1.])
    """


@op
def diagonal(a: Any, /, offset: int = 0, axis1: int = 0, axis2: int = 1, *, ctx: Context | None = None) -> Any:
    """The ``offset``-th diagonal of the matrices spanned by ``axis1`` and ``axis2`` (NumPy's
    ``diagonal``; ``nf.linalg.diagonal`` is the standard's, over the last two axes).

    >>> import numerics_fn as nf
    >>> nf.diagonal(nf.asarray([[1, 2], [3, 4]]))
    array([1, 4])
    """


@op
def eigvalsh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Eigenvalues of a Hermitian (real symmetric) matrix, ascending and real.

    >>> import numerics_fn as nf
    >>> nf.eigvalsh(nf.asarray([[2.0, 0.0], [0.0, 1.0]]))
    array([1., 2.])
    """


@op
def eigvals(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Eigenvalues of a general square matrix, always complex (as the standard asks).

    >>> import numerics_fn as nf
    >>> nf.eigvals(nf.asarray([[2.0, 0.0], [0.0, 1.0]]))
    array([2.+0.j, 1.+0.j])
    """


@op
def matrix_norm(x: Any, /, *, keepdims: bool = False, ord: Any = "fro", ctx: Context | None = None) -> Any:
    """Norm of the matrices in the last two axes (``ord``: ``"fro"``, ``"nuc"``, ±1, ±2, ±inf).

    >>> import numerics_fn as nf
    >>> float(nf.matrix_norm(nf.asarray([[3.0, 0.0], [0.0, 4.0]])))
    5.0
    """


@op
def vector_norm(
    x: Any, /, *, axis: Any = None, keepdims: bool = False, ord: Any = 2, ctx: Context | None = None
) -> Any:
    """Vector norm over ``axis`` (all elements, flattened, when None); ``ord`` any real number or ±inf.

    >>> import numerics_fn as nf
    >>> float(nf.vector_norm(nf.asarray([[3.0], [4.0]])))
    5.0
    """


@op
def matrix_power(x: Any, /, n: int, *, ctx: Context | None = None) -> Any:
    """The square matrix ``x`` raised to the integer power ``n`` (the inverse's power when negative).

    >>> import numerics_fn as nf
    >>> nf.matrix_power(nf.asarray([[1, 1], [0, 1]]), 3)
    array([[1, 3],
           [0, 1]])
    """


@op
def matrix_rank(x: Any, /, *, rtol: Any = None, ctx: Context | None = None) -> Any:
    """Rank of the matrices in the last two axes: singular values above ``rtol * largest`` count
    (``rtol`` default ``max(M, N) * eps``).

    >>> import numerics_fn as nf
    >>> int(nf.matrix_rank(nf.asarray([[1.0, 2.0], [2.0, 4.0]])))
    1
    """


@op
def pinv(x: Any, /, *, rtol: Any = None, ctx: Context | None = None) -> Any:
    """Moore-Penrose pseudo-inverse (singular values below ``rtol * largest`` are treated as zero).

    >>> import numerics_fn as nf
    >>> nf.pinv(nf.asarray([[2.0, 0.0], [0.0, 0.0]]))
    array([[0.5, 0. ],
           [0. , 0. ]])
    """


@op
def slogdet(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``(sign, logabsdet)`` of the determinant, without overflow (a named tuple).

    >>> import numerics_fn as nf
    >>> sign, logabsdet = nf.slogdet(nf.asarray([[-2.0, 0.0], [0.0, 1.0]]))
    >>> float(sign), round(float(logabsdet), 6)
    (-1.0, 0.693147)
    """


@op
def svdvals(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Singular values, descending.

    >>> import numerics_fn as nf
    >>> nf.svdvals(nf.asarray([[3.0, 0.0], [0.0, 4.0]]))
    array([4., 3.])
    """

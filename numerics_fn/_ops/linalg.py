"""Linear algebra: products, decompositions, solvers and the matrix exponential."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["cholesky", "det", "eig", "eigh", "einsum", "expm", "inv", "matmul", "qr", "solve", "svd"]


@op
def matmul(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Matrix product with broadcasting over leading axes (``x1 @ x2``).

    >>> import numerics_fn as nf
    >>> nf.matmul(nf.eye(2), nf.asarray([[1.0], [2.0]]))
    array([[1.],
           [2.]])
    """


@op
def einsum(subscripts: str, *operands: Any, optimize: Any = False, ctx: Context | None = None) -> Any:
    """Einstein summation over ``operands`` as described by ``subscripts``.

    ``optimize`` (NumPy's: False, True, ``"greedy"``, ``"optimal"`` or a path) orders the contractions
    of three or more operands on NumPy and cuPyNumeric; torch orders them itself.

    >>> import numerics_fn as nf
    >>> nf.einsum("ij,j->i", nf.eye(2), nf.asarray([1.0, 2.0]))
    array([1., 2.])
    """


@op
def svd(a: Any, /, *, full_matrices: bool = False, ctx: Context | None = None) -> Any:
    """Singular value decomposition ``a = U @ diag(S) @ Vh``; returns ``(U, S, Vh)``.

    ``full_matrices=False`` (the reduced form) is the default, unlike NumPy.

    >>> import numerics_fn as nf
    >>> U, S, Vh = nf.svd(nf.eye(2))
    >>> S
    array([1., 1.])
    """


@op
def qr(a: Any, /, *, mode: str = "reduced", ctx: Context | None = None) -> Any:
    """QR decomposition; returns ``(Q, R)`` (``mode`` ``"reduced"`` or ``"complete"``).

    >>> import numerics_fn as nf
    >>> Q, R = nf.qr(nf.eye(2))
    >>> bool(nf.allclose(nf.matmul(Q, R), nf.eye(2)))
    True

    Backend notes:
        cupynumeric: ``linalg.qr`` is reduced only; ``"complete"`` of a tall ``a`` is the reduced QR
        of ``[a | I]`` (its R cut to ``a``'s columns), in cuPyNumeric.
    """


@op
def eigh(a: Any, /, *, UPLO: str = "L", ctx: Context | None = None) -> Any:
    """Eigenvalues (ascending, real) and eigenvectors of a Hermitian matrix: ``(w, v)``.

    >>> import numerics_fn as nf
    >>> w, v = nf.eigh(nf.asarray([[2.0, 0.0], [0.0, 1.0]]))
    >>> w
    array([1., 2.])
    """


@op
def eig(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Eigenvalues and right eigenvectors of a general square matrix: ``(w, v)``.

    The result is complex where the eigenvalues are (as ``numpy.linalg.eig``).

    >>> import numerics_fn as nf
    >>> w, v = nf.eig(nf.asarray([[2.0, 0.0], [0.0, 1.0]]))
    >>> w
    array([2., 1.])

    Backend notes:
        pytorch: ``torch.linalg.eig`` always returns complex; real results are made real
        where every imaginary part is exactly zero, as NumPy does.
    """


@op
def solve(a: Any, b: Any, /, *, assume_a: str = "gen", ctx: Context | None = None) -> Any:
    """Solve ``a @ x = b`` for ``x``.

    Args:
        assume_a: SciPy's names: ``"gen"`` (general, LU), ``"sym"`` (symmetric),
            ``"her"`` (Hermitian), ``"pos"`` (positive definite, Cholesky).

    >>> import numerics_fn as nf
    >>> nf.solve(nf.asarray([[2.0, 0.0], [0.0, 4.0]]), nf.asarray([2.0, 2.0]), assume_a="pos")
    array([1. , 0.5])
    """


@op
def inv(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Matrix inverse.

    >>> import numerics_fn as nf
    >>> nf.inv(nf.asarray([[2.0, 0.0], [0.0, 4.0]]))
    array([[0.5 , 0.  ],
           [0.  , 0.25]])
    """


@op
def det(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Determinant of a square matrix (or a stack of them).

    >>> import numerics_fn as nf
    >>> round(float(nf.det(nf.asarray([[2.0, 0.0], [0.0, 4.0]]))), 12)
    8.0

    Backend notes:
        cupynumeric: the product of ``linalg.eigvals`` (a backward-stable Schur factorisation, as
        accurate as LU), multiplied pairwise in cuPyNumeric (cuPyNumeric 26.6 has no ``linalg.det``
        and no complex ``prod``).
    """


@op
def expm(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Matrix exponential (Padé approximation with scaling and squaring).

    >>> import numerics_fn as nf
    >>> nf.expm(nf.zeros((2, 2)))
    array([[1., 0.],
           [0., 1.]])

    Backend notes:
        pytorch: ``torch.linalg.matrix_exp``.
    """


@op
def cholesky(a: Any, /, *, upper: bool = False, ctx: Context | None = None) -> Any:
    """Cholesky factor of a positive-definite matrix (lower unless ``upper``).

    >>> import numerics_fn as nf
    >>> nf.cholesky(nf.asarray([[4.0, 0.0], [0.0, 9.0]]))
    array([[2., 0.],
           [0., 3.]])
    """

"""Linear algebra: products, matrix properties and norms, decompositions, solvers, matrix functions.

The Array API standard's ``linalg`` extension and NumPy's and SciPy's functions beyond it; `numerics_fn.linalg`
(the standard's ``linalg`` namespace) re-exports those it names, and every one is also at top level.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "adjoint", "cholesky", "cond", "cross", "det", "diagonal", "dot", "eig", "eigh", "eigvals", "eigvalsh",
    "einsum", "expm", "inner", "inv", "kron", "logm", "lstsq", "matmul", "matrix_norm", "matrix_power",
    "matrix_rank", "norm", "outer", "pinv", "qr", "slogdet", "solve", "sqrtm", "svd", "svdvals", "tensordot",
    "trace", "vdot", "vecdot", "vector_norm",
]  # fmt: skip


# --- products --------------------------------------------------------------------------------------
@op
def matmul(x1: Any, x2: Any, /, *, ctx: Context | None = None) -> Any:
    """Matrix product with broadcasting over leading axes (``x1 @ x2``).

    >>> import numerics_fn as nf
    >>> nf.matmul(nf.eye(2), nf.asarray([[1.0], [2.0]]))
    array([[1.],
           [2.]])
    """


@op
def dot(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """NumPy's ``dot``: inner product of vectors, matrix product of 2-D arrays.

    >>> import numerics_fn as nf
    >>> float(nf.dot(nf.asarray([1.0, 2.0]), nf.asarray([3.0, 4.0])))
    11.0
    """


@op
def vdot(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """Dot product of the flattened arrays, the first complex-conjugated.

    >>> import numerics_fn as nf
    >>> complex(nf.vdot(nf.asarray([1j]), nf.asarray([1j])))
    (1+0j)
    """


@op
def inner(a: Any, b: Any, /, *, ctx: Context | None = None) -> Any:
    """Inner product over the last axes of ``a`` and ``b`` (no complex conjugation).

    >>> import numerics_fn as nf
    >>> int(nf.inner(nf.asarray([1, 2]), nf.asarray([3, 4])))
    11
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
def vecdot(x1: Any, x2: Any, /, *, axis: int = -1, ctx: Context | None = None) -> Any:
    """Dot product of vectors along ``axis``, conjugating ``x1`` (``sum(conj(x1) * x2, axis)``).

    >>> import numerics_fn as nf
    >>> float(nf.vecdot(nf.asarray([1.0, 2.0]), nf.asarray([3.0, 4.0])))
    11.0
    """


@op
def tensordot(a: Any, b: Any, /, axes: Any = 2, *, ctx: Context | None = None) -> Any:
    """Sum products over ``axes`` (an int: the last/first that many; or two sequences).

    >>> import numerics_fn as nf
    >>> nf.tensordot(nf.ones((2, 3)), nf.ones((3, 4)), axes=1).shape
    (2, 4)
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
def cross(x1: Any, x2: Any, /, *, axis: int = -1, ctx: Context | None = None) -> Any:
    """Cross product of 3-element vectors along ``axis``.

    >>> import numerics_fn as nf
    >>> nf.cross(nf.asarray([1.0, 0.0, 0.0]), nf.asarray([0.0, 1.0, 0.0]))
    array([0., 0., 1.])
    """


# --- matrix properties and norms -------------------------------------------------------------------
@op
def trace(a: Any, /, offset: int = 0, axis1: int = 0, axis2: int = 1, *, ctx: Context | None = None) -> Any:
    """Sum along a diagonal of ``a``.

    >>> import numerics_fn as nf
    >>> float(nf.trace(nf.eye(3)))
    3.0
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
def adjoint(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Conjugate transpose of the last two axes.

    >>> import numerics_fn as nf
    >>> nf.adjoint(nf.asarray([[1j, 2]]))
    array([[0.-1.j],
           [2.-0.j]])
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
def slogdet(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``(sign, logabsdet)`` of the determinant, without overflow (a named tuple).

    >>> import numerics_fn as nf
    >>> sign, logabsdet = nf.slogdet(nf.asarray([[-2.0, 0.0], [0.0, 1.0]]))
    >>> float(sign), round(float(logabsdet), 6)
    (-1.0, 0.693147)
    """


@op
def norm(x: Any, /, ord: Any = None, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Vector or matrix norm, with ``numpy.linalg.norm``'s ``ord`` and ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.norm(nf.asarray([3.0, 4.0])))
    5.0
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
def matrix_rank(x: Any, /, *, rtol: Any = None, ctx: Context | None = None) -> Any:
    """Rank of the matrices in the last two axes: singular values above ``rtol * largest`` count
    (``rtol`` default ``max(M, N) * eps``).

    >>> import numerics_fn as nf
    >>> int(nf.matrix_rank(nf.asarray([[1.0, 2.0], [2.0, 4.0]])))
    1
    """


@op
def cond(x: Any, /, p: Any = None, *, ctx: Context | None = None) -> Any:
    """Condition number of ``x``: the ratio of the largest to the smallest singular value (``p=None``
    or 2), ``-2`` for the inverse, or ``norm(x, p) * norm(inv(x), p)`` for ``p`` in ``1, -1, inf, -inf, "fro"``.

    >>> import numerics_fn as nf
    >>> float(nf.cond(nf.asarray([[2.0, 0.0], [0.0, 1.0]])))
    2.0
    """


# --- decompositions --------------------------------------------------------------------------------
@op
def cholesky(a: Any, /, *, upper: bool = False, ctx: Context | None = None) -> Any:
    """Cholesky factor of a positive-definite matrix (lower unless ``upper``).

    >>> import numerics_fn as nf
    >>> nf.cholesky(nf.asarray([[4.0, 0.0], [0.0, 9.0]]))
    array([[2., 0.],
           [0., 3.]])
    """


@op
def qr(a: Any, /, *, mode: str = "reduced", ctx: Context | None = None) -> Any:
    """QR decomposition; returns ``(Q, R)`` (``mode`` ``"reduced"`` or ``"complete"``), or R alone (``"r"``).

    >>> import numerics_fn as nf
    >>> Q, R = nf.qr(nf.eye(2))
    >>> bool(nf.allclose(nf.matmul(Q, R), nf.eye(2)))
    True

    Backend notes:
        cupynumeric: ``linalg.qr`` is reduced only; ``"complete"`` of a tall ``a`` is the reduced QR
        of ``[a | I]`` (its R cut to ``a``'s columns), in cuPyNumeric.
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
def svdvals(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Singular values, descending.

    >>> import numerics_fn as nf
    >>> nf.svdvals(nf.asarray([[3.0, 0.0], [0.0, 4.0]]))
    array([4., 3.])
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
def eigvals(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Eigenvalues of a general square matrix, always complex (as the standard asks).

    >>> import numerics_fn as nf
    >>> nf.eigvals(nf.asarray([[2.0, 0.0], [0.0, 1.0]]))
    array([2.+0.j, 1.+0.j])
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
def eigvalsh(x: Any, /, *, ctx: Context | None = None) -> Any:
    """Eigenvalues of a Hermitian (real symmetric) matrix, ascending and real.

    >>> import numerics_fn as nf
    >>> nf.eigvalsh(nf.asarray([[2.0, 0.0], [0.0, 1.0]]))
    array([1., 2.])
    """


# --- solvers ---------------------------------------------------------------------------------------
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
def pinv(x: Any, /, *, rtol: Any = None, ctx: Context | None = None) -> Any:
    """Moore-Penrose pseudo-inverse (singular values below ``rtol * largest`` are treated as zero).

    >>> import numerics_fn as nf
    >>> nf.pinv(nf.asarray([[2.0, 0.0], [0.0, 0.0]]))
    array([[0.5, 0. ],
           [0. , 0. ]])
    """


@op
def lstsq(a: Any, b: Any, /, rcond: Any = None, *, ctx: Context | None = None) -> Any:
    """``(x, residuals, rank, s)``: the least-squares solution of ``a @ x = b`` (the minimum-norm one
    where ``a`` is rank-deficient), the squared residual norms (empty unless ``a`` has full column rank
    and more rows than columns), ``a``'s effective rank and its singular values, as NumPy's
    ``linalg.lstsq``. Singular values below ``rcond * s.max()`` count as zero (default: machine
    epsilon times ``max(M, N)``).

    >>> import numerics_fn as nf
    >>> x, res, rank, s = nf.lstsq(nf.asarray([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), nf.asarray([1.0, 1.0, 2.0]))
    >>> nf.allclose(x, nf.asarray([1.0, 1.0])), int(rank)
    (True, 2)

    Backend notes:
        Composed from the SVD on every backend, so it gives NumPy's minimum-norm answer also where
        ``torch.linalg.lstsq``'s drivers would not (CUDA's ``gels`` assumes full rank).
    """


# --- matrix functions ------------------------------------------------------------------------------
@op
def matrix_power(x: Any, /, n: int, *, ctx: Context | None = None) -> Any:
    """The square matrix ``x`` raised to the integer power ``n`` (the inverse's power when negative).

    >>> import numerics_fn as nf
    >>> nf.matrix_power(nf.asarray([[1, 1], [0, 1]]), 3)
    array([[1, 3],
           [0, 1]])
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
def logm(a: Any, /, *, ctx: Context | None = None) -> Any:
    """The principal matrix logarithm of square ``a`` (SciPy's ``linalg.logm``): real for a real matrix
    whose eigenvalues are not negative reals, complex otherwise.

    >>> import numerics_fn as nf
    >>> nf.logm(nf.eye(2))
    array([[0., 0.],
           [0., 0.]])

    Backend notes:
        Every backend diagonalises (``eig``, ``eigh`` for Hermitian input): exact for normal
        matrices, accurate to the conditioning of the eigenvectors otherwise; a defective matrix
        (a non-trivial Jordan block) is outside what this computes.
    """


@op
def sqrtm(a: Any, /, *, ctx: Context | None = None) -> Any:
    """The principal square root of square ``a`` (``sqrtm(a) @ sqrtm(a) == a``; SciPy's ``linalg.sqrtm``):
    real for a real matrix whose eigenvalues are not negative reals, complex otherwise.

    >>> import numerics_fn as nf
    >>> nf.sqrtm(nf.asarray([[4.0, 0.0], [0.0, 9.0]]))
    array([[2., 0.],
           [0., 3.]])

    Backend notes:
        As `logm`: through the eigendecomposition, exact for normal matrices.
    """

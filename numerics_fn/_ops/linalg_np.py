"""NumPy's and SciPy's linear algebra beyond the standard's: least squares, condition numbers, and
the matrix logarithm and square root (``nf.linalg.lstsq``, ``nf.linalg.logm`` … and at top level)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["cond", "logm", "lstsq", "sqrtm"]


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


@op
def cond(x: Any, /, p: Any = None, *, ctx: Context | None = None) -> Any:
    """Condition number of ``x``: the ratio of the largest to the smallest singular value (``p=None``
    or 2), ``-2`` for the inverse, or ``norm(x, p) * norm(inv(x), p)`` for ``p`` in ``1, -1, inf, -inf, "fro"``.

    >>> import numerics_fn as nf
    >>> float(nf.cond(nf.asarray([[2.0, 0.0], [0.0, 1.0]])))
    2.0
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

"""``nf.linalg``: the Array API standard's ``linalg`` extension, dispatched like the catalogue.

Most entries are the catalogue's own functions (NumPy's ``norm``, ``lstsq``, ``cond`` and
SciPy's ``expm``, ``logm``, ``sqrtm`` among them, with NumPy's and SciPy's signatures). Where the
standard and the catalogue differ, a small function here calls the catalogue with the standard's
conventions: `svd` defaults to ``full_matrices=True``; `diagonal` and `trace` work on the last two
axes; `eigh`, `eig`, `qr`, `slogdet` and `svd` return named tuples.

>>> import numerics_fn as nf
>>> nf.linalg.eigh(nf.asarray([[2.0, 0.0], [0.0, 1.0]])).eigenvalues
array([1., 2.])
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ._ops import (
    cholesky,
    cond,
    cross,
    det,
    eigvals,
    eigvalsh,
    expm,
    inv,
    logm,
    lstsq,
    matmul,
    matrix_norm,
    matrix_power,
    matrix_rank,
    matrix_transpose,
    norm,
    outer,
    pinv,
    solve,
    sqrtm,
    svdvals,
    tensordot,
    vecdot,
    vector_norm,
)  # fmt: skip
from ._ops import diagonal as _diagonal
from ._ops import eig as _eig
from ._ops import eigh as _eigh
from ._ops import qr as _qr
from ._ops import slogdet as _slogdet
from ._ops import sum as _sum
from ._ops import svd as _svd

__all__ = [
    "EigResult", "EighResult", "QRResult", "SVDResult", "SlogdetResult", "cholesky", "cond", "cross", "det",
    "diagonal", "eig", "eigh", "eigvals", "eigvalsh", "expm", "inv", "logm", "lstsq", "matmul", "matrix_norm",
    "matrix_power", "matrix_rank", "matrix_transpose", "norm", "outer", "pinv", "qr", "slogdet", "solve", "sqrtm",
    "svd", "svdvals", "tensordot", "trace", "vecdot", "vector_norm",
]  # fmt: skip


class EighResult(NamedTuple):
    """`eigh`'s result."""

    eigenvalues: Any
    eigenvectors: Any


class EigResult(NamedTuple):
    """`eig`'s result."""

    eigenvalues: Any
    eigenvectors: Any


class QRResult(NamedTuple):
    """`qr`'s result."""

    Q: Any
    R: Any


class SlogdetResult(NamedTuple):
    """`slogdet`'s result."""

    sign: Any
    logabsdet: Any


class SVDResult(NamedTuple):
    """`svd`'s result."""

    U: Any
    S: Any
    Vh: Any


def svd(x: Any, /, *, full_matrices: bool = True) -> SVDResult:
    """``(U, S, Vh)`` with ``x = U @ diag(S) @ Vh``; full matrices by default, as the standard says.

    >>> import numerics_fn as nf
    >>> nf.linalg.svd(nf.eye(2)).S
    array([1., 1.])
    """
    return SVDResult(*_svd(x, full_matrices=full_matrices))


def eigh(x: Any, /) -> EighResult:
    """``(eigenvalues, eigenvectors)`` of a Hermitian matrix, eigenvalues ascending.

    >>> import numerics_fn as nf
    >>> nf.linalg.eigh(nf.eye(2)).eigenvalues
    array([1., 1.])
    """
    return EighResult(*_eigh(x))


def eig(x: Any, /) -> EigResult:
    """``(eigenvalues, eigenvectors)`` of a general square matrix, always complex.

    >>> import numerics_fn as nf
    >>> nf.linalg.eig(nf.eye(2)).eigenvalues
    array([1.+0.j, 1.+0.j])
    """
    w, v = _eig(x)
    complex_ = {"float32": "complex64", "float64": "complex128"}.get(str(w.dtype).removeprefix("torch."))
    if complex_ is not None:  # the standard's eig is complex even where the eigenvalues are real
        from ._ops import astype

        w, v = astype(w, complex_), astype(v, complex_)
    return EigResult(w, v)


def qr(x: Any, /, *, mode: str = "reduced") -> QRResult:
    """``(Q, R)`` with ``x = Q @ R`` (``mode`` ``"reduced"`` or ``"complete"``).

    >>> import numerics_fn as nf
    >>> nf.linalg.qr(nf.eye(2)).R.shape
    (2, 2)
    """
    return QRResult(*_qr(x, mode=mode))


def slogdet(x: Any, /) -> SlogdetResult:
    """``(sign, logabsdet)`` of the determinant.

    >>> import numerics_fn as nf
    >>> float(nf.linalg.slogdet(nf.eye(2)).logabsdet)
    0.0
    """
    return SlogdetResult(*_slogdet(x))


def diagonal(x: Any, /, *, offset: int = 0) -> Any:
    """The ``offset``-th diagonal of the matrices in the last two axes.

    >>> import numerics_fn as nf
    >>> nf.linalg.diagonal(nf.asarray([[1, 2], [3, 4]]), offset=1)
    array([2])
    """
    return _diagonal(x, offset, -2, -1)


def trace(x: Any, /, *, offset: int = 0, dtype: Any = None) -> Any:
    """Sum of the ``offset``-th diagonal of the matrices in the last two axes (dtype as `sum`'s).

    >>> import numerics_fn as nf
    >>> int(nf.linalg.trace(nf.asarray([[1, 2], [3, 4]])))
    5
    """
    return _sum(_diagonal(x, offset, -2, -1), -1, dtype)

"""Linear algebra, for NumPy and cuPyNumeric: functions taking the library module ``xp`` first. What a library
lacks (cuPyNumeric 26.6: ``kron``, ``linalg.det``, QR's ``mode``, SVD of wide matrices...) is composed here from
its operations, on its arrays."""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from types import MethodType
from typing import Any

import numpy as np

from ... import _ops as ops
from .binding import Entry, LibraryOr, OrHost, on_host, or_host
from .core import check_assume_a, check_lstsq_shapes, checked_optimize
from .reductions import prod_by_halving

__all__ = [
    "TABLE", "det_from_eigvals", "expm_pade13", "kron_by_broadcasting", "qr_without_mode", "reduced_svd",
    "svd_by_transpose",
]  # fmt: skip

# Padé(13) coefficients and the 1-norm bound for squaring (Higham 2005, "The scaling and squaring
# method for the matrix exponential revisited").
_PADE13 = (
    64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
    10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0,
)  # fmt: skip
_THETA13 = 5.371920351148152


def expm_pade13(xp: Any, a: Any) -> Any:
    """Matrix exponential by Padé(13) with scaling and squaring, from ``xp`` operations only."""
    if a.size == 0:  # nothing to exponentiate: an empty result of a's shape
        return xp.array(a, copy=True)
    norm1 = float(xp.max(xp.sum(xp.abs(a), axis=-2)))
    squarings = max(0, math.ceil(math.log2(norm1 / _THETA13))) if norm1 > _THETA13 else 0
    a = a / (2.0**squarings)
    b = _PADE13
    ident = xp.eye(a.shape[-1], dtype=a.dtype)
    a2 = a @ a
    a4 = a2 @ a2
    a6 = a4 @ a2
    u = a @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * ident)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * ident
    result = xp.linalg.solve(v - u, v + u)
    for _ in range(squarings):
        result = result @ result
    return result


def kron_by_broadcasting(xp: Any, a: Any, b: Any) -> Any:
    """Kronecker product from ``xp`` broadcasting and reshape (for libraries without ``kron``)."""
    nd = max(a.ndim, b.ndim)
    sa, sb = (1,) * (nd - a.ndim) + a.shape, (1,) * (nd - b.ndim) + b.shape
    # a as (a0, 1, a1, 1, ...) times b as (1, b0, 1, b1, ...): element [i0, j0, i1, j1, ...] = a[i] * b[j]
    product = xp.reshape(a, [d for s in sa for d in (s, 1)]) * xp.reshape(b, [d for s in sb for d in (1, s)])
    return xp.reshape(product, tuple(x * y for x, y in zip(sa, sb, strict=True)))


def det_from_eigvals(xp: Any, a: Any) -> Any:
    """Determinant as the product of the eigenvalues (for libraries without ``linalg.det``).

    The eigenvalues come from a backward-stable Schur factorisation, so their product is the exact
    determinant of a nearby matrix, as with LU; a real input gives the real part (the imaginary part
    of a product of conjugate pairs is rounding).
    """
    out = prod_by_halving(xp, xp.linalg.eigvals(a), axis=-1)
    return out.real if a.dtype.kind != "c" else out


def each_matrix(xp: Any, f: Callable[[Any], Any], a: Any) -> Any:
    """``f`` of each matrix of the stack ``a``, stacked (for a library whose factorisation takes one matrix: f
    returns an array or a tuple of arrays)."""
    if a.ndim <= 2:
        return f(a)
    lead = a.shape[:-2]
    outs = [f(m) for m in a.reshape((-1, *a.shape[-2:]))]

    def stacked(parts: Any) -> Any:
        return xp.stack(parts).reshape((*lead, *parts[0].shape))

    return tuple(map(stacked, zip(*outs, strict=True))) if isinstance(outs[0], tuple) else stacked(outs)


def qr_without_mode(xp: Any, a: Any, mode: str) -> Any:
    """``qr(a, mode)`` from a reduced-only ``xp.linalg.qr`` of one matrix: for ``"complete"`` with more rows
    than columns, the reduced QR of ``[a | I]`` is a complete QR of ``a`` (its first columns are ``a``'s);
    ``"r"`` is the reduced R alone."""
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"qr: mode={mode!r} is not supported; use 'reduced', 'complete' or 'r'")
    if a.ndim > 2:
        return each_matrix(xp, functools.partial(qr_without_mode, xp, mode=mode), a)
    if mode == "r":
        return xp.linalg.qr(a)[1]
    m, n = a.shape[-2], a.shape[-1]
    if mode == "reduced" or m <= n:
        return tuple(xp.linalg.qr(a))
    ident = xp.broadcast_to(xp.eye(m, dtype=a.dtype), (*a.shape[:-2], m, m))
    q, r = xp.linalg.qr(xp.concatenate([a, ident], axis=-1))
    return q, r[..., :n]


@functools.cache
def _qr_takes_mode(xp: Any) -> bool:
    return "mode" in inspect.signature(xp.linalg.qr).parameters  # (cuPyNumeric 26.6: reduced QR only)


def qr(xp: Any, a: Any, mode: str) -> Any:
    if not _qr_takes_mode(xp):
        return qr_without_mode(xp, a, mode)
    out = xp.linalg.qr(a, mode=mode)
    return out if mode == "r" else tuple(out)  # mode="r": R alone (tuple() would split its rows)


def svd_by_transpose(xp: Any, a: Any, full_matrices: bool) -> tuple[Any, Any, Any]:
    """The SVD of a wide matrix from its conjugate transpose's (cuPyNumeric 26.6 takes M >= N only)."""
    u, s, vh = xp.linalg.svd(xp.conj(a.T), full_matrices=full_matrices)
    return xp.conj(vh.T), s, xp.conj(u.T)


def reduced_svd(xp: Any, a: Any) -> tuple[Any, Any, Any]:
    """The reduced SVD of a matrix, a wide one's from its conjugate transpose's on every library."""
    if a.shape[-2] >= a.shape[-1]:
        u, s, vh = xp.linalg.svd(a, full_matrices=False)
        return u, s, vh
    return svd_by_transpose(xp, a, False)


def svd(xp: Any, a: Any, full_matrices: bool) -> Any:
    if xp is np:
        return tuple(np.linalg.svd(a, full_matrices=full_matrices))

    def one(m: Any) -> Any:  # (cuPyNumeric 26.6: one matrix of M >= N at a time)
        if m.shape[0] < m.shape[1]:
            return svd_by_transpose(xp, m, full_matrices)
        return tuple(xp.linalg.svd(m, full_matrices=full_matrices))

    return each_matrix(xp, one, a)


def eig(xp: Any, a: Any) -> Any:
    w, v = xp.linalg.eig(a)
    if a.dtype.kind != "c" and w.dtype.kind == "c" and not (xp.any(w.imag) or xp.any(v.imag)):
        # real where every imaginary part is 0, as NumPy (cuPyNumeric's eig is always complex)
        return w.real.copy(), v.real.copy()
    return w, v


def eigh(xp: Any, a: Any, uplo: str) -> Any:
    return tuple(xp.linalg.eigh(a, UPLO=uplo))


def adjoint(xp: Any, a: Any) -> Any:
    return xp.conj(xp.swapaxes(a, -1, -2))


def cholesky(xp: Any, a: Any, upper: bool) -> Any:
    low = xp.linalg.cholesky(a)
    return adjoint(xp, low) if upper else low


def solve(xp: Any, a: Any, b: Any, assume_a: str) -> Any:
    if check_assume_a(assume_a) == "pos":
        low = xp.linalg.cholesky(a)  # raises LinAlgError unless a is positive definite
        return xp.linalg.solve(adjoint(xp, low), xp.linalg.solve(low, b))
    return xp.linalg.solve(a, b)


def einsum(xp: Any, subscripts: Any, *rest: Any) -> Any:
    optimize = rest[-1]  # the operands, then optimize
    if optimize is False:
        return xp.einsum(subscripts, *rest[:-1])
    return xp.einsum(subscripts, *rest[:-1], optimize=checked_optimize(optimize))


def vecdot(xp: Any, x1: Any, x2: Any, axis: int) -> Any:
    if not hasattr(xp, "vecdot"):
        return xp.sum(xp.conj(x1) * x2, axis=axis)
    return xp.vecdot(x1, x2, axis=axis)


def cross(xp: Any, x1: Any, x2: Any, axis: int) -> Any:
    return xp.cross(x1, x2, axis=axis)


def diagonal(xp: Any, a: Any, offset: int, axis1: int, axis2: int) -> Any:
    return xp.diagonal(a, offset, axis1 % a.ndim, axis2 % a.ndim)  # cuPyNumeric takes no negative axes


def eigvals(xp: Any, x: Any) -> Any:
    w = xp.linalg.eigvals(x)
    return w if w.dtype.kind == "c" else w.astype(np.result_type(w.dtype, np.complex64))


def matrix_norm(xp: Any, x: Any, keepdims: bool, ord_: Any) -> Any:
    if not hasattr(xp.linalg, "matrix_norm"):
        return xp.linalg.norm(x, ord=ord_, axis=(-2, -1), keepdims=keepdims)
    return xp.linalg.matrix_norm(x, keepdims=keepdims, ord=ord_)


def _vector_norm(xp: Any, x: Any, axis: Any, keepdims: bool, ord_: Any) -> Any:
    """The standard's vector norm from ``xp``'s reductions (for libraries without linalg.vector_norm)."""
    shape = None
    if axis is None:
        shape, x, axis = (1,) * x.ndim, xp.reshape(x, (-1,)), 0
    if x.dtype.kind in "biu":  # NumPy's norm of integers is float64 (their squares would overflow)
        x = x.astype(np.float64)
    a = xp.abs(x)
    if ord_ in (float("inf"), -float("inf")):
        if ord_ > 0:  # NumPy: max(..., initial=0), so an empty vector's norm is 0
            out = (
                xp.max(a, axis=axis, keepdims=keepdims, initial=0)
                if a.size == 0
                else xp.max(a, axis=axis, keepdims=keepdims)
            )
        else:
            out = xp.min(a, axis=axis, keepdims=keepdims)
        if a.size and a.dtype.kind == "f":  # NaN wins, as in NumPy's max and min
            out = xp.where(xp.any(xp.isnan(a), axis=axis, keepdims=keepdims), xp.full((), np.nan, a.dtype), out)
    elif ord_ == 0:
        out = xp.sum(a != 0, axis=axis, keepdims=keepdims).astype(a.dtype)
    else:
        out = xp.sum(a**ord_, axis=axis, keepdims=keepdims) ** (1.0 / ord_)
    return xp.reshape(out, shape) if keepdims and shape is not None else out


def vector_norm(xp: Any, x: Any, axis: Any, keepdims: bool, ord_: Any) -> Any:
    if not hasattr(xp.linalg, "vector_norm"):
        return _vector_norm(xp, x, axis, keepdims, ord_)
    return xp.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord_)


def svdvals(xp: Any, x: Any) -> Any:
    if not hasattr(xp.linalg, "svdvals"):
        return xp.linalg.svd(x)[1]
    return xp.linalg.svdvals(x)


def matrix_rank(xp: Any, x: Any, rtol: Any) -> Any:
    if not hasattr(xp.linalg, "matrix_rank"):  # from the singular values, as NumPy's
        s = or_host(xp, MethodType(svdvals, xp), MethodType(svdvals, np))(x)
        factor = max(x.shape[-2:]) * np.finfo(s.dtype).eps if rtol is None else xp.asarray(rtol)[..., None]
        return xp.sum(s > factor * xp.max(s, axis=-1, keepdims=True), axis=-1)
    return xp.linalg.matrix_rank(x, rtol=rtol)


def pinv(xp: Any, x: Any, rtol: Any) -> Any:
    if x.dtype.kind in "biu":  # NumPy's pinv raises finfo's "not inexact" from inside: said here, with the fix
        raise ValueError(f"pinv: data type {x.dtype} is not inexact (as in NumPy); cast to a floating dtype first")
    if xp is np:
        return np.linalg.pinv(x, rtol=rtol)
    if rtol is None:  # NumPy's default: max(M, N) * eps
        rtol = max(x.shape[-2:]) * float(np.finfo(x.dtype).eps)
    out = xp.linalg.pinv(x, rtol=rtol)
    return out if out.dtype == x.dtype else out.astype(x.dtype)  # (cuPyNumeric 26.6: float64 for float32)


def slogdet(xp: Any, x: Any) -> Any:
    if not hasattr(xp.linalg, "slogdet"):
        return on_host(xp, lambda a: tuple(np.linalg.slogdet(a)))(x)
    return tuple(xp.linalg.slogdet(x))


def lstsq(xp: Any, a: Any, b: Any, rcond: Any) -> Any:
    check_lstsq_shapes(a.shape, b.shape)
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    m, n = a.shape[-2], a.shape[-1]
    vector = b.ndim == 1
    bb = b[:, None] if vector else b
    dt = np.result_type(a.dtype, bb.dtype)
    a, bb = a.astype(dt, copy=False), bb.astype(dt, copy=False)
    u, s, vh = reduced_svd(xp, a)
    if rcond is None:
        rcond = np.finfo(s.dtype).eps * max(m, n)
    cutoff = rcond * (xp.max(s) if s.size else 0)
    keep = s > cutoff
    rank = int(xp.sum(keep))
    s_inv = xp.where(keep, 1 / xp.where(keep, s, 1), 0).astype(s.dtype)
    x = xp.conj(vh).T @ (s_inv[:, None] * (xp.conj(u).T @ bb))
    if rank == n and m > n:
        r = bb - a @ x
        residuals = xp.sum((r.real**2 + r.imag**2) if r.dtype.kind == "c" else r * r, axis=0)
    else:
        residuals = xp.zeros((0,), dtype=s.dtype)
    return (x[:, 0] if vector else x), residuals, rank, s


def cond(xp: Any, x: Any, p: Any) -> Any:
    if xp is np:
        return np.linalg.cond(x, p)
    if x.ndim > 2:  # cuPyNumeric 26.6 takes no stacks of matrices: one at a time
        flat = xp.reshape(x, (-1, *x.shape[-2:]))
        return xp.reshape(xp.stack([cond(xp, m, p) for m in flat]), x.shape[:-2])
    if p is None or p in (2, -2):
        s = reduced_svd(xp, x)[1]
        return s[..., -1] / s[..., 0] if p == -2 else s[..., 0] / s[..., -1]
    return xp.linalg.norm(x, p, axis=(-2, -1)) * xp.linalg.norm(xp.linalg.inv(x), p, axis=(-2, -1))


def _matrix_function(xp: Any, a: Any, f: Callable[[Any], Any], op: str) -> Any:
    """``f`` of square ``a`` through its eigendecomposition: real where ``a`` is real and no eigenvalue
    is a negative real (``f``'s principal branch is then real on the spectrum's conjugate pairs)."""
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{op}: argument 'a' must be a square matrix, got shape {tuple(a.shape)}")
    if a.dtype.kind in "biu":
        a = a.astype(np.float64)
    w, v = xp.linalg.eig(a)
    w = w.astype(np.result_type(w.dtype, np.complex64))
    v = v.astype(w.dtype)
    out = xp.linalg.solve(xp.swapaxes(v, -1, -2), xp.swapaxes(v * f(w)[..., None, :], -1, -2))
    out = xp.swapaxes(out, -1, -2)
    if a.dtype.kind != "c" and not bool(xp.any((w.imag == 0) & (w.real < 0))):
        return out.real.astype(a.dtype)
    return out


def logm(xp: Any, a: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # log(0) = -inf is the answer there
        return _matrix_function(xp, a, xp.log, "logm")


def sqrtm(xp: Any, a: Any) -> Any:
    return _matrix_function(xp, a, xp.sqrt, "sqrtm")


def inner(xp: Any, a: Any, b: Any) -> Any:
    if xp is not np and a.dtype.kind == "b" and b.dtype.kind == "b":  # cuPyNumeric 26.6: no bool kernel
        return xp.inner(a.astype(np.float64), b.astype(np.float64)) != 0
    return xp.inner(a, b)


TABLE: tuple[Entry, ...] = (
    (ops.matmul, "matmul"),
    (ops.einsum, einsum),
    (ops.inv, "linalg.inv"),
    (ops.det, LibraryOr("linalg.det", det_from_eigvals)),
    (ops.svd, svd),
    (ops.qr, qr),
    (ops.eig, eig),
    (ops.eigh, eigh),
    (ops.cholesky, cholesky),
    (ops.solve, solve),
    (ops.expm, expm_pade13),
    (ops.outer, "outer"),
    (ops.kron, LibraryOr("kron", kron_by_broadcasting)),
    (ops.tensordot, "tensordot"),
    (ops.trace, "trace"),
    (ops.dot, "dot"),
    (ops.adjoint, adjoint),
    (ops.diag, "diag"),
    (ops.vecdot, vecdot),
    (ops.cross, cross),
    (ops.diagonal, diagonal),
    (ops.eigvalsh, "linalg.eigvalsh"),
    (ops.eigvals, eigvals),
    (ops.matrix_norm, OrHost(matrix_norm)),
    (ops.vector_norm, vector_norm),
    (ops.matrix_power, OrHost("linalg.matrix_power")),
    (ops.matrix_rank, OrHost(matrix_rank)),
    (ops.pinv, OrHost(pinv)),
    (ops.slogdet, slogdet),
    (ops.svdvals, OrHost(svdvals)),
    (ops.lstsq, lstsq),
    (ops.cond, cond),
    (ops.logm, logm),
    (ops.sqrtm, sqrtm),
    (ops.inner, inner),
    (ops.vdot, "vdot"),
)

"""Linear algebra: products (``matmul``, ``einsum``, ``dot``, ``tensordot``, ``kron``, ...) after NumPy's
promotion (integer and bool products in int64, where torch has no kernel), decompositions and solvers
in NumPy's inexact dtype (``float64`` for integers), norms, ``lstsq`` and ``polyfit``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._dispatch import implements_on, shortcut
from ..numpy_like.core import check_assume_a, check_lstsq_shapes, checked_optimize
from .dtypes import (
    _INEXACT,
    _NAME_OF_TORCH,
    _NUMPY_OF_TORCH,
    _UNSIGNED,
    _WIDE_UINTS,
    _common_dtype,
    _inexact,
    _promote2,
    _same,
    _unify,
)
from .semantics import NAME, T, _axes, _bits, _int64, _wide_uints, on

__all__: list[str] = []


_matmul = torch.matmul  # bound once: each ``torch.<name>`` is a lookup in a large dict
# `_vf_einsum` is the C function under `torch.einsum`, whose Python wrapper (sublist parsing,
# ``__torch_function__`` of subclasses, path planning for three or more operands) adds to every call
# (torch's stubs do not list it).
_vf_einsum = torch._C._VariableFunctions.einsum  # type: ignore[attr-defined]
_is_compiling = torch.compiler.is_compiling  # Dynamo cannot trace `_vf_einsum`; it takes torch.einsum


def _promoting(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    """``fn`` of two tensors after NumPy's promotion of their dtypes (torch's differs). A closure, not a
    frozen dataclass: calling a function costs less than calling an instance."""

    def impl(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        if x1.dtype is not x2.dtype:
            x1, x2 = _promote2(x1, x2)
        return fn(x1, x2)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


implements_on(ops.kron, T, NAME)(_promoting(torch.kron, "kron"))


@implements_on(ops.outer, T, NAME)
def torch_outer(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    return torch.outer(a.reshape(-1), b.reshape(-1))  # NumPy flattens; torch wants vectors


@implements_on(ops.tensordot, T, NAME)
def torch_tensordot(a: torch.Tensor, b: torch.Tensor, axes: Any) -> torch.Tensor:
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    if not isinstance(axes, int):
        axes = tuple([ax] if isinstance(ax, int) else list(ax) for ax in axes)
    if a.dtype in _NO_PRODUCT:
        return integer_product(functools.partial(torch.tensordot, dims=axes), a, b)
    return torch.tensordot(a, b, dims=axes)


@implements_on(ops.dot, T, NAME)
def torch_dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    if a.dtype in _NO_PRODUCT:
        return integer_product(torch_dot, a, b)
    na, nb = a.ndim, b.ndim  # each read of a tensor attribute has a cost: once each
    if na == 0 or nb == 0:
        return a * b
    if nb == 1 or na == 1 or (na == 2 and nb == 2):
        return _matmul(a, b)
    return torch.tensordot(a, b, dims=([na - 1], [nb - 2]))  # NumPy's N-D dot: no batching


@implements_on(ops.adjoint, T, NAME)
def torch_adjoint(a: torch.Tensor) -> torch.Tensor:
    return a.mH if a.dtype is not torch.bool else a.mT.to(torch.int8)  # NumPy's conj of bool is int8


@implements_on(ops.norm, T, NAME)
def torch_norm(x: torch.Tensor, ord_: Any, axis: Any, keepdims: bool) -> torch.Tensor:
    _axes(x, axis, "norm", ufunc=False)
    try:
        return torch.linalg.norm(_inexact(x), ord_, axis, keepdims)
    except RuntimeError as err:  # an order or a number of axes the norm is not defined for: NumPy's ValueError
        raise ValueError(f"norm: {err}") from err


def torch_matmul(x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
    # NumPy promotes two dtypes; torch.matmul rejects them, except where a batched operand is empty (an empty
    # batch, or a contracted axis of length 0), where it silently gives the second operand's dtype
    if x1.dtype is not x2.dtype:
        x1, x2 = _promote2(x1, x2)
    if x1.dtype in _NO_PRODUCT:
        return integer_product(_matmul, x1, x2)
    return _matmul(x1, x2)


# dtypes torch has no matrix product for: computed in int64 (modular, as NumPy's), bool as "any a and b"
_NO_PRODUCT = frozenset({torch.bool, *_WIDE_UINTS})
_PRODUCT_NATIVE = frozenset(_NUMPY_OF_TORCH) - _NO_PRODUCT


def integer_product(fn: Callable[..., torch.Tensor], *xs: torch.Tensor) -> torch.Tensor:
    """``fn`` (a product: matmul, einsum, tensordot) of bool or uint16/32/64 tensors of one dtype, in int64."""
    d = xs[0].dtype
    out = fn(*(_bits(x) for x in xs))
    if d is torch.bool:
        return out != 0
    return out.view(torch.uint64) if d is torch.uint64 else out.to(d)


# in C: torch.matmul for operands of one dtype, the implementation above for the rest
implements_on(ops.matmul, T, NAME)(
    shortcut(_matmul, torch_matmul, _PRODUCT_NATIVE, (), n_leading=2, same_dtype=True, array_type=T)
)


@implements_on(ops.einsum, T, NAME)
def torch_einsum(subscripts: str, *rest: Any) -> torch.Tensor:
    *operands, optimize = rest
    checked_optimize(optimize)  # (torch orders the contractions itself: opt_einsum where installed)
    # NumPy's common dtype first: torch.einsum rejects two dtypes, except for empty operands, where it silently
    # gives one of them
    if not operands:
        raise ValueError("must specify the einstein sum subscripts string and at least one operand")  # NumPy's
    unified = _unify(operands)
    if unified and unified[0].dtype in _NO_PRODUCT:
        return integer_product(functools.partial(torch.einsum, subscripts), *unified)
    if len(unified) == 2:
        x, y = unified
        if x.__class__ is T and y.__class__ is T and not _is_compiling():
            # what torch.einsum does for two plain tensors, without its Python layer (subclasses
            # keep it: their __torch_function__ sees torch.einsum; so does torch.compile, which
            # cannot trace the C function)
            return _vf_einsum(subscripts, unified)
    return torch.einsum(subscripts, *unified)


@implements_on(ops.svd, T, NAME)
def torch_svd(a: torch.Tensor, full_matrices: bool) -> tuple[torch.Tensor, ...]:
    return tuple(torch.linalg.svd(_inexact(a), full_matrices=full_matrices))


@implements_on(ops.qr, T, NAME)
def torch_qr(a: torch.Tensor, mode: str) -> Any:
    q, r = torch.linalg.qr(_inexact(a), mode=mode)
    return r if mode == "r" else (q, r)  # NumPy's mode="r" returns R alone


@implements_on(ops.eigh, T, NAME)
def torch_eigh(a: torch.Tensor, uplo: str) -> tuple[torch.Tensor, ...]:
    return tuple(torch.linalg.eigh(_inexact(a), UPLO=uplo))


@implements_on(ops.eig, T, NAME)
def torch_eig(a: torch.Tensor) -> tuple[torch.Tensor, ...]:
    w, v = torch.linalg.eig(_inexact(a))
    # torch always returns complex; NumPy returns real arrays for real input with real eigenvalues.
    if not a.is_complex() and not bool(w.imag.any()):
        return w.real, v.real
    return w, v


@implements_on(ops.solve, T, NAME)
def torch_solve(a: torch.Tensor, b: torch.Tensor, assume_a: str) -> torch.Tensor:
    kind = check_assume_a(assume_a)
    a, b = _inexact(a), _inexact(b)
    if a.dtype is not b.dtype:
        a, b = _promote2(a, b)
    vector = b.ndim == 1  # NumPy 2: only a 1-D b is a vector
    rhs = b.unsqueeze(-1) if vector else b
    # "pos": Cholesky (torch.linalg.LinAlgError unless a is positive definite); others: LU
    x = torch.cholesky_solve(rhs, torch.linalg.cholesky(a)) if kind == "pos" else torch.linalg.solve(a, rhs)
    return x.squeeze(-1) if vector else x


def linalg_input(a: torch.Tensor, op: str) -> torch.Tensor:
    """``a`` as the inexact dtype NumPy's linalg computes in; TypeError for float16, as NumPy's (torch has
    no float16 kernels: NotImplementedError or RuntimeError)."""
    if a.dtype is torch.float16:
        raise TypeError(f"{op}: array type float16 is unsupported in linalg (as in NumPy); cast to float32 first")
    return _inexact(a)


@implements_on(ops.inv, T, NAME)
def torch_inv(a: torch.Tensor) -> torch.Tensor:
    return torch.linalg.inv(linalg_input(a, "inv"))


@implements_on(ops.det, T, NAME)
def torch_det(a: torch.Tensor) -> torch.Tensor:
    return torch.linalg.det(linalg_input(a, "det"))


@implements_on(ops.expm, T, NAME)
def torch_expm(a: torch.Tensor) -> torch.Tensor:
    return torch.linalg.matrix_exp(_inexact(a))


@implements_on(ops.cholesky, T, NAME)
def torch_cholesky(a: torch.Tensor, upper: bool) -> torch.Tensor:
    out = torch.linalg.cholesky(linalg_input(a, "cholesky"), upper=upper)
    if out.is_complex():  # zero parts are +0 in NumPy's (LAPACK's) factor; torch's diagonal has -0j at times
        out = torch.complex(out.real + 0.0, out.imag + 0.0)
    return out


@on(ops.vecdot)
def torch_vecdot(x1: torch.Tensor, x2: torch.Tensor, axis: int) -> torch.Tensor:
    x1, x2 = _same(x1, x2)
    if x1.shape[axis] != x2.shape[axis]:
        raise ValueError(f"vecdot: axis {axis} has length {x1.shape[axis]} in x1 but {x2.shape[axis]} in x2")
    if x1.dtype in _INEXACT:
        return torch.linalg.vecdot(x1, x2, dim=axis)
    y1, y2 = _int64(x1, x2)  # integers: torch.linalg.vecdot takes floats only
    return torch.sum(y1 * y2, dim=axis, dtype=y1.dtype).to(x1.dtype)


@on(ops.cross)
def torch_cross(x1: torch.Tensor, x2: torch.Tensor, axis: int) -> torch.Tensor:
    if x1.dtype is torch.bool and x2.dtype is torch.bool:
        raise TypeError("cross: not defined for bool (as in NumPy: bool subtract); cast to an integer dtype first")
    x1, x2 = torch.broadcast_tensors(*_same(x1, x2))  # torch wants one shape; the standard broadcasts
    return _wide_uints(lambda a, b: torch.linalg.cross(a, b, dim=axis))(x1, x2)


@on(ops.diagonal)
def torch_diagonal(a: torch.Tensor, offset: int, axis1: int, axis2: int) -> torch.Tensor:
    return torch.diagonal(a, offset, axis1, axis2)


@on(ops.eigvalsh)
def torch_eigvalsh(x: torch.Tensor) -> torch.Tensor:
    return torch.linalg.eigvalsh(_inexact(x))


@on(ops.eigvals)
def torch_eigvals(x: torch.Tensor) -> torch.Tensor:
    return torch.linalg.eigvals(_inexact(x))


@on(ops.matrix_norm)
def torch_matrix_norm(x: torch.Tensor, keepdims: bool, ord_: Any) -> torch.Tensor:
    return torch.linalg.matrix_norm(_inexact(x), ord=ord_, keepdim=keepdims)


@on(ops.vector_norm)
def torch_vector_norm(x: torch.Tensor, axis: Any, keepdims: bool, ord_: Any) -> torch.Tensor:
    _axes(x, axis, "vector_norm", ufunc=False)
    if axis == ():  # no axis reduced: the norm of each element alone (torch would reduce every axis)
        a = torch.abs(_inexact(x))
        return (a != 0).to(a.dtype) if ord_ == 0 else a
    if ord_ == float("inf") and x.numel() == 0:  # NumPy's max(|x|, initial=0): 0 (torch refuses)
        return torch.linalg.vector_norm(_inexact(x), ord=1, dim=axis, keepdim=keepdims)
    return torch.linalg.vector_norm(_inexact(x), ord=ord_, dim=axis, keepdim=keepdims)


@on(ops.matrix_power)
def torch_matrix_power(x: torch.Tensor, n: int) -> torch.Tensor:
    if x.dtype is torch.bool and n >= 0:  # no torch kernel: products of 0/1 counts, nonzero is True
        return torch.linalg.matrix_power(x.to(torch.int64), n) != 0
    return torch.linalg.matrix_power(x if n >= 0 else linalg_input(x, "matrix_power"), n)


@on(ops.matrix_rank)
def torch_matrix_rank(x: torch.Tensor, rtol: Any) -> torch.Tensor:
    return torch.linalg.matrix_rank(linalg_input(x, "matrix_rank"), rtol=rtol)


@on(ops.pinv)
def torch_pinv(x: torch.Tensor, rtol: Any) -> torch.Tensor:
    if not (x.is_floating_point() or x.is_complex()):  # NumPy's pinv computes in x's dtype: floating ones only
        raise ValueError(
            f"pinv: data type {_NAME_OF_TORCH[x.dtype]} is not inexact (as in NumPy); cast to a floating dtype first"
        )
    return torch.linalg.pinv(linalg_input(x, "pinv"), rtol=rtol)


@on(ops.slogdet)
def torch_slogdet(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    sign, logabsdet = torch.linalg.slogdet(linalg_input(x, "slogdet"))
    return sign, logabsdet


@on(ops.svdvals)
def torch_svdvals(x: torch.Tensor) -> torch.Tensor:
    return torch.linalg.svdvals(linalg_input(x, "svdvals"))


@on(ops.inner)
def torch_inner(a: T, b: T) -> T:
    a, b = _unify((a, b))
    if a.dtype == torch.bool:
        return torch.inner(a.to(torch.int64), b.to(torch.int64)) != 0
    if a.dtype in _UNSIGNED:
        return torch.inner(a.to(torch.int64), b.to(torch.int64)).to(a.dtype)
    return torch.inner(a, b)


@on(ops.vdot)
def torch_vdot(a: T, b: T) -> T:
    a, b = _unify((a.reshape(-1), b.reshape(-1)))
    if a.dtype == torch.bool:
        return (a & b).any()
    if a.dtype in _UNSIGNED or not (a.is_floating_point() or a.is_complex()):
        return (a.to(torch.int64) * b.to(torch.int64)).sum().to(a.dtype)
    return torch.vdot(a, b)


def _lstsq(a: T, b: T, rcond: Any) -> tuple[T, T, int, T]:
    check_lstsq_shapes(a.shape, b.shape)
    a = _inexact(a)
    m, n = a.shape[-2], a.shape[-1]
    vector = b.ndim == 1
    bb = b[:, None] if vector else b
    dt = _common_dtype(a.dtype, bb.dtype)
    a, bb = a.to(dt), bb.to(dt)
    u, s, vh = torch.linalg.svd(a, full_matrices=False)
    if rcond is None:
        rcond = torch.finfo(s.dtype).eps * max(m, n)
    cutoff = rcond * (s.max() if s.numel() else 0)
    keep = s > cutoff
    rank = int(keep.sum())
    s_inv = torch.where(keep, 1 / torch.where(keep, s, 1), 0).to(s.dtype)
    x = vh.mH @ (s_inv[:, None].to(dt) * (u.mH @ bb))
    if rank == n and m > n:
        r = bb - a @ x
        residuals = (r.real**2 + r.imag**2 if r.is_complex() else r * r).sum(dim=0)
    else:
        residuals = torch.zeros(0, dtype=s.dtype, device=a.device)
    return (x[:, 0] if vector else x), residuals, rank, s


@on(ops.lstsq)
def torch_lstsq(a: T, b: T, rcond: Any) -> tuple[T, T, int, T]:
    return _lstsq(a, b, rcond)


@on(ops.polyfit)
def torch_polyfit(x: T, y: T, deg: int) -> T:
    deg = int(deg)
    if deg < 0:
        raise ValueError(f"polyfit: expected deg >= 0, got {deg}")
    x = x.to(_common_dtype(x.dtype, torch.float64))
    y = y.to(_common_dtype(y.dtype, torch.float64))
    columns = [torch.ones_like(x)]  # powers by products: torch's complex 0 ** 0 is nan, NumPy's 1
    for _ in range(deg):
        columns.append(columns[-1] * x)
    lhs = torch.stack(columns[::-1], dim=1)
    scale = torch.sqrt((lhs.abs() ** 2).sum(dim=0))  # NumPy's: the moduli for complex x
    c = _lstsq(lhs / scale, y, x.shape[0] * torch.finfo(x.dtype).eps)[0]
    return c / (scale if c.ndim == 1 else scale[:, None])


@on(ops.cond)
def torch_cond(x: T, p: Any) -> T:
    if x.numel() == 0:
        raise np.linalg.LinAlgError("cond: cond is not defined on empty arrays")
    return torch.linalg.cond(_inexact(x), p)


def _matrix_function(a: T, f: Callable[[T], T], op: str) -> T:
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"{op}: argument 'a' must be a square matrix, got shape {tuple(a.shape)}")
    a = _inexact(a)
    w, v = torch.linalg.eig(a)
    out = torch.linalg.solve(v.mT, (v * f(w)[..., None, :]).mT).mT
    if not a.is_complex() and not bool(((w.imag == 0) & (w.real < 0)).any()):
        return out.real.to(a.dtype)
    return out


@on(ops.logm)
def torch_logm(a: T) -> T:
    return _matrix_function(a, torch.log, "logm")


@on(ops.sqrtm)
def torch_sqrtm(a: T) -> T:
    return _matrix_function(a, torch.sqrt, "sqrtm")

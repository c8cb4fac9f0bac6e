"""Implementations shared by NumPy and cuPyNumeric: `register` takes the module ``xp``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _ops as ops
from .._context import Context
from .._dispatch import backend_of_type, implements, implements_on
from .._dtypes import default_dtype_name, dtype_name
from .._errors import UnsupportedTypeError
from .._ops import conversion, creation, discrete, elementwise, linalg, random, reductions, shape

__all__ = ["check_assume_a", "expm_pade13", "register"]

_SOLVE_KINDS = ("gen", "sym", "her", "pos")
# Padé(13) coefficients and the 1-norm bound for squaring (Higham 2005, "The scaling and squaring
# method for the matrix exponential revisited").
_PADE13 = (
    64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
    10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0,
)  # fmt: skip
_THETA13 = 5.371920351148152


def check_assume_a(assume_a: object) -> str:
    """Validate ``solve``'s ``assume_a`` (SciPy's names)."""
    if assume_a not in _SOLVE_KINDS:
        raise ValueError(f"solve: assume_a={assume_a!r} is not supported; use one of {', '.join(_SOLVE_KINDS)}")
    return str(assume_a)


def expm_pade13(xp: Any, a: Any) -> Any:
    """Matrix exponential by Padé(13) with scaling and squaring, from ``xp`` operations only."""
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


def register(xp: Any, array: type | tuple[type, ...], backend: str) -> None:  # noqa: C901, PLR0915
    """Register every catalogue op that ``xp`` implements with NumPy's API for ``array`` types."""

    def on(op: Any) -> Any:
        return implements_on(op, array, backend)

    def native(dtype: Any, op: str) -> Any:
        return None if dtype is None else np.dtype(dtype_name(dtype, op))

    def neutral_array(obj: Any, dtype: Any, ctx: Context, op: str) -> Any:
        out = xp.asarray(obj, dtype=native(dtype, op))
        kind = out.dtype.kind
        if kind not in "biufc":
            raise UnsupportedTypeError(
                f"{op}: argument 'obj' is {obj!r}, which gives {out.dtype} data; pass numbers or (nested) lists of numbers"
            )
        if dtype is None and kind in "fc":
            out = out.astype(default_dtype_name(kind, ctx.precision), copy=False)
        return out

    # Hot-path constants, bound once here (closure lookups are the cheapest): the default dtype
    # of each Context precision, parsed once rather than per call, and the hottest creation functions.
    precision_dtypes = {p: np.dtype(p) for p in ("float64", "float32")}
    zeros, ones = xp.zeros, xp.ones

    def default(dtype: Any, ctx: Context, op: str) -> Any:
        return precision_dtypes[ctx.precision] if dtype is None else native(dtype, op)

    # --- creation ----------------------------------------------------------------------
    @on(creation.asarray)
    def xp_asarray(obj: Any, dtype: Any, ctx: Context) -> Any:
        owner = backend_of_type(type(obj)) if not isinstance(obj, (str, bytes)) else None
        if owner is None:
            return neutral_array(obj, dtype, ctx, "asarray")
        if owner != backend:
            obj = conversion.to_numpy(obj)
        return xp.asarray(obj, dtype=native(dtype, "asarray"))

    @on(creation.array)
    def xp_array(obj: Any, dtype: Any, ctx: Context) -> Any:
        out = xp_asarray(obj, dtype, ctx)
        return out.copy() if out is obj or backend_of_type(type(obj)) not in (None, backend) else out

    @on(creation.zeros)
    def xp_zeros(shape_: Any, dtype: Any, ctx: Context) -> Any:
        # `default` inlined in zeros and ones: they sit on hot paths, and a call frame costs ~50 ns.
        return zeros(shape_, precision_dtypes[ctx.precision] if dtype is None else native(dtype, "zeros"))

    @on(creation.ones)
    def xp_ones(shape_: Any, dtype: Any, ctx: Context) -> Any:
        return ones(shape_, precision_dtypes[ctx.precision] if dtype is None else native(dtype, "ones"))

    @on(creation.full)
    def xp_full(shape_: Any, fill_value: Any, dtype: Any, ctx: Context) -> Any:
        if dtype is None:
            dtype = neutral_array(fill_value, None, ctx, "full").dtype
        return xp.full(shape_, fill_value, dtype=native(dtype, "full"))

    @on(creation.eye)
    def xp_eye(n: int, m: int | None, k: int, dtype: Any, ctx: Context) -> Any:
        return xp.eye(n, m, k, dtype=default(dtype, ctx, "eye"))

    @on(creation.arange)
    def xp_arange(start: Any, stop: Any, step: Any, dtype: Any, ctx: Context) -> Any:
        if dtype is None:
            kind = np.result_type(*(v for v in (start, stop, step) if v is not None)).kind
            dtype = default_dtype_name(kind, ctx.precision) if kind in "fc" else None
        if stop is None:
            start, stop = 0, start
        return xp.arange(start, stop, 1 if step is None else step, dtype=native(dtype, "arange"))

    @on(creation.linspace)
    def xp_linspace(start: Any, stop: Any, num: int, endpoint: bool, dtype: Any, ctx: Context) -> Any:
        return xp.linspace(start, stop, num, endpoint=endpoint, dtype=default(dtype, ctx, "linspace"))

    @on(creation.zeros_like)
    def xp_zeros_like(a: Any, dtype: Any) -> Any:
        return xp.zeros_like(a, dtype=native(dtype, "zeros_like"))

    @on(creation.ones_like)
    def xp_ones_like(a: Any, dtype: Any) -> Any:
        return xp.ones_like(a, dtype=native(dtype, "ones_like"))

    on(creation.copy)(xp.copy)

    # --- conversion --------------------------------------------------------------------
    @on(conversion.cast)
    def xp_cast(x: Any, dtype: Any) -> Any:
        target = np.dtype(dtype_name(dtype, "cast"))
        if x.dtype.kind == "c" and target.kind != "c":
            raise UnsupportedTypeError(
                f"cast: casting {x.dtype} to {target} would drop the imaginary part; "
                "take nf.real(x) or nf.abs(x) first"
            )
        return x.astype(target)

    # --- shape -------------------------------------------------------------------------
    on(shape.reshape)(xp.reshape)
    on(shape.transpose)(xp.transpose)
    on(shape.moveaxis)(xp.moveaxis)
    on(shape.stack)(xp.stack)
    on(shape.concatenate)(xp.concatenate)
    on(shape.squeeze)(xp.squeeze)
    on(shape.expand_dims)(xp.expand_dims)
    on(shape.diag)(xp.diag)
    on(shape.outer)(xp.outer)
    on(shape.kron)(xp.kron)
    on(shape.tensordot)(xp.tensordot)
    on(shape.trace)(xp.trace)
    on(shape.dot)(xp.dot)

    @on(shape.adjoint)
    def xp_adjoint(a: Any) -> Any:
        return xp.conj(xp.swapaxes(a, -1, -2))

    # --- elementwise -------------------------------------------------------------------
    for name in elementwise.__all__:
        on(getattr(elementwise, name))(getattr(xp, name))

    # --- reductions --------------------------------------------------------------------
    @on(reductions.sum)
    def xp_sum(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        return xp.sum(a, axis=axis, dtype=native(dtype, "sum"), keepdims=keepdims)

    @on(reductions.mean)
    def xp_mean(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        return xp.mean(a, axis=axis, dtype=native(dtype, "mean"), keepdims=keepdims)

    @on(reductions.prod)
    def xp_prod(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        return xp.prod(a, axis=axis, dtype=native(dtype, "prod"), keepdims=keepdims)

    @on(reductions.max)
    def xp_max(a: Any, axis: Any, keepdims: bool) -> Any:
        return xp.max(a, axis=axis, keepdims=keepdims)

    @on(reductions.min)
    def xp_min(a: Any, axis: Any, keepdims: bool) -> Any:
        return xp.min(a, axis=axis, keepdims=keepdims)

    @on(reductions.argmax)
    def xp_argmax(a: Any, axis: Any, keepdims: bool) -> Any:
        return xp.argmax(a, axis=axis, keepdims=keepdims)

    @on(reductions.argmin)
    def xp_argmin(a: Any, axis: Any, keepdims: bool) -> Any:
        return xp.argmin(a, axis=axis, keepdims=keepdims)

    @on(reductions.norm)
    def xp_norm(x: Any, ord_: Any, axis: Any, keepdims: bool) -> Any:
        return xp.linalg.norm(x, ord=ord_, axis=axis, keepdims=keepdims)

    @on(reductions.std)
    def xp_std(a: Any, axis: Any, ddof: int, keepdims: bool) -> Any:
        return xp.std(a, axis=axis, ddof=ddof, keepdims=keepdims)

    @on(reductions.var)
    def xp_var(a: Any, axis: Any, ddof: int, keepdims: bool) -> Any:
        return xp.var(a, axis=axis, ddof=ddof, keepdims=keepdims)

    @on(reductions.allclose)
    def xp_allclose(a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> bool:
        return bool(xp.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))

    @on(reductions.isclose)
    def xp_isclose(a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> Any:
        return xp.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)

    # --- linear algebra ----------------------------------------------------------------
    on(linalg.matmul)(xp.matmul)
    on(linalg.einsum)(xp.einsum)
    on(linalg.inv)(xp.linalg.inv)
    on(linalg.det)(xp.linalg.det)

    @on(linalg.svd)
    def xp_svd(a: Any, full_matrices: bool) -> Any:
        return tuple(xp.linalg.svd(a, full_matrices=full_matrices))

    @on(linalg.qr)
    def xp_qr(a: Any, mode: str) -> Any:
        return tuple(xp.linalg.qr(a, mode=mode))

    @on(linalg.eig)
    def xp_eig(a: Any) -> Any:
        return tuple(xp.linalg.eig(a))

    @on(linalg.eigh)
    def xp_eigh(a: Any, uplo: str) -> Any:
        return tuple(xp.linalg.eigh(a, UPLO=uplo))

    @on(linalg.cholesky)
    def xp_cholesky(a: Any, upper: bool) -> Any:
        low = xp.linalg.cholesky(a)
        return xp_adjoint(low) if upper else low

    @on(linalg.solve)
    def xp_solve(a: Any, b: Any, assume_a: str) -> Any:
        if check_assume_a(assume_a) == "pos":
            low = xp.linalg.cholesky(a)  # raises LinAlgError unless a is positive definite
            return xp.linalg.solve(xp_adjoint(low), xp.linalg.solve(low, b))
        return xp.linalg.solve(a, b)

    @on(linalg.expm)
    def xp_expm(a: Any) -> Any:
        return expm_pade13(xp, a)

    # --- discrete and autograd flags ---------------------------------------------------
    on(discrete.bincount)(xp.bincount)

    @on(discrete.nonzero)
    def xp_nonzero(a: Any) -> Any:
        return tuple(xp.nonzero(a))

    @on(ops.autodiff.requires_grad)
    def xp_requires_grad(x: Any, flag: bool) -> Any:
        return x

    @on(ops.autodiff.detach)
    def xp_detach(x: Any) -> Any:
        return x


def register_random(generator: type, backend: str) -> None:
    """Register `normal`, `uniform` and `choice` for a NumPy-API ``generator`` type."""

    def dtype_of(dtype: Any, ctx: Context, op: str) -> np.dtype[Any]:
        return np.dtype(ctx.precision if dtype is None else dtype_name(dtype, op))

    @implements(random.normal, generator)
    def xp_normal(rng: Any, shape_: Any, dtype: Any, ctx: Context) -> Any:
        dt = dtype_of(dtype, ctx, "normal")
        if dt.kind == "c":
            real_dt = np.float32 if dt == np.complex64 else np.float64
            parts = rng.normal(0.0, math.sqrt(0.5), (2, *np.atleast_1d(shape_))).astype(real_dt)
            out = (parts[0] + 1j * parts[1]).astype(dt)
            return out.reshape(shape_)
        return rng.normal(0.0, 1.0, shape_).astype(dt, copy=False)

    @implements(random.uniform, generator)
    def xp_uniform(rng: Any, shape_: Any, low: float, high: float, dtype: Any, ctx: Context) -> Any:
        dt = dtype_of(dtype, ctx, "uniform")
        if dt.kind != "f":
            raise UnsupportedTypeError(f"uniform: dtype {dt} is not supported; use a real floating dtype")
        return rng.uniform(low, high, shape_).astype(dt, copy=False)

    @implements(random.choice, generator)
    def xp_choice(rng: Any, a: Any, size: Any, p: Any, replace: bool) -> Any:
        return rng.choice(a, size, replace=replace, p=p)

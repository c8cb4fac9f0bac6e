"""Implementations of the Array API standard's functions shared by NumPy and cuPyNumeric.

`register_array_api` takes the module ``xp``, like `_numpy_like.register`. Where ``xp`` lacks a
standard name (cuPyNumeric has NumPy's ``arccos`` but not ``acos``), NumPy's name is used; where
NumPy's semantics differ from the standard's, the difference is fixed here, once.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import numpy as np

from ... import _ops as ops
from ..._context import Context, on_device
from ..._dispatch import bad_argument, implements_on
from ..._dtypes import dtype_name
from ..._errors import UnsupportedTypeError
from ..._ops import fft
from .core import SHAPE, over_new_axis, shape_checked

__all__ = ["integer_division", "register_array_api"]

#: Standard name -> NumPy's older name, for libraries that lack the standard's.
_NUMPY_NAMES = MappingProxyType({
    "acos": "arccos", "acosh": "arccosh", "asin": "arcsin", "asinh": "arcsinh", "atan": "arctan",
    "atan2": "arctan2", "atanh": "arctanh", "bitwise_invert": "invert", "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift",
})  # fmt: skip


def _function(xp: Any, name: str) -> Any:
    found = getattr(xp, name, None)
    return found if found is not None else getattr(xp, _NUMPY_NAMES[name])


def _on_host(xp: Any, fn: Any) -> Any:
    """``fn`` (NumPy's) computed on a host copy, its arrays (also inside a named tuple) returned as ``xp``'s:
    for the few data-dependent functions a library lacks (cuPyNumeric 26.6 has no unique_all, slogdet)."""

    def on_host(x: Any, *rest: Any) -> Any:
        out = fn(np.asarray(x), *rest)
        if isinstance(out, tuple):
            arrays = (xp.asarray(o) for o in out)
            return type(out)(*arrays) if hasattr(out, "_fields") else tuple(arrays)
        return xp.asarray(out)

    on_host.__name__ = on_host.__qualname__ = f"host_{getattr(fn, '__name__', 'fn')}"
    return on_host


def _or_host(xp: Any, fn: Any, host: Any) -> Any:
    """``fn``, or NumPy's ``host`` on a host copy where ``xp`` raises NotImplementedError (cuPyNumeric on
    CPUs has no FFT; its SVD takes no stacks and no wide matrices). NumPy itself never needs it."""
    if xp is np:
        return fn
    on_host = _on_host(xp, host)

    def or_host(*args: Any) -> Any:
        try:
            return fn(*args)
        except NotImplementedError:
            return on_host(*args)

    or_host.__name__ = or_host.__qualname__ = f"or_host_{getattr(host, '__name__', 'fn')}"
    return or_host


def _complex_expm1(x: Any) -> Any:
    """NumPy's expm1 with the standard's special values for complex input (``expm1(inf + 0j)`` is
    ``inf + 0j``, not NumPy's ``inf + nanj``; ``expm1(-0 + 0j)`` is ``+0 + 0j``, and conjugates alike)."""
    out = np.expm1(x)
    if out.dtype.kind != "c" or not out.size:
        return out
    re, im = np.asarray(x.real), np.asarray(x.imag)
    zero = (re == 0) & (im == 0)
    if bool(np.isfinite(x).all()) and not zero.any():
        return out
    out = np.array(out)  # a writable copy (a scalar result becomes a 0-d array)
    fixes = (
        (zero, 0.0, im),  # ±0 ± 0j: +0 and the imaginary part
        (np.isposinf(re) & (im == 0), np.inf, im),  # +inf + 0j
        (np.isneginf(re) & ~np.isfinite(im), -1.0, 0.0),  # -inf with an infinite or nan imaginary part
        (np.isposinf(re) & ~np.isfinite(im), np.inf, np.nan),
        (np.isnan(re) & (im == 0), np.nan, im),
    )
    for mask, real, imag in fixes:
        out.real[mask] = real
        out.imag[mask] = imag[mask] if isinstance(imag, np.ndarray) else imag
    return out


#: NumPy's functions without a complex loop, which cuPyNumeric 26.6 runs on complex data until a failed assertion
#: in the task aborts the process: refused first, with NumPy's error class
_REAL_ONLY = frozenset({
    "ceil", "floor", "trunc", "signbit", "copysign", "nextafter", "atan2", "hypot", "logaddexp", "floor_divide",
    "remainder",
})  # fmt: skip


def _real_only(name: str, fn: Any) -> Any:
    """``fn`` refusing complex operands with TypeError, as NumPy's ufunc ``name`` does."""

    def real_only(*args: Any) -> Any:
        if any(_kind(a) == "c" for a in args):
            kinds = ", ".join(str(getattr(a, "dtype", type(a).__name__)) for a in args)
            raise TypeError(f"{name}: not defined for complex operands (as in NumPy), got {kinds}")
        return fn(*args)

    real_only.__name__ = real_only.__qualname__ = f"real_only_{name}"
    return real_only


def _kind(v: Any) -> str:
    """NumPy's kind letter of ``v`` (an array or a Python number)."""
    return {bool: "b", int: "i", float: "f", complex: "c"}.get(type(v)) or v.dtype.kind


def integer_division(xp: Any, name: str, x1: Any, x2: Any) -> Any:
    """``floor_divide`` or ``remainder`` (``name``) of integer operands as NumPy computes them, without the
    divisions that trap (SIGFPE, which kills a cuPyNumeric process): where the divisor is 0 NumPy gives 0, and
    where it is -1 the quotient is ``-x1`` (wrapping: ``MIN // -1`` is MIN) and the remainder 0. The library
    divides by 1 there instead, and the quotient is fixed after, on the arrays' device."""
    fn = xp.floor_divide if name == "floor_divide" else xp.remainder
    k1, k2 = _kind(x1), _kind(x2)
    if "c" in (k1, k2):
        return _real_only(name, fn)(x1, x2)
    if (
        k1 not in "biu"
        or k2 not in "biu"
        or ({k1, k2} == {"i", "u"} and np.result_type(*(getattr(v, "dtype", v) for v in (x1, x2))).kind == "f")
    ):
        return fn(x1, x2)  # (int64 with uint64 is float64 in NumPy)
    if k1 == k2 == "b":  # NumPy divides bools as int8 (cuPyNumeric 26.6 gives bool)
        x1, x2 = (int(v) if type(v) is bool else v.astype(np.int8) for v in (x1, x2))
    if type(x2) in (bool, int):
        if x2 == 0 or (x2 == -1 and getattr(x1, "dtype", np.dtype("int64")).kind != "u"):  # uint // -1: the error
            q = fn(x1, 1)
            return xp.zeros_like(q) if x2 == 0 or name == "remainder" else xp.negative(q)
        return fn(x1, x2)
    zero = x2 == 0
    minus_one = x2 == -1 if x2.dtype.kind == "i" else None
    bad = zero if minus_one is None else zero | minus_one
    q = fn(x1, xp.where(bad, xp.ones_like(x2), x2))  # x1 // 1 is x1, x1 % 1 is 0: right for the remainder
    if name == "remainder":
        return q
    if minus_one is not None:
        q = xp.where(minus_one, xp.negative(q), q)
    return xp.where(zero, xp.zeros_like(q), q)


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


def register_array_api(xp: Any, array: type | tuple[type, ...], backend: str) -> None:  # noqa: C901, PLR0915
    """Register the standard's functions (beyond NumPy's catalogue) for ``xp``'s ``array`` types."""

    def on(op: Any) -> Any:
        return implements_on(op, array, backend)

    def _host_fallback(host: Any) -> Any:
        return lambda fn: _or_host(xp, fn, host)

    def native(dtype: Any, op: str) -> Any:
        return None if dtype is None else np.dtype(dtype_name(dtype, op))

    empty = shape_checked(xp.empty)

    # --- element-wise ------------------------------------------------------------------
    for name in (
        "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and", "bitwise_invert",
        "bitwise_left_shift", "bitwise_or", "bitwise_right_shift", "bitwise_xor", "ceil", "copysign", "cosh", "divide",
        "equal", "expm1", "floor", "floor_divide", "greater", "greater_equal", "hypot", "isfinite", "isinf", "isnan",
        "less", "less_equal", "log1p", "log10", "logaddexp", "logical_and", "logical_not", "logical_or", "logical_xor",
        "multiply", "negative", "nextafter", "not_equal", "positive", "pow", "reciprocal", "remainder", "round",
        "signbit", "sinh", "subtract", "tan", "trunc",
    ):  # fmt: skip
        if name not in ("pow", "floor_divide") and name != ("expm1" if xp is np else "remainder"):  # pow: alias
            fn = _function(xp, name)
            on(getattr(ops, name))(fn if xp is np or name not in _REAL_ONLY else _real_only(name, fn))

    if xp is np:  # NumPy's complex expm1 loses the standard's special values at infinities; fixed here
        on(ops.expm1)(_complex_expm1)
    else:  # an integer division by 0 (or MIN // -1) kills the process in cuPyNumeric 26.6
        on(ops.remainder)(lambda x1, x2: integer_division(xp, "remainder", x1, x2))

    @on(ops.floor_divide)
    def xp_floor_divide(x1: Any, x2: Any) -> Any:
        out = xp.floor_divide(x1, x2) if xp is np else integer_division(xp, "floor_divide", x1, x2)
        if getattr(out, "dtype", None) is None or out.dtype.kind != "f":
            return out
        # NumPy follows Python (inf // 2 is nan, -1 // inf is -1); the standard wants floor(x1 / x2) there
        one_infinite = xp.isinf(x1) != xp.isinf(x2)
        return xp.where(one_infinite & ~xp.isnan(x1) & ~xp.isnan(x2), xp.floor(xp.divide(x1, x2)), out)

    # --- creation ----------------------------------------------------------------------
    @on(ops.empty)
    def xp_empty(shape: Any, dtype: Any, device: Any, ctx: Context) -> Any:
        on_device(ctx, device, "empty")
        dt = native(dtype, "empty") or np.dtype(ctx.precision)
        try:
            return empty(shape, dtype=dt)
        except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
            raise bad_argument("empty", "shape", shape, SHAPE, err) from err

    @on(ops.from_dlpack)
    def xp_from_dlpack(x: Any, device: Any, copy: bool | None, ctx: Context) -> Any:
        on_device(ctx, device, "from_dlpack")
        out = xp.from_dlpack(x) if copy is None else xp.from_dlpack(x, copy=copy)
        return out

    @on(ops.empty_like)
    def xp_empty_like(x: Any, dtype: Any, device: Any) -> Any:
        return xp.empty_like(x, dtype=native(dtype, "empty_like"))

    @on(ops.full_like)
    def xp_full_like(x: Any, fill_value: Any, dtype: Any, device: Any) -> Any:
        return xp.full_like(x, fill_value, dtype=native(dtype, "full_like"))

    @on(ops.meshgrid)
    def xp_meshgrid(*args: Any) -> Any:
        *arrays, indexing = args
        return tuple(xp.meshgrid(*arrays, indexing=indexing))

    @on(ops.tril)
    def xp_tril(x: Any, k: int) -> Any:
        return xp.tril(x, k)

    @on(ops.triu)
    def xp_triu(x: Any, k: int) -> Any:
        return xp.triu(x, k)

    # --- data types --------------------------------------------------------------------
    @on(ops.astype)
    def xp_astype(x: Any, dtype: Any, copy: bool, device: Any) -> Any:
        target = np.dtype(dtype_name(dtype, "astype"))
        if x.dtype.kind == "c" and target.kind != "c":
            raise UnsupportedTypeError(
                f"astype: casting {x.dtype} to {target} would drop the imaginary part; "
                "take nf.real(x) or nf.abs(x) first"
            )
        return x.astype(target, copy=copy)

    # --- manipulation and indexing -----------------------------------------------------
    @on(ops.matrix_transpose)
    def xp_matrix_transpose(x: Any) -> Any:
        return xp.swapaxes(x, -1, -2)

    @on(ops.broadcast_arrays)
    def xp_broadcast_arrays(*arrays: Any) -> Any:
        return tuple(xp.broadcast_arrays(*arrays))

    on(ops.broadcast_to)(xp.broadcast_to)

    @on(ops.flip)
    def xp_flip(x: Any, axis: Any) -> Any:
        return xp.flip(x, axis=axis)

    @on(ops.repeat)
    def xp_repeat(x: Any, repeats: Any, axis: int | None) -> Any:
        return xp.repeat(x, repeats, axis=axis)

    @on(ops.roll)
    def xp_roll(x: Any, shift: Any, axis: Any) -> Any:
        return xp.roll(x, shift, axis=axis)

    on(ops.tile)(xp.tile)

    @on(ops.unstack)
    def xp_unstack(x: Any, axis: int) -> Any:
        return tuple(xp.moveaxis(x, axis, 0))

    @on(ops.take)
    def xp_take(x: Any, indices: Any, axis: int | None) -> Any:
        return xp.take(x, indices, axis=axis)

    @on(ops.take_along_axis)
    def xp_take_along_axis(x: Any, indices: Any, axis: int) -> Any:
        return xp.take_along_axis(x, indices, axis)

    # --- searching, sorting, sets ------------------------------------------------------
    @on(ops.sort)
    def xp_sort(x: Any, axis: int, descending: bool, stable: bool) -> Any:
        kind = "stable" if stable else None
        if descending:  # sort the reversed array, reverse back: equal elements keep their order
            return xp.flip(xp.sort(xp.flip(x, axis=axis), axis=axis, kind=kind), axis=axis)
        return xp.sort(x, axis=axis, kind=kind)

    @on(ops.argsort)
    def xp_argsort(x: Any, axis: int, descending: bool, stable: bool) -> Any:
        kind = "stable" if stable else None
        if descending:
            last = x.shape[axis] - 1 if x.ndim else 0
            return last - xp.flip(xp.argsort(xp.flip(x, axis=axis), axis=axis, kind=kind), axis=axis)
        return xp.argsort(x, axis=axis, kind=kind)

    @on(ops.searchsorted)
    def xp_searchsorted(x1: Any, x2: Any, side: str, sorter: Any) -> Any:
        return xp.searchsorted(x1, x2, side=side, sorter=sorter)

    @on(ops.count_nonzero)
    def xp_count_nonzero(x: Any, axis: Any, keepdims: bool) -> Any:
        return xp.asarray(xp.count_nonzero(x, axis=axis, keepdims=keepdims), dtype=np.int64)

    for name in ("unique_all", "unique_counts", "unique_inverse"):
        on(getattr(ops, name))(getattr(xp, name, None) or _on_host(xp, getattr(np, name)))

    @on(ops.unique_values)
    def xp_unique_values(x: Any) -> Any:
        if xp is not np:  # cuPyNumeric's unique makes one nan of many
            return _on_host(xp, lambda a: np.unique(a, equal_nan=False))(x)
        return xp.unique(x, equal_nan=False)  # sorted, as on every backend (NumPy 2.3's unique_values is not)

    @on(ops.isin)
    def xp_isin(x1: Any, x2: Any, invert: bool) -> Any:
        return xp.isin(x1, x2, invert=invert)

    # --- statistical and utility -------------------------------------------------------
    def cumulative(name: str, running: str, initial: int) -> Any:
        fn = getattr(xp, name, None)

        def xp_cumulative(x: Any, axis: int | None, dtype: Any, include_initial: bool) -> Any:
            dt = native(dtype, name)
            if fn is not None:
                return fn(x, axis=axis, dtype=dt, include_initial=include_initial)
            if axis is None:  # composed from cumsum / cumprod where the library lacks the standard's
                if x.ndim > 1:
                    raise ValueError(f"{name}: axis=None needs a 0-d or 1-D array, got {x.ndim}-D; pass axis")
                x, axis = xp.reshape(x, (-1,)), 0
            elif x.ndim == 0 and axis in (0, -1):  # NumPy: a 0-d array is one element along axis 0
                x, axis = xp.reshape(x, (1,)), 0
            if dt is None and x.dtype.kind in "bu" and x.dtype.itemsize < 8:  # NumPy's: as sum, int64 or uint64
                dt = np.dtype(np.uint64 if x.dtype.kind == "u" else np.int64)
            out = getattr(xp, running)(x, axis=axis, dtype=dt)
            if include_initial:
                shape = list(out.shape)
                shape[axis] = 1
                out = xp.concatenate([xp.full(shape, initial, dtype=out.dtype), out], axis=axis)
            return out

        xp_cumulative.__name__ = xp_cumulative.__qualname__ = f"xp_{name}"
        return xp_cumulative

    on(ops.cumulative_sum)(cumulative("cumulative_sum", "cumsum", 0))
    on(ops.cumulative_prod)(cumulative("cumulative_prod", "cumprod", 1))

    no_axis_fails = xp is not np  # a reduction over axis=() (see over_new_axis)

    @on(ops.all)
    def xp_all(x: Any, axis: Any, keepdims: bool) -> Any:
        if no_axis_fails and axis == ():
            x, axis, keepdims = over_new_axis(xp, x)
        if no_axis_fails and x.dtype.kind == "c":  # cuPyNumeric 26.6 aborts the process on some complex reductions
            x = x != 0
        return xp.all(x, axis=axis, keepdims=keepdims)

    @on(ops.any)
    def xp_any(x: Any, axis: Any, keepdims: bool) -> Any:
        if no_axis_fails and axis == ():
            x, axis, keepdims = over_new_axis(xp, x)
        if no_axis_fails and x.dtype.kind == "c":  # cuPyNumeric 26.6 aborts the process on some complex reductions
            x = x != 0
        return xp.any(x, axis=axis, keepdims=keepdims)

    @on(ops.diff)
    def xp_diff(x: Any, axis: int, n: int, prepend: Any, append: Any) -> Any:
        ends = {k: v for k, v in (("prepend", prepend), ("append", append)) if v is not None}
        return xp.diff(x, n=n, axis=axis, **ends)

    # --- linear algebra ----------------------------------------------------------------
    @on(ops.vecdot)
    def xp_vecdot(x1: Any, x2: Any, axis: int) -> Any:
        if not hasattr(xp, "vecdot"):
            return xp.sum(xp.conj(x1) * x2, axis=axis)
        return xp.vecdot(x1, x2, axis=axis)

    @on(ops.cross)
    def xp_cross(x1: Any, x2: Any, axis: int) -> Any:
        return xp.cross(x1, x2, axis=axis)

    @on(ops.diagonal)
    def xp_diagonal(a: Any, offset: int, axis1: int, axis2: int) -> Any:
        return xp.diagonal(a, offset, axis1 % a.ndim, axis2 % a.ndim)  # cuPyNumeric takes no negative axes

    on(ops.eigvalsh)(xp.linalg.eigvalsh)

    @on(ops.eigvals)
    def xp_eigvals(x: Any) -> Any:
        w = xp.linalg.eigvals(x)
        return w if w.dtype.kind == "c" else w.astype(np.result_type(w.dtype, np.complex64))

    @on(ops.matrix_norm)
    @_host_fallback(lambda x, keepdims, ord_: np.linalg.matrix_norm(x, keepdims=keepdims, ord=ord_))
    def xp_matrix_norm(x: Any, keepdims: bool, ord_: Any) -> Any:
        if not hasattr(xp.linalg, "matrix_norm"):
            return xp.linalg.norm(x, ord=ord_, axis=(-2, -1), keepdims=keepdims)
        return xp.linalg.matrix_norm(x, keepdims=keepdims, ord=ord_)

    @on(ops.vector_norm)
    def xp_vector_norm(x: Any, axis: Any, keepdims: bool, ord_: Any) -> Any:
        if not hasattr(xp.linalg, "vector_norm"):
            return _vector_norm(xp, x, axis, keepdims, ord_)
        return xp.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord_)

    on(ops.matrix_power)(_or_host(xp, xp.linalg.matrix_power, np.linalg.matrix_power))

    @on(ops.matrix_rank)
    @_host_fallback(lambda x, rtol: np.linalg.matrix_rank(x, rtol=rtol))
    def xp_matrix_rank(x: Any, rtol: Any) -> Any:
        if not hasattr(xp.linalg, "matrix_rank"):  # from the singular values, as NumPy's
            s = xp_svdvals(x)
            factor = max(x.shape[-2:]) * np.finfo(s.dtype).eps if rtol is None else xp.asarray(rtol)[..., None]
            return xp.sum(s > factor * xp.max(s, axis=-1, keepdims=True), axis=-1)
        return xp.linalg.matrix_rank(x, rtol=rtol)

    @on(ops.pinv)
    @_host_fallback(lambda x, rtol: np.linalg.pinv(x, rtol=rtol))
    def xp_pinv(x: Any, rtol: Any) -> Any:
        if x.dtype.kind in "biu":  # NumPy's pinv raises finfo's "not inexact" from inside: said here, with the fix
            raise ValueError(f"pinv: data type {x.dtype} is not inexact (as in NumPy); cast to a floating dtype first")
        return xp.linalg.pinv(x, rtol=rtol)

    @on(ops.slogdet)
    def xp_slogdet(x: Any) -> Any:
        if not hasattr(xp.linalg, "slogdet"):
            return _on_host(xp, lambda a: tuple(np.linalg.slogdet(a)))(x)
        return tuple(xp.linalg.slogdet(x))

    @on(ops.svdvals)
    @_host_fallback(np.linalg.svdvals)
    def xp_svdvals(x: Any) -> Any:
        if not hasattr(xp.linalg, "svdvals"):
            return xp.linalg.svd(x)[1]
        return xp.linalg.svdvals(x)

    # --- fft ---------------------------------------------------------------------------
    for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft"):
        on(getattr(fft, name))(_or_host(xp, _fft1(getattr(xp.fft, name)), _fft1(getattr(np.fft, name))))
    for name in ("fftn", "ifftn", "rfftn", "irfftn"):
        on(getattr(fft, name))(_or_host(xp, _fftn(getattr(xp.fft, name)), _fftn(getattr(np.fft, name))))

    @on(fft.fftfreq)
    def xp_fftfreq(n: int, d: float, dtype: Any, device: Any, ctx: Context) -> Any:
        on_device(ctx, device, "fftfreq")
        freq = getattr(xp.fft, "fftfreq", np.fft.fftfreq)(n, d)  # NumPy's, moved, where the library has none
        return xp.asarray(freq, dtype=native(dtype, "fftfreq") or np.dtype(ctx.precision))

    @on(fft.rfftfreq)
    def xp_rfftfreq(n: int, d: float, dtype: Any, device: Any, ctx: Context) -> Any:
        on_device(ctx, device, "rfftfreq")
        freq = getattr(xp.fft, "rfftfreq", np.fft.rfftfreq)(n, d)
        return xp.asarray(freq, dtype=native(dtype, "rfftfreq") or np.dtype(ctx.precision))

    @on(fft.fftshift)
    def xp_fftshift(x: Any, axes: Any) -> Any:
        return xp.fft.fftshift(x, axes=axes)

    @on(fft.ifftshift)
    def xp_ifftshift(x: Any, axes: Any) -> Any:
        return xp.fft.ifftshift(x, axes=axes)


def _fft1(fn: Any) -> Any:
    def xp_fft(x: Any, n: int | None, axis: int, norm: str) -> Any:
        return fn(x, n=n, axis=axis, norm=norm)

    return xp_fft


def _fftn(fn: Any) -> Any:
    def xp_fftn(x: Any, s: Any, axes: Any, norm: str) -> Any:
        if axes is None and s is not None:  # the standard: s gives the sizes of the last len(s) axes
            axes = tuple(range(-len(s), 0))
        return fn(x, s=s, axes=axes, norm=norm)

    return xp_fftn

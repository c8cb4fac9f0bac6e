"""NumPy's meaning where cuPyNumeric 26.6's kernels differ, computed with cuPyNumeric operations on its arrays.

`register_numpy_semantics` replaces the shared `numpy_like` registrations of the ops below for cuPyNumeric's
array type (tests/differential.py finds each difference): NaN propagation of ``maximum``/``minimum`` and of the
``max``/``min``/``argmax``/``argmin`` reductions, NumPy's lexicographic order of complex numbers (comparisons,
extrema), the truth of complex numbers in logical ops, shifts by at least the bit width, and integer ``power``
(bool promoted to int8, wrap-around, negative exponents refused). `register_corner_cases`, called last, wraps
the registered implementations where the harness's deep profile found more (its docstring lists them).
"""

from __future__ import annotations

import functools
import inspect
import math
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from ..._dispatch import TAGS, implements_on, wrap_registrations
from ..._ops import CATALOGUE
from ..numpy_like.binding import or_host
from ..numpy_like.core import over_new_axis
from ..numpy_like.elementwise import clip, round_
from ..numpy_like.linalg import einsum as numpy_like_einsum

__all__ = ["register_numpy_semantics"]


def _is_nan(xp: Any, a: Any) -> Any:
    return xp.isnan(a.real) | xp.isnan(a.imag) if a.dtype.kind == "c" else xp.isnan(a)


def _lex(xp: Any, name: str, a: Any, b: Any) -> Any:
    """NumPy's complex comparison ``name`` of complex arrays: real parts first, then imaginary (C's CLT...)."""
    ar, ai, br, bi = a.real, a.imag, b.real, b.imag
    strict = {"less": xp.less, "less_equal": xp.less, "greater": xp.greater, "greater_equal": xp.greater}[name]
    tie = getattr(xp, name)
    return (strict(ar, br) & ~xp.isnan(ai) & ~xp.isnan(bi)) | ((ar == br) & tie(ai, bi))


def register_numpy_semantics(xp: Any, array: Any, backend: str) -> None:  # noqa: C901, PLR0915
    """Register NumPy's semantics for the ops whose cuPyNumeric kernels differ (see the module docstring)."""
    ops = {e.name: e.public for e in CATALOGUE}

    def on(name: str) -> Any:
        return implements_on(ops[name], array, backend)

    def operands(x1: Any, x2: Any, dtype: Any) -> tuple[Any, Any]:
        """Both operands as ``xp`` arrays of the result's ``dtype`` (a Python number weak, as NEP 50 says)."""
        return xp.asarray(x1).astype(dtype), xp.asarray(x2).astype(dtype)

    # --- maximum / minimum: NaN propagates (cuPyNumeric's kernels drop it); complex: lexicographic ----------
    extrema: dict[str, Any] = {}

    def extremum(name: str, order: str) -> None:
        plain = getattr(xp, name)

        @on(name)
        def impl(x1: Any, x2: Any) -> Any:
            out = plain(x1, x2)
            if out.dtype.kind not in "fc":
                return out
            a, b = operands(x1, x2, out.dtype)
            if out.dtype.kind == "c":  # NumPy: x1 where x1 is NaN or x1 >= x2 (<= for minimum), else x2
                return xp.where(_is_nan(xp, a) | _lex(xp, order, a, b), a, b)
            return xp.where(xp.isnan(a), a, xp.where(xp.isnan(b), b, out))

        impl.__name__ = impl.__qualname__ = f"cupynumeric_{name}"
        extrema[name] = impl

    extremum("maximum", "greater_equal")
    extremum("minimum", "less_equal")

    @on("clip")
    def cupynumeric_clip(x: Any, min_: Any, max_: Any, a_min: Any, a_max: Any) -> Any:
        if a_min is not None or a_max is not None:  # NumPy's names for the bounds: the shared clip reads them
            return clip(xp, x, min_, max_, a_min, a_max)
        if min_ is None and max_ is None:
            return xp.clip(x, min_, max_)
        out = x if min_ is None else extrema["maximum"](x, min_)  # NumPy's clip: minimum(maximum(x, min), max)
        return out if max_ is None else extrema["minimum"](out, max_)

    # --- comparisons: complex in lexicographic order; a Python int no dtype of the other operand holds -------
    int_out_of_range_answer = {  # (scalar above the array's range) -> answer of `scalar OP array`
        "equal": (False, False), "not_equal": (True, True), "less": (False, True),
        "less_equal": (False, True), "greater": (True, False), "greater_equal": (True, False),
    }  # fmt: skip
    flipped = {"less": "greater", "less_equal": "greater_equal", "greater": "less", "greater_equal": "less_equal"}

    def comparison(name: str) -> None:
        plain = getattr(xp, name)

        @on(name)
        def impl(x1: Any, x2: Any) -> Any:
            for scalar, arr, first in ((x1, x2, True), (x2, x1, False)):
                if type(scalar) is int and isinstance(arr, array) and arr.dtype.kind in "biu":
                    info = np.iinfo(np.int64 if arr.dtype.kind == "b" else arr.dtype)
                    if not info.min <= scalar <= info.max:
                        op = name if first else flipped.get(name, name)
                        answer = int_out_of_range_answer[op][0 if scalar > info.max else 1]
                        return xp.full(arr.shape, answer, dtype=bool)
            if name in ("equal", "not_equal"):
                return plain(x1, x2)
            kinds = {getattr(x, "dtype", np.dtype(type(x))).kind for x in (x1, x2)}
            if "c" not in kinds and complex not in (type(x1), type(x2)):
                return plain(x1, x2)
            dt = np.result_type(x1.dtype, x2.dtype) if all(isinstance(x, array) for x in (x1, x2)) else None
            if dt is None:  # a weak Python scalar beside an array: the array's complex dtype (or complex128)
                arr = x1 if isinstance(x1, array) else x2
                dt = arr.dtype if arr.dtype.kind == "c" else np.result_type(arr.dtype, np.complex64)
            a, b = operands(x1, x2, dt)
            return _lex(xp, name, a, b)

        impl.__name__ = impl.__qualname__ = f"cupynumeric_{name}"

    for name in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
        comparison(name)

    # --- logical ops: a complex number is true where either part is nonzero (cuPyNumeric: the real part) -------
    def truth(x: Any) -> Any:
        if isinstance(x, array):
            return x != 0 if x.dtype.kind == "c" else x
        if type(x) is int and not -(2**63) <= x < 2**63:  # NumPy's logical loops convert a Python int to C long
            raise OverflowError("Python int too large to convert to C long")
        return bool(x) if isinstance(x, (int, float, complex)) else x

    def logical(name: str) -> None:
        plain = getattr(xp, name)

        @on(name)
        def impl(x1: Any, x2: Any) -> Any:
            return plain(truth(x1), truth(x2))

        impl.__name__ = impl.__qualname__ = f"cupynumeric_{name}"

    for name in ("logical_and", "logical_or", "logical_xor"):
        logical(name)

    @on("logical_not")
    def cupynumeric_logical_not(x: Any) -> Any:
        return xp.logical_not(truth(x))

    # --- shifts: NumPy's result for a shift by a negative amount or by at least the bit width ------------------
    def shift(name: str, plain: Any) -> None:
        @on(name)
        def impl(x1: Any, x2: Any) -> Any:
            out = plain(x1, x2)
            if out.dtype.kind not in "iu":
                return out
            bits = out.dtype.itemsize * 8
            if not isinstance(x2, array):  # a Python int amount: decided here
                if 0 <= x2 < bits:
                    return out
                overflow: Any = True
            else:
                overflow = x2 >= bits if x2.dtype.kind in "ub" else (x2 < 0) | (x2 >= bits)
                out = plain(x1, xp.where(overflow, xp.zeros((), x2.dtype), x2))
            filler = xp.zeros((), out.dtype)  # (a Python 0 would make cuPyNumeric's where float64)
            if name == "bitwise_right_shift" and out.dtype.kind == "i":  # NumPy: -1 for a negative x1, else 0
                filler = xp.where(xp.asarray(x1) < 0, xp.full((), -1, out.dtype), filler)
            return xp.where(overflow, filler, out)

        impl.__name__ = impl.__qualname__ = f"cupynumeric_{name}"

    shift("bitwise_left_shift", xp.left_shift)
    shift("bitwise_right_shift", xp.right_shift)

    # --- integer power: bool ** bool is int8, a negative exponent raises, and powers wrap around -----------------
    @on("power")
    def cupynumeric_power(x1: Any, x2: Any) -> Any:
        kinds = {getattr(x, "dtype", np.dtype(type(x))).kind for x in (x1, x2)}
        if not kinds <= set("biu"):
            return xp.power(x1, x2)
        if kinds == {"b"}:  # NumPy has no bool power loop: int8's
            x1, x2 = (xp.asarray(x).astype(np.int8) if isinstance(x, array) else x for x in (x1, x2))
        dt = xp.power(x1, x2).dtype
        if dt.kind not in "iu":  # int64 with uint64: NumPy computes in float64
            return xp.power(x1, x2)
        if isinstance(x2, array):
            if x2.dtype.kind == "i" and bool(xp.any(x2 < 0)):
                raise ValueError("Integers to negative integer powers are not allowed.")
        elif x2 < 0:
            raise ValueError("Integers to negative integer powers are not allowed.")
        base, exponent = xp.asarray(x1).astype(dt), xp.asarray(x2).astype(dt)
        out = xp.ones(xp.broadcast_shapes(base.shape, exponent.shape), dtype=dt)
        steps = int(xp.max(exponent)).bit_length() if exponent.size else 0
        for _ in range(steps):  # square and multiply, wrapping as NumPy's integer loop does
            out = xp.where((exponent & 1) != 0, out * base, out).astype(dt)
            exponent = exponent >> 1
            base = (base * base).astype(dt)
        return out

    # --- max/min/argmax/argmin: NaN wins (cuPyNumeric's reductions skip it); complex in lexicographic order ------
    def arg_extreme(a: Any, axis: int, largest: bool) -> Any:
        """NumPy's argmax (``largest``) or argmin of ``a`` along ``axis``, with keepdims: the first NaN if any."""
        nan = _is_nan(xp, a)
        if a.dtype.kind == "c":
            sentinel = xp.full((), -np.inf if largest else np.inf, a.real.dtype)

            def reduce(v: Any) -> Any:  # (cuPyNumeric's max of -inf only is the largest finite's negative)
                out = (xp.max if largest else xp.min)(v, axis=axis, keepdims=True)
                return xp.where(xp.all(v == sentinel, axis=axis, keepdims=True), sentinel, out)

            best_re = reduce(xp.where(nan, sentinel, a.real))
            candidate = (a.real == best_re) & ~nan
            best_im = reduce(xp.where(candidate, a.imag, sentinel))
            first = (candidate & (a.imag == best_im)).astype(np.int8)  # (its argmax of all-False bool: -2**63)
            index = xp.argmax(first, axis=axis, keepdims=True)
        else:
            index = (xp.argmax if largest else xp.argmin)(a, axis=axis, keepdims=True)
        if a.dtype.kind not in "fc":
            return index
        return xp.where(xp.any(nan, axis=axis, keepdims=True), xp.argmax(nan, axis=axis, keepdims=True), index)

    def arg_reduction(name: str, largest: bool) -> None:
        plain = getattr(xp, name)

        @on(name)
        def impl(a: Any, axis: Any, keepdims: bool) -> Any:
            if not (axis is None or isinstance(axis, (int, np.integer))):  # (cuPyNumeric: ValueError)
                raise TypeError(f"{name}: 'axis' must be None or an int, got {axis!r}")
            if a.dtype.kind not in "fc" or (a.size == 0 and a.dtype.kind != "c"):
                return plain(a, axis=axis, keepdims=keepdims)
            if a.size == 0:  # nothing to compare: empty, unless the reduced axis itself is empty (NumPy's error)
                if axis is None or a.shape[int(axis)] == 0:
                    raise ValueError(f"attempt to get {name} of an empty sequence")
                return xp.zeros(np.argmax(np.empty(a.shape, bool), axis=int(axis), keepdims=keepdims).shape, np.int64)
            flat = a.ravel() if axis is None else a
            index = arg_extreme(flat, 0 if axis is None else int(axis), largest)
            if axis is None:
                return index.reshape((1,) * a.ndim) if keepdims else index.reshape(())
            return index if keepdims else xp.squeeze(index, axis=int(axis))

        impl.__name__ = impl.__qualname__ = f"cupynumeric_{name}"

    arg_reduction("argmax", largest=True)
    arg_reduction("argmin", largest=False)

    def reduction(name: str, largest: bool) -> None:
        plain = getattr(xp, name)

        @on(name)
        def impl(a: Any, axis: Any, keepdims: bool) -> Any:
            if axis == ():
                a, axis, keepdims = over_new_axis(xp, a)
            if a.dtype.kind not in "fc":
                return plain(a, axis=axis, keepdims=keepdims)
            if a.dtype.kind == "f":
                out = plain(a, axis=axis, keepdims=keepdims)
                nan = xp.any(xp.isnan(a), axis=axis, keepdims=keepdims)
                return xp.where(nan, xp.full((), np.nan, a.dtype), out)
            axes = tuple(range(a.ndim)) if axis is None else tuple(np.atleast_1d(axis).tolist())
            # in the array's order whatever the order of the axes given: the first NaN is NumPy's (its C order)
            axes = tuple(sorted(int(ax) % max(a.ndim, 1) for ax in axes))
            kept = [ax for ax in range(a.ndim) if ax not in axes]
            if any(a.shape[ax] == 0 for ax in axes):
                raise ValueError(f"zero-size array to reduction operation {name} which has no identity")
            size = int(np.prod([a.shape[ax] for ax in axes]))
            moved = xp.transpose(a, (*kept, *axes)).reshape((*(a.shape[ax] for ax in kept), size))
            index = arg_extreme(moved, moved.ndim - 1, largest)
            out = xp.take_along_axis(moved, index, axis=moved.ndim - 1)
            shape = tuple(1 if ax in axes else a.shape[ax] for ax in range(a.ndim))
            return out.reshape(shape) if keepdims else out.reshape(tuple(a.shape[ax] for ax in kept))

        impl.__name__ = impl.__qualname__ = f"cupynumeric_{name}"

    reduction("max", largest=True)
    reduction("min", largest=False)

    # --- NumPy's result dtype (and refusal) for element-wise functions cuPyNumeric types otherwise --------------
    def numpy_typed(name: str, fn: str, fix: Any = None) -> Any:
        """Register ``xp.<fn>`` for op ``name`` with NumPy's result dtype (its TypeError where NumPy has no
        loop), then ``fix(out, *args)``: NumPy's values where cuPyNumeric's kernel differs."""
        plain = getattr(xp, fn)

        @on(name)
        def impl(*args: Any) -> Any:
            target = _numpy_result(fn, *(a.dtype if isinstance(a, array) else a for a in args))
            if isinstance(target, str):
                names = ", ".join(str(a.dtype) if isinstance(a, array) else type(a).__name__ for a in args)
                raise TypeError(f"{name}: not defined for {names} (as in NumPy: {target})")
            out = plain(*args)
            if out.dtype != target and target.kind in "fc":  # integers computed in NumPy's (narrower) float
                args = tuple(a.astype(target) if isinstance(a, array) and a.dtype.kind in "biu" else a for a in args)
                out = plain(*args)
            if out.dtype != target:
                out = out.astype(target)
            return out if fix is None else fix(out, *args)

        impl.__name__ = impl.__qualname__ = f"cupynumeric_{name}"
        return impl

    def fix_sign(out: Any, x: Any) -> Any:  # cuPyNumeric's sign of NaN is 0
        return xp.where(xp.isnan(x), x, out) if out.dtype.kind == "f" else out

    def fix_reciprocal(out: Any, x: Any) -> Any:  # cuPyNumeric's reciprocal of ±0.0 is 0, NumPy's ±inf
        return xp.divide(xp.ones((), out.dtype), x) if out.dtype.kind == "f" else out

    def fix_nextafter(out: Any, x1: Any, x2: Any) -> Any:
        a, b = operands(x1, x2, out.dtype)
        largest = xp.full((), np.finfo(out.dtype).max, out.dtype)  # from ±inf: the largest finite toward y
        out = xp.where(xp.isinf(a) & (a != b) & ~xp.isnan(b), xp.where(a > 0, largest, -largest), out)
        return xp.where(a == b, a if out.dtype == np.float16 else b, out)  # C: y; NumPy's float16 loop: x

    for name in ("ceil", "floor", "trunc", "negative", "positive"):
        numpy_typed(name, name)
    typed_round = numpy_typed("round", "round")

    @on("round")
    def cupynumeric_round(x: Any, decimals: Any) -> Any:
        return typed_round(x) if decimals == 0 else round_(xp, x, decimals)  # (to decimals: the shared round)

    numpy_typed("sign", "sign", fix_sign)
    numpy_typed("reciprocal", "reciprocal", fix_reciprocal)
    numpy_typed("subtract", "subtract")
    for name, fn in (("atan2", "arctan2"), ("copysign", "copysign"), ("hypot", "hypot"), ("logaddexp", "logaddexp")):
        numpy_typed(name, fn)
    numpy_typed("nextafter", "nextafter", fix_nextafter)


def _numpy_result(fn: str, *operands: Any) -> Any:
    """NumPy's result dtype of ``np.<fn>`` for operands (dtypes of arrays, Python numbers as they are), or
    NumPy's reason for refusing them: worked out on one-element host arrays, never on the data."""
    if all(isinstance(o, np.dtype) for o in operands):
        return _numpy_result_of_dtypes(fn, *operands)
    return _numpy_result_uncached(fn, *operands)


@functools.cache
def _numpy_result_of_dtypes(fn: str, *dtypes: np.dtype[Any]) -> Any:
    return _numpy_result_uncached(fn, *dtypes)


def _numpy_result_uncached(fn: str, *operands: Any) -> Any:
    try:
        with np.errstate(all="ignore"):
            out = getattr(np, fn)(*(np.ones(1, o) if isinstance(o, np.dtype) else o for o in operands))
    except TypeError as err:
        return str(err)
    return np.asarray(out).dtype


def register_division_and_closeness(xp: Any, array: Any, backend: str) -> None:
    """``divide`` beside a Python int no integer dtype of the other operand holds (NumPy computes in float64;
    cuPyNumeric raises OverflowError), and ``isclose`` of complex numbers (cuPyNumeric's compares real parts)."""
    ops = {e.name: e.public for e in CATALOGUE}

    @implements_on(ops["divide"], array, backend)
    def cupynumeric_divide(x1: Any, x2: Any) -> Any:
        for scalar, other in ((x1, x2), (x2, x1)):
            if type(scalar) is int and isinstance(other, array) and other.dtype.kind in "biu":
                info = np.iinfo(np.int64 if other.dtype.kind == "b" else other.dtype)
                if not info.min <= scalar <= info.max:
                    wide = other.astype(np.float64)
                    return xp.divide(float(x1), wide) if scalar is x1 else xp.divide(wide, float(x2))
        return xp.divide(x1, x2)

    @implements_on(ops["isclose"], array, backend)
    def cupynumeric_isclose(a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> Any:
        if not any(getattr(v, "dtype", np.dtype(type(v))).kind == "c" for v in (a, b)):
            return xp.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
        x, y = xp.asarray(a), xp.asarray(b)  # NumPy's formula, with complex moduli
        finite_y = xp.isfinite(y.real) & xp.isfinite(y.imag) if y.dtype.kind == "c" else xp.isfinite(y)
        out = ((xp.abs(x - y) <= atol + rtol * xp.abs(y)) & finite_y) | (x == y)
        return out | (_is_nan(xp, x) & _is_nan(xp, y)) if equal_nan else out


def register_integer_products(xp: Any, array: Any, backend: str) -> None:  # noqa: C901, PLR0915
    """``matmul``, ``dot``, ``vecdot``, ``tensordot``, ``einsum`` and ``matrix_power`` of bool and integer arrays,
    which cuPyNumeric's kernels refuse (or sum in int64): NumPy's dtype, wrapping and bool logic, composed from
    element-wise products and sums."""
    ops = {e.name: e.public for e in CATALOGUE}

    def on(name: str) -> Any:
        return implements_on(ops[name], array, backend)

    def exact(*xs: Any) -> bool:
        return all(getattr(x, "dtype", np.dtype(float)).kind in "biu" for x in xs)

    def product_sum(a: Any, b: Any, axis: int, target: Any) -> Any:
        """sum(a * b, axis) in ``target`` (bool: any(a & b)), the products wrapping as NumPy's do."""
        if target.kind == "b":
            return xp.any(a & b, axis=axis)
        return xp.sum(a.astype(target) * b.astype(target), axis=axis, dtype=target)

    def int_matmul(a: Any, b: Any) -> Any:
        target = np.result_type(a.dtype, b.dtype)
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError("matmul: Input operand does not have enough dimensions (0-d operands: use multiply)")
        left, right = (a[None, :] if a.ndim == 1 else a), (b[:, None] if b.ndim == 1 else b)
        if left.shape[-1] != right.shape[-2]:
            raise ValueError(
                f"matmul: the last axis of x1 ({left.shape[-1]}) and the second-to-last of x2 ({right.shape[-2]}) "
                "differ"
            )
        out = product_sum(left[..., :, :, None], right[..., None, :, :], -2, target)
        if a.ndim == 1:
            out = out[..., 0, :]
        return out[..., 0] if b.ndim == 1 else out

    matmul, dot, tensordot, einsum = xp.matmul, xp.dot, xp.tensordot, xp.einsum

    @on("matmul")
    def cupynumeric_matmul(x1: Any, x2: Any) -> Any:
        return int_matmul(xp.asarray(x1), xp.asarray(x2)) if exact(x1, x2) else matmul(x1, x2)

    @on("dot")
    def cupynumeric_dot(a: Any, b: Any) -> Any:
        if not exact(a, b) or a.ndim > 2 or b.ndim > 2:
            return dot(a, b)
        if a.ndim == 0 or b.ndim == 0:
            return xp.multiply(a, b)
        return int_matmul(a, b)

    @on("vecdot")
    def cupynumeric_vecdot(x1: Any, x2: Any, axis: int) -> Any:
        if exact(x1, x2):
            a, b = xp.broadcast_arrays(xp.asarray(x1), xp.asarray(x2))
            return product_sum(a, b, axis, np.result_type(a.dtype, b.dtype))
        return xp.sum(xp.conj(x1) * x2, axis=axis)

    @on("tensordot")
    def cupynumeric_tensordot(a: Any, b: Any, axes: Any) -> Any:
        if not exact(a, b):
            return tensordot(a, b, axes)
        if isinstance(axes, (int, np.integer)):
            axes_a, axes_b = list(range(a.ndim - int(axes), a.ndim)), list(range(int(axes)))
        else:
            axes_a, axes_b = ([int(i) for i in np.atleast_1d(ax)] for ax in axes)
        axes_a = [i % a.ndim for i in axes_a]
        axes_b = [i % b.ndim for i in axes_b]
        free_a = [i for i in range(a.ndim) if i not in axes_a]
        free_b = [i for i in range(b.ndim) if i not in axes_b]
        k = int(np.prod([a.shape[i] for i in axes_a]))
        left = xp.transpose(a, free_a + axes_a).reshape((int(np.prod([a.shape[i] for i in free_a])), k))
        right = xp.transpose(b, axes_b + free_b).reshape((k, int(np.prod([b.shape[i] for i in free_b]))))
        return int_matmul(left, right).reshape(tuple(a.shape[i] for i in free_a) + tuple(b.shape[i] for i in free_b))

    @on("einsum")
    def cupynumeric_einsum(subscripts: Any, *rest: Any) -> Any:
        *operands, optimize = rest
        if optimize is not False:  # a contraction order asked for: the shared einsum
            return numpy_like_einsum(xp, subscripts, *rest)
        if operands and all(getattr(o, "dtype", None) == np.dtype(bool) for o in operands):
            # bool: a sum of 0/1 products is exact in float64; NumPy's bool einsum is whether it is nonzero
            return einsum(subscripts, *(xp.asarray(o).astype(np.float64) for o in operands)) != 0
        return einsum(subscripts, *operands)

    inexact_power = or_host(xp, xp.linalg.matrix_power, np.linalg.matrix_power)  # (the shared registration's)

    @on("matrix_power")
    def cupynumeric_matrix_power(x: Any, n: int) -> Any:
        if not exact(x) or n < 0:
            return inexact_power(x, n)
        if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
            raise ValueError(f"matrix_power: x must be a stack of square matrices, got shape {x.shape}")
        out = xp.broadcast_to(xp.eye(x.shape[-1], dtype=x.dtype), x.shape).copy()
        base = x
        while n:  # square and multiply
            if n & 1:
                out = int_matmul(out, base)
            n >>= 1
            if n:
                base = int_matmul(base, base)
        return out


def _ascending(xp: Any, x: Any, axis: int) -> Any:
    """The stable ascending order of ``x`` along ``axis`` (indices), NaNs placed as NumPy places them."""
    if x.dtype.kind not in "fc":
        return xp.argsort(x, axis=axis, kind="stable")
    nan = _is_nan(xp, x)
    if not bool(xp.any(nan)):
        return xp.argsort(x, axis=axis, kind="stable")
    zero = xp.zeros((), x.dtype)
    if x.dtype.kind == "f":
        rank, key = nan, xp.where(nan, zero, x)
    else:  # NumPy's classes: no NaN, imaginary NaN (by real part), real NaN (by imaginary part), both
        real_nan, imag_nan = xp.isnan(x.real), xp.isnan(x.imag)
        rank = real_nan.astype(np.int8) * 2 + imag_nan.astype(np.int8)
        by_real, by_imag = x.real.astype(x.dtype), x.imag.astype(x.dtype)
        key = xp.where(rank == 0, x, xp.where(rank == 1, by_real, xp.where(rank == 2, by_imag, zero)))
    first = xp.argsort(key, axis=axis, kind="stable")  # by value, then (stably) by class: lexicographic
    second = xp.argsort(xp.take_along_axis(rank, first, axis), axis=axis, kind="stable")
    return xp.take_along_axis(first, second, axis)


def register_sorting(xp: Any, array: Any, backend: str) -> None:
    """``sort`` and ``argsort`` with NumPy's NaN placement (last; complex: ``R+Rj, R+nanj, nan+Rj, nan+nanj``;
    cuPyNumeric's sorts misorder arrays holding NaN) and NumPy's handling of 0-d input and ``axis=None``."""
    ops = {e.name: e.public for e in CATALOGUE}

    @implements_on(ops["sort"], array, backend)
    def cupynumeric_sort(x: Any, axis: Any, descending: bool, stable: bool) -> Any:
        if axis is None:
            x, axis = x.ravel(), -1
        elif x.ndim == 0:
            raise np.exceptions.AxisError(axis, 0)
        if descending:  # the reversed array sorted, reversed back: equal elements keep their order
            return xp.flip(cupynumeric_sort(xp.flip(x, axis=axis), axis, False, stable), axis=axis)
        return xp.take_along_axis(x, _ascending(xp, x, axis), axis) if x.dtype.kind in "fc" else xp.sort(x, axis=axis)

    @implements_on(ops["argsort"], array, backend)
    def cupynumeric_argsort(x: Any, axis: Any, descending: bool, stable: bool) -> Any:
        if axis is None or x.ndim == 0:  # NumPy: a 0-d array is one element, whatever the axis
            x, axis = x.ravel(), -1
        if descending:
            last = x.shape[axis] - 1
            return last - xp.flip(_ascending(xp, xp.flip(x, axis=axis), axis), axis=axis)
        return _ascending(xp, x, axis)


def register_matrix_functions(xp: Any, array: Any, backend: str) -> None:
    """``diagonal`` (zeros keep their sign: cuPyNumeric's loses it), ``trace`` (NumPy's dtype: as ``sum``) and
    ``cross`` of bool (NumPy refuses it). (``pinv``'s default ``rtol`` and dtype and the SVD of wide matrices: the
    shared `numpy_like.linalg`.)"""
    ops = {e.name: e.public for e in CATALOGUE}

    def on(name: str) -> Any:
        return implements_on(ops[name], array, backend)

    @on("diagonal")
    def cupynumeric_diagonal(a: Any, offset: int, axis1: int, axis2: int) -> Any:
        x = xp.moveaxis(a, (axis1, axis2), (-2, -1))
        rows, cols = x.shape[-2], x.shape[-1]
        n = max(0, min(rows + min(offset, 0), cols - max(offset, 0)))
        i = xp.arange(n)
        return x[..., i - min(offset, 0), i + max(offset, 0)]

    @on("trace")
    def cupynumeric_trace(a: Any, offset: int, axis1: int, axis2: int) -> Any:
        dt = a.dtype
        if dt.kind == "b" or (dt.kind in "iu" and dt.itemsize < 8):  # NumPy's: int64 or uint64, as sum
            dt = np.dtype(np.uint64 if dt.kind == "u" else np.int64)
        return xp.sum(cupynumeric_diagonal(a, offset, axis1, axis2), axis=-1, dtype=dt)

    @on("cross")
    def cupynumeric_cross(x1: Any, x2: Any, axis: int) -> Any:
        if x1.dtype.kind == "b" and x2.dtype.kind == "b":
            raise TypeError("cross: not defined for two bool arrays (as in NumPy: bool subtract is not supported)")
        return xp.cross(x1, x2, axis=axis)


#: the catalogue's binary arithmetic and comparison ops: a Python int beside an array is NumPy's weak scalar
#: (the logical ops: `truth` raises NumPy's OverflowError itself)
_BINARY = (
    "add", "subtract", "multiply", "divide", "power", "pow", "maximum", "minimum", "atan2", "copysign", "hypot",
    "logaddexp", "nextafter", "floor_divide", "remainder", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_left_shift", "bitwise_right_shift", "equal", "not_equal", "greater", "greater_equal", "less",
    "less_equal",
)  # fmt: skip


_COMPARISONS = ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal")
_FLIPPED = MappingProxyType(
    {"less": "greater", "less_equal": "greater_equal", "greater": "less", "greater_equal": "less_equal"}
)


#: reductions whose axis (second argument) may be 0 or -1 on a 0-d array, as NumPy's ufunc reductions take it
#: (NumPy's nanmean, nanstd and nanvar: of floating data only; of integers they are mean, std and var, which refuse)
_REDUCTIONS = (
    "all", "any", "argmax", "argmin", "count_nonzero", "max", "min", "sum", "prod", "nanmax", "nanmin",
    "nanargmax", "nanargmin", "nansum", "nanmean", "nanstd", "nanvar",
)  # fmt: skip
#: reductions that cuPyNumeric cannot take over no axis (max and min: before `infinite_extremes`)
_NO_AXIS = ("max", "min", "nanmax", "nanmin", "nansum", "nanmean", "nanstd", "nanvar", "vector_norm")
#: linear algebra that NumPy refuses for float16 (TypeError; cuPyNumeric's LAPACK tasks abort the process)
_FLOAT16_REFUSED = (
    "inv", "det", "slogdet", "eigvals", "svdvals", "pinv", "matrix_rank", "cholesky", "eigh", "eigvalsh", "qr",
    "svd", "solve", "eig", "cond", "lstsq",
)  # fmt: skip


#: linear algebra whose empty operands get NumPy's answer
_LINALG = (
    *_FLOAT16_REFUSED, "matrix_power", "matrix_norm", "expm", "logm", "sqrtm", "tensorinv", "tensorsolve",
)  # fmt: skip


@functools.cache
def _numpy_reciprocal_of_zero(dtype: np.dtype[Any]) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.reciprocal(np.zeros((), dtype))


def _beyond_c_long(value: Any) -> bool:
    """A Python int beyond int64 (NumPy's answer beside an array then depends on the array's dtype; beyond
    uint64, cuPyNumeric makes it an object array and refuses it)."""
    return type(value) is int and not -(2**63) <= value < 2**63


def register_corner_cases(xp: Any, array: Any, backend: str) -> None:  # noqa: C901, PLR0915
    """NumPy's answers where the deep profile of tests/differential.py found cuPyNumeric's to differ beyond the
    kernels above, as layers around the registered implementations (`layers` in the body, outermost first):

    - operands: a Python int beyond int64 beside an array (NumPy's OverflowError, or the number as a float where
      NumPy computes in one), int64 beside uint64 compared exactly, ``where``'s weak Python number, NumPy values
      given to a cuPyNumeric generator's ``permutation``;
    - reductions: a 0-d array over axis 0 or -1 (NumPy's ufunc reductions take it), ``axis=()`` for the
      nan-reductions and ``vector_norm``, max/min of infinities only (cuPyNumeric: the largest finite number),
      nanmax/nanmin of NaN only, ``argmax``/``argmin`` of a slice of the reduction's identity (cuPyNumeric:
      -2**63), ``count_nonzero`` over ``()``/with ``keepdims``, quantiles of data with NaN;
    - kernels cuPyNumeric lacks or gets wrong: ``isclose``/``allclose`` with ``equal_nan``, integer
      ``inner``/``einsum`` (`_exact_einsum`), ``isin`` in int32, ``bincount`` of bool, integer ``histogram``,
      float ``floor_divide`` (NumPy's fmod-based one), integer ``round``/``reciprocal``, ``diag``'s -0.0,
      ``inv`` of stacks, NumPy's ``clip`` rules, ``arange`` of more than 2 bools refused;
    - linear algebra: float16 refused and empty operands answered by NumPy (cuPyNumeric's solvers abort the
      process on both);
    - complex special values: zero signs of ``cos``/``cosh``/``log1p``/``sqrt``/``nan_to_num``, ``log2`` of 0
      and infinities, ``sign``/``tan``/``tanh`` of infinities.

    Called after the other registrations: it wraps the implementations registered before it."""
    ops = {e.name: e.public for e in CATALOGUE}

    def on(name: str) -> Any:
        return implements_on(ops[name], array, backend)

    def kind(value: Any) -> str:
        return str(getattr(value, "dtype", np.dtype(type(value))).kind)

    @on("count_nonzero")
    def cupynumeric_count_nonzero(x: Any, axis: Any, keepdims: bool) -> Any:
        nonzero = x if x.dtype.kind == "b" else x != 0
        if axis == ():  # (cuPyNumeric's count_nonzero fails an assertion)
            return nonzero.astype(np.int64)
        return xp.sum(nonzero, axis=axis, keepdims=keepdims, dtype=np.int64)

    def python_ints(name: str, impl: Any) -> Any:
        def weak_ints(x1: Any, x2: Any) -> Any:
            if _beyond_c_long(x1) or _beyond_c_long(x2):
                x1, x2 = _numpy_operands(name, x1, x2)
            return impl(x1, x2)

        return weak_ints

    def _numpy_operands(name: str, x1: Any, x2: Any) -> tuple[Any, Any]:
        """The operands with NumPy's conversion of the Python int: beside a float or complex array, its value as
        a float; beside an integer or bool one, NumPy's OverflowError, or the value as a float where NumPy
        computes in one (`atan2`, `hypot`...; the array cast to that dtype)."""
        other = x2 if type(x1) is int else x1
        if not isinstance(other, array):
            return x1, x2
        if other.dtype.kind in "biu":
            probe = tuple(np.ones(1, v.dtype) if isinstance(v, array) else v for v in (x1, x2))
            try:
                with np.errstate(all="ignore"):
                    target = np.asarray(getattr(np, name)(*probe)).dtype
            except OverflowError as err:
                raise OverflowError(f"{name}: {err} (beside a {other.dtype} array, as in NumPy)") from None
            except TypeError:
                return x1, x2  # no NumPy loop: the implementation says so
            if target.kind not in "fc":
                return x1, x2
            other = other.astype(target)
        return tuple(float(v) if _beyond_c_long(v) else other for v in (x1, x2))  # type: ignore[return-value]

    def mixed_sign(name: str, impl: Any) -> Any:
        def exact(x1: Any, x2: Any) -> Any:
            kinds = (getattr(x1, "dtype", None), getattr(x2, "dtype", None))
            if not (isinstance(x1, array) and isinstance(x2, array) and np.dtype(np.uint64) in kinds):
                return impl(x1, x2)
            if {kinds[0].kind, kinds[1].kind} != {"i", "u"}:  # type: ignore[union-attr]
                return impl(x1, x2)
            # cuPyNumeric compares a signed integer with a uint64 in float64 (NumPy: exactly); a negative value
            # is below every unsigned one, and the others compare as uint64
            flip = kinds[0].kind == "u"  # type: ignore[union-attr]
            signed, unsigned = (x2, x1) if flip else (x1, x2)
            op = _FLIPPED.get(name, name) if flip else name
            negative = signed < 0
            answer = getattr(xp, op)(signed.astype(np.uint64), unsigned)
            if op in ("less", "less_equal", "not_equal"):
                return negative | answer
            return ~negative & answer

        return exact

    def no_axis(name: str, impl: Any) -> Any:
        at = [p for p in inspect.signature(ops[name]).parameters if p != "ctx"].index("keepdims")

        def reduction(*args: Any) -> Any:
            if isinstance(args[1], tuple) and not args[1]:  # axis=(): cuPyNumeric 26.6 asserts
                fixed = list(args)
                fixed[0], fixed[1], fixed[at] = over_new_axis(xp, args[0])
                args = tuple(fixed)
            return impl(*args)

        return reduction

    def checked_axis(name: str, impl: Any) -> Any:
        def norm(x: Any, axis: Any, *rest: Any) -> Any:
            if axis is not None and axis != ():  # (cuPyNumeric's takes axis 0 of a 0-d array; NumPy: AxisError)
                normalize_axis_tuple(axis, x.ndim)
            return impl(x, axis, *rest)

        return norm

    def infinite_extremes(name: str, impl: Any) -> Any:
        infinity = -np.inf if "max" in name else np.inf

        def reduction(a: Any, axis: Any, keepdims: bool) -> Any:
            out = impl(a, axis, keepdims)
            if a.dtype.kind != "f" or a.size == 0:
                return out
            # cuPyNumeric's max (min) of a slice of -inf (inf) only is the largest finite number's negative
            at = a == infinity
            if not name.startswith("nan"):
                only = xp.all(at, axis=axis, keepdims=keepdims)
                return xp.where(only, xp.full((), infinity, out.dtype), out)
            nan = xp.isnan(a)  # nanmax: likewise of -inf and NaN only; of NaN only, NaN (cuPyNumeric: finite)
            only = xp.all(at | nan, axis=axis, keepdims=keepdims) & xp.any(at, axis=axis, keepdims=keepdims)
            out = xp.where(only, xp.full((), infinity, out.dtype), out)
            return xp.where(xp.all(nan, axis=axis, keepdims=keepdims), xp.full((), np.nan, out.dtype), out)

        return reduction

    def zero_d_axis(name: str, impl: Any) -> Any:
        def whole(a: Any, axis: Any, *rest: Any) -> Any:
            if type(axis) is int and axis in (0, -1) and a.ndim == 0:  # NumPy: the 0-d array's one element
                axis = axis if name in ("nanmean", "nanstd", "nanvar") and a.dtype.kind not in "fc" else None
            out = impl(a, axis, *rest)
            if "arg" in name:  # cuPyNumeric: -2**63 where every element is the reduction's identity
                out = xp.where(out < 0, xp.zeros((), out.dtype), out)
            return out

        return whole

    def closeness(name: str, impl: Any) -> Any:
        def equal_nan_too(a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> Any:
            if name == "allclose":  # every element isclose (cuPyNumeric's allclose: equal_nan NotImplementedError)
                return bool(xp.all(ops["isclose"](a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)))
            if not equal_nan or "c" in kind(a) + kind(b):  # (the complex implementation reads equal_nan itself)
                return impl(a, b, rtol, atol, equal_nan)
            close = impl(a, b, rtol, atol, False)
            return close | (xp.isnan(a) & xp.isnan(b)) if kind(a) == "f" and kind(b) == "f" else close

        return equal_nan_too

    def integer_contraction(name: str, impl: Any) -> Any:
        def exact(*args: Any) -> Any:
            operands = [a for a in args if isinstance(a, array)]
            dtypes = {a.dtype for a in operands}
            if not operands or not all(d.kind in "biu" for d in dtypes) or dtypes == {np.dtype(bool)}:
                return impl(*args)  # (bool alone: the implementation's exact float64 sum of 0/1 products)
            if name == "einsum":
                subscripts = args[0]  # (optimize, last: the order of an exact sum does not matter)
                if not isinstance(subscripts, str) or "..." in subscripts or len(operands) != len(args) - 2:
                    return impl(*args)
                return _exact_einsum(xp, subscripts, operands)
            a, b = operands
            if a.ndim == 0 or b.ndim == 0:
                common = np.result_type(a.dtype, b.dtype)
                return xp.multiply(a.astype(common), b.astype(common))
            left, right = _LETTERS[: a.ndim - 1], _LETTERS[a.ndim - 1 : a.ndim + b.ndim - 2]
            return _exact_einsum(xp, f"{left}z,{right}z->{left}{right}", [a, b])

        return exact

    def isin_wide(name: str, impl: Any) -> Any:
        def isin(x1: Any, x2: Any, invert: bool) -> Any:
            common = np.result_type(*(v.dtype if isinstance(v, array) else v for v in (x1, x2)))
            if common == np.int32:  # cuPyNumeric 26.6's int32 isin misses matches; its int64 one does not
                x1, x2 = (v.astype(np.int64) if isinstance(v, array) else v for v in (x1, x2))
            return impl(x1, x2, invert)

        return isin

    def bool_counts(name: str, impl: Any) -> Any:
        def bincount(x: Any, *rest: Any) -> Any:
            return impl(x.astype(np.int64) if x.dtype.kind == "b" else x, *rest)  # (cuPyNumeric: TypeError)

        return bincount

    def zero_angle_sign(name: str, impl: Any) -> Any:
        def signed(x: Any) -> Any:
            out = impl(x)
            if out.dtype.kind != "c":
                return out
            # the imaginary part is the angle atan2(Im, Re + 1): a zero one has the sign of x's imaginary part
            wrong = (out.imag == 0) & (xp.signbit(out.imag) != xp.signbit(x.imag))
            return xp.where(wrong, xp.conj(out), out)

        return signed

    def numpy_exp(x: Any) -> Any:
        """cuPyNumeric's complex exp, with NumPy's (C99's) sign of the zero it gives for -inf + i·inf or NaN."""
        out = xp.exp(x)
        zero = xp.asarray(np.zeros((), dtype=out.dtype))
        signed_zero = xp.where(xp.signbit(x.imag), xp.conj(zero), zero)
        return xp.where(xp.isneginf(x.real) & ~xp.isfinite(x.imag), signed_zero, out)

    def complex_exp(name: str, impl: Any) -> Any:
        def exp(x: Any) -> Any:
            return numpy_exp(x) if x.dtype.kind == "c" else impl(x)

        return exp

    def exp2_by_parts(name: str, impl: Any) -> Any:
        def exp2(x: Any) -> Any:
            if x.dtype.kind != "c":
                return impl(x)
            # cuPyNumeric's complex exp2 multiplies z by ln 2 as complex numbers (NaN parts beside an infinite
            # one, the sign of a zero imaginary part lost). NumPy's is exp of z scaled part by part: assembled
            # here as (exp2(re), ±0) for a zero imaginary part, exp(z) for a non-finite one (scaling keeps it),
            # else exp(re ln2 + i im ln2) (t*i is exact for a finite, non-zero t)
            ln2 = np.log(2.0)
            re, im = x.real, x.imag
            i = xp.asarray(np.array(1j, dtype=x.dtype))
            scaled = xp.exp((re * ln2).astype(x.dtype) + (im * ln2).astype(x.dtype) * i)
            real = xp.exp2(re).astype(x.dtype)
            on_axis = xp.where(xp.signbit(im), xp.conj(real), real)
            return xp.where(im == 0, on_axis, xp.where(xp.isfinite(im), scaled, numpy_exp(x)))

        return exp2

    def log2_of_extremes(name: str, impl: Any) -> Any:
        def log2(x: Any) -> Any:
            out = impl(x)
            if out.dtype.kind != "c":
                return out
            # cuPyNumeric's complex log2 is log(z) / ln 2, a complex division: NaN parts where |z| is 0 or inf.
            # NumPy's is log(z) scaled part by part: ±inf + i angle/ln 2, assembled here from constants and
            # t*i (exact where t is neither 0 nor NaN)
            natural = xp.log(x)
            t = natural.imag / np.log(2.0)
            up = natural.real > 0

            def const(real: float, imag: float) -> Any:
                return xp.asarray(np.array(complex(real, imag), dtype=out.dtype))

            def by_sign(imag_pos: float, imag_neg: float) -> Any:
                return xp.where(up, const(np.inf, imag_pos), const(-np.inf, imag_pos)), xp.where(
                    up, const(np.inf, imag_neg), const(-np.inf, imag_neg)
                )

            positive, negative = by_sign(0.0, -0.0)
            assembled = positive + t.astype(out.dtype) * const(0.0, 1.0)
            assembled = xp.where(t == 0, xp.where(xp.signbit(t), negative, positive), assembled)
            assembled = xp.where(xp.isnan(t), by_sign(np.nan, np.nan)[0], assembled)
            return xp.where(xp.isinf(natural.real), assembled, out)

        return log2

    def numpy_clip(name: str, impl: Any) -> Any:
        def clip(x: Any, min_: Any, max_: Any, *names: Any) -> Any:
            if not isinstance(x, array) or any(v is not None for v in names):
                return impl(x, min_, max_, *names)
            if x.dtype.kind in "iu":  # NumPy's clip drops a Python int bound beyond the dtype's range
                info = np.iinfo(x.dtype)
                min_ = None if type(min_) is int and min_ <= info.min else min_
                max_ = None if type(max_) is int and max_ >= info.max else max_
            if min_ is None and max_ is None:  # NumPy's clip is then positive(x)
                if x.dtype.kind == "b":
                    raise TypeError("clip: a bool array without bounds has no NumPy answer (no positive of bool)")
                return x.copy()  # (cuPyNumeric's clip of complex without bounds is real)
            return impl(x, min_, max_, *names)

        return clip

    def bool_range(name: str, impl: Any) -> Any:
        def arange(start: Any, stop: Any, step: Any, dtype: Any, *rest: Any) -> Any:
            try:
                boolean = dtype is not None and np.dtype(dtype).kind == "b"
            except TypeError:
                boolean = False  # (a dtype NumPy does not read: the implementation says what is wrong)
            if boolean and all(isinstance(v, (int, float)) for v in (start, stop, step) if v is not None):
                first, last = (0, start) if stop is None else (start, stop)
                if math.ceil((last - first) / (1 if step is None else step)) > 2:  # (cuPyNumeric: ValueError)
                    raise TypeError("arange: a bool range has at most 2 values (as in NumPy); use another dtype")
            return impl(start, stop, step, dtype, *rest)

        return arange

    def complex_specials(name: str, impl: Any) -> Any:
        def special(x: Any, *rest: Any) -> Any:
            out = impl(x, *rest)
            if out.dtype.kind != "c" or x.dtype.kind != "c":
                return out
            re, im = x.real, x.imag

            def const(real: float, imag: float) -> Any:
                return xp.asarray(np.array(complex(real, imag), dtype=out.dtype))

            def signed(mask: Any, by: Any, negative: Any, positive: Any) -> Any:
                return xp.where(mask, xp.where(xp.signbit(by), negative, positive), out)

            if name == "sign":  # NumPy: one infinite part gives its sign (cuPyNumeric: z/|z| = NaN)
                out = signed(xp.isinf(re) & xp.isfinite(im), re, const(-1.0, 0.0), const(1.0, 0.0))
                return signed(xp.isinf(im) & xp.isfinite(re), im, const(0.0, -1.0), const(0.0, 1.0))
            if name == "tan":  # C99 (NumPy): tan(inf or NaN ± 0i) = NaN ± 0i
                return signed(~xp.isfinite(re) & (im == 0), im, const(np.nan, -0.0), const(np.nan, 0.0))
            if name == "tanh":  # C99 (NumPy): tanh(±0 + i inf or NaN) = ±0 + NaN i
                return signed((re == 0) & ~xp.isfinite(im), re, const(-0.0, np.nan), const(0.0, np.nan))
            if name == "sqrt":  # C99 (NumPy): the real part of a square root is +0, never -0 (cuPyNumeric's complex64)
                return xp.where((out.real == 0) & xp.signbit(out.real), -xp.conj(out), out)
            # nan_to_num: a zero imaginary part keeps its sign (cuPyNumeric's is +0)
            wrong = (im == 0) & (out.imag == 0) & (xp.signbit(out.imag) != xp.signbit(im))
            return xp.where(wrong, xp.conj(out), out)

        return special

    def reciprocal_of_zero(name: str, impl: Any) -> Any:
        def reciprocal(x: Any) -> Any:
            out = impl(x)
            if out.dtype.kind not in "iu":
                return out
            # NumPy's integer reciprocal is 1.0 / x cast back: at 0, its cast of inf on this machine (x86: the
            # minimum of int32 and int64, else 0); cuPyNumeric gives 0
            return xp.where(x == 0, xp.asarray(_numpy_reciprocal_of_zero(out.dtype)), out)

        return reciprocal

    def integer_round(name: str, impl: Any) -> Any:
        def round_(x: Any, decimals: int) -> Any:
            if x.dtype.kind in "iu" and decimals >= 0:  # the integers themselves (cuPyNumeric's go through float)
                return x.copy()
            return impl(x, decimals)

        return round_

    def weak_branch(name: str, impl: Any) -> Any:
        def where(condition: Any, x: Any, y: Any) -> Any:
            arrays = [v for v in (x, y) if isinstance(v, array)]
            if len(arrays) == 1 and all(type(v) in (bool, int, float, complex) for v in (x, y) if v is not arrays[0]):
                dtype = np.result_type(arrays[0].dtype, y if x is arrays[0] else x)  # NEP 50: the number is weak
                x, y = (v if isinstance(v, array) else xp.asarray(v, dtype=dtype) for v in (x, y))
            return impl(condition, x, y)

        return where

    def bounded_indices(name: str, impl: Any) -> Any:
        def unravel_index(indices: Any, shape: Any, order: str) -> Any:
            size = math.prod(np.atleast_1d(shape).tolist())
            if isinstance(indices, array) and indices.size and bool(xp.any((indices < 0) | (indices >= size))):
                raise ValueError(f"unravel_index: an index is out of bounds for an array of size {size} (as in NumPy)")
            return impl(indices, shape, order)

        return unravel_index

    def nan_quantiles(name: str, impl: Any) -> Any:
        def quantile(a: Any, q: Any, axis: Any, *rest: Any) -> Any:
            out = impl(a, q, axis, *rest)
            if a.dtype.kind != "f" or a.size == 0:
                return out
            keepdims = rest[-1]  # NumPy: NaN where the data has one (cuPyNumeric's sort puts NaN last, unused)
            nan = xp.any(xp.isnan(a), axis=axis, keepdims=keepdims)
            return xp.where(nan, xp.full((), np.nan, out.dtype), out)

        return quantile

    def no_float16(name: str, impl: Any) -> Any:
        def refused(*args: Any) -> Any:
            if any(getattr(a, "dtype", None) == np.float16 for a in args):  # (cuPyNumeric's solvers abort)
                raise TypeError(f"{name}: array type float16 is unsupported in linalg (as in NumPy); cast to float32")
            return impl(*args)

        return refused

    def one_matrix_at_a_time(name: str, impl: Any) -> Any:
        def each(x: Any) -> Any:
            if x.size == 0 and x.ndim >= 2 and x.shape[-1] == x.shape[-2]:  # (cuPyNumeric: ZeroDivisionError)
                return xp.zeros(x.shape, x.dtype if x.dtype.kind in "fc" else np.float64)
            if x.ndim <= 2:
                return impl(x)
            flat = x.reshape((-1, *x.shape[-2:]))  # cuPyNumeric 26.6's batched inverse is wrong after the first
            return xp.stack([impl(m) for m in flat]).reshape(x.shape)

        return each

    def signed_diagonal(name: str, impl: Any) -> Any:
        def diag(v: Any, k: int) -> Any:
            if v.ndim != 2:
                return impl(v, k)
            n = max(0, min(v.shape[0] + min(k, 0), v.shape[1] - max(k, 0)))  # (cuPyNumeric's loses -0.0)
            i = xp.arange(n)
            return v[i - min(k, 0), i + max(k, 0)]

        return diag

    def float_data(name: str, impl: Any) -> Any:
        def histogram(a: Any, *rest: Any) -> Any:  # cuPyNumeric's integer histogram miscounts: NumPy's edges are float
            return impl(a.astype(np.float64) if a.dtype.kind in "biu" else a, *rest)

        return histogram

    def numpy_floor_division(name: str, impl: Any) -> Any:
        def floor_divide(x1: Any, x2: Any) -> Any:
            out = impl(x1, x2)
            if out.dtype.kind != "f":
                return out
            # NumPy's float floor division goes through fmod (npy_divmod), not floor(x1 / x2): they differ where
            # the quotient rounds (uint64 by int32); float16 is computed in float32, as NumPy's loop does
            work = np.dtype(np.float32) if out.dtype == np.float16 else out.dtype
            a, b = xp.asarray(x1).astype(work), xp.asarray(x2).astype(work)
            mod = xp.fmod(a, b)
            div = (a - mod) / b
            div = xp.where((mod != 0) & ((b < 0) != (mod < 0)), div - 1, div)
            floor = xp.floor(div)
            floor = xp.where(div - floor > 0.5, floor + 1, floor)
            ordinary = xp.isfinite(a) & xp.isfinite(b) & (b != 0) & (div != 0)
            return xp.where(ordinary, floor.astype(out.dtype), out)

        return floor_divide

    def zero_imaginary_sign(name: str, impl: Any) -> Any:
        def signed(x: Any) -> Any:
            out = impl(x)
            if out.dtype.kind != "c":
                return out
            re, im = x.real, x.imag
            # cos(a+bi) = cos a cosh b - i sin a sinh b = cosh(-b+ai); cosh(a+bi) = cosh a cos b + i sinh a sin b.
            # Where a factor of the imaginary part is NaN, NumPy's (C library's) zero is +0, but cosh(NaN ± 0i)
            # keeps the sign of the 0
            if name == "cos":
                f1, f2, nan_part, zero_part = xp.sin(re), xp.sinh(im), im, re
                negative = xp.signbit(f1) == xp.signbit(f2)
            else:
                f1, f2, nan_part, zero_part = xp.sinh(re), xp.sin(im), re, im
                negative = xp.signbit(f1) != xp.signbit(f2)
            undefined = xp.isnan(f1) | xp.isnan(f2)
            negative = xp.where(undefined, xp.isnan(nan_part) & xp.signbit(zero_part), negative)
            wrong = (out.imag == 0) & (xp.signbit(out.imag) != negative)
            return xp.where(wrong, xp.conj(out), out)

        return signed

    def empty_on_host(name: str, impl: Any) -> Any:
        entry = next(e for e in CATALOGUE if e.name == name)

        def run(*args: Any) -> Any:
            if not any(isinstance(a, array) and a.size == 0 for a in args):
                return impl(*args)
            # NumPy's answer for empty operands (its shape, dtype or error): cuPyNumeric's solvers raise
            # ZeroDivisionError or abort the process on them. An operand that is not empty still decides the
            # answer (lstsq's rank, solve's singular matrix): its data comes along
            host = tuple(
                (np.asarray(a) if a.size else np.empty(a.shape, a.dtype)) if isinstance(a, array) else a for a in args
            )
            numpy_impl = entry.implementation("numpy", [type(h) for h in host if isinstance(h, np.ndarray)])
            return _on_device(numpy_impl(*host))

        return run

    def _on_device(value: Any) -> Any:
        if isinstance(value, tuple):
            items = [_on_device(v) for v in value]
            return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
        return xp.asarray(value) if isinstance(value, (np.ndarray, np.generic)) else value

    # each op's wrappers, the outermost first
    layers: tuple[tuple[tuple[str, ...], Any], ...] = (
        (_BINARY, python_ints),
        (_COMPARISONS, mixed_sign),
        (("floor_divide",), numpy_floor_division),
        (_REDUCTIONS, zero_d_axis),
        (_NO_AXIS, no_axis),
        (("vector_norm",), checked_axis),
        (("max", "min", "nanmax", "nanmin"), infinite_extremes),
        (("isclose", "allclose"), closeness),
        (("inner", "einsum"), integer_contraction),
        (("isin",), isin_wide),
        (("bincount",), bool_counts),
        (("cos", "cosh"), zero_imaginary_sign),
        (("log1p",), zero_angle_sign),
        (("log2",), log2_of_extremes),
        (("exp",), complex_exp),
        (("exp2",), exp2_by_parts),
        (("sign", "tan", "tanh", "nan_to_num", "sqrt"), complex_specials),
        (("round",), integer_round),
        (("reciprocal",), reciprocal_of_zero),
        (("where",), weak_branch),
        (("unravel_index",), bounded_indices),
        (("quantile", "percentile"), nan_quantiles),
        (("clip",), numpy_clip),
        (("diag",), signed_diagonal),
        (("histogram",), float_data),
        (_FLOAT16_REFUSED, no_float16),
        (_LINALG, empty_on_host),
        (("inv",), one_matrix_at_a_time),
    )

    def wrap(name: str, impl: Any) -> Any:
        for names, layer in reversed(layers):
            if name in names:
                impl = layer(name, impl)
        return impl

    wrap_registrations((array,), wrap)
    wrap_registrations((TAGS[backend],), lambda name, impl: bool_range(name, impl) if name == "arange" else impl)

    def permutation(name: str, impl: Any) -> Any:
        def on_device(rng: Any, x: Any) -> Any:  # the mixing rules: NumPy data beside a cuPyNumeric generator
            return impl(rng, xp.asarray(x) if isinstance(x, np.ndarray) else x)

        return on_device

    wrap_registrations((xp.random.Generator,), lambda n, impl: permutation(n, impl) if n == "permutation" else impl)


_LETTERS = "abcdefghijklmnopqrstuvwxy"


def _exact_einsum(xp: Any, subscripts: str, operands: list[Any]) -> Any:
    """NumPy's einsum of bool and integer arrays (cuPyNumeric's contraction has no integer kernel): each operand
    laid out on every label's axis, their products (wrapping in the common dtype; bool: and) summed over the
    labels not in the output (bool: any). Memory: one element per combination of the labels' values."""
    spec = subscripts.replace(" ", "")
    inputs, arrow, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(operands):
        raise ValueError(f"einsum: {len(terms)} operand subscripts in {subscripts!r}, but {len(operands)} operands")
    if not arrow:  # NumPy's implicit output: the labels seen once, in alphabetical order
        output = "".join(sorted(c for c in set(inputs) - {","} if inputs.count(c) == 1))
    summed = [c for c in dict.fromkeys(inputs) if c not in (",", *output)]
    order = [*output, *summed]
    common = np.result_type(*(o.dtype for o in operands))
    sizes: dict[str, int] = {}
    total: Any = None
    for term, operand in zip(terms, operands, strict=True):
        x, labels = operand, list(term)
        if len(labels) != x.ndim:
            raise ValueError(f"einsum: subscripts {term!r} name {len(labels)} axes of an operand with {x.ndim}")
        while (dup := next((c for c in labels if labels.count(c) > 1), None)) is not None:
            i = labels.index(dup)
            j = labels.index(dup, i + 1)
            x = xp.diagonal(x, 0, i, j)  # (the diagonal's axis last)
            labels = [c for k, c in enumerate(labels) if k not in (i, j)] + [dup]
        for c, n in zip(labels, x.shape, strict=True):
            if sizes.setdefault(c, n) != n:
                raise ValueError(f"einsum: label {c!r} has size {n} in one operand and {sizes[c]} in another")
        x = xp.transpose(x, sorted(range(len(labels)), key=lambda k: order.index(labels[k])))
        present = sorted(labels, key=order.index)
        x = x.reshape(tuple(x.shape[present.index(c)] if c in labels else 1 for c in order)).astype(common)
        total = x if total is None else (total & x if common.kind == "b" else total * x)
    if not summed:
        return xp.broadcast_to(total, tuple(sizes[c] for c in output)).copy()
    axes = tuple(range(len(output), len(order)))
    return xp.any(total, axis=axes) if common.kind == "b" else xp.sum(total, axis=axes, dtype=common)

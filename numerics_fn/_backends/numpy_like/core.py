"""Implementations shared by NumPy and cuPyNumeric: `register` takes the module ``xp``."""

from __future__ import annotations

import contextlib
import inspect
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from ... import _ops as ops
from ..._context import Context, generator_context, on_device
from ..._dispatch import (
    backend_of_type,
    backend_of_value,
    bad_argument,
    creation_shortcut,
    identity_shortcut,
    implements,
    implements_on,
)  # fmt: skip
from ..._dtypes import DType, default_dtype_name, dtype_name
from ..._errors import MixedBackendError, UnsupportedTypeError

__all__ = [
    "SHAPE",
    "check_assume_a",
    "det_from_eigvals",
    "expm_pade13",
    "kron_by_broadcasting",
    "neutral_data",
    "non_number",
    "over_new_axis",
    "prod_by_halving",
    "qr_without_mode",
    "register",
    "register_random",
    "shape_checked",
]  # fmt: skip

#: What a creation or random function's ``shape`` must be (for `bad_argument` messages).
SHAPE = "an int or a tuple of ints"
# NumPy before 2.3 takes None as a shape (a deprecated alias of ()); numerics_fn refuses it on every NumPy.
_NONE_IS_A_SHAPE = np.lib.NumpyVersion(np.__version__) < "2.3.0"
_NUMBERS = frozenset({bool, int, float, complex})
_CPU = frozenset({"cpu"})  # the device of every NumPy-like backend's arrays (NumPy's x.device too)


def shape_checked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` (a creation function whose first argument is a shape) refusing a None shape with TypeError,
    as NumPy 2.3 and later do; ``fn`` itself where the library already does."""
    if not _NONE_IS_A_SHAPE:
        return fn

    def checked(shape_: Any, *args: Any, **kwargs: Any) -> Any:
        if shape_ is None:
            raise TypeError("None is not a shape; use () for a 0-d array")
        return fn(shape_, *args, **kwargs)

    return checked


_SOLVE_KINDS = ("gen", "sym", "her", "pos")
# Padé(13) coefficients and the 1-norm bound for squaring (Higham 2005, "The scaling and squaring
# method for the matrix exponential revisited").
_PADE13 = (
    64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
    10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0,
)  # fmt: skip
_THETA13 = 5.371920351148152


def over_new_axis(xp: Any, a: Any) -> tuple[Any, int, bool]:
    """``(a, axis, keepdims)`` for a reduction over no axis (``axis=()``, nothing reduced, as NumPy) where the
    library cannot take one (cuPyNumeric 26.6 asserts): the same reduction over a new last axis of one, which
    reduces nothing and keeps the reduction's dtype rules."""
    return xp.expand_dims(a, -1), -1, False


def sequence_axis_error(op: str, axis: Any, err: Exception) -> Exception:
    """The error for ``stack``/``concatenate`` whose library raised ``err`` (a TypeError): where ``axis`` is no
    int (``nf.stack(x, y)`` puts ``y`` there), one that says so; else ``err`` itself."""
    if axis is None or isinstance(axis, numbers.Integral) or (hasattr(axis, "__index__") and np.ndim(axis) == 0):
        return err
    return bad_argument(op, "axis", axis, f"an int (the arrays go in one sequence: nf.{op}([x, y]))")


def owner_of(value: Any) -> str | None:
    """The backend of array ``value``; None for anything else (numbers, lists, slices)."""
    try:
        return backend_of_type(type(value))
    except UnsupportedTypeError:
        return None


def map_index(index: Any, convert: Callable[[Any], Any]) -> Any:
    """``index`` (one item or a tuple of items) with ``convert`` applied to each item."""
    return tuple(map(convert, index)) if isinstance(index, tuple) else convert(index)


def negative_step(index: Any) -> bool:
    """Whether ``index`` (an item or a tuple of items) holds a slice with a negative step."""
    items = index if isinstance(index, tuple) else (index,)
    return any(isinstance(i, slice) and i.step is not None and i.step < 0 for i in items)


def partial_mask(index: Any, ndim: int) -> bool:
    """Whether ``index`` holds a boolean array that masks fewer (or other) axes than all ``ndim`` of x's."""
    items = index if isinstance(index, tuple) else (index,)
    return any(
        getattr(getattr(i, "dtype", None), "kind", "") == "b" and (len(items) > 1 or i.ndim != ndim) for i in items
    )


def host_index(item: Any) -> Any:
    """One index item as NumPy takes it (arrays of any backend as NumPy arrays)."""
    return item if owner_of(item) in (None, "numpy") else ops.to_numpy(item)


def non_number(*named: tuple[str, Any], optional: tuple[str, ...] = ()) -> tuple[str, Any] | None:
    """The first ``(name, value)`` whose value is not a number (None passes where ``optional``)."""
    for name, value in named:
        if not isinstance(value, numbers.Number) and not (value is None and name in optional):
            return name, value
    return None


def check_assume_a(assume_a: object) -> str:
    """Validate ``solve``'s ``assume_a`` (SciPy's names)."""
    if assume_a not in _SOLVE_KINDS:
        raise ValueError(f"solve: assume_a={assume_a!r} is not supported; use one of {', '.join(_SOLVE_KINDS)}")
    return str(assume_a)


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


def prod_by_halving(xp: Any, a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Product over ``axis`` by multiplying halves (log2(n) elementwise steps), from ``xp`` operations
    only: for libraries whose ``prod`` reduction lacks a dtype (cuPyNumeric 26.6: complex)."""
    nd = a.ndim
    axes = tuple(range(nd)) if axis is None else tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    for ax in axes:
        if not -nd <= ax < nd:
            raise np.exceptions.AxisError(ax, nd)
    axes = tuple(sorted({ax % nd for ax in axes}))
    kept = [d for d in range(nd) if d not in axes]
    w = xp.reshape(xp.transpose(a, (*kept, *axes)), (*(a.shape[d] for d in kept), math.prod(a.shape[d] for d in axes)))
    if w.shape[-1] == 0:
        out = xp.ones(w.shape[:-1], dtype=a.dtype)
    else:
        while w.shape[-1] > 1:
            half = w.shape[-1] // 2
            head = w[..., :half] * w[..., half : 2 * half]
            w = head if w.shape[-1] % 2 == 0 else xp.concatenate([head, w[..., 2 * half :]], axis=-1)
        out = w[..., 0]
    return xp.reshape(out, tuple(1 if d in axes else n for d, n in enumerate(a.shape))) if keepdims else out


def det_from_eigvals(xp: Any, a: Any) -> Any:
    """Determinant as the product of the eigenvalues (for libraries without ``ops.det``).

    The eigenvalues come from a backward-stable Schur factorisation, so their product is the exact
    determinant of a nearby matrix, as with LU; a real input gives the real part (the imaginary part
    of a product of conjugate pairs is rounding).
    """
    out = prod_by_halving(xp, xp.linalg.eigvals(a), axis=-1)
    return out.real if a.dtype.kind != "c" else out


def qr_without_mode(xp: Any, a: Any, mode: str) -> Any:
    """``qr(a, mode)`` from a reduced-only ``xp.linalg.qr``: for ``"complete"`` with more rows than
    columns, the reduced QR of ``[a | I]`` is a complete QR of ``a`` (its first columns are ``a``'s)."""
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode={mode!r} is not supported; use 'reduced' or 'complete'")
    m, n = a.shape[-2], a.shape[-1]
    if mode == "reduced" or m <= n:
        return tuple(xp.linalg.qr(a))
    ident = xp.broadcast_to(xp.eye(m, dtype=a.dtype), (*a.shape[:-2], m, m))
    q, r = xp.linalg.qr(xp.concatenate([a, ident], axis=-1))
    return q, r[..., :n]


_PYTHON_NUMBERS = frozenset({bool, int, float, complex})
_CPU = frozenset({"cpu"})  # the device of every NumPy-like backend's arrays (NumPy's x.device too)


def _typed(obj: Any) -> bool:
    """Whether ``obj`` (a Python number or a nested list or tuple) holds data with a dtype of its own: a NumPy
    scalar (``np.float32(1)``) or an array among its elements."""
    if not isinstance(obj, (list, tuple)):
        return type(obj) not in _PYTHON_NUMBERS
    kinds = set(map(type, obj))  # (a C loop: a list of a million floats is checked in a few ms)
    return not kinds <= _PYTHON_NUMBERS and any(_typed(v) for v in obj if type(v) not in _PYTHON_NUMBERS)


def neutral_data(xp: Any, obj: Any, target: Any, precision: str | None, op: str, arg: str = "obj") -> Any:
    """Python numbers and (nested) lists as ``xp`` reads them, as ``target`` dtype if given; float and
    complex data at ``precision`` if given. Ragged or non-numeric data is `UnsupportedTypeError`.

    ``precision`` gives Python floats and complex numbers their dtype. A list holding data typed by a library
    (NumPy scalars, arrays) is read as NumPy reads it: ``[np.float32(1)]`` stays float32 at float64 precision,
    ``[np.float64(1.0)]`` float64 at float32 precision.
    """
    try:
        out = xp.asarray(obj, dtype=target)
    except (TypeError, ValueError) as err:  # ragged lists, None inside lists, ...
        raise UnsupportedTypeError(
            f"{op}: argument {arg!r} cannot be made an array ({err}); pass a number or a rectangular (nested) "
            "list of numbers"
        ) from err
    kind = out.dtype.kind
    if kind not in "biufc":
        raise UnsupportedTypeError(
            f"{op}: argument {arg!r} is {obj!r}, which gives {out.dtype} data; pass numbers or (nested) lists of "
            "numbers"
        )
    if precision is not None and kind in "fc":
        wanted = default_dtype_name(kind, precision)
        # Python numbers alone give float64 or complex128: any other dtype comes from typed data, kept as it is.
        if out.dtype != wanted and out.dtype.itemsize == (8 if kind == "f" else 16) and not _typed(obj):
            out = out.astype(wanted, copy=False)
    return out


def register(xp: Any, array: type | tuple[type, ...], backend: str, *, complex_prod: bool = True) -> None:  # noqa: C901, PLR0915
    """Register every catalogue op that ``xp`` implements with NumPy's API for ``array`` types.

    ``complex_prod=False``: ``xp.prod`` cannot reduce complex data; `prod_by_halving` does it instead.
    """

    def on(op: Any) -> Any:
        return implements_on(op, array, backend)

    # NumPy's dtype of each dtype spelling seen (a token by its name: its hash is Python code). Parsing one
    # (np.dtype(...).name) costs microseconds; bounded, as spellings made at run time may be endless.
    natives: dict[Any, np.dtype[Any]] = {}

    def native(dtype: Any, op: str) -> Any:
        if dtype is None:
            return None
        key = dtype.name if dtype.__class__ is DType else dtype
        try:
            return natives[key]
        except (KeyError, TypeError):  # TypeError: an unhashable spelling (dtype_name decides)
            pass
        dt = np.dtype(dtype_name(dtype, op))
        if len(natives) < 64:
            with contextlib.suppress(TypeError):  # an unhashable spelling is parsed each time
                natives[key] = dt
        return dt

    def neutral_array(obj: Any, dtype: Any, ctx: Context, op: str, arg: str = "obj") -> Any:
        precision = ctx.precision if dtype is None else None
        return neutral_data(xp, obj, native(dtype, op), precision, op, arg)

    # Hot-path constants, bound once here (closure lookups are the cheapest): the default dtype
    # of each Context precision, parsed once rather than per call, and the hottest creation functions.
    precision_dtypes = {p: np.dtype(p) for p in ("float64", "float32")}
    canonical: Any = array[0] if isinstance(array, tuple) else array
    zeros, ones, full = shape_checked(xp.zeros), shape_checked(xp.ones), shape_checked(xp.full)
    float64 = precision_dtypes["float64"]

    def default(dtype: Any, ctx: Context, op: str) -> Any:
        if dtype is None:
            return precision_dtypes[ctx.precision]
        try:
            return natives[dtype.name if dtype.__class__ is DType else dtype]
        except (KeyError, TypeError):
            return native(dtype, op)

    def to_array(obj: Any, dtype: Any, ctx: Context, op: str, copy: bool | None = None) -> Any:
        owner = backend_of_value(obj, op, "argument 'obj'") if not isinstance(obj, (str, bytes)) else None
        if owner is None:
            return neutral_array(obj, dtype, ctx, op)
        if owner != backend:
            if copy is False:
                raise ValueError(f"{op}: copy=False, but a {owner} array cannot become a {backend} one without a copy")
            obj = ops.to_numpy(obj)
            if backend != "numpy" and not obj.dtype.isnative:  # cuPyNumeric takes the machine's byte order only
                obj = obj.astype(obj.dtype.newbyteorder("="))
        dt = native(dtype, op)
        if copy is None:
            return xp.asarray(obj, dtype=dt)
        if copy:  # (cuPyNumeric's asarray has no copy=)
            return xp.array(obj, dtype=dt, copy=True)
        out = xp.asarray(obj, dtype=dt)
        if out is not obj:
            raise ValueError(f"{op}: copy=False, but the dtype asked for needs a copy; pass copy=None")
        return out

    # --- creation ----------------------------------------------------------------------
    # A TypeError of the library in the calls below can only come from an argument's type (the
    # dtype is checked before): it becomes an UnsupportedTypeError naming the op and the argument.
    @on(ops.asarray)
    def xp_asarray(obj: Any, dtype: Any, device: Any, copy: bool | None, ctx: Context) -> Any:
        if obj.__class__ is canonical and device is None and copy is None:  # already what was asked for?
            if dtype is None:
                return obj
            try:
                if natives[dtype.name if dtype.__class__ is DType else dtype] is obj.dtype:
                    return obj
            except (KeyError, TypeError):
                pass
        if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
            on_device(ctx, device, "asarray")
        return to_array(obj, dtype, ctx, "asarray", copy)

    @on(ops.array)
    def xp_array(obj: Any, dtype: Any, ctx: Context) -> Any:
        if obj.__class__ in _NUMBERS and dtype is not None:  # K.array(0.3, dtype=K.float64): what to_array does
            try:
                return xp.asarray(obj, dtype=natives[dtype.name if dtype.__class__ is DType else dtype])
            except (KeyError, TypeError, ValueError, OverflowError):
                pass  # the path below gives the error, or the dtype's first parse
        out = to_array(obj, dtype, ctx, "array")
        return out.copy() if out is obj or backend_of_type(type(obj)) not in (None, backend) else out

    @on(ops.zeros)
    def xp_zeros(shape_: Any, dtype: Any, device: Any, ctx: Context) -> Any:
        if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
            on_device(ctx, device, "zeros")
        # `default` and `native` inlined in zeros and ones: they sit on hot paths, and a call frame costs ~50 ns.
        if dtype is None:
            dt = precision_dtypes[ctx.precision]
        else:
            try:
                dt = natives[dtype.name if dtype.__class__ is DType else dtype]
            except (KeyError, TypeError):
                dt = native(dtype, "zeros")
        try:
            # float64 is the library's default; a dtype argument costs ~30 ns (by keyword; ~60 positional)
            return zeros(shape_) if dt is float64 else zeros(shape_, dtype=dt)
        except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
            raise bad_argument("zeros", "shape", shape_, SHAPE, err) from err

    @on(ops.ones)
    def xp_ones(shape_: Any, dtype: Any, device: Any, ctx: Context) -> Any:
        if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
            on_device(ctx, device, "ones")
        if dtype is None:
            dt = precision_dtypes[ctx.precision]
        else:
            try:
                dt = natives[dtype.name if dtype.__class__ is DType else dtype]
            except (KeyError, TypeError):
                dt = native(dtype, "ones")
        try:
            return ones(shape_) if dt is float64 else ones(shape_, dtype=dt)
        except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
            raise bad_argument("ones", "shape", shape_, SHAPE, err) from err

    @on(ops.full)
    def xp_full(shape_: Any, fill_value: Any, dtype: Any, device: Any, ctx: Context) -> Any:
        if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
            on_device(ctx, device, "full")
        if dtype is None:
            dtype = neutral_array(fill_value, None, ctx, "full", "fill_value").dtype
        dt = native(dtype, "full")
        try:
            return full(shape_, fill_value, dtype=dt)
        except (TypeError, AssertionError) as err:  # cuPyNumeric asserts on a None shape
            raise bad_argument("full", "shape", shape_, SHAPE, err) from err

    @on(ops.eye)
    def xp_eye(n: int, m: int | None, k: int, dtype: Any, device: Any, ctx: Context) -> Any:
        if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
            on_device(ctx, device, "eye")
        dt = default(dtype, ctx, "eye")
        try:
            return xp.eye(n, m, k, dtype=dt)
        except TypeError as err:
            bad = non_number(("N", n), ("M", m), ("k", k), optional=("M",)) or ("N", n)
            raise bad_argument("eye", bad[0], bad[1], "an int", err) from err

    @on(ops.arange)
    def xp_arange(start: Any, stop: Any, step: Any, dtype: Any, device: Any, ctx: Context) -> Any:
        if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
            on_device(ctx, device, "arange")
        bad = non_number(("start", start), ("stop", stop), ("step", step), optional=("stop", "step"))
        if bad is not None:  # checked first: NumPy reads a str as a dtype name in result_type
            raise bad_argument("arange", bad[0], bad[1], "a number")
        dt = native(dtype, "arange")
        if dtype is None:
            kind = np.result_type(*(v for v in (start, stop, step) if v is not None)).kind
            dt = native(default_dtype_name(kind, ctx.precision), "arange") if kind in "fc" else None
        first, last = (0, start) if stop is None else (start, stop)
        step = 1 if step is None else step
        ints = (first, last, step)
        if (
            xp is not np
            and dtype is None
            and step
            and all(type(v) is int and -(2**64) < v < 2**64 for v in ints)
            and any(not -(2**63) <= v < 2**63 for v in ints)
        ):  # NumPy: float64 points start + i * step; cuPyNumeric would convert the bounds to C long (OverflowError)
            count = max(0, math.ceil((last - first) / step))
            return xp.arange(count, dtype=np.float64) * float(step) + float(first)
        return xp.arange(first, last, step, dtype=dt)

    @on(ops.linspace)
    def xp_linspace(start: Any, stop: Any, num: int, endpoint: bool, dtype: Any, device: Any, ctx: Context) -> Any:
        if device is not None and device != "cpu":  # (cpu: valid for every NumPy-like backend)
            on_device(ctx, device, "linspace")
        dt = default(dtype, ctx, "linspace")
        if dtype is None and any(
            isinstance(v, complex) or getattr(v, "dtype", np.dtype(bool)).kind == "c" for v in (start, stop)
        ):
            dt = np.dtype(default_dtype_name("c", ctx.precision))  # complex ends: complex points, as NumPy
        try:
            return xp.linspace(start, stop, num, endpoint=endpoint, dtype=dt)
        except TypeError as err:  # numpy's DTypePromotionError for a str is a TypeError too
            bad = non_number(("start", start), ("stop", stop), ("num", num)) or ("num", num)
            raise bad_argument("linspace", bad[0], bad[1], "a number", err) from err

    @on(ops.zeros_like)
    def xp_zeros_like(a: Any, dtype: Any, device: Any) -> Any:
        return xp.zeros_like(a, dtype=native(dtype, "zeros_like"))

    @on(ops.ones_like)
    def xp_ones_like(a: Any, dtype: Any, device: Any) -> Any:
        return xp.ones_like(a, dtype=native(dtype, "ones_like"))

    on(ops.copy)(xp.copy)
    if backend == "numpy":  # the common cases in C (cuPyNumeric asserts on some bad arguments: its Python decides)
        for entry, fn, impl in ((ops.zeros, zeros, xp_zeros), (ops.ones, ones, xp_ones)):
            on(entry)(creation_shortcut(fn, impl, natives, precision_dtypes, DType, 1, True, None, _CPU, (), float64))
        eye_ = creation_shortcut(xp.eye, xp_eye, natives, precision_dtypes, DType, 1, True, None, _CPU, (None, 0))
        on(ops.eye)(eye_)  # eye(n, dtype=...): M None and k 0
        on(ops.asarray)(identity_shortcut(xp_asarray, canonical, 3))  # asarray(a): dtype, device, copy None
        array_ = creation_shortcut(xp.asarray, xp_array, natives, precision_dtypes, DType, 1, False, _NUMBERS)
        on(ops.array)(array_)

    # --- conversion --------------------------------------------------------------------
    @on(ops.cast)
    def xp_cast(x: Any, dtype: Any) -> Any:
        target = np.dtype(dtype_name(dtype, "cast"))
        if x.dtype.kind == "c" and target.kind != "c":
            raise UnsupportedTypeError(
                f"cast: casting {x.dtype} to {target} would drop the imaginary part; take nf.real(x) or nf.abs(x) first"
            )
        return x.astype(target)

    # --- shape -------------------------------------------------------------------------
    @on(ops.reshape)
    def xp_reshape(a: Any, shape_: Any, copy: bool | None) -> Any:
        # the method, not xp.reshape: a C call where np.reshape is a Python wrapper (this frame costs less)
        return a.reshape(shape_) if copy is None else a.reshape(shape_, copy=copy)

    on(ops.transpose)(xp.transpose)
    on(ops.moveaxis)(xp.moveaxis)

    def joining(name: str) -> Callable[[Any, Any], Any]:
        join = getattr(xp, name)

        def xp_join(arrays: Any, axis: Any) -> Any:
            try:
                return join(arrays, axis)
            except TypeError as err:
                if axis.__class__ is not int and isinstance(axis, numbers.Integral):  # cuPyNumeric takes int only
                    return join(arrays, int(axis))
                raise sequence_axis_error(name, axis, err) from err

        xp_join.__name__ = f"xp_{name}"
        return xp_join

    on(ops.stack)(joining("stack"))
    on(ops.concatenate)(joining("concatenate"))

    on(ops.squeeze)(xp.squeeze)

    def own_index(item: Any) -> Any:
        return item if owner_of(item) in (None, backend) else xp.asarray(ops.to_numpy(item))

    @on(ops.index_update)
    def xp_index_update(x: Any, index: Any, values: Any) -> Any:
        owner = owner_of(values)
        if owner not in (None, backend):  # the mixing rules: NumPy's x beside another backend's values goes there
            if backend != "numpy":
                raise MixedBackendError(
                    f"index_update: argument 'values' is a {owner} array but argument 0 (x) is a {backend} array; "
                    f"convert one with nf.convert(x, {owner!r}) or nf.convert(values, {backend!r})"
                )
            device = getattr(values, "device", None) if owner == "pytorch" else None
            return ops.index_update(ops.convert(x, owner, None if device is None else str(device)), index, values)
        out = xp.array(x, copy=True)
        index = map_index(index, own_index)
        if xp is not np and (negative_step(index) or partial_mask(index, out.ndim)):
            # cuPyNumeric takes neither a negative step nor a mask of fewer axes than x's: the flat positions
            positions = np.arange(out.size).reshape(out.shape)[map_index(index, host_index)]
            flat = out.ravel()
            update = xp.broadcast_to(xp.asarray(values).astype(out.dtype), positions.shape)
            flat[xp.asarray(positions.ravel())] = update.ravel()
            return flat.reshape(out.shape)
        out[index] = values
        return out

    on(ops.expand_dims)(xp.expand_dims)
    on(ops.diag)(xp.diag)
    on(ops.outer)(xp.outer)
    if hasattr(xp, "kron"):
        on(ops.kron)(xp.kron)
    else:  # cuPyNumeric 26.6 has no kron

        @on(ops.kron)
        def xp_kron(a: Any, b: Any) -> Any:
            return kron_by_broadcasting(xp, a, b)

    on(ops.tensordot)(xp.tensordot)
    on(ops.trace)(xp.trace)
    on(ops.dot)(xp.dot)

    @on(ops.adjoint)
    def xp_adjoint(a: Any) -> Any:
        return xp.conj(xp.swapaxes(a, -1, -2))

    # --- elementwise -------------------------------------------------------------------
    for name in (
        "abs", "clip", "conj", "cos", "exp", "imag", "log", "log2", "maximum", "minimum", "power", "real", "sign",
        "sin", "sqrt", "square", "tanh", "where",
    ):  # fmt: skip
        on(getattr(ops, name))(getattr(xp, name))

    # --- reductions --------------------------------------------------------------------
    no_axis_fails = xp is not np  # a reduction over axis=() (see over_new_axis)

    @on(ops.sum)
    def xp_sum(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        if no_axis_fails and axis == ():
            a, axis, keepdims = over_new_axis(xp, a)
        if keepdims:
            return xp.sum(a, axis=axis, dtype=native(dtype, "sum"), keepdims=True)
        return xp.sum(a, axis=axis, dtype=native(dtype, "sum"))  # (keepdims only when True: np.matrix has none)

    @on(ops.mean)
    def xp_mean(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        if no_axis_fails and axis == ():
            a, axis, keepdims = over_new_axis(xp, a)
        if keepdims:
            return xp.mean(a, axis=axis, dtype=native(dtype, "mean"), keepdims=True)
        return xp.mean(a, axis=axis, dtype=native(dtype, "mean"))

    @on(ops.prod)
    def xp_prod(a: Any, axis: Any, dtype: Any, keepdims: bool) -> Any:
        dt = native(dtype, "prod")
        if no_axis_fails and axis == ():
            a, axis, keepdims = over_new_axis(xp, a)
        if not complex_prod and (a.dtype if dt is None else dt).kind == "c":
            return prod_by_halving(xp, a if dt is None else a.astype(dt), axis, keepdims)
        return xp.prod(a, axis=axis, dtype=dt, keepdims=True) if keepdims else xp.prod(a, axis=axis, dtype=dt)

    @on(ops.max)
    def xp_max(a: Any, axis: Any, keepdims: bool) -> Any:
        if no_axis_fails and axis == ():
            a, axis, keepdims = over_new_axis(xp, a)
        return xp.max(a, axis=axis, keepdims=True) if keepdims else xp.max(a, axis=axis)

    @on(ops.min)
    def xp_min(a: Any, axis: Any, keepdims: bool) -> Any:
        if no_axis_fails and axis == ():
            a, axis, keepdims = over_new_axis(xp, a)
        return xp.min(a, axis=axis, keepdims=True) if keepdims else xp.min(a, axis=axis)

    @on(ops.argmax)
    def xp_argmax(a: Any, axis: Any, keepdims: bool) -> Any:
        if xp is not np and not (axis is None or isinstance(axis, numbers.Integral)):  # (cuPyNumeric: ValueError)
            raise TypeError(f"argmax: 'axis' must be None or an int, got {axis!r}")
        return xp.argmax(a, axis=axis, keepdims=keepdims)

    @on(ops.argmin)
    def xp_argmin(a: Any, axis: Any, keepdims: bool) -> Any:
        if xp is not np and not (axis is None or isinstance(axis, numbers.Integral)):
            raise TypeError(f"argmin: 'axis' must be None or an int, got {axis!r}")
        return xp.argmin(a, axis=axis, keepdims=keepdims)

    @on(ops.norm)
    def xp_norm(x: Any, ord_: Any, axis: Any, keepdims: bool) -> Any:
        return xp.linalg.norm(x, ord=ord_, axis=axis, keepdims=keepdims)

    # cuPyNumeric 26.6 has var but no std, and its var of complex data is wrong (the mean of (x - m)**2,
    # without the modulus): there it is var(real) + var(imag) = mean(|x - m|**2), real as in NumPy.
    std = getattr(xp, "std", None)

    @on(ops.var)
    def xp_var(a: Any, axis: Any, ddof: int, keepdims: bool, correction: Any = None) -> Any:
        ddof = ddof if correction is None else correction  # the standard's name for ddof
        if no_axis_fails and axis == ():
            a, axis, keepdims = over_new_axis(xp, a)
        if xp is not np and ddof > 0:
            axes = range(a.ndim) if axis is None else np.atleast_1d(axis).tolist()
            count = math.prod(a.shape[int(ax)] for ax in axes)
            if count <= ddof:  # NumPy divides the squares' sum by max(count - ddof, 0): inf, or nan where it is 0
                squares = xp_var(a, axis, 0, keepdims) * count
                return xp.divide(squares, xp.zeros((), squares.dtype))
        if xp is not np and a.dtype.kind == "c":
            parts = (xp.var(part, axis=axis, ddof=ddof, keepdims=keepdims) for part in (a.real, a.imag))
            return sum(parts)
        if xp is not np and a.dtype.kind in "biu":  # cuPyNumeric 26.6 aborts on bool and int8 data; NumPy: float64
            a = a.astype(np.float64)
        return xp.var(a, axis=axis, ddof=ddof, keepdims=keepdims)

    @on(ops.std)
    def xp_std(a: Any, axis: Any, ddof: int, keepdims: bool, correction: Any = None) -> Any:
        ddof = ddof if correction is None else correction  # the standard's name for ddof
        if std is None:
            return xp.sqrt(xp_var(a, axis, ddof, keepdims))
        return std(a, axis=axis, ddof=ddof, keepdims=keepdims)

    @on(ops.allclose)
    def xp_allclose(a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> bool:
        return bool(xp.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))

    @on(ops.isclose)
    def xp_isclose(a: Any, b: Any, rtol: float, atol: float, equal_nan: bool) -> Any:
        return xp.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)

    # --- linear algebra ----------------------------------------------------------------
    on(ops.matmul)(xp.matmul)
    on(ops.einsum)(xp.einsum)
    on(ops.inv)(xp.linalg.inv)
    if hasattr(xp.linalg, "det"):
        on(ops.det)(xp.linalg.det)
    else:  # cuPyNumeric 26.6 has no ops.det

        @on(ops.det)
        def xp_det(a: Any) -> Any:
            return det_from_eigvals(xp, a)

    @on(ops.svd)
    def xp_svd(a: Any, full_matrices: bool) -> Any:
        return tuple(xp.linalg.svd(a, full_matrices=full_matrices))

    if "mode" in inspect.signature(xp.linalg.qr).parameters:

        @on(ops.qr)
        def xp_qr(a: Any, mode: str) -> Any:
            out = xp.linalg.qr(a, mode=mode)
            return out if mode == "r" else tuple(out)  # mode="r": R alone (tuple() would split its rows)

    else:  # cuPyNumeric 26.6: reduced QR only

        @on(ops.qr)
        def xp_qr(a: Any, mode: str) -> Any:
            return qr_without_mode(xp, a, mode)

    @on(ops.eig)
    def xp_eig(a: Any) -> Any:
        w, v = xp.linalg.eig(a)
        if a.dtype.kind != "c" and w.dtype.kind == "c" and not (xp.any(w.imag) or xp.any(v.imag)):
            # real where every imaginary part is 0, as NumPy (cuPyNumeric's eig is always complex)
            return w.real.copy(), v.real.copy()
        return w, v

    @on(ops.eigh)
    def xp_eigh(a: Any, uplo: str) -> Any:
        return tuple(xp.linalg.eigh(a, UPLO=uplo))

    @on(ops.cholesky)
    def xp_cholesky(a: Any, upper: bool) -> Any:
        low = xp.linalg.cholesky(a)
        return xp_adjoint(low) if upper else low

    @on(ops.solve)
    def xp_solve(a: Any, b: Any, assume_a: str) -> Any:
        if check_assume_a(assume_a) == "pos":
            low = xp.linalg.cholesky(a)  # raises LinAlgError unless a is positive definite
            return xp.linalg.solve(xp_adjoint(low), xp.linalg.solve(low, b))
        return xp.linalg.solve(a, b)

    @on(ops.expm)
    def xp_expm(a: Any) -> Any:
        return expm_pade13(xp, a)

    # --- discrete and autograd flags ---------------------------------------------------
    on(ops.bincount)(xp.bincount)

    @on(ops.nonzero)
    def xp_nonzero(a: Any) -> Any:
        return tuple(xp.nonzero(a))

    @on(ops.requires_grad)
    def xp_requires_grad(x: Any, flag: bool) -> Any:
        return x

    @on(ops.detach)
    def xp_detach(x: Any) -> Any:
        return x


def register_random(generator: type, backend: str) -> None:
    """Register `normal`, `uniform` and `choice` for a NumPy-API ``generator`` type."""

    def dtype_of(dtype: Any, ctx: Context, op: str, kinds: str) -> np.dtype[Any]:
        """The samples' dtype: ``dtype``, else the Context's precision; `UnsupportedTypeError` unless of ``kinds``."""
        dt = np.dtype(ctx.precision if dtype is None else dtype_name(dtype, op))
        if dt.kind not in kinds:
            wanted = "a real floating or complex dtype" if "c" in kinds else "a real floating dtype"
            raise UnsupportedTypeError(f"{op}: dtype {dt} is not supported; use {wanted}")
        return dt

    empty = shape_checked(np.empty)

    def check_shape(shape_: Any, op: str) -> None:
        try:
            empty(shape_, dtype=bool).shape  # noqa: B018  (the cheapest full check of a shape's type)
        except TypeError as err:
            raise bad_argument(op, "shape", shape_, SHAPE, err) from err

    @implements(ops.normal, generator)
    def xp_normal(rng: Any, shape_: Any, dtype: Any, ctx: Context | None) -> Any:
        dt = dtype_of(dtype, generator_context(rng, ctx), "normal", "fc")
        check_shape(shape_, "normal")
        if dt.kind == "c":
            real_dt = np.float32 if dt == np.complex64 else np.float64
            parts = rng.normal(0.0, math.sqrt(0.5), (2, *np.atleast_1d(shape_))).astype(real_dt)
            out = (parts[0] + 1j * parts[1]).astype(dt)
            return out.reshape(shape_)
        return rng.normal(0.0, 1.0, shape_).astype(dt, copy=False)

    @implements(ops.uniform, generator)
    def xp_uniform(rng: Any, shape_: Any, low: float, high: float, dtype: Any, ctx: Context | None) -> Any:
        dt = dtype_of(dtype, generator_context(rng, ctx), "uniform", "f")
        check_shape(shape_, "uniform")
        return rng.uniform(low, high, shape_).astype(dt, copy=False)

    if not hasattr(generator, "choice"):  # cuPyNumeric's Generator: the backend composes its own
        return

    @implements(ops.choice, generator)
    def xp_choice(rng: Any, a: Any, size: Any, p: Any, replace: bool) -> Any:
        return rng.choice(a, size, replace=replace, p=p)

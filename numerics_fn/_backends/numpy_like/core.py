"""Helpers shared by the NumPy-like implementations (and, where torch's need the same, by torch's): shape and
dtype checks, index conversion, the reading of Python data. The implementations are in the topic modules beside
this one (`creation`, `elementwise`, `reductions`, `shape`, `linalg`, `searching`, `statistics`, `fft`,
`random`); `binding` registers their tables for one library."""

from __future__ import annotations

import contextlib
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from ... import _ops as ops
from ..._dispatch import backend_of_type, bad_argument
from ..._dtypes import DType, default_dtype_name, dtype_name
from ..._errors import UnsupportedTypeError

__all__ = [
    "NATIVES", "SHAPE", "check_assume_a", "checked_optimize", "clip_bounds", "expm1_special_values",
    "floor_where_one_infinite", "host_index", "map_index", "native", "negative_step", "neutral_data", "non_number",
    "over_new_axis", "owner_of", "partial_mask", "scaled_and_shifted", "sequence_axis_error", "shape_checked",
    "where_condition_only",
]  # fmt: skip

#: What a creation or random function's ``shape`` must be (for `bad_argument` messages).
SHAPE = "an int or a tuple of ints"
# NumPy before 2.3 takes None as a shape (a deprecated alias of ()); numerics_fn refuses it on every NumPy.
_NONE_IS_A_SHAPE = np.lib.NumpyVersion(np.__version__) < "2.3.0"
#: NumPy's dtype of each dtype spelling seen (a token by its name: its hash is Python code). Parsing one
#: (np.dtype(...).name) costs more than a lookup; bounded, as spellings made at run time may be endless.
NATIVES: dict[Any, np.dtype[Any]] = {}


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


def native(dtype: Any, op: str) -> Any:
    """NumPy's dtype of ``dtype`` (a token or any spelling `dtype_name` takes; None stays None)."""
    if dtype is None:
        return None
    key = dtype.name if dtype.__class__ is DType else dtype
    try:
        return NATIVES[key]
    except (KeyError, TypeError):  # TypeError: an unhashable spelling (dtype_name decides)
        pass
    dt = np.dtype(dtype_name(dtype, op))
    if len(NATIVES) < 64:
        with contextlib.suppress(TypeError):  # an unhashable spelling is parsed each time
            NATIVES[key] = dt
    return dt


_SOLVE_KINDS = ("gen", "sym", "her", "pos")
_OPTIMIZE = (False, True, "greedy", "optimal")


def checked_optimize(optimize: Any) -> Any:
    """Validate ``einsum``'s ``optimize`` (NumPy's values, or a contraction path)."""
    if optimize in _OPTIMIZE or isinstance(optimize, (list, tuple)):
        return optimize
    raise ValueError(f"einsum: optimize={optimize!r} is not supported; use False, True, 'greedy', 'optimal' or a path")


def where_condition_only(condition: Any, x: Any, y: Any) -> Any:
    """NumPy's ``where(condition)`` (``x`` and ``y`` both None): `nonzero` of ``condition``; ValueError where one
    of them is given without the other."""
    if x is None and y is None:
        return ops.nonzero(condition)
    raise ValueError("where: either both or neither of x and y should be given")


def clip_bounds(min_: Any, max_: Any, a_min: Any, a_max: Any) -> tuple[Any, Any]:
    """``clip``'s bounds from the standard's names (``min``, ``max``) or NumPy's (``a_min``, ``a_max``)."""
    if (a_min is not None and min_ is not None) or (a_max is not None and max_ is not None):
        raise TypeError("clip: pass each bound once: a_min (NumPy's name) or min (the standard's), not both")
    return (min_ if a_min is None else a_min), (max_ if a_max is None else a_max)


def scaled_and_shifted(samples: Any, loc: Any, scale: Any) -> Any:
    """``normal``'s standard ``samples`` times ``scale`` plus ``loc``, each step only where it changes them (through
    dispatch: ``loc`` and ``scale`` may be arrays)."""
    if not (isinstance(scale, (int, float)) and scale == 1):
        samples = ops.multiply(samples, scale)
    if not (isinstance(loc, (int, float)) and loc == 0):
        samples = ops.add(samples, loc)
    return samples


def floor_where_one_infinite(xp: Any, x1: Any, x2: Any, out: Any) -> Any:
    """``floor_divide``'s floating result ``out`` with the standard's ``floor(x1 / x2)`` where exactly one operand
    is infinite (NumPy and torch follow Python there: ``inf // 2`` is nan, ``-1 // inf`` is -1). ``xp``: a module
    with NumPy's names (NumPy, cuPyNumeric, torch)."""
    one_infinite = (xp.isinf(x1) != xp.isinf(x2)) & ~xp.isnan(x1) & ~xp.isnan(x2)
    return xp.where(one_infinite, xp.floor(xp.divide(x1, x2)), out)


def expm1_special_values(xp: Any, x: Any, out: Any, const: Callable[[float, float], Any]) -> Any:
    """``out``, the expm1 of complex ``x``, with the standard's special values (``expm1(inf + 0j)`` is ``inf + 0j``,
    not NumPy's ``inf + nanj`` nor torch's nan; ``expm1(-0 + 0j)`` is ``+0 + 0j``; conjugates alike). Every fixed
    value is a constant (``const(real, imag)``: a 0-d array of ``out``'s dtype, on its device), chosen with
    ``where`` by the sign of the imaginary zero. ``xp``: a module with NumPy's names (NumPy, cuPyNumeric, torch)."""
    re, im = x.real, x.imag

    def by_sign_of_im(real: float) -> Any:  # real + 0j, with the sign of x's imaginary zero
        return xp.where(xp.signbit(im), const(real, -0.0), const(real, 0.0))

    inf, nan = float("inf"), float("nan")
    fixes = (
        ((re == 0) & (im == 0), by_sign_of_im(0.0)),
        (xp.isposinf(re) & (im == 0), by_sign_of_im(inf)),
        (xp.isneginf(re) & ~xp.isfinite(im), const(-1.0, 0.0)),
        (xp.isposinf(re) & ~xp.isfinite(im), const(inf, nan)),
        (xp.isnan(re) & (im == 0), by_sign_of_im(nan)),
    )
    for mask, value in fixes:
        out = xp.where(mask, value, out)
    return out


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


def check_lstsq_shapes(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> None:
    """NumPy's ``lstsq`` operands: ``a`` a matrix, ``b`` a vector or a matrix of as many rows (no stacks)."""
    for arg, shape in (("a", a_shape), ("b", b_shape)):
        if len(shape) > 2 or (arg == "a" and len(shape) < 2):
            raise np.linalg.LinAlgError(
                f"lstsq: argument '{arg}' has shape {tuple(shape)}; it must be "
                f"{'a matrix' if arg == 'a' else 'a vector or a matrix'} (NumPy's lstsq takes no stack); "
                "solve each system alone"
            )
    if b_shape[0] != a_shape[0]:
        raise np.linalg.LinAlgError(
            f"lstsq: argument 'a' has {a_shape[0]} rows but 'b' has {b_shape[0]}; they must be equal"
        )


_PYTHON_NUMBERS = frozenset({bool, int, float, complex})


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

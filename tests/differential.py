"""THE DIFFERENTIAL HARNESS's data: how to call every catalogue op, NumPy's answer, and the declared deviations.

`tests/test_differential.py` drives every entry of ``numerics_fn._ops.CATALOGUE`` through the inputs made here
on every backend (and in every mixed NumPy + backend form) and compares with NumPy's own answer: value
(tolerance by dtype, NaN where NaN, the sign of zeros), dtype, shape, and raises-versus-returns (the error's
class where both raise). Every difference must be one of `DEVIATIONS`; a declared deviation whose inputs
start matching NumPy fails the run, so the table (and ``docs/deviations.md``, generated from it) stays true.

Inputs: every dtype (bool, int8..int64, uint8..uint64, float16/32/64, complex64/128) with its special values
(NaN, ±inf, ±0, integer extremes, uint64 above 2**63), 0-d, empty and broadcast shapes, Python scalars
(in and out of the dtype's range) beside arrays, every axis form (None, int, negative, tuple, ``()``) and
``keepdims``. A seeded generator makes them: the same profile gives the same cases.

Profiles (environment variable ``NUMERICS_FN_DIFF_PROFILE``): ``bounded`` (the default, what ``make test``
runs: every op, every dtype, a cuPyNumeric sample) and ``deep`` (every dtype pair in every form, more random
values and shapes, every cuPyNumeric case: minutes per backend, cuPyNumeric's the longest; ``--op NAME``, given
once per op, runs a part, so several processes can share the catalogue). ``NUMERICS_FN_DIFF_SEED`` changes the
seed (then a declared row that shows for some values only need not be met).

cuPyNumeric runs in worker processes (``differential.py --worker``): where the library aborts the process (a
failed assertion or SIGFPE in a task), the op fails naming the case, and a new worker goes on with the next op.

Run ``python tests/differential.py`` for the counts per backend, and
``python tests/differential.py --write-docs`` to regenerate ``docs/deviations.md`` after editing `DEVIATIONS`.
"""

from __future__ import annotations

import itertools
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

PROFILES = ("bounded", "deep")
PROFILE = os.environ.get("NUMERICS_FN_DIFF_PROFILE", "bounded")
if PROFILE not in PROFILES:
    raise ValueError(f"NUMERICS_FN_DIFF_PROFILE={PROFILE!r}: use 'bounded' or 'deep'")
DEEP = PROFILE == "deep"
SEED = int(os.environ.get("NUMERICS_FN_DIFF_SEED", "0"))
#: cuPyNumeric costs milliseconds a call: the bounded profile runs every k-th of its cases (all in deep).
SAMPLE_EVERY = {"numpy": 1, "pytorch": 1, "cupynumeric": 1 if DEEP else 9}

DTYPES = (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
)  # fmt: skip
INTS = tuple(d for d in DTYPES if np.dtype(d).kind in "iu")
FLOATS = ("float16", "float32", "float64")
COMPLEX = ("complex64", "complex128")
INEXACT = FLOATS + COMPLEX
LINALG = ("float32", "float64", "complex64", "complex128", "int64", "bool")

_FLOAT_SPECIALS = (0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, np.nan, np.inf, -np.inf)
_COMPLEX_SPECIALS = (
    0j, complex(-0.0, -0.0), 1 + 2j, -1.5 + 0.5j, complex(np.inf, 0.0), complex(0.0, np.inf),
    complex(-np.inf, 3.0), complex(2.0, np.nan), complex(np.nan, 1.0), complex(np.inf, np.inf), 3 - 1j,
)  # fmt: skip


def specials(dtype: str) -> list[Any]:
    """The values every input of ``dtype`` includes first."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return [False, True]
    if dt.kind in "iu":
        info = np.iinfo(dt)
        out = [0, 1, 2, 3, 7, int(info.max), int(info.max) - 1]
        if dt.kind == "i":
            out += [-1, -3, int(info.min), int(info.min) + 1]
        if dtype == "uint64":
            out += [2**63, 2**63 + 1]
        return out
    return list(_COMPLEX_SPECIALS if dt.kind == "c" else _FLOAT_SPECIALS)


def values(dtype: str, rng: np.random.Generator, extra: int) -> np.ndarray:
    """The special values of ``dtype`` then ``extra`` random ordinary ones, as a 1-D array."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        rand: Any = rng.integers(0, 2, extra).astype(bool)
    elif dt.kind in "iu":
        rand = rng.integers(0 if dt.kind == "u" else -10, 11, extra)
    elif dt.kind == "f":
        rand = np.round(rng.standard_normal(extra) * 3, 2)
    else:
        rand = np.round(rng.standard_normal(extra) * 2, 2) + 1j * np.round(rng.standard_normal(extra) * 2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.concatenate([np.array(specials(dtype), dtype=dt), np.asarray(rand).astype(dt)])


def ordinary(dtype: str, rng: np.random.Generator, shape: tuple[int, ...], low: int = -4, high: int = 5) -> np.ndarray:
    """Small ordinary values of ``dtype`` (no specials): for ops whose interest is not the values."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, 2, shape).astype(bool)
    if dt.kind == "u":
        low = 0
    data = rng.integers(low, high, shape)
    if dt.kind == "c":
        data = data + 1j * rng.integers(low, high, shape)
    return data.astype(dt)


# --- calls ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Call:
    """One call of an op: NumPy inputs (arrays, NumPy scalars, Python values) and keywords."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    label: str = ""  # what the inputs are, for messages

    def dtypes(self) -> tuple[str, ...]:
        """The dtype names of the array inputs (also inside a list), in order."""
        out: list[str] = []
        for a in self.args:
            for v in a if isinstance(a, list) else [a]:
                if isinstance(v, (np.ndarray, np.generic)):
                    out.append(v.dtype.name)
        return tuple(out)

    def scalars(self) -> tuple[Any, ...]:
        return tuple(a for a in self.args if type(a) in (bool, int, float, complex))

    def arrays(self) -> tuple[np.ndarray, ...]:
        out: list[np.ndarray] = []
        for a in self.args:
            for v in a if isinstance(a, list) else [a]:
                if isinstance(v, np.ndarray):
                    out.append(v)
        return tuple(out)


def _describe(v: Any) -> str:
    if isinstance(v, np.ndarray):
        return f"{v.dtype.name}{list(v.shape)}"
    if isinstance(v, list):
        return "[" + ", ".join(_describe(x) for x in v) + "]"
    return repr(v)


def call(*args: Any, **kwargs: Any) -> Call:
    label = ", ".join([_describe(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
    return Call(args, kwargs, label)


Gen = Callable[[np.random.Generator], Iterator[Call]]


@dataclass(frozen=True)
class OpSpec:
    """How to drive one catalogue op: its calls, NumPy's reference, and what of the results to compare."""

    name: str
    calls: Gen
    ref: Callable[..., Any]
    #: maps a (NumPy) result before comparison: the parts of a decomposition that are unique
    view: Callable[..., Any] | None = None
    creation: bool = False  # called with ctx=Context(backend); the reference is NumPy's creation function
    random: bool = False  # values differ by backend: dtype and shape only
    meta_only: bool = False  # compare dtype and shape only (results that are not unique)
    raw: bool = False  # the view takes nf's result as it is (not converted to NumPy)
    zero_sign: bool = True  # compare the sign of zeros (not where ordering puts -0 and +0 either way)
    #: each value within the tolerance of the result's largest magnitude (sums of products, where a small entry
    #: carries the rounding of the large terms it was summed from, in an order each library chooses)
    scaled: bool = False


# --- generators -------------------------------------------------------------------------------------------
def _n(bounded: int, deep: int) -> int:
    return deep if DEEP else bounded


def unary(dtypes: Sequence[str] = DTYPES) -> Gen:
    """Every dtype's specials as a vector, 0-d, empty and 2-D inputs."""

    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for d in dtypes:
            v = values(d, rng, _n(4, 20))
            yield call(v)
            yield call(v[3])  # a 0-d array (v[3] is a NumPy scalar: 0-d array below)
            yield call(np.asarray(v[-1]))
            yield call(np.empty((0,), d))
            yield call(rng.permutation(np.resize(v, 12)).reshape(3, 4))

    return _fix_scalars(gen)


def _fix_scalars(gen: Gen) -> Gen:
    """NumPy scalars in the generated calls as 0-d arrays (an array, not a NumPy scalar, is the input)."""

    def fixed(rng: np.random.Generator) -> Iterator[Call]:
        for c in gen(rng):
            if any(isinstance(a, np.generic) for a in c.args):
                c = call(  # noqa: PLW2901 (the call with 0-d arrays replaces it)
                    *(np.asarray(a) if isinstance(a, np.generic) else a for a in c.args), **c.kwargs
                )
            yield c

    return fixed


#: Python scalars beside arrays: in range, out of range for small dtypes, out of every range, special floats.
PY_SCALARS: tuple[Any, ...] = (
    True,
    0,
    2,
    -1,
    300,
    -129,
    2**63,
    2**64,
    0.5,
    -0.0,
    np.inf,
    np.nan,
    1e300,
    1j,
    complex(np.inf, 0),
)


def binary(dtypes: Sequence[str] = DTYPES, scalars: Sequence[Any] = PY_SCALARS, pairs: str = "all") -> Gen:
    """Every dtype pair on a broadcast grid of special values (each x1 special against each x2 special);
    0-d and empty operands; Python scalars on either side."""

    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for d1, d2 in itertools.product(dtypes, repeat=2):
            if pairs == "same" and d1 != d2:
                continue
            a = values(d1, rng, _n(1, 6))
            b = values(d2, rng, _n(1, 6))
            yield call(a[:, None], b[None, :])
            if d1 == d2 or DEEP:
                yield call(np.asarray(a[2]), b)
                yield call(np.empty((0, 1), d1), b[:3])
        for d in dtypes:
            a = values(d, rng, _n(2, 6))
            for s in scalars:
                yield call(a, s)
                yield call(s, a)

    return _fix_scalars(gen)


AXES_2D: tuple[Any, ...] = (None, 0, 1, -1, (0, 1), (1, 0), (-1,), ())


def reduction(
    dtypes: Sequence[str] = DTYPES,
    axes: Sequence[Any] = AXES_2D,
    keepdims: bool = True,
    extra: dict[str, Any] | None = None,
) -> Gen:
    """Every dtype: a 2-D array of its specials and an empty one over every axis form (with and without
    ``keepdims``), a 0-d and a 1-D one over None, 0 and ()."""
    kw = dict(extra or {})

    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for d in dtypes:
            v = values(d, rng, _n(2, 8))
            m = rng.permutation(np.resize(v, 12)).reshape(3, 4)
            for x in (m, np.empty((2, 0), d), np.empty((0, 3), d)):
                for ax in axes:
                    for kd in (False, True) if keepdims else (None,):
                        yield call(x, axis=ax, **({} if kd is None else {"keepdims": kd}), **kw)
            for x in (np.asarray(v[len(v) // 2]), v):
                for ax in [a for a in (None, 0, ()) if a in axes or a is None]:
                    yield call(x, axis=ax, **({"keepdims": False} if keepdims else {}), **kw)

    return gen


def with_args(
    dtypes: Sequence[str], shapes: Sequence[tuple[int, ...]], *variants: dict[str, Any], extra: tuple[Any, ...] = ()
) -> Gen:
    """Ordinary inputs of each dtype and shape, with each variant of keywords (and extra positionals)."""

    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for d in dtypes:
            for shape in shapes:
                x = values(d, rng, 24)[: int(np.prod(shape))] if int(np.prod(shape)) <= len(specials(d)) + 24 else None
                if x is None or x.size < int(np.prod(shape)):
                    x = ordinary(d, rng, shape)
                x = rng.permutation(x.reshape(-1)).reshape(shape)
                for kw in variants or ({},):
                    yield call(x, *extra, **kw)

    return gen


def pairs_of(
    dtypes: Sequence[str],
    shape1: tuple[int, ...],
    shape2: tuple[int, ...],
    *variants: dict[str, Any],
    same: bool = False,
) -> Gen:
    """Two ordinary operands of every dtype pair (``same``: equal dtypes only), each variant of keywords."""

    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for d1, d2 in itertools.product(dtypes, repeat=2):
            if same and d1 != d2:
                continue
            if not DEEP and not same and d1 != d2 and (d1, d2) not in _MIXED_SAMPLE:
                continue
            for kw in variants or ({},):
                yield call(ordinary(d1, rng, shape1), ordinary(d2, rng, shape2), **kw)

    return gen


#: dtype pairs the bounded profile tries for ops whose every dtype pair would be slow (matmul, kron, ...)
_MIXED_SAMPLE = frozenset({
    ("int8", "uint8"), ("uint16", "uint64"), ("int64", "uint64"), ("bool", "int8"), ("int32", "float32"),
    ("float16", "float32"), ("float32", "float64"), ("float32", "complex64"), ("uint8", "float16"),
    ("int64", "complex128"), ("bool", "float64"), ("float64", "complex64"), ("uint32", "int16"),
})  # fmt: skip


def concat_of(dtypes: Sequence[str], *variants: dict[str, Any]) -> Gen:
    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for d1, d2 in itertools.product(dtypes, repeat=2):
            if not DEEP and d1 != d2 and (d1, d2) not in _MIXED_SAMPLE:
                continue
            for kw in variants or ({},):
                yield call([ordinary(d1, rng, (2, 3)), ordinary(d2, rng, (2, 3))], **kw)

    return gen


def chain(*gens: Gen) -> Gen:
    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for g in gens:
            yield from g(rng)

    return gen


def fixed(*calls: Call) -> Gen:
    def gen(rng: np.random.Generator) -> Iterator[Call]:
        yield from calls

    return gen


def matrices(
    dtypes: Sequence[str] = LINALG,
    kind: str = "general",
    shapes: Sequence[tuple[int, ...]] = ((3, 3), (2, 3, 3)),
    **kw: Any,
) -> Gen:
    """Well-conditioned matrices of each dtype (``kind``: general, spd (Hermitian positive definite),
    wide/tall are given by ``shapes``)."""

    def gen(rng: np.random.Generator) -> Iterator[Call]:
        for d in dtypes:
            for shape in shapes:
                a = ordinary("complex128" if np.dtype(d).kind == "c" else "float64", rng, shape, -3, 4)
                if kind == "spd":
                    a = a @ np.conj(np.swapaxes(a, -1, -2)) + 4 * np.eye(shape[-1])
                elif kind == "general" and shape[-1] == shape[-2]:
                    a = a + 8 * np.eye(shape[-1])
                if np.dtype(d).kind == "b":
                    a = np.eye(shape[-1], dtype=bool) | (np.abs(a) > 10) if shape[-1] == shape[-2] else a > 0
                yield call(a.astype(d), **kw)
        yield call(np.empty((0, 0), "float64"), **kw)

    return gen


# --- references -------------------------------------------------------------------------------------------
def _np(name: str) -> Callable[..., Any]:
    return getattr(np, name)  # type: ignore[no-any-return]


def _lin(name: str) -> Callable[..., Any]:
    return getattr(np.linalg, name)  # type: ignore[no-any-return]


def _sort_ref(x: Any, axis: int = -1, descending: bool = False, stable: bool = True) -> Any:
    out = np.sort(x, axis=axis)
    return np.flip(out, axis=axis) if descending else out


def _argsort_ref(x: Any, axis: int = -1, descending: bool = False, stable: bool = True) -> Any:
    return np.argsort(x, axis=axis, stable=True)


def _solve_ref(a: Any, b: Any, assume_a: str = "gen") -> Any:
    return np.linalg.solve(a, b)


def _expm_ref(a: Any) -> Any:
    a = np.asarray(a)
    if a.dtype.kind not in "fc":
        a = a.astype(np.float64)
    if a.dtype == np.float16:
        raise TypeError("array type float16 is unsupported in linalg")
    out = np.eye(a.shape[-1], dtype=a.dtype)
    term = out
    for k in range(1, 60):  # the Taylor series: the test matrices have small norms
        term = term @ a / k
        out = out + term
    return out


def _cholesky_ref(a: Any, upper: bool = False) -> Any:
    return np.linalg.cholesky(a, upper=upper)


def _norm_ref(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    return np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def _std_ref(a: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False, correction: Any = None) -> Any:
    return np.std(a, axis=axis, ddof=ddof if correction is None else correction, keepdims=keepdims)


def _var_ref(a: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False, correction: Any = None) -> Any:
    return np.var(a, axis=axis, ddof=ddof if correction is None else correction, keepdims=keepdims)


def _cast_ref(x: Any, dtype: Any) -> Any:
    return np.asarray(x).astype(dtype)


def _astype_ref(x: Any, dtype: Any, copy: bool = True) -> Any:
    return np.asarray(x).astype(dtype, copy=copy)


def _trace_ref(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    return np.trace(a, offset, axis1, axis2)


def _nonzero_ref(a: Any) -> Any:
    return tuple(np.nonzero(a))


def _adjoint_ref(a: Any) -> Any:
    return np.conj(np.swapaxes(a, -1, -2))


def _matrix_norm_ref(x: Any, keepdims: bool = False, ord: Any = "fro") -> Any:
    return np.linalg.matrix_norm(x, keepdims=keepdims, ord=ord)


def _vector_norm_ref(x: Any, axis: Any = None, keepdims: bool = False, ord: Any = 2) -> Any:
    return np.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord)


def _unique(name: str) -> Callable[..., Any]:
    """NumPy's ``unique`` with the outputs of the standard's ``name``, sorted (NumPy 2.3's unique_values
    is not; the standard leaves the order open, numerics_fn sorts)."""
    flags = {
        "unique_values": (),
        "unique_counts": ("counts",),
        "unique_inverse": ("inverse",),
        "unique_all": ("index", "inverse", "counts"),
    }[name]

    def ref(x: Any) -> Any:
        x = np.asarray(x)
        out = np.unique(x, **{f"return_{f}": True for f in flags}, equal_nan=False)
        if not flags:
            return out
        out = list(out)
        if "inverse" in flags:
            i = 1 + ("index" in flags)
            out[i] = out[i].reshape(x.shape)
        return tuple(out)

    return ref


def _identity(x: Any, *rest: Any) -> Any:
    return np.asarray(x)


def _pinv_ref(x: Any, rtol: Any = None) -> Any:
    return np.linalg.pinv(x, rtol=rtol)


def _matrix_rank_ref(x: Any, rtol: Any = None) -> Any:
    return np.linalg.matrix_rank(x, rtol=rtol)


def _cumulative(name: str) -> Callable[..., Any]:
    fn = getattr(np, name)

    def ref(x: Any, axis: Any = None, dtype: Any = None, include_initial: bool = False) -> Any:
        return fn(x, axis=axis, dtype=dtype, include_initial=include_initial)

    return ref


def _diff_ref(x: Any, axis: int = -1, n: int = 1, prepend: Any = None, append: Any = None) -> Any:
    kw = {k: v for k, v in (("prepend", prepend), ("append", append)) if v is not None}
    return np.diff(x, n=n, axis=axis, **kw)


def _index_update_ref(x: Any, index: Any, values: Any) -> Any:
    out = np.array(x, copy=True)
    out[index] = values
    return out


def _clip_ref(x: Any, min: Any = None, max: Any = None) -> Any:
    return np.clip(x, min, max)


def _continuous(dtype: Any, op: str) -> np.dtype[Any]:
    dt = np.dtype("float64" if dtype is None else dtype)
    if dt.kind not in ("fc" if op == "normal" else "f"):
        raise TypeError(f"{op}: dtype {dt} is not a floating dtype")
    return dt


def _normal_ref(rng: Any, shape: Any, dtype: Any = None) -> Any:
    return rng.normal(size=shape).astype(_continuous(dtype, "normal"))


def _uniform_ref(rng: Any, shape: Any, low: float = 0.0, high: float = 1.0, dtype: Any = None) -> Any:
    return rng.uniform(low, high, shape).astype(_continuous(dtype, "uniform"))


def _choice_ref(rng: Any, a: Any, size: Any = None, p: Any = None, replace: bool = True) -> Any:
    return rng.choice(a, size, replace=replace, p=p)


# views of results that are not unique: the parts that are
def _svd_view(out: Any) -> Any:
    return out[1]


def _qr_view(out: Any) -> Any:
    r = out[1] if isinstance(out, tuple) else out
    return np.abs(r).astype(r.dtype)


def _eigh_view(out: Any) -> Any:
    return out[0]


def _eig_view(out: Any) -> Any:
    return _eigvals_view(out[0])


def _eigvals_view(out: Any) -> Any:
    w = np.asarray(out)
    ordered = np.sort_complex(w)
    return ordered if w.dtype.kind == "c" else ordered.real.astype(w.dtype)


def _dtype_view(out: Any) -> Any:
    return np.dtype(getattr(out, "name", out))


def _info_view(out: Any) -> Any:
    names = ("bits", "eps", "max", "min", "smallest_normal")
    return tuple(float(getattr(out, n)) for n in names if hasattr(out, n))


def _take_along_axis_ref(x: Any, indices: Any, axis: int = -1) -> Any:
    return np.take_along_axis(x, indices, axis=axis)


def _info(kind: str) -> Callable[..., Any]:
    fn = getattr(np, kind)

    def ref(x: Any) -> Any:
        return fn(x.dtype if isinstance(x, np.ndarray) else x)

    return ref


def _rng_view(out: Any) -> Any:
    return type(out).__name__ == "Generator"


# --- the table of ops ---------------------------------------------------------------------------------------
UNARY_NAMES = (
    "abs", "real", "imag", "conj", "exp", "exp2", "log", "log2", "sqrt", "sin", "cos", "tanh", "square", "sign",
    "acos", "acosh", "asin", "asinh", "atan", "atanh", "bitwise_invert", "ceil", "cosh", "expm1", "floor",
    "isfinite", "isinf", "isnan", "log10", "log1p", "logical_not", "negative", "positive", "reciprocal",
    "round", "signbit", "sinh", "tan", "trunc", "copy", "zeros_like", "ones_like", "to_numpy",
)  # fmt: skip
BINARY_NAMES = (
    "add", "subtract", "multiply", "divide", "power", "pow", "maximum", "minimum", "atan2", "copysign",
    "hypot", "logaddexp", "nextafter", "floor_divide", "remainder", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_left_shift", "bitwise_right_shift", "equal", "not_equal", "greater", "greater_equal", "less",
    "less_equal", "logical_and", "logical_or", "logical_xor",
)  # fmt: skip


def _specs() -> dict[str, OpSpec]:  # noqa: C901 (one table)
    s: dict[str, OpSpec] = {}

    def add(name: str, calls: Gen, ref: Callable[..., Any] | None = None, **kw: Any) -> None:
        s[name] = OpSpec(name, calls, ref if ref is not None else _np(name), **kw)

    for name in UNARY_NAMES:
        add(name, unary(), _identity if name == "to_numpy" else None)
    for name in BINARY_NAMES:
        add(name, binary())
    # np.matrix (an ndarray subclass whose methods take no keepdims): NumPy's functions reduce it to a scalar
    with warnings.catch_warnings():  # NumPy's PendingDeprecationWarning for np.matrix
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        matrix = fixed(call(np.matrix([[1, 2], [3, 4]])), call(np.matrix([[1.5, -2.0]]), axis=None))
    for name in ("sum", "prod", "mean"):
        add(
            name,
            chain(
                reduction(),
                reduction(("int8", "uint8", "bool", "float32"), (None, 0), extra={"dtype": "float64"}),
                matrix,
            ),
        )
    for name in ("max", "min", "argmax", "argmin", "all", "any", "count_nonzero"):
        add(name, chain(reduction(), matrix) if name in ("max", "min") else reduction())
    add("std", chain(reduction(), reduction(FLOATS, (None, 1), extra={"correction": 1})), _std_ref)
    add("var", chain(reduction(), reduction(FLOATS, (None, 1), extra={"ddof": 1})), _var_ref)
    add(
        "norm",
        chain(
            reduction(axes=(None, 0, -1)),
            reduction(INEXACT, (None, (0, 1)), extra={"ord": "fro"}),
            reduction(("float64", "int8", "complex128"), (0,), extra={"ord": 1}),
        ),
        _norm_ref,
    )
    add(
        "vector_norm",
        chain(reduction(), reduction(("float32", "int16"), (None, 1), extra={"ord": np.inf})),
        _vector_norm_ref,
    )
    add("matrix_norm", matrices((*LINALG, "float16", "uint8"), "general", ((3, 3), (2, 3, 4))), _matrix_norm_ref)
    for name in ("cumulative_sum", "cumulative_prod"):
        add(
            name,
            chain(
                reduction(axes=(0, 1, -1), keepdims=False),
                with_args(DTYPES, ((5,), (0,)), {}, {"include_initial": True}),
                with_args(("int8", "uint8", "bool"), ((4,),), {"dtype": "int16"}),
            ),
            _cumulative(name),
        )
    add(
        "diff",
        chain(
            reduction(axes=(0, -1), keepdims=False), with_args(("float32", "int8"), ((4,),), {"n": 2}, {"prepend": 0.0})
        ),
        _diff_ref,
    )
    add(
        "sort",
        chain(reduction(axes=(0, -1), keepdims=False), with_args(DTYPES, ((5,),), {"descending": True})),
        _sort_ref,
        zero_sign=False,
    )
    add("argsort", reduction(axes=(0, -1), keepdims=False), _argsort_ref)
    for name in ("unique_values", "unique_counts", "unique_inverse", "unique_all"):
        add(name, unary(), _unique(name), zero_sign=False)
    add("nonzero", with_args(DTYPES, ((6,), (2, 3), (0,)), {}), _nonzero_ref)
    add("clip", chain(
        binary(pairs="same", scalars=(0, 1.5, -1, 300)),
        with_args(DTYPES, ((6,),), {"min": 1, "max": 3}, {"min": None, "max": None}, {"min": 2}),
    ), _clip_ref)  # fmt: skip
    add("where", chain(
        *(fixed(call(np.array([True, False, True]), ordinary(d, np.random.default_rng(1), (3,)), ordinary(e, np.random.default_rng(2), (3,))))
          for d, e in itertools.product(DTYPES, repeat=2) if DEEP or d == e or (d, e) in _MIXED_SAMPLE),
        fixed(call(np.array([True, False]), 1.0, 0), call(np.array([1, 0], "int8"), np.ones(2, "float32"), 2.5)),
    ))  # fmt: skip
    for name in ("isclose", "allclose"):
        add(
            name,
            chain(
                binary((*INEXACT, "int64", "bool", "uint8"), scalars=(0.5, 1, np.nan)),
                with_args(FLOATS, ((4,),), {"equal_nan": True}, extra=(np.array([np.nan, 1.0, 2.0, np.inf]),)),
            ),
        )
    # shape and manipulation: every dtype (wide unsigned types lack torch kernels)
    add(
        "index_update",
        chain(
            with_args(DTYPES, ((5,),), extra=(slice(1, 3), 1)),
            with_args(DTYPES, ((2, 3),), extra=((0, slice(None)), 0)),
            fixed(
                call(np.arange(5.0), [0, 2], np.array([7.0, 8.0])),
                call(np.arange(6, dtype="int16").reshape(2, 3), (slice(None), -1), np.array([1, 2], "int16")),
                call(np.arange(4, dtype="uint8"), [True, False, True, False], 2.5),
            ),
        ),
        _index_update_ref,
    )
    add("reshape", chain(with_args(DTYPES, ((2, 3),), extra=((3, 2),)), with_args(("float64",), ((2, 3),), extra=(-1,)), with_args(("float64",), ((0, 2),), extra=((2, 0),))), lambda a, shape, copy=None: np.reshape(a, shape))  # fmt: skip
    add("transpose", chain(with_args(DTYPES, ((2, 3, 4),)), with_args(("float32",), ((2, 3, 4),), extra=((1, 0, 2),))))
    add("permute_dims", with_args(DTYPES, ((2, 3, 4),), extra=((2, 0, 1),)))
    add("matrix_transpose", with_args(DTYPES, ((2, 3, 4), (3, 2))))
    add("adjoint", with_args(DTYPES, ((2, 3, 4), (3, 2))), _adjoint_ref)
    add("moveaxis", with_args(DTYPES, ((2, 3, 4),), extra=(0, -1)))
    add(
        "squeeze",
        chain(
            with_args(DTYPES, ((1, 3, 1),)),
            with_args(("float64",), ((1, 3, 1),), {"axis": 0}, {"axis": (0, 2)}, {"axis": 1}),
        ),
    )
    add(
        "expand_dims",
        chain(
            with_args(DTYPES, ((2, 3),), extra=(0,)),
            with_args(("float64",), ((2, 3),), extra=((0, 3),)),
            with_args(("float64",), ((2, 3),), extra=(-1,)),
        ),
    )
    add(
        "diag",
        chain(with_args(DTYPES, ((4,), (3, 4))), with_args(("float64", "uint64"), ((3, 4),), {"k": 1}, {"k": -2})),
    )
    add(
        "diagonal",
        chain(
            with_args(DTYPES, ((3, 4), (2, 3, 3))),
            with_args(("float64",), ((2, 3, 4),), {"offset": 1, "axis1": 1, "axis2": 2}),
        ),
        lambda a, offset=0, axis1=0, axis2=1: np.diagonal(a, offset, axis1, axis2),
    )
    add(
        "trace",
        chain(
            with_args(DTYPES, ((3, 4), (2, 3, 3))),
            with_args(("float64", "int8"), ((2, 3, 4),), {"offset": 1, "axis1": 1, "axis2": 2}),
        ),
        _trace_ref,
    )
    add("tril", chain(with_args(DTYPES, ((3, 4), (2, 3, 3))), with_args(("float64",), ((3, 4),), {"k": 1}, {"k": -1})))
    add("triu", chain(with_args(DTYPES, ((3, 4), (2, 3, 3))), with_args(("float64",), ((3, 4),), {"k": 1}, {"k": -1})))
    add("flip", chain(with_args(DTYPES, ((2, 3),)), with_args(("float64",), ((2, 3),), {"axis": 0}, {"axis": (0, 1)})))
    add(
        "roll",
        chain(with_args(DTYPES, ((2, 3),), extra=(1,)), with_args(("float64",), ((2, 3),), {"axis": 1}, extra=(-1,))),
    )
    add("tile", with_args(DTYPES, ((2, 3),), extra=((2, 1),)))
    add(
        "repeat",
        chain(with_args(DTYPES, ((2, 3),), extra=(2,)), with_args(("float64",), ((2, 3),), {"axis": 1}, extra=(2,))),
    )
    add("broadcast_to", with_args(DTYPES, ((3,), (1, 3)), extra=((2, 3),)))
    add(
        "unstack",
        chain(with_args(DTYPES, ((2, 3),)), with_args(("float64",), ((2, 3),), {"axis": 1})),
        lambda x, axis=0: tuple(np.unstack(x, axis=axis)),
    )
    add(
        "take",
        chain(
            *(fixed(call(ordinary(d, np.random.default_rng(3), (2, 3)), np.array([0, 2, -1]), axis=1)) for d in DTYPES),
            fixed(call(np.arange(6.0), np.array([1, 5]))),
        ),
    )
    add(
        "take_along_axis",
        chain(
            *(
                fixed(call(ordinary(d, np.random.default_rng(4), (2, 3)), np.array([[0, 2], [1, 0]]), axis=-1))
                for d in DTYPES
            )
        ),
        _take_along_axis_ref,
    )
    for name in ("stack", "concatenate", "concat"):
        add(
            name,
            chain(
                concat_of(DTYPES),
                concat_of(("float32",), {"axis": 1}),
                *([concat_of(("float32",), {"axis": None})] if name != "stack" else []),
            ),
        )
    add(
        "meshgrid",
        chain(
            *(
                fixed(call(ordinary(d, np.random.default_rng(5), (3,)), ordinary(d, np.random.default_rng(6), (2,))))
                for d in DTYPES
            ),
            fixed(call(np.arange(3.0), np.arange(2, dtype="int8"), indexing="ij")),
        ),
        lambda *a, indexing="xy": tuple(np.meshgrid(*a, indexing=indexing)),
    )
    add(
        "broadcast_arrays",
        chain(
            *(
                fixed(call(ordinary(d, np.random.default_rng(7), (3, 1)), ordinary(d, np.random.default_rng(8), (2,))))
                for d in DTYPES
            )
        ),
        lambda *a: tuple(np.broadcast_arrays(*a)),
    )
    # products
    add(
        "matmul",
        chain(
            pairs_of(DTYPES, (2, 3), (3, 2), same=True),
            pairs_of(DTYPES, (2, 3), (3, 2)),
            pairs_of(("float64",), (0, 3), (3, 2), same=True),
            pairs_of(("float32",), (2, 3, 4), (4,), same=True),
        ),
    )
    add(
        "dot",
        chain(
            pairs_of(DTYPES, (2, 3), (3,), same=True),
            pairs_of(DTYPES, (2, 3), (3, 2)),
            pairs_of(("float64",), (), (3,), same=True),
        ),
    )
    add("vecdot", chain(pairs_of(DTYPES, (2, 3), (3,), same=True), pairs_of(DTYPES, (2, 3), (2, 3))))
    add("outer", chain(pairs_of(DTYPES, (2,), (3,), same=True), pairs_of(DTYPES, (2,), (3,))))
    add("kron", chain(pairs_of(DTYPES, (2, 2), (2, 1), same=True), pairs_of(DTYPES, (2,), (3,))))
    add(
        "tensordot",
        chain(
            pairs_of(DTYPES, (2, 3), (3, 2), {"axes": 1}, same=True),
            pairs_of(("float64", "int8"), (2, 3), (2, 3), {"axes": 2}),
        ),
    )
    add(
        "cross",
        chain(pairs_of(DTYPES, (2, 3), (2, 3), same=True), pairs_of(DTYPES, (3,), (3,))),
        lambda a, b, axis=-1: np.cross(a, b, axis=axis),
    )
    add("einsum", chain(*(fixed(call("ij,jk->ik", ordinary(d, np.random.default_rng(9), (2, 3)), ordinary(e, np.random.default_rng(10), (3, 2))))
                          for d, e in itertools.product(DTYPES, repeat=2) if DEEP or d == e or (d, e) in _MIXED_SAMPLE),
                        *(fixed(call("ii->i", ordinary(d, np.random.default_rng(11), (3, 3)))) for d in DTYPES)))  # fmt: skip
    add(
        "searchsorted",
        chain(
            *(
                fixed(
                    call(
                        np.sort(ordinary(d, np.random.default_rng(12), (6,))),
                        ordinary(d, np.random.default_rng(13), (4,)),
                    )
                )
                for d in DTYPES
                if d not in COMPLEX
            ),
            fixed(call(np.array([1.0, 2.0, 3.0]), np.array([2.0]), side="right")),
        ),
    )
    add(
        "isin",
        chain(
            pairs_of(DTYPES, (5,), (4,), same=True),
            pairs_of(DTYPES, (5,), (4,)),
            pairs_of(("int64",), (5,), (4,), {"invert": True}, same=True),
        ),
    )
    add(
        "bincount",
        chain(
            *(fixed(call(np.array([0, 1, 1, 3], d))) for d in (*INTS, "bool")),
            fixed(call(np.array([0, 2]), minlength=4)),
            fixed(call(np.array([0, 1, 1]), weights=np.array([0.5, 1.0, 2.0]))),
        ),
    )
    # linear algebra
    for name in ("inv", "det", "slogdet", "eigvals", "svdvals", "pinv", "matrix_rank"):
        add(
            name,
            matrices((*LINALG, "float16", "int8")),
            {"pinv": _pinv_ref, "matrix_rank": _matrix_rank_ref}.get(name, _lin(name)),
            view=_eigvals_view if name == "eigvals" else None,
        )
    add(
        "matrix_power",
        chain(matrices(LINALG, n=2), matrices(("float64", "int64"), n=0), matrices(("float64",), n=-1)),
        _lin("matrix_power"),
    )
    add(
        "svd",
        chain(
            matrices(LINALG, shapes=((3, 3), (2, 3), (2, 4, 3), (2, 3, 4))),
            matrices(("float64",), shapes=((2, 4, 3), (2, 3, 4)), full_matrices=True),
        ),
        lambda a, full_matrices=False: np.linalg.svd(a, full_matrices=full_matrices),
        view=_svd_view,
    )
    add(
        "qr",
        chain(
            matrices(LINALG, shapes=((3, 3), (4, 3), (2, 4, 3), (2, 3, 4))),
            matrices(("float64",), mode="r"),
            matrices(("float64",), shapes=((2, 4, 3), (2, 3, 4)), mode="complete"),
        ),
        lambda a, mode="reduced": np.linalg.qr(a, mode=mode),
        view=_qr_view,
    )
    add("eigh", matrices(LINALG, "spd"), _lin("eigh"), view=_eigh_view)
    add("eigvalsh", matrices(LINALG, "spd"), _lin("eigvalsh"))
    add("eig", matrices(LINALG), _lin("eig"), view=_eig_view)
    add("cholesky", chain(matrices(LINALG, "spd"), matrices(("float64",), "spd", upper=True)), _cholesky_ref)
    add(
        "solve",
        chain(
            *(
                fixed(call(np.eye(3, dtype=d) * 2 + np.ones((3, 3), d), np.arange(3).astype(d)))
                for d in LINALG
                if d != "bool"
            )
        ),
        _solve_ref,
    )
    add("expm", matrices(("float32", "float64", "complex128", "int64"), shapes=((3, 3),)), _expm_ref)
    # conversion and dtypes
    add(
        "cast",
        chain(
            *(
                fixed(call(values(d, np.random.default_rng(14), 0), e))
                for d, e in itertools.product(DTYPES, repeat=2)
                if DEEP or d in ("int8", "uint64", "float32", "complex64", "bool")
            )
        ),
        _cast_ref,
    )
    add(
        "astype",
        chain(
            *(
                fixed(call(values(d, np.random.default_rng(15), 0), e))
                for d, e in itertools.product(DTYPES, repeat=2)
                if DEEP or d in ("int16", "uint32", "float64", "complex128", "float16")
            )
        ),
        _astype_ref,
    )
    add(
        "result_type",
        chain(
            *(
                fixed(call(ordinary(d, np.random.default_rng(16), (2,)), ordinary(e, np.random.default_rng(17), (2,))))
                for d, e in itertools.product(DTYPES, repeat=2)
                if DEEP or (d, e) in _MIXED_SAMPLE or d == e
            )
        ),
        view=_dtype_view,
        raw=True,
    )
    add(
        "can_cast",
        chain(
            *(
                fixed(call(ordinary(d, np.random.default_rng(16), (2,)), np.dtype(e)))
                for d, e in itertools.product(DTYPES, repeat=2)
                if DEEP or (d, e) in _MIXED_SAMPLE or d == e
            )
        ),
    )
    add("finfo", chain(*(fixed(call(np.ones(2, d))) for d in INEXACT)), _info("finfo"), view=_info_view, raw=True)
    add("iinfo", chain(*(fixed(call(np.ones(2, d))) for d in INTS)), _info("iinfo"), view=_info_view, raw=True)
    # generic values and random numbers: dtype and shape (the streams are each library's)
    add("backend_of", fixed(), lambda x: None)
    add("convert", fixed(), lambda x, backend=None, device=None: x)
    add("isdtype", fixed(), lambda d, k: np.isdtype(d, k))
    add("broadcast_shapes", fixed(), lambda *s: np.broadcast_shapes(*s))
    add("requires_grad", unary(), _identity)
    add("detach", unary(), _identity)
    # creation (ctx=Context(backend)); NumPy's function of the same name is the reference
    add("zeros", fixed(*(call((2, 3), dtype=d) for d in DTYPES), call(()), call(0), call((2, 0))), creation=True)
    add("ones", fixed(*(call((2, 3), dtype=d) for d in DTYPES), call(()), call(3)), creation=True)
    add("empty", fixed(*(call((2, 3), dtype=d) for d in DTYPES), call(())), creation=True, meta_only=True)
    add(
        "full",
        fixed(
            *(call((2,), v) for v in (1, 1.5, True, 1j, -1, 2**63, np.nan)), *(call((2,), 3, dtype=d) for d in DTYPES)
        ),
        creation=True,
    )
    add("eye", fixed(*(call(3, dtype=d) for d in DTYPES), call(3, 4, k=1), call(2, k=-1), call(0)), creation=True)
    add("arange", fixed(
        call(5), call(0, 1, 0.25), call(0, 1, 0), call(0.0, 1.0, 0.0), call(5, 0), call(5, 0, -2), call(1, 10, 3), call(-3.5),
        call(0, 2**63, 2**62), call(2**63, 2**63 + 4), *(call(4, dtype=d) for d in DTYPES),
    ), creation=True)  # fmt: skip
    add(
        "linspace",
        fixed(
            call(0.0, 1.0, 5),
            call(0, 1, 4, endpoint=False),
            call(0, 10, 3, dtype="int64"),
            call(1j, 2j, 3),
            call(0.0, 1.0, 0),
            call(0.0, 1.0, 1),
        ),
        creation=True,
    )
    add(
        "array",
        fixed(
            call([1, 2]),
            call([1.5, 2]),
            call([True]),
            call([1j]),
            call(2**63),
            call([2**64]),
            call([1, 2], dtype="uint8"),
            call([[1.0], [2.0]], dtype="float32"),
        ),
        creation=True,
    )
    add(
        "asarray",
        fixed(
            call([1, 2]),
            call(3.5),
            call([-1], dtype="int8"),
            call(np.arange(3, dtype="uint64")),
            call(np.array([1.0, np.nan], "float16")),
        ),
        creation=True,
    )
    add(
        "from_dlpack",
        fixed(call(np.arange(3.0)), call(np.arange(4, dtype="int8"))),
        lambda x, device=None, copy=None: np.from_dlpack(x),
        creation=True,
    )
    add("empty_like", unary(), _np("empty_like"), meta_only=True)
    add(
        "full_like",
        chain(*(fixed(call(ordinary(d, np.random.default_rng(18), (3,)), v)) for d in DTYPES for v in (1, 2.5, True))),
    )
    add(
        "rng",
        fixed(call(0), call(None)),
        lambda seed=None: np.random.default_rng(seed),
        creation=True,
        view=_rng_view,
        raw=True,
    )
    add(
        "normal",
        fixed(*(call(None, (3,), dtype=d) for d in (*INEXACT, "int64")), call(None, ())),
        _normal_ref,
        random=True,
    )
    add(
        "uniform",
        fixed(
            *(call(None, (3,), dtype=d) for d in (*FLOATS, "int64", "complex64")), call(None, (2,), low=-1.0, high=2.0)
        ),
        _uniform_ref,
        random=True,
    )
    add(
        "choice",
        fixed(call(None, 5, (3,)), call(None, np.arange(4.0), (2,)), call(None, 3, (2,), replace=False)),
        _choice_ref,
        random=True,
    )
    return s


SPECS: dict[str, OpSpec] = _specs()


# --- declared deviations ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deviation:
    """One way a backend knowingly differs from NumPy: for which op(s) and inputs, what happens, and why.

    ``covers(op, call)`` selects the cases (``call``: the NumPy inputs). Every case it covers must deviate
    (``strict``), or at least one (not strict: inputs where the difference shows only for some values)."""

    ops: tuple[str, ...]
    backends: tuple[str, ...]
    inputs: str
    happens: str
    why: str
    covers: Callable[[str, Call], bool]
    strict: bool = True
    #: the profiles whose run must meet the row, by op or (op, backend) (one not named: every profile). A
    #: non-strict row whose difference shows for some values only may show in one profile's sample only, or
    #: (no profile named) only with another seed or on another machine. Another seed's run needs meet none.
    met_in: dict[str | tuple[str, str], tuple[str, ...]] = field(default_factory=dict, compare=False)

    def checked(self, op: str, backend: str) -> bool:
        """Whether this profile's run of ``op`` on ``backend`` must meet the row (else a row it never meets is
        not stale)."""
        if not self.strict and SEED != 0:
            return False
        return PROFILE in self.met_in.get((op, backend), self.met_in.get(op, PROFILES))


def _mixed_kind_cast(source: np.dtype[Any], target: np.dtype[Any]) -> bool:
    """A cast NumPy allows across kinds that the Array API standard's lattice has no path for."""
    crosses = (source.kind == "b" and target.kind != "b") or (source.kind in "iu" and target.kind in "fc")
    return crosses and bool(np.can_cast(source, target))


def _has(c: Call, kinds: str) -> bool:
    """Whether an input of ``c`` (array or Python scalar) has a dtype of one of ``kinds`` (NumPy kind letters)."""
    scalar_kind = {bool: "b", int: "i", float: "f", complex: "c"}
    return any(np.dtype(d).kind in kinds for d in c.dtypes()) or any(scalar_kind[type(v)] in kinds for v in c.scalars())


def _has_value(c: Call, test: Callable[[np.ndarray], np.ndarray]) -> bool:
    with np.errstate(all="ignore"):
        return any(
            bool(np.any(test(np.asarray(a)))) for a in (*c.arrays(), *c.scalars()) if np.asarray(a).dtype.kind in "fc"
        )


def _negative_zero(a: np.ndarray) -> np.ndarray:
    """Where ``a`` (float or complex) has -0.0 (a part of -0.0, for complex)."""
    parts = (a.real, a.imag) if a.dtype.kind == "c" else (a,)
    return np.logical_or.reduce([(p == 0) & np.signbit(p) for p in parts])


def _infinite(c: Call) -> bool:
    return _has_value(c, np.isinf)


def _py_int_out_of_range(c: Call) -> bool:
    """A Python int beside an integer or bool array whose dtype cannot hold it (bool: int64's range)."""
    for v in c.scalars():
        if type(v) is int:
            for d in c.dtypes():
                dt = np.dtype("int64" if d == "bool" else d)
                if dt.kind in "iu" and not np.iinfo(dt).min <= v <= np.iinfo(dt).max:
                    return True
    return False


def _ops(*names: str) -> tuple[str, ...]:
    return names


_ALL = ("numpy", "pytorch", "cupynumeric")
_FLOAT_FUNCTIONS = _ops("atan2", "copysign", "hypot", "logaddexp", "nextafter", "divide")

DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        _ops("floor_divide"),
        _ALL,
        "a float operand is ±inf",
        "the Array API standard's floor(x1 / x2): `-1 // inf` is -0.0 and `inf // 2` is inf (NumPy: -1.0 and nan)",
        "numerics_fn is an Array API namespace and follows the standard's special cases where NumPy's differ",
        lambda op, c: _infinite(c),
        strict=False,
    ),
    Deviation(
        _ops("expm1"),
        _ALL,
        "complex input with a zero, infinite or NaN part",
        "the standard's special values (`expm1(inf+0j)` is inf+0j, NumPy: inf+nanj; `expm1(-0-0j)` is +0-0j)",
        "the Array API standard's special cases, as above",
        lambda op, c: _has(c, "c") and _has_value(c, lambda a: ~np.isfinite(a) | (a.real == 0) | (a.imag == 0)),
        strict=False,
    ),
    Deviation(
        _ops("cast", "astype"),
        _ALL,
        "complex input, a real or bool target dtype",
        "UnsupportedTypeError (NumPy warns ComplexWarning and drops the imaginary part)",
        "numerics_fn never drops an imaginary part silently (API: no silent dtype change); take nf.real first",
        lambda op, c: _has(c, "c") and np.dtype(c.args[1]).kind != "c",
    ),
    Deviation(
        _ops("array"),
        _ALL,
        "a Python int at or above 2**64 in a list",
        "UnsupportedTypeError (NumPy makes an object array)",
        "no backend has object arrays; a number no dtype holds is refused, naming the op and the argument",
        lambda op, c: isinstance(c.args[0], list) and any(type(v) is int and v >= 2**64 for v in c.args[0]),
    ),
    Deviation(
        _ops("eigvals"),
        _ALL,
        "real input whose eigenvalues are all real",
        "a complex array (NumPy returns a real one there)",
        "the Array API standard's eigvals is complex for every input: the dtype does not depend on the values",
        lambda op, c: not _has(c, "c"),
        strict=False,
    ),
    Deviation(
        _ops("can_cast"),
        _ALL,
        "bool to a number dtype; an integer dtype to a floating or complex one that NumPy allows",
        "False (NumPy: True)",
        "the Array API standard's promotion rules, which numerics_fn's can_cast reports: no mixed-kind casts "
        "beyond them",
        lambda op, c: _mixed_kind_cast(np.dtype(c.dtypes()[0]), np.dtype(c.args[1])),
    ),
    Deviation(
        _ops("power", "pow"),
        ("pytorch", "cupynumeric"),
        "complex operands with a zero, infinite or NaN part",
        "the library's complex power (C99 cpow) gives nan or other infinities where NumPy special-cases "
        "(`0j ** 0j` is 1)",
        "special values of the library's complex kernel; NumPy's rules would need a mask per case on every call",
        lambda op, c: _has(c, "c"),
        strict=False,
    ),
    Deviation(
        _ops("maximum", "minimum", "clip", "min", "max"),
        ("pytorch",),
        "float operands with +0.0 beside -0.0",
        "the other zero of the two (they compare equal)",
        "which of two equal zeros an extremum returns is unspecified in NumPy and torch alike (NumPy's own answer "
        "depends on the position in its SIMD lanes)",
        lambda op, c: _has(c, "fb") and _has_value(c, lambda a: a == 0),
        strict=False,
        met_in={"min": ("bounded",), "max": ("deep",)},
    ),
    Deviation(
        _ops("matmul"),
        ("pytorch", "cupynumeric"),
        "float or complex operands where a sum of products is zero and every product is -0.0 (a row of False "
        "against negative numbers)",
        "+0.0 where NumPy gives -0.0",
        "the sign of a zero sum is the matrix-product kernel's (its accumulator's first value): NumPy's BLAS "
        "chooses its kernel by the CPU, and neither it nor torch's or cuPyNumeric's is specified",
        lambda op, c: _has(c, "fc"),
        strict=False,
        met_in={"matmul": ()},
    ),
    Deviation(
        _ops("maximum", "minimum", "clip", "max", "min", "nanmax", "nanmin"),
        ("cupynumeric",),
        "float operands with +0.0 beside -0.0",
        "the other zero of the two (they compare equal)",
        "which of two equal zeros an extremum returns is unspecified in NumPy and cuPyNumeric alike",
        lambda op, c: _has(c, "fb") and _has_value(c, lambda a: a == 0),
        strict=False,
        met_in={"max": ("deep",), "nanmin": ("deep",), "min": (), "nanmax": ()},
    ),
    Deviation(
        _ops("multiply", "divide", "reciprocal", "cumulative_prod", "cumprod", "mean", "prod"),
        ("cupynumeric",),
        "complex operands with a zero, infinite or NaN part",
        "another sign of a zero part, or an infinity where NumPy's textbook formula gives nan (`(inf+infj) * 2` is "
        "inf+infj; NumPy: nan+nanj)",
        "cuPyNumeric's complex kernels recover infinities (C99 Annex G) and it cannot assemble a complex array from "
        "real parts computed NumPy's way (no writable .real/.imag, no view as another dtype)",
        lambda op, c: _has(c, "c"),
        strict=False,
        met_in={"cumprod": ("deep",), "mean": ("deep",), "prod": ("deep",), "reciprocal": ("deep",)},
    ),
    Deviation(
        _ops("quantile", "percentile"),
        ("cupynumeric",),
        "float32 or float64 data with an infinity where the interpolation starts (`quantile([-inf, -0.5, 1], 0)`)",
        "the infinity (NumPy: nan)",
        "NumPy interpolates as a + (b - a)·t, which is nan for an infinite b - a and t = 0; cuPyNumeric's "
        "interpolation gives the value at t",
        lambda op, c: _infinite(c) and "float16" not in c.dtypes(),
        strict=False,
        met_in={"quantile": ("deep",), "percentile": ("deep",)},
    ),
    Deviation(
        _ops("mean", "nanmean"),
        ("cupynumeric",),
        "int64 or uint64 data holding values beyond 2**53 beside small ones",
        "another rounding of the float64 sum, as on torch",
        "the float64 sum of such values depends on the order of the additions: NumPy's pairwise summation there, "
        "cuPyNumeric's tiled one here",
        lambda op, c: any(
            a.dtype.kind in "iu" and a.size and float(np.max(np.abs(a.astype(np.float64)))) > 2**53 for a in c.arrays()
        ),
        strict=False,
        met_in={"mean": ("deep",), "nanmean": ("deep",)},
    ),
    Deviation(
        _ops("cast", "astype"),
        ("cupynumeric",),
        "float NaN or ±inf to an integer dtype",
        "another integer (`nan` to uint64 is 0; NumPy on x86: 2**63; to int32: -2**31)",
        "C leaves the conversion undefined: each library gives its hardware's value",
        lambda op, c: _has(c, "f") and np.dtype(c.args[1]).kind in "iu" and _has_value(c, lambda a: ~np.isfinite(a)),
        strict=False,
        met_in={"cast": ("deep",)},
    ),
    Deviation(
        _ops("quantile", "percentile"),
        ("pytorch", "cupynumeric"),
        "integer data whose values differ by more than their dtype holds (int8 -128 and 127)",
        "the interpolated value of the data (`percentile(int8 [-128, 127, 5], 10)` is -101.4; NumPy: -152.6)",
        "NumPy subtracts the neighbouring values in the data's own integer dtype, which wraps around; numerics_fn "
        "interpolates in float64, as NumPy does for float data",
        lambda op, c: _has(c, "iu"),
        strict=False,
        met_in={("percentile", "cupynumeric"): ("deep",), "quantile": ()},
    ),
    Deviation(
        _ops("percentile"),
        ("pytorch", "cupynumeric"),
        "float16 data",
        "a result one or two float16 steps from NumPy's",
        "the interpolation between float16 neighbours is rounded at other steps than NumPy's (the library's float16 "
        "arithmetic, with the position q/100 in float64)",
        lambda op, c: "float16" in c.dtypes(),
        strict=False,
        met_in={("percentile", "cupynumeric"): ("deep",)},
    ),
    Deviation(
        _ops("mean", "nanmean"),
        ("pytorch",),
        "int64 or uint64 data holding values beyond 2**53 beside small ones",
        "another rounding of the float64 sum (`mean([2**63-1, -2**63, 3, ...])`)",
        "the float64 sum of such values depends on the order of the additions, which is NumPy's pairwise summation "
        "there and torch's vectorised one here; neither is more exact",
        lambda op, c: any(
            a.dtype.kind in "iu" and a.size and float(np.max(np.abs(a.astype(np.float64)))) > 2**53 for a in c.arrays()
        ),
        strict=False,
    ),
    Deviation(
        _ops("power", "pow"),
        ("pytorch", "cupynumeric"),
        "a float array with -0.0 to the Python number 0.5",
        "+0.0, C's pow (NumPy: -0.0, from its shortcut of `x ** 0.5` to sqrt)",
        "matching it needs a look at the exponent's value on every call (a device synchronisation on GPUs)",
        lambda op, c: c.scalars() == (0.5,) and _has_value(c, _negative_zero),
        strict=False,
    ),
    Deviation(
        _ops("cumulative_sum"),
        ("pytorch",),
        "float or complex data beginning with -0.0",
        "+0.0 in the running sums that are -0.0 in NumPy's",
        "torch's scan starts from +0.0 (+0.0 + -0.0 is +0.0); NumPy's starts from the first element",
        lambda op, c: _has(c, "fc") and _has_value(c, _negative_zero),
        strict=False,
    ),
    Deviation(
        _ops("cumulative_prod", "cumprod"),
        ("pytorch",),
        "complex data with an infinite part",
        "nan parts where NumPy's running products keep a finite part (`-inf+3j` itself is `-inf+nanj`)",
        "torch's scan multiplies the first element by 1+0j (inf * 0 is nan); NumPy's starts from the first element",
        lambda op, c: _has(c, "c") and _infinite(c),
        strict=False,
    ),
    Deviation(
        _ops("clip"),
        ("pytorch", "cupynumeric"),
        "a Python number as `x`, with array bounds",
        "the number is weak (the bounds' dtype: `clip(-1, int8_array)` is int8); NumPy's clip makes it an int64 or "
        "float64 array first",
        "numerics_fn treats Python numbers as weak everywhere (NEP 50), where NumPy's clip, a method call, does not",
        lambda op, c: type(c.args[0]) in (int, float, complex) and any(isinstance(a, np.ndarray) for a in c.args[1:]),
        strict=False,
    ),
    Deviation(
        _ops("requires_grad"),
        ("pytorch",),
        "a bool or integer tensor",
        "RuntimeError from torch (NumPy arrays: returned unchanged)",
        "autograd tracks floating and complex tensors only",
        lambda op, c: not _has(c, "fc"),
    ),
    Deviation(
        _FLOAT_FUNCTIONS + _ops("clip"),
        ("pytorch",),
        "a Python int beside an integer (or bool) array whose dtype cannot hold it (300 beside int8, -1 beside uint8)",
        "OverflowError, as NumPy's add or multiply give for the same operands (NumPy computes these in float and "
        "returns)",
        "the Python number becomes a tensor of the array's dtype first, as NumPy's promotion rule (NEP 50) says",
        lambda op, c: _py_int_out_of_range(c),
        strict=False,
    ),
)


#: Ops whose backend still has undeclared mismatches (issue #15, work in progress): their tests are strict xfails
#: (cuPyNumeric's: its one test requires each of them to mismatch still), so one fixed (or fully declared) fails
#: until it leaves this list. Run ``python tests/differential.py BACKEND -v`` for the cases.
PENDING: dict[str, frozenset[str]] = {}

# Issue 16's ops (NumPy's scientific functions) are driven from their own table.
from differential_scientific import SCIENTIFIC_PENDING, scientific_specs  # noqa: E402

SPECS.update(scientific_specs(sys.modules[__name__]))
PENDING = {
    b: PENDING.get(b, frozenset()) | SCIENTIFIC_PENDING.get(b, frozenset()) for b in {*PENDING, *SCIENTIFIC_PENDING}
}


def declared(op: str, backend: str, c: Call) -> Deviation | None:
    """The deviation that covers ``op`` on ``backend`` with inputs ``c``, if any."""
    for dev in DEVIATIONS:
        if op in dev.ops and backend in dev.backends and dev.covers(op, c):
            return dev
    return None


def deviations_markdown() -> str:
    """``docs/deviations.md``: the table of `DEVIATIONS`."""
    lines = [
        "# Declared deviations from NumPy",
        "",
        "<!-- generated by `python tests/differential.py --write-docs` from tests/differential.py; "
        "tests/test_differential.py checks it is up to date -->",
        "",
        "NumPy is the oracle: `tests/test_differential.py` runs every catalogue op on every backend (and every mixed",
        "NumPy + backend form) over every dtype, special values, 0-d, empty and broadcast shapes, Python scalars and",
        "every axis form, and compares value, dtype, shape and raises-versus-returns with NumPy's own answer. The",
        "cases below are the only differences it accepts; a case listed here that starts matching NumPy fails the run.",
        "",
    ]
    if not DEVIATIONS:
        lines.append("There are none: every case matches NumPy on every backend.")
        return "\n".join(lines) + "\n"
    lines += ["| op | backend | inputs | what happens | why |", "| --- | --- | --- | --- | --- |"]
    for dev in DEVIATIONS:
        met = "; ".join(
            (f"`{key}`" if isinstance(key, str) else f"`{key[0]}` on {key[1]}")
            + (f" in the {' and '.join(ps)} profile" if ps else " in some runs only (another seed or machine)")
            for key, ps in dev.met_in.items()
        )
        inputs = f"{dev.inputs} (the harness's sample meets it for {met} only)" if met else dev.inputs
        cells = (", ".join(f"`{o}`" for o in dev.ops), ", ".join(dev.backends), inputs, dev.happens, dev.why)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


DOCS = Path(__file__).resolve().parent.parent / "docs" / "deviations.md"


if __name__ == "__main__":
    if "--write-docs" in sys.argv:
        DOCS.write_text(deviations_markdown())
        print(f"wrote {DOCS}")
    else:
        import test_differential

        test_differential.main(sys.argv[1:])

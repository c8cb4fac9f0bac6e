"""Nothing lost: exact round trips, no mutated inputs, no silent dtype change, NumPy's answers.

Hypothesis draws the arrays. Properties:

* conversions round-trip exactly (same bytes, dtype and shape, NaN payloads and -0.0
  included) for every dtype numerics_fn knows: NumPy → each backend → NumPy, and
  NumPy → torch → cuPyNumeric → NumPy where both are installed;
* no op mutates its inputs, and every result has NumPy's dtype for the same inputs: every case
  of the spec (`tests/spec.py`) on every backend;
* on random inputs of random dtypes and shapes, every backend agrees with NumPy within the
  dtype's tolerance and keeps NumPy's result dtype (the spec's `_close`), and leaves its
  inputs as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from conftest import as_numpy, on_backend, require
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from spec import CASES, XFAIL, Case, _close
from test_spec import _reference

import numerics_fn as nf
from numerics_fn._dtypes import DTYPE_NAMES

FIXTURE_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _arrays(dtype: str) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """Any array of ``dtype`` (NaN, inf and -0.0 included) of up to 2 small axes, sometimes strided."""
    base = hnp.arrays(np.dtype(dtype), hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=5))
    return st.tuples(base, st.booleans()).map(lambda p: p[0][::2] if p[1] and p[0].ndim else p[0])


def _same_bits(got: np.ndarray[Any, Any], want: np.ndarray[Any, Any]) -> None:
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert np.ascontiguousarray(got).tobytes() == np.ascontiguousarray(want).tobytes()


def _plain(value: Any) -> bool:
    """A Python value that is not an array (a number, a dtype name, einsum's subscripts, an index)."""
    return isinstance(value, (str, bytes, bool, int, float, complex, type(None), slice, type(Ellipsis)))


def _snapshot(value: Any) -> Any:
    """A copy of ``value`` (arrays as NumPy, also inside lists and tuples) to compare with later."""
    if isinstance(value, (list, tuple)):
        return type(value)(_snapshot(v) for v in value)
    if _plain(value):
        return value
    return (np.array(nf.to_numpy(value), copy=True), getattr(value, "requires_grad", None))


def _assert_unchanged(value: Any, before: Any) -> None:
    if isinstance(value, (list, tuple)):
        assert len(value) == len(before)
        for v, b in zip(value, before, strict=True):
            _assert_unchanged(v, b)
    elif _plain(value):
        assert value == before
    else:
        _same_bits(nf.to_numpy(value), before[0])
        assert getattr(value, "requires_grad", None) == before[1], "requires_grad of an input changed"


# --- conversions round-trip exactly ------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURE_OK)
@given(data=st.data())
def test_conversion_round_trips_exactly(dtype: str, backend: str, data: st.DataObject) -> None:
    x = data.draw(_arrays(dtype))
    before = x.copy()
    there = nf.convert(x, backend)
    assert nf.backend_of(there) == backend
    assert there.dtype == getattr(nf, dtype)
    _same_bits(nf.to_numpy(there), before)
    _same_bits(nf.to_numpy(nf.asarray(there, ctx=nf.Context(backend))), before)
    _same_bits(x, before)  # converting did not touch the source


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_round_trip_through_torch_and_cupynumeric_is_exact(dtype: str, data: st.DataObject) -> None:
    require("pytorch")
    require("cupynumeric")
    x = data.draw(_arrays(dtype))
    t = nf.convert(x, "pytorch")
    c = nf.convert(t, "cupynumeric")
    back = nf.convert(c, "pytorch")
    _same_bits(nf.to_numpy(c), x)
    _same_bits(nf.to_numpy(back), x)


# --- every spec case: inputs untouched, NumPy's result dtypes ----------------------------
def _numpy_result(case: Case) -> Any:
    if case.check is None:
        return _reference(case)
    ref = getattr(np.linalg, case.op, None) or getattr(np, case.op)  # decompositions: np.linalg's own
    return ref(*case.args, **case.kwargs)


def _dtypes(result: Any) -> Any:
    if isinstance(result, tuple):
        return tuple(_dtypes(r) for r in result)
    if isinstance(result, (bool, int, float, complex)):
        return type(result)
    return np.asarray(result).dtype


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_no_op_mutates_its_inputs_or_changes_a_dtype(case: Case, backend: str) -> None:
    reason = XFAIL.get((backend, case.id))
    if reason is not None:
        pytest.skip(f"known gap: {reason}")
    args = tuple(on_backend(a, backend) for a in case.args)
    before = _snapshot(args)
    with nf.use_backend(backend):
        result = getattr(nf, case.op)(*args, **case.kwargs)
    _assert_unchanged(args, before)
    want = _dtypes(_numpy_result(case))
    if want is not bool:  # allclose: a Python bool
        assert _dtypes(as_numpy(result)) == want


# --- random inputs: agreement with NumPy, dtypes kept, inputs untouched -----------------
FLOATS = ("float32", "float64")
INEXACT = (*FLOATS, "complex64", "complex128")
INTS = ("int32", "int64")


@dataclass(frozen=True)
class Op:
    """An op checked on random inputs: how many arrays, their dtypes, their values' range."""

    name: str
    arity: int = 1
    dtypes: tuple[str, ...] = INEXACT
    low: float = -3.0
    high: float = 3.0
    kind: str = "elementwise"  # "elementwise" | "reduction" | "matmul" | "square"
    ref: Callable[..., Any] | None = None


OPS: tuple[Op, ...] = (
    *(Op(n) for n in ("exp", "sin", "cos", "tanh", "conj", "real", "imag")),
    *(Op(n, dtypes=(*INEXACT, *INTS)) for n in ("abs", "square")),
    Op("sign", dtypes=(*FLOATS, *INTS)),
    *(Op(n, low=0.1, high=10.0) for n in ("log", "sqrt")),
    Op("log2", dtypes=FLOATS, low=0.1, high=10.0),
    *(Op(n, 2, (*FLOATS, *INTS)) for n in ("maximum", "minimum")),
    Op("power", 2, FLOATS, low=0.1, high=2.0),
    *(Op(n, dtypes=(*INEXACT, *INTS), kind="reduction") for n in ("sum", "prod")),
    *(Op(n, kind="reduction") for n in ("mean", "std", "var")),
    *(Op(n, dtypes=(*FLOATS, *INTS), kind="reduction") for n in ("max", "min")),
    Op("matmul", 2, kind="matmul"),
    Op("solve", 2, kind="square", ref=np.linalg.solve),
    Op("inv", kind="square", ref=np.linalg.inv),
    Op("det", kind="square", ref=np.linalg.det),
)


@st.composite
def _calls(draw: st.DrawFn) -> tuple[Op, tuple[np.ndarray[Any, Any], ...], dict[str, Any]]:
    """An op, NumPy inputs of dtypes it takes (a binary op may get two different dtypes), options."""
    op = draw(st.sampled_from(OPS))
    dtypes = [draw(st.sampled_from(op.dtypes)) for _ in range(op.arity)]
    if op.kind == "square":
        n = draw(st.integers(1, 4))
        shapes = [(n, n), (n,)][: op.arity]
    elif op.kind == "matmul":
        m, k, n = (draw(st.integers(1, 4)) for _ in range(3))
        shapes = [(m, k), (k, n)]
    else:
        shape = draw(hnp.array_shapes(min_dims=0 if op.kind == "elementwise" else 1, max_dims=2, max_side=4))
        shapes = [shape] * op.arity
    values = []
    for dtype, shape in zip(dtypes, shapes, strict=True):
        real = draw(hnp.arrays(np.float64, shape, elements=st.floats(op.low, op.high)))
        if np.dtype(dtype).kind == "c":
            real = real + 1j * draw(hnp.arrays(np.float64, shape, elements=st.floats(op.low, op.high)))
        value = real.astype(dtype)
        if op.kind == "square" and value.ndim == 2:  # diagonally dominant: well conditioned
            value = value + np.eye(len(value), dtype=dtype) * (4 * len(value))
        values.append(value)
    kwargs: dict[str, Any] = {}
    if op.kind == "reduction":
        kwargs["axis"] = draw(st.sampled_from([None, 0, -1]))
    return op, tuple(values), kwargs


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(call=_calls())
def test_every_backend_agrees_with_numpy_on_random_inputs(
    backend: str, call: tuple[Op, tuple[np.ndarray[Any, Any], ...], dict[str, Any]]
) -> None:
    op, inputs, kwargs = call
    want = (op.ref or getattr(np, op.name))(*inputs, **kwargs)
    args = tuple(nf.convert(v, backend) for v in inputs)
    before = _snapshot(args)
    got = getattr(nf, op.name)(*args, **kwargs)
    assert nf.backend_of(got) == backend
    _assert_unchanged(args, before)
    _close(nf.to_numpy(got), want)  # NumPy's dtype, and its values within the dtype's tolerance

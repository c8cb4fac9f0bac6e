"""The proof that adding a backend is one module: array-api-strict, registered from
`tests/backends/array_api_strict_backend.py`, runs the whole spec with NumPy's answers.

The backend is registered for this module only (a fixture undoes it): elsewhere array-api-strict stays the
foreign library that tests/test_array_api.py serves through its own namespace.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

xps = pytest.importorskip("array_api_strict")

import test_spec  # noqa: E402 (the spec runner's reference and comparison)
from conftest import as_numpy, backends_in, on_backend  # noqa: E402
from spec import CASES, Case  # noqa: E402

import numerics_fn as nf  # noqa: E402
from numerics_fn import _backends  # noqa: E402
from numerics_fn._dispatch import TAGS, ops_in  # noqa: E402
from numerics_fn._ops import CATALOGUE, fft  # noqa: E402

NAME = "array_api_strict"

#: The catalogue ops the proof backend registers nothing for, each with the reason. Exact: an op listed here
#: that gains an implementation, or an op without one that is not listed, fails
#: `test_the_declared_unsupported_ops_are_exactly_the_missing_ones`.
UNSUPPORTED: dict[str, str] = {
    name: "the Array API standard has no random numbers, and a generator would have to be a type of the library"
    for name in ("rng", "normal", "uniform", "choice", "integers", "permutation", "shuffle")
}

#: Spec cases whose NumPy answer has a dtype the library does not have (float16): the backend refuses them with
#: `nf.UnsupportedTypeError` rather than answer in another dtype. Exact: a listed case that passes fails.
DTYPE_GAPS: dict[str, str] = {
    "exp2-int8": "NumPy's exp2 of int8 is float16",
    "exp2-bool": "NumPy's exp2 of bool is float16",
}


@pytest.fixture(scope="module", autouse=True)
def strict_backend() -> Iterator[Any]:
    """The proof backend, registered while this module's tests run."""
    module = importlib.import_module("backends.array_api_strict_backend")  # registers it on first import
    if NAME not in _backends.SPECS:
        nf.register_backend(module.BACKEND)
    yield module
    _backends._unregister(NAME)


def _call(case: Case) -> Any:
    fn = getattr(nf, case.op)
    if case.creation:
        with nf.use_backend(NAME):
            return fn(*case.args, **case.kwargs)
    return fn(*(on_backend(a, NAME) for a in case.args), **case.kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_spec_case_on_the_proof_backend(case: Case) -> None:
    if case.op in UNSUPPORTED:
        with pytest.raises(nf.UnsupportedTypeError, match=rf"{case.op}: the {NAME} backend"):
            _call(case)
        return
    if case.id in DTYPE_GAPS:
        with pytest.raises(nf.UnsupportedTypeError, match=rf"{case.op}: the result would have dtype .*float16"):
            _call(case)
        return
    result = _call(case)
    if case.op != "to_numpy":
        assert backends_in(result) <= {NAME, None}, f"{case.op} returned {backends_in(result)}"
    got = as_numpy(result)
    if case.check is not None:
        case.check(got, case.args)
    else:
        test_spec._compare(got, test_spec._reference(case))


def _unregistered_ops(module: Any) -> set[str]:
    array = module.ARRAY_TYPES[0]
    missing = set()
    for entry in (*CATALOGUE, *ops_in(fft)):
        if entry.kind == "generic":
            continue
        if entry.kind == "creation":
            types: tuple[type, ...] = (TAGS[NAME],)
        elif entry.kind == "array":
            types = (array,) * entry.n_arrays
        else:
            types = (array, array)
        if entry.dispatcher.dispatch(*types) is None:
            missing.add(entry.name)
    return missing


def test_the_declared_unsupported_ops_are_exactly_the_missing_ones(strict_backend: Any) -> None:
    assert _unregistered_ops(strict_backend) == set(UNSUPPORTED)
    assert set(DTYPE_GAPS) <= {case.id for case in CASES}, "DTYPE_GAPS names unknown cases"


def test_the_backend_module_uses_only_the_public_api(strict_backend: Any) -> None:
    tree = ast.parse(Path(strict_backend.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name for name in imported if name.startswith("numerics_fn")} == {"numerics_fn"}


def test_an_unsupported_op_names_itself_and_the_backend() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=rf"rng: the {NAME} backend \(.*\) has no implementation"):
        nf.rng(0, ctx=nf.Context(backend=NAME))


# --- the Array API part: what the descriptor's mixing rule and types mean -----------------------------------------
def test_operations_return_strict_arrays() -> None:
    x = xps.asarray([[2.0, 1.0], [1.0, 3.0]])
    assert nf.backend_of(x) == NAME
    for result in (nf.exp(x), nf.sum(x, axis=0), nf.matmul(x, x), nf.kron(x, x), nf.linalg.inv(x)):
        assert type(result) is type(x)
    with nf.use_backend(NAME, precision="float32"):
        z = nf.zeros((2, 2))
    assert type(z) is type(x) and z.dtype == xps.float32


def test_numpy_beside_strict_gives_strict() -> None:
    x = xps.asarray([1.0, 2.0], dtype=xps.float32)
    for out in (nf.add(x, np.ones(2)), nf.add(np.ones(2), x), nf.where(np.array([True, False]), x, np.zeros(2))):
        assert type(out) is type(x)
        assert out.dtype == xps.float64  # NumPy's promotion of float32 and float64
    assert nf.multiply(x, 2.0).dtype == xps.float32  # a Python number is weak, as in NumPy
    assert nf.to_numpy(nf.add(x, np.ones(2))).tolist() == [2.0, 3.0]


def test_strict_beside_torch_is_a_mixed_backend_error() -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(nf.MixedBackendError, match=rf"add: .*torch.Tensor.*{NAME}.*nf.convert"):
        nf.add(xps.asarray([1.0]), torch.ones(1))


def test_convert_and_to_numpy_round_trip() -> None:
    a = np.arange(6.0).reshape(2, 3)
    x = nf.convert(a, NAME)
    assert nf.backend_of(x) == NAME and x.dtype == xps.float64
    np.testing.assert_array_equal(nf.to_numpy(x), a)
    assert nf.convert(x, "numpy").dtype == np.float64


def test_the_namespace_and_the_context_know_the_backend() -> None:
    K = nf.get_backend(NAME)
    assert K.name == NAME and K.float64 is xps.float64
    assert type(K.exp(np.ones(2))) is type(xps.ones(2))  # the namespace converts its inputs
    assert K.array(0.3, dtype=K.float64).dtype == xps.float64
    assert nf.asarray(np.ones(2), dtype="array_api_strict.float32").dtype == np.float32  # the library's spelling
    with pytest.raises(nf.DeviceError, match=NAME):
        nf.Context(backend=NAME, device="cuda")


def test_float16_answers_are_refused_not_changed() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=r"exp: the result would have dtype .*float16"):
        nf.exp(xps.asarray([1, 2], dtype=xps.int8))


def test_unregistered_strict_arrays_are_foreign_again(strict_backend: Any) -> None:
    _backends._unregister(NAME)
    try:
        with pytest.raises(nf.UnsupportedTypeError, match=r"kron: array_api_strict\.Array is served through its own"):
            nf.kron(xps.ones(2), xps.ones(2))
    finally:
        nf.register_backend(strict_backend.BACKEND)
    assert type(nf.kron(xps.ones(2), xps.ones(2))) is type(xps.ones(2))

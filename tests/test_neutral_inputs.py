"""Neutral inputs (lists, tuples, empty sequences, tuple subclasses) follow the arrays they hold, or the Context,
the same way whatever ran before (issue 15)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf


def _torch() -> Any:
    require("pytorch")
    import torch

    return torch


# --- lists and tuples holding arrays follow them -----------------------------------------------------------
def test_list_of_tensors_is_torch() -> None:
    torch = _torch()
    out = nf.sum([torch.tensor(1.0), torch.tensor(2.0)])
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float32 and float(out) == 3.0


def test_list_of_tensors_that_require_grad_is_differentiable() -> None:
    torch = _torch()
    a = torch.tensor(1.0, requires_grad=True)
    b = torch.tensor(2.0, requires_grad=True)
    out = nf.sum([a, 3 * b])
    out.backward()
    assert out.item() == 7.0 and a.grad.item() == 1.0 and b.grad.item() == 3.0
    stacked = nf.stack([[a, b], [b, a]])
    assert stacked.requires_grad and stacked.shape == (2, 2)


def test_list_of_tensors_beside_numpy_goes_to_torch_with_numpys_dtype() -> None:
    torch = _torch()
    out = nf.add(np.ones(2), [torch.tensor(1.0), torch.tensor(2.0)])
    assert isinstance(out, torch.Tensor)
    assert out.dtype == torch.float64  # NumPy: float64 array + array of float32 values
    np.testing.assert_array_equal(out.numpy(), [2.0, 3.0])


def test_numbers_inside_a_list_of_tensors_are_read_as_numpy_reads_them() -> None:
    torch = _torch()
    values = [[torch.tensor(1.0), 2.0], (3, 4)]
    out = nf.sum(values, axis=0)
    reference = np.sum(np.asarray([[np.float32(1.0), 2.0], (3, 4)]), axis=0)
    assert isinstance(out, torch.Tensor) and str(out.dtype) == f"torch.{reference.dtype}"
    np.testing.assert_array_equal(out.numpy(), reference)


def test_cached_list_call_still_looks_inside() -> None:
    torch = _torch()
    x = np.arange(2.0)
    assert isinstance(nf.multiply(x, [1.0, 2.0]), np.ndarray)  # caches (ndarray, list)
    out = nf.multiply(x, [torch.tensor(1.0), torch.tensor(2.0)])
    assert isinstance(out, torch.Tensor)
    np.testing.assert_array_equal(out.numpy(), [0.0, 2.0])
    assert isinstance(nf.multiply(x, [1.0, 2.0]), np.ndarray)


def test_list_of_numpy_arrays_is_numpy_in_any_context() -> None:
    values = [np.ones(2, np.float32), np.ones(2, np.float32)]
    for ctx in (nf.Context(), nf.Context(precision="float32")):
        out = nf.sum(values, ctx=ctx)
        assert isinstance(out, (np.ndarray, np.generic)) and out.dtype == np.float32 and out == 4


def test_list_of_numpy_arrays_in_a_torch_context_stays_numpy() -> None:
    require("pytorch")
    with nf.use_backend("pytorch"):
        out = nf.sum([np.ones(2), np.ones(2)])
    assert isinstance(out, (np.ndarray, np.generic)) and out == 4


def test_list_of_arrays_follows_them_on_each_backend(backend: str) -> None:
    xs = [nf.convert(np.array([1.0, 2.0], np.float32), backend), nf.convert(np.array([3.0, 4.0], np.float32), backend)]
    out = nf.sum(xs, axis=0)
    assert nf.backend_of(out) == backend
    np.testing.assert_array_equal(nf.to_numpy(out), np.array([4.0, 6.0], np.float32))
    assert nf.to_numpy(out).dtype == np.float32


def test_ragged_list_of_tensors_names_the_argument() -> None:
    torch = _torch()
    with pytest.raises(nf.UnsupportedTypeError, match=r"sum: argument 0 \(a\) cannot be made an array"):
        nf.sum([[torch.tensor(1.0), 2.0], [3.0]])


def test_list_of_torch_and_cupynumeric_arrays_is_mixed_backend_error() -> None:
    torch = _torch()
    require("cupynumeric")
    with pytest.raises(nf.MixedBackendError, match=r"sum: argument 0 \(a\) holds both torch and cupynumeric arrays"):
        nf.sum([torch.ones(2), nf.convert(np.ones(2), "cupynumeric")])


# --- empty inputs: the Context decides, whatever ran before ----------------------------------------------------
_EMPTY_CALLS = """
import json, sys
import numerics_fn as nf

def outcome(fn):
    try:
        result = fn()
    except Exception as err:
        return [type(err).__name__, str(err)]
    return ["returns", repr(result)]

if sys.argv[1] == "after":
    import torch
    nf.stack([torch.ones(1)]), nf.concatenate([torch.ones(1)]), nf.meshgrid(torch.ones(1))
    nf.einsum("i", torch.ones(1)), nf.broadcast_arrays(torch.ones(1))
calls = {
    "stack": lambda: nf.stack([]), "concatenate": lambda: nf.concatenate([]), "meshgrid": lambda: nf.meshgrid(),
    "einsum": lambda: nf.einsum("i"), "broadcast_arrays": lambda: nf.broadcast_arrays(),
}
print(json.dumps({name: outcome(fn) for name, fn in calls.items()}))
"""


def _empty_outcomes(when: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", _EMPTY_CALLS, when], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_empty_inputs_give_the_same_outcome_before_and_after_a_torch_call() -> None:
    require("pytorch")
    fresh, after = _empty_outcomes("fresh"), _empty_outcomes("after")
    assert fresh == after
    assert fresh["stack"] == ["ValueError", "need at least one array to stack"]
    assert fresh["meshgrid"] == ["returns", "()"]


@pytest.mark.parametrize(
    ("call", "reference"),
    [
        (lambda: nf.stack([]), lambda: np.stack([])),
        (lambda: nf.concatenate([]), lambda: np.concatenate([])),
        (lambda: nf.einsum("i"), lambda: np.einsum("i")),
        (lambda: nf.meshgrid(), lambda: np.meshgrid()),
        (lambda: nf.broadcast_arrays(), lambda: np.broadcast_arrays()),
    ],
    ids=["stack", "concatenate", "einsum", "meshgrid", "broadcast_arrays"],
)
def test_empty_inputs_on_each_backend_as_numpy(backend: str, call: Any, reference: Any) -> None:
    try:
        expected = reference()
    except ValueError as err:  # the error class, as the differential harness compares (cuPyNumeric words it its way)
        with pytest.raises(ValueError, match=None if backend == "cupynumeric" else str(err)):
            call_in(backend, call)
        return
    assert call_in(backend, call) == tuple(expected)


def call_in(backend: str, call: Any) -> Any:
    with nf.use_backend(backend):
        return call()


# --- tuple subclasses of the libraries are neutral -----------------------------------------------------------
def test_torch_size_is_a_tuple_not_a_tensor() -> None:
    torch = _torch()
    shape = torch.ones(2, 3).shape
    assert nf.backend_of(shape) is None
    np.testing.assert_array_equal(nf.asarray(shape), np.array([2, 3]))
    out = nf.add(np.ones(2), shape)
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(out, [3.0, 4.0])
    assert nf.add(torch.ones(2), shape).tolist() == [3.0, 4.0]


def test_other_types_of_the_libraries_are_not_arrays() -> None:
    rs = np.random.RandomState(0)
    with pytest.raises(nf.UnsupportedTypeError, match=r"backend_of: argument 0 \(x\) is a RandomState"):
        nf.backend_of(rs)
    with pytest.raises(nf.UnsupportedTypeError, match=r"exp: argument 0 \(x\) is a numpy.RandomState"):
        nf.exp(rs)
    assert nf.backend_of(np.float32(1)) == "numpy"  # a NumPy scalar subclasses no neutral type but is numpy's
    assert nf.backend_of(np.float64(1)) == "numpy"  # ... and one that subclasses float is still numpy's

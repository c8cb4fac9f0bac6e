"""nf.index_update: NumPy's item assignment as a function (a new array, the input unchanged) on every backend, with
mixed NumPy and torch inputs, and differentiable on torch (issue 15)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf

X = np.arange(12.0).reshape(3, 4)
INDICES: list[Any] = [
    1,
    -1,
    (1, 2),
    (slice(None), 1),
    (slice(None, None, -2), np.array([0, 3])),
    slice(None, None, -1),
    np.array([True, False, True]),
    (Ellipsis, [0, 2]),
    (None, 0),
    [2, 0],
]
IDS = [
    "int",
    "negative",
    "element",
    "column",
    "negative-step-and-array",
    "reversed",
    "mask",
    "ellipsis",
    "newaxis",
    "list",
]


def _reference(x: Any, index: Any, values: Any) -> Any:
    out = x.copy()
    out[index] = values
    return out


@pytest.mark.parametrize("index", INDICES, ids=IDS)
def test_as_numpy_and_input_unchanged(backend: str, index: Any) -> None:
    x = nf.convert(X, backend)
    expected = _reference(X, index, -5.0)
    out = nf.index_update(x, index, -5.0)
    assert nf.backend_of(out) == backend
    np.testing.assert_array_equal(nf.to_numpy(out), expected)
    np.testing.assert_array_equal(nf.to_numpy(x), X)


def test_values_broadcast_and_are_cast_to_x_dtype(backend: str) -> None:
    x = nf.convert(np.zeros((2, 3), np.int32), backend)
    values = nf.convert(np.array([1.9, 2.1, -3.5]), backend)
    out = nf.to_numpy(nf.index_update(x, slice(None), values))
    np.testing.assert_array_equal(out, _reference(np.zeros((2, 3), np.int32), slice(None), np.array([1.9, 2.1, -3.5])))
    assert out.dtype == np.int32


def test_index_arrays_of_another_backend(backend: str) -> None:
    require("pytorch")
    import torch

    x = nf.convert(X, backend) if backend != "cupynumeric" else nf.convert(X, "numpy")
    out = nf.index_update(x, torch.tensor([0, 2]), 1.0)
    np.testing.assert_array_equal(nf.to_numpy(out), _reference(X, np.array([0, 2]), 1.0))


def test_numpy_x_with_tensor_values_gives_a_tensor() -> None:
    require("pytorch")
    import torch

    values = torch.tensor([7.0, 8.0, 9.0, 10.0], dtype=torch.float32)
    out = nf.index_update(X, 1, values)
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float64  # x's dtype, as NumPy's assignment
    np.testing.assert_array_equal(out.numpy(), _reference(X, 1, values.numpy()))
    np.testing.assert_array_equal(X, np.arange(12.0).reshape(3, 4))


def test_tensor_x_with_numpy_values_and_index() -> None:
    require("pytorch")
    import torch

    x = torch.zeros(4, dtype=torch.float32)
    out = nf.index_update(x, np.array([3, 1]), np.array([1.5, 2.5]))
    assert out.dtype == torch.float32
    np.testing.assert_array_equal(out.numpy(), np.array([0.0, 2.5, 0.0, 1.5], np.float32))
    assert float(x.abs().sum()) == 0.0


def test_differentiable_on_torch() -> None:
    require("pytorch")
    import torch

    x = torch.arange(6.0, dtype=torch.float64).reshape(2, 3).requires_grad_()
    v = torch.tensor([10.0, 20.0], dtype=torch.float64, requires_grad=True)
    for index in ((slice(None), 1), (slice(None, None, -1), 1)):
        x.grad = v.grad = None
        y = nf.index_update(x, index, v)
        nf.sum(y * y).backward()
        expected_x = 2 * x.detach().numpy()
        expected_x[index] = 0.0
        np.testing.assert_array_equal(x.grad.numpy(), expected_x)
        np.testing.assert_array_equal(v.grad.numpy(), 2 * v.detach().numpy())


def test_torch_x_with_cupynumeric_values_is_mixed_backend_error() -> None:
    require("pytorch")
    require("cupynumeric")
    import torch

    with pytest.raises(nf.MixedBackendError, match=r"index_update: argument 'values' is a cupynumeric array"):
        nf.index_update(torch.zeros(2), 0, nf.convert(np.ones(()), "cupynumeric"))


def test_readme_operator_claims_hold() -> None:
    """The README's table of what the libraries' own operators do with mixed operands stays true."""
    require("pytorch")
    import warnings

    import torch

    a, t = np.ones((2, 2)), torch.ones((2, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # NumPy's __array_wrap__ warning on its way to the error
        with pytest.raises(TypeError):
            a @ t
        with pytest.raises(TypeError):
            a + t
    assert (t * np.float64(2)).dtype == torch.float32
    with pytest.raises(TypeError, match=r"can.t assign a numpy\.ndarray to a torch\.FloatTensor"):
        t[0] = np.array([5.0, 6.0])
    assert nf.multiply(t, np.float64(2)).dtype == torch.float64


def test_values_of_an_absorbed_backend_are_converted() -> None:
    """NumPy values beside a cuPyNumeric x run on cuPyNumeric (the mixing rule), in the shared NumPy-like code."""
    require("cupynumeric")
    x = nf.convert(np.zeros(3), "cupynumeric")
    out = nf.index_update(x, [0, 2], np.array([7.0, 8.0]))
    assert nf.backend_of(out) == "cupynumeric"
    np.testing.assert_array_equal(nf.to_numpy(out), [7.0, 0.0, 8.0])
    np.testing.assert_array_equal(nf.to_numpy(x), np.zeros(3))
    back = nf.index_update(np.zeros(3), [1], nf.convert(np.array([5.0]), "cupynumeric"))
    assert nf.backend_of(back) == "cupynumeric"
    np.testing.assert_array_equal(nf.to_numpy(back), [0.0, 5.0, 0.0])

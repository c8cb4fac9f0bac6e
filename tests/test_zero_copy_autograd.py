"""Zero-copy sharing of NumPy operands in mixed NumPy+torch calls never meets autograd (issue 15): where a tensor
operand requires grad and grad mode is on, the NumPy operand is copied, so a later write to it cannot change a
gradient silently."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import numerics_fn as nf

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("name", ["multiply", "add", "subtract", "divide", "matmul", "maximum", "power"])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64"])
def test_numpy_operand_beside_a_tensor_requiring_grad_is_copied(name: str, dtype: str) -> None:
    op = getattr(nf, name)
    tensor_dtype = torch.float32 if dtype == "float32" else torch.float64

    def gradient(write_after: bool) -> Any:
        a = np.arange(1, 4).astype(dtype)
        w = torch.full((3,), 1.5, dtype=tensor_dtype, requires_grad=True)
        y = op(a, w)
        if write_after:
            a[:] = 100  # autograd saved the operand for backward: it must not see this write
        nf.sum(y).backward()
        return w.grad

    torch.testing.assert_close(gradient(True), gradient(False), rtol=0, atol=0)


def test_numpy_operand_of_a_sequence_op_beside_a_tensor_requiring_grad_is_copied() -> None:
    a = np.arange(1.0, 4.0)
    w = torch.ones(3, dtype=torch.float64, requires_grad=True)
    y = nf.stack([a, w])
    z = nf.einsum("ij,ij->", y, y)
    a[:] = 100
    z.backward()
    np.testing.assert_array_equal(w.grad.numpy(), [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(y.detach().numpy()[0], [1.0, 2.0, 3.0])


def test_numpy_operand_is_shared_where_autograd_records_nothing() -> None:
    a = np.arange(1.0, 4.0)
    w = torch.ones(3, dtype=torch.float64)
    y = nf.add(a, w)
    np.testing.assert_array_equal(y.numpy(), [2.0, 3.0, 4.0])
    with torch.no_grad():
        g = torch.ones(3, dtype=torch.float64, requires_grad=True)
        assert not nf.multiply(a, g).requires_grad

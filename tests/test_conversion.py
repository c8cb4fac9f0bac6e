"""convert, backend_of, asarray/array across backends."""

from __future__ import annotations

import numpy as np
import pytest

import numerics_fn as nf


def test_backend_of_neutral_and_numpy() -> None:
    assert nf.backend_of(np.ones(2)) == "numpy"
    assert nf.backend_of(np.float64(1.0)) == "numpy"
    for neutral in (1, 2.5, 1j, True, [1, 2], (1,), None):
        assert nf.backend_of(neutral) is None
    with pytest.raises(nf.UnsupportedTypeError, match=r"backend_of: argument 0 \(x\) is a str"):
        nf.backend_of("x")


@pytest.mark.parametrize("dtype", ["bool", "int8", "int32", "int64", "float32", "float64", "complex64", "complex128"])
def test_round_trip_is_exact(backend: str, dtype: str) -> None:
    x = (np.arange(6).reshape(2, 3) * (1 + 1j if "complex" in dtype else 1)).astype(dtype)
    y = nf.convert(x, backend)
    assert nf.backend_of(y) == backend
    back = nf.to_numpy(y)
    assert back.dtype == x.dtype
    np.testing.assert_array_equal(back, x)


def test_convert_to_same_backend_is_identity() -> None:
    x = np.ones(3)
    assert nf.convert(x, "numpy") is x
    assert nf.asarray(x) is x


def test_array_always_copies() -> None:
    x = np.ones(3)
    y = nf.array(x)
    y[0] = 5
    assert x[0] == 1


def test_asarray_precision_applies_to_neutral_data_only() -> None:
    f32 = nf.Context(precision="float32")
    assert nf.asarray([1.5], ctx=f32).dtype == np.float32
    assert nf.asarray([1j], ctx=f32).dtype == np.complex64
    assert nf.asarray([1], ctx=f32).dtype == np.int64
    assert nf.asarray(np.ones(2), ctx=f32).dtype == np.float64  # an existing array keeps its dtype


def test_asarray_rejects_non_numeric() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=r"asarray: argument 'obj' is \['a'\], which gives <U1 data"):
        nf.asarray(["a"])


def test_convert_takes_the_other_byte_order(backend: str) -> None:
    x = np.arange(6.0).reshape(2, 3).astype(np.dtype(np.float64).newbyteorder())
    before = x.copy()
    back = nf.to_numpy(nf.convert(x, backend))
    assert back.dtype.newbyteorder("=") == np.float64  # the same dtype, maybe in the machine's byte order
    np.testing.assert_array_equal(back, x)
    np.testing.assert_array_equal(x, before)


def test_a_mixed_call_takes_the_other_byte_order(backend: str) -> None:
    x = np.arange(4.0).astype(np.dtype(np.float64).newbyteorder())
    other = nf.convert(np.ones(4), backend)
    for args in ((x, other), (other, x)):
        got = nf.to_numpy(nf.add(*args))
        assert got.dtype.newbyteorder("=") == np.float64
        np.testing.assert_array_equal(got, np.arange(1.0, 5.0))

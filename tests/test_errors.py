"""Every error of API.md section 5, raised with its message pinned."""

from __future__ import annotations

import numpy as np
import pytest

import numerics_fn as nf


def test_hierarchy() -> None:
    assert issubclass(nf.BackendNotFoundError, (nf.NumericsError, ValueError))
    assert issubclass(nf.BackendUnavailableError, (nf.NumericsError, ImportError))
    assert issubclass(nf.DeviceError, (nf.NumericsError, ValueError))
    assert issubclass(nf.MixedBackendError, (nf.NumericsError, TypeError))
    assert issubclass(nf.UnsupportedTypeError, (nf.NumericsError, TypeError))
    assert issubclass(nf.GradientFallbackWarning, UserWarning)
    assert issubclass(nf.VectorizationFallbackWarning, UserWarning)


def test_backend_not_found_names_the_caller() -> None:
    with pytest.raises(nf.BackendNotFoundError, match=r"use_backend: unknown backend 'jax'; the known backends are"):
        with nf.use_backend("jax"):
            pass
    with pytest.raises(nf.BackendNotFoundError, match=r"get_backend: unknown backend 'jax'"):
        nf.get_backend("jax")
    with pytest.raises(nf.BackendNotFoundError, match=r"set_backend: unknown backend 3"):
        nf.set_backend(3)  # type: ignore[arg-type]


def test_unsupported_type_names_op_argument_and_type() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=r"exp: argument 0 \(x\) is a str, which no backend handles"):
        nf.exp("abc")
    with pytest.raises(nf.UnsupportedTypeError, match=r"matmul: argument 1 \(x2\) is a dict, which no backend handles"):
        nf.matmul(np.eye(2), {})
    with pytest.raises(nf.UnsupportedTypeError, match=r"stack: arrays\[1\] is a set, which no backend handles"):
        nf.stack([np.ones(2), {1, 2}])
    with pytest.raises(
        nf.UnsupportedTypeError, match=r"stack: argument 'arrays' must be a sequence of arrays, got a int"
    ):
        nf.stack(5)
    with pytest.raises(nf.UnsupportedTypeError, match=r"einsum: operands\[0\] is a object"):
        nf.einsum("i->", object())


def test_no_bare_multipledispatch_error_reaches_users() -> None:
    for bad in (object(), "x", b"x", {1: 2}):
        with pytest.raises(nf.UnsupportedTypeError) as info:
            nf.sum(bad)
        assert "Could not find signature" not in str(info.value)
        assert str(info.value).startswith("sum: ")


def test_neutral_values_that_are_not_array_data() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=r"exp: argument 0 \(x\) is None, which is not array data"):
        nf.exp(None)
    with pytest.raises(nf.UnsupportedTypeError, match=r"sum: argument 0 \(a\) cannot be made an array .*rectangular"):
        nf.sum([[1.0, 2.0], [3.0]])


def test_unknown_dtype_name() -> None:
    with pytest.raises(
        nf.UnsupportedTypeError, match=r"zeros: argument 'dtype' is 'flaot64' \(str\), which is not a dtype"
    ):
        nf.zeros(2, dtype="flaot64")
    with pytest.raises(nf.UnsupportedTypeError, match=r"cast: argument 'dtype' is 'quad'"):
        nf.cast(np.ones(2), "quad")


def test_cast_refuses_to_drop_imaginary_part() -> None:
    with pytest.raises(
        nf.UnsupportedTypeError, match=r"cast: casting complex128 to float64 would drop the imaginary part"
    ):
        nf.cast(np.ones(2, dtype=complex), nf.float64)


def test_solve_assume_a() -> None:
    with pytest.raises(ValueError, match=r"solve: assume_a='banded' is not supported; use one of gen, sym, her, pos"):
        nf.solve(np.eye(2), np.ones(2), assume_a="banded")


def test_wrong_number_of_arguments_names_the_op() -> None:
    with pytest.raises(TypeError, match=r"matmul\(\) missing 1 required positional argument: 'x2'"):
        nf.matmul(np.eye(2))  # type: ignore[call-arg]
    # ctx and the other keyword-only parameters stay keyword-only (the generated functions guard them)
    with pytest.raises(TypeError, match=r"^exp\(\) takes 1 positional argument but 2 or more were given$"):
        nf.exp(np.ones(2), 3)  # type: ignore[call-arg]
    with pytest.raises(
        TypeError, match=r"exp\(\) takes 1 positional argument but 2 or more were given; pass a Context"
    ):
        nf.exp(np.ones(2), nf.Context())  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"sum\(\) takes from 1 to 3 positional arguments .*\(keepdims is keyword-only"):
        nf.sum(np.ones(2), None, None, True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"zeros\(\) takes from 1 to 2 positional arguments"):
        nf.zeros(2, None, "cpu")  # type: ignore[call-arg]
    assert nf.sum(np.ones(2), None, None, keepdims=True).shape == (1,)


def test_backend_library_errors_pass_through() -> None:
    with pytest.raises(ValueError, match="matmul: Input operand 1 has a mismatch"):
        nf.matmul(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(np.linalg.LinAlgError):
        nf.cholesky(-np.eye(2))


def test_backend_unavailable_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from numerics_fn import _namespace

    monkeypatch.setitem(sys.modules, "numerics_fn._backends.pytorch.implementation", None)  # as if torch were missing
    monkeypatch.setattr(_namespace, "_BACKENDS", {})  # a namespace built by an earlier test is cached
    with pytest.raises(
        nf.BackendUnavailableError,
        match=r"get_backend: the pytorch backend is not available .*pip install numerics_fn\[torch\]",
    ):
        nf.get_backend("pytorch")

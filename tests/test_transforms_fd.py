"""Finite-difference derivatives (issue 20) for parameters of every shape, backend and floating dtype.

Also run with torch hidden (``make test``: ``NUMERICS_FN_HIDE_TORCH=1``), where ``method="auto"`` on
NumPy and cuPyNumeric input is the declared finite-difference fallback that users without torch meet.
"""

from __future__ import annotations

import contextlib
import importlib.util
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf

SHAPES = [(), (0,), (5,), (2, 3), (2, 0, 3), (2, 1, 3)]
TORCH_MISSING = importlib.util.find_spec("torch") is None


def _dtypes(backend: str) -> list[str]:
    dtypes = ["float64", "float32", "float16"]
    return [*dtypes, "bfloat16"] if backend == "pytorch" else dtypes


def tolerance(eps: float, order: int) -> float:
    """The documented bound (numerics_fn._transforms.api): ``10 eps**(2/3)`` for gradients and Jacobians,
    ``30 eps**(1/2)`` for Hessians, relative to ``max(1, max |exact|)``."""
    return 10 * eps ** (2 / 3) if order == 1 else 30 * eps**0.5


def _param(host: np.ndarray, backend: str, dtype: str) -> tuple[Any, np.ndarray, float]:
    """``host`` as ``backend``/``dtype``, its values (rounded to the dtype) as float64, and the dtype's eps."""
    if dtype == "bfloat16":
        import torch

        t = torch.from_numpy(host).to(torch.bfloat16)
        return t, t.double().numpy(), float(torch.finfo(torch.bfloat16).eps)
    arr = host.astype(dtype)
    return nf.convert(arr, backend), arr.astype(np.float64), float(np.finfo(dtype).eps)


def _host(value: Any) -> np.ndarray:
    if nf.backend_of(value) == "pytorch":
        return value.detach().double().cpu().numpy()
    return np.asarray(nf.to_numpy(value), dtype=np.float64)


def loss(w: Any) -> Any:
    return nf.sum(nf.sin(w) * w + 0.5 * w * w) + 0.1 * nf.sum(w) ** 2


def loss_grad(w: np.ndarray) -> np.ndarray:
    return np.cos(w) * w + np.sin(w) + w + 0.2 * np.sum(w)


def loss_hessian(w: np.ndarray) -> np.ndarray:
    return (np.diag((-np.sin(w) * w + 2 * np.cos(w) + 1).reshape(-1)) + 0.2).reshape(w.shape + w.shape)


def field(w: Any) -> Any:
    return nf.sin(w) * w


def field_jacobian(w: np.ndarray) -> np.ndarray:
    return np.diag((np.cos(w) * w + np.sin(w)).reshape(-1)).reshape(w.shape + w.shape)


def _check(got: Any, want: np.ndarray, like: Any, eps: float, order: int) -> None:
    assert nf.backend_of(got) == nf.backend_of(like)
    assert got.dtype == like.dtype and tuple(got.shape) == want.shape
    err = np.max(np.abs(_host(got) - want), initial=0.0) / max(1.0, np.max(np.abs(want), initial=0.0))
    assert err < tolerance(eps, order), (err, tolerance(eps, order))


def _announced(method: str) -> Any:
    """A fallback warning for "auto" (torch is missing), no warning at all for "finite_difference"."""
    if method == "auto":
        return pytest.warns(nf.GradientFallbackWarning, match="because torch is not installed")
    return _no_warning()


@contextlib.contextmanager
def _no_warning() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _methods() -> list[Any]:
    """finite_difference always; "auto" too where torch is missing (it is then the declared fallback)."""
    return ["finite_difference", pytest.param("auto", marks=pytest.mark.skipif(not TORCH_MISSING, reason="exact"))]


@pytest.mark.parametrize("method", _methods())
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_finite_differences_for_every_shape_and_dtype(shape: tuple[int, ...], method: str, backend: str) -> None:
    rng = np.random.default_rng(len(shape) * 7 + sum(shape))
    for dtype in _dtypes(backend):
        if dtype == "float16" and backend == "cupynumeric":
            continue  # cuPyNumeric has no float16 sin on CPUs
        x, w, eps = _param(rng.uniform(-2, 2, shape), backend, dtype)
        with _announced(method):
            value, g = nf.value_and_grad(loss, method=method)(x)
        with _announced(method):
            jac = nf.jacfwd(field, method=method)(x)
        with _announced(method):
            hess = nf.hessian(loss, method=method)(x)
        _check(g, loss_grad(w), x, eps, 1)
        _check(jac, field_jacobian(w), x, eps, 1)
        _check(hess, loss_hessian(w), x, eps, 2)
        assert nf.backend_of(value) == backend and tuple(value.shape) == ()


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_finite_differences_match_exact_gradients(shape: tuple[int, ...], backend: str) -> None:
    require("pytorch")
    rng = np.random.default_rng(3)
    for dtype in ("float64", "float32"):
        x, _, eps = _param(rng.uniform(-2, 2, shape), backend, dtype)
        exact = _host(nf.grad(loss, method="autodiff")(x))
        fd = nf.grad(loss, method="finite_difference")(x)
        _check(fd, exact, x, eps, 1)
        exact_h = _host(nf.hessian(loss, method="autodiff")(x))
        _check(nf.hessian(loss, method="finite_difference")(x), exact_h, x, eps, 2)


def test_tuple_argnums_of_different_shapes(backend: str) -> None:
    x = nf.convert(np.linspace(-1, 1, 6).reshape(2, 3), backend)
    s = nf.convert(np.array(0.7), backend)

    def g(x: Any, s: Any) -> Any:
        return nf.sum(x * x) * s

    gx, gs = nf.grad(g, argnums=(0, 1), method="finite_difference")(x, s)
    xh = np.linspace(-1, 1, 6).reshape(2, 3)
    np.testing.assert_allclose(_host(gx), 2 * xh * 0.7, rtol=1e-9)
    np.testing.assert_allclose(_host(gs), np.sum(xh * xh), rtol=1e-9)
    blocks = nf.hessian(g, argnums=(0, 1), method="finite_difference")(x, s)
    assert [tuple(b.shape) for row in blocks for b in row] == [(2, 3, 2, 3), (2, 3), (2, 3), ()]
    np.testing.assert_allclose(_host(blocks[0][1]), 2 * xh, rtol=1e-6)
    np.testing.assert_allclose(_host(blocks[0][0]), 1.4 * np.eye(6).reshape(2, 3, 2, 3), atol=1e-6)


def test_python_number_parameter() -> None:
    g = nf.grad(lambda s: s * s * s, method="finite_difference")(2.0)
    assert float(g) == pytest.approx(12.0, rel=1e-9)

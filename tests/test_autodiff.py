"""value_and_grad, grad, jacfwd, hessian, vmap, vectorize_or_fallback and jit on every backend."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pytest
from conftest import require
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import numerics_fn as nf
from numerics_fn._transforms import common

_r = np.random.default_rng(1)
N = 6
A = _r.standard_normal((N, N))
X = np.linspace(-1.5, 1.2, N)


def f(x: Any) -> Any:
    """The benchmark function: sum(sin x) + 0.5 x.Ax + sum(exp(0.1 x)), in nf operations."""
    return nf.sum(nf.sin(x)) + 0.5 * nf.sum(x * nf.matmul(A, x)) + nf.sum(nf.exp(0.1 * x))


def f_grad(x: np.ndarray) -> np.ndarray:
    return np.cos(x) + 0.5 * (A + A.T) @ x + 0.1 * np.exp(0.1 * x)


def f_hess(x: np.ndarray) -> np.ndarray:
    return np.diag(-np.sin(x) + 0.01 * np.exp(0.1 * x)) + 0.5 * (A + A.T)


def f_numpy(x: np.ndarray) -> Any:
    """The same function calling NumPy directly (cannot run on torch mirrors)."""
    return np.sum(np.sin(x)) + 0.5 * x @ (A @ x) + np.sum(np.exp(0.1 * x))


def rel_err(got: Any, want: np.ndarray) -> float:
    return float(np.max(np.abs(nf.to_numpy(got) - want)) / np.max(np.abs(want)))


def needs(backend: str) -> None:
    """Skip unless ``backend`` loads (fail where NUMERICS_FN_REQUIRE_BACKENDS names it)."""
    require(backend)


def exact() -> None:
    """Exact gradients (method "auto") run through torch's autograd: skip without torch."""
    require("pytorch")


# --- gradients against analytic ones --------------------------------------------------------
def test_value_and_grad_exact_on_every_backend(backend: str) -> None:
    exact()
    x = nf.convert(X, backend)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # exact: no fallback warning on any backend
        value, g = nf.value_and_grad(f)(x)
    assert nf.backend_of(g) == backend and nf.backend_of(value) == backend
    assert tuple(g.shape) == X.shape and g.dtype == x.dtype
    assert rel_err(g, f_grad(X)) < 1e-12
    assert float(nf.to_numpy(value)) == pytest.approx(float(f_numpy(X)), rel=1e-12)


def test_gradient_dtype_follows_parameter(backend: str) -> None:
    exact()
    x32 = nf.convert(X.astype(np.float32), backend)
    g = nf.grad(f)(x32)
    assert g.dtype == x32.dtype and nf.backend_of(g) == backend
    assert rel_err(g, f_grad(X)) < 1e-5


def test_finite_differences_on_every_backend(backend: str) -> None:
    x = nf.convert(X, backend)
    g = nf.grad(f, method="finite_difference")(x)
    assert nf.backend_of(g) == backend and g.dtype == x.dtype
    assert rel_err(g, f_grad(X)) < 1e-9


@settings(max_examples=25, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-3, 3)))
def test_gradient_matches_analytic_for_random_inputs(x: np.ndarray) -> None:
    exact()

    def g(v: Any) -> Any:
        return nf.sum(nf.sin(v) * v) + nf.sum(nf.exp(0.1 * v))

    want = np.sin(x) + x * np.cos(x) + 0.1 * np.exp(0.1 * x)
    np.testing.assert_allclose(nf.grad(g)(x), want, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(nf.grad(g, method="finite_difference")(x), want, rtol=1e-8, atol=1e-8)


def test_python_operators_with_numpy_constants() -> None:
    exact()
    a = _r.standard_normal(N)

    def g(x: Any) -> Any:
        return (x @ (A @ x) + nf.sum(x * a) + nf.sum(a - x) + nf.sum(a / (x + 3.0)) + nf.sum(np.float64(2.0) * x)
                + nf.sum(2.0 ** x) + nf.sum(-x))  # fmt: skip

    want = (A + A.T) @ X + a - 1 - a / (X + 3) ** 2 + 2 + np.log(2) * 2.0**X - 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert rel_err(nf.grad(g)(X), want) < 1e-13


def test_argnums_tuple_and_keyword_arguments(backend: str) -> None:
    exact()
    x, y = nf.convert(X, backend), nf.convert(X[::-1].copy(), backend)

    def g(x: Any, y: Any, *, scale: float) -> Any:
        return scale * nf.sum(x * x * y)

    _, (gx, gy) = nf.value_and_grad(g, argnums=(0, 1))(x, y, scale=2.0)
    assert rel_err(gx, 4 * X * X[::-1]) < 1e-13 and rel_err(gy, 2 * X * X) < 1e-13
    gy_only = nf.grad(g, argnums=-1)(x, y, scale=2.0)
    assert rel_err(gy_only, 2 * X * X) < 1e-13


def test_unused_parameter_has_zero_gradient() -> None:
    exact()
    gx, gy = nf.grad(lambda x, y: nf.sum(x), argnums=(0, 1))(X, X)
    np.testing.assert_array_equal(gx, np.ones(N))
    np.testing.assert_array_equal(gy, np.zeros(N))


def test_gradients_have_memory_of_their_own() -> None:
    exact()
    g = nf.grad(lambda x: nf.sum(x))(X)  # torch's gradient of a sum is one element expanded (stride 0)
    g[0] = 5.0
    np.testing.assert_array_equal(g[1:], np.ones(N - 1))
    _, h = nf.value_and_grad(lambda x: nf.sum(nf.sin(x)))(X)
    h *= 2.0
    np.testing.assert_allclose(h, 2.0 * np.cos(X), rtol=1e-15)


def test_results_of_nf_operations_on_parameters_stay_mirrors() -> None:
    """nf operations on a mirror run its pytorch implementation in one step; what they return must still
    take NumPy constants on the left, and still report NumPy calls."""
    needs("pytorch")
    a = _r.standard_normal(N)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = nf.grad(lambda x: nf.sum(A @ nf.sin(x)) + nf.sum(a * nf.exp(x)) + nf.sum(nf.reshape(x, (2, -1))))(X)
    np.testing.assert_allclose(g, A.sum(axis=0) * np.cos(X) + a * np.exp(X) + 1.0, rtol=1e-13)
    with pytest.warns(nf.GradientFallbackWarning, match=r"numpy\.sum on a parameter"):
        g = nf.grad(lambda x: np.sum(nf.exp(x)))(X)
    np.testing.assert_allclose(g, np.exp(X), rtol=1e-8)


def test_in_place_method_of_a_plain_tensor_keeps_its_class() -> None:
    needs("pytorch")
    import torch

    classes = []

    def g(x: Any) -> Any:
        t = torch.zeros(N, dtype=torch.float64)
        out = t.add_(x)  # a plain tensor's in-place method with a mirror operand
        classes.append(type(t))
        return nf.sum(out * x)

    assert rel_err(nf.grad(g)(X), 2 * X) < 1e-15
    assert classes == [torch.Tensor]


def test_backward_without_the_engine_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where torch lacks the autograd engine's entry point, torch.autograd.grad does the backward pass."""
    needs("pytorch")
    from numerics_fn._transforms import mirrors

    monkeypatch.setattr(mirrors, "_ENGINE", None)
    assert rel_err(nf.grad(f)(X), f_grad(X)) < 1e-13
    np.testing.assert_allclose(nf.hessian(f)(X), f_hess(X), rtol=1e-12, atol=1e-12)


def test_complex_parameters_follow_torch_convention() -> None:
    needs("pytorch")
    import torch

    z = np.array([1 + 2j, 3 - 1j])
    loss = lambda z: nf.sum(nf.abs(z) ** 2)  # noqa: E731
    g = nf.grad(loss)(z)
    assert g.dtype == np.complex128
    np.testing.assert_allclose(g, 2 * z)  # dL/dx + i dL/dy
    np.testing.assert_allclose(nf.grad(loss)(torch.tensor(z)).numpy(), 2 * z)
    with pytest.raises(TypeError, match=r"grad: argument 0 is complex .* would drop its imaginary part"):
        nf.grad(loss, method="finite_difference")(z)


# --- fallback and its warning -----------------------------------------------------------------
def test_numpy_calls_fall_back_to_finite_differences_with_one_warning() -> None:
    needs("pytorch")
    with pytest.warns(nf.GradientFallbackWarning, match=r"numpy\.sin on a parameter") as record:
        value, g = nf.value_and_grad(f_numpy)(X)
    assert len(record) == 1
    assert rel_err(g, f_grad(X)) < 1e-9
    assert float(value) == pytest.approx(float(f_numpy(X)))


@pytest.mark.parametrize(
    ("fn", "reason"),
    [
        (lambda x: nf.sum(nf.asarray(nf.to_numpy(x)) ** 2), "converts a traced value to a NumPy array"),
        (lambda x: nf.sum(x**2).item(), r"converts a traced value to a Python number \(x.item\(\)\)"),
        (lambda x: nf.sum(x**2).tolist(), r"converts a traced value to Python numbers \(x.tolist\(\)\)"),
        (lambda x: np.linalg.norm(x) ** 2, "numpy.norm on a parameter"),
    ],
)
def test_leaving_torch_is_detected(fn: Any, reason: str) -> None:
    needs("pytorch")
    with pytest.warns(nf.GradientFallbackWarning, match=reason):
        g = nf.grad(fn)(X)
    np.testing.assert_allclose(g, 2 * X, rtol=1e-8, atol=1e-9)
    with pytest.raises(nf.UnsupportedTypeError, match="grad: method='autodiff' cannot differentiate"):
        nf.grad(fn, method="autodiff")(X)


def test_finite_difference_method_never_warns() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = nf.grad(f_numpy, method="finite_difference")(X)
    assert rel_err(g, f_grad(X)) < 1e-9


def test_fallback_without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "_torch", lambda: (None, "torch is not installed (pip install numerics_fn[torch])"))
    with pytest.warns(nf.GradientFallbackWarning, match="because torch is not installed"):
        g = nf.grad(f)(X)
    assert rel_err(g, f_grad(X)) < 1e-9
    with pytest.raises(nf.UnsupportedTypeError, match="grad: method='autodiff' needs torch, but torch is not"):
        nf.grad(f, method="autodiff")(X)


def test_float32_finite_difference_step_follows_dtype() -> None:
    g = nf.grad(f_numpy, method="finite_difference")(X.astype(np.float32))
    assert g.dtype == np.float32
    assert rel_err(g, f_grad(X)) < 1e-3  # eps(float32) ** (2/3) ~ 2.4e-5 times the function's scale


# --- exceptions propagate, outputs are checked ------------------------------------------------
def test_exceptions_in_fn_propagate(backend: str) -> None:
    exact()

    def broken(x: Any) -> Any:
        raise ZeroDivisionError("inside fn")

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no fallback is tried
        for transform in (nf.value_and_grad, nf.grad, nf.jacfwd, nf.hessian):
            with pytest.raises(ZeroDivisionError, match="inside fn"):
                transform(broken)(nf.convert(X, backend))


@pytest.mark.parametrize(
    ("out", "error", "match"),
    [
        (lambda x: x * 2, ValueError, r"value_and_grad: fn must return a real scalar .* of shape \(6,\)"),
        (lambda x: nf.sum(x) * 1j, TypeError, "value_and_grad: fn must return a real scalar .* complex"),
        (lambda x: "nope", TypeError, "value_and_grad: fn must return a real scalar .* got a str"),
    ],
)
@pytest.mark.parametrize("method", ["auto", "finite_difference"])
def test_non_scalar_output_is_a_clear_error(out: Any, error: type, match: str, method: str, backend: str) -> None:
    if method == "auto":
        exact()
    with pytest.raises(error, match=match):
        nf.value_and_grad(out, method=method)(nf.convert(X, backend))


def test_argument_validation() -> None:
    with pytest.raises(
        TypeError, match=r"value_and_grad: argnums must be an int or a non-empty tuple of ints, got '0'"
    ):
        nf.value_and_grad(f, argnums="0")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="grad: argnums must be"):
        nf.grad(f, argnums=())
    with pytest.raises(ValueError, match=r"grad: argnums=3 names argument 3, but fn was called with 1"):
        nf.grad(f, argnums=3)(X)
    with pytest.raises(ValueError, match=r"grad: argnums=\(0, 0\) names one argument twice"):
        nf.grad(nf.sum, argnums=(0, 0))(X)
    with pytest.raises(ValueError, match="hessian: method='exact' is not one of 'auto', 'autodiff'"):
        nf.hessian(f, method="exact")
    with pytest.raises(TypeError, match="jacfwd: fn must be callable"):
        nf.jacfwd(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"grad: argument 0 is a numpy.ndarray of dtype int64; .*nf.cast"):
        nf.grad(nf.sum)(np.arange(3))


def test_mixed_backends_are_refused() -> None:
    needs("pytorch")
    import torch

    with pytest.raises(
        nf.MixedBackendError,
        match=r"grad: the differentiated arguments \(0, 1\) are on several backends \(numpy, pytorch\)",
    ):
        nf.grad(lambda x, y: nf.sum(x * y), argnums=(0, 1))(X, torch.tensor(X))


# --- jacfwd and hessian -----------------------------------------------------------------------
@pytest.mark.parametrize("method", ["auto", "finite_difference"])
def test_jacfwd_and_hessian_against_analytic(method: str, backend: str) -> None:
    if method == "auto":
        exact()
    x = nf.convert(X, backend)
    jac = nf.jacfwd(lambda v: nf.sin(v) * v, method=method)(x)
    hess = nf.hessian(f, method=method)(x)
    for got in (jac, hess):
        assert nf.backend_of(got) == backend and tuple(got.shape) == (N, N) and got.dtype == x.dtype
    tol = 1e-12 if method == "auto" else 1e-6
    assert rel_err(jac, np.diag(np.cos(X) * X + np.sin(X))) < tol
    assert rel_err(hess, f_hess(X)) < tol


@pytest.mark.parametrize("method", ["auto", "finite_difference"])
def test_hessian_blocks_for_tuple_argnums(method: str) -> None:
    if method == "auto":
        exact()
    x, y = X[:3].copy(), X[3:].copy() + 2.0
    blocks = nf.hessian(lambda x, y: nf.sum(x * x) * nf.sum(y * y * y), argnums=(0, 1), method=method)(x, y)
    sx, sy = np.sum(x * x), np.sum(y**3)
    want = ((2 * sy * np.eye(3), np.outer(2 * x, 3 * y * y)), (np.outer(3 * y * y, 2 * x), sx * np.diag(6 * y)))
    for i in range(2):
        for j in range(2):
            np.testing.assert_allclose(blocks[i][j], want[i][j], rtol=1e-6, atol=1e-6)


def test_jacfwd_of_complex_output_keeps_the_imaginary_part() -> None:
    needs("pytorch")
    jac = nf.jacfwd(lambda v: v * (1 + 2j))(X)
    assert jac.dtype == np.complex128
    np.testing.assert_allclose(jac, (1 + 2j) * np.eye(N))


# --- vmap and vectorize_or_fallback -----------------------------------------------------------
def _row_fn(row: Any, w: Any) -> Any:
    return row * w + nf.sin(row) * nf.sum(row)


@pytest.mark.parametrize("out_axes", [0, 1, -1])
def test_vmap_equals_a_loop(backend: str, out_axes: int) -> None:
    batch, w = nf.convert(_r.standard_normal((4, N)), backend), nf.convert(_r.standard_normal(N), backend)
    got = nf.vmap(_row_fn, in_axes=(0, None), out_axes=out_axes)(batch, w)
    loop = np.stack([nf.to_numpy(_row_fn(batch[i], w)) for i in range(4)], axis=out_axes)
    assert nf.backend_of(got) == backend
    # (atol: values that cancel to near zero differ by rounding where the vectorised program computed them)
    np.testing.assert_allclose(nf.to_numpy(got), loop, rtol=1e-13, atol=1e-15)


@settings(max_examples=15, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=3, max_side=4), elements=st.floats(-2, 2)))
def test_vmap_over_axis_one_and_tuple_outputs(batch: np.ndarray) -> None:
    got_sum, got_rows = nf.vmap(lambda v: (nf.sum(v), v * 2), in_axes=1, out_axes=(0, 1))(batch)
    np.testing.assert_allclose(got_sum, np.array([np.sum(batch[:, i]) for i in range(batch.shape[1])]))
    np.testing.assert_allclose(got_rows, batch * 2)
    assert isinstance(got_sum, np.ndarray) and isinstance(got_rows, np.ndarray)


def test_vmap_argument_errors() -> None:
    with pytest.raises(ValueError, match="vmap: in_axes=None maps no argument"):
        nf.vmap(_row_fn, in_axes=None)(X, X)
    with pytest.raises(ValueError, match="vmap: the mapped arguments have different sizes"):
        nf.vmap(_row_fn)(np.ones((2, 3)), np.ones((3, 3)))
    with pytest.raises(TypeError, match="vmap: in_axes must be an int, None, or a tuple"):
        nf.vmap(_row_fn, in_axes="0")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"vmap: in_axes=\(0,\) has 1 entries but there are 2"):
        nf.vmap(_row_fn, in_axes=(0,))(X, X)


def _needs_item(row: Any) -> Any:
    return row * 2 if float(nf.sum(row)) > 0 else row


def test_vectorize_or_fallback_policies() -> None:
    batch = _r.standard_normal((3, 2))
    want = np.stack([_needs_item(r) for r in batch])
    with pytest.raises(ValueError, match="vectorize_or_fallback: policy='sometimes' is not one of 'auto', 'force'"):
        nf.vectorize_or_fallback(_needs_item, policy="sometimes")
    # NumPy input is vectorised through torch.func.vmap on mirrors (issue 17); without torch, only the loop.
    cannot = r"torch.func.vmap cannot vectorise it .*\.item\(\)" if common._torch()[0] else "torch is not"
    with pytest.raises(nf.UnsupportedTypeError, match=f"policy='force' cannot vectorise _needs_item: {cannot}"):
        nf.vectorize_or_fallback(_needs_item, policy="force")(batch)
    with pytest.warns(nf.VectorizationFallbackWarning, match=cannot) as record:
        np.testing.assert_allclose(nf.vectorize_or_fallback(_needs_item)(batch), want)
    assert len(record) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(nf.vectorize_or_fallback(_needs_item, policy="off")(batch), want)


def test_vectorize_or_fallback_on_tensors() -> None:
    needs("pytorch")
    import torch

    batch = torch.tensor(_r.standard_normal((3, 2)))
    want = torch.stack([_needs_item(r) for r in batch])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.testing.assert_close(nf.vectorize_or_fallback(lambda r: r * 2, policy="force")(batch), batch * 2)
    with pytest.raises(RuntimeError, match=r"\.item\(\)"):
        nf.vectorize_or_fallback(_needs_item, policy="force")(batch)
    with pytest.warns(nf.VectorizationFallbackWarning, match="torch.func.vmap failed"):
        torch.testing.assert_close(nf.vectorize_or_fallback(_needs_item)(batch), want)


# --- tensor parameters: plain autograd where torch.func adds nothing -----------------------------
def _g(x: Any, y: Any, *, scale: float = 1.0) -> Any:
    return scale * nf.sum(nf.sin(x) * y) + nf.sum(nf.abs(y) ** 2)


def _tensor_cases(torch: Any) -> list[tuple[Any, tuple[Any, ...], dict[str, Any], Any]]:
    x, y = torch.tensor(X), torch.tensor(X[::-1].copy() + 0.5)
    z = torch.tensor(X + 1j * X[::-1])
    return [
        (_g, (x, y), {"scale": 2.0}, 0),
        (_g, (x, y), {}, (0, 1)),
        (lambda x, y: nf.sum(x * x), (x, y), {}, (0, 1)),  # y unused: zeros
        (lambda z: nf.sum(nf.abs(z) ** 2), (z,), {}, 0),  # complex parameter, real output
        (lambda x: nf.sum(x.to(torch.float32) ** 2), (x,), {}, 0),  # a float32 computation, float64 gradient
    ]


def test_tensor_value_and_grad_is_torch_func_grad_and_value() -> None:
    needs("pytorch")
    import torch

    for fn, args, kwargs, argnums in _tensor_cases(torch):
        before = [a.clone() for a in args]
        value, grads = nf.value_and_grad(fn, argnums=argnums)(*args, **kwargs)
        want_grads, want_value = torch.func.grad_and_value(fn, argnums=argnums)(*args, **kwargs)
        torch.testing.assert_close(value, want_value)
        assert not value.requires_grad and type(value) is torch.Tensor
        for got, want in zip(*((grads, want_grads) if isinstance(argnums, tuple) else ((grads,), (want_grads,)))):
            torch.testing.assert_close(got, want)  # values, dtype, device
            assert not got.requires_grad
        for a, b in zip(args, before):
            assert not a.requires_grad and torch.equal(a, b)  # the caller's tensors are untouched


def test_tensor_gradients_take_plain_autograd_only_where_it_gives_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    needs("pytorch")
    import torch

    calls: list[str] = []
    real = torch.func.grad_and_value

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append("torch.func")
        return real(*args, **kwargs)

    monkeypatch.setattr(torch.func, "grad_and_value", spy)
    x = torch.tensor(X)
    grad = nf.grad(lambda v: nf.sum(nf.sin(v)))
    torch.testing.assert_close(grad(x), torch.cos(x))
    with torch.no_grad():  # gradients are still computed, as torch.func computes them
        torch.testing.assert_close(grad(x), torch.cos(x))
    assert calls == []
    # a parameter already in autograd: torch.func, so that the gradient stays differentiable
    p = x.clone().requires_grad_(True)
    g = grad(p)
    assert calls == ["torch.func"]
    (second,) = torch.autograd.grad(g.sum(), p)
    torch.testing.assert_close(second, -torch.sin(x))
    # inside a torch.func transform: torch.func
    batched = torch.func.vmap(grad)(torch.stack([x, 2 * x]))
    torch.testing.assert_close(batched, torch.cos(torch.stack([x, 2 * x])))
    assert calls[1:] and set(calls) == {"torch.func"}
    with torch.inference_mode():
        inference = torch.tensor(X)
    calls.clear()
    torch.testing.assert_close(grad(inference), torch.cos(x))  # (plain autograd cannot take such a tensor)
    assert calls == ["torch.func"]


# --- jit, wrappers ----------------------------------------------------------------------------
def test_jit_without_torch_runs_fn_with_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    # (issue 17 changes the rule: with torch, NumPy input is compiled; tests/test_transforms_jit.py)
    monkeypatch.setattr(common, "_torch", lambda: (None, "torch is not installed (pip install numerics_fn[torch])"))
    jitted = nf.jit(f)
    assert jitted.fn is f
    with pytest.warns(nf.JitFallbackWarning, match="jit: cannot compile f for NumPy input because torch is not"):
        assert jitted(X) == f(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once per reason
        assert jitted(X * 2) == f(X * 2)
    assert nf.jit(lambda: 3.0)() == 3.0  # no array: nothing to compile


@pytest.mark.slow
def test_jit_compiles_tensors_and_surfaces_errors() -> None:
    # In a fresh interpreter: torch.compile leaves Dynamo hooks and compiled kernels in the process,
    # after which torch under the 16-thread stress test of test_concurrency.py has crashed.
    needs("pytorch")
    code = """
import torch, numerics_fn as nf
x = torch.linspace(0, 1, 5)
torch.testing.assert_close(nf.jit(lambda v: nf.sin(v) * 2 + 1)(x), torch.sin(x) * 2 + 1)
def bad(v):
    raise ValueError("inside compiled fn")
try:
    nf.jit(bad)(x)
except ValueError as err:
    print("surfaced:", err)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "surfaced: inside compiled fn"


_FIRST_GRADIENT = """
import json, sys, threading, warnings
import numpy as np
import numerics_fn as nf

warnings.simplefilter("error")
sys.setswitchinterval(1e-6)
N = 16
barrier = threading.Barrier(N)
errors, rel = [], [None] * N
A = np.arange(9.0).reshape(3, 3)

def work(i):
    try:
        x = np.linspace(-1.0, 1.0, 3) + i
        barrier.wait()
        g = nf.grad(lambda x: nf.sum(nf.sin(x)) + 0.5 * x @ (A @ x))(x)
        want = np.cos(x) + 0.5 * (A + A.T) @ x
        rel[i] = float(np.max(np.abs(g - want)) / np.max(np.abs(want)))
    except BaseException as err:
        errors.append(f"thread {i}: {type(err).__name__}: {err}")

threads = [threading.Thread(target=work, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join(240)
print(json.dumps({"errors": errors, "rel": rel}))
"""


def test_threads_taking_their_first_gradient_all_succeed() -> None:
    """16 threads of a fresh interpreter ask for exact gradients at once, so that the torch side of the
    transforms loads while they call it: none may see it half-imported."""
    needs("pytorch")
    result = subprocess.run([sys.executable, "-c", _FIRST_GRADIENT], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert all(r is not None and r < 1e-13 for r in report["rel"]), report["rel"]


def test_wrappers_are_frozen_dataclasses_with_readable_repr() -> None:
    wrappers = {
        nf.value_and_grad(f, argnums=(0,)): "value_and_grad(f, argnums=(0,), method='auto')",
        nf.grad(f, method="finite_difference"): "grad(f, argnums=0, method='finite_difference')",
        nf.jacfwd(f): "jacfwd(f, argnums=0, method='auto')",
        nf.hessian(f): "hessian(f, argnums=0, method='auto')",
        nf.vmap(f, in_axes=(0, None)): "vmap(f, in_axes=(0, None), out_axes=0)",
        nf.vectorize_or_fallback(f, "off"): "vectorize_or_fallback(f, policy='off', in_axes=0, out_axes=0)",
        nf.jit(f): "jit(f)",
    }
    for wrapper, text in wrappers.items():
        assert repr(wrapper) == text
        assert dataclasses.is_dataclass(wrapper)
        with pytest.raises(dataclasses.FrozenInstanceError):
            wrapper.fn = None  # type: ignore[misc]
    assert nf.grad(f) == nf.grad(f)


def test_cupynumeric_constants_in_nf_operations_are_exact() -> None:
    needs("pytorch")
    needs("cupynumeric")
    a = nf.convert(np.diag(np.arange(1.0, N + 1)), "cupynumeric")
    x = nf.convert(X, "cupynumeric")
    g = nf.grad(lambda x: 0.5 * nf.sum(x * nf.matmul(a, x)))(x)  # a closed-over cuPyNumeric constant
    assert nf.backend_of(g) == "cupynumeric"
    assert rel_err(g, np.arange(1.0, N + 1) * X) < 1e-13


def test_cupynumeric_operator_on_the_left_falls_back_declared() -> None:
    needs("pytorch")
    needs("cupynumeric")
    c = nf.convert(np.full(N, 3.0), "cupynumeric")
    x = nf.convert(X, "cupynumeric")
    with pytest.warns(nf.GradientFallbackWarning, match="cannot run on torch mirrors"):
        g = nf.grad(lambda x: nf.sum(c * x))(x)  # cuPyNumeric's operator asks the mirror for DLPack
    assert rel_err(g, np.full(N, 3.0)) < 1e-8
    with pytest.raises(nf.UnsupportedTypeError, match="method='autodiff' cannot differentiate"):
        nf.grad(lambda x: nf.sum(c * x), method="autodiff")(x)

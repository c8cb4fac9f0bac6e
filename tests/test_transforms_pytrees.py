"""Pytrees, has_aux, jvp, vjp, jacrev and stop_gradient (issue 17, item 4) on every backend."""

from __future__ import annotations

import collections
import warnings
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf

Layer = collections.namedtuple("Layer", ["w", "b"])

_r = np.random.default_rng(5)
W, B, S, X = _r.standard_normal((3, 2)), _r.standard_normal(2), np.array(1.5), _r.standard_normal(3)


def params_on(backend: str) -> dict[str, Any]:
    """A nested parameter tree: a dict holding a named tuple and a list."""
    return nf.tree_map(lambda a: nf.convert(a, backend), {"layer": Layer(W, B), "scale": [S]})


def loss(p: Any, x: Any) -> Any:
    y = nf.matmul(x, p["layer"].w) + p["layer"].b
    return p["scale"][0] * nf.sum(y * y), y


def loss_grads(x: np.ndarray = X) -> dict[str, Any]:
    y = x @ W + B
    return {"layer": Layer(S * 2 * np.outer(x, y), S * 2 * y), "scale": [np.array(np.sum(y * y))]}


def host(tree: Any) -> Any:
    return nf.tree_map(lambda a: np.asarray(nf.to_numpy(a)) if nf.backend_of(a) else a, tree)


def assert_trees_close(got: Any, want: Any, rtol: float = 1e-10, atol: float = 1e-12) -> None:
    got_leaves, got_def = nf.tree_flatten(host(got))
    want_leaves, want_def = nf.tree_flatten(want)
    assert got_def == want_def, (got_def, want_def)
    for g, w in zip(got_leaves, want_leaves, strict=True):
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol)


def _exact(backend: str, method: str) -> None:
    if method != "finite_difference" or backend == "pytorch":
        require("pytorch")


METHODS = ["auto", "finite_difference"]


def _tol(method: str) -> dict[str, float]:
    return {"rtol": 1e-12, "atol": 1e-12} if method == "auto" else {"rtol": 1e-7, "atol": 1e-8}


# --- the tree functions ----------------------------------------------------------------------
def test_tree_flatten_unflatten_round_trip() -> None:
    tree = {"b": [1, (2, None)], "a": Layer(3, {"z": 4, "y": 5})}
    leaves, treedef = nf.tree_flatten(tree)
    assert leaves == [3, 5, 4, 1, 2]  # dict keys sorted, None an empty subtree
    rebuilt = nf.tree_unflatten(treedef, leaves)
    assert rebuilt == tree and isinstance(rebuilt["a"], Layer)
    assert nf.tree_flatten({"y": 0, "x": 1})[1] == nf.tree_flatten({"x": 1, "y": 0})[1]
    assert nf.tree_map(lambda v: v * 10, tree) == {"b": [10, (20, None)], "a": Layer(30, {"z": 40, "y": 50})}
    assert nf.tree_map(lambda u, v: u + v, [1, 2], [10, 20]) == [11, 22]
    pair = [np.ones(2), 1.0]
    assert nf.tree_flatten({"k": pair}, is_leaf=lambda v: isinstance(v, list))[0][0] is pair


def test_tree_errors() -> None:
    with pytest.raises(ValueError, match=r"tree_map: tree 1 has the structure \[\*\], unlike the first tree's"):
        nf.tree_map(lambda u, v: u, [1, 2], [1])
    _, treedef = nf.tree_flatten((1, 2))
    with pytest.raises(ValueError, match=r"tree_unflatten: the structure \(\*, \*\) has 2 leaves but 3 were given"):
        nf.tree_unflatten(treedef, [1, 2, 3])
    with pytest.raises(TypeError, match=r"tree_unflatten: treedef must be a TreeDef from nf\.tree_flatten, got a list"):
        nf.tree_unflatten([1], [1])  # type: ignore[arg-type]


# --- gradients of pytree parameters ---------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_value_and_grad_of_a_pytree_with_aux(method: str, backend: str) -> None:
    _exact(backend, method)
    p, x = params_on(backend), nf.convert(X, backend)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (value, aux), grads = nf.value_and_grad(loss, has_aux=True, method=method)(p, x)
    assert_trees_close(grads, loss_grads(), **_tol(method))
    assert nf.backend_of(value) == backend and nf.backend_of(aux) == backend
    np.testing.assert_allclose(host(aux), X @ W + B, rtol=1e-13)
    assert not getattr(aux, "requires_grad", False)
    g, aux2 = nf.grad(loss, has_aux=True, method=method)(p, x)
    assert_trees_close(g, loss_grads(), **_tol(method))
    np.testing.assert_allclose(host(aux2), X @ W + B, rtol=1e-13)


@pytest.mark.parametrize("method", METHODS)
def test_argnums_tuple_over_a_pytree_and_an_array(method: str, backend: str) -> None:
    _exact(backend, method)
    p, x = params_on(backend), nf.convert(X, backend)
    gp, gx = nf.grad(lambda p, x: loss(p, x)[0], argnums=(0, 1), method=method)(p, x)
    y = X @ W + B
    assert_trees_close(gp, loss_grads(), **_tol(method))
    np.testing.assert_allclose(host(gx), S * 2 * W @ y, **_tol(method))


@pytest.mark.parametrize("method", METHODS)
def test_jacobians_of_pytree_inputs_and_outputs(method: str, backend: str) -> None:
    _exact(backend, method)
    p = nf.tree_map(lambda a: nf.convert(a, backend), {"u": np.array([1.0, 2.0]), "v": np.array(3.0)})

    def fn(p: Any) -> Any:
        return {"prod": p["u"] * p["v"], "sum": nf.sum(p["u"])}, p["v"] * 2

    want = {
        "prod": {"u": 3.0 * np.eye(2), "v": np.array([1.0, 2.0])},
        "sum": {"u": np.ones(2), "v": np.array(0.0)},
    }
    for transform in (nf.jacfwd, nf.jacrev):
        jac, aux = transform(fn, has_aux=True, method=method)(p)
        assert_trees_close(jac, want, **_tol(method))
        np.testing.assert_allclose(host(aux), 6.0)


@pytest.mark.parametrize("method", METHODS)
def test_hessian_of_a_pytree(method: str, backend: str) -> None:
    _exact(backend, method)
    p = nf.tree_map(lambda a: nf.convert(a, backend), {"w": np.array([1.0, 2.0]), "b": np.array([3.0])})
    hess = nf.hessian(lambda p: nf.sum(p["w"] ** 2) * nf.sum(p["b"]), method=method)(p)
    want = {
        "b": {"b": np.zeros((1, 1)), "w": np.array([[2.0, 4.0]])},
        "w": {"b": np.array([[2.0], [4.0]]), "w": 6.0 * np.eye(2)},
    }
    tol = {"rtol": 1e-12, "atol": 1e-12} if method == "auto" else {"rtol": 1e-5, "atol": 1e-5}
    assert_trees_close(hess, want, **tol)


# --- jvp, vjp, stop_gradient ---------------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_jvp(method: str, backend: str) -> None:
    _exact(backend, method)
    x, t = nf.convert(np.array([1.0, 2.0]), backend), nf.convert(np.array([0.5, -1.0]), backend)
    out, tangent = nf.jvp(lambda x: nf.sin(x) * x, (x,), (t,), method=method)
    np.testing.assert_allclose(host(out), np.sin([1.0, 2.0]) * [1.0, 2.0], rtol=1e-13)
    want = (np.cos([1.0, 2.0]) * [1.0, 2.0] + np.sin([1.0, 2.0])) * [0.5, -1.0]
    np.testing.assert_allclose(host(tangent), want, **_tol(method))
    assert nf.backend_of(tangent) == backend
    p = {"a": x, "b": nf.convert(np.array(2.0), backend)}
    out, tangent, aux = nf.jvp(
        lambda p: ({"y": p["a"] * p["b"]}, "aux"), (p,), ({"a": t, "b": nf.convert(np.array(1.0), backend)},),
        has_aux=True, method=method,
    )  # fmt: skip
    assert aux == "aux"
    assert_trees_close(tangent, {"y": np.array([0.5, -1.0]) * 2.0 + np.array([1.0, 2.0])}, **_tol(method))


@pytest.mark.parametrize("method", METHODS)
def test_vjp(method: str, backend: str) -> None:
    _exact(backend, method)
    x, y = nf.convert(np.array([1.0, 2.0]), backend), nf.convert(np.array([3.0, 4.0]), backend)
    out, pull = nf.vjp(lambda x, y: {"p": x * y, "s": nf.sum(x)}, x, y, method=method)
    assert_trees_close(out, {"p": np.array([3.0, 8.0]), "s": np.array(3.0)})
    for c in (1.0, 2.0):  # the pull-back may be called again
        cot = {"p": nf.convert(np.array([c, 1.0]), backend), "s": nf.convert(np.array(1.0), backend)}
        gx, gy = pull(cot)
        np.testing.assert_allclose(host(gx), [3.0 * c + 1.0, 4.0 + 1.0], **_tol(method))
        np.testing.assert_allclose(host(gy), [1.0 * c, 2.0], **_tol(method))
        assert nf.backend_of(gx) == backend
    out, pull, aux = nf.vjp(lambda x: (x * x, nf.sum(x)), x, has_aux=True, method=method)
    np.testing.assert_allclose(host(pull(nf.convert(np.ones(2), backend))[0]), [2.0, 4.0], **_tol(method))
    np.testing.assert_allclose(host(aux), 3.0)


def test_vjp_cotangent_must_match_the_output() -> None:
    require("pytorch")
    _, pull = nf.vjp(lambda x: {"p": x * x}, np.ones(2))
    with pytest.raises(ValueError, match=r"vjp_fn: the cotangent has the structure \*, fn's output \{'p': \*\}"):
        pull(np.ones(2))
    with pytest.raises(ValueError, match=r"vjp_fn: a cotangent of shape \(3,\) for an output of shape \(2,\)"):
        pull({"p": np.ones(3)})


def test_stop_gradient(backend: str) -> None:
    require("pytorch")
    x = nf.convert(np.array([1.0, 2.0]), backend)

    def fn(x: Any) -> Any:
        c = nf.stop_gradient({"c": x * 3})["c"]
        return nf.sum(x * c) + float(nf.sum(c))  # a constant may leave the tape

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = nf.grad(fn)(x)
    np.testing.assert_allclose(host(g), [3.0, 6.0])
    assert nf.stop_gradient(2.0) == 2.0


# --- vmap over pytrees ---------------------------------------------------------------------------
def test_vmap_of_pytrees(backend: str) -> None:
    batch = {"a": _r.standard_normal((4, 3)), "b": _r.standard_normal(4)}
    on = nf.tree_map(lambda a: nf.convert(a, backend), batch)
    got = nf.vmap(lambda d: {"s": nf.sum(d["a"]) * d["b"], "t": (d["a"] * 2,)})(on)
    want = {"s": batch["a"].sum(axis=1) * batch["b"], "t": (batch["a"] * 2,)}
    assert_trees_close(got, want, rtol=1e-13)


def test_has_aux_needs_a_pair() -> None:
    with pytest.raises(TypeError, match=r"grad: with has_aux=True, fn must return a pair \(output, aux\), got a"):
        nf.grad(lambda x: nf.sum(x), has_aux=True, method="finite_difference")(np.ones(2))
    with pytest.raises(TypeError, match="grad: has_aux must be True or False"):
        nf.grad(nf.sum, has_aux=1)  # type: ignore[arg-type]


def test_jvp_vjp_argument_errors() -> None:
    with pytest.raises(TypeError, match=r"jvp: primals must be a non-empty tuple or list .* pass \(x,\)"):
        nf.jvp(nf.sin, np.ones(2), (np.ones(2),))
    with pytest.raises(ValueError, match="jvp: tangents have the structure"):
        nf.jvp(nf.sin, ({"a": np.ones(2)},), ({"b": np.ones(2)},))
    with pytest.raises(TypeError, match="vjp: fn must be callable"):
        nf.vjp(3, np.ones(2))  # type: ignore[arg-type]

"""vmap on NumPy and cuPyNumeric input vectorised through torch.func on mirrors (issue 17, item 3)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf
from numerics_fn._transforms import vectorize

_r = np.random.default_rng(7)
N = 5
A = _r.standard_normal((N, N))
BATCH = _r.standard_normal((4 * vectorize.SMALL_BATCH, N))


def f(x: Any) -> Any:
    return nf.sum(nf.sin(x)) + 0.5 * nf.sum(x * (A @ x)) + nf.sum(nf.exp(0.1 * x))


def f_grad(x: np.ndarray) -> np.ndarray:
    return np.cos(x) + 0.5 * x @ (A + A.T) + 0.1 * np.exp(0.1 * x)


def _no_warning() -> Any:
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("error")
    return ctx


def _vectorised_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the loop's use: a vectorised call must not run it."""
    calls: list[str] = []
    real = vectorize._loop
    monkeypatch.setattr(vectorize, "_loop", lambda *a, **k: calls.append("loop") or real(*a, **k))
    return calls


def test_vmap_of_grad_is_one_program(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    require("pytorch")
    calls = _vectorised_only(monkeypatch)
    x = nf.convert(BATCH, backend)
    a = nf.convert(A, "pytorch") if backend == "pytorch" else A  # (NumPy constants mix with NumPy input only)

    def fb(x: Any) -> Any:
        return nf.sum(nf.sin(x)) + 0.5 * nf.sum(x * (a @ x)) + nf.sum(nf.exp(0.1 * x))

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = nf.vmap(nf.grad(fb))(x)
    assert nf.backend_of(got) == backend and tuple(got.shape) == BATCH.shape
    np.testing.assert_allclose(nf.to_numpy(got), f_grad(BATCH), rtol=1e-12, atol=1e-12)
    assert calls == []


@pytest.mark.parametrize(
    ("name", "transform", "want"),
    [
        ("jacfwd", lambda: nf.vmap(nf.jacfwd(lambda x: x * x)), lambda b: np.stack([np.diag(2 * r) for r in b])),
        ("jacrev", lambda: nf.vmap(nf.jacrev(lambda x: x * x)), lambda b: np.stack([np.diag(2 * r) for r in b])),
        ("hessian", lambda: nf.vmap(nf.hessian(lambda x: nf.sum(x**3))), lambda b: np.stack([np.diag(6 * r) for r in b])),
        ("grad(grad)", lambda: nf.vmap(lambda r: nf.grad(lambda v: nf.sum(nf.grad(lambda u: nf.sum(u**3))(v)))(r)),
         lambda b: 6 * b),
    ],
)  # fmt: skip
def test_compositions_under_vmap(name: str, transform: Any, want: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    require("pytorch")
    calls = _vectorised_only(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = transform()(BATCH)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, want(BATCH), rtol=1e-12, atol=1e-12)
    assert calls == []


def test_grad_of_grad_on_numpy() -> None:
    require("pytorch")
    x = np.array([0.5, 1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = nf.grad(lambda v: nf.sum(nf.grad(lambda u: nf.sum(nf.sin(u) * u))(v)))(x)
    np.testing.assert_allclose(got, 2 * np.cos(x) - x * np.sin(x), rtol=1e-13)


def test_numpy_face_inside_vmap_of_grad() -> None:
    require("pytorch")

    def g(x: Any) -> Any:
        assert x.dtype == np.float64 and x.size == N
        return nf.sum(x[::-1] * np.arange(N.__float__()) * x)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = nf.vmap(nf.grad(g))(BATCH)
    w = np.arange(float(N))
    np.testing.assert_allclose(got, BATCH[:, ::-1] * (w + w[::-1]), rtol=1e-13)


@pytest.mark.parametrize(
    ("fn", "why"),
    [
        (lambda r: r * 2 if float(nf.sum(r)) > 0 else r, r"\.item\(\)"),
        (lambda r: np.sin(r), "numpy.sin"),
    ],
)
def test_unvectorisable_fn_falls_back_to_the_loop_with_one_warning(fn: Any, why: str) -> None:
    require("pytorch")
    want = np.stack([fn(row) for row in BATCH])
    with pytest.warns(nf.VectorizationFallbackWarning, match=f"vmap: torch.func.vmap cannot vectorise it .*{why}") as w:
        got = nf.vmap(fn)(BATCH)
    assert len(w) == 1
    np.testing.assert_allclose(got, want, rtol=1e-13)


def test_dtypes_and_unmapped_arguments_are_kept(backend: str) -> None:
    require("pytorch")
    batch = nf.convert(BATCH.astype(np.float32), backend)
    w = nf.convert(np.arange(N, dtype=np.float32), backend)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, total = nf.vmap(lambda r, w: (r * w, nf.sum(r > 0)), in_axes=(0, None))(batch, w)
    assert out.dtype == batch.dtype and nf.backend_of(out) == backend and nf.backend_of(total) == backend
    np.testing.assert_allclose(nf.to_numpy(out), BATCH.astype(np.float32) * np.arange(N), rtol=1e-6)
    np.testing.assert_array_equal(nf.to_numpy(total), (BATCH > 0).sum(axis=1))


def test_small_batches_loop_without_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _vectorised_only(monkeypatch)
    small = BATCH[: vectorize.SMALL_BATCH]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(nf.vmap(lambda r: r * 2)(small), small * 2)
    assert calls == ["loop"]

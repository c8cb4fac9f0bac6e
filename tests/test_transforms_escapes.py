"""No silent wrong gradient (issue 17, item 1): every way ``fn`` can take a traced value off autograd's
tape is detected. ``method="auto"`` falls back to finite differences with one GradientFallbackWarning
naming the escape; ``method="autodiff"`` raises an error naming it."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf

X = np.array([0.5, 1.5, 2.0])

# (fn, the escape's name in the message); each fn's gradient depends on the escaped value.
ESCAPES = [
    (lambda x: nf.sum(float(x[0]) * x), r"float\(x\)"),  # the issue's example: [4.5, 0.5, 0.5], not [0.5]*3
    (lambda x: nf.sum(int(x[2] * 10) * x), r"int\(x\)"),
    (lambda x: nf.sum(complex(x[0]).real * x), r"complex\(x\)"),
    (lambda x: nf.sum(x * x) * (2.0 if bool(x[0]) else 1.0) + x[0] * 0, r"bool\(x\)"),
    (lambda x: nf.sum(x[0].item() * x), r"x\.item"),
    (lambda x: nf.sum(x.tolist()[0] * x), r"x\.tolist"),
    (lambda x: nf.sum(np.asarray(x) * x), r"np\.asarray"),
    (lambda x: nf.sum(np.array(x) * x), r"np\.asarray"),
    (lambda x: nf.sum(nf.to_numpy(x) * x), r"nf\.to_numpy"),
    (lambda x: nf.sum(np.frombuffer(x.data, dtype=np.float64) * x), r"x\.data"),
    (lambda x: nf.sum(float(f"{x[0]:.6f}") * x), "formats a traced value"),
    (lambda x: nf.sum(x * sum(float(v) for v in x)), r"float\(x\)"),
    (lambda x: nf.sum(x * np.fromiter(x, dtype=np.float64)), r"float\(x\)"),
    (lambda x: nf.sum(np.sin(x)), "numpy.sin"),
    (lambda x: float(nf.sum(x * x)), r"float\(x\)"),
]


def _fd(fn: Any) -> np.ndarray:
    return np.asarray(nf.grad(fn, method="finite_difference")(X.copy()))


@pytest.mark.parametrize(("fn", "escape"), ESCAPES)
def test_escape_falls_back_with_one_warning_naming_it(fn: Any, escape: str) -> None:
    require("pytorch")
    with pytest.warns(nf.GradientFallbackWarning, match=escape) as record:
        got = nf.grad(fn)(X.copy())
    assert len(record) == 1
    np.testing.assert_allclose(got, _fd(fn), rtol=1e-12)


@pytest.mark.parametrize(("fn", "escape"), ESCAPES)
def test_escape_under_autodiff_is_an_error_naming_it(fn: Any, escape: str) -> None:
    require("pytorch")
    with pytest.raises(nf.UnsupportedTypeError, match=f"grad: method='autodiff' cannot differentiate .*{escape}"):
        nf.grad(fn, method="autodiff")(X.copy())


@pytest.mark.parametrize("backend", ["numpy", "cupynumeric"])
def test_the_issue_example_gives_the_finite_difference_answer(backend: str) -> None:
    require("pytorch")
    require(backend)
    with pytest.warns(nf.GradientFallbackWarning, match=r"float\(x\)"):
        g = nf.grad(lambda x: nf.sum(float(x[0]) * x))(nf.convert(X.copy(), backend))
    assert nf.backend_of(g) == backend
    np.testing.assert_allclose(nf.to_numpy(g), [4.5, 0.5, 0.5], rtol=1e-9)


@pytest.mark.parametrize("transform", [nf.value_and_grad, nf.jacfwd, nf.hessian])
def test_escapes_are_detected_by_every_derivative(transform: Any) -> None:
    require("pytorch")

    def fn(x: Any) -> Any:
        return nf.sum(x.item() * x) if x.ndim == 0 else nf.sum(float(x[0]) * x * x)

    with pytest.warns(nf.GradientFallbackWarning, match=r"float\(x\)"):
        got = transform(fn)(X.copy())
    want = transform(fn, method="finite_difference")(X.copy())
    for g, w in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)


def test_values_off_the_tape_may_leave_it() -> None:
    """Comparisons, detached values, shapes and printing take nothing off the tape: exact, no warning."""
    require("pytorch")

    def fn(x: Any) -> Any:
        print(x)  # printing a traced value is no escape
        scale = 2.0 if bool(x[0] > 0) else 1.0
        c = float(nf.detach(x)[1])  # explicitly a constant
        return scale * nf.sum(x * x) * len(x) + c * nf.sum(x) + int(x.shape[0])

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = nf.grad(fn)(X.copy())
    np.testing.assert_allclose(g, 2.0 * 2 * X * 3 + X[1], rtol=1e-13)


def test_a_constant_mirror_answers_data() -> None:
    require("pytorch")

    def fn(x: Any) -> Any:
        c = nf.detach(x)
        assert tuple(c.data.shape) == (3,)  # off the tape: torch's .data, no escape
        return nf.sum(x * x)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(nf.grad(fn)(X.copy()), 2 * X)


@pytest.mark.parametrize(
    "fn",
    [
        lambda r: r * np.asarray(r).sum(),
        lambda r: r * sum(r.tolist()),
        lambda r: r * r[0].item(),
        lambda r: r * np.frombuffer(r.data, dtype=np.float64).sum(),
        lambda r: r * nf.to_numpy(r).sum(),
        lambda r: r * np.fromiter(r, dtype=float).sum(),
        lambda r: r * 2 if r[0] > 10 else r,
    ],
)
def test_escapes_under_vmap_loop_instead(fn: Any) -> None:
    """Under vmap a value read out of a mapped argument would be the whole batch's: never used, the loop runs."""
    require("pytorch")
    batch = np.arange(40.0).reshape(20, 2)
    with pytest.warns(nf.VectorizationFallbackWarning, match="torch.func.vmap cannot vectorise it"):
        got = nf.vmap(fn)(batch)
    np.testing.assert_allclose(got, np.stack([fn(r) for r in batch]))


def test_in_place_writes_into_a_parameter_are_differentiated() -> None:
    require("pytorch")

    def fn(x: Any) -> Any:
        x[0] = 0.0
        x[1:] *= 2
        return nf.sum(x * x)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = nf.grad(fn)(X.copy())
    np.testing.assert_allclose(g, [0.0, 8 * X[1], 8 * X[2]], rtol=1e-13)
    np.testing.assert_allclose(g, _fd(fn), rtol=1e-8, atol=1e-12)

"""Traced arguments present NumPy's face to NumPy code inside a transform (issue 17, item 2)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf

X = np.arange(24.0).reshape(2, 3, 4) / 7


def _exact_grad(fn: Any, x: np.ndarray) -> np.ndarray:
    require("pytorch")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback: the mirror answered as NumPy would
        return np.asarray(nf.grad(fn)(x))


def test_attributes_read_as_numpy() -> None:
    seen = {}

    def fn(x: Any) -> Any:
        seen.update(
            dtype=x.dtype, size=x.size, ndim=x.ndim, shape=tuple(x.shape), T=tuple(x.T.shape), mT=tuple(x.mT.shape)
        )
        assert x.dtype == np.float64 and np.issubdtype(x.dtype, np.floating) and x.dtype.kind == "f"
        assert (x > 0).dtype == np.bool_
        return nf.sum(x * x)

    _exact_grad(fn, X)
    assert seen == {"dtype": np.float64, "size": 24, "ndim": 3, "shape": (2, 3, 4), "T": (4, 3, 2), "mT": (2, 4, 3)}


@pytest.mark.parametrize(
    "index",
    [
        np.s_[::-1], np.s_[:, ::-1], np.s_[..., ::-2], np.s_[1, ::-1, 1:3], np.s_[::-1, None, 2:0:-1],
        np.s_[:, 5:-9:-1], np.s_[:, 1:2:-1], np.s_[0, :, ::-3],
    ],
)  # fmt: skip
def test_negative_step_slices(index: Any) -> None:
    weights = np.random.default_rng(0).standard_normal(X[index].shape)
    got = _exact_grad(lambda x: nf.sum(x[index] * weights), X)
    want = np.zeros_like(X)
    view = want[index]  # a view of want: NumPy's own indexing says where each weight lands
    view += weights
    np.testing.assert_array_equal(got, want)


def test_astype_copy_and_transpose_stay_on_the_tape() -> None:
    def fn(x: Any) -> Any:
        y = x.copy()
        y[0] = 0.0  # writing into the copy leaves x alone, as in NumPy
        z = x.astype(np.float64) * 2 + x.T.T
        return nf.sum(y * x) + nf.sum(z)

    want = 2 * X + 3.0
    want[0] = 3.0
    np.testing.assert_allclose(_exact_grad(fn, X), want, rtol=1e-13)


def test_item_and_tolist_are_escapes() -> None:
    require("pytorch")
    with pytest.warns(nf.GradientFallbackWarning, match=r"x\.item\(\)"):
        nf.grad(lambda x: nf.sum(x * x[0, 0, 0].item()))(X)
    with pytest.warns(nf.GradientFallbackWarning, match=r"x\.tolist\(\)"):
        nf.grad(lambda x: nf.sum(x * x.tolist()[0][0][1]))(X)

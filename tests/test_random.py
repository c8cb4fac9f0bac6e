"""rng, normal, uniform, choice on every backend: reproducible, right dtype, right backend."""

from __future__ import annotations

import numpy as np
import pytest

import numerics_fn as nf


def test_same_seed_same_numbers(backend: str) -> None:
    ctx = nf.Context(backend=backend)
    a = nf.to_numpy(nf.normal(nf.rng(7, ctx=ctx), (3, 4), ctx=ctx))
    b = nf.to_numpy(nf.normal(nf.rng(7, ctx=ctx), (3, 4), ctx=ctx))
    c = nf.to_numpy(nf.normal(nf.rng(8, ctx=ctx), (3, 4), ctx=ctx))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("precision", ["float64", "float32"])
def test_normal_follows_precision_and_dtype(backend: str, precision: str) -> None:
    ctx = nf.Context(backend=backend, precision=precision)
    g = nf.rng(0, ctx=ctx)
    x = nf.normal(g, (1000,), ctx=ctx)
    assert nf.backend_of(x) == backend
    assert x.dtype == getattr(nf, precision)
    z = nf.normal(g, (2000,), dtype="complex128", ctx=ctx)
    assert z.dtype == nf.complex128
    zn = nf.to_numpy(z)
    assert abs(np.var(zn.real) - 0.5) < 0.1 and abs(np.var(zn.imag) - 0.5) < 0.1
    xn = nf.to_numpy(x)
    assert abs(xn.mean()) < 0.15 and abs(xn.std() - 1) < 0.1


def test_uniform_bounds(backend: str) -> None:
    ctx = nf.Context(backend=backend)
    u = nf.to_numpy(nf.uniform(nf.rng(1, ctx=ctx), (500,), low=-2.0, high=3.0, ctx=ctx))
    assert u.dtype == np.float64 and u.min() >= -2.0 and u.max() < 3.0 and u.max() > 2.5


def test_choice(backend: str) -> None:
    ctx = nf.Context(backend=backend)
    g = nf.rng(3, ctx=ctx)
    picks = nf.to_numpy(nf.choice(g, 5, size=4, replace=False, ctx=ctx))
    assert len(set(picks.tolist())) == 4 and set(picks.tolist()) <= set(range(5))
    weighted = nf.to_numpy(nf.choice(g, 3, size=200, p=[0.0, 1.0, 0.0], ctx=ctx))
    assert set(weighted.tolist()) == {1}
    data = nf.asarray([10.0, 20.0, 30.0], ctx=ctx)
    from_array = nf.to_numpy(nf.choice(g, data, size=5, ctx=ctx))
    assert set(from_array.tolist()) <= {10.0, 20.0, 30.0}


def test_generator_dispatches_to_its_backend(backend: str) -> None:
    g = nf.rng(0, ctx=nf.Context(backend=backend))
    assert nf.backend_of(g) == backend
    assert nf.backend_of(nf.normal(g, 2)) == backend


@pytest.mark.parametrize("dtype", ["int64", "int8", "uint8", "bool"])
def test_continuous_distributions_refuse_non_floating_dtypes(backend: str, dtype: str) -> None:
    g = nf.rng(0, ctx=nf.Context(backend=backend))
    with pytest.raises(nf.UnsupportedTypeError, match=rf"normal: dtype {dtype} is not supported; use a real floating"):
        nf.normal(g, (5,), dtype=dtype)
    with pytest.raises(nf.UnsupportedTypeError, match=rf"uniform: dtype {dtype} is not supported; use a real floating"):
        nf.uniform(g, (5,), dtype=dtype)


def test_normal_takes_complex_and_uniform_does_not(backend: str) -> None:
    g = nf.rng(0, ctx=nf.Context(backend=backend))
    assert nf.to_numpy(nf.normal(g, (3,), dtype="complex64")).dtype == np.complex64
    with pytest.raises(nf.UnsupportedTypeError, match=r"uniform: dtype complex64 is not supported"):
        nf.uniform(g, (3,), dtype="complex64")


@pytest.mark.parametrize(
    ("rng", "shown", "advice"),
    [
        (42, r"42 \(int\)", r"nf.rng\(42\)"),
        (None, r"None \(NoneType\)", r"nf.rng\(seed\)"),
        (np.random.RandomState(0), r"RandomState\(MT19937\).*\(numpy.RandomState\)", r"nf.rng\(seed\)"),
        (np.ones(2), r"array\(\[1., 1.\]\) \(numpy.ndarray\)", r"nf.rng\(seed\)"),
    ],
    ids=["seed", "None", "RandomState", "array"],
)
@pytest.mark.parametrize("name", ["normal", "uniform", "choice"])
def test_something_else_than_a_generator_says_pass_nf_rng(rng: object, shown: str, advice: str, name: str) -> None:
    args = (3,) if name == "choice" else ((2,),)
    with pytest.raises(
        nf.UnsupportedTypeError,
        match=rf"{name}: argument 'rng' must be a random generator made by nf.rng\(seed\), got {shown}; pass {advice}",
    ) as info:
        getattr(nf, name)(rng, *args)
    assert "CONTRIBUTING" not in str(info.value)

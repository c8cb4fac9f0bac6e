"""Issue 16: what the spec table cannot say — `block` of nested lists, the generator functions, the escape
hatch `nf.do` on every backend, and inputs users already hold (``__array__``, buffers, foreign Array API arrays)."""

from __future__ import annotations

import array
import importlib.util
import os
import pathlib
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from conftest import as_numpy, require, unavailable_reason

import numerics_fn as nf


def _on(x: np.ndarray, backend: str) -> Any:
    return nf.convert(x, backend)


# --- block and the generator functions ------------------------------------------------------------
def test_block_assembles_nested_lists_like_numpy(backend: str) -> None:
    a, b = np.arange(4.0).reshape(2, 2), np.ones((2, 1))
    c, d = np.full((1, 2), 7.0), np.zeros((1, 1))
    got = nf.block([[_on(a, backend), _on(b, backend)], [_on(c, backend), _on(d, backend)]])
    assert nf.backend_of(got) == backend
    np.testing.assert_array_equal(as_numpy(got), np.block([[a, b], [c, d]]))
    np.testing.assert_array_equal(as_numpy(nf.block([_on(a[0], backend), 5.0])), np.block([a[0], 5.0]))


def test_block_rejects_mismatched_depths() -> None:
    with pytest.raises(ValueError, match="depths are mismatched"):
        nf.block([[np.ones(2)], np.ones(2)])


def test_generator_functions_on_every_backend(backend: str) -> None:
    with nf.use_backend(backend):
        g = nf.rng(3)
        ints = nf.integers(g, 2, 5, size=(4, 3))
        assert nf.backend_of(ints) == backend and as_numpy(ints).dtype == np.int64 and ints.shape == (4, 3)
        values = as_numpy(ints)
        assert values.min() >= 2 and values.max() < 5
        closed = as_numpy(nf.integers(nf.rng(3), 1, size=50, endpoint=True))
        assert set(closed.tolist()) <= {0, 1}
        perm = nf.permutation(nf.rng(4), 6)
        assert sorted(as_numpy(perm).tolist()) == list(range(6))
        x = nf.asarray(np.arange(12.0).reshape(4, 3))
        shuffled = as_numpy(nf.shuffle(nf.rng(5), x, axis=1))
        np.testing.assert_array_equal(np.sort(shuffled, axis=1), as_numpy(x))  # columns permuted, x unchanged
        rows = as_numpy(nf.permutation(nf.rng(6), x))
        np.testing.assert_array_equal(np.sort(rows, axis=0), as_numpy(x))
        assert (as_numpy(nf.permutation(nf.rng(7), 20)) == as_numpy(nf.permutation(nf.rng(7), 20))).all()


# --- the escape hatch ---------------------------------------------------------------------------------------
def test_do_reaches_names_outside_the_catalogue(backend: str) -> None:
    x = np.arange(6.0).reshape(2, 3)
    got = nf.do("flipud", _on(x, backend))
    assert nf.backend_of(got) == backend
    np.testing.assert_array_equal(as_numpy(got), np.flipud(x))
    rolled = nf.do("rot90", _on(x, backend)) if backend != "pytorch" else nf.do("rot90", _on(x, backend), 1, [0, 1])
    np.testing.assert_array_equal(as_numpy(rolled), np.rot90(x))
    assert "flipud" not in nf.__all__ and "rot90" not in nf.__all__


def test_do_translates_names_and_axis_for_torch() -> None:
    torch = pytest.importorskip("torch")
    require("pytorch")
    t = torch.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(as_numpy(nf.do("concatenate", [t, t], axis=1)), np.concatenate([t.numpy()] * 2, 1))
    np.testing.assert_array_equal(as_numpy(nf.do("amax", t, axis=0, keepdims=True)), t.numpy().max(0, keepdims=True))
    np.testing.assert_allclose(as_numpy(nf.do("special.erf", t)), as_numpy(torch.special.erf(t)))
    np.testing.assert_allclose(as_numpy(nf.do("linalg.matrix_exp", torch.zeros(2, 2))), np.eye(2))


def test_do_mixes_numpy_into_the_other_backend(backend: str) -> None:
    if backend == "numpy":
        pytest.skip("a NumPy array beside a NumPy array: nothing to mix")
    x = np.array([1.0, 5.0, 3.0])
    y = np.array([2.0, 2.0, 4.0], dtype=np.float32)  # (no NaN: cuPyNumeric 26.6's own fmax propagates it)
    assert "fmax" not in nf.__all__ and "logaddexp2" not in nf.__all__  # the library's own functions
    got = nf.do("fmax", x, _on(y, backend))  # NumPy's array goes to the other backend, its dtype kept
    assert nf.backend_of(got) == backend
    np.testing.assert_array_equal(as_numpy(got), np.fmax(x, y))
    assert as_numpy(got).dtype == np.float64
    both = nf.do("logaddexp2", _on(x[:1], backend), np.array([1.0]))
    assert nf.backend_of(both) == backend
    np.testing.assert_allclose(as_numpy(both), np.logaddexp2(x[:1], 1.0))


def test_do_names_function_and_backend_it_lacks(backend: str) -> None:
    x = _on(np.ones((2, 2)), backend)
    lacking = "nanpercentile" if backend == "pytorch" else "linalg.householder_product"  # each library has the other
    with pytest.raises(nf.FunctionNotFoundError, match=rf"do\('{lacking}'\): the {backend} backend's library has no"):
        nf.do(lacking, x, 50.0)
    with pytest.raises(AttributeError, match=rf"the {backend} backend's library has no function"):
        nf.do("no_such_function", x)


def test_do_sends_catalogue_names_through_the_catalogue(backend: str) -> None:
    x = np.array([1.0, 2.0, 4.0])
    # the catalogue's std (NumPy's ddof=0) also on torch, whose own std divides by n - 1
    np.testing.assert_allclose(as_numpy(nf.do("std", _on(x, backend))), np.std(x))
    svd = nf.do("linalg.svd", _on(np.eye(2), backend))
    np.testing.assert_allclose(as_numpy(svd.S), [1.0, 1.0])
    zeros = nf.do("zeros", 2, ctx=nf.Context(backend=backend))
    assert nf.backend_of(zeros) == backend


def test_do_refuses_torch_beside_cupynumeric_and_bad_names() -> None:
    with pytest.raises(TypeError, match="non-empty str"):
        nf.do("", np.ones(2))
    require("pytorch")
    require("cupynumeric")
    with pytest.raises(nf.MixedBackendError, match="do\\('flipud'\\)"):
        nf.do("flipud", [nf.convert(np.ones(2), "pytorch"), nf.convert(np.ones(2), "cupynumeric")])


# --- inputs users already hold ------------------------------------------------------------------------------
class _Frame:
    """A stand-in for a pandas DataFrame or an xarray DataArray: data behind ``__array__`` only."""

    def __init__(self, data: Any) -> None:
        self._data = np.asarray(data)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._data if dtype is None else self._data.astype(dtype)


def _inputs(tmp_path: pathlib.Path) -> list[tuple[str, Any]]:
    return [
        ("memoryview", memoryview(np.arange(3.0))),
        ("memoryview-bytes", memoryview(b"ab")),
        ("array.array", array.array("d", [1.0, 2.0])),
        ("array.array-int32", array.array("i", [1, 2])),
        ("range", range(4)),
        ("__array__", _Frame([[1, 2], [3, 4]])),
        ("__array__-float32", _Frame(np.ones(2, np.float32))),
    ]


@pytest.mark.parametrize("fn", ["asarray", "array"])
def test_asarray_takes_what_numpy_takes(fn: str, backend: str, tmp_path: pathlib.Path) -> None:
    for name, obj in _inputs(tmp_path):
        want = getattr(np, fn)(obj)
        with nf.use_backend(backend, precision="float32"):  # the data's own dtype wins, as in NumPy
            got = getattr(nf, fn)(obj)
        assert nf.backend_of(got) == backend, name
        out = as_numpy(got)
        assert out.dtype == want.dtype, (name, out.dtype, want.dtype)
        np.testing.assert_array_equal(out, want, err_msg=name)


_H5PY_CHECK = """
import numpy as np, h5py, numerics_fn as nf
handle = h5py.File("in-memory.h5", "w", driver="core", backing_store=False)
dataset = handle.create_dataset("x", data=np.arange(6.0, dtype=np.float32).reshape(2, 3))
for backend in BACKENDS:
    for fn in ("asarray", "array"):
        got = getattr(nf, fn)(dataset, ctx=nf.Context(backend=backend, precision="float64"))
        assert nf.backend_of(got) == backend, (fn, backend)
        out = nf.to_numpy(got)
        assert out.dtype == np.float32 and np.array_equal(out, dataset[()]), (fn, backend, out)
print("ok")
"""


def test_asarray_takes_h5py_datasets() -> None:
    """In a fresh process: once Legate has loaded its own HDF5 library, h5py in that process cannot make datasets."""
    if importlib.util.find_spec("h5py") is None:  # (not imported here: see above)
        pytest.skip("h5py is not installed")
    backends = ["numpy"] + [b for b in ("pytorch",) if unavailable_reason(b) is None]
    code = f"BACKENDS = {backends!r}\n" + _H5PY_CHECK
    # a plain environment: what the test process set up for Legate (its own HDF5 among it) stays out
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300, env=env
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_array_copies_a_buffer() -> None:
    data = np.arange(3.0)
    copied = nf.array(memoryview(data))
    data[0] = 9.0
    assert copied[0] == 0.0


def test_foreign_array_api_arrays_are_served_uniformly() -> None:
    xps = pytest.importorskip("array_api_strict")
    x = xps.asarray([1.0, 2.0])
    assert nf.backend_of(x) == "array_api_strict"
    np.testing.assert_array_equal(nf.to_numpy(x), [1.0, 2.0])
    np.testing.assert_array_equal(as_numpy(nf.convert(x, "numpy")), [1.0, 2.0])
    assert type(nf.exp(x)) is type(x)


@pytest.mark.parametrize("rows", [3, 40])  # the loop (small batches) and torch.func.vmap on mirrors
def test_transforms_of_foreign_array_api_arrays_return_their_type(rows: int) -> None:
    xps = pytest.importorskip("array_api_strict")
    pytest.importorskip("torch")  # exact gradients run on torch mirrors
    host = np.linspace(0.1, 1.0, 2 * rows).reshape(rows, 2)
    x = xps.asarray(host)
    f = lambda w: nf.sum(nf.sin(w) * w)  # noqa: E731
    value, g = nf.value_and_grad(f)(x[0, ...])
    assert type(value) is type(x) and type(g) is type(x)
    np.testing.assert_allclose(nf.to_numpy(g), np.cos(host[0]) * host[0] + np.sin(host[0]), rtol=1e-13)
    assert type(nf.jacfwd(nf.sin)(x[0, ...])) is type(x)
    mapped = nf.vmap(nf.grad(f))(x)
    assert type(mapped) is type(x) and mapped.shape == (rows, 2)
    np.testing.assert_allclose(nf.to_numpy(mapped), np.cos(host) * host + np.sin(host), rtol=1e-13)
    sums = nf.vmap(lambda w: nf.sum(nf.sin(w)))(x)
    assert type(sums) is type(x)
    np.testing.assert_allclose(nf.to_numpy(sums), np.sin(host).sum(axis=1), rtol=1e-13)


def test_normal_takes_loc_and_scale(backend: str) -> None:
    with nf.use_backend(backend):
        plain = as_numpy(nf.normal(nf.rng(11), (200,)))
        shifted = nf.normal(nf.rng(11), (200,), loc=3.0, scale=0.5)
        assert nf.backend_of(shifted) == backend
        np.testing.assert_allclose(as_numpy(shifted), 3.0 + 0.5 * plain, rtol=1e-12)
        single = nf.normal(nf.rng(11), (4,), dtype="float32", loc=1.0, scale=2.0)
        assert as_numpy(single).dtype == np.float32
        per_column = as_numpy(nf.normal(nf.rng(1), (1000, 2), loc=nf.asarray([0.0, 100.0])))
        assert abs(per_column[:, 1].mean() - 100.0) < 0.5 and abs(per_column[:, 0].mean()) < 0.5


def test_numpy_option_errors() -> None:
    with pytest.raises(ValueError, match="either both or neither"):
        nf.where(np.array([True]), 1.0)
    with pytest.raises(TypeError, match="pass each bound once"):
        nf.clip(np.ones(2), 0.0, a_min=0.5)
    with pytest.raises(ValueError, match="einsum: optimize='fastest'"):
        nf.einsum("ij,jk", np.eye(2), np.eye(2), optimize="fastest")


def test_bfloat16_token() -> None:
    torch = pytest.importorskip("torch")
    require("pytorch")
    assert nf.bfloat16 == torch.bfloat16 and nf.bfloat16 == "bfloat16" and "bfloat16" in nf.__all__
    with nf.use_backend("pytorch"):
        x = nf.ones((2, 3), dtype=nf.bfloat16)
    assert x.dtype is torch.bfloat16
    assert nf.astype(torch.ones(2), nf.bfloat16).dtype is torch.bfloat16
    assert nf.asarray([1.0, 2.0], dtype="bfloat16", ctx=nf.Context(backend="pytorch")).dtype is torch.bfloat16
    assert nf.exp(x).dtype is torch.bfloat16 and nf.cumsum(x).dtype is torch.bfloat16
    with pytest.raises(nf.UnsupportedTypeError, match="NumPy does not have"):
        np.dtype(nf.bfloat16)


def test_bfloat16_in_operations_and_the_namespace() -> None:
    """NumPy decides the kind of result, torch's promotion the width: bfloat16 has no NumPy dtype."""
    torch = pytest.importorskip("torch")
    require("pytorch")
    b = torch.ones(3, dtype=torch.bfloat16)
    assert nf.add(b, b).dtype is torch.bfloat16 and nf.multiply(b, 2).dtype is torch.bfloat16
    assert nf.add(b, torch.ones(3, dtype=torch.int64)).dtype is torch.bfloat16
    assert nf.add(b, torch.ones(3, dtype=torch.float16)).dtype is torch.float32
    assert nf.add(b, np.ones(3, np.float64)).dtype is torch.float64
    assert nf.add(b, np.ones(3, np.complex64)).dtype is torch.complex64
    assert nf.less(b, 2).dtype is torch.bool
    assert nf.get_backend("pytorch").bfloat16 is torch.bfloat16
    assert not hasattr(nf.get_backend("numpy"), "bfloat16")
    with pytest.raises(nf.UnsupportedTypeError, match=r"to_numpy: .*bfloat16.*nf.astype\(x, nf.float32\)"):
        nf.to_numpy(b)

"""numerics_fn as an Array API namespace: constants, inspection, dtypes, the environment
variables, aliases, ``nf.linalg`` / ``nf.fft``, and foreign arrays served through their own namespace."""

from __future__ import annotations

import inspect
import math
import os
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from conftest import on_backend

import numerics_fn as nf
from numerics_fn._ops import fft

A = np.arange(12.0).reshape(3, 4) / 7
SQUARE = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NUMERICS_FN_")} | env
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, check=False)


# --- the namespace's own attributes --------------------------------------------------------------
def test_version_and_constants() -> None:
    assert nf.__array_api_version__ == "2025.12"
    assert (nf.e, nf.pi) == (math.e, math.pi)
    assert math.isinf(nf.inf) and nf.inf > 0 and math.isnan(nf.nan)
    assert nf.newaxis is None


def test_namespace_info() -> None:
    info = nf.__array_namespace_info__()
    assert info.capabilities() == {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 64}
    assert info.devices() == ("cpu",) and info.default_device() == "cpu"
    assert info.default_dtypes() == {
        "real floating": nf.float64, "complex floating": nf.complex128, "integral": nf.int64, "indexing": nf.int64,
    }  # fmt: skip
    assert set(info.dtypes(kind="unsigned integer")) == {"uint8", "uint16", "uint32", "uint64"}
    assert set(info.dtypes(kind=("bool", "complex floating"))) == {"bool", "complex64", "complex128"}
    assert len(info.dtypes()) == 13 and "float16" not in info.dtypes()
    with nf.use_backend("numpy", precision="float32"):
        assert nf.__array_namespace_info__().default_dtypes()["complex floating"] == nf.complex64


def test_namespace_info_torch() -> None:
    torch = pytest.importorskip("torch")
    with nf.use_backend("pytorch"):
        info = nf.__array_namespace_info__()
        assert info.devices()[0] == torch.device("cpu") == info.default_device()
        assert nf.zeros(2).device == info.default_device()


def test_every_standard_name_is_in_the_namespace() -> None:
    # the standard's 2025.12 names that are functions, beside the catalogue's
    names = """abs acos acosh add all any arange argmax argmin argsort asarray asin asinh astype atan atan2 atanh
    bitwise_and bitwise_invert bitwise_left_shift bitwise_or bitwise_right_shift bitwise_xor broadcast_arrays
    broadcast_shapes broadcast_to can_cast ceil clip concat conj copysign cos cosh count_nonzero cumulative_prod
    cumulative_sum diff divide empty empty_like equal exp expand_dims expm1 eye finfo flip floor floor_divide
    from_dlpack full full_like greater greater_equal hypot iinfo imag isdtype isfinite isin isinf isnan less
    less_equal linspace log log10 log1p log2 logaddexp logical_and logical_not logical_or logical_xor matmul
    matrix_transpose max maximum mean meshgrid min minimum moveaxis multiply negative nextafter nonzero not_equal
    ones ones_like permute_dims positive pow prod real reciprocal remainder repeat reshape result_type roll round
    searchsorted sign signbit sin sinh sort sqrt square squeeze stack std subtract sum take take_along_axis tan tanh
    tensordot tile tril triu trunc unique_all unique_counts unique_inverse unique_values unstack var vecdot where
    zeros zeros_like""".split()  # noqa: SIM905
    linalg = """cholesky cross det diagonal eig eigh eigvals eigvalsh inv matmul matrix_norm matrix_power matrix_rank
    matrix_transpose outer pinv qr slogdet solve svd svdvals tensordot trace vecdot vector_norm""".split()  # noqa: SIM905
    assert [n for n in names if not callable(getattr(nf, n, None))] == []
    assert [n for n in linalg if not callable(getattr(nf.linalg, n, None))] == []
    assert [n for n in fft.__all__ if not callable(getattr(nf.fft, n, None))] == []


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("clip", {"min": 0.2, "max": 0.5}), ("std", {"correction": 1}), ("var", {"correction": 1.0}),
     ("reshape", {"shape": (4, 3), "copy": True}), ("sum", {"axis": 1, "dtype": None, "keepdims": True})],
)  # fmt: skip
def test_standard_keyword_names(name: str, kwargs: dict[str, Any]) -> None:
    got = getattr(nf, name)(A, **kwargs)
    ref = {"clip": lambda: np.clip(A, 0.2, 0.5), "std": lambda: np.std(A, ddof=1), "var": lambda: np.var(A, ddof=1),
           "reshape": lambda: A.reshape(4, 3), "sum": lambda: A.sum(1, keepdims=True)}[name]()  # fmt: skip
    np.testing.assert_allclose(got, ref)


# --- aliases: one implementation under two names --------------------------------------------------
@pytest.mark.parametrize(
    ("alias", "name"), [("concat", "concatenate"), ("permute_dims", "transpose"), ("pow", "power")]
)
def test_aliases_share_one_dispatcher(alias: str, name: str) -> None:
    a, b = getattr(nf, alias).__op__, getattr(nf, name).__op__
    assert a.dispatcher is b.dispatcher and a.cache is b.cache
    assert b.standard_name == alias


def test_alias_of_mismatched_parameters_is_refused() -> None:
    from numerics_fn._dispatch import op

    def stub(x: Any, y: Any, /, *, ctx: nf.Context | None = None) -> Any:
        """Two arrays where exp takes one."""

    with pytest.raises(TypeError, match="do not line up with exp's"):
        op(alias_of=nf.exp)(stub)


# --- dtypes ---------------------------------------------------------------------------------------
def test_tokens_hash_like_the_default_backends_dtypes() -> None:
    assert hash(nf.float64) == hash(np.dtype("float64"))
    assert {nf.int8: "i1"}[np.zeros(1, np.int8).dtype] == "i1"
    assert np.zeros(1).dtype in {nf.float64}
    assert nf.float32 == np.float32 and nf.float32 != nf.float64


def test_tokens_hash_like_torch_dtypes_when_torch_is_the_default() -> None:
    pytest.importorskip("torch")
    code = (
        "import sys, numerics_fn as nf\n"
        "before = 'torch' in sys.modules\n"
        "import torch\n"
        "print(before, {nf.float64: 'f8'}[torch.float64], nf.zeros(2).dtype == nf.float32, nf.current_context())"
    )
    out = _run(code, NUMERICS_FN_BACKEND="pytorch", NUMERICS_FN_PRECISION="float32")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [
        "False", "f8", "True", "Context(backend='pytorch',", "device=None,", "precision='float32')",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("var", "value", "match"),
    [
        ("NUMERICS_FN_BACKEND", "jax", "unknown backend 'jax'"),
        ("NUMERICS_FN_PRECISION", "float16", "precision 'float16'"),
    ],
)
def test_bad_environment_variables_fail_at_import(var: str, value: str, match: str) -> None:
    out = _run("import numerics_fn", **{var: value})
    assert out.returncode != 0
    assert match in out.stderr and "NUMERICS_FN_BACKEND/NUMERICS_FN_PRECISION" in out.stderr


def test_result_type_and_can_cast_follow_the_standard() -> None:
    assert nf.result_type(nf.uint8, nf.int8) == nf.int16
    assert nf.result_type(np.ones(2, np.float32), nf.complex64, 1.0) == nf.complex64
    assert nf.result_type(nf.int32, 2) == nf.int32
    assert nf.can_cast(nf.float32, nf.complex64) and not nf.can_cast(nf.float64, nf.complex64)
    assert not nf.can_cast(nf.bool, nf.int8) and nf.can_cast(np.zeros(2, np.uint8), nf.int16)
    with pytest.raises(ValueError, match="at least one array or dtype"):
        nf.result_type(1, 2.0)


def test_finfo_iinfo_isdtype() -> None:
    info = nf.finfo(nf.complex64)
    assert (info.bits, info.dtype, info.eps) == (32, nf.float32, float(np.finfo(np.float32).eps))
    assert isinstance(info.max, float) and info.smallest_normal == float(np.finfo(np.float32).smallest_normal)
    assert nf.iinfo(np.zeros(1, np.int16)).max == 32767 and nf.iinfo(nf.uint64).min == 0
    with pytest.raises(nf.UnsupportedTypeError, match="finfo: argument 'type' is int8, not a floating-point dtype"):
        nf.finfo(nf.int8)
    assert nf.isdtype(nf.uint16, "integral") and nf.isdtype(nf.float64, "numeric")
    assert not nf.isdtype(nf.bool, "numeric")
    with pytest.raises(ValueError, match="isdtype: kind 'floating' is not a dtype kind"):
        nf.isdtype(nf.float32, "floating")


# --- creation: device= and copy= ------------------------------------------------------------------
def test_device_and_copy_keywords(backend: str) -> None:
    with nf.use_backend(backend):
        x = nf.asarray([1.0, 2.0])
        assert nf.zeros(2, device=x.device).device == x.device
        y = nf.asarray(x, copy=True)
        y[0] = 5.0
        assert float(x[0]) == 1.0
        assert nf.asarray(x, copy=False) is x
    with pytest.raises(nf.DeviceError, match="zeros: device='cuda' cannot be used"):
        nf.zeros(2, device="cuda", ctx=nf.Context("numpy"))


def test_asarray_copy_false_refuses_a_needed_copy() -> None:
    with pytest.raises(ValueError, match="copy"):
        nf.asarray(np.arange(3), dtype=nf.float32, copy=False)


# --- nf.linalg and nf.fft on every backend ----------------------------------------------------------
def test_linalg_namespace_uses_the_standards_conventions(backend: str) -> None:
    x = on_backend(np.stack([SQUARE, 2 * SQUARE]), backend)
    # a tall matrix shows full_matrices=True; cuPyNumeric 26.6 gets one square (its SVD of a tall matrix
    # upsets the arrays its random generators make later in the process: tests/test_cupynumeric.py's)
    tall = SQUARE if backend == "cupynumeric" else A.T
    res = nf.linalg.svd(on_backend(tall, backend))
    assert type(res).__name__ == "SVDResult" and res.U is res[0]
    assert tuple(res.U.shape) == (tall.shape[0],) * 2  # full matrices
    want = np.trace(np.stack([SQUARE, 2 * SQUARE]), axis1=1, axis2=2)
    np.testing.assert_allclose(nf.to_numpy(nf.linalg.trace(x)), want)
    np.testing.assert_allclose(nf.to_numpy(nf.linalg.diagonal(x, offset=1))[1], 2 * np.diagonal(SQUARE, 1))
    eigh = nf.linalg.eigh(on_backend(SQUARE, backend))
    np.testing.assert_allclose(nf.to_numpy(eigh.eigenvalues), np.linalg.eigvalsh(SQUARE))
    eig = nf.linalg.eig(on_backend(SQUARE, backend))
    assert str(eig.eigenvalues.dtype).endswith("complex128")
    assert nf.linalg.qr(on_backend(SQUARE, backend)).R.shape == (3, 3)
    sign, logabsdet = nf.linalg.slogdet(on_backend(SQUARE, backend))
    np.testing.assert_allclose(float(sign) * math.exp(float(logabsdet)), np.linalg.det(SQUARE))
    assert nf.linalg.matmul is nf.matmul and nf.linalg.vector_norm is nf.vector_norm


FFT_CASES = [
    ("fft", (np.arange(8.0),), {"n": 6}), ("ifft", (np.arange(8.0) + 1j,), {"norm": "ortho"}),
    ("fftn", (A,), {"axes": (0, 1)}), ("ifftn", (A,), {"s": (4, 4), "axes": (0, 1)}), ("rfft", (A,), {"axis": 0}),
    ("irfft", (A + 0j,), {"n": 6}), ("rfftn", (A,), {}), ("irfftn", (A + 0j,), {"s": (3, 6), "axes": (0, 1)}),
    ("hfft", (A + 1j,), {}), ("ihfft", (A,), {"norm": "forward"}), ("fftshift", (A,), {"axes": 1}),
    ("ifftshift", (A,), {}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args", "kwargs"), FFT_CASES, ids=[c[0] for c in FFT_CASES])
def test_fft_matches_numpy(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], backend: str) -> None:
    got = getattr(nf.fft, name)(*(on_backend(a, backend) for a in args), **kwargs)
    assert nf.backend_of(got) == backend
    want = getattr(np.fft, name)(*args, **kwargs)
    assert nf.to_numpy(got).dtype == want.dtype
    np.testing.assert_allclose(nf.to_numpy(got), want, atol=1e-10)


def test_fft_frequencies_follow_the_context(backend: str) -> None:
    with nf.use_backend(backend, precision="float32"):
        got = nf.fft.fftfreq(5, d=0.5)
        assert nf.backend_of(got) == backend and nf.to_numpy(got).dtype == np.float32
        np.testing.assert_allclose(nf.to_numpy(nf.fft.rfftfreq(6)), np.fft.rfftfreq(6))


def test_every_backend_registers_every_extension_op(backend: str) -> None:
    from numerics_fn._dispatch import TAGS, backend_module, ops_in

    module = backend_module(backend)
    missing = []
    for entry in ops_in(fft):
        types = (TAGS[backend],) if entry.kind == "creation" else (module.ARRAY_TYPES[0],) * entry.n_arrays
        if entry.dispatcher.dispatch(*types) is None:
            missing.append(entry.name)
    assert missing == []


# --- foreign arrays: served through their own namespace ---------------------------------------------
def test_foreign_arrays_use_their_own_namespace() -> None:
    xps = pytest.importorskip("array_api_strict")
    x = xps.asarray([[3.0, 1.0], [1.0, 2.0]])
    out = nf.sum(x, axis=0)
    assert type(out) is type(x) and xps.all(out == xps.asarray([4.0, 3.0]))
    assert type(nf.std(x, correction=1)) is type(x)  # a keyword of the standard passes through
    assert type(nf.concatenate([x, x])) is type(x)  # NumPy's name: the namespace's concat
    assert type(nf.pow(x, 2.0)) is type(x)  # a Python number beside a foreign array is neutral
    assert type(nf.linalg.eigh(x).eigenvalues) is type(x)  # nf.linalg: the namespace's linalg extension
    assert type(nf.fft.fft(xps.astype(x, xps.complex128))) is type(x)
    assert type(x) in nf.sum.__op__.cache  # cached per type like any other signature


def test_foreign_arrays_do_not_mix_with_backends() -> None:
    xps = pytest.importorskip("array_api_strict")
    x = xps.asarray([1.0, 2.0])
    with pytest.raises(
        nf.MixedBackendError,
        match=r"add: argument 1 \(x2\) is a numpy.ndarray but argument 0 \(x1\) is a array_api_strict.Array; an "
        r"array served through its own __array_namespace__ does not mix",
    ):
        nf.add(x, np.ones(2))


def test_foreign_namespace_without_the_function() -> None:
    xps = pytest.importorskip("array_api_strict")
    with pytest.raises(nf.UnsupportedTypeError, match=r"kron: array_api_strict\.Array is served through its own"):
        nf.kron(xps.ones(2), xps.ones(2))


def test_foreign_option_the_namespace_lacks_is_passed_and_fails_loudly() -> None:
    xps = pytest.importorskip("array_api_strict")
    with pytest.raises(TypeError, match="ddof"):
        nf.std(xps.ones(3), ddof=1)  # NumPy's keyword: not the standard's, so not silently dropped


def test_catalogue_stubs_keep_the_standards_parameter_kinds() -> None:
    # positional-or-keyword options of the standard are positional-or-keyword here too
    assert list(inspect.signature(nf.clip).parameters)[:3] == ["x", "min", "max"]
    assert inspect.signature(nf.squeeze).parameters["axis"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


# --- torch: where torch's meaning differs from the standard's ----------------------------------------
def test_torch_follows_the_standard_where_torch_differs() -> None:
    torch = pytest.importorskip("torch")
    u = torch.tensor([1, 5, 3], dtype=torch.uint16)  # torch has few kernels for uint16: computed via int64
    assert nf.less(u, torch.tensor([2, 2, 7], dtype=torch.uint16)).tolist() == [True, False, True]
    assert nf.floor_divide(u, torch.tensor([2, 2, 2], dtype=torch.uint16)).dtype is torch.uint16
    assert nf.eye(2, dtype=nf.uint16, ctx=nf.Context("pytorch")).dtype is torch.uint16
    assert nf.arange(5, 1, ctx=nf.Context("pytorch")).shape == (0,)  # an empty range, not an error
    assert nf.arange(3, dtype=nf.uint32, ctx=nf.Context("pytorch")).tolist() == [0, 1, 2]
    assert torch.isnan(nf.sign(torch.tensor([math.nan, -2.0])))[0]  # torch.sign(nan) is 0
    assert nf.clip(torch.tensor([1.0, 3.0])).tolist() == [1.0, 3.0]  # no bounds: the values
    x = torch.ones(2, 3)
    assert nf.mean(x, axis=()).shape == (2, 3) and nf.vector_norm(-x, axis=()).tolist() == x.tolist()
    assert float(nf.prod(torch.tensor(3.0))) == 3.0
    assert (int(nf.max(u)), int(nf.argmax(u)), int(nf.count_nonzero(torch.zeros(3, dtype=torch.uint16)))) == (5, 1, 0)
    assert nf.cumulative_sum(torch.tensor([1, 2], dtype=torch.uint8)).dtype is torch.uint64  # NumPy's, not int64
    assert nf.all(torch.tensor([1, 2], dtype=torch.uint8)).dtype is torch.bool
    assert torch.isnan(nf.var(x, axis=(), correction=1)).all() and nf.std(x, axis=()).shape == (2, 3)
    assert nf.take(torch.tensor([10, 20, 30]), torch.tensor([-1, 0])).tolist() == [30, 10]
    with pytest.raises(ValueError, match="nonzero: a 0-d array"):
        nf.nonzero(torch.tensor(1.0))
    with pytest.raises(ValueError, match="expand_dims: axis"):
        nf.expand_dims(x, (0, 0))
    with pytest.raises(ValueError, match="vecdot: axis -1 has length 3 in x1 but 1 in x2"):
        nf.vecdot(x, torch.ones(2, 1))


def test_complex_expm1_of_a_zero_is_a_positive_zero(backend: str) -> None:
    x = nf.convert(np.array([complex(0.0, 0.0), complex(-0.0, 0.0), complex(-0.0, -0.0), complex(0.0, -0.0)]), backend)
    out = nf.to_numpy(nf.expm1(x))
    np.testing.assert_array_equal(out, np.zeros(4, dtype=np.complex128))
    assert not np.signbit(out.real).any()  # the standard: +0 + 0j (and its conjugate)
    assert np.signbit(out.imag).tolist() == [False, False, True, True]

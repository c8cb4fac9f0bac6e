"""The cuPyNumeric backend beyond the shared spec: conversions, mixed calls, random numbers,
the compositions of ops cuPyNumeric lacks, the `cpu_legate` runner and the scale-out example.

Runs in the test process after conftest's CPU set-up; the runner and the example run in
subprocesses (a forked child that uses cuPyNumeric would hang).
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf
from numerics_fn import cpu_legate

ROOT = Path(__file__).resolve().parent.parent
DTYPES = ("float32", "float64", "complex64", "complex128", "int64", "int32", "bool")


@pytest.fixture(scope="module")
def cn() -> Any:
    """The cupynumeric module; skipped (or failed, where required) when it cannot load."""
    require("cupynumeric")
    import cupynumeric

    return cupynumeric


@pytest.fixture(scope="module")
def torch() -> Any:
    require("pytorch")
    import torch

    return torch


def _data(dtype: str) -> np.ndarray:
    values = np.arange(12).reshape(3, 4) - 5 + (0.5j if dtype.startswith("complex") else 0)
    return (values > 0 if dtype == "bool" else values).astype(dtype)


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("NUMERICS_FN_BACKEND", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=240, check=False
    )


# --- conversions ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_cupynumeric_round_trip(cn: Any, dtype: str) -> None:
    x = _data(dtype)
    y = nf.convert(x, "cupynumeric")
    assert isinstance(y, cn.ndarray) and nf.backend_of(y) == "cupynumeric"
    back = nf.to_numpy(y)
    assert isinstance(back, np.ndarray) and back.dtype == x.dtype
    np.testing.assert_array_equal(back, x)
    assert nf.convert(y, "cupynumeric") is y  # already there: no copy


@pytest.mark.parametrize("dtype", DTYPES)
def test_cupynumeric_torch_round_trip(cn: Any, torch: Any, dtype: str) -> None:
    y = cn.asarray(_data(dtype))
    t = nf.convert(y, "pytorch")
    assert isinstance(t, torch.Tensor) and str(t.dtype) == f"torch.{dtype}"
    z = nf.convert(t, "cupynumeric")
    assert isinstance(z, cn.ndarray) and z.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(nf.to_numpy(z), _data(dtype))


def test_dlpack_both_ways(cn: Any) -> None:
    """The libraries exchange through DLPack directly (what zero-copy conversion relies on)."""
    torch = pytest.importorskip("torch")
    y = cn.asarray(_data("float64"))
    t = torch.from_dlpack(y)
    np.testing.assert_array_equal(t.numpy(), _data("float64"))
    z = cn.from_dlpack(torch.arange(4, dtype=torch.float64))
    assert isinstance(z, cn.ndarray)
    np.testing.assert_array_equal(np.asarray(z), np.arange(4.0))


def test_creation_makes_cupynumeric_arrays(cn: Any) -> None:
    with nf.use_backend("cupynumeric", precision="float32"):
        x = nf.zeros((2, 2))
        assert isinstance(x, cn.ndarray) and x.dtype == np.float32
        assert isinstance(nf.asarray(np.ones(3)), cn.ndarray)
    assert nf.get_backend("cupynumeric").float64 is np.float64


def test_device_must_be_what_legate_runs_on(cn: Any) -> None:
    import legate.core as legate

    gpus = legate.get_machine().count(legate.TaskTarget.GPU)
    ok, wrong = ("cuda", "cpu") if gpus else ("cpu", "cuda")
    assert isinstance(nf.zeros(2, ctx=nf.Context(backend="cupynumeric", device=ok)), cn.ndarray)
    with pytest.raises(nf.DeviceError, match=rf"cupynumeric: device '{wrong}' was asked for, but Legate"):
        nf.zeros(2, ctx=nf.Context(backend="cupynumeric", device=wrong))
    with pytest.raises(nf.DeviceError, match="cupynumeric: device"):
        nf.rng(0, ctx=nf.Context(backend="cupynumeric", device=wrong))
    # every creation function checks the device (empty, identity, ... did not)
    for name, args in (
        ("empty", (2,)), ("identity", (2,)), ("logspace", (0, 1, 3)), ("indices", ((2,),)), ("triu_indices", (2,)),
        ("tril_indices", (2,)), ("from_dlpack", (np.ones(2),)),
    ):  # fmt: skip
        with pytest.raises(nf.DeviceError, match="cupynumeric: device"):
            getattr(nf, name)(*args, ctx=nf.Context(backend="cupynumeric", device=wrong))


# --- mixed calls ----------------------------------------------------------------------------
def test_numpy_with_cupynumeric_gives_cupynumeric(cn: Any) -> None:
    a, b = np.arange(6.0).reshape(2, 3), np.ones((3, 2), dtype=np.float32)
    for result in (nf.matmul(a, cn.asarray(b)), nf.matmul(cn.asarray(a), b)):
        assert isinstance(result, cn.ndarray) and result.dtype == np.float64  # float64 kept, nothing downcast
        np.testing.assert_allclose(nf.to_numpy(result), a @ b)
    stacked = nf.stack([a, cn.asarray(a), [[0.0, 0, 0], [1, 1, 1]]])
    assert isinstance(stacked, cn.ndarray) and stacked.shape == (3, 2, 3)
    where = nf.where(a > 2, cn.asarray(a), 0.0)
    np.testing.assert_array_equal(nf.to_numpy(where), np.where(a > 2, a, 0.0))


def test_torch_with_cupynumeric_is_a_clear_error(cn: Any) -> None:
    torch = pytest.importorskip("torch")
    t, y = torch.ones(2, 2), cn.ones((2, 2))
    message = (
        r"matmul: argument 1 \(x2\) is a cupynumeric.ndarray but argument 0 \(x1\) is a torch.Tensor; torch and "
        r"cupynumeric arrays do not mix: convert one with nf.convert\(x, 'pytorch'\) or nf.convert\(x, 'cupynumeric'\)"
    )
    with pytest.raises(nf.MixedBackendError, match=message):
        nf.matmul(t, y)
    with pytest.raises(nf.MixedBackendError, match=r"arrays\[2\] is a torch.Tensor but arrays\[0\] is a cupynumeric"):
        nf.concatenate([y, np.ones((2, 2)), t])


# --- random ---------------------------------------------------------------------------------
def test_random_is_reproducible_for_a_seed(cn: Any) -> None:
    with nf.use_backend("cupynumeric"):
        first, second, other = nf.rng(7), nf.rng(7), nf.rng(8)
        assert nf.backend_of(first) == "cupynumeric"
        a, b = nf.normal(first, (4, 3)), nf.normal(second, (4, 3))
        assert isinstance(a, cn.ndarray) and a.dtype == np.float64
        np.testing.assert_array_equal(nf.to_numpy(a), nf.to_numpy(b))
        assert not np.array_equal(nf.to_numpy(a), nf.to_numpy(nf.normal(other, (4, 3))))
        np.testing.assert_array_equal(nf.to_numpy(nf.uniform(first, 5)), nf.to_numpy(nf.uniform(second, 5)))
        # cuPyNumeric alone takes seed 0 for "no seed" (a new stream each time); nf.rng(0) is reproducible.
        np.testing.assert_array_equal(nf.to_numpy(nf.normal(nf.rng(0), 3)), nf.to_numpy(nf.normal(nf.rng(0), 3)))
        with pytest.raises(ValueError, match=r"rng: argument 'seed' must be None or an int in \[0, 2\*\*64\), got -1"):
            nf.rng(-1)
        z = nf.normal(nf.rng(1), 20000, dtype="complex64")
        assert z.dtype == np.complex64
        assert abs(float(nf.var(nf.real(z))) - 0.5) < 0.03


def test_a_seed_gives_its_numbers_after_transposed_work(cn: Any) -> None:
    """cuPyNumeric fills an n-d sample in the order of the memory it gets: after a transposed array of the same
    size was freed, nf.rng(7) gave the same numbers in another order (the suite's test_random failed so)."""
    ctx = nf.Context(backend="cupynumeric")
    draws = {
        "normal": lambda g: nf.normal(g, (3, 4), ctx=ctx),
        "complex normal": lambda g: nf.normal(g, (3, 4), dtype="complex128", ctx=ctx),
        "uniform": lambda g: nf.uniform(g, (3, 4), ctx=ctx),
        "integers": lambda g: nf.integers(g, 0, 1000, (3, 4)),
    }
    before = {name: nf.to_numpy(draw(nf.rng(7, ctx=ctx))) for name, draw in draws.items()}
    rng = np.random.default_rng(2)
    for name, draw in draws.items():
        for shape in ((2, 4, 3), (2, 3, 4)):  # factorisations of transposes (3, 4) and (4, 3): arrays freed
            a = cn.asarray(rng.standard_normal(shape))
            nf.svd(a), nf.svd(a, full_matrices=True), nf.qr(a), nf.qr(a, mode="complete")
        np.testing.assert_array_equal(nf.to_numpy(draw(nf.rng(7, ctx=ctx))), before[name], err_msg=name)
        assert before[name].shape == (3, 4)


def test_choice_is_a_cupynumeric_composition(cn: Any) -> None:
    with nf.use_backend("cupynumeric"):
        g = nf.rng(3)
        perm = nf.to_numpy(nf.choice(g, 10, size=10, replace=False))
        assert sorted(perm.tolist()) == list(range(10))
        picks = nf.to_numpy(nf.choice(g, np.array([10.0, 20.0, 30.0]), size=(4000,), p=[0.0, 0.25, 0.75]))
        assert set(np.unique(picks)) <= {20.0, 30.0} and abs((picks == 30.0).mean() - 0.75) < 0.05
        weighted = nf.to_numpy(nf.choice(g, 5, size=2, p=[0.5, 0.5, 0.0, 0.0, 0.0], replace=False))
        assert sorted(weighted.tolist()) == [0, 1]
        assert nf.choice(g, 4).shape == ()
        np.testing.assert_array_equal(
            nf.to_numpy(nf.choice(nf.rng(5), 100, size=6)), nf.to_numpy(nf.choice(nf.rng(5), 100, size=6))
        )
        with pytest.raises(ValueError, match=r"choice: size 3 asks for 3 samples without replacement from 2"):
            nf.choice(g, 5, size=3, p=[0.5, 0.5, 0.0, 0.0, 0.0], replace=False)
        with pytest.raises(ValueError, match=r"choice: argument 'p' must be 3 non-negative probabilities"):
            nf.choice(g, 3, p=[0.5, 0.6, -0.1])


# --- compositions of ops cuPyNumeric lacks, beyond the spec's cases -------------------------------
@pytest.mark.parametrize(
    ("op", "args", "kwargs", "ref"),
    [
        ("kron", (np.arange(4.0).reshape(2, 2), np.arange(3.0)), {}, np.kron),
        ("kron", (np.ones((2, 1, 3)), np.arange(4).reshape(2, 2)), {}, np.kron),
        ("det", (np.random.default_rng(0).standard_normal((4, 5, 5)),), {}, np.linalg.det),
        ("det", (np.array([[1.0, 2.0], [2.0, 4.0]]),), {}, np.linalg.det),
        ("prod", (np.arange(1, 8) * (1 + 0.5j),), {}, np.prod),
        ("prod", (np.arange(1, 25).reshape(2, 3, 4) * 0.5j,), {"axis": (0, 2), "keepdims": True}, np.prod),
        ("prod", (np.ones((2, 3), dtype=np.float32),), {"axis": 1, "dtype": "complex128"}, np.prod),
        ("std", (np.arange(12.0).reshape(3, 4),), {"axis": 1, "ddof": 1, "keepdims": True}, np.std),
    ],
)
def test_composed_ops_match_numpy(cn: Any, op: str, args: tuple[Any, ...], kwargs: dict[str, Any], ref: Any) -> None:
    got = getattr(nf, op)(*(cn.asarray(a) for a in args), **kwargs)
    assert isinstance(got, cn.ndarray)
    want = ref(*args, **kwargs)
    assert got.shape == np.shape(want) and got.dtype == np.asarray(want).dtype
    np.testing.assert_allclose(nf.to_numpy(got), want, rtol=1e-10, atol=1e-12)


def test_complete_qr_of_a_tall_matrix(cn: Any) -> None:
    a = np.random.default_rng(1).standard_normal((5, 3))
    q, r = (nf.to_numpy(f) for f in nf.qr(cn.asarray(a), mode="complete"))
    assert q.shape == (5, 5) and r.shape == (5, 3)
    np.testing.assert_allclose(q @ r, a, atol=1e-12)
    np.testing.assert_allclose(q.T @ q, np.eye(5), atol=1e-12)
    np.testing.assert_array_equal(np.triu(r), r)
    r_alone = nf.qr(cn.asarray(a), mode="r")  # R alone, as NumPy's mode="r" (cuPyNumeric's qr takes no mode)
    assert nf.backend_of(r_alone) == "cupynumeric"
    np.testing.assert_allclose(np.abs(nf.to_numpy(r_alone)), np.abs(np.linalg.qr(a, mode="r")), atol=1e-12)
    with pytest.raises(ValueError, match=r"qr: mode='raw' is not supported; use 'reduced', 'complete' or 'r'"):
        nf.qr(cn.asarray(a), mode="raw")


def test_factorisations_of_stacks_and_empty_right_hand_sides(cn: Any) -> None:
    """svd and qr of a stack of matrices (cuPyNumeric factorises one at a time), lstsq whose b has no column (the
    rank is a's: the deep profile found it computed from uninitialised memory)."""
    rng = np.random.default_rng(2)
    for shape in ((2, 4, 3), (2, 3, 4)):
        a = rng.standard_normal(shape)
        s = nf.to_numpy(nf.svd(cn.asarray(a))[1])
        np.testing.assert_allclose(s, np.linalg.svd(a)[1], rtol=1e-12)
        u, s, vh = (nf.to_numpy(f) for f in nf.svd(cn.asarray(a), full_matrices=True))
        assert u.shape == (2, shape[1], shape[1]) and vh.shape == (2, shape[2], shape[2])
        np.testing.assert_allclose((u[..., : s.shape[-1]] * s[..., None, :]) @ vh[..., : s.shape[-1], :], a, atol=1e-12)
        for mode in ("reduced", "complete"):
            q, r = (nf.to_numpy(f) for f in nf.qr(cn.asarray(a), mode=mode))
            want_q, want_r = np.linalg.qr(a, mode=mode)
            assert q.shape == want_q.shape and r.shape == want_r.shape
            np.testing.assert_allclose(q @ r, a, atol=1e-12)
        np.testing.assert_allclose(np.abs(nf.to_numpy(nf.qr(cn.asarray(a), mode="r"))), np.abs(np.linalg.qr(a, "r")))
    x, residuals, rank, s = nf.lstsq(cn.asarray(np.ones((4, 3))), cn.asarray(np.ones((4, 0))))
    assert rank == 1 and nf.to_numpy(x).shape == (3, 0) and nf.to_numpy(residuals).shape == (0,)
    np.testing.assert_allclose(nf.to_numpy(s), np.linalg.svd(np.ones((4, 3)))[1], atol=1e-12)


# --- the runner and the example -------------------------------------------------------------------
_SCRIPT = """
import sys
import numerics_fn as nf
x = nf.normal(nf.rng(0), 4)
print(nf.current_context().backend, nf.backend_of(x), nf.to_numpy(x).tolist(), sys.argv[1:], sep="|")
sys.exit(3)
"""


def test_runner_runs_a_script_on_cupynumeric(cn: Any, tmp_path: Path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(_SCRIPT)
    done = _run("-m", "numerics_fn.cpu_legate", str(script), "a", "--b")
    assert done.returncode == 3, done.stderr  # the script's own exit status
    backend, owner, values, argv = done.stdout.rsplit("\n", 2)[-2].split("|")
    assert (backend, owner, argv) == ("cupynumeric", "cupynumeric", "['a', '--b']")
    # Same seed and same LEGATE_CONFIG (inherited from this process) as here: the same numbers.
    with nf.use_backend("cupynumeric"):
        assert values == str(nf.to_numpy(nf.normal(nf.rng(0), 4)).tolist())


def test_runner_runs_a_test_file(cn: Any, tmp_path: Path) -> None:
    (tmp_path / "test_probe.py").write_text(
        "import numerics_fn as nf\n\ndef test_on_cupynumeric():\n"
        "    assert nf.backend_of(nf.ones(2)) == 'cupynumeric'\n"
    )
    done = _run(
        "-m", "numerics_fn.cpu_legate", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_probe.py", cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_runner_usage() -> None:
    done = _run("-m", "numerics_fn.cpu_legate")
    assert done.returncode != 0 and "usage: python -m numerics_fn.cpu_legate" in done.stderr


def test_environment_for_a_child_process(cn: Any) -> None:
    env = cpu_legate.environment({"LEGATE_CONFIG": "--cpus 1 --sysmem 300"})
    if cpu_legate.driver_kind() == "driver":
        assert env == {"LEGATE_CONFIG": "--cpus 1 --sysmem 300"}  # a real driver: nothing to set up
        return
    assert env["LEGATE_CONFIG"] == "--cpus 1 --sysmem 300"  # the user's choice is kept
    assert env["LEGATE_AUTO_CONFIG"] == "0"
    first = env["LD_LIBRARY_PATH"].split(os.pathsep)[0]
    assert (Path(first) / "libcuda.so.1").exists()
    forced = cpu_legate.environment({"LEGATE_CONFIG": "--cpus 1"}, cpus=2, sysmem_mb=500)
    assert forced["LEGATE_CONFIG"] == "--cpus 2 --sysmem 500 --logging gpu=6"


@pytest.mark.slow
def test_scale_out_example_runs_under_legate_with_two_cpus(cn: Any) -> None:
    example = str(ROOT / "examples" / "scale_out_legate.py")
    on_legate = _run(
        "-m", "numerics_fn.cpu_legate", "--cpus", "2", "--sysmem", "1500", example, "--n", "300", "--steps", "20"
    )
    assert on_legate.returncode == 0, on_legate.stdout + on_legate.stderr
    on_numpy = _run(example, "--n", "300", "--steps", "20")
    assert on_numpy.returncode == 0, on_numpy.stdout + on_numpy.stderr
    assert "backend=cupynumeric" in on_legate.stdout and "backend=numpy" in on_numpy.stdout

    def checksum(out: str) -> float:
        return float(out.split("checksum=")[1].split(maxsplit=1)[0])

    assert checksum(on_legate.stdout) == pytest.approx(checksum(on_numpy.stdout), rel=1e-12)


def test_other_threads_get_a_clear_error_not_an_abort(cn: Any) -> None:
    code = (
        "import threading, numerics_fn as nf, numerics_fn.cpu_legate as c; c.setup()\n"
        "x = nf.asarray([1.0, 2.0], ctx=nf.Context(backend='cupynumeric'))\n"
        "out = []\n"
        "def work():\n"
        "    try:\n"
        "        nf.exp(x)\n"
        "    except nf.NumericsError as err:\n"
        "        out.append(str(err))\n"
        "t = threading.Thread(target=work, name='worker'); t.start(); t.join()\n"
        "print(out[0]); print(float(nf.sum(nf.exp(x))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "exp: cuPyNumeric work was issued from thread 'worker'" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == str(float(np.exp(1.0) + np.exp(2.0)))


def test_numpy_semantics_beyond_the_bounded_sample(cn: Any) -> None:
    """Special values the differential harness's bounded cuPyNumeric sample can miss (issue #15): NaN and
    complex order in extrema and sorts, integer power and shifts that wrap, complex expm1's special values."""
    nan, inf = np.nan, np.inf
    floats = np.array([3.0, nan, -1.0, inf, -0.5, nan, 2.0])
    complexes = np.array([1 + 2j, complex(1, nan), 1 - 1j, complex(nan, 0), -2 + 5j, complex(nan, nan), 1 + 2j])
    specials = np.array(
        [complex(inf, 0), complex(-0.0, -0.0), complex(-inf, inf), complex(inf, nan), complex(nan, -0.0), 1 + 2j]
    )
    ints = np.array([3, -2, 7, 0, 127], np.int8)
    checks: list[tuple[Any, tuple[Any, ...], Any]] = [
        (nf.max, (floats,), np.max), (nf.argmin, (floats,), np.argmin), (nf.max, (complexes,), np.max),
        (nf.argmax, (complexes,), np.argmax), (nf.min, (complexes.reshape(7, 1), 0), lambda a, ax: np.min(a, ax)),
        (nf.maximum, (floats, floats[::-1].copy()), np.maximum), (nf.sort, (floats,), np.sort),
        (nf.sort, (complexes,), np.sort), (nf.argsort, (complexes,), lambda a: np.argsort(a, stable=True)),
        (nf.less, (complexes, complexes[::-1].copy()), np.less),
        (nf.power, (np.abs(ints), np.array([9, 3, 5, 0, 2], np.uint8)), np.power),
        (nf.bitwise_left_shift, (ints, np.array([1, 8, 70, 3, 1], np.int64)), np.left_shift),
        (nf.bitwise_right_shift, (ints, np.array([9, 8, 1, 65, -1], np.int64)), np.right_shift),
        (nf.matmul, (ints.reshape(5, 1), ints.reshape(1, 5)), np.matmul),
    ]  # fmt: skip
    with np.errstate(all="ignore"):
        for fn, args, ref in checks:
            got = fn(*(cn.asarray(a) if isinstance(a, np.ndarray) else a for a in args))
            want = ref(*args)
            assert np.asarray(got).dtype == np.asarray(want).dtype, fn
            np.testing.assert_array_equal(np.asarray(got), want, err_msg=str(fn))
        got = np.asarray(nf.expm1(cn.asarray(specials)))
        want = np.asarray(nf.expm1(specials))  # the standard's special values, as on NumPy arrays
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got.real), np.signbit(want.real))
    np.testing.assert_array_equal(np.signbit(got.imag), np.signbit(want.imag))
    with pytest.raises(ValueError, match="negative integer powers"):
        nf.power(cn.asarray(ints), cn.asarray(ints))


def _same(got: Any, want: Any, what: str) -> None:
    """NumPy's value (each part of a complex one), dtype, shape and signs of zeros."""
    got, want = np.asarray(nf.to_numpy(got) if not isinstance(got, (bool, int, float)) else got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (what, got.dtype, want.dtype, got.shape, want.shape)
    np.testing.assert_array_equal(got, want, err_msg=what)
    if want.dtype.kind == "c":  # (a complex NaN equals any other: each part alone)
        np.testing.assert_array_equal(got.real, want.real, err_msg=f"{what}: real parts")
        np.testing.assert_array_equal(got.imag, want.imag, err_msg=f"{what}: imaginary parts")
    if want.dtype.kind in "fc":
        for g, w in ((got.real, want.real), (got.imag, want.imag)):
            zero = w == 0
            np.testing.assert_array_equal(np.signbit(g[zero]), np.signbit(w[zero]), err_msg=f"{what}: signs of zeros")


def test_numpy_answers_the_deep_profile_found(cn: Any) -> None:
    """Cases the harness's deep profile found cuPyNumeric's answers to differ on (issue #15)."""
    big, int8 = 2**64, np.array([1, -2, 3], np.int8)
    wide = np.array([[-1, 9223372036854775807, 5]], np.int64).T
    stack = np.array([[[2.0, 1, 0], [0, 3, 1], [1, 0, 4]], [[5.0, 1, 2], [1, 6, 0], [0, 2, 7]]])
    zero_diag = np.array([[-0.0, 1.0, 2.0], [3.0, -0.0, 4.0]])
    trig = np.array([0j, complex(-0.0, -0.0), complex(0.0, np.inf), complex(-0.0, np.nan), complex(np.nan, -0.0)])
    checks: list[tuple[str, Any, tuple[Any, ...], dict[str, Any], Any]] = [
        ("atan2 beside 2**64", nf.atan2, (int8, big), {}, np.arctan2),
        ("add float32 and 2**64", nf.add, (int8.astype(np.float32), big), {}, np.add),
        ("all of 0-d over axis 0", nf.all, (np.asarray(2.0),), {"axis": 0}, np.all),
        ("argmax of 0-d over axis -1", nf.argmax, (np.asarray(2),), {"axis": -1}, np.argmax),
        ("argmax of all-False bool", nf.argmax, (np.array([[False, True], [False, False]]),), {"axis": 0}, np.argmax),
        ("argmax of all-zero uint8", nf.argmax, (np.zeros((2, 3), np.uint8),), {"axis": 1}, np.argmax),
        ("count_nonzero over ()", nf.count_nonzero, (np.array([[0, 2], [3, 0]]),), {"axis": ()}, np.count_nonzero),
        ("count_nonzero keepdims", nf.count_nonzero, (np.ones((2, 0)),), {"keepdims": True}, np.count_nonzero),
        ("isclose equal_nan", nf.isclose, (np.array([np.nan, 1], np.float16), np.array([np.nan, 1.0])),
         {"equal_nan": True}, np.isclose),
        ("allclose equal_nan", nf.allclose, (np.array([np.nan, 1.0]), np.array([np.nan, 1.0])),
         {"equal_nan": True}, lambda a, b, equal_nan: bool(np.allclose(a, b, equal_nan=equal_nan))),
        ("inner bool int8", nf.inner, (np.array([[True, False, True]]), int8), {}, np.inner),
        ("einsum int8 uint8", nf.einsum, ("ij,jk->ik", int8.reshape(1, 3), np.array([[200], [7], [9]], np.uint8)),
         {}, np.einsum),
        ("einsum trace int16", nf.einsum, ("ii", np.arange(9, dtype=np.int16).reshape(3, 3)), {}, np.einsum),
        ("isin int32", nf.isin, (np.array([-1, 2, 0, 4], np.int32), np.array([4, 1, -1], np.int32)), {}, np.isin),
        ("bincount bool", nf.bincount, (np.array([True, False, True]),), {}, np.bincount),
        ("cos zero signs", nf.cos, (trig,), {}, np.cos),
        ("cosh zero signs", nf.cosh, (trig,), {}, np.cosh),
        ("diag keeps -0.0", nf.diag, (zero_diag,), {}, np.diag),
        ("histogram int32", nf.histogram, (np.array([-3, 0, 1, 1, 7, 2], np.int32),), {"bins": 4},
         lambda a, bins: np.histogram(a, bins)),
        ("floor_divide uint64 int32", nf.floor_divide, (np.array([2**64 - 1], np.uint64), np.array([-(2**31 - 1)], np.int32)),
         {}, np.floor_divide),
        ("less int64 uint64", nf.less, (wide, np.array([9223372036854775808, 5], np.uint64)), {}, np.less),
        ("equal uint64 int64", nf.equal, (np.array([9223372036854775807], np.uint64), wide), {}, np.equal),
        ("inv of a stack", nf.inv, (stack,), {}, np.linalg.inv),
        ("inv of 0x0", nf.inv, (np.empty((0, 0)),), {}, np.linalg.inv),
        ("matrix_rank of 0x0", nf.matrix_rank, (np.empty((0, 0)),), {}, np.linalg.matrix_rank),
        ("max of -inf only", nf.max, (np.array([[-np.inf, 1], [-np.inf, -np.inf]], np.float16),), {"axis": 1}, np.max),
        ("max over ()", nf.max, (np.array([-np.inf, 2.0], np.float32),), {"axis": ()}, np.max),
        ("nanmax of NaN only", nf.nanmax, (np.array([[np.nan, np.nan], [np.nan, -np.inf]]),), {"axis": 1},
         np.nanmax),
        ("nansum over ()", nf.nansum, (np.array([True, False]),), {"axis": ()}, np.nansum),
        ("max of complex, real parts -inf", nf.max, (np.array([complex(-np.inf, 1), complex(-np.inf, 2)]),), {},
         np.max),
        ("sign, tan, tanh of infinities", lambda z: nf.stack([nf.sign(z), nf.tan(z), nf.tanh(z)]),
         (np.array([complex(np.inf, 0.0), complex(-np.inf, -0.0), complex(0.0, np.inf), complex(np.nan, -0.0)]),), {},
         lambda z: np.stack([np.sign(z), np.tan(z), np.tanh(z)])),
        ("nan_to_num and sqrt zero signs", lambda z: nf.stack([nf.nan_to_num(z), nf.sqrt(z)]),
         (np.array([complex(-0.0, -0.0), complex(np.nan, -0.0)], np.complex64),), {},
         lambda z: np.stack([np.nan_to_num(z), np.sqrt(z)])),
        ("round of int64 extremes", nf.round, (np.array([2**63 - 1, -(2**63) + 1], np.int64),), {}, np.round),
        ("where beside a float", nf.where, (np.array([1, 0], np.int8), np.ones(2, np.float32), 2.5), {}, np.where),
        ("quantile of data with NaN", nf.quantile, (np.array([1.0, np.nan, 3.0]), 0.3), {}, np.quantile),
        ("reciprocal of integer 0", nf.reciprocal, (np.array([0, 1, -1], np.int32),), {}, np.reciprocal),
        ("log2 of 0 and infinities", nf.log2, (trig[:3] * np.array([1, 1, 1 + 1j]),), {}, np.log2),
        ("log1p zero sign", nf.log1p, (trig[:2],), {}, np.log1p),
        ("clip beyond uint8", nf.clip, (np.array([0, 7, 255], np.uint8), -1), {}, lambda a, lo: np.clip(a, lo, None)),
        ("clip of complex, no bounds", nf.clip, (trig[:2],), {}, lambda x: np.clip(x, None, None)),
        ("complex exp2 of special values", nf.exp2, (np.array([complex(np.inf, 0), complex(np.inf, -0.0),
         complex(1, -0.0), complex(-np.inf, -1), complex(np.nan, 0), complex(np.inf, 1), complex(-np.inf, -np.inf)]),),
         {}, np.exp2),
        ("complex min over axes given in reverse: NumPy's first NaN", nf.min,
         (np.array([[1 + 1j, complex(np.nan, 1)], [complex(2, np.nan), 0j]]),), {"axis": (1, 0)}, np.min),
        ("complex exp of -inf and an infinite part", nf.exp,
         (np.array([complex(-np.inf, -np.inf), complex(-np.inf, np.inf)]),), {}, np.exp),
        ("index_update with NumPy values", nf.index_update, (np.zeros(3), [0, 2], np.array([7.0, 8.0])), {},
         lambda x, i, v: np.array([7.0, 0.0, 8.0])),
    ]  # fmt: skip
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's "All-NaN slice"
        for what, fn, args, kwargs, ref in checks:
            got = fn(*(cn.asarray(a) if isinstance(a, np.ndarray) else a for a in args), **kwargs)
            want = ref(*args, **kwargs)
            for g, w in zip(got, want) if isinstance(want, tuple) else ((got, want),):
                _same(g, w, what)
    for fn, args, error in (
        (nf.add, (int8, big), OverflowError),
        (nf.less, (np.array([True]), 2**63), OverflowError),
        (nf.logical_and, (2**63, np.ones(2)), OverflowError),
        (nf.inv, (np.eye(2, dtype=np.float16),), TypeError),
        (nf.cond, (np.empty((0, 0)),), np.linalg.LinAlgError),
        (nf.clip, (np.array([True]), None, None), TypeError),
    ):
        with pytest.raises(error):
            ref_fn = getattr(np.linalg, fn.__name__, None) or getattr(np, fn.__name__)
            with pytest.raises(error):
                ref_fn(*args)  # NumPy's own error first
            fn(*(cn.asarray(a) if isinstance(a, np.ndarray) else a for a in args))
    with pytest.raises(np.exceptions.AxisError):  # as NumPy's vector_norm (its sum takes axis 0 of a 0-d array)
        np.linalg.vector_norm(np.asarray(2.0), axis=0)
    with pytest.raises(np.exceptions.AxisError):
        nf.vector_norm(cn.asarray(np.asarray(2.0)), axis=0)
    with pytest.raises(ValueError, match="out of bounds"):
        nf.unravel_index(cn.asarray(np.array([12])), (3, 4))
    shuffled = nf.permutation(nf.rng(0, ctx=nf.Context(backend="cupynumeric")), np.arange(6.0))
    assert nf.backend_of(shuffled) == "cupynumeric"  # NumPy data beside a cuPyNumeric generator goes there
    with pytest.raises(TypeError, match="at most 2 values"):  # NumPy: TypeError; cuPyNumeric: ValueError
        nf.arange(4, dtype="bool", ctx=nf.Context(backend="cupynumeric"))


_DOT_SCRIPT = """
import numpy as np
import numerics_fn as nf
nf.sum(nf.convert(np.ones(3), "cupynumeric"))  # cuPyNumeric, and Legate's libraries, loaded before torch is used
import torch
a = np.array([1 + 2j, 3 - 1j, 2j])
t = torch.from_numpy(a)
got = [complex(f(t, t)) for f in (torch.dot, torch.vdot, torch.inner, torch.matmul)]
want = [complex(f(a, a)) for f in (np.dot, np.vdot, np.inner, np.matmul)]
print(got == want, got, want)
"""


def test_torch_complex_dot_products_right_after_cupynumeric_loads(cn: Any, torch: Any, tmp_path: Path) -> None:
    # Legate's BLAS, loaded first, bound torch's complex dot symbols and made them return 0.
    script = tmp_path / "dots.py"
    script.write_text(_DOT_SCRIPT)
    done = _run("-m", "numerics_fn.cpu_legate", str(script))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("True"), done.stdout

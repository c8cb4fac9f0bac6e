"""cuPyNumeric on two Legate ranks: one script, two cooperating processes, results equal to NumPy's.

The runs use the second environment (``make install-multirank``: Legate 26.1.0, built with networking,
Open MPI, UCX; docs/scaling.md), started as ``python -m numerics_fn.cpu_legate --ranks 2 ...``. Its Python
is ``$NUMERICS_FN_MULTIRANK_PYTHON``, else ``.venv-multirank/bin/python``. Where it is absent these tests
skip, unless ``NUMERICS_FN_REQUIRE_MULTIRANK=1`` (set by ``make test``): then they fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from numerics_fn import cpu_legate

ROOT = Path(__file__).resolve().parent.parent
MULTIRANK_PYTHON = Path(os.environ.get("NUMERICS_FN_MULTIRANK_PYTHON") or ROOT / ".venv-multirank" / "bin" / "python")
REQUIRED = os.environ.get("NUMERICS_FN_REQUIRE_MULTIRANK", "") not in ("", "0")
N = 256  # large enough for Legate to split the arrays between the ranks
RUN_TIMEOUT = 500  # seconds for one multi-rank run: the start-up of two ranks grows with the machine's load


def _child_env() -> dict[str, str]:
    """This environment without the Legate and numerics_fn settings this process made for itself."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("LEGATE_", "NUMERICS_FN_", "REALM_", "UCX_"))}


def run_ranks(ranks: int, *args: str, python: Path | str = MULTIRANK_PYTHON) -> subprocess.CompletedProcess[str]:
    """``python -m numerics_fn.cpu_legate --ranks R --cpus 1 --sysmem 1000 ARGS`` from the repository root."""
    command = [str(python), "-m", "numerics_fn.cpu_legate", "--ranks", str(ranks), "--cpus", "1", "--sysmem", "1000"]
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=_child_env(), capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
    )


@pytest.fixture(scope="module")
def multirank_python() -> Path:
    """The second environment's Python; skipped (or failed, where required) when it is not installed."""
    if MULTIRANK_PYTHON.exists():
        return MULTIRANK_PYTHON
    reason = f"the multi-rank environment is not installed ({MULTIRANK_PYTHON} is missing; `make install-multirank`)"
    if REQUIRED:
        pytest.fail(f"{reason}, and NUMERICS_FN_REQUIRE_MULTIRANK requires it")
    pytest.skip(reason)


def expected(n: int) -> dict[str, Any]:
    """tests/multirank_check.py's computation, with NumPy."""
    a = np.arange(n * n, dtype=np.float64).reshape(n, n) / (n * n)
    b = np.sin(a) * 2.0 + np.exp(-a)
    c = b @ a.T + np.ones((n, n))
    inner = b[1:-1, 2:]
    inner[0, :] = -1.0
    small = b[:4, :3]
    return {
        "sum_b": b.sum(),
        "mean_b_axis0": b.mean(axis=0),
        "max_b": b.max(),
        "c": c,
        "inner_sum": inner.sum(),
        "inner_shape": list(inner.shape),
        "small": small,
        "gradient": np.cos(small) * small + np.sin(small) + 2 * small,
    }


@pytest.fixture(scope="module")
def two_rank_records(multirank_python: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The records of tests/multirank_check.py run on two ranks, rank 0's first."""
    out = tmp_path_factory.mktemp("ranks")
    done = run_ranks(2, "tests/multirank_check.py", str(out), str(N), python=multirank_python)
    assert done.returncode == 0, done.stdout + done.stderr
    files = sorted(out.glob("rank*.json"))
    assert [f.name for f in files] == ["rank0.json", "rank1.json"], done.stdout + done.stderr
    return [json.loads(f.read_text()) for f in files]


@pytest.mark.slow
@pytest.mark.timeout(RUN_TIMEOUT + 60)
def test_legate_joined_two_ranks(two_rank_records: list[dict[str, Any]]) -> None:
    assert [r["rank"] for r in two_rank_records] == [0, 1]
    assert all(r["ranks"] == 2 for r in two_rank_records)
    assert two_rank_records[0]["pid"] != two_rank_records[1]["pid"]
    assert all(r["backends"] == ["cupynumeric"] for r in two_rank_records)


@pytest.mark.slow
@pytest.mark.timeout(RUN_TIMEOUT + 60)
def test_both_ranks_computed_pieces_of_the_same_array(two_rank_records: list[dict[str, Any]]) -> None:
    pids = {r["pid"] for r in two_rank_records}
    where = [np.array(r["where"]) for r in two_rank_records]
    np.testing.assert_array_equal(where[0], where[1])  # one array, seen alike from both ranks
    values, counts = np.unique(where[0], return_counts=True)
    assert set(values.tolist()) == pids, f"processes that computed parts: {values}, ranks: {pids}"
    assert counts.min() >= N * N // 4, f"a lopsided split: {dict(zip(values.tolist(), counts.tolist()))}"


@pytest.mark.slow
@pytest.mark.timeout(RUN_TIMEOUT + 60)
@pytest.mark.parametrize("rank", [0, 1])
def test_results_equal_numpy_on_every_rank(two_rank_records: list[dict[str, Any]], rank: int) -> None:
    got, want = two_rank_records[rank], expected(N)
    for key in ("sum_b", "max_b", "inner_sum"):
        assert got[key] == pytest.approx(want[key], rel=1e-12), key
    assert got["inner_shape"] == want["inner_shape"]
    for key in ("mean_b_axis0", "c", "small"):
        np.testing.assert_allclose(np.array(got[key]), want[key], rtol=1e-12, err_msg=key)


@pytest.mark.slow
@pytest.mark.timeout(RUN_TIMEOUT + 60)
def test_gradient_through_the_torch_mirrors_on_two_ranks(two_rank_records: list[dict[str, Any]]) -> None:
    want = expected(N)["gradient"]
    for record in two_rank_records:
        assert record["gradient_warnings"] == []  # exact autodiff, no finite-difference fallback
        np.testing.assert_allclose(np.array(record["gradient"]), want, rtol=1e-13, atol=1e-14)


@pytest.mark.slow
@pytest.mark.timeout(RUN_TIMEOUT + 60)
def test_scale_out_example_on_two_ranks(multirank_python: Path) -> None:
    args = ("examples/scale_out_legate.py", "--n", "400", "--steps", "5")
    done = run_ranks(2, *args, python=multirank_python)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("backend=")]
    assert len(lines) == 1 and "backend=cupynumeric ranks=2 " in lines[0], done.stdout + done.stderr
    env = {**_child_env(), "NUMERICS_FN_BACKEND": "numpy"}
    on_numpy = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )

    def checksum(out: str) -> float:
        return float(out.split("checksum=")[1].split(maxsplit=1)[0])

    assert "backend=numpy ranks=1 " in on_numpy.stdout
    assert checksum(lines[0]) == pytest.approx(checksum(on_numpy.stdout), rel=1e-12)


def test_several_ranks_need_a_legate_with_networking() -> None:
    try:
        networks = cpu_legate.legate_networks()
    except cpu_legate.CpuSetupError as err:
        pytest.skip(str(err))
    if networks:
        pytest.skip(f"this environment's Legate has networking ({networks}); the refusal cannot show here")
    done = run_ranks(2, "-c", "pass", python=sys.executable)
    assert done.returncode == 2
    assert "needs a Legate built with networking" in done.stderr and "make install-multirank" in done.stderr


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_ranks_needs_a_positive_integer(value: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "numerics_fn.cpu_legate", "--ranks", value, "x.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0 and "--ranks needs a positive integer" in done.stderr


def test_ranks_share_the_machine_by_default() -> None:
    def numbers(config: str) -> tuple[int, int]:
        words = config.split()
        return int(words[words.index("--cpus") + 1]), int(words[words.index("--sysmem") + 1])

    cores = len(os.sched_getaffinity(0))
    cpus_one, sysmem_one = numbers(cpu_legate.default_legate_config())
    cpus_two, sysmem_two = numbers(cpu_legate.default_legate_config(ranks=2))
    assert (cpus_one, cpus_two) == (max(1, cores - 1), max(1, (cores - 1) // 2))
    assert sysmem_two == max(256, sysmem_one // 2)
    assert cpu_legate.default_legate_config(cpus=3, sysmem_mb=700, ranks=2) == "--cpus 3 --sysmem 700 --logging gpu=6"


def test_ranks_need_open_mpis_mpirun(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))  # no mpirun beside it
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(cpu_legate.CpuSetupError, match="needs mpirun, found neither"):
        cpu_legate._mpirun()
    fake = tmp_path / "mpirun"
    fake.write_text("#!/bin/sh\necho 'HYDRA build details:'\n")
    fake.chmod(0o755)
    with pytest.raises(cpu_legate.CpuSetupError, match=r"is not Open MPI .*'HYDRA build details:'"):
        cpu_legate._mpirun()
    fake.write_text("#!/bin/sh\necho 'mpirun (Open MPI) 5.0.11'\n")
    assert cpu_legate._mpirun() == fake

"""The benchmark CLI runs end to end in quick mode and writes every section (no speed is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_quick_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    done = subprocess.run(
        [sys.executable, "-m", "numerics_fn", "bench", "--quick", "--json", str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "overhead 1/" in done.stderr  # progress is shown
    results = json.loads(out.read_text())
    assert {"machine", "overhead", "forms", "import", "circuit", "namespace", "value_and_grad", "memory"} <= set(
        results
    )

    rows = results["overhead"]["rows"]
    ops = {(r["backend"], r["op"]) for r in rows}
    assert {("numpy", op) for op in ("exp", "sum", "matmul", "einsum", "reshape", "zeros")} <= ops
    if results["overhead"]["pytorch_unavailable"] is None:
        assert ("pytorch", "zeros") in ops and ("numpy+pytorch", "matmul") in ops
    for r in rows:
        assert isinstance(r["numerics_fn_ns"], float) and r["target_ns"] in (100.0, 150.0, 200.0)
        assert r["multipledispatch_ns"] is not None or r["op"] == "zeros"

    imports = results["import"]
    assert imports["torch_imported"] is False and imports["cupynumeric_imported"] is False
    assert imports["overhead_ms"] > 0 and imports["numpy_ms"] > 0

    circuit = results["circuit"]
    assert circuit["numpy"]["ratio"] > 0 and circuit["n_qubits"] == 10

    forms = {(r["backend"], r["op"]) for r in results["forms"]["rows"]}  # every call form of issue 14
    for form in ("zeros dtype=", "sum axis=", "sum keepdims=", "zeros device=", "exp ctx=", "asarray", "K.exp",
                 "K.einsum", "K.reshape", "K.array", "K.zeros"):  # fmt: skip
        assert ("numpy", form) in forms
        assert ("pytorch", form) in forms or results["forms"]["pytorch_unavailable"] is not None
    assert all(r["target_ns"] == 100.0 and isinstance(r["numerics_fn_ns"], float) for r in results["forms"]["rows"])
    namespace = results["namespace"]
    assert namespace["numpy"]["ratio"] > 0 and namespace["ops_per_gate"] == 4

    grads = results["value_and_grad"]
    assert "available" in grads
    if grads["available"]:
        assert [s["n"] for s in grads["sizes"]] == [10, 100]
        assert all(s["value_and_grad_max_error"] < 1e-8 for s in grads["sizes"])

    memory = results["memory"]
    assert memory["numpy"]["peak_rss_mib"] > 0 and memory["numerics_fn"]["peak_rss_mib"] > 0


def test_bench_rejects_an_unknown_section(tmp_path: Path) -> None:
    from numerics_fn._bench import main

    with pytest.raises(SystemExit) as exc:
        main(["--only", "overhead,nonsense", "--json", str(tmp_path / "x.json")])
    assert exc.value.code == 2

"""The command line: info and the generated catalogue table."""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _run(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "numerics_fn", *args], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout


def test_info_lists_backends_and_context() -> None:
    out = _run("info")
    for name in ("numpy", "pytorch", "cupynumeric"):
        assert f"\n{name} " in out
    assert "context in force: Context(backend='numpy', device=None, precision='float64')" in out
    from numerics_fn._dispatch import FastOp

    assert ("dispatch fast path: C" in out) is (FastOp is not None)  # says which fast path runs


def test_docs_ops_table_is_current() -> None:
    from numerics_fn.__main__ import ops_table

    assert (ROOT / "docs" / "ops.md").read_text() == ops_table(), "regenerate: python -m numerics_fn ops > docs/ops.md"

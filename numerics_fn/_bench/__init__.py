"""``python -m numerics_fn bench``: is dispatch nearly free? One run measures, interleaving variants:

- per-call overhead over the direct library call (4x4 float64; NumPy, torch CPU, mixed), beside
  autoray and a bare multipledispatch Dispatcher where installed;
- the call forms real code uses (keywords, ``ctx=``, ``asarray`` of an array already right, the methods
  of ``K = nf.get_backend(name)``), each against its direct call;
- ``import numerics_fn`` time over ``import numpy``, and that torch / cupynumeric stay unimported;
- a 10-qubit, 1,000-gate state-vector circuit through nf against NumPy and torch directly, and the
  same circuit in the seed's style through a Backend namespace (``K.array``, ``K.reshape``, ``K.einsum``);
- ``value_and_grad`` at n = 100 and 10,000 against central finite differences;
- peak memory of a 4000 x 4000 float64 matmul through nf against NumPy.

Prints a table, writes JSON (``--json``), and with ``--plot`` a PNG of the overheads.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from ._timing import CLOCKS, progress

__all__ = ["SECTIONS", "main"]

SECTIONS = ("overhead", "forms", "import", "circuit", "namespace", "grad", "memory")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m numerics_fn bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="tiny repeat counts and sizes (a smoke test, not numbers)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--rounds", type=int, help="rounds per overhead case (default 101; --quick 3)")
    parser.add_argument(
        "--clock", choices=tuple(CLOCKS), default="cpu", help="cpu: process CPU time (default); wall: elapsed time"
    )
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results/bench.json"), help="where to write JSON")
    parser.add_argument(
        "--plot", type=Path, nargs="?", const=Path("benchmarks/results/overhead.png"), help="write a PNG chart"
    )
    return parser


def run(sections: tuple[str, ...], quick: bool, rounds: int | None, clock_name: str = "cpu") -> dict[str, Any]:
    """Measure ``sections``; returns the JSON document."""
    from . import forms, overhead, workloads

    clock = CLOCKS[clock_name]
    results: dict[str, Any] = {"machine": workloads.describe_machine(), "quick": quick, "clock": clock_name}
    started = time.perf_counter()
    if "overhead" in sections:
        results["overhead"] = overhead.measure(rounds or (3 if quick else 101), 2e-4 if quick else 2e-3, clock)
    if "forms" in sections:
        results["forms"] = forms.measure(rounds or (3 if quick else 101), 2e-4 if quick else 2e-3, clock)
    if "import" in sections:
        results["import"] = workloads.import_time(3 if quick else 31, clock_name)
    if "circuit" in sections:
        results["circuit"] = workloads.circuit(2 if quick else 21, clock, n_gates=100 if quick else 1000)
    if "namespace" in sections:
        results["namespace"] = workloads.namespace_circuit(2 if quick else 21, clock, n_gates=100 if quick else 1000)
    if "grad" in sections:
        sizes = (10, 100) if quick else (100, 10_000)
        results["value_and_grad"] = workloads.gradients(sizes, 2 if quick else 7, clock, prefer_script=not quick)
    if "memory" in sections:
        results["memory"] = workloads.peak_memory(300 if quick else 4000, 1 if quick else 3)
    results["seconds"] = time.perf_counter() - started
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; 0 on success, 2 when ``--plot`` was asked but matplotlib is missing."""
    from .report import plot, table

    ns = _parser().parse_args(argv)
    sections = tuple(s.strip() for s in ns.only.split(",") if s.strip())
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        _parser().error(f"--only: unknown section(s) {', '.join(sorted(unknown))}; use {', '.join(SECTIONS)}")
    progress(f"benchmarks: {', '.join(sections)}{' (quick)' if ns.quick else ''}")
    results = run(sections, ns.quick, ns.rounds, ns.clock)
    print(table(results))
    ns.json.parent.mkdir(parents=True, exist_ok=True)
    ns.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"JSON: {ns.json}")
    if ns.plot is not None:
        try:
            plot(results, ns.plot)
        except ImportError:
            print("--plot needs matplotlib: pip install 'numerics_fn[bench]'", file=sys.stderr)
            return 2
        print(f"chart: {ns.plot}")
    return 0

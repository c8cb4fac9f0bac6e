"""Timing helpers: interleaved variants, many rounds, medians; fresh subprocesses."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = ["interleaved", "median", "median_difference", "median_ratio", "per_call_number", "progress", "run_python"]

#: The clocks a run can use, by name. "cpu" (the default) counts only this process's CPU time, so
#: other processes on a shared machine inflate it far less than the "wall" clock.
CLOCKS: Mapping[str, Callable[[], float]] = MappingProxyType({"cpu": time.process_time, "wall": time.perf_counter})

#: The folder that holds the ``numerics_fn`` package, so subprocesses import this same copy.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def progress(message: str) -> None:
    """One progress line on stderr (the table and the JSON path go to stdout)."""
    print(f"  .. {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    """The median of ``values``."""
    return float(statistics.median(values))


def median_difference(values: list[float], baseline: list[float]) -> float:
    """The median over rounds of ``values[r] - baseline[r]`` (paired: both timed in round r)."""
    return median([v - b for v, b in zip(values, baseline, strict=True)])


def median_ratio(values: list[float], baseline: list[float]) -> float:
    """The median over rounds of ``values[r] / baseline[r]``."""
    return median([v / b for v, b in zip(values, baseline, strict=True)])


def per_call_number(timer: timeit.Timer, target_s: float) -> int:
    """How many calls make one measurement last about ``target_s`` seconds."""
    number, elapsed = 1, 0.0
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= target_s / 10 or number >= 1 << 20:
            break
        number *= 10
    return max(1, int(number * target_s / max(elapsed, 1e-9)))


def interleaved(variants: Mapping[str, Callable[[int], float]], rounds: int, number: int) -> dict[str, list[float]]:
    """Seconds per call of each variant in each round.

    Every round times every variant once (``number`` calls), rotating the order so that no
    variant always runs first; comparing variants round by round cancels the machine's drift.
    """
    names = list(variants)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(variants[name](number) / number)
    return times


def run_python(code: str, env: Mapping[str, str] | None = None, timeout: float = 600) -> Any:
    """Run ``code`` in a fresh interpreter that imports this numerics_fn; return its printed JSON."""
    full_env = dict(os.environ if env is None else env)
    full_env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_ROOT, full_env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])

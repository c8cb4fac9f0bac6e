"""Run by tests/test_multirank.py on several Legate ranks: ``cpu_legate --ranks R multirank_check.py OUT N``.

Every rank runs this whole script (Legate replicates the Python program and splits the arrays between
the ranks). Arrays are created through nf under a cuPyNumeric Context, computed on with nf operations,
and each rank writes ``OUT/rank<i>.json``: the results as plain lists, how many ranks Legate joined,
its own process id, and, from a Legate task aligned with the computed array, which process computed
each element. The test compares the results with NumPy's and checks that every process computed a part.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from legate.core import align, get_legate_runtime
from legate.core.task import InputArray, OutputArray, task

import numerics_fn as nf


@task(constraints=(align("values", "where"),))
def record_process(values: InputArray, where: OutputArray) -> None:
    """Fill each element of ``where`` with the id of the process that holds it (the ``values`` partition)."""
    np.asarray(where)[...] = os.getpid()


def plain(value: Any) -> Any:
    """A result as JSON-ready floats and lists (gathered on this rank)."""
    return nf.to_numpy(value).tolist()


def compute(n: int) -> dict[str, Any]:
    """The computation the test repeats with NumPy (``tests/test_multirank.py``, ``expected``)."""
    ctx = nf.Context(backend="cupynumeric")
    a = nf.reshape(nf.arange(n * n, dtype=nf.float64, ctx=ctx), (n, n)) / (n * n)
    b = nf.sin(a) * 2.0 + nf.exp(-a)
    with nf.use_backend(ctx):
        ones = nf.ones((n, n))
    c = nf.matmul(b, nf.transpose(a)) + ones
    inner = b[1:-1, 2:]
    inner[0, :] = -1.0
    small = b[:4, :3]

    def energy(x: Any) -> Any:
        return nf.sum(nf.sin(x) * x) + nf.sum(x * x)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gradient = nf.grad(energy)(small)
    where = nf.zeros((n, n), dtype=nf.int64, ctx=ctx)
    record_process(b, where)
    return {
        "backends": sorted({nf.backend_of(x) for x in (a, b, c, inner, ones, gradient, where)}),
        "sum_b": float(nf.sum(b)),
        "mean_b_axis0": plain(nf.mean(b, axis=0)),
        "max_b": float(nf.max(b)),
        "c": plain(c),
        "inner_sum": float(nf.sum(inner)),
        "inner_shape": list(inner.shape),
        "small": plain(small),
        "gradient": plain(gradient),
        "gradient_warnings": [str(w.message) for w in caught],
        "where": plain(where),
    }


def main(argv: list[str]) -> int:
    """Compute, then write this rank's record to ``argv[0]/rank<i>.json`` (``argv[1]``: the side N)."""
    out, n = Path(argv[0]), int(argv[1])
    results = compute(n)
    runtime = get_legate_runtime()
    results.update(ranks=runtime.node_count, rank=runtime.node_id, pid=os.getpid())
    (out / f"rank{runtime.node_id}.json").write_text(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

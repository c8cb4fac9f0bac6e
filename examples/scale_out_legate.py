"""Heat diffusion on an N x N plate: one script for NumPy, one CPU core pool, GPUs or a cluster.

What it shows: numerics_fn code written once (creation through the Context, array slicing and
operators, ``nf`` reductions) runs unchanged on NumPy or on cuPyNumeric, where Legate partitions
every array over all the processors it was given: CPU cores here, several GPUs or nodes under the
``legate`` launcher (docs/scaling.md). Jacobi steps of the 5-point Laplacian with a hot top edge;
it prints the backend, the time per step (after one warm-up step, which on Legate includes
compiling and mapping its tasks) and a checksum that is the same on every backend.

    python examples/scale_out_legate.py --n 4000 --steps 50                       # NumPy
    python -m numerics_fn.cpu_legate --cpus 2 examples/scale_out_legate.py --n 4000 --steps 50
    .venv-multirank/bin/python -m numerics_fn.cpu_legate --ranks 2 examples/scale_out_legate.py --n 4000
    legate --gpus 2 examples/scale_out_legate.py --n 20000 --steps 200             # (GPU machine)

The backend is the Context's: ``NUMERICS_FN_BACKEND`` (the runner sets ``cupynumeric``). On several
Legate ranks every rank runs this script and holds a part of each array; only rank 0 prints.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numerics_fn as nf


def initial_plate(n: int) -> Any:
    """An ``n x n`` plate at 0 with its top edge held at 1 (the Context's backend)."""
    u = nf.zeros((n, n))
    u[0, :] = 1.0
    return u


def jacobi_step(u: Any) -> Any:
    """One Jacobi step: every interior point becomes the mean of its four neighbours (a new array)."""
    out = nf.copy(u)
    out[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
    return out


def solve(n: int, steps: int) -> tuple[Any, float]:
    """Run ``steps`` Jacobi steps after one warm-up step; return the plate and the seconds per step."""
    u = jacobi_step(initial_plate(n))
    float(nf.sum(u))  # wait for the warm-up step (Legate runs asynchronously)
    start = time.perf_counter()
    for _ in range(steps):
        u = jacobi_step(u)
    float(nf.sum(u))  # wait for the last step before stopping the clock
    return u, (time.perf_counter() - start) / steps


def rank_and_ranks() -> tuple[int, int]:
    """This process's Legate rank and the number of ranks; ``(0, 1)`` off Legate."""
    if nf.current_context().backend != "cupynumeric":
        return 0, 1
    from legate.core import get_legate_runtime  # installed with cuPyNumeric

    runtime = get_legate_runtime()
    return runtime.node_id, runtime.node_count


def main(argv: list[str] | None = None) -> int:
    """Parse ``--n`` and ``--steps``, solve, print one line of results (from rank 0)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=4000, help="grid points per side (default 4000)")
    parser.add_argument("--steps", type=int, default=50, help="timed Jacobi steps (default 50)")
    args = parser.parse_args(argv)
    u, per_step = solve(args.n, args.steps)
    checksum = float(nf.sum(u)) / args.n
    rank, ranks = rank_and_ranks()
    if rank == 0:
        print(
            f"backend={nf.current_context().backend} ranks={ranks} n={args.n} steps={args.steps} "
            f"ms_per_step={per_step * 1e3:.2f} checksum={checksum:.15g}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

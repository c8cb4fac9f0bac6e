"""Run any Python script, module or test file with the cuPyNumeric backend, also without a GPU.

Usage::

    python -m numerics_fn.cpu_legate [--cpus N] [--sysmem MB] SCRIPT [ARGS...]
    python -m numerics_fn.cpu_legate [--cpus N] [--sysmem MB] -m MODULE [ARGS...]   # e.g. -m pytest tests/x.py
    python -m numerics_fn.cpu_legate [--cpus N] [--sysmem MB] -c CODE [ARGS...]

It starts ``python`` with the environment the test suite uses for cuPyNumeric: on a machine
without an NVIDIA driver, a stand-in ``libcuda.so.1`` (built once from C source shipped in this
package) and the CUDA runtime of the ``nvidia-cuda-runtime`` wheel on ``LD_LIBRARY_PATH``, and
Legate set up for CPUs (``LEGATE_AUTO_CONFIG=0``, ``LEGATE_CONFIG="--cpus N --sysmem MB ..."``;
a ``LEGATE_CONFIG`` you set yourself is kept unless ``--cpus`` or ``--sysmem`` is given). With
a real driver it changes none of that. Either way ``NUMERICS_FN_BACKEND`` defaults to
``cupynumeric``, so numerics_fn creation functions make cuPyNumeric arrays; set
``NUMERICS_FN_BACKEND=numpy`` to keep NumPy as the default. Child processes inherit the
set-up. The exit status is the script's. See docs/scaling.md.

In your own code, ``numerics_fn.cpu_legate.setup()`` does the same inside the running process,
provided nothing has imported cupynumeric yet.
"""

from __future__ import annotations

import os
import sys

from ._legate_cpu import CpuSetupError, environment, setup

__all__ = ["CpuSetupError", "main", "setup"]

_USAGE = "usage: python -m numerics_fn.cpu_legate [--cpus N] [--sysmem MB] (SCRIPT | -m MODULE | -c CODE) [ARGS...]"


def _parse(argv: list[str]) -> tuple[int | None, int | None, list[str]]:
    cpus = sysmem = None
    rest = list(argv)
    while rest and rest[0] in ("--cpus", "--sysmem"):
        if len(rest) < 2 or not rest[1].isdigit():
            raise SystemExit(f"cpu_legate: {rest[0]} needs a positive integer\n{_USAGE}")
        if rest[0] == "--cpus":
            cpus = int(rest[1])
        else:
            sysmem = int(rest[1])
        rest = rest[2:]
    if not rest or rest[0] in ("-h", "--help") or (rest[0] in ("-m", "-c") and len(rest) < 2):
        raise SystemExit(f"{_USAGE}\n\n{__doc__}")
    return cpus, sysmem, rest


def main(argv: list[str] | None = None) -> int:
    """Replace this process by ``python ARGS`` with the cuPyNumeric CPU set-up (see the module doc)."""
    cpus, sysmem, rest = _parse(sys.argv[1:] if argv is None else argv)
    try:
        env = environment(os.environ, cpus, sysmem)
    except CpuSetupError as err:
        print(err, file=sys.stderr)
        return 2
    env.setdefault("NUMERICS_FN_BACKEND", "cupynumeric")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *rest], env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

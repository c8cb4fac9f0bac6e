"""The command line: ``python -m numerics_fn info | demo | bench``."""

from __future__ import annotations

import argparse
import importlib.metadata
import platform
import sys

from ._context import BACKENDS, current_context
from ._namespace import available_backends

_DISTRIBUTIONS = {"numpy": "numpy", "pytorch": "torch", "cupynumeric": "nvidia-cupynumeric"}


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _devices(backend: str) -> str:
    if backend == "pytorch":
        import torch

        cuda = [f"cuda:{i} ({torch.cuda.get_device_name(i)})" for i in range(torch.cuda.device_count())]
        return ", ".join(["cpu", *cuda])
    if backend == "cupynumeric":
        return "placed by Legate (GPUs when present, else CPUs; see LEGATE_CONFIG)"
    return "cpu"


def info() -> int:
    """Print the installed backends, their versions and devices, and the Context in force."""
    installed = available_backends()
    print(f"numerics_fn {_version('numerics_fn')} on Python {platform.python_version()} ({sys.platform})")
    print(f"multipledispatch {_version('multipledispatch')}")
    print(f"{'backend':<12} {'version':<16} devices")
    for name in BACKENDS:
        devices = _devices(name) if name in installed else "-"
        print(f"{name:<12} {_version(_DISTRIBUTIONS[name]):<16} {devices}")
    print(f"context in force: {current_context()!r}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m numerics_fn``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its options are the runner's own (argparse.REMAINDER drops leading --options)
        from ._bench import main as run_bench

        return run_bench(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m numerics_fn", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="installed backends, versions, devices and the Context in force")
    sub.add_parser("demo", help="the showcase on every installed backend")
    sub.add_parser("bench", help="measure dispatch overhead and the workloads of benchmarks/ (bench --help)")
    ns = parser.parse_args(argv)
    if ns.command == "info":
        return info()
    from ._demo import main as demo

    return demo()


if __name__ == "__main__":
    sys.exit(main())

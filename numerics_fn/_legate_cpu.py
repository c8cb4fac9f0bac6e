"""Make the PyPI cuPyNumeric/Legate wheels run on CPUs on a machine without an NVIDIA driver.

The wheels are a CUDA build: ``import cupynumeric`` needs ``libcuda.so.1`` (the driver) and
``libcudart.so.13`` (the CUDA runtime, from the ``nvidia-cuda-runtime`` wheel). Where no
driver is installed, `setup` builds a stand-in ``libcuda.so.1`` from the C source shipped in
this package (``_native/cuda_stub.c``, compiled once with ``gcc`` into a cache folder), whose
every entry point answers "no device"; it preloads it and the runtime, and configures Legate
for CPUs (``LEGATE_AUTO_CONFIG=0``, ``LEGATE_CONFIG="--cpus N --sysmem M ..."``) unless the
user set those variables. Legate then disables CUDA and runs every task on CPUs.

On a machine with a real driver `setup` does nothing: Legate configures itself.

It must run before anything imports ``cupynumeric`` or ``legate`` in the process; the
runner ``python -m numerics_fn.cpu_legate`` and the test suite's ``conftest.py`` call it first.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.resources
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "CpuSetupError", "cache_dir", "default_legate_config", "driver_kind", "environment", "setup", "stub_library",
]  # fmt: skip

_SONAME = "libcuda.so.1"
_MARKER = "numerics_fn_cuda_stub"  # a data symbol only the stand-in exports


class CpuSetupError(RuntimeError):
    """The CPU set-up for Legate could not be done (no C compiler, no CUDA runtime wheel, ...)."""


def cache_dir() -> Path:
    """Where the stand-in driver is built: ``$NUMERICS_FN_CACHE``, else ``$XDG_CACHE_HOME/numerics_fn``,
    else ``~/.cache/numerics_fn``."""
    explicit = os.environ.get("NUMERICS_FN_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "numerics_fn"


def _source() -> bytes:
    return (importlib.resources.files("numerics_fn") / "_native" / "cuda_stub.c").read_bytes()


def stub_library() -> Path:
    """The path of the stand-in ``libcuda.so.1``, compiled from the shipped C source on first use.

    The build goes to a temporary file renamed into place, so concurrent processes (pytest-xdist
    workers) never load a half-written library. Raises `CpuSetupError` when no C compiler works.
    """
    source = _source()
    target = cache_dir() / f"cuda-stub-{hashlib.sha256(source).hexdigest()[:16]}" / _SONAME
    if target.exists():
        return target
    compiler = os.environ.get("CC") or shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        raise CpuSetupError(
            "cpu_legate: no C compiler found to build the stand-in libcuda.so.1 (looked for $CC, gcc, cc); "
            "install gcc, or run on a machine with an NVIDIA driver"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        src = Path(tmp) / "cuda_stub.c"
        src.write_bytes(source)
        out = Path(tmp) / _SONAME
        cmd = [compiler, "-shared", "-fPIC", "-O2", f"-Wl,-soname,{_SONAME}", "-o", str(out), str(src)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise CpuSetupError(
                f"cpu_legate: building the stand-in libcuda.so.1 failed ({' '.join(cmd)}):\n{done.stderr}"
            )
        os.replace(out, target)
    return target


def _cudart() -> Path:
    spec = importlib.util.find_spec("nvidia")
    roots = () if spec is None else spec.submodule_search_locations or ()
    for root in roots:
        path = Path(root) / "cu13" / "lib" / "libcudart.so.13"
        if path.exists():
            return path
    raise CpuSetupError(
        "cpu_legate: libcudart.so.13 was not found in the nvidia/cu13/lib folder of site-packages; "
        'install it with `pip install "nvidia-cuda-runtime==13.*"` (or numerics_fn[cupynumeric])'
    )


def driver_kind() -> str | None:
    """``"driver"`` when a real NVIDIA driver is loadable, ``"stub"`` when the stand-in is already
    loaded in this process, None when neither."""
    try:
        lib = ctypes.CDLL(_SONAME)
    except OSError:
        return None
    try:
        ctypes.c_int.in_dll(lib, _MARKER)
    except ValueError:
        return "driver"
    return "stub"


def default_legate_config(cpus: int | None = None, sysmem_mb: int | None = None) -> str:
    """The ``LEGATE_CONFIG`` `setup` uses: a CPU worker per core this process may use but one (left to
    Legate's utility thread; more workers than cores make Realm warn that its reservations cannot be
    satisfied), and a system memory pool of a quarter of the machine's memory (at most 4000 MB;
    exceeding the pool aborts the process). ``--logging gpu=6`` silences the lines about the missing GPU."""
    if cpus is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        cpus = cores - 1
    if sysmem_mb is None:
        try:
            total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
        except (ValueError, OSError, AttributeError):
            total_mb = 8000
        sysmem_mb = max(256, min(4000, total_mb // 4))
    return f"--cpus {max(1, cpus)} --sysmem {sysmem_mb} --logging gpu=6"


def setup(cpus: int | None = None, sysmem_mb: int | None = None) -> str:
    """Prepare this process to import cuPyNumeric on CPUs; return ``"driver"`` or ``"stub"``.

    Does nothing (returns ``"driver"``) where a real NVIDIA driver is installed. Otherwise builds
    (once) and preloads the stand-in driver and ``libcudart.so.13``, and sets ``LEGATE_AUTO_CONFIG=0``
    and ``LEGATE_CONFIG`` (from ``cpus`` and ``sysmem_mb``, see `default_legate_config`) unless they
    are already set. Safe to call again. Raises `CpuSetupError` if cuPyNumeric was already imported
    without it, or the set-up cannot be done.

    >>> from numerics_fn import _legate_cpu
    >>> _legate_cpu.default_legate_config(cpus=2, sysmem_mb=2000)
    '--cpus 2 --sysmem 2000 --logging gpu=6'
    """
    kind = driver_kind()
    if kind == "driver":
        return kind
    if kind is None and ("legate" in sys.modules or "cupynumeric" in sys.modules):
        raise CpuSetupError(
            "cpu_legate: legate was imported before the CPU set-up; call numerics_fn.cpu_legate.setup() "
            "(or run under `python -m numerics_fn.cpu_legate`) before the first import of cupynumeric"
        )
    os.environ.setdefault("LEGATE_AUTO_CONFIG", "0")
    os.environ.setdefault("LEGATE_CONFIG", default_legate_config(cpus, sysmem_mb))
    if kind is None:
        ctypes.CDLL(str(stub_library()), mode=ctypes.RTLD_GLOBAL)
        ctypes.CDLL(str(_cudart()), mode=ctypes.RTLD_GLOBAL)
    return "stub"


def environment(base: Mapping[str, str], cpus: int | None = None, sysmem_mb: int | None = None) -> dict[str, str]:
    """``base`` (an environment) plus what a new process needs to import cuPyNumeric on CPUs.

    The same set-up as `setup`, for a child process: the folders of the stand-in driver and of
    ``libcudart.so.13`` go first on ``LD_LIBRARY_PATH``, and ``LEGATE_AUTO_CONFIG`` /
    ``LEGATE_CONFIG`` are set unless ``base`` has them; ``cpus`` or ``sysmem_mb``, when given, replace
    ``base``'s ``LEGATE_CONFIG``. Unchanged where a real driver exists.
    """
    env = dict(base)
    if driver_kind() == "driver":
        return env
    folders = [str(stub_library().parent), str(_cudart().parent)]
    env["LD_LIBRARY_PATH"] = os.pathsep.join([*folders, *filter(None, [env.get("LD_LIBRARY_PATH")])])
    env.setdefault("LEGATE_AUTO_CONFIG", "0")
    if cpus is not None or sysmem_mb is not None or "LEGATE_CONFIG" not in env:
        env["LEGATE_CONFIG"] = default_legate_config(cpus, sysmem_mb)
    return env

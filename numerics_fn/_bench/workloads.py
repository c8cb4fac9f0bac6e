"""The whole-program measures: import time, a state-vector circuit, gradients, peak memory."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import numerics_fn as nf

from ._timing import interleaved, median, median_ratio, progress, run_python

__all__ = ["circuit", "gradients", "import_time", "namespace_circuit", "peak_memory", "run_seed_circuit"]

_IMPORT = """
import json, sys, time
t0 = time.{clock}()
import numpy
t1 = time.{clock}()
import numerics_fn
t2 = time.{clock}()
heavy = sorted({{"torch", "cupynumeric"}} & set(sys.modules))
print(json.dumps({{"numpy": t1 - t0, "numerics_fn": t2 - t1, "heavy": heavy}}))
"""


def import_time(repeats: int, clock: str) -> dict[str, Any]:
    """What ``import numerics_fn`` adds to ``import numpy``: in each of ``repeats`` fresh interpreters,
    ``import numpy`` and then ``import numerics_fn``, each timed; medians.

    The second import does exactly the work ``import numerics_fn`` does beyond ``import numpy``; timing it
    in the same interpreter avoids subtracting two interpreters' numpy imports, whose spread on a loaded
    machine dwarfs the figure. Byte-code caching is allowed (as in any installed package):
    PYTHONDONTWRITEBYTECODE is dropped for the subprocesses and one warm-up run writes the caches.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # cpu: the importing thread's own CPU time. process_time would also count OpenBLAS's worker threads, which
    # spin for a while after numpy starts them, whatever is imported next.
    script = _IMPORT.format(clock={"cpu": "thread_time", "wall": "perf_counter"}[clock])
    run_python(script, env)  # warm-up: byte-code caches
    progress(f"import time: {repeats} fresh interpreters")
    runs = [run_python(script, env) for _ in range(repeats)]
    heavy = {name for out in runs for name in out["heavy"]}
    return {
        "numpy_ms": median([out["numpy"] for out in runs]) * 1e3,
        "overhead_ms": median([out["numerics_fn"] for out in runs]) * 1e3,
        "target_ms": 30.0,
        "heavy_modules_imported": sorted(heavy),
        "torch_imported": "torch" in heavy,
        "cupynumeric_imported": "cupynumeric" in heavy,
        "repeats": repeats,
    }


# --- a 10-qubit state-vector circuit ---------------------------------------------------------
def _unitary(rng: np.random.Generator, d: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


def make_circuit(n_qubits: int, n_gates: int, seed: int = 0) -> list[tuple[tuple[int, int, int], np.ndarray]]:
    """Random one- and two-qubit gates: (the state's (left, d, right) shape for the gate, U)."""
    rng = np.random.default_rng(seed)
    gates = []
    for _ in range(n_gates):
        span = 2 if rng.random() < 0.3 else 1  # 30% two-qubit gates on neighbours
        q = int(rng.integers(0, n_qubits - span + 1))
        d = 2**span
        gates.append(((2**q, d, 2 ** (n_qubits - q - span)), _unitary(rng, d)))
    return gates


def run_circuit(xp: Any, state: Any, gates: list[tuple[tuple[int, int, int], Any]]) -> Any:
    """Apply ``gates`` to ``state`` with namespace ``xp`` (nf, numpy or torch): one circuit, three spellings."""
    for shape, u in gates:
        state = xp.reshape(xp.matmul(u, xp.reshape(state, shape)), (-1,))
    return state


def circuit(rounds: int, clock: Callable[[], float], n_qubits: int = 10, n_gates: int = 1000) -> dict[str, Any]:
    """The circuit through nf against the same circuit written in NumPy, and in torch."""
    from .overhead import torch_or_reason

    torch, reason = torch_or_reason()
    gates = make_circuit(n_qubits, n_gates)
    state = np.zeros(2**n_qubits, dtype=np.complex128)
    state[0] = 1.0
    variants: dict[str, Callable[[int], float]] = {}

    def timed(xp: Any, state: Any, gates: Any) -> Callable[[int], float]:
        def run(_: int) -> float:
            t = clock()
            run_circuit(xp, state, gates)
            return clock() - t

        return run

    variants["numpy"] = timed(np, state, gates)
    variants["nf_numpy"] = timed(nf, state, gates)
    expected = run_circuit(np, state, gates)
    np.testing.assert_allclose(run_circuit(nf, state, gates), expected, atol=1e-12)
    if torch is not None:
        t_state = torch.from_numpy(state)
        t_gates = [(shape, torch.from_numpy(u)) for shape, u in gates]
        variants["torch"] = timed(torch, t_state, t_gates)
        variants["nf_torch"] = timed(nf, t_state, t_gates)
        np.testing.assert_allclose(nf.to_numpy(run_circuit(nf, t_state, t_gates)), expected, atol=1e-12)
        np.testing.assert_allclose(run_circuit(torch, t_state, t_gates).numpy(), expected, atol=1e-12)
    progress(f"circuit: {n_qubits} qubits, {n_gates} gates, {rounds} rounds of {len(variants)} variants")
    times = interleaved(variants, rounds, 1)
    out: dict[str, Any] = {
        "n_qubits": n_qubits,
        "n_gates": n_gates,
        "ops_per_gate": 3,
        "rounds": rounds,
        "pytorch_unavailable": reason,
        "target_ratio": 1.05,
    }
    for lib in ("numpy", "torch"):
        if lib in times:
            direct, through = times[lib], times[f"nf_{lib}"]
            out[lib] = {
                "direct_ms": median(direct) * 1e3,
                "numerics_fn_ms": median(through) * 1e3,
                "ratio": median_ratio(through, direct),  # per round: robust to the machine's drift
            }
        else:
            out[lib] = None
    return out


# --- the same circuit in the seed's style, through a Backend namespace ------------------------------
def run_seed_circuit(xp: Any, state: Any, gates: list[tuple[tuple[int, int, int], Any]]) -> Any:
    """The circuit as the seed's code writes it against a namespace ``xp`` (``K = nf.get_backend(name)``, or a
    namespace of the library's own functions): per gate ``xp.array`` of its matrix, ``xp.reshape``, ``xp.einsum``,
    ``xp.reshape``."""
    for shape, u in gates:
        g = xp.array(u, dtype=xp.complex128)
        psi = xp.einsum("ij,ajb->aib", g, xp.reshape(state, shape))
        state = xp.reshape(psi, (-1,))
    return state


def namespace_circuit(
    rounds: int, clock: Callable[[], float], n_qubits: int = 10, n_gates: int = 1000
) -> dict[str, Any]:
    """`run_seed_circuit` through ``nf.get_backend("numpy")`` / ``("pytorch")`` against the same function given
    namespaces of NumPy's and torch's own functions (``np.array``, ``torch.tensor``, ...)."""
    from types import SimpleNamespace

    from .overhead import torch_or_reason

    torch, reason = torch_or_reason()
    gates = make_circuit(n_qubits, n_gates)
    state = np.zeros(2**n_qubits, dtype=np.complex128)
    state[0] = 1.0
    expected = run_circuit(np, state, gates)
    direct = SimpleNamespace(array=np.array, complex128=np.complex128, reshape=np.reshape, einsum=np.einsum)
    spaces: dict[str, tuple[Any, Any]] = {"numpy": (direct, state), "nf_numpy": (nf.get_backend("numpy"), state)}
    if torch is not None:
        direct = SimpleNamespace(
            array=torch.tensor, complex128=torch.complex128, reshape=torch.reshape, einsum=torch.einsum
        )
        spaces["torch"] = (direct, torch.from_numpy(state))
        spaces["nf_torch"] = (nf.get_backend("pytorch"), torch.from_numpy(state))
    variants: dict[str, Callable[[int], float]] = {}
    for name, (xp, start) in spaces.items():
        np.testing.assert_allclose(nf.to_numpy(run_seed_circuit(xp, start, gates)), expected, atol=1e-12)

        def run(_: int, xp: Any = xp, start: Any = start) -> float:
            t = clock()
            run_seed_circuit(xp, start, gates)
            return clock() - t

        variants[name] = run
    progress(f"namespace circuit: {n_qubits} qubits, {n_gates} gates, {rounds} rounds of {len(variants)} variants")
    times = interleaved(variants, rounds, 1)
    out: dict[str, Any] = {
        "n_qubits": n_qubits,
        "n_gates": n_gates,
        "ops_per_gate": 4,
        "rounds": rounds,
        "pytorch_unavailable": reason,
        "target_ratio": 1.05,
    }
    for lib in ("numpy", "torch"):
        if lib in times:
            direct_times, through = times[lib], times[f"nf_{lib}"]
            out[lib] = {
                "direct_ms": median(direct_times) * 1e3,
                "numerics_fn_ms": median(through) * 1e3,
                "ratio": median_ratio(through, direct_times),
            }
        else:
            out[lib] = None
    return out


# --- value_and_grad ----------------------------------------------------------------------------
def _objective(x: Any) -> Any:
    return nf.sum(nf.sin(x) ** 2) + 0.5 * nf.sum(x * x)


def central_difference(fn: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
    """Central finite differences of scalar ``fn`` at ``x`` (2n evaluations)."""
    h = np.cbrt(np.finfo(x.dtype).eps) * np.maximum(1.0, np.abs(x))
    grad = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h[i]
        grad[i] = (float(fn(x + step)) - float(fn(x - step))) / (2 * h[i])
    return grad


def _builtin_gradients(sizes: tuple[int, ...], rounds: int, clock: Callable[[], float]) -> dict[str, Any]:
    results = []
    for n in sizes:
        x = np.random.default_rng(n).normal(size=n)
        exact = 2 * np.sin(x) * np.cos(x) + x
        value_and_grad = nf.value_and_grad(_objective)
        try:
            _, grad = value_and_grad(x)
        except NotImplementedError as err:
            return {"available": False, "reason": str(err), "source": "numerics_fn._bench"}
        progress(f"value_and_grad: n={n}")
        ad_times = [_timed(clock, value_and_grad, x) for _ in range(rounds)]
        fd_times = []
        for _ in range(rounds if n <= 1000 else 1):  # 2n evaluations each: one round at n = 10,000
            t = clock()
            fd = central_difference(_objective, x)
            fd_times.append(clock() - t)
        results.append(
            {
                "n": n,
                "value_and_grad_ms": median(ad_times) * 1e3,
                "finite_difference_ms": median(fd_times) * 1e3,
                "speedup": median(fd_times) / median(ad_times),
                "value_and_grad_max_error": float(np.max(np.abs(nf.to_numpy(grad) - exact))),
                "finite_difference_max_error": float(np.max(np.abs(fd - exact))),
            }
        )
    return {
        "available": True,
        "source": "numerics_fn._bench",
        "objective": "sum(sin(x)**2) + 0.5*sum(x*x), float64",
        "sizes": results,
    }


def _timed(clock: Callable[[], float], fn: Callable[[Any], Any], x: Any) -> float:
    t = clock()
    fn(x)
    return clock() - t


def gradients(sizes: tuple[int, ...], rounds: int, clock: Callable[[], float], prefer_script: bool) -> dict[str, Any]:
    """``benchmarks/bench_autodiff.py``'s ``run()`` when present (a source checkout), else our own measure."""
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_autodiff.py"
    if prefer_script and script.is_file():
        spec = importlib.util.spec_from_file_location("bench_autodiff", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        progress(f"value_and_grad: {script.name}")
        result = dict(module.run())
        result.setdefault("source", str(script))
        return result
    return _builtin_gradients(sizes, rounds, clock)


# --- peak memory --------------------------------------------------------------------------------
# Peak RSS: Linux's VmHWM, which starts afresh in the new process; ru_maxrss (the fallback elsewhere)
# is carried across fork + exec, so it would report the benchmark process's own size when that is larger.
_MEMORY = """
import json, resource, tracemalloc
import numpy as np
import numerics_fn as nf

def peak_kib():
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

small = np.ones((2, 2))
nf.matmul(small, small), np.matmul(small, small)  # both variants load the same modules
rng = np.random.default_rng(0)
a, b = rng.random(({n}, {n})), rng.random(({n}, {n}))
before = peak_kib()
tracemalloc.start()
c = {call}(a, b)
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
after = peak_kib()
print(json.dumps({{"peak_rss_kib": after, "growth_kib": after - before, "traced_peak_bytes": traced}}))
"""


def peak_memory(n: int, repeats: int) -> dict[str, Any]:
    """Peak memory of one n x n float64 matmul through nf and through NumPy, fresh processes."""
    progress(f"peak memory: matmul {n}x{n}, {repeats} fresh interpreters each")
    runs: dict[str, list[dict[str, Any]]] = {"numpy": [], "numerics_fn": []}
    for _ in range(repeats):
        for name, call in (("numpy", "np.matmul"), ("numerics_fn", "nf.matmul")):
            runs[name].append(run_python(_MEMORY.format(n=n, call=call)))
    out: dict[str, Any] = {"n": n, "dtype": "float64", "result_mib": n * n * 8 / 2**20, "repeats": repeats}
    for name, samples in runs.items():
        out[name] = {
            "peak_rss_mib": median([s["peak_rss_kib"] / 1024 for s in samples]),
            "rss_growth_mib": median([s["growth_kib"] / 1024 for s in samples]),
            "traced_peak_mib": median([s["traced_peak_bytes"] / 2**20 for s in samples]),
        }
    out["peak_rss_ratio"] = out["numerics_fn"]["peak_rss_mib"] / out["numpy"]["peak_rss_mib"]
    out["traced_peak_ratio"] = out["numerics_fn"]["traced_peak_mib"] / max(out["numpy"]["traced_peak_mib"], 1e-9)
    out["target_ratio"] = 1.05
    return out


def describe_machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import platform

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numerics_fn": nf.__version__,
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "openblas_env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ},
        "argv": sys.argv[1:],
    }

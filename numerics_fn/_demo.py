"""``python -m numerics_fn demo``: the showcase, run on every installed backend.

Each backend runs the same four workloads, written once with numerics_fn operations and
given an explicit Context; their input data is drawn once from a seeded NumPy generator
and moved to the backend with `asarray`, so every backend computes on the same numbers:

1. the ground state of an 8-qubit transverse-field Ising chain (`kron`, `eigh` of 256x256),
   checked by its eigen-residual;
2. its time evolution ``expm(-iHt)|0…0>``, checked for conserved norm and energy, reporting ``<Z₀(t)>``;
3. the gradient of a least-squares loss by `value_and_grad`, checked against the analytic
   ``2·Xᵀ(Xw - y)/n`` (exact through torch's autograd; by finite differences, said so, without torch);
4. the SVD of a 300x200 rank-5 matrix, checked by its rank and its reconstruction.

One progress line is printed per step; a summary table (backend, result, time) closes the
run, with each backend's numbers compared with NumPy's. Where cuPyNumeric is installed but
no NVIDIA driver is, it runs on CPUs (`numerics_fn.cpu_legate.setup`). A backend that is
installed but cannot load is listed with its reason. The exit status is 1 when a check fails.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numerics_fn as nf

__all__ = ["main"]

N_QUBITS = 8
FIELD = 1.0  # transverse field g: the critical point of the chain
EVOLVE_TIME = 0.5
REL_TOL = 1e-8  # agreement with NumPy's numbers, relative
_NUMPY = nf.Context(backend="numpy")


@dataclass(frozen=True)
class Outcome:
    """What one workload produced: a number to compare across backends, and its own check."""

    value: float
    detail: str
    ok: bool


def _ising(ctx: nf.Context) -> Any:
    """H = -Σ Z_i Z_{i+1} - g Σ X_i on an open chain of N_QUBITS spins, a dense 2^n x 2^n matrix."""
    x = nf.array([[0.0, 1.0], [1.0, 0.0]], ctx=ctx)
    z = nf.array([[1.0, 0.0], [0.0, -1.0]], ctx=ctx)
    one = nf.eye(2, ctx=ctx)

    def chain(ops: dict[int, Any]) -> Any:
        out = ops.get(0, one)
        for site in range(1, N_QUBITS):
            out = nf.kron(out, ops.get(site, one))
        return out

    h = nf.zeros((2**N_QUBITS, 2**N_QUBITS), ctx=ctx)
    for i in range(N_QUBITS - 1):
        h = h - chain({i: z, i + 1: z})
    for i in range(N_QUBITS):
        h = h - FIELD * chain({i: x})
    return h


def ground_state(ctx: nf.Context, data: dict[str, Any]) -> Outcome:
    """Lowest eigenpair of the Ising chain; its residual ‖Hv - E₀v‖ checks it."""
    h = _ising(ctx)
    w, v = nf.eigh(h)
    e0, v0 = w[0], v[:, 0]
    residual = float(nf.norm(nf.matmul(h, v0) - e0 * v0))
    return Outcome(float(e0), f"E0={float(e0):.6f}", residual < 1e-9)


def time_evolution(ctx: nf.Context, data: dict[str, Any]) -> Outcome:
    """|ψ(t)> = expm(-iHt)|0…0>; norm and energy must be conserved. Reports <Z₀(t)>."""
    h = _ising(ctx) * (1.0 + 0.0j)
    psi0 = nf.asarray(data["all_up"], ctx=ctx)
    psi_t = nf.matmul(nf.expm(h * (-1j * EVOLVE_TIME)), psi0)

    def energy(psi: Any) -> float:
        return float(nf.real(nf.einsum("i,ij,j->", nf.conj(psi), h, psi)))

    drift = abs(energy(psi_t) - energy(psi0))
    norm_error = abs(float(nf.norm(psi_t)) - 1.0)
    z0 = nf.real(nf.einsum("i,i->", nf.conj(psi_t), nf.asarray(data["z0"], ctx=ctx) * psi_t))
    return Outcome(float(z0), f"<Z0(t)>={float(z0):+.6f}", drift < 1e-9 and norm_error < 1e-12)


def _mean_squared_error(weights: Any, x: Any, y: Any) -> Any:
    """mean((x @ weights - y)^2), differentiated in ``weights`` (the data are arguments, not closed over)."""
    r = nf.matmul(x, weights) - y
    return nf.sum(r * r) / x.shape[0]


def loss_gradient(ctx: nf.Context, data: dict[str, Any]) -> Outcome:
    """value_and_grad of mean((Xw - y)²) against the analytic gradient 2·Xᵀ(Xw - y)/n."""
    x, y, w = (nf.asarray(data[k], ctx=ctx) for k in ("x", "y", "w"))
    n = x.shape[0]

    # Exact gradients run through torch's autograd; without torch, finite differences, chosen and said.
    exact = "pytorch" in nf.available_backends()
    method = "auto" if exact else "finite_difference"
    value, grad = nf.value_and_grad(_mean_squared_error, method=method)(w, x, y)
    analytic = nf.matmul(nf.transpose(x), nf.matmul(x, w) - y) * (2.0 / n)
    error = float(nf.max(nf.abs(grad - analytic)))
    ok = nf.backend_of(grad) == ctx.backend and error < (1e-10 if exact else 1e-6)
    how = "" if exact else " by finite differences (torch not installed)"
    return Outcome(float(value), f"loss={float(value):.6f} |grad err|={error:.0e}{how}", ok)


def low_rank_svd(ctx: nf.Context, data: dict[str, Any]) -> Outcome:
    """SVD of a rank-5 matrix: five nonzero singular values, and U·diag(s)·Vᵀ rebuilds it."""
    a = nf.asarray(data["low_rank"], ctx=ctx)
    u, s, vt = nf.svd(a)
    rank = int(nf.sum(s > s[0] * 1e-10))
    error = float(nf.norm(nf.matmul(u * s, vt) - a) / nf.norm(a))
    top = float(s[0])
    return Outcome(top, f"rank={rank} s0={top:.4f}", rank == 5 and error < 1e-12)


WORKLOADS: tuple[tuple[str, Callable[[nf.Context, dict[str, Any]], Outcome]], ...] = (
    (f"ground state of an Ising chain of {N_QUBITS} qubits (eigh)", ground_state),
    ("time evolution expm(-iHt), norm and energy conserved", time_evolution),
    ("least-squares gradient by value_and_grad", loss_gradient),
    ("SVD of a 300x200 rank-5 matrix", low_rank_svd),
)


def _data() -> dict[str, Any]:
    """The inputs, drawn once on NumPy so that every backend computes on the same numbers."""
    gen = nf.rng(0, ctx=_NUMPY)
    x = nf.normal(gen, (200, 10), ctx=_NUMPY)
    all_up = nf.array([1.0] + [0.0] * (2**N_QUBITS - 1), dtype="complex128", ctx=_NUMPY)
    z0 = nf.array([1.0 if i < 2 ** (N_QUBITS - 1) else -1.0 for i in range(2**N_QUBITS)], ctx=_NUMPY)
    return {
        "x": x,
        "y": nf.matmul(x, nf.normal(gen, (10,), ctx=_NUMPY)) + 0.1 * nf.normal(gen, (200,), ctx=_NUMPY),
        "w": nf.normal(gen, (10,), ctx=_NUMPY),
        "all_up": all_up,
        "z0": z0,
        "low_rank": nf.matmul(nf.normal(gen, (300, 5), ctx=_NUMPY), nf.normal(gen, (5, 200), ctx=_NUMPY)),
    }


@dataclass(frozen=True)
class Row:
    """One line of the summary table."""

    backend: str
    result: str
    seconds: float
    ok: bool


def _run_backend(name: str, data: dict[str, Any], reference: list[float] | None) -> tuple[Row, list[float]]:
    """All workloads on backend ``name``, one progress line each; its summary row and its numbers.

    ``reference`` holds NumPy's numbers (None while NumPy itself runs): a backend passes a
    workload when the workload's own check holds and its number agrees with NumPy's.
    """
    start = time.perf_counter()
    try:
        ctx = nf.get_backend(name).ctx
    except nf.BackendUnavailableError as err:
        print(f"[{name}] skipped: {err}", flush=True)
        return Row(name, "not loaded (reason above)", time.perf_counter() - start, True), []
    print(f"[{name}] loaded in {time.perf_counter() - start:.2f} s", flush=True)
    values: list[float] = []
    for i, (label, workload) in enumerate(WORKLOADS):
        t0 = time.perf_counter()
        step = f"[{name}] {i + 1}/{len(WORKLOADS)} {label}:"
        try:
            outcome = workload(ctx, data)
        except Exception as err:  # the demo reports every failure and goes on with the next workload
            print(f"{step} FAILED {type(err).__name__}: {err}", flush=True)
            values.append(math.nan)
            continue
        agrees = reference is None or math.isclose(outcome.value, reference[i], rel_tol=REL_TOL, abs_tol=1e-12)
        verdict = (
            "ok" if outcome.ok and agrees else "FAILED its check" if not outcome.ok else "FAILED: differs from numpy"
        )
        print(f"{step} {outcome.detail} {verdict} ({time.perf_counter() - t0:.2f} s)", flush=True)
        values.append(outcome.value if outcome.ok and agrees else math.nan)
    passed = sum(not math.isnan(v) for v in values)
    result = f"{passed}/{len(WORKLOADS)} ok" + (" (the reference)" if reference is None else ", agrees with numpy")
    if passed < len(WORKLOADS):
        result = f"{passed}/{len(WORKLOADS)} ok, see FAILED above"
    return Row(name, result, time.perf_counter() - start, passed == len(WORKLOADS)), values


def _prepare_cupynumeric() -> None:
    """Let cuPyNumeric run on CPUs where there is no NVIDIA driver (nothing to do where there is one)."""
    from . import cpu_legate

    try:
        how = cpu_legate.setup()
    except cpu_legate.CpuSetupError as err:
        print(f"[cupynumeric] CPU set-up failed: {err}", flush=True)
        return
    if how == "stub":
        print(f"[cupynumeric] no NVIDIA driver: Legate runs on CPUs ({os.environ['LEGATE_CONFIG']})", flush=True)


def main() -> int:
    """Run the showcase on every installed backend; print progress and a summary table.

    Returns 0 when every workload passed on every backend that loads, else 1.
    """
    backends = nf.available_backends()
    print(f"numerics_fn demo: {len(WORKLOADS)} workloads on each of {', '.join(backends)}", flush=True)
    if "cupynumeric" in backends:
        _prepare_cupynumeric()
    data = _data()
    rows: list[Row] = []
    reference: list[float] | None = None
    for name in backends:  # numpy first: BACKENDS order
        row, values = _run_backend(name, data, reference)
        rows.append(row)
        if name == "numpy":
            reference = values
    width = max(len(r.result) for r in rows)
    print(f"\n{'backend':<12} | {'result':<{width}} | time")
    print(f"{'-' * 12}-+-{'-' * width}-+--------")
    for r in rows:
        print(f"{r.backend:<12} | {r.result:<{width}} | {r.seconds:5.2f} s")
    return 0 if all(r.ok for r in rows) else 1

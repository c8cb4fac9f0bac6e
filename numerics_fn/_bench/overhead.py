"""Per-call overhead: (call through a dispatch layer) - (direct library call), 4x4 float64.

Each op is timed as a statement (``nf.exp(a)`` beside ``np.exp(a)``) with `timeit`, all
variants interleaved round by round; the overhead is the median over rounds of the
difference to the direct call timed in the same round. Peers, where installed: autoray's
``do`` and a bare multipledispatch ``Dispatcher`` holding the same library functions.
"""

from __future__ import annotations

import importlib.util
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType, SimpleNamespace
from typing import Any

import numpy as np

import numerics_fn as nf

from ._timing import interleaved, median, median_difference, per_call_number, progress

__all__ = ["TARGETS_NS", "Case", "cases", "measure"]

#: The overhead each kind of op may add (ns, medians): the targets of issue 6, and of issue 14 for the call forms
#: (keywords, ctx=, asarray, namespace methods: `forms`).
TARGETS_NS = MappingProxyType({"one-array": 100.0, "two-array": 150.0, "creation": 200.0, "call form": 100.0})
PEERS = ("autoray", "multipledispatch")


@dataclass(frozen=True)
class Case:
    """One op on one backend: the statement of each variant, run in ``namespace``."""

    backend: str  # "numpy" | "pytorch" | "numpy+pytorch"
    op: str
    kind: str  # a key of TARGETS_NS
    statements: dict[str, str]  # variant ("direct", "numerics_fn", peers) -> statement
    namespace: dict[str, Any] = field(repr=False)
    context: nf.Context = field(default_factory=nf.Context)  # in force while the case runs


def torch_or_reason() -> tuple[Any, str | None]:
    """(torch, None) when numerics_fn's pytorch backend works here, else (None, why not)."""
    try:
        nf.get_backend("pytorch")
        import torch
    except ImportError as err:  # BackendUnavailableError is an ImportError
        return None, str(err)
    torch.set_num_threads(1)  # small ops: one thread gives stable timings
    return torch, None


def _mixed_matmul(torch: Any) -> Callable[[Any, Any], Any]:
    def matmul(x: Any, y: Any) -> Any:
        return torch.matmul(torch.from_numpy(x), y)

    return matmul


def _dispatchers(torch: Any) -> SimpleNamespace:
    """Bare multipledispatch Dispatchers for the benchmarked ops (what a user would write)."""
    from multipledispatch import Dispatcher

    table: dict[str, list[tuple[tuple[type, ...], Callable[..., Any]]]] = {
        "exp": [((np.ndarray,), np.exp)],
        "sum": [((np.ndarray,), np.sum)],
        "matmul": [((np.ndarray, np.ndarray), np.matmul)],
        "einsum": [((str, np.ndarray, np.ndarray), np.einsum)],
        "reshape": [((np.ndarray, tuple), np.reshape)],
    }
    if torch is not None:
        tensor = torch.Tensor
        table["exp"].append(((tensor,), torch.exp))
        table["sum"].append(((tensor,), torch.sum))
        table["matmul"] += [((tensor, tensor), torch.matmul), ((np.ndarray, tensor), _mixed_matmul(torch))]
        table["einsum"].append(((str, tensor, tensor), torch.einsum))
        table["reshape"].append(((tensor, tuple), torch.reshape))
    out = SimpleNamespace()
    for name, signatures in table.items():
        dispatcher = Dispatcher(name)
        for types, impl in signatures:
            dispatcher.add(types, impl)
        setattr(out, name, dispatcher)
    return out


def _statements(lib: str, x: str, y: str) -> dict[str, dict[str, str]]:
    """op -> variant -> statement, for arrays named ``x``, ``y`` of library ``lib``."""
    ops = {
        "exp": ("exp", f"{x}"),
        "sum": ("sum", f"{x}"),
        "matmul": ("matmul", f"{x}, {y}"),
        "einsum": ("einsum", f"'ij,jk->ik', {x}, {y}"),
        "reshape": ("reshape", f"{x}, (16,)"),
    }
    out = {
        op: {
            "direct": f"{lib}.{name}({args})",
            "numerics_fn": f"nf.{name}({args})",
            "autoray": f"do('{name}', {args})",
            "multipledispatch": f"md.{name}({args})",
        }
        for op, (name, args) in ops.items()
    }
    zeros_dtype = ", dtype=torch.float64" if lib == "torch" else ""
    out["zeros"] = {
        "direct": f"{lib}.zeros((4, 4){zeros_dtype})",
        "numerics_fn": "nf.zeros((4, 4))",
        "autoray": f"do('zeros', (4, 4), dtype='float64', like='{'numpy' if lib == 'np' else lib}')",
    }
    return out


_KINDS = MappingProxyType({"exp": "one-array", "sum": "one-array", "reshape": "one-array", "zeros": "creation"})


def cases(torch: Any) -> list[Case]:
    """Every overhead case that can run here (torch rows only when ``torch`` is given)."""
    rng = np.random.default_rng(0)
    a, b = rng.random((4, 4)), rng.random((4, 4))
    namespace: dict[str, Any] = {"np": np, "nf": nf, "a": a, "b": b, "md": _dispatchers(torch), "torch": torch}
    if importlib.util.find_spec("autoray") is not None:
        from autoray import do

        namespace["do"] = do
    peers = [p for p in PEERS if p != "autoray" or "do" in namespace]
    out = []
    libraries = [("numpy", "np", "a", "b", nf.Context("numpy"))]
    if torch is not None:
        namespace.update(t=torch.from_numpy(a.copy()), u=torch.from_numpy(b.copy()))
        libraries.append(("pytorch", "torch", "t", "u", nf.Context("pytorch")))
    for backend, lib, x, y, ctx in libraries:
        for op, statements in _statements(lib, x, y).items():
            keep = {k: v for k, v in statements.items() if k in ("direct", "numerics_fn", *peers)}
            out.append(Case(backend, op, _KINDS.get(op, "two-array"), keep, namespace, ctx))
    if torch is not None:
        mixed = {"direct": "torch.matmul(torch.from_numpy(a), u)", "numerics_fn": "nf.matmul(a, u)"}
        if "multipledispatch" in peers:
            mixed["multipledispatch"] = "md.matmul(a, u)"
        out.append(Case("numpy+pytorch", "matmul", "two-array", mixed, namespace, nf.Context("pytorch")))
    return out


def _check_agree(case: Case) -> None:
    """Every variant computes what the direct call computes (a benchmark of wrong code is void)."""
    with nf.use_backend(case.context):
        direct = eval(case.statements["direct"], case.namespace)
        for variant, statement in case.statements.items():
            got = eval(statement, case.namespace)
            if nf.backend_of(got) != nf.backend_of(direct) or got.dtype != direct.dtype:
                raise AssertionError(f"{case.backend} {case.op}: {variant} returned {got!r}, direct {direct!r}")
            np.testing.assert_allclose(nf.to_numpy(got), nf.to_numpy(direct), err_msg=f"{case.op}: {variant}")


def measure_case(case: Case, rounds: int, target_s: float, clock: Callable[[], float]) -> dict[str, Any]:
    """Median direct time and median overhead of each variant, in ns."""
    _check_agree(case)
    timers = {name: timeit.Timer(stmt, clock, globals=case.namespace) for name, stmt in case.statements.items()}
    with nf.use_backend(case.context):
        number = per_call_number(timers["direct"], target_s)
        times = interleaved({name: timer.timeit for name, timer in timers.items()}, rounds, number)
    result: dict[str, Any] = {
        "backend": case.backend,
        "op": case.op,
        "kind": case.kind,
        "direct_ns": median(times["direct"]) * 1e9,
        "target_ns": TARGETS_NS[case.kind],
        "statements": case.statements,
        "rounds": rounds,
        "calls_per_round": number,
    }
    for variant in ("numerics_fn", *PEERS):
        result[f"{variant}_ns"] = median_difference(times[variant], times["direct"]) * 1e9 if variant in times else None
    # A second estimate that load on a shared machine inflates less: fastest round against fastest round.
    result["numerics_fn_best_ns"] = (min(times["numerics_fn"]) - min(times["direct"])) * 1e9
    result["meets_target"] = result["numerics_fn_ns"] <= result["target_ns"]
    return result


def measure(rounds: int, target_s: float, clock: Callable[[], float]) -> dict[str, Any]:
    """The overhead section: one row per case, and why torch rows are missing if they are."""
    torch, reason = torch_or_reason()
    all_cases = cases(torch)
    rows = []
    for i, case in enumerate(all_cases, 1):
        progress(f"overhead {i}/{len(all_cases)}: {case.backend} {case.op}")
        rows.append(measure_case(case, rounds, target_s, clock))
    return {
        "array": "4x4 float64",
        "torch_threads": None if torch is None else torch.get_num_threads(),
        "pytorch_unavailable": reason,
        "peers_installed": {
            "autoray": importlib.util.find_spec("autoray") is not None,
            "multipledispatch": True,
        },
        "rows": rows,
    }

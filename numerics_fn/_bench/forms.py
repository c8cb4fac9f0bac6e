"""Call forms: keywords, an explicit ``ctx=`` (``exp``, ``zeros``, ``array``), ``asarray`` of an array already
right, and a `Backend` namespace's methods, each against the direct library call (4x4 float64), measured as
`overhead` measures.

Every form must be within `TARGET_NS` of its direct call (issue 14). The namespace rows use
``K = nf.get_backend(name)`` as the seed's code does (``K.exp``, ``K.einsum``, ``K.array(0.3, dtype=K.float64)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import numerics_fn as nf

from ._timing import progress
from .overhead import Case, measure_case, torch_or_reason

__all__ = ["TARGET_NS", "cases", "measure"]

#: The most a call form may add to its direct call (ns, medians).
TARGET_NS = 100.0


def _numpy_forms() -> dict[str, dict[str, str]]:
    """form -> {"direct": statement, "numerics_fn": statement}, on NumPy arrays ``a``, ``b``."""
    return {
        "zeros dtype=": {
            "direct": "np.zeros((4, 4), dtype=np.complex128)",
            "numerics_fn": "nf.zeros((4, 4), dtype=nf.complex128)",
        },
        "eye dtype=": {"direct": "np.eye(2, dtype=np.complex128)", "numerics_fn": "nf.eye(2, dtype=nf.complex128)"},
        "array dtype=": {
            "direct": "np.array(0.3, dtype=np.float64)",
            "numerics_fn": "nf.array(0.3, dtype=nf.float64)",
        },
        "zeros device=": {"direct": "np.zeros((4, 4), device='cpu')", "numerics_fn": "nf.zeros((4, 4), device='cpu')"},
        "sum axis=": {"direct": "np.sum(a, axis=0)", "numerics_fn": "nf.sum(a, axis=0)"},
        "sum keepdims=": {
            "direct": "np.sum(a, axis=0, keepdims=True)",
            "numerics_fn": "nf.sum(a, axis=0, keepdims=True)",
        },
        "exp ctx=": {"direct": "np.exp(a)", "numerics_fn": "nf.exp(a, ctx=ctx)"},
        "zeros ctx=": {"direct": "np.zeros((4, 4))", "numerics_fn": "nf.zeros((4, 4), ctx=ctx)"},
        "array ctx=": {
            "direct": "np.array(0.3, dtype=np.float64)",
            "numerics_fn": "nf.array(0.3, dtype=nf.float64, ctx=ctx)",
        },
        "asarray": {"direct": "np.asarray(a)", "numerics_fn": "nf.asarray(a)"},
        "asarray dtype=": {
            "direct": "np.asarray(a, dtype=np.float64)",
            "numerics_fn": "nf.asarray(a, dtype=nf.float64)",
        },
        "K.exp": {"direct": "np.exp(a)", "numerics_fn": "K.exp(a)"},
        "K.einsum": {"direct": "np.einsum('ij,jk->ik', a, b)", "numerics_fn": "K.einsum('ij,jk->ik', a, b)"},
        "K.reshape": {"direct": "np.reshape(a, (16,))", "numerics_fn": "K.reshape(a, (16,))"},
        "K.array": {"direct": "np.array(0.3, dtype=np.float64)", "numerics_fn": "K.array(0.3, dtype=K.float64)"},
        "K.zeros": {
            "direct": "np.zeros((4, 4), dtype=np.complex128)",
            "numerics_fn": "K.zeros((4, 4), dtype=K.complex128)",
        },
    }


def _torch_forms() -> dict[str, dict[str, str]]:
    """The same forms on tensors ``t``, ``u`` (the Context in force is torch's)."""
    return {
        "zeros dtype=": {
            "direct": "torch.zeros((4, 4), dtype=torch.complex128)",
            "numerics_fn": "nf.zeros((4, 4), dtype=nf.complex128)",
        },
        "eye dtype=": {
            "direct": "torch.eye(2, dtype=torch.complex128)",
            "numerics_fn": "nf.eye(2, dtype=nf.complex128)",
        },
        "array dtype=": {
            "direct": "torch.tensor(0.3, dtype=torch.float64)",
            "numerics_fn": "nf.array(0.3, dtype=nf.float64)",
        },
        "zeros device=": {
            "direct": "torch.zeros((4, 4), dtype=torch.float64, device='cpu')",
            "numerics_fn": "nf.zeros((4, 4), device='cpu')",
        },
        "sum axis=": {"direct": "torch.sum(t, dim=0)", "numerics_fn": "nf.sum(t, axis=0)"},
        "sum keepdims=": {
            "direct": "torch.sum(t, dim=0, keepdim=True)",
            "numerics_fn": "nf.sum(t, axis=0, keepdims=True)",
        },
        "exp ctx=": {"direct": "torch.exp(t)", "numerics_fn": "nf.exp(t, ctx=tctx)"},
        "zeros ctx=": {
            "direct": "torch.zeros((4, 4), dtype=torch.float64)",
            "numerics_fn": "nf.zeros((4, 4), ctx=tctx)",
        },
        "array ctx=": {
            "direct": "torch.tensor(0.3, dtype=torch.float64)",
            "numerics_fn": "nf.array(0.3, dtype=nf.float64, ctx=tctx)",
        },
        "asarray": {"direct": "torch.asarray(t)", "numerics_fn": "nf.asarray(t)"},
        "asarray dtype=": {
            "direct": "torch.asarray(t, dtype=torch.float64)",
            "numerics_fn": "nf.asarray(t, dtype=nf.float64)",
        },
        "K.exp": {"direct": "torch.exp(t)", "numerics_fn": "KT.exp(t)"},
        "K.einsum": {"direct": "torch.einsum('ij,jk->ik', t, u)", "numerics_fn": "KT.einsum('ij,jk->ik', t, u)"},
        "K.reshape": {"direct": "torch.reshape(t, (16,))", "numerics_fn": "KT.reshape(t, (16,))"},
        "K.array": {
            "direct": "torch.tensor(0.3, dtype=torch.float64)",
            "numerics_fn": "KT.array(0.3, dtype=KT.float64)",
        },
        "K.zeros": {
            "direct": "torch.zeros((4, 4), dtype=torch.complex128)",
            "numerics_fn": "KT.zeros((4, 4), dtype=KT.complex128)",
        },
    }


def cases(torch: Any) -> list[Case]:
    """Every call-form case that can run here (torch rows only when ``torch`` is given)."""
    rng = np.random.default_rng(0)
    a, b = rng.random((4, 4)), rng.random((4, 4))
    namespace: dict[str, Any] = {"np": np, "nf": nf, "a": a, "b": b, "torch": torch}
    namespace.update(K=nf.get_backend("numpy"), ctx=nf.Context("numpy"))
    out = [Case("numpy", form, "call form", s, namespace, nf.Context("numpy")) for form, s in _numpy_forms().items()]
    if torch is not None:
        namespace.update(t=torch.from_numpy(a.copy()), u=torch.from_numpy(b.copy()))
        namespace.update(KT=nf.get_backend("pytorch"), tctx=nf.Context("pytorch"))
        tctx = nf.Context("pytorch")
        out += [Case("pytorch", form, "call form", s, namespace, tctx) for form, s in _torch_forms().items()]
    return out


def measure(rounds: int, target_s: float, clock: Callable[[], float]) -> dict[str, Any]:
    """The call-forms section: one row per case (as the overhead section's rows)."""
    torch, reason = torch_or_reason()
    all_cases = cases(torch)
    rows = []
    for i, case in enumerate(all_cases, 1):
        progress(f"call forms {i}/{len(all_cases)}: {case.backend} {case.op}")
        rows.append(measure_case(case, rounds, target_s, clock))
    return {"array": "4x4 float64", "target_ns": TARGET_NS, "pytorch_unavailable": reason, "rows": rows}

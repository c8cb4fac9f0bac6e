"""`import numerics_fn` is light: no torch, no cupynumeric, no legate, and of the backends only their descriptors."""

from __future__ import annotations

import ast
import subprocess
import sys

from numerics_fn._backends import builtin_specs

# The packages whose __init__ holds a built-in backend's descriptor (numerics_fn._backends.numpy, ...).
DESCRIPTORS = sorted(spec.implementation.rpartition(".")[0] for spec in builtin_specs())


def test_import_loads_no_heavy_backend() -> None:
    code = (
        "import sys, numerics_fn\n"
        "heavy = [m for m in ('torch', 'cupynumeric', 'legate') if m in sys.modules]\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('numerics_fn._backends.'))\n"
        "print(heavy, loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"[] {DESCRIPTORS}"


def test_numpy_backend_loads_on_first_use_only() -> None:
    code = (
        "import sys, numpy as np, numerics_fn as nf\n"
        "nf.exp(np.ones(2))\n"
        "print(sorted(m for m in sys.modules if m.startswith('numerics_fn._backends.')), 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, torch_loaded = out.stdout.strip().rsplit(" ", 1)
    modules = ast.literal_eval(loaded)
    assert torch_loaded == "False"
    assert "numerics_fn._backends.numpy.implementation" in modules
    others = [d for d in DESCRIPTORS if d != "numerics_fn._backends.numpy"]
    assert [m for m in modules if m.startswith(tuple(f"{d}." for d in others))] == []  # nothing but descriptors

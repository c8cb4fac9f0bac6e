"""`import numerics_fn` is light: no torch, no cupynumeric, no legate, and no backend module."""

from __future__ import annotations

import subprocess
import sys


def test_import_loads_no_heavy_backend() -> None:
    code = (
        "import sys, numerics_fn\n"
        "heavy = [m for m in ('torch', 'cupynumeric', 'legate') if m in sys.modules]\n"
        "loaded = [m for m in sys.modules if m.startswith('numerics_fn._backends.')]\n"
        "print(heavy, loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_numpy_backend_loads_on_first_use_only() -> None:
    code = (
        "import sys, numpy as np, numerics_fn as nf\n"
        "nf.exp(np.ones(2))\n"
        "print(sorted(m for m in sys.modules if m.startswith('numerics_fn._backends.')), 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    expected = [
        "numerics_fn._backends.numpy",
        "numerics_fn._backends.numpy.implementation",
        "numerics_fn._backends.numpy_like",
        "numerics_fn._backends.numpy_like.array_api",
        "numerics_fn._backends.numpy_like.core",
        "numerics_fn._backends.numpy_like.scientific",
        "numerics_fn._backends.options",
    ]
    assert out.stdout.strip() == f"{expected} False"

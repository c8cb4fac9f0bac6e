"""nf.jit on NumPy input (issue 17, item 5): torch.compile on tensors sharing the arrays' memory, one
program per input signature, results converted back; a declared fallback where that fails.

In a fresh interpreter: torch.compile leaves Dynamo hooks and compiled kernels in the process, after which
torch under the 16-thread stress test of test_concurrency.py has crashed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import require

_SCRIPT = """
import json, warnings
import numpy as np
import numerics_fn as nf

warnings.simplefilter("error")
report = {}

def chain(x):
    y = nf.sin(x) * 2.0 + 1.0
    y = nf.exp(-y) * x + nf.sqrt(x)
    return nf.tanh(nf.log1p(y * y) - 0.5 * x) + nf.cos(x) * 0.25

x = np.random.default_rng(0).uniform(0.1, 1.0, 1000)
jitted = nf.jit(chain)
got = jitted(x)
want = chain(x)
report["type"] = type(got).__name__
report["dtype"] = str(got.dtype)
report["max_rel"] = float(np.max(np.abs(got - want) / np.abs(want)))
jitted(x + 1.0)  # the same signature: the same program
report["programs_after_same_signature"] = len([k for k in jitted.cache if k != "warned"])
got32 = jitted(x.astype(np.float32)[:10])  # another signature: another program
report["programs_after_new_signature"] = len([k for k in jitted.cache if k != "warned"])
report["dtype32"] = str(got32.dtype)
pair = nf.jit(lambda d: {"s": d["a"] * d["b"], "n": nf.sum(d["a"])})({"a": x, "b": 2.0})
report["pytree"] = bool(np.allclose(pair["s"], 2 * x) and np.isclose(pair["n"], x.sum()))

scaled = nf.jit(lambda v, s: v * s)  # a Python number is a constant of the signature
report["scalars"] = bool(np.array_equal(scaled(x, 2.0), x * 2.0) and np.array_equal(scaled(x, 3.0), x * 3.0))

def branchy(v):  # a value read out of the array: never baked into a program
    return v * 2 if float(nf.sum(v)) > 0 else v * 3

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    jb = nf.jit(branchy)
    report["branchy"] = bool(np.array_equal(jb(x), x * 2) and np.array_equal(jb(-x), -x * 3))
    report["branchy_warnings"] = len([w for w in caught if issubclass(w.category, nf.JitFallbackWarning)])

def numpy_only(v):
    return v * 2 if v.flags.c_contiguous else v  # tensors have no .flags

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    out = nf.jit(numpy_only)(x)
    report["fallback_value"] = bool(np.array_equal(out, x * 2))
    report["fallback_warnings"] = [str(w.message)[:200] for w in caught if issubclass(w.category, nf.JitFallbackWarning)]
print(json.dumps(report))
"""


@pytest.mark.slow
def test_jit_compiles_numpy_input_per_signature() -> None:
    require("pytorch")
    result = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["type"] == "ndarray" and report["dtype"] == "float64"
    assert report["max_rel"] < 1e-12
    assert report["programs_after_same_signature"] == 1
    assert report["programs_after_new_signature"] == 2 and report["dtype32"] == "float32"
    assert report["pytree"] and report["scalars"]
    assert report["branchy"] and report["branchy_warnings"] == 1
    assert report["fallback_value"]
    assert len(report["fallback_warnings"]) == 1
    assert (
        "jit: cannot compile numpy_only for NumPy input because torch.compile failed" in report["fallback_warnings"][0]
    )


_CUPYNUMERIC = """
import json, warnings
from numerics_fn import cpu_legate
cpu_legate.setup()
import numpy as np
import numerics_fn as nf

x = np.random.default_rng(0).uniform(0.1, 1.0, 1000)
xc = nf.convert(x, "cupynumeric")

def chain(v):
    return nf.tanh(nf.exp(-nf.sin(v)) * v + nf.sqrt(v)) * 0.5 + nf.cos(v)

with warnings.catch_warnings():
    warnings.simplefilter("error", nf.JitFallbackWarning)
    got = nf.jit(chain)(xc)
want = nf.to_numpy(chain(xc))
report = {"backend": nf.backend_of(got), "max_rel": float(np.max(np.abs(nf.to_numpy(got) - want) / np.abs(want)))}
print(json.dumps(report))
"""


@pytest.mark.slow
def test_jit_compiles_cupynumeric_input() -> None:
    require("pytorch")
    require("cupynumeric")
    result = subprocess.run([sys.executable, "-c", _CUPYNUMERIC], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["backend"] == "cupynumeric" and report["max_rel"] < 1e-12


def test_a_used_jit_pickles_without_its_programs() -> None:
    import pickle

    import numerics_fn as nf

    jitted = nf.jit(abs)
    jitted.cache[("a signature",)] = object()  # stands for a compiled program, which cannot be pickled
    copy = pickle.loads(pickle.dumps(jitted))
    assert copy == jitted and copy.fn is abs and copy.cache == {}

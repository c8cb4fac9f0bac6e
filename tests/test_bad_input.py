"""Bad input: every bad call raises the documented error type, and its message names the operation.

`BAD` is one table of bad calls across the catalogue (wrong types, None, strings, ragged
lists, unknown dtype names, backends, devices, policies and argnums, a non-scalar function
given to ``grad``, torch mixed with cuPyNumeric). Each row runs on every loadable backend:
its array arguments are arrays of that backend and creation runs inside ``use_backend``.
Errors of the backend library itself (a shape mismatch in ``matmul``) must pass through
unchanged: `test_library_errors_pass_through` compares them with the library's own error.
`test_the_process_survives_every_bad_call` runs the whole table in a fresh interpreter and
checks its exit status: nothing aborts.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import require, unavailable_reason

import numerics_fn as nf

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Arrays:
    """What a row may use: the backend under test, a 2x2 float64 array on it, a generator of it."""

    name: str
    x: Any
    rng: Any


def _sq(v: Any) -> Any:
    return nf.sum(v * v)


def _enter(backend: str, **fields: Any) -> object:
    with nf.use_backend(backend, **fields) as ctx:
        return ctx


@dataclass(frozen=True)
class Bad:
    """One bad call: ``call(arrays)`` must raise ``error`` with a message starting ``"{op}: "``."""

    id: str
    error: type[Exception]
    op: str
    call: Callable[[Arrays], object]
    needs: tuple[str, ...] = ()  # other backends the row needs ("pytorch", "cupynumeric")


US, NF, DE, MB = nf.UnsupportedTypeError, nf.BackendNotFoundError, nf.DeviceError, nf.MixedBackendError
T = ("pytorch",)  # exact gradients run through torch's autograd

BAD: tuple[Bad, ...] = (
    # wrong types of array arguments
    Bad("exp-object", US, "exp", lambda a: nf.exp(object())),
    Bad("exp-dict", US, "exp", lambda a: nf.exp({"x": 1})),
    # a ragged list beside an array (no array can hold it): named, as asarray names it
    Bad("matmul-ragged-list", US, "matmul", lambda a: nf.matmul(a.x, [[1.0, 2.0], [3.0]])),
    Bad("add-ragged-list-first", US, "add", lambda a: nf.add([[1.0], [2.0, 3.0]], a.x)),
    Bad("stack-ragged-list", US, "stack", lambda a: nf.stack([a.x, [[1.0], [2.0, 3.0]]])),
    Bad("sum-bytes", US, "sum", lambda a: nf.sum(b"12")),
    Bad("matmul-object", US, "matmul", lambda a: nf.matmul(a.x, object())),
    Bad("reshape-object", US, "reshape", lambda a: nf.reshape(object(), (4,))),
    Bad("solve-set", US, "solve", lambda a: nf.solve(a.x, {1.0, 2.0})),
    Bad("einsum-object", US, "einsum", lambda a: nf.einsum("ij->", object())),
    Bad("stack-not-a-sequence", US, "stack", lambda a: nf.stack(3)),
    Bad("concatenate-none", US, "concatenate", lambda a: nf.concatenate(None)),
    Bad("where-dict", US, "where", lambda a: nf.where(a.x > 0, a.x, {})),
    Bad("to_numpy-object", US, "to_numpy", lambda a: nf.to_numpy(object())),
    Bad("backend_of-object", US, "backend_of", lambda a: nf.backend_of(object())),
    Bad("asarray-object", US, "asarray", lambda a: nf.asarray(object())),
    Bad("exp-ctx-string", US, "exp", lambda a: nf.exp(a.x, ctx=a.name)),  # type: ignore[arg-type]
    Bad("zeros-ctx-int", US, "zeros", lambda a: nf.zeros(2, ctx=3)),  # type: ignore[arg-type]
    # None
    Bad("exp-none", US, "exp", lambda a: nf.exp(None)),
    Bad("matmul-none", US, "matmul", lambda a: nf.matmul(a.x, None)),
    Bad("where-none", US, "where", lambda a: nf.where(None, a.x, a.x)),
    Bad("stack-none-inside", US, "stack", lambda a: nf.stack([a.x, None])),
    Bad("einsum-none", US, "einsum", lambda a: nf.einsum("ij->", None)),
    Bad("asarray-none", US, "asarray", lambda a: nf.asarray(None)),
    Bad("full-none", US, "full", lambda a: nf.full(2, None)),
    Bad("zeros-none", US, "zeros", lambda a: nf.zeros(None)),
    Bad("empty-none", US, "empty", lambda a: nf.empty(None)),
    Bad("empty-str", US, "empty", lambda a: nf.empty("ab")),
    Bad("full-none-shape", US, "full", lambda a: nf.full(None, 1.0)),
    Bad("eye-none", US, "eye", lambda a: nf.eye(None)),
    Bad("arange-none", US, "arange", lambda a: nf.arange(None)),
    Bad("normal-none-rng", US, "normal", lambda a: nf.normal(None, 3)),
    Bad("normal-none-shape", US, "normal", lambda a: nf.normal(a.rng, None)),
    # strings
    Bad("exp-string", US, "exp", lambda a: nf.exp("1.0")),
    Bad("matmul-string", US, "matmul", lambda a: nf.matmul(a.x, "ab")),
    Bad("clip-string", US, "clip", lambda a: nf.clip(a.x, "a", 1.0)),
    Bad("asarray-string", US, "asarray", lambda a: nf.asarray("abc")),
    Bad("asarray-strings", US, "asarray", lambda a: nf.asarray(["a", "b"])),
    Bad("zeros-string", US, "zeros", lambda a: nf.zeros("abc")),
    Bad("ones-float-shape", US, "ones", lambda a: nf.ones(2.5)),
    Bad("full-string-shape", US, "full", lambda a: nf.full("a", 1.0)),
    Bad("eye-string", US, "eye", lambda a: nf.eye("3")),
    Bad("arange-string", US, "arange", lambda a: nf.arange("a")),
    Bad("linspace-string", US, "linspace", lambda a: nf.linspace("a", 1.0)),
    Bad("rng-string-seed", US, "rng", lambda a: nf.rng("seed")),
    Bad("uniform-string-shape", US, "uniform", lambda a: nf.uniform(a.rng, "a")),
    # ragged lists
    Bad("asarray-ragged", US, "asarray", lambda a: nf.asarray([[1, 2], [3]])),
    Bad("array-ragged", US, "array", lambda a: nf.array([[1.0], [2.0, 3.0]])),
    Bad("exp-ragged", US, "exp", lambda a: nf.exp([[1.0, 2.0], [3.0]])),
    Bad("full-ragged-fill", US, "full", lambda a: nf.full((2, 2), [[1.0], [2.0, 3.0]])),
    # unknown dtype names
    Bad("zeros-dtype", US, "zeros", lambda a: nf.zeros(2, dtype="float128")),
    Bad("asarray-dtype", US, "asarray", lambda a: nf.asarray([1], dtype="quux")),
    Bad("cast-dtype", US, "cast", lambda a: nf.cast(a.x, "floaty")),
    Bad("cast-dtype-none", US, "cast", lambda a: nf.cast(a.x, None)),
    Bad("sum-dtype", US, "sum", lambda a: nf.sum(a.x, dtype="bad")),
    Bad("mean-dtype", US, "mean", lambda a: nf.mean(a.x, dtype=object)),
    Bad("ones_like-dtype", US, "ones_like", lambda a: nf.ones_like(a.x, dtype="int3")),
    Bad("normal-dtype", US, "normal", lambda a: nf.normal(a.rng, 3, dtype="float8")),
    Bad("uniform-int-dtype", US, "uniform", lambda a: nf.uniform(a.rng, 3, dtype="int64")),
    Bad("dtype-token", US, "DType", lambda a: nf.DType("float1")),
    # unknown backends
    Bad("context-backend", NF, "Context", lambda a: nf.Context(backend="jax")),
    Bad("context-backend-none", NF, "Context", lambda a: nf.Context(backend=None)),  # type: ignore[arg-type]
    Bad("use_backend-backend", NF, "use_backend", lambda a: _enter("jax")),
    Bad("set_backend-backend", NF, "set_backend", lambda a: nf.set_backend("tensorflow")),
    Bad("get_backend-backend", NF, "get_backend", lambda a: nf.get_backend("jax")),
    Bad("convert-backend", NF, "convert", lambda a: nf.convert(a.x, "jax")),
    Bad("convert-backend-list", NF, "convert", lambda a: nf.convert(a.x, ["numpy"])),  # type: ignore[arg-type]
    # bad devices, precisions, Context fields
    Bad("context-device", DE, "Context", lambda a: nf.Context(device="gpu")),
    Bad("context-device-int", DE, "Context", lambda a: nf.Context(device=3)),  # type: ignore[arg-type]
    Bad("context-numpy-cuda", DE, "Context", lambda a: nf.Context("numpy", device="cuda")),
    Bad("use_backend-device", DE, "use_backend", lambda a: _enter("numpy", device="cuda:0")),
    Bad("set_backend-device", DE, "set_backend", lambda a: nf.set_backend("numpy", device="tpu")),
    Bad("convert-device", DE, "convert", lambda a: nf.convert(a.x, "numpy", device="cuda")),
    Bad(
        "use_backend-precision",
        ValueError,
        "use_backend",
        lambda a: _enter(a.name, precision="f16"),
    ),
    Bad("use_backend-field", TypeError, "use_backend", lambda a: _enter(a.name, fast=True)),
    Bad("solve-assume_a", ValueError, "solve", lambda a: nf.solve(a.x, a.x, assume_a="bogus")),
    # policies, argnums, methods, functions given to the transforms
    Bad(
        "vectorize-policy",
        ValueError,
        "vectorize_or_fallback",
        lambda a: nf.vectorize_or_fallback(_sq, policy="x")(a.x),
    ),
    Bad("grad-method", ValueError, "grad", lambda a: nf.grad(_sq, method="magic")(a.x)),
    Bad("grad-argnums-range", ValueError, "grad", lambda a: nf.grad(_sq, argnums=3)(a.x)),
    Bad("grad-argnums-str", TypeError, "grad", lambda a: nf.grad(_sq, argnums="a")(a.x)),  # type: ignore[arg-type]
    Bad("grad-argnums-float", TypeError, "grad", lambda a: nf.grad(_sq, argnums=1.5)(a.x)),  # type: ignore[arg-type]
    Bad("value_and_grad-argnums", ValueError, "value_and_grad", lambda a: nf.value_and_grad(_sq, argnums=(0, 5))(a.x)),
    Bad("jacfwd-argnums", ValueError, "jacfwd", lambda a: nf.jacfwd(_sq, argnums=4)(a.x)),
    Bad("grad-not-callable", TypeError, "grad", lambda a: nf.grad(3)(a.x)),  # type: ignore[arg-type]
    Bad("grad-non-scalar", ValueError, "grad", lambda a: nf.grad(lambda v: v * 2.0)(a.x), T),
    Bad("hessian-non-scalar", ValueError, "hessian", lambda a: nf.hessian(lambda v: v)(a.x), T),
    Bad("grad-complex-output", TypeError, "grad", lambda a: nf.grad(lambda v: nf.sum(v) * 1j)(a.x), T),
    Bad("grad-string-output", TypeError, "grad", lambda a: nf.grad(lambda v: "loss")(a.x), T),
    Bad("vmap-in_axes", TypeError, "vmap", lambda a: nf.vmap(_sq, in_axes="a")(a.x)),  # type: ignore[arg-type]
    # torch mixed with cuPyNumeric
    Bad("mixed-matmul", MB, "matmul", lambda a: nf.matmul(_t(a.x), _c(a.x)), ("pytorch", "cupynumeric")),
    Bad("mixed-stack", MB, "stack", lambda a: nf.stack([_t(a.x), _c(a.x)]), ("pytorch", "cupynumeric")),
    Bad("mixed-einsum", MB, "einsum", lambda a: nf.einsum("ij,ij->", _c(a.x), _t(a.x)), ("pytorch", "cupynumeric")),
    Bad("mixed-where", MB, "where", lambda a: nf.where(_t(a.x) > 0, a.x, _c(a.x)), ("pytorch", "cupynumeric")),
)


def _t(x: Any) -> Any:
    return nf.convert(x, "pytorch")


def _c(x: Any) -> Any:
    return nf.convert(x, "cupynumeric")


def arrays_on(backend: str) -> Arrays:
    """The values a row may use, on ``backend``."""
    ctx = nf.Context(backend)
    return Arrays(backend, nf.asarray(np.array([[2.0, 1.0], [1.0, 3.0]]), ctx=ctx), nf.rng(0, ctx=ctx))


def run(row: Bad, arrays: Arrays) -> BaseException | None:
    """Run one row inside ``use_backend``; the exception it raised (None if none)."""
    with nf.use_backend(arrays.name):
        try:
            row.call(arrays)
        except Exception as err:  # the caller checks the type
            return err
    return None


def check(row: Bad, err: BaseException | None) -> str | None:
    """What is wrong with the outcome of ``row`` (None if it is right)."""
    if err is None:
        return "no error was raised"
    if not isinstance(err, row.error):
        return f"raised {type(err).__module__}.{type(err).__qualname__}: {err}, not {row.error.__name__}"
    if not str(err).startswith(f"{row.op}: "):
        return f"the message does not start with {row.op + ': '!r}: {err}"
    return None


def test_the_table_is_broad() -> None:
    assert len(BAD) >= 40
    assert len({row.id for row in BAD}) == len(BAD)
    kinds = {row.error for row in BAD}
    assert {US, NF, DE, MB} <= kinds


@pytest.mark.parametrize("row", BAD, ids=[row.id for row in BAD])
def test_bad_call_raises_the_documented_error_naming_the_op(row: Bad, backend: str) -> None:
    for other in row.needs:
        require(other)
    problem = check(row, run(row, arrays_on(backend)))
    assert problem is None, problem


def test_a_device_the_machine_lacks_is_a_device_error_naming_the_op() -> None:
    require("pytorch")
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: device='cuda' is valid here")
    with pytest.raises(nf.DeviceError, match=r"^zeros: device 'cuda'"):
        nf.zeros(2, ctx=nf.Context("pytorch", device="cuda"))


# --- the library's own errors pass through unchanged ------------------------------------
_LIBRARY = {"numpy": "numpy", "pytorch": "torch", "cupynumeric": "cupynumeric"}
_LIBRARY_ERRORS: dict[str, tuple[Callable[..., Any], Callable[[Any], Any], tuple[np.ndarray[Any, Any], ...]]] = {
    # id: (numerics_fn call, the library's own call, NumPy inputs)
    "matmul-shape-mismatch": (nf.matmul, lambda lib: lib.matmul, (np.ones((2, 3)), np.ones((2, 3)))),
    "reshape-size-mismatch": (lambda a: nf.reshape(a, (7,)), lambda lib: lambda a: lib.reshape(a, (7,)), (np.ones(4),)),
    "solve-singular": (nf.solve, lambda lib: lib.linalg.solve, (np.zeros((2, 2)), np.ones((2, 1)))),
    "cholesky-not-positive": (nf.cholesky, lambda lib: lib.linalg.cholesky, (-np.eye(2),)),
}


@pytest.mark.parametrize("case", list(_LIBRARY_ERRORS), ids=list(_LIBRARY_ERRORS))
def test_library_errors_pass_through(case: str, backend: str) -> None:
    ours, theirs, inputs = _LIBRARY_ERRORS[case]
    args = tuple(nf.convert(v, backend) for v in inputs)
    lib = importlib.import_module(_LIBRARY[backend])
    with pytest.raises(Exception) as reference:  # whatever the library raises
        theirs(lib)(*args)
    with pytest.raises(type(reference.value)) as got:
        ours(*args)
    assert type(got.value) is type(reference.value)
    assert not isinstance(got.value, nf.NumericsError)
    assert str(got.value) == str(reference.value)


# --- nothing aborts ---------------------------------------------------------------------
def main() -> int:
    """Run every row on every loadable backend; print a JSON report; 0 if every row was right."""
    loadable = [b for b in ("numpy", "pytorch", "cupynumeric") if unavailable_reason(b) is None]
    problems: dict[str, str] = {}
    ran = 0
    for backend in loadable:
        arrays = arrays_on(backend)
        for row in BAD:
            if all(b in loadable for b in row.needs):
                ran += 1
                problem = check(row, run(row, arrays))
                if problem is not None:
                    problems[f"{backend}/{row.id}"] = problem
    print(json.dumps({"backends": loadable, "ran": ran, "problems": problems}))
    return 1 if problems else 0


def test_the_process_survives_every_bad_call() -> None:
    code = "import sys; sys.path.insert(0, 'tests'); import test_bad_input; sys.exit(test_bad_input.main())"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env, check=False
    )
    assert proc.returncode in (0, 1), f"the process died (exit {proc.returncode}): {proc.stderr[-3000:]}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["problems"] == {}
    assert report["ran"] >= len(BAD) - sum(1 for row in BAD if row.needs)

"""Context: validation, nesting, restore on exception, explicit ctx, thread and task isolation."""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import subprocess
import sys
import threading

import numpy as np
import pytest

import numerics_fn as nf


def test_default_context() -> None:
    assert nf.current_context() == nf.Context() == nf.Context("numpy", None, "float64")


def test_context_is_frozen_hashable_slotted() -> None:
    ctx = nf.Context()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.backend = "pytorch"  # type: ignore[misc]
    assert not hasattr(ctx, "__dict__")
    assert len({ctx, nf.Context(), nf.Context(precision="float32")}) == 2


def test_replace_returns_validated_copy() -> None:
    ctx = nf.Context()
    new = ctx.replace(precision="float32")
    assert (ctx.precision, new.precision) == ("float64", "float32")
    with pytest.raises(nf.BackendNotFoundError, match="unknown backend 'jax'"):
        ctx.replace(backend="jax")


def test_alias_torch_is_pytorch() -> None:
    assert nf.Context(backend="torch").backend == "pytorch"


def test_unknown_backend_lists_known_names() -> None:
    with pytest.raises(
        nf.BackendNotFoundError,
        match=r"Context: unknown backend 'tensorflow'; the known backends are numpy, pytorch, cupynumeric",
    ):
        nf.Context(backend="tensorflow")
    assert issubclass(nf.BackendNotFoundError, ValueError)


@pytest.mark.parametrize(
    ("backend", "device", "match"),
    [
        ("numpy", "cuda", r"Context: backend 'numpy' cannot use device 'cuda'"),
        ("pytorch", "gpu0", r"Context: device 'gpu0' is not a device name; use None, 'cpu', 'cuda' or 'cuda:N'"),
        ("pytorch", 3, r"Context: device 3 is not a device name"),
    ],
)
def test_bad_device(backend: str, device: object, match: str) -> None:
    with pytest.raises(nf.DeviceError, match=match):
        nf.Context(backend=backend, device=device)  # type: ignore[arg-type]


def test_bad_precision() -> None:
    with pytest.raises(ValueError, match=r"Context: precision 'float16' is not supported; use 'float64' or 'float32'"):
        nf.Context(precision="float16")


def test_context_validation_does_not_import_backend() -> None:
    code = (
        "import sys, numerics_fn as nf; nf.Context(backend='pytorch', device='cuda:1'); print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_use_backend_nests_and_restores() -> None:
    outer = nf.current_context()
    with nf.use_backend("numpy", precision="float32") as a:
        assert nf.current_context() is a and a.precision == "float32"
        with nf.use_backend("numpy") as b:
            assert b.precision == "float32"  # precision carries over
            assert nf.zeros(1).dtype == np.float32
        assert nf.current_context() is a
    assert nf.current_context() is outer


def test_use_backend_restores_on_exception() -> None:
    outer = nf.current_context()
    with pytest.raises(RuntimeError, match="boom"), nf.use_backend("numpy", precision="float32"):
        raise RuntimeError("boom")
    assert nf.current_context() is outer


def test_use_backend_device_does_not_carry_over() -> None:
    with nf.use_backend(nf.Context("pytorch", "cpu")), nf.use_backend("numpy") as ctx:
        assert ctx.device is None


def test_use_backend_accepts_context_as_is() -> None:
    given = nf.Context(precision="float32")
    with nf.use_backend(given) as ctx:
        assert ctx is given


def test_set_backend_sets_until_changed() -> None:
    def run() -> tuple[str, str]:
        before = nf.current_context().precision
        nf.set_backend("numpy", precision="float32")
        return before, nf.current_context().precision

    # run in a copy of the context so the test leaves no trace
    assert contextvars.copy_context().run(run) == ("float64", "float32")
    assert nf.current_context().precision == "float64"


def test_explicit_ctx_wins() -> None:
    with nf.use_backend("numpy", precision="float32"):
        assert nf.zeros(2, ctx=nf.Context()).dtype == np.float64
        assert nf.asarray([1.5], ctx=nf.Context()).dtype == np.float64
        assert nf.normal(nf.rng(0), 2, ctx=nf.Context()).dtype == np.float64
        assert nf.exp([1.0], ctx=nf.Context()).dtype == np.float64
        assert nf.exp([1.0]).dtype == np.float32


def test_ctx_never_moves_existing_arrays() -> None:
    x = np.ones(2)
    assert nf.backend_of(nf.exp(x, ctx=nf.Context(backend="pytorch"))) == "numpy"


def test_bad_ctx_type() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=r"exp: ctx must be a numerics_fn.Context or None, got a str"):
        nf.exp(np.ones(2), ctx="numpy")  # type: ignore[arg-type]
    with pytest.raises(nf.UnsupportedTypeError, match=r"zeros: ctx must be a numerics_fn.Context"):
        nf.zeros(2, ctx="numpy")  # type: ignore[arg-type]


def test_threads_are_isolated_while_blocks_overlap() -> None:
    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {"float32": [], "float64": []}

    def worker(precision: str) -> None:
        with nf.use_backend("numpy", precision=precision):
            for _ in range(200):
                barrier.wait()
                seen[precision].append(str(nf.zeros(1).dtype))

    threads = [threading.Thread(target=worker, args=(p,)) for p in seen]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"float32": ["float32"] * 200, "float64": ["float64"] * 200}


def test_new_thread_starts_at_default_unless_copied() -> None:
    results: list[str] = []
    with nf.use_backend("numpy", precision="float32"):
        t = threading.Thread(target=lambda: results.append(nf.current_context().precision))
        t.start()
        t.join()
        ctx = contextvars.copy_context()
        t = threading.Thread(target=lambda: ctx.run(lambda: results.append(nf.current_context().precision)))
        t.start()
        t.join()
    assert results == ["float64", "float32"]


def test_asyncio_tasks_are_isolated_and_inherit() -> None:
    async def task(precision: str) -> list[str]:
        out = []
        with nf.use_backend("numpy", precision=precision):
            for _ in range(20):
                await asyncio.sleep(0)
                out.append(str(nf.zeros(1).dtype))
        return out

    async def child_sees_parent() -> str:
        return nf.current_context().precision

    async def main() -> tuple[list[list[str]], str]:
        results = await asyncio.gather(*(task(p) for p in ["float32", "float64"] * 5))
        with nf.use_backend("numpy", precision="float32"):
            inherited = await asyncio.create_task(child_sees_parent())
        return results, inherited

    results, inherited = asyncio.run(main())
    for precision, out in zip(["float32", "float64"] * 5, results, strict=True):
        assert out == [precision] * 20
    assert inherited == "float32"


def test_environment_variables_choose_default() -> None:
    code = "import numerics_fn as nf; print(nf.current_context())"
    env = {"NUMERICS_FN_BACKEND": "torch", "NUMERICS_FN_PRECISION": "float32", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "Context(backend='pytorch', device=None, precision='float32')"
    bad = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**env, "NUMERICS_FN_BACKEND": "jax"}
    )
    assert bad.returncode != 0
    assert "BackendNotFoundError" in bad.stderr and "NUMERICS_FN_BACKEND" in bad.stderr

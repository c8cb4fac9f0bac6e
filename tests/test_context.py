"""Context: validation, nesting, restore on exception, explicit ctx, thread and task isolation."""

from __future__ import annotations

import asyncio
import contextvars
import copy
import dataclasses
import gc
import inspect
import pickle
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import numpy as np
import pytest
from conftest import require, unavailable_reason

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
        match=r"Context: unknown backend 'tensorflow'; the known backends are numpy, cupynumeric, pytorch "
        r"\(aliases: .*'torch' for 'pytorch'\)",
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
    # an explicit ctx of another backend than the arrays' is an error, never silently ignored (test_explicit_ctx_*)
    with pytest.raises(nf.MixedBackendError, match=r"exp: ctx=.* names the pytorch backend, but operand 0 \(a numpy"):
        nf.exp(x, ctx=nf.Context(backend="pytorch"))
    assert nf.backend_of(x) == "numpy"


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


# --- every construction path validates; the public objects pickle -------------------------
def test_a_tampered_pickle_is_validated() -> None:
    data = pickle.dumps(nf.Context("torch", precision="float32"))
    assert pickle.loads(data) == nf.Context("pytorch", precision="float32")
    with pytest.raises(nf.BackendNotFoundError, match=r"unknown backend 'pytorcX'"):
        pickle.loads(data.replace(b"pytorch", b"pytorcX"))
    with pytest.raises(ValueError, match=r"precision 'float33' is not supported"):
        pickle.loads(data.replace(b"float32", b"float33"))
    # the dataclass's own state format (pickles made before Context had __reduce__) is validated too
    ctx = nf.Context.__new__(nf.Context)
    with pytest.raises(nf.DeviceError, match=r"backend 'numpy' cannot use device 'cuda'"):
        ctx.__setstate__(["numpy", "cuda", "float64"])


def test_copy_and_replace_are_validated() -> None:
    ctx = nf.Context("torch", "cpu", "float32")
    assert copy.copy(ctx) == copy.deepcopy(ctx) == ctx
    assert dataclasses.replace(ctx, precision="float64") == nf.Context("pytorch", "cpu", "float64")
    with pytest.raises(nf.BackendNotFoundError, match="unknown backend 'jax'"):
        dataclasses.replace(ctx, backend="jax")
    with pytest.raises(nf.DeviceError, match="not a device name"):
        ctx.replace(device="gpu")
    with pytest.raises(nf.DeviceError, match=r"cannot use device 'cpu:0'|not a device name"):
        ctx.replace(backend="numpy", device="cpu:0")


def _square_sum(x: Any) -> Any:
    return nf.sum(x * x)


@nf.use_backend("numpy", precision="float32")
def _zeros32(n: int) -> Any:
    return nf.zeros(n)


def test_the_public_objects_pickle() -> None:
    objects: list[Any] = [
        nf.Context("torch", precision="float32"), nf.current_context, nf.get_backend("numpy"), nf.exp, nf.zeros,
        nf.value_and_grad(_square_sum), nf.grad(_square_sum, method="finite_difference"), nf.jacfwd(_square_sum),
        nf.hessian(_square_sum), nf.vmap(_square_sum), nf.vectorize_or_fallback(_square_sum), nf.jit(_square_sum),
        nf.in_context(_square_sum, nf.Context(precision="float32")), _zeros32,
    ]  # fmt: skip
    for obj in objects:
        back = pickle.loads(pickle.dumps(obj))
        assert back == obj or back is obj, obj
    assert pickle.loads(pickle.dumps(nf.current_context))() is nf.current_context()
    assert pickle.loads(pickle.dumps(_zeros32))(2).dtype == np.float32


@pytest.mark.parametrize("name", ["numpy", "pytorch"])
def test_generators_pickle_with_their_context_and_stream(name: str) -> None:
    require(name)
    ctx = nf.Context(name, precision="float32")
    gen = nf.rng(7, ctx=ctx)
    nf.normal(gen, 3)
    for back in (pickle.loads(pickle.dumps(gen)), copy.deepcopy(gen)):
        assert back.context == ctx
        assert nf.to_numpy(nf.normal(back, 4)).tolist() == nf.to_numpy(nf.normal(copy.deepcopy(gen), 4)).tolist()
    assert pickle.loads(pickle.dumps(nf.get_backend(name))) == nf.get_backend(name)


# --- an explicit ctx beside arrays: honoured where it can be, else an error ---------------------
class _Sub(np.ndarray):
    """A type no call has seen: its first call is a cache miss (the slow path)."""


@pytest.mark.parametrize("path", ["slow", "fast"])
def test_explicit_ctx_of_another_backend_is_an_error(path: str) -> None:
    require("pytorch")
    import torch

    x = np.ones(2).view(_Sub) if path == "slow" else np.ones(2)
    if path == "fast":
        nf.exp(x)  # cached: the generated function's check runs
    torch32 = nf.Context("torch", precision="float32")
    with pytest.raises(
        nf.MixedBackendError,
        match=r"exp: ctx=Context\(backend='pytorch', device=None, precision='float32'\) names the pytorch backend, "
        r"but operand 0 \(a (test_context\._Sub|numpy\.ndarray)\) belongs to the numpy backend: the arrays decide "
        r"where an operation runs, and an explicit ctx never moves them\. Convert first \(nf\.convert\(x, 'pytorch'\)\)",
    ):
        nf.exp(x, ctx=torch32)
    t = torch.ones(2)
    with pytest.raises(nf.MixedBackendError, match=r"matmul: ctx=.* names the numpy backend, but operand 0 \(a torch"):
        nf.matmul(t, t, ctx=nf.Context())
    with pytest.raises(nf.MixedBackendError, match=r"stack: .* names the pytorch backend"):
        nf.stack([np.ones(2), np.ones(2)], ctx=torch32)
    with pytest.raises(nf.MixedBackendError, match=r"einsum: .* names the pytorch backend"):
        nf.einsum("i,i->", np.ones(2), np.ones(2), ctx=torch32)
    with pytest.raises(nf.MixedBackendError, match=r"add: .* names the numpy backend, but operand 1 \(a torch"):
        nf.add(np.ones(2), t, ctx=nf.Context())  # a mixed call runs on torch: a numpy ctx names the wrong one
    with pytest.raises(
        nf.MixedBackendError,
        match=r"normal: .* but operand 0 \(a .*Generator\) belongs to the numpy backend.*nf\.rng\(seed, ctx=ctx\)",
    ):
        nf.normal(nf.rng(0), 2, ctx=torch32)  # the generator is an operand like an array
    with pytest.raises(nf.MixedBackendError, match=r"zeros_like: .* names the pytorch backend"):
        nf.zeros_like(np.ones(2), ctx=torch32)
    for _ in range(2):  # a list follows the arrays it holds (uncached, then cached)
        with pytest.raises(
            nf.MixedBackendError, match=r"sum: .* numpy backend, but operand 0 \(a list\) belongs to the pytorch"
        ):
            nf.sum([t, t], ctx=nf.Context())
    assert float(nf.sum([t, t], ctx=torch32)) == 4.0


def test_explicit_ctx_of_the_arrays_backend_is_honoured() -> None:
    require("pytorch")
    import torch

    x64 = np.ones(2)
    # precision only chooses the dtype of new float data: the arrays keep theirs (nothing is converted)
    assert nf.exp(x64, ctx=nf.Context(precision="float32")).dtype == np.float64
    assert nf.exp([1.0], ctx=nf.Context(precision="float32")).dtype == np.float32  # neutral data: the ctx's
    t = torch.ones(2, dtype=torch.float64)
    assert nf.exp(t, ctx=nf.Context("torch", precision="float32")).dtype == torch.float64
    mixed = nf.add(np.ones(2), t, ctx=nf.Context("torch", device="cpu"))  # the mixed call's own backend
    assert isinstance(mixed, torch.Tensor) and mixed.dtype == torch.float64
    assert nf.backend_of(nf.get_backend("torch").exp(x64)) == "pytorch"  # a Backend converts first
    assert nf.normal(nf.rng(0, ctx=nf.Context("torch")), 2, ctx=nf.Context("torch", precision="float32")).dtype == (
        torch.float32
    )


def test_explicit_ctx_of_another_device_is_an_error() -> None:
    require("pytorch")
    import torch

    t = torch.ones(2)
    assert nf.exp(t, ctx=nf.Context("torch", device="cpu")).device.type == "cpu"
    with pytest.raises(
        nf.DeviceError,
        match=r"exp: ctx=.* names device 'cuda', but operand 0 is on cpu: an explicit ctx never moves arrays\. "
        r"Move it first with nf\.convert\(x, 'pytorch', device='cuda'\)",
    ):
        nf.exp(t, ctx=nf.Context("torch", device="cuda"))


# --- generators remember their Context; typed scalars keep their dtype -----------------------
@pytest.mark.parametrize("name", ["numpy", "pytorch", "cupynumeric"])
def test_generators_remember_their_context(name: str) -> None:
    require(name)
    K = nf.get_backend(name)
    ctx32 = nf.Context(name, precision="float32")
    gen = nf.rng(0, ctx=ctx32)
    assert gen.context == ctx32
    assert nf.normal(gen, (2,)).dtype == K.float32
    assert nf.uniform(gen, (2,)).dtype == K.float32
    with nf.use_backend(name, precision="float64"):  # the generator's Context, not the ambient one
        assert nf.normal(gen, (2,)).dtype == K.float32
    assert nf.normal(gen, (2,), ctx=nf.Context(name)).dtype == K.float64  # an explicit ctx wins
    assert nf.normal(gen, (2,), dtype="complex128").dtype == K.complex128  # so does a dtype
    with nf.use_backend(name, precision="float32"):
        made_here = nf.rng(1)
    assert nf.normal(made_here, 2).dtype == K.float32
    # the same seed gives the library's own numbers, as before
    if name == "numpy":
        assert nf.normal(nf.rng(3), 4).tolist() == np.random.default_rng(3).normal(0.0, 1.0, 4).tolist()
        plain = np.random.default_rng(0)  # not made by nf.rng: the Context in force decides
        with nf.use_backend("numpy", precision="float32"):
            assert nf.normal(plain, 2).dtype == np.float32
    elif name == "pytorch":
        import torch

        expected = torch.randn(4, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
        assert torch.equal(nf.normal(nf.rng(3, ctx=nf.Context("torch")), 4), expected)


@pytest.mark.parametrize(
    ("data", "precision", "dtype"),
    [
        ([np.float32(1)], "float64", "float32"),
        ([[np.float32(1), np.float32(2)]], "float64", "float32"),
        ([np.float64(1.0)], "float32", "float64"),
        ([np.complex128(1j)], "float32", "complex128"),
        ([1.0, np.float64(2.0)], "float32", "float64"),
        ([np.float16(1)], "float32", "float16"),
        ([1.0, 2.0], "float32", "float32"),
        ([[1.0], [2.0]], "float32", "float32"),
        (1j, "float32", "complex64"),
        ([1, 2], "float32", "int64"),
    ],
)
def test_typed_scalars_in_lists_keep_numpys_dtype(data: Any, precision: str, dtype: str) -> None:
    with nf.use_backend("numpy", precision=precision):
        assert nf.asarray(data).dtype == np.dtype(dtype)
        assert nf.exp(data).dtype == np.result_type(dtype, np.float16)  # an all-neutral call: the same rule
    if unavailable_reason("pytorch") is None:
        assert nf.to_numpy(nf.asarray(data, ctx=nf.Context("torch", precision=precision))).dtype == np.dtype(dtype)


# --- use_backend on coroutines, generators and async generators ---------------------------
F32 = nf.Context("numpy", precision="float32")


def _precision() -> str:
    return nf.current_context().precision


def test_use_backend_decorates_a_plain_function() -> None:
    @nf.use_backend("numpy", precision="float32")
    def f(n: int) -> tuple[Any, str]:
        return nf.zeros(n).dtype, _precision()

    assert f(2) == (np.float32, "float32") and _precision() == "float64"

    @nf.use_backend("numpy")  # a name: the precision in force when the body starts carries over
    def g() -> str:
        return _precision()

    with nf.use_backend(F32):
        assert g() == "float32"
    assert g() == "float64"
    with nf.use_backend("numpy", precision="float64"), pytest.raises(nf.BackendNotFoundError):
        nf.use_backend("nonsense")  # a bad name fails where it is written, not at the first call


def test_use_backend_decorates_a_coroutine_function() -> None:
    @nf.use_backend("numpy", precision="float32")
    async def work() -> list[str]:
        seen = [_precision()]
        await asyncio.sleep(0)
        seen.append(str(nf.zeros(1).dtype))
        return seen

    assert inspect.iscoroutinefunction(work)

    @nf.use_backend("numpy", precision="float32")
    async def waits() -> None:
        await asyncio.sleep(3600)

    async def main() -> tuple[list[str], str, str]:
        task = asyncio.ensure_future(waits())
        await asyncio.sleep(0)
        task.cancel()  # cancelled while suspended inside the body
        with pytest.raises(asyncio.CancelledError):
            await task
        return await work(), _precision(), await asyncio.create_task(asyncio.sleep(0, _precision()))

    assert asyncio.run(main()) == (["float32", "float32"], "float64", "float64")
    # driven by hand: between steps (suspended) the caller's Context is untouched
    coro = work()
    coro.send(None)
    assert _precision() == "float64"
    with pytest.raises(StopIteration) as stop:
        contextvars.copy_context().run(coro.send, None)
    assert stop.value.value == ["float32", "float32"]


def test_use_backend_decorates_a_generator_function(unraisable: list[Any]) -> None:
    @nf.use_backend("numpy", precision="float32")
    def gen() -> Iterator[str]:
        received = yield _precision()
        assert received == "hello"
        try:
            yield _precision()
        except KeyError:
            yield "caught " + _precision()
        return "done"

    assert inspect.isgeneratorfunction(gen)
    g = gen()
    assert next(g) == "float32"
    assert _precision() == "float64"  # nothing leaks while it is suspended
    # resumed in another thread: the selection applies there, and that thread's Context is untouched
    out: list[str] = []

    def resume() -> None:
        out.extend([g.send("hello"), _precision()])

    thread = threading.Thread(target=resume)
    thread.start()
    thread.join()
    assert out == ["float32", "float64"]
    assert g.throw(KeyError("x")) == "caught float32"
    with pytest.raises(StopIteration) as stop:
        next(g)
    assert stop.value.value == "done"

    def outer() -> Iterator[str]:
        result = yield from gen()
        yield result

    o = outer()
    assert [next(o), o.send("hello"), next(o)] == ["float32", "float32", "done"]
    # closed in another Context, or garbage-collected while suspended: no error anywhere
    h = gen()
    next(h)
    contextvars.copy_context().run(h.close)
    h = gen()
    next(h)
    del h
    gc.collect()
    assert unraisable == [] and _precision() == "float64"


def test_use_backend_decorates_an_async_generator_function(unraisable: list[Any]) -> None:
    @nf.use_backend("numpy", precision="float32")
    async def stream(n: int) -> AsyncIterator[str]:
        for _ in range(n):
            await asyncio.sleep(0)
            yield str(nf.zeros(1).dtype)

    assert inspect.isasyncgenfunction(stream)
    handled: list[dict[str, Any]] = []

    async def main() -> tuple[list[str], list[str]]:
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: handled.append(context))
        items, outside = [], []
        async for item in stream(3):
            items.append(item)
            outside.append(_precision())  # the consumer's loop body: never the generator's selection
        async for _ in stream(10):  # left early, abandoned: finalised by the event loop
            break
        early = stream(10)
        await early.__anext__()
        await early.aclose()
        cancelled = asyncio.ensure_future(stream(100).__anext__())
        await asyncio.sleep(0)
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        return items, outside

    items, outside = asyncio.run(main())
    gc.collect()
    assert items == ["float32"] * 3 and outside == ["float64"] * 3
    assert handled == [] and unraisable == [] and _precision() == "float64"


def test_a_with_block_in_an_async_generator_left_early_raises_no_token_error(unraisable: list[Any]) -> None:
    async def stream() -> AsyncIterator[int]:
        with nf.use_backend("numpy", precision="float32"):
            for i in range(10):
                await asyncio.sleep(0)
                yield i

    handled: list[dict[str, Any]] = []

    async def main() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: handled.append(context))
        async for _ in stream():
            break  # a streaming client that went away: the loop finalises the generator in a task of its own
        gc.collect()
        for _ in range(3):
            await asyncio.sleep(0)

    asyncio.run(main())
    gc.collect()
    assert handled == [] and unraisable == []
    assert _precision() == "float64"


def test_a_with_block_in_a_generator_resumed_or_closed_elsewhere_raises_no_token_error(
    unraisable: list[Any],
) -> None:
    def gen() -> Iterator[str]:
        with nf.use_backend(F32):
            yield _precision()
            yield _precision()

    g = gen()
    other = contextvars.copy_context()
    assert other.run(next, g) == "float32"
    assert _precision() == "float64"
    # finished in this Context: the block's exit cannot reset the other Context's token, and must not
    # switch this one
    assert next(g) == "float64"
    with pytest.raises(StopIteration):
        next(g)
    assert _precision() == "float64"

    def leaky() -> str:
        h = gen()
        next(h)  # the with block's selection is now in force here (the documented limit of a with block)
        contextvars.copy_context().run(h.close)  # closed elsewhere: no error
        return _precision()

    assert contextvars.copy_context().run(leaky) == "float32"  # (run in a copy: the leak stays there)
    h = gen()
    assert other.run(next, h) == "float32"
    del h
    gc.collect()  # collected: no unraisable error
    assert unraisable == []


# --- pools --------------------------------------------------------------------------------
def test_a_plain_thread_pool_neither_carries_the_context_nor_scopes_set_backend() -> None:
    """The hazard that nf.thread_pool answers (documented in docs/reliability.md)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool, nf.use_backend(F32):
        assert pool.submit(_precision).result() == "float64"  # the worker thread's own Context
        pool.submit(nf.set_backend, "numpy", precision="float32").result()
    with ThreadPoolExecutor(1) as pool:
        pool.submit(nf.set_backend, "numpy", precision="float32").result()
        assert pool.submit(_precision).result() == "float32"  # one job's choice, in force for the next


def test_thread_pool_runs_each_job_in_a_copy_of_the_submitters_context() -> None:
    async def from_a_task(pool: Any) -> list[str]:
        loop = asyncio.get_running_loop()
        with nf.use_backend(F32):
            inside = await loop.run_in_executor(pool, _precision)
            loop.set_default_executor(nf.thread_pool(1))  # it is a ThreadPoolExecutor: the loop takes it
            default = await loop.run_in_executor(None, _precision)
        return [inside, default, await loop.run_in_executor(pool, _precision)]

    with nf.thread_pool(1) as pool:
        with nf.use_backend(F32):
            assert pool.submit(_precision).result() == "float32"
            assert [x.dtype for x in pool.map(nf.zeros, [1, 2])] == [np.float32, np.float32]
            assert pool.submit(nf.set_backend, "numpy", precision="float64").result().precision == "float64"
            assert pool.submit(_precision).result() == "float32"  # the last job's set_backend died with it
        assert pool.submit(_precision).result() == "float64"
        assert asyncio.run(from_a_task(pool)) == ["float32", "float32", "float64"]


def test_in_context_binds_a_function_to_a_context() -> None:
    from concurrent.futures import ThreadPoolExecutor

    bound = nf.in_context(_precision, F32)
    assert bound() == "float32" and _precision() == "float64"
    with nf.use_backend(F32):
        later = nf.in_context(nf.set_backend)  # the Context in force when it is made
    assert later("numpy").precision == "float32" and _precision() == "float64"
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(bound).result() == "float32"
        assert pool.submit(_precision).result() == "float64"
    with pytest.raises(TypeError, match="in_context: fn must be callable, got 3"):
        nf.in_context(3)
    with pytest.raises(TypeError, match=r"in_context: ctx must be a numerics_fn\.Context or None, got 'numpy'"):
        nf.in_context(_precision, "numpy")  # type: ignore[arg-type]


def test_process_pool_runs_each_job_under_the_submitters_context() -> None:
    import multiprocessing

    with nf.process_pool(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        with nf.use_backend(F32):
            assert pool.submit(nf.current_context).result() == F32
            assert [x.dtype for x in pool.map(nf.zeros, [1, 2])] == [np.float32, np.float32]
        assert pool.submit(nf.set_backend, "numpy", precision="float32").result() == F32
        assert pool.submit(nf.current_context).result() == nf.Context()  # the last job's choice died with it

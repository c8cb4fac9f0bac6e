"""Concurrency under stress: the Context in force is per thread and per asyncio task.

The reference design kept the backend in module globals and returned the wrong backend
in up to 1,879 of 2,000 reads under two threads. Here 16 threads switch backends (and
precisions) inside ``use_backend`` blocks with the interpreter switching threads every
microsecond, 200 asyncio tasks await inside overlapping blocks, and 16 threads of a fresh
interpreter touch a lazily loaded backend at the same moment. Each read of the wrong
Context, and each array of the wrong backend or dtype, is counted; the count must be zero.
A control run of the same harness on a module-global selection proves that the harness
does catch the reference design's failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
import traceback
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import require, unavailable_reason

import numerics_fn as nf

THREADS = 16
ITERATIONS = 10_000
TASKS = 200
ROOT = Path(__file__).resolve().parent.parent

# Legate binds cuPyNumeric to the thread that imported it: a call from any other thread aborts the
# process (measured with cupynumeric 26.6.1), so cuPyNumeric is used here only where one thread runs.
THREAD_SAFE_BACKENDS = ("numpy", "pytorch")
# (backend, precision) pairs the stress tests switch between: every loadable backend at both
# precisions, so that even with NumPy alone a wrong read shows as a wrong dtype.
COMBOS: tuple[tuple[str, str], ...] = tuple(
    (name, precision)
    for name in THREAD_SAFE_BACKENDS
    if unavailable_reason(name) is None
    for precision in ("float64", "float32")
)
TASK_COMBOS: tuple[tuple[str, str], ...] = COMBOS + tuple(
    ("cupynumeric", precision) for precision in ("float64", "float32") if unavailable_reason("cupynumeric") is None
)
# The dtype each pair's creation functions must give, in the backend's own terms.
EXPECTED_DTYPE = {(name, precision): getattr(nf.get_backend(name), precision) for name, precision in TASK_COMBOS}
DEFAULT = contextvars.Context().run(nf.current_context)  # the ContextVar's default, as a new thread sees it


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Let the interpreter switch threads every microsecond (restored afterwards)."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def _wrong(array: object, name: str, precision: str) -> int:
    """1 if ``array`` is not a ``precision`` array of backend ``name``, else 0."""
    return int(nf.backend_of(array) != name or array.dtype != EXPECTED_DTYPE[name, precision])  # type: ignore[attr-defined]


def _hammer(
    select: Callable[[str, str], contextlib.AbstractContextManager[object]],
    read: Callable[[], tuple[str, str]],
    threads: int,
    iterations: int,
) -> tuple[list[int], list[str]]:
    """Run ``threads`` threads that each switch selections ``iterations`` times: wrong reads per thread, and
    the first wrong read of each thread that had one (what was expected, what was seen).

    Each iteration selects one (backend, precision), creates a small array through the real
    creation path and checks the array and the selection read back; every eighth iteration
    also nests a second selection, checks it, and checks that the outer one came back.
    An exception in a thread is reported as a wrong read with its traceback.
    """
    wrong = [0] * threads
    first: list[str] = []
    barrier = threading.Barrier(threads)

    def work(index: int) -> None:
        count = 0

        def check(expected: tuple[str, str], array: object | None, seen: tuple[str, str], where: str) -> None:
            nonlocal count
            bad = (array is not None and _wrong(array, *expected)) or seen != expected
            if bad and count == 0:
                got = "" if array is None else f", array {type(array).__name__} {getattr(array, 'dtype', None)}"
                first.append(f"thread {index}, {where}: expected {expected}, read {seen}{got}")
            count += bool(bad)

        barrier.wait()
        try:
            for i in range(iterations):
                outer = COMBOS[(index + i) % len(COMBOS)]
                inner = COMBOS[(index + i + 1) % len(COMBOS)]
                with select(*outer):
                    check(outer, nf.zeros(2), read(), f"iteration {i}")
                    if i % 8 == 0:
                        with select(*inner):
                            check(inner, nf.ones(1), read(), f"iteration {i}, nested")
                        check(outer, None, read(), f"iteration {i}, after the nested block")
        except BaseException:
            first.append(f"thread {index} raised:\n{traceback.format_exc()}")
            count += 1
        wrong[index] = count

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert not worker.is_alive(), "a stress thread did not finish in 120 s"
    return wrong, first


def _use(name: str, precision: str) -> contextlib.AbstractContextManager[object]:
    return nf.use_backend(name, precision=precision)


def _read_context() -> tuple[str, str]:
    ctx = nf.current_context()
    return ctx.backend, ctx.precision


def test_threads_never_read_another_threads_backend(fast_switching: None) -> None:
    wrong, first = _hammer(_use, _read_context, THREADS, ITERATIONS)
    assert sum(wrong) == 0, f"wrong reads per thread: {wrong}; first of each: {first}"
    assert nf.current_context() == DEFAULT


class _GlobalSelection:
    """The reference design: the selection in a module-level variable (the control)."""

    def __init__(self) -> None:
        self.value = (DEFAULT.backend, DEFAULT.precision)

    @contextlib.contextmanager
    def select(self, name: str, precision: str) -> Iterator[None]:
        previous, self.value = self.value, (name, precision)
        with nf.use_backend(name, precision=precision):  # arrays stay right: only the global read goes wrong
            try:
                yield
            finally:
                self.value = previous

    def read(self) -> tuple[str, str]:
        return self.value


def test_the_harness_catches_a_module_global_selection(fast_switching: None) -> None:
    selection = _GlobalSelection()
    wrong, _ = _hammer(selection.select, selection.read, THREADS, 500)
    assert sum(wrong) > 0, "the stress harness failed to detect a module-global selection"


def test_set_backend_in_a_thread_stays_in_that_thread() -> None:
    seen: dict[str, object] = {}
    entered, checked = threading.Event(), threading.Event()

    def setter() -> None:
        nf.set_backend("numpy", precision="float32")
        entered.set()
        checked.wait(10)
        seen["setter"] = nf.current_context()

    def bystander() -> None:
        entered.wait(10)
        seen["bystander"] = nf.current_context()
        checked.set()

    with nf.use_backend("numpy", precision="float64"):
        outer = nf.current_context()
        threads = [threading.Thread(target=setter), threading.Thread(target=bystander)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert nf.current_context() is outer
    assert seen["setter"] == nf.Context("numpy", precision="float32")
    assert seen["bystander"] == DEFAULT  # a new thread starts at the default, not its parent's block


def test_a_thread_started_through_copy_context_inherits_the_selection() -> None:
    seen: list[nf.Context] = []
    with nf.use_backend("numpy", precision="float32") as ctx:
        record = lambda: seen.append(nf.current_context())  # noqa: E731
        thread = threading.Thread(target=contextvars.copy_context().run, args=(record,))
        thread.start()
        thread.join(10)
    assert seen == [ctx]


# --- asyncio ---------------------------------------------------------------------------
async def _task(index: int, all_inside: asyncio.Event, inside: list[int]) -> int:
    name, precision = TASK_COMBOS[index % len(TASK_COMBOS)]
    inner_name, inner_precision = TASK_COMBOS[(index + 1) % len(TASK_COMBOS)]
    wrong = 0
    with nf.use_backend(name, precision=precision):
        inside[0] += 1
        if inside[0] == TASKS:
            all_inside.set()
        await all_inside.wait()  # every task is now inside its own block: they all overlap
        for _ in range(5):
            await asyncio.sleep(0)
            wrong += _wrong(nf.zeros(2), name, precision) + (_read_context() != (name, precision))
            with nf.use_backend(inner_name, precision=inner_precision):
                await asyncio.sleep(0)
                wrong += _wrong(nf.ones(1), inner_name, inner_precision)
                wrong += _read_context() != (inner_name, inner_precision)
            await asyncio.sleep(0)
            wrong += _read_context() != (name, precision)
    return wrong


def test_asyncio_tasks_in_overlapping_blocks_never_read_a_wrong_backend() -> None:
    async def main() -> list[int]:
        all_inside, inside = asyncio.Event(), [0]
        before = nf.current_context()
        results = await asyncio.wait_for(
            asyncio.gather(*(_task(i, all_inside, inside) for i in range(TASKS))), timeout=60
        )
        assert nf.current_context() is before
        return list(results)

    wrong = asyncio.run(main())
    assert len(wrong) == TASKS
    assert sum(wrong) == 0, f"wrong reads per task: {wrong}"


def test_set_backend_in_a_task_does_not_leak_into_its_siblings() -> None:
    async def setter(done: asyncio.Event) -> nf.Context:
        ctx = nf.set_backend("numpy", precision="float32")
        done.set()
        await asyncio.sleep(0)
        assert nf.current_context() is ctx
        return ctx

    async def sibling(done: asyncio.Event) -> nf.Context:
        await done.wait()
        await asyncio.sleep(0)
        return nf.current_context()

    async def main() -> tuple[nf.Context, list[nf.Context], nf.Context]:
        with nf.use_backend("numpy", precision="float64") as parent:
            done = asyncio.Event()
            results = await asyncio.gather(setter(done), *(sibling(done) for _ in range(20)))
            assert nf.current_context() is parent
            return results[0], list(results[1:]), parent

    set_ctx, siblings, parent = asyncio.run(main())
    assert set_ctx.precision == "float32"
    assert all(ctx is parent for ctx in siblings), "set_backend in one task leaked into a sibling"


# --- generators, async generators and pools ----------------------------------------------
GENERATOR_ITERATIONS = 1_000  # per thread: each creates, advances, hands over and resumes generators


def _produce(name: str, precision: str) -> Iterator[tuple[tuple[str, str], object, tuple[str, str]]]:
    """Forever: (the selection it was decorated with, an array made in its body, the selection read there)."""
    while True:
        yield (name, precision), nf.zeros(2), _read_context()


# One decorated generator function per (backend, precision): use_backend applies at each resumption.
PRODUCERS = {combo: nf.use_backend(combo[0], precision=combo[1])(_produce) for combo in TASK_COMBOS}


def test_threads_resuming_each_others_generators_never_read_a_wrong_backend(
    fast_switching: None, unraisable: list[object]
) -> None:
    """16 threads, each inside its own selection, start generators decorated with another selection, hand them
    to each other through a queue, resume those of other threads, and drop some half-way (closed later by the
    garbage collector, in whichever thread it runs). Every step checks what the body saw and what the
    resuming thread sees after it: the generator's selection must apply in its body only, in every thread."""
    handed: queue.SimpleQueue[tuple[tuple[str, str], Iterator[Any]]] = queue.SimpleQueue()
    wrong, first = [0] * THREADS, []
    barrier = threading.Barrier(THREADS)

    def step(index: int, own: tuple[str, str], combo: tuple[str, str], gen: Iterator[Any]) -> int:
        label, array, seen = next(gen)
        bad = label != combo or seen != combo or _wrong(array, *combo) or _read_context() != own
        if bad and len(first) < THREADS:
            first.append(f"thread {index}: own {own}, generator {combo}, body read {seen}, after {_read_context()}")
        return int(bad)

    def work(index: int) -> None:
        count = 0
        barrier.wait()
        try:
            for i in range(GENERATOR_ITERATIONS):
                own = COMBOS[(index + i) % len(COMBOS)]
                combo = COMBOS[(index + i + 1) % len(COMBOS)]
                with _use(*own):
                    gen = PRODUCERS[combo](*combo)
                    count += step(index, own, combo, gen)
                    handed.put((combo, gen))
                    theirs, other = handed.get()  # most often another thread's generator
                    count += step(index, own, theirs, other)
                    if i % 3 == 0:
                        other.close()
                    # else: dropped suspended, for the garbage collector
                    count += _read_context() != own
        except BaseException:
            first.append(f"thread {index} raised:\n{traceback.format_exc()}")
            count += 1
        wrong[index] = count

    workers = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert not worker.is_alive(), "a stress thread did not finish in 120 s"
    while not handed.empty():  # the last generators handed over: dropped, for the garbage collector
        handed.get()
    gc.collect()
    assert sum(wrong) == 0, f"wrong reads per thread: {wrong}; first ones: {first}"
    assert unraisable == [], unraisable
    assert nf.current_context() == DEFAULT


async def _stream() -> AsyncIterator[tuple[object, tuple[str, str]]]:
    """Five items, each an array made in the body and the selection read there, with awaits around each."""
    for _ in range(5):
        await asyncio.sleep(0)
        yield nf.zeros(2), _read_context()
        await asyncio.sleep(0)


# One decorated async generator function per (backend, precision).
STREAMS = {combo: nf.use_backend(combo[0], precision=combo[1])(_stream) for combo in TASK_COMBOS}


async def _consume(index: int, leave: str, wrong: list[int], all_inside: asyncio.Event, inside: list[int]) -> None:
    """Task ``index``: inside its own selection, consume a stream of another one; count wrong reads in ``wrong``
    as they happen (a cancelled task returns nothing)."""
    own = TASK_COMBOS[index % len(TASK_COMBOS)]
    combo = TASK_COMBOS[(index + 1) % len(TASK_COMBOS)]
    with _use(*own):
        inside[0] += 1
        if inside[0] == TASKS:
            all_inside.set()
        await all_inside.wait()
        async for array, seen in STREAMS[combo]():
            wrong[index] += _wrong(array, *combo) + (seen != combo) + (_read_context() != own)
            if leave == "break":
                break  # abandoned: the event loop finalises the generator in a task of its own
            if leave == "cancel":
                await asyncio.sleep(3600)  # cancelled here, the generator suspended
        wrong[index] += _read_context() != own


@pytest.mark.parametrize("leave", ["finish", "break", "cancel"])
def test_asyncio_tasks_with_async_generators_never_read_a_wrong_backend(leave: str, unraisable: list[object]) -> None:
    """200 tasks, all inside their own selection at once, each consume an async generator decorated with another
    selection that awaits between items; each task checks every item and its own selection between items. Then
    they finish the stream, break out of it, or are cancelled while the generator awaits. No wrong read, no error
    reported by the loop or a finaliser."""
    wrong = [0] * TASKS
    handled: list[dict[str, object]] = []

    async def main() -> list[object]:
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: handled.append(context))
        all_inside, inside = asyncio.Event(), [0]
        before = nf.current_context()
        tasks = [asyncio.ensure_future(_consume(i, leave, wrong, all_inside, inside)) for i in range(TASKS)]
        if leave == "cancel":
            await all_inside.wait()
            for _ in range(20):
                await asyncio.sleep(0)
            for task in tasks:
                task.cancel()
        results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=60)
        gc.collect()
        for _ in range(5):
            await asyncio.sleep(0)
        assert nf.current_context() is before
        return results

    results = asyncio.run(main())
    gc.collect()
    expected = asyncio.CancelledError if leave == "cancel" else type(None)
    assert all(isinstance(r, expected) for r in results), results
    assert sum(wrong) == 0, f"wrong reads per task: {wrong}"
    assert handled == [] and unraisable == [], (handled, unraisable)
    assert nf.current_context() == DEFAULT


def _job(expected: tuple[str, str], poison: tuple[str, str]) -> int:
    """A pool job: 1 if it does not run under ``expected``; then it sets ``poison`` (which must die with it)."""
    bad = _read_context() != expected or _wrong(nf.zeros(2), *expected)
    nf.set_backend(poison[0], precision=poison[1])
    return int(bad)


def _pool_stress(pool: Any) -> tuple[int, int]:
    """(wrong jobs, jobs): 16 threads and 200 asyncio tasks, each inside its own selection, submit jobs to one
    pool (threads with ``submit``, tasks with ``loop.run_in_executor``); each job checks that it runs under its
    submitter's selection, then sets another one with ``set_backend``, which must not reach the next job."""
    results: list[int] = []
    barrier = threading.Barrier(THREADS)

    def submitter(index: int) -> None:
        barrier.wait()
        for i in range(TASKS // THREADS * 4):
            own = COMBOS[(index + i) % len(COMBOS)]
            with _use(*own):
                results.append(pool.submit(_job, own, COMBOS[(index + i + 1) % len(COMBOS)]).result())

    async def task(index: int) -> int:
        own = COMBOS[index % len(COMBOS)]
        loop = asyncio.get_running_loop()
        with _use(*own):
            await asyncio.sleep(0)
            return await loop.run_in_executor(pool, _job, own, COMBOS[(index + 1) % len(COMBOS)])

    async def tasks() -> list[int]:
        return list(await asyncio.gather(*(task(i) for i in range(TASKS))))

    threads = [threading.Thread(target=submitter, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    results.extend(asyncio.run(tasks()))
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a submitting thread did not finish in 120 s"
    return sum(results), len(results)


def test_a_thread_pool_runs_every_job_under_its_submitters_context(fast_switching: None) -> None:
    with nf.thread_pool(THREADS) as pool:
        wrong, jobs = _pool_stress(pool)
    assert jobs == THREADS * (TASKS // THREADS * 4) + TASKS
    assert wrong == 0, f"{wrong} of {jobs} jobs ran under another selection"


def test_the_pool_harness_catches_a_plain_thread_pool(fast_switching: None) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(THREADS) as pool:
        wrong, _ = _pool_stress(pool)
    assert wrong > 0, "the pool stress harness failed to detect a pool that does not carry the Context"


# --- lazy loading in a fresh interpreter -----------------------------------------------
_FIRST_TOUCH = textwrap.dedent(
    """
    import importlib, json, sys, threading
    import numpy as np
    import numerics_fn as nf

    backend, library = sys.argv[1], sys.argv[2]
    loaded_before = library in sys.modules or f"numerics_fn._backends.{backend}.implementation" in sys.modules
    sys.setswitchinterval(1e-6)
    N = 16
    barrier = threading.Barrier(N)
    results, errors = [None] * N, []

    def first_touch(kind):
        if kind == 0:
            return nf.convert(np.arange(3.0), backend)
        if kind == 1:
            return nf.zeros(3, ctx=nf.Context(backend))
        if kind == 2:
            with nf.use_backend(backend):
                return nf.asarray([0.0, 1.0, 2.0])
        if kind == 3:
            return nf.get_backend(backend).exp(np.zeros(3))
        if kind == 4:
            lib = importlib.import_module(library)
            return nf.exp(lib.asarray(np.zeros(3)) if library != "torch" else lib.zeros(3, dtype=lib.float64))
        return nf.matmul(nf.convert(np.eye(3), backend), np.ones(3))

    def work(i):
        try:
            barrier.wait()
            x = first_touch(i % 6)
            y = nf.sum(nf.exp(x))
            results[i] = [nf.backend_of(x), nf.backend_of(y), str(nf.to_numpy(x).dtype), x.shape[0]]
        except BaseException as err:
            errors.append(f"thread {i}: {type(err).__name__}: {err}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(240)
    print(json.dumps({"loaded_before": loaded_before, "results": results, "errors": errors}))
    """
)


def test_threads_touching_torch_for_the_first_time_all_succeed() -> None:
    require("pytorch")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(
        [sys.executable, "-c", _FIRST_TOUCH, "pytorch", "torch"],
        capture_output=True, text=True, timeout=240, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not report["loaded_before"], "torch was loaded before the threads touched it"
    assert report["errors"] == []
    assert report["results"] == [["pytorch", "pytorch", "float64", 3]] * THREADS

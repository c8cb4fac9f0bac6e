"""Pipelines on different backends at the same time: asyncio tasks, then a thread pool.

The backend selection lives in one ContextVar, so each asyncio task and each thread has
its own. Every pipeline here runs under one backend and precision and runs the same three
steps without naming a backend again: build the nxn 1-D Laplacian with creation functions,
take its eigenvalues with `eigh`, keep the largest (exactly 4·sin²(nπ / (2(n+1)))).

Each asyncio task consumes an async generator decorated with ``nf.use_backend``: the
selection applies inside the generator's body at every step and never leaks to the task
consuming it, which checks so between steps. The tasks hand over to each other between
steps. The threads come from ``nf.thread_pool``, whose jobs run under the Context of the
code that submitted them: the main thread submits each job inside its own ``use_backend``
block, and the jobs wait at a barrier until all of them run, so the pipelines really are
in flight together (cuPyNumeric joins the asyncio tasks only: Legate takes work from the
main thread alone). Each step prints the Context it saw and the backend and dtype of its
array; each pipeline ends with a line saying whether those always matched its request, and
the main thread's Context is printed last, unchanged.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from _common import usable_backends

import numerics_fn as nf

N = 48
EXACT = 4 * math.sin(N * math.pi / (2 * (N + 1))) ** 2
STEPS: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("laplacian", lambda _: 2 * nf.eye(N) - nf.eye(N, k=1) - nf.eye(N, k=-1)),
    ("eigenvalues", lambda a: nf.eigh(a)[0]),
    ("largest", nf.max),
)
_PRINT = threading.Lock()  # one whole line at a time from the threads
# Backends whose library takes work from the main thread only (asyncio tasks share that thread).
MAIN_THREAD_ONLY = {"cupynumeric": "Legate accepts work only from the main thread; a worker thread aborts the process"}


@dataclass(frozen=True)
class Job:
    """One pipeline: where it runs and what it asked for."""

    runner: str
    backend: str
    precision: str

    def __str__(self) -> str:
        return f"{self.runner:<7} {self.backend}/{self.precision}"


def say(line: str) -> None:
    """Print one whole line; lines from different threads never interleave."""
    with _PRINT:
        print(line, flush=True)


def seen(value: Any) -> tuple[str, str]:
    """(the Context in force, the array's backend and dtype) as ``backend/precision`` strings."""
    ctx = nf.current_context()
    return f"{ctx.backend}/{ctx.precision}", f"{nf.backend_of(value)}/{nf.to_numpy(value).dtype}"


def run_step(job: Job, index: int, value: Any) -> tuple[Any, bool]:
    """Run step ``index`` in the current Context; print what it saw; say if it matched the job."""
    label, step = STEPS[index]
    value = step(value)
    context, array = seen(value)
    requested = f"{job.backend}/{job.precision}"
    say(f"{job!s:<28} step {index + 1}/{len(STEPS)} {label:<11} context={context:<20} array={array}")
    return value, context == requested and array == requested


def report(job: Job, value: Any, matched: bool) -> str:
    """The pipeline's last line: its result and whether every step matched its request."""
    return (
        f"{job!s:<28} done: largest eigenvalue {float(value):.6f} (exact {EXACT:.6f}); "
        f"own backend at every step: {matched}"
    )


async def steps(job: Job) -> AsyncIterator[tuple[Any, bool]]:
    """The pipeline's steps, one per item; decorated per job with that job's ``use_backend``."""
    value = None
    for index in range(len(STEPS)):
        await asyncio.sleep(0)  # let the other tasks run between steps
        value, ok = run_step(job, index, value)
        yield value, ok


async def async_pipeline(job: Job) -> str:
    """The pipeline as an asyncio task consuming its decorated steps: the task's own Context never changes."""
    own = nf.current_context()
    value, matched = None, True
    async for result, ok in nf.use_backend(job.backend, precision=job.precision)(steps)(job):
        value, matched = result, matched and ok and nf.current_context() is own
    return report(job, value, matched)


def thread_pipeline(job: Job, barrier: threading.Barrier) -> str:
    """The pipeline in a pool's worker thread, under its submitter's Context; the barrier makes every job run
    at once."""
    value, matched = None, True
    barrier.wait()
    for index in range(len(STEPS)):
        value, ok = run_step(job, index, value)
        matched = matched and ok
    return report(job, value, matched)


async def run_tasks(jobs: list[Job]) -> list[str]:
    """All asyncio pipelines at once."""
    return list(await asyncio.gather(*(async_pipeline(job) for job in jobs)))


def main() -> None:
    """Run one pipeline per backend and precision, first as asyncio tasks, then in threads."""
    backends = usable_backends()
    pairs = [(name, precision) for name in backends for precision in ("float64", "float32")]
    for line in asyncio.run(run_tasks([Job("asyncio", b, p) for b, p in pairs])):
        print(line)
    for name in sorted(set(backends) & set(MAIN_THREAD_ONLY)):
        print(f"thread  {name}: not run in worker threads: {MAIN_THREAD_ONLY[name]}")
    jobs = [Job("thread", b, p) for b, p in pairs if b not in MAIN_THREAD_ONLY]
    barrier = threading.Barrier(len(jobs))
    with nf.thread_pool(max_workers=len(jobs)) as pool:
        futures = []
        for job in jobs:
            with nf.use_backend(job.backend, precision=job.precision):  # the job runs under this selection
                futures.append(pool.submit(thread_pipeline, job, barrier))
        for future in futures:
            say(future.result())
    ctx = nf.current_context()
    print(f"main thread context afterwards: {ctx.backend}/{ctx.precision}")


if __name__ == "__main__":
    main()

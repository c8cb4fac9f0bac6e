"""Running work in thread and process pools under the submitter's Context.

A pool's worker thread runs every job in that thread's own Context: a plain
``ThreadPoolExecutor`` (and ``loop.run_in_executor``) does not carry the submitter's selection,
and a `set_backend` inside one job stays in force for the next job on that thread. The pools
made here run each job in a copy of the submitter's Context instead (as ``asyncio.to_thread``
does), so a job sees its submitter's selection and whatever it sets dies with it.
``concurrent.futures`` is imported on first use: ``import numerics_fn`` stays light.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._context import _CURRENT, Context, current_context

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

__all__ = ["InContext", "in_context", "process_pool", "thread_pool"]


class InContext:
    """``fn`` run under ``ctx``, in a fresh copy of the calling thread's Context (what `in_context` returns).

    Immutable; picklable when ``fn`` is, so it crosses into a process pool's workers. (A slotted class
    rather than a frozen dataclass: making a dataclass runs generated code at import.)
    """

    __slots__ = ("ctx", "fn")
    fn: Any
    ctx: Context

    def __init__(self, fn: Any, ctx: Context) -> None:
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "ctx", ctx)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("InContext is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return InContext, (self.fn, self.ctx)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InContext) and (other.fn, other.ctx) == (self.fn, self.ctx)

    def __hash__(self) -> int:
        return hash((self.fn, self.ctx))

    def __repr__(self) -> str:
        return f"in_context({getattr(self.fn, '__qualname__', self.fn)!s}, ctx={self.ctx!r})"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.copy_context().run(self._run, args, kwargs)

    def _run(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        _CURRENT.set(self.ctx)  # in the copy: gone when the call returns
        return self.fn(*args, **kwargs)


def in_context(fn: Callable[..., Any], ctx: Context | None = None) -> InContext:
    """``fn`` bound to a Context: each call runs it under ``ctx`` (default: the Context in force now).

    Each call runs in a fresh copy of the calling thread's Context, so a `set_backend` inside ``fn``
    never outlives the call. Use it with any executor or callback API that does not carry Contexts
    (``loop.run_in_executor(None, nf.in_context(fn), x)``, a process pool, a job queue).

    >>> import numerics_fn as nf
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with nf.use_backend("numpy", precision="float32"), ThreadPoolExecutor(1) as pool:
    ...     pool.submit(nf.in_context(nf.zeros), 2).result().dtype
    dtype('float32')
    """
    if not callable(fn):
        raise TypeError(f"in_context: fn must be callable, got {fn!r}")
    if ctx is None:
        ctx = current_context()
    elif not isinstance(ctx, Context):
        raise TypeError(f"in_context: ctx must be a numerics_fn.Context or None, got {ctx!r}")
    return InContext(fn, ctx)


@functools.cache
def _pool_types() -> tuple[type, type]:
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    class ContextThreadPoolExecutor(ThreadPoolExecutor):
        """A ThreadPoolExecutor whose jobs run in a copy of the submitter's Context (see `thread_pool`)."""

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)

    class ContextProcessPoolExecutor(ProcessPoolExecutor):
        """A ProcessPoolExecutor whose jobs run under the submitter's Context (see `process_pool`)."""

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            return super().submit(InContext(fn, current_context()), *args, **kwargs)

    for cls in (ContextThreadPoolExecutor, ContextProcessPoolExecutor):
        cls.__module__, cls.__qualname__ = "numerics_fn", cls.__name__
    return ContextThreadPoolExecutor, ContextProcessPoolExecutor


def thread_pool(max_workers: int | None = None, **kwargs: Any) -> ThreadPoolExecutor:
    """A ``concurrent.futures.ThreadPoolExecutor`` whose jobs run in a copy of the submitter's Context.

    Each job sees the numerics_fn Context (and every other ContextVar) of the thread or asyncio
    task that submitted it, as ``asyncio.to_thread`` does, and a `set_backend` inside a job never
    reaches the next job on the same thread. ``kwargs`` go to ``ThreadPoolExecutor``. It is a
    ThreadPoolExecutor, so it also serves ``loop.run_in_executor(pool, fn)`` and
    ``loop.set_default_executor``.

    >>> import numerics_fn as nf
    >>> with nf.use_backend("numpy", precision="float32"), nf.thread_pool(2) as pool:
    ...     [x.dtype for x in pool.map(nf.zeros, [1, 2])]
    [dtype('float32'), dtype('float32')]
    """
    return _pool_types()[0](max_workers, **kwargs)


def process_pool(max_workers: int | None = None, **kwargs: Any) -> ProcessPoolExecutor:
    """A ``concurrent.futures.ProcessPoolExecutor`` whose jobs run under the submitter's Context.

    The numerics_fn Context in force at ``submit`` (or ``map``) travels with each job, which runs
    in a fresh copy of the worker's Context: a `set_backend` inside a job never reaches the next.
    Other ContextVars do not cross processes. Jobs and their arguments must be picklable, as with
    any process pool. ``kwargs`` go to ``ProcessPoolExecutor`` (``mp_context=`` among them).
    """
    return _pool_types()[1](max_workers, **kwargs)

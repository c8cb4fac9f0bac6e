"""The immutable `Context` and the one ContextVar that holds the selection in force."""

from __future__ import annotations

import functools
import inspect
import os
import re
import types
from collections.abc import Callable, Generator
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any, TypeVar

from ._backends import ALIASES, SPECS, backend_spec, on_register
from ._errors import DeviceError

__all__ = [
    "BACKENDS",
    "DEFAULT_CONTEXT",
    "Context",
    "context_for",
    "current_context",
    "generator_context",
    "on_device",
    "set_backend",
    "use_backend",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The registered backends (`numerics_fn._backends`): a live read-only view, name -> `BackendSpec`.
BACKENDS = SPECS
_ALIASES = ALIASES
_PRECISIONS = ("float64", "float32")
_DEVICE_SYNTAX = re.compile(r"cpu|cuda(:\d+)?")


def canonical_backend(name: object, op: str = "Context") -> str:
    """The canonical backend name for ``name`` (``"torch"`` → ``"pytorch"``)."""
    if isinstance(name, str):
        key = name.lower()
        key = ALIASES.get(key, key)
        if key in SPECS:
            return key
    return backend_spec(name, op).name  # raises BackendNotFoundError, naming the known backends and aliases


@dataclass(frozen=True, slots=True)
class Context:
    """Which backend creation functions use, on which device, at which precision.

    Immutable and hashable; validated on construction without importing the backend.

    Args:
        backend: ``"numpy"``, ``"pytorch"`` (alias ``"torch"``), ``"cupynumeric"``, or a backend registered
            with `register_backend`.
        device: ``None`` (the backend's default), ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.
        precision: ``"float64"`` or ``"float32"``: the float (and matching complex) dtype
            that creation and random functions use when no dtype is given.

    >>> import numerics_fn as nf
    >>> nf.Context(backend="torch", precision="float32")
    Context(backend='pytorch', device=None, precision='float32')
    """

    backend: str = "numpy"
    device: str | None = None
    precision: str = "float64"

    def __post_init__(self) -> None:
        object.__setattr__(self, "backend", canonical_backend(self.backend))
        if self.device is not None:
            if not isinstance(self.device, str) or not _DEVICE_SYNTAX.fullmatch(self.device):
                raise DeviceError(
                    f"Context: device {self.device!r} is not a device name; use None, 'cpu', 'cuda' or 'cuda:N'"
                )
            devices = SPECS[self.backend].devices  # (whether a CUDA device exists is checked on first use)
            if self.device.split(":")[0] not in devices:
                raise DeviceError(
                    f"Context: backend {self.backend!r} cannot use device {self.device!r}; "
                    f"it runs on {' or '.join(devices)} (or pass device=None)"
                )
        if self.precision not in _PRECISIONS:
            raise ValueError(f"Context: precision {self.precision!r} is not supported; use 'float64' or 'float32'")

    def replace(self, **fields: Any) -> Context:
        """A copy with ``fields`` changed, validated like a new Context."""
        # (dataclasses.replace does the same, at more cost than a new Context)
        return Context(**{"backend": self.backend, "device": self.device, "precision": self.precision, **fields})

    # Pickling and copying go through the constructor, so a tampered pickle fails here, naming the bad field.
    def __reduce__(self) -> tuple[Any, ...]:
        return Context, (self.backend, self.device, self.precision)

    def __setstate__(self, state: Any) -> None:  # pickles of the dataclass's own state format
        backend, device, precision = state
        for name, value in (("backend", backend), ("device", device), ("precision", precision)):
            object.__setattr__(self, name, value)
        self.__post_init__()


def on_device(ctx: Context, device: object, op: str) -> Context:
    """``ctx`` on the ``device=`` a creation function was given (None: unchanged).

    Takes a device name or a library's device object (``torch.device("cuda", 0)``, NumPy's
    ``x.device``); a device the backend cannot use raises `DeviceError`.
    """
    if device is None:
        return ctx
    key = (ctx.backend, ctx.device, ctx.precision, device)
    try:
        return _ON_DEVICE[key]  # validating a new Context costs more than a lookup; creation calls pass device= often
    except (KeyError, TypeError):  # TypeError: an unhashable device (the error below names it)
        pass
    try:
        moved = ctx.replace(device=str(device))
    except DeviceError as err:
        raise DeviceError(f"{op}: device={device!r} cannot be used ({err})") from None
    if len(_ON_DEVICE) < 64:  # bounded: devices made at run time may be endless
        _ON_DEVICE[key] = moved
    return moved


_ON_DEVICE: dict[tuple[Any, ...], Context] = {}
on_register(lambda spec: _ON_DEVICE.clear())  # a backend registered again under a name may have other devices


def _default_context() -> Context:
    env = {"backend": os.environ.get("NUMERICS_FN_BACKEND"), "precision": os.environ.get("NUMERICS_FN_PRECISION")}
    try:
        return Context(**{k: v for k, v in env.items() if v})
    except ValueError as err:
        raise type(err)(
            f"{err} (read from the environment variables NUMERICS_FN_BACKEND/NUMERICS_FN_PRECISION)"
        ) from None


#: The default Context: ``Context()``, or what NUMERICS_FN_BACKEND / NUMERICS_FN_PRECISION say (read once).
DEFAULT_CONTEXT = _default_context()
# A frozen Context: immutable, so safe to share as a ContextVar default.
_CURRENT: ContextVar[Context] = ContextVar("numerics_fn.context", default=DEFAULT_CONTEXT)

_get = _CURRENT.get  # the hot paths read the ContextVar through this bound method: no Python frame


def current_context() -> Context:
    """The Context in force in this thread or asyncio task.

    >>> import numerics_fn as nf
    >>> nf.current_context().backend
    'numpy'
    """
    return _get()


_FIELDS = frozenset(Context.__dataclass_fields__)


def context_for(op: str, base: Context, **fields: Any) -> Context:
    """``base.replace(**fields)``, with errors that name ``op`` instead of Context."""
    unknown = sorted(fields.keys() - _FIELDS)
    if unknown:
        names = ", ".join(unknown)
        raise TypeError(f"{op}: unknown Context field(s) {names}; the fields are backend, device, precision")
    try:
        return base.replace(**fields)
    except ValueError as err:  # BackendNotFoundError, DeviceError, a bad precision: same type, op named
        raise type(err)(f"{op}: {str(err).removeprefix('Context: ')}") from None


def _new_context(backend: str | Context, fields: dict[str, Any], op: str) -> Context:
    if isinstance(backend, Context):
        return context_for(op, backend, **fields) if fields else backend
    return context_for(op, _get(), backend=canonical_backend(backend, op), **{"device": None, **fields})


def _restore(token: Token[Context], ctx: Context) -> None:
    """Undo the ``_CURRENT.set(ctx)`` that gave ``token``, without ever raising a token error.

    In the Context that set it, a plain reset. Elsewhere (a ``with`` block inside a generator resumed or closed
    in another thread or task, an async generator finalised by the event loop in a task of its own) the token
    cannot be used: the var is put back only where it still holds what this selection set.
    """
    try:
        _CURRENT.reset(token)
    except ValueError:  # "<Token ...> was created in a different Context"
        if _get() is ctx:
            old = token.old_value
            _CURRENT.set(DEFAULT_CONTEXT if old is Token.MISSING else old)


def _stepped(inner: Any, ctx: Context) -> Generator[Any, Any, Any]:
    """Drive generator or coroutine ``inner`` as ``yield from inner`` does, with ``ctx`` in force during each of
    its steps only: set before the step and reset after it, in the thread or task that resumes it, so that
    nothing leaks while ``inner`` is suspended and no token crosses Contexts."""
    step, value = inner.send, None
    while True:
        token = _CURRENT.set(ctx)
        try:
            out = step(value)
        except StopIteration as stop:
            return stop.value
        finally:
            _CURRENT.reset(token)
        try:
            value, step = (yield out), inner.send
        except GeneratorExit:  # close(), or garbage collection: close inner under ctx too
            token = _CURRENT.set(ctx)
            try:
                inner.close()
            finally:
                _CURRENT.reset(token)
            raise
        except BaseException as err:  # thrown in (asyncio's CancelledError among them): on to inner
            value, step = err, inner.throw


@types.coroutine
def _awaited(inner: Any, ctx: Context) -> Generator[Any, Any, Any]:
    """`_stepped` as an awaitable: a coroutine (or an async generator's step) run one step at a time under ctx."""
    return (yield from _stepped(inner, ctx))


class _UseBackend:
    """What `use_backend` returns: a context manager, and a decorator for functions, generator functions,
    coroutine functions and async generator functions (see `use_backend`)."""

    __slots__ = ("_backend", "_fields", "_last", "_tokens")

    def __init__(self, backend: str | Context, fields: dict[str, Any]) -> None:
        self._backend, self._fields = backend, fields
        # (the Context in force it was computed from, or None when it depends on none; the Context it applies)
        base = None if isinstance(backend, Context) else _get()
        self._last = (base, _new_context(backend, fields, "use_backend"))  # a bad name or field fails here
        self._tokens: list[tuple[Token[Context], Context]] = []  # one per `with` entered and not yet left

    def __repr__(self) -> str:
        fields = "".join(f", {k}={v!r}" for k, v in self._fields.items())
        return f"use_backend({self._backend!r}{fields})"

    def context(self) -> Context:
        """The Context this selection applies now: given a name, precision comes from the Context in force."""
        base, ctx = self._last
        if base is None or base is _get():
            return ctx
        ctx = _new_context(self._backend, self._fields, "use_backend")
        self._last = (_get(), ctx)  # one tuple: a thread reading it meanwhile sees the old pair or the new
        return ctx

    def __enter__(self) -> Context:
        ctx = self.context()
        self._tokens.append((_CURRENT.set(ctx), ctx))
        return ctx

    def __exit__(self, *exc_info: object) -> None:
        _restore(*self._tokens.pop())

    def __call__(self, fn: F) -> F:
        """Decorate ``fn``: its body runs under the selection, computed from the Context in force when it starts."""
        for applies, wrap in _WRAPPERS:
            if applies(fn):
                return functools.wraps(fn)(wrap(fn, self.context))  # type: ignore[return-value]
        raise TypeError(f"use_backend: as a decorator it takes a function, got {fn!r}")


def _async_generator_under(fn: Any, context: Callable[[], Context]) -> Callable[..., Any]:
    async def async_generator(*args: Any, **kwargs: Any) -> Any:
        ctx, agen = context(), fn(*args, **kwargs)
        step, value = agen.asend, None
        while True:
            try:
                out = await _awaited(step(value), ctx)
            except StopAsyncIteration:
                return
            try:
                value, step = (yield out), agen.asend
            except GeneratorExit:  # aclose(), or the event loop finalising an abandoned generator
                await _awaited(agen.aclose(), ctx)
                raise
            except BaseException as err:
                value, step = err, agen.athrow

    return async_generator


def _coroutine_under(fn: Any, context: Callable[[], Context]) -> Callable[..., Any]:
    async def coroutine(*args: Any, **kwargs: Any) -> Any:
        return await _awaited(fn(*args, **kwargs), context())

    return coroutine


def _generator_under(fn: Any, context: Callable[[], Context]) -> Callable[..., Any]:
    def generator(*args: Any, **kwargs: Any) -> Any:
        return (yield from _stepped(fn(*args, **kwargs), context()))

    return generator


def _function_under(fn: Any, context: Callable[[], Context]) -> Callable[..., Any]:
    def function(*args: Any, **kwargs: Any) -> Any:
        ctx = context()
        token = _CURRENT.set(ctx)
        try:
            return fn(*args, **kwargs)
        finally:
            _restore(token, ctx)

    return function


# What `use_backend` wraps a decorated function in, by the kind of function (the first that applies).
_WRAPPERS: tuple[tuple[Callable[[Any], bool], Callable[[Any, Callable[[], Context]], Callable[..., Any]]], ...] = (
    (inspect.isasyncgenfunction, _async_generator_under),
    (inspect.iscoroutinefunction, _coroutine_under),
    (inspect.isgeneratorfunction, _generator_under),
    (callable, _function_under),
)


def use_backend(backend: str | Context, **fields: Any) -> _UseBackend:
    """Use a backend (and device, precision) for the duration of a ``with`` block, or of a decorated function.

    Given a name, the new Context is ``current_context().replace(backend=name,
    device=None, **fields)``: precision carries over, the device does not. Given a
    Context, it is used as it is (with ``fields`` applied). Blocks nest, and the previous
    Context comes back on exit, also on exceptions. The selection is per thread and per
    asyncio task. A bad name or field raises at once.

    As a decorator (``@nf.use_backend("pytorch", precision="float32")``) it applies while
    the function's body runs, the Context computed when the body starts. On a generator,
    coroutine or async generator function it applies during each step of the body (from
    each resumption to the next ``yield`` or suspending ``await``) and is undone at each
    suspension, in whatever thread or task resumes it: nothing leaks to the caller while the
    body is suspended, and closing, cancelling or garbage-collecting it never raises. A
    ``with`` block around a ``yield`` cannot do that (Python has no per-generator context):
    it stays in force in the caller while the generator is suspended, so decorate
    generators instead. One object may be entered again (nested) or decorate any number
    of functions; enter it from one thread or task at a time.

    >>> import numerics_fn as nf
    >>> with nf.use_backend("numpy", precision="float32") as ctx:
    ...     nf.zeros(2).dtype
    dtype('float32')
    >>> @nf.use_backend("numpy", precision="float32")
    ... async def f():
    ...     return nf.zeros(2).dtype
    >>> import asyncio; asyncio.run(f())
    dtype('float32')
    """
    return _UseBackend(backend, fields)


def generator_context(generator: object, ctx: Context | None) -> Context:
    """The Context a random op runs under: an explicit ``ctx``, else the one ``generator`` was made under
    (`nf.rng` gives its generators a ``context`` attribute), else the Context in force."""
    if ctx is not None:
        return ctx
    made = getattr(generator, "context", None)
    return made if isinstance(made, Context) else _get()


def set_backend(backend: str | Context, **fields: Any) -> Context:
    """Set the Context in force (for this thread or task) until it is changed; return it.

    In a worker thread of a plain ``ThreadPoolExecutor`` it stays in force for that thread's
    later jobs; the jobs of `thread_pool` (and calls through `in_context`) run in a copy of
    their submitter's Context, where it ends with the job.

    >>> import numerics_fn as nf
    >>> previous = nf.current_context()
    >>> nf.set_backend("numpy").backend
    'numpy'
    >>> _ = nf.set_backend(previous)
    """
    ctx = _new_context(backend, fields, "set_backend")
    _CURRENT.set(ctx)
    return ctx

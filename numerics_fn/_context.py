"""The immutable `Context` and the one ContextVar that holds the selection in force."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ._errors import BackendNotFoundError, DeviceError

__all__ = [
    "BACKENDS",
    "DEFAULT_CONTEXT",
    "Context",
    "context_for",
    "current_context",
    "on_device",
    "set_backend",
    "use_backend",
]

#: The known backends, in promotion order (see API.md section 2).
BACKENDS: tuple[str, ...] = ("numpy", "pytorch", "cupynumeric")
_ALIASES = MappingProxyType({"torch": "pytorch", "cunumeric": "cupynumeric", "np": "numpy"})
_PRECISIONS = ("float64", "float32")
_DEVICE_SYNTAX = re.compile(r"cpu|cuda(:\d+)?")
# Devices each backend can be asked for; whether a CUDA device exists is checked on first use.
_DEVICES = MappingProxyType({"numpy": ("cpu",), "pytorch": ("cpu", "cuda"), "cupynumeric": ("cpu", "cuda")})


def canonical_backend(name: object, op: str = "Context") -> str:
    """The canonical backend name for ``name`` (``"torch"`` → ``"pytorch"``)."""
    if isinstance(name, str):
        key = name.lower()
        key = _ALIASES.get(key, key)
        if key in BACKENDS:
            return key
    raise BackendNotFoundError(
        f"{op}: unknown backend {name!r}; the known backends are {', '.join(BACKENDS)} (alias 'torch' for 'pytorch')"
    )


@dataclass(frozen=True, slots=True)
class Context:
    """Which backend creation functions use, on which device, at which precision.

    Immutable and hashable; validated on construction without importing the backend.

    Args:
        backend: ``"numpy"``, ``"pytorch"`` (alias ``"torch"``) or ``"cupynumeric"``.
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
            if self.device.split(":")[0] not in _DEVICES[self.backend]:
                raise DeviceError(
                    f"Context: backend {self.backend!r} cannot use device {self.device!r}; "
                    f"it runs on {' or '.join(_DEVICES[self.backend])} (or pass device=None)"
                )
        if self.precision not in _PRECISIONS:
            raise ValueError(f"Context: precision {self.precision!r} is not supported; use 'float64' or 'float32'")

    def replace(self, **fields: Any) -> Context:
        """A copy with ``fields`` changed, validated like a new Context."""
        # (dataclasses.replace does the same in ~3 µs, twice the cost of a new Context)
        return Context(**{"backend": self.backend, "device": self.device, "precision": self.precision, **fields})


def on_device(ctx: Context, device: object, op: str) -> Context:
    """``ctx`` on the ``device=`` a creation function was given (None: unchanged).

    Takes a device name or a library's device object (``torch.device("cuda", 0)``, NumPy's
    ``x.device``); a device the backend cannot use raises `DeviceError`.
    """
    if device is None:
        return ctx
    try:
        return ctx.replace(device=str(device))
    except DeviceError as err:
        raise DeviceError(f"{op}: device={device!r} cannot be used ({err})") from None


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

#: The Context in force (fast: a bound ContextVar.get).
current_context = _CURRENT.get


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
    return context_for(op, current_context(), backend=canonical_backend(backend, op), **{"device": None, **fields})


@contextmanager
def use_backend(backend: str | Context, **fields: Any) -> Iterator[Context]:
    """Use a backend (and device, precision) for the duration of a ``with`` block.

    Given a name, the new Context is ``current_context().replace(backend=name,
    device=None, **fields)``: precision carries over, the device does not. Given a
    Context, it is used as it is (with ``fields`` applied). Blocks nest, and the previous
    Context comes back on exit, also on exceptions. The selection is per thread and per
    asyncio task.

    >>> import numerics_fn as nf
    >>> with nf.use_backend("numpy", precision="float32") as ctx:
    ...     nf.zeros(2).dtype
    dtype('float32')
    """
    ctx = _new_context(backend, fields, "use_backend")
    token = _CURRENT.set(ctx)
    try:
        yield ctx
    finally:
        _CURRENT.reset(token)


def set_backend(backend: str | Context, **fields: Any) -> Context:
    """Set the Context in force (for this thread or task) until it is changed; return it.

    >>> import numerics_fn as nf
    >>> previous = nf.current_context()
    >>> nf.set_backend("numpy").backend
    'numpy'
    >>> _ = nf.set_backend(previous)
    """
    ctx = _new_context(backend, fields, "set_backend")
    _CURRENT.set(ctx)
    return ctx

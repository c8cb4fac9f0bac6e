"""`Backend`: the seed-compatible namespace object returned by `get_backend`."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from ._context import BACKENDS, Context, canonical_backend, current_context
from ._dispatch import backend_module
from ._dtypes import DTYPE_NAMES
from ._ops import CATALOGUE
from ._ops.conversion import backend_of
from ._ops.creation import asarray

__all__ = ["Backend", "available_backends", "get_backend"]

_LIBRARY = MappingProxyType({"numpy": "numpy", "pytorch": "torch", "cupynumeric": "cupynumeric"})


class Backend:
    """A namespace bound to one backend: ``K.array``, ``K.einsum``, ``K.complex128`` …

    Every catalogue op is a method. Unlike the free functions, a Backend converts its
    array inputs to its own backend (``get_backend("pytorch").exp(np_x)`` is a tensor),
    and its creation functions use its Context. Dtype attributes are the backend's own
    dtypes (``get_backend("pytorch").float64 is torch.float64``).

    >>> import numerics_fn as nf
    >>> K = nf.get_backend("numpy")
    >>> complex(K.einsum("ii->", K.array([[1, 2], [3, 4]], dtype=K.complex128)))
    (5+0j)
    """

    __slots__ = ("ctx", "name")

    def __init__(self, ctx: Context) -> None:
        object.__setattr__(self, "ctx", ctx)
        object.__setattr__(self, "name", ctx.backend)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("Backend is immutable")

    def __repr__(self) -> str:
        return f"Backend({self.ctx!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Backend) and other.ctx == self.ctx

    def __hash__(self) -> int:
        return hash(self.ctx)

    def __reduce__(self) -> tuple[Any, ...]:  # (the default pickling recursed through __getattr__)
        return Backend, (self.ctx,)

    def __getattr__(self, name: str) -> Any:
        if name in DTYPE_NAMES or name == "int":
            return backend_module(self.name).native_dtype("int64" if name == "int" else name)
        raise AttributeError(f"Backend {self.name!r} has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *DTYPE_NAMES, "int"})


def _to_backend(value: Any, ctx: Context) -> Any:
    # Python numbers stay numbers (weak scalars in promotion); None passes (clip bounds).
    if value is None or isinstance(value, (bool, int, float, complex)) or backend_of(value) == ctx.backend:
        return value
    return asarray(value, ctx=ctx)


def _method(entry: Any) -> Callable[..., Any]:
    public = entry.public
    if entry.kind in ("generic", "creation") or entry.module.endswith(".random"):

        def method(self: Backend, *args: Any, **kwargs: Any) -> Any:
            if entry.kind != "generic" and kwargs.get("ctx") is None:
                kwargs["ctx"] = self.ctx  # ctx=None means "not given": the Backend's own Context
            return public(*args, **kwargs)

    else:

        def method(self: Backend, *args: Any, **kwargs: Any) -> Any:
            converted = tuple(_to_backend(v, self.ctx) for v in entry.split(args))
            if kwargs.get("ctx") is None:
                kwargs["ctx"] = self.ctx
            return public(*entry.join(converted, args), **kwargs)

    method.__name__ = method.__qualname__ = entry.name
    method.__doc__ = public.__doc__
    return method


for _entry in CATALOGUE:
    setattr(Backend, _entry.name, _method(_entry))


def get_backend(name_or_ctx: str | Context | None = None) -> Backend:
    """The `Backend` namespace of a backend name or Context (default: the current Context).

    Raises `BackendNotFoundError` for an unknown name, `BackendUnavailableError` (naming
    the extra to install) when its library is not installed.
    """
    if name_or_ctx is None:
        ctx = current_context()
    elif isinstance(name_or_ctx, Context):
        ctx = name_or_ctx
    else:
        ctx = current_context().replace(backend=canonical_backend(name_or_ctx, "get_backend"), device=None)
    backend_module(ctx.backend, "get_backend")
    return Backend(ctx)


def available_backends() -> tuple[str, ...]:
    """The backends whose library is installed (checked without importing it)."""
    return tuple(name for name in BACKENDS if importlib.util.find_spec(_LIBRARY[name]) is not None)

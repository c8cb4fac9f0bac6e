"""What makes `numerics_fn` an Array API namespace beyond its functions: the version, the
constants and `__array_namespace_info__` (the standard's inspection API).

Dtypes: ``nf.float64`` and friends stay backend-neutral tokens (equal to every backend's
dtype of the same name). Their hash is the default backend's (see `numerics_fn.DType`), so
code written for the standard, which mixes ``xp.float64`` with ``x.dtype`` in dicts and sets,
works with ``NUMERICS_FN_BACKEND`` choosing the backend. `Info.dtypes` returns the same tokens.
"""

from __future__ import annotations

import math
from typing import Any

from ._backends import SPECS
from ._context import Context, current_context
from ._dtypes import DType
from ._ops import isdtype

__all__ = ["Info", "__array_api_version__", "__array_namespace_info__", "e", "inf", "nan", "newaxis", "pi"]

#: The version of the Array API standard that numerics_fn implements.
__array_api_version__ = "2025.12"

e = math.e
inf = math.inf
nan = math.nan
pi = math.pi
newaxis = None

_STANDARD_DTYPES = (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
)  # fmt: skip


class Info:
    """The standard's inspection namespace, for the Context in force when it was made.

    >>> import numerics_fn as nf
    >>> info = nf.__array_namespace_info__()
    >>> info.default_dtypes()["real floating"], info.devices()
    (numerics_fn.float64, ('cpu',))
    """

    __slots__ = ("ctx",)

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def __repr__(self) -> str:
        return f"Info({self.ctx!r})"

    def capabilities(self) -> dict[str, Any]:
        """Boolean indexing and data-dependent shapes are supported; at most 64 dimensions."""
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 64}

    def default_device(self) -> Any:
        """The device new arrays go to: the Context's, as the backend's arrays report it."""
        return self.devices()[0] if self.ctx.device is None else _native_device(self.ctx, self.ctx.device)

    def devices(self) -> tuple[Any, ...]:
        """The devices of the Context's backend, as its arrays report them (``x.device``)."""
        if SPECS[self.ctx.backend].carries_device:
            return tuple(_backend_module(self.ctx).devices())
        return ("cpu",)

    def default_dtypes(self, *, device: Any = None) -> dict[str, DType]:
        """The dtypes creation functions use: the Context's precision for floats, int64 for integers."""
        complex_ = "complex64" if self.ctx.precision == "float32" else "complex128"
        return {
            "real floating": DType(self.ctx.precision),
            "complex floating": DType(complex_),
            "integral": DType("int64"),
            "indexing": DType("int64"),
        }

    def dtypes(self, *, device: Any = None, kind: Any = None) -> dict[str, DType]:
        """The standard's dtypes, by name, optionally of ``kind`` (as in `isdtype`)."""
        tokens = {name: DType(name) for name in _STANDARD_DTYPES}
        if kind is None:
            return tokens
        return {name: token for name, token in tokens.items() if isdtype(token, kind)}


def _native_device(ctx: Context, device: str) -> Any:
    if SPECS[ctx.backend].carries_device:
        return _backend_module(ctx).native_device(device)
    return device


def _backend_module(ctx: Context) -> Any:
    from ._dispatch import backend_module

    return backend_module(ctx.backend, "__array_namespace_info__")


def __array_namespace_info__() -> Info:  # noqa: N807 (the standard's name)
    """The Array API standard's inspection namespace for the Context in force.

    >>> import numerics_fn as nf
    >>> nf.__array_namespace_info__().capabilities()["boolean indexing"]
    True
    """
    return Info(current_context())

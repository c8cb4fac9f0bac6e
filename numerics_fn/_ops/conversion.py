"""Moving data between backends, asking which backend an array belongs to, and the autograd flags on
arrays (`requires_grad`, `detach`; the transforms themselves live in ``numerics_fn._transforms``)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from .._context import _ALIASES, BACKENDS, Context, context_for
from .._dispatch import backend_of_type, generic, op
from .._errors import UnsupportedTypeError
from .creation import asarray

_PLAIN = Context()  # convert's base: the default precision, whatever Context is in force
# convert's Context for each backend name (and alias) on its default device, built once (a new one costs
# about as much as the conversion itself)
_ON_DEFAULT_DEVICE = MappingProxyType({name: Context(backend=name) for name in (*BACKENDS, *_ALIASES)})

__all__ = ["backend_of", "convert", "detach", "requires_grad", "to_numpy"]


@op
def to_numpy(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``x`` as a NumPy array: detached from autograd, moved to host (zero-copy where possible).

    >>> import numerics_fn as nf
    >>> nf.to_numpy([1.0, 2.0])
    array([1., 2.])
    """


def _foreign_to_numpy(x: Any) -> Any:
    """`to_numpy` of an array that no backend owns but that has an Array API namespace: NumPy's
    ``from_dlpack`` (zero-copy on the CPU), else its ``__array__``."""
    import numpy as np

    try:
        return np.from_dlpack(x)
    except (AttributeError, BufferError, RuntimeError, TypeError, ValueError):
        return np.asarray(x)


to_numpy.__op__.foreign_impl = _foreign_to_numpy


@generic
def convert(x: Any, backend: str, device: str | None = None) -> Any:
    """``x`` as an array of ``backend`` on ``device``: zero-copy through DLPack where the
    libraries allow it, a copy only where needed (device to host, or another device).

    Same as ``nf.asarray(x, ctx=nf.Context(backend=backend, device=device))``.

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.arange(3.0)
    >>> nf.convert(x, "numpy") is x
    True
    """
    ctx = _ON_DEFAULT_DEVICE.get(backend) if device is None and type(backend) is str else None
    if ctx is None:
        ctx = context_for("convert", _PLAIN, backend=backend, device=device)
    return asarray(x, ctx=ctx)


@generic
def backend_of(x: Any) -> str | None:
    """The name of ``x``'s backend, or None for neutral values (numbers, lists, tuples).

    >>> import numpy as np, numerics_fn as nf
    >>> nf.backend_of(np.ones(2)), nf.backend_of([1, 2])
    ('numpy', None)

    An array that no backend owns but that has an Array API namespace (array-api-strict, JAX) gives
    its namespace's module name (``"array_api_strict"``): nf's operations serve it through that namespace.
    """
    try:
        return backend_of_type(type(x))
    except UnsupportedTypeError:
        if hasattr(type(x), "__array_namespace__"):
            return str(x.__array_namespace__().__name__)
        raise UnsupportedTypeError(
            f"backend_of: argument 0 (x) is a {type(x).__qualname__}, which no backend handles; "
            f"pass an array of one of the backends ({', '.join(BACKENDS)})"
        ) from None


@op
def requires_grad(x: Any, /, flag: bool = True, *, ctx: Context | None = None) -> Any:
    """A leaf sharing ``x``'s storage with ``requires_grad`` set to ``flag``; ``x`` is unchanged.

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.ones(2)
    >>> nf.requires_grad(x) is x
    True

    Backend notes:
        numpy, cupynumeric: no autograd; the input is returned unchanged.
    """


@op
def detach(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``x`` cut from the autograd graph (the input itself on backends without autograd).

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.ones(2)
    >>> nf.detach(x) is x
    True
    """

"""NumPy's options of catalogue ops that torch's first implementations did not take (issue 16): ``round(x,
decimals)``, ``where(condition)`` with one argument, ``clip(a, a_min=, a_max=)``, ``normal(loc=, scale=)``
and ``einsum(optimize=)``.

`extend_torch` replaces each of torch's implementations of those ops, after the backend has registered them,
by one that takes the new parameters and hands the common case (the option at its default) to the original.
(The NumPy-like implementations take their options themselves: `numpy_like.elementwise`, `linalg`, `random`.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _ops as ops
from .._dispatch import _LOCK
from .._ops import nonzero
from .._ops import round as round_
from .numpy_like.core import checked_optimize

__all__ = ["extend_torch"]


def _rewrap(op: Any, owned: tuple[type, ...], make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Replace each implementation of ``op`` registered for ``owned`` types by ``make(implementation)``."""
    entry = op.__op__
    with _LOCK:
        for signature, impl in list(entry.dispatcher.funcs.items()):
            flat = [u for t in signature for u in getattr(t, "variadic_type", (t,))]
            if any(t in owned for t in flat):
                entry.dispatcher.add(signature, make(impl))


def _where(before: Callable[..., Any]) -> Callable[..., Any]:
    def where(condition: Any, x: Any, y: Any) -> Any:
        if x is None and y is None:  # NumPy's where(condition): nonzero(condition)
            return nonzero(condition)
        if x is None or y is None:
            raise ValueError("where: either both or neither of x and y should be given")
        return before(condition, x, y)

    return where


def _clip(before: Callable[..., Any]) -> Callable[..., Any]:
    def clip(x: Any, min_: Any, max_: Any, a_min: Any, a_max: Any) -> Any:
        if a_min is None and a_max is None:
            return before(x, min_, max_)
        if (a_min is not None and min_ is not None) or (a_max is not None and max_ is not None):
            raise TypeError("clip: pass each bound once: a_min (NumPy's name) or min (the standard's), not both")
        return ops.clip(x, min_ if a_min is None else a_min, max_ if a_max is None else a_max)

    return clip


def _normal(before: Callable[..., Any]) -> Callable[..., Any]:
    def normal(rng: Any, shape_: Any, dtype: Any, loc: Any, scale: Any, ctx: Any) -> Any:
        out = before(rng, shape_, dtype, ctx)
        if not (isinstance(scale, (int, float)) and scale == 1):
            from .._ops import multiply

            out = multiply(out, scale)
        if not (isinstance(loc, (int, float)) and loc == 0):
            from .._ops import add

            out = add(out, loc)
        return out

    return normal


def extend_torch(tensor: type, generator: type) -> None:
    """Extend torch's implementations (for ``tensor`` and ``generator``)."""
    import torch

    def rounded(x: Any, decimals: int) -> Any:
        if not (x.is_floating_point() or x.is_complex()):
            if decimals >= 0:
                return x.clone()
            factor = 10.0 ** (-decimals)  # NumPy: the integer rounded half to even at that power of ten
            return (torch.round(x.to(torch.float64) / factor) * factor).to(x.dtype)
        if x.is_complex():
            return torch.complex(rounded(x.real, decimals), rounded(x.imag, decimals))
        if decimals >= 0:
            factor = 10.0**decimals
            return torch.round(x * factor) / factor
        factor = 10.0 ** (-decimals)
        return torch.round(x / factor) * factor

    def round_with_decimals(before: Callable[..., Any]) -> Callable[..., Any]:
        def rounding(x: Any, decimals: Any) -> Any:
            return before(x) if decimals == 0 else rounded(x, int(decimals))

        return rounding

    def einsum_with_optimize(before: Callable[..., Any]) -> Callable[..., Any]:
        def einsum(subscripts: Any, *rest: Any) -> Any:
            checked_optimize(rest[-1])  # torch orders contractions itself (opt_einsum where installed)
            return before(subscripts, *rest[:-1])

        return einsum

    owned = (tensor,)
    _rewrap(round_, owned, round_with_decimals)
    _rewrap(ops.where, owned, _where)
    _rewrap(ops.clip, owned, _clip)
    _rewrap(ops.einsum, owned, einsum_with_optimize)
    _rewrap(ops.normal, (generator,), _normal)

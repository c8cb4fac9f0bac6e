"""jit (`Jit`): torch.compile on tensors, and on tensors sharing NumPy arrays' memory, compiled per input
signature; the uncompiled function where that is impossible."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .._errors import JitFallbackWarning, UnsupportedTypeError
from .._ops import to_numpy
from . import common
from .common import _backend, _describe, _like, _name
from .tree import TreeDef, tree_flatten, tree_map, tree_unflatten

_FALLBACK = "fallback"  # a signature's cache entry where compilation failed: plain execution from then on


def _signature(leaves: list[Any], treedef: TreeDef) -> tuple[Any, ...] | None:
    """What a compiled program is specialised on: the arguments' structure, each array leaf's backend, dtype
    and shape, every other leaf's type and value (a constant of the program). None where no leaf is an array."""
    key: list[Any] = [treedef]
    arrays = False
    for leaf in leaves:
        backend = _backend(leaf)
        if backend is None:
            key.append((type(leaf), leaf))
        else:
            arrays = True
            key.append((backend, str(leaf.dtype), tuple(leaf.shape)))
    return tuple(key) if arrays else None


@dataclass(frozen=True, repr=False)
class Jit:
    """``fn`` compiled with ``torch.compile`` (tensors; NumPy and cuPyNumeric arrays through tensors sharing
    their memory), run as it is where that is impossible; see `jit`."""

    fn: Callable[..., Any]
    # Per input signature: torch.compile's function, or _FALLBACK; and the reasons already warned about.
    cache: dict[Any, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise TypeError(f"jit: fn must be callable, got a {_describe(self.fn)}")

    def __repr__(self) -> str:
        return f"jit({_name(self.fn)})"

    def __reduce__(self) -> tuple[Any, ...]:  # the compiled programs stay behind: they belong to this process
        return Jit, (self.fn,)

    @cached_property
    def compiled(self) -> Callable[..., Any]:
        """``torch.compile(fn)``, made on first use (compilation itself happens on the first call)."""
        module, reason = common._torch()
        if module is None:
            raise UnsupportedTypeError(f"jit: cannot compile {_name(self.fn)}: {reason}")
        return module.compiled(self.fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        leaves, treedef = tree_flatten((args, kwargs))
        if any(_backend(a) == "pytorch" for a in leaves):
            return self.compiled(*args, **kwargs)
        key = _signature(leaves, treedef)
        if key is None:  # no array: nothing to compile for
            return self.fn(*args, **kwargs)
        try:
            program = self.cache.get(key)
        except TypeError:  # a leaf that is no array and cannot be hashed: no signature to compile for
            return self._fallback(None, "an argument is neither an array nor hashable", args, kwargs)
        if program is _FALLBACK:
            return self.fn(*args, **kwargs)
        module, reason = common._torch()
        if module is None:
            return self._fallback(key, reason, args, kwargs)
        host = next(a for a in leaves if _backend(a) is not None)
        on_host = _backend(host) == "cupynumeric"
        if on_host:  # torch reads cuPyNumeric arrays through NumPy
            leaves = [to_numpy(v) if _backend(v) == "cupynumeric" else v for v in leaves]
        try:
            if program is None:
                program = self.cache[key] = module.Program(self.fn, *tree_unflatten(treedef, leaves))
            out = program(leaves)
        except Exception as err:  # any failure to trace or compile; fn's own errors recur in the plain run
            why = f"torch.compile failed ({type(err).__name__}: {_first_line(err)})"
            return self._fallback(key, why, args, kwargs)
        return tree_map(lambda v: _like(v, host) if isinstance(v, np.ndarray) else v, out) if on_host else out

    def _fallback(self, key: Any, reason: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """``fn`` run as it is from now on for ``key``'s signature, announced once per reason."""
        if key is not None:
            self.cache[key] = _FALLBACK
        warned = self.cache.setdefault("warned", set())
        if reason not in warned:
            warned.add(reason)
            warnings.warn(
                JitFallbackWarning(
                    f"jit: cannot compile {_name(self.fn)} for NumPy input because {reason}; running it uncompiled "
                    "(write fn with nf operations and Python operators on its arguments to compile it)"
                ),
                stacklevel=3,
            )
        return self.fn(*args, **kwargs)


def _first_line(err: BaseException) -> str:
    return str(err).strip().partition("\n")[0][:300]

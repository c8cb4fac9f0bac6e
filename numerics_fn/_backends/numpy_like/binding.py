"""How a topic module's table of NumPy-like implementations becomes registrations for one library.

Each topic module (`creation`, `elementwise`, `reductions`, ...) holds module-level functions that take the
library module first (``def logaddexp(xp, x1, x2)``) and a ``TABLE`` of ``(op, implementation)`` pairs, one
line per op. `register_table` binds each implementation to the library ``xp`` and registers it for ``xp``'s
array types. An implementation is one of:

- a function taking ``xp`` first: bound to ``xp`` as a method (`types.MethodType`: from Python code it is
  called as a closure would be; from the C fast path through one more indirection, as a functools.partial);
- a str: the library's own function at that attribute path (``"linalg.inv"``), registered as it is, so the
  call costs no Python frame of ours;
- `LibraryOr` ``(path, fallback)``: the library's function where it has one, else ``fallback`` bound;
- `NumPyOr` ``(path, fallback)``: NumPy's function on NumPy, ``fallback`` on other libraries;
- `OrHost` ``(impl)``: ``impl``, and where the library raises NotImplementedError (cuPyNumeric on CPUs has no
  FFT, its SVD takes no stacks), the same implementation run by NumPy on a host copy;
- `Reduction` ``(impl)``: a reduction taking ``axis`` second and ``keepdims``; for a library that cannot
  reduce over no axis (``axis=()``: cuPyNumeric 26.6 asserts), the reduction over a new last axis of one;
- any other object with a ``bind(xp)`` method (a topic module's own kind, such as `elementwise.RealOnly`).
"""

from __future__ import annotations

import inspect
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MethodType
from typing import Any

import numpy as np

from ..._dispatch import implements, implements_on
from .core import over_new_axis

__all__ = ["Entry", "LibraryOr", "NumPyOr", "OrHost", "Reduction", "bind", "on_host", "or_host", "register_table"]


@dataclass(frozen=True, slots=True)
class LibraryOr:
    """The library's function at ``path`` where it has one, else ``fallback`` (an implementation)."""

    path: str
    fallback: Any

    def bind(self, xp: Any) -> Callable[..., Any]:
        return _function(xp, self.path) if _has(xp, self.path) else bind(xp, self.fallback)


@dataclass(frozen=True, slots=True)
class NumPyOr:
    """NumPy's own function at ``path`` on NumPy; ``fallback`` (an implementation) on other libraries, whose
    function of that name is missing or differs from NumPy's."""

    path: str
    fallback: Any

    def bind(self, xp: Any) -> Callable[..., Any]:
        return _function(np, self.path) if xp is np else bind(xp, self.fallback)


@dataclass(frozen=True, slots=True)
class OrHost:
    """``impl``, with NumPy's answer on a host copy where the library raises NotImplementedError."""

    impl: Any

    def bind(self, xp: Any) -> Callable[..., Any]:
        return or_host(xp, bind(xp, self.impl), bind(np, self.impl))


@dataclass(frozen=True, slots=True)
class Reduction:
    """``impl`` (a reduction: ``axis`` its second argument, a ``keepdims`` argument), taking ``axis=()``."""

    impl: Any

    def bind(self, xp: Any) -> Callable[..., Any]:
        fn = bind(xp, self.impl)
        if reduces_over_no_axis(xp):
            return fn
        return _OverNewAxis(xp, fn, list(inspect.signature(fn).parameters).index("keepdims"))


#: One line of a topic module's table: the catalogue op and its implementation.
Entry = tuple[Callable[..., Any], Any]


def _function(xp: Any, path: str) -> Any:
    return operator.attrgetter(path)(xp)


def _has(xp: Any, path: str) -> bool:
    try:
        _function(xp, path)
    except AttributeError:
        return False
    return True


def on_host(xp: Any, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` (NumPy's) computed on a host copy of its first argument, its arrays (also inside a named tuple)
    returned as ``xp``'s: for the few data-dependent functions a library lacks (cuPyNumeric 26.6 has no
    unique_all, slogdet)."""

    def host(x: Any, *rest: Any) -> Any:
        out = fn(np.asarray(x), *rest)
        if isinstance(out, tuple):
            arrays = (xp.asarray(o) for o in out)
            return type(out)(*arrays) if hasattr(out, "_fields") else tuple(arrays)
        return xp.asarray(out)

    host.__name__ = host.__qualname__ = f"host_{getattr(fn, '__name__', 'fn')}"
    return host


def or_host(xp: Any, fn: Callable[..., Any], host: Callable[..., Any]) -> Callable[..., Any]:
    """``fn``, or NumPy's ``host`` on a host copy where ``xp`` raises NotImplementedError. NumPy itself never
    needs it: ``fn`` as it is."""
    if xp is np:
        return fn
    computed_on_host = on_host(xp, host)

    def either(*args: Any) -> Any:
        try:
            return fn(*args)
        except NotImplementedError:
            return computed_on_host(*args)

    either.__name__ = either.__qualname__ = f"or_host_{getattr(host, '__name__', 'fn')}"
    return either


@dataclass(frozen=True, slots=True)
class _OverNewAxis:
    """A reduction for a library that cannot reduce over no axis: ``axis=()`` becomes `over_new_axis`."""

    xp: Any
    impl: Callable[..., Any]
    keepdims: int  # the position of keepdims among the arguments

    def __call__(self, *args: Any) -> Any:
        if args[1] == ():
            fixed = list(args)
            fixed[0], fixed[1], fixed[self.keepdims] = over_new_axis(self.xp, args[0])
            args = tuple(fixed)
        return self.impl(*args)


def reduces_over_no_axis(xp: Any) -> bool:
    """Whether ``xp``'s reductions take ``axis=()`` (NumPy's do; cuPyNumeric 26.6's assert)."""
    return xp is np


def bind(xp: Any, impl: Any) -> Callable[..., Any]:
    """``impl`` (a table's implementation, see the module docstring) as a function of ``xp``."""
    if isinstance(impl, str):
        return _function(xp, impl)
    if hasattr(impl, "bind"):  # LibraryOr, OrHost, Reduction, or a topic module's own kind
        return impl.bind(xp)
    return MethodType(impl, xp)


def register_table(
    xp: Any, array: type | tuple[type, ...], backend: str, table: Sequence[Entry], *, generator: type | None = None
) -> None:
    """Register every implementation of ``table`` bound to ``xp``: for ``array`` types (creation functions: for
    ``backend``), or for ``generator`` (random functions, whose first argument is a generator) where given."""
    for op, impl in table:
        fn = bind(xp, impl)
        if generator is not None:
            implements(op, generator)(fn)
        else:
            implements_on(op, array, backend)(fn)

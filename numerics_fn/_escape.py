"""The escape hatch ``nf.do("name", *args, **kwargs)``: any function of the backend library by its NumPy name.

autoray's convention: a name from NumPy's namespace (dotted names such as ``"linalg.matrix_exp"`` or
``"special.erf"`` included) is looked up in the library that the arguments' types select, with the
catalogue's mixing rules (a NumPy array beside a tensor is converted, NumPy's promotion applies), and
the library's own function is called. Where the library names a function or an argument differently,
`do` translates (``concatenate`` is ``torch.cat``, ``axis=`` is ``dim=``). Catalogue names go through
the catalogue, so they keep its NumPy semantics on every backend. A function the backend lacks is a
`FunctionNotFoundError` naming the function and the backend.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from ._backends import DEVICE_CARRIERS, SPECS, mixing_target, on_register
from ._context import Context
from ._dispatch import FOREIGN, _Op, backend_module, backend_of_type, check_context
from ._errors import MixedBackendError, NumericsError, UnsupportedTypeError

__all__ = ["FunctionNotFoundError", "do"]


class FunctionNotFoundError(NumericsError, AttributeError):
    """`do` was asked for a function that the selected backend's library does not have."""


#: Names of other libraries for catalogue functions (torch's and SciPy's names of the matrix exponential).
_CATALOGUE_NAMES = MappingProxyType({"linalg.matrix_exp": "expm", "linalg.expm": "expm", "matrix_exp": "expm"})
_SCALARS = (bool, int, float, complex, str, bytes, type(None))
# Resolutions, added to and never changed (thread-safe under the GIL): a name's catalogue function (or None),
# a (name, backend)'s library function, and a backend's keyword renames (the last two forgotten when the
# backends change: `_forget`).
_CATALOGUED: dict[str, Callable[..., Any] | None] = {}
_FOUND: dict[tuple[str, str], Callable[..., Any]] = {}
_KEYWORDS: dict[str, MappingProxyType[str, str]] = {}


@on_register
def _forget(spec: object) -> None:
    _FOUND.clear()
    _KEYWORDS.clear()


def do(name: str, *args: Any, ctx: Context | None = None, **kwargs: Any) -> Any:
    """Call the function ``name`` of NumPy's namespace on the backend that the arguments select.

    ``name`` may be dotted (``"linalg.matrix_exp"``, ``"special.erf"``, ``"fft.rfft"``). A catalogue name
    (``"sum"``, ``"linalg.svd"``) calls the catalogue's function, which has NumPy's semantics on every
    backend. Any other name is looked up in the library of the arguments' backend (NumPy arrays beside a
    tensor go to torch, beside a cuPyNumeric array to cuPyNumeric, as in every catalogue call, converted
    with their dtype kept, so the library's own promotion applies; only Python values: the Context's
    backend, or ``ctx``), with NumPy's names translated where the library
    differs (``"concatenate"`` is ``torch.cat``; ``axis=`` and ``keepdims=`` are torch's ``dim=`` and
    ``keepdim=``; dtypes given as ``nf`` tokens or names become the library's). The result is the library's own.

    Use it for what the catalogue lacks; it gives the library's semantics, not NumPy's (``"nanmedian"`` of
    a tensor is ``torch.nanmedian``: the lower middle value, not the mean of the two), and raises
    `FunctionNotFoundError` (an AttributeError) naming the function and
    the backend where that library has none.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.do("flipud", np.eye(2))
    array([[0., 1.],
           [1., 0.]])
    >>> nf.do("sum", [[1, 2], [3, 4]], axis=0)  # a catalogue name: the catalogue's sum
    array([4, 6])
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"do: the function name must be a non-empty str such as 'linalg.matrix_exp', got {name!r}")
    try:
        catalogued = _CATALOGUED[name]
    except KeyError:
        catalogued = _CATALOGUED.setdefault(name, _catalogue_function(name))
    if catalogued is not None:
        if ctx is not None and getattr(catalogued, "__op__", None) is not None:
            kwargs["ctx"] = ctx
        return catalogued(*args, **kwargs)
    backend, args, kwargs = _operands(name, args, kwargs, ctx)
    fn = _FOUND.get((name, backend))
    if fn is None:
        fn = _FOUND.setdefault((name, backend), _library_function(name, backend))
    keywords = _KEYWORDS.get(backend)
    if keywords is None:
        keywords = _KEYWORDS.setdefault(backend, MappingProxyType(dict(SPECS[backend].keyword_renames)))
    if keywords:
        kwargs = {keywords.get(k, k): v for k, v in kwargs.items()}
    if "dtype" in kwargs and kwargs["dtype"] is not None:
        kwargs["dtype"] = backend_module(backend).native_dtype(_dtype_name(kwargs["dtype"], name))
    return fn(*args, **kwargs)


def _catalogue_function(name: str) -> Callable[..., Any] | None:
    """The catalogue's (or nf.linalg's, nf.fft's) function called ``name``, if there is one."""
    import numerics_fn as nf

    head, _, tail = _CATALOGUE_NAMES.get(name, name).rpartition(".")
    if head in ("", "linalg", "fft"):
        space: Any = nf if not head else getattr(nf, head)
        found = getattr(space, tail, None)
        if callable(found) and (head or tail in nf.__all__) and tail not in ("do",):
            op_: _Op | None = getattr(found, "__op__", None)
            if op_ is not None or head:
                return found
    return None


def _values(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """The values `do` dispatches on: every positional and keyword argument, and the items of lists and
    tuples among them (``do("hstack", [x, y])``)."""
    out: list[Any] = []
    for value in (*args, *kwargs.values()):
        out.append(value)
        if isinstance(value, (list, tuple)):
            out.extend(v for v in value if not isinstance(v, (list, tuple)))
    return out


def _backend(value: Any) -> str | None:
    if isinstance(value, (_SCALARS, list, tuple, dict)):
        return None
    try:
        return backend_of_type(type(value))
    except UnsupportedTypeError:
        return FOREIGN if hasattr(type(value), "__array_namespace__") else None


def _operands(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], ctx: Context | None
) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    """The target backend (catalogue rules) and the arguments with other backends' arrays converted to it."""
    kinds = {k: None for k in map(_backend, _values(args, kwargs)) if k is not None}
    if FOREIGN in kinds:
        raise UnsupportedTypeError(
            f"do({name!r}): an argument is an array that no numerics_fn backend owns; call its own library's "
            "function, or convert it first with nf.convert(x, backend)"
        )
    if not kinds:
        return check_context(ctx, f"do({name!r})").backend, args, kwargs
    if len(kinds) == 1:
        return next(iter(kinds)), args, kwargs
    target, other = mixing_target(kinds)
    if other is not None:
        raise MixedBackendError(
            f"do({name!r}): the arguments mix {SPECS[target].library} and {SPECS[other].library} arrays, which do "
            f"not combine; convert one with nf.convert(x, {target!r}) or nf.convert(x, {other!r})"
        )
    device = next((getattr(v, "device", None) for v in _values(args, kwargs) if _backend(v) == target), None)
    convert = functools.partial(_convert, target=target, device=device)
    new_args = tuple(_mapped(convert, v) for v in args)
    new_kwargs = {k: _mapped(convert, v) for k, v in kwargs.items()}
    return target, new_args, new_kwargs


def _convert(value: Any, target: str, device: Any) -> Any:
    """An array of another backend as ``target``'s (its dtype kept, on ``device``); anything else as it is."""
    kind = _backend(value)
    if kind is None or kind == target:
        return value
    from ._ops import convert

    where = None if device is None or target not in DEVICE_CARRIERS else str(device)
    return convert(value, target, device=where)


def _mapped(convert: Callable[[Any], Any], value: Any) -> Any:
    if isinstance(value, list):
        return [convert(v) for v in value]
    if isinstance(value, tuple) and type(value) is tuple:
        return tuple(convert(v) for v in value)
    return convert(value)


def _library_function(name: str, backend: str) -> Callable[..., Any]:
    """``name`` (translated for ``backend``) in the backend's library, or FunctionNotFoundError."""
    library = SPECS[backend].library
    translated = dict(SPECS[backend].renames).get(name, name)
    obj: Any = importlib.import_module(library)
    parts = translated.split(".")
    for i, part in enumerate(parts):
        found = getattr(obj, part, None)
        if found is None and i < len(parts) - 1:  # a submodule not imported yet (torch.special is; scipy's …)
            try:
                found = importlib.import_module(f"{obj.__name__}.{part}")
            except (ImportError, AttributeError):
                found = None
        if found is None and backend == "numpy" and i == 0 and part == "special":
            try:  # NumPy has no special functions; SciPy's are what NumPy users reach for
                found = importlib.import_module("scipy.special")
            except ImportError:
                found = None
        if found is None:
            shown = f"{library}.{translated}" + (f" (NumPy's {name!r})" if translated != name else "")
            raise FunctionNotFoundError(
                f"do({name!r}): the {backend} backend's library has no function {shown}; use a catalogue "
                "function (see docs/ops.md), another name of the library, or convert the arguments with "
                "nf.convert(x, backend) to a backend that has it"
            )
        obj = found
    if not callable(obj):
        raise FunctionNotFoundError(f"do({name!r}): {library}.{translated} is not a function ({type(obj).__name__})")
    return obj


def _dtype_name(dtype: Any, name: str) -> str:
    from ._dtypes import dtype_name

    return dtype_name(dtype, f"do({name!r})")

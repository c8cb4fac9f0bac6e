"""`Backend`: the namespace object returned by `get_backend` (the seed's ``ArrayBackend`` protocol).

A Backend hands out the catalogue's own fast functions bound to its Context, not wrappers around
them: each method is the op's generated function (and, where the C extension was built, a `FastOp`
in front of it) reading a trie of its own, which holds only calls whose operands the Backend's
backend owns, and taking the Backend's Context where the free function reads the current one.
A miss goes to the Backend's slow path, which converts the operands to its backend first.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Callable
from types import ModuleType
from typing import Any

from . import _array_api
from . import fft as _fft_module
from . import linalg as _linalg_module
from ._context import BACKENDS, Context, canonical_backend, current_context
from ._dispatch import (
    _NO,
    FastOp,
    _factory,
    _fast_layout,
    _Op,
    _traced_as,
    backend_module,
    backend_of_type,
    check_context,
)  # fmt: skip
from ._dispatch import factory_source as _factory_source
from ._dtypes import DTYPE_NAMES, TORCH_ONLY_NAMES, dtype_name
from ._errors import UnsupportedTypeError
from ._ops import CATALOGUE, asarray
from ._transforms import api as _transforms_api

__all__ = ["Backend", "available_backends", "get_backend"]

#: The constants every Backend has (the Array API standard's, as ``nf.pi`` ...).
CONSTANTS = ("e", "inf", "nan", "newaxis", "pi")
_PYTHON_SCALARS = (bool, int, float, complex, type(None))  # passed to the library as they are (weak scalars)


class Backend:
    """A namespace bound to one backend and Context: ``K.array``, ``K.einsum``, ``K.complex128`` …

    Its members: every catalogue op, every transform (``K.value_and_grad``, ``K.vmap`` …), the
    sub-namespaces ``K.linalg`` and ``K.fft``, the constants ``pi e inf nan newaxis``, the dtypes
    as the backend's own objects (``get_backend("pytorch").float64 is torch.float64``), and the
    seed's ``dtypestr`` / ``rdtypestr``: the complex and real dtype names of the Context's precision
    (``"complex128"`` / ``"float64"`` at float64, ``"complex64"`` / ``"float32"`` at float32).

    Unlike the free functions, a Backend converts its array inputs to its own backend
    (``get_backend("pytorch").exp(np_x)`` is a tensor; with a device, to that device too), and its
    creation and random functions use its Context (``ctx=`` given explicitly still wins). The ops
    are the catalogue's own fast functions bound to the Context, not wrappers around them.

    A Backend is immutable: `set_dtype` returns another Backend at the precision asked for and
    leaves this one (and the ambient Context) unchanged. Backends are cached per Context.

    >>> import numerics_fn as nf
    >>> K = nf.get_backend("numpy")
    >>> complex(K.einsum("ii->", K.array([[1, 2], [3, 4]], dtype=K.complex128)))
    (5+0j)
    >>> K32 = K.set_dtype("complex64")
    >>> K32.dtypestr, K32.rdtypestr, K.dtypestr
    ('complex64', 'float32', 'complex128')
    """

    __slots__ = ("__dict__",)
    ctx: Context
    name: str
    dtypestr: str
    rdtypestr: str

    def __init__(self, ctx: Context) -> None:
        members = self.__dict__
        module = backend_module(ctx.backend, "get_backend")
        members.update(ctx=ctx, name=ctx.backend)
        members.update(dtypestr=_complex_name(ctx.precision), rdtypestr=ctx.precision)
        for name in (*DTYPE_NAMES, *TORCH_ONLY_NAMES):
            try:
                members[name] = module.native_dtype(name)
            except (KeyError, TypeError, AttributeError):
                continue  # a dtype this library lacks (bfloat16 on NumPy): no attribute
        members["int"] = module.native_dtype("int64")
        members.update({name: getattr(_array_api, name) for name in CONSTANTS})
        members.update({name: getattr(_transforms_api, name) for name in _transforms_api.__all__})
        members.update({entry.name: bind(entry, ctx) for entry in CATALOGUE})
        members["linalg"] = _Sub("linalg", _linalg_module, members, ctx)
        members["fft"] = _Sub("fft", _fft_module, members, ctx)

    def set_dtype(self, dtype: Any) -> Backend:
        """The Backend of this one's backend and device at the precision of ``dtype`` (``"complex64"`` or
        ``"float32"``: float32; ``"complex128"`` or ``"float64"``: float64; any spelling of those dtypes).
        Nothing is mutated: this Backend, and the Context in force, stay as they are."""
        name = dtype_name(dtype, "set_dtype")
        precision = {"complex64": "float32", "float32": "float32", "complex128": "float64", "float64": "float64"}
        if name not in precision:
            raise ValueError(
                f"set_dtype: {dtype!r} is not a float or complex dtype of a precision; use 'complex64' or "
                "'float32' (float32), 'complex128' or 'float64' (float64)"
            )
        return get_backend(self.ctx.replace(precision=precision[name]))

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"Backend is immutable (setting {key!r}); use set_dtype or get_backend for another one")

    def __delattr__(self, key: str) -> None:
        raise AttributeError(f"Backend is immutable (deleting {key!r})")

    def __repr__(self) -> str:
        return f"Backend({self.ctx!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Backend) and other.ctx == self.ctx

    def __hash__(self) -> int:
        return hash(self.ctx)

    def __reduce__(self) -> tuple[Any, ...]:
        return get_backend, (self.ctx,)


class _Sub:
    """``K.linalg`` / ``K.fft``: the module's functions, the catalogue's ones bound to the Backend's Context."""

    __slots__ = ("__dict__",)

    def __init__(self, name: str, module: ModuleType, members: dict[str, Any], ctx: Context) -> None:
        own = self.__dict__
        own["__name__"] = f"Backend({ctx.backend!r}).{name}"
        for attr in module.__all__:
            fn = getattr(module, attr)
            entry = getattr(fn, "__op__", None)
            if entry is None or entry.public is not fn:  # the module's own function (the standard's conventions)
                own[attr] = fn
            else:
                own[attr] = members[attr] if members.get(attr) is not None and attr == entry.name else bind(entry, ctx)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"{self.__dict__['__name__']} is immutable")

    def __repr__(self) -> str:
        return f"<namespace {self.__dict__['__name__']}>"


def _complex_name(precision: str) -> str:
    return "complex64" if precision == "float32" else "complex128"


def bind(entry: _Op, ctx: Context) -> Callable[..., Any]:
    """Op ``entry``'s public function for a Backend of ``ctx``: the same generated function (and C `FastOp`)
    as ``nf.<op>``, reading the Backend's trie and taking ``ctx`` where the free function reads the current
    Context; operands of another backend are converted on its slow path first."""
    if entry.kind == "generic":
        return entry.public
    if entry.with_ctx and entry.kind != "creation":
        fn = _with_ctx_method(entry, ctx)  # the generated function passes ctx=None on: K's own is passed here
    elif entry.kind == "creation":
        current = itertools.repeat(ctx).__next__  # a C callable returning ctx: no Python frame
        trie = entry.cache  # keyed by the backend name, as the free function's
        fn = _factory(entry, _factory_source(entry))(trie, entry.slow_call, check_context, Context, current, _NO)
    else:
        trie = entry.caches.bound_trie(ctx.backend) if ctx.device is None else {}  # (a device: never filled)
        slow = _BoundSlow(entry, ctx)
        fn = _factory(entry, _factory_source(entry))(trie, slow, check_context, Context, current_context, _NO)
    public: Any = fn
    if FastOp is not None and entry.kind in ("array", "creation") and not (entry.with_ctx and entry.kind == "array"):
        public = _traced_as(FastOp(fn, trie, **_fast_layout(entry), bound=ctx), fn)
    for target in {fn, public}:
        target.__name__ = target.__qualname__ = entry.name
        target.__doc__ = entry.stub.__doc__
        target.__module__ = "numerics_fn"
        target.__wrapped__ = entry.stub
        target.__op__ = entry
    return public


class _BoundSlow:
    """A Backend's slow path of one op: its operands converted to the Backend's backend (Python numbers and
    None stay as they are), then the op's own slow path with the Backend's Context. A call whose operands
    needed no conversion is remembered in the Backend's trie (the implementation the op's trie resolved)."""

    __slots__ = ("convert", "ctx", "entry", "remember")

    def __init__(self, entry: _Op, ctx: Context) -> None:
        self.entry, self.ctx = entry, ctx
        self.remember = ctx.device is None  # with a device, every array is converted (moved) first
        self.convert = entry.params[:1] != ("rng",)  # random ops dispatch on a generator: nothing to convert

    def __call__(self, args: tuple[Any, ...], ctx: Context | None = None, guard: object = _NO) -> Any:
        entry = self.entry
        if guard is not _NO:
            return entry.slow_call(args, ctx, guard)  # raises Python's error for too many arguments
        try:
            values = entry.split(args)
        except TypeError:  # not a sequence: the op's slow path says so
            return entry.slow_call(args, self.ctx if ctx is None else ctx)
        if _traced(values):  # inside a transform: the free function's rules, so the tape sees the op
            return entry.slow_call(args, ctx)
        converted = tuple(_to_backend(v, self.ctx) for v in values) if self.convert else values
        generation = entry.caches.generation
        same = all(c is v for c, v in zip(converted, values, strict=True))
        result = entry.slow_call(args if same else entry.join(converted, args), self.ctx if ctx is None else ctx)
        if same and self.remember and all(_owned(v, self.ctx.backend) for v in values):
            impl = _cached(entry, [type(v) for v in values])
            if impl is not None:
                entry.remember([type(v) for v in values], impl, generation, bound=self.ctx.backend)
        return result


def _cached(entry: _Op, types: list[type]) -> Any:
    """What the op's own trie holds for ``types`` (None: nothing)."""
    node: Any = entry.cache
    for key in ([len(types)] if entry.kind in ("sequence", "variadic") else []) + types:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _with_ctx_method(entry: _Op, ctx: Context) -> Callable[..., Any]:
    public = entry.public
    convert = entry.params[:1] != ("rng",)

    def method(*args: Any, **kwargs: Any) -> Any:
        if _traced(entry.split(args)):
            return public(*args, **kwargs)
        if convert:
            args = entry.join(tuple(_to_backend(v, ctx) for v in entry.split(args)), args)
        if kwargs.get("ctx") is None:
            kwargs["ctx"] = ctx  # ctx=None means "not given": the Backend's own Context
        return public(*args, **kwargs)

    return method


def _traced(values: tuple[Any, ...]) -> bool:
    """Whether an operand is a transform's stand-in for a parameter (a torch mirror of a NumPy or cuPyNumeric
    array): converting it to the Backend's backend would take it off the gradient's tape."""
    return any(getattr(type(v), "__numerics_fn_absorbs_arrays__", False) for v in values)


def _to_backend(value: Any, ctx: Context) -> Any:
    """``value`` as an array of ``ctx`` (its backend, and device if it names one). Python numbers stay numbers
    (weak scalars in promotion); None passes (clip's bounds); a value no backend handles is left for the op's
    own error, which names the op and the argument."""
    if type(value) in _PYTHON_SCALARS:
        return value
    try:
        owner = backend_of_type(type(value))
    except UnsupportedTypeError:
        if not hasattr(type(value), "__array_namespace__"):
            return value
        owner = None  # a foreign Array API array: converted like any other
    if owner == ctx.backend and ctx.device is None:
        return value
    return asarray(value, ctx=ctx)


def _owned(value: Any, backend: str) -> bool:
    """Whether ``value`` reaches the op as it is in a call of ``backend``'s namespace (no conversion)."""
    if type(value) in _PYTHON_SCALARS:
        return True
    try:
        return backend_of_type(type(value)) == backend
    except UnsupportedTypeError:
        return False


_BACKENDS: dict[Context, Backend] = {}
_MOST_BACKENDS = 64


def get_backend(name_or_ctx: str | Context | None = None) -> Backend:
    """The `Backend` namespace of a backend name or Context (default: the current Context).

    Given a name, its Context is the current one's with that backend (precision carries over, the
    device does not). Raises `BackendNotFoundError` for an unknown name, `BackendUnavailableError`
    (naming the extra to install) when its library is not installed.
    """
    if name_or_ctx is None:
        ctx = current_context()
    elif isinstance(name_or_ctx, Context):
        ctx = name_or_ctx
    else:
        ctx = current_context().replace(backend=canonical_backend(name_or_ctx, "get_backend"), device=None)
    backend_module(ctx.backend, "get_backend")  # BackendUnavailableError without the library, cached Backend or not
    try:
        return _BACKENDS[ctx]
    except KeyError:
        pass
    backend = Backend(ctx)
    if len(_BACKENDS) >= _MOST_BACKENDS:
        _BACKENDS.clear()
    return _BACKENDS.setdefault(ctx, backend)


def available_backends() -> tuple[str, ...]:
    """The backends whose library is installed (checked without importing it)."""
    return tuple(name for name, spec in BACKENDS.items() if importlib.util.find_spec(spec.library) is not None)

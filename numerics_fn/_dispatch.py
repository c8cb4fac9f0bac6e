"""The dispatch core: the `op` decorator, the `implements` seam, lazy backends, the fast path.

Every catalogue entry is a stub (signature + docstring) turned by `op` into a generated
function with the same signature (precompiled in `_fastpath.py`, see "generated fast paths"
below). Its body is the fast path: a lookup in the op's cache, a trie of dicts with one level
per dispatched argument keyed on its type (sequence and variadic ops first key on the count;
creation functions key on the Context's backend name), and a call. Nested dicts beat a tuple
key: a hit needs no tuple built and compared. For array and creation ops, where the optional C
extension `_fastcall` was built, a `FastOp` in front of the generated function does the same
lookup in C for positional and keyword calls (``ctx=`` included, where it agrees with the arrays),
and hands it every other call. A `Backend` namespace (`_namespace`) hands out the same functions
bound to its Context, each reading a trie of its own. Registration clears an op's tries; they
hold at most `CACHE_LIMIT` entries, so types made at run time are not kept alive.
A miss (KeyError) goes to `_Op.slow_call`, which classifies the arguments, loads the backend module
on first use, asks the op's multipledispatch `Dispatcher` for the implementation, wraps
it with the operand conversion that mixed calls need, and caches the result per type
signature. Implementations receive the op's parameters positionally in catalogue order,
without ``ctx``; creation implementations get the Context as a last argument."""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import zlib
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import Any, TypeVar

from multipledispatch import Dispatcher

from . import _fastpath

try:
    from ._fastcall import Creation, FastOp, Identity, MixedPair, Prepared, Shortcut
    from ._fastcall import configure as _configure_fastcall
except ImportError:  # built without a C compiler: the generated Python functions take every call
    Creation = FastOp = Identity = MixedPair = Prepared = Shortcut = _configure_fastcall = None
from ._backends import _LOCK as REGISTRY_LOCK
from ._backends import DEVICE_CARRIERS, SPECS, BackendSpec, backend_spec, mixing_target, on_register
from ._context import _CURRENT as CURRENT
from ._context import Context
from ._context import _get as current_context  # the ContextVar's bound get: no Python frame
from ._errors import BackendUnavailableError, DeviceError, MixedBackendError, UnsupportedTypeError

__all__ = [
    "BackendTag", "backend_module", "backend_of_type", "backend_of_value", "bad_argument", "creation_shortcut",
    "first_prepared", "generic", "identity_shortcut", "implements",
    "implements_on", "lookup", "mixed_pair", "op", "ops_in", "shortcut",
]  # fmt: skip

F = TypeVar("F", bound=Callable[..., Any])

#: Values that belong to no backend: they follow the arrays beside them, or the Context.
NEUTRAL_TYPES: tuple[type, ...] = (bool, int, float, complex, list, tuple, type(None))
#: The kind of an array whose type no backend owns but that has ``__array_namespace__``.
FOREIGN = "array-api namespace"

# Dispatch tables are written while backend modules load, under this lock; the hot path takes no lock. It is the
# registry's: registering a backend (which clears the caches here) and loading a backend module (whose import may
# register one) then never wait on each other in opposite orders.
_LOCK = REGISTRY_LOCK
# Per-type cache: type -> backend name, or None for neutral types.
_BACKEND_OF_TYPE: dict[type, str | None] = dict.fromkeys(NEUTRAL_TYPES)
if _configure_fastcall is not None:  # the C fast path takes ctx=Context(...) where it agrees with these
    _configure_fastcall(Context, _BACKEND_OF_TYPE)
#: The most types a per-type cache holds: an op's trie (its leaves) and `_BACKEND_OF_TYPE` start afresh when
#: they reach it, so types created at run time (a subclass per call) are not kept alive by the caches. Real
#: programs use a handful of types per op; past the bound a call is a miss (correct, only slower).
CACHE_LIMIT = 256


class _Sentinel:
    __slots__ = ()

    def __repr__(self) -> str:
        return "_NO"


#: The default of the generated functions' guard parameter (see "generated fast paths" below).
_NO = _Sentinel()


class BackendTag:
    """Creation functions dispatch on the Context's backend through a tag type per backend."""

    backend: str


_TAGS: dict[str, type[BackendTag]] = {}
#: The tag type of each registered backend (by canonical name); a registration adds one.
TAGS: MappingProxyType[str, type[BackendTag]] = MappingProxyType(_TAGS)


def _tag(name: str) -> None:
    _TAGS.setdefault(name, type(f"{name}_context", (BackendTag,), {"backend": name}))


for _name in SPECS:
    _tag(_name)


@on_register
def _registered(spec: BackendSpec) -> None:
    """A backend was registered (or removed): its tag, and every cache that classified a type without it."""
    from ._ops import CATALOGUE

    with _LOCK:
        _tag(spec.name)
        for key in [k for k in _BACKEND_OF_TYPE if k not in NEUTRAL_TYPES]:
            _BACKEND_OF_TYPE.pop(key, None)
        _library_types.cache_clear()
        for entry in CATALOGUE:
            if entry.kind != "generic":
                entry.caches.clear()


def backend_of_type(cls: type) -> str | None:
    """The backend that owns arrays (or generators) of type ``cls``; None if neutral.

    Raises `UnsupportedTypeError` (with a placeholder op name) for any other type.
    """
    try:
        return _BACKEND_OF_TYPE[cls]
    except KeyError:
        pass
    name = _owner_of_type(cls)
    if name is _NO:
        raise UnsupportedTypeError(cls)
    if len(_BACKEND_OF_TYPE) >= CACHE_LIMIT:  # start afresh, keeping the neutral types (readers rely on them)
        with _LOCK:
            for key in [k for k in _BACKEND_OF_TYPE if k not in NEUTRAL_TYPES]:
                _BACKEND_OF_TYPE.pop(key, None)
    _BACKEND_OF_TYPE[cls] = name
    return name


def _owner_of_type(cls: type) -> Any:
    """The backend whose library's array (or generator) types ``cls`` subclasses, else None for a subclass of
    a neutral type (``torch.Size`` is a tuple, not a tensor), else `_NO`. A library that is not imported owns
    no type (an instance of its types would have imported it): nothing is imported here."""
    for spec in SPECS.values():
        library = sys.modules.get(spec.library)
        if library is not None and issubclass(cls, _library_types(spec, library)):
            return spec.name
    return None if issubclass(cls, NEUTRAL_TYPES) else _NO


@functools.cache
def _library_types(spec: BackendSpec, library: Any) -> tuple[type, ...]:
    """The types of ``spec``'s library (the module ``library``) that make a value that backend's: its
    ``array_types`` only (other types of the library, ``torch.Size``, ``numpy.random.RandomState``, are neutral
    (subclasses of tuple, int, ...) or unsupported)."""
    found: list[type] = []
    for path in spec.array_types:
        value = library
        for attr in path.split("."):
            value = getattr(value, attr, None)
        if isinstance(value, type):
            found.append(value)
    return tuple(found)


def backend_of_value(value: object, op: str, arg: str) -> str | None:
    """`backend_of_type` of ``value``'s type, with an error naming ``op`` and argument ``arg``."""
    try:
        return backend_of_type(type(value))
    except UnsupportedTypeError:
        raise UnsupportedTypeError(
            f"{op}: {arg} is a {_describe(value)}, which no backend handles; "
            f"pass {_array_kinds()} or a Python number or list"
        ) from None


def _array_kinds() -> str:
    """The canonical array type of every backend, as an error message lists them: ``a numpy.ndarray, a ...``."""
    return ", ".join(f"a {spec.library}.{spec.array_types[0]}" for spec in SPECS.values())


def bad_argument(op: str, arg: str, value: object, expected: str, cause: Exception | None = None) -> Exception:
    """The error for an argument of the wrong type: ``zeros: argument 'shape' must be an int or a tuple of ints,
    got 'abc' (str)``. Backends raise it from the error path of a call whose library rejected the value's type.
    """
    detail = f" ({cause})" if cause is not None else ""
    if isinstance(value, Context):  # a Context given positionally landed in an option
        detail = "; ctx is keyword-only: pass it as ctx=..."
    given = f"{value!r} ({_describe(value)})"
    return UnsupportedTypeError(f"{op}: argument {arg!r} must be {expected}, got {given}{detail}")


def backend_module(name: str, op: str = "numerics_fn") -> Any:
    """Import (once, thread-safely) the backend module that registers ``name``'s implementations."""
    spec = backend_spec(name, op)
    try:
        with _LOCK:
            return importlib.import_module(spec.implementation)
    except ImportError as err:
        if isinstance(err, BackendUnavailableError):
            raise
        target = f"numerics_fn[{spec.extra}]" if spec.extra else "numerics_fn"
        raise BackendUnavailableError(
            f"{op}: the {name} backend is not available ({err}); install it with `pip install {target}`"
        ) from err


def _describe(value: object) -> str:
    cls = type(value)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module.partition('.')[0]}.{cls.__qualname__}"


def _coerced(impl: Callable[..., Any], op_: _Op, module: Any) -> Any:
    """``impl`` preceded by the target backend's conversion of a mixed call's dispatched operands
    (``module.coerce_operands``). A closure: calling it costs less than an object's ``__call__``.
    Binary ops skip split/join, and the backend may answer their common case itself
    (``module.fast_mixed_pair``, e.g. in C)."""
    coerce = module.coerce_operands
    if op_.kind == "array" and op_.n_arrays == 2 and len(op_.params) == 2:  # matmul, add, …: no star-calls

        def coerced_binary(x1: Any, x2: Any) -> Any:
            a, b = coerce((x1, x2))
            return impl(a, b)

        fast_pair = getattr(module, "fast_mixed_pair", None)
        return coerced_binary if fast_pair is None else fast_pair(op_.name, coerced_binary)
    if op_.kind == "array" and op_.n_arrays == 2:

        def coerced_pair(x1: Any, x2: Any, *rest: Any) -> Any:
            return impl(*coerce((x1, x2)), *rest)

        return coerced_pair

    def coerced(*args: Any) -> Any:
        return impl(*op_.join(coerce(op_.split(args)), args))

    return coerced


class _Op:
    """What the dispatch core knows of one catalogue entry."""

    def __init__(
        self,
        stub: Callable[..., Any],
        kind: str,
        module: str,
        with_ctx: bool = False,
        optional: tuple[str, ...] = (),
        parameters: tuple[tuple[str, Any, Any], ...] | None = None,
    ) -> None:
        self.name = self.standard_name = stub.__name__  # standard_name: the Array API name (foreign arrays)
        self.stub = stub
        self.with_ctx = with_ctx or kind == "creation"  # the implementation takes the Context last
        self.kind = kind  # "array" | "sequence" | "variadic" | "creation" | "generic"
        self.module = module
        # (name, kind, default) of each parameter but ctx, in signature order
        every = _parameters(stub) if parameters is None else parameters
        self.parameters = tuple(p for p in every if p[0] != "ctx")
        params = self.parameters
        self.params = tuple(name for name, _, _ in params)
        self.n_arrays = sum(kind_ is _POSITIONAL_ONLY for _, kind_, _ in params)
        # optional parameters right after the positional-only ones are dispatched too, also when the Array API
        # standard makes them positional-or-keyword (clip(x, /, min=None, max=None))
        while self.n_arrays < len(params) and params[self.n_arrays][0] in optional:
            self.n_arrays += 1
        # Indices of the dispatched arguments that may be None (clip's bounds); None is no array data elsewhere.
        self.optional = frozenset(i for i, p in enumerate(params[: self.n_arrays]) if p[0] in optional)
        if len(self.optional) != len(optional):
            raise TypeError(f"catalogue entry {self.name}: optional={optional} must name positional-only parameters")
        # variadic ops: where *operands sits among the parameters, and how many follow it
        kinds = [kind_ for _, kind_, _ in params]
        self.var_index = kinds.index(_VAR_POSITIONAL) if kind == "variadic" else 0
        self.n_after = len(params) - self.var_index - 1 if kind == "variadic" else 0
        self.dispatcher = Dispatcher(self.name)
        # The fast path's tries (see the module docstring and `remember`), shared with the op's aliases.
        self.caches = _Caches()
        self.cache: dict[Any, Any] = self.caches.trie
        self.public: Callable[..., Any] = stub  # what numerics_fn publishes: `function`, or FastOp in front of it
        self.function: Callable[..., Any] = stub  # the generated Python function, once made

    def positional_counts(self) -> tuple[int, int]:
        """How many positional arguments the op requires, and how many it takes (ctx and the other
        keyword-only parameters apart)."""
        positional = [default for _, kind, default in self.parameters if kind is not _KEYWORD_ONLY]
        return sum(default is _EMPTY for default in positional), len(positional)

    @functools.cached_property
    def signature(self) -> inspect.Signature:
        """The stub's signature (the public one), computed on first use: import time matters."""
        return inspect.signature(self.stub)

    def __repr__(self) -> str:
        return f"<numerics_fn op {self.name} ({self.kind})>"

    # --- the dispatched values of a call, and putting converted ones back -------------
    def split(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        if self.kind == "array":
            return args[: self.n_arrays]
        if self.kind == "sequence":
            return tuple(args[0])
        return args[self.var_index : len(args) - self.n_after]  # variadic: einsum(subscripts, *operands)

    def join(self, values: tuple[Any, ...], args: tuple[Any, ...]) -> tuple[Any, ...]:
        if self.kind == "array":
            return (*values, *args[self.n_arrays :])
        if self.kind == "sequence":
            return (values, *args[1:])
        return (*args[: self.var_index], *values, *args[len(args) - self.n_after :])

    def arg_name(self, index: int) -> str:
        if self.kind == "array":
            return f"argument {index} ({self.params[index]})"
        return f"{self.params[0 if self.kind == 'sequence' else self.var_index]}[{index}]"

    def remember(
        self, types: Sequence[Any], impl: Callable[..., Any], generation: int, bound: str | None = None
    ) -> None:
        """Cache ``impl`` for dispatched values of ``types`` (creation ops: the backend name), where the fast
        paths look: the op's trie, or with ``bound`` the trie of the `Backend` namespaces of that backend.

        Nothing is cached when a registration cleared the caches since ``generation`` was read (``impl``
        may be the replaced implementation). A trie that holds `CACHE_LIMIT` entries starts afresh.
        """
        keys: tuple[Any, ...] = tuple(types)
        if self.kind in ("sequence", "variadic"):
            keys = (len(keys), *keys)
        caches = self.caches
        with _LOCK:  # the slow path only; readers take no lock (they see a trie before or after a change)
            if caches.generation != generation:
                return
            node = caches.trie if bound is None else caches.bound_trie(bound)
            if caches.sizes.get(bound, 0) >= CACHE_LIMIT:
                node.clear()
                caches.sizes[bound] = 0
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            if keys[-1] not in node:
                caches.sizes[bound] = caches.sizes.get(bound, 0) + 1
            node[keys[-1]] = impl

    # --- the slow path -----------------------------------------------------------------
    def classify(self, values: tuple[Any, ...]) -> list[str | None]:
        kinds: list[str | None] = []
        for i, value in enumerate(values):
            try:
                kind = backend_of_type(type(value))
            except UnsupportedTypeError:
                if i == 0 and self.params[0] == "rng":
                    raise self.rng_error(value) from None
                if not hasattr(type(value), "__array_namespace__"):
                    backend_of_value(value, self.name, self.arg_name(i))  # raises, naming the op and argument
                kind = FOREIGN  # no backend owns it, but its own Array API namespace serves it
            if kind is None and isinstance(value, (list, tuple)):
                kind = self.held_backend(value, i)  # a list follows the arrays it holds
            kinds.append(kind)
        return kinds

    def held_backend(self, value: list[Any] | tuple[Any, ...], index: int) -> str | None:
        """The backend of the arrays that list or tuple ``value`` (argument ``index``) holds at any depth, by
        the mixing rule (numpy beside pytorch: pytorch); None when it holds none."""
        names = _held_backends(value, {})
        if len(names) <= 1:
            return next(iter(names), None)
        target, other = mixing_target(names)
        if other is not None:
            raise MixedBackendError(
                f"{self.name}: {self.arg_name(index)} holds both {_libraries(target, other)}, which do not mix; "
                f"convert them to one "
                f"with {_convert_hint(target, other)}"
            )
        return target

    def rng_error(self, value: object) -> UnsupportedTypeError:
        """The error for a random op given something else than a generator of `nf.rng` (a seed, a legacy
        ``numpy.random.RandomState``, an array)."""
        seed = value if type(value) is int else "seed"
        return UnsupportedTypeError(
            f"{self.name}: argument 'rng' must be a random generator made by nf.rng(seed), got {value!r} "
            f"({_describe(value)}); pass nf.rng({seed}) (made once and passed to every call)"
        )

    def is_generator(self, value: object, kind: str | None) -> bool:
        """Whether random op ``self`` has an implementation for ``value`` (of backend ``kind``) as its rng."""
        if kind is None or kind == FOREIGN:
            return False
        backend_module(kind, self.name)
        with _LOCK:
            return self.dispatcher.dispatch(type(value)) is not None

    def check_none(self, values: tuple[Any, ...]) -> None:
        """Reject None where array data is needed (it is neutral, but no data)."""
        for i, value in enumerate(values):
            if value is None and (self.kind != "array" or i not in self.optional):
                raise UnsupportedTypeError(
                    f"{self.name}: {self.arg_name(i)} is None, which is not array data; pass a number, a (nested) "
                    "list of numbers, or an array"
                )

    def target(self, values: tuple[Any, ...], kinds: list[str | None]) -> str | None:
        """The backend that runs a call whose dispatched ``values`` are of backends ``kinds``, by the mixing rule
        (`numerics_fn._backends.mixing_target`); None where all are neutral."""
        names = {k: None for k in kinds if k is not None}
        if len(names) <= 1:
            return next(iter(names), None)
        target, other = mixing_target(names)
        if other is None:
            return target
        if FOREIGN in names:
            i = kinds.index(FOREIGN)
            j = next(n for n, k in enumerate(kinds) if k not in (None, FOREIGN))
            i, j = sorted((i, j))
            raise MixedBackendError(
                f"{self.name}: {self.arg_name(j)} is a {_describe(values[j])} but {self.arg_name(i)} is a "
                f"{_describe(values[i])}; an array served through its own __array_namespace__ does not mix with "
                "numerics_fn's backends: convert one side first (nf.convert(x, backend) or the other library's "
                "from_dlpack)"
            )
        for v, k in zip(values, kinds, strict=True):
            if getattr(type(v), "__numerics_fn_absorbs_arrays__", False):
                return k  # autodiff's mirrors take every other array as a constant
        i, j = kinds.index(target), kinds.index(other)  # (target, other): in the arguments' order
        raise MixedBackendError(
            f"{self.name}: {self.arg_name(j)} is a {_describe(values[j])} but {self.arg_name(i)} is a "
            f"{_describe(values[i])}; {_libraries(target, other)} do not mix: convert one with "
            f"{_convert_hint(target, other)}"
        )

    def implementation(self, backend: str, types: Sequence[type]) -> Callable[..., Any]:
        module = backend_module(backend, self.name)
        with _LOCK:
            impl = self.dispatcher.dispatch(*types)
        if impl is None:
            raise UnsupportedTypeError(
                f"{self.name}: the {backend} backend ({module.__name__}) has no implementation for "
                f"{', '.join(t.__name__ for t in types) or 'this call'}; see CONTRIBUTING.md to add one"
            )
        return impl

    def positional_error(self, extra: object) -> TypeError:
        """Python's error for a call with more positional arguments than the op takes (``extra`` reached the
        guard parameter: the first argument too many)."""
        required, n = self.positional_counts()
        takes = (
            f"{n} positional argument{'s' if n != 1 else ''}"
            if n == required
            else (f"from {required} to {n} positional arguments")
        )
        keywords = [name for name, kind, _ in self.parameters if kind is _KEYWORD_ONLY]
        options = f" ({', '.join(keywords)} {'is' if len(keywords) == 1 else 'are'} keyword-only)" if keywords else ""
        hint = "; pass a Context by keyword: ctx=..." if isinstance(extra, Context) else ""
        return TypeError(f"{self.name}() takes {takes} but {n + 1} or more were given{options}{hint}")

    def slow_call(self, args: tuple[Any, ...], ctx: Context | None, guard: object = _NO) -> Any:
        if guard is not _NO:  # a positional argument (None too) reached the guard parameter
            raise self.positional_error(guard)
        given, ctx = ctx, check_context(ctx, self.name)
        tail = (given,) if self.with_ctx else ()  # dispatched ops with_ctx get the explicit ctx, or None
        if self.kind == "creation":
            backend_module(ctx.backend, self.name)  # its registrations clear the caches once, when it loads
            generation = self.caches.generation  # read before the dispatcher is asked: see `remember`
            impl = self.implementation(ctx.backend, (TAGS[ctx.backend],))
            self.remember((ctx.backend,), impl, generation)
            return impl(*args, ctx)
        try:
            values = self.split(args)
        except TypeError:
            raise UnsupportedTypeError(
                f"{self.name}: argument {self.params[0]!r} must be a sequence of arrays, got a {_describe(args[0])}"
            ) from None
        kinds = self.classify(values)
        if self.params[0] == "rng" and not self.is_generator(values[0], kinds[0]):
            raise self.rng_error(values[0])  # a seed, or an array: random ops take a generator
        backend = self.target(values, kinds)
        self.check_none(values)
        check_context(given, self.name, *values)  # the rule of an explicit ctx beside arrays (None: no rule)
        if backend is not None and any(
            k is not None and isinstance(v, (list, tuple)) for v, k in zip(values, kinds, strict=True)
        ):
            # Lists holding arrays become arrays of the call's backend, and the call is dispatched on those
            # (cached for their types: a list's type says nothing of what it holds).
            held = tuple(
                _held_to_array(self, i, v, backend) if k is not None and isinstance(v, (list, tuple)) else v
                for i, (v, k) in enumerate(zip(values, kinds, strict=True))
            )
            return self.slow_call(self.join(held, args), given)
        if backend is None:  # all neutral: the Context decides, and neutral data becomes its arrays
            from ._ops import asarray

            to_array = lookup(asarray, ctx.backend)
            values = tuple(_neutral_to_array(to_array, v, ctx, self, i) for i, v in enumerate(values))
            # no values at all (stack([]), meshgrid()): the Context's implementation for its array type all the same
            impl = self.implementation(ctx.backend, [_canonical(ctx.backend)] * max(len(values), 1))
            return impl(*self.join(values, args), *tail)
        if backend == FOREIGN:
            generation = self.caches.generation
            impl = _foreign(self, values[kinds.index(FOREIGN)])
        else:
            canonical = _canonical(backend)  # loads the backend
            generation = self.caches.generation
            types = [type(v) if k == backend else canonical for v, k in zip(values, kinds, strict=True)]
            impl = self.implementation(backend, types)
            module = backend_module(backend)
            if any(k != backend for k in kinds) and module.coerce_operands is not None:
                impl = _coerced(impl, self, module)
        if any(k is None and isinstance(v, (list, tuple)) for v, k in zip(values, kinds, strict=True)):
            impl = _ragged_checked(impl, self)
        self.remember([type(v) for v in values], impl, generation)
        return impl(*args, *tail)


class _Caches:
    """An op's resolution caches, shared with its aliases: the trie of the free function and, per backend,
    the trie of the `Backend` namespaces' methods (calls whose operands that backend owns). Registration
    clears them all in place (the C fast path holds the dicts themselves) and bumps ``generation``."""

    __slots__ = ("bound", "generation", "sizes", "trie")

    def __init__(self) -> None:
        self.trie: dict[Any, Any] = {}
        self.bound: dict[str, dict[Any, Any]] = {}
        self.generation = 0
        self.sizes: dict[str | None, int] = {}  # entries (leaves) per trie: None for `trie`, else the backend

    def bound_trie(self, backend: str) -> dict[Any, Any]:
        """The namespaces' trie for ``backend`` (made once; never replaced, only cleared)."""
        with _LOCK:
            return self.bound.setdefault(backend, {})

    def clear(self) -> None:
        """Forget every cached resolution: a registration may have changed any of them."""
        with _LOCK:
            self.generation += 1
            self.trie.clear()
            for trie in self.bound.values():
                trie.clear()
            self.sizes.clear()


class _Foreign:
    """A foreign namespace's function of the op's standard name, called with the standard's
    conventions: dispatched values positionally, options by keyword (those the function takes,
    and any other that differs from the catalogue default, so that misuse fails loudly)."""

    __slots__ = ("fn", "options")

    def __init__(self, fn: Callable[..., Any], options: tuple[tuple[str, Any, bool], ...]) -> None:
        self.fn = fn
        self.options = options  # (name, catalogue default, whether fn takes it), for the trailing arguments

    def __repr__(self) -> str:
        return f"<foreign {getattr(self.fn, '__module__', '?')}.{getattr(self.fn, '__name__', '?')}>"

    def __call__(self, *args: Any) -> Any:
        n = len(args) - len(self.options)  # the options are the implementation's last arguments
        kwargs = {
            name: value for (name, default, taken), value in zip(self.options, args[n:], strict=True)
            if taken or value is not default
        }  # fmt: skip
        return self.fn(*args[:n], **kwargs)


def _foreign(op_: _Op, value: Any) -> Callable[..., Any]:
    custom = getattr(op_, "foreign_impl", None)  # an op the standard lacks, defined for every foreign array (to_numpy)
    if custom is not None:
        return custom
    namespace = value.__array_namespace__()
    if namespace is None:
        raise UnsupportedTypeError(
            f"{op_.name}: {_describe(value)}.__array_namespace__() returned None, not an Array API namespace, and "
            f"no backend handles the type; convert it to an array of a backend ({_array_kinds()}) first"
        )
    # the name at top level, else in the standard's extensions (nf.svd is the standard's linalg.svd)
    places = (namespace, getattr(namespace, "linalg", None), getattr(namespace, "fft", None))
    fn = next((f for f in (getattr(p, op_.standard_name, None) for p in places) if callable(f)), None)
    if fn is None:
        raise UnsupportedTypeError(
            f"{op_.name}: {_describe(value)} is served through its own namespace "
            f"{getattr(namespace, '__name__', repr(namespace))}, which has no "
            f"{op_.standard_name!r}; convert it with nf.convert(x, 'numpy') or the library's from_dlpack first"
        )
    try:
        accepted = set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        accepted = set()
    first = {"array": op_.n_arrays, "sequence": 1, "variadic": op_.var_index + 1}[op_.kind]
    defaults = [default for _, _, default in op_.parameters][first:]
    return _Foreign(fn, tuple((n, d, n in accepted) for n, d in zip(op_.params[first:], defaults, strict=True)))


_NUMBERS = frozenset({bool, int, float, complex})


def _held_backends(value: list[Any] | tuple[Any, ...], names: dict[str, None]) -> dict[str, None]:
    """``names`` with the backend of every array that ``value`` holds at any depth, in the order it holds them
    (values of other types count as neutral: the conversion decides about them)."""
    if set(map(type, value)) <= _NUMBERS:  # the common case, a list of numbers, at C speed
        return names
    for item in value:
        cls = type(item)
        if cls in _NUMBERS:
            continue
        if isinstance(item, (list, tuple)):
            _held_backends(item, names)
            continue
        try:
            name = backend_of_type(cls)
        except UnsupportedTypeError:
            continue
        if name is not None:
            names[name] = None
    return names


def _libraries(a: str, b: str) -> str:
    """``torch and cupynumeric arrays`` for backends ``a`` and ``b`` (by their libraries' names)."""
    return f"{SPECS[a].library} and {SPECS[b].library} arrays"


def _convert_hint(a: str, b: str) -> str:
    return f"nf.convert(x, {a!r}) or nf.convert(x, {b!r})"


def _held_to_array(op_: _Op, index: int, value: list[Any] | tuple[Any, ...], backend: str) -> Any:
    """List ``value`` (operand ``index``), which holds arrays, as one array of ``backend`` (the call's), made as
    NumPy makes one of a list of arrays (their dtypes promoted; no Context precision); a differentiable stack
    on pytorch."""
    module = backend_module(backend, op_.name)
    try:
        if module.coerce_operands is None:  # numpy: it reads arrays inside lists as they are
            import numpy as np

            return np.asarray(value)
        return module.coerce_operands((value,))[0]
    except (TypeError, ValueError) as err:
        raise _not_array_data(op_, index, err) from err


def _ragged_checked(impl: Callable[..., Any], op_: _Op) -> Callable[..., Any]:
    """``impl`` for calls with list or tuple operands beside arrays (cached for the types, whatever the lists
    hold): a list that holds arrays sends the call back to the slow path, where it follows them; where ``impl``
    raises ValueError and an operand is a ragged list (no array can hold it), the error is an
    UnsupportedTypeError naming the op and the argument, as `asarray`'s is; every other error is the library's
    own."""

    def ragged_checked(*args: Any) -> Any:
        rest = args[:-1] if op_.with_ctx else args  # with_ctx implementations get the ctx last
        if any(isinstance(v, (list, tuple)) and _held_backends(v, {}) for v in op_.split(rest)):
            return op_.slow_call(rest, args[-1] if op_.with_ctx else None)
        try:
            return impl(*args)
        except ValueError as err:
            import numpy as np  # (the error path only: the dispatch core needs no array library)

            for index, value in enumerate(op_.split(rest)):
                if isinstance(value, (list, tuple)):
                    try:
                        np.asarray(value)
                    except ValueError as ragged:
                        raise _not_array_data(op_, index, ragged) from err
            raise

    return ragged_checked


def _canonical(backend: str) -> type:
    return backend_module(backend).ARRAY_TYPES[0]


def _neutral_to_array(to_array: Callable[..., Any], value: Any, ctx: Context, op: _Op, index: int) -> Any:
    if value is None:  # an optional argument (check_none rejected the others)
        return None
    if isinstance(value, (str, bytes)):
        raise UnsupportedTypeError(
            f"{op.name}: {op.arg_name(index)} is {value!r}, which is not array data; pass a number, a (nested) "
            "list of numbers, or an array"
        )
    try:
        return to_array(value, None, None, None, ctx)
    except (TypeError, ValueError) as err:
        raise _not_array_data(op, index, err) from err


def _not_array_data(op: _Op, index: int, err: Exception) -> UnsupportedTypeError:
    """The error for a neutral argument (a ragged list, say) that no array can hold."""
    return UnsupportedTypeError(
        f"{op.name}: {op.arg_name(index)} cannot be made an array ({err}); pass a number or a rectangular "
        "(nested) list of numbers"
    )


def check_context(ctx: object, op: str, *values: Any) -> Context:
    """``ctx`` if it is a Context, the current one if it is None, else a clear TypeError.

    With ``values``, the dispatched arguments of a call given an explicit ``ctx``, also the rule of an explicit
    ctx beside arrays (the generated functions call this only when ctx is not None): the arrays decide where
    an operation runs and a ctx never moves them, so a ctx naming another backend than theirs is a
    `MixedBackendError`, and one naming another device a `DeviceError`, both pointing to `nf.convert`, never
    silently ignored. Its precision is not compared: it chooses the dtype of new float data only (neutral
    operands such as lists, random samples), never converts arrays.
    """
    if ctx.__class__ is Context:
        if not values:
            return ctx
        backend = ctx.backend
        for value in values:  # the common case: arrays of the ctx's backend, and no device named
            if _BACKEND_OF_TYPE.get(value.__class__) != backend:
                return _explicit_context(ctx, op, values)
        if ctx.device is None or backend not in DEVICE_CARRIERS:
            return ctx
        return _explicit_context(ctx, op, values)
    if ctx is None:
        return current_context()
    if not isinstance(ctx, Context):
        raise UnsupportedTypeError(
            f"{op}: ctx must be a numerics_fn.Context or None, got a {_describe(ctx)} ({ctx!r}); "
            "build one with nf.Context(backend=...)"
        )
    return _explicit_context(ctx, op, values) if values else ctx  # (a subclass of Context)


def _explicit_context(ctx: Context, op: str, values: tuple[Any, ...]) -> Context:
    """`check_context`'s rule of an explicit ctx beside arrays, for calls that its quick test does not clear
    (other backends' arrays, neutral values and lists, types not classified yet, a device named)."""
    kinds: list[str | None] = []
    for value in values:
        try:
            kind = backend_of_type(type(value))
        except UnsupportedTypeError:
            kind = FOREIGN  # (or no array at all: the dispatch raises its own error for it)
        if kind is None and isinstance(value, (list, tuple)):  # a list follows the arrays it holds
            held = _held_backends(value, {})
            kind = next(iter(held), None) if len(held) <= 1 else mixing_target(held)[0]
        kinds.append(kind)
    owners = {kind: None for kind in kinds if kind is not None}
    target, other = mixing_target(owners) if len(owners) > 1 else (next(iter(owners), None), None)
    if target is None or other is not None:  # only neutral values (the ctx decides), or a mix the dispatch rejects
        return ctx
    i = kinds.index(target)
    if target != ctx.backend:
        where = "its own namespace" if target == FOREIGN else f"the {target} backend"
        generator = any(cls.__name__ == "Generator" for cls in type(values[i]).__mro__)
        fix = "make the generator with nf.rng(seed, ctx=ctx)" if generator else f"nf.convert(x, {ctx.backend!r})"
        raise MixedBackendError(
            f"{op}: ctx={ctx!r} names the {ctx.backend} backend, but operand {i} (a {_describe(values[i])}) belongs "
            f"to {where}: the arrays decide where an operation runs, and an explicit ctx never moves them. Convert "
            f"first ({fix}), or pass a ctx of their backend, or none"
        )
    if ctx.device is not None:
        for i, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            placed = kind in DEVICE_CARRIERS and not isinstance(value, (list, tuple))
            device = str(getattr(value, "device", None)) if placed else ctx.device
            if device != ctx.device and not (ctx.device == "cuda" and device.startswith("cuda:")):
                raise DeviceError(
                    f"{op}: ctx={ctx!r} names device {ctx.device!r}, but operand {i} is on {device}: an explicit "
                    f"ctx never moves arrays. Move it first with nf.convert(x, {target!r}, device={ctx.device!r}), "
                    "or pass a ctx with device=None"
                )
    return ctx


def lookup(creation_op: Callable[..., Any], backend: str) -> Callable[..., Any]:
    """The registered implementation of ``creation_op`` (e.g. ``asarray``) for ``backend``."""
    op_: _Op = creation_op.__op__  # type: ignore[attr-defined]
    impl = op_.cache.get(backend)
    return impl if impl is not None else op_.implementation(backend, (TAGS[backend],))


# --- generated fast paths --------------------------------------------------------------
# Each op's public function comes from a factory whose source `factory_source` renders from the
# stub. `numerics_fn/_fastpath.py` holds them all, generated ahead of time (`python -m
# numerics_fn._codegen`), so importing the catalogue compiles nothing; an entry whose rendered
# source no longer matches its checksum there is compiled here instead (tests/test_codegen.py
# fails until the file is regenerated).
#
# The public functions take no keyword-only parameters: CPython (3.11) only specialises calls to
# functions without them, and a specialised call is cheaper. Keyword-only parameters (ctx, keepdims, …)
# become positional-or-keyword behind a guard parameter, ``_kw=_NO``: a positional argument that
# reaches the guard is rejected on the slow path as Python would reject it, so the public
# signature (``__wrapped__``, what `inspect.signature` shows) is unchanged for callers.
_POSITIONAL_ONLY = inspect.Parameter.POSITIONAL_ONLY
_POSITIONAL_OR_KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD
_VAR_POSITIONAL = inspect.Parameter.VAR_POSITIONAL
_KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY
_EMPTY = inspect.Parameter.empty
_LITERALS = (type(None), bool, int, float, str)


def _parameters(fn: Callable[..., Any]) -> tuple[tuple[str, Any, Any], ...]:
    """(name, kind, default) of ``fn``'s parameters in signature order, read from its code object
    (`inspect.signature` is slow, and the catalogue is long)."""
    code = fn.__code__
    n_pos, n_kw, names = code.co_argcount, code.co_kwonlyargcount, code.co_varnames
    defaults, kwdefaults = fn.__defaults__ or (), fn.__kwdefaults__ or {}
    first_default = n_pos - len(defaults)
    out: list[tuple[str, Any, Any]] = [
        (names[i], _POSITIONAL_ONLY if i < code.co_posonlyargcount else _POSITIONAL_OR_KEYWORD,
         defaults[i - first_default] if i >= first_default else _EMPTY)
        for i in range(n_pos)
    ]  # fmt: skip
    if code.co_flags & inspect.CO_VARARGS:
        out.append((names[n_pos + n_kw], _VAR_POSITIONAL, _EMPTY))
    out += [(name, _KEYWORD_ONLY, kwdefaults.get(name, _EMPTY)) for name in names[n_pos : n_pos + n_kw]]
    return tuple(out)


_LOOKUPS = MappingProxyType(
    {
        "array": """\
        try:
            _impl = _cache{subscripts}
        except KeyError:
            _impl = None""",
        "sequence": """\
        try:
            _impl = _cache[len({v})]
            for _value in {v}:
                _impl = _impl[type(_value)]
        except (KeyError, TypeError):  # TypeError: {v} is not a sequence (the slow path says so)
            _impl = None""",
        "variadic": """\
        try:
            if len({v}) == 2:  # the usual two operands, without the loop's iterator
                _impl = _cache[2][type({v}[0])][type({v}[1])]
            else:
                _impl = _cache[len({v})]
                for _value in {v}:
                    _impl = _impl[type(_value)]
        except KeyError:
            _impl = None""",
        "creation": """\
        if ctx is None:
            ctx = _current()
        elif ctx.__class__ is not _Context:
            ctx = _check(ctx, {name!r})
        try:
            _impl = _cache[ctx.backend]
        except KeyError:
            _impl = None""",
    }
)
_FACTORY = """

def {name}(_cache, _slow, _check, _Context, _current, _NO):
    def {name}({signature}):
{lookup}
        if _impl is None{guarded}:  # a miss: the slow path fills the cache, or raises
            return _slow({values}, ctx{guard})
{finish}
    return {name}
"""
_FINISH = """\
        if ctx is not None:  # an explicit ctx: checked against the arrays (`check_context`)
            _check(ctx, {name!r}, {values})
        return _impl({call})"""


def factory_source(op_: _Op) -> str:
    """The source of the factory that makes ``op_``'s public function (see the comment above)."""
    guard = op_.kind != "variadic"  # *operands rules out specialisation anyway: ctx stays keyword-only
    rendered: list[str] = []
    call: list[str] = []
    star = False  # whether the guard (or a bare * / *operands) is in place
    for i, (name, kind, default) in enumerate(op_.parameters):
        if name in ("type", "len"):  # the generated code calls these builtins
            raise TypeError(f"catalogue entry {op_.name}: a parameter may not be called {name}")
        if default is not _EMPTY and type(default) not in _LITERALS:
            raise TypeError(f"catalogue entry {op_.name}: the default of {name} must be None, a bool, number or str")
        if kind is _KEYWORD_ONLY and not star:
            rendered.append("_kw=_NO" if guard else "*")
            star = True
        if kind is _VAR_POSITIONAL:
            rendered.append(f"*{name}")
            call.append(f"*{name}")
            star = True
            continue
        rendered.append(name if default is _EMPTY else f"{name}={default!r}")
        call.append(name)
        if kind is _POSITIONAL_ONLY and (i + 1 == len(op_.parameters) or op_.parameters[i + 1][1] is not kind):
            rendered.append("/")
    if not star:
        rendered.append("_kw=_NO" if guard else "*")
    rendered.append("ctx=None")
    name = op_.name
    if op_.kind == "array":
        lookup_ = _LOOKUPS["array"].format(subscripts="".join(f"[type({n})]" for n in op_.params[: op_.n_arrays]))
    else:
        lookup_ = _LOOKUPS[op_.kind].format(v=op_.params[op_.var_index], name=name)
    if op_.kind == "creation":
        finish = f"        return _impl({', '.join([*call, 'ctx'])})"
    else:
        pass_ctx = ["ctx"] if op_.with_ctx else []  # the explicit ctx, or None
        dispatched = [f"*{op_.params[op_.var_index]}"] if op_.kind != "array" else op_.params[: op_.n_arrays]
        finish = _FINISH.format(name=name, call=", ".join([*call, *pass_ctx]), values=", ".join(dispatched))
    return _FACTORY.format(
        name=name,
        signature=", ".join(rendered),
        lookup=lookup_,
        guarded=" or _kw is not _NO" if guard else "",
        values=f"({call[0]},)" if len(call) == 1 else f"({', '.join(call)})",
        guard=", _kw" if guard else "",
        finish=finish,
    )


def _factory(op_: _Op, source: str) -> Callable[..., Any]:
    """The generated factory of ``op_`` if ``source`` is what generated it, else ``source`` compiled now."""
    factory = getattr(_fastpath, op_.name, None)
    if factory is not None and _fastpath.CHECKSUMS.get(op_.name) == zlib.crc32(source.encode()):
        return factory
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<numerics_fn.{op_.name}>", "exec"), namespace)
    return namespace[op_.name]


def _generate(op_: _Op) -> Callable[..., Any]:
    factory = _factory(op_, factory_source(op_))
    fn = op_.function = factory(op_.cache, op_.slow_call, check_context, Context, current_context, _NO)
    public = _fast(op_, fn)
    # The stub's name and docstring; `inspect.signature` follows __wrapped__ to the stub's signature.
    for target in {fn, public}:
        target.__name__ = target.__qualname__ = op_.name
        target.__doc__ = op_.stub.__doc__
        target.__module__ = "numerics_fn"
        target.__wrapped__ = op_.stub
        target.__op__ = op_
    op_.public = public
    return public


def _fast(op_: _Op, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` behind the C fast path (`numerics_fn._fastcall`), for array and creation ops, where it was built."""
    if FastOp is None or op_.kind not in ("array", "creation") or (op_.kind == "array" and op_.with_ctx):
        return fn
    return _traced_as(FastOp(fn, op_.cache, **_fast_layout(op_)), fn)


def _fast_layout(op_: _Op) -> dict[str, Any]:
    """The arguments of a `FastOp` for ``op_`` but the fallback and the trie."""
    n_required, n_positional = op_.positional_counts()
    n_required = max(n_required, op_.n_arrays)  # optional dispatched arguments (clip's bounds) must be given
    return {
        "n_dispatch": 0 if op_.kind == "creation" else op_.n_arrays,
        "n_required": n_required,
        "n_positional": n_positional,
        "tail": tuple(default for _, _, default in op_.parameters[n_required:]),
        "context": CURRENT if op_.kind == "creation" else None,
        "names": op_.params,
        "n_posonly": sum(kind is _POSITIONAL_ONLY for _, kind, _ in op_.parameters),
    }


def _traced_as(fast: Any, fn: Callable[..., Any]) -> Any:
    """``fast`` (a C callable), which torch.compile traces as the Python function ``fn``.

    Dynamo cannot trace into C. With the marker of torch.jit's script_if_tracing wrappers, it
    traces the wrapped Python function instead, so code written with nf ops compiles without
    graph breaks.
    """
    fast.__script_if_tracing_wrapper = True
    fast.__original_fn = fn
    return fast


def shortcut(
    fn: Callable[..., Any],
    impl: Callable[..., Any],
    dtypes: frozenset[Any] | None = None,
    defaults: tuple[Any, ...] = (),
    n_leading: int = 1,
    retry: type[Exception] | tuple[type[Exception], ...] = TypeError,
    same_dtype: bool = False,
    array_type: type | None = None,
    options_fn: Callable[..., Any] | None = None,
    options: tuple[tuple[type, ...] | None, ...] | None = None,
    needs_ndim: bool = False,
) -> Callable[..., Any]:
    """``impl`` with its common case answered in C (where the extension was built): ``fn(*leading)`` for a call
    ``(*leading, *defaults)`` (``n_leading`` leading arguments; the defaults compared by identity) whose first
    argument's dtype is in ``dtypes`` (None: any) and, with ``same_dtype``, whose leading arguments all have that
    dtype (the same object). Every other call goes to ``impl``, and so does a call where ``fn`` raises ``retry``
    (arguments it does not take as they are): ``impl`` has the last word. ``array_type`` (whose ``dtype`` must be
    a C getter) has its dtype read through that getter, called directly (cheaper than an attribute read).

    A second common case, ``options_fn(*leading, *given)``: ``options`` has one entry per default, None where the
    argument must be the default, else a tuple of types of which the argument's must be one exactly (it is then
    passed on, in order). The same dtype rule and ``retry`` apply; with ``needs_ndim`` the first argument must be
    an ``array_type`` of at least one dimension (read through its ``ndim`` C getter).

    For implementations that add NumPy's rules in Python around a library function: calling Python from the C
    fast path costs more than calling the library function itself. ``fn`` must give what ``impl`` gives there.
    """
    if Shortcut is None:
        return impl
    shortcut_ = Shortcut(
        fn, impl, dtypes, defaults, n_leading, retry, same_dtype, array_type, options_fn, options, needs_ndim
    )  # fmt: skip
    return _traced_as(shortcut_, impl)


def creation_shortcut(
    fn: Callable[..., Any],
    impl: Callable[..., Any],
    natives: dict[Any, Any],
    precisions: dict[str, Any],
    token_type: type,
    n_leading: int,
    has_device: bool,
    first_types: frozenset[type] | None = None,
    devices: frozenset[Any] | None = None,
    fixed: tuple[Any, ...] = (),
    omit: Any = None,
) -> Callable[..., Any]:
    """Creation implementation ``impl(*leading, *fixed, dtype, [device,] ctx)`` with its common case answered in C
    (where the extension was built): ``fn(*leading, dtype=dt)`` when no device is given and the dtype is found,
    ``natives[token.name]`` for a ``token_type`` token, ``natives[dtype]`` for another spelling, or
    ``precisions[ctx.precision]`` for None (``impl`` fills ``natives`` as it parses spellings), and the
    arguments after the leading ones are ``fixed`` (compared by identity; not passed to ``fn``). The device
    given and the Context's must be None or in ``devices`` (ones the library needs nothing done for). With
    ``first_types``, only calls whose first argument's type is one of them and that give a dtype. Every other
    call goes to ``impl``, and so does one where ``fn`` raises TypeError (``impl`` words the error): ``fn`` must
    give what ``impl`` gives in the common case. A dtype that is ``omit`` (the library's default) is not passed."""
    if Creation is None:
        return impl
    shortcut_ = Creation(
        fn, impl, natives, precisions, token_type, n_leading, has_device, first_types, devices, fixed, omit
    )  # fmt: skip
    return _traced_as(shortcut_, impl)


def identity_shortcut(
    impl: Callable[..., Any],
    array_type: type,
    n_none: int,
    natives: dict[Any, Any] | None = None,
    token_type: type | None = None,
) -> Callable[..., Any]:
    """``impl(first, *options, ctx)`` answering in C (where the extension was built) with ``first`` itself when it is
    of exactly ``array_type`` and the ``n_none`` arguments after it are None (``asarray`` of an array already of
    the backend, nothing asked of it); ``impl`` must give ``first`` there too. With ``natives`` (a dtype spelling,
    or a ``token_type`` token's name, to the library's dtype, as `creation_shortcut`'s), the first of those
    arguments may instead be a dtype found there that is ``first``'s dtype itself (read by ``array_type``'s
    ``dtype`` C getter): ``asarray`` of an array already of the dtype asked for."""
    if Identity is None:
        return impl
    return _traced_as(Identity(impl, array_type, n_none, natives, token_type), impl)


def first_prepared(
    impl: Callable[..., Any], plain: frozenset[type], convert: Callable[[Any], Any]
) -> Callable[..., Any]:
    """``impl`` whose first argument goes through ``convert`` first unless its type is in ``plain`` (in C where the
    extension was built: the common case then costs no Python frame)."""
    if Prepared is not None:
        return _traced_as(Prepared(impl, plain, convert), impl)

    def prepared(first: Any, *rest: Any, **kwargs: Any) -> Any:
        return impl(first if first.__class__ in plain else convert(first), *rest, **kwargs)

    return prepared


def mixed_pair(
    fn: Callable[..., Any],
    fallback: Callable[..., Any],
    tensor_type: type,
    dtypes: tuple[tuple[Any, Any], ...],
    share: Callable[[Any], Any],
) -> Callable[..., Any]:
    """A binary op's mixed call (a NumPy array beside a tensor of ``tensor_type``, either order) answered in C
    where the extension was built: when the array's dtype *is* the first of a pair in ``dtypes`` and the
    tensor's the second, the tensor is on the CPU and does not require grad and the array is writeable, ``fn`` of
    ``share(array)`` and the tensor; every other call goes to ``fallback`` (the Python mixed-call path). ``fn`` must
    give what ``fallback`` gives there. The C code calls ``tensor_type``'s getters of ``dtype``, ``is_cpu`` and
    ``requires_grad`` directly;
    where they are not C getters (some other torch), ``fallback`` serves every call.
    """
    if MixedPair is None:
        return fallback
    try:
        pair = MixedPair(fn, fallback, tensor_type, dtypes, share)
    except TypeError:
        return fallback
    return _traced_as(pair, fallback)


def op(
    stub: F | None = None,
    *,
    with_ctx: bool = False,
    optional: tuple[str, ...] = (),
    alias_of: Callable[..., Any] | None = None,
    standard: bool = True,
) -> Any:
    """Turn a catalogue stub into a dispatched free function (``@op`` or ``@op(with_ctx=True)``).

    The stub's positional-only parameters are the arrays dispatched on; a stub with
    ``*operands`` dispatches on those; a stub whose first positional-only parameter is
    named ``arrays`` dispatches on the sequence's elements; a stub with none is a
    creation function, dispatched on the Context's backend. Creation implementations get the Context
    in force as a last argument; with ``with_ctx``, a dispatched op's implementation gets the explicit
    ctx (checked against the arrays) or None, last, and resolves None itself (random ops: the
    generator's Context, `_context.generator_context`).
    ``optional`` names dispatched parameters that accept None (elsewhere None is an error); optional
    parameters right after the positional-only ones are dispatched even where they are
    positional-or-keyword (the standard's ``clip(x, /, min=None, max=None)``).

    ``@op(alias_of=concatenate)`` makes a second name for one op (the Array API standard's
    name beside NumPy's): the alias shares the target's dispatcher and cache, so every
    implementation registered for one serves both. Its parameters must line up with the
    target's, position by position; the alias's name becomes the standard name under which
    foreign namespaces are asked for the op. ``standard=False`` marks an alias that is not the
    standard's name (NumPy's ``arccos`` beside ``acos``): foreign namespaces keep being asked for the target's.
    """
    if stub is None:
        return lambda s: op(s, with_ctx=with_ctx, optional=optional, alias_of=alias_of, standard=standard)
    parameters = _parameters(stub)
    kinds = [kind_ for _, kind_, _ in parameters]
    if _VAR_POSITIONAL in kinds:
        kind = "variadic"
    elif parameters and parameters[0][0] == "arrays":
        kind = "sequence"
    elif _POSITIONAL_ONLY in kinds:
        kind = "array"
    else:
        kind = "creation"
    if ("ctx", _KEYWORD_ONLY, None) not in parameters:
        raise TypeError(f"catalogue entry {stub.__name__} must take a keyword-only ctx=None")
    op_ = _Op(stub, kind, stub.__module__, with_ctx, optional, parameters)
    if alias_of is not None:
        target: _Op = alias_of.__op__  # type: ignore[attr-defined]
        if (target.kind, target.n_arrays, len(target.params), target.with_ctx) != (
            kind, op_.n_arrays, len(op_.params), op_.with_ctx
        ):  # fmt: skip
            raise TypeError(f"catalogue alias {stub.__name__}: its parameters do not line up with {target.name}'s")
        op_.dispatcher, op_.caches, op_.cache = target.dispatcher, target.caches, target.cache
        if standard:
            target.standard_name = op_.name
        else:
            op_.standard_name = target.standard_name
    return _generate(op_)


def generic(fn: F) -> F:
    """Mark a catalogue function that needs no dispatch (it works on every backend as written)."""
    fn.__op__ = op_ = _Op(fn, "generic", fn.__module__)  # type: ignore[attr-defined]
    op_.public = fn
    return fn


def implements(target: Callable[..., Any], *types: type | tuple[type, ...] | list[Any] | str) -> Callable[[F], F]:
    """Register the decorated function as the implementation of catalogue op ``target`` for argument ``types``
    (the registration seam of every backend, `register_backend`'s companion).

    Array ops take one type (or tuple of types) per dispatched argument; sequence and variadic ops
    (``stack``, ``einsum``) take one ``[type]`` list; creation ops take the name of a registered backend. The
    implementation receives the op's parameters positionally in catalogue order, without ``ctx``; creation
    implementations get the Context as a last argument. Registering clears the op's caches: the next call
    resolves again, so a new implementation replaces an old one at once.

    >>> import numpy as np, numerics_fn as nf
    >>> class Kelvin(np.ndarray):  # a NumPy array type: the numpy backend's, more specific than ndarray
    ...     pass
    >>> @nf.implements(nf.negative, Kelvin)
    ... def kelvin_negative(x):
    ...     raise ValueError("negative: a temperature in kelvin has no negative")
    >>> nf.negative(np.ones(2).view(Kelvin))
    Traceback (most recent call last):
    ...
    ValueError: negative: a temperature in kelvin has no negative
    """
    op_: _Op | None = getattr(target, "__op__", None)
    if op_ is None or op_.kind == "generic":
        raise TypeError(f"implements: {target!r} is not a dispatched catalogue op (nf.exp, nf.zeros, ...)")
    if op_.kind == "creation":
        if len(types) != 1:
            raise TypeError(f"implements: {op_.name} is a creation op: give one backend name, got {types!r}")
        signature: tuple[Any, ...] = (TAGS[backend_spec(types[0], "implements").name],)
    else:
        signature = types

    def register(impl: F) -> F:
        with _LOCK:
            op_.dispatcher.add(signature, impl)
            op_.caches.clear()  # a cached resolution may now be another implementation
        return impl

    return register


def implements_on(target: Callable[..., Any], array_type: type | tuple[type, ...], backend: str) -> Callable[[F], F]:
    """`implements` with the signature derived from the op's kind: ``array_type`` for every
    dispatched argument (array ops), ``[array_type]`` (sequence, variadic), or ``backend``
    (creation)."""
    op_: _Op = target.__op__  # type: ignore[attr-defined]
    if op_.kind == "creation":
        return implements(target, backend)
    if op_.kind == "array":
        return implements(target, *(array_type,) * op_.n_arrays)
    return implements(target, [array_type])


def wrap_registrations(owned: tuple[type, ...], wrap: Callable[[str, Callable[..., Any]], Callable[..., Any]]) -> None:
    """Replace every registered implementation whose signature names a type in ``owned`` by
    ``wrap(op_name, impl)`` (a backend's guard around all its implementations)."""
    from ._ops import CATALOGUE

    with _LOCK:
        for entry in CATALOGUE:
            if entry.kind == "generic":
                continue
            for signature, impl in list(entry.dispatcher.funcs.items()):
                flat = [u for t in signature for u in getattr(t, "variadic_type", (t,))]
                if any(t in owned for t in flat):
                    entry.dispatcher.add(signature, wrap(entry.name, impl))
            entry.caches.clear()


def ops_in(*modules: Any) -> tuple[_Op, ...]:
    """The catalogue entries defined in ``modules``, in definition order."""
    return tuple(
        v.__op__
        for m in modules
        for v in vars(m).values()
        if getattr(v, "__op__", None) is not None and v.__op__.module == m.__name__
    )

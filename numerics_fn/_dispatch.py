"""The dispatch core: the `op` decorator, the `implements` seam, lazy backends, the fast path.

Every catalogue entry is a stub (signature + docstring) turned by `op` into a generated
function with the same signature. Its body is the fast path: a lookup in the op's cache, a
trie of dicts with one level per dispatched argument keyed on its type (sequence and
variadic ops first key on the count; creation functions key on the Context's backend
name), and a call. Nested dicts beat a tuple key: a hit needs no tuple built and compared.
A miss (KeyError) goes to `_Op.slow_call`, which classifies the arguments, loads the backend module
on first use, asks the op's multipledispatch `Dispatcher` for the implementation, wraps
it with the operand conversion that mixed calls need, and caches the result per type
signature. Implementations receive the op's parameters positionally in catalogue order,
without ``ctx``; creation implementations get the Context as a last argument.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import CodeType, FunctionType, MappingProxyType
from typing import Any, TypeVar

from multipledispatch import Dispatcher

from ._context import BACKENDS, Context, current_context
from ._errors import BackendUnavailableError, MixedBackendError, UnsupportedTypeError

__all__ = [
    "BackendTag", "backend_module", "backend_of_type", "backend_of_value", "bad_argument", "generic", "implements",
    "implements_on", "lookup", "op", "ops_in",
]  # fmt: skip

F = TypeVar("F", bound=Callable[..., Any])

#: Values that belong to no backend: they follow the arrays beside them, or the Context.
NEUTRAL_TYPES: tuple[type, ...] = (bool, int, float, complex, list, tuple, type(None))
_LIBRARY_OF_ROOT = MappingProxyType({"numpy": "numpy", "torch": "pytorch", "cupynumeric": "cupynumeric"})
_EXTRA = MappingProxyType({"numpy": "numpy", "pytorch": "torch", "cupynumeric": "cupynumeric"})
#: The kind of an array whose type no backend owns but that has ``__array_namespace__``.
FOREIGN = "array-api namespace"

# Dispatch tables are written while backend modules load, under this lock; the hot path takes no lock.
_LOCK = threading.RLock()
# Per-type cache: type -> backend name, or None for neutral types.
_BACKEND_OF_TYPE: dict[type, str | None] = dict.fromkeys(NEUTRAL_TYPES)


class BackendTag:
    """Creation functions dispatch on the Context's backend through a tag type per backend."""

    backend: str


TAGS: MappingProxyType[str, type[BackendTag]] = MappingProxyType(
    {name: type(f"{name}_context", (BackendTag,), {"backend": name}) for name in BACKENDS}
)


def backend_of_type(cls: type) -> str | None:
    """The backend that owns arrays (or generators) of type ``cls``; None if neutral.

    Raises `UnsupportedTypeError` (with a placeholder op name) for any other type.
    """
    try:
        return _BACKEND_OF_TYPE[cls]
    except KeyError:
        pass
    for base in cls.__mro__:
        name = _LIBRARY_OF_ROOT.get(base.__module__.partition(".")[0])
        if name is not None:
            _BACKEND_OF_TYPE[cls] = name
            return name
    raise UnsupportedTypeError(cls)


def backend_of_value(value: object, op: str, arg: str) -> str | None:
    """`backend_of_type` of ``value``'s type, with an error naming ``op`` and argument ``arg``."""
    try:
        return backend_of_type(type(value))
    except UnsupportedTypeError:
        raise UnsupportedTypeError(
            f"{op}: {arg} is a {_describe(value)}, which no backend handles; "
            "pass a numpy.ndarray, a torch.Tensor, a cupynumeric.ndarray or a Python number or list"
        ) from None


def bad_argument(op: str, arg: str, value: object, expected: str, cause: Exception | None = None) -> Exception:
    """The error for an argument of the wrong type: ``zeros: argument 'shape' must be an int or a tuple of ints,
    got 'abc' (str)``. Backends raise it from the error path of a call whose library rejected the value's type.
    """
    detail = f" ({cause})" if cause is not None else ""
    given = f"{value!r} ({_describe(value)})"
    return UnsupportedTypeError(f"{op}: argument {arg!r} must be {expected}, got {given}{detail}")


def backend_module(name: str, op: str = "numerics_fn") -> Any:
    """Import (once, thread-safely) the backend module that registers ``name``'s implementations."""
    try:
        with _LOCK:
            return importlib.import_module(f"numerics_fn._backends.{name}")
    except ImportError as err:
        if isinstance(err, BackendUnavailableError):
            raise
        raise BackendUnavailableError(
            f"{op}: the {name} backend is not available ({err}); install it with "
            f"`pip install numerics_fn[{_EXTRA[name]}]`"
        ) from err


def _describe(value: object) -> str:
    cls = type(value)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module.partition('.')[0]}.{cls.__qualname__}"


@dataclass(frozen=True, slots=True)
class _Coerced:
    """An implementation preceded by the target backend's conversion of mixed operands."""

    impl: Callable[..., Any]
    op: _Op
    coerce: Callable[[tuple[Any, ...]], tuple[Any, ...]]

    def __call__(self, *args: Any) -> Any:
        return self.impl(*self.op.join(self.coerce(self.op.split(args)), args))


class _Op:
    """What the dispatch core knows of one catalogue entry."""

    def __init__(
        self,
        stub: Callable[..., Any],
        kind: str,
        module: str,
        with_ctx: bool = False,
        optional: tuple[str, ...] = (),
        signature: inspect.Signature | None = None,
    ) -> None:
        self.name = self.standard_name = stub.__name__  # standard_name: the Array API name (foreign arrays)
        self.with_ctx = with_ctx or kind == "creation"  # the implementation takes the Context last
        self.kind = kind  # "array" | "sequence" | "variadic" | "creation" | "generic"
        self.module = module
        self.signature = inspect.signature(stub) if signature is None else signature
        params = [p for p in self.signature.parameters.values() if p.name != "ctx"]
        self.params = tuple(p.name for p in params)
        self.n_arrays = sum(p.kind is p.POSITIONAL_ONLY for p in params)
        # optional parameters right after the positional-only ones are dispatched too, also when the Array API
        # standard makes them positional-or-keyword (clip(x, /, min=None, max=None))
        while self.n_arrays < len(params) and params[self.n_arrays].name in optional:
            self.n_arrays += 1
        # Indices of the dispatched arguments that may be None (clip's bounds); None is no array data elsewhere.
        self.optional = frozenset(i for i, p in enumerate(params[: self.n_arrays]) if p.name in optional)
        if len(self.optional) != len(optional):
            raise TypeError(f"catalogue entry {self.name}: optional={optional} must name positional-only parameters")
        # variadic ops: where *operands sits among the parameters, and how many follow it
        kinds = [p.kind for p in params]
        self.var_index = kinds.index(inspect.Parameter.VAR_POSITIONAL) if kind == "variadic" else 0
        self.n_after = len(params) - self.var_index - 1 if kind == "variadic" else 0
        self.dispatcher = Dispatcher(self.name)
        # The fast path's trie: see the module docstring and `remember`.
        self.cache: dict[Any, Any] = {}
        self.public: Callable[..., Any] = stub  # the generated function, once made

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

    def remember(self, types: Sequence[type], impl: Callable[..., Any]) -> None:
        """Cache ``impl`` for dispatched values of ``types``, where the generated fast path looks."""
        keys: tuple[Any, ...] = tuple(types)
        if self.kind in ("sequence", "variadic"):
            keys = (len(keys), *keys)
        node = self.cache
        for key in keys[:-1]:
            node = node.setdefault(key, {})  # atomic under the GIL: caches only add entries
        node[keys[-1]] = impl

    # --- the slow path -----------------------------------------------------------------
    def classify(self, values: tuple[Any, ...]) -> list[str | None]:
        kinds: list[str | None] = []
        for i, value in enumerate(values):
            try:
                kinds.append(backend_of_type(type(value)))
            except UnsupportedTypeError:
                if not hasattr(type(value), "__array_namespace__"):
                    backend_of_value(value, self.name, self.arg_name(i))  # raises, naming the op and argument
                kinds.append(FOREIGN)  # no backend owns it, but its own Array API namespace serves it
        return kinds

    def check_none(self, values: tuple[Any, ...]) -> None:
        """Reject None where array data is needed (it is neutral, but no data)."""
        for i, value in enumerate(values):
            if value is None and (self.kind != "array" or i not in self.optional):
                raise UnsupportedTypeError(
                    f"{self.name}: {self.arg_name(i)} is None, which is not array data; pass a number, a (nested) "
                    "list of numbers, or an array"
                )

    def target(self, values: tuple[Any, ...], kinds: list[str | None]) -> str | None:
        names = {k for k in kinds if k is not None}
        if len(names) <= 1:
            return names.pop() if names else None
        if names in ({"numpy", "pytorch"}, {"numpy", "cupynumeric"}):
            return (names - {"numpy"}).pop()
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
        if any(getattr(type(v), "__numerics_fn_absorbs_arrays__", False) for v in values):
            return "pytorch"  # autodiff's torch mirrors take every other array as a constant
        first = next(i for i, k in enumerate(kinds) if k == "pytorch")
        second = next(i for i, k in enumerate(kinds) if k == "cupynumeric")
        i, j = sorted((first, second))
        raise MixedBackendError(
            f"{self.name}: {self.arg_name(j)} is a {_describe(values[j])} but {self.arg_name(i)} is a "
            f"{_describe(values[i])}; torch and cupynumeric arrays do not mix: convert one with "
            f"nf.convert(x, 'pytorch') or nf.convert(x, 'cupynumeric')"
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

    def slow_call(self, args: tuple[Any, ...], ctx: Context | None) -> Any:
        ctx = check_context(ctx, self.name)
        tail = (ctx,) if self.with_ctx else ()
        if self.kind == "creation":
            impl = self.implementation(ctx.backend, (TAGS[ctx.backend],))
            self.cache[ctx.backend] = impl
            return impl(*args, ctx)
        try:
            values = self.split(args)
        except TypeError:
            raise UnsupportedTypeError(
                f"{self.name}: argument {self.params[0]!r} must be a sequence of arrays, got a {_describe(args[0])}"
            ) from None
        kinds = self.classify(values)
        backend = self.target(values, kinds)
        self.check_none(values)
        if backend is None:  # all neutral: the Context decides, and neutral data becomes its arrays
            from ._ops.creation import asarray

            to_array = lookup(asarray, ctx.backend)
            values = tuple(_neutral_to_array(to_array, v, ctx, self, i) for i, v in enumerate(values))
            impl = self.implementation(ctx.backend, [_canonical(ctx.backend)] * len(values))
            return impl(*self.join(values, args), *tail)
        if backend == FOREIGN:
            impl = _foreign(self, values[kinds.index(FOREIGN)])
        else:
            canonical = _canonical(backend)
            types = [type(v) if k == backend else canonical for v, k in zip(values, kinds, strict=True)]
            impl = self.implementation(backend, types)
            coerce = backend_module(backend).coerce_operands
            if any(k != backend for k in kinds) and coerce is not None:
                impl = _Coerced(impl, self, coerce)
        self.remember([type(v) for v in values], impl)
        return impl(*args, *tail)


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
    namespace = value.__array_namespace__()
    # the name at top level, else in the standard's extensions (nf.svd is the standard's linalg.svd)
    places = (namespace, getattr(namespace, "linalg", None), getattr(namespace, "fft", None))
    fn = next((f for f in (getattr(p, op_.standard_name, None) for p in places) if callable(f)), None)
    if fn is None:
        raise UnsupportedTypeError(
            f"{op_.name}: {_describe(value)} is served through its own namespace {namespace.__name__}, which has no "
            f"{op_.standard_name!r}; convert it with nf.convert(x, 'numpy') or the library's from_dlpack first"
        )
    try:
        accepted = set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        accepted = set()
    first = {"array": op_.n_arrays, "sequence": 1, "variadic": op_.var_index + 1}[op_.kind]
    defaults = [p.default for p in op_.signature.parameters.values() if p.name != "ctx"][first:]
    return _Foreign(fn, tuple((n, d, n in accepted) for n, d in zip(op_.params[first:], defaults, strict=True)))


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
        raise UnsupportedTypeError(
            f"{op.name}: {op.arg_name(index)} cannot be made an array ({err}); pass a number or a rectangular "
            "(nested) list of numbers"
        ) from err


def check_context(ctx: object, op: str) -> Context:
    """``ctx`` if it is a Context, the current one if it is None, else a clear TypeError."""
    if ctx is None:
        return current_context()
    if isinstance(ctx, Context):
        return ctx
    raise UnsupportedTypeError(
        f"{op}: ctx must be a numerics_fn.Context or None, got a {_describe(ctx)} ({ctx!r}); "
        "build one with nf.Context(backend=...)"
    )


def lookup(creation_op: Callable[..., Any], backend: str) -> Callable[..., Any]:
    """The registered implementation of ``creation_op`` (e.g. ``asarray``) for ``backend``."""
    op_: _Op = creation_op.__op__  # type: ignore[attr-defined]
    impl = op_.cache.get(backend)
    return impl if impl is not None else op_.implementation(backend, (TAGS[backend],))


# --- generated fast paths --------------------------------------------------------------
# Each body binds ``impl`` from the cache trie (see `_Op.remember`) or raises KeyError (a miss);
# sequence bodies also raise TypeError for a non-sized ``arrays``, which the slow path reports.
_BODIES = MappingProxyType(
    {
        "array": "impl = _cache{subscripts}",
        "sequence": """impl = _cache[len({v})]
            for _value in {v}:
                impl = impl[type(_value)]""",
        "variadic": """if len({v}) == 2:  # einsum's usual two operands, without the loop's iterator
                impl = _cache[2][type({v}[0])][type({v}[1])]
            else:
                impl = _cache[len({v})]
                for _value in {v}:
                    impl = impl[type(_value)]""",
    }
)
_TEMPLATE = """
def _make(_cache, _slow, _check, _Context, _current, _name):
    def _op{signature}:
        try:
            {lookup}
        except {misses}:
            impl = None  # the slow path runs outside the handler: its errors carry no KeyError context
        if impl is None:
            return _slow(({call},), ctx)
        if ctx is not None and ctx.__class__ is not _Context:
            _check(ctx, _name)
        return impl({call}{pass_ctx})
    return _op
"""
_CREATION_TEMPLATE = """
def _make(_cache, _slow, _check, _Context, _current, _name):
    def _op{signature}:
        if ctx is None:
            ctx = _current()
        elif ctx.__class__ is not _Context:
            ctx = _check(ctx, _name)
        try:
            impl = _cache[ctx.backend]
        except KeyError:
            impl = None
        if impl is None:
            return _slow(({call},), ctx)
        return impl({call}, ctx)
    return _op
"""


@functools.cache
def _compiled(source: str) -> CodeType:
    """The code of a template. Sources use generic parameter names (``a0, a1, …``), so every op of
    one shape shares one compile (compiling dominated import time); `_generate` renames them.

    Written only while the catalogue loads (under the import lock), like the dispatch tables.
    """
    return compile(source, "<numerics_fn op>", "exec")


def _generate(op_: _Op, stub: Callable[..., Any]) -> Callable[..., Any]:
    params = [p for p in op_.signature.parameters.values() if p.name != "ctx"]
    names = [f"a{i}" for i in range(len(params))]  # generic: the real names are put in below
    rendered, call = [], []
    for i, (n, p) in enumerate(zip(names, params, strict=True)):
        if p.kind is p.VAR_POSITIONAL:
            rendered.append(f"*{n}")
            call.append(f"*{n}")
            continue
        if p.kind is p.KEYWORD_ONLY and not any(q.kind in (q.VAR_POSITIONAL, q.KEYWORD_ONLY) for q in params[:i]):
            rendered.append("*")
        rendered.append(n)
        call.append(n)
        if p.kind is p.POSITIONAL_ONLY and (i + 1 == len(params) or params[i + 1].kind is not p.POSITIONAL_ONLY):
            rendered.append("/")
    if not any(p.kind in (p.VAR_POSITIONAL, p.KEYWORD_ONLY) for p in params):
        rendered.append("*")
    signature = f"({', '.join([*rendered, 'ctx'])})"
    call_ = ", ".join(call)
    if op_.kind == "creation":
        source = _CREATION_TEMPLATE.format(signature=signature, call=call_)
    else:
        if op_.kind == "array":
            lookup_ = _BODIES["array"].format(subscripts="".join(f"[type({n})]" for n in names[: op_.n_arrays]))
        else:  # sequence: the elements of the first argument; variadic: the *operands
            lookup_ = _BODIES[op_.kind].format(v=names[0] if op_.kind == "sequence" else names[op_.var_index])
        misses = "(KeyError, TypeError)" if op_.kind == "sequence" else "KeyError"
        pass_ctx = ", ctx if ctx is not None else _current()" if op_.with_ctx else ""
        source = _TEMPLATE.format(signature=signature, call=call_, lookup=lookup_, misses=misses, pass_ctx=pass_ctx)
    namespace: dict[str, Any] = {}
    exec(_compiled(source), namespace)
    fn: FunctionType = namespace["_make"](op_.cache, op_.slow_call, check_context, Context, current_context, op_.name)
    # The stub's parameter names (keyword arguments bind by them) and defaults; the op's name, so
    # tracebacks and profiles say `exp`, not `_op`.
    code = fn.__code__
    real = dict(zip(names, (p.name for p in params), strict=True))
    if set(real.values()) & set(code.co_varnames):
        raise TypeError(f"catalogue entry {op_.name}: a parameter name clashes with {code.co_varnames}")
    code = code.replace(
        co_varnames=tuple(real.get(n, n) for n in code.co_varnames),
        co_name=op_.name,
        co_filename=f"<numerics_fn.{op_.name}>",
    )
    if sys.version_info >= (3, 11):
        code = code.replace(co_qualname=op_.name)
    fn.__code__ = code
    fn.__defaults__ = stub.__defaults__
    fn.__kwdefaults__ = stub.__kwdefaults__
    fn.__name__ = op_.name
    fn.__doc__ = stub.__doc__
    fn.__module__ = "numerics_fn"
    fn.__qualname__ = op_.name
    fn.__signature__ = op_.signature  # type: ignore[attr-defined]
    fn.__wrapped__ = stub  # type: ignore[attr-defined]
    fn.__op__ = op_  # type: ignore[attr-defined]
    op_.public = fn
    return fn


def op(
    stub: F | None = None,
    *,
    with_ctx: bool = False,
    optional: tuple[str, ...] = (),
    alias_of: Callable[..., Any] | None = None,
) -> Any:
    """Turn a catalogue stub into a dispatched free function (``@op`` or ``@op(with_ctx=True)``).

    The stub's positional-only parameters are the arrays dispatched on; a stub with
    ``*operands`` dispatches on those; a stub whose first positional-only parameter is
    named ``arrays`` dispatches on the sequence's elements; a stub with none is a
    creation function, dispatched on the Context's backend. With ``with_ctx`` the
    implementation gets the Context in force as a last argument (creation functions always do).
    ``optional`` names dispatched parameters that accept None (elsewhere None is an error); optional
    parameters right after the positional-only ones are dispatched even where they are
    positional-or-keyword (the standard's ``clip(x, /, min=None, max=None)``).

    ``@op(alias_of=concatenate)`` makes a second name for one op (the Array API standard's
    name beside NumPy's): the alias shares the target's dispatcher and cache, so every
    implementation registered for one serves both. Its parameters must line up with the
    target's, position by position; the alias's name becomes the standard name under which
    foreign namespaces are asked for the op.
    """
    if stub is None:
        return lambda s: op(s, with_ctx=with_ctx, optional=optional, alias_of=alias_of)
    sig = inspect.signature(stub)
    kinds = [p.kind for p in sig.parameters.values()]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        kind = "variadic"
    elif next(iter(sig.parameters)) == "arrays":
        kind = "sequence"
    elif inspect.Parameter.POSITIONAL_ONLY in kinds:
        kind = "array"
    else:
        kind = "creation"
    if "ctx" not in sig.parameters:
        raise TypeError(f"catalogue entry {stub.__name__} must take a keyword-only ctx")
    op_ = _Op(stub, kind, stub.__module__, with_ctx, optional, sig)
    if alias_of is not None:
        target: _Op = alias_of.__op__  # type: ignore[attr-defined]
        if (target.kind, target.n_arrays, len(target.params), target.with_ctx) != (
            kind, op_.n_arrays, len(op_.params), op_.with_ctx
        ):  # fmt: skip
            raise TypeError(f"catalogue alias {stub.__name__}: its parameters do not line up with {target.name}'s")
        op_.dispatcher, op_.cache = target.dispatcher, target.cache
        target.standard_name = op_.name
    return _generate(op_, stub)


def generic(fn: F) -> F:
    """Mark a catalogue function that needs no dispatch (it works on every backend as written)."""
    fn.__op__ = op_ = _Op(fn, "generic", fn.__module__)  # type: ignore[attr-defined]
    op_.public = fn
    return fn


def implements(target: Callable[..., Any], *types: type | tuple[type, ...] | list[Any] | str) -> Callable[[F], F]:
    """Register an implementation of catalogue op ``target`` for argument ``types``.

    Array ops take one type (or tuple of types) per dispatched argument; sequence and
    variadic ops take one ``[type]`` list; creation ops take the backend name.
    """
    op_: _Op = target.__op__  # type: ignore[attr-defined]
    if op_.kind == "creation":
        (backend,) = types
        signature: tuple[Any, ...] = (TAGS[str(backend)],)
    else:
        signature = types

    def register(impl: F) -> F:
        with _LOCK:
            op_.dispatcher.add(signature, impl)
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


def ops_in(*modules: Any) -> tuple[_Op, ...]:
    """The catalogue entries defined in ``modules``, in definition order."""
    return tuple(
        v.__op__
        for m in modules
        for v in vars(m).values()
        if getattr(v, "__op__", None) is not None and v.__op__.module == m.__name__
    )

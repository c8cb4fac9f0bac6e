"""Backends described as data: the `BackendSpec` descriptors and their registry.

The dispatch core knows the backends only through this registry: which library's types make a value a
backend's, which module registers its implementations, how it mixes with the others, which devices a
Context may name, how its library spells dtypes and NumPy's function names. No module outside a
backend's package names its library.

The built-in backends are the subpackages of this package that hold an ``implementation.py`` and whose
``__init__.py`` exports ``BACKEND``, a `BackendSpec`: they are registered when this package is imported,
ordered by priority, then name, without importing any array library. A backend outside the package calls
`register_backend` (public as ``nf.register_backend``) from the module that registers its implementations.

The implementation module (``BackendSpec.implementation``), imported on the backend's first use, defines
``NAME``, ``ARRAY_TYPES`` (the first is the canonical array type), ``coerce_operands`` (converts the
dispatched values of a mixed call to its arrays; None where its library takes neutral operands as they are
and no other backend's arrays can reach it), ``native_dtype(name)``, and, where the descriptor says its
arrays carry a device, ``devices()`` and ``native_device(name)``; and it registers its implementations with
``nf.implements``.
"""

from __future__ import annotations

import _thread
import importlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from types import MappingProxyType

from .._errors import BackendNotFoundError

__all__ = [
    "ALIASES", "DEVICE_CARRIERS", "DTYPE_LIBRARIES", "LIBRARIES", "SPECS", "BackendSpec", "backend_spec",
    "backend_specs", "builtin_specs", "mixing_target", "on_register", "register_backend",
]  # fmt: skip

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_DEVICE_KINDS = ("cpu", "cuda")


@dataclass(frozen=True, slots=True)
class BackendSpec:
    """What numerics_fn knows of one backend, as data: frozen, validated when made, registered with
    `register_backend`.

    Args:
        name: the canonical name (``"pytorch"``): lower case letters, digits and ``_``.
        library: the top-level module of the array library (``"torch"``).
        array_types: attribute paths in ``library`` of the types whose instances (and subclasses'
            instances) are this backend's (``("Tensor", "Generator")``); only these.
        implementation: the module imported on first use that registers the implementations and defines
            ``NAME``, ``ARRAY_TYPES``, ``coerce_operands``, ``native_dtype`` (see CONTRIBUTING.md).
        extra: the pyproject extra that installs the library (``pip install numerics_fn[<extra>]``); ``""``
            where the library is a dependency of numerics_fn itself.
        distribution: the PyPI distribution of ``library`` (``python -m numerics_fn info`` shows its version).
        aliases: other names that Context and get_backend accept (``("torch",)``).
        devices: the device kinds a Context may name, ``"cpu"`` and/or ``"cuda"``.
        priority: the mixing rule: in a call holding arrays of several backends, the backend of highest
            priority runs it, provided it absorbs every other backend present (else `MixedBackendError`).
        absorbs: the backends whose arrays this one converts in a mixed call (``("numpy",)``).
        carries_device: whether its arrays carry a device (``x.device``) that an explicit ctx's device must
            match; the implementation module then defines ``devices()`` and ``native_device(name)``.
        device_note: where the library places arrays itself, what ``python -m numerics_fn info`` says of it.
        dtype_library: the module whose attribute ``<name>`` is the backend's dtype of canonical name ``<name>``
            and whose dtype objects print as ``<module>.<name>`` (``"torch"``); None where its arrays report
            NumPy dtypes.
        renames: ``(NumPy's name, the library's name)`` pairs for `nf.do` (``("concatenate", "cat")``).
        keyword_renames: ``(NumPy's keyword, the library's keyword)`` pairs for `nf.do` (``("axis", "dim")``).
    """

    name: str
    library: str
    array_types: tuple[str, ...]
    implementation: str
    extra: str
    distribution: str
    aliases: tuple[str, ...] = ()
    devices: tuple[str, ...] = ("cpu",)
    priority: int = 0
    absorbs: tuple[str, ...] = ()
    carries_device: bool = False
    device_note: str = ""
    dtype_library: str | None = None
    renames: tuple[tuple[str, str], ...] = ()
    keyword_renames: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for field in fields(self):
            _check_field(self.name, field.name, getattr(self, field.name))
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"BackendSpec: name {self.name!r} must be lower case letters, digits and _")
        bad = [alias for alias in self.aliases if not _NAME.fullmatch(alias) or alias == self.name]
        if bad:
            raise ValueError(
                f"BackendSpec {self.name!r}: aliases {bad} must be lower case letters, digits and _, "
                "other than the name"
            )
        if not self.array_types:
            raise ValueError(f"BackendSpec {self.name!r}: array_types must name at least one type of {self.library}")
        if not self.devices or not set(self.devices) <= set(_DEVICE_KINDS):
            raise ValueError(f"BackendSpec {self.name!r}: devices {self.devices} must be some of {_DEVICE_KINDS}")
        if self.name in self.absorbs:
            raise ValueError(f"BackendSpec {self.name!r}: a backend does not absorb itself (absorbs={self.absorbs})")


_STRINGS = ("name", "library", "implementation", "extra", "distribution", "device_note")
_STRING_TUPLES = ("array_types", "aliases", "devices", "absorbs")
_PAIRS = ("renames", "keyword_renames")


def _check_field(name: object, field: str, value: object) -> None:
    """A clear TypeError for a field of the wrong type (a list where a tuple is needed: the spec is hashable)."""
    if field in _STRINGS:
        ok, expected = isinstance(value, str), "a str"
    elif field in _STRING_TUPLES:
        ok, expected = isinstance(value, tuple) and all(isinstance(v, str) for v in value), "a tuple of str"
    elif field in _PAIRS:
        ok = isinstance(value, tuple) and all(
            isinstance(p, tuple) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in value
        )
        expected = "a tuple of (str, str) pairs"
    elif field == "priority":
        ok, expected = type(value) is int, "an int"
    elif field == "carries_device":
        ok, expected = type(value) is bool, "a bool"
    else:  # dtype_library
        ok, expected = value is None or isinstance(value, str), "a str or None"
    if not ok:
        raise TypeError(f"BackendSpec {name!r}: {field} must be {expected}, got {value!r}")
    if field in ("name", "library", "implementation", "distribution") and not value:
        raise ValueError(f"BackendSpec {name!r}: {field} must not be empty")


# The registry. Written under the lock (registration is rare); read without it: every table below is
# replaced or updated by single operations, so a reader sees it before or after a registration.
_LOCK = _thread.RLock()  # _thread: the threading module is slow to import
_SPECS: dict[str, BackendSpec] = {}  # canonical name -> descriptor, in registration order
_ALIASES: dict[str, str] = {}  # alias -> canonical name
_BUILTIN: list[str] = []
#: The registered backends by canonical name, in registration order (a live read-only view).
SPECS: MappingProxyType[str, BackendSpec] = MappingProxyType(_SPECS)
#: alias -> canonical name, of every registered backend (a live read-only view).
ALIASES: MappingProxyType[str, str] = MappingProxyType(_ALIASES)
#: Names of the backends whose arrays carry a device (`BackendSpec.carries_device`); updated in place.
DEVICE_CARRIERS: set[str] = set()
#: The top-level modules of the registered backends' libraries; updated in place.
LIBRARIES: set[str] = set()
#: The `BackendSpec.dtype_library` modules of the registered backends; updated in place.
DTYPE_LIBRARIES: set[str] = set()
_LISTENERS: list[Callable[[BackendSpec], None]] = []


def on_register(listener: Callable[[BackendSpec], None]) -> Callable[[BackendSpec], None]:
    """Call ``listener(spec)`` after each later registration (and removal): the caches a new backend affects
    (the dispatch core's per-type and per-op caches, `nf.do`'s lookups) clear themselves this way."""
    with _LOCK:
        _LISTENERS.append(listener)
    return listener


def register_backend(spec: BackendSpec) -> BackendSpec:
    """Register a backend described by ``spec``; return ``spec``.

    From then on Context and get_backend accept its name and aliases, values of its ``array_types``
    dispatch to it (types classified before, as neutral or as served through their own
    ``__array_namespace__``, are classified again: registration clears the caches), and its implementation
    module is imported on first use. A name or alias already taken (as a name or an alias), or an
    ``absorbs`` naming no registered backend, raises ValueError; nothing is registered then.

    >>> import numerics_fn as nf
    >>> spec = nf.BackendSpec(name="numpy2", library="numpy", array_types=("ndarray",), implementation="numpy2",
    ...                       extra="", distribution="numpy", aliases=("np",))
    >>> nf.register_backend(spec)
    Traceback (most recent call last):
    ...
    ValueError: register_backend: the alias 'np' is taken by the backend 'numpy' (numerics_fn._backends.numpy.implementation); choose another alias
    """  # noqa: E501
    if not isinstance(spec, BackendSpec):
        raise TypeError(f"register_backend: expected a numerics_fn.BackendSpec, got {spec!r}")
    with _LOCK:
        for name in (spec.name, *spec.aliases):
            owner = _SPECS.get(_ALIASES.get(name, name))
            if owner is not None:
                kind = "name" if name == spec.name else "alias"
                raise ValueError(
                    f"register_backend: the {kind} {name!r} is taken by the backend {owner.name!r} "
                    f"({owner.implementation}); choose another {kind}"
                )
        unknown = [name for name in spec.absorbs if name not in _SPECS]
        if unknown:
            raise ValueError(
                f"register_backend: backend {spec.name!r} absorbs {unknown}, which are not registered backends; "
                f"the backends are {', '.join(_SPECS)}"
            )
        _SPECS[spec.name] = spec
        _ALIASES.update(dict.fromkeys(spec.aliases, spec.name))
        _derive()
        for listener in _LISTENERS:
            listener(spec)
    return spec


def _unregister(name: str) -> None:
    """Remove a backend registered by `register_backend` (tests undo their registrations this way)."""
    with _LOCK:
        if name in _BUILTIN:
            raise ValueError(f"_unregister: {name!r} is a built-in backend")
        spec = _SPECS.pop(name)
        for alias in spec.aliases:
            _ALIASES.pop(alias, None)
        _derive()
        for listener in _LISTENERS:
            listener(spec)


def _derive() -> None:
    """Bring the derived sets up to date with ``_SPECS`` (under the lock)."""
    specs = _SPECS.values()
    DEVICE_CARRIERS.update(s.name for s in specs if s.carries_device)
    DEVICE_CARRIERS.intersection_update(s.name for s in specs if s.carries_device)
    LIBRARIES.update(s.library for s in specs)
    LIBRARIES.intersection_update(s.library for s in specs)
    DTYPE_LIBRARIES.update(s.dtype_library for s in specs if s.dtype_library)
    DTYPE_LIBRARIES.intersection_update(s.dtype_library for s in specs if s.dtype_library)


def backend_spec(name: object, op: str = "backend_spec") -> BackendSpec:
    """The descriptor of the backend called ``name`` (its canonical name or an alias, in any case).

    An unknown name raises `BackendNotFoundError` naming ``op`` and the known backends.
    """
    if isinstance(name, str):
        key = name.lower()
        spec = _SPECS.get(_ALIASES.get(key, key))
        if spec is not None:
            return spec
    aliases = ", ".join(f"{alias!r} for {canonical!r}" for alias, canonical in _ALIASES.items())
    raise BackendNotFoundError(
        f"{op}: unknown backend {name!r}; the known backends are {', '.join(_SPECS)}"
        + (f" (aliases: {aliases})" if aliases else "")
    )


def backend_specs() -> tuple[BackendSpec, ...]:
    """Every registered backend's descriptor: the built-ins (by priority, then name), then the others in
    registration order."""
    return tuple(_SPECS.values())


def builtin_specs() -> tuple[BackendSpec, ...]:
    """The descriptors of the built-in backends (the packages of ``numerics_fn/_backends``)."""
    return tuple(_SPECS[name] for name in _BUILTIN)


def mixing_target(names: Iterable[str]) -> tuple[str, str | None]:
    """Where a call holding arrays of the backends ``names`` (two or more, in the order the arguments hold
    them) runs, by the mixing rule: ``(target, None)`` where the backend of highest priority absorbs every
    other one; else ``(a, b)``, two of them that do not mix (two of the highest priority, or the target and
    one it does not absorb; a name that is no registered backend mixes with none), in the arguments' order."""
    order = list(dict.fromkeys(names))
    specs = [_SPECS.get(name) for name in order]
    known = [s for s in specs if s is not None]
    if len(known) < len(order):
        stranger = order[specs.index(None)]
        other = next(name for name in order if name != stranger)
        return (other, stranger) if order.index(other) < order.index(stranger) else (stranger, other)
    top = max(s.priority for s in known)
    tops = [s.name for s in known if s.priority == top]
    if len(tops) > 1:
        return tops[0], tops[1]
    target = tops[0]
    for name in order:
        if name != target and name not in _SPECS[target].absorbs:
            return (target, name) if order.index(target) < order.index(name) else (name, target)
    return target, None


def _builtins() -> list[BackendSpec]:
    """The built-in descriptors: each subpackage with an ``implementation.py`` exports ``BACKEND``."""
    found: list[BackendSpec] = []
    here = os.path.dirname(__file__)
    for entry in sorted(os.scandir(here), key=lambda e: e.name):
        if not (entry.is_dir() and os.path.isfile(os.path.join(entry.path, "implementation.py"))):
            continue
        module = importlib.import_module(f"{__name__}.{entry.name}")
        spec = getattr(module, "BACKEND", None)
        if not isinstance(spec, BackendSpec):
            raise TypeError(f"{module.__name__}: a backend package must export BACKEND, a BackendSpec; got {spec!r}")
        found.append(spec)
    return sorted(found, key=lambda s: (s.priority, s.name))


for _spec in _builtins():
    register_backend(_spec)
    _BUILTIN.append(_spec.name)
del _spec

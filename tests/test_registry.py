"""Backends described as data: the descriptors, their registry, the mixing rule over priorities, and the caches
a registration clears. Toy backends are registered here and removed after each test."""

from __future__ import annotations

import dataclasses
import importlib
import subprocess
import sys
import types
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from conftest import BACKENDS, require

import numerics_fn as nf
from numerics_fn import _backends, _dispatch
from numerics_fn._backends import backend_spec, backend_specs, builtin_specs


# --- the built-in descriptors --------------------------------------------------------------------------------
def test_builtin_descriptors_are_frozen_hashable_and_complete() -> None:
    assert [spec.name for spec in builtin_specs()] == list(BACKENDS) == ["numpy", "cupynumeric", "pytorch"]
    for spec in builtin_specs():
        assert isinstance(spec, nf.BackendSpec)
        with pytest.raises(dataclasses.FrozenInstanceError):
            spec.priority = 99  # type: ignore[misc]
        assert hash(spec) == hash(dataclasses.replace(spec))
        assert spec.implementation == f"numerics_fn._backends.{spec.name}.implementation"
        assert spec.library and spec.distribution and spec.array_types and spec.devices
        assert backend_spec(spec.name) is spec
        for alias in spec.aliases:
            assert backend_spec(alias.upper()) is spec and nf.Context(backend=alias).backend == spec.name
    assert backend_spec("pytorch").absorbs == backend_spec("cupynumeric").absorbs == ("numpy",)
    assert backend_spec("pytorch").priority == backend_spec("cupynumeric").priority > backend_spec("numpy").priority


def test_descriptor_agrees_with_its_implementation_module(backend: str) -> None:
    spec = backend_spec(backend)
    module = _dispatch.backend_module(backend)
    assert spec.name == module.NAME
    assert callable(module.native_dtype) and hasattr(module, "coerce_operands")
    library = importlib.import_module(spec.library)
    owned = _dispatch._library_types(spec, library)
    assert len(owned) == len(spec.array_types)  # every attribute path names a type of the library
    assert issubclass(module.ARRAY_TYPES[0], owned)
    assert _dispatch.backend_of_type(module.ARRAY_TYPES[0]) == backend
    if spec.carries_device:
        assert str(module.devices()[0]) == "cpu"
        assert module.native_device("cpu") == module.devices()[0]


def test_discovery_imports_no_array_library() -> None:
    code = (
        "import sys\n"
        "from numerics_fn._backends import builtin_specs\n"
        "specs = builtin_specs()\n"
        "heavy = [m for m in ('torch', 'cupynumeric', 'legate') if m in sys.modules]\n"
        "implementations = [s.implementation for s in specs if s.implementation in sys.modules]\n"
        "print(sorted(s.name for s in specs), heavy, implementations)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['cupynumeric', 'numpy', 'pytorch'] [] []"


@pytest.mark.parametrize(
    ("field", "value", "error", "match"),
    [
        ("array_types", ["Array"], TypeError, r"array_types must be a tuple of str, got \['Array'\]"),
        ("array_types", (), ValueError, "array_types must name at least one type"),
        ("name", "Toy Backend", ValueError, "name 'Toy Backend' must be lower case letters"),
        ("aliases", ("toy",), ValueError, "aliases .* other than the name"),
        ("devices", ("tpu",), ValueError, r"devices \('tpu',\) must be some of \('cpu', 'cuda'\)"),
        ("priority", 1.5, TypeError, "priority must be an int, got 1.5"),
        ("renames", (("a", 1),), TypeError, r"renames must be a tuple of \(str, str\) pairs"),
        ("library", "", ValueError, "library must not be empty"),
        ("absorbs", ("toy",), ValueError, "a backend does not absorb itself"),
    ],
)
def test_a_bad_descriptor_fails_when_made(field: str, value: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        nf.BackendSpec(**{**_fields("toy"), field: value})


# --- the registry: names, aliases, clashes -------------------------------------------------------------------
def _fields(name: str, **more: Any) -> dict[str, Any]:
    return {
        "name": name, "library": f"nf_{name}_lib", "array_types": ("Array",), "implementation": f"nf_{name}_impl",
        "extra": "", "distribution": f"nf-{name}", **more,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"name": "numpy"}, r"the name 'numpy' is taken by the backend 'numpy' \(numerics_fn._backends.numpy"),
        ({"name": "torch"}, r"the name 'torch' is taken by the backend 'pytorch'"),
        ({"aliases": ("cunumeric",)}, r"the alias 'cunumeric' is taken by the backend 'cupynumeric'"),
        ({"aliases": ("pytorch",)}, r"the alias 'pytorch' is taken by the backend 'pytorch'"),
        ({"absorbs": ("jax",)}, r"absorbs \['jax'\], which are not registered backends; the backends are numpy"),
    ],
)
def test_a_name_or_alias_clash_is_refused_and_registers_nothing(fields: dict[str, Any], match: str) -> None:
    before = backend_specs()
    with pytest.raises(ValueError, match=match):
        nf.register_backend(nf.BackendSpec(**{**_fields("toy_clash"), **fields}))
    assert backend_specs() == before
    with pytest.raises(nf.BackendNotFoundError, match="unknown backend 'toy_clash'"):
        nf.Context(backend="toy_clash")


def test_register_backend_takes_only_a_descriptor() -> None:
    with pytest.raises(TypeError, match=r"register_backend: expected a numerics_fn\.BackendSpec, got 'numpy'"):
        nf.register_backend("numpy")  # type: ignore[arg-type]


# --- toy backends -----------------------------------------------------------------------------------------------
class _Toys:
    """Makes toy backends: a library module holding an ``Array`` type (NumPy data in a box, with an Array API
    namespace of its own), and an implementation module; registered with `make`, removed at teardown."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.modules: list[str] = []

    def library(self, name: str) -> types.ModuleType:
        """The toy library ``nf_<name>_lib``, made (and imported, as an instance would have it) before any
        registration."""
        lib = types.ModuleType(f"nf_{name}_lib")

        class Array:
            def __init__(self, data: Any) -> None:
                self.data = np.asarray(data)

            def __array_namespace__(self) -> Any:  # served through it while no backend owns the type
                return types.SimpleNamespace(__name__=lib.__name__, exp=lambda x: "served by its own namespace")

        Array.__module__, Array.__qualname__ = lib.__name__, "Array"
        lib.Array = Array  # type: ignore[attr-defined]
        sys.modules[lib.__name__] = lib
        self.modules.append(lib.__name__)
        return lib

    def make(self, name: str, priority: int = 0, absorbs: tuple[str, ...] = (), register: bool = True) -> Any:
        """The toy backend ``name``'s array type, its implementation module made (with ``add`` of two arrays and
        ``to_numpy``) and, with ``register``, the backend registered."""
        lib = sys.modules.get(f"nf_{name}_lib") or self.library(name)
        array = lib.Array
        impl = types.ModuleType(f"nf_{name}_impl")
        impl.NAME, impl.ARRAY_TYPES = name, (array,)  # type: ignore[attr-defined]
        impl.coerce_operands = lambda values: tuple(  # type: ignore[attr-defined]
            v if isinstance(v, array) else array(nf.to_numpy(v)) for v in values
        )
        impl.native_dtype = np.dtype  # type: ignore[attr-defined]
        sys.modules[impl.__name__] = impl
        self.modules.append(impl.__name__)
        nf.implements(nf.add, array, array)(lambda a, b: array(a.data + b.data))
        nf.implements(nf.to_numpy, array)(lambda x: x.data)
        if register:
            self.register(name, priority, absorbs)
        return array

    def register(self, name: str, priority: int = 0, absorbs: tuple[str, ...] = ()) -> nf.BackendSpec:
        spec = nf.register_backend(nf.BackendSpec(**_fields(name, priority=priority, absorbs=absorbs)))
        self.names.append(name)
        return spec


@pytest.fixture
def toys() -> Iterator[_Toys]:
    made = _Toys()
    try:
        yield made
    finally:
        for name in reversed(made.names):
            _backends._unregister(name)
        for module in made.modules:
            sys.modules.pop(module, None)


def test_a_registered_backend_is_a_backend_like_the_others(toys: _Toys) -> None:
    toy = toys.make("toy", priority=10, absorbs=("numpy",))
    assert backend_specs()[-1].name == "toy"
    assert nf.Context(backend="TOY").backend == "toy"
    with pytest.raises(nf.DeviceError, match="backend 'toy' cannot use device 'cuda'; it runs on cpu"):
        nf.Context(backend="toy", device="cuda")
    assert nf.backend_of(toy([1.0])) == "toy"

    @nf.implements(nf.zeros, "toy")
    def toy_zeros(shape: Any, dtype: Any, device: Any, ctx: nf.Context) -> Any:
        return toy(np.zeros(shape, dtype=ctx.precision))

    with nf.use_backend("toy", precision="float32"):
        zeros = nf.zeros(3)
    assert isinstance(zeros, toy) and zeros.data.dtype == np.float32
    with pytest.raises(nf.BackendNotFoundError, match="implements: unknown backend 'toy2'"):
        nf.implements(nf.zeros, "toy2")


def test_the_backend_of_highest_priority_runs_a_mixed_call(toys: _Toys) -> None:
    high = toys.make("toy_high", priority=10, absorbs=("numpy",))
    top = toys.make("toy_top", priority=20, absorbs=("numpy", "toy_high"))
    for args in ((high([1.0, 2.0]), np.array([3.0, 4.0])), (np.array([3.0, 4.0]), high([1.0, 2.0]))):
        out = nf.add(*args)
        assert type(out) is high and out.data.tolist() == [4.0, 6.0]
    out = nf.add(high([1.0]), top([2.0]))
    assert type(out) is top and out.data.tolist() == [3.0]
    out = nf.add([top([1.0]), 1.0][0], np.ones(1))
    assert type(out) is top


def test_a_backend_not_absorbed_is_a_mixed_backend_error(toys: _Toys) -> None:
    low = toys.make("toy_low", priority=5)  # absorbs nothing: NumPy arrays beside its arrays do not mix
    message = (
        r"add: argument 1 \(x2\) is a numpy.ndarray but argument 0 \(x1\) is a nf_toy_low_lib.Array; "
        r"nf_toy_low_lib and numpy arrays do not mix: convert one with nf.convert\(x, 'toy_low'\) or "
        r"nf.convert\(x, 'numpy'\)"
    )
    with pytest.raises(nf.MixedBackendError, match=message):
        nf.add(low([1.0]), np.ones(1))
    with pytest.raises(nf.MixedBackendError, match=r"do\('ediff1d'\): the arguments mix nf_toy_low_lib and numpy"):
        nf.do("ediff1d", low([1.0]), np.ones(1))


def test_a_tie_of_highest_priorities_is_a_mixed_backend_error(toys: _Toys) -> None:
    a = toys.make("toy_a", priority=10, absorbs=("numpy",))
    b = toys.make("toy_b", priority=10, absorbs=("numpy",))
    with pytest.raises(nf.MixedBackendError, match=r"nf_toy_b_lib and nf_toy_a_lib arrays do not mix"):
        nf.add(b([1.0]), a([1.0]))
    with pytest.raises(nf.MixedBackendError, match=r"nf_toy_a_lib and nf_toy_b_lib arrays do not mix"):
        nf.add(a([1.0]), b([1.0]))
    with pytest.raises(nf.MixedBackendError, match=r"add: argument 0 \(x1\) holds both nf_toy_a_lib and nf_toy_b"):
        nf.add([a([1.0]), np.ones(1), b([1.0])], 1.0)


@pytest.mark.parametrize("other", ["pytorch", "cupynumeric"])
def test_a_tie_with_a_builtin_backend_is_a_mixed_backend_error(toys: _Toys, other: str) -> None:
    require(other)
    toy = toys.make("toy", priority=10, absorbs=("numpy",))
    library = backend_spec(other).library
    with pytest.raises(nf.MixedBackendError, match=rf"nf_toy_lib and {library} arrays do not mix"):
        nf.add(toy([1.0]), nf.convert(np.ones(1), other))


def test_an_explicit_ctx_of_another_backend_does_not_move_a_registered_backends_arrays(toys: _Toys) -> None:
    toy = toys.make("toy", priority=10, absorbs=("numpy",))
    with pytest.raises(
        nf.MixedBackendError, match=r"ctx=.* names the numpy backend, but operand 0 .* belongs to the toy"
    ):
        nf.add(toy([1.0]), np.ones(1), ctx=nf.Context(backend="numpy"))
    assert type(nf.add(toy([1.0]), np.ones(1), ctx=nf.Context(backend="toy"))) is toy


# --- registration clears the caches ----------------------------------------------------------------------
def test_registering_reclassifies_a_type_served_by_its_own_namespace(toys: _Toys) -> None:
    toy = toys.make("toy", register=False)
    nf.implements(nf.exp, toy)(lambda x: "the toy backend's exp")  # registered before the backend is
    x = toy([1.0])
    assert nf.exp(x) == nf.exp(x) == "served by its own namespace"  # the second call: from exp's cache
    assert nf.backend_of(x) == "nf_toy_lib"
    toys.register("toy")
    assert nf.exp(x) == "the toy backend's exp"
    assert nf.backend_of(x) == "toy"


def test_registering_reclassifies_a_type_classified_as_neutral(toys: _Toys) -> None:
    lib = toys.library("toy")

    class Pair(tuple):
        pass

    lib.Pair = Pair  # type: ignore[attr-defined]
    assert _dispatch.backend_of_type(Pair) is None  # a tuple: neutral, and cached so
    assert Pair in _dispatch._BACKEND_OF_TYPE
    toys.make("toy", register=False)
    nf.register_backend(nf.BackendSpec(**_fields("toy", array_types=("Array", "Pair"))))
    toys.names.append("toy")
    assert _dispatch.backend_of_type(Pair) == "toy"


def test_removing_a_backend_leaves_the_others_as_they_were(toys: _Toys) -> None:
    before = backend_specs()
    toy = toys.make("toy", priority=10, absorbs=("numpy",))
    assert nf.backend_of(toy([1.0])) == "toy"
    _backends._unregister("toy")
    toys.names.remove("toy")
    assert backend_specs() == before
    assert nf.backend_of(toy([1.0])) == "nf_toy_lib"  # its own namespace's again
    with pytest.raises(ValueError, match="'numpy' is a built-in backend"):
        _backends._unregister("numpy")

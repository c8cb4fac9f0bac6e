"""Shared fixtures: the backends under test, and moving spec inputs onto them.

cuPyNumeric runs in this same process: before anything imports it, the CPU set-up of
`numerics_fn.cpu_legate` is applied (a no-op where an NVIDIA driver exists). A backend that
cannot load is skipped with the reason, unless ``NUMERICS_FN_REQUIRE_BACKENDS`` (comma-separated,
set by ``make test``) names it: then its tests fail.

``NUMERICS_FN_HIDE_TORCH=1`` runs the suite as users without torch meet it (``make test`` does so for
the transform tests): ``sys.modules["torch"] = None`` before anything imports torch, so ``import torch``
raises ModuleNotFoundError and ``importlib.util.find_spec("torch")`` answers None, as where torch is not
installed; pytorch is then no longer required by ``NUMERICS_FN_REQUIRE_BACKENDS``.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import os
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

HIDE_TORCH = os.environ.get("NUMERICS_FN_HIDE_TORCH", "") not in ("", "0")
if HIDE_TORCH:
    if sys.modules.get("torch") is not None:
        raise pytest.UsageError("NUMERICS_FN_HIDE_TORCH: torch was imported before tests/conftest.py ran")
    sys.modules["torch"] = None  # type: ignore[assignment]

import numerics_fn as nf  # noqa: E402 (after hiding torch)
from numerics_fn import cpu_legate  # noqa: E402
from numerics_fn._backends import builtin_specs  # noqa: E402

#: The built-in backends (the registry's: numerics_fn/_backends/*/__init__.py), each tested in turn.
BACKENDS = tuple(spec.name for spec in builtin_specs())


def _cpu_setup_error() -> str | None:
    if importlib.util.find_spec("cupynumeric") is None:
        return None
    try:
        cpu_legate.setup()
    except cpu_legate.CpuSetupError as err:
        return str(err)
    return None


CPU_SETUP_ERROR = _cpu_setup_error()
REQUIRED_BACKENDS = frozenset(filter(None, os.environ.get("NUMERICS_FN_REQUIRE_BACKENDS", "").split(","))) - (
    {"pytorch"} if HIDE_TORCH else set()
)


@functools.cache
def unavailable_reason(backend: str) -> str | None:
    """Why ``backend`` cannot be tested in this process (None when it can)."""
    try:
        nf.get_backend(backend)
    except nf.BackendUnavailableError as err:
        return f"{err} (CPU set-up: {CPU_SETUP_ERROR})" if backend == "cupynumeric" and CPU_SETUP_ERROR else str(err)
    return None


def require(backend: str) -> str:
    """``backend`` if it loads; else skip with the reason, or fail if NUMERICS_FN_REQUIRE_BACKENDS names it."""
    reason = unavailable_reason(backend)
    if reason is None:
        return backend
    if backend in REQUIRED_BACKENDS:
        pytest.fail(f"backend {backend} is required here (NUMERICS_FN_REQUIRE_BACKENDS) but cannot load: {reason}")
    pytest.skip(reason)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn; skipped (with the reason) where its library does not load."""
    return require(str(request.param))


def on_backend(value: Any, backend: str) -> Any:
    """NumPy arrays (also inside lists/tuples) converted to ``backend``; other values as they are."""
    if isinstance(value, np.ndarray):
        return nf.convert(value, backend)
    if isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
        return [nf.convert(v, backend) for v in value]
    return value


def backends_in(result: Any) -> set[str | None]:
    """The backends of every array in a (possibly nested tuple) result."""
    if isinstance(result, (tuple, list)):  # a list: split's parts
        return set().union(*(backends_in(r) for r in result)) if result else set()
    if isinstance(result, (bool, int, float, complex)):
        return {None}
    return {nf.backend_of(result)}


def as_numpy(result: Any) -> Any:
    if isinstance(result, (tuple, list)):
        return tuple(as_numpy(r) for r in result)
    if isinstance(result, (bool, int, float, complex)):
        return result
    return nf.to_numpy(result)


@pytest.fixture
def unraisable() -> Iterator[list[object]]:
    """Every unraisable exception (a finaliser's error, such as a token reset in the wrong Context) while the
    test runs."""
    seen: list[object] = []
    previous, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        yield seen
    finally:
        gc.collect()
        sys.unraisablehook = previous

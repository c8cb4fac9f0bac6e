"""Shared fixtures: the backends under test, and moving spec inputs onto them."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest

import numerics_fn as nf


@functools.cache
def unavailable_reason(backend: str) -> str | None:
    """Why ``backend`` cannot be tested in this process (None when it can)."""
    try:
        nf.get_backend(backend)
    except nf.BackendUnavailableError as err:
        return str(err)
    return None


@pytest.fixture(params=["numpy", "pytorch", "cupynumeric"])
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn; skipped (with the reason) where its library does not load."""
    reason = unavailable_reason(request.param)
    if reason is not None:
        pytest.skip(reason)
    return str(request.param)


def on_backend(value: Any, backend: str) -> Any:
    """NumPy arrays (also inside lists/tuples) converted to ``backend``; other values as they are."""
    if isinstance(value, np.ndarray):
        return nf.convert(value, backend)
    if isinstance(value, list) and value and all(isinstance(v, np.ndarray) for v in value):
        return [nf.convert(v, backend) for v in value]
    return value


def backends_in(result: Any) -> set[str | None]:
    """The backends of every array in a (possibly nested tuple) result."""
    if isinstance(result, tuple):
        return set().union(*(backends_in(r) for r in result)) if result else set()
    if isinstance(result, (bool, int, float, complex)):
        return {None}
    return {nf.backend_of(result)}


def as_numpy(result: Any) -> Any:
    if isinstance(result, tuple):
        return tuple(as_numpy(r) for r in result)
    if isinstance(result, (bool, int, float, complex)):
        return result
    return nf.to_numpy(result)

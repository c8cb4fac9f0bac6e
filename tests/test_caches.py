"""The dispatch caches stay true and small: registration invalidates them, the C trie walk survives Python code
that clears them mid-walk, and types created at run time are not kept alive by them."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import numerics_fn as nf
from numerics_fn import _dispatch


@pytest.fixture
def restore_registrations() -> Iterator[Callable[[Any], None]]:
    """Registrations a test adds are removed afterwards (the dispatch tables are global)."""
    saved: dict[Any, dict[Any, Any]] = {}
    _dispatch.backend_module("numpy")  # its registrations are in the snapshot

    def keep(public: Any) -> None:
        entry = public.__op__
        saved.setdefault(entry, dict(entry.dispatcher.funcs))

    yield keep
    with _dispatch._LOCK:
        for entry, funcs in saved.items():
            entry.dispatcher.funcs.clear()
            entry.dispatcher.funcs.update(funcs)
            entry.dispatcher.reorder()
            entry.caches.clear()


class _Mine(np.ndarray):
    pass


def test_registration_replaces_a_cached_array_implementation(restore_registrations: Any) -> None:
    x = np.ones(3).view(_Mine)
    restore_registrations(nf.exp)
    calls = (nf.exp, nf.exp.__op__.function, nf.get_backend("numpy").exp)  # C, generated Python, namespace
    for call in calls:
        np.testing.assert_allclose(call(x), np.e)  # NumPy's implementation, now cached for _Mine
    _dispatch.implements(nf.exp, _Mine)(lambda x: "mine")
    for call in calls:
        assert call(x) == "mine"


def test_registration_replaces_a_cached_implementation_of_an_alias(restore_registrations: Any) -> None:
    a = np.ones((2, 2)).view(_Mine)
    restore_registrations(nf.concatenate)
    assert nf.concat([a, a]).shape == (4, 2)
    _dispatch.implements(nf.concatenate, [_Mine])(lambda arrays, axis: "mine")
    assert nf.concat([a, a]) == "mine"
    assert nf.concatenate([a, a]) == "mine"


def test_registration_replaces_a_cached_creation_implementation(restore_registrations: Any) -> None:
    restore_registrations(nf.eye)
    ctx = nf.Context("numpy")
    assert nf.eye(2, ctx=ctx).shape == (2, 2)

    def numpy_eye(n: int, m: Any, k: int, dtype: Any, device: Any, ctx: nf.Context) -> str:
        return "mine"

    _dispatch.implements(nf.eye, "numpy")(numpy_eye)
    assert nf.eye(2, ctx=ctx) == "mine"
    assert nf.eye(2) == "mine"  # positional, through the C fast path


def test_a_resolution_made_before_a_registration_is_not_cached_after_it() -> None:
    entry = nf.exp.__op__
    generation = entry.caches.generation
    entry.caches.clear()
    entry.remember([_Mine], np.negative, generation)  # a slow call that began before the registration
    assert _Mine not in entry.cache


_CLEARING_EQ = """
import numpy as np
import numerics_fn as nf

junk = []

class Meta(type):
    # every class of this metaclass has one hash, so a lookup compares keys with __eq__, which clears the cache
    def __hash__(cls):
        return 1
    def __eq__(cls, other):
        spare = [{} for _ in range(200)]
        del spare  # the dict free list is full: the trie's freed nodes go back to the allocator ...
        nf.matmul.__op__.cache.clear()  # the trie alone: nothing else allocated between the free and the reuse
        junk.append([(i, -i, i * 3) for i in range(2000)])  # ... which hands their memory to these
        return cls is other

A = Meta("A", (np.ndarray,), {})
B = Meta("B", (np.ndarray,), {})
C = Meta("C", (np.ndarray,), {})
a, b, c = (np.eye(2).view(t) for t in (A, B, C))
for _ in range(200):
    nf.matmul(a, b)  # caches [A][B]
    r = nf.matmul(a, c)  # finds node [A], whose lookup of C compares it with B: the trie is cleared mid-walk
    assert isinstance(r, np.ndarray) and r.tolist() == [[1, 0], [0, 1]], r
print("ok")
"""


def test_a_trie_cleared_during_the_c_walk_does_not_crash() -> None:
    done = subprocess.run([sys.executable, "-c", _CLEARING_EQ], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize("op", ["exp", "matmul", "stack", "zeros_like"])
def test_types_made_at_run_time_are_not_kept_alive(op: str) -> None:
    fn = getattr(nf, op)
    K = nf.get_backend("numpy")
    refs = []
    for i in range(3 * _dispatch.CACHE_LIMIT):
        cls = type(f"Sub{i}", (np.ndarray,), {})
        x = np.ones((2, 2)).view(cls)
        args = ([x, x],) if op == "stack" else (x, x) if op == "matmul" else (x,)
        fn(*args)
        getattr(K, op)(*args)
        refs.append(weakref.ref(cls))
        del cls, x, args
    gc.collect()
    alive = sum(r() is not None for r in refs)
    assert alive <= 2 * _dispatch.CACHE_LIMIT, f"{alive} of {len(refs)} dynamically made types kept alive"
    assert len(_dispatch._BACKEND_OF_TYPE) <= _dispatch.CACHE_LIMIT


def test_the_type_to_backend_cache_keeps_neutral_types_when_it_starts_afresh() -> None:
    for i in range(_dispatch.CACHE_LIMIT + 5):
        _dispatch.backend_of_type(type(f"Sub{i}", (np.ndarray,), {}))
    assert all(t in _dispatch._BACKEND_OF_TYPE for t in _dispatch.NEUTRAL_TYPES)
    assert nf.backend_of(1.0) is None


def test_a_bounded_trie_still_answers_every_call() -> None:
    classes = [type(f"Sub{i}", (np.ndarray,), {}) for i in range(_dispatch.CACHE_LIMIT + 10)]
    for cls in classes * 2:
        np.testing.assert_allclose(nf.exp(np.zeros(2).view(cls)), 1.0)
    assert nf.exp.__op__.caches.sizes.get(None, 0) <= _dispatch.CACHE_LIMIT

"""The C fast path (numerics_fn._fastcall): built where a compiler is, and indistinguishable from
the generated Python functions it stands in front of, but for its cost."""

from __future__ import annotations

import inspect
import pickle
import shutil
import sys
import sysconfig
import threading
from typing import Any

import numpy as np
import pytest
from conftest import on_backend
from spec import CASES, XFAIL, Case
from test_spec import _compare

import numerics_fn as nf
from numerics_fn import _dispatch
from numerics_fn._ops import CATALOGUE

FAST = [e for e in CATALOGUE if e.public is not e.function]
_GENERIC = {e.name for e in CATALOGUE if e.kind == "generic"}


def test_built_where_a_c_compiler_is() -> None:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}): numerics_fn runs its Python fast path")
    assert _dispatch.FastOp is not None, "numerics_fn._fastcall was not built: reinstall (pip install -e .)"
    assert type(nf.exp).__name__ == "FastOp"
    kinds = {e.kind for e in FAST}
    assert kinds == {"array", "creation"}
    assert len(FAST) > 130


def _run(fn: Any, case: Case, backend: str) -> Any:
    if case.creation:
        with nf.use_backend(backend):
            return fn(*case.args, **case.kwargs)
    return fn(*(on_backend(a, backend) for a in case.args), **case.kwargs)


DISPATCHED = [c for c in CASES if getattr(getattr(nf, c.op), "__op__", None) is not None and c.op not in _GENERIC]


@pytest.mark.parametrize("case", DISPATCHED, ids=lambda c: c.id)
def test_fast_and_python_paths_agree(case: Case, backend: str) -> None:
    if XFAIL.get((backend, case.id)) is not None:
        pytest.skip("an expected failure of the spec")
    public = getattr(nf, case.op)
    entry = public.__op__
    fast, slow = _run(public, case, backend), _run(entry.function, case, backend)
    assert type(fast) is type(slow)
    _compare(nf.to_numpy(fast) if not isinstance(fast, tuple) else tuple(map(nf.to_numpy, fast)),
             nf.to_numpy(slow) if not isinstance(slow, tuple) else tuple(map(nf.to_numpy, slow)))  # fmt: skip


def test_calls_it_does_not_take_go_to_the_python_function() -> None:
    a = np.ones((2, 2))
    with pytest.raises(TypeError, match=r"exp\(\) takes 1 positional argument but more were given"):
        nf.exp(a, nf.Context())  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"matmul\(\) missing 1 required positional argument: 'x2'"):
        nf.matmul(a)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"exp: ctx must be a numerics_fn.Context or None, got a str"):
        nf.exp(a, ctx="numpy")  # type: ignore[arg-type]
    assert nf.sum(a, 0, keepdims=True).shape == (1, 2)  # keywords
    assert nf.clip(a, 0.0).tolist() == a.tolist()  # an optional dispatched argument left out
    assert nf.clip(a, None, 0.5).tolist() == [[0.5, 0.5], [0.5, 0.5]]
    assert nf.zeros(2, ctx=nf.Context(precision="float32")).dtype == np.float32
    with pytest.raises(nf.UnsupportedTypeError, match="exp: argument 0"):
        nf.exp(object())  # type: ignore[arg-type]


def test_creation_reads_the_context_of_each_thread() -> None:
    pytest.importorskip("torch")
    seen: dict[str, str] = {}

    def worker(backend: str) -> None:
        with nf.use_backend(backend):
            for _ in range(2000):
                got = nf.backend_of(nf.zeros(3))
                if got != backend:
                    seen[backend] = got
                    return

    threads = [threading.Thread(target=worker, args=(b,)) for b in ("numpy", "pytorch") * 4]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(switch)
    assert seen == {}


def test_no_reference_leaks() -> None:
    a, b = np.ones((2, 2)), np.ones((2, 2))
    shape = (2, 2)
    nf.exp(a), nf.matmul(a, b), nf.zeros(shape), nf.sum(a)
    impl = nf.exp.__op__.cache[np.ndarray]
    before = [sys.getrefcount(x) for x in (a, b, shape, impl, nf.current_context())]
    for _ in range(1000):
        nf.exp(a), nf.matmul(a, b), nf.zeros(shape), nf.sum(a), nf.clip(a, 0.0)
    assert [sys.getrefcount(x) for x in (a, b, shape, impl, nf.current_context())] == before
    assert sys.getrefcount(nf.exp(a)) == 2  # the result: only the call's own reference


def test_behaves_like_a_function() -> None:
    for entry in FAST:
        fn = entry.public
        assert inspect.isroutine(fn) and fn.__name__ == entry.name and fn.__module__ == "numerics_fn"
        assert inspect.signature(fn) == inspect.signature(entry.stub)
        assert fn.__doc__ == entry.stub.__doc__
        assert pickle.loads(pickle.dumps(fn)) is fn
    assert repr(nf.exp).startswith("<function exp at")

    class Namespace:
        exp = nf.exp  # not bound, like a staticmethod

    assert Namespace().exp(np.zeros(1)).tolist() == [1.0]

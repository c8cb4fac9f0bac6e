"""The C fast path (numerics_fn._fastcall): built where a compiler is, and indistinguishable from
the generated Python functions it stands in front of, but for its cost."""

from __future__ import annotations

import inspect
import pickle
import shutil
import subprocess
import sys
import sysconfig
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from conftest import on_backend, require
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
    _compare(nf.to_numpy(fast) if not isinstance(fast, (tuple, list)) else tuple(map(nf.to_numpy, fast)),
             nf.to_numpy(slow) if not isinstance(slow, (tuple, list)) else tuple(map(nf.to_numpy, slow)))  # fmt: skip


def test_calls_it_does_not_take_go_to_the_python_function() -> None:
    a = np.ones((2, 2))
    with pytest.raises(TypeError, match=r"exp\(\) takes 1 positional argument but 2 or more were given"):
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


@pytest.mark.slow
def test_torch_compile_traces_through_the_c_fast_path() -> None:
    pytest.importorskip("torch")
    # fullgraph=True: a graph break (Dynamo meeting a C callable it cannot trace) is an error.
    # A fresh interpreter, as in test_autodiff.py: torch.compile leaves hooks behind.
    code = """
import torch, numerics_fn as nf
x = torch.linspace(0, 1, 9, dtype=torch.float64).reshape(3, 3)
f = lambda a: nf.sum(nf.exp(nf.matmul(a, a)), axis=0) + nf.zeros(3, ctx=nf.Context(backend="pytorch"))
f(x)
torch.testing.assert_close(torch.compile(f, fullgraph=True)(x), torch.exp(x @ x).sum(0))
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert result.stdout.strip() == "ok", result.stderr[-3000:]


def test_shortcuts_answer_only_their_common_case() -> None:
    torch = pytest.importorskip("torch")
    if _dispatch.Shortcut is None:
        pytest.skip("the C extension was not built")
    calls: list[tuple[Any, ...]] = []

    def impl(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return "impl"

    exp = _dispatch.shortcut(torch.exp, impl, frozenset({torch.float64}))
    x = torch.zeros(2, dtype=torch.float64)
    assert exp(x).tolist() == [1.0, 1.0] and calls == []
    assert exp(x.to(torch.int64)) == "impl" and exp(x, 1) == "impl" and exp(x=x) == "impl"
    total = _dispatch.shortcut(torch.sum, impl, None, (None, False))
    assert total(x, None, False).item() == 0.0
    assert total(x, 0, False) == "impl" and total(x, None, 0) == "impl"  # identity: 0 is not False
    assert len(calls) == 5
    reshape = _dispatch.shortcut(torch.reshape, impl, None, (None,), n_leading=2)
    assert reshape(x, (2, 1), None).shape == (2, 1) and len(calls) == 5
    assert reshape(x, 2, None) == "impl"  # torch.reshape raised TypeError (an int shape): the implementation decides
    assert reshape(x, (2, 1), True) == "impl" and len(calls) == 7
    with pytest.raises(RuntimeError):
        reshape(x, (3,), None)  # fn's other errors are the answer: the implementation would raise the same
    assert repr(exp).startswith("<shortcut <built-in method exp")
    with pytest.raises(AttributeError):
        exp([1.0])  # no dtype: the error of reading it, not a wrong answer


def test_without_the_extension_the_python_fast_path_serves() -> None:
    # As on a machine without a C compiler: the import of numerics_fn._fastcall fails.
    code = """
import sys
sys.modules["numerics_fn._fastcall"] = None
import numpy as np, numerics_fn as nf
from numerics_fn.__main__ import info
assert type(nf.exp).__name__ == "function" and nf.exp.__op__.public is nf.exp.__op__.function
a = np.arange(4.0)
assert nf.exp(a).tolist() == np.exp(a).tolist() and nf.sum(a, keepdims=True).tolist() == [6.0]
assert nf.zeros(2, ctx=nf.Context(precision="float32")).dtype == np.float32
info()
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "dispatch fast path: Python" in result.stdout


class _SubArray(np.ndarray):
    pass


@pytest.mark.parametrize("op", ["matmul", "add", "subtract", "multiply", "divide"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128", "int64", "float16"])
def test_mixed_pairs_answer_as_the_python_path(op: str, dtype: str) -> None:
    torch = pytest.importorskip("torch")
    fn = getattr(nf, op)
    base = np.arange(1.0, 10.0).reshape(3, 3).astype(dtype)
    tensor = torch.from_numpy(np.eye(3, dtype=dtype) + 1)
    read_only = base.copy()
    read_only.flags.writeable = False
    swapped = base.astype(base.dtype.newbyteorder())  # the same values, not the singleton dtype: the Python path
    sub = base.view(_SubArray)
    for array in (
        base,
        read_only,
        base[::-1],
        base[:, ::2][:, :1].repeat(3, axis=1),
        np.asfortranarray(base),
        swapped,
        sub,
    ):
        before = array.copy()
        for args in ((array, tensor), (tensor, array)):
            got = fn(*args)
            native = (
                torch.from_numpy(a.astype(a.dtype.newbyteorder("="))) if isinstance(a, np.ndarray) else a for a in args
            )
            want = fn(*native)
            assert type(got) is torch.Tensor and got.dtype == want.dtype
            torch.testing.assert_close(got, want)
        np.testing.assert_array_equal(array, before)  # shared memory is never written


def test_mixed_pairs_are_in_c_where_built() -> None:
    torch = pytest.importorskip("torch")
    if _dispatch.MixedPair is None:
        pytest.skip("the C extension was not built")
    nf.matmul(np.eye(2), torch.eye(2, dtype=torch.float64))
    impl = nf.matmul.__op__.cache[np.ndarray][torch.Tensor]
    assert type(impl).__name__ == "MixedPair" and impl.__fallback__.__name__ == "coerced_binary"


def test_a_mixed_pair_needs_c_getters_on_the_tensor_type() -> None:
    if _dispatch.MixedPair is None:
        pytest.skip("the C extension was not built")

    class PythonTensor:
        dtype = property(lambda self: None)
        is_cpu = True

    with pytest.raises(TypeError, match=r"PythonTensor'>.dtype is not a C getter"):
        _dispatch.MixedPair(np.add, np.add, PythonTensor, (), np.asarray)
    with pytest.raises(AttributeError):
        _dispatch.MixedPair(np.add, np.add, int, (), np.asarray)
    assert _dispatch.mixed_pair(np.add, np.subtract, PythonTensor, (), np.asarray) is np.subtract  # the Python path


def _torch_and_a_recorder() -> tuple[Any, list[tuple[Any, ...]], Callable[..., Any]]:
    """torch, and an implementation that records its calls and answers "impl" (skips without the C extension)."""
    torch = pytest.importorskip("torch")
    if _dispatch.Shortcut is None:
        pytest.skip("the C extension was not built")
    calls: list[tuple[Any, ...]] = []

    def impl(*args: Any) -> Any:
        calls.append(args)
        return "impl"

    return torch, calls, impl


def test_a_shortcut_defers_on_the_exception_it_is_given() -> None:
    torch, calls, impl = _torch_and_a_recorder()

    def fn(a: Any, b: Any) -> Any:
        raise RuntimeError("fn does not take these")

    deferring = _dispatch.shortcut(fn, impl, None, (), n_leading=2, retry=RuntimeError)
    a = torch.ones(2, 2)
    assert deferring(a, a) == "impl" and len(calls) == 1
    strict = _dispatch.shortcut(fn, impl, None, (), n_leading=2)  # TypeError only: fn's RuntimeError is the answer
    with pytest.raises(RuntimeError, match="fn does not take"):
        strict(a, a)
    with pytest.raises(RuntimeError):
        nf.matmul(a, torch.ones(3, 3))  # torch's own error for shapes that do not match


def test_a_shortcut_can_ask_for_one_dtype() -> None:
    torch, calls, impl = _torch_and_a_recorder()
    pair = _dispatch.shortcut(torch.add, impl, None, (), n_leading=2, same_dtype=True, array_type=torch.Tensor)
    f32, f64 = torch.ones(2, dtype=torch.float32), torch.ones(2, dtype=torch.float64)
    assert pair(f64, f64).tolist() == [2.0, 2.0] and calls == []
    assert pair(f32, f64) == "impl" and pair(f64, f32) == "impl" and len(calls) == 2
    # a tensor subclass: its dtype is an attribute read, the decision the same
    param = torch.nn.Parameter(f64.clone())
    assert pair(param, f64).tolist() == [2.0, 2.0] and pair(param, f32) == "impl"

    class PythonArray:
        dtype = property(lambda self: None)

    with pytest.raises(TypeError, match=r"PythonArray'>\.dtype is not a C getter"):
        _dispatch.shortcut(torch.add, impl, None, (), n_leading=2, same_dtype=True, array_type=PythonArray)


def test_a_shortcut_answers_its_second_case_only_for_the_options_it_takes() -> None:
    """The options case: ``options_fn(x, *the options given)`` where each is of an exact type asked (bool is not int),
    the others their defaults; the same dtype set and retry; with ``needs_ndim``, never for a 0-d array."""
    torch, calls, impl = _torch_and_a_recorder()
    seen: list[tuple[Any, ...]] = []

    def options_fn(*args: Any) -> Any:
        seen.append(args)
        return "options"

    total = _dispatch.shortcut(
        lambda x: "fn", impl, frozenset({torch.float64}), (None, None, False), retry=(TypeError, IndexError),
        array_type=torch.Tensor, options_fn=options_fn, options=((int,), None, (bool,)),
    )  # fmt: skip
    x = torch.zeros(2, 2, dtype=torch.float64)
    assert total(x, None, None, False) == "fn" and total(x, -1, None, True) == "options"
    assert total(x, 3, None, False) == "options" and seen == [(x, -1, True), (x, 3, False)]
    assert total(x, True, None, False) == "impl" and total(x, 0, None, 1) == "impl"  # bool axis, int keepdims
    assert total(x, 0, "float64", False) == "impl" and total(x, (0,), None, False) == "impl"
    assert total(x.to(torch.float32), 0, None, False) == "impl" and total(x, 0, None) == "impl"
    assert len(calls) == 6 and len(seen) == 2

    def out_of_range(x: Any, axis: int, keepdims: bool) -> Any:
        raise IndexError(axis)

    deferring = _dispatch.shortcut(
        torch.sum, impl, None, (None, False), retry=(TypeError, IndexError), options_fn=out_of_range,
        options=((int,), (bool,)),
    )  # fmt: skip
    assert deferring(x, 5, False) == "impl" and deferring(x, None, False).item() == 0.0 and len(calls) == 7
    at_least_1d = _dispatch.shortcut(
        torch.mean, impl, None, (None, False), array_type=torch.Tensor, options_fn=torch.mean,
        options=((int,), (bool,)), needs_ndim=True,
    )  # fmt: skip
    assert at_least_1d(x, 0, True).shape == (1, 2) and at_least_1d(torch.zeros(()), 0, False) == "impl"
    assert at_least_1d(torch.zeros(()), None, False).item() == 0.0 and len(calls) == 8
    assert at_least_1d(torch.nn.Parameter(x), 0, False) == "impl"  # a subclass: no ndim getter read for it
    for wrong in (
        {"options_fn": torch.sum},  # options missing
        {"options_fn": torch.sum, "options": ((int,),)},  # one entry per default
        {"options_fn": torch.sum, "options": ((int,), (1,))},  # not a type
        {"needs_ndim": True},  # without an options case
        {"retry": (TypeError, 1)},
    ):
        with pytest.raises(TypeError, match="Shortcut"):
            _dispatch.shortcut(torch.sum, impl, None, (None, False), **wrong)


def test_a_shortcut_remembers_only_a_dtype_found_in_its_set() -> None:
    """The dtype last found in the set is matched by identity on the next call; any other dtype is still asked of
    the set, whatever the order of calls (an equal dtype that is another object included)."""
    if _dispatch.Shortcut is None:
        pytest.skip("the C extension was not built")

    class Array:
        def __init__(self, dtype: Any) -> None:
            self.dtype = dtype

    fast = _dispatch.shortcut(lambda x: "fn", lambda x: "impl", frozenset({"float64", "float32"}))
    equal = "".join(["float", "64"])  # equal to a member, not the same object
    calls = ["float64", "int8", "float64", "float32", "int8", "float32", equal, "int8", equal, None]
    assert [fast(Array(d)) for d in calls] == ["fn", "impl", "fn", "fn", "impl", "fn", "fn", "impl", "fn", "impl"]
    dtype = "".join(["float", "32"])
    before = sys.getrefcount(dtype)
    answer = fast(Array(dtype))  # (outside an assert: pytest's rewriting would hold the Array)
    assert answer == "fn" and sys.getrefcount(dtype) == before + 1  # held while it is the last one found
    answer = fast(Array("float64"))
    assert answer == "fn" and sys.getrefcount(dtype) == before


def _recording_fast_op(op: Any, bound: nf.Context | None = None) -> tuple[Any, list[Any], list[Any]]:
    """A FastOp laid out as ``op``'s, whose trie answers every NumPy array with a recording implementation and
    whose fallback records too: which of the two a call reaches, and with what."""
    entry = op.__op__
    answered: list[Any] = []
    fell_back: list[Any] = []

    def impl(*args: Any) -> str:
        answered.append(args)
        return "impl"

    def fallback(*args: Any, **kwargs: Any) -> str:
        fell_back.append((args, kwargs))
        return "fallback"

    trie: dict[Any, Any] = {"numpy": impl} if entry.kind == "creation" else {}
    if entry.kind == "array":
        node = trie
        for _ in range(entry.n_arrays - 1):
            node = node.setdefault(np.ndarray, {})
        node[np.ndarray] = impl
    fast = _dispatch.FastOp(fallback, trie, **_dispatch._fast_layout(entry), bound=bound)
    return fast, answered, fell_back


def test_keyword_calls_are_answered_in_c() -> None:
    if _dispatch.FastOp is None:
        pytest.skip("the C extension was not built")
    a = np.ones((2, 2))
    total, answered, fell_back = _recording_fast_op(nf.sum)
    assert total(a, axis=0) == "impl" and answered[-1] == (a, 0, None, False)  # every parameter, in order
    assert total(a, keepdims=True, axis=(0,)) == "impl" and answered[-1] == (a, (0,), None, True)
    assert total(a, None, dtype="float32") == "impl" and answered[-1] == (a, None, "float32", False)
    assert total(a, ctx=nf.Context()) == "impl" and total(a, ctx=None) == "impl"  # ctx agrees (or is not given)
    assert fell_back == []
    # everything else is the Python function's
    assert total(a, axis=0, bogus=1) == "fallback"  # no such parameter
    assert total(a, 0, axis=0) == "fallback"  # given twice
    assert total(x=a) == "fallback"  # positional-only
    assert total(a, ctx="numpy") == "fallback"  # not a Context
    assert total(a, ctx=nf.Context(device="cpu")) == "fallback"  # a device: the Python path's rule
    assert total(a, ctx=nf.Context("pytorch")) == "fallback"  # another backend: the Python path raises
    assert total(np.ones(2).view(_SubArray), axis=0) == "fallback"  # not in the trie
    assert len(fell_back) == 7 and len(answered) == 5


def test_keyword_creation_calls_take_the_explicit_or_bound_context() -> None:
    if _dispatch.FastOp is None:
        pytest.skip("the C extension was not built")
    ctx32 = nf.Context(precision="float32")
    zeros, answered, fell_back = _recording_fast_op(nf.zeros)
    assert zeros((2,), dtype=nf.float64) == "impl" and answered[-1] == ((2,), nf.float64, None, nf.current_context())
    assert zeros(shape=3, ctx=ctx32) == "impl" and answered[-1] == (3, None, None, ctx32)
    assert zeros(3, ctx=nf.Context("pytorch")) == "fallback"  # no entry for that backend in this trie
    bound, answered, fell_back = _recording_fast_op(nf.zeros, bound=ctx32)
    with nf.use_backend("numpy", precision="float64"):
        assert bound(3, device="cpu") == "impl" and answered[-1] == (3, None, "cpu", ctx32)
    assert bound(3, ctx=nf.Context()) == "fallback"  # ctx= to a namespace's function: its Python path decides
    assert len(fell_back) == 1


def test_keyword_calls_keep_no_references() -> None:
    a = np.ones((2, 2))
    ctx = nf.Context()
    nf.sum(a, axis=0, ctx=ctx), nf.zeros((2,), dtype=nf.float32, ctx=ctx), nf.exp(a, ctx=ctx)  # (each remembers ctx)
    before = [sys.getrefcount(x) for x in (a, ctx, nf.float32)]
    for _ in range(1000):
        nf.sum(a, axis=0, ctx=ctx), nf.zeros((2,), dtype=nf.float32, ctx=ctx), nf.exp(a, ctx=ctx)
    assert [sys.getrefcount(x) for x in (a, ctx, nf.float32)] == before


@pytest.mark.parametrize(
    ("name", "op"), [("numpy", "zeros"), ("numpy", "ones"), ("numpy", "eye"), ("numpy", "array"), ("pytorch", "eye"),
                     ("pytorch", "array")]
)  # fmt: skip
def test_creation_shortcuts_answer_as_their_implementation(name: str, op: str) -> None:
    """NumPy's zeros/ones/eye/array and torch's eye/array answer their common case in C
    (`_dispatch.creation_shortcut`): every call gives what the Python implementation gives, result or error."""
    require(name)
    with nf.use_backend(name):
        nf.zeros(1), nf.ones(1), nf.eye(1), nf.array(1.0)
    impl = getattr(nf, op).__op__.cache[name]
    if type(impl).__name__ == "Prepared":  # wrapped by the reading of host array-likes (numerics_fn._inputs)
        impl = impl.__fallback__
    if _dispatch.Creation is None or type(impl).__name__ != "Creation":
        pytest.skip("the C extension was not built, or NumPy's implementation is not a Creation shortcut")
    first = {"zeros": ((2, 3),), "ones": (3,), "eye": (3, None, 0), "array": (0.5,)}[op]
    spellings = [None, nf.float32, nf.complex128, "float32", np.float32, np.dtype("complex64"), float, "int8",
                 nf.bool, [1]]  # fmt: skip
    contexts = [nf.Context(name), nf.Context(name, precision="float32")]
    firsts = [first, ("bad", *first[1:]), (None, *first[1:])]
    if op == "eye":
        firsts += [(3, 2, 1), (2.5, None, 0)]
    if op == "array":
        firsts += [(3,), (True,), (2j,), (300,), ([1.0, 2.0],)]
    devices = [()] if op == "array" else [(None,), ("cpu",), ("cuda",)]
    for leading in firsts:
        for dtype in spellings:
            for device in devices:
                for ctx in contexts:
                    args = (*leading, dtype, *device, ctx)
                    got, want = _outcome(impl, args), _outcome(impl.__fallback__, args)
                    assert got == want, args


def test_creation_shortcuts_find_a_dtype_equal_to_theirs() -> None:
    """A spelling is found in the shortcut's table whether it is the key itself or an equal object, in a table of a
    few entries as in a large one."""
    if _dispatch.Creation is None:
        pytest.skip("the C extension was not built")
    from numerics_fn._dtypes import DType

    given: list[Any] = []

    def fn(first: Any, dtype: Any = None) -> str:
        given.append(dtype)
        return "fn"

    ctx = nf.Context()
    for size in (2, 20):
        given.clear()
        natives = {f"name{i}": i for i in range(size)}
        create = _dispatch.creation_shortcut(fn, lambda *args: "impl", natives, {}, DType, 1, False)
        assert create(3, "name1", ctx) == "fn" and given[-1] == 1
        assert create(3, "".join(["name", "1"]), ctx) == "fn" and given[-1] == 1  # equal, another object
        assert create(3, "other", ctx) == "impl" and create(3, ["name1"], ctx) == "impl"  # unhashable: impl decides
        assert len(given) == 2


def _outcome(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    try:
        out = fn(*args)
    except Exception as err:  # the error is the outcome compared
        return type(err), str(err)
    return type(out), out.dtype, out.shape, repr(out.tolist())  # repr: NaN equals NaN


@pytest.mark.parametrize("c_built", [True, False])
def test_first_prepared_converts_only_what_is_not_plain(c_built: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not c_built:
        monkeypatch.setattr(_dispatch, "Prepared", None)
    elif _dispatch.Prepared is None:
        pytest.skip("the C extension was not built")
    seen: list[Any] = []

    def impl(*args: Any, **kwargs: Any) -> Any:
        seen.append((args, kwargs))
        return args[0]

    fn = _dispatch.first_prepared(impl, frozenset({int, list}), lambda x: ("converted", x))
    assert type(fn).__name__ == ("Prepared" if c_built else "function")
    assert fn(1, 2, k=3) == 1 and seen[-1] == ((1, 2), {"k": 3})
    assert fn([1], None) == [1]
    assert fn("x", 2, k=3) == ("converted", "x") and seen[-1] == ((("converted", "x"), 2), {"k": 3})
    assert fn(True) == ("converted", True)  # the exact type: bool is not int here


@pytest.mark.parametrize("c_built", [True, False])
def test_identity_shortcut_returns_the_array_only_when_nothing_is_asked(
    c_built: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not c_built:
        monkeypatch.setattr(_dispatch, "Identity", None)
    elif _dispatch.Identity is None:
        pytest.skip("the C extension was not built")
    seen: list[Any] = []

    def impl(*args: Any) -> str:
        seen.append(args)
        return "impl"

    asarray = _dispatch.identity_shortcut(impl, np.ndarray, 3)
    if not c_built:  # the implementation itself answers every call (it returns the array there too)
        assert asarray is impl
        return
    a, ctx = np.ones(2), nf.Context()
    assert asarray(a, None, None, None, ctx) is a and seen == []
    assert asarray(a, nf.float64, None, None, ctx) == "impl"  # a dtype asked: the implementation decides
    assert asarray(a, None, "cpu", None, ctx) == "impl" and asarray(a, None, None, True, ctx) == "impl"
    assert asarray(a.view(_SubArray), None, None, None, ctx) == "impl"  # exactly the type
    assert asarray([1.0], None, None, None, ctx) == "impl" and len(seen) == 5
    b = np.ones(3)
    assert nf.asarray(b) is b and nf.asarray(b.view(_SubArray)) is not b


def test_identity_shortcut_with_natives_returns_the_array_of_the_dtype_asked_for() -> None:
    """With a table of spellings, a dtype that names the array's own dtype (a token by its name, or another
    spelling found there) returns the array; another dtype, a spelling not in the table (unhashable too) or a
    device/copy goes to the implementation; nf.asarray on NumPy agrees with NumPy's asarray either way."""
    if _dispatch.Identity is None:
        pytest.skip("the C extension was not built")
    seen: list[Any] = []

    def impl(*args: Any) -> str:
        seen.append(args)
        return "impl"

    natives = {"float64": np.dtype("float64"), np.float64: np.dtype("float64"), "float32": np.dtype("float32")}
    asarray = _dispatch.identity_shortcut(impl, np.ndarray, 3, natives, nf.DType)
    a, ctx = np.ones(2), nf.Context()
    for same in (None, nf.float64, "float64", np.float64):
        assert asarray(a, same, None, None, ctx) is a
    assert seen == []
    for other in (nf.float32, "float32", np.dtype("float64"), "f8", [1.0]):  # not in the table: the implementation
        assert asarray(a, other, None, None, ctx) == "impl"
    assert asarray(a, nf.float64, "cpu", None, ctx) == "impl" and asarray(a, "float64", None, False, ctx) == "impl"
    assert asarray(a.astype(np.float32), nf.float64, None, None, ctx) == "impl" and len(seen) == 8
    with pytest.raises(TypeError, match="Identity"):
        _dispatch.identity_shortcut(impl, np.ndarray, 3, natives)  # a table without its token type
    b = np.arange(4.0)
    for dtype in (nf.float64, "float64", np.float64):
        assert nf.asarray(b, dtype=dtype) is b and nf.asarray(b, dtype=dtype, ctx=nf.Context("numpy")) is b
    for dtype, name in ((nf.float32, "float32"), (nf.int64, "int64"), (nf.complex128, "complex128")):
        got = nf.asarray(b, dtype=dtype)
        assert got.dtype == np.dtype(name) and np.array_equal(got, np.asarray(b, dtype=name)) and got is not b


def test_an_agreed_ctx_is_checked_again_for_other_arrays() -> None:
    """The C fast path remembers the last explicit ctx that agreed with its arrays' types: another type (or
    another ctx) is checked afresh."""
    torch = pytest.importorskip("torch")
    ctx = nf.Context("numpy")
    a = np.ones(2)
    for _ in range(3):
        assert nf.exp(a, ctx=ctx).tolist() == np.exp(a).tolist()
    with pytest.raises(nf.MixedBackendError, match=r"exp: ctx=.* names the numpy backend"):
        nf.exp(torch.ones(2), ctx=ctx)
    with pytest.raises(nf.MixedBackendError, match=r"exp: ctx=.* names the pytorch backend"):
        nf.exp(a, ctx=nf.Context("pytorch"))
    assert nf.exp(a, ctx=ctx).tolist() == np.exp(a).tolist()

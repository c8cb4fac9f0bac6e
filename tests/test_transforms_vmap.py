"""vmap on NumPy and cuPyNumeric input vectorised through torch.func on mirrors (issue 17, item 3), and its
choice, per function and input signature, between that program and the loop (`vectorize.Race`)."""

from __future__ import annotations

import pickle
import warnings
from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf
from numerics_fn._transforms import vectorize

_r = np.random.default_rng(7)
N = 5
A = _r.standard_normal((N, N))
BATCH = _r.standard_normal((64, N))


def f(x: Any) -> Any:
    return nf.sum(nf.sin(x)) + 0.5 * nf.sum(x * (A @ x)) + nf.sum(nf.exp(0.1 * x))


def f_grad(x: np.ndarray) -> np.ndarray:
    return np.cos(x) + 0.5 * x @ (A + A.T) + 0.1 * np.exp(0.1 * x)


def _no_warning() -> Any:
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("error")
    return ctx


def _vectorised_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the loop's use: a vectorised call must not run it."""
    calls: list[str] = []
    real = vectorize._loop
    monkeypatch.setattr(vectorize, "_loop", lambda *a, **k: calls.append("loop") or real(*a, **k))
    return calls


def test_vmap_of_grad_is_one_program(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    require("pytorch")
    calls = _vectorised_only(monkeypatch)
    x = nf.convert(BATCH, backend)
    a = nf.convert(A, "pytorch") if backend == "pytorch" else A  # (NumPy constants mix with NumPy input only)

    def fb(x: Any) -> Any:
        return nf.sum(nf.sin(x)) + 0.5 * nf.sum(x * (a @ x)) + nf.sum(nf.exp(0.1 * x))

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = nf.vmap(nf.grad(fb))(x)
    assert nf.backend_of(got) == backend and tuple(got.shape) == BATCH.shape
    np.testing.assert_allclose(nf.to_numpy(got), f_grad(BATCH), rtol=1e-12, atol=1e-12)
    assert calls == []


@pytest.mark.parametrize(
    ("name", "transform", "want"),
    [
        ("jacfwd", lambda: nf.vmap(nf.jacfwd(lambda x: x * x)), lambda b: np.stack([np.diag(2 * r) for r in b])),
        ("jacrev", lambda: nf.vmap(nf.jacrev(lambda x: x * x)), lambda b: np.stack([np.diag(2 * r) for r in b])),
        ("hessian", lambda: nf.vmap(nf.hessian(lambda x: nf.sum(x**3))), lambda b: np.stack([np.diag(6 * r) for r in b])),
        ("grad(grad)", lambda: nf.vmap(lambda r: nf.grad(lambda v: nf.sum(nf.grad(lambda u: nf.sum(u**3))(v)))(r)),
         lambda b: 6 * b),
    ],
)  # fmt: skip
def test_compositions_under_vmap(name: str, transform: Any, want: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    require("pytorch")
    calls = _vectorised_only(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = transform()(BATCH)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, want(BATCH), rtol=1e-12, atol=1e-12)
    assert calls == []


def test_grad_of_grad_on_numpy() -> None:
    require("pytorch")
    x = np.array([0.5, 1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = nf.grad(lambda v: nf.sum(nf.grad(lambda u: nf.sum(nf.sin(u) * u))(v)))(x)
    np.testing.assert_allclose(got, 2 * np.cos(x) - x * np.sin(x), rtol=1e-13)


def test_numpy_face_inside_vmap_of_grad() -> None:
    require("pytorch")

    def g(x: Any) -> Any:
        assert x.dtype == np.float64 and x.size == N
        return nf.sum(x[::-1] * np.arange(N.__float__()) * x)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = nf.vmap(nf.grad(g))(BATCH)
    w = np.arange(float(N))
    np.testing.assert_allclose(got, BATCH[:, ::-1] * (w + w[::-1]), rtol=1e-13)


@pytest.mark.parametrize(
    ("fn", "why"),
    [
        (lambda r: r * 2 if float(nf.sum(r)) > 0 else r, r"\.item\(\)"),
        (lambda r: np.sin(r), "numpy.sin"),
    ],
)
def test_unvectorisable_fn_falls_back_to_the_loop_with_one_warning(fn: Any, why: str) -> None:
    require("pytorch")
    want = np.stack([fn(row) for row in BATCH])
    with pytest.warns(nf.VectorizationFallbackWarning, match=f"vmap: torch.func.vmap cannot vectorise it .*{why}") as w:
        got = nf.vmap(fn)(BATCH)
    assert len(w) == 1
    np.testing.assert_allclose(got, want, rtol=1e-13)


def test_dtypes_and_unmapped_arguments_are_kept(backend: str) -> None:
    require("pytorch")
    batch = nf.convert(BATCH.astype(np.float32), backend)
    w = nf.convert(np.arange(N, dtype=np.float32), backend)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, total = nf.vmap(lambda r, w: (r * w, nf.sum(r > 0)), in_axes=(0, None))(batch, w)
    assert out.dtype == batch.dtype and nf.backend_of(out) == backend and nf.backend_of(total) == backend
    np.testing.assert_allclose(nf.to_numpy(out), BATCH.astype(np.float32) * np.arange(N), rtol=1e-6)
    np.testing.assert_array_equal(nf.to_numpy(total), (BATCH > 0).sum(axis=1))


# --- the choice between the loop and the vectorised program ---------------------------------------
L, V = vectorize.LOOP, vectorize.VECTOR
S = "sample"  # `vectorize._sample_loop`: fn on the first ESTIMATE elements, for the loop's time


def _race(*times: tuple[str, float]) -> vectorize.Race:
    """A race on a small batch that was told ``times``, each (the path it asked for, that call's seconds)."""
    race = vectorize.Race()
    for path, seconds in times:
        assert race.path() == path and not race.sampling()
        race.record(path, seconds)
    return race


def test_a_race_alternates_from_the_vectorised_path_and_stops_early_where_times_do_not_overlap() -> None:
    race = _race((V, 1e-3), (L, 5e-3), (V, 2e-3), (L, 4e-3))
    assert race.choice == V and race.path() == V
    race = _race((V, 9e-3), (L, 1e-3), (V, 8e-3), (L, 2e-3))
    assert race.choice == L and race.path() == L


def test_overlapping_times_take_a_third_sample_each_and_medians_decide() -> None:
    # the vectorised path's first call is slow (a warm-up), its other two fast: the median sees through it
    race = _race((V, 9e-3), (L, 3e-3), (V, 1e-3))
    assert race.choice is None and race.path() == L
    race.record(L, 3e-3)
    assert race.choice is None
    race = _race((V, 9e-3), (L, 3e-3), (V, 1e-3), (L, 3e-3), (V, 1e-3), (L, 3e-3))
    assert race.choice == V
    race = _race((V, 9e-3), (L, 3e-3), (V, 1e-3), (L, 3e-3), (V, 3e-3), (L, 3e-3))
    assert race.choice == L  # a tie goes to the loop, the reference


def test_the_race_is_run_again_after_recheck_times_its_cost_rarer_while_its_answer_holds() -> None:
    race = _race((V, 1e-3), (L, 4e-3), (V, 1e-3), (L, 4e-3))
    cost = 10e-3  # what that race took
    assert race.recheck == vectorize.RECHECK
    assert race.due == pytest.approx(vectorize.RECHECK * cost)
    calls = round(vectorize.RECHECK * cost / 1e-3)
    for _ in range(calls - 1):
        race.record(race.path(), 1e-3)
    assert race.path() == V
    race.record(V, 1e-3)  # the kept path has now taken RECHECK times the race's cost: race again
    assert race.path() == V and race.due == 0
    for path, seconds in ((V, 1e-3), (L, 4e-3), (V, 1e-3), (L, 4e-3)):
        assert race.path() == path
        race.record(path, seconds)
    assert race.choice == V and race.recheck == 2 * vectorize.RECHECK  # the same answer: twice as long
    race.spent = race.due
    race.record(V, 0.0)
    for path, seconds in ((V, 5e-3), (L, 1e-3), (V, 5e-3), (L, 1e-3)):  # the machine changed
        race.record(path, seconds)
    assert race.choice == L and race.recheck == vectorize.RECHECK and race.path() == L
    for _ in range(20):  # the factor doubles up to its bound
        race.spent = race.due
        race.record(L, 0.0)
        for path, seconds in ((V, 5e-3), (L, 1e-3), (V, 5e-3), (L, 1e-3)):
            race.record(path, seconds)
    assert race.recheck == vectorize.MAX_RECHECK


def test_a_race_on_a_large_batch_takes_the_vectorised_path_and_scales_the_loops_sampled_time() -> None:
    size = 64
    race = vectorize.Race(size)
    scale = size / vectorize.ESTIMATE
    for estimate_s, vector_s in ((1e-4, 1e-3), (2e-4, 1e-3)):  # the loop's estimates: 1.6 and 3.2 ms
        assert race.path() == V and race.sampling()
        race.record(L, estimate_s)
        assert race.path() == V and race.sampling()
        race.record(V, vector_s)
    assert race.samples[L] == pytest.approx([1e-4 * scale, 2e-4 * scale])
    assert race.choice == V and not race.sampling()
    assert race.due == pytest.approx(vectorize.RECHECK * (3e-4 + 2e-3))  # what the race took, not the estimates
    race = vectorize.Race(size)
    for estimate_s, vector_s in ((1e-5, 1e-3), (1e-4, 1e-3), (3e-5, 1e-3)):  # overlapping: medians decide
        race.record(L, estimate_s)
        race.record(V, vector_s)
    assert race.choice == L and race.path() == L and not race.sampling()
    race.spent = race.due
    race.record(L, 0.0)  # race again: sampling again
    assert race.sampling() and race.path() == V and race.cost == 0
    assert not vectorize.Race(vectorize.ESTIMATE).sampling()  # a batch the loop covers in ESTIMATE calls


@pytest.fixture
def timed(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``timed(loop_s, vector_s)``: the two paths of nf.vmap on NumPy input take those (injected) times for
    the whole batch, ``fn`` on one element in the loop's sample loop_s / the batch size; returns the list of
    paths (and samples) taken, call by call."""

    def install(loop_s: float, vector_s: float) -> list[str]:
        taken: list[str] = []
        now = [0.0]
        real_loop, real_vector, real_sample = vectorize._loop, vectorize._on_mirrors, vectorize._sample_loop

        def sample(fn: Any, args: Any, kwargs: Any, mapping: Any, count: int) -> None:
            taken.append(S)
            now[0] += loop_s * count / mapping[0]
            real_sample(fn, args, kwargs, mapping, count)

        def loop(*args: Any, **kwargs: Any) -> Any:
            taken.append(L)
            now[0] += loop_s
            return real_loop(*args, **kwargs)

        def vector(*args: Any, **kwargs: Any) -> Any:
            taken.append(V)
            now[0] += vector_s
            return real_vector(*args, **kwargs)

        monkeypatch.setattr(vectorize, "_clock", lambda: now[0])
        monkeypatch.setattr(vectorize, "_loop", loop)
        monkeypatch.setattr(vectorize, "_on_mirrors", vector)
        monkeypatch.setattr(vectorize, "_sample_loop", sample)
        return taken

    return install


@pytest.mark.parametrize(("loop_s", "vector_s", "kept"), [(1e-3, 1e-4, V), (1e-4, 1e-3, L)])
@pytest.mark.parametrize(
    ("size", "race", "racing_calls"),
    [(len(BATCH), [S, V, S, V], 2), (vectorize.ESTIMATE, [V, L, V, L], 4)],
    ids=["large", "small"],
)
def test_vmap_keeps_the_faster_path_per_signature(
    timed: Any, loop_s: float, vector_s: float, kept: str, size: int, race: list[str], racing_calls: int
) -> None:
    require("pytorch")
    taken = timed(loop_s, vector_s)

    def g(r: Any) -> Any:
        return nf.sum(nf.sin(r) * r) + nf.max(r)

    rows = BATCH[:size]
    want = np.array([np.sum(np.sin(r) * r) + np.max(r) for r in rows])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(8):
            np.testing.assert_allclose(nf.vmap(g)(rows), want, rtol=1e-13)  # a new vmap(g) each call: g's choice
    assert taken == race + [kept] * (8 - racing_calls)
    taken.clear()
    nf.vmap(g)(BATCH[:7])  # another batch size is another signature: raced anew
    nf.vmap(g, in_axes=1)(BATCH.T)  # so are other axes
    nf.vmap(g)(BATCH[:2])
    assert taken == [S, V, S, V, V]
    assert len(nf.vmap(g).choices.races) == 4


def test_a_race_on_a_large_batch_calls_fn_on_a_few_elements_for_the_loop(timed: Any) -> None:
    """While it races, nf.vmap on 1,000 rows calls ``fn`` on at most ESTIMATE rows a call for the loop's time
    (counted: calls on NumPy rows; the vectorised program calls it on mirrors), whatever the times."""
    require("pytorch")
    rows = np.random.default_rng(3).standard_normal((1000, N))
    looped: list[int] = []

    def g(r: Any) -> Any:
        if type(r) is np.ndarray:
            looped.append(1)
        return nf.sum(nf.sin(r) * r)

    want = np.sum(np.sin(rows) * rows, axis=1)
    mapped = nf.vmap(g)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(mapped(rows), want, rtol=1e-13)
        race = mapped.choices.races[next(iter(mapped.choices.races))]
        calls = 1
        while not race.due:  # real times: 2 or 3 calls
            np.testing.assert_allclose(mapped(rows), want, rtol=1e-13)
            calls += 1
    assert calls <= vectorize.SAMPLES and len(looped) == calls * vectorize.ESTIMATE
    looped.clear()
    taken = timed(1.0, 0.1)  # injected: the same counts, and the choice known
    mapped = nf.vmap(g)
    for _ in range(3):
        np.testing.assert_allclose(mapped(rows[1:]), want[1:], rtol=1e-13)
    assert taken == [S, V, S, V, V] and len(looped) == 2 * vectorize.ESTIMATE


class _Double:
    __slots__ = ()  # (so it cannot be held weakly)

    def __call__(self, r: Any) -> Any:
        return r * 2

    def __eq__(self, other: object) -> bool:
        return type(other) is _Double

    def __hash__(self) -> int:
        return 2


def test_a_fn_that_cannot_be_held_weakly_keeps_its_choices_on_its_vmap(timed: Any) -> None:
    require("pytorch")
    taken = timed(1e-4, 1e-3)
    mapped = nf.vmap(_Double())
    for _ in range(6):
        np.testing.assert_array_equal(mapped(BATCH), BATCH * 2)
    assert taken == [S, V, S, V, L, L, L, L]
    assert mapped.choices is mapped.own_choices and len(mapped.choices.races) == 1


def _results_on(path: str, fn: Any, args: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch, **axes: Any) -> Any:
    with monkeypatch.context() as m:
        m.setattr(vectorize.Race, "path", lambda self: path)
        taken: list[str] = []
        real = vectorize._loop
        m.setattr(vectorize, "_loop", lambda *a, **k: taken.append(L) or real(*a, **k))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            out = nf.vmap(fn, **axes)(*args)
    assert taken == ([L] if path == L else [])
    return out


_C = _r.standard_normal((N, N))
_SAME = {
    "transcendental and reductions": (lambda r: nf.sum(nf.sin(r) * r) + nf.max(r), (BATCH,), {}),
    "matrix product with a NumPy constant": (lambda r: _C @ r, (BATCH,), {}),
    "integers": (lambda r: nf.sum(r > 0) * 3, (BATCH,), {}),
    "booleans": (lambda r: r > 0.5, (BATCH,), {}),
    "float32 with Python numbers": (lambda r: r * 2.5 + 1, (BATCH.astype(np.float32),), {}),
    "float32 with a float64 constant": (lambda r: r * _C[0], (BATCH.astype(np.float32),), {}),
    "int32": (lambda r: r + 1, ((BATCH * 10).astype(np.int32),), {}),
    "complex": (lambda r: nf.exp(1j * r), (BATCH,), {}),
    "unmapped argument, tuple output, other out_axes": (
        lambda r, w: (r * w, nf.sum(r)), (BATCH, _C[1]), {"in_axes": (0, None), "out_axes": (1, 0)}),
    "pytrees": (lambda d: {"s": nf.sum(d["a"]) * d["b"], "t": [d["a"] * 2]},
                ({"a": BATCH, "b": BATCH[:, 0]},), {}),
    "axis 1, 3-d": (lambda m: nf.sum(m, axis=0), (BATCH.reshape(4, 16, N),), {"in_axes": 1}),
}  # fmt: skip


def _leaves(tree: Any) -> list[Any]:
    leaves, _ = nf.tree_flatten(tree)
    return leaves


@pytest.mark.parametrize("case", list(_SAME))
def test_both_paths_give_the_same_results(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same structure, types, dtypes and shapes; values equal up to rounding (torch's sin and NumPy's, their
    summation orders, differ in the last bits), exactly where every operation is exact."""
    require("pytorch")
    fn, args, axes = _SAME[case]
    looped = _results_on(L, fn, args, monkeypatch, **axes)
    vectorised = _results_on(V, fn, args, monkeypatch, **axes)
    assert nf.tree_flatten(looped)[1] == nf.tree_flatten(vectorised)[1]
    for a, b in zip(_leaves(looped), _leaves(vectorised), strict=True):
        assert type(a) is type(b) is np.ndarray and a.dtype == b.dtype and a.shape == b.shape, (a, b)
        if a.dtype.kind in "biu":
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=4 * np.finfo(a.dtype).eps, atol=8 * np.finfo(a.dtype).eps)


@pytest.mark.parametrize("backend_name", ["numpy", "cupynumeric"])
def test_both_paths_keep_the_backend(backend_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    require("pytorch")
    require(backend_name)
    batch = nf.convert(BATCH.astype(np.float32), backend_name)
    w = nf.convert(np.arange(N, dtype=np.float32), backend_name)

    def fn(r: Any, w: Any) -> Any:
        return (nf.sin(r) * w, nf.sum(r > 0))

    results = [_results_on(path, fn, (batch, w), monkeypatch, in_axes=(0, None)) for path in (L, V)]
    for a, b in zip(*results, strict=True):
        assert nf.backend_of(a) == nf.backend_of(b) == backend_name and a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_allclose(nf.to_numpy(a), nf.to_numpy(b), rtol=4e-7)


@pytest.mark.parametrize("form", ["array", "pytree"])
def test_a_fn_that_cannot_vectorise_warns_once_then_loops(form: str, monkeypatch: pytest.MonkeyPatch) -> None:
    require("pytorch")
    tries: list[int] = []
    real = vectorize._on_mirrors
    monkeypatch.setattr(vectorize, "_on_mirrors", lambda *a, **k: tries.append(1) or real(*a, **k))

    def h(r: Any) -> Any:
        return r * 2 if float(nf.sum(r)) > 0 else -r

    def h_tree(d: Any, *, scale: float) -> Any:
        return h(d["r"]) * scale

    with pytest.warns(nf.VectorizationFallbackWarning, match=r"vmap: torch.func.vmap cannot vectorise it") as w:
        for batch in (BATCH, BATCH, BATCH[:3], BATCH[:1], BATCH):  # other batch sizes too: same structure
            want = np.stack([h(r) for r in batch])
            if form == "array":
                np.testing.assert_array_equal(nf.vmap(h)(batch), want)
            else:
                np.testing.assert_array_equal(nf.vmap(h_tree)({"r": batch}, scale=1.0), want)
    assert len(w) == 1 and tries == [1]
    assert w[0].filename == __file__  # pointing at the caller
    with pytest.warns(nf.VectorizationFallbackWarning):
        nf.vmap(h)(BATCH.astype(np.float32))  # another dtype: tried again
    assert tries == [1, 1]


@pytest.mark.parametrize("size", [len(BATCH), 2])
def test_an_error_of_fn_itself_is_raised_and_not_remembered_as_unvectorisable(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    require("pytorch")
    tries: list[int] = []
    real = vectorize._on_mirrors
    monkeypatch.setattr(vectorize, "_on_mirrors", lambda *a, **k: tries.append(1) or real(*a, **k))

    def scaled(r: Any, w: Any) -> Any:
        return r * w

    mapped = nf.vmap(scaled, in_axes=(0, None))
    rows = BATCH[:size]
    if size > vectorize.ESTIMATE:  # the race's sample of the loop, before the vectorised path, raises it
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValueError, match="broadcast"):
                mapped(rows, np.ones(N + 1))
        assert tries == []
    else:  # the vectorised path first: it cannot say why, the loop raises fn's own error
        with pytest.warns(nf.VectorizationFallbackWarning), pytest.raises(ValueError, match="broadcast"):
            mapped(rows, np.ones(N + 1))
        assert tries == [1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(mapped(rows, np.full(N + 1, 2.0)[:N]), rows * 2)  # same structure: tried
    assert tries == [1] * (1 if size > vectorize.ESTIMATE else 2)


def test_without_torch_vmap_loops_without_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectorize.common, "_torch", lambda: (None, "torch is not installed"))
    calls = _vectorised_only(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for batch in (BATCH[:1], BATCH):
            np.testing.assert_allclose(nf.vmap(lambda r: r * 2)(batch), batch * 2)
    assert calls == ["loop", "loop"]


_DOUBLE = _Double()


def test_vmap_pickles_without_its_timings() -> None:
    mapped = nf.vmap(_DOUBLE, in_axes=0)
    mapped.own_choices.races["k"] = vectorize.Race()
    back = pickle.loads(pickle.dumps(mapped))
    assert back == mapped and back.own_choices.races == {}

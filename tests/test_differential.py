"""The differential harness: every catalogue op on every backend against NumPy (data: tests/differential.py)."""

from __future__ import annotations

import collections
import functools
import itertools
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from conftest import require
from differential import (
    DOCS,
    PENDING,
    SAMPLE_EVERY,
    SEED,
    SPECS,
    Call,
    OpSpec,
    declared,
    deviations_markdown,
)

import numerics_fn as nf
from numerics_fn._ops import CATALOGUE

#: Error classes whose sharing makes two errors "the same kind" (NumPy's AxisError is ValueError and IndexError).
_ERROR_KINDS = (OverflowError, ZeroDivisionError, TypeError, IndexError, ValueError, KeyError, NotImplementedError)


@dataclass(frozen=True)
class Result:
    """One case's verdict: ``problem`` is None where the backend matches NumPy."""

    op: str
    backend: str
    form: str
    call: Call
    problem: str | None

    def __str__(self) -> str:
        return f"{self.op}({self.call.label}) [{self.form}]: {self.problem}"


def _tolerance(dtype: np.dtype[Any]) -> tuple[float, float]:
    if dtype == np.float16:
        return 2e-3, 1e-3
    if dtype in (np.float32, np.complex64):
        return 2e-5, 1e-6
    return 1e-11, 1e-12


def _differ(  # noqa: C901
    got: Any, want: Any, meta_only: bool = False, zero_sign: bool = True, scaled: bool = False
) -> str | None:
    """Why ``got`` (nf's result, as NumPy values) is not ``want`` (NumPy's), or None (``scaled``: the absolute
    tolerance is relative to the result's largest finite magnitude)."""
    if isinstance(want, tuple):
        if not isinstance(got, tuple) or len(got) != len(want):
            return f"a {type(got).__name__} where NumPy gives a tuple of {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            why = _differ(g, w, meta_only, zero_sign, scaled)
            if why is not None:
                return f"item {i}: {why}"
        return None
    if isinstance(want, (bool, np.dtype)) or want is None:
        return None if (type(got) is type(want) and got == want) else f"{got!r} where NumPy gives {want!r}"
    if isinstance(want, (int, float, complex)) and not isinstance(got, (np.ndarray, np.generic)):
        return (
            None
            if type(got) is type(want) and (got == want or (got != got and want != want))
            else f"{got!r} where NumPy gives {want!r}"
        )
    if not isinstance(got, (np.ndarray, np.generic, bool, int, float, complex)):
        return f"a {type(got).__name__} where NumPy gives an array"
    g, w = np.asarray(got), np.asarray(want)
    if g.dtype != w.dtype:
        return f"dtype {g.dtype} where NumPy gives {w.dtype}"
    if g.shape != w.shape:
        return f"shape {g.shape} where NumPy gives {w.shape}"
    if meta_only:
        return None
    kind = w.dtype.kind
    if kind in "biu" or kind not in "fc":
        bad = g != w
    else:
        rtol, atol = _tolerance(w.dtype)
        if scaled and np.isfinite(w).any():
            atol = max(atol, rtol * float(np.abs(w[np.isfinite(w)]).max()))
        parts = ((g.real, w.real), (g.imag, w.imag)) if kind == "c" else ((g, w),)
        bad = np.zeros(w.shape, bool)
        for gp, wp in parts:
            with np.errstate(all="ignore"):
                wide_g, wide_w = gp.astype(np.float64), wp.astype(np.float64)
                close = np.isclose(wide_g, wide_w, rtol=rtol, atol=atol, equal_nan=True)
                signs = (wide_w == 0) & (wide_g == 0) & (np.signbit(wide_w) != np.signbit(wide_g))
            bad |= ~close | (signs & zero_sign)
    if not bad.any():
        return None
    where = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    return f"{int(bad.sum())} value(s) differ, first at {where}: {g[where]!r} where NumPy gives {w[where]!r}"


def _kinds(err: BaseException) -> set[Any]:
    # a library's own LinAlgError passes through nf unchanged (tests/test_bad_input.py): torch's is a RuntimeError
    linalg = {"LinAlgError"} if type(err).__name__.lstrip("_") == "LinAlgError" else set()
    return {k for k in _ERROR_KINDS if isinstance(err, k)} | linalg


def _as_numpy(result: Any) -> Any:
    if isinstance(result, tuple):
        return tuple(_as_numpy(r) for r in result)
    if result is None or isinstance(result, (bool, int, float, complex, np.dtype, str)):
        return result
    if isinstance(result, (np.ndarray, np.generic)) and type(result) is not np.matrix:
        return result
    try:
        owner = nf.backend_of(result)
    except TypeError:
        return result
    return result if owner is None else nf.to_numpy(result)


def _backends(result: Any) -> set[str | None]:
    if isinstance(result, tuple):
        return set().union(*(_backends(r) for r in result)) if result else set()
    try:
        return {nf.backend_of(result)}
    except TypeError:
        return {None}


def _outcome(fn: Any, *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return True, fn(*args, **kwargs)
        except Exception as err:
            return False, err


def _on(value: Any, backend: str) -> Any:
    if isinstance(value, np.ndarray):
        return nf.convert(value, backend)
    if isinstance(value, list) and any(isinstance(v, np.ndarray) for v in value):
        return [_on(v, backend) for v in value]
    return value


def _forms(spec: OpSpec, c: Call, backend: str) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The ways to give ``c``'s inputs to ``backend``: every array converted, and each mixed NumPy form."""
    if backend == "numpy":
        yield "numpy", c.args
        return
    yield backend, tuple(_on(a, backend) for a in c.args)
    positions = [i for i, a in enumerate(c.args) if isinstance(a, np.ndarray)]
    if isinstance(c.args[0], list) and len(c.args[0]) > 1:  # a sequence of arrays: the first one NumPy
        yield f"numpy+{backend}", ([c.args[0][0], *_on(c.args[0][1:], backend)], *c.args[1:])
    elif len(positions) > 1:
        first = positions[0]
        yield f"numpy+{backend}", tuple(a if i == first else _on(a, backend) for i, a in enumerate(c.args))
        yield f"{backend}+numpy", tuple(_on(a, backend) if i == first else a for i, a in enumerate(c.args))


#: whether each result is made concrete at once (the worker processes of `run_isolated`)
_SYNC = False


def run_case(spec: OpSpec, backend: str, c: Call) -> Iterator[Result]:
    """Each form of ``c`` on ``backend``, judged against NumPy."""
    fn = getattr(nf, spec.name)
    if spec.creation:
        want_ok, want = _outcome(spec.ref, *c.args, **c.kwargs)
        forms: Any = [(backend, c.args, {"ctx": nf.Context(backend=backend)})]
    elif spec.random:
        want_ok, want = _outcome(spec.ref, np.random.default_rng(SEED), *c.args[1:], **c.kwargs)
        gen = nf.rng(SEED, ctx=nf.Context(backend=backend))
        forms = [(backend, (gen, *c.args[1:]), {})]
    else:
        want_ok, want = _outcome(spec.ref, *c.args, **c.kwargs)
        forms = [(f, args, {}) for f, args in _forms(spec, c, backend)]
    for form, args, extra in forms:
        got_ok, got = _outcome(fn, *args, **c.kwargs, **extra)
        if _SYNC and got_ok:  # Legate works asynchronously: a library abort then comes in this case, not a later one
            _outcome(_as_numpy, got)
        yield Result(spec.name, backend, form, c, _verdict(spec, backend, got_ok, got, want_ok, want))


def _verdict(spec: OpSpec, backend: str, got_ok: bool, got: Any, want_ok: bool, want: Any) -> str | None:
    if not want_ok and not got_ok:
        if _kinds(got) & _kinds(want):
            return None
        return f"raises {type(got).__name__} ({got}) where NumPy raises {type(want).__name__} ({want})"
    if not want_ok:
        return f"returns where NumPy raises {type(want).__name__} ({want})"
    if not got_ok:
        return f"raises {type(got).__name__} ({got}) where NumPy returns"
    if spec.name not in ("to_numpy", "backend_of", "rng") and spec.view is not _VIEW_UNCHECKED:
        owners = _backends(got) - {None}
        if owners - {backend}:
            return f"a result of backend {sorted(map(str, owners))}, not {backend}"
    if spec.view is not None:
        try:
            got, want = spec.view(got if spec.raw else _as_numpy(got)), spec.view(want)
        except Exception as err:
            return f"result not comparable: {type(err).__name__}: {err}"
    else:
        got = _as_numpy(got)
    if isinstance(want, np.matrix):
        want = np.asarray(want)
    return _differ(got, want, spec.meta_only or spec.random, spec.zero_sign, spec.scaled)


_VIEW_UNCHECKED = object()


def cases(spec: OpSpec, backend: str) -> Iterator[Call]:
    """``spec``'s calls for ``backend`` (every k-th on slow backends)."""
    every = SAMPLE_EVERY[backend]
    rng = np.random.default_rng([SEED, sum(map(ord, spec.name))])
    for i, c in enumerate(spec.calls(rng)):
        if i % every == 0:
            yield c


@dataclass
class Tally:
    cases: int = 0
    matches: int = 0
    declared: int = 0
    undeclared: list[Result] | None = None
    stale: list[str] | None = None


def run_op(name: str, backend: str, on_case: Callable[[Call], None] | None = None) -> Tally:
    """Every case of op ``name`` on ``backend``: counts, undeclared mismatches, and stale declarations
    (``on_case`` is told each case first)."""
    spec = SPECS[name]
    tally = Tally(undeclared=[], stale=[])
    covered: dict[Any, list[bool]] = collections.defaultdict(list)
    for c in cases(spec, backend):
        if on_case is not None:
            on_case(c)
        for r in run_case(spec, backend, c):
            tally.cases += 1
            dev = declared(name, backend, c)
            if dev is not None:
                covered[dev].append(r.problem is not None)
                if r.problem is not None:
                    tally.declared += 1
                elif dev.strict:
                    assert tally.stale is not None
                    tally.stale.append(f"{r.op}({c.label}) [{r.form}] matches NumPy, but is declared: {dev.inputs}")
                else:
                    tally.matches += 1
            elif r.problem is None:
                tally.matches += 1
            else:
                assert tally.undeclared is not None
                tally.undeclared.append(r)
    for dev, hits in covered.items():
        if not dev.strict and dev.checked(name, backend) and not any(hits):
            assert tally.stale is not None
            tally.stale.append(f"{name} on {backend}: declared deviation no longer happens: {dev.inputs}")
    return tally


OPS = [entry.name for entry in CATALOGUE]


def test_every_catalogue_op_is_driven() -> None:
    missing = sorted(set(OPS) - set(SPECS))
    assert not missing, f"add an entry for each of {missing} to tests/differential.py (_specs)"
    unknown = sorted(set(SPECS) - set(OPS))
    assert not unknown, f"tests/differential.py drives ops that are not in the catalogue: {unknown}"


def test_docs_table_is_current() -> None:
    assert DOCS.read_text() == deviations_markdown(), "run `python tests/differential.py --write-docs`"


def _problems(name: str, backend: str, tally: Tally) -> str | None:
    """The failure message of op ``name``'s tally on ``backend``, or None where it matches NumPy."""
    problems = [str(r) for r in (tally.undeclared or [])[:20]] + (tally.stale or [])[:20]
    if not problems:
        return None
    return (
        f"{name} on {backend}: {len(tally.undeclared or [])} undeclared mismatch(es) and {len(tally.stale or [])} "
        "stale declaration(s) (tests/differential.py DEVIATIONS):\n" + "\n".join(problems)
    )


@pytest.fixture(params=["numpy", "pytorch"])
def backend(request: pytest.FixtureRequest) -> str:
    """The in-process backends (cuPyNumeric's harness runs in a subprocess: `test_cupynumeric_matches_numpy`)."""
    return require(str(request.param))


@pytest.mark.parametrize("name", sorted(set(SPECS) & set(OPS)))
def test_op_matches_numpy(name: str, backend: str, request: pytest.FixtureRequest) -> None:
    if name in PENDING.get(backend, ()):
        request.applymarker(
            pytest.mark.xfail(reason="undeclared mismatches remain (differential.PENDING)", strict=True)
        )
    problem = _problems(name, backend, run_op(name, backend))
    assert problem is None, problem


# --- cuPyNumeric in a subprocess: a library abort (SIGFPE, a failed assertion) is a failure naming the case -------
_WORKER = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "differential.py"), "--worker"]
#: crashes after which the isolated run gives up (each one costs a new Legate process)
_MAX_CRASHES = 8
#: seconds a worker runs before a new one takes over from the op it was on (the deep profile's whole catalogue
#: takes longer than one worker may run)
WORKER_SECONDS = 1800


def run_isolated(backend: str, names: list[str]) -> dict[str, dict[str, Any]]:
    """Each op of ``names`` on ``backend`` in a worker process (``differential.py --worker``), which prints one
    JSON line before each case and one with the op's tally after it: where the process dies, the op's entry says
    on which case, and a new worker goes on from the next op."""
    results: dict[str, dict[str, Any]] = {}
    todo = list(names)
    crashes = 0
    while todo and crashes <= _MAX_CRASHES:
        try:
            proc = subprocess.run(
                [*_WORKER, backend, *todo],
                capture_output=True, text=True, timeout=WORKER_SECONDS, check=False, env=os.environ.copy(),
            )  # fmt: skip
            stdout, stderr, returncode = proc.stdout, proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as err:  # what it printed (bytes, on POSIX) counts; the op it was on reruns
            stdout, stderr, returncode = _text(err.stdout), _text(err.stderr), None
        last_case: dict[str, Any] | None = None
        for line in stdout.splitlines():
            if not line.startswith("{"):
                continue
            msg = json.loads(line)
            if "case" in msg:
                last_case = msg
            else:
                results[msg["op"]] = msg
                last_case = None
        done = len(names) - len(todo)
        todo = [n for n in todo if n not in results]
        if returncode == 0 and not todo:
            break
        if returncode is None and len(names) - len(todo) > done:
            continue  # timed out after finishing some ops: a new worker goes on from the op it was on
        crashes += 1
        where = f"{last_case['op']}({last_case['case']})" if last_case else "start-up"
        signal = (
            f"no op finished in {WORKER_SECONDS} s"
            if returncode is None
            else f"signal {-returncode}"
            if returncode < 0
            else f"exit status {returncode}"
        )
        died = todo[0] if last_case is None else last_case["op"]
        results[died] = {
            "op": died,
            "crash": f"the {backend} process died ({signal}) in {where}:\n{stderr[-3000:]}",
        }
        todo = [n for n in todo if n != died]
    for n in todo:
        results[n] = {"op": n, "crash": f"not run: the {backend} worker died {crashes} times before"}
    return results


_SLOW_WORKER = """
import json, sys, time
for name in sys.argv[2:]:  # (-c, backend, ops...)
    print(json.dumps({"op": name, "case": "only"}), flush=True)
    print(json.dumps({"op": name, "cases": 1}), flush=True)
    time.sleep(60)
"""


def test_isolated_run_goes_on_from_where_a_worker_timed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # a worker that finishes one op, then runs past its time: each new worker takes the ops left, none is lost
    monkeypatch.setattr(sys.modules[__name__], "_WORKER", [sys.executable, "-c", _SLOW_WORKER])
    monkeypatch.setattr(sys.modules[__name__], "WORKER_SECONDS", 3)
    assert run_isolated("numpy", ["a", "b"]) == {"a": {"op": "a", "cases": 1}, "b": {"op": "b", "cases": 1}}


def _text(output: str | bytes | None) -> str:
    return output.decode(errors="replace") if isinstance(output, bytes) else output or ""


def _announce(name: str, fence: Callable[[], None], c: Call | None) -> None:
    fence()  # the previous case's work done: an abort in a task it left running is still blamed on it
    if c is not None:
        print(json.dumps({"op": name, "case": c.label}), flush=True)


def _worker(backend: str, names: list[str]) -> None:
    """``differential.py --worker BACKEND OP...``: the JSON lines `run_isolated` reads, on stdout."""
    global _SYNC  # noqa: PLW0603 (a worker process's setting)
    fence: Callable[[], None] = lambda: None  # noqa: E731
    if backend == "cupynumeric":
        from numerics_fn import cpu_legate

        cpu_legate.setup()
        import legate.core

        fence = functools.partial(legate.core.get_legate_runtime().issue_execution_fence, block=True)
    _SYNC = True
    for name in names:
        tally = run_op(name, backend, on_case=functools.partial(_announce, name, fence))
        _announce(name, fence, None)
        msg = {
            "op": name,
            "cases": tally.cases,
            "matches": tally.matches,
            "declared": tally.declared,
            "undeclared": len(tally.undeclared or []),
            "problem": _problems(name, backend, tally),
        }
        print(json.dumps(msg), flush=True)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_cupynumeric_matches_numpy() -> None:
    """Every op on cuPyNumeric (a sample of the cases: `differential.SAMPLE_EVERY`) in a worker process; an op in
    ``PENDING["cupynumeric"]`` must still mismatch (else it leaves the list)."""
    require("cupynumeric")
    names = sorted(set(SPECS) & set(OPS))
    results = run_isolated("cupynumeric", names)
    pending = PENDING.get("cupynumeric", frozenset())
    failures = []
    for name in names:
        msg = results[name]
        problem = msg.get("crash") or msg.get("problem")
        if name in pending and problem is None:
            failures.append(f"{name} now matches NumPy on cupynumeric: remove it from differential.PENDING")
        elif name not in pending and problem is not None:
            failures.append(problem)
    assert not failures, f"{len(failures)} op(s) differ from NumPy on cupynumeric:\n" + "\n\n".join(failures)


_DIVISION_CHECK = """
import numpy as np
from numerics_fn import cpu_legate
cpu_legate.setup()
import numerics_fn as nf
np.seterr(all="ignore")
for d in ("int8", "int64", "uint8", "uint64", "bool"):
    a = np.array([5, -7, 0, -128, 3, 1]).astype(d)
    b = np.array([0, 0, 0, -1, -1, 2]).astype(d)
    for op in ("floor_divide", "remainder", "divmod"):
        for x1, x2 in ((a, b), (a, 0), (7, b), (a, -1 if d[0] == "i" else 1)):
            got = getattr(nf, op)(*(nf.convert(v, "cupynumeric") if isinstance(v, np.ndarray) else v for v in (x1, x2)))
            want = getattr(np, op)(x1, x2)
            for g, w in zip(got if op == "divmod" else (got,), want if op == "divmod" else (want,)):
                g = nf.to_numpy(g)
                assert g.dtype == w.dtype and np.array_equal(g, w), (op, d, x1, x2, g, w)
print("ok")
"""


@pytest.mark.slow
def test_cupynumeric_integer_division_by_zero() -> None:
    """Integer floor_divide/remainder/divmod by 0 (and MIN // -1) on cuPyNumeric give NumPy's answers, not the
    SIGFPE that kills the process (in a subprocess, so a regression fails this test only)."""
    require("cupynumeric")
    proc = subprocess.run([sys.executable, "-c", _DIVISION_CHECK], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), (proc.returncode, proc.stderr[-3000:])


def _count_isolated(backend: str, names: list[str], total: Tally, bad: collections.Counter[str], verbose: bool) -> None:
    """`main`'s counts of a backend run by `run_isolated`."""
    for name, msg in run_isolated(backend, names).items():
        total.cases += msg.get("cases", 0)
        total.matches += msg.get("matches", 0)
        total.declared += msg.get("declared", 0)
        if "crash" in msg or msg["problem"]:
            bad[name] += msg.get("undeclared", 0) or 1
            if verbose:
                print(f"  {backend}: {msg.get('crash') or msg['problem']}")


def main(argv: list[str]) -> None:
    """``python tests/differential.py [BACKEND ...] [-v] [--op NAME]``: counts per backend, and mismatches
    (cuPyNumeric's in worker processes, as the test runs them)."""
    if argv[:1] == ["--worker"]:
        _worker(argv[1], argv[2:])
        return
    verbose = "-v" in argv
    only = [argv[i + 1] for i, a in enumerate(argv) if a == "--op"]
    backends = [a for a in argv if a in ("numpy", "pytorch", "cupynumeric")] or ["numpy", "pytorch", "cupynumeric"]
    names = only or sorted(set(SPECS) & set(OPS))
    for backend in backends:
        total = Tally()
        bad: collections.Counter[str] = collections.Counter()
        if backend == "cupynumeric":
            _count_isolated(backend, names, total, bad, verbose)
        for name in names if backend != "cupynumeric" else ():
            t = run_op(name, backend)
            total.cases += t.cases
            total.matches += t.matches
            total.declared += t.declared
            for r in itertools.chain(t.undeclared or []):
                bad[name] += 1
                if verbose:
                    print(f"  {backend}: {r}")
            for s in t.stale or []:
                bad[name] += 1
                print(f"  {backend}: STALE {s}")
        print(
            f"{backend}: {total.cases} cases, {total.matches} match NumPy, {total.declared} declared deviations, "
            f"{sum(bad.values())} undeclared"
        )
        for name, n in bad.most_common():
            print(f"    {name}: {n}")

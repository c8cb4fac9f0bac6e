"""The differential harness: every catalogue op on every backend against NumPy (data: tests/differential.py)."""

from __future__ import annotations

import collections
import itertools
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from differential import (
    CUPYNUMERIC_OPT_IN,
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


def _differ(got: Any, want: Any, meta_only: bool = False, zero_sign: bool = True) -> str | None:  # noqa: C901
    """Why ``got`` (nf's result, as NumPy values) is not ``want`` (NumPy's), or None."""
    if isinstance(want, tuple):
        if not isinstance(got, tuple) or len(got) != len(want):
            return f"a {type(got).__name__} where NumPy gives a tuple of {len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            why = _differ(g, w, meta_only, zero_sign)
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


def _kinds(err: BaseException) -> set[type]:
    return {k for k in _ERROR_KINDS if isinstance(err, k)}


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
    return _differ(got, want, spec.meta_only or spec.random, spec.zero_sign)


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


def run_op(name: str, backend: str) -> Tally:
    """Every case of op ``name`` on ``backend``: counts, undeclared mismatches, and stale declarations."""
    spec = SPECS[name]
    tally = Tally(undeclared=[], stale=[])
    covered: dict[Any, list[bool]] = collections.defaultdict(list)
    for c in cases(spec, backend):
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
        if not dev.strict and not any(hits):
            assert tally.stale is not None
            tally.stale.append(f"{name} on {backend}: declared deviation no longer happens: {dev.inputs}")
    return tally


OPS = [entry.name for entry in CATALOGUE]


@pytest.mark.xfail(reason="the catalogue's newest ops (issue #16) have no entry in tests/differential.py yet", strict=False)
def test_every_catalogue_op_is_driven() -> None:
    missing = sorted(set(OPS) - set(SPECS))
    assert not missing, f"add an entry for each of {missing} to tests/differential.py (_specs)"
    unknown = sorted(set(SPECS) - set(OPS))
    assert not unknown, f"tests/differential.py drives ops that are not in the catalogue: {unknown}"


def test_docs_table_is_current() -> None:
    assert DOCS.read_text() == deviations_markdown(), "run `python tests/differential.py --write-docs`"


@pytest.mark.parametrize("name", sorted(set(SPECS) & set(OPS)))
def test_op_matches_numpy(name: str, backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "cupynumeric" and not CUPYNUMERIC_OPT_IN:
        pytest.skip("cuPyNumeric aborts the process on some harness inputs; set NUMERICS_FN_DIFF_CUPYNUMERIC=1")
    if name in PENDING.get(backend, ()):
        request.applymarker(
            pytest.mark.xfail(reason="undeclared mismatches remain (differential.PENDING)", strict=True)
        )
    tally = run_op(name, backend)
    problems = [str(r) for r in (tally.undeclared or [])[:20]] + (tally.stale or [])[:20]
    assert not problems, (
        f"{name} on {backend}: {len(tally.undeclared or [])} undeclared mismatch(es) and {len(tally.stale or [])} "
        "stale declaration(s) (tests/differential.py DEVIATIONS):\n" + "\n".join(problems)
    )


def main(argv: list[str]) -> None:
    """``python tests/differential.py [BACKEND ...] [-v] [--op NAME]``: counts per backend, and mismatches."""
    from numerics_fn import cpu_legate

    verbose = "-v" in argv
    only = [argv[i + 1] for i, a in enumerate(argv) if a == "--op"]
    backends = [a for a in argv if a in ("numpy", "pytorch", "cupynumeric")] or ["numpy", "pytorch", "cupynumeric"]
    if "cupynumeric" in backends:
        cpu_legate.setup()
    for backend in backends:
        total = Tally()
        bad: collections.Counter[str] = collections.Counter()
        for name in only or sorted(SPECS):
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

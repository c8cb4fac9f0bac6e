"""Run every case of the spec on every backend, against NumPy's answer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conftest import as_numpy, backends_in, on_backend
from spec import CASES, XFAIL, Case, _close

import numerics_fn as nf


def _reference(case: Case) -> Any:
    ref = case.ref if case.ref is not None else getattr(np, case.op)
    return ref(*case.args, **case.kwargs)


def _compare(got: Any, want: Any) -> None:
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _compare(g, w)
    elif isinstance(want, (bool, np.bool_)) and not isinstance(want, np.ndarray):
        assert got is bool(want) or got == want
    else:
        _close(got, want)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, backend: str, request: pytest.FixtureRequest) -> None:
    reason = XFAIL.get((backend, case.id))
    if reason is not None:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
    fn = getattr(nf, case.op)
    if case.creation:
        with nf.use_backend(backend):
            result = fn(*case.args, **case.kwargs)
    else:
        result = fn(*(on_backend(a, backend) for a in case.args), **case.kwargs)
    if case.op != "to_numpy":
        assert backends_in(result) <= {backend, None}, f"{case.op} returned {backends_in(result)} for {backend}"
    got = as_numpy(result)
    if case.check is not None:
        case.check(got, case.args)
    else:
        _compare(got, _reference(case))

"""One source of truth: the catalogue, `__all__`, the Backend namespace, the spec and every
backend's registrations agree."""

from __future__ import annotations

import inspect

import pytest
from spec import CASES, COVERED_ELSEWHERE, XFAIL

import numerics_fn as nf
from numerics_fn._dispatch import TAGS, backend_module
from numerics_fn._ops import CATALOGUE

NAMES = [entry.name for entry in CATALOGUE]


def test_catalogue_names_are_unique_and_public() -> None:
    assert len(NAMES) == len(set(NAMES))
    assert set(NAMES) <= set(nf.__all__)
    for name in nf.__all__:
        assert hasattr(nf, name), name


def test_every_public_function_has_a_docstring_with_an_example() -> None:
    for name in NAMES:
        doc = getattr(nf, name).__doc__ or ""
        assert ">>>" in doc, f"{name} has no doctest example"


def test_catalogue_signatures_follow_the_house_rules() -> None:
    for entry in CATALOGUE:
        params = entry.signature.parameters
        if entry.kind == "generic":
            continue
        assert list(params)[-1] == "ctx", entry.name
        assert params["ctx"].kind is inspect.Parameter.KEYWORD_ONLY, entry.name
        assert params["ctx"].default is None, entry.name


def test_spec_covers_the_catalogue() -> None:
    in_spec = {case.op for case in CASES} | set(COVERED_ELSEWHERE)
    assert set(NAMES) - in_spec == set(), "catalogue ops without a spec case"
    assert in_spec - set(NAMES) == set(), "spec cases for ops not in the catalogue"
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    assert {case_id for _, case_id in XFAIL} <= set(ids), "XFAIL names unknown cases"


def test_backend_namespace_has_every_op() -> None:
    K = nf.get_backend("numpy")
    for name in NAMES:
        assert callable(getattr(K, name)), name
    for dtype in ("float32", "float64", "complex64", "complex128", "int8", "int32", "int64", "bool", "int"):
        assert getattr(K, dtype) is not None


def test_every_backend_registers_every_dispatched_op(backend: str) -> None:
    module = backend_module(backend)
    canonical = module.ARRAY_TYPES[0]
    missing = []
    for entry in CATALOGUE:
        if entry.kind == "generic":
            continue
        if entry.kind == "creation":
            types: tuple[type, ...] = (TAGS[backend],)
        elif entry.module.endswith(".random"):
            continue  # dispatched on the generator type: checked by tests/test_random.py on every backend
        elif entry.kind == "array":
            types = (canonical,) * entry.n_arrays
        else:
            types = (canonical, canonical)
        if entry.dispatcher.dispatch(*types) is None:
            missing.append(entry.name)
    assert missing == []


DISPATCHED = [e for e in CATALOGUE if e.kind != "generic"]


@pytest.mark.parametrize("entry", DISPATCHED, ids=[e.name for e in DISPATCHED])
def test_numpy_implementations_take_the_catalogue_parameters(entry: object) -> None:
    from numerics_fn._dispatch import _Op

    assert isinstance(entry, _Op)
    backend_module("numpy")
    expected = len(entry.params) + entry.with_ctx
    for impl in set(entry.dispatcher.funcs.values()):
        try:
            sig = inspect.signature(impl)
        except ValueError:  # some NumPy ufuncs have no signature; they are registered where arity fits
            continue
        if any(p.kind is p.VAR_POSITIONAL for p in sig.parameters.values()):
            continue
        positional = [p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        required = [p for p in positional if p.default is p.empty]
        assert len(required) <= expected <= len(positional), (entry.name, impl, sig)


def test_mirror_ops_are_catalogue_ops_on_one_or_two_arrays() -> None:
    """The transforms' table of torch-resident ops names ops by name: a renamed or removed op must leave it."""
    pytest.importorskip("torch")
    from numerics_fn._transforms.mirrors import _IN_TORCH

    arrays = {e.name for e in CATALOGUE if e.kind == "array" and e.n_arrays in (1, 2)}
    assert sorted(_IN_TORCH - arrays) == []

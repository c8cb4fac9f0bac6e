"""The generated dispatch functions (numerics_fn/_fastpath.py) match the catalogue."""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np

import numerics_fn as nf
from numerics_fn import _codegen, _dispatch, _fastpath
from numerics_fn._ops import CATALOGUE


def test_fastpath_is_current() -> None:
    # Out of date, the changed entries would be compiled at import: slower, and a sign the file was forgotten.
    result = subprocess.run([sys.executable, "-m", "numerics_fn._codegen", "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_op_uses_its_precompiled_function() -> None:
    for entry in CATALOGUE:
        if entry.kind == "generic":
            continue
        code = entry.function.__code__
        assert code.co_filename == _fastpath.__file__, entry.name
        keyword_only = sum(p.kind is p.KEYWORD_ONLY for p in inspect.signature(entry.public).parameters.values())
        assert code.co_kwonlyargcount == (keyword_only if entry.kind == "variadic" else 0), entry.name  # see _dispatch


def test_a_changed_entry_is_compiled_at_import() -> None:
    # The checksum guards against a stale file: an entry whose rendered source differs is compiled instead.
    entry = nf.exp.__op__
    source = _dispatch.factory_source(entry)
    assert _dispatch._factory(entry, source).__code__.co_filename == _fastpath.__file__
    factory = _dispatch._factory(entry, source.replace("a miss", "a miss (changed)"))
    assert factory.__code__.co_filename == "<numerics_fn.exp>"
    exp = factory(entry.cache, entry.slow_call, _dispatch.check_context, nf.Context, nf.current_context, _dispatch._NO)
    assert exp(np.zeros(2)).tolist() == [1.0, 1.0]


def test_public_signatures_are_the_catalogue_stubs() -> None:
    assert str(inspect.signature(nf.exp)) == "(x: 'Any', /, *, ctx: 'Context | None' = None) -> 'Any'"
    for entry in CATALOGUE:
        if entry.kind != "generic":
            assert inspect.signature(entry.public) == inspect.signature(entry.stub), entry.name


def test_render_is_deterministic() -> None:
    assert _codegen.render(CATALOGUE) == _codegen.render(CATALOGUE)

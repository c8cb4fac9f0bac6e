"""Errors that blame the call, not the library (issue 15): keyword-only parameters given positionally, a
Context in the wrong place, arrays given where an option goes, an `__array_namespace__` that returns None."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf


# --- keyword-only parameters are keyword-only, also when the value given is None -----------------------------
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nf.zeros(3, None, None, None, nf.Context()), r"zeros\(\) takes from 1 to 2 positional arguments"),
        (lambda: nf.zeros(3, None, None), r"zeros\(\) takes from 1 to 2 positional arguments but 3 or more"),
        (lambda: nf.sum(np.ones(3), None, None, None, True), r"sum\(\) takes from 1 to 3 positional arguments"),
        (lambda: nf.sum(np.ones(3), None, None, None), r"sum\(\) takes from 1 to 3 positional arguments"),
        (lambda: nf.exp(np.ones(3), None), r"exp\(\) takes 1 positional argument but 2 or more were given"),
    ],
)
def test_keyword_only_parameters_given_positionally_are_type_errors(call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


def test_keyword_only_none_by_keyword_is_fine() -> None:
    assert nf.zeros(3, None, device=None, ctx=None).shape == (3,)
    assert nf.sum(np.ones(3), None, None, keepdims=False) == 3


def test_too_many_positional_arguments_does_not_blame_ctx() -> None:
    with pytest.raises(TypeError) as info:
        nf.exp(np.ones(2), 2)
    assert "ctx" not in str(info.value)
    assert str(info.value) == "exp() takes 1 positional argument but 2 or more were given"


def test_a_context_given_positionally_says_pass_it_as_ctx() -> None:
    ctx = nf.Context()
    with pytest.raises(nf.UnsupportedTypeError, match=r"zeros: argument 'dtype' is Context\(.*\), a Context; ctx is "
                       r"keyword-only: pass it as ctx=\.\.\."):  # fmt: skip
        nf.zeros(2, ctx)
    with pytest.raises(TypeError, match=r"exp\(\) takes 1 positional argument .*pass a Context by keyword: ctx="):
        nf.exp(np.ones(2), ctx)
    with pytest.raises(nf.UnsupportedTypeError, match=r"arange: argument 'stop' .*pass it as ctx="):
        nf.arange(3, ctx)


# --- arrays where an option goes --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["stack", "concatenate"])
def test_arrays_as_separate_arguments_of_stack_say_use_one_sequence(backend: str, name: str) -> None:
    x = nf.convert(np.ones(3), backend)
    with pytest.raises(
        nf.UnsupportedTypeError, match=rf"{name}: argument 'axis' must be an int \(the arrays go in one sequence: "
        rf"nf.{name}\(\[x, y\]\)\), got"
    ) as info:  # fmt: skip
        getattr(nf, name)(x, x)
    assert "only integer scalar arrays" not in str(info.value)


def test_stack_keeps_integer_axis_types(backend: str) -> None:
    x = nf.convert(np.ones(3), backend)
    assert nf.stack([x, x], axis=np.int64(1)).shape == (3, 2)


# --- gradients of a list of parameters ----------------------------------------------------------------------------
def test_grad_of_a_list_of_parameters_of_different_shapes() -> None:
    grads = nf.grad(lambda p: nf.sum(p[0]) + 2 * nf.sum(p[1]))([np.ones(2), np.ones(3)])  # a pytree, no ragged array
    assert [g.tolist() for g in grads] == [[1.0, 1.0], [2.0, 2.0, 2.0]]


# --- foreign arrays --------------------------------------------------------------------------------------------
class _NoNamespace:
    def __array_namespace__(self, api_version: Any = None) -> Any:
        return None


def test_array_namespace_returning_none_is_a_clear_error() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=r"exp: test_call_errors._NoNamespace.__array_namespace__\(\) "
                       r"returned None, not an Array API namespace"):  # fmt: skip
        nf.exp(_NoNamespace())


def test_round_with_decimals_positionally_is_numpys_or_a_python_error() -> None:
    x = np.array([1.234, 5.678])
    try:
        out = nf.round(x, 2)
    except TypeError as err:  # a round without decimals: Python's message, no word of ctx
        assert "ctx" not in str(err), err
    else:
        np.testing.assert_array_equal(out, np.round(x, 2))


def test_torch_ops_keep_keyword_only_rule() -> None:
    require("pytorch")
    import torch

    with pytest.raises(TypeError, match=r"sum\(\) takes from 1 to 3 positional arguments"):
        nf.sum(torch.ones(3), None, None, None, True)

"""The PyTorch backend beyond the shared spec: dtypes, mixed calls, conversion, devices, autograd flags."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pytest
from conftest import as_numpy
from spec import CASES, Case

import numerics_fn as nf

if os.environ.get("CI"):
    import torch  # CI installs torch (the CPU build pinned in constraints-dev.txt): missing is a failure there
else:
    torch = pytest.importorskip("torch")

P = nf.Context(backend="pytorch")
P32 = nf.Context(backend="pytorch", precision="float32")
FLOATS = ("float32", "float64", "complex64", "complex128")
CUDA = torch.cuda.is_available()
gpu = pytest.mark.gpu
needs_cuda = pytest.mark.skipif(not CUDA, reason="needs a CUDA device (torch.cuda.is_available() is False)")


def t(x: Any) -> Any:
    """A NumPy array (or list) as a CPU tensor of the same dtype, sharing nothing with the test's data."""
    return torch.from_numpy(np.array(x))


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI must run the spec on torch; elsewhere torch is optional")
def test_ci_runs_the_spec_on_pytorch() -> None:
    assert "pytorch" in nf.available_backends()
    assert nf.get_backend("pytorch").name == "pytorch"


# --- dtype matrix: every spec op that takes float input, at four float dtypes -----------------------
# NumPy orders complex numbers lexicographically; torch has no order on them (not a meaningful case).
_ORDERED = {
    "maximum", "minimum", "clip", "max", "min", "argmax", "argmin",
    "greater", "greater_equal", "less", "less_equal", "sort", "argsort", "searchsorted",
}  # fmt: skip
_DECOMPOSITIONS = {
    "svd": lambda a: tuple(np.linalg.svd(a, full_matrices=False)),
    "qr": lambda a: tuple(np.linalg.qr(a)),
    "eigh": lambda a: tuple(np.linalg.eigh(a)),
    "eig": lambda a: tuple(np.linalg.eig(a)),
    "argpartition": np.argpartition,  # (its order is not unique: dtypes compared)
}


def _is_float(x: Any) -> bool:
    return isinstance(x, np.ndarray) and x.dtype.kind in "fc"


def _retyped(value: Any, dtype: str) -> Any:
    if _is_float(value):
        return value.astype(dtype)
    if isinstance(value, list):
        return [_retyped(v, dtype) for v in value]
    return value


def _float_cases() -> list[Any]:
    params = []
    for case in CASES:
        args = [a for arg in case.args for a in (arg if isinstance(arg, list) else [arg])]
        if case.creation or not any(_is_float(a) for a in args) or case.op in ("to_numpy", "cast"):
            continue
        for dtype in FLOATS:
            if dtype.startswith("complex") and case.op in _ORDERED:
                continue
            if not dtype.startswith("complex") and any(_is_float(a) and a.dtype.kind == "c" for a in args):
                continue  # complex input has its complex64/complex128 rows
            if dtype.startswith("complex") and not _numpy_takes_complex(case):
                continue  # real-only functions (floor, atan2, sort, ...): NumPy itself rejects complex input
            params.append(pytest.param(case, dtype, id=f"{case.id}-{dtype}"))
    return params


def _numpy_takes_complex(case: Case) -> bool:
    ref = case.ref if case.ref is not None else getattr(np, case.op, None)
    if ref is None or case.check is not None:
        return True
    try:
        ref(*(_retyped(a, "complex128") for a in case.args), **case.kwargs)
    except (TypeError, np.exceptions.ComplexWarning):  # NumPy refuses complex input, or drops its imaginary part
        return False
    return True


def _dtypes(result: Any) -> Any:
    if isinstance(result, tuple):
        return tuple(_dtypes(r) for r in result)
    return np.asarray(result).dtype


@pytest.mark.parametrize(("case", "dtype"), _float_cases())
def test_dtype_matrix_follows_numpy(case: Case, dtype: str) -> None:
    """Result dtype (and value) equal NumPy's for the same inputs: no downcast, no dropped imaginary part."""
    args = tuple(_retyped(a, dtype) for a in case.args)
    if case.check is not None:
        ref = _DECOMPOSITIONS[case.op]
    else:
        ref = case.ref if case.ref is not None else getattr(np, case.op)
    want = ref(*args, **case.kwargs)
    torch_args = tuple(
        [t(v) for v in a] if isinstance(a, list) else t(a) if isinstance(a, np.ndarray) else a for a in args
    )
    got = as_numpy(getattr(nf, case.op)(*torch_args, **case.kwargs))
    assert _dtypes(got) == _dtypes(want)
    if case.check is None and not isinstance(want, (bool, np.bool_)):
        tol = 2e-3 if dtype in ("float32", "complex64") else 1e-8
        for g, w in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
            np.testing.assert_allclose(g, w, rtol=tol, atol=tol)


@pytest.mark.parametrize("name", ["exp", "log", "log2", "sqrt", "sin", "cos", "tanh"])
@pytest.mark.parametrize("dtype", ["bool", "int8", "int16", "int32", "int64", "uint8"])
def test_float_ufuncs_on_integers_follow_numpy(name: str, dtype: str) -> None:
    x = np.array([1, 2, 3]).astype(dtype)
    got = getattr(nf, name)(t(x))
    want = getattr(np, name)(x)
    assert np.dtype(str(got.dtype).removeprefix("torch.")) == want.dtype  # torch alone gives float32
    np.testing.assert_allclose(nf.to_numpy(got), want, rtol=1e-3)


@pytest.mark.parametrize("op", ["mean", "std", "var", "norm"])
def test_reductions_of_integers_give_float64(op: str) -> None:
    x = np.arange(6).reshape(2, 3)
    got = getattr(nf, op)(t(x))
    want = getattr(np.linalg if op == "norm" else np, op)(x)
    assert got.dtype == torch.float64
    np.testing.assert_allclose(nf.to_numpy(got), want)


def test_integer_sum_promotes_like_numpy() -> None:
    x = np.arange(5, dtype=np.int32)
    assert nf.sum(t(x)).dtype is torch.int64 and np.sum(x).dtype == np.int64
    assert nf.sum(t(x), dtype=nf.float32).dtype == torch.float32
    assert nf.prod(t(x), dtype="float64").dtype == torch.float64


# --- dtype mapping ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["bool", "int8", "int32", "int64", "uint8", "float16", "float32", "float64",
                                  "complex64", "complex128"])  # fmt: skip
def test_every_dtype_spelling_maps_to_one_torch_dtype(name: str) -> None:
    want = getattr(torch, name)
    spellings = (name, getattr(nf, name), np.dtype(name), np.dtype(name).type, want)
    for spelling in spellings:
        assert nf.zeros(2, dtype=spelling, ctx=P).dtype is want, spelling
        assert nf.cast(torch.zeros(2), spelling).dtype is want, spelling
    assert getattr(nf.get_backend("pytorch"), name) is want
    assert getattr(nf, name) == want


def test_python_types_and_int_map_to_numpy_defaults() -> None:
    K = nf.get_backend("pytorch")
    assert K.int is torch.int64
    assert [nf.zeros(1, dtype=d, ctx=P).dtype for d in (int, float, complex, bool, "int")] == [
        torch.int64, torch.float64, torch.complex128, torch.bool, torch.int64,
    ]  # fmt: skip


def test_unknown_dtype_is_a_clear_error() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match=r"zeros: argument 'dtype' is 'float99'.*nf\.float64"):
        nf.zeros(2, dtype="float99", ctx=P)


def test_cast_never_drops_the_imaginary_part() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match="cast: casting complex64 to float32 would drop the imaginary"):
        nf.cast(torch.ones(2, dtype=torch.complex64), "float32")
    x = torch.ones(2)
    y = nf.cast(x, "float32")
    assert y is not x and y.data_ptr() != x.data_ptr()  # a copy, like NumPy's astype


# --- precision of creation functions -----------------------------------------------------------------
def _creations(ctx: nf.Context) -> dict[str, Any]:
    g = nf.rng(0, ctx=ctx)
    return {
        "array": nf.array([1.0, 2.0], ctx=ctx),
        "asarray": nf.asarray(1.5, ctx=ctx),
        "zeros": nf.zeros(2, ctx=ctx),
        "ones": nf.ones((2, 2), ctx=ctx),
        "full": nf.full(2, 1.5, ctx=ctx),
        "eye": nf.eye(2, ctx=ctx),
        "arange": nf.arange(0.0, 1.0, 0.5, ctx=ctx),
        "linspace": nf.linspace(0, 1, 3, ctx=ctx),
        "normal": nf.normal(g, 3, ctx=ctx),
        "uniform": nf.uniform(g, 3, ctx=ctx),
    }


@pytest.mark.parametrize(("ctx", "want"), [(P, torch.float64), (P32, torch.float32)], ids=["float64", "float32"])
def test_python_floats_follow_the_context_precision(ctx: nf.Context, want: Any) -> None:
    for name, out in _creations(ctx).items():
        assert isinstance(out, torch.Tensor), name
        assert out.dtype is want, name


def test_neutral_data_keeps_its_kind() -> None:
    assert nf.asarray([1, 2], ctx=P).dtype is torch.int64
    assert nf.asarray([True], ctx=P).dtype is torch.bool
    assert nf.asarray([1j], ctx=P).dtype is torch.complex128
    assert nf.asarray([1j], ctx=P32).dtype is torch.complex64
    assert nf.full(2, 7, ctx=P).dtype is torch.int64
    assert nf.arange(3, ctx=P).dtype is torch.int64
    assert nf.exp([0.0, 1.0], ctx=P).dtype is torch.float64  # an all-neutral call uses the Context


def test_neutral_non_numbers_are_rejected() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match="asarray: argument 'obj' is 'abc', which gives <U3 data"):
        nf.asarray("abc", ctx=P)


def test_linspace_endpoint_false_and_eye_offset_follow_numpy() -> None:
    np.testing.assert_allclose(nf.to_numpy(nf.linspace(0.0, 1.0, 4, endpoint=False, ctx=P)), [0, 0.25, 0.5, 0.75])
    np.testing.assert_array_equal(nf.to_numpy(nf.eye(3, 4, k=-1, ctx=P)), np.eye(3, 4, k=-1))


# --- mixed numpy + tensor calls ----------------------------------------------------------------------
def test_numpy_and_tensor_give_a_tensor_of_numpys_promotion() -> None:
    a64 = np.arange(4.0).reshape(2, 2)
    b32 = torch.ones(2, 2, dtype=torch.float32)
    out = nf.matmul(a64, b32)
    assert isinstance(out, torch.Tensor) and out.dtype is torch.float64 and out.device == b32.device
    np.testing.assert_allclose(nf.to_numpy(out), a64 @ np.ones((2, 2)))
    assert nf.maximum(b32, np.arange(2)).dtype is torch.float64  # int64 with float32: float64 in NumPy


def test_zero_d_float64_numpy_operand_is_not_downcast() -> None:
    x = torch.tensor([1.0, 2.0], dtype=torch.float32)
    for scalar in (np.array(0.5), np.float64(0.5)):
        assert nf.maximum(x, scalar).dtype is torch.float64
        assert nf.power(x, scalar).dtype is torch.float64
    assert nf.maximum(x, 0.5).dtype is torch.float32  # a Python float is weak, as in NumPy
    assert nf.where(x > 1, x, 1j).dtype is torch.complex64  # NumPy: complex64 too
    assert nf.power(x, 2).dtype is torch.float32


def test_zero_d_float64_tensor_is_not_downcast() -> None:
    x = torch.tensor([1.0, 2.0], dtype=torch.float32)
    s = torch.tensor(0.5, dtype=torch.float64)
    assert nf.maximum(x, s).dtype is torch.float64  # torch alone gives float32
    assert nf.matmul(x, x.double()).dtype is torch.float64  # torch alone raises


@pytest.mark.parametrize(
    ("op", "call"),
    [
        ("einsum", lambda a, b: nf.einsum("ij,jk->ik", a, b)),
        ("stack", lambda a, b: nf.stack([a, b])),
        ("concatenate", lambda a, b: nf.concatenate([a, b], axis=1)),
        ("stack-numpy-first", lambda a, b: nf.stack([b, a])),
    ],
)
def test_variadic_ops_promote_over_all_operands(op: str, call: Any) -> None:
    a = torch.ones(2, 2, dtype=torch.float32)
    b = np.full((2, 2), 2.0)
    out = call(a, b)
    assert isinstance(out, torch.Tensor) and out.dtype is torch.float64
    np_out = call(np.ones((2, 2), dtype=np.float32), b)
    np.testing.assert_allclose(nf.to_numpy(out), np_out)
    c64 = torch.ones(2, 2, dtype=torch.complex64)
    assert call(c64, b).dtype is torch.complex128


_PAIR_DTYPES = ("bool", "int8", "uint8", "int32", "int64", "float16", "float32", "float64", "complex64", "complex128")


@pytest.mark.parametrize("left", _PAIR_DTYPES)
@pytest.mark.parametrize("right", _PAIR_DTYPES)
def test_every_dtype_pair_promotes_like_numpy(left: str, right: str) -> None:
    """Tensor with tensor, and NumPy (0-d and n-d) with tensor: NumPy's result dtype, which torch differs from."""
    a, b = np.ones(3, dtype=left), np.ones(3, dtype=right)
    cond = np.array([True, False, True])
    want = np.result_type(a, b)
    for x, y in ((t(a), t(b)), (a, t(b)), (t(a), b)):
        assert nf.to_numpy(nf.where(t(cond), x, y)).dtype == want, (type(x), type(y))
        assert nf.to_numpy(nf.stack([x, y])).dtype == want, (type(x), type(y))
    for zero_d in (b[0].copy(), np.asarray(b[0])):  # a NumPy scalar and a 0-d array: not weak
        assert nf.to_numpy(nf.where(t(cond), t(a), zero_d)).dtype == want
    if "complex" not in left + right:
        assert nf.to_numpy(nf.maximum(t(a), t(b))).dtype == np.maximum(a, b).dtype
        assert nf.to_numpy(nf.maximum(t(a), b[0])).dtype == np.maximum(a, b[0]).dtype


@pytest.mark.parametrize("dtype", _PAIR_DTYPES)
@pytest.mark.parametrize("scalar", [True, 2, 2.5, 1j])
def test_python_scalars_are_weak_as_in_numpy(dtype: str, scalar: Any) -> None:
    a = np.ones(3, dtype=dtype)
    got = nf.where(t(np.array([True, False, True])), t(a), scalar)
    assert nf.to_numpy(got).dtype == np.where([True, False, True], a, scalar).dtype


def test_where_and_clip_with_mixed_and_missing_operands() -> None:
    x = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float32)
    out = nf.where(np.array([True, False, True]), x, 0.0)
    assert out.dtype is torch.float32
    np.testing.assert_array_equal(nf.to_numpy(out), [-1.0, 0.0, 2.0])
    assert nf.where(x > 0, 1.0, 0.0).dtype is torch.float64  # NumPy: float64
    np.testing.assert_array_equal(nf.to_numpy(nf.clip(x, None, 1.0)), [-1.0, 0.5, 1.0])
    assert nf.clip(x, np.float64(0.0), None).dtype is torch.float64


def test_mixed_calls_do_not_modify_inputs() -> None:
    a = np.arange(4.0)
    x = torch.arange(4.0, dtype=torch.float32)
    before_a, before_x = a.copy(), x.clone()
    nf.maximum(x, a)
    nf.stack([a, x])
    nf.power(x, a)
    np.testing.assert_array_equal(a, before_a)
    assert torch.equal(x, before_x) and x.dtype is torch.float32


def test_neutral_list_beside_a_tensor_is_an_array() -> None:
    x = torch.ones(2, dtype=torch.float32)
    assert nf.maximum(x, [0.0, 2.0]).dtype is torch.float64  # a list is a (float64) array, as in NumPy


# --- conversion ------------------------------------------------------------------------------------
def test_numpy_to_tensor_is_zero_copy() -> None:
    a = np.arange(6.0).reshape(2, 3)
    x = nf.convert(a, "pytorch")
    assert isinstance(x, torch.Tensor) and x.data_ptr() == a.ctypes.data
    x[0, 0] = 42.0
    assert a[0, 0] == 42.0
    strided = a.T  # non-contiguous with positive strides: still shared
    assert nf.convert(strided, "pytorch").data_ptr() == strided.ctypes.data
    copied = nf.asarray(a, copy=True, ctx=nf.Context("pytorch"))
    assert copied.data_ptr() != a.ctypes.data and copied.dtype == torch.float64 and copied[0, 0] == 42.0


def test_tensor_to_numpy_is_zero_copy() -> None:
    x = torch.arange(6.0).reshape(2, 3)
    a = nf.convert(x, "numpy")
    assert isinstance(a, np.ndarray) and np.shares_memory(a, x.numpy())
    assert np.shares_memory(nf.to_numpy(x), x.numpy())


def test_to_numpy_detaches_and_resolves_lazy_conjugation() -> None:
    p = torch.nn.Parameter(torch.ones(3, dtype=torch.float64))
    a = nf.to_numpy(p)
    assert isinstance(a, np.ndarray) and np.shares_memory(a, p.detach().numpy())
    c = torch.tensor([[1 + 2j, 3j]])
    np.testing.assert_array_equal(nf.to_numpy(nf.adjoint(c)), np.conj(c.numpy()).T)


def test_conversion_copies_only_where_needed() -> None:
    read_only = np.ones(3)
    read_only.flags.writeable = False
    x = nf.convert(read_only, "pytorch")  # no "not writable" warning: a copy is made instead
    assert x.data_ptr() != read_only.ctypes.data
    reversed_ = np.arange(4.0)[::-1]  # negative strides: torch cannot share them
    np.testing.assert_array_equal(nf.to_numpy(nf.convert(reversed_, "pytorch")), reversed_)


def test_array_copies_and_asarray_shares() -> None:
    a = np.arange(3.0)
    assert nf.array(a, ctx=P).data_ptr() != a.ctypes.data
    assert nf.asarray(a, ctx=P).data_ptr() == a.ctypes.data
    x = torch.arange(3.0)
    assert nf.asarray(x, ctx=P) is x
    y = nf.array(x, ctx=P)
    assert y is not x and y.data_ptr() != x.data_ptr()
    assert nf.asarray(x, dtype="float64", ctx=P).dtype is torch.float64


def test_get_backend_converts_inputs_to_tensors() -> None:
    K = nf.get_backend("pytorch")
    out = K.exp(np.zeros(2))
    assert isinstance(out, torch.Tensor) and out.dtype is torch.float64
    assert isinstance(K.matmul(np.eye(2), [[1.0], [2.0]]), torch.Tensor)
    assert K.float64 is torch.float64 and K.complex64 is torch.complex64
    assert isinstance(K.zeros(2), torch.Tensor)


# --- nn.Parameter, requires_grad, detach -------------------------------------------------------------
def test_parameter_dispatches_as_a_tensor() -> None:
    p = torch.nn.Parameter(torch.tensor([0.5, 1.5], dtype=torch.float64))
    assert nf.backend_of(p) == "pytorch"
    loss = nf.sum(nf.square(nf.sin(p)))
    assert isinstance(loss, torch.Tensor) and loss.ndim == 0
    loss.backward()
    np.testing.assert_allclose(p.grad.numpy(), np.sin(2 * p.detach().numpy()))
    out = nf.matmul(p, np.ones(2))  # mixed with numpy: still on the graph
    assert out.requires_grad


def test_requires_grad_returns_a_new_leaf_sharing_storage() -> None:
    x = torch.ones(3, dtype=torch.float64)
    y = nf.requires_grad(x)
    assert y.requires_grad and y.is_leaf and not x.requires_grad
    assert y.data_ptr() == x.data_ptr()
    z = nf.requires_grad(y, False)
    assert not z.requires_grad and y.requires_grad


def test_detach_cuts_the_graph_without_touching_the_input() -> None:
    p = torch.nn.Parameter(torch.ones(2))
    d = nf.detach(p)
    assert not d.requires_grad and p.requires_grad and d.data_ptr() == p.data_ptr()


def test_copy_is_independent() -> None:
    x = torch.arange(3.0)
    y = nf.copy(x)
    y[0] = 9.0
    assert x[0] == 0.0


# --- NumPy's meaning where torch differs --------------------------------------------------------------
def test_transpose_reverses_all_axes_and_moveaxis_is_movedim() -> None:
    x = torch.zeros(2, 3, 4)
    assert nf.transpose(x).shape == (4, 3, 2)
    assert nf.moveaxis(x, [0, 1], [-1, -2]).shape == np.moveaxis(np.zeros((2, 3, 4)), [0, 1], [-1, -2]).shape


def test_eig_is_real_where_numpy_is_real() -> None:
    w, v = nf.eig(torch.tensor([[2.0, 1.0], [0.0, 3.0]], dtype=torch.float64))
    assert w.dtype is torch.float64 and v.dtype is torch.float64
    w, _ = nf.eig(torch.tensor([[0.0, 1.0], [-1.0, 0.0]], dtype=torch.float64))
    assert w.dtype is torch.complex128
    np.testing.assert_allclose(np.sort_complex(nf.to_numpy(w)), [-1j, 1j])


def test_solve_follows_numpy_for_vectors_and_assume_a() -> None:
    a = np.array([[4.0, 1.0], [1.0, 3.0]])
    b = np.array([1.0, 2.0])
    for kind in ("gen", "sym", "pos"):
        got = nf.solve(t(a), t(b), assume_a=kind)
        assert got.shape == (2,)
        np.testing.assert_allclose(nf.to_numpy(got), np.linalg.solve(a, b))
    batch = np.stack([a, 2 * a])
    np.testing.assert_allclose(nf.to_numpy(nf.solve(t(batch), t(b), assume_a="pos")), np.linalg.solve(batch, b))
    with pytest.raises(ValueError, match="solve: assume_a='lower' is not supported; use one of gen, sym, her, pos"):
        nf.solve(t(a), t(b), assume_a="lower")
    with pytest.raises(torch.linalg.LinAlgError):
        nf.solve(t(-a), t(b), assume_a="pos")


def test_std_var_use_numpys_ddof() -> None:
    a = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(nf.to_numpy(nf.std(t(a))), np.std(a))
    np.testing.assert_allclose(nf.to_numpy(nf.var(t(a), axis=1, ddof=1)), np.var(a, axis=1, ddof=1))


@pytest.mark.parametrize("axis", [None, 0, (0, 2), -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_over_axes_and_keepdims(axis: Any, keepdims: bool) -> None:
    a = np.arange(1.0, 25.0).reshape(2, 3, 4) / 10
    for op in ("sum", "mean", "prod", "max", "min"):
        got = getattr(nf, op)(t(a), axis=axis, keepdims=keepdims)
        assert isinstance(got, torch.Tensor)
        np.testing.assert_allclose(nf.to_numpy(got), getattr(np, op)(a, axis=axis, keepdims=keepdims), rtol=1e-12)


def test_reductions_return_zero_d_tensors_and_allclose_a_bool() -> None:
    x = torch.ones(3)
    assert nf.sum(x).ndim == 0 and nf.max(x).ndim == 0
    assert nf.allclose(x, np.ones(3)) is True
    assert nf.allclose(x, 2.0) is False


def test_shape_ops_follow_numpy() -> None:
    a = np.arange(24.0).reshape(2, 3, 4)
    b = np.arange(20.0).reshape(5, 4)
    np.testing.assert_allclose(nf.to_numpy(nf.dot(t(a), t(b.T))), np.dot(a, b.T))
    np.testing.assert_allclose(nf.to_numpy(nf.tensordot(t(a), t(b), axes=(2, 1))), np.tensordot(a, b, axes=(2, 1)))
    np.testing.assert_allclose(nf.to_numpy(nf.outer(t(a[0]), t(b[0]))), np.outer(a[0], b[0]))
    assert nf.expand_dims(t(a), (0, -1)).shape == np.expand_dims(a, (0, -1)).shape
    np.testing.assert_allclose(nf.to_numpy(nf.concatenate([t(a), t(a)], axis=None)), np.concatenate([a, a], axis=None))
    np.testing.assert_allclose(nf.to_numpy(nf.trace(t(a), 1, 1, 2)), np.trace(a, 1, 1, 2))
    with pytest.raises(ValueError, match=r"squeeze: axis 0 has length 2, not 1, in an array of shape \(2, 3, 4\)"):
        nf.squeeze(t(a), 0)


def test_discrete_ops_follow_numpy() -> None:
    x = np.array([0, 1, 1, 3])
    w = np.array([0.5, 1.0, 1.5, 2.0], dtype=np.float32)
    got = nf.bincount(t(x), weights=w, minlength=6)
    assert got.dtype is torch.float64  # NumPy sums weights in float64
    np.testing.assert_allclose(nf.to_numpy(got), np.bincount(x, weights=w, minlength=6))
    nz = nf.nonzero(t(np.array([[0, 2], [3, 0]])))
    assert isinstance(nz, tuple) and all(i.dtype is torch.int64 for i in nz)


# --- random ----------------------------------------------------------------------------------------
def test_rng_is_a_torch_generator_and_reproducible() -> None:
    g = nf.rng(7, ctx=P)
    assert isinstance(g, torch.Generator) and g.device == torch.device("cpu")
    assert torch.equal(nf.normal(g, (2, 3)), nf.normal(nf.rng(7, ctx=P), (2, 3)))
    assert not torch.equal(nf.normal(nf.rng(1, ctx=P), 4), nf.normal(nf.rng(2, ctx=P), 4))
    u = nf.uniform(nf.rng(0, ctx=P), 1000, low=2.0, high=3.0)
    assert bool((u >= 2.0).all()) and bool((u < 3.0).all())
    z = nf.normal(nf.rng(0, ctx=P), 20000, dtype="complex128")
    assert z.dtype is torch.complex128
    assert abs(float(z.real.var()) - 0.5) < 0.05 and abs(float(z.imag.var()) - 0.5) < 0.05


def test_uniform_rejects_non_float_dtypes() -> None:
    with pytest.raises(nf.UnsupportedTypeError, match="uniform: dtype int64 is not supported"):
        nf.uniform(nf.rng(0, ctx=P), 3, dtype="int64")


def test_choice_follows_numpys_meaning() -> None:
    g = nf.rng(0, ctx=P)
    s = nf.choice(g, 10, size=10, replace=False)
    assert sorted(s.tolist()) == list(range(10))
    values = nf.choice(g, np.array([10.0, 20.0, 30.0]), size=(50, 2), p=[0.0, 0.5, 0.5])
    assert values.shape == (50, 2) and values.dtype is torch.float64 and 10.0 not in values.tolist()
    one = nf.choice(g, 3)
    assert one.ndim == 0
    with pytest.raises(ValueError, match="choice: cannot take 4 samples without replacement from a population of 3"):
        nf.choice(g, 3, size=4, replace=False)
    with pytest.raises(ValueError, match="choice: argument 'p' must be 3 non-negative probabilities summing to 1"):
        nf.choice(g, 3, size=2, p=[0.5, 0.5, 0.5])


# --- devices -----------------------------------------------------------------------------------------
@pytest.mark.skipif(CUDA, reason="checks the error raised where CUDA is absent")
def test_cuda_context_without_cuda_is_a_device_error() -> None:
    ctx = nf.Context(backend="pytorch", device="cuda")  # valid: the device is checked on first use
    with pytest.raises(
        nf.DeviceError, match=r"zeros: device 'cuda' needs CUDA, but torch.cuda.is_available\(\) is False"
    ):
        nf.zeros(2, ctx=ctx)
    with pytest.raises(nf.DeviceError, match="rng: device 'cuda:0' needs CUDA"):
        nf.rng(0, ctx=ctx.replace(device="cuda:0"))
    with pytest.raises(nf.DeviceError, match="asarray: device 'cuda:1' needs CUDA"):
        nf.convert(np.ones(2), "pytorch", device="cuda:1")


def test_cpu_device_is_honoured() -> None:
    ctx = nf.Context(backend="pytorch", device="cpu")
    assert nf.zeros(2, ctx=ctx).device == torch.device("cpu")
    assert nf.rng(0, ctx=ctx).device == torch.device("cpu")


@gpu
@needs_cuda
def test_creation_and_rng_on_cuda() -> None:
    ctx = nf.Context(backend="pytorch", device="cuda:0")
    for name, out in _creations(ctx).items():
        assert out.device.type == "cuda", name
        assert out.dtype is torch.float64, name
    assert nf.rng(0, ctx=ctx).device.type == "cuda"


@gpu
@needs_cuda
def test_results_stay_on_the_cuda_device() -> None:
    x = torch.ones(3, 3, dtype=torch.float32, device="cuda")
    out = nf.matmul(np.eye(3), x)
    assert out.device == x.device and out.dtype is torch.float64
    assert nf.einsum("ij,jk->ik", x, np.eye(3)).device == x.device
    assert nf.maximum(x, np.array(0.5)).device == x.device
    assert nf.exp(x).device == x.device and nf.svd(x)[0].device == x.device
    assert nf.choice(nf.rng(0, ctx=nf.Context("pytorch", device="cuda")), 5, size=3).device.type == "cuda"
    host = nf.to_numpy(x)
    assert isinstance(host, np.ndarray) and host.dtype == np.float32
    moved = nf.convert(np.ones(2), "pytorch", device="cuda")
    assert moved.device.type == "cuda"
    np.testing.assert_array_equal(nf.to_numpy(nf.convert(moved, "numpy")), np.ones(2))


@pytest.mark.parametrize(
    "shapes",
    [((0, 2, 2), (0, 2, 2)), ((2, 2, 2, 0), (2, 2, 0, 2)), ((2, 2), (2, 2))],
    ids=["empty-batch", "contracted-axis-empty", "matrix"],
)
@pytest.mark.parametrize("dtypes", [("float32", "float64"), ("int64", "float32"), ("int32", "int64")])
def test_products_of_two_dtypes_promote_as_numpy_also_when_empty(shapes: Any, dtypes: tuple[str, str]) -> None:
    # torch.matmul and torch.einsum reject two dtypes, except where a batched operand is empty: there they
    # silently give one operand's dtype
    a, b = (np.ones(shape, dtype=d) for shape, d in zip(shapes, dtypes))
    want = np.matmul(a, b)
    x, y = torch.from_numpy(a), torch.from_numpy(b)
    for got in (nf.matmul(x, y), nf.einsum("...ij,...jk->...ik", x, y)):
        assert nf.to_numpy(got).dtype == want.dtype and tuple(got.shape) == want.shape
        np.testing.assert_array_equal(nf.to_numpy(got), want)


def test_complex_acos_has_c99s_sign_of_a_zero_imaginary_part() -> None:
    # cacos(x ± 0i) is acos(x) ∓ 0i for |x| <= 1 (NumPy's); torch keeps the input's sign (issue #15, deep profile)
    z = np.array([-0.17 + 0j, complex(0.5, -0.0), 0j, complex(-0.0, -0.0), 2 + 0j, complex(np.nan, 0.0)])
    got, want = nf.to_numpy(nf.acos(torch.from_numpy(z))), np.arccos(z)
    np.testing.assert_allclose(got, want)
    zero = want.imag == 0
    np.testing.assert_array_equal(np.signbit(got.imag[zero]), np.signbit(want.imag[zero]))

"""The torch backend's fast paths give what the general paths give.

The hot implementations take shortcuts (einsum through torch's C function for two plain tensors,
sizes as separate ints in zeros/ones/empty, a mixed NumPy/tensor pair converted without promotion
work, binary ops in one Python layer). Each test below pins the shortcut's result, or its refusal,
against torch's own answer or NumPy's; none measures speed.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

import numerics_fn as nf

torch = pytest.importorskip("torch")
pytorch = pytest.importorskip("numerics_fn._backends.pytorch.implementation")

P = nf.Context(backend="pytorch")
P32 = nf.Context(backend="pytorch", precision="float32")


class Recording(torch.Tensor):
    """A tensor subclass whose ``__torch_function__`` records which functions reach it."""

    seen: list[Any] = []  # noqa: RUF012 (a test probe, reset by each test that reads it)

    @classmethod
    def __torch_function__(
        cls, func: Any, types: Any, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None
    ) -> Any:
        cls.seen.append(func)
        return super().__torch_function__(func, types, args, kwargs)


def _rand(*shape: int, dtype: Any = None) -> Any:
    return torch.from_numpy(np.random.default_rng(sum(shape)).random(shape)).to(dtype or torch.float64)


# --- einsum ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("subscripts", "shapes"),
    [("ij,jk->ik", [(3, 4), (4, 2)]), ("ij,ij", [(3, 3), (3, 3)]), ("ij->ji", [(2, 3)]), ("i,j", [(2,), (3,)])],
)
def test_einsum_of_plain_tensors_matches_torch(subscripts: str, shapes: list[tuple[int, ...]]) -> None:
    operands = [_rand(*s) for s in shapes]
    out = nf.einsum(subscripts, *operands)
    assert type(out) is torch.Tensor
    torch.testing.assert_close(out, torch.einsum(subscripts, *operands), rtol=0, atol=0)


def test_einsum_promotes_mixed_dtypes_as_numpy() -> None:
    a, b = _rand(2, 3, dtype=torch.float32), _rand(3, 2)
    assert nf.einsum("ij,jk->ik", a, b).dtype is torch.float64
    ints = torch.arange(6, dtype=torch.int32).reshape(2, 3)
    want = np.einsum("ij,jk->ik", ints.numpy(), b.to(torch.float32).numpy())
    got = nf.einsum("ij,jk->ik", ints, b.to(torch.float32))
    assert nf.to_numpy(got).dtype == want.dtype
    np.testing.assert_allclose(nf.to_numpy(got), want, rtol=1e-6)


def test_einsum_errors_of_torch_pass_through() -> None:
    a = _rand(2, 2)
    with pytest.raises(RuntimeError):
        nf.einsum("ij,jk->ik", a, _rand(3, 3))


def test_einsum_of_subclasses_keeps_torch_function() -> None:
    a = _rand(2, 3).as_subclass(Recording)
    b = _rand(3, 2)
    Recording.seen = []
    out = nf.einsum("ij,jk->ik", a, b)
    assert isinstance(out, Recording) and torch.einsum in Recording.seen  # not the C function behind it
    torch.testing.assert_close(out.as_subclass(torch.Tensor), torch.einsum("ij,jk->ik", a.as_subclass(torch.Tensor), b))
    param = torch.nn.Parameter(_rand(2, 3))
    torch.testing.assert_close(nf.einsum("ij,jk->ik", param, b), torch.einsum("ij,jk->ik", param, b))


def test_einsum_inside_vmap_and_grad() -> None:
    x = _rand(5, 3, 3)
    batched = torch.func.vmap(lambda m: nf.einsum("ij,jk->ik", m, m))(x)
    torch.testing.assert_close(batched, torch.einsum("bij,bjk->bik", x, x))
    grad = torch.func.grad(lambda m: nf.sum(nf.einsum("ij,jk->ik", m, m)))(x[0])
    torch.testing.assert_close(grad, torch.func.grad(lambda m: torch.einsum("ij,jk->ik", m, m).sum())(x[0]))


@pytest.mark.slow
def test_einsum_compiles_without_a_graph_break() -> None:
    # Dynamo cannot trace torch's C einsum; under torch.compile the implementation takes torch.einsum.
    # The implementation itself is compiled (the dispatch layer around it is not this test's subject),
    # in a fresh interpreter, as in test_autodiff.py: torch.compile leaves hooks behind.
    code = """
import torch, numerics_fn as nf
import torch._dynamo.utils
from numerics_fn._backends.pytorch.linalg import torch_einsum
x = torch.linspace(0, 1, 9, dtype=torch.float64).reshape(3, 3)
got = torch.compile(lambda a, b: torch_einsum("ij,jk->ik", a, b, False))(x, x)  # optimize=False: the last
torch.testing.assert_close(got, x @ x)
print("graph breaks:", sum(torch._dynamo.utils.counters["graph_break"].values()))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "graph breaks: 0"


# --- creation ----------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(2, 3), (4,), (), 3, [2, 3], (np.int64(2), 3), (2, np.int32(3)), (1, 1, 2)])
@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_sized_creation_matches_numpy_shapes(name: str, shape: Any) -> None:
    out = getattr(nf, name)(shape, ctx=P)
    want = getattr(np, name)(shape)
    assert isinstance(out, torch.Tensor) and tuple(out.shape) == want.shape and out.dtype is torch.float64
    if name != "empty":
        np.testing.assert_array_equal(nf.to_numpy(out), want)


@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_sized_creation_follows_dtype_precision_and_device(name: str) -> None:
    fn = getattr(nf, name)
    assert fn((2, 2), ctx=P32).dtype is torch.float32
    assert fn((2, 2), dtype="int32", ctx=P).dtype is torch.int32
    assert fn((2,), dtype=nf.complex64, ctx=P).dtype is torch.complex64
    on_cpu = fn((2, 2), device="cpu", ctx=P)
    assert on_cpu.device.type == "cpu" and on_cpu.dtype is torch.float64
    assert fn((2, 2), ctx=P.replace(device="cpu")).device.type == "cpu"


@pytest.mark.parametrize("shape", [([2, 3],), (2, [3]), (2.0, 3), (2, 3.0), "ab", None])
@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_sized_creation_rejects_what_numpy_rejects(name: str, shape: Any) -> None:
    if shape is not None or np.lib.NumpyVersion(np.__version__) >= "2.3.0":  # older NumPy deprecates None only
        with pytest.raises(TypeError):
            getattr(np, name)(shape)
    with pytest.raises(nf.UnsupportedTypeError, match=rf"{name}: argument 'shape' must be an int or a tuple of ints"):
        getattr(nf, name)(shape, ctx=P)


# --- the mixed NumPy/tensor pair ---------------------------------------------------------------
@pytest.mark.parametrize("order", ["numpy-first", "tensor-first"])
def test_mixed_pair_of_one_dtype_shares_the_arrays_memory(order: str) -> None:
    a, x = np.arange(4.0).reshape(2, 2), _rand(2, 2)
    values = (a, x) if order == "numpy-first" else (x, a)
    out = pytorch.coerce_operands(values)
    converted = out[0] if order == "numpy-first" else out[1]
    assert isinstance(converted, torch.Tensor) and converted.data_ptr() == a.ctypes.data
    assert (out[1] if order == "numpy-first" else out[0]) is x
    got = nf.matmul(*values)
    want = a @ x.numpy() if order == "numpy-first" else x.numpy() @ a
    np.testing.assert_allclose(nf.to_numpy(got), want)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: np.arange(4.0).reshape(2, 2)[::-1], id="negative-strides"),
        pytest.param(lambda: np.arange(4.0).reshape(2, 2).T, id="transposed"),
        pytest.param(lambda: np.asfortranarray(np.arange(4.0).reshape(2, 2)), id="fortran"),
    ],
)
def test_mixed_pair_of_any_strides_is_right(make: Any) -> None:
    a, x = make(), _rand(2, 2)
    np.testing.assert_allclose(nf.to_numpy(nf.matmul(a, x)), a @ x.numpy())
    np.testing.assert_allclose(nf.to_numpy(nf.add(x, a)), x.numpy() + a)


def test_mixed_pair_with_read_only_array_copies_without_warning() -> None:
    a = np.arange(4.0).reshape(2, 2)
    a.flags.writeable = False
    x = _rand(2, 2)
    out = nf.matmul(a, x)  # torch.from_numpy would warn (an error here) on read-only data
    np.testing.assert_allclose(nf.to_numpy(out), a @ x.numpy())
    converted = pytorch.coerce_operands((a, x))[0]
    assert converted.data_ptr() != a.ctypes.data


@pytest.mark.parametrize(
    ("array_dtype", "tensor_dtype"),
    [("float32", "float64"), ("float64", "float32"), ("int64", "float32"), ("int32", "int32"), ("bool", "int8")],
)
def test_mixed_pair_of_different_dtypes_promotes_as_numpy(array_dtype: str, tensor_dtype: str) -> None:
    a = np.ones((2, 2), dtype=array_dtype)
    x = torch.ones(2, 2, dtype=getattr(torch, tensor_dtype))
    want = np.result_type(a.dtype, np.dtype(tensor_dtype))
    for values in ((a, x), (x, a)):
        out = pytorch.coerce_operands(values)  # each operand keeps its dtype: the implementation promotes
        assert [pytorch.numpy_dtype(v.dtype) for v in out] == [
            v.dtype if isinstance(v, np.ndarray) else pytorch.numpy_dtype(v.dtype) for v in values
        ]
        assert nf.to_numpy(nf.add(*values)).dtype == want


def test_mixed_pair_with_a_tensor_off_the_cpu_goes_to_its_device() -> None:
    # The meta device stands in for any accelerator: the array must follow the tensor, not stay on the CPU.
    a = np.ones((2, 2))
    x = torch.empty(2, 2, dtype=torch.float64, device="meta")
    out = nf.matmul(a, x)
    assert out.device.type == "meta" and out.dtype is torch.float64


def test_mixed_pair_with_a_subclass_keeps_it() -> None:
    a = np.ones((2, 2))
    param = torch.nn.Parameter(torch.ones(2, 2, dtype=torch.float64))
    out = nf.matmul(a, param)
    assert out.requires_grad
    np.testing.assert_allclose(nf.to_numpy(out), np.full((2, 2), 2.0))


# --- binary ops in one layer -------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
@pytest.mark.parametrize("name", ["add", "multiply", "subtract", "greater", "equal", "bitwise_and"])
def test_binary_ops_on_wide_unsigned_ints_follow_numpy(name: str, dtype: str) -> None:
    a, b = np.array([5, 7, 9], dtype=dtype), np.array([1, 2, 3], dtype=dtype)
    got = getattr(nf, name)(torch.from_numpy(a.copy()), torch.from_numpy(b.copy()))
    want = getattr(np, name)(a, b)
    assert nf.to_numpy(got).dtype == want.dtype
    np.testing.assert_array_equal(nf.to_numpy(got), want)


@pytest.mark.parametrize("name", ["add", "multiply", "power", "maximum", "minimum", "kron"])
def test_binary_ops_of_two_dtypes_promote_as_numpy(name: str) -> None:
    a, b = np.arange(1, 5, dtype=np.int32), np.linspace(0.5, 2, 4, dtype=np.float32)
    got = getattr(nf, name)(torch.from_numpy(a.copy()), torch.from_numpy(b.copy()))
    want = getattr(np, name)(a, b)
    assert nf.to_numpy(got).dtype == want.dtype  # float64; torch alone gives float32
    np.testing.assert_allclose(nf.to_numpy(got), want, rtol=1e-6)


@pytest.mark.parametrize("name", ["power", "maximum", "minimum", "kron", "add", "greater"])
def test_binary_implementations_are_named_after_the_op(name: str) -> None:
    impl = getattr(nf, name).__op__.dispatcher.dispatch(torch.Tensor, torch.Tensor)
    assert impl.__name__ == f"torch_{name}"


def test_asarray_of_a_tensor_returns_it_unless_asked_otherwise() -> None:
    x = _rand(2, 2)
    assert nf.asarray(x, ctx=P) is x
    assert nf.asarray(x, copy=False, ctx=P) is x
    copied = nf.asarray(x, copy=True, ctx=P)
    assert copied is not x and copied.data_ptr() != x.data_ptr() and torch.equal(copied, x)
    assert nf.asarray(x, dtype="float32", ctx=P).dtype is torch.float32
    assert nf.asarray(x, device="cpu", ctx=P).device.type == "cpu"
    param = torch.nn.Parameter(x.clone())
    assert torch.equal(nf.asarray(param, ctx=P), param)


@pytest.mark.parametrize("name", ["zeros_like", "ones_like", "empty_like", "full_like"])
def test_like_functions_keep_or_change_dtype_and_device(name: str) -> None:
    x = torch.ones(2, 3, dtype=torch.float32)
    args = (x, 7.0) if name == "full_like" else (x,)
    same = getattr(nf, name)(*args)
    assert same.dtype is torch.float32 and tuple(same.shape) == (2, 3) and same.data_ptr() != x.data_ptr()
    if name != "empty_like":
        want = getattr(np, name)(np.ones((2, 3), dtype=np.float32), *args[1:])
        np.testing.assert_array_equal(nf.to_numpy(same), want)
    assert getattr(nf, name)(*args, dtype="float64").dtype is torch.float64
    assert getattr(nf, name)(*args, device="cpu").device.type == "cpu"


@pytest.mark.parametrize(("fill", "ctx", "want"), [(2.0, P, "float64"), (2.0, P32, "float32"), (2, P, "int64"),
                                                   (True, P, "bool"), (1j, P32, "complex64"), (1j, P, "complex128")])  # fmt: skip
def test_full_with_a_python_number_follows_numpy_and_the_precision(fill: Any, ctx: nf.Context, want: str) -> None:
    out = nf.full((2, 2), fill, ctx=ctx)
    assert out.dtype is getattr(torch, want)
    np.testing.assert_array_equal(nf.to_numpy(out), np.full((2, 2), fill, dtype=want))


# --- array of a Python float -------------------------------------------------------------------
_FLOATS = [0.3, -0.0, float("nan"), float("inf"), -float("inf"), 5e-324, 1.7976931348623157e308, 2.0**53 + 2]


def _bits(x: Any) -> list[Any]:
    """The tensor's exact content (NaN equals NaN, -0.0 differs from 0.0)."""
    return (torch.view_as_real(x) if x.is_complex() else x).reshape(-1).view(torch.int64).tolist()


@pytest.mark.parametrize("dtype", [nf.float64, nf.complex128, "float64", "complex128", torch.float64, torch.complex128])
def test_array_of_a_float_is_what_torch_tensor_gives(dtype: Any) -> None:
    """``array(0.3, dtype=float64 or complex128)`` is answered by ``torch.scalar_tensor`` (in C, and in the
    implementation's early branch): bit for bit, dtype, device and autograd state are ``torch.tensor``'s and the
    general path's (NumPy's reading of the float)."""
    from numerics_fn._backends.pytorch.conversion import _to_tensor
    from numerics_fn._backends.pytorch.creation import torch_array

    KT = nf.get_backend(P)
    want_dtype = torch.complex128 if "complex" in str(dtype) else torch.float64
    for value in _FLOATS:
        want = torch.tensor(value, dtype=want_dtype)
        general = _to_tensor(value, dtype, P, "array", copy=True)
        for got in (nf.array(value, dtype=dtype, ctx=P), KT.array(value, dtype=dtype), torch_array(value, dtype, P)):
            for reference in (want, general):
                assert got.dtype is reference.dtype and got.device == reference.device and got.shape == ()
                assert _bits(got) == _bits(reference), (value, dtype)
                assert got.requires_grad is False and got.is_leaf and got.is_inference() is False
    with torch.inference_mode():  # torch's modes and default device apply as to torch.tensor
        assert KT.array(0.3, dtype=dtype).is_inference() and nf.array(0.3, dtype=dtype, ctx=P).is_inference()
    with torch.device("meta"):
        assert KT.array(0.3, dtype=dtype).device.type == "meta" == torch.tensor(0.3, dtype=want_dtype).device.type


def test_array_of_a_float_leaves_other_calls_to_the_general_path() -> None:
    """Only a Python float with a float64/complex128 dtype and no device takes ``torch.scalar_tensor``; the rest
    is the general path's (NumPy's rules), errors included."""
    assert nf.array(0.3, dtype=nf.float32, ctx=P).dtype is torch.float32
    assert nf.array(0.3, ctx=P32).dtype is torch.float32  # no dtype: neutral data at the precision
    assert nf.array(3, dtype=nf.float64, ctx=P).dtype is torch.float64  # an int: the general path
    assert nf.array(np.float64(0.3), dtype=nf.float64, ctx=P).item() == 0.3
    assert nf.array(0.3, dtype=nf.float64, ctx=nf.Context("pytorch", device="cpu")).device.type == "cpu"
    for array in (functools.partial(nf.array, ctx=P), nf.get_backend(P).array):
        with pytest.raises(nf.UnsupportedTypeError, match="array: argument 'dtype' is 'no-such-dtype'"):
            array(0.3, dtype="no-such-dtype")


# --- sum and mean with an int axis -------------------------------------------------------------
_REDUCED_DTYPES = [
    torch.bool, torch.int8, torch.uint8, torch.int16, torch.uint16, torch.int32, torch.uint32, torch.int64,
    torch.uint64, torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128,
]  # fmt: skip


@pytest.mark.parametrize("name", ["sum", "mean"])
@pytest.mark.parametrize("dtype", _REDUCED_DTYPES, ids=str)
def test_sum_and_mean_with_an_int_axis_are_the_python_implementations(name: str, dtype: Any) -> None:
    """``sum``/``mean`` with an int axis (and keepdims) are answered in C by torch's own function where the
    dtype allows: result (bits, dtype, shape, device) and error (NumPy's AxisError) are the Python
    implementation's, for every axis in and out of range, 0-d included; NumPy agrees on dtype and shape."""
    from numerics_fn._backends.pytorch import reductions

    python = {"sum": reductions.torch_sum, "mean": reductions.torch_mean}[name]
    op = getattr(nf, name)
    for shape in [(), (3,), (2, 3), (2, 1, 3)]:
        t = torch.from_numpy(np.random.default_rng(len(shape)).integers(0, 3, shape)).to(dtype)
        for axis in [None, *range(-len(shape) - 1, len(shape) + 1)]:
            for keepdims in (False, True):
                try:
                    want = python(t, axis, None, keepdims)
                except Exception as error:  # the same error is asked of the fast path
                    with pytest.raises(type(error), match=f"^{error}$"):
                        op(t, axis=axis, keepdims=keepdims)
                    with pytest.raises(type(error), match=f"^{error}$"):
                        op(t, axis, keepdims=keepdims)
                    continue
                calls = [op(t, axis=axis, keepdims=keepdims), op(t, axis, None, keepdims=keepdims)]
                for got in calls + ([] if keepdims else [op(t, axis=axis), op(t, axis)]):
                    assert got.dtype is want.dtype and got.shape == want.shape and got.device == want.device
                    bits = got.reshape(-1).view(torch.uint8)
                    assert torch.equal(bits, want.reshape(-1).view(torch.uint8)), (shape, axis)
                if dtype not in (torch.bfloat16, torch.uint16, torch.uint32):
                    a = t.numpy()
                    expected = getattr(np, name)(a, axis=axis, keepdims=keepdims)
                    assert want.shape == expected.shape and str(want.dtype).split(".")[1] == expected.dtype.name

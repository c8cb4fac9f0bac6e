"""`nf.get_backend(name)`: the seed-protocol namespace, complete (every catalogue op, transform, linalg, fft,
constants, dtypes, dtypestr/rdtypestr, set_dtype), immutable, and made of the catalogue's own fast functions."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from conftest import require

import numerics_fn as nf
from numerics_fn import _dispatch
from numerics_fn._namespace import CONSTANTS
from numerics_fn._ops import CATALOGUE
from numerics_fn._transforms import api as transforms_api

#: What numerics_fn exports that is not a member of a Backend: the machinery around the namespaces themselves
#: (errors, Contexts and their threads and pools), the escape hatch ``do`` (it dispatches on its arguments, not
#: on a namespace), the pytree helpers, and the registration of backends and implementations. A new export fails
#: the test below until it is a member or listed here.
NOT_MEMBERS = {
    "Backend", "BackendNotFoundError", "BackendSpec", "BackendUnavailableError", "Context", "DType", "DeviceError",
    "implements", "register_backend",
    "FunctionNotFoundError", "GradientFallbackWarning", "MixedBackendError", "NumericsError", "UnsupportedTypeError",
    "VectorizationFallbackWarning", "available_backends", "current_context", "get_backend", "set_backend",
    "use_backend", "in_context", "process_pool", "thread_pool", "do", "tree_flatten", "tree_map", "tree_unflatten",
    "__array_api_version__", "__array_namespace_info__",
}  # fmt: skip


def test_every_export_of_numerics_fn_is_a_member(backend: str) -> None:
    """The namespace is checked against the package's own lists, so it cannot drift from them."""
    K = nf.get_backend(backend)
    members = set(dir(K))
    missing = sorted(name for name in nf.__all__ if name not in NOT_MEMBERS and name not in members)
    # errors and warnings are the package's, not a namespace's
    missing = [
        name
        for name in missing
        if not (isinstance(getattr(nf, name), type) and issubclass(getattr(nf, name), BaseException))
    ]
    # a dtype this library lacks is no member (bfloat16 on NumPy)
    missing = [name for name in missing if not isinstance(getattr(nf, name), nf.DType)]
    assert missing == []


def test_ops_are_the_catalogues_functions_bound_to_the_context(backend: str) -> None:
    K = nf.get_backend(backend)
    for entry in CATALOGUE:
        fn = getattr(K, entry.name)
        assert fn.__op__ is entry if entry.kind != "generic" else fn is entry.public, entry.name
        assert fn.__name__ == entry.name and fn.__doc__ == entry.stub.__doc__
    if _dispatch.FastOp is not None:  # not wrappers: the C fast path, as the free functions
        assert type(K.exp) is type(nf.exp) and type(K.zeros) is type(nf.zeros)


def test_transforms_constants_and_sub_namespaces(backend: str) -> None:
    K = nf.get_backend(backend)
    for name in transforms_api.__all__:
        assert getattr(K, name) is getattr(nf, name)
    for name in CONSTANTS:
        value, want = getattr(K, name), getattr(nf, name)
        assert value is want or (value != value and want != want)  # nan
    for name in nf.linalg.__all__:
        assert callable(getattr(K.linalg, name)), name
    for name in nf.fft.__all__:
        assert callable(getattr(K.fft, name)), name
    x = K.asarray([[2.0, 0.0], [0.0, 1.0]])
    assert nf.backend_of(K.linalg.inv(np.eye(2))) == K.name  # converted, as K's own ops
    np.testing.assert_allclose(nf.to_numpy(K.linalg.eigh(x).eigenvalues), [1.0, 2.0])
    assert nf.backend_of(K.fft.fft(np.ones(4))) == K.name


@pytest.mark.parametrize(
    ("precision", "dtypestr", "rdtypestr"), [("float64", "complex128", "float64"), ("float32", "complex64", "float32")]
)
def test_dtypestr_follows_the_precision(backend: str, precision: str, dtypestr: str, rdtypestr: str) -> None:
    K = nf.get_backend(nf.Context(backend, precision=precision))
    assert (K.dtypestr, K.rdtypestr) == (dtypestr, rdtypestr)
    assert K.zeros(2, dtype=K.dtypestr).dtype == getattr(K, dtypestr)
    assert K.zeros(2).dtype == getattr(K, rdtypestr)


def test_set_dtype_returns_another_namespace_and_mutates_nothing(backend: str) -> None:
    K = nf.get_backend(backend)
    before = nf.current_context()
    K32 = K.set_dtype("complex64")
    assert K32 is not K and K32.ctx == K.ctx.replace(precision="float32")
    assert (K.dtypestr, K32.dtypestr) == ("complex128", "complex64")
    assert K32.zeros(2).dtype == K32.float32 and K.zeros(2).dtype == K.float64
    assert K32.set_dtype(nf.float64) == K and K.set_dtype("float32") == K32
    assert nf.current_context() == before
    with pytest.raises(ValueError, match=r"set_dtype: 'int32' is not a float or complex dtype"):
        K.set_dtype("int32")
    with pytest.raises(nf.UnsupportedTypeError, match=r"set_dtype: argument 'dtype' is 'float99'"):
        K.set_dtype("float99")


def test_a_backend_is_immutable_and_cached() -> None:
    K = nf.get_backend("numpy")
    with pytest.raises(AttributeError, match="Backend is immutable"):
        K.exp = np.exp  # type: ignore[method-assign]
    with pytest.raises(AttributeError, match="Backend is immutable"):
        del K.exp
    with pytest.raises(AttributeError, match="immutable"):
        K.linalg.inv = np.linalg.inv
    assert nf.get_backend("numpy") is K
    assert pickle.loads(pickle.dumps(K)) is K
    with pytest.raises(AttributeError):
        K.no_such_op


def test_operands_of_another_backend_are_converted_even_after_the_free_function_cached_them() -> None:
    require("pytorch")
    import torch

    a = np.ones((2, 2))
    KT = nf.get_backend("pytorch")
    for _ in range(2):  # the second round runs from the caches
        assert isinstance(nf.exp(a), np.ndarray)
        assert isinstance(KT.exp(a), torch.Tensor)
        assert isinstance(KT.matmul(a, a), torch.Tensor)
        assert isinstance(KT.einsum("ij,jk->ik", a, a), torch.Tensor)
        assert isinstance(KT.stack([a, a]), torch.Tensor)
        assert isinstance(nf.get_backend("numpy").exp(torch.ones(2)), np.ndarray)
    t = torch.ones(2, dtype=torch.float64)
    assert KT.multiply(t, 2.0).dtype == torch.float64  # Python numbers stay weak scalars


def test_keywords_and_the_namespaces_own_context(backend: str) -> None:
    K32 = nf.get_backend(nf.Context(backend, precision="float32"))
    for _ in range(2):
        assert K32.zeros((2, 2)).dtype == K32.float32
        assert K32.zeros((2, 2), dtype=K32.complex128).dtype == K32.complex128
        assert K32.zeros(shape=(2,), ctx=None).dtype == K32.float32  # ctx=None: not given
        assert K32.zeros(2, ctx=nf.Context(backend)).dtype == K32.float64  # an explicit ctx wins
        assert K32.array(0.3, dtype=K32.float64).dtype == K32.float64
        assert K32.sum(K32.ones((2, 3)), axis=0, keepdims=True).shape == (1, 3)
        assert K32.exp([1.0]).dtype == K32.float32  # neutral data: the namespace's precision
    with nf.use_backend("numpy", precision="float64"):  # the ambient Context does not matter
        assert K32.zeros(2).dtype == K32.float32
        assert nf.backend_of(K32.ones(2)) == backend


def test_errors_are_the_free_functions(backend: str) -> None:
    K = nf.get_backend(backend)
    with pytest.raises(TypeError, match=r"exp\(\) takes 1 positional argument but 2 or more were given"):
        K.exp(K.ones(2), 1)  # type: ignore[call-arg]
    with pytest.raises(nf.UnsupportedTypeError, match="exp: argument 0"):
        K.exp(object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        K.sum(K.ones(2), bogus=1)  # type: ignore[call-arg]


def test_a_namespace_with_a_device_moves_its_operands() -> None:
    require("pytorch")
    import torch

    K = nf.get_backend(nf.Context("pytorch", device="cpu"))
    out = K.exp(np.ones(2))
    assert isinstance(out, torch.Tensor) and out.device.type == "cpu"
    assert K.exp(torch.ones(2)).device.type == "cpu"


@pytest.mark.parametrize("name", ["numpy", "cupynumeric"])
def test_namespace_ops_inside_a_transform_stay_on_the_tape(name: str) -> None:
    """Seed-style code, `K.grad(lambda w: K.sum(...))` on a NumPy-like namespace: the namespace leaves a transform's
    stand-in for its parameter as it is (converting it to K's backend would drop its derivative)."""
    require(name)
    require("pytorch")  # exact gradients run on torch mirrors
    K = nf.get_backend(name)
    x = K.asarray([0.5, 1.5, 2.0])
    with nf.use_backend(name):
        value, grads = K.value_and_grad(lambda w: K.sum(K.sin(w) * w) + K.real(K.einsum("i,i->", w, w)))(x)
    want = np.cos(nf.to_numpy(x)) * nf.to_numpy(x) + np.sin(nf.to_numpy(x)) + 2 * nf.to_numpy(x)
    assert nf.backend_of(grads) == nf.backend_of(value) == name
    np.testing.assert_allclose(nf.to_numpy(grads), want, rtol=1e-13)  # exact: no finite-difference warning either

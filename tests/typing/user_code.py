"""Ordinary typed user code, checked by mypy (--strict) and pyright in tests/test_typing.py.

`correct` must pass both checkers (tests/test_typing.py also runs it); every line of `mistakes`
marked ``# error`` must be reported by both, and no other line.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import numerics_fn as nf
from numerics_fn.typing import Array, ArrayLike


def energy(psi: ArrayLike) -> Array:
    return nf.sum(nf.square(nf.abs(psi)))


def numpy_only(x: npt.NDArray[np.float64]) -> float:
    return float(np.sum(x))


def correct() -> None:
    x = np.linspace(0.0, 1.0, 5)
    y: np.ndarray = nf.exp(x)  # NumPy in, a NumPy array out (typed so)
    numpy_only(nf.sqrt(x + 1.0))
    z = nf.add(x, 1.0) @ nf.matmul(nf.eye(5, dtype=nf.float64, ctx=nf.Context()), y)
    float(nf.sum(z, axis=0, keepdims=False))
    nf.zeros((2, 3), dtype="float32")
    nf.ones(3, dtype=np.float64, device="cpu")
    nf.full((2,), 7.0, nf.complex128)
    nf.stack([x, y], axis=0)
    nf.concatenate((x, [1.0, 2.0]))
    nf.einsum("i,i->", x, y)
    nf.clip(x, 0.2, None)
    nf.where(x > 0.5, x, 0.0)
    nf.allclose(nf.exp(nf.log(x + 1.0)), x + 1.0)
    u, s, vh = nf.svd(nf.eye(3))
    nf.matmul(u * s, vh)
    nf.linalg.svd(nf.eye(3)).S.shape
    nf.linalg.eigh(nf.eye(2)).eigenvalues
    nf.linalg.det(nf.eye(2))
    nf.fft.rfft(x, n=8)
    nf.fft.fftfreq(4, d=0.5)
    gen = nf.rng(0)
    nf.normal(gen, (2, 2))
    nf.unique_counts(np.array([1, 2, 2])).counts
    nf.to_numpy(z).tolist()
    energy([1.0, 2.0])
    ctx: nf.Context = nf.current_context().replace(precision="float32")
    with nf.use_backend("numpy", precision="float64") as inner:
        nf.asarray([1.0], ctx=inner)
    nf.zeros(2, ctx=ctx)
    backend: nf.Backend = nf.get_backend("numpy")
    backend.exp(backend.asarray([0.0], dtype=backend.float64))
    backend.name.upper()
    single: nf.Backend = backend.set_dtype("complex64")
    single.dtypestr.upper() + single.rdtypestr
    backend.grad(lambda w: backend.sum(w * w))(x)
    backend.linalg.svd(nf.eye(2))
    dtype: nf.DType = nf.float64
    nf.astype(x, dtype)
    value, grad = nf.value_and_grad(lambda w: nf.sum(w * w))(x)
    float(value) + float(nf.sum(grad))
    nf.vmap(nf.sin)(nf.ones((2, 3)))
    nf.jit(nf.exp)(x)
    nf.backend_of(x)
    nf.convert(x, "numpy")


def mistakes(x: npt.NDArray[np.float64]) -> None:
    nf.exp(x, 4)  # error: one argument too many
    nf.exp(x, nf.Context())  # error: ctx passed positionally
    nf.sum(x, keepdim=True)  # error: misspelled keyword
    nf.zeros()  # error: the shape is missing
    nf.zeros((2,), dtype=3.5)  # error: not a dtype
    nf.exp(x, ctx="numpy")  # error: ctx is a Context, not a name
    nf.linalg.svd(x, full_matrices=1, compute_uv=False)  # error: no such keyword
    nf.fft.fft(x, 8)  # error: n is keyword-only
    nf.get_backend("numpy").exp(x, 4)  # error: one argument too many
    nf.get_backend("numpy").flaot64  # error: misspelled dtype attribute
    nf.Context(backend="numpy", devise="cpu")  # error: misspelled field
    nf.normal(x, (2,))  # error: not a generator
    numpy_only(nf.exp([1.0]))  # error: a list gives an array of the Context's backend, not surely NumPy
    nf.expp(x)  # error: no such function

"""THE SPEC: one table of cases (op, NumPy inputs, NumPy reference), run on every backend.

A case's array inputs are NumPy arrays; the runner converts them to the backend under
test, calls ``nf.<op>``, checks that every array in the result belongs to that backend,
and compares with the reference computed by NumPy itself on the original inputs (same
dtype, values within the dtype's tolerance). Decompositions are checked by a property
(reconstruction) instead, since signs and phases of factors legitimately differ.
Creation cases run inside ``use_backend(backend)``.

Known gaps sit in `XFAIL`: strict, so an entry fails once the gap is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_r = np.random.default_rng(0)
A = _r.standard_normal((3, 3))
B = _r.standard_normal((3, 3))
V = _r.standard_normal(3)
W = _r.standard_normal(4)
T = _r.standard_normal((2, 3, 4))
U = _r.standard_normal((3, 4, 2))
C = A + 1j * B
SPD = A @ A.T + 3 * np.eye(3)
HPD = C @ C.conj().T + 3 * np.eye(3)
POS = np.abs(A) + 0.5
INTS = np.array([0, 1, 1, 3, 2, 1])
F32 = A.astype(np.float32)
C64 = C.astype(np.complex64)


@dataclass(frozen=True)
class Case:
    """One call of ``nf.<op>`` with NumPy inputs and how to check it."""

    id: str
    op: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    ref: Callable[..., Any] | None = None  # default: numpy's function of the same name
    check: Callable[[Any, tuple[Any, ...]], None] | None = None  # property check on NumPy outputs
    creation: bool = False  # run inside use_backend(backend)


def _close(got: Any, want: Any, rtol: float = 1e-6) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    tol = 1e-4 if got.dtype in (np.float32, np.complex64) else rtol
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


def _svd_check(out: Any, args: tuple[Any, ...]) -> None:
    u, s, vh = out
    _close(u @ np.diag(s).astype(u.dtype) @ vh, args[0])
    _close(s, np.linalg.svd(args[0], compute_uv=False))


def _qr_check(out: Any, args: tuple[Any, ...]) -> None:
    q, r = out
    _close(q @ r, args[0])
    _close(q.conj().T @ q, np.eye(q.shape[1], dtype=q.dtype))
    _close(np.triu(r), r)


def _eigh_check(out: Any, args: tuple[Any, ...]) -> None:
    w, v = out
    _close(w, np.linalg.eigvalsh(args[0]))
    _close(args[0] @ v, v * w.astype(v.dtype))


def _eig_check(out: Any, args: tuple[Any, ...]) -> None:
    w, v = out
    np.testing.assert_allclose(np.sort_complex(w), np.sort_complex(np.linalg.eigvals(args[0])), atol=1e-8)
    np.testing.assert_allclose(args[0] @ v, v * w, atol=1e-8)


def _nonzero_ref(a: Any) -> Any:
    return tuple(np.nonzero(a))


def _adjoint_ref(a: Any) -> Any:
    return np.conj(np.swapaxes(a, -1, -2))


def _expm_ref(a: Any) -> Any:
    w, v = np.linalg.eig(a)  # A is diagonalizable with distinct eigenvalues here
    out = v @ np.diag(np.exp(w)) @ np.linalg.inv(v)
    return out.real if np.isrealobj(a) else out


def _solve_ref(a: Any, b: Any, assume_a: str = "gen") -> Any:
    return np.linalg.solve(a, b)


def _norm_ref(x: Any, **kw: Any) -> Any:
    return np.linalg.norm(x, **kw)


def _lin(name: str) -> Callable[..., Any]:
    return getattr(np.linalg, name)  # type: ignore[no-any-return]


def _cast_ref(x: Any, dtype: Any) -> Any:
    return x.astype(dtype)


CASES: tuple[Case, ...] = (
    # creation (run inside use_backend)
    Case("array", "array", ([[1.0, 2.0], [3.0, 4.0]],), ref=lambda o: np.array(o), creation=True),
    Case("array-complex", "array", ([1j, 2.0],), {"dtype": "complex64"}, ref=lambda o, dtype: np.array(o, dtype), creation=True),
    Case("asarray-int", "asarray", ([1, 2, 3],), ref=np.asarray, creation=True),
    Case("zeros", "zeros", ((2, 3),), ref=np.zeros, creation=True),
    Case("ones-f32", "ones", (4,), {"dtype": "float32"}, ref=np.ones, creation=True),
    Case("full", "full", ((2, 2), 1.5), ref=np.full, creation=True),
    Case("full-int", "full", (3, 7), ref=np.full, creation=True),
    Case("eye", "eye", (3,), {"k": 1}, ref=np.eye, creation=True),
    Case("arange", "arange", (5,), ref=np.arange, creation=True),
    Case("arange-float", "arange", (0.0, 1.0, 0.25), ref=np.arange, creation=True),
    Case("linspace", "linspace", (0.0, 1.0, 5), ref=np.linspace, creation=True),
    Case("zeros_like", "zeros_like", (F32,)),
    Case("ones_like", "ones_like", (C,)),
    Case("copy", "copy", (A,)),
    # conversion
    Case("to_numpy", "to_numpy", (A,), ref=lambda a: a),
    Case("cast", "cast", (A, "float32"), ref=_cast_ref),
    Case("cast-int-complex", "cast", (INTS, "complex128"), ref=_cast_ref),
    # shape
    Case("reshape", "reshape", (T, (4, 6)), ref=np.reshape),
    Case("transpose", "transpose", (T,), ref=np.transpose),
    Case("transpose-axes", "transpose", (T, (1, 0, 2)), ref=np.transpose),
    Case("moveaxis", "moveaxis", (T, 0, -1), ref=np.moveaxis),
    Case("stack", "stack", ([A, B],), {"axis": 1}, ref=np.stack),
    Case("concatenate", "concatenate", ([A, B],), ref=np.concatenate),
    Case("squeeze", "squeeze", (A.reshape(1, 3, 1, 3),), ref=np.squeeze),
    Case("expand_dims", "expand_dims", (A, 1), ref=np.expand_dims),
    Case("diag-vector", "diag", (V,), ref=np.diag),
    Case("diag-matrix", "diag", (A,), {"k": 1}, ref=np.diag),
    Case("kron", "kron", (A, B), ref=np.kron),
    Case("outer", "outer", (V, W), ref=np.outer),
    Case("tensordot", "tensordot", (T, U), {"axes": 2}, ref=np.tensordot),
    Case("trace", "trace", (A,), ref=np.trace),
    Case("dot", "dot", (A, V), ref=np.dot),
    Case("adjoint", "adjoint", (C,), ref=_adjoint_ref),
    # elementwise
    *(Case(n, n, (A,)) for n in ("abs", "real", "imag", "conj", "exp", "sin", "cos", "tanh", "square", "sign")),
    *(Case(f"{n}-complex", n, (C,)) for n in ("abs", "real", "imag", "conj", "exp", "square")),
    *(Case(n, n, (POS,)) for n in ("log", "log2", "sqrt")),
    Case("exp-f32", "exp", (F32,)),
    Case("power", "power", (POS, B)),
    Case("power-scalar", "power", (A, 2)),
    Case("maximum", "maximum", (A, B)),
    Case("minimum-scalar", "minimum", (A, 0.0)),
    Case("clip", "clip", (A, -0.5, 0.5)),
    Case("where", "where", (A > 0, A, B)),
    Case("where-scalars", "where", (A > 0, 1.0, 0.0)),
    # reductions
    Case("sum", "sum", (A,)),
    Case("sum-axis-keepdims", "sum", (T,), {"axis": 1, "keepdims": True}),
    Case("sum-complex", "sum", (C,), {"axis": 0}),
    Case("mean", "mean", (T,), {"axis": (0, 2)}),
    Case("prod", "prod", (A,), {"axis": 1}),
    Case("max", "max", (A,)),
    Case("max-axis", "max", (T,), {"axis": -1}),
    Case("min", "min", (A,), {"axis": 0}),
    Case("argmax", "argmax", (A,)),
    Case("argmin-axis", "argmin", (A,), {"axis": 1}),
    Case("norm", "norm", (A,), ref=_norm_ref),
    Case("norm-vector-ord", "norm", (V,), {"ord": 1}, ref=_norm_ref),
    Case("norm-complex", "norm", (C,), ref=_norm_ref),
    Case("std", "std", (A,)),
    Case("var-ddof", "var", (A,), {"axis": 0, "ddof": 1}),
    Case("allclose", "allclose", (A, A + 1e-12)),
    Case("isclose", "isclose", (A, np.where(A > 0, A, 0.0))),
    # linear algebra
    Case("matmul", "matmul", (A, B)),
    Case("matmul-complex", "matmul", (C, A.astype(np.complex128))),
    Case("matmul-batched", "matmul", (T.transpose(0, 2, 1), T)),
    Case("einsum", "einsum", ("ij,jk->ik", A, B)),
    Case("einsum-trace", "einsum", ("ii->", C)),
    Case("svd", "svd", (A,), check=_svd_check),
    Case("svd-complex", "svd", (C,), check=_svd_check),
    Case("qr", "qr", (A,), check=_qr_check),
    Case("qr-complex", "qr", (C,), check=_qr_check),
    Case("eigh", "eigh", (SPD,), check=_eigh_check),
    Case("eigh-complex", "eigh", (HPD,), check=_eigh_check),
    Case("eig", "eig", (A,), check=_eig_check),
    Case("solve", "solve", (A, B), ref=_solve_ref),
    Case("solve-vector-pos", "solve", (SPD, V), {"assume_a": "pos"}, ref=_solve_ref),
    Case("solve-her", "solve", (HPD, C), {"assume_a": "her"}, ref=_solve_ref),
    Case("inv", "inv", (A,), ref=_lin("inv")),
    Case("det", "det", (A,), ref=_lin("det")),
    Case("det-complex", "det", (C,), ref=_lin("det")),
    Case("expm", "expm", (A,), ref=_expm_ref),
    Case("expm-complex", "expm", (C,), ref=_expm_ref),
    Case("cholesky", "cholesky", (SPD,), ref=_lin("cholesky")),
    Case("cholesky-complex", "cholesky", (HPD,), ref=_lin("cholesky")),
    # discrete and autograd flags
    Case("bincount", "bincount", (INTS,)),
    Case("bincount-weights", "bincount", (INTS,), {"weights": np.arange(6.0), "minlength": 6}),
    Case("nonzero", "nonzero", (INTS,), ref=_nonzero_ref),
    Case("requires_grad", "requires_grad", (A,), ref=lambda a: a),
    Case("detach", "detach", (A,), ref=lambda a: a),
)

#: (backend, case id) -> reason. Strict: a listed case that passes fails the run.
XFAIL: dict[tuple[str, str], str] = {}

#: Ops the spec does not call through `CASES`, each with the test that covers it instead.
COVERED_ELSEWHERE: dict[str, str] = {
    "rng": "tests/test_random.py",
    "normal": "tests/test_random.py",
    "uniform": "tests/test_random.py",
    "choice": "tests/test_random.py",
    "convert": "tests/test_conversion.py",
    "backend_of": "tests/test_conversion.py",
}

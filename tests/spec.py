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
UNIT = np.tanh(A)  # inside (-1, 1)
SPECIAL = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0])


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


def _index_update_ref(x: Any, index: Any, values: Any) -> Any:
    out = x.copy()
    out[index] = values
    return out


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
    Case(
        "array-complex",
        "array",
        ([1j, 2.0],),
        {"dtype": "complex64"},
        ref=lambda o, dtype: np.array(o, dtype),
        creation=True,
    ),
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
    Case("index_update", "index_update", (A, (slice(None), 1), B[0]), ref=_index_update_ref),
    Case(
        "index_update-mask-negative-step",
        "index_update",
        (INTS.reshape(2, 3), (slice(None, None, -1), np.array([True, False, True])), 7.5),
        ref=_index_update_ref,
    ),
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
    Case("exp2", "exp2", (A,)),
    Case("exp2-complex", "exp2", (C,)),
    Case("exp2-int8", "exp2", (INTS.astype(np.int8),)),  # NumPy's float16 for int8
    Case("exp2-bool", "exp2", (A > 0,)),
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
    # axis=(): nothing reduced (torch's dim=() would reduce every axis)
    Case("sum-no-axis", "sum", (T,), {"axis": ()}),
    Case("max-no-axis", "max", (T,), {"axis": ()}),
    Case("min-no-axis", "min", (A,), {"axis": ()}),
    Case("prod-no-axis", "prod", (A,), {"axis": ()}),
    Case("mean-no-axis", "mean", (A,), {"axis": ()}),
    Case("var-no-axis", "var", (A,), {"axis": ()}),
    Case("std-no-axis", "std", (A,), {"axis": ()}),
    Case("any-no-axis", "any", (A > 0,), {"axis": ()}),
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
    # --- the Array API standard's functions (numerics_fn is an Array API namespace) ---
    *(
        Case(n, n, (A,))
        for n in (
            "ceil",
            "cosh",
            "expm1",
            "floor",
            "isfinite",
            "isinf",
            "isnan",
            "negative",
            "positive",
            "round",
            "signbit",
            "sinh",
            "tan",
            "trunc",
            "atan",
            "asinh",
        )
    ),
    *(Case(n, n, (UNIT,)) for n in ("acos", "asin", "atanh")),
    Case("acosh", "acosh", (POS + 1,)),
    *(Case(n, n, (POS,)) for n in ("log1p", "log10", "reciprocal")),
    Case("isnan-special", "isnan", (SPECIAL,)),
    Case("isinf-special", "isinf", (SPECIAL,)),
    Case("logical_not", "logical_not", (A > 0,)),
    Case("bitwise_invert", "bitwise_invert", (INTS,)),
    *(
        Case(n, n, (A, B))
        for n in (
            "add",
            "atan2",
            "copysign",
            "divide",
            "equal",
            "floor_divide",
            "greater",
            "greater_equal",
            "hypot",
            "less",
            "less_equal",
            "logaddexp",
            "multiply",
            "nextafter",
            "not_equal",
            "remainder",
            "subtract",
        )
    ),
    Case("add-complex-scalar", "add", (C, 1.5)),
    *(Case(n, n, (A > 0, B > 0)) for n in ("logical_and", "logical_or", "logical_xor")),
    *(Case(n, n, (INTS, INTS[::-1])) for n in ("bitwise_and", "bitwise_or", "bitwise_xor")),
    Case("bitwise_left_shift", "bitwise_left_shift", (INTS, 2), ref=np.left_shift),
    Case("bitwise_right_shift", "bitwise_right_shift", (INTS * 8, 2), ref=np.right_shift),
    Case("pow", "pow", (POS, B), ref=np.power),
    Case("concat", "concat", ([A, B],), {"axis": 1}, ref=np.concatenate),
    Case("concat-none", "concat", ([A, V],), {"axis": None}, ref=np.concatenate),
    Case("permute_dims", "permute_dims", (T, (2, 0, 1)), ref=np.transpose),
    Case("matrix_transpose", "matrix_transpose", (T,), ref=lambda x: np.swapaxes(x, -1, -2)),
    Case("broadcast_arrays", "broadcast_arrays", (A[:1], V), ref=lambda *a: tuple(np.broadcast_arrays(*a))),
    Case("broadcast_to", "broadcast_to", (V, (2, 3))),
    Case("broadcast_shapes", "broadcast_shapes", ((2, 1), (3,)), ref=lambda *s: np.broadcast_shapes(*s)),
    Case("flip", "flip", (T,), {"axis": 1}),
    Case("repeat", "repeat", (A,), {"repeats": 2, "axis": 0}, ref=lambda x, repeats, axis: np.repeat(x, repeats, axis)),
    Case("roll", "roll", (T, 2), {"axis": -1}),
    Case("tile", "tile", (V, (2, 2))),
    Case("unstack", "unstack", (T,), {"axis": 1}, ref=lambda x, axis: tuple(np.moveaxis(x, axis, 0))),
    Case("take", "take", (A, INTS[:3]), {"axis": 1}),
    Case("take_along_axis", "take_along_axis", (A, np.argsort(A, axis=1)), {"axis": 1}),
    Case("sort", "sort", (T,), {"axis": 1}, ref=lambda x, axis: np.sort(x, axis=axis)),
    Case("sort-descending", "sort", (A,), {"descending": True}, ref=lambda x, descending: -np.sort(-x)),
    Case("argsort", "argsort", (A,), ref=lambda x: np.argsort(x, kind="stable")),
    Case(
        "argsort-descending-stable",
        "argsort",
        (INTS,),
        {"descending": True},
        ref=lambda x, descending: np.argsort(-x, kind="stable"),
    ),
    Case("searchsorted", "searchsorted", (np.sort(V), W)),
    Case("searchsorted-right", "searchsorted", (np.sort(INTS), INTS), {"side": "right"}),
    Case("count_nonzero", "count_nonzero", (INTS,), ref=lambda x: np.asarray(np.count_nonzero(x))),
    Case("count_nonzero-axis", "count_nonzero", (A > 0,), {"axis": 0}),
    *(Case(n, n, (INTS,)) for n in ("unique_all", "unique_counts", "unique_inverse")),
    Case("unique_values", "unique_values", (INTS,), ref=np.unique),
    Case("unique_values-nan", "unique_values", (SPECIAL,), ref=lambda x: np.unique(x, equal_nan=False)),
    Case("isin", "isin", (INTS, np.array([1, 3]))),
    Case("cumulative_sum", "cumulative_sum", (A,), {"axis": 1}),
    Case("cumulative_sum-initial", "cumulative_sum", (INTS,), {"include_initial": True}),
    Case("cumulative_prod", "cumulative_prod", (A,), {"axis": 0}),
    Case("all", "all", (A > -1,), {"axis": 0}),
    Case("any", "any", (A > 1,)),
    Case("diff", "diff", (A,), {"axis": 0}, ref=lambda x, axis: np.diff(x, axis=axis)),
    Case("diff-append", "diff", (V,), {"append": W[:1]}, ref=lambda x, append: np.diff(x, append=append)),
    Case("astype", "astype", (INTS, "float32"), ref=_cast_ref),
    Case("can_cast", "can_cast", ("int8", "int16"), ref=lambda a, b: True),
    Case("can_cast-float-to-int", "can_cast", ("float32", "int64"), ref=lambda a, b: False),
    Case("isdtype", "isdtype", ("complex64", "complex floating"), ref=lambda d, k: True),
    Case("empty", "empty", ((0, 3),), ref=np.empty, creation=True),  # no values to compare: shape and dtype
    Case("from_dlpack", "from_dlpack", (A,), ref=lambda a: a, creation=True),
    Case("empty_like", "empty_like", (F32[:0],), ref=np.empty_like),
    Case("full_like", "full_like", (C, 2.5)),
    Case(
        "meshgrid",
        "meshgrid",
        (V, W),
        {"indexing": "ij"},
        ref=lambda *a, indexing: tuple(np.meshgrid(*a, indexing=indexing)),
    ),
    Case("tril", "tril", (A,), {"k": 1}),
    Case("triu", "triu", (T,)),
    Case("vecdot", "vecdot", (C, C[::-1])),
    Case("cross", "cross", (A, B)),
    Case("diagonal", "diagonal", (T,), {"offset": 1, "axis1": 1, "axis2": 2}),
    Case("eigvalsh", "eigvalsh", (SPD,), ref=_lin("eigvalsh")),
    # a triangular matrix: its eigenvalues are its diagonal, in LAPACK's order on every backend
    Case("eigvals", "eigvals", (np.triu(A),), ref=lambda x: np.diagonal(x).astype(np.result_type(x, np.complex64))),
    Case("matrix_norm", "matrix_norm", (T,), {"ord": "nuc"}, ref=lambda x, ord: np.linalg.matrix_norm(x, ord=ord)),
    Case(
        "vector_norm",
        "vector_norm",
        (T,),
        {"axis": (0, 2), "ord": 3},
        ref=lambda x, **kw: np.linalg.vector_norm(x, **kw),
    ),
    Case("matrix_power", "matrix_power", (A, 3), ref=_lin("matrix_power")),
    Case("matrix_power-negative", "matrix_power", (SPD, -2), ref=_lin("matrix_power")),
    Case("matrix_rank", "matrix_rank", (np.outer(V, W),), ref=_lin("matrix_rank")),
    Case("pinv", "pinv", (T,), ref=_lin("pinv")),
    Case("slogdet", "slogdet", (C,), ref=lambda x: tuple(np.linalg.slogdet(x))),
    Case("svdvals", "svdvals", (T,), ref=_lin("svdvals")),
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
    "finfo": "tests/test_array_api.py",
    "iinfo": "tests/test_array_api.py",
    "result_type": "tests/test_array_api.py",
}


# --- NumPy's (and SciPy's) functions beyond the standard's (issue 16), in every topic of numerics_fn/_ops/ -----
NANS = np.where(A > 1.0, np.nan, A)  # a few NaN
NANS[2, :] = np.nan  # and an all-NaN row
NAN_ROWS = np.where(A > 1.0, np.nan, A)  # NaN, but no all-NaN row
GRID = np.arange(12.0).reshape(3, 4)
NORMAL = SPD / 10  # symmetric positive definite: logm and sqrtm are real
ROTATION = np.array([[0.0, -1.0], [1.0, 0.0]])  # eigenvalues +-i: real logm and sqrtm of a non-normal-free case
NEG = np.diag([-4.0, 9.0])  # a negative eigenvalue: complex results


def _tuple(fn: Callable[..., Any]) -> Callable[..., Any]:
    return lambda *a, **k: tuple(fn(*a, **k))


def _logsumexp_ref(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    m = np.max(a, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return out if keepdims else (np.squeeze(out, axis=axis) if axis is not None else out.reshape(()))


def _softmax_ref(x: Any, axis: Any = None) -> Any:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _matfun_ref(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def ref(a: Any) -> Any:
        w, v = np.linalg.eig(a.astype(complex))
        out = v @ np.diag(f(w)) @ np.linalg.inv(v)
        real = a.dtype.kind != "c" and not np.any((w.imag == 0) & (w.real < 0))
        return out.real.astype(a.dtype) if real else out.astype(np.result_type(a.dtype, np.complex64))

    return ref


def _fill_diagonal_ref(a: Any, val: Any, wrap: bool = False) -> Any:
    out = a.copy()
    np.fill_diagonal(out, val, wrap)
    return out


def _put_along_axis_ref(arr: Any, indices: Any, values: Any, axis: Any) -> Any:
    out = arr.copy()
    np.put_along_axis(out, indices, values, axis)
    return out


def _lstsq_ref(a: Any, b: Any, rcond: Any = None) -> Any:
    x, res, rank, s = np.linalg.lstsq(a, b, rcond=rcond)
    return x, res, int(rank), s


def _argpartition_check(out: Any, args: tuple[Any, ...]) -> None:
    a, kth = args
    taken = np.take_along_axis(a, out, axis=-1)
    ordered = np.sort(a, axis=-1)
    np.testing.assert_array_equal(taken[..., kth], ordered[..., kth])
    assert np.all(taken[..., :kth] <= taken[..., kth : kth + 1]) and np.all(
        taken[..., kth + 1 :] >= taken[..., kth : kth + 1]
    )


def _top_k_ref(x: Any, k: int, largest: bool = True) -> Any:
    order = np.argsort(-x if largest else x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, order, axis=-1), order


def _one_hot_ref(x: Any, num_classes: int, dtype: Any = None) -> Any:
    return (x[..., None] == np.arange(num_classes)).astype(dtype or np.int64)


CASES += (
    # creation
    Case("logspace", "logspace", (0.0, 2.0, 5), ref=np.logspace, creation=True),
    Case(
        "logspace-base-open",
        "logspace",
        (1.0, 3.0, 4),
        {"endpoint": False, "base": 2.0},
        ref=np.logspace,
        creation=True,
    ),
    Case("identity", "identity", (3,), ref=np.identity, creation=True),
    Case("identity-int", "identity", (2,), {"dtype": "int32"}, ref=np.identity, creation=True),
    Case("indices", "indices", ((2, 3),), ref=np.indices, creation=True),
    Case("triu_indices", "triu_indices", (3,), {"k": 1, "m": 4}, ref=_tuple(np.triu_indices), creation=True),
    Case("tril_indices", "tril_indices", (3,), ref=_tuple(np.tril_indices), creation=True),
    # joining, splitting, reshaping
    Case("ravel", "ravel", (T,)),
    Case("ravel-F", "ravel", (T,), {"order": "F"}),
    Case("swapaxes", "swapaxes", (T, 0, 2)),
    Case("vstack", "vstack", ([V, V],)),
    Case("vstack-promote", "vstack", ([A, INTS[:3].reshape(1, 3)],)),
    Case("hstack", "hstack", ([V, W],)),
    Case("dstack", "dstack", ([A, B],)),
    Case("column_stack", "column_stack", ([V, V],)),
    Case("atleast_1d", "atleast_1d", (np.asarray(2.0),)),
    Case("atleast_2d", "atleast_2d", (V,)),
    Case("atleast_3d", "atleast_3d", (A,)),
    Case("atleast_2d-several", "atleast_2d", (V, A), ref=lambda *a: tuple(np.atleast_2d(*a))),
    Case("split", "split", (GRID, 2), {"axis": 1}, ref=_tuple(np.split)),
    Case("split-indices", "split", (T, [1, 3]), {"axis": 2}, ref=_tuple(np.split)),
    Case("array_split", "array_split", (W, 3), ref=_tuple(np.array_split)),
    Case("append", "append", (A, V)),
    Case("append-axis", "append", (A, B), {"axis": 1}),
    *(Case(f"pad-{m}", "pad", (A, ((1, 2), (3, 1))), {"mode": m}) for m in ("edge", "reflect", "symmetric", "wrap")),
    Case("pad-constant", "pad", (INTS, 2), {"constant_values": (7, 9)}),
    Case("pad-reflect-wide", "pad", (V, 7), {"mode": "reflect"}),
    Case("pad-symmetric-wide", "pad", (V, (5, 8)), {"mode": "symmetric"}),
    Case("ascontiguousarray", "ascontiguousarray", (A.T,)),
    Case("ascontiguousarray-0d", "ascontiguousarray", (np.asarray(1.5),), {"dtype": "float32"}),
    Case("fill_diagonal", "fill_diagonal", (A, 5.0), ref=_fill_diagonal_ref),
    Case(
        "fill_diagonal-seq-wrap",
        "fill_diagonal",
        (np.zeros((7, 3)), [1.0, 2.0]),
        {"wrap": True},
        ref=_fill_diagonal_ref,
    ),
    Case("fill_diagonal-3d", "fill_diagonal", (np.zeros((2, 2, 2)), 4.0), ref=_fill_diagonal_ref),
    Case(
        "put_along_axis", "put_along_axis", (A, np.argsort(A, axis=1)[:, :1], 0.0), {"axis": 1}, ref=_put_along_axis_ref
    ),
    Case(
        "put_along_axis-none",
        "put_along_axis",
        (A, np.array([0, 4]), B[0, :2]),
        {"axis": None},
        ref=_put_along_axis_ref,
    ),
    # statistics
    Case("cumsum", "cumsum", (A,)),
    Case("cumsum-axis-int32", "cumsum", (INTS.astype(np.int32),), {"axis": 0}),
    Case("cumsum-uint8", "cumsum", (INTS.astype(np.uint8),)),
    Case("cumprod", "cumprod", (A,), {"axis": 1}),
    Case("cumprod-dtype", "cumprod", (INTS + 1,), {"dtype": "float32"}),
    *(
        Case(n, n, (NAN_ROWS,))
        for n in ("nansum", "nanmean", "nanmax", "nanmin", "nanstd", "nanvar", "nanargmax", "nanargmin")
    ),
    Case("nansum-axis", "nansum", (NANS,), {"axis": 1}),
    *(Case(f"{n}-axis", n, (NAN_ROWS,), {"axis": 1}) for n in ("nanmax", "nanmin")),
    Case("nansum-int", "nansum", (INTS.astype(np.int32),)),
    Case("nanmean-keepdims", "nanmean", (NAN_ROWS,), {"axis": 0, "keepdims": True}),
    Case("nanvar-ddof", "nanvar", (NAN_ROWS,), {"axis": 1, "ddof": 1}),
    Case("nanstd-f32", "nanstd", (NAN_ROWS.astype(np.float32),), {"axis": 0}),
    Case("nanargmax-axis", "nanargmax", (NAN_ROWS,), {"axis": 0}),
    Case("nan_to_num", "nan_to_num", (SPECIAL,)),
    Case("nan_to_num-values", "nan_to_num", (SPECIAL,), {"nan": -1.0, "posinf": 9.0, "neginf": -9.0}),
    Case("nan_to_num-complex", "nan_to_num", (SPECIAL.astype(complex) + np.array([1j, np.nan * 1j, 0, 0, 1j, 0]),)),
    Case("median", "median", (A,)),
    Case("median-axis-even", "median", (GRID,), {"axis": 1}),
    Case("median-keepdims", "median", (T,), {"axis": (0, 2), "keepdims": True}),
    Case("median-nan", "median", (NANS,), {"axis": 1}),
    Case("median-int", "median", (INTS,)),
    Case("quantile", "quantile", (T, 0.3)),
    Case("quantile-seq-axis", "quantile", (A, [0.1, 0.5, 1.0]), {"axis": 1}),
    *(Case(f"quantile-{m}", "quantile", (W, 0.4), {"method": m}) for m in ("lower", "higher", "nearest", "midpoint")),
    Case("quantile-f32", "quantile", (F32, 0.5), {"axis": 0}),
    Case("percentile", "percentile", (A, [25, 75]), {"axis": 0, "keepdims": True}),
    Case("histogram", "histogram", (T,), {"bins": 5}),
    Case("histogram-range-weights", "histogram", (A,), {"bins": 3, "range": (-1.0, 1.0), "weights": B}),
    Case("histogram-edges-density", "histogram", (A, np.array([-2.0, -0.5, 0.0, 3.0])), {"density": True}),
    Case("histogram-int", "histogram", (INTS,), {"bins": 3}),
    Case("cov", "cov", (A,)),
    Case("cov-columns-ddof", "cov", (T[0],), {"rowvar": False, "ddof": 2}),
    Case("cov-vector-y", "cov", (V,), {"y": W[:3]}),
    Case("cov-f32-bias", "cov", (F32,), {"bias": True}),
    Case("cov-complex", "cov", (C,)),
    Case("corrcoef", "corrcoef", (A,)),
    Case("corrcoef-columns", "corrcoef", (T[1],), {"rowvar": False}),
    # mathematics
    *(Case(n, n, (UNIT,)) for n in ("arccos", "arcsin", "arctanh")),
    *(Case(n, n, (A,)) for n in ("arctan", "arcsinh", "absolute")),
    Case("arccosh", "arccosh", (POS + 1,)),
    Case("arctan2", "arctan2", (A, B)),
    Case("mod", "mod", (A, B)),
    Case("mod-int", "mod", (INTS - 2, 3)),
    Case("absolute-complex", "absolute", (C,)),
    Case("angle", "angle", (C,)),
    Case("angle-real-deg", "angle", (np.array([-1.0, 0.0, 2.0]),), {"deg": True}),
    Case("divmod", "divmod", (A, B), ref=_tuple(np.divmod)),
    Case("divmod-int", "divmod", (INTS - 3, 2), ref=_tuple(np.divmod)),
    Case("inner", "inner", (A, B)),
    Case("inner-mixed-dtypes", "inner", (V, INTS[:3])),
    Case("vdot", "vdot", (C, C[::-1])),
    Case("vdot-matrix", "vdot", (A, B)),
    Case("interp", "interp", (np.linspace(-1, 4, 11), np.array([0.0, 1.0, 2.5, 3.0]), np.array([1.0, -1.0, 2.0, 0.0]))),
    Case("interp-left-right", "interp", (V, np.sort(W), W), {"left": -5.0, "right": 5.0}),
    Case("interp-complex", "interp", (V, np.sort(W), C[0, :1].repeat(4) * W)),
    Case(
        "interp-period",
        "interp",
        (np.array([-180.0, -5.0, 5.0, 370.0]), np.array([0.0, 90.0, 180.0, 270.0]), np.array([4.0, 0.0, 2.0, 1.0])),
        {"period": 360},
    ),
    Case("polyfit", "polyfit", (np.arange(6.0), np.arange(6.0) ** 2 - 3.0, 2)),
    Case("polyfit-columns", "polyfit", (V, np.stack([W[:3], V], axis=1), 1)),
    Case("polyval", "polyval", (V, A)),
    Case("polyval-int", "polyval", (INTS[:3], INTS)),
    *(Case(f"convolve-{m}", "convolve", (W, V[:2]), {"mode": m}) for m in ("full", "same", "valid")),
    Case("convolve-longer-second", "convolve", (V[:2], W)),
    Case("convolve-complex", "convolve", (C[0], C[1])),
    Case("convolve-int", "convolve", (INTS, INTS[:3])),
    *(Case(f"correlate-{m}", "correlate", (W, C[0, :2]), {"mode": m}) for m in ("full", "same", "valid")),
    Case("logsumexp", "logsumexp", (A * 500,), ref=_logsumexp_ref),
    Case("logsumexp-axis-keepdims", "logsumexp", (T,), {"axis": 1, "keepdims": True}, ref=_logsumexp_ref),
    Case("logsumexp-f32", "logsumexp", (F32,), {"axis": 0}, ref=_logsumexp_ref),
    Case("softmax", "softmax", (A * 300,), ref=_softmax_ref),
    Case("softmax-axis", "softmax", (T,), {"axis": -1}, ref=_softmax_ref),
    Case("sigmoid", "sigmoid", (A * 40,), ref=lambda x: 1 / (1 + np.exp(-x))),
    Case("sigmoid-f32", "sigmoid", (F32,), ref=lambda x: (1 / (1 + np.exp(-x))).astype(x.dtype)),
    Case("relu", "relu", (A,), ref=lambda x: np.maximum(x, 0.0)),
    Case("relu-int", "relu", (INTS - 2,), ref=lambda x: np.maximum(x, 0)),
    # index and set functions
    Case("unique", "unique", (INTS,)),
    Case(
        "unique-flags",
        "unique",
        (INTS.reshape(2, 3),),
        {"return_index": True, "return_inverse": True, "return_counts": True},
    ),
    Case("unique-nan", "unique", (np.array([np.nan, 1.0, np.nan, 0.0]),), {"return_counts": True}),
    Case(
        "unique-axis",
        "unique",
        (np.array([[1, 2], [0, 5], [1, 2]]),),
        {"axis": 0, "return_inverse": True, "return_counts": True},
    ),
    Case("argwhere", "argwhere", (T > 0,)),
    Case("flatnonzero", "flatnonzero", (INTS,)),
    Case("array_equal", "array_equal", (A, A.copy())),
    Case("array_equal-shapes", "array_equal", (A, A[:2])),
    Case("array_equal-nan", "array_equal", (SPECIAL, SPECIAL.copy()), {"equal_nan": True}),
    Case("unravel_index", "unravel_index", (np.array([0, 5, 11]), (3, 4)), ref=_tuple(np.unravel_index)),
    Case(
        "unravel_index-F", "unravel_index", (np.array([0, 5, 11]), (3, 4)), {"order": "F"}, ref=_tuple(np.unravel_index)
    ),
    Case(
        "ravel_multi_index",
        "ravel_multi_index",
        ([np.array([0, 2]), np.array([3, 1])],),
        {"dims": (3, 4)},
        ref=lambda a, dims: np.ravel_multi_index(a, dims),
    ),
    Case(
        "ravel_multi_index-wrap",
        "ravel_multi_index",
        ([np.array([4, -1]), np.array([3, 1])],),
        {"dims": (3, 4), "mode": "wrap"},
        ref=lambda a, dims, mode: np.ravel_multi_index(a, dims, mode=mode),
    ),
    Case("lexsort", "lexsort", ([INTS % 2, INTS],), ref=lambda k: np.lexsort(k)),
    Case("argpartition", "argpartition", (W, 2), check=_argpartition_check),
    Case("argpartition-2d", "argpartition", (A, 1), check=_argpartition_check),
    Case("top_k", "top_k", (A, 2), ref=_top_k_ref),
    Case("top_k-smallest-ties", "top_k", (INTS.astype(np.float64), 3), {"largest": False}, ref=_top_k_ref),
    Case("one_hot", "one_hot", (INTS, 4), ref=_one_hot_ref),
    Case("one_hot-dtype", "one_hot", (INTS.reshape(2, 3), 5), {"dtype": "float32"}, ref=_one_hot_ref),
    # linear algebra
    Case("lstsq", "lstsq", (np.vstack([A, B]), W[:3].repeat(2)), ref=_lstsq_ref),
    Case("lstsq-matrix-rank-deficient", "lstsq", (np.outer([1.0, 2.0, 3.0], [1.0, 0.0, 2.0, 1.0]), A), ref=_lstsq_ref),
    Case("lstsq-complex", "lstsq", (np.vstack([C, C.conj()]), np.vstack([A, B])), ref=_lstsq_ref),
    Case("cond", "cond", (A,), ref=np.linalg.cond),
    Case("cond-fro", "cond", (SPD,), {"p": "fro"}, ref=np.linalg.cond),
    Case("cond-inv", "cond", (C,), {"p": -2}, ref=np.linalg.cond),
    Case("logm", "logm", (NORMAL,), ref=_matfun_ref(np.log)),
    Case("logm-rotation", "logm", (ROTATION,), ref=_matfun_ref(np.log)),
    Case("logm-complex", "logm", (HPD,), ref=_matfun_ref(np.log)),
    Case("sqrtm", "sqrtm", (NORMAL,), ref=_matfun_ref(np.sqrt)),
    Case("sqrtm-negative", "sqrtm", (NEG,), ref=_matfun_ref(np.sqrt)),
    Case("sqrtm-f32", "sqrtm", (NORMAL.astype(np.float32),), ref=_matfun_ref(np.sqrt)),
)

COVERED_ELSEWHERE.update({
    "block": "tests/test_scientific.py",
    "integers": "tests/test_scientific.py",
    "permutation": "tests/test_scientific.py",
    "shuffle": "tests/test_scientific.py",
})  # fmt: skip

# NumPy's options of earlier catalogue ops (issue 16)
CASES += (
    Case("round-decimals", "round", (A * 10,), {"decimals": 2}, ref=lambda x, decimals: np.round(x, decimals)),
    Case(
        "round-negative-decimals", "round", (A * 1000,), {"decimals": -2}, ref=lambda x, decimals: np.round(x, decimals)
    ),
    Case("round-int-negative", "round", (INTS * 7,), {"decimals": -1}, ref=lambda x, decimals: np.round(x, decimals)),
    Case("round-complex-decimals", "round", (C,), {"decimals": 1}, ref=lambda x, decimals: np.round(x, decimals)),
    Case("where-one-argument", "where", (T > 0,), ref=lambda c: tuple(np.where(c))),
    Case(
        "clip-numpy-keywords",
        "clip",
        (A,),
        {"a_min": -0.5, "a_max": 0.5},
        ref=lambda x, a_min, a_max: np.clip(x, a_min, a_max),
    ),
    Case("clip-a_max-only", "clip", (INTS,), {"a_max": 2}, ref=lambda x, a_max: np.clip(x, None, a_max)),
    Case("einsum-optimize", "einsum", ("ij,jk,kl->il", A, B, A), {"optimize": True}),
    Case("einsum-optimize-greedy", "einsum", ("ij,jk->ik", A, B), {"optimize": "greedy"}),
)

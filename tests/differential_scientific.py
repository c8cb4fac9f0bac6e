"""The differential harness's entries for NumPy's scientific functions of issue 16 (NumPy's and SciPy's
functions beyond the standard's, in every topic of ``numerics_fn/_ops/``, and the generator functions):
how to call each, with `differential`'s generators, and NumPy's answer. `differential` adds them to its
``SPECS``; ``SCIENTIFIC_PENDING`` lists, per backend, the ops whose undeclared mismatches remain
(strict: each fails the run once it matches)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["SCIENTIFIC_PENDING", "scientific_specs"]

INTEGER = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


def _tuple(fn: Any) -> Any:
    return lambda *a, **k: tuple(fn(*a, **k))


def _functional(fn: Any) -> Any:
    def ref(a: Any, *rest: Any, **kw: Any) -> Any:
        out = np.array(a, copy=True)
        fn(out, *rest, **kw)
        return out

    return ref


def _parts(out: Any) -> Any:
    """split's list of arrays, as NumPy arrays in a tuple (the harness compares tuples)."""
    import numerics_fn as nf

    return tuple(nf.to_numpy(o) for o in out)


def _logsumexp_ref(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    a = np.asarray(a)
    if a.dtype.kind not in "fc":
        a = a.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        m = np.max(a, axis=axis, keepdims=True) if a.size else np.zeros((1,) * a.ndim, a.dtype)
        m = np.where(np.isfinite(m), m, 0)
        out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    out = out.astype(a.dtype)
    return out if keepdims else (np.squeeze(out, axis=axis) if axis is not None else out.reshape(()))


def _softmax_ref(x: Any, axis: Any = None) -> Any:
    x = np.asarray(x)
    if x.dtype.kind not in "fc":
        x = x.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)


def _sigmoid_ref(x: Any) -> Any:
    x = np.asarray(x)
    if x.dtype.kind not in "fc":
        x = x.astype(np.float64)
    with np.errstate(over="ignore"):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)


def _relu_ref(x: Any) -> Any:
    return np.maximum(x, np.zeros((), np.asarray(x).dtype))


def _one_hot_ref(x: Any, num_classes: int, dtype: Any = None) -> Any:
    x = np.asarray(x)
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise IndexError("label out of range")
    return (x[..., None] == np.arange(num_classes)).astype(dtype or np.int64)


def _top_k_ref(x: Any, k: int, axis: int = -1, largest: bool = True) -> Any:
    from numerics_fn import argsort  # the catalogue's stable descending argsort on NumPy: NumPy's own sort order

    order = np.asarray(argsort(np.asarray(x), axis=axis, descending=largest, stable=True))
    index = np.take(order, np.arange(k), axis=axis)
    return np.take_along_axis(x, index, axis=axis), index


def _lstsq_ref(a: Any, b: Any, rcond: Any = None) -> Any:
    x, res, rank, s = np.linalg.lstsq(a, b, rcond=rcond)
    return x, res, int(rank), s


def _matfun(f: Any) -> Any:
    def ref(a: Any) -> Any:
        a = np.asarray(a)
        if a.dtype.kind in "biu":
            a = a.astype(np.float64)
        w, v = np.linalg.eig(a.astype(np.result_type(a.dtype, np.complex64)))
        with np.errstate(divide="ignore", invalid="ignore"):
            out = v @ (f(w)[..., None] * np.linalg.inv(v))
        if a.dtype.kind != "c" and not np.any((w.imag == 0) & (w.real < 0)):
            return out.real.astype(a.dtype)
        return out

    return ref


def _integers_ref(
    rng: Any, low: Any, high: Any = None, size: Any = None, dtype: Any = None, endpoint: bool = False
) -> Any:
    return np.zeros(() if size is None else size, np.dtype(dtype or "int64"))


def scientific_specs(d: Any) -> dict[str, Any]:  # noqa: C901 (one table)
    """The harness entries of issue 16's ops, made with the generators of ``d`` (the `differential` module,
    passed in: it imports this one, also when it runs as a worker script)."""
    DTYPES, FLOATS, INEXACT, COMPLEX, LINALG = d.DTYPES, d.FLOATS, d.INEXACT, d.COMPLEX, d.LINALG
    call, chain, concat_of, fixed, matrices = d.call, d.chain, d.concat_of, d.fixed, d.matrices
    pairs_of, reduction, unary, with_args = d.pairs_of, d.reduction, d.unary, d.with_args
    REAL = tuple(t for t in DTYPES if np.dtype(t).kind != "c")
    NUMERIC = tuple(t for t in DTYPES if t != "bool")
    s: dict[str, Any] = {}

    def add(name: str, calls: Any, ref: Any = None, **kw: Any) -> None:
        s[name] = d.OpSpec(name, calls, ref if ref is not None else getattr(np, name), **kw)

    # creation
    add("logspace", fixed(call(0.0, 2.0, 5), call(1, 3, 4, endpoint=False, base=2.0), call(0, 1, 3, dtype="float32")),
        creation=True)  # fmt: skip
    add("identity", fixed(*(call(3, dtype=d) for d in DTYPES), call(0)), creation=True)
    add("indices", fixed(call((2, 3)), call((0, 2)), call((3,), dtype="int32")), creation=True)
    add("triu_indices", fixed(call(3), call(3, k=1, m=4), call(4, k=-1)), _tuple(np.triu_indices), creation=True)
    add("tril_indices", fixed(call(3), call(3, k=1, m=4), call(0)), _tuple(np.tril_indices), creation=True)
    # joining, splitting, reshaping
    add("ravel", chain(unary(), with_args(("float64", "int8"), ((2, 3, 4),), {"order": "F"})))
    add("swapaxes", with_args(DTYPES, ((2, 3, 4),), extra=(0, 2)))
    for name in ("vstack", "hstack", "dstack", "column_stack"):
        add(name, concat_of(DTYPES))
    for name in ("atleast_1d", "atleast_2d", "atleast_3d"):
        add(name, unary())
    add("split", chain(with_args(DTYPES, ((6,), (4, 3)), extra=(2,)), with_args(("float64",), ((4, 3),), extra=([1, 3], 1))),
        np.split, view=_parts, raw=True)  # fmt: skip
    add("array_split", chain(with_args(DTYPES, ((7,), (5, 3)), extra=(3,)), with_args(("int8",), ((4, 3),), extra=(2, 1))),
        np.array_split, view=_parts, raw=True)  # fmt: skip
    add("append", chain(pairs_of(DTYPES, (2, 3), (3,)), pairs_of(DTYPES, (2, 3), (2, 3), {"axis": 0}, same=True)))
    add("pad", chain(
        with_args(DTYPES, ((3,), (2, 3)), extra=(2,)),
        *(with_args(("float64", "int16", "complex64"), ((3, 4),), {"mode": m}, extra=(((1, 2), (3, 1)),))
          for m in ("edge", "reflect", "symmetric", "wrap")),
        with_args(("float32", "uint8"), ((4,),), {"mode": "reflect"}, extra=(7,)),
        with_args(("float64", "int32"), ((2, 3),), {"constant_values": (7, 9)}, extra=(1,)),
    ))  # fmt: skip
    add("ascontiguousarray", unary())
    add("fill_diagonal", chain(with_args(DTYPES, ((3, 3), (5, 2)), extra=(1,)), with_args(("float64",), ((7, 3),), {"wrap": True}, extra=([1.0, 2.0],))),
        _functional(np.fill_diagonal))  # fmt: skip
    add("put_along_axis", fixed(*(
        call(np.arange(6).reshape(2, 3).astype(d), np.array([[2], [0]]), np.ones((), d), axis=1) for d in DTYPES
    ), call(np.arange(6.0), np.array([5, -1]), 9.0, axis=None)), _functional(np.put_along_axis))  # fmt: skip
    # statistics
    for name in ("cumsum", "cumprod"):
        add(
            name,
            chain(
                reduction(axes=(None, 0, 1, -1), keepdims=False),
                with_args(("int8", "uint8", "bool"), ((4,),), {"dtype": "int16"}),
            ),
        )
    for name in ("nansum", "nanmax", "nanmin", "nanmean"):
        add(name, reduction(REAL))
    for name in ("nanstd", "nanvar"):
        add(name, chain(reduction(REAL), reduction(FLOATS, (None, 1), extra={"ddof": 1})))
    for name in ("nanargmax", "nanargmin"):
        add(name, reduction(REAL, (None, 0, 1, -1)))
    add("nan_to_num", chain(unary(), with_args(INEXACT, ((4,),), {"nan": -1.0, "posinf": 9.0, "neginf": -9.0})))
    add("median", reduction(REAL, (None, 0, 1, -1, (0, 1))), zero_sign=False)  # ordering puts -0 and +0 either way
    add("quantile", chain(
        with_args(REAL, ((5,), (3, 4)), extra=(0.3,)),
        with_args(("float64", "int16"), ((3, 4),), {"axis": 1}, {"axis": 0, "keepdims": True}, extra=([0.0, 0.5, 1.0],)),
        *(with_args(("float32", "int32"), ((6,),), {"method": m}, extra=(0.4,)) for m in ("lower", "higher", "nearest", "midpoint")),
    ))  # fmt: skip
    add("percentile", with_args(REAL, ((5,), (3, 4)), {}, {"axis": 0}, extra=([25, 75],)))
    add("histogram", chain(
        with_args(REAL, ((12,),), {"bins": 4}),
        with_args(("float64", "int32"), ((3, 4),), {"bins": 3, "range": (-1.0, 2.0)}, {"bins": 5, "density": True}),
    ), _tuple(np.histogram))  # fmt: skip
    add(
        "cov",
        chain(
            with_args(REAL, ((3, 5),)),
            with_args(("float64", "complex128"), ((4, 3),), {"rowvar": False}, {"bias": True}, {"ddof": 2}),
        ),
        scaled=True,
    )
    add("corrcoef", with_args(("float64", "float32", "int64", "complex128"), ((3, 5),)))
    # mathematics
    for name, _std in (("arccos", "acos"), ("arcsin", "asin"), ("arctan", "atan"), ("arccosh", "acosh"),
                      ("arcsinh", "asinh"), ("arctanh", "atanh"), ("absolute", "abs")):  # fmt: skip
        add(name, unary())
    for name in ("arctan2", "mod"):
        add(name, pairs_of(REAL, (3, 4), (4,)))
    add("divmod", pairs_of(REAL, (3, 4), (4,)), _tuple(np.divmod))
    add("angle", chain(unary(), with_args(("complex128", "float32"), ((4,),), {"deg": True})))
    add("inner", pairs_of(DTYPES, (2, 3), (3,)))
    add("vdot", pairs_of(DTYPES, (2, 3), (2, 3)))
    add("interp", fixed(*(
        call(np.linspace(-1, 4, 11).astype(d), np.array([0.0, 1.0, 2.5, 3.0]), np.array([1.0, -1.0, 2.0, 0.0])) for d in REAL
    ), call(np.array([0.5, 5.0]), np.array([0.0, 1.0]), np.array([1j, 2.0]), left=-1.0, right=7.0),
        call(np.array([-180.0, 370.0]), np.array([0.0, 90.0, 180.0]), np.array([4.0, 0.0, 2.0]), period=360)))  # fmt: skip
    add(
        "polyfit",
        fixed(*(call(np.arange(6.0), (np.arange(6) ** 2 - 3).astype(d), 2) for d in ("float64", "float32", "int64"))),
    )
    add("polyval", pairs_of(NUMERIC, (3,), (2, 2)))
    for name in ("convolve", "correlate"):
        add(
            name,
            chain(
                pairs_of(NUMERIC, (5,), (3,)),
                pairs_of(("float64", "complex128"), (5,), (2,), {"mode": "same"}, {"mode": "valid"}, same=True),
            ),
        )
    add("logsumexp", reduction((*FLOATS, "int64"), (None, 0, 1, -1)), _logsumexp_ref)
    add("softmax", reduction(FLOATS, (None, 0, -1), keepdims=False), _softmax_ref)
    add("sigmoid", unary((*FLOATS, "int32", "bool")), _sigmoid_ref)
    add("relu", unary(NUMERIC), _relu_ref, zero_sign=False)  # NumPy's maximum(-0.0, 0) is +0 or -0 by dtype
    # index and set functions
    add("unique", chain(
        unary(REAL),
        with_args(("float64", "int8"), ((2, 6),), {"return_index": True, "return_inverse": True, "return_counts": True}),
        with_args(("int16",), ((4, 2),), {"axis": 0, "return_counts": True}),
    ), zero_sign=False)  # fmt: skip
    add("argwhere", with_args(DTYPES, ((6,), (2, 3), (0,))))
    add("flatnonzero", with_args(DTYPES, ((6,), (2, 3), (0,))))
    add(
        "array_equal",
        chain(pairs_of(DTYPES, (3,), (3,)), fixed(call(np.array([np.nan]), np.array([np.nan]), equal_nan=True))),
    )
    add("unravel_index", fixed(call(np.array([0, 5, 11]), (3, 4)), call(np.array([0, 5, 11]), (3, 4), order="F"), call(np.array([12]), (3, 4))),
        _tuple(np.unravel_index))  # fmt: skip
    add("ravel_multi_index", fixed(call([np.array([0, 2]), np.array([3, 1])], (3, 4)), call([np.array([4, -1]), np.array([3, 1])], (3, 4), mode="wrap"),
        call([np.array([4]), np.array([0])], (3, 4))), lambda arrays, dims, **kw: np.ravel_multi_index(arrays, dims, **kw))  # fmt: skip
    add(
        "lexsort",
        fixed(*(call([np.array([1, 0, 1, 0]).astype(d), np.array([3, 3, 1, 2]).astype(d)]) for d in REAL)),
        lambda k, **kw: np.lexsort(k, **kw),
    )
    add("argpartition", with_args(REAL, ((6,), (3, 4)), extra=(2,)), meta_only=True)
    add("top_k", with_args(REAL, ((6,), (3, 4)), {}, {"largest": False}, extra=(2,)), _top_k_ref)
    add("one_hot", fixed(*(call(np.array([0, 2, 1]).astype(d), 3) for d in INTEGER), call(np.array([3]), 3), call(np.array([1]), 2, dtype="float32")),
        _one_hot_ref)  # fmt: skip
    # linear algebra
    add("lstsq", fixed(
        *(call(np.vstack([np.eye(3), np.ones((1, 3))]).astype(d), np.arange(4.0).astype(d)) for d in LINALG if d != "bool"),
        call(np.outer([1.0, 2.0], [1.0, 0.0, 1.0]), np.ones((2, 2))),
        call(np.ones((4, 3)), np.ones((4, 0))),  # no right-hand side
        call(np.ones((0, 3)), np.ones(0)),  # no equation
        call(np.ones((2, 4, 3)), np.ones((2, 4))),  # a stack: NumPy's LinAlgError
        call(np.ones((4, 3)), np.ones((2, 4, 1))),
        call(np.ones((4, 3)), np.ones(3)),  # rows that do not match
    ), _lstsq_ref)  # fmt: skip
    add(
        "cond",
        chain(matrices(), matrices(("float64", "complex128"), p="fro"), matrices(("float64",), p=-2)),
        np.linalg.cond,
    )
    add("logm", matrices((*FLOATS[1:], *COMPLEX), "spd", ((3, 3),)), _matfun(np.log))
    add("sqrtm", matrices((*FLOATS[1:], *COMPLEX), "spd", ((3, 3),)), _matfun(np.sqrt))
    add("block", fixed(*(call([np.arange(3).astype(t), np.ones(2, t)]) for t in DTYPES)))
    # the generator functions: the backend's own numbers, so dtype and shape only
    add("integers", fixed(call(None, 5, size=3), call(None, 2, 9, size=(2, 2)), call(None, 3, size=4, dtype="int32"),
        call(None, 0, 1, endpoint=True)), lambda rng, *a, **k: rng.integers(*a, **k), random=True)  # fmt: skip
    add("permutation", fixed(call(None, 5), call(None, np.arange(6.0).reshape(3, 2))),
        lambda rng, x: rng.permutation(x), random=True)  # fmt: skip
    add("shuffle", fixed(call(None, np.arange(6.0).reshape(2, 3)), call(None, np.arange(6).reshape(2, 3), axis=1)),
        _shuffle_ref, random=True)  # fmt: skip
    return s


def _shuffle_ref(rng: Any, x: Any, axis: int = 0) -> Any:
    out = np.array(x, copy=True)
    rng.shuffle(out, axis=axis)
    return out


#: backend -> ops whose undeclared mismatches remain (strict xfail; see the report of issue 16)
SCIENTIFIC_PENDING: dict[str, frozenset[str]] = {}

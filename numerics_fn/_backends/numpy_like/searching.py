"""Sorting, searching and sets, for NumPy and cuPyNumeric: functions taking the library module ``xp`` first.
What cuPyNumeric 26.6 lacks (``unique``'s options, ``unique_all``...) is composed from its operations, on its
arrays, or, for the few data-dependent functions, computed by NumPy on a host copy."""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import _ops as ops
from .binding import Entry, LibraryOr, on_host
from .core import native

__all__ = ["TABLE", "lexsort_order", "unique"]


def sort(xp: Any, x: Any, axis: int, descending: bool, stable: bool) -> Any:
    kind = "stable" if stable else None
    if descending:  # sort the reversed array, reverse back: equal elements keep their order
        return xp.flip(xp.sort(xp.flip(x, axis=axis), axis=axis, kind=kind), axis=axis)
    return xp.sort(x, axis=axis, kind=kind)


def argsort(xp: Any, x: Any, axis: int, descending: bool, stable: bool) -> Any:
    kind = "stable" if stable else None
    if descending:
        last = x.shape[axis] - 1 if x.ndim else 0
        return last - xp.flip(xp.argsort(xp.flip(x, axis=axis), axis=axis, kind=kind), axis=axis)
    return xp.argsort(x, axis=axis, kind=kind)


def searchsorted(xp: Any, x1: Any, x2: Any, side: str, sorter: Any) -> Any:
    return xp.searchsorted(x1, x2, side=side, sorter=sorter)


def unique_all(xp: Any, x: Any) -> Any:
    return on_host(xp, np.unique_all)(x)


def unique_counts(xp: Any, x: Any) -> Any:
    return on_host(xp, np.unique_counts)(x)


def unique_inverse(xp: Any, x: Any) -> Any:
    return on_host(xp, np.unique_inverse)(x)


def unique_values(xp: Any, x: Any) -> Any:
    if xp is not np:  # cuPyNumeric's unique makes one nan of many
        return on_host(xp, lambda a: np.unique(a, equal_nan=False))(x)
    return xp.unique(x, equal_nan=False)  # sorted, as on every backend (NumPy 2.3's unique_values is not)


def isin(xp: Any, x1: Any, x2: Any, invert: bool) -> Any:
    return xp.isin(x1, x2, invert=invert)


def nonzero(xp: Any, a: Any) -> Any:
    return tuple(xp.nonzero(a))


def lexsort_order(xp: Any, keys: Any) -> Any:
    """Indices that sort by ``keys`` (the last primary), by stable argsorts from the least significant key."""
    order = xp.argsort(keys[0], kind="stable")
    for key in keys[1:]:
        order = order[xp.argsort(key[order], kind="stable")]
    return order


def unique(
    xp: Any, ar: Any, return_index: bool, return_inverse: bool, return_counts: bool, axis: Any, equal_nan: bool
) -> Any:
    """NumPy's unique from ``xp``'s sorts (cuPyNumeric 26.6's takes no options and no axis)."""
    if axis is None:
        flat = xp.reshape(ar, (-1,))
        if flat.dtype.kind == "f":  # NaN last, as NumPy sorts (cuPyNumeric 26.6's argsort leaves NaN unordered)
            nan = xp.isnan(flat)
            order = lexsort_order(xp, [xp.where(nan, 0, flat), nan])
        else:
            order = xp.argsort(flat, kind="stable")
        ordered = flat[order]
        new = ordered[1:] != ordered[:-1]
        if equal_nan and ordered.dtype.kind in "fc":
            new = new & ~(xp.isnan(ordered[1:]) & xp.isnan(ordered[:-1]))
    else:
        moved = xp.moveaxis(ar, axis, 0)
        rows = xp.reshape(moved, (moved.shape[0], -1))
        order = lexsort_order(xp, [rows[:, j] for j in reversed(range(rows.shape[1]))])
        ordered = rows[order]
        new = xp.any(ordered[1:] != ordered[:-1], axis=1)
    first = xp.concatenate([xp.ones(min(1, ordered.shape[0]), dtype=bool), new])
    values = ordered[first] if axis is None else xp.moveaxis(
        xp.reshape(ordered[first], (-1, *moved.shape[1:])), 0, axis
    )  # fmt: skip
    out = [values]
    if return_index:
        out.append(order[first].astype(np.int64))
    if return_inverse:
        inverse = xp.zeros(order.shape, dtype=np.int64)
        inverse[order] = xp.cumsum(first.astype(np.int64)) - 1
        out.append(xp.reshape(inverse, ar.shape) if axis is None else inverse)
    if return_counts:
        starts = xp.flatnonzero(first)
        out.append(xp.diff(xp.concatenate([starts, xp.asarray([first.shape[0]])])).astype(np.int64))
    return out[0] if len(out) == 1 else tuple(out)


def unique_(xp: Any, ar: Any, ri: bool, rinv: bool, rc: bool, axis: Any, equal_nan: bool) -> Any:
    if xp is np:
        unique_np: Any = np.unique  # (its overloads want literal flags)
        return unique_np(ar, ri, rinv, rc, axis, equal_nan=equal_nan)
    if ar.ndim == 0:  # cuPyNumeric 26.6 aborts on a 0-d array
        out = unique_(xp, xp.reshape(ar, (1,)), ri, rinv, rc, axis, equal_nan)
        return out if not rinv else (*out[: 1 + ri], xp.reshape(out[1 + ri], ()), *out[2 + ri :])
    if ar.size == 0 and axis is None:  # cuPyNumeric 26.6 aborts on empty input
        none = xp.zeros((0,), dtype=np.int64)
        extra = [none] * ri + [xp.zeros(ar.shape, dtype=np.int64)] * rinv + [none] * rc
        return (xp.reshape(ar, (0,)), *extra) if extra else xp.reshape(ar, (0,))
    if not (ri or rinv or rc) and axis is None and not (equal_nan and ar.dtype.kind in "fc"):
        return xp.unique(ar)
    return unique(xp, ar, ri, rinv, rc, axis, equal_nan)


def top_k(xp: Any, x: Any, k: int, axis: int, largest: bool) -> Any:
    order = ops.argsort(x, axis=axis, descending=largest, stable=True)
    index = xp.moveaxis(xp.moveaxis(order, axis, -1)[..., :k], -1, axis)
    return xp.take_along_axis(x, index, axis=axis), index


def one_hot(xp: Any, x: Any, num_classes: int, dtype: Any) -> Any:
    if x.dtype.kind not in "iu":
        raise TypeError(f"one_hot: argument 'x' must hold integer labels, got {x.dtype} data; cast it with nf.astype")
    if x.size and (bool(xp.any(x < 0)) or bool(xp.any(x >= num_classes))):
        raise IndexError(f"one_hot: a label lies outside [0, {num_classes}) (num_classes={num_classes})")
    dt = np.dtype(np.int64) if dtype is None else native(dtype, "one_hot")
    return (x[..., None] == xp.arange(num_classes)).astype(dt)


def array_equal(xp: Any, a1: Any, a2: Any, equal_nan: bool) -> bool:
    if xp is np or not equal_nan:
        return bool(xp.array_equal(a1, a2, equal_nan=equal_nan))
    if a1.shape != a2.shape:  # cuPyNumeric 26.6 has no equal_nan
        return False
    same = a1 == a2
    if a1.dtype.kind in "fc" and a2.dtype.kind in "fc":
        same = same | (xp.isnan(a1) & xp.isnan(a2))
    return bool(xp.all(same))


TABLE: tuple[Entry, ...] = (
    (ops.sort, sort),
    (ops.argsort, argsort),
    (ops.searchsorted, searchsorted),
    (ops.unique_all, LibraryOr("unique_all", unique_all)),
    (ops.unique_counts, LibraryOr("unique_counts", unique_counts)),
    (ops.unique_inverse, LibraryOr("unique_inverse", unique_inverse)),
    (ops.unique_values, unique_values),
    (ops.isin, isin),
    (ops.unique, unique_),
    (ops.nonzero, nonzero),
    (ops.argwhere, "argwhere"),
    (ops.flatnonzero, "flatnonzero"),
    (ops.lexsort, "lexsort"),
    (ops.argpartition, "argpartition"),
    (ops.top_k, top_k),
    (ops.one_hot, one_hot),
    (ops.bincount, "bincount"),
    (ops.array_equal, array_equal),
)

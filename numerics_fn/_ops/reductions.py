"""Reductions and comparisons (``axis=`` and ``keepdims=`` as in NumPy)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "allclose", "argmax", "argmin", "isclose", "max", "mean", "min", "norm", "prod", "std", "sum", "var",
]  # fmt: skip


@op
def sum(a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Sum over ``axis`` (all axes when None).

    A full reduction returns a scalar of the backend (a NumPy scalar, a 0-d tensor or a 0-d
    cuPyNumeric array), never a Python number.

    >>> import numerics_fn as nf
    >>> nf.sum(nf.asarray([[1.0, 2.0], [3.0, 4.0]]), axis=0)
    array([4., 6.])
    """


@op
def mean(a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Arithmetic mean over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.mean(nf.asarray([1.0, 2.0, 3.0])))
    2.0
    """


@op
def prod(a: Any, /, axis: Any = None, dtype: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Product over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.prod(nf.asarray([2.0, 3.0])))
    6.0

    Backend notes:
        cupynumeric: complex data is multiplied pairwise in halves (log2 n cuPyNumeric steps);
        cuPyNumeric 26.6 has no complex ``prod`` reduction.
    """


@op
def max(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Maximum over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.max(nf.asarray([1.0, 3.0, 2.0])))
    3.0

    Backend notes:
        pytorch: ``amax``; over all axes when ``axis`` is None.
    """


@op
def min(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Minimum over ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.min(nf.asarray([1.0, 3.0, 2.0])))
    1.0
    """


@op
def argmax(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Index of the maximum (into the flattened array when ``axis`` is None).

    >>> import numerics_fn as nf
    >>> int(nf.argmax(nf.asarray([1.0, 3.0, 2.0])))
    1
    """


@op
def argmin(a: Any, /, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Index of the minimum (into the flattened array when ``axis`` is None).

    >>> import numerics_fn as nf
    >>> int(nf.argmin(nf.asarray([1.0, 3.0, 2.0])))
    0
    """


@op
def norm(x: Any, /, ord: Any = None, axis: Any = None, *, keepdims: bool = False, ctx: Context | None = None) -> Any:
    """Vector or matrix norm, with ``numpy.linalg.norm``'s ``ord`` and ``axis``.

    >>> import numerics_fn as nf
    >>> float(nf.norm(nf.asarray([3.0, 4.0])))
    5.0
    """


@op
def std(
    a: Any,
    /,
    axis: Any = None,
    *,
    ddof: int = 0,
    keepdims: bool = False,
    correction: float | None = None,
    ctx: Context | None = None,
) -> Any:
    """Standard deviation over ``axis`` (``ddof=0`` as in NumPy, not torch's 1).

    ``correction`` is the Array API standard's name for ``ddof`` (it wins when given).

    >>> import numerics_fn as nf
    >>> float(nf.std(nf.asarray([1.0, 3.0])))
    1.0

    Backend notes:
        cupynumeric: ``sqrt(var(...))`` (cuPyNumeric 26.6 has no ``std``).
    """


@op
def var(
    a: Any,
    /,
    axis: Any = None,
    *,
    ddof: int = 0,
    keepdims: bool = False,
    correction: float | None = None,
    ctx: Context | None = None,
) -> Any:
    """Variance over ``axis`` (``ddof=0`` as in NumPy, not torch's 1).

    ``correction`` is the Array API standard's name for ``ddof`` (it wins when given).

    >>> import numerics_fn as nf
    >>> float(nf.var(nf.asarray([1.0, 3.0])))
    1.0
    """


@op
def allclose(
    a: Any, b: Any, /, *, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, ctx: Context | None = None
) -> bool:
    """Whether all elements of ``a`` and ``b`` are close: a Python bool.

    >>> import numerics_fn as nf
    >>> nf.allclose(nf.asarray([1.0]), 1.0 + 1e-10)
    True
    """


@op
def isclose(
    a: Any, b: Any, /, *, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, ctx: Context | None = None
) -> Any:
    """Elementwise ``|a - b| <= atol + rtol * |b|``: a boolean array.

    >>> import numerics_fn as nf
    >>> nf.isclose(nf.asarray([1.0, 2.0]), 1.0)
    array([ True, False])
    """

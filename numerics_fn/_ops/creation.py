"""Creation functions: arrays from data, filled, ranges and grids, ``*_like``, and matrices.

Those without an array argument (`array`, `zeros`, `arange`, ...) make arrays of the Context's
backend, device and precision; the others (`zeros_like`, `copy`, `meshgrid`, `tril`, ...) follow their
array arguments, like every dispatched op.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "arange", "array", "asarray", "ascontiguousarray", "copy", "diag", "empty", "empty_like", "eye", "from_dlpack",
    "full", "full_like", "identity", "linspace", "logspace", "meshgrid", "ones", "ones_like", "tril", "triu",
    "zeros", "zeros_like",
]  # fmt: skip


# --- from data -------------------------------------------------------------------------------------
@op
def array(obj: Any, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """A new array of the Context's backend holding a copy of ``obj``.

    Args:
        obj: a number, a (nested) list, or an array of any backend (converted).
        dtype: the result dtype; default: ``obj``'s own dtype, with Python floats and
            complex numbers at the Context's precision.

    >>> import numerics_fn as nf
    >>> nf.array([[1, 2], [3, 4]], dtype=nf.float64)
    array([[1., 2.],
           [3., 4.]])

    Backend notes:
        pytorch: Python float data is float64 under the default precision (not torch's float32).
    """


@op
def asarray(
    obj: Any, dtype: Any = None, *, device: Any = None, copy: bool | None = None, ctx: Context | None = None
) -> Any:
    """Like `array`, but returns ``obj`` itself (or shares its memory) where it already fits.

    ``copy=True`` always copies; ``copy=False`` never does (ValueError where it would have to);
    ``device`` (a name or the library's device object) overrides the Context's.

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.ones(3)
    >>> nf.asarray(x) is x
    True
    """


@op
def ascontiguousarray(a: Any, /, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """``a`` as a C-contiguous array of at least one axis (``a`` itself where it already is), as ``dtype``.

    >>> import numerics_fn as nf
    >>> nf.ascontiguousarray(nf.ones((2, 3)).T).shape
    (3, 2)
    """


@op
def copy(a: Any, /, *, ctx: Context | None = None) -> Any:
    """A copy of ``a`` that shares no memory with it (same backend, device, dtype).

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.ones(2); y = nf.copy(x); y[0] = 5; x
    array([1., 1.])

    Backend notes:
        pytorch: the copy is detached from ``a``'s autograd graph only if ``a`` is (``clone``).
    """


@op
def from_dlpack(x: Any, *, device: Any = None, copy: bool | None = None, ctx: Context | None = None) -> Any:
    """An array of the Context's backend sharing ``x``'s memory through DLPack (``x`` is any
    object with ``__dlpack__``); ``copy=True`` always copies.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.from_dlpack(np.arange(3))
    array([0, 1, 2])
    """


# --- filled ----------------------------------------------------------------------------------------
@op
def empty(shape: Any, *, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """An uninitialised array of ``shape`` (its values are arbitrary).

    >>> import numerics_fn as nf
    >>> nf.empty((2, 3)).shape
    (2, 3)
    """


@op
def zeros(shape: Any, dtype: Any = None, *, device: Any = None, ctx: Context | None = None) -> Any:
    """An array of zeros of ``shape`` (an int or a tuple).

    >>> import numerics_fn as nf
    >>> nf.zeros((2, 3)).shape
    (2, 3)
    """


@op
def ones(shape: Any, dtype: Any = None, *, device: Any = None, ctx: Context | None = None) -> Any:
    """An array of ones of ``shape``.

    >>> import numerics_fn as nf
    >>> nf.ones(2, dtype="complex128")
    array([1.+0.j, 1.+0.j])
    """


@op
def full(shape: Any, fill_value: Any, dtype: Any = None, *, device: Any = None, ctx: Context | None = None) -> Any:
    """An array of ``shape`` filled with ``fill_value`` (its dtype follows the value).

    >>> import numerics_fn as nf
    >>> nf.full(2, 7)
    array([7, 7])
    """


@op
def eye(
    N: int,
    M: int | None = None,
    k: int = 0,
    dtype: Any = None,
    *,
    device: Any = None,
    ctx: Context | None = None,
) -> Any:
    """An ``N``-by-``M`` matrix with ones on diagonal ``k``.

    >>> import numerics_fn as nf
    >>> nf.eye(2)
    array([[1., 0.],
           [0., 1.]])
    """


@op
def identity(n: int, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """The ``n``-by-``n`` identity matrix (at the Context's precision unless ``dtype``).

    >>> import numerics_fn as nf
    >>> nf.identity(2)
    array([[1., 0.],
           [0., 1.]])
    """


# --- ranges and grids ------------------------------------------------------------------------------
@op
def arange(
    start: Any, stop: Any = None, step: Any = None, dtype: Any = None, *, device: Any = None, ctx: Context | None = None
) -> Any:
    """Evenly spaced values in ``[start, stop)``; ``arange(n)`` is ``0 … n-1``.

    Integer arguments give int64; any float argument gives the Context's precision.

    >>> import numerics_fn as nf
    >>> nf.arange(4)
    array([0, 1, 2, 3])
    """


@op
def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    *,
    endpoint: bool = True,
    dtype: Any = None,
    device: Any = None,
    ctx: Context | None = None,
) -> Any:
    """``num`` evenly spaced values from ``start`` to ``stop``.

    >>> import numerics_fn as nf
    >>> nf.linspace(0, 1, 3)
    array([0. , 0.5, 1. ])
    """


@op
def logspace(
    start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: float = 10.0, dtype: Any = None,
    *, ctx: Context | None = None,
) -> Any:  # fmt: skip
    """``num`` numbers spaced evenly on a log scale, ``base**start`` to ``base**stop`` (at the
    Context's precision unless ``dtype``).

    >>> import numerics_fn as nf
    >>> nf.logspace(0, 2, 3)
    array([  1.,  10., 100.])
    """


@op
def meshgrid(*arrays: Any, indexing: str = "xy", ctx: Context | None = None) -> Any:
    """Coordinate matrices from 1-D coordinate arrays: a tuple of arrays (``indexing`` ``"xy"`` or ``"ij"``).

    >>> import numerics_fn as nf
    >>> xx, yy = nf.meshgrid(nf.asarray([1, 2, 3]), nf.asarray([4, 5]))
    >>> xx
    array([[1, 2, 3],
           [1, 2, 3]])
    """


# --- shaped like another array ---------------------------------------------------------------------
@op
def empty_like(x: Any, /, *, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """An uninitialised array of ``x``'s shape, dtype (unless ``dtype`` is given), backend and device.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.empty_like(np.zeros((2, 2), dtype=np.float32)).dtype
    dtype('float32')
    """


@op
def zeros_like(a: Any, /, dtype: Any = None, *, device: Any = None, ctx: Context | None = None) -> Any:
    """Zeros of ``a``'s shape, dtype (unless ``dtype`` is given), backend and device.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.zeros_like(np.ones(2, dtype=np.float32))
    array([0., 0.], dtype=float32)
    """


@op
def ones_like(a: Any, /, dtype: Any = None, *, device: Any = None, ctx: Context | None = None) -> Any:
    """Ones of ``a``'s shape, dtype (unless ``dtype`` is given), backend and device.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.ones_like(np.zeros(2))
    array([1., 1.])
    """


@op
def full_like(x: Any, /, fill_value: Any, *, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """An array of ``x``'s shape, dtype (unless ``dtype`` is given), backend and device, filled with ``fill_value``.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.full_like(np.zeros(2), 7.5)
    array([7.5, 7.5])
    """


# --- matrices --------------------------------------------------------------------------------------
@op
def diag(v: Any, /, k: int = 0, *, ctx: Context | None = None) -> Any:
    """The ``k``-th diagonal of a matrix, or a matrix with ``v`` on its ``k``-th diagonal.

    >>> import numerics_fn as nf
    >>> nf.diag(nf.asarray([1, 2]))
    array([[1, 0],
           [0, 2]])
    """


@op
def tril(x: Any, /, *, k: int = 0, ctx: Context | None = None) -> Any:
    """The lower triangle of the last two axes of ``x`` (elements above diagonal ``k`` zeroed).

    >>> import numerics_fn as nf
    >>> nf.tril(nf.ones((2, 2)))
    array([[1., 0.],
           [1., 1.]])
    """


@op
def triu(x: Any, /, *, k: int = 0, ctx: Context | None = None) -> Any:
    """The upper triangle of the last two axes of ``x`` (elements below diagonal ``k`` zeroed).

    >>> import numerics_fn as nf
    >>> nf.triu(nf.ones((2, 2)))
    array([[1., 1.],
           [0., 1.]])
    """

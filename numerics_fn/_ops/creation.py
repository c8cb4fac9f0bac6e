"""Creation functions: they make arrays of the Context's backend, device and precision."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["arange", "array", "asarray", "copy", "eye", "full", "linspace", "ones", "ones_like", "zeros", "zeros_like"]


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
def copy(a: Any, /, *, ctx: Context | None = None) -> Any:
    """A copy of ``a`` that shares no memory with it (same backend, device, dtype).

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.ones(2); y = nf.copy(x); y[0] = 5; x
    array([1., 1.])

    Backend notes:
        pytorch: the copy is detached from ``a``'s autograd graph only if ``a`` is (``clone``).
    """

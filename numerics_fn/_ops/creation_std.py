"""Creation functions of the Array API standard that the catalogue lacked.

`empty` and `from_dlpack` make arrays of the Context's backend; the ``*_like`` functions and
`meshgrid`, `tril`, `triu` follow their array arguments, like every dispatched op.
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["empty", "empty_like", "from_dlpack", "full_like", "meshgrid", "tril", "triu"]


@op
def empty(shape: Any, *, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """An uninitialised array of ``shape`` (its values are arbitrary).

    >>> import numerics_fn as nf
    >>> nf.empty((2, 3)).shape
    (2, 3)
    """


@op
def from_dlpack(x: Any, *, device: Any = None, copy: bool | None = None, ctx: Context | None = None) -> Any:
    """An array of the Context's backend sharing ``x``'s memory through DLPack (``x`` is any
    object with ``__dlpack__``); ``copy=True`` always copies.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.from_dlpack(np.arange(3))
    array([0, 1, 2])
    """


@op
def empty_like(x: Any, /, *, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """An uninitialised array of ``x``'s shape, dtype (unless ``dtype`` is given), backend and device.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.empty_like(np.zeros((2, 2), dtype=np.float32)).dtype
    dtype('float32')
    """


@op
def full_like(x: Any, /, fill_value: Any, *, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """An array of ``x``'s shape, dtype (unless ``dtype`` is given), backend and device, filled with ``fill_value``.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.full_like(np.zeros(2), 7.5)
    array([7.5, 7.5])
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

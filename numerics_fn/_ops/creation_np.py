"""NumPy's creation functions beyond the standard's: ``logspace`` and ``identity`` (on the Context's backend)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["identity", "logspace"]


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
def identity(n: int, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """The ``n``-by-``n`` identity matrix (at the Context's precision unless ``dtype``).

    >>> import numerics_fn as nf
    >>> nf.identity(2)
    array([[1., 0.],
           [0., 1.]])
    """

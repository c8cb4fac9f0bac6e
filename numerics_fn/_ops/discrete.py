"""Counting and finding: integer-valued results."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["bincount", "nonzero"]


@op
def bincount(x: Any, /, weights: Any = None, minlength: int = 0, *, ctx: Context | None = None) -> Any:
    """Count occurrences of each non-negative int in ``x`` (summing ``weights`` if given).

    >>> import numerics_fn as nf
    >>> nf.bincount(nf.asarray([0, 1, 1, 3]))
    array([1, 2, 0, 1])
    """


@op
def nonzero(a: Any, /, *, ctx: Context | None = None) -> Any:
    """Indices of the non-zero elements: a tuple of int64 arrays, one per axis.

    >>> import numerics_fn as nf
    >>> nf.nonzero(nf.asarray([0, 3, 0, 4]))
    (array([1, 3]),)
    """

"""Autograd flags on arrays (the transforms themselves live in ``numerics_fn._transforms``)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["detach", "requires_grad"]


@op
def requires_grad(x: Any, /, flag: bool = True, *, ctx: Context | None = None) -> Any:
    """A leaf sharing ``x``'s storage with ``requires_grad`` set to ``flag``; ``x`` is unchanged.

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.ones(2)
    >>> nf.requires_grad(x) is x
    True

    Backend notes:
        numpy, cupynumeric: no autograd; the input is returned unchanged.
    """


@op
def detach(x: Any, /, *, ctx: Context | None = None) -> Any:
    """``x`` cut from the autograd graph (the input itself on backends without autograd).

    >>> import numpy as np, numerics_fn as nf
    >>> x = np.ones(2)
    >>> nf.detach(x) is x
    True
    """

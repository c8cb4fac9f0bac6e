"""Random numbers from an explicit generator made by `rng` (no global random state)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["choice", "normal", "rng", "uniform"]


@op
def rng(seed: int | None = None, *, ctx: Context | None = None) -> Any:
    """The Context's backend's random generator on its device, seeded with ``seed``.

    The same seed gives the same numbers on one backend (not across backends).

    >>> import numerics_fn as nf
    >>> g = nf.rng(0)
    >>> bool(nf.allclose(nf.normal(g, 3), nf.normal(nf.rng(0), 3)))
    True

    Backend notes:
        numpy: ``numpy.random.default_rng``. pytorch: ``torch.Generator`` on the Context's
        device. cupynumeric: ``cupynumeric.random.default_rng``; reproducible for a fixed
        Legate configuration (seed 0, which cuPyNumeric itself takes for "no seed", is replaced
        by a fixed non-zero seed so that it is reproducible too).
    """


@op(with_ctx=True)
def normal(rng: Any, /, shape: Any, dtype: Any = None, *, ctx: Context | None = None) -> Any:
    """Standard normal samples of ``shape`` from generator ``rng``.

    ``dtype`` defaults to the Context's precision; a complex dtype gives real and
    imaginary parts each with variance 1/2.

    >>> import numerics_fn as nf
    >>> nf.normal(nf.rng(1), (2, 3)).shape
    (2, 3)
    """


@op(with_ctx=True)
def uniform(
    rng: Any, /, shape: Any, low: float = 0.0, high: float = 1.0, dtype: Any = None, *, ctx: Context | None = None
) -> Any:
    """Uniform samples in ``[low, high)`` of ``shape`` from generator ``rng``.

    >>> import numerics_fn as nf
    >>> bool(nf.min(nf.uniform(nf.rng(1), 100, low=2.0, high=3.0)) >= 2.0)
    True
    """


@op
def choice(
    rng: Any, /, a: Any, size: Any = None, p: Any = None, *, replace: bool = True, ctx: Context | None = None
) -> Any:
    """Samples from ``a`` (an int ``n`` means ``arange(n)``), with probabilities ``p``.

    >>> import numerics_fn as nf
    >>> nf.choice(nf.rng(0), 5, size=3, replace=False).shape
    (3,)

    Backend notes:
        pytorch: ``torch.multinomial`` on ``p`` (uniform when None), indices into ``a``.
        cupynumeric: its Generator has no ``choice``: composed in cuPyNumeric from ``integers``
        (uniform), inverse-CDF ``searchsorted`` (with ``p``), a random permutation by ``argsort``
        (without replacement) and Efraimidis-Spirakis keys (``p`` without replacement); the same
        distribution as NumPy, other numbers.
    """

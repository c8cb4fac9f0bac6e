"""Random numbers from an explicit generator made by `rng` (no global random state)."""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = ["choice", "integers", "normal", "permutation", "rng", "shuffle", "uniform"]


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
def normal(
    rng: Any, /, shape: Any, dtype: Any = None, *, loc: Any = 0.0, scale: Any = 1.0, ctx: Context | None = None
) -> Any:
    """Normal samples of ``shape`` from generator ``rng``: mean ``loc``, standard deviation ``scale``
    (NumPy's names; numbers or arrays broadcasting to ``shape``), standard normal by default.

    ``dtype`` defaults to the Context's precision; a complex dtype gives real and
    imaginary parts each with variance 1/2 (before ``scale``).

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


@op
def integers(
    rng: Any, /, low: Any, high: Any = None, size: Any = None, dtype: Any = None, endpoint: bool = False,
    *, ctx: Context | None = None,
) -> Any:  # fmt: skip
    """Random integers in ``[low, high)`` (``[0, low)`` when ``high`` is None; ``high`` included with
    ``endpoint``) of shape ``size`` from generator ``rng``; int64 unless ``dtype`` (NumPy's ``Generator.integers``).

    >>> import numerics_fn as nf
    >>> bool(nf.all(nf.integers(nf.rng(0), 3, size=10) < 3))
    True
    """


@op
def permutation(rng: Any, /, x: Any, *, ctx: Context | None = None) -> Any:
    """A random permutation of ``arange(x)`` (an int ``x``), or of ``x``'s elements along its first axis
    (a new array; ``x`` is unchanged), on the generator's backend.

    >>> import numerics_fn as nf
    >>> nf.sort(nf.permutation(nf.rng(0), 4))
    array([0, 1, 2, 3])
    """


@op
def shuffle(rng: Any, /, x: Any, axis: int = 0, *, ctx: Context | None = None) -> Any:
    """``x`` with its entries along ``axis`` in a random order: a new array (NumPy's ``shuffle`` works in
    place; this one leaves ``x`` unchanged).

    >>> import numerics_fn as nf
    >>> nf.sort(nf.shuffle(nf.rng(0), nf.asarray([3, 1, 2])))
    array([1, 2, 3])
    """

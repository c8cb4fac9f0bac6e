"""The Array API standard's ``fft`` extension: discrete Fourier transforms.

Dispatched ops like the catalogue's, published as the `numerics_fn.fft` namespace (not at top
level, where ``nf.fft`` is that namespace).
"""

from __future__ import annotations

from typing import Any

from .._context import Context
from .._dispatch import op

__all__ = [
    "fft", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifftn", "ifftshift", "ihfft", "irfft", "irfftn", "rfft",
    "rfftfreq", "rfftn",
]  # fmt: skip


@op
def fft(x: Any, /, *, n: int | None = None, axis: int = -1, norm: str = "backward", ctx: Context | None = None) -> Any:
    """One-dimensional discrete Fourier transform along ``axis`` (``n`` points; ``norm``
    ``"backward"``, ``"ortho"`` or ``"forward"``).

    >>> import numerics_fn as nf
    >>> nf.fft.fft(nf.asarray([1.0, 0.0, 0.0, 0.0]))
    array([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
    """


@op
def ifft(x: Any, /, *, n: int | None = None, axis: int = -1, norm: str = "backward", ctx: Context | None = None) -> Any:
    """Inverse of `fft`.

    >>> import numerics_fn as nf
    >>> nf.fft.ifft(nf.asarray([1.0, 1.0, 1.0, 1.0]))
    array([1.+0.j, 0.+0.j, 0.+0.j, 0.+0.j])
    """


@op
def fftn(x: Any, /, *, s: Any = None, axes: Any = None, norm: str = "backward", ctx: Context | None = None) -> Any:
    """N-dimensional discrete Fourier transform over ``axes`` (all when None), of sizes ``s``.

    >>> import numerics_fn as nf
    >>> nf.fft.fftn(nf.ones((2, 2)))
    array([[4.+0.j, 0.+0.j],
           [0.+0.j, 0.+0.j]])
    """


@op
def ifftn(x: Any, /, *, s: Any = None, axes: Any = None, norm: str = "backward", ctx: Context | None = None) -> Any:
    """Inverse of `fftn`.

    >>> import numerics_fn as nf
    >>> nf.fft.ifftn(nf.asarray([[4.0, 0.0], [0.0, 0.0]]))
    array([[1.+0.j, 1.+0.j],
           [1.+0.j, 1.+0.j]])
    """


@op
def rfft(x: Any, /, *, n: int | None = None, axis: int = -1, norm: str = "backward", ctx: Context | None = None) -> Any:
    """Fourier transform of real input: the ``n // 2 + 1`` non-negative frequency terms.

    >>> import numerics_fn as nf
    >>> nf.fft.rfft(nf.asarray([1.0, 1.0, 1.0, 1.0]))
    array([4.+0.j, 0.+0.j, 0.+0.j])
    """


@op
def irfft(
    x: Any, /, *, n: int | None = None, axis: int = -1, norm: str = "backward", ctx: Context | None = None
) -> Any:
    """Inverse of `rfft`: real output of length ``n`` (default ``2 * (m - 1)``).

    >>> import numerics_fn as nf
    >>> nf.fft.irfft(nf.asarray([4.0, 0.0, 0.0]))
    array([1., 1., 1., 1.])
    """


@op
def rfftn(x: Any, /, *, s: Any = None, axes: Any = None, norm: str = "backward", ctx: Context | None = None) -> Any:
    """N-dimensional Fourier transform of real input (the last axis halved).

    >>> import numerics_fn as nf
    >>> nf.fft.rfftn(nf.ones((2, 2))).shape
    (2, 2)
    """


@op
def irfftn(x: Any, /, *, s: Any = None, axes: Any = None, norm: str = "backward", ctx: Context | None = None) -> Any:
    """Inverse of `rfftn`.

    >>> import numerics_fn as nf
    >>> nf.fft.irfftn(nf.asarray([[4.0, 0.0], [0.0, 0.0]]))
    array([[1., 1.],
           [1., 1.]])
    """


@op
def hfft(x: Any, /, *, n: int | None = None, axis: int = -1, norm: str = "backward", ctx: Context | None = None) -> Any:
    """Fourier transform of a Hermitian-symmetric signal given by its first half: real output.

    >>> import numerics_fn as nf
    >>> nf.fft.hfft(nf.asarray([1.0, 0.0, 0.0]))
    array([1., 1., 1., 1.])
    """


@op
def ihfft(
    x: Any, /, *, n: int | None = None, axis: int = -1, norm: str = "backward", ctx: Context | None = None
) -> Any:
    """Inverse of `hfft`: the first half of the spectrum of a real signal.

    >>> import numerics_fn as nf
    >>> nf.fft.ihfft(nf.asarray([1.0, 1.0, 1.0, 1.0]))
    array([1.-0.j, 0.-0.j, 0.-0.j])
    """


@op
def fftfreq(n: int, *, d: float = 1.0, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """Sample frequencies of an ``n``-point `fft` with sample spacing ``d`` (the Context's precision).

    >>> import numerics_fn as nf
    >>> nf.fft.fftfreq(4)
    array([ 0.  ,  0.25, -0.5 , -0.25])
    """


@op
def rfftfreq(n: int, *, d: float = 1.0, dtype: Any = None, device: Any = None, ctx: Context | None = None) -> Any:
    """Sample frequencies of an ``n``-point `rfft` with sample spacing ``d``.

    >>> import numerics_fn as nf
    >>> nf.fft.rfftfreq(4)
    array([0.  , 0.25, 0.5 ])
    """


@op
def fftshift(x: Any, /, *, axes: Any = None, ctx: Context | None = None) -> Any:
    """Shift the zero-frequency term to the centre over ``axes`` (all when None).

    >>> import numerics_fn as nf
    >>> nf.fft.fftshift(nf.asarray([0, 1, 2, 3]))
    array([2, 3, 0, 1])
    """


@op
def ifftshift(x: Any, /, *, axes: Any = None, ctx: Context | None = None) -> Any:
    """Inverse of `fftshift`.

    >>> import numerics_fn as nf
    >>> nf.fft.ifftshift(nf.asarray([2, 3, 0, 1]))
    array([0, 1, 2, 3])
    """

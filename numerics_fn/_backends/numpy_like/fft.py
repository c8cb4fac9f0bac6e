"""The standard's FFT extension, for NumPy and cuPyNumeric: functions taking the library module ``xp`` first.
cuPyNumeric on CPUs has no FFT: there the transforms are NumPy's on a host copy (`binding.OrHost`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._context import Context, on_device
from ..._ops import fft as ops_fft
from .binding import Entry, OrHost
from .core import native

__all__ = ["TABLE"]


def fft(xp: Any, x: Any, n: int | None, axis: int, norm: str) -> Any:
    return xp.fft.fft(x, n=n, axis=axis, norm=norm)


def ifft(xp: Any, x: Any, n: int | None, axis: int, norm: str) -> Any:
    return xp.fft.ifft(x, n=n, axis=axis, norm=norm)


def rfft(xp: Any, x: Any, n: int | None, axis: int, norm: str) -> Any:
    return xp.fft.rfft(x, n=n, axis=axis, norm=norm)


def irfft(xp: Any, x: Any, n: int | None, axis: int, norm: str) -> Any:
    return xp.fft.irfft(x, n=n, axis=axis, norm=norm)


def hfft(xp: Any, x: Any, n: int | None, axis: int, norm: str) -> Any:
    return xp.fft.hfft(x, n=n, axis=axis, norm=norm)


def ihfft(xp: Any, x: Any, n: int | None, axis: int, norm: str) -> Any:
    return xp.fft.ihfft(x, n=n, axis=axis, norm=norm)


def _axes(s: Any, axes: Any) -> Any:
    """The standard's axes of an n-dimensional transform: ``s`` gives the sizes of the last len(s) axes."""
    return tuple(range(-len(s), 0)) if axes is None and s is not None else axes


def fftn(xp: Any, x: Any, s: Any, axes: Any, norm: str) -> Any:
    return xp.fft.fftn(x, s=s, axes=_axes(s, axes), norm=norm)


def ifftn(xp: Any, x: Any, s: Any, axes: Any, norm: str) -> Any:
    return xp.fft.ifftn(x, s=s, axes=_axes(s, axes), norm=norm)


def rfftn(xp: Any, x: Any, s: Any, axes: Any, norm: str) -> Any:
    return xp.fft.rfftn(x, s=s, axes=_axes(s, axes), norm=norm)


def irfftn(xp: Any, x: Any, s: Any, axes: Any, norm: str) -> Any:
    return xp.fft.irfftn(x, s=s, axes=_axes(s, axes), norm=norm)


def fftfreq(xp: Any, n: int, d: float, dtype: Any, device: Any, ctx: Context) -> Any:
    on_device(ctx, device, "fftfreq")
    freq = getattr(xp.fft, "fftfreq", np.fft.fftfreq)(n, d)  # NumPy's, moved, where the library has none
    return xp.asarray(freq, dtype=native(dtype, "fftfreq") or np.dtype(ctx.precision))


def rfftfreq(xp: Any, n: int, d: float, dtype: Any, device: Any, ctx: Context) -> Any:
    on_device(ctx, device, "rfftfreq")
    freq = getattr(xp.fft, "rfftfreq", np.fft.rfftfreq)(n, d)
    return xp.asarray(freq, dtype=native(dtype, "rfftfreq") or np.dtype(ctx.precision))


def fftshift(xp: Any, x: Any, axes: Any) -> Any:
    return xp.fft.fftshift(x, axes=axes)


def ifftshift(xp: Any, x: Any, axes: Any) -> Any:
    return xp.fft.ifftshift(x, axes=axes)


TABLE: tuple[Entry, ...] = (
    (ops_fft.fft, OrHost(fft)),
    (ops_fft.ifft, OrHost(ifft)),
    (ops_fft.rfft, OrHost(rfft)),
    (ops_fft.irfft, OrHost(irfft)),
    (ops_fft.hfft, OrHost(hfft)),
    (ops_fft.ihfft, OrHost(ihfft)),
    (ops_fft.fftn, OrHost(fftn)),
    (ops_fft.ifftn, OrHost(ifftn)),
    (ops_fft.rfftn, OrHost(rfftn)),
    (ops_fft.irfftn, OrHost(irfftn)),
    (ops_fft.fftfreq, fftfreq),
    (ops_fft.rfftfreq, rfftfreq),
    (ops_fft.fftshift, fftshift),
    (ops_fft.ifftshift, ifftshift),
)

"""The ``fft`` functions: torch.fft with NumPy's inexact dtype for integer input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from ..._context import Context, on_device
from ..._ops import fft
from .conversion import _device
from .dtypes import _default_dtype, _inexact
from .semantics import on

__all__: list[str] = []


def _fft1(fn: Callable[..., torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, n: int | None, axis: int, norm: str) -> torch.Tensor:
        return fn(_inexact(x), n=n, dim=axis, norm=norm)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


def _fftn(fn: Callable[..., torch.Tensor], name: str) -> Callable[..., torch.Tensor]:
    def impl(x: torch.Tensor, s: Any, axes: Any, norm: str) -> torch.Tensor:
        return fn(_inexact(x), s=s, dim=axes, norm=norm)

    impl.__name__ = impl.__qualname__ = f"torch_{name}"
    return impl


for _name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft"):
    on(getattr(fft, _name))(_fft1(getattr(torch.fft, _name), _name))
for _name in ("fftn", "ifftn", "rfftn", "irfftn"):
    on(getattr(fft, _name))(_fftn(getattr(torch.fft, _name), _name))


@on(fft.fftfreq)
def torch_fftfreq(n: int, d: float, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    ctx = on_device(ctx, device, "fftfreq")
    return torch.fft.fftfreq(n, d, dtype=_default_dtype(dtype, ctx, "fftfreq"), device=_device(ctx, "fftfreq"))


@on(fft.rfftfreq)
def torch_rfftfreq(n: int, d: float, dtype: Any, device: Any, ctx: Context) -> torch.Tensor:
    ctx = on_device(ctx, device, "rfftfreq")
    return torch.fft.rfftfreq(n, d, dtype=_default_dtype(dtype, ctx, "rfftfreq"), device=_device(ctx, "rfftfreq"))


@on(fft.fftshift)
def torch_fftshift(x: torch.Tensor, axes: Any) -> torch.Tensor:
    return torch.fft.fftshift(x, dim=axes)


@on(fft.ifftshift)
def torch_ifftshift(x: torch.Tensor, axes: Any) -> torch.Tensor:
    return torch.fft.ifftshift(x, dim=axes)

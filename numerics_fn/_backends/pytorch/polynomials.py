"""Polynomials, convolution and interpolation: ``polyval``, ``convolve``, ``correlate``, ``interp``
(``polyfit`` is in `linalg`, beside ``lstsq``).
"""

from __future__ import annotations

from typing import Any

import torch

from ... import _ops as ops
from .conversion import _on
from .dtypes import _WIDE_UINTS, _unify
from .semantics import T, _int64_if_wide, on

__all__: list[str] = []


@on(ops.interp)
def torch_interp(x: T, xp_: T, fp: T, left: Any, right: Any, period: Any) -> T:
    out_dtype = torch.complex128 if fp.is_complex() else torch.float64
    x, xs, fs = x.to(torch.float64), xp_.to(torch.float64), fp.to(out_dtype)
    if period is not None:
        if period == 0:
            raise ValueError("interp: period must be a non-zero value")
        period = abs(period)
        left = right = None
        x, xs = x % period, xs % period
        order = torch.argsort(xs)
        xs, fs = xs[order], fs[order]
        xs = torch.cat([xs[-1:] - period, xs, xs[:1] + period])
        fs = torch.cat([fs[-1:], fs, fs[:1]])
    n = xs.shape[0]
    if n == 0:
        raise ValueError("interp: array of sample points is empty")
    if n == 1:
        out = fs[0].expand(x.shape).clone()
    else:
        hi = torch.searchsorted(xs, x.contiguous(), right=True).clamp(1, n - 1)
        x0, x1, f0, f1 = xs[hi - 1], xs[hi], fs[hi - 1], fs[hi]
        slope = (f1 - f0) / (x1 - x0)
        out = torch.where(x == x1, f1, f0 + slope * (x - x0))
    low = fs[0] if left is None else _on(left, x.device).to(out_dtype)
    high = fs[-1] if right is None else _on(right, x.device).to(out_dtype)
    return torch.where(x > xs[-1], high, torch.where(x < xs[0], low, out))


@on(ops.polyval)
def torch_polyval(p: T, x: T) -> T:
    p, x = _unify((p, x))
    if x.dtype in _WIDE_UINTS:  # no kernels: int64 wraps alike
        return torch_polyval(p.to(torch.int64), x.to(torch.int64)).to(x.dtype)
    y = torch.zeros_like(x)
    for i in range(p.shape[0]):
        y = y * x + p[i]
    return y


def _convolve(a: T, v: T, mode: str, op: str) -> T:  # noqa: C901
    if mode not in ("full", "same", "valid"):
        raise ValueError(f"{op}: mode={mode!r} is not supported; use 'full', 'same' or 'valid'")
    if a.ndim != 1 or v.ndim != 1:
        raise ValueError(f"{op}: inputs must be 1-D, got shapes {tuple(a.shape)} and {tuple(v.shape)}")
    if a.shape[0] == 0 or v.shape[0] == 0:
        raise ValueError(f"{op}: inputs cannot be empty")
    a, v = _unify((a, v))
    if a.dtype in _WIDE_UINTS:
        return _convolve(a.to(torch.int64), v.to(torch.int64), mode, op).to(a.dtype)
    if a.dtype == torch.bool:
        return _convolve(a.to(torch.int64), v.to(torch.int64), mode, op) != 0
    if v.shape[0] > a.shape[0]:
        a, v = v, a
    n, m = a.shape[0], v.shape[0]
    if a.dtype in (torch.float32, torch.float64):
        full = torch.nn.functional.conv1d(a.view(1, 1, n), v.flip(0).view(1, 1, m), padding=m - 1).view(-1)
    else:  # conv1d has no complex or integer kernels: one shifted product per element of the shorter input
        padded = torch.nn.functional.pad(a, (m - 1, m - 1))
        full = torch.zeros(n + m - 1, dtype=a.dtype, device=a.device)
        for j in range(m):
            full = full + v[j] * padded[m - 1 - j : m - 1 - j + n + m - 1]
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start : start + n]
    return full[m - 1 : n]


@on(ops.convolve)
def torch_convolve(a: T, v: T, mode: str) -> T:
    return _convolve(a, v, mode, "convolve")


@on(ops.correlate)
def torch_correlate(a: T, v: T, mode: str) -> T:
    return _convolve(a, _int64_if_wide(v).conj().flip(0).to(v.dtype), mode, "correlate")

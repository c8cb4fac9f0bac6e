"""The torch backend's name and array type, and the helpers that give torch NumPy's meaning where its own
differs, shared by the topic modules: uint16/32/64 through int64 (torch has few kernels for them), NumPy's
order of complex numbers and of uint64, NumPy's axes, shapes and stable sorts. A leaf: it imports only `dtypes`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ..._dispatch import bad_argument, implements_on
from ..numpy_like.core import SHAPE
from .dtypes import _I64, _U64, _WIDE_UINTS

__all__ = ["ARRAY_TYPES", "NAME"]


# --- the backend, and registration for its tensors ------------------------------------------------
NAME = "pytorch"
T = torch.Tensor
ARRAY_TYPES: tuple[type, ...] = (torch.Tensor,)


def on(op: Any) -> Callable[[Any], Any]:
    """Register an implementation of catalogue op ``op`` for tensors (``@on(ops.exp)``)."""
    return implements_on(op, T, NAME)


# --- uint16/32/64 through int64 (torch has few kernels for them), uint64 in order -----------------
def _wide_uints(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn``, computed through int64 where torch has no kernel for uint16/32/64 (NotImplementedError):
    exact for uint16/32, modular (as the hardware's) for uint64; integer results go back to the input dtype."""

    def impl(*args: Any) -> Any:
        try:
            return fn(*args)
        except NotImplementedError:
            return _through_int64(fn, args)

    impl.__name__ = impl.__qualname__ = getattr(fn, "__name__", "torch_op")
    return impl


def _through_int64(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """`_wide_uints`'s retry of ``fn`` after a NotImplementedError (re-raised unless a wide uint caused it)."""
    wide = next((a.dtype for a in args if isinstance(a, torch.Tensor) and a.dtype in _WIDE_UINTS), None)
    if wide is None:
        raise  # noqa: PLE0704 (called from an except block: the NotImplementedError being handled)
    out = fn(*(a.to(torch.int64) if isinstance(a, torch.Tensor) and a.dtype in _WIDE_UINTS else a for a in args))
    return out.to(wide) if isinstance(out, torch.Tensor) and out.dtype is torch.int64 else out


def _int64(*xs: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """uint16/32/64 tensors as int64 (torch has few kernels for them; exact below 2**63), others as they are."""
    return tuple(x.to(torch.int64) if x.dtype in _WIDE_UINTS else x for x in xs)


def _int64_if_wide(x: T) -> T:
    """``x`` as int64 where it is uint16/32/64, which few torch kernels take (nonzero, index_put, scatter, add)."""
    return x.to(torch.int64) if x.dtype in _WIDE_UINTS else x


_SIGN_BIT = -(2**63)


def _bits(x: torch.Tensor) -> torch.Tensor:
    """``x`` as int64: uint64 by its bits (modular arithmetic is the same), other integers and bool by value."""
    return x.view(_I64) if x.dtype is _U64 else x.to(_I64)


def _from_bits(y: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """`_bits` undone: int64 ``y`` as ``dtype`` (uint64 by its bits, others by value, modular)."""
    return y.view(_U64) if dtype is _U64 else y.to(dtype)


def _ordered(x: torch.Tensor) -> torch.Tensor:
    """A tensor torch can order whose order is ``x``'s: uint64 as int64 with the sign bit flipped, uint16/32
    as int64, bool as uint8; others as they are."""
    if x.dtype is _U64:
        return x.view(_I64) ^ _SIGN_BIT
    if x.dtype in _WIDE_UINTS:
        return x.to(_I64)
    return x.to(torch.uint8) if x.dtype is torch.bool else x


def _from_ordered(y: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    return (y ^ _SIGN_BIT).view(_U64) if dtype is _U64 else y.to(dtype)


def _ordered_int64(a: T) -> T:
    """uint64 data as int64 in the same order (the sign bit flipped), for torch's int64 kernels."""
    return a.view(torch.int64) ^ _SIGN_BIT


# --- complex numbers in NumPy's order (by real part, then imaginary part), stable sorts -----------
def _parts(x: torch.Tensor) -> torch.Tensor:
    return torch.view_as_real(x.resolve_conj())


def _isnan_any(x: torch.Tensor) -> torch.Tensor:
    return torch.isnan(x) if not x.is_complex() else torch.isnan(x.real) | torch.isnan(x.imag)


def _lex_less(a: torch.Tensor, b: torch.Tensor, equal: bool) -> torch.Tensor:
    """NumPy's order of complex numbers: by real part, then imaginary part (``equal``: less or equal); False
    where either has a NaN part."""
    tie = a.real == b.real
    out = (a.real < b.real) | (tie & ((a.imag <= b.imag) if equal else (a.imag < b.imag)))
    return out & ~(_isnan_any(a) | _isnan_any(b))


def _lex_order(x: torch.Tensor, descending: bool) -> torch.Tensor:
    """Indices that sort the last axis of complex ``x`` as NumPy: by real, then imaginary part; stable; NaNs last
    (first when ``descending``) in NumPy's order of them: ``R + nanj``, ``nan + Rj``, ``nan + nanj``, each by its
    number part."""
    re, im = x.real, x.imag
    nan_re, nan_im = torch.isnan(re), torch.isnan(im)
    kind = nan_im.to(torch.uint8) + 2 * nan_re.to(torch.uint8)  # 0: no NaN, 1: R + nanj, 2: nan + Rj, 3: both
    order = torch.argsort(torch.where(nan_im, 0, im), dim=-1, descending=descending, stable=True)
    for key in (torch.where(nan_re, 0, re), kind):
        order = torch.gather(
            order, -1, torch.argsort(torch.gather(key, -1, order), dim=-1, descending=descending, stable=True)
        )
    return order


def _argsort(x: T, dim: int = -1, descending: bool = False) -> T:
    """A stable argsort in NumPy's order: complex numbers by real part, then imaginary part (torch sorts no
    complex data on the CPU), NaN last."""
    if not x.is_complex():  # (uint64 by the order-keeping int64 of its bits: as int64 it would wrap above 2**63)
        key = _ordered_int64(x) if x.dtype is torch.uint64 else _int64_if_wide(x)
        return torch.sort(key, dim=dim, descending=descending, stable=True).indices
    order = torch.sort(x.imag, dim=dim, descending=descending, stable=True).indices
    by_real = torch.sort(torch.take_along_dim(x.real, order, dim), dim=dim, descending=descending, stable=True)
    return torch.take_along_dim(order, by_real.indices, dim)


def _sorted(x: T, dim: int = -1, descending: bool = False) -> T:
    return torch.take_along_dim(x, _argsort(x, dim, descending), dim)


# --- shapes and axes as NumPy reads them ----------------------------------------------------------
def _shape(shape_: Any, op: str, arg: str = "shape") -> tuple[int, ...]:
    if isinstance(shape_, int):
        return (shape_,)
    try:
        return tuple(map(operator.index, shape_))
    except TypeError as err:
        raise bad_argument(op, arg, shape_, SHAPE, err) from err


def _axes(a: torch.Tensor, axis: Any, op: str, ufunc: bool = True) -> tuple[int, ...]:
    """The non-negative axes ``axis`` names in ``a`` (every axis for None); NumPy's AxisError or ValueError
    where it names one that is not there or one twice. A 0-d array has axis 0 (and -1) for NumPy's ufunc
    reductions (``ufunc``: sum, prod, max, min), none for the others (torch takes dim 0 of a 0-d tensor)."""
    nd = a.ndim
    if axis is None:
        return tuple(range(nd))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    if nd == 0 and ufunc and all(ax in (0, -1) for ax in axes):
        return ()
    for ax in axes:
        if not -nd <= ax < nd:
            raise np.exceptions.AxisError(ax, nd)
    out = tuple(ax % nd for ax in axes)
    if len(set(out)) < len(out):
        raise ValueError(f"{op}: duplicate value in 'axis': {axis}")
    return out

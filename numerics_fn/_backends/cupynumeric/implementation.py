"""The cuPyNumeric backend: `cupynumeric.ndarray`, run by Legate on GPUs or CPUs.

cuPyNumeric follows NumPy's API, so most ops are the shared `numpy_like` implementations
bound to ``xp = cupynumeric``; the ops it lacks (``kron``, ``linalg.det``, ``std``) are composed
there from cuPyNumeric operations, and where its kernels differ from NumPy's, `semantics` fixes
them. What differs is here: conversion to NumPy, the random generator
(``cupynumeric.random.default_rng``, which has no ``choice``), the operand conversion of mixed
NumPy/cuPyNumeric calls, and the device check of creation functions (Legate, not the caller,
places the work: ``device`` can only name what Legate runs on).

On a machine without an NVIDIA driver the PyPI wheels need `numerics_fn.cpu_legate` first.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._errors import BackendUnavailableError, DeviceError, NumericsError

# torch calls its Fortran complex dot products (zdotc_, ...) through the process's global symbols: a BLAS that
# Legate loads first binds them, with another convention for the complex result, and torch's complex dot,
# vdot, inner and 1-d matmul then return 0. torch loaded first keeps its own; where it is installed, load it.
if "torch" not in sys.modules and importlib.util.find_spec("torch") is not None:
    with contextlib.suppress(ImportError):  # hidden from this process (NUMERICS_FN_HIDE_TORCH): nothing to protect
        import torch  # noqa: F401

try:
    import cupynumeric as cn
except ImportError as _err:  # the CUDA build of the wheels without a driver: say what to do
    if "libcuda" not in str(_err):
        raise
    raise BackendUnavailableError(
        f"cupynumeric: the library cannot load ({_err}): this machine has no NVIDIA driver. Run on CPUs with "
        "`python -m numerics_fn.cpu_legate SCRIPT`, or call numerics_fn.cpu_legate.setup() before first use"
    ) from _err
import legate.core as legate

from ... import _ops as ops
from ..._context import Context
from ..._dispatch import TAGS, bad_argument, implements, wrap_registrations
from ..._ops import CATALOGUE
from ..numpy_like.registration import register
from .semantics import (
    register_corner_cases,
    register_division_and_closeness,
    register_integer_products,
    register_matrix_functions,
    register_numpy_semantics,
    register_sorting,
)

NAME = "cupynumeric"
ARRAY = cn.ndarray
ARRAY_TYPES: tuple[type, ...] = (cn.ndarray,)
_GENERATOR = cn.random.Generator
_HOST_DATA = (np.ndarray, np.generic, list, tuple)


def coerce_operands(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """NumPy arrays, NumPy scalars and lists beside cuPyNumeric arrays become cuPyNumeric arrays
    (their dtype kept, in the machine's byte order); Python numbers stay weak scalars."""
    return tuple(_from_host(v) if isinstance(v, _HOST_DATA) else v for v in values)


def _from_host(v: Any) -> Any:
    if isinstance(v, np.ndarray) and not v.dtype.isnative:  # cuPyNumeric takes the machine's byte order only
        return cn.asarray(v, dtype=v.dtype.newbyteorder("="))
    return cn.asarray(v)


def native_dtype(name: str) -> Any:
    """cuPyNumeric's scalar type for a canonical dtype name (NumPy's: ``cupynumeric.float64``)."""
    return getattr(cn, name)


register(cn, ARRAY, NAME, _GENERATOR)
register_numpy_semantics(cn, ARRAY, NAME)  # NumPy's meaning where cuPyNumeric's kernels differ
register_division_and_closeness(cn, ARRAY, NAME)
register_integer_products(cn, ARRAY, NAME)
register_sorting(cn, ARRAY, NAME)
register_matrix_functions(cn, ARRAY, NAME)
register_corner_cases(cn, ARRAY, NAME)  # (last: it wraps implementations registered above)


@implements(ops.to_numpy, ARRAY)
def cupynumeric_to_numpy(x: Any) -> Any:
    return np.asarray(x)


# --- device: Legate decides where work runs; a Context can only ask for what Legate has --------------
def check_device(ctx: Context) -> None:
    """Raise `DeviceError` unless Legate runs this process on the kind of device ``ctx`` names."""
    if ctx.device is None:
        return
    machine = legate.get_machine()
    gpus = machine.count(legate.TaskTarget.GPU)
    kind, _, index = ctx.device.partition(":")
    if kind == "cpu" and gpus:
        raise DeviceError(
            f"cupynumeric: device 'cpu' was asked for, but Legate runs this process on {gpus} GPU(s) and places "
            "the work itself; use device=None, or start the process with LEGATE_CONFIG='--gpus 0' for CPUs"
        )
    if kind == "cuda" and int(index or 0) >= gpus:
        raise DeviceError(
            f"cupynumeric: device {ctx.device!r} was asked for, but Legate has {gpus} GPU(s) in this process; "
            "use device=None (or 'cpu'), or give Legate GPUs (LEGATE_CONFIG='--gpus N' on a machine with them)"
        )


@dataclass(frozen=True, slots=True)
class _DeviceChecked:
    """A creation implementation preceded by `check_device` of its Context (its last argument)."""

    impl: Callable[..., Any]

    def __call__(self, *args: Any) -> Any:
        check_device(args[-1])
        return self.impl(*args)


# cuPyNumeric 26.6 takes seed 0 for "no seed" (`seed or time.perf_counter_ns()`): 0 is replaced by this.
_SEED_ZERO = 0x9E3779B97F4A7C15


class Generator(cn.random.Generator):
    """cuPyNumeric's Generator, remembering the Context `nf.rng` made it under (`generator_context`)."""

    __slots__ = ("context",)
    context: Context


@implements(ops.rng, NAME)
def cupynumeric_rng(seed: int | None, ctx: Context) -> Any:
    if seed is not None and not isinstance(seed, (int, np.integer)):  # cuPyNumeric takes any object silently
        raise bad_argument("rng", "seed", seed, "an int or None")
    if seed is not None and not 0 <= seed < 2**64:
        raise ValueError(f"rng: argument 'seed' must be None or an int in [0, 2**64), got {seed!r}")
    gen = Generator(cn.random.default_rng(None if seed is None else int(seed) or _SEED_ZERO).bit_generator)
    gen.context = ctx
    return gen


# Every creation function (all registered above) checks the Context's device first.
for _entry in CATALOGUE:
    if _entry.kind == "creation":
        implements(_entry.public, NAME)(_DeviceChecked(_entry.dispatcher.dispatch(TAGS[NAME])))


# --- random: cuPyNumeric's Generator has no choice(); composed from integers/random/argsort ---------
@implements(ops.choice, _GENERATOR)
def cupynumeric_choice(rng: Any, a: Any, size: Any, p: Any, replace: bool) -> Any:
    pool = None if isinstance(a, (int, np.integer)) else cn.asarray(a)
    n = int(a) if pool is None else (pool.shape[0] if pool.ndim else 0)
    if n <= 0:
        raise ValueError(f"choice: argument 'a' must be a positive int or a non-empty 1-d array, got {a!r}")
    shape = () if size is None else tuple(int(s) for s in np.atleast_1d(size))
    count = math.prod(shape)
    if p is None:
        weights = None
    else:
        weights = cn.asarray(p, dtype=np.dtype("float64"))
        if (
            weights.shape != (n,)
            or bool(cn.any(weights < 0))
            or not math.isclose(float(cn.sum(weights)), 1.0, abs_tol=1e-8)
        ):
            raise ValueError(
                f"choice: argument 'p' must be {n} non-negative probabilities summing to 1, got shape "
                f"{weights.shape} summing to {float(cn.sum(weights))}; normalise p or match it to 'a'"
            )
    if not replace:
        available = n if weights is None else int(cn.count_nonzero(weights))
        if count > available:
            raise ValueError(
                f"choice: size {size!r} asks for {count} samples without replacement from {available} "
                "possible ones; pass replace=True or a smaller size"
            )
    if weights is None and replace:
        index = rng.integers(0, n, count)
    elif weights is None:
        index = cn.argsort(rng.random(n))[:count]  # a uniformly random permutation, truncated
    elif replace:
        cdf = cn.cumsum(weights)
        index = cn.minimum(cn.searchsorted(cdf / cdf[-1], rng.random(count), side="right"), n - 1)
    else:
        # Efraimidis-Spirakis: the `count` largest keys log(u)/p are a weighted sample without replacement.
        keys = cn.log(rng.random(n)) / weights  # p = 0 gives -inf: never picked
        index = cn.argsort(-keys)[:count]
    index = index.reshape(shape)
    return index if pool is None else pool[index]


# --- threads: Legion aborts the whole process when a thread other than the one that started the
# runtime issues work. Every implementation checks the thread first and raises instead. ------------
_HOME_THREAD = threading.get_ident()


@dataclass(frozen=True, slots=True)
class _HomeThread:
    """An implementation that runs only on the thread that loaded cuPyNumeric."""

    op: str
    impl: Callable[..., Any]

    def __call__(self, *args: Any) -> Any:
        if threading.get_ident() != _HOME_THREAD:
            raise NumericsError(
                f"{self.op}: cuPyNumeric work was issued from thread {threading.current_thread().name!r}, but "
                "Legate accepts it only from the thread that first loaded cupynumeric (another thread would abort "
                "the process); run cuPyNumeric pipelines on that thread, e.g. as asyncio tasks, or use processes"
            )
        return self.impl(*args)


wrap_registrations((cn.ndarray, _GENERATOR, TAGS[NAME]), _HomeThread)

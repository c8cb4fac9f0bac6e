"""Random numbers on a `torch.Generator` (``nf.rng``'s, which remembers the Context it was made under)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from ... import _ops as ops
from ..._context import Context, generator_context
from ..._dispatch import bad_argument, implements
from ..._errors import UnsupportedTypeError
from ..numpy_like.core import scaled_and_shifted
from .conversion import _device, _on
from .dtypes import _NAME_OF_TORCH, _default_dtype, torch_dtype
from .semantics import NAME, T, _shape

__all__: list[str] = []


class Generator(torch.Generator):
    """torch's Generator, remembering the Context `nf.rng` made it under (`generator_context`)."""

    __slots__ = ("context",)
    context: Context

    def __reduce__(self) -> tuple[Any, ...]:
        return _generator, (str(self.device), self.get_state(), getattr(self, "context", None))


def _generator(device: str, state: torch.Tensor, ctx: Context | None) -> Generator:
    out = Generator(device=device)
    out.set_state(state)
    if ctx is not None:
        out.context = ctx
    return out


@implements(ops.rng, NAME)
def torch_rng(seed: int | None, ctx: Context) -> torch.Generator:
    gen = Generator(device=_device(ctx, "rng") or "cpu")
    gen.context = ctx
    if seed is None:
        gen.seed()
    else:
        try:
            gen.manual_seed(seed)
        except (TypeError, RuntimeError) as err:  # torch: RuntimeError "manual_seed expected a long"
            raise bad_argument("rng", "seed", seed, "an int or None", err) from err
    return gen


@implements(ops.normal, torch.Generator)
def torch_normal(rng: torch.Generator, shape_: Any, dtype: Any, loc: Any, scale: Any, ctx: Context | None) -> Any:
    # A complex dtype gives real and imaginary parts of variance 1/2 each, as the catalogue says.
    dt = _default_dtype(dtype, generator_context(rng, ctx), "normal")
    if not (dt.is_floating_point or dt.is_complex):
        raise UnsupportedTypeError(
            f"normal: dtype {_NAME_OF_TORCH.get(dt, dt)} is not supported; use a real floating or complex dtype"
        )
    samples = torch.randn(_shape(shape_, "normal"), generator=rng, dtype=dt, device=rng.device)
    return scaled_and_shifted(samples, loc, scale)


@implements(ops.uniform, torch.Generator)
def torch_uniform(
    rng: torch.Generator, shape_: Any, low: float, high: float, dtype: Any, ctx: Context | None
) -> torch.Tensor:
    dt = _default_dtype(dtype, generator_context(rng, ctx), "uniform")
    if not dt.is_floating_point:
        raise UnsupportedTypeError(
            f"uniform: dtype {_NAME_OF_TORCH.get(dt, dt)} is not supported; use a real floating dtype"
        )
    return torch.empty(_shape(shape_, "uniform"), dtype=dt, device=rng.device).uniform_(low, high, generator=rng)


@implements(ops.choice, torch.Generator)
def torch_choice(rng: torch.Generator, a: Any, size: Any, p: Any, replace: bool) -> torch.Tensor:
    device = rng.device
    population = None if isinstance(a, (int, np.integer)) else _on(a, device)
    n = int(a) if population is None else population.shape[0] if population.ndim else -1
    if n < 0:
        raise ValueError(
            f"choice: argument 'a' must be an int or a 1-D array, got a 0-d array ({a!r}); pass a sequence"
        )
    if n == 0:
        raise ValueError("choice: argument 'a' is empty (a=0 or a length-0 array); pass a non-empty population")
    count = 1 if size is None else math.prod(_shape(size, "choice", "size"))
    if not replace and count > n:
        raise ValueError(
            f"choice: cannot take {count} samples without replacement from a population of {n}; "
            "pass replace=True or a smaller size"
        )
    if p is None:
        weights = torch.ones(n, dtype=torch.float64, device=device)
    else:
        weights = _on(p, device).to(torch.float64)
        if weights.shape != (n,) or bool((weights < 0).any()) or abs(float(weights.sum()) - 1.0) > 1e-8:
            raise ValueError(
                f"choice: argument 'p' must be {n} non-negative probabilities summing to 1, got shape "
                f"{tuple(weights.shape)} summing to {float(weights.sum())}; normalise p (p / p.sum())"
            )
    index = torch.multinomial(weights, count, replacement=replace, generator=rng)
    out = index if population is None else population[index]
    return out.reshape(() if size is None else _shape(size, "choice", "size") + tuple(out.shape[1:]))


@implements(ops.integers, torch.Generator)
def torch_integers(rng: torch.Generator, low: Any, high: Any, size: Any, dtype: Any, endpoint: bool) -> T:
    if high is None:
        low, high = 0, low
    if endpoint:
        high = high + 1
    if high <= low:
        raise ValueError(f"integers: high <= low ({high} <= {low}); pass low < high")
    shape = () if size is None else _shape(size, "integers", "size")
    dt = torch.int64 if dtype is None else torch_dtype(dtype, "integers")
    return torch.randint(int(low), int(high), shape, generator=rng, device=rng.device, dtype=torch.int64).to(dt)


@implements(ops.permutation, torch.Generator)
def torch_permutation(rng: torch.Generator, x: Any) -> T:
    if isinstance(x, (int, np.integer)):
        return torch.randperm(int(x), generator=rng, device=rng.device)
    x = _on(x, rng.device)
    if x.ndim == 0:
        raise ValueError("permutation: x must be an integer or at least 1-dimensional")
    return x[torch.randperm(x.shape[0], generator=rng, device=rng.device)]


@implements(ops.shuffle, torch.Generator)
def torch_shuffle(rng: torch.Generator, x: Any, axis: int) -> T:
    x = _on(x, rng.device)
    order = torch.randperm(x.shape[axis], generator=rng, device=rng.device)
    return x.index_select(axis, order)

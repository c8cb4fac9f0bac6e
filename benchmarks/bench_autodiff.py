"""Gradients of NumPy functions: exact (torch mirrors) against finite differences.

f(x) = sum(sin x) + 0.5 xᵀAx + sum(exp(0.1 x)), float64, NumPy input, A dense and random.

- n = 100: relative error of ``nf.grad(f)`` (method="auto": exact, through torch mirrors) and of
  central finite differences against the analytic gradient; time of one ``nf.value_and_grad``
  call in units of one evaluation of f plus the NumPy↔torch conversion of x and its gradient.
  The reference design's forward differences are shown for comparison (error, evaluations), and
  torch's own autograd of f on plain tensors in the same units (the floor for any torch-based path).
- n = 10,000: speed-up of the exact gradient over central finite differences. Central differences
  cost 2n + 1 evaluations of f (about half an hour here), so by default their time is
  ``(2n + 1) * t(f)`` scaled by the ratio measured/modelled of a real finite-difference run at
  n = 1,000 (``fd_model_check``), where a real run is cheap. ``--full-fd`` runs the real thing at
  n = 10,000 instead.

Run: ``python benchmarks/bench_autodiff.py [--full-fd]``; ``run() -> dict`` for the benchmark suite.
"""

from __future__ import annotations

import sys
import timeit
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

import numerics_fn as nf


def _problem(
    n: int, seed: int = 0
) -> tuple[Callable[[Any], Any], Callable[[np.ndarray], np.ndarray], np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, n)) / np.sqrt(n)
    x = rng.uniform(-1.0, 1.0, n)

    def f(x: Any) -> Any:
        return nf.sum(nf.sin(x)) + 0.5 * x @ (a @ x) + nf.sum(nf.exp(0.1 * x))

    def gradient(x: np.ndarray) -> np.ndarray:
        return np.cos(x) + 0.5 * (a + a.T) @ x + 0.1 * np.exp(0.1 * x)

    return f, gradient, x, a


def _seconds(fn: Callable[[], Any], number: int, repeat: int = 5) -> float:
    fn()  # warm-up: loads backends, fills dispatch caches
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def _rel(got: np.ndarray, want: np.ndarray) -> float:
    return float(np.max(np.abs(got - want)) / np.max(np.abs(want)))


def _forward_differences(f: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
    """The reference design: forward differences, h = sqrt(eps) * max(1, |x|)."""
    f0 = float(f(x))
    g = np.empty_like(x)
    for j in range(x.size):
        h = np.sqrt(np.finfo(x.dtype).eps) * max(1.0, abs(x[j]))
        e = x.copy()
        e[j] += h
        g[j] = (float(f(e)) - f0) / (e[j] - x[j])
    return g


def _small(n: int = 100) -> dict[str, Any]:
    import torch

    f, gradient, x, a = _problem(n)
    want = gradient(x)
    exact = nf.grad(f)(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nf.GradientFallbackWarning)
        central = nf.grad(f, method="finite_difference")(x)
    t_grad = _seconds(lambda: nf.value_and_grad(f)(x), 200)
    t_f = _seconds(lambda: f(x), 2000)
    t_conv = _seconds(lambda: nf.to_numpy(nf.convert(x, "pytorch") * 1.0), 2000)
    xt = torch.from_numpy(x)
    at = torch.from_numpy(a)

    def f_torch(x: Any) -> Any:
        return nf.sum(nf.sin(x)) + 0.5 * x @ (at @ x) + nf.sum(nf.exp(0.1 * x))

    t_f_torch = _seconds(lambda: f_torch(xt), 2000)
    t_grad_tensor = _seconds(lambda: nf.value_and_grad(f_torch)(xt), 200)

    def raw_autograd() -> Any:
        leaf = torch.from_numpy(x).requires_grad_(True)
        out = torch.sin(leaf).sum() + 0.5 * leaf @ (at @ leaf) + torch.exp(0.1 * leaf).sum()
        return torch.autograd.grad(out, leaf)[0].numpy()

    t_raw = _seconds(raw_autograd, 200)
    return {
        "n": n,
        "grad_rel_error": _rel(exact, want),
        "central_fd_rel_error": _rel(central, want),
        "forward_fd_rel_error": _rel(_forward_differences(f, x), want),
        "t_value_and_grad_us": t_grad * 1e6,
        "t_f_numpy_us": t_f * 1e6,
        "t_conversion_us": t_conv * 1e6,
        "t_f_torch_us": t_f_torch * 1e6,
        "t_value_and_grad_tensor_us": t_grad_tensor * 1e6,
        "t_raw_torch_autograd_us": t_raw * 1e6,
        "ratio_to_f_numpy_plus_conversion": t_grad / (t_f + t_conv),
        "ratio_to_f_torch_plus_conversion": t_grad / (t_f_torch + t_conv),
        # the floor: torch's own autograd of f on plain tensors, in the same units as the target ratio
        "raw_torch_autograd_ratio_to_f_numpy_plus_conversion": t_raw / (t_f + t_conv),
        "reference_design_evaluations": n + 1,
    }


def _large(n: int = 10_000, full_fd: bool = False) -> dict[str, Any]:
    f, gradient, x, _ = _problem(n)
    exact = nf.grad(f)(x)
    t_grad = _seconds(lambda: nf.value_and_grad(f)(x), 3, repeat=3)
    t_f = _seconds(lambda: f(x), 10, repeat=3)
    fd = nf.grad(f, method="finite_difference")
    if full_fd:
        t_fd = _seconds(lambda: fd(x), 1, repeat=1)
        how = "measured"
    # Check the cost model where a real run is cheap.
    f_m, _, x_m, _ = _problem(1000, seed=1)
    fd_m = nf.grad(f_m, method="finite_difference")
    model = (2 * 1000 + 1) * _seconds(lambda: f_m(x_m), 200, repeat=3)
    measured = _seconds(lambda: fd_m(x_m), 1, repeat=2)
    if not full_fd:
        t_fd = (2 * n + 1) * t_f * measured / model
        how = "estimated: (2n+1) t(f) x fd_model_check"
    return {
        "n": n,
        "grad_rel_error": _rel(exact, gradient(x)),
        "t_value_and_grad_s": t_grad,
        "t_f_numpy_s": t_f,
        "t_central_fd_s": t_fd,
        "central_fd_time": how,
        "speedup_over_central_fd": t_fd / t_grad,
        "fd_model_check_n1000_measured_over_model": measured / model,
    }


def run(full_fd: bool = False) -> dict[str, Any]:
    """Both measurements, as one dict (times in the units their keys name)."""
    return {"n100": _small(), "n10000": _large(full_fd=full_fd)}


def _table(results: dict[str, Any]) -> str:
    lines = []
    for part, values in results.items():
        lines.append(f"[{part}]")
        for key, value in values.items():
            text = f"{value:.3g}" if isinstance(value, float) else str(value)
            lines.append(f"  {key:<40} {text}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(_table(run(full_fd="--full-fd" in sys.argv[1:])))

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

Transforms (issue 17), each interleaved over rounds (medians):

- ``vmap_grad``: ``nf.vmap(nf.grad(f))`` over 1,000 x 50 NumPy rows against
  ``torch.func.vmap(torch.func.grad(f))`` on the same data as tensors, conversion from and to NumPy
  included (target: within 2x), the Python loop it replaced, and the first 6 calls (the race that chooses
  between the loop and the vectorised program, then the kept path).
- ``vmap_batches``: ``nf.vmap(f)`` against the loop for batches of 1 to 4,096 rows of 50 (target: no slower
  for small batches, faster for large ones), with the vectorised program alone, the path nf.vmap chose,
  and what the first calls (the race that chooses) cost against as many calls of the loop.
- ``jit``: a chain of 12 elementwise operations over 10^6 float64 values, ``nf.jit`` after warm-up
  against eager NumPy (target: at least 2x, results within 1e-12), and the first call's compile time.

Run: ``python benchmarks/bench_autodiff.py [--full-fd | --transforms-only | --vmap-grad-only | --vmap-batches-only]
[--torch-threads N]``;
``run() -> dict`` for the benchmark suite.
"""

from __future__ import annotations

import statistics
import sys
import time
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


def _interleaved(variants: dict[str, Callable[[], Any]], rounds: int, number: int = 1) -> dict[str, float]:
    """The median over ``rounds`` of each variant's time per call (seconds); every round runs every variant,
    in a rotating order, so that drift of a shared machine reaches them alike."""
    names = list(variants)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            fn = variants[name]
            start = time.perf_counter()
            for _ in range(number):
                fn()
            times[name].append((time.perf_counter() - start) / number)
    return {name: statistics.median(values) for name, values in times.items()}


def _vmap_grad(batch: int = 1000, n: int = 50, rounds: int = 15) -> dict[str, Any]:
    """``nf.vmap(nf.grad(f))`` over ``batch`` NumPy rows of length ``n`` against ``torch.func.vmap(torch.func.grad(f))``
    on the same data as tensors (conversion from and to NumPy included), and the loop it replaced."""
    import torch

    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)) / np.sqrt(n)
    rows = rng.uniform(-1.0, 1.0, (batch, n))
    at = torch.from_numpy(a)

    def f(x: Any) -> Any:
        return nf.sum(nf.sin(x)) + 0.5 * nf.sum(x * (a @ x)) + nf.sum(nf.exp(0.1 * x))

    def f_torch(x: Any) -> Any:
        return torch.sum(torch.sin(x)) + 0.5 * torch.sum(x * (at @ x)) + torch.sum(torch.exp(0.1 * x))

    nf.vectorize_or_fallback(lambda r: nf.sum(nf.sin(r)), policy="force")(rows[:2])  # (torch's first use)
    nf_vg = nf.vmap(nf.grad(f))
    torch_vg = torch.func.vmap(torch.func.grad(f_torch))
    looped = nf.vectorize_or_fallback(nf.grad(f), policy="off")
    want = np.cos(rows) + 0.5 * rows @ (a + a.T) + 0.1 * np.exp(0.1 * rows)
    t_first, race_calls, race = _first_calls(lambda: nf_vg(rows), nf_vg, 6)
    got = nf_vg(rows)
    times = _interleaved(
        {
            "nf": lambda: nf_vg(rows),
            "torch_with_conversion": lambda: torch_vg(torch.from_numpy(rows)).numpy(),
            "torch_tensors_only": lambda: torch_vg(torch.from_numpy(rows)),
        },
        rounds,
    )
    t_loop = _interleaved({"loop": lambda: looped(rows)}, 3)["loop"]
    return {
        "batch_x_n": f"{batch}x{n}",
        "rel_error": _rel(got, want),
        "t_nf_vmap_grad_ms": times["nf"] * 1e3,
        "t_torch_func_vmap_grad_ms": times["torch_with_conversion"] * 1e3,
        "t_torch_func_vmap_grad_tensors_only_ms": times["torch_tensors_only"] * 1e3,
        "t_loop_ms": t_loop * 1e3,
        "ratio_nf_to_torch_func": times["nf"] / times["torch_with_conversion"],
        "torch_threads": torch.get_num_threads(),
        "speedup_over_loop": t_loop / times["nf"],
        "nf_vmap_chose": race.choice,
        # the first 6 calls of the signature (racing the loop against the vectorised program, then the kept path)
        "t_first_6_calls_s": t_first,
        "race_calls": race_calls,
        "target_ratio": 2.0,
    }


def _first_calls(call: Callable[[], Any], vmapped: Any, count: int) -> tuple[float, int, Any]:
    """The first ``count`` calls of ``vmapped`` (an ``nf.vmap``) on one new input signature: their time, how many
    of them raced its loop against its vectorised program (`numerics_fn._transforms.vectorize.Race`), the race."""
    start = time.perf_counter()
    call()  # the race's first call: its entry is the newest
    race, racing = list(vmapped.choices.races.values())[-1], 1
    for _ in range(count - 1):
        racing += not race.due
        call()
    return time.perf_counter() - start, racing, race


def _race(call: Callable[[], Any], vmapped: Any) -> tuple[float, int, Any]:
    """The first calls of ``vmapped`` (an ``nf.vmap``) on one new input signature, while they race its loop against
    its vectorised program (`numerics_fn._transforms.vectorize.Race`): their time, their number, and the race."""
    from numerics_fn._transforms import vectorize

    start = time.perf_counter()
    call()  # the race's first call: its entry is the newest
    race, calls = list(vmapped.choices.races.values())[-1], 1
    while calls < 2 * vectorize.SAMPLES and not race.due:
        call()
        calls += 1
    return time.perf_counter() - start, calls, race


def _vmap_batches(
    n: int = 50, batches: tuple[int, ...] = (1, 4, 16, 64, 256, 1024, 4096), rounds: int = 15
) -> dict[str, Any]:
    """``nf.vmap(f)`` on NumPy rows against the Python loop (``vectorize_or_fallback(policy="off")``) and the
    vectorised program alone (``policy="force"``), after the race that chooses between them (`vectorize.Race`);
    what the race's calls cost, against as many calls of the loop; and the loop against itself (the noise)."""
    import torch

    rng = np.random.default_rng(1)

    def f(row: Any) -> Any:
        return nf.sum(nf.sin(row) * row) + nf.max(row)

    nf.vectorize_or_fallback(f, policy="force")(rng.standard_normal((2, n)))  # (torch's first use in the process)
    out: dict[str, Any] = {"n": n, "torch_threads": torch.get_num_threads()}
    for batch in batches:
        rows = rng.standard_normal((batch, n))
        vmapped = nf.vmap(f)
        looped = nf.vectorize_or_fallback(f, policy="off")
        forced = nf.vectorize_or_fallback(f, policy="force")
        looped(rows)  # warm-up of the loop's dispatch
        t_race, calls, race = _race(lambda: vmapped(rows), vmapped)  # noqa: B023
        chosen = race.choice
        np.testing.assert_allclose(vmapped(rows), looped(rows), rtol=1e-13)
        number = max(1, 1024 // batch)
        variants = {
            "vmap": lambda: vmapped(rows),  # noqa: B023
            "loop": lambda: looped(rows),  # noqa: B023
            "loop_again": lambda: looped(rows),  # noqa: B023 (the same again: the machine's noise, A/A)
        }
        times = _interleaved(variants, rounds, number)
        # Apart: after torch's threads ran, they spin for a while, which slows whatever runs next on a busy machine.
        alone = _interleaved({"vectorised": lambda: forced(rows), "loop": lambda: looped(rows)}, rounds, number)  # noqa: B023
        out[f"batch_{batch}_loop_us"] = times["loop"] * 1e6
        out[f"batch_{batch}_vmap_us"] = times["vmap"] * 1e6
        out[f"batch_{batch}_vmap_over_loop"] = times["vmap"] / times["loop"]
        out[f"batch_{batch}_loop_again_over_loop"] = times["loop_again"] / times["loop"]
        out[f"batch_{batch}_vectorised_only_over_loop"] = alone["vectorised"] / alone["loop"]
        out[f"batch_{batch}_chosen"] = chosen if race.choice == chosen else f"{chosen}, later {race.choice}"
        out[f"batch_{batch}_race_calls_over_loop"] = t_race / (calls * times["loop"])
        out[f"batch_{batch}_race_calls"] = calls
    return out


def _jit(size: int = 1_000_000, rounds: int = 15) -> dict[str, Any]:
    """A chain of 12 elementwise operations over ``size`` float64 values: ``nf.jit`` (torch.compile on tensors
    sharing the array's memory) against eager NumPy through nf and NumPy itself; compile time of the first call."""
    import torch

    x = np.random.default_rng(2).uniform(0.1, 1.0, size)

    def chain(x: Any) -> Any:
        y = nf.sin(x) * 2.0 + 1.0
        y = nf.exp(-y) * x
        return nf.tanh(y + nf.sqrt(x)) * 0.5 + nf.cos(x)

    def chain_numpy(x: np.ndarray) -> np.ndarray:
        y = np.sin(x) * 2.0 + 1.0
        y = np.exp(-y) * x
        return np.tanh(y + np.sqrt(x)) * 0.5 + np.cos(x)

    jitted = nf.jit(chain)
    start = time.perf_counter()
    first = jitted(x)
    t_compile = time.perf_counter() - start
    want = chain_numpy(x)
    times = _interleaved({"jit": lambda: jitted(x), "nf": lambda: chain(x), "numpy": lambda: chain_numpy(x)}, rounds)
    return {
        "size": size,
        "operations": 12,
        "max_rel_error": float(np.max(np.abs(first - want) / np.abs(want))),
        "t_first_call_compile_s": t_compile,
        "t_jit_ms": times["jit"] * 1e3,
        "t_eager_nf_numpy_ms": times["nf"] * 1e3,
        "t_eager_numpy_ms": times["numpy"] * 1e3,
        "speedup_over_eager_numpy": times["numpy"] / times["jit"],
        "torch_threads": torch.get_num_threads(),
        "target_speedup": 2.0,
    }


def run(full_fd: bool = False, transforms: bool = True) -> dict[str, Any]:
    """All measurements, as one dict (times in the units their keys name); ``transforms=False`` leaves out
    the vmap and jit parts (issue 17), whose first compilation takes seconds."""
    results = {"n100": _small(), "n10000": _large(full_fd=full_fd)}
    if transforms:
        results |= {"vmap_grad": _vmap_grad(), "vmap_batches": _vmap_batches(), "jit": _jit()}
    return results


def _table(results: dict[str, Any]) -> str:
    lines = []
    for part, values in results.items():
        lines.append(f"[{part}]")
        for key, value in values.items():
            text = f"{value:.3g}" if isinstance(value, float) else str(value)
            lines.append(f"  {key:<40} {text}")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--torch-threads" in sys.argv[1:]:  # e.g. 1 on a shared machine, where torch's threads wait on each other
        import torch

        torch.set_num_threads(int(sys.argv[sys.argv.index("--torch-threads") + 1]))
    if "--vmap-batches-only" in sys.argv[1:]:
        print(_table({"vmap_batches": _vmap_batches()}))
    elif "--vmap-grad-only" in sys.argv[1:]:
        print(_table({"vmap_grad": _vmap_grad()}))
    elif "--transforms-only" in sys.argv[1:]:
        print(_table({"vmap_grad": _vmap_grad(), "vmap_batches": _vmap_batches(), "jit": _jit()}))
    else:
        print(_table(run(full_fd="--full-fd" in sys.argv[1:])))

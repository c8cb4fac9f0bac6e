"""A pipeline that threads one explicit ``ctx`` through every call and never reads ambient state.

`fit_line` generates noisy data y = X·w + noise from a seeded generator, fits w by least
squares (normal equations, Cholesky-based `solve(assume_a="pos")`) and measures the residual,
passing the same ``ctx`` to every numerics_fn call. It runs once per usable backend while the
ambient Context is deliberately set to something else (numpy at float32), to show that the
explicit ``ctx`` wins: every result is on the ctx's backend at float64, and the fitted
weights recover the true ones.
"""

from __future__ import annotations

from typing import Any

from _common import usable_backends

import numerics_fn as nf

TRUE_WEIGHTS = [2.0, -1.0, 0.5]
SAMPLES = 400
NOISE = 0.01


def fit_line(ctx: nf.Context, seed: int = 0) -> tuple[Any, Any]:
    """Fit least-squares weights to seeded synthetic data on ``ctx``; return (weights, residual RMS)."""
    gen = nf.rng(seed, ctx=ctx)
    x = nf.normal(gen, (SAMPLES, len(TRUE_WEIGHTS)), ctx=ctx)
    w_true = nf.array(TRUE_WEIGHTS, ctx=ctx)
    y = nf.matmul(x, w_true, ctx=ctx) + NOISE * nf.normal(gen, (SAMPLES,), ctx=ctx)
    xt = nf.transpose(x, ctx=ctx)
    w = nf.solve(nf.matmul(xt, x, ctx=ctx), nf.matmul(xt, y, ctx=ctx), assume_a="pos", ctx=ctx)
    residual = nf.sqrt(nf.mean(nf.square(y - nf.matmul(x, w, ctx=ctx), ctx=ctx), ctx=ctx), ctx=ctx)
    return w, residual


def main() -> None:
    """Run the pipeline on every usable backend under a deliberately different ambient Context."""
    for name in usable_backends():
        ctx = nf.Context(backend=name, precision="float64")
        with nf.use_backend("numpy", precision="float32") as ambient:
            w, residual = fit_line(ctx)
        weights = " ".join(f"{v:+.4f}" for v in nf.to_numpy(w).tolist())
        print(
            f"ctx={ctx.backend}/{ctx.precision} ambient={ambient.backend}/{ambient.precision} "
            f"result={nf.backend_of(w)}/{nf.to_numpy(w).dtype} weights=[{weights}] "
            f"residual_rms={float(residual):.5f} (noise {NOISE})"
        )


if __name__ == "__main__":
    main()

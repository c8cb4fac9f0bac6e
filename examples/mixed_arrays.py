"""Type-driven dispatch over arrays of different backends in one computation.

`layer` is one small neural-network layer, tanh(inputs @ weights + bias), written with nf
operations. It is called with the weights on one backend (float64) and the inputs on
another (float32), for every pair of usable backends. The arrays decide where it runs:
NumPy with PyTorch runs on PyTorch, NumPy with cuPyNumeric on cuPyNumeric, and the result
dtype is NumPy's promotion (float64: nothing is downcast). PyTorch with cuPyNumeric is
refused with a `MixedBackendError` naming the arguments, and `nf.convert` fixes it. Each
line compares the result with an all-NumPy float64 reference.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from _common import usable_backends

import numerics_fn as nf

WEIGHTS = [[0.5, -1.0], [0.25, 0.75], [-0.5, 0.1]]
INPUTS = [[1.0, 2.0, 3.0], [-1.0, 0.5, 0.25]]
BIAS = 0.1  # a Python number: neutral, it follows the arrays beside it


def layer(weights: Any, inputs: Any, bias: Any) -> Any:
    """tanh(inputs @ weights + bias): runs wherever its array arguments live."""
    return nf.tanh(nf.matmul(inputs, weights) + bias)


def describe(result: Any, reference: Any) -> str:
    """Where the result lives, its dtype and sum, and whether it matches the NumPy reference."""
    dtype = nf.to_numpy(result).dtype
    agrees = nf.allclose(nf.to_numpy(result), reference, rtol=1e-12, atol=0.0)
    return (
        f"result on {nf.backend_of(result)} dtype {dtype} sum={float(nf.sum(result)):.12f}; agrees with NumPy: {agrees}"
    )


def main() -> None:
    """Call `layer` on every pair of usable backends."""
    backends = usable_backends()
    numpy_ctx = nf.Context(backend="numpy")
    reference = layer(nf.array(WEIGHTS, ctx=numpy_ctx), nf.array(INPUTS, dtype="float32", ctx=numpy_ctx), BIAS)
    if len(backends) < 2:
        print(f"mixing needs two usable backends; only {backends} loaded here")
        return
    for first, second in combinations(backends, 2):
        weights = nf.array(WEIGHTS, ctx=nf.Context(backend=first))
        inputs = nf.array(INPUTS, dtype="float32", ctx=nf.Context(backend=second))
        label = f"{first}(float64 weights) with {second}(float32 inputs)"
        try:
            result = layer(weights, inputs, BIAS)
        except nf.MixedBackendError as err:
            print(f"{label}: refused: MixedBackendError: {err}")
            result = layer(nf.convert(weights, second), inputs, BIAS)
            print(f"{label}, after nf.convert(weights, {second!r}): {describe(result, reference)}")
            continue
        print(f"{label}: {describe(result, reference)}; inputs stay on {nf.backend_of(inputs)}")


if __name__ == "__main__":
    main()

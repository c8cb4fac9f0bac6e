"""Choosing the backend three ways, with one small quantum-circuit simulation.

The circuit builds the Bell state (|00> + |11>)/√2 and the 3-qubit GHZ state
(|000> + |111>)/√2 as state vectors, with numerics_fn operations only: a Hadamard on
qubit 0, then a chain of CNOTs, each gate applied with `tensordot` and `moveaxis`.
It is written once against a namespace ``xp`` and run on every installed backend, selected

1. through the ambient Context:         ``with nf.use_backend(name): circuit(nf)``
2. through an explicit Context:          ``circuit(nf, ctx=nf.Context(backend=name))``
3. through a backend namespace object:   ``circuit(nf.get_backend(name))``

Each run prints the backend its arrays ended up on and the nonzero amplitudes; the last
line says whether every run agrees.
"""

from __future__ import annotations

import math
from typing import Any

from _common import usable_backends

import numerics_fn as nf


def apply_gate(xp: Any, state: Any, gate: Any, qubits: tuple[int, ...]) -> Any:
    """Apply a k-qubit gate (shape (2,)*2k) to ``qubits`` of a state of shape (2,)*n."""
    k = len(qubits)
    out = xp.tensordot(gate, state, axes=(list(range(k, 2 * k)), list(qubits)))
    return xp.moveaxis(out, list(range(k)), list(qubits))  # the gate's output axes back in place


def ghz_state(xp: Any, n_qubits: int, ctx: nf.Context | None = None) -> Any:
    """(|0…0> + |1…1>)/√2 on ``n_qubits`` qubits (the Bell state for 2), as a vector of 2**n amplitudes."""
    c = nf.complex128
    state = xp.reshape(xp.array([1] + [0] * (2**n_qubits - 1), dtype=c, ctx=ctx), (2,) * n_qubits)
    hadamard = xp.array([[1, 1], [1, -1]], dtype=c, ctx=ctx) / math.sqrt(2)
    cnot = xp.reshape(xp.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=c, ctx=ctx), (2,) * 4)
    state = apply_gate(xp, state, hadamard, (0,))
    for q in range(n_qubits - 1):
        state = apply_gate(xp, state, cnot, (q, q + 1))
    return xp.reshape(state, (2**n_qubits,))


def describe(state: Any, n_qubits: int) -> str:
    """The backend and the nonzero amplitudes of ``state``, as ``|bits>: re+imj``."""
    amplitudes = nf.to_numpy(state)
    terms = [
        f"|{i:0{n_qubits}b}>: {complex(a).real:+.6f}{complex(a).imag:+.6f}j"
        for i, a in enumerate(amplitudes)
        if abs(a) > 1e-12
    ]
    return f"backend={nf.backend_of(state)} " + " ".join(terms)


def main() -> None:
    """Run the Bell and GHZ circuits on every usable backend, selected three ways."""
    results = []
    for name in usable_backends():
        for n_qubits, label in ((2, "bell"), (3, "ghz3")):
            with nf.use_backend(name):
                runs = {"use_backend": ghz_state(nf, n_qubits)}
            runs["explicit ctx"] = ghz_state(nf, n_qubits, ctx=nf.Context(backend=name))
            runs["get_backend"] = ghz_state(nf.get_backend(name), n_qubits)
            for how, state in runs.items():
                print(f"{name:<12} {how:<13} {label:<5} {describe(state, n_qubits)}")
                results.append((label, nf.to_numpy(state)))
    agree = all(
        nf.allclose(state, other, atol=1e-12) for label, state in results for lab2, other in results if lab2 == label
    )
    print(f"{len(results)} runs; all runs agree: {agree}")


if __name__ == "__main__":
    main()

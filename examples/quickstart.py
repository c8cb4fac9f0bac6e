"""Quickstart (the README's first example): one function, and three ways of choosing where it runs."""

import numerics_fn as nf


def energy(h, psi):
    """<psi|H|psi>: written once with nf operations, run on whatever backend the arrays are."""
    return nf.real(nf.einsum("i,ij,j->", nf.conj(psi), h, psi))


h = nf.array([[1.0, 0.5], [0.5, -1.0]])  # the default Context: numpy, float64
psi = nf.array([1.0, 1.0]) / nf.sqrt(2.0)
print(nf.backend_of(h), f"{energy(h, psi):.4f}")  # numpy 0.5000

with nf.use_backend("pytorch"):  # creation functions now make torch tensors
    h_t, psi_t = nf.asarray(h), nf.asarray(psi)
print(nf.backend_of(h_t), f"{energy(h_t, psi_t):.4f}")  # pytorch 0.5000: the arrays decide, not the Context

ctx = nf.Context(backend="pytorch", precision="float32")  # or pass a Context to any call
print(nf.zeros(2, ctx=ctx).dtype)  # torch.float32

e, slope = nf.value_and_grad(lambda t: energy(h, nf.stack([nf.cos(t), nf.sin(t)])))(nf.array(0.0))
print(f"{e:.4f} {slope:.4f} {nf.min(nf.eigh(h)[0]):.4f}")  # 1.0000 1.0000 -1.1180: energy, slope, ground state

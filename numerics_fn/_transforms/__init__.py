"""The transforms (gradients, vmap, jit) and pytrees: re-exports only.

- `api`: the public functions (``nf.grad`` ...), their signatures and docstrings (the semantics of all of
  them: methods, escapes, NumPy's face, finite differences' steps and tolerances). Loaded by
  ``import numerics_fn``; each function imports its concept's module on first use, since the frozen
  dataclasses there are slow to create.
- `derivatives`: value_and_grad, grad, jacfwd, jacrev, hessian (their frozen-dataclass wrappers), jvp, vjp,
  stop_gradient. `finite_differences`: the central differences they fall back to.
- `vectorize`: vmap and vectorize_or_fallback. `jit`: jit.
- `common`: what those share (argument checks, per-call records, the loader of the torch side).
- `mirrors`: the torch side (torch.func on tensors, torch mirrors of NumPy arguments and the detection of
  escapes); imports torch, so it loads only when a transform needs it.
- `tree`: pytrees (a leaf: imports nothing of numerics_fn).
"""

from .api import grad as grad
from .api import hessian as hessian
from .api import jacfwd as jacfwd
from .api import jacrev as jacrev
from .api import jit as jit
from .api import jvp as jvp
from .api import stop_gradient as stop_gradient
from .api import value_and_grad as value_and_grad
from .api import vectorize_or_fallback as vectorize_or_fallback
from .api import vjp as vjp
from .api import vmap as vmap
from .tree import tree_flatten as tree_flatten
from .tree import tree_map as tree_map
from .tree import tree_unflatten as tree_unflatten

__all__ = [
    "grad", "hessian", "jacfwd", "jacrev", "jit", "jvp", "stop_gradient", "tree_flatten", "tree_map", "tree_unflatten",
    "value_and_grad", "vectorize_or_fallback", "vjp", "vmap",
]  # fmt: skip

"""Gradients and transforms (value_and_grad, grad, jacfwd, hessian, vmap, jit).

Placeholder module filled in by the autodiff issue; every function raises until then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["grad", "hessian", "jacfwd", "jit", "value_and_grad", "vectorize_or_fallback", "vmap"]


def _todo(name: str) -> Callable[..., Any]:
    def fn(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{name}: not implemented yet (issue 4)")

    fn.__name__ = name
    return fn


value_and_grad = _todo("value_and_grad")
grad = _todo("grad")
jacfwd = _todo("jacfwd")
hessian = _todo("hessian")
vmap = _todo("vmap")
vectorize_or_fallback = _todo("vectorize_or_fallback")
jit = _todo("jit")

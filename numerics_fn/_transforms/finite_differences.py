"""Central finite differences: gradients, Jacobians, Hessians and jvp, at points rounded to each
parameter's dtype (the steps and tolerances: `numerics_fn._transforms.api`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .common import _Evaluator, _Param, _restored_output, _ScalarCheck, _to_numpy
from .tree import TreeDef, tree_flatten, tree_leaves, tree_unflatten


def _real_params(params: Sequence[_Param], op: str) -> None:
    for p in params:
        if p.dtype.kind == "c":
            raise TypeError(
                f"{op}: argument {p.position} is complex ({p.dtype}), and finite differences would drop its imaginary "
                "part; use method='autodiff' (torch's convention for complex parameters) or differentiate with respect "
                "to its real and imaginary parts as separate real arrays"
            )


def _float(out: Any) -> float:
    return float(_to_numpy(out))


def _central(evaluate: _Evaluator, check: Callable[[Any], Any]) -> tuple[np.ndarray, list[tuple[Any, Any]]]:
    """Evaluations at x + h e_j and x - h e_j for every element j, and the widths between them."""
    x = evaluate.x
    h = evaluate.steps(1 / 3)
    up, down = evaluate.rounded(x + h), evaluate.rounded(x - h)
    pairs = []
    for j in range(x.size):
        plus, minus = x.copy(), x.copy()
        plus[j], minus[j] = up[j], down[j]
        pairs.append((check(evaluate(plus)), check(evaluate(minus))))
    return up - down, pairs


def _fd_value_and_grad(evaluate: _Evaluator, check: _ScalarCheck) -> tuple[Any, list[np.ndarray]]:
    value = check(evaluate(evaluate.x))
    widths, pairs = _central(evaluate, check)
    g = np.array([_float(up) - _float(down) for up, down in pairs]).reshape(-1) / widths
    return value, evaluate.split(g)


def _fd_jacobian(evaluate: _Evaluator) -> tuple[list[list[np.ndarray]], TreeDef]:
    """Per leaf of ``fn``'s (pytree) output, its Jacobian blocks per parameter, and the output's structure."""
    outs, treedef = tree_flatten(evaluate(evaluate.x))  # first: at x (the aux kept is the one at x)
    widths, pairs = _central(evaluate, lambda out: [_to_numpy(o) for o in tree_leaves(out)])
    result = []
    for k, out in enumerate(outs):
        lead = np.shape(_to_numpy(out))
        if not pairs:
            result.append(evaluate.split(np.zeros((*lead, 0)), lead))
            continue
        jac = np.stack(
            [
                (up[k].astype(np.result_type(up[k].dtype, np.float64)) - down[k]) / w
                for (up, down), w in zip(pairs, widths, strict=True)
            ],
            axis=-1,
        )
        result.append(evaluate.split(jac, jac.shape[:-1]))
    return result, treedef


def _fd_hessian(evaluate: _Evaluator, check: _ScalarCheck) -> np.ndarray:
    """Central second differences at points rounded to the parameters' dtypes (``u = x + h``, ``d = x - h``,
    each rounded): off the diagonal ``[f(u_i u_j) - f(u_i d_j) - f(d_i u_j) + f(d_i d_j)] / ((u_i - d_i)(u_j - d_j))``,
    on it the three-point formula for the unequal steps ``a = u - x``, ``b = x - d``."""
    x = evaluate.x
    h = evaluate.steps(1 / 4)
    up, down = evaluate.rounded(x + h), evaluate.rounded(x - h)
    n = x.size
    hess = np.zeros((n, n))
    f0 = _float(check(evaluate(x)))

    def f(*moves: tuple[int, np.ndarray]) -> float:
        point = x.copy()
        for k, to in moves:
            point[k] = to[k]
        return _float(check(evaluate(point)))

    for i in range(n):
        a, b = up[i] - x[i], x[i] - down[i]
        hess[i, i] = 2 * (b * f((i, up)) - (a + b) * f0 + a * f((i, down))) / (a * b * (a + b))
        for j in range(i + 1, n):
            total = f((i, up), (j, up)) - f((i, up), (j, down)) - f((i, down), (j, up)) + f((i, down), (j, down))
            hess[i, j] = hess[j, i] = total / ((up[i] - down[i]) * (up[j] - down[j]))
    return hess


def _fd_jvp(evaluate: _Evaluator, tangents: Sequence[np.ndarray]) -> tuple[Any, Any]:
    """fn's output at x, and its central difference along the tangent ``t``: ``[f(x + h t) - f(x - h t)] / 2h``
    with ``h = eps ** (1/3) max(1, |x|) / |t|`` (maximum norms), the points rounded to the parameters' dtypes."""
    params = evaluate.params
    x = evaluate.x
    t = np.concatenate([h.reshape(-1) for h in tangents]) if tangents else np.zeros(0)
    out = evaluate(x)  # first: at x (the aux kept is the one at x)
    scale = float(np.max(np.abs(t), initial=0.0))
    out_leaves, out_def = tree_flatten(out)
    if scale == 0.0:
        tan = [np.zeros(np.shape(_to_numpy(o))) for o in out_leaves]
    else:
        eps = max(p.eps for p in params)
        h = eps ** (1 / 3) * max(1.0, float(np.max(np.abs(x), initial=0.0))) / scale
        xu, xd = evaluate.rounded(x + h * t), evaluate.rounded(x - h * t)
        width = float(np.max(np.abs(xu - xd))) / scale  # the true step along t, after rounding
        ups, downs = tree_leaves(evaluate(xu)), tree_leaves(evaluate(xd))
        tan = [(_to_numpy(u).astype(np.float64) - _to_numpy(d)) / width for u, d in zip(ups, downs, strict=True)]
    return out, tree_unflatten(out_def, [_restored_output(np.asarray(v), params) for v in tan])

"""value_and_grad, grad, jacfwd, jacrev, hessian (their frozen-dataclass wrappers), jvp, vjp (with its
pull-back `VjpFn`) and stop_gradient: choosing torch.func on tensors, torch mirrors or finite differences
on NumPy input (`numerics_fn._transforms.api` describes them)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .._errors import GradientFallbackWarning, UnsupportedTypeError
from .._ops import to_numpy
from . import common
from .common import (
    _aux,
    _backend,
    _Call,
    _check_argnums,
    _check_method,
    _describe,
    _Evaluator,
    _indices,
    _name,
    _Param,
    _params,
    _restored_aux,
    _restored_output,
    _restored_value,
    _ScalarCheck,
    _to_numpy,
)
from .finite_differences import _fd_hessian, _fd_jacobian, _fd_jvp, _fd_value_and_grad, _real_params
from .tree import TreeDef, tree_flatten, tree_leaves, tree_map, tree_unflatten


def _host_constants(evaluate: _Evaluator) -> _Evaluator:
    """``evaluate`` with cuPyNumeric arguments that are not differentiated moved to NumPy, which
    torch mirrors take as constants (a cuPyNumeric operand on the left of an operator cannot)."""
    call = evaluate.call
    if len(call.args) == len(call.indices) or not any(_backend(a) == "cupynumeric" for a in call.args):
        return evaluate  # every argument differentiated, or no cuPyNumeric constant among them
    args = tuple(
        a if i in call.indices or _backend(a) != "cupynumeric" else to_numpy(a) for i, a in enumerate(call.args)
    )
    return evaluate._replace(call=call._replace(args=args))


# --- the differentiating transforms ------------------------------------------------------
def _left_mirrors(op: str, fn: Callable[..., Any], method: str, err: Exception) -> str:
    """Why ``fn`` cannot run on torch mirrors (``err``: a traced value left the tape); raises under
    ``method="autodiff"``, which never falls back."""
    reason = f"fn cannot run on torch mirrors of its NumPy arguments: {err}"
    if method == "autodiff":
        raise UnsupportedTypeError(
            f"{op}: method='autodiff' cannot differentiate {_name(fn)}: {reason}. Write fn with nf operations and "
            "Python operators, or use method='finite_difference'"
        ) from err
    return reason


@dataclass(frozen=True, repr=False)
class _Derivative:
    """What value_and_grad, grad, jacfwd, jacrev and hessian share: validation, choosing the path, pytrees."""

    fn: Callable[..., Any]
    argnums: int | tuple[int, ...] = 0
    method: str = "auto"
    has_aux: bool = False

    op = "derivative"
    _check = _ScalarCheck(op)  # the check of fn's output on NumPy arguments; one per transform class

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._check = _ScalarCheck(cls.op)  # a class constant: nothing made per wrapper or per call

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise TypeError(f"{self.op}: fn must be callable, got a {_describe(self.fn)}")
        _check_argnums(self.argnums, self.op)
        _check_method(self.method, self.op)
        if not isinstance(self.has_aux, bool):
            raise TypeError(f"{self.op}: has_aux must be True or False, got {self.has_aux!r}")

    def __repr__(self) -> str:
        aux = ", has_aux=True" if self.has_aux else ""
        return f"{self.op}({_name(self.fn)}, argnums={self.argnums!r}, method={self.method!r}{aux})"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        indices = _indices(self.argnums, len(args), self.op)
        fd = self.method == "finite_difference"
        backend, params, defs = _params(args, indices, self.op, tensors_too=fd)
        if backend == "pytorch" and not fd:
            module, _ = common._torch()
            return self._tensor(module, args, kwargs, indices)
        call = _Call(self.fn, args, kwargs, indices, defs, [] if self.has_aux else None, self.op)
        evaluate = _Evaluator(call, tuple(params))
        if not fd:
            module, reason = common._torch()
            if module is not None:
                try:
                    mirrored = _host_constants(evaluate)
                    return self._finish(self._mirror(module, mirrored), params, mirrored.call)
                except (module.LeftTorch, BufferError) as err:
                    # BufferError: a cuPyNumeric operator on the left (``c * x``) asked the mirror for DLPack
                    reason = _left_mirrors(self.op, self.fn, self.method, err)
            elif self.method == "autodiff":
                raise UnsupportedTypeError(f"{self.op}: method='autodiff' needs torch, but {reason}")
            _fallback_warning(self.op, self.fn, reason)
        _real_params(params, self.op)
        evaluate = evaluate._replace(call=call.fresh())
        return self._finish(self._differences(evaluate), params, evaluate.call)

    def _finish(self, results: Any, params: Sequence[_Param], call: _Call) -> Any:
        raise NotImplementedError  # each transform defines it

    def _tensor(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], indices: tuple[int, ...]) -> Any:
        raise NotImplementedError

    def _mirror(self, module: Any, evaluate: _Evaluator) -> Any:
        raise NotImplementedError

    def _differences(self, evaluate: _Evaluator) -> Any:
        raise NotImplementedError

    def _one(self, items: Sequence[Any]) -> Any:
        """One result for an int argnums, a tuple for a tuple."""
        return items[0] if isinstance(self.argnums, int) else tuple(items)

    def _with_aux(self, result: Any, params: Sequence[_Param], call: _Call) -> Any:
        """``(result, aux)`` under has_aux (aux values on the tape come back as arrays of the parameters'
        backend), ``result`` otherwise."""
        if call.aux is None:
            return result
        return result, _restored_aux(_aux(call), params)


def _fallback_warning(op: str, fn: Callable[..., Any], reason: str) -> None:
    warnings.warn(
        GradientFallbackWarning(
            f"{op}: exact gradients are not possible for {_name(fn)} because {reason}; using "
            "central finite differences (2 evaluations per parameter element, about 1e-10 relative error "
            "in float64). Pass method='finite_difference' to choose this and silence the warning"
        ),
        stacklevel=4,
    )


class ValueAndGrad(_Derivative):  # a frozen dataclass by inheritance (no fields of its own)
    """``fn``'s value and its gradient(s) with respect to ``argnums``; see `value_and_grad`."""

    op = "value_and_grad"

    def _tensor(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], indices: tuple[int, ...]) -> Any:
        check = _ScalarCheck(self.op, tensor=True)
        value, grads, aux = module.tensor_value_and_grad(self.fn, args, kwargs, indices, check, self.has_aux)
        return self._arrange(value, self._one(grads), aux)

    def _mirror(self, module: Any, evaluate: _Evaluator) -> Any:
        hosts = [p.host for p in evaluate.params]
        value, grads = module.mirror_value_and_grad(evaluate.call, hosts, self._check)
        return _restored_value(value, evaluate.params), grads

    def _differences(self, evaluate: _Evaluator) -> Any:
        return _fd_value_and_grad(evaluate, self._check)

    def _finish(self, results: Any, params: Sequence[_Param], call: _Call) -> Any:
        value, grads = results
        grads = call.rebuild([p.restore(g) for p, g in zip(params, grads, strict=True)])
        aux = _restored_aux(_aux(call), params) if call.aux else None
        return self._arrange(value, self._one(grads), aux)

    def _arrange(self, value: Any, grads: Any, aux: Any) -> Any:
        """JAX's layout: ``(value, grads)``, ``((value, aux), grads)`` under has_aux."""
        return ((value, aux), grads) if self.has_aux else (value, grads)


class Grad(ValueAndGrad):  # a frozen dataclass by inheritance (no fields of its own)
    """The gradient(s) of ``fn`` with respect to ``argnums``; see `grad`."""

    op = "grad"

    def _arrange(self, value: Any, grads: Any, aux: Any) -> Any:
        """JAX's layout: ``grads``, ``(grads, aux)`` under has_aux."""
        return (grads, aux) if self.has_aux else grads


class Jacobian(_Derivative):  # a frozen dataclass by inheritance (no fields of its own)
    """The Jacobian(s) of ``fn`` with respect to ``argnums`` (forward mode on tensors); see `jacfwd`."""

    op = "jacfwd"
    reverse = False

    def _tensor(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], indices: tuple[int, ...]) -> Any:
        argnums = indices[0] if isinstance(self.argnums, int) else indices  # torch.func's layout is then ours
        return module.tensor_jacobian(self.fn, args, kwargs, argnums, self.has_aux, self.reverse)

    def _mirror(self, module: Any, evaluate: _Evaluator) -> Any:
        _real_params(evaluate.params, self.op + " (on NumPy arguments)")
        return module.mirror_jacobian(evaluate.call, [p.host for p in evaluate.params])

    def _differences(self, evaluate: _Evaluator) -> Any:
        return _fd_jacobian(evaluate)

    def _finish(self, results: Any, params: Sequence[_Param], call: _Call) -> Any:
        per_output, treedef = results
        jac = tree_unflatten(
            treedef,
            [self._one(call.rebuild([p.restore(j) for p, j in zip(params, js, strict=True)])) for js in per_output],
        )
        return self._with_aux(jac, params, call)


class JacobianReverse(Jacobian):  # a frozen dataclass by inheritance (no fields of its own)
    """The Jacobian(s) of ``fn`` with respect to ``argnums`` (reverse mode); see `jacrev`."""

    op = "jacrev"
    reverse = True


class Hessian(_Derivative):  # a frozen dataclass by inheritance (no fields of its own)
    """The Hessian (blocks) of scalar ``fn`` with respect to ``argnums``; see `hessian`."""

    op = "hessian"

    def _tensor(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], indices: tuple[int, ...]) -> Any:
        argnums = indices[0] if isinstance(self.argnums, int) else indices  # torch.func's layout is then ours
        check = _ScalarCheck(self.op, tensor=True)
        return module.tensor_hessian(self.fn, args, kwargs, argnums, check, self.has_aux)

    def _mirror(self, module: Any, evaluate: _Evaluator) -> Any:
        _real_params(evaluate.params, self.op + " (on NumPy arguments)")
        full = module.mirror_hessian(evaluate.call, [p.host for p in evaluate.params], self._check)
        return evaluate.blocks(full)

    def _differences(self, evaluate: _Evaluator) -> Any:
        return evaluate.blocks(_fd_hessian(evaluate, self._check))

    def _finish(self, results: Any, params: Sequence[_Param], call: _Call) -> Any:
        blocks = [[p.restore(b) for b in row] for p, row in zip(params, results, strict=True)]
        # Rows: per parameter leaf a, its blocks against every leaf b rebuilt into the arguments' trees;
        # then the leaves a rebuilt the same way, per pair of arguments (i, j).
        rows = [call.rebuild(row) for row in blocks]  # rows[a][j]: argument j's tree of blocks (a, b)
        n = len(call.indices)
        hess = [call.rebuild([rows[a][j] for a in range(len(params))])[i] for i in range(n) for j in range(n)]
        hess = self._one([self._one(hess[i * n : (i + 1) * n]) for i in range(n)])
        return self._with_aux(hess, params, call)


# --- jvp, vjp, stop_gradient ----------------------------------------------------------------
def _primals(primals: Any, op: str) -> tuple[Any, ...]:
    if not isinstance(primals, (tuple, list)) or not primals:
        raise TypeError(
            f"{op}: primals must be a non-empty tuple or list of fn's positional arguments, got a "
            f"{_describe(primals)}; for one argument x pass (x,)"
        )
    return tuple(primals)


def jvp(
    fn: Callable[..., Any], primals: Any, tangents: Any, has_aux: bool = False, method: str = "auto"
) -> tuple[Any, ...]:
    """The implementation of `numerics_fn.jvp` (whose docstring describes it)."""
    op = "jvp"
    _check_method(method, op)
    if not callable(fn):
        raise TypeError(f"{op}: fn must be callable, got a {_describe(fn)}")
    primals, tangents = _primals(primals, op), tuple(tangents) if isinstance(tangents, (tuple, list)) else tangents
    if not isinstance(tangents, tuple) or len(tangents) != len(primals):
        raise TypeError(f"{op}: tangents must be a tuple with one entry per primal ({len(primals)}), got {tangents!r}")
    flat_t, tdef = tree_flatten(tangents)
    _, pdef = tree_flatten(primals)
    if tdef != pdef:
        raise ValueError(f"{op}: tangents have the structure {tdef!r}, the primals {pdef!r}; give one tangent per leaf")
    indices = tuple(range(len(primals)))
    fd = method == "finite_difference"
    backend, params, defs = _params(primals, indices, op, tensors_too=fd)
    if backend == "pytorch" and not fd:
        module, _ = common._torch()
        return module.tensor_jvp(fn, primals, tangents, has_aux)  # type: ignore[union-attr]
    call = _Call(fn, primals, {}, indices, defs, [] if has_aux else None, op)
    hosts_t = [
        np.array(_to_numpy(t), dtype=p.host.dtype).reshape(p.host.shape) for t, p in zip(flat_t, params, strict=True)
    ]
    evaluate = _Evaluator(call, tuple(params))
    if not fd:
        module, reason = common._torch()
        if module is not None:
            try:
                values, derivs, out_def = module.mirror_jvp(call, [p.host for p in params], hosts_t)
                out = tree_unflatten(out_def, [_restored_output(v, params) for v in values])
                tan = tree_unflatten(out_def, [_restored_output(d, params) for d in derivs])
                return (out, tan, _restored_aux(_aux(call), params)) if has_aux else (out, tan)
            except (module.LeftTorch, BufferError) as err:
                reason = _left_mirrors(op, fn, method, err)
        elif method == "autodiff":
            raise UnsupportedTypeError(f"{op}: method='autodiff' needs torch, but {reason}")
        _fallback_warning(op, fn, reason)
    _real_params(params, op)
    evaluate = evaluate._replace(call=call.fresh())
    out, tangent = _fd_jvp(evaluate, hosts_t)
    return (out, tangent, _aux(evaluate.call)) if has_aux else (out, tangent)


@dataclass(frozen=True, repr=False)
class VjpFn:
    """The pull-back of `vjp`: called with a cotangent shaped like fn's output, it returns one cotangent per
    primal (a tuple), each shaped like its primal."""

    fn: Callable[..., Any]
    pull: Any  # a callable: torch.func's pull-back, or one of _MirrorPull, _DifferencePull

    def __repr__(self) -> str:
        return f"vjp_fn({_name(self.fn)})"

    def __call__(self, cotangent: Any) -> tuple[Any, ...]:
        return self.pull(cotangent)


class _MirrorPull(NamedTuple):
    reverse: Any  # the module's MirrorVjp
    params: tuple[_Param, ...]
    call: _Call

    def __call__(self, cotangent: Any) -> tuple[Any, ...]:
        leaves = _cotangent_leaves(cotangent, self.reverse.treedef, self.reverse.values)
        grads = self.reverse(leaves)
        return tuple(self.call.rebuild([p.restore(g) for p, g in zip(self.params, grads, strict=True)]))


class _DifferencePull(NamedTuple):
    jacobians: list[list[np.ndarray]]  # per output leaf, per parameter
    treedef: TreeDef
    shapes: list[tuple[int, ...]]
    params: tuple[_Param, ...]
    call: _Call

    def __call__(self, cotangent: Any) -> tuple[Any, ...]:
        leaves = _cotangent_leaves(cotangent, self.treedef, [np.zeros(s) for s in self.shapes])
        grads = []
        for p, param in enumerate(self.params):
            total = np.zeros(param.host.shape)
            for c, jac in zip(leaves, self.jacobians, strict=True):
                total = total + np.tensordot(c, jac[p], axes=c.ndim)
            grads.append(param.restore(total))
        return tuple(self.call.rebuild(grads))


def _cotangent_leaves(cotangent: Any, treedef: TreeDef, values: Sequence[np.ndarray]) -> list[np.ndarray]:
    leaves, given = tree_flatten(cotangent)
    if given != treedef:
        raise ValueError(f"vjp_fn: the cotangent has the structure {given!r}, fn's output {treedef!r}; match it")
    out = []
    for leaf, value in zip(leaves, values, strict=True):
        host = _to_numpy(leaf)
        if host.shape != value.shape:
            raise ValueError(f"vjp_fn: a cotangent of shape {host.shape} for an output of shape {value.shape}")
        out.append(np.array(host, dtype=np.result_type(host.dtype, np.float64)))
    return out


def vjp(
    fn: Callable[..., Any], primals: tuple[Any, ...], has_aux: bool = False, method: str = "auto"
) -> tuple[Any, ...]:
    """The implementation of `numerics_fn.vjp` (whose docstring describes it)."""
    op = "vjp"
    _check_method(method, op)
    if not callable(fn):
        raise TypeError(f"{op}: fn must be callable, got a {_describe(fn)}")
    primals = _primals(primals, op)
    indices = tuple(range(len(primals)))
    fd = method == "finite_difference"
    backend, params, defs = _params(primals, indices, op, tensors_too=fd)
    if backend == "pytorch" and not fd:
        module, _ = common._torch()
        result = module.tensor_vjp(fn, primals, has_aux)  # type: ignore[union-attr]
        return (result[0], VjpFn(fn, result[1]), *result[2:])
    call = _Call(fn, primals, {}, indices, defs, [] if has_aux else None, op)
    if not fd:
        module, reason = common._torch()
        if module is not None:
            try:
                reverse = module.MirrorVjp(call, [p.host for p in params])
                out = tree_unflatten(reverse.treedef, [_restored_output(v, params) for v in reverse.values])
                pull = VjpFn(fn, _MirrorPull(reverse, tuple(params), call))
                return (out, pull, _restored_aux(_aux(call), params)) if has_aux else (out, pull)
            except (module.LeftTorch, BufferError) as err:
                reason = _left_mirrors(op, fn, method, err)
        elif method == "autodiff":
            raise UnsupportedTypeError(f"{op}: method='autodiff' needs torch, but {reason}")
        _fallback_warning(op, fn, reason)
    _real_params(params, op)
    evaluate = _Evaluator(call.fresh(), tuple(params))
    out = evaluate(evaluate.x)
    jacobians, treedef = _fd_jacobian(evaluate)
    shapes = [np.shape(_to_numpy(o)) for o in tree_leaves(out)]
    pull = VjpFn(fn, _DifferencePull(jacobians, treedef, shapes, tuple(params), evaluate.call))
    return (out, pull, _aux(evaluate.call)) if has_aux else (out, pull)


def stop_gradient(tree: Any) -> Any:
    """The implementation of `numerics_fn.stop_gradient`."""
    from .._ops import detach

    return tree_map(lambda v: detach(v) if _backend(v) is not None else v, tree)

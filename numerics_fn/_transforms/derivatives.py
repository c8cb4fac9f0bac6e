"""The machinery behind the transforms of `numerics_fn._autodiff` (whose docstring describes them).

Imported on a transform's first use, not by ``import numerics_fn``: its frozen dataclasses and
helpers cost ~6 ms to load.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

from ._context import Context
from ._dispatch import backend_of_type
from ._errors import (
    GradientFallbackWarning,
    JitFallbackWarning,
    MixedBackendError,
    UnsupportedTypeError,
    VectorizationFallbackWarning,
)
from ._ops.conversion import to_numpy
from ._tree import TreeDef, is_container, tree_flatten, tree_leaves, tree_map, tree_unflatten

__all__ = [
    "Grad", "Hessian", "Jacobian", "JacobianReverse", "Jit", "VMap", "ValueAndGrad", "VectorizeOrFallback", "split_aux",
]  # fmt: skip

METHODS = ("auto", "autodiff", "finite_difference")
POLICIES = ("auto", "force", "off")


# --- small shared helpers ----------------------------------------------------------------
def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)


def _describe(value: object) -> str:
    cls = type(value)
    module = cls.__module__.partition(".")[0]
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _backend(value: object) -> str | None:
    try:
        return backend_of_type(type(value))
    except UnsupportedTypeError:
        return None


def _torch() -> tuple[ModuleType | None, str]:
    """The torch side of the transforms, or None and why it cannot load."""
    loaded = sys.modules.get("numerics_fn._autodiff_torch")
    if getattr(loaded, "READY", False):  # not while another thread is still importing it: the import below waits
        return loaded, ""
    if importlib.util.find_spec("torch") is None:
        return None, "torch is not installed (pip install numerics_fn[torch])"
    try:
        from . import _autodiff_torch
    except ImportError as err:  # pragma: no cover - a broken torch installation
        return None, f"torch does not import ({err})"
    return _autodiff_torch, ""


def _to_numpy(x: Any) -> np.ndarray:
    from ._ops.conversion import to_numpy

    backend = _backend(x)
    if backend is None:
        return np.asarray(x)
    if backend == "pytorch" and _numpyless(x.dtype):
        x = x.detach().float()  # bfloat16 and the float8 types, which NumPy lacks: float32 holds them exactly
    return np.asarray(to_numpy(x))


def _numpyless(dtype: Any) -> bool:
    """Whether the torch dtype ``dtype`` has no NumPy counterpart (bfloat16, the float8 types)."""
    return bool(dtype.is_floating_point) and dtype.itemsize < 4 and str(dtype) != "torch.float16"


def _like(host: np.ndarray, like: Any) -> Any:
    """The NumPy array ``host`` as an array of ``like``'s backend and device (its dtype kept)."""
    backend = _backend(like)
    if backend in (None, "numpy"):
        return host
    from ._ops.creation import asarray

    device = str(like.device) if backend == "pytorch" else None
    return asarray(host, ctx=Context(backend=backend, device=device))


def _check_method(method: object, op: str) -> None:
    if method not in METHODS:
        raise ValueError(f"{op}: method={method!r} is not one of {', '.join(map(repr, METHODS))}; pick one of them")


def _check_argnums(argnums: object, op: str) -> None:
    ok = isinstance(argnums, int) and not isinstance(argnums, bool)
    if isinstance(argnums, tuple) and argnums:
        ok = all(isinstance(a, int) and not isinstance(a, bool) for a in argnums)
    if not ok:
        raise TypeError(f"{op}: argnums must be an int or a non-empty tuple of ints, got {argnums!r}")


def _indices(argnums: int | tuple[int, ...], nargs: int, op: str) -> tuple[int, ...]:
    if type(argnums) is int and 0 <= argnums < nargs:  # the common case, checked in __post_init__
        return (argnums,)
    raw = (argnums,) if isinstance(argnums, int) else argnums
    out = []
    for a in raw:
        if not -nargs <= a < nargs:
            raise ValueError(
                f"{op}: argnums={argnums!r} names argument {a}, but fn was called with {nargs} positional "
                f"argument(s); pass argnums within range(-{nargs}, {nargs})"
            )
        out.append(a % nargs)
    if len(set(out)) != len(out):
        raise ValueError(f"{op}: argnums={argnums!r} names one argument twice; name each parameter once")
    return tuple(out)


class _Param(NamedTuple):
    """One differentiated parameter: the original, and its host copy in float64/complex128.

    The per-call records (`_Param`, `_Call`, `_Evaluator`) are named tuples: immutable like frozen
    dataclasses, and several times cheaper to make, which counts on every gradient call.
    """

    original: Any
    dtype: np.dtype[Any]  # the parameter's dtype (float32 standing in for a torch dtype NumPy lacks)
    host: np.ndarray  # float64 / complex128 copy, never aliases the original
    torch_dtype: Any = None  # set for a torch dtype NumPy lacks (bfloat16): values are rounded through it
    position: int = 0  # the positional argument it is (a leaf of)

    @classmethod
    def of(cls, value: Any, index: int, op: str) -> _Param:
        arr = value if type(value) is np.ndarray else _to_numpy(value)
        if arr.dtype.kind not in "fc":
            raise TypeError(
                f"{op}: argument {index} is a {_describe(value)} of dtype {arr.dtype}; gradients need floating-point "
                "(or complex) parameters. Cast it first, e.g. nf.cast(x, nf.float64), or pass 2.0 for 2"
            )
        wide = np.complex128 if arr.dtype.kind == "c" else np.float64
        narrow = value.dtype if _backend(value) == "pytorch" and _numpyless(value.dtype) else None
        return cls(value, arr.dtype, np.array(arr, dtype=wide), narrow, index)

    @property
    def eps(self) -> float:
        """The machine epsilon of the parameter's own dtype."""
        if self.torch_dtype is not None:
            return float(__import__("torch").finfo(self.torch_dtype).eps)
        return float(np.finfo(self.dtype).eps)

    def cast(self, host: np.ndarray) -> Any:
        """The real float64 ``host`` in the parameter's dtype and backend (what ``fn`` receives)."""
        if self.torch_dtype is not None:
            import torch

            tensor = torch.from_numpy(np.array(host, dtype=np.float64, order="C"))
            return tensor.to(device=self.original.device, dtype=self.torch_dtype)
        host = host.astype(self.dtype)
        return host if type(self.original) is np.ndarray else _like(host, self.original)

    def rounded(self, host: np.ndarray) -> np.ndarray:
        """The real float64 ``host`` rounded to the parameter's dtype, as float64 again."""
        if self.torch_dtype is not None:
            import torch

            return torch.from_numpy(np.array(host, dtype=np.float64, order="C")).to(self.torch_dtype).double().numpy()
        return host.astype(self.dtype).astype(np.float64)

    def restore(self, host: np.ndarray) -> Any:
        """``host`` (a derivative of this parameter) as its backend, with its dtype (complex if ``host`` is)."""
        if self.torch_dtype is not None and host.dtype.kind != "c":
            return self.cast(np.asarray(host, dtype=np.float64))
        dtype = self.dtype
        if host.dtype.kind == "c" and dtype.kind != "c":
            dtype = np.result_type(dtype, np.complex64)
        host = host if host.dtype == dtype else host.astype(dtype)
        return host if type(self.original) is np.ndarray else _like(host, self.original)


def _params(
    args: tuple[Any, ...], indices: tuple[int, ...], op: str, tensors_too: bool = False
) -> tuple[str | None, list[_Param], tuple[TreeDef, ...] | None]:
    """The single backend of the leaves of ``args[indices]`` ('pytorch', 'numpy', ...; None for Python numbers),
    a `_Param` per leaf (none for tensors unless ``tensors_too``), and each argument's structure (None where
    each is one array or number)."""
    first = args[indices[0]]
    if len(indices) == 1 and not is_container(first):  # the common case: one parameter, one backend
        backend = _backend(first)
        params = [] if backend == "pytorch" and not tensors_too else [_Param.of(first, indices[0], op)]
        return backend, params, None
    defs = None
    if any(is_container(args[i]) for i in indices):
        flat = [tree_flatten(args[i]) for i in indices]
        defs = tuple(treedef for _, treedef in flat)
        leaves = [(i, leaf) for i, (values, _) in zip(indices, flat, strict=True) for leaf in values]
    else:
        leaves = [(i, args[i]) for i in indices]
    backends = {b for b in (_backend(leaf) for _, leaf in leaves) if b is not None}
    if len(backends) > 1:
        raise MixedBackendError(
            f"{op}: the differentiated arguments {indices} are on several backends ({', '.join(sorted(backends))}); "
            "convert them to one with nf.convert(x, backend)"
        )
    backend = backends.pop() if backends else None
    if backend == "pytorch" and not tensors_too:
        return backend, [], defs
    return backend, [_Param.of(leaf, i, op) for i, leaf in leaves], defs


def split_aux(out: Any, op: str = "has_aux") -> tuple[Any, Any]:
    """``(output, aux)`` of a function called under ``has_aux=True``; a clear error for anything else."""
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise TypeError(
            f"{op}: with has_aux=True, fn must return a pair (output, aux), got a {_describe(out)}"
            + (f" of length {len(out)}" if isinstance(out, (tuple, list)) else "")
            + "; return (output, aux) or pass has_aux=False"
        )
    return out[0], out[1]


class _ScalarCheck:
    """Checks that ``fn`` returned a real scalar: a 0-d array or a Python number."""

    __slots__ = ("op", "tensor")

    def __init__(self, op: str, tensor: bool = False) -> None:
        self.op = op
        self.tensor = tensor  # also require a torch tensor (the autograd path on tensors)

    def __call__(self, out: Any) -> Any:
        what = "fn must return a real scalar (a 0-d array or a Python number)"
        if isinstance(out, (int, float)) and not isinstance(out, bool) and not self.tensor:
            return out
        shape, dtype = getattr(out, "shape", None), getattr(out, "dtype", None)
        if isinstance(out, complex) or _kind(dtype) == "c":
            raise TypeError(
                f"{self.op}: {what}, got a complex {_describe(out)}; return nf.real(...) or nf.abs(...) of it"
            )
        if shape is None or dtype is None or isinstance(out, bool):
            raise TypeError(f"{self.op}: {what}, got a {_describe(out)}; return e.g. nf.sum(...) of your result")
        if tuple(shape) != ():
            raise ValueError(
                f"{self.op}: {what}, got a {_describe(out)} of shape {tuple(shape)}; reduce it (nf.sum, nf.mean), "
                "or use nf.jacfwd for vector outputs"
            )
        if self.tensor and (_backend(out) != "pytorch" or _kind(dtype) != "f"):
            raise TypeError(
                f"{self.op}: fn returned a {_describe(out)} of dtype {dtype} for torch inputs, which autograd cannot "
                "differentiate; keep the computation on floating tensors (nf operations) and return a 0-d tensor"
            )
        return out


def _kind(dtype: Any) -> str:
    """NumPy's dtype kind letter, also for torch dtypes ('' for None)."""
    if dtype is None:
        return ""
    if hasattr(dtype, "is_complex"):  # a torch.dtype
        return "c" if dtype.is_complex else "f" if dtype.is_floating_point else "i"
    return str(np.dtype(dtype).kind)


# --- finite differences -------------------------------------------------------------------
class _Call(NamedTuple):
    """``fn(*args, **kwargs)`` with the arguments at ``indices`` rebuilt from given leaves.

    ``defs`` holds each argument's structure (None where each is one leaf). Under ``has_aux`` (``aux`` a
    list), ``fn`` returns ``(output, aux)``: the call returns the output and keeps the first call's aux.
    """

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    indices: tuple[int, ...]
    defs: tuple[TreeDef, ...] | None = None
    aux: list[Any] | None = None
    op: str = "has_aux"

    def __call__(self, values: Sequence[Any]) -> Any:
        args = list(self.args)
        if self.defs is None:
            for i, v in zip(self.indices, values, strict=True):
                args[i] = v
        else:
            start = 0
            for i, treedef in zip(self.indices, self.defs, strict=True):
                args[i] = tree_unflatten(treedef, values[start : start + treedef.num_leaves])
                start += treedef.num_leaves
        out = self.fn(*args, **self.kwargs)
        if self.aux is None:
            return out
        out, aux = split_aux(out, self.op)
        if not self.aux:
            self.aux.append(aux)
        return out

    def fresh(self) -> _Call:
        """This call with an empty aux record (a new attempt by another method)."""
        return self if self.aux is None else self._replace(aux=[])

    def rebuild(self, leaves: Sequence[Any]) -> list[Any]:
        """Per differentiated argument, its value rebuilt from ``leaves`` (one per parameter leaf)."""
        if self.defs is None:
            return list(leaves)
        out, start = [], 0
        for treedef in self.defs:
            out.append(tree_unflatten(treedef, leaves[start : start + treedef.num_leaves]))
            start += treedef.num_leaves
        return out


class _Evaluator(NamedTuple):
    """``fn`` at a flat float64 vector holding all differentiated parameters, each rebuilt in its
    own dtype and backend."""

    call: _Call
    params: tuple[_Param, ...]

    def __call__(self, flat: np.ndarray) -> Any:
        pieces = self.split(flat)
        return self.call([p.cast(v) for p, v in zip(self.params, pieces, strict=True)])

    @property
    def x(self) -> np.ndarray:
        return np.concatenate([p.host.reshape(-1) for p in self.params])

    def rounded(self, flat: np.ndarray) -> np.ndarray:
        """``flat`` rounded to each parameter's own dtype (what ``fn`` really receives)."""
        pieces = self.split(flat)
        return np.concatenate([p.rounded(v).reshape(-1) for p, v in zip(self.params, pieces, strict=True)])

    def steps(self, power: float) -> np.ndarray:
        """``eps(dtype) ** power * max(1, |x|)`` for every element, rounded so that ``x + h`` is exact."""
        x = self.x
        h = np.concatenate([p.eps**power * np.maximum(1.0, np.abs(p.host.reshape(-1))) for p in self.params])
        return self.rounded(x + h) - x

    def split(self, flat: np.ndarray, lead: tuple[int, ...] = ()) -> list[np.ndarray]:
        """``flat`` (shape ``lead + (n,)``) cut into one block per parameter, shaped ``lead + param.shape``."""
        out, offset = [], 0
        for p in self.params:
            out.append(flat[..., offset : offset + p.host.size].reshape(lead + p.host.shape))
            offset += p.host.size
        return out

    def blocks(self, full: np.ndarray) -> list[list[np.ndarray]]:
        """An (n, n) matrix over all parameter elements cut into blocks ``param_i.shape + param_j.shape``."""
        sizes = np.cumsum([0] + [p.host.size for p in self.params])
        return [
            [full[sizes[i] : sizes[i + 1], sizes[j] : sizes[j + 1]].reshape(pi.host.shape + pj.host.shape)
             for j, pj in enumerate(self.params)]
            for i, pi in enumerate(self.params)
        ]  # fmt: skip


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
            module, _ = _torch()
            return self._tensor(module, args, kwargs, indices)
        call = _Call(self.fn, args, kwargs, indices, defs, [] if self.has_aux else None, self.op)
        evaluate = _Evaluator(call, tuple(params))
        if not fd:
            module, reason = _torch()
            if module is not None:
                try:
                    mirrored = _host_constants(evaluate)
                    return self._finish(self._mirror(module, mirrored), params, mirrored.call)
                except (module.LeftTorch, BufferError) as err:
                    # BufferError: a cuPyNumeric operator on the left (``c * x``) asked the mirror for DLPack
                    reason = f"fn cannot run on torch mirrors of its NumPy arguments: {err}"
                    if self.method == "autodiff":
                        raise UnsupportedTypeError(
                            f"{self.op}: method='autodiff' cannot differentiate {_name(self.fn)}: {reason}. Write fn "
                            "with nf operations and Python operators, or use method='finite_difference'"
                        ) from err
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


def _aux(call: _Call) -> Any:
    """The aux of ``call``'s first evaluation (None before any, or without has_aux)."""
    return call.aux[0] if call.aux else None


def _fallback_warning(op: str, fn: Callable[..., Any], reason: str) -> None:
    warnings.warn(
        GradientFallbackWarning(
            f"{op}: exact gradients are not possible for {_name(fn)} because {reason}; using "
            "central finite differences (2 evaluations per parameter element, about 1e-10 relative error "
            "in float64). Pass method='finite_difference' to choose this and silence the warning"
        ),
        stacklevel=4,
    )


def _restored_aux(aux: Any, params: Sequence[_Param]) -> Any:
    """``aux`` with each torch mirror in it (values computed on the tape) as an array of the parameters'
    backend, detached, in the parameters' real dtype where it is float64."""
    module = sys.modules.get("numerics_fn._autodiff_torch")
    if module is None:
        return aux
    dtype = _real_dtype(params) if params else np.dtype(np.float64)
    like = params[0].original if params else None

    def back(value: Any) -> Any:
        if not isinstance(value, module.Mirror):
            return value
        host = module.to_numpy(value)
        if host.dtype == np.float64:
            host = host.astype(dtype)
        return host if like is None or type(like) is np.ndarray else _like(host, like)

    return tree_map(back, aux)


def _restored_value(value: Any, params: Sequence[_Param]) -> Any:
    """A mirror's scalar as a 0-d array of the parameters' backend and (promoted) real dtype."""
    if len(params) == 1 and params[0].torch_dtype is not None:
        return params[0].cast(np.asarray(value, dtype=np.float64))
    dtype = params[0].dtype if len(params) == 1 and params[0].dtype.kind == "f" else _real_dtype(params)
    value = np.asarray(value, dtype=dtype)
    return value if type(params[0].original) is np.ndarray else _like(value, params[0].original)


def _real_dtype(params: Sequence[_Param]) -> np.dtype[Any]:
    """The real dtype of the parameters' promoted dtype (float64 for complex128)."""
    return np.result_type(*(np.finfo(p.dtype).dtype for p in params))


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
def _restored_output(host: np.ndarray, params: Sequence[_Param]) -> Any:
    """An output computed on mirrors (float64/complex128) in the parameters' backend and promoted dtype."""
    dtype = _real_dtype(params)
    if host.dtype.kind == "c":
        dtype = np.result_type(dtype, np.complex64)
    host = host.astype(dtype) if host.dtype.kind in "fc" else host
    original = params[0].original
    if params[0].torch_dtype is not None and host.dtype.kind == "f" and len(params) == 1:
        return params[0].cast(np.asarray(host, dtype=np.float64))
    return host if type(original) is np.ndarray else _like(host, original)


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
        module, _ = _torch()
        return module.tensor_jvp(fn, primals, tangents, has_aux)  # type: ignore[union-attr]
    call = _Call(fn, primals, {}, indices, defs, [] if has_aux else None, op)
    hosts_t = [
        np.array(_to_numpy(t), dtype=p.host.dtype).reshape(p.host.shape) for t, p in zip(flat_t, params, strict=True)
    ]
    evaluate = _Evaluator(call, tuple(params))
    if not fd:
        module, reason = _torch()
        if module is not None:
            try:
                values, derivs, out_def = module.mirror_jvp(call, [p.host for p in params], hosts_t)
                out = tree_unflatten(out_def, [_restored_output(v, params) for v in values])
                tan = tree_unflatten(out_def, [_restored_output(d, params) for d in derivs])
                return (out, tan, _restored_aux(_aux(call), params)) if has_aux else (out, tan)
            except (module.LeftTorch, BufferError) as err:
                reason = f"fn cannot run on torch mirrors of its NumPy arguments: {err}"
                if method == "autodiff":
                    raise UnsupportedTypeError(
                        f"{op}: method='autodiff' cannot differentiate {_name(fn)}: {reason}. Write fn with nf "
                        "operations and Python operators, or use method='finite_difference'"
                    ) from err
        elif method == "autodiff":
            raise UnsupportedTypeError(f"{op}: method='autodiff' needs torch, but {reason}")
        _fallback_warning(op, fn, reason)
    _real_params(params, op)
    evaluate = evaluate._replace(call=call.fresh())
    out, tangent = _fd_jvp(evaluate, hosts_t)
    return (out, tangent, _aux(evaluate.call)) if has_aux else (out, tangent)


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
        module, _ = _torch()
        result = module.tensor_vjp(fn, primals, has_aux)  # type: ignore[union-attr]
        return (result[0], VjpFn(fn, result[1]), *result[2:])
    call = _Call(fn, primals, {}, indices, defs, [] if has_aux else None, op)
    if not fd:
        module, reason = _torch()
        if module is not None:
            try:
                reverse = module.MirrorVjp(call, [p.host for p in params])
                out = tree_unflatten(reverse.treedef, [_restored_output(v, params) for v in reverse.values])
                pull = VjpFn(fn, _MirrorPull(reverse, tuple(params), call))
                return (out, pull, _restored_aux(_aux(call), params)) if has_aux else (out, pull)
            except (module.LeftTorch, BufferError) as err:
                reason = f"fn cannot run on torch mirrors of its NumPy arguments: {err}"
                if method == "autodiff":
                    raise UnsupportedTypeError(
                        f"{op}: method='autodiff' cannot differentiate {_name(fn)}: {reason}. Write fn with nf "
                        "operations and Python operators, or use method='finite_difference'"
                    ) from err
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
    from ._ops.autodiff import detach

    return tree_map(lambda v: detach(v) if _backend(v) is not None else v, tree)


# --- vmap and vectorize_or_fallback ---------------------------------------------------------
def _check_axes(in_axes: object, out_axes: object, op: str) -> None:
    def ok(axes: object) -> bool:
        if axes is None or (isinstance(axes, int) and not isinstance(axes, bool)):
            return True
        return (
            isinstance(axes, (tuple, list))
            and all(ok(a) for a in axes)
            and all(not isinstance(a, (tuple, list)) for a in axes)
        )

    if not ok(in_axes):
        raise TypeError(f"{op}: in_axes must be an int, None, or a tuple of those (one per argument); got {in_axes!r}")
    if not ok(out_axes):
        raise TypeError(f"{op}: out_axes must be an int, None, or a tuple of those (one per output); got {out_axes!r}")


def _per(axes: Any, n: int, what: str, op: str) -> tuple[int | None, ...]:
    if not isinstance(axes, (tuple, list)):
        return (axes,) * n
    if len(axes) != n:
        raise ValueError(f"{op}: {what}={axes!r} has {len(axes)} entries but there are {n}; give one per {what[:-5]}")
    return tuple(axes)


def _mapped(args: tuple[Any, ...], in_axes: Any, op: str) -> tuple[int, list[tuple[int, list[Any], TreeDef, int]]]:
    """The common size of the mapped axes, and for each mapped argument (index, its leaves, its structure,
    the axis); an argument may be a pytree, all of whose leaves are mapped along its axis."""
    axes = _per(in_axes, len(args), "in_axes", op)
    mapped = [(i, *tree_flatten(a), ax) for i, (a, ax) in enumerate(zip(args, axes, strict=True)) if ax is not None]
    if not any(leaves for _, leaves, _, _ in mapped):
        raise ValueError(f"{op}: in_axes={in_axes!r} maps no argument; map at least one (an int axis)")
    sizes: dict[int, int] = {}
    for i, leaves, _, ax in mapped:
        for a in leaves:
            if _backend(a) is None:
                raise TypeError(f"{op}: argument {i} is mapped (axis {ax}) but is a {_describe(a)}; pass an array")
            if not -a.ndim <= ax < a.ndim:
                raise ValueError(
                    f"{op}: in_axes gives axis {ax} for argument {i}, which has only {a.ndim} dimension(s)"
                )
            sizes.setdefault(i, a.shape[ax])
            if a.shape[ax] != sizes[i]:
                sizes[i] = -1  # leaves of one argument disagree: reported below
    if len(set(sizes.values())) != 1 or -1 in sizes.values():
        raise ValueError(f"{op}: the mapped arguments have different sizes along their axes ({sizes}); make them equal")
    size = next(iter(sizes.values()))
    if size == 0:
        raise ValueError(f"{op}: the mapped axis has size 0, so the output shape is unknown; map a non-empty axis")
    return size, mapped


def _stack(ctx: Context, values: list[Any], axis: int | None) -> Any:
    """Stacks per-slice results into one array of ``ctx``'s backend (Python numbers converted first)."""
    from ._ops.creation import asarray
    from ._ops.shape import stack

    if axis is None:
        return values[0]
    return stack([v if _backend(v) is not None else asarray(v, ctx=ctx) for v in values], axis=axis)


def _loop(
    fn: Callable[..., Any], in_axes: Any, out_axes: Any, args: tuple[Any, ...], kwargs: dict[str, Any], *, op: str,
    mapping: tuple[int, list[tuple[int, list[Any], TreeDef, int]]] | None = None,
) -> Any:  # fmt: skip
    """Call ``fn`` on each slice along the mapped axes and stack the results (in the inputs' backend);
    ``mapping``: `_mapped`'s answer where the caller has it already."""
    size, mapped = mapping or _mapped(args, in_axes, op)
    first_array = next(leaves[0] for _, leaves, _, _ in mapped if leaves)
    backend = _backend(first_array) or "numpy"
    device = str(first_array.device) if backend == "pytorch" else None
    combine = partial(_stack, Context(backend=backend, device=device))
    results = []
    for k in range(size):
        call = list(args)
        for i, leaves, treedef, ax in mapped:
            call[i] = tree_unflatten(treedef, [a[(slice(None),) * (ax % a.ndim) + (k,)] for a in leaves])
        results.append(fn(*call, **kwargs))
    return _stacked(results, out_axes, combine, op)


def _stacked(results: list[Any], out_axes: Any, combine: Callable[[list[Any], int | None], Any], op: str) -> Any:
    """Per-slice results (pytrees of one structure) stacked leaf by leaf along ``out_axes`` (an int for every
    leaf, or one entry per element of a tuple output)."""
    first = results[0]
    if isinstance(out_axes, (tuple, list)):
        if not isinstance(first, tuple):
            raise ValueError(
                f"{op}: out_axes={out_axes!r} is a tuple but fn returned one {_describe(first)}; pass an int"
            )
        outs = _per(out_axes, len(first), "out_axes", op)
        return tuple(_stacked([r[j] for r in results], outs[j], combine, op) for j in range(len(first)))
    return tree_map(lambda *values: combine(list(values), out_axes), *results)


def _tensors_mapped(in_axes: Any, args: tuple[Any, ...], op: str) -> bool:
    axes = _per(in_axes, len(args), "in_axes", op)
    return any(
        ax is not None and any(_backend(leaf) == "pytorch" for leaf in tree_leaves(a))
        for a, ax in zip(args, axes, strict=True)
    )


def _torch_axes(axes: Any) -> Any:
    return tuple(axes) if isinstance(axes, list) else axes


@dataclass(frozen=True, repr=False)
class VMap:
    """``fn`` mapped over an axis of its arguments; see `vmap`."""

    fn: Callable[..., Any]
    in_axes: int | tuple[int | None, ...] | None = 0
    out_axes: int | tuple[int | None, ...] | None = 0

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise TypeError(f"vmap: fn must be callable, got a {_describe(self.fn)}")
        _check_axes(self.in_axes, self.out_axes, "vmap")

    def __repr__(self) -> str:
        return f"vmap({_name(self.fn)}, in_axes={self.in_axes!r}, out_axes={self.out_axes!r})"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _tensors_mapped(self.in_axes, args, "vmap"):
            module, _ = _torch()
            return module.tensor_vmap(self.fn, _torch_axes(self.in_axes), _torch_axes(self.out_axes), args, kwargs)  # type: ignore[union-attr]
        return _vectorised(self.fn, self.in_axes, self.out_axes, args, kwargs, op="vmap", policy="auto")


#: Batches up to this size are looped on NumPy input by nf.vmap: torch.func.vmap's fixed cost exceeds a
#: loop over so few slices (benchmarks/bench_autodiff.py, vmap_batches).
SMALL_BATCH = 16


def _vectorised(
    fn: Callable[..., Any], in_axes: Any, out_axes: Any, args: tuple[Any, ...], kwargs: dict[str, Any], *, op: str,
    policy: str,
) -> Any:  # fmt: skip
    """``fn`` mapped over NumPy / cuPyNumeric arguments: ``torch.func.vmap`` on mirrors (one program), results
    converted back; the loop where that is impossible (announced by a `VectorizationFallbackWarning`, or an
    error under ``policy="force"``), where torch is missing, and for small batches under nf.vmap."""
    size, mapped = mapping = _mapped(args, in_axes, op)
    module, reason = _torch()
    if module is None:
        if policy == "force":
            raise UnsupportedTypeError(
                f"{op}: policy='force' cannot vectorise {_name(fn)}: {reason}; pass torch tensors, install torch, "
                "or use policy='auto' or 'off' to allow the loop"
            )
        if op != "vmap":  # nf.vmap documents the loop as its implementation without torch
            _vectorisation_warning(op, fn, reason)
        return _loop(fn, in_axes, out_axes, args, kwargs, op=op)
    if op == "vmap" and size <= SMALL_BATCH:
        return _loop(fn, in_axes, out_axes, args, kwargs, op=op, mapping=mapping)
    first = next(leaves[0] for _, leaves, _, _ in mapped if leaves)
    on_host = _backend(first) == "cupynumeric"
    if on_host:  # torch reads cuPyNumeric arrays through NumPy
        args = tuple(tree_map(lambda v: to_numpy(v) if _backend(v) == "cupynumeric" else v, a) for a in args)
    try:
        out = module.mirror_vmap(fn, _torch_axes(in_axes), _torch_axes(out_axes), args, kwargs)
    except (RuntimeError, NotImplementedError, TypeError, ValueError, module.LeftTorch, BufferError) as err:
        why = f"torch.func.vmap cannot vectorise it ({type(err).__name__}: {err})"
        if policy == "force":
            raise UnsupportedTypeError(
                f"{op}: policy='force' cannot vectorise {_name(fn)}: {why}; write fn without data-dependent Python "
                "control flow, Python scalar conversions or NumPy functions (nf operations vectorise), or use "
                "policy='auto' or 'off' to allow the loop"
            ) from err
        _vectorisation_warning(op, fn, why)
        return _loop(fn, in_axes, out_axes, args, kwargs, op=op)
    return tree_map(lambda v: _like(v, first) if isinstance(v, np.ndarray) else v, out) if on_host else out


def _vectorisation_warning(op: str, fn: Callable[..., Any], reason: str) -> None:
    warnings.warn(
        VectorizationFallbackWarning(f"{op}: {reason}; calling {_name(fn)} in a Python loop instead"), stacklevel=4
    )


@dataclass(frozen=True, repr=False)
class VectorizeOrFallback:
    """``fn`` vectorised where possible, else looped; see `vectorize_or_fallback`."""

    fn: Callable[..., Any]
    policy: str = "auto"
    in_axes: int | tuple[int | None, ...] | None = 0
    out_axes: int | tuple[int | None, ...] | None = 0

    def __post_init__(self) -> None:
        if self.policy not in POLICIES:
            raise ValueError(
                f"vectorize_or_fallback: policy={self.policy!r} is not one of {', '.join(map(repr, POLICIES))}; "
                "pick one of them"
            )
        if not callable(self.fn):
            raise TypeError(f"vectorize_or_fallback: fn must be callable, got a {_describe(self.fn)}")
        _check_axes(self.in_axes, self.out_axes, "vectorize_or_fallback")

    def __repr__(self) -> str:
        return (
            f"vectorize_or_fallback({_name(self.fn)}, policy={self.policy!r}, in_axes={self.in_axes!r}, "
            f"out_axes={self.out_axes!r})"
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        op = "vectorize_or_fallback"
        if self.policy == "off":
            return _loop(self.fn, self.in_axes, self.out_axes, args, kwargs, op=op)
        if not _tensors_mapped(self.in_axes, args, op):
            return _vectorised(self.fn, self.in_axes, self.out_axes, args, kwargs, op=op, policy=self.policy)
        module, _ = _torch()
        vmapped = (self.fn, _torch_axes(self.in_axes), _torch_axes(self.out_axes), args, kwargs)
        if self.policy == "force":
            return module.tensor_vmap(*vmapped)  # type: ignore[union-attr]
        try:
            return module.tensor_vmap(*vmapped)  # type: ignore[union-attr]
        except (RuntimeError, NotImplementedError) as err:
            reason = f"torch.func.vmap failed ({type(err).__name__}: {err})"
        warnings.warn(
            VectorizationFallbackWarning(f"{op}: {reason}; calling {_name(self.fn)} in a Python loop instead"),
            stacklevel=2,
        )
        return _loop(self.fn, self.in_axes, self.out_axes, args, kwargs, op=op)


# --- jit -------------------------------------------------------------------------------------
_FALLBACK = "fallback"  # a signature's cache entry where compilation failed: plain execution from then on


def _signature(leaves: list[Any], treedef: TreeDef) -> tuple[Any, ...] | None:
    """What a compiled program is specialised on: the arguments' structure, each array leaf's backend, dtype
    and shape, every other leaf's type and value (a constant of the program). None where no leaf is an array."""
    key: list[Any] = [treedef]
    arrays = False
    for leaf in leaves:
        backend = _backend(leaf)
        if backend is None:
            key.append((type(leaf), leaf))
        else:
            arrays = True
            key.append((backend, str(leaf.dtype), tuple(leaf.shape)))
    return tuple(key) if arrays else None


@dataclass(frozen=True, repr=False)
class Jit:
    """``fn`` compiled with ``torch.compile`` (tensors; NumPy and cuPyNumeric arrays through tensors sharing
    their memory), run as it is where that is impossible; see `jit`."""

    fn: Callable[..., Any]
    # Per input signature: torch.compile's function, or _FALLBACK; and the reasons already warned about.
    cache: dict[Any, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise TypeError(f"jit: fn must be callable, got a {_describe(self.fn)}")

    def __repr__(self) -> str:
        return f"jit({_name(self.fn)})"

    def __reduce__(self) -> tuple[Any, ...]:  # the compiled programs stay behind: they belong to this process
        return Jit, (self.fn,)

    @cached_property
    def compiled(self) -> Callable[..., Any]:
        """``torch.compile(fn)``, made on first use (compilation itself happens on the first call)."""
        module, reason = _torch()
        if module is None:
            raise UnsupportedTypeError(f"jit: cannot compile {_name(self.fn)}: {reason}")
        return module.compiled(self.fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        leaves, treedef = tree_flatten((args, kwargs))
        if any(_backend(a) == "pytorch" for a in leaves):
            return self.compiled(*args, **kwargs)
        key = _signature(leaves, treedef)
        if key is None:  # no array: nothing to compile for
            return self.fn(*args, **kwargs)
        try:
            program = self.cache.get(key)
        except TypeError:  # a leaf that is no array and cannot be hashed: no signature to compile for
            return self._fallback(None, "an argument is neither an array nor hashable", args, kwargs)
        if program is _FALLBACK:
            return self.fn(*args, **kwargs)
        module, reason = _torch()
        if module is None:
            return self._fallback(key, reason, args, kwargs)
        host = next(a for a in leaves if _backend(a) is not None)
        on_host = _backend(host) == "cupynumeric"
        if on_host:  # torch reads cuPyNumeric arrays through NumPy
            leaves = [to_numpy(v) if _backend(v) == "cupynumeric" else v for v in leaves]
        try:
            if program is None:
                program = self.cache[key] = module.Program(self.fn, *tree_unflatten(treedef, leaves))
            out = program(leaves)
        except Exception as err:  # any failure to trace or compile; fn's own errors recur in the plain run
            why = f"torch.compile failed ({type(err).__name__}: {_first_line(err)})"
            return self._fallback(key, why, args, kwargs)
        return tree_map(lambda v: _like(v, host) if isinstance(v, np.ndarray) else v, out) if on_host else out

    def _fallback(self, key: Any, reason: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """``fn`` run as it is from now on for ``key``'s signature, announced once per reason."""
        if key is not None:
            self.cache[key] = _FALLBACK
        warned = self.cache.setdefault("warned", set())
        if reason not in warned:
            warned.add(reason)
            warnings.warn(
                JitFallbackWarning(
                    f"jit: cannot compile {_name(self.fn)} for NumPy input because {reason}; running it uncompiled "
                    "(write fn with nf operations and Python operators on its arguments to compile it)"
                ),
                stacklevel=3,
            )
        return self.fn(*args, **kwargs)


def _first_line(err: BaseException) -> str:
    return str(err).strip().partition("\n")[0][:300]

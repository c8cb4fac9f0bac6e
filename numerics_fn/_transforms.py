"""The machinery behind the transforms of `numerics_fn._autodiff` (whose docstring describes them).

Imported on a transform's first use, not by ``import numerics_fn``: its frozen dataclasses and
helpers cost ~6 ms to load.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

from ._context import Context
from ._dispatch import backend_of_type
from ._errors import GradientFallbackWarning, MixedBackendError, UnsupportedTypeError, VectorizationFallbackWarning
from ._ops.conversion import to_numpy

__all__ = ["Grad", "Hessian", "Jacobian", "Jit", "VMap", "ValueAndGrad", "VectorizeOrFallback"]

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
        return cls(value, arr.dtype, np.array(arr, dtype=wide), narrow)

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


def _params(args: tuple[Any, ...], indices: tuple[int, ...], op: str) -> tuple[str | None, list[_Param]]:
    """The single backend of ``args[indices]`` ('pytorch', 'numpy', ...; None for Python numbers)."""
    if len(indices) == 1:  # the common case: one parameter, one backend
        backend = _backend(args[indices[0]])
        return backend, [] if backend == "pytorch" else [_Param.of(args[indices[0]], indices[0], op)]
    backends = {b for b in (_backend(args[i]) for i in indices) if b is not None}
    if len(backends) > 1:
        raise MixedBackendError(
            f"{op}: the differentiated arguments {indices} are on several backends ({', '.join(sorted(backends))}); "
            "convert them to one with nf.convert(x, backend)"
        )
    backend = backends.pop() if backends else None
    if backend == "pytorch":
        return backend, []
    return backend, [_Param.of(args[i], i, op) for i in indices]


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
    """``fn(*args, **kwargs)`` with the arguments at ``indices`` replaced by given values."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    indices: tuple[int, ...]

    def __call__(self, values: Sequence[Any]) -> Any:
        args = list(self.args)
        for i, v in zip(self.indices, values, strict=True):
            args[i] = v
        return self.fn(*args, **self.kwargs)


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


def _real_params(params: Sequence[_Param], indices: tuple[int, ...], op: str) -> None:
    for i, p in zip(indices, params, strict=True):
        if p.dtype.kind == "c":
            raise TypeError(
                f"{op}: argument {i} is complex ({p.dtype}), and finite differences would drop its imaginary part; "
                "use method='autodiff' (torch's convention for complex parameters) or differentiate with respect "
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


def _fd_jacobian(evaluate: _Evaluator) -> list[np.ndarray]:
    widths, pairs = _central(evaluate, _to_numpy)
    if not pairs:
        lead = np.shape(_to_numpy(evaluate(evaluate.x)))
        return evaluate.split(np.zeros((*lead, 0)), lead)
    jac = np.stack(
        [
            (up.astype(np.result_type(up.dtype, np.float64)) - down) / w
            for (up, down), w in zip(pairs, widths, strict=True)
        ],
        axis=-1,
    )
    return evaluate.split(jac, jac.shape[:-1])


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
    """What value_and_grad, grad, jacfwd and hessian share: validation, and choosing the path."""

    fn: Callable[..., Any]
    argnums: int | tuple[int, ...] = 0
    method: str = "auto"

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

    def __repr__(self) -> str:
        return f"{self.op}({_name(self.fn)}, argnums={self.argnums!r}, method={self.method!r})"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        indices = _indices(self.argnums, len(args), self.op)
        backend, params = _params(args, indices, self.op)
        if backend == "pytorch" and self.method != "finite_difference":
            module, _ = _torch()
            return self._finish(self._tensor(module, args, kwargs, indices), None)
        if backend == "pytorch":
            params = [_Param.of(args[i], i, self.op) for i in indices]
        evaluate = _Evaluator(_Call(self.fn, args, kwargs, indices), tuple(params))
        if self.method != "finite_difference":
            module, reason = _torch()
            if module is not None:
                try:
                    return self._finish(self._mirror(module, _host_constants(evaluate)), params)
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
            warnings.warn(
                GradientFallbackWarning(
                    f"{self.op}: exact gradients are not possible for {_name(self.fn)} because {reason}; using "
                    "central finite differences (2 evaluations per parameter element, about 1e-10 relative error "
                    "in float64). Pass method='finite_difference' to choose this and silence the warning"
                ),
                stacklevel=3,
            )
        _real_params(params, indices, self.op)
        return self._finish(self._differences(evaluate), params)

    def _finish(self, results: tuple[Any, ...], params: Sequence[_Param] | None) -> Any:
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


def _restored_value(value: Any, params: Sequence[_Param]) -> Any:
    """A mirror's scalar as a 0-d array of the parameters' backend and (promoted) real dtype."""
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
        return module.tensor_value_and_grad(self.fn, args, kwargs, indices, _ScalarCheck(self.op, tensor=True))

    def _mirror(self, module: Any, evaluate: _Evaluator) -> Any:
        hosts = [p.host for p in evaluate.params]
        value, grads = module.mirror_value_and_grad(evaluate.call, hosts, self._check)
        return _restored_value(value, evaluate.params), grads

    def _differences(self, evaluate: _Evaluator) -> Any:
        return _fd_value_and_grad(evaluate, self._check)

    def _finish(self, results: tuple[Any, ...], params: Sequence[_Param] | None) -> Any:
        value, grads = results
        if params is not None:
            grads = [p.restore(g) for p, g in zip(params, grads, strict=True)]
        return value, self._one(grads)


class Grad(ValueAndGrad):  # a frozen dataclass by inheritance (no fields of its own)
    """The gradient(s) of ``fn`` with respect to ``argnums``; see `grad`."""

    op = "grad"

    def _finish(self, results: tuple[Any, ...], params: Sequence[_Param] | None) -> Any:
        return super()._finish(results, params)[1]


class Jacobian(_Derivative):  # a frozen dataclass by inheritance (no fields of its own)
    """The Jacobian(s) of ``fn`` with respect to ``argnums``; see `jacfwd`."""

    op = "jacfwd"

    def _tensor(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], indices: tuple[int, ...]) -> Any:
        return module.tensor_jacobian(self.fn, args, kwargs, indices)

    def _mirror(self, module: Any, evaluate: _Evaluator) -> Any:
        _real_params(evaluate.params, evaluate.call.indices, self.op + " (on NumPy arguments)")
        return module.mirror_jacobian(evaluate.call, [p.host for p in evaluate.params])

    def _differences(self, evaluate: _Evaluator) -> Any:
        return _fd_jacobian(evaluate)

    def _finish(self, results: Any, params: Sequence[_Param] | None) -> Any:
        if params is not None:
            results = [p.restore(j) for p, j in zip(params, results, strict=True)]
        return self._one(results)


class Hessian(_Derivative):  # a frozen dataclass by inheritance (no fields of its own)
    """The Hessian (blocks) of scalar ``fn`` with respect to ``argnums``; see `hessian`."""

    op = "hessian"

    def _tensor(self, module: Any, args: tuple[Any, ...], kwargs: dict[str, Any], indices: tuple[int, ...]) -> Any:
        return module.tensor_hessian(self.fn, args, kwargs, indices, _ScalarCheck(self.op, tensor=True))

    def _mirror(self, module: Any, evaluate: _Evaluator) -> Any:
        _real_params(evaluate.params, evaluate.call.indices, self.op + " (on NumPy arguments)")
        full = module.mirror_hessian(evaluate.call, [p.host for p in evaluate.params], self._check)
        return evaluate.blocks(full)

    def _differences(self, evaluate: _Evaluator) -> Any:
        return evaluate.blocks(_fd_hessian(evaluate, self._check))

    def _finish(self, results: Any, params: Sequence[_Param] | None) -> Any:
        if params is not None:
            results = [[p.restore(b) for b in row] for p, row in zip(params, results, strict=True)]
        return self._one([self._one(row) for row in results])


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


def _mapped(args: tuple[Any, ...], in_axes: Any, op: str) -> tuple[int, list[tuple[int, Any, int]]]:
    """The common size of the mapped axes, and (index, array, axis) of each mapped argument."""
    axes = _per(in_axes, len(args), "in_axes", op)
    mapped = [(i, a, ax) for i, (a, ax) in enumerate(zip(args, axes, strict=True)) if ax is not None]
    if not mapped:
        raise ValueError(f"{op}: in_axes={in_axes!r} maps no argument; map at least one (an int axis)")
    sizes = {}
    for i, a, ax in mapped:
        if _backend(a) is None:
            raise TypeError(f"{op}: argument {i} is mapped (axis {ax}) but is a {_describe(a)}; pass an array")
        if not -a.ndim <= ax < a.ndim:
            raise ValueError(f"{op}: in_axes gives axis {ax} for argument {i}, which has only {a.ndim} dimension(s)")
        sizes[i] = a.shape[ax]
    if len(set(sizes.values())) != 1:
        raise ValueError(f"{op}: the mapped arguments have different sizes along their axes ({sizes}); make them equal")
    size = next(iter(sizes.values()))
    if size == 0:
        raise ValueError(f"{op}: the mapped axis has size 0, so the output shape is unknown; map a non-empty axis")
    return size, [(i, a, ax % a.ndim) for i, a, ax in mapped]


def _stack(ctx: Context, values: list[Any], axis: int | None) -> Any:
    """Stacks per-slice results into one array of ``ctx``'s backend (Python numbers converted first)."""
    from ._ops.creation import asarray
    from ._ops.shape import stack

    if axis is None:
        return values[0]
    return stack([v if _backend(v) is not None else asarray(v, ctx=ctx) for v in values], axis=axis)


def _loop(
    fn: Callable[..., Any], in_axes: Any, out_axes: Any, args: tuple[Any, ...], kwargs: dict[str, Any], *, op: str
) -> Any:
    """Call ``fn`` on each slice along the mapped axes and stack the results (in the inputs' backend)."""
    size, mapped = _mapped(args, in_axes, op)
    first_array = mapped[0][1]
    backend = _backend(first_array) or "numpy"
    device = str(first_array.device) if backend == "pytorch" else None
    combine = partial(_stack, Context(backend=backend, device=device))
    results = []
    for k in range(size):
        call = list(args)
        for i, a, ax in mapped:
            call[i] = a[(slice(None),) * ax + (k,)]
        results.append(fn(*call, **kwargs))
    first = results[0]
    if isinstance(first, tuple):
        outs = _per(out_axes, len(first), "out_axes", op)
        return tuple(combine([r[j] for r in results], outs[j]) for j in range(len(first)))
    if isinstance(out_axes, (tuple, list)):
        raise ValueError(f"{op}: out_axes={out_axes!r} is a tuple but fn returned one {_describe(first)}; pass an int")
    return combine(results, out_axes)


def _tensors_mapped(in_axes: Any, args: tuple[Any, ...], op: str) -> bool:
    axes = _per(in_axes, len(args), "in_axes", op)
    return any(ax is not None and _backend(a) == "pytorch" for a, ax in zip(args, axes, strict=True))


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
        return _loop(self.fn, self.in_axes, self.out_axes, args, kwargs, op="vmap")


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
        if _tensors_mapped(self.in_axes, args, op):
            module, _ = _torch()
            vmapped = (self.fn, _torch_axes(self.in_axes), _torch_axes(self.out_axes), args, kwargs)
            if self.policy == "force":
                return module.tensor_vmap(*vmapped)  # type: ignore[union-attr]
            try:
                return module.tensor_vmap(*vmapped)  # type: ignore[union-attr]
            except (RuntimeError, NotImplementedError) as err:
                reason = f"torch.func.vmap failed ({type(err).__name__}: {err})"
        else:
            backend = next((_backend(a) for a in args if _backend(a) is not None), None)
            reason = f"the {backend or 'Python'} backend has no vectorising map"
            if self.policy == "force":
                raise UnsupportedTypeError(
                    f"{op}: policy='force' cannot vectorise {_name(self.fn)}: {reason}; pass torch tensors, or "
                    "use policy='auto' or 'off' to allow the loop"
                )
        warnings.warn(
            VectorizationFallbackWarning(f"{op}: {reason}; calling {_name(self.fn)} in a Python loop instead"),
            stacklevel=2,
        )
        return _loop(self.fn, self.in_axes, self.out_axes, args, kwargs, op=op)


# --- jit -------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class Jit:
    """``fn`` compiled with ``torch.compile`` when called with tensors, unchanged otherwise; see `jit`."""

    fn: Callable[..., Any]

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise TypeError(f"jit: fn must be callable, got a {_describe(self.fn)}")

    def __repr__(self) -> str:
        return f"jit({_name(self.fn)})"

    @cached_property
    def compiled(self) -> Callable[..., Any]:
        """``torch.compile(fn)``, made on first use (compilation itself happens on the first call)."""
        module, reason = _torch()
        if module is None:
            raise UnsupportedTypeError(f"jit: cannot compile {_name(self.fn)}: {reason}")
        return module.compiled(self.fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any(_backend(a) == "pytorch" for a in (*args, *kwargs.values())):
            return self.compiled(*args, **kwargs)
        return self.fn(*args, **kwargs)

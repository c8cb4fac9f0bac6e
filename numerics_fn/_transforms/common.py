"""What the transforms share: argument checks, the per-call records (`_Param`, `_Call`, `_Evaluator`),
the check of a scalar output, the torch side's loader (`_torch`) and the conversions back to each
parameter's backend and dtype."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

from .._backends import DEVICE_CARRIERS
from .._context import Context
from .._dispatch import backend_of_type
from .._errors import MixedBackendError, UnsupportedTypeError
from .tree import TreeDef, is_container, tree_flatten, tree_map, tree_unflatten

METHODS = ("auto", "autodiff", "finite_difference")


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
    loaded = sys.modules.get("numerics_fn._transforms.mirrors")
    if getattr(loaded, "READY", False):  # not while another thread is still importing it: the import below waits
        return loaded, ""
    if importlib.util.find_spec("torch") is None:
        return None, "torch is not installed (pip install numerics_fn[torch])"
    try:
        from . import mirrors
    except ImportError as err:  # pragma: no cover - a broken torch installation
        return None, f"torch does not import ({err})"
    return mirrors, ""


def _to_numpy(x: Any) -> np.ndarray:
    from .._ops import to_numpy

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
    if backend is None and hasattr(type(like), "__array_namespace__"):  # a foreign Array API array: its own type
        return like.__array_namespace__().asarray(host, device=like.device)
    if backend in (None, "numpy"):
        return host
    from .._ops import asarray

    device = str(like.device) if backend in DEVICE_CARRIERS else None
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
    dataclasses, and cheaper to make, which counts on every gradient call.
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


# --- a call of fn at given parameter values (finite differences and mirrors) ----------------
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


# --- results back in the parameters' backend and dtype ----------------------------------------
def _aux(call: _Call) -> Any:
    """The aux of ``call``'s first evaluation (None before any, or without has_aux)."""
    return call.aux[0] if call.aux else None


def _restored_aux(aux: Any, params: Sequence[_Param]) -> Any:
    """``aux`` with each torch mirror in it (values computed on the tape) as an array of the parameters'
    backend, detached, in the parameters' real dtype where it is float64."""
    module = sys.modules.get("numerics_fn._transforms.mirrors")
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

"""The torch side of the transforms: autograd on tensors, and torch mirrors of NumPy arguments.

Imported only by the transforms (`common._torch`), and only when a transform meets a tensor or tries
exact gradients for NumPy input, so `import numerics_fn` stays free of torch.

A *mirror* is a float64/complex128 copy of a NumPy (or cuPyNumeric) parameter as a
`Mirror`, a `torch.Tensor` subclass. It dispatches to the pytorch backend like any tensor
(dispatch walks the MRO), and its ``__torch_function__``, Python operators and
``__array_ufunc__`` turn NumPy operands into tensors, so ``A @ x``, ``x * a`` and
``a - x`` with NumPy constants ``A``, ``a`` stay on autograd's tape. Anything that would take a
mirror out of torch (``np.sin(x)``, ``np.asarray(x)``, ``x.numpy()``, and while it depends on a
parameter ``float(x)``, ``x.item()``, ``x.tolist()``, ``x.data``: `_ESCAPES`) raises `LeftTorch`, which
the transforms turn into a finite-difference fallback (``method="auto"``) or an error.

Speed (issue 4: one ``value_and_grad`` of a small function within 10x of evaluating it in NumPy):
every torch call on a subclass costs a trip through Python, so the mirror keeps those few. Its
operators call torch with subclass handling off and re-class the new result in place; nf operations
of one array run their pytorch implementation in one step (`_in_torch`, registered for `Mirror`);
``__torch_function__`` serves the rest. The backward pass goes straight to autograd's engine
(`_grads`), the value comes back as a number and each gradient through one ``.numpy()``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import torch

with warnings.catch_warnings():
    # Forward-mode AD (torch.func.jacfwd, hessian) loads this module on first use, and on torch
    # >= 2.10 it warns about its own use of torch.jit.script; load it once here, quietly.
    warnings.simplefilter("ignore", DeprecationWarning)
    import torch._decomp.decompositions_for_jvp

__all__ = [
    "LeftTorch", "Mirror", "MirrorVjp", "Program", "Remirrored", "compiled", "mirror", "mirror_hessian",
    "mirror_jacobian", "mirror_jvp", "mirror_value_and_grad", "mirror_vmap", "remirrored", "tensor_hessian",
    "tensor_jacobian", "tensor_jvp", "tensor_value_and_grad", "tensor_vjp", "tensor_vmap", "to_numpy",
]  # fmt: skip


class LeftTorch(Exception):  # noqa: N818 (a signal, caught by the transforms, not an error a user sees)
    """``fn`` took a mirrored parameter out of torch (a NumPy function, a NumPy conversion)."""


def _operand(value: Any) -> Any:
    """A NumPy operand as a tensor (zero-copy where torch allows); other values unchanged."""
    if isinstance(value, np.ndarray):
        if value.flags.writeable:  # torch warns about read-only memory
            try:
                return torch.from_numpy(value)
            except ValueError:  # negative strides, or not the native byte order
                pass
        return torch.from_numpy(np.array(value, dtype=value.dtype.newbyteorder("=")))
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)) and any(isinstance(v, (np.ndarray, np.generic)) for v in value):
        return type(value)(_operand(v) for v in value)
    return value


_LEAVING: frozenset[Any] = frozenset((torch.Tensor.__array__, torch.Tensor.numpy))
_GETITEM = torch.Tensor.__getitem__
_CONVERTIBLE = (np.ndarray, np.generic, list, tuple)
# NumPy ufuncs that Python operators call when a NumPy array is on the left (``a * x``).
_UFUNCS: Mapping[Any, Callable[..., Any]] = MappingProxyType({
    np.add: torch.add, np.subtract: torch.sub, np.multiply: torch.mul, np.true_divide: torch.true_divide,
    np.divide: torch.true_divide, np.matmul: torch.matmul, np.power: torch.pow, np.floor_divide: torch.floor_divide,
    np.remainder: torch.remainder, np.negative: torch.neg, np.positive: torch.positive, np.equal: torch.eq,
    np.not_equal: torch.ne, np.less: torch.lt, np.less_equal: torch.le, np.greater: torch.gt,
    np.greater_equal: torch.ge,
})  # fmt: skip
_plain = torch._C.DisableTorchFunctionSubclass
_NOWRAP = frozenset(torch.overrides.get_default_nowrap_functions())
_Tensor = torch.Tensor
# Tensor types whose own __torch_function__ a mirror's operator may skip: running the operation with
# subclass handling disabled is what their __torch_function__ would do anyway.
_PLAIN_TENSORS = frozenset((torch.Tensor, torch.nn.Parameter))


def _wrap(out: Any, inputs: Sequence[Any]) -> Any:
    """Tensors in ``out`` (also inside tuples, lists and torch's named tuples) as mirrors.

    A plain tensor the operation just made changes class in place: unlike ``as_subclass`` that
    adds no alias node to autograd's graph and costs less. A tensor that is one
    of the inputs (``out=``, in-place methods) is never changed; it gets a mirror view instead.
    """
    if isinstance(out, torch.Tensor):
        if type(out) is _Tensor and not any(out is i for i in inputs):
            out.__class__ = Mirror
            return out
        return out if isinstance(out, Mirror) else out.as_subclass(Mirror)
    if isinstance(out, (tuple, list)):
        return type(out)(_wrap(o, inputs) for o in out)
    return out


class Mirror(torch.Tensor):
    """A tensor standing in for a NumPy parameter; NumPy operands become tensors.

    nf operations combining a mirror with a cuPyNumeric array run on torch (the array is taken
    as a constant), where ordinary tensors would raise MixedBackendError.

    Every torch operation on a mirror passes through ``__torch_function__`` (Python), so it is
    kept lean: NumPy operands are converted only when present, the operation runs with subclass
    handling disabled, and a fresh plain result changes class in place. Python operators, the
    commonest operations in ``fn``, skip the round trip through torch's dispatch (see `_binary`).
    """

    __numerics_fn_absorbs_arrays__ = True

    @classmethod
    def __torch_function__(  # noqa: C901 (one flat dispatch on purpose: it runs for every torch call)
        cls, func: Any, types: Any, args: Sequence[Any] = (), kwargs: dict[str, Any] | None = None
    ) -> Any:
        if func in _LEAVING:
            raise LeftTorch("it converts a parameter to a NumPy array (np.asarray, .numpy(), nf.to_numpy)")
        if func is _GETITEM and _negative_step(args[1]):  # NumPy's x[::-1], which torch refuses
            return _reversed_getitem(args[0], args[1])
        for a in args:  # the common case, no NumPy operand, allocates nothing
            if isinstance(a, _CONVERTIBLE):
                args = tuple(_operand(a) for a in args)
                break
        if kwargs:
            kwargs = {k: _operand(v) for k, v in kwargs.items()}
            with _plain():
                out = func(*args, **kwargs)
            return out if func in _NOWRAP else _wrap(out, (*args, *kwargs.values()))
        # What torch.Tensor.__torch_function__ does, without its generic wrapping machinery.
        with _plain():
            out = func(*args)
        if type(out) is _Tensor:  # the common case: one tensor, made by the operation
            for a in args:
                if a is out:  # an in-place method of a plain tensor: never change its class
                    return out.as_subclass(Mirror)
            if func in _NOWRAP:
                return out
            out.__class__ = Mirror
            return out
        if func in _NOWRAP or not isinstance(out, (torch.Tensor, tuple, list)):
            return out  # a mirror, or not a tensor (a dtype, a shape, a number)
        return _wrap(out, args)

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        impl = _UFUNCS.get(ufunc)
        if impl is None or method != "__call__" or kwargs:
            raise LeftTorch(f"it calls the NumPy function numpy.{ufunc.__name__} on a parameter")
        operands = []
        for value in inputs:
            if isinstance(value, _Tensor) and type(value) is not Mirror and type(value) not in _PLAIN_TENSORS:
                return impl(*(_operand(v) for v in inputs))  # another tensor subclass: torch's dispatch chooses
            operands.append(_operand(value) if isinstance(value, _CONVERTIBLE) else value)
        with _plain():
            out = impl(*operands)
        if type(out) is _Tensor:  # new: an operation on NumPy input returns none of its operands
            out.__class__ = Mirror
        return out

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        raise LeftTorch(f"it calls the NumPy function numpy.{func.__name__} on a parameter")

    __hash__ = torch.Tensor.__hash__

    # Printing a traced value inside fn is no escape (torch's repr would call .item()).
    def __repr__(self, *, tensor_contents: Any = None) -> str:  # type: ignore[override]
        with _plain():
            return f"traced({_Tensor.__repr__(self.detach())})"


def _on_tape(t: Any) -> bool:
    with _plain():
        return bool(t.requires_grad)


def _escape(name: str, what: str) -> Callable[..., Any]:
    """The method ``name`` of a mirror, which takes a value out of autograd's tape: `LeftTorch` naming
    ``what`` where the mirror depends on a parameter (requires grad); torch's method otherwise."""
    base = getattr(torch.Tensor, name)

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _on_tape(self):
            raise LeftTorch(f"it {what} (the value leaves autograd's tape, so its derivative would be lost)")
        with _plain():
            return base(self, *args, **kwargs)

    method.__name__ = name
    return method


# Every way a traced value leaves the tape as a Python number, a NumPy array or raw memory. Each is
# reported, never followed: the gradient would silently miss the path through the escaped value.
_ESCAPES = MappingProxyType(
    {
        "__float__": "converts a traced value to a Python float (float(x))",
        "__int__": "converts a traced value to a Python int (int(x))",
        "__bool__": "converts a traced value to a Python bool (bool(x), an if or while on it)",
        "__complex__": "converts a traced value to a Python complex (complex(x))",
        "__index__": "uses a traced value as a Python index (operator.index(x))",
        "__format__": "formats a traced value as text (format(x), an f-string)",
        "item": "converts a traced value to a Python number (x.item())",
        "tolist": "converts a traced value to Python numbers (x.tolist())",
        "numpy": "converts a traced value to a NumPy array (x.numpy(), nf.to_numpy(x))",
        "__dlpack__": "exports a traced value's memory (DLPack)",
    }
)
for _method, _what in _ESCAPES.items():
    setattr(Mirror, _method, _escape(_method, _what))
del _method, _what


def _array(self: Any, dtype: Any = None, copy: Any = None) -> np.ndarray:
    if _on_tape(self):
        raise LeftTorch(
            "it converts a traced value to a NumPy array (np.asarray(x), np.array(x)) (the value leaves autograd's "
            "tape, so its derivative would be lost)"
        )
    out = to_numpy(self)
    return out if dtype is None else out.astype(dtype, copy=False)


def _data(self: Any) -> Any:
    if _on_tape(self):
        raise LeftTorch("it reads a traced value's memory (x.data), where writes and reads bypass autograd's tape")
    with _plain():
        return _TENSOR_DATA(self)


_TENSOR_DATA = torch.Tensor.data.__get__  # type: ignore[attr-defined]


Mirror.__array__ = _array  # type: ignore[method-assign]
Mirror.data = property(_data)  # type: ignore[assignment]


# --- NumPy's face: what NumPy code reads of a mirror ---------------------------------------------
# NumPy code inside fn reads a mirror's dtype, size, T, astype, copy and slices as NumPy arrays answer.
# torch's own code (and numerics_fn's pytorch implementations) runs on mirrors with subclass handling
# off (`_plain`), and there the tensor's answers stay, as torch expects them.
_NUMPY_DTYPES: Mapping[Any, np.dtype[Any]] = MappingProxyType({
    torch.float64: np.dtype(np.float64), torch.float32: np.dtype(np.float32), torch.float16: np.dtype(np.float16),
    torch.complex128: np.dtype(np.complex128), torch.complex64: np.dtype(np.complex64), torch.bool: np.dtype(bool),
    torch.int64: np.dtype(np.int64), torch.int32: np.dtype(np.int32), torch.int16: np.dtype(np.int16),
    torch.int8: np.dtype(np.int8), torch.uint8: np.dtype(np.uint8),
})  # fmt: skip
_user_side = torch._C._is_torch_function_enabled  # False inside _plain (torch's and numerics_fn's own code)
_DTYPE = torch.Tensor.dtype.__get__  # type: ignore[attr-defined]


def _np_dtype(self: Any) -> Any:
    with _plain():
        dtype = _DTYPE(self)
    if not _user_side() or sys._getframe(1).f_globals.get("__name__", "").partition(".")[0] in _TORCH_SIDE:
        return dtype  # torch's Python code (torch.func's checks) and numerics_fn's own read torch's dtype
    return _NUMPY_DTYPES.get(dtype, dtype)


_TORCH_SIDE = frozenset(("torch", "numerics_fn"))


class _Size(int):
    """A mirror's ``size``: NumPy's element count (an int), and callable as torch's ``size()``."""

    shape: Any

    def __call__(self, dim: int | None = None) -> Any:
        return self.shape if dim is None else self.shape[dim]


def _np_size(self: Any) -> Any:
    with _plain():
        shape = self.shape
    size = _Size(shape.numel())
    size.shape = shape
    return size


def _np_transpose(self: Any) -> Any:
    with _plain():
        out = self.permute(*reversed(range(self.dim())))
    return _wrap(out, (self,))


def _astype(self: Any, dtype: Any, copy: bool = True, **_: Any) -> Any:
    from .._backends.pytorch.dtypes import torch_dtype

    with _plain():
        target = dtype if isinstance(dtype, torch.dtype) else torch_dtype(np.dtype(dtype).name, "astype")
        out = self.to(target, copy=copy)
    return _wrap(out, (self,))


def _copy(self: Any, order: str = "K") -> Any:
    with _plain():
        out = self.clone()
    out.__class__ = Mirror
    return out


def _reversed_getitem(t: Any, index: Any) -> Any:
    with _plain():
        out = _reversed_slices(t, index if isinstance(index, tuple) else (index,))
    return _wrap(out, (t,))


def _negative_step(index: Any) -> bool:
    if isinstance(index, slice):
        return index.step is not None and index.step < 0
    return isinstance(index, tuple) and any(isinstance(i, slice) and i.step is not None and i.step < 0 for i in index)


def _reversed_slices(t: Any, index: tuple[Any, ...]) -> Any:
    """NumPy's basic indexing with negative-step slices (torch refuses them): each such slice is a flip
    of its axis and a positive-step slice; other entries (ints, slices, None, Ellipsis) as they are."""
    if any(not isinstance(i, (int, slice, type(None), type(Ellipsis))) for i in index):
        raise IndexError("negative-step slices mix only with ints, slices, None and ... in a mirror's index")
    n_axes = sum(1 for i in index if i is not None and i is not Ellipsis)
    if any(i is Ellipsis for i in index):
        at = next(k for k, i in enumerate(index) if i is Ellipsis)
        index = index[:at] + (slice(None),) * (t.dim() - n_axes) + index[at + 1 :]
    axis, plain = 0, []
    for entry in index:
        i = entry
        if isinstance(i, slice) and (i.step or 1) < 0:
            picked = range(t.shape[axis])[i]
            t = t.flip(axis)
            start = t.shape[axis] - 1 - picked.start if len(picked) else 0
            i = slice(start, start + len(picked) * -picked.step, -picked.step) if len(picked) else slice(0, 0)
        plain.append(i)
        axis += i is not None
    return _Tensor.__getitem__(t, tuple(plain))


Mirror.dtype = property(_np_dtype)  # type: ignore[assignment]
Mirror.size = property(_np_size)  # type: ignore[assignment]
Mirror.T = property(_np_transpose)  # type: ignore[assignment]
Mirror.astype = _astype  # type: ignore[attr-defined]
Mirror.copy = _copy  # type: ignore[attr-defined]


def _binary(name: str) -> Callable[[Any, Any], Any]:
    """The operator ``name`` of a mirror: the NumPy operand converted, torch's operator called
    directly with subclass handling off (what ``__torch_function__`` would do after a detour
    through torch's dispatch), and the new result made a mirror."""
    base = getattr(torch.Tensor, name)

    def method(self: Any, other: Any) -> Any:
        kind = type(other)
        if kind is not Mirror and kind is not float and kind is not int:
            if isinstance(other, _CONVERTIBLE):
                other = _operand(other)
            elif isinstance(other, _Tensor) and kind not in _PLAIN_TENSORS:
                return base(self, other)  # another tensor subclass: let torch's dispatch choose
        with _plain():
            out = base(self, other)
        if type(out) is _Tensor and out is not other:  # new (an operator never returns its operand)
            out.__class__ = Mirror
        return out

    method.__name__ = name
    return method


# torch's C operators answer NotImplemented for an ndarray operand; convert it first.
for _name in (
    "add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv", "rfloordiv", "mod", "rmod",
    "pow", "rpow", "matmul", "rmatmul", "eq", "ne", "lt", "le", "gt", "ge",
):  # fmt: skip
    setattr(Mirror, f"__{_name}__", _binary(f"__{_name}__"))
del _name


# --- nf operations on mirrors: the pytorch implementation, run in one step ----------------------
def _in_torch(impl: Callable[..., Any]) -> Callable[..., Any]:
    """The pytorch implementation of an nf operation, called on a mirror with subclass handling off.

    Through ``__torch_function__`` each torch call inside the implementation (``x.dtype`` as much as
    ``torch.sin(x)``) costs a round trip into Python; here the whole implementation runs as on plain
    tensors and its new results become mirrors once, at the end.
    """

    def in_torch(*args: Any) -> Any:
        with _plain():
            out = impl(*args)
        return _wrap(out, args)

    return in_torch


# The ops (on one or two arrays) whose pytorch implementations stay in torch (no NumPy conversion, which a
# mirror must report as LeftTorch): they get a mirror implementation.
_IN_TORCH = frozenset((
    "abs", "acos", "acosh", "add", "adjoint", "all", "allclose", "any", "argmax", "argmin", "asin", "asinh", "atan",
    "atan2", "atanh", "bitwise_and", "bitwise_invert", "bitwise_left_shift", "bitwise_or", "bitwise_right_shift",
    "bitwise_xor", "broadcast_to", "ceil", "cholesky", "conj", "copysign", "cos", "cosh", "cross",
    "cumulative_prod", "cumulative_sum", "det", "diag", "diagonal", "diff", "divide", "dot", "eig", "eigh",
    "eigvals", "eigvalsh", "equal", "exp", "exp2", "expand_dims", "expm", "expm1", "flip", "floor", "floor_divide",
    "greater", "greater_equal", "hypot", "imag", "index_update", "inv", "isclose", "isfinite", "isinf", "isnan",
    "kron", "less", "less_equal", "log", "log10", "log1p", "log2", "logaddexp", "logical_and", "logical_not",
    "logical_or", "logical_xor", "matmul", "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "max",
    "maximum", "mean", "min", "minimum", "moveaxis", "multiply", "negative", "nextafter", "norm", "not_equal",
    "outer", "permute_dims", "pinv", "positive", "pow", "power", "prod", "qr", "real", "reciprocal", "remainder",
    "repeat", "reshape", "roll", "round", "sign", "signbit", "sin", "sinh", "slogdet", "solve", "sqrt", "square",
    "squeeze", "std", "subtract", "sum", "svd", "svdvals", "take", "take_along_axis", "tan", "tanh", "tensordot",
    "tile", "trace", "transpose", "trunc", "unstack", "var", "vecdot", "vector_norm",
))  # fmt: skip


def _register_mirror_implementations() -> None:
    """Register `_in_torch` around the pytorch implementation of each op of `_IN_TORCH`
    for `Mirror` (more specific than torch.Tensor, so dispatch picks it). Runs once, at import."""
    from .._dispatch import backend_module, implements
    from .._ops import CATALOGUE

    backend_module("pytorch")
    for entry in CATALOGUE:
        if entry.kind != "array" or entry.name not in _IN_TORCH:
            continue
        if entry.n_arrays == 1:
            impl = entry.dispatcher.dispatch(torch.Tensor)
            if impl is not None:
                implements(entry.public, Mirror)(_in_torch(impl))
        elif entry.n_arrays == 2:  # (so that they, too, read a tensor's dtype: see NumPy's face below)
            impl = entry.dispatcher.dispatch(torch.Tensor, torch.Tensor)
            if impl is not None:
                for types in ((Mirror, torch.Tensor), (torch.Tensor, Mirror), (Mirror, Mirror)):
                    implements(entry.public, *types)(_in_torch(impl))


_register_mirror_implementations()


def mirror(host: np.ndarray) -> Mirror:
    """A leaf mirror of the NumPy array ``host`` (already float64 or complex128), requiring grad."""
    leaf: Any = torch.from_numpy(host).requires_grad_(True)
    leaf.__class__ = Mirror  # as `_wrap` does: cheaper than torch.Tensor._make_subclass
    return leaf


def _inner(leaves: Sequence[Any]) -> list[Any]:
    """What ``fn`` receives for each leaf: a copy on the tape, so that NumPy code writing into its
    parameter (``x[0] = 0``) is differentiated exactly (torch refuses in-place writes into a leaf)."""
    with _plain():
        out = [leaf.clone() for leaf in leaves]
    for t in out:
        t.__class__ = Mirror
    return out


def to_numpy(t: Any) -> np.ndarray:
    """A tensor (mirror or not) as a NumPy array: detached, on the host, conjugation resolved, and
    with memory of its own layout (a gradient torch made by expanding a scalar has stride 0, which
    an in-place update of the NumPy array would write through to every element at once)."""
    with _plain():
        if not t.is_contiguous():
            t = t.contiguous()
        try:
            return _Tensor.numpy(t)  # the common case: a CPU tensor outside autograd
        except (RuntimeError, TypeError):  # it requires grad, lives on a GPU or has its conjugate bit set
            return _Tensor.numpy(t.detach().cpu().resolve_conj())


def _traced(out: Any) -> Any:
    if not isinstance(out, torch.Tensor):
        module = type(out).__module__.partition(".")[0]
        name = type(out).__qualname__ if module == "builtins" else f"{module}.{type(out).__qualname__}"
        raise LeftTorch(f"it returns a {name}, computed outside torch")
    return out


# torch.autograd.grad checks and normalises its arguments in Python, which weighs on the backward pass
# of a small function. For the one case _grads needs, a real 0-d output differentiated with respect to
# leaf tensors, it hands the engine exactly what torch.autograd.grad would; anything else (or a torch
# without this entry point) goes through torch.autograd.grad itself.
_ENGINE = getattr(getattr(torch.autograd, "Variable", None), "_execution_engine", None)


def _grads(out: Any, leaves: Sequence[Any], *, retain_graph: bool = False, create_graph: bool = False) -> list[Any]:
    """d out / d leaf for each leaf (zeros where ``out`` does not depend on it); ``out`` a 0-d tensor."""
    if not out.requires_grad:  # does not depend on the parameters at all
        return [torch.zeros_like(leaf) for leaf in leaves]
    keep = retain_graph or create_graph  # torch.autograd.grad's default for retain_graph
    if _ENGINE is not None and out.dim() == 0 and not out.is_complex():
        grads = _ENGINE.run_backward(
            (out,), (torch.ones_like(out),), keep, create_graph, tuple(leaves), True, False
        )  # (outputs, grad_outputs, keep_graph, create_graph, inputs, allow_unreachable, accumulate_grad)
    else:
        grads = torch.autograd.grad(out, leaves, allow_unused=True, retain_graph=keep, create_graph=create_graph)
    return [torch.zeros_like(leaf) if g is None else g for leaf, g in zip(leaves, grads, strict=True)]


# --- NumPy parameters, through mirrors -------------------------------------------------
def mirror_value_and_grad(
    call: Callable[[Sequence[Any]], Any], hosts: Sequence[np.ndarray], check: Callable[[Any], Any]
) -> tuple[Any, list[np.ndarray]]:
    """The value of ``call(parameters)`` (a Python number) and its exact gradients at the float64 ``hosts``."""
    leaves = [mirror(h) for h in hosts]
    out = call(_inner(leaves))
    with _plain():  # no more NumPy operands: skip the mirror's __torch_function__
        if not (isinstance(out, _Tensor) and out.dim() == 0 and out.dtype.is_floating_point):
            out = _traced(check(out))  # not the usual real 0-d tensor: a clear error, or LeftTorch
        return _Tensor.item(out), [to_numpy(g) for g in _grads(out, leaves)]


def mirror_jacobian(
    call: Callable[[Sequence[Any]], Any], hosts: Sequence[np.ndarray]
) -> tuple[list[list[np.ndarray]], Any]:
    """For each leaf of the pytree ``call(parameters)`` at ``hosts`` (reverse mode, row by row), its Jacobians
    ``out.shape + param.shape`` for each parameter; and the output's structure."""
    from .tree import tree_flatten

    leaves = [mirror(h) for h in hosts]
    outs, treedef = tree_flatten(call(_inner(leaves)))
    with _plain():
        return [_jacobian(_traced(out), leaves) for out in outs], treedef


def mirror_jvp(
    call: Callable[[Sequence[Any]], Any], hosts: Sequence[np.ndarray], tangents: Sequence[np.ndarray]
) -> tuple[list[np.ndarray], list[np.ndarray], Any]:
    """The leaves of ``call(parameters)`` at ``hosts``, their derivatives along ``tangents``, and the output's
    structure. Forward mode through two reverse passes: ``J t = d/du <u, J t>`` with ``<u, J t> = <J^T u, t>``."""
    from .tree import tree_flatten

    leaves = [mirror(h) for h in hosts]
    outs, treedef = tree_flatten(call(_inner(leaves)))
    with _plain():
        outs = [_traced(o) for o in outs]
        values = [to_numpy(o) for o in outs]
        live = [k for k, o in enumerate(outs) if o.requires_grad]
        result = [np.zeros(v.shape, dtype=v.dtype) for v in values]
        if live:
            us = [torch.zeros_like(outs[k]).requires_grad_(True) for k in live]
            pulled = torch.autograd.grad(
                [outs[k] for k in live], leaves, grad_outputs=us, create_graph=True, allow_unused=True
            )
            pairs = [(g, torch.from_numpy(t)) for g, t in zip(pulled, tangents, strict=True) if g is not None]
            if pairs:
                inner = sum(torch.sum(g * t) for g, t in pairs)
                for k, d in zip(live, _grads(inner, us), strict=True):
                    result[k] = to_numpy(d)
    return values, result, treedef


class MirrorVjp:
    """The reverse pass of ``call(parameters)`` at ``hosts``, kept for any number of cotangents."""

    def __init__(self, call: Callable[[Sequence[Any]], Any], hosts: Sequence[np.ndarray]) -> None:
        from .tree import tree_flatten

        self.leaves = [mirror(h) for h in hosts]
        outs, self.treedef = tree_flatten(call(_inner(self.leaves)))
        with _plain():
            self.outs = [_traced(o) for o in outs]
            self.values = [to_numpy(o) for o in self.outs]

    def __call__(self, cotangents: Sequence[np.ndarray]) -> list[np.ndarray]:
        """``J^T c`` for each parameter, ``cotangents`` one per output leaf."""
        with _plain():
            live = [k for k, o in enumerate(self.outs) if o.requires_grad]
            if not live:
                return [to_numpy(torch.zeros_like(leaf)) for leaf in self.leaves]
            grads = torch.autograd.grad(
                [self.outs[k] for k in live],
                self.leaves,
                grad_outputs=[torch.from_numpy(np.asarray(cotangents[k], dtype=self.values[k].dtype)) for k in live],
                retain_graph=True,
                allow_unused=True,
            )
            return [
                to_numpy(torch.zeros_like(leaf) if g is None else g) for leaf, g in zip(self.leaves, grads, strict=True)
            ]


def _jacobian(out: Any, leaves: Sequence[Any]) -> list[np.ndarray]:
    parts = (out.real, out.imag) if out.is_complex() else (out,)
    jacobians = []
    for part in parts:
        flat = part.reshape(-1)
        rows = [_grads(flat[k], leaves, retain_graph=True) for k in range(flat.numel())]
        jacobians.append(
            [
                to_numpy(
                    torch.stack([r[p] for r in rows]) if rows else leaves[p].new_zeros((0, *leaves[p].shape))
                ).reshape(tuple(out.shape) + tuple(leaves[p].shape))
                for p in range(len(leaves))
            ]
        )
    if len(jacobians) == 2:
        return [re + 1j * im for re, im in zip(*jacobians, strict=True)]
    return jacobians[0]


def mirror_hessian(
    call: Callable[[Sequence[Any]], Any], hosts: Sequence[np.ndarray], check: Callable[[Any], Any]
) -> np.ndarray:
    """The full Hessian (n, n) of scalar ``call(parameters)`` at ``hosts``, all parameters flattened and joined."""
    leaves = [mirror(h) for h in hosts]
    out = call(_inner(leaves))
    with _plain():
        return _hessian(_traced(check(out)), leaves, sum(h.size for h in hosts))


def _hessian(out: Any, leaves: Sequence[Any], n: int) -> np.ndarray:
    grads = _grads(out, leaves, create_graph=True)
    flat = torch.cat([g.reshape(-1) for g in grads])
    rows = []
    for k in range(flat.numel()):
        row = (
            _grads(flat[k], leaves, retain_graph=True)
            if flat[k].requires_grad
            else [torch.zeros_like(v) for v in leaves]
        )
        rows.append(torch.cat([r.reshape(-1) for r in row]))
    return to_numpy(torch.stack(rows)) if rows else np.zeros((n, n))


# --- tensor parameters: torch.func ------------------------------------------------------
class _AnyAux:
    """``fn`` under ``has_aux`` for torch.func, which takes only tensors in aux: the call returns the aux's
    tensor leaves, the rest of the aux (other values, structure) is kept here and put back by `aux`."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.treedef: Any = None
        self.others: list[Any] = []

    def __call__(self, *args: Any, **kwargs: Any) -> tuple[Any, tuple[Any, ...]]:
        from .common import split_aux
        from .tree import tree_flatten

        out, aux = split_aux(self.fn(*args, **kwargs))
        leaves, self.treedef = tree_flatten(aux)
        self.others = [None if isinstance(v, torch.Tensor) else v for v in leaves]
        return out, tuple(v for v in leaves if isinstance(v, torch.Tensor))

    def aux(self, tensors: Sequence[Any]) -> Any:
        from .tree import tree_unflatten

        given = iter(tensors)
        return tree_unflatten(self.treedef, [next(given) if v is None else v for v in self.others])


def _with_aux(fn: Callable[..., Any], check: Callable[[Any], Any], has_aux: bool) -> Callable[..., Any]:
    """``fn`` with its output checked (the first of ``(output, aux)`` under ``has_aux``)."""
    from .common import split_aux

    if not has_aux:
        return lambda *a, **k: check(fn(*a, **k))

    def checked(*a: Any, **k: Any) -> Any:
        out, aux = split_aux(fn(*a, **k))
        return check(out), aux

    return checked


def tensor_value_and_grad(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], indices: tuple[int, ...],
    check: Callable[[Any], Any], has_aux: bool = False,
) -> tuple[Any, tuple[Any, ...], Any]:  # fmt: skip
    """``torch.func.grad_and_value`` of ``fn`` (output checked by ``check``) w.r.t. ``args[indices]``: the
    value, the gradients and the aux (None without ``has_aux``).

    Plain autograd gives the same where torch.func adds nothing, at less cost (torch.func's wrapping
    of inputs and outputs costs more than the backward pass of a small function): the parameters plain
    floating tensors outside autograd, and no torch.func transform or compilation around the call.
    """
    checked = _with_aux(remirrored(fn, args), check, has_aux)
    if (
        not all(_eager_leaf(args[i]) for i in indices)
        or _functorch_level() is not None
        or _compiling()
        or torch.is_inference_mode_enabled()
    ):
        if not has_aux:
            grads, value = torch.func.grad_and_value(checked, argnums=indices)(*args, **kwargs)
            return value, grads, None
        keep = _AnyAux(checked)
        grads, (value, aux) = torch.func.grad_and_value(keep, argnums=indices, has_aux=True)(*args, **kwargs)
        return value, grads, keep.aux(aux)
    call = list(args)
    leaves = []
    with torch.enable_grad():
        for i in indices:
            call[i] = leaf = args[i].detach().requires_grad_(True)  # (a view: the caller's tensor is untouched)
            leaves.append(leaf)
        out = checked(*call, **kwargs)
        out, aux = out if has_aux else (out, None)
        grads = _grads(out, leaves)
    if has_aux:
        from .tree import tree_map

        aux = tree_map(lambda v: v.detach() if isinstance(v, torch.Tensor) else v, aux)
    return out.detach(), tuple(grads), aux


def _eager_leaf(value: Any) -> bool:
    return (
        type(value) is _Tensor
        and not value.requires_grad
        and (value.is_floating_point() or value.is_complex())
        and not value.is_inference()
    )


_functorch_level = torch._C._functorch.maybe_current_level  # None outside every torch.func transform
# torch < 2.3 cannot say: there, autograd.grad under torch.compile is a graph break (still the same result)
_compiling = getattr(torch.compiler, "is_compiling", None) or (lambda: False)


def _numel(tree: Any) -> int:
    from .tree import tree_leaves

    return sum(leaf.numel() for leaf in tree_leaves(tree) if isinstance(leaf, torch.Tensor))


def tensor_jacobian(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], argnums: int | tuple[int, ...],
    has_aux: bool = False, reverse: bool = False,
) -> Any:  # fmt: skip
    """``torch.func.jacfwd`` (``jacrev`` for ``reverse``, or where the parameters are all empty, which jacfwd
    cannot take) of ``fn`` w.r.t. ``args[argnums]``; ``(jacobians, aux)`` under ``has_aux``."""
    indices = (argnums,) if isinstance(argnums, int) else argnums
    fn = remirrored(fn, args)
    jac = torch.func.jacrev if reverse or not any(_numel(args[i]) for i in indices) else torch.func.jacfwd
    if not has_aux:
        return jac(fn, argnums=argnums)(*args, **kwargs)
    keep = _AnyAux(fn)
    jacobian, aux = jac(keep, argnums=argnums, has_aux=True)(*args, **kwargs)
    return jacobian, keep.aux(aux)


def tensor_hessian(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], argnums: int | tuple[int, ...],
    check: Callable[[Any], Any], has_aux: bool = False,
) -> Any:  # fmt: skip
    """The Hessian of scalar ``fn`` w.r.t. ``args[argnums]`` as ``torch.func.hessian`` computes it (forward over
    reverse), zeros where the parameters are all empty (which torch.func cannot take); ``(blocks, aux)``
    under ``has_aux``."""
    checked = _with_aux(remirrored(fn, args), check, has_aux)
    indices = (argnums,) if isinstance(argnums, int) else argnums
    if not any(_numel(args[i]) for i in indices):
        from .tree import tree_map

        out = checked(*args, **kwargs)

        def block(i: int, j: int) -> Any:
            return tree_map(lambda a: tree_map(lambda b: a.new_zeros((*a.shape, *b.shape)), args[j]), args[i])

        hess = (
            block(argnums, argnums)
            if isinstance(argnums, int)
            else tuple(tuple(block(i, j) for j in indices) for i in indices)
        )
        return (hess, out[1]) if has_aux else hess
    if not has_aux:
        return torch.func.jacfwd(torch.func.jacrev(checked, argnums=argnums), argnums=argnums)(*args, **kwargs)
    keep = _AnyAux(checked)
    inner = torch.func.jacrev(keep, argnums=argnums, has_aux=True)
    hess, aux = torch.func.jacfwd(inner, argnums=argnums, has_aux=True)(*args, **kwargs)
    return hess, keep.aux(aux)


def tensor_jvp(fn: Callable[..., Any], primals: tuple[Any, ...], tangents: tuple[Any, ...], has_aux: bool) -> Any:
    """``torch.func.jvp``."""
    fn = remirrored(fn, primals)
    if not has_aux:
        return torch.func.jvp(fn, primals, tangents)
    keep = _AnyAux(fn)
    result: Any = torch.func.jvp(keep, primals, tangents, has_aux=True)
    return result[0], result[1], keep.aux(result[2])


def tensor_vjp(fn: Callable[..., Any], primals: tuple[Any, ...], has_aux: bool) -> Any:
    """``torch.func.vjp``."""
    fn = remirrored(fn, primals)
    if not has_aux:
        return torch.func.vjp(fn, *primals)
    keep = _AnyAux(fn)
    result: Any = torch.func.vjp(keep, *primals, has_aux=True)
    return result[0], result[1], keep.aux(result[2])


def tensor_vmap(
    fn: Callable[..., Any], in_axes: Any, out_axes: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """``torch.func.vmap`` (``fn`` seeing mirrors where it is called with mirrors: see `Remirrored`)."""
    return torch.func.vmap(remirrored(fn, args), in_dims=in_axes, out_dims=out_axes)(*args, **kwargs)


# --- mirrors inside torch.func transforms ----------------------------------------------------
_functorch_wrapped = torch._C._functorch.is_functorch_wrapped_tensor


def _remirror(value: Any) -> Any:
    # Only torch.func's own wrappers (new objects, made for this call) change class, never a caller's tensor.
    if type(value) is _Tensor and _functorch_wrapped(value):
        value.__class__ = Mirror
    return value


class Remirrored:
    """``fn`` called with torch.func's wrappers of mirrors (vmap's batched tensors, grad's tracking tensors)
    made mirrors again, so that NumPy code in ``fn`` keeps NumPy's face inside nested transforms."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .tree import tree_map

        return self.fn(*(tree_map(_remirror, a) for a in args), **kwargs)


def remirrored(fn: Callable[..., Any], args: Sequence[Any]) -> Callable[..., Any]:
    """``fn``, as `Remirrored` where ``args`` hold a mirror (a call nested in a transform on NumPy input)."""
    from .tree import tree_leaves

    return Remirrored(fn) if any(isinstance(v, Mirror) for a in args for v in tree_leaves(a)) else fn


def _constant_mirror(value: Any) -> Any:
    """A NumPy array as a mirror of its own dtype, sharing its memory where torch can; others unchanged."""
    if not isinstance(value, np.ndarray):
        return value
    t = _operand(value)
    t.__class__ = Mirror
    return t


def mirror_vmap(
    fn: Callable[..., Any], in_axes: Any, out_axes: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """``torch.func.vmap`` of ``fn`` over mirrors of the NumPy arrays in ``args`` (pytrees too; each array's
    dtype kept, its memory shared where torch can); tensors in the result come back as NumPy arrays."""
    from .tree import tree_map

    margs = tuple(tree_map(_constant_mirror, a) for a in args)
    mkwargs = {k: tree_map(_constant_mirror, v) for k, v in kwargs.items()}
    out = torch.func.vmap(Remirrored(fn), in_dims=in_axes, out_dims=out_axes)(*margs, **mkwargs)
    return tree_map(lambda v: to_numpy(v) if isinstance(v, torch.Tensor) else v, out)


def compiled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``torch.compile(fn)``: compiled on first call; its errors are raised, not suppressed."""
    with warnings.catch_warnings():
        # torch.compile imports its compiler here; on torch >= 2.10 those modules warn about their
        # own use of torch.jit.script (torch's internals, nothing the caller can change).
        warnings.filterwarnings("ignore", message=r"`torch\.jit\.script", category=DeprecationWarning)
        return torch.compile(fn)


class Program:
    """``fn`` for NumPy arguments of one signature, compiled: traced by ``make_fx`` on fake tensors standing for
    the arrays (numerics_fn's dispatch runs as Python, only torch's operations are recorded; the other leaves
    of the arguments are constants of the signature), the graph compiled by ``torch.compile`` (Inductor),
    whole. Values ``fn`` would read out of the arrays (``float(x)``, ``if x.sum() > 0``) cannot be traced: the
    tracing raises, and `numerics_fn._transforms.jit.Jit` runs ``fn`` as it is."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        from torch.fx.experimental.proxy_tensor import make_fx

        from .tree import tree_flatten

        self.fn = fn
        leaves, self.treedef = tree_flatten((args, kwargs))
        self.arrays = [k for k, v in enumerate(leaves) if isinstance(v, np.ndarray)]
        self.constants = leaves
        self.out_def: Any = None
        self.out_constants: list[Any] = []
        examples = [_operand(leaves[k]) for k in self.arrays]
        with warnings.catch_warnings():
            _quiet_compiler()
            graph = make_fx(self._flat, tracing_mode="fake")(*examples)
            self.compiled = torch.compile(graph, dynamic=False, fullgraph=True)
            self.compiled(*examples)  # compile now, so that compilation errors surface here

    def _flat(self, *tensors: Any) -> tuple[Any, ...]:
        from .tree import tree_flatten, tree_unflatten

        leaves = list(self.constants)
        for k, t in zip(self.arrays, tensors, strict=True):
            leaves[k] = t
        args, kwargs = tree_unflatten(self.treedef, leaves)
        outs, self.out_def = tree_flatten(self.fn(*args, **kwargs))
        self.out_constants = [None if isinstance(v, torch.Tensor) else v for v in outs]
        return tuple(v for v in outs if isinstance(v, torch.Tensor))

    def __call__(self, leaves: Sequence[Any]) -> Any:
        """The result for the argument leaves ``leaves`` (of this signature), tensors as NumPy arrays."""
        from .tree import tree_unflatten

        with warnings.catch_warnings():
            _quiet_compiler()
            outs = iter(self.compiled(*(_operand(leaves[k]) for k in self.arrays)))
        return tree_unflatten(self.out_def, [to_numpy(next(outs)) if v is None else v for v in self.out_constants])


def _quiet_compiler() -> None:
    """Inside ``warnings.catch_warnings()``: silence the compiler's notes about torch's own internals
    (nothing the caller can change)."""
    warnings.filterwarnings("ignore", message=r"`torch\.jit\.script", category=DeprecationWarning)
    warnings.filterwarnings("ignore", message=r"Dynamo detected a call to a `functools", category=UserWarning)


def is_tensor(value: Any) -> bool:
    """Whether ``value`` is a torch.Tensor."""
    return isinstance(value, torch.Tensor)


#: Set last. `numerics_fn._transforms.common._torch` takes this module from ``sys.modules`` only once it is
#: complete: another thread may still be running the lines above (importing torch, registering).
READY = True

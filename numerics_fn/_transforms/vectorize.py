"""vmap and vectorize_or_fallback (`VMap`, `VectorizeOrFallback`): torch.func.vmap on tensors and on
mirrors of NumPy arrays, the Python loop where that is impossible."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from .._context import Context
from .._errors import UnsupportedTypeError, VectorizationFallbackWarning
from .._ops import to_numpy
from . import common
from .common import _backend, _describe, _like, _name
from .tree import TreeDef, tree_flatten, tree_leaves, tree_map, tree_unflatten

POLICIES = ("auto", "force", "off")


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
            if _backend(a) is None and not _foreign(a):
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


def _foreign(value: Any) -> bool:
    """Whether ``value`` is an array that no backend owns but that has its own Array API namespace."""
    return _backend(value) is None and hasattr(type(value), "__array_namespace__")


def _stack_foreign(namespace: Any, values: list[Any], axis: int | None) -> Any:
    """Stacks per-slice results into one array of a foreign Array API ``namespace``."""
    return values[0] if axis is None else namespace.stack([namespace.asarray(v) for v in values], axis=axis)


def _stack(ctx: Context, values: list[Any], axis: int | None) -> Any:
    """Stacks per-slice results into one array of ``ctx``'s backend (Python numbers converted first)."""
    from .._ops import asarray, stack

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
    combine = (
        partial(_stack_foreign, first_array.__array_namespace__())
        if _foreign(first_array)
        else partial(_stack, Context(backend=backend, device=device))
    )
    results = []
    for k in range(size):
        call = list(args)
        for i, leaves, treedef, ax in mapped:
            call[i] = tree_unflatten(treedef, [a[(slice(None),) * (ax % a.ndim) + (k, ...)] for a in leaves])
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
            module, _ = common._torch()
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
    module, reason = common._torch()
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
    on_host = _backend(first) == "cupynumeric" or _foreign(first)
    if on_host:  # torch reads cuPyNumeric arrays (and foreign Array API arrays) through NumPy
        args = tuple(
            tree_map(lambda v: to_numpy(v) if _backend(v) == "cupynumeric" or _foreign(v) else v, a) for a in args
        )
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
        module, _ = common._torch()
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

"""vmap and vectorize_or_fallback (`VMap`, `VectorizeOrFallback`): torch.func.vmap on tensors and on
mirrors of NumPy arrays, the Python loop where that is impossible.

On NumPy and cuPyNumeric input ``nf.vmap`` has two ways to the same result: the Python loop over the mapped
axis, and one torch.func program on mirrors. Which is faster depends on the function, the batch size and the
machine (torch.func's fixed cost per call, torch's threads on a busy machine), so neither a constant nor a
model decides: each (function, input signature) is raced (`Race`): its first calls are timed, the faster path
is kept, and the race is run again once the kept path has run long enough that a race costs a small share of
the time, rarer each time its answer holds. Every call's result comes from one whole path; a race on a large
batch never loops over it: its calls take the vectorised path and time ``fn`` on a few elements for the loop.
"""

from __future__ import annotations

import math
import statistics
import time
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from .._context import Context
from .._errors import UnsupportedTypeError, VectorizationFallbackWarning
from .._ops import to_numpy
from . import common
from .common import _backend, _describe, _like, _name
from .tree import LEAF, TreeDef, tree_flatten, tree_leaves, tree_map, tree_unflatten

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
    results = [fn(*_element(args, mapped, k), **kwargs) for k in range(size)]
    return _stacked(results, out_axes, combine, op)


def _element(args: tuple[Any, ...], mapped: list[tuple[int, list[Any], TreeDef, int]], k: int) -> list[Any]:
    """The arguments of the loop's ``k``-th call: element ``k`` of each mapped argument along its axis."""
    call = list(args)
    for i, leaves, treedef, ax in mapped:
        call[i] = tree_unflatten(treedef, [a[(slice(None),) * (ax % a.ndim) + (k, ...)] for a in leaves])
    return call


def _sample_loop(
    fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
    mapping: tuple[int, list[tuple[int, list[Any], TreeDef, int]]], count: int,
) -> None:  # fmt: skip
    """What the loop does for its first ``count`` elements, for its time: ``fn`` called on each (results
    discarded; an error of ``fn`` is raised, as the loop would raise it)."""
    for k in range(count):
        fn(*_element(args, mapping[1], k), **kwargs)


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
    if all(type(a) is np.ndarray for a in args):  # the common case, answered at once
        return False
    axes = _per(in_axes, len(args), "in_axes", op)
    return any(
        ax is not None and any(_backend(leaf) == "pytorch" for leaf in tree_leaves(a))
        for a, ax in zip(args, axes, strict=True)
    )


def _torch_axes(axes: Any) -> Any:
    return tuple(axes) if isinstance(axes, list) else axes


LOOP, VECTOR = "loop", "vectorised"
#: The most samples a race takes of each path; it stops at 2 each where the two sets of times do not overlap.
SAMPLES = 3
#: On a batch larger than this the race does not run the loop: it times ``fn`` on the batch's first ESTIMATE
#: elements (`_sample_loop`) and scales that time linearly to the batch.
ESTIMATE = 4
#: A race is run again once the kept path has taken RECHECK times what the race took (so a race costs at most
#: about 1/RECHECK of the time), a factor that doubles each time the race keeps its answer, up to MAX_RECHECK.
RECHECK = 32
MAX_RECHECK = 1024
#: Races and failures remembered per function (the oldest forgotten first).
MAX_SIGNATURES = 64
_clock = time.perf_counter  # (tests inject the times of the two paths here)


class Race:
    """Whether the loop or the vectorised program is faster for one (function, input signature), on a batch
    of ``size`` elements.

    `path` says which path the next call takes, `sampling` whether it estimates the loop's time first, and
    `record` takes the times. On a batch of at most `ESTIMATE` elements the racing calls alternate between
    the paths, the vectorised one first (a function that cannot be vectorised says so on its first call), and
    each is timed whole. On a larger batch every racing call takes the vectorised path, and before it times
    ``fn`` on `ESTIMATE` elements, scaled to ``size`` as the loop's time: a race then costs 2 or 3 vectorised
    calls and at most `SAMPLES` * `ESTIMATE` calls of ``fn``, never a loop over the batch. After 2 samples of
    each the faster path is chosen where every time of one is below every time of the other, otherwise after
    `SAMPLES` each by the medians (the loop on a tie: it is the reference). The chosen path then runs alone,
    timed, until it has taken ``recheck`` times what the race took; then the race is run again, and
    ``recheck`` doubles (up to `MAX_RECHECK`) if the answer is the same, or starts again at `RECHECK` if it
    changed.
    """

    __slots__ = ("choice", "cost", "due", "recheck", "samples", "scale", "spent")

    def __init__(self, size: int = 1) -> None:
        self.samples: dict[str, list[float]] = {LOOP: [], VECTOR: []}
        self.choice: str | None = None  # while racing: the previous race's answer (None before the first)
        # what the time of `ESTIMATE` elements is multiplied by for the loop's; 0: the loop is timed whole
        self.scale = size / ESTIMATE if size > ESTIMATE else 0.0
        self.cost = 0.0  # seconds the race has taken
        self.spent = 0.0  # seconds on the chosen path since the race
        self.due = 0.0  # ... at which the race is run again; 0 while racing
        self.recheck = RECHECK

    def path(self) -> str:
        """The path of the next call: the chosen one, or while racing the vectorised one on a batch larger
        than `ESTIMATE`, else the one with fewer samples."""
        if self.due and self.choice is not None:
            return self.choice
        if self.scale:
            return VECTOR
        loop, vector = self.samples[LOOP], self.samples[VECTOR]
        return VECTOR if len(vector) <= len(loop) else LOOP

    def sampling(self) -> bool:
        """Whether the next call times ``fn`` on `ESTIMATE` elements (`record` of LOOP) before its path."""
        return bool(self.scale) and not self.due

    def record(self, path: str, seconds: float) -> None:
        """Take the time of one call on ``path`` (for LOOP while `sampling`: of `ESTIMATE` elements)."""
        if self.due:
            self.spent += seconds
            if self.spent >= self.due:  # race again
                self.samples = {LOOP: [], VECTOR: []}
                self.due = self.cost = 0.0
            return
        self.cost += seconds
        self.samples[path].append(seconds * self.scale if path == LOOP and self.scale else seconds)
        loop, vector = self.samples[LOOP], self.samples[VECTOR]
        if len(loop) != len(vector) or len(loop) < 2:
            return
        if len(loop) < SAMPLES and min(loop) <= max(vector) and min(vector) <= max(loop):
            return  # the times overlap: one more of each
        choice = VECTOR if statistics.median(vector) < statistics.median(loop) else LOOP
        self.recheck = min(2 * self.recheck, MAX_RECHECK) if choice == self.choice else RECHECK
        self.choice, self.spent, self.due = choice, 0.0, self.recheck * self.cost


class _Choices:
    """What `VMap` remembers of one function: a `Race` per input signature, and the signatures' structures
    (`_signature`) that torch.func.vmap could not vectorise (looped from then on, without another warning)."""

    __slots__ = ("failed", "races")

    def __init__(self) -> None:
        self.races: dict[Any, Race] = {}
        self.failed: dict[Any, None] = {}  # (an ordered set)


#: Per function (held weakly: a function's choices go with it); see `VMap.choices`.
_CHOICES: weakref.WeakKeyDictionary[Any, _Choices] = weakref.WeakKeyDictionary()


def _remember(table: dict[Any, Any], key: Any, value: Any) -> None:
    if len(table) >= MAX_SIGNATURES:
        table.pop(next(iter(table)), None)
    table[key] = value


def _leaf_signature(leaf: Any, struct: list[Any], sizes: list[Any]) -> None:
    """Appends what the cost of a call depends on in ``leaf``: an array's type, dtype and rank to ``struct`` and
    its shape to ``sizes``; a small immutable value itself (a count, a flag, a name); any other value's type."""
    shape = getattr(leaf, "shape", None)
    if shape is not None and hasattr(leaf, "dtype"):
        struct.append((type(leaf), leaf.dtype, len(shape)))
        sizes.append(tuple(shape))
    elif leaf is None or type(leaf) in (int, bool, str):
        struct.append((type(leaf), leaf))
    else:
        struct.append(type(leaf))


def _signature(
    args: tuple[Any, ...], kwargs: dict[str, Any], mapped: list[tuple[int, list[Any], TreeDef, int]], axes: Any
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The input signature of a call, as (structure, shapes): ``axes`` (in_axes, out_axes), each argument's
    pytree structure, and `_leaf_signature` of each leaf. Whether ``fn`` vectorises depends on the structure;
    which path is faster on the shapes too. (`VMap` answers plain NumPy arguments without it.)"""
    struct: list[Any] = [axes]
    sizes: list[Any] = []
    leaves_of = {i: (leaves, treedef) for i, leaves, treedef, _ in mapped}
    for i, a in enumerate(args):
        leaves, treedef = leaves_of.get(i) or tree_flatten(a)
        struct.append(treedef)
        for leaf in leaves:
            _leaf_signature(leaf, struct, sizes)
    for name, value in kwargs.items():
        leaves, treedef = tree_flatten(value)
        struct += (name, treedef)
        for leaf in leaves:
            _leaf_signature(leaf, struct, sizes)
    return tuple(struct), tuple(sizes)


@dataclass(frozen=True, repr=False)
class VMap:
    """``fn`` mapped over an axis of its arguments; see `vmap`."""

    fn: Callable[..., Any]
    in_axes: int | tuple[int | None, ...] | None = 0
    out_axes: int | tuple[int | None, ...] | None = 0
    # Where fn cannot be held weakly (a builtin, a NumPy ufunc) or hashed, its choices are kept here.
    own_choices: _Choices = field(default_factory=_Choices, init=False, compare=False)
    # (in_axes, out_axes) as a hashable value: the first entry of every signature
    axes: tuple[Any, Any] = field(init=False, compare=False)
    # `choices` once looked up (a list of one)
    found: list[_Choices] = field(default_factory=list, init=False, compare=False)

    def __post_init__(self) -> None:
        if not callable(self.fn):
            raise TypeError(f"vmap: fn must be callable, got a {_describe(self.fn)}")
        _check_axes(self.in_axes, self.out_axes, "vmap")
        object.__setattr__(self, "axes", (_torch_axes(self.in_axes), _torch_axes(self.out_axes)))

    def __repr__(self) -> str:
        return f"vmap({_name(self.fn)}, in_axes={self.in_axes!r}, out_axes={self.out_axes!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # the timings stay behind: they belong to this process and machine
        return VMap, (self.fn, self.in_axes, self.out_axes)

    @property
    def choices(self) -> _Choices:
        """The races and failures of ``fn``: shared by every ``vmap(fn)``, also one made anew for each call."""
        if self.found:
            return self.found[0]
        try:
            choices = _CHOICES.get(self.fn)
            if choices is None:
                choices = _CHOICES.setdefault(self.fn, _Choices())
        except TypeError:
            choices = self.own_choices
        self.found.append(choices)
        return choices

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        first = None  # the first mapped array, where it is not a NumPy array
        if not kwargs and all(type(a) is np.ndarray for a in args):  # the common case: its signature at once
            key: Any = (self.axes, *[(a.dtype, a.shape) for a in args])
            mapping = None  # (checked when the signature was first seen)
        elif _tensors_mapped(self.in_axes, args, "vmap"):
            module, _ = common._torch()
            return module.tensor_vmap(self.fn, *self.axes, args, kwargs)  # type: ignore[union-attr]
        else:
            mapping = _mapped(args, self.in_axes, "vmap")
            first = next(leaves[0] for _, leaves, _, _ in mapping[1] if leaves)
            try:
                key = (None, *_signature(args, kwargs, mapping[1], self.axes))
                hash(key)
            except TypeError:  # a leaf's dtype that cannot be hashed: no signature to remember a choice for
                return _vectorised(self.fn, self.in_axes, self.out_axes, args, kwargs, op="vmap", policy="auto")
        module, _ = common._torch()
        if module is None:  # nf.vmap documents the loop as its implementation without torch: no warning
            return _loop(self.fn, self.in_axes, self.out_axes, args, kwargs, op="vmap", mapping=mapping)
        choices = self.choices
        race = choices.races.get(key)
        if race is not None:
            mapping = mapping or _plain_mapping(args, self.in_axes)
        else:
            mapping = mapping or _mapped(args, self.in_axes, "vmap")  # (bad arguments raise here)
            race = Race(mapping[0])
            if _structure(key) in choices.failed:
                race.choice, race.due = LOOP, math.inf
            _remember(choices.races, key, race)
        path = race.path()
        if race.sampling():
            start = _clock()
            _sample_loop(self.fn, args, kwargs, mapping, ESTIMATE)
            race.record(LOOP, _clock() - start)
        start = _clock()
        if path == LOOP:
            out = _loop(self.fn, self.in_axes, self.out_axes, args, kwargs, op="vmap", mapping=mapping)
        else:
            try:
                out = _on_mirrors(module, self.fn, self.axes, args, kwargs, first)
            except _unvectorisable(module) as err:
                _vectorisation_warning("vmap", self.fn, _cannot(err), stacklevel=3)
                out = _loop(self.fn, self.in_axes, self.out_axes, args, kwargs, op="vmap", mapping=mapping)
                # (remembered only once the loop succeeded: an error of fn's own is raised again by the loop)
                _remember(choices.failed, _structure(key), None)
                race.choice, race.due = LOOP, math.inf
                return out
        race.record(path, _clock() - start)
        return out


def _plain_mapping(args: tuple[Any, ...], in_axes: Any) -> tuple[int, list[tuple[int, list[Any], TreeDef, int]]]:
    """`_mapped`'s answer for NumPy arrays of a signature it has already checked, without checking again."""
    axes = in_axes if isinstance(in_axes, (tuple, list)) else (in_axes,) * len(args)
    mapped = [(i, [a], LEAF, ax) for i, (a, ax) in enumerate(zip(args, axes, strict=True)) if ax is not None]
    return mapped[0][1][0].shape[mapped[0][3]], mapped


def _structure(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of a signature (`VMap`'s key) that decides whether ``fn`` vectorises: all but the shapes (an
    array's rank instead)."""
    if key[0] is None:  # (None, structure, shapes)
        return key[1]
    return (key[0], *[(dtype, len(shape)) for dtype, shape in key[1:]])  # (axes, (dtype, shape), ...)


def _unvectorisable(module: Any) -> tuple[type[BaseException], ...]:
    """The errors by which torch.func.vmap on mirrors says that it cannot vectorise a function."""
    return (RuntimeError, NotImplementedError, TypeError, ValueError, module.LeftTorch, BufferError)


def _cannot(err: BaseException) -> str:
    return f"torch.func.vmap cannot vectorise it ({type(err).__name__}: {err})"


def _on_mirrors(
    module: Any, fn: Callable[..., Any], axes: tuple[Any, Any], args: tuple[Any, ...], kwargs: dict[str, Any],
    first: Any,
) -> Any:  # fmt: skip
    """``fn`` mapped by ``torch.func.vmap`` over mirrors of the arrays in ``args`` (one program) along ``axes``
    (in_axes, out_axes), results in the backend of ``first``, the first mapped array (None: NumPy); raises one
    of `_unvectorisable` where torch.func cannot vectorise ``fn``."""
    on_host = first is not None and (_backend(first) == "cupynumeric" or _foreign(first))
    if on_host:  # torch reads cuPyNumeric arrays (and foreign Array API arrays) through NumPy
        args = tuple(
            tree_map(lambda v: to_numpy(v) if _backend(v) == "cupynumeric" or _foreign(v) else v, a) for a in args
        )
    out = module.mirror_vmap(fn, *axes, args, kwargs)
    return tree_map(lambda v: _like(v, first) if isinstance(v, np.ndarray) else v, out) if on_host else out


def _vectorised(
    fn: Callable[..., Any], in_axes: Any, out_axes: Any, args: tuple[Any, ...], kwargs: dict[str, Any], *, op: str,
    policy: str,
) -> Any:  # fmt: skip
    """``fn`` mapped over NumPy / cuPyNumeric arguments: ``torch.func.vmap`` on mirrors (one program), results
    converted back; the loop where that is impossible (announced by a `VectorizationFallbackWarning`, or an
    error under ``policy="force"``) and where torch is missing."""
    mapping = _mapped(args, in_axes, op)
    module, reason = common._torch()
    if module is None:
        if policy == "force":
            raise UnsupportedTypeError(
                f"{op}: policy='force' cannot vectorise {_name(fn)}: {reason}; pass torch tensors, install torch, "
                "or use policy='auto' or 'off' to allow the loop"
            )
        if op != "vmap":  # nf.vmap documents the loop as its implementation without torch
            _vectorisation_warning(op, fn, reason)
        return _loop(fn, in_axes, out_axes, args, kwargs, op=op, mapping=mapping)
    first = next(leaves[0] for _, leaves, _, _ in mapping[1] if leaves)
    try:
        return _on_mirrors(module, fn, (_torch_axes(in_axes), _torch_axes(out_axes)), args, kwargs, first)
    except _unvectorisable(module) as err:
        if policy == "force":
            raise UnsupportedTypeError(
                f"{op}: policy='force' cannot vectorise {_name(fn)}: {_cannot(err)}; write fn without data-dependent "
                "Python control flow, Python scalar conversions or NumPy functions (nf operations vectorise), or use "
                "policy='auto' or 'off' to allow the loop"
            ) from err
        _vectorisation_warning(op, fn, _cannot(err))
        return _loop(fn, in_axes, out_axes, args, kwargs, op=op, mapping=mapping)


def _vectorisation_warning(op: str, fn: Callable[..., Any], reason: str, stacklevel: int = 4) -> None:
    """The `VectorizationFallbackWarning`, pointing ``stacklevel`` - 1 frames above its caller (the user's call)."""
    warnings.warn(
        VectorizationFallbackWarning(f"{op}: {reason}; calling {_name(fn)} in a Python loop instead"),
        stacklevel=stacklevel,
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

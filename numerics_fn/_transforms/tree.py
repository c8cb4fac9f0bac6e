"""Pytrees: nested dicts, lists, tuples and named tuples of arrays, as JAX and torch.func take them.

A *leaf* is anything that is not one of those containers (an array, a number, a string); ``None`` is
an empty subtree (no leaf), as in JAX. Dict keys are visited in sorted order where they sort (JAX's
order; two dicts with the same keys give the same structure whatever their insertion order), in
insertion order otherwise. Flattening keeps no reference to the leaves: a `TreeDef` is a small
frozen record that can be compared, hashed and reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["TreeDef", "is_container", "tree_flatten", "tree_leaves", "tree_map", "tree_unflatten"]


@dataclass(frozen=True)
class TreeDef:
    """The structure of a pytree without its leaves (see `tree_flatten`).

    ``kind`` is ``"leaf"``, ``"none"``, ``"tuple"``, ``"list"``, ``"dict"`` or ``"namedtuple"``;
    ``meta`` the dict's keys or the named tuple's class; ``children`` the subtrees in order.
    """

    kind: str
    meta: Any = None
    children: tuple[TreeDef, ...] = ()
    num_leaves: int = 1

    def __repr__(self) -> str:
        if self.kind == "leaf":
            return "*"
        if self.kind == "none":
            return "None"
        inner = [repr(c) for c in self.children]
        if self.kind == "dict":
            return "{" + ", ".join(f"{k!r}: {c}" for k, c in zip(self.meta, inner, strict=True)) + "}"
        if self.kind == "list":
            return "[" + ", ".join(inner) + "]"
        if self.kind == "namedtuple":
            return f"{self.meta.__name__}(" + ", ".join(inner) + ")"
        return "(" + ", ".join(inner) + ("," if len(inner) == 1 else "") + ")"


LEAF = TreeDef("leaf")
_NONE = TreeDef("none", num_leaves=0)


def is_container(value: object) -> bool:
    """Whether ``value`` is a pytree node (dict, list, tuple, named tuple, None) rather than a leaf."""
    return value is None or isinstance(value, (dict, list, tuple))


def _keys(d: dict[Any, Any]) -> tuple[Any, ...]:
    try:
        return tuple(sorted(d))
    except TypeError:  # keys of several types: insertion order
        return tuple(d)


def _flatten(tree: Any, leaves: list[Any], is_leaf: Callable[[Any], bool] | None) -> TreeDef:
    if is_leaf is not None and is_leaf(tree):
        leaves.append(tree)
        return LEAF
    if tree is None:
        return _NONE
    if isinstance(tree, dict):
        keys = _keys(tree)
        children = tuple(_flatten(tree[k], leaves, is_leaf) for k in keys)
        return TreeDef("dict", keys, children, sum(c.num_leaves for c in children))
    if isinstance(tree, (list, tuple)):
        children = tuple(_flatten(v, leaves, is_leaf) for v in tree)
        n = sum(c.num_leaves for c in children)
        if isinstance(tree, list):
            return TreeDef("list", None, children, n)
        if hasattr(type(tree), "_fields"):
            return TreeDef("namedtuple", type(tree), children, n)
        return TreeDef("tuple", None, children, n)
    leaves.append(tree)
    return LEAF


def tree_flatten(tree: Any, is_leaf: Callable[[Any], bool] | None = None) -> tuple[list[Any], TreeDef]:
    """The leaves of ``tree`` in order, and its structure.

    Args:
        tree: a pytree (nested dict, list, tuple, named tuple; anything else is a leaf, None is empty).
        is_leaf: optionally, a predicate that stops the descent (its subtree becomes one leaf).

    >>> import numerics_fn as nf
    >>> leaves, treedef = nf.tree_flatten({"b": [1, 2], "a": (3, None)})
    >>> leaves, treedef
    ([3, 1, 2], {'a': (*, None), 'b': [*, *]})
    >>> nf.tree_unflatten(treedef, [30, 10, 20])
    {'a': (30, None), 'b': [10, 20]}
    """
    leaves: list[Any] = []
    return leaves, _flatten(tree, leaves, is_leaf)


def tree_leaves(tree: Any, is_leaf: Callable[[Any], bool] | None = None) -> list[Any]:
    """The leaves of ``tree`` (`tree_flatten` without the structure)."""
    return tree_flatten(tree, is_leaf)[0]


def _build(treedef: TreeDef, leaves: Iterable[Any]) -> Any:
    kind = treedef.kind
    if kind == "leaf":
        return next(leaves)  # type: ignore[call-overload]
    if kind == "none":
        return None
    children = [_build(c, leaves) for c in treedef.children]
    if kind == "dict":
        return dict(zip(treedef.meta, children, strict=True))
    if kind == "list":
        return children
    if kind == "namedtuple":
        return treedef.meta(*children)
    return tuple(children)


def tree_unflatten(treedef: TreeDef, leaves: Sequence[Any]) -> Any:
    """The pytree of structure ``treedef`` (from `tree_flatten`) holding ``leaves`` in order.

    Raises:
        ValueError: the number of leaves is not the structure's.

    >>> import numerics_fn as nf
    >>> _, treedef = nf.tree_flatten([0, {"w": 0}])
    >>> nf.tree_unflatten(treedef, ["x", "y"])
    ['x', {'w': 'y'}]
    """
    if not isinstance(treedef, TreeDef):
        raise TypeError(
            f"tree_unflatten: treedef must be a TreeDef from nf.tree_flatten, got a {type(treedef).__name__}"
        )
    leaves = list(leaves)
    if len(leaves) != treedef.num_leaves:
        raise ValueError(
            f"tree_unflatten: the structure {treedef!r} has {treedef.num_leaves} leaves but {len(leaves)} were given; "
            "pass one value per leaf"
        )
    return _build(treedef, iter(leaves))


def tree_map(fn: Callable[..., Any], tree: Any, *rest: Any, is_leaf: Callable[[Any], bool] | None = None) -> Any:
    """``fn`` applied to each leaf of ``tree`` (and the matching leaves of ``rest``), in a tree of the same structure.

    Raises:
        ValueError: a tree of ``rest`` has another structure than ``tree``.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.tree_map(lambda a, b: a + b, {"w": np.ones(2), "b": 1.0}, {"w": np.ones(2), "b": 2.0})
    {'b': 3.0, 'w': array([2., 2.])}
    """
    leaves, treedef = tree_flatten(tree, is_leaf)
    others = []
    for i, other in enumerate(rest):
        other_leaves, other_def = tree_flatten(other, is_leaf)
        if other_def != treedef:
            raise ValueError(
                f"tree_map: tree {i + 1} has the structure {other_def!r}, unlike the first tree's {treedef!r}; "
                "pass trees of one structure"
            )
        others.append(other_leaves)
    return tree_unflatten(treedef, [fn(*args) for args in zip(leaves, *others, strict=True)])

"""`register`: every NumPy-like implementation (the topic modules' tables) bound to one library and registered."""

from __future__ import annotations

from typing import Any

from ... import _ops as ops
from . import creation, elementwise, fft, linalg, random, reductions, searching, shape, statistics
from .binding import register_table

__all__ = ["register"]

#: The topic modules whose tables hold array and creation functions, in registration order.
TOPICS = (creation, elementwise, reductions, shape, linalg, searching, statistics, fft)


def register(xp: Any, array: type | tuple[type, ...], backend: str, generator: type) -> None:
    """Register every catalogue op that ``xp`` (NumPy or a library with NumPy's API) implements, for its
    ``array`` types, for ``backend``'s Context (creation functions) and for its random ``generator`` type."""
    for topic in TOPICS:
        register_table(xp, array, backend, topic.TABLE)
    if xp.__name__ == "numpy":  # the common calls of the hottest creation functions in C
        creation.register_shortcuts(xp, backend)
    # (after the shortcuts: it wraps what is registered)
    creation.register_host_inputs(array if isinstance(array, tuple) else (array,), backend)
    # a generator without choice (cuPyNumeric's): its backend composes its own
    samplers = tuple(e for e in random.TABLE if e[0] is not ops.choice or hasattr(generator, "choice"))
    register_table(xp, array, backend, samplers, generator=generator)

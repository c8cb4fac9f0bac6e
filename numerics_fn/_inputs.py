"""Inputs users already hold: objects NumPy reads as arrays although no backend owns their type.

pandas and xarray objects and h5py datasets (``__array__``), ``memoryview``, ``array.array`` and
other buffer-protocol objects, and ``range``: `host_array` gives NumPy's array of them (its dtype,
as ``numpy.asarray`` reads it; zero-copy where NumPy can), which the backends then take as any
NumPy array. Arrays of a library with an Array API namespace (``__array_namespace__``) are not
among them: they are served through their own namespace.
"""

from __future__ import annotations

import functools
from typing import Any

from ._backends import LIBRARIES

__all__ = ["host_array", "is_host_array", "taking_host_arrays"]

# Types no backend owns whose values are never array data although NumPy would read them.
_NOT_DATA = (str, bytes, bytearray, dict, set, frozenset)


def is_host_array(obj: Any) -> bool:
    """Whether ``obj`` is array data NumPy reads (``__array__``, a buffer, a range) of a type no backend owns."""
    cls = type(obj)
    root = cls.__module__.partition(".")[0]
    if (root == "builtins" or root in LIBRARIES) and cls not in (memoryview, range):  # a backend's library's type
        return False
    if isinstance(obj, _NOT_DATA) or hasattr(cls, "__array_namespace__") or hasattr(cls, "__dlpack__"):
        return isinstance(obj, memoryview)
    if isinstance(obj, (memoryview, range)) or hasattr(cls, "__array__") or hasattr(cls, "__array_interface__"):
        return True
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


def host_array(obj: Any, dlpack: bool = False) -> Any:
    """NumPy's array of ``obj`` where `is_host_array`, else ``obj`` itself; with ``dlpack``, also of an array
    of a library no backend owns that exports DLPack (array-api-strict, JAX), zero-copy on the CPU."""
    import numpy as np

    if dlpack and hasattr(type(obj), "__dlpack__") and type(obj).__module__.partition(".")[0] not in LIBRARIES:
        return np.from_dlpack(obj)
    if not is_host_array(obj):
        return obj
    return np.asarray(obj)


_PLAIN = frozenset({int, float, complex, bool, list, tuple, type(None)})


def taking_host_arrays(impl: Any, array_types: tuple[type, ...], dlpack: bool = False) -> Any:
    """A creation implementation (``asarray``, ``array``) that first reads host array-likes with NumPy (`host_array`,
    with ``dlpack``); values of ``array_types`` and Python values go straight to ``impl``."""
    from ._dispatch import first_prepared

    return first_prepared(impl, _PLAIN | frozenset(array_types), functools.partial(host_array, dlpack=dlpack))

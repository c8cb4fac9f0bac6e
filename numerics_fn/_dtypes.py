"""Backend-neutral dtype tokens (``nf.float64`` …) and the one function that names any dtype.

A token (``nf.float64``) compares equal to the same dtype of every backend
(``np.float64``, ``torch.float64``, ``"float64"``), and ``np.dtype(nf.float64)`` works.
Backends map a canonical *name* to their own dtype; `dtype_name` turns anything a user
may pass as ``dtype=`` into that name.

The tokens are defined last: this module shadows ``bool`` and ``int`` on purpose (``nf.bool``,
``nf.int``), so the code above spells the builtins ``builtins.bool`` and ``builtins.int``.
"""

from __future__ import annotations

import builtins
import importlib
from types import MappingProxyType
from typing import Any

import numpy as np

from ._backends import DTYPE_LIBRARIES, backend_spec
from ._errors import UnsupportedTypeError

__all__ = [
    "DTYPE_NAMES", "TOKEN_NAMES", "TORCH_ONLY_NAMES", "DType", "bfloat16", "bool", "complex64", "complex128",
    "default_dtype_name", "dtype_name", "float16", "float32", "float64", "int", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64",
]  # fmt: skip

#: Every dtype numerics_fn knows, by canonical name.
DTYPE_NAMES: tuple[str, ...] = (
    "bool",
    "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64",
    "complex64", "complex128",
)  # fmt: skip
#: Dtypes that only some backends have (torch's bfloat16): tokens and names exist; NumPy and cuPyNumeric refuse them.
TORCH_ONLY_NAMES: tuple[str, ...] = ("bfloat16",)
_KNOWN = frozenset((*DTYPE_NAMES, *TORCH_ONLY_NAMES))

_PYTHON_TYPES = MappingProxyType(
    {builtins.bool: "bool", builtins.int: "int64", builtins.float: "float64", builtins.complex: "complex128"}
)


class DType:
    """A backend-neutral dtype token such as ``nf.float64``.

    Equal to its name, to NumPy's dtype and to each backend's dtype of the same name.

    Its hash is the hash of the dtype that arrays of the *default* backend report
    (``hash(np.dtype("float64"))`` by default, ``hash(torch.float64)`` when
    ``NUMERICS_FN_BACKEND=pytorch``), fixed when the package is imported. So a token and
    the default backend's ``x.dtype`` find each other in dicts and sets, as code written
    for the Array API standard expects (``{nf.float64: ...}[x.dtype]``); equality still
    holds for every backend. Hashing the token imports the default backend's library
    on first use (torch only when it is the default).

    >>> import numpy as np, numerics_fn as nf
    >>> nf.float64 == np.float64, np.zeros(2, dtype=nf.float64).dtype
    (True, dtype('float64'))
    >>> {nf.float64: "double"}[np.dtype("float64")]
    'double'
    """

    __slots__ = ("_hash", "name")
    name: str
    _hash: builtins.int

    def __init__(self, name: str) -> None:
        if name not in _KNOWN:
            raise UnsupportedTypeError(f"DType: unknown dtype name {name!r}; use one of {', '.join(DTYPE_NAMES)}")
        object.__setattr__(self, "name", name)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError("DType is immutable")

    def __repr__(self) -> str:
        return f"numerics_fn.{self.name}"

    def __hash__(self) -> builtins.int:
        try:
            return self._hash
        except AttributeError:
            pass
        value = hash(_default_backend_dtype(self.name) if self.name not in TORCH_ONLY_NAMES else self.name)
        object.__setattr__(self, "_hash", value)
        return value

    def __eq__(self, other: object) -> builtins.bool:
        try:
            return dtype_name(other) == self.name
        except UnsupportedTypeError:
            return NotImplemented

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return DType, (self.name,)

    @property
    def dtype(self) -> np.dtype[Any]:
        """NumPy's dtype of the same name (lets ``np.dtype(token)`` work)."""
        if self.name in TORCH_ONLY_NAMES:
            raise UnsupportedTypeError(
                f"{self.name} is a torch dtype that NumPy does not have; use it with torch tensors, or float32"
            )
        return np.dtype(self.name)


def _default_backend_dtype(name: str) -> object:
    """The dtype object that arrays of the default backend report for ``name``."""
    from ._context import DEFAULT_CONTEXT

    library = backend_spec(DEFAULT_CONTEXT.backend).dtype_library
    if library is not None:  # (torch)
        return getattr(importlib.import_module(library), name, name)
    return np.dtype(name)  # the other backends' arrays (numpy's, cupynumeric's) report NumPy dtypes


def dtype_name(dtype: object, op: str = "dtype", arg: str = "dtype") -> str:  # noqa: C901
    """The canonical name of any dtype a user may pass.

    Accepts a `DType` token, a name (``"float64"``, ``"complex128"``, ``"int"``), a Python
    type (``float``), a NumPy dtype or scalar type, and a backend's own dtype
    (``torch.float64``). Anything else raises `UnsupportedTypeError` naming ``op``.
    """
    if isinstance(dtype, DType):
        return dtype.name
    if isinstance(dtype, str):
        name = dtype
        if name not in _KNOWN:  # a library's spelling, "torch.float64"
            library, dot, rest = name.partition(".")
            name = rest if dot and library in DTYPE_LIBRARIES else name
        if name in _KNOWN:
            return name
        if name in ("int", "float", "complex"):
            return _PYTHON_TYPES[getattr(builtins, name)]
    elif isinstance(dtype, type) and dtype in _PYTHON_TYPES:
        return _PYTHON_TYPES[dtype]
    elif type(dtype).__module__.partition(".")[0] in DTYPE_LIBRARIES:  # torch.dtype, without importing torch
        name = str(dtype).partition(".")[2]
        if name in _KNOWN:
            return name
    elif dtype is not None:
        try:
            name = np.dtype(dtype).name  # type: ignore[call-overload]
        except (TypeError, ValueError):
            name = ""
        if name in DTYPE_NAMES:
            return name
    from ._context import Context  # (the error path only)

    if isinstance(dtype, Context):  # nf.zeros(3, ctx): a Context given positionally lands in dtype
        raise UnsupportedTypeError(
            f"{op}: argument {arg!r} is {dtype!r}, a Context; ctx is keyword-only: pass it as ctx=..."
        )
    raise UnsupportedTypeError(
        f"{op}: argument {arg!r} is {dtype!r} ({type(dtype).__name__}), which is not a dtype numerics_fn knows; "
        f"use a dtype token such as nf.float64 or one of the names {', '.join(DTYPE_NAMES)}"
    )


def default_dtype_name(kind: str, precision: str) -> str:
    """The dtype a creation function uses for neutral data of ``kind`` ('f' or 'c')."""
    if kind == "c":
        return "complex64" if precision == "float32" else "complex128"
    return precision


# --- the tokens (nf.float64 ...) ----------------------------------------------------------------
#: The names of the tokens, each exported by ``numerics_fn``.
TOKEN_NAMES: tuple[str, ...] = (
    "bfloat16", "bool", "complex64", "complex128", "float16", "float32", "float64", "int", "int8", "int16", "int32",
    "int64", "uint8", "uint16", "uint32", "uint64",
)  # fmt: skip

bool = DType("bool")  # noqa: A001
int8 = DType("int8")
int16 = DType("int16")
int32 = DType("int32")
int64 = DType("int64")
int = int64  # noqa: A001
uint8 = DType("uint8")
uint16 = DType("uint16")
uint32 = DType("uint32")
uint64 = DType("uint64")
float16 = DType("float16")
bfloat16 = DType("bfloat16")  # torch's; NumPy and cuPyNumeric have none
float32 = DType("float32")
float64 = DType("float64")
complex64 = DType("complex64")
complex128 = DType("complex128")

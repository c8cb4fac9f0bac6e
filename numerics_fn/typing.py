"""Type aliases for code that calls numerics_fn: what a type checker sees in its signatures.

``numerics_fn``'s generated stubs (``__init__.pyi``, ``linalg.pyi``, ``fft.pyi``; ``python -m
numerics_fn._codegen`` writes them from the catalogue) type array arguments as `ArrayLike` and
array results as `Array`. Use the same names in your own annotations::

    from numerics_fn.typing import Array, ArrayLike

    def energy(psi: ArrayLike) -> Array:
        return nf.sum(nf.abs(psi) ** 2)

`Array` is the union of the backends' array types: a result is one of them, which one depends
on the inputs (section 2 of the contract), so narrow it with ``isinstance`` where code needs one
library's type. NumPy answers 0-d results of some operations with a NumPy scalar
(``numpy.float64``); it is typed as an array, as NumPy's own stubs do.

Importing this module imports neither NumPy nor torch nor cuPyNumeric: the aliases name them as
forward references, resolved by the type checker (a library that is not installed reads as ``Any``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeAlias, TypeVar, Union

from ._context import Context
from ._dtypes import DType

if TYPE_CHECKING:
    import cupynumeric
    import numpy
    import torch

__all__ = [
    "Array", "ArrayLike", "Context", "DType", "DTypeLike", "Device", "Generator", "Neutral", "SupportsArrayNamespace",
    "UniqueAllResult", "UniqueCountsResult", "UniqueInverseResult",
]  # fmt: skip


class SupportsArrayNamespace(Protocol):
    """An array of another library that implements the Array API standard (served through its own namespace)."""

    def __array_namespace__(self, /, *, api_version: str | None = None) -> Any: ...


#: Values that belong to no backend: Python numbers, lists and tuples (a call whose array arguments are all
#: neutral makes arrays of the Context's backend).
Neutral: TypeAlias = Union[complex, Sequence[Any]]  # noqa: UP007
#: An array of one of the backends: what array-valued operations return (an array of another library,
#: served through its own Array API namespace, gives a result of its own type).
Array: TypeAlias = Union["numpy.ndarray[Any, Any]", "torch.Tensor", "cupynumeric.ndarray"]
#: What an operation takes as array data: an array, a NumPy scalar, a Python number, a (nested)
#: list or tuple of them (converted as `asarray` does), or another Array API library's array.
ArrayLike: TypeAlias = Union[Array, "numpy.generic", Neutral, SupportsArrayNamespace]
# The operands of a call whose result is an array of one backend (the generated stubs' overloads).
_NumPyOperand: TypeAlias = Union["numpy.ndarray[Any, Any]", "numpy.generic", Neutral]
_TorchOperand: TypeAlias = Union["torch.Tensor", _NumPyOperand]
_CuPyNumericOperand: TypeAlias = Union["cupynumeric.ndarray", _NumPyOperand]
#: An array served through its own Array API namespace: the result is of its own type.
_ForeignArrayT = TypeVar("_ForeignArrayT", bound=SupportsArrayNamespace)
_NumPyArray: TypeAlias = "numpy.ndarray[Any, Any]"
_Tensor: TypeAlias = "torch.Tensor"
_CuPyNumericArray: TypeAlias = "cupynumeric.ndarray"
#: The private aliases that numerics_fn._stubgen's overloads use.
OPERANDS = (
    "_NumPyOperand", "_TorchOperand", "_CuPyNumericOperand", "_NumPyArray", "_Tensor", "_CuPyNumericArray",
    "_ForeignArrayT",
)  # fmt: skip
#: A ``dtype=`` argument: a token (``nf.float64``), a name (``"float64"``), a NumPy dtype or scalar
#: type, a Python type (``float``), or the backend's own dtype (``torch.float64``).
DTypeLike: TypeAlias = Union[DType, str, "numpy.dtype[Any]", "type[Any]", "torch.dtype"]
#: A ``device=`` argument: ``"cpu"``, ``"cuda"``, ``"cuda:N"``, or the library's device object.
Device: TypeAlias = Union[str, "torch.device"]
#: A random generator of one of the backends, as `numerics_fn.rng` returns.
Generator: TypeAlias = Union["numpy.random.Generator", "torch.Generator", "cupynumeric.random.Generator"]


class UniqueAllResult(NamedTuple):
    """The fields of `numerics_fn.unique_all`'s result (each backend returns its own named tuple)."""

    values: Array
    indices: Array
    inverse_indices: Array
    counts: Array


class UniqueCountsResult(NamedTuple):
    """The fields of `numerics_fn.unique_counts`'s result."""

    values: Array
    counts: Array


class UniqueInverseResult(NamedTuple):
    """The fields of `numerics_fn.unique_inverse`'s result."""

    values: Array
    inverse_indices: Array

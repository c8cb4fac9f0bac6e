"""The dtype tokens ``nf.float64`` … (this module shadows ``bool`` and ``int`` on purpose)."""

from ._dtypes import DType

__all__ = [
    "bfloat16", "bool", "complex64", "complex128", "float16", "float32", "float64", "int", "int8", "int16", "int32",
    "int64", "uint8", "uint16", "uint32", "uint64",
]  # fmt: skip

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

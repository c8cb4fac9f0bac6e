"""The PyTorch backend: `torch.Tensor` (and subclasses such as `torch.nn.Parameter`).

Results follow NumPy's meaning and NumPy's dtype rules (``np.result_type``), never
torch's where they differ: integer input to ``exp`` gives float64 (not torch's float32),
a float64 operand beside a float32 one gives float64, Python floats in creation
functions follow the Context's precision. Results stay on their inputs' device.
Implementations call torch directly; a wrapper exists only where torch's meaning or
dtype rule differs from NumPy's, with the reason beside it.

This module is what the dispatch layer imports for the backend: it names the backend's
array types and mixed-call hooks and imports the topic modules, which register the
implementations. The package, by layer (each module imports only the layers below it and
`numerics_fn`'s core, never a sibling topic module):

- leaves: `dtypes` (dtype tables, NumPy's promotion), `semantics` (the backend's name, and
  NumPy's meaning where torch's differs: wide unsigned ints, complex order, axes), `conversion`
  (tensors from anything, devices, mixed-call operands; the ``to_numpy``/``cast``/``astype`` ops);
- topics: `creation`, `elementwise`, `reductions`, `statistics`, `shape`, `indexing`, `sorting`,
  `linalg`, `polynomials`, `fft`, `random`.
"""

from __future__ import annotations

from . import (  # noqa: F401 (each registers its implementations when imported)
    creation,
    elementwise,
    fft,
    indexing,
    linalg,
    polynomials,
    random,
    reductions,
    shape,
    sorting,
    statistics,
)
from .conversion import coerce_operands, fast_mixed_pair
from .devices import devices, native_device
from .dtypes import native_dtype, numpy_dtype, torch_dtype
from .semantics import ARRAY_TYPES, NAME

__all__ = [
    "ARRAY_TYPES", "NAME", "coerce_operands", "devices", "fast_mixed_pair", "native_device", "native_dtype",
    "numpy_dtype", "torch_dtype",
]  # fmt: skip

"""What a type checker reveals of numerics_fn's public names (tests/test_typing.py reads the output).

Not run: `reveal_type` is the type checkers' own. Each line's expected text is in tests/test_typing.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import array_api_strict as xps
import numpy as np

import numerics_fn as nf

if TYPE_CHECKING:
    from typing_extensions import reveal_type

x = np.ones(3)
reveal_type(nf.exp)
reveal_type(nf.exp(x))
reveal_type(nf.matmul(x, [1.0, 2.0, 3.0]))
reveal_type(nf.zeros((2, 3)))
reveal_type(nf.sum)
reveal_type(nf.svd(x))
reveal_type(nf.linalg.svd(x))
reveal_type(nf.linalg.det)
reveal_type(nf.fft.rfft(x))
reveal_type(nf.get_backend("numpy"))
reveal_type(nf.get_backend("numpy").exp)
reveal_type(nf.Context())
reveal_type(nf.float64)
reveal_type(nf.value_and_grad)
reveal_type(nf.rng(0))
reveal_type(nf.add(xps.ones(3), 1.0))

"""What a type checker reveals of calls with tensors (checked where torch is installed; see reveal.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import torch

import numerics_fn as nf

if TYPE_CHECKING:
    from typing_extensions import reveal_type

t = torch.ones(3)
reveal_type(nf.exp(t))
reveal_type(nf.add(np.ones(3), t))
reveal_type(nf.stack([t, np.ones(3)]))
reveal_type(nf.matmul(t, [[1.0]] * 3))

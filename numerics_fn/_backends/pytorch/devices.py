"""The PyTorch backend's devices as its tensors report them (the backend protocol's ``devices`` and
``native_device``, which a backend whose arrays carry a device defines: `BackendSpec.carries_device`)."""

from __future__ import annotations

import torch

__all__ = ["devices", "native_device"]


def devices() -> tuple[torch.device, ...]:
    """The CPU, then each CUDA device torch sees (``nf.__array_namespace_info__().devices()``)."""
    return (torch.device("cpu"), *(torch.device("cuda", i) for i in range(torch.cuda.device_count())))


def native_device(name: str) -> torch.device:
    """The device a Context names (``"cuda:0"``) as tensors report it."""
    return torch.device(name)

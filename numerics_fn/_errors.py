"""The exceptions and warnings of numerics_fn (API.md section 5)."""

from __future__ import annotations

__all__ = [
    "BackendNotFoundError",
    "BackendUnavailableError",
    "DeviceError",
    "GradientFallbackWarning",
    "MixedBackendError",
    "NumericsError",
    "UnsupportedTypeError",
    "VectorizationFallbackWarning",
]


class NumericsError(Exception):
    """Base class of every error numerics_fn raises itself."""


class BackendNotFoundError(NumericsError, ValueError):
    """A backend name that numerics_fn does not know."""


class BackendUnavailableError(NumericsError, ImportError):
    """A known backend whose library is not installed (or does not load)."""


class DeviceError(NumericsError, ValueError):
    """A device the backend cannot use."""


class MixedBackendError(NumericsError, TypeError):
    """Arrays of two backends that cannot be combined in one call."""


class UnsupportedTypeError(NumericsError, TypeError):
    """An argument of a type no backend handles (or an unknown dtype)."""


class GradientFallbackWarning(UserWarning):
    """value_and_grad fell back from exact autodiff to finite differences."""


class VectorizationFallbackWarning(UserWarning):
    """vectorize_or_fallback fell back from vmap to a Python loop."""


class JitFallbackWarning(UserWarning):
    """jit could not compile a function for NumPy or cuPyNumeric input and runs it as it is."""

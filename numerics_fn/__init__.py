"""numerics_fn: one piece of numerical code on NumPy, PyTorch or cuPyNumeric.

Operations are free functions dispatched on the types of their array arguments; the
backend that creation functions use is an immutable `Context` held in one ContextVar.
"""

# No module __getattr__ here: CPython does not specialise attribute loads (nf.exp) on a module that
# has one, which would slow every call.
from . import fft as fft
from . import linalg as linalg
from ._array_api import __array_api_version__ as __array_api_version__
from ._array_api import __array_namespace_info__ as __array_namespace_info__
from ._array_api import e as e
from ._array_api import inf as inf
from ._array_api import nan as nan
from ._array_api import newaxis as newaxis
from ._array_api import pi as pi
from ._backends import BackendSpec as BackendSpec
from ._backends import register_backend as register_backend
from ._context import Context as Context
from ._context import current_context as current_context
from ._context import set_backend as set_backend
from ._context import use_backend as use_backend
from ._dispatch import implements as implements
from ._dtypes import TOKEN_NAMES as _TOKEN_NAMES
from ._dtypes import DType as DType
from ._dtypes import bfloat16 as bfloat16
from ._dtypes import bool as bool  # noqa: A004 (nf.bool, a dtype token)
from ._dtypes import complex64 as complex64
from ._dtypes import complex128 as complex128
from ._dtypes import float16 as float16
from ._dtypes import float32 as float32
from ._dtypes import float64 as float64
from ._dtypes import int as int  # noqa: A004 (nf.int, a dtype token)
from ._dtypes import int8 as int8
from ._dtypes import int16 as int16
from ._dtypes import int32 as int32
from ._dtypes import int64 as int64
from ._dtypes import uint8 as uint8
from ._dtypes import uint16 as uint16
from ._dtypes import uint32 as uint32
from ._dtypes import uint64 as uint64
from ._errors import BackendNotFoundError as BackendNotFoundError
from ._errors import BackendUnavailableError as BackendUnavailableError
from ._errors import DeviceError as DeviceError
from ._errors import GradientFallbackWarning as GradientFallbackWarning
from ._errors import JitFallbackWarning as JitFallbackWarning
from ._errors import MixedBackendError as MixedBackendError
from ._errors import NumericsError as NumericsError
from ._errors import UnsupportedTypeError as UnsupportedTypeError
from ._errors import VectorizationFallbackWarning as VectorizationFallbackWarning
from ._escape import FunctionNotFoundError as FunctionNotFoundError
from ._escape import do as do
from ._executors import in_context as in_context
from ._executors import process_pool as process_pool
from ._executors import thread_pool as thread_pool
from ._namespace import Backend as Backend
from ._namespace import available_backends as available_backends
from ._namespace import get_backend as get_backend
from ._ops import CATALOGUE as _CATALOGUE
from ._ops.conversion import *  # noqa: F403
from ._ops.creation import *  # noqa: F403
from ._ops.dtypes import *  # noqa: F403
from ._ops.elementwise import *  # noqa: F403
from ._ops.indexing import *  # noqa: F403
from ._ops.linalg import *  # noqa: F403
from ._ops.polynomials import *  # noqa: F403
from ._ops.random import *  # noqa: F403
from ._ops.reductions import *  # noqa: F403
from ._ops.searching import *  # noqa: F403
from ._ops.shape import *  # noqa: F403
from ._ops.statistics import *  # noqa: F403
from ._transforms import grad as grad
from ._transforms import hessian as hessian
from ._transforms import jacfwd as jacfwd
from ._transforms import jacrev as jacrev
from ._transforms import jit as jit
from ._transforms import jvp as jvp
from ._transforms import stop_gradient as stop_gradient
from ._transforms import tree_flatten as tree_flatten
from ._transforms import tree_map as tree_map
from ._transforms import tree_unflatten as tree_unflatten
from ._transforms import value_and_grad as value_and_grad
from ._transforms import vectorize_or_fallback as vectorize_or_fallback
from ._transforms import vjp as vjp
from ._transforms import vmap as vmap

__version__ = "0.1.0"

__all__ = [  # noqa: PLE0604 (the catalogue is the one list of ops)
    "Backend", "BackendNotFoundError", "BackendSpec", "BackendUnavailableError", "Context", "DType", "DeviceError",
    "FunctionNotFoundError", "GradientFallbackWarning", "MixedBackendError", "NumericsError", "UnsupportedTypeError",
    "VectorizationFallbackWarning", "available_backends", "current_context", "do", "get_backend", "grad", "hessian",
    "implements", "in_context", "process_pool", "register_backend", "thread_pool",
    "jacfwd", "jit", "set_backend", "use_backend", "value_and_grad", "vectorize_or_fallback", "vmap",
    "jacrev", "jvp", "stop_gradient", "tree_flatten", "tree_map", "tree_unflatten", "vjp", "JitFallbackWarning",
    "__array_api_version__", "__array_namespace_info__", "e", "fft", "inf", "linalg", "nan", "newaxis", "pi",
    *_TOKEN_NAMES, *(entry.name for entry in _CATALOGUE),
]  # fmt: skip

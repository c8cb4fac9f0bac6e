"""Build of the optional C fast path, `numerics_fn._fastcall` (numerics_fn/_native/fastcall.c).

Everything else is in pyproject.toml. The extension reads NumPy arrays through NumPy's C API, so it is
built against NumPy's headers (a build requirement). It is optional: where it cannot be built (no C
compiler, or a build without isolation and without NumPy), numerics_fn runs its Python fast path, and
``python -m numerics_fn info`` says which.
"""

import warnings

from setuptools import Extension, setup

try:
    import numpy
except ImportError:
    warnings.warn("numerics_fn: NumPy is not in the build environment; building without the C fast path", stacklevel=1)
    extensions = []
else:
    extensions = [
        Extension(
            "numerics_fn._fastcall",
            sources=["numerics_fn/_native/fastcall.c"],
            include_dirs=[numpy.get_include()],
            optional=True,
        )
    ]

setup(ext_modules=extensions)

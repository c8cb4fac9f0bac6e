"""Build of the optional C fast path, `numerics_fn._fastcall` (numerics_fn/_native/fastcall.c).

Everything else is in pyproject.toml. The extension reads NumPy arrays through NumPy's C API, so it is
built against NumPy's headers (a build requirement); it is optional: where it cannot be built,
numerics_fn runs its Python fast path (``python -m numerics_fn info`` says which).
"""

import numpy
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "numerics_fn._fastcall",
            sources=["numerics_fn/_native/fastcall.c"],
            include_dirs=[numpy.get_include()],
            optional=True,
        )
    ]
)

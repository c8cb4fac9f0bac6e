"""``nf.fft``: the Array API standard's ``fft`` extension, dispatched like the catalogue.

>>> import numerics_fn as nf
>>> nf.fft.rfft(nf.asarray([1.0, 1.0])).shape
(2,)
"""

from ._ops.fft import *  # noqa: F403
from ._ops.fft import __all__  # noqa: F401 (re-exported)

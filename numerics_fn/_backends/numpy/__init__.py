"""The NumPy backend's descriptor (light: the implementations are in `implementation`, imported on first use)."""

from .. import BackendSpec

BACKEND = BackendSpec(
    name="numpy",
    library="numpy",
    array_types=("ndarray", "generic", "random.Generator"),
    implementation="numerics_fn._backends.numpy.implementation",
    extra="",  # a dependency of numerics_fn itself
    distribution="numpy",
    aliases=("np",),
    devices=("cpu",),
    priority=0,
)

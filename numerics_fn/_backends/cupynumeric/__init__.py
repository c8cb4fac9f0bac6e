"""The cuPyNumeric backend's descriptor (light: the implementations are in `implementation`, imported on first
use, which imports cuPyNumeric and starts Legate)."""

from .. import BackendSpec

BACKEND = BackendSpec(
    name="cupynumeric",
    library="cupynumeric",
    array_types=("ndarray", "random.Generator"),
    implementation="numerics_fn._backends.cupynumeric.implementation",
    extra="cupynumeric",
    distribution="nvidia-cupynumeric",
    aliases=("cunumeric",),
    devices=("cpu", "cuda"),
    priority=10,
    absorbs=("numpy",),
    device_note="placed by Legate (GPUs when present, else CPUs; see LEGATE_CONFIG)",
    renames=(("acos", "arccos"), ("asin", "arcsin")),
)

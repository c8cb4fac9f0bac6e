"""The PyTorch backend's descriptor (light: the implementations are in `implementation`, imported on first use,
which imports torch)."""

from .. import BackendSpec

# NumPy's names of functions that torch names otherwise (for nf.do).
_RENAMES = (
    ("concatenate", "cat"), ("power", "pow"), ("absolute", "abs"), ("arccos", "acos"), ("arcsin", "asin"),
    ("arctan", "atan"), ("arctan2", "atan2"), ("arccosh", "acosh"), ("arcsinh", "asinh"), ("arctanh", "atanh"),
    ("expand_dims", "unsqueeze"), ("conjugate", "conj"), ("divide", "div"), ("multiply", "mul"),
    ("subtract", "sub"), ("amax", "amax"), ("amin", "amin"), ("max", "amax"), ("min", "amin"),
    ("bitwise_not", "bitwise_not"), ("invert", "bitwise_not"), ("left_shift", "bitwise_left_shift"),
    ("right_shift", "bitwise_right_shift"), ("linalg.expm", "linalg.matrix_exp"),
    ("special.expit", "special.expit"), ("fix", "trunc"), ("around", "round"), ("cumulative_sum", "cumsum"),
    ("cumulative_prod", "cumprod"),
)  # fmt: skip

BACKEND = BackendSpec(
    name="pytorch",
    library="torch",
    array_types=("Tensor", "Generator"),  # only these: torch.Size is a tuple, neutral
    implementation="numerics_fn._backends.pytorch.implementation",
    extra="torch",
    distribution="torch",
    aliases=("torch",),
    devices=("cpu", "cuda"),
    priority=10,
    absorbs=("numpy",),
    carries_device=True,
    dtype_library="torch",
    renames=_RENAMES,
    keyword_renames=(("axis", "dim"), ("keepdims", "keepdim"), ("a_min", "min"), ("a_max", "max")),
)

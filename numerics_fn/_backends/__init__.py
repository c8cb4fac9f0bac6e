"""Backend modules. Each imports its library at top and is imported on first use.

A backend module defines ``NAME``, ``ARRAY_TYPES`` (the first is the canonical array
type), ``coerce_operands`` (converts the dispatched values of a mixed call to its arrays;
None where its library takes neutral operands as they are and no other backend's arrays
can reach it), and registers its implementations with `numerics_fn._dispatch.implements`.
"""

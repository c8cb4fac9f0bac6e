"""Gradients and transforms: value_and_grad, grad, jacfwd, jacrev, hessian, jvp, vjp, stop_gradient, vmap,
vectorize_or_fallback, jit. (The pytree functions tree_map, tree_flatten, tree_unflatten: `.tree`.)

Each public function but jvp, vjp and stop_gradient (which return results) returns a frozen dataclass
(a readable ``repr``, no closure) whose ``__call__`` decides by the types of the arguments it is called with:

- torch tensors: ``torch.func`` (grad_and_value, jacfwd, jacrev, hessian, jvp, vjp, vmap) or ``torch.compile``;
  exceptions raised by ``fn`` propagate, nothing is retried another way.
- NumPy / cuPyNumeric / Python numbers, ``method="auto"``: ``fn`` runs once on float64 (complex128)
  torch *mirrors* of the parameters (`numerics_fn._transforms.mirrors.Mirror`) and reverse-mode
  autograd gives exact derivatives, converted back to each parameter's backend, dtype and shape.
  Where that cannot work (torch is not installed; ``fn`` takes a parameter out of torch, e.g.
  ``np.sin(x)``), central finite differences, announced by one `GradientFallbackWarning` that
  names the reason. ``method="autodiff"`` never falls back (a clear error instead);
  ``method="finite_difference"`` always uses finite differences (on tensors too).

No silent wrong gradient: every way ``fn`` can take a parameter-dependent value off the tape is
detected on mirrors and handled as above (finite differences with a warning naming it, or under
``method="autodiff"`` an error naming it): ``float()``, ``int()``, ``bool()``, ``complex()``,
``operator.index``, formatting, ``.item()``, ``.tolist()``, ``.numpy()``, ``np.asarray``/``np.array``
(``__array__``), ``nf.to_numpy``, NumPy functions other than the operators' ufuncs, ``x.data`` (raw
memory) and DLPack export. Values off the tape may leave it freely (a comparison's result, ``nf.detach(x)``,
shapes; printing a traced value is no escape). ``fn`` receives a copy on the tape, so writing into a
parameter (``x[0] = 0``) is differentiated exactly. Tensor inputs follow torch (``float()`` of a tensor
requiring grad is torch's own warning, not detected here).

NumPy's face: inside ``fn`` a NumPy (cuPyNumeric) parameter is a mirror that NumPy code reads as an
ndarray: ``x.dtype`` is a NumPy dtype (``x.dtype == np.float64``), ``x.size`` the element count,
``x.ndim``, ``x.shape``, ``x.T`` (all axes reversed), ``x.mT``, ``x.astype(dtype)``, ``x.copy()``,
slicing with negative steps (``x[::-1]``), operators and comparisons with NumPy operands (NumPy's
promotion), in-place writes. What still differs: the mirror computes in float64 (complex128) whatever
the parameter's dtype, so ``x.dtype`` says float64 for a float32 parameter; ``isinstance(x, np.ndarray)``
is False and ``nf.backend_of(x)`` is "pytorch"; NumPy functions other than the operators' ufuncs
(``np.sin(x)``) are escapes (above) — use ``nf.sin``; negative-step slices combine with ints, slices,
None and ``...`` only (not with index arrays); ``x.flags``, ``x.strides``, ``x.itemsize`` and
NumPy-only methods beyond those listed are torch's or absent.

Finite differences: central, with the step ``h = eps ** (1/3) * max(1, |x_j|)`` per element
(``eps ** (1/4)`` for the Hessian's second differences), ``eps`` the machine epsilon of the
parameter's dtype (torch's bfloat16 included), each point rounded to that dtype and the true
widths used; ``fn`` is evaluated at parameters of their own dtype, shape and backend (any shape:
0-d, n-d, empty). Tolerance, for smooth functions whose values and derivatives are of order 1,
relative to ``max(1, max|exact|)``: ``10 eps ** (2/3)`` for gradients and Jacobians (about 4e-10 in
float64, 2e-4 in float32, 0.1 in float16), ``30 eps ** (1/2)`` for Hessians (5e-7 in float64); the
cost is 2 evaluations per parameter element (4 per pair for the Hessian).

Complex parameters: under autodiff, torch's convention (for a real loss ``L`` of ``z = x + iy``,
the gradient is ``dL/dx + i dL/dy``, the direction of steepest ascent; ``grad(|z|**2) = 2z``).
Finite differences refuse them with a clear error rather than drop the imaginary part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .derivatives import Grad, Hessian, Jacobian, JacobianReverse, ValueAndGrad
    from .jit import Jit
    from .vectorize import VectorizeOrFallback, VMap

__all__ = [
    "grad", "hessian", "jacfwd", "jacrev", "jit", "jvp", "stop_gradient", "value_and_grad", "vectorize_or_fallback",
    "vjp", "vmap",
]  # fmt: skip


def value_and_grad(
    fn: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *, method: str = "auto", has_aux: bool = False
) -> ValueAndGrad:
    """``fn``'s value together with its gradient with respect to the argument(s) ``argnums``.

    Returns a callable taking ``fn``'s arguments and returning ``(value, grads)``: ``grads`` is one
    array for an int ``argnums``, a tuple for a tuple. Each gradient has its parameter's shape,
    dtype and backend. ``fn`` must return a real scalar (a 0-d array or a Python number).

    Args:
        fn: the function; written with ``nf`` operations and Python operators it is differentiated
            exactly on every backend.
        argnums: the positional argument(s) to differentiate, an int or a tuple of ints. Each may be
            a pytree (nested dict, list, tuple, named tuple of arrays): its gradient is a pytree of the
            same structure (dict keys in sorted order, see `tree_flatten`).
        method: ``"auto"`` (exact autodiff; finite differences with a `GradientFallbackWarning` where
            exact is impossible for NumPy input), ``"autodiff"`` (never falls back) or
            ``"finite_difference"`` (central differences always).
        has_aux: ``fn`` returns ``(output, aux)``; the result is then ``((value, aux), grads)`` (JAX's
            layout), ``aux`` taken as computed (values on the tape come back as arrays, detached).

    Raises:
        ValueError: ``fn`` returned a non-scalar array, an ``argnums`` out of range, an unknown ``method``.
        TypeError: ``fn`` returned a non-number or a complex number; an integer parameter; complex
            parameters under finite differences; ``method="autodiff"`` where exact gradients are impossible.

    >>> import numpy as np, numerics_fn as nf
    >>> value, g = nf.value_and_grad(lambda x: nf.sum(x * x))(np.array([1.0, 2.0]))
    >>> float(value), g
    (5.0, array([2., 4.]))

    Backend notes:
        pytorch: what ``torch.func.grad_and_value`` gives; for plain floating tensors outside autograd, outside
        torch.func transforms and compilation, through autograd directly (the same result, faster);
        the gradient is a tensor on the parameter's device.
        numpy, cupynumeric: ``fn`` runs on float64 torch mirrors; ``value`` is a 0-d array of the
        parameters' backend. Without torch, or when ``fn`` calls NumPy directly, central finite differences.
    """
    from .derivatives import ValueAndGrad  # the machinery loads on first use (import time)

    return ValueAndGrad(fn, argnums, method, has_aux)


def grad(
    fn: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *, method: str = "auto", has_aux: bool = False
) -> Grad:
    """The gradient of scalar ``fn`` with respect to ``argnums``: `value_and_grad` without the value.

    Under ``has_aux`` the result is ``(grads, aux)``. Parameters may be pytrees (see `value_and_grad`).

    >>> import numpy as np, numerics_fn as nf
    >>> nf.grad(lambda x, y: nf.sum(x * y), argnums=(0, 1))(np.array([1.0]), np.array([3.0]))
    (array([3.]), array([1.]))
    """
    from .derivatives import Grad  # the machinery loads on first use (import time)

    return Grad(fn, argnums, method, has_aux)


def jacfwd(
    fn: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *, method: str = "auto", has_aux: bool = False
) -> Jacobian:
    """The Jacobian of ``fn`` with respect to ``argnums``, shaped ``output.shape + param.shape``.

    ``method`` as in `value_and_grad`; ``fn`` may return an array of any shape (complex outputs
    give complex Jacobians) or a pytree of arrays (a Jacobian per output leaf); parameters may be
    pytrees (a Jacobian per parameter leaf, in the parameter's structure). Under ``has_aux``:
    ``(jacobian, aux)``.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.jacfwd(lambda x: x * x)(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])

    Backend notes:
        pytorch: ``torch.func.jacfwd`` (forward mode), with torch's convention for complex inputs.
        numpy, cupynumeric: reverse mode on mirrors, one backward pass per output element; real
        parameters only.
    """
    from .derivatives import Jacobian  # the machinery loads on first use (import time)

    return Jacobian(fn, argnums, method, has_aux)


def hessian(
    fn: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *, method: str = "auto", has_aux: bool = False
) -> Hessian:
    """The Hessian of scalar ``fn``, shaped ``param.shape + param.shape``.

    For a tuple ``argnums`` the result is a tuple of tuples of blocks ``H[i][j]`` shaped
    ``param_i.shape + param_j.shape``. ``method`` as in `value_and_grad`. For a pytree parameter,
    the Hessian is a tree of trees (``H[leaf_a][leaf_b]``, both in the parameter's structure). Under
    ``has_aux``: ``(hessian, aux)``.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.hessian(lambda x: nf.sum(x ** 3))(np.array([1.0, 2.0]))
    array([[ 6.,  0.],
           [ 0., 12.]])

    Backend notes:
        pytorch: ``torch.func.hessian``. numpy, cupynumeric: reverse-over-reverse on mirrors (real
        parameters); finite differences use a four-point formula with steps ``eps ** (1/4)``.
    """
    from .derivatives import Hessian  # the machinery loads on first use (import time)

    return Hessian(fn, argnums, method, has_aux)


def jacrev(
    fn: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *, method: str = "auto", has_aux: bool = False
) -> JacobianReverse:
    """The Jacobian of ``fn`` by reverse mode: `jacfwd`'s result (shapes, pytrees, ``has_aux``), computed one
    output element per backward pass (cheaper than forward mode for few outputs and many inputs).

    >>> import numpy as np, numerics_fn as nf
    >>> nf.jacrev(lambda x: nf.sum(x * x, keepdims=True))(np.array([1.0, 2.0]))
    array([[2., 4.]])

    Backend notes:
        pytorch: ``torch.func.jacrev``. numpy, cupynumeric: reverse mode on mirrors, as `jacfwd`.
    """
    from .derivatives import JacobianReverse  # the machinery loads on first use (import time)

    return JacobianReverse(fn, argnums, method, has_aux)


def jvp(
    fn: Callable[..., Any], primals: Any, tangents: Any, *, has_aux: bool = False, method: str = "auto"
) -> tuple[Any, ...]:
    """``fn``'s output at ``primals`` and its derivative along ``tangents`` (forward mode, JAX's ``jvp``).

    Args:
        fn: a function of ``len(primals)`` positional arguments, returning an array or a pytree of arrays.
        primals: a tuple of ``fn``'s arguments (each an array, number or pytree).
        tangents: a tuple of the same structure, one direction per primal leaf.
        has_aux: ``fn`` returns ``(output, aux)``; the result is then ``(output, tangent, aux)``.
        method: as in `value_and_grad`; finite differences take the central difference along the
            tangent (2 evaluations).

    Returns:
        ``(output, tangent_out)``: ``tangent_out = J(primals) @ tangents``, shaped like the output.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.jvp(lambda x: x * x, (np.array([1.0, 2.0]),), (np.array([1.0, 0.0]),))
    (array([1., 4.]), array([2., 0.]))

    Backend notes:
        pytorch: ``torch.func.jvp``. numpy, cupynumeric: two reverse passes on mirrors (``J t`` as the
        derivative of ``<J^T u, t>`` in ``u``).
    """
    from .derivatives import jvp as impl

    return impl(fn, primals, tangents, has_aux, method)


def vjp(fn: Callable[..., Any], *primals: Any, has_aux: bool = False, method: str = "auto") -> tuple[Any, ...]:
    """``fn``'s output at ``primals`` and its pull-back (reverse mode, JAX's ``vjp``).

    Returns ``(output, vjp_fn)`` (``(output, vjp_fn, aux)`` under ``has_aux``): ``vjp_fn(cotangent)``,
    with ``cotangent`` shaped like the output (a pytree for a pytree output), returns a tuple with one
    cotangent ``J^T @ cotangent`` per primal, each shaped like its primal. ``vjp_fn`` may be called
    many times; it keeps ``fn``'s reverse pass alive.

    >>> import numpy as np, numerics_fn as nf
    >>> out, pull = nf.vjp(lambda x: x * x, np.array([1.0, 2.0]))
    >>> pull(np.ones(2))
    (array([2., 4.]),)

    Backend notes:
        pytorch: ``torch.func.vjp``. numpy, cupynumeric: one forward pass on mirrors, one backward pass
        per call of ``vjp_fn``; under finite differences the Jacobian (2 evaluations per parameter
        element) is made once and contracted with each cotangent.
    """
    from .derivatives import vjp as impl

    return impl(fn, primals, has_aux, method)


def stop_gradient(tree: Any) -> Any:
    """``tree`` (an array or a pytree of arrays) cut from differentiation: a constant to every transform.

    Arrays of backends without autograd come back unchanged, as do numbers; inside `grad` on NumPy input,
    a traced value becomes a constant (its derivative is zero, and it may leave the tape: ``float()`` of it
    is no escape).

    >>> import numpy as np, numerics_fn as nf
    >>> nf.grad(lambda x: nf.sum(x * nf.stop_gradient(x)))(np.array([1.0, 2.0]))
    array([1., 2.])
    """
    from .derivatives import stop_gradient as impl

    return impl(tree)


def vmap(
    fn: Callable[..., Any],
    in_axes: int | tuple[int | None, ...] | None = 0,
    out_axes: int | tuple[int | None, ...] | None = 0,
) -> VMap:
    """``fn`` mapped over axis ``in_axes`` of its arguments, results stacked along ``out_axes``.

    ``in_axes``: an int (every positional argument), None (unmapped) or a tuple with one entry
    per positional argument; ``out_axes``: an int, None, or a tuple per output of a tuple-returning ``fn``.
    Keyword arguments are passed unmapped.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.vmap(lambda row: nf.sum(row))(np.arange(6.0).reshape(2, 3))
    array([ 3., 12.])

    Arguments and results may be pytrees: every leaf of a mapped argument is mapped along its axis,
    every leaf of the result stacked along ``out_axes``.

    Backend notes:
        pytorch: ``torch.func.vmap``. numpy, cupynumeric: ``torch.func.vmap`` on mirrors of the arrays
        (each dtype kept, NumPy's face as inside `grad`), results converted back: one program, also for
        ``vmap(grad(f))``, ``vmap(jacfwd(f))``, ``vmap(hessian(f))``. Where ``fn`` cannot be vectorised
        (``float()`` or an ``if`` on a mapped value, a NumPy function), a Python loop over the mapped
        axis, announced by one `VectorizationFallbackWarning`; the loop without a word where torch is
        not installed. Where the loop is faster (small batches: torch.func.vmap has a fixed cost per
        call), the loop: the first calls of each input signature (the arguments' structure, dtypes
        and shapes) alternate between the two and are timed, the faster is kept, and the choice is
        measured again now and then (rarely: at most a few per cent of the time). Both give the same
        dtypes, shapes and backends, and the same values up to rounding (torch's and NumPy's
        elementary functions and summation orders differ in the last bits). Looped results are
        stacked into one array of the inputs' backend (never a list).
    """
    from .vectorize import VMap  # the machinery loads on first use (import time)

    return VMap(fn, in_axes, out_axes)


def vectorize_or_fallback(
    fn: Callable[..., Any],
    policy: str = "auto",
    *,
    in_axes: int | tuple[int | None, ...] | None = 0,
    out_axes: int | tuple[int | None, ...] | None = 0,
) -> VectorizeOrFallback:
    """`vmap` with an explicit policy for what to do when ``fn`` cannot be vectorised.

    Args:
        fn: the function to map (over ``in_axes``, results along ``out_axes``, as in `vmap`).
        policy: ``"auto"``: ``torch.func.vmap`` (on tensors, on mirrors of NumPy and cuPyNumeric
            arrays, as `vmap`, whatever the batch size); if that fails (data-dependent control flow,
            ``.item()``), or torch is not installed, a Python loop with one
            `VectorizationFallbackWarning`. ``"force"``: vectorise or raise (an `UnsupportedTypeError`
            naming why for NumPy and cuPyNumeric input; vmap's own error on tensors).
            ``"off"``: always the loop, no warning.

    Raises:
        ValueError: any other ``policy``.

    >>> import numpy as np, numerics_fn as nf
    >>> nf.vectorize_or_fallback(lambda r: r * 2, policy="off")(np.ones((2, 1)))
    array([[2.],
           [2.]])
    """
    from .vectorize import VectorizeOrFallback  # the machinery loads on first use (import time)

    return VectorizeOrFallback(fn, policy, in_axes, out_axes)


def jit(fn: Callable[..., Any]) -> Jit:
    """``fn`` compiled by ``torch.compile``, for tensor, NumPy and cuPyNumeric arguments.

    Tensors: ``torch.compile(fn)``, compiled on the first call; its errors (for example a missing C
    compiler) are raised, never swallowed. NumPy (cuPyNumeric) arrays: ``fn`` is traced once per input
    signature (each argument's structure, each array's dtype and shape, the value of every other argument)
    on fake tensors standing for the arrays (``make_fx``: nf's dispatch runs as Python, torch's operations
    are recorded), the graph compiled whole by ``torch.compile``, and run on tensors sharing the arrays'
    memory; the tensors it returns come back as arrays. Where that fails (``fn`` reads a value out of an
    array, ``float(x)`` or ``if x.sum() > 0``, which a trace would freeze; uses what tensors lack, such as
    ``x.flags``; combines a NumPy constant with an argument by an operator; no C++ compiler; no torch) ``fn``
    runs as it is for that signature, announced by one `JitFallbackWarning` per reason. The first call of
    each signature pays the compilation: seconds (see benchmarks/README.md); later calls run the program.

    >>> import numpy as np, numerics_fn as nf
    >>> f = nf.jit(lambda x: x + 1)
    >>> f(np.zeros(2))  # doctest: +SKIP
    array([1., 1.])

    Backend notes:
        numpy, cupynumeric: inside ``fn`` the arguments are torch tensors: nf operations (NumPy constants
        as their operands included) and Python operators between arguments and numbers compile.
    """
    from .jit import Jit  # the machinery loads on first use (import time)

    return Jit(fn)

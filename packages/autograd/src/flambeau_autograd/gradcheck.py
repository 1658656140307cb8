"""``gradcheck`` and ``gradgradcheck``: compare the engine's Jacobians with central finite differences.

Like PyTorch's slow mode: the numerical Jacobian perturbs each input element by ``±eps``; the
analytical one backpropagates one-hot gradients through every output element. Use float64 inputs.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from flambeau_tensor_core._core import TensorBase

from ._backward import grad as autograd_grad


class GradcheckError(RuntimeError):
    """Raised by ``gradcheck``/``gradgradcheck`` when a Jacobian differs from its numerical estimate."""


def _as_tuple(value: Any) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _differentiable_outputs(outputs: tuple) -> list:
    return [o for o in outputs if isinstance(o, TensorBase) and o.requires_grad]


def _host(array) -> np.ndarray:
    return array if isinstance(array, np.ndarray) else array.get()


def _evaluate(func: Callable, inputs: tuple) -> list:
    outputs = _as_tuple(func(*inputs))   # with grad enabled: func may differentiate internally
    return [_host(o._data).astype(np.complex128 if o.dtype.is_complex else np.float64).reshape(-1).copy()
            for o in outputs if isinstance(o, TensorBase) and o.dtype.category >= 2]


def numerical_jacobian(func: Callable, inputs: tuple, eps: float = 1e-6) -> list[list[np.ndarray]]:
    """``J[i][k]``: d(output k)/d(input i) as a ``(numel(input), numel(output))`` array."""
    jacobians = []
    for x in inputs:
        if not (isinstance(x, TensorBase) and x.requires_grad):
            continue
        data = x._data     # perturbed in place, element by element in row-major order (any strides:
        columns: list[list[np.ndarray]] = []   # a reshape of a non-contiguous array would be a copy)
        for index in np.ndindex(*data.shape):
            original = data[index].item()
            data[index] = original + eps
            plus = _evaluate(func, inputs)
            data[index] = original - eps
            minus = _evaluate(func, inputs)
            data[index] = original
            columns.append([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
        n_out = len(columns[0]) if columns else len(_evaluate(func, inputs))
        jacobians.append([np.stack([c[k] for c in columns]) if columns else np.zeros((0, 0))
                          for k in range(n_out)])
    return jacobians


def analytical_jacobian(outputs: list, inputs: list) -> list[list[np.ndarray]]:
    from ._primitives import zeros
    jacobians = [[np.zeros((x.numel(), o.numel())) for o in outputs] for x in inputs]
    for k, out in enumerate(outputs):
        for e in range(out.numel()):
            seed = zeros(tuple(out.shape), out._dtype, out._device)
            seed._data.reshape(-1)[e] = 1
            grads = autograd_grad(out, inputs, seed, retain_graph=True, allow_unused=True)
            for i, g in enumerate(grads):
                if g is not None:
                    jacobians[i][k][:, e] = _host(g._data).reshape(-1).real
    return jacobians


def gradcheck(func: Callable, inputs: Any, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, nondet_tol: float = 0.0, check_undefined_grad: bool = True,
              check_grad_dtypes: bool = False, check_batched_grad: bool = False,
              check_batched_forward_grad: bool = False, check_forward_ad: bool = False,
              check_backward_ad: bool = True, fast_mode: bool = False, masked: bool | None = None) -> bool:
    """True when ``func``'s analytical Jacobian matches finite differences for every differentiable
    (``requires_grad``) input; otherwise raise ``GradcheckError`` (or return False)."""
    inputs = _as_tuple(inputs)
    diff_inputs = [x for x in inputs if isinstance(x, TensorBase) and x.requires_grad]
    if not diff_inputs:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of the "
                         "them have requires_grad=True.")
    for x in diff_inputs:
        if x.dtype.name != "float64":
            warnings.warn(f"Input #{inputs.index(x)} requires gradient and is not a double precision floating "
                          "point. This check will likely fail if all the inputs are not of double precision "
                          "floating point.", UserWarning, stacklevel=2)
        if x.dtype.is_complex:
            raise NotImplementedError("gradcheck of complex inputs is not implemented")
    outputs = _differentiable_outputs(_as_tuple(func(*inputs)))
    numerical = numerical_jacobian(func, inputs, eps)
    if not outputs:
        for per_input in numerical:
            for jac in per_input:
                if np.any(jac != 0):
                    return _fail("Numerical gradient for function expected to be zero", raise_exception)
        return True
    analytical = analytical_jacobian(outputs, diff_inputs)
    output_positions = [k for k, o in enumerate(_as_tuple(func(*inputs)))
                        if isinstance(o, TensorBase) and o.dtype.category >= 2]
    differentiable_positions = [k for k, o in enumerate(_as_tuple(func(*inputs)))
                                if isinstance(o, TensorBase) and o.requires_grad]
    for i in range(len(diff_inputs)):
        for k_out, position in enumerate(differentiable_positions):
            num = numerical[i][output_positions.index(position)].real
            ana = analytical[i][k_out]
            if not np.allclose(ana, num, rtol=rtol, atol=atol):
                return _fail(f"Jacobian mismatch for output {k_out} with respect to input {i},\n"
                             f"numerical:{num}\nanalytical:{ana}\n", raise_exception)
    return True


def _fail(message: str, raise_exception: bool) -> bool:
    if raise_exception:
        raise GradcheckError(message)
    return False


def gradgradcheck(func: Callable, inputs: Any, grad_outputs: Any = None, *, eps: float = 1e-6,
                  atol: float = 1e-5, rtol: float = 1e-3, gen_non_contig_grad_outputs: bool = False,
                  raise_exception: bool = True, nondet_tol: float = 0.0, check_undefined_grad: bool = True,
                  check_grad_dtypes: bool = False, check_batched_grad: bool = False,
                  check_fwd_over_rev: bool = False, check_rev_over_rev: bool = True, fast_mode: bool = False,
                  masked: bool = False) -> bool:
    """``gradcheck`` of the gradient itself: checks second derivatives (``create_graph=True`` paths)."""
    inputs = _as_tuple(inputs)
    outputs = _differentiable_outputs(_as_tuple(func(*inputs)))
    if grad_outputs is None:
        import flambeau_tensor_core as ft
        rng = np.random.default_rng(0)
        grad_outputs = tuple(ft.tensor(rng.standard_normal(tuple(o.shape)), dtype=o.dtype, device=o.device,
                                       requires_grad=True) for o in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    n = len(inputs)
    diff_positions = [i for i, x in enumerate(inputs) if isinstance(x, TensorBase) and x.requires_grad]

    def first_derivatives(*args):
        xs, gs = args[:n], args[n:]
        outs = _differentiable_outputs(_as_tuple(func(*xs)))
        grads = autograd_grad(outs, [xs[i] for i in diff_positions], gs, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivatives, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)


__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]

"""``autograd.backward`` and ``autograd.grad``: argument checking and root gradients around the engine."""
from __future__ import annotations

from typing import Any

from flambeau_tensor_core._core import TensorBase

from . import _engine
from ._primitives import ones_like, zeros


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, TensorBase):
        return (value,)
    return tuple(value)


def _root_gradient(i: int, out, g, create_graph: bool):
    """The gradient that output ``i`` starts backward with: ``g`` checked, or ones for a scalar. As in
    PyTorch, these checks come before the engine's of ``requires_grad`` (None stands for an output that
    does not require grad and was given no gradient)."""
    if not isinstance(out, TensorBase):
        raise TypeError(f"expected a Tensor at position {i}, got {type(out).__name__}")
    if g is None:
        if not out._requires_grad:
            return None
        if out._data.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        if not out._dtype.is_floating_point:
            raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got "
                               f"{out._dtype}")
        return ones_like(out)
    if not isinstance(g, TensorBase):
        raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
    if g._data.shape != out._data.shape:
        raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and output[{i}] has a "
                           f"shape of {out.shape}.")
    if g._device != out._device:
        raise RuntimeError(f"invalid gradient at index {i} - expected device {out._device} but got {g._device}")
    if g._dtype.is_complex != out._dtype.is_complex:
        raise RuntimeError("For complex Tensors, both grad_output and output are required to have "
                           "the same dtype.")
    return g if create_graph else g.detach()


def _root_gradients(outputs: tuple, grad_outputs: tuple, create_graph: bool) -> tuple:
    if len(grad_outputs) != len(outputs):
        raise RuntimeError("grad can be implicitly created only for scalar outputs" if not grad_outputs else
                           f"Mismatch in number of gradients: expected {len(outputs)}, got {len(grad_outputs)}")
    return tuple(_root_gradient(i, out, g, create_graph) for i, (out, g) in enumerate(zip(outputs, grad_outputs)))


def _check_requires_grad(outputs: tuple) -> None:
    for i, out in enumerate(outputs):
        if not isinstance(out, TensorBase):
            raise TypeError(f"expected a Tensor at position {i}, got {type(out).__name__}")
        if not out._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")


def _check_inputs_require_grad(inputs: tuple) -> None:
    if not all(t._requires_grad for t in inputs):
        raise RuntimeError("One of the differentiated Tensors does not require grad")


def tensor_backward(tensor, gradient, retain_graph: bool | None, create_graph: bool, inputs: Any) -> None:
    """``tensor.backward(...)``: ``backward`` for one tensor, without normalising argument sequences
    (it runs once per training step, and that normalising cost as much as a small node)."""
    if inputs is not None:
        backward((tensor,), None if gradient is None else (gradient,), retain_graph, create_graph, inputs=inputs)
        return
    root_grad = _root_gradient(0, tensor, gradient, create_graph)
    _check_requires_grad((tensor,))
    _engine.run_backward((tensor,), (root_grad,), create_graph if retain_graph is None else retain_graph,
                         create_graph, None, True)


def backward(tensors: Any, grad_tensors: Any = None, retain_graph: bool | None = None,
             create_graph: bool = False, grad_variables: Any = None, inputs: Any = None) -> None:
    """Accumulate d(tensors)/d(leaves) into the leaves' ``.grad`` (only ``inputs``' when given)."""
    outputs = _as_tuple(tensors)
    if grad_variables is not None:
        grad_tensors = grad_variables
    grads = _as_tuple(grad_tensors) if grad_tensors is not None else (None,) * len(outputs)
    if isinstance(grad_tensors, TensorBase) or grad_tensors is None:
        grads = grads if grads else (None,) * len(outputs)
    targets = _as_tuple(inputs) if inputs is not None else None
    if targets is not None and not targets:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    if retain_graph is None:
        retain_graph = create_graph
    root_grads = _root_gradients(outputs, grads, create_graph)
    _check_requires_grad(outputs)
    _engine.run_backward(outputs, root_grads, retain_graph, create_graph, targets, True)


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, only_inputs: bool = True, allow_unused: bool | None = None,
         is_grads_batched: bool = False, materialize_grads: bool = False) -> tuple:
    """The gradients of ``outputs`` w.r.t. ``inputs``, returned instead of accumulated into ``.grad``."""
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, "
                         "but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outs = _as_tuple(outputs)
    ins = _as_tuple(inputs)
    if not ins:
        raise RuntimeError("grad requires non-empty inputs.")
    for i, t in enumerate(ins):
        if not isinstance(t, TensorBase):
            raise TypeError(f"grad(): inputs must be Tensors, got {type(t).__name__} at position {i}")
    grads = _as_tuple(grad_outputs) if grad_outputs is not None else (None,) * len(outs)
    if retain_graph is None:
        retain_graph = create_graph
    if is_grads_batched:
        _check_inputs_require_grad(ins)
        return _batched_grad(outs, ins, grads, retain_graph, create_graph, allow_unused, materialize_grads)
    root_grads = _root_gradients(outs, grads, create_graph)
    _check_requires_grad(outs)      # (PyTorch's engine looks at the outputs first, then at the inputs)
    _check_inputs_require_grad(ins)
    captured = _engine.run_backward(outs, root_grads, retain_graph, create_graph, ins, False)
    result = []
    for index, (t, g) in enumerate(zip(ins, captured)):
        if g is None:
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {index} appears to not have been used in "
                                   "the graph. Set allow_unused=True if this is the desired behavior.")
            if materialize_grads:
                g = zeros(t._data.shape, t._dtype, t._device)
        elif not create_graph and g._requires_grad:
            g = g.detach()
        result.append(g)
    return tuple(result)


def _batched_grad(outs, ins, grads, retain_graph, create_graph, allow_unused, materialize_grads):
    """``is_grads_batched``: one backward per slice of the leading dimension, results stacked."""
    import flambeau_tensor_core as ft
    batch = grads[0].shape[0]
    per_sample = [grad(outs, ins, tuple(g[b] for g in grads), retain_graph=True, create_graph=create_graph,
                       allow_unused=allow_unused, materialize_grads=materialize_grads) for b in range(batch)]
    return tuple(ft.stack([s[i] for s in per_sample]) if per_sample[0][i] is not None else None
                 for i in range(len(ins)))

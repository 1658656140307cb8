"""Activation checkpointing: ``checkpoint`` and ``checkpoint_sequential`` (``flambeau.utils.checkpoint``).

The wrapped function runs without recording a graph, keeping only its inputs; backward runs it again
(with the RNG state it first saw, so dropout masks repeat) and backpropagates through the recomputed
graph. Memory for activations is traded for one extra forward.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from flambeau_tensor_core._core import TensorBase

from ._backward import backward as autograd_backward
from ._grad_mode import enable_grad, no_grad
from .function import Function


def _rng_state():
    import flambeau_tensor_core as ft
    return ft.get_rng_state() if hasattr(ft, "get_rng_state") else None


def _set_rng_state(state) -> None:
    import flambeau_tensor_core as ft
    if state is not None:
        ft.set_rng_state(state)


class CheckpointFunction(Function):
    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        ctx.preserve_rng_state = preserve_rng_state
        ctx.rng_state = _rng_state() if preserve_rng_state else None
        ctx.tensor_positions = [i for i, a in enumerate(args) if isinstance(a, TensorBase)]
        ctx.inputs = [None if isinstance(a, TensorBase) else a for a in args]
        ctx.save_for_backward(*[a for a in args if isinstance(a, TensorBase)])
        with no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grad_outputs):
        inputs = list(ctx.inputs)
        for position, tensor in zip(ctx.tensor_positions, ctx.saved_tensors):
            detached = tensor.detach()
            detached.requires_grad_(tensor.requires_grad)
            inputs[position] = detached
        current = _rng_state() if ctx.preserve_rng_state else None
        _set_rng_state(ctx.rng_state)
        try:
            with enable_grad():
                outputs = ctx.run_function(*inputs)
        finally:
            _set_rng_state(current)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs)
                 if isinstance(o, TensorBase) and o.requires_grad and g is not None]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        autograd_backward([o for o, _ in pairs], [g for _, g in pairs])
        grads = tuple(inputs[i].grad if isinstance(inputs[i], TensorBase) else None for i in range(len(inputs)))
        return (None, None) + grads


def checkpoint(function: Callable, *args: Any, use_reentrant: bool | None = None, context_fn: Any = None,
               determinism_check: str = "default", debug: bool = False, preserve_rng_state: bool = True,
               **kwargs: Any) -> Any:
    """``function(*args)`` without keeping its activations; they are recomputed during backward."""
    if kwargs:
        def bound(*positional):
            return function(*positional, **kwargs)
        run = bound
    else:
        run = function
    if not any(isinstance(a, TensorBase) and a.requires_grad for a in args):
        warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", UserWarning,
                      stacklevel=2)
    return CheckpointFunction.apply(run, preserve_rng_state, *args)


def checkpoint_sequential(functions: Any, segments: int, input: Any, use_reentrant: bool | None = None,
                          **kwargs: Any) -> Any:
    """Run ``functions`` (a list or ``nn.Sequential``) in ``segments`` chunks, checkpointing all but the
    last chunk."""
    if hasattr(functions, "children") and not isinstance(functions, (list, tuple)):
        functions = list(functions.children())
    functions = list(functions)

    def run_segment(start: int, end: int) -> Callable:
        def forward(x):
            for j in range(start, end + 1):
                x = functions[j](x)
            return x
        return forward

    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run_segment(start, end), input, use_reentrant=use_reentrant, **kwargs)
    return run_segment(end + 1, len(functions) - 1)(input)


__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointFunction"]

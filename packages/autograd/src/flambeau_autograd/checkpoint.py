"""Activation checkpointing: ``checkpoint`` and ``checkpoint_sequential`` (``flambeau.utils.checkpoint``).

The wrapped function's intermediate tensors are not kept for backward; backward runs the function
again (with the RNG states it first saw -- the CPU generator's and those of the CUDA devices of its
tensor arguments -- so dropout masks repeat) to get them. Two variants, as in
PyTorch:

- ``use_reentrant=False``: the function runs with autograd on, its graph is recorded as usual, but every
  tensor its ops save for backward goes through ``saved_tensors_hooks`` that keep only a position; the
  first unpack in backward recomputes the function once under hooks that collect the saved tensors
  in the same order. Gradients reach everything the function used (closure parameters included),
  ``autograd.grad`` works, and with ``create_graph`` the recomputed tensors stay attached to their
  graph, so double backward works too (that graph and the list collecting its saved tensors then
  reference each other: a cycle for Python's garbage collector, in this case only).
- ``use_reentrant=True`` (PyTorch's default when the argument is left out, with its warning): the
  function runs under ``no_grad`` inside one custom ``Function``; its backward recomputes with autograd
  on and runs a nested backward, which accumulates the gradients of closure parameters into ``.grad``.
"""
from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from typing import Any

from flambeau_tensor_core._core import TensorBase

from ._backward import backward as autograd_backward
from ._grad_mode import enable_grad, is_grad_enabled, no_grad
from .function import Function
from .graph import saved_tensors_hooks


class CheckpointError(RuntimeError):
    """The recomputation of a checkpointed function did not save what its forward saved."""


def _cuda_devices(args: tuple) -> tuple[int, ...]:
    """The CUDA devices of the tensor arguments: their generators are saved and restored too, as
    PyTorch's checkpoint does."""
    return tuple(sorted({a.device.index or 0 for a in args if isinstance(a, TensorBase) and a.device.type == "cuda"}))


def _rng_state(devices: tuple[int, ...] = ()) -> tuple:
    """The CPU generator's state and the states of the CUDA generators of ``devices``."""
    import flambeau_tensor_core as ft
    return ft.get_rng_state(), tuple((index, ft.cuda.get_rng_state(index)) for index in devices)


def _set_rng_state(state: tuple) -> None:
    import flambeau_tensor_core as ft
    cpu, cuda = state
    ft.set_rng_state(cpu)
    for index, device_state in cuda:
        ft.cuda.set_rng_state(device_state, index)


@contextlib.contextmanager
def _rng_state_of(state, preserve: bool):
    """Run the block with the RNG states ``state`` (when ``preserve``), then restore the current ones."""
    if not preserve:
        yield
        return
    current = _rng_state(tuple(index for index, _ in state[1]))
    _set_rng_state(state)
    try:
        yield
    finally:
        _set_rng_state(current)


def _metadata(tensor: TensorBase) -> tuple:
    return tuple(tensor.shape), tensor.dtype, tensor.device


class _Recomputation:
    """One non-reentrant checkpoint: what its forward saved (as positions and metadata), and the
    tensors its recomputation saved, made on the first unpack."""

    def __init__(self, run: Callable, args: tuple, preserve_rng_state: bool, recompute_context: Any,
                 determinism_check: str) -> None:
        self.run, self.args = run, args
        self.preserve_rng_state = preserve_rng_state
        self.rng_state = _rng_state(_cuda_devices(args)) if preserve_rng_state else None
        self.recompute_context = recompute_context
        self.determinism_check = determinism_check
        self.saved_metadata: list[tuple] = []
        self.recomputed: list | None = None

    def pack(self, tensor: TensorBase) -> tuple:
        self.saved_metadata.append(_metadata(tensor))
        return self, len(self.saved_metadata) - 1

    @staticmethod
    def unpack(packed: tuple) -> TensorBase:
        recomputation, position = packed
        if recomputation.recomputed is None:
            recomputation.recompute(attached=is_grad_enabled())     # grad mode on: a create_graph backward
        return recomputation.recomputed[position]

    def recompute(self, attached: bool) -> None:
        values: list = []

        def keep(tensor: TensorBase) -> int:
            values.append(tensor if attached else tensor.detach())
            return len(values) - 1

        with _rng_state_of(self.rng_state, self.preserve_rng_state), enable_grad(), \
                saved_tensors_hooks(keep, values.__getitem__), self.recompute_context:
            self.run(*self.args)
        self.check(values)
        self.recomputed = values

    def check(self, values: list) -> None:
        if self.determinism_check == "none":
            return
        if len(values) != len(self.saved_metadata):
            raise CheckpointError(
                "torch.utils.checkpoint: A different number of tensors was saved during the original forward "
                f"and recomputation.\nNumber of tensors saved during forward: {len(self.saved_metadata)}\n"
                f"Number of tensors saved during recomputation: {len(values)}")
        differing = [f"tensor at position {i}:\nsaved metadata: {expected}\nrecomputed metadata: {_metadata(v)}"
                     for i, (expected, v) in enumerate(zip(self.saved_metadata, values)) if _metadata(v) != expected]
        if differing:
            raise CheckpointError("torch.utils.checkpoint: Recomputed values for the following tensors have "
                                  "different metadata than during the forward pass.\n" + "\n".join(differing))


def _checkpoint_without_reentrant(run: Callable, args: tuple, preserve_rng_state: bool, context_fn: Callable,
                                  determinism_check: str) -> Any:
    forward_context, recompute_context = context_fn()
    recomputation = _Recomputation(run, args, preserve_rng_state, recompute_context, determinism_check)
    with forward_context, saved_tensors_hooks(recomputation.pack, _Recomputation.unpack):
        return run(*args)


def _no_context() -> tuple:
    return contextlib.nullcontext(), contextlib.nullcontext()


class CheckpointFunction(Function):
    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        ctx.preserve_rng_state = preserve_rng_state
        ctx.rng_state = _rng_state(_cuda_devices(args)) if preserve_rng_state else None
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
        with _rng_state_of(ctx.rng_state, ctx.preserve_rng_state), enable_grad():
            outputs = ctx.run_function(*inputs)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs)
                 if isinstance(o, TensorBase) and o.requires_grad and g is not None]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        autograd_backward([o for o, _ in pairs], [g for _, g in pairs])
        grads = tuple(inputs[i].grad if isinstance(inputs[i], TensorBase) else None for i in range(len(inputs)))
        return (None, None) + grads


def checkpoint(function: Callable, *args: Any, use_reentrant: bool | None = None, context_fn: Callable = _no_context,
               determinism_check: str = "default", debug: bool = False, preserve_rng_state: bool = True,
               **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` without keeping its activations; they are recomputed during backward
    (see the module's docstring for the two variants)."""
    if use_reentrant is None:
        warnings.warn("torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. "
                      "use_reentrant=False is recommended, but if you need to preserve the current default "
                      "behavior, you can pass use_reentrant=True.", UserWarning, stacklevel=2)
        use_reentrant = True
    if determinism_check not in ("default", "none"):
        raise ValueError(f"determinism_check should be one of ['default', 'none'], but got {determinism_check}")
    if use_reentrant:
        if context_fn is not _no_context or debug:
            raise ValueError("Passing `context_fn` or `debug` is only supported when use_reentrant=False.")
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
        if not any(isinstance(a, TensorBase) and a.requires_grad for a in args):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", UserWarning,
                          stacklevel=2)
        return CheckpointFunction.apply(function, preserve_rng_state, *args)

    def run(*positional: Any) -> Any:
        return function(*positional, **kwargs)
    return _checkpoint_without_reentrant(run, args, preserve_rng_state, context_fn, determinism_check)


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


__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointFunction", "CheckpointError"]

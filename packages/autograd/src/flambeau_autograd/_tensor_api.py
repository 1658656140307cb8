"""The tensor-side half of the hook protocol: ``requires_grad``, ``.grad``, hooks, ``retain_grad``,
``detach_``. tensor-core forwards these Tensor methods here (see ``docs/architecture.md``)."""
from __future__ import annotations

import warnings
from collections.abc import Callable

from . import _engine
from ._backward import tensor_backward
from ._engine import RemovableHandle


def set_requires_grad(tensor, flag: bool) -> None:
    if tensor.grad_fn is not None:
        if not flag:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If you want to use "
                               "a computed variable in a subgraph that doesn't require differentiation use "
                               "var_no_grad = var.detach().")
        return
    if flag and tensor._dtype.category < 2:
        raise RuntimeError("only Tensors of floating point dtype can require gradients")
    tensor._requires_grad = bool(flag)


def get_grad(tensor):
    if tensor.grad_fn is not None and tensor._grad is None and not retains_grad(tensor):
        warnings.warn(
            "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
            "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
            "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor.", UserWarning, stacklevel=3)
    return tensor._grad


def _require_grad(tensor, what: str) -> None:
    if not tensor._requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")


def register_hook(tensor, hook: Callable) -> RemovableHandle:
    """``hook(grad)`` runs when the gradient of ``tensor`` is computed; a non-None return replaces it."""
    _require_grad(tensor, "register_hook")
    if tensor.grad_fn is not None:
        return tensor.grad_fn._register_tensor_hook(_engine.get_meta(tensor).output_nr, hook)
    meta = _engine.get_meta(tensor)
    if meta.hooks is None:
        meta.hooks = []
    meta.hooks.append(hook)
    return RemovableHandle(meta.hooks, hook)


def register_post_accumulate_grad_hook(tensor, hook: Callable) -> RemovableHandle:
    """``hook(tensor)`` runs after a leaf's ``.grad`` has been accumulated."""
    if tensor.grad_fn is not None:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    _require_grad(tensor, "register_post_accumulate_grad_hook")
    meta = _engine.get_meta(tensor)
    if meta.post_accumulate_hooks is None:
        meta.post_accumulate_hooks = []
    meta.post_accumulate_hooks.append(hook)
    return RemovableHandle(meta.post_accumulate_hooks, hook)


def retain_grad(tensor) -> None:
    if not tensor._requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if tensor.grad_fn is None:
        return
    meta = _engine.get_meta(tensor)
    if not meta.retains_grad:
        meta.retains_grad = True
        tensor.grad_fn._retain(meta.output_nr, tensor)


def retains_grad(tensor) -> bool:
    meta = tensor._autograd_meta
    return bool(tensor.grad_fn is not None and meta is not None and meta.retains_grad)


def detach_(tensor) -> None:
    if tensor._base is not None and tensor.grad_fn is not None:
        raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                           "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, "
                           "gradients are views of "
                           "DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, "
                           "please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the "
                           "solution.")
    tensor.grad_fn = None
    tensor._requires_grad = False
    if tensor._autograd_meta is not None:
        tensor._autograd_meta.output_nr = 0


class AutogradHook:
    """The object installed into tensor-core: one attribute per hook-protocol method."""

    def __init__(self) -> None:
        self.record = _engine.record
        self.record_inplace = _engine.record_inplace
        self.set_requires_grad = set_requires_grad
        self.get_grad = get_grad
        self.backward = tensor_backward
        self.register_hook = register_hook
        self.register_post_accumulate_grad_hook = register_post_accumulate_grad_hook
        self.retain_grad = retain_grad
        self.retains_grad = retains_grad
        self.detach_ = detach_
        self.is_grad_enabled = _engine.is_grad_enabled

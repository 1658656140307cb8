"""``autograd.Function``: custom differentiable operations with their own forward and backward.

This is the API nn, optim and distributions use to add primitives with their own Cython/CUDA kernels::

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            result = x.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, grad):
            (result,) = ctx.saved_tensors
            return grad * result

    y = Exp.apply(x)

``forward`` runs with gradient recording off; ``apply`` then builds one graph node whose backward calls
``backward``. The ``setup_context(ctx, inputs, output)`` style (forward without ``ctx``) works too.
"""
from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable
from typing import Any

from flambeau_tensor_core import _core
from flambeau_tensor_core._core import TensorBase

from . import _engine, forward_ad
from ._grad_mode import STATE, no_grad
from ._primitives import zeros


class FunctionCtx:
    """The ``ctx`` of a ``Function``: what forward leaves for backward."""

    def __init__(self) -> None:
        self.to_save: tuple = ()
        self.needs_input_grad: tuple = ()
        self.materialize_grads = True
        self._dirty: tuple = ()
        self._non_differentiable: tuple = ()
        self._unpacked: tuple | None = None
        self._node_ref = None

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep tensors (or None) for backward; read them back with ``saved_tensors``."""
        for t in tensors:
            if t is not None and not isinstance(t, TensorBase):
                raise TypeError("save_for_backward can only save variables, but argument "
                                f"{tensors.index(t)} is of type {type(t).__name__}")
        self.to_save = tensors

    def save_for_forward(self, *tensors: Any) -> None:
        self.saved_for_forward = tensors

    @property
    def saved_tensors(self) -> tuple:
        if self._unpacked is None:
            node = self._node_ref() if self._node_ref is not None else None
            if node is None or node.released:
                raise RuntimeError(_engine.SAVED_FREED_MESSAGE)
            self._unpacked = node._saved_tensors()[0] or ()
        return self._unpacked

    def mark_dirty(self, *tensors: TensorBase) -> None:
        """Declare inputs that forward modified in place (they must be returned as outputs)."""
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors: TensorBase) -> None:
        """Declare outputs that get no gradient (indices, masks …)."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value: bool) -> None:
        """With False, backward receives None (not zeros) for outputs that got no gradient."""
        self.materialize_grads = bool(value)


class BackwardCFunction(FunctionCtx):
    """Kept for PyTorch compatibility: ``ctx`` objects are instances of this class."""


def _is_overridden(cls: type, name: str) -> bool:
    return getattr(cls, name) is not getattr(Function, name)


class Function:
    """Base class of custom differentiable ops; subclass it, define ``forward`` and ``backward`` as
    static methods and call ``apply``."""

    generate_vmap_rule = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method.")

    @staticmethod
    def forward(ctx: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple, output: Any) -> Any:
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx: Any, *grad_inputs: Any) -> Any:
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it "
                                  "with forward mode AD.")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        ctx = BackwardCFunction()
        tracking = STATE.enabled
        ctx.needs_input_grad = tuple(tracking and isinstance(a, TensorBase) and a.requires_grad for a in args)
        tangents = forward_ad.input_tangents(args)
        # forward computes primal values only: tangents come from ``jvp``
        with no_grad(), forward_ad._suspended() if tangents is not None else contextlib.nullcontext():
            if _is_overridden(cls, "setup_context"):
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        single = not isinstance(output, tuple)
        outputs = (output,) if single else output
        output_tangents = None if tangents is None else _forward_tangents(cls, ctx, args, tangents)
        if any(ctx.needs_input_grad):
            outputs = _connect(cls, ctx, args, outputs)
        if output_tangents is not None:
            forward_ad.set_output_tangents(outputs, output_tangents)
        return outputs[0] if single else outputs


def _alias(t: TensorBase) -> TensorBase:
    alias = _core.wrap(t._data, t._dtype, t._device)
    alias._version_counter = t._version_counter
    alias._base = t._base
    return alias


def _connect(cls: type, ctx: FunctionCtx, args: tuple, outputs: tuple) -> tuple:
    """Make the graph node for one ``apply`` and attach the differentiable outputs to it."""
    dirty = {id(t) for t in ctx._dirty}
    non_differentiable = {id(t) for t in ctx._non_differentiable}
    input_ids = {id(a) for a in args if isinstance(a, TensorBase)}
    fixed = []
    for o in outputs:
        if isinstance(o, TensorBase) and id(o) in dirty:
            if o._requires_grad and o.grad_fn is None:
                raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
        elif isinstance(o, TensorBase) and id(o) in input_ids:
            o = _alias(o)       # returning an input unchanged still gives the caller a new graph node
        fixed.append(o)
    edges = _engine.edges_of(tuple(args))
    node = _engine.name_node(_engine.new_node("_function", edges, tuple(args), None, tuple(fixed)),
                             cls.__name__ + "Backward")
    node.output_meta = (None,) * len(fixed)
    output_index = {id(o): i for i, o in enumerate(fixed) if isinstance(o, TensorBase)}
    saved = []
    for t in ctx.to_save:
        if t is None:
            saved.append(None)
        elif id(t) in output_index:
            saved.append(_engine.pack_saved(t, True, output_index[id(t)]))
        else:
            saved.append(_engine.pack_saved(t))
    node._set_saved(tuple(saved))
    ctx.to_save = ()
    ctx._node_ref = weakref.ref(node)
    shapes = [(tuple(o.shape), o._dtype, o._device) if isinstance(o, TensorBase) else None for o in fixed]
    node.formula = _backward_formula(cls, ctx, shapes, len(args))
    _engine.attach(node, tuple(o if isinstance(o, TensorBase) and id(o) not in non_differentiable else None
                               for o in fixed))
    for o in fixed:
        if isinstance(o, TensorBase) and id(o) in non_differentiable:
            o._requires_grad = False
    return tuple(fixed)


def _forward_tangents(cls: type, ctx: FunctionCtx, args: tuple, tangents: tuple) -> tuple:
    """``cls.jvp(ctx, *input_tangents)``: zeros for tensor inputs without a tangent, None for others;
    ``ctx.saved_tensors`` holds what forward gave ``save_for_forward``."""
    if not _is_overridden(cls, "jvp"):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it "
                                  "with forward mode AD.")
    filled = tuple(t if t is not None or not isinstance(a, TensorBase) else zeros(a._data.shape, a._dtype, a._device)
                   for a, t in zip(args, tangents))
    ctx._unpacked = tuple(getattr(ctx, "saved_for_forward", ()))
    try:
        with forward_ad._suspended():
            result = cls.jvp(ctx, *filled)
    finally:
        ctx._unpacked = None
    return result if isinstance(result, tuple) else (result,)


def _backward_formula(cls: type, ctx: FunctionCtx, shapes: list, n_args: int) -> Callable:
    def formula(grads, saved, outputs, params, metas):
        ctx._unpacked = saved if saved is not None else ()
        try:
            grad_outputs = []
            for g, shape in zip(grads, shapes):
                if g is None and shape is not None and ctx.materialize_grads:
                    g = zeros(*shape)
                grad_outputs.append(g)
            result = cls.backward(ctx, *grad_outputs)
        finally:
            ctx._unpacked = None
        result = result if isinstance(result, tuple) else (result,)
        if len(result) < n_args or any(r is not None for r in result[n_args:]):
            raise RuntimeError(f"function {cls.__name__}Backward returned an incorrect number of gradients "
                               f"(expected {n_args}, got {len(result)})")
        for i, (g, meta) in enumerate(zip(result, metas)):
            if g is not None and meta is not None:
                if not isinstance(g, TensorBase):
                    raise TypeError(f"function {cls.__name__}Backward returned a gradient different than None at "
                                    f"position {i + 1}, but the corresponding forward input was not a Variable")
                try:
                    _broadcast_back = __import__("numpy").broadcast_shapes(tuple(g.shape), meta[0])
                except ValueError:
                    _broadcast_back = None
                if _broadcast_back != tuple(g.shape):
                    raise RuntimeError(f"Function {cls.__name__}Backward returned an invalid gradient at index {i} "
                                       f"- got {list(g.shape)} but expected shape compatible with {list(meta[0])}")
        return tuple(result[:n_args])
    return formula


def once_differentiable(backward: Callable) -> Callable:
    """Decorate a ``backward`` that is not itself differentiable: it runs without recording, and asking
    for a higher-order gradient through it raises."""
    @functools.wraps(backward)
    def wrapper(ctx: Any, *grads: Any) -> Any:
        with no_grad():
            result = backward(ctx, *grads)
        if not STATE.enabled or not any(isinstance(g, TensorBase) and g.requires_grad for g in grads):
            return result
        results = result if isinstance(result, tuple) else (result,)
        return_tuple = isinstance(result, tuple)
        marked = tuple(_OnceDifferentiable.apply(r, *grads) if isinstance(r, TensorBase) else r for r in results)
        return marked if return_tuple else marked[0]
    return wrapper


class _OnceDifferentiable(Function):
    @staticmethod
    def forward(ctx, result, *grads):
        return result.detach()

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("trying to differentiate twice a function that was marked with @once_differentiable")


class InplaceFunction(Function):
    def __init__(self, inplace: bool = False) -> None:
        self.inplace = inplace


__all__ = ["Function", "FunctionCtx", "BackwardCFunction", "once_differentiable", "InplaceFunction"]

"""Forward-mode AD, as ``torch.autograd.forward_ad``: dual tensors carry a tangent through every op.

Inside a ``dual_level``, ``make_dual(x, v)`` returns an alias of ``x`` carrying the tangent ``v``;
every op applied to it computes its output's tangent ``J v``, read back with ``unpack_dual``.

How: while a level is open tensor-core reports every op to the autograd hook (not only the tracked
ones), and the engine passes each to :func:`_on_record`. An op's tangent comes from its reverse-mode
formula by the double-vjp trick: the formula maps a cotangent ``u`` to ``J^T u`` linearly, so running
it on a ``u`` that requires grad and back-propagating the input tangents ``v`` through that small graph
gives ``d<J^T u, v>/du = J v``. Every op with a backward formula thus has forward mode, and its
tangent is itself differentiable (forward-over-reverse, reverse-over-forward). Only one level can be
open at a time, as in PyTorch; leaving it drops every tangent.
"""
from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from typing import Any, NamedTuple

from flambeau_tensor_core import _core
from flambeau_tensor_core._core import TensorBase

from . import _engine
from ._backward import grad
from ._grad_mode import STATE, _DecoratorContextManager, enable_grad
from ._primitives import cast_grad, put_flat, sum_to, zeros

_current_level = -1
_duals: list = []          # weakrefs to the tensors holding a tangent at the open level
_PRUNE_EVERY = 4096


class UnpackedDualTensor(NamedTuple):
    """What ``unpack_dual`` returns: the primal (a view of the dual's value) and its tangent (or None)."""

    primal: Any
    tangent: Any


# --------------------------------------------------------------------------------------------------
# levels
# --------------------------------------------------------------------------------------------------
def _activate() -> None:
    _core.set_report_all_ops(True)
    _engine.set_forward_ad(_on_record, _on_record_inplace)


def _deactivate() -> None:
    _core.set_report_all_ops(False)
    _engine.set_forward_ad(None, None)


@contextlib.contextmanager
def _suspended() -> Iterator[None]:
    """Ops run inside compute tangents or primal-only values: they must not propagate tangents."""
    if _current_level < 0:
        yield
        return
    _deactivate()
    try:
        yield
    finally:
        if _current_level >= 0:
            _activate()


def enter_dual_level() -> int:
    """Open a forward-AD level (only one at a time) and return it."""
    global _current_level
    if _current_level >= 0:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _current_level = 0
    _activate()
    return _current_level


def exit_dual_level(*, level: int | None = None) -> None:
    """Close the open level; every tangent made in it is dropped."""
    global _current_level
    if level is None:
        level = _current_level
    if level != _current_level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. "
                           "This is not supported.")
    if level < 0:
        raise RuntimeError("Dual level must be a positive number.")
    _deactivate()
    for ref in _duals:
        t = ref()
        if t is not None and t._autograd_meta is not None:
            t._autograd_meta.tangent = None
            t._autograd_meta.dual_alias = False
    _duals.clear()
    _current_level = level - 1


class dual_level(_DecoratorContextManager):
    """Context manager (and decorator) around one forward-AD level: ``with dual_level(): ...``."""

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, *exc: Any) -> None:
        exit_dual_level()


# --------------------------------------------------------------------------------------------------
# tangents on tensors
# --------------------------------------------------------------------------------------------------
def _tangent(t: Any) -> Any:
    meta = t._autograd_meta if isinstance(t, TensorBase) else None
    return None if meta is None else meta.tangent


def _set_tangent(t: TensorBase, tangent: Any) -> None:
    _engine.get_meta(t).tangent = tangent
    _duals.append(weakref.ref(t))
    if len(_duals) % _PRUNE_EVERY == 0:
        _duals[:] = [ref for ref in _duals if ref() is not None]


def input_tangents(inputs: tuple) -> tuple | None:
    """The tangent of each input (None where it has none), or None when no input has one."""
    if _current_level < 0:
        return None
    tangents = tuple(_tangent(x) for x in inputs)
    return tangents if any(t is not None for t in tangents) else None


def set_output_tangents(outputs: tuple, tangents: tuple) -> None:
    for out, tangent in zip(outputs, tangents):
        if tangent is not None and isinstance(out, TensorBase) and out._dtype.category >= 2:
            _set_tangent(out, tangent)


def _check_level(level: int | None) -> int:
    level = _current_level if level is None else level
    if level >= 0 and level != _current_level:
        raise RuntimeError("Invalid level given to _make_dual")
    return level


def _alias(tensor: TensorBase) -> TensorBase:
    """A view of ``tensor`` over all of it, recorded so that reverse mode sees through it."""
    with _suspended():
        return tensor.view_as(tensor)


def make_dual(tensor: TensorBase, tangent: TensorBase, *, level: int | None = None) -> TensorBase:
    """An alias of ``tensor`` carrying ``tangent`` (kept as is) at the open level."""
    level = _check_level(level)
    if level < 0:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if not (tensor.is_floating_point() or tensor.is_complex()):
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not (tangent.is_floating_point() or tangent.is_complex()):
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    if tuple(tangent.shape) != tuple(tensor.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(tensor.shape)} while the given "
                           f"forward gradient is of size {list(tangent.shape)}.")
    if tangent.device != tensor.device:
        raise RuntimeError(f"Expected tangent to be on the same device as the primal ({tensor.device}), but got "
                           f"{tangent.device}")
    if _tangent(tensor) is not None:
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward gradient at the same "
                           f"level {level} is not supported.")
    dual = _alias(tensor)
    _set_tangent(dual, tangent)
    _engine.get_meta(dual).dual_alias = True
    return dual


def unpack_dual(tensor: TensorBase, *, level: int | None = None) -> UnpackedDualTensor:
    """``(primal, tangent)``: a tangent-free view of ``tensor`` and its tangent as is (None if none)."""
    level = _current_level if level is None else level
    if level < 0 or level != _current_level:
        return UnpackedDualTensor(tensor, None)
    tangent = _tangent(tensor)
    return UnpackedDualTensor(_alias(tensor) if tangent is not None else tensor, tangent)


# --------------------------------------------------------------------------------------------------
# propagation through ops
# --------------------------------------------------------------------------------------------------
def _fit(g: TensorBase, meta: tuple) -> TensorBase:
    """A formula's gradient summed back to its input's shape and cast to its dtype (as the engine does)."""
    if tuple(g.shape) != tuple(meta[0]):
        g = sum_to(g, meta[0])
    return cast_grad(g, meta[1]) if g.dtype is not meta[1] else g


def _needs_graph(inputs: tuple, tangents: tuple) -> bool:
    """Whether the tangents must stay differentiable (reverse mode over forward mode)."""
    return STATE.enabled and any(isinstance(v, TensorBase) and v._requires_grad
                                 for v in inputs + tangents)


def _jvp(name: str, inputs: tuple, params: Any, outputs: tuple, tangents: tuple) -> tuple:
    """The tangent of each output of op ``name`` (None for outputs that cannot carry one)."""
    entry = _engine.FORMULA_TABLE.get(name)
    if entry is None:
        raise NotImplementedError(f"Trying to use forward AD with {name} that does not support it because it "
                                  "has no derivative formula.")
    formula, saves_inputs, saves_outputs = entry
    metas = tuple((x._data.shape, x._dtype, x._device) if t is not None else None
                  for x, t in zip(inputs, tangents))
    create_graph = _needs_graph(inputs, tangents)
    with enable_grad():
        cotangents = tuple(zeros(o._data.shape, o._dtype, o._device).requires_grad_(True)
                           if isinstance(o, TensorBase) and o._dtype.category >= 2 else None for o in outputs)
        results = formula(cotangents, inputs if saves_inputs else None, outputs if saves_outputs else None,
                          params, metas)
        results = results if isinstance(results, tuple) else (results,)
        linear, directions = [], []
        for g, meta, tangent in zip(results, metas, tangents):
            if g is not None and meta is not None and g._requires_grad:
                linear.append(_fit(g, meta))
                directions.append(tangent)
        live = tuple(u for u in cotangents if u is not None)
        found = grad(tuple(linear), live, tuple(directions), create_graph=create_graph,
                     allow_unused=True) if linear else (None,) * len(live)
    found = iter(found)
    out_tangents = []
    for u in cotangents:
        t = None if u is None else next(found)
        out_tangents.append(zeros(u._data.shape, u._dtype, u._device) if u is not None and t is None else t)
    return tuple(out_tangents)


def _on_record(name: str, inputs: tuple, params: Any, outputs: tuple) -> None:
    """Engine callback for every out-of-place op while a level is open."""
    if STATE.inference or name in _engine.NON_DIFFERENTIABLE_OPS:
        return
    tangents = input_tangents(inputs)
    if tangents is None:
        return
    with _suspended():
        out_tangents = _jvp(name, inputs, params, outputs, tangents)
    set_output_tangents(outputs, out_tangents)


def _on_record_inplace(name: str, target: TensorBase, inputs: tuple, params: Any, mutate, reverse) -> None:
    """Engine callback for every in-place op while a level is open: reverse mode records it, then the
    target gets the tangent of the op applied to its old value, and so does its base's region."""
    tangents = input_tangents(inputs)
    if tangents is None or STATE.inference or name in _engine.NON_DIFFERENTIABLE_OPS:
        reverse(name, target, inputs, params, mutate)
        return
    entry = _engine.FORMULA_TABLE.get(name)
    old_inputs = inputs
    if entry is not None and entry[1]:      # the formula reads the inputs: give it the old value
        old = _core.wrap(target._data.copy(), target._dtype, target._device)
        old_inputs = tuple(old if x is target else x for x in inputs)
    reverse(name, target, inputs, params, mutate)
    with _suspended():
        (tangent,) = _jvp(name, old_inputs, params, (target,), tangents)
        _set_tangent(target, tangent)
        base = target._base
        meta = target._autograd_meta
        if base is not None and not meta.dual_alias and base._dtype is target._dtype:
            from ._views import view_positions
            base_tangent = _tangent(base)
            if base_tangent is None:
                base_tangent = zeros(base._data.shape, base._dtype, base._device)
            _set_tangent(base, put_flat(base_tangent, view_positions(base._data, target._data), tangent))


__all__ = ["UnpackedDualTensor", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual",
           "dual_level"]

"""``autograd.functional``: Jacobians, Hessians and vector products of whole functions.

Built on ``grad``: vector-Jacobian products directly, Jacobian-vector products by the double-backward
trick (differentiate ``u -> vjp(u)``, which is linear in ``u``), Jacobians row by row (``vectorize`` is
accepted and gives the same result) or, with ``strategy="forward-mode"``, column by column through
``forward_ad``; Hessians as Jacobians of gradients.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flambeau_tensor_core as ft
from flambeau_tensor_core._core import TensorBase

from ._backward import grad
from ._grad_mode import enable_grad


def _as_tuple(value: Any, name: str, fn_name: str) -> tuple[bool, tuple]:
    if isinstance(value, TensorBase):
        return False, (value,)
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"The {name} given to {fn_name} must be either a Tensor or a tuple of Tensors but the "
                        f"value at index 0 has type {type(value).__name__}.")
    for i, v in enumerate(value):
        if not isinstance(v, TensorBase):
            raise TypeError(f"The {name} given to {fn_name} must be either a Tensor or a tuple of Tensors but "
                            f"the value at index {i} has type {type(v).__name__}.")
    return True, tuple(value)


def _prepare(inputs: tuple, create_graph: bool) -> tuple:
    """Inputs the function is differentiated at: graph-connected views when ``create_graph`` (so the
    result stays differentiable w.r.t. the caller's tensors), fresh leaves otherwise."""
    prepared = []
    for x in inputs:
        if create_graph and x.requires_grad:
            prepared.append(x.view_as(x) if hasattr(x, "view_as") else x * 1)
        else:
            prepared.append(x.detach().requires_grad_(True))
    return tuple(prepared)


def _finish(values: tuple, create_graph: bool) -> tuple:
    return tuple(v if v is None or create_graph else v.detach() for v in values)


def _grads(outputs: tuple, inputs: tuple, grad_outputs: tuple, create_graph: bool, strict: bool,
           what: str) -> tuple:
    differentiable = [i for i, o in enumerate(outputs) if o.requires_grad]
    if not differentiable:
        if strict:
            raise RuntimeError("The output of the user-provided function does not require gradients. The "
                               "outputs must be computed in a differentiable manner from the input when "
                               "running in strict mode.")
        return tuple(ft.zeros_like(x) for x in inputs)
    result = grad(tuple(outputs[i] for i in differentiable), inputs,
                  tuple(grad_outputs[i] for i in differentiable), retain_graph=True,
                  create_graph=create_graph, allow_unused=True)
    final = []
    for i, g in enumerate(result):
        if g is None:
            if strict:
                raise RuntimeError(f"The output of the user-provided function is independent of input {i}. This "
                                   f"is not allowed in strict mode.")
            g = ft.zeros_like(inputs[i])
        final.append(g)
    return tuple(final)


def _check_v(v: tuple, like: tuple, fn_name: str) -> None:
    if len(v) != len(like):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(like)} but got {len(v)}.")
    for i, (a, b) in enumerate(zip(v, like)):
        if tuple(a.shape) != tuple(b.shape):
            raise RuntimeError(f"Entry {i} in v has invalid size: should be {list(b.shape)} but got "
                               f"{list(a.shape)}.")


def _scalar_v(outputs: tuple, fn_name: str) -> tuple:
    if len(outputs) != 1 or outputs[0].numel() != 1:
        raise RuntimeError("The vector v can only be None if the user-provided function returns a single "
                           "Tensor with a single element.")
    return (ft.ones_like(outputs[0]),)


def vjp(func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), v^T J)``."""
    with enable_grad():
        tuple_in, ins = _as_tuple(inputs, "inputs", "vjp")
        ins = _prepare(ins, create_graph)
        tuple_out, outs = _as_tuple(func(*ins), "outputs of the user-provided function", "vjp")
        vs = _scalar_v(outs, "vjp") if v is None else _as_tuple(v, "v", "vjp")[1]
        _check_v(vs, outs, "vjp")
        result = _grads(outs, ins, vs, create_graph, strict, "vjp")
    outs, result = _finish(outs, create_graph), _finish(result, create_graph)
    return (outs if tuple_out else outs[0]), (result if tuple_in else result[0])


def jvp(func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), J v)`` by the double-backward trick."""
    with enable_grad():
        tuple_in, ins = _as_tuple(inputs, "inputs", "jvp")
        ins = _prepare(ins, create_graph)
        if v is None:
            if len(ins) != 1 or ins[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the input to the user-provided function "
                                   "is a single Tensor with a single element.")
            vs = (ft.ones_like(ins[0]),)
        else:
            vs = _as_tuple(v, "v", "jvp")[1]
        _check_v(vs, ins, "jvp")
        tuple_out, outs = _as_tuple(func(*ins), "outputs of the user-provided function", "jvp")
        dummies = tuple(ft.zeros_like(o).requires_grad_(True) for o in outs)
        vjps = _grads(outs, ins, dummies, True, strict, "jvp")
        connected = [i for i, g in enumerate(vjps) if g.requires_grad]
        if connected:
            result = grad(tuple(vjps[i] for i in connected), dummies, tuple(vs[i] for i in connected),
                          create_graph=create_graph, allow_unused=True)
            result = tuple(ft.zeros_like(o) if r is None else r for r, o in zip(result, outs))
        else:
            result = tuple(ft.zeros_like(o) for o in outs)
    outs, result = _finish(outs, create_graph), _finish(result, create_graph)
    return (outs if tuple_out else outs[0]), (result if tuple_out else result[0])


def jacobian(func: Callable, inputs: Any, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False, strategy: str = "reverse-mode"):
    """``J[i][j] = d out_i / d in_j`` with shape ``out_i.shape + in_j.shape`` (unwrapped like PyTorch)."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
                             'function has more outputs than inputs, "forward-mode" tends to be more performant. '
                             'Otherwise, prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError('jacobian: `create_graph=True` and `strategy="forward-mode"` are not '
                                      'supported together (yet). Please either set `create_graph=False` or '
                                      '`strategy="reverse-mode"`.')
        return _jacobian_forward_mode(func, inputs, strict, vectorize)
    if vectorize and strict:
        raise RuntimeError("jacobian: `strict=True` and `vectorized=True` are not supported together. Please "
                           "either set `strict=False` or `vectorize=False`.")
    with enable_grad():
        tuple_in, ins = _as_tuple(inputs, "inputs", "jacobian")
        ins = _prepare(ins, create_graph)
        tuple_out, outs = _as_tuple(func(*ins), "outputs of the user-provided function", "jacobian")
        rows = []
        for out in outs:
            flat = out.reshape(-1)
            per_input = [[] for _ in ins]
            for k in range(flat.numel()):
                if out.requires_grad:
                    gs = grad(flat[k], ins, retain_graph=True, create_graph=create_graph, allow_unused=True)
                else:
                    gs = (None,) * len(ins)
                for j, (g, x) in enumerate(zip(gs, ins)):
                    if g is None:
                        if strict:
                            raise RuntimeError(f"Output {len(rows)} of the user-provided function is independent "
                                               f"of input {j}. This is not allowed in strict mode.")
                        g = ft.zeros_like(x)
                    per_input[j].append(g)
            blocks = []
            for j, x in enumerate(ins):
                stacked = ft.stack(per_input[j]) if per_input[j] else ft.zeros(0, *x.shape, dtype=x.dtype)
                blocks.append(stacked.reshape(tuple(out.shape) + tuple(x.shape)))
            rows.append(_finish(tuple(blocks), create_graph))
    rows = [r if tuple_in else r[0] for r in rows]
    return tuple(rows) if tuple_out else rows[0]


def _jacobian_forward_mode(func: Callable, inputs: Any, strict: bool, vectorize: bool):
    """The Jacobian one input direction at a time with forward-mode AD (``strategy="forward-mode"``)."""
    from . import forward_ad
    if strict:
        raise RuntimeError('jacobian: `strict=True` and `strategy="forward-mode"` are not supported together '
                           '(yet). Please either set `strict=False` or `strategy="reverse-mode"`.')
    if not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian is only "
                                  "implemented for `vectorize=True`.")
    tuple_in, ins = _as_tuple(inputs, "inputs", "jacobian")
    ins = tuple(x.detach() for x in ins)
    columns: list = []              # columns[j][k]: the tangents of every output for input j, element k
    tuple_out, primals = False, ()
    for j, x in enumerate(ins):
        columns.append([])
        for k in range(x.numel()):
            direction = ft.zeros(x.numel(), dtype=x.dtype, device=x.device)
            direction[k] = 1
            with forward_ad.dual_level():
                duals = tuple(forward_ad.make_dual(xi, direction.reshape(xi.shape) if i == j else ft.zeros_like(xi))
                              for i, xi in enumerate(ins))
                tuple_out, outs = _as_tuple(func(*duals), "outputs of the user-provided function", "jacobian")
                unpacked = [forward_ad.unpack_dual(o) for o in outs]
            primals = tuple(u.primal for u in unpacked)
            columns[j].append(tuple(ft.zeros_like(u.primal) if u.tangent is None else u.tangent for u in unpacked))
    if not primals:
        tuple_out, primals = _as_tuple(func(*ins), "outputs of the user-provided function", "jacobian")
    rows = []
    for o, out in enumerate(primals):
        blocks = []
        for j, x in enumerate(ins):
            shape = tuple(out.shape) + tuple(x.shape)
            blocks.append(ft.stack([c[o].reshape(-1) for c in columns[j]], 1).reshape(shape) if columns[j]
                          else ft.zeros(shape, dtype=out.dtype))
        rows.append(tuple(blocks) if tuple_in else blocks[0])
    return tuple(rows) if tuple_out else rows[0]


def hessian(func: Callable, inputs: Any, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode"):
    """The Hessian of a scalar function: ``H[i][j] = d² f / d in_i d in_j``."""
    tuple_in, ins = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*xs):
        out = func(*xs)
        if not isinstance(out, TensorBase) or out.numel() != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor with a single element.")
        return grad(out, xs, create_graph=True, allow_unused=True, materialize_grads=True)

    result = jacobian(gradient, ins, create_graph=create_graph, strict=strict, vectorize=vectorize)
    if not tuple_in:
        return result[0][0]
    return result


def vhp(func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), v^T H)`` for a scalar function."""
    with enable_grad():
        tuple_in, ins = _as_tuple(inputs, "inputs", "vhp")
        ins = _prepare(ins, create_graph)
        vs = _scalar_v(ins, "vhp") if v is None else _as_tuple(v, "v", "vhp")[1]
        _check_v(vs, ins, "vhp")
        out = func(*ins)
        if not isinstance(out, TensorBase) or out.numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hvp should contain a single element")
        gs = _grads((out,), ins, (ft.ones_like(out),), True, strict, "vhp")
        connected = [i for i, g in enumerate(gs) if g.requires_grad]
        if connected:
            result = grad(tuple(gs[i] for i in connected), ins, tuple(vs[i] for i in connected),
                          create_graph=create_graph, allow_unused=True)
            result = tuple(ft.zeros_like(x) if r is None else r for r, x in zip(result, ins))
        else:
            result = tuple(ft.zeros_like(x) for x in ins)
    out, result = _finish((out,), create_graph)[0], _finish(result, create_graph)
    return out, (result if tuple_in else result[0])


def hvp(func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), H v)``; the Hessian of a twice-differentiable function is symmetric, so this is
    ``vhp``."""
    return vhp(func, inputs, v, create_graph, strict)


__all__ = ["vjp", "jvp", "jacobian", "hessian", "vhp", "hvp"]

"""Formulas of shape and view ops (``shape.py``): reshapes, permutations, squeezes, expand, narrow and
select, cat/stack, flip/roll/repeat, and strided views (diagonal, unfold, as_strided) through the flat
positions of the view inside its input."""
from __future__ import annotations

import math

import flambeau_tensor_core as ft

from .. import _primitives as P
from .._views import view_positions
from ._registry import derivative, name_nodes


def _shape(metas):
    return metas[0][0]


@derivative("view", "reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "view_as", "reshape_as",
            "ravel", "_reshape_alias")
def reshape(grads, inputs, outputs, params, metas):
    return grads[0].reshape(_shape(metas))


@derivative("permute")
def permute(grads, inputs, outputs, params, metas):
    dims = params["dims"]
    inverse = [0] * len(dims)
    for i, d in enumerate(dims):
        inverse[d] = i
    return grads[0].permute(inverse)


@derivative("transpose", "swapaxes", "swapdims")
def transpose(grads, inputs, outputs, params, metas):
    return grads[0].transpose(params["dim0"], params["dim1"])


@derivative("t")
def t(grads, inputs, outputs, params, metas):
    g = grads[0]
    return g if g.ndim < 2 else g.transpose(0, 1)


@derivative("narrow")
def narrow(grads, inputs, outputs, params, metas):
    index = (slice(None),) * params["dim"] + (slice(params["start"], params["start"] + params["length"]),)
    return P.index_backward(grads[0], _shape(metas), index)


@derivative("select")
def select(grads, inputs, outputs, params, metas):
    index = (slice(None),) * params["dim"] + (params["index"],)
    return P.index_backward(grads[0], _shape(metas), index)


@derivative("unbind")
def unbind(grads, inputs, outputs, params, metas):
    """The outputs' gradients stacked back along ``dim`` (zeros for outputs that got none)."""
    shape, dtype, device = metas[0][0], metas[0][1], metas[0][2]
    piece = tuple(s for i, s in enumerate(shape) if i != params["dim"])
    return ft.stack([g if g is not None else P.zeros(piece, dtype, device) for g in grads], params["dim"])


@derivative("split", "split_with_sizes")
def split(grads, inputs, outputs, params, metas):
    """The outputs' gradients joined along ``dim`` (zeros for outputs that got none)."""
    shape, dtype, device, dim = metas[0][0], metas[0][1], metas[0][2], params["dim"]
    if not grads:
        return P.zeros(shape, dtype, device)
    parts = [g if g is not None else P.zeros(shape[:dim] + (size,) + shape[dim + 1:], dtype, device)
             for g, size in zip(grads, params["sizes"])]
    return ft.cat(parts, dim)


def _along(dim: int, part) -> tuple:
    return (slice(None),) * dim + (part,)


@derivative("cat", "concat", "concatenate")
def cat(grads, inputs, outputs, params, metas):
    g, dim = grads[0], params["dim"]
    sizes = params.get("sizes")    # recorded by tensor-core: inputs needing no grad have no meta
    result, start = [], 0
    for i, (x, meta) in enumerate(zip(inputs or (None,) * len(metas), metas)):
        size = sizes[i] if sizes is not None else _cat_size(x, meta, dim)
        if meta is not None and size is not None:
            result.append(g[_along(dim, slice(start, start + size))])
        else:
            result.append(None)
        start += size or 0
    return tuple(result)


def _cat_size(x, meta, dim):
    shape = meta[0] if meta is not None else (tuple(x.shape) if x is not None else None)
    if shape is None:
        return None
    if len(shape) == 1 and shape[0] == 0:     # legacy: empty 1-d tensors are skipped by cat
        return 0
    return shape[dim]


@derivative("stack")
def stack(grads, inputs, outputs, params, metas):
    g, dim = grads[0], params["dim"]
    return tuple(g[_along(dim, i)] if meta is not None else None for i, meta in enumerate(metas))


@derivative("flip")
def flip(grads, inputs, outputs, params, metas):
    return grads[0].flip(params["dims"])


@derivative("roll")
def roll(grads, inputs, outputs, params, metas):
    shifts = tuple(-s for s in params["shifts"])
    dims = params["dims"]
    if dims is None or dims == ():
        return grads[0].reshape(-1).roll(shifts[0]).reshape(_shape(metas))
    return grads[0].roll(shifts, dims)


@derivative("repeat", "tile")
def repeat(grads, inputs, outputs, params, metas):
    shape, repeats = _shape(metas), tuple(params["repeats"])
    padded = (1,) * (len(repeats) - len(shape)) + tuple(shape)
    split = []
    for r, s in zip(repeats, padded):
        split += [r, s]
    summed = grads[0].reshape(split).sum(dim=tuple(range(0, len(split), 2)))
    return summed.reshape(shape)


def _positional(grads, inputs, outputs, params, metas):
    """Any strided view: scatter-add the gradient back to where each view element lives."""
    positions = view_positions(inputs[0]._data, outputs[0]._data).reshape(-1)
    shape = _shape(metas)
    flat = P.index_backward(grads[0].reshape(-1), (math.prod(shape),), (positions,))
    return flat.reshape(shape)


for _name in ("diagonal", "unfold", "as_strided"):
    derivative(_name, save="inputs,outputs")(_positional)


name_nodes({
    # tensor-core records "reshape" only when it copies; PyTorch then reshapes the copy with _unsafe_view
    "reshape": "UnsafeViewBackward0", "reshape_as": "UnsafeViewBackward0",
    "narrow": "SliceBackward0",
    "swapaxes": "TransposeBackward0", "swapdims": "TransposeBackward0",
    "squeeze": lambda node: f"SqueezeBackward{(node.params or {}).get('overload', 0)}",
})

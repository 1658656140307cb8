"""Formulas of gathers, scatters and masked ops (``selection.py``) and of value-selecting sorts
(``sort``/``topk``/``kthvalue``/``msort``): gradients flow back to the positions that were read and
are cut at the positions that were overwritten."""
from __future__ import annotations

import math

import flambeau_tensor_core as ft

from .. import _primitives as P
from ._registry import derivative, name_nodes, overload_name
from .math_extras import grouped_reduce_grads


def _xp(t):
    from flambeau_tensor_core._backend import array_module
    return array_module(t.device)


@derivative("gather", save="inputs")
def gather(grads, inputs, outputs, params, metas):
    return P.put_along(grads[0], metas[0][0], params["dim"], inputs[1]._data), None


@derivative("scatter", save="inputs")
def scatter(grads, inputs, outputs, params, metas):
    if params.get("reduce"):
        raise NotImplementedError("the derivative of scatter with reduce= is not implemented (nor in PyTorch)")
    g, index, dim = grads[0], inputs[1], params["dim"]
    grad_self = ft.scatter(g, dim, index, 0) if metas[0] is not None else None
    grad_src = ft.gather(g, dim, index) if metas[2] is not None else None
    return grad_self, None, grad_src


@derivative("scatter_add", save="inputs")
def scatter_add(grads, inputs, outputs, params, metas):
    g = grads[0]
    return g, None, (ft.gather(g, params["dim"], inputs[1]) if metas[2] is not None else None)


@derivative("scatter_reduce", save="inputs,outputs")
def scatter_reduce(grads, inputs, outputs, params, metas):
    """PyTorch's: sum and mean pass (scaled) gradients; amax/amin split them evenly among the values equal
    to the result; prod gives each value the product of the rest of its group (exact with zeros)."""
    reduce, include_self = params.get("reduce"), params.get("include_self", True)
    (self_, index, src), result = inputs, outputs[0]
    g, dim = grads[0], params["dim"]
    if reduce == "sum":
        grad_self = g if include_self else ft.scatter(g, dim, index, 0)
        return grad_self, None, (ft.gather(g, dim, index) if metas[2] is not None else None)
    grad_self, grad_src = grouped_reduce_grads(
        reduce, g, self_, src, result, include_self,
        add_into=lambda t, values: t.scatter_add(dim, index, values),
        pick=lambda t: t.gather(dim, index),
        prod_into=lambda t, values: t.scatter_reduce(dim, index, values, "prod"))
    return (grad_self if metas[0] is not None else None), None, (grad_src if metas[2] is not None else None)


@derivative("index_add", save="inputs")
def index_add(grads, inputs, outputs, params, metas):
    g, index, dim = grads[0], inputs[1], params["dim"]
    grad_source = None
    if metas[2] is not None:
        grad_source = ft.index_select(g, dim, index) * params.get("alpha", 1)
        grad_source = grad_source.reshape(metas[2][0])
    return g, None, grad_source


@derivative("index_copy", save="inputs")
def index_copy(grads, inputs, outputs, params, metas):
    g, index, dim = grads[0], inputs[1], params["dim"]
    grad_self = g.index_fill(dim, index, 0) if metas[0] is not None else None
    grad_source = ft.index_select(g, dim, index).reshape(metas[2][0]) if metas[2] is not None else None
    return grad_self, None, grad_source


@derivative("index_fill", save="inputs")
def index_fill(grads, inputs, outputs, params, metas):
    g, index, dim = grads[0], inputs[1], params["dim"]
    grad_self = g.index_fill(dim, index, 0) if metas[0] is not None else None
    grad_value = ft.index_select(g, dim, index).sum() if len(metas) > 2 and metas[2] is not None else None
    return grad_self, None, grad_value


@derivative("index_put")
def index_put(grads, inputs, outputs, params, metas):
    g, indices = grads[0], tuple(params["indices"])
    grad_self = None
    if metas[0] is not None:
        grad_self = g if params.get("accumulate") else P.zero_region(g, indices)
    grad_values = g[indices] if metas[1] is not None else None
    return grad_self, grad_values


@derivative("masked_fill", save="inputs")
def masked_fill(grads, inputs, outputs, params, metas):
    g, mask = grads[0], inputs[1]
    zeros = ft.zeros_like(g)
    grad_self = ft.where(mask, zeros, g) if metas[0] is not None else None
    grad_value = ft.where(mask, g, zeros).sum() if len(metas) > 2 and metas[2] is not None else None
    return grad_self, None, grad_value


@derivative("masked_select", save="inputs")
def masked_select(grads, inputs, outputs, params, metas):
    x, mask = inputs
    shape = tuple(__import__("numpy").broadcast_shapes(tuple(x.shape), tuple(mask.shape)))
    xp = _xp(x)
    positions = xp.nonzero(xp.broadcast_to(mask._data, shape))
    return P.index_backward(grads[0], shape, tuple(positions)), None


@derivative("masked_scatter", save="inputs")
def masked_scatter(grads, inputs, outputs, params, metas):
    g, mask = grads[0], inputs[1]
    grad_self = ft.where(mask, ft.zeros_like(g), g) if metas[0] is not None else None
    grad_source = None
    if metas[2] is not None:
        xp = _xp(g)
        taken = g[xp.broadcast_to(mask._data, tuple(g.shape))]
        count = math.prod(metas[2][0])
        grad_source = P.index_backward(taken, (count,), (xp.arange(taken.numel()),)).reshape(metas[2][0])
    return grad_self, None, grad_source


@derivative("take", save="inputs")
def take(grads, inputs, outputs, params, metas):
    x, index = inputs
    shape = metas[0][0]
    flat = P.index_backward(grads[0].reshape(-1), (math.prod(shape),), (index._data.reshape(-1),))
    return flat.reshape(shape), None


@derivative("put", save="inputs")
def put(grads, inputs, outputs, params, metas):
    g, index = grads[0], inputs[1]
    positions = index._data.reshape(-1)
    grad_self = None
    if metas[0] is not None:
        grad_self = g if params.get("accumulate") else \
            P.put_flat(g, positions, P.zeros(positions.shape, g.dtype, g.device))
    grad_source = P.take_flat(g, positions).reshape(metas[2][0]) if metas[2] is not None else None
    return grad_self, None, grad_source


def _sorted_selection(grads, inputs, outputs, params, metas):
    """``sort``/``topk``/``kthvalue``/``msort``: each value's gradient goes back to its source index."""
    shape = metas[0][0]
    if len(shape) == 0:
        return grads[0]
    dim = params.get("dim", -1) if params else -1
    dim = dim[0] if isinstance(dim, tuple) else dim
    dim = dim % len(shape)
    indices = outputs[1]._data
    g = grads[0]
    if indices.ndim < len(shape):
        indices = _xp(g).expand_dims(indices, dim)
        g = g.unsqueeze(dim)
    return P.put_along(g, shape, dim, indices)


for _name in ("sort", "topk", "msort"):
    derivative(_name, save="outputs")(_sorted_selection)


@derivative("kthvalue", save="inputs,outputs")
def kthvalue(grads, inputs, outputs, params, metas):
    from .reductions import _selected_index
    if isinstance(params.get("dim"), int):
        params = dict(params, dim=(params["dim"],))
    return _selected_index(grads, inputs, outputs, params, metas)


name_nodes({"scatter": overload_name("Scatter", 2, 0, 1), "masked_fill": overload_name("MaskedFill", 2, 1, 0),
            "index_fill": overload_name("IndexFill", 2, 1, 0)})

"""Formulas of the engine's own primitives, of copies, casts and indexing, and of the ops whose gradient
is zero."""
from __future__ import annotations

from .. import _primitives as P
from ._registry import derivative, name_nodes, overload_name


@derivative("sum_to_size")
def sum_to_size(grads, inputs, outputs, params, metas):
    return P.expand_to(grads[0], metas[0][0])


@derivative("expand", "broadcast_to")
def expand(grads, inputs, outputs, params, metas):
    g = P.sum_to(grads[0], metas[0][0])
    divisor = params.get("divisor", 1) if params else 1
    return g if divisor == 1 else g / divisor


@derivative("to")
def to(grads, inputs, outputs, params, metas):
    return grads[0].to(metas[0][2])


@derivative("clone", "contiguous", "alias", "detach_copy", "positive")
def clone(grads, inputs, outputs, params, metas):
    return grads[0]


@derivative("_take_flat", node_name="AsStridedBackward0")
def take_flat(grads, inputs, outputs, params, metas):
    shape, dtype, device = metas[0]
    return P.put_flat(P.zeros(shape, grads[0].dtype, device), params["positions"], grads[0])


@derivative("_put_flat")
def put_flat(grads, inputs, outputs, params, metas):
    g, positions = grads[0], params["positions"]
    grad_self = None
    if metas[0] is not None:
        grad_self = P.put_flat(g, positions, P.zeros(positions.shape, g.dtype, g.device))
    grad_values = P.take_flat(g, positions) if metas[1] is not None else None
    return grad_self, grad_values


def _indexing_node_name(node) -> str:
    index = node.params["index"]
    if not P._is_basic(index):
        return "IndexBackward0"
    parts = [p for p in index if p is not Ellipsis]
    if parts and all(p is None for p in parts):
        return "UnsqueezeBackward0"
    last = [p for p in parts if p is not None]
    if last and isinstance(last[-1], slice):
        return "SliceBackward0"
    return "SelectBackward0" if last else "AliasBackward0"


@derivative("getitem", node_name=_indexing_node_name)
def getitem(grads, inputs, outputs, params, metas):
    return P.index_backward(grads[0], metas[0][0], params["index"])


@derivative("_index_backward")
def index_backward(grads, inputs, outputs, params, metas):
    return grads[0][params["index"]]


@derivative("_zero_region")
def zero_region(grads, inputs, outputs, params, metas):
    return P.zero_region(grads[0], params["index"])


def _trivial(part, size) -> bool:
    """An index part that selects all of its dim (``...``, ``:``, ``0:size``) and makes no view."""
    if part is Ellipsis:
        return True
    return isinstance(part, slice) and part.step in (None, 1) and part.start in (None, 0) and (
        part.stop is None or (size is not None and part.stop >= size))


def _setitem_name(node) -> str:
    """PyTorch's ``x[index] = value``: a basic index that selects a part writes through a view of it
    (CopySlices); one that selects everything fills (FillBackward3, a scalar or 0-d value) or copies into
    ``x``; an advanced index is index_put_. tensor-core records an int mixed with arrays as an array, so
    that mix (PyTorch: CopySlices) is named IndexPutBackward0."""
    index = node.params["index"] if node.op == "setitem" else None
    if index is None or not P._is_basic(index):
        return "IndexPutBackward0"
    shape = node.input_meta[0][0] if node.input_meta[0] is not None else ()
    sizes = [None] * len(index)
    if Ellipsis not in index:
        sizes = [shape[d] if d < len(shape) else None for d in range(len(index))]
    if not all(_trivial(part, size) for part, size in zip(index, sizes)):
        return "CopySlices"
    value = node.input_meta[1] if len(node.input_meta) > 1 else None
    return "CopyBackwards" if value is not None and len(value[0]) > 0 else "FillBackward3"


@derivative("setitem", "index_put_", node_name=_setitem_name)
def setitem(grads, inputs, outputs, params, metas):
    g, index = grads[0], params["index"]
    grad_self = P.zero_region(g, index) if metas[0] is not None else None
    grad_value = g[index] if len(metas) > 1 and metas[1] is not None else None
    return grad_self, grad_value


@derivative("copy_", node_name="CopyBackwards")
def copy_(grads, inputs, outputs, params, metas):
    g = grads[0]
    grad_src = g.to(metas[1][2]) if metas[1] is not None else None
    grad_self = P.zeros(metas[0][0], g.dtype, g.device) if metas[0] is not None else None
    return grad_self, grad_src


@derivative("_take_along")
def take_along(grads, inputs, outputs, params, metas):
    return P.put_along(grads[0], metas[0][0], params["dim"], params["indices"])


@derivative("_put_along")
def put_along(grads, inputs, outputs, params, metas):
    return P.take_along(grads[0], params["dim"], params["indices"])


@derivative("uniform", "normal", "exponential", "geometric", "cauchy", "log_normal", "random", "bernoulli",
            "eq", "ne", "lt", "le", "gt", "ge")
def zero_gradient(grads, inputs, outputs, params, metas):
    """Zeros for every input, as PyTorch defines them: in-place random fills (recorded by tensor-core under
    the fill's name) and in-place comparisons writing 0/1 into a float tensor (the out-of-place forms give
    bool results, which never require grad). Zeros, not ``None``, as PyTorch's nodes return."""
    g = grads[0]
    return tuple(P.zeros(m[0], g.dtype, g.device) if m is not None else None for m in metas)


# tensor-core records only the in-place comparisons (``x.eq_(other)``), whose nodes PyTorch names by overload
name_nodes({op: overload_name(op.capitalize(), 1, 1, 0) for op in ("eq", "ne", "lt", "le", "gt", "ge")})

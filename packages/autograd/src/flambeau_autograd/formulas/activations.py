"""Formulas of tensor-core's activations and distances (``tensor_api_extras.py``): ``relu``,
``threshold``, ``hardshrink``, ``selu``/``celu`` (PyTorch's ``elu_backward``), ``rrelu``, ``prelu``,
``pdist``, ``norm_dim`` (ATen's ``norm`` with a dim), ``fill_diagonal_``, ``resize`` and the ``unsafe_split``
family.
In-place forms are recorded under their own names (``selu_`` …) so that their nodes carry PyTorch's names
(``EluBackward1`` …); the formulas read the input as it was before the write (the engine snapshots it)
or, for ``relu``, the result."""
from __future__ import annotations

import math

import flambeau_tensor_core as ft
from flambeau_tensor_core.tensor_api_extras import prelu_weight_shape

from .. import _primitives as P
from ._registry import derivative, name_nodes
from .reductions import norm

# ATen's norm(x, p, dim, keepdim) (pairwise_distance, frobenius_norm): linalg.vector_norm's formula
derivative("norm_dim", save="inputs,outputs", node_name="NormBackward1")(norm)


@derivative("relu", "relu_", save="outputs")
def relu(grads, inputs, outputs, params, metas):
    return grads[0] * (outputs[0] > 0)


@derivative("threshold", "threshold_", save="inputs")
def threshold(grads, inputs, outputs, params, metas):
    return grads[0] * (inputs[0] > params["threshold"])


@derivative("hardshrink", save="inputs")
def hardshrink(grads, inputs, outputs, params, metas):
    x, bound = inputs[0], params["lambd"]
    return grads[0] * ((x < -bound) | (x > bound))


@derivative("selu", "selu_", "celu", "celu_", save="inputs")
def elu(grads, inputs, outputs, params, metas):
    """``scale`` for ``x > 0``, else ``alpha * scale * input_scale * exp(x * input_scale)`` (the exponent
    clamped at 0 so that the unused branch cannot overflow)."""
    x = inputs[0]
    alpha, scale, input_scale = params["alpha"], params["scale"], params["input_scale"]
    negative = (x * input_scale).clamp_max(0).exp() * (alpha * scale * input_scale)
    return grads[0] * ft.where(x > 0, ft.full_like(x, scale), negative)


@derivative("rrelu", "rrelu_", save="inputs")
def rrelu(grads, inputs, outputs, params, metas):
    if params["training"]:
        return grads[0] * params["noise"]
    x, slope = inputs[0], (params["lower"] + params["upper"]) / 2
    return grads[0] * ft.where(x > 0, ft.ones_like(x), ft.full_like(x, slope))


@derivative("prelu", save="inputs")
def prelu(grads, inputs, outputs, params, metas):
    g, (x, weight) = grads[0], inputs
    positive = x > 0
    grad_x = grad_weight = None
    if metas[0] is not None:
        slope = weight.reshape(prelu_weight_shape(x.ndim, weight.numel()))
        grad_x = g * ft.where(positive, ft.ones_like(x), slope.expand_as(x))
    if metas[1] is not None:
        contribution = g * ft.where(positive, ft.zeros_like(x), x)
        if weight.numel() == 1 or x.ndim < 2:
            grad_weight = contribution.sum().reshape(weight.shape)
        else:
            grad_weight = contribution.sum(dim=[d for d in range(x.ndim) if d != 1])
    return grad_x, grad_weight


@derivative("pdist", save="inputs,outputs")
def pdist(grads, inputs, outputs, params, metas):
    """The gradient of each pair's distance w.r.t. the difference of its two rows, added to the first row
    and subtracted from the second (PyTorch's ``_pdist_backward``: zero where a distance is zero)."""
    g, x, distance, p = grads[0], inputs[0], outputs[0], params["p"]
    n = x.shape[0]
    rows, cols = ft.triu_indices(n, n, 1, device=x.device)
    diff = x.index_select(0, rows) - x.index_select(0, cols)
    dist = distance.unsqueeze(1)
    if p == 0:
        per_pair = ft.zeros_like(diff)
    elif p == 1:
        per_pair = diff.sign()
    elif p == math.inf:
        per_pair = diff.sign() * (diff.abs() == dist)
    else:
        safe = ft.where(dist == 0, ft.ones_like(dist), dist)
        if p == 2:
            per_pair = diff / safe
        else:
            per_pair = diff.sign() * diff.abs().pow(p - 1) / safe.pow(p - 1)
        per_pair = ft.where(dist == 0, ft.zeros_like(diff), per_pair)
        if p < 1:
            per_pair = ft.where(diff == 0, ft.zeros_like(diff), per_pair)
    contribution = g.unsqueeze(1) * per_pair
    zeros = P.zeros(tuple(x.shape), contribution.dtype, x.device)
    return zeros.index_add(0, rows, contribution).index_add(0, cols, -contribution)


@derivative("fill_diagonal_")
def fill_diagonal(grads, inputs, outputs, params, metas):
    return grads[0].clone().fill_diagonal_(0, wrap=params["wrap"])


@derivative("unsafe_split", "unsafe_split_with_sizes")
def unsafe_split(grads, inputs, outputs, params, metas):
    shape, dtype, device = metas[0]
    dim, pieces = params["dim"], []
    for g, size in zip(grads, params["sizes"]):
        if g is None:
            piece_shape = tuple(size if d == dim else s for d, s in enumerate(shape))
            g = P.zeros(piece_shape, dtype, device)
        pieces.append(g)
    return ft.cat(pieces, dim)


@derivative("resize")
def resize(grads, inputs, outputs, params, metas):
    return grads[0].contiguous().reshape(metas[0][0])


name_nodes({
    "resize": "ResizeBackward",
    "selu": "EluBackward0", "selu_": "EluBackward1", "celu": "CeluBackward0", "celu_": "CeluBackward1",
    "rrelu": "RreluWithNoiseBackward0", "rrelu_": "RreluWithNoiseBackward1",
    "threshold": "ThresholdBackward0", "threshold_": "ThresholdBackward1",
    "prelu": "PreluKernelBackward0",
    "fill_diagonal_": "CopySlices",   # PyTorch fills a strided view of the tensor
})

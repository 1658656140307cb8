"""Formulas of reductions and scans (``reductions.py``): sum/mean/prod, var/std, amax/amin and the
value-selecting reductions (max/min/median/mode: the chosen index gets the gradient; full reductions
split it evenly among ties, as PyTorch), logsumexp, norm, cumulative ops, trace."""
from __future__ import annotations

import math

import numpy as np

import flambeau_tensor_core as ft

from .. import _primitives as P
from ._registry import derivative, name_nodes
from .arithmetic import conj, sign


def kept_shape(shape: tuple, dims) -> tuple:
    """``shape`` with the reduced ``dims`` (all when None) set to 1."""
    if dims is None:
        return (1,) * len(shape)
    return tuple(1 if i in dims else s for i, s in enumerate(shape))


def restore(g, shape: tuple, dims, keepdim: bool = False):
    """A reduction's gradient reshaped so it broadcasts against the input (reduced dims back as 1).
    A full reduction's gradient (0-d, or all ones with keepdim) broadcasts as it is: no reshape op."""
    if dims is None:
        return g
    target = kept_shape(shape, dims)
    return g if tuple(g.shape) == target else g.reshape(target)


def count(shape: tuple, dims) -> int:
    """How many elements each output of a reduction over ``dims`` summed (a 0-d input: one, whatever
    its dim 0 / -1)."""
    if dims is None or not shape:
        return math.prod(shape)
    return math.prod(shape[d] for d in dims)


def _dims(params):
    return params.get("dim") if params else None


@derivative("sum", node_name=lambda node: "SumBackward0" if _dims(node.params) is None else "SumBackward1")
def sum_(grads, inputs, outputs, params, metas):
    shape = metas[0][0]
    return P.expand_to(restore(grads[0], shape, _dims(params)), shape)


@derivative("nansum", save="inputs")
def nansum(grads, inputs, outputs, params, metas):
    x = inputs[0]
    g = restore(grads[0], metas[0][0], _dims(params))
    return ft.where(x.isnan(), ft.zeros_like(x), P.expand_to(g, metas[0][0]))


@derivative("nanmean", save="inputs")
def nanmean(grads, inputs, outputs, params, metas):
    """The mean over the non-NaN elements: each of them gets ``g / their count``, NaNs get zero -- by
    multiplying with the mask, as PyTorch's nansum/count does (so an all-NaN slice gives NaN)."""
    x, shape, dims = inputs[0], metas[0][0], _dims(params)
    present = ~x.isnan()
    counted = present.sum() if dims is None or not shape else present.sum(dim=dims, keepdim=True)
    g = P.expand_to(restore(grads[0], shape, dims), shape)
    return g / counted * present


@derivative("mean", node_name=lambda node: "MeanBackward0" if _dims(node.params) is None else "MeanBackward1")
def mean(grads, inputs, outputs, params, metas):
    shape = metas[0][0]
    return P.expand_to(restore(grads[0], shape, _dims(params)), shape, count(shape, _dims(params)))


@derivative("prod", save="inputs,outputs")
def prod(grads, inputs, outputs, params, metas):
    x, shape, dims = inputs[0], metas[0][0], _dims(params)
    g, r = restore(grads[0], shape, dims), restore(outputs[0], shape, dims)
    if not bool((x == 0).any()):
        return g * conj(r / x)
    # With zeros, the product of the *other* elements: computed by excluding each element in turn.
    data = x.detach()
    others = P.expand_to(ft.ones_like(r), shape) * 0
    flat_dims = tuple(range(len(shape))) if dims is None else dims
    for position in np.ndindex(*[shape[d] for d in flat_dims]):
        index = [slice(None)] * len(shape)
        for d, p in zip(flat_dims, position):
            index[d] = p
        masked = data.clone()
        masked[tuple(index)] = 1
        product = masked.prod() if dims is None else _prod_dims(masked, dims)
        others[tuple(index)] = product.reshape(-1)[0] if dims is None else \
            product.reshape(kept_shape(shape, dims))[tuple(slice(None) if i not in dims else 0
                                                                for i in range(len(shape)))]
    return g * conj(others)


def _prod_dims(t, dims):
    for d in sorted(dims, reverse=True):
        t = t.prod(d, keepdim=True)
    return t


def _moment_gradient(x, g, shape, dims, correction):
    n = count(shape, dims)
    centered = x - x.mean(dim=dims, keepdim=True) if dims is not None else x - x.mean()
    dof = n - correction   # IEEE as PyTorch: no degrees of freedom give inf (NaN with the zero deviations)
    return g * centered * (2.0 / dof if dof else math.inf)


@derivative("var", save="inputs")
def var(grads, inputs, outputs, params, metas):
    shape, dims = metas[0][0], _dims(params)
    return _moment_gradient(inputs[0], restore(grads[0], shape, dims), shape, dims, params["correction"])


@derivative("std", save="inputs,outputs")
def std(grads, inputs, outputs, params, metas):
    shape, dims = metas[0][0], _dims(params)
    r = restore(outputs[0], shape, dims)
    g = (restore(grads[0], shape, dims) / (r * 2)).masked_fill(r == 0, 0)   # a constant's std: zero, as PyTorch
    return _moment_gradient(inputs[0], g, shape, dims, params["correction"])


def _evenly_distributed(grads, inputs, outputs, params, metas):
    """Full reductions that pick values (amax, max(), median() …): ties share the gradient."""
    x, shape, dims = inputs[0], metas[0][0], _dims(params)
    r = restore(outputs[0], shape, dims)
    chosen = (x == r) | ((x != x) & (r != r))
    mask = chosen.to(grads[0].dtype)
    total = mask.sum() if dims is None else mask.sum(dim=dims, keepdim=True)
    return restore(grads[0], shape, dims) * mask / total


for _name in ("amax", "amin"):
    derivative(_name, save="inputs,outputs")(_evenly_distributed)


def _sum_of_parts(parts) -> object:
    """The gradients of a node's outputs added (None where no output has one)."""
    total = None
    for part in parts:
        if part is not None:
            total = part if total is None else total + part
    return total


@derivative("aminmax", save="inputs,outputs")
def aminmax(grads, inputs, outputs, params, metas):
    """One node for ``(min, max)`` as PyTorch's AminmaxBackward0: each output's ties share its gradient."""
    return _sum_of_parts(_evenly_distributed((g,), inputs, (o,), params, metas) if g is not None else None
                         for g, o in zip(grads, outputs))


@derivative("std_mean", save="inputs,outputs")
def std_mean(grads, inputs, outputs, params, metas):
    """One node for ``(std, mean)`` as PyTorch's StdMeanBackward0."""
    return _sum_of_parts((std((grads[0],), inputs, outputs[:1], params, metas) if grads[0] is not None else None,
                          mean((grads[1],), inputs, outputs[1:], params, metas) if grads[1] is not None else None))


@derivative("var_mean", save="inputs")
def var_mean(grads, inputs, outputs, params, metas):
    """One node for ``(var, mean)`` as PyTorch's VarMeanBackward0."""
    return _sum_of_parts((var((grads[0],), inputs, None, params, metas) if grads[0] is not None else None,
                          mean((grads[1],), inputs, None, params, metas) if grads[1] is not None else None))


def _selected_index(grads, inputs, outputs, params, metas):
    """Reductions along one dim returning ``(values, indices)``: the chosen index gets the gradient;
    called without dim (one output) they distribute evenly among ties."""
    if len(outputs) == 1 or outputs[1].dtype.is_floating_point:
        return _evenly_distributed(grads, inputs, outputs, params, metas)
    shape, dims = metas[0][0], _dims(params)
    indices = outputs[1]._data
    d = dims[0]
    if len(shape) == 0:
        return grads[0]
    if not params.get("keepdim"):
        indices = indices.reshape(kept_shape(shape, dims))
    return P.put_along(restore(grads[0], shape, dims), shape, d, indices)


for _name in ("max", "min", "median", "nanmedian", "mode"):
    derivative(_name, save="inputs,outputs")(_selected_index)


@derivative("cummax", "cummin", save="outputs")
def cumulative_extreme(grads, inputs, outputs, params, metas):
    if len(metas[0][0]) == 0:
        return grads[0]
    return P.put_along(grads[0], metas[0][0], params["dim"], outputs[1]._data)


@derivative("logsumexp", save="inputs,outputs")
def logsumexp(grads, inputs, outputs, params, metas):
    x, shape, dims = inputs[0], metas[0][0], _dims(params)
    return restore(grads[0], shape, dims) * conj((x - restore(outputs[0], shape, dims)).exp())


@derivative("norm", "linalg_vector_norm", save="inputs,outputs")
def norm(grads, inputs, outputs, params, metas):
    x, shape, dims, p = inputs[0], metas[0][0], _dims(params), params.get("p", params.get("ord", 2.0))
    if p == 0:
        return None     # a count: PyTorch's node gives no gradient (x.grad stays None), not zeros
    g, r = restore(grads[0], shape, dims), restore(outputs[0], shape, dims)
    magnitude = x.abs()
    direction = x.sgn() if x.dtype.is_complex else sign(x)
    if p == 1:
        return g * direction
    if math.isinf(p):
        chosen = (magnitude == r).to(magnitude.dtype)
        total = chosen.sum() if dims is None else chosen.sum(dim=dims, keepdim=True)
        return g * direction * chosen / total
    if p == 2:
        scale = x / r
    else:
        powers = magnitude ** (p - 1)
        if p < 1:    # |x| ** (p - 1) is inf at 0, where PyTorch's gradient is 0
            powers = ft.where(magnitude == 0, 0, powers)
        scale = direction * powers / r ** (p - 1)
    return ft.where(r == 0, ft.zeros_like(scale), scale) * g


def _reverse_cumsum(t, dim: int):
    return t.flip([dim]).cumsum(dim).flip([dim])


@derivative("cumsum")
def cumsum(grads, inputs, outputs, params, metas):
    if len(metas[0][0]) == 0:
        return grads[0]
    return _reverse_cumsum(grads[0], params["dim"])


@derivative("cumprod", save="inputs,outputs")
def cumprod(grads, inputs, outputs, params, metas):
    x, dim = inputs[0], params["dim"]
    if len(metas[0][0]) == 0:
        return grads[0]
    if not bool((x == 0).any()):
        return _reverse_cumsum(grads[0] * conj(outputs[0]), dim) / conj(x)
    return _cumprod_backward_with_zeros(grads[0], x, dim)


def _cumprod_backward_with_zeros(g, x, dim: int):
    """∂out_j/∂x_k = prod_{i<k} x_i · prod_{k<i<=j} x_i for j >= k, without dividing by x (PyTorch's
    result where x has zeros). The second factor is a cumprod along the rows of an n×n matrix holding
    x_i above the diagonal and 1 elsewhere; O(n²) memory along ``dim``, used only when x has a zero."""
    x, g = x.movedim(dim, -1), g.movedim(dim, -1)
    n = x.shape[-1]
    above = ft.ones(n, n, dtype=ft.bool, device=x.device).triu(1)
    on_or_above = above | ft.eye(n, dtype=ft.bool, device=x.device)
    later = ft.where(above, x.unsqueeze(-2), ft.ones_like(x).unsqueeze(-2)).cumprod(-1)   # [.., k, j]
    tail = (ft.where(on_or_above, conj(later), ft.zeros_like(later)) * g.unsqueeze(-2)).sum(-1)
    earlier = ft.cat([ft.ones_like(x[..., :1]), x[..., :-1]], -1).cumprod(-1)
    return (conj(earlier) * tail).movedim(-1, dim)


@derivative("logcumsumexp", save="inputs,outputs")
def logcumsumexp(grads, inputs, outputs, params, metas):
    x, r = inputs[0], outputs[0]
    if len(metas[0][0]) == 0:
        return grads[0]
    # d out_j / d x_k = exp(x_k - out_j) for j >= k; complex inputs take its conjugate (PyTorch's convention)
    return _reverse_cumsum(grads[0] * conj((-r).exp()), params["dim"]) * conj(x.exp())


@derivative("trace")
def trace(grads, inputs, outputs, params, metas):
    rows, cols = metas[0][0]
    xp = np
    eye = ft.from_numpy(xp.eye(rows, cols, dtype=grads[0].dtype.numpy_dtype)).to(grads[0].device)
    return grads[0] * eye


@derivative("diff", save="inputs")
def diff(grads, inputs, outputs, params, metas):
    """``diff`` of ``cat([prepend, input, append])``: each order's adjoint is ``g[i-1] - g[i]``."""
    g, dim = grads[0], params["dim"]
    for _ in range(params["n"]):
        pad_shape = list(g.shape)
        pad_shape[dim] = 1
        zero = P.zeros(tuple(pad_shape), g.dtype, g.device)
        g = ft.cat([zero, g], dim=dim) - ft.cat([g, zero], dim=dim)
    # inputs are recorded as (input, prepend, append); the concatenation runs prepend, input, append
    grads_out, start = [None, None, None], 0
    for position in (1, 0, 2):
        x = inputs[position]
        size = x.shape[dim] if isinstance(x, ft.Tensor) and x.ndim else (1 if x is not None else 0)
        if metas[position] is not None:
            grads_out[position] = g[(slice(None),) * dim + (slice(start, start + size),)]
        start += size
    return tuple(grads_out)


def _reduced_last(x, shape: tuple, dims):
    """``x`` with the reduced dim moved last: flattened when reducing all dims (or ``x`` is 0-d)."""
    return x.reshape(-1) if dims is None or not shape else x.movedim(dims[0], -1)


def _from_reduced_last(t, shape: tuple, dims):
    return t.reshape(shape) if dims is None or not shape else t.movedim(-1, dims[0])


def _quantile_ranks(ignore_nan: bool, q, values):
    """PyTorch's fractional ranks ``q * scale`` (``scale = n - 1``) in the sorted slices of ``values``
    (reduced dim last), shaped ``(*slices, len(q))`` and differentiable in a tensor ``q``, with
    ``scale`` and where the rank was ``overridden``: quantile ranks a slice holding NaN last (the sort
    puts NaN there); nanquantile's ``n`` counts the non-NaN values and an all-NaN slice ranks 0."""
    nan = values.isnan()
    if not ignore_nan:
        scale = values.shape[-1] - 1
        overridden = nan.any(-1, keepdim=True)
        return ft.where(overridden, scale, q * scale), scale, overridden
    scale = (~nan).sum(-1, keepdim=True) - 1
    ranks = q * scale
    overridden = ranks < 0
    return ft.where(overridden, 0, ranks), scale, overridden


def _quantile_q_gradient(g, values, below, above, scale, overridden, q_shape: tuple):
    """A tensor ``q``'s gradient (linear interpolation): the lerp weight's, ``g * (above - below)``,
    zero where the rank was overridden, times ``d rank / d q = scale``, summed over the slices."""
    last = values.ndim - 1
    spread = P.take_along(values, last, above) - P.take_along(values, last, below)
    grad = ft.where(overridden, 0, g * spread) * scale
    if grad.ndim > 1:
        grad = grad.sum(dim=tuple(range(grad.ndim - 1)))
    return grad.reshape(q_shape)


_RANK_ROUNDING = {"lower": "floor", "higher": "ceil", "nearest": "round"}


def _quantile_formula(ignore_nan: bool):
    """As PyTorch's composition: the values sorted along the dim (stable, NaN last) are gathered at the
    rank's floor and ceil and lerped by its fraction (midpoint: by 0.5), or gathered at the rank
    rounded as ``interpolation`` says. So the input's gradient goes to those elements through the
    sort's order, and a tensor ``q`` gets a gradient through the linear lerp's weight only. (Equal
    values: PyTorch's CPU sort keeps their order only in slices of up to 16 elements, so in longer
    ones it may pick another of the tied elements.)"""

    def formula(grads, inputs, outputs, params, metas):
        x, q = inputs
        shape, dims, interpolation = tuple(x.shape), _dims(params), params["interpolation"]
        values = _reduced_last(x, shape, dims)
        q_column = q.reshape(-1) if isinstance(q, ft.Tensor) else ft.tensor([q], dtype=x.dtype, device=x.device)
        ranks, scale, overridden = _quantile_ranks(ignore_nan, q_column, values.detach())
        order = values.detach().argsort(dim=-1, stable=True)
        g = grads[0].reshape((q_column.shape[0],) + tuple(values.shape[:-1])).movedim(0, -1)

        def positions(rounding: str):
            return order.gather(-1, getattr(ranks.detach(), rounding)().long())._data

        if interpolation in _RANK_ROUNDING:
            picked = [(g, _RANK_ROUNDING[interpolation])]
        else:
            weight = ranks - ranks.detach().floor() if interpolation == "linear" else 0.5
            picked = [(g * (1 - weight), "floor"), (g * weight, "ceil")]
        grad_x = grad_q = None
        if metas[0] is not None:
            parts = [P.put_along(part, tuple(values.shape), values.ndim - 1, positions(rounding))
                     for part, rounding in picked]
            grad_x = _from_reduced_last(parts[0] if len(parts) == 1 else parts[0] + parts[1], shape, dims)
        if metas[1] is not None and interpolation == "linear":
            grad_q = _quantile_q_gradient(g, values, positions("floor"), positions("ceil"), scale, overridden,
                                          metas[1][0])
        return grad_x, grad_q

    return formula


# PyTorch composes quantile of sort, gather, lerp and squeeze, so its node is the squeeze's.
derivative("quantile", save="inputs", node_name="SqueezeBackward4")(_quantile_formula(ignore_nan=False))
derivative("nanquantile", save="inputs", node_name="SqueezeBackward4")(_quantile_formula(ignore_nan=True))


def _by_dim(base: str, without_dim: int, with_dim: int):
    """PyTorch's overloads of a reduction over everything and over ``dim``: ``<base>Backward<n>``."""
    return lambda node: f"{base}Backward{without_dim if _dims(node.params) is None else with_dim}"


name_nodes({
    "prod": _by_dim("Prod", 0, 1), "max": _by_dim("Max", 1, 0), "min": _by_dim("Min", 1, 0),
    "median": _by_dim("Median", 0, 1), "nanmedian": _by_dim("Nanmedian", 0, 1),
    "norm": "LinalgVectorNormBackward0",      # PyTorch's norm of a tensor is linalg.vector_norm
    "nanmean": "DivBackward0",                 # PyTorch's nanmean is nansum / count
})

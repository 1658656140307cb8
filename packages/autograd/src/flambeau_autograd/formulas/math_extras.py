"""Formulas of tensor-core's extra math primitives (``math_extras``, ``array_extras``, ``linalg_extras``):
``frexp``, ``igamma``/``igammac``, ``special_erfcx``, ``index_reduce``, ``linalg_solve_triangular``,
``linalg_lu_factor_ex``; and of the triangle/diagonal constructors those ops' compositions use
(``tril``, ``triu``, ``diag``, ``diag_embed``). The ops written as compositions of Tensor ops
(``ldexp``, ``dist``, ``renorm``, ``cov``, ``lu_solve``, ``cholesky_solve`` …) need no entry here."""
from __future__ import annotations

import math

import flambeau_tensor_core as ft

from ._registry import derivative, name_nodes
from .linalg import mH


# ---- triangles and diagonals -----------------------------------------------------------------------
@derivative("tril")
def tril(grads, inputs, outputs, params, metas):
    return grads[0].tril(params["diagonal"])


@derivative("triu")
def triu(grads, inputs, outputs, params, metas):
    return grads[0].triu(params["diagonal"])


@derivative("diag")
def diag(grads, inputs, outputs, params, metas):
    g, offset, shape = grads[0], params["diagonal"], metas[0][0]
    if len(shape) == 1:
        return g.diagonal(offset)
    grad = ft.zeros(tuple(shape), dtype=g.dtype, device=g.device)
    grad.diagonal(offset).copy_(g)
    return grad


@derivative("diag_embed")
def diag_embed(grads, inputs, outputs, params, metas):
    return grads[0].diagonal(params["offset"], params["dim1"], params["dim2"])


# ---- pointwise -----------------------------------------------------------------------------------------
@derivative("frexp", save="outputs")
def frexp(grads, inputs, outputs, params, metas):
    g = grads[0]
    return g * (-outputs[1].to(g.dtype)).exp2()     # mantissa = x · 2^-exponent


def _incomplete_gamma(name: str, sign: float):
    """d/dx P(a, x) = x^(a-1) e^-x / Γ(a) (Q = 1 - P); PyTorch has no derivative in ``a`` either."""
    @derivative(name, save="inputs")
    def formula(grads, inputs, outputs, params, metas):
        a, x = inputs
        if metas[0] is not None:
            raise NotImplementedError(f"the derivative for '{name}: input' is not implemented.")
        density = ((a - 1) * x.log() - x - a.lgamma()).exp()
        return None, grads[0] * density * sign
    return formula


_incomplete_gamma("igamma", 1.0)
_incomplete_gamma("igammac", -1.0)


@derivative("special_erfcx", save="inputs,outputs")
def erfcx(grads, inputs, outputs, params, metas):
    return grads[0] * (2 * inputs[0] * outputs[0] - 2 / math.sqrt(math.pi))


# ---- index_reduce -----------------------------------------------------------------------------------
def _prod_partials(values, group_nonzero_product, group_zeros):
    """∂(group product)/∂value: the product of the other members of the value's group."""
    safe = ft.where(values == 0, ft.ones_like(values), values)
    nonzero = ft.where(group_zeros == 0, group_nonzero_product / safe, ft.zeros_like(values))
    zero = ft.where(group_zeros == 1, group_nonzero_product, ft.zeros_like(values))
    return ft.where(values == 0, zero, nonzero)


def grouped_reduce_grads(reduce, g, self_, source, result, include_self, add_into, pick, prod_into):
    """Gradients ``(for self_, for source)`` of a mean/amax/amin/prod reduction of ``source`` slices into
    groups of ``self_`` (scatter_reduce, index_reduce), as PyTorch gives them: mean scales, amax/amin split
    evenly among the values equal to the result, prod gives each value the product of the rest of its
    group (exact with zeros). The ops differ only in how a source value finds its group:
    ``add_into(t, values)`` adds values into ``t``'s groups, ``pick(t)`` reads each value's group from
    ``t``, ``prod_into(t, values)`` multiplies values into ``t``'s groups."""
    hits = add_into(ft.zeros_like(self_), ft.ones_like(source))
    own = ft.ones_like(self_) if include_self else (hits == 0).to(self_.dtype)   # does self take part?
    if reduce == "mean":
        scaled = g / (own + hits)
        return scaled * own, pick(scaled)
    if reduce in ("amax", "amin"):
        self_wins = (self_ == result).to(g.dtype) * own
        source_wins = (source == pick(result)).to(g.dtype)
        scaled = g / (self_wins + add_into(ft.zeros_like(self_), source_wins))
        return (ft.where(self_wins > 0, scaled, ft.zeros_like(g)),
                ft.where(source_wins > 0, pick(scaled), ft.zeros_like(source)))
    members = ft.where(own > 0, self_, ft.ones_like(self_))
    nonzero_product = prod_into(ft.where(members == 0, ft.ones_like(members), members),
                                ft.where(source == 0, ft.ones_like(source), source))
    zeros = (members == 0).to(g.dtype) + add_into(ft.zeros_like(self_), (source == 0).to(g.dtype))
    return (g * own * _prod_partials(members, nonzero_product, zeros),
            pick(g) * _prod_partials(source, pick(nonzero_product), pick(zeros)))


@derivative("index_reduce", save="inputs,outputs")
def index_reduce(grads, inputs, outputs, params, metas):
    self_, index, source = inputs
    dim = params["dim"]
    grad_self, grad_source = grouped_reduce_grads(
        params["reduce"], grads[0], self_, source, outputs[0], params["include_self"],
        add_into=lambda t, values: t.index_add(dim, index, values),
        pick=lambda t: t.index_select(dim, index),
        prod_into=lambda t, values: t.index_reduce(dim, index, values, "prod"))
    return (grad_self if metas[0] is not None else None), None, (grad_source if metas[2] is not None else None)


# ---- triangular solves and LU ----------------------------------------------------------------------------
def _triangle(t, upper: bool, strict: bool):
    return t.triu(1 if strict else 0) if upper else t.tril(-1 if strict else 0)


@derivative("linalg_solve_triangular", save="inputs,outputs")
def solve_triangular(grads, inputs, outputs, params, metas):
    A, X, g = inputs[0], outputs[0], grads[0]
    upper, left, unit = params["upper"], params["left"], params["unitriangular"]
    grad_B = ft.linalg.solve_triangular(mH(A), g, upper=not upper, left=left, unitriangular=unit)
    grad_A = None
    if metas[0] is not None:
        grad_A = _triangle(-(grad_B @ mH(X)) if left else -(mH(X) @ grad_B), upper, unit)
    return grad_A, (grad_B if metas[1] is not None else None)


def lu_backward(P, L, U, grad_L, grad_U):
    """The gradient of ``A = P L U`` from those of the (m×k) unit-lower ``L`` and (k×n) upper ``U``
    (the standard adjoint of the LU map, with the wide and tall cases solved block-wise)."""
    m, k = L.shape[-2:]
    n = U.shape[-1]
    solve = ft.linalg.solve_triangular
    if m == n:
        inner = (mH(L) @ grad_L).tril(-1) + (grad_U @ mH(U)).triu()
        grad = solve(mH(L), solve(mH(U), inner, upper=False, left=False), upper=True, unitriangular=True)
    elif m < n:
        inner = solve(mH(U[..., :, :k]), (mH(L) @ grad_L - grad_U @ mH(U)).tril(-1), upper=False, left=False)
        grad = ft.cat([inner + grad_U[..., :, :k], grad_U[..., :, k:]], -1)
        grad = solve(mH(L), grad, upper=True, unitriangular=True)
    else:
        inner = solve(mH(L[..., :k, :]), (grad_U @ mH(U) - mH(L) @ grad_L).triu(), upper=True, unitriangular=True)
        grad = ft.cat([inner + grad_L[..., :k, :], grad_L[..., k:, :]], -2)
        grad = solve(mH(U), grad, upper=False, left=False)
    return P @ grad


@derivative("linalg_lu_factor_ex", save="outputs")
def lu_factor_ex(grads, inputs, outputs, params, metas):
    LU, pivots, g = outputs[0], outputs[1], grads[0]
    k = min(LU.shape[-2:])
    P, L, U = ft.lu_unpack(LU, pivots)
    return lu_backward(P, L, U, g[..., :, :k].tril(-1), g[..., :k, :].triu())


# PyTorch's diag of a vector is diag_embed, of a matrix diagonal_copy
name_nodes({"diag": lambda node: "DiagEmbedBackward0" if len(node.input_meta[0][0]) == 1
            else "DiagonalBackward0_copy"})

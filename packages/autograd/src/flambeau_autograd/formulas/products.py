"""Formulas of the matrix-product family (``linalg_ops.py``): matmul/mm/bmm/mv/dot/vdot/outer, the
fused ``add*`` ops, einsum, tensordot and cross, plus ``index_select``."""
from __future__ import annotations

import math
import string

import numpy as np

import flambeau_tensor_core as ft

from .. import _primitives as P
from ._registry import derivative, name_nodes
from .arithmetic import conj


def _mT(t):
    return conj(t.mT)


def matmul_grads(g, a, b, need_a: bool, need_b: bool):
    """Gradients of ``a @ b`` under PyTorch's rank rules (1-d operands promoted, then squeezed back);
    batch broadcasting is undone by the engine."""
    if a.ndim == 2 and b.ndim == 2:      # the common case, without the rank juggling below
        return (g @ _mT(b) if need_a else None), (_mT(a) @ g if need_b else None)
    if a.ndim == 1 and b.ndim == 1:
        return (g * conj(b) if need_a else None), (g * conj(a) if need_b else None)
    a2 = a.unsqueeze(0) if a.ndim == 1 else a
    b2 = b.unsqueeze(-1) if b.ndim == 1 else b
    g2 = g.unsqueeze(-2) if a.ndim == 1 else g
    g2 = g2.unsqueeze(-1) if b.ndim == 1 else g2
    grad_a = grad_b = None
    if need_a:
        grad_a = g2 @ _mT(b2)
        grad_a = grad_a.squeeze(-2) if a.ndim == 1 else grad_a
    if need_b:
        grad_b = _mT(a2) @ g2
        grad_b = grad_b.squeeze(-1) if b.ndim == 1 else grad_b
    return grad_a, grad_b


def _matmul_name(node) -> str:
    """PyTorch's matmul dispatches on the operands' ranks: dot, mv, mm, mm of an unsqueezed vector squeezed
    back (1-D @ 2-D), or a folded mm/bmm whose result is reshaped (a rank of 3 or more). An operand that
    needs no gradient has no meta, so its rank is unknown: then mm, unless the other one is batched."""
    if node.op != "matmul":
        return node.op.capitalize() + "Backward0"
    ranks = tuple(len(m[0]) if m is not None else None for m in node.input_meta)
    if any(r is not None and r >= 3 for r in ranks):
        return "UnsafeViewBackward0"
    return {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (1, 2): "SqueezeBackward4"}.get(ranks, "MmBackward0")


@derivative("matmul", "mm", "bmm", "mv", "dot", save="inputs", node_name=_matmul_name)
def matmul(grads, inputs, outputs, params, metas):
    return matmul_grads(grads[0], inputs[0], inputs[1], metas[0] is not None, metas[1] is not None)


@derivative("vdot", save="inputs")
def vdot(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    return (conj(g) * b if metas[0] is not None else None, g * a if metas[1] is not None else None)


@derivative("outer", "ger", save="inputs")
def outer(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    return (g @ conj(b) if metas[0] is not None else None, _mT(g) @ conj(a) if metas[1] is not None else None)


def _fused(product_grads):
    def formula(grads, inputs, outputs, params, metas):
        g, beta, alpha = grads[0], params["beta"], params["alpha"]
        grad_input = (g * conj(beta) if beta != 1 else g) if metas[0] is not None else None
        scaled = g * conj(alpha) if alpha != 1 else g
        grad_1, grad_2 = product_grads(scaled, inputs[1], inputs[2], metas[1] is not None, metas[2] is not None)
        return grad_input, grad_1, grad_2
    return formula


derivative("addmm", "addmv", "baddbmm", save="inputs")(_fused(matmul_grads))
derivative("addr", save="inputs")(_fused(lambda g, a, b, na, nb: (
    g @ conj(b) if na else None, _mT(g) @ conj(a) if nb else None)))
derivative("addbmm", save="inputs")(_fused(
    lambda g, a, b, na, nb: matmul_grads(g.unsqueeze(0), a, b, na, nb)))


def _parse_equation(equation: str, ranks: list[int]) -> tuple[list[str], str]:
    """Operand and output subscripts, with ``...`` spelled out as unused letters (aligned from the right
    across operands, as broadcasting aligns them) and the implicit output made explicit."""
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    subs = lhs.split(",")
    spare = [c for c in string.ascii_letters if c not in equation]
    widths = [rank - (len(sub) - 3) for sub, rank in zip(subs, ranks) if "..." in sub]
    ellipsis = "".join(spare[:max(widths, default=0)])
    if not arrow:
        letters = "".join(sub.replace("...", "") for sub in subs)
        rhs = "..." * bool(widths) + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    subs = [sub.replace("...", ellipsis[len(ellipsis) - (rank - len(sub) + 3):] if "..." in sub else "")
            for sub, rank in zip(subs, ranks)]
    return subs, rhs.replace("...", ellipsis)


def _onto_diagonals(grad, sub: str, shape: tuple):
    """``grad``, indexed by the distinct letters of ``sub`` (in order of first appearance), placed on the
    diagonals where a repeated letter's axes agree (``ii->i``, ``ii``) and zero elsewhere: a product
    with a constant mask, so that it stays differentiable."""
    first: dict = {}
    view = []
    mask = np.ones((1,) * len(shape), dtype=bool)
    for k, c in enumerate(sub):
        if c in first:
            f = first[c]
            along_first = np.arange(shape[f]).reshape([-1 if d == f else 1 for d in range(len(shape))])
            along_k = np.arange(shape[k]).reshape([-1 if d == k else 1 for d in range(len(shape))])
            mask = mask & (along_first == along_k)
        view.append(1 if c in first else shape[k])
        first.setdefault(c, k)
    return grad.reshape(view) * ft.tensor(mask, dtype=grad.dtype, device=grad.device)


def einsum_grads(equation: str, g, operands: tuple, metas: tuple) -> tuple:
    """Each operand's gradient is itself an einsum of the output gradient with the other operands;
    letters summed only inside that operand come back by broadcasting, and a letter repeated in it
    (a diagonal) gets the gradient on that diagonal only."""
    subs, out = _parse_equation(equation, [o.ndim for o in operands])
    grads = []
    for i, (sub, meta) in enumerate(zip(subs, metas)):
        if meta is None:
            grads.append(None)
            continue
        shape = tuple(meta[0])
        sizes = {c: shape[k] for k, c in enumerate(sub)}
        distinct = "".join(dict.fromkeys(sub))
        others = [s for j, s in enumerate(subs) if j != i]
        available = set(out).union(*others) if others else set(out)
        kept = "".join(c for c in distinct if c in available)
        spec = ",".join([out] + others) + "->" + kept
        grad = ft.einsum(spec, g, *[conj(o) for j, o in enumerate(operands) if j != i])
        if kept != distinct:
            grad = grad.reshape([sizes[c] if c in available else 1 for c in distinct])
            grad = P.expand_to(grad, tuple(sizes[c] for c in distinct))
        grads.append(grad if distinct == sub else _onto_diagonals(grad, sub, shape))
    return tuple(grads)


@derivative("einsum", save="inputs")
def einsum(grads, inputs, outputs, params, metas):
    return einsum_grads(params["equation"], grads[0], inputs, metas)


@derivative("tensordot", save="inputs")
def tensordot(grads, inputs, outputs, params, metas):
    a, b = inputs
    letters = iter(string.ascii_letters)
    sub_a = [next(letters) for _ in range(a.ndim)]
    sub_b = [next(letters) for _ in range(b.ndim)]
    for da, db in zip(params["dims_self"], params["dims_other"]):
        sub_b[db] = sub_a[da]
    out = [c for k, c in enumerate(sub_a) if k not in params["dims_self"]] + \
          [c for k, c in enumerate(sub_b) if k not in params["dims_other"]]
    equation = "".join(sub_a) + "," + "".join(sub_b) + "->" + "".join(out)
    return einsum_grads(equation, grads[0], inputs, metas)


@derivative("cross", "linalg_cross", save="inputs")
def cross(grads, inputs, outputs, params, metas):
    g, a, b, dim = grads[0], inputs[0], inputs[1], params["dim"]
    return (ft.cross(conj(b), g, dim=dim) if metas[0] is not None else None,
            ft.cross(g, conj(a), dim=dim) if metas[1] is not None else None)


@derivative("index_select", save="inputs")
def index_select_formula(grads, inputs, outputs, params, metas):
    index = inputs[1]._data.reshape(-1)
    return P.index_backward(grads[0], metas[0][0], (slice(None),) * params["dim"] + (index,)), None


@derivative("kron", save="inputs")
def kron(grads, inputs, outputs, params, metas):
    """Split every output dim into (a's index, b's index) and sum out the other operand."""
    a, b = inputs
    ndim = max(a.ndim, b.ndim)
    a_shape = (1,) * (ndim - a.ndim) + tuple(a.shape)
    b_shape = (1,) * (ndim - b.ndim) + tuple(b.shape)
    split = [s for pair in zip(a_shape, b_shape) for s in pair]
    g = grads[0].reshape(split)
    a_view = [s for sa in a_shape for s in (sa, 1)]
    b_view = [s for sb in b_shape for s in (1, sb)]
    grad_a = (g * conj(b.reshape(b_view))).sum(dim=tuple(range(1, 2 * ndim, 2))).reshape(tuple(a.shape)) \
        if metas[0] is not None else None
    grad_b = (g * conj(a.reshape(a_view))).sum(dim=tuple(range(0, 2 * ndim, 2))).reshape(tuple(b.shape)) \
        if metas[1] is not None else None
    return grad_a, grad_b


@derivative("cdist", save="inputs,outputs")
def cdist(grads, inputs, outputs, params, metas):
    """PyTorch's: each distance d pulls its two rows along sign(diff)·|diff|^(p-1)/d^(p-1) (p = 1:
    sign(diff); p = inf: sign(diff) where |diff| is the distance; p = 0: nothing); 0 where d = 0."""
    x1, x2, d, g, p = inputs[0], inputs[1], outputs[0], grads[0], params["p"]
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)             # (..., P, R, M)
    dist = d.unsqueeze(-1)
    if p == 0:
        term = ft.zeros_like(diff)
    elif p == 1:
        term = diff.sign()
    elif p == math.inf:
        term = diff.sign() * (diff.abs() == dist)
    else:
        scaled = (diff.abs() ** (p - 1) / dist ** (p - 1)).masked_fill((dist == 0) | (diff == 0), 0)
        term = diff.sign() * scaled
    weighted = term * g.unsqueeze(-1)
    return (weighted.sum(-2) if metas[0] is not None else None,
            -weighted.sum(-3) if metas[1] is not None else None)


name_nodes({"cross": "LinalgCrossBackward0"})     # PyTorch's cross calls linalg.cross

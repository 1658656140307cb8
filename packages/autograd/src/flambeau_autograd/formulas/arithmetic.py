"""Formulas of the arithmetic operators (``add``, ``sub``, ``mul``, ``div``, ``pow``, ``remainder``,
``neg``, ``abs``). Python scalars among the inputs have ``metas[i] is None`` and get no gradient."""
from __future__ import annotations

import math

import flambeau_tensor_core as ft
from flambeau_tensor_core._core import TensorBase

from .. import _primitives as P
from ._registry import derivative, overload_name, without_derivative


def conj(t):
    """``t.conj()`` for complex tensors, ``t`` otherwise (real formulas stay cheap)."""
    if isinstance(t, TensorBase):
        return t.conj() if t._dtype.is_complex else t
    if isinstance(t, complex):
        return t.conjugate()
    return t


def sign(t):
    """The sign of a real tensor as a constant of its dtype (its derivative is zero)."""
    return (t > 0).to(t.dtype) - (t < 0).to(t.dtype)


def _times_alpha(grad, params):
    """``grad`` scaled by the op's ``alpha`` (conjugated, as PyTorch's formula), when it has one."""
    alpha = params.get("alpha", 1) if params else 1
    return grad if alpha == 1 else grad * (alpha.conjugate() if isinstance(alpha, complex) else alpha)


@derivative("add")
def add(grads, inputs, outputs, params, metas):
    return grads[0], (_times_alpha(grads[0], params) if metas[1] is not None else None)


def _sub_name(node) -> str:
    """SubBackward0, or PyTorch's RsubBackward<n> where tensor-core records ``number - tensor`` (n = 1) or
    ``rsub(tensor, tensor)`` (n = 0) with ``params={"rsub": n}``; ``sub(number, tensor)`` stays SubBackward0."""
    rsub = node.params.get("rsub") if node.params else None
    return "SubBackward0" if rsub is None else f"RsubBackward{rsub}"


@derivative("sub", node_name=_sub_name)
def sub(grads, inputs, outputs, params, metas):
    return grads[0], (-_times_alpha(grads[0], params) if metas[1] is not None else None)


@derivative("mul", save="inputs")
def mul(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    return (g * conj(b) if metas[0] is not None else None,
            g * conj(a) if metas[1] is not None else None)


def _div_name(node) -> str:
    return "DivBackward2" if node.params and node.params.get("rounding_mode") else "DivBackward0"


@derivative("div", save="inputs", node_name=_div_name)
def div(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    if params and params.get("rounding_mode"):
        return tuple(P.zeros(m[0], g.dtype, g.device) if m is not None else None for m in metas)
    grad_a = g / conj(b) if metas[0] is not None else None
    grad_b = -g * conj(a / (b * b)) if metas[1] is not None else None
    return grad_a, grad_b


@derivative("remainder", save="inputs", node_name=overload_name("Remainder", 1, 1, 0))
def remainder(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    grad_b = -g * ft.floor_divide(a, b) if metas[1] is not None else None
    return g, grad_b


without_derivative("floor_divide", "heaviside")


def _pow_name(node) -> str:
    metas = node.input_meta
    if metas[0] is None:
        return "PowBackward2"
    return "PowBackward0" if metas[1] is None else "PowBackward1"


def _log(x):
    if isinstance(x, ft.Tensor):
        return x.log()
    if x == 0:
        return -math.inf
    return math.log(x) if not isinstance(x, complex) else __import__("cmath").log(x)


def _nonnegative_real(b):
    """``b >= 0``, for a complex ``b`` on the real axis only (PyTorch's pow_backward_exponent)."""
    if b.dtype.is_complex:
        return (b.imag == 0) & (b.real >= 0)
    return b >= 0


@derivative("pow", save="inputs,outputs", node_name=_pow_name)
def pow(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    grad_a = grad_b = None
    if metas[0] is not None:
        if isinstance(b, (int, float)) and b == 2:
            grad_a = g * conj(a * 2)        # the common square: one op fewer than the general form
        elif isinstance(b, ft.Tensor):   # PyTorch's 0 where the exponent is 0 (0 ** -1 would give nan)
            grad_a = ft.where(b == 0, 0, g * conj(b * a ** (b - 1)))
        elif b != 0:
            grad_a = g * conj(b * a ** (b - 1))
        else:
            grad_a = g * 0
    if metas[1] is not None:
        result = outputs[0]
        if isinstance(a, ft.Tensor):
            # 0 ** b has derivative 0 in b where b >= 0 (a real b; PyTorch masks the -inf * 0 there)
            at_zero = (a == 0) & _nonnegative_real(b)
            safe = ft.where(at_zero, ft.ones_like(a), a)
            grad_b = ft.where(at_zero, 0, g * conj(result * _log(safe)))
        elif a != 0:
            grad_b = g * conj(result * _log(a))
        else:   # a zero base: 0 where the exponent is >= 0, result * log(0) = ±inf elsewhere, as PyTorch
            grad_b = ft.where(_nonnegative_real(inputs[1]), 0, g * conj(result * _log(a)))
    return grad_a, grad_b


@derivative("neg")
def neg(grads, inputs, outputs, params, metas):
    return -grads[0]


@derivative("abs", save="inputs")
def abs(grads, inputs, outputs, params, metas):
    x = inputs[0]
    if x.dtype.is_complex:
        return grads[0] * x.sgn()
    return grads[0] * sign(x)

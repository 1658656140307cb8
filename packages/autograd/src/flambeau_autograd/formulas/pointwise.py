"""Formulas of tensor-core's pointwise ops (``pointwise.py``): unary math, rounding, binary math,
``clamp``, ``where``, ``lerp``, ``addcmul``/``addcdiv``. Each is PyTorch's ``derivatives.yaml`` entry
written with Tensor ops; complex inputs get conjugated derivatives as in PyTorch."""
from __future__ import annotations

import math

import flambeau_tensor_core as ft

from .. import _primitives as P
from ._registry import binary_overloads, derivative, name_nodes, overload_name, real_outputs_only, tensor_argument
from .arithmetic import _pow_name, conj


def _times_derivative(g, x, r, derivative_of, fused):
    """``g * conj(derivative_of(x, r))``; as the one op ``fused(g, r)`` (when given) for a real ``g`` of
    ``r``'s dtype."""
    if fused is not None and g._dtype is r._dtype and not g._dtype.is_complex:
        return fused(g, r)
    return g * conj(derivative_of(x, r))


def _unary(name: str, save: str, derivative_of, fused=None):
    """Register ``grad * conj(derivative_of(x, result))`` for a one-input op."""
    @derivative(name, save=save)
    def formula(grads, inputs, outputs, params, metas):
        x = inputs[0] if inputs is not None else None
        result = outputs[0] if outputs is not None else None
        return _times_derivative(grads[0], x, result, derivative_of, fused)
    formula.__name__ = name
    return formula


_unary("exp", "outputs", lambda x, r: r)
_unary("exp2", "outputs", lambda x, r: r * math.log(2.0))
_unary("expm1", "outputs", lambda x, r: r + 1)
_unary("log", "inputs", lambda x, r: x.reciprocal())
_unary("log2", "inputs", lambda x, r: (x * math.log(2.0)).reciprocal())
_unary("log10", "inputs", lambda x, r: (x * math.log(10.0)).reciprocal())
_unary("log1p", "inputs", lambda x, r: (x + 1).reciprocal())
_unary("sqrt", "outputs", lambda x, r: (r * 2).reciprocal())
_unary("rsqrt", "outputs", lambda x, r: r * r * r * -0.5)
_unary("sin", "inputs", lambda x, r: x.cos())
_unary("cos", "inputs", lambda x, r: -x.sin())
_unary("tan", "outputs", lambda x, r: r * r + 1)
_unary("asin", "inputs", lambda x, r: (1 - x * x).rsqrt())
_unary("acos", "inputs", lambda x, r: -(1 - x * x).rsqrt())
_unary("atan", "inputs", lambda x, r: (x * x + 1).reciprocal())
_unary("sinh", "inputs", lambda x, r: x.cosh())
_unary("cosh", "inputs", lambda x, r: x.sinh())
def _tanh_derivative(x, r):
    return 1 - r * r


def _sigmoid_derivative(x, r):
    return r * (1 - r)


_unary("tanh", "outputs", _tanh_derivative, fused=P.tanh_backward)
_unary("asinh", "inputs", lambda x, r: (x * x + 1).rsqrt())
_unary("acosh", "inputs", lambda x, r: (x + 1).rsqrt() * (x - 1).rsqrt())   # (the branch of PyTorch's formula)
_unary("atanh", "inputs", lambda x, r: (1 - x * x).reciprocal())
_unary("sigmoid", "outputs", _sigmoid_derivative, fused=P.sigmoid_backward)
_unary("erf", "inputs", lambda x, r: (-(x * x)).exp() * (2.0 / math.sqrt(math.pi)))
_unary("erfc", "inputs", lambda x, r: (-(x * x)).exp() * (-2.0 / math.sqrt(math.pi)))
_unary("erfinv", "outputs", lambda x, r: (r * r).exp() * (math.sqrt(math.pi) / 2.0))
_unary("lgamma", "inputs", lambda x, r: x.digamma())
_unary("reciprocal", "outputs", lambda x, r: -(r * r))
_unary("square", "inputs", lambda x, r: x * 2)


@derivative("tanh_backward", save="inputs")
def tanh_backward(grads, inputs, outputs, params, metas):
    gg, (g, r) = grads[0], inputs
    return (_times_derivative(gg, None, r, _tanh_derivative, P.tanh_backward) if metas[0] is not None else None,
            gg * g * r * -2 if metas[1] is not None else None)


@derivative("sigmoid_backward", save="inputs")
def sigmoid_backward(grads, inputs, outputs, params, metas):
    gg, (g, r) = grads[0], inputs
    return (_times_derivative(gg, None, r, _sigmoid_derivative, P.sigmoid_backward) if metas[0] is not None
            else None,
            gg * g * (1 - r * 2) if metas[1] is not None else None)


@derivative("digamma", save="inputs")
def digamma(grads, inputs, outputs, params, metas):
    return grads[0] * ft.special.polygamma(1, inputs[0])


@derivative("i0", save="inputs")
def i0(grads, inputs, outputs, params, metas):
    return grads[0] * ft.special.i1(inputs[0])


@derivative("sinc", save="inputs,outputs")
def sinc(grads, inputs, outputs, params, metas):
    x, r = inputs[0], outputs[0]
    pix = x * math.pi
    d = ((pix).cos() * math.pi - r * math.pi) / pix
    return grads[0] * conj(ft.where(x == 0, ft.zeros_like(d), d))


@derivative("sign", "floor", "ceil", "trunc", "round", "fix", "sgn_real")
def zero_derivative(grads, inputs, outputs, params, metas):
    return grads[0] * 0


@derivative("sgn", save="inputs,outputs")
def sgn(grads, inputs, outputs, params, metas):
    x = inputs[0]
    if not x.dtype.is_complex:
        return grads[0] * 0
    magnitude = x.abs()
    safe = ft.where(magnitude == 0, ft.ones_like(magnitude), magnitude)
    result = outputs[0]
    g = (grads[0] - (grads[0] * result.conj()).real * result) / safe
    return ft.where(magnitude == 0, ft.zeros_like(g), g)


@derivative("frac")
def frac(grads, inputs, outputs, params, metas):
    return grads[0]


def _mask(condition, like):
    return condition.to(like.dtype)


def _select_between(name: str, first_wins):
    """``maximum``/``minimum``/``fmax``/``fmin``: the gradient goes to the chosen input, split on ties."""
    @derivative(name, save="inputs,outputs")
    def formula(grads, inputs, outputs, params, metas):
        g, a, b, r = grads[0], inputs[0], inputs[1], outputs[0]
        tie = _mask(a == b, g)
        a_wins = _mask(first_wins(a, b, r), g)
        b_wins = 1 - a_wins - tie
        return (g * (a_wins + tie * 0.5) if metas[0] is not None else None,
                g * (b_wins + tie * 0.5) if metas[1] is not None else None)
    return formula


_select_between("maximum", lambda a, b, r: a > b)
_select_between("minimum", lambda a, b, r: a < b)


def _nan_ignoring_selection(name: str, first_wins):
    """``fmax``/``fmin``: PyTorch gives the whole gradient to ``input`` where it wins or ties, or where
    ``other`` is NaN; to ``other`` elsewhere (no split on ties, unlike maximum/minimum)."""
    @derivative(name, save="inputs")
    def formula(grads, inputs, outputs, params, metas):
        g, a, b = grads[0], inputs[0], inputs[1]
        to_a = first_wins(a, b) | b.isnan()
        zeros = ft.zeros_like(g)
        return (ft.where(to_a, g, zeros) if metas[0] is not None else None,
                ft.where(to_a, zeros, g) if metas[1] is not None else None)
    return formula


_nan_ignoring_selection("fmax", lambda a, b: a >= b)
_nan_ignoring_selection("fmin", lambda a, b: a <= b)


@derivative("atan2", save="inputs")
def atan2(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    squares = a * a + b * b
    denominator = ft.where(squares == 0, 0, squares.reciprocal())   # PyTorch's gradient at (0, 0) is 0
    return (g * b * denominator if metas[0] is not None else None,
            g * -a * denominator if metas[1] is not None else None)


@derivative("hypot", save="inputs,outputs")
def hypot(grads, inputs, outputs, params, metas):
    g, a, b, r = grads[0], inputs[0], inputs[1], outputs[0]
    return (g * a / r if metas[0] is not None else None, g * b / r if metas[1] is not None else None)


@derivative("copysign", save="inputs,outputs")
def copysign(grads, inputs, outputs, params, metas):
    g, a, r = grads[0], inputs[0], outputs[0]
    ratio = r / a
    return ft.where(a == 0, ft.zeros_like(g), g * ratio), (g * 0 if metas[1] is not None else None)


@derivative("logaddexp", save="inputs,outputs")
def logaddexp(grads, inputs, outputs, params, metas):
    g, a, b, r = grads[0], inputs[0], inputs[1], outputs[0]   # complex inputs: the conjugate derivative
    return (g * conj((a - r).exp()) if metas[0] is not None else None,
            g * conj((b - r).exp()) if metas[1] is not None else None)


@derivative("logaddexp2", save="inputs,outputs")
def logaddexp2(grads, inputs, outputs, params, metas):
    g, a, b, r = grads[0], inputs[0], inputs[1], outputs[0]
    return (g * ((a - r) * math.log(2.0)).exp() if metas[0] is not None else None,
            g * ((b - r) * math.log(2.0)).exp() if metas[1] is not None else None)


@derivative("xlogy", save="inputs")
def xlogy(grads, inputs, outputs, params, metas):
    g, x, y = grads[0], inputs[0], inputs[1]
    grad_x = grad_y = None
    if metas[0] is not None:
        if isinstance(y, ft.Tensor):
            grad_x = g * y.log()
        else:   # a number: log(0) = -inf and log(-1) = NaN, as PyTorch's tensor log gives them
            grad_x = g * (math.log(y) if y > 0 else -math.inf if y == 0 else math.nan)
        nonpositive = (y <= 0) if isinstance(y, ft.Tensor) else y <= 0
        if isinstance(x, ft.Tensor) and (isinstance(y, ft.Tensor) or nonpositive):
            grad_x = ft.where((x == 0) & nonpositive, ft.zeros_like(grad_x), grad_x)
    if metas[1] is not None:
        grad_y = g * x / y
    return grad_x, grad_y


@derivative("fmod", save="inputs")
def fmod(grads, inputs, outputs, params, metas):
    g, a, b = grads[0], inputs[0], inputs[1]
    grad_b = -g * ft.trunc(a / b) if metas[1] is not None else None
    return g, grad_b


@derivative("nextafter")
def nextafter(grads, inputs, outputs, params, metas):
    """PyTorch's: the result moves with ``input`` (gradient 1) and not with ``other`` (gradient 0)."""
    g = grads[0]
    return g, (ft.zeros_like(g) if metas[1] is not None else None)


@derivative("float_power", save="inputs,outputs")
def float_power(grads, inputs, outputs, params, metas):
    from .arithmetic import pow as pow_formula
    a, b = inputs
    promoted = tuple(x.to(outputs[0].dtype) if isinstance(x, ft.Tensor) else x for x in (a, b))
    return pow_formula(grads, promoted, outputs, params, metas)


@derivative("clamp", "clip", save="inputs")
def clamp(grads, inputs, outputs, params, metas):
    g, x, lo, hi = grads[0], inputs[0], inputs[1], inputs[2]
    inside = None
    for bound_mask in ((x >= lo) if lo is not None else None, (x <= hi) if hi is not None else None):
        if bound_mask is not None:
            inside = bound_mask if inside is None else inside & bound_mask
    grad_x = g * _mask(inside, g) if metas[0] is not None else None
    grad_lo = grad_hi = None
    if metas[1] is not None:
        below = x < lo
        if hi is not None:
            below = below & (lo < hi)     # (where lo >= hi the result is hi, which gets the gradient)
        grad_lo = g * _mask(below, g)
    if metas[2] is not None:
        above = x > hi if lo is None else (x > hi) | (lo > hi)
        grad_hi = g * _mask(above, g)
    return grad_x, grad_lo, grad_hi


@derivative("where", save="inputs")
def where(grads, inputs, outputs, params, metas):
    g, condition = grads[0], inputs[0]
    zeros = ft.zeros_like(g)
    return (None, ft.where(condition, g, zeros) if metas[1] is not None else None,
            ft.where(condition, zeros, g) if metas[2] is not None else None)


@derivative("lerp", save="inputs")
def lerp(grads, inputs, outputs, params, metas):
    g, start, end, weight = grads[0], inputs[0], inputs[1], inputs[2]
    return (g * conj(1 - weight) if metas[0] is not None else None,
            g * conj(weight) if metas[1] is not None else None,
            g * conj(end - start) if metas[2] is not None else None)


@derivative("addcmul", save="inputs")
def addcmul(grads, inputs, outputs, params, metas):
    g, t1, t2, value = grads[0], inputs[1], inputs[2], params["value"]
    return (g, g * conj(t2 * value) if metas[1] is not None else None,
            g * conj(t1 * value) if metas[2] is not None else None)


@derivative("addcdiv", save="inputs")
def addcdiv(grads, inputs, outputs, params, metas):
    g, t1, t2, value = grads[0], inputs[1], inputs[2], params["value"]
    return (g, g * conj(value / t2) if metas[1] is not None else None,
            -g * conj(t1 * value / (t2 * t2)) if metas[2] is not None else None)


real_outputs_only("nan_to_num")


@derivative("nan_to_num", save="inputs")
def nan_to_num(grads, inputs, outputs, params, metas):
    x = inputs[0]
    return grads[0] * _mask(x.isfinite(), grads[0])


@derivative("real")
def real(grads, inputs, outputs, params, metas):
    return grads[0]


@derivative("conj", "conj_physical", "resolve_conj")
def conj_formula(grads, inputs, outputs, params, metas):
    return conj(grads[0])


_CLAMP_NAMES = {"clamp": ("ClampBackward1", "ClampBackward0"), "clamp_min": ("ClampMinBackward0", "ClampMinBackward1"),
                "clamp_max": ("ClampMaxBackward0", "ClampMaxBackward1")}


def _clamp_name(node) -> str:
    """PyTorch's overload names: clamp's Tensor bounds are ClampBackward0 (numbers 1), clamp_min/clamp_max
    number bounds Clamp{Min,Max}Backward0 (tensors 1); tensor-core records the op and bound kind in params."""
    params = node.params or {}
    tensor_bounds = params.get("tensor_bounds", tensor_argument(node, 1) or tensor_argument(node, 2))
    return _CLAMP_NAMES[params.get("op", "clamp")][bool(tensor_bounds)]


# PyTorch computes square as pow(x, 2) and float_power as pow of the promoted operands.
name_nodes({
    "log1p": "Log1PBackward0", "square": "PowBackward0", "float_power": _pow_name,
    "clamp": _clamp_name, "clip": _clamp_name, "lerp": overload_name("Lerp", 2, 1, 0),
    "fmod": overload_name("Fmod", 1, 1, 0),
    "copysign": overload_name("Copysign", 1, 0, 1), "xlogy": binary_overloads("Xlogy"),
    # round(x) is RoundBackward0, round(x, decimals=...) RoundBackward1 (even decimals=0), as tensor-core records
    "round": lambda node: f"RoundBackward{(node.params or {}).get('overload', 0)}",
})

"""Formulas of ``flambeau.special`` and the parametrised pointwise ops (logit, polygamma, mvlgamma),
plus softmax/log_softmax."""
from __future__ import annotations

import math

import flambeau_tensor_core as ft

from ._registry import binary_overloads, derivative, name_nodes, non_differentiable


def _unary(name: str, save: str, derivative_of):
    @derivative(name, save=save)
    def formula(grads, inputs, outputs, params, metas):
        x = inputs[0] if inputs is not None else None
        result = outputs[0] if outputs is not None else None
        return grads[0] * derivative_of(x, result, params)
    formula.__name__ = name
    return formula


_SQRT_2PI = math.sqrt(2 * math.pi)
_unary("special_ndtr", "inputs", lambda x, r, p: (-(x * x) / 2).exp() / _SQRT_2PI)
_unary("special_ndtri", "outputs", lambda x, r, p: ((r * r) / 2).exp() * _SQRT_2PI)
_unary("special_log_ndtr", "inputs,outputs", lambda x, r, p: (-(x * x) / 2 - r).exp() / _SQRT_2PI)
_unary("special_i0e", "inputs,outputs", lambda x, r, p: ft.special.i1e(x) - x.sgn() * r)


def _i1_over_x(x, r):
    """I1(x)/x (or the scaled one's), with its limit 1/2 at x = 0."""
    return ft.where(x == 0, ft.full_like(x, 0.5), r / ft.where(x == 0, ft.ones_like(x), x))


_unary("special_i1", "inputs,outputs", lambda x, r, p: ft.special.i0(x) - _i1_over_x(x, r))
_unary("special_i1e", "inputs,outputs", lambda x, r, p: ft.special.i0e(x) - r * x.sgn() - _i1_over_x(x, r))
_unary("special_entr", "inputs", lambda x, r, p: -(x.log() + 1))
non_differentiable("special_bessel_j0", "special_bessel_j1")   # as in PyTorch
non_differentiable(*("special_" + name for name in (   # no derivative in PyTorch either
    "airy_ai bessel_y0 bessel_y1 modified_bessel_i0 modified_bessel_i1 modified_bessel_k0 modified_bessel_k1 "
    "scaled_modified_bessel_k0 scaled_modified_bessel_k1 spherical_bessel_j0 chebyshev_polynomial_t "
    "chebyshev_polynomial_u chebyshev_polynomial_v chebyshev_polynomial_w shifted_chebyshev_polynomial_t "
    "shifted_chebyshev_polynomial_u shifted_chebyshev_polynomial_v shifted_chebyshev_polynomial_w "
    "hermite_polynomial_h hermite_polynomial_he laguerre_polynomial_l legendre_polynomial_p").split()))
_unary("logit", "inputs", lambda x, r, p: _logit_derivative(x, p))
_unary("polygamma", "inputs", lambda x, r, p: ft.polygamma(p["n"] + 1, x))
_unary("mvlgamma", "inputs", lambda x, r, p: sum(ft.digamma(x - j / 2) for j in range(p["p"])))


def _logit_derivative(x, params):
    """PyTorch's: 1 / (x (1 - x)); without eps NaN outside [0, 1], with eps 0 outside [eps, 1 - eps]
    (selected, not multiplied, so the infinities at 0 and 1 do not leak in as NaN)."""
    eps = params.get("eps") if params else None
    derivative_ = 1 / (x * (1 - x))
    if eps is None:
        return ft.where((x < 0) | (x > 1), ft.full_like(x, math.nan), derivative_)
    return ft.where((x < eps) | (x > 1 - eps), ft.zeros_like(x), derivative_)


@derivative("special_xlog1py", save="inputs")
def xlog1py(grads, inputs, outputs, params, metas):
    g, x, y = grads[0], inputs[0], inputs[1]
    grad_x = g * (y.log1p() if isinstance(y, ft.Tensor) else math.log1p(y)) if metas[0] is not None else None
    grad_y = g * x / (1 + y) if metas[1] is not None else None
    return grad_x, grad_y


@derivative("special_zeta", save="inputs")
def zeta(grads, inputs, outputs, params, metas):
    """PyTorch differentiates the Hurwitz zeta ζ(x, q) in q only: ∂ζ/∂q = -x ζ(x + 1, q)."""
    x, q = inputs
    if metas[0] is not None:
        raise NotImplementedError("the derivative for 'zeta' is not implemented.")
    return None, grads[0] * -x * ft.special.zeta(x + 1, q)


@derivative("softmax", save="outputs")
def softmax(grads, inputs, outputs, params, metas):
    y, g, dim = outputs[0], grads[0], params["dim"]
    if y.ndim == 0:
        return g * 0
    return y * (g - (g * y).sum(dim=dim, keepdim=True))


@derivative("log_softmax", save="outputs")
def log_softmax(grads, inputs, outputs, params, metas):
    y, g, dim = outputs[0], grads[0], params["dim"]
    if y.ndim == 0:
        return g * 0
    return g - y.exp() * g.sum(dim=dim, keepdim=True)


name_nodes({"special_i0e": "SpecialI0EBackward0", "special_i1e": "SpecialI1EBackward0",
            "special_xlog1py": binary_overloads("SpecialXlog1Py"), "special_zeta": binary_overloads("SpecialZeta")})

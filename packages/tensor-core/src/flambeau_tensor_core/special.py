"""``flambeau.special``: PyTorch's special functions (``expit``, ``erf*``, ``gammaln``, Bessel …).

Most are the pointwise ops under their SciPy-style names; the rest (``i0e``, ``i1``, ``ndtri``,
``log_ndtr``, ``entr`` …) are built here on the same kernels (``kernels/pointwise_cpu.pyx`` on CPU,
``cupyx.scipy.special`` on CUDA) and recorded under ATen's ``special_*`` names.
"""
from __future__ import annotations

import numpy as np

from . import pointwise as _pointwise
from .math_extras import erfcx, gammainc, gammaincc
from .pointwise import (
    digamma,
    erf,
    erfc,
    erfinv,
    exp2,
    expm1,
    floating_dtype,
    i0,
    kernel_or_ufunc,
    lgamma,
    log1p,
    logit,
    mvlgamma,
    polygamma,
    sigmoid,
    sinc,
    unary_function,
    xlogy,
)
from .reductions import log_softmax, logsumexp, softmax

expit = sigmoid
gammaln = lgamma
psi = digamma
multigammaln = mvlgamma


def _special(name: str, doc: str):
    return unary_function(name, kernel_or_ufunc(name, None), floating_dtype, doc, rejected="c",
                          record_name="special_" + name)


i0e = _special("i0e", "Exponentially scaled modified Bessel function of order 0: ``exp(-|x|) * i0(x)``.")
i1 = _special("i1", "Modified Bessel function of the first kind, order 1.")
i1e = _special("i1e", "Exponentially scaled modified Bessel function of order 1: ``exp(-|x|) * i1(x)``.")
ndtr = _special("ndtr", "The standard normal CDF.")
ndtri = _special("ndtri", "The standard normal quantile function (inverse of ``ndtr``).")
log_ndtr = _special("log_ndtr", "``log(ndtr(x))``, accurate far into the lower tail.")
bessel_j0 = _special("bessel_j0", "Bessel function of the first kind, order 0.")
bessel_j1 = _special("bessel_j1", "Bessel function of the first kind, order 1.")


def _entr(xp, a):
    # -x log x, with its limit 0 at x = 0 and -inf outside the domain (NaN stays NaN)
    safe = xp.where(a > 0, a, 1)
    outside = xp.where(a == 0, 0, xp.where(xp.isnan(a), a, -np.inf))
    return xp.where(a > 0, -a * xp.log(safe), outside).astype(a.dtype)


def round(input, *, decimals: int = 0, out=None):
    """``flambeau.round`` for floating tensors (``special.round`` has no integer kernels in PyTorch)."""
    _pointwise.require_tensor(input, "special_round")
    _pointwise.check_tensor_kind("round", input, "bic")
    return _pointwise.round(input, decimals=decimals, out=out)


entr = unary_function("entr", _entr, floating_dtype, "Elementwise entropy ``-x * log(x)``.", rejected="c",
                      record_name="special_entr")


def _xlog1py(xp, x, y):
    return xp.where(x == 0, xp.where(xp.isnan(y), y, 0), x * xp.log1p(y))


def xlog1py(input, other, *, out=None):
    """``input * log1p(other)``, 0 where ``input`` is 0 (unless ``other`` is NaN)."""
    return _binary_special("xlog1py", _xlog1py, input, other, out)


def zeta(input, other, *, out=None):
    """The Hurwitz zeta function ``sum_k (other + k) ** -input``."""
    return _binary_special("zeta", lambda xp, x, q: _pointwise.zeta_array(xp, x, q), input, other, out)


def _binary_special(name: str, fn, input, other, out):
    from . import _core

    _pointwise.require_tensor(_pointwise.first_tensor(input, other), "special_" + name)
    d = floating_dtype(_core.result_type(input, other))
    if d.is_complex:
        raise _pointwise.not_implemented("special_" + name, d)
    result = _pointwise.evaluate_binary("special_" + name, fn, input, other, d)
    return _pointwise.finish(result, out, "special_" + name)


__all__ = [
    "expit", "logit", "erf", "erfc", "erfinv", "gammaln", "digamma", "psi", "polygamma", "multigammaln",
    "xlogy", "xlog1py", "zeta", "i0", "i0e", "i1", "i1e", "ndtr", "ndtri", "log_ndtr", "entr", "sinc", "round",
    "exp2", "expm1", "log1p", "logsumexp", "softmax", "log_softmax", "bessel_j0", "bessel_j1",
    "erfcx", "gammainc", "gammaincc",
]

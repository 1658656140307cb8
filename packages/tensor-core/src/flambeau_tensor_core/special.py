"""``flambeau.special``: PyTorch's special functions (``expit``, ``erf*``, ``gammaln``, Bessel …).

Most are the pointwise ops under their SciPy-style names; the rest (``i0e``, ``i1``, ``ndtri``,
``log_ndtr``, ``entr`` …) are built here on the same kernels (``kernels/pointwise_cpu.pyx`` on CPU,
``cupyx.scipy.special`` on CUDA) and recorded under ATen's ``special_*`` names.
"""
from __future__ import annotations

import numpy as np

from . import numpy_names, pointwise as _pointwise
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


def _special(name: str, doc: str, rejected: str = "c", compute=None, composite: bool = False):
    return unary_function(name, compute or kernel_or_ufunc(name, None), floating_dtype, doc, rejected=rejected,
                          record_name="special_" + name, composite=composite)


_ndtr_kernel = kernel_or_ufunc("ndtr", None)
_erf_kernel = kernel_or_ufunc("erf", None)


def _ndtr(xp, a):
    """PyTorch's ndtr is ``(1 + erf(x·√½))·½``; for float16 each step is rounded to half, as there."""
    if a.dtype != np.float16:
        return _ndtr_kernel(xp, a)
    scaled = (a.astype(np.float32) * np.float32(np.sqrt(0.5))).astype(np.float16)
    erf = _erf_kernel(xp, scaled.astype(np.float32)).astype(np.float16)
    return ((erf.astype(np.float32) + 1).astype(np.float16).astype(np.float32) * 0.5).astype(np.float16)


_ndtr.small_float = _ndtr_kernel.small_float


i0e = _special("i0e", "Exponentially scaled modified Bessel function of order 0: ``exp(-|x|) * i0(x)``.")
i1 = _special("i1", "Modified Bessel function of the first kind, order 1.")
i1e = _special("i1e", "Exponentially scaled modified Bessel function of order 1: ``exp(-|x|) * i1(x)``.")
ndtr = _special("ndtr", "The standard normal CDF.", compute=_ndtr, composite=True)
ndtri = _special("ndtri", "The standard normal quantile function (inverse of ``ndtr``).", rejected="ch")
log_ndtr = _special("log_ndtr", "``log(ndtr(x))``, accurate far into the lower tail.", rejected="ch")
bessel_j0 = _special("bessel_j0", "Bessel function of the first kind, order 0.", rejected="ch")
bessel_j1 = _special("bessel_j1", "Bessel function of the first kind, order 1.", rejected="ch")


def _entr(xp, a):
    # -x log x, with its limit 0 at x = 0 and -inf outside the domain (NaN stays NaN)
    safe = xp.where(a > 0, a, 1)
    outside = xp.where(a == 0, 0, xp.where(xp.isnan(a), a, -np.inf))
    return xp.where(a > 0, -a * xp.log(safe), outside).astype(a.dtype)


def round(input, *, decimals: int = 0, out=None):
    """``flambeau.round`` for floating tensors (``special.round`` has no integer kernels in PyTorch)."""
    _pointwise.require_tensor(input, "special_round")
    _pointwise.check_same_dtype_out(out, input._dtype)
    _pointwise.check_tensor_kind("round", input, "bic")
    return _pointwise.round(input, decimals=decimals, out=out)


entr = unary_function("entr", _entr, floating_dtype, "Elementwise entropy ``-x * log(x)``.", rejected="c",
                      record_name="special_entr")


_xlog1py = _pointwise.x_times_log_of("log1p")


def xlog1py(input, other, *, out=None):
    """``input * log1p(other)``, 0 where ``input`` is 0 (unless ``other`` is NaN)."""
    return _binary_special("xlog1py", _xlog1py, input, other, out)


def zeta(input, other, *, out=None):
    """The Hurwitz zeta function ``sum_k (other + k) ** -input``."""
    return _binary_special("zeta", lambda xp, x, q: _pointwise.zeta_array(xp, x, q), input, other, out,
                           half=False)


def _binary_special(name: str, fn, input, other, out, half: bool = True):
    """A real binary special function; PyTorch's kernel (``<name>_cpu``) has no complex instance and,
    unless ``half``, no float16 one."""
    from . import _core

    _pointwise.require_tensor(_pointwise.first_tensor(input, other), "special_" + name)
    d = floating_dtype(_core.result_type(input, other))
    _pointwise.iterator_shape(input, other)    # (TensorIterator's shapes and out= dtype come before the kernel)
    if isinstance(out, _core.TensorBase) and not out._requires_grad:
        _pointwise.check_inplace_dtype(d, out)
    if d.is_complex or (d is _core.float16 and not half):
        raise _pointwise.not_implemented(name, d)
    result = _pointwise.evaluate_binary("special_" + name, fn, input, other, d)
    return _pointwise.finish(result, out, "special_" + name)


# ---------------------------------------------------------------------------------------------------
# Bessel and Airy functions without a derivative in PyTorch (``special.airy_ai`` … ``spherical_bessel_j0``).
# They are evaluated in float64 with NumPy/CuPy array code (power series near 0, Hankel's asymptotic
# series or a quadrature of K's integral far from it), then rounded to the result dtype, as PyTorch's
# float32 kernels are as accurate. PyTorch has no float16/bfloat16 kernels for them, nor Tensor methods.
# ---------------------------------------------------------------------------------------------------
_EULER_GAMMA = 0.5772156649015329
_TWO_OVER_PI = 2.0 / np.pi


def _unary_special(name: str, compute, input, out, argument: str = "input", in_float64: bool = True):
    """``compute(xp, a)`` on ``input`` as float64 (or as the result dtype); a float32/float64 result as
    PyTorch's ``special_<name>``."""
    from . import _core

    recorded = "special_" + name
    _pointwise.require_tensor(input, recorded, argument)
    d = floating_dtype(input._dtype)
    if out is not None:
        _pointwise.check_out_before_kernel(recorded, input, d, out, False)
    if d is not _core.float32 and d is not _core.float64:
        raise _pointwise.not_implemented(name, d)
    xp = _pointwise.array_module(input._device)
    with _core.quiet_fp():
        a = input._data.astype(np.float64 if in_float64 else d.numpy_dtype)
        value = xp.where(xp.isnan(a), a, compute(xp, a))
    result = _pointwise.new_tensor(xp, value, d, input._device, (input,))
    _core.record(recorded, (input,), None, (result,))
    return _pointwise.finish(result, out, recorded)


def _pick(xp, cases, default):
    """The value of the first ``(condition, value)`` pair whose condition holds, else ``default``."""
    for condition, value in reversed(cases):
        default = xp.where(condition, value, default)
    return default


def _ascending_series(xp, x, order: int, terms: int = 40):
    """``(z/2)**order * sum_k s**k / (k! (k+order)!)`` and the same sum weighted by
    ``psi(k+1) + psi(k+order+1)``, with ``s = sign * x**2 / 4``, for ``sign`` +1 (I, K) and -1 (J, Y)."""
    results = []
    for sign in (1.0, -1.0):
        s = sign * x * x / 4
        term = xp.ones_like(x)
        psi_k, psi_kn = -_EULER_GAMMA, -_EULER_GAMMA + (1.0 if order == 1 else 0.0)
        total, weighted = term, term * (psi_k + psi_kn)
        for k in range(1, terms):
            term = term * s / (k * (k + order))
            psi_k, psi_kn = psi_k + 1.0 / k, psi_kn + 1.0 / (k + order)
            total, weighted = total + term, weighted + term * (psi_k + psi_kn)
        half = (x / 2) ** order
        results.append((half * total, half * weighted))
    return results


def _hankel_series(xp, x, order: int, terms: int = 24):
    """Hankel's asymptotic ``P`` and ``Q`` of ``J_order``/``Y_order`` (Abramowitz-Stegun 9.2.9-10)."""
    mu = 4.0 * order * order
    term = xp.ones_like(x)
    p, q = term, xp.zeros_like(x)
    for k in range(1, terms):
        term = term * (mu - (2 * k - 1) ** 2) / (8.0 * k * x)
        if k % 2:
            q = q + (-1) ** (k // 2) * term
        else:
            p = p + (-1) ** (k // 2) * term
    return p, q


def _bessel_y(order: int):
    def compute(xp, x):
        near = xp.where(x <= 12.0, x, 1.0)      # ascending series up to 12, Hankel's expansion beyond
        far = xp.where(x > 12.0, x, 12.0)
        _, (j, j_weighted) = _ascending_series(xp, near, order)
        series = _TWO_OVER_PI * xp.log(near / 2) * j - j_weighted / np.pi
        if order == 1:
            series = series - _TWO_OVER_PI / near
        p, q = _hankel_series(xp, far, order)
        chi = far - (0.25 if order == 0 else 0.75) * np.pi    # rounded as PyTorch's x - pi/4
        hankel = xp.sqrt(_TWO_OVER_PI / far) * (p * xp.sin(chi) + q * xp.cos(chi))
        return _pick(xp, [(x < 0, np.nan), (x == 0, -np.inf), (x <= 12.0, series)], hankel)
    return compute


def _scaled_bessel_k_integral(xp, x, order: float, nodes: int = 32):
    """``exp(x) K_order(x) = int_0^inf exp(-x (cosh t - 1)) cosh(order t) dt`` for ``x`` > 0 by the
    trapezoidal rule, exponentially accurate for this smooth, fast-decaying integrand; the nodes end
    where the integrand is below ``exp(-45)``."""
    u = 45.0 / x
    step = xp.log1p(u + xp.sqrt(u * (u + 2.0))) / nodes   # arccosh(1 + u), accurate for small u
    total = 0.5 * xp.ones_like(x)
    for k in range(1, nodes + 1):
        t = k * step
        total = total + xp.exp(-2.0 * x * xp.sinh(t / 2) ** 2) * xp.cosh(order * t)   # cosh t - 1 = 2 sinh²(t/2)
    return total * step


def _bessel_k(order: int, scaled: bool):
    def compute(xp, x):
        near = xp.where((x > 0) & (x <= 2.0), x, 1.0)   # ascending series up to 2, the integral beyond
        far = xp.where(x > 2.0, x, 2.0)
        (i, i_weighted), _ = _ascending_series(xp, near, order)
        if order == 0:
            series = -xp.log(near / 2) * i + i_weighted / 2
        else:
            series = 1.0 / near + xp.log(near / 2) * i - i_weighted / 2
        integral = _scaled_bessel_k_integral(xp, far, order)
        if scaled:
            series = series * xp.exp(near)
        else:
            integral = integral * xp.exp(-far)
        return _pick(xp, [(x < 0, np.nan), (x == 0, np.inf), (x == np.inf, 0.0), (x <= 2.0, series)], integral)
    return compute


def _airy_ai(xp, x):
    # Maclaurin series on [-7, 1], K_{1/3} for x > 1, the oscillating asymptotic expansion below -7
    near = xp.where((x >= -7.0) & (x <= 1.0), x, 0.0)
    cube = near ** 3
    f, g = xp.ones_like(x), near
    f_sum, g_sum = f, g
    for k in range(1, 30):
        f = f * cube / ((3 * k - 1) * (3 * k))
        g = g * cube / ((3 * k) * (3 * k + 1))
        f_sum, g_sum = f_sum + f, g_sum + g
    series = 0.3550280538878172 * f_sum - 0.2588194037928068 * g_sum   # Ai(0) f - |Ai'(0)| g

    right = xp.where(x > 1.0, x, 1.0)
    zeta = 2.0 / 3.0 * right * xp.sqrt(right)
    decaying = xp.sqrt(right / 3.0) / np.pi * xp.exp(-zeta) * _scaled_bessel_k_integral(xp, zeta, 1.0 / 3.0)

    left = xp.where(x < -7.0, x, -7.0)
    root = xp.sqrt(-left)
    zeta = -2.0 * left * root / 3.0
    u, even, odd = 1.0, xp.ones_like(x), xp.zeros_like(x)
    for k in range(1, 20):   # u_k = (6k-5)(6k-3)(6k-1) / ((2k-1) 216 k) u_{k-1}   (A&S 10.4.60)
        u = u * (6 * k - 5) * (6 * k - 3) * (6 * k - 1) / ((2 * k - 1) * 216 * k)
        term = (-1) ** (k // 2) * u / zeta ** k
        even, odd = (even + term, odd) if k % 2 == 0 else (even, odd + term)
    theta = zeta + 0.25 * np.pi
    oscillating = (xp.sin(theta) * even - xp.cos(theta) * odd) / (np.sqrt(np.pi) * xp.sqrt(root))
    return _pick(xp, [(x == np.inf, np.nan), (x > 1.0, decaying), (x < -7.0, oscillating)], series)


def _scaled_bessel_i(name: str):
    kernel = kernel_or_ufunc(name, None)

    def compute(xp, x):
        # exp(|x|) * i{0,1}e(x) in the result dtype: it overflows where PyTorch's exp(|x|) does
        # (|x| > 709.78 in float64, > 88.72 in float32, though I0 itself is finite a little further), NaN at ±inf
        return xp.exp(xp.abs(x)) * kernel(xp, x)
    return compute


def _spherical_bessel_j0(xp, x):
    small = xp.where(xp.abs(x) < 0.5, x, 0.0)
    taylor = xp.zeros_like(x)
    for k in range(7, 0, -1):     # sin(x)/x = sum_k (-x^2)^k / (2k+1)!, to x^14 for |x| < 1/2
        taylor = -(taylor + 1.0) * small * small / ((2 * k) * (2 * k + 1))
    taylor = taylor + 1.0
    safe = xp.where(x == 0, 1.0, x)
    return _pick(xp, [(xp.isinf(x), 0.0), (xp.abs(x) < 0.5, taylor)], xp.sin(safe) / safe)


def airy_ai(x, *, out=None):
    """The Airy function ``Ai(x)``."""
    return _unary_special("airy_ai", _airy_ai, x, out, "x")


def bessel_y0(input, *, out=None):
    """Bessel function of the second kind, order 0 (``-inf`` at 0, NaN for negative input)."""
    return _unary_special("bessel_y0", _bessel_y(0), input, out)


def bessel_y1(input, *, out=None):
    """Bessel function of the second kind, order 1 (``-inf`` at 0, NaN for negative input)."""
    return _unary_special("bessel_y1", _bessel_y(1), input, out)


def modified_bessel_i0(input, *, out=None):
    """Modified Bessel function of the first kind, order 0."""
    return _unary_special("modified_bessel_i0", _scaled_bessel_i("i0e"), input, out, in_float64=False)


def modified_bessel_i1(input, *, out=None):
    """Modified Bessel function of the first kind, order 1."""
    return _unary_special("modified_bessel_i1", _scaled_bessel_i("i1e"), input, out, in_float64=False)


def modified_bessel_k0(input, *, out=None):
    """Modified Bessel function of the second kind, order 0 (``inf`` at 0, NaN for negative input)."""
    return _unary_special("modified_bessel_k0", _bessel_k(0, scaled=False), input, out)


def modified_bessel_k1(input, *, out=None):
    """Modified Bessel function of the second kind, order 1 (``inf`` at 0, NaN for negative input)."""
    return _unary_special("modified_bessel_k1", _bessel_k(1, scaled=False), input, out)


def scaled_modified_bessel_k0(x, *, out=None):
    """``exp(x) * modified_bessel_k0(x)``, finite where ``modified_bessel_k0`` underflows."""
    return _unary_special("scaled_modified_bessel_k0", _bessel_k(0, scaled=True), x, out, "x")


def scaled_modified_bessel_k1(x, *, out=None):
    """``exp(x) * modified_bessel_k1(x)``, finite where ``modified_bessel_k1`` underflows."""
    return _unary_special("scaled_modified_bessel_k1", _bessel_k(1, scaled=True), x, out, "x")


def spherical_bessel_j0(x, *, out=None):
    """The spherical Bessel function of the first kind, order 0: ``sin(x) / x`` (1 at 0, 0 at ±inf)."""
    return _unary_special("spherical_bessel_j0", _spherical_bessel_j0, x, out, "x")



# ---------------------------------------------------------------------------------------------------
# Orthogonal polynomials ``P_n(x)``: PyTorch's ``special.*_polynomial_*(x, n)`` evaluate the
# three-term recurrence, with closed forms at the ends of the interval and, for Chebyshev's families
# of large ``n`` inside it, the trigonometric form. ``n`` is truncated to an integer as C++'s cast to
# int64 does (NaN, ±inf and |n| >= 2**63 give the result of a negative ``n``: 0).
# ---------------------------------------------------------------------------------------------------
def _integer_order(xp, n):
    representable = xp.isfinite(n) & (xp.abs(n) < 2.0 ** 63)
    return xp.where(representable, xp.trunc(xp.where(representable, n, 0)), -1).astype(np.int64)


def _recurrence(xp, x, n, first, step, needed):
    """``P_n(x)`` for ``n`` >= 1 from ``P_0 = 1``, ``P_1 = first`` and ``P_{m+1} = step(m, P_m, P_{m-1})``
    where ``needed``. A lane stops where its ``n`` is reached or its value turned NaN (after an overflow),
    as in PyTorch, so a huge ``n`` loops only as long as some needed lane stays finite."""
    n = xp.where(needed, n, 0)
    previous, current = xp.ones_like(x), first
    for m in range(1, int(n.max()) if n.size else 0):
        live = (m < n) & ~xp.isnan(current)
        if not live.any():
            break
        following = step(m, current, previous)
        previous, current = xp.where(live, current, previous), xp.where(live, following, current)
    return current


def _parity_sign(n, value):
    """``value`` for even ``n``, ``-value`` for odd ``n``."""
    return (1 - 2 * (n % 2)) * value


def _chebyshev(kind: str, trig_above: int, shifted: bool = False):
    """Chebyshev polynomials of the first (t) to fourth (w) kind at ``x`` (or at ``2x - 1``, shifted)."""
    def compute(xp, x, n):
        y = x + x - 1.0 if shifted else x
        twice = y + y
        first = {"t": y, "u": twice, "v": twice - 1.0, "w": twice + 1.0}[kind]
        angle = xp.arccos(y)
        if kind == "t":
            ends = xp.where((y > 0) | (n % 2 == 0), 1.0, -1.0)
            trig = xp.cos(n * angle)
        elif kind == "u":
            ends = xp.where((y > 0) | (n % 2 == 0), n + 1.0, -(n + 1.0))
            trig = xp.where(xp.sin(angle) != 0, xp.sin((n + 1.0) * angle) / xp.sin(angle),
                            (n + 1.0) * xp.cos((n + 1.0) * angle) / y)
        elif kind == "v":
            ends = xp.where(y > 0, 1.0, _parity_sign(n, 2.0 * n + 1.0))
            trig = xp.where(xp.sin(angle / 2) != 1, xp.cos((n + 0.5) * angle) / xp.cos(angle / 2), ends)
        else:
            ends = xp.where(y > 0, 2.0 * n + 1.0, _parity_sign(n, 1.0))
            trig = xp.where(xp.cos(angle / 2) != 1, xp.sin((n + 0.5) * angle) / xp.sin(angle / 2), ends)
        at_end = (x == 1) | (x == 0) if shifted else xp.abs(x) == 1
        inside = (n > trig_above) & (xp.abs(y) < 1)
        recurrence = _recurrence(xp, y, n, first, lambda m, p, q: twice * p - q, ~at_end & ~inside)
        return _pick(xp, [(n < 0, 0.0), (at_end, ends), (inside, trig),
                          (n == 0, 1.0), (n == 1, first)], recurrence)
    return compute


def _hermite_h(xp, x, n):
    limit = 128 if x.dtype == np.float32 else 512    # PyTorch's kernels give NaN above these orders
    recurrence = _recurrence(xp, x, n, x + x, lambda m, p, q: (x + x) * p - (2 * m) * q, n <= limit)
    return _pick(xp, [(n < 0, 0.0), (n == 0, 1.0), (n == 1, x + x), (n > limit, np.nan)], recurrence)


def _hermite_he(xp, x, n):
    limit = 128 if x.dtype == np.float32 else 512
    recurrence = _recurrence(xp, x, n, x, lambda m, p, q: x * p - m * q, n <= limit)
    return _pick(xp, [(n < 0, 0.0), (n == 0, 1.0), (n == 1, x), (n > limit, np.nan)], recurrence)


def _laguerre_l(xp, x, n):
    recurrence = _recurrence(xp, x, n, 1.0 - x, lambda m, p, q: ((2 * m + (1.0 - x)) * p - m * q) / (m + 1),
                             x != 0)
    return _pick(xp, [(n < 0, 0.0), (x == 0, 1.0), (n == 0, 1.0), (n == 1, 1.0 - x)], recurrence)


def _legendre_p(xp, x, n):
    recurrence = _recurrence(xp, x, n, x, lambda m, p, q: ((2 * m + 1) * x * p - m * q) / (m + 1),
                             xp.abs(x) != 1)
    ends = xp.where((x > 0) | (n % 2 == 0), 1.0, -1.0)
    return _pick(xp, [(n < 0, 0.0), (xp.abs(x) == 1, ends), (n == 0, 1.0), (n == 1, x)], recurrence)


def _polynomial(name: str, compute, x, n, out):
    """``compute(xp, x, n)`` over the broadcast operands: ``x`` in the promoted floating dtype of ``x``
    and ``n`` (a tensor or a number each, one at least a tensor), ``n`` as int64."""
    from . import _core

    recorded = "special_" + name
    if not isinstance(x, _core.TensorBase) and not isinstance(n, _core.TensorBase):
        raise TypeError(f"{recorded}() received an invalid combination of arguments - got "
                        f"({type(x).__name__}, {type(n).__name__}), but expected one of:\n"
                        " * (Tensor x, Tensor n, *, Tensor out = None)\n"
                        " * (Number x, Tensor n, *, Tensor out = None)\n"
                        " * (Tensor x, Number n, *, Tensor out = None)")
    d = floating_dtype(_core.result_type(x, n))
    if d is not _core.float32 and d is not _core.float64:
        raise _pointwise.not_implemented(name, d)

    def evaluate(xp, a, b):
        a, b = xp.broadcast_arrays(xp.asarray(a, dtype=d.numpy_dtype), xp.asarray(b, dtype=d.numpy_dtype))
        return compute(xp, a, _integer_order(xp, b)).astype(d.numpy_dtype)

    result = _pointwise.evaluate_binary(recorded, evaluate, x, n, d)
    return _pointwise.finish(result, out, recorded)


def chebyshev_polynomial_t(x, n, *, out=None):
    """Chebyshev polynomial of the first kind ``T_n(x)``."""
    return _polynomial("chebyshev_polynomial_t", _chebyshev("t", 6), x, n, out)


def chebyshev_polynomial_u(x, n, *, out=None):
    """Chebyshev polynomial of the second kind ``U_n(x)``."""
    return _polynomial("chebyshev_polynomial_u", _chebyshev("u", 8), x, n, out)


def chebyshev_polynomial_v(x, n, *, out=None):
    """Chebyshev polynomial of the third kind ``V_n(x)``."""
    return _polynomial("chebyshev_polynomial_v", _chebyshev("v", 8), x, n, out)


def chebyshev_polynomial_w(x, n, *, out=None):
    """Chebyshev polynomial of the fourth kind ``W_n(x)``."""
    return _polynomial("chebyshev_polynomial_w", _chebyshev("w", 8), x, n, out)


def shifted_chebyshev_polynomial_t(x, n, *, out=None):
    """Shifted Chebyshev polynomial of the first kind ``T*_n(x) = T_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_t", _chebyshev("t", 6, shifted=True), x, n, out)


def shifted_chebyshev_polynomial_u(x, n, *, out=None):
    """Shifted Chebyshev polynomial of the second kind ``U*_n(x) = U_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_u", _chebyshev("u", 6, shifted=True), x, n, out)


def shifted_chebyshev_polynomial_v(x, n, *, out=None):
    """Shifted Chebyshev polynomial of the third kind ``V*_n(x) = V_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_v", _chebyshev("v", 6, shifted=True), x, n, out)


def shifted_chebyshev_polynomial_w(x, n, *, out=None):
    """Shifted Chebyshev polynomial of the fourth kind ``W*_n(x) = W_n(2x - 1)``."""
    return _polynomial("shifted_chebyshev_polynomial_w", _chebyshev("w", 4, shifted=True), x, n, out)


def hermite_polynomial_h(x, n, *, out=None):
    """Physicists' Hermite polynomial ``H_n(x)``."""
    return _polynomial("hermite_polynomial_h", _hermite_h, x, n, out)


def hermite_polynomial_he(x, n, *, out=None):
    """Probabilists' Hermite polynomial ``He_n(x)``."""
    return _polynomial("hermite_polynomial_he", _hermite_he, x, n, out)


def laguerre_polynomial_l(x, n, *, out=None):
    """Laguerre polynomial ``L_n(x)``."""
    return _polynomial("laguerre_polynomial_l", _laguerre_l, x, n, out)


def legendre_polynomial_p(x, n, *, out=None):
    """Legendre polynomial ``P_n(x)``."""
    return _polynomial("legendre_polynomial_p", _legendre_p, x, n, out)


__all__ = [
    "expit", "logit", "erf", "erfc", "erfinv", "gammaln", "digamma", "psi", "polygamma", "multigammaln",
    "xlogy", "xlog1py", "zeta", "i0", "i0e", "i1", "i1e", "ndtr", "ndtri", "log_ndtr", "entr", "sinc", "round",
    "exp2", "expm1", "log1p", "logsumexp", "softmax", "log_softmax", "bessel_j0", "bessel_j1",
    "erfcx", "gammainc", "gammaincc",
    "airy_ai", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0",
    "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0",
    "chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
    "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l",
    "legendre_polynomial_p",
]

numpy_names.install(globals(), numpy_names.SPECIAL)  # axis=, keepdims= … as PyTorch's C++ parser takes them

# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Multi-threaded unary kernels for float32/float64 arrays, and the special functions NumPy lacks.

``exp``/``log``/``tanh``/``sigmoid`` are here because NumPy evaluates them on one core: for large
arrays these OpenMP loops use every core. ``erf``, ``lgamma``, ``digamma``, ``erfinv``, ``ndtri``,
Bessel functions … are here because NumPy has no ufunc for them at all (and flambeau does not depend
on SciPy). float32 inputs are evaluated in double precision (except the fast exp/log/tanh paths) and
rounded once, which is as accurate as PyTorch's float kernels. float32 ``exp`` is the SIMD polynomial of
``simd_math.h`` (within ~1 ulp, 8 lanes with AVX2), as PyTorch's SLEEF kernel; ``log``/``tanh`` are libm's
single-precision functions, one element at a time.
"""
import numpy as np
from cython.parallel import prange
from libc.math cimport (exp, expf, log, logf, tanh, tanhf, erf, erfc, lgamma, sqrt, fabs, floor, tan, sin,
                        log1p, pow, INFINITY, NAN, M_PI)

from .simd_math cimport real_t, exp_shifted

from .._core import fills_memory_densely

cdef extern from "math.h" nogil:
    double j0(double x)
    double j1(double x)

cdef Py_ssize_t PARALLEL_MIN_SIZE = 1 << 15   # below this a thread team costs more than it saves
cdef Py_ssize_t SIMD_TASK_SIZE = 1 << 14      # elements per task of a vectorised loop (64 KiB of float32)

# the functions of this module, by code
cdef enum UnaryOp:
    EXP, LOG, TANH, SIGMOID, ERF, ERFC, ERFINV, LGAMMA, DIGAMMA, TRIGAMMA, I0, I0E, I1, I1E, NDTR, NDTRI,
    LOG_NDTR, BESSEL_J0, BESSEL_J1

_OPS = {"exp": EXP, "log": LOG, "tanh": TANH, "sigmoid": SIGMOID, "erf": ERF, "erfc": ERFC, "erfinv": ERFINV,
        "lgamma": LGAMMA, "digamma": DIGAMMA, "trigamma": TRIGAMMA, "i0": I0, "i0e": I0E, "i1": I1, "i1e": I1E,
        "ndtr": NDTR, "ndtri": NDTRI, "log_ndtr": LOG_NDTR, "bessel_j0": BESSEL_J0, "bessel_j1": BESSEL_J1}
NAMES = tuple(_OPS)

cdef double SQRT2 = 1.4142135623730951
cdef double SQRT_2PI = 2.5066282746310002
cdef double LOG_SQRT_2PI = 0.9189385332046728


# ---- digamma: reflection for x < 0, recurrence up to x >= 6, then the asymptotic series -----------
cdef double digamma_scalar(double x) noexcept nogil:
    cdef double result = 0.0, z
    if x == 0.0:
        return -INFINITY if 1.0 / x > 0 else INFINITY   # PyTorch's signs at the pole at ±0
    if x < 0.0:
        if x == floor(x):
            return NAN
        return digamma_scalar(1.0 - x) - M_PI / tan(M_PI * x)
    while x < 6.0:
        result -= 1.0 / x
        x += 1.0
    z = 1.0 / (x * x)
    # Bernoulli terms B2k / (2k): 1/12, -1/120, 1/252, -1/240, 1/132, -691/32760, 1/12
    return result + log(x) - 0.5 / x - z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (
        1.0 / 240 - z * (1.0 / 132 - z * (691.0 / 32760 - z / 12))))))


# ---- trigamma: PyTorch's reflection + recurrence + asymptotic series, kept so that the poles and
# infinities behave as in PyTorch (polygamma(1, x))
cdef double trigamma_scalar(double x) noexcept nogil:
    cdef double sign = 1.0, result = 0.0, sin_pi_x, inverse_square
    cdef int i
    if x < 0.5:
        sign = -1.0
        sin_pi_x = sin(M_PI * x)
        result -= (M_PI * M_PI) / (sin_pi_x * sin_pi_x)
        x = 1.0 - x
    for i in range(6):
        result += 1.0 / (x * x)
        x += 1.0
    inverse_square = 1.0 / (x * x)
    result += (1.0 + 1.0 / (2.0 * x) + inverse_square * (1.0 / 6 - inverse_square * (1.0 / 30 - inverse_square *
                                                                                    (1.0 / 42)))) / x
    return sign * result


# ---- the standard normal quantile: Acklam's rational approximation + one Halley step ----------------
cdef double ndtri_scalar(double p) noexcept nogil:
    cdef double q, r, x, e, u
    if p <= 0.0:
        return -INFINITY if p == 0.0 else NAN
    if p >= 1.0:
        return INFINITY if p == 1.0 else NAN
    if p < 0.02425:
        q = sqrt(-2.0 * log(p))
        x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
               - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) / \
            ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
              + 3.754408661907416e+00) * q + 1.0)
    elif p > 1.0 - 0.02425:
        q = sqrt(-2.0 * log1p(-p))
        x = -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) / \
            ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
              + 3.754408661907416e+00) * q + 1.0)
    else:
        q = p - 0.5
        r = q * q
        x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
               + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q / \
            (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
               + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1.0)
    # Halley refinement against the exact CDF brings the 1e-9 approximation to double precision
    if p < 0.5:
        e = 0.5 * erfc(-x / SQRT2) - p
    else:
        e = p - 1.0 + 0.5 * erfc(x / SQRT2)
        e = -e
    u = e * SQRT_2PI * exp(0.5 * x * x)
    return x - u / (1.0 + 0.5 * x * u)


cdef double erfinv_scalar(double y) noexcept nogil:
    cdef double x
    cdef int i
    if y <= -1.0 or y >= 1.0:
        if y == 1.0:
            return INFINITY
        if y == -1.0:
            return -INFINITY
        return NAN
    if y != y:
        return NAN
    x = ndtri_scalar(0.5 * (y + 1.0)) / SQRT2
    for i in range(2):   # Newton on erf itself: the ndtri argument lost bits when y was rounded
        x -= (erf(x) - y) / (1.1283791670955126 * exp(-x * x))
    return x


cdef double log_ndtr_scalar(double x) noexcept nogil:
    cdef double z
    if x > 6.0:
        return log1p(-0.5 * erfc(x / SQRT2))
    if x > -37.0:
        return log(0.5 * erfc(-x / SQRT2))
    # erfc underflows here: the asymptotic series of log Φ(x)
    z = 1.0 / (x * x)
    return -0.5 * x * x - log(-x) - LOG_SQRT_2PI + log1p(z * (-1.0 + z * (3.0 - 15.0 * z)))


# ---- modified Bessel functions I0, I1 (and exp-scaled): power series, asymptotic series for |x| > 30 -
cdef double bessel_i_scaled(int order, double x) noexcept nogil:
    """exp(-|x|) * I_order(|x|) for order 0 or 1."""
    cdef double ax = fabs(x), quarter, term, total, mu
    cdef int k
    if ax <= 30.0:
        quarter = 0.25 * ax * ax
        term = 1.0 if order == 0 else 0.5 * ax
        total = term
        for k in range(1, 500):
            term *= quarter / (k * (k + order))
            total += term
            if term < total * 1e-17:
                break
        return total * exp(-ax)
    mu = 4.0 * order * order
    term = 1.0
    total = 1.0
    for k in range(1, 30):
        term *= -(mu - (2.0 * k - 1.0) * (2.0 * k - 1.0)) / (k * 8.0 * ax)
        total += term
        if fabs(term) < 1e-17 * fabs(total):
            break
    return total / sqrt(2.0 * M_PI * ax)


cdef double odd_sign(double x) noexcept nogil:
    return -1.0 if x < 0 else 1.0


cdef double apply_double(int op, double x) noexcept nogil:
    if op == EXP:
        return exp(x)
    if op == LOG:
        return log(x)
    if op == TANH:
        return tanh(x)
    if op == SIGMOID:
        if x >= 0:
            return 1.0 / (1.0 + exp(-x))
        return exp(x) / (1.0 + exp(x))
    if op == ERF:
        return erf(x)
    if op == ERFC:
        return erfc(x)
    if op == ERFINV:
        return erfinv_scalar(x)
    if op == LGAMMA:
        return lgamma(x)
    if op == DIGAMMA:
        return digamma_scalar(x)
    if (op == I0 or op == I1 or op == BESSEL_J0 or op == BESSEL_J1) and (x == INFINITY or x == -INFINITY):
        return NAN   # PyTorch's CPU kernels (Cephes' series) give NaN at ±inf
    if op == TRIGAMMA:
        return trigamma_scalar(x)
    if op == I0:
        # exp(|x|) in two halves: the product is finite up to |x| ≈ 713 while exp(|x|) alone is not
        return bessel_i_scaled(0, x) * exp(0.5 * fabs(x)) * exp(0.5 * fabs(x))
    if op == I0E:
        return bessel_i_scaled(0, x)
    if op == I1:
        return odd_sign(x) * bessel_i_scaled(1, x) * exp(0.5 * fabs(x)) * exp(0.5 * fabs(x))
    if op == I1E:
        return odd_sign(x) * bessel_i_scaled(1, x)
    if op == NDTR:
        return 0.5 * erfc(-x / SQRT2)
    if op == NDTRI:
        return ndtri_scalar(x)
    if op == LOG_NDTR:
        return log_ndtr_scalar(x)
    if op == BESSEL_J0:
        return j0(x)
    return j1(x)


cdef inline float apply_float(int op, float x) noexcept nogil:
    # single-precision libm where it is accurate to an ulp: the bulk of the speed-up for float32
    # (EXP never gets here: ``unary_loop`` hands it to the SIMD loop)
    if op == LOG:
        return logf(x)
    if op == TANH:
        return tanhf(x)
    if op == SIGMOID:
        if x >= 0:
            return 1.0 / (1.0 + expf(-x))
        return expf(x) / (1.0 + expf(x))
    return <float>apply_double(op, x)


cdef void exp_float_tasks(const float[::1] a, float[::1] out) noexcept nogil:
    """exp over the threads, each task a contiguous run handed to the SIMD loop."""
    cdef Py_ssize_t n = a.shape[0], tasks = (n + SIMD_TASK_SIZE - 1) // SIMD_TASK_SIZE, task, start
    for task in prange(tasks, schedule="static", use_threads_if=n >= PARALLEL_MIN_SIZE):
        start = task * SIMD_TASK_SIZE
        exp_shifted(&a[start], <float>0, &out[start], min(SIMD_TASK_SIZE, n - start))


cdef void unary_loop(int op, const real_t[::1] a, real_t[::1] out) noexcept nogil:
    cdef Py_ssize_t i, n = a.shape[0]
    if real_t is float and op == EXP:
        exp_float_tasks(a, out)
    elif real_t is float:
        for i in prange(n, schedule="static", use_threads_if=n >= PARALLEL_MIN_SIZE):
            out[i] = apply_float(op, a[i])
    else:
        for i in prange(n, schedule="static", use_threads_if=n >= PARALLEL_MIN_SIZE):
            out[i] = apply_double(op, a[i])


def unary(str name, a):
    """``name`` (one of ``NAMES``) applied to every element of a float32/float64 NumPy array."""
    cdef int op = _OPS[name]
    if not a.flags.c_contiguous and fills_memory_densely(a.shape, a.strides, a.itemsize):
        # The result is laid out as the input is (channels_last stays channels_last, as in PyTorch):
        # ``empty_like`` gives it the input's strides, and ``ravel('K')`` views both in memory order.
        out = np.empty_like(a)
        flat_in, flat_out = a.ravel("K"), out.ravel("K")
    else:
        if not a.flags.c_contiguous:
            a = a.copy()       # (not np.ascontiguousarray: it turns a 0-d array into a 1-d one)
        out = np.empty(a.shape, dtype=a.dtype)
        flat_in, flat_out = a.reshape(-1), out.reshape(-1)
    if a.dtype == np.float32:
        unary_loop[float](op, flat_in, flat_out)
    elif a.dtype == np.float64:
        unary_loop[double](op, flat_in, flat_out)
    else:
        raise TypeError(f"unary kernel '{name}' takes float32 or float64 arrays, not {a.dtype}")
    return out


# ---- Hurwitz zeta ζ(x, q) = Σ (q + k)^-x: direct terms, then the Euler-Maclaurin tail -----------------
# (2k)! / B_2k for k = 1..12
cdef double[12] EULER_MACLAURIN = [12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183792e9,
                                   7.47242496e10, -2.950130727918164e12, 1.1646782814350067e14,
                                   -4.597978722407473e15, 1.8152105401943546e17, -7.166165256175667e18]


cdef double zeta_scalar(double x, double q) noexcept nogil:
    cdef double s, a, b, w, t, k
    cdef int i
    if x != x or q != q:
        return NAN
    if x == 1.0:
        return INFINITY
    if x < 1.0:
        return NAN
    if q == INFINITY:
        return NAN   # PyTorch's (Cephes') value, though the limit is 0
    if q <= 0.0:
        if q == floor(q):
            return INFINITY
        if x != floor(x):
            return NAN   # q^-x is not real
    s = pow(q, -x)
    a = q
    i = 0
    b = 0.0
    while i < 9 or a <= 9.0:
        i += 1
        a += 1.0
        b = pow(a, -x)
        s += b
        if fabs(b / s) < 1.1102230246251565e-16:
            return s
    w = a
    s += b * w / (x - 1.0)
    s -= 0.5 * b
    a = 1.0
    k = 0.0
    for i in range(12):
        a *= x + k
        b /= w
        t = a * b / EULER_MACLAURIN[i]
        s += t
        if fabs(t / s) < 1.1102230246251565e-16:
            break
        k += 1.0
        a *= x + k
        b /= w
        k += 1.0
    return s


cdef void zeta_loop(const double[::1] x, const double[::1] q, double[::1] out) noexcept nogil:
    cdef Py_ssize_t i, n = x.shape[0]
    for i in prange(n, schedule="static", use_threads_if=n >= PARALLEL_MIN_SIZE):
        out[i] = zeta_scalar(x[i], q[i])


def zeta(x, q):
    """The Hurwitz zeta function of two broadcastable arrays, evaluated in float64."""
    x, q = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(q, np.float64))
    shape = x.shape
    out = np.empty(shape, np.float64)
    zeta_loop(np.ascontiguousarray(x).reshape(-1), np.ascontiguousarray(q).reshape(-1), out.reshape(-1))
    return out

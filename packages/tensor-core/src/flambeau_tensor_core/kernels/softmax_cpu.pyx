# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Fused softmax / log_softmax over the last axis of a C-contiguous float32/float64 array.

Composed from ufuncs, a softmax makes five passes over memory (max, subtract, exp, sum, divide), each
on one core. Here every row is handled by one thread in passes that stay in cache (max; exponentials;
their sum; scale), with rows spread over all cores. The per-element cost is libm's ``expf``/``exp``
(scalar, not SIMD), which is what still separates this from PyTorch's vectorised kernel.

A row of ``-inf`` is shifted by 0 instead of its maximum, so that it gives NaN (0/0) and a row holding
``+inf`` gives NaN everywhere (inf - inf), both as PyTorch's kernels do.
"""
import numpy as np
from cython.parallel import prange
from libc.math cimport exp, expf, log, INFINITY

ctypedef fused real_t:
    float
    double

cdef Py_ssize_t PARALLEL_MIN_SIZE = 1 << 15   # below this a thread team costs more than it saves


cdef inline real_t exp_of(real_t x) noexcept nogil:
    if real_t is float:
        return expf(x)
    return exp(x)


cdef inline real_t row_max(const real_t* row, Py_ssize_t n) noexcept nogil:
    """Largest entry ignoring NaN (four lanes, so the comparisons pipeline)."""
    cdef real_t m0 = -INFINITY, m1 = -INFINITY, m2 = -INFINITY, m3 = -INFINITY
    cdef Py_ssize_t j = 0
    while j + 4 <= n:
        m0 = row[j] if row[j] > m0 else m0
        m1 = row[j + 1] if row[j + 1] > m1 else m1
        m2 = row[j + 2] if row[j + 2] > m2 else m2
        m3 = row[j + 3] if row[j + 3] > m3 else m3
        j += 4
    while j < n:
        m0 = row[j] if row[j] > m0 else m0
        j += 1
    m0 = m1 if m1 > m0 else m0
    m2 = m3 if m3 > m2 else m2
    return m2 if m2 > m0 else m0


cdef inline double row_sum(const real_t* row, Py_ssize_t n) noexcept nogil:
    cdef double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    cdef Py_ssize_t j = 0
    while j + 4 <= n:
        s0 += row[j]
        s1 += row[j + 1]
        s2 += row[j + 2]
        s3 += row[j + 3]
        j += 4
    while j < n:
        s0 += row[j]
        j += 1
    return (s0 + s1) + (s2 + s3)


cdef void softmax_rows(const real_t[:, ::1] a, real_t[:, ::1] out, bint take_log) noexcept nogil:
    # per row: max; exponentials into ``out``; their sum (four lanes); then scale, or write
    # ``shifted - log(sum)``
    cdef Py_ssize_t rows = a.shape[0], n = a.shape[1], r, j
    cdef real_t peak, scale
    cdef double log_total
    cdef const real_t* x
    cdef real_t* y
    for r in prange(rows, schedule="static", use_threads_if=rows * n >= PARALLEL_MIN_SIZE):
        x = &a[r, 0]
        y = &out[r, 0]
        peak = row_max(x, n)
        if peak == -INFINITY:
            peak = 0
        for j in range(n):
            y[j] = exp_of(x[j] - peak)
        if take_log:
            log_total = log(row_sum(y, n))
            for j in range(n):
                y[j] = <real_t>((x[j] - peak) - log_total)
        else:
            scale = <real_t>(1.0 / row_sum(y, n))
            for j in range(n):
                y[j] = y[j] * scale


def softmax_last_axis(a, bint take_log):
    """softmax (or log_softmax) of the C-contiguous float32/float64 NumPy array ``a`` over its last axis."""
    out = np.empty(a.shape, dtype=a.dtype)
    n = a.shape[a.ndim - 1] if a.ndim else 1   # (compiled with wraparound=False: no negative indices)
    rows = a.size // n if n else 0
    if rows == 0 or n == 0:
        return out
    if a.dtype == np.float32:
        softmax_rows[float](a.reshape(rows, n), out.reshape(rows, n), take_log)
    elif a.dtype == np.float64:
        softmax_rows[double](a.reshape(rows, n), out.reshape(rows, n), take_log)
    else:
        raise TypeError(f"softmax kernel takes float32 or float64 arrays, not {a.dtype}")
    return out

# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Fused softmax / log_softmax over the last axis of a C-contiguous float32/float64 array.

Composed from ufuncs, a softmax makes five passes over memory (max, subtract, exp, sum, divide), each
on one core. Here every row is handled by one thread in three passes that stay in cache (max; exp and
sum, writing the exponentials; scale), with rows spread over all cores.

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


cdef void softmax_rows(const real_t[:, ::1] a, real_t[:, ::1] out, bint take_log) noexcept nogil:
    cdef Py_ssize_t rows = a.shape[0], n = a.shape[1], r, j
    cdef real_t peak, e
    cdef double total, log_total
    for r in prange(rows, schedule="static", use_threads_if=rows * n >= PARALLEL_MIN_SIZE):
        peak = -INFINITY
        for j in range(n):
            if a[r, j] > peak:
                peak = a[r, j]
        if peak == -INFINITY:
            peak = 0
        total = 0.0
        for j in range(n):
            e = exp_of(a[r, j] - peak)
            total = total + e
            if not take_log:
                out[r, j] = e
        if take_log:
            log_total = log(total)
            for j in range(n):
                out[r, j] = <real_t>((a[r, j] - peak) - log_total)
        else:
            total = 1.0 / total
            for j in range(n):
                out[r, j] = <real_t>(out[r, j] * total)


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

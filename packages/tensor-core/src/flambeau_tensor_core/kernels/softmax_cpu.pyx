# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Fused softmax / log_softmax over the last axis of a C-contiguous float32/float64 array.

Composed from ufuncs, a softmax makes five passes over memory (max, subtract, exp, sum, divide), each
on one core. Here every row is handled by one thread in passes that stay in cache (max; exponentials;
their sum; scale), with rows spread over all cores. Each pass is a vectorised loop of ``simd_math.h``
(float32 exp by a SIMD polynomial within ~1 ulp; float64 exp by libm).

A row of ``-inf`` is shifted by 0 instead of its maximum, so that it gives NaN (0/0) and a row holding
``+inf`` gives NaN everywhere (inf - inf), both as PyTorch's kernels do.
"""
import numpy as np
from cython.parallel import prange
from libc.math cimport log, INFINITY

from .simd_math cimport real_t, exp_shifted, contiguous_sum, contiguous_max, scale

cdef Py_ssize_t PARALLEL_MIN_SIZE = 1 << 15   # below this a thread team costs more than it saves


cdef void softmax_rows(const real_t[:, ::1] a, real_t[:, ::1] out, bint take_log) noexcept nogil:
    # per row: max; exponentials into ``out``; their sum; then scale, or write ``shifted - log(sum)``
    cdef Py_ssize_t rows = a.shape[0], n = a.shape[1], r, j
    cdef real_t peak
    cdef double log_total
    cdef const real_t* x
    cdef real_t* y
    for r in prange(rows, schedule="static", use_threads_if=rows * n >= PARALLEL_MIN_SIZE):
        x = &a[r, 0]
        y = &out[r, 0]
        peak = contiguous_max(x, n)
        if peak == -INFINITY:
            peak = 0
        exp_shifted(x, peak, y, n)
        if take_log:
            log_total = log(contiguous_sum(y, n))
            for j in range(n):
                y[j] = <real_t>((x[j] - peak) - log_total)
        else:
            scale(y, <real_t>(1.0 / contiguous_sum(y, n)), n)


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

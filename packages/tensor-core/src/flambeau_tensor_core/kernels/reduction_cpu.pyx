# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Multi-threaded sum/mean over one block of contiguous dimensions of a float32/float64 array.

NumPy reduces on one core. Here the array is seen as ``(outer, n, inner)`` (the reduced dimensions
in the middle) and cut into tasks of ``(outer row, chunk of n)`` so that even a full reduction or a
reduction of a few long rows keeps every core busy. A contiguous run (``inner == 1``) is summed by the
vectorised ``contiguous_sum`` of ``simd_math.h``: float32 in float lanes within blocks of 1024 elements,
the block totals in double, so float32 results are at least as accurate as NumPy's pairwise sums.
Other partial sums are kept in double precision.
"""
import numpy as np
from cython.parallel import prange
cimport openmp

from .simd_math cimport real_t, contiguous_sum

cdef Py_ssize_t MIN_CHUNK = 1 << 12   # elements per task below which splitting n does not pay


cdef Py_ssize_t chunk_count(Py_ssize_t outer, Py_ssize_t n, Py_ssize_t inner) noexcept nogil:
    """How many pieces to cut the reduced extent into: enough tasks for every thread, none tiny."""
    cdef Py_ssize_t wanted = 4 * openmp.omp_get_max_threads()
    if outer >= wanted:
        return 1
    cdef Py_ssize_t chunks = (wanted + outer - 1) // outer
    cdef Py_ssize_t most = (n * inner) // MIN_CHUNK
    if chunks > most:
        chunks = most
    if chunks > n:
        chunks = n
    return chunks if chunks > 1 else 1


cdef void rows_partial_sums(const real_t[:, :, ::1] x, double[:, :, ::1] partial) noexcept nogil:
    """inner == 1: partial[o, c, 0] = sum of the c-th chunk of row o."""
    cdef Py_ssize_t outer = x.shape[0], n = x.shape[1], chunks = partial.shape[1], task, o, c, start, stop
    for task in prange(outer * chunks, schedule="static"):
        o = task // chunks
        c = task % chunks
        start = n * c // chunks
        stop = n * (c + 1) // chunks
        partial[o, c, 0] = contiguous_sum(&x[o, start, 0], stop - start)


cdef void columns_partial_sums(const real_t[:, :, ::1] x, double[:, :, ::1] partial) noexcept nogil:
    """inner > 1: partial[o, c, :] = sum over the c-th chunk of x[o, :, :] (contiguous inner loop)."""
    cdef Py_ssize_t outer = x.shape[0], n = x.shape[1], inner = x.shape[2], chunks = partial.shape[1]
    cdef Py_ssize_t task, o, c, j, k, start, stop
    for task in prange(outer * chunks, schedule="static"):
        o = task // chunks
        c = task % chunks
        start = n * c // chunks
        stop = n * (c + 1) // chunks
        for j in range(start, stop):
            for k in range(inner):
                partial[o, c, k] += x[o, j, k]


cdef void sum_middle_into(const real_t[:, :, ::1] x, double[:, :, ::1] partial, real_t[:, ::1] out,
                          bint mean) noexcept nogil:
    """out[o, k] = the chunks' partial sums added in double, divided by n for a mean, rounded once."""
    cdef Py_ssize_t o, c, k, n = x.shape[1]
    cdef double total, divisor = n if mean else 1
    if x.shape[2] == 1:
        rows_partial_sums(x, partial)
    else:
        columns_partial_sums(x, partial)
    for o in range(partial.shape[0]):
        for k in range(partial.shape[2]):
            total = 0
            for c in range(partial.shape[1]):
                total += partial[o, c, k]
            out[o, k] = <real_t>(total / divisor)


cdef void row_sums_into(const real_t[:, ::1] x, real_t[::1] out, bint mean) noexcept nogil:
    """out[o] = sum (or mean) of row o, one row per task: many rows need no partial sums to combine."""
    cdef Py_ssize_t o, n = x.shape[1]
    cdef double divisor = n if mean else 1
    for o in prange(x.shape[0], schedule="static"):
        out[o] = <real_t>(contiguous_sum(&x[o, 0], n) / divisor)


def sum_middle(a, Py_ssize_t outer, Py_ssize_t n, Py_ssize_t inner, bint mean):
    """Sum (or mean) of the C-contiguous float32/float64 array ``a`` seen as ``(outer, n, inner)``
    over its middle axis; an ``(outer, inner)`` array of ``a``'s dtype."""
    cdef Py_ssize_t chunks = chunk_count(outer, n, inner)
    out = np.empty((outer, inner), dtype=a.dtype)
    if inner == 1 and chunks == 1 and n > 0:
        if a.dtype == np.float32:
            row_sums_into[float](a.reshape(outer, n), out.reshape(outer), mean)
        else:
            row_sums_into[double](a.reshape(outer, n), out.reshape(outer), mean)
        return out
    partial = np.zeros((outer, chunks, inner), dtype=np.float64)
    if a.dtype == np.float32:
        sum_middle_into[float](a.reshape(outer, n, inner), partial, out, mean)
    else:
        sum_middle_into[double](a.reshape(outer, n, inner), partial, out, mean)
    return out

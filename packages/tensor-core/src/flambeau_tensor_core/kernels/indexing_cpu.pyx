# cython: language_level=3, boundscheck=False, wraparound=False
"""OpenMP kernels for gathers and scatter-adds along one dim.

Arrays arrive as 3-d strided views ``(outer, n, inner)`` around the indexed dim, so one kernel serves
every rank and layout. Gathers parallelise over all output elements; scatter-adds and index-adds over
the ``(outer, inner)`` pairs, each of which owns its own output line, so no two threads ever write the
same element and no atomics are needed. Index values are checked in Python before the call.
"""
from cython.parallel import prange

ctypedef fused value_t:
    float
    double
    long long
    int

ctypedef fused index_t:
    long long
    int


def gather_dim(const value_t[:, :, :] src, const index_t[:, :, :] index, value_t[:, :, :] out):
    """``out[o, j, i] = src[o, index[o, j, i], i]``."""
    cdef Py_ssize_t outer = index.shape[0], n = index.shape[1], inner = index.shape[2]
    cdef Py_ssize_t p, o, j, i
    with nogil:
        if outer >= 64:   # enough outer slices to share out: no index arithmetic per element
            for o in prange(outer, schedule="static"):
                for j in range(n):
                    for i in range(inner):
                        out[o, j, i] = src[o, index[o, j, i], i]
        else:             # few slices (a gather along dim 0): share out the (slice, position) lines
            for p in prange(outer * n, schedule="static"):
                o = p // n
                j = p % n
                for i in range(inner):
                    out[o, j, i] = src[o, index[o, j, i], i]


def scatter_add_dim(value_t[:, :, :] target, const index_t[:, :, :] index, const value_t[:, :, :] values):
    """``target[o, index[o, j, i], i] += values[o, j, i]`` (repeated positions accumulate)."""
    cdef Py_ssize_t outer = index.shape[0], n = index.shape[1], inner = index.shape[2]
    cdef Py_ssize_t p, o, j, i
    with nogil:
        for p in prange(outer * inner, schedule="static"):
            o = p // inner
            i = p % inner
            for j in range(n):
                target[o, index[o, j, i], i] += values[o, j, i]


def index_add_dim(value_t[:, :, :] target, const index_t[:] positions, const value_t[:, :, :] values):
    """``target[o, positions[j], i] += values[o, j, i]``."""
    cdef Py_ssize_t outer = values.shape[0], n = values.shape[1], inner = values.shape[2]
    cdef Py_ssize_t p, o, j, i
    with nogil:
        for p in prange(outer * inner, schedule="static"):
            o = p // inner
            i = p % inner
            for j in range(n):
                target[o, positions[j], i] += values[o, j, i]

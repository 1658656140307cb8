# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""OpenMP kernels for gathers and scatter-adds along one dim.

Arrays arrive as 3-d strided views ``(outer, n, inner)`` around the indexed dim (strides whole items),
so one kernel serves every rank and layout. Work is cut into lines, each walked front to back: a
gather's lines run along the gathered dim when ``inner`` is 1, else along ``inner``, and it checks every
index as it reads it (an index outside the source is counted and skipped, never read). Scatter-adds and
index-adds cut the work into ``(outer slice, block of inner columns)`` tasks: a task owns its target
columns, so no two threads ever write the same element and no atomics are needed, and it reads each
row of ``values`` in its block contiguously. Their index values are checked before the call (by
``count_out_of_range`` for large arrays), so that a bad index leaves the target untouched.
"""
from cython.parallel import prange
cimport openmp

ctypedef fused value_t:
    float
    double
    long long
    int

ctypedef fused index_t:
    long long
    int

cdef enum:
    MIN_BLOCK = 16   # elements per task at least: whole cache lines, a vectorisable loop


cdef Py_ssize_t _blocks(Py_ssize_t lines, Py_ssize_t length) noexcept nogil:
    """How many blocks to cut each of ``lines`` lines of ``length`` elements into: one when there are
    lines enough to keep every thread busy, else one per thread (of at least ``MIN_BLOCK`` elements)."""
    cdef Py_ssize_t threads = openmp.omp_get_max_threads()
    if lines >= 4 * threads:
        return 1
    return max(1, min(threads, length // MIN_BLOCK))


cdef inline Py_ssize_t _gather_line(const value_t* src, Py_ssize_t src_step, Py_ssize_t line_step,
                                    Py_ssize_t n_src, const index_t* index, Py_ssize_t index_step, value_t* out,
                                    Py_ssize_t count) noexcept nogil:
    """``out[m] = src[index[m * index_step] * src_step + m * line_step]`` for ``m < count``; returns how
    many indices fell outside ``[0, n_src)`` (those outputs are skipped, their source never read)."""
    cdef Py_ssize_t m, bad = 0
    cdef index_t k
    for m in range(count):
        k = index[m * index_step]
        if <size_t>k < <size_t>n_src:   # a negative k wraps to a huge size_t
            out[m] = src[k * src_step + m * line_step]
        else:
            bad += 1
    return bad


def gather_dim(const value_t[:, :, :] src, const index_t[:, :, :] index, value_t[:, :, ::1] out):
    """``out[o, j, i] = src[o, index[o, j, i], i]``; returns how many indices lie outside
    ``[0, src.shape[1])`` (their outputs are left unwritten)."""
    cdef Py_ssize_t outer = index.shape[0], n = index.shape[1], inner = index.shape[2]
    cdef Py_ssize_t n_src = src.shape[1], src_step = src.strides[1] // sizeof(value_t)
    cdef Py_ssize_t src_inner_step = src.strides[2] // sizeof(value_t)
    cdef Py_ssize_t index_step = index.strides[1] // sizeof(index_t)
    cdef Py_ssize_t index_inner_step = index.strides[2] // sizeof(index_t)
    cdef Py_ssize_t blocks = _blocks(outer, n), width = (n + blocks - 1) // blocks
    cdef Py_ssize_t task, o, j, start, stop, bad = 0
    if outer == 0 or n == 0 or inner == 0:
        return 0
    with nogil:
        if inner == 1:   # lines along the gathered dim (blocks of them when the slices are few)
            for task in prange(outer * blocks, schedule="static"):
                o = task // blocks
                start = (task % blocks) * width
                stop = min(start + width, n)
                if start < stop:
                    bad += _gather_line(&src[o, 0, 0], src_step, 0, n_src, &index[o, start, 0], index_step,
                                        &out[o, start, 0], stop - start)
        else:            # lines along the inner extent, one per (slice, position)
            for task in prange(outer * n, schedule="static"):
                o = task // n
                j = task % n
                bad += _gather_line(&src[o, 0, 0], src_step, src_inner_step, n_src, &index[o, j, 0],
                                    index_inner_step, &out[o, j, 0], inner)
    return bad


cdef inline void _scatter_add_line(value_t* target, Py_ssize_t target_step, Py_ssize_t line_step,
                                   const index_t* index, Py_ssize_t index_step, const value_t* values,
                                   Py_ssize_t values_step, Py_ssize_t count) noexcept nogil:
    """``target[index[m * index_step] * target_step + m * line_step] += values[m * values_step]`` for
    ``m < count``."""
    cdef Py_ssize_t m
    for m in range(count):
        target[index[m * index_step] * target_step + m * line_step] += values[m * values_step]


def scatter_add_dim(value_t[:, :, :] target, const index_t[:, :, :] index, const value_t[:, :, :] values):
    """``target[o, index[o, j, i], i] += values[o, j, i]`` (repeated positions accumulate)."""
    cdef Py_ssize_t outer = index.shape[0], n = index.shape[1], inner = index.shape[2]
    cdef Py_ssize_t blocks = _blocks(outer, inner), width = (inner + blocks - 1) // blocks
    cdef Py_ssize_t target_step = target.strides[1] // sizeof(value_t)
    cdef Py_ssize_t target_inner_step = target.strides[2] // sizeof(value_t)
    cdef Py_ssize_t index_step = index.strides[1] // sizeof(index_t)
    cdef Py_ssize_t index_inner_step = index.strides[2] // sizeof(index_t)
    cdef Py_ssize_t values_step = values.strides[1] // sizeof(value_t)
    cdef Py_ssize_t values_inner_step = values.strides[2] // sizeof(value_t)
    cdef Py_ssize_t task, o, j, start, stop
    if outer == 0 or n == 0 or inner == 0:
        return
    with nogil:
        if inner == 1:   # one line per slice: positions of one slice may repeat, so never split it
            for o in prange(outer, schedule="static"):
                _scatter_add_line(&target[o, 0, 0], target_step, 0, &index[o, 0, 0], index_step,
                                  &values[o, 0, 0], values_step, n)
        else:            # a task adds each row's block of columns in turn
            for task in prange(outer * blocks, schedule="static"):
                o = task // blocks
                start = (task % blocks) * width
                stop = min(start + width, inner)
                if start < stop:
                    for j in range(n):
                        _scatter_add_line(&target[o, 0, start], target_step, target_inner_step,
                                          &index[o, j, start], index_inner_step, &values[o, j, start],
                                          values_inner_step, stop - start)


def count_out_of_range(const index_t[::1] index, Py_ssize_t size):
    """How many of ``index`` lie outside ``[0, size)``: one parallel pass, where NumPy's min and max
    take two on one core."""
    cdef Py_ssize_t m, bad = 0
    with nogil:
        for m in prange(index.shape[0], schedule="static"):
            bad += <size_t>index[m] >= <size_t>size   # a negative index wraps to a huge size_t
    return bad


cdef inline void _add_row(value_t* target, Py_ssize_t target_step, const value_t* values,
                          Py_ssize_t values_step, Py_ssize_t count) noexcept nogil:
    """``target[m * target_step] += values[m * values_step]`` for ``m < count``; the unit-step case
    is a plain loop the compiler vectorises."""
    cdef Py_ssize_t m
    if target_step == 1 and values_step == 1:
        for m in range(count):
            target[m] += values[m]
    else:
        for m in range(count):
            target[m * target_step] += values[m * values_step]


def index_add_dim(value_t[:, :, :] target, const index_t[:] positions, const value_t[:, :, :] values):
    """``target[o, positions[j], i] += values[o, j, i]``."""
    cdef Py_ssize_t outer = values.shape[0], n = values.shape[1], inner = values.shape[2]
    cdef Py_ssize_t blocks = _blocks(outer, inner), width = (inner + blocks - 1) // blocks
    cdef Py_ssize_t target_step = target.strides[2] // sizeof(value_t)
    cdef Py_ssize_t values_step = values.strides[2] // sizeof(value_t)
    cdef Py_ssize_t task, o, j, start, stop
    with nogil:
        for task in prange(outer * blocks, schedule="static"):
            o = task // blocks
            start = (task % blocks) * width
            stop = min(start + width, inner)
            if start < stop:
                for j in range(n):
                    _add_row(&target[o, positions[j], start], target_step, &values[o, j, start], values_step,
                             stop - start)

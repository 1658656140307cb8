# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Stable argsort of many rows at once, one row per OpenMP thread.

NumPy sorts one row after another on one core; a batch of rows (``sort`` along a dim of a 2-d or
larger tensor) splits here over every core. Each row is a bottom-up merge sort of (key, position) pairs
(insertion sort for short runs), stable, with NaN ordered above every number as PyTorch orders it.
"""
from cython.parallel import prange
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

ctypedef fused key_t:
    float
    double
    long long
    int

cdef enum:
    RUN = 24   # insertion-sorted run length before merging


cdef inline bint _less(key_t a, key_t b) noexcept nogil:
    # NaN (a != a) is larger than everything and equal to itself
    return a < b or (b != b and a == a)


cdef inline bint _precedes(key_t a, key_t b, bint descending) noexcept nogil:
    """Whether ``a`` must come strictly before ``b``."""
    if descending:
        return _less(b, a)
    return _less(a, b)


cdef void _sort_row(const key_t[:] row, long long* order, key_t* keys, long long* spare_order,
                    key_t* spare_keys, Py_ssize_t n, bint descending) noexcept nogil:
    """Merge sort of (key, position) pairs kept side by side in two arrays, so comparisons read
    contiguous keys instead of gathering ``row[position]``."""
    cdef Py_ssize_t start, i, j, width, lo, mid, hi, a, b, k
    cdef long long moving
    cdef key_t moving_key
    cdef long long* source = order
    cdef long long* target = spare_order
    cdef key_t* source_keys = keys
    cdef key_t* target_keys = spare_keys
    cdef long long* swap
    cdef key_t* swap_keys
    for i in range(n):
        order[i] = i
        keys[i] = row[i]
    start = 0
    while start < n:   # insertion sort of each run
        hi = min(start + RUN, n)
        for i in range(start + 1, hi):
            moving = order[i]
            moving_key = keys[i]
            j = i
            while j > start and _precedes(moving_key, keys[j - 1], descending):
                order[j] = order[j - 1]
                keys[j] = keys[j - 1]
                j -= 1
            order[j] = moving
            keys[j] = moving_key
        start = hi
    width = RUN
    while width < n:   # merge runs pairwise, ping-ponging between the two pairs of arrays
        lo = 0
        while lo < n:
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            a, b, k = lo, mid, lo
            while a < mid and b < hi:
                if _precedes(source_keys[b], source_keys[a], descending):
                    target[k] = source[b]
                    target_keys[k] = source_keys[b]
                    b += 1
                else:
                    target[k] = source[a]
                    target_keys[k] = source_keys[a]
                    a += 1
                k += 1
            if a < mid:
                memcpy(&target[k], &source[a], (mid - a) * sizeof(long long))
                memcpy(&target_keys[k], &source_keys[a], (mid - a) * sizeof(key_t))
            elif b < hi:
                memcpy(&target[k], &source[b], (hi - b) * sizeof(long long))
                memcpy(&target_keys[k], &source_keys[b], (hi - b) * sizeof(key_t))
            lo = hi
        swap, swap_keys = source, source_keys
        source, source_keys = target, target_keys
        target, target_keys = swap, swap_keys
        width *= 2
    if source != order:
        memcpy(order, source, n * sizeof(long long))


def argsort_rows(const key_t[:, :] values, long long[:, ::1] out, bint descending):
    """``out[r]`` = the stable sorting permutation of ``values[r]`` (ascending unless ``descending``)."""
    cdef Py_ssize_t rows = values.shape[0], n = values.shape[1], r
    cdef long long* spare_order
    cdef key_t* keys
    if n == 0:
        return
    with nogil:
        for r in prange(rows, schedule="dynamic"):
            spare_order = <long long*>malloc(n * sizeof(long long))
            keys = <key_t*>malloc(2 * n * sizeof(key_t))
            if spare_order != NULL and keys != NULL:
                _sort_row(values[r], &out[r, 0], keys, spare_order, keys + n, n, descending)
            free(spare_order)
            free(keys)

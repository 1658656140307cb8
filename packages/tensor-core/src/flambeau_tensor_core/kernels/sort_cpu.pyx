# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Stable sort of many rows at once, rows shared out over the OpenMP threads.

NumPy sorts one row after another on one core, with comparisons. Here each row becomes unsigned
integer keys that order as its values do (NaN above every number and equal to itself, -0.0 equal to
0.0, as PyTorch compares; descending order is the bitwise complement), sorted with their positions by
an LSD radix sort, one byte per pass: stable, and with no comparisons at all. Passes whose byte is the
same in every key are skipped, so small integers cost one or two passes. Short rows take an insertion
sort instead, since a radix pass costs a 256-bucket scan whatever the row length.
"""
import numpy as np
from cython.parallel import prange, threadid
cimport openmp
from libc.stdint cimport uint32_t, uint64_t
from libc.string cimport memcpy, memset

ctypedef fused key_t:
    float
    double
    long long
    int

ctypedef fused bits_t:   # a key's sortable bits: as wide as the key
    uint32_t
    uint64_t

cdef enum:
    BUCKETS = 256
    INSERTION_MAX = 48   # rows up to this length are insertion-sorted


cdef inline uint64_t _sortable_bits(key_t x) noexcept nogil:
    """An unsigned integer of ``x``'s width that orders as ``x`` does."""
    cdef uint32_t bits32
    cdef uint64_t bits64
    if key_t is float:
        if x != x:
            return 0xFFFFFFFFu
        x = x + <float>0.0   # -0.0 becomes 0.0: PyTorch keeps the two in input order
        memcpy(&bits32, &x, 4)
        return bits32 ^ (0xFFFFFFFFu if bits32 >> 31 else 0x80000000u)
    elif key_t is double:
        if x != x:
            return 0xFFFFFFFFFFFFFFFFu
        x = x + 0.0
        memcpy(&bits64, &x, 8)
        return bits64 ^ (0xFFFFFFFFFFFFFFFFu if bits64 >> 63 else 0x8000000000000000u)
    elif key_t is int:
        return <uint32_t>x ^ 0x80000000u
    else:
        return <uint64_t>x ^ 0x8000000000000000u


cdef void _histograms(const bits_t* keys, Py_ssize_t n, uint32_t* counts) noexcept nogil:
    """``counts[b * 256 + v]`` = how many keys have ``v`` as their byte ``b``."""
    cdef Py_ssize_t i
    cdef size_t b
    memset(counts, 0, sizeof(bits_t) * BUCKETS * sizeof(uint32_t))
    for i in range(n):
        for b in range(sizeof(bits_t)):
            counts[b * BUCKETS + ((keys[i] >> (8 * b)) & 0xFF)] += 1


cdef uint32_t* _radix_sort(bits_t* keys, uint32_t* order, bits_t* spare_keys, uint32_t* spare_order,
                           Py_ssize_t n, uint32_t* counts) noexcept nogil:
    """Stable LSD radix sort of (key, position) pairs; returns the buffer holding the sorted positions."""
    cdef Py_ssize_t i
    cdef size_t b
    cdef int shift, d
    cdef uint32_t total, count, slot
    cdef bits_t key
    cdef uint32_t* offsets
    cdef bits_t* swap_keys
    cdef uint32_t* swap_order
    _histograms(keys, n, counts)
    for b in range(sizeof(bits_t)):
        shift = 8 * b
        offsets = counts + b * BUCKETS
        if offsets[(keys[0] >> shift) & 0xFF] == n:   # this byte is the same everywhere
            continue
        total = 0
        for d in range(BUCKETS):   # counts become each bucket's first slot
            count = offsets[d]
            offsets[d] = total
            total += count
        for i in range(n):
            key = keys[i]
            d = (key >> shift) & 0xFF
            slot = offsets[d]
            offsets[d] = slot + 1
            spare_keys[slot] = key
            spare_order[slot] = order[i]
        swap_keys, swap_order = keys, order
        keys, order = spare_keys, spare_order
        spare_keys, spare_order = swap_keys, swap_order
    return order


cdef void _insertion_sort(bits_t* keys, uint32_t* order, Py_ssize_t n) noexcept nogil:
    """Stable: an element moves only past strictly larger keys."""
    cdef Py_ssize_t i, j
    cdef bits_t key
    cdef uint32_t position
    for i in range(1, n):
        key, position = keys[i], order[i]
        j = i
        while j > 0 and keys[j - 1] > key:
            keys[j], order[j] = keys[j - 1], order[j - 1]
            j -= 1
        keys[j], order[j] = key, position


cdef void _sort_row(const key_t[:] row, key_t* sorted_values, long long* positions, bits_t* keys,
                    uint32_t* order, uint32_t* counts, bint descending) noexcept nogil:
    """``positions`` = the stable sorting permutation of ``row``; ``sorted_values`` (unless NULL) the
    row in that order. ``keys``/``order`` hold two rows' worth each (the radix passes ping-pong)."""
    cdef Py_ssize_t n = row.shape[0], i
    cdef bits_t flip = <bits_t>(-1) if descending else 0   # complemented keys sort in reverse
    cdef uint32_t* result = order
    for i in range(n):
        keys[i] = <bits_t>_sortable_bits(row[i]) ^ flip
        order[i] = <uint32_t>i
    if n > INSERTION_MAX:
        result = _radix_sort(keys, order, keys + n, order + n, n, counts)
    else:
        _insertion_sort(keys, order, n)
    for i in range(n):
        positions[i] = result[i]
    if sorted_values != NULL:
        for i in range(n):
            sorted_values[i] = row[result[i]]


cdef void _sort_all(const key_t[:, :] values, key_t[:, ::1] sorted_values, long long[:, ::1] positions,
                    bits_t* keys, uint32_t* order, uint32_t* counts, int threads, bint with_values,
                    bint descending) noexcept nogil:
    """Rows shared out over ``threads``; thread ``t`` works in the ``t``-th slice of each buffer."""
    cdef Py_ssize_t n = values.shape[1], r
    cdef int t
    for r in prange(values.shape[0], schedule="static", num_threads=threads):
        t = threadid()
        _sort_row(values[r], &sorted_values[r, 0] if with_values else NULL, &positions[r, 0],
                  keys + 2 * n * t, order + 2 * n * t, counts + 8 * BUCKETS * t, descending)


def sort_rows(const key_t[:, :] values, key_t[:, ::1] sorted_values, long long[:, ::1] positions,
              bint descending):
    """``positions[r]`` = the stable sorting permutation of ``values[r]`` (ascending unless
    ``descending``) and, unless ``sorted_values`` is None, ``sorted_values[r]`` the sorted row.
    Rows must be shorter than 2**32."""
    cdef Py_ssize_t rows = values.shape[0], n = values.shape[1]
    cdef int threads = min(openmp.omp_get_max_threads(), max(rows, 1))
    if n == 0 or rows == 0:
        return
    # per thread: keys and positions twice over (radix ping-pong) and one histogram per key byte
    keys_buffer = np.empty(threads * 2 * n, dtype=np.uint32 if sizeof(key_t) == 4 else np.uint64)
    order_buffer = np.empty(threads * 2 * n, dtype=np.uint32)
    counts_buffer = np.empty(threads * 8 * BUCKETS, dtype=np.uint32)
    cdef uint32_t[::1] order = order_buffer
    cdef uint32_t[::1] counts = counts_buffer
    cdef uint32_t[::1] keys32
    cdef uint64_t[::1] keys64
    if key_t is float or key_t is int:
        keys32 = keys_buffer
        with nogil:
            _sort_all(values, sorted_values, positions, &keys32[0], &order[0], &counts[0], threads,
                      sorted_values is not None, descending)
    else:
        keys64 = keys_buffer
        with nogil:
            _sort_all(values, sorted_values, positions, &keys64[0], &order[0], &counts[0], threads,
                      sorted_values is not None, descending)

# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Fused multiply-add over an array: ``out[i] = a * x[i] + b`` rounded once.

PyTorch's CPU build contracts ``a * x + b`` into one FMA instruction in kernels such as ``linspace``;
NumPy has no fused ufunc (it rounds the product, then the sum), which differs in the last bit for a
good share of the elements. This kernel gives those ops PyTorch's bits.
"""
from libc.math cimport fma, fmaf

ctypedef fused real_t:
    float
    double


def scaled_shift(const real_t[::1] x, real_t a, real_t b, real_t[::1] out) -> None:
    """``out[i] = fma(a, x[i], b)`` (``out`` may be ``x``)."""
    cdef Py_ssize_t i
    with nogil:
        if real_t is float:
            for i in range(x.shape[0]):
                out[i] = fmaf(a, x[i], b)
        else:
            for i in range(x.shape[0]):
                out[i] = fma(a, x[i], b)

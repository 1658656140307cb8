# cython: language_level=3
"""Multi-threaded elementwise kernels for large float tensors.

NumPy's ufunc loops run on one core; for tensors of 64k elements and more these OpenMP loops split the
work over every core, which is what PyTorch does too. Small tensors never come here (thread start-up
would cost more than the loop).
"""
import numpy as np
from cython.parallel import prange

ctypedef fused real_t:
    float
    double

cdef enum:
    OP_ADD = 0
    OP_SUB = 1
    OP_MUL = 2
    OP_DIV = 3

_FALLBACK = (np.add, np.subtract, np.multiply, np.true_divide)


cdef void _binary_loop(int op, const real_t[::1] a, const real_t[::1] b, real_t[::1] out) noexcept nogil:
    cdef Py_ssize_t i, n = out.shape[0]
    if op == OP_ADD:
        for i in prange(n, schedule="static"):
            out[i] = a[i] + b[i]
    elif op == OP_SUB:
        for i in prange(n, schedule="static"):
            out[i] = a[i] - b[i]
    elif op == OP_MUL:
        for i in prange(n, schedule="static"):
            out[i] = a[i] * b[i]
    else:
        for i in prange(n, schedule="static"):
            out[i] = a[i] / b[i]


def binary_op(int op, a, b):
    """``a <op> b`` for two same-shape, same-dtype float32/float64 arrays (op: 0 add, 1 sub, 2 mul,
    3 div). Non-contiguous inputs go to NumPy, which handles strides better than a flat loop."""
    if not (a.flags.c_contiguous and b.flags.c_contiguous) or a.dtype != b.dtype:
        return _FALLBACK[op](a, b)
    out = np.empty(a.shape, dtype=a.dtype)
    if a.dtype == np.float32:
        _binary_loop[float](op, a.reshape(-1), b.reshape(-1), out.reshape(-1))
    else:
        _binary_loop[double](op, a.reshape(-1), b.reshape(-1), out.reshape(-1))
    return out

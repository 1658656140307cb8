# cython: language_level=3
"""Multi-threaded elementwise kernels for large float tensors.

NumPy's ufunc loops run on one core; for tensors of 64k elements and more these OpenMP loops split the
work over every core, which is what PyTorch does too. Small tensors never come here (thread start-up
would cost more than the loop).

Operands are two same-shape arrays, or an array and a number (``x * 0.5``, ``1 - x``); the result goes
to a fresh array or into ``out`` (the in-place ops, ``x.sub_(y)``), which may be one of the operands
but must not partly overlap one.
"""
import numpy as np

cimport numpy as cnp
from cython.parallel import prange

from .simd_math cimport real_t, scaled_add

cnp.import_array()

cdef enum:
    OP_ADD = 0
    OP_SUB = 1
    OP_MUL = 2
    OP_DIV = 3


cdef void _arrays_loop(int op, const real_t* a, const real_t* b, real_t* out, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
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


cdef void _scalar_loop(int op, const real_t* a, real_t s, real_t* out, Py_ssize_t n,
                       bint scalar_first) noexcept nogil:
    cdef Py_ssize_t i
    if op == OP_ADD:
        for i in prange(n, schedule="static"):
            out[i] = a[i] + s
    elif op == OP_MUL:
        for i in prange(n, schedule="static"):
            out[i] = a[i] * s
    elif op == OP_SUB and scalar_first:
        for i in prange(n, schedule="static"):
            out[i] = s - a[i]
    elif op == OP_SUB:
        for i in prange(n, schedule="static"):
            out[i] = a[i] - s
    elif scalar_first:
        for i in prange(n, schedule="static"):
            out[i] = s / a[i]
    else:
        for i in prange(n, schedule="static"):
            out[i] = a[i] / s


cdef inline bint _plain(object array, int type_num):
    """A NumPy (not a subclass) C-contiguous, aligned, native-order array of ``type_num``."""
    if not cnp.PyArray_CheckExact(array):
        return False
    cdef cnp.ndarray a = <cnp.ndarray>array
    return (cnp.PyArray_TYPE(a) == type_num and cnp.PyArray_IS_C_CONTIGUOUS(a)
            and cnp.PyArray_ISBEHAVED_RO(a))


cdef inline bint _exact_number(object value):
    """A Python float, or an int a double holds exactly (so it is rounded once, to the array's dtype)."""
    return type(value) is float or (type(value) is int and -(1 << 53) <= value <= (1 << 53))


cdef inline bint _safe_with(cnp.ndarray out, cnp.ndarray operand):
    """Whether ``out`` can be written while ``operand`` is read: the same memory (each element read
    before it is written) or memory that does not overlap."""
    cdef char* o = <char*>cnp.PyArray_DATA(out)
    cdef char* p = <char*>cnp.PyArray_DATA(operand)
    cdef Py_ssize_t o_bytes = cnp.PyArray_NBYTES(out), p_bytes = cnp.PyArray_NBYTES(operand)
    return o == p or o + o_bytes <= p or p + p_bytes <= o


cdef object _output(object out, cnp.ndarray x, object y, int type_num):
    """The array a kernel writes: a fresh one shaped as ``x``, or ``out`` when it fits (plain, writable,
    of ``x``'s dtype and shape, the same memory as each operand or disjoint from it); else None."""
    if out is None:
        return cnp.PyArray_EMPTY(cnp.PyArray_NDIM(x), cnp.PyArray_DIMS(x), type_num, 0)
    if not _plain(out, type_num) or not cnp.PyArray_ISWRITEABLE(<cnp.ndarray>out):
        return None
    cdef cnp.ndarray z = <cnp.ndarray>out
    if cnp.PyArray_NDIM(z) != cnp.PyArray_NDIM(x) or not cnp.PyArray_SAMESHAPE(z, x):
        return None
    if not _safe_with(z, x) or (y is not None and not _safe_with(z, <cnp.ndarray>y)):
        return None
    return z


def binary_op(int op, a, b, out=None):
    """``a <op> b`` (op: 0 add, 1 sub, 2 mul, 3 div) written to ``out`` (or a fresh array), or None when
    the operands do not fit the kernel and the caller should use NumPy.

    Fits: float32/float64 C-contiguous arrays of one dtype and shape, or one such array and a Python
    number; ``out`` of the same dtype and shape, not partly overlapping an operand. Results are the IEEE
    results of the dtype's arithmetic, as NumPy's and PyTorch's loops give.
    """
    cdef bint scalar_first = False
    cdef object array = a, number = None
    if not isinstance(a, np.ndarray):
        array, number, scalar_first = b, a, True
    elif not isinstance(b, np.ndarray):
        number = b
    if not isinstance(array, np.ndarray):
        return None
    cdef int type_num = cnp.PyArray_TYPE(<cnp.ndarray>array)
    if (type_num != cnp.NPY_FLOAT32 and type_num != cnp.NPY_FLOAT64) or not _plain(array, type_num):
        return None
    cdef cnp.ndarray x = <cnp.ndarray>array, y = None, z
    if number is None:
        if not _plain(b, type_num):
            return None
        y = <cnp.ndarray>b
        if cnp.PyArray_NDIM(x) != cnp.PyArray_NDIM(y) or not cnp.PyArray_SAMESHAPE(x, y):
            return None
    elif not _exact_number(number):
        return None
    z = _output(out, x, y, type_num)
    if z is None:
        return None
    cdef Py_ssize_t n = cnp.PyArray_SIZE(x)
    cdef double s
    if y is not None:
        if type_num == cnp.NPY_FLOAT32:
            with nogil:
                _arrays_loop[float](op, <float*>cnp.PyArray_DATA(x), <float*>cnp.PyArray_DATA(y),
                                    <float*>cnp.PyArray_DATA(z), n)
        else:
            with nogil:
                _arrays_loop[double](op, <double*>cnp.PyArray_DATA(x), <double*>cnp.PyArray_DATA(y),
                                     <double*>cnp.PyArray_DATA(z), n)
    else:
        s = <double>number
        if type_num == cnp.NPY_FLOAT32:
            with nogil:
                _scalar_loop[float](op, <float*>cnp.PyArray_DATA(x), <float>s, <float*>cnp.PyArray_DATA(z),
                                    n, scalar_first)
        else:
            with nogil:
                _scalar_loop[double](op, <double*>cnp.PyArray_DATA(x), s, <double*>cnp.PyArray_DATA(z),
                                     n, scalar_first)
    return z


cdef Py_ssize_t TASK_SIZE = 1 << 14       # elements per task of the parallel fused loop
cdef Py_ssize_t PARALLEL_MIN = 1 << 16    # below this, one thread


cdef void _scaled_add_tasks(const real_t* a, const real_t* b, real_t alpha, real_t* y, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t tasks = (n + TASK_SIZE - 1) // TASK_SIZE, task, start
    for task in prange(tasks, schedule="static", use_threads_if=n >= PARALLEL_MIN):
        start = task * TASK_SIZE
        scaled_add(a + start, b + start, alpha, y + start, min(TASK_SIZE, n - start))


def scaled_add_op(a, b, double alpha, out=None):
    """``a + alpha * b`` with one rounding per element (a fused multiply-add, which is what PyTorch's
    ``add``/``sub`` with ``alpha`` compute), into ``out`` (which may be ``a``) or a fresh array; None when
    the operands do not fit (they must be float32/float64 C-contiguous arrays of one dtype and shape,
    ``out`` too, not partly overlapping ``b``)."""
    if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray):
        return None
    cdef int type_num = cnp.PyArray_TYPE(<cnp.ndarray>a)
    if (type_num != cnp.NPY_FLOAT32 and type_num != cnp.NPY_FLOAT64) or not _plain(a, type_num) \
            or not _plain(b, type_num):
        return None
    cdef cnp.ndarray x = <cnp.ndarray>a, y = <cnp.ndarray>b, z
    if cnp.PyArray_NDIM(x) != cnp.PyArray_NDIM(y) or not cnp.PyArray_SAMESHAPE(x, y):
        return None
    z = _output(out, x, y, type_num)
    if z is None:
        return None
    cdef Py_ssize_t n = cnp.PyArray_SIZE(x)
    if type_num == cnp.NPY_FLOAT32:
        with nogil:
            _scaled_add_tasks[float](<float*>cnp.PyArray_DATA(x), <float*>cnp.PyArray_DATA(y), <float>alpha,
                                     <float*>cnp.PyArray_DATA(z), n)
    else:
        with nogil:
            _scaled_add_tasks[double](<double*>cnp.PyArray_DATA(x), <double*>cnp.PyArray_DATA(y), alpha,
                                      <double*>cnp.PyArray_DATA(z), n)
    return z

"""The vectorised loops of ``simd_math.h`` (exp, sum, max, scale over one contiguous run), under one
name per operation for float32 and float64 (``real_t``), for the kernels that share them."""
from libc.math cimport exp

# (the header's path is relative to the package root, which meson puts on the include path)
cdef extern from "kernels/simd_math.h" nogil:
    void flambeau_exp_shifted_f32(const float* x, float shift, float* y, Py_ssize_t n)
    double flambeau_sum_f32(const float* x, Py_ssize_t n)
    double flambeau_sum_f64(const double* x, Py_ssize_t n)
    float flambeau_max_f32(const float* x, Py_ssize_t n)
    double flambeau_max_f64(const double* x, Py_ssize_t n)
    void flambeau_scale_f32(float* y, float factor, Py_ssize_t n)
    void flambeau_scale_f64(double* y, double factor, Py_ssize_t n)
    void flambeau_scaled_add_f32(const float* a, const float* b, float alpha, float* y, Py_ssize_t n)
    void flambeau_scaled_add_f64(const double* a, const double* b, double alpha, double* y, Py_ssize_t n)

ctypedef fused real_t:
    float
    double


cdef inline void exp_shifted(const real_t* x, real_t shift, real_t* y, Py_ssize_t n) noexcept nogil:
    """y[i] = exp(x[i] - shift); float32 by the SIMD polynomial, float64 by libm."""
    cdef Py_ssize_t i
    if real_t is float:
        flambeau_exp_shifted_f32(x, shift, y, n)
    else:
        for i in range(n):
            y[i] = exp(x[i] - shift)


cdef inline double contiguous_sum(const real_t* x, Py_ssize_t n) noexcept nogil:
    """Sum of x[0..n), accumulated with double precision at the block level."""
    if real_t is float:
        return flambeau_sum_f32(x, n)
    return flambeau_sum_f64(x, n)


cdef inline real_t contiguous_max(const real_t* x, Py_ssize_t n) noexcept nogil:
    """Largest of x[0..n) ignoring NaN; -inf when there is none."""
    if real_t is float:
        return flambeau_max_f32(x, n)
    return flambeau_max_f64(x, n)


cdef inline void scale(real_t* y, real_t factor, Py_ssize_t n) noexcept nogil:
    """y[i] *= factor"""
    if real_t is float:
        flambeau_scale_f32(y, factor, n)
    else:
        flambeau_scale_f64(y, factor, n)


cdef inline void scaled_add(const real_t* a, const real_t* b, real_t alpha, real_t* y, Py_ssize_t n) noexcept nogil:
    """y[i] = a[i] + alpha * b[i], rounded once (a fused multiply-add, as PyTorch's add with alpha)."""
    if real_t is float:
        flambeau_scaled_add_f32(a, b, alpha, y, n)
    else:
        flambeau_scaled_add_f64(a, b, alpha, y, n)

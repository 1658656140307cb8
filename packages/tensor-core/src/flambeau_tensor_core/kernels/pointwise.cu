// CUDA twins of the parallel loops in pointwise_cpu.pyx: exp, log, tanh and a one-pass sigmoid over a
// contiguous float/double array (grid-stride loop). Op codes follow pointwise_cuda.RAW_OPS.

template <typename T>
__device__ __forceinline__ T apply_unary(int op, T x) {
    if (op == 0) return exp(x);
    if (op == 1) return log(x);
    if (op == 2) return tanh(x);
    // sigmoid: exp of -|x| never overflows
    T e = exp(-fabs(x));
    return x >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
}

template <typename T, int Op>
__global__ void unary_contiguous(const T* __restrict__ a, T* __restrict__ out, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)blockDim.x * gridDim.x) {
        out[i] = apply_unary<T>(Op, a[i]);
    }
}

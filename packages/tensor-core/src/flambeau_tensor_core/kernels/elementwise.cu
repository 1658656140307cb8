// CUDA twins of elementwise_cpu.pyx: one thread per element, grid-stride loop.
// Instantiated for float and double through cupy.RawModule(name_expressions=...).

template <typename T, int Op>
__device__ __forceinline__ T apply_binary(T a, T b) {
    if (Op == 0) return a + b;
    if (Op == 1) return a - b;
    if (Op == 2) return a * b;
    return a / b;
}

template <typename T, int Op>
__global__ void binary_contiguous(const T* __restrict__ a, const T* __restrict__ b,
                                  T* __restrict__ out, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)blockDim.x * gridDim.x) {
        out[i] = apply_binary<T, Op>(a[i], b[i]);
    }
}

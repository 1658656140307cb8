// CUDA twins of reduction_cpu.pyx: sums over the middle axis of a C-contiguous (outer, n, inner)
// array, accumulated in double and scaled (1 for sum, 1/n for mean).
// Instantiated for float and double through cupy.RawModule(name_expressions=...).

// inner == 1: one block per row, a shared-memory tree over the block's partial sums.
template <typename T>
__global__ void sum_rows(const T* __restrict__ x, T* __restrict__ out, long long rows, long long n,
                         double scale) {
    __shared__ double partial[256];
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        double acc = 0.0;
        for (long long j = threadIdx.x; j < n; j += blockDim.x) acc += (double)x[r * n + j];
        partial[threadIdx.x] = acc;
        __syncthreads();
        for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
            if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
            __syncthreads();
        }
        if (threadIdx.x == 0) out[r] = (T)(partial[0] * scale);
        __syncthreads();
    }
}

// inner > 1: one thread per output element; neighbouring threads read neighbouring addresses.
template <typename T>
__global__ void sum_columns(const T* __restrict__ x, T* __restrict__ out, long long outer, long long n,
                            long long inner, double scale) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < outer * inner;
         i += (long long)blockDim.x * gridDim.x) {
        const T* column = x + (i / inner) * n * inner + (i % inner);
        double acc = 0.0;
        for (long long j = 0; j < n; ++j) acc += (double)column[j * inner];
        out[i] = (T)(acc * scale);
    }
}

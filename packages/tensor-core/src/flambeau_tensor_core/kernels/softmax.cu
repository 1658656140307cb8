// CUDA twin of softmax_cpu.pyx: softmax / log_softmax over the last axis of a C-contiguous
// (rows, n) array, one block per row, shared-memory trees for the row max and the row sum.
// Instantiated for float and double through cupy.RawModule(name_expressions=...).

template <typename T>
__device__ T block_reduce(T value, T* shared, bool take_max) {
    shared[threadIdx.x] = value;
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            T other = shared[threadIdx.x + stride];
            shared[threadIdx.x] = take_max ? (other > shared[threadIdx.x] ? other : shared[threadIdx.x])
                                           : shared[threadIdx.x] + other;
        }
        __syncthreads();
    }
    T result = shared[0];
    __syncthreads();
    return result;
}

template <typename T>
__global__ void softmax_rows(const T* __restrict__ x, T* __restrict__ out, long long rows, long long n,
                             bool take_log) {
    __shared__ double shared[256];
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* row = x + r * n;
        T* target = out + r * n;
        double peak = __longlong_as_double(0xfff0000000000000ULL);   // -inf (NVRTC has no INFINITY)
        for (long long j = threadIdx.x; j < n; j += blockDim.x) peak = fmax(peak, (double)row[j]);
        peak = block_reduce<double>(peak, shared, true);
        if (isinf(peak) && peak < 0) peak = 0.0;   // as the CPU kernel: -inf rows give NaN (0/0)
        double total = 0.0;
        for (long long j = threadIdx.x; j < n; j += blockDim.x) total += exp((double)row[j] - peak);
        total = block_reduce<double>(total, shared, false);
        double log_total = log(total);
        for (long long j = threadIdx.x; j < n; j += blockDim.x) {
            double shifted = (double)row[j] - peak;
            target[j] = (T)(take_log ? shifted - log_total : exp(shifted - log_total));
        }
    }
}

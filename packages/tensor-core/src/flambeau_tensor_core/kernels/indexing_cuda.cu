// CUDA twins of kernels/indexing_cpu.pyx: gathers and scatter-adds along one dim of C-contiguous
// arrays seen as (outer, n, inner). Scatter-adds use atomicAdd, since GPU threads are per element.
// Index values are checked before launch (indexing_dispatch.in_range), where the CPU gather counts
// out-of-range indices as it reads them; either way the caller raises before using the output.

template <typename T>
__device__ void atomic_accumulate(T* address, T value) { atomicAdd(address, value); }

template <>
__device__ void atomic_accumulate<long long>(long long* address, long long value) {
    atomicAdd(reinterpret_cast<unsigned long long*>(address), static_cast<unsigned long long>(value));
}

template <typename T, typename I>
__global__ void gather_dim(const T* src, const I* index, T* out, long long outer, long long n_src,
                           long long n, long long inner) {
    long long total = outer * n * inner;
    for (long long p = blockIdx.x * (long long)blockDim.x + threadIdx.x; p < total;
         p += (long long)blockDim.x * gridDim.x) {
        long long o = p / (n * inner), i = p % inner;
        out[p] = src[(o * n_src + (long long)index[p]) * inner + i];
    }
}

template <typename T, typename I>
__global__ void scatter_add_dim(T* target, const I* index, const T* values, long long outer,
                                long long n_target, long long n, long long inner) {
    long long total = outer * n * inner;
    for (long long p = blockIdx.x * (long long)blockDim.x + threadIdx.x; p < total;
         p += (long long)blockDim.x * gridDim.x) {
        long long o = p / (n * inner), i = p % inner;
        atomic_accumulate(&target[(o * n_target + (long long)index[p]) * inner + i], values[p]);
    }
}

template <typename T, typename I>
__global__ void index_add_dim(T* target, const I* positions, const T* values, long long outer,
                              long long n_target, long long n, long long inner) {
    long long total = outer * n * inner;
    for (long long p = blockIdx.x * (long long)blockDim.x + threadIdx.x; p < total;
         p += (long long)blockDim.x * gridDim.x) {
        long long o = p / (n * inner), j = (p / inner) % n, i = p % inner;
        atomic_accumulate(&target[(o * n_target + (long long)positions[j]) * inner + i], values[p]);
    }
}

// target[positions[p]] *= values[p] for every p, repeated positions multiplying in turn: the CUDA
// twin of NumPy's multiply.at (CuPy has none), for scatter/scatter_reduce/index_reduce's products.
// Hardware has no atomic multiply: each update retries a compare-and-swap of the element's bits.
__device__ void atomic_multiply(float* address, float value) {
    unsigned int* word = reinterpret_cast<unsigned int*>(address);
    unsigned int old = *word, assumed;
    do {
        assumed = old;
        old = atomicCAS(word, assumed, __float_as_uint(__uint_as_float(assumed) * value));
    } while (assumed != old);
}

__device__ void atomic_multiply(double* address, double value) {
    unsigned long long* word = reinterpret_cast<unsigned long long*>(address);
    unsigned long long old = *word, assumed;
    do {
        assumed = old;
        old = atomicCAS(word, assumed,
                        (unsigned long long)__double_as_longlong(__longlong_as_double((long long)assumed) * value));
    } while (assumed != old);
}

__device__ void atomic_multiply(int* address, int value) {
    int old = *address, assumed;
    do {
        assumed = old;
        old = atomicCAS(address, assumed, (int)((unsigned int)assumed * (unsigned int)value));
    } while (assumed != old);
}

__device__ void atomic_multiply(long long* address, long long value) {
    unsigned long long* word = reinterpret_cast<unsigned long long*>(address);
    unsigned long long old = *word, assumed;
    do {
        assumed = old;
        old = atomicCAS(word, assumed, assumed * (unsigned long long)value);
    } while (assumed != old);
}

template <typename T>
__global__ void multiply_at(T* target, const long long* positions, const T* values, long long total) {
    for (long long p = blockIdx.x * (long long)blockDim.x + threadIdx.x; p < total;
         p += (long long)blockDim.x * gridDim.x) {
        atomic_multiply(&target[positions[p]], values[p]);
    }
}

// CUDA twins of kernels/indexing_cpu.pyx: gathers and scatter-adds along one dim of C-contiguous
// arrays seen as (outer, n, inner). Scatter-adds use atomicAdd, since GPU threads are per element.
// Index values are checked before launch (indexing_dispatch.in_range), where the CPU gather counts
// out-of-range indices as it reads them; either way the caller raises before using the output.
#include <cstdint>

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

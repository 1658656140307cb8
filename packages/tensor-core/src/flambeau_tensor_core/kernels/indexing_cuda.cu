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

// target[positions[p]] = op(target[positions[p]], values[p]) for every p, repeated positions combining
// in turn: the CUDA twin of NumPy's add/multiply/maximum/minimum.at. CuPy has no multiply.at, and
// cupyx.scatter_max/min round float64 through float32, so every op is a compare-and-swap loop on the
// element's bits here (exact in every dtype). maximum/minimum propagate NaN as NumPy and PyTorch do;
// integer products wrap around as on the CPU.
enum CombineOp { COMBINE_ADD = 0, COMBINE_MULTIPLY = 1, COMBINE_MAXIMUM = 2, COMBINE_MINIMUM = 3 };

template <typename T> struct Bits;
template <> struct Bits<float> {
    typedef unsigned int word;
    __device__ static word to(float v) { return __float_as_uint(v); }
    __device__ static float from(word w) { return __uint_as_float(w); }
};
template <> struct Bits<double> {
    typedef unsigned long long word;
    __device__ static word to(double v) { return (word)__double_as_longlong(v); }
    __device__ static double from(word w) { return __longlong_as_double((long long)w); }
};
template <> struct Bits<int> {
    typedef unsigned int word;
    __device__ static word to(int v) { return (word)v; }
    __device__ static int from(word w) { return (int)w; }
};
template <> struct Bits<long long> {
    typedef unsigned long long word;
    __device__ static word to(long long v) { return (word)v; }
    __device__ static long long from(word w) { return (long long)w; }
};

// integer sums and products wrap around, as on the CPU (computed unsigned, where C++ defines it)
__device__ float wrapping_add(float a, float b) { return a + b; }
__device__ double wrapping_add(double a, double b) { return a + b; }
__device__ int wrapping_add(int a, int b) { return (int)((unsigned int)a + (unsigned int)b); }
__device__ long long wrapping_add(long long a, long long b) {
    return (long long)((unsigned long long)a + (unsigned long long)b);
}
__device__ float wrapping_multiply(float a, float b) { return a * b; }
__device__ double wrapping_multiply(double a, double b) { return a * b; }
__device__ int wrapping_multiply(int a, int b) { return (int)((unsigned int)a * (unsigned int)b); }
__device__ long long wrapping_multiply(long long a, long long b) {
    return (long long)((unsigned long long)a * (unsigned long long)b);
}

template <typename T>
__device__ T combine(T old, T value, int op) {
    if (op == COMBINE_ADD) return wrapping_add(old, value);
    if (op == COMBINE_MULTIPLY) return wrapping_multiply(old, value);
    if (old != old) return old;                 // NaN stays
    if (value != value) return value;           // NaN wins
    if (op == COMBINE_MAXIMUM) return value > old ? value : old;
    return value < old ? value : old;
}

template <typename T>
__global__ void combine_at(T* target, const long long* positions, const T* values, long long total, int op) {
    typedef typename Bits<T>::word W;
    for (long long p = blockIdx.x * (long long)blockDim.x + threadIdx.x; p < total;
         p += (long long)blockDim.x * gridDim.x) {
        W* word = reinterpret_cast<W*>(&target[positions[p]]);
        W old = *word, assumed;
        do {
            assumed = old;
            old = atomicCAS(word, assumed, Bits<T>::to(combine(Bits<T>::from(assumed), values[p], op)));
        } while (assumed != old);
    }
}

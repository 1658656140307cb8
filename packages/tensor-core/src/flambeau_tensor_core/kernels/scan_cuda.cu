// Running maximum / minimum along the middle axis of a C-contiguous (outer, n, inner) array, with the
// position where each running extreme was last attained: the values and indices of cummax/cummin (CuPy
// has no maximum.accumulate). One thread walks one (outer, inner) line. A NaN sticks once seen and, like
// any value equal to the running extreme, moves the index forward (later ties win), as PyTorch's
// kernels and the CPU path (reductions._cumulative_extreme) do.
template <typename T, bool LARGEST>
__global__ void cumulative_extreme(const T* __restrict__ x, T* __restrict__ values,
                                   long long* __restrict__ indices, long long outer, long long n,
                                   long long inner) {
    long long lines = outer * inner;
    for (long long line = blockIdx.x * (long long)blockDim.x + threadIdx.x; line < lines;
         line += (long long)blockDim.x * gridDim.x) {
        long long base = (line / inner) * n * inner + line % inner;
        T best = x[base];
        long long at = 0;
        for (long long j = 0; j < n; ++j) {
            long long p = base + j * inner;
            T v = x[p];
            bool v_is_nan = v != v;
            if (best == best && (v_is_nan || (LARGEST ? v > best : v < best))) best = v;
            if (v == best || v_is_nan) at = j;
            values[p] = best;
            indices[p] = at;
        }
    }
}

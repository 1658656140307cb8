/* Vectorisable float32/float64 loops shared by the CPU kernels: exp, sum, max and scale of a run of
 * contiguous elements (one thread's share; the .pyx callers split the work across threads).
 *
 * Each loop is written once, as an always-inline body without branches in the element loop (selects
 * only), so that the compiler vectorises it. On x86 with GCC or Clang the body is compiled three times,
 * for the baseline target (SSE2, 4 float lanes), for AVX2+FMA (8 lanes) and for AVX-512 (16 lanes), and
 * the entry point picks one at run time: wheels built for plain x86-64 still use the widest vectors the
 * CPU has (AVX-512 halves the time of the compute-bound exp; PyTorch's exp uses it too). The variants
 * round identically (same operations, FMA-contracted alike). Other compilers and architectures get the
 * baseline body only.
 *
 * Sums of float32 are accumulated in float lanes within blocks of FLAMBEAU_SUM_BLOCK elements and the
 * block totals in double: the rounding error stays that of a 32-element float sum per block, better
 * than NumPy's pairwise sum, at the speed of float SIMD adds.
 */
#ifndef FLAMBEAU_SIMD_MATH_H
#define FLAMBEAU_SIMD_MATH_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define FLAMBEAU_INLINE static inline __attribute__((always_inline))
#else
#define FLAMBEAU_INLINE static inline
#endif

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define FLAMBEAU_X86_DISPATCH 1
#else
#define FLAMBEAU_X86_DISPATCH 0
#endif

/* GCC contracts a*b+c into an FMA only with -ffp-contract=fast (its -std=c11 default is off); Clang
 * contracts within an expression by default. Scoped to this header so that other kernels keep their
 * exact rounding. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=fast")
#endif

#define FLAMBEAU_SUM_BLOCK 1024    /* float32 elements summed in float lanes before going to double */

typedef union { float f; uint32_t u; } flambeau_float_bits;

/* 2^k for k in [-126, 127], built directly from the exponent bits. */
FLAMBEAU_INLINE float flambeau_pow2(uint32_t k)
{
    flambeau_float_bits v;
    v.u = (k + 127u) << 23;
    return v.f;
}

/* a if `take_a` else b, by bit masks: with a ternary, GCC branches to the constant results of clamped
 * inputs (jump threading), and a loop with branches is not vectorised. */
FLAMBEAU_INLINE float flambeau_select(int take_a, float a, float b)
{
    flambeau_float_bits va, vb;
    va.f = a;
    vb.f = b;
    uint32_t mask = 0u - (uint32_t)take_a;
    va.u = (va.u & mask) | (vb.u & ~mask);
    return va.f;
}

/* exp(x) in float32 within ~1 ulp (Cephes' expf polynomial), including denormal results.
 * x = n ln2 + r with n = round(x / ln2), |r| <= ln2/2, exp(r) by a degree-7 polynomial, and 2^n as the
 * product of two powers of two so that n may reach -150 (denormal results) or 128 without building a
 * non-normal float. Clamping x to [-104, 89] keeps n in that range; both bounds lie past where expf
 * underflows to 0 or overflows to inf, so the final product rounds to 0 or inf by itself. NaN passes the
 * clamps (its comparisons are false) and stays NaN through the arithmetic. */
FLAMBEAU_INLINE float flambeau_expf(float x)
{
    const float round_shift = 12582912.0f;    /* 1.5 * 2^23: adding it rounds to an integer */
    x = flambeau_select(x < -104.0f, -104.0f, x);
    x = flambeau_select(x > 89.0f, 89.0f, x);
    flambeau_float_bits shifted, shift;
    shifted.f = x * 1.44269504088896341f + round_shift;
    shift.f = round_shift;
    float n = shifted.f - round_shift;
    uint32_t n_bits = shifted.u - shift.u;            /* n as a two's-complement integer */
    uint32_t half = (uint32_t)((int32_t)n_bits >> 1);  /* floor(n / 2) */
    /* Cody-Waite: ln2 split so that n * 0.693359375 is exact */
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    return p * flambeau_pow2(half) * flambeau_pow2(n_bits - half);
}

/* ---- loop bodies ------------------------------------------------------------------------------- */

FLAMBEAU_INLINE void flambeau_exp_shifted_f32_body(const float* x, float shift, float* y, ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++)
        y[i] = flambeau_expf(x[i] - shift);
}

/* y[i] = fma(alpha, b[i], a[i]): PyTorch's add/sub with alpha (one rounding, its vectorised fmadd) */
FLAMBEAU_INLINE void flambeau_scaled_add_f32_body(const float* a, const float* b, float alpha, float* y,
                                                  ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++)
        y[i] = __builtin_fmaf(alpha, b[i], a[i]);
}

FLAMBEAU_INLINE void flambeau_scaled_add_f64_body(const double* a, const double* b, double alpha, double* y,
                                                  ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++)
        y[i] = __builtin_fma(alpha, b[i], a[i]);
}

#define FLAMBEAU_ADD(total, v) ((total) + (v))
/* keeps the running maximum when v is NaN (the comparison is false), so NaN is ignored */
#define FLAMBEAU_MAX(peak, v) ((v) > (peak) ? (v) : (peak))

#if defined(__GNUC__) || defined(__clang__)
/* The accumulators are GCC/Clang vector types (lowered to pairs of SSE registers in the baseline build).
 * With an array of lanes instead, GCC keeps them on the stack between blocks (zeroed by `rep stos` and
 * read back before those stores retire), which stalls the loads at ~85 % of memory speed. */
typedef float flambeau_f32x8 __attribute__((vector_size(32)));
typedef double flambeau_f64x4 __attribute__((vector_size(32)));

/* an unaligned load (a macro: an inline function returning a 32-byte vector draws GCC's ABI warning in
 * the baseline build) */
#define FLAMBEAU_LOAD(vector, p)                                                                   \
    __extension__({ vector loaded_; memcpy(&loaded_, (p), sizeof loaded_); loaded_; })

/* FLAMBEAU_MAX lane by lane, as a bit select (C has no ternary on vectors) */
#define FLAMBEAU_VECTOR_MAX(peak, v) __extension__({                                               \
    __typeof__((v) > (peak)) greater_ = (v) > (peak);                                              \
    (__typeof__(peak))((greater_ & (__typeof__(greater_))(v)) |                                    \
                       (~greater_ & (__typeof__(greater_))(peak))); })

/* Folds x[0..n) with `combine` into four vector accumulators (independent chains, so each add need not
 * wait for the previous one), then their lanes in order, then the tail. */
#define FLAMBEAU_REDUCE(real, vector, initial, combine_vectors, combine)                           \
    enum { width = sizeof(vector) / sizeof(real) };                                                \
    vector acc0 = (vector){0} + (initial), acc1 = acc0, acc2 = acc0, acc3 = acc0;                  \
    ptrdiff_t j = 0;                                                                               \
    for (; j + 4 * width <= n; j += 4 * width) {                                                   \
        acc0 = combine_vectors(acc0, FLAMBEAU_LOAD(vector, x + j));                                \
        acc1 = combine_vectors(acc1, FLAMBEAU_LOAD(vector, x + j + width));                        \
        acc2 = combine_vectors(acc2, FLAMBEAU_LOAD(vector, x + j + 2 * width));                    \
        acc3 = combine_vectors(acc3, FLAMBEAU_LOAD(vector, x + j + 3 * width));                    \
    }                                                                                              \
    acc0 = combine_vectors(combine_vectors(acc0, acc1), combine_vectors(acc2, acc3));              \
    real result = acc0[0];                                                                         \
    for (int l = 1; l < width; l++)                                                                \
        result = combine(result, acc0[l]);                                                         \
    for (; j < n; j++)                                                                             \
        result = combine(result, x[j]);                                                            \
    return result;
#else
/* other compilers: one accumulator, in double so that the float32 block sums lose nothing */
#define FLAMBEAU_REDUCE(real, vector, initial, combine_vectors, combine)                           \
    double result = (initial);                                                                     \
    for (ptrdiff_t j = 0; j < n; j++)                                                              \
        result = combine(result, (double)x[j]);                                                    \
    return (real)result;
#endif

FLAMBEAU_INLINE float flambeau_block_sum_f32(const float* x, ptrdiff_t n)
{
    FLAMBEAU_REDUCE(float, flambeau_f32x8, 0.0f, FLAMBEAU_ADD, FLAMBEAU_ADD)
}

FLAMBEAU_INLINE double flambeau_sum_f32_body(const float* x, ptrdiff_t n)
{
    double total = 0.0;
    for (ptrdiff_t start = 0; start < n; start += FLAMBEAU_SUM_BLOCK) {
        ptrdiff_t length = n - start < FLAMBEAU_SUM_BLOCK ? n - start : FLAMBEAU_SUM_BLOCK;
        total += flambeau_block_sum_f32(x + start, length);
    }
    return total;
}

FLAMBEAU_INLINE double flambeau_sum_f64_body(const double* x, ptrdiff_t n)
{
    FLAMBEAU_REDUCE(double, flambeau_f64x4, 0.0, FLAMBEAU_ADD, FLAMBEAU_ADD)
}

FLAMBEAU_INLINE float flambeau_max_f32_body(const float* x, ptrdiff_t n)
{
    FLAMBEAU_REDUCE(float, flambeau_f32x8, -INFINITY, FLAMBEAU_VECTOR_MAX, FLAMBEAU_MAX)
}

FLAMBEAU_INLINE double flambeau_max_f64_body(const double* x, ptrdiff_t n)
{
    FLAMBEAU_REDUCE(double, flambeau_f64x4, -INFINITY, FLAMBEAU_VECTOR_MAX, FLAMBEAU_MAX)
}

FLAMBEAU_INLINE void flambeau_scale_f32_body(float* y, float factor, ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++)
        y[i] *= factor;
}

FLAMBEAU_INLINE void flambeau_scale_f64_body(double* y, double factor, ptrdiff_t n)
{
    for (ptrdiff_t i = 0; i < n; i++)
        y[i] *= factor;
}

/* ---- run-time dispatch ------------------------------------------------------------------------- */

#if FLAMBEAU_X86_DISPATCH
/* name##_avx2 and name##_avx512: the body of name compiled for AVX2+FMA and for AVX-512 (`call` is the
 * body's call, with `return` when the kernel returns a value). */
#define FLAMBEAU_VARIANTS(ret, name, params, call)                                                 \
    __attribute__((target("avx2,fma"), unused)) static ret name##_avx2 params { call; }            \
    __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma"), unused))                 \
    static ret name##_avx512 params { call; }
/* __builtin_cpu_supports reads flags that libgcc/compiler-rt fill in once at load time. */
#define FLAMBEAU_HAS_AVX2 (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
#define FLAMBEAU_HAS_AVX512                                                                        \
    (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&                    \
     __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && FLAMBEAU_HAS_AVX2)
#else
#define FLAMBEAU_VARIANTS(ret, name, params, call)                                                 \
    FLAMBEAU_INLINE ret name##_avx2 params { call; }                                               \
    FLAMBEAU_INLINE ret name##_avx512 params { call; }
#define FLAMBEAU_HAS_AVX2 0
#define FLAMBEAU_HAS_AVX512 0
#endif

/* The widest variant this CPU runs: `name##_avx512(args)`, `name##_avx2(args)` or `name##_body(args)`. */
#define FLAMBEAU_DISPATCH(name, args)                                                              \
    (FLAMBEAU_HAS_AVX512 ? name##_avx512 args : FLAMBEAU_HAS_AVX2 ? name##_avx2 args : name##_body args)

FLAMBEAU_VARIANTS(void, flambeau_exp_shifted_f32, (const float* x, float shift, float* y, ptrdiff_t n),
                  flambeau_exp_shifted_f32_body(x, shift, y, n))
FLAMBEAU_VARIANTS(double, flambeau_sum_f32, (const float* x, ptrdiff_t n), return flambeau_sum_f32_body(x, n))
FLAMBEAU_VARIANTS(double, flambeau_sum_f64, (const double* x, ptrdiff_t n), return flambeau_sum_f64_body(x, n))
FLAMBEAU_VARIANTS(float, flambeau_max_f32, (const float* x, ptrdiff_t n), return flambeau_max_f32_body(x, n))
FLAMBEAU_VARIANTS(double, flambeau_max_f64, (const double* x, ptrdiff_t n), return flambeau_max_f64_body(x, n))
FLAMBEAU_VARIANTS(void, flambeau_scale_f32, (float* y, float factor, ptrdiff_t n),
                  flambeau_scale_f32_body(y, factor, n))
FLAMBEAU_VARIANTS(void, flambeau_scale_f64, (double* y, double factor, ptrdiff_t n),
                  flambeau_scale_f64_body(y, factor, n))

FLAMBEAU_VARIANTS(void, flambeau_scaled_add_f32,
                  (const float* a, const float* b, float alpha, float* y, ptrdiff_t n),
                  flambeau_scaled_add_f32_body(a, b, alpha, y, n))
FLAMBEAU_VARIANTS(void, flambeau_scaled_add_f64,
                  (const double* a, const double* b, double alpha, double* y, ptrdiff_t n),
                  flambeau_scaled_add_f64_body(a, b, alpha, y, n))

/* y[i] = a[i] + alpha * b[i] with one rounding (y may be a). */
static inline void flambeau_scaled_add_f32(const float* a, const float* b, float alpha, float* y, ptrdiff_t n)
{
    FLAMBEAU_DISPATCH(flambeau_scaled_add_f32, (a, b, alpha, y, n));
}

static inline void flambeau_scaled_add_f64(const double* a, const double* b, double alpha, double* y, ptrdiff_t n)
{
    FLAMBEAU_DISPATCH(flambeau_scaled_add_f64, (a, b, alpha, y, n));
}

/* y[i] = exp(x[i] - shift) (shift 0 gives exp itself; softmax passes the row maximum). */
static inline void flambeau_exp_shifted_f32(const float* x, float shift, float* y, ptrdiff_t n)
{
    FLAMBEAU_DISPATCH(flambeau_exp_shifted_f32, (x, shift, y, n));
}

/* Sum of n elements, in double. */
static inline double flambeau_sum_f32(const float* x, ptrdiff_t n)
{
    return FLAMBEAU_DISPATCH(flambeau_sum_f32, (x, n));
}

static inline double flambeau_sum_f64(const double* x, ptrdiff_t n)
{
    return FLAMBEAU_DISPATCH(flambeau_sum_f64, (x, n));
}

/* Largest of n elements ignoring NaN; -inf when all are NaN or n is 0. */
static inline float flambeau_max_f32(const float* x, ptrdiff_t n)
{
    return FLAMBEAU_DISPATCH(flambeau_max_f32, (x, n));
}

static inline double flambeau_max_f64(const double* x, ptrdiff_t n)
{
    return FLAMBEAU_DISPATCH(flambeau_max_f64, (x, n));
}

/* y[i] *= factor */
static inline void flambeau_scale_f32(float* y, float factor, ptrdiff_t n)
{
    FLAMBEAU_DISPATCH(flambeau_scale_f32, (y, factor, n));
}

static inline void flambeau_scale_f64(double* y, double factor, ptrdiff_t n)
{
    FLAMBEAU_DISPATCH(flambeau_scale_f64, (y, factor, n));
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

#endif

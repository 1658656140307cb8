/* PyTorch's float32 normal block on AVX2/AVX-512 CPUs: 16 uniforms in, 16 normals out by Box-Muller,
 * with Cephes' single-precision logarithm and sine/cosine (range reduction, then a polynomial).
 *
 * The operations are those of PyTorch's vector kernel, one lane at a time: every product that the
 * compiler fuses into its only addition there is an explicit fmaf here, every other operation is
 * rounded on its own (contraction is off in this header). On x86 the block is AVX2 code with the
 * scalar functions' operations on eight lanes (flambeau only calls it on AVX2+FMA CPUs, where PyTorch
 * runs that kernel); elsewhere the scalar functions run lane by lane.
 */
#ifndef FLAMBEAU_NORMAL_BLOCK_H
#define FLAMBEAU_NORMAL_BLOCK_H

#include <stdint.h>
#include <string.h>
#include <math.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#endif
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define FLAMBEAU_AVX2_FMA __attribute__((target("avx2,fma")))
#else
#define FLAMBEAU_AVX2_FMA
#endif

/* log(x) for x in (0, 1]: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), a degree-9 polynomial in m - 1 */
static inline FLAMBEAU_AVX2_FMA float flambeau_cephes_logf(float x)
{
    uint32_t bits;
    memcpy(&bits, &x, 4);
    float e = (float)((int32_t)((bits >> 23) & 0xff) - 126);
    bits = (bits & 0x007fffffu) | 0x3f000000u;      /* the mantissa as a number in [0.5, 1) */
    float m;
    memcpy(&m, &bits, 4);
    float below = m < 0.707106781186547524f ? m : 0.0f;
    e = m < 0.707106781186547524f ? e - 1.0f : e;
    m = m - 1.0f;
    m = m + below;
    float z = m * m;
    float y = __builtin_fmaf(7.0376836292e-2f, m, -1.1514610310e-1f);
    y = __builtin_fmaf(y, m, 1.1676998740e-1f);
    y = __builtin_fmaf(y, m, -1.2420140846e-1f);
    y = __builtin_fmaf(y, m, 1.4249322787e-1f);
    y = __builtin_fmaf(y, m, -1.6668057665e-1f);
    y = __builtin_fmaf(y, m, 2.0000714765e-1f);
    y = __builtin_fmaf(y, m, -2.4999993993e-1f);
    y = __builtin_fmaf(y, m, 3.3333331174e-1f);
    y = y * m;
    y = __builtin_fmaf(y, z, e * -2.12194440e-4f);
    y = y - z * 0.5f;
    m = m + y;
    return __builtin_fmaf(e, 0.693359375f, m);
}

/* sin and cos of x >= 0: x reduced by a multiple of pi/4 (pi/4 in three parts), then the sine or the
 * cosine polynomial on [-pi/4, pi/4] by octant, with the octant's signs */
static inline FLAMBEAU_AVX2_FMA void flambeau_cephes_sincosf(float x, float* sine, float* cosine)
{
    int32_t octant = (int32_t)(x * 1.27323954473516f);
    octant = (octant + 1) & ~1;
    float y = (float)octant;
    int sine_negative = (octant & 4) != 0;
    int cosine_negative = ((octant - 2) & 4) == 0;
    int swapped = (octant & 2) != 0;
    x = __builtin_fmaf(y, -0.78515625f, x);
    x = __builtin_fmaf(y, -2.4187564849853515625e-4f, x);
    x = __builtin_fmaf(y, -3.77489497744594108e-8f, x);
    float z = x * x;
    float c = __builtin_fmaf(2.443315711809948e-5f, z, -1.388731625493765e-3f);
    c = __builtin_fmaf(c, z, 4.166664568298827e-2f);
    c = c * z;
    c = __builtin_fmaf(c, z, -(z * 0.5f));
    c = c + 1.0f;
    float s = __builtin_fmaf(-1.9515295891e-4f, z, 8.3321608736e-3f);
    s = __builtin_fmaf(s, z, -1.6666654611e-1f);
    s = s * z;
    s = __builtin_fmaf(s, x, x);
    float sine_value = swapped ? c : s, cosine_value = swapped ? s : c;
    *sine = sine_negative ? -sine_value : sine_value;
    *cosine = cosine_negative ? -cosine_value : cosine_value;
}

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>

/* the eight lanes at once: the same operations as the scalar functions above, in AVX2 registers */
static inline FLAMBEAU_AVX2_FMA __m256 flambeau_cephes_log8(__m256 x)
{
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256i bits = _mm256_castps_si256(x);
    __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126)));
    __m256 m = _mm256_castsi256_ps(_mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)),
                                                   _mm256_set1_epi32(0x3f000000)));
    __m256 below_mask = _mm256_cmp_ps(m, _mm256_set1_ps(0.707106781186547524f), _CMP_LT_OQ);
    __m256 below = _mm256_and_ps(m, below_mask);
    e = _mm256_sub_ps(e, _mm256_and_ps(one, below_mask));
    m = _mm256_add_ps(_mm256_sub_ps(m, one), below);
    __m256 z = _mm256_mul_ps(m, m);
    __m256 y = _mm256_fmadd_ps(_mm256_set1_ps(7.0376836292e-2f), m, _mm256_set1_ps(-1.1514610310e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(1.1676998740e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(-1.2420140846e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(1.4249322787e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(-1.6668057665e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(2.0000714765e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(-2.4999993993e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(3.3333331174e-1f));
    y = _mm256_mul_ps(y, m);
    y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, _mm256_set1_ps(-2.12194440e-4f)));
    y = _mm256_sub_ps(y, _mm256_mul_ps(z, _mm256_set1_ps(0.5f)));
    m = _mm256_add_ps(m, y);
    return _mm256_fmadd_ps(e, _mm256_set1_ps(0.693359375f), m);
}

static inline FLAMBEAU_AVX2_FMA void flambeau_cephes_sincos8(__m256 x, __m256* sine, __m256* cosine)
{
    const __m256i two = _mm256_set1_epi32(2), four = _mm256_set1_epi32(4);
    __m256i octant = _mm256_cvttps_epi32(_mm256_mul_ps(x, _mm256_set1_ps(1.27323954473516f)));
    octant = _mm256_and_si256(_mm256_add_epi32(octant, _mm256_set1_epi32(1)), _mm256_set1_epi32(~1));
    __m256 y = _mm256_cvtepi32_ps(octant);
    __m256 sine_sign = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_and_si256(octant, four), 29));
    __m256 cosine_sign = _mm256_castsi256_ps(
        _mm256_slli_epi32(_mm256_andnot_si256(_mm256_sub_epi32(octant, two), four), 29));
    __m256 swapped = _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(octant, two), two));
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-0.78515625f), x);
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-2.4187564849853515625e-4f), x);
    x = _mm256_fmadd_ps(y, _mm256_set1_ps(-3.77489497744594108e-8f), x);
    __m256 z = _mm256_mul_ps(x, x);
    __m256 c = _mm256_fmadd_ps(_mm256_set1_ps(2.443315711809948e-5f), z, _mm256_set1_ps(-1.388731625493765e-3f));
    c = _mm256_fmadd_ps(c, z, _mm256_set1_ps(4.166664568298827e-2f));
    c = _mm256_mul_ps(c, z);
    c = _mm256_fmsub_ps(c, z, _mm256_mul_ps(z, _mm256_set1_ps(0.5f)));
    c = _mm256_add_ps(c, _mm256_set1_ps(1.0f));
    __m256 s = _mm256_fmadd_ps(_mm256_set1_ps(-1.9515295891e-4f), z, _mm256_set1_ps(8.3321608736e-3f));
    s = _mm256_fmadd_ps(s, z, _mm256_set1_ps(-1.6666654611e-1f));
    s = _mm256_mul_ps(s, z);
    s = _mm256_fmadd_ps(s, x, x);
    *sine = _mm256_xor_ps(_mm256_blendv_ps(s, c, swapped), sine_sign);
    *cosine = _mm256_xor_ps(_mm256_blendv_ps(c, s, swapped), cosine_sign);
}

/* x[j], x[j + 8] (uniforms in [0, 1)) -> r cos t * std + mean, r sin t * std + mean, with
 * r = sqrt(-2 log(1 - x[j])) and t = 2 pi x[j + 8], for j < 8 */
static FLAMBEAU_AVX2_FMA void flambeau_normal_block_cephes(float* x, float mean, float std)
{
    const __m256 scale = _mm256_set1_ps(std), shift = _mm256_set1_ps(mean);
    __m256 u1 = _mm256_sub_ps(_mm256_set1_ps(1.0f), _mm256_loadu_ps(x));
    __m256 u2 = _mm256_loadu_ps(x + 8);
    __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(_mm256_set1_ps(-2.0f), flambeau_cephes_log8(u1)));
    __m256 sine, cosine;
    flambeau_cephes_sincos8(_mm256_mul_ps(_mm256_set1_ps((float)(2.0 * 3.14159265358979323846)), u2), &sine, &cosine);
    _mm256_storeu_ps(x, _mm256_fmadd_ps(_mm256_mul_ps(radius, cosine), scale, shift));
    _mm256_storeu_ps(x + 8, _mm256_fmadd_ps(_mm256_mul_ps(radius, sine), scale, shift));
}
#else
/* elsewhere, lane by lane with the scalar functions */
static void flambeau_normal_block_cephes(float* x, float mean, float std)
{
    const float two_pi = (float)(2.0 * 3.14159265358979323846);
    for (int j = 0; j < 8; j++) {
        float radius = sqrtf(-2.0f * flambeau_cephes_logf(1.0f - x[j]));
        float sine, cosine;
        flambeau_cephes_sincosf(two_pi * x[j + 8], &sine, &cosine);
        x[j] = __builtin_fmaf(radius * cosine, std, mean);
        x[j + 8] = __builtin_fmaf(radius * sine, std, mean);
    }
}
#endif

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

#endif

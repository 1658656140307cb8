# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""PyTorch's CPU random stream: a 32-bit Mersenne Twister (MT19937) and the ways PyTorch's CPU
kernels turn its words into numbers, so that ``manual_seed(s)`` followed by the same calls gives the
same tensors as PyTorch.

The generator: the standard MT19937 seeded from the low 32 bits of the seed; a 64-bit draw is two
words, the first one high. The transforms, one per kind of draw (checked against PyTorch 2.13 in the
tests):

- uniform with ``d`` mantissa digits (24 for float32, 53 for float64): ``(w & (2**d - 1)) * 2**-d``
  from one word (float32) or one 64-bit draw (float64), then ``x * (to - from) + from`` in that
  precision. PyTorch's build contracts every ``a * b + c`` of these transforms into one fused
  multiply-add, so they are written as ``fma``/``fmaf`` here (plain products and sums differ from
  PyTorch in the last bit of about half the values);
- integers in ``[low, low + range)``: ``w % range``, from one word when ``range < 2**32``, else from a
  64-bit draw;
- normal, contiguous fills of 16 or more elements: uniforms for the whole fill, then Box-Muller on
  each block of 16 (``u1 = 1 - x[j]``, ``u2 = x[j + 8]``, ``x[j] = r cos θ``, ``x[j + 8] = r sin θ``),
  the last 16 elements redrawn and transformed again when 16 does not divide the size. For float32,
  PyTorch's AVX2/AVX-512 builds use Cephes' single-precision logarithm and sine/cosine (reproduced
  lane by lane below, bit for bit); on CPUs without AVX2 its scalar block uses libm's float functions
  (``vector_block=False``; equal to PyTorch's where both call the same libm);
- normal, one element at a time (small or strided fills, ``log_normal_``): polar pairs from two 53-bit
  uniforms, the second value of each pair kept for the next call (it is part of the saved state);
- permutations: the forward Fisher-Yates shuffle ``swap(r[i], r[i + w % (n - i)])``;
- Poisson counts: transformed rejection (rates of 10 or more) or products of uniforms (below);
- binomial counts: transformed rejection (BTRS) where ``count * min(p, 1 - p) >= 10``, else counting
  geometric waiting times.

``get_state``/``set_state`` use PyTorch's 5056-byte layout, so states move between the libraries.
"""
from cython.parallel import prange
from libc.math cimport (ceil, cos, cosf, exp, fabs, floor, fma, fmaf, lgamma, log, log1p, log1pf, logf, sin, sinf,
                       sqrt, sqrtf, tan, M_PI)
from libc.stdint cimport int64_t, uint32_t, uint64_t
from libc.string cimport memcpy, memset

cdef Py_ssize_t PARALLEL_MIN_SIZE = 1 << 16   # elements below which a thread team costs more than it saves

cdef enum:
    WORDS = 624
    SHIFT = 397
    STATE_BYTES = 5056

cdef uint32_t MATRIX_A = 0x9908b0df
cdef uint32_t UPPER_MASK = 0x80000000
cdef uint32_t LOWER_MASK = 0x7fffffff
cdef uint32_t TEMPER_B = 0x9d2c5680
cdef uint32_t TEMPER_C = 0xefc60000
cdef double TWO_TO_MINUS_53 = 1.0 / 9007199254740992.0

# offsets of PyTorch's saved state (the legacy THGeneratorState followed by the float normal cache)
cdef enum:
    AT_SEED = 0
    AT_LEFT = 8
    AT_SEEDED = 12
    AT_NEXT = 16
    AT_WORDS = 24
    AT_NORMAL_Y = 5024
    AT_NORMAL_VALID = 5040
    AT_FLOAT_NORMAL = 5044
    AT_FLOAT_NORMAL_VALID = 5048


cdef inline double _in_tensor_type(double value, bint single) noexcept nogil:
    """``value`` rounded as PyTorch's kernel holds it: in float32 when the tensor is float32."""
    return <double><float>value if single else value


cdef inline double _log1p_in_tensor_type(double value, bint single) noexcept nogil:
    return <double>log1pf(<float>value) if single else log1p(value)


cdef double STIRLING_TAILS[10]     # log(k!) minus Stirling's formula for it, k = 0 … 9 (filled at import)
for _k in range(10):
    STIRLING_TAILS[_k] = lgamma(_k + 1.0) - (_k + 0.5) * log(_k + 1.0) + (_k + 1.0) - 0.5 * log(2 * M_PI)


cdef inline double _stirling_tail(double k) noexcept nogil:
    """log(k!) − [(k + ½) log(k + 1) − (k + 1) + ½ log 2π]: a table below 10, its series above."""
    cdef double squared
    if k <= 9:
        return STIRLING_TAILS[<size_t>k]
    squared = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / squared) / squared) / (k + 1)


cdef class MT19937:
    """One stream with PyTorch's CPU generator semantics (see the module docstring)."""

    cdef uint32_t words[WORDS]
    cdef int left
    cdef uint64_t next_index
    cdef uint64_t seed_value
    cdef double cached_normal
    cdef bint normal_cached
    cdef float cached_float_normal
    cdef bint float_normal_cached

    def __init__(self, uint64_t seed=5489):
        self.seed(seed)

    def seed(self, uint64_t seed) -> None:
        """Restart the stream from ``seed`` (as PyTorch: the MT state from its low 32 bits)."""
        cdef int j
        self.seed_value = seed
        self.words[0] = <uint32_t>(seed & 0xffffffff)
        for j in range(1, WORDS):
            self.words[j] = 1812433253 * (self.words[j - 1] ^ (self.words[j - 1] >> 30)) + j
        self.left = 1
        self.next_index = 0
        self.normal_cached = False
        self.float_normal_cached = False

    @property
    def initial_seed(self) -> int:
        return self.seed_value

    cdef void twist(self) noexcept nogil:
        # the recurrence word k <- word k+397 ^ A(upper bit of k, lower bits of k+1), in three runs so
        # that no index needs a modulo
        cdef int k
        cdef uint32_t* w = self.words
        for k in range(WORDS - SHIFT):
            w[k] = w[k + SHIFT] ^ mix_bits(w[k], w[k + 1])
        for k in range(WORDS - SHIFT, WORDS - 1):
            w[k] = w[k + SHIFT - WORDS] ^ mix_bits(w[k], w[k + 1])
        w[WORDS - 1] = w[SHIFT - 1] ^ mix_bits(w[WORDS - 1], w[0])
        self.left = WORDS
        self.next_index = 0

    cdef inline uint32_t next32(self) noexcept nogil:
        cdef uint32_t y
        self.left -= 1
        if self.left == 0:
            self.twist()
        y = self.words[self.next_index]
        self.next_index += 1
        y ^= y >> 11
        y ^= (y << 7) & TEMPER_B
        y ^= (y << 15) & TEMPER_C
        y ^= y >> 18
        return y

    cdef inline uint64_t next64(self) noexcept nogil:
        cdef uint64_t high = self.next32()
        return (high << 32) | self.next32()

    cdef inline double uniform53(self) noexcept nogil:
        return (self.next64() & ((<uint64_t>1 << 53) - 1)) * TWO_TO_MINUS_53

    # ---- fills -----------------------------------------------------------------------------------
    def random32(self) -> int:
        """One 32-bit word."""
        return self.next32()

    def random64(self) -> int:
        """One 64-bit draw (two words, the first one high)."""
        return self.next64()

    def uniform_float(self, float[::1] out, int digits, float low, float high) -> None:
        """``out[i] = (w & (2**digits - 1)) * 2**-digits * (high - low) + low``, in float (digits ≤ 24)."""
        cdef Py_ssize_t i
        cdef uint32_t mask = (<uint32_t>1 << digits) - 1
        cdef float scale = 1.0 / (<uint32_t>1 << digits)
        cdef float span = high - low
        with nogil:
            for i in range(out.shape[0]):
                out[i] = fmaf((self.next32() & mask) * scale, span, low)

    def uniform_double(self, double[::1] out, double low, double high) -> None:
        """``out[i] = u53 * (high - low) + low`` in double."""
        cdef Py_ssize_t i
        cdef double span = high - low
        with nogil:
            for i in range(out.shape[0]):
                out[i] = fma(self.uniform53(), span, low)

    def integers(self, int64_t[::1] out, uint64_t span, int64_t low) -> None:
        """``out[i] = low + w % span``: one word per draw when ``span < 2**32``, else a 64-bit draw
        (``span`` 0 stands for 2**64)."""
        cdef Py_ssize_t i
        with nogil:
            if span != 0 and span < (<uint64_t>1 << 32):
                for i in range(out.shape[0]):
                    out[i] = <int64_t>(<uint64_t>low + self.next32() % span)
            elif span == 0:
                for i in range(out.shape[0]):
                    out[i] = <int64_t>(<uint64_t>low + self.next64())
            else:
                for i in range(out.shape[0]):
                    out[i] = <int64_t>(<uint64_t>low + self.next64() % span)

    def normal_fill_double(self, double[::1] out, double mean, double std) -> None:
        """PyTorch's contiguous normal fill (16 or more elements) in double."""
        cdef Py_ssize_t n = out.shape[0], i, block
        if n < 16:
            raise ValueError("the block fill needs at least 16 elements")
        with nogil:
            for i in range(n):
                out[i] = self.uniform53()
            for block in prange(n // 16, schedule="static", use_threads_if=n >= PARALLEL_MIN_SIZE):
                box_muller_16_double(&out[16 * block], mean, std)
            if n % 16:
                for i in range(n - 16, n):
                    out[i] = self.uniform53()
                box_muller_16_double(&out[n - 16], mean, std)

    def normal_fill_float(self, float[::1] out, float mean, float std, bint vector_block=True,
                          bint uniforms_for_tail=True) -> None:
        """PyTorch's contiguous normal fill (16 or more elements) in float: its AVX2 block (what PyTorch
        runs on AVX2/AVX-512 CPUs) or, with ``vector_block`` false, its scalar block. Uniforms are drawn
        for every element first (float32), or only for the whole blocks (``uniforms_for_tail`` false:
        PyTorch's float16 fill), before the last 16 are redrawn when 16 does not divide the size."""
        cdef Py_ssize_t n = out.shape[0], i, block
        cdef Py_ssize_t first_draws = n if uniforms_for_tail else n - n % 16
        cdef uint32_t mask = (<uint32_t>1 << 24) - 1
        cdef float scale = 1.0 / (<uint32_t>1 << 24)
        if n < 16:
            raise ValueError("the block fill needs at least 16 elements")
        with nogil:
            for i in range(first_draws):
                out[i] = (self.next32() & mask) * scale
            for block in prange(n // 16, schedule="static", use_threads_if=n >= PARALLEL_MIN_SIZE):
                if vector_block:
                    box_muller_16_float_vector(&out[16 * block], mean, std)
                else:
                    box_muller_16_float(&out[16 * block], mean, std)
            if n % 16:
                for i in range(n - 16, n):
                    out[i] = (self.next32() & mask) * scale
                if vector_block:
                    box_muller_16_float_vector(&out[n - 16], mean, std)
                else:
                    box_muller_16_float(&out[n - 16], mean, std)

    def serial_normal(self, double mean, double std) -> float:
        """One normal variate the way PyTorch's element-by-element kernels draw it."""
        return self.next_normal(mean, std)

    cdef double next_normal(self, double mean, double std) noexcept nogil:
        cdef double u1, u2, radius, theta
        if self.normal_cached:
            self.normal_cached = False
            return fma(self.cached_normal, std, mean)
        u1 = self.uniform53()
        u2 = self.uniform53()
        radius = sqrt(-2.0 * log1p(-u2))
        theta = 2.0 * M_PI * u1
        self.cached_normal = radius * sin(theta)
        self.normal_cached = True
        return fma(radius * cos(theta), std, mean)

    def serial_normals(self, double[::1] out, double mean, double std) -> None:
        """``out[i] = serial_normal(mean, std)`` for each element in order."""
        cdef Py_ssize_t i
        with nogil:
            for i in range(out.shape[0]):
                out[i] = self.next_normal(mean, std)

    def uniforms53(self, double[::1] out) -> None:
        """``out[i]`` = a 53-bit uniform in [0, 1) (the base of bernoulli/exponential/cauchy/geometric)."""
        cdef Py_ssize_t i
        with nogil:
            for i in range(out.shape[0]):
                out[i] = self.uniform53()

    def exponential(self, double[::1] out, double lambd) -> None:
        """``out[i] = -1/lambd * log1p(-u)`` (u a 53-bit uniform)."""
        cdef Py_ssize_t i
        cdef double factor = -1.0 / lambd
        with nogil:
            for i in range(out.shape[0]):
                out[i] = factor * log1p(-self.uniform53())

    def cauchy(self, double[::1] out, double median, double sigma) -> None:
        """``out[i] = median + sigma * tan(pi * (u - 1/2))``."""
        cdef Py_ssize_t i
        with nogil:
            for i in range(out.shape[0]):
                out[i] = fma(sigma, tan(M_PI * (self.uniform53() - 0.5)), median)

    def geometric(self, double[::1] out, double p) -> None:
        """``out[i] = ceil(log(u) / log1p(-p))``: the trial of the first success."""
        cdef Py_ssize_t i
        cdef double denominator = log1p(-p)
        with nogil:
            for i in range(out.shape[0]):
                out[i] = ceil(log(self.uniform53()) / denominator)

    def log_normal(self, double[::1] out, double mean, double std) -> None:
        """``out[i] = exp(serial_normal(mean, std))``, element by element."""
        cdef Py_ssize_t i
        with nogil:
            for i in range(out.shape[0]):
                out[i] = exp(self.next_normal(mean, std))

    def poisson(self, const double[::1] rates, double[::1] out) -> None:
        """``out[i]`` ~ Poisson(``rates[i]``), as PyTorch draws it: Hörmann's transformed rejection with
        squeeze (PTRS) for rates of 10 or more, else multiplying uniforms until their product falls
        to ``exp(-rate)`` or below."""
        cdef Py_ssize_t i
        with nogil:
            for i in range(out.shape[0]):
                out[i] = self.poisson_one(rates[i])

    cdef double poisson_one(self, double rate) noexcept nogil:
        cdef double root, log_rate, b, a, inverse_alpha, v_r, u, v, u_s, k, bound, product
        cdef long count
        if rate >= 10:
            root = sqrt(rate)
            log_rate = log(rate)
            b = 0.931 + 2.53 * root
            a = -0.059 + 0.02483 * b
            inverse_alpha = 1.1239 + 1.1328 / (b - 3.4)
            v_r = 0.9277 - 3.6224 / (b - 2)
            while True:
                u = self.uniform53() - 0.5
                v = self.uniform53()
                u_s = 0.5 - fabs(u)
                k = floor((2 * a / u_s + b) * u + rate + 0.43)
                if u_s >= 0.07 and v <= v_r:
                    return k
                if k < 0 or (u_s < 0.013 and v > u_s):
                    continue
                if log(v) + log(inverse_alpha) - log(a / (u_s * u_s) + b) <= -rate + k * log_rate - lgamma(k + 1):
                    return k
        if rate == 0:
            return 0
        bound = exp(-rate)
        product = 1.0
        count = 0
        while True:
            product *= self.uniform53()
            if product > bound:
                count += 1
            else:
                return count

    def binomial(self, const double[::1] counts, const double[::1] probs, double[::1] out, bint single) -> None:
        """``out[i]`` ~ Binomial(``counts[i]``, ``probs[i]``) as PyTorch draws it: counts are not
        rounded; a count ≤ 0 or prob ≤ 0 gives 0, a prob ≥ 1 the count; otherwise, with ``q`` the
        smaller of ``p`` and ``1 - p`` (the draw counted from the other end when it is ``1 - p``),
        Hörmann's transformed rejection (BTRS) where ``count * q >= 10``, else the number of geometric
        waiting times that fit in the count. ``single``: the inputs are float32, and the terms PyTorch
        forms in the tensor's type are rounded to float32. A NaN count gives NaN (PyTorch loops)."""
        cdef Py_ssize_t i
        with nogil:
            for i in range(out.shape[0]):
                out[i] = self.binomial_one(counts[i], probs[i], single)

    cdef double binomial_one(self, double count, double prob, bint single) noexcept nogil:
        cdef bint flipped = prob > 0.5      # count failures with probability 1 - p instead
        cdef double q, successes
        if count != count:
            return count
        if count <= 0 or prob <= 0:
            return 0
        if prob >= 1:
            return count
        if prob != prob:
            return prob
        q = _in_tensor_type(1.0 - prob, single) if flipped else prob
        if _in_tensor_type(count * q, single) >= 10:
            successes = self.binomial_btrs(count, q, single)
        else:
            successes = self.binomial_inversion(count, q, single)
        return count - successes if flipped else successes

    cdef double binomial_inversion(self, double count, double prob, bint single) noexcept nogil:
        cdef double log_q = <double>_log1p_in_tensor_type(-prob, single), waited = 0, successes = 0
        while True:
            waited += ceil(log(self.uniform53()) / log_q)
            if waited > count:
                return successes
            successes += 1

    cdef double binomial_btrs(self, double count, double prob, bint single) noexcept nogil:
        cdef double variance = _in_tensor_type(_in_tensor_type(count * prob, single) * _in_tensor_type(1 - prob, single),
                                               single)
        cdef double spread = _in_tensor_type(sqrt(variance), single)
        cdef double b = 1.15 + 2.53 * spread
        cdef double a = -0.0873 + 0.0248 * b + 0.01 * prob
        cdef double c = _in_tensor_type(count * prob, single) + 0.5
        cdef double v_r = 0.92 - 4.2 / b
        cdef double odds = _in_tensor_type(prob / _in_tensor_type(1 - prob, single), single)
        cdef double alpha = (2.83 + 5.1 / b) * spread
        cdef double mode = floor(_in_tensor_type(_in_tensor_type(count + 1, single) * prob, single))
        cdef double u, v, u_s, k, bound
        while True:
            u = self.uniform53() - 0.5
            v = self.uniform53()
            u_s = 0.5 - fabs(u)
            k = _in_tensor_type(floor((2 * a / u_s + b) * u + c), single)
            if k < 0 or k > count:
                continue
            if u_s >= 0.07 and v <= v_r:
                return k
            v = log(v * alpha / (a / (u_s * u_s) + b))
            bound = ((mode + 0.5) * log((mode + 1) / (odds * (count - mode + 1)))
                     + (count + 1) * log((count - mode + 1) / (count - k + 1))
                     + (k + 0.5) * log(odds * (count - k + 1) / (k + 1))
                     + _stirling_tail(mode) + _stirling_tail(count - mode)
                     - _stirling_tail(k) - _stirling_tail(count - k))
            if v <= bound:
                return k

    def permutation(self, int64_t[::1] out) -> None:
        """``out`` = a random permutation of ``0 … n-1`` (forward Fisher-Yates, one word per swap)."""
        cdef Py_ssize_t n = out.shape[0], i, z
        cdef int64_t held
        with nogil:
            for i in range(n):
                out[i] = i
            for i in range(n - 1):
                z = i + <Py_ssize_t>(self.next32() % <uint64_t>(n - i))
                held = out[i]
                out[i] = out[z]
                out[z] = held

    # ---- state -----------------------------------------------------------------------------------
    def get_state(self) -> bytes:
        """The state in PyTorch's 5056-byte layout (``torch.get_rng_state()``'s bytes)."""
        cdef unsigned char buffer[STATE_BYTES]
        cdef uint64_t word, seeded = 1, next_index = self.next_index
        cdef int j, valid = self.normal_cached
        memset(buffer, 0, STATE_BYTES)
        memcpy(&buffer[AT_SEED], &self.seed_value, 8)
        memcpy(&buffer[AT_LEFT], &self.left, 4)
        memcpy(&buffer[AT_SEEDED], &seeded, 4)
        memcpy(&buffer[AT_NEXT], &next_index, 8)
        for j in range(WORDS):
            word = self.words[j]
            memcpy(&buffer[AT_WORDS + 8 * j], &word, 8)
        if self.normal_cached:
            memcpy(&buffer[AT_NORMAL_Y], &self.cached_normal, 8)
        memcpy(&buffer[AT_NORMAL_VALID], &valid, 4)
        memcpy(&buffer[AT_FLOAT_NORMAL], &self.cached_float_normal, 4)
        buffer[AT_FLOAT_NORMAL_VALID] = self.float_normal_cached
        return bytes(buffer[:STATE_BYTES])

    def set_state(self, const unsigned char[::1] state) -> None:
        """Restore a state from ``get_state`` (or from ``torch.get_rng_state()``); ValueError when its
        size or its position fields are not those of a state (words wider than 32 bits are cut to 32,
        as PyTorch does)."""
        cdef uint64_t word, next_index
        cdef int j, left, valid
        if state.shape[0] != STATE_BYTES:
            raise ValueError(f"RNG state must be {STATE_BYTES} bytes, got {state.shape[0]}")
        memcpy(&left, &state[AT_LEFT], 4)
        memcpy(&next_index, &state[AT_NEXT], 8)
        # left counts the draws to the next twist and next_index is the word to read: beyond these
        # bounds a draw would read past the 624 words
        if not (1 <= left <= WORDS) or next_index > WORDS or left + <int>next_index > WORDS + 1:
            raise ValueError("Invalid mt19937 state")
        memcpy(&self.seed_value, &state[AT_SEED], 8)
        for j in range(WORDS):
            memcpy(&word, &state[AT_WORDS + 8 * j], 8)
            self.words[j] = <uint32_t>word
        self.left = left
        self.next_index = next_index
        memcpy(&valid, &state[AT_NORMAL_VALID], 4)
        self.normal_cached = valid != 0
        memcpy(&self.cached_normal, &state[AT_NORMAL_Y], 8)
        memcpy(&self.cached_float_normal, &state[AT_FLOAT_NORMAL], 4)
        self.float_normal_cached = state[AT_FLOAT_NORMAL_VALID] != 0


cdef inline uint32_t mix_bits(uint32_t upper, uint32_t lower) noexcept nogil:
    cdef uint32_t y = (upper & UPPER_MASK) | (lower & LOWER_MASK)
    return (y >> 1) ^ (MATRIX_A if y & 1 else 0)


cdef inline void box_muller_16_double(double* x, double mean, double std) noexcept nogil:
    cdef int j
    cdef double radius, theta
    for j in range(8):
        radius = sqrt(-2.0 * log(1.0 - x[j]))
        theta = 2.0 * M_PI * x[j + 8]
        x[j] = fma(radius * cos(theta), std, mean)
        x[j + 8] = fma(radius * sin(theta), std, mean)


cdef inline void box_muller_16_float(float* x, float mean, float std) noexcept nogil:
    """PyTorch's scalar float block (CPUs without AVX2): libm's float functions, the angle formed in
    double, ``r cos θ * std + mean`` as one fused multiply-add."""
    cdef int j
    cdef float radius, theta
    for j in range(8):
        radius = sqrtf(<float>-2.0 * logf(<float>1.0 - x[j]))
        theta = <float>(2.0 * M_PI * x[j + 8])
        x[j] = fmaf(radius * cosf(theta), std, mean)
        x[j + 8] = fmaf(radius * sinf(theta), std, mean)


# the vector block PyTorch runs on AVX2/AVX-512 CPUs (the header says how it is reproduced)
cdef extern from "kernels/normal_block.h" nogil:
    void box_muller_16_float_vector "flambeau_normal_block_cephes"(float* x, float mean, float std)

"""The vectorised loops of kernels/simd_math.h through the kernels that use them: float32 exp within 2 ulp
of the exact value over the whole float range (denormal results, overflow, NaN included), block sums as
within the final rounding at every lane/block tail length, and the row max/scale of softmax at tail lengths."""
import math

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.kernels import pointwise_cpu, reduction_cpu, softmax_cpu
from flambeau_tensor_core.testing import oracle

LANE_AND_BLOCK_TAILS = [1, 31, 32, 33, 1023, 1024, 1025, 16385, 100_003]


def _ulp_errors(actual: np.ndarray, x: np.ndarray) -> np.ndarray:
    """|actual - exp(x)| in units of the float32 spacing at exp(x) (computed in float64)."""
    exact = np.exp(x.astype(np.float64))
    spacing = np.spacing(np.abs(exact.astype(np.float32))).astype(np.float64)
    return np.abs(actual.astype(np.float64) - exact) / spacing


def test_exp_float32_within_two_ulp_over_the_finite_range():
    # dense over every input whose exp is neither 0 nor inf, denormal results included
    x = np.linspace(-103.9, 88.72, 4_000_001).astype(np.float32)
    errors = _ulp_errors(pointwise_cpu.unary("exp", x), x)
    assert errors.max() <= 2.0, x[errors.argmax()]


def _assert_exp_close(x: np.ndarray, actual: np.ndarray) -> None:
    """NaN where x is NaN, exactly 0/inf where the float32 result underflows/overflows, else ≤ 2 ulp."""
    with np.errstate(all="ignore"):
        rounded = np.exp(x.astype(np.float64)).astype(np.float32)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(x))
    limit = ~np.isnan(x) & ((rounded == 0) | np.isinf(rounded))
    np.testing.assert_array_equal(actual[limit], rounded[limit])
    normal = ~np.isnan(x) & ~limit
    assert _ulp_errors(actual[normal], x[normal]).max(initial=0) <= 2.0


def test_exp_float32_on_random_bit_patterns():
    bits = np.random.default_rng(0).integers(0, 2**32, 2_000_000, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32)
    _assert_exp_close(x, pointwise_cpu.unary("exp", x))


@pytest.mark.parametrize("value", [np.inf, -np.inf, 0.0, -0.0, 1e-30, -1e-30, 88.72283, 88.7229, 89.5, 1e30,
                                   -87.33655, -103.28, -103.97, -103.98, -104.0, -1e30])
def test_exp_float32_special_values(value):
    x = np.full(37, value, np.float32)   # past one 32-lane step, so both the vector loop and its tail see it
    _assert_exp_close(x, pointwise_cpu.unary("exp", x))


def test_exp_float32_nan_stays_nan():
    x = np.array([np.nan, 1.0] * 20, np.float32)
    actual = pointwise_cpu.unary("exp", x)
    assert np.isnan(actual[::2]).all() and (actual[1::2] == np.float32(np.e)).all()


@pytest.mark.parametrize("n", [65_536, 100_003, 3 * 16_384 + 5])
def test_exp_float32_tensor_matches_torch(n):
    """Sizes that take the threaded kernel, with a partial last task."""
    oracle.check(lambda lib, t: lib.exp(t), oracle.randn(n) * 30, rtol=3e-7, atol=1e-44)   # atol: a few denormal ulps


@pytest.mark.parametrize("n", LANE_AND_BLOCK_TAILS + [1_000_000])
def test_float32_sum_is_within_a_few_ulp_of_the_exact_sum(n):
    """Positive terms make a plain float running sum drift by tens of ulp at these lengths (NumPy's
    pairwise sum by about one); float lanes within 1024-element blocks and double across blocks stay
    within the final rounding."""
    x = np.random.default_rng(n).random(n, dtype=np.float32)
    exact = math.fsum(x.astype(np.float64))
    total = reduction_cpu.sum_middle(x, 1, n, 1, False)[0, 0]
    assert abs(float(total) - exact) <= 2 * 2.0**-24 * exact


@pytest.mark.parametrize("n", LANE_AND_BLOCK_TAILS)
def test_float64_sum_matches_exact_sum(n):
    x = np.random.default_rng(n).standard_normal(n)
    total = reduction_cpu.sum_middle(x, 1, n, 1, False)[0, 0]
    assert abs(total - math.fsum(x)) <= 1e-13 * np.abs(x).sum()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sum_propagates_nan_and_inf(dtype):
    x = np.ones(5000, dtype)
    x[4999] = np.inf
    assert reduction_cpu.sum_middle(x, 1, 5000, 1, False)[0, 0] == np.inf
    x[17] = -np.inf
    assert np.isnan(reduction_cpu.sum_middle(x, 1, 5000, 1, False)[0, 0])
    x[:] = 1
    x[2500] = np.nan
    assert np.isnan(reduction_cpu.sum_middle(x, 1, 5000, 1, False)[0, 0])


@pytest.mark.parametrize("n", [1, 31, 33, 1025])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_mean_of_rows_at_tail_lengths_matches_torch(n, dtype):
    rows = max(1, 70_000 // n)   # large enough for the kernel
    oracle.check(lambda lib, t: t.mean(1), oracle.randn(rows, n).astype(dtype), rtol=1e-6, atol=1e-6)


def _rows_probing_the_max(n, dtype):
    """Rows whose maximum (200, far past exp's overflow if it were missed) sits at every position class:
    first element, a vector lane, the scalar tail; plus rows with NaN in a lane or the tail."""
    x = (oracle.randn(6, n) * 3).astype(dtype)
    for row, position in enumerate([0, n // 2, n - 1]):
        x[row, position] = 200
    x[3, n // 2] = np.nan
    x[4, n - 1] = np.nan
    x[5, :] = -np.inf
    return x


@pytest.mark.parametrize("n", [1, 31, 32, 33, 100, 1025])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_rows_at_tail_lengths_match_torch(n, dtype, name):
    x = _rows_probing_the_max(n, dtype)
    oracle.check(lambda lib, t: getattr(lib, name)(t, 1), x, rtol=2e-6, atol=1e-7)


def test_softmax_float32_rows_sum_to_one():
    x = (oracle.randn(300, 1000) * 20).astype(np.float32)
    rows = softmax_cpu.softmax_last_axis(x, False)
    np.testing.assert_allclose(rows.astype(np.float64).sum(1), 1.0, rtol=2e-6)
    np.testing.assert_allclose(ft.softmax(ft.from_numpy(x), 1).numpy(), rows)

"""The extra pointwise math (gcd/lcm, ldexp/frexp, heaviside, angle conversions, incomplete gamma, erfcx,
isin, renorm, dist) and array numerics (block_diag, diagflat, cov/corrcoef, combinations, histograms,
trapezoid rules, vander, unravel_index, index_reduce), checked against PyTorch."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

randn, randint = oracle.randn, oracle.randint
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


# ---- gcd / lcm --------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", ["gcd", "lcm"])
def test_gcd_lcm_values_dtypes_broadcasting(fn):
    a, b = randint(-30, 30, 3, 4), randint(-30, 30, 4).astype(np.int32)
    oracle.check(lambda lib, x, y: getattr(lib, fn)(x, y), a, b)
    oracle.check(lambda lib, x, y: getattr(x, fn)(y), a, b)
    oracle.check(lambda lib, x, y: getattr(x.clone(), fn + "_")(y), a, b)


@pytest.mark.parametrize("fn", ["gcd", "lcm"])
def test_gcd_lcm_reject_float_bool_and_scalars(fn):
    oracle.check_raises(lambda lib, x, y: getattr(lib, fn)(x, y), randn(3), randn(3))
    oracle.check_raises(lambda lib, x, y: getattr(lib, fn)(x, y), np.ones(2, bool), np.ones(2, bool))
    oracle.check_raises(lambda lib, x: getattr(lib, fn)(x, 3), randint(0, 9, 3))


# ---- ldexp / frexp ----------------------------------------------------------------------------------
@pytest.mark.parametrize("x_dtype, e_dtype", [(np.float32, np.int64), (np.float64, np.int32),
                                             (np.int64, np.int64), (np.float32, np.float64)])
def test_ldexp(x_dtype, e_dtype):
    x = (randn(3, 4) * 4).astype(x_dtype)
    e = randint(-5, 6, 4).astype(e_dtype)
    oracle.check(lambda lib, a, b: lib.ldexp(a, b), x, e)
    oracle.check(lambda lib, a, b: a.ldexp(b), x, e)


def test_ldexp_inplace_and_errors():
    oracle.check(lambda lib, a, b: a.clone().ldexp_(b), randn(3), randint(-3, 3, 3))
    oracle.check_raises(lambda lib, a: lib.ldexp(a, 2), randn(3))
    oracle.check_raises(lambda lib, a, b: a.clone().ldexp_(b), randint(0, 5, 3), randint(-3, 3, 3))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_frexp(dtype):
    x = np.array([-3.0, -1, 0, 0.5, 2, 1e3, np.inf, -np.inf, np.nan], dtype=dtype)
    result = oracle.check(lambda lib, a: lib.frexp(a), x)
    assert result._fields == ("mantissa", "exponent")
    oracle.check(lambda lib, a: a.frexp(), randn(2, 3))
    oracle.check_raises(lambda lib, a: lib.frexp(a), randint(0, 4, 3))


# ---- heaviside and angle conversions ----------------------------------------------------------------
def test_heaviside():
    x = np.array([[-1.5, 0.0, 2.0], [0.0, np.nan, -0.0]], np.float32)
    oracle.check(lambda lib, a, v: lib.heaviside(a, v), x, np.array([0.5, 7.0, 1.0], np.float32))
    oracle.check(lambda lib, a, v: a.heaviside(v), randint(-2, 3, 4), np.array([5]))
    oracle.check(lambda lib, a, v: a.clone().heaviside_(v), x, np.array([0.25], np.float32))
    oracle.check_raises(lambda lib, a, v: lib.heaviside(a, v), x, np.array([0.5]))


@pytest.mark.parametrize("fn", ["deg2rad", "rad2deg"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.bool_])
def test_angle_conversions(fn, dtype):
    x = (randn(3, 4) * 90).astype(dtype)
    oracle.check(lambda lib, a: getattr(lib, fn)(a), x)
    oracle.check(lambda lib, a: getattr(a, fn)(), x)


@pytest.mark.parametrize("fn", ["deg2rad", "rad2deg"])
def test_angle_conversions_inplace_and_complex(fn):
    oracle.check(lambda lib, a: getattr(a.clone(), fn + "_")(), randn(5))
    oracle.check_raises(lambda lib, a: getattr(lib, fn)(a), randn(2).astype(np.complex64))
    oracle.check_raises(lambda lib, a: getattr(a.clone(), fn + "_")(), randint(0, 9, 3))


# ---- incomplete gamma, erfcx -------------------------------------------------------------------------
_A = np.array([0.01, 0.5, 1, 2, 5, 10, 30, 100, 800, 3, 2, 0, 0, -1, 2, np.inf, np.inf, 1, np.nan])
_X = np.array([0.5, 0.1, 1, 3, 4, 12, 25, 120, 790, 0, np.inf, 2, 0, 1, -1, 1, np.inf, 1e-300, 1])


@pytest.mark.parametrize("fn", ["igamma", "igammac", "special.gammainc", "special.gammaincc"])
def test_incomplete_gamma_values_and_edges(fn):
    def call(lib, a, x):
        owner = lib.special if fn.startswith("special.") else lib
        return getattr(owner, fn.split(".")[-1])(a, x)
    oracle.check(call, _A, _X, rtol=1e-8, atol=1e-12)   # PyTorch itself is off by ~1e-9 at (30, 25)
    oracle.check(call, _A.astype(np.float32), _X.astype(np.float32), rtol=1e-5, atol=1e-6)


@given(a=st.floats(0.05, 60), x=st.floats(0.0, 80))
@settings(max_examples=25, deadline=None)
def test_incomplete_gamma_property(a, x):
    oracle.check(lambda lib, s, t: lib.igamma(s, t), np.array([a]), np.array([x]), rtol=1e-8, atol=1e-12)
    oracle.check(lambda lib, s, t: lib.igammac(s, t), np.array([a]), np.array([x]), rtol=1e-8, atol=1e-12)


def test_incomplete_gamma_promotion_inplace_and_errors():
    oracle.check(lambda lib, a, x: lib.igamma(a, x), np.abs(randn(3, 1)) + 0.1, np.abs(randn(4)).astype(np.float64))
    oracle.check(lambda lib, a, x: a.clone().igammac_(x), np.abs(randn(3)) + 0.1, np.abs(randn(3)))
    oracle.check_raises(lambda lib, a, x: lib.igamma(a, x), randint(1, 4, 3), randint(1, 4, 3))
    oracle.check_raises(lambda lib, a: lib.igamma(a, 2.0), randn(3))


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_erfcx(dtype):
    x = np.array([-30, -26, -3.0, -1, 0, 0.5, 2, 10, 24.9, 25, 26, 30, 100, 1e5, 1e300, np.inf, -np.inf, np.nan])
    if dtype != np.float64:
        x = x[np.abs(x) < 1e6] if dtype == np.float32 else x[np.isfinite(x) & (np.abs(x) < 1e6)]
    oracle.check(lambda lib, a: lib.special.erfcx(a), x.astype(dtype), rtol=1e-12 if dtype == np.float64 else 1e-6)
    oracle.check_raises(lambda lib, a: lib.special.erfcx(a), randn(2).astype(np.complex64))


# ---- isin ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("invert", [False, True])
def test_isin(invert):
    elements, tests = randint(0, 8, 3, 4), randint(0, 8, 5)
    oracle.check(lambda lib, e, t: lib.isin(e, t, invert=invert), elements, tests)
    oracle.check(lambda lib, e: lib.isin(e, 3, invert=invert), elements)
    oracle.check(lambda lib, t: lib.isin(3, t, invert=invert), tests)
    oracle.check(lambda lib, e, t: lib.isin(e, t, assume_unique=True), np.arange(6), np.array([5, 1, 9]))
    oracle.check(lambda lib, e, t: lib.isin(e, t), elements.astype(np.float32), tests)


# ---- renorm / dist ------------------------------------------------------------------------------------
@pytest.mark.parametrize("p, dim, maxnorm", [(2, 0, 1.0), (1, 1, 2.0), (3.5, -1, 0.5), (2, 1, 100.0)])
def test_renorm(p, dim, maxnorm):
    x = randn(3, 4, 2)
    oracle.check(lambda lib, a: lib.renorm(a, p, dim, maxnorm), x, rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a: a.clone().renorm_(p, dim, maxnorm), x, rtol=1e-5, atol=1e-6)


def test_renorm_errors():
    oracle.check_raises(lambda lib, a: lib.renorm(a, 0, 0, 1.0), randn(2, 2))
    oracle.check_raises(lambda lib, a: lib.renorm(a, 2, 0, -1.0), randn(2, 2))
    oracle.check_raises(lambda lib, a: lib.renorm(a, 2, 0, 1.0), randn(3))
    oracle.check_raises(lambda lib, a: lib.renorm(a, 2, 0, 1.0), randint(0, 3, 2, 2))
    oracle.check_raises(lambda lib, a: lib.renorm(a, 2, 2, 1.0), randn(2, 2))


@pytest.mark.parametrize("p", [2, 1, 0, 3.5, float("inf"), -float("inf")])
def test_dist(p):
    oracle.check(lambda lib, a, b: lib.dist(a, b, p), randn(3, 4), randn(4), rtol=1e-5)
    oracle.check(lambda lib, a, b: a.dist(b, p=p), randn(3), randn(3).astype(np.float64), rtol=1e-5)


def test_dist_errors():
    oracle.check_raises(lambda lib, a, b: lib.dist(a, b), randint(0, 3, 3), randint(0, 3, 3))
    oracle.check_raises(lambda lib, a, b: lib.dist(a, b), randn(3), randn(4))


# ---- block_diag / diagflat ----------------------------------------------------------------------------
def test_block_diag():
    oracle.check(lambda lib, a, b, c, d: lib.block_diag(a, b, c, d), np.array(2.0, np.float32), randn(3),
                 randint(0, 5, 2, 2).astype(np.int32), randn(0, 2))
    oracle.check(lambda lib, a, b: lib.block_diag(a, b), randint(0, 5, 2, 3), randn(1, 2).astype(np.float64))
    oracle.check(lambda lib: lib.block_diag())
    oracle.check_raises(lambda lib, a: lib.block_diag(a), randn(2, 2, 2))


@pytest.mark.parametrize("shape, offset", [((3,), 0), ((2, 2), 1), ((2, 3), -2), ((), 0)])
def test_diagflat(shape, offset):
    oracle.check(lambda lib, a: lib.diagflat(a, offset), randn(*shape))
    oracle.check(lambda lib, a: a.diagflat(offset=offset), randn(*shape))


# ---- cov / corrcoef -----------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(3, 5), (5,), (1, 4), (4, 1)])
@pytest.mark.parametrize("correction", [0, 1, 2])
def test_cov(shape, correction):
    oracle.check(lambda lib, a: lib.cov(a, correction=correction), randn(*shape), rtol=1e-5, atol=1e-6)


def test_cov_weights_complex_and_integers():
    x, fw, aw = randn(3, 6), randint(0, 4, 6), np.abs(randn(6)) + 0.1
    for correction in (0, 1, 3):
        oracle.check(lambda lib, a, f, c=correction: lib.cov(a, fweights=f, correction=c), x, fw, rtol=1e-5, atol=1e-6)
        oracle.check(lambda lib, a, w, c=correction: lib.cov(a, aweights=w, correction=c), x, aw, rtol=1e-5, atol=1e-6)
        oracle.check(lambda lib, a, f, w, c=correction: a.cov(correction=c, fweights=f, aweights=w), x, fw, aw,
                     rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a: lib.cov(a), randint(0, 9, 2, 5))
    oracle.check(lambda lib, a: lib.cov(a), (randn(2, 4) + 1j * randn(2, 4)).astype(np.complex64), rtol=1e-5)
    oracle.check(lambda lib, a: lib.cov(a, correction=5), randn(3))


def test_cov_with_negative_degrees_of_freedom_divides_by_positive_zero():
    # correction larger than the weighted observation count: PyTorch zeroes the factor, so +inf, never -inf
    x = np.arange(12, dtype=np.float32).reshape(2, 6) ** 2
    fw, aw = np.array([1, 1, 0, 0, 1, 1]), np.linspace(0.2, 2.0, 6).astype(np.float32)
    oracle.check(lambda lib, a, f, w: lib.cov(a, fweights=f, aweights=w, correction=3), x, fw, aw)
    oracle.check(lambda lib, a: lib.cov(a, correction=9), x)


def test_cov_errors():
    x = randn(2, 4)
    oracle.check_raises(lambda lib, a: lib.cov(a), randn(2, 2, 2))
    oracle.check_raises(lambda lib, a, f: lib.cov(a, fweights=f), x, randn(4))
    oracle.check_raises(lambda lib, a, w: lib.cov(a, aweights=w), x, randint(0, 3, 4))
    oracle.check_raises(lambda lib, a, f: lib.cov(a, fweights=f), x, randint(0, 3, 3))
    oracle.check_raises(lambda lib, a, f: lib.cov(a, fweights=f), x, np.array([1, -1, 1, 1]))
    oracle.check_raises(lambda lib, a, w: lib.cov(a, aweights=w), x, np.ones((2, 2), np.float32))


@pytest.mark.parametrize("shape", [(3, 5), (5,), (2, 2)])
def test_corrcoef(shape):
    oracle.check(lambda lib, a: lib.corrcoef(a), randn(*shape), rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a: a.corrcoef(), randint(-5, 5, *shape), rtol=1e-5, atol=1e-6)


# ---- combinations ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("n, r", [(4, 2), (4, 3), (3, 1), (3, 0), (2, 3), (0, 2), (5, 5)])
@pytest.mark.parametrize("with_replacement", [False, True])
def test_combinations(n, r, with_replacement):
    oracle.check(lambda lib, a: lib.combinations(a, r, with_replacement), randn(n))


def test_combinations_errors_and_integers():
    oracle.check(lambda lib, a: lib.combinations(a), randint(0, 9, 4))
    oracle.check_raises(lambda lib, a: lib.combinations(a), randn(2, 2))


# ---- histograms -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("bins", [1, 3, 10])
@pytest.mark.parametrize("density", [False, True])
def test_histogram_counts(bins, density):
    x = randn(4, 25)
    oracle.check(lambda lib, a: lib.histogram(a, bins, density=density), x, rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a, w: lib.histogram(a, bins, range=(-1.0, 2.0), weight=w, density=density),
                 x, randn(4, 25), rtol=1e-5, atol=1e-6)


def test_histogram_edge_tensor_exact_edges_and_constant_input():
    x = np.array([0.0, 1.0, 1.0, 2.5, 3.0, 3.0, -1.0, 4.0, np.nan], np.float64)
    oracle.check(lambda lib, a, e: lib.histogram(a, e), x, np.array([0.0, 1.0, 2.0, 3.0]))
    oracle.check(lambda lib, a, e: a.histogram(e, density=True), x, np.array([0.0, 0.5, 3.0]))
    oracle.check(lambda lib, a: lib.histogram(a, 4), np.full(5, 2.0, np.float32))
    oracle.check(lambda lib, a: lib.histogram(a, 3), np.arange(7, dtype=np.float32))
    oracle.check(lambda lib, a: lib.histogram(a, 2), np.zeros(0, np.float32))


def test_histogram_errors():
    oracle.check_raises(lambda lib, a: lib.histogram(a, 3), randint(0, 5, 6))
    oracle.check_raises(lambda lib, a: lib.histogram(a, 3, range=(2.0, 1.0)), randn(6))
    oracle.check_raises(lambda lib, a: lib.histogram(a, 0), randn(6))


@pytest.mark.parametrize("bins", [3, [2, 4]])
def test_histogramdd(bins):
    x = randn(5, 7, 2)
    oracle.check(lambda lib, a: lib.histogramdd(a, bins), x, rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a, w: lib.histogramdd(a, bins, range=[-1.0, 1.0, -2.0, 0.5], weight=w, density=True),
                 x, np.abs(randn(5, 7)), rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a, e0, e1: lib.histogramdd(a, [e0, e1]), x, np.array([-1.0, 0.0, 2.0], np.float32),
                 np.array([-3.0, 0.0, 0.5, 3.0], np.float32))


# ---- trapezoid rules -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", ["trapezoid", "trapz", "cumulative_trapezoid"])
def test_trapezoid_variants(fn):
    y = randn(3, 4, 5)
    for dim in (-1, 0, 1):
        oracle.check(lambda lib, a, d=dim: getattr(lib, fn)(a, dim=d), y, rtol=1e-5, atol=1e-6)
        oracle.check(lambda lib, a, d=dim: getattr(lib, fn)(a, dx=0.25, dim=d), y, rtol=1e-5, atol=1e-6)
        oracle.check(lambda lib, a, x, d=dim: getattr(lib, fn)(a, x, dim=d), y, np.sort(randn(y.shape[dim])),
                     rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a, x: getattr(lib, fn)(a, x, dim=1), y, randn(3, 4, 5), rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a, x: getattr(lib, fn)(a, x), randint(0, 9, 4), randint(0, 9, 4))
    oracle.check(lambda lib, a: getattr(lib, fn)(a), randn(3, 1))
    oracle.check_raises(lambda lib, a, x: getattr(lib, fn)(a, x), y, randn(2))
    oracle.check_raises(lambda lib, a: getattr(lib, fn)(a), np.array(1.0, np.float32))


# ---- vander / unravel_index --------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
def test_vander(dtype):
    x = randint(-3, 4, 4).astype(dtype)
    oracle.check(lambda lib, a: lib.vander(a), x)
    for N in (0, 1, 3, 6):
        oracle.check(lambda lib, a, n=N: lib.vander(a, n), x)
        oracle.check(lambda lib, a, n=N: lib.vander(a, N=n, increasing=True), x)
    oracle.check_raises(lambda lib, a: lib.vander(a), randn(2, 2))


@pytest.mark.parametrize("shape", [(2, 3, 4), (7,), 5, (3, 0, 2), ()])
def test_unravel_index(shape):
    indices = randint(-30, 30, 2, 3)
    if shape == (3, 0, 2):
        indices = np.zeros((2,), np.int64)
    oracle.check(lambda lib, i: lib.unravel_index(i, shape), indices)
    oracle.check(lambda lib, i: lib.unravel_index(i, shape), np.array(5, np.int32))


def test_unravel_index_errors():
    oracle.check_raises(lambda lib, i: lib.unravel_index(i, (2, 3)), randn(3))
    oracle.check_raises(lambda lib, i: lib.unravel_index(i, (2, -3)), randint(0, 3, 3))


# ---- index_reduce -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_index_reduce(reduce, include_self, dim):
    x = randn(4, 3, 2)
    index = randint(0, x.shape[dim], 5)
    source_shape = list(x.shape)
    source_shape[dim] = 5
    source = randn(*source_shape)
    oracle.check(lambda lib, a, i, s: lib.index_reduce(a, dim, i, s, reduce, include_self=include_self),
                 x, index, source, rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, a, i, s: a.clone().index_reduce_(dim, i, s, reduce, include_self=include_self),
                 x, index, source, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
def test_index_reduce_integers(reduce):
    x, source = randint(-20, 20, 5), randint(-20, 20, 6)
    index = np.array([0, 0, 3, 1, 0, 3])
    for include_self in (True, False):
        oracle.check(lambda lib, a, i, s, inc=include_self: a.index_reduce(0, i, s, reduce, include_self=inc), x, index,
                     source)


def test_index_reduce_errors():
    x, source = randn(4, 2), randn(3, 2)
    oracle.check_raises(lambda lib, a, i, s: a.index_reduce(0, i, s, "sum"), x, np.array([0, 1, 2]), source)
    oracle.check_raises(lambda lib, a, i, s: a.index_reduce(0, i, s, "prod"), x, np.array([0, 1, 4]), source)
    oracle.check_raises(lambda lib, a, i, s: a.index_reduce(0, i, s, "prod"), x, np.array([0, -1, 2]), source)
    oracle.check_raises(lambda lib, a, i, s: a.index_reduce(0, i, s, "prod"), x, np.array([0., 1, 2]), source)
    oracle.check_raises(lambda lib, a, i, s: a.index_reduce(0, i, s, "prod"), x, np.array([0, 1]), source)
    oracle.check_raises(lambda lib, a, i, s: a.index_reduce(0, i, s, "prod"), x, np.array([0, 1, 2]),
                        source.astype(np.float64))


# ---- GPU: the same cases on CUDA tensors against the CPU result ------------------------------------------
@pytest.mark.gpu
@pytest.mark.parametrize("case", [
    lambda lib, a, b: lib.igamma(a.abs() + 0.1, b.abs()),
    lambda lib, a, b: lib.special.erfcx(a * 10),
    lambda lib, a, b: lib.gcd((a * 10).long(), (b * 10).long()),
    lambda lib, a, b: lib.ldexp(a, (b * 3).long()),
    lambda lib, a, b: lib.frexp(a),
    lambda lib, a, b: lib.heaviside(a, b),
    lambda lib, a, b: lib.isin((a * 3).long(), (b * 3).long()),
    lambda lib, a, b: lib.renorm(a, 2, 0, 0.5),
    lambda lib, a, b: lib.dist(a, b, 3),
    lambda lib, a, b: lib.block_diag(a, b),
    lambda lib, a, b: lib.cov(a),
    lambda lib, a, b: lib.combinations(a[0], 2),
    lambda lib, a, b: lib.histogram(a, 4),
    lambda lib, a, b: lib.cumulative_trapezoid(a, b[0]),
    lambda lib, a, b: lib.vander(a[0]),
    lambda lib, a, b: lib.unravel_index((a * 10).long(), (3, 4)),
    lambda lib, a, b: lib.index_reduce(a, 1, lib.tensor([0, 2, 0, 1], device=a.device), b, "prod"),
    lambda lib, a, b: lib.index_reduce(a, 1, lib.tensor([0, 2, 0, 1], device=a.device), b, "amax"),
])
def test_on_cuda_matches_cpu(case):
    a, b = randn(4, 4).astype(np.float64), randn(4, 4).astype(np.float64)
    expected = case(ft, ft.from_numpy(a), ft.from_numpy(b))
    actual = case(ft, ft.from_numpy(a).cuda(), ft.from_numpy(b).cuda())
    for e, r in zip(expected if isinstance(expected, tuple) else (expected,),
                    actual if isinstance(actual, tuple) else (actual,)):
        assert r.device.type == "cuda"
        assert_close(r.cpu(), e, rtol=1e-6, atol=1e-8)


def test_histogram_records_without_gradient():
    pytest.importorskip("flambeau_autograd")
    x = ft.from_numpy(randn(10)).requires_grad_()
    hist, edges = ft.histogram(x, 3)
    assert hist.requires_grad and edges.requires_grad      # as in PyTorch, whose backward is not implemented
    with pytest.raises(NotImplementedError):
        hist.sum().backward()


BOOL_MATRIX = np.array([[True, False], [False, True]])


@pytest.mark.parametrize("call", [lambda lib, x: lib.trace(x), lambda lib, x: lib.cov(x),
                                  lambda lib, x: lib.corrcoef(x), lambda lib, x: lib.trapezoid(x),
                                  lambda lib, x: lib.cumulative_trapezoid(x)],
                         ids=["trace", "cov", "corrcoef", "trapezoid", "cumulative_trapezoid"])
def test_bool_inputs_rejected_like_torch(call):
    oracle.check_raises(call, BOOL_MATRIX)


def test_chain_matmul_of_one_matrix_returns_it():
    oracle.check(lambda lib, a: lib.chain_matmul(a), np.eye(3, dtype=np.float32) * 2)
    oracle.check(lambda lib, a, b: lib.chain_matmul(a, b), np.eye(3, dtype=np.float32) * 2, np.ones((3, 2), np.float32))


def test_isin_of_bool_raises_like_torch():
    oracle.check_raises(lambda lib, a, b: lib.isin(a, b), np.array([1, 2]), np.array([True]))


def test_chain_matmul_requires_matrices_like_torch():
    oracle.check_raises(lambda lib, a, b: lib.chain_matmul(a, b), np.ones(3, np.float32), np.ones((3, 2), np.float32))

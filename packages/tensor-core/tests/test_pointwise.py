"""Pointwise ops against the PyTorch oracle: values, dtype rules, broadcasting, in-place, out=, errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

X = oracle.randn(3, 4)
X64 = oracle.randn(3, 4, dtype=np.float64)
UNIT = np.random.default_rng(1).uniform(-0.95, 0.95, (3, 4)).astype(np.float32)
POSITIVE = np.abs(X) + 0.1
ABOVE_ONE = POSITIVE + 1
INTS = oracle.randint(-4, 5, 3, 4)
BOOLS = oracle.randint(0, 2, 3, 4).astype(bool)
SPECIAL = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e30], np.float32)
COMPLEX = (X64 + 1j * X64[::-1]).astype(np.complex128)

# name -> input that lies in the function's domain
UNARY_FLOAT = {
    "exp": X, "exp2": X, "expm1": X, "log": POSITIVE, "log2": POSITIVE, "log10": POSITIVE, "log1p": POSITIVE,
    "sqrt": POSITIVE, "rsqrt": POSITIVE, "sin": X, "cos": X, "tan": X, "asin": UNIT, "acos": UNIT, "atan": X,
    "sinh": X, "cosh": X, "tanh": X, "asinh": X, "acosh": ABOVE_ONE, "atanh": UNIT, "arcsin": UNIT,
    "arccos": UNIT, "arctan": X, "arcsinh": X, "arccosh": ABOVE_ONE, "arctanh": UNIT, "sigmoid": X * 10,
    "erf": X, "erfc": X * 3, "erfinv": UNIT, "lgamma": X * 3, "digamma": X * 3, "i0": X * 5, "sinc": X,
    "reciprocal": POSITIVE,
}
SAME_DTYPE = ["sign", "sgn", "square", "floor", "ceil", "trunc", "fix", "frac", "round", "abs", "neg"]


@pytest.mark.parametrize("name", sorted(UNARY_FLOAT))
def test_unary_float_functions(name):
    data = UNARY_FLOAT[name]
    oracle.check(lambda lib, x: getattr(lib, name)(x), data, rtol=2e-6, atol=1e-5)
    oracle.check(lambda lib, x: getattr(x, name)(), data.astype(np.float64), rtol=1e-10, atol=1e-12)
    oracle.check(lambda lib, x: getattr(lib, name)(x), SPECIAL, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(UNARY_FLOAT))
def test_unary_float_dtype_rules(name):
    """int and bool inputs give the default float dtype; float16 stays float16; in-place on ints fails."""
    oracle.check(lambda lib, x: getattr(lib, name)(x), np.abs(INTS) + 1, rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, x: getattr(lib, name)(x), BOOLS, rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, x: getattr(lib, name)(x), UNARY_FLOAT[name].astype(np.float16), rtol=2e-3, atol=2e-3)
    oracle.check_raises(lambda lib, x: getattr(x, name + "_")(), np.abs(INTS) + 1)


@pytest.mark.parametrize("name", sorted(UNARY_FLOAT))
def test_unary_in_place_and_out(name):
    data = UNARY_FLOAT[name]
    result = oracle.check(lambda lib, x: getattr(x, name + "_")(), data.copy(), rtol=2e-6, atol=1e-5)
    assert result._version == 1
    oracle.check(lambda lib, x: getattr(lib, name)(x, out=lib.empty(3, 4, dtype=lib.float64)), data,
                 rtol=2e-6, atol=1e-5)
    oracle.check_raises(lambda lib, x: getattr(lib, name)(x, out=lib.empty(3, 4, dtype=lib.int64)), data)


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "sin", "tanh", "sigmoid", "reciprocal", "rsqrt", "sgn",
                                  "square", "exp2", "log1p", "asinh", "tan"])
def test_unary_complex(name):
    oracle.check(lambda lib, x: getattr(lib, name)(x), COMPLEX)


@pytest.mark.parametrize("name", ["erf", "erfinv", "lgamma", "digamma", "i0", "sign", "floor", "frac", "round"])
def test_unary_complex_unsupported(name):
    oracle.check_raises(lambda lib, x: getattr(lib, name)(x), COMPLEX)


@pytest.mark.parametrize("name", SAME_DTYPE)
@pytest.mark.parametrize("data", [X * 3, X64 * 3, INTS, BOOLS, SPECIAL], ids=["f32", "f64", "int", "bool", "special"])
def test_dtype_preserving_unary(name, data):
    oracle.check(lambda lib, x: getattr(lib, name)(x), data)
    oracle.check(lambda lib, x: getattr(x, name + "_")(), data.copy())


def test_round_decimals():
    oracle.check(lambda lib, x: lib.round(x, decimals=2), X64 * 10)
    oracle.check(lambda lib, x: x.round(decimals=-1), X64 * 100)
    oracle.check(lambda lib, x: lib.round(x), np.array([0.5, 1.5, 2.5, -0.5, -1.5], np.float32))
    oracle.check(lambda lib, x: x.round_(decimals=1), X64.copy())


@pytest.mark.parametrize("name", ["erf", "erfc", "lgamma", "digamma", "erfinv", "i0", "exp", "log", "tanh",
                                  "sigmoid"])
def test_special_kernels_wide_range(name):
    """The Cython special functions across their domain, float64 and float32, incl. large inputs."""
    rng = np.random.default_rng(5)
    data = {"erfinv": rng.uniform(-1, 1, 2000), "log": rng.uniform(1e-6, 1e6, 2000),
            "digamma": np.concatenate([rng.uniform(-20, 50, 2000), [-3.0, -2.5, 1e-8, 200.0, 1e6]]),
            "i0": rng.uniform(-80, 80, 2000), "lgamma": rng.uniform(-20, 100, 2000)}.get(
        name, rng.uniform(-30, 30, 2000))
    data = np.concatenate([data, rng.uniform(-5, 5, 1 << 16)]) if name in ("exp", "tanh", "sigmoid") else data
    # digamma loses relative precision near its roots and poles (cancellation), in PyTorch's too
    rtol = 1e-9 if name == "digamma" else 1e-12
    oracle.check(lambda lib, x: getattr(lib, name)(x), data, rtol=rtol, atol=1e-300 if rtol < 1e-9 else 1e-9)
    # PyTorch evaluates float32 digamma in float32: near its roots only absolute accuracy is shared
    oracle.check(lambda lib, x: getattr(lib, name)(x), data.astype(np.float32), rtol=2e-6,
                 atol=1e-6 if name == "digamma" else 1e-30)


def test_erfinv_and_digamma_edges():
    oracle.check(lambda lib, x: lib.erfinv(x), np.array([-1.0, 1.0, 1.5, -2.0, 0.0, 1 - 1e-12, -1e-300, np.nan]))
    oracle.check(lambda lib, x: lib.digamma(x), np.array([0.0, -0.0, -1.0, -2.0, np.inf, np.nan, 0.5]))
    oracle.check(lambda lib, x: lib.lgamma(x), np.array([0.0, -1.0, np.inf, -np.inf, np.nan, 0.5]))


# ---- binary ----------------------------------------------------------------------------------------
BINARY = ["maximum", "minimum", "fmax", "fmin", "atan2", "arctan2", "hypot", "copysign", "nextafter", "logaddexp",
          "logaddexp2", "xlogy", "fmod", "float_power"]


@pytest.mark.parametrize("name", BINARY)
def test_binary_broadcast(name):
    b = X[:1] + 0.5
    oracle.check(lambda lib, x, y: getattr(lib, name)(x, y), X, b)
    oracle.check(lambda lib, x, y: getattr(x, name)(y), X64, X64[:, :1])
    oracle.check_raises(lambda lib, x, y: getattr(lib, name)(x, y), X, oracle.randn(3))


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("pair", [("float32", "float64"), ("int64", "float32"), ("int32", "int64"),
                                  ("bool", "int32"), ("float16", "int64")])
def test_binary_promotion(name, pair):
    a = (INTS * 1.5).astype(pair[0]) if pair[0] != "bool" else BOOLS
    b = (INTS[::-1] + 0.25).astype(pair[1]) if pair[1] != "bool" else BOOLS
    oracle.check(lambda lib, x, y: getattr(lib, name)(x, y), a, b, rtol=2e-3, atol=1e-3)


@pytest.mark.parametrize("name", ["copysign", "xlogy", "fmod", "float_power"])
@pytest.mark.parametrize("scalar", [2, -1.5, True])
def test_binary_with_scalar(name, scalar):
    oracle.check(lambda lib, x: getattr(lib, name)(x, scalar), POSITIVE)
    oracle.check(lambda lib, x: getattr(lib, name)(x, scalar), INTS)


@pytest.mark.parametrize("name", ["atan2", "hypot", "copysign", "xlogy", "fmod", "nextafter", "maximum"])
def test_binary_in_place(name):
    oracle.check(lambda lib, x, y: getattr(x, name + "_")(y), X.copy(), X[0] + 0.5)
    oracle.check_raises(lambda lib, x, y: getattr(x, name + "_")(y), X[:1].copy(), X)   # can't broadcast into self


def test_nan_handling_of_max_like():
    a = np.array([np.nan, 1.0, np.nan, 2.0], np.float32)
    b = np.array([0.0, np.nan, np.nan, 1.0], np.float32)
    for name in ("maximum", "minimum", "fmax", "fmin"):
        oracle.check(lambda lib, x, y: getattr(lib, name)(x, y), a, b)  # noqa: B023 (called at once)
    oracle.check(lambda lib, x, y: lib.xlogy(x, y), np.array([0.0, 0.0, 1.0], np.float32),
                 np.array([np.nan, 0.0, 0.0], np.float32))


def test_binary_argument_errors():
    oracle.check_raises(lambda lib, x: lib.maximum(x, 2), X)
    oracle.check_raises(lambda lib, x: lib.maximum(x, x), COMPLEX)
    oracle.check_raises(lambda lib, x, y: lib.fmod(x, y), INTS, INTS * 0)
    oracle.check(lambda lib, x: lib.float_power(x, 2), COMPLEX)
    oracle.check_raises(lambda lib, x: x.float_power_(2), X.copy())


# ---- clamp, where, lerp, addcmul, addcdiv ------------------------------------------------------------
@pytest.mark.parametrize("bounds", [(-0.5, 0.5), (None, 0.1), (0, None), (1, -1), (-1.5, 2)])
@pytest.mark.parametrize("data", [X, INTS, X64], ids=["f32", "int", "f64"])
def test_clamp_scalar_bounds(bounds, data):
    lo, hi = bounds
    oracle.check(lambda lib, x: lib.clamp(x, lo, hi), data)
    oracle.check(lambda lib, x: x.clip(min=lo, max=hi), data)
    if not (np.issubdtype(data.dtype, np.integer) and any(isinstance(b, float) for b in bounds)):
        oracle.check(lambda lib, x: x.clamp_(lo, hi), data.copy())


def test_clamp_tensor_bounds_and_errors():
    lo, hi = X[0] - 0.2, X[:, :1] + 0.3
    oracle.check(lambda lib, x, a, b: lib.clamp(x, a, b), X, lo, hi)
    oracle.check(lambda lib, x, a: lib.clamp(x, min=a), INTS, lo)
    oracle.check(lambda lib, x, a: lib.clamp_min(x, a), X, lo)
    oracle.check(lambda lib, x: lib.clamp_max(x, 0.0), X)
    oracle.check(lambda lib, x, a: x.clamp_max_(a), X.copy(), lo)
    oracle.check_raises(lambda lib, x: lib.clamp(x), X)
    oracle.check_raises(lambda lib, x: x.clamp_(0.5, None), INTS.copy())
    oracle.check(lambda lib, x: lib.clamp(x, 0, 1), np.array([np.nan, -1, 2], np.float32))


def test_where():
    cond = X > 0
    oracle.check(lambda lib, c, x, y: lib.where(c, x, y), cond, X, X64[:1])
    oracle.check(lambda lib, c, x: lib.where(c, x, 0.0), cond, INTS)
    oracle.check(lambda lib, c, x: lib.where(c, 1, x), cond, X)
    oracle.check(lambda lib, c: lib.where(c, 2, 3.5), cond)
    oracle.check(lambda lib, c, x, y: x.where(c, y), cond[:, :1], X, INTS)
    oracle.check(lambda lib, c: lib.where(c), cond)
    oracle.check_raises(lambda lib, c, x: lib.where(c, x, x), INTS, X)
    oracle.check_raises(lambda lib, c, x: lib.where(c, x, x), cond[:2], X)


def test_lerp_addcmul_addcdiv():
    a, b, w = X, X64[::-1].astype(np.float32), UNIT
    oracle.check(lambda lib, x, y: lib.lerp(x, y, 0.3), a, b)
    oracle.check(lambda lib, x, y, z: lib.lerp(x, y, z), a, b, w)
    oracle.check(lambda lib, x, y, z: x.lerp_(y, z), a.copy(), b, w)
    oracle.check(lambda lib, x, y, z: lib.addcmul(x, y, z, value=0.5), a, b, w[:1])
    oracle.check(lambda lib, x, y, z: lib.addcdiv(x, y, z, value=-2), a, b, POSITIVE)
    oracle.check(lambda lib, x, y, z: x.addcmul_(y, z), a.copy(), b, w)
    oracle.check(lambda lib, x, y, z: x.addcdiv_(y, z, value=3), a.copy(), b, POSITIVE)
    oracle.check_raises(lambda lib, x, y, z: lib.addcdiv(x, y, z), INTS, INTS, INTS + 10)
    oracle.check_raises(lambda lib, x, y: lib.lerp(x, y, 0.5), X, X64)


# ---- predicates and comparisons ---------------------------------------------------------------------
@pytest.mark.parametrize("name", ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal", "signbit"])
def test_predicates(name):
    for data in (SPECIAL, INTS, BOOLS):
        oracle.check(lambda lib, x: getattr(lib, name)(x), data)
    if name not in ("isposinf", "isneginf", "signbit"):
        oracle.check(lambda lib, x: getattr(x, name)(), np.array([1 + 1j, np.nan + 0j, np.inf * 1j, 2 + 0j]))


def test_isclose_allclose_equal():
    a = np.array([1.0, np.nan, 2.0, 1e-9, np.inf], np.float32)
    b = np.array([1.0 + 1e-6, np.nan, 2.1, 0.0, np.inf], np.float32)
    oracle.check(lambda lib, x, y: lib.isclose(x, y), a, b)
    oracle.check(lambda lib, x, y: lib.isclose(x, y, rtol=0.1, equal_nan=True), a, b)
    oracle.check(lambda lib, x, y: x.isclose(y[:1], atol=0.5), X, X)
    oracle.check(lambda lib, x, y: lib.allclose(x, y), X, X + 1e-7)
    oracle.check(lambda lib, x, y: lib.allclose(x, y, equal_nan=True), a, a)
    oracle.check(lambda lib, x, y: lib.equal(x, y), X, X.copy())
    oracle.check(lambda lib, x, y: lib.equal(x, y), X, X[:1])
    oracle.check(lambda lib, x, y: lib.isclose(x, y), INTS, INTS[::-1].copy())
    oracle.check_raises(lambda lib, x, y: lib.isclose(x, y), X, X64)


@pytest.mark.parametrize("kwargs", [{}, {"nan": 1.5}, {"posinf": 10.0, "neginf": -3.0}])
def test_nan_to_num(kwargs):
    for data in (SPECIAL, SPECIAL.astype(np.float64), INTS):
        oracle.check(lambda lib, x: lib.nan_to_num(x, **kwargs), data)
    oracle.check(lambda lib, x: x.nan_to_num_(**kwargs), SPECIAL.copy())


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
def test_logical(name):
    oracle.check(lambda lib, x, y: getattr(lib, name)(x, y), INTS, X)
    oracle.check(lambda lib, x, y: getattr(x, name)(y), BOOLS, BOOLS[:1])
    oracle.check(lambda lib, x, y: getattr(x, name + "_")(y), BOOLS.copy(), INTS)
    oracle.check(lambda lib, x: lib.logical_not(x), INTS)
    oracle.check(lambda lib, x: x.logical_not_(), X.copy())


@pytest.mark.parametrize("name", ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
                                  "bitwise_right_shift"])
def test_bitwise(name):
    shifts = oracle.randint(0, 4, 3, 4)
    oracle.check(lambda lib, x, y: getattr(lib, name)(x, y), INTS, shifts)
    oracle.check(lambda lib, x, y: getattr(x, name + "_")(y), INTS.copy(), shifts[:1])
    oracle.check(lambda lib, x: getattr(lib, name)(x, 2), INTS.astype(np.uint8))
    oracle.check_raises(lambda lib, x, y: getattr(lib, name)(x, y), X, shifts)
    if "shift" not in name:
        oracle.check(lambda lib, x, y: getattr(lib, name)(x, y), BOOLS, BOOLS[::-1].copy())
    oracle.check(lambda lib, x: lib.bitwise_not(x), INTS)
    oracle.check(lambda lib, x: x.bitwise_not_(), BOOLS.copy())


# ---- properties -------------------------------------------------------------------------------------
SHAPES = st.lists(st.integers(1, 3), min_size=0, max_size=3)


@given(a=SHAPES, b=SHAPES, name=st.sampled_from(["maximum", "atan2", "hypot", "xlogy", "copysign", "logaddexp"]),
       da=st.sampled_from(["float32", "float64", "int64", "int16"]),
       db=st.sampled_from(["float32", "float64", "int64", "uint8"]))
@settings(max_examples=25, deadline=None)
def test_binary_broadcast_property(a, b, name, da, db):
    x = np.asarray(oracle.randn(*a) * 3).astype(da)
    y = np.asarray(oracle.randn(*b) * 3).astype(db)
    oracle.check(lambda lib, p, q: getattr(lib, name)(p, q), x, y, rtol=1e-5, atol=1e-5)


@given(shape=SHAPES, lo=st.one_of(st.none(), st.floats(-2, 2)), hi=st.floats(-2, 2),
       dtype=st.sampled_from(["float32", "float64", "int64"]))
@settings(max_examples=25, deadline=None)
def test_clamp_property(shape, lo, hi, dtype):
    oracle.check(lambda lib, x: lib.clamp(x, lo, hi), np.asarray(oracle.randn(*shape) * 3).astype(dtype))


def test_non_tensor_input_is_refused():
    for call in (lambda lib, x: lib.exp(x.tolist()), lambda lib, x: lib.atan2(1.0, x),
                 lambda lib, x: lib.clamp(x.tolist(), 0, 1), lambda lib, x: lib.maximum(x, 1.0)):
        oracle.check_raises(call, X)


@pytest.mark.gpu
@pytest.mark.parametrize("name", sorted(UNARY_FLOAT) + SAME_DTYPE)
def test_unary_on_cuda_matches_cpu(name):
    data = UNARY_FLOAT.get(name, X * 3)
    for array in (data, np.resize(data, (300, 400))):
        cpu = ft.from_numpy(np.ascontiguousarray(array))
        assert_close(getattr(ft, name)(cpu.cuda()), getattr(ft, name)(cpu), rtol=1e-5, atol=1e-5)


@pytest.mark.gpu
@pytest.mark.parametrize("name", BINARY)
def test_binary_on_cuda_matches_cpu(name):
    a, b = ft.from_numpy(X), ft.from_numpy(X[:1] + 0.5)
    assert_close(getattr(ft, name)(a.cuda(), b.cuda()), getattr(ft, name)(a, b), rtol=1e-5, atol=1e-6)
    assert_close(ft.clamp(a.cuda(), -0.1, b.cuda()), ft.clamp(a, -0.1, b))
    assert_close(ft.where(a.cuda() > 0, a.cuda(), 0.0), ft.where(a > 0, a, 0.0))


@pytest.mark.parametrize("call", [lambda lib, x: lib.bitwise_not(x), lambda lib, x: x.bitwise_not_(),
                                  lambda lib, x: ~x], ids=["function", "in-place", "operator"])
@pytest.mark.parametrize("dtype", [np.float32, np.complex64])
def test_bitwise_not_of_floating_tensors_raises_like_torch(call, dtype):
    oracle.check_raises(call, np.array([1.5, 2.0], dtype=dtype))


@pytest.mark.parametrize("call", [lambda lib, a, b: a << b, lambda lib, a, b: lib.bitwise_right_shift(a, b),
                                  lambda lib, a, b: lib.fmod(a, b), lambda lib, a, b: a >> 1],
                         ids=["lshift", "rshift", "fmod", "rshift-int-scalar"])
def test_bool_shifts_and_fmod_like_torch(call):
    oracle.check(call, np.array([True, False]), np.array([True, True]))

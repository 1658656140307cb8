"""Reductions against the PyTorch oracle: values, dtypes, shapes, named tuples and errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

X = oracle.randn(3, 4, 5)
X64 = oracle.randn(3, 4, 5, dtype=np.float64)
INTS = oracle.randint(-5, 6, 3, 4)
BOOLS = oracle.randint(0, 2, 3, 4).astype(bool)
WITH_NAN = np.where(oracle.randint(0, 4, 4, 6) == 0, np.nan, oracle.randn(4, 6)).astype(np.float32)
DIMS = [None, 0, -1, (0, 2), [1, 2], (-1, 0)]


@pytest.mark.parametrize("name", ["sum", "mean", "nansum", "nanmean", "amax", "amin", "logsumexp", "var", "std"])
@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("keepdim", [False, True])
def test_dim_reductions_float(name, dim, keepdim):
    if name == "logsumexp" and dim is None:
        dim = (0, 1, 2)
    kwargs = {} if dim is None and name in ("amax", "amin") else {"dim": dim}
    oracle.check(lambda lib, x: getattr(lib, name)(x, keepdim=keepdim, **kwargs), X)
    oracle.check(lambda lib, x: getattr(x, name)(keepdim=keepdim, **kwargs), X64)


@pytest.mark.parametrize("name", ["sum", "prod", "nansum", "amax", "amin", "mean", "var", "logsumexp",
                                  "count_nonzero", "all", "any"])
@pytest.mark.parametrize("data", [INTS, BOOLS, INTS.astype(np.uint8), INTS.astype(np.int32)], ids=["int64", "bool",
                                                                                                   "uint8", "int32"])
def test_integral_input_dtypes(name, data):
    """bool/int sums go to int64, mean/var of ints is an error, all/any keep uint8 ..."""
    dim = 1 if name in ("logsumexp", "prod") else None
    oracle.check(lambda lib, x: getattr(lib, name)(x, dim) if dim is not None else getattr(lib, name)(x), data)


@pytest.mark.parametrize("dtype", ["float64", "int32", "float16"])
def test_sum_mean_dtype_argument(dtype):
    oracle.check(lambda lib, x: lib.sum(x, 1, dtype=getattr(lib, dtype)), X)
    oracle.check(lambda lib, x: lib.sum(x, dtype=getattr(lib, dtype)), INTS)
    oracle.check(lambda lib, x: lib.mean(x, (0, 1), dtype=getattr(lib, dtype)), INTS, rtol=1e-3, atol=1e-3)
    oracle.check(lambda lib, x: lib.prod(x, 0, dtype=getattr(lib, dtype)), INTS)


def test_zero_dim_and_empty_inputs():
    scalar = np.array(2.5, dtype=np.float32)
    for call in (lambda lib, x: lib.sum(x, 0), lambda lib, x: lib.mean(x, -1, keepdim=True),
                 lambda lib, x: lib.amax(x, 0), lambda lib, x: lib.max(x, 0), lambda lib, x: x.prod(0),
                 lambda lib, x: lib.argmax(x, 0), lambda lib, x: lib.cumsum(x, 0)):
        oracle.check(call, scalar)
    empty = np.zeros((0, 3), np.float32)
    for call in (lambda lib, x: lib.sum(x, 0), lambda lib, x: lib.mean(x, 0), lambda lib, x: lib.prod(x, 0),
                 lambda lib, x: lib.amax(x, 1), lambda lib, x: lib.amax(x, 0), lambda lib, x: lib.max(x),
                 lambda lib, x: lib.argmax(x), lambda lib, x: lib.max(x, 0), lambda lib, x: lib.logsumexp(x, 0),
                 lambda lib, x: lib.cumsum(x, 0)):
        oracle.check(call, empty)


def test_dim_errors():
    for call in (lambda lib, x: lib.sum(x, 3), lambda lib, x: lib.sum(x, (0, 0)), lambda lib, x: lib.mean(x, -4),
                 lambda lib, x: lib.amax(x, (1, -2)), lambda lib, x: lib.max(x, 5),
                 lambda lib, x: lib.sum(x, 1.5)):
        oracle.check_raises(call, X)


@pytest.mark.parametrize("name", ["max", "min"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_max_min_named_tuples(name, keepdim):
    result = oracle.check(lambda lib, x: getattr(lib, name)(x, 1, keepdim), X)
    assert result.values is result[0] and result.indices is result[1]
    assert type(result).__name__ == name
    oracle.check(lambda lib, x: getattr(x, name)(dim=-1, keepdim=keepdim), INTS)
    oracle.check(lambda lib, x: getattr(lib, name)(x), X64)
    oracle.check(lambda lib, x, y: getattr(lib, name)(x, y), X, X[:1])
    oracle.check(lambda lib, x: getattr(lib, name)(x, 1), BOOLS)


def test_max_nan_propagates_with_its_index():
    oracle.check(lambda lib, x: lib.max(x, 1), WITH_NAN)
    oracle.check(lambda lib, x: lib.amin(x, 0), WITH_NAN)
    oracle.check(lambda lib, x: lib.argmax(x, 1), WITH_NAN)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_argmin(name):
    for dim, keepdim in ((None, False), (None, True), (0, False), (-1, True)):
        oracle.check(lambda lib, x: getattr(lib, name)(x, dim, keepdim), X)  # noqa: B023 (called at once)
        oracle.check(lambda lib, x: getattr(x, name)(dim=dim, keepdim=keepdim), BOOLS)  # noqa: B023 (called at once)


def test_aminmax():
    result = oracle.check(lambda lib, x: lib.aminmax(x), X)
    assert result.min is result[0]
    oracle.check(lambda lib, x: lib.aminmax(x, dim=1, keepdim=True), INTS)


@pytest.mark.parametrize("kwargs", [{}, {"dim": 1}, {"dim": (0, 2), "correction": 0}, {"dim": 1, "unbiased": False},
                                    {"dim": -1, "correction": 2, "keepdim": True}, {"correction": 0.5}])
@pytest.mark.parametrize("name", ["var", "std", "var_mean", "std_mean"])
def test_var_std_corrections(name, kwargs):
    oracle.check(lambda lib, x: getattr(lib, name)(x, **kwargs), X64)


def test_var_legacy_positional_and_errors():
    oracle.check(lambda lib, x: lib.var(x, 1, False, True), X)
    oracle.check(lambda lib, x: lib.std(x, False), X)
    oracle.check(lambda lib, x: x.var(0), np.ones((1, 3), np.float32))   # n - correction = 0: nan
    oracle.check(lambda lib, x: lib.var(x), INTS)
    complex_input = (X64 + 1j * X64[::-1]).astype(np.complex128)
    oracle.check(lambda lib, x: lib.var(x, 1), complex_input)


def test_logsumexp_extremes():
    data = np.array([[-np.inf, -np.inf], [np.inf, 1.0], [1000.0, 1000.0], [np.nan, 0.0]], np.float32)
    oracle.check(lambda lib, x: lib.logsumexp(x, 1), data)
    oracle.check(lambda lib, x: lib.logsumexp(x, 1), INTS)


@pytest.mark.parametrize("p", ["fro", 1, 2, 3.5, 0, float("inf"), float("-inf")])
@pytest.mark.parametrize("dim", [None, 1, (0, 1)])
def test_norm(p, dim):
    oracle.check(lambda lib, x: lib.norm(x, p, dim), X64)
    oracle.check(lambda lib, x: x.norm(p=p, dim=dim, keepdim=True), X)


@pytest.mark.parametrize("name", ["all", "any"])
def test_all_any(name):
    for data in (BOOLS, INTS, X, np.zeros((2, 0), np.float32)):
        for dim in (None, 0, (0, 1)):
            oracle.check(lambda lib, x: getattr(lib, name)(x, dim) if dim is not None else getattr(x, name)(), data)  # noqa: B023 (called at once)


def test_count_nonzero():
    oracle.check(lambda lib, x: lib.count_nonzero(x), INTS)
    oracle.check(lambda lib, x: lib.count_nonzero(x, (0, 1)), INTS)
    oracle.check(lambda lib, x: x.count_nonzero(dim=1), BOOLS)


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "logcumsumexp"])
def test_cumulative(name):
    for data in (X, INTS, BOOLS, WITH_NAN):
        for dim in (0, -1):
            oracle.check(lambda lib, x: getattr(lib, name)(x, dim), data, rtol=1e-5, atol=1e-5)  # noqa: B023 (called at once)
    if name != "logcumsumexp":
        oracle.check(lambda lib, x: getattr(x, name)(1, dtype=lib.float64), INTS)


def test_cumulative_in_place():
    oracle.check(lambda lib, x: x.cumsum_(1), X.copy())
    oracle.check(lambda lib, x: x.cumprod_(0), INTS.copy())


@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_cummax_cummin(name):
    ties = oracle.randint(0, 3, 4, 7)
    for data in (X, ties, WITH_NAN, BOOLS):
        result = oracle.check(lambda lib, x: getattr(lib, name)(x, 1), data)
        assert type(result).__name__ == name
    oracle.check(lambda lib, x: getattr(x, name)(dim=0), ties)


@pytest.mark.parametrize("name", ["median", "nanmedian"])
def test_median(name):
    odd, even = oracle.randn(5, 7), oracle.randn(6, 4, dtype=np.float64)
    for data in (odd, even):
        oracle.check(lambda lib, x: getattr(lib, name)(x), data)
        oracle.check(lambda lib, x: getattr(lib, name)(x, 0), data)
        oracle.check(lambda lib, x: getattr(x, name)(-1, keepdim=True), data)
    oracle.check(lambda lib, x: getattr(lib, name)(x), WITH_NAN)
    oracle.check(lambda lib, x: getattr(lib, name)(x, 1).values, WITH_NAN)


def test_mode():
    data = oracle.randint(0, 3, 4, 9)
    oracle.check(lambda lib, x: lib.mode(x), data)
    oracle.check(lambda lib, x: x.mode(0, keepdim=True), data)
    oracle.check(lambda lib, x: lib.mode(x, 1).values, data.astype(np.float32))


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantile(name, interpolation):
    q_values = np.array([0.0, 0.25, 0.5, 0.9, 1.0], np.float64)
    for q in (0.3, q_values):
        for dim, keepdim in ((None, False), (None, True), (1, False), (0, True)):
            oracle.check(lambda lib, x, *qs: getattr(lib, name)(x, qs[0] if qs else q, dim, keepdim,  # noqa: B023 (called at once)
                                                                 interpolation=interpolation),
                         X64[0], *([q] if isinstance(q, np.ndarray) else []))
    oracle.check(lambda lib, x: getattr(lib, name)(x, 0.5, 1), WITH_NAN.astype(np.float64))


def test_quantile_errors():
    for call in (lambda lib, x: lib.quantile(x, 1.5), lambda lib, x: lib.quantile(x.long(), 0.5),
                 lambda lib, x: lib.quantile(x, 0.5, interpolation="cubic")):
        oracle.check_raises(call, X)


def test_unique():
    data = oracle.randint(0, 4, 3, 5)
    oracle.check(lambda lib, x: lib.unique(x), data)
    oracle.check(lambda lib, x: lib.unique(x, return_inverse=True, return_counts=True), data)
    oracle.check(lambda lib, x: x.unique(return_counts=True), data.astype(np.float32))
    rows = np.array([[1, 2], [0, 5], [1, 2], [0, 5], [3, 3]])
    oracle.check(lambda lib, x: lib.unique(x, dim=0, return_inverse=True, return_counts=True), rows)


def test_unique_consecutive():
    data = np.array([1, 1, 2, 2, 3, 1, 1, 2])
    oracle.check(lambda lib, x: lib.unique_consecutive(x), data)
    oracle.check(lambda lib, x: lib.unique_consecutive(x, return_inverse=True, return_counts=True), data)
    rows = np.array([[1, 2], [1, 2], [0, 5], [1, 2], [1, 2]])
    oracle.check(lambda lib, x: lib.unique_consecutive(x, return_inverse=True, return_counts=True, dim=0), rows)


def test_bincount():
    data = oracle.randint(0, 6, 20)
    weights = oracle.randn(20)
    oracle.check(lambda lib, x: lib.bincount(x), data)
    oracle.check(lambda lib, x: lib.bincount(x, minlength=10), data)
    oracle.check(lambda lib, x, w: lib.bincount(x, w), data, weights)
    oracle.check(lambda lib, x, w: x.bincount(w), data, weights.astype(np.float64))
    oracle.check_raises(lambda lib, x: lib.bincount(x), data - 3)
    oracle.check_raises(lambda lib, x: lib.bincount(x), data.reshape(4, 5))


def test_histc():
    oracle.check(lambda lib, x: lib.histc(x), X)
    oracle.check(lambda lib, x: lib.histc(x, bins=7, min=-1, max=1), X64)
    oracle.check(lambda lib, x: x.histc(4, 0, 0), np.array([1.0, 2.0, 1.0, 4.0], np.float32))
    oracle.check_raises(lambda lib, x: lib.histc(x), INTS)


def test_diff_and_trace():
    oracle.check(lambda lib, x: lib.diff(x), X)
    oracle.check(lambda lib, x: lib.diff(x, n=2, dim=0), INTS)
    oracle.check(lambda lib, x, p: lib.diff(x, dim=1, prepend=p, append=p), X[:, :1, :], X[:, :1, :])
    oracle.check(lambda lib, x: lib.diff(x), BOOLS)
    oracle.check(lambda lib, x: lib.trace(x), INTS)
    oracle.check(lambda lib, x: x.trace(), X[0])
    oracle.check_raises(lambda lib, x: lib.trace(x), X)


def test_out_argument():
    out = ft.empty(0)
    result = ft.sum(ft.from_numpy(X), 1, out=out)
    assert result is out
    assert_close(out, ft.from_numpy(X.sum(1)), rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, x: lib.mean(x, 0, out=lib.zeros(4, 5, dtype=lib.int64)), X)


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data(),
       keepdim=st.booleans(), name=st.sampled_from(["sum", "mean", "amax", "prod", "std"]))
@settings(max_examples=25, deadline=None)
def test_reduction_shapes_property(shape, data, keepdim, name):
    ndim = len(shape)
    dims = data.draw(st.lists(st.integers(-ndim, ndim - 1), unique_by=lambda d: d % ndim, max_size=ndim))
    array = oracle.randn(*shape, dtype=np.float64)
    oracle.check(lambda lib, x: getattr(lib, name)(x, tuple(dims) if name != "prod" else
                                                   (dims[0] if dims else 0), keepdim=keepdim), array)


@pytest.mark.parametrize("shape,dim", [((300, 400), None), ((300, 400), 1), ((300, 400), 0),
                                       ((20, 100, 50), (1, 2)), ((20, 100, 50), 1), ((4, 70000), 1),
                                       ((70000, 3), 0)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_parallel_sum_mean_kernel(shape, dim, dtype):
    """Large contiguous inputs take the OpenMP kernel: it must agree with PyTorch."""
    data = oracle.randn(*shape, dtype=dtype)
    oracle.check(lambda lib, x: lib.sum(x, dim), data, rtol=1e-5, atol=1e-3)
    oracle.check(lambda lib, x: lib.mean(x, dim, keepdim=True), data, rtol=1e-5, atol=1e-6)


def test_parallel_sum_ignores_non_contiguous_input():
    data = oracle.randn(400, 400)
    oracle.check(lambda lib, x: x.t().sum(1) if hasattr(x, "t") else None, data, rtol=1e-5, atol=1e-4)
    oracle.check(lambda lib, x: lib.sum(x, (0, 2)), oracle.randn(40, 50, 40), rtol=1e-5, atol=1e-4)


@pytest.mark.gpu
@pytest.mark.parametrize("shape,dim", [((1_000_003,), None), ((3, 400_001), 1), ((5, 300_007, 3), 1),
                                       ((2, 3, 50_000), (0, 1)), ((700, 3), 0)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cuda_sums_with_few_outputs_match_cpu(shape, dim, dtype):
    """Few outputs over long runs (CuPy's many-block reductions): the CPU's values, to the rounding of
    an accumulation in the input's dtype (PyTorch's CUDA sums accumulate float32 in float32)."""
    data = RNG_SUMS.standard_normal(shape).astype(dtype)
    dims = () if dim is None else (dim,)
    eps = np.finfo(dtype).eps
    for name in ("sum", "mean"):
        cpu, gpu = (getattr(ft, name)(ft.from_numpy(data).to(device), *dims) for device in ("cpu", "cuda"))
        assert gpu.device.type == "cuda" and gpu.dtype == cpu.dtype and gpu.shape == cpu.shape
        magnitude = ft.from_numpy(np.abs(data)).sum(*dims).numpy() / (1 if name == "sum" else data.size / cpu.numel())
        assert np.all(np.abs(gpu.cpu().numpy() - cpu.numpy()) <= 64 * eps * magnitude)


RNG_SUMS = np.random.default_rng(11)


@pytest.mark.gpu
@pytest.mark.parametrize("name,kwargs", [("sum", {}), ("sum", {"dim": 1}), ("mean", {"dim": (0, 1)}),
                                         ("amax", {"dim": 0}), ("var", {"dim": 1}), ("logsumexp", {"dim": 1}),
                                         ("cumsum", {"dim": 0}), ("median", {"dim": 1}), ("max", {"dim": 1}),
                                         ("argmin", {"dim": 0}), ("norm", {"dim": 1})])
def test_reductions_on_cuda_match_cpu(name, kwargs):
    for data in (X, oracle.randn(300, 500)):
        cpu = ft.from_numpy(data)
        expected = getattr(ft, name)(cpu, **kwargs)
        actual = getattr(ft, name)(cpu.cuda(), **kwargs)
        assert_close(actual, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("call", [lambda lib, x: lib.median(x), lambda lib, x: x.median(0),
                                  lambda lib, x: lib.nanmedian(x)], ids=["median", "median-dim", "nanmedian"])
def test_median_rejects_bool_like_torch(call):
    oracle.check_raises(call, np.array([True, False, True]))

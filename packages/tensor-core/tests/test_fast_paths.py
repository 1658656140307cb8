"""The C fast paths of ``_core`` (matmul/``@``, transpose/t/.mT/.T, ``.grad``) against PyTorch, on both
sides of the line where they hand a call to the general Python implementation: the results, gradients,
errors and view bookkeeping must not depend on which path ran."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

M34 = oracle.randn(3, 4)
M45 = oracle.randn(4, 5)
V4 = oracle.randn(4)
B234 = oracle.randn(2, 3, 4)
S0 = np.array(1.5, dtype=np.float32)

MATMUL_CASES = [   # (id, a, b): the first four take the C path, the rest the general one
    ("vec-vec", V4, V4),
    ("mat-vec", M34, V4),
    ("vec-mat", V4, M45),
    ("mat-mat", M34, M45),
    ("mat-mat-float64", M34.astype(np.float64), M45.astype(np.float64)),
    ("mat-mat-complex64", (M34 + 1j * M34).astype(np.complex64), (M45 - 2j * M45).astype(np.complex64)),
    ("batch-mat", B234, M45),
    ("float16", M34.astype(np.float16), M45.astype(np.float16)),
    ("int64", M34.astype(np.int64), M45.astype(np.int64)),
    ("inner-mismatch", M34, M34),
    ("vec-vec-mismatch", V4, V4[:3]),
    ("dtype-mismatch", M34, M45.astype(np.float64)),
    ("scalar", S0, V4),
]


@pytest.mark.parametrize("case_id,a,b", MATMUL_CASES, ids=[c[0] for c in MATMUL_CASES])
@pytest.mark.parametrize("spelling", ["function", "method", "operator"])
def test_matmul_paths_match_torch(case_id, a, b, spelling):
    call = {"function": lambda lib, x, y: lib.matmul(x, y),
            "method": lambda lib, x, y: x.matmul(y),
            "operator": lambda lib, x, y: x @ y}[spelling]
    differentiable = a.dtype.kind in "fc" and a.dtype == b.dtype and a.dtype != np.float16
    oracle.check(call, a, b, grad=differentiable)


def test_matmul_with_out_takes_the_general_path():
    out = oracle.check(lambda lib, x, y: lib.matmul(x, y, out=lib.empty(3, 5)), M34, M45)
    assert out.shape == (3, 5)


def test_matmul_rejects_non_tensors_like_torch():
    oracle.check(lambda lib, x: lib.matmul(x, [1.0, 2.0, 3.0, 4.0]), M34)
    oracle.check(lambda lib, x: x @ 2.0, M34)


TRANSPOSE_CASES = [   # (id, call, input): C path for int dims in range and rank >= 2 (t, .T: 2)
    ("transpose-negative", lambda lib, x: lib.transpose(x, -1, 0), B234),
    ("transpose-same-dim", lambda lib, x: x.transpose(1, 1), B234),
    ("transpose-numpy-ints", lambda lib, x: x.transpose(np.int64(0), np.int32(2)), B234),
    ("transpose-out-of-range", lambda lib, x: x.transpose(0, -4), B234),
    ("transpose-float-dim", lambda lib, x: x.transpose(0, 1.0), B234),
    ("transpose-0d", lambda lib, x: x.transpose(0, -1), S0),
    ("t-2d", lambda lib, x: lib.t(x), M34),
    ("t-1d", lambda lib, x: x.t(), V4),
    ("t-3d", lambda lib, x: x.t(), B234),
    ("T-2d", lambda lib, x: x.T, M34),
    ("T-1d", lambda lib, x: x.T, V4),
    ("mT-3d", lambda lib, x: x.mT, B234),
    ("mT-1d", lambda lib, x: x.mT, V4),
]


@pytest.mark.parametrize("case_id,call,x", TRANSPOSE_CASES, ids=[c[0] for c in TRANSPOSE_CASES])
def test_transpose_paths_match_torch(case_id, call, x):
    oracle.check(call, x, grad=True)


@pytest.mark.parametrize("view", [lambda x: x.mT, lambda x: x.T, lambda x: x.t(), lambda x: x.transpose(0, 1)])
def test_fast_transposes_are_views_sharing_the_version_counter(view):
    x = ft.tensor(M34.copy())
    y = view(x)
    assert y._base is x and y.dtype is x.dtype
    before = x._version
    y[0, 1] = 7.0
    assert x[1, 0].item() == 7.0
    assert x._version == y._version == before + 1


def test_grad_setter_checks_like_torch():
    oracle.check_raises(lambda lib, x: setattr(x, "grad", lib.zeros(2, 2)), M34)
    oracle.check_raises(lambda lib, x: setattr(x, "grad", lib.zeros(3, 4, dtype=lib.float64)), M34)
    oracle.check_raises(lambda lib, x: setattr(x, "grad", np.zeros((3, 4), np.float32)), M34)


def test_grad_getter_returns_what_was_set():
    x = ft.tensor(M34.copy())
    assert x.grad is None
    g = ft.ones(3, 4)
    x.grad = g
    assert x.grad is g
    x.grad = None
    assert x.grad is None


SMALL = oracle.randn(5, 6)
LARGE = oracle.randn(300, 250)       # above the C path's size limit: the OpenMP kernels' side
UNARY_INPUTS = [   # (id, array): C path for small float32/float64, general path for the rest
    ("small-float32", SMALL),
    ("small-float64", SMALL.astype(np.float64)),
    ("large-float32", LARGE),
    ("0d", S0),
    ("empty", np.zeros((0, 3), np.float32)),
    ("non-contiguous", SMALL.T),
    ("float16", SMALL.astype(np.float16)),
    ("int64", oracle.randint(-3, 4, 5, 6)),
    ("complex64", (SMALL + 1j * SMALL).astype(np.complex64)),
]
UNARY_NAMES = ["exp", "tanh", "sigmoid", "sin", "sqrt", "log1p", "erf", "floor", "sign"]


@pytest.mark.parametrize("name", UNARY_NAMES)
@pytest.mark.parametrize("case_id,x", UNARY_INPUTS, ids=[c[0] for c in UNARY_INPUTS])
def test_unary_paths_match_torch(name, case_id, x):
    differentiable = x.dtype.kind in "fc" and x.dtype != np.float16 and name not in ("floor", "sign")
    oracle.check(lambda lib, t: getattr(lib, name)(t), x, grad=differentiable and x.size > 0,
                 rtol=1e-5 if x.dtype == np.float32 else None)
    oracle.check(lambda lib, t: getattr(t, name)(), x, rtol=1e-5 if x.dtype == np.float32 else None)


def test_unary_out_takes_the_general_path():
    oracle.check(lambda lib, t: lib.exp(t, out=lib.empty(5, 6)), SMALL)


REDUCTION_CALLS = [   # (id, call): C path for dim None or one int, bool keepdim, no dtype/out
    ("all", lambda lib, op, t: op(t)),
    ("dim0", lambda lib, op, t: op(t, 0)),
    ("dim-neg-keepdim", lambda lib, op, t: op(t, -1, True)),
    ("dim-keyword", lambda lib, op, t: op(t, dim=1, keepdim=False)),
    ("dim-numpy-int", lambda lib, op, t: op(t, np.int64(1))),
    ("dim-tuple", lambda lib, op, t: op(t, (0, 1))),
    ("dim-list", lambda lib, op, t: op(t, [1])),
    ("dim-out-of-range", lambda lib, op, t: op(t, 2)),
    ("dim-float", lambda lib, op, t: op(t, 1.0)),
    ("dtype", lambda lib, op, t: op(t, 1, dtype=lib.float64)),
    ("out", lambda lib, op, t: op(t, 0, out=lib.empty(6))),
]
REDUCTION_INPUTS = [("small", SMALL), ("large", LARGE), ("float64", SMALL.astype(np.float64)),
                    ("empty", np.zeros((0, 6), np.float32)), ("int64", oracle.randint(-3, 4, 5, 6))]


@pytest.mark.parametrize("name", ["sum", "mean"])
@pytest.mark.parametrize("call_id,call", REDUCTION_CALLS, ids=[c[0] for c in REDUCTION_CALLS])
@pytest.mark.parametrize("input_id,x", REDUCTION_INPUTS, ids=[c[0] for c in REDUCTION_INPUTS])
def test_sum_and_mean_paths_match_torch(name, call_id, call, input_id, x):
    differentiable = x.dtype.kind == "f" and x.size > 0 and call_id != "out"
    oracle.check(lambda lib, t: call(lib, getattr(lib, name), t), x, grad=differentiable, rtol=1e-5)
    if call_id != "out":   # (Tensor.sum/mean take no out=)
        oracle.check(lambda lib, t: call(lib, lambda *a, **k: getattr(a[0], name)(*a[1:], **k), t), x, rtol=1e-5)


@pytest.mark.parametrize("name", ["sum", "mean"])
def test_sum_and_mean_of_a_0d_tensor_match_torch(name):
    oracle.check(lambda lib, t: getattr(t, name)(), S0, grad=True)
    oracle.check(lambda lib, t: getattr(t, name)(0), S0, grad=True)
    oracle.check(lambda lib, t: getattr(t, name)(-1, True), S0, grad=True)


# ---- small float + - * / by a C loop --------------------------------------------------------------------
V8 = oracle.randn(8)
ARITH_CASES = [   # (id, a, b): the first ones take the C loop, the rest NumPy's ufuncs
    ("float32-same-shape", V8, oracle.randn(8)),
    ("float64-matrix", M34.astype(np.float64), oracle.randn(3, 4, dtype=np.float64)),
    ("float32-0d", S0, np.array(-0.25, np.float32)),
    ("float32-python-float", V8, 1.7),
    ("float64-python-int", V8.astype(np.float64), 3),
    ("float32-big-python-int", V8, 2 ** 60 + 1),
    ("float32-with-zeros-and-nan", np.array([0.0, -0.0, np.inf, np.nan, 1.0], np.float32),
     np.array([0.0, 0.0, np.inf, 1.0, -0.0], np.float32)),
    ("broadcast", M34, V4),
    ("strided", M34.T, oracle.randn(4, 3)),
    ("mixed-dtypes", V8, V8.astype(np.float64)),
    ("float16", V8.astype(np.float16), V8.astype(np.float16)),
    ("int64-python-float", np.arange(1, 9), 1.7),
    ("large", oracle.randn(5000), oracle.randn(5000)),
]


def _tensor_or_number(lib, value):
    return lib.tensor(value) if isinstance(value, np.ndarray) else value


@pytest.mark.parametrize("case_id,a,b", ARITH_CASES, ids=[c[0] for c in ARITH_CASES])
@pytest.mark.parametrize("op", ["add", "sub", "mul", "truediv"])
@pytest.mark.parametrize("reflected", [False, True])
def test_small_arithmetic_is_bitwise_torch(case_id, a, b, op, reflected):
    """Exactly PyTorch's numbers (rtol=atol=0), ``number / tensor`` included: PyTorch computes it as
    ``tensor.reciprocal() * number``, two roundings, and so must we."""
    def call(lib, x):
        y = _tensor_or_number(lib, b)
        left, right = (y, x) if reflected else (x, y)
        return getattr(left, f"__{op}__")(right) if isinstance(left, type(x)) else \
            getattr(right, f"__r{op}__")(left)

    differentiable = a.dtype.kind == "f" and a.dtype != np.float16 and isinstance(b, (float, int))
    oracle.check(call, a, rtol=0, atol=0, grad=differentiable)


@pytest.mark.parametrize("op", ["add", "sub", "mul", "div"])
def test_small_arithmetic_gradients_and_fresh_results(op):
    x, y = oracle.randn(6), oracle.randn(6) + 3
    oracle.check(lambda lib, a, b: getattr(lib, op)(a, b) * a, x, y, grad=True)
    a, b = ft.tensor(x), ft.tensor(y)
    result = getattr(ft, op)(a, b)
    result.add_(1)                                # a new array: neither operand changes
    assert np.array_equal(a.numpy(), x) and np.array_equal(b.numpy(), y)

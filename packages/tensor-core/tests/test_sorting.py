"""sort/argsort/msort/topk/kthvalue against PyTorch (stable order, NaN placement, errors)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

CUDA = oracle.on_device("cuda")

X = oracle.randn(3, 5)
X3 = oracle.randn(2, 3, 4)
TIES = oracle.randint(0, 3, 4, 6)
WITH_NAN = np.array([[3.0, np.nan, 1.0, -np.inf], [np.nan, 2.0, np.inf, 2.0]], np.float32)
S0 = np.array(1.5, np.float32)

CASES = [
    ("sort", lambda lib, x: lib.sort(x), X),
    ("sort-dim0", lambda lib, x: x.sort(0), X3),
    ("sort-descending", lambda lib, x: x.sort(dim=1, descending=True), X3),
    ("sort-stable-ties", lambda lib, x: lib.sort(x, stable=True), TIES),
    ("sort-ties-descending", lambda lib, x: lib.sort(x, dim=0, descending=True, stable=True), TIES),
    ("sort-nan", lambda lib, x: x.sort(), WITH_NAN),
    ("sort-nan-descending", lambda lib, x: x.sort(descending=True), WITH_NAN),
    ("sort-bool", lambda lib, x: x.sort(stable=True), X > 0),
    ("sort-scalar", lambda lib, x: x.sort(), S0),
    ("sort-empty", lambda lib, x: x.sort(), np.zeros((2, 0), np.float32)),
    ("sort-dim-range", lambda lib, x: x.sort(2), X),
    ("sort-complex", lambda lib, x: x.sort(), X.astype(np.complex64)),
    ("sort-out", lambda lib, x: lib.sort(x, out=(lib.empty(0), lib.empty(0, dtype=lib.int64))), X),
    ("argsort", lambda lib, x: lib.argsort(x), X),
    ("argsort-stable-descending", lambda lib, x: x.argsort(dim=1, descending=True, stable=True), TIES),
    ("argsort-dim", lambda lib, x: x.argsort(dim=0), X3),
    ("msort", lambda lib, x: lib.msort(x), X3),
    ("msort-ties", lambda lib, x: x.msort(), TIES),
    ("topk", lambda lib, x: lib.topk(x, 2), X),
    ("topk-smallest", lambda lib, x: x.topk(2, dim=0, largest=False), X3),
    ("topk-all", lambda lib, x: x.topk(5), X),
    ("topk-zero", lambda lib, x: x.topk(0), X),
    ("topk-nan", lambda lib, x: x.topk(2), WITH_NAN),
    ("topk-too-many", lambda lib, x: x.topk(6), X),
    ("topk-scalar", lambda lib, x: x.topk(1), S0),
    ("topk-int", lambda lib, x: x.topk(3), oracle.randint(-100, 100, 3, 50) * 1000 + np.arange(50)),
    ("kthvalue", lambda lib, x: lib.kthvalue(x, 2), X),
    ("kthvalue-dim-keepdim", lambda lib, x: x.kthvalue(2, 1, keepdim=True), X3),
    ("kthvalue-k-too-big-for-dim", lambda lib, x: x.kthvalue(3, 0), X3),
    ("kthvalue-last", lambda lib, x: x.kthvalue(5, -1), X),
    ("kthvalue-out-of-range", lambda lib, x: x.kthvalue(6), X),
    ("kthvalue-zero", lambda lib, x: x.kthvalue(0), X),
    ("kthvalue-scalar", lambda lib, x: x.kthvalue(1), S0),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_sorting_matches_torch(call, inputs):
    oracle.check(call, *inputs)


@pytest.mark.gpu
@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_sorting_on_cuda_matches_torch(call, inputs):
    oracle.check(call, *inputs, flambeau=CUDA)


def test_named_fields():
    result = ft.sort(ft.tensor([2.0, 1.0]))
    values, indices = result
    assert result.values is values and result.indices is indices
    assert ft.topk(ft.tensor([2.0, 1.0]), 1).indices.tolist() == [0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
@pytest.mark.parametrize("descending", [False, True])
def test_large_batched_sort_matches_torch(dtype, descending):
    """Sizes where the OpenMP merge sort takes over, with ties to check stability."""
    x = (oracle.randn(40, 1000) * 20).astype(dtype)
    x[3, 7] = x[3, 9]
    oracle.check(lambda lib, t: t.sort(dim=-1, descending=descending, stable=True), x)
    oracle.check(lambda lib, t: t.sort(dim=0, descending=descending, stable=True), x)


def _special_values(dtype, shape):
    """Values with many ties; floats also get NaN, infinities and both zeros (PyTorch keeps -0.0 and
    0.0 in input order)."""
    x = oracle.randint(-4, 4, *shape).astype(dtype)
    if np.dtype(dtype).kind == "f":
        flat = x.reshape(-1)
        flat[::7] = np.nan
        flat[3::11] = np.inf
        flat[5::13] = -np.inf
        flat[1::5] = -0.0
        flat[2::5] = 0.0
    return x


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("shape", [(300, 500), (2000, 20), (1, 40000)], ids=["radix", "insertion", "one-row"])
def test_kernel_orders_ties_nan_and_zeros_like_torch(dtype, descending, shape):
    """The radix kernel's key transform: NaN last (first descending), -0.0 tied with 0.0, stable."""
    x = _special_values(dtype, shape)
    oracle.check(lambda lib, t: t.sort(dim=-1, descending=descending, stable=True), x)
    oracle.check(lambda lib, t: t.argsort(dim=-1, descending=descending, stable=True), x)


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_kernel_sorts_extreme_integers_and_floats(dtype):
    info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
    x = (oracle.randn(100, 400) * 1e3).astype(dtype)
    x[:, ::9] = info.max
    x[:, 4::9] = info.min
    oracle.check(lambda lib, t: t.sort(dim=1, stable=True), x)


def test_kernel_on_non_contiguous_and_middle_dims():
    x = _special_values(np.float32, (40, 30, 60))
    oracle.check(lambda lib, t: t.sort(dim=1, stable=True), x)
    oracle.check(lambda lib, t: t.transpose(0, 2).sort(dim=-1, descending=True, stable=True), x)
    oracle.check(lambda lib, t: t[:, ::2, 1::3].sort(dim=0, stable=True), x)


def test_large_topk_uses_partition_and_matches_torch():
    x = oracle.randn(20, 5000)
    oracle.check(lambda lib, t: t.topk(7, dim=1), x)
    oracle.check(lambda lib, t: t.topk(7, dim=1, largest=False), x)


@given(shape=st.lists(st.integers(1, 6), min_size=1, max_size=3), data=st.data())
@settings(max_examples=25, deadline=None)
def test_stable_sort_with_ties_matches_torch(shape, data):
    """Hypothesis: small integer values (many ties) sort stably like PyTorch along any dim."""
    x = oracle.randint(0, 3, *shape)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    descending = data.draw(st.booleans())
    oracle.check(lambda lib, t: t.sort(dim=dim, descending=descending, stable=True), x)


@pytest.mark.parametrize("call", [
    pytest.param(lambda lib, x: x.sort(1), id="sort"),
    pytest.param(lambda lib, x: x.sort(0, descending=True), id="sort-descending"),
    pytest.param(lambda lib, x: x.topk(2), id="topk"),
    pytest.param(lambda lib, x: x.kthvalue(2, 1), id="kthvalue"),
    pytest.param(lambda lib, x: x.kthvalue(2, 1, keepdim=True), id="kthvalue-keepdim"),
    pytest.param(lambda lib, x: lib.msort(x), id="msort"),
])
def test_sorting_gradients_match_torch(call):
    """Gradients flow back to the positions the values came from (needs flambeau-autograd)."""
    pytest.importorskip("flambeau_autograd")
    oracle.check(call, X3.astype(np.float64), grad=True)

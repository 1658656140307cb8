"""The everyday odds and ends (fill_/new_*/empty_strided/frombuffer/range/…), the *_scatter and *_copy
ops, and the top-level in-place functions, against PyTorch."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.tensor_misc import INPLACE_FUNCTIONS
from flambeau_tensor_core.testing import oracle
from flambeau_tensor_core.view_copies import _VIEW_OPS

CUDA = oracle.on_device("cuda")

X23 = oracle.randn(2, 3)
X34 = oracle.randn(3, 4)
X234 = oracle.randn(2, 3, 4)
V5 = oracle.randn(5)
I23 = oracle.randint(-5, 5, 2, 3)
U8 = oracle.randint(0, 5, 3, dtype=np.uint8)
B3 = np.array([True, False, True])
Z3 = (oracle.randn(3) + 1j * oracle.randn(3)).astype(np.complex64)
S0 = np.array(1.5, dtype=np.float32)


def _quietly(fn):
    """``fn`` with deprecation warnings silenced (``range``/``new_tensor`` warn in both libraries)."""
    def call(lib, *args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(lib, *args)
    return call


CASES = [
    ("fill_", lambda lib, x: x.fill_(2.5), X23),
    ("fill_-int-truncates", lambda lib, x: x.fill_(2.7), I23),
    ("fill_-tensor", lambda lib, x: x.fill_(lib.tensor(-1.25)), X23),
    ("fill_-bool", lambda lib, x: x.fill_(2), B3),
    ("fill_-complex-into-real", lambda lib, x: x.fill_(1j), X23),
    ("fill_-complex", lambda lib, z: z.fill_(1 - 2j), Z3),
    ("fill_-overflow", lambda lib, x: x.fill_(300), U8),
    ("fill_-1d-value", lambda lib, x: x.fill_(lib.ones(1)), X23),
    ("fill_-function", lambda lib, x: lib.fill_(x, 3), X23),
    ("fill", lambda lib, x: lib.fill(x, 4), I23),
    ("zero_", lambda lib, x: x.zero_(), X234),
    ("zero_-function", lambda lib, x: lib.zero_(x[:, 1]), X234),
    ("zero_-view-reaches-base", lambda lib, x: (x[:, 1].zero_(), x)[1], X234),
    ("new_zeros", lambda lib, x: x.new_zeros(2, 3), I23),
    ("new_zeros-tuple-dtype", lambda lib, x: x.new_zeros((2,), dtype=lib.float64), I23),
    ("new_ones", lambda lib, x: x.new_ones([1, 2]), X23),
    ("new_full", lambda lib, x: x.new_full((2, 2), 7), X23),
    ("new_full-dtype", lambda lib, x: x.new_full((3,), 1.5, dtype=lib.float64), I23),
    ("new_empty", lambda lib, x: x.new_empty(2, 3).shape, I23),
    ("new_empty_strided", lambda lib, x: x.new_empty_strided((2, 3), (1, 2)).stride(), X23),
    ("new_tensor", lambda lib, x: x.new_tensor([1, 2, 3]), X23),
    ("new_tensor-dtype", lambda lib, x: x.new_tensor([[1.5]], dtype=lib.float64), I23),
    ("new_tensor-from-tensor", _quietly(lambda lib, x: x.new_tensor(x * 2)), I23),
    ("empty_strided", lambda lib, x: lib.empty_strided((2, 3), (1, 2)).stride(), S0),
    ("empty_strided-dtype", lambda lib, x: lib.empty_strided((4,), (2,), dtype=lib.int32).fill_(3), S0),
    ("empty_strided-as_strided", lambda lib, x: lib.empty_strided((2, 3), (1, 2)).fill_(1).as_strided((6,), (1,))
     .shape, S0),
    ("scalar_tensor", lambda lib, x: lib.scalar_tensor(3), S0),
    ("scalar_tensor-bool", lambda lib, x: lib.scalar_tensor(True), S0),
    ("scalar_tensor-dtype", lambda lib, x: lib.scalar_tensor(3, dtype=lib.int64), S0),
    ("scalar_tensor-complex", lambda lib, x: lib.scalar_tensor(1 + 2j), S0),
    ("range", _quietly(lambda lib, x: lib.range(1, 4)), S0),
    ("range-one-arg", _quietly(lambda lib, x: lib.range(3)), S0),
    ("range-keywords", _quietly(lambda lib, x: lib.range(start=2, end=3, step=0.5)), S0),
    ("range-step", _quietly(lambda lib, x: lib.range(0, 1, 0.3)), S0),
    ("range-negative-step", _quietly(lambda lib, x: lib.range(4, 1, -1.5)), S0),
    ("range-int-dtype", _quietly(lambda lib, x: lib.range(1, 7, 2, dtype=lib.int64)), S0),
    ("range-zero-step", _quietly(lambda lib, x: lib.range(1, 4, 0)), S0),
    ("range-wrong-sign", _quietly(lambda lib, x: lib.range(4, 1, 1)), S0),
    ("ndimension", lambda lib, x: x.ndimension(), X234),
    ("nelement", lambda lib, x: x.nelement(), X234),
    ("get_device", lambda lib, x: (x.get_device(), lib.get_device(x)), X23),
    ("is_signed", lambda lib, x, u, b: (x.is_signed(), lib.is_signed(u), b.is_signed()), X23, U8, B3),
    ("is_same_size", lambda lib, x, y: (x.is_same_size(y), lib.is_same_size(x, x)), X23, X34),
    ("type_as", lambda lib, x, y: x.type_as(y), X23, I23),
    ("type_as-same-is-self", lambda lib, x, y: x.type_as(y) is x, X23, X34),
    ("ravel", lambda lib, x: lib.ravel(x), X234),
    ("ravel-noncontiguous", lambda lib, x: x.transpose(0, 2).ravel(), X234),
    ("ravel-is-view", lambda lib, x: x.ravel()._is_view(), X234),
    ("positive", lambda lib, x: lib.positive(x) is x and x.positive() is x, X23),
    ("positive-bool", lambda lib, x: lib.positive(x), B3),
    ("rsub", lambda lib, x, y: lib.rsub(x, y), X23, X34[:2, :3]),
    ("rsub-scalar-alpha", lambda lib, x: lib.rsub(x, 2, alpha=3), I23),
    ("rsub-bool", lambda lib, x: lib.rsub(x, x), B3),
    ("split_with_sizes", lambda lib, x: lib.split_with_sizes(x, [1, 3], 1), X34),
    ("split_with_sizes-method", lambda lib, x: x.split_with_sizes((2, 0, 3)), V5),
    ("split_with_sizes-bad-sum", lambda lib, x: x.split_with_sizes([2, 2]), V5),
    ("narrow_copy", lambda lib, x: lib.narrow_copy(x, 1, 1, 2), X34),
    ("narrow_copy-method", lambda lib, x: x.narrow_copy(0, -2, 2), V5),
    ("clone", lambda lib, x: lib.clone(x[:, 1]), X234),
    ("detach", lambda lib, x: lib.detach(x), X23),
    ("detach_", lambda lib, x: lib.detach_(x), X23),
    ("as_strided_", lambda lib, x: x.reshape(-1).as_strided_((2, 2), (1, 2), 1), X234),
    ("as_strided_-function", lambda lib, x: lib.as_strided_(x, (3,), (4,)), X34),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_misc_op_matches_torch(call, inputs):
    oracle.check(call, *inputs)


# on CUDA these answer with the device (PyTorch's CUDA tensors too), not as the CPU oracle does
DEVICE_DEPENDENT = {"get_device"}


@pytest.mark.gpu
@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES
                                         if c[0] not in DEVICE_DEPENDENT])
def test_misc_op_on_cuda_matches_torch(call, inputs):
    oracle.check(call, *inputs, flambeau=CUDA)


@pytest.mark.gpu
def test_get_device_of_a_cuda_tensor_is_its_index():
    x = ft.ones(2, device="cuda")
    assert x.get_device() == ft.get_device(x) == 0 and ft.ones(2).get_device() == -1


def test_fill_and_zero_bump_the_shared_version():
    base = ft.zeros(2, 3)
    row = base[1]
    row.fill_(2)
    base.zero_()
    assert base._version == row._version == 2


def test_new_tensor_copies_and_keeps_device():
    x = ft.zeros(3)
    data = np.arange(3.0)
    made = x.new_tensor(data)
    data[0] = 9
    assert made.tolist() == [0.0, 1.0, 2.0] and made.device == x.device and made.dtype is ft.float32


def test_range_warns_like_torch():
    with pytest.warns(UserWarning, match="deprecated"):
        ft.range(0, 2)


# ---- frombuffer -------------------------------------------------------------------------------------
BUFFER_CASES = [
    ("all", {}),
    ("offset-count", {"offset": 4, "count": 1}),
    ("empty", {"count": 0}),
    ("bad-offset", {"offset": 16}),
    ("count-too-big", {"count": 5}),
    ("not-a-multiple", {"offset": 2}),
]


@pytest.mark.parametrize("kwargs", [pytest.param(c[1], id=c[0]) for c in BUFFER_CASES])
def test_frombuffer_matches_torch(kwargs):
    payload = np.arange(4, dtype=np.float32).tobytes()
    oracle.check(lambda lib: lib.frombuffer(bytearray(payload), dtype=lib.float32, **kwargs))


def test_frombuffer_shares_memory_and_warns_on_read_only():
    buffer = bytearray(np.arange(3, dtype=np.int32).tobytes())
    t = ft.frombuffer(buffer, dtype=ft.int32)
    t.add_(10)
    assert np.frombuffer(buffer, dtype=np.int32).tolist() == [10, 11, 12]
    with pytest.warns(UserWarning, match="not writable"):
        ft.frombuffer(bytes(buffer), dtype=ft.int32)


# ---- apply_ / map_ ----------------------------------------------------------------------------------
PYTHON_CALLABLE_CASES = [
    ("apply_", lambda lib, x: x.apply_(lambda v: v * 2 + 1), X23),
    ("apply_-view", lambda lib, x: (x[:, 1].apply_(lambda v: -v), x)[1], X23),
    ("map_", lambda lib, x, y: x.map_(y, lambda a, b: a - b), X23, X34[:2, :3]),
    ("map_-broadcast", lambda lib, x, y: x.map_(y, lambda a, b: a * b), X23, X34[0, :3]),
    ("map_-dtype-mismatch", lambda lib, x, y: x.map_(y, lambda a, b: a), X23, I23),
    ("apply_-requires-grad", lambda lib, x: x.clone().requires_grad_().apply_(abs), X23),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in PYTHON_CALLABLE_CASES])
def test_python_callables_match_torch(call, inputs):
    oracle.check(call, *inputs)


# ---- scatter and copy variants of views ---------------------------------------------------------------
SCATTER_CASES = [
    ("select_scatter", lambda lib, x, s: lib.select_scatter(x, s[0], 0, 1), X34, X34),
    ("select_scatter-neg", lambda lib, x, s: x.select_scatter(s[:, 0], -1, -2), X34, X34),
    ("select_scatter-cast", lambda lib, x, s: lib.select_scatter(x, s[0].double(), 0, 0), X34, X34),
    ("select_scatter-bad-size", lambda lib, x, s: lib.select_scatter(x, s[:, 0], 0, 0), X34, X34),
    ("select_scatter-bad-index", lambda lib, x, s: lib.select_scatter(x, s[0], 0, 3), X34, X34),
    ("slice_scatter", lambda lib, x, s: lib.slice_scatter(x, s[:, :2], 1, 0, 4, 2), X34, X34),
    ("slice_scatter-defaults", lambda lib, x, s: x.slice_scatter(s), X34, X34),
    ("slice_scatter-clamped", lambda lib, x, s: lib.slice_scatter(x, s[:, :2], 1, -10, 100, 3), X34, X34),
    ("slice_scatter-zero-step", lambda lib, x, s: lib.slice_scatter(x, s, 1, 0, 4, 0), X34, X34),
    ("diagonal_scatter", lambda lib, x, s: lib.diagonal_scatter(x, s[0, :3], 1), X34, X34),
    ("diagonal_scatter-batched", lambda lib, x, s: x.diagonal_scatter(s[:, :2], 0, 1, 2), X234, X34),
    ("diagonal_scatter-bad-size", lambda lib, x, s: lib.diagonal_scatter(x, s[0], 0), X34, X34),
    ("as_strided_scatter", lambda lib, x, s: lib.as_strided_scatter(x, s[:2, :2], (2, 2), (1, 2), 1), X34, X34),
    ("as_strided_scatter-column-major", lambda lib, x, s: lib.as_strided_scatter(x.t(), s[:2, :2], (2, 2), (1, 2), 1),
     X34, X34),
    ("as_strided_scatter-keeps-layout", lambda lib, x, s: lib.as_strided_scatter(x.t(), s[0], (4,), (3,)).stride(),
     X34, X34),
    ("select_scatter-keeps-layout", lambda lib, x, s: lib.select_scatter(x.t(), s[:, 0], 0, 1).stride(), X34, X34),
    ("as_strided_scatter-method", lambda lib, x, s: x.as_strided_scatter(s[0], (4,), (3,)), X34, X34),
    ("as_strided_scatter-out-of-bounds", lambda lib, x, s: lib.as_strided_scatter(x, s[:2, :2], (2, 2), (1, 2), 100),
     X34, X34),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in SCATTER_CASES])
def test_scatter_op_matches_torch(call, inputs):
    oracle.check(call, *inputs)


@pytest.mark.gpu
@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in SCATTER_CASES])
def test_scatter_op_on_cuda_matches_torch(call, inputs):
    oracle.check(call, *inputs, flambeau=CUDA)


def test_scatter_leaves_its_input_alone():
    x, src = ft.zeros(3, 4), ft.ones(4)
    out = ft.select_scatter(x, src, 0, 1)
    assert x.sum().item() == 0 and out.sum().item() == 4 and not out._is_view()


# one call per *_copy function: (name, args after the input, input)
COPY_CASES = [
    ("view_copy", ((4, 6),), X234), ("view_copy", (ft.int32,), X234), ("permute_copy", ((2, 0, 1),), X234),
    ("transpose_copy", (0, 2), X234), ("t_copy", (), X34), ("squeeze_copy", (), X234[:, :1]),
    ("squeeze_copy", (0,), X234[:1]), ("unsqueeze_copy", (1,), X34), ("expand_copy", ((2, 3, 4),), X34[:, :1]),
    ("diagonal_copy", (1, 1, 2), X234), ("select_copy", (1, -1), X234), ("slice_copy", (2, 1, 4, 2), X234),
    ("slice_copy", (), X234), ("split_copy", (2, 2), X234), ("unbind_copy", (1,), X234),
    ("unfold_copy", (2, 2, 1), X234), ("as_strided_copy", ((2, 2), (1, 4), 3), X234), ("alias_copy", (), X234),
    ("view_as_real_copy", (), Z3), ("view_as_complex_copy", (), X34.reshape(6, 2)), ("narrow_copy", (2, 1, 2), X234),
    ("split_with_sizes_copy", ([1, 3], 2), X234), ("detach_copy", (), X234),
]


def _torch_args(args, torch):
    return tuple(getattr(torch, a.name) if isinstance(a, ft.dtype) else a for a in args)


@pytest.mark.parametrize("name,args,x", [pytest.param(*c, id=f"{c[0]}-{i}") for i, c in enumerate(COPY_CASES)])
def test_copy_variant_matches_torch_and_owns_its_memory(name, args, x):
    torch = oracle.torch()
    result = oracle.check(lambda lib, t: getattr(lib, name)(t, *(_torch_args(args, lib) if lib is torch else args)),
                          x)
    for piece in result if isinstance(result, tuple) else (result,):
        assert piece.is_contiguous() and not piece._is_view()


def test_every_public_dense_copy_variant_of_torch_exists():
    torch = oracle.torch()
    sparse_or_private = {n for n in dir(torch) if n.startswith("_") or "indices" in n or n == "values_copy"}
    assert {n for n in dir(torch) if n.endswith("_copy")} - sparse_or_private - set(dir(ft)) == set()
    assert set(_VIEW_OPS) <= set(dir(ft))


def test_copy_variant_out():
    out = ft.empty(0)
    assert ft.transpose_copy(ft.from_numpy(X34.copy()), 0, 1, out=out) is out
    np.testing.assert_array_equal(out.numpy(), X34.T)


# ---- top-level in-place functions -----------------------------------------------------------------------
def test_every_inplace_function_exists_in_torch_too():
    torch = oracle.torch()
    assert [n for n in INPLACE_FUNCTIONS if not hasattr(torch, n)] == []
    assert all(getattr(ft, n) is getattr(ft.Tensor, n) for n in INPLACE_FUNCTIONS)


UNIT = np.linspace(0.1, 0.9, 6, dtype=np.float32).reshape(2, 3)
# the in-place functions that take only the tensor
NO_ARGUMENT = [n for n in INPLACE_FUNCTIONS if n not in {
    "clamp_", "clamp_min_", "clamp_max_", "clip_", "xlogy_", "index_put_", "as_strided_", "addmv_", "fill_"}]
WITH_ARGUMENTS = [
    ("clamp_", lambda lib, x: lib.clamp_(x, 0.3, 0.6)), ("clamp_min_", lambda lib, x: lib.clamp_min_(x, 0.5)),
    ("clamp_max_", lambda lib, x: lib.clamp_max_(x, 0.5)), ("clip_", lambda lib, x: lib.clip_(x, max=0.4)),
    ("xlogy_", lambda lib, x: lib.xlogy_(x, 2.0)),
    ("index_put_", lambda lib, x: lib.index_put_(x, (lib.tensor([1, 0]),), lib.tensor(7.0))),
    ("addmv_", lambda lib, x: lib.addmv_(x[0], x.t(), x[1])),
]


@pytest.mark.parametrize("name", NO_ARGUMENT)
def test_inplace_function_matches_torch(name):
    oracle.check(lambda lib, x: (getattr(lib, name)(x), x)[1], UNIT)


@pytest.mark.parametrize("call", [pytest.param(c[1], id=c[0]) for c in WITH_ARGUMENTS])
def test_inplace_function_with_arguments_matches_torch(call):
    oracle.check(lambda lib, x: (call(lib, x), x)[1], UNIT)


@settings(max_examples=25, deadline=None)
@given(size=st.integers(1, 5), start=st.integers(-6, 6), end=st.integers(-6, 6), step=st.integers(1, 3))
def test_slice_scatter_and_copy_match_torch_for_any_bounds(size, start, end, step):
    x, src = oracle.randn(size, 2), oracle.randn(size, 2)
    oracle.check(lambda lib, t: lib.slice_copy(t, 0, start, end, step), x)
    length = len(range(*slice(start, end, step).indices(size)))
    oracle.check(lambda lib, t, s: lib.slice_scatter(t, s[:length], 0, start, end, step), x, src)

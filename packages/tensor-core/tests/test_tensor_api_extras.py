"""tensor_api_extras against PyTorch 2.13: in-place aliases, activations (values, dtypes, errors, grads and
node names), fill_diagonal_, unsafe splits, resize_, new, as_subclass, queries, shared memory, distances,
deprecated norms and sym_* helpers."""
from __future__ import annotations

import math
import os

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

pytestmark = [pytest.mark.filterwarnings("ignore:.*(frobenius|nuclear)_norm is deprecated"),
              pytest.mark.filterwarnings("ignore:non-inplace resize")]


@pytest.fixture
def autograd():
    return pytest.importorskip("flambeau_autograd")


def _node_name(t) -> str | None:
    return None if t.grad_fn is None else t.grad_fn.name().replace("torch::autograd::", "")


def _grad_fn_names_match(fn, *arrays):
    """``fn(lib, *leaves)`` gives the same node name in both libraries (leaves require grad)."""
    torch = oracle.torch()
    names = []
    for lib in (torch, ft):
        leaves = [(torch.tensor(a.copy()) if lib is torch else ft.from_numpy(a.copy())).requires_grad_()
                  for a in arrays]
        names.append(_node_name(fn(lib, *leaves)))
    assert names[0] == names[1], names
    return names[1]


# ---- aliases -----------------------------------------------------------------------------------------
ALIASES = {"divide_": "div_", "multiply_": "mul_", "subtract_": "sub_", "true_divide_": "div_",
           "greater_": "gt_", "greater_equal_": "ge_", "less_": "lt_", "less_equal_": "le_", "not_equal_": "ne_"}


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_in_place_alias_is_the_op(alias):
    assert getattr(ft.Tensor, alias) is getattr(ft.Tensor, ALIASES[alias])
    a, b = oracle.randn(3, 4), oracle.randn(3, 4)

    def call(lib, x, y):
        target = x.clone()
        result = getattr(target, alias)(y)
        assert result is target
        return target

    oracle.check(call, a, b)
    oracle.check(lambda lib, x: getattr(x.clone(), alias)(0.5), a)
    oracle.check(lambda lib, x, y: getattr(x.clone(), alias)(y), oracle.randint(1, 5, 3), oracle.randint(1, 5, 3))


def test_alias_keeps_rounding_mode_and_grad(autograd):
    a, b = oracle.randn(2, 3, dtype=np.float64) * 4, oracle.randn(2, 3, dtype=np.float64)
    oracle.check(lambda lib, x, y: (x * 1).divide_(y, rounding_mode="floor"), a, b, grad=True)
    oracle.check(lambda lib, x, y: (x * 1).multiply_(y), a, b, grad=True)
    oracle.check(lambda lib, x, y: (x * 1).subtract_(y, alpha=2), a, b, grad=True)
    assert _grad_fn_names_match(lambda lib, x, y: (x * 1).subtract_(y), a, b) == "SubBackward0"


# ---- activations -------------------------------------------------------------------------------------
SPECIAL = np.array([-2.0, -0.5, -0.0, 0.0, 0.5, 0.5000001, 3.0, np.nan, np.inf, -np.inf], dtype=np.float32)
FLOAT_DTYPES = [np.float32, np.float64, np.float16]
ACTIVATIONS = {
    "relu": lambda lib, x: lib.relu(x),
    "Tensor.relu": lambda lib, x: x.relu(),
    "threshold": lambda lib, x: lib.threshold(x, 0.5, -7.0),
    "hardshrink": lambda lib, x: lib.hardshrink(x),
    "Tensor.hardshrink": lambda lib, x: x.hardshrink(0.25),
    "selu": lambda lib, x: lib.selu(x),
    "celu": lambda lib, x: lib.celu(x, 0.5),
    "celu-int-alpha": lambda lib, x: lib.celu(x, alpha=2),
    "rrelu": lambda lib, x: lib.rrelu(x),
    "rrelu-bounds": lambda lib, x: lib.rrelu(x, 0.1, 0.3),
    "prelu": lambda lib, x: lib.prelu(x, lib.tensor([0.25], dtype=x.dtype)),
}
IN_PLACE = {
    "relu_": lambda lib, x: lib.relu_(x), "Tensor.relu_": lambda lib, x: x.relu_(),
    "threshold_": lambda lib, x: lib.threshold_(x, 0.5, -7.0), "selu_": lambda lib, x: lib.selu_(x),
    "celu_": lambda lib, x: lib.celu_(x, 0.5), "rrelu_": lambda lib, x: lib.rrelu_(x),
}


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_values(name, dtype):
    x = np.concatenate([SPECIAL, oracle.randn(30) * 3]).astype(dtype)
    oracle.check(ACTIVATIONS[name], x, rtol=1e-3 if dtype == np.float16 else None)


@pytest.mark.parametrize("name", ["relu", "Tensor.relu", "threshold", "hardshrink", "selu", "rrelu", "prelu"])
def test_activation_signed_zeros(name):
    oracle.check(lambda lib, x: lib.signbit(ACTIVATIONS[name](lib, x)), np.array([-0.0, 0.0, -1.0], np.float32))


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_in_place_activation_writes_its_input(name):
    x = np.concatenate([SPECIAL, oracle.randn(30) * 3])

    def call(lib, t):
        result = IN_PLACE[name](lib, t)
        assert result is t
        return t

    oracle.check(call, x)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.int8, np.bool_, np.complex64])
@pytest.mark.parametrize("name", sorted(ACTIVATIONS) + ["threshold-int-limit", "threshold-overflow"])
def test_activation_dtypes_and_errors(name, dtype):
    """relu and threshold take integer tensors (threshold casts its numbers to the dtype); the others
    have float kernels only; bool and complex fail as PyTorch fails."""
    fn = {"threshold-int-limit": lambda lib, x: lib.threshold(x, -2.5, 9),
          "threshold-overflow": lambda lib, x: lib.threshold(x, 0, 300)}.get(name) or ACTIVATIONS[name]
    if name == "prelu":
        fn = lambda lib, x: lib.prelu(x, lib.tensor([1], dtype=x.dtype))  # noqa: E731
    values = np.array([-3, -2, -1, 0, 1, 2, 5]).astype(dtype)
    oracle.check(fn, values)


def test_activation_argument_errors():
    x = oracle.randn(5)
    oracle.check_raises(lambda lib, t: lib.celu(t, 0.0), x)
    oracle.check_raises(lambda lib, t: lib.celu_(t, alpha=0), x)
    oracle.check_raises(lambda lib, t: lib.rrelu(t, 0.4, 0.2), x)
    oracle.check_raises(lambda lib, t: lib.threshold(t, "a", 1.0), x)
    oracle.check_raises(lambda lib, t: lib.relu(t.tolist()), x)
    oracle.check_raises(lambda lib, t: lib.rrelu(t, training=1), x)
    oracle.check(lambda lib, t: lib.threshold(t, lib.tensor(0.2), lib.tensor(4.0)), x)
    oracle.check(lambda lib, t: lib.hardshrink(t, -1), x)
    oracle.check(lambda lib, t: lib.hardshrink(t, True), x)
    oracle.check_raises(lambda lib, t: lib.hardshrink(t, lib.tensor([0.5, 0.6])), x)
    oracle.check_raises(lambda lib, t: lib.hardshrink(t, lib.tensor([0.5])), x)
    oracle.check(lambda lib, t: lib.hardshrink(t, lib.tensor(0.5)), x)


PRELU_CASES = [((2, 3, 4), (3,)), ((2, 3, 4), (1,)), ((2, 3), ()), ((4,), (1,)), ((), (1,)), ((2, 1, 3), (1,)),
               ((2, 3, 4, 5), (3,))]


@pytest.mark.parametrize("shapes", PRELU_CASES, ids=str)
def test_prelu_shapes_and_grads(shapes, autograd):
    x_shape, w_shape = shapes
    x = np.asarray(oracle.randn(*x_shape, dtype=np.float64))
    w = np.asarray(np.abs(oracle.randn(*w_shape, dtype=np.float64)))
    oracle.check(lambda lib, a, b: lib.prelu(a, b), x, w, grad=True)
    assert _grad_fn_names_match(lambda lib, a, b: a.prelu(b), x, w) == "PreluKernelBackward0"


def test_prelu_errors():
    oracle.check_raises(lambda lib, a, b: lib.prelu(a, b), oracle.randn(2, 3, 4), oracle.randn(2))
    oracle.check_raises(lambda lib, a, b: lib.prelu(a, b), oracle.randn(4), oracle.randn(3))
    oracle.check_raises(lambda lib, a, b: lib.prelu(a, b), oracle.randn(2, 3), oracle.randn(1, 3))
    oracle.check_raises(lambda lib, a, b: lib.prelu(a, b), oracle.randn(2, 3, dtype=np.float64), oracle.randn(1))
    oracle.check_raises(lambda lib, a, b: lib.prelu(a, b), oracle.randint(-3, 3, 2, 3), oracle.randint(0, 2, 1))
    oracle.check_raises(lambda lib, a: lib.prelu(a, 0.25), oracle.randn(2, 3))


GRAD_CASES = {
    "relu": (lambda lib, x: lib.relu(x), "ReluBackward0"),
    "relu_": (lambda lib, x: (x * 1).relu_(), "ReluBackward0"),
    "threshold": (lambda lib, x: lib.threshold(x, 0.5, 2.0), "ThresholdBackward0"),
    "threshold_": (lambda lib, x: lib.threshold_(x * 1, 0.5, 2.0), "ThresholdBackward1"),
    "hardshrink": (lambda lib, x: lib.hardshrink(x, 0.5), "HardshrinkBackward0"),
    "selu": (lambda lib, x: lib.selu(x), "EluBackward0"),
    "selu_": (lambda lib, x: lib.selu_(x * 1), "EluBackward1"),
    "celu": (lambda lib, x: lib.celu(x, 0.3), "CeluBackward0"),
    "celu_": (lambda lib, x: lib.celu_(x * 1), "CeluBackward1"),
    "rrelu": (lambda lib, x: lib.rrelu(x), "RreluWithNoiseBackward0"),
    "rrelu_": (lambda lib, x: lib.rrelu_(x * 1, 0.2, 0.5), "RreluWithNoiseBackward1"),
    "fill_diagonal_": (lambda lib, x: (x.reshape(5, 4) * 1).fill_diagonal_(3.0), "CopySlices"),
    "fill_diagonal_-view": (lambda lib, x: (x * 1).reshape(5, 4).fill_diagonal_(3.0), "AsStridedBackward0"),
    "unsafe_split": (lambda lib, x: lib.unsafe_split(x * 1, 8)[1], "UnsafeSplitBackward0"),
    "unsafe_chunk": (lambda lib, x: (x * 1).unsafe_chunk(3)[2], "UnsafeSplitBackward0"),
    "unsafe_split_with_sizes": (lambda lib, x: lib.unsafe_split_with_sizes(x * 1, [5, 15])[0],
                                "UnsafeSplitWithSizesBackward0"),
    "pdist": (lambda lib, x: lib.pdist(x.reshape(5, 4)), "PdistBackward0"),
    "as_subclass": (lambda lib, x: x.as_subclass(lib.Tensor), "AliasBackward0"),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients_and_node_names(name, autograd):
    fn, node = GRAD_CASES[name]
    # the boundary values (±0.5, 0) where PyTorch's masks decide the subgradient
    x = np.concatenate([[-0.5, 0.0, 0.5, -0.0], oracle.randn(16, dtype=np.float64)])
    oracle.check(fn, x, grad=True)
    assert _grad_fn_names_match(fn, x) == node


def test_rrelu_training_samples_slopes_in_bounds(autograd):
    x = ft.tensor([-1.0, -2.0, 3.0, -4.0] * 50, requires_grad=True)
    y = ft.rrelu(x, 0.1, 0.3, training=True, generator=ft.Generator().manual_seed(3))
    slopes = (y / x).detach()
    negative = x.detach() < 0
    assert bool(((slopes[negative] >= 0.1) & (slopes[negative] <= 0.3)).all())
    assert bool((slopes[~negative] == 1).all())
    assert len(set(slopes[negative].tolist())) > 10
    y.sum().backward()
    assert ft.testing.assert_close(x.grad, slopes) is None
    assert _node_name(y) == "RreluWithNoiseBackward0"


# ---- fill_diagonal_ ------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,wrap", [((3, 3), False), ((7, 3), False), ((7, 3), True), ((4, 3), True),
                                        ((3, 7), True), ((2, 2, 2), False), ((3, 3, 3), True), ((0, 3), True),
                                        ((11, 2), True)], ids=str)
def test_fill_diagonal(shape, wrap):
    oracle.check(lambda lib, x: x.fill_diagonal_(2.5, wrap=wrap), np.zeros(shape, dtype=np.float32))


def test_fill_diagonal_views_dtypes_and_errors():
    oracle.check(lambda lib, x: x.t().fill_diagonal_(1) * 1, np.zeros((3, 4), dtype=np.float32))

    def on_view(lib, x):
        x[1:].fill_diagonal_(7)
        return x

    oracle.check(on_view, np.zeros((4, 3), dtype=np.int64))
    oracle.check(lambda lib, x: x.fill_diagonal_(1.7), np.zeros((2, 2), dtype=np.int64))
    oracle.check(lambda lib, x: x.fill_diagonal_(lib.tensor(2.0)), np.zeros((2, 2), dtype=np.float32))
    oracle.check_raises(lambda lib, x: x.fill_diagonal_(300), np.zeros((2, 2), dtype=np.uint8))
    oracle.check_raises(lambda lib, x: x.fill_diagonal_(1), np.zeros(3, dtype=np.float32))
    oracle.check_raises(lambda lib, x: x.fill_diagonal_(1), np.zeros((3, 3, 2), dtype=np.float32))
    oracle.check_raises(lambda lib, x: x.fill_diagonal_(1, wrap=1), np.zeros((2, 2), dtype=np.float32))


# ---- unsafe splits ---------------------------------------------------------------------------------------
def test_unsafe_splits_match_split_and_share_memory(autograd):
    a = oracle.randn(5, 4)
    oracle.check(lambda lib, x: lib.unsafe_split(x, 2), a)
    oracle.check(lambda lib, x: x.unsafe_split(3, dim=1), a)
    oracle.check(lambda lib, x: lib.unsafe_chunk(x, 3, -1), a)
    oracle.check(lambda lib, x: x.unsafe_split_with_sizes([1, 4]), a)
    oracle.check_raises(lambda lib, x: lib.unsafe_split(x, 0), a)
    oracle.check_raises(lambda lib, x: lib.unsafe_chunk(x, 0), a)
    oracle.check_raises(lambda lib, x: lib.unsafe_split_with_sizes(x, [1, 2]), a)

    def not_views(lib, x):
        base = x * 1
        pieces = lib.unsafe_split(base, 2)
        pieces[0].mul_(2)          # no view bookkeeping: an ordinary in-place op on a non-leaf
        return [p._is_view() for p in pieces], _node_name(pieces[0]), base.detach()

    x = ft.from_numpy(a.copy()).requires_grad_()
    views, node, base = not_views(ft, x)
    assert views == [False] * 3 and node == "MulBackward0"
    np.testing.assert_array_equal(base.numpy()[:2], a[:2] * 2)   # the pieces share the input's memory


# ---- resize_, new, as_subclass -----------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(2, 2), (6,), (3, 2), (1,), (0,), ((2, 3),), ((3,),)], ids=str)
def test_resize_keeps_the_prefix(size):
    oracle.check(lambda lib, x: x.resize_(*size), np.arange(6, dtype=np.float32))
    oracle.check(lambda lib, x: x.t().resize_(*size), np.arange(6, dtype=np.float32).reshape(2, 3))


def test_resize_grows_and_checks_arguments(autograd):
    x = ft.arange(6.0)
    x.resize_(3, 3)
    assert x.shape == (3, 3) and x.reshape(-1)[:6].tolist() == list(range(6))
    c = ft.arange(12.0)
    v = c[2:6]
    v.resize_(2, 2)
    assert v.tolist() == [[2.0, 3.0], [4.0, 5.0]] and v._base is c
    oracle.check_raises(lambda lib, t: t.resize_(-1), np.arange(3.0))
    oracle.check_raises(lambda lib, t: t.resize_(2.0), np.arange(3.0))
    oracle.check_raises(lambda lib, t: t.resize_(), np.arange(3.0))
    oracle.check_raises(lambda lib, t: t.requires_grad_().resize_(5), np.arange(3.0))
    oracle.check(lambda lib, t: t.resize_(2, memory_format=lib.contiguous_format), np.arange(3.0))


def test_deprecated_out_of_place_resize(autograd):
    a = np.arange(6, dtype=np.float64).reshape(2, 3)
    oracle.check(lambda lib, x: x.resize(3, 2), a, grad=True)
    oracle.check(lambda lib, x: x.t().resize(6), a, grad=True)
    oracle.check(lambda lib, x, y: x.resize_as(y), a, np.zeros((1, 6)), grad=True)
    oracle.check(lambda lib, x: [x.resize(6)._is_view(), x.t().resize(6)._is_view()], a)
    oracle.check_raises(lambda lib, x: x.resize(4), a)
    oracle.check_raises(lambda lib, x: x.resize((3, 2)), a)
    oracle.check_raises(lambda lib, x, y: x.resize_as(y), a, np.zeros(5))
    assert _grad_fn_names_match(lambda lib, x: x.resize(3, 2), a) == "ResizeBackward"
    with pytest.warns(UserWarning, match="non-inplace resize_as is deprecated"):
        ft.ones(2).resize_as(ft.ones(2))


def test_new_legacy_constructor():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    oracle.check(lambda lib, x: x.new(), a)
    oracle.check(lambda lib, x: x.new(2, 3).shape, a)
    oracle.check(lambda lib, x: x.new((4,)).shape, a)
    oracle.check(lambda lib, x: x.new(lib.Size([2, 1])).shape, a)
    oracle.check(lambda lib, x: x.new([1, 2]), a)
    oracle.check(lambda lib, x: x.new([[1, 2], [3, 4]]), np.zeros(1, dtype=np.int32))
    oracle.check(lambda lib, x: x.new(lib.tensor(3)).shape, np.zeros(1, dtype=np.int64))
    oracle.check(lambda lib, x: x.new(2, device="cpu").shape, a)
    oracle.check(lambda lib, x: x.new(size=(2, 1)).shape, a)
    oracle.check(lambda lib, x: x.new(size=lib.Size([3])).shape, a)
    oracle.check_raises(lambda lib, x: x.new(2, size=(2, 1)), a)
    oracle.check_raises(lambda lib, x: x.new(2.5), a)
    oracle.check_raises(lambda lib, x: x.new(-1), a)
    oracle.check_raises(lambda lib, x: x.new([1], dtype=lib.int64), a)
    oracle.check_raises(lambda lib, x: x.new(lib.tensor([1, 2])), a)
    t = ft.tensor([1.0, 2.0])
    u = ft.zeros(1).new(t)
    u[0] = 9
    assert t.tolist() == [9.0, 2.0]      # new(other) is other's memory, as in PyTorch


def test_as_subclass(autograd):
    class Marked(ft.Tensor):
        pass

    x = ft.randn(3, requires_grad=True)
    y = x.as_subclass(Marked)
    assert type(y) is Marked and y.requires_grad and not y.is_leaf and y._base is None
    assert y.data_ptr() == x.data_ptr() and _node_name(y) == "AliasBackward0"
    (y * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    plain = ft.arange(3.0)
    view = plain.as_subclass(Marked)
    view.add_(1)
    assert plain.tolist() == [1.0, 2.0, 3.0] and not view.requires_grad
    oracle.check_raises(lambda lib, t: t.as_subclass(int), np.zeros(2))


# ---- queries -----------------------------------------------------------------------------------------------
FALSE_FLAGS = ["is_meta", "is_sparse", "is_sparse_csr", "is_quantized", "is_nested", "is_mkldnn", "is_xpu",
               "is_mps", "is_ipu", "is_xla", "is_vulkan", "is_maia", "is_mtia"]


@pytest.mark.parametrize("flag", FALSE_FLAGS)
def test_backend_flags_are_properties(flag):
    oracle.check(lambda lib, x: getattr(x, flag), oracle.randn(2, 3))
    assert isinstance(getattr(ft.Tensor, flag), property)


def test_output_nr_and_pointers(autograd):
    oracle.check(lambda lib, x: [t.output_nr for t in lib.split(x * 1, 1)] + [x.output_nr, (x * 2).output_nr],
                 oracle.randn(3), grad=False)
    x = ft.from_numpy(oracle.randn(3)).requires_grad_()
    assert [t.output_nr for t in ft.unsafe_split(x * 1, 1)] == [0, 1, 2]
    t = ft.arange(4.0)
    assert t.const_data_ptr() == t.data_ptr() and t[1:].const_data_ptr() == t.data_ptr() + 4


def test_is_set_to():
    a = oracle.randn(2, 3)
    oracle.check(lambda lib, x: [x.is_set_to(x), x.is_set_to(x.view(6)), x.is_set_to(x[:]), x.is_set_to(x.detach()),
                                 x.is_set_to(x.clone()), x.is_set_to(x.t().t()), x[1].is_set_to(x[1])], a)
    oracle.check_raises(lambda lib, x: x.is_set_to(3), a)


@pytest.mark.parametrize("make", [
    lambda lib: lib.empty(2, 3, 5, 7),
    lambda lib: lib.empty(2, 3, 5, 7).transpose(1, 2),
    lambda lib: lib.empty(2, 3, 5, 7, memory_format=lib.channels_last),
    lambda lib: lib.empty(2, 3, 4, 5, 6, memory_format=lib.channels_last_3d),
    lambda lib: lib.empty(1, 2, 3, 4),
    lambda lib: lib.empty(4, 1),
    lambda lib: lib.empty(3, 4).t(),
    lambda lib: lib.empty(3, 4)[:, ::2],
    lambda lib: lib.empty(5),
    lambda lib: lib.empty(()),
    lambda lib: lib.empty(2, 3).expand(4, 2, 3),
    lambda lib: lib.empty(4, 4).as_strided((2, 2, 2), (1, 4, 8)),
], ids=range(12))
@pytest.mark.parametrize("check", [False, True, "formats"])
def test_dim_order(make, check):
    def call(lib):
        ambiguity = [lib.contiguous_format, lib.channels_last] if check == "formats" else check
        return list(make(lib).dim_order(ambiguity_check=ambiguity))

    oracle.check(call)


def test_dim_order_argument_type():
    oracle.check_raises(lambda lib: lib.empty(2).dim_order(ambiguity_check="ILLEGAL"))
    oracle.check_raises(lambda lib: lib.empty(2).dim_order(ambiguity_check=[1]))


def test_share_memory_moves_into_a_shared_mapping():
    x = ft.arange(12.0).reshape(3, 4)
    view = x[1]
    oracle.check(lambda lib, t: [t.is_shared(), t[0].is_shared()], np.arange(3.0))
    assert x.share_memory_() is x
    assert x.is_shared() and x[2].is_shared() and x.tolist() == np.arange(12.0).reshape(3, 4).tolist()
    assert x.share_memory_() is x          # already shared: nothing moves
    assert not view.is_shared()            # documented: views made before keep the old memory
    v = ft.arange(10.0)[2:8:2]
    v.share_memory_()
    assert v.is_shared() and v._base.is_shared() and v.tolist() == [2.0, 4.0, 6.0]
    v[0] = 100
    assert v._base[2].item() == 100        # still a view of its (moved) base
    grads = ft.zeros(3).requires_grad_()
    assert grads.share_memory_().is_shared() and grads.requires_grad
    empty = ft.zeros(0)
    assert empty.share_memory_().is_shared()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_shared_memory_is_seen_by_a_forked_child():
    x = ft.zeros(4).share_memory_()
    pid = os.fork()
    if pid == 0:       # the child writes; the parent must see it
        x[1] = 5.0
        os._exit(0)
    os.waitpid(pid, 0)
    assert x.tolist() == [0.0, 5.0, 0.0, 0.0]


# ---- distances and deprecated norms --------------------------------------------------------------------------
@pytest.mark.parametrize("p", [2, 1, 0, 3, 0.5, float("inf")])
def test_pdist(p, autograd):
    x = oracle.randn(5, 3, dtype=np.float64)
    x[3] = x[1]                                # a zero distance
    oracle.check(lambda lib, t: lib.pdist(t, p), x, grad=p != 0.5)
    oracle.check(lambda lib, t: lib.pdist(t, p), x.astype(np.float32))


def test_pdist_shapes_and_errors():
    for shape in [(1, 3), (0, 3), (3, 0), (2, 1)]:
        oracle.check(lambda lib, t: lib.pdist(t), oracle.randn(*shape))
    oracle.check_raises(lambda lib, t: lib.pdist(t), oracle.randn(3))
    oracle.check_raises(lambda lib, t: lib.pdist(t), oracle.randn(2, 3, 4))
    oracle.check_raises(lambda lib, t: lib.pdist(t, -1), oracle.randn(3, 2))
    oracle.check_raises(lambda lib, t: lib.pdist(t), oracle.randint(0, 3, 3, 2))
    oracle.check_raises(lambda lib, t: lib.pdist(t), oracle.randn(3, 2, dtype=np.float16))


def test_cosine_similarity(autograd):
    a, b = oracle.randn(4, 3, dtype=np.float64), oracle.randn(4, 3, dtype=np.float64)
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y), a, b, grad=True)
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y, dim=0), a, b, grad=True)
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y, -1), oracle.randn(2, 1, 3), oracle.randn(4, 3))
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y, 0), oracle.randn(3), oracle.randn(3))
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y), np.zeros((2, 3)), b[:2], grad=True)
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y), np.array([[1e-9, 0.0]]), np.array([[1.0, 0.0]]))
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y, eps=0.5), np.array([[1e-9, 0.0]]),
                 np.array([[1.0, 0.0]]))
    oracle.check(lambda lib, x, y: lib.cosine_similarity(x, y), oracle.randn(2, 3), a[:2])
    oracle.check_raises(lambda lib, x, y: lib.cosine_similarity(x, y), oracle.randn(2, 3), oracle.randn(4))
    oracle.check_raises(lambda lib, x, y: lib.cosine_similarity(x, y), oracle.randint(0, 3, 2, 3),
                        oracle.randint(0, 3, 2, 3))
    oracle.check_raises(lambda lib, x, y: lib.cosine_similarity(x, y, dim=1), oracle.randn(3), oracle.randn(3))
    assert _grad_fn_names_match(lambda lib, x, y: lib.cosine_similarity(x, y), a, b) == "SumBackward1"


def test_pairwise_distance(autograd):
    a, b = oracle.randn(4, 3, dtype=np.float64), oracle.randn(4, 3, dtype=np.float64)
    for kwargs in [{}, {"p": 1}, {"p": 3.0, "keepdim": True}, {"p": float("inf")}, {"eps": 0.0}]:
        oracle.check(lambda lib, x, y, kw=kwargs: lib.pairwise_distance(x, y, **kw), a, b, grad=True)
    oracle.check(lambda lib, x, y: lib.pairwise_distance(x, y, keepdim=True), a, b[0], grad=True)
    oracle.check(lambda lib, x, y: lib.pairwise_distance(x, y, keepdim=True), a[0], b[0])
    oracle.check(lambda lib, x, y: lib.pairwise_distance(x, y), a[0, 0], b[0, 0])
    oracle.check(lambda lib, x, y: lib.pairwise_distance(x, y, p=0), a, b)
    oracle.check(lambda lib, x, y: lib.pairwise_distance(x, y), oracle.randint(0, 3, 2, 3),
                 oracle.randint(0, 3, 2, 3))
    oracle.check(lambda lib, x, y: lib.pairwise_distance(x, y), a.astype(np.float32), b)
    oracle.check_raises(lambda lib, x, y: lib.pairwise_distance(x, y), a, b[:, :2])
    assert _grad_fn_names_match(lambda lib, x, y: lib.pairwise_distance(x, y), a, b) == "NormBackward1"


def test_deprecated_norms(autograd):
    x = oracle.randn(2, 3, 4, dtype=np.float64)
    oracle.check(lambda lib, t: lib.frobenius_norm(t, (0, 2)), x, grad=True)
    oracle.check(lambda lib, t: lib.frobenius_norm(t, 1, keepdim=True), x, grad=True)
    oracle.check_raises(lambda lib, t: lib.frobenius_norm(t, [0, 1, 2]), x)
    oracle.check(lambda lib, t: lib.frobenius_norm(t, ()), x)
    oracle.check_raises(lambda lib, t: lib.frobenius_norm(t, (0, 0)), x)
    oracle.check_raises(lambda lib, t: lib.frobenius_norm(t), x)
    oracle.check(lambda lib, t: lib.nuclear_norm(t), x[0], grad=True)
    oracle.check(lambda lib, t: lib.nuclear_norm(t, keepdim=True), x[0])
    oracle.check(lambda lib, t: lib.nuclear_norm(t, (0, 2)), x, grad=True)
    oracle.check(lambda lib, t: lib.nuclear_norm(t, [1, 2], True), x)
    oracle.check(lambda lib, t: lib.nuclear_norm(t, True), x, grad=True)
    oracle.check_raises(lambda lib, t: lib.nuclear_norm(t), x[0, 0])
    oracle.check_raises(lambda lib, t: lib.frobenius_norm(t, 0), np.arange(3))
    oracle.check_raises(lambda lib, t: lib.nuclear_norm(t, (0, 0)), x)
    oracle.check_raises(lambda lib, t: lib.nuclear_norm(t, (0, 1, 2)), x)
    oracle.check_raises(lambda lib, t: lib.nuclear_norm(t), np.ones((2, 2), dtype=np.int64))
    assert _grad_fn_names_match(lambda lib, t: lib.frobenius_norm(t, (0, 1)), x) == "NormBackward1"
    assert _grad_fn_names_match(lambda lib, t: lib.nuclear_norm(t, (2, 0)), x) == "SumBackward1"
    assert _grad_fn_names_match(lambda lib, t: lib.nuclear_norm(t, (0, 2), keepdim=True), x) == "PermuteBackward0"
    with pytest.warns(UserWarning, match="frobenius_norm is deprecated"):
        ft.frobenius_norm(ft.ones(2), 0)


# ---- sym_* --------------------------------------------------------------------------------------------------
SYM_CASES = [
    ("sym_int", (2.7,)), ("sym_int", (-2.7,)), ("sym_int", (5,)), ("sym_int", (True,)), ("sym_int", ("a",)),
    ("sym_float", (3,)), ("sym_float", (2.5,)), ("sym_float", ("1.5",)),
    ("sym_max", (2, 3.5)), ("sym_max", (2, 2.0)), ("sym_max", (4, 3)), ("sym_max", (np.int64(4), 3)),
    ("sym_max", ("a", 3)), ("sym_min", (2.0, 2)), ("sym_min", (2, 3)), ("sym_min", (2, np.float32(0.5))),
    ("sym_not", (0,)), ("sym_not", (3,)), ("sym_not", (True,)),
    ("sym_sqrt", (4,)), ("sym_sqrt", (2.0,)), ("sym_sqrt", (-1.0,)),
    ("sym_sum", ([1, 2, 3],)), ("sym_sum", ((1, 2.5),)), ("sym_sum", (1, 2, 3)), ("sym_sum", ([],)),
]


@pytest.mark.parametrize("name,args", SYM_CASES, ids=[f"{n}{a}" for n, a in SYM_CASES])
def test_sym_helpers(name, args):
    torch = oracle.torch()
    try:
        expected, error = getattr(torch, name)(*args), None
    except Exception as e:   # noqa: BLE001 (the oracle's error is the expected result)
        expected, error = None, e
    if error is not None:
        with pytest.raises(type(error)):
            getattr(ft, name)(*args)
        return
    actual = getattr(ft, name)(*args)
    assert type(actual) is type(expected) and (actual == expected or (math.isnan(actual) and math.isnan(expected)))

"""Shape ops against PyTorch: values, dtype, shape, errors (views and memory sharing: test_views.py)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from flambeau_tensor_core.testing import oracle

CUDA = oracle.on_device("cuda")

X234 = oracle.randn(2, 3, 4)
X1 = oracle.randn(3, 1, 4, 1)
V5 = oracle.randn(5)
S0 = np.array(2.5, dtype=np.float32)
I23 = oracle.randint(-5, 5, 2, 3)

# (id, call, input) — each run through both libraries; error cases must raise the same type
CASES = [
    ("view", lambda lib, x: x.view(4, 6), X234),
    ("view-infer", lambda lib, x: x.view(-1, 2), X234),
    ("view-tuple", lambda lib, x: x.view((3, 8)), X234),
    ("view-bad-size", lambda lib, x: x.view(5, 5), X234),
    ("view-two-infer", lambda lib, x: x.view(-1, -1), X234),
    ("view-transposed", lambda lib, x: x.transpose(0, 2).view(-1), X234),
    ("view-transposed-ok", lambda lib, x: x.transpose(0, 1).view(3, 2, 2, 2), X234),
    ("view-dtype", lambda lib, x: x.view(lib.int32), X234),
    ("view-dtype-wider", lambda lib, x: x.view(lib.float64), X234),
    ("view-scalar", lambda lib, x: x.view(1, 1), S0),
    ("view_as", lambda lib, x: x.view_as(lib.zeros(6, 4)), X234),
    ("reshape", lambda lib, x: lib.reshape(x, (4, -1)), X234),
    ("reshape-copy", lambda lib, x: x.permute(2, 0, 1).reshape(8, 3), X234),
    ("reshape-method-varargs", lambda lib, x: x.reshape(24), X234),
    ("reshape-scalar", lambda lib, x: x.reshape(()), np.array([1.5], np.float32)),
    ("reshape_as", lambda lib, x: x.reshape_as(lib.zeros(4, 6)), X234),
    ("flatten", lambda lib, x: lib.flatten(x), X234),
    ("flatten-range", lambda lib, x: x.flatten(1, 2), X234),
    ("flatten-bad", lambda lib, x: x.flatten(2, 1), X234),
    ("flatten-scalar", lambda lib, x: x.flatten(), S0),
    ("unflatten", lambda lib, x: x.unflatten(2, (2, -1)), X234),
    ("unflatten-bad", lambda lib, x: x.unflatten(2, (3, -1)), X234),
    ("permute", lambda lib, x: lib.permute(x, (2, 0, 1)), X234),
    ("permute-varargs", lambda lib, x: x.permute(-1, 0, 1), X234),
    ("permute-dup", lambda lib, x: x.permute(0, 0, 1), X234),
    ("permute-short", lambda lib, x: x.permute(0, 1), X234),
    ("permute-range", lambda lib, x: x.permute(0, 1, 3), X234),
    ("permute-no-dims", lambda lib, x: lib.permute(x), X234),
    ("permute-no-dims-0d", lambda lib, x: x.permute(), S0),
    ("permute-dims-keyword", lambda lib, x: x.permute(dims=(2, 1, 0)), X234),
    ("reshape-no-shape", lambda lib, x: x.reshape(), X234),
    ("reshape-empty-shape", lambda lib, x: lib.reshape(x, ()), S0),
    ("flip-no-dims", lambda lib, x: lib.flip(x), X234),
    ("flip-no-dims-method", lambda lib, x: x.flip(), X234),
    ("flip-empty-dims", lambda lib, x: x.flip(()), X234),
    ("transpose", lambda lib, x: lib.transpose(x, 0, -1), X234),
    ("transpose-range", lambda lib, x: x.transpose(0, 3), X234),
    ("swapaxes", lambda lib, x: lib.swapaxes(x, 1, 2), X234),
    ("swapdims", lambda lib, x: x.swapdims(0, 1), X234),
    ("t", lambda lib, x: x.t(), X234[0]),
    ("t-1d", lambda lib, x: lib.t(x), V5),
    ("t-3d", lambda lib, x: x.t(), X234),
    ("T", lambda lib, x: x.T, X234[0]),
    ("mT", lambda lib, x: x.mT, X234),
    ("mT-1d", lambda lib, x: x.mT, V5),
    ("H", lambda lib, x: x.H, X234[0]),
    ("mH", lambda lib, x: x.mH, X234),
    ("adjoint", lambda lib, x: lib.adjoint(x), X234),
    ("movedim", lambda lib, x: lib.movedim(x, 0, -1), X234),
    ("movedim-tuple", lambda lib, x: x.movedim((0, 1), (2, 0)), X234),
    ("moveaxis", lambda lib, x: lib.moveaxis(x, 2, 0), X234),
    ("movedim-dup", lambda lib, x: x.movedim((0, 0), (1, 2)), X234),
    ("squeeze", lambda lib, x: lib.squeeze(x), X1),
    ("squeeze-dim", lambda lib, x: x.squeeze(1), X1),
    ("squeeze-dims", lambda lib, x: x.squeeze((1, 2, -1)), X1),
    ("squeeze-not-one", lambda lib, x: x.squeeze(0), X1),
    ("squeeze-range", lambda lib, x: x.squeeze(4), X1),
    ("squeeze-scalar", lambda lib, x: x.squeeze(), S0),
    ("unsqueeze", lambda lib, x: lib.unsqueeze(x, 1), X234),
    ("unsqueeze-neg", lambda lib, x: x.unsqueeze(-1), X234),
    ("unsqueeze-range", lambda lib, x: x.unsqueeze(4), X234),
    ("unsqueeze-scalar", lambda lib, x: x.unsqueeze(0), S0),
    ("atleast_1d", lambda lib, x: lib.atleast_1d(x), S0),
    ("atleast_2d", lambda lib, x: lib.atleast_2d(x), V5),
    ("atleast_3d-1d", lambda lib, x: lib.atleast_3d(x), V5),
    ("atleast_3d-2d", lambda lib, x: lib.atleast_3d(x), X234[0]),
    ("atleast_3d-0d", lambda lib, x: lib.atleast_3d(x), S0),
    ("atleast-many", lambda lib, x: lib.atleast_2d(x, x[0]), X234),
    ("atleast-list", lambda lib, x: lib.atleast_1d([x[0, 0, 0], x]), X234),
    ("expand", lambda lib, x: x.expand(2, 3, 1, 4, 5), X1),
    ("expand-keep", lambda lib, x: x.expand(-1, 2, -1, 3), X1),
    ("expand-bad", lambda lib, x: x.expand(3, 3, 4, 2), X1),
    ("expand-short", lambda lib, x: x.expand(4, 1), X1),
    ("expand-lead-neg", lambda lib, x: x.expand(-1, 3, 1, 4, 1), X1),
    ("expand_as", lambda lib, x: x.expand_as(lib.zeros(3, 2, 4, 6)), X1),
    ("broadcast_to", lambda lib, x: lib.broadcast_to(x, (2, 3, 5, 4, 2)), X1),
    ("broadcast_tensors", lambda lib, x, y: lib.broadcast_tensors(x, y), X1, X234),
    ("broadcast_tensors-bad", lambda lib, x, y: lib.broadcast_tensors(x, y), V5, X234),
    ("broadcast_shapes", lambda lib: lib.broadcast_shapes((2, 1), (3, 1, 4), 4)),
    ("broadcast_shapes-bad", lambda lib: lib.broadcast_shapes((2, 3), (4,))),
    ("sum_to_size", lambda lib, x: x.sum_to_size(3, 1), X234),
    ("sum_to_size-tuple", lambda lib, x: x.sum_to_size((1, 3, 4)), X234),
    ("sum_to_size-same", lambda lib, x: x.sum_to_size(2, 3, 4), X234),
    ("sum_to_size-int", lambda lib, x: x.sum_to_size(1, 3), I23),
    ("sum_to_size-bad", lambda lib, x: x.sum_to_size(2, 1), X234),
    ("narrow", lambda lib, x: lib.narrow(x, 2, 1, 2), X234),
    ("narrow-neg", lambda lib, x: x.narrow(-1, -3, 2), X234),
    ("narrow-tensor-start", lambda lib, x: x.narrow(1, lib.tensor(1), 2), X234),
    ("narrow-too-long", lambda lib, x: x.narrow(0, 1, 2), X234),
    ("select", lambda lib, x: lib.select(x, 1, -1), X234),
    ("select-range", lambda lib, x: x.select(1, 3), X234),
    ("select-scalar", lambda lib, x: x.select(0, 0), S0),
    ("unbind", lambda lib, x: lib.unbind(x, 1), X234),
    ("unbind-method", lambda lib, x: x.unbind(), X234),
    ("split", lambda lib, x: lib.split(x, 3, dim=2), X234),
    ("split-method", lambda lib, x: x.split(1), X234),
    ("split-sizes", lambda lib, x: x.split([1, 3], -1), X234),
    ("split-sizes-bad", lambda lib, x: x.split([1, 2], -1), X234),
    ("chunk", lambda lib, x: lib.chunk(x, 3, 2), X234),
    ("chunk-more-than-size", lambda lib, x: x.chunk(5, 1), X234),
    ("chunk-bad", lambda lib, x: x.chunk(0), X234),
    ("tensor_split-sections", lambda lib, x: lib.tensor_split(x, 3, dim=2), X234),
    ("tensor_split-indices", lambda lib, x: x.tensor_split([1, -1, 7], 2), X234),
    ("tensor_split-tensor", lambda lib, x: x.tensor_split(lib.tensor([1, 2]), 1), X234),
    ("hsplit", lambda lib, x: lib.hsplit(x, 3), X234),
    ("vsplit", lambda lib, x: x.vsplit([1]), X234),
    ("dsplit", lambda lib, x: lib.dsplit(x, 2), X234),
    ("dsplit-uneven", lambda lib, x: lib.dsplit(x, 3), X234),
    ("flip", lambda lib, x: lib.flip(x, (0, 2)), X234),
    ("flip-dup", lambda lib, x: x.flip((0, 0)), X234),
    ("fliplr", lambda lib, x: lib.fliplr(x), X234),
    ("flipud", lambda lib, x: x.flipud(), X234),
    ("fliplr-1d", lambda lib, x: x.fliplr(), V5),
    ("roll", lambda lib, x: lib.roll(x, 2), X234),
    ("roll-dims", lambda lib, x: x.roll((1, -1), (0, 2)), X234),
    ("roll-bad", lambda lib, x: x.roll((1, 2), 0), X234),
    ("rot90", lambda lib, x: lib.rot90(x), X234),
    ("rot90-k", lambda lib, x: x.rot90(3, (2, 1)), X234),
    ("rot90-k2", lambda lib, x: x.rot90(-2, [0, 2]), X234),
    ("rot90-bad", lambda lib, x: x.rot90(1, (0,)), X234),
    ("repeat", lambda lib, x: x.repeat(2, 1, 1, 3), X234),
    ("repeat-bad", lambda lib, x: x.repeat(2, 1), X234),
    ("tile", lambda lib, x: lib.tile(x, (2,)), X234),
    ("tile-long", lambda lib, x: x.tile((2, 1, 1, 2)), X234),
    ("repeat_interleave", lambda lib, x: lib.repeat_interleave(x, 2), X234),
    ("repeat_interleave-dim", lambda lib, x: x.repeat_interleave(lib.tensor([1, 0, 2]), dim=1), X234),
    ("repeat_interleave-counts", lambda lib, x: lib.repeat_interleave(x), np.array([2, 0, 3])),
    ("unfold", lambda lib, x: x.unfold(2, 2, 1), X234),
    ("unfold-step", lambda lib, x: x.unfold(0, 1, 2), X234),
    ("unfold-too-big", lambda lib, x: x.unfold(1, 4, 1), X234),
    ("diagonal", lambda lib, x: lib.diagonal(x), X234),
    ("diagonal-offset", lambda lib, x: x.diagonal(1, 1, 2), X234),
    ("diagonal-neg-offset", lambda lib, x: x.diagonal(-1, -1, 1), X234),
    ("diagonal-past-end", lambda lib, x: x.diagonal(9), X234),
    ("diagonal-same-dims", lambda lib, x: x.diagonal(0, 1, 1), X234),
    ("as_strided", lambda lib, x: lib.as_strided(x, (3, 3), (2, 1)), X234),
    ("as_strided-offset", lambda lib, x: x.as_strided((2, 2), (1, 4), 5), X234),
    ("as_strided-of-view", lambda lib, x: x[1].as_strided((2,), (3,)), X234),
    ("as_strided-too-big", lambda lib, x: x.as_strided((30,), (1,)), X234),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_shape_op_matches_torch(call, inputs):
    oracle.check(call, *inputs)


@pytest.mark.gpu
@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_shape_op_on_cuda_matches_torch(call, inputs):
    oracle.check(call, *inputs, flambeau=CUDA)


JOIN_CASES = [
    ("cat", lambda lib, x, y: lib.cat((x, y), 1), X234, oracle.randn(2, 5, 4)),
    ("cat-neg-dim", lambda lib, x, y: lib.cat([x, x, x], -1), X234, None),
    ("cat-promotes", lambda lib, x, y: lib.cat([x, y]), I23, X234[0]),
    ("cat-skips-empty-1d", lambda lib, x, y: lib.cat([x, y, x]), X234, np.zeros(0, np.float32)),
    ("cat-mismatch", lambda lib, x, y: lib.cat([x, y], 0), X234, oracle.randn(2, 5, 4)),
    ("cat-ndim-mismatch", lambda lib, x, y: lib.cat([x, y]), X234, V5),
    ("cat-scalar", lambda lib, x, y: lib.cat([x, y]), S0, S0),
    ("cat-empty-list", lambda lib, x, y: lib.cat([]), S0, None),
    ("concat", lambda lib, x, y: lib.concat([x, y], dim=2), X234, X234),
    ("concatenate", lambda lib, x, y: lib.concatenate([x, y], 0), X234, X234),
    ("cat-out", lambda lib, x, y: lib.cat([x, y], out=lib.empty(0)), V5, V5),
    ("stack", lambda lib, x, y: lib.stack([x, y]), X234, X234),
    ("stack-last", lambda lib, x, y: lib.stack((x, y, x), dim=-1), X234, X234),
    ("stack-promotes", lambda lib, x, y: lib.stack((x, y)), I23, X234[0]),
    ("stack-mismatch", lambda lib, x, y: lib.stack([x, y]), X234, X234[0]),
    ("stack-scalars", lambda lib, x, y: lib.stack([x, y]), S0, S0),
    ("hstack", lambda lib, x, y: lib.hstack([x, y]), X234, X234),
    ("hstack-1d", lambda lib, x, y: lib.hstack([x, y]), V5, S0),
    ("vstack", lambda lib, x, y: lib.vstack([x, y]), V5, V5),
    ("row_stack", lambda lib, x, y: lib.row_stack([x, y]), X234, X234),
    ("dstack", lambda lib, x, y: lib.dstack([x, y]), V5, V5),
    ("column_stack", lambda lib, x, y: lib.column_stack([x, y]), V5, oracle.randn(5, 2)),
]


@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in JOIN_CASES])
def test_join_matches_torch(call, inputs):
    oracle.check(call, *inputs)


@pytest.mark.gpu
@pytest.mark.parametrize("call,inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in JOIN_CASES])
def test_join_on_cuda_matches_torch(call, inputs):
    oracle.check(call, *inputs, flambeau=CUDA)


def test_argument_type_errors_match_torch():
    oracle.check(lambda lib, x: lib.cat(x), X234)
    oracle.check(lambda lib, x: x.view(2.0, 12), X234)
    oracle.check(lambda lib, x: lib.stack([x, 3]), X234)


@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data())
@settings(max_examples=25, deadline=None)
def test_reshape_of_permuted_matches_torch(shape, data):
    """``reshape``/``view`` of arbitrarily permuted tensors: the same values, and ``view`` fails exactly
    where PyTorch's fails."""
    x = oracle.randn(*shape)
    order = data.draw(st.permutations(range(len(shape))))
    total = int(np.prod(shape))
    split = data.draw(st.sampled_from([d for d in range(1, total + 1) if total % d == 0]))
    new_shape = (split, total // split)
    oracle.check(lambda lib, t: t.permute(*order).reshape(new_shape), x)
    oracle.check(lambda lib, t: t.permute(*order).view(new_shape), x)


@given(shape=st.lists(st.integers(1, 3), min_size=1, max_size=3), lead=st.integers(0, 2), data=st.data())
@settings(max_examples=25, deadline=None)
def test_expand_and_sum_to_size_match_torch(shape, lead, data):
    x = oracle.randn(*shape)
    target = tuple(data.draw(st.integers(1, 3)) for _ in range(lead)) + tuple(
        data.draw(st.sampled_from([s, 3])) if s == 1 else s for s in shape)
    oracle.check(lambda lib, t: t.expand(*target), x)
    big = oracle.randn(*target)
    oracle.check(lambda lib, t: t.sum_to_size(*shape), big, rtol=1e-5)


def _grad_oracle():
    pytest.importorskip("flambeau_autograd")


XG = oracle.randn(2, 3, 4).astype(np.float64)


def _assign(y, lib):
    y[0, 1] = lib.ones(4, dtype=lib.float64) * 5
    y[1, lib.tensor([0, 2])] = -y.detach()[0, :2]
    return y


GRAD_CASES = [
    ("view", lambda lib, x: x.view(6, 4)),
    ("reshape-copy", lambda lib, x: x.transpose(0, 1).reshape(-1)),
    ("permute", lambda lib, x: x.permute(2, 0, 1)),
    ("T", lambda lib, x: x.T),
    ("mT", lambda lib, x: x.mT),
    ("t", lambda lib, x: x[0].t()),
    ("expand", lambda lib, x: x[:, :1].expand(2, 3, 4)),
    ("squeeze", lambda lib, x: x[:, :1].squeeze()),
    ("unsqueeze", lambda lib, x: x.unsqueeze(1)),
    ("flatten", lambda lib, x: x.flatten(1)),
    ("unflatten", lambda lib, x: x.unflatten(2, (2, 2))),
    ("narrow", lambda lib, x: x.narrow(2, 1, 2)),
    ("select", lambda lib, x: x.select(1, 2)),
    ("split", lambda lib, x: x.split([1, 3], 2)),
    ("chunk", lambda lib, x: x.chunk(2, 2)),
    ("unbind", lambda lib, x: x.unbind(1)),
    ("tensor_split", lambda lib, x: x.tensor_split(3, 2)),
    ("cat", lambda lib, x: lib.cat([x, x * 2], 1)),
    ("stack", lambda lib, x: lib.stack([x, x], -1)),
    ("hstack", lambda lib, x: lib.hstack([x, x])),
    ("flip", lambda lib, x: x.flip(0, 2)),
    ("roll", lambda lib, x: x.roll(1)),
    ("roll-dims", lambda lib, x: x.roll((1, 2), (0, 2))),
    ("rot90", lambda lib, x: x.rot90(1, (1, 2))),
    ("repeat", lambda lib, x: x.repeat(2, 1, 1, 2)),
    ("tile", lambda lib, x: x.tile((2,))),
    ("repeat_interleave", lambda lib, x: x.repeat_interleave(2, dim=1)),
    ("diagonal", lambda lib, x: x.diagonal(1, 1, 2)),
    ("unfold", lambda lib, x: x.unfold(2, 2, 1)),
    ("as_strided", lambda lib, x: x.as_strided((3, 3), (2, 1), 1)),
    ("movedim", lambda lib, x: x.movedim(0, 2)),
    ("broadcast_to", lambda lib, x: lib.broadcast_to(x, (2, 2, 3, 4))),
    ("sum_to_size", lambda lib, x: x.sum_to_size(3, 1)),
    ("getitem-basic", lambda lib, x: x[1, ::2, None]),
    ("getitem-advanced", lambda lib, x: x[[0, 1, 1], :, [2, 0, 2]]),
    ("getitem-int-and-array", lambda lib, x: x[:, lib.tensor([0, 2]), 1]),
    ("getitem-mask", lambda lib, x: x[x > 0]),
    ("setitem", lambda lib, x: _assign(x * 1, lib)),
]


@pytest.mark.parametrize("call", [pytest.param(c[1], id=c[0]) for c in GRAD_CASES])
def test_shape_gradients_match_torch(call):
    """The ops record what autograd needs: gradients equal PyTorch's (needs flambeau-autograd)."""
    _grad_oracle()
    oracle.check(call, XG, grad=True)


@pytest.mark.parametrize("call", [lambda lib, x: lib.repeat_interleave(x > 0), lambda lib, x: lib.repeat_interleave(x),
                                  lambda lib, x: x.repeat_interleave(x > 0),
                                  lambda lib, x: x.repeat_interleave(lib.tensor([1, 2, 0]))],
                         ids=["counts-bool", "counts-float", "repeats-bool", "repeats-int"])
def test_repeat_interleave_count_dtypes_like_torch(call):
    oracle.check(call, np.array([1.0, 2.0, -1.0], np.float32))


@pytest.mark.parametrize("dim", [np.array(1), np.array(1.0), np.array([0, 1]), 1.0, True, "1"],
                         ids=["int-0d-tensor", "float-0d-tensor", "int-vector", "float", "bool", "str"])
@pytest.mark.parametrize("call", [lambda lib, x, d: x.unsqueeze(d), lambda lib, x, d: lib.squeeze(x, d),
                                  lambda lib, x, d: x.select(d, 0), lambda lib, x, d: lib.cumsum(x, d)],
                         ids=["unsqueeze", "squeeze", "select", "cumsum"])
def test_dim_arguments_accept_integer_tensors_and_refuse_other_types_like_torch(dim, call):
    def run(lib, x):
        d = lib.from_numpy(dim) if isinstance(dim, np.ndarray) else dim
        return call(lib, x, d)

    oracle.check(run, X234)


@pytest.mark.parametrize("call", [lambda lib, x: x.view(), lambda lib, x: x.expand(), lambda lib, x: x.repeat(),
                                  lambda lib, x: x.sum_to_size(), lambda lib, x: x.new_zeros(),
                                  lambda lib, x: x.new_ones(), lambda lib, x: x.new_empty(),
                                  lambda lib, x: lib.zeros(), lambda lib, x: lib.ones(), lambda lib, x: lib.empty(),
                                  lambda lib, x: lib.rand(), lambda lib, x: lib.randn()],
                         ids=["view", "expand", "repeat", "sum_to_size", "new_zeros", "new_ones", "new_empty",
                              "zeros", "ones", "empty", "rand", "randn"])
def test_missing_size_arguments_raise_type_error_like_torch(call):
    oracle.check_raises(call, X234)


@pytest.mark.parametrize("call", [lambda lib, x: x.view(()), lambda lib, x: lib.zeros(()),
                                  lambda lib, x: x.new_ones(()), lambda lib, x: x.expand(())],
                         ids=["view", "zeros", "new_ones", "expand"])
def test_empty_shapes_are_still_zero_dim_shapes(call):
    oracle.check(call, S0)

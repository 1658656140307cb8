"""Calls at the edges of PyTorch's signatures -- 0-d tensors, bool dtypes, zero or negative counts,
Python numbers where a tensor is usual -- against PyTorch (found by sweeping every public function and
method with such arguments; the everyday calls are tested in each op's own file)."""
import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

S0 = np.array(0.5, np.float32)
M = np.arange(16, dtype=np.float32).reshape(4, 4)
B = np.array([[True, False], [False, True]])

CASES = [   # (id, call, inputs)
    ("eq_-bool-int", lambda lib, x: x.eq_(1), (B,)),
    ("lt_-bool-float", lambda lib, x: x.lt_(0.5), (B,)),
    ("ne_-float-tensor", lambda lib, x: x.ne_(x * 2), (M,)),
    ("squeeze-0d-dim", lambda lib, x: x.squeeze(0), (S0,)),
    ("squeeze-0d-dim-neg", lambda lib, x: lib.squeeze(x, -1), (S0,)),
    ("squeeze-0d-dim-out-of-range", lambda lib, x: x.squeeze(1), (S0,)),
    ("squeeze_-0d-dim", lambda lib, x: x.squeeze_(0), (S0,)),
    ("flatten-0d-dims", lambda lib, x: x.flatten(0, -1), (S0,)),
    ("flatten-0d-bad-dim", lambda lib, x: x.flatten(1), (S0,)),
    ("flip-0d-dim", lambda lib, x: x.flip(0), (S0,)),
    ("flip-0d-bad-dim", lambda lib, x: x.flip(1), (S0,)),
    ("hsplit-zero", lambda lib, x: lib.hsplit(x, 0), (M,)),
    ("vsplit-zero", lambda lib, x: lib.vsplit(x, 0), (M,)),
    ("tensor_split-zero", lambda lib, x: lib.tensor_split(x, 0), (M,)),
    ("sum_to_size-bool", lambda lib, x: x.sum_to_size(1, 2), (B,)),
    ("sum_to_size-int", lambda lib, x: x.long().sum_to_size(4, 1), (M,)),
    ("topk-bool", lambda lib, x: lib.topk(x, 1), (B,)),
    ("kthvalue-bool", lambda lib, x: lib.kthvalue(x, 1), (B,)),
    ("cumsum_-bool", lambda lib, x: x.cumsum_(0), (B,)),
    ("cumprod_-bool", lambda lib, x: x.cumprod_(1), (B,)),
    ("mvlgamma-bool", lambda lib, x: lib.mvlgamma(x, 1), (B,)),
    ("copy_-float-into-int", lambda lib, x: x.long().copy_(2.7), (M,)),
    ("copy_-bool-into-float", lambda lib, x: x.copy_(True), (M,)),
    ("copy_-string", lambda lib, x: x.copy_("1"), (M,)),
    ("diff-negative-order", lambda lib, x: lib.diff(x, -1), (M,)),
    ("diff-zero-order", lambda lib, x: lib.diff(x, 0), (M,)),
]


@pytest.mark.parametrize("case_id,call,inputs", CASES, ids=[c[0] for c in CASES])
def test_edge_calls_match_torch(case_id, call, inputs):
    oracle.check(call, *inputs)


KEYWORD_CASES = [   # in-place view ops with keyword arguments, as PyTorch takes them
    ("squeeze_-dim", lambda lib, x: x.squeeze_(dim=1)),
    ("unsqueeze_-dim", lambda lib, x: x.unsqueeze_(dim=0)),
    ("transpose_-dims", lambda lib, x: x.transpose_(dim0=0, dim1=2)),
    ("squeeze_-no-args", lambda lib, x: x.squeeze_()),
]


@pytest.mark.parametrize("case_id,call", KEYWORD_CASES, ids=[c[0] for c in KEYWORD_CASES])
def test_in_place_view_ops_take_keywords_like_torch(case_id, call):
    oracle.check(call, np.ones((2, 1, 3), np.float32))


# ---- int, SymInt, int-list and shape arguments given other types (the shared parser in tensor.py) ----
X = np.arange(12, dtype=np.float32).reshape(3, 4)
I0, I1, F1, B0 = np.array(1), np.array([1]), np.array([1.5], np.float32), np.array(True)


def _t(lib, value):
    """A tensor of ``value`` in either library (the oracle converts only top-level NumPy arguments)."""
    return lib.tensor(value)


ACCEPTED = [   # PyTorch takes these; flambeau must give the same result
    ("transpose-dim-0d-int-tensor", lambda lib, x, i: x.transpose(i, 0), (X, I0)),
    ("unsqueeze-dim-numpy-int", lambda lib, x: x.unsqueeze(np.int64(1)), (X,)),
    ("tril-diagonal-1elem-int-tensor", lambda lib, x, i: lib.tril(x, i), (X, I1)),
    ("triu-diagonal-0d-int-tensor", lambda lib, x, i: x.triu(i), (X, I0)),
    ("narrow-start-0d-int-tensor", lambda lib, x, i: x.narrow(1, i, 2), (X, I0)),
    ("topk-k-1elem-int-tensor", lambda lib, x, i: lib.topk(x, i), (X, I1)),
    ("view-0d-int-tensor", lambda lib, x: x.view(_t(lib, 12)), (X,)),
    ("view-tuple-with-1elem-tensor", lambda lib, x: x.view((3, _t(lib, [4]))), (X,)),
    ("reshape-numpy-int", lambda lib, x: x.reshape(np.int64(4), -1), (X,)),
    ("zeros-0d-int-tensor", lambda lib: lib.zeros(_t(lib, 2)), ()),
    ("zeros-list-with-tensor", lambda lib: lib.zeros([_t(lib, 2), 3]), ()),
    ("eye-n-0d-int-tensor", lambda lib: lib.eye(_t(lib, 2)), ()),
    ("eye-m-1elem-int-tensor", lambda lib: lib.eye(2, _t(lib, [3])), ()),
    ("linspace-steps-0d-int-tensor", lambda lib: lib.linspace(0, 1, _t(lib, 5)), ()),
    ("flip-0d-int-tensor", lambda lib, x: x.flip(_t(lib, 0)), (X,)),
    ("flip-1elem-int-tensor", lambda lib, x: x.flip(_t(lib, [1])), (X,)),
    ("roll-shift-0d-int-tensor", lambda lib, x: lib.roll(x, _t(lib, 1), 0), (X,)),
    ("rot90-k-0d-int-tensor", lambda lib, x, i: lib.rot90(x, i), (X, I0)),
    ("permute-0d-int-tensor", lambda lib, x: x.permute(_t(lib, 1), 0), (X,)),
    ("split-size-0d-int-tensor", lambda lib, x: x.split(_t(lib, 2)), (X,)),
    ("chunk-0d-int-tensor", lambda lib, x: x.chunk(_t(lib, 2)), (X,)),
    ("tile-0d-int-tensor", lambda lib, x: x.tile(_t(lib, 2)), (X,)),
    ("to-None", lambda lib, x: x.to(None), (X,)),
    ("to-python-float", lambda lib, x: x.to(1.5), (X,)),
    ("to-python-bool", lambda lib, x: x.to(True), (X,)),
    ("adjoint-0d", lambda lib, x: x.adjoint(), (S0,)),
    ("mH-0d", lambda lib, x: x.mH, (S0,)),
    ("mT-0d", lambda lib, x: x.mT, (S0,)),
]


@pytest.mark.filterwarnings("ignore:.*deprecated on 0-D tensors")
@pytest.mark.parametrize("case_id,call,inputs", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_int_like_arguments_accepted_like_torch(case_id, call, inputs):
    oracle.check(call, *inputs)


REFUSED = [   # PyTorch raises (mostly its argument parser's TypeError); flambeau must raise the same type
    ("transpose-dim-1elem-tensor", lambda lib, x, i: x.transpose(i, 0), (X, I1)),
    ("transpose-dim-bool-tensor", lambda lib, x, b: x.transpose(b, 0), (X, B0)),
    ("transpose-dim-float", lambda lib, x: x.transpose(1.0, 0), (X,)),
    ("unsqueeze-dim-1elem-tensor", lambda lib, x, i: x.unsqueeze(i), (X, I1)),
    ("cumsum-dim-1elem-tensor", lambda lib, x, i: lib.cumsum(x, i), (X, I1)),
    ("softmax-dim-bool-tensor", lambda lib, x, b: lib.softmax(x, b), (X, B0)),
    ("tril-diagonal-tensor", lambda lib, x, t: lib.tril(x, t), (X, F1)),
    ("tril-diagonal-float", lambda lib, x: lib.tril(x, 1.0), (X,)),
    ("triu-diagonal-bool", lambda lib, x: x.triu(True), (X,)),
    ("tril_-diagonal-str", lambda lib, x: x.tril_("1"), (X,)),
    ("diag-diagonal-bool", lambda lib, x: lib.diag(x, True), (X,)),
    ("diagonal-offset-1elem-tensor", lambda lib, x, i: x.diagonal(i), (X, I1)),
    ("rot90-k-tensor", lambda lib, x, i: lib.rot90(x, k=i), (X, I1)),
    ("rot90-k-float", lambda lib, x: lib.rot90(x, 1.0), (X,)),
    ("rot90-dims-tensor", lambda lib, x: lib.rot90(x, 1, _t(lib, [0, 1])), (X,)),
    ("topk-k-float", lambda lib, x: lib.topk(x, 1.0), (X,)),
    ("kthvalue-k-bool", lambda lib, x: lib.kthvalue(x, True), (X,)),
    ("chunk-chunks-1elem-tensor", lambda lib, x, i: x.chunk(i), (X, I1)),
    ("narrow-start-float", lambda lib, x: x.narrow(1, 1.0, 2), (X,)),
    ("select-index-none", lambda lib, x: x.select(1, None), (X,)),
    ("unfold-step-float", lambda lib, x: x.unfold(1, 2, 1.0), (X,)),
    ("view-float-size", lambda lib, x: x.view(3, 4.0), (X,)),
    ("view-none-size", lambda lib, x: x.view(3, None), (X,)),
    ("view-multi-element-tensor", lambda lib, x: x.view(_t(lib, [3, 4])), (X,)),
    ("reshape-float-in-tuple", lambda lib, x: lib.reshape(x, (12.0,)), (X,)),
    ("expand-multi-element-tensor", lambda lib, x: x.expand(_t(lib, [3, 4])), (X,)),
    ("repeat-float", lambda lib, x: x.repeat(2, 1.0), (X,)),
    ("tile-float-in-tuple", lambda lib, x: x.tile((2, 1.0)), (X,)),
    ("permute-float", lambda lib, x: x.permute(1, 0.0), (X,)),
    ("flip-float", lambda lib, x: x.flip(0.0), (X,)),
    ("flip-multi-element-tensor", lambda lib, x: x.flip(_t(lib, [0, 1])), (X,)),
    ("roll-shift-float", lambda lib, x: x.roll(1.0, 0), (X,)),
    ("roll-dims-float", lambda lib, x: x.roll(1, 0.0), (X,)),
    ("squeeze-float-in-tuple", lambda lib, x: x.squeeze((0, 1.0)), (X,)),
    ("unflatten-sizes-int", lambda lib, x: x.unflatten(1, 4), (X,)),
    ("split-sizes-float", lambda lib, x: x.split([1, 2.0]), (X,)),
    ("split-sizes-tensor", lambda lib, x: x.split(_t(lib, [1, 2])), (X,)),
    ("as_strided-size-int", lambda lib, x: x.as_strided(2, (1,)), (X,)),
    ("zeros-multi-element-tensor", lambda lib: lib.zeros(_t(lib, [2, 3])), ()),
    ("zeros-none-in-tuple", lambda lib: lib.zeros((2, None)), ()),
    ("zeros-float", lambda lib: lib.zeros(2.0), ()),
    ("zeros-no-size", lambda lib: lib.zeros(), ()),
    ("zeros-negative", lambda lib: lib.zeros(-1), ()),
    ("zeros-bool-tensor", lambda lib: lib.zeros(_t(lib, True)), ()),
    ("full-single-int", lambda lib: lib.full(2, 1.0), ()),
    ("randint-size-int", lambda lib: lib.randint(0, 5, 3), ()),
    ("randint-high-float", lambda lib: lib.randint(5.0, (2,)), ()),
    ("eye-m-none-positional", lambda lib: lib.eye(2, 1.5), ()),
    ("linspace-steps-float", lambda lib: lib.linspace(0, 1, 5.0), ()),
    ("tril_indices-float", lambda lib: lib.tril_indices(3.0, 3), ()),
    ("multinomial-num_samples-bool", lambda lib, x: lib.multinomial(x + 0.1, True), (X,)),
    ("cov-correction-float", lambda lib, x: lib.cov(x, correction=1.0), (X,)),
    ("vander-N-bool", lambda lib, x: lib.vander(x[0], N=True), (X,)),
    ("vector_norm-dim-float", lambda lib, x: lib.linalg.vector_norm(x, dim=1.5), (X,)),
    ("matrix_norm-dim-int", lambda lib, x: lib.linalg.matrix_norm(x, dim=1), (X,)),
    ("repeat_interleave-method-no-repeats", lambda lib, x: x.repeat_interleave(), (X,)),
    ("repeat_interleave-repeats-none", lambda lib, x: lib.repeat_interleave(x, None), (X,)),
    ("repeat_interleave-repeats-float", lambda lib, x: x.repeat_interleave(1.5), (X,)),
    ("repeat_interleave-dim-1elem-tensor", lambda lib, x, i: x.repeat_interleave(2, i), (X, I1)),
    ("repeat_interleave-wrong-output_size", lambda lib, x: x.repeat_interleave(2, 0, output_size=5), (X,)),
    ("to-int-device-without-accelerator", lambda lib, x: x.to(1), (X,)),
    ("adjoint-1d", lambda lib, x: x[0].adjoint(), (X,)),
]


@pytest.mark.parametrize("case_id,call,inputs", REFUSED, ids=[c[0] for c in REFUSED])
def test_int_like_arguments_refused_like_torch(case_id, call, inputs):
    oracle.check_raises(call, *inputs)


def test_int_argument_message_names_op_argument_and_position():
    import flambeau_tensor_core as ft

    with pytest.raises(TypeError, match=r"tril\(\): argument 'diagonal' \(position 2\) must be int, not Tensor"):
        ft.tril(ft.ones(3, 3), ft.tensor([1.5]))
    with pytest.raises(TypeError, match=r"view\(\): argument 'size' .*element of type float at pos 1"):
        ft.ones(3, 4).view(3, 4.0)

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

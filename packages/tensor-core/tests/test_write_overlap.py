"""In-place writes into an expanded tensor (several elements at one address) are refused where PyTorch
refuses them, and allowed where it allows them (fills, index writes, stride-only changes)."""
import warnings

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

REFUSED = {
    "add_": lambda lib, x: x.add_(1),
    "mul_ tensor": lambda lib, x: x.mul_(lib.ones(3)),
    "copy_": lambda lib, x: x.copy_(lib.ones(2, 3)),
    "exp_": lambda lib, x: x.exp_(),
    "sigmoid_": lambda lib, x: x.sigmoid_(),
    "round_": lambda lib, x: x.round_(),
    "nan_to_num_": lambda lib, x: x.nan_to_num_(),
    "clamp_": lambda lib, x: x.clamp_(0, 1),
    "clamp_ tensor": lambda lib, x: x.clamp_(lib.zeros(3)),
    "pow_": lambda lib, x: x.pow_(2),
    "atan2_": lambda lib, x: x.atan2_(lib.ones(3)),
    "copysign_": lambda lib, x: x.copysign_(-1.0),
    "eq_": lambda lib, x: x.eq_(1),
    "logical_and_": lambda lib, x: x.logical_and_(lib.ones(3)),
    "addcmul_": lambda lib, x: x.addcmul_(lib.ones(3), lib.ones(3)),
    "lerp_": lambda lib, x: x.lerp_(lib.ones(3), 0.5),
    "uniform_": lambda lib, x: x.uniform_(),
    "normal_": lambda lib, x: x.normal_(),
    "bernoulli_": lambda lib, x: x.bernoulli_(0.5),
    "exponential_": lambda lib, x: x.exponential_(),
    "scatter_": lambda lib, x: x.scatter_(1, lib.zeros(2, 1, dtype=lib.int64), 1.0),
    "index_add_": lambda lib, x: x.index_add_(1, lib.tensor([0]), lib.ones(2, 1)),
    "index_copy_": lambda lib, x: x.index_copy_(1, lib.tensor([0]), lib.ones(2, 1)),
    "put_": lambda lib, x: x.put_(lib.tensor([0]), lib.ones(1)),
    "masked_scatter_": lambda lib, x: x.masked_scatter_(lib.ones(2, 3, dtype=lib.bool), lib.ones(6)),
    "addmm_": lambda lib, x: x.addmm_(lib.ones(2, 2), lib.ones(2, 3)),
    "out=": lambda lib, x: lib.add(lib.ones(2, 3), 1, out=x),
}

ALLOWED = {
    "fill_": lambda lib, x: x.fill_(1),
    "zero_": lambda lib, x: x.zero_(),
    "setitem": lambda lib, x: x.__setitem__(0, 1.0),
    "index_fill_": lambda lib, x: x.index_fill_(1, lib.tensor([0]), 2.0),
    "masked_fill_": lambda lib, x: x.masked_fill_(lib.ones(2, 3, dtype=lib.bool), 2.0),
    "tril_": lambda lib, x: x.tril_(),
    "unsqueeze_": lambda lib, x: x.unsqueeze_(0),
    "t_": lambda lib, x: x.t_(),
}


def _expanded(lib, base):
    return base.expand(2, 3)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_writes_into_an_expanded_tensor_are_refused(name):
    error = oracle.check_raises(lambda lib, base: REFUSED[name](lib, _expanded(lib, base)), np.zeros(3, np.float32))
    assert "more than one element of the written-to tensor" in str(error)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_same_writes_into_a_plain_tensor_work(name):
    oracle.check(lambda lib, base: REFUSED[name](lib, base.expand(2, 3).clone()) * 0, np.zeros(3, np.float32))


def test_writes_into_an_empty_tensor_with_zero_strides_work():
    empty = np.lib.stride_tricks.as_strided(np.zeros(1, np.float32), shape=(0, 3), strides=(0, 0))
    oracle.check(lambda lib, x: x.add_(1).mul_(x), empty.copy())
    oracle.check(lambda lib, base: base[:0].expand(0, 3).add_(1), np.zeros(1, np.float32))


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_fills_and_stride_changes_of_an_expanded_tensor_work(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)    # PyTorch deprecates index_fill_/masked_fill_ here
        oracle.check(lambda lib, base: ALLOWED[name](lib, _expanded(lib, base)).contiguous(), np.zeros(3, np.float32))

"""Version counters and in-place ops under autograd: saved-tensor modification errors, leaf rules,
in-place through views of non-leaf tensors (CopySlices), setitem/copy_ gradients."""
import numpy as np
import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle


def test_version_counter_is_shared_by_views_and_bumped():
    x = ft.zeros(3)
    v = x[1:]
    x.add_(1)
    assert x._version == 1 and v._version == 1
    v.mul_(2)
    assert x._version == 2


def _modified_after_saving(T, make, modify):
    x = T.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    saved, result = make(x)
    modify(saved)
    result.sum().backward()


@pytest.mark.parametrize("make, modify", [
    (lambda x: (lambda y: (y, y))(x.exp()), lambda y: y.add_(1)),                 # a saved output
    (lambda x: (lambda a: (a, a * a))(x * 1), lambda a: a.mul_(2)),               # a saved input
    (lambda x: (lambda a: (a, a.sin()))(x.double() * 1), lambda a: a.sub_(1)),
    (lambda x: (lambda v: (v, v * v))((x * 1)[0]), lambda v: v.mul_(3)),         # an input modified as a view
])
def test_modified_saved_tensor_raises_pytorch_message(make, modify):
    oracle.check_message(lambda T: _modified_after_saving(T, make, modify))


def test_modified_saved_input_raises_but_unsaved_does_not():
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    a = x * 1
    b = a * 3          # mul saves a
    c = a + 3          # add saves nothing
    a.add_(1)
    c.sum().backward()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        b.sum().backward()


def test_inplace_on_leaf_requiring_grad_raises():
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        x.add_(1)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        x[0:1].mul_(2)
    with ag.no_grad():
        x.add_(1)
    assert_close(x.detach(), ft.tensor([2.0, 3.0]))


@pytest.mark.parametrize("build", [
    lambda lib, x: _setitem(x * 2, 0, 0.0),
    lambda lib, x: _setitem(x * 1, slice(1, None), x[0] * 3),
    lambda lib, x: _inplace_on_view(x * 2),
    lambda lib, x: (x * 1).mul_(x).add_(2),
    lambda lib, x: (x * 1).exp_(),
    lambda lib, x: (x * 1).copy_(x.flip([0]) * 5),
    lambda lib, x: _setitem(x * 1, [0, 2], x[1:3] * 2),
])
def test_inplace_gradients_match_pytorch(build):
    oracle.check(build, oracle.randn(3, dtype=np.float64), grad=True)


def _setitem(t, index, value):
    t[index] = value
    return t


def _inplace_on_view(t):
    view = t[1:]
    view.mul_(3)
    return t * view.sum()


def test_copy_slices_node_names_and_view_history():
    x = ft.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    v = y[1:]
    v.mul_(3)
    assert y.grad_fn.name() == "CopySlices"
    assert v.grad_fn.name() == "AsStridedBackward0"
    (v.sum() * 2).backward()
    assert_close(x.grad, ft.tensor([0.0, 12.0, 12.0]))


def test_inplace_makes_untracked_tensor_require_grad():
    w = ft.tensor([2.0], requires_grad=True)
    buffer = ft.zeros(3)
    buffer[1:2] = w * 5
    assert buffer.requires_grad and not buffer.is_leaf
    buffer.sum().backward()
    assert_close(w.grad, ft.tensor([5.0]))


def test_detach_shares_version_counter():
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.detach().mul_(0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()

"""autograd.functional against torch.autograd.functional, saved_tensors_hooks, anomaly detection,
checkpointing."""
import numpy as np
import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_autograd import functional as F
from flambeau_autograd.checkpoint import checkpoint, checkpoint_sequential
from flambeau_autograd.graph import saved_tensors_hooks
from flambeau_tensor_core.testing import assert_close, oracle


def f_single(lib, x):
    return (x * x).sum(dim=1) * x[:, 0]


def f_pair(lib, x, y):
    return (x @ y).tanh(), (x * 2).sum()


def scalar(lib, x, y):
    return (x.exp() * y).sum() + (x * x * y).sum()


X = np.random.default_rng(3).standard_normal((2, 3))
Y = np.random.default_rng(4).standard_normal((3, 2))
V_OUT = np.random.default_rng(5).standard_normal(2)


def _both(call):
    torch = oracle.torch()
    mine = call(ft, F)
    theirs = call(torch, torch.autograd.functional)
    assert_close(mine, theirs, rtol=1e-6, atol=1e-8)


def _t(lib, a):
    return lib.tensor(a, dtype=lib.float64)


def test_jacobian_single_and_tuple():
    _both(lambda lib, fn: fn.jacobian(lambda x: f_single(lib, x), _t(lib, X)))
    _both(lambda lib, fn: fn.jacobian(lambda x, y: f_pair(lib, x, y), (_t(lib, X), _t(lib, Y))))


def test_hessian():
    _both(lambda lib, fn: fn.hessian(lambda x, y: scalar(lib, x, y), (_t(lib, X), _t(lib, Y.T))))
    _both(lambda lib, fn: fn.hessian(lambda x: (x ** 3).sum(), _t(lib, X[0])))


def test_vjp_jvp_hvp_vhp():
    _both(lambda lib, fn: fn.vjp(lambda x: f_single(lib, x), _t(lib, X), _t(lib, V_OUT)))
    _both(lambda lib, fn: fn.jvp(lambda x: f_single(lib, x), _t(lib, X), _t(lib, X * 0.5)))
    _both(lambda lib, fn: fn.hvp(lambda x, y: scalar(lib, x, y), (_t(lib, X), _t(lib, Y.T)),
                                 (_t(lib, X), _t(lib, Y.T))))
    _both(lambda lib, fn: fn.vhp(lambda x, y: scalar(lib, x, y), (_t(lib, X), _t(lib, Y.T)),
                                 (_t(lib, Y.T), _t(lib, X))))


def test_functional_create_graph_and_strict():
    x = ft.tensor([1.0, 2.0], dtype=ft.float64, requires_grad=True)
    jac = F.jacobian(lambda a: a ** 3, x, create_graph=True)
    jac.sum().backward()
    assert_close(x.grad, 6 * x.detach())
    with pytest.raises(RuntimeError, match="independent of input"):
        F.vjp(lambda a, b: a * 2, (x, x.detach().clone()), ft.ones(2, dtype=ft.float64), strict=True)


def test_saved_tensors_hooks_pack_and_unpack():
    packed = []

    def pack(t):
        packed.append(tuple(t.shape))
        return t.detach().clone() * 1

    def unpack(t):
        return t

    x = ft.tensor([1.0, 2.0], requires_grad=True)
    with saved_tensors_hooks(pack, unpack):
        y = (x * x).exp()
    assert packed == [(2,), (2,), (2,)]
    y.sum().backward()
    assert_close(x.grad, 2 * x.detach() * (x.detach() ** 2).exp())


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_anomaly_mode_reports_nan_in_backward():
    x = ft.tensor([0.0, 1.0], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        with ag.detect_anomaly():
            y = x.sqrt()
            z = (y * 0).sum()
            with pytest.raises(RuntimeError, match="returned nan values"):
                z.backward()
    assert not ag.is_anomaly_enabled()
    ag.set_detect_anomaly(True)
    assert ag.is_anomaly_enabled()
    ag.set_detect_anomaly(False)


def test_checkpoint_matches_plain_backward_and_keeps_rng():
    w = ft.tensor(np.random.default_rng(1).standard_normal((3, 3)), requires_grad=True)
    x = ft.tensor(np.random.default_rng(2).standard_normal((2, 3)), requires_grad=True)

    def block(a):
        noise = ft.rand(2, 3) if hasattr(ft, "rand") else 1.0
        return ((a @ w).tanh() * noise) @ w

    ft.manual_seed(0)
    block(x).sum().backward()
    expected_w, expected_x = w.grad.clone(), x.grad.clone()
    w.grad = x.grad = None
    ft.manual_seed(0)
    out = checkpoint(block, x, use_reentrant=True)
    assert out.grad_fn.name() == "CheckpointFunctionBackward"
    out.sum().backward()
    assert_close(w.grad, expected_w)
    assert_close(x.grad, expected_x)


def test_checkpoint_sequential():
    w = ft.tensor([[0.5, -1.0], [2.0, 0.3]], requires_grad=True)
    layers = [lambda a: a @ w, lambda a: a.tanh(), lambda a: a @ w, lambda a: a.sigmoid()]
    x = ft.tensor([[1.0, 2.0]], requires_grad=True)
    plain = x
    for layer in layers:
        plain = layer(plain)
    plain.sum().backward()
    expected = w.grad.clone()
    w.grad = None
    checkpoint_sequential(layers, 2, x, use_reentrant=True).sum().backward()
    assert_close(w.grad, expected)

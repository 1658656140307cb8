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


def _checkpoint_case(lib, use_reentrant: bool, create_graph: bool = False):
    """A block with a closure weight and random numbers, checkpointed; the gradients of x and w (through
    ``autograd.grad``, then a penalty on them when ``create_graph``) and the block's node type."""
    data = np.random.default_rng(5)
    w = lib.tensor(data.standard_normal((3, 3)), requires_grad=True)
    x = lib.tensor(data.standard_normal((4, 3)), requires_grad=True)
    calls = []

    def block(a, scale=1.0):
        calls.append(1)
        return ((a @ w).tanh() * (lib.rand(4, 3, dtype=lib.float64) * scale)) @ w

    lib.manual_seed(0)
    out = lib.utils.checkpoint.checkpoint(block, x, use_reentrant=use_reentrant, scale=2.0) if not use_reentrant \
        else lib.utils.checkpoint.checkpoint(block, x, use_reentrant=True)
    loss = out.pow(2).sum()
    if create_graph:
        gx, gw = lib.autograd.grad(loss, [x, w], create_graph=True)
        (gx.pow(2).sum() + gw.pow(2).sum()).backward()
        grads = [x.grad, w.grad]
    elif use_reentrant:
        loss.backward()
        grads = [x.grad, w.grad]
    else:
        grads = list(lib.autograd.grad(loss, [x, w]))
    return [g.detach().numpy() for g in grads], type(out.grad_fn).__name__, len(calls), lib.rand(2).tolist()


@pytest.mark.parametrize("use_reentrant, create_graph", [(False, False), (False, True), (True, False)])
def test_checkpoint_gradients_nodes_and_stream_match_pytorch(use_reentrant, create_graph):
    """Both variants give PyTorch's gradients (closure weight included; the non-reentrant one through
    ``autograd.grad`` and a double backward), its node types, as many calls of the block (one forward,
    one recomputation) and leave the random stream where PyTorch leaves it."""
    import flambeau
    torch = oracle.torch()
    ours = _checkpoint_case(flambeau, use_reentrant, create_graph)
    theirs = _checkpoint_case(torch, use_reentrant, create_graph)
    for a, b in zip(ours[0], theirs[0]):
        assert_close(a, b)
    assert ours[1] == theirs[1] and ours[3] == theirs[3]
    if not create_graph:        # PyTorch recomputes again for the second backward; flambeau keeps the first
        assert ours[2] == theirs[2] == 2


def test_checkpoint_without_reentrant_recomputes_once_and_checks_what_was_saved():
    w = ft.tensor([[0.5, -1.0], [2.0, 0.3]], requires_grad=True)
    calls = []

    def block(a):
        calls.append(1)
        h = (a @ w).sigmoid()
        return (h * h) if len(calls) == 1 else h.exp()     # the recomputation saves something else

    x = ft.tensor([[1.0, 2.0]], requires_grad=True)
    out = checkpoint(block, x, use_reentrant=False)
    with pytest.raises(RuntimeError, match="different number of tensors|different metadata"):
        out.sum().backward()
    calls.clear()
    out = checkpoint(lambda a: (calls.append(1), (a @ w).sigmoid())[1], x, use_reentrant=False,
                     determinism_check="none")
    out.sum().backward()
    assert len(calls) == 2 and x.grad is not None


def test_checkpoint_arguments_as_pytorch():
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(UserWarning, match="use_reentrant parameter should be passed explicitly"):
        assert checkpoint(lambda a: a * 2, x).grad_fn.name() == "CheckpointFunctionBackward"
    with pytest.raises(ValueError, match="only supported when use_reentrant=False"):
        checkpoint(lambda a: a * 2, x, use_reentrant=True, debug=True)
    with pytest.raises(ValueError, match="Unexpected keyword arguments: scale"):
        checkpoint(lambda a, scale: a * scale, x, use_reentrant=True, scale=2)
    with pytest.raises(ValueError, match="determinism_check should be one of"):
        checkpoint(lambda a: a * 2, x, use_reentrant=False, determinism_check="shapes")


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


def test_set_anomaly_enabled_as_pytorchs_top_level_function():
    torch = oracle.torch()
    for lib in (torch, ag):
        lib.set_anomaly_enabled(True, check_nan=False)
        state = (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled())
        lib.set_anomaly_enabled(False)
        assert state == (True, False)
        assert (lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()) == (False, True)
    with ag.set_detect_anomaly(True, check_nan=False):
        assert ag.is_anomaly_enabled() and not ag.is_anomaly_check_nan_enabled()
    assert not ag.is_anomaly_enabled() and ag.is_anomaly_check_nan_enabled()


@pytest.mark.gpu
@pytest.mark.parametrize("use_reentrant", [True, False])
def test_checkpoint_repeats_cuda_random_draws(use_reentrant):
    """The recomputation draws the same CUDA random numbers as the forward did (the CUDA generator's
    state is saved with the CPU one), so the gradients are those of the forward's mask."""
    data = np.random.default_rng(1)
    w = ft.tensor(data.standard_normal((3, 3)), device="cuda", requires_grad=True)
    x = ft.tensor(data.standard_normal((2, 3)), device="cuda", requires_grad=True)
    masks = []

    def block(a, mask=None):
        if mask is None:
            mask = ft.rand(2, 3, dtype=ft.float64, device="cuda")
            masks.append(mask)
        return ((a @ w).tanh() * mask) @ w

    checkpoint(block, x, use_reentrant=use_reentrant).sum().backward()
    assert len(masks) == 2
    assert_close(masks[1], masks[0])
    got = (w.grad.clone(), x.grad.clone())
    w.grad = x.grad = None
    block(x, masks[0]).sum().backward()
    assert_close(got[0], w.grad)
    assert_close(got[1], x.grad)


@pytest.mark.parametrize("use_reentrant", [True, False])
def test_checkpoint_saves_and_restores_the_cuda_generators_of_its_inputs(monkeypatch, use_reentrant):
    """Without a GPU: the CUDA generator calls are recorded instead -- the state taken at forward is
    set before the recomputation and the one current then is set back after it."""
    import flambeau_autograd.checkpoint as module
    calls = []
    states = iter(["at forward", "before recomputation"])
    monkeypatch.setattr(module, "_cuda_devices", lambda args: (0,))
    monkeypatch.setattr(ft.cuda, "get_rng_state", lambda index: next(states))
    monkeypatch.setattr(ft.cuda, "set_rng_state", lambda state, index: calls.append((state, index)))
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    checkpoint(lambda a: (a * a).sin(), x, use_reentrant=use_reentrant).sum().backward()
    assert calls == [("at forward", 0), ("before recomputation", 0)]

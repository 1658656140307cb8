"""Items of the autograd issue not covered by the other test files: ``Variable``, ``jacobian``'s
``vectorize``/``strategy``, ``set_materialize_grads(True)``, anomaly mode naming the forward op, the
exact second-backward error, and memory over 1,000 training steps (no graph objects, flat RSS)."""
import gc
import os

import numpy as np
import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_autograd import functional as F
from flambeau_tensor_core.testing import assert_close, oracle

X = np.random.default_rng(21).standard_normal((2, 3))
Y = np.random.default_rng(22).standard_normal(3)


def test_variable_is_a_deprecated_alias_returning_tensors():
    x = ft.tensor([1.0, 2.0])
    v = ag.Variable(x, requires_grad=True)
    assert isinstance(v, ft.Tensor) and v is not x
    assert v.requires_grad and v.is_leaf and not x.requires_grad
    v.detach()[0] = 5.0
    assert x[0].item() == 5.0                    # shares memory, as PyTorch's
    assert isinstance(x, ag.Variable) and not isinstance(X, ag.Variable)
    assert not ag.Variable(x).requires_grad
    with pytest.raises(TypeError, match="has to be a tensor"):
        ag.Variable(3)


def _pair(lib, x, y):
    return (x * y).exp(), (x @ y).sin()


@pytest.mark.parametrize("strategy", ["reverse-mode", "forward-mode"])
@pytest.mark.parametrize("tuple_input", [False, True])
def test_jacobian_vectorize_and_strategy_match_pytorch(strategy, tuple_input):
    torch = oracle.torch()

    def run(lib, functional):
        x, y = lib.tensor(X), lib.tensor(Y)
        if tuple_input:
            return functional.jacobian(lambda a, b: _pair(lib, a, b), (x, y), vectorize=True, strategy=strategy)
        return functional.jacobian(lambda a: _pair(lib, a, y)[1], x, vectorize=True, strategy=strategy)

    assert_close(run(ft, F), run(torch, torch.autograd.functional), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kwargs", [
    {"strategy": "sideways"},
    {"strategy": "forward-mode"},                                   # needs vectorize=True
    {"strategy": "forward-mode", "vectorize": True, "strict": True},
    {"strategy": "forward-mode", "vectorize": True, "create_graph": True},
    {"vectorize": True, "strict": True},
])
def test_jacobian_argument_errors_match_pytorch(kwargs):
    oracle.check_raises(lambda lib, x: (lib.autograd.functional if lib.__name__ == "torch" else F).jacobian(
        lambda a: a.sin(), x, **kwargs), X)


class Halve(ag.Function):
    @staticmethod
    def forward(ctx, x):
        return x / 2, x * 0

    @staticmethod
    def backward(ctx, grad_a, grad_b):
        assert grad_b is not None                 # materialized: zeros although the output was unused
        return grad_a / 2 + grad_b


def test_set_materialize_grads_default_gives_zeros():
    x = ft.tensor([2.0, 4.0], requires_grad=True)
    a, _ = Halve.apply(x)
    a.sum().backward()
    assert_close(x.grad, ft.tensor([0.5, 0.5]))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_anomaly_mode_names_the_forward_op_and_where_it_was_made(capsys):
    x = ft.tensor([0.0, 1.0], requires_grad=True)
    with pytest.warns(UserWarning, match="Anomaly Detection"):
        with ag.detect_anomaly():
            root = x.sqrt()  # the line the report must point at
            with pytest.raises(RuntimeError, match="Function 'SqrtBackward0' returned nan values in its 0th output"):
                (root * 0).sum().backward()
    report = capsys.readouterr().err
    assert "Traceback of forward call that caused the error" in report
    assert "root = x.sqrt()  # the line the report must point at" in report


def test_second_backward_error_text_is_pytorchs():
    torch = oracle.torch()

    def message(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x.exp() * x).sum()
        y.backward()
        with pytest.raises(RuntimeError) as caught:
            y.backward()
        return str(caught.value).replace("torch.", "").replace("flambeau.", "")

    assert message(ft) == message(torch)


def _rss_bytes() -> int:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _train(steps, w1, b1, w2, x, y):
    for _ in range(steps):
        hidden = (x @ w1 + b1).tanh()
        loss = ((hidden @ w2 - y) ** 2).mean()
        loss.backward()
        with ag.no_grad():
            for p in (w1, b1, w2):
                p -= 0.01 * p.grad
                p.grad = None


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="RSS is read from /proc")
def test_thousand_training_steps_leave_no_graph_and_flat_rss():
    rng = np.random.default_rng(0)
    params = [ft.tensor(rng.standard_normal(s) * 0.1, requires_grad=True) for s in [(8, 16), (16,), (16, 1)]]
    x, y = ft.tensor(rng.standard_normal((32, 8))), ft.tensor(rng.standard_normal((32, 1)))
    _train(200, *params, x, y)                   # warm up allocator pools and caches
    gc.collect()
    before = _rss_bytes()
    gc.disable()                                 # what reference counting alone does not free is a cycle
    try:
        _train(1000, *params, x, y)
        growth = _rss_bytes() - before
        assert not [o for o in gc.get_objects() if issubclass(type(o), ag.Node)], "graph nodes outlived their step"
        assert gc.collect() == 0, "the training steps left reference cycles behind"
    finally:
        gc.enable()
    assert growth < 2 * 2 ** 20, f"RSS grew by {growth / 2 ** 20:.1f} MiB over 1,000 steps"


AUTOGRAD_MISUSES = {
    "requires_grad_ on an integer tensor": lambda L: L.ones(2, dtype=L.int64).requires_grad_(),
    "a factory's requires_grad on integers": lambda L: L.zeros(2, dtype=L.int64, requires_grad=True),
    "randint with requires_grad": lambda L: L.randint(0, 3, (2,), requires_grad=True),
    "an unused input to grad": lambda L: (lambda x, y: (ag if L is ft else L.autograd).grad((x * 2).sum(), [x, y]))(
        L.ones(2, requires_grad=True), L.ones(2, requires_grad=True)),
    "a gradient of another shape": lambda L: (L.ones(2, 1, requires_grad=True) * 2).backward(L.ones(3, 1)),
    "a .grad of another size": lambda L: setattr(L.ones(2, requires_grad=True), "grad", L.ones(3)),
    "a .grad of another dtype": lambda L: setattr(L.ones(2, requires_grad=True), "grad", L.ones(2, dtype=L.int64)),
    "backward of a non-scalar": lambda L: (L.ones(2, requires_grad=True) * 2).backward(),
    "backward without a graph": lambda L: L.ones(2).sum().backward(),
}


@pytest.mark.parametrize("name", sorted(AUTOGRAD_MISUSES))
def test_misuses_raise_pytorchs_errors(name):
    oracle.check_message(AUTOGRAD_MISUSES[name])

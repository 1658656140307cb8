"""flambeau-autograd's cases: recording overhead, engine overhead and whole training steps written
with tensor ops (no nn, no optim), each the same code through flambeau and PyTorch."""
from __future__ import annotations

from harness import Implementations, Target, register


def _libraries():
    import torch

    import flambeau_autograd  # noqa: F401  (the hook, so that requires_grad works)
    import flambeau_tensor_core as ft

    return ft, torch


def _arrays(*shapes, seed: int = 0):
    import numpy as np

    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(s) / np.sqrt(s[0] if len(s) > 1 else 1)).astype(np.float32) for s in shapes]


def _both(arrays, requires_grad: bool):
    """The arrays as flambeau and as torch tensors (copies, so neither library sees the other's writes)."""
    ft, torch = _libraries()
    fl = [ft.from_numpy(a.copy()).requires_grad_(requires_grad) for a in arrays]
    th = [torch.from_numpy(a.copy()).requires_grad_(requires_grad) for a in arrays]
    return fl, th


@register("autograd: add, 8 float32, requires_grad (record overhead)", target=Target(ratio=0.8))
def add_requires_grad() -> Implementations:
    (fa, fb), (ta, tb) = _both(_arrays((8,), (8,)), True)
    return Implementations(flambeau=lambda: fa + fb, torch=lambda: ta + tb)


def _chain(x, steps: int = 50):
    """50 small differentiable ops, then backward through all of them."""
    y = x
    for _ in range(steps // 5):
        y = ((y * 1.01).tanh() + x).exp() * 0.1
    y.sum().backward()
    x.grad = None


@register("autograd: 50-op chain of 8 float32, forward+backward (engine overhead)")
def chain_backward() -> Implementations:
    (fx,), (tx,) = _both(_arrays((8,)), True)
    return Implementations(flambeau=lambda: _chain(fx), torch=lambda: _chain(tx))


def _sgd_step(no_grad, params, loss, lr: float) -> None:
    loss.backward()
    with no_grad():
        for p in params:
            p.sub_(p.grad * lr)
            p.grad = None


def _no_grad(lib):
    if lib.__name__ == "torch":
        return lib.no_grad
    import flambeau_autograd
    return flambeau_autograd.no_grad


def _tiny_mlp_step(lib, x, target, w1, b1, w2, b2) -> None:
    hidden = (x @ w1 + b1).tanh()
    loss = ((hidden @ w2 + b2 - target) ** 2).mean()
    _sgd_step(_no_grad(lib), (w1, b1, w2, b2), loss, 0.01)


@register("autograd: tiny MLP 8-16-1 step, batch 32 (fwd+bwd+SGD)", target=Target(ratio=0.7))
def tiny_mlp() -> Implementations:
    ft, torch = _libraries()
    (fx, fy), (tx, ty) = _both(_arrays((32, 8), (32, 1), seed=1), False)
    fp, tp = _both(_arrays((8, 16), (16,), (16, 1), (1,), seed=2), True)
    return Implementations(flambeau=lambda: _tiny_mlp_step(ft, fx, fy, *fp),
                           torch=lambda: _tiny_mlp_step(torch, tx, ty, *tp))


def _mnist_mlp_step(lib, x, onehot, w1, b1, w2, b2) -> None:
    hidden = (x @ w1 + b1).clamp(min=0)
    log_probs = lib.log_softmax(hidden @ w2 + b2, 1)
    loss = -(log_probs * onehot).sum() / x.shape[0]
    _sgd_step(_no_grad(lib), (w1, b1, w2, b2), loss, 0.01)


@register("autograd: MLP 784-256-10 step, batch 64 (fwd+bwd+SGD)", target=Target(ratio=1.0))
def mnist_mlp() -> Implementations:
    import numpy as np

    ft, torch = _libraries()
    labels = np.random.default_rng(3).integers(0, 10, 64)
    onehot = np.eye(10, dtype=np.float32)[labels]
    (fx, fy), (tx, ty) = _both(_arrays((64, 784), seed=4) + [onehot], False)
    fp, tp = _both(_arrays((784, 256), (256,), (256, 10), (10,), seed=5), True)
    return Implementations(flambeau=lambda: _mnist_mlp_step(ft, fx, fy, *fp),
                           torch=lambda: _mnist_mlp_step(torch, tx, ty, *tp))

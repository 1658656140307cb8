"""Oracle table (PyTorch 2.13) of autograd's errors and edge behaviours: backward twice, implicit gradients
of non-scalars, tensors that do not require grad, in-place ops on leaves and on views of multi-output
ops, saved tensors modified in place, grad() with unused inputs, gradient shapes/dtypes, hooks,
accumulation, ``inputs=``, ``no_grad``, ``numpy()``/``item()`` of tensors that require grad."""
from __future__ import annotations

import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle


class _Flambeau:
    """tensor-core's namespace with autograd's beside it, as the meta-package arranges them (this
    package's tests do not import the meta-package)."""
    autograd = ag
    no_grad = ag.no_grad
    inference_mode = ag.inference_mode

    def __getattr__(self, name):
        return getattr(ft, name)


def L(T, *shape, rg=True):
    return T.ones(*shape, requires_grad=rg)


def _in_inference_mode(T, fn):
    with T.inference_mode():
        return fn()


def _in_no_grad(T, fn):
    with T.no_grad():
        return fn()


CASES = {
    "backward-twice": lambda T: (lambda y: (y.backward(), y.backward()))((L(T, 2) * L(T, 2)).sum()),
    "backward-nonscalar": lambda T: (L(T, 2) * 2).backward(),
    "backward-no-grad": lambda T: T.ones(2).sum().backward(),
    "int-requires-grad": lambda T: T.ones(2, dtype=T.int64, requires_grad=True),
    "int-requires_grad_": lambda T: T.ones(2, dtype=T.int64).requires_grad_(),
    "leaf-inplace": lambda T: L(T, 2).add_(1),
    "leaf-view-inplace": lambda T: L(T, 2)[0].mul_(2),
    "modified-saved":
        lambda T: (lambda x: (lambda y: (y.mul_(2) if False else x.add_(1), y.sum().backward()))(x.sin()))(L(T, 2) * 1),
    "modified-saved2": lambda T: (lambda x: (lambda y: (x.add_(1), y.sum().backward()))(x * x))(L(T, 2) * 1),
    "grad-nonleaf": lambda T: (lambda y: y.grad)(L(T, 2) * 2),
    "retain_grad": lambda T: (lambda x: (lambda y: (y.retain_grad(), y.sum().backward(), y.grad)[2])(x * 2))(L(T, 2)),
    "detach-inplace-view": lambda T: (lambda x: x[0].detach_())(L(T, 2) * 1),
    "no_grad-leaf-inplace": lambda T: _in_no_grad(T, lambda: L(T, 2).add_(1)),
    "no_grad-numpy": lambda T: _in_no_grad(T, lambda: L(T, 2).numpy()),
    "grad-of-int": lambda T: T.autograd.grad(T.ones(2).sum(), T.ones(2)),
    "grad-unused": lambda T: (lambda x, z: T.autograd.grad((x * 2).sum(), [x, z]))(L(T, 2), L(T, 2)),
    "grad-unused-allow":
        lambda T: (lambda x, z: T.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)[1])(L(T, 2), L(T, 2)),
    "grad-nonscalar": lambda T: (lambda x: T.autograd.grad(x * 2, x))(L(T, 2)),
    "grad-outputs-shape": lambda T: (lambda x: T.autograd.grad(x * 2, x, T.ones(3)))(L(T, 2)),
    "backward-grad-shape": lambda T: (L(T, 2) * 2).backward(T.ones(3)),
    "backward-grad-dtype": lambda T: (L(T, 2) * 2).backward(T.ones(2, dtype=T.float64)),
    "set-grad-wrong-shape": lambda T: setattr(L(T, 2), "grad", T.ones(3)),
    "set-grad-wrong-dtype": lambda T: setattr(L(T, 2), "grad", T.ones(2, dtype=T.float64)),
    "requires_grad-nonleaf": lambda T: (L(T, 2) * 2).requires_grad_(False),
    "numpy-requires-grad": lambda T: L(T, 2).numpy(),
    "item-requires-grad": lambda T: L(T, 1).item(),
    "tolist-requires-grad": lambda T: L(T, 2).tolist(),
    "view-inplace-multi-output":
        lambda T: L(T, 4).unbind(0)[0].mul_(2) if False else (L(T, 4) * 1).unbind(0)[0].mul_(2),
    "split-inplace": lambda T: (L(T, 4) * 1).split(2)[0].mul_(2),
    "chunk-inplace": lambda T: (L(T, 4) * 1).chunk(2)[0].add_(1),
    "inference-tensor-requires_grad_": lambda T: _in_inference_mode(T, lambda: L(T, 2, rg=False) * 2).requires_grad_(),
    "create-graph-twice": lambda T: (lambda x: T.autograd.grad(
        T.autograd.grad((x ** 3).sum(), x, create_graph=True)[0].sum(), x))(L(T, 2)),
    "zero_grad-none": lambda T: (lambda x: ((x * 2).sum().backward(), x.grad.zero_(), x.grad)[2])(L(T, 2)),
    "backward-inputs": lambda T: (lambda x, z: ((x * z).sum().backward(inputs=[x]), z.grad)[1])(L(T, 2), L(T, 2)),
    "hook": lambda T: (lambda x: (x.register_hook(lambda g: g * 3), (x * 2).sum().backward(), x.grad)[2])(L(T, 2)),
    "hook-wrong-shape": lambda T: (lambda x: (x.register_hook(lambda g: g[:1]), (x * 2).sum().backward()))(L(T, 2)),
    "grad-accumulate": lambda T: (lambda x: ((x * 2).sum().backward(), (x * 3).sum().backward(), x.grad)[2])(L(T, 2)),
    "out-requires-grad": lambda T: T.add(L(T, 2), 1, out=T.empty(2)),
    "complex-backward-nonreal": lambda T: (L(T, 2).to(T.complex64) * 1j).sum().backward(),
    "detach-shares": lambda T: (lambda x: (x.detach().add_(1), x)[1])(L(T, 2)),
    "version-after-detach":
        lambda T: (lambda x: (lambda y: (x.detach().add_(1), y.sum().backward()))(x.exp()))(L(T, 2) * 1),
}


@pytest.mark.parametrize("name", list(CASES))
def test_autograd_outcome_matches_pytorch(name):
    oracle.check_outcome(CASES[name], flambeau=_Flambeau())

"""``func`` (torch.func): each transform against PyTorch's on the same inputs -- values, shapes and
structure of the results, nesting, pytrees, aux outputs, vmap's dims and randomness modes, errors."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_autograd.func as ffunc
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

_rng = np.random.default_rng(0)
X, W, V = _rng.standard_normal((3, 4)), _rng.standard_normal((4, 2)), _rng.standard_normal(4)

CASES = {
    "grad": lambda lib, F, x, w, v: F.grad(lambda v: (v.sin() * v).sum())(v),
    "grad of two args": lambda lib, F, x, w, v: F.grad(lambda x, w: (x @ w).tanh().sum(), argnums=(0, 1))(x, w),
    "grad negative argnums": lambda lib, F, x, w, v: F.grad(lambda x, w: (x @ w).sum(), argnums=-1)(x, w),
    "grad with aux": lambda lib, F, x, w, v: F.grad(lambda v: ((v ** 2).sum(), v.max()), has_aux=True)(v),
    "grad of a dict": lambda lib, F, x, w, v: F.grad(lambda p: (p["a"] * p["b"]).sum())({"a": v, "b": v.exp()}),
    "grad_and_value": lambda lib, F, x, w, v: F.grad_and_value(lambda v: v.exp().sum())(v),
    "grad of grad": lambda lib, F, x, w, v: F.grad(lambda v: F.grad(lambda u: (u ** 3).sum())(v).sum())(v),
    "vjp": lambda lib, F, x, w, v: (lambda r: (r[0], r[1](lib.ones(3, 2, dtype=lib.float64))))(
        F.vjp(lambda x, w: x @ w, x, w)),
    "vjp with aux": lambda lib, F, x, w, v: (lambda r: (r[0], r[1](lib.ones(4, dtype=lib.float64)), r[2]))(
        F.vjp(lambda v: (v.exp(), v.sum()), v, has_aux=True)),
    "jvp": lambda lib, F, x, w, v: F.jvp(lambda v: v.sin() * 2, (v,), (lib.ones(4, dtype=lib.float64),)),
    "jvp of two inputs": lambda lib, F, x, w, v: F.jvp(lambda x, w: x @ w, (x, w), (x * 0 + 1, w * 2)),
    "jacrev": lambda lib, F, x, w, v: F.jacrev(lambda v: v.cumprod(0))(v),
    "jacrev of the second arg": lambda lib, F, x, w, v: F.jacrev(lambda x, w: (x @ w).sum(0), argnums=1)(x, w),
    "jacrev of two outputs": lambda lib, F, x, w, v: F.jacrev(lambda v: (v.exp(), v.sum()))(v),
    "jacfwd": lambda lib, F, x, w, v: F.jacfwd(lambda v: v.softmax(0))(v),
    "hessian": lambda lib, F, x, w, v: F.hessian(lambda v: (v.sin() * v.cos()).sum())(v),
    "vmap": lambda lib, F, x, w, v: F.vmap(lambda row: row @ w)(x),
    "vmap in_dims": lambda lib, F, x, w, v: F.vmap(lambda a, b: a * b, in_dims=(1, None))(x, v[:3]),
    "vmap out_dims": lambda lib, F, x, w, v: F.vmap(lambda row: row.exp(), out_dims=1)(x),
    "vmap of vmap": lambda lib, F, x, w, v: F.vmap(F.vmap(lambda a: a.sum()))(x),
    "vmap of grad": lambda lib, F, x, w, v: F.vmap(F.grad(lambda a: (a ** 2).sum()))(x),
    "vmap tuple outputs": lambda lib, F, x, w, v: F.vmap(lambda a: (a.sum(), a.max()))(x),
    "vmap dict input": lambda lib, F, x, w, v: F.vmap(lambda d: d["a"] + d["b"])({"a": x, "b": x * 2}),
    "jacrev of vmap": lambda lib, F, x, w, v: F.jacrev(F.vmap(lambda a: a.sin()))(v[:3].reshape(3, 1)),
    "vmap same randomness": lambda lib, F, x, w, v: (lib.manual_seed(1), F.vmap(
        lambda a: a + lib.rand(2, dtype=lib.float64), randomness="same")(x[:, :2]))[1],
    "vmap different randomness": lambda lib, F, x, w, v: (lib.manual_seed(1), F.vmap(
        lambda a: a + lib.rand(2, dtype=lib.float64), randomness="different")(x[:, :2]))[1],
}


def _leaves(value) -> list:
    if isinstance(value, (tuple, list)):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for key in sorted(value) for leaf in _leaves(value[key])]
    return [value]


@pytest.mark.parametrize("name", sorted(CASES))
def test_transforms_give_pytorchs_results(name):
    torch = oracle.torch()
    theirs = _leaves(CASES[name](torch, torch.func, *(torch.tensor(a) for a in (X, W, V))))
    ours = _leaves(CASES[name](ft, ffunc, *(ft.tensor(a) for a in (X, W, V))))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert tuple(a.shape) == tuple(b.shape) and str(a.dtype) == str(b.dtype)
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_results_stay_differentiable_only_where_the_inputs_require_grad():
    v = ft.tensor(V, requires_grad=True)
    g = ffunc.grad(lambda u: (u ** 3).sum())(v)
    assert g.requires_grad
    g.sum().backward()
    np.testing.assert_allclose(v.grad.numpy(), 6 * V)
    plain = ffunc.grad(lambda u: (u ** 3).sum())(ft.tensor(V))
    assert not plain.requires_grad and plain.grad_fn is None


ERRORS = {
    "grad of a vector": lambda lib, F: F.grad(lambda a: a * 2)(lib.ones(3)),
    "grad of an integer input": lambda lib, F: F.grad(lambda a: a.sum())(lib.ones(3, dtype=lib.int64)),
    "vmap size mismatch": lambda lib, F: F.vmap(lambda a, b: a + b)(lib.ones(3), lib.ones(4)),
    "vmap random in error mode": lambda lib, F: F.vmap(lambda a: a + lib.rand(1))(lib.ones(3)),
    "vmap of a 0-d tensor": lambda lib, F: F.vmap(lambda a: a)(lib.tensor(1.0)),
    "vmap bad randomness": lambda lib, F: F.vmap(lambda a: a, randomness="sometimes")(lib.ones(2)),
    "argnums out of range": lambda lib, F: F.grad(lambda a: a.sum(), argnums=2)(lib.ones(2)),
    "vmap in_dims past the rank": lambda lib, F: F.vmap(lambda a: a, in_dims=1)(lib.ones(2)),
    "vmap returning a number": lambda lib, F: F.vmap(lambda a: 3)(lib.ones(2)),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_are_pytorchs(name):
    torch = oracle.torch()
    with pytest.raises(Exception) as theirs:
        ERRORS[name](torch, torch.func)
    with pytest.raises(type(theirs.value)) as ours:
        ERRORS[name](ft, ffunc)
    assert str(ours.value) == str(theirs.value)


def test_vmap_error_mode_leaves_the_stream_where_it_was():
    ft.manual_seed(0)
    before = ft.get_rng_state()
    with pytest.raises(RuntimeError, match="randomness error mode"):
        ffunc.vmap(lambda a: a + ft.rand(1))(ft.ones(3))
    assert ft.equal(ft.get_rng_state(), before)

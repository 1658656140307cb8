"""The engine: graph shape, topological order over DAGs, accumulation, broadcasting, retain_graph,
create_graph, hooks, retain_grad, inputs=, autograd.grad options."""
import gc
import weakref

import numpy as np
import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle


def leaf(*values, dtype=ft.float64):
    return ft.tensor(list(values), dtype=dtype, requires_grad=True)


def test_node_names_and_next_functions():
    torch = oracle.torch()
    x = leaf(1.0, 2.0)
    tx = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    for fn in (lambda a: a + 1, lambda a: a * a, lambda a: a - 2, lambda a: a / 3, lambda a: -a,
               lambda a: abs(a), lambda a: a ** 2, lambda a: 2 ** a, lambda a: a ** a, lambda a: a.clone(),
               lambda a: a[0], lambda a: a[0:1], lambda a: a[[0, 1]], lambda a: a.to(ft.float32)
               if isinstance(a, ft.Tensor) else a.to(torch.float32)):
        assert fn(x).grad_fn.name() == fn(tx).grad_fn.name()
    y = x * 2
    (fn, nr), (none, zero) = y.grad_fn.next_functions
    assert fn.name() == "AccumulateGrad" and fn.variable is x and nr == 0
    assert none is None and zero == 0
    assert x.is_leaf and not y.is_leaf and y.requires_grad


@pytest.mark.parametrize("build", [
    lambda lib, x, y: x * y + x / (y * y + 1) - y ** 2,
    lambda lib, x, y: (x + y) * (x - y) * x,
    lambda lib, x, y: abs(x) * 3 - (-y),
    lambda lib, x, y: x ** 3 / (2 + abs(y)),
])
def test_oracle_gradients_of_expressions(build):
    oracle.check(build, oracle.randn(3, 4, dtype=np.float64), oracle.randn(3, 4, dtype=np.float64), grad=True)


def test_broadcasting_is_undone():
    oracle.check(lambda lib, x, y, z: x * y + z, oracle.randn(2, 1, 4), oracle.randn(3, 1), oracle.randn(4),
                 grad=True)


def test_mixed_dtypes_cast_gradients_back():
    oracle.check(lambda lib, x, y: x * y, oracle.randn(3, dtype=np.float32), oracle.randn(3, dtype=np.float64),
                 grad=True)


def test_shared_subgraph_and_diamond():
    x = leaf(1.0, 2.0, 3.0)
    a = x * 2
    b = a * a
    c = a + b
    d = (b * c)[0] + (c - a)[2]
    d.backward()
    torch = oracle.torch()
    tx = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
    ta = tx * 2
    tb = ta * ta
    tc = ta + tb
    ((tb * tc)[0] + (tc - ta)[2]).backward()
    assert_close(x.grad, tx.grad)


def test_multiple_roots_and_unused_branch():
    x = leaf(1.0, 2.0)
    y = x * 3
    unused = x * 5  # noqa: F841
    z = y * y
    ag.backward([y[0], z[1]], [ft.tensor(1.0, dtype=ft.float64), ft.tensor(2.0, dtype=ft.float64)])
    assert_close(x.grad, ft.tensor([3.0, 2 * 2 * 6.0 * 3], dtype=ft.float64))


def test_accumulates_across_calls():
    x = leaf(1.0, 2.0)
    (x * x)[0].backward()
    (x * x)[0].backward()
    assert_close(x.grad, ft.tensor([4.0, 0.0], dtype=ft.float64))


def test_leaf_grads_never_alias():
    x, y = leaf(1.0), leaf(2.0)
    (x + y).backward()
    x.grad.mul_(5)
    assert y.grad.item() == 1.0


def test_leaf_grads_never_alias_memory_held_elsewhere():
    """The engine stores a first gradient without copying only when nothing else can see its memory."""
    x = leaf(1.0, 2.0)
    given = ft.tensor([3.0, 4.0], dtype=ft.float64)
    x.backward(given)                           # the root is the leaf itself
    x.clone().backward(given)                   # clone passes the caller's gradient through
    assert not np.shares_memory(x.grad._data, given._data)
    x.grad = None
    kept = []
    x.register_hook(lambda g: kept.append(g))
    (x * 2).sum().backward()
    x.grad.mul_(5)
    assert_close(kept[0], ft.tensor([2.0, 2.0], dtype=ft.float64))
    y = leaf(1.0, 2.0)
    seen = []
    accumulator = (y * 1).grad_fn.next_functions[0][0]
    accumulator.register_hook(lambda grads_in, grads_out: seen.append(grads_out[0]))
    (y * 3).sum().backward()
    y.grad.mul_(5)
    assert_close(seen[0], ft.tensor([3.0, 3.0], dtype=ft.float64))


def test_stored_gradients_are_contiguous():
    w = ft.tensor(np.ones((3, 4)), dtype=ft.float64, requires_grad=True)
    (ft.tensor(np.ones((5, 3)), dtype=ft.float64) @ w).sum().backward()     # grad: x.mT @ g
    assert w.grad._data.flags.c_contiguous and w.grad._data.base is None


def test_implicit_gradient_only_for_scalars():
    x = leaf(1.0, 2.0)
    with pytest.raises(RuntimeError, match="implicitly created only for scalar outputs"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="does not require grad"):
        ft.tensor([1.0]).backward()


def test_second_backward_without_retain_graph_raises():
    x = leaf(1.0, 2.0)
    y = (x * x)[0]
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad[0].item() == 4.0
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_nodes_without_saved_tensors_can_rerun():
    x = leaf(1.0, 2.0)
    y = x + 1
    y[0].backward()
    y[1].backward()
    assert_close(x.grad, ft.tensor([1.0, 1.0], dtype=ft.float64))


def test_create_graph_second_and_third_derivatives():
    x = leaf(0.5, 2.0)
    y = (x ** 4).sum() if hasattr(ft.Tensor, "sum") else (x ** 4)[0] + (x ** 4)[1]
    (g,) = ag.grad(y, x, create_graph=True)
    assert_close(g, 4 * x.detach() ** 3)
    (h,) = ag.grad(g[1], x, create_graph=True)
    assert_close(h, ft.tensor([0.0, 12 * 4.0], dtype=ft.float64))
    (t,) = ag.grad(h[1], x)
    assert_close(t, ft.tensor([0.0, 24 * 2.0], dtype=ft.float64))


def test_grad_allow_unused_and_materialize():
    x, y = leaf(1.0), leaf(2.0)
    z = x * 2
    with pytest.raises(RuntimeError, match="appears to not have been used"):
        ag.grad(z, [x, y], retain_graph=True)
    gx, gy = ag.grad(z, [x, y], allow_unused=True, retain_graph=True)
    assert gx.item() == 2.0 and gy is None
    gx, gy = ag.grad(z, [x, y], materialize_grads=True)
    assert gy.item() == 0.0 and x.grad is None


def test_grad_with_respect_to_intermediate():
    x = leaf(1.0, 2.0)
    h = x * 3
    z = (h * h)[1]
    (gh,) = ag.grad(z, h, retain_graph=True)
    assert_close(gh, ft.tensor([0.0, 12.0], dtype=ft.float64))
    assert x.grad is None


def test_backward_inputs_restricts_accumulation():
    x, y = leaf(1.0), leaf(2.0)
    h = x * y
    (h * h).backward(inputs=[y], retain_graph=True)
    assert x.grad is None and y.grad.item() == 2 * 2.0 * 1.0
    (h * h).backward(inputs=[h])
    assert h.grad.item() == 4.0


def test_tensor_hooks_replace_gradient_and_handles_remove():
    x = leaf(1.0, 2.0)
    y = x * 2
    seen = []
    handle = y.register_hook(lambda g: seen.append(g.clone()) or g * 10)
    x.register_hook(lambda g: g + 1)
    (y * 1)[0].backward(retain_graph=True)
    assert_close(seen[0], ft.tensor([1.0, 0.0], dtype=ft.float64))
    assert_close(x.grad, ft.tensor([21.0, 1.0], dtype=ft.float64))
    handle.remove()
    x.grad = None
    (y * 1)[0].backward()
    assert_close(x.grad, ft.tensor([3.0, 1.0], dtype=ft.float64))
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        ft.tensor([1.0]).register_hook(lambda g: g)


def test_post_accumulate_hook_and_node_hooks():
    x = leaf(1.0)
    calls = []
    x.register_post_accumulate_grad_hook(lambda t: calls.append(t.grad.item()))
    y = x * 3
    y.grad_fn.register_prehook(lambda gouts: (gouts[0] * 2,))
    y.grad_fn.register_hook(lambda gins, gouts: calls.append((gins[0].item(), gouts[0].item())))
    y.backward()
    assert calls == [(6.0, 2.0), 6.0]
    with pytest.raises(RuntimeError, match="non-leaf"):
        y.register_post_accumulate_grad_hook(lambda t: None)
    y.grad_fn.metadata["k"] = 1
    assert y.grad_fn.metadata == {"k": 1}


def test_retain_grad():
    x = leaf(1.0, 2.0)
    y = x * 2
    y.retain_grad()
    assert y.retains_grad and not x.retains_grad
    (y * y)[1].backward()
    assert_close(y.grad, ft.tensor([0.0, 8.0], dtype=ft.float64))
    z = x * 2
    with pytest.warns(UserWarning, match="not a leaf"):
        assert z.grad is None


def test_requires_grad_rules():
    # PyTorch 2.13 words the method's refusal and the factories' differently
    with pytest.raises(RuntimeError, match="^only Tensors of floating point dtype can require gradients$"):
        ft.tensor([1, 2]).requires_grad_()
    with pytest.raises(RuntimeError, match="^Only Tensors of floating point and complex dtype can require gradients$"):
        ft.tensor([1, 2], requires_grad=True)
    x = leaf(1.0)
    y = x * 2
    with pytest.raises(RuntimeError, match="leaf variables"):
        y.requires_grad_(False)
    y.detach_()
    assert not y.requires_grad and y.grad_fn is None
    d = x.detach()
    assert not d.requires_grad and d._version == x._version


def test_integer_outputs_do_not_require_grad():
    x = leaf(1.0, 2.0)
    assert not (x > 1).requires_grad


def test_grad_modes():
    x = leaf(1.0)
    with ag.no_grad():
        assert not (x * 2).requires_grad
        with ag.enable_grad():
            assert (x * 2).requires_grad
    with ag.set_grad_enabled(False):
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()
    with ag.inference_mode():
        assert ag.is_inference_mode_enabled() and not (x * 2).requires_grad
    with ag.inference_mode(False):
        assert (x * 2).requires_grad

    @ag.no_grad()
    def f():
        return x * 2

    def gen():
        yield (x * 2).requires_grad
        yield (x * 2).requires_grad

    assert not f().requires_grad
    assert list(ag.no_grad()(gen)()) == [False, False]
    ag.set_grad_enabled(False)
    assert not ag.is_grad_enabled()
    ag.set_grad_enabled(True)


def test_grad_mode_is_thread_local():
    import threading
    seen = []
    with ag.no_grad():
        thread = threading.Thread(target=lambda: seen.append(ag.is_grad_enabled()))
        thread.start()
        thread.join()
    assert seen == [True]


def test_graph_is_freed_after_backward():
    x = leaf(1.0, 2.0)
    y = x * x
    node = weakref.ref(y.grad_fn)
    y.sum().backward() if hasattr(ft.Tensor, "sum") else y.backward(ft.ones(2, dtype=ft.float64))
    del y
    assert node() is None


def test_no_graph_objects_survive_training_steps():
    w = ft.tensor(np.full((4, 3), 0.1), requires_grad=True)
    b = ft.tensor(np.zeros(3), requires_grad=True)
    x = ft.tensor(np.ones((8, 4)))
    gc.collect()
    gc.disable()
    try:
        refs = []
        for _ in range(1000):
            h = x[:, 0:1] * w[0] + b
            loss = (h * h)[0, 0] - h[1, 2]
            loss.backward()
            refs.append(weakref.ref(loss.grad_fn))
            with ag.no_grad():
                w -= 0.01 * w.grad
                b -= 0.01 * b.grad
            w.grad = None
            b.grad = None
        del h, loss
        assert all(r() is None for r in refs)
    finally:
        gc.enable()


@pytest.mark.parametrize("make", [
    lambda lib, a: lib.from_numpy(a).contiguous(memory_format=lib.channels_last),   # dense, permuted
    lambda lib, a: lib.from_numpy(a).transpose(1, 3),                                # dense, permuted view
    lambda lib, a: lib.from_numpy(a)[:, :, ::2],                                     # not dense
    lambda lib, a: lib.from_numpy(a),                                                # row-major
], ids=["channels_last", "transposed", "sliced", "contiguous"])
@pytest.mark.parametrize("through", ["same-layout", "contiguous-grad"])
def test_a_new_grad_has_the_leafs_layout_as_in_pytorch(make, through):
    torch = oracle.torch()
    a = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype(np.float32)
    grads = []
    for lib in (ft, torch):
        leaf = make(lib, a.copy()).requires_grad_()
        out = leaf * 2 if through == "same-layout" else leaf.contiguous() * 2
        (out * out).sum().backward()
        grads.append(leaf.grad)
        (leaf * 3).sum().backward()          # accumulation keeps the layout
        grads.append(leaf.grad)
    for ours, theirs in ((grads[0], grads[2]), (grads[1], grads[3])):
        assert ours.stride() == theirs.stride()
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)

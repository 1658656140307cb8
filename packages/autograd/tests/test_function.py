"""``autograd.Function``: ctx API, setup_context style, multiple/non-tensor outputs, dirty and
non-differentiable outputs, materialize_grads, once_differentiable, double backward."""
import numpy as np
import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_autograd import Function, once_differentiable
from flambeau_tensor_core.testing import assert_close


class Exp(Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad):
        (result,) = ctx.saved_tensors
        return grad * result


class ScaleShift(Function):
    """Non-tensor arguments and needs_input_grad."""

    @staticmethod
    def forward(ctx, x, scale, shift):
        ctx.scale = scale
        ctx.seen = ctx.needs_input_grad
        return x * scale + shift

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale, None, (grad if ctx.needs_input_grad[2] else None)


class SplitMax(Function):
    """Multiple outputs, one of them non-differentiable, and setup_context style."""

    @staticmethod
    def forward(x):
        values = x.max(dim=1).values
        return values * 1, x.argmax(dim=1), "tag"

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.mark_non_differentiable(output[1])
        ctx.save_for_backward(inputs[0], output[1])
        ctx.set_materialize_grads(False)

    @staticmethod
    def backward(ctx, grad_values, grad_indices, grad_tag):
        x, indices = ctx.saved_tensors
        assert grad_indices is None
        grad = ft.zeros_like(x)
        for row, col in enumerate(indices.tolist()):
            grad[row, col] = grad_values[row]
        return grad


def test_save_for_backward_and_double_backward():
    x = ft.tensor([0.5, -1.0], dtype=ft.float64, requires_grad=True)
    y = Exp.apply(x)
    assert y.grad_fn.name() == "ExpBackward" and y.requires_grad
    (g,) = ag.grad(y.sum(), x, create_graph=True)
    assert_close(g, x.detach().exp())
    (gg,) = ag.grad(g.sum(), x)
    assert_close(gg, x.detach().exp())
    assert ag.gradcheck(Exp.apply, (x,))
    assert ag.gradgradcheck(Exp.apply, (x,))


def test_saved_tensors_freed_and_version_checked():
    x = ft.tensor([1.0], requires_grad=True)
    y = Exp.apply(x)
    y.backward(retain_graph=False)
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()
    z = Exp.apply(x)
    z.mul_(2)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.backward()


def test_non_tensor_args_and_needs_input_grad():
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    shift = ft.tensor([1.0, 1.0])
    y = ScaleShift.apply(x, 3.0, shift)
    y.sum().backward()
    assert_close(x.grad, ft.tensor([3.0, 3.0]))
    assert y.grad_fn.next_functions[1] == (None, 0)


def test_multiple_outputs_non_differentiable_and_no_materialize():
    x = ft.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]], requires_grad=True)
    values, indices, tag = SplitMax.apply(x)
    assert tag == "tag" and not indices.requires_grad and values.requires_grad
    values.sum().backward()
    assert_close(x.grad, ft.tensor([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]))


def test_no_graph_when_inputs_do_not_require_grad():
    y = Exp.apply(ft.tensor([1.0]))
    assert not y.requires_grad and y.grad_fn is None
    with ag.no_grad():
        assert Exp.apply(ft.tensor([1.0], requires_grad=True)).grad_fn is None


class MulInplace(Function):
    @staticmethod
    def forward(ctx, x, factor):
        x.mul_(factor)
        ctx.mark_dirty(x)
        ctx.factor = factor
        return x

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.factor, None


def test_mark_dirty():
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    z = MulInplace.apply(y, 4.0)
    assert z is y and y.grad_fn.name() == "MulInplaceBackward"
    z.sum().backward()
    assert_close(x.grad, ft.tensor([4.0, 4.0]))
    with pytest.raises(RuntimeError, match="leaf Variable"):
        MulInplace.apply(ft.tensor([1.0], requires_grad=True), 2.0)


class Identity(Function):
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, grad):
        return grad


def test_returning_an_input_gives_a_new_node():
    x = ft.tensor([1.0], requires_grad=True)
    y = Identity.apply(x)
    assert y is not x and y.grad_fn is not None and x.is_leaf


class OnceCube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    @once_differentiable
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x ** 2


def test_once_differentiable():
    x = ft.tensor([2.0], requires_grad=True)
    seed = ft.tensor([1.0], requires_grad=True)
    (g,) = ag.grad(OnceCube.apply(x), x, seed, create_graph=True)
    assert g.item() == 12.0
    with pytest.raises(RuntimeError, match="once_differentiable"):
        g.backward()


class WrongCount(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x + y

    @staticmethod
    def backward(ctx, grad):
        return grad


class WrongShape(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad):
        return ft.ones(5)


def test_backward_output_validation():
    x = ft.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="incorrect number of gradients"):
        WrongCount.apply(x, x).sum().backward()
    with pytest.raises(RuntimeError, match="invalid gradient at index 0"):
        WrongShape.apply(x).sum().backward()


def test_legacy_instantiation_raises():
    with pytest.raises(RuntimeError, match="Legacy autograd function"):
        Exp()


def test_oracle_custom_function_matches_pytorch():
    torch = pytest.importorskip("torch")

    class TorchExp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            result = x.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, grad):
            (result,) = ctx.saved_tensors
            return grad * result

    data = np.array([0.1, 0.7, -0.3])
    tx = torch.tensor(data, requires_grad=True)
    (TorchExp.apply(tx) * 2).sum().backward()
    x = ft.tensor(data, requires_grad=True)
    (Exp.apply(x) * 2).sum().backward()
    assert_close(x.grad, tx.grad)


class WrongSquare(ag.Function):
    """x ** 2 with a wrong gradient (x ** 2 instead of 2 x), which gradcheck must notice."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x * x


@pytest.mark.parametrize("make", [
    lambda a: ft.from_numpy(a.T),                  # transposed: reshape(-1) would be a copy
    lambda a: ft.from_numpy(a)[:, ::2],            # strided slice
    lambda a: ft.from_numpy(a).mT.contiguous().mT,  # column-major
])
def test_gradcheck_perturbs_non_contiguous_inputs(make):
    a = np.random.default_rng(0).uniform(0.5, 2.0, (4, 6))
    x = make(a).requires_grad_()
    assert ag.gradcheck(lambda t: (t * t).sin(), (x,))
    assert ag.gradgradcheck(lambda t: (t * t).sin(), (x,))
    assert not ag.gradcheck(WrongSquare.apply, (x,), raise_exception=False)

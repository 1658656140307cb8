"""Forward-mode AD (``forward_ad``): tangents against ``torch.autograd.forward_ad`` on a representative
set of ops, level nesting rules and errors, custom ``Function.jvp``, and agreement with reverse mode."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_autograd import forward_ad as fwad
from flambeau_tensor_core.testing import assert_close, oracle

rng = np.random.default_rng(11)


def normal(*shape):
    return rng.standard_normal(shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, shape)


def well_conditioned(n):
    return normal(n, n) + 3 * np.eye(n)


def _as_tuple(value):
    return value if isinstance(value, (tuple, list)) else (value,)


def _run_forward(lib, fw, fn, primals, tangents, wrap):
    """Primal and tangent of each output of ``fn`` at ``primals`` in direction ``tangents`` (None: that
    input is a plain tensor)."""
    with fw.dual_level():
        args = [fw.make_dual(wrap(p), wrap(t)) if t is not None else wrap(p) for p, t in zip(primals, tangents)]
        outs = _as_tuple(fn(lib, *args))
        unpacked = [fw.unpack_dual(o) for o in outs]
        return [(u.primal.detach(), None if u.tangent is None else u.tangent.detach()) for u in unpacked]


def check_forward(fn, primals, tangents=None, rtol=1e-7, atol=1e-9):
    """``fn``'s primals and tangents match PyTorch's forward-mode AD."""
    torch = oracle.torch()
    tangents = [normal(*np.shape(p)) for p in primals] if tangents is None else tangents
    expected = _run_forward(torch, torch.autograd.forward_ad, fn, primals, tangents,
                            lambda a: torch.tensor(np.array(a)))
    actual = _run_forward(ft, fwad, fn, primals, tangents, lambda a: ft.tensor(np.array(a)))
    assert len(actual) == len(expected)
    for (p, t), (ep, et) in zip(actual, expected):
        assert_close(p, ep.numpy(), rtol=rtol, atol=atol)
        if et is None or not (ep.is_floating_point() or ep.is_complex()):
            assert t is None or t.abs().sum().item() == 0
            continue
        assert t is not None, "flambeau gave no tangent where PyTorch gave one"
        assert_close(t, et.numpy(), rtol=rtol, atol=atol)


def _inplace_on_dual(lib, x, y):
    z = x * 1
    z.mul_(y)
    z[0] = y[1]
    z[:, 1:].add_(x[:, :2])
    return z


CASES = [
    ("sin_exp", lambda lib, x: x.sin() * x.exp(), [normal(2, 3)]),
    ("tanh_sigmoid_log", lambda lib, x: lib.tanh(x) + lib.sigmoid(x) * lib.log(x), [positive(4)]),
    ("pow_sqrt", lambda lib, x: x ** 3 - x.sqrt() / 2, [positive(3)]),
    ("broadcast_binary", lambda lib, x, y: x * y - x / (y * y + 1) + 2 ** y, [normal(2, 3), normal(3)]),
    ("broadcast_one_dual", lambda lib, x, y: x * y + y, [normal(2, 1, 3), normal(4, 1)]),
    ("sum_mean", lambda lib, x: (x.sum(1), x.mean(), x.sum((0, 1), keepdim=True)), [normal(2, 3, 2)]),
    ("max_min", lambda lib, x: (x.max(1).values, x.amin(0), x.max()), [normal(3, 4)]),
    ("std_var", lambda lib, x: (x.std(0), x.var(1, unbiased=False)), [normal(4, 3)]),
    ("logsumexp_norm", lambda lib, x: (lib.logsumexp(x, 1), x.norm(), x.cumsum(0)), [normal(3, 4)]),
    ("softmax", lambda lib, x: (lib.softmax(x, -1), lib.log_softmax(x, 0)), [normal(3, 4)]),
    ("matmul", lambda lib, x, y: x @ y, [normal(3, 4), normal(4, 2)]),
    ("batched_matmul", lambda lib, x, y: lib.matmul(x, y).abs(), [normal(2, 3, 4), normal(4, 5)]),
    ("views", lambda lib, x: (x.t()[1:], x.reshape(6, 2), x.permute(1, 0).unsqueeze(0).expand(2, 4, 3)),
     [normal(3, 4)]),
    ("indexing", lambda lib, x: (x[[0, 2, 0]], x[x > 0], x[1, ::2]), [normal(3, 4)]),
    ("stack_cat", lambda lib, x, y: (lib.cat([x, y]), lib.stack([x, y], 1)), [normal(2, 3), normal(2, 3)]),
    ("where_clamp", lambda lib, x, y: lib.where(x > 0, x, y).clamp(-0.5, 0.5), [normal(3, 3), normal(3, 3)]),
    ("inplace_on_dual", _inplace_on_dual, [normal(3, 3), normal(3, 3)]),
    ("inv_det", lambda lib, a: (lib.linalg.inv(a), lib.linalg.det(a)), [well_conditioned(3)]),
    ("solve", lambda lib, a, b: lib.linalg.solve(a, b), [well_conditioned(3), normal(3, 2)]),
]


@pytest.mark.parametrize("fn,primals", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_tangents_match_pytorch(fn, primals):
    check_forward(fn, primals)


def test_only_some_inputs_dual():
    check_forward(lambda lib, x, y: (x * y).sum(0) + y.exp().sum(0), [normal(3, 2), normal(3, 2)],
                  [normal(3, 2), None])


def test_complex_tangents():
    z, v = normal(2, 2) + 1j * normal(2, 2), normal(2, 2) + 1j * normal(2, 2)
    check_forward(lambda lib, x: (x.exp() * x.conj(), x.abs(), x.real * x.imag, x @ x), [z], [v])


def test_float32_tangents():
    check_forward(lambda lib, x: (x.sin() @ x.t()).sum(1), [normal(3, 3).astype(np.float32)],
                  [normal(3, 3).astype(np.float32)], rtol=1e-5, atol=1e-5)


def test_inplace_on_view_updates_base_tangent():
    def fn(lib, x):
        base = lib.zeros(4, dtype=lib.float64)
        base[1:3].copy_(x[:2])
        kept = x * 1
        kept[0:2].mul_(3)
        return base, kept
    check_forward(fn, [normal(3)])


def test_no_grad_keeps_tangents_inference_mode_drops_them():
    x, t = ft.tensor(normal(3)), ft.tensor(normal(3))
    with fwad.dual_level():
        d = fwad.make_dual(x, t)
        with ag.no_grad():
            assert_close(fwad.unpack_dual(d * 2).tangent, (t * 2).numpy())
        with ag.inference_mode():
            assert fwad.unpack_dual(d * 2).tangent is None


def test_make_and_unpack_dual_contract():
    x, t = ft.tensor(normal(3)), ft.tensor(normal(3))
    assert fwad.unpack_dual(x) == (x, None)
    with fwad.dual_level() as level:
        assert level == 0
        d = fwad.make_dual(x, t)
        assert d is not x and d._base is x and not d.requires_grad
        unpacked = fwad.unpack_dual(d)
        assert isinstance(unpacked, fwad.UnpackedDualTensor) and unpacked._fields == ("primal", "tangent")
        assert unpacked.tangent is t
        assert fwad.unpack_dual(unpacked.primal).tangent is None
        assert fwad.unpack_dual(d.detach()).tangent is None
        result = d * 3
        assert fwad.unpack_dual(result).tangent is not None
    assert fwad.unpack_dual(d).tangent is None and fwad.unpack_dual(result).tangent is None


def _errors(fw, lib, wrap):
    """Run each misuse and return the exception type it raised (None if it did not)."""
    x = wrap(normal(3))
    checks = [
        lambda: fw.make_dual(x, wrap(normal(3))),                       # no level
        lambda: fw.exit_dual_level(),                                   # no level to exit
        lambda: fw.exit_dual_level(level=0),
    ]
    in_level = [
        lambda: fw.enter_dual_level(),                                  # nesting
        lambda: fw.make_dual(x, wrap(normal(4))),                       # shape
        lambda: fw.make_dual(wrap(np.arange(3)), wrap(np.arange(3))),   # integer primal
        lambda: fw.make_dual(x, wrap(np.arange(3))),                    # integer tangent
        lambda: fw.make_dual(fw.make_dual(x, wrap(normal(3))), wrap(normal(3))),   # already dual
        lambda: fw.make_dual(x, wrap(normal(3)), level=5),
        lambda: fw.exit_dual_level(level=3),
        lambda: fw.unpack_dual(x, level=2),
    ]

    def raised(call):
        try:
            call()
        except Exception as error:
            return type(error)
        return None

    result = [raised(c) for c in checks]
    with fw.dual_level():
        result += [raised(c) for c in in_level]
    return result


def test_level_rules_and_errors_match_pytorch():
    torch = oracle.torch()
    expected = _errors(torch.autograd.forward_ad, torch, lambda a: torch.tensor(a))
    actual = _errors(fwad, ft, lambda a: ft.tensor(a))
    assert actual == expected
    assert expected[-1] is None and all(e is not None for e in expected[:-1])


def test_dual_level_decorator_and_manual_levels():
    @fwad.dual_level()
    def tangent_of_square(x, t):
        return fwad.unpack_dual(fwad.make_dual(x, t) ** 2).tangent

    x, t = ft.tensor([1.0, 2.0]), ft.tensor([1.0, 1.0])
    assert_close(tangent_of_square(x, t), (x * t * 2).numpy())
    assert fwad.enter_dual_level() == 0
    fwad.exit_dual_level(level=0)
    with pytest.raises(RuntimeError, match="Nested forward mode AD"):
        with fwad.dual_level():
            fwad.enter_dual_level()
    assert fwad.enter_dual_level() == 0     # the failed nesting left a clean state behind
    fwad.exit_dual_level()


def test_reverse_over_forward_matches_pytorch():
    """The tangent is differentiable: d/dx of (J(x) v) against PyTorch."""
    torch = oracle.torch()
    x0, v0 = normal(3), normal(3)

    def run(lib, fw, wrap):
        x = wrap(x0).requires_grad_(True)
        with fw.dual_level():
            out = (fw.make_dual(x, wrap(v0)).sin() * x).sum()
            tangent = fw.unpack_dual(out).tangent
        tangent.backward()
        return x.grad

    expected = run(torch, torch.autograd.forward_ad, lambda a: torch.tensor(a))
    actual = run(ft, fwad, lambda a: ft.tensor(a))
    assert_close(actual, expected.numpy(), rtol=1e-7, atol=1e-9)


def _cube_function(base):
    class Cube(base):
        @staticmethod
        def forward(ctx, x, scale, k):
            ctx.save_for_forward(x, scale)
            ctx.k = k
            return x ** 3 * scale * k

        @staticmethod
        def jvp(ctx, tx, tscale, tk):
            assert tk is None
            x, scale = ctx.saved_tensors
            return (3 * x ** 2 * tx * scale + x ** 3 * tscale) * ctx.k

        @staticmethod
        def backward(ctx, grad):
            raise AssertionError("not used")

    return Cube


def test_function_jvp_matches_pytorch():
    torch = oracle.torch()
    torch_cube, fl_cube = _cube_function(torch.autograd.Function), _cube_function(ag.Function)
    check_forward(lambda lib, x, s: (torch_cube if lib is torch else fl_cube).apply(x, s, 2.0),
                  [normal(3), normal(3)], [normal(3), None])


def test_function_without_jvp_raises_like_pytorch():
    class NoJvp(ag.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    with fwad.dual_level():
        d = fwad.make_dual(ft.tensor([1.0]), ft.tensor([1.0]))
        with pytest.raises(NotImplementedError, match="jvp"):
            NoJvp.apply(d)
        assert_close(NoJvp.apply(ft.tensor([1.0])), np.array([2.0], dtype=np.float32))   # no tangent: no jvp needed


RANDOM_OPS = [
    lambda x: (x.exp() * x).sum(0),
    lambda x: x @ x.t(),
    lambda x: x.softmax(1)[:, :2],
    lambda x: (x.tanh() ** 2).cumsum(1),
    lambda x: x.amax(0) - x.mean(1).sum(),
    lambda x: x.flip(0).reshape(-1)[1::2] * x.std(),
]


@settings(max_examples=20, deadline=None)
@given(op=st.integers(0, len(RANDOM_OPS) - 1), rows=st.integers(1, 3), cols=st.integers(2, 3),
       seed=st.integers(0, 2 ** 16))
def test_forward_mode_agrees_with_reverse_mode(op, rows, cols, seed):
    """Each forward-mode column J e_j equals the reverse-mode Jacobian's column."""
    fn = RANDOM_OPS[op]
    x = ft.tensor(np.random.default_rng(seed).standard_normal((rows, cols)))
    jac = ag.functional.jacobian(fn, x)
    for j in range(x.numel()):
        direction = ft.zeros(x.numel(), dtype=ft.float64)
        direction[j] = 1.0
        with fwad.dual_level():
            tangent = fwad.unpack_dual(fn(fwad.make_dual(x, direction.reshape(x.shape)))).tangent
        column = jac.reshape(-1, x.numel())[:, j]
        assert_close(tangent.reshape(-1), column.numpy(), rtol=1e-9, atol=1e-12)

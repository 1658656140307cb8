"""Every derivative formula: gradcheck in float64 and the gradient against PyTorch's (oracle);
second derivatives (gradgradcheck) for a representative set. Ops tensor-core does not have yet skip."""
import numpy as np
import pytest

import flambeau_autograd as ag
import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

from ._grad_checks import (
    assert_gradcheck,
    assert_gradgradcheck,
    check_oracle_gradient,
    check_oracle_second_derivatives,
)

rng = np.random.default_rng(7)


def normal(*shape):
    return rng.standard_normal(shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, shape)


def unit(*shape):
    return rng.uniform(-0.8, 0.8, shape)


def above_one(*shape):
    return rng.uniform(1.2, 3.0, shape)


def distinct(*shape):
    """Values without ties, so that max/min/median/sort gradients are well defined."""
    return rng.permutation(np.arange(int(np.prod(shape)), dtype=np.float64)).reshape(shape) * 0.37 - 1.0


# (id, op names the case needs, function of (lib, *tensors), input makers)
CASES = [
    ("add", ["add"], lambda lib, x, y: lib.add(x, y, alpha=2), [normal(2, 3), normal(3)]),
    ("sub", ["sub"], lambda lib, x, y: 2 - x - y, [normal(2, 3), normal(2, 1)]),
    ("mul", ["mul"], lambda lib, x, y: x * y * 3, [normal(2, 3), normal(3)]),
    ("div", ["div"], lambda lib, x, y: x / y + 1 / y, [normal(2, 3), positive(2, 3)]),
    ("pow_scalar", ["pow"], lambda lib, x: x ** 3, [normal(2, 3)]),
    ("pow_tensor", ["pow"], lambda lib, x, y: x ** y, [positive(2, 3), normal(2, 3)]),
    ("rpow", ["pow"], lambda lib, x: 2 ** x, [normal(2, 3)]),
    ("neg_abs", ["neg", "abs"], lambda lib, x: -abs(x), [normal(2, 3)]),
    ("remainder", ["remainder"], lambda lib, x: lib.remainder(x, 0.7), [normal(2, 3)]),
    ("clone_to", ["clone"], lambda lib, x: x.clone() * 1, [normal(3)]),
    ("getitem_basic", ["getitem"], lambda lib, x: x[1:, ::2][0], [normal(3, 4)]),
    ("getitem_advanced", ["getitem"], lambda lib, x: x[[0, 2, 0]], [normal(3, 2)]),
    ("getitem_mask", ["getitem"], lambda lib, x: x[x > 0], [normal(3, 4)]),
]
for _name, _domain in [("exp", normal), ("exp2", normal), ("expm1", normal), ("log", positive),
                       ("log2", positive), ("log10", positive), ("log1p", positive), ("sqrt", positive),
                       ("rsqrt", positive), ("sin", normal), ("cos", normal), ("tan", unit), ("asin", unit),
                       ("acos", unit), ("atan", normal), ("sinh", normal), ("cosh", normal), ("tanh", normal),
                       ("asinh", normal), ("acosh", above_one), ("atanh", unit), ("sigmoid", normal),
                       ("erf", normal), ("erfc", normal), ("erfinv", unit), ("lgamma", positive),
                       ("digamma", positive), ("reciprocal", positive), ("square", normal), ("sinc", normal),
                       ("i0", normal), ("frac", positive), ("sign", normal), ("floor", normal), ("trunc", normal)]:
    _needs = {"digamma": ["special.polygamma"], "i0": ["special.i1"]}.get(_name, [])
    CASES.append((_name, [_name] + _needs, (lambda n: lambda lib, x: getattr(lib, n)(x))(_name), [_domain(2, 3)]))
CASES += [
    ("maximum", ["maximum"], lambda lib, x, y: lib.maximum(x, y), [distinct(2, 3), normal(3)]),
    ("minimum", ["minimum"], lambda lib, x, y: lib.minimum(x, y), [distinct(2, 3), normal(3)]),
    ("atan2", ["atan2"], lambda lib, x, y: lib.atan2(x, y), [normal(2, 3), positive(2, 3)]),
    ("hypot", ["hypot"], lambda lib, x, y: lib.hypot(x, y), [normal(2, 3), normal(2, 3)]),
    ("logaddexp", ["logaddexp"], lambda lib, x, y: lib.logaddexp(x, y), [normal(2, 3), normal(3)]),
    ("xlogy", ["xlogy"], lambda lib, x, y: lib.xlogy(x, y), [normal(2, 3), positive(2, 3)]),
    ("fmod", ["fmod"], lambda lib, x: lib.fmod(x, 0.6), [normal(2, 3)]),
    ("clamp", ["clamp"], lambda lib, x: lib.clamp(x, -0.5, 0.5), [distinct(2, 3)]),
    ("clamp_tensor", ["clamp"], lambda lib, x, lo: lib.clamp(x, min=lo), [distinct(2, 3), normal(3)]),
    ("where", ["where"], lambda lib, x, y: lib.where(x > 0, x, y), [normal(2, 3), normal(2, 3)]),
    ("lerp", ["lerp"], lambda lib, x, y, w: lib.lerp(x, y, w), [normal(3), normal(3), normal(3)]),
    ("addcmul", ["addcmul"], lambda lib, x, a, b: lib.addcmul(x, a, b, value=0.5),
     [normal(2, 3), normal(2, 3), normal(3)]),
    ("addcdiv", ["addcdiv"], lambda lib, x, a, b: lib.addcdiv(x, a, b, value=2),
     [normal(2, 3), normal(2, 3), positive(3)]),
    ("sum_all", ["sum"], lambda lib, x: x.sum(), [normal(2, 3)]),
    ("sum_dim", ["sum"], lambda lib, x: x.sum(dim=(0, 2), keepdim=False), [normal(2, 3, 2)]),
    ("sum_keepdim", ["sum"], lambda lib, x: x.sum(1, keepdim=True), [normal(2, 3)]),
    ("mean", ["mean"], lambda lib, x: x.mean(dim=1), [normal(2, 3)]),
    ("prod", ["prod"], lambda lib, x: x.prod(dim=1), [normal(2, 3)]),
    ("prod_zero", ["prod"], lambda lib, x: (x * (x > -0.3)).prod(), [distinct(2, 2)]),
    ("var", ["var"], lambda lib, x: x.var(dim=1), [normal(2, 4)]),
    ("std", ["std"], lambda lib, x: x.std(correction=0), [normal(2, 4)]),
    ("nanmean", ["nanmean"], lambda lib, x: x.nanmean(dim=1), [normal(2, 3)]),
    ("mean_0d_dim", ["mean"], lambda lib, x: x.mean(0) + x.mean(-1, keepdim=True), [np.array(1.5)]),
    ("var_0d_dim", ["var"], lambda lib, x: x.var(0, correction=0), [np.array(1.5)]),
    ("vector_norm_0d_dim", ["linalg.vector_norm"], lambda lib, x: lib.linalg.vector_norm(x, dim=0), [np.array(-1.5)]),
    ("amax_ties", ["amax"], lambda lib, x: x.amax(dim=1), [np.array([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]])]),
    ("max_all_ties", ["max"], lambda lib, x: x.max(), [np.array([[1.0, 3.0, 3.0], [2.0, 0.0, 3.0]])]),
    ("max_dim", ["max"], lambda lib, x: x.max(dim=1).values, [distinct(2, 3)]),
    ("min_dim_keepdim", ["min"], lambda lib, x: x.min(dim=0, keepdim=True)[0], [distinct(2, 3)]),
    ("median_all", ["median"], lambda lib, x: x.median(), [distinct(2, 3)]),
    ("median_dim", ["median"], lambda lib, x: x.median(dim=1).values, [distinct(2, 3)]),
    ("logsumexp", ["logsumexp"], lambda lib, x: x.logsumexp(dim=1), [normal(2, 3)]),
    ("norm2", ["norm"], lambda lib, x: x.norm(), [normal(2, 3)]),
    ("norm1_dim", ["norm"], lambda lib, x: x.norm(p=1, dim=1), [normal(2, 3)]),
    ("norm3", ["norm"], lambda lib, x: x.norm(p=3), [normal(2, 3)]),
    ("cumsum", ["cumsum"], lambda lib, x: x.cumsum(1), [normal(2, 3)]),
    ("cumprod", ["cumprod"], lambda lib, x: x.cumprod(0), [positive(3, 2)]),
    ("logcumsumexp", ["logcumsumexp"], lambda lib, x: x.logcumsumexp(1), [normal(2, 3)]),
    ("cummax", ["cummax"], lambda lib, x: x.cummax(1).values, [distinct(2, 4)]),
    ("trace", ["trace"], lambda lib, x: x.trace(), [normal(3, 3)]),
    ("view_reshape", ["view", "reshape"], lambda lib, x: x.view(3, 2).t().reshape(-1), [normal(2, 3)]),
    ("permute", ["permute"], lambda lib, x: x.permute(2, 0, 1) * 2, [normal(2, 3, 2)]),
    ("transpose", ["transpose"], lambda lib, x: x.transpose(0, 1).contiguous(), [normal(2, 3)]),
    ("squeeze_unsqueeze", ["squeeze", "unsqueeze"], lambda lib, x: x.unsqueeze(1).squeeze(0), [normal(1, 3)]),
    ("expand", ["expand"], lambda lib, x: x.expand(2, 3, 2) * 1, [normal(3, 1)]),
    ("narrow_select", ["narrow", "select"], lambda lib, x: x.narrow(1, 1, 2).select(0, 1), [normal(2, 3)]),
    ("cat", ["cat"], lambda lib, x, y: lib.cat([x, y, x], dim=1), [normal(2, 1), normal(2, 2)]),
    ("stack", ["stack"], lambda lib, x, y: lib.stack([x, y], dim=1), [normal(2, 3), normal(2, 3)]),
    ("flip", ["flip"], lambda lib, x: x.flip([0, 1]), [normal(2, 3)]),
    ("roll", ["roll"], lambda lib, x: x.roll(1, 1), [normal(2, 3)]),
    ("roll_flat", ["roll"], lambda lib, x: x.roll(2), [normal(2, 3)]),
    ("repeat", ["repeat"], lambda lib, x: x.repeat(2, 1, 3), [normal(2, 3)]),
    ("diagonal", ["diagonal"], lambda lib, x: x.diagonal(1), [normal(3, 4)]),
    ("unfold", ["unfold"], lambda lib, x: x.unfold(0, 3, 1), [normal(5)]),
    ("index_select", ["index_select"],
     lambda lib, x: lib.index_select(x, 1, lib.tensor([0, 2, 0])), [normal(2, 3)]),
    ("gather", ["gather"], lambda lib, x: lib.gather(x, 1, lib.tensor([[0, 0], [2, 1]])), [normal(2, 3)]),
    ("scatter", ["scatter"], lambda lib, x, s: lib.scatter(x, 1, lib.tensor([[2], [0]]), s),
     [normal(2, 3), normal(2, 1)]),
    ("scatter_add", ["scatter_add"], lambda lib, x, s: lib.scatter_add(x, 0, lib.tensor([[1, 0, 1]]), s),
     [normal(2, 3), normal(1, 3)]),
    ("index_add", ["index_add"], lambda lib, x, s: x.index_add(0, lib.tensor([1, 1]), s, alpha=2),
     [normal(2, 3), normal(2, 3)]),
    ("index_copy", ["index_copy"], lambda lib, x, s: x.index_copy(1, lib.tensor([2, 0]), s),
     [normal(2, 3), normal(2, 2)]),
    ("index_fill", ["index_fill"], lambda lib, x: x.index_fill(1, lib.tensor([1]), 5.0), [normal(2, 3)]),
    ("index_put", ["index_put"], lambda lib, x, v: x.index_put((lib.tensor([0, 1]), lib.tensor([2, 0])), v),
     [normal(2, 3), normal(2)]),
    ("index_put_acc", ["index_put"], lambda lib, x, v: x.index_put((lib.tensor([1, 1]),), v, accumulate=True),
     [normal(2, 3), normal(3)]),
    ("masked_fill", ["masked_fill"], lambda lib, x: x.masked_fill(x > 0, 2.0), [normal(2, 3)]),
    ("masked_select", ["masked_select"], lambda lib, x, y: lib.masked_select(x, y > 0), [normal(2, 3),
                                                                                         normal(3)]),
    ("masked_scatter", ["masked_scatter"], lambda lib, x, s: x.masked_scatter(x > 0, s), [normal(2, 3),
                                                                                          normal(6)]),
    ("take", ["take"], lambda lib, x: lib.take(x, lib.tensor([[0, 5], [5, 2]])), [normal(2, 3)]),
    ("put", ["put"], lambda lib, x, s: x.put(lib.tensor([4, 0]), s), [normal(2, 3), normal(2)]),
    ("take_along_dim", ["take_along_dim"], lambda lib, x: lib.take_along_dim(x, lib.tensor([[1], [0]]), 1),
     [normal(2, 3)]),
    ("sort", ["sort"], lambda lib, x: x.sort(dim=1, descending=True).values, [distinct(2, 3)]),
    ("topk", ["topk"], lambda lib, x: x.topk(2, dim=0).values, [distinct(3, 2)]),
    ("kthvalue", ["kthvalue"], lambda lib, x: x.kthvalue(2, dim=1).values, [distinct(2, 3)]),
    ("mode_dim", ["mode"], lambda lib, x: x.mode(dim=1).values, [distinct(2, 3)]),
    ("softmax", ["softmax"], lambda lib, x: lib.softmax(x, 1) * lib.arange(3.0), [normal(2, 3)]),
    ("log_softmax", ["log_softmax"], lambda lib, x: lib.log_softmax(x, 0) * x, [normal(2, 3)]),
    ("logit", ["logit"], lambda lib, x: lib.logit(x, eps=0.1), [rng.uniform(0.2, 0.8, (2, 3))]),
    ("polygamma", ["polygamma"], lambda lib, x: lib.polygamma(1, x), [positive(2, 3)]),
    ("mvlgamma", ["mvlgamma"], lambda lib, x: lib.mvlgamma(x, 2), [above_one(2, 3)]),
    ("ndtr", ["special.ndtr"], lambda lib, x: lib.special.ndtr(x), [normal(2, 3)]),
    ("ndtri", ["special.ndtri"], lambda lib, x: lib.special.ndtri(x), [rng.uniform(0.1, 0.9, (2, 3))]),
    ("log_ndtr", ["special.log_ndtr"], lambda lib, x: lib.special.log_ndtr(x), [normal(2, 3)]),
    ("i0e", ["special.i0e"], lambda lib, x: lib.special.i0e(x), [normal(2, 3)]),
    ("i1", ["special.i1"], lambda lib, x: lib.special.i1(x), [normal(2, 3)]),
    ("i1e", ["special.i1e"], lambda lib, x: lib.special.i1e(x), [normal(2, 3)]),
    ("entr", ["special.entr"], lambda lib, x: lib.special.entr(x), [positive(2, 3)]),
    ("xlog1py", ["special.xlog1py"], lambda lib, x, y: lib.special.xlog1py(x, y), [normal(2, 3),
                                                                                   positive(2, 3)]),
    ("bessel_j0_not_differentiable", ["special.bessel_j0"], lambda lib, x: lib.special.bessel_j0(x) + x,
     [normal(2, 3)]),
    ("det", ["linalg.det"], lambda lib, a: lib.linalg.det(a), [normal(2, 3, 3)]),
    ("slogdet", ["linalg.slogdet"], lambda lib, a: lib.linalg.slogdet(a)[1], [normal(3, 3)]),
    ("inv", ["linalg.inv"], lambda lib, a: lib.linalg.inv(a), [normal(3, 3) + 3 * np.eye(3)]),
    ("solve", ["linalg.solve"], lambda lib, a, b: lib.linalg.solve(a, b), [normal(3, 3) + 3 * np.eye(3),
                                                                          normal(3, 2)]),
    ("solve_vector", ["linalg.solve"], lambda lib, a, b: lib.linalg.solve(a, b),
     [normal(3, 3) + 3 * np.eye(3), normal(3)]),
    ("cholesky", ["linalg.cholesky"], lambda lib, a: lib.linalg.cholesky(a @ a.mT + lib.eye(3, dtype=a.dtype)),
     [normal(3, 3)]),
    ("eigh", ["linalg.eigh"], lambda lib, a: _eigh_invariant(lib, a), [normal(3, 3)]),
    ("eigvalsh", ["linalg.eigvalsh"], lambda lib, a: lib.linalg.eigvalsh(a + a.mT), [normal(3, 3)]),
    ("svd", ["linalg.svd"], lambda lib, a: _svd_invariant(lib, a), [normal(4, 3)]),
    ("svdvals", ["linalg.svdvals"], lambda lib, a: lib.linalg.svdvals(a), [normal(3, 4)]),
    ("qr", ["linalg.qr"], lambda lib, a: _qr_invariant(lib, a), [normal(4, 3)]),
    ("pinv", ["linalg.pinv"], lambda lib, a: lib.linalg.pinv(a), [normal(4, 3)]),
    ("matrix_exp", ["linalg.matrix_exp"], lambda lib, a: lib.linalg.matrix_exp(a), [normal(3, 3) * 0.5]),
    ("matrix_power", ["linalg.matrix_power"], lambda lib, a: lib.linalg.matrix_power(a, 3), [normal(3, 3)]),
    ("matrix_norm", ["linalg.matrix_norm"], lambda lib, a: lib.linalg.matrix_norm(a), [normal(2, 3, 3)]),
    ("nuclear_norm", ["linalg.matrix_norm"], lambda lib, a: lib.linalg.matrix_norm(a, "nuc"), [normal(3, 3)]),
    ("vector_norm", ["linalg.vector_norm"], lambda lib, a: lib.linalg.vector_norm(a, 3, dim=1), [normal(2, 3)]),
    ("vecdot", ["linalg.vecdot"], lambda lib, x, y: lib.linalg.vecdot(x, y), [normal(2, 3), normal(3)]),
    ("fft", ["fft.fft"], lambda lib, x: lib.fft.fft(x, n=5).abs(), [normal(2, 4)]),
    ("ifft_norm", ["fft.ifft"], lambda lib, x: lib.fft.ifft(x, n=3, norm="ortho").abs(), [normal(4)]),
    ("rfft", ["fft.rfft"], lambda lib, x: lib.fft.rfft(x).abs(), [normal(2, 5)]),
    ("irfft", ["fft.irfft", "fft.rfft"], lambda lib, x: lib.fft.irfft(lib.fft.rfft(x) * 1.5, n=6), [normal(6)]),
    ("hfft", ["fft.hfft", "fft.rfft"], lambda lib, x: lib.fft.hfft(lib.fft.rfft(x) * 1.5, n=7, norm="ortho"),
     [normal(2, 7)]),
    ("ihfft", ["fft.ihfft"], lambda lib, x: lib.fft.ihfft(x, n=5, norm="forward").abs(), [normal(2, 6)]),
    ("fft2", ["fft.fft2"], lambda lib, x: lib.fft.fft2(x).abs(), [normal(3, 4)]),
    ("hfftn", ["fft.hfftn", "fft.rfftn"], lambda lib, x: lib.fft.hfftn(lib.fft.rfftn(x) * 1.5, s=(3, 6), norm="ortho"),
     [normal(3, 6)]),
    ("hfft2", ["fft.hfft2", "fft.rfft2"], lambda lib, x: lib.fft.hfft2(lib.fft.rfft2(x), s=(2, 5)), [normal(2, 5)]),
    ("ihfftn", ["fft.ihfftn"], lambda lib, x: lib.fft.ihfftn(x, dim=(0, 1), norm="forward").abs(), [normal(3, 4)]),
    ("ihfft2", ["fft.ihfft2"], lambda lib, x: lib.fft.ihfft2(x, s=(2, 5)).abs(), [normal(3, 4)]),
    ("rfftn", ["fft.rfftn"], lambda lib, x: lib.fft.rfftn(x, norm="forward").abs(), [normal(3, 4)]),
    ("diff", ["diff"], lambda lib, x, p: lib.diff(x, n=2, dim=1, prepend=p), [normal(2, 4), normal(2, 1)]),
    ("kron", ["kron"], lambda lib, a, b: lib.kron(a, b), [normal(2, 3), normal(2)]),
    ("matmul_batched", ["matmul"], lambda lib, x, y: x @ y, [normal(2, 2, 3), normal(3, 2)]),
    ("matmul_vec", ["matmul"], lambda lib, x, y: lib.matmul(x, y), [normal(3), normal(2, 3, 2)]),
    ("mv_dot", ["mv", "dot"], lambda lib, x, v: lib.dot(lib.mv(x, v), v[:2]), [normal(2, 3), normal(3)]),
    ("outer", ["outer"], lambda lib, x, y: lib.outer(x, y), [normal(3), normal(2)]),
    ("addmm", ["addmm"], lambda lib, b, x, y: lib.addmm(b, x, y, beta=0.5, alpha=2),
     [normal(2), normal(3, 2), normal(2, 2)]),
    ("baddbmm", ["baddbmm"], lambda lib, b, x, y: lib.baddbmm(b, x, y), [normal(2, 2), normal(2, 2, 3),
                                                                         normal(2, 3, 2)]),
    ("addbmm", ["addbmm"], lambda lib, b, x, y: lib.addbmm(b, x, y), [normal(2, 2), normal(2, 2, 3),
                                                                     normal(2, 3, 2)]),
    ("einsum", ["einsum"], lambda lib, x, y: lib.einsum("ijk,kl->il", x, y), [normal(2, 3, 2), normal(2, 3)]),
    ("einsum_implicit", ["einsum"], lambda lib, x, y: lib.einsum("ij,jk", x, y), [normal(2, 3), normal(3, 2)]),
    ("einsum_diagonal", ["einsum"], lambda lib, x: lib.einsum("ii->i", x), [normal(3, 3)]),
    ("einsum_trace", ["einsum"], lambda lib, x: lib.einsum("ii", x), [normal(3, 3)]),
    ("einsum_diagonal_summed", ["einsum"], lambda lib, x: lib.einsum("iji->j", x), [normal(3, 2, 3)]),
    ("einsum_diagonal_of_second", ["einsum"], lambda lib, x, y: lib.einsum("ij,jj->i", x, y),
     [normal(2, 3), normal(3, 3)]),
    ("tensordot", ["tensordot"], lambda lib, x, y: lib.tensordot(x, y, dims=([1, 0], [0, 2])),
     [normal(2, 3), normal(3, 2, 2)]),
    ("cross", ["cross"], lambda lib, x, y: lib.cross(x, y, dim=1), [normal(2, 3), normal(2, 3)]),
    # quantile: ranks q * (n - 1) kept off integers, so finite differences (in x and q) stay on one lerp
    ("quantile_linear", ["quantile"], lambda lib, x, q: x.quantile(q, dim=1),
     [distinct(2, 3, 4), np.array([0.15, 0.55, 0.9])]),
    ("quantile_all_keepdim_higher", ["quantile"],
     lambda lib, x: x.quantile(0.3, keepdim=True, interpolation="higher"), [distinct(2, 3)]),
    ("quantile_0d_q_midpoint", ["quantile"],
     lambda lib, x, q: x.quantile(q, dim=-1, keepdim=True, interpolation="midpoint"), [distinct(2, 3), np.array(0.4)]),
    ("quantile_0d_input_nearest", ["quantile"], lambda lib, x: x.quantile(0.7, dim=0, interpolation="nearest"),
     [normal()]),
    ("nanquantile_all", ["nanquantile"], lambda lib, x, q: x.nanquantile(q),
     [distinct(2, 3), np.array([0.15, 0.55, 0.9])]),
    ("nanquantile_lower", ["nanquantile"], lambda lib, x, q: x.nanquantile(q, dim=0, interpolation="lower"),
     [distinct(3, 2), np.array([0.15, 0.55, 0.9])]),
]


def _eigh_invariant(lib, a):
    values, vectors = lib.linalg.eigh(a + a.mT)
    return values, vectors.abs()   # eigenvector signs are arbitrary: compare |V|


def _svd_invariant(lib, a):
    u, s, vh = lib.linalg.svd(a, full_matrices=False)
    return s, (u @ vh)


def _qr_invariant(lib, a):
    q, r = lib.linalg.qr(a)
    return q * r[0, 0], r


def _has(name):
    owner = ft
    for part in name.split("."):
        if not hasattr(owner, part):
            return hasattr(ft.Tensor, name)
        owner = getattr(owner, part)
    return True


# Subgradients at ties are a convention (PyTorch splits evenly); finite differences cannot check them.
# bessel_j0 is not differentiable in PyTorch, so its gradient is (deliberately) not the true derivative.
TIES = {"amax_ties", "max_all_ties", "bessel_j0_not_differentiable"}


def _available(names):
    missing = [n for n in names if not _has(n) and n != "getitem"]
    if missing:
        pytest.skip(f"tensor-core has no {missing} yet")


@pytest.mark.parametrize("case", [c for c in CASES if c[0] not in TIES],
                         ids=[c[0] for c in CASES if c[0] not in TIES])
def test_gradcheck(case):
    _, names, fn, makers = case
    _available(names)
    assert_gradcheck(fn, makers)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_oracle_gradient(case):
    _, names, fn, makers = case
    _available(names)
    check_oracle_gradient(fn, makers)


SECOND_ORDER = ["mul", "div", "pow_tensor", "exp", "log", "tanh", "sigmoid", "sin", "sqrt", "sum_dim", "mean",
                "var", "logsumexp", "norm2", "cumsum", "matmul_batched", "einsum", "einsum_diagonal_of_second",
                "einsum_trace", "getitem_advanced", "cat",
                "permute", "where", "maximum", "clamp", "expand", "prod"]


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in SECOND_ORDER],
                         ids=[c[0] for c in CASES if c[0] in SECOND_ORDER])
def test_gradgradcheck(case):
    _, names, fn, makers = case
    _available(names)
    assert_gradgradcheck(fn, makers)


@pytest.mark.parametrize("name", ["tanh", "mul", "matmul_batched", "logsumexp"])
def test_oracle_second_derivatives(name):
    _, names, fn, makers = next(c for c in CASES if c[0] == name)
    _available(names)
    check_oracle_second_derivatives(fn, makers)


@pytest.mark.parametrize("call", [lambda lib, x: x.nanmean(), lambda lib, x: x.nanmean(1),
                                  lambda lib, x: x.nanmean(0, keepdim=True)], ids=["all", "dim", "all-nan-slice"])
def test_nanmean_gradient_with_nans_matches_torch(call):
    """NaNs get zero; a slice of NaNs only gets NaN (PyTorch multiplies by the mask)."""
    oracle.check(call, np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 2.0]]), grad=True)


@pytest.mark.parametrize("call", [lambda lib, x: x.std(), lambda lib, x: x.std(1),
                                  lambda lib, x: lib.std_mean(x, 1)[0], lambda lib, x: x[0, 0].std(0, correction=0)],
                         ids=["all", "dim", "std_mean", "0d"])
def test_std_of_a_constant_has_zero_gradient_like_torch(call):
    oracle.check(call, np.ones((2, 3)), grad=True)


@pytest.mark.parametrize("name", ["quantile_linear", "nanquantile_all"])
def test_quantile_second_derivatives(name):
    """The input's gradient depends on a tensor q through the lerp weight, q's on the input's values."""
    test_gradgradcheck(next(c for c in CASES if c[0] == name))
    test_oracle_second_derivatives(name)


# 16 elements at most: PyTorch's CPU sort (std::sort) keeps ties in order only up to 16 elements
_TIES_AND_NANS = np.array([[2.0, 1.0, 2.0, 1.0], [1.0, np.nan, 3.0, np.nan],
                           [np.nan, np.nan, np.nan, np.nan], [5.0, 5.0, 5.0, 5.0]])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("dim", [None, 1, -2])
def test_quantile_gradient_with_ties_and_nans_matches_torch(dim, name, interpolation, dtype):
    """Ties go to the stable sort's pick; a slice with NaN (quantile) or only NaN (nanquantile) sends
    the gradient to a NaN and gives q none; integer ranks (q = 0, 0.5, 1) read one element."""
    quantiles = np.array([0.0, 0.3, 0.5, 0.7, 1.0], dtype)
    oracle.check(lambda lib, x, q: getattr(x, name)(q, dim=dim, interpolation=interpolation),
                 _TIES_AND_NANS.astype(dtype), quantiles, grad=True)
    oracle.check(lambda lib, x: getattr(x, name)(0.6, dim=dim, keepdim=True, interpolation=interpolation),
                 _TIES_AND_NANS.astype(dtype), grad=True)


@pytest.mark.parametrize("call", [lambda lib, x: lib.linalg.vector_norm(x, 0),
                                  lambda lib, x: lib.linalg.vector_norm(x, 0, dim=1, keepdim=True),
                                  lambda lib, x: x.norm(p=0) + x.sum()], ids=["all", "dim", "norm-plus-sum"])
def test_vector_norm_ord_0_has_no_gradient_like_torch(call):
    """ord=0 counts non-zeros: PyTorch's node returns no gradient (None, so ``x.grad`` stays None where
    nothing else reaches ``x``), not zeros."""
    torch = oracle.torch()
    x = np.array([[0.0, 1.5, -2.0], [0.0, 0.0, 3.0]])
    grads = []
    for lib, grad in ((ft, ag.grad), (torch, torch.autograd.grad)):
        leaf = lib.tensor(x, requires_grad=True)
        (g,) = grad(call(lib, leaf).sum(), [leaf], allow_unused=True)
        grads.append(None if g is None else np.asarray(g.detach().numpy() if lib is torch else g))
        leaf.grad = None
        call(lib, leaf).sum().backward()
        assert (leaf.grad is None) == (grads[-1] is None)
    assert (grads[0] is None) == (grads[1] is None)
    if grads[1] is not None:
        np.testing.assert_array_equal(grads[0], grads[1])


def _complex_matrix(lib, x, y):
    return lib.complex(x, y) + 3 * lib.eye(3, dtype=lib.complex128)


COMPLEX_DETERMINANTS = [
    ("slogdet-sign-and-logabsdet", lambda lib, x, y: (lambda r: r[0].real * 2 + r[0].imag * 3 + r[1])(
        lib.linalg.slogdet(_complex_matrix(lib, x, y)))),
    ("slogdet-sign-only", lambda lib, x, y: lib.linalg.slogdet(_complex_matrix(lib, x, y))[0].imag),
    ("logdet-complex", lambda lib, x, y: lib.logdet(_complex_matrix(lib, x, y)).abs()),
]


@pytest.mark.parametrize("call", [pytest.param(c, id=i) for i, c in COMPLEX_DETERMINANTS])
def test_complex_determinant_gradients(call):
    """The sign of a complex determinant is differentiable (PyTorch's slogdet_backward adds its term)."""
    makers = [normal(3, 3), normal(3, 3)]
    assert_gradcheck(call, makers)
    check_oracle_gradient(call, makers)

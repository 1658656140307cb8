"""Gradients of tensor-core's extra math, array and linear-algebra ops: gradcheck in float64, the
gradient against PyTorch's (oracle), and second derivatives for a representative few."""
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

rng = np.random.default_rng(11)
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def normal(*shape):
    return rng.standard_normal(shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, shape)


def dominant(*shape):
    """Square matrices with a dominant diagonal (well-conditioned triangles and LU pivots)."""
    return rng.standard_normal(shape) + 4 * np.eye(shape[-1])


def spd_factor(lib, a):
    return lib.linalg.cholesky(a @ a.mT + lib.eye(a.shape[-1], dtype=a.dtype))


def _lu_invariant(lib, a):
    P, L, U = lib.linalg.lu(a)
    return L, U


# (id, function of (lib, *tensors), input arrays)
CASES = [
    # non-negative exponents: PyTorch 2.13's ldexp backward computes 2**other in integers
    ("ldexp", lambda lib, x: lib.ldexp(x, lib.tensor([1, 0, 3])), [normal(2, 3)]),
    ("frexp", lambda lib, x: lib.frexp(x).mantissa, [normal(2, 3) * 10]),
    ("deg2rad", lambda lib, x: lib.deg2rad(x), [normal(3)]),
    ("rad2deg", lambda lib, x: lib.rad2deg(x), [normal(3)]),
    ("igamma", lambda lib, x: lib.igamma(lib.tensor([0.5, 2.0, 7.0], dtype=x.dtype), x), [positive(2, 3)]),
    ("igammac", lambda lib, x: lib.igammac(lib.tensor([0.5, 2.0, 7.0], dtype=x.dtype), x), [positive(2, 3)]),
    ("erfcx", lambda lib, x: lib.special.erfcx(x), [normal(2, 3) * 3]),
    ("renorm", lambda lib, x: lib.renorm(x, 2, 0, 1.5), [normal(3, 4)]),
    ("renorm_p1", lambda lib, x: lib.renorm(x, 1, 1, 1.0), [normal(2, 3, 2)]),
    ("dist", lambda lib, x, y: lib.dist(x, y, 3), [normal(2, 3), normal(3)]),
    ("block_diag", lambda lib, a, b: lib.block_diag(a, b, a[0]), [normal(2, 3), normal(2, 2)]),
    ("diagflat", lambda lib, x: lib.diagflat(x, -1), [normal(2, 2)]),
    ("cov", lambda lib, x: lib.cov(x), [normal(3, 5)]),
    ("cov_weighted", lambda lib, x, w: lib.cov(x, fweights=lib.tensor([1, 2, 1, 3]), aweights=w),
     [normal(2, 4), positive(4)]),
    ("corrcoef", lambda lib, x: lib.corrcoef(x), [normal(3, 5)]),
    ("combinations", lambda lib, x: lib.combinations(x, 2, True), [normal(4)]),
    ("trapezoid", lambda lib, y, x: lib.trapezoid(y, x, dim=0), [normal(4, 3), np.sort(normal(4))]),
    ("cumulative_trapezoid", lambda lib, y: lib.cumulative_trapezoid(y, dx=0.5), [normal(3, 4)]),
    ("vander", lambda lib, x: lib.vander(x, 4), [normal(3)]),
    ("linalg_vander", lambda lib, x: lib.linalg.vander(x, N=3), [normal(2, 3)]),
    ("index_reduce_prod", lambda lib, x, s: x.index_reduce(0, lib.tensor([0, 2, 0]), s, "prod"),
     [normal(3, 2), normal(3, 2)]),
    ("index_reduce_prod_zeros", lambda lib, x, s: x.index_reduce(0, lib.tensor([0, 2, 0, 1]), s * lib.tensor(
        [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=s.dtype), "prod", include_self=False),
     [normal(3, 2), normal(4, 2)]),
    ("index_reduce_mean", lambda lib, x, s: x.index_reduce(1, lib.tensor([1, 1, 0]), s, "mean"),
     [normal(2, 3), normal(2, 3)]),
    ("index_reduce_mean_excl", lambda lib, x, s: x.index_reduce(1, lib.tensor([1, 1, 0]), s, "mean",
                                                                include_self=False), [normal(2, 3), normal(2, 3)]),
    ("index_reduce_amax", lambda lib, x, s: x.index_reduce(0, lib.tensor([0, 0, 2]), s, "amax"),
     [normal(3, 2), normal(3, 2)]),
    ("index_reduce_amin_excl", lambda lib, x, s: x.index_reduce(0, lib.tensor([0, 0, 2]), s, "amin",
                                                                include_self=False), [normal(3, 2), normal(3, 2)]),
    ("solve_triangular", lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True),
     [dominant(3, 3), normal(3, 2)]),
    ("solve_triangular_right_unit", lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=False, left=False,
                                                                                  unitriangular=True),
     [dominant(2, 3, 3), normal(2, 3)]),
    ("triangular_solve", lambda lib, a, b: lib.triangular_solve(b, a, transpose=True).solution,
     [dominant(3, 3), normal(3, 2)]),
    ("cholesky_solve", lambda lib, a, b: lib.cholesky_solve(b, spd_factor(lib, a)), [normal(3, 3), normal(3, 2)]),
    ("cholesky_inverse", lambda lib, a: lib.cholesky_inverse(spd_factor(lib, a).mT, upper=True), [normal(3, 3)]),
    ("cholesky_inverse_lower", lambda lib, a: lib.cholesky_inverse(spd_factor(lib, a)), [normal(2, 3, 3)]),
    ("logdet", lambda lib, a: lib.logdet(a @ a.mT + lib.eye(3, dtype=a.dtype)), [normal(3, 3)]),
    ("lu_factor", lambda lib, a: lib.linalg.lu_factor(a).LU, [dominant(2, 3, 3)]),
    ("lu_factor_wide", lambda lib, a: lib.linalg.lu_factor(a).LU, [normal(3, 5)]),
    ("lu_factor_tall", lambda lib, a: lib.linalg.lu_factor(a).LU, [normal(5, 3)]),
    ("lu", _lu_invariant, [normal(4, 4)]),
    ("lu_solve", lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b, adjoint=True),
     [normal(3, 3), normal(3, 2)]),
    ("lu_solve_right", lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b, left=False),
     [normal(3, 3), normal(2, 3)]),
    ("solve_ex", lambda lib, a, b: lib.linalg.solve_ex(a, b).result, [dominant(3, 3), normal(3)]),
    ("cond_2", lambda lib, a: lib.linalg.cond(a), [normal(3, 4)]),
    ("cond_fro", lambda lib, a: lib.linalg.cond(a, "fro"), [dominant(3, 3)]),
    ("cond_nuc", lambda lib, a: lib.linalg.cond(a, "nuc"), [dominant(3, 3)]),
    ("householder_product", lambda lib, a, t: lib.linalg.householder_product(a, t), [normal(4, 3), normal(2)]),
    ("tensorinv", lambda lib, a: lib.linalg.tensorinv(a, 1), [dominant(4, 4).reshape(4, 2, 2)]),
    ("tensorsolve", lambda lib, a, b: lib.linalg.tensorsolve(a, b), [dominant(4, 4).reshape(2, 2, 4), normal(2, 2)]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_gradcheck(case):
    _, fn, arrays = case
    assert_gradcheck(fn, arrays)


# PyTorch 2.13's own backward of these fails ("modified by an inplace operation"): gradcheck only.
ORACLE_FAILS = {"vander", "cond_fro"}


@pytest.mark.parametrize("case", [c for c in CASES if c[0] not in ORACLE_FAILS],
                         ids=[c[0] for c in CASES if c[0] not in ORACLE_FAILS])
def test_oracle_gradient(case):
    _, fn, arrays = case
    check_oracle_gradient(fn, arrays, rtol=1e-6, atol=1e-8)


SECOND_ORDER = ["erfcx", "igamma", "renorm", "cov", "index_reduce_mean", "solve_triangular", "lu_factor",
                "cholesky_solve", "householder_product", "diagflat"]


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in SECOND_ORDER],
                         ids=[c[0] for c in CASES if c[0] in SECOND_ORDER])
def test_gradgradcheck(case):
    _, fn, arrays = case
    assert_gradgradcheck(fn, arrays)


def test_not_differentiable_where_pytorch_is_not():
    a = ft.tensor([1.0, 2.0], dtype=ft.float64, requires_grad=True)
    x = ft.tensor([0.5, 3.0], dtype=ft.float64)
    with pytest.raises(NotImplementedError):
        ft.igamma(a, x).sum().backward()
    with pytest.raises(RuntimeError, match="^derivative for aten::heaviside is not implemented$"):
        ft.heaviside(a, x).sum().backward()     # PyTorch's NotImplemented node
    assert not ft.frexp(a).exponent.requires_grad
    assert not ft.isin(a, x).requires_grad


def test_tril_triu_diag_embed_gradients():
    for name, fn in [("tril", lambda lib, x: x.tril(-1)), ("triu", lambda lib, x: lib.triu(x, 1)),
                     ("diag", lambda lib, x: lib.diag(x, 1)),
                     ("diag_embed", lambda lib, x: lib.diag_embed(x, 1, 0, 2))]:
        arrays = [normal(2, 3, 3) if name != "diag" else normal(3, 4)]
        check_oracle_gradient(fn, arrays)
        assert_gradgradcheck(fn, arrays)


def test_oracle_second_derivative_of_lu_factor():
    check_oracle_second_derivatives(lambda lib, x: lib.linalg.lu_factor(x).LU.pow(2), [dominant(3, 3)])



def test_cat_gradient_past_inputs_needing_no_grad():
    """block_diag pads with constant zero blocks: cat must split its gradient by every input's width."""
    oracle.check(lambda lib, x: lib.cat([lib.zeros(2, 3, dtype=x.dtype), x, lib.ones(2, 1, dtype=x.dtype)], 1),
                 normal(2, 2), grad=True)
    x = ft.tensor(normal(2, 2), requires_grad=True)
    constant = ft.zeros(2, 1, dtype=x.dtype)
    joined = ft.cat([constant, x], 1)
    constant.add_(1)                     # cat keeps no input alive, so this is allowed (as in PyTorch)
    joined.sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), np.ones((2, 2)))


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_inverse_gradient_is_dense_like_torch(upper):
    """PyTorch's formula gives the factor's whole square a gradient (the forward reads one triangle)."""
    oracle.check(lambda lib, a: lib.cholesky_inverse(a, upper=upper), positive(3, 3), grad=True)


@pytest.mark.parametrize("matrix", [normal(3, 3), np.array([[1.0, 2.0], [3.0, 4.0]]), np.stack([normal(2, 2)] * 2)],
                         ids=["random", "negative-det", "batch"])
def test_logdet_gradient_like_torch(matrix):
    """Composed as PyTorch's (where(sign < 0, nan, logabsdet)): NaN results have zero gradient."""
    oracle.check(lambda lib, a: lib.logdet(a), matrix, grad=True)


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, 0.5, float("inf"), 0.0])
@pytest.mark.parametrize("shapes", [((4, 3), (5, 3)), ((2, 4, 3), (5, 3))], ids=["matrices", "batch-broadcast"])
def test_cdist_gradient_like_torch(p, shapes):
    oracle.check(lambda lib, a, b: lib.cdist(a, b, p=p), normal(*shapes[0]), normal(*shapes[1]), grad=True)


def test_cdist_gradient_of_coinciding_points_and_matmul_mode_like_torch():
    oracle.check(lambda lib, a, b: lib.cdist(a, b, p=1.5), np.ones((2, 3)), np.ones((3, 3)), grad=True)
    oracle.check(lambda lib, a, b: lib.cdist(a, b), normal(30, 3), normal(40, 3), grad=True)   # > 25 rows: matmul


@pytest.mark.parametrize("p", [2.0, 1.5, 3.0])
def test_cdist_gradcheck_and_gradgradcheck(p):
    inputs = [ft.tensor(normal(3, 2), requires_grad=True), ft.tensor(normal(4, 2), requires_grad=True)]
    assert ag.gradcheck(lambda x, y: ft.cdist(x, y, p=p), inputs)
    assert ag.gradgradcheck(lambda x, y: ft.cdist(x, y, p=p), inputs)


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("rhs", [(3, 2), (2, 3, 2)], ids=["matrix", "batch"])
def test_cholesky_solve_gradient_is_dense_like_torch(upper, rhs):
    oracle.check(lambda lib, b, f: lib.cholesky_solve(b, f, upper=upper), normal(*rhs), positive(3, 3), grad=True)


def test_cholesky_solve_gradcheck_on_a_triangular_factor():
    factor = ft.tensor(np.tril(positive(3, 3)), requires_grad=True)
    rhs = ft.tensor(normal(3, 2), requires_grad=True)
    assert ag.gradcheck(lambda f, b: ft.cholesky_solve(b, f.tril()), [factor, rhs])
    assert ag.gradgradcheck(lambda f, b: ft.cholesky_solve(b, f.tril()), [factor, rhs])


@pytest.mark.parametrize("shapes", [((3,), (3,)), ((2, 3), (4, 3)), ((2, 1, 3), (3,)), ((), (2, 3)), ((2, 3), ())],
                         ids=["vectors", "matrices", "batch-vector", "scalar-left", "scalar-right"])
def test_inner_gradient_like_torch(shapes):
    oracle.check(lambda lib, a, b: lib.inner(a, b), normal(*shapes[0]), normal(*shapes[1]), grad=True)


def test_nextafter_gradient_like_torch():
    oracle.check(lambda lib, a, b: lib.nextafter(a, b), normal(2, 3), normal(3), grad=True)


@pytest.mark.parametrize("eps", [None, 0.1, 0.0])
def test_logit_gradient_outside_the_unit_interval_like_torch(eps):
    """NaN outside [0, 1] without eps, 0 outside [eps, 1 - eps] with it (never NaN from 0 * inf)."""
    oracle.check(lambda lib, t: lib.logit(t, eps), np.array([-0.5, 0.0, 0.05, 0.3, 0.95, 1.0, 1.5]), grad=True)


@pytest.mark.parametrize("name", ["i1", "i1e", "i0", "i0e"])
def test_bessel_gradients_at_zero_like_torch(name):
    """I1(x)/x tends to 1/2 at 0, so I1'(0) = 1/2 (the formula must not drop that term there)."""
    oracle.check(lambda lib, t: getattr(lib.special, name)(t), np.array([-1.0, 0.0, 0.5]), grad=True)


EIG_LOSSES = {   # losses that do not depend on the eigenvectors' arbitrary phases
    "eigvals": lambda lib, a: lib.linalg.eigvals(a).abs(),
    "eigenvectors": lambda lib, a: lib.linalg.eig(a)[1].abs(),
    "both": lambda lib, a: lib.linalg.eig(a)[0].real + lib.linalg.eig(a)[1].abs().sum(-2),
}


@pytest.mark.parametrize("loss", sorted(EIG_LOSSES))
@pytest.mark.parametrize("matrix", [normal(4, 4), normal(2, 3, 3), normal(3, 3) + 1j * normal(3, 3)],
                         ids=["real", "batch", "complex"])
def test_eig_gradient_like_torch(loss, matrix):
    oracle.check(EIG_LOSSES[loss], matrix, grad=True)


@pytest.mark.parametrize("loss", sorted(EIG_LOSSES))
def test_eig_gradcheck(loss):
    assert ag.gradcheck(lambda a: EIG_LOSSES[loss](ft, a), [ft.tensor(normal(4, 4), requires_grad=True)])

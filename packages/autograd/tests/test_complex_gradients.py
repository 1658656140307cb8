"""Gradients with complex128 leaves against PyTorch's (its conjugate Wirtinger convention): pointwise,
binary, reduction, linear-algebra, fft and indexing ops. Only the oracle can check these (gradcheck takes
real inputs; test_complex_views_grad and test_formulas gradcheck complex values built from real ones)."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

rng = np.random.default_rng(3)
Z = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3)) + 2 * np.eye(3)
W = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
CASES: list = []


def case(label, fn, *args):
    CASES.append(pytest.param(fn, args or (Z,), id=label))


UNARY = ("exp log sin cos tan sinh cosh tanh asin acos atan asinh acosh atanh sqrt rsqrt reciprocal sigmoid abs "
         "sgn angle square neg conj conj_physical log10 log2 log1p expm1 exp2 real imag").split()
REAL_RESULTS = ("abs", "angle", "real", "imag")
for op in UNARY:
    case(op, lambda T, z, op=op: getattr(T, op)(z) * (1.5 if op in REAL_RESULTS else 1 + 0.5j))
for op in "add sub mul div pow atan2 xlogy".split():
    case(op, lambda T, z, w, op=op: getattr(T, op)(z, w), Z, W)
    case(op + "-scalar", lambda T, z, op=op: getattr(T, op)(z, z if op in ("atan2", "xlogy") else 2 - 1j))
case("rpow", lambda T, z: (2 + 1j) ** z)
for op in "sum mean prod var std".split():
    case(op, lambda T, z, op=op: getattr(T, op)(z, 1))
for op in ("cumsum", "cumprod"):
    case(op, lambda T, z, op=op: getattr(T, op)(z, 0))
MORE = {
    "norm": lambda T, z: T.linalg.norm(z),
    "vector_norm3": lambda T, z: T.linalg.vector_norm(z, 3, dim=1),
    "matrix_norm": lambda T, z: T.linalg.matrix_norm(z),
    "nuc": lambda T, z: T.linalg.matrix_norm(z, "nuc"),
    "spectral": lambda T, z: T.linalg.matrix_norm(z, 2),
    "det": lambda T, z: T.linalg.det(z),
    "inv": lambda T, z: T.linalg.inv(z),
    "solve": lambda T, z: T.linalg.solve(z, z[:, :2]),
    "matmul": lambda T, z: z @ z.mH,
    "pinv": lambda T, z: T.linalg.pinv(z),
    "matrix_exp": lambda T, z: T.linalg.matrix_exp(z * 0.3),
    "matrix_power": lambda T, z: T.linalg.matrix_power(z, 3),
    "svdvals": lambda T, z: T.linalg.svdvals(z),
    "eigvalsh": lambda T, z: T.linalg.eigvalsh(z + z.mH),
    "cholesky": lambda T, z: T.linalg.cholesky(z @ z.mH + T.eye(3)),
    "qr-R": lambda T, z: T.linalg.qr(z).R.abs(),
    "eigvals": lambda T, z: T.linalg.eigvals(z),
    "trace": lambda T, z: T.trace(z),
    "logsumexp": lambda T, z: T.logsumexp(z, 1),
    "vecdot": lambda T, z: T.linalg.vecdot(z, z.flip(0)),
    "dot": lambda T, z: T.dot(z[0], z[1]),
    "vdot": lambda T, z: T.vdot(z[0], z[1]),
    "inner": lambda T, z: T.inner(z, z),
    "outer": lambda T, z: T.outer(z[0], z[1]),
    "kron": lambda T, z: T.kron(z[:2, :2], z),
    "cross": lambda T, z: T.linalg.cross(z, z.flip(1)),
    "einsum": lambda T, z: T.einsum("ij,jk->ik", z, z),
    "fft": lambda T, z: T.fft.fft(z),
    "ifft2": lambda T, z: T.fft.ifft2(z),
    "cumsum-flip": lambda T, z: z.flip(0).cumsum(1),
    "lstsq": lambda T, z: T.linalg.lstsq(z, z[:, :1]).solution,
    "lu_solve": lambda T, z: T.linalg.lu_solve(*T.linalg.lu_factor(z), z),
    "solve_triangular": lambda T, z: T.linalg.solve_triangular(z.triu(), z, upper=True),
    "cholesky_inverse": lambda T, z: T.cholesky_inverse(T.linalg.cholesky(z @ z.mH + T.eye(3))),
    "householder": lambda T, z: T.linalg.householder_product(z, z[0, :2]),
    "cdist": lambda T, z: T.cdist(z.real, z.imag) * 1,
    "polar": lambda T, z: T.polar(z.abs(), z.angle()),
    "complex": lambda T, z: T.complex(z.real, z.imag) * z,
    "view_as_real": lambda T, z: T.view_as_real(z) * 2,
    "where": lambda T, z: T.where(z.real > 0, z, z * 2),
    "masked_fill": lambda T, z: z.masked_fill(z.real > 0, 1j),
    "index_add": lambda T, z: z.index_add(0, T.tensor([0, 0, 1]), z * 1j),
    "scatter_add": lambda T, z: z.scatter_add(1, T.tensor([[0, 1, 0]] * 3), z),
    "gather": lambda T, z: z.gather(1, T.tensor([[0, 2]] * 3)),
    "lerp": lambda T, z: T.lerp(z, z.flip(0), 0.3),
    "addcmul": lambda T, z: T.addcmul(z, z, z.flip(1), value=0.5),
    "addcdiv": lambda T, z: T.addcdiv(z, z, z.flip(1) + 3, value=0.5),
    "prod-all": lambda T, z: T.prod(z),
    "cumprod-all": lambda T, z: T.cumprod(z.flatten(), 0),
    "logcumsumexp": lambda T, z: T.logcumsumexp(z, 1),
    "sinc": lambda T, z: T.sinc(z),
    "linalg.eig-vals": lambda T, z: T.linalg.eig(z).eigenvalues,
    "svd-S": lambda T, z: T.linalg.svd(z).S,
    "eigh-vals": lambda T, z: T.linalg.eigh(z + z.mH).eigenvalues,
    "slogdet": lambda T, z: T.linalg.slogdet(z).logabsdet,
    "triangular": lambda T, z: z.tril(-1) + z.triu(1) * 1j,
    "softmax-real": lambda T, z: T.softmax(z.real, 1),
    "diag_embed": lambda T, z: T.diag_embed(z) * 2,
    "tensordot": lambda T, z: T.tensordot(z, z, 1),
    "mv": lambda T, z: T.mv(z, z[0]),
    "addmm": lambda T, z: T.addmm(z, z, z, beta=0.5, alpha=1j),
    "baddbmm": lambda T, z: T.baddbmm(z[None], z[None], z[None], alpha=2j),
    "addmv": lambda T, z: T.addmv(z[0], z, z[1], alpha=1j),
    "pow-tensor-real": lambda T, z: T.pow(z, z.real),
    "clamp-real": lambda T, z: T.clamp(z.real, -0.5, 0.5),
    "nan_to_num": lambda T, z: T.nan_to_num(z),
    "roll": lambda T, z: T.roll(z, 1, 0),
    "rot90": lambda T, z: T.rot90(z),
    "renorm": lambda T, z: T.renorm(z, 2, 0, 1.0),
    "dist": lambda T, z: T.dist(z, z.flip(0)),
    "cov": lambda T, z: T.cov(z),
    "corrcoef": lambda T, z: T.corrcoef(z),
    "trapezoid": lambda T, z: T.trapezoid(z),
    "cummax-real": lambda T, z: T.cummax(z.real, 0).values,
    "diff": lambda T, z: T.diff(z),
    "stft-ish": lambda T, z: T.fft.rfft(z.real),
    "hfft": lambda T, z: T.fft.hfft(z),
    "matrix_rank-free": lambda T, z: T.linalg.multi_dot([z, z, z]),
}
for name, fn in MORE.items():
    case(name, fn)


@pytest.mark.parametrize("fn, args", CASES)
def test_complex_gradient_matches_pytorch(fn, args):
    oracle.check(fn, *args, grad=True, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("op", ["nan_to_num", "normal", "geqrf"])
def test_ops_differentiable_for_real_outputs_only_refuse_complex(op):
    oracle.check_outcome(lambda T, z: getattr(T, op)(z.requires_grad_()), Z)

"""Every public op of flambeau_tensor_core runs on CUDA tensors in some test.

``CASES`` re-runs each op with its inputs on the GPU and compares the result with PyTorch's on the CPU
(``oracle.check`` with ``on_device("cuda")``), and checks that every tensor it returns is on CUDA;
``SAMPLERS`` checks the random ops there (device, dtype, shape, range, moments, seeded reproduction).
Both need a GPU (``gpu`` marker). ``test_every_public_callable_has_a_cuda_case`` runs anywhere: it reads
the names each case calls (their bytecode, like autograd's test_formula_coverage) and those of the CUDA
tables of sibling test files, and fails for a public callable that none calls and ``EXCLUDED`` does not
list with its reason."""
from __future__ import annotations

import importlib
import inspect
import io
import sys
import types

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, coverage, oracle
from flambeau_tensor_core.testing.coverage import NAMESPACES

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")   # deprecated resize, complex casts
rng = np.random.default_rng(11)
U = rng.uniform(0.2, 0.8, (3, 4))             # inside every pointwise op's domain
U2 = rng.uniform(0.2, 0.8, (3, 4))
N = rng.standard_normal((3, 4))
ABOVE = rng.uniform(1.2, 2.5, (3, 4))          # acosh, zeta
INTS = rng.integers(-9, 10, (3, 4))
P = rng.integers(1, 6, (3, 4))                 # small positive ints: shifts, gcd
M = rng.standard_normal((3, 4)) > 0
SQ = rng.standard_normal((3, 3)) + 3 * np.eye(3)
SPD = SQ @ SQ.T
V = rng.standard_normal(4)
V3 = rng.standard_normal(3)
B3 = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
C = (rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4)))
SORTED = np.array([0.1, 0.3, 0.5, 0.9])
COUNTS = np.array([0, 3, 1, 3, 2, 0, 3])
PROBS = np.array([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]])
IDX = np.array([2, 0, 1])


def _device(lib):
    """The device a case's factories must name: "cuda" for the GPU namespace, "cpu" for PyTorch."""
    device = getattr(lib, "device", None)
    return device if isinstance(device, str) else "cpu"


def _named(name: str, *inputs, args=(), kwargs=None, case_id=None):
    """A case calling the public ``name`` ("abs", "special.i0e" or "Tensor.digamma_": a method of the
    first input) on ``inputs`` then ``args``; in-place ops return the tensor they wrote."""
    kwargs = kwargs or {}
    *path, function = name.split(".")

    def fn(lib, *tensors):
        if path == ["Tensor"]:
            result = getattr(tensors[0], function)(*tensors[1:], *args, **kwargs)
        else:
            owner = lib
            for part in path:
                owner = getattr(owner, part)
            result = getattr(owner, function)(*tensors, *args, **kwargs)
        return tensors[0] if function.endswith("_") and not function.startswith("__") else result

    fn.covers = (name,)
    return (case_id or name, fn, *inputs)


def _words(text: str) -> list[str]:
    return text.split()


UNARY = _words("""
abs absolute acos arccos arcsin arcsinh arctan arctanh asin asinh atan atanh ceil cos cosh deg2rad digamma erf erfc
erfinv exp exp2 expm1 fix floor frac i0 lgamma log log10 log1p log2 logit neg negative positive rad2deg reciprocal
round rsqrt sgn sigmoid sign signbit sin sinc sinh sqrt square tan tanh trunc isfinite isinf isnan isneginf isposinf
isreal angle conj conj_physical resolve_conj resolve_neg nan_to_num relu selu celu hardshrink rrelu
Tensor.digamma_ Tensor.erfinv_ Tensor.lgamma_ Tensor.sgn_ Tensor.sign_ Tensor.relu_ Tensor.logit_
""")
SPECIAL_UNARY = _words("""
airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 digamma entr erf erfc erfcx erfinv exp2 expit expm1 gammaln i0 i0e
i1 i1e log1p log_ndtr modified_bessel_i0 modified_bessel_i1 modified_bessel_k0 modified_bessel_k1 ndtr ndtri
psi round scaled_modified_bessel_k0 scaled_modified_bessel_k1 sinc spherical_bessel_j0
""")
POLYNOMIALS = _words("""
chebyshev_polynomial_t chebyshev_polynomial_u chebyshev_polynomial_v chebyshev_polynomial_w hermite_polynomial_h
hermite_polynomial_he laguerre_polynomial_l legendre_polynomial_p shifted_chebyshev_polynomial_t
shifted_chebyshev_polynomial_u shifted_chebyshev_polynomial_v shifted_chebyshev_polynomial_w
""")
BINARY = _words("""
add sub subtract mul multiply div divide true_divide atan2 arctan2 copysign float_power fmax fmin fmod hypot igamma
igammac logaddexp logaddexp2 maximum minimum nextafter pow remainder xlogy rsub heaviside floor_divide eq ne not_equal
lt less le less_equal gt greater ge greater_equal isclose equal allclose dist special.xlog1py special.xlogy
special.gammainc special.gammaincc xlogy_ Tensor.xlogy_
Tensor.add_ Tensor.sub_ Tensor.mul_ Tensor.div_ Tensor.pow_ Tensor.arctan2_ Tensor.copysign_ Tensor.float_power_
Tensor.fmod_ Tensor.hypot_ Tensor.nextafter_ Tensor.remainder_ Tensor.floor_divide_ Tensor.heaviside_
Tensor.igamma_ Tensor.igammac_ Tensor.eq_ Tensor.ne_ Tensor.lt_ Tensor.le_ Tensor.gt_ Tensor.ge_ Tensor.copy_
Tensor.logical_and_ Tensor.logical_or_ Tensor.logical_xor_ Tensor.type_as Tensor.expand_as Tensor.view_as
Tensor.reshape_as logical_and logical_or logical_xor
""")
INTEGER_BINARY = _words("""
bitwise_and bitwise_or bitwise_xor bitwise_left_shift bitwise_right_shift gcd lcm
Tensor.bitwise_and_ Tensor.bitwise_or_ Tensor.bitwise_xor_ Tensor.bitwise_left_shift_ Tensor.bitwise_right_shift_
gcd_ lcm_
""")
REDUCTIONS = _words("""
sum mean prod std var nansum nanmean amax amin argmax argmin logsumexp median nanmedian mode cumsum cumprod cummax
cummin logcumsumexp count_nonzero all any aminmax std_mean var_mean max min norm sort argsort softmax log_softmax
Tensor.cumsum_ Tensor.cumprod_ special.logsumexp special.softmax special.log_softmax
""")
# every unary op that has an in-place twin (``abs_``) gets its case too
IN_PLACE_TWINS = [n + "_" for n in UNARY if not n.startswith("Tensor.") and hasattr(ft, n + "_")]

CASES = [
    *[_named(n, U) for n in UNARY + IN_PLACE_TWINS],
    *[_named(n, ABOVE) for n in ("acosh", "arccosh", "acosh_", "arccosh_")],
    *[_named(f"special.{n}", U) for n in SPECIAL_UNARY],
    *[_named(f"special.{n}", U, args=(3,)) for n in POLYNOMIALS],
    _named("special.zeta", ABOVE, U),
    *[_named(n, U, U2) for n in BINARY],
    *[_named(n, INTS, P) for n in INTEGER_BINARY],
    *[_named(n, INTS) for n in ("bitwise_not", "Tensor.bitwise_not_", "logical_not", "Tensor.logical_not_")],
    *[_named(n, N, kwargs={"dim": 1}) for n in REDUCTIONS],
    ("lerp", lambda lib, x, y: lib.lerp(x, y, 0.3), U, U2),
    ("lerp_", lambda lib, x, y: x.lerp_(y, 0.3), U, U2),
    ("ldexp", lambda lib, x, e: (lib.ldexp(x, e), x.clone().ldexp_(e)), U, P),
    ("frexp", lambda lib, x: lib.frexp(x), N),
    ("clamp", lambda lib, x: (lib.clamp(x, -0.5, 0.5), lib.clip(x, max=0.1), x.clone().clamp_(-0.2, 0.2),
                              x.clone().clip_(min=0.0)), N),
    ("clamp_min_max", lambda lib, x: (lib.clamp_min(x, 0.1), lib.clamp_max(x, 0.1), lib.clamp_min_(x.clone(), 0.2),
                                      lib.clamp_max_(x.clone(), 0.2)), N),
    ("threshold", lambda lib, x: (lib.threshold(x, 0.1, -1.0), lib.threshold_(x.clone(), 0.1, 2.0)), N),
    ("selu_celu_", lambda lib, x: (lib.selu_(x.clone()), lib.celu_(x.clone(), 0.5), lib.relu_(x.clone())), N),
    ("rrelu_eval", lambda lib, x: lib.rrelu_(x.clone(), training=False), N),
    ("prelu", lambda lib, x: lib.prelu(x, lib.tensor([0.25], dtype=x.dtype, device=x.device)), N),
    ("polygamma", lambda lib, x: (lib.polygamma(1, x), lib.special.polygamma(2, x), x.polygamma(1),
                                  x.clone().polygamma_(1)), U),
    ("mvlgamma", lambda lib, x: (lib.mvlgamma(x + 2, 2), lib.special.multigammaln(x + 2, 3),
                                 (x + 2).mvlgamma_(2)), U),
    ("nan_to_num-special", lambda lib, x: lib.nan_to_num(x / 0.0 * lib.sign(x - 0.5), nan=1.0, posinf=2.0), U),
    ("isin", lambda lib, a, b: (lib.isin(a, b), lib.isin(a, b, invert=True)), INTS, P),
    ("where", lambda lib, m, x, y: (lib.where(m, x, y), x.where(m, y), lib.where(m, x, 0.5)), M, N, U),
    ("where-nonzero", lambda lib, m: lib.where(m), M),
    ("addcmul-addcdiv", lambda lib, x, y, z: (lib.addcmul(x, y, z, value=0.5), lib.addcdiv(x, y, z, value=2),
                                              x.clone().addcmul_(y, z), x.clone().addcdiv_(y, z)), N, U, U2),
    # complex numbers
    ("complex-views", lambda lib, z: (lib.view_as_real(z), lib.view_as_real_copy(z), lib.real(z), lib.imag(z),
                                      lib.angle(z), lib.conj_physical(z), lib.is_conj(z),
                                      lib.view_as_complex(lib.view_as_real(z)),
                                      lib.view_as_complex_copy(lib.view_as_real(z)), z.clone().conj_physical_(),
                                      lib.is_complex(z), z.is_complex(), z.cfloat(), z.cdouble()), C),
    ("complex-polar", lambda lib, x, y: (lib.complex(x, y), lib.polar(x, y)), U, U2),
    # reductions with other arguments
    ("quantile", lambda lib, x: (lib.quantile(x, 0.3, dim=1), lib.nanquantile(x, 0.7),
                                 lib.quantile(x, lib.tensor([0.25, 0.5], dtype=x.dtype, device=x.device))), N),
    ("kthvalue-topk", lambda lib, x: (lib.kthvalue(x, 2, dim=1), lib.topk(x, 2, dim=1), lib.msort(x)), N),
    ("sort-stable", lambda lib, x: lib.sort(x, dim=0, descending=True, stable=True), INTS),
    ("unique", lambda lib, x: (lib.unique(x, sorted=True, return_inverse=True, return_counts=True),
                               lib.unique(x, dim=0), lib.unique_consecutive(x, return_counts=True)), P),
    ("bincount", lambda lib, x, w: (lib.bincount(x), lib.bincount(x, w, minlength=9)), COUNTS,
     rng.uniform(0, 1, 7)),
    ("histc", lambda lib, x: lib.histc(x, bins=5, min=-2, max=2), N),
    ("histogram", lambda lib, x: (lib.histogram(x, 4), lib.histogramdd(x[:, :2], bins=3)), N),
    ("searchsorted-bucketize", lambda lib, s, v: (lib.searchsorted(s, v), lib.searchsorted(s, v, right=True),
                                                  lib.bucketize(v, s), lib.bucketize(v, s, right=True)), SORTED, U),
    ("nonzero", lambda lib, m: (lib.nonzero(m), lib.nonzero(m, as_tuple=True), lib.argwhere(m),
                                lib.count_nonzero(m), lib.nonzero_static(m, size=8, fill_value=-1)), M),
    ("trace-diag", lambda lib, a: (lib.trace(a), lib.diag(a), lib.diag(a[0]), lib.diagflat(a[0]), lib.diag_embed(a),
                                   lib.diagonal(a, 1), lib.diagonal_copy(a), lib.tril(a, -1), lib.triu(a, 1),
                                   a.clone().tril_(), a.clone().triu_(1)), SQ),
    ("diff-gradient", lambda lib, x: (lib.diff(x, dim=1), lib.diff(x, n=2, dim=0, prepend=x[:1]),
                                      lib.gradient(x, dim=1)), N),
    ("trapezoid", lambda lib, x: (lib.trapezoid(x), lib.trapz(x, dx=0.5), lib.cumulative_trapezoid(x, dim=0)), N),
    ("cov-corrcoef", lambda lib, x: (lib.cov(x), lib.corrcoef(x)), N),
    ("renorm", lambda lib, x: (lib.renorm(x, 2, 0, 0.5), x.clone().renorm_(1, 1, 0.3)), N),
    ("nan-reductions", lambda lib, x: (lib.nansum(x), lib.nanmean(x), lib.nanmedian(x), lib.median(x)), N),
    # shape, views and copies
    ("reshape-views", lambda lib, x: (lib.reshape(x, (4, 3)), x.view(2, 6), x.flatten(), lib.ravel(x),
                                      lib.unflatten(x, 1, (2, 2)), x.unflatten(1, (2, 2)),
                                      lib.squeeze(x[None]), lib.unsqueeze(x, 0),
                                      lib.t(x), lib.transpose(x, 0, 1), lib.swapaxes(x, 0, 1), lib.permute(x, (1, 0)),
                                      lib.movedim(x, 0, 1), lib.moveaxis(x, 1, 0), lib.adjoint(x),
                                      lib.narrow(x, 1, 1, 2),
                                      lib.select(x, 0, 1), x.expand(2, 3, 4), lib.broadcast_to(x, (2, 3, 4)),
                                      x.broadcast_to((2, 3, 4)), x.unfold(1, 2, 1), x.contiguous(),
                                      x.sum_to_size(1, 4), x.repeat(2, 1), lib.tile(x, (2,)), x.tile(2, 1),
                                      lib.repeat_interleave(x, 2, dim=0), x.repeat_interleave(2)), N),
    ("in-place-views", lambda lib, x: (x.clone().t_(), x.clone().transpose_(0, 1), x.clone().swapaxes_(0, 1),
                                       x.clone().swapdims_(0, 1), x[None].clone().squeeze_(0),
                                       x.clone().unsqueeze_(1), x.clone().as_strided_((2, 2), (1, 2))), N),
    ("view-copies", lambda lib, x: (lib.view_copy(x, (12,)), lib.t_copy(x), lib.transpose_copy(x, 0, 1),
                                    lib.permute_copy(x, (1, 0)), lib.expand_copy(x, (2, 3, 4)),
                                    lib.squeeze_copy(x[None]), lib.unsqueeze_copy(x, 0),
                                    lib.select_copy(x, 1, 2), lib.slice_copy(x, 1, 1, 3), lib.alias_copy(x),
                                    lib.detach_copy(x), lib.unbind_copy(x), lib.split_copy(x, 2, 1),
                                    lib.split_with_sizes_copy(x, [1, 3], 1), lib.unfold_copy(x, 1, 2, 2),
                                    lib.as_strided_copy(x, (2, 2), (1, 2)), lib.narrow_copy(x, 0, 1, 2)), N),
    ("strided-scatters", lambda lib, x, s: (lib.as_strided(x, (2, 2), (4, 1)),
                                            lib.as_strided_scatter(x, s[:2, :2], (2, 2), (4, 1)),
                                            lib.diagonal_scatter(x, s[0, :3]), lib.select_scatter(x, s[0], 0, 1),
                                            lib.slice_scatter(x, s[:, :2], 1, 0, 2)), N, U),
    ("split-stack", lambda lib, x, y: (lib.split(x, 2, 1), x.split([1, 3], 1), lib.split_with_sizes(x, [2, 2], 1),
                                       lib.chunk(x, 2, 1), lib.tensor_split(x, 3, 1), lib.unbind(x),
                                       lib.hsplit(x, 2), lib.vsplit(x, 3), lib.dsplit(x[None], 2),
                                       lib.unsafe_split(x, 2, 1), lib.unsafe_chunk(x, 2, 1),
                                       lib.unsafe_split_with_sizes(x, [1, 3], 1),
                                       lib.cat([x, y]), lib.concat([x, y], 1), lib.concatenate([x, y]),
                                       lib.stack([x, y]), lib.hstack([x, y]), lib.vstack([x, y]),
                                       lib.row_stack([x, y]), lib.dstack([x, y]), lib.column_stack([x, y]),
                                       lib.atleast_1d(x[0, 0]), lib.atleast_2d(x[0]), lib.atleast_3d(x),
                                       lib.block_diag(x, y), lib.broadcast_tensors(x, y[:1]),
                                       lib.combinations(x[0], 2), lib.cartesian_prod(x[0], y[0, :2]),
                                       lib.meshgrid(x[0], y[0], indexing="ij")), N, U),
    ("flip-roll", lambda lib, x: (lib.flip(x, (0,)), lib.fliplr(x), lib.flipud(x), lib.roll(x, 2, 1),
                                  lib.roll(x, (1, -1), (0, 1)), lib.rot90(x), lib.rot90(x, -1, (0, 1))), N),
    ("fill", lambda lib, x: (lib.fill(x, 2.5), lib.fill_(x.clone(), 1.5), lib.zero_(x.clone()),
                             x.clone().fill_diagonal_(3.0)), N),
    ("casts", lambda lib, x: (x.double(), x.float(), x.half(), x.bool(), x.byte(), x.char(), x.short(), x.int(),
                              x.long(), x.to(lib.float32), x.type(lib.float32), x.clone(), lib.clone(x),
                              x.detach(), lib.detach(x), x.clone().detach_(), lib.detach_(x.clone())), N),
    # selection and indexing
    ("take-put", lambda lib, x, i: (lib.take(x, i), lib.put(x, i, x[0, :3]), x.clone().put_(i, x[1, :3], True),
                                    lib.take_along_dim(x, i[None], 1)), N, IDX),
    ("index-ops", lambda lib, x, i, s: (lib.index_select(x, 0, i), lib.index_add(x, 0, i, s, alpha=2),
                                        lib.index_copy(x, 0, i, s), lib.index_fill(x, 1, i, -1.0),
                                        lib.index_reduce(x, 0, i, s, "amax"), x.clone().index_add_(0, i, s),
                                        x.clone().index_copy_(0, i, s), x.clone().index_fill_(1, i, 2.0),
                                        x.clone().index_reduce_(0, i, s, "prod"),
                                        lib.index_put(x, (i,), s), lib.index_put_(x.clone(), (i, i), s[0, 0],
                                                                                 accumulate=True)), N, IDX, U[:3]),
    ("scatter-gather", lambda lib, x, i: (lib.gather(x, 1, i), lib.scatter(x, 1, i, 0.5),
                                          lib.scatter_add(x, 1, i, x), lib.scatter_reduce(x, 1, i, x, "amax"),
                                          x.clone().scatter_(1, i, 2.0), x.clone().scatter_add_(1, i, x),
                                          x.clone().scatter_reduce_(1, i, x, "sum")),
     N, np.array([[0, 1, 2, 3], [3, 2, 1, 0], [1, 1, 2, 2]])),
    ("masked", lambda lib, x, m: (lib.masked_fill(x, m, 0.5), lib.masked_select(x, m),
                                  lib.masked_scatter(x, m, x * 2), x.clone().masked_fill_(m, -1.0),
                                  x.clone().masked_scatter_(m, x + 1)), N, M),
    ("unravel_index", lambda lib, i: lib.unravel_index(i, (3, 4)), P),
    # products and linear algebra
    ("products", lambda lib, a, v, w, b: (lib.matmul(a, a), lib.mm(a, a), lib.bmm(b, b), lib.mv(a, w),
                                          lib.dot(w, w), lib.vdot(w, w), lib.inner(w, w), lib.outer(w, v),
                                          lib.ger(w, v), lib.addmm(a, a, a, beta=0.5), lib.addmv(w, a, w),
                                          lib.addmv_(w.clone(), a, w), lib.addr(a, w, w), lib.baddbmm(b, b, b),
                                          lib.addbmm(a, b, b), lib.chain_matmul(a, a, a), lib.kron(a, a[:2]),
                                          lib.tensordot(a, a, 1), lib.einsum("ij,jk->ik", a, a),
                                          lib.cross(a, a.flip(0), dim=1), lib.linalg.matmul(a, a),
                                          a.clone().addmm_(a, a), a.clone().addbmm_(b, b), b.clone().baddbmm_(b, b),
                                          a.clone().addr_(w, w)), SQ, V, V3, B3),
    ("distances", lambda lib, x, y: (lib.cdist(x, y), lib.cdist(x, y, p=1), lib.pdist(x),
                                     lib.pairwise_distance(x, y), lib.cosine_similarity(x, y),
                                     lib.frobenius_norm(x, (0, 1)), lib.nuclear_norm(x)), N, U),
    ("linalg-square", lambda lib, a, s: (lib.linalg.det(a), lib.linalg.slogdet(a), lib.linalg.inv(a),
                                         lib.linalg.inv_ex(a), lib.linalg.solve(a, s), lib.linalg.solve_ex(a, s),
                                         lib.linalg.matrix_power(a, 3), lib.linalg.matrix_exp(a * 0.1),
                                         lib.linalg.cholesky(s), lib.linalg.cholesky_ex(s), lib.linalg.eigvalsh(s),
                                         lib.linalg.eigh(s)[0], lib.linalg.svdvals(a), lib.linalg.pinv(a),
                                         lib.linalg.cond(a), lib.linalg.matrix_rank(a), lib.linalg.norm(a),
                                         lib.linalg.matrix_norm(a, "nuc"), lib.linalg.vector_norm(a, 3),
                                         lib.linalg.diagonal(a), lib.linalg.cross(a, a.flip(0)),
                                         lib.linalg.vecdot(a, a), lib.linalg.multi_dot([a, a, a]),
                                         lib.linalg.tensorinv(a, 1), lib.linalg.tensorsolve(a, s[0]),
                                         lib.linalg.vander(a[0]), lib.linalg.lu_factor(a), lib.linalg.lu_factor_ex(a),
                                         lib.linalg.lu(a), lib.linalg.lu_solve(*lib.linalg.lu_factor(a), s),
                                         lib.linalg.ldl_factor(s), lib.linalg.ldl_factor_ex(s),
                                         lib.linalg.ldl_solve(*lib.linalg.ldl_factor(s), a),
                                         lib.svd_lowrank(s, q=3)[1], lib.pca_lowrank(s, q=3, center=False)[1],
                                         lib.linalg.solve_triangular(lib.triu(a), s, upper=True),
                                         lib.linalg.lstsq(a, s).solution,
                                         lib.linalg.householder_product(a, a[0, :2]),
                                         lib.linalg.eigvals(s).real.sort().values), SQ, SPD),
    ("linalg-sign-free", lambda lib, a: (lib.linalg.qr(a).R.abs(), lib.linalg.svd(a).S,
                                         lib.linalg.eig(a @ a.mT)[0].real.sort().values,
                                         lib.linalg.eigh(a @ a.mT).eigenvectors.abs()), SPD),
    ("torch-level-linalg", lambda lib, a, s: (lib.det(a), lib.logdet(s), lib.slogdet(a), lib.inverse(a),
                                              lib.pinverse(a), lib.matrix_power(a, 2), lib.matrix_exp(a * 0.1),
                                              lib.cholesky(s), lib.cholesky_inverse(lib.cholesky(s)),
                                              lib.cholesky_solve(a, lib.cholesky(s)),
                                              lib.triangular_solve(a, lib.triu(s)), lib.qr(a)[1].abs(),
                                              lib.svd(a)[1], lib.lu_solve(a, *lib.linalg.lu_factor(s)),
                                              lib.lu_unpack(*lib.linalg.lu_factor(a)), lib.lu(a)[0],
                                              lib.vander(a[0], 3)), SQ, SPD),
    # fft
    ("fft-complex", lambda lib, z: (lib.fft.fft(z), lib.fft.ifft(z), lib.fft.fft2(z), lib.fft.ifft2(z),
                                    lib.fft.fftn(z), lib.fft.ifftn(z, norm="ortho"), lib.fft.fftshift(z),
                                    lib.fft.ifftshift(z), lib.fft.hfft(z), lib.fft.irfft(z), lib.fft.irfft2(z),
                                    lib.fft.irfftn(z), lib.fft.hfft2(z), lib.fft.hfftn(z, norm="ortho")), C),
    ("fft-real", lambda lib, x: (lib.fft.rfft(x), lib.fft.rfft2(x), lib.fft.rfftn(x), lib.fft.ihfft(x),
                                 lib.fft.ihfft2(x), lib.fft.ihfftn(x, dim=(0,)),
                                 lib.fft.fftfreq(5, device=x.device), lib.fft.rfftfreq(6, 0.5, device=x.device)), N),
    # creation
    ("creation", lambda lib: (lib.zeros(2, 3), lib.ones(2), lib.full((2,), 3.5), lib.arange(5), lib.arange(1, 2, 0.25),
                              lib.eye(3, 4), lib.linspace(0, 1, 5), lib.logspace(0, 2, 3, base=2),
                              lib.tril_indices(3, 3, -1), lib.triu_indices(3, 4, 1), lib.tensor([1, 2]),
                              lib.as_tensor([1.5]), lib.scalar_tensor(2.0), lib.empty(0),
                              lib.empty_strided((2, 0), (1, 1))[:0]), ),
    ("creation-device", lambda lib: (lib.range(0, 3, device=_device(lib)),
                                     lib.asarray([1.0, 2.0], device=_device(lib)),
                                     lib.empty_permuted((2, 0), (1, 0), device=_device(lib)),
                                     *(w(5, device=_device(lib), dtype=lib.float64)
                                       for w in (lib.bartlett_window, lib.blackman_window, lib.hamming_window,
                                                 lib.hann_window, lib.kaiser_window)))),
    ("creation-like", lambda lib, x: (lib.zeros_like(x), lib.ones_like(x), lib.full_like(x, 2.0),
                                      lib.empty_like(x).shape, x.new_zeros(2), x.new_ones(2), x.new_full((2,), 3.0),
                                      x.new_tensor([1.0, 2.0]), x.new_empty(2).shape,
                                      x.new_empty_strided((2,), (1,)).shape,
                                      x.new(2).shape), N),
    ("metadata", lambda lib, x: (x.dim(), x.ndimension(), x.numel(), x.nelement(), lib.numel(x), x.size(), x.stride(),
                                 x.storage_offset(), x.element_size(), x.is_contiguous(), x.is_floating_point(),
                                 lib.is_floating_point(x), lib.is_tensor(x), lib.is_same_size(x, x),
                                 lib.is_signed(x), lib.is_nonzero(x[0, 0]), lib.is_inference(x), lib.is_neg(x),
                                 x[0, 0].item(), x.tolist(), lib.get_device(x) >= -1,
                                 lib.result_type(x, 1) == lib.float64, lib.equal(x, x),
                                 lib.typename(x).endswith("DoubleTensor"),
                                 x.type().endswith("DoubleTensor"), lib.is_storage(x), x.data_ptr() > 0,
                                 x.const_data_ptr() == x.data_ptr(), x.dim_order(), x.is_set_to(x),
                                 x.clone().requires_grad_().requires_grad, x.as_subclass(lib.Tensor),
                                 x.clone().share_memory_(), x.dense_dim(), x.sparse_dim(), x.to_dense(),
                                 x[1].untyped_storage().data_ptr() == x.untyped_storage().data_ptr(),
                                 x.untyped_storage().nbytes(), x.untyped_storage().device.type == x.device.type), N),
    ("resize", lambda lib, x, y: (x.clone().resize_(2, 5), lib.resize_as_(x.clone(), y[:2]), x.clone().resize(12),
                                  x.clone().resize_as(y)), N, U),
    ("save-load", lambda lib, x: _saved_and_loaded(lib, [x, {"t": x[0]}]), N),
    ("dlpack", lambda lib, x: (lib.from_dlpack(lib.to_dlpack(x)), lib.from_dlpack(x)), N),
]


def _saved_and_loaded(lib, obj):
    """``obj`` through ``save`` and ``load`` (in memory): tensors come back on the device they were saved on."""
    buffer = io.BytesIO()
    lib.save(obj, buffer)
    buffer.seek(0)
    tensor, mapping = lib.load(buffer)
    return tensor, mapping["t"]


def _tensors(value) -> list:
    """The tensors of a result (nested tuples, lists and named tuples)."""
    if isinstance(value, ft.TensorBase):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _tensors(v)]
    return []


def run_case(fn, inputs, device: str):
    """``oracle.check`` with flambeau's tensors on ``device``; every tensor of the result must be there
    (the oracle compares values, not devices)."""
    result = oracle.check(fn, *inputs, flambeau=oracle.on_device(device))
    assert not isinstance(result, BaseException), f"both libraries raised: {result!r}"
    misplaced = [t.device for t in _tensors(result) if t.device.type != device]
    assert not misplaced, f"results on {misplaced}, not on {device}"


@pytest.mark.gpu
@pytest.mark.parametrize("fn, inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in CASES])
def test_op_on_cuda_matches_torch(fn, inputs):
    run_case(fn, inputs, "cuda")


# flambeau's own extras (PyTorch has no such name): the CUDA result is compared with flambeau's on the CPU
FLAMBEAU_ONLY = [
    _named("special.lgamma", U), _named("special.sigmoid", U), _named("Tensor.logcumsumexp_", N, args=(1,)),
    ("special.mvlgamma", lambda lib, x: lib.special.mvlgamma(x + 2, 2), U),
]


@pytest.mark.gpu
@pytest.mark.parametrize("fn, inputs", [pytest.param(c[1], c[2:], id=c[0]) for c in FLAMBEAU_ONLY])
def test_flambeau_only_op_on_cuda_matches_cpu(fn, inputs):
    run_against_cpu(fn, inputs, "cuda")


def run_against_cpu(fn, inputs, device: str):
    """``fn`` on ``device`` against flambeau on the CPU, for names PyTorch lacks."""
    expected = fn(ft, *(ft.from_numpy(a.copy()) for a in inputs))
    actual = fn(oracle.on_device(device), *(ft.from_numpy(a.copy()).to(device) for a in inputs))
    assert all(t.device.type == device for t in _tensors(actual))
    for a, e in zip(_tensors(actual), _tensors(expected)):
        assert_close(a.cpu(), e)


# ---- random ops: their values cannot match PyTorch's, so each draw's device, dtype, shape and
# statistics are checked, and a seeded Generator must repeat it (its stream is the host's Mersenne Twister, so the
# draw equals the CPU draw of the same seed)
def _near(value, target, tolerance):
    return abs(float(value) - target) < tolerance


def _moments(mean, std, tolerance=0.1):
    return lambda a: _near(a.mean(), mean, tolerance) and _near(a.std(), std, tolerance)


def _within(low, high):
    return lambda a: low <= a.min() and a.max() < high


def _filled(method, *args, dtype=None):
    """A draw filling 5000 zeros in place with ``Tensor.<method>(*args)``."""
    def draw(device, generator):
        return getattr(ft.zeros(5000, device=device, dtype=dtype or ft.float64), method)(*args, generator=generator)
    draw.covers = (f"Tensor.{method}",)
    return draw


def _rows_are_permutations(a):
    return all(sorted(row) == [0, 1, 2] for row in a.tolist())


SAMPLERS = [
    ("rand", lambda d, g: ft.rand(5000, generator=g, device=d, dtype=ft.float64), _within(0, 1)),
    ("randn", lambda d, g: ft.randn(50, 100, generator=g, device=d), _moments(0, 1)),
    ("randint", lambda d, g: ft.randint(3, 7, (5000,), generator=g, device=d),
     lambda a: set(np.unique(a)) == {3, 4, 5, 6}),
    ("randperm", lambda d, g: ft.randperm(50, generator=g, device=d), lambda a: sorted(a) == list(range(50))),
    ("rand_like", lambda d, g: ft.rand_like(ft.zeros(5000, device=d), generator=g), _within(0, 1)),
    ("randn_like", lambda d, g: ft.randn_like(ft.zeros(5000, device=d), generator=g), _moments(0, 1)),
    ("randint_like", lambda d, g: ft.randint_like(ft.zeros(5000, device=d), 2, 5, generator=g),
     lambda a: set(np.unique(a)) == {2, 3, 4}),
    ("normal-floats", lambda d, g: ft.normal(2.0, 0.5, (5000,), generator=g, device=d), _moments(2, 0.5)),
    ("normal-tensors", lambda d, g: ft.normal(ft.full((5000,), 2.0, device=d), ft.full((5000,), 0.5, device=d),
                                              generator=g), _moments(2, 0.5)),
    ("bernoulli", lambda d, g: ft.bernoulli(ft.full((5000,), 0.3, device=d), generator=g),
     lambda a: set(np.unique(a)) == {0, 1} and _near(a.mean(), 0.3, 0.05)),
    ("bernoulli-p", lambda d, g: ft.bernoulli(ft.zeros(5000, device=d), 0.7, generator=g),
     lambda a: _near(a.mean(), 0.7, 0.05)),
    ("multinomial", lambda d, g: ft.multinomial(ft.tensor(PROBS, device=d), 5000, True, generator=g),
     lambda a: _near((a[0] == 2).mean(), 0.7, 0.05) and _near((a[1] == 0).mean(), 0.5, 0.05)),
    ("multinomial-without-replacement", lambda d, g: ft.multinomial(ft.tensor(PROBS, device=d), 3, generator=g),
     _rows_are_permutations),
    ("poisson", lambda d, g: ft.poisson(ft.full((5000,), 3.0, device=d), generator=g), _moments(3, 3 ** 0.5, 0.15)),
    ("binomial", lambda d, g: ft.binomial(ft.full((5000,), 10.0, device=d), ft.full((5000,), 0.3, device=d),
                                          generator=g), lambda a: _within(0, 11)(a) and _near(a.mean(), 3, 0.15)),
    ("uniform_", _filled("uniform_", 2, 3), lambda a: _within(2, 3)(a) and _near(a.mean(), 2.5, 0.05)),
    ("normal_", _filled("normal_", 1, 0.1), _moments(1, 0.1, 0.02)),
    ("bernoulli_", _filled("bernoulli_", 0.3), lambda a: _near(a.mean(), 0.3, 0.05)),
    ("cauchy_", _filled("cauchy_", 1.0, 0.5), lambda a: _near(np.median(a), 1.0, 0.1)),
    ("exponential_", _filled("exponential_", 2.0), lambda a: a.min() >= 0 and _near(a.mean(), 0.5, 0.05)),
    ("geometric_", _filled("geometric_", 0.4), lambda a: a.min() >= 1 and _near(a.mean(), 2.5, 0.15)),
    ("log_normal_", _filled("log_normal_", 0.0, 0.5), lambda a: a.min() > 0 and _near(np.median(a), 1.0, 0.1)),
    ("random_", _filled("random_", 0, 5, dtype=ft.int64), lambda a: set(np.unique(a)) == {0, 1, 2, 3, 4}),
]
# draws that take no generator: only the device, dtype, shape and values are checked
UNSEEDED = [
    ("rrelu-training", lambda d: ft.rrelu(-ft.ones(5000, device=d), 0.1, 0.3, training=True),
     lambda a: _within(-0.3, -0.1 + 1e-12)(a) and _near(a.mean(), -0.2, 0.02)),
    ("rrelu_-training", lambda d: ft.rrelu_(-ft.ones(5000, device=d), 0.1, 0.3, training=True),
     lambda a: _within(-0.3, -0.1 + 1e-12)(a)),
]


def _checked(draw, plausible, device: str):
    """``draw`` is on ``device``, with the dtype and shape of its CPU twin and plausible values."""
    result = draw()
    assert result.device.type == device, result.device
    values = result.cpu().numpy()
    assert plausible(values), f"implausible draw: {values.ravel()[:8]} (mean {values.mean()})"
    return result


def check_sampler(draw, plausible, device: str):
    """Default stream and seeded Generator (device ``device``): plausible values; the seed repeats the draw,
    and gives the CPU draw of that seed (both come from the host stream)."""
    def seeded(where):
        return draw(where, ft.Generator(device=where).manual_seed(7))
    unseeded = _checked(lambda: draw(device, None), plausible, device)
    first = _checked(lambda: seeded(device), plausible, device)
    assert_close(seeded(device).cpu(), first.cpu(), rtol=0, atol=0)
    cpu = seeded("cpu")
    assert (cpu.dtype, cpu.shape) == (unseeded.dtype, unseeded.shape)
    assert_close(first.cpu(), cpu)        # the same variates; the GPU's arithmetic on them may round otherwise
    ft.manual_seed(5)
    again = draw(device, None)
    ft.manual_seed(5)
    assert_close(draw(device, None).cpu(), again.cpu(), rtol=0, atol=0)


@pytest.mark.gpu
@pytest.mark.parametrize("draw, plausible", [pytest.param(s[1], s[2], id=s[0]) for s in SAMPLERS])
def test_sampler_on_cuda(draw, plausible):
    check_sampler(draw, plausible, "cuda")


@pytest.mark.gpu
def test_cuda_memory_answers():
    """Answers that differ from the CPU's by device, as in PyTorch: CUDA memory counts as shared."""
    x = ft.ones(3, device="cuda")
    assert x.is_shared() and x.share_memory_() is x and x.get_device() == 0 and not x.is_pinned()


@pytest.mark.gpu
@pytest.mark.parametrize("draw, plausible", [pytest.param(s[1], s[2], id=s[0]) for s in UNSEEDED])
def test_unseeded_sampler_on_cuda(draw, plausible):
    _checked(lambda: draw("cuda"), plausible, "cuda")


# ---- coverage: every public callable runs on CUDA somewhere ----------------------------------------------
ROOTS = ("lib", "ft")                      # the names cases call the library through


def called_names(fn) -> set:
    return coverage.called_names(fn, ROOTS)


# sibling test files whose gpu-marked tests run ops on CUDA: the names their tests and parameters call count
SIBLINGS = ("test_selection", "test_complex_views", "test_indexing", "test_math_extras", "test_linalg_extras",
            "test_linalg", "test_creation", "test_fft", "test_arithmetic", "test_elementwise_kernels", "test_cuda",
            "test_interop", "test_core", "test_householder", "test_stft")


def _parameter_functions(test) -> list:
    """The functions among a test's parametrize values (plain, in tuples, in ``pytest.param``)."""
    found, pending = [], [v for mark in _marks(test) if mark.name == "parametrize"
                          for v in mark.args[1]]
    while pending:
        value = pending.pop()
        value = getattr(value, "values", value)
        if isinstance(value, (tuple, list)):
            pending += list(value)
        elif isinstance(value, types.FunctionType):
            found.append(value)
    return found


def _marks(owner) -> list:
    marks = getattr(owner, "pytestmark", [])
    return list(marks) if isinstance(marks, (list, tuple)) else [marks]


def _gpu_tests(module) -> list:
    return [t for name, t in vars(module).items() if name.startswith("test") and isinstance(t, types.FunctionType)
            and any(m.name == "gpu" for m in _marks(t) + _marks(module))]


def cuda_covered_names() -> set:
    """Every name a gpu-marked test of this file or of ``SIBLINGS`` calls, itself or through its parameters."""
    names: set = set()
    for case in CASES + FLAMBEAU_ONLY + SAMPLERS + UNSEEDED:
        names |= called_names(case[1])
    for module in [sys.modules[__name__], *(importlib.import_module(f"{__package__}.{n}") for n in SIBLINGS)]:
        for test in _gpu_tests(module):
            for fn in [test, *_parameter_functions(test)]:
                names |= called_names(fn)
    return names


def _excluded(reason: str, names: str) -> dict:
    return dict.fromkeys(names.split(), reason)


# Public callables with no CUDA case, each with the reason.
EXCLUDED = {
    **_excluded("CPU only by design in PyTorch too (a Python callable per element)", "Tensor.apply_ Tensor.map_"),
    **_excluded("autograd entry points: packages/autograd/tests/test_cuda_gradients.py runs them on CUDA",
                "Tensor.backward Tensor.register_hook Tensor.register_post_accumulate_grad_hook Tensor.retain_grad"),
    **_excluded("makes a CPU tensor from a Python buffer (no device argument, as in PyTorch)", "frombuffer"),
    **_excluded("dtype and shape arithmetic without tensors", "broadcast_shapes can_cast promote_types"),
    **_excluded("flambeau's argument-parsing helpers, public for its other packages",
                "parse_size inferred_dtype scalar_dtype"),
    **_excluded("the host generator's state (CUDA's stream is flambeau.cuda's, in test_cuda.py; the samplers "
                "here use manual_seed)", "fork_rng get_rng_state set_rng_state seed initial_seed"),
    **_excluded("process-wide settings and their queries (tested in test_settings_api.py / test_misc_api.py)",
                "are_deterministic_algorithms_enabled get_default_device get_default_dtype "
                "get_deterministic_debug_mode get_float32_matmul_precision get_num_interop_threads "
                "get_num_threads is_autocast_enabled is_deterministic_algorithms_warn_only_enabled "
                "is_warn_always_enabled set_default_device set_default_dtype set_default_tensor_type "
                "set_deterministic_debug_mode set_float32_matmul_precision set_flush_denormal "
                "set_num_interop_threads set_num_threads set_printoptions set_warn_always "
                "use_deterministic_algorithms compile"),
    **_excluded("symbolic-shape helpers on Python numbers",
                "sym_float sym_int sym_max sym_min sym_not sym_sqrt sym_sum"),
    **_excluded("helpers the namespace modules import or define for themselves (not PyTorch names)",
                "fft.array_module fft.factory_device fft.normalize_dim fft.to_device_array linalg.array_module "
                "linalg.cross_product linalg.int_list_argument linalg.normalize_dim linalg.normalize_dims "
                "linalg.to_device_array special.floating_dtype special.kernel_or_ufunc special.unary_function"),
}


def _resolve(name: str):
    owner = ft.Tensor if name.startswith("Tensor.") else ft
    for part in name.removeprefix("Tensor.").split("."):
        owner = getattr(owner, part, None)
    return owner


def public_callables() -> list[str]:
    """flambeau_tensor_core's public functions (top level, linalg, fft, special: also the compiled ones
    those namespaces hold) and Tensor methods; classes (dtypes, Size, result types) are left out."""
    def functions(module) -> list[str]:
        return [n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))
                and not isinstance(getattr(module, n), type)
                and (getattr(getattr(module, n), "__module__", None) or "").startswith("flambeau_tensor_core")]
    names = [n for n in dir(ft) if not n.startswith("_") and callable(getattr(ft, n))
             and not isinstance(getattr(ft, n), type)]
    names += [f"{space}.{n}" for space in NAMESPACES for n in functions(getattr(ft, space))]
    return names + [f"Tensor.{n}" for n in dir(ft.Tensor) if not n.startswith("_") and callable(getattr(ft.Tensor, n))]


def _same_object_groups(names) -> dict:
    """name → every public name bound to the same function (``abs`` is ``Tensor.abs`` and ``absolute``),
    looking through the wrappers that take NumPy's argument names."""
    by_object: dict = {}
    for name in names:
        by_object.setdefault(id(inspect.unwrap(_resolve(name))), set()).add(name)
    return {name: by_object[id(inspect.unwrap(_resolve(name)))] for name in names}


def test_every_public_callable_has_a_cuda_case():
    """A new public op fails here until a CUDA case calls it (or it is excluded with its reason)."""
    names = public_callables()
    groups = _same_object_groups(names)
    covered = cuda_covered_names()
    missing = sorted(n for n in names if not groups[n] & (covered | set(EXCLUDED)))
    assert not missing, f"no CUDA case calls {missing}: add one to CASES (or exclude it with a reason)"
    stale = sorted(n for n in EXCLUDED if n not in groups or groups[n] & covered)
    assert not stale, f"excluded but covered by a CUDA case, or no longer public: {stale}"

"""Gradients at PyTorch's conventions for non-smooth points, ties, zeros and poles (abs/sqrt/norms at 0,
max/min/median/sort ties, clamp at its bounds, pow at a zero base or exponent, prod/cumprod with zeros,
atan2 at the origin, scatter/index reductions), against PyTorch's. Left out, where PyTorch's answer is its
own sort order or not the derivative: topk/kthvalue among equal values (the order its selection algorithm
leaves them in), det of a singular matrix (PyTorch returns zeros; ours is the adjugate)."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

X = np.array([[0.0, 1.0, 1.0, -2.0], [3.0, 3.0, 0.0, -1.0], [0.0, 0.0, 0.0, 0.0]])
CASES = {
    "abs": lambda T, x: T.abs(x),
    "sgn": lambda T, x: T.sgn(x),
    "sqrt": lambda T, x: T.sqrt(x.abs()),
    "rsqrt": lambda T, x: T.rsqrt(x.abs() + 1),
    "max-all": lambda T, x: T.max(x),
    "min-all": lambda T, x: T.min(x),
    "amax": lambda T, x: T.amax(x, 1),
    "amin": lambda T, x: T.amin(x, 0),
    "max-dim": lambda T, x: T.max(x, 1).values,
    "min-dim": lambda T, x: T.min(x, 0).values,
    "maximum": lambda T, x: T.maximum(x, x.flip(1)),
    "minimum": lambda T, x: T.minimum(x, T.zeros_like(x)),
    "fmax": lambda T, x: T.fmax(x, x.flip(0)),
    "clamp": lambda T, x: T.clamp(x, 0, 1),
    "clamp-tensor": lambda T, x: T.clamp(x, x.flip(1), x.flip(0)),
    "relu": lambda T, x: T.relu(x),
    "median": lambda T, x: T.median(x),
    "median-dim": lambda T, x: T.median(x, 1).values,
    "nanmedian": lambda T, x: T.nanmedian(x, 0).values,
    "mode": lambda T, x: T.mode(x, 1).values,
    "sort": lambda T, x: T.sort(x, 1).values,
    "quantile": lambda T, x: T.quantile(x, 0.3, dim=1),
    "norm-zero": lambda T, x: T.linalg.vector_norm(x, dim=1),
    "norm-inf": lambda T, x: T.linalg.vector_norm(x, float("inf"), dim=1),
    "norm-1": lambda T, x: T.linalg.vector_norm(x, 1, dim=1),
    "norm-0.5": lambda T, x: T.linalg.vector_norm(x, 0.5, dim=1),
    "norm-3": lambda T, x: T.linalg.vector_norm(x, 3, dim=1),
    "std-const": lambda T, x: T.std(x, 1),
    "var": lambda T, x: T.var(x, 0),
    "prod-zero": lambda T, x: T.prod(x, 1),
    "prod-all": lambda T, x: T.prod(x + 0.5),
    "cumprod-zero": lambda T, x: T.cumprod(x, 1),
    "cummax": lambda T, x: T.cummax(x, 1).values,
    "cummin": lambda T, x: T.cummin(x, 0).values,
    "logcumsumexp": lambda T, x: T.logcumsumexp(x, 1),
    "pow0": lambda T, x: T.pow(x, 0.5),
    "pow-t": lambda T, x: T.pow(x, x),
    "pow2": lambda T, x: T.pow(x, 2),
    "pow-neg": lambda T, x: T.pow(x + 5, -1.5),
    "rpow0": lambda T, x: T.pow(0.0, x),
    "xlogy": lambda T, x: T.xlogy(x, x.abs() + 1),
    "xlogy0": lambda T, x: T.xlogy(x, x),
    "atan2": lambda T, x: T.atan2(x, x.flip(1)),
    "hypot": lambda T, x: T.hypot(x, x.flip(1)),
    "dist": lambda T, x: T.dist(x, x),
    "cdist": lambda T, x: T.cdist(x, x),
    "cdist-p1": lambda T, x: T.cdist(x, x.flip(0), p=1),
    "pdist": lambda T, x: T.pdist(x),
    "logsumexp-inf": lambda T, x: T.logsumexp(x * 1000, 1),
    "softmax": lambda T, x: T.softmax(x, 1),
    "log_softmax": lambda T, x: T.log_softmax(x, 0),
    "sigmoid": lambda T, x: T.sigmoid(x),
    "tanh": lambda T, x: T.tanh(x),
    "fmod": lambda T, x: T.fmod(x, 1.5),
    "remainder": lambda T, x: T.remainder(x, 1.5),
    "remainder-t": lambda T, x: T.remainder(x, x.flip(0) + 5),
    "round": lambda T, x: T.round(x) + x,
    "sign": lambda T, x: T.sign(x) * x,
    "frac": lambda T, x: T.frac(x),
    "lerp": lambda T, x: T.lerp(x, x.flip(1), x.flip(0)),
    "addcdiv": lambda T, x: T.addcdiv(x, x, x.abs() + 1),
    "where-nan": lambda T, x: T.where(x > 0, T.log(x), x),
    "masked_fill": lambda T, x: x.masked_fill(x == 0, 2.0),
    "nan_to_num": lambda T, x: T.nan_to_num(T.log(x)),
    "logdet": lambda T, x: T.logdet(x[:, :3] + 3 * T.eye(3, dtype=x.dtype)),
    "det-singular2": lambda T, x: T.linalg.det(x[:2, :2]),
    "renorm": lambda T, x: T.renorm(x, 2, 0, 1.0),
    "normalize": lambda T, x: x / T.linalg.vector_norm(x, dim=1, keepdim=True).clamp_min(1e-12),
    "std_mean": lambda T, x: T.std_mean(x, 1)[0],
    "var_mean": lambda T, x: T.var_mean(x, 0)[1],
    "aminmax": lambda T, x: T.aminmax(x, dim=1).max,
    "diff": lambda T, x: T.diff(x, 2),
    "trapezoid": lambda T, x: T.trapezoid(x),
    "cumulative_trapezoid": lambda T, x: T.cumulative_trapezoid(x),
    "erfinv": lambda T, x: T.erfinv(x * 0.3),
    "digamma": lambda T, x: T.digamma(x + 0.5),
    "lgamma": lambda T, x: T.lgamma(x + 0.5),
    "i0": lambda T, x: T.i0(x),
    "polygamma": lambda T, x: T.polygamma(2, x + 5),
    "mvlgamma": lambda T, x: T.mvlgamma(x + 5, 3),
    "logit": lambda T, x: T.logit(x * 0.1 + 0.5, eps=0.45),
    "special.entr": lambda T, x: T.special.entr(x),
    "special.xlog1py": lambda T, x: T.special.xlog1py(x, x),
    "sinc": lambda T, x: T.sinc(x),
    "nansum": lambda T, x: T.nansum(T.log(x), 1),
    "nanmean": lambda T, x: T.nanmean(T.log(x + 0.5), 1),
    "trace": lambda T, x: T.trace(x),
    "tril": lambda T, x: T.tril(x) * x,
    "index_put-acc": lambda T, x: x.index_put((T.tensor([0, 0]),), x[1:], accumulate=True),
    "scatter_reduce-amax":
        lambda T, x: T.zeros(2, 4, dtype=x.dtype).scatter_reduce(0,
            T.tensor([[0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 0]]), x, "amax"),
    "scatter_reduce-prod":
        lambda T, x: T.ones(2, 4, dtype=x.dtype).scatter_reduce(0,
            T.tensor([[0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 0]]), x, "prod", include_self=False),
    "scatter_reduce-mean":
        lambda T, x: T.ones(2, 4, dtype=x.dtype).scatter_reduce(0,
            T.tensor([[0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 0]]), x, "mean"),
    "scatter-value": lambda T, x: x.scatter(1, T.tensor([[0], [1], [2]]), 5.0),
    "index_reduce": lambda T, x: x.index_reduce(0, T.tensor([0, 0, 1]), x, "amax"),
    "embedding-like": lambda T, x: x[T.tensor([0, 0, 2])],
    "take": lambda T, x: T.take(x, T.tensor([0, 0, 5])),
    "put": lambda T, x: x.put(T.tensor([0, 0]), x[0, :2], accumulate=True),
    "masked_scatter": lambda T, x: x.masked_scatter(x > 0, x * 3),
    "repeat_interleave": lambda T, x: x.repeat_interleave(2, 0),
    "unfold": lambda T, x: x.unfold(1, 2, 1),
    "matrix_norm-2": lambda T, x: T.linalg.matrix_norm(x, 2),
    "matrix_norm-nuc": lambda T, x: T.linalg.matrix_norm(x, "nuc"),
    "svdvals": lambda T, x: T.linalg.svdvals(x),
    "pinv-rankdef": lambda T, x: T.linalg.pinv(x),
    "lstsq": lambda T, x: T.linalg.lstsq(x.T @ x + T.eye(4, dtype=x.dtype), x.T).solution,
    "eigvalsh": lambda T, x: T.linalg.eigvalsh(x.T @ x),
    "count": lambda T, x: T.count_nonzero(x) * x,
    "softplus-ish": lambda T, x: T.logaddexp(x, T.zeros_like(x)),
    "logaddexp2": lambda T, x: T.logaddexp2(x, x.flip(1)),
    "copysign": lambda T, x: T.copysign(x, x.flip(1)),
    "copysign-self": lambda T, x: T.copysign(x + 1, x),
    "nextafter": lambda T, x: T.nextafter(x, x + 1),
    "ldexp": lambda T, x: T.ldexp(x, T.tensor([1, 2, 0, 1])),
    "frexp": lambda T, x: T.frexp(x).mantissa,
    "float_power": lambda T, x: T.float_power(x, 2),
    "float_power-t": lambda T, x: T.float_power(x.abs(), x),
    "angle": lambda T, x: T.angle(x),
    "deg2rad": lambda T, x: T.deg2rad(x),
    "cov": lambda T, x: T.cov(x),
    "corrcoef": lambda T, x: T.corrcoef(x[:2] + T.arange(4.0, dtype=x.dtype)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_gradient_at_edges_matches_pytorch(name):
    oracle.check(CASES[name], X, grad=True, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("call", [lambda T, x: T.floor_divide(x, 2), lambda T, x: x // 2,
                                  lambda T, x: T.heaviside(x, x)])
def test_ops_without_a_derivative_record_pytorchs_not_implemented_node(call):
    """PyTorch records a ``NotImplemented`` node; backward through it raises its RuntimeError."""
    torch = pytest.importorskip("torch")
    import flambeau_tensor_core as ft
    results = []
    for lib in (torch, ft):
        x = lib.tensor(X, requires_grad=True)
        y = call(lib, x)
        with pytest.raises(RuntimeError) as error:
            y.sum().backward()
        results.append((y.grad_fn.name(), type(y.grad_fn).__name__, str(error.value)))
    assert results[0] == results[1]

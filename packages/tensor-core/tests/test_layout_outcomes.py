"""Oracle table (PyTorch 2.13) of result layouts for permuted, transposed and sliced inputs: elementwise
results keep the input's order (so ``x.t() + 1`` is column-major, as in PyTorch), while reductions, scans,
softmax, joins, gathers, triangles and batched products are allocated row-major — NumPy would keep the
input's order there, and then ``x.permute(...).sum(1).view(-1)`` would fail where PyTorch's works."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

A = np.arange(120.0).reshape(2, 3, 4, 5)
PERMUTATIONS = [(0, 1, 2, 3), (3, 1, 0, 2), (0, 2, 3, 1), (2, 1, 0, 3)]
CALLS = {
    "add": lambda T, x: x + 1, "mul-self": lambda T, x: x * x, "exp": lambda T, x: T.exp(x),
    "where": lambda T, x: T.where(x > 3, x, 0.0), "to-float32": lambda T, x: x.float(),
    "clamp": lambda T, x: T.clamp(x, 0, 5), "gt": lambda T, x: x > 2, "zeros_like": lambda T, x: T.zeros_like(x),
    "sum": lambda T, x: x.sum(1), "sum-all-but": lambda T, x: x.sum((0, 1)),
    "sum-keepdim": lambda T, x: x.sum(1, keepdim=True),
    "mean": lambda T, x: x.mean(2), "amax": lambda T, x: x.amax(1), "prod": lambda T, x: x.prod(1),
    "var": lambda T, x: x.var(1), "max": lambda T, x: x.max(1).values, "argmax": lambda T, x: x.argmax(1),
    "logsumexp": lambda T, x: T.logsumexp(x, 1), "all": lambda T, x: (x > 3).all(1),
    "median": lambda T, x: x.median(1).values,
    "mode": lambda T, x: x.mode(1).values, "quantile": lambda T, x: x.quantile(0.5, 1),
    "std_mean": lambda T, x: T.std_mean(x, 1)[1], "cumsum": lambda T, x: x.cumsum(0),
    "cumprod": lambda T, x: x.cumprod(1),
    "cummax": lambda T, x: x.cummax(1).values, "logcumsumexp": lambda T, x: x.logcumsumexp(1),
    "softmax": lambda T, x: T.softmax(x, 1), "log_softmax": lambda T, x: T.log_softmax(x, 3),
    "roll": lambda T, x: x.roll(1, 1), "gather": lambda T, x: x.gather(1, T.zeros_like(x, dtype=T.int64)[:, :2]),
    "take_along_dim": lambda T, x: T.take_along_dim(x, T.zeros_like(x, dtype=T.int64)[:, :1], 1),
    "tril": lambda T, x: x.tril(), "triu": lambda T, x: x.triu(1), "cat": lambda T, x: T.cat([x, x], 1),
    "stack": lambda T, x: T.stack([x, x]), "hstack": lambda T, x: T.hstack([x, x]),
    "matmul": lambda T, x: x @ x.transpose(-1, -2)[..., :5, :],
}


@pytest.mark.parametrize("perm", PERMUTATIONS, ids=str)
@pytest.mark.parametrize("name", list(CALLS))
def test_result_strides_match_pytorch(name, perm):
    oracle.check_outcome(lambda T, x: (lambda r: (r.stride(), r))(CALLS[name](T, x.permute(*perm))), A)


def test_a_reduced_permuted_tensor_can_be_viewed():
    oracle.check(lambda T, x: x.permute(3, 1, 0, 2).sum(1).view(-1), A)
    oracle.check(lambda T, x: T.cat([x.mT, x.mT]).view(-1), A)

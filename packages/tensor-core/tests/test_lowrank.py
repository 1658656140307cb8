"""``svd_lowrank``/``pca_lowrank`` against PyTorch 2.13 with the same seed (flambeau's generator gives
PyTorch's Gaussian test matrix): singular values, the reconstruction ``U diag(S) Vᴴ`` and the singular
vectors up to sign (LAPACK builds may flip them), gradients of sign-free results, and the argument
checks."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

TALL = oracle.randn(9, 5, dtype=np.float64)
WIDE = oracle.randn(2, 4, 7, dtype=np.float64)


def _seeded(T, op, *args, **kwargs):
    T.manual_seed(7)
    U, S, V = op(T)(*args, **kwargs)
    return S, (U * S.unsqueeze(-2)) @ V.mH, U.abs(), V.abs()


@pytest.mark.parametrize("matrix", (TALL, WIDE), ids=("tall", "wide_batched"))
@pytest.mark.parametrize("q, niter", ((3, 2), (5, 0), (2, 4)))
def test_svd_lowrank_matches_pytorch(matrix, q, niter):
    oracle.check(lambda T, a: _seeded(T, lambda T: T.svd_lowrank, a, q=q, niter=niter), matrix,
                 rtol=1e-8, atol=1e-10)


def test_svd_lowrank_with_a_shift_matches_pytorch():
    oracle.check(lambda T, a, m: _seeded(T, lambda T: T.svd_lowrank, a, q=3, M=m), TALL, TALL[:1] * 0.5,
                 rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("center", (True, False))
@pytest.mark.parametrize("q", (None, 2))
def test_pca_lowrank_matches_pytorch(center, q):
    oracle.check(lambda T, a: _seeded(T, lambda T: T.pca_lowrank, a, q=q, center=center), TALL,
                 rtol=1e-8, atol=1e-10)


def test_float32_input_stays_float32():
    oracle.check(lambda T, a: _seeded(T, lambda T: T.svd_lowrank, a, q=2)[0], TALL.astype(np.float32),
                 rtol=1e-4, atol=1e-5)


def test_gradient_of_the_reconstruction_matches_pytorch():
    oracle.check(lambda T, a: _seeded(T, lambda T: T.svd_lowrank, a, q=5)[1], TALL, grad=True,
                 rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("kwargs", ({"q": 6}, {"q": -1}, {"niter": -1}), ids=("q_too_big", "q_negative", "niter"))
def test_pca_lowrank_argument_errors_match_pytorch(kwargs):
    oracle.check_outcome(lambda T, a: T.pca_lowrank(a, **kwargs), TALL)

"""Oracle table (PyTorch 2.13) of the samplers' arguments: sizes, dtypes, bounds, scales, probabilities
and broadcasting of rand/randn/randint/randperm, normal and the in-place fills, bernoulli, multinomial,
poisson and random_ — seeded alike, so valid calls give PyTorch's very samples and bad ones its
exception and message."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

X = np.array([0.5, -1.0, 2.0])

RANDOM_CALLS = {
    "rand": [
        lambda T, x: T.rand(2, -1),
        lambda T, x: T.rand(2, dtype=T.int64),
        lambda T, x: T.randn(2, dtype=T.int32),
        lambda T, x: T.randn(2, dtype=T.bool),
        lambda T, x: T.rand(2, dtype=T.complex64).shape,
        lambda T, x: T.randint(5, (2,)),
        lambda T, x: T.randint(3, 1, (2,)),
        lambda T, x: T.randint(0, (2,)),
        lambda T, x: T.randint(5, (2,), dtype=T.float32),
        lambda T, x: T.randint(2.5, (2,)),
        lambda T, x: T.randint(-3, -1, (4,)),
        lambda T, x: T.randint(300, (2,), dtype=T.uint8),
        lambda T, x: T.randint(5, (2,), dtype=T.bool),
        lambda T, x: T.randperm(5),
        lambda T, x: T.randperm(-1),
        lambda T, x: T.randperm(5, dtype=T.float32),
        lambda T, x: T.randperm(300, dtype=T.uint8),
        lambda T, x: T.randperm(0),
        lambda T, x: T.randperm(3, dtype=T.bool),
    ],
    "normal": [
        lambda T, x: T.normal(0.0, 1.0, (3,)),
        lambda T, x: T.normal(0.0, -1.0, (3,)),
        lambda T, x: T.normal(x, 1.0),
        lambda T, x: T.normal(x, -x),
        lambda T, x: T.normal(x, x.abs()[:1]),
        lambda T, x: T.normal(x, T.ones(5)),
        lambda T, x: T.normal(0.0, T.ones(3)),
        lambda T, x: T.normal(x.int(), 1.0),
        lambda T, x: T.empty(3).normal_(0, -1),
        lambda T, x: T.empty(3, dtype=T.int64).normal_(),
        lambda T, x: T.empty(3).uniform_(2, 1),
        lambda T, x: T.empty(3, dtype=T.int64).uniform_(),
        lambda T, x: T.empty(3).exponential_(-1),
        lambda T, x: T.empty(3).geometric_(0),
        lambda T, x: T.empty(3).geometric_(1.5),
        lambda T, x: T.empty(3).cauchy_(0, -1),
        lambda T, x: T.empty(3).log_normal_(0, -1),
        lambda T, x: T.empty(3, dtype=T.int64).exponential_(),
    ],
    "bern": [
        lambda T, x: T.bernoulli(T.tensor([0.5, 1.5])),
        lambda T, x: T.bernoulli(T.tensor([0.5, -0.5])),
        lambda T, x: T.bernoulli(T.tensor([1, 0])),
        lambda T, x: T.bernoulli(T.tensor([0.0, 1.0]), 0.5).shape,
        lambda T, x: T.empty(3).bernoulli_(1.5),
        lambda T, x: T.empty(3).bernoulli_(T.tensor([0.5, 0.5])),
        lambda T, x: T.bernoulli(T.tensor([0.5]), p=2.0),
        lambda T, x: T.multinomial(T.tensor([0.5, 0.5]), 3),
        lambda T, x: T.multinomial(T.tensor([-0.5, 1.5]), 1),
        lambda T, x: T.multinomial(T.tensor([0.0, 0.0]), 1),
        lambda T, x: T.multinomial(T.tensor([1, 2]), 1),
        lambda T, x: T.multinomial(T.ones(2, 2, 2), 1),
        lambda T, x: T.multinomial(T.tensor([0.5, 0.5]), 0),
        lambda T, x: T.multinomial(T.tensor([0.5, 0.5]), -1),
        lambda T, x: T.multinomial(T.tensor([float('inf'), 1.0]), 1),
        lambda T, x: T.multinomial(T.tensor([float('nan'), 1.0]), 1),
        lambda T, x: T.multinomial(T.tensor([]), 1),
        lambda T, x: T.multinomial(T.ones(2, 0), 1),
        lambda T, x: T.poisson(T.tensor([-1.0])),
        lambda T, x: T.poisson(T.tensor([1])),
        lambda T, x: T.empty(3, dtype=T.int64).random_(-1, 5),
        lambda T, x: T.empty(3).random_(5, 2),
        lambda T, x: T.empty(3, dtype=T.uint8).random_(0, 300),
        lambda T, x: T.empty(3).random_(0, 2 ** 25),
        lambda T, x: T.empty(3, dtype=T.bool).random_(0, 3),
    ],
}


CASES = [(f"{name}-{i}", call) for name, calls in RANDOM_CALLS.items() for i, call in enumerate(calls)]


@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_sampler_outcome_matches_pytorch(call):
    def seeded(T, x):
        T.manual_seed(0)
        return call(T, x)

    oracle.check_outcome(seeded, X, parser_errors_by_type=True)

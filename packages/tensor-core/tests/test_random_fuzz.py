"""A seeded fuzz of the samplers against PyTorch 2.13: rand/randn/randint/randperm/normal (numbers or
tensors), the in-place fills (uniform_, normal_, bernoulli_, exponential_, geometric_, cauchy_,
log_normal_, random_), bernoulli, multinomial, poisson and the *_like forms, with random dtypes, sizes
(empty and negative too) and parameters (out of range too). The draws differ between the libraries, so
each call is compared by its result's shape and dtype, or by PyTorch's exception type and message, which
pins the order of the checks: size, then parameters, then the dtype's kernel (none for an empty draw).
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore")

DTYPES = [None, "float32", "float64", "int64", "int32", "bool", "float16", "complex64", "uint8"]
OPS = ["rand", "randn", "randint", "randperm", "normal", "normal_tensors", "uniform_", "normal_", "bernoulli",
       "bernoulli_", "multinomial", "poisson", "exponential_", "geometric_", "cauchy_", "log_normal_", "random_",
       "rand_like", "randint_like", "randn_like"]
TRIALS = 4000


def _shape_and_dtype(result):
    if isinstance(result, (tuple, list)):
        return [_shape_and_dtype(r) for r in result]
    return (tuple(result.shape), str(result.dtype).split(".")[-1]) if hasattr(result, "shape") else result


def _case(trial: int):
    rng = random.Random(trial)
    op, dtype = rng.choice(OPS), rng.choice(DTYPES)
    size = rng.choice([(2, 3), (), (0,), (3,), [2], (-1,)])
    a, b = rng.choice([0, 1, -1, 5, 0.5, 2.5, 10, -3]), rng.choice([0, 1, 5, 3, -2, 0.5, 1e30])
    n, replacement = rng.choice([0, 1, 3, 5, -1]), rng.random() < 0.5

    def call(T, _):
        kwargs = {"dtype": getattr(T, dtype)} if dtype else {}
        base = T.ones(2, 3, dtype=getattr(T, dtype) if dtype else T.float32)
        calls = {
            "rand": lambda: T.rand(size, **kwargs),
            "randn": lambda: T.randn(size, **kwargs),
            "randint": lambda: T.randint(a, b, size, **kwargs) if isinstance(a, int) else T.randint(b, size, **kwargs),
            "randperm": lambda: T.randperm(n, **kwargs),
            "normal": lambda: T.normal(a, b, size, **kwargs),
            "normal_tensors": lambda: T.normal(T.zeros(3, dtype=base.dtype), T.ones(3) * b),
            "uniform_": lambda: base.uniform_(a, b),
            "normal_": lambda: base.normal_(a, b),
            "bernoulli": lambda: T.bernoulli(base * 0.5 if base.dtype.is_floating_point else base),
            "bernoulli_": lambda: base.bernoulli_(a),
            "multinomial": lambda: T.multinomial(T.tensor([1.0, 2.0, 0.0, 3.0]).to(base.dtype), n, replacement),
            "poisson": lambda: T.poisson(base),
            "exponential_": lambda: base.exponential_(a),
            "geometric_": lambda: base.geometric_(b if isinstance(b, float) else 0.5 if b else 0),
            "cauchy_": lambda: base.cauchy_(a, b),
            "log_normal_": lambda: base.log_normal_(a, b),
            "random_": lambda: base.random_(int(a), int(b)) if b > a else base.random_(int(a)) if a > 0
            else base.random_(),
            "rand_like": lambda: T.rand_like(base, **kwargs),
            "randint_like": lambda: T.randint_like(base, n if n > 0 else 3, **kwargs),
            "randn_like": lambda: T.randn_like(base, **kwargs),
        }
        return _shape_and_dtype(calls[op]())

    return f"{trial}: {op} dtype={dtype} size={size} a={a} b={b} n={n} replacement={replacement}", call


def test_seeded_sampler_fuzz_matches_pytorch():
    failures = oracle.mismatches(map(_case, range(TRIALS)),
                                 lambda call: oracle.check_outcome(call, np.zeros(1), parser_errors_by_type=True))
    oracle.assert_no_mismatches(failures, TRIALS)

"""Seeded fuzzes of gradients against PyTorch 2.13: reductions, scans, sorts, selections, scatters and
shape ops along a random dim of random float64 tensors (a third of them rounded, so values tie), and
the pointwise ops with broadcasting and number operands (zeros and ties included); each call's values
and its gradients compared with PyTorch's. Left out: topk/kthvalue among ties (PyTorch's
selection leaves equal values in its own order; see test_gradient_edges).
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore")

OPS = {   # op -> call(T, x, dim, rng)
    "sum": lambda T, x, d, r: x.sum(d, keepdim=r.random() < 0.5),
    "mean": lambda T, x, d, r: x.mean(d),
    "prod": lambda T, x, d, r: x.prod(d),
    "std": lambda T, x, d, r: x.std(d, correction=r.choice([0, 1])),
    "var": lambda T, x, d, r: x.var(d),
    "amax": lambda T, x, d, r: x.amax(d),
    "amin": lambda T, x, d, r: x.amin(d),
    "max": lambda T, x, d, r: x.max(d).values,
    "min": lambda T, x, d, r: x.min(d),
    "norm": lambda T, x, d, r: x.norm(r.choice([1, 2, 3, float("inf")]), d),
    "logsumexp": lambda T, x, d, r: x.logsumexp(d),
    "cumsum": lambda T, x, d, r: x.cumsum(d),
    "cumprod": lambda T, x, d, r: x.cumprod(d),
    "cummax": lambda T, x, d, r: x.cummax(d).values,
    "logcumsumexp": lambda T, x, d, r: x.logcumsumexp(d),
    "softmax": lambda T, x, d, r: x.softmax(d),
    "log_softmax": lambda T, x, d, r: x.log_softmax(d),
    "sort": lambda T, x, d, r: x.sort(d, descending=r.random() < 0.5).values,
    "topk": lambda T, x, d, r: x.topk(1, d).values,
    "median": lambda T, x, d, r: x.median(d).values,
    "flip": lambda T, x, d, r: x.flip(d),
    "roll": lambda T, x, d, r: x.roll(2, d),
    "narrow": lambda T, x, d, r: x.narrow(d, 0, 1),
    "select": lambda T, x, d, r: x.select(d, -1),
    "unfold": lambda T, x, d, r: x.unfold(d, 1, 1),
    "repeat_interleave": lambda T, x, d, r: x.repeat_interleave(2, d),
    "index_select": lambda T, x, d, r: x.index_select(d, T.tensor([0, 0])),
    "gather": lambda T, x, d, r: x.gather(d, T.zeros_like(x, dtype=T.int64)),
    "scatter_add": lambda T, x, d, r: x.scatter_add(d, T.zeros_like(x, dtype=T.int64), x * 2),
    "scatter_amax": lambda T, x, d, r: x.scatter_reduce(d, T.zeros_like(x, dtype=T.int64), x * 2, "amax"),
    "scatter_mean": lambda T, x, d, r: x.scatter_reduce(d, T.zeros_like(x, dtype=T.int64), x * 2, "mean",
                                                        include_self=r.random() < 0.5),
    "scatter_prod": lambda T, x, d, r: x.scatter_reduce(d, T.zeros_like(x, dtype=T.int64), x * 2, "prod"),
    "index_add": lambda T, x, d, r: x.index_add(d, T.zeros(x.shape[d], dtype=T.int64), x, alpha=2),
    "index_copy": lambda T, x, d, r: x.index_copy(d, T.arange(x.shape[d]).flip(0), x * 3),
    "take_along_dim": lambda T, x, d, r: T.take_along_dim(x, T.zeros_like(x, dtype=T.int64), d),
    "cumulative_trapezoid": lambda T, x, d, r: T.cumulative_trapezoid(x, dim=d),
    "diff": lambda T, x, d, r: T.diff(x, dim=d),
    "movedim": lambda T, x, d, r: x.movedim(d, 0) * 1,
    "chunk": lambda T, x, d, r: x.chunk(2, d)[0] * 1,
    "masked_fill": lambda T, x, d, r: x.masked_fill(x > 0, 1.5),
    "where": lambda T, x, d, r: T.where(x > 0, x, x * x),
    "clamp": lambda T, x, d, r: x.clamp(-0.5, 0.5),
    "renorm": lambda T, x, d, r: x.renorm(2, d, 1.0),
    "nanmean": lambda T, x, d, r: x.nanmean(d),
    "aminmax": lambda T, x, d, r: T.stack(list(x.aminmax(dim=d))),
    "kthvalue": lambda T, x, d, r: x.kthvalue(1, d).values,
    "trace_like": lambda T, x, d, r: x.diagonal(0, d, (d + 1) % x.dim()) if x.dim() > 1 else x,
}
TRIALS = 3000


def test_seeded_gradient_fuzz_matches_pytorch():
    failures = []
    names = sorted(OPS)
    for trial in range(TRIALS):
        rng = random.Random(trial)
        op = rng.choice(names)
        shape = tuple(rng.choice([1, 2, 3, 4]) for _ in range(rng.choice([1, 2, 3])))
        dim, seed = rng.randrange(-len(shape), len(shape)), rng.randrange(1000)
        x = np.random.RandomState(seed).randn(*shape)
        ties = rng.random() < 0.3
        if ties:
            x = np.round(x)
            if op in ("topk", "kthvalue"):
                continue

        def call(T, x, op=op, dim=dim, seed=seed):
            return OPS[op](T, x, dim, random.Random(seed))

        try:
            oracle.check(call, x, grad=True)
        except AssertionError as error:
            failures.append(f"{trial}: {op}{shape} dim={dim} ties={ties}: {str(error).splitlines()[0][:200]}")
    assert failures == [], f"{len(failures)} of {TRIALS} differ:\n" + "\n".join(failures[:20])


# ---- pointwise ops, with broadcasting and number operands -------------------------------------------
UNARY = ("abs neg exp exp2 expm1 log log2 log10 log1p sqrt rsqrt square reciprocal sin cos tan asin acos atan sinh "
         "cosh tanh asinh acosh atanh sigmoid logit erf erfc erfinv lgamma digamma i0 frac sinc deg2rad rad2deg "
         "trunc floor ceil round sign relu").split()
BINARY = ("add sub mul div true_divide pow atan2 hypot maximum minimum fmax fmin copysign fmod remainder logaddexp "
          "logaddexp2 xlogy float_power lerp").split()
POSITIVE = {"log": 0.1, "log2": 0.1, "log10": 0.1, "sqrt": 0.1, "rsqrt": 0.1, "lgamma": 0.1, "digamma": 0.1,
            "acosh": 1.0, "pow": 0.1, "float_power": 0.1}
POINTWISE_TRIALS = 3000


def _pointwise_case(trial: int):
    rng = random.Random(trial)
    s1 = tuple(rng.choice([1, 2, 3]) for _ in range(rng.choice([1, 1, 2, 3])))
    s2 = s1[rng.randrange(len(s1) + 1):] if rng.random() < 0.5 else tuple(rng.choice([1, s]) for s in s1)
    unary = rng.random() < 0.5
    op = rng.choice(UNARY if unary else BINARY)
    state = np.random.RandomState(rng.randrange(10000))
    x = np.asarray(state.randn(*s1) * rng.choice([0.5, 1, 3]))
    y = np.asarray(state.randn(*s2) * rng.choice([0.5, 1, 3]))
    if rng.random() < 0.2:
        x = np.round(x)    # zeros and ties
    if rng.random() < 0.2:
        y = np.round(y)
    number = rng.choice([2, 0.5, -1.5, 3, 0]) if rng.random() < 0.2 else None
    if op in POSITIVE:
        x = np.abs(x) + POSITIVE[op]
    elif op in ("asin", "acos", "atanh", "erfinv"):
        x = np.clip(x, -0.9, 0.9)
    elif op == "logit":
        x = np.clip(np.abs(x), 0.1, 0.9)
    elif op == "log1p":
        x = np.abs(x)
    if op == "xlogy" and number is None:
        y = np.abs(y) + 0.1

    def call(T, x, y):
        if unary:
            return getattr(T, op)(x)
        if op == "lerp":
            return T.lerp(x, y, 0.3 if number is not None else y.sigmoid())
        return getattr(T, op)(x, y if number is None else number)

    return f"{trial}: {op}{s1} {s2} number={number}", call, x, y


def test_seeded_pointwise_gradient_fuzz_matches_pytorch():
    cases = ((label, (call, x, y)) for label, call, x, y in map(_pointwise_case, range(POINTWISE_TRIALS)))
    failures = oracle.mismatches(cases, lambda case: oracle.check(case[0], case[1], case[2], grad=True))
    oracle.assert_no_mismatches(failures, POINTWISE_TRIALS)

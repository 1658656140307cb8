"""A seeded fuzz of the creation functions against PyTorch 2.13: tensor/as_tensor of random nested
lists (ragged, empty, mixed bool/int/float/complex, values out of range), arange/linspace/logspace over
numbers of every kind (bools, NaN, infinities, huge and negative values, complex) and full/zeros/ones/
eye/scalar_tensor/full_like, with and without dtype= and requires_grad=. Each call must give PyTorch's
values, dtype and shape, or its exception type and message (PyTorch converts through checked
conversions whose order decides which error wins).

Left out on purpose: complex linspace/logspace whose values overflow or whose endpoints are infinite
(PyTorch's complex arithmetic leaves NaN and inf in places of its own), and logspace of exponents past
±100 (PyTorch raises a negative base to float32 exponents: whether (-2)**x is inf or NaN then depends on
whether x rounded to an integer).
"""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore")

DTYPES = [None, None, "float32", "float64", "int64", "int32", "bool", "uint8", "complex64", "float16", "int8",
          "int16"]
NUMBERS = [0, 1, -1, 2, 3, 5, 0.5, -2.5, 1e10, True, False, 1 + 2j, math.inf, math.nan, 2**40, -3, 7.0, 255, 256,
           -129]
OPS = ["tensor", "tensor", "as_tensor", "arange", "arange", "linspace", "logspace", "full", "zeros", "ones",
       "empty_shape", "eye", "full_like", "zeros_like", "scalar_tensor", "arange_end"]
SIZES = [(2, 3), (0,), (), (3,), [2, 2], (-1, 2), (2.0,)]
TRIALS = 5000


def _data(rng: random.Random, depth: int = 0):
    """A number, or a list of copies of one random item (mostly rectangular), or of different ones."""
    if depth > 2 or rng.random() < 0.3:
        return rng.choice(NUMBERS)
    n = rng.choice([0, 1, 2, 3])
    if rng.random() < 0.85:
        item = _data(rng, depth + 1)
        return [item for _ in range(n)]
    return [_data(rng, depth + 1) for _ in range(n)]


def _too_long(start, end, step) -> bool:
    try:
        start, end, step = (complex(v).real for v in (start, end, step))
    except TypeError:
        return False
    return step != 0 and math.isfinite(start) and math.isfinite(end) and (end - start) / step > 10_000


def _case(trial: int):
    rng = random.Random(trial)
    op, dtype = rng.choice(OPS), rng.choice(DTYPES)
    a, b, c = rng.choice(NUMBERS), rng.choice(NUMBERS), rng.choice([1, 2, 0.5, -1, 0, 3, 0.1, 7, -0.25])
    steps, base, size = rng.choice([0, 1, 2, 5, -1, 3]), rng.choice([10.0, 2, 2.5, -2]), rng.choice(SIZES)
    data, fill, requires_grad = _data(rng), rng.choice(NUMBERS), rng.random() < 0.1
    skip = ((op == "arange" and _too_long(a, b, c)) or (op == "arange_end" and _too_long(0, a, 1))
            or (op in ("linspace", "logspace") and dtype in ("complex64", None)
                and any(isinstance(v, complex) or abs(v) >= 1e10 or not math.isfinite(v) for v in (a, b)))
            or (op == "logspace" and any(not isinstance(v, complex) and abs(v) > 100 for v in (a, b))))

    def call(T, _):
        kwargs = {"dtype": getattr(T, dtype)} if dtype else {}
        if requires_grad:
            kwargs["requires_grad"] = True
        if op == "tensor":
            return T.tensor(data, **kwargs)
        if op == "as_tensor":
            return T.as_tensor(data, **{k: v for k, v in kwargs.items() if k == "dtype"})
        if op == "scalar_tensor":
            return T.scalar_tensor(fill, **kwargs)
        if op == "arange":
            return T.arange(a, b, c, **kwargs)
        if op == "arange_end":
            return T.arange(a, **kwargs)
        if op == "linspace":
            return T.linspace(a, b, steps, **kwargs)
        if op == "logspace":
            return T.logspace(a, b, steps, base, **kwargs)
        if op == "full":
            return T.full(size, fill, **kwargs)
        if op == "zeros":
            return T.zeros(size, **kwargs)
        if op == "ones":
            return T.ones(*size, **kwargs) if isinstance(size, tuple) else T.ones(size, **kwargs)
        if op == "empty_shape":
            return T.empty(size, **kwargs).shape
        if op == "eye":
            return T.eye(steps, c, **kwargs) if isinstance(c, int) else T.eye(steps, **kwargs)
        source = T.arange(6).reshape(2, 3)
        if op == "full_like":
            return T.full_like(source, fill, **kwargs)
        return T.zeros_like(source.t(), **kwargs).stride()    # zeros_like

    label = (f"{trial}: {op} dtype={dtype} a={a} b={b} c={c} steps={steps} base={base} size={size} data={data} "
             f"fill={fill} requires_grad={requires_grad}")
    return label, call, skip


def test_seeded_creation_fuzz_matches_pytorch():
    cases = ((label[:200], call) for label, call, skip in map(_case, range(TRIALS)) if not skip)
    failures = oracle.mismatches(cases, lambda call: oracle.check_outcome(call, np.zeros(1),
                                                                         parser_errors_by_type=True))
    oracle.assert_no_mismatches(failures, TRIALS)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "bool", "float16", "int64", "float32", "complex64", None])
@pytest.mark.parametrize("steps", [0, 1, 2, 5])
@pytest.mark.parametrize("op", ["linspace", "logspace"])
def test_range_endpoints_follow_pytorch_conversions(op, steps, dtype):
    """Integer results take the endpoints through checked conversions (the start alone for one step),
    bool results have no kernel beyond one step, complex endpoints need a complex dtype."""
    failures = []
    for start in (True, 3, 256, math.inf, math.nan, 1e10, -129, 1 + 2j, 2.5):
        for end in (3, 256, math.inf, 2.5, 1 + 2j):
            if dtype in ("complex64", None) and any(isinstance(v, complex) or abs(v) >= 1e10 or not math.isfinite(v)
                                                    for v in (start, end)):
                continue   # complex overflow: see the module docstring
            def call(T, start=start, end=end):
                return getattr(T, op)(start, end, steps, **({"dtype": getattr(T, dtype)} if dtype else {}))
            try:
                oracle.check_outcome(call)
            except AssertionError as error:
                failures.append(f"{op}({start}, {end}, {steps}, {dtype}): {str(error).splitlines()[0][:200]}")
    assert failures == []

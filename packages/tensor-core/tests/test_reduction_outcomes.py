"""Oracle table (PyTorch 2.13) of the reductions over every dtype kind, with ``dtype=`` and with an ``out=``
of another dtype: PyTorch's values, or its exception and message. ``out=`` decides more than the result's
storage in PyTorch: sum/prod/cumsum/cumprod/nansum/mean/std/var/logsumexp compute in its dtype, all/any
write bool or uint8, amax/amin/logcumsumexp want the input's dtype, and with ``dtype=`` it must match."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

X = np.array([[-2.5, -1.0, 0.0], [0.5, 1.0, 3.0]])
DTYPES = ["bool", "uint8", "int32", "int64", "float16", "float32", "float64", "complex64"]
OUT_DTYPES = ["float32", "int64", "bool", "complex64"]
OPS = ("sum nansum mean nanmean prod std var amax amin argmax argmin logsumexp all any cumsum cumprod "
       "logcumsumexp count_nonzero median nanmedian").split()
WITH_DTYPE = {"sum", "nansum", "mean", "nanmean", "prod", "cumsum", "cumprod"}
NEEDS_DIM = {"cumsum", "cumprod", "logcumsumexp", "logsumexp"}
# PyTorch's logsumexp of float16 into a float32 out= mixes half and float steps (3e-5 off a float32 result)
KNOWN = {"logsumexp(float16, 1, out=float32)", "logsumexp(float16, 1, out=complex64)"}


def _cases(op: str):
    for dt in DTYPES:
        def x_as(T, x, dt=dt):
            return x.to(getattr(T, dt))

        yield f"{op}({dt}, 1)", lambda T, x: getattr(T, op)(x_as(T, x), 1)
        if op not in NEEDS_DIM:
            yield f"{op}({dt})", lambda T, x: getattr(T, op)(x_as(T, x))
        for odt in OUT_DTYPES:
            def with_out(T, x, odt=odt, x_as=x_as):
                out = T.empty(0, dtype=getattr(T, odt))
                getattr(T, op)(x_as(T, x), 1, out=out)
                return out
            yield f"{op}({dt}, 1, out={odt})", with_out
            if op in WITH_DTYPE:
                yield f"{op}({dt}, 1, dtype={odt})", lambda T, x, odt=odt, x_as=x_as: getattr(T, op)(
                    x_as(T, x), 1, dtype=getattr(T, odt))

                def with_dtype_and_out(T, x, odt=odt, x_as=x_as):
                    out = T.empty(0, dtype=T.float64)
                    getattr(T, op)(x_as(T, x), 1, dtype=getattr(T, odt), out=out)
                    return out
                yield f"{op}({dt}, 1, dtype={odt}, out=float64)", with_dtype_and_out


@pytest.mark.parametrize("op", OPS)
def test_reduction_outcomes_match_pytorch(op):
    failures = []
    for label, call in _cases(op):
        if label in KNOWN:
            continue
        try:
            oracle.check_outcome(call, X, parser_errors_by_type=True)
        except (AssertionError, RuntimeError, NotImplementedError, TypeError) as error:
            failures.append(f"{label}: {str(error).splitlines()[0][:300]}")
    assert failures == []


def test_nansum_of_floats_in_an_integer_dtype_sums_then_casts():
    x = np.array([[-2.5, -1.0, np.nan], [0.5, 1.0, 3.0]])
    for dt in ("int64", "bool", "int32"):
        oracle.check_outcome(lambda T, x, dt=dt: T.nansum(x, 1, dtype=getattr(T, dt)), x)
        oracle.check_outcome(lambda T, x, dt=dt: T.nansum(x.half(), 1, dtype=getattr(T, dt)), x)


def test_std_and_mean_of_float16_into_a_float32_out_keep_float32_precision():
    x = oracle.randn(4, 33).astype(np.float16)
    for op in ("std", "var", "mean", "sum", "nanmean"):
        def call(T, x, op=op):
            out = T.empty(0)
            getattr(T, op)(x, 1, out=out)
            return out
        oracle.check(call, x, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("call", [
    lambda T, x: T.sum(x, out=T.empty(0)), lambda T, x: x.sum(out=T.empty(0)), lambda T, x: T.prod(x, out=T.empty(0)),
    lambda T, x: T.mean(x, out=T.empty(0)), lambda T, x: T.sum(x, None, out=T.empty(0)),
    lambda T, x: T.nansum(x, out=T.empty(0)), lambda T, x: T.sum(x, dtype=T.float64), lambda T, x: T.sum(x, dim=None),
])
def test_out_without_dim_follows_pytorchs_overloads(call):
    """sum(input, *, dtype) and prod(input, *, dtype) have no out=: PyTorch's parser refuses the call."""
    oracle.check_outcome(call, X, parser_errors_by_type=True)

"""A seeded fuzz of the reductions, scans and sorts against PyTorch 2.13: random ranks (0-d and empty
dims included), dtypes, NaNs, layouts, dims (int, tuple, (), None, out of range, repeated), keepdim given
or not, dtype=, out= of the same or another dtype, correction=, k, q and p. Each call must give PyTorch's
values and dtypes, or its exception type and message, which pins the order of its checks (argument
types, dims, dtype=, out=, kernel dtypes, values).

Left out on purpose: logsumexp(dim=()) without keepdim (PyTorch 2.13 fails writing its own result;
flambeau reduces every dim, see test_reduction_arguments), mode of rows holding NaN (PyTorch's answer
depends on where std::sort happens to leave the NaN), kthvalue's indices (PyTorch's nth_element picks
among equal values in its own order; the values agree), and var/std of a 0-d float16 tensor into an out=
(PyTorch's "std_var_all: Unsupported dtype Half").
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore")

DTYPES = ["float32", "float64", "int64", "int32", "bool", "uint8", "complex64", "float16"]
MULTI_DIM = ["sum", "nansum", "mean", "nanmean", "prod", "std", "var", "std_mean", "var_mean", "amax", "amin",
             "logsumexp", "norm", "all", "any", "count_nonzero", "aminmax"]
ONE_DIM = ["max", "min", "argmax", "argmin", "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "median",
           "nanmedian", "mode", "sort", "argsort", "topk", "kthvalue", "msort", "quantile", "nanquantile",
           "unique_consecutive", "softmax", "log_softmax"]
NO_KEEPDIM = {"cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "sort", "argsort", "msort", "topk",
              "unique_consecutive", "softmax", "log_softmax", "count_nonzero"}
WITH_DTYPE = {"sum", "nansum", "mean", "nanmean", "prod", "cumsum", "cumprod", "softmax", "log_softmax", "norm"}
WITH_OUT = {"sum", "mean", "prod", "amax", "amin", "cumsum", "logsumexp", "nansum", "std", "var", "all", "any",
            "argmax", "argmin", "count_nonzero", "logcumsumexp", "quantile", "msort"}
NEEDS_DIM = {"softmax", "log_softmax", "cumsum", "cumprod", "logcumsumexp", "cummax", "cummin"}
TRIALS = 6000


def _shape(rng: random.Random) -> tuple:
    return tuple(rng.choice([0, 1, 2, 3, 4]) if rng.random() < 0.12 else rng.choice([1, 2, 3, 4])
                 for _ in range(rng.choice([0, 1, 2, 3])))


def _dim(rng: random.Random, ndim: int) -> int:
    return ndim + 1 if rng.random() < 0.06 else rng.randrange(-max(ndim, 1), max(ndim, 1))


def _dims(rng: random.Random, ndim: int):
    k = rng.random()
    if k < 0.3:
        return _dim(rng, ndim)
    if k < 0.45:
        return None
    if k < 0.55:
        return ()
    return tuple(_dim(rng, ndim) for _ in range(rng.choice([1, 2, 2, 3])))


def _case(trial: int):
    rng = random.Random(trial)
    op = rng.choice(MULTI_DIM + ONE_DIM)
    shape, dtype = _shape(rng), rng.choice(DTYPES)
    keepdim = rng.choice([None, True, False])
    dim = _dims(rng, len(shape)) if op in MULTI_DIM else rng.choice([None, _dim(rng, len(shape)),
                                                                      _dim(rng, len(shape))])
    dtype_arg = rng.choice([None, None, None, "float64", "int64", "float32", "bool", "complex64"])
    out_dtype = rng.choice([dtype, "float32", "int64", "float64"]) if rng.random() < 0.15 else None
    layout = rng.choice(["", "transposed", "nan"])
    k, q, correction = rng.choice([0, 1, 2, 5, -1]), rng.choice([0.5, 0.0, 1.5, "tensor"]), rng.choice([None, 0, 1, 2])
    p = rng.choice([2, 1, "fro", float("inf"), 0.5, "nuc"])
    label = (f"{trial}: {op} {dtype}{shape} {layout} dim={dim} keepdim={keepdim} dtype={dtype_arg} out={out_dtype} "
             f"k={k} q={q} correction={correction} p={p}")
    skip = ((op == "logsumexp" and dim == () and not keepdim) or (op == "mode" and layout == "nan")
            or (op in ("var", "std") and not shape and dtype == "float16" and out_dtype))

    def call(T, _):
        n = int(np.prod(shape)) if shape else 1
        base = (T.arange(n, dtype=T.float64).reshape(shape) * 7 % 5) - 2
        if layout == "nan" and n:
            base = base.reshape(-1)
            base[0] = float("nan")
            base = base.reshape(shape)
        x = base.to(getattr(T, dtype))
        if layout == "transposed" and len(shape) >= 2:
            x = x.transpose(0, 1).contiguous().transpose(0, 1)
        kwargs, args = {}, []
        if dim is not None:
            kwargs["dim"] = dim
        elif op in NEEDS_DIM:
            kwargs["dim"] = 0
        if keepdim is not None and op not in NO_KEEPDIM:
            kwargs["keepdim"] = keepdim
        if dtype_arg and op in WITH_DTYPE:
            kwargs["dtype"] = getattr(T, dtype_arg)
        if op in ("std", "var", "std_mean", "var_mean") and correction is not None:
            kwargs["correction"] = correction
        if op in ("topk", "kthvalue"):
            args = [k]
        if op in ("quantile", "nanquantile"):
            args = [T.tensor([0.25, 0.75], dtype=x.dtype) if q == "tensor" and x.dtype.is_floating_point else q]
        if op == "norm":
            args = [p]
        if op == "msort":
            kwargs = {}
        if out_dtype and op in WITH_OUT:
            out = T.empty(0, dtype=getattr(T, out_dtype))
            getattr(T, op)(x, *args, **kwargs, out=out)
            return out
        result = getattr(T, op)(x, *args, **kwargs)
        return result.values if op == "kthvalue" else result

    return label, call, skip


def test_seeded_reduction_fuzz_matches_pytorch():
    cases = ((label, call) for label, call, skip in map(_case, range(TRIALS)) if not skip)
    failures = oracle.mismatches(cases, lambda call: oracle.check_outcome(call, np.zeros(1),
                                                                         parser_errors_by_type=True))
    oracle.assert_no_mismatches(failures, TRIALS)

"""Seeded fuzzes of indexing against PyTorch 2.13.

``x[index]`` and ``x[index] = value`` with random index tuples (ints in and out of range, slices with
steps, None, Ellipsis, Python bools, int/bool/uint8 tensors, lists, nested lists, 0-d tensors) and values
(numbers, strings, lists, tensors of every dtype and of 0, 1 or many elements), gradients included.

And the indexing-style ops: gather, scatter(+_add, _reduce),
index_select/add/copy/fill/put, masked_fill/scatter/select, take, take_along_dim and put, with random
ranks (0-d included), dims (some out of range), dtypes of the tensor, index (some not integral) and
source, index values (some out of range or negative), as functions, methods, in place and with out=.

Each call must give PyTorch's values or its exception type and message, so the order in which PyTorch
checks (dim, index dtype, source dtype, shapes, reduce name, kernel dtype, positions) is pinned too.
"""
from __future__ import annotations

import random

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

DTYPES = ["float32", "float64", "int64", "int32", "bool", "uint8", "complex64", "float16"]
INDEX_DTYPES = ["int64", "int64", "int64", "int32", "float32", "bool", "uint8"]
OPS = ["gather", "scatter", "scatter_", "scatter_add", "scatter_add_", "scatter_reduce", "scatter_reduce_",
       "index_select", "index_add", "index_add_", "index_copy", "index_copy_", "index_fill", "index_fill_",
       "take", "take_along_dim", "put_", "put", "masked_fill", "masked_fill_", "masked_scatter",
       "masked_scatter_", "index_put", "index_put_", "masked_select"]
WITH_OUT = {"gather", "index_select", "take", "take_along_dim", "masked_select", "scatter", "scatter_add",
            "scatter_reduce", "index_add", "index_copy"}
TRIALS = 10000


def _shape(rng: random.Random) -> tuple:
    return tuple(rng.choice([1, 2, 3, 4]) for _ in range(rng.choice([0, 1, 2, 3])))


def _tensor(T, shape: tuple, dtype: str, transposed: bool = False):
    n = int(np.prod(shape)) if shape else 1
    x = (T.arange(n, dtype=T.float64).reshape(shape) - 3).to(getattr(T, dtype))
    if transposed and len(shape) >= 2:
        x = x.transpose(0, 1).contiguous().transpose(0, 1)
    return x


def _positions(T, shape: tuple, dtype: str, bound: int, too_big: bool, negative: bool):
    n = int(np.prod(shape)) if shape else 1
    values = [(i * 7 + 3) % max(bound, 1) for i in range(n)]
    if too_big:
        values[0] = bound
    if negative:
        values[-1] = -1
    return T.tensor(values, dtype=T.int64).reshape(shape).to(getattr(T, dtype))


def _case(trial: int):
    """``(label, call)`` of one random indexing call; every random choice is made here, none in ``call``."""
    rng = random.Random(trial)
    op = rng.choice(OPS)
    shape, dtype, transposed = _shape(rng), rng.choice(DTYPES), rng.random() < 0.5
    ndim = len(shape)
    dim = rng.randrange(-ndim, ndim) if ndim else rng.choice([0, -1])
    if rng.random() < 0.05:
        dim = ndim + 1
    index_dtype = rng.choice(INDEX_DTYPES)
    size = shape[dim] if ndim and -ndim <= dim < ndim else 1
    index_shape = (tuple(max(1, s + rng.choice([-1, 0, 0, 0, 1])) for s in shape) if rng.random() < 0.8
                   else _shape(rng))
    source_dtype = rng.choice([dtype, dtype, dtype, rng.choice(DTYPES)])
    reduce = rng.choice(["sum", "prod", "mean", "amax", "amin", "bogus"])
    flag = rng.choice([True, False])
    source_shape = rng.choice([index_shape, shape, _shape(rng)])
    count = rng.choice([1, 2, 3])
    value = rng.choice([1.5, 2, True, "0-d", "1-d"])
    mode = "method" if op.endswith("_") else rng.choice(["function", "method", "out"])
    too_big, negative, odd_source = rng.random() < 0.15, rng.random() < 0.1, rng.random() < 0.1

    def call(T, _):
        a = _tensor(T, shape, dtype, transposed)
        base = op.rstrip("_")

        def positions(shape_, bound):
            return _positions(T, shape_, index_dtype, bound, too_big, negative)

        def fill():
            if value == "0-d":
                return T.tensor(2.5).to(getattr(T, source_dtype))
            return T.ones(1, dtype=getattr(T, source_dtype)) if value == "1-d" else value

        kwargs = {}
        if base == "gather":
            args = (dim, positions(index_shape, size))
        elif base == "take_along_dim":
            args = (positions(index_shape, size), dim)
        elif base in ("scatter", "scatter_add"):
            src = _tensor(T, source_shape, source_dtype)
            args = (dim, positions(index_shape, size), src if base == "scatter_add" or count != 3 else fill())
        elif base == "scatter_reduce":
            args = (dim, positions(index_shape, size), _tensor(T, source_shape, source_dtype), reduce)
            kwargs = {"include_self": flag}
        elif base == "index_select":
            args = (dim, positions((count,), size))
        elif base in ("index_add", "index_copy"):
            sliced = list(shape)
            if sliced and -ndim <= dim < ndim:
                sliced[dim] = count
            args = (dim, positions((count,), size), _tensor(T, source_shape if odd_source else tuple(sliced),
                                                             source_dtype))
            kwargs = {"alpha": 2} if base == "index_add" and count == 2 else {}
        elif base == "index_fill":
            args = (dim, positions((count,), size), fill())
        elif base == "take":
            args = (positions(index_shape, a.numel()),)
        elif base == "put":
            args = (positions(index_shape, a.numel()), _tensor(T, source_shape, source_dtype))
            kwargs = {"accumulate": flag}
        elif base in ("masked_fill", "masked_scatter", "masked_select"):
            mask = _tensor(T, index_shape, "float32") > 0
            mask = mask.to(T.uint8) if index_dtype == "uint8" else mask
            args = {"masked_fill": (mask, fill()), "masked_scatter": (mask, _tensor(T, source_shape, source_dtype)),
                    "masked_select": (mask,)}[base]
        else:   # index_put
            values = _tensor(T, source_shape, source_dtype)
            if count == 3:
                values = fill() if not isinstance(fill(), (int, float)) else T.tensor(fill())
            args = ((positions(index_shape, size),), values)
            kwargs = {"accumulate": flag}
        if op.endswith("_"):
            return getattr(a, op)(*args, **kwargs), a
        if mode == "function":
            return getattr(T, base)(a, *args, **kwargs) if hasattr(T, base) else None
        if mode == "out" and base in WITH_OUT:
            out = T.empty(0, dtype=getattr(T, dtype))
            getattr(T, base)(a, *args, **kwargs, out=out)
            return out
        return getattr(a, base)(*args, **kwargs)

    label = (f"{trial}: {op} ({mode}) {dtype}{shape}{'ᵀ' if transposed else ''} dim={dim} index={index_dtype}"
             f"{index_shape} source={source_dtype}{source_shape} count={count} value={value} reduce={reduce} "
             f"flag={flag} too_big={too_big} negative={negative}")
    return label, call


def test_seeded_indexing_fuzz_matches_pytorch():
    # (tolerated: PyTorch's index_put_ of a 0-d mask with a many-element value, an internal assert of its own)
    failures = oracle.mismatches(map(_case, range(TRIALS)),
                                 lambda call: oracle.check_outcome(call, np.zeros(1), parser_errors_by_type=True),
                                 tolerated=lambda error: "INTERNAL ASSERT FAILED" in str(error))
    oracle.assert_no_mismatches(failures, TRIALS)


# ---- __getitem__ / __setitem__ --------------------------------------------------------------------
PART_KINDS = ["int", "negint", "slice", "slice2", "none", "ellipsis", "long", "long2d", "mask", "uint8", "list",
              "0-d", "bool", "too_big", "nested"]
ITEM_TRIALS = 8000


def _index_part(T, kind: str, seed: int, shape: tuple, dim: int):
    rng = random.Random(seed)
    size = shape[dim] if dim < len(shape) else 2
    parts = {
        "int": lambda: rng.randrange(max(size, 1)), "negint": lambda: -1, "too_big": lambda: size,
        "slice": lambda: slice(rng.choice([None, 0, 1]), rng.choice([None, -1, 2, 5])),
        "slice2": lambda: slice(None, None, rng.choice([1, 2, 3])), "none": lambda: None,
        "ellipsis": lambda: Ellipsis, "bool": lambda: rng.choice([True, False]),
        "long": lambda: T.tensor([rng.randrange(-size, max(size, 1) + (rng.random() < 0.1))
                                  for _ in range(rng.choice([1, 2, 3]))]),
        "long2d": lambda: T.tensor([[0, max(size - 1, 0)]] * 2),
        "mask": lambda: T.tensor([rng.random() < 0.5 for _ in range(size + (rng.random() < 0.1))]),
        "uint8": lambda: T.tensor([rng.random() < 0.5 for _ in range(size)], dtype=T.uint8),
        "list": lambda: [rng.randrange(max(size, 1)) for _ in range(rng.choice([1, 2]))],
        "0-d": lambda: T.tensor(rng.randrange(max(size, 1))),
        "nested": lambda: [[0, 1], [1, 0]] if size >= 2 else [[0]],
    }
    return parts[kind]()


def _item_case(trial: int):
    """``(label, call, dtype)`` of one random ``x[index]`` or ``x[index] = value``."""
    rng = random.Random(trial)
    shape = tuple(rng.choice([1, 2, 3, 4]) for _ in range(rng.choice([1, 2, 3])))
    dtype = rng.choice(["float32", "int64", "bool", "uint8", "complex64", "float16", "int32"])
    kinds = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):   # one Ellipsis at most (PyTorch counts a second oddly)
        kind = rng.choice(PART_KINDS)
        kinds.append((kind if kind != "ellipsis" or "ellipsis" not in [k for k, _ in kinds] else "int",
                      rng.randrange(1000)))
    as_tuple = len(kinds) > 1 or rng.random() < 0.3
    setting = rng.random() < 0.5
    value_kind = rng.choice(["int", "float", "0-d", "1-element", "row", "str", "complex", "list"])
    value_dtype = rng.choice(["float32", "int64", "bool", "uint8", "complex64", "float16", "int32"])
    transposed = rng.random() < 0.3

    def call(T, x):
        x = x.to(getattr(T, dtype))   # (a copy: the float64 leaf itself is never written)
        if transposed and len(shape) >= 2:
            x = x.transpose(0, -1).contiguous().transpose(0, -1)
        parts = [_index_part(T, kind, seed, shape, dim) for dim, (kind, seed) in enumerate(kinds)]
        index = tuple(parts) if as_tuple else parts[0]
        if not setting:
            return x[index]
        value = {"int": lambda: 7, "float": lambda: 2.5, "complex": lambda: 1 + 2j, "str": lambda: "a",
                 "list": lambda: [1.0, 2.0], "0-d": lambda: T.tensor(3).to(getattr(T, value_dtype)),
                 "1-element": lambda: T.ones(1, dtype=getattr(T, value_dtype)),
                 "row": lambda: T.ones(shape[-1], dtype=getattr(T, value_dtype))}[value_kind]()
        x[index] = value
        return x

    label = (f"{trial}: {dtype}{shape}{'ᵀ' if transposed else ''} {'x[i] = v' if setting else 'x[i]'} "
             f"{kinds} tuple={as_tuple} value={value_kind}:{value_dtype}")
    return label, call, dtype


def test_seeded_getitem_and_setitem_fuzz_matches_pytorch():
    """Values, dtypes, errors and their order; for float32 cases PyTorch's gradient too (float64 leaf)."""
    def run(case):
        call, dtype, x = case
        if dtype == "float32" and _returns_in_pytorch(call, x):
            oracle.check(call, x, grad=True)
        else:
            oracle.check_outcome(call, x, parser_errors_by_type=True)

    cases = ((label, (call, dtype, _item_input(trial))) for trial in range(ITEM_TRIALS)
             for label, call, dtype in [_item_case(trial)])
    oracle.assert_no_mismatches(oracle.mismatches(cases, run), ITEM_TRIALS)


def _item_input(trial: int) -> np.ndarray:
    rng = random.Random(trial)   # (the shape _item_case draws first)
    shape = tuple(rng.choice([1, 2, 3, 4]) for _ in range(rng.choice([1, 2, 3])))
    return (np.arange(int(np.prod(shape))).reshape(shape) - 2.0) * 1.5


def _returns_in_pytorch(call, x) -> bool:
    torch = oracle.torch()
    try:
        call(torch, torch.tensor(x))
    except Exception:
        return False
    return True

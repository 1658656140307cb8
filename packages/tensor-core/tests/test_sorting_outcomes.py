"""Oracle table (PyTorch 2.13) of sort/argsort/msort, topk, kthvalue/median/quantile and
searchsorted/bucketize over NaN, ties, dims, dtypes and bad arguments (sorter, sides, 0-d boundaries):
PyTorch's values or its exception and message."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

X = np.array([[3.0, 1.0, 2.0, 1.0], [np.nan, 0.0, -1.0, 5.0]])

SORTING_CALLS = {
    "sort": [
        lambda T, x: T.sort(x),
        lambda T, x: T.sort(x, descending=True),
        lambda T, x: T.sort(x, 0),
        lambda T, x: T.sort(x, stable=True),
        lambda T, x: T.sort(x, dim=2),
        lambda T, x: T.sort(x, stable=None),
        lambda T, x: x.sort(-1, True),
        lambda T, x: T.sort(x[0, 0]),
        lambda T, x: T.sort(x.int()),
        lambda T, x: T.sort(x.bool()),
        lambda T, x: T.sort(x.to(T.complex64)),
        lambda T, x: T.argsort(x, descending=True, stable=True),
        lambda T, x: T.msort(x),
        lambda T, x: T.sort(x, stable='yes'),
    ],
    "topk": [
        lambda T, x: T.topk(x, 2),
        lambda T, x: T.topk(x, 2, largest=False),
        lambda T, x: T.topk(x, 5),
        lambda T, x: T.topk(x, 0),
        lambda T, x: T.topk(x, -1),
        lambda T, x: T.topk(x, 2, dim=0),
        lambda T, x: T.topk(x, 2, sorted=False).values.sort().values,
        lambda T, x: T.topk(x[0, 0], 1),
        lambda T, x: T.topk(x.bool(), 1),
        lambda T, x: T.topk(x.to(T.complex64), 1),
        lambda T, x: T.topk(x, 2.0),
    ],
    "kth": [
        lambda T, x: T.kthvalue(x, 2),
        lambda T, x: T.kthvalue(x, 0),
        lambda T, x: T.kthvalue(x, 5),
        lambda T, x: T.kthvalue(x, 1, 0, True),
        lambda T, x: T.kthvalue(x[0, 0], 1),
        lambda T, x: T.kthvalue(x.bool(), 1),
        lambda T, x: T.median(x.bool()),
        lambda T, x: T.quantile(x, 0.5),
        lambda T, x: T.nanquantile(x, T.tensor([0.1, 0.9]), dim=1),
        lambda T, x: T.quantile(x, 1.5),
        lambda T, x: T.quantile(x, 0.5, interpolation='bad'),
    ],
    "search": [
        lambda T, x: T.searchsorted(T.tensor([1.0, 2, 3]), T.tensor([[2.5]])),
        lambda T, x: T.searchsorted(T.tensor([[1.0, 2, 3]]), T.tensor([2.5, 1])),
        lambda T, x: T.searchsorted(T.tensor([1, 2, 3]), T.tensor([2.5])),
        lambda T, x: T.searchsorted(T.tensor([1.0, 2, 3]), 2, right=True),
        lambda T, x: T.searchsorted(T.tensor([3.0, 2, 1]), T.tensor([2.0]), sorter=T.tensor([2, 1, 0]), side='right'),
        lambda T, x: T.searchsorted(T.tensor([1.0, 2, 3]), T.tensor([2.0]), sorter=T.tensor([0, 1])),
        lambda T, x: T.searchsorted(T.tensor([1.0, 2, 3]), T.tensor([2.0]), sorter=T.tensor([0.0, 1, 2])),
        lambda T, x: T.searchsorted(T.tensor(1.0), T.tensor([2.0])),
        lambda T, x: T.bucketize(T.tensor([2.0]), T.tensor([[1.0, 3]])),
        lambda T, x: T.bucketize(T.tensor([2.0, 5]), T.tensor([1.0, 3]), out_int32=True, right=True),
        lambda T, x: T.searchsorted(T.tensor([1.0, 2, 3]), T.tensor([2.0]), out_int32=True, side='left'),
        lambda T, x: T.searchsorted(T.tensor([1.0, 2, 3]).bool(), T.tensor([True])),
    ],
}


CASES = [(f"{name}-{i}", call) for name, calls in SORTING_CALLS.items() for i, call in enumerate(calls)]


@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_sorting_outcome_matches_pytorch(call):
    oracle.check_outcome(call, X, parser_errors_by_type=True)

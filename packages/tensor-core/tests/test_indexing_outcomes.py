"""Oracle tables (PyTorch 2.13) of indexing: ``__getitem__``/``__setitem__`` with every kind of index
(lists read as tuples, strings, zero steps, masks, dtype rules of index_put), gather/scatter/index_*/
masked_*/take/put/where/searchsorted — valid calls give PyTorch's values, bad ones its exception type and
message, including which check comes first (index dtype, then source dtype, then shapes)."""
from __future__ import annotations

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

X64 = np.arange(24.0).reshape(2, 3, 4)
X32 = X64.astype(np.float32)

INDEXING_CALLS = {
    "getitem": [
        lambda T, x: x[1],
        lambda T, x: x[T.tensor(1, dtype=T.uint8)],     # a 0-d uint8 index is a mask, not a position
        lambda T, x: x[T.tensor(0, dtype=T.uint8)],
        lambda T, x: x[2],
        lambda T, x: x[-3],
        lambda T, x: x[:, 3],
        lambda T, x: x[0, 0, 0, 0],
        lambda T, x: x[..., 1],
        lambda T, x: x[..., None, 1],
        lambda T, x: x[..., ...],
        lambda T, x: x[[0, 1]],
        lambda T, x: x[[0, 2]],
        lambda T, x: x[T.tensor([0, 1]), :, T.tensor([1, 2])],
        lambda T, x: x[:, T.tensor([[0, 1], [2, 0]])],
        lambda T, x: x[T.tensor([True, False])],
        lambda T, x: x[T.tensor([True, False, True])],
        lambda T, x: x[x > 5],
        lambda T, x: x[(x > 5)[0]],
        lambda T, x: x[T.tensor(1)],
        lambda T, x: x[T.tensor([1.0])],
        lambda T, x: x[1.0],
        lambda T, x: x['a'],
        lambda T, x: x[::2],
        lambda T, x: x[::-1],
        lambda T, x: x[:, ::0],
        lambda T, x: x[None, ..., None],
        lambda T, x: x[T.tensor(True)],
        lambda T, x: x[T.tensor(False)],
        lambda T, x: x[True],
        lambda T, x: x[[True, False]],
        lambda T, x: x[0, [0, 1], [1, 2]],
        lambda T, x: x[[0], [0], [0], [0]],
        lambda T, x: x[T.tensor([0, 1], dtype=T.int32)],
        lambda T, x: x[T.tensor([0, 1], dtype=T.uint8)],
        lambda T, x: x[:, [0, 1], [[0], [1]]],
        lambda T, x: x[[[0, 1]]],
        lambda T, x: x[0, 1],
        lambda T, x: x[[0, 1], ..., [0, 3]],
        lambda T, x: x[T.tensor([], dtype=T.long)],
        lambda T, x: x[[]],
        lambda T, x: x[T.tensor([[True, False, True], [False, False, True]])],
        lambda T, x: x[1:100, -100:2],
        lambda T, x: x[None][0, :, None, 2],
    ],
    "setitem": [
        lambda T, x: x.__setitem__(0, 1.0) or x,
        lambda T, x: x.__setitem__((slice(None), 1), T.tensor([1.0, 2, 3, 4])) or x,
        lambda T, x: x.__setitem__(0, T.ones(4)) or x,
        lambda T, x: x.__setitem__(0, T.ones(2)) or x,
        lambda T, x: x.__setitem__(x > 3, 0.0) or x,
        lambda T, x: x.__setitem__(x > 3, T.zeros(3)) or x,
        lambda T, x: x.__setitem__([0, 0], T.tensor(5.0)) or x,
        lambda T, x: x.__setitem__((T.tensor([0, 1]), 0), T.ones(2, 4)) or x,
        lambda T, x: x.__setitem__(5, 1.0) or x,
        lambda T, x: x.__setitem__(0, T.ones(1, 1, 3, 4)) or x,
        lambda T, x: x.__setitem__(0, T.ones(2, 3, 4)) or x,
        lambda T, x: x.__setitem__(0, 'a') or x,
        lambda T, x: x.__setitem__(0, T.ones(3, 4, dtype=T.int64)) or x,
        lambda T, x: x.__setitem__(..., 2) or x,
        lambda T, x: x.__setitem__((x > 5).any(-1), -1.0) or x,
        lambda T, x: x.__setitem__(0, 1 + 2j) or x,
        lambda T, x: x.__setitem__(0, [1.0, 2, 3, 4]) or x,
        lambda T, x: x.__setitem__(0, np.float64(3)) or x,
    ],
    "gather": [
        lambda T, x: x.gather(1, T.zeros(2, 2, 4, dtype=T.long)),
        lambda T, x: x.gather(1, T.zeros(2, 2, 4, dtype=T.int32)),
        lambda T, x: x.gather(1, T.full((2, 2, 4), 3)),
        lambda T, x: x.gather(1, T.full((2, 2, 4), -1)),
        lambda T, x: x.gather(1, T.zeros(2, 2, dtype=T.long)),
        lambda T, x: x.gather(1, T.zeros(3, 2, 4, dtype=T.long)),
        lambda T, x: x.gather(3, T.zeros(2, 2, 4, dtype=T.long)),
        lambda T, x: x.gather(1, T.zeros(2, 2, 4)),
        lambda T, x: x.gather(1, T.zeros(0, dtype=T.long)),
    ],
    "scatter": [
        lambda T, x: x.scatter(1, T.zeros(2, 1, 4, dtype=T.long), 5.0),
        lambda T, x: x.scatter(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4)),
        lambda T, x: x.scatter(1, T.full((2, 1, 4), 3), 5.0),
        lambda T, x: x.scatter(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4, dtype=T.int64)),
        lambda T, x: x.scatter(1, T.zeros(2, 1, 4, dtype=T.long), 5.0, reduce='add'),
        lambda T, x: x.scatter(1, T.zeros(2, 1, 4, dtype=T.long), 5.0, reduce='mean'),
        lambda T, x: x.scatter(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4), reduce='multiply'),
        lambda T, x: x.scatter(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 3)),
        lambda T, x: x.scatter_reduce(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4), 'amax'),
        lambda T, x: x.scatter_reduce(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4), 'mean', include_self=False),
        lambda T, x: x.scatter_reduce(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4), 'max'),
        lambda T, x: x.scatter_add(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4)),
        lambda T, x: x.scatter_add(1, T.zeros(2, 5, 4, dtype=T.long), T.ones(2, 5, 4)),
        lambda T, x: x.scatter_add(1, T.zeros(2, 1, 4, dtype=T.long), T.ones(2, 1, 4, dtype=T.float32)),
    ],
    "index": [
        lambda T, x: x.index_select(1, T.tensor([0, 2])),
        lambda T, x: x.index_select(1, T.tensor([3])),
        lambda T, x: x.index_select(1, T.tensor([[0]])),
        lambda T, x: x.index_select(1, T.tensor([0.0])),
        lambda T, x: x.index_select(1, T.tensor(1)),
        lambda T, x: x.index_select(1, T.tensor([0], dtype=T.int32)),
        lambda T, x: x.index_add(1, T.tensor([0, 2]), T.ones(2, 2, 4)),
        lambda T, x: x.index_add(1, T.tensor([0, 2]), T.ones(2, 3, 4)),
        lambda T, x: x.index_add(1, T.tensor([0, 5]), T.ones(2, 2, 4)),
        lambda T, x: x.index_add(1, T.tensor([0, 2]), T.ones(2, 2, 4), alpha=2),
        lambda T, x: x.index_add(1, T.tensor([0, 2]), T.ones(2, 2, 4, dtype=T.float32)),
        lambda T, x: x.index_copy(1, T.tensor([0, 2]), T.ones(2, 2, 4)),
        lambda T, x: x.index_copy(1, T.tensor([0]), T.ones(2, 2, 4)),
        lambda T, x: x.index_fill(1, T.tensor([0, 2]), -1.0),
        lambda T, x: x.index_fill(1, T.tensor([0, 2]), T.tensor(-1.0)),
        lambda T, x: x.index_fill(1, T.tensor([0, 2]), T.tensor([-1.0])),
        lambda T, x: x.index_fill(1, T.tensor([4]), 1.0),
        lambda T, x: x.index_put((T.tensor([0, 1]),), T.tensor(3.0)),
        lambda T, x: x.index_put((T.tensor([0, 0]),), T.ones(3, 4), accumulate=True),
        lambda T, x: x.index_put((T.tensor([0, 3]),), T.tensor(3.0)),
        lambda T, x: x.index_put([T.tensor([0, 1]), T.tensor([0, 1])], T.ones(4)),
        lambda T, x: x.index_reduce(1, T.tensor([0, 0]), T.ones(2, 2, 4), "prod"),
        lambda T, x: x.index_reduce(1, T.tensor([0, 0]), T.ones(2, 2, 4), 'mean', include_self=False),
        lambda T, x: x.index_reduce(1, T.tensor([0, 0]), T.ones(2, 2, 4), 'sum'),
    ],
    "masked": [
        lambda T, x: x.masked_fill(x > 5, 0.0),
        lambda T, x: x.masked_fill((x > 5)[0], 0.0),
        lambda T, x: x.masked_fill(x > 5, T.tensor(1.0)),
        lambda T, x: x.masked_fill(x > 5, T.tensor([1.0])),
        lambda T, x: x.masked_fill(x.long(), 0.0),
        lambda T, x: x.masked_fill((x > 5)[:, :1], 2),
        lambda T, x: x.masked_select(x > 5),
        lambda T, x: x.masked_select((x > 5)[0, 0]),
        lambda T, x: x.masked_select(x),
        lambda T, x: x.masked_select((x > 5)[:, :2]),
        lambda T, x: x.masked_scatter(x > 5, T.zeros(24)),
        lambda T, x: x.masked_scatter(x > 5, T.zeros(3)),
        lambda T, x: x.masked_scatter(x > 5, T.zeros(24, dtype=T.float32)),
        lambda T, x: x.masked_fill_((x > 5).any(0), 1.0),
    ],
    "take": [
        lambda T, x: x.take(T.tensor([0, 23])),
        lambda T, x: x.take(T.tensor([24])),
        lambda T, x: x.take(T.tensor([-24])),
        lambda T, x: x.take(T.tensor([[1, 2]])),
        lambda T, x: x.take(T.tensor([1.0])),
        lambda T, x: T.take_along_dim(x, T.zeros(2, 1, 4, dtype=T.long), 1),
        lambda T, x: T.take_along_dim(x, T.zeros(5, dtype=T.long)),
        lambda T, x: T.take_along_dim(x, T.zeros(2, 1, dtype=T.long), 1),
        lambda T, x: x.put_(T.tensor([0, 1]), T.tensor([9.0, 8])),
        lambda T, x: x.put_(T.tensor([0, 1]), T.tensor([9.0, 8, 7])),
        lambda T, x: x.put_(T.tensor([0, 0]), T.tensor([9.0, 8]), accumulate=True),
        lambda T, x: x.put_(T.tensor([30]), T.tensor([9.0])),
        lambda T, x: x.put(T.tensor([0, 1]), T.tensor([9.0, 8])),
    ],
    "nonzero": [
        lambda T, x: (x > 5).nonzero(),
        lambda T, x: T.nonzero(x > 5, as_tuple=True),
        lambda T, x: T.argwhere(x > 20),
        lambda T, x: T.tensor(3.0).nonzero(),
        lambda T, x: T.nonzero(T.tensor(0.0), as_tuple=True),
        lambda T, x: T.where(x > 5),
        lambda T, x: T.where(x > 5, x, 0),
        lambda T, x: T.where(x > 5, 1, 0),
        lambda T, x: T.where(x > 5, 1.0, 0),
        lambda T, x: T.where(x, x, 0),
        lambda T, x: T.where(x > 5, x, T.zeros(2, 1, 4, dtype=T.int64)),
        lambda T, x: T.where(x > 5, x.float(), x),
        lambda T, x: T.where((x > 5)[:, :2], x, 0),
    ],
    "search": [
        lambda T, x: T.searchsorted(T.tensor([1.0, 3, 5]), x),
        lambda T, x: T.searchsorted(T.tensor([1.0, 3, 5]), x, right=True),
        lambda T, x: T.searchsorted(T.tensor([1.0, 3, 5]), 3.0),
        lambda T, x: T.searchsorted(x, x),
        lambda T, x: T.searchsorted(x, x[:, :1]),
        lambda T, x: T.searchsorted(T.tensor([1.0, 3, 5]), x, side='left', right=True),
        lambda T, x: T.searchsorted(T.tensor([1.0, 3, 5]), x, side='middle'),
        lambda T, x: T.searchsorted(T.tensor([5.0, 3, 1]), x, sorter=T.tensor([2, 1, 0])),
        lambda T, x: T.searchsorted(T.tensor([1.0, 3, 5]), x, out_int32=True),
        lambda T, x: T.bucketize(x, T.tensor([1.0, 3, 5])),
        lambda T, x: T.bucketize(x, T.tensor([[1.0, 3, 5]])),
        lambda T, x: T.bucketize(3.0, T.tensor([1.0, 3, 5])),
        lambda T, x: T.searchsorted(T.tensor([1, 3, 5]), x),
    ],
}

DTYPE_AND_RANGE_CALLS = {
    "scatter_add dtype": lambda T, x, i, s32: x.scatter_add(1, i, s32),
    "scatter_add_ dtype": lambda T, x, i, s32: x.clone().scatter_add_(1, i, s32),
    "scatter_reduce dtype": lambda T, x, i, s32: x.scatter_reduce(1, i, s32, 'sum'),
    "scatter_reduce_ dtype": lambda T, x, i, s32: x.clone().scatter_reduce_(1, i, s32, 'sum'),
    "scatter dtype": lambda T, x, i, s32: x.scatter(1, i, s32),
    "scatter_ dtype": lambda T, x, i, s32: x.clone().scatter_(1, i, s32),
    "scatter dtype+shape": lambda T, x, i, s32: x.scatter(1, i, T.ones(2, 1, 3)),
    "scatter_add idx float": lambda T, x, i, s32: x.scatter_add(1, i.float(), s32.double()),
    "scatter idx float": lambda T, x, i, s32: x.scatter(1, i.float(), s32.double()),
    "scatter_reduce idx float": lambda T, x, i, s32: x.scatter_reduce(1, i.float(), s32.double(), 'sum'),
    "gather idx float": lambda T, x, i, s32: x.gather(1, i.float()),
    "scatter idx int32": lambda T, x, i, s32: x.scatter(1, i.int(), s32.double()),
    "scatter idx dims": lambda T, x, i, s32: x.scatter(1, i[0], s32.double()),
    "gather empty idx": lambda T, x, i, s32: x.gather(1, T.zeros(0, dtype=T.long)).shape,
    "gather 1d idx nonempty": lambda T, x, i, s32: x.gather(1, T.zeros(2, dtype=T.long)),
    "index_select oob": lambda T, x, i, s32: x.index_select(1, T.tensor([3])),
    "index_select oob neg": lambda T, x, i, s32: x.index_select(1, T.tensor([-1])),
    "index_select float": lambda T, x, i, s32: x.index_select(1, T.tensor([0.0])),
    "index_add_ dtype": lambda T, x, i, s32: x.clone().index_add_(1, T.tensor([0]), T.ones(2, 1, 4)),
    "index_add dtype+count": lambda T, x, i, s32: x.index_add(1, T.tensor([0, 1]), T.ones(2, 3, 4)),
    "index_add idx dtype": lambda T, x, i, s32: x.index_add(1, T.tensor([0.0]), T.ones(2, 1, 4, dtype=T.float64)),
    "index_copy dtype": lambda T, x, i, s32: x.index_copy(1, T.tensor([0]), T.ones(2, 1, 4)),
    "index_copy_ dtype": lambda T, x, i, s32: x.clone().index_copy_(1, T.tensor([0]), T.ones(2, 1, 4)),
    "index_copy idx float": lambda T, x, i, s32: x.index_copy(1, T.tensor([0.0]), T.ones(2, 1, 4, dtype=T.float64)),
    "index_fill idx float": lambda T, x, i, s32: x.index_fill(1, T.tensor([0.0]), 1.0),
    "index_fill idx int32": lambda T, x, i, s32: x.index_fill(1, T.tensor([0], dtype=T.int32), 1.0),
    "masked_select float mask": lambda T, x, i, s32: x.masked_select(x),
    "masked_select uint8 mask": lambda T, x, i, s32: x.masked_select(x.byte()),
    "masked_fill float mask": lambda T, x, i, s32: x.masked_fill(x, 1.0),
    "masked_fill uint8": lambda T, x, i, s32: x.masked_fill(x.byte(), 1.0),
    "masked_scatter float mask": lambda T, x, i, s32: x.masked_scatter(x, x),
    "masked_scatter dtype": lambda T, x, i, s32: x.masked_scatter(x > 0, T.ones(24)),
    "masked_scatter_ dtype": lambda T, x, i, s32: x.clone().masked_scatter_(x > 0, T.ones(24)),
    "take float idx": lambda T, x, i, s32: x.take(T.tensor([1.0])),
    "take int32 idx": lambda T, x, i, s32: x.take(T.tensor([1], dtype=T.int32)),
    "put_ dtype": lambda T, x, i, s32: x.clone().put_(T.tensor([0]), T.tensor([1.0])),
    "put dtype": lambda T, x, i, s32: x.put(T.tensor([0]), T.tensor([1.0])),
    "put_ idx int32": lambda T, x, i, s32: x.clone().put_(T.tensor([0], dtype=T.int32),
                                                          T.tensor([1.0], dtype=T.float64)),
    "put_ count": lambda T, x, i, s32: x.clone().put_(T.tensor([0, 1]), T.tensor([1.0], dtype=T.float64)),
    "take_along_dim float": lambda T, x, i, s32: T.take_along_dim(x, T.zeros(2, 1, 4), 1),
    "index_reduce dtype": lambda T, x, i, s32: x.index_reduce(1, T.tensor([0]), T.ones(2, 1, 4), "prod"),
    "index_reduce idx float": lambda T, x, i, s32: x.index_reduce(1, T.tensor([0.0]),
                                                                  T.ones(2, 1, 4, dtype=T.float64), "prod"),
    "index_put dtype": lambda T, x, i, s32: x.index_put((T.tensor([0]),), T.tensor(1.0)),
}


CASES = [(f"{name}-{i}", call) for name, calls in INDEXING_CALLS.items() for i, call in enumerate(calls)]


@pytest.mark.parametrize("x", (X64, X32), ids=("float64", "float32"))
@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_indexing_outcome_matches_pytorch(call, x):
    oracle.check_outcome(call, x, parser_errors_by_type=True)


@pytest.mark.parametrize("case", DTYPE_AND_RANGE_CALLS)
def test_index_and_source_checks_match_pytorch(case):
    oracle.check_outcome(lambda T, x: DTYPE_AND_RANGE_CALLS[case](T, x, T.zeros(2, 1, 4, dtype=T.long),
                                                                 T.ones(2, 1, 4)), X64)


@pytest.mark.parametrize("shape", ((3,), (4, 3), (3, 4), (2, 3, 4), (2, 2, 3)))
@pytest.mark.parametrize("dim", (0, 1, -1))
@pytest.mark.parametrize("position", (3, -1, 1))
def test_index_select_range_errors_match_pytorch(shape, dim, position):
    if dim >= len(shape):
        pytest.skip("no such dim")
    oracle.check_outcome(lambda T, x: x.index_select(dim, T.tensor([0, position])), np.zeros(shape))


INDEXES = {"list": lambda T, x: [0, 1], "long": lambda T, x: (T.tensor([0, 1]),), "mask": lambda T, x: x > -1,
           "int_and_long": lambda T, x: (0, T.tensor([1])), "int_and_mask": lambda T, x: (0, T.tensor([True, False,
                                                                                                      True, False]))}
VALUES = {"float32": lambda T: T.tensor(5.0), "float32_1": lambda T: T.tensor([5.0]), "int64": lambda T: T.tensor(5),
          "int64_1": lambda T: T.tensor([5]), "bool": lambda T: T.tensor(True), "complex": lambda T: T.tensor(1 + 1j),
          "float64_1": lambda T: T.tensor([5.0], dtype=T.float64), "float32_3": lambda T: T.tensor([1.0, 2.0, 3.0])}


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("index", INDEXES)
def test_index_put_dtype_rules_match_pytorch(index, value):
    def assign(T, x):
        x[INDEXES[index](T, x)] = VALUES[value](T)
        return x

    oracle.check_outcome(assign, np.zeros((3, 4)))


def test_masked_assignment_of_another_dtype_keeps_the_gradient():
    def assign(T, x, v):
        y = x * 1
        y[y > 0] = v.float()
        return y

    oracle.check(assign, np.array([1.0, -2.0, 3.0]), np.array(2.0), grad=True)


@pytest.mark.parametrize("op", ("index_add", "index_copy"))
@pytest.mark.parametrize("shape", ((3,), (2, 3, 4), (5, 3), (3, 5), (2, 3, 4, 5)))
@pytest.mark.parametrize("dim", (0, 1, 2, 3))
def test_index_add_and_index_copy_range_errors_match_pytorch(op, shape, dim):
    if dim >= len(shape):
        pytest.skip("no such dim")
    source_shape = shape[:dim] + (2,) + shape[dim + 1:]
    oracle.check_outcome(lambda T, x, s: getattr(x, op)(dim, T.tensor([0, shape[dim]]), s),
                         np.zeros(shape), np.ones(source_shape))

"""tensor-core's everyday ops on 10M elements (issue 3's list) and a 1024 x 1024 matmul.

Every case feeds the three libraries the same float32 data (copies, so no library sees another's
cache-warm buffers first). Targets: elementwise and reductions ≤ 1.0× torch; matmul ≥ 0.95× torch's
GFLOP/s, i.e. time ≤ 1/0.95 × torch's.
"""
from __future__ import annotations

from collections.abc import Callable

from harness import Implementations, Target, equal_inputs, register, same_call

NUMEL = 10_000_000
ROWS, COLS = 10_000, 1_000          # the 10M elements as a matrix, for ops along a dim
ELEMENTWISE = Target(ratio=1.0)


@register("mul, 10M float32", target=ELEMENTWISE)
def mul_large() -> Implementations:
    return same_call(lambda lib, a, b: a * b, lambda a, b: a * b, (NUMEL,), (NUMEL,))


@register("exp, 10M float32", target=ELEMENTWISE)
def exp_large() -> Implementations:
    import numpy as np
    return same_call(lambda lib, a: lib.exp(a), np.exp, (NUMEL,))


@register("sum, 10M float32", target=ELEMENTWISE)
def sum_large() -> Implementations:
    return same_call(lambda lib, a: a.sum(), lambda a: a.sum(), (NUMEL,))


@register("mean along dim 1, 10000x1000 float32", target=ELEMENTWISE)
def mean_dim() -> Implementations:
    return same_call(lambda lib, a: a.mean(1), lambda a: a.mean(1), (ROWS, COLS))


def _numpy_softmax(a):
    import numpy as np
    shifted = np.exp(a - a.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@register("softmax along dim 1, 10000x1000 float32", target=ELEMENTWISE)
def softmax_dim() -> Implementations:
    return same_call(lambda lib, a: lib.softmax(a, 1), _numpy_softmax, (ROWS, COLS))


def _index_case(call: Callable, numpy_call: Callable) -> Implementations:
    """Source 10000x1000 float32, an int64 index of the same shape (gather) or of 10000 rows
    (index_add)."""
    import numpy as np
    import torch

    import flambeau_tensor_core as ft

    (array, fl, th), = equal_inputs((ROWS, COLS))
    rng = np.random.default_rng(1)
    index = rng.integers(0, COLS, (ROWS, COLS))
    rows = rng.integers(0, ROWS, ROWS)
    fl_idx, th_idx = ft.from_numpy(index), torch.from_numpy(index)
    fl_rows, th_rows = ft.from_numpy(rows), torch.from_numpy(rows)
    return Implementations(flambeau=lambda: call(ft, fl, fl_idx, fl_rows),
                           torch=lambda: call(torch, th, th_idx, th_rows),
                           numpy=lambda: numpy_call(array, index, rows))


@register("gather along dim 1, 10M float32", target=ELEMENTWISE)
def gather_large() -> Implementations:
    import numpy as np
    return _index_case(lambda lib, x, idx, rows: lib.gather(x, 1, idx),
                       lambda x, idx, rows: np.take_along_axis(x, idx, 1))


def _numpy_index_add(x, idx, rows):
    import numpy as np
    out = x.copy()
    np.add.at(out, rows, x)
    return out


@register("index_add along dim 0, 10M float32", target=ELEMENTWISE)
def index_add_large() -> Implementations:
    return _index_case(lambda lib, x, idx, rows: x.index_add(0, rows, x), _numpy_index_add)


@register("sort along dim 1, 10000x1000 float32", target=ELEMENTWISE)
def sort_dim() -> Implementations:
    import numpy as np
    def numpy_sort(a):   # values and indices, as torch.sort returns
        order = np.argsort(a, 1, kind="stable")
        return np.take_along_axis(a, order, 1), order

    return same_call(lambda lib, a: lib.sort(a, 1), numpy_sort, (ROWS, COLS))


@register("matmul 1024x1024 float32", target=Target(ratio=1 / 0.95))
def matmul_1024() -> Implementations:
    return same_call(lambda lib, a, b: a @ b, lambda a, b: a @ b, (1024, 1024), (1024, 1024))

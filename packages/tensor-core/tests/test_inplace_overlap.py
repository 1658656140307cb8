"""In-place scatter/index ops refuse a source that shares memory with the target, as PyTorch does
(the kernel would read values it has already overwritten); a clone is accepted, and so is index_fill_
with a value taken from the target. (masked_scatter_ also accepts an overlapping source, but PyTorch's
result then depends on its write order, so it is not compared.)"""
import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

X = np.arange(12, dtype=np.float32).reshape(4, 3)
ZEROS = np.zeros((4, 3), dtype=np.int64)
ROWS = np.array([0, 1, 2, 3])

REFUSED = {
    "scatter_": lambda lib, x, i, r: x.scatter_(1, i, x),
    "scatter_add_": lambda lib, x, i, r: x.scatter_add_(1, i, x),
    "scatter_reduce_": lambda lib, x, i, r: x.scatter_reduce_(1, i, x, "sum"),
    "index_add_": lambda lib, x, i, r: x.index_add_(0, r, x),
    "index_add_ of a disjoint row": lambda lib, x, i, r: x.index_add_(0, r[:1], x[3:4]),
    "index_copy_": lambda lib, x, i, r: x.index_copy_(0, r, x),
    "index_put_": lambda lib, x, i, r: x.index_put_((r[:1],), x[1]),
    "put_": lambda lib, x, i, r: x.put_(r[:1], x.view(-1)[1:2]),
    "index_reduce_": lambda lib, x, i, r: x.index_reduce_(0, r, x, "prod"),
}

ALLOWED = {
    "scatter_add_ of a clone": lambda lib, x, i, r: x.scatter_add_(1, i, x.clone()),
    "index_add_ of a clone": lambda lib, x, i, r: x.index_add_(0, r, x.clone()),
    "index_fill_": lambda lib, x, i, r: x.index_fill_(0, r[:1], x[1, 1]),
    "out-of-place scatter_add": lambda lib, x, i, r: x.scatter_add(1, i, x),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_overlapping_source_raises_and_leaves_target_unchanged(name):
    def call(lib, x, i, r):
        try:
            REFUSED[name](lib, x, i, r)
        finally:
            assert np.array_equal(x.numpy(), X)   # nothing written before the error
    error = oracle.check_raises(call, X.copy(), ZEROS, ROWS)
    assert "single memory location" in str(error)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_ops_without_overlap_or_that_allow_it(name):
    oracle.check(ALLOWED[name], X.copy(), ZEROS, ROWS)

"""``untyped_storage()`` against PyTorch's: which tensors share a storage, its size, bytes and printing;
the strided-tensor answers of ``dense_dim``/``sparse_dim``/``to_dense``."""
from __future__ import annotations

import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

RELATIVES = {
    "itself": lambda x: x, "a row": lambda x: x[1], "transposed": lambda x: x.t(), "reshaped": lambda x: x.reshape(-1),
    "a strided slice": lambda x: x[:, ::2], "a clone": lambda x: x.clone(), "detached": lambda x: x.detach(),
    "a view of a view": lambda x: x[1:].t()[0], "a contiguous copy": lambda x: x.t().contiguous(),
    "a dtype view": lambda x: x.view(ft.int32 if isinstance(x, ft.Tensor) else oracle.torch().int32),
}


def _facts(lib, relative):
    x = lib.arange(6, dtype=lib.float32).reshape(2, 3)
    storage, other = x.untyped_storage(), relative(x).untyped_storage()
    return (other.data_ptr() == storage.data_ptr(), other.nbytes(), len(other), other.size(), other.element_size(),
            other.tolist(), other[4], other[-1], other.device.type, other.is_shared(), repr(other))


@pytest.mark.parametrize("name", sorted(RELATIVES))
def test_untyped_storage_is_shared_where_pytorchs_is(name):
    torch = oracle.torch()
    assert _facts(ft, RELATIVES[name]) == _facts(torch, RELATIVES[name])


def test_empty_and_shared_memory_storages():
    torch = oracle.torch()
    for lib in (torch, ft):
        empty = lib.zeros(0).untyped_storage()
        assert (empty.nbytes(), empty.tolist()) == (0, [])
        assert lib.ones(3).share_memory_().untyped_storage().is_shared()
    with pytest.raises(IndexError):
        ft.ones(1).untyped_storage()[4]


@pytest.mark.parametrize("make", [lambda lib: lib.ones(2, 3), lambda lib: lib.tensor(2.0), lambda lib: lib.zeros(0, 4)])
def test_strided_tensors_are_dense(make):
    torch = oracle.torch()
    for lib in (torch, ft):
        x = make(lib)
        assert (x.dense_dim(), x.sparse_dim(), x.to_dense() is x) == (x.dim(), 0, True)
    assert str(make(ft).to_dense(ft.float64).dtype) == str(make(torch).to_dense(torch.float64).dtype)

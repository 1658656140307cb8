"""Indexing-style ops: gather/scatter/index_*/masked_*/take/nonzero/searchsorted/bucketize."""
from __future__ import annotations

from typing import Any

from . import _core
from ._backend import array_module
from ._core import TensorBase
from .tensor import Tensor, normalize_dim, tensor_method


def _check_tensor(value: Any, name: str, argument: str = "input") -> TensorBase:
    if not isinstance(value, TensorBase):
        raise TypeError(f"{name}(): argument '{argument}' must be Tensor, not {type(value).__name__}")
    return value


def _check_index(index: Any, name: str, max_ndim: int | None = None) -> TensorBase:
    _check_tensor(index, name, "index")
    if index._dtype not in (_core.int64, _core.int32):
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    if max_ndim is not None and index._data.ndim > max_ndim:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    return index


def _check_bounds(positions, size: int, name: str) -> None:
    if positions.size and (int(positions.min()) < -size or int(positions.max()) >= size):
        bad = int(positions.max()) if int(positions.max()) >= size else int(positions.min())
        raise IndexError(f"{name}(): index {bad} is out of bounds for dimension with size {size}")


@tensor_method()
def index_select(input: TensorBase, dim: int, index: TensorBase, *, out: Any = None) -> Tensor:
    """The slices of ``input`` at the positions ``index`` (1-d) along ``dim``."""
    _check_tensor(input, "index_select")
    _check_index(index, "index_select", max_ndim=1)
    data = input._data
    d = normalize_dim(dim, data.ndim)
    positions = index._data.reshape(-1)
    size = data.shape[d] if data.ndim else 1
    _check_bounds(positions, size, "index_select")
    xp = array_module(input._device)
    if data.ndim == 0:
        array = xp.reshape(data, (1,))[positions].reshape(index._data.shape)
    else:
        array = xp.take(data, positions, axis=d)
    result = _core.wrap(array, input._dtype, input._device)
    if out is not None:
        return _core.copy_into_out(result, out, "index_select")
    _core.record("index_select", (input, index), {"dim": d}, (result,))
    return result


__all__ = ["index_select"]

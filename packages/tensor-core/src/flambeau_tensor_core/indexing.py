"""``Tensor.__getitem__`` / ``__setitem__``: NumPy's indexing rules, which match PyTorch's for ints,
slices, ``None``, ``...``, bool and integer tensors and lists. Basic indexing returns a view that
shares memory and version counter with the indexed tensor; advanced indexing returns a copy."""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase
from .tensor import Tensor


def _index_part(part: Any) -> Any:
    if isinstance(part, TensorBase):
        if part.dtype.is_floating_point or part.dtype.is_complex:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return part._data
    if isinstance(part, list):
        return [_index_part(p) for p in part]
    if part is None or part is Ellipsis or isinstance(part, (int, np.integer, slice)):
        if isinstance(part, slice) and part.step is not None and part.step <= 0:
            raise ValueError("step must be greater than zero")
        return part
    if isinstance(part, np.ndarray):
        return part
    raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                     f"valid indices (got {type(part).__name__})")


def array_index(index: Any) -> tuple:
    """A flambeau index as a tuple NumPy understands."""
    parts = index if isinstance(index, tuple) else (index,)
    return tuple(_index_part(p) for p in parts)


def _is_basic(index: tuple) -> bool:
    return all(p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice)) for p in index)


def getitem(self: TensorBase, index: Any):
    idx = array_index(index)
    if _is_basic(idx):
        view_index = idx if any(p is Ellipsis for p in idx) else idx + (Ellipsis,)
        array = self._data[view_index]
        result = _core.make_view(self, array)
    else:
        array = self._data[idx]
        result = _core.wrap(array, self.dtype, self.device)
    _core.record("getitem", (self,), {"index": idx}, (result,))
    return result


def setitem(self: TensorBase, index: Any, value: Any) -> None:
    idx = array_index(index)
    if isinstance(value, TensorBase):
        _core.check_same_device(self, value)
        source = value._data
    else:
        source = value
    target = self._data

    def mutate():
        target[idx] = source

    _core.record_inplace("setitem", self, (self, value), {"index": idx}, mutate)


Tensor.__getitem__ = getitem
Tensor.__setitem__ = setitem

__all__: list[str] = []

"""``Tensor.untyped_storage()``: the bytes a tensor and all its views share, as PyTorch's
``UntypedStorage`` presents them -- its address, size in bytes, device, and the bytes themselves.

A flambeau tensor's memory is the array of its base tensor (or its own array when it is no view), so
two tensors share a storage exactly when their storages' ``data_ptr()`` are equal, which is what code
that detects shared tensors (checkpoint writers, ``safetensors``) compares. The storage is a read-only
window: resizing or re-pointing storages (``resize_``, ``Tensor.set_``) is not offered.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase
from .tensor import tensor_method


def _owner_array(tensor: TensorBase):
    """The array holding the memory of ``tensor`` and of every view of it."""
    return tensor._base._data if tensor._base is not None else tensor._data


def _host_span(array: np.ndarray) -> tuple[int, int]:
    """The first address and the byte length of ``array``'s memory (its strides may skip bytes)."""
    if array.size == 0:
        return 0, 0
    bounds = np.lib.array_utils.byte_bounds if hasattr(np.lib, "array_utils") else np.byte_bounds
    low, high = bounds(array)
    return low, high - low


class UntypedStorage:
    """The shared memory of a tensor and its views, in bytes."""

    def __init__(self, owner: Any, device: _core.device) -> None:
        self._owner = owner
        self._device = device
        if isinstance(owner, np.ndarray):
            self._address, self._nbytes = _host_span(owner)
        else:       # a CuPy array: its allocation is contiguous from its pointer
            self._address, self._nbytes = (int(owner.data.ptr), int(owner.nbytes)) if owner.size else (0, 0)

    @property
    def device(self) -> _core.device:
        return self._device

    @property
    def is_cuda(self) -> bool:
        return self._device.type == "cuda"

    def data_ptr(self) -> int:
        return self._address

    def nbytes(self) -> int:
        return self._nbytes

    def size(self) -> int:
        return self._nbytes

    def __len__(self) -> int:
        return self._nbytes

    def element_size(self) -> int:
        return 1

    def _bytes(self) -> np.ndarray:
        if not self._nbytes:
            return np.zeros(0, np.uint8)
        if isinstance(self._owner, np.ndarray):
            import ctypes
            buffer = (ctypes.c_uint8 * self._nbytes).from_address(self._address)
            return np.frombuffer(buffer, dtype=np.uint8).copy()
        return np.frombuffer(self._owner.get().tobytes(), dtype=np.uint8)   # contiguous owner on the device

    def tolist(self) -> list[int]:
        return self._bytes().tolist()

    def __getitem__(self, index: int) -> int:
        if not isinstance(index, int):
            raise TypeError(f"can't index a torch.UntypedStorage with {type(index).__name__}")
        if not -self._nbytes <= index < self._nbytes:
            raise IndexError(f"index {index} out of range for storage of size {self._nbytes}")
        return int(self._bytes()[index])

    def is_shared(self) -> bool:
        from .tensor_api_extras import _in_shared_mapping
        return self.is_cuda or (isinstance(self._owner, np.ndarray) and _in_shared_mapping(self._owner))

    def __repr__(self) -> str:
        values = "".join(f" {value}\n" for value in self.tolist())
        return f"{values}[torch.storage.UntypedStorage(device={self._device}) of size {self._nbytes}]"


@tensor_method()
def untyped_storage(self: TensorBase) -> UntypedStorage:
    """The bytes ``self`` shares with its base and the base's other views."""
    return UntypedStorage(_owner_array(self), self._device)


@tensor_method()
def dense_dim(self: TensorBase) -> int:
    """The number of dense dimensions: all of them, for a strided tensor."""
    return self._data.ndim


@tensor_method()
def sparse_dim(self: TensorBase) -> int:
    """The number of sparse dimensions: none, for a strided tensor."""
    return 0


@tensor_method()
def to_dense(self: TensorBase, dtype: Any = None, *, masked_grad: bool | None = None) -> TensorBase:
    """``self`` itself: a strided tensor is already dense (a ``dtype`` other than its own converts)."""
    return self if dtype is None or _core.check_dtype(dtype) is self._dtype else self.to(dtype)


__all__ = ["UntypedStorage"]

"""``Tensor.to`` and friends: moving tensors between dtypes and devices."""
from __future__ import annotations

from typing import Any

from . import _core
from ._backend import cuda_available, to_device_array
from ._core import TensorBase, device as Device, dtype as DType
from .memory_formats import (
    copy_with_strides,
    element_strides,
    like_strides,
    memory_format_argument,
    preserve_format,
    suggest_memory_format,
)


def as_device(value: Any) -> Device:
    """Normalise a ``device=`` argument (``"cuda"`` means the current CUDA device, e.g. ``cuda:0``)."""
    if isinstance(value, Device):
        dev = value
    elif isinstance(value, str):
        dev = Device(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        if not cuda_available():   # a bare index means the current accelerator, and there is none
            raise RuntimeError("Cannot access accelerator device when none is available.")
        dev = Device("cuda", value)
    else:
        raise TypeError(f"expected a device (str, flambeau.device or int), got {type(value).__name__}")
    if dev.type == "cuda" and dev.index is None:
        from .cuda import current_device
        dev = Device("cuda", current_device())
    if dev.type == "cpu" and dev.index is not None:
        dev = _core.CPU
    return _core.CPU if dev.type == "cpu" else dev


def tensor_to(tensor: TensorBase, *args, dtype: DType | None = None, device: Any = None,
              non_blocking: bool = False, copy: bool = False, memory_format: Any = None):
    """PyTorch's ``Tensor.to`` overloads: ``(dtype)``, ``(device, dtype=None)``, ``(other)`` (a Python
    number as ``other`` gives its 0-d tensor's dtype: float64, bool, complex128). The result keeps
    ``tensor``'s layout unless ``memory_format`` names another (see ``memory_formats``)."""
    for arg in args:
        if isinstance(arg, TensorBase):
            dtype, device = arg.dtype, arg.device
        elif arg is None:
            continue
        elif isinstance(arg, (bool, float, complex)):
            dtype = _core.bool_ if isinstance(arg, bool) else _core.float64 if isinstance(arg, float) else \
                _core.complex128
        elif isinstance(arg, DType) or arg in (float, int, bool, complex):   # (Python types, as PyTorch)
            dtype = arg
        elif isinstance(arg, (str, Device, int)) and not isinstance(arg, bool):
            device = arg
        else:
            raise TypeError(f"to() received an invalid combination of arguments: got {type(arg).__name__}")
    target_dtype = tensor.dtype if dtype is None else _core.check_dtype(dtype)
    target_device = tensor.device if device is None else as_device(device)
    fmt = memory_format_argument(memory_format, "to")
    if target_dtype is tensor.dtype and target_device == tensor.device and not copy and \
            (fmt is preserve_format or suggest_memory_format(tensor) is fmt):
        return tensor
    array = tensor._data
    if target_device != tensor.device:
        array = to_device_array(array, target_device)
    if target_dtype is not tensor.dtype:
        array = array.astype(target_dtype.numpy_dtype)
    elif array is tensor._data:
        array = array.copy()
    if fmt is not preserve_format or not tensor._data.flags.c_contiguous:   # (row-major stays row-major)
        strides = like_strides(tensor, fmt)
        if element_strides(array) != strides:
            array = copy_with_strides(array, strides)
    result = _core.wrap(array, target_dtype, target_device)
    _core.record("to", (tensor,), {"dtype": tensor.dtype, "device": tensor.device}, (result,))
    return result


_LEGACY_NAMES = {
    "FloatTensor": _core.float32, "DoubleTensor": _core.float64, "HalfTensor": _core.float16,
    "LongTensor": _core.int64, "IntTensor": _core.int32, "ShortTensor": _core.int16,
    "CharTensor": _core.int8, "ByteTensor": _core.uint8, "BoolTensor": _core.bool_,
    "ComplexFloatTensor": _core.complex64, "ComplexDoubleTensor": _core.complex128,
}


def dtype_from_legacy_type_name(name: str) -> DType:
    """``"torch.FloatTensor"`` / ``"flambeau.LongTensor"`` → the dtype (used by ``Tensor.type(str)``)."""
    short = name.rsplit(".", 1)[-1]
    if short not in _LEGACY_NAMES:
        raise ValueError(f"invalid type: '{name}'")
    return _LEGACY_NAMES[short]

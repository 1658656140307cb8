"""Interop and small utilities: DLPack exchange (``Tensor.__dlpack__``/``__dlpack_device__``,
``from_dlpack``) sharing memory with NumPy, CuPy and PyTorch; ``finfo``/``iinfo``; ``numel``,
``is_floating_point``, ``is_complex``, ``is_nonzero``.

DLPack is delegated to the storage array (NumPy's or CuPy's own implementation), so exporting and
importing never copies: a PyTorch tensor made with ``torch.from_dlpack(t)`` writes into ``t``'s memory.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase
from .tensor import tensor_method

_DLPACK_CPU, _DLPACK_CUDA = 1, 2


# ---- DLPack -------------------------------------------------------------------------------------------
@tensor_method("__dlpack__")
def _dlpack(self, *, stream: Any = None, max_version: tuple[int, int] | None = None, dl_device: Any = None,
            copy: bool | None = None):
    """A DLPack capsule over this tensor's memory (the protocol ``np.from_dlpack``/``torch.from_dlpack`` use)."""
    if self._requires_grad:
        raise RuntimeError("Can't export tensors that require gradient, use tensor.detach()")
    kwargs = {key: value for key, value in (("stream", stream), ("max_version", max_version),
                                            ("dl_device", dl_device), ("copy", copy)) if value is not None}
    try:
        return self._data.__dlpack__(**kwargs)
    except TypeError:
        if "max_version" not in kwargs:
            raise
        kwargs.pop("max_version")     # an exporter that predates DLPack 1.0 keywords
        return self._data.__dlpack__(**kwargs)
    except BufferError as error:
        raise RuntimeError(f"__dlpack__: cannot export this {self.dtype} tensor ({error})") from None


@tensor_method("__dlpack_device__")
def _dlpack_device(self) -> tuple[int, int]:
    """``(device type, index)`` in DLPack's codes: ``(1, 0)`` for CPU, ``(2, n)`` for ``cuda:n``."""
    if self._device.type == "cpu":
        return (_DLPACK_CPU, 0)
    return (_DLPACK_CUDA, self._device.index or 0)


class _Capsule:
    """Presents a bare (legacy) DLPack capsule through the ``__dlpack__`` protocol."""

    def __init__(self, capsule: Any, device: tuple[int, int]):
        self._capsule, self._device = capsule, device

    def __dlpack__(self, **kwargs: Any):
        return self._capsule

    def __dlpack_device__(self) -> tuple[int, int]:
        return self._device


def from_dlpack(ext_tensor: Any):
    """A tensor sharing memory with any DLPack producer (a NumPy/CuPy array, a PyTorch tensor, a legacy
    capsule); CPU memory becomes a CPU tensor and CUDA memory a CUDA tensor."""
    if isinstance(ext_tensor, TensorBase):
        return ext_tensor
    if type(ext_tensor).__name__ == "PyCapsule":
        ext_tensor = _Capsule(ext_tensor, (_DLPACK_CPU, 0))
    if not hasattr(ext_tensor, "__dlpack__"):
        raise TypeError(f"from_dlpack(): expected an object implementing __dlpack__, got {type(ext_tensor).__name__}")
    device_type = ext_tensor.__dlpack_device__()[0] if hasattr(ext_tensor, "__dlpack_device__") else _DLPACK_CPU
    if device_type == _DLPACK_CPU:
        array = np.from_dlpack(ext_tensor)
    elif device_type == _DLPACK_CUDA:
        from ._backend import require_cupy
        array = require_cupy().from_dlpack(ext_tensor)
    else:
        raise RuntimeError(f"from_dlpack(): unsupported DLPack device type {device_type} (CPU and CUDA are)")
    return _core.wrap(array)


def to_dlpack(tensor: TensorBase):
    """A legacy DLPack capsule over ``tensor``'s memory (``torch.utils.dlpack.to_dlpack``; a tensor that
    requires grad is exported too, as by PyTorch). Consumers read and write the same memory."""
    if not isinstance(tensor, TensorBase):
        raise TypeError(f"_to_dlpack(): argument 'data' (position 1) must be Tensor, not {type(tensor).__name__}")
    return tensor._data.__dlpack__()


# ---- numeric limits -------------------------------------------------------------------------------
def _dtype_argument(type: Any, default: _core.dtype) -> _core.dtype:
    if type is None:
        return default
    if not isinstance(type, _core.dtype):
        raise TypeError(f"expected a flambeau.dtype, got {type.__class__.__name__}")
    return type


class finfo:
    """Machine limits of a floating-point dtype (a complex dtype reports its real part's)."""

    def __init__(self, type: _core.dtype | None = None):
        dtype = _dtype_argument(type, _core.get_default_dtype())
        if not (dtype.is_floating_point or dtype.is_complex):
            raise TypeError("flambeau.finfo() requires a floating point input type. Use flambeau.iinfo to handle "
                            "'flambeau.finfo'")
        info = np.finfo(dtype.to_real().numpy_dtype)
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = self.smallest_normal = float(info.smallest_normal)
        self.resolution = 10.0 ** -int(info.precision)
        self.dtype = dtype.to_real().name

    def __repr__(self) -> str:
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """Limits of an integer (or bool) dtype."""

    def __init__(self, type: _core.dtype):
        if not isinstance(type, _core.dtype) or type.is_floating_point or type.is_complex:
            raise TypeError("flambeau.iinfo() requires an integer input type. Use flambeau.finfo to handle "
                            "'flambeau.iinfo'")
        if type is _core.bool_:
            self.bits, self.min, self.max = 8, 0, 1
        else:
            info = np.iinfo(type.numpy_dtype)
            self.bits, self.min, self.max = int(info.bits), int(info.min), int(info.max)
        self.dtype = type.name

    def __repr__(self) -> str:
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


# ---- small predicates ----------------------------------------------------------------------------------
def _tensor(input: Any, name: str) -> TensorBase:
    if not isinstance(input, TensorBase):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input


def numel(input) -> int:
    """The number of elements of ``input``."""
    return _tensor(input, "numel").numel()


def is_floating_point(input) -> bool:
    return _tensor(input, "is_floating_point").is_floating_point()


def is_complex(input) -> bool:
    return _tensor(input, "is_complex").is_complex()


@tensor_method()
def is_nonzero(input) -> bool:
    """Whether a one-element tensor is not zero (PyTorch's errors for none or many elements)."""
    _tensor(input, "is_nonzero")
    if input.numel() == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if input.numel() > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(input.item())


__all__ = ["from_dlpack", "to_dlpack", "finfo", "iinfo", "numel", "is_floating_point", "is_complex", "is_nonzero"]

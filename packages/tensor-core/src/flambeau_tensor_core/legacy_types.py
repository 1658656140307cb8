"""PyTorch's legacy tensor types: ``FloatTensor``, ``DoubleTensor``, ``HalfTensor``, ``LongTensor``,
``IntTensor``, ``ShortTensor``, ``CharTensor``, ``ByteTensor``, ``BoolTensor``, and ``Tensor.type``.

As in PyTorch they are not subclasses of ``Tensor`` but markers of a (dtype, CPU) pair: calling one
is the legacy constructor (``FloatTensor(2, 3)`` is uninitialised, ``LongTensor([1, 2])`` copies data,
``FloatTensor(t)`` aliases a float32 tensor), ``isinstance(t, FloatTensor)`` asks whether ``t`` is a
float32 CPU tensor, and ``t.type(FloatTensor)`` / ``t.type("torch.FloatTensor")`` converts.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase, dtype as DType
from .tensor import Size, Tensor, type_name


class _LegacyTensorType(type):
    """The metaclass of the legacy types (PyTorch's ``torch.tensortype``)."""

    dtype: DType
    is_cuda = False
    is_sparse = False

    def __instancecheck__(cls, instance: Any) -> bool:
        return (isinstance(instance, TensorBase) and instance._dtype is cls.dtype
                and instance._device.type == "cpu")

    def __call__(cls, *args: Any, device: Any = None, size: Any = None) -> Tensor:
        from .conversion import as_device
        from .creation import empty, parse_size, tensor

        if device is not None:
            kind = (_core.device(device) if isinstance(device, str) else as_device(device)).type
            if kind != "cpu":
                raise RuntimeError(f"legacy constructor expects device type: cpu but device type: {kind} was passed")
        if size is not None:
            if args:
                raise TypeError("new(): 'size' given both by position and by keyword")
            return empty(parse_size((size,), "new"), dtype=cls.dtype)
        if not args:
            return empty(0, dtype=cls.dtype)
        first = args[0]
        if len(args) == 1 and isinstance(first, TensorBase):
            if first._dtype is not cls.dtype or first._device.type != "cpu":
                raise TypeError(f"expected {cls.dtype} on cpu (got {first.dtype} on {first.device})")
            return first[...]
        if len(args) == 1 and isinstance(first, Size):
            return empty(parse_size(args, "new"), dtype=cls.dtype)
        if all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args):
            return empty(parse_size(args, "new"), dtype=cls.dtype)
        if len(args) == 1:
            if isinstance(first, (bool, float, complex, np.number, np.bool_)):
                raise TypeError(f"new(): data must be a sequence (got {type_name(first)})")
            if isinstance(first, (str, bytes)):
                raise TypeError(f"new(): invalid data type '{type(first).__name__}'")
            return tensor(first, dtype=cls.dtype)
        bad = next(a for a in args if not isinstance(a, (int, np.integer)) or isinstance(a, bool))
        raise TypeError(f"new(): argument 'size' must be tuple of ints, but found element of type {type_name(bad)}")

    def __repr__(cls) -> str:
        return f"<class 'torch.{cls.__name__}'>"   # PyTorch's spelling, as dtypes and x.type()


def _legacy_type(name: str, dtype: DType) -> type:
    return _LegacyTensorType(name, (), {"dtype": dtype, "__module__": "flambeau",
                                         "__doc__": f"The legacy constructor and type test of {dtype} CPU tensors."})


FloatTensor = _legacy_type("FloatTensor", _core.float32)
DoubleTensor = _legacy_type("DoubleTensor", _core.float64)
HalfTensor = _legacy_type("HalfTensor", _core.float16)
LongTensor = _legacy_type("LongTensor", _core.int64)
IntTensor = _legacy_type("IntTensor", _core.int32)
ShortTensor = _legacy_type("ShortTensor", _core.int16)
CharTensor = _legacy_type("CharTensor", _core.int8)
ByteTensor = _legacy_type("ByteTensor", _core.uint8)
BoolTensor = _legacy_type("BoolTensor", _core.bool_)


def tensor_type(self: TensorBase, dtype: Any = None, non_blocking: bool = False) -> Any:
    """``Tensor.type``: with no argument the legacy type name as PyTorch spells it (``"torch.FloatTensor"``,
    which scripts compare after ``import flambeau as torch``); with a dtype, a legacy type or its name
    (``"torch.FloatTensor"``, ``"torch.cuda.LongTensor"``), the tensor converted (``self`` when nothing
    changes)."""
    from .conversion import dtype_from_legacy_type_name
    from .tensor import _legacy_type_name

    if dtype is None:
        return _legacy_type_name(self)
    if isinstance(dtype, _LegacyTensorType):
        return self.to("cpu", dtype.dtype, non_blocking=non_blocking)
    if isinstance(dtype, str):
        module, _, _ = dtype.rpartition(".")
        if module not in ("torch", "flambeau", "torch.cuda", "flambeau.cuda"):
            raise ValueError(f"invalid type: '{dtype}'")
        target = dtype_from_legacy_type_name(dtype)
        if module.endswith("cuda"):
            from ._backend import cuda_available
            if not cuda_available():
                raise RuntimeError(f"type(): cannot convert to '{dtype}': flambeau has no CUDA device (CuPy "
                                   "and an NVIDIA GPU are needed)")
            return self.to("cuda", target, non_blocking=non_blocking)
        return self.to("cpu", target, non_blocking=non_blocking)
    if isinstance(dtype, DType):
        return self.to(dtype, non_blocking=non_blocking)
    raise TypeError("dtype must be a type, str, or dtype object")


__all__ = ["FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor", "IntTensor", "ShortTensor", "CharTensor",
           "ByteTensor", "BoolTensor"]

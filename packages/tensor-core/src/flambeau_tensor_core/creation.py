"""Tensor creation: ``tensor``, ``as_tensor``, ``from_numpy``, ``zeros``/``ones``/``empty``/``full``
(and ``*_like``), ``arange``. Every function takes PyTorch's ``dtype=``, ``device=``, ``requires_grad=``."""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from . import _core
from ._backend import array_module, to_device_array
from ._core import TensorBase, dtype as DType
from .conversion import as_device

_CPU = _core.CPU


def parse_size(size: tuple, name: str = "size") -> tuple[int, ...]:
    """``f(2, 3)``, ``f((2, 3))``, ``f([2, 3])`` and ``f(Size)`` all mean shape ``(2, 3)``."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    dims = []
    for s in size:
        if isinstance(s, TensorBase) and s.numel() == 1 and not s.dtype.is_floating_point:
            s = int(s.item())
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise TypeError(f"{name} must be a tuple of ints, but got an element of type {type(s).__name__}")
        dims.append(int(s))
    for s in dims:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {dims}")
    return tuple(dims)


def _device_or_cpu(device: Any):
    return _CPU if device is None else as_device(device)


def _finish(array, dtype: DType, device, requires_grad: bool):
    result = _core.wrap(array, dtype, device)
    if requires_grad:
        result.requires_grad_(True)
    return result


def inferred_dtype(data: Any) -> DType:
    """The dtype ``tensor(data)`` gets: NumPy data keep theirs; Python numbers follow PyTorch."""
    if isinstance(data, TensorBase):
        return data.dtype
    if isinstance(data, (np.ndarray, np.generic)):
        return _core.dtype_from_numpy(data.dtype)
    array = np.asarray(data)
    kind = array.dtype.kind
    if kind == "b":
        return _core.bool_
    if kind in "iu":
        return _core.int64
    if kind == "f":
        if _contains_numpy_or_tensor(data):
            return _core.dtype_from_numpy(array.dtype)
        return _core.get_default_dtype()
    if kind == "c":
        return _core.default_complex_dtype()
    raise TypeError(f"new(): invalid data type '{type(data).__name__}'")


def _contains_numpy_or_tensor(data: Any) -> bool:
    while isinstance(data, (list, tuple)) and data:
        data = data[0]
    return isinstance(data, (TensorBase, np.ndarray, np.generic))


def _host_array(data: Any, dtype: DType | None) -> np.ndarray:
    if isinstance(data, TensorBase):
        data = data._host_array()
    try:
        array = np.array(data, dtype=None if dtype is None else dtype.numpy_dtype)
    except (TypeError, ValueError) as error:
        if isinstance(error, ValueError) and "sequence" in str(error):
            raise ValueError(f"expected sequences of equal length in tensor data: {error}") from None
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'") from None
    return array


def tensor(data: Any, *, dtype: DType | None = None, device: Any = None, requires_grad: bool = False,
           pin_memory: bool = False):
    """A new tensor holding a copy of ``data`` (nested sequences, NumPy arrays, scalars, tensors)."""
    dtype = inferred_dtype(data) if dtype is None else _core.check_dtype(dtype)
    array = _host_array(data, dtype)
    device = _device_or_cpu(device if device is not None or not isinstance(data, TensorBase) else data.device)
    return _finish(to_device_array(array, device), dtype, device, requires_grad)


def as_tensor(data: Any, dtype: DType | None = None, device: Any = None):
    """``data`` as a tensor, sharing memory with it when dtype and device already match."""
    if isinstance(data, TensorBase):
        return data.to(dtype=dtype, device=device)
    if isinstance(data, np.ndarray) and (dtype is None or dtype.numpy_dtype == data.dtype):
        result = from_numpy(data)
        return result if device is None else result.to(device)
    return tensor(data, dtype=dtype, device=device)


def asarray(obj: Any, *, dtype: DType | None = None, device: Any = None, copy: bool | None = None,
            requires_grad: bool = False):
    """``torch.asarray``: like ``as_tensor`` but ``copy=True`` forces and ``copy=False`` forbids a copy."""
    if copy:
        result = tensor(obj, dtype=dtype, device=device)
    else:
        result = as_tensor(obj, dtype=dtype, device=device)
        if copy is False and isinstance(obj, (TensorBase, np.ndarray)) and _host_memory(result) is not _host_memory(obj):
            raise ValueError("asarray(): copy=False was requested but a copy is needed for the dtype/device given")
    if requires_grad:
        result.requires_grad_(True)
    return result


def _host_memory(obj):
    array = obj._data if isinstance(obj, TensorBase) else obj
    while getattr(array, "base", None) is not None:
        array = array.base
    return array


def from_numpy(array: np.ndarray):
    """A CPU tensor sharing ``array``'s memory: writes through either are seen by both."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    if not array.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte order. "
                         "Conversion between byte orders is currently not supported.")
    return _core.wrap(array, _core.dtype_from_numpy(array.dtype), _CPU)


def _creation_dtype(dtype: DType | None, default: DType) -> DType:
    return default if dtype is None else _core.check_dtype(dtype)


def _filled(kind: str, size: tuple, fill: Any, dtype, device, requires_grad, out=None):
    shape = parse_size(size)
    device = _device_or_cpu(device)
    xp = array_module(device)
    if kind == "empty":
        array = xp.empty(shape, dtype=dtype.numpy_dtype)
    else:
        array = xp.full(shape, fill, dtype=dtype.numpy_dtype)
    result = _finish(array, dtype, device, requires_grad)
    return result if out is None else _core.copy_into_out(result, out, kind)


def zeros(*size, out=None, dtype: DType | None = None, layout=None, device: Any = None,
          requires_grad: bool = False, pin_memory: bool = False):
    return _filled("zeros", size, 0, _creation_dtype(dtype, _core.get_default_dtype()), device,
                   requires_grad, out)


def ones(*size, out=None, dtype: DType | None = None, layout=None, device: Any = None,
         requires_grad: bool = False, pin_memory: bool = False):
    return _filled("ones", size, 1, _creation_dtype(dtype, _core.get_default_dtype()), device,
                   requires_grad, out)


def empty(*size, out=None, dtype: DType | None = None, layout=None, device: Any = None,
          requires_grad: bool = False, pin_memory: bool = False, memory_format=None):
    return _filled("empty", size, None, _creation_dtype(dtype, _core.get_default_dtype()), device,
                   requires_grad, out)


def scalar_dtype(value: Any) -> DType:
    """The dtype PyTorch gives a tensor filled with the Python scalar ``value``."""
    if isinstance(value, (bool, np.bool_)):
        return _core.bool_
    if isinstance(value, (int, np.integer)):
        return _core.int64
    if isinstance(value, (float, np.floating)):
        return _core.get_default_dtype()
    if isinstance(value, (complex, np.complexfloating)):
        return _core.default_complex_dtype()
    if isinstance(value, TensorBase) and value.numel() == 1:
        return value.dtype
    raise TypeError(f"full(): argument 'fill_value' must be Number, not {type(value).__name__}")


def full(size: Sequence[int], fill_value: Any, *, out=None, dtype: DType | None = None, layout=None,
         device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    dtype = _creation_dtype(dtype, scalar_dtype(fill_value))
    if isinstance(fill_value, TensorBase):
        fill_value = fill_value.item()
    return _filled("full", (size,), fill_value, dtype, device, requires_grad, out)


def _like(input, dtype, device):
    if not isinstance(input, TensorBase):
        raise TypeError(f"argument 'input' must be Tensor, not {type(input).__name__}")
    return (tuple(input.shape), input.dtype if dtype is None else _core.check_dtype(dtype),
            input.device if device is None else device)


def zeros_like(input, *, dtype: DType | None = None, layout=None, device: Any = None,
               requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    return _filled("zeros", (shape,), 0, dtype, device, requires_grad)


def ones_like(input, *, dtype: DType | None = None, layout=None, device: Any = None,
              requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    return _filled("ones", (shape,), 1, dtype, device, requires_grad)


def empty_like(input, *, dtype: DType | None = None, layout=None, device: Any = None,
               requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    return _filled("empty", (shape,), None, dtype, device, requires_grad)


def full_like(input, fill_value: Any, *, dtype: DType | None = None, layout=None, device: Any = None,
              requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    if isinstance(fill_value, TensorBase):
        fill_value = fill_value.item()
    return _filled("full", (shape,), fill_value, dtype, device, requires_grad)


def _number(value: Any, name: str):
    if isinstance(value, TensorBase):
        return value.item()
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return value
    raise TypeError(f"arange(): argument '{name}' must be Number, not {type(value).__name__}")


def arange(start: Any = 0, end: Any = None, step: Any = 1, *, out=None, dtype: DType | None = None,
           layout=None, device: Any = None, requires_grad: bool = False):
    """Values ``start, start+step, …`` below ``end``; int64 unless an argument is a float."""
    if end is None:
        start, end = 0, start
    start, end, step = _number(start, "start"), _number(end, "end"), _number(step, "step")
    all_integers = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
    dtype = _creation_dtype(dtype, _core.int64 if all_integers else _core.get_default_dtype())
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    count = math.ceil((end - start) / step) if not all_integers else -((start - end) // step)
    if all_integers:
        values = start + step * np.arange(count, dtype=np.int64)
    else:
        values = start + step * np.arange(count, dtype=np.float64)
    device = _device_or_cpu(device)
    result = _finish(to_device_array(values.astype(dtype.numpy_dtype), device), dtype, device, requires_grad)
    return result if out is None else _core.copy_into_out(result, out, "arange")


__all__ = ["tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "empty", "full",
           "zeros_like", "ones_like", "empty_like", "full_like", "arange", "parse_size", "scalar_dtype",
           "inferred_dtype"]

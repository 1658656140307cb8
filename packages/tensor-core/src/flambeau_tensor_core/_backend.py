"""Which array library serves a device: NumPy for ``cpu``, CuPy for ``cuda`` (imported on first use,
so the package imports and runs with no GPU and no CuPy)."""
from __future__ import annotations

import functools
from types import ModuleType

import numpy as np

from ._core import device as Device


@functools.cache
def _cupy_or_none() -> ModuleType | None:
    try:
        import cupy
    except Exception:   # ImportError, or a CuPy wheel that fails to find its CUDA libraries
        return None
    try:
        if cupy.cuda.runtime.getDeviceCount() > 0:
            return cupy
    except Exception:
        pass
    return None


def cuda_available() -> bool:
    return _cupy_or_none() is not None


def require_cupy() -> ModuleType:
    """CuPy, or PyTorch's error for a build without CUDA."""
    cupy = _cupy_or_none()
    if cupy is None:
        raise AssertionError("Torch not compiled with CUDA enabled: flambeau needs CuPy and an NVIDIA GPU "
                             "for cuda tensors (pip install 'flambeau-tensor-core[cuda]')")
    return cupy


def array_module(device: Device) -> ModuleType:
    """``numpy`` or ``cupy`` for ``device``."""
    if device.type == "cpu":
        return np
    return require_cupy()


def row_major(array):
    """``array`` laid out row-major: PyTorch allocates the results of reductions, scans, joins and
    gathers so, where NumPy keeps a permuted input's order (a copy only when the order differs). Size-1
    dims count too: PyTorch gives them the stride of the dims after them, NumPy's flags ignore them."""
    if array.flags.c_contiguous and (1 not in array.shape or array.strides == _c_strides(array)):
        return array
    return array.copy(order="C")


def _c_strides(array) -> tuple:
    strides, step = [], array.itemsize
    for size in reversed(array.shape):
        strides.append(step)
        step *= size
    return tuple(reversed(strides))


def array_module_of(array) -> ModuleType:
    return np if isinstance(array, np.ndarray) else require_cupy()


def to_device_array(array, device: Device):
    """``array`` moved (or kept) on ``device``; a copy only when the device changes."""
    if device.type == "cpu":
        if isinstance(array, np.ndarray):
            return array
        return np.asarray(array) if np.isscalar(array) else array.get()   # (NumPy gives scalars for 0-d)
    cupy = require_cupy()
    index = 0 if device.index is None else device.index
    if index >= cupy.cuda.runtime.getDeviceCount():
        raise RuntimeError(f"CUDA error: invalid device ordinal (device {device} requested, "
                           f"{cupy.cuda.runtime.getDeviceCount()} available)")
    with cupy.cuda.Device(index):
        if isinstance(array, cupy.ndarray) and array.device.id == index:
            return array
        return cupy.asarray(array)

"""``flambeau.cuda``: device queries, streams, events, memory statistics and pinned host memory,
backed by CuPy.

Importing this module never touches CUDA. Without a GPU, functions behave as in a CPU-only PyTorch:
``is_available()``/``device_count()``/``memory_allocated()`` answer ``False``/``0``, seeding and
``empty_cache()`` do nothing, and the rest raise PyTorch's error types. ``Tensor.pin_memory()`` copies
a CPU tensor into page-locked memory (``cupyx.empty_pinned``) so host-to-device copies can overlap
with compute; ``Tensor.is_pinned()`` tells whether a tensor lives there.
"""
from __future__ import annotations

import contextlib
from typing import Any

import numpy as np

from . import _core
from ._backend import cuda_available, require_cupy
from ._core import device as Device
from .cuda_random import (  # noqa: F401  (flambeau.cuda's RNG state API)
    get_rng_state,
    get_rng_state_all,
    initial_seed,
    record_seed,
    seed,
    seed_all,
    set_rng_state,
    set_rng_state_all,
)
from .tensor import tensor_method


class OutOfMemoryError(RuntimeError):
    """``torch.cuda.OutOfMemoryError`` (also ``flambeau.OutOfMemoryError``), for scripts that catch it.
    CuPy's own ``cupy.cuda.memory.OutMemoryError`` is what a failed CUDA allocation raises today."""


def is_available() -> bool:
    return cuda_available()


def is_bf16_supported(including_emulation: bool = True) -> bool:
    """False: flambeau has no bfloat16 dtype (NumPy has none)."""
    return False


def device_count() -> int:
    if not cuda_available():
        return 0
    return require_cupy().cuda.runtime.getDeviceCount()


def is_initialized() -> bool:
    return cuda_available()


def init() -> None:
    require_cupy()


def current_device() -> int:
    return require_cupy().cuda.runtime.getDevice()


def set_device(device: Any) -> None:
    index = _index_of(device)
    if index >= 0:      # PyTorch ignores negative indices
        require_cupy().cuda.Device(index).use()


def cuda_device(device: Any = None) -> Device:
    """The ``cuda:N`` device meant by a ``Tensor.cuda(device)`` argument (None → current)."""
    if device is None:
        return Device("cuda", current_device())
    return Device("cuda", _index_of(device))


def _index_of(device: Any) -> int:
    if isinstance(device, int):
        return device
    dev = device if isinstance(device, Device) else Device(device)
    if dev.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {dev}")
    return current_device() if dev.index is None else dev.index


@contextlib.contextmanager
def device(device: Any):
    """Context manager that makes ``device`` current and restores the previous one."""
    previous = current_device()
    set_device(device)
    try:
        yield
    finally:
        set_device(previous)


def synchronize(device: Any = None) -> None:
    require_cupy().cuda.runtime.deviceSynchronize()


def manual_seed(seed: int) -> None:
    """Seed the CUDA generator (CuPy's) of the current device."""
    if cuda_available():
        require_cupy().random.seed(seed)
        record_seed(current_device(), seed)


def manual_seed_all(seed: int) -> None:
    if cuda_available():
        cupy = require_cupy()
        for index in range(device_count()):
            with cupy.cuda.Device(index):
                cupy.random.seed(seed)
            record_seed(index, seed)


def get_device_name(device: Any = None) -> str:
    return get_device_properties(device).name


def get_device_capability(device: Any = None) -> tuple[int, int]:
    properties = get_device_properties(device)
    return properties.major, properties.minor


class _DeviceProperties:
    """The fields of ``torch.cuda.get_device_properties`` that CuPy reports."""

    def __init__(self, raw: dict):
        name = raw["name"]
        self.name = name.decode() if isinstance(name, bytes) else name
        self.major, self.minor = raw["major"], raw["minor"]
        self.total_memory = raw["totalGlobalMem"]
        self.multi_processor_count = raw["multiProcessorCount"]

    def __repr__(self) -> str:
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, minor={self.minor}, "
                f"total_memory={self.total_memory // 2 ** 20}MB, multi_processor_count={self.multi_processor_count})")


def get_device_properties(device: Any = None) -> _DeviceProperties:
    cupy = require_cupy()
    index = current_device() if device is None else _index_of(device)
    return _DeviceProperties(cupy.cuda.runtime.getDeviceProperties(index))


def mem_get_info(device: Any = None) -> tuple[int, int]:
    """``(free, total)`` bytes of device memory."""
    cupy = require_cupy()
    with cupy.cuda.Device(current_device() if device is None else _index_of(device)):
        return cupy.cuda.runtime.memGetInfo()


# CuPy's pool reports current use only; the peak is sampled whenever flambeau asks (memory_allocated,
# max_memory_allocated), which is what the figures in a training loop's log need.
_peak_allocated: dict[int, int] = {}


def _pool_bytes(device: Any, used: bool) -> int:
    if not cuda_available():
        return 0
    cupy = require_cupy()
    index = current_device() if device is None else _index_of(device)
    with cupy.cuda.Device(index):
        pool = cupy.get_default_memory_pool()
        value = pool.used_bytes() if used else pool.total_bytes()
    if used:
        _peak_allocated[index] = max(_peak_allocated.get(index, 0), value)
    return value


def memory_allocated(device: Any = None) -> int:
    """Bytes held by tensors on ``device`` (0 without CUDA)."""
    return _pool_bytes(device, used=True)


def max_memory_allocated(device: Any = None) -> int:
    if not cuda_available():
        return 0
    memory_allocated(device)
    return _peak_allocated.get(current_device() if device is None else _index_of(device), 0)


def memory_reserved(device: Any = None) -> int:
    """Bytes the caching allocator holds on ``device``, used or not (0 without CUDA)."""
    return _pool_bytes(device, used=False)


def reset_peak_memory_stats(device: Any = None) -> None:
    if cuda_available():
        _peak_allocated.pop(current_device() if device is None else _index_of(device), None)


reset_max_memory_allocated = reset_peak_memory_stats


def empty_cache() -> None:
    if cuda_available():
        require_cupy().get_default_memory_pool().free_all_blocks()


class Stream:
    """A CUDA stream (wraps ``cupy.cuda.Stream``); usable as ``with flambeau.cuda.stream(s):``."""

    def __init__(self, device: Any = None, priority: int = 0):
        cupy = _require_cuda("Stream")
        with cupy.cuda.Device(current_device() if device is None else _index_of(device)):
            self._stream = cupy.cuda.Stream(non_blocking=True)

    def synchronize(self) -> None:
        self._stream.synchronize()

    def query(self) -> bool:
        return self._stream.done

    def wait_event(self, event: Event) -> None:
        self._stream.wait_event(event._event)

    def wait_stream(self, stream: Stream) -> None:
        self._stream.wait_event(stream.record_event()._event)

    def record_event(self, event: Event | None = None) -> Event:
        event = event or Event()
        event.record(self)
        return event

    def __enter__(self):
        self._stream.__enter__()
        return self

    def __exit__(self, *exc):
        return self._stream.__exit__(*exc)


class Event:
    """A CUDA event (wraps ``cupy.cuda.Event``) for timing and cross-stream ordering."""

    def __init__(self, enable_timing: bool = False, blocking: bool = False, interprocess: bool = False):
        self._event = _require_cuda("Event").cuda.Event(block=blocking, disable_timing=not enable_timing)

    def record(self, stream: Stream | None = None) -> None:
        self._event.record(None if stream is None else stream._stream)

    def wait(self, stream: Stream | None = None) -> None:
        """Make ``stream`` (default: the current one) wait for this event."""
        (stream or current_stream()).wait_event(self)

    def synchronize(self) -> None:
        self._event.synchronize()

    def query(self) -> bool:
        return self._event.done

    def elapsed_time(self, end: Event) -> float:
        return require_cupy().cuda.get_elapsed_time(self._event, end._event)


def current_stream(device: Any = None) -> Stream:
    stream = Stream.__new__(Stream)
    stream._stream = require_cupy().cuda.get_current_stream()
    return stream


def default_stream(device: Any = None) -> Stream:
    stream = Stream.__new__(Stream)
    stream._stream = require_cupy().cuda.Stream.null
    return stream


def stream(stream: Stream | None):
    """Context manager running the enclosed ops on ``stream`` (``None``: no change)."""
    return contextlib.nullcontext() if stream is None else stream


def _require_cuda(what: str):
    """CuPy, or the RuntimeError a CPU-only PyTorch raises when a CUDA object is constructed."""
    if not cuda_available():
        raise RuntimeError(f"flambeau.cuda.{what} requires CUDA support (CuPy and an NVIDIA GPU)")
    return require_cupy()


# ---- pinned host memory -----------------------------------------------------------------------------
@tensor_method()
def pin_memory(self, device: Any = None):
    """A copy of this CPU tensor in page-locked host memory (itself if already pinned)."""
    if self.device.type != "cpu":
        raise RuntimeError(f"cannot pin '{self.device}' memory: only dense CPU tensors can be pinned")
    if not cuda_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    if is_pinned(self):
        return self
    import cupyx
    pinned = cupyx.empty_pinned(self._data.shape, dtype=self._data.dtype)
    pinned[...] = self._data
    result = _core.wrap(pinned, self.dtype, self.device)
    _core.record("clone", (self,), None, (result,))
    return result


@tensor_method()
def is_pinned(self, device: Any = None) -> bool:
    """Whether this CPU tensor's memory is page-locked (allocated by ``pin_memory``)."""
    if self.device.type != "cpu" or not cuda_available():
        return False
    owner = self._data
    while isinstance(owner, np.ndarray):
        owner = owner.base
    return type(owner).__name__ == "PinnedMemoryPointer"


__all__ = ["OutOfMemoryError", "is_available", "is_bf16_supported", "is_initialized", "init", "device_count",
           "current_device", "set_device", "device",
           "synchronize", "manual_seed", "manual_seed_all", "get_device_name", "get_device_capability",
           "get_device_properties", "mem_get_info", "memory_allocated", "max_memory_allocated", "memory_reserved",
           "reset_peak_memory_stats", "reset_max_memory_allocated", "empty_cache", "Stream", "Event",
           "current_stream", "default_stream", "stream", "get_rng_state", "set_rng_state", "get_rng_state_all",
           "set_rng_state_all", "seed", "seed_all", "initial_seed"]

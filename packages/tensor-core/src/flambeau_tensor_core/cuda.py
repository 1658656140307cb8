"""``flambeau.cuda``: device queries, streams, events and memory statistics, backed by CuPy.

Importing this module never touches CUDA; every function that needs a GPU raises PyTorch's error when
there is none (``is_available()`` and ``device_count()`` just answer ``False``/``0``).
"""
from __future__ import annotations

import contextlib
from typing import Any

from ._backend import cuda_available, require_cupy
from ._core import device as Device

_current_index = 0


def is_available() -> bool:
    return cuda_available()


def device_count() -> int:
    if not cuda_available():
        return 0
    return require_cupy().cuda.runtime.getDeviceCount()


def current_device() -> int:
    require_cupy()
    return _current_index


def set_device(device: Any) -> None:
    global _current_index
    index = _index_of(device)
    require_cupy().cuda.Device(index).use()
    _current_index = index


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


def manual_seed_all(seed: int) -> None:
    if cuda_available():
        cupy = require_cupy()
        for index in range(device_count()):
            with cupy.cuda.Device(index):
                cupy.random.seed(seed)


def memory_allocated(device: Any = None) -> int:
    return require_cupy().get_default_memory_pool().used_bytes()


_peak_allocated = 0


def max_memory_allocated(device: Any = None) -> int:
    global _peak_allocated
    _peak_allocated = max(_peak_allocated, memory_allocated(device))
    return _peak_allocated


def memory_reserved(device: Any = None) -> int:
    return require_cupy().get_default_memory_pool().total_bytes()


def reset_peak_memory_stats(device: Any = None) -> None:
    global _peak_allocated
    _peak_allocated = 0


def empty_cache() -> None:
    if cuda_available():
        require_cupy().get_default_memory_pool().free_all_blocks()


class Stream:
    """A CUDA stream (wraps ``cupy.cuda.Stream``); usable as ``with flambeau.cuda.stream(s):``."""

    def __init__(self, device: Any = None, priority: int = 0):
        self._stream = require_cupy().cuda.Stream(non_blocking=True)

    def synchronize(self) -> None:
        self._stream.synchronize()

    def query(self) -> bool:
        return self._stream.done

    def wait_event(self, event: "Event") -> None:
        self._stream.wait_event(event._event)

    def wait_stream(self, stream: "Stream") -> None:
        self._stream.wait_event(stream.record_event()._event)

    def record_event(self, event: "Event | None" = None) -> "Event":
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
        self._event = require_cupy().cuda.Event(block=blocking, disable_timing=not enable_timing)

    def record(self, stream: Stream | None = None) -> None:
        self._event.record(None if stream is None else stream._stream)

    def synchronize(self) -> None:
        self._event.synchronize()

    def query(self) -> bool:
        return self._event.done

    def elapsed_time(self, end: "Event") -> float:
        return require_cupy().cuda.get_elapsed_time(self._event, end._event)


def current_stream(device: Any = None) -> Stream:
    stream = Stream.__new__(Stream)
    stream._stream = require_cupy().cuda.get_current_stream()
    return stream


def stream(stream: Stream | None):
    """Context manager running the enclosed ops on ``stream`` (``None``: no change)."""
    return contextlib.nullcontext() if stream is None else stream


__all__ = ["is_available", "device_count", "current_device", "set_device", "device", "synchronize",
           "manual_seed", "manual_seed_all", "memory_allocated", "max_memory_allocated",
           "memory_reserved", "reset_peak_memory_stats", "empty_cache", "Stream", "Event",
           "current_stream", "stream"]

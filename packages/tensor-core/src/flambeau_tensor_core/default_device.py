"""The default device of factory functions: ``set_default_device``/``get_default_device``.

Factory functions called without ``device=`` (``tensor``, ``zeros``, ``arange``, ``rand``, the windows
…, PyTorch's list in ``torch.utils._device``) create on this device; functions that share memory with
their input (``from_numpy``, ``frombuffer``) and the ``*_like`` functions (which follow their input) do
not look at it. As in PyTorch the setting belongs to the calling thread (PyTorch keeps it in a
thread-local mode stack), so a new thread starts on the CPU.
"""
from __future__ import annotations

import threading
from typing import Any

from . import _core
from ._core import device as Device
from .conversion import as_device

_state = threading.local()


def _as_default(device: Any) -> Device:
    if isinstance(device, Device):
        return device
    if isinstance(device, str):
        return Device(device)
    if isinstance(device, int) and not isinstance(device, bool):
        return as_device(device)   # a bare index means the current accelerator (an error without one)
    raise TypeError(f"set_default_device(): expected a device (str, flambeau.device or int), got "
                    f"{type(device).__name__}")


def set_default_device(device: Any) -> None:
    """Make factory functions create on ``device`` when called without ``device=``; ``None`` restores
    the CPU. The device is not checked until a tensor is made (``"cuda"`` without a GPU is accepted
    here and fails at the first factory call, as in PyTorch)."""
    _state.device = None if device is None else _as_default(device)


def get_default_device() -> Device:
    """The device factory functions use by default; an index-less ``cuda`` reads as the current one."""
    device = getattr(_state, "device", None)
    if device is None or device.index is not None:
        return _core.CPU if device is None else device
    if device.type == "cuda":
        from .cuda import current_device
        return Device("cuda", current_device())
    return device


def default_device_or_none() -> Device | None:
    """The device set by :func:`set_default_device`, or ``None`` when none is set (for factories whose
    default differs from the CPU, e.g. ``tensor(data)`` keeping ``data``'s device)."""
    return getattr(_state, "device", None)


def factory_device(device: Any) -> Device:
    """The device a factory function creates on: ``device`` if given, else the default device."""
    if device is None:
        device = getattr(_state, "device", None)
        if device is None:
            return _core.CPU
    return as_device(device)


def enter_device_block(device: Device) -> None:
    """``device.__enter__``: make ``device`` the default for the ``with`` block (nested blocks stack)."""
    stack = getattr(_state, "entered", None)
    if stack is None:
        stack = _state.entered = []
    stack.append(getattr(_state, "device", None))
    _state.device = device


def exit_device_block() -> None:
    """``device.__exit__``: restore the default device the matching ``__enter__`` replaced."""
    _state.device = _state.entered.pop()


device = Device   # ``flambeau.device``: also a context manager (``with x.device:``), as ``torch.device`` is


__all__ = ["set_default_device", "get_default_device", "device"]

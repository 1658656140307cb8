"""``torch.amp`` / ``torch.autocast``: automatic mixed precision, which flambeau does not implement.

Training scripts switch autocast on or off with a flag (``with torch.autocast("cuda", enabled=use_amp)``).
Switched off it does nothing, in PyTorch as here, so those scripts run unchanged. Switched on, PyTorch
runs matmuls and convolutions in float16/bfloat16; flambeau has no such casting policy (and NumPy no
bfloat16), so entering an enabled block raises NotImplementedError instead of silently computing in
full precision under a name that promises otherwise.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia",
                 "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


class autocast:  # noqa: N801  (PyTorch's spelling)
    """``with autocast(device_type, dtype=None, enabled=True, cache_enabled=None):`` (also a decorator)."""

    def __init__(self, device_type: str, dtype: Any = None, enabled: bool = True,
                 cache_enabled: bool | None = None) -> None:
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        if device_type not in _DEVICE_TYPES:
            raise RuntimeError(f"Expected one of {', '.join(_DEVICE_TYPES)} device type at start of device string: "
                               f"{device_type}")
        self.device = device_type
        self.fast_dtype = dtype
        self._enabled = bool(enabled)

    def __enter__(self) -> autocast:
        if self._enabled:
            raise NotImplementedError("flambeau does not implement autocast (mixed precision): run with "
                                      "enabled=False, or cast the model and inputs with .half() yourself")
        return self

    def __exit__(self, *exc_info: Any) -> None:
        return None

    def __call__(self, function: Callable) -> Callable:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return function(*args, **kwargs)

        return run


def is_autocast_available(device_type: str) -> bool:
    """False: no device has an autocast policy here."""
    return False


def is_autocast_enabled(device_type: str | None = None) -> bool:
    """False: an enabled autocast block cannot be entered (see :class:`autocast`)."""
    return False


__all__ = ["autocast", "is_autocast_enabled"]

"""Process-wide switches PyTorch scripts set at start-up: deterministic algorithms, float32 matmul
precision, warn-always, flush-denormal, the legacy default tensor type; and ``typename``/``is_storage``.

flambeau's kernels are deterministic already (no atomics-based reductions on CPU; the CUDA kernels
reduce in a fixed order), so the determinism switches only record what was asked; matmuls always run at
the dtype's full precision, so the matmul precision is recorded for ``get_`` and changes nothing.
"""
from __future__ import annotations

import warnings
from typing import Any

from . import _core
from .tensor import Tensor

_deterministic = False
_deterministic_warn_only = False
_matmul_precision = "highest"
_warn_always = False

_DEBUG_MODES = {"default": 0, "warn": 1, "error": 2}
_PRECISIONS = ("highest", "high", "medium")


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Ask for deterministic algorithms (every flambeau kernel is; the setting is recorded)."""
    global _deterministic, _deterministic_warn_only
    if not isinstance(mode, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, "
                        f"not {type(mode).__name__}")
    if not isinstance(warn_only, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'warn_only' must be bool, "
                        f"not {type(warn_only).__name__}")
    _deterministic, _deterministic_warn_only = mode, warn_only


def are_deterministic_algorithms_enabled() -> bool:
    return _deterministic


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _deterministic_warn_only


def set_deterministic_debug_mode(debug_mode: int | str) -> None:
    """0/"default": off; 1/"warn": deterministic, warn only; 2/"error": deterministic."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, `warn`, `error`, "
                               f"but got {debug_mode}")
        debug_mode = _DEBUG_MODES[debug_mode]
    elif not isinstance(debug_mode, int) or isinstance(debug_mode, bool):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode).__name__}")
    if debug_mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}")
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    if not _deterministic:
        return 0
    return 1 if _deterministic_warn_only else 2


def set_float32_matmul_precision(precision: str) -> None:
    """"highest", "high" or "medium" (recorded: flambeau's float32 matmuls are always full precision)."""
    global _matmul_precision
    if not isinstance(precision, str):
        raise RuntimeError(f"set_float32_matmul_precision expects a str, but got {type(precision).__name__}")
    if precision not in _PRECISIONS:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current "
                      "setFloat32MatmulPrecision call has no effect.", UserWarning, stacklevel=2)
        return
    _matmul_precision = precision


def get_float32_matmul_precision() -> str:
    return _matmul_precision


def set_warn_always(b: bool, /) -> None:
    """Make warnings PyTorch gives once per process be given every time (recorded)."""
    global _warn_always
    _warn_always = bool(b)


def is_warn_always_enabled() -> bool:
    return _warn_always


def set_flush_denormal(mode: bool) -> bool:
    """Returns False: flambeau leaves the CPU's denormal handling as it is (PyTorch returns False too
    where it cannot set it)."""
    return False


_LEGACY_TYPE_DTYPES = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16"}


def set_default_tensor_type(t: type | str, /) -> None:
    """Deprecated in PyTorch: the floating default dtype from a legacy type (``torch.DoubleTensor`` or
    ``"torch.DoubleTensor"``); CUDA types also make CUDA the default device."""
    name = t if isinstance(t, str) else getattr(t, "__name__", "")
    prefix, _, short = name.rpartition(".")
    if short not in _LEGACY_TYPE_DTYPES or prefix not in ("", "torch", "flambeau", "torch.cuda", "flambeau.cuda"):
        raise TypeError(f"invalid type: '{name}'")
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.",
                  UserWarning, stacklevel=2)
    _core.set_default_dtype(getattr(_core, _LEGACY_TYPE_DTYPES[short]))
    if prefix.endswith("cuda"):
        from .default_device import set_default_device

        set_default_device("cuda")


def typename(obj: Any, /) -> str:
    """The type of ``obj`` as a string: a tensor's legacy type name (``x.type()``), else the class's
    qualified name (builtins without their module)."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in (None, "builtins") else f"{module}.{cls.__qualname__}"


def is_storage(obj: Any, /) -> bool:
    """False: flambeau tensors own NumPy/CuPy arrays, not separate storage objects."""
    return False


__all__ = ["use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled", "set_deterministic_debug_mode",
           "get_deterministic_debug_mode", "set_float32_matmul_precision", "get_float32_matmul_precision",
           "set_warn_always", "is_warn_always_enabled", "set_flush_denormal", "set_default_tensor_type",
           "typename", "is_storage"]

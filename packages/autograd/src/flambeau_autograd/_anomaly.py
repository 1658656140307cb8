"""Anomaly detection: ``detect_anomaly`` / ``set_detect_anomaly``.

While enabled every node remembers the stack that created it; a backward formula that fails or
produces NaN raises and the forward op's creation stack is printed, as PyTorch does."""
from __future__ import annotations

import functools
import os
import sys
import traceback
import warnings
from typing import Any

ENABLED = False
CHECK_NAN = True


def _publish() -> None:
    """Tell the Cython engine (which reads a C flag on every op, not this module's global)."""
    from . import _engine
    _engine.set_anomaly_enabled(ENABLED)


@functools.cache
def _library_dirs() -> tuple[str, ...]:
    import flambeau_tensor_core
    return (os.path.dirname(flambeau_tensor_core.__file__) + os.sep, os.path.dirname(__file__) + os.sep)


def current_trace() -> str:
    """The stack that ran the op, without the frames of tensor-core and autograd themselves (an op may
    be recorded from Python or from C, so their number varies)."""
    internal = _library_dirs()
    frames = [f for f in traceback.extract_stack() if not f.filename.startswith(internal)]
    return "".join(traceback.format_list(frames))


def report_forward_trace(node: Any) -> None:
    warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                  f"{node.creation_trace}", stacklevel=2)


def check_nan(node: Any, grads: list) -> None:
    if not CHECK_NAN:
        return
    import numpy as np
    for i, g in enumerate(grads):
        if g is None:
            continue
        data = g._data
        if not isinstance(data, np.ndarray):
            data = data.get()
        if np.isnan(data).any():
            if node.creation_trace is not None:
                print(f"Traceback of forward call that caused the error:\n{node.creation_trace}",
                      file=sys.stderr)
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")


def is_anomaly_enabled() -> bool:
    return ENABLED


def is_anomaly_check_nan_enabled() -> bool:
    return CHECK_NAN


def set_anomaly_enabled(mode: bool, check_nan: bool = True) -> None:
    """Turn anomaly detection on or off (``torch.set_anomaly_enabled``)."""
    global ENABLED, CHECK_NAN
    ENABLED, CHECK_NAN = bool(mode), bool(check_nan)
    _publish()


class set_detect_anomaly:
    """Turn anomaly detection on or off (immediately; also a context manager restoring the old state)."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev = (ENABLED, CHECK_NAN)
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: Any) -> None:
        set_anomaly_enabled(*self.prev)


class detect_anomaly:
    """Context manager (and decorator) enabling anomaly detection inside it."""

    def __init__(self, check_nan: bool = True) -> None:
        self.check_nan = check_nan

    def __enter__(self) -> None:
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should "
                      "only be enabled for debugging.", stacklevel=2)
        self.prev = (ENABLED, CHECK_NAN)
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc: Any) -> None:
        set_anomaly_enabled(*self.prev)

    def __call__(self, function):
        import functools

        @functools.wraps(function)
        def decorated(*args, **kwargs):
            with self.__class__(self.check_nan):
                return function(*args, **kwargs)
        return decorated


__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled",
           "set_anomaly_enabled"]

"""Grad modes: ``no_grad``, ``enable_grad``, ``set_grad_enabled``, ``inference_mode``.

The state is thread-local (a new thread starts with gradients enabled), as in PyTorch. Each mode is a
context manager and a decorator; as a decorator it also wraps generator functions.
"""
from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from typing import Any

from flambeau_tensor_core import _core

from . import _engine

# bound once: ``no_grad`` wraps every optimizer step, and the property below costs two extra calls
_grad_enabled = _engine.is_grad_enabled
_set_grad_enabled = _engine.set_grad_enabled_flag


class _GradState(threading.local):
    """This thread's grad modes. ``enabled`` lives in the engine (a C thread-local that every recorded
    op reads); ``inference`` in tensor-core (a C thread-local that marks every tensor made under it as
    an inference tensor)."""

    @property
    def inference(self) -> bool:
        return _core.is_inference_mode()

    @inference.setter
    def inference(self, flag: bool) -> None:
        _core.set_inference_mode(flag)

    @property
    def enabled(self) -> bool:
        return _engine.is_grad_enabled()

    @enabled.setter
    def enabled(self, flag: bool) -> None:
        _engine.set_grad_enabled_flag(flag)


STATE = _GradState()


def is_grad_enabled() -> bool:
    return _engine.is_grad_enabled()


def is_inference_mode_enabled() -> bool:
    return STATE.inference


class _DecoratorContextManager:
    """A context manager that can also decorate functions (and generators) with itself."""

    def clone(self) -> _DecoratorContextManager:
        return self.__class__()

    def __call__(self, function: Callable) -> Callable:
        if inspect.isclass(function):
            raise RuntimeError(f"{type(self).__name__} cannot decorate a class")
        if inspect.isgeneratorfunction(function):
            @functools.wraps(function)
            def generator(*args: Any, **kwargs: Any):
                gen = function(*args, **kwargs)
                request = None
                try:
                    while True:
                        with self.clone():
                            response = gen.send(request)
                        try:
                            request = yield response
                        except GeneratorExit:
                            with self.clone():
                                gen.close()
                            raise
                        except BaseException as error:
                            with self.clone():
                                response = gen.throw(error)
                            request = yield response
                except StopIteration as stop:
                    return stop.value
            return generator

        @functools.wraps(function)
        def decorated(*args: Any, **kwargs: Any):
            with self.clone():
                return function(*args, **kwargs)
        return decorated


class set_grad_enabled(_DecoratorContextManager):
    """Enable or disable gradient recording; takes effect at once (also usable as a plain call)."""

    def __init__(self, mode: bool) -> None:
        self.prev = STATE.enabled
        self.mode = bool(mode)
        STATE.enabled = self.mode

    def clone(self) -> set_grad_enabled:
        return self.__class__(self.mode)

    def __call__(self, function: Callable) -> Callable:
        STATE.enabled = self.prev
        return super().__call__(function)

    def __enter__(self) -> None:
        STATE.enabled = self.mode

    def __exit__(self, *exc: Any) -> None:
        STATE.enabled = self.prev


class no_grad(_DecoratorContextManager):
    """Ops inside record no graph: results do not require grad (inference, optimizer updates)."""

    def __init__(self) -> None:
        self.prev = False    # (as PyTorch's: an __exit__ without __enter__ leaves gradients off)

    def __enter__(self) -> None:
        self.prev = _grad_enabled()
        _set_grad_enabled(False)

    def __exit__(self, *exc: Any) -> None:
        _set_grad_enabled(self.prev)


class enable_grad(_DecoratorContextManager):
    """Re-enable gradient recording inside a ``no_grad`` region."""

    def __init__(self) -> None:
        self.prev = False

    def __enter__(self) -> None:
        self.prev = _grad_enabled()
        _set_grad_enabled(True)

    def __exit__(self, *exc: Any) -> None:
        _set_grad_enabled(self.prev)


class inference_mode(_DecoratorContextManager):
    """``no_grad`` that also marks the tensors made inside as inference tensors (``is_inference()``);
    ``mode=False`` turns inference mode off and gradients on for the block, as PyTorch's does."""

    def __init__(self, mode: bool = True) -> None:
        self.mode = bool(mode)

    def clone(self) -> inference_mode:
        return self.__class__(self.mode)

    def __enter__(self) -> None:
        self.prev = (STATE.enabled, STATE.inference)
        STATE.enabled, STATE.inference = not self.mode, self.mode

    def __exit__(self, *exc: Any) -> None:
        STATE.enabled, STATE.inference = self.prev


__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled"]

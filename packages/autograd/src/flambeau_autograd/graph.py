"""``autograd.graph``: the graph's node type and hooks on saved tensors.

``saved_tensors_hooks(pack, unpack)`` changes how tensors saved for backward are stored: ``pack(t)``
runs when an op saves ``t`` and its result is kept instead; ``unpack(packed)`` must give the tensor back
during backward (offloading, compression, recomputation). ``save_on_cpu`` is the offloading example.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _engine
from ._engine import Node

_HOOKS = _engine.PACK_HOOKS


class saved_tensors_hooks:
    """Context manager installing a ``(pack_hook, unpack_hook)`` pair for tensors saved inside it."""

    def __init__(self, pack_hook: Callable[[Any], Any], unpack_hook: Callable[[Any], Any]) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> saved_tensors_hooks:
        _HOOKS.append((self.pack_hook, self.unpack_hook))
        return self

    def __exit__(self, *exc: Any) -> None:
        _HOOKS.pop()


class save_on_cpu(saved_tensors_hooks):
    """Keep saved tensors in host memory and move them back to their device in backward."""

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        def pack(t):
            return t.device, t.detach().cpu()

        def unpack(packed):
            device, t = packed
            return t.to(device)

        super().__init__(pack, unpack)


class disable_saved_tensors_hooks:
    """Forbid ``saved_tensors_hooks`` inside the block (raises ``RuntimeError`` with ``error_message``)."""

    def __init__(self, error_message: str) -> None:
        self.error_message = error_message

    def __enter__(self) -> None:
        message = self.error_message

        def refuse(*args: Any) -> Any:
            raise RuntimeError(message)

        self._saved = list(_HOOKS)
        _HOOKS.clear()
        _HOOKS.append((refuse, refuse))

    def __exit__(self, *exc: Any) -> None:
        _HOOKS.clear()
        _HOOKS.extend(self._saved)


def increment_version(tensor) -> None:
    from flambeau_tensor_core import _core
    _core.bump_version(tensor)


__all__ = ["Node", "saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks", "increment_version"]

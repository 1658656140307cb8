"""``autograd.Variable``: PyTorch's deprecated wrapper, kept so that old code runs.

Tensors and Variables were merged long ago: ``Variable(t, requires_grad=...)`` just returns a Tensor
sharing ``t``'s memory, and every Tensor is an instance of ``Variable``.
"""
from __future__ import annotations

from typing import Any

from flambeau_tensor_core._core import TensorBase


class _VariableMeta(type):
    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, TensorBase)


class Variable(metaclass=_VariableMeta):
    """``Variable(data, requires_grad=False)`` → a Tensor aliasing ``data`` (outside its graph)."""

    def __new__(cls, data: Any = None, requires_grad: bool = False) -> Any:
        if data is None:
            import flambeau_tensor_core as ft
            data = ft.empty(0)
        if not isinstance(data, TensorBase):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        result = data.detach()
        if requires_grad:
            result.requires_grad_(True)
        return result


__all__ = ["Variable"]

"""``compile``: PyTorch's graph compiler entry point, which flambeau has no compiler behind.

``torch.compile(model)`` must return something that computes exactly what ``model`` computes; flambeau
returns ``model`` itself (and, used as a decorator, the function itself), after checking the arguments
PyTorch checks, so scripts that compile their model run unchanged and produce the same numbers.
(PyTorch wraps a compiled module in an ``OptimizedModule``; here the module comes back as it is.)
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

_MODES = (None, "default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")


def compile(model: Callable | None = None, *, fullgraph: bool = False, dynamic: bool | None = None,
            backend: str | Callable | None = "inductor", mode: str | None = None,
            options: dict[str, Any] | None = None, name: str | None = None, disable: bool = False,
            **kwargs: Any) -> Callable:
    """Return ``model`` unchanged (or, with no model, a decorator that does)."""
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be specified at the same time.")
    if mode not in _MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(m for m in _MODES if m)}")
    if model is None:
        return lambda fn: compile(fn, fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                                  options=options, name=name, disable=disable, **kwargs)
    if not callable(model):
        raise AssertionError(f"A callable function is expected, but {type(model)} is provided.")
    return model


__all__ = ["compile"]

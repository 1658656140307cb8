"""The table of derivative formulas, keyed by PyTorch op name, that the engine looks up on record.

A formula is ``f(grads, inputs, outputs, params, metas)``: ``grads`` holds one gradient per op output,
``inputs``/``outputs`` the op's saved operands/results (``None`` unless the formula asked to save them),
``params`` the op's recorded parameters and ``metas[i]`` the ``(shape, dtype, device)`` of input ``i``
(``None`` when that input needs no gradient, so the formula can skip it). It returns one gradient per
input (or a single Tensor for one-input ops); the engine then undoes broadcasting and casts to each
input's dtype, so formulas never do either.
"""
from __future__ import annotations

from collections.abc import Callable

from .. import _engine

_FORMULAS = _engine.FORMULA_TABLE
_NODE_NAMES = _engine.NODE_NAME_TABLE


def derivative(*names: str, save: str = "", node_name: str | Callable | None = None) -> Callable:
    """Register the decorated formula for ops ``names``; ``save`` names what it reads: ``"inputs"``,
    ``"outputs"`` or ``"inputs,outputs"`` (only those are kept alive and version-checked)."""
    saves = {s.strip() for s in save.split(",") if s.strip()}
    unknown = saves - {"inputs", "outputs"}
    if unknown:
        raise ValueError(f"save= takes 'inputs' and/or 'outputs', not {sorted(unknown)}")

    def register(formula: Callable) -> Callable:
        for name in names:
            _FORMULAS[name] = (formula, "inputs" in saves, "outputs" in saves)
            if node_name is not None:
                _NODE_NAMES[name] = node_name
        return formula

    return register


def non_differentiable(*names: str) -> None:
    """Declare ops whose results never require grad (no node is recorded for them)."""
    _engine.NON_DIFFERENTIABLE_OPS.update(names)


def has_formula(name: str) -> bool:
    return name in _FORMULAS


def needs(metas: tuple, i: int) -> bool:
    return metas[i] is not None

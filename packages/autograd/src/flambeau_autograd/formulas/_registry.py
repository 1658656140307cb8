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


def name_nodes(names: dict) -> None:
    """Give the nodes of the ops ``names`` maps the name PyTorch's ``grad_fn`` has (a string, or a
    function of the node for names that depend on its parameters or on which inputs are tensors), for
    ops whose name is not ``<CamelCase op>Backward0`` (set after their formulas are registered)."""
    _NODE_NAMES.update(names)


def tensor_argument(node, i: int) -> bool:
    """Whether input ``i`` of ``node`` is a tensor, as far as the node knows: a tensor that needs no
    gradient has no input meta, like a Python scalar (PyTorch's overload names tell the two apart)."""
    metas = node.input_meta
    return i < len(metas) and metas[i] is not None


def overload_name(base: str, i: int, tensor: int, scalar: int) -> Callable:
    """The name of an op with a Tensor and a Scalar overload of input ``i``: ``<base>Backward<n>``, ``n``
    being ``tensor`` or ``scalar`` (PyTorch numbers them in ``derivatives.yaml`` order)."""
    return lambda node: f"{base}Backward{tensor if tensor_argument(node, i) else scalar}"


def binary_overloads(base: str) -> Callable:
    """``<base>Backward0`` for two tensors, ``1`` for a scalar first operand, ``2`` for a scalar second
    (``xlogy``, ``special.xlog1py``, ``special.zeta``)."""
    def name(node) -> str:
        if not tensor_argument(node, 0):
            return f"{base}Backward1"
        return f"{base}Backward{0 if tensor_argument(node, 1) else 2}"
    return name


def non_differentiable(*names: str) -> None:
    """Declare ops whose results never require grad (no node is recorded for them)."""
    _engine.NON_DIFFERENTIABLE_OPS.update(names)


def derivative_not_implemented(op: str) -> RuntimeError:
    """PyTorch's error from the ``NotImplemented`` node it records for an op without a derivative."""
    return RuntimeError(f"derivative for aten::{op} is not implemented")


def without_derivative(*names: str) -> None:
    """Record ``names`` with PyTorch's ``NotImplemented`` node: backward through it raises its error."""
    for name in names:
        def formula(grads, inputs, outputs, params, metas, name=name):
            raise derivative_not_implemented(name)
        formula.__name__ = name
        derivative(name, node_name="NotImplemented")(formula)


def real_outputs_only(*names: str) -> None:
    """Declare ops PyTorch differentiates only for real outputs (recording one with a complex output that
    requires grad raises its RuntimeError)."""
    _engine.REAL_OUTPUTS_ONLY_OPS.update(names)


def has_formula(name: str) -> bool:
    return name in _FORMULAS


def needs(metas: tuple, i: int) -> bool:
    return metas[i] is not None

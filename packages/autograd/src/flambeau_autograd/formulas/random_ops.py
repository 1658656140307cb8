"""Formulas of the random samplers. Their gradient is zero (PyTorch's nodes return zeros, not ``None``),
except where PyTorch records a node whose backward is not implemented (``binomial``, ``bernoulli``
with a float ``p``). ``normal`` and ``bernoulli`` also name the in-place fills (``normal_``,
``bernoulli_``, whose zero formula is ``core.zero_gradient``): registered again here with the node
names PyTorch gives each overload."""
from __future__ import annotations

from ._registry import derivative, derivative_not_implemented, real_outputs_only, without_derivative
from .core import zero_gradient

_NORMAL_OVERLOADS = {"Tensor_float": "NormalBackward1", "float_Tensor": "NormalBackward2",
                     "Tensor_Tensor": "NormalBackward3"}


def _normal_name(node) -> str:
    """``normal_`` is NormalBackward0; the sampler's node is numbered by which of mean/std is a tensor."""
    params = node.params or {}
    return _NORMAL_OVERLOADS.get(params.get("overload"), "NormalBackward0")


def _bernoulli_name(node) -> str:
    params = node.params or {}
    if params.get("overload") == "p":
        return "NotImplemented"
    if len(node.edges) == 2:     # bernoulli_(p) with a tensor p
        return "BernoulliBackward1"
    return "BernoulliBackward2" if "p" in params else "BernoulliBackward0"


derivative("normal", node_name=_normal_name)(zero_gradient)
real_outputs_only("normal")
derivative("poisson")(zero_gradient)


@derivative("bernoulli", node_name=_bernoulli_name)
def bernoulli(grads, inputs, outputs, params, metas):
    if params and params.get("overload") == "p":
        raise derivative_not_implemented("bernoulli")
    return zero_gradient(grads, inputs, outputs, params, metas)


without_derivative("binomial")

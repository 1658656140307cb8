"""Derivative formulas of tensor-core's ops, one module per op family, registered by PyTorch op name
(see ``_registry``). Importing this package fills the engine's table."""
from . import (  # noqa: F401
               activations,
               arithmetic,
               complex_views,  # noqa: F401
               core,
               fft,
               linalg,
               math_extras,  # noqa: F401
               pointwise,
               products,
               random_ops,
               reductions,
               selection,
               shape,
               special,
)
from ._registry import derivative, has_formula, non_differentiable

__all__ = ["derivative", "has_formula", "non_differentiable"]

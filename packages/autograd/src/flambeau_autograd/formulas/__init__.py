"""Derivative formulas of tensor-core's ops, one module per op family, registered by PyTorch op name
(see ``_registry``). Importing this package fills the engine's table."""
from . import (core, arithmetic, pointwise, reductions, shape, products, selection,  # noqa: F401
               linalg, fft, special)
from . import complex_views  # noqa: F401
from . import math_extras  # noqa: F401
from ._registry import derivative, has_formula, non_differentiable

__all__ = ["derivative", "has_formula", "non_differentiable"]

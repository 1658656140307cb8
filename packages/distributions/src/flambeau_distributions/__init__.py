"""Probability distributions with PyTorch's ``torch.distributions`` API.

Will hold ``Distribution``, constraints, transforms, ``kl_divergence`` and the common families.
Built on ``flambeau_tensor_core`` and ``flambeau_autograd``.
"""

__all__: list[str] = []

__version__ = "0.1.0"

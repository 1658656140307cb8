"""Neural-network building blocks with PyTorch's ``torch.nn`` API.

Will hold ``Module``, ``Parameter``, containers, layers, losses and ``init``; the stateless ops
live in :mod:`flambeau_nn.functional`. Built on ``flambeau_tensor_core`` and ``flambeau_autograd``.
"""

from . import functional  # noqa: F401  (like torch.nn.functional, available after `import flambeau_nn`)

__all__: list[str] = []

__version__ = "0.1.0"

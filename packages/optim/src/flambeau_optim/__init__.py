"""Optimizers with PyTorch's ``torch.optim`` API.

Will hold ``Optimizer`` and its subclasses (SGD, Adam, AdamW, ...); learning-rate schedules live
in :mod:`flambeau_optim.lr_scheduler`. Built on ``flambeau_tensor_core`` and ``flambeau_autograd``.
"""

from . import lr_scheduler  # noqa: F401  (like torch.optim.lr_scheduler, available after `import flambeau_optim`)

__all__: list[str] = []

__version__ = "0.1.0"

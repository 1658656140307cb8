"""Learning-rate schedulers with PyTorch's ``torch.optim.lr_scheduler`` API.

Will hold ``LRScheduler`` and its subclasses (StepLR, CosineAnnealingLR, OneCycleLR, ...).
Empty until the optim issue fills it in.
"""

__all__: list[str] = []

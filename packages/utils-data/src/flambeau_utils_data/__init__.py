"""flambeau-utils-data: datasets, samplers, collation and a multi-process ``DataLoader`` with
PyTorch's ``torch.utils.data`` API (``flambeau.utils.data`` through the meta-package).

Each module lists its public names in ``__all__``; this file only gathers them.
"""
from .collate import default_collate, default_convert  # noqa: F401
from .dataloader import *  # noqa: F401,F403
from .dataset import *  # noqa: F401,F403
from .distributed import *  # noqa: F401,F403
from .sampler import *  # noqa: F401,F403
from .worker import *  # noqa: F401,F403

__version__ = "0.1.0"

# Type-checker view of `flambeau.optim`: at run time it is the module object `flambeau_optim`.
from flambeau_optim import *  # noqa: F403

from . import lr_scheduler as lr_scheduler

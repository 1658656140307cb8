# Type-checker view of `flambeau.optim`, which is the module object `flambeau_optim` at run time.
from flambeau_optim import *  # noqa: F403
from . import lr_scheduler as lr_scheduler

# Type-checker view of `flambeau.optim.lr_scheduler`, which is the module object `flambeau_optim.lr_scheduler` at run time.
from flambeau_optim.lr_scheduler import *  # noqa: F403

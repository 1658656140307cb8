# Type-checker view of `flambeau.optim.lr_scheduler`: at run time it is the module object `flambeau_optim.lr_scheduler`.
from flambeau_optim.lr_scheduler import *  # noqa: F403

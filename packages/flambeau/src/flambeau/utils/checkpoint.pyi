# Type-checker view of `flambeau.utils.checkpoint`, which is the module object `flambeau_autograd.checkpoint` at run time.
from flambeau_autograd.checkpoint import *  # noqa: F403

# Type-checker view of `flambeau.utils.checkpoint`: at run time it is the module object `flambeau_autograd.checkpoint`.
from flambeau_autograd.checkpoint import *  # noqa: F403

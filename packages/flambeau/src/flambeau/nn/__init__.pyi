# Type-checker view of `flambeau.nn`, which is the module object `flambeau_nn` at run time.
from flambeau_nn import *  # noqa: F403
from . import functional as functional

# Type-checker view of `flambeau.nn`: at run time it is the module object `flambeau_nn`.
from flambeau_nn import *  # noqa: F403

from . import functional as functional

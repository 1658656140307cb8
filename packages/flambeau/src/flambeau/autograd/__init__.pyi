# Type-checker view of `flambeau.autograd`: at run time it is the module object `flambeau_autograd`.
from flambeau_autograd import *  # noqa: F403

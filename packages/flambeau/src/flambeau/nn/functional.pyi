# Type-checker view of `flambeau.nn.functional`: at run time it is the module object `flambeau_nn.functional`.
from flambeau_nn.functional import *  # noqa: F403

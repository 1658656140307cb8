# Type-checker view of `flambeau.nn.functional`, which is the module object `flambeau_nn.functional` at run time.
from flambeau_nn.functional import *  # noqa: F403

# Type-checker view of `flambeau.random`, which is the module object `flambeau_tensor_core.random` at run time.
from flambeau_tensor_core.random import *  # noqa: F403

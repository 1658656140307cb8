# Type-checker view of `flambeau.random`: at run time it is the module object `flambeau_tensor_core.random`.
from flambeau_tensor_core.random import *  # noqa: F403

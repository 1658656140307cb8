# Type-checker view of `flambeau.special`: at run time it is the module object `flambeau_tensor_core.special`.
from flambeau_tensor_core.special import *  # noqa: F403

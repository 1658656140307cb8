# Type-checker view of `flambeau.linalg`, which is the module object `flambeau_tensor_core.linalg` at run time.
from flambeau_tensor_core.linalg import *  # noqa: F403

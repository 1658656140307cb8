# Type-checker view of `flambeau.linalg`: at run time it is the module object `flambeau_tensor_core.linalg`.
from flambeau_tensor_core.linalg import *  # noqa: F403

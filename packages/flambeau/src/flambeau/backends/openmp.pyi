# Type-checker view of `flambeau.backends.openmp`: at run time it is `flambeau_tensor_core.backends.openmp`.
from flambeau_tensor_core.backends.openmp import *  # noqa: F403

# Type-checker view of `flambeau.backends.mkl`: at run time it is `flambeau_tensor_core.backends.mkl`.
from flambeau_tensor_core.backends.mkl import *  # noqa: F403

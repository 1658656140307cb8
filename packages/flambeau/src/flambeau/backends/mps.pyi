# Type-checker view of `flambeau.backends.mps`: at run time it is `flambeau_tensor_core.backends.mps`.
from flambeau_tensor_core.backends.mps import *  # noqa: F403

# Type-checker view of `flambeau.backends.cpu`: at run time it is `flambeau_tensor_core.backends.cpu`.
from flambeau_tensor_core.backends.cpu import *  # noqa: F403

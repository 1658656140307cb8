# Type-checker view of `flambeau.special`, which is the module object `flambeau_tensor_core.special` at run time.
from flambeau_tensor_core.special import *  # noqa: F403

# Type-checker view of `flambeau.cuda`, which is the module object `flambeau_tensor_core.cuda` at run time.
from flambeau_tensor_core.cuda import *  # noqa: F403

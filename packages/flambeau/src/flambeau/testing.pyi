# Type-checker view of `flambeau.testing`, which is the module object `flambeau_tensor_core.testing` at run time.
from flambeau_tensor_core.testing import *  # noqa: F403

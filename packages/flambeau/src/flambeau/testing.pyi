# Type-checker view of `flambeau.testing`: at run time it is the module object `flambeau_tensor_core.testing`.
from flambeau_tensor_core.testing import *  # noqa: F403

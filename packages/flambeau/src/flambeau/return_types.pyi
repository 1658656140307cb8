# Type-checker view of `flambeau.return_types`: at run time it is `flambeau_tensor_core.return_types`.
from flambeau_tensor_core.return_types import *  # noqa: F403

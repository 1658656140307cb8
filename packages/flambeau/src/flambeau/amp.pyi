# Type-checker view of `flambeau.amp`: at run time it is the module object `flambeau_tensor_core.amp`.
from flambeau_tensor_core.amp import *  # noqa: F403
from flambeau_tensor_core.amp import is_autocast_available as is_autocast_available

# Type-checker view of `flambeau.backends.cudnn`: at run time it is `flambeau_tensor_core.backends.cudnn`.
from flambeau_tensor_core.backends.cudnn import *  # noqa: F403

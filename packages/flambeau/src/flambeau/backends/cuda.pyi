# Type-checker view of `flambeau.backends.cuda`: at run time it is `flambeau_tensor_core.backends.cuda`.
from flambeau_tensor_core.backends.cuda import *  # noqa: F403

# Type-checker view of `flambeau.cuda`: at run time it is the module object `flambeau_tensor_core.cuda`.
from flambeau_tensor_core.cuda import *  # noqa: F403

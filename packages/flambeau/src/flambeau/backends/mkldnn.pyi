# Type-checker view of `flambeau.backends.mkldnn`: at run time it is `flambeau_tensor_core.backends.mkldnn`.
from flambeau_tensor_core.backends.mkldnn import *  # noqa: F403

# Type-checker view of `flambeau.fft`: at run time it is the module object `flambeau_tensor_core.fft`.
from flambeau_tensor_core.fft import *  # noqa: F403

# Type-checker view of `flambeau.fft`, which is the module object `flambeau_tensor_core.fft` at run time.
from flambeau_tensor_core.fft import *  # noqa: F403

# Type-checker view of `flambeau`: tensor-core's public names, autograd's grad modes and the aliased
# submodules. At run time these resolve lazily (see __init__.py).
from flambeau_autograd import (
    enable_grad as enable_grad,
    inference_mode as inference_mode,
    is_anomaly_check_nan_enabled as is_anomaly_check_nan_enabled,
    is_anomaly_enabled as is_anomaly_enabled,
    is_grad_enabled as is_grad_enabled,
    is_inference_mode_enabled as is_inference_mode_enabled,
    no_grad as no_grad,
    set_anomaly_enabled as set_anomaly_enabled,
    set_grad_enabled as set_grad_enabled,
)
from flambeau_autograd.func import vmap as vmap
from flambeau_tensor_core import *  # noqa: F403

# backends, cuda, fft, linalg, special, testing and version arrive with the star import above (the same
# module objects)
from . import (
    autograd as autograd,
    distributions as distributions,
    func as func,
    nn as nn,
    optim as optim,
    random as random,
    return_types as return_types,
    utils as utils,
)

__version__: str

# Type-checker view of `flambeau.backends`: at run time it is the module object `flambeau_tensor_core.backends`
# (its submodules cpu, cuda, cudnn, mkl, mkldnn, mps, openmp arrive with the star import).
from flambeau_tensor_core.backends import *  # noqa: F403

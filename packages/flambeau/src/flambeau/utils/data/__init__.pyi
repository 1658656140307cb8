# Type-checker view of `flambeau.utils.data`: at run time it is the module object `flambeau_utils_data`.
from flambeau_utils_data import *  # noqa: F403

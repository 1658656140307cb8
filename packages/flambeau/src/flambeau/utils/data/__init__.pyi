# Type-checker view of `flambeau.utils.data`, which is the module object `flambeau_utils_data` at run time.
from flambeau_utils_data import *  # noqa: F403

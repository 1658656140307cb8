# Type-checker view of `flambeau.distributions`, which is the module object `flambeau_distributions` at run time.
from flambeau_distributions import *  # noqa: F403

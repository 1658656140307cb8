# Type-checker view of `flambeau.distributions`: at run time it is the module object `flambeau_distributions`.
from flambeau_distributions import *  # noqa: F403

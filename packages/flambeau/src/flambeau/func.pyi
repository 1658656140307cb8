# Type-checker view of `flambeau.func`: at run time it is the module object `flambeau_autograd.func`.
from flambeau_autograd.func import *  # noqa: F403

# Type-checker view of `flambeau.autograd`, which is the module object `flambeau_autograd` at run time.
from flambeau_autograd import *  # noqa: F403

# Type-checker view of `flambeau.version`: at run time it is the module object `flambeau_tensor_core.version`.
from flambeau_tensor_core.version import *  # noqa: F403

cuda: str | None

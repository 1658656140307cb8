"""``flambeau.utils``: ``data`` (the ``flambeau_utils_data`` package) and ``checkpoint``
(``flambeau_autograd.checkpoint``), both resolved through flambeau's import finder on first use."""
from __future__ import annotations

from types import ModuleType

from .. import _aliases

_SUBMODULES = ("data", "checkpoint")


def __getattr__(name: str) -> ModuleType:
    if name in _SUBMODULES:
        return _aliases.import_component(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES))

"""The import finder that makes ``flambeau.<area>`` the very module object of its component package.

``import flambeau.nn.functional`` must give back ``flambeau_nn.functional`` itself — not a second copy
loaded under another name, which would break ``is``, ``isinstance`` and pickling. The finder answers
for aliased names only; its loader imports the component module under its real name and hands that
object to the import system, which then registers it under the alias too.

The finder and loader implement the ``importlib.abc.MetaPathFinder`` / ``Loader`` protocols without
inheriting from them: importing ``importlib.abc`` costs ~30 ms on Python 3.11 (it pulls in
``importlib.resources``, ``pathlib`` and ``typing``), more than the rest of ``import flambeau``.
"""
from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType

# alias prefix -> component module; submodules follow (flambeau.nn.functional -> flambeau_nn.functional)
ALIASES: dict[str, str] = {
    "flambeau.nn": "flambeau_nn",
    "flambeau.optim": "flambeau_optim",
    "flambeau.distributions": "flambeau_distributions",
    "flambeau.autograd": "flambeau_autograd",
    "flambeau.func": "flambeau_autograd.func",
    "flambeau.utils.data": "flambeau_utils_data",
    "flambeau.utils.checkpoint": "flambeau_autograd.checkpoint",
    "flambeau.cuda": "flambeau_tensor_core.cuda",
    "flambeau.linalg": "flambeau_tensor_core.linalg",
    "flambeau.fft": "flambeau_tensor_core.fft",
    "flambeau.special": "flambeau_tensor_core.special",
    "flambeau.testing": "flambeau_tensor_core.testing",
    "flambeau.random": "flambeau_tensor_core.random",
    "flambeau.backends": "flambeau_tensor_core.backends",
    "flambeau.version": "flambeau_tensor_core.version",
    "flambeau.return_types": "flambeau_tensor_core.return_types",
    "flambeau.amp": "flambeau_tensor_core.amp",
}


def component_name(alias: str) -> str | None:
    """The real module name behind ``alias`` (``flambeau.nn.functional`` -> ``flambeau_nn.functional``),
    or None when ``alias`` is not aliased."""
    prefix = alias
    while prefix.count(".") >= 1:
        target = ALIASES.get(prefix)
        if target is not None:
            return target + alias[len(prefix):]
        prefix = prefix.rpartition(".")[0]
    return None


class AliasLoader:
    """Loads an alias by importing its component module and returning that very object."""

    def __init__(self, component: str) -> None:
        self.component = component
        self._component_spec: ModuleSpec | None = None

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.component)
        self._component_spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The module already ran under its real name. The import system stamped the alias spec onto it
        # (module_from_spec always sets __spec__); restore the real one so reload() and tools that read
        # __spec__.name keep seeing the component module's own identity.
        module.__spec__ = self._component_spec


class AliasFinder:
    """A ``sys.meta_path`` finder that answers only for the names in :data:`ALIASES` and below."""

    def find_spec(self, fullname: str, path=None, target=None) -> ModuleSpec | None:
        if not fullname.startswith("flambeau."):
            return None
        component = component_name(fullname)
        if component is None:
            return None
        if not _importable(component):
            # Raise here rather than return None: the path finder behind us would otherwise import the
            # stub-only folder (flambeau/nn/ holds just .pyi files) as an empty namespace package.
            raise ModuleNotFoundError(missing_message(fullname, component), name=fullname)
        return ModuleSpec(fullname, AliasLoader(component))


def _importable(module_name: str) -> bool:
    # importlib.util is imported here, not at the top, to keep `import flambeau` cheap.
    import importlib.util

    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:  # the parent package is not installed
        return False


def missing_message(wanted: str, component: str) -> str:
    """Why ``wanted`` cannot be imported, naming the distribution that provides ``component``."""
    top = component.split(".")[0]
    if not _importable(top):
        distribution = top.replace("_", "-")
        return f"No module named {wanted!r}: it needs the {distribution!r} package (pip install {distribution})"
    return f"No module named {wanted!r}: {component!r} does not exist in the installed {top!r}"


def import_component(module_name: str) -> ModuleType:
    """Import ``module_name``; a missing flambeau component becomes an AttributeError (so ``hasattr``
    works) whose message names the package to install."""
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("flambeau"):
            raise
        if module_name.startswith("flambeau."):
            message = str(error)
        else:
            message = missing_message(module_name, module_name)
        raise AttributeError(message) from error


FINDER = AliasFinder()


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (idempotent), ahead of the path-based finder that
    would otherwise see the stub-only ``flambeau/nn/`` folders as namespace packages."""
    if FINDER not in sys.meta_path:
        sys.meta_path.insert(0, FINDER)

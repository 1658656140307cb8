"""flambeau: PyTorch's API as small pip packages, gathered under one name.

``import flambeau as torch`` gives ``tensor``, ``zeros``, ``Tensor``, ``float32``, ``manual_seed``,
``save``/``load`` … (from ``flambeau_tensor_core``), ``no_grad`` and the other grad modes (from
``flambeau_autograd``), and the submodules ``nn``, ``optim``, ``distributions``, ``autograd``,
``utils.data``, ``cuda``, ``linalg``, ``fft``, ``special``, ``testing``, ``random``, ``func`` (with
``vmap`` also at the top level, as in PyTorch). The submodules are
the component packages' own module objects (``flambeau.nn.functional is flambeau_nn.functional``),
mapped by an import finder (see ``_aliases``). Nothing is imported until a name is used, so
``import flambeau`` stays cheap; this package holds no logic of its own.
"""
from __future__ import annotations

from types import ModuleType

from . import _aliases

__version__ = "0.1.0"

_aliases.install()

_SUBMODULES = frozenset(alias.split(".")[1] for alias in _aliases.ALIASES)  # nn, optim, utils, cuda, ...
_AUTOGRAD_NAMES = frozenset({
    "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
    "is_inference_mode_enabled", "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_anomaly_enabled",
})
_FUNC_NAMES = frozenset({"vmap"})     # torch.vmap is torch.func.vmap
_MISSING = object()                   # tensor-core has no such name (None is a value: torch.newaxis)


def _public_core_names() -> list[str]:
    core = _aliases.import_component("flambeau_tensor_core")
    return [name for name in dir(core) if not name.startswith("_") and not isinstance(getattr(core, name), ModuleType)]


def _available_autograd_names() -> list[str]:
    try:
        autograd = _aliases.import_component("flambeau_autograd")
    except AttributeError:  # flambeau-autograd is not installed
        return []
    return sorted(name for name in _AUTOGRAD_NAMES if hasattr(autograd, name))


def __getattr__(name: str) -> object:
    """Resolve a top-level name on first use (PEP 562) and cache it in the module namespace."""
    if name in _SUBMODULES:
        value = _aliases.import_component(f"{__name__}.{name}")
    elif name in _AUTOGRAD_NAMES:
        value = getattr(_aliases.import_component("flambeau_autograd"), name)
    elif name in _FUNC_NAMES:
        value = getattr(_aliases.import_component("flambeau_autograd.func"), name)
    elif name == "__all__":
        value = _public_core_names() + _available_autograd_names()
    elif name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    else:
        value = getattr(_aliases.import_component("flambeau_tensor_core"), name, _MISSING)
        # tensor-core's own submodules (creation, kernels, ...) are implementation, not flambeau's API.
        if value is _MISSING or isinstance(value, ModuleType):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES | _AUTOGRAD_NAMES | _FUNC_NAMES | set(_public_core_names()))

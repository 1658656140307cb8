"""flambeau-tensor-core: a PyTorch-compatible tensor library over NumPy (CPU) and CuPy (CUDA).

``import flambeau_tensor_core as ft`` gives ``ft.Tensor``, dtypes, devices, creation, pointwise,
reduction, shape, indexing, linear-algebra, sorting and random ops, ``ft.cuda``, ``ft.linalg``,
``ft.fft``, ``ft.special``, ``ft.save``/``ft.load``; installed beside ``flambeau-autograd`` tensors
also track gradients. Each op family lives in its own module and lists its public names in
``__all__``; this file only gathers them.

Modules that attach nothing to ``Tensor`` and that few programs use (``fft``, ``special``, ``testing``,
``save``/``load``, ``set_printoptions``) are imported on first access instead (PEP 562 ``__getattr__``),
so that ``import flambeau_tensor_core`` costs little more than NumPy's own import.
"""
import importlib
import math as _math
from typing import TYPE_CHECKING

from . import (  # noqa: F401
    _core,
    cuda,
    indexing as _indexing,  # noqa: F401  (installs Tensor.__getitem__/__setitem__)
    kernels,
    linalg,
)
from ._core import (
    TensorBase,
    bool_ as bool,
    can_cast,
    complex64,
    complex128,
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    promote_types,
    result_type,
    set_default_dtype,
    uint8,
)
from .amp import *  # noqa: F401,F403
from .arithmetic import *  # noqa: F401,F403
from .array_extras import *  # noqa: F401,F403
from .compilation import *  # noqa: F401,F403
from .complex_views import *  # noqa: F401,F403
from .creation import *  # noqa: F401,F403
from .cuda import OutOfMemoryError  # noqa: F401  (PyTorch exports it at the top level too)
from .default_device import *  # noqa: F401,F403
from .gradient import *  # noqa: F401,F403
from .interop import *  # noqa: F401,F403
from .legacy_types import *  # noqa: F401,F403
from .linalg_extras import *  # noqa: F401,F403  (after linalg, which it extends)
from .linalg_extras import lu_legacy as lu, lu_solve_legacy as lu_solve  # noqa: F401
from .linalg_ops import *  # noqa: F401,F403
from .lowrank import *  # noqa: F401,F403
from .math_extras import *  # noqa: F401,F403
from .memory_formats import *  # noqa: F401,F403
from .misc_ops import *  # noqa: F401,F403
from .pointwise import *  # noqa: F401,F403
from .random import *  # noqa: F401,F403
from .reductions import *  # noqa: F401,F403
from .selection import *  # noqa: F401,F403
from .settings import *  # noqa: F401,F403
from .shape import *  # noqa: F401,F403
from .sorting import *  # noqa: F401,F403
from .storage import *  # noqa: F401,F403
from .tensor import Size, Tensor, is_tensor
from .tensor_api_extras import *  # noqa: F401,F403
from .tensor_misc import *  # noqa: F401,F403
from .threads import *  # noqa: F401,F403
from .view_copies import *  # noqa: F401,F403
from .windows import *  # noqa: F401,F403

# PyTorch's dtype aliases
half, float, double = float16, float32, float64
short, int, long = int16, int32, int64
cfloat, cdouble = complex64, complex128

# PyTorch's constants (torch.pi …; newaxis is None, as NumPy's, for x[:, torch.newaxis])
pi, e, inf, nan = _math.pi, _math.e, _math.inf, _math.nan
newaxis = None

__version__ = "0.1.0"

_SUBMODULES_ON_FIRST_USE = frozenset({"fft", "special", "testing", "serialization", "backends", "version",
                                      "return_types"})
_NAMES_ON_FIRST_USE = {"save": "serialization", "load": "serialization", "set_printoptions": "_format",
                      "stft": "fft", "istft": "fft"}

if TYPE_CHECKING:  # what __getattr__ provides, spelled out for type checkers
    from . import backends, fft, special, testing, version  # noqa: F401
    from ._format import set_printoptions  # noqa: F401
    from .serialization import load, save  # noqa: F401


def __getattr__(name: str):
    """Import a deferred submodule, or the submodule defining a deferred name, on first access."""
    if name in _SUBMODULES_ON_FIRST_USE:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _NAMES_ON_FIRST_USE:
        value = getattr(importlib.import_module(f"{__name__}.{_NAMES_ON_FIRST_USE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULES_ON_FIRST_USE, *_NAMES_ON_FIRST_USE})


# NumPy's argument spellings (axis=, keepdims= …) on the ops PyTorch's C++ parser gives them to
from . import numpy_names as _numpy_names  # noqa: E402

_numpy_names.install(globals(), _numpy_names.FUNCTIONS)
_numpy_names.install(Tensor, _numpy_names.METHODS)
_numpy_names.install(linalg, _numpy_names.LINALG)

"""flambeau-autograd: automatic differentiation for flambeau tensors.

Importing this package installs its hook into ``flambeau_tensor_core`` (see ``docs/architecture.md``),
after which tensors can ``requires_grad``, ops record a graph and ``backward()`` works. It provides the
engine, grad modes, ``Function``, the derivative formulas of tensor-core's ops, ``gradcheck``,
``functional``, anomaly detection and checkpointing, mirroring ``torch.autograd``.
"""
from flambeau_tensor_core import _core as _tensor_core

from . import (
                         checkpoint,
                         formulas as _formulas,  # noqa: F401  (fills the formula table)
                         forward_ad,
                         function,
                         functional,
                         graph,
)
from ._anomaly import (
    detect_anomaly,
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_anomaly_enabled,
    set_detect_anomaly,
)
from ._backward import backward, grad
from ._engine import AccumulateGrad, Node, RemovableHandle
from ._grad_mode import (
                         enable_grad,
                         inference_mode,
                         is_grad_enabled,
                         is_inference_mode_enabled,
                         no_grad,
                         set_grad_enabled,
)
from ._tensor_api import AutogradHook as _AutogradHook
from .function import Function, FunctionCtx, once_differentiable
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .variable import Variable

_tensor_core.install_autograd_hook(_AutogradHook())

__version__ = "0.1.0"

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled", "backward", "grad", "detect_anomaly", "set_detect_anomaly",
           "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_anomaly_enabled", "Node", "AccumulateGrad",
           "RemovableHandle",
           "gradcheck", "gradgradcheck", "GradcheckError", "Function", "FunctionCtx", "once_differentiable",
           "function", "functional", "graph", "checkpoint", "forward_ad", "Variable"]

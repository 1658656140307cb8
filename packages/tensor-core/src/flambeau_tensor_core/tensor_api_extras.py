"""PyTorch tensor APIs that complete ``dir(torch.Tensor)`` and the top-level namespace.

- in-place aliases (``divide_``, ``greater_`` …): the same functions as ``div_``, ``gt_`` …;
- activations that ``nn.functional`` calls and PyTorch keeps in its core namespace: ``relu``/``relu_``,
  ``threshold``/``threshold_``, ``hardshrink``, ``selu``/``selu_``, ``celu``/``celu_``, ``rrelu``/``rrelu_``
  and ``prelu``, each recorded under a name whose autograd node is PyTorch's (``ReluBackward0``,
  ``EluBackward0`` for ``selu`` …);
- ``fill_diagonal_``, the splits without view semantics (``unsafe_split`` …), ``resize_``, the legacy
  ``new``, ``as_subclass``;
- queries every flambeau tensor answers the same way (``is_meta``, ``is_sparse`` … are ``False``),
  ``output_nr``, ``dim_order``, ``const_data_ptr``, ``is_set_to``, ``is_shared``/``share_memory_``;
- distances (``pdist``, ``cosine_similarity``, ``pairwise_distance``), the deprecated
  ``frobenius_norm``/``nuclear_norm``, and the ``sym_*`` helpers, which compute on plain numbers.

Autograd formulas of the recorded ops are in ``flambeau_autograd/formulas/activations.py``.
"""
from __future__ import annotations

import builtins
import ctypes
import math
import mmap
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core, linalg
from ._backend import array_module, to_device_array
from ._core import TensorBase
from .creation import tensor as tensor_from_data
from .memory_formats import insertion_sort_dims
from .misc_ops import resize_as_
from .pointwise import (
    check_same_dtype_out,
    check_tensor_kind,
    checked_scalar,
    new_tensor,
    require_tensor,
    scalar_argument,
)
from .random import Generator, _source, host_draws
from .shape import split
from .tensor import (
    Size,
    Tensor,
    bool_argument,
    int_argument,
    int_list_argument,
    normalize_dim,
    optional_dims_argument,
    size_argument,
    tensor_method,
    type_name,
)

# ---- in-place aliases -----------------------------------------------------------------------------
# PyTorch binds these names to its own C methods; here each is the very function of the op it aliases.
_IN_PLACE_ALIASES = {"divide_": "div_", "multiply_": "mul_", "subtract_": "sub_", "true_divide_": "div_",
                     "greater_": "gt_", "greater_equal_": "ge_", "less_": "lt_", "less_equal_": "le_",
                     "not_equal_": "ne_"}
for _alias, _target in _IN_PLACE_ALIASES.items():
    setattr(Tensor, _alias, getattr(Tensor, _target))


# ---- scalar arguments -----------------------------------------------------------------------------
def _scalar(value: Any, name: str, argument: str, position: int) -> bool | int | float:
    """A PyTorch ``Scalar`` argument (a Python or NumPy number, or a 0-d tensor) as a number."""
    if isinstance(value, TensorBase) and value._data.ndim == 0:
        return value.item()
    if isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
        return scalar_argument(value)
    raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Number, not {type_name(value)}")


def _float_argument(value: Any, name: str, argument: str, position: int) -> float:
    """A PyTorch ``float`` argument: a real number or a one-element non-complex tensor."""
    if isinstance(value, (bool, np.bool_)) or isinstance(value, complex):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be float, "
                        f"not {type_name(value)}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be float, "
                        f"not {type_name(value)}") from None


# ---- relu / threshold / hardshrink ----------------------------------------------------------------
def _check_relu_input(input: TensorBase) -> None:
    if input._dtype is _core.bool_:
        raise RuntimeError("Boolean inputs not supported for relu")
    if input._dtype.is_complex:
        raise NotImplementedError("clamp is not supported for complex types")


@tensor_method()
def relu(input: TensorBase) -> Tensor:
    """``max(input, 0)`` elementwise, in ``input``'s dtype (integer tensors too); NaN stays NaN."""
    require_tensor(input, "relu")
    _check_relu_input(input)
    xp = array_module(input._device)
    # zero first: on a tie NumPy returns the second operand, so -0.0 stays -0.0 as in PyTorch
    result = new_tensor(xp, xp.maximum(input._data.dtype.type(0), input._data), input._dtype, input._device)
    _core.record("relu", (input,), None, (result,))
    return result


@tensor_method()
def relu_(input: TensorBase) -> Tensor:
    """:func:`relu` in place."""
    require_tensor(input, "relu_")
    _check_relu_input(input)
    xp = array_module(input._device)
    target = input._data

    def mutate():
        xp.maximum(target.dtype.type(0), target, out=target)

    _core.record_inplace("relu_", input, (input,), None, mutate)
    return input


def _threshold_arguments(input: TensorBase, threshold: Any, value: Any, name: str) -> tuple:
    require_tensor(input, name)
    threshold = _scalar(threshold, name, "threshold", 2)
    value = _scalar(value, name, "value", 3)
    check_tensor_kind("threshold", input, "bc")
    # the bound is compared in the compute type (float32 for float16), the value stored in the dtype
    return checked_scalar(threshold, input._dtype, opmath=True), checked_scalar(value, input._dtype)


def threshold(input: TensorBase, threshold: Any, value: Any) -> Tensor:
    """``value`` where ``input <= threshold``, else ``input`` (both numbers converted to its dtype)."""
    limit, fill = _threshold_arguments(input, threshold, value, "threshold")
    array = input._data.copy()
    array[input._data <= limit] = fill
    result = _core.wrap(array, input._dtype, input._device)
    _core.record("threshold", (input,), {"threshold": limit}, (result,))
    return result


def threshold_(input: TensorBase, threshold: Any, value: Any) -> Tensor:
    """:func:`threshold` in place."""
    limit, fill = _threshold_arguments(input, threshold, value, "threshold_")
    target = input._data

    def mutate():
        target[target <= limit] = fill

    _core.record_inplace("threshold_", input, (input,), {"threshold": limit}, mutate)
    return input


@tensor_method()
def hardshrink(input: TensorBase, lambd: Any = 0.5, *, out=None) -> Tensor:
    """``0`` where ``-lambd <= input <= lambd``, else ``input``."""
    require_tensor(input, "hardshrink")
    lambd = _scalar(lambd, "hardshrink", "lambd", 2)
    check_tensor_kind("hardshrink", input, "bic")
    check_same_dtype_out(out, input._dtype)
    bound = checked_scalar(lambd, input._dtype)
    data = input._data
    array = data.copy()
    array[(data >= -bound) & (data <= bound)] = 0
    result = _core.wrap(array, input._dtype, input._device)
    _core.record("hardshrink", (input,), {"lambd": bound}, (result,))
    return result if out is None else _core.copy_into_out(result, out, "hardshrink")


# ---- selu / celu (PyTorch computes both with its elu kernel) --------------------------------------
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _elu_compute(xp, a, alpha: float, scale: float, input_scale: float):
    """``scale * x`` for ``x > 0``, else ``alpha * scale * expm1(x * input_scale)``; float16 through float32."""
    work = a.astype(np.float32) if a.dtype == np.float16 else a
    negative = xp.expm1(xp.minimum(0, work) * input_scale) * (alpha * scale)   # -0.0 stays -0.0
    return xp.where(work > 0, work * scale, negative).astype(a.dtype)


def _elu_like(name: str, kernel: str, input: TensorBase, params: dict, in_place: bool) -> Tensor:
    require_tensor(input, name)
    check_tensor_kind(kernel, input, "bic")
    xp = array_module(input._device)
    coefficients = (params["alpha"], params["scale"], params["input_scale"])
    if not in_place:
        with _core.quiet_fp():
            result = new_tensor(xp, _elu_compute(xp, input._data, *coefficients), input._dtype, input._device)
        _core.record(name, (input,), params, (result,))
        return result
    target = input._data

    def mutate():
        with _core.quiet_fp():
            target[...] = _elu_compute(xp, target, *coefficients)

    _core.record_inplace(name, input, (input,), params, mutate)
    return input


_SELU_PARAMS = {"alpha": SELU_ALPHA, "scale": SELU_SCALE, "input_scale": 1.0}


def selu(input: TensorBase) -> Tensor:
    """``scale * elu(input, alpha)`` with the self-normalising constants of Klambauer et al. (2017)."""
    return _elu_like("selu", "elu", input, _SELU_PARAMS, False)


def selu_(input: TensorBase) -> Tensor:
    """:func:`selu` in place."""
    return _elu_like("selu_", "elu", input, _SELU_PARAMS, True)


def _celu_params(alpha: Any, name: str) -> dict:
    alpha = _scalar(alpha, name, "alpha", 2)
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return {"alpha": float(alpha), "scale": 1.0, "input_scale": 1.0 / float(alpha)}


def celu(input: TensorBase, alpha: Any = 1.0) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``."""
    require_tensor(input, "celu")
    return _elu_like("celu", "elu", input, _celu_params(alpha, "celu"), False)


def celu_(input: TensorBase, alpha: Any = 1.0) -> Tensor:
    """:func:`celu` in place."""
    require_tensor(input, "celu_")
    return _elu_like("celu_", "elu", input, _celu_params(alpha, "celu_"), True)


# ---- rrelu -----------------------------------------------------------------------------------------
def _rrelu_noise(source, input: TensorBase, lower: float, upper: float) -> np.ndarray:
    """rrelu's slopes on the host: from a CPU stream as PyTorch draws them (a 53-bit uniform scaled to
    [lower, upper) in double, for each element ≤ 0 in C order, with bounds first rounded to float32 for a
    float32/float16 tensor), else from NumPy-style draws on the host."""
    host = input._host_array()
    non_positive = host <= 0
    if not isinstance(source, Generator):
        draws = host_draws(source).uniform(lower, upper, size=host.shape)
        return np.where(non_positive, draws, 1.0).astype(host.dtype)
    if host.dtype != np.float64:
        lower, upper = float(np.float32(lower)), float(np.float32(upper))
    uniforms = np.empty(int(np.count_nonzero(non_positive)), np.float64)
    source.engine.uniforms53(uniforms)
    noise = np.ones(host.shape, host.dtype)
    noise[non_positive] = uniforms * (upper - lower) + lower
    return noise


def _rrelu(name: str, input: TensorBase, lower: Any, upper: Any, training: Any, generator: Any,
           in_place: bool) -> Tensor:
    require_tensor(input, name)
    lower = _scalar(lower, name, "lower", 2)
    upper = _scalar(upper, name, "upper", 3)
    training = bool_argument(training, name, "training", 4)
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    check_tensor_kind("leaky_relu" if not training else "rrelu_with_noise", input, "bic")
    xp = array_module(input._device)
    params: dict = {"lower": float(lower), "upper": float(upper), "training": training, "noise": None}
    data = input._data
    if training:
        # a slope drawn from U(lower, upper) per element where the input is <= 0, 1 elsewhere (the noise
        # PyTorch saves for the backward)
        noise = _rrelu_noise(_source(generator, input._device), input, float(lower), float(upper))
        slope = to_device_array(noise, input._device)
        params["noise"] = _core.wrap(slope, input._dtype, input._device)
    else:
        slope = data.dtype.type((lower + upper) / 2)

    def compute(a):
        return a * slope if training else xp.where(a > 0, a, a * slope)

    if not in_place:
        result = new_tensor(xp, compute(data), input._dtype, input._device)
        _core.record(name, (input,), params, (result,))
        return result

    def mutate():
        data[...] = compute(data)

    _core.record_inplace(name, input, (input,), params, mutate)
    return input


def rrelu(input: TensorBase, lower: Any = 1.0 / 8, upper: Any = 1.0 / 3, training: bool = False,
          generator: Any = None) -> Tensor:
    """Randomized leaky ReLU: slope ``(lower + upper) / 2`` for negative inputs when not ``training``
    (deterministic), a slope drawn from ``U(lower, upper)`` per element when ``training``."""
    return _rrelu("rrelu", input, lower, upper, training, generator, False)


def rrelu_(input: TensorBase, lower: Any = 1.0 / 8, upper: Any = 1.0 / 3, training: bool = False,
           generator: Any = None) -> Tensor:
    """:func:`rrelu` in place."""
    return _rrelu("rrelu_", input, lower, upper, training, generator, True)


# ---- prelu -----------------------------------------------------------------------------------------
def prelu_weight_shape(input_ndim: int, weight_numel: int) -> tuple:
    """The shape that broadcasts a PReLU weight over its input: along dim 1 (channels) when it has more
    than one element, a scalar otherwise."""
    if weight_numel == 1 or input_ndim < 2:
        return ()
    return (1, weight_numel) + (1,) * (input_ndim - 2)


@tensor_method()
def prelu(input: TensorBase, weight: TensorBase) -> Tensor:
    """``input`` where positive, else ``weight * input``; ``weight`` has one element or one per channel
    (dim 1)."""
    require_tensor(input, "prelu")
    require_tensor(weight, "prelu", "weight", 2)
    if weight._data.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = "
                           f"{weight._data.ndim}")
    if input._dtype is not weight._dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {_core.type_name(input._dtype)} and "
                           f"{_core.type_name(weight._dtype)}")
    check_tensor_kind("prelu", input, "bic")
    _core.check_same_device(input, weight)
    count = weight._data.size
    if count != 1:
        channels = input._data.shape[1] if input._data.ndim >= 2 else 1
        if channels != count:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                               f"{count} and channel size = {channels}.")
    xp = array_module(input._device)
    slope = weight._data.reshape(prelu_weight_shape(input._data.ndim, count))
    data = input._data
    result = new_tensor(xp, xp.where(data > 0, data, data * slope), input._dtype, input._device)
    _core.record("prelu", (input, weight), None, (result,))
    return result


# ---- fill_diagonal_ ---------------------------------------------------------------------------------
@tensor_method()
def fill_diagonal_(self: TensorBase, fill_value: Any, wrap: bool = False) -> Tensor:
    """Write ``fill_value`` on the main diagonal (``[i, i, …, i]``) of a tensor of ≥ 2 dims whose dims are
    all equal beyond 2-d; with ``wrap`` a tall matrix's diagonal restarts every ``cols + 1`` rows."""
    fill_value = _scalar(fill_value, "fill_diagonal_", "fill_value", 1)
    wrap = bool_argument(wrap, "fill_diagonal_", "wrap", 2)
    shape = self._data.shape
    if len(shape) < 2:
        raise RuntimeError("dimensions must larger than 1")
    if len(shape) > 2 and len(set(shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    fill = checked_scalar(fill_value, self._dtype)
    xp = array_module(self._device)
    target = self._data
    # PyTorch wraps only when at least one full row separates the repeats (height > width + 1)
    wraps = wrap and len(shape) == 2 and shape[0] > shape[1] + 1

    def mutate():
        xp.fill_diagonal(target, fill, wrap=wraps)

    _core.record_inplace("fill_diagonal_", self, (self,), {"wrap": wraps}, mutate)
    return self


# ---- splits without view semantics ------------------------------------------------------------------
def _unsafe_pieces(name: str, input: TensorBase, pieces: tuple, dim: int) -> tuple:
    """``pieces`` (views of a detached alias of ``input``) as tensors that share ``input``'s memory but are
    not views for autograd, recorded as one ``name`` node (PyTorch's ``UnsafeSplitBackward0`` …)."""
    outputs = tuple(_core.wrap(p._data, p._dtype, p._device) for p in pieces)
    _core.record(name, (input,), {"dim": dim, "sizes": tuple(p._data.shape[dim] for p in pieces)}, outputs)
    return outputs


@tensor_method()
def unsafe_split(input: TensorBase, split_size: Any, dim: int = 0) -> tuple:
    """:func:`split` into pieces that autograd does not treat as views of ``input`` (in-place ops on them
    are not checked against it): PyTorch's ``unsafe_split``."""
    require_tensor(input, "unsafe_split")
    if isinstance(split_size, (list, tuple)):
        raise TypeError(f"unsafe_split(): argument 'split_size' (position 2) must be int, not "
                        f"{type_name(split_size)}")
    pieces = split(input.detach(), split_size, dim)
    return _unsafe_pieces("unsafe_split", input, pieces, normalize_dim(dim, input._data.ndim))


@tensor_method()
def unsafe_split_with_sizes(input: TensorBase, split_sizes: Sequence[int], dim: int = 0) -> tuple:
    """:func:`split_with_sizes` without view semantics (see :func:`unsafe_split`)."""
    require_tensor(input, "unsafe_split_with_sizes")
    sizes = list(int_list_argument(split_sizes, "unsafe_split_with_sizes", "split_sizes", 2))
    pieces = split(input.detach(), sizes, dim)
    return _unsafe_pieces("unsafe_split_with_sizes", input, pieces, normalize_dim(dim, input._data.ndim))


@tensor_method()
def unsafe_chunk(input: TensorBase, chunks: int, dim: int = 0) -> tuple:
    """:func:`chunk` without view semantics (see :func:`unsafe_split`)."""
    require_tensor(input, "unsafe_chunk")
    pieces = input.detach().chunk(chunks, dim)
    return _unsafe_pieces("unsafe_split", input, pieces, normalize_dim(dim, input._data.ndim))


# ---- resize_, new, as_subclass ------------------------------------------------------------------------
@tensor_method()
def resize_(self: TensorBase, *size: Any, memory_format: Any = None) -> Tensor:
    """Give ``self`` the shape ``size`` in place, keeping the first elements of its memory (as
    :func:`resize_as_`, whose rules it follows: a view may shrink, or grow within its base's memory)."""
    shape = size_argument(size, "resize_")
    for s in shape:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    # resize_as_ reads only the template's shape: a zero-stride broadcast costs no memory
    template = _core.wrap(np.broadcast_to(np.zeros((), dtype=np.bool_), shape), _core.bool_, _core.device("cpu"))
    return resize_as_(self, template)


def _resize_copy(self: TensorBase, sizes: tuple, what: str) -> Tensor:
    """The deprecated out-of-place resize: ``self`` (made contiguous) viewed as ``sizes``, which must hold
    as many elements; recorded as ``resize`` (PyTorch's autograd Function ``Resize``, node ``ResizeBackward``)."""
    warnings.warn(f"non-inplace {what} is deprecated", UserWarning, stacklevel=3)
    count = math.prod(sizes) if all(isinstance(s, (int, np.integer)) for s in sizes) else None
    if count != self._data.size:
        raise RuntimeError(f"requested resize to {'x'.join(map(str, sizes))} ({count} elements in total), but the "
                           f"given tensor has a size of {'x'.join(map(str, self._data.shape))} ({self._data.size} "
                           "elements). autograd's resize can only change the shape of a given tensor, while "
                           "preserving the number of elements. ")
    contiguous = self._data.flags.c_contiguous
    base = self if contiguous else _core.wrap(self._data.copy(), self._dtype, self._device)
    # a view either way, as PyTorch's: of ``self``, or of the contiguous copy
    result = _core.make_view(base, base._data.reshape(tuple(int(s) for s in sizes)))
    _core.record("resize", (self,), None, (result,))
    return result


@tensor_method()
def resize(self: TensorBase, *sizes: int) -> Tensor:
    """Deprecated: ``self`` reshaped to ``sizes`` (same number of elements), out of place."""
    return _resize_copy(self, sizes, "resize")


@tensor_method()
def resize_as(self: TensorBase, tensor: TensorBase) -> Tensor:
    """Deprecated: ``self`` reshaped to ``tensor``'s shape (same number of elements), out of place."""
    return _resize_copy(self, tuple(tensor.shape), "resize_as")


_NEW_SIGNATURES = ("new() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                   " * (*, torch.device device = None)\n * (torch.Storage storage)\n * (Tensor other)\n"
                   " * (tuple of ints size, *, torch.device device = None)\n"
                   " * (object data, *, torch.device device = None)\n")


def _new(self: TensorBase, *args: Any, device: Any = None, size: Any = None, **unexpected: Any) -> Tensor:
    """The legacy constructor: ``x.new()`` (empty), ``x.new(2, 3)`` / ``x.new(size)`` (uninitialised),
    ``x.new(data)`` (a copy of a sequence), ``x.new(other)`` (``other`` itself, which must have ``x``'s
    dtype), ``x.new(size=(2, 3))`` — always of ``self``'s dtype, on ``device`` or ``self``'s device."""
    from .creation import empty
    if unexpected:
        got = ", ".join([type_name(a) for a in args] + [f"{k}={type_name(v)}" for k, v in unexpected.items()])
        raise TypeError(_NEW_SIGNATURES.format(got=got))
    target = self._device if device is None else _core.device(device)
    if size is not None:
        if args:
            raise TypeError(_NEW_SIGNATURES.format(got=", ".join([type_name(a) for a in args] + ["size=tuple"])))
        args = (size if type(size).__name__ == "Size" else Size(int_list_argument(size, "new", "size")),)
    if len(args) == 1 and isinstance(args[0], TensorBase):
        other = args[0]
        if other._dtype is not self._dtype or other._device != target:
            raise TypeError(f"expected {self._dtype} on {target} (got {other._dtype} on {other._device})")
        return other.detach()
    if not args:
        return empty(0, dtype=self._dtype, device=target)
    if len(args) == 1 and not isinstance(args[0], (int, np.integer)):
        data = args[0]
        if isinstance(data, (tuple, list)) and type(data).__name__ != "Size":
            return tensor_from_data(data, dtype=self._dtype, device=target)
        if type(data).__name__ != "Size":
            raise TypeError(f"new(): data must be a sequence (got {type_name(data)})")
    shape = size_argument(args, "new")
    for s in shape:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    return empty(shape, dtype=self._dtype, device=target)


_new.__name__ = _new.__qualname__ = "new"
Tensor.new = _new


@tensor_method()
def as_subclass(self: TensorBase, cls: type) -> Tensor:
    """``self``'s data as an instance of ``cls`` (a subclass of ``Tensor``), sharing its memory and
    version counter, attached to the graph through an ``alias`` node (PyTorch's ``AliasBackward0``)."""
    if not (isinstance(cls, type) and issubclass(cls, TensorBase)):
        raise TypeError("Creating a Tensor subclass from a class that does not inherit from Tensor is not "
                        "possible. Make sure your class inherits from Tensor.")
    alias = self.detach()
    alias._base = None
    if cls is not type(alias):
        alias.__class__ = cls
    _core.record("alias", (self,), None, (alias,))
    return alias


# ---- queries ------------------------------------------------------------------------------------------
def _false(self: TensorBase) -> bool:
    return False


# flambeau has dense strided tensors on CPU and CUDA only: no meta, sparse, quantized or nested tensors,
# no other backends
for _name in ("is_meta", "is_sparse", "is_sparse_csr", "is_quantized", "is_nested", "is_mkldnn", "is_xpu",
              "is_mps", "is_ipu", "is_xla", "is_vulkan", "is_maia", "is_mtia"):
    setattr(Tensor, _name, property(_false, doc=f"``False``: flambeau has no {_name[3:]} tensors."))


def _output_nr(self: TensorBase) -> int:
    """Which output of the node that made this tensor it is (0 for leaves and single-output ops)."""
    meta = self._autograd_meta
    return 0 if meta is None else meta.output_nr


Tensor.output_nr = property(_output_nr)


@tensor_method()
def const_data_ptr(self: TensorBase) -> int:
    """The address of the first element (``data_ptr``; flambeau has no copy-on-write storage to keep)."""
    return self.data_ptr()


@tensor_method()
def is_set_to(self: TensorBase, tensor: TensorBase) -> bool:
    """Whether ``self`` and ``tensor`` are the same memory seen the same way: same address, dtype,
    device, shape and strides (PyTorch: same storage, offset, size and stride)."""
    if not isinstance(tensor, TensorBase):
        raise TypeError(f"is_set_to(): argument 'tensor' (position 1) must be Tensor, not {type_name(tensor)}")
    return (self._device == tensor._device and self._dtype is tensor._dtype and self.data_ptr() == tensor.data_ptr()
            and self._data.shape == tensor._data.shape and self.stride() == tensor.stride())


_AMBIGUOUS_DIM_ORDER = ("The tensor does not have unique dim order, or cannot map to exact one of the given "
                        "memory formats.")


@tensor_method()
def dim_order(self: TensorBase, *, ambiguity_check: bool | list = False) -> tuple:
    """The dims from outermost to innermost in memory (PyTorch's elementwise-output permutation: dims
    sorted by decreasing stride, ties and size-1 dims kept in logical order); with ``ambiguity_check``
    a layout that several orders describe raises, unless it is exactly one of the listed formats."""
    from .memory_formats import memory_format
    if not isinstance(ambiguity_check, bool) and not (
            isinstance(ambiguity_check, list) and all(isinstance(f, memory_format) for f in ambiguity_check)):
        raise TypeError("The ambiguity_check argument must be a bool or a list of memory formats.")
    shape, strides = self._data.shape, self.stride()
    formats = ambiguity_check if isinstance(ambiguity_check, list) else []
    check = ambiguity_check if isinstance(ambiguity_check, bool) else True
    several = any(a == b for a, b in zip(strides, strides[1:])) or 1 in shape
    if check and several and builtins.sum(self.is_contiguous(memory_format=f) for f in formats) != 1:
        raise RuntimeError(_AMBIGUOUS_DIM_ORDER)
    ndim = len(shape)
    if ndim <= 1:
        return tuple(range(ndim))
    from .memory_formats import channels_last, channels_last_3d
    contiguous = self.is_contiguous()
    last = {4: channels_last, 5: channels_last_3d}.get(ndim)
    is_last = last is not None and self.is_contiguous(memory_format=last)
    if contiguous and not is_last:
        return tuple(range(ndim))
    if is_last and not contiguous:
        return (0, *range(2, ndim), 1)

    def covers(a: int, b: int) -> bool:   # a >= b, or a multiple of b (a, b >= 0)
        return True if b == 0 else False if a == 0 else a >= b or a % b == 0

    def should_swap(a: int, b: int) -> int:
        if strides[a] == 0 or strides[b] == 0:
            return 0
        if strides[a] == strides[b]:
            return 0 if covers(shape[b], shape[a]) else 1
        if covers(strides[b], strides[a]):
            return -1
        return 1 if covers(strides[a], strides[b]) else 0

    perm = insertion_sort_dims(list(reversed(range(ndim))), should_swap)   # back to front, as PyTorch's
    if ambiguity_check and any(should_swap(perm[i], perm[i + 1]) != -1 for i in range(ndim - 1)):
        raise RuntimeError("The tensor does not have unique dim order.")
    return tuple(reversed(perm))


# ---- shared memory ------------------------------------------------------------------------------------
def _root_array(array: np.ndarray) -> np.ndarray:
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def _in_shared_mapping(array: np.ndarray) -> bool:
    owner = _root_array(array).base
    if isinstance(owner, memoryview):
        owner = owner.obj
    return isinstance(owner, mmap.mmap)


@tensor_method()
def is_shared(self: TensorBase) -> bool:
    """Whether the tensor's memory can be seen by other processes: a CUDA tensor always (as PyTorch), a
    CPU tensor when its memory is a shared mapping (after :func:`share_memory_`, or a batch that a
    ``DataLoader`` worker sent)."""
    if self._device.type != "cpu":
        return True
    return _in_shared_mapping(self._data)


@tensor_method()
def share_memory_(self: TensorBase) -> Tensor:
    """Move the memory of ``self`` (all of its base's memory, for a view) into an anonymous shared
    mapping, in place: processes forked afterwards see each other's writes, as PyTorch's ``Hogwild``
    training expects. No-op for CUDA tensors and for memory already shared.

    Unlike PyTorch, whose storage object is swapped under every tensor that uses it, flambeau can only
    re-point ``self`` and its base: other views made before the call keep the old, private memory. Processes
    started with ``spawn`` receive a pickled copy (flambeau has no file-descriptor passing)."""
    if self._device.type != "cpu" or is_shared(self):
        return self
    owner = self._base if self._base is not None else self
    old = owner._data
    root = _root_array(old)
    low, high = np.lib.array_utils.byte_bounds(root) if hasattr(np.lib, "array_utils") else np.byte_bounds(root)
    span = high - low
    mapping = mmap.mmap(-1, max(span, 1))   # anonymous and MAP_SHARED: inherited by fork()
    if span:
        source = np.frombuffer((ctypes.c_char * span).from_address(low), dtype=np.uint8)
        np.frombuffer(mapping, dtype=np.uint8, count=span)[:] = source

    def moved(array: np.ndarray) -> np.ndarray:
        start = array.__array_interface__["data"][0] - low
        return np.ndarray(array.shape, dtype=array.dtype, buffer=mapping, offset=start, strides=array.strides)

    view_data = self._data
    owner._data = moved(old)
    if owner is not self:
        self._data = moved(view_data)
    return self


# ---- distances and deprecated norms --------------------------------------------------------------------
def _pdist_compute(xp, a, p: float):
    rows, cols = np.triu_indices(a.shape[0], 1)
    if xp is not np:
        rows, cols = xp.asarray(rows), xp.asarray(cols)
    diff = xp.abs(a[rows] - a[cols])
    if diff.shape[1] == 0:
        return xp.zeros(diff.shape[0], dtype=a.dtype)
    if p == 0:
        return (diff != 0).sum(axis=1).astype(a.dtype)
    if p == math.inf:
        return diff.max(axis=1)
    if p == 1:
        return diff.sum(axis=1)
    if p == 2:
        return xp.sqrt((diff * diff).sum(axis=1))
    return ((diff ** p).sum(axis=1)) ** (1.0 / p)


def pdist(input: TensorBase, p: float = 2) -> Tensor:
    """The ``p``-norm distances between the rows of a 2-d ``input``, for every pair ``i < j`` in
    row-major order (the upper triangle of ``cdist(input, input)``), as a 1-d tensor."""
    require_tensor(input, "pdist")
    p = _float_argument(p, "pdist", "p", 2)
    if input._data.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input._data.ndim}D")
    if not (input._dtype.is_floating_point):
        raise RuntimeError("pdist only supports floating-point dtypes")
    if input._dtype is _core.float16:
        raise NotImplementedError("\"pdist\" not implemented for 'Half'")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    xp = array_module(input._device)
    with _core.quiet_fp():
        result = new_tensor(xp, _pdist_compute(xp, input._data, p), input._dtype, input._device)
    _core.record("pdist", (input,), {"p": p}, (result,))
    return result


def cosine_similarity(x1: TensorBase, x2: TensorBase, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """``sum(x1 / max(||x1||, eps) * x2 / max(||x2||, eps), dim)`` over the broadcast of ``x1`` and ``x2``.

    As in PyTorch each input is divided by its (clamped) norm before the product, which keeps the result
    in [-1, 1]; the clamp is outside the graph (the gradient is that of the unclamped norm)."""
    require_tensor(x1, "cosine_similarity", "x1", 1)
    require_tensor(x2, "cosine_similarity", "x2", 2)
    common = _core.result_type(x1, x2)
    if not common.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{_core.type_name(common)}")
    eps = _float_argument(eps, "cosine_similarity", "eps", 4)
    dim = int_argument(dim, "cosine_similarity", "dim", 3)
    x1 = x1 if x1._dtype.is_floating_point else x1.to(common)
    x2 = x2 if x2._dtype.is_floating_point else x2.to(common)
    from .shape import broadcast_tensors
    try:
        x1, x2 = broadcast_tensors(x1, x2)
    except RuntimeError:
        raise RuntimeError(f"The size of tensor a ({_mismatch(x1, x2)[0]}) must match the size of tensor b "
                           f"({_mismatch(x1, x2)[1]}) at non-singleton dimension {_mismatch(x1, x2)[2]}") from None
    normalized = []
    for x in (x1, x2):
        length = linalg.vector_norm(x, 2, dim=dim, keepdim=True)
        detached = length.detach()
        normalized.append(x / (length + (detached.clamp_min(eps) - detached)))
    return (normalized[0] * normalized[1]).sum(dim)


def _mismatch(a: TensorBase, b: TensorBase) -> tuple:
    """The first mismatched sizes of two shapes aligned at their ends, and its dim (for the message)."""
    sa, sb = a._data.shape, b._data.shape
    ndim = max(len(sa), len(sb))
    sa, sb = (1,) * (ndim - len(sa)) + sa, (1,) * (ndim - len(sb)) + sb
    for i in reversed(range(ndim)):
        if sa[i] != sb[i] and 1 not in (sa[i], sb[i]):
            return sa[i], sb[i], i
    return sa[-1], sb[-1], ndim - 1


def pairwise_distance(x1: TensorBase, x2: TensorBase, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """``norm(x1 - x2 + eps, p)`` along the last dim of the broadcast inputs (PyTorch adds ``eps`` to
    the difference, which keeps the gradient finite for equal rows)."""
    require_tensor(x1, "pairwise_distance", "x1", 1)
    require_tensor(x2, "pairwise_distance", "x2", 2)
    p = _float_argument(p, "pairwise_distance", "p", 3)
    eps = _float_argument(eps, "pairwise_distance", "eps", 4)
    keepdim = bool_argument(keepdim, "pairwise_distance", "keepdim", 5)
    last = max(x1._data.ndim, x2._data.ndim) - 1
    return _norm_over(x1 - x2 + eps, p, (last,), keepdim)


def _norm_over(x: TensorBase, p: float, dims: tuple | None, keepdim: bool) -> Tensor:
    """ATen's ``norm(x, p, dim, keepdim)``, which ``pairwise_distance`` and ``frobenius_norm`` call: the
    values of ``linalg.vector_norm``, recorded as ``norm_dim`` (PyTorch's node ``NormBackward1``; the
    ``norm`` function records ``LinalgVectorNormBackward0`` as ``torch.norm`` does)."""
    axes = optional_dims_argument(dims, x._data.ndim, "norm")
    value = linalg.vector_norm(x.detach(), p, dim=axes, keepdim=keepdim)
    result = _core.wrap(value._data, value._dtype, value._device)
    _core.record("norm_dim", (x,), {"ord": p, "dim": axes, "keepdim": keepdim}, (result,))
    return result


def frobenius_norm(input: TensorBase, dim: Any, keepdim: bool = False) -> Tensor:
    """Deprecated (kept for TorchScript in PyTorch): ``linalg.vector_norm(input, 2, dim, keepdim)``."""
    warnings.warn("at::frobenius_norm is deprecated and it is just left for JIT compatibility. It will be "
                  "removed in a future PyTorch release. Please use `linalg.vector_norm(A, 2., dim, keepdim)` "
                  "instead", UserWarning, stacklevel=2)
    require_tensor(input, "frobenius_norm")
    dims = int_list_argument(dim, "frobenius_norm", "dim", 2)
    if len(dims) > 2:
        raise RuntimeError(f"Expected at most 2 dimensions, but got {len(dims)} dimensions instead.")
    seen: set = set()
    for d in dims:
        d = normalize_dim(d, input._data.ndim)
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    keepdim = bool_argument(keepdim, "frobenius_norm", "keepdim", 3)
    if not input._dtype.is_floating_point and not input._dtype.is_complex:
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{_core.type_name(input._dtype)}")
    return _norm_over(input, 2.0, dims or None, keepdim)   # no dims: every dim, as PyTorch's vector_norm


def nuclear_norm(input: TensorBase, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Deprecated: ``linalg.matrix_norm(input, 'nuc', dim, keepdim)``; without ``dim`` (``nuclear_norm(x,
    keepdim)``, a bool second argument) over the last two dims."""
    warnings.warn("at::nuclear_norm is deprecated and it is just left for JIT compatibility. It will be "
                  "removed in a future PyTorch release. Please use `linalg.matrix_norm(A, 'nuc', dim, keepdim)` "
                  "instead", UserWarning, stacklevel=2)
    require_tensor(input, "nuclear_norm")
    if isinstance(dim, bool):
        dim, keepdim = None, dim
    keepdim = bool_argument(keepdim, "nuclear_norm", "keepdim", 3)
    ndim = input._data.ndim
    if ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    if not input._dtype.is_floating_point and not input._dtype.is_complex:
        raise RuntimeError(f"linalg.matrix_norm: Expected a floating point or complex tensor as input. Got "
                           f"{_core.type_name(input._dtype)}")
    if input._dtype is _core.float16:   # (the SVD's refusal comes before the dims are read)
        raise RuntimeError("linalg.matrix_norm: Low precision dtypes not supported. Got Half")
    dims = (-2, -1) if dim is None else int_list_argument(dim, "nuclear_norm", "dim", 2)
    if len(dims) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dims))}")
    rows, cols = (normalize_dim(d, ndim) for d in dims)
    if rows == cols:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dims[0]}, {dims[1]})")
    # PyTorch's composition (and so its graph): the matrix dims moved last, svdvals, their sum
    order = [d for d in range(ndim) if d not in (rows, cols)] + [rows, cols]
    result = linalg.svdvals(input.permute(order)).sum(-1, keepdim=keepdim)
    if keepdim:
        result = result.unsqueeze(-1).permute(tuple(np.argsort(order).tolist()))
    return result


# ---- sym_* : PyTorch's symbolic-shape helpers, which compute on plain numbers -----------------------------
_NUMBER_TYPES = (int, float, np.integer, np.floating)


def sym_int(a: Any) -> int:
    """``int(a)`` (truncation toward zero)."""
    return builtins.int(a)


def sym_float(a: Any) -> float:
    """``float(a)``."""
    if hasattr(a, "__sym_float__"):
        return a.__sym_float__()
    return builtins.float(a)


def _sym_extremum(pick, a: Any, b: Any) -> int | float:
    for value in (a, b):
        if not isinstance(value, _NUMBER_TYPES):
            raise AssertionError(f"expected {_NUMBER_TYPES}, got {type(value)}")
    if isinstance(a, (float, np.floating)) or isinstance(b, (float, np.floating)):
        return builtins.float(pick(a, b))
    return pick(a, b)


def sym_max(a: Any, b: Any) -> int | float:
    """``max(a, b)``, a float when either is one (``sym_max(1, 1.0) == 1.0`` whatever the order)."""
    return _sym_extremum(builtins.max, a, b)


def sym_min(a: Any, b: Any) -> int | float:
    """``min(a, b)``, a float when either is one."""
    return _sym_extremum(builtins.min, a, b)


def sym_not(a: Any) -> bool:
    """``not a``."""
    if hasattr(a, "__sym_not__"):
        return a.__sym_not__()
    return not a


def sym_sqrt(a: Any) -> float:
    """``math.sqrt(a)``."""
    if hasattr(a, "__sym_sqrt__"):
        return a.__sym_sqrt__()
    return math.sqrt(a)


def sym_sum(*args: Any) -> Any:
    """The sum of ``sym_sum(a, b, c)`` or ``sym_sum([a, b, c])``."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = args[0]
    return builtins.sum(args)


__all__ = ["relu", "relu_", "threshold", "threshold_", "hardshrink", "selu", "selu_", "celu", "celu_", "rrelu",
           "rrelu_", "prelu", "unsafe_split", "unsafe_split_with_sizes", "unsafe_chunk", "pdist",
           "cosine_similarity", "pairwise_distance", "frobenius_norm", "nuclear_norm", "sym_int", "sym_float",
           "sym_max", "sym_min", "sym_not", "sym_sqrt", "sym_sum"]

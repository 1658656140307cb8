"""The everyday odds and ends of PyTorch's tensor API: filling (``fill_``/``zero_``/``fill``), the
``new_*`` constructors, ``empty_strided``/``frombuffer``/``scalar_tensor``/``range``, metadata
queries (``ndimension``/``nelement``/``get_device``/``is_signed``/``is_same_size``), small aliases
(``ravel``/``positive``/``rsub``/``type_as``/``split_with_sizes``), function forms of methods
(``clone``/``detach``/``detach_`` and the top-level in-place functions ``torch.exp_`` …),
``as_strided_`` and the CPU-only ``apply_``/``map_``.

Autograd: ``fill_`` (in place) and ``fill`` record with inputs ``(self,)`` or ``(self, value)`` when the
value is a 0-d tensor, ``zero_`` with ``(self,)``, ``as_strided_`` with the params of ``as_strided`` (and the arrays);
the rest are built from ops that record themselves.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, to_device_array
from ._core import TensorBase, dtype as DType
from .creation import (
    empty,
    factory_dtype,
    full,
    ones,
    parse_size,
    refuse_range_dtype,
    tensor as new_tensor_from,
    zeros,
)
from .default_device import factory_device
from .pointwise import checked_scalar, require_tensor
from .shape import as_strided, reshape, split
from .tensor import Tensor, factory_requires_grad, int_list_argument, tensor_method

# ---- filling --------------------------------------------------------------------------------------


def _fill_value(value: Any, target: DType, device) -> Any:
    """``value`` (a number or 0-d tensor) as something assignable into a ``target`` array: a number with
    PyTorch's checked conversion (overflow errors), a 0-d tensor cast as a copy is (300 wraps into int8)."""
    if isinstance(value, TensorBase):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        return value.detach().to(target).item()
    if not isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
        raise TypeError(f"fill_(): argument 'value' must be Number, not {type(value).__name__}")
    return checked_scalar(value, target)


def _fill_inputs(self: TensorBase, value: Any) -> tuple:
    return (self, value) if isinstance(value, TensorBase) else (self,)


@tensor_method()
def fill_(self: TensorBase, value: Any) -> Tensor:
    """Set every element to ``value`` (a number or a 0-d tensor)."""
    fill = _fill_value(value, self._dtype, self._device)
    target = self._data

    def mutate():
        target[...] = fill

    _core.record_inplace("fill_", self, _fill_inputs(self, value), None, mutate)
    return self


@tensor_method()
def zero_(self: TensorBase) -> Tensor:
    """Set every element to zero."""
    target = self._data

    def mutate():
        target[...] = 0

    _core.record_inplace("zero_", self, (self,), None, mutate)
    return self


def fill(input: TensorBase, value: Any) -> Tensor:
    """A new tensor shaped like ``input`` (same dtype and device) with every element ``value``."""
    require_tensor(input, "fill")
    xp = array_module(input._device)
    array = xp.empty(input._data.shape, dtype=input._dtype.numpy_dtype)
    array[...] = _fill_value(value, input._dtype, input._device)
    result = _core.wrap(array, input._dtype, input._device)
    _core.record("fill", _fill_inputs(input, value), None, (result,))
    return result


# ---- new tensors ----------------------------------------------------------------------------------
def _like_self(self: TensorBase, dtype: DType | None, device: Any) -> dict:
    return {"dtype": self._dtype if dtype is None else dtype, "device": self._device if device is None else device}


def _new_filled(maker: Callable, doc: str) -> Callable:
    def new(self: TensorBase, *size: Any, dtype: DType | None = None, device: Any = None,
            requires_grad: bool = False, layout: Any = None, pin_memory: bool = False) -> Tensor:
        return maker(*size, requires_grad=requires_grad, **_like_self(self, dtype, device))

    new.__name__ = new.__qualname__ = "new_" + maker.__name__
    new.__doc__ = doc
    return tensor_method()(new)


new_zeros = _new_filled(zeros, "Zeros of ``size`` with ``self``'s dtype and device unless given.")
new_ones = _new_filled(ones, "Ones of ``size`` with ``self``'s dtype and device unless given.")
new_empty = _new_filled(empty, "An uninitialised tensor of ``size`` with ``self``'s dtype and device unless given.")


@tensor_method()
def new_full(self: TensorBase, size: Sequence[int], fill_value: Any, *, dtype: DType | None = None,
             device: Any = None, requires_grad: bool = False, layout: Any = None, pin_memory: bool = False):
    """``fill_value`` everywhere in ``size``, with ``self``'s dtype and device unless given."""
    return full(size, fill_value, requires_grad=requires_grad, **_like_self(self, dtype, device))


@tensor_method()
def new_empty_strided(self: TensorBase, size: Sequence[int], stride: Sequence[int], *,
                      dtype: DType | None = None, device: Any = None, requires_grad: bool = False,
                      layout: Any = None, pin_memory: bool = False) -> Tensor:
    """``empty_strided`` with ``self``'s dtype and device unless given."""
    return empty_strided(size, stride, requires_grad=requires_grad, **_like_self(self, dtype, device))


@tensor_method()
def new_tensor(self: TensorBase, data: Any, *, dtype: DType | None = None, device: Any = None,
               requires_grad: bool = False, layout: Any = None, pin_memory: bool = False) -> Tensor:
    """A copy of ``data`` (never sharing memory) with ``self``'s dtype and device unless given."""
    if isinstance(data, TensorBase):
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
                      "or sourceTensor.detach().clone().requires_grad_(True), rather than "
                      "tensor.new_tensor(sourceTensor).", UserWarning, stacklevel=2)
        data = data.detach()
    return new_tensor_from(data, requires_grad=requires_grad, **_like_self(self, dtype, device))


def empty_strided(size: Sequence[int], stride: Sequence[int], *, dtype: DType | None = None, layout: Any = None,
                  device: Any = None, requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """An uninitialised tensor with the given ``size`` and ``stride`` (in elements) over fresh memory."""
    shape = parse_size(size, "empty_strided", varargs=False)
    strides = int_list_argument(stride, "empty_strided", "stride", 2, single=False)
    if len(shape) != len(strides):
        raise RuntimeError("mismatch in length of strides and shape")
    extent = 1 + sum((n - 1) * s for n, s in zip(shape, strides)) if all(shape) else 0
    storage = empty(extent, dtype=dtype, device=device)
    result = as_strided(storage, shape, strides).detach()
    result._base = None   # it owns its storage, as PyTorch's does
    if requires_grad:
        factory_requires_grad(result)
    return result


def scalar_tensor(s: Any, *, dtype: DType | None = None, layout: Any = None, device: Any = None,
                  requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """A 0-d tensor holding ``s``, of the default float dtype unless ``dtype`` is given."""
    dtype = _core.get_default_dtype() if dtype is None else dtype
    if isinstance(s, (bool, int, float, complex, np.number, np.bool_)):   # PyTorch's checked conversion
        checked_scalar(s, dtype, unchecked_half=True)
    if isinstance(s, complex) and not dtype.is_complex:
        s = s.real
    return new_tensor_from(s, dtype=dtype, device=device, requires_grad=requires_grad)


def range(start: Any, end: Any, step: Any = 1, *, out=None, dtype: DType | None = None,  # noqa: A001
          layout: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """Deprecated in PyTorch: ``start, start + step, ...`` up to and including ``end``, default float dtype."""
    warnings.warn("flambeau.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use flambeau.arange, which produces values "
                  "in [start, end).", UserWarning, stacklevel=2)
    start, end, step = (float(v.item()) if isinstance(v, TensorBase) else v for v in (start, end, step))
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    dtype = factory_dtype(dtype, _core.get_default_dtype(), out)
    refuse_range_dtype("range", dtype, complex_too=True)
    count = int(np.floor((float(end) - float(start)) / float(step))) + 1
    values = float(start) + np.arange(count, dtype=np.float64) * float(step)
    device_ = factory_device(device)
    result = _core.wrap(to_device_array(values.astype(dtype.numpy_dtype), device_), dtype, device_)
    if requires_grad:
        factory_requires_grad(result)
    return result if out is None else _core.copy_into_out(result, out, "range")


def frombuffer(buffer: Any, *, dtype: DType, count: int = -1, offset: int = 0,
               requires_grad: bool = False) -> Tensor:
    """A 1-D CPU tensor sharing memory with a Python buffer (``bytes``, ``bytearray``, ``array`` …)."""
    length = memoryview(buffer).nbytes
    size = dtype.itemsize
    if length == 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if not 0 <= offset < length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({length} bytes) minus 1")
    if count < 0:
        if (length - offset) % size:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a "
                             f"multiple of element size ({size})")
    elif offset + count * size > length:
        raise ValueError(f"requested buffer length ({count} * {size} bytes) after offset ({offset} bytes) must "
                         f"not be greater than actual buffer length ({length} bytes)")
    if memoryview(buffer).readonly:
        warnings.warn("The given buffer is not writable; flambeau keeps it read-only, so in-place writes to "
                      "this tensor will fail. Copy the buffer (e.g. into a bytearray) to write to it.",
                      UserWarning, stacklevel=2)
    array = np.frombuffer(buffer, dtype=dtype.numpy_dtype, count=count, offset=offset)
    result = _core.wrap(array, dtype, _core.CPU)
    if requires_grad:
        factory_requires_grad(result)
    return result


# ---- metadata and small aliases -------------------------------------------------------------------
def _ndimension(self: TensorBase) -> int:
    return self._data.ndim


def _nelement(self: TensorBase) -> int:
    return self._data.size


@tensor_method()
def get_device(input: TensorBase) -> int:
    """-1 for a CPU tensor, else the index of its CUDA device."""
    device = require_tensor(input, "get_device")._device
    return -1 if device.type == "cpu" else (device.index or 0)


@tensor_method()
def is_signed(input: TensorBase) -> bool:
    """Whether the dtype holds negative values (False for bool and uint8)."""
    return require_tensor(input, "is_signed")._dtype.is_signed


@tensor_method()
def is_same_size(input: TensorBase, other: TensorBase) -> bool:
    return require_tensor(input, "is_same_size")._data.shape == require_tensor(other, "is_same_size", "other",
                                                                                 2)._data.shape


def _type_as(self: TensorBase, other: TensorBase) -> Tensor:
    """``self`` converted to ``other``'s dtype and device (``self`` itself when they already match)."""
    other = require_tensor(other, "type_as", "other")
    return self.to(other._device, other._dtype)


@tensor_method()
def ravel(input: TensorBase) -> Tensor:
    """The elements as a 1-D tensor: a view when the layout allows, else a copy."""
    return reshape(require_tensor(input, "ravel").contiguous(), (-1,))   # PyTorch's contiguous().view(-1)


@tensor_method()
def positive(input: TensorBase) -> Tensor:
    """``input`` itself (``+input``); bool tensors are refused as in PyTorch."""
    if require_tensor(input, "positive")._dtype is _core.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def rsub(input: TensorBase, other: Any, *, alpha: Any = 1) -> Tensor:
    """``other - alpha * input`` (subtraction with the operands reversed)."""
    return _core.rsub(require_tensor(input, "rsub") * alpha if alpha != 1 else input, other)


@tensor_method()
def split_with_sizes(input: TensorBase, split_sizes: Sequence[int], dim: int = 0) -> tuple:
    """Views of ``input`` along ``dim`` with the listed sizes (which must add up to its length)."""
    require_tensor(input, "split_with_sizes")
    return split(input, list(split_sizes), dim)


# ---- function forms of methods --------------------------------------------------------------------
def clone(input: TensorBase, *, memory_format: Any = None) -> Tensor:
    return require_tensor(input, "clone").clone(memory_format=memory_format)


def detach(input: TensorBase) -> Tensor:
    return require_tensor(input, "detach").detach()


def detach_(input: TensorBase) -> Tensor:
    return require_tensor(input, "detach_").detach_()


def _as_strided_(self: TensorBase, size: Sequence[int], stride: Sequence[int],
                 storage_offset: int | None = None) -> Tensor:
    """Restride ``self`` in place over its own storage. Recorded as ``as_strided_`` with the params of
    ``as_strided`` plus ``"source"``/``"result"``: the arrays before and after, which locate each new
    element in the old layout."""
    viewed = as_strided(self.detach(), size, stride, storage_offset)
    offset = viewed.storage_offset() - self.storage_offset()
    params = {"size": tuple(viewed.shape), "stride": viewed.stride(), "storage_offset": offset,
              "source": self._data, "result": viewed._data}

    def mutate():
        self._data = viewed._data

    _core.record_inplace("as_strided_", self, (self,), params, mutate)
    return self


# PyTorch's top-level in-place functions are its Tensor methods called with the tensor first.
INPLACE_FUNCTIONS = (
    "abs_", "neg_", "negative_", "exp_", "exp2_", "expm1_", "log_", "log10_", "log1p_", "log2_",
    "sqrt_", "rsqrt_", "square_", "reciprocal_", "sigmoid_", "logit_", "erf_", "erfc_", "i0_", "sinc_",
    "sin_", "cos_", "tan_", "asin_", "acos_", "atan_", "sinh_", "cosh_", "tanh_", "asinh_", "acosh_", "atanh_",
    "arcsin_", "arccos_", "arctan_", "arcsinh_", "arccosh_", "arctanh_", "ceil_", "floor_", "round_", "trunc_",
    "fix_", "frac_", "clamp_", "clamp_min_", "clamp_max_", "clip_", "nan_to_num_", "xlogy_", "index_put_",
    "as_strided_", "addmv_", "fill_", "zero_", "conj_physical_",
)


# ---- CPU-only Python callables --------------------------------------------------------------------
def _check_python_callable_target(self: TensorBase, name: str) -> None:
    if self._device.type != "cpu":
        raise TypeError(f"{name} is only implemented on CPU tensors")
    if self._requires_grad:
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. "
                           f"Use var.detach().{name}() instead.")


def _apply_(self: TensorBase, callable: Callable) -> Tensor:
    """Replace each element ``x`` by ``callable(x)`` (a Python loop: slow, CPU only)."""
    _check_python_callable_target(self, "apply_")
    with np.nditer(self._data, op_flags=[["readwrite"]]) as elements:
        for x in elements:
            x[...] = callable(x.item())
    _core.bump_version(self)
    return self


def _map_(self: TensorBase, tensor: TensorBase, callable: Callable) -> Tensor:
    """Replace each element ``x`` by ``callable(x, y)``, ``y`` from ``tensor`` broadcast to ``self``."""
    _check_python_callable_target(self, "map_")
    if not isinstance(tensor, TensorBase) or tensor._dtype is not self._dtype:
        got = type(tensor).__name__ if not isinstance(tensor, TensorBase) else tensor.type()
        raise TypeError(f"map_: expected {self.type()} for 'other' (got {got})")
    other = np.broadcast_to(tensor._host_array(), self._data.shape)
    with np.nditer([self._data, other], op_flags=[["readwrite"], ["readonly"]]) as elements:
        for x, y in elements:
            x[...] = callable(x.item(), y.item())
    _core.bump_version(self)
    return self


Tensor.ndimension = _ndimension
Tensor.nelement = _nelement
Tensor.type_as = _type_as
Tensor.as_strided_ = _as_strided_
Tensor.apply_ = _apply_
Tensor.map_ = _map_
for _name in INPLACE_FUNCTIONS:
    globals()[_name] = getattr(Tensor, _name)

__all__ = ["fill", "empty_strided", "scalar_tensor", "range", "frombuffer", "get_device", "is_signed",
           "is_same_size", "ravel", "positive", "rsub", "split_with_sizes", "clone", "detach", "detach_",
           *INPLACE_FUNCTIONS]

"""Smaller PyTorch APIs without a family of their own: ``Tensor.resize_as_``, ``nonzero_static`` (a
fixed-size ``nonzero`` for code that needs static shapes), ``empty_permuted`` (an uninitialised tensor
whose memory is laid out in a given dimension order), ``binomial`` sampling and ``is_inference``."""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, to_device_array
from ._core import TensorBase, dtype as DType
from .creation import parse_size
from .default_device import factory_device
from .random import Generator, _source, host_draws
from .selection import nonzero
from .tensor import Tensor, factory_requires_grad, int_argument, int_list_argument, tensor_method, type_name


def _require_tensor(value: Any, name: str, argument: str = "input", position: int = 1) -> TensorBase:
    if not isinstance(value, TensorBase):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, not {type_name(value)}")
    return value


@tensor_method()
def resize_as_(self, the_template: TensorBase, *, memory_format: Any = None) -> Tensor:
    """Give ``self`` the shape of ``the_template`` in place (dtype unchanged), keeping its memory: the
    first elements of its storage (in memory order) stay, new ones are uninitialised (zero here).
    A view may shrink, or grow within its base's memory."""
    _require_tensor(the_template, "resize_as_", "the_template", 1)
    if self._requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    shape = tuple(the_template.shape)
    if shape == tuple(self.shape):
        return self
    xp = array_module(self._device)
    count = math.prod(shape)
    if self._base is None:
        storage, offset = xp.ravel(self._data, order="K"), 0   # its elements in memory order
    elif self._base._data.flags.c_contiguous or self._base._data.flags.f_contiguous:
        storage, offset = xp.ravel(self._base._data, order="K"), self.storage_offset()
    else:
        raise RuntimeError("resize_as_(): cannot resize a view of a tensor whose memory has gaps")
    if offset + count <= storage.size:
        self._data = storage[offset:offset + count].reshape(shape)
    elif self._base is None:
        grown = xp.zeros(count, dtype=self._data.dtype)
        grown[:storage.size] = storage
        self._data = grown.reshape(shape)
    else:
        raise RuntimeError(f"resize_as_(): cannot grow a view to {count} elements beyond its base's memory "
                           f"({storage.size - offset} elements from its offset)")
    _core.bump_version(self)
    return self


@tensor_method()
def nonzero_static(input: TensorBase, *, size: int, fill_value: int = -1) -> Tensor:
    """``nonzero(input)`` as exactly ``size`` rows: cut short, or padded with ``fill_value`` rows."""
    _require_tensor(input, "nonzero_static")
    size = int_argument(size, "nonzero_static", "size")
    fill_value = int_argument(fill_value, "nonzero_static", "fill_value")
    if size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    coordinates = nonzero(input)._data[:size]
    xp = array_module(input._device)
    padding = xp.full((size - coordinates.shape[0], coordinates.shape[1]), fill_value, dtype=np.int64)
    return _core.wrap(xp.concatenate([coordinates, padding]), _core.int64, input._device)


def empty_permuted(size: Sequence[int], physical_layout: Sequence[int], *, dtype: DType | None = None,
                   layout: Any = None, device: Any = None, requires_grad: bool = False,
                   pin_memory: bool = False) -> Tensor:
    """An uninitialised tensor of logical shape ``size`` whose memory holds the dimensions in the order
    ``physical_layout`` (outermost first): ``empty_permuted((N, C, H, W), (0, 2, 3, 1))`` is channels-last."""
    shape = parse_size(size, "empty_permuted", varargs=False)
    order = int_list_argument(physical_layout, "empty_permuted", "physical_layout", 2, single=False)
    if len(shape) != len(order):
        raise RuntimeError("Number of dimensions in size does not match the length of the physical_layout; i.e. "
                           f"len(size) = {len(shape)} is not equal to len(physical_layout) = {len(order)}")
    seen = set()
    for index, d in enumerate(order):
        if not 0 <= d < len(shape):
            raise RuntimeError(f"Dimension out of range (expected to be between 0 and {len(shape) - 1}, but got {d} "
                               f"at index {index}).  NB: negative dims not currently supported; file an issue if "
                               "you want it.")
        if d in seen:
            raise RuntimeError("Duplicate dim not allowed")
        seen.add(d)
    dtype = _core.get_default_dtype() if dtype is None else _core.check_dtype(dtype)
    device = factory_device(device)
    xp = array_module(device)
    physical = xp.empty(tuple(shape[d] for d in order), dtype=dtype.numpy_dtype)
    result = _core.wrap(physical.transpose(np.argsort(order)), dtype, device)
    if requires_grad:
        factory_requires_grad(result)
    return result


def binomial(count: TensorBase, prob: TensorBase, generator: Any = None) -> Tensor:
    """Samples of Binomial(``count``, ``prob``), elementwise over the broadcast of the two float tensors
    (a count ≤ 0 or a prob ≤ 0 gives 0, a prob ≥ 1 gives the count, NaN stays NaN, as in PyTorch)."""
    _require_tensor(count, "binomial", "count", 1)
    _require_tensor(prob, "binomial", "prob", 2)
    for name, t in (("count", count), ("prob", prob)):
        if not t.dtype.is_floating_point:
            raise ValueError(f"binomial only supports floating-point dtypes for {name}, got: "
                             f"{_core.type_name(t.dtype)}")
    if prob.dtype is not count.dtype:
        raise RuntimeError(f"Found dtype {_core.type_name(prob.dtype)} but expected {_core.type_name(count.dtype)}")
    if count.dtype is _core.float16:
        raise NotImplementedError("\"binomial_cpu\" not implemented for 'Half'")
    _core.check_same_device(count, prob)
    n, p = count._host_array(), prob._host_array()
    try:
        n, p = np.broadcast_arrays(n, p)
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({list(count.shape)}) must match the size of tensor b "
                           f"({list(prob.shape)}) at a non-singleton dimension") from None
    source = _source(generator, count.device)
    if isinstance(source, Generator):
        samples = _binomial_from_stream(source.engine, n, p)
    else:
        samples = _binomial_from_numpy(host_draws(source), n, p)
    result = _core.wrap(to_device_array(samples, count.device), count.dtype, count.device)
    _core.record("binomial", (count, prob), None, (result,))   # PyTorch's node: backward not implemented
    return result


def _binomial_from_stream(engine, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """PyTorch's CPU binomial draws from a generator's stream, in the broadcast's C order."""
    samples = np.empty(n.size, np.float64)
    engine.binomial(np.ascontiguousarray(n, np.float64).reshape(-1), np.ascontiguousarray(p, np.float64).reshape(-1),
                    samples, n.dtype == np.float32)
    return samples.reshape(n.shape).astype(n.dtype)


def _binomial_from_numpy(draws, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Binomial draws from NumPy-style ``draws`` (CuPy's CUDA stream copied to the host), with PyTorch's
    edge values; counts are rounded down here (NumPy takes whole trials)."""
    with np.errstate(invalid="ignore"):
        trials = np.where(np.isfinite(n) & (n > 0), np.floor(n), 0).astype(np.int64)
        samples = draws.binomial(trials, np.clip(np.nan_to_num(p), 0.0, 1.0)).astype(n.dtype)
        samples = np.where(p >= 1, np.maximum(n, 0), samples)
    return np.where(np.isnan(n) | np.isnan(p), np.nan, samples).astype(n.dtype)


@tensor_method()
def is_inference(input: TensorBase) -> bool:
    """Whether ``input`` is an inference tensor: made under ``inference_mode`` (or a view of one). Such a
    tensor cannot be written in place, require grad or be saved for backward outside that mode."""
    _require_tensor(input, "is_inference")
    return input._is_inference


__all__ = ["nonzero_static", "empty_permuted", "binomial", "is_inference", "resize_as_"]

"""Tensor creation: ``tensor``, ``as_tensor``, ``from_numpy``, ``zeros``/``ones``/``empty``/``full``
(and ``*_like``), ``arange``. Every function takes PyTorch's ``dtype=``, ``device=``, ``requires_grad=``."""
from __future__ import annotations

import builtins
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, row_major, to_device_array
from ._core import TensorBase, dtype as DType
from .default_device import default_device_or_none, factory_device
from .memory_formats import (
    contiguous_format,
    contiguous_strides,
    empty_strided_array,
    format_strides,
    like_strides,
    memory_format_argument,
)
from .pointwise import checked_scalar, is_integral
from .sequence_data import dtype_of_kind, sequence_array
from .tensor import factory_requires_grad, int_argument, int_list_argument, normalize_dim, size_argument, tensor_method

_CPU = _core.CPU


def parse_size(size: Any, name: str, argument: str = "size", *, varargs: bool = True) -> tuple[int, ...]:
    """The shape of a new tensor, parsed by the shared int-list rules (:func:`size_argument`): varargs
    (``zeros(2, 3)``, ``zeros((2, 3))``, ``zeros(Size)``) or, with ``varargs=False``, one sequence
    argument (``full((2, 3), x)``); a negative size is PyTorch's RuntimeError."""
    dims = size_argument(size, name, argument) if varargs else int_list_argument(size, name, argument, 1,
                                                                                   single=False)
    for s in dims:
        if s < 0:
            if name == "zeros":   # zeros checks its sizes with its own sentence
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(dims)}")
    return dims


# ``device=None`` means the default device (``set_default_device``), the CPU unless set
_device_or_cpu = factory_device


def _finish(array, dtype: DType, device, requires_grad: bool):
    result = _core.wrap(array, dtype, device)
    if requires_grad:
        factory_requires_grad(result)
    return result


def inferred_dtype(data: Any) -> DType:
    """The dtype ``tensor(data)`` gets: a tensor's or NumPy value's own; Python numbers PyTorch's
    (bool, int64, the default float and complex dtypes); a sequence holding tensors or NumPy values
    the promotion of its items' dtypes, as PyTorch's element-wise inference gives."""
    if isinstance(data, TensorBase):
        return data.dtype
    if data is None:
        raise RuntimeError("Could not infer dtype of NoneType")
    if isinstance(data, (np.ndarray, np.generic)):
        return _core.dtype_from_numpy(data.dtype)
    if _contains_numpy_or_tensor(data):
        return _promoted_item_dtype(data)
    kind = np.asarray(data).dtype.kind       # Python numbers only: NumPy's kind is the answer
    if kind in "biufc":
        return dtype_of_kind(kind)
    raise TypeError(f"new(): invalid data type '{type(data).__name__}'")


def _promoted_item_dtype(data: Any) -> DType:
    """PyTorch's inference over every item of nested sequences: ``promote_types`` of the items' dtypes."""
    if isinstance(data, (list, tuple)):
        result = None
        for item in data:
            item_dtype = _promoted_item_dtype(item)
            result = item_dtype if result is None else _core.promote_types(result, item_dtype)
        return _core.get_default_dtype() if result is None else result
    if isinstance(data, builtins.bool):
        return _core.bool_
    if isinstance(data, builtins.int):
        return _core.int64
    if isinstance(data, builtins.float):
        return _core.get_default_dtype()
    if isinstance(data, builtins.complex):
        return _core.default_complex_dtype()
    return inferred_dtype(data)


def _contains_numpy_or_tensor(data: Any) -> bool:
    """Whether a sequence holds tensors or NumPy values: its first leaf or any of its own items."""
    if not isinstance(data, (list, tuple)):
        return False
    kinds = (TensorBase, np.ndarray, np.generic)
    if any(isinstance(item, kinds) for item in data):
        return True
    while isinstance(data, (list, tuple)) and data:
        data = data[0]
    return isinstance(data, kinds)


def _host_array(data: Any, dtype: DType | None) -> np.ndarray:
    if isinstance(data, TensorBase):
        data = data._host_array()
    try:
        array = np.array(data, dtype=None if dtype is None else dtype.numpy_dtype)
    except OverflowError:    # out-of-range Python ints wrap around, as in PyTorch
        array = np.array(data).astype(dtype.numpy_dtype)
    except (TypeError, ValueError) as error:
        if isinstance(error, ValueError) and "sequence" in str(error):
            raise ValueError(f"expected sequences of equal length in tensor data: {error}") from None
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'") from None
    return array


def tensor(data: Any, *, dtype: DType | None = None, device: Any = None, requires_grad: bool = False,
           pin_memory: bool = False):
    """A new tensor holding a copy of ``data`` (nested sequences, NumPy arrays, scalars, tensors)."""
    if dtype is not None:
        dtype = _core.check_dtype(dtype)
    if isinstance(data, (list, tuple)) or type(data) in (builtins.bool, builtins.int, builtins.float,
                                                         builtins.complex):
        # Python numbers and sequences: PyTorch's checks of each item (sequence_data)
        items = data if isinstance(data, (list, tuple)) else [data]
        inferred = _promoted_item_dtype(items) if dtype is None and _contains_numpy_or_tensor(items) else None
        array, dtype = sequence_array(items, dtype, inferred)
        if items is not data:
            array = array.reshape(())
    else:
        dtype = inferred_dtype(data) if dtype is None else dtype
        array = _host_array(data, dtype)
    if device is None and isinstance(data, TensorBase) and default_device_or_none() is None:
        device = data.device
    device = _device_or_cpu(device)
    return _finish(to_device_array(array, device), dtype, device, requires_grad)


def as_tensor(data: Any, dtype: DType | None = None, device: Any = None):
    """``data`` as a tensor, sharing memory with it when dtype and device already match."""
    if device is None:
        device = default_device_or_none()
    if isinstance(data, TensorBase):
        return data.to(dtype=dtype, device=device)
    if isinstance(data, np.ndarray) and (dtype is None or dtype.numpy_dtype == data.dtype):
        result = from_numpy(data)
        return result if device is None else result.to(device)
    return tensor(data, dtype=dtype, device=device)


def asarray(obj: Any, *, dtype: DType | None = None, device: Any = None, copy: bool | None = None,
            requires_grad: bool = False):
    """``torch.asarray``: like ``as_tensor`` but ``copy=True`` forces and ``copy=False`` forbids a copy."""
    if copy:
        result = tensor(obj, dtype=dtype, device=device)
    else:
        result = as_tensor(obj, dtype=dtype, device=device)
        shares = _host_memory(result) is _host_memory(obj)
        if copy is False and isinstance(obj, (TensorBase, np.ndarray)) and not shares:
            raise ValueError("asarray(): copy=False was requested but a copy is needed for the dtype/device given")
    if requires_grad:
        factory_requires_grad(result)
    return result


def _host_memory(obj):
    array = obj._data if isinstance(obj, TensorBase) else obj
    while getattr(array, "base", None) is not None:
        array = array.base
    return array


def from_numpy(array: np.ndarray):
    """A CPU tensor sharing ``array``'s memory: writes through either are seen by both."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    if not array.dtype.isnative:
        raise ValueError("given numpy array has byte order different from the native byte order. "
                         "Conversion between byte orders is currently not supported.")
    return _core.wrap(array, _core.dtype_from_numpy(array.dtype), _CPU)


def factory_dtype(dtype: DType | None, default: DType, out: Any = None) -> DType:
    """A factory's dtype: ``dtype`` when given, else ``out``'s when there is one (PyTorch fills ``out`` in
    its own dtype), else ``default``; a ``dtype`` given with ``out`` must be ``out``'s."""
    if isinstance(out, TensorBase):
        if dtype is None:
            return out.dtype
        dtype = _core.check_dtype(dtype)
        if dtype is not out.dtype:
            raise RuntimeError(f"dtype {_core.type_name(dtype)} does not match dtype of out parameter "
                               f"({_core.type_name(out.dtype)})")
        return dtype
    return default if dtype is None else _core.check_dtype(dtype)


def _filled(kind: str, shape: tuple[int, ...], fill: Any, dtype, device, requires_grad, out=None, strides=None):
    """A new tensor of ``shape`` holding ``fill`` (``kind="empty"``: uninitialised), laid out with
    ``strides`` (in elements) when given."""
    device = _device_or_cpu(device)
    xp = array_module(device)
    if strides is not None and strides != contiguous_strides(shape):
        array = empty_strided_array(xp, shape, strides, dtype.numpy_dtype)
        if kind != "empty":
            xp.copyto(array, fill, casting="unsafe")
    elif kind == "empty":
        array = xp.empty(shape, dtype=dtype.numpy_dtype)
    else:
        array = xp.full(shape, fill, dtype=dtype.numpy_dtype)
    result = _finish(array, dtype, device, requires_grad)
    return result if out is None else _core.copy_into_out(result, out, kind)


def zeros(*size, out=None, dtype: DType | None = None, layout=None, device: Any = None,
          requires_grad: bool = False, pin_memory: bool = False):
    return _filled("zeros", parse_size(size, "zeros"), 0, factory_dtype(dtype, _core.get_default_dtype(), out), device,
                   requires_grad, out)


def ones(*size, out=None, dtype: DType | None = None, layout=None, device: Any = None,
         requires_grad: bool = False, pin_memory: bool = False):
    return _filled("ones", parse_size(size, "ones"), 1, factory_dtype(dtype, _core.get_default_dtype(), out), device,
                   requires_grad, out)


def empty(*size, out=None, dtype: DType | None = None, layout=None, device: Any = None,
          requires_grad: bool = False, pin_memory: bool = False, memory_format=None):
    shape = parse_size(size, "empty")
    fmt = memory_format_argument(memory_format, "empty", contiguous_format)
    strides = None if fmt is contiguous_format else format_strides(shape, fmt)
    return _filled("empty", shape, None, factory_dtype(dtype, _core.get_default_dtype(), out), device,
                   requires_grad, out, strides)


def scalar_dtype(value: Any) -> DType:
    """The dtype PyTorch gives a tensor filled with the Python scalar ``value``."""
    if isinstance(value, (bool, np.bool_)):
        return _core.bool_
    if isinstance(value, (int, np.integer)):
        return _core.int64
    if isinstance(value, (float, np.floating)):
        return _core.get_default_dtype()
    if isinstance(value, (builtins.complex, np.complexfloating)):
        return _core.default_complex_dtype()
    if isinstance(value, TensorBase) and value.numel() == 1:
        return value.dtype
    raise TypeError(f"full(): argument 'fill_value' must be Number, not {type(value).__name__}")


def full(size: Sequence[int], fill_value: Any, *, out=None, dtype: DType | None = None, layout=None,
         device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    dtype = factory_dtype(dtype, scalar_dtype(fill_value), out)
    shape = parse_size(size, "full", varargs=False)
    return _filled("full", shape, _fill_value(fill_value, dtype, shape), dtype, device, requires_grad, out)


def _fill_value(value: Any, dtype: DType, shape: tuple):
    """``full``'s number converted to ``dtype`` with PyTorch's checks (a 0-d tensor by its value); a 0-d
    float16 result goes unchecked (``full((), 1e5, dtype=half)`` is inf: PyTorch's scalar fill converts
    through double there), any other shape is checked."""
    return checked_scalar(value.item() if isinstance(value, TensorBase) else value, dtype,
                          unchecked_half=not shape)


def _like(input, dtype, device):
    if not isinstance(input, TensorBase):
        raise TypeError(f"argument 'input' must be Tensor, not {type(input).__name__}")
    return (tuple(input.shape), input.dtype if dtype is None else _core.check_dtype(dtype),
            input.device if device is None else device)


def _like_strides(input: TensorBase, memory_format: Any, name: str) -> tuple | None:
    """The strides of ``name(input, memory_format=...)``'s result (``None``: row-major)."""
    if memory_format is None and input._data.flags.c_contiguous:
        return None
    return like_strides(input, memory_format_argument(memory_format, name))


def zeros_like(input, *, dtype: DType | None = None, layout=None, device: Any = None,
               requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    return _filled("zeros", shape, 0, dtype, device, requires_grad,
                   strides=_like_strides(input, memory_format, "zeros_like"))


def ones_like(input, *, dtype: DType | None = None, layout=None, device: Any = None,
              requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    return _filled("ones", shape, 1, dtype, device, requires_grad,
                   strides=_like_strides(input, memory_format, "ones_like"))


def empty_like(input, *, dtype: DType | None = None, layout=None, device: Any = None,
               requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    return _filled("empty", shape, None, dtype, device, requires_grad,
                   strides=_like_strides(input, memory_format, "empty_like"))


def full_like(input, fill_value: Any, *, dtype: DType | None = None, layout=None, device: Any = None,
              requires_grad: bool = False, memory_format=None):
    shape, dtype, device = _like(input, dtype, device)
    return _filled("full", shape, _fill_value(fill_value, dtype, shape), dtype, device, requires_grad,
                   strides=_like_strides(input, memory_format, "full_like"))


def _number(value: Any, name: str):
    """An arange bound as a Python number (complex ones kept: refused after the dtype, as in PyTorch)."""
    if isinstance(value, TensorBase):
        return value.item()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, builtins.complex, np.integer, np.floating, np.complexfloating)):
        return value
    raise TypeError(f"arange(): argument '{name}' must be Number, not {type(value).__name__}")


def _as_printed(value: float) -> str:
    """A double as C++'s ``operator<<`` prints it (six significant digits), as PyTorch's messages do."""
    return f"{value:g}"


def arange(start: Any = 0, end: Any = None, step: Any = 1, *, out=None, dtype: DType | None = None,
           layout=None, device: Any = None, requires_grad: bool = False):
    """Values ``start, start+step, …`` below ``end``; int64 unless an argument is a float. As PyTorch: an
    int64 result truncates the three numbers first; other integer results count the elements from the
    numbers as given and step by their truncations (``arange(-1, 5, 0.5, dtype=int32)`` repeats -1)."""
    if end is None:
        start, end = 0, start
    start, end, step = _number(start, "start"), _number(end, "end"), _number(step, "step")
    all_integers = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
    dtype = factory_dtype(dtype, _core.int64 if all_integers else _core.get_default_dtype(), out)
    refuse_range_dtype("arange", dtype, complex_too=True)
    if any(isinstance(v, (builtins.complex, np.complexfloating)) for v in (start, end, step)):
        raise _core.overflow_error("float64")   # the bounds are read as doubles
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_as_printed(start)} -> {_as_printed(end)}")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is _core.int64 and not all_integers:
        start, end, step = int(start), int(end), int(step)
        if step == 0:
            raise ValueError("step must be nonzero")
        all_integers = True
    count = -((start - end) // step) if all_integers else math.ceil((end - start) / step)
    if all_integers:
        values = start + step * np.arange(count, dtype=np.int64)
    elif not (dtype.is_floating_point or dtype.is_complex):   # counted as given, stepped by the truncations
        values = int(start) + int(step) * np.arange(count, dtype=np.int64)
    else:
        values = start + step * np.arange(count, dtype=np.float64)
    device = _device_or_cpu(device)
    result = _finish(to_device_array(values.astype(dtype.numpy_dtype), device), dtype, device, requires_grad)
    return result if out is None else _core.copy_into_out(result, out, "arange")


# ---- ranges -----------------------------------------------------------------------------------------
def _range_endpoint(value: Any, name: str):
    if isinstance(value, TensorBase):
        if value.numel() != 1 or value.dim() != 0:
            raise RuntimeError(f"linspace only supports 0-dimensional start and end tensors, but got {name} with "
                               f"{value.dim()} dimension(s).")
        return value.item()
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, float, builtins.complex, np.number)):
        return value
    raise TypeError(f"linspace(): argument '{name}' must be Number, not {type(value).__name__}")


def linspace_values(start: Any, end: Any, steps: int, dtype: DType, fused: bool = True) -> np.ndarray:
    """PyTorch's symmetric evaluation: the first half steps up from ``start``, the second half down
    from ``end``, so both endpoints are exact; integer dtypes truncate the float values. Float values
    are ``fma(step, i, start)`` and ``fma(-step, steps - 1 - i, end)``, one rounding each, as PyTorch's
    build computes them for ``linspace`` (float16 values round each operation, as PyTorch's Half kernel
    does); ``fused=False`` rounds the product and the sum apart, as its ``logspace`` exponents are."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    compute = dtype.numpy_dtype if dtype.is_floating_point or dtype.is_complex else np.dtype(np.float64)
    if steps == 0:
        return np.empty(0, dtype=dtype.numpy_dtype)
    if not (dtype.is_floating_point or dtype.is_complex):   # PyTorch casts the endpoints to the type first
        start, end = int(start.real), int(end.real) if steps > 1 else 0
    if steps <= 1:
        return np.full(steps, start, dtype=compute).astype(dtype.numpy_dtype)
    start, end = compute.type(start), compute.type(end)
    step = (end - start) / compute.type(steps - 1)
    halfway = steps // 2
    if compute == np.float16 or not fused:   # (PyTorch's Half kernel rounds every product and sum to half)
        index = np.arange(steps).astype(compute)
        values = np.where(np.arange(steps) < halfway, start + step * index,
                          end - step * (compute.type(steps - 1) - index))
        return values.astype(dtype.numpy_dtype)
    if compute.kind == "c":     # each part as a real linspace (PyTorch's complex bits differ now and then)
        real = compute.type(0).real.dtype
        parts = [_linspace_halves(real.type(p(start)), real.type(p(end)), real.type(p(step)), steps, halfway)
                 for p in (np.real, np.imag)]
        return (parts[0] + 1j * parts[1]).astype(dtype.numpy_dtype)
    return _linspace_halves(start, end, step, steps, halfway).astype(dtype.numpy_dtype)


def _linspace_halves(start, end, step, steps: int, halfway: int) -> np.ndarray:
    """``fma(step, i, start)`` for ``i < halfway``, ``fma(-step, steps - 1 - i, end)`` after (real)."""
    from .kernels.fused_cpu import scaled_shift

    real = np.dtype(type(start))
    values = np.empty(steps, real)
    scaled_shift(np.arange(halfway, dtype=real), step, start, values[:halfway])
    scaled_shift(np.arange(steps - 1 - halfway, -1, -1, dtype=real), -step, end, values[halfway:])
    return values


def refuse_range_dtype(name: str, dtype: DType, complex_too: bool = False) -> None:
    """PyTorch's range kernels have no bool loop (``arange``/``range`` no complex one either)."""
    if dtype is _core.bool_ or (complex_too and dtype.is_complex):
        raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{_core.type_name(dtype)}'")


def _range_dtype(dtype: DType | None, out: Any, *endpoints: Any) -> DType:
    complex_endpoint = any(isinstance(v, (builtins.complex, np.complexfloating)) for v in endpoints)
    return factory_dtype(dtype, _core.default_complex_dtype() if complex_endpoint else _core.get_default_dtype(), out)


def _range_endpoints(name: str, start: Any, end: Any, steps: int, dtype: DType) -> tuple:
    """PyTorch's checks of linspace/logspace endpoints for ``dtype``, in its order: a complex endpoint
    into a real dtype, then (from 2 steps) no bool kernel; an integer dtype takes the endpoints through
    its checked conversion (truncated; NaN, inf and out-of-range refused), the start alone for 1 step."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if not dtype.is_complex and any(isinstance(v, (builtins.complex, np.complexfloating)) for v in (start, end)):
        inferred = _core.cpp_type_name(_core.default_complex_dtype())
        raise RuntimeError(f"torch.{name}(): inferred dtype {inferred} can't be safely cast to passed dtype "
                           f"{_core.type_name(dtype)}")
    if steps >= 2:
        refuse_range_dtype(name, dtype)
        start, end = checked_scalar(start, dtype), checked_scalar(end, dtype)   # float16 checked too
    elif steps and is_integral(dtype) and dtype is not _core.bool_:
        start = checked_scalar(start, dtype)
    if is_integral(dtype) and dtype is not _core.bool_ and steps:
        start, end = int(start), int(end) if steps >= 2 else end
    return start, end


def linspace(start: Any, end: Any, steps: int, *, out=None, dtype: DType | None = None, layout=None,
             device: Any = None, requires_grad: bool = False):
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    steps = int_argument(steps, "linspace", "steps", 3)
    start, end = _range_endpoint(start, "start"), _range_endpoint(end, "end")
    dtype = _range_dtype(dtype, out, start, end)
    start, end = _range_endpoints("linspace", start, end, steps, dtype)
    if dtype is _core.bool_:    # 0 or 1 step: the start's truth
        values = np.full(steps, bool(start), dtype=np.bool_)
    else:
        values = linspace_values(start, end, steps, dtype)
    device = _device_or_cpu(device)
    result = _finish(to_device_array(values, device), dtype, device, requires_grad)
    return result if out is None else _core.copy_into_out(result, out, "linspace")


def logspace(start: Any, end: Any, steps: int, base: float = 10.0, *, out=None, dtype: DType | None = None,
             layout=None, device: Any = None, requires_grad: bool = False):
    """``base ** linspace(start, end, steps)``; into an integer dtype one step's value is checked, more
    steps' wrap (as PyTorch's kernel casts them)."""
    steps = int_argument(steps, "logspace", "steps", 3)
    start, end = _range_endpoint(start, "start"), _range_endpoint(end, "end")
    dtype = _range_dtype(dtype, out, start, end)
    if steps == 1 and not (dtype is _core.bool_ or dtype.is_complex):   # base ** start, checked into dtype
        _range_endpoints("logspace", start, end, 0, dtype)
        with _core.quiet_fp():
            power = float(np.power(np.float64(base), np.float64(start)))
        values = np.array([checked_scalar(power, dtype, unchecked_half=True)], dtype=dtype.numpy_dtype)
    else:
        start, end = _range_endpoints("logspace", start, end, steps, dtype)
        if steps == 1 and dtype.is_complex:   # (checked: a finite power too large for complex64 is refused)
            with _core.quiet_fp():
                power = builtins.complex(np.power(np.complex128(base), np.complex128(start)))
            if np.isfinite(power.real) and np.isfinite(power.imag):
                checked_scalar(power, dtype)
        compute = _core.complex128 if dtype.is_complex else _core.float64
        with _core.quiet_fp():
            values = np.power(compute.numpy_dtype.type(base), linspace_values(start, end, steps, compute, fused=False))
            values = (values != 0) if dtype is _core.bool_ else values.astype(dtype.numpy_dtype)
    device = _device_or_cpu(device)
    result = _finish(to_device_array(values, device), dtype, device, requires_grad)
    return result if out is None else _core.copy_into_out(result, out, "logspace")


# ---- matrices: eye, diag, tril/triu -----------------------------------------------------------------
_M_NOT_GIVEN = object()


def eye(n: int, m: int = _M_NOT_GIVEN, *, out=None, dtype: DType | None = None, layout=None, device: Any = None,
        requires_grad: bool = False, pin_memory: bool = False):
    """An ``n`` x ``m`` matrix with ones on the diagonal."""
    n = int_argument(n, "eye", "n", 1, symint=True)
    m = n if m is _M_NOT_GIVEN else int_argument(m, "eye", "m", 2, symint=True)   # (None is a TypeError)
    for name, value in (("n", n), ("m", m)):
        if value < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {value}")
    dtype = factory_dtype(dtype, _core.get_default_dtype(), out)
    device = _device_or_cpu(device)
    array = array_module(device).eye(int(n), int(m), dtype=dtype.numpy_dtype)
    result = _finish(array, dtype, device, requires_grad)
    return result if out is None else _core.copy_into_out(result, out, "eye")


def _require_tensor(value: Any, op: str) -> TensorBase:
    if not isinstance(value, TensorBase):
        raise TypeError(f"{op}(): argument 'input' (position 1) must be Tensor, not {type(value).__name__}")
    return value


def _recorded(name: str, input: TensorBase, params: dict, array, out=None):
    result = _core.wrap(array, input.dtype, input.device)
    _core.record(name, (input,), params, (result,))
    return result if out is None else _core.copy_into_out(result, out, name)


@tensor_method()
def diag(input, diagonal: int = 0, *, out=None):
    """A 1-D input becomes the ``diagonal``-th diagonal of a square matrix; a 2-D input gives that
    diagonal as a new 1-D tensor."""
    _require_tensor(input, "diag")
    diagonal = int_argument(diagonal, "diag", "diagonal", 2)
    if input.dim() not in (1, 2):
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.dim()}D")
    xp = array_module(input.device)
    array = xp.diag(input._data, diagonal)
    return _recorded("diag", input, {"diagonal": diagonal}, array.copy(), out)   # a copy, never a view


@tensor_method()
def diag_embed(input, offset: int = 0, dim1: int = -2, dim2: int = -1):
    """The last dimension of ``input`` placed on the ``offset`` diagonal of the planes ``dim1``/``dim2``
    of a new tensor with one more dimension."""
    _require_tensor(input, "diag_embed")
    offset = int_argument(offset, "diag_embed", "offset", 2)
    ndim = input.dim() + 1
    d1, d2 = normalize_dim(dim1, ndim), normalize_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    xp = array_module(input.device)
    data = input._data
    size = data.shape[-1] + abs(offset) if data.ndim else abs(offset) + 1
    batch = data.shape[:-1]
    square = xp.zeros(batch + (size, size), dtype=data.dtype)
    index = xp.arange(data.shape[-1] if data.ndim else 1)
    rows, cols = (index, index + offset) if offset >= 0 else (index - offset, index)
    square[..., rows, cols] = data if data.ndim else data[None]
    array = row_major(xp.moveaxis(square, (len(batch), len(batch) + 1), (d1, d2)))
    return _recorded("diag_embed", input, {"offset": offset, "dim1": d1, "dim2": d2}, array)


def _triangle(name: str, input: Any, diagonal: int, out=None, position: int = 2):
    _require_tensor(input, name)
    diagonal = int_argument(diagonal, name, "diagonal", position, symint=True)
    if input.dim() < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    xp = array_module(input.device)
    keep = getattr(xp, name)(xp.ones(input.shape[-2:], dtype=bool), diagonal)
    array = row_major(xp.where(keep, input._data, xp.zeros((), dtype=input._data.dtype)))
    return _recorded(name, input, {"diagonal": diagonal}, array, out)


@tensor_method()
def tril(input, diagonal: int = 0, *, out=None):
    """The lower triangle (on and below the ``diagonal``-th diagonal) of the last two dims; zeros elsewhere."""
    return _triangle("tril", input, diagonal, out)


@tensor_method()
def triu(input, diagonal: int = 0, *, out=None):
    """The upper triangle (on and above the ``diagonal``-th diagonal) of the last two dims; zeros elsewhere."""
    return _triangle("triu", input, diagonal, out)


def _triangle_inplace(name: str, self, diagonal: int):
    result = _triangle(name, self, diagonal, position=1)
    source, target = result._data, self._data

    def mutate():
        target[...] = source

    _core.record_inplace(name, self, (self,), {"diagonal": diagonal}, mutate)
    return self


@tensor_method()
def tril_(self, diagonal: int = 0):
    return _triangle_inplace("tril", self, diagonal)


@tensor_method()
def triu_(self, diagonal: int = 0):
    return _triangle_inplace("triu", self, diagonal)


def _triangle_indices(name: str, row: int, col: int, offset: int, dtype, device):
    row, col = int_argument(row, name, "row", 1), int_argument(col, name, "col", 2)
    offset = int_argument(offset, name, "offset", 3)
    for argument, value in (("row", row), ("col", col)):
        if value < 0:
            raise RuntimeError(f"{argument} must be non-negative, got{value}")   # (sic: no space)
    dtype = factory_dtype(dtype, _core.int64)
    if dtype not in (_core.int32, _core.int64):
        raise NotImplementedError(f"\"{name}\" not implemented for '{_core.type_name(dtype)}'")
    lower = name == "tril_indices"
    rows, cols = (np.tril_indices if lower else np.triu_indices)(row, offset, col)
    device = _device_or_cpu(device)
    array = np.stack([rows, cols]).astype(dtype.numpy_dtype).reshape(2, -1)
    return _finish(to_device_array(array, device), dtype, device, False)


def tril_indices(row: int, col: int, offset: int = 0, *, dtype: DType | None = None, device: Any = None,
                 layout=None):
    """The 2 x N (row, column) coordinates of the lower triangle of a ``row`` x ``col`` matrix."""
    return _triangle_indices("tril_indices", row, col, offset, dtype, device)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype: DType | None = None, device: Any = None,
                 layout=None):
    """The 2 x N (row, column) coordinates of the upper triangle of a ``row`` x ``col`` matrix."""
    return _triangle_indices("triu_indices", row, col, offset, dtype, device)


# ---- grids ----------------------------------------------------------------------------------------------
def _tensor_sequence(tensors: tuple, op: str) -> list:
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for t in tensors:
        if not isinstance(t, TensorBase):
            raise TypeError(f"{op}(): expected Tensor as element, but got {type(t).__name__}")
    return list(tensors)


def meshgrid(*tensors, indexing: str | None = None) -> tuple:
    """Coordinate grids from 1-D (or 0-d) tensors, as views expanding each one (``indexing`` "ij" or "xy")."""
    from .shape import expand, reshape
    tensors = _tensor_sequence(tensors, "meshgrid")
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing is None:
        import warnings
        warnings.warn("meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}")
    for t in tensors[1:]:
        if t.dtype is not tensors[0].dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
        _core.check_same_device(tensors[0], t)
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t.dim()}D")
    swap = indexing == "xy" and len(tensors) >= 2
    ordered = [tensors[1], tensors[0], *tensors[2:]] if swap else tensors
    shape = tuple(t.numel() for t in ordered)
    grids = []
    for axis, t in enumerate(ordered):
        column = [1] * len(ordered)
        column[axis] = -1
        grids.append(expand(reshape(t, column), *shape))
    if swap:   # "xy" is "ij" of the first two swapped, with the first two grids swapped back
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def cartesian_prod(*tensors):
    """Every combination of the elements of the 1-D ``tensors``, one per row (like ``itertools.product``)."""
    from .shape import reshape, stack
    tensors = _tensor_sequence(tensors, "cartesian_prod")
    for t in tensors:
        if t.dim() != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([reshape(g, (-1,)) for g in grids], dim=1)


# ---- complex numbers from parts --------------------------------------------------------------------------
def _complex_parts(op: str, first: Any, second: Any, names: tuple[str, str]):
    for name, value in zip(names, (first, second)):
        if not isinstance(value, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(value).__name__}")
    _core.check_same_device(first, second)
    if not all(t.dtype in (_core.float16, _core.float32, _core.float64) for t in (first, second)):
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got "
                           f"{_core.type_name(first.dtype)} and {_core.type_name(second.dtype)}")
    if first.dtype is not second.dtype:
        raise RuntimeError(f"Expected object of scalar type {_core.type_name(first.dtype)} but got scalar type "
                           f"{_core.type_name(second.dtype)} for second argument")
    try:
        np.broadcast_shapes(first.shape, second.shape)
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({list(first.shape)}) must match the size of tensor b "
                           f"({list(second.shape)}) at a non-singleton dimension") from None
    dtype = first.dtype.to_complex() if first.dtype is not _core.float16 else _core.complex64
    return dtype, array_module(first.device)


def _complex_result(op: str, inputs: tuple, array, dtype: DType, out):
    result = _core.wrap(array.astype(dtype.numpy_dtype, copy=False), dtype, inputs[0].device)
    _core.record(op, inputs, None, (result,))
    return result if out is None else _core.copy_into_out(result, out, op)


def _assembled(xp, real_part, imag_part, dtype: DType):
    """A complex array whose parts are exactly these (``x + 1j * y`` would turn -0.0 into 0.0 and
    ``1j * inf`` into nan + inf·j)."""
    array = xp.empty(np.broadcast_shapes(real_part.shape, imag_part.shape), dtype.numpy_dtype)
    array.real = real_part
    array.imag = imag_part
    return array


def complex(real, imag, *, out=None):
    """The complex tensor ``real + i * imag`` (float32 parts give complex64, float64 parts complex128)."""
    dtype, xp = _complex_parts("complex", real, imag, ("real", "imag"))
    array = _assembled(xp, real._data, imag._data, dtype)
    return _complex_result("complex", (real, imag), array, dtype, out)


def polar(abs, angle, *, out=None):  # noqa: A002  (PyTorch's parameter names)
    """The complex tensor with modulus ``abs`` and argument ``angle``."""
    dtype, xp = _complex_parts("polar", abs, angle, ("abs", "angle"))
    a, theta = abs._data, angle._data
    array = _assembled(xp, a * xp.cos(theta), a * xp.sin(theta), dtype)
    return _complex_result("polar", (abs, angle), array, dtype, out)


__all__ = ["tensor", "as_tensor", "asarray", "from_numpy", "zeros", "ones", "empty", "full",
           "zeros_like", "ones_like", "empty_like", "full_like", "arange", "linspace", "logspace", "eye", "diag",
           "diag_embed", "tril", "triu", "tril_indices", "triu_indices", "meshgrid", "cartesian_prod", "complex",
           "polar", "parse_size", "scalar_dtype", "inferred_dtype"]

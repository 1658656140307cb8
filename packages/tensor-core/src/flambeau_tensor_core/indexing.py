"""``Tensor.__getitem__`` / ``__setitem__`` with PyTorch's rules for ints, slices, ``None``, ``...``,
bool and integer tensors, lists and Python bools.

Basic indexing (ints, slices, ``None``, ``...``, 0-d integer tensors) returns a view sharing memory and
version counter with the indexed tensor, with PyTorch's strides (each part applied left to right, as
PyTorch does). An index with arrays is applied as PyTorch applies it: its basic parts first (a view),
then the arrays by NumPy/CuPy advanced indexing (a copy).

Autograd sees ``"getitem"`` with ``params={"index": index}``, ``index`` being a tuple that NumPy/CuPy
applies to the input's array to give exactly the result (integer/bool arrays in place of tensors;
where NumPy's placement of advanced dims would differ from PyTorch's, a pure integer-array index).
``__setitem__`` reports ``"setitem"`` through ``record_inplace`` with inputs ``(self, value)`` and the
same kind of params (``index`` is ``None`` when nothing requires grad).
"""
from __future__ import annotations

import re
import warnings
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, array_module_of, to_device_array
from ._core import TensorBase
from .kernels.indexing_dispatch import ufunc_at
from .pointwise import checked_scalar
from .tensor import Tensor, dim_size


def _index_part(part: Any, device) -> Any:
    """One index component as NumPy/CuPy understands it (tensors → arrays on ``device``)."""
    if isinstance(part, TensorBase):
        if part._dtype.category > 1:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        if part._data.ndim == 0 and part._dtype.category == 1 and part._dtype is not _core.uint8:
            return int(part.item())   # a 0-d integer tensor indexes like an int (and gives a view); uint8 is a mask
        array = part._data.astype(bool) if part._dtype is _core.uint8 else part._data
        return to_device_array(array, device)
    if isinstance(part, (bool, np.bool_)):
        return bool(part)
    if part is None or part is Ellipsis or isinstance(part, (int, np.integer)):
        return part if part is None or part is Ellipsis else int(part)
    if isinstance(part, slice):
        for bound in (part.start, part.stop, part.step):
            if isinstance(bound, TensorBase):
                return _index_part(slice(*(int(b.item()) if isinstance(b, TensorBase) else b
                                           for b in (part.start, part.stop, part.step))), device)
        if part.step is not None and part.step <= 0:
            raise ValueError("slice step cannot be zero" if part.step == 0 else "step must be greater than zero")
        return part
    if isinstance(part, (list, tuple)):
        return _sequence_index(part, device)
    if isinstance(part, str):   # PyTorch tries to make a tensor of it
        raise TypeError(f"new(): invalid data type '{type(part).__name__}'")
    if isinstance(part, np.ndarray) or _is_cupy_array(part):   # (formulas re-apply converted indices)
        if part.dtype.kind not in "biu":
            raise IndexError("arrays used as indices must be of integer (or boolean) type")
        return to_device_array(part, device)
    raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                     f"valid indices (got {type(part).__name__})")


def _is_cupy_array(part: Any) -> bool:
    return type(part).__module__.startswith("cupy") and hasattr(part, "__cuda_array_interface__")


def _sequence_index(part: list | tuple, device) -> Any:
    values = [v.tolist() if isinstance(v, TensorBase) else v for v in part]
    array = np.asarray(values)
    if array.dtype.kind not in "biu":
        if array.size == 0:
            array = array.astype(np.int64)
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                             f"are valid indices (got {type(part).__name__} of {array.dtype})")
    return to_device_array(array, device)


_SEQUENCE_AS_TUPLE_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in pytorch 2.9; "
    "use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor index, "
    "x[torch.tensor(seq)], which will result either in an error or a different result")


def _read_as_tuple(index: list) -> bool:
    """PyTorch's (and old NumPy's) rule: a short list holding a sequence, slice, tensor, ``...`` or
    ``None`` is the tuple of its items (``x[[0, [1]]]`` is ``x[0, [1]]``), with a deprecation warning."""
    if len(index) >= 32:
        return False
    for item in index:
        if isinstance(item, (TensorBase, list, tuple, slice, str)) or item is None or item is Ellipsis:
            warnings.warn(_SEQUENCE_AS_TUPLE_WARNING, UserWarning, stacklevel=4)
            return True
    return False


def array_index(index: Any, device=_core.CPU) -> tuple:
    """A flambeau index as a tuple NumPy (or CuPy, for a CUDA ``device``) understands."""
    if isinstance(index, tuple):
        parts = index
    elif isinstance(index, str) or (isinstance(index, list) and _read_as_tuple(index)):
        parts = tuple(index)
    else:
        parts = (index,)
    return tuple(_index_part(p, device) for p in parts)


def _is_basic(index: tuple) -> bool:
    return all(p is None or p is Ellipsis or isinstance(p, slice)
               or (isinstance(p, int) and not isinstance(p, bool)) for p in index)


def unsqueezed_array(array, dim: int):
    """``array`` with a size-1 dim at ``dim``, strided as PyTorch's ``unsqueeze`` strides it."""
    stride = array.shape[dim] * array.strides[dim] if dim < array.ndim else array.itemsize
    shape = array.shape[:dim] + (1,) + array.shape[dim:]
    strides = array.strides[:dim] + (stride,) + array.strides[dim:]
    return array_module_of(array).lib.stride_tricks.as_strided(array, shape=shape, strides=strides)


def _basic_view_array(data, index: tuple):
    """The view ``data[index]`` for a basic index, built part by part as PyTorch builds it."""
    consuming = sum(1 for p in index if p is not None and p is not Ellipsis)
    if consuming > data.ndim:
        raise IndexError(f"too many indices for tensor of dimension {data.ndim}")
    result, dim, ellipsis_seen = data, 0, False
    positions = getattr(index, "positions", None) or range(len(index))
    for part, position in zip(index, positions):
        if part is Ellipsis:
            if not ellipsis_seen:
                dim += data.ndim - consuming
            ellipsis_seen = True
        elif part is None:
            result = unsqueezed_array(result, dim)
            dim += 1
        elif isinstance(part, int):
            size = result.shape[dim]
            if not -size <= part < size:
                raise IndexError(f"index {part} is out of bounds for dimension {position} with size {size}")
            result = result[(slice(None),) * dim + (part, Ellipsis)]
        else:
            result = result[(slice(None),) * dim + (part, Ellipsis)]
            dim += 1
    return result


def _check_device_bounds(view, advanced: tuple) -> None:
    """CuPy wraps out-of-range integer indices around where NumPy raises: raise PyTorch's IndexError."""
    dim = 0
    for part in advanced:
        if isinstance(part, slice):
            dim += 1
        elif part.dtype == bool:
            dim += part.ndim
        else:
            size = view.shape[dim]
            if part.size:
                low, high = int(part.min()), int(part.max())
                if high >= size or low < -size:
                    raise _out_of_bounds(high if high >= size else low, _ordinal(advanced, dim), size)
            dim += 1


def _mask_mismatch(shape: tuple, index: tuple) -> str:
    """PyTorch's message for a boolean mask whose shape disagrees with the dims it indexes: the first
    disagreeing dim of the mask and the indexed tensor's dim it faces."""
    def consumed(part) -> int:
        if part is None or part is Ellipsis:
            return 0
        return part.ndim if hasattr(part, "dtype") and part.dtype == bool else 1
    ellipsis_width = len(shape) - sum(consumed(p) for p in index)
    dim = 0
    for part in index:
        if hasattr(part, "dtype") and part.dtype == bool:
            for j, size in enumerate(part.shape):
                if dim + j < len(shape) and size != shape[dim + j]:
                    return (f"The shape of the mask {list(part.shape)} at index {j} does not match the shape of the "
                            f"indexed tensor {list(shape)} at index {dim + j}")
        dim += ellipsis_width if part is Ellipsis else consumed(part)
    return f"The shape of the mask does not match the shape of the indexed tensor {list(shape)}"


def _advanced_error(error: IndexError, view, advanced: tuple) -> IndexError:
    """NumPy's IndexError from ``view[advanced]`` (``view``: the tensor after the basic parts) reworded
    the way PyTorch words it where we can tell which part failed."""
    message = str(error)
    if "boolean index did not match" in message:
        return IndexError(_mask_mismatch(view.shape, advanced))
    if "could not be broadcast together" in message:
        shapes = ", ".join(f"[{', '.join(n for n in shape.split(',') if n)}]"
                           for shape in re.findall(r"\(([\d,]*)\)", message))
        return IndexError(f"shape mismatch: indexing tensors could not be broadcast together with shapes {shapes}")
    bounds = re.match(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", message)
    if bounds:
        index, axis, size = (int(n) for n in bounds.groups())
        return _out_of_bounds(index, _ordinal(advanced, axis), size)
    return IndexError(message)


def _ordinal(advanced: tuple, axis: int) -> int:
    """Which index tensor (counting each dim of a mask as one) faces ``axis`` of the view: PyTorch's
    out-of-range message names that ordinal, not the axis."""
    ordinal, at = 0, 0
    for part in advanced:
        width = part.ndim if hasattr(part, "dtype") and part.dtype == bool else 1
        if hasattr(part, "dtype"):
            if at <= axis < at + width:
                return ordinal + axis - at
            ordinal += width
        at += width
    return axis


def _out_of_bounds(index: int, dim: int, size: int) -> IndexError:
    return IndexError(f"index {index} is out of bounds for dimension {dim} with size {size}")


class _BasicParts(tuple):
    """The basic parts of an index, with ``positions``: each part's place in the index as written
    (PyTorch names that place, not the dim, when an int is out of range)."""
    positions: tuple


def _split_advanced(index: tuple, ndim: int, xp) -> tuple[tuple, tuple]:
    """PyTorch's two steps for an index with arrays: the basic parts (ints, slices, ``None``) first, as
    a view, then the arrays alone over that view's dims (``slice(None)`` elsewhere). NumPy would count
    ints as advanced indices, which moves the result dims elsewhere when ints and arrays mix."""
    consuming = sum(p.ndim if p.dtype == bool else 1 for p in index if hasattr(p, "dtype")) + sum(
        1 for p in index if isinstance(p, slice) or (isinstance(p, int) and not isinstance(p, bool)))
    if consuming > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    basic, advanced, positions = [], [], []
    for position, part in enumerate(index):
        before = len(basic)
        if part is Ellipsis:
            fill = ndim - consuming
            basic.extend([slice(None)] * fill)
            advanced.extend([slice(None)] * fill)
            consuming = ndim   # a second ellipsis covers nothing
        elif isinstance(part, bool):   # a Python bool: a new dim, kept (True) or emptied (False)
            basic.append(None)
            advanced.append(xp.zeros(1 if part else 0, dtype=np.int64))
        elif isinstance(part, int):
            basic.append(part)
        elif part is None or isinstance(part, slice):
            basic.append(part)
            advanced.append(slice(None))
        else:
            covered = part.ndim if part.dtype == bool else 1
            basic.extend([slice(None)] * covered)
            advanced.append(part)
        positions.extend([position] * (len(basic) - before))
    parts = _BasicParts(basic)
    parts.positions = tuple(positions)
    return parts, tuple(advanced)


def _numpy_exact(index: tuple) -> bool:
    """Whether NumPy reads ``index`` as PyTorch does (no ints, ``None`` or Python bools beside arrays)."""
    return not any(p is None or isinstance(p, (int, bool)) for p in index)


def _coordinates(data, basic: tuple, advanced: tuple, xp) -> tuple:
    """A pure integer-array index equal to the two-step one: NumPy reads it the same way."""
    positions = xp.arange(data.size, dtype=np.int64).reshape(data.shape)
    picked = _basic_view_array(positions, basic)[advanced]
    return tuple(xp.unravel_index(picked, data.shape)) if data.ndim else (picked,)


def _resolve(data, idx: tuple, xp):
    """``(region_or_None, basic, advanced, numpy_index)`` for ``data[idx]``: ``region`` is the view for
    a basic index; otherwise ``numpy_index`` reproduces PyTorch's result with NumPy's rules."""
    if _is_basic(idx):
        return _basic_view_array(data, idx), idx, None, idx
    basic, advanced = _split_advanced(idx, data.ndim, xp)
    return None, basic, advanced, None


def _numpy_index(data, idx: tuple, basic: tuple, advanced: tuple, xp) -> tuple:
    return idx if _numpy_exact(idx) else _coordinates(data, basic, advanced, xp)


def getitem(self: TensorBase, index: Any):
    xp = array_module(self._device)
    idx = array_index(index, self._device)
    region, basic, advanced, recorded = _resolve(self._data, idx, xp)
    if region is not None:
        result = _core.make_view(self, region)
    else:
        view = _basic_view_array(self._data, basic)
        try:
            if xp is not np:
                _check_device_bounds(view, advanced)
            array = view[advanced]
        except IndexError as error:
            raise _advanced_error(error, view, advanced) from None
        if self._device.type == "cpu" and not isinstance(array, np.ndarray):
            array = np.asarray(array)
        result = _core.wrap(array, self._dtype, self._device)
        if self._requires_grad or _core.reports_all_ops():
            recorded = _numpy_index(self._data, idx, basic, advanced, xp)
    _core.record("getitem", (self,), {"index": recorded}, (result,))
    return result


def _check_value(self: TensorBase, value: Any):
    if isinstance(value, TensorBase):
        array = value._data
        if value._device != self._device:
            if array.ndim:
                _core.check_same_device(self, value)
            array = to_device_array(array, self._device)   # a 0-d tensor of another device is a scalar
        return array
    if isinstance(value, (bool, int, float, complex, np.integer)):   # np.float64/np.complex128 are float/complex
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and not -2**63 <= value < 2**63:
            raise ValueError("Overflow when unpacking long long")
        return checked_scalar(value, self._dtype, unchecked_half=True)   # 70000.0 into float16: inf
    kind = f"numpy.{type(value).__name__}" if isinstance(value, np.generic) else type(value).__name__
    raise TypeError(f"can't assign a {kind} to a {_core.type_name(self._dtype)}Tensor")


def _index_put_value(self: TensorBase, value: Any, region, advanced: tuple, xp, byte_mask: bool) -> None:
    """PyTorch's index_put rule for a value: a number or a one-element tensor under a single mask is
    written by masked_fill_ (which refuses a uint8 mask, ``byte_mask``) and cast, refusing complex into a
    real tensor; any other tensor must have ``self``'s dtype, checked after the shapes."""
    arrays = [p for p in advanced if hasattr(p, "dtype")]
    one_element = not isinstance(value, TensorBase) or value._data.size == 1
    if len(arrays) == 1 and arrays[0].dtype == bool and one_element:
        try:
            _advanced_shape(region, advanced, xp)    # the mask's shape is checked first
        except IndexError as error:
            raise _advanced_error(error, region, advanced) from None
        if byte_mask:
            raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")
        if (isinstance(value, TensorBase) and value._dtype.is_complex and not self._dtype.is_complex
                and self._dtype is not _core.bool_ and complex(value.item()).imag != 0):
            raise _core.overflow_error(self._dtype.name)   # masked_fill_ of value.item(): a lost imaginary part
    elif isinstance(value, TensorBase) and value._dtype is not self._dtype:
        try:
            shape = _advanced_shape(region, advanced, xp)
        except IndexError as error:
            raise _advanced_error(error, region, advanced) from None
        if _broadcast_or_none(value._data.shape, shape) != shape:
            _raise_shape_mismatch(value._data.shape, shape)
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{_core.type_name(self._dtype)} for the destination and "
                           f"{_core.type_name(value._dtype)} for the source.")


def _advanced_shape(region, advanced: tuple, xp) -> tuple:
    """The shape of ``region[advanced]``, read off a zero-strided stand-in (no gather of the data, and no
    bounds check: PyTorch compares a value's shape with the result's before it checks positions)."""
    sizes, parts, dim = list(region.shape), [], 0
    for part in advanced:
        if not hasattr(part, "dtype"):
            dim += 1
        elif part.dtype == bool:
            dim += part.ndim
        else:   # an integer array: zeros of its shape, facing a dim of at least one element
            sizes[dim] = max(sizes[dim], 1) if dim < len(sizes) else 1
            part = xp.zeros(part.shape, dtype=np.int64)
            dim += 1
        parts.append(part)
    stand_in = xp.lib.stride_tricks.as_strided(xp.zeros(1, np.int8), tuple(sizes), (0,) * len(sizes))
    return stand_in[tuple(parts)].shape


def _broadcast_or_none(shape: tuple, target: tuple) -> tuple | None:
    try:
        return np.broadcast_shapes(shape, target)
    except ValueError:
        return None


def _raise_shape_mismatch(shape: tuple, result_shape: tuple):
    raise RuntimeError(f"shape mismatch: value tensor of shape {list(shape)} cannot be broadcast to "
                       f"indexing result of shape {list(result_shape)}")


def index_put_writer(self: TensorBase, indices: tuple, values: TensorBase, accumulate: bool):
    """``index_put_``'s checks in PyTorch's order -- too many indices, the index dtypes, each bool mask
    against the dims it faces, ``values`` against the indexing result's shape, then the dtypes (skipped
    for a one-element value under a single mask, which PyTorch writes with masked_fill_) -- and
    ``(recorded_index, write)``: a NumPy index of the written elements, and the function writing (or
    adding) ``values`` into an array of ``self``'s layout (out-of-range positions raise there)."""
    if len(indices) > self._data.ndim:
        raise IndexError(f"too many indices for tensor of dimension {self._data.ndim} (got {len(indices)})")
    _check_index_put_masks(self._data.shape, indices)
    xp = array_module(self._device)
    idx = array_index(tuple(slice(None) if i is None else i for i in indices), self._device)
    region, basic, advanced, _ = _resolve(self._data, idx, xp)
    region = _basic_view_array(self._data, basic) if region is None else region
    try:
        shape = region.shape if advanced is None else _advanced_shape(region, advanced, xp)
    except IndexError as error:
        raise _advanced_error(error, region, advanced) from None
    arrays = [p for p in advanced or () if hasattr(p, "dtype")]
    if not accumulate and len(arrays) == 1 and arrays[0].dtype == bool and values._data.size == 1:
        if any(i is not None and i._dtype is _core.uint8 for i in indices):
            raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")
        if values._dtype.is_complex and not self._dtype.is_complex:
            raise _core.overflow_error(self._dtype.name)
        source = values._data.reshape(()).astype(self._data.dtype)
    else:
        if _broadcast_or_none(values._data.shape, shape) != shape:
            _raise_shape_mismatch(values._data.shape, shape)
        if values._dtype is not self._dtype:
            raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                               f"{_core.type_name(self._dtype)} for the destination and "
                               f"{_core.type_name(values._dtype)} for the source.")
        source = to_device_array(values._data, self._device)
    recorded = idx if advanced is None else _numpy_index(self._data, idx, basic, advanced, xp)

    def write(target):
        view = _basic_view_array(target, basic)
        try:
            if advanced is None:
                view[...] = view + source if accumulate else source
            elif accumulate:
                ufunc_at(xp, "add", target, recorded, xp.broadcast_to(source, shape))
            else:
                if xp is not np:
                    _check_device_bounds(view, advanced)
                view[advanced] = source
        except IndexError as error:
            raise _advanced_error(error, view, advanced) from None

    return recorded, write


def _check_index_put_masks(shape: tuple, indices: tuple) -> None:
    """PyTorch's walk over index_put's indices: index dtypes, and each bool/uint8 mask's sizes against
    the dims it faces (past the last dim, ``size()``'s IndexError)."""
    dim = 0
    for index in indices:
        if index is None:
            dim += 1
            continue
        if index._dtype.category > 1:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        if index._dtype is _core.bool_ or index._dtype is _core.uint8:
            for j, size in enumerate(index._data.shape):
                if size != dim_size(shape, dim + j):   # (past the last dim: size()'s IndexError)
                    raise IndexError(f"The shape of the mask {list(index._data.shape)} at index {j} does not match "
                                     f"the shape of the indexed tensor {list(shape)} at index {dim + j}")
            dim += index._data.ndim
        else:
            dim += 1


def setitem(self: TensorBase, index: Any, value: Any) -> None:
    source = _check_value(self, value)   # PyTorch makes the value a tensor before it reads the index
    if index is False:   # PyTorch's shortcut for a lone Python bool: False writes nothing, True is None
        return
    xp = array_module(self._device)
    idx = array_index(None if index is True else index, self._device)
    target = self._data
    region, basic, advanced, recorded = _resolve(target, idx, xp)
    if region is None:
        region = _basic_view_array(target, basic)
        parts = index if isinstance(index, tuple) else (index,)
        byte_mask = any(isinstance(p, TensorBase) and p._dtype is _core.uint8 for p in parts)
        _index_put_value(self, value, region, advanced, xp, byte_mask)
    if recorded is None:
        tracked = self._requires_grad or (isinstance(value, TensorBase) and value._requires_grad)
        if tracked or _core.reports_all_ops():
            recorded = _numpy_index(target, idx, basic, advanced, xp)

    def mutate():
        try:
            if advanced is None:
                region[...] = source
            else:
                if xp is not np:
                    _check_device_bounds(region, advanced)
                region[advanced] = source
        except ValueError:
            shape = getattr(source, "shape", ())
            if advanced is None and isinstance(value, TensorBase):   # copy_ into a view: expand's errors
                from .shape import expanded_shape, message_type

                expanded_shape(tuple(shape), region.shape, message_type(value))
            result_shape = region.shape if advanced is None else _advanced_shape(region, advanced, xp)
            _raise_shape_mismatch(shape, result_shape)
        except IndexError as error:
            raise _advanced_error(error, region, advanced) from None

    _core.record_inplace("setitem", self, (self, value), {"index": recorded}, mutate)


Tensor.__getitem__ = getitem
Tensor.__setitem__ = setitem

__all__: list[str] = []

"""Complex numbers seen as real ones and back: ``real``/``imag`` (also Tensor properties, settable),
``view_as_real``/``view_as_complex``, ``angle``, ``conj``/``conj_physical``/``resolve_conj``/
``resolve_neg``/``is_conj``/``is_neg``.

``real``, ``imag``, ``view_as_real`` and ``view_as_complex`` are views: they share memory and version
counter with their input (``t.imag.add_(1)`` changes ``t``), built over the NumPy/CuPy array with a
different element type. PyTorch's lazy conjugate and negative bits are not modelled: ``conj`` of a
complex tensor returns a conjugated copy, so ``is_conj``/``is_neg`` are always False and
``resolve_conj``/``resolve_neg`` return their input.

Autograd records ``real``, ``imag``, ``angle``, ``conj``, ``conj_physical`` (also for ``conj_physical_``),
``view_as_real`` and ``view_as_complex``, each with ``params=None``.
"""
from __future__ import annotations

import math
from typing import Any

from . import _core
from ._backend import array_module, array_module_of
from ._core import TensorBase
from .pointwise import check_same_dtype_out, finish, floating_dtype, require_tensor
from .tensor import Tensor, tensor_method


def _part_view(input: TensorBase, part: str) -> Tensor:
    """The ``real`` or ``imag`` array of a complex tensor as a float view, recorded as ``part``."""
    out = _core.make_view(input, getattr(input._data, part))
    _core.record(part, (input,), None, (out,))
    return out


def real(input: TensorBase) -> Tensor:
    """The real part of a complex tensor as a view sharing its memory; a real tensor itself."""
    require_tensor(input, "real")
    return _part_view(input, "real") if input._dtype.is_complex else input


def imag(input: TensorBase) -> Tensor:
    """The imaginary part of a complex tensor as a view sharing its memory."""
    require_tensor(input, "imag")
    if not input._dtype.is_complex:
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _part_view(input, "imag")


def _assign_part(getter):
    def setter(self: TensorBase, value: Any) -> None:
        part = getter(self)
        if isinstance(value, TensorBase):
            part.copy_(value)
        else:
            part.fill_(value)
    return setter


Tensor.real = property(real, _assign_part(real), doc="The real part (a view); assigning writes into it.")
Tensor.imag = property(imag, _assign_part(imag), doc="The imaginary part (a view); assigning writes into it.")


@tensor_method()
def angle(input, *, out=None):
    """The argument of each element: ``atan2(imag, real)`` for complex, 0 or π for real (NaN stays)."""
    require_tensor(input, "angle")
    xp = array_module(input._device)
    data = input._data
    if input._dtype.is_complex:
        d = input._dtype.to_real()
        array = xp.arctan2(data.imag, data.real)
    else:
        d = floating_dtype(input._dtype)
        values = data.astype(d.numpy_dtype, copy=False)
        # PyTorch: π for negatives, 0 otherwise (also for -0.0, unlike atan2), NaN propagates
        array = xp.where(values < 0, math.pi, 0.0).astype(d.numpy_dtype)
        if d.is_floating_point:
            array = xp.where(xp.isnan(values), values, array)
    # (a complex input's angle is copied into a row-major result, a real one's laid out by TensorIterator)
    array = xp.asarray(array, dtype=d.numpy_dtype)
    array = (array if array.flags.c_contiguous else array.copy(order="C")) if input._dtype.is_complex else \
        _core.laid_out_as_iterator(array, (data,))
    result = _core.wrap(array, d, input._device)
    _core.record("angle", (input,), None, (result,))
    return finish(result, out, "angle")


@tensor_method()
def conj(input: TensorBase) -> Tensor:
    """The complex conjugate. A real tensor is returned as is; for a complex one this is a conjugated
    copy (PyTorch returns a lazily conjugated view), so writes to it do not reach ``input``."""
    require_tensor(input, "conj")
    if not input._dtype.is_complex:
        return input
    return _conjugated_copy(input, "conj")


def _conjugated_copy(input: TensorBase, name: str) -> Tensor:
    result = _core.wrap(input._data.conj(), input._dtype, input._device)
    _core.record(name, (input,), None, (result,))
    return result


@tensor_method()
def conj_physical(input: TensorBase, *, out=None) -> Tensor:
    """The complex conjugate, always materialised (a real tensor is returned as is)."""
    require_tensor(input, "conj_physical")
    check_same_dtype_out(out, input._dtype)
    result = _conjugated_copy(input, "conj_physical") if input._dtype.is_complex else input
    if out is not None and not input._dtype.is_complex:    # (its out= kernel lays a copy out as TensorIterator)
        result = _core.wrap(_core.laid_out_as_iterator(input._data, (input._data,)), input._dtype, input._device)
    return finish(result, out, "conj_physical")


@tensor_method()
def conj_physical_(self: TensorBase) -> Tensor:
    """Conjugate ``self`` in place (nothing to do for a real tensor)."""
    if self._dtype.is_complex:
        target = self._data
        xp = array_module(self._device)

        def mutate():
            xp.conjugate(target, out=target)

        _core.record_inplace("conj_physical", self, (self,), None, mutate)
    return self


@tensor_method()
def resolve_conj(input: TensorBase) -> Tensor:
    """``input`` itself: flambeau never holds a lazily conjugated tensor (see the module docstring)."""
    return require_tensor(input, "resolve_conj")


@tensor_method()
def resolve_neg(input: TensorBase) -> Tensor:
    """``input`` itself: flambeau never holds a lazily negated tensor."""
    return require_tensor(input, "resolve_neg")


@tensor_method()
def is_conj(input: TensorBase) -> bool:
    """Always False: ``conj`` materialises its result (see the module docstring)."""
    require_tensor(input, "is_conj")
    return False


@tensor_method()
def is_neg(input: TensorBase) -> bool:
    """Always False: flambeau has no lazy negative bit."""
    require_tensor(input, "is_neg")
    return False


def _strided(array, shape: tuple, strides: tuple):
    return array_module_of(array).lib.stride_tricks.as_strided(array, shape=shape, strides=strides)


def view_as_real(input: TensorBase) -> Tensor:
    """A complex tensor as a real view with a last dim of size 2 holding (real, imaginary)."""
    require_tensor(input, "view_as_real")
    if not input._dtype.is_complex:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    parts = input._data.real       # a float view with the complex strides, at the first real part
    array = _strided(parts, parts.shape + (2,), parts.strides + (parts.itemsize,))
    out = _core.make_view(input, array)
    _core.record("view_as_real", (input,), None, (out,))
    return out


def _check_complex_layout(input: TensorBase) -> None:
    """PyTorch's checks in its order: the dtype, a dim at all, the last dim's size and stride, the other
    strides and the offset; float16 (whose complex32 we lack) is refused last."""
    d = input._dtype
    if d not in (_core.float16, _core.float32, _core.float64):
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a "
                           f"tensor of scalar type: {_core.type_name(d)}")
    shape, strides = input.shape, input.stride()
    if not shape:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    if strides[-1] != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % 2 for s in strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if input.storage_offset() % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    if d is _core.float16:
        raise RuntimeError("view_as_complex: flambeau has no complex32 dtype for half tensors")


def view_as_complex(input: TensorBase) -> Tensor:
    """A real tensor whose last dim is (real, imaginary) pairs (size 2, stride 1) as a complex view."""
    require_tensor(input, "view_as_complex")
    _check_complex_layout(input)
    data = input._data
    complex_type = input._dtype.to_complex().numpy_dtype
    shape, strides = data.shape[:-1], data.strides[:-1]
    if data.size == 0:    # no memory to share
        array = array_module(input._device).empty(shape, dtype=complex_type)
    else:
        # the first (real, imag) pair as one complex element, then laid out with the outer strides
        first = _strided(data, (2,), (data.itemsize,)).view(complex_type)
        array = _strided(first, shape, strides)
    out = _core.make_view(input, array)
    _core.record("view_as_complex", (input,), None, (out,))
    return out


__all__ = ["real", "imag", "angle", "conj", "conj_physical", "resolve_conj", "resolve_neg", "is_conj",
           "is_neg", "view_as_real", "view_as_complex"]

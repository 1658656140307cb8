"""Arithmetic and comparison as functions and methods: ``add``/``sub``/``mul``/``div``/``floor_divide``/
``remainder``/``pow``, comparisons, their in-place ``_`` forms and ``out=``.

The work is done by the Cython fast path in ``_core`` (the same one behind ``+``, ``-``, ``==`` …);
this module adds PyTorch's function signatures on top (``alpha=``, ``rounding_mode=``, aliases).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase, dtype as DType
from .kernels.elementwise_cpu import scaled_add_op
from .pointwise import (
    _INT64_MIN,
    check_inplace_dtype,
    check_same_dtype_out,
    checked_scalar,
    detached,
    iterator_shape,
    require_output_shape,
    require_tensor,
    scalar_argument,
    write_inplace,
)
from .tensor import tensor_method


def _checked_alpha(alpha: Any, input: Any, other: Any, subtracting: bool = False) -> Any:
    """``alpha`` checked against the result dtype as PyTorch's ``alpha_check`` does (no bool alpha but
    for bool results, no float alpha for integer results, no complex alpha for real ones), then
    converted to that dtype (c10's checked conversion: 256 does not fit uint8, -1 wraps). PyTorch's
    ``sub`` is ``add`` with ``-alpha``, so there the negated value must fit (sub of int32 takes 2**31);
    the alpha returned then is the negation of that conversion, wrapped into an integer dtype."""
    d = _core.result_type(input, other)
    if type(alpha) is float and d.is_floating_point:   # an optimizer's step size: nothing to refuse
        return checked_scalar(alpha, d)                # (a float's range check is symmetric: sub too)
    value = scalar_argument(alpha)
    if isinstance(value, bool) and d is not _core.bool_:
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if not (d.is_floating_point or d.is_complex) and not isinstance(value, int):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    if not d.is_complex and isinstance(value, complex):
        raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex number.")
    if not subtracting or isinstance(value, bool):
        return checked_scalar(value, d)
    negated = value if value == _INT64_MIN else -value   # (an int64 Scalar's negation wraps there)
    converted = checked_scalar(negated, d)
    if not isinstance(converted, int):
        return -converted
    bits = 8 * np.dtype(d.numpy_dtype).itemsize
    wrapped = -converted % (1 << bits)
    return wrapped - (1 << bits) if d.is_signed and wrapped >= 1 << (bits - 1) else wrapped



def _checks_before_alpha(name: str, input: Any, other: Any, target: Any = None, inplace: bool = False) -> DType:
    """The checks add/sub make before their ``alpha_check`` (div before its rounding kernels), in PyTorch's
    order: sub's bool refusal, then TensorIterator's (overlaps, shapes, the in-place target's shape, the
    target's dtype); the result dtype."""
    if name == "sub" and isinstance(input, TensorBase):
        _core.check_subtraction(input, other)
    d = _core.result_type(input, other)
    if inplace:
        _core.check_internal_overlap(target)
        _core.check_partial_overlap(target, (other,) if isinstance(other, TensorBase) else ())
        require_output_shape(target, iterator_shape(input, other))
    else:
        if isinstance(target, TensorBase):
            _core.check_out_overlap(target, (input, other))
        iterator_shape(input, other)
    if isinstance(target, TensorBase) and not (target._requires_grad or getattr(other, "_requires_grad", False)
                                               or getattr(input, "_requires_grad", False)):
        _core.check_result_fits(d, target)
    return d


def _scaled(other: Any, alpha: Any, d: DType) -> Any:
    """``alpha * other`` in the result dtype ``d`` (an int8 tensor times 2.0 stays in a float16 sum's type)."""
    if alpha == 1:
        return other
    if isinstance(other, TensorBase) and other._dtype is not d:
        other = other.to(d)
    return other * alpha


def _fusable(input: Any, other: Any, alpha: Any, shape: tuple | None = None) -> tuple | None:
    """The operands of ``input + alpha * other`` as C-contiguous arrays of the result shape (``shape``
    for in-place ops), when PyTorch computes it as one fused multiply-add per element and so does our
    kernel: two CPU float32/float64 tensors of one dtype and a real Python number ``alpha``; else None."""
    if not (isinstance(input, TensorBase) and isinstance(other, TensorBase)) or type(alpha) not in (int, float):
        return None
    if input._dtype is not other._dtype or input._dtype not in (_core.float32, _core.float64) or \
            input._device.type != "cpu" or other._device.type != "cpu":
        return None
    a, b = input._data, other._data
    if a.shape == b.shape and a.flags.c_contiguous and b.flags.c_contiguous:
        return a, b
    try:
        broadcast = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        return None         # the general path raises PyTorch's error
    if shape is not None and broadcast != shape:
        return None
    return tuple(np.ascontiguousarray(np.broadcast_to(array, broadcast)) for array in (a, b))


def _fused_add(name: str, input: Any, other: Any, alpha: Any, out: Any) -> Any:
    """``input ± alpha * other`` by the fused kernel, recorded as ``name`` with its ``alpha``; None when
    the operands do not fit (see :func:`_fusable`)."""
    arrays = _fusable(input, other, alpha)
    if arrays is None:
        return None
    array = scaled_add_op(*arrays, -alpha if name == "sub" else alpha)
    result = _core.wrap(_core.laid_out_as_iterator(array, (input._data, other._data)), input._dtype, input._device)
    _core.record(name, (input, other), {"alpha": alpha}, (result,))
    return result if out is None else _core.copy_into_out(result, out, name)


def _fused_add_inplace(name: str, self: TensorBase, other: Any, alpha: Any) -> TensorBase | None:
    """``self ±= alpha * other`` by the fused kernel, written into ``self``'s memory (directly when it is
    C-contiguous); None when it does not fit (``other`` must broadcast to ``self``'s shape)."""
    arrays = _fusable(self, other, alpha, self._data.shape)
    if arrays is None:
        return None
    _core.check_partial_overlap(self, (other,))
    target, (current, addend) = self._data, arrays
    factor = -alpha if name == "sub" else alpha

    def mutate():
        if current is target:
            scaled_add_op(target, addend, factor, target)
        else:
            target[...] = scaled_add_op(current, addend, factor)

    _core.record_inplace(name, self, (self, other), {"alpha": alpha}, mutate)
    return self


_NUMBERS = (bool, int, float, complex, np.number, np.bool_)


def _number_pair(input: Any, other: Any) -> Any:
    """``input`` as a 0-d tensor when both operands are numbers: PyTorch's add/sub/mul/div/floor_divide
    take two numbers (a 0-d result of the default dtypes: ``add(2, 3)`` is int64, ``div(2, 3)`` float)."""
    if isinstance(input, _NUMBERS) and isinstance(other, _NUMBERS):
        from .creation import tensor
        return tensor(input)
    return input


def _tensor_input(name: str, input: Any) -> None:
    """Comparisons take no number as ``input`` (PyTorch's overloads are (Tensor, Tensor|Number))."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


@tensor_method()
def add(input, other, *, alpha: Any = 1, out=None):
    """``input + alpha * other``."""
    input = _number_pair(input, other)
    if type(alpha) is int and alpha == 1:
        return _core.binary("add", input, other, out)
    scalar_argument(alpha)   # the argument parser's errors come before the op's
    d = _checks_before_alpha("add", input, other, out)
    alpha = _checked_alpha(alpha, input, other)
    fused = _fused_add("add", input, other, alpha, out)
    if fused is not None:
        return fused
    return _core.binary("add", input, _scaled(other, alpha, d), out)


@tensor_method()
def sub(input, other, *, alpha: Any = 1, out=None):
    """``input - alpha * other``."""
    input = _number_pair(input, other)
    if type(alpha) is int and alpha == 1:
        return _core.binary("sub", input, other, out)
    scalar_argument(alpha)   # the argument parser's errors come before the op's
    d = _checks_before_alpha("sub", input, other, out)
    alpha = _checked_alpha(alpha, input, other, subtracting=True)
    fused = _fused_add("sub", input, other, alpha, out)
    if fused is not None:
        return fused
    return _core.binary("sub", input, _scaled(other, alpha, d), out)


@tensor_method()
def mul(input, other, *, out=None):
    input = _number_pair(input, other)
    return _core.binary("mul", input, other, out)


_ROUNDING_MODES = (None, "trunc", "floor")


@tensor_method()
def div(input, other, *, rounding_mode: str | None = None, out=None):
    """True division, or rounded toward zero (``"trunc"``) or down (``"floor"``)."""
    input = _number_pair(input, other)
    if rounding_mode not in _ROUNDING_MODES:
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    if rounding_mode is None:
        return _core.binary("div", input, other, out)
    if isinstance(out, TensorBase) and isinstance(input, TensorBase):
        _checks_before_alpha("div", input, other, out)     # (TensorIterator's checks precede the kernel's)
    if rounding_mode == "floor":
        # recorded as div (zero gradients, PyTorch's DivBackward2), not as floor_divide, which has none
        result = _core.binary("floor_divide", *detached(input, other), None)
        _core.record("div", (input, other), {"rounding_mode": "floor"}, (result,))
        return result if out is None else _core.copy_into_out(result, out, "div")
    return _rounded_toward_zero(input, other, out)


def _rounded_toward_zero(input, other, out):
    x, y = detached(input, other)
    try:
        floored = _core.binary("floor_divide", x, y, None)
    except NotImplementedError as error:    # (the same refusals, by PyTorch's name of this kernel)
        raise NotImplementedError(str(error).replace("div_floor_cpu", "div_trunc_cpu")) from None
    if floored.dtype.is_floating_point:
        result = _core.wrap(np.trunc(_core.binary("div", x, y, None)._data), floored.dtype, floored.device)
    else:
        # scalars wrap into the result dtype first, as PyTorch's do (uint8 // -2 divides by 254)
        d = floored._data.dtype
        a = x._data if isinstance(x, TensorBase) else np.array(x).astype(d)
        b = y._data if isinstance(y, TensorBase) else np.array(y).astype(d)
        inexact = (np.remainder(a, b) != 0) & ((a < 0) != (b < 0))
        result = _core.wrap(np.asarray(floored._data + inexact.astype(floored._data.dtype)),
                            floored.dtype, floored.device)
    _core.record("div", (input, other), {"rounding_mode": "trunc"}, (result,))
    return result if out is None else _core.copy_into_out(result, out, "div")


@tensor_method()
def floor_divide(input, other, *, out=None):
    input = _number_pair(input, other)
    return _core.binary("floor_divide", input, other, out)


@tensor_method()
def remainder(input, other, *, out=None):
    """Python-style modulus: the result has the sign of the divisor."""
    return _core.binary("remainder", input, other, out)


@tensor_method()
def pow(input, exponent, *, out=None):
    return _core.binary("pow", input, exponent, out)


def _comparison(name: str):
    def compare(input, other, *, out=None):
        _tensor_input(name, input)
        return _core.binary(name, input, other, out)

    compare.__name__ = compare.__qualname__ = name
    compare.__doc__ = f"Elementwise ``{name}`` comparison; a bool tensor."
    return tensor_method()(compare)


eq = _comparison("eq")
ne = _comparison("ne")
lt = _comparison("lt")
le = _comparison("le")
gt = _comparison("gt")
ge = _comparison("ge")


_HOT_NAMES = {"true_divide": "div", "divide": "div", "multiply": "mul", "subtract": "sub"}


def _inplace(name: str, function):
    hot_name = _HOT_NAMES.get(name, name)

    def inplace(self, other, **kwargs):
        if not kwargs:   # the common call, straight to the compiled path
            return _core.binary_inplace(hot_name, self, other)
        alpha = kwargs.get("alpha", 1)
        if type(alpha) is not int or alpha != 1:
            scalar_argument(alpha)
        d = _checks_before_alpha(name, self, other, self, inplace=True)
        if type(alpha) is not int or alpha != 1:
            kwargs["alpha"] = _checked_alpha(alpha, self, other, subtracting=name == "sub")
            if name in ("add", "sub"):
                fused = _fused_add_inplace(name, self, other, kwargs["alpha"])
                if fused is not None:
                    return fused
            other = _scaled(other, kwargs.pop("alpha"), d)
        kwargs.pop("alpha", None)
        if kwargs.get("rounding_mode") is not None:
            result = function(*detached(self, other), **kwargs)
            return write_inplace("div", self, (other,), {"rounding_mode": kwargs["rounding_mode"]}, result)
        return _core.binary_inplace(hot_name, self, other)

    inplace.__name__ = inplace.__qualname__ = name + "_"
    inplace.__doc__ = f"In-place ``{name}``: writes into ``self`` and returns it."
    return tensor_method()(inplace)


add_ = _inplace("add", add)
sub_ = _inplace("sub", sub)
mul_ = _inplace("mul", mul)
div_ = _inplace("div", div)
floor_divide_ = _inplace("floor_divide", floor_divide)
remainder_ = _inplace("remainder", remainder)
pow_ = _inplace("pow", pow)
eq_ = _inplace("eq", eq)
ne_ = _inplace("ne", ne)
lt_ = _inplace("lt", lt)
le_ = _inplace("le", le)
gt_ = _inplace("gt", gt)
ge_ = _inplace("ge", ge)


@tensor_method()
def neg(input, *, out=None):
    require_tensor(input, "neg")
    _core.check_out_overlap(out, (input,))
    result = -input
    check_same_dtype_out(out, result.dtype)
    return result if out is None else _core.copy_into_out(result, out, "neg")


@tensor_method()
def abs(input, *, out=None):
    require_tensor(input, "abs")
    if isinstance(out, TensorBase):
        _core.check_out_overlap(out, (input,))
        # checked before the kernel's dtype refusal (bool), as PyTorch does
        if input.dtype.is_complex and not out.dtype.is_complex:
            # a complex input's magnitudes are cast into any real out that holds floats
            check_inplace_dtype(input.dtype.to_real(), out)
        else:
            check_same_dtype_out(out, input.dtype)
    result = input.__abs__()
    if out is None:
        return result
    if input.dtype.is_complex and out._data.shape != result._data.shape:
        result = result.contiguous()   # (a complex input's magnitudes go to a resized out= row-major)
    return _core.copy_into_out(result, out, "abs")


@tensor_method()
def copy_(self, src, non_blocking: bool = False):
    """Copy ``src`` (broadcast, cast, moved across devices) into ``self``'s memory."""
    if isinstance(src, (bool, int, float, complex, np.number)):
        src = _core.wrap(np.asarray(src))      # PyTorch fills with a Python number, cast to self's dtype
    if not isinstance(src, TensorBase):
        raise TypeError(f"copy_(): argument 'other' must be Tensor, not {type(src).__name__}")
    from ._backend import to_device_array
    try:
        broadcast = np.broadcast_shapes(src._data.shape, self._data.shape)
    except ValueError:
        broadcast = None
    if broadcast != self._data.shape:
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the broadcast shape "
                           f"of the copy source {list(src._data.shape)}")
    _core.check_partial_overlap(self, (src,))
    source = to_device_array(src._data, self.device)
    target = self._data

    def mutate():
        target[...] = source.astype(target.dtype, copy=False)

    _core.record_inplace("copy_", self, (self, src), None, mutate)
    return self


# PyTorch's aliases
subtract = tensor_method("subtract")(sub)
multiply = tensor_method("multiply")(mul)
divide = tensor_method("divide")(div)


@tensor_method()
def true_divide(input, other, *, out=None):
    input = _number_pair(input, other)
    return _core.binary("div", input, other, out)



negative = tensor_method("negative")(neg)
absolute = tensor_method("absolute")(abs)
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne
for _alias, _target in (("greater", gt), ("greater_equal", ge), ("less", lt), ("less_equal", le),
                        ("not_equal", ne)):
    tensor_method(_alias)(_target)

__all__ = ["add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "eq", "ne", "lt", "le", "gt",
           "ge", "neg", "abs", "subtract", "multiply", "divide", "true_divide", "negative", "absolute",
           "greater", "greater_equal", "less", "less_equal", "not_equal"]

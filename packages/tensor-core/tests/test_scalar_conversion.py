"""Oracle sweep: Python/NumPy numbers given to ops that convert a ``Scalar`` to a tensor's dtype.

Every op below is called with every value of ``VALUES`` on a small tensor of every dtype of ``DTYPES``
and compared with PyTorch 2.13 (values, dtypes, exception types). PyTorch converts the number with c10's
checked conversion ("value cannot be converted to type X without overflow"; flambeau's
``pointwise.checked_scalar``), but the ops differ in *which* type they convert to and in how the argument
is parsed. What the sweep pins down:

* parsing (every op but setitem): Python ints from -2**63 to 2**64 - 1 (OverflowError beyond, raised
  before any dtype check), NumPy integers within int64 (TypeError beyond); NumPy's bool and complex64
  scalars are read as floats (``clamp(int_tensor, np.True_)`` is float32, ``fill_(np.complex64(1+2j))``
  writes 1 even into a complex tensor);
* fill_/fill/masked_fill/index_fill/scatter/fill_diagonal_/hardshrink/threshold's value: the tensor's
  dtype; a negative integer wraps into uint8 (-1 -> 255, down to -255), a float truncates toward zero and
  must lie in the integer range (127.5 into int8, NaN and inf are refused), bool takes anything
  (``x != 0``), a complex number needs a zero imaginary part for a real dtype;
* addcmul/addcdiv ``value=``, lerp's weight and threshold's ``threshold``: float16 converts to float32
  (the op's compute type), so 2**31 or 1e30 is accepted there and refused by fill_;
* clamp/clamp_: number bounds never promote a floating input (a complex bound is converted: 1+0j passes),
  an integer input promotes (a float bound gives a float result); clamp_min/clamp_max promote always
  (1+0j is "not supported for complex types");
* setitem: integers must fit int64 (ValueError), NumPy scalars other than integers and
  float64/complex128 are a TypeError, and float16 takes the number through a double, unchecked
  (70000.0 becomes inf);
* where: the number is converted to the promoted dtype with checks (255 with an int8 tensor fails),
  float16 unchecked as in setitem;
* index_fill: a complex value into a real tensor is refused outright (even 1+0j);
* a 0-d tensor value: fill_ casts it like a copy (300 wraps into int8), masked_fill/index_fill check it.

add/sub's ``alpha`` is checked as PyTorch's ``alpha_check`` does (no bool alpha but for bool results, no
float alpha for integer results, no complex alpha for real ones) and converted with checks; ``sub`` is
``add`` with ``-alpha`` there, so sub on int32 takes 2**31 and refuses -2**31. full/full_like convert
their fill value as fill_ does.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.oracle

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64"]

VALUES = [0, -1, 255, 256, -129, -255, -256, 2**31, 2**63 - 1, 2**63, -2**63 - 1, 1.5, -1.5, 127.5, 255.5,
          70000.0, 1e30, 1e39, float("nan"), float("inf"), float("-inf"), True, False, 1 + 0j, 1 + 2j,
          np.int64(-1), np.int8(-1), np.uint8(200), np.float32(1.5), np.float64(np.nan), np.bool_(True),
          np.complex64(1 + 2j), np.complex128(1 + 2j)]


def _base(dtype: str) -> np.ndarray:
    if dtype == "bool":
        return np.array([True, False, True, False])
    return np.array([0, 1, 3, 2]).astype(dtype)


def _mask(lib):
    return lib.tensor([True, False, True, False])


def _index(lib):
    return lib.tensor([0, 2])


def _set(x, index, value):
    x[index] = value
    return x


OPS = {
    "fill_": lambda lib, x, v: x.fill_(v),
    "fill": lambda lib, x, v: lib.fill(x, v),
    "masked_fill": lambda lib, x, v: x.masked_fill(_mask(lib), v),
    "masked_fill_": lambda lib, x, v: x.masked_fill_(_mask(lib), v),
    "setitem_slice": lambda lib, x, v: _set(x, slice(0, 2), v),
    "setitem_int": lambda lib, x, v: _set(x, 1, v),
    "setitem_index": lambda lib, x, v: _set(x, _index(lib), v),
    "setitem_mask": lambda lib, x, v: _set(x, _mask(lib), v),
    "index_fill": lambda lib, x, v: x.index_fill(0, _index(lib), v),
    "index_fill_": lambda lib, x, v: x.index_fill_(0, _index(lib), v),
    "scatter": lambda lib, x, v: x.scatter(0, _index(lib), v),
    "fill_diagonal_": lambda lib, x, v: x.reshape(2, 2).fill_diagonal_(v),
    "full": lambda lib, x, v: lib.full((2,), v, dtype=x.dtype),
    "full_like": lambda lib, x, v: lib.full_like(x, v),
    "clamp": lambda lib, x, v: lib.clamp(x, min=v, max=v),
    "clamp_min": lambda lib, x, v: lib.clamp_min(x, v),
    "clamp_max": lambda lib, x, v: lib.clamp_max(x, v),
    "clamp_": lambda lib, x, v: x.clamp_(min=v),
    "clamp_max_": lambda lib, x, v: x.clamp_max_(v),
    "addcmul": lambda lib, x, v: lib.addcmul(x, x, x, value=v),
    "addcmul_": lambda lib, x, v: x.addcmul_(x, x, value=v),
    "addcdiv": lambda lib, x, v: lib.addcdiv(x, x, x + 1, value=v),
    "lerp": lambda lib, x, v: lib.lerp(x, x + 1, v),
    "threshold": lambda lib, x, v: lib.threshold(x, v, 7),
    "threshold_value": lambda lib, x, v: lib.threshold(x, 1, v),
    "threshold_": lambda lib, x, v: lib.threshold_(x, 1, v),
    "hardshrink": lambda lib, x, v: lib.hardshrink(x, v),
    "add_alpha": lambda lib, x, v: lib.add(x, x, alpha=v),
    "sub_alpha": lambda lib, x, v: lib.sub(x, x, alpha=v),
    "add_alpha_": lambda lib, x, v: x.add_(x, alpha=v),
    "where_other": lambda lib, x, v: lib.where(_mask(lib), x, v),
    "where_input": lambda lib, x, v: lib.where(_mask(lib), v, x),
}


def _compared(op: str, dtype: str, value) -> bool:
    """False where PyTorch's result has a dtype flambeau lacks: where(float16, complex) is complex32."""
    return not (op.startswith("where") and dtype == "float16" and isinstance(value, complex))


def _check_all(op: str, dtype: str) -> None:
    """Compare ``op`` with PyTorch for every value; report all mismatches at once."""
    failures = []
    for value in filter(lambda v: _compared(op, dtype, v), VALUES):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")   # NumPy's ComplexWarning for np.complex64, in both libraries
                oracle.check(lambda lib, x, v=value: OPS[op](lib, x, v), _base(dtype))
        except Exception as error:   # the oracle's mismatch, or flambeau raising where PyTorch did not
            failures.append(f"{value!r}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
    assert not failures, f"{op} on {dtype}:\n" + "\n".join(failures)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", sorted(OPS))
def test_scalar_argument_matches_pytorch(op, dtype):
    _check_all(op, dtype)


@pytest.mark.parametrize("value", [300, 2.5, -1, -129.5])
@pytest.mark.parametrize("op", ["fill_", "fill", "masked_fill", "index_fill"])
def test_zero_dim_tensor_value(op, value):
    """fill_ copies a 0-d tensor's value (wrapping); masked_fill and index_fill convert it with checks."""
    oracle.check(lambda lib, x: OPS[op](lib, x, lib.tensor(value)), np.zeros(4, np.int8))


def test_argument_parsing_comes_before_dtype_checks():
    """An out-of-range Python int is PyTorch's OverflowError even where the dtype is refused."""
    oracle.check(lambda lib, x: lib.clamp(x, min=-2**63 - 1), np.zeros(2, np.complex64))
    oracle.check(lambda lib, x: lib.addcmul(x, x, x, value=2**64), np.zeros(2, np.bool_))

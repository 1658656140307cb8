"""``tensor(data)`` for nested Python sequences, checked as PyTorch's ``torch.tensor`` checks them.

PyTorch infers the dtype over every item (``None`` cannot be inferred), reads the shape from the first
item at each depth and then stores every item: a sequence of another length is a ValueError naming its
dim, a number where a sequence belongs or a sequence where a number belongs is a TypeError, and with no
elements to store nothing else is looked at (``[[], [1]]`` is an empty 2x0 tensor). A tensor inside a
list is a number (its one element). Numbers bound for an integer dtype go through c10's
``checked_convert`` (uint8 takes negatives down to -255 by wrapping; NaN and out-of-range values are
refused) and Python ints beyond 64 bits are refused there; floating dtypes take any number.

NumPy converts the data in one pass; the Python walks here run only where NumPy could not (ragged
data, ``None``, strings, huge ints) to give PyTorch's outcome.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase, dtype as DType

_NUMBERS = (bool, int, float, complex, np.generic)


def sequence_array(data: list | tuple, dtype: DType | None, inferred: DType | None) -> tuple[np.ndarray, DType]:
    """``data`` as a host array of ``dtype`` (or of ``inferred``, PyTorch's inference for sequences
    holding tensors or NumPy values, or else the inference from the numbers themselves) and that dtype."""
    if inferred is not None and _holds_tensor(data):   # (``inferred`` is given when tensors may be inside)
        data = _tensors_as_numbers(data)
    try:
        raw = np.array(data)
    except (ValueError, TypeError):
        raw = None
    if raw is None or raw.dtype.kind in "OUS":
        return _slow_path(data, dtype, inferred)
    if raw.dtype.kind in "fu" and raw.size and (raw.max() >= 2**63 or raw.min() < -2**63):
        _check_huge_ints(data, dtype or inferred)   # NumPy read ints beyond int64 as uint64 or float64
    if dtype is None:
        dtype = inferred or dtype_of_kind(raw.dtype.kind)
    return _converted(raw, dtype, data), dtype


def _check_huge_ints(data: Any, dtype: DType | None) -> None:
    """PyTorch refuses a Python int beyond 64 bits bound for an integer dtype, or for the int64 it infers
    when no float or complex number is beside it."""
    leaves = list(_leaves(data))
    if not any(type(v) is int and not -2**63 <= v < 2**63 for v in leaves):
        return
    if dtype is None:
        integral = not any(isinstance(v, (float, complex, np.inexact)) for v in leaves)
    else:
        integral = np.dtype(dtype.numpy_dtype).kind in "iu"
    if integral:
        raise ValueError("Overflow when unpacking long long")


def _leaves(data: Any):
    """The numbers of nested sequences in row-major order."""
    if isinstance(data, (list, tuple)):
        for item in data:
            yield from _leaves(item)
    else:
        yield data


def _holds_tensor(data: Any) -> bool:
    return isinstance(data, TensorBase) or (isinstance(data, (list, tuple)) and any(map(_holds_tensor, data)))


def _tensors_as_numbers(data: Any) -> Any:
    if isinstance(data, TensorBase):
        if data.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return data.item()
    if isinstance(data, (list, tuple)):
        return [_tensors_as_numbers(item) for item in data]
    return data


def dtype_of_kind(kind: str) -> DType:
    """PyTorch's inference from Python numbers: bool, int64, the default float and complex dtypes."""
    if kind == "b":
        return _core.bool_
    if kind in "iu":
        return _core.int64
    if kind == "f":
        return _core.get_default_dtype()
    return _core.default_complex_dtype()


def _converted(raw: np.ndarray, dtype: DType, data: Any) -> np.ndarray:
    """``raw`` (NumPy's reading of the numbers) in ``dtype``, refusing what PyTorch's store refuses."""
    target = np.dtype(dtype.numpy_dtype)
    if target.kind in "iu":
        if raw.dtype.kind == "c":
            raise TypeError("'complex' object cannot be interpreted as an integer")
        _check_fits_integer(raw, dtype, data)
    elif target.kind == "f" and raw.dtype.kind == "c":
        raise TypeError("must be real number, not complex")
    with np.errstate(over="ignore"):   # 1e40 into float32 is inf, silently, as in PyTorch
        return raw.astype(target, copy=False)


def _check_fits_integer(raw: np.ndarray, dtype: DType, data: Any) -> None:
    """c10's ``checked_convert`` into an integer type, over the whole array at once: a Python int may be
    negative down to ``-max`` for an unsigned type (it wraps), a float may not."""
    info = np.iinfo(dtype.numpy_dtype)
    lowest = -info.max if info.min == 0 else info.min
    if raw.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            bad = np.isnan(raw) | (raw < info.min) | (raw > info.max)
            if info.min == 0 and bad.any() and not (bad & ~((raw >= lowest) & (raw == np.floor(raw)))).any():
                # each refused value could be an int NumPy read as a float: only the floats among them fail
                leaves = np.fromiter(_leaves(data), dtype=object, count=raw.size)
                bad &= np.fromiter((not isinstance(v, int) for v in leaves), dtype=bool, count=raw.size).reshape(
                    raw.shape)
    elif raw.dtype.kind in "iu":
        bad = (raw < lowest) | (raw > info.max)
    else:
        return
    if bad.any():   # (torch.tensor's store names the type as the dtype, not as C++ does)
        raise RuntimeError(f"value cannot be converted to type {dtype.name} without overflow")


# ---- the slow path: what NumPy could not read --------------------------------------------------
def _slow_path(data: list | tuple, dtype: DType | None, inferred: DType | None) -> tuple[np.ndarray, DType]:
    data = _tensors_as_numbers(data)
    if dtype is None:
        dtype = inferred or _infer(data)
    sizes = _sizes_from_first_items(data)
    if int(np.prod(sizes)) == 0:
        return np.empty(sizes, dtype.numpy_dtype), dtype
    _check_items(data, sizes, 0, dtype)
    # only Python ints beyond 64 bits are left: floating and bool dtypes take them, integers do not
    kind = np.dtype(dtype.numpy_dtype).kind
    if kind in "iu":
        raise ValueError("Overflow when unpacking long long")
    return np.array(data, dtype=object).astype(dtype.numpy_dtype), dtype


def _infer(data: Any) -> DType:
    """PyTorch's inference over every item: the widest of bool < int64 < float < complex."""
    order = (_core.bool_, _core.int64, _core.get_default_dtype(), _core.default_complex_dtype())
    widest = 0

    def visit(item: Any) -> None:
        nonlocal widest
        if isinstance(item, (list, tuple)) and not item:   # an empty sequence counts as the default float
            widest = max(widest, 2)
        elif isinstance(item, (list, tuple)):
            for inner in item:
                visit(inner)
        elif item is None:
            raise RuntimeError("Could not infer dtype of NoneType")
        elif isinstance(item, (bool, np.bool_)):
            pass
        elif isinstance(item, (int, np.integer)):
            widest = max(widest, 1)
        elif isinstance(item, (float, np.floating)):
            widest = max(widest, 2)
        elif isinstance(item, (complex, np.complexfloating)):
            widest = 3
        else:
            raise TypeError(f"new(): invalid data type '{type(item).__name__}'")

    visit(data)
    return order[widest]


def _is_sequence(item: Any) -> bool:
    return isinstance(item, (list, tuple, np.ndarray))


def _sizes_from_first_items(data: Any) -> list[int]:
    sizes = []
    while _is_sequence(data):
        sizes.append(len(data))
        if not len(data):
            break
        data = data[0]
    return sizes


def _check_items(item: Any, sizes: list[int], dim: int, dtype: DType) -> None:
    """PyTorch's store, element by element in row-major order: the structure, and each number's
    conversion (so a value refused early wins over a bad length later)."""
    if dim == len(sizes):
        if _is_sequence(item) or not isinstance(item, _NUMBERS):
            raise TypeError(_not_a_number(item, dtype))
        _check_number(item, dtype)
        return
    if not _is_sequence(item):
        raise TypeError("not a sequence")
    if len(item) != sizes[dim]:
        raise ValueError(f"expected sequence of length {sizes[dim]} at dim {dim} (got {len(item)})")
    for inner in item:
        _check_items(inner, sizes, dim + 1, dtype)


def _check_number(item: Any, dtype: DType) -> None:
    """One number stored into ``dtype``: complex into a real dtype is a TypeError; into an integer dtype
    a value out of range (NaN and infinities included) is the store's overflow error."""
    target = np.dtype(dtype.numpy_dtype)
    if isinstance(item, (complex, np.complexfloating)) and target.kind in "iuf":
        raise TypeError(_not_a_number(item, dtype))
    if target.kind in "iu" and not isinstance(item, (bool, np.bool_)) and not (type(item) is int and
                                                                               not -2**63 <= item < 2**63):
        _check_fits_integer(np.asarray(item), dtype, item)


def _not_a_number(item: Any, dtype: DType) -> str:
    name = type(item).__name__
    if np.dtype(dtype.numpy_dtype).kind in "fc":
        return f"must be real number, not {name}"
    return f"'{name}' object cannot be interpreted as an integer"

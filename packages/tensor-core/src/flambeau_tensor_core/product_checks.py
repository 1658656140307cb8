"""PyTorch's argument checks of the matrix products, op by op, in its order and words.

Each product refuses bad operands in its own sequence -- ranks, then shapes or dtypes, the bool kernel
last -- and ``matmul`` takes the checks of the product it lowers to (``dot``, ``mv``, ``mm`` on folded
batches, or ``bmm`` on broadcast ones). ``linalg_ops`` calls these before computing anything.
"""
from __future__ import annotations

import math

import numpy as np

from . import _core
from ._core import TensorBase
from .shape import expanded_shape, message_type, size_mismatch
from .tensor import dim_size


def _type(t: TensorBase) -> str:
    return _core.type_name(t._dtype)


def _cpp(t: TensorBase) -> str:
    return _core.cpp_type_name(t._dtype)


def _refuse_bool(t: TensorBase, kernel: str, out: TensorBase | None = None) -> None:
    """No bool kernel; an ``out=`` of another dtype than the result's is refused just before."""
    if out is not None:
        _core.require_out_dtype(out, t._dtype)
    if t._dtype is _core.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def size(t: TensorBase, dim: int) -> int:
    """``t.size(dim)`` with PyTorch's IndexErrors (products read sizes before they check ranks)."""
    return dim_size(t._data.shape, dim)


def _same_device(*tensors: TensorBase) -> None:
    for t in tensors[1:]:
        _core.check_same_device(tensors[0], t)


# ---- the plain products ------------------------------------------------------------------------------
def _mm_shapes(a_shape: tuple, b_shape: tuple) -> None:
    if a_shape[1] != b_shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a_shape[0]}x{a_shape[1]} and "
                           f"{b_shape[0]}x{b_shape[1]})")


def _mm_dtypes(a: TensorBase, b: TensorBase, out: TensorBase | None = None) -> None:
    """(With an empty operand no kernel runs: bool passes.)"""
    if out is not None:   # mm's out= is checked against the first operand before the operands agree
        _core.require_out_dtype(out, a._dtype)
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_cpp(a)} != {_cpp(b)}")
    if a._data.size and b._data.size:
        _refuse_bool(a, "addmm_impl_cpu_", out)


def _require_ranks(a: TensorBase, b: TensorBase, ndim: int, first: str, second: str) -> None:
    """Both operands of rank ``ndim``, or PyTorch's sentence for the first that is not."""
    for t, message in ((a, first), (b, second)):
        if t._data.ndim != ndim:
            raise RuntimeError(message)


def check_mm(a: TensorBase, b: TensorBase, out: TensorBase | None = None) -> None:
    _same_device(a, b)
    _require_ranks(a, b, 2, "self must be a matrix", "mat2 must be a matrix")
    _mm_shapes(a._data.shape, b._data.shape)
    _mm_dtypes(a, b, out)


def _bmm_shapes(a_shape: tuple, b_shape: tuple) -> None:
    batch, contraction = a_shape[0], a_shape[2]
    if tuple(b_shape[:2]) != (batch, contraction):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{batch}, {contraction}] "
                           f"but got: [{b_shape[0]}, {b_shape[1]}].")


def _bmm_dtypes(a: TensorBase, b: TensorBase, out: TensorBase | None = None, empty: bool = False,
                out_like: TensorBase | None = None) -> None:
    """bmm dispatches on the first operand's dtype (a bool one is refused first) and compares the
    second's; an empty result runs no kernel and checks no dtype. ``out=`` is checked first, against
    ``out_like`` (matmul's transposed form compares it with its second operand)."""
    if empty:
        return
    if out is not None:
        _core.require_out_dtype(out, (a if out_like is None else out_like)._dtype)
    _refuse_bool(a, "bmm")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected scalar type {_type(a)} but found {_type(b)}")


def check_bmm(a: TensorBase, b: TensorBase, out: TensorBase | None = None) -> None:
    _same_device(a, b)
    _require_ranks(a, b, 3, "batch1 must be a 3D tensor", "batch2 must be a 3D tensor")
    _bmm_shapes(a._data.shape, b._data.shape)
    _bmm_dtypes(a, b, out)


def _mv_mismatch(input_rows: int, mat_shape: tuple, vec_length: int) -> RuntimeError:
    """addmv's size error (mv's input is its own result, of the matrix's rows)."""
    return RuntimeError(f"size mismatch, got input ({input_rows}), mat ({mat_shape[0]}x{mat_shape[1]}), "
                        f"vec ({vec_length})")


def _mv_size(mat_shape: tuple, vec_length: int) -> None:
    if mat_shape[1] != vec_length:
        raise _mv_mismatch(mat_shape[0], mat_shape, vec_length)


def _mv_out_dtypes(mat: TensorBase, vec: TensorBase, out: TensorBase | None, rows: int, out_numel: int) -> None:
    """PyTorch's ``mv_out``: the out tensor serves as addmv's input only when it and the product hold one
    element (then its dtype is among addmv's); otherwise a fresh vector of ``vec``'s dtype does, and the
    out tensor's dtype is checked after."""
    if out is not None and out_numel == 1 and rows == 1 and out._data.ndim <= 1:
        _addmv_dtypes(out, mat, vec)
    else:
        _addmv_dtypes(vec, mat, vec, out)


def _addmv_dtypes(result: TensorBase, mat: TensorBase, vec: TensorBase, out: TensorBase | None = None) -> None:
    if not (result._dtype is mat._dtype is vec._dtype):
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_type(result)}, {_type(mat)}, "
                           f"and {_type(vec)}")
    if mat._data.size:   # (an empty matrix runs no kernel)
        _refuse_bool(mat, "addmv_impl_cpu", out)
    elif out is not None:
        _core.require_out_dtype(out, mat._dtype)


def check_mv(mat: TensorBase, vec: TensorBase, out: TensorBase | None = None) -> None:
    """``mv`` is PyTorch's ``addmv`` into ``out`` or a fresh vector of ``vec``'s dtype and ``mat.size(0)``
    rows."""
    _same_device(mat, vec)
    rows = size(mat, 0)
    if mat._data.ndim != 2 or vec._data.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {mat._data.ndim}, {vec._data.ndim}")
    _mv_size(mat._data.shape, vec._data.shape[0])
    _mv_out_dtypes(mat, vec, out, rows, 0 if out is None else out._data.size)


def check_vectors(a: TensorBase, b: TensorBase, out: TensorBase | None = None) -> None:
    """dot and vdot."""
    _same_device(a, b)
    if a._data.ndim != 1 or b._data.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a._data.ndim}D and {b._data.ndim}D tensors")
    if out is not None and out._dtype is not a._dtype:
        raise RuntimeError(f"result dtype {_type(out)} does not match input dtype {_type(a)}")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {_type(a)} and {_type(b)}")
    n, m = a._data.shape[0], b._data.shape[0]
    if n != m:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same number "
                           f"of elements, but got {n} and {m} elements respectively")
    _refuse_bool(a, "dot")


# ---- the fused forms: beta * input + alpha * product -------------------------------------------------
def _expand_input(input: TensorBase, shape: tuple) -> None:
    """The out-of-place forms expand ``input`` to the product's shape first: expand's errors."""
    expanded_shape(input._data.shape, shape, message_type(input))


def _addmm_dtypes(input: TensorBase, mat1: TensorBase, mat2: TensorBase) -> None:
    for first, t, name in ((input, mat2, "self"), (mat1, mat2, "mat1")):   # (PyTorch compares with mat2)
        if first._dtype is not t._dtype:
            raise RuntimeError(f"{name} and mat2 must have the same dtype, but got {_type(first)} and {_type(t)}")


def check_addmm(input: TensorBase, mat1: TensorBase, mat2: TensorBase) -> tuple:
    _same_device(input, mat1, mat2)
    _addmm_dtypes(input, mat1, mat2)
    for name, t in (("mat1", mat1), ("mat2", mat2)):
        if t._data.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {t._data.ndim}-D tensor")
    _mm_shapes(mat1._data.shape, mat2._data.shape)
    shape = (mat1._data.shape[0], mat2._data.shape[1])
    _expand_input(input, shape)
    _refuse_bool(mat1, "addmm_impl_cpu_")
    return shape


def check_addmv(input: TensorBase, mat: TensorBase, vec: TensorBase) -> tuple:
    _same_device(input, mat, vec)
    if mat._data.ndim != 2 or vec._data.ndim != 1 or input._data.ndim > 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input._data.ndim}, {mat._data.ndim}, "
                           f"{vec._data.ndim}")
    rows, length = mat._data.shape[0], vec._data.shape[0]
    if mat._data.shape[1] != length or input._data.size not in (rows, 1):
        # (PyTorch's message reads input.size(0): a 0-d input fails there)
        raise _mv_mismatch(size(input, 0), mat._data.shape, length)
    _addmv_dtypes(input, mat, vec)
    return (rows,)


def check_addbmm(input: TensorBase, batch1: TensorBase, batch2: TensorBase) -> tuple:
    _same_device(input, batch1, batch2)
    shape = (size(batch1, 1), size(batch2, 2))
    _expand_input(input, shape)
    _require_ranks(batch1, batch2, 3, "batch1 must be a 3D tensor", "batch2 must be a 3D tensor")
    (b1, n1, m1), (b2, n2, m2) = batch1._data.shape, batch2._data.shape
    if b1 != b2:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {b1} and {b2}")
    if m1 != n2:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({n1}x{m1} and {n2}x{m2})")
    _addmm_dtypes(input, batch1, batch2)   # (addbmm adds through addmm)
    _refuse_bool(batch1, "addmm_impl_cpu_")
    return shape


def check_baddbmm(input: TensorBase, batch1: TensorBase, batch2: TensorBase) -> tuple:
    _same_device(input, batch1, batch2)
    shape = (size(batch1, 0), size(batch1, 1), size(batch2, 2))
    _expand_input(input, shape)
    _require_ranks(batch1, batch2, 3, "batch1 must be a 3D tensor", "batch2 must be a 3D tensor")
    _bmm_shapes(batch1._data.shape, batch2._data.shape)
    if input._dtype is not batch1._dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {_cpp(input)}, batch1: {_cpp(batch1)}, "
                           f"batch2: {_cpp(batch2)}")
    if batch1._dtype is not batch2._dtype:
        raise RuntimeError(f"expected scalar type {_type(batch1)} but found {_type(batch2)}")
    _refuse_bool(batch1, "baddbmm")
    return shape


def check_addr(input: TensorBase, vec1: TensorBase, vec2: TensorBase) -> tuple:
    _same_device(input, vec1, vec2)
    for name, t in (("vec1", vec1), ("vec2", vec2)):
        if t._data.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {t._data.ndim}-D")
    shape = (vec1._data.shape[0], vec2._data.shape[0])
    _expand_input(input, shape)
    return shape


# ---- matmul: the checks of the product it lowers to --------------------------------------------------
def _should_fold(a: TensorBase, b: TensorBase, has_out: bool) -> bool:
    """PyTorch's ``should_fold``: whether matmul of a batch (the larger operand, transposed when it is
    the second) and a vector or matrix lowers to mm/mv of folded rows rather than to bmm. It folds when
    the smaller operand requires grad (without out=), never for a matrix times a batch otherwise, and
    when the batch's leading dims fold without a copy."""
    a_larger = a._data.ndim >= b._data.ndim
    big = a if a_larger else b
    shape, strides = list(big._data.shape), [s // big._data.itemsize for s in big._data.strides]
    if not a_larger:   # the second operand's mT
        shape[-2:], strides[-2:] = shape[-1:-3:-1], strides[-1:-3:-1]
    small_ndim = b._data.ndim if a_larger else a._data.ndim
    if not (len(shape) >= 3 and small_ndim in (1, 2)):
        return False
    if (b if a_larger else a)._requires_grad and not has_out:
        return True
    if a._data.ndim == 2:
        return False
    if math.prod(shape) == 0:
        return True
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(len(shape) - 2))


def check_matmul(a: TensorBase, b: TensorBase, out: TensorBase | None = None) -> None:
    """``matmul`` takes the checks of the product it lowers to, as PyTorch's matmul chooses it: dot, mv,
    mm, mm/mv of a batch's folded rows (see :func:`_should_fold`), or bmm of broadcast batches."""
    _same_device(a, b)
    da, db = a._data.ndim, b._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    sa, sb = a._data.shape, b._data.shape
    if da == 1 and db == 1:
        check_vectors(a, b, out)
    elif da == 2 and db == 1:
        _mv_size(sa, sb[0])
        _mv_out_dtypes(a, b, out, sa[0], 0 if out is None else out._data.size)
    elif da <= 2 and db == 2:
        _mm_shapes(sa if da == 2 else (1, sa[0]), sb)
        _mm_dtypes(a, b, out)
    elif _should_fold(a, b, out is not None):
        transpose = db > da
        big, small = (b, a) if transpose else (a, b)
        big_shape = tuple(sb[:-2]) + (sb[-1], sb[-2]) if transpose else tuple(sa)
        small_shape = tuple(reversed(sa)) if transpose and da == 2 else small._data.shape
        rows, inner = math.prod(big_shape[:-1]), big_shape[-1]
        if len(small_shape) == 2:
            _mm_shapes((rows, inner), small_shape)
            _mm_dtypes(big, small, out)
        else:
            _mv_size((rows, inner), small_shape[0])
            _addmv_dtypes(small if out is None else out, big, small)   # (a folded mv adds into out= itself)
    else:   # broadcast batches, then bmm (a vector operand as one row or one column)
        a_batch, b_batch = tuple(sa[:-2]), tuple(sb[:-2])
        message = size_mismatch(a_batch, b_batch)
        if message:
            raise RuntimeError(message)
        batch = math.prod(np.broadcast_shapes(a_batch, b_batch))
        rows = sa[-2] if da > 1 else 1
        contraction, cols = (sb[-2], sb[-1]) if db > 1 else (sb[0], 1)
        _bmm_shapes((batch, rows, sa[-1]), (batch, contraction, cols))
        _bmm_dtypes(a, b, out, empty=batch * rows * cols == 0, out_like=b)   # (out= is held to the second's)

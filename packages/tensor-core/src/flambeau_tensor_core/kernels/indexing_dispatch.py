"""Gathers and scatter-adds along one dim, on the fastest path each array allows.

CPU: the OpenMP kernels of ``indexing_cpu.pyx`` for float32/float64/int32/int64 arrays that can be seen
as 3-d ``(outer, n, inner)`` views without a copy; NumPy (``take_along_axis``, ``ufunc.at``) otherwise.
CUDA: the RawKernels of ``indexing_cuda.cu`` for C-contiguous arrays of those dtypes; CuPy otherwise.
A gather checks its index values itself (the CPU kernel as it reads them, in one pass); scatter-add and
index-add take index arrays already checked to lie in range, e.g. by :func:`in_range`.
"""
from __future__ import annotations

import math
import os

import numpy as np

from ._cuda_module import load_cuda_module

_KERNEL_DTYPES = {"float32": "float", "float64": "double", "int64": "long long", "int32": "int"}
_INDEX_TYPES = {"int64": "long long", "int32": "int"}
_KERNEL_MIN_SIZE = 1 << 15   # below this NumPy (take_along_axis, min/max) is as fast as a parallel loop
_SOURCE = os.path.join(os.path.dirname(__file__), "indexing_cuda.cu")


def _as_3d(array, dim: int):
    """``array`` viewed as ``(outer, size(dim), inner)`` without copying (strides whole items, as the
    kernels step in items), or ``None``."""
    shape = (math.prod(array.shape[:dim]), array.shape[dim], math.prod(array.shape[dim + 1:]))
    try:
        view = array.reshape(shape, copy=False)
    except (ValueError, TypeError):
        return None
    return view if all(stride % array.itemsize == 0 for stride in view.strides) else None


def _kernel_ready(*arrays) -> bool:
    return all(a.dtype.name in _KERNEL_DTYPES for a in arrays[::2]) and arrays[1].dtype.name in _INDEX_TYPES


def _is_numpy(array) -> bool:
    return isinstance(array, np.ndarray)


def _along(index, dim: int, xp) -> tuple:
    ndim = index.ndim
    return tuple(index if d == dim else xp.arange(s).reshape((1,) * d + (s,) + (1,) * (ndim - d - 1))
                 for d, s in enumerate(index.shape))


# ---- gather -------------------------------------------------------------------------------------
def gather(src, dim: int, index):
    """``out[..., j, ...] = src[..., index[..., j, ...], ...]`` along ``dim``; ``src`` already cut to
    ``index``'s shape in the other dims. ``None`` when some index lies outside ``[0, src.shape[dim])``."""
    if not _is_numpy(src):
        return _gather_cuda(src, dim, index) if in_range(index, src.shape[dim]) else None
    if src.dtype.name in _KERNEL_DTYPES and index.dtype.name in _INDEX_TYPES and index.size >= _KERNEL_MIN_SIZE:
        src3, index3 = _as_3d(src, dim), _as_3d(index, dim)
        if src3 is not None and index3 is not None:
            from .indexing_cpu import gather_dim

            out = np.empty(index.shape, dtype=src.dtype)
            return out if gather_dim(src3, index3, out.reshape(index3.shape)) == 0 else None
    return np.take_along_axis(src, index, axis=dim) if in_range(index, src.shape[dim]) else None


def in_range(index, size: int) -> bool:
    """Whether every value of the integer array ``index`` lies in ``[0, size)``."""
    if index.size >= _KERNEL_MIN_SIZE and _is_numpy(index) and index.dtype.name in _INDEX_TYPES:
        flat = index.reshape(-1, order="A") if index.flags.forc else None
        if flat is not None:
            from .indexing_cpu import count_out_of_range

            return count_out_of_range(flat, size) == 0
    return index.size == 0 or (int(index.min()) >= 0 and int(index.max()) < size)


def _launch(kernel_name: str, arrays_and_ints: tuple, total: int) -> None:

    if total == 0:
        return
    module = load_cuda_module(_SOURCE, _cuda_names())
    threads = 256
    blocks = min((total + threads - 1) // threads, 65535)
    module.get_function(kernel_name)((blocks,), (threads,), arrays_and_ints)


def _cuda_names() -> list[str]:
    return [f"{kernel}<{value}, {index}>" for kernel in ("gather_dim", "scatter_add_dim", "index_add_dim")
            for value in _KERNEL_DTYPES.values() for index in _INDEX_TYPES.values()] + [
        f"combine_at<{value}>" for value in _KERNEL_DTYPES.values()]


def _cuda_name(kernel: str, values, index) -> str:
    return f"{kernel}<{_KERNEL_DTYPES[values.dtype.name]}, {_INDEX_TYPES[index.dtype.name]}>"


def _gather_cuda(src, dim: int, index):
    import cupy

    if not (src.dtype.name in _KERNEL_DTYPES and index.dtype.name in _INDEX_TYPES):
        return cupy.take_along_axis(src, index, axis=dim)
    src = cupy.ascontiguousarray(src)
    index = cupy.ascontiguousarray(index)
    out = cupy.empty(index.shape, dtype=src.dtype)
    outer, inner = math.prod(index.shape[:dim]), math.prod(index.shape[dim + 1:])
    _launch(_cuda_name("gather_dim", src, index),
            (src, index, out, cupy.int64(outer), cupy.int64(src.shape[dim]), cupy.int64(index.shape[dim]),
             cupy.int64(inner)), out.size)
    return out


# ---- scatter_add --------------------------------------------------------------------------------
def scatter_add(target, dim: int, index, values) -> None:
    """``target[..., index[..., j, ...], ...] += values[..., j, ...]`` in place (``values``: index's shape)."""
    values = values if hasattr(values, "dtype") and values.shape == index.shape else _broadcast(values, index,
                                                                                               target.dtype)
    if _is_numpy(target):
        if _kernel_ready(target, index, values) and values.dtype == target.dtype:
            target3 = _as_3d(target[_cut(target, index, dim)], dim)
            index3, values3 = _as_3d(index, dim), _as_3d(values, dim)
            if target3 is not None and index3 is not None and values3 is not None:
                from .indexing_cpu import scatter_add_dim

                scatter_add_dim(target3, index3, values3)
                return
        np.add.at(target, _along(index, dim, np), values)
        return
    _scatter_add_cuda(target, dim, index, values)


def _broadcast(values, index, dtype):
    xp = np if _is_numpy(index) else _cupy()
    return xp.broadcast_to(xp.asarray(values, dtype=dtype), index.shape)


def _cupy():
    import cupy

    return cupy


def _cut(target, index, dim: int) -> tuple:
    return tuple(slice(None) if d == dim else slice(0, s) for d, s in enumerate(index.shape))


def _scatter_add_cuda(target, dim: int, index, values) -> None:
    import cupy

    if not (target.flags.c_contiguous and target.dtype.name in _KERNEL_DTYPES and index.dtype.name in _INDEX_TYPES
            and all(t == i for d, (t, i) in enumerate(zip(target.shape, index.shape)) if d != dim)):
        _combine_at_cuda("add", target, _along(index, dim, cupy), values)
        return
    index = cupy.ascontiguousarray(index)
    values = cupy.ascontiguousarray(values.astype(target.dtype, copy=False))
    outer, inner = math.prod(index.shape[:dim]), math.prod(index.shape[dim + 1:])
    _launch(_cuda_name("scatter_add_dim", target, index),
            (target, index, values, cupy.int64(outer), cupy.int64(target.shape[dim]),
             cupy.int64(index.shape[dim]), cupy.int64(inner)), index.size)


# ---- index_add ----------------------------------------------------------------------------------
def index_add(target, dim: int, positions, values) -> None:
    """``target[..., positions[j], ...] += values[..., j, ...]`` in place (``positions`` 1-d, in range,
    negative values already wrapped; ``values`` of ``target``'s dtype)."""
    if _is_numpy(target):
        if _kernel_ready(target, positions, values):
            target3, values3 = _as_3d(target, dim), _as_3d(values, dim)
            if target3 is not None and values3 is not None:
                from .indexing_cpu import index_add_dim

                index_add_dim(target3, positions, values3)
                return
        np.add.at(target, (slice(None),) * dim + (positions,), values)
        return
    _index_add_cuda(target, dim, positions, values)


def _index_add_cuda(target, dim: int, positions, values) -> None:
    import cupy

    if not (target.flags.c_contiguous and target.dtype.name in _KERNEL_DTYPES
            and positions.dtype.name in _INDEX_TYPES):
        _combine_at_cuda("add", target, (slice(None),) * dim + (positions,), values)
        return
    positions = cupy.ascontiguousarray(positions)
    values = cupy.ascontiguousarray(values)
    outer, inner = math.prod(values.shape[:dim]), math.prod(values.shape[dim + 1:])
    _launch(_cuda_name("index_add_dim", target, positions),
            (target, positions, values, cupy.int64(outer), cupy.int64(target.shape[dim]),
             cupy.int64(values.shape[dim]), cupy.int64(inner)), values.size)


# ---- ufunc.at --------------------------------------------------------------------------------------
_COMBINE_OPS = {"add": 0, "multiply": 1, "maximum": 2, "minimum": 3}   # CombineOp in indexing_cuda.cu


def ufunc_at(xp, reduce: str, target, index: tuple, values) -> None:
    """``target[index] <reduce>= values`` with repeated positions combined in turn (``ufunc.at``);
    ``reduce`` is ``add``, ``multiply``, ``maximum`` or ``minimum``. CUDA: the ``combine_at`` kernel
    (CuPy has no ``multiply.at``, and cupyx's scatter_max/min round float64 through float32)."""
    if xp is np:
        getattr(np, reduce).at(target, index, values)
    else:
        _combine_at_cuda(reduce, target, index, values)


def _combine_at_cuda(reduce: str, target, index: tuple, values) -> None:
    import cupy

    positions = cupy.ascontiguousarray(cupy.arange(target.size, dtype=cupy.int64).reshape(target.shape)[index])
    values = cupy.ascontiguousarray(cupy.broadcast_to(cupy.asarray(values, dtype=target.dtype), positions.shape))
    flat = target if target.flags.c_contiguous else cupy.ascontiguousarray(target)
    if target.dtype.name in _KERNEL_DTYPES:
        _launch(f"combine_at<{_KERNEL_DTYPES[target.dtype.name]}>",
                (flat, positions, values, cupy.int64(positions.size), cupy.int32(_COMBINE_OPS[reduce])),
                positions.size)
    else:   # int8/int16/uint8/bool/float16/complex: rare enough for a round trip through the host
        host = flat.get()
        getattr(np, reduce).at(host.reshape(-1), positions.get().reshape(-1), values.get().reshape(-1))
        flat[...] = cupy.asarray(host)
    if flat is not target:
        target[...] = flat

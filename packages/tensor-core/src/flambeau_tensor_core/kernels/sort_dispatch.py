"""Stable sorts, argsorts and top-k positions along one dim, on the fastest path each array allows.

CPU: float32/float64/int32/int64 arrays of at least ``_KERNEL_MIN_SIZE`` elements go to the OpenMP
radix sort of ``sort_cpu.pyx``, which writes the sorted values beside the positions (no second gather
pass); small arrays and other dtypes to NumPy's stable sort. CUDA: CuPy's sort (Thrust's stable
radix/merge sort), which already runs on the device. On the NumPy path descending order is the
ascending stable sort of the reversed dim, reversed back, which keeps equal elements in their original
order and puts NaN first, as PyTorch does.
"""
from __future__ import annotations

import numpy as np

_KERNEL_DTYPES = ("float32", "float64", "int64", "int32")
_KERNEL_MIN_SIZE = 1 << 15   # below this, thread start-up costs more than it saves
_KERNEL_MAX_ROW = 1 << 32    # the kernel keeps positions in uint32


def _module(array):
    if isinstance(array, np.ndarray):
        return np
    import cupy

    return cupy


def _stable_argsort(xp, data, dim: int):
    return xp.argsort(data, axis=dim, kind="stable") if xp is np else xp.argsort(data, axis=dim)


def _numpy_argsort(xp, data, dim: int, descending: bool):
    if not descending:
        return _stable_argsort(xp, data, dim)
    n = data.shape[dim]
    reversed_order = _stable_argsort(xp, xp.flip(data, axis=dim), dim)
    return (n - 1) - xp.flip(reversed_order, axis=dim)


def _kernel_ready(xp, data, dim: int) -> bool:
    return (xp is np and data.dtype.name in _KERNEL_DTYPES and data.size >= _KERNEL_MIN_SIZE
            and data.shape[dim] < _KERNEL_MAX_ROW)


def _sort_rows(data, dim: int, descending: bool, with_values: bool):
    """The kernel on ``data`` seen as rows along ``dim``: (sorted values or None, int64 positions)."""
    from .sort_cpu import sort_rows

    moved = np.moveaxis(data, dim, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    positions = np.empty(moved.shape, dtype=np.int64)
    values = np.empty(moved.shape, dtype=data.dtype) if with_values else None
    sort_rows(rows, None if values is None else values.reshape(rows.shape), positions.reshape(rows.shape),
              descending)
    return (None if values is None else np.moveaxis(values, -1, dim)), np.moveaxis(positions, -1, dim)


def argsort(data, dim: int, descending: bool):
    """int64 positions that stably sort ``data`` along ``dim`` (NaN largest)."""
    xp = _module(data)
    if _kernel_ready(xp, data, dim):
        return _sort_rows(data, dim, descending, with_values=False)[1]
    if data.dtype == np.bool_ and xp is not np:
        data = data.astype(np.uint8)
    return _numpy_argsort(xp, data, dim, descending).astype(np.int64, copy=False)


def sort(data, dim: int, descending: bool):
    """``(values, positions)``: ``data`` stably sorted along ``dim`` (NaN largest) and the int64
    positions its values came from."""
    xp = _module(data)
    if _kernel_ready(xp, data, dim):
        return _sort_rows(data, dim, descending, with_values=True)
    order = argsort(data, dim, descending)
    return xp.take_along_axis(data, order, axis=dim), order


def topk_order(data, k: int, dim: int, largest: bool):
    """int64 positions of the ``k`` largest (or smallest) elements along ``dim``, in sorted order."""
    xp = _module(data)
    n = data.shape[dim]
    if xp is np and 0 < k and 4 * k < n and data.dtype.kind in "fiu":
        # partition first so only k candidates per row get sorted
        part = np.argpartition(data, n - k if largest else k - 1, axis=dim)
        candidates = np.take(part, np.arange(n - k, n) if largest else np.arange(k), axis=dim)
        order = argsort(np.take_along_axis(data, candidates, axis=dim), dim, largest)
        return np.take_along_axis(candidates, order, axis=dim).astype(np.int64, copy=False)
    return xp.take(argsort(data, dim, largest), xp.arange(k), axis=dim)

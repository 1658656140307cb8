"""Sorting and selection by value: ``sort``/``argsort``/``msort``/``topk``/``kthvalue``.

Sorts are always stable (with ``stable=False`` PyTorch may order ties otherwise) and put NaN above
every number, as PyTorch does. Large float/int arrays go to the OpenMP radix sort of
``kernels/sort_cpu.pyx``, which writes values and positions together; the rest to NumPy (CuPy on CUDA)
through ``kernels/sort_dispatch.py``, values then read with the positions found.

Autograd records ``sort {"dim", "descending", "stable"}``, ``topk {"k", "dim", "largest", "sorted"}`` and
``kthvalue {"k", "dim", "keepdim"}``, each with outputs ``(values, indices)``; ``msort`` is ``sort``
along dim 0.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core
from ._backend import array_module
from ._core import TensorBase
from .kernels import sort_dispatch
from .reductions import return_type
from .tensor import Tensor, bool_argument, int_argument, normalize_dim, tensor_method


def _check_tensor(input: Any, name: str) -> TensorBase:
    if not isinstance(input, TensorBase):
        raise TypeError(f"{name}(): argument 'input' must be Tensor, not {type(input).__name__}")
    return input


def _check_sortable(input: TensorBase, name: str) -> TensorBase:
    """PyTorch's dtype refusals, which come after its argument and range checks."""
    if input._dtype.is_complex:
        if name == "kthvalue":
            raise NotImplementedError(f"\"kthvalue_cpu\" not implemented for '{_core.type_name(input._dtype)}'")
        # PyTorch's sort/argsort/msort and topk refuse complex with these sentences (leading space included)
        operation = "topk" if name == "topk" else "Sort"
        raise RuntimeError(f" {operation} does not support complex dtypes on {input._device.type.upper()}")
    if input._dtype is _core.bool_ and name in ("topk", "kthvalue"):
        if name == "topk":
            raise RuntimeError("topk does not support bool dtypes on CPU")
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    return input


def _order(input: TensorBase, dim: int, descending: bool):
    """The stable sorting permutation along ``dim`` (int64 array of ``input``'s shape)."""
    data = input._data if input._data.ndim else input._data.reshape(1)
    return sort_dispatch.argsort(data, dim, descending).reshape(input._data.shape)


def _pick(input: TensorBase, order, dim: int):
    xp = array_module(input._device)
    if input._data.ndim == 0:
        return input._data.copy()
    return xp.take_along_axis(input._data, order, axis=dim)


def _pair(name: str, input: TensorBase, values, indices, params: dict, out: Any = None):
    """The named tuple ``(values, indices)``, recorded for autograd (or written into ``out``)."""
    result = return_type(name)(_core.wrap(values, input._dtype, input._device),
                               _core.wrap(indices, _core.int64, input._device))
    if out is not None:
        _core.check_out_tuple(out, 2, name)
        if name == "kthvalue" and out[0]._dtype is not input._dtype:
            raise RuntimeError("output values must be of same type as input")
        _core.require_out_dtype(out[0], input._dtype)
        _core.require_out_dtype(out[1], _core.int64)
        return return_type(name)(*_core.copy_into_outs(tuple(result), out, name))
    _core.record(name, (input,), params, tuple(result))
    return result


@tensor_method()
def sort(input: TensorBase, dim: int = -1, descending: bool = False, *, stable: bool | None = False,
         out: Any = None):
    """``(values, indices)``: ``input`` sorted along ``dim`` (ascending unless ``descending``; equal
    elements keep their order) and the positions the values came from."""
    _check_tensor(input, "sort")
    if stable is not None:
        bool_argument(stable, "sort", "stable")
    d = normalize_dim(dim, input._data.ndim)
    _check_sortable(input, "sort")
    data = input._data if input._data.ndim else input._data.reshape(1)
    values, order = sort_dispatch.sort(data, d, bool(descending))
    shape = input._data.shape
    params = {"dim": d, "descending": bool(descending), "stable": bool(stable)}
    return _pair("sort", input, values.reshape(shape), order.reshape(shape), params, out)


@tensor_method()
def argsort(input: TensorBase, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
    """The positions that sort ``input`` along ``dim`` (``sort(...).indices``)."""
    _check_tensor(input, "argsort")
    d = normalize_dim(dim, input._data.ndim)
    _check_sortable(input, "argsort")
    return _core.wrap(_order(input, d, bool(descending)), _core.int64, input._device)


@tensor_method()
def msort(input: TensorBase, *, out: Any = None) -> Tensor:
    """``input`` sorted along dim 0."""
    values = sort(input, 0).values
    if out is None:
        return values
    _core.require_out_dtype(out, input._dtype)   # sort's out= check: exactly the input's dtype
    return _core.copy_into_out(values, out, "msort")


@tensor_method()
def topk(input: TensorBase, k: int, dim: int = -1, largest: bool = True, sorted: bool = True, *,
         out: Any = None):
    """``(values, indices)`` of the ``k`` largest (or smallest) elements along ``dim``, in sorted order."""
    _check_tensor(input, "topk")
    k = int_argument(k, "topk", "k", 2, symint=True)
    d = normalize_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    _check_sortable(input, "topk")
    if input._data.ndim == 0:   # PyTorch gives the element itself, for k = 0 too
        order = array_module(input._device).zeros((), np.int64)
    else:
        order = sort_dispatch.topk_order(input._data, int(k), d, bool(largest))
    params = {"k": int(k), "dim": d, "largest": bool(largest), "sorted": bool(sorted)}
    return _pair("topk", input, _pick(input, order, d), order, params, out)


@tensor_method()
def kthvalue(input: TensorBase, k: int, dim: int = -1, keepdim: bool = False, *, out: Any = None):
    """``(values, indices)`` of the ``k``-th smallest element (1-based) along ``dim``."""
    _check_tensor(input, "kthvalue")
    k = int_argument(k, "kthvalue", "k", 2, symint=True)
    d = normalize_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    if size == 0:
        raise IndexError(f"kthvalue(): Expected reduction dim {d} to have non-zero size.")
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    xp = array_module(input._device)
    if input._data.ndim == 0:   # the element itself, whatever its dtype (no kernel runs)
        return _pair("kthvalue", input, input._data.copy(), xp.zeros((), np.int64),
                     {"k": int(k), "dim": d, "keepdim": bool(keepdim)}, out)
    _check_sortable(input, "kthvalue")
    order = _order(input, d, False)
    chosen = xp.take(order, [k - 1], axis=d)
    values = xp.take_along_axis(input._data, chosen, axis=d)
    if not keepdim:
        chosen, values = xp.squeeze(chosen, axis=d), xp.squeeze(values, axis=d)
    params = {"k": int(k), "dim": d, "keepdim": bool(keepdim)}
    return _pair("kthvalue", input, values, chosen, params, out)


__all__ = ["sort", "argsort", "msort", "topk", "kthvalue"]

"""The few differentiable ops the engine itself needs, independent of tensor-core's op surface:
undoing broadcasting (``sum_to``/``expand_to``), casting a gradient to an input's dtype, zeros, and
flat gather/put used by in-place ops on views. Each records under a name whose formula (in
``formulas/core.py``) is written with these same ops, so higher-order gradients work."""
from __future__ import annotations

import numpy as np

from flambeau_tensor_core import _core
from flambeau_tensor_core._backend import array_module


def _result(array, like):
    xp = array_module(like._device)
    return _core.wrap(xp.asarray(array), None, like._device)


def sum_to(t, shape: tuple):
    """``t`` summed over the dimensions that broadcasting added or stretched to reach ``t.shape``."""
    shape = tuple(shape)
    data = t._data
    if data.shape == shape:
        return t
    lead = data.ndim - len(shape)
    stretched = tuple(lead + i for i, s in enumerate(shape) if s == 1 and data.shape[lead + i] != 1)
    if isinstance(data, np.ndarray):   # np.add.reduce: np.sum without its Python-level dispatch
        summed = np.add.reduce(data, axis=tuple(range(lead)) + stretched, keepdims=bool(stretched))
    else:
        summed = data.sum(axis=tuple(range(lead)) + stretched, keepdims=bool(stretched))
    out = _result(summed.reshape(shape) if stretched else summed, t)
    _core.record("sum_to_size", (t,), {"size": shape}, (out,))
    return out


def expand_to(t, shape: tuple):
    """``t`` broadcast to ``shape`` (a copy, so that gradients never alias each other)."""
    shape = tuple(shape)
    if t._data.shape == shape:
        return t
    xp = array_module(t._device)
    expanded = xp.empty(shape, t._data.dtype)
    expanded[...] = t._data         # broadcasting assignment: cheaper than broadcast_to(...).copy()
    out = _result(expanded, t)
    _core.record("expand", (t,), {"size": shape}, (out,))
    return out


def cast_grad(g, dtype):
    """A gradient in ``dtype``: the real part for a real input that met complex values, as PyTorch."""
    data = g._data
    if g._dtype.is_complex and not dtype.is_complex:
        data = data.real
    out = _core.wrap(data.astype(dtype.numpy_dtype), dtype, g._device)
    _core.record("to", (g,), {"dtype": g._dtype, "device": g._device}, (out,))
    return out


def zeros(shape: tuple, dtype, device):
    xp = array_module(device)
    return _core.wrap(xp.zeros(shape, dtype=dtype.numpy_dtype), dtype, device)


def ones_like(t):
    xp = array_module(t._device)
    return _core.wrap(xp.ones(t._data.shape, dtype=t._dtype.numpy_dtype), t._dtype, t._device)


def take_flat(t, positions):
    """The elements of ``t`` at flat ``positions`` (an int array shaped like the result)."""
    out = _result(t._data.reshape(-1)[positions], t)
    _core.record("_take_flat", (t,), {"positions": positions}, (out,))
    return out


def put_flat(t, positions, values):
    """A copy of ``t`` whose elements at flat ``positions`` are replaced by ``values``."""
    data = t._data.copy()
    flat = data.reshape(-1)
    flat[positions] = values._data.astype(data.dtype, copy=False)
    out = _result(data, t)
    _core.record("_put_flat", (t, values), {"positions": positions}, (out,))
    return out


def _is_basic(index: tuple) -> bool:
    return all(p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice)) for p in index)


def index_backward(g, shape: tuple, index: tuple):
    """Zeros of ``shape`` with ``g`` added at ``index`` (repeated advanced indices accumulate)."""
    xp = array_module(g._device)
    data = xp.zeros(shape, dtype=g._data.dtype)
    if _is_basic(index):
        data[index] = g._data
    elif xp is np:
        xp.add.at(data, index, g._data)
    else:
        import cupyx
        cupyx.scatter_add(data, index, g._data)
    out = _core.wrap(data, g._dtype, g._device)
    _core.record("_index_backward", (g,), {"index": index}, (out,))
    return out


def zero_region(g, index: tuple):
    """A copy of ``g`` with ``g[index]`` set to zero (the gradient of a tensor overwritten there)."""
    data = g._data.copy()
    data[index] = 0
    out = _core.wrap(data, g._dtype, g._device)
    _core.record("_zero_region", (g,), {"index": index}, (out,))
    return out


def take_along(t, dim: int, indices):
    """``t`` gathered at ``indices`` (an int array) along ``dim``, as ``torch.gather``."""
    xp = array_module(t._device)
    out = _core.wrap(xp.take_along_axis(t._data, indices, axis=dim), t._dtype, t._device)
    _core.record("_take_along", (t,), {"dim": dim, "indices": indices}, (out,))
    return out


def put_along(g, shape: tuple, dim: int, indices):
    """Zeros of ``shape`` with ``g`` added at ``indices`` along ``dim`` (repeats accumulate)."""
    xp = array_module(g._device)
    data = xp.zeros(shape, dtype=g._data.dtype)
    grid = list(xp.ix_(*[xp.arange(s) for s in indices.shape]))
    grid[dim] = indices
    if xp is np:
        np.add.at(data, tuple(grid), g._data)
    else:
        import cupyx
        cupyx.scatter_add(data, tuple(grid), g._data)
    out = _core.wrap(data, g._dtype, g._device)
    _core.record("_put_along", (g,), {"dim": dim, "indices": indices}, (out,))
    return out

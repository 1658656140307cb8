"""The few differentiable ops the engine itself needs, independent of tensor-core's op surface:
undoing broadcasting (``sum_to``/``expand_to``, in ``_engine.pyx``), casting a gradient to an input's
dtype, zeros, flat gather/put used by in-place ops on views, and fused gradients (``tanh_backward`` …).
Each records under a name whose formula (in ``formulas/``) is written with these same ops, so
higher-order gradients work."""
from __future__ import annotations

import numpy as np

from flambeau_tensor_core import _core
from flambeau_tensor_core._backend import array_module

from ._engine import expand_to, sum_to  # noqa: F401  (in C: the engine runs sum_to on every broadcast)


def _result(array, like):
    xp = array_module(like._device)
    return _core.wrap(xp.asarray(array), None, like._device)


def cast_grad(g, dtype):
    """A gradient in ``dtype``: the real part for a real input that met complex values, as PyTorch."""
    data = g._data
    if g._dtype.is_complex and not dtype.is_complex:
        data = data.real
    out = _core.wrap(data.astype(dtype.numpy_dtype), dtype, g._device)
    _core.record("to", (g,), {"dtype": g._dtype, "device": g._device}, (out,))
    return out


def _fused_gradient(name: str, g, r, compute):
    """``compute(g, r)`` on the arrays, recorded as the one op ``name``: a gradient that written with
    Tensor ops would cost several recorded ops (a wrap, dtype promotion and a record call each)."""
    with _core.quiet_fp():
        data = compute(g._data, r._data)
    out = _result(data, g)
    _core.record(name, (g, r), None, (out,))
    return out


def _tanh_gradient(g, r):
    return g * (1 - r * r)


def _sigmoid_gradient(g, r):
    return g * r * (1 - r)


def tanh_backward(g, r):
    """``g * (1 - r²)``: tanh's gradient from its output ``r`` (real, same dtype as ``g``), as PyTorch's
    ``tanh_backward``."""
    return _fused_gradient("tanh_backward", g, r, _tanh_gradient)


def sigmoid_backward(g, r):
    """``g * r * (1 - r)``: sigmoid's gradient from its output ``r`` (real, same dtype as ``g``)."""
    return _fused_gradient("sigmoid_backward", g, r, _sigmoid_gradient)


def zeros(shape: tuple, dtype, device):
    xp = array_module(device)
    return _core.wrap(xp.zeros(shape, dtype=dtype.numpy_dtype), dtype, device)


def ones_like(t):
    # empty + fill: np.ones goes through a Python-level wrapper (~1 µs for the root gradient of a loss)
    data = array_module(t._device).empty(t._data.shape, dtype=t._dtype.numpy_dtype)
    data.fill(1)
    return _core.wrap(data, t._dtype, t._device)


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

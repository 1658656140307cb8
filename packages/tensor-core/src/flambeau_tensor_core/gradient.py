"""``gradient``: the derivative of sampled values by second-order central differences (PyTorch's
``torch.gradient``, NumPy's ``np.gradient``), with one-sided first- or second-order differences at the
edges.

Spacing is one number for every dimension, one number per dimension, or one 1-D tensor of sample
coordinates per dimension (unevenly spaced samples). The formulas are PyTorch's, written with Tensor
ops, so the result is differentiable and promotes dtypes as PyTorch does (an integer input gives the
default float dtype; float64 coordinates give a float64 result).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ._core import TensorBase
from .shape import cat
from .tensor import int_argument, int_list_argument, normalize_dim, type_name


def _slice(t: TensorBase, dim: int, start: int | None, stop: int | None) -> TensorBase:
    return t[(slice(None),) * dim + (slice(start, stop),)]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, complex, np.number)) and not isinstance(value, (bool, np.bool_))


def _uniform(t: TensorBase, dim: int, h: Any, edge_order: int) -> TensorBase:
    """Evenly spaced samples ``h`` apart along ``dim``."""
    center = (_slice(t, dim, 2, None) - _slice(t, dim, 0, -2)) / h
    if edge_order == 1:
        first = (_slice(t, dim, 1, 2) - _slice(t, dim, 0, 1)) / h
        last = (_slice(t, dim, -1, None) - _slice(t, dim, -2, -1)) / h
    else:
        first = (_slice(t, dim, 0, 1) * -1.5 + _slice(t, dim, 1, 2) * 2 - _slice(t, dim, 2, 3) * 0.5) / h
        last = (_slice(t, dim, -3, -2) * 0.5 + _slice(t, dim, -2, -1) * -2 + _slice(t, dim, -1, None) * 1.5) / h
    return cat([first, center / 2, last], dim)


def _uneven(t: TensorBase, dim: int, coordinates: TensorBase, edge_order: int) -> TensorBase:
    """Samples at the 1-D ``coordinates`` along ``dim`` (PyTorch's weights for uneven spacing)."""
    shape = [1] * t.dim()
    shape[dim] = -1
    dx = coordinates.diff(1, 0)
    dx1, dx2 = dx[:-1], dx[1:]
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
    center = a * _slice(t, dim, 0, -2) + b * _slice(t, dim, 1, -1) + c * _slice(t, dim, 2, None)
    if edge_order == 1:
        first = (_slice(t, dim, 1, 2) - _slice(t, dim, 0, 1)) / dx[0]
        last = (_slice(t, dim, -1, None) - _slice(t, dim, -2, -1)) / dx[-1]
    else:
        h0, h1 = dx[0], dx[1]
        first = (-(2.0 * h0 + h1) / (h0 * (h0 + h1)) * _slice(t, dim, 0, 1)
                 + (h0 + h1) / (h0 * h1) * _slice(t, dim, 1, 2)
                 + (-h0) / (h1 * (h0 + h1)) * _slice(t, dim, 2, 3))
        h1, h2 = dx[-1], dx[-2]
        last = (h1 / (h2 * (h1 + h2)) * _slice(t, dim, -3, -2)
                - (h1 + h2) / (h1 * h2) * _slice(t, dim, -2, -1)
                + (2 * h1 + h2) / (h1 * (h1 + h2)) * _slice(t, dim, -1, None))
    return cat([first, center, last], dim)


def gradient(input: TensorBase, *, spacing: Any = 1, dim: Any = None, edge_order: int = 1) -> tuple:
    """One tensor per dimension in ``dim`` (all dimensions by default): the estimated derivative of
    ``input`` along it. ``spacing`` is a number, a list of numbers (one per dimension) or a list of
    1-D coordinate tensors; ``edge_order`` (1 or 2) is the accuracy of the one-sided edge differences."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"gradient(): argument 'input' (position 1) must be Tensor, not {type_name(input)}")
    edge_order = int_argument(edge_order, "gradient", "edge_order")
    if input.dtype.name == "uint8":
        raise RuntimeError("torch.gradient does not support uint8 input.")
    ndim = input.dim()
    dims = None if dim is None else int_list_argument(dim, "gradient", "dim")
    if _is_number(spacing):
        spacings = [spacing] * (ndim if dims is None else len(dims))
    elif isinstance(spacing, (list, tuple)):
        spacings = list(spacing)
        if not (all(_is_number(s) for s in spacings) or all(isinstance(s, TensorBase) for s in spacings)):
            raise TypeError("gradient(): argument 'spacing' must be a number, a tuple of numbers or a tuple of "
                            "Tensors")
    else:
        raise TypeError(f"gradient(): argument 'spacing' must be a number, a tuple of numbers or a tuple of "
                        f"Tensors, not {type_name(spacing)}")
    if dims is None and len(spacings) != ndim:
        raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar, or a list of length equal "
                           f"to 'self.dim() = {ndim}', since dim argument was not given, but got a list of length "
                           f"{len(spacings)}")
    if dims is not None and len(spacings) != len(dims):
        raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim "
                           f"arguments to have the same length, but got a spacing argument of length "
                           f"{len(spacings)} and a dim argument of length {len(dims)}.")
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    if dims is None:
        dims = tuple(range(ndim))
    else:
        dims = tuple(normalize_dim(d, ndim) for d in dims)
        for position, d in enumerate(dims):
            if d in dims[:position]:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1")
    results = []
    for d, h in zip(dims, spacings):
        if isinstance(h, TensorBase):
            if h.dim() != 1:
                raise RuntimeError("torch.gradient expected each element of spacing to have one dimension, but got "
                                   f"an element with {h.dim()} dimensions!")
            results.append(_uneven(input, d, h, edge_order))
        else:
            results.append(_uniform(input, d, h, edge_order))
    return tuple(results)


__all__ = ["gradient"]

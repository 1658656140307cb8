"""Matrix/array constructors and numerics: ``block_diag``, ``diagflat``, ``cov``, ``corrcoef``,
``combinations``, ``histogram``/``histogramdd``, ``trapezoid``/``trapz``/``cumulative_trapezoid``,
``vander``, ``unravel_index`` and ``index_reduce``.

The differentiable ones are compositions of Tensor ops (``cat``, indexing, ``matmul``, ``cumsum`` …), as
PyTorch defines most of them, so autograd needs no formula of theirs; ``index_reduce`` is a primitive
(recorded, with its formula in flambeau-autograd). Histograms and index arithmetic are not differentiable.
"""
from __future__ import annotations

import builtins
import itertools
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module
from ._core import TensorBase
from .creation import linspace_values
from .kernels.indexing_dispatch import ufunc_at
from .pointwise import is_integral, require_tensor
from .return_types import named_result
from .selection import check_no_overlap
from .tensor import int_argument, normalize_dim, tensor_method


def _zeros(rows: int, cols: int, like: TensorBase, dtype) -> TensorBase:
    return _core.wrap(array_module(like.device).zeros((rows, cols), dtype=dtype.numpy_dtype), dtype, like.device)


def _index_tensor(array: np.ndarray, device) -> TensorBase:
    from ._backend import to_device_array
    return _core.wrap(to_device_array(np.ascontiguousarray(array, dtype=np.int64), device), _core.int64, device)


# ---- block_diag / diagflat ------------------------------------------------------------------------
def block_diag(*tensors):
    """The tensors (0-, 1- or 2-D) placed along the diagonal of one matrix, zeros elsewhere."""
    from .shape import cat
    matrices = []
    for i, t in enumerate(tensors):
        require_tensor(t, "block_diag", f"tensors[{i}]")
        if t.dim() > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{t.dim()} dimensions")
        matrices.append(t.reshape(1, -1) if t.dim() == 1 else t.reshape(1, 1) if t.dim() == 0 else t)
    if not matrices:
        return _core.wrap(np.zeros((1, 0), dtype=_core.get_default_dtype().numpy_dtype),
                          _core.get_default_dtype(), _core.device("cpu"))
    dtype = _core.result_type(*matrices)
    width = builtins.sum(m.shape[1] for m in matrices)
    rows, left = [], 0
    for m in matrices:
        m = m.to(dtype)
        right = width - left - m.shape[1]
        rows.append(cat([_zeros(m.shape[0], left, m, dtype), m, _zeros(m.shape[0], right, m, dtype)], 1))
        left += m.shape[1]
    return cat(rows, 0)


@tensor_method()
def diagflat(input, offset: int = 0):
    """The flattened ``input`` on the ``offset``-th diagonal of a square matrix."""
    from .creation import diag
    require_tensor(input, "diagflat")
    offset = int_argument(offset, "diagflat", "offset", 2)
    return diag(input.reshape(-1), offset)


# ---- cov / corrcoef -------------------------------------------------------------------------------
def _check_weights(name: str, w: Any, observations: int, integral: bool) -> TensorBase | None:
    if w is None:
        return None
    require_tensor(w, "cov", name)
    kind = "integral" if integral else "floating point"
    if integral != is_integral(w.dtype) or w.dtype is _core.bool_:
        raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                           f"{_core.type_name(w.dtype)} dtype")
    if w.dim() > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                           f"{w.dim()} dimensions")
    if w.numel() != observations:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the input "
                           f"but got {w.numel()} != {observations}")
    if bool((w < 0).any()):
        raise RuntimeError(f"cov(): {name} cannot be negative")
    return w


@tensor_method()
def cov(input, *, correction: int = 1, fweights=None, aweights=None):
    """Covariance of the variables in the rows of ``input`` (observations in columns), optionally
    weighted by observation frequencies ``fweights`` and importances ``aweights``."""
    require_tensor(input, "cov")
    correction = int_argument(correction, "cov", "correction")
    if input.dtype is _core.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    if input.dim() > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an input with "
                           f"{input.dim()} dimensions")
    x = input.reshape(1, -1) if input.dim() < 2 else input
    if is_integral(x.dtype):
        x = x.to(_core.get_default_dtype())
    observations = x.shape[1]
    fw = _check_weights("fweights", fweights, observations, True)
    aw = _check_weights("aweights", aweights, observations, False)
    weights = fw if aw is None else aw if fw is None else fw * aw
    if weights is None:
        total = observations
        average = x.mean(1)
        normalizer = total - correction
    else:
        total = weights.sum()
        average = (x * weights).sum(1) / total
        normalizer = total if correction == 0 else total - correction * (
            1 if aw is None else (weights * aw).sum() / total)
    if float(normalizer) <= 0:
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of "
                      "observations.", UserWarning, stacklevel=2)
        normalizer = abs(normalizer) * 0   # +0 like PyTorch's zero_(): a negative factor must not flip inf's sign
    centered = x - average.unsqueeze(1)
    scaled = centered if weights is None else centered * weights
    result = centered.matmul(scaled.mT.conj()) / normalizer
    return result.squeeze()


@tensor_method()
def corrcoef(input):
    """Pearson correlation coefficients of the variables in the rows of ``input``, clipped to [-1, 1]."""
    c = cov(input)
    if c.dim() == 0:
        return c / c
    stddev = c.diagonal().real.sqrt() if c.dtype.is_complex else c.diagonal().sqrt()
    c = c / stddev.unsqueeze(1) / stddev.unsqueeze(0)
    return c if c.dtype.is_complex else c.clamp(-1, 1)


# ---- combinations ---------------------------------------------------------------------------------
def combinations(input, r: int = 2, with_replacement: bool = False):
    """Every length-``r`` combination of the elements of the 1-D ``input`` (rows of the result)."""
    require_tensor(input, "combinations")
    r = int_argument(r, "combinations", "r")
    if input.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return input[:0]
    choose = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    positions = np.array(list(choose(range(input.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    return input[_index_tensor(positions, input.device)]


# ---- histograms -----------------------------------------------------------------------------------
HistogramResult = named_result("histogram", ("hist", "bin_edges"))
HistogramddResult = named_result("histogramdd", ("hist", "bin_edges"))


def _edges_of(samples, bins: Any, value_range: Any, xp, dtype) -> list:
    """One array of bin edges per sample dimension, from counts (+ range) or given edge tensors."""
    dims = samples.shape[1]
    if isinstance(bins, TensorBase):
        bins = [bins]
    if isinstance(bins, (list, tuple)) and bins and isinstance(bins[0], TensorBase):
        if len(bins) != dims:
            raise RuntimeError(f"torch.histogramdd: expected {dims} sequences of bin edges for each dimension "
                               f"but got {len(bins)}")
        return [b._data.astype(dtype) for b in bins]
    counts = [int(bins)] * dims if isinstance(bins, (int, np.integer)) else [int(b) for b in bins]
    if len(counts) != dims:
        raise RuntimeError(f"torch.histogramdd: expected {dims} bin counts, one for each dimension, but got "
                           f"{len(counts)}")
    edges = []
    for d, count in enumerate(counts):
        if count <= 0:
            raise RuntimeError(f"torch.histogramdd(): bins must be > 0, but got {count} for dimension {d}")
        if value_range is not None:
            low, high = float(value_range[2 * d]), float(value_range[2 * d + 1])
        elif samples.shape[0]:
            column = samples[:, d]
            low, high = float(column.min()), float(column.max())
        else:
            low, high = 0.0, 1.0
        if low > high:
            raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min {low:g} max {high:g} "
                               f"for dimension {d}")
        if not (np.isfinite(low) and np.isfinite(high)):
            raise RuntimeError(f"torch.histogramdd: range of [{low}, {high}] is not finite")
        if low == high:
            low, high = low - 0.5, high + 0.5
        # PyTorch's linspace in the data's dtype (computing in float64 and rounding differed by an ulp)
        edges.append(xp.asarray(linspace_values(low, high, count + 1, _core.dtype_from_numpy(np.dtype(dtype)))))
    return edges


def _histogramdd_arrays(samples, edges: list, weight, density: bool, xp):
    """Counts (or summed weights) of the (N, D) ``samples`` in the bins; the last bin includes its right edge."""
    keep = xp.ones(samples.shape[0], dtype=bool)
    flat = xp.zeros(samples.shape[0], dtype=np.int64)
    for d, e in enumerate(edges):
        bins = e.shape[0] - 1
        column = samples[:, d]
        position = xp.searchsorted(e, column, side="right") - 1
        position = xp.where(column == e[-1], bins - 1, position)
        keep &= (position >= 0) & (position < bins) & (column >= e[0]) & (column <= e[-1])
        flat = flat * builtins.max(bins, 1) + xp.clip(position, 0, builtins.max(bins - 1, 0))
    shape = tuple(builtins.max(e.shape[0] - 1, 0) for e in edges)
    size = int(np.prod(shape))
    weights = xp.where(keep, 1.0 if weight is None else weight, 0.0)
    hist = xp.bincount(flat, weights=weights, minlength=size)[:size].reshape(shape) if size else xp.zeros(shape)
    if density:
        widths = [xp.diff(e) for e in edges]
        volume = widths[0]
        for w in widths[1:]:
            volume = volume[..., None] * w
        hist = hist / (hist.sum() * volume)
    return hist


def histogramdd(input, bins: Any = 10, *, range: Sequence[float] | None = None, weight=None,
                density: bool = False):
    """The D-dimensional histogram of the points in the last dim of ``input``: ``(hist, bin_edges)``."""
    require_tensor(input, "histogramdd")
    if input.dtype not in (_core.float32, _core.float64):
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_core.type_name(input.dtype)}'")
    if input.dim() < 1:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 1 dimension, but got 0")
    xp = array_module(input.device)
    samples = input._data.reshape(-1, input.shape[-1])
    weights = None
    if weight is not None:
        require_tensor(weight, "histogramdd", "weight")
        if tuple(weight.shape) != tuple(input.shape[:-1]):
            raise RuntimeError(f"torch.histogramdd: if weight tensor is provided it should have the same shape as "
                               f"the input tensor excluding its innermost dimension, but got input with shape "
                               f"{list(input.shape)} and weight with shape {list(weight.shape)}")
        weights = weight._data.reshape(-1)
    edges = _edges_of(samples, bins, range, xp, input._data.dtype)
    hist = _histogramdd_arrays(samples, edges, weights, density, xp).astype(input._data.dtype)
    result = HistogramddResult(_core.wrap(hist, input.dtype, input.device),
                               tuple(_core.wrap(e, input.dtype, input.device) for e in edges))
    _core.record("histogramdd", tuple(t for t in (input, weight) if t is not None), None,
                 (result.hist, *result.bin_edges))
    return result


@tensor_method()
def histogram(input, bins: Any = 100, *, range: tuple[float, float] | None = None, weight=None,
              density: bool = False, out=None) -> HistogramResult:
    """The histogram of all elements of ``input`` with ``bins`` equal bins over ``range`` (default
    ``[min, max]``), or with the given increasing bin edges: ``(hist, bin_edges)``."""
    require_tensor(input, "histogram")
    if input.dtype not in (_core.float32, _core.float64):
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_core.type_name(input.dtype)}'")
    if isinstance(bins, TensorBase) and bins.dim() != 1:
        raise RuntimeError(f"torch.histogram(): bins tensor should have one dimension, but got {bins.dim()}")
    points = input.reshape(-1, 1)
    point_weights = None if weight is None else weight.reshape(-1)
    if weight is not None and tuple(weight.shape) != tuple(input.shape):
        raise RuntimeError(f"torch.histogram: weight should have the same shape as input, but got "
                           f"{list(weight.shape)} and {list(input.shape)}")
    hist, edges = histogramdd(points, bins if isinstance(bins, TensorBase) else int(bins), range=range,
                              weight=point_weights, density=density)
    result = HistogramResult(hist, edges[0])
    if out is None:
        return result
    return HistogramResult(*_core.copy_into_outs(tuple(result), out, "histogram"))


# ---- trapezoid rule -------------------------------------------------------------------------------
def _trapezoid_parts(name: str, y: TensorBase, x: Any, dx: Any, dim: int):
    """``(y[1:] + y[:-1]) / 2`` along ``dim`` and the spacing (a number or a broadcastable tensor)."""
    require_tensor(y, name, "y")
    if y.dtype is _core.bool_:
        raise RuntimeError(f"{name}: received a bool input for `y`, but bool is not supported")
    if x is not None and dx is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got both 'x' and 'dx'")
    if y.dim() == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    dim = normalize_dim(dim, y.dim())
    length = y.shape[dim]
    if is_integral(y.dtype):
        y = y.to(_core.get_default_dtype())
    midpoints = (y.narrow(dim, 1, length - 1) + y.narrow(dim, 0, length - 1)) / 2 if length else y
    if x is None:
        return midpoints, 1 if dx is None else dx, dim
    require_tensor(x, name, "x")
    if x.dim() == 1:
        if x.shape[0] != length:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        spacing = x.diff() if length else x
        spacing = spacing.reshape((-1,) + (1,) * (y.dim() - 1 - dim))
    else:
        spacing = x.diff(dim=dim) if length else x
    return midpoints, spacing, dim


def trapezoid(y, x=None, *, dx: float | None = None, dim: int = -1):
    """The trapezoid rule integral of ``y`` along ``dim``, at points ``x`` or spaced ``dx`` (default 1)."""
    midpoints, spacing, dim = _trapezoid_parts("trapezoid", y, x, dx, dim)
    if y.shape[dim] == 0:
        return midpoints.sum(dim) * 0
    return (midpoints * spacing).sum(dim)


def trapz(y, x=None, *, dx: float | None = None, dim: int = -1):
    """Alias of :func:`trapezoid`."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx: float | None = None, dim: int = -1):
    """The running trapezoid-rule integral of ``y`` along ``dim`` (one fewer element there)."""
    midpoints, spacing, dim = _trapezoid_parts("cumulative_trapezoid", y, x, dx, dim)
    return (midpoints * spacing).cumsum(dim)


# ---- vander / unravel_index -----------------------------------------------------------------------
def powers(x: TensorBase, count: int) -> TensorBase:
    """``[x⁰, x¹, …, x^(count-1)]`` along a new last dim, by a running product (differentiable)."""
    from .creation import ones_like
    from .shape import cat
    dtype = _core.int64 if is_integral(x.dtype) else x.dtype
    column = x.unsqueeze(-1).to(dtype)
    first = ones_like(column)
    if count <= 1:
        return first[..., :count]
    return cat([first, column.expand(*x.shape, count - 1)], -1).cumprod(-1)


def vander(x, N: int | None = None, increasing: bool = False):
    """The Vandermonde matrix of the 1-D ``x``: columns ``x^(N-1) … x⁰`` (ascending if ``increasing``)."""
    require_tensor(x, "vander", "x")
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    count = x.shape[0] if N is None else int_argument(N, "vander", "N")
    if count < 0:
        raise RuntimeError("N must be non-negative.")
    result = powers(x, count)
    return result if increasing else result.flip(-1)


def unravel_index(indices, shape):
    """The coordinates, one int64 tensor per dim of ``shape``, of the flat ``indices`` (taken modulo
    the size, as PyTorch does)."""
    if not isinstance(indices, TensorBase):
        raise TypeError(f"expected 'indices' to be a Tensor, but got {type(indices).__name__}")
    if not is_integral(indices.dtype) or indices.dtype is _core.bool_:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {_core.type_name(indices.dtype)}")
    sizes = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    if any(s < 0 for s in sizes):
        raise ValueError(f"'shape' cannot have negative values, but got {tuple(sizes)}")
    xp = array_module(indices.device)
    remaining = indices._data.astype(np.int64)
    coordinates = []
    for size in reversed(sizes):
        if size == 0:   # integer division by zero, reported as PyTorch's kernels do
            raise RuntimeError("ZeroDivisionError")
        coordinates.append(remaining % size)
        remaining = remaining // size
    return tuple(_core.wrap(xp.asarray(c, dtype=np.int64), _core.int64, indices.device) for c in reversed(coordinates))


# ---- index_reduce ---------------------------------------------------------------------------------
_REDUCTIONS = ("prod", "mean", "amax", "amin")


def _check_index_reduce(self: TensorBase, dim: int, index: Any, source: Any, reduce: str) -> int:
    require_tensor(index, "index_reduce_", "index", 3)
    require_tensor(source, "index_reduce_", "source", 4)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    if index.dtype not in (_core.int32, _core.int64):
        raise RuntimeError(f"index_reduce_(): Expected dtype int32/int64 for index but got: "
                           f"{_core.type_name(index.dtype)}")
    if self.dtype is not source.dtype:
        raise RuntimeError(f"index_reduce_(): self ({_core.type_name(self.dtype)}) and source "
                           f"({_core.type_name(source.dtype)}) must have the same scalar type")
    if index.dim() > 1:
        raise IndexError(f"index_reduce_(): Index is supposed to be a vector, got {index.dim()}-D")
    dim = normalize_dim(dim, self.dim())
    along = source.shape[dim] if source.dim() else 1
    if index.numel() != along:
        raise RuntimeError(f"index_reduce_(): Number of indices ({index.numel()}) should be equal to "
                           f"source.size(dim): ({along}), for dim: {dim}")
    if source.dim() != self.dim() or any(source.shape[d] != self.shape[d] for d in range(self.dim()) if d != dim):
        from .selection import source_shape_mismatch
        raise RuntimeError(source_shape_mismatch(tuple(self.shape), tuple(source.shape)))
    size = self.shape[dim] if self.dim() else 1
    positions = index._data.reshape(-1)
    if positions.size and bool(((positions < 0) | (positions >= size)).any()):   # no negative indices here
        raise IndexError("index out of range in self")
    return dim


def _identity(reduce: str, dtype) -> Any:
    if reduce == "prod":
        return 1
    if reduce == "mean":
        return 0
    info = np.finfo(dtype) if dtype.kind in "fc" else np.iinfo(dtype)
    if dtype.kind in "fc":
        return -np.inf if reduce == "amax" else np.inf
    return info.min if reduce == "amax" else info.max


def _scatter(xp, reduce: str, target, positions, values) -> None:
    """``target[positions[j]] = op(target[positions[j]], values[j])`` for every j, repeats included."""
    ufunc_at(xp, {"prod": "multiply", "mean": "add", "amax": "maximum", "amin": "minimum"}[reduce], target,
             positions, values)


def index_reduce_array(data, dim: int, index, source, reduce: str, include_self: bool, xp):
    """``data`` (not modified) with the slices of ``source`` reduced into the positions ``index`` along ``dim``."""
    target = xp.moveaxis(data.copy(), dim, 0)
    values = xp.moveaxis(source, dim, 0)
    positions = index.reshape(-1).astype(np.int64)
    if not include_self:
        target[positions] = _identity(reduce, target.dtype)
    _scatter(xp, reduce, target, positions, values)
    if reduce == "mean":
        counts = xp.bincount(positions, minlength=target.shape[0])[:target.shape[0]] + int(include_self)
        counts = xp.maximum(counts, 1).reshape((-1,) + (1,) * (target.ndim - 1))
        target = target // counts.astype(target.dtype) if target.dtype.kind in "iub" else target / counts
    return xp.ascontiguousarray(xp.moveaxis(target, 0, dim)).astype(data.dtype, copy=False)


@tensor_method()
def index_reduce(input, dim: int, index, source, reduce: str, *, include_self: bool = True, out=None):
    """``input`` with the slices ``source[..., j, ...]`` reduced (``prod``, ``mean``, ``amax``, ``amin``)
    into ``input[..., index[j], ...]`` along ``dim``; ``include_self=False`` leaves the old values out."""
    require_tensor(input, "index_reduce")
    dim = _check_index_reduce(input, dim, index, source, reduce)
    xp = array_module(input.device)
    array = index_reduce_array(input._data, dim, index._data, source._data, reduce, include_self, xp)
    result = _core.wrap(array, input.dtype, input.device)
    _core.record("index_reduce", (input, index, source),
                 {"dim": dim, "reduce": reduce, "include_self": include_self}, (result,))
    return result if out is None else _core.copy_into_out(result, out, "index_reduce")


@tensor_method()
def index_reduce_(self, dim: int, index, source, reduce: str, *, include_self: bool = True):
    dim = _check_index_reduce(self, dim, index, source, reduce)
    check_no_overlap(self, (index, source))
    xp = array_module(self.device)
    target = self._data

    def mutate():
        target[...] = index_reduce_array(target, dim, index._data, source._data, reduce, include_self, xp)

    _core.record_inplace("index_reduce", self, (self, index, source),
                         {"dim": dim, "reduce": reduce, "include_self": include_self}, mutate)
    return self


__all__ = ["block_diag", "diagflat", "cov", "corrcoef", "combinations", "histogram", "histogramdd",
           "HistogramResult", "trapezoid", "trapz", "cumulative_trapezoid", "vander", "unravel_index",
           "index_reduce"]

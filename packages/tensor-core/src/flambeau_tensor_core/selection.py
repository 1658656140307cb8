"""Indexing-style ops: gather/scatter(+reduce)/index_select/index_add/index_copy/index_fill/index_put/
masked_fill/masked_select/masked_scatter/take/take_along_dim/put/nonzero/argwhere/searchsorted/bucketize.

Out-of-place ops copy the input and write the copy; ``x_`` forms write ``x`` through
``_core.record_inplace``. Along-a-dim gathers and scatter-adds of large float/int tensors go to the
OpenMP kernels of ``kernels/indexing_cpu.pyx`` (CUDA: ``kernels/indexing_cuda.cu``), the rest to
NumPy/CuPy fancy indexing and ``ufunc.at``.

Autograd records (index tensors are inputs like any operand; dims non-negative):
``gather (input, index) {"dim"}``, ``scatter (input, index, src|value) {"dim", "reduce"}``,
``scatter_add (input, index, src) {"dim"}``, ``scatter_reduce (input, index, src) {"dim", "reduce",
"include_self"}``, ``index_select (input, index) {"dim"}``, ``index_add (input, index, source) {"dim",
"alpha"}``, ``index_copy (input, index, source) {"dim"}``, ``index_fill (input, index, value) {"dim"}``,
``index_put (input, values) {"indices": tuple of arrays, "accumulate"}``, ``masked_fill (input, mask,
value)``, ``masked_select (input, mask)``, ``masked_scatter (input, mask, source)``, ``take (input,
index)``, ``put (input, index, source) {"accumulate"}``; ``take_along_dim`` records ``expand`` and
``gather``.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, row_major, to_device_array
from ._core import TensorBase
from .kernels import indexing_dispatch
from .kernels.indexing_dispatch import ufunc_at
from .pointwise import check_inplace_broadcast, checked_scalar, scalar_argument
from .tensor import Tensor, dim_size, normalize_dim, tensor_method

_LONG_OR_INT = ("int64", "int32")
_SCATTER_INDEX = (_LONG_OR_INT, RuntimeError, "scatter(): Expected dtype int32/int64 for index")
# PyTorch's index dtype check, op by op: the dtypes it takes, its exception and its sentence ({type}: the
# index's scalar type name).
_INDEX_RULES = {
    "gather": (_LONG_OR_INT, RuntimeError, "gather(): Expected dtype int32/int64 for index"),
    "scatter": _SCATTER_INDEX, "scatter_add": _SCATTER_INDEX, "scatter_reduce": _SCATTER_INDEX,
    "index_select": (_LONG_OR_INT, RuntimeError, "index_select(): Expected dtype int32 or int64 for index"),
    "index_add": (_LONG_OR_INT, RuntimeError, "index_add_(): Expected dtype int32/int64 for index but got: {type}"),
    "index_copy": (("int64",), RuntimeError, "index_copy_(): Expected a long tensor for index, but got {type}"),
    "index_fill": (("int64",), IndexError, "index_fill_(): Expected dtype int64 for index."),
    "take": (("int64",), RuntimeError, "take(): Expected a long tensor for index, but got {type}"),
    "put_": (("int64",), RuntimeError, "put_(): Expected a long tensor for index, but got {type}"),
    "take_along_dim": (("int64",), RuntimeError,
                       "torch.take_along_dim(): dtype of indices should be Long but got {type}"),
}


# ---- argument checks ----------------------------------------------------------------------------
def _check_tensor(value: Any, name: str, argument: str = "input") -> TensorBase:
    if not isinstance(value, TensorBase):
        raise TypeError(f"{name}(): argument '{argument}' must be Tensor, not {type(value).__name__}")
    return value


def _check_index(index: Any, name: str) -> TensorBase:
    _check_tensor(index, name, "index")
    allowed, error, sentence = _INDEX_RULES[name]
    if index._dtype.name not in allowed:
        raise error(sentence.format(type=_core.type_name(index._dtype)))
    return index


def _index_vector(index: TensorBase, name: str):
    if index._data.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    return index._data.reshape(-1)


def _check_range(positions, size: int, dim: int, allow_negative: bool = False, error=RuntimeError) -> None:
    """PyTorch's error for the first index outside ``[0, size)`` (``[-size, size)`` if negative allowed)."""
    if positions.size == 0 or (not allow_negative and indexing_dispatch.in_range(positions, size)):
        return
    low, high = int(positions.min()), int(positions.max())
    floor = -size if allow_negative else 0
    if low < floor or high >= size:
        bad = high if high >= size else low
        raise error(f"index {bad} is out of bounds for dimension {dim} with size {size}")


def _same_device(*tensors: TensorBase) -> None:
    for other in tensors[1:]:
        _core.check_same_device(tensors[0], other)


def _scalar_value(value: Any, name: str):
    """A fill value: a Python number or a 0-d tensor (PyTorch rejects other tensors)."""
    if isinstance(value, TensorBase):
        if value._data.ndim:
            raise RuntimeError(f"{name} only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value._data.ndim} dimension(s).")
        return value.item()
    if isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
        return value
    raise TypeError(f"{name}(): argument 'value' must be Number, not {type(value).__name__}")


# ---- out-of-place / in-place plumbing -----------------------------------------------------------
def _written_copy(name: str, input: TensorBase, operands: tuple, params: dict | None,
                  write: Callable[[Any], None], out: Any = None) -> Tensor:
    result = _core.wrap(input._data.copy(), input._dtype, input._device)
    write(result._data)
    if out is not None:
        return _core.copy_into_out(result, out, name)
    _core.record(name, (input,) + operands, params, (result,))
    return result


def _written_inplace(name: str, self: TensorBase, operands: tuple, params: dict | None,
                     write: Callable[[Any], None]) -> TensorBase:
    target = self._data
    _core.record_inplace(name, self, (self,) + operands, params, lambda: write(target))
    return self


# In-place ops that PyTorch refuses when a tensor argument shares memory with the target (it would read
# values the op has already overwritten); masked_scatter_ and the fills accept it.
_NO_OVERLAP = {"scatter", "scatter_add", "scatter_reduce", "index_add", "index_copy", "index_put", "put"}


def check_no_overlap(self: TensorBase, operands: tuple) -> None:
    """PyTorch's ``assert_no_overlap``: no tensor operand may share memory with ``self``."""
    xp = array_module(self._device)
    for operand in operands:
        if isinstance(operand, TensorBase) and xp.may_share_memory(self._data, operand._data):
            raise RuntimeError("unsupported operation: some elements of the input tensor and the written-to "
                               "tensor refer to a single memory location. Please clone() the tensor before "
                               "performing the operation.")


def _inplace_method(name: str, prepare: Callable) -> None:
    """Define the method ``Tensor.<name>_`` from ``prepare(self, *args, **kwargs) -> (operands, params,
    write)``, which checks the arguments and returns the function that writes the result."""

    def in_place(self, *args, **kwargs):
        operands, params, write = prepare(self, *args, **kwargs)
        if name in _NO_OVERLAP:
            check_no_overlap(self, operands)
        return _written_inplace(name, self, operands, params, write)

    in_place.__name__ = in_place.__qualname__ = name + "_"
    in_place.__doc__ = f"In-place ``{name}``."
    setattr(Tensor, name + "_", in_place)


def _paired(name: str, prepare: Callable, doc: str):
    """``Tensor.<name>_`` as :func:`_inplace_method` makes it, and the out-of-place ``name`` (function
    and method), which writes a copy of the input."""
    _inplace_method(name, prepare)

    def out_of_place(input, *args, **kwargs):
        _check_tensor(input, name)
        out = kwargs.pop("out", None)
        operands, params, write = prepare(input, *args, **kwargs)
        return _written_copy(name, input, operands, params, write, out)

    out_of_place.__name__ = out_of_place.__qualname__ = name
    out_of_place.__doc__ = doc
    return tensor_method(name)(out_of_place)


# ---- gather / scatter along a dim ---------------------------------------------------------------
def _along_dim_index(index_array, dim: int, xp) -> tuple:
    """Open-mesh coordinates: ``index_array`` along ``dim``, each position's own coordinate elsewhere."""
    ndim = index_array.ndim
    coords = []
    for d, size in enumerate(index_array.shape):
        if d == dim:
            coords.append(index_array)
        else:
            coords.append(xp.arange(size).reshape((1,) * d + (size,) + (1,) * (ndim - d - 1)))
    return tuple(coords)


def _nonempty_size(array, d: int) -> int:
    """PyTorch's ``ensure_nonempty_size``: 1 for a 0-d tensor, else ``size(d)`` (an IndexError past its
    last dim, which scatter's checks can reach when ``src`` has fewer dims than ``index``)."""
    return 1 if array.ndim == 0 else dim_size(array.shape, d)


def _check_along_dim(name: str, self: TensorBase, dim: int, index: TensorBase, src: TensorBase | None,
                     check_values: bool = True) -> int:
    """PyTorch's checks of gather/scatter in its order: ``dim`` in range; the index dtype (scatter:
    only for a nonempty index) and ``src``'s dtype; index no larger than self (and src) except along
    ``dim``, a 0-d tensor counting as 1-d; then (``check_values``) index values in ``[0, size(dim))``."""
    _check_tensor(index, name, "index")
    data, idx = self._data, index._data
    d = normalize_dim(dim, data.ndim)
    dims = max(data.ndim, 1)
    if name == "gather":
        if idx.size:
            _check_index(index, name)
        if idx.size and dims != max(idx.ndim, 1):   # (an empty index: an empty result, whatever its rank)
            raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
        for i in range(dims if idx.size else 0):
            if i != d and _nonempty_size(idx, i) > _nonempty_size(data, i):
                raise RuntimeError(f"Size does not match at dimension {i} expected index {list(idx.shape)} to be no "
                                   f"larger than self {list(data.shape)} apart from dimension {d}")
    else:
        if idx.size:
            _check_index(index, name)
        if src is not None and src._dtype is not self._dtype:   # PyTorch's sentence names scatter for all three
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        if idx.size:
            _check_scatter_shapes(data, d, idx, None if src is None else src._data)
    if check_values and idx.size:
        _check_range(idx, _nonempty_size(data, d), d)
    return d


def _check_scatter_shapes(data, d: int, idx, src) -> None:
    """PyTorch's ``scatter_shape_check``, comparisons in its order."""
    dims = max(data.ndim, 1)
    if dims != max(idx.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    wrong = any(i != d and _nonempty_size(idx, i) > _nonempty_size(data, i) for i in range(dims))
    if not wrong and src is not None:
        wrong = any(_nonempty_size(idx, i) > _nonempty_size(src, i) for i in range(dims))
    if src is not None and max(src.ndim, 1) != max(idx.ndim, 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    if wrong:
        against_src = "" if src is None else f" and to be no larger size than src {list(src.shape)}"
        raise RuntimeError(f"Expected index {list(idx.shape)} to be no larger than self {list(data.shape)} apart "
                           f"from dimension {d}{against_src}")


def _at_least_1d(array):
    """A 0-d array as a 1-element view (PyTorch's scatter/gather treat 0-d tensors as 1-d)."""
    return array.reshape(1) if array.ndim == 0 else array


def _region(array, shape: tuple):
    """The leading ``shape`` corner of ``array`` (a view)."""
    return array[tuple(slice(0, s) for s in shape)] if array.ndim else array


@tensor_method()
def gather(input: TensorBase, dim: int, index: TensorBase, *, sparse_grad: bool = False,
           out: Any = None) -> Tensor:
    """``out[i][j] = input[i][index[i][j]]`` along ``dim`` (shape of ``index``)."""
    _check_tensor(input, "gather")
    d = _check_along_dim("gather", input, dim, index, None, check_values=False)   # the gather checks them
    _same_device(input, index)
    idx = index._data
    if idx.size == 0:   # any empty index: an empty result of its shape, whatever the ranks
        array = array_module(input._device).empty(idx.shape, input._data.dtype)
    else:
        data, positions = _at_least_1d(input._data), _at_least_1d(idx)
        array = indexing_dispatch.gather(_region_except(data, positions.shape, d), d, positions)
        if array is None:   # some index was out of range: raise PyTorch's error naming one
            _check_range(positions, data.shape[d], d)
        array = array.reshape(idx.shape)
    result = _core.wrap(row_major(array), input._dtype, input._device)
    if out is not None:
        return _core.copy_into_out(result, out, "gather")
    _core.record("gather", (input, index), {"dim": d}, (result,))
    return result


def _region_except(array, shape: tuple, dim: int):
    """``array`` cut to ``shape`` in every dim but ``dim`` (a view)."""
    return array[tuple(slice(None) if i == dim else slice(0, s) for i, s in enumerate(shape))]


_SCATTER_REDUCE = {None: None, "add": "add", "multiply": "multiply"}


def _scatter_source(self: TensorBase, src: Any, index: TensorBase, name: str):
    """The values to scatter: the ``index``-shaped corner of ``src`` (0-d ones as 1-d), or a scalar."""
    if isinstance(src, TensorBase):   # (its dtype was checked with the shapes)
        _same_device(self, src)
        return _region(_at_least_1d(src._data), _at_least_1d(index._data).shape)
    return checked_scalar(_scalar_value(src, name), self._dtype)


def _prepare_scatter(self, dim, index, src=None, value=None, *, reduce=None):
    source = src if src is not None else value
    if source is None:
        raise TypeError("scatter() missing required argument 'src' or 'value'")
    d = _check_along_dim("scatter", self, dim, index, source if isinstance(source, TensorBase) else None,
                         check_values=False)
    if reduce not in _SCATTER_REDUCE:
        raise RuntimeError("reduce argument must be either add or multiply.")
    _same_device(self, index)
    values = _scatter_source(self, source, index, "scatter")
    idx = _at_least_1d(index._data)
    _check_range(idx, _nonempty_size(self._data, d), d)

    def write(target):
        xp = array_module(self._device)
        target = _at_least_1d(target)
        coords = _along_dim_index(idx, d, xp)
        if reduce is None:
            target[coords] = values
        elif reduce == "add" and isinstance(source, TensorBase):
            indexing_dispatch.scatter_add(target, d, idx, values)
        else:
            ufunc_at(xp, _SCATTER_REDUCE[reduce], target, coords,
                      xp.broadcast_to(xp.asarray(values, dtype=target.dtype), idx.shape))

    return (index, source), {"dim": d, "reduce": reduce}, write


scatter = _paired("scatter", _prepare_scatter,
                  "``input`` with ``src`` (or ``value``) written at ``index`` along ``dim`` (``reduce``: "
                  "combine with ``add`` or ``multiply`` instead).")


def _prepare_scatter_add(self, dim, index, src):
    _check_tensor(src, "scatter_add", "src")
    d = _check_along_dim("scatter_add", self, dim, index, src)
    _same_device(self, index)
    values = _scatter_source(self, src, index, "scatter_add")
    idx = _at_least_1d(index._data)
    return (index, src), {"dim": d}, lambda target: indexing_dispatch.scatter_add(_at_least_1d(target), d, idx,
                                                                                  values)


scatter_add = _paired("scatter_add", _prepare_scatter_add,
                      "``input`` with ``src`` added at ``index`` along ``dim`` (repeats accumulate).")

_REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")
_REDUCTION_ALIASES = {"max": "amax", "min": "amin"}   # PyTorch still accepts the old names


def _prepare_scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
    _check_tensor(src, "scatter_reduce", "src")
    d = _check_along_dim("scatter_reduce", self, dim, index, src, check_values=False)
    reduce = _REDUCTION_ALIASES.get(reduce, reduce)
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    _same_device(self, index)
    values = _scatter_source(self, src, index, "scatter_reduce")
    idx = _at_least_1d(index._data)
    if not include_self:   # PyTorch first fills the written positions, which checks them
        _check_range(idx, _nonempty_size(self._data, d), d)
    if (reduce == "mean" and self._dtype is _core.bool_) or (reduce in ("amax", "amin") and self._dtype.is_complex):
        raise NotImplementedError(f'"scatter_gather_tensor_cpu_reduce_{reduce}" not implemented for '
                                  f"'{_core.type_name(self._dtype)}'")
    _check_range(idx, _nonempty_size(self._data, d), d)
    params = {"dim": d, "reduce": reduce, "include_self": bool(include_self)}
    return (index, src), params, lambda target: _scatter_reduce_into(_at_least_1d(target), d, idx, values, reduce,
                                                                     include_self, self._device)


def _scatter_reduce_into(target, dim: int, idx, values, reduce: str, include_self: bool, device) -> None:
    xp = array_module(device)
    coords = _along_dim_index(idx, dim, xp)
    if reduce == "mean":
        counts = xp.ones(target.shape, dtype=np.int64) if include_self else xp.zeros(target.shape, np.int64)
        if not include_self:
            target[coords] = 0
        ufunc_at(xp, "add", target, coords, values)
        ufunc_at(xp, "add", counts, coords, xp.ones(idx.shape, dtype=np.int64))
        touched = counts > 0
        counts = xp.where(touched, counts, 1)
        if target.dtype.kind in "fc":
            target[...] = xp.where(touched, target / counts, target)
        else:
            target[...] = xp.where(touched, xp.floor_divide(target, counts), target)
        return
    ufunc = {"sum": "add", "prod": "multiply", "amax": "maximum", "amin": "minimum"}[reduce]
    if not include_self:
        target[coords] = _identity(ufunc, target.dtype)
    ufunc_at(xp, ufunc, target, coords, values)


def _identity(ufunc: str, dtype) -> Any:
    if ufunc == "add":
        return 0
    if ufunc == "multiply":
        return 1
    if dtype.kind == "f":
        return -np.inf if ufunc == "maximum" else np.inf
    if dtype.kind == "b":
        return ufunc != "maximum"
    info = np.iinfo(dtype)
    return info.min if ufunc == "maximum" else info.max


scatter_reduce = _paired("scatter_reduce", _prepare_scatter_reduce,
                         "``input`` with ``src`` combined in at ``index`` along ``dim`` by ``reduce`` (sum, prod, "
                         "mean, amax, amin), ``input``'s own values included unless ``include_self=False``.")


# ---- index_* along a dim ------------------------------------------------------------------------
@tensor_method()
def index_select(input: TensorBase, dim: int, index: TensorBase, *, out: Any = None) -> Tensor:
    """The slices of ``input`` at the positions ``index`` (1-d) along ``dim``."""
    _check_tensor(input, "index_select")
    _check_tensor(index, "index_select", "index")
    data = input._data
    d = normalize_dim(dim, data.ndim)
    positions = _index_vector(index, "index_select")
    if data.ndim == 0 and positions.size != 1:   # PyTorch's order: the count, then the index dtype
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {positions.size} "
                           "value(s)")
    _check_index(index, "index_select")
    size = data.shape[d] if data.ndim else 1
    _check_select_range(positions, size, d, data.ndim)
    xp = array_module(input._device)
    if data.ndim == 0:   # a 0-d result, whatever the index's rank
        array = data.copy()
    else:
        array = xp.take(data, to_device_array(positions, input._device), axis=d)
    result = _core.wrap(array, input._dtype, input._device)
    if out is not None:
        return _core.copy_into_out(result, out, "index_select")
    _core.record("index_select", (input, index), {"dim": d}, (result,))
    return result


def _check_select_range(positions, size: int, dim: int, ndim: int) -> None:
    """index_select's out-of-range errors (negative positions refused too): PyTorch's kernel along dim 1
    of a tensor of 2+ dims raises a RuntimeError naming the first bad position, its others an IndexError."""
    if positions.size == 0 or indexing_dispatch.in_range(positions, size):
        return
    if dim == 1 and ndim > 1:
        raise RuntimeError(f"INDICES element is out of DATA bounds, id={_first_outside(positions, size)} "
                           f"axis_dim={size}")
    raise IndexError("index out of range in self")


def source_shape_mismatch(own: tuple, source: tuple) -> str:
    """PyTorch's message when index_add/index_reduce's ``source`` differs from ``self`` beyond ``dim``."""
    return (f"source tensor shape must match self tensor shape, excluding the specified dimension. Got "
            f"self.shape = {list(own)} source.shape = {list(source)}")


def _check_index_add_source(self: TensorBase, dim: int, index: TensorBase, source: TensorBase, name: str):
    """index_add/index_reduce's checks in PyTorch's order: ``dim``, a vector index of int32/int64, the
    dtypes, ``dim`` inside ``source``, one index per source slice, then the other dims' sizes; returns
    ``(dim, positions)``."""
    _check_tensor(index, name, "index")
    _check_tensor(source, name, "source")
    _same_device(self, index, source)
    d = normalize_dim(dim, self._data.ndim)
    if index._data.ndim > 1:
        raise IndexError(f"{name}_(): Index is supposed to be a vector, but got dim: {index._data.ndim} with type: "
                         f"{_core.type_name(index._dtype)} and size: {list(index._data.shape)}")
    _check_index(index, name)
    if source._dtype is not self._dtype:
        raise RuntimeError(f"{name}_(): self ({_core.type_name(self._dtype)}) and source "
                           f"({_core.type_name(source._dtype)}) must have the same scalar type")
    own, src_shape = self._data.shape, source._data.shape
    if d != 0 and d >= len(src_shape):
        raise RuntimeError(f"{name}_(): Indexing dim {d} is out of bounds of the source tensor with dim "
                           f"{len(src_shape)}")
    count = index._data.size
    if count != (src_shape[d] if src_shape else 1):
        if not src_shape:   # PyTorch's message asks the 0-d source for its size(0)
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        raise RuntimeError(f"{name}_(): Number of indices ({count}) should be equal to source.size(dim): "
                           f"({src_shape[d]}), for dim: {d}")
    if own and src_shape:
        mismatched = own[:d] + own[d + 1:] != src_shape[:d] + src_shape[d + 1:]
    else:
        mismatched = own != src_shape
    if mismatched:
        raise RuntimeError(source_shape_mismatch(own, src_shape))
    return d, index._data.reshape(-1)


def _check_index_copy_source(self: TensorBase, dim: int, index: TensorBase, source: TensorBase):
    """index_copy's checks in PyTorch's order: ``dim``, an index of at most 1 dim, its count against a
    scalar source, the ranks, the index and source dtypes, the slice shapes, then the count against
    ``source.size(dim)``; returns ``(dim, positions)``."""
    _check_tensor(index, "index_copy", "index")
    _check_tensor(source, "index_copy", "source")
    _same_device(self, index, source)
    d = normalize_dim(dim, self._data.ndim)
    if index._data.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {index._data.ndim})")
    count = index._data.size
    own, src_shape = self._data.shape, source._data.shape
    if not src_shape and count != 1:
        raise IndexError(f"index_copy_(): When source is scalar, index should have one element (got {count})")
    if len(src_shape) != len(own) and src_shape and own:
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({len(src_shape)}), destination dimensionality ({len(own)})")
    _check_index(index, "index_copy")
    if source._dtype is not self._dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{_core.type_name(self._dtype)} and (source) {_core.type_name(source._dtype)}")
    own_slice, src_slice = own[:d] + own[d + 1:], src_shape[:d] + src_shape[d + 1:]
    if own_slice != src_slice:   # PyTorch prints the slice sizes separated by spaces
        raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice shapes. Destination "
                           f"slice shape: {' '.join(map(str, own_slice))} at dimension {d} and source slice shape: "
                           f"{' '.join(map(str, src_slice))} at dimension 0.")
    if src_shape and count != src_shape[d]:
        raise IndexError(f"index_copy_(): Number of indices ({count}) should be equal to source.size(dim) "
                         f"({src_shape[d]})")
    return d, index._data.reshape(-1)


def _first_outside(positions, size: int) -> int:
    return next(int(p) for p in positions.tolist() if not 0 <= p < size)


def _check_index_add_range(data, positions, dim: int, alpha: Any = 1) -> None:
    """index_add's out-of-range errors, as its CPU kernels word them: with an int64 index along the first
    or last dim of a tensor of 2+ dims and ``alpha`` 1 a RuntimeError naming the first bad position,
    otherwise an IndexError."""
    size = data.shape[dim] if data.ndim else 1
    if positions.size == 0 or indexing_dispatch.in_range(positions, size):
        return
    if data.ndim > 1 and dim in (0, data.ndim - 1) and positions.dtype == np.int64 and alpha == 1:
        raise RuntimeError(f"index {_first_outside(positions, size)} is out of bounds for dimension {dim} with "
                           f"size {size}")
    raise IndexError("index out of range in self")


def _prepare_index_add(self, dim, index, source, *, alpha=1):
    d, positions = _check_index_add_source(self, dim, index, source, "index_add")
    _check_index_add_range(self._data, positions, d, alpha)
    values = source._data if alpha == 1 else (source._data * alpha).astype(source._data.dtype, copy=False)

    def write(target):
        target = _at_least_1d(target)   # a 0-d self has a 0-d source and one index
        slices = values.reshape(target.shape[:d] + (-1,) + target.shape[d + 1:])
        indexing_dispatch.index_add(target, d, positions, slices)

    return (index, source), {"dim": d, "alpha": alpha}, write


index_add = _paired("index_add", _prepare_index_add,
                    "``input`` with ``alpha * source`` added to the slices at ``index`` along ``dim``.")


def _prepare_index_copy(self, dim, index, source):
    d, positions = _check_index_copy_source(self, dim, index, source)
    size = self._data.shape[d] if self._data.ndim else 1
    if positions.size and not indexing_dispatch.in_range(positions, size):
        bad = _first_outside(positions, size)
        raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {d} with size {size}")

    def write(target):
        if target.ndim == 0:
            target[...] = source._data.reshape(())
        else:
            target[(slice(None),) * d + (positions,)] = source._data.reshape(
                target.shape[:d] + (-1,) + target.shape[d + 1:])

    return (index, source), {"dim": d}, write


index_copy = _paired("index_copy", _prepare_index_copy,
                     "``input`` with the slices at ``index`` along ``dim`` replaced by ``source``'s.")


def _prepare_index_fill(self, dim, index, value):
    fill = scalar_argument(_scalar_value(value, "index_fill_"))   # PyTorch refuses a 1-d value first
    _check_index(index, "index_fill")
    _same_device(self, index)
    if isinstance(fill, complex) and not self._dtype.is_complex:   # even 1+0j, unlike fill_
        raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not supported")
    fill = checked_scalar(fill, self._dtype)
    d = normalize_dim(dim, self._data.ndim)
    positions = _index_vector(index, "index_fill")
    size = self._data.shape[d] if self._data.ndim else 1
    _check_range(positions, size, d, allow_negative=True, error=IndexError)

    def write(target):
        if target.ndim == 0:
            if positions.size:
                target[...] = fill
        else:
            target[(slice(None),) * d + (positions,)] = fill

    return (index, value), {"dim": d}, write


index_fill = _paired("index_fill", _prepare_index_fill,
                     "``input`` with the slices at ``index`` along ``dim`` set to ``value``.")


def _prepare_index_put(self, indices, values, accumulate=False):
    from .indexing import index_put_writer

    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put(): argument 'indices' must be tuple of Tensors, not {type(indices).__name__}")
    for position, i in enumerate(indices):   # (None is refused: PyTorch's Python binding takes tensors only)
        if not isinstance(i, TensorBase):
            raise TypeError(f"expected Tensor as element {position} in argument 0, but got {type(i).__name__}")
    _check_tensor(values, "index_put", "values")
    recorded, write = index_put_writer(self, tuple(indices), values, bool(accumulate))
    return (values,), {"indices": recorded, "accumulate": bool(accumulate)}, write


index_put = _paired("index_put", _prepare_index_put,
                    "``input`` with ``values`` written (or added, ``accumulate=True``) at ``input[indices]``.")


# ---- masks --------------------------------------------------------------------------------------
def _check_mask(mask: Any, name: str) -> TensorBase:
    """A bool mask, or PyTorch's refusal: its sentence differs between masked_select, masked_scatter_
    (the scalar type name) and masked_fill_ (the C++ type name)."""
    _check_tensor(mask, name, "mask")
    if mask._dtype is not _core.bool_:
        if name == "masked_select":
            raise RuntimeError("masked_select: expected BoolTensor for mask")
        type_name = _core.type_name if name == "masked_scatter_" else _core.cpp_type_name
        raise RuntimeError(f"{name} only supports boolean masks, but got mask with dtype {type_name(mask._dtype)}")
    return mask


def _mask_for(self: TensorBase, mask: TensorBase, expand_style: bool = False):
    """``mask`` broadcast to ``self``'s shape (in-place ops cannot grow ``self``). PyTorch words a
    mismatch as its TensorIterator does (masked_fill_), or as ``mask.expand(self.shape)`` does
    (``expand_style``: masked_scatter_)."""
    if mask._data.shape == self._data.shape:   # the common call: nothing to broadcast
        return to_device_array(mask._data, self._device)
    if expand_style:
        from .shape import expanded_shape, message_type

        shape = expanded_shape(mask._data.shape, self._data.shape, message_type(mask))
    else:
        check_inplace_broadcast(self, mask)
        shape = self._data.shape
    return array_module(self._device).broadcast_to(to_device_array(mask._data, self._device), shape)


def _broadcast_pair(input: TensorBase, mask: TensorBase, name: str) -> TensorBase:
    """``input`` expanded to its broadcast shape with ``mask`` (out-of-place mask ops broadcast both)."""
    if mask._data.shape == input._data.shape:
        return input
    from .shape import broadcast_shapes, expand, size_mismatch

    message = size_mismatch(mask._data.shape, input._data.shape)     # PyTorch names the mask tensor a
    if message:
        raise RuntimeError(message)
    shape = tuple(broadcast_shapes(input._data.shape, mask._data.shape))
    return input if shape == input._data.shape else expand(input, shape)


def _prepare_masked_fill(self, mask, value):
    _check_tensor(mask, "masked_fill_", "mask")
    fill = _scalar_value(value, "masked_fill_")    # a 0-d tensor's value too; others refused first
    _check_mask(mask, "masked_fill_")
    where = _mask_for(self, mask)
    fill = checked_scalar(fill, self._dtype)

    def write(target):
        target[where] = fill

    return (mask, value), None, write


_inplace_method("masked_fill", _prepare_masked_fill)


@tensor_method()
def masked_fill(input: TensorBase, mask: TensorBase, value: Any) -> Tensor:
    """``input`` with ``value`` where ``mask`` is True (the two broadcast together)."""
    _check_tensor(input, "masked_fill")
    _check_tensor(mask, "masked_fill", "mask")
    if not isinstance(value, TensorBase):
        _scalar_value(value, "masked_fill")    # the argument parser's TypeError comes first
    expanded = _broadcast_pair(input, mask, "masked_fill")   # then masked_fill_'s checks on the copy
    operands, params, write = _prepare_masked_fill(expanded, mask, value)
    return _written_copy("masked_fill", expanded, operands, params, write)


@tensor_method()
def masked_select(input: TensorBase, mask: TensorBase, *, out: Any = None) -> Tensor:
    """The elements of ``input`` where ``mask`` is True (broadcast together), as a 1-d tensor."""
    _check_tensor(input, "masked_select")
    _check_mask(mask, "masked_select")
    _same_device(input, mask)
    expanded = _broadcast_pair(input, mask, "masked_select")
    where = _mask_for(expanded, mask)
    result = _core.wrap(expanded._data[where], input._dtype, input._device)
    if out is not None:
        return _core.copy_into_out(result, out, "masked_select")
    _core.record("masked_select", (input, mask), None, (result,))
    return result


def _prepare_masked_scatter(self, mask, source):
    _check_tensor(mask, "masked_scatter_", "mask")
    _check_tensor(source, "masked_scatter_", "source")
    _same_device(self, mask, source)
    if source._dtype is not self._dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"   # (sic)
                           f"{_core.type_name(self._dtype)} and {_core.type_name(source._dtype)}")
    where = _mask_for(self, mask, expand_style=True)
    _check_mask(mask, "masked_scatter_")    # PyTorch expands the mask before it looks at its dtype
    count = int(where.sum())
    if count > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")

    def write(target):
        target[where] = source._data.reshape(-1)[:count]

    return (mask, source), None, write


_inplace_method("masked_scatter", _prepare_masked_scatter)


@tensor_method()
def masked_scatter(input: TensorBase, mask: TensorBase, source: TensorBase) -> Tensor:
    """``input`` with the positions where ``mask`` is True filled, in order, from ``source``."""
    _check_tensor(input, "masked_scatter")
    _check_tensor(mask, "masked_scatter", "mask")
    _check_tensor(source, "masked_scatter", "source")
    expanded = _broadcast_pair(input, mask, "masked_scatter")   # then masked_scatter_'s checks on the copy
    operands, params, write = _prepare_masked_scatter(expanded, mask, source)
    return _written_copy("masked_scatter", expanded, operands, params, write)


# ---- flat positions -----------------------------------------------------------------------------
@tensor_method()
def take(input: TensorBase, index: TensorBase, *, out: Any = None) -> Tensor:
    """The elements at flat positions ``index`` of ``input`` read in row-major order (shape of ``index``)."""
    _check_tensor(input, "take")
    _check_index(index, "take")
    _same_device(input, index)
    size = input._data.size
    positions = index._data
    if positions.size and (int(positions.min()) < -size or int(positions.max()) >= size):
        bad = int(positions.max()) if int(positions.max()) >= size else int(positions.min())
        raise IndexError(f"out of range: tried to access index {bad} on a tensor of {size} elements.")
    xp = array_module(input._device)
    result = _core.wrap(xp.reshape(input._data, -1)[positions], input._dtype, input._device)
    if out is not None:
        return _core.copy_into_out(result, out, "take")
    _core.record("take", (input, index), None, (result,))
    return result


def _prepare_put(self, index, source, accumulate=False):
    _check_index(index, "put_")
    _check_tensor(source, "put_", "source")
    _same_device(self, index, source)
    if source._dtype is not self._dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{_core.type_name(self._dtype)} and source.dtype = {_core.type_name(source._dtype)}")
    if index._data.size != source._data.size:
        raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                           f"source.numel() = {source._data.size}, index.numel() = {index._data.size}")
    size = self._data.size
    positions = index._data.reshape(-1)
    if positions.size and (int(positions.min()) < -size or int(positions.max()) >= size):
        bad = int(positions.max()) if int(positions.max()) >= size else int(positions.min())
        raise IndexError(f"out of range: tried to access index {bad} on a tensor of {size} elements.")
    xp = array_module(self._device)
    positions = xp.where(positions < 0, positions + size, positions)
    coords = xp.unravel_index(positions, self._data.shape) if self._data.ndim else (positions * 0,)

    def write(target):
        view = target if target.ndim else target.reshape(1)
        values = source._data.reshape(-1)
        if accumulate:
            ufunc_at(xp, "add", view, coords, values)
        else:
            view[coords] = values

    return (index, source), {"accumulate": bool(accumulate)}, write


put = _paired("put", _prepare_put,
              "``input`` with ``source`` written (or added) at the flat positions ``index``.")


def take_along_dim(input: TensorBase, indices: TensorBase, dim: int | None = None, *, out: Any = None) -> Tensor:
    """``gather`` with ``input`` and ``indices`` broadcast together except along ``dim``, where PyTorch
    wraps each index into ``[0, size)`` (Python's modulo: -1 is the last, ``size`` the first); with ``dim``
    None, ``gather`` of both viewed as 1-d (out-of-range indices refused)."""
    from .shape import expand, size_mismatch, view

    _check_tensor(input, "take_along_dim")
    _check_tensor(indices, "take_along_dim", "indices")
    _same_device(input, indices)
    if dim is None:
        result = gather(view(input, -1), 0, view(indices, -1))
        return result if out is None else _core.copy_into_out(result, out, "take_along_dim")
    if input._data.ndim != indices._data.ndim:
        raise RuntimeError("torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {input._data.ndim} dimensions for input, and {indices._data.ndim} dimensions "
                           "for indices")
    _check_index(indices, "take_along_dim")
    d = normalize_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    own, wanted = input._data.shape, indices._data.shape
    for a, b in ((own[:d] + (wanted[d],) + own[d + 1:], wanted), (wanted[:d] + (own[d],) + wanted[d + 1:], own)):
        message = size_mismatch(a, b)   # PyTorch's infer_size: the input first, then the indices
        if message:
            raise RuntimeError(message)
    shape = [max(a, b) if min(a, b) else 0 for a, b in zip(own, wanted)]
    size = own[d]
    if size == 0 and indices._data.size:
        raise RuntimeError("ZeroDivisionError")    # PyTorch's integer remainder by the empty dim's size
    wrapped = indices if indices._data.size == 0 else _core.wrap(
        indices._data % size, indices._dtype, indices._device)
    source_shape = tuple(shape[:d] + [size] + shape[d + 1:])
    index_shape = tuple(shape[:d] + [wanted[d]] + shape[d + 1:])
    source = input if source_shape == own else expand(input, source_shape)
    result = gather(source, d, wrapped if index_shape == wanted else expand(wrapped, index_shape))
    return result if out is None else _core.copy_into_out(result, out, "take_along_dim")


Tensor.take_along_dim = take_along_dim


# ---- positions of nonzero elements, sorted search -----------------------------------------------
@tensor_method()
def nonzero(input: TensorBase, *, out: Any = None, as_tuple: bool = False):
    """The coordinates of the nonzero elements: an ``(n, ndim)`` int64 tensor, or (``as_tuple``) one 1-d
    tensor per dim."""
    _check_tensor(input, "nonzero")
    xp = array_module(input._device)
    data = input._data if input._data.ndim else input._data.reshape(1)
    coords = xp.nonzero(data)
    if as_tuple:
        return tuple(_core.wrap(xp.ascontiguousarray(c.astype(np.int64)), _core.int64, input._device)
                     for c in coords)
    stacked = xp.stack(coords, axis=1).astype(np.int64) if input._data.ndim else \
        xp.zeros((coords[0].shape[0], 0), dtype=np.int64)
    result = _core.wrap(stacked, _core.int64, input._device)
    return result if out is None else _core.copy_into_out(result, out, "nonzero")


@tensor_method()
def argwhere(input: TensorBase) -> Tensor:
    return nonzero(input)


def _search_dtype(out_int32: bool):
    return _core.int32 if out_int32 else _core.int64


@tensor_method()
def searchsorted(sorted_sequence: TensorBase, input: Any, *, out_int32: bool = False, right: bool = False,
                 side: str | None = None, sorter: TensorBase | None = None, out: Any = None) -> Tensor:
    """For each value of ``input``, the index in the innermost dim of ``sorted_sequence`` where it
    would be inserted to keep that dim sorted (after equal values if ``right``/``side="right"``)."""
    _check_tensor(sorted_sequence, "searchsorted", "sorted_sequence")
    if sorted_sequence.dtype is _core.bool_ or sorted_sequence.dtype.is_complex:
        raise NotImplementedError(f"\"searchsorted_out_cpu\" not implemented for "
                                  f"'{_core.type_name(sorted_sequence.dtype)}'")
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                               "while right was True")
        right = side == "right"
    if sorted_sequence._data.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if sorter is not None:
        _check_tensor(sorter, "searchsorted", "sorter")
        if sorter.dtype is not _core.int64:
            raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                               f"{_core.type_name(sorter.dtype)}")
        if tuple(sorter.shape) != tuple(sorted_sequence.shape):
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got "
                               f"boundary tensor {list(sorted_sequence.shape)}and got sorter tensor "   # (sic)
                               f"{list(sorter.shape)}")
    xp = array_module(sorted_sequence._device)
    scalar = not isinstance(input, TensorBase)
    values = xp.asarray(input) if scalar else input._data
    boundaries = sorted_sequence._data
    if sorter is not None:
        boundaries = xp.take_along_axis(boundaries, sorter._data, axis=-1)
    if boundaries.ndim > 1 and (scalar or boundaries.shape[:-1] != values.shape[:-1]):
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           "dimensions of boundaries tensor and input value tensor must match, but we got "
                           f"boundaries tensor {list(boundaries.shape)} and input value tensor "
                           f"{list(values.shape)}")
    side_name = "right" if right else "left"
    if boundaries.ndim <= 1:
        positions = xp.searchsorted(boundaries.reshape(-1), values, side=side_name)
    else:
        rows_b = boundaries.reshape(-1, boundaries.shape[-1])
        rows_v = values.reshape(-1, values.shape[-1])
        positions = xp.stack([xp.searchsorted(b, v, side=side_name) for b, v in zip(rows_b, rows_v)])
        positions = positions.reshape(values.shape)
    dtype = _search_dtype(out_int32)
    result = _core.wrap(xp.asarray(positions).astype(dtype.numpy_dtype), dtype, sorted_sequence._device)
    return result if out is None else _core.copy_into_out(result, out, "searchsorted")


@tensor_method()
def bucketize(input: Any, boundaries: TensorBase, *, out_int32: bool = False, right: bool = False,
              out: Any = None) -> Tensor:
    """The bucket of each value: the index ``i`` with ``boundaries[i-1] < x <= boundaries[i]``
    (``boundaries[i-1] <= x < boundaries[i]`` if ``right``)."""
    _check_tensor(boundaries, "bucketize", "boundaries")
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right, out=out)


__all__ = [
    "gather", "scatter", "scatter_add", "scatter_reduce", "index_select", "index_add", "index_copy",
    "index_fill", "index_put", "masked_fill", "masked_select", "masked_scatter", "take", "take_along_dim",
    "put", "nonzero", "argwhere", "searchsorted", "bucketize",
]

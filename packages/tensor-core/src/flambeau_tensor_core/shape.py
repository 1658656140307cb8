"""Shape and view ops: ``view``/``reshape``/``permute``/``transpose``/``expand``/``squeeze``/``cat``/
``stack``/``split``/``flip``/``roll`` …

View ops return tensors that share memory *and* version counter with their input exactly where
PyTorch's do (``_core.make_view`` over a NumPy/CuPy view of the input's array); the others copy.
Strides are computed with PyTorch's rules (``view`` fails where PyTorch's fails) and views are built
with ``as_strided`` so they stay writable (NumPy's own ``broadcast_to``/``diagonal`` are read-only).

Autograd records, by name, with their ``params`` (composite ops such as ``t``, ``movedim``, ``tile``,
``hstack``, ``split`` record the primitives they are made of, as PyTorch's ``grad_fn`` shows):

=================  ======================================================================
``view``           ``{"size": tuple}`` (``view``, ``view_as``, ``flatten``, ``unflatten`` and
                   ``reshape`` when no copy is needed)
``reshape``        ``{"shape": tuple}`` (``reshape`` that had to copy)
``t``              ``None``
``transpose``      ``{"dim0": int, "dim1": int}``
``permute``        ``{"dims": tuple}``
``expand``         ``{"size": tuple}`` (the output shape; also ``broadcast_to``/``broadcast_tensors``)
``squeeze``        ``{"dim": tuple}`` (the dims actually removed)
``unsqueeze``      ``{"dim": int}``
``narrow``         ``{"dim": int, "start": int, "length": int}`` (also each piece of ``split``,
                   ``chunk``, ``tensor_split``)
``select``         ``{"dim": int, "index": int}`` (also each piece of ``unbind``)
``diagonal``       ``{"offset": int, "dim1": int, "dim2": int}``
``unfold``         ``{"dimension": int, "size": int, "step": int}``
``as_strided``     ``{"size": tuple, "stride": tuple, "storage_offset": int}`` (element units,
                   ``storage_offset`` relative to the input's first element)
``cat``/``stack``  ``{"dim": int}``, inputs: the tensors
``flip``           ``{"dims": tuple}``
``roll``           ``{"shifts": tuple, "dims": tuple | None}``
``repeat``         ``{"repeats": tuple}``
``sum_to_size``    ``{"size": tuple}``
=================  ======================================================================
All dims are non-negative. ``t_``, ``transpose_``, ``squeeze_``, ``unsqueeze_``, ``swapaxes_``
report through ``record_inplace`` with the same names and params.
"""
from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, array_module_of, row_major
from ._core import TensorBase, dtype as DType
from .indexing import unsqueezed_array
from .tensor import (
    Size,
    Tensor,
    dim_size,
    dims_argument,
    int_argument,
    int_list_argument,
    normalize_dim,
    optional_int_argument,
    size_argument,
    tensor_method,
    type_name,
)


# ---- helpers ------------------------------------------------------------------------------------
def _check_tensor(value: Any, name: str, argument: str = "input") -> TensorBase:
    if not isinstance(value, TensorBase):
        raise TypeError(f"{name}(): argument '{argument}' must be Tensor, not {type(value).__name__}")
    return value


def _view(input: TensorBase, array, name: str, params: dict | None) -> Tensor:
    out = _core.make_view(input, array)
    _core.record(name, (input,), params, (out,))
    return out


def _copy(input: TensorBase, array, name: str, params: dict | None) -> Tensor:
    if input._device.type == "cpu" and not isinstance(array, np.ndarray):
        array = np.asarray(array)   # NumPy returns scalars for some 0-d results
    out = _core.wrap(array, input._dtype, input._device)
    _core.record(name, (input,), params, (out,))
    return out


def _as_strided_array(array, shape: Sequence[int], strides: Sequence[int]):
    """A writable view of ``array`` with ``shape`` and byte ``strides`` from its first element."""
    return array_module_of(array).lib.stride_tricks.as_strided(array, shape=tuple(shape), strides=tuple(strides))


def _require_argument(given: Any, name: str, argument: str) -> None:
    """PyTorch's TypeError for a varargs op (``reshape(*shape)``, ``flip(*dims)`` …) called without them."""
    if not given:
        raise TypeError(f'{name}() missing 1 required positional arguments: "{argument}"')


def _format(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def infer_shape(shape: tuple[int, ...], numel: int) -> tuple[int, ...]:
    """``shape`` with its one ``-1`` filled in so it holds ``numel`` elements (PyTorch's errors)."""
    inferred = None
    known = 1
    for i, s in enumerate(shape):
        if s == -1:
            if inferred is not None:
                raise RuntimeError("only one dimension can be inferred")
            inferred = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {_format(shape)}")
        else:
            known *= s
    if inferred is None:
        if known != numel:
            raise RuntimeError(f"shape '{_format(shape)}' is invalid for input of size {numel}")
        return shape
    if known == 0 and numel == 0:
        raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {_format(shape)} because the "
                           "unspecified dimension size -1 can be any value and is ambiguous")
    if known == 0 or numel % known:
        raise RuntimeError(f"shape '{_format(shape)}' is invalid for input of size {numel}")
    return shape[:inferred] + (numel // known,) + shape[inferred + 1:]


def view_strides(shape: Sequence[int], strides: Sequence[int], new_shape: Sequence[int],
                 unit: int = 1) -> tuple | None:
    """Strides that let ``new_shape`` view memory laid out as ``shape``/``strides``, or ``None`` when a
    copy is needed (PyTorch's ``computeStride``; ``unit`` is one element in the units of ``strides``)."""
    if not shape:
        return (unit,) * len(new_shape)
    if math.prod(shape) == 0:
        return tuple(strides) if tuple(shape) == tuple(new_shape) else _contiguous_strides(new_shape, unit)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base_stride = strides[-1]
    tensor_numel = view_numel = 1
    for tensor_d in range(len(shape) - 1, -1, -1):
        tensor_numel *= shape[tensor_d]
        if tensor_d == 0 or (shape[tensor_d - 1] != 1
                             and strides[tensor_d - 1] != tensor_numel * chunk_base_stride):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base_stride
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base_stride = strides[tensor_d - 1]
                tensor_numel = view_numel = 1
    if view_d != -1:
        return None
    return tuple(new_strides)


def _contiguous_strides(shape: Sequence[int], unit: int) -> tuple:
    strides, step = [], unit
    for s in reversed(shape):
        strides.append(step)
        step *= max(s, 1)
    return tuple(reversed(strides))


def _view_array(array, new_shape: tuple):
    """``array`` viewed as ``new_shape``, or ``None`` when the layout needs a copy."""
    strides = view_strides(array.shape, array.strides, new_shape, array.itemsize)
    if strides is None:
        return None
    if array.flags.c_contiguous:   # NumPy's reshape is a view then, and far cheaper than as_strided;
        reshaped = array.reshape(new_shape)
        if reshaped.strides == strides:   # (it may stride size-1 dimensions differently from PyTorch)
            return reshaped
    return _as_strided_array(array, new_shape, strides)


# ---- view / reshape -----------------------------------------------------------------------------
def view(self: TensorBase, *shape: Any) -> Tensor:
    """``view(*shape)``: the same memory seen with another shape (never copies; PyTorch's error when
    the strides do not allow it); ``view(dtype)``: the same bytes read as another dtype."""
    if len(shape) == 1 and isinstance(shape[0], DType):
        return _view_dtype(self, shape[0])
    new_shape = infer_shape(size_argument(shape, "view"), self._data.size)
    array = _view_array(self._data, new_shape)
    if array is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                           "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
    return _view(self, array, "view", {"size": new_shape})


def _view_dtype(self: TensorBase, target: DType) -> Tensor:
    data = self._data
    if target.itemsize != self._dtype.itemsize:
        views = f"view {_core.type_name(self._dtype)} as {_core.type_name(target)} (different element sizes)"
        if data.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 to {views}")
        if data.ndim and data.strides[-1] != data.itemsize and data.shape[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 to {views}, but got {data.strides[-1] // data.itemsize}")
        if (data.shape[-1] * data.itemsize) % target.itemsize:
            raise RuntimeError(f"self.size(-1) must be divisible by {target.itemsize // data.itemsize} to {views}, "
                               f"but got {data.shape[-1]}")
    # PyTorch's dtype views alias the memory (one version counter) but do not count as views
    alias = self.detach()
    alias._data = data.view(target.numpy_dtype)
    alias._dtype = target
    if target is self._dtype:
        _core.record("view", (self,), {"size": tuple(data.shape)}, (alias,))
    return alias


def view_as(self: TensorBase, other: TensorBase) -> Tensor:
    return view(self, tuple(_check_tensor(other, "view_as", "other")._data.shape))


@tensor_method()
def reshape(input: TensorBase, *shape: Any) -> Tensor:
    """``input`` with a new shape: a view when the strides allow it, else a copy."""
    _check_tensor(input, "reshape")
    new_shape = infer_shape(size_argument(shape, "reshape", "shape"), input._data.size)
    array = _view_array(input._data, new_shape)
    if array is not None:
        return _view(input, array, "view", {"size": new_shape})
    xp = array_module(input._device)
    return _copy(input, xp.reshape(input._data, new_shape).copy(), "reshape", {"shape": new_shape})


def reshape_as(self: TensorBase, other: TensorBase) -> Tensor:
    return reshape(self, tuple(_check_tensor(other, "reshape_as", "other")._data.shape))


@tensor_method()
def flatten(input: TensorBase, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Dims ``start_dim..end_dim`` merged into one (a view where possible)."""
    _check_tensor(input, "flatten")
    shape = input._data.shape
    if not shape:
        normalize_dim(start_dim, 0), normalize_dim(end_dim, 0)   # a 0-d tensor still checks its dims
        return reshape(input, (1,))
    start, end = normalize_dim(start_dim, len(shape)), normalize_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return input
    return reshape(input, shape[:start] + (math.prod(shape[start:end + 1]),) + shape[end + 1:])


def unflatten(input: TensorBase, dim: int, sizes: Sequence[int]) -> Tensor:
    """Dim ``dim`` split into ``sizes`` (one of which may be -1)."""
    _check_tensor(input, "unflatten")
    shape = input._data.shape
    sizes = int_list_argument(sizes, "unflatten", "sizes", 3, single=False)
    d = normalize_dim(dim, len(shape))
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if sizes.count(-1) > 1:   # PyTorch's wording for this one surfaces its internal error
        raise RuntimeError("unflatten got an unexpected error:\nonly one dimension can be inferred")
    try:
        sizes = infer_shape(sizes, shape[d])
    except RuntimeError:
        raise RuntimeError(f"unflatten: Provided sizes {_format(sizes)} don't multiply up to the size of dim "
                           f"{d} ({shape[d]}) in the input tensor") from None
    return view(input, shape[:d] + sizes + shape[d + 1:])


def _unflatten_method(self: TensorBase, dim: int, sizes: Sequence[int]) -> Tensor:
    """``Tensor.unflatten``: PyTorch's method (Python code) refuses empty ``sizes`` before the dim."""
    if isinstance(sizes, (list, tuple)) and not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    return unflatten(self, dim, sizes)


Tensor.unflatten = _unflatten_method


# ---- dim permutations ---------------------------------------------------------------------------
def _permuted(input: TensorBase, dims: tuple, name: str, params: dict | None) -> Tensor:
    return _view(input, input._data.transpose(dims), name, params)


def _dims_varargs(args: tuple, keyword: Any, name: str) -> tuple:
    if keyword is not None:
        if args:
            raise TypeError(f"{name}() got multiple values for argument 'dims'")
        args = (keyword,)
    return size_argument(args, name, "dims")


@tensor_method()
def permute(input: TensorBase, *dims: Any, **kwargs: Any) -> Tensor:
    """The dims of ``input`` reordered (``permute(x, (1, 0))`` or ``x.permute(1, 0)``)."""
    _check_tensor(input, "permute")
    _require_argument(dims or ("dims" in kwargs), "permute", "dims")
    order = _dims_varargs(dims, kwargs.pop("dims", None), "permute")
    ndim = input._data.ndim
    if len(order) != ndim:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the "
                           f"length of the desired ordering of dimensions i.e. input.dim() = {ndim} is not "
                           f"equal to len(dims) = {len(order)}")
    order = tuple(normalize_dim(d, ndim) for d in order)
    if len(set(order)) != len(order):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _permuted(input, order, "permute", {"dims": order})


def _transpose_general(input: TensorBase, dim0: int, dim1: int) -> Tensor:
    """``transpose`` for the calls ``_core.transpose`` leaves to Python (0-d, non-int dims, errors)."""
    _check_tensor(input, "transpose")
    ndim = input._data.ndim
    d0, d1 = normalize_dim(dim0, ndim), normalize_dim(dim1, ndim)
    order = list(range(ndim))
    if ndim:
        order[d0], order[d1] = order[d1], order[d0]
    return _permuted(input, tuple(order), "transpose", {"dim0": d0, "dim1": d1})


transpose = tensor_method("transpose")(_core.transpose)
swapaxes = tensor_method("swapaxes")(_core.transpose)
swapdims = tensor_method("swapdims")(_core.transpose)


def _t_general(input: TensorBase) -> Tensor:
    """``t`` for the calls ``_core.t`` leaves to Python (0-d/1-d inputs, errors)."""
    _check_tensor(input, "t")
    if input._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input._data.ndim}D")
    return _permuted(input, tuple(range(input._data.ndim))[::-1], "t", None)


t = tensor_method("t")(_core.t)


def _T(self: TensorBase) -> Tensor:
    order = tuple(range(self._data.ndim))[::-1]
    return _permuted(self, order, "permute", {"dims": order})


def _deprecated_on_0d(attribute: str, advice: str) -> None:
    warnings.warn(f"{attribute} is deprecated on 0-D tensors. {advice}", UserWarning, stacklevel=3)


def _mT(self: TensorBase) -> Tensor:
    if self._data.ndim == 0:   # PyTorch still allows it (the identity), with a warning
        _deprecated_on_0d("Tensor.mT", "This function is the identity in these cases.")
        return _permuted(self, (), "permute", {"dims": ()})
    if self._data.ndim < 2:
        raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. Got "
                           f"{self._data.ndim}-D tensor.")
    return transpose(self, -2, -1)


def _conjugated(x: Tensor) -> Tensor:
    return x.conj() if x._dtype.is_complex else x


def _H(self: TensorBase) -> Tensor:
    if self._data.ndim not in (0, 2):
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {self._data.ndim}-D "
                           "tensor." + (" For batches of matrices, consider using tensor.mH" if self._data.ndim > 2
                                        else ""))
    return _conjugated(t(self))


def _mH(self: TensorBase, name: str = "tensor.mH", attribute: str = "Tensor.mH") -> Tensor:
    if self._data.ndim == 0:   # PyTorch still allows it (the conjugate), with a warning
        _deprecated_on_0d(attribute, "Consider using x.conj().")
        return _conjugated(_permuted(self, (), "permute", {"dims": ()}))
    if self._data.ndim < 2:
        raise RuntimeError(f"{name} is only supported on matrices or batches of matrices. Got "
                           f"{self._data.ndim}-D tensor.")
    return _conjugated(transpose(self, -2, -1))


@tensor_method()
def adjoint(input: TensorBase) -> Tensor:
    return _mH(_check_tensor(input, "adjoint"), "tensor.adjoint()", "adjoint()")


@tensor_method()
def movedim(input: TensorBase, source: Any, destination: Any) -> Tensor:
    """Dims ``source`` moved to positions ``destination``, the others kept in order (a view)."""
    _check_tensor(input, "movedim")
    ndim = input._data.ndim
    given_src = int_list_argument(source, "movedim", "source", 2)
    given_dst = int_list_argument(destination, "movedim", "destination", 3)
    src = tuple(normalize_dim(d, ndim) for d in given_src)
    dst = tuple(normalize_dim(d, ndim) for d in given_dst)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} dims) should "
                           f"contain the same number of dims as destination ({list(dst)} dims)")
    if len(set(src)) != len(src):   # PyTorch's messages print the dims as given
        raise RuntimeError(f"movedim: repeated dim in `source` ({list(given_src)})")
    if len(set(dst)) != len(dst):
        raise RuntimeError(f"movedim: repeated dim in `destination` ({list(given_dst)})")
    rest = iter(d for d in range(ndim) if d not in src)
    placed = dict(zip(dst, src))
    order = tuple(placed[i] if i in placed else next(rest) for i in range(ndim))
    return _permuted(input, order, "permute", {"dims": order})


moveaxis = tensor_method("moveaxis")(movedim)


# ---- adding and removing size-1 dims ------------------------------------------------------------
def _squeezed_dims(shape: tuple, dim: Any) -> tuple[int, ...]:
    """The size-1 dims among ``dim`` (all dims if None) that squeeze removes, sorted."""
    if not shape:
        if dim is not None:   # a 0-d tensor accepts dim 0 / -1 (and stays as it is)
            dims = dims_argument(dim, 0, "squeeze")
            if len(dims) > 1:
                raise RuntimeError("dim 0 appears multiple times in the list of dims")
        return ()
    candidates = range(len(shape)) if dim is None else dims_argument(dim, len(shape), "squeeze")
    repeated = next((d for i, d in enumerate(candidates) if d in candidates[:i]), None)
    if repeated is not None:
        raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
    return tuple(sorted({d for d in candidates if shape[d] == 1}))


@tensor_method()
def squeeze(input: TensorBase, dim: Any = None) -> Tensor:
    """``input`` without its size-1 dims (or only those among ``dim``); always a view."""
    _check_tensor(input, "squeeze")
    shape = input._data.shape
    removed = _squeezed_dims(shape, dim)
    kept = [i for i in range(len(shape)) if i not in removed]
    array = _as_strided_array(input._data, [shape[i] for i in kept], [input._data.strides[i] for i in kept])
    # PyTorch's overloads name the node: squeeze() SqueezeBackward0, squeeze(int) 1, squeeze(dims) 2
    overload = 0 if dim is None else 2 if isinstance(dim, (tuple, list)) else 1
    return _view(input, array, "squeeze", {"dim": removed, "overload": overload})


@tensor_method()
def unsqueeze(input: TensorBase, dim: int) -> Tensor:
    """``input`` with a size-1 dim inserted at ``dim`` (a view)."""
    _check_tensor(input, "unsqueeze")
    d = normalize_dim(dim, input._data.ndim + 1)
    return _view(input, unsqueezed_array(input._data, d), "unsqueeze", {"dim": d})


def _atleast(ndim: int, tensors: tuple):
    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        return tuple(_atleast(ndim, (x,)) for x in tensors[0])
    if len(tensors) != 1:
        return tuple(_atleast(ndim, (x,)) for x in tensors)
    x = _check_tensor(tensors[0], f"atleast_{ndim}d", "tensors")
    if x._data.ndim >= ndim:
        return x
    if x._data.ndim == 0:
        return reshape(x, (1,) * ndim)
    if ndim == 3 and x._data.ndim == 1:
        return unsqueeze(unsqueeze(x, 0), -1)
    if ndim == 3:   # 2-d
        return unsqueeze(x, -1)
    return unsqueeze(x, 0)


def atleast_1d(*tensors: Any):
    """Each tensor with at least one dim (0-d → shape ``(1,)``); a tuple when given several."""
    return _atleast(1, tensors)


def atleast_2d(*tensors: Any):
    return _atleast(2, tensors)


def atleast_3d(*tensors: Any):
    return _atleast(3, tensors)


# ---- expanding and broadcasting -----------------------------------------------------------------
_NO_LEGACY_NAME = ("bool", "complex64", "complex128")


def message_type(tensor: TensorBase) -> str:
    """How PyTorch's C++ messages name a tensor's type: its legacy name (``torch.FloatTensor``) where the
    dtype has one, else the backend type (``CPUBoolType``, ``CUDAComplexFloatType``)."""
    if tensor._dtype.name in _NO_LEGACY_NAME:
        backend = "CUDA" if tensor._device.type == "cuda" else "CPU"
        return f"{backend}{_core.type_name(tensor._dtype)}Type"
    return tensor.type()


def expanded_shape(shape: tuple, sizes: tuple, tensor_type: str) -> tuple:
    """The shape ``expand(*sizes)`` gives a tensor of ``shape`` (-1 keeps a size), with PyTorch's errors
    (which name the tensor's type as :func:`message_type` does)."""
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand({tensor_type}{{{_format(shape)}}}, size={_format(sizes)}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the "
                           f"tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    out = [0] * len(sizes)
    for i in range(len(sizes) - 1, -1, -1):   # PyTorch checks from the last dim
        size = sizes[i]
        if i < lead:
            if size == -1 and shape:   # (a 0-d tensor's -1 goes on to the element count's refusal)
                raise RuntimeError(f"The expanded size of the tensor ({size}) isn't allowed in a leading, "
                                   f"non-existing dimension {i}")
            out[i] = size
            continue
        old = shape[i - lead]
        if size == -1:
            size = old
        if old != size and old != 1:
            raise RuntimeError(f"The expanded size of the tensor ({size}) must match the existing size ({old}) "
                               f"at non-singleton dimension {i}.  Target sizes: {_format(sizes)}.  Tensor "
                               f"sizes: {_format(shape)}")
        out[i] = size
    if any(size < 0 for size in out):   # PyTorch's element count refuses them (it lets [-2, 0] through)
        raise RuntimeError("numel: integer multiplication overflow")
    return tuple(out)


def _expand_to(input: TensorBase, shape: tuple) -> Tensor:
    data = input._data
    lead = len(shape) - data.ndim
    strides = [0 if old == 1 and new != 1 else st for old, new, st in zip(data.shape, shape[lead:], data.strides)]
    for i in range(lead - 1, -1, -1):   # a new dim: stride 0, or (size 1) PyTorch's stride of the dims after it
        outer = shape[i + 1] * strides[0] if strides else 0
        strides.insert(0, 0 if shape[i] != 1 else outer)
    return _view(input, _as_strided_array(data, shape, tuple(strides)), "expand", {"size": shape})


def expand(self: TensorBase, *sizes: Any) -> Tensor:
    """A view with size-1 dims repeated (stride 0) to ``sizes``; new dims are added in front."""
    shape = expanded_shape(self._data.shape, size_argument(sizes, "expand"), message_type(self))
    return _expand_to(self, shape)


def expand_as(self: TensorBase, other: TensorBase) -> Tensor:
    return expand(self, tuple(_check_tensor(other, "expand_as", "other")._data.shape))


def broadcast_to(input: TensorBase, size: Sequence[int]) -> Tensor:
    """``input`` expanded to ``size``; the function takes one sequence, as PyTorch's (the method also
    takes the sizes as separate arguments)."""
    _check_tensor(input, "broadcast_to")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"broadcast_to(): argument 'size' (position 2) must be tuple of ints, not {type_name(size)}")
    return expand(input, size)


@tensor_method("broadcast_to")
def broadcast_to_method(self: TensorBase, *sizes: Any, size: Any = None) -> Tensor:
    """``Tensor.broadcast_to(2, 3)`` or ``(size)``: PyTorch's method parses its size as varargs."""
    if size is not None:
        if sizes:
            raise TypeError("broadcast_to() got multiple values for argument 'size'")
        sizes = (size,)
    return expand(self, size_argument(sizes, "broadcast_to"))


def broadcast_shapes(*shapes: Any) -> Size:
    """The shape that tensors of ``shapes`` broadcast to (PyTorch's RuntimeError when they don't)."""
    normalized = [(int(s),) if isinstance(s, (int, np.integer)) else tuple(int(v) for v in s) for s in shapes]
    ndim = max((len(s) for s in normalized), default=0)
    result = [1] * ndim
    for position, shape in enumerate(normalized):     # each shape from its last dimension, as PyTorch
        for i in range(-1, -1 - len(shape), -1):
            size = shape[i]
            if size < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
            if size == 1 or size == result[i]:
                continue
            if result[i] != 1:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {size} at {i}! Mismatching "
                                   f"argument at index {position} had {shape}; but expected shape should be "
                                   f"broadcastable to {result}")
            result[i] = size
    return Size(result)


def size_mismatch(a: tuple, b: tuple) -> str | None:
    """PyTorch's message for shapes ``a`` and ``b`` that do not broadcast -- the first clash from the last
    dimension, in the broadcast result's numbering -- or None when they do."""
    ndim = max(len(a), len(b))
    for i in range(ndim - 1, -1, -1):
        offset = ndim - 1 - i
        size_a = a[len(a) - 1 - offset] if offset < len(a) else 1
        size_b = b[len(b) - 1 - offset] if offset < len(b) else 1
        if size_a != size_b and size_a != 1 and size_b != 1:
            return (f"The size of tensor a ({size_a}) must match the size of tensor b ({size_b}) at non-singleton "
                    f"dimension {i}")
    return None


def broadcast_tensors(*tensors: Any) -> tuple:
    """The tensors expanded to their common broadcast shape (views; one already of that shape is itself)."""
    if len(tensors) == 1 and isinstance(tensors[0], (tuple, list)):
        tensors = tuple(tensors[0])
    for x in tensors:
        _check_tensor(x, "broadcast_tensors", "tensors")
    shape = tuple(tensors[0]._data.shape) if tensors else ()
    for x in tensors[1:]:       # pairwise from the left, as PyTorch infers the size
        message = size_mismatch(shape, x._data.shape)
        if message:
            raise RuntimeError(message)
        shape = tuple(broadcast_shapes(shape, x._data.shape))
    # an operand already of the broadcast shape comes back as itself, as PyTorch's does (no view, no node)
    return tuple(x if tuple(x._data.shape) == shape else _expand_to(x, shape) for x in tensors)


def sum_to_size(self: TensorBase, *size: Any) -> Tensor:
    """The tensor summed over broadcast dims so it has shape ``size`` (the reverse of ``expand``)."""
    target = size_argument(size, "sum_to_size")
    shape = self._data.shape
    lead = len(shape) - len(target)
    if lead < 0 or any(t != 1 and t != s for t, s in zip(target, shape[lead:])):
        raise RuntimeError(f"size {{{', '.join(map(str, target))}}} is not expandable to size "
                           f"{{{', '.join(map(str, shape))}}}.")
    if target == shape:
        return self
    axes = tuple(range(lead)) + tuple(lead + i for i, t in enumerate(target) if t == 1 and shape[lead + i] != 1)
    xp = array_module(self._device)
    dtype = _core.int64 if self._dtype.category <= 1 else self._dtype   # sum's dtype: int64 for bool/ints
    summed = xp.sum(self._data, axis=axes, keepdims=True, dtype=dtype.numpy_dtype).reshape(target)
    out = _core.wrap(summed, dtype, self._device)
    _core.record("sum_to_size", (self,), {"size": target}, (out,))
    return out


# ---- slicing along a dim ------------------------------------------------------------------------
def _narrow_array(data, dim: int, start: int, length: int):
    index = (slice(None),) * dim + (slice(start, start + length), Ellipsis)
    return data[index]


@tensor_method()
def narrow(input: TensorBase, dim: int, start: Any, length: int) -> Tensor:
    """``length`` elements of dim ``dim`` from ``start`` (negative ``start`` counts from the end); a view."""
    _check_tensor(input, "narrow")
    shape = input._data.shape
    if not shape:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    dim = int_argument(dim, "narrow", "dim", 1)
    start = int_argument(start, "narrow", "start", 2, symint=True)
    length = int_argument(length, "narrow", "length", 3, symint=True)
    if length < 0:   # refused before the dim is looked at
        raise RuntimeError("narrow(): length must be non-negative.")
    d = normalize_dim(dim, len(shape))
    size = shape[d]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return _narrow_piece(input, d, start, length)


def _narrow_piece(input: TensorBase, dim: int, start: int, length: int) -> Tensor:
    return _view(input, _narrow_array(input._data, dim, start, length), "narrow",
                 {"dim": dim, "start": start, "length": length})


@tensor_method()
def select(input: TensorBase, dim: int, index: Any) -> Tensor:
    """The slice at ``index`` of dim ``dim``, that dim removed (a view)."""
    _check_tensor(input, "select")
    shape = input._data.shape
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = normalize_dim(int_argument(dim, "select", "dim", 1), len(shape))
    i = int_argument(index, "select", "index", 2, symint=True)
    if not -shape[d] <= i < shape[d]:
        raise IndexError(f"select(): index {i} out of range for tensor of size {_format(shape)} at dimension {d}")
    return _select_piece(input, d, i % shape[d])


def _select_array(array, dim: int, index: int):
    return array[(slice(None),) * dim + (index, Ellipsis)]


def _select_piece(input: TensorBase, dim: int, index: int) -> Tensor:
    return _view(input, _select_array(input._data, dim, index), "select", {"dim": dim, "index": index})


@tensor_method()
def unbind(input: TensorBase, dim: int = 0) -> tuple:
    """The slices along ``dim`` as a tuple of views."""
    _check_tensor(input, "unbind")
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    d = normalize_dim(dim, input._data.ndim)
    arrays = [_select_array(input._data, d, i) for i in range(input._data.shape[d])]
    return _multi_output_views("unbind", input, arrays, {"dim": d})


def _multi_output_views(name: str, input: TensorBase, arrays: list, params: dict) -> tuple:
    """Views of ``input`` made by one op, recorded as one node with several outputs (PyTorch's
    UnbindBackward0/SplitBackward0 …, which forbid writing into those views in place)."""
    pieces = tuple(_core.make_view(input, array) for array in arrays)
    _core.record(name, (input,), params, pieces)
    return pieces


def _slices(input: TensorBase, dim: int, bounds: Sequence[int]) -> tuple:
    """Views of ``input`` between consecutive ``bounds`` along ``dim``, each its own slice (tensor_split;
    a bound below the one before it gives an empty piece, as the slice ``x[lo:hi]`` does)."""
    return tuple(_narrow_piece(input, dim, lo, max(hi - lo, 0)) for lo, hi in zip(bounds[:-1], bounds[1:]))


def _pieces(input: TensorBase, dim: int, bounds: Sequence[int], name: str) -> tuple:
    """Views of ``input`` between consecutive ``bounds`` along ``dim`` (one ``name`` node)."""
    arrays = [_narrow_array(input._data, dim, lo, hi - lo) for lo, hi in zip(bounds[:-1], bounds[1:])]
    sizes = tuple(hi - lo for lo, hi in zip(bounds[:-1], bounds[1:]))
    return _multi_output_views(name, input, arrays, {"dim": dim, "sizes": sizes})


@tensor_method()
def split(tensor: TensorBase, split_size_or_sections: Any, dim: int = 0) -> tuple:
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the listed sizes."""
    _check_tensor(tensor, "split", "tensor")
    if tensor._data.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    if not isinstance(split_size_or_sections, (list, tuple)):   # a negative size is refused before the dim
        step = int_argument(split_size_or_sections, "split", "split_size", 2, symint=True)
        if step < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got split_size={step}")
    d = normalize_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    if isinstance(split_size_or_sections, (list, tuple)):
        sections = list(int_list_argument(split_size_or_sections, "split_with_sizes", "split_sizes", 2))
        if any(s < 0 for s in sections) or sum(sections) != size:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's "
                               f"size at dimension {dim}), but got split_sizes={sections}")
        return _pieces(tensor, d, list(np.cumsum([0] + sections)), "split_with_sizes")
    if step == 0 and size != 0:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
    count = max(math.ceil(size / step), 1) if step else 1
    return _pieces(tensor, d, [min(i * step, size) for i in range(count)] + [size], "split")


def _split_method(self: TensorBase, split_size: Any, dim: int = 0) -> tuple:
    return split(self, split_size, dim)


@tensor_method()
def chunk(input: TensorBase, chunks: int, dim: int = 0) -> tuple:
    """At most ``chunks`` pieces of equal size ``ceil(n / chunks)`` along ``dim`` (views)."""
    _check_tensor(input, "chunk")
    if input._data.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    chunks = int_argument(chunks, "chunk", "chunks", 2)
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = normalize_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    step = math.ceil(size / chunks)
    if step == 0:
        return tuple(_narrow_piece(input, d, 0, 0) for _ in range(chunks))
    return split(input, step, d)


@tensor_method()
def tensor_split(input: TensorBase, indices_or_sections: Any, dim: int = 0) -> tuple:
    """``sections`` near-equal pieces (the first ``n % sections`` one longer), or pieces between the given
    indices, along ``dim`` (views)."""
    _check_tensor(input, "tensor_split")
    if input._data.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    d = normalize_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    spec = indices_or_sections
    if isinstance(spec, TensorBase):
        if spec.dtype is not _core.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype of long, but "
                               f"got {_core.type_name(spec.dtype)}")
        if spec._data.ndim > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {spec._data.ndim} dims")
        spec = int(spec.item()) if spec._data.ndim == 0 else [int(v) for v in spec.tolist()]
    if isinstance(spec, (list, tuple)):
        indices = int_list_argument(spec, "tensor_split", "indices", 2)
        bounds = [0] + [min(max(i + size if i < 0 else i, 0), size) for i in indices] + [size]
        return _slices(input, d, bounds)
    sections = int_argument(spec, "tensor_split", "sections", 2, symint=True)
    if sections <= 0:
        raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
    small, extra = divmod(size, sections)
    bounds = [0]
    for i in range(sections):
        bounds.append(bounds[-1] + small + (1 if i < extra else 0))
    return _slices(input, d, bounds)


def _split_by(name: str, dim: int, min_ndim: int):
    def split_along(input: TensorBase, indices_or_sections: Any) -> tuple:
        _check_tensor(input, name)
        if input._data.ndim < min_ndim:
            raise RuntimeError(f"torch.{name} requires a tensor with at least {min_ndim} dimension, but got a "
                               f"tensor with {input._data.ndim} dimensions!")
        along = 0 if name == "hsplit" and input._data.ndim == 1 else dim
        if isinstance(indices_or_sections, (int, np.integer)) and (
                indices_or_sections == 0 or input._data.shape[along] % indices_or_sections):
            raise RuntimeError(f"torch.{name} attempted to split along dimension {along}, but the size of the "
                               f"dimension {input._data.shape[along]} is not divisible by the split_size "
                               f"{indices_or_sections}!")
        return tensor_split(input, indices_or_sections, along)

    split_along.__name__ = split_along.__qualname__ = name
    split_along.__doc__ = f"``tensor_split`` along dim {dim}, sections required to divide it evenly."
    return tensor_method(name)(split_along)


hsplit = _split_by("hsplit", 1, 1)
vsplit = _split_by("vsplit", 0, 2)
dsplit = _split_by("dsplit", 2, 3)


# ---- joining ------------------------------------------------------------------------------------
def _tensor_list(tensors: Any, name: str) -> list:
    if isinstance(tensors, TensorBase) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    for i, x in enumerate(tensors):
        if not isinstance(x, TensorBase):
            raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, but found "
                            f"element of type {type(x).__name__} at pos {i}")
    if not tensors:     # PyTorch: cat's Python binding refuses, the stacks' kernels do
        if name in ("cat", "concat", "concatenate"):
            raise ValueError("torch.cat(): expected a non-empty list of Tensors")
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    device = tensors[0]._device
    for x in tensors[1:]:
        if x._device != device:
            raise RuntimeError(f"Expected all tensors to be on the same device, but found at least two devices, "
                               f"{device} and {x._device}!")
    return list(tensors)


def _joined(name: str, tensors: list, arrays: list, dim: int, dtype: DType, out: Any) -> Tensor:
    xp = array_module(tensors[0]._device)
    combine = xp.concatenate if name == "cat" else xp.stack
    if isinstance(out, TensorBase):   # PyTorch refuses an out= that shares memory with an input
        from .selection import check_no_overlap

        check_no_overlap(out, tuple(tensors))
    shape = list(arrays[0].shape)
    if name == "cat":
        shape[dim] = sum(a.shape[dim] for a in arrays)
    else:
        shape.insert(dim, len(arrays))
    joined = xp.empty(shape, dtype.numpy_dtype)    # row-major, as PyTorch's (NumPy keeps the inputs' order)
    combine(arrays, axis=dim, out=joined)
    result = _core.wrap(joined, dtype, tensors[0]._device)
    if out is not None:
        return _core.copy_into_out(result, out, name)
    params = {"dim": dim}
    if name == "cat":   # the backward splits by these, also past inputs that need no gradient
        params["sizes"] = tuple(0 if x._data.shape == (0,) else x._data.shape[dim] for x in tensors)
    _core.record(name, tuple(tensors), params, (result,))
    return result


def _cast_arrays(tensors: list, dtype: DType) -> list:
    return [x._data if x._dtype is dtype else x._data.astype(dtype.numpy_dtype) for x in tensors]


def cat(tensors: Sequence[TensorBase], dim: int = 0, *, out: Any = None) -> Tensor:
    """The tensors joined along an existing dim ``dim`` (dtypes promoted; legacy empty 1-d tensors
    are skipped, as in PyTorch)."""
    tensors = _tensor_list(tensors, "cat")
    for i, x in enumerate(tensors):
        if x._data.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    dtype = _core.result_type(*tensors)
    joined = [x for x in tensors if not (x._data.ndim == 1 and x._data.shape[0] == 0)]
    if not joined:
        result = _core.wrap(array_module(tensors[0]._device).empty((0,), dtype.numpy_dtype), dtype,
                            tensors[0]._device)
        _core.record("cat", tuple(tensors), {"dim": 0}, (result,))
        return result if out is None else _core.copy_into_out(result, out, "cat")
    reference = joined[0]._data.shape
    d = normalize_dim(dim, len(reference))
    for i, x in enumerate(tensors):
        shape = x._data.shape
        if shape == (0,):
            continue
        if len(shape) != len(reference):
            raise RuntimeError(f"Tensors must have same number of dimensions: got {len(reference)} and {len(shape)}")
        bad = next((j for j, (a, b) in enumerate(zip(reference, shape)) if j != d and a != b), None)
        if bad is not None:
            raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size "
                               f"{reference[bad]} but got size {shape[bad]} for tensor number {i} in the list.")
    return _joined("cat", tensors, _cast_arrays(joined, dtype), d, dtype, out)


concat = concatenate = cat


def stack(tensors: Sequence[TensorBase], dim: int = 0, *, out: Any = None) -> Tensor:
    """The tensors (all of one shape) joined along a new dim ``dim``."""
    tensors = _tensor_list(tensors, "stack")
    shape = tensors[0]._data.shape
    for i, x in enumerate(tensors):
        if x._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {_format(shape)} at entry 0 "
                               f"and {_format(x._data.shape)} at entry {i}")
    d = normalize_dim(dim, len(shape) + 1)
    dtype = _core.result_type(*tensors)
    return _joined("stack", tensors, _cast_arrays(tensors, dtype), d, dtype, out)


def hstack(tensors: Sequence[TensorBase], *, out: Any = None) -> Tensor:
    """Joined column-wise: along dim 0 for 1-d tensors, dim 1 otherwise."""
    tensors = atleast_1d(_tensor_list(tensors, "hstack"))
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1, out=out)


def vstack(tensors: Sequence[TensorBase], *, out: Any = None) -> Tensor:
    """Joined row-wise (1-d tensors become rows)."""
    return cat(atleast_2d(_tensor_list(tensors, "vstack")), 0, out=out)


row_stack = vstack


def dstack(tensors: Sequence[TensorBase], *, out: Any = None) -> Tensor:
    """Joined depth-wise, along dim 2."""
    return cat(atleast_3d(_tensor_list(tensors, "dstack")), 2, out=out)


def column_stack(tensors: Sequence[TensorBase], *, out: Any = None) -> Tensor:
    """0-d and 1-d tensors as columns, joined with the others along dim 1."""
    tensors = _tensor_list(tensors, "column_stack")
    columns = [reshape(x, (x._data.size, 1)) if x._data.ndim <= 1 else x for x in tensors]
    return cat(columns, 1, out=out)


# ---- copies that move elements ------------------------------------------------------------------
@tensor_method()
def flip(input: TensorBase, *dims: Any) -> Tensor:
    """A copy with the order of elements reversed along ``dims`` (``flip(x, (0, 1))``, ``x.flip(0, 1)``)."""
    _check_tensor(input, "flip")
    _require_argument(dims, "flip", "dims")
    ndim = input._data.ndim
    axes = tuple(normalize_dim(d, ndim) for d in size_argument(dims, "flip", "dims"))
    repeated = next((d for i, d in enumerate(axes) if d in axes[:i]), None)
    if repeated is not None:
        raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
    if not ndim:
        axes = ()   # a 0-d tensor accepts dims 0 / -1 and has nothing to flip
    from .memory_formats import copy_laid_out_like

    xp = array_module(input._device)
    return _copy(input, copy_laid_out_like(xp.flip(input._data, axis=axes), input), "flip", {"dims": axes})


@tensor_method()
def fliplr(input: TensorBase) -> Tensor:
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


@tensor_method()
def flipud(input: TensorBase) -> Tensor:
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


@tensor_method()
def roll(input: TensorBase, shifts: Any, dims: Any = None) -> Tensor:
    """A copy with elements shifted cyclically by ``shifts`` along ``dims`` (flattened if ``dims`` is None)."""
    _check_tensor(input, "roll")
    shift_tuple = int_list_argument(shifts, "roll", "shifts", 2)
    if not shift_tuple:
        raise RuntimeError("`shifts` required")
    if isinstance(dims, (list, tuple)) and not dims:
        dims = None   # roll(x, 1, []) rolls the flattened tensor, as with no dims
    if dims is None:
        if len(shift_tuple) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shift_tuple)}, dims:0")
        axes = None
    else:
        given = int_list_argument(dims, "roll", "dims", 3)
        if len(given) != len(shift_tuple):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shift_tuple)}, dims:{len(given)}")
        if input._data.size == 0:   # PyTorch returns a clone before it looks at the dims
            return input.clone()
        for d in given:
            dim_size(input._data.shape, d)   # (a 0-d tensor's IndexError names the dim as given)
        axes = tuple(normalize_dim(d, input._data.ndim) for d in given)
    xp = array_module(input._device)
    rolled = xp.roll(input._data, shift_tuple if axes is not None else shift_tuple[0], axis=axes)
    return _copy(input, row_major(xp.asarray(rolled)), "roll", {"shifts": shift_tuple, "dims": axes})


@tensor_method()
def rot90(input: TensorBase, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:
    """The tensor rotated by ``k`` quarter turns in the plane of ``dims`` (from the first toward the
    second), as ``flip`` and ``transpose``."""
    _check_tensor(input, "rot90")
    k = int_argument(k, "rot90", "k", 2)
    dims = int_list_argument(dims, "rot90", "dims", 3, single=False)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input._data.ndim < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input._data.ndim}")
    d0, d1 = (normalize_dim(d, input._data.ndim) for d in dims)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    k %= 4
    if k == 1:
        return transpose(flip(input, (d1,)), d0, d1)
    if k == 2:
        return flip(input, (d0, d1))
    if k == 3:
        return transpose(flip(input, (d0,)), d0, d1)
    from .memory_formats import contiguous_format

    return input.clone(memory_format=contiguous_format)


def repeat(self: TensorBase, *sizes: Any) -> Tensor:
    """The tensor tiled ``sizes[i]`` times along each dim (new leading dims when ``sizes`` is longer)."""
    repeats = size_argument(sizes, "repeat", "repeats")
    if len(repeats) < self._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions "
                           "of tensor")
    if any(r < 0 for r in repeats):
        padded = (1,) * (len(repeats) - self._data.ndim) + tuple(self._data.shape)
        target = [size * r for size, r in zip(padded, repeats)]
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(target)}: {target}")
    xp = array_module(self._device)
    return _copy(self, row_major(xp.tile(self._data, repeats)), "repeat", {"repeats": repeats})


@tensor_method()
def tile(input: TensorBase, dims: Sequence[int]) -> Tensor:
    """``repeat`` with ``dims`` padded with leading ones to the tensor's number of dims."""
    _check_tensor(input, "tile")
    reps = int_list_argument(dims, "tile", "dims", 2)
    return repeat(input, (1,) * (input._data.ndim - len(reps)) + reps)


def _tile_method(self: TensorBase, *dims: Any) -> Tensor:
    """``Tensor.tile``: the dims as one sequence or as separate ints (``x.tile(2, 3)``), as PyTorch's method."""
    return tile(self, dims[0] if len(dims) == 1 and not isinstance(dims[0], int) else dims)


def _require_integer_counts(counts: TensorBase) -> None:
    if counts.dtype.category != 1:
        raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for '{_core.type_name(counts.dtype)}'")


_COUNTS_ONLY = object()   # repeat_interleave(counts): no repeats given (an explicit None is a TypeError)


def _check_output_size(output_size: int | None, total: int, given_as_tensor: bool) -> None:
    """``output_size`` must be the number of repeats, as PyTorch checks it (for repeats given as a tensor,
    when it fills the output)."""
    if output_size is None or output_size == total:
        return
    if given_as_tensor:
        raise RuntimeError("allocated size does not match required size")
    raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {total} but got {output_size}")


def repeat_interleave(input: TensorBase, repeats: Any = _COUNTS_ONLY, dim: int | None = None, *,
                      output_size: int | None = None) -> Tensor:
    """Each element (or slice along ``dim``) repeated ``repeats`` times in place; with a tensor of
    counts only, ``repeat_interleave(counts)`` gives ``i`` repeated ``counts[i]`` times."""
    from .selection import index_select

    _check_tensor(input, "repeat_interleave")
    xp = array_module(input._device)
    output_size = optional_int_argument(output_size, "repeat_interleave", "output_size", symint=True)
    if repeats is _COUNTS_ONLY:   # torch.repeat_interleave(counts)
        counts = input
        _require_integer_counts(counts)
        if counts._data.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if (counts._data < 0).any():
            raise RuntimeError("repeats can not be negative")
        _check_output_size(output_size, int(counts._data.sum()), given_as_tensor=True)
        return _core.wrap(xp.repeat(xp.arange(counts._data.shape[0]), counts._data), counts._dtype,
                          counts._device)
    if repeats is None or isinstance(repeats, (bool, float, str, list, tuple)):
        raise TypeError(f"repeat_interleave(): argument 'repeats' (position 2) must be Tensor or int, not "
                        f"{type_name(repeats)}")
    if dim is not None and input._data.ndim == 0:   # PyTorch's two overloads refuse a 0-d input's dim apart
        normalize_dim(dim, 0)
        if isinstance(repeats, TensorBase):
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    source = flatten(input) if dim is None else input
    d = 0 if dim is None else normalize_dim(dim, max(input._data.ndim, 1))
    size = source._data.shape[d] if source._data.ndim else 1
    if isinstance(repeats, TensorBase):
        _require_integer_counts(repeats)
        if repeats._data.ndim > 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        counts = repeats._data.reshape(-1)
        if counts.shape[0] == 1:
            counts = xp.broadcast_to(counts, (size,))
        elif counts.shape[0] != size:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{counts.shape[0]} and input.size({d}) = {size}")
    else:
        count = int_argument(repeats, "repeat_interleave", "repeats", 2, symint=True)
        if count < 0:
            raise RuntimeError("Repeats must be non-negative")
        counts = xp.full((size,), count, dtype=np.int64)
    if (counts < 0).any():
        raise RuntimeError("repeats can not be negative")
    _check_output_size(output_size, int(counts.sum()), given_as_tensor=isinstance(repeats, TensorBase))
    positions = _core.wrap(xp.repeat(xp.arange(size, dtype=np.int64), counts), _core.int64, input._device)
    if source._data.ndim == 0:
        source = reshape(source, (1,))
    return index_select(source, d, positions)


# ---- strided views ------------------------------------------------------------------------------
def unfold(self: TensorBase, dimension: int, size: int, step: int) -> Tensor:
    """All windows of ``size`` elements every ``step`` along ``dimension``, as a new last dim (a view)."""
    data = self._data
    d = normalize_dim(dimension, data.ndim)
    size, step = int_argument(size, "unfold", "size", 2), int_argument(step, "unfold", "step", 3)
    length = data.shape[d] if data.ndim else 1
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if data.ndim == 0:   # windows of 0 or 1 element
        return _view(self, data.reshape((1,))[:size], "unfold", {"dimension": d, "size": size, "step": step})
    shape = list(data.shape)
    strides = list(data.strides)
    shape[d] = (length - size) // step + 1
    strides[d] = data.strides[d] * step
    array = _as_strided_array(data, shape + [size], strides + [data.strides[d]])
    return _view(self, array, "unfold", {"dimension": d, "size": size, "step": step})


@tensor_method()
def diagonal(input: TensorBase, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of the ``dim1``/``dim2`` planes (``offset`` above it if positive) as a last dim; a view."""
    _check_tensor(input, "diagonal")
    data = input._data
    offset = int_argument(offset, "diagonal", "offset", 2)
    d1, d2 = normalize_dim(dim1, data.ndim), normalize_dim(dim2, data.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    rows, cols = data.shape[d1], data.shape[d2]
    length = max(min(rows, cols - offset) if offset >= 0 else min(rows + offset, cols), 0)
    start = data
    if length:
        start = _narrow_array(data, d2, offset, length) if offset >= 0 else _narrow_array(data, d1, -offset, length)
    keep = [i for i in range(data.ndim) if i not in (d1, d2)]
    shape = [data.shape[i] for i in keep] + [length]
    strides = [data.strides[i] for i in keep] + [data.strides[d1] + data.strides[d2]]
    return _view(input, _as_strided_array(start, shape, strides), "diagonal",
                 {"offset": offset, "dim1": d1, "dim2": d2})


@tensor_method()
def as_strided(input: TensorBase, size: Sequence[int], stride: Sequence[int],
               storage_offset: int | None = None) -> Tensor:
    """A view with explicit ``size``/``stride`` (in elements) over the memory of ``input``'s storage,
    starting ``storage_offset`` elements from it (default: where ``input`` starts)."""
    _check_tensor(input, "as_strided")
    size = int_list_argument(size, "as_strided", "size", 2, single=False)
    stride = int_list_argument(stride, "as_strided", "stride", 3, single=False)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: "
                           f"{_format(stride)}")
    root = input._base if input._base is not None else input
    itemsize = input._data.itemsize
    current = input.storage_offset()
    offset = current if storage_offset is None else int_argument(storage_offset, "as_strided", "storage_offset", 4,
                                                                  symint=True)
    # start from `input`'s first element, move by (offset - current) elements: a flat strided view does it
    start = _as_strided_array(input._data, (1,), (itemsize,)) if input._data.size else input._data.reshape(-1)
    if offset != current:
        span = abs(offset - current)
        start = _as_strided_array(input._data, (span + 1,), (itemsize if offset > current else -itemsize,))[span:]
    extent = offset + sum((s - 1) * st for s, st in zip(size, stride)) + 1 if all(size) else 0
    storage_size = _storage_elements(root)
    if extent > storage_size:
        raise RuntimeError(f"setStorage: sizes {_format(size)}, strides {_format(stride)}, storage offset {offset}, "
                           f"and itemsize {itemsize} requiring a storage size of {extent * itemsize} are out of "
                           f"bounds for storage of size {storage_size * itemsize}")
    array = _as_strided_array(start, size, tuple(s * itemsize for s in stride))
    params = {"size": size, "stride": stride, "storage_offset": offset - current}
    return _view(input, array, "as_strided", params)


def _storage_elements(root: TensorBase) -> int:
    """How many elements the storage behind ``root`` spans (its own array's extent)."""
    data = root._data
    if data.size == 0:
        return 0
    return 1 + sum((s - 1) * abs(st) for s, st in zip(data.shape, data.strides)) // data.itemsize


# ---- in-place metadata changes ------------------------------------------------------------------
def _restrided_inplace(name: str, function):
    signature = inspect.signature(function)

    def inplace(self: TensorBase, *args: Any, **kwargs: Any) -> TensorBase:
        bound = signature.bind(self, *args, **kwargs)   # keyword arguments (``squeeze_(dim=0)``) too
        bound.apply_defaults()
        args = tuple(bound.arguments.values())[1:]
        if name == "t" and self._data.ndim > 2:   # t's own check would name t()
            raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is {self._data.ndim}D")
        viewed = function(self.detach(), *args)
        params = _inplace_params(name, self, viewed, args)

        def mutate():
            self._data = viewed._data

        _core.record_inplace(name, self, (self,), params, mutate)
        return self

    inplace.__name__ = inplace.__qualname__ = name + "_"
    setattr(Tensor, name + "_", inplace)
    return inplace


def _inplace_params(name: str, self: TensorBase, viewed: TensorBase, args: tuple) -> dict | None:
    ndim = self._data.ndim
    if name in ("transpose", "swapaxes", "swapdims"):
        return {"dim0": normalize_dim(args[0], ndim), "dim1": normalize_dim(args[1], ndim)}
    if name == "unsqueeze":
        return {"dim": normalize_dim(args[0], ndim + 1)}
    if name == "squeeze":
        return {"dim": _squeezed_dims(self._data.shape, args[0] if args else None)}
    return None


for _name, _function in (("t", t), ("transpose", transpose), ("swapaxes", transpose),
                         ("swapdims", transpose), ("squeeze", squeeze), ("unsqueeze", unsqueeze)):
    _restrided_inplace(_name, _function)


def _repeat_interleave_method(self: TensorBase, repeats: Any, dim: int | None = None, *,
                              output_size: int | None = None) -> Tensor:
    """``Tensor.repeat_interleave``: unlike the function, ``repeats`` is required."""
    return repeat_interleave(self, repeats, dim, output_size=output_size)


# ---- methods that PyTorch only has on Tensor ----------------------------------------------------
Tensor.view = view
Tensor.view_as = view_as
Tensor.reshape_as = reshape_as
Tensor.expand = expand
Tensor.expand_as = expand_as
Tensor.sum_to_size = sum_to_size
Tensor.repeat = repeat
Tensor.unfold = unfold
Tensor.split = _split_method
Tensor.repeat_interleave = _repeat_interleave_method
Tensor.tile = _tile_method
_core.register_general_path("transpose", _transpose_general)
_core.register_general_path("t", _t_general)
_core.register_general_path("T", _T)      # Tensor.T and Tensor.mT are TensorBase properties
_core.register_general_path("mT", _mT)
Tensor.H = property(_H)
Tensor.mH = property(_mH)

__all__ = [
    "reshape", "flatten", "unflatten", "permute", "transpose", "swapaxes", "swapdims", "t", "adjoint",
    "movedim", "moveaxis", "squeeze", "unsqueeze", "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_to",
    "broadcast_shapes", "broadcast_tensors", "narrow", "select", "unbind", "split", "chunk", "tensor_split",
    "hsplit", "vsplit", "dsplit", "cat", "concat", "concatenate", "stack", "hstack", "vstack", "row_stack",
    "dstack", "column_stack", "flip", "fliplr", "flipud", "roll", "rot90", "tile", "repeat_interleave",
    "diagonal", "as_strided",
]


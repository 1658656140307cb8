"""Out-of-place forms of view ops, as PyTorch exposes them for functionalization:

* ``select_scatter``/``slice_scatter``/``diagonal_scatter``/``as_strided_scatter``: a copy of ``input``
  whose region (the view the op names) is replaced by ``src``;
* ``view_copy``, ``permute_copy`` … ``view_as_complex_copy`` and ``narrow_copy``: the view op's result
  as a fresh contiguous tensor that shares no memory with ``input``.

Autograd: each ``*_scatter`` records its own name with inputs ``(input, src)`` and PyTorch's parameter
names (``{"dim", "index"}``, ``{"dim", "start", "end", "step"}``, ``{"offset", "dim1", "dim2"}``,
``{"size", "stride", "storage_offset", "layout"}``; dims non-negative). The ``*_copy`` functions are the view op
followed by ``clone``, which record themselves.

The copy of ``input`` keeps its memory order (as PyTorch's ``clone``), which is the memory that
``as_strided_scatter``'s ``size``/``stride``/``storage_offset`` address.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from . import _core
from ._backend import array_module
from .complex_views import view_as_complex, view_as_real
from .memory_formats import contiguous_format
from .pointwise import require_tensor
from .shape import as_strided, diagonal, narrow, permute, select, split, squeeze, t, transpose, unbind, unsqueeze
from .tensor import Tensor, normalize_dim, tensor_method
from .tensor_misc import split_with_sizes


def slice_view(input: Any, dim: int = 0, start: int | None = None, end: int | None = None, step: int = 1) -> Tensor:
    """``input[..., start:end:step, ...]`` along ``dim`` (a view), with PyTorch's positive-step rule."""
    require_tensor(input, "slice")
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    d = normalize_dim(dim, input.ndim)
    return input[(slice(None),) * d + (slice(start, end, step),)]


def _alias(input: Any) -> Tensor:
    alias = _core.make_view(require_tensor(input, "alias"), input._data)
    _core.record("alias", (input,), None, (alias,))
    return alias


# ---- scatter: a copy with a view's region replaced --------------------------------------------------
def _scatter(name: str, input: Any, src: Any, region_of: Callable[[Tensor], Tensor], params: dict) -> Tensor:
    require_tensor(input, name)
    require_tensor(src, name, "src", 2)
    _core.check_same_device(input, src)
    # laid out like `input` (PyTorch's preserve_format clone): as_strided_scatter addresses that memory
    out = _core.wrap(input._data.copy(order="K"), input._dtype, input._device)
    region = region_of(out)
    if region._data.shape != src._data.shape:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src._data.shape)}, slice size = {list(region._data.shape)}")
    region._data[...] = src._data.astype(input._dtype.numpy_dtype, copy=False)
    _core.record(name, (input, src), params, (out,))
    return out


def select_scatter(input: Any, src: Any, dim: int, index: int) -> Tensor:
    """A copy of ``input`` with ``input.select(dim, index)`` replaced by ``src``."""
    if require_tensor(input, "select_scatter").ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = normalize_dim(dim, input.ndim)
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
                         f"dimension {d}")
    index %= size
    return _scatter("select_scatter", input, src, lambda t_: select(t_, d, index), {"dim": d, "index": index})


def slice_scatter(input: Any, src: Any, dim: int = 0, start: int | None = None, end: int | None = None,
                  step: int = 1) -> Tensor:
    """A copy of ``input`` with ``input[..., start:end:step]`` (along ``dim``) replaced by ``src``."""
    d = normalize_dim(dim, require_tensor(input, "slice_scatter").ndim)
    params = {"dim": d, "start": start, "end": end, "step": step}
    return _scatter("slice_scatter", input, src, lambda t_: slice_view(t_, **params), params)


def diagonal_scatter(input: Any, src: Any, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """A copy of ``input`` with ``input.diagonal(offset, dim1, dim2)`` replaced by ``src``."""
    ndim = require_tensor(input, "diagonal_scatter").ndim
    params = {"offset": offset, "dim1": normalize_dim(dim1, ndim), "dim2": normalize_dim(dim2, ndim)}
    return _scatter("diagonal_scatter", input, src, lambda t_: diagonal(t_, **params), params)


def as_strided_scatter(input: Any, src: Any, size: Sequence[int], stride: Sequence[int],
                       storage_offset: int | None = None) -> Tensor:
    """A copy of ``input`` with ``as_strided(size, stride, storage_offset)`` of it replaced by ``src``; the
    copy keeps ``input``'s memory order (its element strides are recorded as ``"layout"``)."""
    view = {"size": tuple(size), "stride": tuple(stride), "storage_offset": storage_offset or 0}
    layout = array_module(require_tensor(input, "as_strided_scatter")._device).empty_like(input._data).strides
    params = {**view, "layout": tuple(s // input._data.itemsize for s in layout)}
    return _scatter("as_strided_scatter", input, src, lambda t_: as_strided(t_, **view), params)


# ---- copy: a view op's result in fresh memory -------------------------------------------------------
def _copy_variant(name: str, view_op: Callable) -> Callable:
    """``name(*args, out=None, **kwargs)``: ``view_op(*args, **kwargs)`` cloned (each piece, for ops
    returning several views)."""
    @functools.wraps(view_op)
    def copy_variant(*args: Any, out: Any = None, **kwargs: Any):
        viewed = view_op(*args, **kwargs)
        if isinstance(viewed, tuple):
            copies = tuple(piece.clone(memory_format=contiguous_format) for piece in viewed)
            return copies if out is None else list(_core.copy_into_outs(copies, out, name))
        copy = viewed.clone(memory_format=contiguous_format)
        return copy if out is None else _core.copy_into_out(copy, out, name)

    copy_variant.__name__ = copy_variant.__qualname__ = name
    copy_variant.__doc__ = f"``{view_op.__name__}`` as a new contiguous tensor (no memory shared with the input)."
    return copy_variant


def _view(input: Any, size: Any) -> Tensor:
    return require_tensor(input, "view_copy").view(size)


def _expand(input: Any, size: Sequence[int], *, implicit: bool = False) -> Tensor:
    return require_tensor(input, "expand_copy").expand(size)


def _unfold(input: Any, dimension: int, size: int, step: int) -> Tensor:
    return require_tensor(input, "unfold_copy").unfold(dimension, size, step)


_VIEW_OPS = {
    "view_copy": _view, "permute_copy": permute, "transpose_copy": transpose, "t_copy": t,
    "squeeze_copy": squeeze, "unsqueeze_copy": unsqueeze, "expand_copy": _expand, "diagonal_copy": diagonal,
    "select_copy": select, "slice_copy": slice_view, "split_copy": split, "unbind_copy": unbind,
    "unfold_copy": _unfold, "as_strided_copy": as_strided, "alias_copy": _alias,
    "view_as_real_copy": view_as_real, "view_as_complex_copy": view_as_complex, "narrow_copy": narrow,
    "split_with_sizes_copy": split_with_sizes, "detach_copy": Tensor.detach,
}
for _name, _op in _VIEW_OPS.items():
    globals()[_name] = _copy_variant(_name, _op)
Tensor.narrow_copy = globals()["narrow_copy"]
for _scatter_op in (select_scatter, slice_scatter, diagonal_scatter, as_strided_scatter):
    tensor_method()(_scatter_op)

__all__ = ["select_scatter", "slice_scatter", "diagonal_scatter", "as_strided_scatter", *_VIEW_OPS]

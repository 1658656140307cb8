"""In-place ops on views: PyTorch's ``CopySlices``.

When an in-place op writes through a view, the *base* changes too, so the base gets a new node whose
backward routes the gradient of the viewed region through the in-place op's formula and passes the
rest of the base's gradient through untouched; the view is then re-expressed as a slice of the new
base. Views are located inside their base by flat element positions computed from the arrays'
strides, which works for any view tensor-core makes (slices, transposes, diagonals …)."""
from __future__ import annotations

import numpy as np

import flambeau_tensor_core as ft

from . import _engine
from ._primitives import put_flat, take_flat


def _pointer(array) -> int:
    if isinstance(array, np.ndarray):
        return array.__array_interface__["data"][0]
    return array.data.ptr


def view_positions(base_data, view_data):
    """For each element of ``view_data``, its flat (C-order) index in ``base_data``."""
    xp = np if isinstance(base_data, np.ndarray) else array_module_of_cupy()
    item = base_data.itemsize
    low = _pointer(base_data) + sum(min(0, s * (n - 1)) for s, n in zip(base_data.strides, base_data.shape))
    high = _pointer(base_data) + sum(max(0, s * (n - 1)) for s, n in zip(base_data.strides, base_data.shape))
    shadow = xp.full((high - low) // item + 1, -1, dtype=xp.int64)
    stride_tricks = xp.lib.stride_tricks

    def laid_out(pointer, shape, strides):
        offset = (pointer - low) // item
        return stride_tricks.as_strided(shadow[offset:], shape, tuple(s // item * 8 for s in strides))

    laid_out(_pointer(base_data), base_data.shape, base_data.strides)[...] = \
        xp.arange(base_data.size, dtype=xp.int64).reshape(base_data.shape)
    return laid_out(_pointer(view_data), view_data.shape, view_data.strides).copy()


def array_module_of_cupy():
    import cupy
    return cupy


def _real_layout(array):
    """A complex array's memory as real numbers: a last dim of (real, imaginary), as ``view_as_real``."""
    parts = array.real
    xp = np if isinstance(array, np.ndarray) else array_module_of_cupy()
    return xp.lib.stride_tricks.as_strided(parts, parts.shape + (2,), parts.strides + (parts.itemsize,))


def _identity(t):
    return t


def _copy_slices_formula(inplace_node, base_to_real, region_to_view, view_to_region, real_to_base):
    """Positions index the base's real layout when base and view differ in complexity (``z.real``,
    ``view_as_complex(x)``); the four converters move gradients between the layouts."""
    def formula(grads, inputs, outputs, params, metas):
        grad = base_to_real(grads[0])
        positions = params["positions"]
        region = take_flat(grad, positions)
        results = _engine.apply_fitted(inplace_node, (region_to_view(region),))
        through_view = results[0]
        through_view = region * 0 if through_view is None else view_to_region(through_view)
        return (real_to_base(put_flat(grad, positions, through_view)),) + tuple(results[1:])
    return formula


def copy_slices(base, view, inplace_node) -> None:
    """Give ``base`` (and ``view``) the history of an in-place op ``inplace_node`` done on ``view``."""
    complex_base = base._dtype.is_complex and not view._dtype.is_complex
    complex_view = view._dtype.is_complex and not base._dtype.is_complex
    positions = view_positions(_real_layout(base._data) if complex_base else base._data,
                               _real_layout(view._data) if complex_view else view._data)
    base_edge = _engine.gradient_edge(base) if base._requires_grad else None
    node = _engine.named_node("CopySlices")
    node.op = "copy_slices"
    node.formula = _copy_slices_formula(
        inplace_node, ft.view_as_real if complex_base else _identity, ft.view_as_complex if complex_view else _identity,
        ft.view_as_real if complex_view else _identity, ft.view_as_complex if complex_base else _identity)
    node.edges = (base_edge,) + tuple(inplace_node.edges[1:])
    node.input_meta = ((base._data.shape, base._dtype, base._device) if base_edge is not None else None,) \
        + tuple(inplace_node.input_meta[1:])
    node.params = {"positions": positions}
    node.num_outputs = 1
    _engine.attach(node, (base,))
    if complex_base or complex_view:   # the view's history: base's real layout, gathered, back to its dtype
        region = take_flat(ft.view_as_real(base) if complex_base else base, positions)
        _engine.attach((ft.view_as_complex(region) if complex_view else region).grad_fn, (view,))
        return

    view_node = _engine.named_node("AsStridedBackward0")
    view_node.op = "_take_flat"
    view_node.formula = _engine.FORMULA_TABLE["_take_flat"][0]
    view_node.edges = ((node, 0),)
    view_node.input_meta = ((base._data.shape, base._dtype, base._device),)
    view_node.params = {"positions": positions}
    view_node.num_outputs = 1
    _engine.attach(view_node, (view,))

"""Formulas of tensor-core's complex views and constructors (``complex_views.py``, ``complex``/``polar``),
fills (``fill``/``fill_``/``zero_``), the ``*_scatter`` ops and ``as_strided_``.

Complex gradients follow PyTorch's convention (the conjugate Wirtinger derivative, ``dL/dx + i dL/dy``
for ``z = x + iy``): the gradient of ``z.real`` is ``g`` seen as complex, of ``z.imag`` it is ``i g``, and
a real input that met complex values gets the real part (the engine casts).
"""
from __future__ import annotations

import math

import flambeau_tensor_core as ft

from .. import _primitives as P
from .._views import view_positions
from ._registry import derivative, name_nodes, needs, overload_name
from .arithmetic import conj


@derivative("real")
def real(grads, inputs, outputs, params, metas):
    return grads[0]          # the engine casts it to the complex input's dtype (imaginary part 0)


@derivative("imag")
def imag(grads, inputs, outputs, params, metas):
    return grads[0] * 1j


@derivative("angle", save="inputs")
def angle(grads, inputs, outputs, params, metas):
    z = inputs[0]
    if not z.dtype.is_complex:
        return grads[0] * 0
    magnitude_squared = z.abs() ** 2
    safe = ft.where(magnitude_squared == 0, ft.ones_like(magnitude_squared), magnitude_squared)
    grad = grads[0] * z / safe * 1j
    return ft.where(magnitude_squared == 0, ft.zeros_like(grad), grad)


@derivative("conj", "conj_physical")
def conjugate(grads, inputs, outputs, params, metas):
    return conj(grads[0])


@derivative("view_as_real")
def view_as_real(grads, inputs, outputs, params, metas):
    return ft.view_as_complex(grads[0].contiguous())


@derivative("view_as_complex")
def view_as_complex(grads, inputs, outputs, params, metas):
    return ft.view_as_real(grads[0])


@derivative("complex")
def complex_(grads, inputs, outputs, params, metas):
    g = grads[0]
    return (ft.real(g) if needs(metas, 0) else None), (ft.imag(g) if needs(metas, 1) else None)


@derivative("polar", save="inputs,outputs")
def polar(grads, inputs, outputs, params, metas):
    g, theta, z = grads[0], inputs[1], outputs[0]
    direction = ft.complex(theta.cos(), theta.sin())
    grad_abs = ft.real(conj(g) * direction) if needs(metas, 0) else None
    grad_angle = ft.real(conj(g) * z * 1j) if needs(metas, 1) else None
    return grad_abs, grad_angle


@derivative("fill", "fill_")
def fill(grads, inputs, outputs, params, metas):
    """The filled tensor loses its values (zero gradient); a 0-d tensor value reaches every element."""
    g = grads[0]
    grad_self = P.zeros(metas[0][0], g.dtype, g.device) if needs(metas, 0) else None
    grad_value = g.sum() if len(metas) > 1 and needs(metas, 1) else None
    return grad_self, grad_value


@derivative("zero_")
def zero_(grads, inputs, outputs, params, metas):
    return P.zeros(metas[0][0], grads[0].dtype, grads[0].device)


# the region each scatter op replaces, taken from a gradient (a copy: gradients never alias)
_REGIONS = {
    "select_scatter": lambda g, p: ft.select_copy(g, p["dim"], p["index"]),
    "slice_scatter": lambda g, p: ft.slice_copy(g, p["dim"], p["start"], p["end"], p["step"]),
    "diagonal_scatter": lambda g, p: ft.diagonal_copy(g, p["offset"], p["dim1"], p["dim2"]),
    "as_strided_scatter": lambda g, p: ft.as_strided_copy(g, p["size"], p["stride"], p["storage_offset"]),
}


def _laid_out(g, params):
    """``g`` in fresh memory; for ``as_strided_scatter`` in the order the forward's copy of ``input`` had,
    since its ``size``/``stride``/``storage_offset`` address that memory."""
    if "layout" not in params:
        return g
    laid = ft.empty_strided(tuple(g.shape), params["layout"], dtype=g.dtype, device=g.device)
    return laid.copy_(g)


def _scatter_formula(name: str):
    scatter = getattr(ft, name)
    region_of = _REGIONS[name]

    @derivative(name)
    def formula(grads, inputs, outputs, params, metas):
        """``input`` gets the gradient outside the region, ``src`` the gradient inside it."""
        g = _laid_out(grads[0], params)
        view = {k: v for k, v in params.items() if k != "layout"}
        region = region_of(g, view)
        grad_input = scatter(g, region * 0, **view) if needs(metas, 0) else None
        return grad_input, (region if needs(metas, 1) else None)

    formula.__name__ = name
    return formula


for _name in _REGIONS:
    _scatter_formula(_name)


@derivative("as_strided_")
def as_strided_(grads, inputs, outputs, params, metas):
    """Each element of the restrided tensor is where it was in the old layout (``source``); repeated
    positions accumulate."""
    shape = metas[0][0]
    positions = view_positions(params["source"], params["result"]).reshape(-1)
    flat = P.index_backward(grads[0].reshape(-1), (math.prod(shape),), (positions,))
    return flat.reshape(shape)


name_nodes({
    # PyTorch's real/imag of a complex tensor are selects from its view_as_real
    "real": "SelectBackward0", "imag": "SelectBackward0",
    "fill": overload_name("Fill", 1, 1, 0), "fill_": overload_name("Fill", 1, 3, 2),
    "as_strided_": "AsStridedBackward1",
})

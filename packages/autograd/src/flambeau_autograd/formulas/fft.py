"""Formulas of ``flambeau.fft``: a transform's adjoint is the opposite transform with the opposite
normalisation; one-sided (``rfft``) spectra are zero-padded back to full length, and the adjoint of
``irfft`` counts the implied conjugate-symmetric half twice. Gradients are then cropped or zero-padded
to the input's length (``n=``/``s=`` trim or pad the signal)."""
from __future__ import annotations

import flambeau_tensor_core as ft

from .. import _primitives as P
from ._registry import derivative, name_nodes

_SWAPPED = {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}


def _fit_length(g, axis: int, length: int):
    size = g.shape[axis]
    if size > length:
        return g[(slice(None),) * axis + (slice(0, length),)]
    if size < length:
        pad_shape = list(g.shape)
        pad_shape[axis] = length - size
        return ft.cat([g, P.zeros(tuple(pad_shape), g.dtype, g.device)], dim=axis)
    return g


def _axes_and_sizes(params, shape, grad_shape):
    if "n" in params:
        axes = (params["dim"],)
        sizes = (params["n"] if params["n"] is not None else grad_shape[params["dim"]],)
    else:
        axes = tuple(params["dim"])
        sizes = tuple(params["s"]) if params.get("s") is not None else tuple(grad_shape[a] for a in axes)
    return axes, sizes


def _crop_to_input(g, axes, shape):
    for axis in axes:
        g = _fit_length(g, axis, shape[axis])
    return g


def _c2c(inverse_name: str):
    def formula(grads, inputs, outputs, params, metas):
        g = grads[0]
        axes, sizes = _axes_and_sizes(params, metas[0][0], tuple(g.shape))
        norm = _SWAPPED[params.get("norm")]
        result = getattr(ft.fft, inverse_name)(g, s=sizes, dim=axes, norm=norm)
        return _crop_to_input(result, axes, metas[0][0])
    return formula


derivative("fft_fft", "fft_fftn", "fft_fft2")(_c2c("ifftn"))
derivative("fft_ifft", "fft_ifftn", "fft_ifft2")(_c2c("fftn"))


@derivative("fft_rfft", "fft_rfftn", "fft_rfft2")
def rfft(grads, inputs, outputs, params, metas):
    g = grads[0]
    shape = metas[0][0]
    axes, _ = _axes_and_sizes(params, shape, tuple(g.shape))
    sizes = [params["n"]] if "n" in params and params["n"] is not None else \
        (list(params["s"]) if params.get("s") is not None else [shape[a] for a in axes])
    full = _fit_length(g, axes[-1], sizes[-1])
    result = ft.fft.ifftn(full, s=sizes, dim=axes, norm=_SWAPPED[params.get("norm")])
    return _crop_to_input(result, axes, shape)


@derivative("fft_irfft", "fft_irfftn", "fft_irfft2")
def irfft(grads, inputs, outputs, params, metas):
    g = grads[0]
    shape = metas[0][0]
    axes, _ = _axes_and_sizes(params, shape, tuple(g.shape))
    sizes = [g.shape[a] for a in axes]
    spectrum = ft.fft.rfftn(g, s=sizes, dim=axes, norm=_SWAPPED[params.get("norm")])
    last = axes[-1]
    doubled = sizes[-1] - spectrum.shape[last]
    if doubled > 0:
        weights = ft.ones(spectrum.shape[last], dtype=ft.float64)
        weights[1:1 + doubled] = 2
        view = [1] * spectrum.ndim
        view[last] = spectrum.shape[last]
        spectrum = spectrum * weights.reshape(view).to(spectrum.device)
    return _crop_to_input(spectrum, axes, shape)


def _complex_input(node) -> bool:
    return node.input_meta[0][1].is_complex


# PyTorch's fft ops are three primitives: complex-to-complex, real-to-complex (rfft, and fft of a real
# signal: a two-sided r2c) and complex-to-real (irfft, hfft); fftn/ifftn of a real signal cast it first
name_nodes({
    **{op: "FftC2CBackward0" for op in ("fft_fftn", "fft_fft2", "fft_ifftn", "fft_ifft2")},
    "fft_fft": lambda node: "FftC2CBackward0" if _complex_input(node) else "FftR2CBackward0",
    "fft_ifft": lambda node: "FftC2CBackward0" if _complex_input(node) else "ConjBackward0",
    **{op: "FftR2CBackward0" for op in ("fft_rfft", "fft_rfftn", "fft_rfft2")},
    **{op: "FftC2RBackward0" for op in ("fft_irfft", "fft_irfftn", "fft_irfft2")},
})

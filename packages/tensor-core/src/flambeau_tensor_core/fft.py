"""``flambeau.fft``: PyTorch's discrete Fourier transforms over ``numpy.fft`` (CPU) and ``cupy.fft`` (CUDA).

Real inputs are promoted like PyTorch's (integers to the default float dtype; float32 → complex64,
float64 → complex128). Every transform takes ``norm`` = ``"backward"`` (default), ``"ortho"`` or
``"forward"`` and reports to autograd as ``fft_<name>`` with ``{"s"/"n", "dim", "norm"}`` params.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, to_device_array
from ._core import TensorBase
from .default_device import factory_device
from .tensor import normalize_dim

_NORMS = (None, "backward", "ortho", "forward")


def _prepare(name: str, input: Any, norm: str | None, real_only: bool = False) -> TensorBase:
    if not isinstance(input, TensorBase):
        raise TypeError(f"fft_{name}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if norm not in _NORMS:
        raise RuntimeError(f"Invalid normalization mode: {norm}")
    if real_only and input.dtype.is_complex:
        raise RuntimeError(f"{name} expects a real input tensor, but got {_core.type_name(input.dtype)}")
    if input.dtype is _core.float16:
        raise RuntimeError(f"Unsupported dtype Half for fft_{name} on this device")
    return input


def _real_dtype(input: TensorBase) -> _core.dtype:
    if input.dtype.is_complex:
        return input.dtype.to_real()
    return input.dtype if input.dtype.is_floating_point else _core.get_default_dtype()


def _finish(name: str, input: TensorBase, array, complex_result: bool, params: dict, out):
    real = _real_dtype(input)
    dtype = real.to_complex() if complex_result else real
    result = _core.wrap(array_module(input.device).ascontiguousarray(array).astype(dtype.numpy_dtype, copy=False),
                        dtype, input.device)
    _core.record(f"fft_{name}", (input,), params, (result,))
    return result if out is None else _core.copy_into_out(result, out, f"fft_{name}")


def _data(input: TensorBase):
    """The input array in the precision the transform runs in (integers go to the default float)."""
    if input.dtype.is_floating_point or input.dtype.is_complex:
        return input._data
    return input._data.astype(_core.get_default_dtype().numpy_dtype)


def _check_length(n: int | None) -> None:
    if n is not None and n < 1:
        raise RuntimeError(f"Invalid number of data points ({n}) specified")


# ---- one-dimensional transforms ----------------------------------------------------------------------
_ONE_D = {  # name: (numpy function name, complex output, real input only)
    "fft": ("fft", True, False), "ifft": ("ifft", True, False), "rfft": ("rfft", True, True),
    "irfft": ("irfft", False, False),
}


def _transform_1d(name: str, input: Any, n: int | None, dim: int, norm: str | None, out):
    function, complex_result, real_only = _ONE_D[name]
    input = _prepare(name, input, norm, real_only)
    _check_length(n)
    axis = normalize_dim(dim, input.dim())
    xp = array_module(input.device)
    array = getattr(xp.fft, function)(_data(input), n=n, axis=axis, norm=norm)
    return _finish(name, input, array, complex_result, {"n": n, "dim": axis, "norm": norm}, out)


def fft(input, n: int | None = None, dim: int = -1, norm: str | None = None, *, out=None):
    """One-dimensional discrete Fourier transform along ``dim`` (zero-padded or trimmed to ``n``)."""
    return _transform_1d("fft", input, n, dim, norm, out)


def ifft(input, n: int | None = None, dim: int = -1, norm: str | None = None, *, out=None):
    return _transform_1d("ifft", input, n, dim, norm, out)


def rfft(input, n: int | None = None, dim: int = -1, norm: str | None = None, *, out=None):
    """The non-negative-frequency half (``n // 2 + 1`` terms) of the FFT of a real signal."""
    return _transform_1d("rfft", input, n, dim, norm, out)


def irfft(input, n: int | None = None, dim: int = -1, norm: str | None = None, *, out=None):
    """The real signal (length ``n``, default ``2 * (size - 1)``) whose ``rfft`` is ``input``."""
    return _transform_1d("irfft", input, n, dim, norm, out)


# hfft/ihfft are composed as PyTorch composes them -- irfft(conj(x)) and conj(rfft(x)) with the
# opposite normalisation -- so they differentiate through those ops.
_OPPOSITE_NORM = {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}


def hfft(input, n: int | None = None, dim: int = -1, norm: str | None = None, *, out=None):
    """FFT of a Hermitian-symmetric signal given by its first half: a real spectrum."""
    input = _prepare("hfft", input, norm)
    result = irfft(input.conj(), n, dim, _OPPOSITE_NORM[norm])
    return result if out is None else _core.copy_into_out(result, out, "fft_hfft")


def ihfft(input, n: int | None = None, dim: int = -1, norm: str | None = None, *, out=None):
    """The first half of the inverse FFT of a real signal (the inverse of ``hfft``)."""
    input = _prepare("ihfft", input, norm, real_only=True)
    result = rfft(input, n, dim, _OPPOSITE_NORM[norm]).conj()
    return result if out is None else _core.copy_into_out(result, out, "fft_ihfft")


# ---- n-dimensional transforms ------------------------------------------------------------------------
_N_D = {"fftn": ("fftn", True, False), "ifftn": ("ifftn", True, False), "rfftn": ("rfftn", True, True),
        "irfftn": ("irfftn", False, False)}


def _axes(input: TensorBase, s: Sequence[int] | None, dim: Any) -> tuple[tuple[int, ...] | None, tuple[int, ...]]:
    if isinstance(dim, int):
        dim = (dim,)
    if dim is None:
        axes = tuple(range(input.dim())) if s is None else tuple(range(input.dim() - len(s), input.dim()))
    else:
        axes = tuple(normalize_dim(d, input.dim()) for d in dim)
        if len(set(axes)) != len(axes):
            raise RuntimeError(f"FFT dims must be unique, got {tuple(dim)}")
    if s is not None:
        s = tuple(int(v) for v in s)
        if len(s) != len(axes):
            raise RuntimeError(f"When given, dim and shape arguments must have the same length (s={s}, dim={dim})")
        for v in s:
            if v != -1:
                _check_length(v)
        s = tuple(input.shape[a] if v == -1 else v for v, a in zip(s, axes))
    return s, axes


def _transform_nd(name: str, input: Any, s: Sequence[int] | None, dim: Any, norm: str | None, out):
    function, complex_result, real_only = _N_D[name]
    input = _prepare(name, input, norm, real_only)
    shape, axes = _axes(input, s, dim)
    xp = array_module(input.device)
    if not axes:
        array = _data(input).copy()
        if complex_result:
            array = array.astype(_real_dtype(input).to_complex().numpy_dtype)
    else:
        array = getattr(xp.fft, function)(_data(input), s=shape, axes=axes, norm=norm)
    return _finish(name, input, array, complex_result, {"s": shape, "dim": axes, "norm": norm}, out)


def fftn(input, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None, *, out=None):
    """N-dimensional FFT over ``dim`` (all dims, or the last ``len(s)``, by default)."""
    return _transform_nd("fftn", input, s, dim, norm, out)


def ifftn(input, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None, *, out=None):
    return _transform_nd("ifftn", input, s, dim, norm, out)


def rfftn(input, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None, *, out=None):
    return _transform_nd("rfftn", input, s, dim, norm, out)


def irfftn(input, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None, *, out=None):
    return _transform_nd("irfftn", input, s, dim, norm, out)


def fft2(input, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None, *, out=None):
    return _transform_nd("fftn", input, s, dim, norm, out)


def ifft2(input, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None, *, out=None):
    return _transform_nd("ifftn", input, s, dim, norm, out)


def rfft2(input, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None, *, out=None):
    return _transform_nd("rfftn", input, s, dim, norm, out)


def irfft2(input, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None, *, out=None):
    return _transform_nd("irfftn", input, s, dim, norm, out)


# ---- frequencies and shifts ----------------------------------------------------------------------------
def _frequencies(name: str, n: int, d: float, dtype, device, requires_grad: bool, out):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"{name}(): argument 'n' must be int, not {type(n).__name__}")
    if n < 0:
        raise RuntimeError(f"{name}: n must be non-negative, got {n}")
    dtype = _core.get_default_dtype() if dtype is None else _core.check_dtype(dtype)
    device = factory_device(device)
    if n:
        values = (np.fft.fftfreq if name == "fftfreq" else np.fft.rfftfreq)(int(n), d)
    else:   # PyTorch: no frequencies for fftfreq(0); rfftfreq(0) has its one term, 0 / 0
        values = np.zeros(0) if name == "fftfreq" else np.full(1, np.nan)
    result = _core.wrap(to_device_array(values.astype(dtype.numpy_dtype), device), dtype, device)
    if requires_grad:
        result.requires_grad_(True)
    return result if out is None else _core.copy_into_out(result, out, name)


def fftfreq(n: int, d: float = 1.0, *, out=None, dtype=None, layout=None, device: Any = None,
            requires_grad: bool = False):
    """The sample frequencies of an ``n``-point FFT with sample spacing ``d``: ``[0, 1, …, -1] / (d n)``."""
    return _frequencies("fftfreq", n, d, dtype, device, requires_grad, out)


def rfftfreq(n: int, d: float = 1.0, *, out=None, dtype=None, layout=None, device: Any = None,
             requires_grad: bool = False):
    """The non-negative sample frequencies of an ``n``-point ``rfft``."""
    return _frequencies("rfftfreq", n, d, dtype, device, requires_grad, out)


def _shift(name: str, input: Any, dim: Any, sign: int):
    if not isinstance(input, TensorBase):
        raise TypeError(f"{name}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if dim is None:
        axes = tuple(range(input.dim()))
    else:
        axes = tuple(normalize_dim(d, input.dim()) for d in ((dim,) if isinstance(dim, int) else dim))
    if not axes:
        raise RuntimeError(f"{name}: a 0-d tensor has no dimension to shift (`shifts` required)")
    shifts = tuple(sign * (input.shape[a] // 2) for a in axes)
    xp = array_module(input.device)
    result = _core.wrap(xp.roll(input._data, shifts, axes), input.dtype, input.device)
    _core.record("roll", (input,), {"shifts": shifts, "dims": axes}, (result,))
    return result


def fftshift(input, dim: Any = None):
    """Move the zero-frequency term to the centre (a roll by ``size // 2`` along each of ``dim``)."""
    return _shift("fftshift", input, dim, 1)


def ifftshift(input, dim: Any = None):
    """The inverse of ``fftshift`` (a roll by ``-(size // 2)``)."""
    return _shift("ifftshift", input, dim, -1)


__all__ = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn",
           "rfftn", "irfftn", "fftfreq", "rfftfreq", "fftshift", "ifftshift"]

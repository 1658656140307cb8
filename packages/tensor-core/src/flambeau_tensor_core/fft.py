"""``flambeau.fft``: PyTorch's discrete Fourier transforms over ``numpy.fft`` (CPU) and ``cupy.fft`` (CUDA).

Real inputs are promoted like PyTorch's (integers to the default float dtype; float32 → complex64,
float64 → complex128). Every transform takes ``norm`` = ``"backward"`` (default), ``"ortho"`` or
``"forward"`` and reports to autograd as ``fft_<name>`` with ``{"s"/"n", "dim", "norm"}`` params.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core, numpy_names
from ._backend import array_module, to_device_array
from ._core import TensorBase
from .complex_views import view_as_real as _view_as_real
from .default_device import factory_device
from .selection import index_add as _index_add
from .shape import cat as _cat
from .tensor import factory_requires_grad as _factory_requires_grad, int_argument as _int_argument, normalize_dim

_NORMS = (None, "backward", "ortho", "forward")


def _prepare(name: str, input: Any, norm: str | None, real_only: bool = False) -> TensorBase:
    if not isinstance(input, TensorBase):
        raise TypeError(f"fft_{name}(): argument 'input' must be Tensor, not {type(input).__name__}")
    if norm not in _NORMS:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    if real_only and input.dtype.is_complex:
        raise RuntimeError(f"{name} expects a real input tensor, but got {_core.type_name(input.dtype)}")
    if input.dtype is _core.float16:
        raise RuntimeError("Unsupported dtype Half" if input.device.type == "cpu" else
                           f"Unsupported dtype Half for fft_{name} on this device")
    return input


def _real_dtype(input: TensorBase) -> _core.dtype:
    if input.dtype.is_complex:
        return input.dtype.to_real()
    return input.dtype if input.dtype.is_floating_point else _core.get_default_dtype()


def _finish(name: str, input: TensorBase, array, complex_result: bool, params: dict, out):
    real = _real_dtype(input)
    dtype = real.to_complex() if complex_result else real
    if not array.flags.c_contiguous:   # (ascontiguousarray would make a 0-d result 1-d)
        array = array_module(input.device).ascontiguousarray(array)
    result = _core.wrap(array.astype(dtype.numpy_dtype, copy=False), dtype, input.device)
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
    if input.dim() == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    axis = normalize_dim(dim, input.dim())
    if name == "irfft" and n is None:
        _check_length(2 * (input.shape[axis] - 1))
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
    if s is not None and len(s) > input.dim():
        raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has {input.dim()} dimensions.")
    if dim is None:
        axes = tuple(range(input.dim())) if s is None else tuple(range(input.dim() - len(s), input.dim()))
    else:
        axes = tuple(normalize_dim(d, input.dim()) for d in dim)
        if len(set(axes)) != len(axes):
            raise RuntimeError("FFT dims must be unique")
    if s is not None:
        s = tuple(int(v) for v in s)
        if len(s) != len(axes):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
        for v in s:
            if v != -1:
                _check_length(v)
        s = tuple(input.shape[a] if v == -1 else v for v, a in zip(s, axes))
    return s, axes


def _check_some_axis(name: str, axes: tuple) -> None:
    """The real-to-complex and complex-to-real transforms need an axis to halve."""
    if not axes and name in ("rfftn", "irfftn", "hfftn", "ihfftn"):
        raise RuntimeError(f"{name} must transform at least one axis")


def _transform_nd(name: str, input: Any, s: Sequence[int] | None, dim: Any, norm: str | None, out):
    function, complex_result, real_only = _N_D[name]
    input = _prepare(name, input, norm, real_only)
    shape, axes = _axes(input, s, dim)
    _check_some_axis(name, axes)
    if name == "irfftn" and shape is None:
        _check_length(2 * (input.shape[axes[-1]] - 1))
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


def hfftn(input, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None, *, out=None):
    """The n-dimensional FFT of a Hermitian-symmetric signal given by its half along the last of ``dim``:
    a real spectrum (``irfftn(conj(x))`` with the opposite normalisation, as PyTorch composes it)."""
    input = _prepare("hfftn", input, norm)
    _check_some_axis("hfftn", _axes(input, s, dim)[1])
    result = irfftn(input.conj(), s, dim, _OPPOSITE_NORM[norm])
    return result if out is None else _core.copy_into_out(result, out, "fft_hfftn")


def ihfftn(input, s: Sequence[int] | None = None, dim: Any = None, norm: str | None = None, *, out=None):
    """The half (along the last of ``dim``) of the n-dimensional inverse FFT of a real signal: the inverse
    of ``hfftn`` (``conj(rfftn(x))`` with the opposite normalisation)."""
    input = _prepare("ihfftn", input, norm, real_only=True)
    _check_some_axis("ihfftn", _axes(input, s, dim)[1])
    result = rfftn(input, s, dim, _OPPOSITE_NORM[norm]).conj()
    return result if out is None else _core.copy_into_out(result, out, "fft_ihfftn")


def hfft2(input, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None, *, out=None):
    """``hfftn`` over two dimensions."""
    return hfftn(input, s, dim, norm, out=out)


def ihfft2(input, s: Sequence[int] | None = None, dim: Any = (-2, -1), norm: str | None = None, *, out=None):
    """``ihfftn`` over two dimensions."""
    return ihfftn(input, s, dim, norm, out=out)


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
    dtype = _core.get_default_dtype() if dtype is None else _core.check_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"{name} requires a floating point or complex dtype")
    if dtype.is_complex:   # PyTorch builds the frequencies with arange, which has no complex kernel
        raise NotImplementedError(f"\"arange_cpu\" not implemented for '{_core.type_name(dtype)}'")
    size = n if name == "fftfreq" else int(n / 2) + 1   # (C++'s division: toward zero)
    if size < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {size}: [{size}]")
    if isinstance(d, TensorBase):
        d = d.item()
    device = factory_device(device)
    if n <= 0 and name == "rfftfreq" and size == 0:
        values = np.zeros(0)
    elif n:
        values = (np.fft.fftfreq if name == "fftfreq" else np.fft.rfftfreq)(int(n), d)
    else:   # PyTorch: no frequencies for fftfreq(0); rfftfreq(0) has its one term, 0 / 0
        values = np.zeros(0) if name == "fftfreq" else np.full(1, np.nan)
    result = _core.wrap(to_device_array(values.astype(dtype.numpy_dtype), device), dtype, device)
    if requires_grad:
        _factory_requires_grad(result)
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


# ---- short-time transforms ---------------------------------------------------------------------------
# stft/istft are composed of differentiable ops (index_select/cat padding, unfold, window product, rfft/fft,
# index_add overlap-add) as PyTorch composes them, so autograd and CUDA come with those ops.
_PAD_MODES = ("constant", "reflect", "replicate", "circular")
_NO_WINDOW_WARNING = (
    "A window was not provided. A rectangular window will be applied,which is known to cause spectral leakage. "
    "Other windows such as torch.hann_window or torch.hamming_window are recommended to reduce spectral leakage."
    "To suppress this warning and use a rectangular window, explicitly set `window=torch.ones(n_fft, "
    "device=<device>)`.")
_REAL_RESULT_WARNING = (
    "stft with return_complex=False is deprecated. In a future pytorch release, stft will return complex tensors "
    "for all inputs, and return_complex=False will raise an error.\nNote: you can still call torch.view_as_real "
    "on the complex output to recover the old return format.")


def _zeros_beside(input: TensorBase, width: int, dim: int = -1) -> TensorBase:
    """Zeros shaped like ``input`` but ``width`` long along ``dim``."""
    shape = list(input.shape)
    shape[dim] = width
    return input.new_zeros(shape)


def _pad_last(input: TensorBase, left: int, right: int, mode: str = "constant") -> TensorBase:
    """``input`` padded along its last dim (PyTorch's ``F.pad(input, [left, right], mode)``), as a ``cat``
    with zeros or an ``index_select`` of the reflected/replicated/wrapped positions."""
    if mode == "constant":
        return _cat([_zeros_beside(input, left), input, _zeros_beside(input, right)], -1)
    size = input.shape[-1]
    positions = np.arange(-left, size + right)
    if mode == "reflect":
        positions = np.abs(positions)
        positions = np.where(positions >= size, 2 * (size - 1) - positions, positions)
    elif mode == "replicate":
        positions = np.clip(positions, 0, size - 1)
    else:
        positions = positions % size
    index = _core.wrap(to_device_array(positions.astype(np.int64), input.device), _core.int64, input.device)
    return input.index_select(-1, index)


def _center_pad(input: TensorBase, pad: int, mode: str) -> TensorBase:
    """torch.stft's ``center`` padding: ``F.pad`` of the input viewed as 3-d (1-d and 2-d inputs get leading
    ones), with ``F.pad``'s errors, then viewed back."""
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    dims = input.dim()
    extended = [1] * (3 - dims) + list(input.shape)
    size = extended[-1]
    if mode != "constant":
        if len(extended) > 3:
            raise NotImplementedError(
                f"Padding size 2 is not supported for {len(extended)}D input tensor.\nSupported combinations for "
                "non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D "
                "input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 "
                "dimensions)")
        if mode == "circular" and pad > size:
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if mode != "circular" and size == 0:
            raise RuntimeError("Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero "
                               f"dimensions for input, but got: {extended}")
        if mode == "reflect" and pad >= size:
            raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input dimension, "
                               f"but got: padding ({pad}, {pad}) at dimension {len(extended) - 1} of input {extended}")
    padded = _pad_last(input.reshape(extended), pad, pad, mode)
    return padded.reshape(padded.shape[-dims:]) if dims else padded


def _describe(value: Any) -> str:
    """An optional argument as PyTorch's stft/istft errors print it (bools as 0/1, tensors as type and size)."""
    if isinstance(value, TensorBase):
        return f"{value.type()}{{{list(value.shape)}}}"
    return str(int(value)) if isinstance(value, bool) else str(value)


def _optional_int(value: Any, name: str, argument: str, position: int) -> int | None:
    return None if value is None else _int_argument(value, name, argument, position)


def stft(input, n_fft: int, hop_length: int | None = None, win_length: int | None = None, window=None,
         center: bool = True, pad_mode: str = "reflect", normalized: bool = False, onesided: bool | None = None,
         return_complex: bool | None = None, align_to_window: bool | None = None):
    """Short-time Fourier transform: the FFT of each ``hop_length``-spaced, windowed ``n_fft``-long frame of a
    1-d signal or a 2-d batch of them, shaped ``(batch?, n_freq, n_frames)`` (PyTorch's ``torch.stft``)."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"stft(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    n_fft = _int_argument(n_fft, "stft", "n_fft", 2)
    hop_length = _optional_int(hop_length, "stft", "hop_length", 3)
    win_length = _optional_int(win_length, "stft", "win_length", 4)
    if center and align_to_window is not None:
        raise RuntimeError("stft align_to_window should only be set when center = false")
    if center:
        input = _center_pad(input, n_fft // 2, pad_mode)
    if window is None:
        warnings.warn(_NO_WINDOW_WARNING, UserWarning, stacklevel=2)
    complex_window = window is not None and window.dtype.is_complex
    if return_complex is None and not (input.dtype.is_complex or complex_window):
        raise RuntimeError("stft requires the return_complex parameter be given for real inputs, and will further "
                           "require that return_complex=True in a future PyTorch release.")
    if return_complex is not None and not return_complex:
        warnings.warn(_REAL_RESULT_WARNING, UserWarning, stacklevel=2)
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    prefix = (f"stft({input.type()}{list(input.shape)}, n_fft={n_fft}, hop_length={hop}, win_length={win}, "
              f"window={_describe(window)}, normalized={int(bool(normalized))}, onesided={_describe(onesided)}, "
              f"return_complex={_describe(return_complex)}, align_to_window={_describe(align_to_window)}) : ")
    if not (input.dtype.is_floating_point or input.dtype.is_complex):
        raise RuntimeError(prefix + "expected a tensor of floating point or complex values")
    if input.dim() not in (1, 2):
        raise RuntimeError(prefix + "expected a 1D or 2D tensor")
    length = input.shape[-1]
    if n_fft <= 0 or n_fft > length:
        raise RuntimeError(prefix + f"expected 0 < n_fft < {length}, but got n_fft={win if align_to_window else n_fft}")
    if hop <= 0:
        raise RuntimeError(prefix + f"expected hop_length > 0, but got hop_length={hop}")
    if win <= 0 or win > n_fft:
        raise RuntimeError(prefix + f"expected 0 < win_length <= n_fft, but got win_length={win}")
    if window is not None and (window.dim() != 1 or window.shape[0] != win):
        raise RuntimeError(prefix + f"expected a 1D window tensor of size equal to win_length={win}, but got window "
                           f"with size {list(window.shape)}")
    left = (n_fft - win) // 2
    signal = input if input.dim() == 2 else input.unsqueeze(0)
    if align_to_window and win < n_fft:      # frames start where their window does, not n_fft // 2 before
        signal = _pad_last(signal, left, n_fft - win - left)
    frames = signal.unfold(-1, n_fft, hop)   # (batch, n_frames, n_fft)
    if window is not None or win < n_fft:
        if window is None:
            window = input.new_ones(win, dtype=_real_dtype(input))
        frames = frames * _pad_last(window, left, n_fft - win - left)
    complex_frames = frames.dtype.is_complex
    onesided = not complex_frames if onesided is None else onesided
    norm = "ortho" if normalized else "backward"
    if complex_frames:
        if onesided:
            raise RuntimeError("Cannot have onesided output if window or input is complex")
        spectrum = fft(frames, norm=norm)
    else:
        spectrum = rfft(frames, norm=norm) if onesided else fft(frames, norm=norm)
    spectrum = spectrum.transpose(1, 2)
    if input.dim() == 1:
        spectrum = spectrum.squeeze(0)
    return spectrum if return_complex or return_complex is None else _view_as_real(spectrum)


def istft(input, n_fft: int, hop_length: int | None = None, win_length: int | None = None, window=None,
          center: bool = True, normalized: bool = False, onesided: bool | None = None, length: int | None = None,
          return_complex: bool = False):
    """Inverse short-time Fourier transform: the inverse FFT of each frame of an ``stft`` result, windowed,
    overlap-added and divided by the overlap-added squared window (PyTorch's ``torch.istft``)."""
    if not isinstance(input, TensorBase):
        raise TypeError(f"istft(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    n_fft = _int_argument(n_fft, "istft", "n_fft", 2)
    hop = n_fft // 4 if hop_length is None else _int_argument(hop_length, "istft", "hop_length", 3)
    win = n_fft if win_length is None else _int_argument(win_length, "istft", "win_length", 4)
    length = _optional_int(length, "istft", "length", 9)
    if not input.dtype.is_complex:
        raise RuntimeError("istft requires a complex-valued input tensor matching the output from stft with "
                           "return_complex=True.")
    dims = input.dim() + 1                   # PyTorch checks the sizes of view_as_real(input)
    if dims < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-dims}, {dims - 1}], but got "
                         f"{-2 if dims < 2 else -3})")
    fft_size, n_frames = input.shape[-2], input.shape[-1]
    device = "CPU" if input.device.type == "cpu" else "CUDA"
    prefix = (f"istft({device}{_core.type_name(input.dtype)}Type{list(input.shape)}, n_fft={n_fft}, "
              f"hop_length={hop}, win_length={win}, window={_describe(window)}, center={int(bool(center))}, "
              f"normalized={int(bool(normalized))}, onesided={_describe(onesided)}, length={length}, "
              f"return_complex={int(bool(return_complex))})")
    if dims not in (3, 4):
        raise RuntimeError(f"{prefix} : expected a tensor with 3 or 4 dimensions, but got {dims}")
    onesided = fft_size != n_fft if onesided is None else onesided
    if onesided and n_fft // 2 + 1 != fft_size:
        raise RuntimeError(f"{prefix} : expected the frequency dimension (3rd to the last) of the input tensor to "
                           f"match n_fft / 2 + 1 when onesided=True, but got {fft_size}")
    if not onesided and n_fft != fft_size:
        raise RuntimeError(f"{prefix} : expected the frequency dimension (3rd to the last) of the input tensor to "
                           f"match n_fft when onesided=False, but got {fft_size}")
    if not 0 < hop <= win:
        raise RuntimeError(f"{prefix} : expected 0 < hop_length <= win_length")
    if not 0 < win <= n_fft:
        raise RuntimeError(f"{prefix} : expected 0 < win_length <= n_fft")
    if window is not None and (window.dim() != 1 or window.shape[0] != win):
        raise RuntimeError(f"{prefix} : Invalid window shape. window has to be 1D and length of `win_length`")
    if window is None:
        window = input.new_ones(win, dtype=input.dtype.to_real())
    left = (n_fft - win) // 2
    window = _pad_last(window, left, n_fft - win - left)
    frames = (input if dims == 4 else input.unsqueeze(0)).transpose(1, 2)   # (batch, n_frames, fft_size)
    norm = "ortho" if normalized else "backward"
    if return_complex:
        if onesided:
            raise RuntimeError("Cannot have onesided output if window or input is complex")
        frames = ifft(frames, norm=norm)
    else:
        if window.dtype.is_complex:
            raise RuntimeError("Complex windows are incompatible with return_complex=False")
        frames = irfft(frames[..., :n_fft // 2 + 1], n=n_fft, norm=norm)
    signal_length = n_fft + hop * (n_frames - 1)
    positions = (np.arange(n_frames)[:, None] * hop + np.arange(n_fft)).reshape(-1)
    index = _core.wrap(to_device_array(positions.astype(np.int64), input.device), _core.int64, input.device)
    weighted = (frames * window).reshape(frames.shape[0], n_frames * n_fft)
    signal = _index_add(_zeros_beside(weighted, signal_length), 1, index, weighted)
    squares = (window * window).expand(n_frames, n_fft).reshape(-1)
    envelope = _index_add(_zeros_beside(squares, signal_length, 0), 0, index, squares)
    start = n_fft // 2 if center else 0
    end = start + length if length is not None else -(n_fft // 2) if center else signal_length
    signal, envelope = signal[:, start:end], envelope[start:end]
    if envelope.numel() == 0:
        raise RuntimeError("min(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                           "reduction dim with the 'dim' argument.")
    if float(envelope.abs().min()) < 1e-11:
        raise RuntimeError(f"{prefix} window overlap add min: 1\n[ {device}BoolType{{}} ]")
    signal = signal / envelope
    if dims == 3:
        signal = signal.squeeze(0)
    if end > signal_length:
        warnings.warn("The length of signal is shorter than the length parameter. Result is being padded with zeros "
                      "in the tail. Please check your center and hop_length settings.", UserWarning, stacklevel=2)
        signal = _pad_last(signal, 0, end - signal_length)
    return signal


__all__ = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2", "hfft2", "ihfft2",
           "fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn", "fftfreq", "rfftfreq", "fftshift", "ifftshift",
           "stft", "istft"]

numpy_names.install(globals(), numpy_names.FFT)  # axis=, keepdims= … as PyTorch's C++ parser takes them

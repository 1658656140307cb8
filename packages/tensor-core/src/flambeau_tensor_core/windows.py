"""Window functions for spectral analysis: ``hann_window``, ``hamming_window``, ``bartlett_window``,
``blackman_window``, ``kaiser_window``, with PyTorch's signatures, defaults and errors.

Each window is computed with PyTorch's sequence of elementwise steps in the result dtype (float16 in
float32, then rounded once), so float32/float64 values agree with PyTorch's to an ulp or two (the cosines
come from different libraries). ``periodic=True`` (the default) gives the window for spectral use: one
more point computed, the last one dropped.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _core
from ._backend import to_device_array
from ._core import TensorBase, dtype as DType
from .default_device import factory_device
from .tensor import factory_requires_grad, int_argument, type_name


class _Omitted:
    """The default of an optional positional argument, told apart from the same value passed (PyTorch's
    overloads refuse ``alpha`` without ``periodic`` and ``beta`` without ``alpha``)."""

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self) -> str:
        return repr(self.value)


_PERIODIC = _Omitted(True)


def _periodic(value: Any, name: str) -> bool:
    if isinstance(value, _Omitted):
        return value.value
    if type(value) is not bool:
        raise TypeError(f"{name}(): argument 'periodic' (position 2) must be bool, not {type_name(value)}")
    return value


def _real(value: Any, name: str, argument: str, position: int) -> float:
    """A ``float`` argument: a real Python/NumPy number or a one-element real tensor."""
    if isinstance(value, _Omitted):
        return value.value
    if isinstance(value, TensorBase) and value.numel() == 1 and not value.dtype.is_complex:
        return float(value.item())
    if isinstance(value, (int, float, np.integer, np.floating, np.bool_)):
        return float(value)
    raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be float, not {type_name(value)}")


def _needs(given: Any, required: Any, name: str, argument: str, before: str) -> None:
    if not isinstance(given, _Omitted) and isinstance(required, _Omitted):
        raise TypeError(f"{name}(): '{argument}' can only be given together with '{before}' (PyTorch's overloads "
                        f"are ({before}) and ({before}, {argument}))")


def _window(name: str, window_length: Any, periodic: bool, dtype: DType | None, device: Any,
            requires_grad: bool, compute) -> TensorBase:
    """Shared checks and finishing: ``compute(n, dtype)`` returns the ``n``-point symmetric window as a
    NumPy array computed in ``dtype``."""
    length = int_argument(window_length, name, "window_length", 1)
    dtype = _core.get_default_dtype() if dtype is None else _core.check_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"{name} expects floating point dtypes, got: {dtype}")
    if length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={length}")
    device = factory_device(device)
    if length <= 1:
        values = np.ones(length, dtype=dtype.numpy_dtype)
    else:
        if dtype.is_complex:
            raise NotImplementedError(f"\"arange_cpu\" not implemented for '{_core.type_name(dtype)}'")
        points = length + 1 if periodic else length
        compute_dtype = np.dtype(np.float32) if dtype is _core.float16 else dtype.numpy_dtype
        values = compute(points, compute_dtype)[:length].astype(dtype.numpy_dtype)
    result = _core.wrap(to_device_array(np.ascontiguousarray(values), device), dtype, device)
    if requires_grad:
        factory_requires_grad(result)
    return result


def _cosine_sum(n: int, dtype: np.dtype, alpha: float, beta: float) -> np.ndarray:
    """PyTorch's ``arange(n).mul_(2π/(n-1)).cos_().mul_(-beta).add_(alpha)``."""
    window = np.cos(np.arange(n, dtype=dtype) * dtype.type(math.pi * 2.0 / (n - 1)))
    return window * dtype.type(-beta) + dtype.type(alpha)


def hann_window(window_length: int, periodic: bool = _PERIODIC, *, dtype: DType | None = None, layout: Any = None,
                device: Any = None, pin_memory: bool = False, requires_grad: bool = False) -> TensorBase:
    """The Hann window ``0.5 - 0.5 cos(2πn / (N-1))``."""
    periodic = _periodic(periodic, "hann_window")
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad,
                   lambda n, dtype: _cosine_sum(n, dtype, 0.5, 0.5))


def hamming_window(window_length: int, periodic: bool = _PERIODIC, alpha: float = _Omitted(0.54),
                   beta: float = _Omitted(0.46), *, dtype: DType | None = None, layout: Any = None,
                   device: Any = None, pin_memory: bool = False, requires_grad: bool = False) -> TensorBase:
    """The generalised Hamming window ``alpha - beta cos(2πn / (N-1))``."""
    name = "hamming_window"
    _needs(alpha, periodic, name, "alpha", "periodic")
    _needs(beta, alpha, name, "beta", "alpha")
    periodic = _periodic(periodic, name)
    alpha, beta = _real(alpha, name, "alpha", 3), _real(beta, name, "beta", 4)
    return _window(name, window_length, periodic, dtype, device, requires_grad,
                   lambda n, dtype: _cosine_sum(n, dtype, alpha, beta))


def _bartlett(n: int, dtype: np.dtype) -> np.ndarray:
    """PyTorch's ``arange(n).mul_(2/(n-1))``, then ``2 - w`` on the second half."""
    window = np.arange(n, dtype=dtype) * dtype.type(2.0 / (n - 1))
    first_half = ((n - 1) >> 1) + 1
    window[first_half:] = window[first_half:] * dtype.type(-1) + dtype.type(2)
    return window


def bartlett_window(window_length: int, periodic: bool = _PERIODIC, *, dtype: DType | None = None,
                    layout: Any = None, device: Any = None, pin_memory: bool = False,
                    requires_grad: bool = False) -> TensorBase:
    """The triangular (Bartlett) window ``1 - |2n / (N-1) - 1|``."""
    periodic = _periodic(periodic, "bartlett_window")
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad, _bartlett)


def _blackman(n: int, dtype: np.dtype) -> np.ndarray:
    """PyTorch's ``w = arange(n).mul_(π/(n-1))``; ``cos(4w)·0.08 - cos(2w)·0.5 + 0.42``."""
    window = np.arange(n, dtype=dtype) * dtype.type(math.pi / (n - 1))
    return np.cos(window * dtype.type(4)) * dtype.type(0.08) - np.cos(window * dtype.type(2)) * dtype.type(0.5) \
        + dtype.type(0.42)


def blackman_window(window_length: int, periodic: bool = _PERIODIC, *, dtype: DType | None = None,
                    layout: Any = None, device: Any = None, pin_memory: bool = False,
                    requires_grad: bool = False) -> TensorBase:
    """The Blackman window ``0.42 - 0.5 cos(2πn / (N-1)) + 0.08 cos(4πn / (N-1))``."""
    periodic = _periodic(periodic, "blackman_window")
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad, _blackman)


def kaiser_window(window_length: int, periodic: bool = _PERIODIC, beta: float = _Omitted(12.0), *,
                  dtype: DType | None = None, layout: Any = None, device: Any = None, pin_memory: bool = False,
                  requires_grad: bool = False) -> TensorBase:
    """The Kaiser window ``I0(beta sqrt(1 - ((n - α) / α)²)) / I0(beta)`` with ``α = (N-1)/2``."""
    name = "kaiser_window"
    _needs(beta, periodic, name, "beta", "periodic")
    periodic = _periodic(periodic, name)
    beta = _real(beta, name, "beta", 3)

    def compute(n: int, dtype: np.dtype) -> np.ndarray:
        alpha, scale = dtype.type((n - 1) / 2.0), dtype.type(beta)
        ratio = (np.arange(n, dtype=dtype) - alpha) / alpha
        return np.i0(scale * np.sqrt(np.abs(dtype.type(1) - ratio * ratio))) / np.i0(scale)

    return _window(name, window_length, periodic, dtype, device, requires_grad, compute)


__all__ = ["hann_window", "hamming_window", "bartlett_window", "blackman_window", "kaiser_window"]

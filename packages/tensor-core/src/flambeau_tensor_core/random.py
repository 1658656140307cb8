"""Random number generation: ``Generator``, the default generator and its seeding (``manual_seed``,
``seed``, ``initial_seed``, ``get_rng_state``/``set_rng_state``), and the basic samplers ``rand``,
``randn``, ``randint``, ``randperm``.

Streams come from NumPy's PCG64, so seeded runs reproduce exactly, but the numbers differ from
PyTorch's (Mersenne Twister): tests copy data across instead of relying on equal streams.
"""
from __future__ import annotations

import json
from typing import Any

import numpy as np

from . import _core
from ._backend import to_device_array
from ._core import dtype as DType
from .conversion import as_device
from .creation import parse_size

_DEFAULT_SEED = 67280421310721   # PyTorch's default seed value


class Generator:
    """A random stream with its own state (``torch.Generator``)."""

    def __init__(self, device: Any = "cpu"):
        self.device = as_device(device)
        self._initial_seed = _DEFAULT_SEED
        self._numpy = np.random.Generator(np.random.PCG64(self._initial_seed))

    def manual_seed(self, seed: int) -> "Generator":
        seed = int(seed)
        self._initial_seed = seed
        self._numpy = np.random.Generator(np.random.PCG64(seed & 0xFFFFFFFFFFFFFFFF))
        return self

    def seed(self) -> int:
        seed = int.from_bytes(np.random.SeedSequence().entropy.to_bytes(16, "little")[:8], "little") >> 1
        self.manual_seed(seed)
        return seed

    def initial_seed(self) -> int:
        return self._initial_seed

    def get_state(self):
        """The state as a uint8 tensor (like PyTorch's ByteTensor), restorable by ``set_state``."""
        payload = json.dumps({"seed": self._initial_seed, "bit_generator": self._numpy.bit_generator.state})
        return _core.wrap(np.frombuffer(payload.encode(), dtype=np.uint8).copy(), _core.uint8, _core.CPU)

    def set_state(self, new_state) -> "Generator":
        if not isinstance(new_state, _core.TensorBase) or new_state.dtype is not _core.uint8:
            raise TypeError("expected a torch.ByteTensor (uint8 tensor) as the RNG state")
        try:
            state = json.loads(new_state._host_array().tobytes().decode())
            self._numpy.bit_generator.state = state["bit_generator"]
        except (ValueError, KeyError, TypeError) as error:
            raise RuntimeError(f"invalid RNG state: {error}") from None
        self._initial_seed = state["seed"]
        return self

    @property
    def numpy_generator(self) -> np.random.Generator:
        """The NumPy generator drawing this stream (for ops implemented on NumPy)."""
        return self._numpy


default_generator = Generator()


def _generator(generator: Generator | None) -> np.random.Generator:
    return (default_generator if generator is None else generator).numpy_generator


def manual_seed(seed: int) -> Generator:
    """Seed the default CPU generator (and CUDA's, when present); returns the default generator."""
    from . import cuda
    cuda.manual_seed_all(int(seed))
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    default_generator.set_state(new_state)


def _sampled(array: np.ndarray, dtype: DType, device: Any, requires_grad: bool):
    device = _core.CPU if device is None else as_device(device)
    result = _core.wrap(to_device_array(array.astype(dtype.numpy_dtype, copy=False), device), dtype, device)
    if requires_grad:
        result.requires_grad_(True)
    return result


def _float_dtype(dtype: DType | None) -> DType:
    dtype = _core.get_default_dtype() if dtype is None else _core.check_dtype(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"\"check_uniform_bounds\" not implemented for '{_core.type_name(dtype)}'")
    return dtype


def rand(*size, generator: Generator | None = None, out=None, dtype: DType | None = None, layout=None,
         device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """Uniform samples from [0, 1)."""
    dtype = _float_dtype(dtype)
    return _sampled(_generator(generator).random(parse_size(size)), dtype, device, requires_grad)


def randn(*size, generator: Generator | None = None, out=None, dtype: DType | None = None, layout=None,
          device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """Standard normal samples."""
    dtype = _float_dtype(dtype)
    return _sampled(_generator(generator).standard_normal(parse_size(size)), dtype, device, requires_grad)


def randint(low: int = 0, high: int | None = None, size: Any = None, *, generator: Generator | None = None,
            out=None, dtype: DType | None = None, layout=None, device: Any = None, requires_grad: bool = False):
    """Integers uniform in ``[low, high)``; ``randint(high, size)`` and ``randint(low, high, size)``."""
    if size is None:
        if high is None:
            raise TypeError("randint() missing required argument 'size'")
        low, high, size = 0, low, high
    if high is None:
        raise TypeError("randint() missing required argument 'high'")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    dtype = _core.int64 if dtype is None else _core.check_dtype(dtype)
    array = _generator(generator).integers(low, high, size=parse_size((size,)))
    return _sampled(array, dtype, device, requires_grad)


def randperm(n: int, *, generator: Generator | None = None, out=None, dtype: DType | None = None,
             layout=None, device: Any = None, requires_grad: bool = False, pin_memory: bool = False):
    """A random permutation of ``0 … n-1``."""
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got {n}")
    dtype = _core.int64 if dtype is None else _core.check_dtype(dtype)
    return _sampled(_generator(generator).permutation(n), dtype, device, requires_grad)


__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state",
           "set_rng_state", "rand", "randn", "randint", "randperm"]

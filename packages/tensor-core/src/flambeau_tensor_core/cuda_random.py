"""The CUDA generators' seeding and state (``flambeau.cuda.get_rng_state``/``set_rng_state`` and their
``_all`` forms, ``seed``, ``seed_all``, ``initial_seed``).

CUDA tensors drawn without a generator use CuPy's per-device ``RandomState`` (cuRAND). cuRAND cannot
report how far a stream has advanced, so a state is captured by moving the stream to a known point:
``get_rng_state`` draws a fresh seed from the current stream, restarts the stream from it and returns
that seed (with the device's initial seed) as a uint8 CPU tensor, as PyTorch returns a ByteTensor;
``set_rng_state`` restarts the stream from the saved seed. Draws after a ``get_rng_state`` therefore
repeat after ``set_rng_state`` with its result - PyTorch's contract - though they differ from the draws
the stream would have given had its state not been read.

Without CUDA these behave as in a CPU-only PyTorch: setters and ``seed``/``seed_all`` are lazily
queued calls that never run (so they do nothing), ``get_rng_state_all`` is ``[]``, and
``get_rng_state``/``initial_seed`` raise PyTorch's error.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np

from . import _core
from ._backend import cuda_available, require_cupy
from ._core import TensorBase

_initial_seeds: dict[int, int] = {}   # device index -> the seed its stream started from, when known


def _device_index(device: Any) -> int:
    from .cuda import _index_of
    return _index_of(device)


def record_seed(index: int, seed: int) -> None:
    """Note that device ``index``'s stream was seeded with ``seed`` (called by ``cuda.manual_seed``)."""
    _initial_seeds[index] = int(seed)


def _restart(index: int, stream_seed: int, initial_seed: int) -> None:
    cupy = require_cupy()
    with cupy.cuda.Device(index):
        cupy.random.set_random_state(cupy.random.RandomState(stream_seed))
    _initial_seeds[index] = initial_seed


def _fresh_seed() -> int:
    return int.from_bytes(os.urandom(8), "little") >> 1


def initial_seed() -> int:
    """The seed the current device's stream started from (a stream CuPy seeded from entropy is
    restarted from a fresh seed, recorded, so that there is one to report)."""
    require_cupy()
    from .cuda import current_device
    index = current_device()
    if index not in _initial_seeds:
        seed = _fresh_seed()
        _restart(index, seed, seed)
    return _initial_seeds[index]


def get_rng_state(device: Any = "cuda") -> TensorBase:
    """The state of ``device``'s generator as a uint8 CPU tensor, restorable by :func:`set_rng_state`."""
    cupy = require_cupy()
    index = _device_index(device)
    with cupy.cuda.Device(index):
        halves = cupy.random.get_random_state().randint(0, 2 ** 31, size=2).get()
    stream_seed = (int(halves[0]) << 31) | int(halves[1])
    start = _initial_seeds.get(index)
    if start is None:
        start = stream_seed
    _restart(index, stream_seed, start)
    import json
    payload = json.dumps({"initial_seed": start, "stream_seed": stream_seed}).encode()
    return _core.wrap(np.frombuffer(payload, dtype=np.uint8).copy(), _core.uint8, _core.CPU)


def set_rng_state(new_state: TensorBase, device: Any = "cuda") -> None:
    """Restore ``device``'s generator to a state returned by :func:`get_rng_state`."""
    if not cuda_available():
        new_state.clone()   # PyTorch keeps a copy for when CUDA starts (never, here)
        return
    if not isinstance(new_state, TensorBase) or new_state.dtype is not _core.uint8:
        raise TypeError("expected a torch.ByteTensor (uint8 tensor) as the RNG state")
    import json
    try:
        state = json.loads(new_state._host_array().tobytes().decode())
        stream_seed, start = int(state["stream_seed"]), int(state["initial_seed"])
    except (ValueError, KeyError, TypeError) as error:
        raise RuntimeError(f"invalid CUDA RNG state: {error}") from None
    _restart(_device_index(device), stream_seed, start)


def get_rng_state_all() -> list:
    """The states of every CUDA device's generator (``[]`` without CUDA)."""
    from .cuda import device_count
    return [get_rng_state(index) for index in range(device_count())]


def set_rng_state_all(new_states: Any) -> None:
    for index, state in enumerate(new_states):
        set_rng_state(state, index)


def seed() -> None:
    """Seed the current device's generator from entropy (nothing without CUDA)."""
    if cuda_available():
        from .cuda import current_device
        value = _fresh_seed()
        _restart(current_device(), value, value)


def seed_all() -> None:
    """Seed every device's generator with one seed drawn from entropy (nothing without CUDA)."""
    if cuda_available():
        from .cuda import device_count
        value = _fresh_seed()
        for index in range(device_count()):
            _restart(index, value, value)


__all__ = ["get_rng_state", "set_rng_state", "get_rng_state_all", "set_rng_state_all", "seed", "seed_all",
           "initial_seed"]

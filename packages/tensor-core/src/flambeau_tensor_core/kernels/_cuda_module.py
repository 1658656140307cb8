"""Load a CUDA source file through ``cupy.RawModule`` once per device and memoize it.

Public as ``flambeau_tensor_core.kernels.load_cuda_module`` so every package loads its own ``.cu``
files the same way."""
from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def _load(source_path: str, names: tuple[str, ...], device_id: int):
    import cupy

    source = Path(source_path).read_text()
    with cupy.cuda.Device(device_id):
        return cupy.RawModule(code=source, options=("--std=c++17",), name_expressions=list(names))


def load_cuda_module(source_path: str | Path, name_expressions: list[str]):
    """The compiled ``cupy.RawModule`` for the ``.cu`` file at ``source_path`` on the current device,
    with the templated kernels named in ``name_expressions`` instantiated."""
    import cupy

    return _load(str(source_path), tuple(name_expressions), cupy.cuda.runtime.getDevice())

"""Load a CUDA source file through ``cupy.RawModule`` once per device and memoize it.

Public as ``flambeau_tensor_core.kernels.load_cuda_module`` so every package loads its own ``.cu``
files the same way. Paths are handled with ``os.path``: ``pathlib`` would add milliseconds to
``import flambeau_tensor_core`` for something only a CUDA run needs."""
from __future__ import annotations

import functools
import os


@functools.cache
def _load(source_path: str, names: tuple[str, ...], device_id: int):
    import cupy

    with open(source_path, encoding="utf-8") as file:
        source = file.read()
    with cupy.cuda.Device(device_id):
        return cupy.RawModule(code=source, options=("--std=c++17",), name_expressions=list(names))


def load_cuda_module(source_path: str | os.PathLike, name_expressions: list[str]):
    """The compiled ``cupy.RawModule`` for the ``.cu`` file at ``source_path`` on the current device,
    with the templated kernels named in ``name_expressions`` instantiated."""
    import cupy

    return _load(os.fspath(source_path), tuple(name_expressions), cupy.cuda.runtime.getDevice())

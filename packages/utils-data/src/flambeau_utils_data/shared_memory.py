"""Moving a batch from a worker process to the main process through shared memory.

``encode`` pickles a batch, but the bytes of its CPU tensors and NumPy arrays are written into one
new shared-memory segment (a file in ``/dev/shm``, or in the temp directory where there is none) and
the pickle holds only where each array lies in it. ``decode`` maps that segment, builds tensors that
*view* it (no copy), and unlinks its name at once: the memory lives on exactly as long as the arrays
that view it, and a crash later cannot leak the segment.

Segments not yet decoded when a loader shuts down (batches still in a pipe, a worker killed between
writing and sending) are found by their name prefix and removed by ``sweep``, so no name outlives the
loader that made it.
"""
from __future__ import annotations

import io
import mmap
import os
import pickle
import tempfile
from typing import Any

import numpy as np

import flambeau_tensor_core as ft

SEGMENT_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
_ALIGNMENT = 64   # cache-line alignment keeps every array's start aligned for SIMD loads


def _shareable(obj: Any) -> np.ndarray | None:
    """The host array behind ``obj`` if it should travel through shared memory, else ``None``."""
    if type(obj) is ft.Tensor:
        if obj.device.type != "cpu":
            return None
        array = obj.detach().numpy()
    elif type(obj) is np.ndarray:
        array = obj
    else:
        return None
    return array if array.nbytes and not array.dtype.hasobject else None


class _SharingPickler(pickle.Pickler):
    """Pickles everything but array payloads, which it collects in ``self.arrays``."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.arrays: list[np.ndarray] = []

    def persistent_id(self, obj: Any) -> Any:
        array = _shareable(obj)
        if array is None:
            return None
        self.arrays.append(array)
        kind = "tensor" if isinstance(obj, ft.Tensor) else "ndarray"
        return (kind, len(self.arrays) - 1, array.dtype, array.shape, kind == "tensor" and obj.requires_grad)


class _AttachingUnpickler(pickle.Unpickler):
    """Rebuilds the collected arrays as views of the mapped segment."""

    def __init__(self, file: io.BytesIO, segment: mmap.mmap | None, offsets: list[int]) -> None:
        super().__init__(file)
        self._segment = segment
        self._offsets = offsets

    def persistent_load(self, pid: Any) -> Any:
        kind, index, dtype, shape, requires_grad = pid
        count = int(np.prod(shape, dtype=np.int64))
        array = np.frombuffer(self._segment, dtype=dtype, count=count, offset=self._offsets[index]).reshape(shape)
        if kind == "ndarray":
            return array
        tensor = ft.from_numpy(array)
        return tensor.requires_grad_(True) if requires_grad else tensor


def _layout(arrays: list[np.ndarray]) -> tuple[list[int], int]:
    offsets, end = [], 0
    for array in arrays:
        offsets.append(end)
        end += -(-array.nbytes // _ALIGNMENT) * _ALIGNMENT
    return offsets, end


def encode(obj: Any, segment_name: str) -> bytes:
    """``obj`` as bytes for a pipe; its array payloads go into a new segment named ``segment_name``."""
    body = io.BytesIO()
    pickler = _SharingPickler(body)
    pickler.dump(obj)
    if not pickler.arrays:
        return pickle.dumps((None, 0, [], body.getvalue()), protocol=pickle.HIGHEST_PROTOCOL)
    offsets, size = _layout(pickler.arrays)
    path = os.path.join(SEGMENT_DIR, segment_name)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.ftruncate(fd, size)
        for array, offset in zip(pickler.arrays, offsets):
            os.pwrite(fd, np.ascontiguousarray(array).reshape(-1).view(np.uint8), offset)
    except BaseException:
        os.unlink(path)
        raise
    finally:
        os.close(fd)
    return pickle.dumps((segment_name, size, offsets, body.getvalue()), protocol=pickle.HIGHEST_PROTOCOL)


def decode(message: bytes) -> Any:
    """The object ``encode`` packed; its arrays view the (now unlinked) shared segment."""
    segment_name, size, offsets, body = pickle.loads(message)
    segment = None
    if segment_name is not None:
        path = os.path.join(SEGMENT_DIR, segment_name)
        fd = os.open(path, os.O_RDWR)
        try:
            segment = mmap.mmap(fd, size)
        finally:
            os.close(fd)
            os.unlink(path)
    return _AttachingUnpickler(io.BytesIO(body), segment, offsets).load()


def sweep(prefix: str) -> int:
    """Unlink every segment whose name starts with ``prefix``; returns how many there were."""
    removed = 0
    for name in os.listdir(SEGMENT_DIR):
        if name.startswith(prefix):
            try:
                os.unlink(os.path.join(SEGMENT_DIR, name))
                removed += 1
            except FileNotFoundError:   # the main process decoded it meanwhile
                pass
    return removed


def is_shared(tensor: ft.Tensor) -> bool:
    """Whether a CPU tensor's memory is a mapped shared segment (what batches from workers hold)."""
    base = tensor.detach().numpy()
    while isinstance(base, np.ndarray):
        base = base.base
    return isinstance(base, memoryview) and isinstance(base.obj, mmap.mmap)


__all__ = ["encode", "decode", "sweep", "is_shared", "SEGMENT_DIR"]

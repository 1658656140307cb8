"""Moving a batch from a worker process to the main process through shared memory.

A segment is a file in ``/dev/shm`` (or the temp directory where there is none) mapped into memory.
Inside a worker, ``empty_array`` allocates straight into a new segment, so ``default_collate`` stacks
a batch where the main process will read it: no copy is made to send it. ``encode`` pickles a batch,
replacing each CPU tensor or NumPy array by where its bytes lie — in the segment it already lives in,
or else in one extra segment per message into which ``encode`` copies all such arrays. ``decode`` maps
the segments, builds tensors that *view* them, and unlinks each name at once: the memory lives exactly
as long as the arrays that view it, and no later crash can leak the name.

Segments never decoded (batches still in a pipe when a loader stops, a worker killed between writing
and sending) are found by their name prefix and removed by ``sweep``.
"""
from __future__ import annotations

import io
import itertools
import mmap
import os
import pickle
import tempfile
from typing import Any

import numpy as np

import flambeau_tensor_core as ft

SEGMENT_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
_ALIGNMENT = 64   # every array starts on a cache line, as malloc'd NumPy buffers do


class _Segment(mmap.mmap):
    """A mapped shared-memory file that knows its name and whether a message already carried it."""
    name: str
    sent: bool


def _create(name: str, size: int) -> _Segment:
    path = os.path.join(SEGMENT_DIR, name)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.ftruncate(fd, size)
        segment = _Segment(fd, size)
    except BaseException:
        os.unlink(path)
        raise
    finally:
        os.close(fd)
    segment.name, segment.sent = name, False
    return segment


def _attach(name: str) -> mmap.mmap:
    """Map a segment and unlink its name: from now on only the mapping keeps the memory alive."""
    path = os.path.join(SEGMENT_DIR, name)
    fd = os.open(path, os.O_RDWR)
    try:
        return mmap.mmap(fd, os.fstat(fd).st_size)
    finally:
        os.close(fd)
        os.unlink(path)


class SegmentNamer:
    """Unique segment names under one prefix (one per worker process)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._serial = itertools.count()

    def __call__(self) -> str:
        return f"{self.prefix}{next(self._serial)}"


_allocator: SegmentNamer | None = None   # set in worker processes only


def allocate_in_shared_memory(namer: SegmentNamer | None) -> None:
    """Make ``empty_array`` allocate new segments named by ``namer`` (``None``: ordinary memory)."""
    global _allocator
    _allocator = namer


def empty_array(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """An uninitialised C-contiguous array: in a worker, in a new segment; elsewhere ``np.empty``."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if _allocator is None or nbytes == 0:
        return np.empty(shape, dtype)
    return np.frombuffer(_create(_allocator(), nbytes), dtype=dtype).reshape(shape)


def _host_array(obj: Any) -> np.ndarray | None:
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


def _segment_of(array: np.ndarray) -> tuple[_Segment, int] | None:
    """The segment a C-contiguous array lies in and its byte offset there, if it lies in one."""
    if not array.flags.c_contiguous:
        return None
    root = array
    while isinstance(root.base, np.ndarray):
        root = root.base
    owner = root.base.obj if isinstance(root.base, memoryview) else None
    if not isinstance(owner, _Segment):
        return None
    return owner, array.__array_interface__["data"][0] - root.__array_interface__["data"][0]


class _SharingPickler(pickle.Pickler):
    """Pickles a batch, describing arrays by segment name and offset; arrays not yet in a segment
    are laid out in ``pack``, a segment created once pickling is done."""

    def __init__(self, file: io.BytesIO, pack_name: str) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pack_name = pack_name
        self.to_pack: list[tuple[np.ndarray, int]] = []
        self.pack_size = 0
        self.sent: list[_Segment] = []

    def persistent_id(self, obj: Any) -> Any:
        array = _host_array(obj)
        if array is None:
            return None
        found = _segment_of(array)
        if found is not None and not found[0].sent:
            segment, offset = found
            self.sent.append(segment)
            name = segment.name
        else:   # copy it into the pack (a segment another message already carried would be unlinked)
            name, offset = self.pack_name, self.pack_size
            self.to_pack.append((array, offset))
            self.pack_size += -(-array.nbytes // _ALIGNMENT) * _ALIGNMENT
        is_tensor = isinstance(obj, ft.Tensor)
        return (name, offset, array.dtype, array.shape, is_tensor, is_tensor and obj.requires_grad)


class _AttachingUnpickler(pickle.Unpickler):
    """Rebuilds arrays and tensors as views of the segments, mapping each segment once."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file)
        self.mapped: dict[str, mmap.mmap] = {}

    def persistent_load(self, pid: Any) -> Any:
        name, offset, dtype, shape, is_tensor, requires_grad = pid
        if name not in self.mapped:
            self.mapped[name] = _attach(name)
        count = int(np.prod(shape, dtype=np.int64))
        array = np.frombuffer(self.mapped[name], dtype=dtype, count=count, offset=offset).reshape(shape)
        if not is_tensor:
            return array
        tensor = ft.from_numpy(array)
        return tensor.requires_grad_(True) if requires_grad else tensor


def encode(obj: Any, pack_name: str) -> bytes:
    """``obj`` as bytes for a pipe, its arrays left in (or copied into) shared segments."""
    body = io.BytesIO()
    pickler = _SharingPickler(body, pack_name)
    pickler.dump(obj)
    if pickler.to_pack:
        segment = _create(pack_name, pickler.pack_size)
        destination = np.frombuffer(segment, dtype=np.uint8)
        for array, offset in pickler.to_pack:
            flat = np.ascontiguousarray(array).reshape(-1).view(np.uint8)
            destination[offset:offset + flat.size] = flat
    for segment in pickler.sent:
        segment.sent = True
    return body.getvalue()


def decode(message: bytes) -> Any:
    """The object ``encode`` packed; its arrays view the (now unlinked) shared segments."""
    return _AttachingUnpickler(io.BytesIO(message)).load()


def sweep(prefix: str) -> int:
    """Unlink every segment whose name starts with ``prefix``; returns how many there were."""
    removed = 0
    for name in os.listdir(SEGMENT_DIR):
        if name.startswith(prefix):
            try:
                os.unlink(os.path.join(SEGMENT_DIR, name))
                removed += 1
            except FileNotFoundError:   # decoded meanwhile
                pass
    return removed


def is_shared(tensor: ft.Tensor) -> bool:
    """Whether a CPU tensor's memory is a mapped shared segment (what batches from workers hold)."""
    root = tensor.detach().numpy()
    while isinstance(root.base, np.ndarray):
        root = root.base
    return isinstance(root.base, memoryview) and isinstance(root.base.obj, mmap.mmap)


__all__ = ["encode", "decode", "sweep", "is_shared", "empty_array", "allocate_in_shared_memory",
           "SegmentNamer", "SEGMENT_DIR"]

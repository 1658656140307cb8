"""``save``/``load`` in a format that never executes code when read, plus readers for PyTorch ``.pt``
zip files and ``safetensors`` files.

flambeau's format is a zip archive (stored, not compressed, so tensor bytes can be read in place)::

    flambeau_archive/manifest.json   {"format": "flambeau", "version": 1, "byteorder": "little",
                                      "storages": [{"nbytes": N, "device": "cpu"}, ...],
                                      "object": <the saved object as tagged JSON>}
    flambeau_archive/data/<i>        the raw bytes of storage i

A storage is the memory of a base tensor; the base and all its saved views point into one storage
with a byte offset and byte strides, so views are saved once and come back sharing memory. Containers
are JSON with tags (``{"__tuple__": [...]}``, ``{"__dict__": [[key, value], ...]}``, ``{"__tensor__":
{...}}`` …), so reading a file builds only dicts, lists, tuples, numbers, strings, None and tensors.

PyTorch ``.pt`` files (zip + pickle) go through an unpickler whose ``find_class`` only admits the few
globals a state_dict needs (tensor/parameter rebuilders, storage types, ``OrderedDict``, dtypes and
devices); anything else is refused before it can run. ``safetensors`` files are parsed directly.
"""
from __future__ import annotations

import collections
import ctypes
import io
import math
import os
import pickle
import struct
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from . import _core
from ._backend import to_device_array
from ._core import TensorBase
from .conversion import as_device

# zipfile and json are imported by the functions that use them: only save/load need them, and
# importing them costs ``import flambeau_tensor_core`` several milliseconds.
if TYPE_CHECKING:
    import zipfile

FORMAT_NAME = "flambeau"
FORMAT_VERSION = 1
_ROOT = "flambeau_archive"
_MANIFEST = f"{_ROOT}/manifest.json"


class SerializationError(RuntimeError):
    """A file that is truncated, corrupted or not in a format ``load`` understands."""


# =====================================================================================================
# saving
# =====================================================================================================
class _Storages:
    """Collects the memory blocks of the tensors being saved: one entry per base tensor, spanning every
    byte of the base and its views that is saved."""

    def __init__(self):
        self._index: dict[int, int] = {}          # id(base tensor) -> storage number
        self._roots: list[TensorBase] = []
        self._spans: list[list[int]] = []         # [low, high) byte addresses per storage

    def add(self, tensor: TensorBase) -> tuple[int, int, list[int]]:
        """Register ``tensor``; return (storage number, byte address of element 0, byte strides)."""
        root = tensor if tensor._base is None else tensor._base
        low, high = _byte_bounds(tensor._data)
        key = id(root)
        if key not in self._index:
            self._index[key] = len(self._roots)
            self._roots.append(root)
            root_low, root_high = _byte_bounds(root._data)
            self._spans.append([min(low, root_low), max(high, root_high)])
        number = self._index[key]
        span = self._spans[number]
        span[0], span[1] = min(span[0], low), max(span[1], high)
        return number, _address(tensor._data), list(tensor._data.strides)

    def start(self, number: int) -> int:
        return self._spans[number][0]

    def write(self, archive: zipfile.ZipFile) -> list[dict]:
        entries = []
        for number, (root, (low, high)) in enumerate(zip(self._roots, self._spans)):
            with archive.open(f"{_ROOT}/data/{number}", "w", force_zip64=True) as stream:
                stream.write(_span_bytes(root._data, low, high))
            entries.append({"nbytes": high - low, "device": str(root._device)})
        return entries


def _address(array) -> int:
    return array.__array_interface__["data"][0] if isinstance(array, np.ndarray) else array.data.ptr


def _byte_bounds(array) -> tuple[int, int]:
    """The [low, high) byte addresses ``array`` touches (an empty array touches nothing)."""
    start = _address(array)
    if array.size == 0:
        return start, start
    low = high = start
    for size, stride in zip(array.shape, array.strides):
        extent = (size - 1) * stride
        if extent < 0:
            low += extent
        else:
            high += extent
    return low, high + array.itemsize


def _span_bytes(array, low: int, high: int):
    """The bytes in [low, high) of the memory ``array`` lives in (copied to the host for CUDA)."""
    if high == low:
        return b""
    if isinstance(array, np.ndarray):
        return memoryview((ctypes.c_char * (high - low)).from_address(low)).cast("B")
    import cupy
    span = cupy.ndarray((high - low,), cupy.uint8, memptr=array.data + (low - array.data.ptr))
    return span.get().data


class _Encoder:
    """Turns the object to save into tagged JSON, collecting tensor storages on the way."""

    def __init__(self):
        self.storages = _Storages()
        self._tensors: list[tuple[dict, int, int]] = []   # (json node, storage, address)

    def encode(self, obj: Any, path: str = "obj") -> Any:
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, np.integer)):
            return int(obj)
        if isinstance(obj, (float, np.floating)):
            return float(obj) if math.isfinite(obj) else {"__float__": repr(float(obj))}
        if isinstance(obj, (complex, np.complexfloating)):
            return {"__complex__": [self.encode(obj.real), self.encode(obj.imag)]}
        if isinstance(obj, TensorBase):
            return self._encode_tensor(obj)
        if isinstance(obj, _core.dtype):
            return {"__dtype__": obj.name}
        if isinstance(obj, _core.device):
            return {"__device__": str(obj)}
        if isinstance(obj, list):
            return [self.encode(v, f"{path}[{i}]") for i, v in enumerate(obj)]
        if isinstance(obj, tuple):
            return {"__tuple__": [self.encode(v, f"{path}[{i}]") for i, v in enumerate(obj)]}
        if isinstance(obj, dict):
            tag = "__odict__" if isinstance(obj, collections.OrderedDict) else "__dict__"
            return {tag: [[self.encode(k, f"{path} key"), self.encode(v, f"{path}[{k!r}]")] for k, v in obj.items()]}
        raise TypeError(f"save(): cannot save {path} of type {type(obj).__module__}.{type(obj).__qualname__}; "
                        "flambeau's format holds tensors, numbers, strings, None, dtypes, devices and "
                        "lists/tuples/dicts of them (save a module's state_dict(), not the module)")

    def _encode_tensor(self, tensor: TensorBase) -> dict:
        number, address, strides = self.storages.add(tensor)
        node = {"storage": number, "dtype": tensor._dtype.name, "shape": list(tensor._data.shape),
                "strides": strides, "is_base": tensor._base is None,
                "requires_grad": bool(tensor._requires_grad)}
        self._tensors.append((node, number, address))
        return {"__tensor__": node}

    def finish_offsets(self) -> None:
        """Byte offsets are known once every tensor sharing a storage has widened its span."""
        for node, number, address in self._tensors:
            node["offset"] = address - self.storages.start(number)


def save(obj: Any, f: Any, pickle_module: Any = None, pickle_protocol: int = 2,
         _use_new_zipfile_serialization: bool = True) -> None:
    """Write ``obj`` (nested dicts/lists/tuples of tensors, numbers, strings, None) to the path or
    binary file ``f``. Tensors sharing memory (a base and its views) are stored once."""
    import json
    import zipfile

    encoder = _Encoder()
    tree = encoder.encode(obj)
    encoder.finish_offsets()
    with _open_for_writing(f) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as archive:
        storages = encoder.storages.write(archive)
        manifest = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "byteorder": "little",
                    "storages": storages, "object": tree}
        archive.writestr(_MANIFEST, json.dumps(manifest, allow_nan=False))


class _Unclosed:
    """A context manager around a caller's stream that leaves it open."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        return self.stream

    def __exit__(self, *exc):
        return False


def _open_for_writing(f: Any):
    if isinstance(f, (str, os.PathLike)):
        return open(f, "wb")
    if not hasattr(f, "write"):
        raise TypeError(f"save(): f must be a path or a writable binary file, not {type(f).__name__}")
    return _Unclosed(f)


# =====================================================================================================
# loading
# =====================================================================================================
def load(f: Any, map_location: Any = None, pickle_module: Any = None, *, weights_only: bool | None = None,
         mmap: bool | None = None, **pickle_load_args: Any) -> Any:
    """Read what ``save`` wrote, a PyTorch ``.pt`` state_dict file or a ``safetensors`` file.

    ``map_location``: a device (all tensors go there), a ``{saved: target}`` dict of device strings,
    or a callable ``(tensor, saved_location) -> tensor``. Reading never runs code from the file, so
    ``weights_only`` is always in effect (``False`` is accepted and changes nothing).
    """
    data = _read_all(f)
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        archive = _open_zip(data)
        names = archive.namelist()
        if _MANIFEST in names:
            return _load_flambeau(archive, map_location)
        pickles = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1]
        if pickles:
            return _load_torch(archive, pickles[0].split("/")[0], map_location)
        raise SerializationError("load(): the zip archive is neither a flambeau file (no manifest.json) nor a "
                                 "PyTorch file (no data.pkl)")
    if _looks_like_safetensors(data):
        return load_safetensors_bytes(data, map_location)
    if data[:2] == b"\x80\x02" or data[:1] == b"\x80":
        raise SerializationError("load(): legacy (non-zip) PyTorch files are not supported; re-save them with "
                                 "torch.save(..., _use_new_zipfile_serialization=True)")
    raise SerializationError(f"load(): unrecognised file format (first bytes {data[:8]!r}); expected a flambeau "
                             "or PyTorch zip archive or a safetensors file")


def _read_all(f: Any) -> bytes:
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as stream:
            return stream.read()
    if hasattr(f, "read"):
        data = f.read()
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("load(): the file must be opened in binary mode")
        return bytes(data)
    raise TypeError(f"load(): f must be a path or a readable binary file, not {type(f).__name__}")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    import zipfile

    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise SerializationError(f"load(): the archive is truncated or corrupted ({error})") from None


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    import zipfile

    try:
        return archive.read(name)
    except KeyError:
        raise SerializationError(f"load(): the archive is missing '{name}' (truncated or corrupted file)") from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, struct.error) as error:
        raise SerializationError(f"load(): cannot read '{name}': the archive is truncated or corrupted "
                                 f"({error})") from None


# ---- storages and devices ---------------------------------------------------------------------------
def _target_device(map_location: Any, saved: str):
    """The device a storage saved on ``saved`` is loaded to (``None``: CPU, then the callable decides)."""
    if map_location is None:
        location = saved
    elif isinstance(map_location, dict):
        location = str({str(k): v for k, v in map_location.items()}.get(saved, saved))
    elif callable(map_location) and not isinstance(map_location, (str, _core.device)):
        return None
    else:
        location = map_location
    try:
        device = location if isinstance(location, _core.device) else (
            _core.device(location) if isinstance(location, str) else as_device(location))
    except (RuntimeError, TypeError, ValueError) as error:
        raise SerializationError(f"load(): invalid device location {location!r} ({error})") from None
    if device.type == "cuda":
        from ._backend import cuda_available
        if not cuda_available():
            raise RuntimeError("Attempting to deserialize object on a CUDA device but flambeau.cuda.is_available() "
                               "is False. If you are running on a CPU-only machine, please use load with "
                               "map_location='cpu' to map your storages to the CPU.")
        if device.index is None:
            device = _core.device("cuda", 0)
    return device


class _LoadedStorage:
    """One storage read back: a byte buffer on its target device, and the tensors built over it. The
    first tensor that was a base when saved becomes the base of all later ones (views share memory
    and version counter with it, as before saving)."""

    def __init__(self, host_bytes: np.ndarray, saved_location: str, map_location: Any):
        self.saved_location = saved_location
        self.map_location = map_location
        device = _target_device(map_location, saved_location)
        self.device = _core.CPU if device is None else device
        self.buffer = host_bytes if self.device.type == "cpu" else to_device_array(host_bytes, self.device)
        self.root: TensorBase | None = None

    def tensor(self, dtype: _core.dtype, shape: Any, byte_strides: Any, byte_offset: Any, is_base: bool,
               requires_grad: bool = False) -> TensorBase:
        array = _view_of_buffer(self.buffer, dtype, shape, byte_strides, byte_offset)
        if self.root is None and is_base:
            self.root = result = _core.wrap(array, dtype, self.device)
        else:
            if self.root is None:
                self.root = _core.wrap(self.buffer, _core.uint8, self.device)
            result = _core.make_view(self.root, array)
        if callable(self.map_location) and not isinstance(self.map_location, (str, _core.device, dict)):
            result = self.map_location(result, self.saved_location)
            if not isinstance(result, TensorBase):
                raise TypeError(f"load(): map_location must return a Tensor, got {type(result).__name__}")
        if requires_grad and _core.autograd_hook() is not None and result._dtype.category >= 2:
            result.requires_grad_(True)
        return result


def _view_of_buffer(buffer, dtype: _core.dtype, shape: Any, strides: Any, offset: Any):
    """A strided array over the byte ``buffer`` (NumPy or CuPy), after checking it stays inside."""
    valid = (isinstance(shape, (list, tuple)) and isinstance(strides, (list, tuple)) and len(shape) == len(strides)
             and all(isinstance(v, int) and not isinstance(v, bool) for v in (*shape, *strides, offset))
             and all(v >= 0 for v in shape) and offset >= 0)
    if not valid:
        raise SerializationError(f"load(): corrupted tensor record (shape {shape!r}, strides {strides!r}, "
                                 f"offset {offset!r})")
    low = high = offset
    if all(shape):
        for size, stride in zip(shape, strides):
            extent = (size - 1) * stride
            low, high = (low + extent, high) if extent < 0 else (low, high + extent)
        high += dtype.itemsize
    if low < 0 or high > buffer.nbytes:
        raise SerializationError(f"load(): a tensor of shape {list(shape)} reaches bytes [{low}, {high}) of a "
                                 f"{buffer.nbytes}-byte storage (truncated or corrupted file)")
    if isinstance(buffer, np.ndarray):
        return np.ndarray(tuple(shape), dtype=dtype.numpy_dtype, buffer=buffer, offset=offset, strides=tuple(strides))
    import cupy
    return cupy.ndarray(tuple(shape), dtype.numpy_dtype, memptr=buffer.data + offset, strides=tuple(strides))


def _host_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(bytearray(raw), dtype=np.uint8)


# ---- flambeau's own format --------------------------------------------------------------------------
_DTYPE_NAMES = {"bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64",
                "complex64", "complex128"}


def _load_flambeau(archive: zipfile.ZipFile, map_location: Any) -> Any:
    import json

    try:
        manifest = json.loads(_read_member(archive, _MANIFEST))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SerializationError(f"load(): corrupted manifest ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise SerializationError("load(): not a flambeau archive (bad manifest)")
    if manifest.get("version") != FORMAT_VERSION:
        raise SerializationError(f"load(): unsupported flambeau format version {manifest.get('version')!r}")
    entries = manifest.get("storages")
    if not isinstance(entries, list):
        raise SerializationError("load(): corrupted manifest (storages)")
    storages = []
    for number, entry in enumerate(entries):
        raw = _read_member(archive, f"{_ROOT}/data/{number}")
        if not isinstance(entry, dict) or len(raw) != entry.get("nbytes"):
            raise SerializationError(f"load(): storage {number} has {len(raw)} bytes, the manifest says "
                                     f"{entry.get('nbytes') if isinstance(entry, dict) else '?'} (truncated file)")
        storages.append(_LoadedStorage(_host_bytes(raw), str(entry.get("device", "cpu")), map_location))
    decoder = _Decoder(storages)
    return decoder.decode(manifest.get("object"))


class _Decoder:
    """Rebuilds the saved object from tagged JSON; every tensor node names its storage."""

    def __init__(self, storages: list[_LoadedStorage]):
        self.storages = storages
        self.tensors: dict[int, TensorBase] = {}

    def decode(self, tree: Any) -> Any:
        nodes: list[dict] = []
        _collect_tensor_nodes(tree, nodes)
        for node in sorted(nodes, key=lambda n: not n.get("is_base", False)):   # bases before their views
            self.tensors[id(node)] = self._tensor(node)
        return self._decode(tree)

    def _tensor(self, node: dict) -> TensorBase:
        number, dtype_name = node.get("storage"), node.get("dtype")
        if not (isinstance(number, int) and 0 <= number < len(self.storages)) or dtype_name not in _DTYPE_NAMES:
            raise SerializationError(f"load(): corrupted tensor record {node!r}")
        return self.storages[number].tensor(_core.dtype_from_name(dtype_name), node.get("shape"),
                                            node.get("strides"), node.get("offset"), bool(node.get("is_base")),
                                            bool(node.get("requires_grad")))

    def _decode(self, value: Any) -> Any:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [self._decode(v) for v in value]
        if not (isinstance(value, dict) and len(value) == 1):
            raise SerializationError(f"load(): corrupted object record {value!r:.80}")
        (tag, content), = value.items()
        if tag == "__tensor__":
            return self.tensors[id(content)]
        if tag == "__tuple__":
            return tuple(self._decode(v) for v in content)
        if tag in ("__dict__", "__odict__"):
            pairs = [(self._key(k), self._decode(v)) for k, v in content]
            return collections.OrderedDict(pairs) if tag == "__odict__" else dict(pairs)
        if tag == "__float__":
            return float(content)
        if tag == "__complex__":
            return complex(self._decode(content[0]), self._decode(content[1]))
        if tag == "__dtype__":
            return _core.dtype_from_name(content)
        if tag == "__device__":
            return _core.device(content)
        raise SerializationError(f"load(): unknown record tag {tag!r}")

    def _key(self, key: Any) -> Any:
        decoded = self._decode(key)
        if isinstance(decoded, list):
            raise SerializationError("load(): corrupted dict key")
        return decoded


def _collect_tensor_nodes(value: Any, nodes: list) -> None:
    if isinstance(value, list):
        for v in value:
            _collect_tensor_nodes(v, nodes)
    elif isinstance(value, dict):
        for tag, content in value.items():
            if tag == "__tensor__" and isinstance(content, dict):
                nodes.append(content)
            else:
                _collect_tensor_nodes(content, nodes)


def _widened_bfloat16(raw: bytes) -> bytes:
    """bfloat16 numbers as float32 bytes: each is the upper half of the float32 with the same value."""
    halves = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
    return halves.astype("<u4").tobytes()


# ---- PyTorch .pt archives ---------------------------------------------------------------------------
_TORCH_STORAGE_DTYPES = {
    "FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16", "LongStorage": "int64",
    "IntStorage": "int32", "ShortStorage": "int16", "CharStorage": "int8", "ByteStorage": "uint8",
    "BoolStorage": "bool", "ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
    "BFloat16Storage": "float32",   # widened exactly (flambeau has no bfloat16), as safetensors' BF16
}


class _TorchStorageType:
    """Stands in for ``torch.FloatStorage`` & co. inside the pickle: it only names a dtype."""

    def __init__(self, name: str):
        self.name = name
        self.dtype = _core.dtype_from_name(_TORCH_STORAGE_DTYPES[name])
        self.file_itemsize = 2 if name == "BFloat16Storage" else self.dtype.itemsize


class _TorchStorage:
    def __init__(self, loaded: _LoadedStorage, dtype: _core.dtype):
        self.loaded = loaded
        self.dtype = dtype


def _rebuild_tensor(storage: _TorchStorage, storage_offset: int, size: tuple, stride: tuple,
                    requires_grad: bool = False, backward_hooks: Any = None, metadata: Any = None) -> TensorBase:
    if not isinstance(storage, _TorchStorage):
        raise SerializationError("load(): corrupted PyTorch file (tensor without storage)")
    itemsize = storage.dtype.itemsize
    shape, strides = list(size), [s * itemsize for s in stride]
    numel = int(np.prod(shape)) if shape else 1
    is_base = (storage_offset == 0 and numel * itemsize == storage.loaded.buffer.nbytes
               and strides == _contiguous_strides(shape, itemsize))
    tensor = storage.loaded.tensor(storage.dtype, shape, strides, storage_offset * itemsize, is_base,
                                   bool(requires_grad))
    if isinstance(metadata, dict) and (metadata.get("conj") or metadata.get("neg")):
        # PyTorch's lazy conjugate/negative bits: the stored values are those before the bit
        values = tensor.detach()
        values = values.conj() if metadata.get("conj") else values
        values = values.neg() if metadata.get("neg") else values
        tensor = values.resolve_conj().clone().requires_grad_(tensor.requires_grad)
    return tensor


def _contiguous_strides(shape: list[int], itemsize: int) -> list[int]:
    strides, step = [], itemsize
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return strides[::-1]


def _rebuild_parameter(data: TensorBase, requires_grad: bool, backward_hooks: Any, state: Any = None) -> TensorBase:
    """A parameter comes back as a plain tensor (``flambeau.nn.Parameter`` lives in another package)."""
    if requires_grad and _core.autograd_hook() is not None and not data.requires_grad:
        data.requires_grad_(True)
    return data


def _size(values: Any = ()) -> tuple:
    from .tensor import Size
    return Size(values)


def _encode_bytes(text: str, encoding: str = "latin1") -> bytes:
    """Protocol-2 pickles spell ``bytes`` as ``_codecs.encode(text, 'latin1')``; nothing else is allowed."""
    if encoding not in ("latin1", "latin-1"):
        raise pickle.UnpicklingError(f"load(): refusing _codecs.encode with encoding {encoding!r}")
    return text.encode("latin1")


_TORCH_DTYPE_NAMES = {"float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool",
                      "complex64", "complex128", "float", "double", "half", "long", "int", "short", "cfloat",
                      "cdouble"}

_ALLOWED_GLOBALS: dict[tuple[str, str], Any] = {
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter,
    ("torch", "device"): _core.device,
    ("torch", "Size"): _size,
    ("builtins", "set"): set, ("builtins", "frozenset"): frozenset, ("builtins", "complex"): complex,
    ("builtins", "slice"): slice, ("_codecs", "encode"): _encode_bytes,
}


class _RestrictedTorchUnpickler(pickle.Unpickler):
    """Reads a PyTorch ``data.pkl`` admitting only the globals a state_dict needs; tensor storages
    come from the archive's ``data/<key>`` members."""

    def __init__(self, stream: BinaryIO, archive: zipfile.ZipFile, prefix: str, map_location: Any):
        super().__init__(stream)
        self.archive = archive
        self.prefix = prefix
        self.map_location = map_location
        self.storages: dict[str, _TorchStorage] = {}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS:
            return _ALLOWED_GLOBALS[(module, name)]
        if module == "torch" and name in _TORCH_STORAGE_DTYPES:
            return _TorchStorageType(name)
        if module == "torch" and name in _TORCH_DTYPE_NAMES:
            return _core.dtype_from_name(name)
        raise pickle.UnpicklingError(
            f"load(): refusing to load the global '{module}.{name}': only tensors, parameters and containers "
            "(dict, OrderedDict, list, tuple, numbers, strings) are read from PyTorch files, so that loading "
            "never runs code from the file")

    def persistent_load(self, pid: Any) -> _TorchStorage:
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"load(): unsupported persistent id {pid!r:.80}")
        _, storage_type, key, location, numel = pid
        if not isinstance(storage_type, _TorchStorageType):
            raise pickle.UnpicklingError(f"load(): unsupported storage type {storage_type!r:.80}")
        key = str(key)
        if key not in self.storages:
            raw = _read_member(self.archive, f"{self.prefix}/data/{key}")
            if len(raw) != numel * storage_type.file_itemsize:
                raise SerializationError(f"load(): storage {key} has {len(raw)} bytes, expected "
                                         f"{numel * storage_type.file_itemsize} (truncated file)")
            if storage_type.name == "BFloat16Storage":
                raw = _widened_bfloat16(raw)
            loaded = _LoadedStorage(_host_bytes(raw), str(location), self.map_location)
            self.storages[key] = _TorchStorage(loaded, storage_type.dtype)
        return self.storages[key]


def _load_torch(archive: zipfile.ZipFile, prefix: str, map_location: Any) -> Any:
    names = set(archive.namelist())
    if f"{prefix}/byteorder" in names and _read_member(archive, f"{prefix}/byteorder").strip() != b"little":
        raise SerializationError("load(): big-endian PyTorch files are not supported")
    payload = _read_member(archive, f"{prefix}/data.pkl")
    unpickler = _RestrictedTorchUnpickler(io.BytesIO(payload), archive, prefix, map_location)
    try:
        return unpickler.load()
    except (pickle.UnpicklingError, SerializationError):
        raise
    except (EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError, struct.error) as error:
        raise SerializationError(f"load(): corrupted PyTorch pickle ({type(error).__name__}: {error})") from None


# ---- safetensors -------------------------------------------------------------------------------------
_SAFETENSORS_DTYPES = {"F64": "float64", "F32": "float32", "F16": "float16", "I64": "int64", "I32": "int32",
                       "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool", "C64": "complex64"}
_MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024


def _looks_like_safetensors(data: bytes) -> bool:
    if len(data) < 10:
        return False
    (header_size,) = struct.unpack("<Q", data[:8])
    return header_size <= _MAX_SAFETENSORS_HEADER and data[8:9] == b"{"


def load_safetensors_bytes(data: bytes, map_location: Any = None) -> dict:
    """The tensors of a safetensors file's bytes, by name (``BF16`` is widened to float32, exactly)."""
    (header_size,) = struct.unpack("<Q", data[:8])
    if 8 + header_size > len(data):
        raise SerializationError(f"load(): safetensors header of {header_size} bytes exceeds the file "
                                 f"({len(data)} bytes): truncated file")
    import json

    try:
        header = json.loads(data[8:8 + header_size])
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SerializationError(f"load(): corrupted safetensors header ({error})") from None
    if not isinstance(header, dict):
        raise SerializationError("load(): corrupted safetensors header (not a JSON object)")
    body = memoryview(data)[8 + header_size:]
    result = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        result[name] = _safetensors_tensor(name, info, body, map_location)
    return result


def _safetensors_tensor(name: str, info: Any, body: memoryview, map_location: Any) -> TensorBase:
    try:
        code, shape, (begin, end) = info["dtype"], [int(s) for s in info["shape"]], info["data_offsets"]
    except (TypeError, KeyError, ValueError):
        raise SerializationError(f"load(): corrupted safetensors entry for {name!r}") from None
    if code != "BF16" and code not in _SAFETENSORS_DTYPES:
        raise SerializationError(f"load(): safetensors dtype {code} of {name!r} has no flambeau dtype")
    itemsize = 2 if code == "BF16" else _core.dtype_from_name(_SAFETENSORS_DTYPES[code]).itemsize
    numel = int(np.prod(shape)) if shape else 1
    if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin <= end <= len(body)) or \
            end - begin != numel * itemsize or min(shape, default=0) < 0:
        raise SerializationError(f"load(): safetensors entry {name!r} (shape {shape}, {code}) has data offsets "
                                 f"[{begin}, {end}) that do not fit the {len(body)}-byte data section")
    raw = bytes(body[begin:end])
    if code == "BF16":
        host, dtype = _host_bytes(_widened_bfloat16(raw)), _core.float32
    else:
        host, dtype = _host_bytes(raw), _core.dtype_from_name(_SAFETENSORS_DTYPES[code])
    storage = _LoadedStorage(host, "cpu", map_location)
    return storage.tensor(dtype, shape, _contiguous_strides(shape, dtype.itemsize), 0, True)


__all__ = ["save", "load"]

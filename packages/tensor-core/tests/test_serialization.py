"""save/load: round trips, shared storage of views, corrupted files, PyTorch .pt and safetensors files."""
import collections
import io
import json
import struct
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core import _core
from flambeau_tensor_core.serialization import SerializationError
from flambeau_tensor_core.testing import assert_close, oracle

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64",
          "complex128"]


def round_trip(obj, **load_kwargs):
    buffer = io.BytesIO()
    ft.save(obj, buffer)
    buffer.seek(0)
    return ft.load(buffer, **load_kwargs)


def view_of(base, array):
    return _core.make_view(base, array)


# ---- round trips --------------------------------------------------------------------------------------
def test_nested_containers_keep_their_types_and_values():
    obj = {"weights": collections.OrderedDict(w=ft.randn(2, 3), b=ft.arange(3)), "step": 7, "lr": 0.1,
           "name": "model", "none": None, "flags": [True, False], "pair": (1, (2.5, "x")), 3: float("inf"),
           "nan": float("nan"), "z": 1 - 2j, "dtype": ft.float64, "device": ft.device("cpu")}
    loaded = round_trip(obj)
    assert type(loaded) is dict and type(loaded["weights"]) is collections.OrderedDict
    assert list(loaded) == list(obj) and list(loaded["weights"]) == ["w", "b"]
    assert loaded["pair"] == (1, (2.5, "x")) and type(loaded["flags"]) is list
    assert loaded[3] == float("inf") and np.isnan(loaded["nan"]) and loaded["z"] == 1 - 2j
    assert loaded["dtype"] is ft.float64 and loaded["device"] == ft.device("cpu")
    for key in ("w", "b"):
        assert_close(loaded["weights"][key], obj["weights"][key], rtol=0, atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_round_trips(dtype):
    array = (oracle.randn(3, 4) * 10).astype(np.dtype(np.bool_ if dtype == "bool" else dtype))
    loaded = round_trip([ft.from_numpy(array), ft.from_numpy(np.array(array[0, 0]))])
    assert loaded[0].dtype is getattr(ft, dtype) and loaded[1].shape == ()
    np.testing.assert_array_equal(loaded[0].numpy(), array)


@given(shape=st.lists(st.integers(0, 4), max_size=4), dtype=st.sampled_from(DTYPES),
       flip=st.booleans(), transpose=st.booleans())
@settings(max_examples=25, deadline=None)
def test_strided_tensors_round_trip(shape, dtype, flip, transpose):
    array = np.asarray(oracle.randn(*shape) * 5).astype(np.dtype(np.bool_ if dtype == "bool" else dtype))
    if flip and array.ndim:
        array = array[::-1]
    if transpose:
        array = array.T
    loaded = round_trip(ft.from_numpy(array))
    assert loaded.shape == array.shape and loaded.dtype is getattr(ft, dtype)
    np.testing.assert_array_equal(loaded.numpy(), array)


def test_paths_and_files(tmp_path):
    state = {"x": ft.randn(5)}
    ft.save(state, tmp_path / "a.pt")
    ft.save(state, str(tmp_path / "b.pt"))
    with open(tmp_path / "c.pt", "wb") as stream:
        ft.save(state, stream)
    for name in "abc":
        assert_close(ft.load(tmp_path / f"{name}.pt")["x"], state["x"], rtol=0, atol=0)
    with open(tmp_path / "a.pt", "rb") as stream:
        assert_close(ft.load(stream, weights_only=True)["x"], state["x"], rtol=0, atol=0)


def test_unsupported_objects_are_refused():
    with pytest.raises(TypeError, match="set"):
        ft.save({"s": {1, 2}}, io.BytesIO())
    with pytest.raises(TypeError, match="Opaque"):
        ft.save([type("Opaque", (), {})()], io.BytesIO())


# ---- views: stored once, loaded sharing memory ---------------------------------------------------------
def test_views_are_saved_once_and_share_memory_after_loading():
    base = ft.randn(100, 100)
    views = [view_of(base, base._data[i:, ::2]) for i in range(10)]
    buffer = io.BytesIO()
    ft.save({"views": views, "base": base}, buffer)
    assert len(buffer.getvalue()) < 2 * base.nbytes        # one storage, not eleven
    buffer.seek(0)
    loaded = ft.load(buffer)
    for original, view in zip(views, loaded["views"]):
        assert_close(view, original, rtol=0, atol=0)
        assert view._base is loaded["base"]
    version = loaded["base"]._version
    loaded["base"][5, 4] = 123.0
    assert loaded["views"][3][2, 2].item() == 123.0 and loaded["views"][0][5, 2].item() == 123.0
    assert loaded["views"][0]._version > version


def test_views_without_their_base_still_share():
    base = ft.arange(12.0)
    a, b = view_of(base, base._data[2:8]), view_of(base, base._data[5:])
    first, second = round_trip((a, b))
    assert_close(second, b, rtol=0, atol=0)
    first[4] = -1.0
    assert second[1].item() == -1.0
    np.testing.assert_array_equal(first.numpy(), [2, 3, 4, 5, -1, 7])


# ---- corrupted and hostile files ---------------------------------------------------------------------
def saved_bytes(obj):
    buffer = io.BytesIO()
    ft.save(obj, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.5, 0.9, 0.99])
def test_truncated_files_raise_a_clear_error(fraction):
    data = saved_bytes({"x": ft.randn(50), "y": [1, 2]})
    with pytest.raises(SerializationError, match="truncated|corrupted|unrecognised"):
        ft.load(io.BytesIO(data[: int(len(data) * fraction)]))


def test_flipped_bytes_are_detected():
    data = bytearray(saved_bytes({"x": ft.zeros(64)}))
    position = data.index(bytes(8)) + 16            # inside the tensor bytes
    data[position] ^= 0xFF
    with pytest.raises(SerializationError, match="corrupted"):
        ft.load(io.BytesIO(bytes(data)))
    with pytest.raises(SerializationError):
        ft.load(io.BytesIO(b"this is not a checkpoint at all"))


def rewrite_manifest(data: bytes, edit) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name.endswith("manifest.json"):
                manifest = json.loads(content)
                edit(manifest)
                content = json.dumps(manifest).encode()
            target.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("edit", [
    lambda m: m["object"]["__dict__"][0][1]["__tensor__"].update(offset=10 ** 6),
    lambda m: m["object"]["__dict__"][0][1]["__tensor__"].update(shape=[1000]),
    lambda m: m["object"]["__dict__"][0][1]["__tensor__"].update(dtype="object"),
    lambda m: m["object"]["__dict__"][0][1]["__tensor__"].update(storage=5),
    lambda m: m["object"].update({"__import__": "os"}),
    lambda m: m.update(version=99),
    lambda m: m["storages"][0].update(nbytes=3),
], ids=["offset", "shape", "dtype", "storage", "unknown tag", "version", "nbytes"])
def test_tampered_manifests_are_rejected(edit):
    data = rewrite_manifest(saved_bytes({"x": ft.randn(4)}), edit)
    with pytest.raises(SerializationError):
        ft.load(io.BytesIO(data))


def test_cuda_location_without_cuda_and_map_location():
    data = rewrite_manifest(saved_bytes({"x": ft.randn(4)}), lambda m: m["storages"][0].update(device="cuda:0"))
    if not ft.cuda.is_available():
        with pytest.raises(RuntimeError, match="map_location"):
            ft.load(io.BytesIO(data))
    for location in ("cpu", ft.device("cpu"), {"cuda:0": "cpu"}, lambda tensor, saved: tensor):
        loaded = ft.load(io.BytesIO(data), map_location=location)
        assert loaded["x"].device == ft.device("cpu")


# ---- PyTorch .pt files ---------------------------------------------------------------------------------
def torch_file(obj) -> io.BytesIO:
    torch = oracle.torch()
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return buffer


def test_reads_a_torch_state_dict():
    torch = oracle.torch()
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    state = module.state_dict()
    loaded = ft.load(torch_file(state), map_location="cpu")
    assert isinstance(loaded, collections.OrderedDict) and list(loaded) == list(state)
    for key, value in state.items():
        assert_close(loaded[key], value, rtol=0, atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_reads_every_torch_dtype(dtype):
    torch = oracle.torch()
    tensor = (torch.randn(3, 2) * 10).to(getattr(torch, dtype))
    assert_close(ft.load(torch_file({"t": tensor}))["t"], tensor, rtol=0, atol=0)


def test_torch_views_containers_and_parameters():
    torch = oracle.torch()
    base = torch.randn(4, 5)
    obj = {"base": base, "view": base[1:, ::2], "t": base.t(), "nested": [(1, 2.5, "s", None, b"raw")],
           "param": torch.nn.Parameter(torch.ones(2)), "dtype": torch.float16, "scalar": torch.tensor(3)}
    loaded = ft.load(torch_file(obj))
    for key in ("base", "view", "t", "scalar"):
        assert_close(loaded[key], obj[key], rtol=0, atol=0)
    assert loaded["nested"] == [(1, 2.5, "s", None, b"raw")] and loaded["dtype"] is ft.float16
    assert_close(loaded["param"].detach(), obj["param"].detach(), rtol=0, atol=0)
    loaded["base"][2, 0] = 42.0
    assert loaded["view"][1, 0].item() == 42.0 and loaded["t"][0, 2].item() == 42.0


def test_torch_bfloat16_is_widened_to_float32_keeping_views():
    """flambeau has no bfloat16: a .pt storage of it loads as float32 (exact), views still sharing it."""
    torch = oracle.torch()
    base = (torch.randn(3, 4) * 100).to(torch.bfloat16)
    loaded = ft.load(torch_file({"base": base, "t": base.t(), "row": base[1]}))
    for key, value in (("base", base), ("t", base.t()), ("row", base[1])):
        assert loaded[key].dtype is ft.float32
        assert_close(loaded[key], value.float(), rtol=0, atol=0)
    loaded["base"][1, 2] = 7.0
    assert loaded["row"][2].item() == 7.0 and loaded["t"][2, 1].item() == 7.0


def test_torch_size_and_lazy_conjugate_bits():
    """torch.Size comes back as flambeau's Size; a conjugated (or negated) view's bit is applied."""
    torch = oracle.torch()
    z = torch.randn(3, dtype=torch.complex64)
    loaded = ft.load(torch_file({"size": torch.Size([2, 3]), "conj": z.conj()}))
    assert isinstance(loaded["size"], ft.Size) and loaded["size"] == (2, 3)
    assert_close(loaded["conj"], z.conj().resolve_conj(), rtol=0, atol=0)
    negated = z.conj().imag    # a view with PyTorch's negative bit
    assert_close(ft.load(torch_file(negated)), negated.resolve_neg(), rtol=0, atol=0)


class _Exploit:
    def __reduce__(self):
        return (print, ("this must never run",))


def test_torch_files_with_arbitrary_globals_are_refused(capsys):
    import pickle

    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        ft.load(torch_file({"x": _Exploit()}), weights_only=False)
    assert "never run" not in capsys.readouterr().out


def test_truncated_torch_file():
    data = torch_file({"w": oracle.torch().randn(100)}).getvalue()
    with pytest.raises(SerializationError):
        ft.load(io.BytesIO(data[: len(data) // 2]))


# ---- safetensors -------------------------------------------------------------------------------------
def safetensors_file(tensors: dict, metadata: dict | None = None, header_edit=None) -> bytes:
    """A safetensors file written by hand from the spec: u64 header size, JSON header, data."""
    header, body = {}, b""
    for name, (code, array) in tensors.items():
        raw = np.ascontiguousarray(array).tobytes()
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [len(body), len(body) + len(raw)]}
        body += raw
    if metadata is not None:
        header["__metadata__"] = metadata
    if header_edit:
        header_edit(header)
    encoded = json.dumps(header).encode()
    encoded += b" " * (-len(encoded) % 8)
    return struct.pack("<Q", len(encoded)) + encoded + body


def test_reads_safetensors():
    arrays = {"w": ("F32", oracle.randn(2, 3)), "i": ("I64", np.arange(4)), "b": ("BOOL", np.array([True, False])),
              "h": ("F16", oracle.randn(3).astype(np.float16)), "s": ("F64", np.array(2.5)),
              "e": ("I32", np.zeros((0, 2), np.int32))}
    loaded = ft.load(io.BytesIO(safetensors_file(arrays, metadata={"format": "pt"})))
    assert set(loaded) == set(arrays)
    for name, (_, array) in arrays.items():
        assert loaded[name].dtype.numpy_dtype == array.dtype
        np.testing.assert_array_equal(loaded[name].numpy(), array)


def test_safetensors_bfloat16_widens_exactly():
    values = oracle.randn(5).view(np.uint32) & np.uint32(0xFFFF0000)     # representable in bfloat16
    bf16 = (values >> 16).astype("<u2")
    loaded = ft.load(io.BytesIO(safetensors_file({"x": ("BF16", bf16)})))["x"]
    assert loaded.dtype is ft.float32
    np.testing.assert_array_equal(loaded.numpy(), values.view(np.float32))


@pytest.mark.parametrize("edit", [
    lambda h: h["w"].update(data_offsets=[0, 10 ** 6]), lambda h: h["w"].update(shape=[7, 7]),
    lambda h: h["w"].update(dtype="F8_E4M3"), lambda h: h.update(w="garbage"),
], ids=["offsets", "shape", "dtype", "entry"])
def test_corrupted_safetensors_are_rejected(edit):
    data = safetensors_file({"w": ("F32", oracle.randn(2, 2))}, header_edit=edit)
    with pytest.raises(SerializationError):
        ft.load(io.BytesIO(data))
    with pytest.raises(SerializationError):
        ft.load(io.BytesIO(safetensors_file({"w": ("F32", oracle.randn(2, 2))})[:-3]))


# ---- GPU ----------------------------------------------------------------------------------------------
@pytest.mark.gpu
def test_cuda_tensors_round_trip_and_map_to_cpu():
    base = ft.randn(4, 4).cuda()
    view = view_of(base, base._data[1:, ::2])
    loaded = round_trip({"base": base, "view": view})
    assert loaded["base"].device.type == "cuda" and loaded["view"]._base is loaded["base"]
    assert_close(loaded["view"].cpu(), view.cpu(), rtol=0, atol=0)
    on_cpu = round_trip({"base": base}, map_location="cpu")
    assert on_cpu["base"].device == ft.device("cpu")
    assert_close(on_cpu["base"], base.cpu(), rtol=0, atol=0)

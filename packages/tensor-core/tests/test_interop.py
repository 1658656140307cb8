"""DLPack exchange with NumPy and PyTorch (zero-copy both ways), finfo/iinfo, small predicates."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64",
          "complex128"]


def numpy_dtype(name):
    return np.dtype(np.bool_ if name == "bool" else name)


# ---- DLPack -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_round_trip_shares_memory(dtype):
    array = (oracle.randn(3, 4) * 5).astype(numpy_dtype(dtype))
    tensor = ft.from_dlpack(array)
    assert tensor.dtype is getattr(ft, dtype) and np.shares_memory(tensor.numpy(), array)
    back = np.from_dlpack(tensor)
    assert np.shares_memory(back, array)
    np.testing.assert_array_equal(back, array)


def test_strided_views_keep_their_strides():
    array = np.arange(24.0).reshape(4, 6)[::2, 1::2]
    tensor = ft.from_dlpack(array)
    np.testing.assert_array_equal(tensor.numpy(), array)
    array[0, 0] = -1
    assert tensor[0, 0].item() == -1


@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_exchange_is_zero_copy_both_ways(dtype):
    torch = oracle.torch()
    source = torch.from_numpy((oracle.randn(2, 3) * 5).astype(numpy_dtype(dtype)))
    ours = ft.from_dlpack(source)
    assert_close(ours, source, rtol=0, atol=0)
    theirs = torch.from_dlpack(ours)
    assert_close(theirs, source, rtol=0, atol=0)
    if dtype != "bool":
        source.view(-1)[0] = 7
        assert ours.numpy().reshape(-1)[0] == 7 and theirs.view(-1)[0].item() == 7
    assert ours.data_ptr() == source.data_ptr() == theirs.data_ptr()


def test_legacy_capsules_and_device_codes():
    torch = oracle.torch()
    source = torch.arange(6.0)
    tensor = ft.from_dlpack(torch.utils.dlpack.to_dlpack(source))
    source[2] = 42.0
    assert tensor[2].item() == 42.0
    assert ft.zeros(2).__dlpack_device__() == (1, 0)
    assert type(ft.zeros(2).__dlpack__()).__name__ == "PyCapsule"
    assert ft.from_dlpack(tensor) is tensor
    with pytest.raises(TypeError):
        ft.from_dlpack([1, 2, 3])


def test_tensors_requiring_grad_are_not_exported():
    pytest.importorskip("flambeau_autograd")
    with pytest.raises(RuntimeError, match="detach"):
        ft.zeros(2, requires_grad=True).__dlpack__()


# ---- finfo / iinfo ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "complex64", "complex128", None])
def test_finfo_matches_torch(dtype):
    torch = oracle.torch()
    ours = ft.finfo(None if dtype is None else getattr(ft, dtype))
    theirs = torch.finfo(None if dtype is None else getattr(torch, dtype)) if dtype else torch.finfo()
    for field in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_matches_torch(dtype):
    torch = oracle.torch()
    ours, theirs = ft.iinfo(getattr(ft, dtype)), torch.iinfo(getattr(torch, dtype))
    assert (ours.bits, ours.min, ours.max, ours.dtype) == (theirs.bits, theirs.min, theirs.max, theirs.dtype)
    assert repr(ours) == repr(theirs)


def test_info_errors():
    oracle.check_raises(lambda lib: lib.finfo(lib.int32))
    oracle.check_raises(lambda lib: lib.iinfo(lib.float32))


# ---- predicates and sizes -----------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(), (3,), (2, 0), (2, 3, 4)], ids=str)
def test_numel_and_predicates(shape):
    x = oracle.randn(*shape) if shape else np.asarray(oracle.randn())
    oracle.check(lambda lib, t: lib.numel(t), x)
    oracle.check(lambda lib, t: (lib.is_floating_point(t), lib.is_complex(t), lib.is_tensor(t)), x)
    oracle.check(lambda lib, t: (t.element_size(), t.nbytes, t.itemsize), x.astype(np.float64))


@pytest.mark.parametrize("values", [[0.0], [2.0], [], [1.0, 2.0], [[True]]], ids=str)
def test_is_nonzero(values):
    oracle.check(lambda lib: lib.is_nonzero(lib.tensor(values)))
    oracle.check(lambda lib: lib.tensor(values).is_nonzero())


@pytest.mark.gpu
def test_cuda_dlpack_with_cupy_and_torch_layout():
    import cupy

    array = cupy.arange(6.0)
    tensor = ft.from_dlpack(array)
    assert tensor.device.type == "cuda" and tensor.__dlpack_device__() == (2, 0)
    array[1] = 9.0
    assert tensor[1].item() == 9.0
    assert cupy.from_dlpack(tensor).data.ptr == array.data.ptr

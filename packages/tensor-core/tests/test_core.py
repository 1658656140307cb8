"""The core object: dtypes, type promotion, devices, Tensor metadata, conversions, repr, versions."""
import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64",
               "complex64", "complex128"]


def numpy_of(name):
    return np.dtype(np.bool_ if name == "bool" else name)


# ---- dtypes ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", DTYPE_NAMES)
def test_dtype_attributes_match_torch(name):
    torch = oracle.torch()
    ours, theirs = getattr(ft, name), getattr(torch, name)
    assert ours.is_floating_point == theirs.is_floating_point
    assert ours.is_complex == theirs.is_complex
    assert ours.is_signed == theirs.is_signed
    assert ours.itemsize == theirs.itemsize
    assert repr(ours) == repr(theirs)


def test_dtype_aliases_and_pickle_identity():
    assert ft.float is ft.float32 and ft.double is ft.float64 and ft.long is ft.int64 and ft.half is ft.float16
    assert pickle.loads(pickle.dumps(ft.float64)) is ft.float64
    assert pickle.loads(pickle.dumps(ft.device("cuda", 1))) == ft.device("cuda:1")


@given(a=st.sampled_from(DTYPE_NAMES), b=st.sampled_from(DTYPE_NAMES))
@settings(max_examples=60, deadline=None)
def test_promote_types_matches_torch(a, b):
    torch = oracle.torch()
    expected = torch.promote_types(getattr(torch, a), getattr(torch, b))
    assert ft.promote_types(getattr(ft, a), getattr(ft, b)).name == str(expected).split(".")[1]


SCALARS = [True, 3, -2.5, 1 + 2j]


@pytest.mark.parametrize("a", DTYPE_NAMES)
@pytest.mark.parametrize("b", DTYPE_NAMES)
def test_result_type_matches_torch(a, b):
    """PyTorch's priority of dimensioned tensors over 0-d tensors over Python scalars, every pairing."""
    oracle.torch()
    for a_dim, b_dim in itertools.product((False, True), repeat=2):
        for scalar in SCALARS + [None]:
            _check_result_type(a, b, a_dim, b_dim, scalar)


def _check_result_type(a, b, a_dim, b_dim, scalar):
    torch = oracle.torch()
    shape_a, shape_b = ((2,) if a_dim else ()), ((2,) if b_dim else ())
    x = np.zeros(shape_a, numpy_of(a))
    y = np.zeros(shape_b, numpy_of(b))
    expected = _without_complex32(torch.result_type(torch.from_numpy(x), torch.from_numpy(y)))
    assert ft.result_type(ft.from_numpy(x), ft.from_numpy(y)).name == expected
    if scalar is not None:
        expected = _without_complex32(torch.result_type(torch.from_numpy(x), scalar))
        assert ft.result_type(ft.from_numpy(x), scalar).name == expected


def _without_complex32(torch_dtype) -> str:
    """flambeau has no complex32 (NumPy has none either): where PyTorch gives it (half with a complex
    scalar or 0-d complex tensor), flambeau gives complex64."""
    name = str(torch_dtype).split(".")[1]
    return "complex64" if name == "complex32" else name


def test_default_dtype_changes_float_scalars_and_creation():
    try:
        ft.set_default_dtype(ft.float64)
        assert ft.tensor([1.5]).dtype is ft.float64
        assert (ft.tensor([1, 2]) / 2).dtype is ft.float64
        assert ft.tensor([1j]).dtype is ft.complex128
    finally:
        ft.set_default_dtype(ft.float32)
    with pytest.raises(TypeError):
        ft.set_default_dtype(ft.int64)


# ---- devices -----------------------------------------------------------------------------------
@pytest.mark.parametrize("spec", ["cpu", "cuda", "cuda:1", ("cuda", 2)])
def test_device_parsing_matches_torch(spec):
    torch = oracle.torch()
    args = spec if isinstance(spec, tuple) else (spec,)
    ours, theirs = ft.device(*args), torch.device(*args)
    assert (ours.type, ours.index) == (theirs.type, theirs.index)
    assert str(ours) == str(theirs)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("spec", ["gpu", "cuda:x", "cuda:-1", "cpu:0:1"])
def test_bad_device_strings_raise_like_torch(spec):
    oracle.check_raises(lambda lib, s: lib.device(s), spec)


def test_cuda_without_gpu_raises_torch_error_type():
    if ft.cuda.is_available():
        pytest.skip("a GPU is present")
    oracle.check_raises(lambda lib: lib.zeros(2, device="cuda"))
    oracle.check_raises(lambda lib: lib.ones(2).cuda())


@pytest.mark.gpu
def test_device_mismatch_raises_runtime_error_on_gpu():
    a, b = ft.ones(2), ft.ones(2, device="cuda")
    with pytest.raises(RuntimeError, match="cuda:0 and cpu|cpu and cuda:0"):
        a + b


# ---- tensor metadata and conversions --------------------------------------------------------------
def test_metadata_matches_torch():
    x = oracle.randn(2, 3, 4)
    for fn in (lambda lib, t: t.shape, lambda lib, t: t.size(1), lambda lib, t: t.size(-1),
               lambda lib, t: t.stride(), lambda lib, t: t.dim(), lambda lib, t: t.numel(),
               lambda lib, t: t.element_size(), lambda lib, t: t.nbytes, lambda lib, t: t.is_contiguous(),
               lambda lib, t: t.is_floating_point(), lambda lib, t: t.ndim, lambda lib, t: len(t)):
        oracle.check(fn, x)
    oracle.check_raises(lambda lib, t: t.size(3), x)


def test_size_is_a_tuple_with_numel():
    size = ft.zeros(2, 3).shape
    assert size == (2, 3) and isinstance(size, tuple) and size.numel() == 6
    assert repr(size) == "torch.Size([2, 3])"
    assert isinstance(size[1:], ft.Size)


def test_from_numpy_and_numpy_share_memory():
    array = np.arange(6, dtype=np.float32)
    t = ft.from_numpy(array)
    array[0] = 42
    assert t[0].item() == 42
    t.numpy()[1] = 7
    assert array[1] == 7
    assert np.shares_memory(np.asarray(t), array)


def test_numpy_rejects_unsupported_dtype():
    oracle.check_raises(lambda lib: lib.from_numpy(np.array(["a"])))
    oracle.check_raises(lambda lib: lib.from_numpy(np.zeros(2, dtype=">f4")))


@pytest.mark.parametrize("target", ["float64", "int32", "bool", "float16", "complex64"])
def test_to_dtype_matches_torch(target):
    x = oracle.randn(3, 2) * 4
    oracle.check(lambda lib, t: t.to(getattr(lib, target)), x)
    oracle.check(lambda lib, t: t.to(dtype=getattr(lib, target)), x)


def test_to_returns_self_when_nothing_changes_and_copy_otherwise():
    x = ft.ones(3)
    assert x.to(ft.float32) is x and x.to("cpu") is x
    y = x.to(ft.float32, copy=True)
    assert y is not x and not np.shares_memory(y.numpy(), x.numpy())


@pytest.mark.parametrize("method", ["double", "float", "half", "long", "int", "short", "char", "byte", "bool"])
def test_conversion_methods(method):
    oracle.check(lambda lib, t: getattr(t, method)(), oracle.randn(4) * 3)


def test_type_strings():
    oracle.check(lambda lib, t: t.type().split(".")[-1], oracle.randn(2))
    oracle.check(lambda lib, t: t.type("torch.DoubleTensor").dtype.is_floating_point, oracle.randn(2))


def test_item_tolist_and_python_scalars():
    for fn in (lambda lib, t: t.tolist(), lambda lib, t: t[1].item(), lambda lib, t: float(t[0]),
               lambda lib, t: int(t[0]), lambda lib, t: bool(t[2])):
        oracle.check(fn, np.array([1.5, -2.0, 0.0], np.float32))
    oracle.check_raises(lambda lib, t: t.item(), oracle.randn(3))
    oracle.check_raises(lambda lib, t: bool(t), oracle.randn(3))


@pytest.mark.parametrize("convert", [float, int, complex, bool, lambda t: t.item(), lambda t: [0, 1][t]])
@pytest.mark.parametrize("size", [0, 2])
def test_python_scalars_of_several_or_no_elements_raise_as_torch(convert, size):
    error = oracle.check_raises(lambda lib, t: convert(t), np.ones(size, np.int64))
    with pytest.raises(type(error)) as theirs:
        convert(oracle.torch().ones(size, dtype=oracle.torch().int64))
    assert str(error) == str(theirs.value)


# ---- repr -----------------------------------------------------------------------------------------
REPR_CASES = [
    np.array([1.0, 2.5], np.float32), np.array([1.0, 2.0], np.float64), np.array([[1e-5, 1.0]], np.float32),
    np.array([1, 2, 3], np.int32), np.array([True, False]), np.array(3.25, np.float32),
    np.array([1e10, 1.0], np.float32), np.array([np.nan, np.inf, -1.0], np.float32),
    np.zeros((0, 3), np.float32), np.array([], np.int64), np.arange(2000, dtype=np.float32),
    np.arange(24, dtype=np.int64).reshape(2, 3, 4), np.array([100.0, -3.0], np.float32),
    np.linspace(-1, 1, 30, dtype=np.float32), np.array([1 + 2j, -0.5j], np.complex64),
]


@pytest.mark.parametrize("array", REPR_CASES, ids=lambda a: f"{a.dtype}{a.shape}")
def test_repr_matches_torch_format(array):
    torch = oracle.torch()
    expected = repr(torch.from_numpy(array.copy()))
    assert repr(ft.from_numpy(array.copy())) == expected


def test_set_printoptions_precision():
    torch = oracle.torch()
    array = np.array([1.123456, 2.5], np.float32)
    try:
        torch.set_printoptions(precision=2)
        ft.set_printoptions(precision=2)
        assert repr(ft.from_numpy(array)) == repr(torch.from_numpy(array))
    finally:
        torch.set_printoptions(profile="default")
        ft.set_printoptions(profile="default")


# ---- versions and views ---------------------------------------------------------------------------
def test_inplace_ops_bump_shared_version_counter():
    base = ft.zeros(4)
    view = base[1:3]
    assert base._version == 0
    view += 1
    assert base._version == 1 and view._version == 1
    base.mul_(2)
    assert view._version == 2
    assert base.tolist() == [0.0, 2.0, 2.0, 0.0]


def test_pickle_round_trip():
    t = ft.tensor([[1, 2], [3, 4]], dtype=ft.int16)
    u = pickle.loads(pickle.dumps(t))
    assert u.dtype is ft.int16 and u.tolist() == t.tolist() and type(u) is ft.Tensor


def test_requires_grad_without_autograd_names_the_package(monkeypatch):
    from flambeau_tensor_core import _core

    if _core.autograd_hook() is not None:
        pytest.skip("flambeau-autograd is installed")
    with pytest.raises(RuntimeError, match="flambeau-autograd"):
        ft.ones(2, requires_grad=True)


@pytest.mark.parametrize("python_type", [float, int, bool, complex])
@pytest.mark.parametrize("call", [
    lambda lib, t, d: lib.zeros(2, dtype=d), lambda lib, t, d: lib.tensor([1, 0], dtype=d),
    lambda lib, t, d: lib.arange(3, dtype=d), lambda lib, t, d: t.to(d), lambda lib, t, d: lib.full((2,), 1, dtype=d),
    lambda lib, t, d: lib.ones_like(t, dtype=d),
], ids=["zeros", "tensor", "arange", "to", "full", "ones_like"])
def test_python_types_are_dtypes_as_in_torch(python_type, call):
    oracle.check(lambda lib, t: call(lib, t, python_type), np.array([1.5, 0.0], np.float32))


def test_non_dtype_types_are_refused():
    oracle.check_raises(lambda lib: lib.zeros(2, dtype=list))


@pytest.mark.parametrize("call", [
    lambda lib, d: lib.arange(3, dtype=d), lambda lib, d: lib.linspace(0, 1, 3, dtype=d),
    lambda lib, d: lib.logspace(0, 1, 3, dtype=d), lambda lib, d: lib.range(0, 2, dtype=d),
], ids=["arange", "linspace", "logspace", "range"])
@pytest.mark.parametrize("dtype", ["bool", "complex64", "float16", "int32"])
def test_range_factories_refuse_the_dtypes_torch_has_no_kernel_for(call, dtype):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)   # range is deprecated
        torch = oracle.torch()
        try:
            call(torch, getattr(torch, dtype))
        except NotImplementedError:
            oracle.check_raises(lambda lib: call(lib, getattr(lib, dtype)))
        else:
            oracle.check(lambda lib: call(lib, getattr(lib, dtype)))


def test_resizing_a_non_empty_out_warns_as_torch():
    with pytest.warns(UserWarning, match="An output with one or more elements was resized since it had shape"):
        result = ft.add(ft.ones(3), 1, out=ft.empty(2))
    assert result.shape == (3,)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ft.add(ft.ones(3), 1, out=ft.empty(0))     # an empty out= is resized silently


@pytest.mark.parametrize("make", [
    lambda lib: lib.zeros(0, 3), lambda lib: lib.zeros(2, 0, 3), lambda lib: lib.empty(0), lambda lib: lib.ones(3, 0),
    lambda lib: lib.zeros(4, 3)[:0], lambda lib: lib.arange(0).view(0, 5), lambda lib: lib.tensor([]),
], ids=["0x3", "2x0x3", "0", "3x0", "slice", "view", "tensor"])
def test_strides_of_empty_tensors_are_torchs(make):
    """NumPy gives new empty arrays zero strides; PyTorch row-major ones (sizes counted as at least 1)."""
    oracle.check(lambda lib: (make(lib).stride(), make(lib).stride(-1) if make(lib).dim() else None))

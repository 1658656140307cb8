"""Creation ops against PyTorch: values, dtype, shape, errors; views and memory sharing where PyTorch shares."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

randn = oracle.randn


# ---- tensor / as_tensor / asarray / from_numpy -----------------------------------------------------------
@pytest.mark.parametrize("data", [
    [1, 2, 3], [1.5, 2], [[True, False]], [1 + 2j, 3], 3, 2.5, [], [[1, 2], [3, 4]], [[1, 2], [3]], [1, "a"],
    (1, 2.0), np.arange(3, dtype=np.int16), np.float64(2.5),
], ids=repr)
def test_tensor_infers_dtype_like_torch(data):
    oracle.check(lambda lib: lib.tensor(data))


@pytest.mark.parametrize("dtype", ["float64", "int32", "bool", "complex64", "float16", "uint8"])
def test_tensor_dtype_argument(dtype):
    oracle.check(lambda lib: lib.tensor([[0, 1.5], [-2, 3]], dtype=getattr(lib, dtype)))


def test_tensor_copies_and_from_numpy_shares():
    array = np.arange(4.0)
    copied, shared = ft.tensor(array), ft.from_numpy(array)
    array[0] = 9
    assert copied[0].item() == 0 and shared[0].item() == 9
    oracle.check_raises(lambda lib, x: lib.from_numpy([1, 2]), np.zeros(1))


def test_as_tensor_and_asarray_share_when_they_can():
    array = np.arange(4.0)
    assert ft.as_tensor(array).numpy() is array or np.shares_memory(ft.as_tensor(array).numpy(), array)
    assert not np.shares_memory(ft.as_tensor(array, dtype=ft.float32).numpy(), array)
    assert np.shares_memory(ft.asarray(array).numpy(), array)
    assert not np.shares_memory(ft.asarray(array, copy=True).numpy(), array)
    oracle.check(lambda lib: lib.as_tensor([1, 2], dtype=lib.float64))
    oracle.check(lambda lib, x: lib.asarray(x, dtype=lib.int64), randn(3))


# ---- filled tensors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", ["zeros", "ones"])
@pytest.mark.parametrize("size", [(2, 3), ((2, 3),), ([4],), ((),), (0, 2)], ids=str)
def test_zeros_ones(fn, size):
    oracle.check(lambda lib: getattr(lib, fn)(*size))
    oracle.check(lambda lib: getattr(lib, fn)(*size, dtype=lib.int16))


def test_empty_and_full():
    assert ft.empty(2, 3).shape == (2, 3) and ft.empty(2, dtype=ft.int64).dtype is ft.int64
    for fill in (1, 2.5, True, 1 + 1j):
        oracle.check(lambda lib, fill=fill: lib.full((2, 2), fill))
    oracle.check(lambda lib: lib.full((2,), 7, dtype=lib.float64))
    oracle.check_raises(lambda lib: lib.zeros(2, -1))
    oracle.check_raises(lambda lib: lib.zeros(2.5))


@pytest.mark.parametrize("fn", ["zeros_like", "ones_like", "empty_like"])
def test_like_functions(fn):
    x = ft.from_numpy(randn(2, 3))
    assert getattr(ft, fn)(x).shape == (2, 3) and getattr(ft, fn)(x, dtype=ft.int64).dtype is ft.int64
    if fn != "empty_like":
        oracle.check(lambda lib, x: getattr(lib, fn)(x, dtype=lib.int64), randn(2))
    oracle.check(lambda lib, x: lib.full_like(x, 3), oracle.randint(0, 3, 2, 2))
    oracle.check(lambda lib, x: lib.full_like(x, 0.5), randn(3))


@pytest.mark.parametrize("args", [(5,), (1, 4), (0, 1, 0.25), (5, 0, -1), (0, 5, 2), (0.5, 3), (1, 2.5, 0.5),
                                  (0, 0), (0, 1, 0), (5, 0, 1), (0, 10, 3)], ids=str)
def test_arange(args):
    oracle.check(lambda lib: lib.arange(*args))
    oracle.check(lambda lib: lib.arange(*args, dtype=lib.float64))


# ---- ranges -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("start, end, steps", [(0, 1, 5), (-3, 10, 7), (1, -1, 4), (0, 1, 1), (0, 1, 0), (2, 2, 3),
                                              (0, 1, -1), (0.1, 7.7, 50)], ids=str)
@pytest.mark.parametrize("dtype", [None, "float64", "int64", "int32", "complex64"])
def test_linspace(start, end, steps, dtype):
    kwargs = {} if dtype is None else {"dtype": dtype}
    oracle.check(lambda lib: lib.linspace(start, end, steps, **{k: getattr(lib, v) for k, v in kwargs.items()}))


@settings(max_examples=60, deadline=None)
@given(start=st.floats(-1e3, 1e3), end=st.floats(-1e3, 1e3), steps=st.integers(0, 300),
       dtype=st.sampled_from(["float16", "float32", "float64"]))
def test_linspace_is_bit_identical_to_torch(start, end, steps, dtype):
    """PyTorch computes each value with one fused multiply-add (float16: every step rounded to half);
    NumPy's separate product and sum would differ in the last bit of many values. logspace's exponents
    are PyTorch's (not fused); its powers come from NumPy's vector pow, within an ulp or so of libm's."""
    torch = oracle.torch()
    make = lambda lib: lib.linspace(start, end, steps, dtype=getattr(lib, dtype))  # noqa: E731
    np.testing.assert_array_equal(make(ft).numpy(), make(torch).numpy())
    powers = lambda lib: lib.logspace(start / 500, end / 500, steps, dtype=getattr(lib, dtype))  # noqa: E731
    np.testing.assert_allclose(powers(ft).numpy(), powers(torch).numpy(), rtol=4 * np.finfo(dtype).eps)


def test_linspace_tensor_and_complex_endpoints():
    oracle.check(lambda lib, a, b: lib.linspace(a, b, 4), np.array(0.5), np.array(2.0))
    oracle.check(lambda lib: lib.linspace(0, 1 + 1j, 3))
    oracle.check_raises(lambda lib, a: lib.linspace(a, 1, 3), randn(2))


@pytest.mark.parametrize("start, end, steps, base", [(0, 2, 3, 10.0), (0, 3, 4, 2), (-1, 1, 5, 10.0), (1, 0, 3, 3.0)],
                         ids=str)
@pytest.mark.parametrize("dtype", [None, "float64", "int64"])
def test_logspace(start, end, steps, base, dtype):
    kwargs = {} if dtype is None else {"dtype": dtype}
    oracle.check(lambda lib: lib.logspace(start, end, steps, base, **{k: getattr(lib, v) for k, v in kwargs.items()}))


# ---- matrices ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [(3,), (2, 4), (0,), (3, 0), (-1,)], ids=str)
@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
def test_eye(args, dtype):
    oracle.check(lambda lib: lib.eye(*args, dtype=getattr(lib, dtype)))


@pytest.mark.parametrize("shape", [(3,), (3, 3), (2, 4), (4, 2), (0,), (2, 2, 2)], ids=str)
@pytest.mark.parametrize("diagonal", [0, 1, -2])
def test_diag(shape, diagonal):
    oracle.check(lambda lib, x: lib.diag(x, diagonal), randn(*shape))
    oracle.check(lambda lib, x: x.diag(diagonal), randn(*shape))


def test_diag_of_matrix_is_a_copy_like_torch():
    x = ft.zeros(3, 3)
    d = ft.diag(x)
    d[0] = 5.0
    assert x[0, 0].item() == 0.0


@pytest.mark.parametrize("shape, offset, dim1, dim2", [
    ((3,), 0, -2, -1), ((2, 3), 1, 0, 2), ((2, 3), -1, -1, 0), ((2, 2, 3), 0, 1, 3), ((2, 3), 0, 1, 1),
], ids=str)
def test_diag_embed(shape, offset, dim1, dim2):
    oracle.check(lambda lib, x: lib.diag_embed(x, offset, dim1, dim2), randn(*shape))


@pytest.mark.parametrize("fn", ["tril", "triu"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (5, 3), (2, 3, 4), (3,)], ids=str)
@pytest.mark.parametrize("diagonal", [0, 1, -1, 10])
def test_tril_triu(fn, shape, diagonal):
    oracle.check(lambda lib, x: getattr(lib, fn)(x, diagonal), randn(*shape))
    oracle.check(lambda lib, x: getattr(x, fn)(diagonal=diagonal), oracle.randint(0, 9, *shape))


@pytest.mark.parametrize("fn", ["tril_", "triu_"])
def test_tril_triu_in_place(fn):
    def run(lib, x):
        result = getattr(x, fn)(1)
        assert result is x
        return x

    oracle.check(run, randn(3, 4))


@pytest.mark.parametrize("fn", ["tril_indices", "triu_indices"])
@pytest.mark.parametrize("args", [(3, 3), (3, 4, 1), (4, 3, -1), (0, 3), (3, 3, 5), (3, 3, -5)], ids=str)
def test_triangle_indices(fn, args):
    oracle.check(lambda lib: getattr(lib, fn)(*args))
    oracle.check(lambda lib: getattr(lib, fn)(*args, dtype=lib.int32))


# ---- grids ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("indexing", ["ij", "xy"])
@pytest.mark.parametrize("shapes", [[(2,), (3,)], [(2,), (3,), (4,)], [(3,)], [(), (2,)]], ids=str)
def test_meshgrid(indexing, shapes):
    tensors = [randn(*s) for s in shapes]
    oracle.check(lambda lib, *xs: lib.meshgrid(*xs, indexing=indexing), *tensors)
    oracle.check(lambda lib, *xs: lib.meshgrid(list(xs), indexing=indexing), *tensors)


def test_meshgrid_views_default_and_errors():
    x = ft.arange(3.0)
    with pytest.warns(UserWarning):
        grid_x, _ = ft.meshgrid(x, ft.arange(2.0))
    assert grid_x._base is not None
    x[0] = 7.0
    assert grid_x[0, 1].item() == 7.0                       # a view, as in PyTorch
    oracle.check_raises(lambda lib, a, b: lib.meshgrid(a, b, indexing="ij"), randn(2), randn(2).astype(np.float64))
    oracle.check_raises(lambda lib, a: lib.meshgrid(a, indexing="ji"), randn(2))


@pytest.mark.parametrize("shapes", [[(2,), (3,)], [(2,), (1,), (3,)], [(4,)], [(0,), (2,)]], ids=str)
def test_cartesian_prod(shapes):
    oracle.check(lambda lib, *xs: lib.cartesian_prod(*xs), *[oracle.randint(0, 9, *s) for s in shapes])


# ---- complex from parts -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", ["complex", "polar"])
@pytest.mark.parametrize("dtypes, shapes", [((np.float32, np.float32), ((3,), (3,))),
                                            ((np.float64, np.float64), ((2, 1), (3,))),
                                            ((np.float32, np.float64), ((3,), (3,))),
                                            ((np.int64, np.int64), ((3,), (3,))),
                                            ((np.float32, np.float32), ((2,), (3,)))], ids=str)
def test_complex_and_polar(fn, dtypes, shapes):
    a, b = (randn(*s).astype(d) for s, d in zip(shapes, dtypes))
    oracle.check(lambda lib, x, y: getattr(lib, fn)(x, y), a, b)


# ---- requires_grad= and device= ---------------------------------------------------------------------------
@pytest.mark.parametrize("make", [lambda lib: lib.zeros(2, requires_grad=True),
                                  lambda lib: lib.linspace(0, 1, 3, requires_grad=True),
                                  lambda lib: lib.eye(2, requires_grad=True),
                                  lambda lib: lib.tensor([1.0], requires_grad=True)])
def test_requires_grad_argument(make):
    pytest.importorskip("flambeau_autograd")
    assert make(ft).requires_grad and make(oracle.torch()).requires_grad


@given(size=st.lists(st.integers(0, 3), max_size=3), fill=st.sampled_from([0, 1.5, -2, True]))
@settings(max_examples=25, deadline=None)
def test_full_property(size, fill):
    oracle.check(lambda lib: lib.full(size, fill))


# ---- GPU --------------------------------------------------------------------------------------------------
@pytest.mark.gpu
@pytest.mark.parametrize("make", [lambda lib, **kw: lib.zeros(2, 3, **kw), lambda lib, **kw: lib.eye(3, **kw),
                                  lambda lib, **kw: lib.linspace(0, 1, 5, **kw), lambda lib, **kw: lib.arange(5, **kw),
                                  lambda lib, **kw: lib.tril_indices(3, 3, **kw),
                                  lambda lib, **kw: lib.full((2,), 3.5, **kw)])
def test_creation_on_cuda_matches_cpu(make):
    on_gpu = make(ft, device="cuda")
    assert on_gpu.device.type == "cuda"
    assert_close(on_gpu.cpu(), make(ft))


@pytest.mark.gpu
def test_matrix_ops_on_cuda_match_cpu():
    x = ft.from_numpy(randn(3, 4))
    with warnings.catch_warnings():
        for fn in (ft.tril, ft.triu, ft.diag, ft.diag_embed, lambda t: ft.complex(t, t), lambda t: ft.polar(t, t)):
            assert_close(fn(x.cuda()).cpu(), fn(x))


# ---- dtype inference over items, and factories writing into out= ------------------------------------------
INFERENCE = {
    "float64 and int64 tensors": lambda L: L.tensor([L.tensor(1.5, dtype=L.float64), L.tensor(2)]),
    "int64 tensor and a float": lambda L: L.tensor([L.tensor(1), 2.5]),
    "int32 tensor and an int": lambda L: L.tensor([L.tensor(1, dtype=L.int32), 2]),
    "bool tensor and an int": lambda L: L.tensor([L.tensor(True), 1]),
    "float16 tensor and a float": lambda L: L.tensor([L.tensor(1.5, dtype=L.float16), 2.0]),
    "float32 and int64 tensors": lambda L: L.tensor([L.tensor(1.5), L.tensor(2)]),
    "NumPy float32 and a float": lambda L: L.tensor([np.float32(1), 2.0]),
    "an int and a NumPy float32": lambda L: L.tensor([1, np.float32(2.5)]),
    "nested NumPy int16": lambda L: L.tensor([[np.int16(1)], [2]]),
}


@pytest.mark.parametrize("name", sorted(INFERENCE))
def test_tensor_infers_dtype_from_every_item_as_pytorch(name):
    torch = oracle.torch()
    theirs, ours = INFERENCE[name](torch), INFERENCE[name](ft)
    assert str(ours.dtype) == str(theirs.dtype) and ours.tolist() == theirs.tolist()


OUT_FACTORIES = {
    "zeros": lambda L, o, **k: L.zeros(3, out=o, **k), "ones": lambda L, o, **k: L.ones(3, out=o, **k),
    "full": lambda L, o, **k: L.full((3,), 2, out=o, **k), "full 2.5": lambda L, o, **k: L.full((3,), 2.5, out=o, **k),
    "arange": lambda L, o, **k: L.arange(3, out=o, **k), "linspace": lambda L, o, **k: L.linspace(0, 2, 3, out=o, **k),
    "logspace": lambda L, o, **k: L.logspace(0, 2, 3, out=o, **k),
    "eye": lambda L, o, **k: L.eye(3, out=L.empty(3, 3, dtype=o.dtype), **k),
    "empty": lambda L, o, **k: L.empty(3, out=o, **k).zero_(),
}


@pytest.mark.parametrize("dtype", [None, "float64", "int32"])
@pytest.mark.parametrize("name", sorted(OUT_FACTORIES))
def test_factories_fill_out_in_its_dtype_and_check_a_given_one(name, dtype):
    """Without dtype= a factory takes out's dtype (int32 here); a dtype= other than out's raises."""
    torch = oracle.torch()
    outcomes = []
    for lib in (torch, ft):
        kwargs = {} if dtype is None else {"dtype": getattr(lib, dtype)}
        try:
            result = OUT_FACTORIES[name](lib, lib.empty(3, dtype=lib.int32), **kwargs)
            outcomes.append((str(result.dtype), result.tolist()))
        except RuntimeError as error:
            outcomes.append(str(error))
    assert outcomes[1] == outcomes[0]

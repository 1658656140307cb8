"""geqrf, linalg.householder_product/orgqr and ormqr (and their Tensor methods) against PyTorch: values in
LAPACK's sign convention, dtypes, shapes, errors in PyTorch's order, gradients of orgqr/ormqr, and
geqrf's node whose backward raises."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

rng = np.random.default_rng(11)
DTYPES = [np.float32, np.float64, np.complex64, np.complex128]
SHAPES = [(4, 3), (3, 3), (3, 5), (2, 4, 3), (2, 1, 3, 5), (0, 3), (3, 0), (0, 2, 2)]


def matrix(*shape, dtype=np.float64):
    a = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.standard_normal(shape)
    return np.asarray(a, dtype=dtype)


def tolerance(dtype):
    single = dtype in (np.float32, np.complex64)
    return {"rtol": 1e-4, "atol": 1e-5} if single else {"rtol": 1e-10, "atol": 1e-12}


def other_for(shape, left, dtype, columns=2):
    """A matrix that ``ormqr`` can multiply by the Q of ``geqrf`` of a ``shape`` input."""
    m = shape[-2]
    return matrix(*shape[:-2], *((m, columns) if left else (columns, m)), dtype=dtype)


# ---- values --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_geqrf(shape, dtype):
    oracle.check(lambda lib, a: lib.geqrf(a), matrix(*shape, dtype=dtype), **tolerance(dtype))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [s for s in SHAPES if s[-2] >= s[-1]], ids=str)
def test_orgqr_of_geqrf(shape, dtype):
    oracle.check(lambda lib, a: lib.orgqr(*lib.geqrf(a)), matrix(*shape, dtype=dtype), **tolerance(dtype))
    oracle.check(lambda lib, a: lib.linalg.householder_product(*a.geqrf()), matrix(*shape, dtype=dtype),
                 **tolerance(dtype))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("left", [True, False], ids=["left", "right"])
@pytest.mark.parametrize("transpose", [False, True], ids=["Q", "QH"])
def test_ormqr_of_geqrf(shape, dtype, left, transpose):
    oracle.check(lambda lib, a, c: lib.ormqr(*lib.geqrf(a), c, left, transpose), matrix(*shape, dtype=dtype),
                 other_for(shape, left, dtype), **tolerance(dtype))


def test_methods_keywords_and_arbitrary_reflectors():
    a, tau, c = matrix(5, 3), matrix(3), matrix(2, 5)
    oracle.check(lambda lib, a: a.geqrf(), a)
    oracle.check(lambda lib, a, t: a.orgqr(t[:2]), a, tau)
    oracle.check(lambda lib, a, t, c: a.ormqr(t, c, left=False, transpose=True), a, tau, c)
    oracle.check(lambda lib, a, t, c: lib.ormqr(a, t, c.mT, transpose=True), a, tau, c)
    oracle.check(lambda lib, a, t, c: lib.ormqr(a, t, c, False), a, tau, c)
    oracle.check(lambda lib, a, c: lib.ormqr(a[:, :0], a[0, :0], c.mT), a, c)     # no reflectors: a copy


def test_out_arguments():
    a, c = matrix(4, 3), matrix(4, 2)
    oracle.check(lambda lib, a: lib.geqrf(a, out=(lib.empty(0, dtype=a.dtype), lib.empty(0, dtype=a.dtype))), a)
    oracle.check(lambda lib, a: lib.orgqr(*lib.geqrf(a), out=lib.empty(4, 3, dtype=a.dtype)), a)
    oracle.check(lambda lib, a, c: lib.ormqr(*lib.geqrf(a), c, out=lib.empty(0, dtype=a.dtype)), a, c)


# ---- errors --------------------------------------------------------------------------------------------
def rand(*shape):
    return matrix(*shape, dtype=np.float32)


ERRORS = [
    ("geqrf-1d", lambda lib, a: lib.geqrf(a), [rand(3)]),
    ("geqrf-int", lambda lib, a: lib.geqrf(a.long()), [rand(3, 3)]),
    ("geqrf-empty-int", lambda lib, a: lib.geqrf(a.long()), [rand(0, 3)]),
    ("geqrf-half", lambda lib, a: lib.geqrf(a.half()), [rand(3, 3)]),
    ("geqrf-list", lambda lib: lib.geqrf([[1.0, 2.0]]), []),
    ("orgqr-1d", lambda lib, a, t: lib.orgqr(a, t), [rand(4), rand(2)]),
    ("orgqr-wide", lambda lib, a, t: lib.orgqr(a, t), [rand(3, 4), rand(2)]),
    ("orgqr-tau-too-long", lambda lib, a, t: lib.orgqr(a, t), [rand(4, 3), rand(4)]),
    ("orgqr-tau-0d", lambda lib, a, t: lib.orgqr(a, t), [rand(4, 3), rand()]),
    ("orgqr-tau-ndim", lambda lib, a, t: lib.orgqr(a, t), [rand(2, 4, 3), rand(3)]),
    ("orgqr-tau-batch", lambda lib, a, t: lib.orgqr(a, t), [rand(2, 4, 3), rand(3, 3)]),
    ("orgqr-tau-dtype", lambda lib, a, t: lib.orgqr(a, t.double()), [rand(4, 3), rand(2)]),
    ("orgqr-int", lambda lib, a, t: lib.orgqr(a.long(), t.long()), [rand(4, 3), rand(2)]),
    ("orgqr-half", lambda lib, a, t: lib.linalg.householder_product(a.half(), t.half()), [rand(4, 3), rand(2)]),
    ("orgqr-tau-not-tensor", lambda lib, a: lib.orgqr(a, 2), [rand(4, 3)]),
    ("householder-list", lambda lib, t: lib.linalg.householder_product([[1.0]], t), [rand(1)]),
    ("ormqr-1d-input", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(4), rand(3), rand(4, 2)]),
    ("ormqr-1d-other", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(4, 3), rand(3), rand(4)]),
    ("ormqr-other-rows", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(4, 3), rand(3), rand(3, 2)]),
    ("ormqr-other-cols", lambda lib, a, t, c: lib.ormqr(a, t, c, left=False), [rand(4, 3), rand(3), rand(2, 3)]),
    ("ormqr-tau-short", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(4, 3), rand(2), rand(4, 2)]),
    ("ormqr-tau-long", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(3, 5), rand(4), rand(3, 2)]),
    ("ormqr-tau-0d", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(4, 3), rand(), rand(4, 2)]),
    ("ormqr-tau-ndim", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(2, 4, 3), rand(3), rand(2, 4, 2)]),
    ("ormqr-other-ndim", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(2, 4, 3), rand(2, 3), rand(4, 2)]),
    ("ormqr-tau-batch", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(2, 4, 3), rand(3, 3), rand(3, 4, 2)]),
    ("ormqr-other-batch", lambda lib, a, t, c: lib.ormqr(a, t, c), [rand(2, 4, 3), rand(2, 3), rand(1, 4, 2)]),
    ("ormqr-tau-dtype", lambda lib, a, t, c: lib.ormqr(a, t.double(), c.double()), [rand(4, 3), rand(3), rand(4, 2)]),
    ("ormqr-other-dtype", lambda lib, a, t, c: lib.ormqr(a, t, c.bool()), [rand(4, 3), rand(3), rand(4, 2)]),
    ("ormqr-int", lambda lib, a, t, c: lib.ormqr(a.int(), t.int(), c.int()), [rand(4, 3), rand(3), rand(4, 2)]),
    ("ormqr-half", lambda lib, a, t, c: lib.ormqr(a.half(), t.half(), c.half()), [rand(4, 3), rand(3), rand(4, 2)]),
    ("ormqr-other-not-tensor", lambda lib, a, t: lib.ormqr(a, t, 2), [rand(4, 3), rand(3)]),
    ("ormqr-transpose-int", lambda lib, a, t, c: lib.ormqr(a, t, c, True, 1), [rand(4, 3), rand(3), rand(4, 2)]),
]


@pytest.mark.parametrize("fn, arrays", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_errors(fn, arrays):
    """The same exception type as PyTorch (the oracle's check) and the same message."""
    error = oracle.check_raises(fn, *arrays)
    torch = oracle.torch()
    with pytest.raises(Exception) as expected:
        fn(torch, *(torch.tensor(a) for a in arrays))
    assert str(error) == str(expected.value)


# ---- gradients -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.complex128], ids=["float64", "complex128"])
@pytest.mark.parametrize("shape", [(4, 3), (3, 3), (3, 5), (2, 3, 2)], ids=str)
@pytest.mark.parametrize("left", [True, False], ids=["left", "right"])
@pytest.mark.parametrize("transpose", [False, True], ids=["Q", "QH"])
def test_ormqr_gradient(shape, dtype, left, transpose):
    k = min(shape[-2:])
    oracle.check(lambda lib, a, t, c: lib.ormqr(a, t, c, left, transpose), matrix(*shape, dtype=dtype),
                 matrix(*shape[:-2], k, dtype=dtype), other_for(shape, left, dtype), grad=True, rtol=1e-8,
                 atol=1e-10)


@pytest.mark.parametrize("dtype", [np.float64, np.complex128], ids=["float64", "complex128"])
@pytest.mark.parametrize("shape, k", [((4, 3), 2), ((3, 3), 3), ((2, 5, 2), 2)], ids=str)
def test_orgqr_gradient(shape, k, dtype):
    oracle.check(lambda lib, a, t: lib.orgqr(a, t), matrix(*shape, dtype=dtype), matrix(*shape[:-2], k, dtype=dtype),
                 grad=True, rtol=1e-8, atol=1e-10)


def test_geqrf_records_a_node_without_a_derivative():
    """As in PyTorch: both results require grad (GeqrfBackward0), and backward through either raises."""
    a = ft.tensor(matrix(3, 2), requires_grad=True)
    result = ft.geqrf(a)
    assert type(result).__name__ == "geqrf" and result._fields == ("a", "tau")
    assert result.a.requires_grad and result.tau.requires_grad
    assert result.a.grad_fn.name() == "GeqrfBackward0"
    for output in result:
        with pytest.raises(NotImplementedError, match="derivative for 'geqrf' is not implemented"):
            output.sum().backward(retain_graph=True)


# ---- CUDA ----------------------------------------------------------------------------------------------
CUDA_CASES = [
    ("geqrf", lambda lib, a, c: lib.geqrf(a)),
    ("orgqr", lambda lib, a, c: lib.orgqr(*lib.geqrf(a))),
    ("ormqr", lambda lib, a, c: lib.ormqr(*lib.geqrf(a), c, transpose=True)),
    ("ormqr-right", lambda lib, a, c: lib.ormqr(*lib.geqrf(a), c.mT, left=False)),
]


@pytest.mark.gpu
@pytest.mark.parametrize("dtype", [np.float32, np.complex128], ids=["float32", "complex128"])
@pytest.mark.parametrize("fn", [c[1] for c in CUDA_CASES], ids=[c[0] for c in CUDA_CASES])
def test_on_cuda(fn, dtype):
    oracle.check(fn, matrix(2, 4, 3, dtype=dtype), matrix(2, 4, 2, dtype=dtype), flambeau=oracle.on_device("cuda"),
                 **tolerance(dtype))


def test_raw_qr_one_matrix_at_a_time():
    """The CuPy path of geqrf (its ``qr(mode="raw")`` takes one matrix, and older versions give float64
    for float32), run here with a stand-in module over NumPy."""
    from types import SimpleNamespace

    from flambeau_tensor_core.linalg_extras import _raw_qr

    def qr_of_one(a, mode):
        assert a.ndim == 2 and mode == "raw"
        h, tau = np.linalg.qr(a.astype(np.float64), mode="raw")
        return h, tau

    stand_in = SimpleNamespace(empty=np.empty, linalg=SimpleNamespace(qr=qr_of_one))
    a = matrix(2, 3, 5, 4, dtype=np.float32)
    h, tau = _raw_qr(stand_in, a)
    expected_h, expected_tau = _raw_qr(np, a)
    assert h.dtype == np.float32 and h.shape == a.shape and tau.shape == (2, 3, 4)
    np.testing.assert_allclose(h, expected_h, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(tau, expected_tau, rtol=1e-4, atol=1e-5)

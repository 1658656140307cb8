"""Triangular solves, LU and its solvers, cond, householder_product, tensorinv/tensorsolve, vander,
solve_ex and the top-level triangular_solve/cholesky_solve/cholesky_inverse/lu_unpack, against PyTorch."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

randn = oracle.randn
TOL = {"rtol": 1e-4, "atol": 1e-5}
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def well_conditioned(*shape, dtype=np.float32):
    """Square matrices with a dominant diagonal: triangular parts of them are well conditioned."""
    return (randn(*shape) + 4 * np.eye(shape[-1])).astype(dtype)


def spd(*shape):
    a = randn(*shape).astype(np.float64)
    return a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])


# ---- solve_triangular / triangular_solve --------------------------------------------------------------
@pytest.mark.parametrize("upper", [True, False])
@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("unitriangular", [True, False])
def test_solve_triangular(upper, left, unitriangular):
    A, B = well_conditioned(2, 4, 4), randn(2, 4, 3)
    oracle.check(lambda lib, a, b: lib.linalg.solve_triangular(a, b if left else b.mT, upper=upper, left=left,
                                                               unitriangular=unitriangular), A, B, **TOL)


@given(batch_a=st.lists(st.sampled_from([1, 2]), max_size=2), batch_b=st.lists(st.sampled_from([1, 2]), max_size=2),
       n=st.integers(1, 4), k=st.integers(0, 3))
@settings(max_examples=25, deadline=None)
def test_solve_triangular_batch_broadcasting(batch_a, batch_b, n, k):
    A, B = well_conditioned(*batch_a, n, n, dtype=np.float64), randn(*batch_b, n, k).astype(np.float64)
    oracle.check(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=False), A, B, rtol=1e-8, atol=1e-10)


def test_solve_triangular_promotion_singular_and_errors():
    A, B = well_conditioned(3, 3), randn(3, 2)
    oracle.check(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True), A.astype(np.float64), B, **TOL)
    oracle.check(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True), np.zeros((3, 3), np.float32), B)
    complex_a = (A + 1j * randn(3, 3)).astype(np.complex64)
    oracle.check(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=False), complex_a,
                 B.astype(np.complex64), **TOL)
    oracle.check_raises(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True), A, randn(3))
    oracle.check_raises(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True, left=False), A, B)
    oracle.check_raises(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True), randn(3, 2), B)
    oracle.check_raises(lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True), np.eye(3, dtype=np.int64),
                        np.ones((3, 2), np.int64))
    oracle.check_raises(lambda lib, a, b: lib.linalg.solve_triangular(a, b), A, B)


@pytest.mark.parametrize("upper", [True, False])
@pytest.mark.parametrize("transpose", [True, False])
def test_triangular_solve(upper, transpose):
    A, B = well_conditioned(2, 3, 3), randn(3, 2)
    result = oracle.check(lambda lib, a, b: lib.triangular_solve(b, a, upper, transpose), A, B, **TOL)
    assert result._fields == ("solution", "cloned_coefficient")
    oracle.check(lambda lib, a, b: b.triangular_solve(a, upper=upper, unitriangular=True), A, B, **TOL)


# ---- Cholesky solvers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse(upper):
    factor = np.linalg.cholesky(spd(2, 4, 4))
    if upper:
        factor = np.swapaxes(factor, -1, -2).copy()
    B = randn(2, 4, 3).astype(np.float64)
    oracle.check(lambda lib, f, b: lib.cholesky_solve(b, f, upper), factor, B, rtol=1e-8, atol=1e-10)
    oracle.check(lambda lib, f, b: b.cholesky_solve(f, upper=upper), factor, B[0], rtol=1e-8, atol=1e-10)
    oracle.check(lambda lib, f: lib.cholesky_inverse(f, upper), factor, rtol=1e-8, atol=1e-10)
    oracle.check(lambda lib, f: f[0].cholesky_inverse(upper=upper), factor, rtol=1e-8, atol=1e-10)


def test_cholesky_solve_errors():
    factor = np.linalg.cholesky(spd(3, 3))
    oracle.check_raises(lambda lib, f, b: lib.cholesky_solve(b, f), factor, randn(3))
    oracle.check_raises(lambda lib, f, b: lib.cholesky_solve(b, f), factor, randn(3, 2))
    oracle.check_raises(lambda lib, f: lib.cholesky_inverse(f), np.eye(3, dtype=np.int32))


# ---- LU -------------------------------------------------------------------------------------------------
LU_SHAPES = [(4, 4), (3, 5), (5, 3), (2, 3, 3), (2, 1, 4, 2), (1, 1), (0, 0)]


@pytest.mark.parametrize("shape", LU_SHAPES, ids=str)
def test_lu_factor_and_lu(shape):
    A = randn(*shape)
    LU, pivots = oracle.check(lambda lib, a: lib.linalg.lu_factor(a), A, **TOL)
    assert pivots.dtype is ft.int32
    oracle.check(lambda lib, a: lib.linalg.lu_factor_ex(a), A, **TOL)
    oracle.check(lambda lib, a: lib.linalg.lu(a), A, **TOL)
    oracle.check(lambda lib, a: lib.lu_unpack(*lib.linalg.lu_factor(a)), A, **TOL)
    oracle.check(lambda lib, a: lib.lu_unpack(*lib.linalg.lu_factor(a), unpack_data=False), A, **TOL)
    oracle.check(lambda lib, a: lib.lu_unpack(*lib.linalg.lu_factor(a), unpack_pivots=False), A, **TOL)


def test_lu_reconstructs_and_handles_singular_inputs():
    A = randn(3, 5, 5).astype(np.float64)
    P, L, U = ft.linalg.lu(ft.from_numpy(A))
    assert_close(P @ L @ U, ft.from_numpy(A), rtol=1e-12, atol=1e-12)
    singular = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 1.0, 1.0]])
    oracle.check(lambda lib, a: lib.linalg.lu_factor_ex(a), singular)
    oracle.check(lambda lib, a: lib.linalg.lu(a), np.zeros((2, 3, 3)))
    oracle.check_raises(lambda lib, a: lib.linalg.lu_factor(a), np.zeros((3, 3)))
    oracle.check_raises(lambda lib, a: lib.linalg.lu_factor_ex(a, check_errors=True), np.zeros((3, 3)))
    oracle.check_raises(lambda lib, a: lib.linalg.lu_factor(a, pivot=False), randn(3, 3))
    oracle.check_raises(lambda lib, a: lib.linalg.lu_factor(a), oracle.randint(0, 5, 3, 3))
    oracle.check_raises(lambda lib, a: lib.linalg.lu_factor(a), randn(3))


def test_lu_complex():
    A = (randn(2, 3, 3) + 1j * randn(2, 3, 3)).astype(np.complex128)
    oracle.check(lambda lib, a: lib.linalg.lu(a), A, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("adjoint", [True, False])
def test_lu_solve(left, adjoint):
    A, B = randn(2, 4, 4).astype(np.float64), randn(2, 4, 3).astype(np.float64)
    oracle.check(lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b if left else b.mT, left=left,
                                                       adjoint=adjoint), A, B, rtol=1e-8, atol=1e-10)


def test_legacy_lu_and_lu_solve():
    A, B = randn(2, 3, 3).astype(np.float64), randn(2, 3, 2).astype(np.float64)
    oracle.check(lambda lib, a: lib.lu(a), A, rtol=1e-10, atol=1e-12)
    oracle.check(lambda lib, a: a.lu(get_infos=True), A, rtol=1e-10, atol=1e-12)
    oracle.check(lambda lib, a, b: lib.lu_solve(b, *lib.lu(a)), A, B, rtol=1e-8, atol=1e-10)
    oracle.check(lambda lib, a, b: b.lu_solve(*a.lu()), A, B, rtol=1e-8, atol=1e-10)


def test_lu_solve_errors():
    A = randn(3, 3)
    oracle.check_raises(lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b), A, randn(3))
    oracle.check_raises(lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b), A, randn(4, 2))


# ---- solve_ex / cond -------------------------------------------------------------------------------------
@pytest.mark.parametrize("left", [True, False])
def test_solve_ex(left):
    A, B = well_conditioned(2, 3, 3, dtype=np.float64), randn(2, 3, 3).astype(np.float64)
    result = oracle.check(lambda lib, a, b: lib.linalg.solve_ex(a, b, left=left), A, B, rtol=1e-8, atol=1e-10)
    assert result._fields == ("result", "info")
    oracle.check(lambda lib, a, b: lib.linalg.solve_ex(a, b), A, randn(2, 3).astype(np.float64), rtol=1e-8,
                 atol=1e-10)
    oracle.check(lambda lib, a, b: lib.linalg.solve_ex(a, b), np.zeros((2, 2)), np.ones(2))
    oracle.check_raises(lambda lib, a, b: lib.linalg.solve_ex(a, b, check_errors=True), np.zeros((2, 2)), np.ones(2))


@pytest.mark.parametrize("p", [None, 2, -2, "fro", "nuc", 1, -1, math.inf, -math.inf])
def test_cond(p):
    oracle.check(lambda lib, a: lib.linalg.cond(a, p), well_conditioned(2, 3, 3, dtype=np.float64), rtol=1e-8)
    oracle.check(lambda lib, a: lib.linalg.cond(a, p), np.zeros((3, 3)))
    _check_cond_of_singular(p)
    oracle.check(lambda lib, a: lib.linalg.cond(a, p), np.zeros((2, 0, 0)))
    if p in (None, 2, -2):
        oracle.check(lambda lib, a: lib.linalg.cond(a, p), randn(3, 5), rtol=1e-4)
    else:
        oracle.check_raises(lambda lib, a: lib.linalg.cond(a, p), randn(3, 5))


def _check_cond_of_singular(p):
    """A singular matrix's condition number is inf or 1/(rounding noise): compare its order of magnitude only,
    since the noise depends on the LAPACK build and its threads."""
    torch = pytest.importorskip("torch")
    a = np.array([[1.0, 2, 3], [2, 4, 6], [0, 1, 1]])
    expected = torch.linalg.cond(torch.tensor(a), p).item()
    actual = ft.linalg.cond(ft.tensor(a), p).item()
    if np.isinf(expected):
        assert actual == expected
    else:
        assert abs(np.log10(actual) - np.log10(expected)) < 1.0, (actual, expected)


def test_cond_bad_norm():
    oracle.check_raises(lambda lib, a: lib.linalg.cond(a, 3), randn(3, 3))


# ---- householder_product, tensorinv, tensorsolve, vander ---------------------------------------------------
@pytest.mark.parametrize("shape, k", [((5, 3), 2), ((4, 4), 4), ((2, 6, 3), 3), ((3, 1), 0)], ids=str)
def test_householder_product(shape, k):
    A, tau = randn(*shape).astype(np.float64), randn(*shape[:-2], k).astype(np.float64)
    oracle.check(lambda lib, a, t: lib.linalg.householder_product(a, t), A, tau, rtol=1e-10, atol=1e-12)


def test_householder_product_matches_qr_and_errors():
    oracle.check_raises(lambda lib, a, t: lib.linalg.householder_product(a, t), randn(4, 3), randn(4))
    oracle.check_raises(lambda lib, a, t: lib.linalg.householder_product(a, t), randn(3, 4), randn(2))
    oracle.check_raises(lambda lib, a, t: lib.linalg.householder_product(a, t), randn(2, 4, 3), randn(3, 2))


@pytest.mark.parametrize("shape, ind", [((4, 6, 8, 3), 2), ((6, 2, 3), 1), ((2, 3, 6), 2)], ids=str)
def test_tensorinv(shape, ind):
    oracle.check(lambda lib, a: lib.linalg.tensorinv(a, ind), randn(*shape).astype(np.float64), rtol=1e-8,
                 atol=1e-10)


def test_tensorinv_errors():
    oracle.check_raises(lambda lib, a: lib.linalg.tensorinv(a, 0), randn(2, 2))
    oracle.check_raises(lambda lib, a: lib.linalg.tensorinv(a, 1), randn(2, 3))


@pytest.mark.parametrize("a_shape, b_shape, dims", [((2, 3, 6), (2, 3), None), ((6, 2, 3), (2, 3), (0,)),
                                                    ((2, 2, 2, 2), (2, 2), None), ((3, 3), (3,), None)], ids=str)
def test_tensorsolve(a_shape, b_shape, dims):
    A, B = randn(*a_shape).astype(np.float64), randn(*b_shape).astype(np.float64)
    oracle.check(lambda lib, a, b: lib.linalg.tensorsolve(a, b, dims), A, B, rtol=1e-8, atol=1e-10)


def test_tensorsolve_errors():
    oracle.check_raises(lambda lib, a, b: lib.linalg.tensorsolve(a, b), randn(2, 3, 4), randn(2, 3))


@pytest.mark.parametrize("shape, N", [((4,), None), ((2, 3), None), ((3,), 5), ((2, 2), 2)], ids=str)
def test_linalg_vander(shape, N):
    oracle.check(lambda lib, x: lib.linalg.vander(x, N=N), randn(*shape))
    oracle.check(lambda lib, x: lib.linalg.vander(x, N=N), oracle.randint(-3, 3, *shape))


def test_linalg_vander_errors_and_aliases():
    oracle.check_raises(lambda lib, x: lib.linalg.vander(x, N=1), randn(3))
    oracle.check_raises(lambda lib, x: lib.linalg.vander(x), np.array(1.0, np.float32))
    oracle.check(lambda lib, a, b: lib.linalg.matmul(a, b), randn(2, 3), randn(3, 2), **TOL)
    oracle.check(lambda lib, a: lib.linalg.diagonal(a, offset=1), randn(2, 3, 4))
    oracle.check(lambda lib, a: lib.linalg.inv_ex(a), well_conditioned(2, 3, 3), **TOL)


# ---- GPU: the same cases on CUDA tensors against the CPU result ---------------------------------------------
@pytest.mark.gpu
@pytest.mark.parametrize("case", [
    lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=True),
    lambda lib, a, b: lib.linalg.solve_triangular(a, b, upper=False, left=False, unitriangular=True),
    lambda lib, a, b: lib.linalg.lu_factor_ex(a),
    lambda lib, a, b: lib.linalg.lu(a),
    lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b, adjoint=True),
    lambda lib, a, b: lib.cholesky_solve(b, lib.linalg.cholesky(a @ a.mT)),
    lambda lib, a, b: lib.cholesky_inverse(lib.linalg.cholesky(a @ a.mT)),
    lambda lib, a, b: lib.linalg.cond(a, "fro"),
    lambda lib, a, b: lib.linalg.householder_product(b, a[..., 0, :2]),
    lambda lib, a, b: lib.linalg.solve_ex(a, b),
    lambda lib, a, b: lib.linalg.vander(b[0, 0]),
])
def test_on_cuda_matches_cpu(case):
    a, b = well_conditioned(2, 4, 4, dtype=np.float64), randn(2, 4, 4).astype(np.float64)
    expected = case(ft, ft.from_numpy(a), ft.from_numpy(b))
    actual = case(ft, ft.from_numpy(a).cuda(), ft.from_numpy(b).cuda())
    for e, r in zip(expected if isinstance(expected, tuple) else (expected,),
                    actual if isinstance(actual, tuple) else (actual,)):
        assert r.device.type == "cuda"
        assert_close(r.cpu(), e, rtol=1e-8, atol=1e-10)

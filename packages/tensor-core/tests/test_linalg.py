"""Matrix products (matmul family, einsum, tensordot, kron, cross, cdist) and the ``linalg`` namespace,
checked against PyTorch."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

randn = oracle.randn


# ---- matmul: every rank case, broadcasting, dtypes, errors -------------------------------------------
MATMUL_SHAPES = [
    ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)),
    ((3,), (5, 3, 4)), ((5, 2, 3), (3,)), ((5, 2, 3), (5, 3, 4)), ((1, 2, 3), (4, 3, 2)),
    ((2, 1, 2, 3), (5, 3, 4)), ((0, 3), (3, 2)), ((2, 0), (0, 3)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_rank_cases(shapes):
    a, b = randn(*shapes[0]), randn(*shapes[1])
    oracle.check(lambda lib, x, y: lib.matmul(x, y), a, b, rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, x, y: x @ y, a, b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.complex64, np.float16])
def test_matmul_dtypes(dtype):
    a, b = randn(4, 3).astype(dtype), randn(3, 2).astype(dtype)
    if np.dtype(dtype).kind == "i":
        a, b = oracle.randint(-5, 5, 4, 3), oracle.randint(-5, 5, 3, 2)
    oracle.check(lambda lib, x, y: lib.matmul(x, y), a, b, rtol=1e-2 if dtype == np.float16 else None,
                 atol=1e-2 if dtype == np.float16 else None)


@pytest.mark.parametrize("shapes", [((3,), (4,)), ((2, 3), (4, 5)), ((), (3,)), ((2, 3, 4), (3, 4, 5)),
                                    ((2, 2, 3), (3, 3, 4))], ids=str)
def test_matmul_shape_errors(shapes):
    oracle.check_raises(lambda lib, x, y: lib.matmul(x, y), randn(*shapes[0]), randn(*shapes[1]))


def test_matmul_rejects_mixed_and_bool_dtypes():
    oracle.check_raises(lambda lib, x, y: x @ y, randn(2, 3), randn(3, 2).astype(np.float64))
    oracle.check_raises(lambda lib, x, y: x @ y, np.ones((2, 2), bool), np.ones((2, 2), bool))


def test_matmul_out_and_non_tensor_operand():
    a, b = randn(2, 3), randn(3, 4)
    oracle.check(lambda lib, x, y: lib.matmul(x, y, out=lib.empty(0)), a, b, rtol=1e-5, atol=1e-5)
    with pytest.raises(TypeError):
        ft.from_numpy(a) @ [[1.0]]


def test_matmul_of_non_contiguous_views():
    a = randn(5, 4)
    transposed = ft.from_numpy(a.T)          # a strided view, like x.t()
    assert_close(transposed @ ft.from_numpy(a), ft.from_numpy(a.T @ a), rtol=1e-5, atol=1e-5)
    batched = randn(3, 4, 5)
    assert_close(ft.from_numpy(batched.transpose(0, 2, 1)) @ ft.from_numpy(a.T),
                 ft.from_numpy(batched.transpose(0, 2, 1) @ a.T), rtol=1e-5, atol=1e-5)


BATCHES = st.lists(st.sampled_from([1, 2, 3]), max_size=2)


@given(batch_a=BATCHES, batch_b=BATCHES,
       n=st.integers(1, 3), k=st.integers(0, 3), m=st.integers(1, 3))
@settings(max_examples=25, deadline=None)
def test_matmul_batch_broadcasting(batch_a, batch_b, n, k, m):
    a, b = randn(*batch_a, n, k), randn(*batch_b, k, m)
    oracle.check(lambda lib, x, y: lib.matmul(x, y), a, b, rtol=1e-5, atol=1e-5)


# ---- fixed-rank products ---------------------------------------------------------------------------
@pytest.mark.parametrize("fn, shapes", [
    ("mm", ((2, 3), (3, 4))), ("mm", ((2, 3), (3,))), ("mm", ((2, 3), (4, 4))),
    ("bmm", ((2, 2, 3), (2, 3, 4))), ("bmm", ((2, 2, 3), (3, 3, 4))), ("bmm", ((2, 3), (3, 4))),
    ("mv", ((2, 3), (3,))), ("mv", ((2, 3), (4,))), ("mv", ((3,), (3,))),
    ("dot", ((3,), (3,))), ("dot", ((3,), (4,))), ("dot", ((3, 1), (3,))),
    ("vdot", ((3,), (3,))), ("inner", ((2, 3), (4, 3))), ("inner", ((), (4, 3))),
    ("inner", ((2, 3), (3, 2))), ("outer", ((2,), (4,))), ("outer", ((2, 1), (4,))), ("ger", ((2,), (3,))),
    ("kron", ((2, 3), (3,))), ("kron", ((2, 1, 3), (2, 2))),
], ids=str)
def test_products(fn, shapes):
    a, b = randn(*shapes[0]), randn(*shapes[1])
    oracle.check(lambda lib, x, y: getattr(lib, fn)(x, y), a, b, rtol=1e-5, atol=1e-5)
    if fn not in ("kron",):
        oracle.check(lambda lib, x, y: getattr(x, fn)(y), a, b, rtol=1e-5, atol=1e-5)


def test_vdot_conjugates_complex_input():
    a, b = randn(3).astype(np.complex128) * 1j + randn(3), randn(3).astype(np.complex128)
    oracle.check(lambda lib, x, y: lib.vdot(x, y), a, b)
    oracle.check(lambda lib, x, y: lib.dot(x, y), a, b)


@pytest.mark.parametrize("fn", ["dot", "mm", "bmm", "inner", "tensordot"])
def test_products_require_one_dtype(fn):
    shape = {"dot": (3,), "mm": (3, 3), "bmm": (2, 3, 3), "inner": (3,), "tensordot": (3, 3)}[fn]
    oracle.check_raises(lambda lib, x, y: getattr(lib, fn)(x, y), randn(*shape), randn(*shape).astype(np.float64))


@pytest.mark.parametrize("fn", ["outer", "kron"])
def test_outer_and_kron_promote(fn):
    oracle.check(lambda lib, x, y: getattr(lib, fn)(x, y), randn(3), oracle.randint(0, 4, 2))
    oracle.check(lambda lib, x, y: getattr(lib, fn)(x, y), randn(3), randn(2).astype(np.float64))


# ---- fused add-and-multiply forms ------------------------------------------------------------------
FUSED = [
    ("addmm", (2, 4), (2, 3), (3, 4)), ("addmm", (4,), (2, 3), (3, 4)), ("addmm", (3, 4), (2, 3), (3, 4)),
    ("addmv", (2,), (2, 3), (3,)), ("addmv", (), (2, 3), (3,)),
    ("baddbmm", (2, 2, 4), (2, 2, 3), (2, 3, 4)), ("baddbmm", (4,), (2, 2, 3), (2, 3, 4)),
    ("addbmm", (2, 4), (5, 2, 3), (5, 3, 4)), ("addr", (2, 3), (2,), (3,)), ("addr", (1,), (2,), (3,)),
]


@pytest.mark.parametrize("fn, s0, s1, s2", FUSED, ids=str)
@pytest.mark.parametrize("beta, alpha", [(1, 1), (0.5, -2.0)])
def test_fused_products(fn, s0, s1, s2, beta, alpha):
    inputs = randn(*s0), randn(*s1), randn(*s2)
    oracle.check(lambda lib, c, a, b: getattr(lib, fn)(c, a, b, beta=beta, alpha=alpha), *inputs,
                 rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("fn, s0, s1, s2", [f for f in FUSED if len(f[1]) == len(f[2]) + (f[0] == "addbmm")
                                           and f[1] != ()], ids=str)
def test_fused_products_in_place(fn, s0, s1, s2):
    inputs = randn(*s0), randn(*s1), randn(*s2)

    def run(lib, c, a, b):
        result = getattr(c, fn + "_")(a, b, beta=0.5, alpha=2)
        assert result is c
        return c

    oracle.check(run, *inputs, rtol=1e-5, atol=1e-5)


def test_addmm_beta_zero_ignores_nan_and_in_place_broadcast_error():
    nan_input = np.full((2, 4), np.nan, np.float32)
    oracle.check(lambda lib, c, a, b: lib.addmm(c, a, b, beta=0), nan_input, randn(2, 3), randn(3, 4),
                 rtol=1e-5, atol=1e-5)
    oracle.check_raises(lambda lib, c, a, b: c.addmm_(a, b), randn(4), randn(2, 3), randn(3, 4))
    oracle.check_raises(lambda lib, c, a, b: lib.addmm(c, a, b), randn(3, 4), randn(2, 3), randn(3, 4))


def test_addmm_integer():
    inputs = oracle.randint(-3, 3, 2, 4), oracle.randint(-3, 3, 2, 3), oracle.randint(-3, 3, 3, 4)
    oracle.check(lambda lib, c, a, b: lib.addmm(c, a, b, beta=2, alpha=3), *inputs)


# ---- einsum / tensordot ----------------------------------------------------------------------------
@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("ii->i", [(3, 3)]), ("ii", [(3, 3)]), ("ij->", [(2, 3)]), ("i,j->ij", [(2,), (3,)]),
    ("...ij,...jk->...ik", [(5, 2, 3), (3, 4)]), ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("i j , j k -> i k", [(2, 3), (3, 4)]), ("ij,jk->ik", [(2, 3), (4, 4)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
], ids=str)
def test_einsum(equation, shapes):
    operands = [randn(*s) for s in shapes]
    oracle.check(lambda lib, *xs: lib.einsum(equation, *xs), *operands, rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, *xs: lib.einsum(equation, list(xs)), *operands, rtol=1e-5, atol=1e-5)


def test_einsum_sublist_format_and_dtype_error():
    a, b = randn(2, 3), randn(3, 4)
    oracle.check(lambda lib, x, y: lib.einsum(x, [0, 1], y, [1, 2], [0, 2]), a, b, rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, x, y: lib.einsum(x, [Ellipsis, 1], y, [1, 2]), a, b, rtol=1e-5, atol=1e-5)
    oracle.check_raises(lambda lib, x, y: lib.einsum("ij,jk", x, y), a, b.astype(np.float64))


@pytest.mark.parametrize("dims, shapes", [
    (2, [(2, 3, 4), (3, 4, 5)]), (1, [(2, 3), (3, 4)]), (0, [(2,), (3,)]), (([1, 0], [0, 1]), [(2, 3, 4), (3, 2)]),
    (([2], [0]), [(2, 3, 4), (4, 2)]), (([-1], [0]), [(2, 3), (3,)]), (1, [(2, 3), (4, 5)]), (3, [(2, 3), (3, 4)]),
], ids=str)
def test_tensordot(dims, shapes):
    a, b = randn(*shapes[0]), randn(*shapes[1])
    oracle.check(lambda lib, x, y: lib.tensordot(x, y, dims=dims), a, b, rtol=1e-5, atol=1e-5)


# ---- cross / cdist ----------------------------------------------------------------------------------
@pytest.mark.parametrize("shapes, dim", [(((4, 3), (4, 3)), 1), (((3, 4), (3, 4)), 0), (((2, 3, 2), (1, 3, 2)), -2),
                                         (((4, 3), (4, 3)), None), (((4, 2), (4, 2)), 1), (((4, 4), (4, 4)), None),
                                         (((4, 3), (3,)), -1)], ids=str)
def test_cross(shapes, dim):
    a, b = randn(*shapes[0]), randn(*shapes[1])
    if dim is None:
        with pytest.warns(UserWarning):
            oracle.check(lambda lib, x, y: lib.cross(x, y), a, b, rtol=1e-5, atol=1e-5)
    else:
        oracle.check(lambda lib, x, y: lib.cross(x, y, dim=dim), a, b, rtol=1e-5, atol=1e-5)
        oracle.check(lambda lib, x, y: x.cross(y, dim), a, b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("p", [0.0, 1.0, 2.0, 3.5, float("inf")])
@pytest.mark.parametrize("shapes", [((4, 3), (5, 3)), ((2, 4, 3), (1, 5, 3)), ((30, 3), (5, 3))], ids=str)
def test_cdist(p, shapes):
    a, b = randn(*shapes[0]).astype(np.float64), randn(*shapes[1]).astype(np.float64)
    oracle.check(lambda lib, x, y: lib.cdist(x, y, p=p), a, b, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("mode", ["use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist"])
def test_cdist_compute_modes_and_errors(mode):
    a, b = randn(4, 3), randn(5, 3)
    oracle.check(lambda lib, x, y: lib.cdist(x, y, compute_mode=mode), a, b, rtol=1e-4, atol=1e-4)
    oracle.check_raises(lambda lib, x, y: lib.cdist(x, y), a, randn(5, 2))
    oracle.check_raises(lambda lib, x, y: lib.cdist(x, y), randn(3), randn(3))
    oracle.check_raises(lambda lib, x, y: lib.cdist(x, y, p=-1.0), a, b)
    oracle.check_raises(lambda lib, x, y: lib.cdist(x, y), oracle.randint(0, 3, 2, 2), oracle.randint(0, 3, 2, 2))


# ---- GPU: the same products on CUDA tensors against the CPU result ---------------------------------
@pytest.mark.gpu
@pytest.mark.parametrize("shapes", MATMUL_SHAPES[:10], ids=str)
def test_matmul_on_cuda_matches_cpu(shapes):
    a, b = ft.from_numpy(randn(*shapes[0])), ft.from_numpy(randn(*shapes[1]))
    result = a.cuda() @ b.cuda()
    assert result.device.type == "cuda"
    assert_close(result.cpu(), a @ b, rtol=1e-4, atol=1e-4)


@pytest.mark.gpu
def test_products_on_cuda_match_cpu():
    a, b, c = (ft.from_numpy(randn(*s)) for s in ((3, 4), (4, 5), (3, 5)))
    cases = [lambda x, y, z: ft.addmm(z, x, y, beta=0.5), lambda x, y, z: ft.einsum("ij,jk->ik", x, y),
             lambda x, y, z: ft.tensordot(x, y, 1), lambda x, y, z: ft.cdist(x, x),
             lambda x, y, z: ft.kron(x, z), lambda x, y, z: ft.outer(x[0], y[0])]
    for case in cases:
        assert_close(case(a.cuda(), b.cuda(), c.cuda()).cpu(), case(a, b, c), rtol=1e-4, atol=1e-4)


# ---- the linalg namespace ---------------------------------------------------------------------------
def well_conditioned(*shape, dtype=np.float64):
    """Random square matrices pushed away from singularity (a multiple of the identity added)."""
    return (randn(*shape).astype(dtype) + 3 * np.eye(shape[-1], dtype=dtype)).astype(dtype)


def spd(*shape, dtype=np.float64):
    a = randn(*shape).astype(dtype)
    return (a @ np.swapaxes(a, -1, -2) + shape[-1] * np.eye(shape[-1])).astype(dtype)


@pytest.mark.parametrize("ord", [2, 1, 0, 3.5, float("inf"), -float("inf")])
@pytest.mark.parametrize("dim, keepdim", [(None, False), (1, False), ((0, 2), True), (-1, True), ((), False),
                                          ([], True)])
def test_vector_norm(ord, dim, keepdim):
    oracle.check(lambda lib, x: lib.linalg.vector_norm(x, ord, dim, keepdim), randn(2, 3, 4), rtol=1e-5, atol=1e-5)


def test_vector_norm_complex_dtype_and_errors():
    z = (randn(3) + 1j * randn(3)).astype(np.complex64)
    oracle.check(lambda lib, x: lib.linalg.vector_norm(x), z, rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, x: lib.linalg.vector_norm(x, dtype=lib.float64), randn(3), rtol=1e-6, atol=1e-6)
    oracle.check_raises(lambda lib, x: lib.linalg.vector_norm(x), oracle.randint(0, 3, 3))
    for repeated in ((0, 0), (0, -3), [1, 1]):
        error = oracle.check_raises(lambda lib, x, d=repeated: lib.linalg.vector_norm(x, dim=d), randn(2, 3, 4))
        assert "appears multiple times" in str(error)


@pytest.mark.parametrize("ord", ["fro", "nuc", float("inf"), -float("inf"), 1, -1, 2, -2])
@pytest.mark.parametrize("shape, dim", [((3, 4), (-2, -1)), ((2, 3, 4), (0, 2)), ((2, 4, 3), (-1, -2))], ids=str)
def test_matrix_norm(ord, shape, dim):
    oracle.check(lambda lib, x: lib.linalg.matrix_norm(x, ord, dim), randn(*shape).astype(np.float64))
    oracle.check(lambda lib, x: lib.linalg.matrix_norm(x, ord, dim, keepdim=True), randn(*shape).astype(np.float64))


@pytest.mark.parametrize("shape, ord, dim", [((3,), None, None), ((2, 3), None, None), ((2, 3, 4), None, None),
                                             ((3,), 1, None), ((3, 3), "nuc", None), ((2, 3), 2, 1),
                                             ((2, 3, 4), None, (1, 2)), ((2, 3, 4), 2, None), ((3, 3), 3, None)],
                         ids=str)
def test_norm_dispatch(shape, ord, dim):
    oracle.check(lambda lib, x: lib.linalg.norm(x, ord, dim), randn(*shape).astype(np.float64))


@pytest.mark.parametrize("fn", ["det", "slogdet", "inv"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (1, 1), (0, 2, 2)], ids=str)
def test_det_slogdet_inv(fn, shape):
    oracle.check(lambda lib, x: getattr(lib.linalg, fn)(x), well_conditioned(*shape), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("fn", ["det", "slogdet", "inv", "cholesky", "eigh", "matrix_exp", "eig"])
def test_square_only_and_float_only(fn):
    oracle.check_raises(lambda lib, x: getattr(lib.linalg, fn)(x), randn(2, 3))
    oracle.check_raises(lambda lib, x: getattr(lib.linalg, fn)(x), oracle.randint(0, 3, 2, 2))
    oracle.check_raises(lambda lib, x: getattr(lib.linalg, fn)(x), randn(3))


def test_singular_matrices_raise_linalg_error():
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    oracle.check(lambda lib, x: lib.linalg.det(x), singular)
    oracle.check(lambda lib, x: lib.linalg.slogdet(x), singular)
    oracle.check_raises(lambda lib, x: lib.linalg.inv(x), np.zeros((2, 2)))
    oracle.check_raises(lambda lib, x: lib.linalg.solve(x, x[0]), np.zeros((2, 2)))
    oracle.check_raises(lambda lib, x: lib.linalg.cholesky(x), -np.eye(2))
    with pytest.raises(ft.linalg.LinAlgError):
        ft.linalg.inv(ft.zeros(2, 2))
    result, info = ft.linalg.inv_ex(ft.from_numpy(np.stack([np.eye(2), np.zeros((2, 2))])))
    assert info.tolist() == [0, 1]
    assert_close(result[0], ft.eye(2, dtype=ft.float64))
    factor, info = ft.linalg.cholesky_ex(ft.from_numpy(-np.eye(2)))
    assert info.item() != 0
    oracle.check(lambda lib, x: lib.linalg.cholesky_ex(x), spd(3, 3))


@pytest.mark.parametrize("shapes", [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 3, 3), (2, 3)), ((2, 3, 3), (3, 1)),
                                    ((2, 3, 3), (4, 1, 3, 2)), ((3, 3), (2, 3))], ids=str)
@pytest.mark.parametrize("left", [True, False])
def test_solve(shapes, left):
    a, b = well_conditioned(*shapes[0]), randn(*shapes[1]).astype(np.float64)
    oracle.check(lambda lib, x, y: lib.linalg.solve(x, y, left=left), a, b, rtol=1e-6, atol=1e-6)


def test_solve_dtype_mismatch():
    oracle.check_raises(lambda lib, x, y: lib.linalg.solve(x, y), well_conditioned(2, 2), randn(2))


@pytest.mark.parametrize("shape", [(3, 3), (4, 2), (2, 4), (2, 3, 5)], ids=str)
def test_pinv_and_matrix_rank(shape):
    a = randn(*shape).astype(np.float64)
    oracle.check(lambda lib, x: lib.linalg.pinv(x), a, rtol=1e-6, atol=1e-6)
    oracle.check(lambda lib, x: lib.linalg.matrix_rank(x), a)
    low_rank = a[..., :1] * np.ones(shape[-1])
    oracle.check(lambda lib, x: lib.linalg.matrix_rank(x), low_rank)
    oracle.check(lambda lib, x: lib.linalg.pinv(x), low_rank, rtol=1e-6, atol=1e-6)
    oracle.check(lambda lib, x: lib.linalg.matrix_rank(x, atol=1.0, rtol=0.0), a)
    oracle.check(lambda lib, x: lib.linalg.pinv(x, rtol=0.5), a, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shapes", [((5, 3), (5, 2)), ((5, 3), (5,)), ((3, 5), (3, 2)), ((2, 5, 3), (2, 5, 2))],
                         ids=str)
@pytest.mark.parametrize("driver", [None, "gelsd", "gelss", "gels"])
def test_lstsq(shapes, driver):
    a, b = randn(*shapes[0]).astype(np.float64), randn(*shapes[1]).astype(np.float64)
    if driver == "gels" and shapes[0][-2] < shapes[0][-1]:
        pytest.skip("gels solves only full-rank tall systems the same way")
    oracle.check(lambda lib, x, y: lib.linalg.lstsq(x, y, driver=driver), a, b, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)], ids=str)
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(shape, upper):
    oracle.check(lambda lib, x: lib.linalg.cholesky(x, upper=upper), spd(*shape), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (2, 3, 3)], ids=str)
@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
def test_qr(shape, mode):
    oracle.check(lambda lib, x: lib.linalg.qr(x, mode), randn(*shape).astype(np.float64), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shape", [(4, 3), (3, 4), (2, 3, 3)], ids=str)
@pytest.mark.parametrize("full_matrices", [True, False])
def test_svd_reconstructs_and_matches_singular_values(shape, full_matrices):
    a = randn(*shape).astype(np.float64)
    u, s, vh = ft.linalg.svd(ft.from_numpy(a), full_matrices=full_matrices)
    k = min(shape[-2:])
    reconstructed = u.numpy()[..., :k] * s.numpy()[..., None, :] @ vh.numpy()[..., :k, :]
    np.testing.assert_allclose(reconstructed, a, atol=1e-10)
    oracle.check(lambda lib, x: lib.linalg.svdvals(x), a, rtol=1e-6, atol=1e-6)
    oracle.check(lambda lib, x: tuple(t.shape for t in lib.linalg.svd(x, full_matrices)), a)
    torch = oracle.torch()
    tu, _, tvh = torch.linalg.svd(torch.from_numpy(a), full_matrices=full_matrices)
    assert_close(ft.abs(u) if hasattr(ft, "abs") else u.abs(), tu.abs(), rtol=1e-6, atol=1e-6)
    assert_close(vh.numpy().__abs__(), tvh.abs().numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("UPLO", ["L", "U"])
def test_eigh_and_eigvalsh(UPLO):
    a = randn(2, 4, 4).astype(np.float64)          # not symmetric: only the UPLO triangle is read
    oracle.check(lambda lib, x: lib.linalg.eigvalsh(x, UPLO), a, rtol=1e-6, atol=1e-6)
    values, vectors = ft.linalg.eigh(ft.from_numpy(a), UPLO)
    torch = oracle.torch()
    expected_values, expected_vectors = torch.linalg.eigh(torch.from_numpy(a), UPLO)
    assert_close(values, expected_values, rtol=1e-6, atol=1e-6)
    assert_close(abs(vectors.numpy()), expected_vectors.abs().numpy(), rtol=1e-6, atol=1e-6)


def test_eig_is_complex_and_satisfies_definition():
    a = randn(3, 3).astype(np.float64)
    values, vectors = ft.linalg.eig(ft.from_numpy(a))
    assert values.dtype is ft.complex128 and vectors.dtype is ft.complex128
    np.testing.assert_allclose(a @ vectors.numpy(), vectors.numpy() * values.numpy(), atol=1e-10)
    torch = oracle.torch()
    expected = torch.linalg.eigvals(torch.from_numpy(a)).numpy()
    np.testing.assert_allclose(np.sort_complex(ft.linalg.eigvals(ft.from_numpy(a)).numpy()), np.sort_complex(expected),
                               atol=1e-10)


@pytest.mark.parametrize("n", [0, 1, 3, -2])
def test_matrix_power(n):
    oracle.check(lambda lib, x: lib.linalg.matrix_power(x, n), well_conditioned(2, 3, 3), rtol=1e-6, atol=1e-6)
    if n >= 0:
        oracle.check(lambda lib, x: lib.linalg.matrix_power(x, n), oracle.randint(-2, 3, 3, 3))
    else:
        oracle.check_raises(lambda lib, x: lib.linalg.matrix_power(x, n), oracle.randint(-2, 3, 3, 3))


@pytest.mark.parametrize("scale", [0.01, 1.0, 30.0])
def test_matrix_exp(scale):
    oracle.check(lambda lib, x: lib.linalg.matrix_exp(x), randn(2, 4, 4).astype(np.float64) * scale, rtol=1e-9,
                 atol=1e-9)
    # float32: the error is relative to the largest entry (BLAS's summation order varies with threads)
    x = randn(3, 3) * scale
    largest = float(np.abs(scipy_free_expm(x.astype(np.float64))).max())
    oracle.check(lambda lib, x: lib.linalg.matrix_exp(x), x, rtol=1e-3, atol=1e-4 * max(1.0, largest))


def scipy_free_expm(a: np.ndarray) -> np.ndarray:
    """exp(a) by its eigen-decomposition (enough for a tolerance's scale)."""
    values, vectors = np.linalg.eig(a)
    return (vectors @ np.diag(np.exp(values)) @ np.linalg.inv(vectors)).real


def test_linalg_cross_vecdot_multi_dot():
    oracle.check(lambda lib, x, y: lib.linalg.cross(x, y), randn(4, 3), randn(1, 3), rtol=1e-5, atol=1e-5)
    oracle.check(lambda lib, x, y: lib.linalg.cross(x, y, dim=0), randn(3, 2), randn(3, 2), rtol=1e-5, atol=1e-5)
    oracle.check_raises(lambda lib, x, y: lib.linalg.cross(x, y), randn(4, 2), randn(4, 2))
    z = (randn(2, 3) + 1j * randn(2, 3)).astype(np.complex128)
    oracle.check(lambda lib, x, y: lib.linalg.vecdot(x, y), z, z[::-1].copy())
    oracle.check(lambda lib, x, y: lib.linalg.vecdot(x, y, dim=0), randn(3, 2), randn(3, 1), rtol=1e-5, atol=1e-5)
    chains = [[(3,), (3, 4), (4, 2)], [(2, 3), (3, 4), (4, 5), (5,)], [(2, 3), (3, 4)], [(3,), (3,)],
              [(5, 1), (1, 5), (5, 1), (1, 5)]]
    for shapes in chains:
        oracle.check(lambda lib, *xs: lib.linalg.multi_dot(list(xs)), *[randn(*s) for s in shapes],
                     rtol=1e-5, atol=1e-5)
    oracle.check_raises(lambda lib, x: lib.linalg.multi_dot([x]), randn(2, 2))
    oracle.check_raises(lambda lib, x, y, z: lib.linalg.multi_dot([x, y, z]), randn(2, 2), randn(2), randn(2, 2))


@pytest.mark.gpu
def test_linalg_on_cuda_matches_cpu():
    a = ft.from_numpy(well_conditioned(2, 3, 3))
    b = ft.from_numpy(randn(2, 3).astype(np.float64))
    cases = [ft.linalg.det, ft.linalg.inv, ft.linalg.pinv, ft.linalg.matrix_exp, ft.linalg.svdvals,
             lambda x: ft.linalg.solve(x, b.to(x.device)), lambda x: ft.linalg.norm(x),
             lambda x: ft.linalg.matrix_norm(x, 2), lambda x: ft.linalg.cholesky(x @ x.mT),
             lambda x: ft.linalg.eigvalsh(x), lambda x: ft.linalg.matrix_rank(x)]
    for case in cases:
        assert_close(case(a.cuda()).cpu(), case(a), rtol=1e-6, atol=1e-6)

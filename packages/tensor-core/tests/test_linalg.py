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

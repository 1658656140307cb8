"""Oracle tables (PyTorch 2.13) for ``out=`` of ops with several results (sort, max along a dim, the
linalg decompositions …): a tuple of the right tensors is filled and returned; a tensor, a tuple of the
wrong length or a tuple holding a non-tensor is a TypeError, as in PyTorch. Also the arguments that pick
an algorithm — ``hermitian=`` of pinv/matrix_rank reads only the lower triangle, ``driver=`` is CUDA-only."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_tensor_core
from flambeau_tensor_core.testing import oracle

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

SQUARE = np.array([[4.0, 1.0, -2.0], [1.0, 3.0, 0.5], [-2.0, 0.5, 5.0]])
WIDE = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]])

# name -> (call with out=, how many results)
MULTI_RESULT_OPS = {
    "sort": (lambda lib, x, out: lib.sort(x, out=out), 2),
    "topk": (lambda lib, x, out: lib.topk(x, 2, out=out), 2),
    "kthvalue": (lambda lib, x, out: lib.kthvalue(x, 2, out=out), 2),
    "max_dim": (lambda lib, x, out: lib.max(x, 0, out=out), 2),
    "min_dim": (lambda lib, x, out: lib.min(x, 1, out=out), 2),
    "median_dim": (lambda lib, x, out: lib.median(x, 0, out=out), 2),
    "mode": (lambda lib, x, out: lib.mode(x, 0, out=out), 2),
    "cummax": (lambda lib, x, out: lib.cummax(x, 0, out=out), 2),
    "aminmax": (lambda lib, x, out: lib.aminmax(x, out=out), 2),
    "frexp": (lambda lib, x, out: lib.frexp(x, out=out), 2),
    "svd": (lambda lib, x, out: lib.svd(x, out=out), 3),
    "linalg_svd": (lambda lib, x, out: lib.linalg.svd(x, out=out), 3),
    "linalg_eigh": (lambda lib, x, out: lib.linalg.eigh(x, out=out), 2),
    "linalg_qr": (lambda lib, x, out: lib.linalg.qr(x, out=out), 2),
    "linalg_slogdet": (lambda lib, x, out: lib.linalg.slogdet(x, out=out), 2),
    "linalg_lu_factor": (lambda lib, x, out: lib.linalg.lu_factor(x, out=out), 2),
    "linalg_lu": (lambda lib, x, out: lib.linalg.lu(x, out=out), 3),
    "linalg_cholesky_ex": (lambda lib, x, out: lib.linalg.cholesky_ex(x, out=out), 2),
}


def _targets(lib, name: str, count: int):
    int_second = {"sort", "topk", "kthvalue", "max_dim", "min_dim", "median_dim", "mode", "cummax"}
    if name in int_second:
        return (lib.empty(0, dtype=lib.float64), lib.empty(0, dtype=lib.int64))
    if name == "frexp":
        return (lib.empty(0, dtype=lib.float64), lib.empty(0, dtype=lib.int32))
    if name == "linalg_lu_factor":
        return (lib.empty(0, dtype=lib.float64), lib.empty(0, dtype=lib.int32))
    if name == "linalg_cholesky_ex":
        return (lib.empty(0, dtype=lib.float64), lib.empty(0, dtype=lib.int32))
    return tuple(lib.empty(0, dtype=lib.float64) for _ in range(count))


@pytest.mark.parametrize("name", MULTI_RESULT_OPS)
def test_out_tuple_is_filled_and_returned(name):
    call, count = MULTI_RESULT_OPS[name]

    def fill(lib, x):
        targets = _targets(lib, name, count)
        result = call(lib, x, targets)
        assert all(r is t for r, t in zip(result, targets))
        return tuple(targets)

    oracle.check(fill, SQUARE, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", MULTI_RESULT_OPS)
@pytest.mark.parametrize("shape", ("tensor", "short", "long", "holds_none"))
def test_malformed_out_is_a_type_error(name, shape):
    call, count = MULTI_RESULT_OPS[name]

    def malformed(lib, x):
        targets = _targets(lib, name, count)
        out = {"tensor": targets[0], "short": targets[:-1], "long": targets + (lib.empty(0),),
               "holds_none": targets[:-1] + (None,)}[shape]
        return call(lib, x, out)

    expected, actual = _error_of(malformed, oracle.torch()), _error_of(malformed, flambeau_tensor_core)
    assert type(actual) is type(expected) is TypeError, (expected, actual)
    # the count and the element's position are PyTorch's; other parser errors list its C++ overloads
    for sentence in ("expected tuple of", "expected Tensor as element"):
        if str(expected).startswith(sentence):
            assert str(actual).split(" in argument")[0] == str(expected).split(" in argument")[0], (expected, actual)


def _error_of(fn, lib):
    try:
        fn(lib, lib.tensor(SQUARE))
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return error
    raise AssertionError(f"{lib.__name__} accepted a malformed out=")


def test_svd_out_holds_the_reduced_factors_of_a_wide_matrix():
    oracle.check(lambda lib, x: tuple(lib.svd(x, out=tuple(lib.empty(0, dtype=lib.float64) for _ in range(3))))[1:2],
                 WIDE)


@pytest.mark.parametrize("n", (-2, 0, 3))
def test_matrix_power_writes_out(n):
    def power(lib, x):
        target = lib.empty(0, dtype=lib.float64)
        assert lib.matrix_power(x, n, out=target) is target
        return target

    oracle.check(power, SQUARE, rtol=1e-10, atol=1e-12)


# ---- hermitian=: only the lower triangle is read (eigh), as in PyTorch -----------------------------------
NOT_SYMMETRIC = np.array([[2.0, 1.0, 0.0], [5.0, 3.0, 1.0], [7.0, 1.0, 4.0]])
RANK_DEFICIENT_LOWER = np.array([[1.0, 9.0], [1.0, 1.0]])  # its lower triangle [[1, 1], [1, 1]] has rank 1


@pytest.mark.parametrize("matrix", (SQUARE, NOT_SYMMETRIC, RANK_DEFICIENT_LOWER), ids=("symmetric", "general",
                                                                                       "deficient_lower"))
@pytest.mark.parametrize("hermitian", (False, True))
def test_pinv_and_matrix_rank_honour_hermitian(matrix, hermitian):
    oracle.check(lambda lib, a: lib.linalg.pinv(a, hermitian=hermitian), matrix, rtol=1e-9, atol=1e-12)
    oracle.check(lambda lib, a: lib.linalg.matrix_rank(a, hermitian=hermitian), matrix)


def test_pinv_of_a_complex_hermitian_matrix_uses_its_lower_triangle():
    a = np.array([[2.0, 1 - 1j, 5j], [1 + 1j, 3.0, 0.5], [2j, 0.5, 1.0]])
    oracle.check(lambda lib, a: lib.linalg.pinv(a, hermitian=True), a, rtol=1e-9, atol=1e-12)


def test_hermitian_pinv_gradient_matches_pytorch():
    symmetric = SQUARE + np.diag([0.0, 1e-3, 0.0])
    oracle.check(lambda lib, a: lib.linalg.pinv(a, hermitian=True), symmetric, grad=True, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("op", ("svd", "svdvals"))
@pytest.mark.parametrize("driver", ("gesvd", "gesvdj", "bogus"))
def test_svd_driver_is_refused_on_cpu(op, driver):
    oracle.check_message(lambda lib, a: getattr(lib.linalg, op)(a, driver=driver), SQUARE)


# ---- out= dtypes: products and selections take only the result's dtype; elementwise ops cast into theirs
X64 = np.arange(6.0).reshape(2, 3)
OUT_DTYPE_CALLS = {
    "matmul": lambda T, x, e: T.matmul(x, x.T, out=e(T.float32)),
    "matmul_long": lambda T, x, e: T.matmul(x, x.T, out=e(T.int64)),
    "mm": lambda T, x, e: T.mm(x, x.T, out=e(T.float32)),
    "bmm": lambda T, x, e: T.bmm(x[None], x.T[None], out=e(T.float32)),
    "mv": lambda T, x, e: T.mv(x, x[0], out=e(T.float32)),
    "dot": lambda T, x, e: T.dot(x[0], x[0], out=e(T.float32)),
    "addmm": lambda T, x, e: T.addmm(x.T @ x, x.T, x, out=e(T.float32)),
    "mm_same": lambda T, x, e: T.mm(x, x.T, out=e(T.float64)),
    "outer_casts": lambda T, x, e: T.outer(x[0], x[0], out=e(T.float32)),
    "sort": lambda T, x, e: tuple(T.sort(x, out=(e(T.float32), e(T.int64)))),
    "sort_indices": lambda T, x, e: tuple(T.sort(x, out=(e(T.float64), e(T.int32)))),
    "topk": lambda T, x, e: tuple(T.topk(x, 1, out=(e(T.float32), e(T.int64)))),
    "kthvalue": lambda T, x, e: tuple(T.kthvalue(x, 1, out=(e(T.float32), e(T.int64)))),
    "max_dim": lambda T, x, e: tuple(T.max(x, 0, out=(e(T.float32), e(T.int64)))),
    "add_casts": lambda T, x, e: T.add(x.int(), x.int(), out=e(T.float32)),
}


@pytest.mark.parametrize("case", OUT_DTYPE_CALLS)
def test_out_dtype_rules_match_pytorch(case):
    oracle.check_outcome(lambda T, x: OUT_DTYPE_CALLS[case](T, x, lambda d: T.empty(0, dtype=d)), X64)


@pytest.mark.parametrize("join", ("cat", "stack", "hstack"))
@pytest.mark.parametrize("target", ("input", "part_of_input", "fresh"))
def test_joins_refuse_an_out_sharing_memory_with_an_input(join, target):
    def joined(T, x):
        out = {"input": x, "part_of_input": x[1:], "fresh": T.empty(0, dtype=x.dtype)}[target]
        return getattr(T, join)([x[:1], x[1:]], out=out)

    oracle.check_outcome(joined, X64)


ACCUMULATE_INTO_OUT = {
    "sum": lambda T, x, o: T.sum(x, 0, out=o),
    "sum_all": lambda T, x, o: T.sum(x, None, out=o),
    "prod": lambda T, x, o: T.prod(x, 1, out=o),
    "cumsum": lambda T, x, o: T.cumsum(x, 0, out=o),
    "cumprod": lambda T, x, o: T.cumprod(x, 1, out=o),
}


@pytest.mark.parametrize("out_dtype", ("int64", "float32", "float64", "int32"))
@pytest.mark.parametrize("case", ACCUMULATE_INTO_OUT)
def test_sums_and_products_accumulate_in_the_out_dtype_as_pytorch(case, out_dtype):
    values = np.array([[0.6, 1.7, 2.5], [-0.4, 3.2, 0.9]])
    oracle.check_outcome(lambda T, x: ACCUMULATE_INTO_OUT[case](T, x, T.empty(0, dtype=getattr(T, out_dtype))),
                         values)

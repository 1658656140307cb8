"""``linalg.ldl_factor``/``ldl_factor_ex``/``ldl_solve`` against PyTorch 2.13: the compact factor, the
LAPACK-style pivots (1x1 and 2x2 blocks) and ``info`` of symmetric and Hermitian matrices of every
LAPACK dtype, batched, with a zero pivot column, and the solves; PyTorch's errors for bad input."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import oracle

DTYPES = (np.float64, np.float32, np.complex128, np.complex64)


def _matrices(n: int, dtype, kind: str) -> np.ndarray:
    a = oracle.randn(2, n, n, dtype=np.float64)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * oracle.randn(2, n, n, dtype=np.float64)
    if kind == "zero_pivot_column":
        a[:, :, 0] = a[:, 0, :] = 0
    if kind == "small_first":
        a[0] *= 1e-3
    return a.astype(dtype)


def _tolerance(dtype) -> float:
    return 2e-4 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-10


@pytest.mark.parametrize("kind", ("random", "zero_pivot_column", "small_first"))
@pytest.mark.parametrize("hermitian", (False, True))
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("n", (1, 2, 3, 6, 17))
def test_ldl_factor_ex_matches_pytorch(n, dtype, hermitian, kind):
    tol = _tolerance(dtype)
    oracle.check(lambda T, a: tuple(T.linalg.ldl_factor_ex(a, hermitian=hermitian)), _matrices(n, dtype, kind),
                 rtol=tol, atol=tol)


@pytest.mark.parametrize("hermitian", (False, True))
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("n", (1, 4, 9))
def test_ldl_solve_matches_pytorch(n, dtype, hermitian):
    tol = _tolerance(dtype)

    def solve(T, a, b):
        LD, pivots = T.linalg.ldl_factor(a, hermitian=hermitian)
        return T.linalg.ldl_solve(LD, pivots, b, hermitian=hermitian)

    oracle.check(solve, _matrices(n, dtype, "random"), oracle.randn(n, 3).astype(dtype), rtol=tol * 10,
                 atol=tol * 10)


def test_ldl_solve_broadcasts_batches_and_solves_the_system():
    a = _matrices(5, np.float64, "random")
    a = a + a.swapaxes(-1, -2)
    b = oracle.randn(3, 1, 5, 2, dtype=np.float64)
    LD, pivots = ft.linalg.ldl_factor(ft.tensor(a))
    x = ft.linalg.ldl_solve(LD, pivots, ft.tensor(b))
    assert tuple(x.shape) == (3, 2, 5, 2)
    np.testing.assert_allclose(np.matmul(a, x.numpy()), np.broadcast_to(b, (3, 2, 5, 2)), atol=1e-9)


def test_two_by_two_pivots_use_lapacks_convention():
    oracle.check(lambda T, a: tuple(T.linalg.ldl_factor(a)), np.array([[1.0, 5, 2, 0], [5, 1, 3, 1],
                                                                        [2, 3, 0, 4], [0, 1, 4, 2]]))


def test_a_singular_d_is_reported_by_ldl_factor():
    zero = ft.zeros(2, 3, 3)
    assert ft.linalg.ldl_factor_ex(zero).info.tolist() == [1, 1]
    with pytest.raises(ft.linalg.LinAlgError, match="not invertible"):
        ft.linalg.ldl_factor(zero)


@pytest.mark.parametrize("op", ("factor", "solve"))
def test_ldl_has_no_derivative_as_in_pytorch(op):
    def backward(T, a):
        LD, pivots = T.linalg.ldl_factor(a)
        result = LD if op == "factor" else T.linalg.ldl_solve(LD, pivots, a)
        result.sum().backward()

    for lib in (oracle.torch(), ft):
        a = lib.eye(3, dtype=lib.float64, requires_grad=True) * 2 + 1
        with pytest.raises(RuntimeError, match=rf"^derivative for aten::linalg_ldl_{op}(_ex)? is not implemented"):
            backward(lib, a)


LD = np.tril(np.arange(1.0, 17.0).reshape(4, 4)) + np.eye(4) * 10
PIVOTS = np.arange(1, 5, dtype=np.int32)
BAD_CALLS = {
    "not_square": lambda T: T.linalg.ldl_factor(T.ones(2, 3)),
    "vector": lambda T: T.linalg.ldl_factor(T.ones(3)),
    "integers": lambda T: T.linalg.ldl_factor(T.ones(3, 3, dtype=T.int64)),
    "half": lambda T: T.linalg.ldl_factor(T.ones(3, 3, dtype=T.float16)),
    "hermitian_int": lambda T: T.linalg.ldl_factor(T.eye(3), hermitian=1),
    "solve_vector_b": lambda T: T.linalg.ldl_solve(T.tensor(LD), T.tensor(PIVOTS), T.ones(4, dtype=T.float64)),
    "solve_not_square": lambda T: T.linalg.ldl_solve(T.tensor(LD[:3]), T.tensor(PIVOTS), T.ones(4, 1,
                                                                                                dtype=T.float64)),
    "solve_pivots_shape": lambda T: T.linalg.ldl_solve(T.tensor(LD), T.tensor(PIVOTS[:3]), T.ones(4, 1,
                                                                                                   dtype=T.float64)),
    "solve_float_pivots": lambda T: T.linalg.ldl_solve(T.tensor(LD), T.tensor(PIVOTS).float(), T.ones(4, 1,
                                                                                                       dtype=T.float64)),
    "solve_dtypes": lambda T: T.linalg.ldl_solve(T.tensor(LD), T.tensor(PIVOTS), T.ones(4, 1)),
    "solve_rows": lambda T: T.linalg.ldl_solve(T.tensor(LD), T.tensor(PIVOTS), T.ones(3, 1, dtype=T.float64)),
    "solve_int_ld": lambda T: T.linalg.ldl_solve(T.tensor(LD).int(), T.tensor(PIVOTS), T.ones(4, 1).int()),
    "solve_long_pivots": lambda T: T.linalg.ldl_solve(T.tensor(LD), T.tensor(PIVOTS).long(), T.ones(4, 1,
                                                                                                     dtype=T.float64)),
}


@pytest.mark.parametrize("case", BAD_CALLS)
def test_ldl_checks_match_pytorch(case):
    oracle.check_outcome(BAD_CALLS[case], parser_errors_by_type=True)

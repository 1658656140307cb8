"""More of ``flambeau.linalg``: triangular solves, LU factorization and its solvers, ``cond``,
``householder_product``, ``tensorinv``/``tensorsolve``, ``vander``, ``solve_ex``; and the top-level
``triangular_solve``, ``cholesky_solve``, ``cholesky_inverse``, ``lu``, ``lu_unpack``, ``lu_solve``,
``geqrf``, ``orgqr``, ``ormqr``.

NumPy's ``linalg`` has neither triangular solves nor LU, so the two primitives are written here as
batched substitution and partial-pivoting elimination loops over the matrix order (each step a
vectorized NumPy/CuPy expression over the whole batch). They record ``linalg_solve_triangular`` and
``linalg_lu_factor_ex`` for autograd; everything else is composed from them and Tensor ops, so it is
differentiable (twice) without formulas of its own.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _core
from ._core import TensorBase
from .array_extras import powers
from .linalg import (
    _LAPACK_DTYPES,
    LinAlgError,
    SolveExResult,
    _check_input,
    _is_vector_rhs,
    _recorded,
    _single,
    _xp,
    inv_ex,
    matrix_norm,
    solve,
    svdvals,
)
from .return_types import named_result
from .tensor import bool_argument, int_argument, tensor_method

LUFactorResult = named_result("linalg_lu_factor", ("LU", "pivots"))
LUFactorExResult = named_result("linalg_lu_factor_ex", ("LU", "pivots", "info"))
LUResult = named_result("linalg_lu", ("P", "L", "U"))
LUUnpackResult = named_result("lu_unpack", ("P", "L", "U"))
TriangularSolveResult = named_result("triangular_solve", ("solution", "cloned_coefficient"))


def _triangle_mask(xp, rows: int, cols: int, upper: bool, strict: bool):
    """Where the (strict) upper or lower triangle of a ``rows`` x ``cols`` matrix lies."""
    ones = xp.ones((rows, cols), dtype=bool)
    return xp.triu(ones, 1 if strict else 0) if upper else xp.tril(ones, -1 if strict else 0)


def triangle(A: TensorBase, upper: bool, strict: bool = False) -> TensorBase:
    """``A``'s upper/lower triangle as a product with a 0/1 mask, which autograd differentiates."""
    xp = _xp(A)
    mask = _triangle_mask(xp, A.shape[-2], A.shape[-1], upper, strict).astype(A._data.dtype)
    return A * _core.wrap(mask, A.dtype, A.device)


# ---- triangular solves -----------------------------------------------------------------------------
def _substitute(xp, a, b, lower: bool, unit: bool):
    """``X`` with ``a X = b`` for (batches of) triangular ``a``, one row at a time like LAPACK's trsm;
    a zero on the diagonal gives inf/NaN rather than an error, as in PyTorch."""
    n = a.shape[-1]
    x = xp.empty(b.shape, dtype=np.result_type(a.dtype, b.dtype))
    with _core.quiet_fp():
        for i in range(n) if lower else range(n - 1, -1, -1):
            known = slice(0, i) if lower else slice(i + 1, n)
            row = b[..., i, :] - xp.matmul(a[..., i:i + 1, known], x[..., known, :])[..., 0, :]
            x[..., i, :] = row if unit else row / a[..., i, i, None]
    return x


def solve_triangular(A, B, *, upper: bool, left: bool = True, unitriangular: bool = False, out=None):
    """The solution ``X`` of ``A X = B`` (``X A = B`` when ``left=False``) for triangular ``A``, reading
    only its ``upper`` or lower triangle (and taking its diagonal as ones when ``unitriangular``)."""
    _require_tensors("linalg.solve_triangular", A=A, B=B)
    _core.check_same_device(A, B)
    for name, t in (("A", A), ("B", B)):
        if t.dim() < 2:
            raise RuntimeError(f"linalg.solve_triangular: The input tensor {name} must have at least 2 dimensions.")
    _check_input("solve_triangular", A, square=True, float_only=False)
    for t in (A, B):
        _require_lapack_dtype("triangular_solve", t)
    rows = B.shape[-2] if left else B.shape[-1]
    if rows != A.shape[-1]:
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({A.shape[-2]}x{A.shape[-1]} and "
                           f"{B.shape[-2]}x{B.shape[-1]})")
    dtype = _core.result_type(A, B)
    xp = _xp(A)
    a, b = A._data.astype(dtype.numpy_dtype, copy=False), B._data.astype(dtype.numpy_dtype, copy=False)
    if not left:                      # X A = B  <=>  Aᵀ Xᵀ = Bᵀ
        a, b = xp.swapaxes(a, -1, -2), xp.swapaxes(b, -1, -2)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = xp.broadcast_to(a, batch + a.shape[-2:])
    b = xp.broadcast_to(b, batch + b.shape[-2:])
    x = _substitute(xp, a, b, lower=upper != left, unit=unitriangular)   # Aᵀ of an upper A is lower
    if not left:
        x = xp.swapaxes(x, -1, -2)
    result = _core.wrap(xp.ascontiguousarray(x), dtype, A.device)
    params = {"upper": upper, "left": left, "unitriangular": unitriangular}
    return _single("linalg_solve_triangular", (A, B), params, result, out)


def _check_system_shapes(op: str, b: TensorBase, A: TensorBase) -> None:
    """The older solvers' shape checks (PyTorch's ``linearSolveCheckInputs``): square ``A``, matching rows."""
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {A.shape[-2]} by {A.shape[-1]} "
                           "matrices")
    if A.shape[-1] != b.shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for {op}: each A matrix is {A.shape[-1]} by {A.shape[-1]} but "
                           f"each b matrix is {b.shape[-2]} by {b.shape[-1]}")


@tensor_method()
def triangular_solve(b, A, upper: bool = True, transpose: bool = False, unitriangular: bool = False, *, out=None):
    """PyTorch's older API: ``(X, A.clone())`` with ``op(A) X = b``, ``op`` the transpose if asked."""
    _require_tensors("triangular_solve", input=b, A=A)
    for name, t in (("b", b), ("A", A)):
        if t.dim() < 2:
            raise RuntimeError(f"torch.triangular_solve: Expected {name} to have at least 2 dimensions, but it has "
                               f"{t.dim()} dimensions instead")
    _check_system_shapes("triangular_solve", b, A)
    for t in (b, A):
        _require_lapack_dtype("triangular_solve", t)
    coefficient = A.mT if transpose else A
    solution = solve_triangular(coefficient, b, upper=upper != transpose, unitriangular=unitriangular)
    batch = tuple(solution.shape[:-2])
    result = TriangularSolveResult(solution, A.expand(*batch, *A.shape[-2:]).clone())
    if out is None:
        return result
    return TriangularSolveResult(*_core.copy_into_outs(tuple(result), out, "triangular_solve"))


@tensor_method()
def cholesky_solve(B, L, upper: bool = False, *, out=None):
    """The solution of ``A X = B`` given the Cholesky factor of ``A`` (``L Lᴴ``, or ``Uᴴ U`` if ``upper``)."""
    _require_tensors("cholesky_solve", input=B, input2=L)
    for name, t in (("b", B), ("u", L)):
        if t.dim() < 2:
            raise RuntimeError(f"{name} should have at least 2 dimensions, but has {t.dim()} dimensions instead")
    _check_system_shapes("cholesky_solve", B, L)
    for t in (B, L):
        _require_lapack_dtype("cholesky_solve", t)
    if B.dtype is not L.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{_core.type_name(B.dtype)} and A of type {_core.type_name(L.dtype)} instead.")
    # two triangular solves on detached operands, recorded as one op with PyTorch's gradient (dense in L)
    factor, rhs = L.detach(), B.detach()
    factor_h = factor.mT.conj()
    if upper:
        result = solve_triangular(factor, solve_triangular(factor_h, rhs, upper=False), upper=True)
    else:
        result = solve_triangular(factor_h, solve_triangular(factor, rhs, upper=False), upper=True)
    _core.record("cholesky_solve", (B, L), {"upper": upper}, (result,))
    return result if out is None else _core.copy_into_out(result, out, "cholesky_solve")


@tensor_method()
def cholesky_inverse(L, upper: bool = False, *, out=None):
    """``A⁻¹`` from the Cholesky factor of ``A``."""
    from .creation import eye
    _require_tensors("cholesky_inverse", input=L)
    _check_input("cholesky_inverse", L, square=True, float_only=False, label="cholesky_inverse")
    _require_lapack_dtype("cholesky_inverse_out", L)
    identity = eye(L.shape[-1], dtype=L.dtype, device=L.device).expand(*L.shape)
    result = cholesky_solve(identity, L.detach(), upper)
    # one recorded op with PyTorch's own gradient (dense in L), not cholesky_solve's (triangular)
    _core.record("cholesky_inverse", (L,), {"upper": upper}, (result,))
    return result if out is None else _core.copy_into_out(result, out, "cholesky_inverse")


# ---- LU ----------------------------------------------------------------------------------------------
def _lu_arrays(xp, a, pivot: bool):
    """Gaussian elimination with partial pivoting (LAPACK getrf's result): the packed ``LU``, 1-based
    int32 ``pivots`` and ``info`` (the first zero pivot, 1-based; 0 if none)."""
    batch, (m, n) = a.shape[:-2], a.shape[-2:]
    k = min(m, n)
    count = math.prod(batch)
    lu = a.reshape((count, m, n)).copy()
    members = xp.arange(count)
    pivots = xp.empty((count, k), dtype=np.int32)
    info = xp.zeros(count, dtype=np.int32)
    with _core.quiet_fp():
        for j in range(k):
            if pivot:
                column = lu[:, j:, j]
                # LAPACK's i?amax ranks complex numbers by |re| + |im|
                size = xp.abs(column.real) + xp.abs(column.imag) if column.dtype.kind == "c" else xp.abs(column)
                p = xp.argmax(size, axis=1) + j
                row_j = lu[members, j].copy()
                lu[members, j] = lu[members, p]
                lu[members, p] = row_j
                pivots[:, j] = p + 1
            else:
                pivots[:, j] = j + 1
            diagonal = lu[:, j, j]
            zero = diagonal == 0
            info = xp.where(zero & (info == 0), j + 1, info).astype(np.int32)
            # a zero pivot leaves its (all-zero) column unscaled, as LAPACK does
            multipliers = lu[:, j + 1:, j] / xp.where(zero, 1, diagonal)[:, None]
            lu[:, j + 1:, j] = multipliers
            lu[:, j + 1:, j + 1:] -= multipliers[:, :, None] * lu[:, j, None, j + 1:]
    return lu.reshape(a.shape), pivots.reshape(batch + (k,)), info.reshape(batch)


def _check_lu_input(label: str, A: Any) -> None:
    _require_tensors(label.split(".", 1)[-1], A=A)
    if A.dim() < 2:
        raise RuntimeError(f"{label}: Expected tensor with 2 or more dimensions. Got size: {list(A.shape)} instead")
    _require_lapack_dtype("lu", A)


def lu_factor_ex(A, *, pivot: bool = True, check_errors: bool = False, out=None):
    """``(LU, pivots, info)``: the packed LU factorization ``A = P L U`` with a non-zero ``info`` (instead
    of an error) where ``U`` has a zero on its diagonal, unless ``check_errors``."""
    _check_lu_input("torch.lu_factor", A)
    if not pivot and A.device.type == "cpu":
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    xp = _xp(A)
    lu, pivots, info = _lu_arrays(xp, A._data, pivot)
    if check_errors and info.size and bool((info > 0).any()):
        raise LinAlgError(f"torch.linalg.lu_factor_ex: The factorization could not be completed because the input "
                          f"is not invertible (U[{int(info.max())},{int(info.max())}] is zero).")
    outputs = LUFactorExResult(_core.wrap(lu, A.dtype, A.device), _core.wrap(pivots, _core.int32, A.device),
                               _core.wrap(info, _core.int32, A.device))
    return _recorded("linalg_lu_factor_ex", (A,), {"pivot": pivot}, outputs, out)


def lu_factor(A, *, pivot: bool = True, out=None):
    """``(LU, pivots)`` of ``A = P L U``; raises where ``U`` would be singular (see ``lu_factor_ex``)."""
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    if info.numel() and bool((info > 0).any()):
        i = int(info.max())
        raise LinAlgError(f"torch.linalg.lu_factor: U[{i},{i}] is zero and using it on lu_solve would result in a "
                          f"division by zero. If you still want to perform the factorization, consider calling "
                          f"linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")
    result = LUFactorResult(LU, pivots)
    if out is None:
        return result
    return LUFactorResult(*_core.copy_into_outs(tuple(result), out, "linalg_lu_factor"))


def _permutation_array(xp, pivots, m: int, dtype):
    """The matrix ``P`` of ``A = P L U`` from getrf's sequential row swaps."""
    batch, k = pivots.shape[:-1], pivots.shape[-1]
    count = math.prod(batch)
    swaps = pivots.reshape(count, k).astype(np.int64) - 1
    members = xp.arange(count)
    order = xp.broadcast_to(xp.arange(m), (count, m)).copy()
    for i in range(k):
        target = swaps[:, i]
        current = order[members, i].copy()
        order[members, i] = order[members, target]
        order[members, target] = current
    P = xp.zeros((count, m, m), dtype=dtype)
    P[members[:, None], order, xp.arange(m)[None, :]] = 1
    return P.reshape(batch + (m, m))


def lu_unpack(LU_data, LU_pivots, unpack_data: bool = True, unpack_pivots: bool = True, *, out=None):
    """``(P, L, U)`` from ``lu_factor``'s packed result (empty tensors for the parts not asked for)."""
    from .creation import eye
    if not isinstance(LU_data, TensorBase) or not isinstance(LU_pivots, TensorBase):
        raise TypeError("lu_unpack(): LU_data and LU_pivots must be Tensors")
    if LU_data.dim() < 2:
        raise RuntimeError(f"torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: "
                           f"{list(LU_data.shape)} instead")
    if LU_pivots.dtype is not _core.int32:
        raise RuntimeError(f"torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype. "
                           f"Note: this function is intended to be used with the output produced by "
                           f"torch.linalg.lu_factor (got {_core.type_name(LU_pivots.dtype)})")
    xp = _xp(LU_data)
    m, n = LU_data.shape[-2:]
    k = min(m, n)
    empty = _core.wrap(xp.zeros((0,), dtype=LU_data._data.dtype), LU_data.dtype, LU_data.device)
    L = U = P = empty
    if unpack_data:
        L = triangle(LU_data[..., :, :k], upper=False, strict=True) + eye(m, k, dtype=LU_data.dtype,
                                                                          device=LU_data.device)
        U = triangle(LU_data[..., :k, :], upper=True)
    if unpack_pivots:
        P = _core.wrap(_permutation_array(xp, LU_pivots._data, m, LU_data._data.dtype), LU_data.dtype,
                       LU_data.device)
    result = LUUnpackResult(P, L, U)
    if out is None:
        return result
    return LUUnpackResult(*_core.copy_into_outs(tuple(result), out, "lu_unpack"))


def lu(A, *, pivot: bool = True, out=None):
    """``(P, L, U)`` with ``A = P L U``, ``L`` unit lower-trapezoidal and ``U`` upper-trapezoidal."""
    _check_lu_input("linalg.lu", A)
    LU, pivots, _ = lu_factor_ex(A, pivot=pivot)
    result = LUResult(*lu_unpack(LU, pivots))
    if out is None:
        return result
    return LUResult(*_core.copy_into_outs(tuple(result), out, "linalg_lu"))


def lu_solve(LU, pivots, B, *, left: bool = True, adjoint: bool = False, out=None):
    """The solution of ``A X = B`` (``Aᴴ X = B`` if ``adjoint``; ``X A = B`` if not ``left``) given
    ``lu_factor(A)``."""
    _require_tensors("linalg.lu_solve", LU=LU, pivots=pivots, B=B)
    _check_input("lu_solve", LU, square=True, label="torch.linalg.lu_solve", dtype_first=True)
    if B.dim() < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    if (B.shape[-2] if left else B.shape[-1]) != LU.shape[-1]:
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({LU.shape[-2]}x{LU.shape[-1]} and "
                           f"{B.shape[-2]}x{B.shape[-1]})")
    if not left:                                   # X A = B  <=>  Aᴴ Xᴴ = Bᴴ
        solution = lu_solve(LU, pivots, B.mT.conj(), adjoint=not adjoint)
        result = solution.mT.conj()
    else:
        P, L, U = lu_unpack(LU, pivots)
        if adjoint:                                # Uᴴ Lᴴ Pᵀ X = B
            z = solve_triangular(U.mT.conj(), B, upper=False)
            result = P.matmul(solve_triangular(L.mT.conj(), z, upper=True, unitriangular=True))
        else:                                      # L U X = Pᵀ B
            y = solve_triangular(L, P.mT.matmul(B), upper=False, unitriangular=True)
            result = solve_triangular(U, y, upper=True)
    return result if out is None else _core.copy_into_out(result, out, "linalg_lu_solve")


@tensor_method("lu")
def lu_legacy(A, pivot: bool = True, get_infos: bool = False, out=None):
    """``torch.lu`` (deprecated there): ``(LU, pivots)``, and ``infos`` too if ``get_infos``."""
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    result = (LU, pivots, info) if get_infos else (LU, pivots)
    if out is None:
        return result
    return _core.copy_into_outs(tuple(result), out, "lu")


@tensor_method("lu_solve")
def lu_solve_legacy(b, LU_data, LU_pivots, *, out=None):
    """``torch.lu_solve(b, LU_data, LU_pivots)`` (deprecated there): ``linalg.lu_solve``'s older argument order."""
    return lu_solve(LU_data, LU_pivots, b, out=out)


# ---- solve_ex, cond ----------------------------------------------------------------------------------
def solve_ex(A, B, *, left: bool = True, check_errors: bool = False, out=None):
    """``solve`` reporting singular matrices in ``info`` (non-zero) instead of raising, unless ``check_errors``."""
    _check_input("solve_ex", A, square=True, label="linalg.solve", dtype_first=True, half_kernel="lu_cpu")
    LU, pivots, info = lu_factor_ex(A.detach())
    singular = bool(info.numel() and (info > 0).any())
    if check_errors and singular:
        raise LinAlgError("torch.linalg.solve_ex: The solver failed because the input matrix is singular.")
    if not singular:
        result = solve(A, B, left=left)
    else:
        LU, pivots, _ = lu_factor_ex(A)
        vector = _is_vector_rhs(A, B)
        result = lu_solve(LU, pivots, B.unsqueeze(-1) if vector else B, left=left)
        result = result.squeeze(-1) if vector else result
    outputs = SolveExResult(result, info)
    if out is None:
        return outputs
    return SolveExResult(*_core.copy_into_outs(tuple(outputs), out, "linalg_solve_ex"))


_COND_NORMS = ("fro", math.inf, -math.inf, 1, -1)


def _check_square_for_cond(A: TensorBase, p: Any) -> None:
    if p not in _COND_NORMS and p != "nuc":
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    if A.dim() < 2:
        raise RuntimeError(f"linalg.cond(ord={p}): The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.cond(ord={p}): A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")


def cond(A, p: Any = None, *, out=None):
    """The condition number of ``A`` in the norm ``p``: a ratio of singular values for ``None``/2/-2,
    else ``‖A‖ ‖A⁻¹‖`` (inf for singular square matrices)."""
    from .pointwise import where
    _require_tensors("linalg.cond", input=A)
    if p in (None, 2, -2):
        if A.dim() < 2:
            raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
        _check_input("cond", A, label="linalg.svd", half_kernel="linalg_svd_cpu")
    else:
        _check_square_for_cond(A, p)
        _check_input("cond", A, label="linalg.inv", half_low_precision=True)
    if A.numel() == 0:
        return _core.wrap(_xp(A).zeros(A.shape[:-2], dtype=A.dtype.to_real().numpy_dtype), A.dtype.to_real(),
                          A.device)
    if p in (None, 2, -2):
        s = svdvals(A)
        result = s[..., 0] / s[..., -1] if p != -2 else s[..., -1] / s[..., 0]
    elif p == "nuc":       # Σσ · Σ1/σ: NaN for a zero matrix, as in PyTorch
        s = svdvals(A)
        result = s.sum(-1) * s.reciprocal().sum(-1)
    else:
        inverse, info = inv_ex(A)
        norms = matrix_norm(A, p) * matrix_norm(inverse, p)
        result = where(info > 0, math.inf, norms)
    return result if out is None else _core.copy_into_out(result, out, "linalg_cond")


# ---- geqrf, householder_product/orgqr, ormqr --------------------------------------------------------
GeqrfResult = named_result("geqrf", ("a", "tau"))


def _require_tensors(op: str, **arguments: Any) -> None:
    """PyTorch's TypeError for the first of ``arguments`` (in position order) that is not a Tensor."""
    for position, (name, value) in enumerate(arguments.items(), 1):
        if not isinstance(value, TensorBase):
            raise TypeError(f"{op}(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{type(value).__name__}")


def _require_lapack_dtype(kernel: str, A: TensorBase) -> None:
    """LAPACK/cuSOLVER take float32/64 and complex64/128 only; PyTorch checks it after the shapes."""
    if A.dtype not in _LAPACK_DTYPES:
        raise NotImplementedError(f"\"{kernel}_{A.device.type}\" not implemented for '{_core.type_name(A.dtype)}'")


def _raw_qr(xp, a):
    """``(h, tau)`` of LAPACK's geqrf for (batches of) matrices ``a``, ``h`` as geqrf leaves it (not
    transposed). NumPy's ``qr(mode="raw")`` takes batches; CuPy's, one matrix at a time (and gives
    float64 for float32 in older versions), hence the loop and the cast."""
    if xp is np:
        h, tau = np.linalg.qr(a, mode="raw")
        return np.swapaxes(h, -1, -2), tau
    batch, (m, n) = a.shape[:-2], a.shape[-2:]
    flat = a.reshape((-1, m, n))
    h = xp.empty(flat.shape, dtype=a.dtype)
    tau = xp.empty((flat.shape[0], min(m, n)), dtype=a.dtype)
    for i in range(flat.shape[0]):
        raw_h, raw_tau = xp.linalg.qr(flat[i], mode="raw")
        h[i], tau[i] = raw_h.T, raw_tau
    return h.reshape(a.shape), tau.reshape(batch + (min(m, n),))


@tensor_method()
def geqrf(input, *, out=None):
    """LAPACK's compact QR ``(a, tau)``: ``R`` on and above the diagonal of ``a``, the Householder vectors
    below it (their leading 1 implied) and their scalars ``tau``; ``householder_product(a, tau)`` is ``Q``.
    Not differentiable: the recorded node raises on backward, as PyTorch's GeqrfBackward0 does."""
    _require_tensors("geqrf", input=input)
    if input.dim() < 2:
        raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
    _require_lapack_dtype("geqrf", input)
    xp = _xp(input)
    h, tau = _raw_qr(xp, input._data)
    outputs = GeqrfResult(_core.wrap(xp.ascontiguousarray(h), input.dtype, input.device),
                          _core.wrap(xp.ascontiguousarray(tau), input.dtype, input.device))
    return _recorded("geqrf", (input,), None, outputs, out)


def _reflect(A: TensorBase, tau: TensorBase, C: TensorBase, left: bool, adjoint: bool) -> TensorBase:
    """``op(Q) C`` (``C op(Q)`` if not ``left``), ``op`` the conjugate transpose if ``adjoint``, for
    ``Q = H₁ ⋯ H_k``, ``H_i = I - τ_i v_i v_iᴴ``, ``v_i`` the i-th column of ``A`` below the diagonal with
    1 on it (LAPACK's reflectors). Applied one reflector at a time with Tensor ops, so differentiable."""
    from .creation import eye
    m, k = A.shape[-2], tau.shape[-1]
    if k == 0:
        return C.clone()
    reflectors = triangle(A[..., :, :k], upper=False, strict=True) + eye(m, k, dtype=A.dtype, device=A.device)
    scalars = tau.conj() if adjoint and tau.is_complex() else tau
    for i in range(k - 1, -1, -1) if left != adjoint else range(k):
        v, s = reflectors[..., :, i:i + 1], scalars[..., i:i + 1].unsqueeze(-1)
        if left:
            C = C - (s * v).matmul(v.mT.conj().matmul(C))
        else:
            C = C - C.matmul(v).matmul(s * v.mT.conj())
    return C


def _householder_product(op: str, A: TensorBase, tau: TensorBase, out) -> TensorBase:
    """``linalg.householder_product``/``orgqr`` once their arguments are known to be Tensors."""
    from .creation import eye
    prefix = "torch.linalg.householder_product"
    if A.dim() < 2:
        raise RuntimeError(f"{prefix}: input must have at least 2 dimensions.")
    m, n = A.shape[-2:]
    if m < n:
        raise RuntimeError(f"{prefix}: input.shape[-2] must be greater than or equal to input.shape[-1]")
    if tau.dim() == 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    if n < tau.shape[-1]:
        raise RuntimeError(f"{prefix}: input.shape[-1] must be greater than or equal to tau.shape[-1]")
    if tau.dim() != A.dim() - 1:
        raise RuntimeError(f"{prefix}: Expected tau to have one dimension less than input, but got tau.ndim "
                           f"equal to {tau.dim()} and input.ndim is equal to {A.dim()}")
    if tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"{prefix}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got "
                           f"{list(tau.shape[:-1])}")
    if tau.dtype is not A.dtype:
        raise RuntimeError(f"{prefix}: tau dtype {_core.type_name(tau.dtype)} does not match input dtype "
                           f"{_core.type_name(A.dtype)}")
    _core.check_same_device(A, tau)
    _require_lapack_dtype("orgqr", A)
    identity = eye(m, n, dtype=A.dtype, device=A.device).expand(*A.shape)
    q = _reflect(A, tau, identity, left=True, adjoint=False)
    return q if out is None else _core.copy_into_out(q, out, op)


def householder_product(A, tau, *, out=None):
    """The first ``n`` columns of ``H₁ ⋯ H_k`` (see ``_reflect``): LAPACK's orgqr, the ``Q`` of a
    ``geqrf`` QR."""
    _require_tensors("linalg_householder_product", input=A, tau=tau)
    return _householder_product("linalg_householder_product", A, tau, out)


@tensor_method()
def orgqr(input, tau, *, out=None):
    """``linalg.householder_product`` under LAPACK's name."""
    _require_tensors("orgqr", input=input, input2=tau)
    return _householder_product("orgqr", input, tau, out)


def _check_ormqr(input: TensorBase, tau: TensorBase, other: TensorBase, left: bool) -> None:
    """PyTorch's checks of ``ormqr``'s shapes and dtypes, in its order."""
    if input.dim() < 2:
        raise RuntimeError("torch.ormqr: input must have at least 2 dimensions.")
    if other.dim() < 2:
        raise RuntimeError("torch.ormqr: other must have at least 2 dimensions.")
    side = -2 if left else -1
    if other.shape[side] != input.shape[-2]:
        raise RuntimeError(f"torch.ormqr: other.shape[{side}] must be equal to input.shape[-2]")
    if tau.dim() == 0:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    if tau.shape[-1] != min(other.shape[side], input.shape[-1]):
        raise RuntimeError(f"torch.ormqr: tau.shape[-1] must be equal to min(other.shape[{side}], "
                           f"input.shape[-1])")
    if tau.dim() != input.dim() - 1:
        raise RuntimeError(f"torch.ormqr: Expected tau to have one dimension less than input, but got tau.ndim "
                           f"equal to {tau.dim()} and input.ndim is equal to {input.dim()}")
    if other.dim() != input.dim():
        raise RuntimeError(f"torch.ormqr: Expected other to have the same number of dimensions as input, but got "
                           f"other.ndim equal to {other.dim()} and input.ndim is equal to {input.dim()}")
    for name, batch in (("tau", tau.shape[:-1]), ("other", other.shape[:-2])):
        if tuple(batch) != tuple(input.shape[:-2]):
            raise RuntimeError(f"torch.ormqr: Expected batch dimensions of {name} to be equal to input.shape[:-2], "
                               f"but got {list(batch)}")
    for name, t in (("tau", tau), ("other", other)):
        if t.dtype is not input.dtype:
            raise RuntimeError(f"torch.ormqr: Expected input and {name} to have the same dtype, but input has dtype"
                               f"{_core.type_name(input.dtype)} and {name} has dtype {_core.type_name(t.dtype)}")


@tensor_method()
def ormqr(input, tau, other, left: bool = True, transpose: bool = False, *, out=None):
    """``op(Q) other`` (``other op(Q)`` if not ``left``) with ``Q`` the square product of the Householder
    reflectors ``(input, tau)`` that ``geqrf`` gives, ``op`` the conjugate transpose if ``transpose``."""
    _require_tensors("ormqr", input=input, input2=tau, input3=other)
    left = bool_argument(left, "ormqr", "left", 4)
    transpose = bool_argument(transpose, "ormqr", "transpose", 5)
    _check_ormqr(input, tau, other, left)
    _core.check_same_device(input, tau)
    _core.check_same_device(input, other)
    _require_lapack_dtype("ormqr", input)
    result = _reflect(input, tau, other, left, transpose)
    return result if out is None else _core.copy_into_out(result, out, "ormqr")


# ---- tensorinv, tensorsolve, vander ------------------------------------------------------------------
def _product(shape) -> int:
    total = 1
    for s in shape:
        total *= s
    return total


def tensorinv(A, ind: int = 2, *, out=None):
    """The inverse of ``A`` read as a matrix from its first ``ind`` dims to the rest (result shape
    ``A.shape[ind:] + A.shape[:ind]``)."""
    from .linalg import inv
    if not isinstance(A, TensorBase):
        raise TypeError(f"linalg.tensorinv(): argument 'A' must be Tensor, not {type(A).__name__}")
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = _product(A.shape[:ind]), _product(A.shape[ind:])
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {cols} != {rows}")
    result = inv(A.reshape(rows, cols)).reshape(*A.shape[ind:], *A.shape[:ind])
    return result if out is None else _core.copy_into_out(result, out, "linalg_tensorinv")


def tensorsolve(A, B, dims=None, *, out=None):
    """The ``X`` with ``tensordot(A, X, X.ndim) = B``; ``dims`` of ``A`` are first moved to the end."""
    for name, t in (("A", A), ("B", B)):
        if not isinstance(t, TensorBase):
            raise TypeError(f"linalg.tensorsolve(): argument '{name}' must be Tensor, not {type(t).__name__}")
    if dims is not None:
        dims = [dims] if isinstance(dims, int) else list(dims)
        A = A.movedim(dims, list(range(A.dim() - len(dims), A.dim())))
    solution_shape = tuple(A.shape[B.dim():])
    rows, cols = B.numel(), _product(solution_shape)
    if _product(A.shape[:B.dim()]) != rows or rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           f"prod(self.shape[:other.ndim]), but got {cols} != {_product(A.shape[:B.dim()])}")
    result = solve(A.reshape(rows, cols), B.reshape(rows)).reshape(*solution_shape)
    return result if out is None else _core.copy_into_out(result, out, "linalg_tensorsolve")


def vander(x, *, N: int | None = None):
    """``[x⁰, x¹, …, x^(N-1)]`` along a new last dim for batches of vectors ``x`` (N defaults to ``x``'s length)."""
    if not isinstance(x, TensorBase):
        raise TypeError(f"linalg.vander(): argument 'x' must be Tensor, not {type(x).__name__}")
    if x.dtype in (_core.bool_, _core.float16):
        raise RuntimeError("linalg.vander supports floating point, complex, and integer tensors, but got "
                           f"{_core.type_name(x.dtype)}")
    count = (x.shape[-1] if x.dim() else 1) if N is None else int_argument(N, "linalg_vander", "N", symint=True)
    if count <= 1:
        raise RuntimeError("N must be greater than 1.")
    return powers(x, count)


__all__ = ["triangular_solve", "cholesky_solve", "cholesky_inverse", "lu_unpack", "TriangularSolveResult", "geqrf",
           "orgqr", "ormqr"]

"""``linalg.ldl_factor``/``ldl_factor_ex``/``ldl_solve``: the Bunch–Kaufman factorization of symmetric
(or Hermitian) indefinite matrices, ``A = P L D Lᴴ Pᵀ``, in LAPACK's compact form.

NumPy has no ``sytrf``, so its unblocked algorithm (LAPACK's ``?sytf2``/``?hetf2`` on the lower
triangle) is written here: one Python step per pivot, each a vectorized rank-1 or rank-2 update of the
trailing matrix. Pivots follow LAPACK's convention — positive 1-based rows for 1x1 blocks, the same
negative value twice for a 2x2 block — so ``LD`` and ``pivots`` equal PyTorch's (up to rounding) and
feed its ``ldl_solve``. Complex pivoting compares ``|Re| + |Im|``, as LAPACK does. The factorizations
run on the host (CUDA inputs come back to their device); PyTorch has no derivative for them either.
"""
from __future__ import annotations

import math

import numpy as np

from . import _core
from ._backend import to_device_array
from ._core import TensorBase
from .linalg import LinAlgError, _check_input, _recorded, _single
from .return_types import named_result
from .tensor import bool_argument

LDLFactorResult = named_result("linalg_ldl_factor", ("LD", "pivots"))
LDLFactorExResult = named_result("linalg_ldl_factor_ex", ("LD", "pivots", "info"))

_ALPHA = (1 + math.sqrt(17)) / 8   # Bunch–Kaufman's threshold: bounds the growth of the factors


def _size(z: np.ndarray) -> np.ndarray:
    """LAPACK's pivoting magnitude: ``|x|`` for reals, ``|Re| + |Im|`` for complex numbers."""
    return np.abs(z.real) + np.abs(z.imag) if np.iscomplexobj(z) else np.abs(z)


def _factor_one(a: np.ndarray, hermitian: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """``?sytf2`` (or ``?hetf2`` for complex Hermitian input), lower, on one matrix: the compact factor
    (strict upper triangle zero), 1-based pivots and ``info`` (the first zero pivot column, or 0)."""
    hermitian = hermitian and np.iscomplexobj(a)
    n = a.shape[0]
    a = np.tril(a)
    if hermitian:
        a[np.diag_indices(n)] = a.diagonal().real
    pivots = np.zeros(n, dtype=np.int32)
    info, k = 0, 0
    while k < n:
        pivot, step = _choose_pivot(a, k, hermitian)
        if pivot is None:   # a zero (or NaN) column: D is singular here and nothing is eliminated
            info = info or k + 1
            pivot = k
        else:
            _interchange(a, k, k + step - 1, pivot, step, hermitian)
            (_update_hermitian if hermitian else _update_symmetric)(a, k, step)
        pivots[k:k + step] = pivot + 1 if step == 1 else -(pivot + 1)
        k += step
    return a, pivots, info


def _choose_pivot(a: np.ndarray, k: int, hermitian: bool) -> tuple[int | None, int]:
    """Bunch–Kaufman's choice at column ``k``: ``(row to bring to k, block size)``, ``None`` for a zero
    column."""
    n = a.shape[0]
    diagonal = float(abs(a[k, k].real)) if hermitian else float(_size(a[k, k]))
    below = _size(a[k + 1:, k])
    imax = k + 1 + int(np.argmax(below)) if below.size else k
    colmax = float(below[imax - k - 1]) if below.size else 0.0
    if max(diagonal, colmax) == 0 or math.isnan(diagonal):
        return None, 1
    if diagonal >= _ALPHA * colmax:
        return k, 1
    rowmax = float(_size(a[imax, k:imax]).max())
    if imax < n - 1:
        rowmax = max(rowmax, float(_size(a[imax + 1:, imax]).max()))
    if diagonal >= _ALPHA * colmax * (colmax / rowmax):
        return k, 1
    other = float(abs(a[imax, imax].real)) if hermitian else float(_size(a[imax, imax]))
    if other >= _ALPHA * rowmax:
        return imax, 1
    return imax, 2


def _interchange(a: np.ndarray, k: int, kk: int, pivot: int, step: int, hermitian: bool) -> None:
    """Swap rows and columns ``kk`` and ``pivot`` of the trailing lower triangle (conjugating the
    stretch that moves across the diagonal, for Hermitian input)."""
    if pivot != kk:
        n = a.shape[0]
        if pivot < n - 1:
            a[pivot + 1:, [kk, pivot]] = a[pivot + 1:, [pivot, kk]]
        between = slice(kk + 1, pivot)
        column, row = a[between, kk].copy(), a[pivot, between].copy()
        if hermitian:
            a[between, kk], a[pivot, between] = np.conj(row), np.conj(column)
            a[pivot, kk] = np.conj(a[pivot, kk])
        else:
            a[between, kk], a[pivot, between] = row, column
        a[kk, kk], a[pivot, pivot] = a[pivot, pivot], a[kk, kk]
        if step == 2:
            a[k + 1, k], a[pivot, k] = a[pivot, k], a[k + 1, k]


def _update_symmetric(a: np.ndarray, k: int, step: int) -> None:
    """``?sytf2``'s rank-1 (1x1 pivot) or rank-2 (2x2 pivot) update and the multipliers of ``L``."""
    n = a.shape[0]
    rest = slice(k + step, n)
    if step == 1:
        if k < n - 1:
            reciprocal = 1 / a[k, k]
            column = a[rest, k].copy()
            a[rest, rest] -= np.tril(reciprocal * np.outer(column, column))
            a[rest, k] = reciprocal * column
    elif k < n - 2:
        d21 = a[k + 1, k]
        d11, d22 = a[k + 1, k + 1] / d21, a[k, k] / d21
        d21 = (1 / (d11 * d22 - 1)) / d21
        first, second = a[rest, k].copy(), a[rest, k + 1].copy()
        wk, wkp1 = d21 * (d11 * first - second), d21 * (d22 * second - first)
        a[rest, rest] -= np.tril(np.outer(first, wk) + np.outer(second, wkp1))
        a[rest, k], a[rest, k + 1] = wk, wkp1


def _update_hermitian(a: np.ndarray, k: int, step: int) -> None:
    """``?hetf2``'s updates: as ``?sytf2``'s with conjugates, the diagonal kept real."""
    n = a.shape[0]
    rest = slice(k + step, n)
    if step == 1:
        a[k, k] = a[k, k].real
        if k < n - 1:
            reciprocal = 1 / a[k, k].real
            column = a[rest, k].copy()
            a[rest, rest] -= np.tril(reciprocal * np.outer(column, np.conj(column)))
            a[rest, k] = reciprocal * column
    else:
        a[k, k], a[k + 1, k + 1] = a[k, k].real, a[k + 1, k + 1].real
        if k < n - 2:
            d = abs(a[k + 1, k])
            d11, d22 = a[k + 1, k + 1].real / d, a[k, k].real / d
            d21 = a[k + 1, k] / d
            d = (1 / (d11 * d22 - 1)) / d
            first, second = a[rest, k].copy(), a[rest, k + 1].copy()
            wk = d * (d11 * first - d21 * second)
            wkp1 = d * (d22 * second - np.conj(d21) * first)
            a[rest, rest] -= np.tril(np.outer(first, np.conj(wk)) + np.outer(second, np.conj(wkp1)))
            a[rest, k], a[rest, k + 1] = wk, wkp1
    diagonal = np.arange(k + step, n)
    a[diagonal, diagonal] = a[diagonal, diagonal].real


# ---- the public ops ----------------------------------------------------------------------------------
def ldl_factor_ex(A, *, hermitian: bool = False, check_errors: bool = False, out=None):
    """``(LD, pivots, info)``: the compact Bunch–Kaufman factors of the symmetric (``hermitian``:
    Hermitian) matrices ``A``, read from their lower triangles; ``info`` > 0 marks a singular ``D``."""
    _check_input("ldl_factor_ex", A, square=True, label="torch.linalg.ldl_factor_ex",
                 half_kernel="ldl_factor_kernel_cpu")
    hermitian = bool_argument(hermitian, "linalg_ldl_factor_ex", "hermitian")
    check_errors = bool_argument(check_errors, "linalg_ldl_factor_ex", "check_errors")
    host = np.asarray(A._host_array())
    batch, n = host.shape[:-2], host.shape[-1]
    flat = host.reshape((-1, n, n))
    factors = np.empty_like(flat)
    pivots = np.empty(flat.shape[:2], dtype=np.int32)
    infos = np.zeros(flat.shape[0], dtype=np.int32)
    for i, matrix in enumerate(flat):
        factors[i], pivots[i], infos[i] = _factor_one(matrix, hermitian)
    if check_errors and infos.size and infos.any():
        raise LinAlgError(f"torch.linalg.ldl_factor_ex: The factorization could not be completed because the "
                          f"input is not invertible (D[{int(infos.max())},{int(infos.max())}] is zero).")
    device = A.device
    outputs = LDLFactorExResult(
        _core.wrap(to_device_array(factors.reshape(host.shape), device), A.dtype, device),
        _core.wrap(to_device_array(pivots.reshape(batch + (n,)), device), _core.int32, device),
        _core.wrap(to_device_array(infos.reshape(batch), device), _core.int32, device))
    return _recorded("linalg_ldl_factor_ex", (A,), {"hermitian": hermitian}, outputs, out)


def ldl_factor(A, *, hermitian: bool = False, out=None):
    """``(LD, pivots)`` of ``ldl_factor_ex``; a singular ``D`` is an error."""
    hermitian = bool_argument(hermitian, "linalg_ldl_factor", "hermitian")
    LD, pivots, info = ldl_factor_ex(A, hermitian=hermitian)
    if info.numel() and bool((info > 0).any()):
        i = int(info.max())
        raise LinAlgError(f"torch.linalg.ldl_factor: The factorization could not be completed because the input "
                          f"is not invertible (D[{i},{i}] is zero).")
    result = LDLFactorResult(LD, pivots)
    if out is None:
        return result
    return LDLFactorResult(*_core.copy_into_outs(tuple(result), out, "linalg_ldl_factor"))


def _solve_one(ld: np.ndarray, pivots: np.ndarray, b: np.ndarray, hermitian: bool) -> np.ndarray:
    """``?sytrs``/``?hetrs`` (lower): ``X`` with ``A X = B`` from one compact factor."""
    hermitian = hermitian and np.iscomplexobj(ld)
    conj = np.conj if hermitian else (lambda z: z)
    n = ld.shape[0]
    x = b.copy()
    k = 0
    while k < n:   # L D Y = P B, forwards
        if pivots[k] > 0:
            swap = pivots[k] - 1
            x[[k, swap]] = x[[swap, k]]
            x[k + 1:] -= np.outer(ld[k + 1:, k], x[k])
            x[k] /= ld[k, k].real if hermitian else ld[k, k]
            k += 1
            continue
        swap = -pivots[k] - 1
        x[[k + 1, swap]] = x[[swap, k + 1]]
        x[k + 2:] -= np.outer(ld[k + 2:, k], x[k]) + np.outer(ld[k + 2:, k + 1], x[k + 1])
        off = ld[k + 1, k]
        first = (ld[k, k].real if hermitian else ld[k, k]) / conj(off)
        second = (ld[k + 1, k + 1].real if hermitian else ld[k + 1, k + 1]) / off
        denominator = first * second - 1
        upper, lower = x[k] / conj(off), x[k + 1] / off
        x[k], x[k + 1] = (second * upper - lower) / denominator, (first * lower - upper) / denominator
        k += 2
    k = n - 1
    while k >= 0:  # Lᴴ P X = Y, backwards
        if pivots[k] > 0:
            x[k] -= conj(ld[k + 1:, k]) @ x[k + 1:]
            swap = pivots[k] - 1
            x[[k, swap]] = x[[swap, k]]
            k -= 1
            continue
        x[k] -= conj(ld[k + 1:, k]) @ x[k + 1:]
        x[k - 1] -= conj(ld[k + 1:, k - 1]) @ x[k + 1:]
        swap = -pivots[k] - 1
        x[[k, swap]] = x[[swap, k]]
        k -= 2
    return x


def ldl_solve(LD, pivots, B, *, hermitian: bool = False, out=None):
    """``X`` with ``A X = B`` from ``ldl_factor``'s ``(LD, pivots)``, batches broadcast."""
    label = "torch.linalg.ldl_solve"
    _check_input("ldl_solve", LD, square=True, label=label)
    if not isinstance(pivots, TensorBase) or not isinstance(B, TensorBase):
        bad, name = (pivots, "pivots") if not isinstance(pivots, TensorBase) else (B, "B")
        raise TypeError(f"linalg_ldl_solve(): argument '{name}' must be Tensor, not {type(bad).__name__}")
    hermitian = bool_argument(hermitian, "linalg_ldl_solve", "hermitian")
    if tuple(pivots.shape) != tuple(LD.shape[:-1]):
        raise RuntimeError(f"{label}: Expected LD.shape[:-1] and pivots.shape to be the same, but got pivots with "
                           f"shape {list(pivots.shape)} instead")
    if pivots.dtype.is_floating_point or pivots.dtype.is_complex or pivots.dtype is _core.bool_:
        raise RuntimeError(f"{label}: Expected pivots to be integers. Got {_core.type_name(pivots.dtype)}")
    if B.dim() < 2:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got -2)")
    if B.dtype is not LD.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type "
                           f"{_core.type_name(B.dtype)} and A of type {_core.type_name(LD.dtype)} instead.")
    n = LD.shape[-1]
    if B.shape[-2] != n:
        raise RuntimeError(f"Incompatible matrix sizes for {label}: each A matrix is {n} by {n} but each b matrix "
                           f"is {B.shape[-2]} by {B.shape[-1]}")
    batch = tuple(np.broadcast_shapes(tuple(LD.shape[:-2]), tuple(B.shape[:-2])))
    factors = np.broadcast_to(np.asarray(LD._host_array()), batch + (n, n)).reshape((-1, n, n))
    orders = np.broadcast_to(np.asarray(pivots._host_array()), batch + (n,)).reshape((-1, n))
    rhs = np.broadcast_to(np.asarray(B._host_array()), batch + tuple(B.shape[-2:]))
    flat = rhs.reshape((-1,) + tuple(B.shape[-2:]))
    with _core.quiet_fp():   # a singular D gives inf/NaN, as in PyTorch, without NumPy's warnings
        solutions = np.stack([_solve_one(f, p, r, hermitian) for f, p, r in zip(factors, orders, flat)]) \
            if flat.shape[0] else np.empty_like(flat)
    device = B.device
    result = _core.wrap(to_device_array(solutions.reshape(rhs.shape), device), B.dtype, device)
    return _single("linalg_ldl_solve", (LD, pivots, B), {"hermitian": hermitian}, result, out)


__all__: list[str] = []

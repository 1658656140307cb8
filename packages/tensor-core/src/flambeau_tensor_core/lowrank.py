"""``svd_lowrank`` and ``pca_lowrank``: randomized truncated SVD (Halko, Martinsson & Tropp 2009,
Algorithms 4.4 and 5.1), composed of tensor ops — so differentiable and device-agnostic.

A Gaussian test matrix (drawn from the default generator, as PyTorch draws it, so a seeded run gives
PyTorch's numbers) is multiplied into the range of ``A``, refined by ``niter`` power iterations with a
QR after each product, and the SVD of the small projection ``Qᴴ A`` lifted back by ``Q``. Wide
matrices are handled through their conjugate transpose.
"""
from __future__ import annotations

from ._core import TensorBase
from .linalg import qr, svd
from .linalg_ops import matmul
from .random import randn


def _basis(A: TensorBase, q: int, niter: int, M: TensorBase | None) -> TensorBase:
    """An orthonormal ``n x q`` basis approximating the range of ``A - M``."""
    dtype = A.dtype if A.dtype.is_floating_point or A.dtype.is_complex else None
    sample = randn(A.shape[-1], q, dtype=dtype, device=A.device)

    def project(matrix: TensorBase, shift: TensorBase | None, vectors: TensorBase) -> TensorBase:
        product = matmul(matrix, vectors)
        return product if shift is None else product - matmul(shift, vectors)

    Q = qr(project(A, M, sample)).Q
    for _ in range(niter):
        Q = qr(project(A.mH, None if M is None else M.mH, Q)).Q
        Q = qr(project(A, M, Q)).Q
    return Q


def _svd_lowrank(A: TensorBase, q: int, niter: int, M: TensorBase | None) -> tuple:
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.shape)
    wide = m < n
    if wide:
        A = A.mH
        M = None if M is None else M.mH
    Q = _basis(A, q, niter, M)
    B = matmul(Q.mH, A)
    if M is not None:
        B = B - matmul(Q.mH, M)
    U, S, Vh = svd(B, full_matrices=False)
    U, V = matmul(Q, U), Vh.mH
    return (V, S, U) if wide else (U, S, V)


def svd_lowrank(A: TensorBase, q: int | None = 6, niter: int | None = 2, M: TensorBase | None = None) -> tuple:
    """``(U, S, V)`` of a rank-``q`` approximation ``A - M ≈ U diag(S) Vᴴ`` (``q`` slightly above the
    wanted rank; ``niter`` power iterations sharpen a slowly decaying spectrum)."""
    return _svd_lowrank(A, 6 if q is None else q, 2 if niter is None else niter, M)


def pca_lowrank(A: TensorBase, q: int | None = None, center: bool = True, niter: int = 2) -> tuple:
    """``(U, S, V)`` of ``svd_lowrank`` of ``A`` with its column means removed (``center``): the
    principal directions are the columns of ``V``; ``q`` defaults to ``min(6, m, n)``."""
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not 0 <= q <= min(m, n):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}")
    if not niter >= 0:
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if center:
        A = A - A.mean(dim=(-2,), keepdim=True)
    return _svd_lowrank(A, q, niter, None)


__all__ = ["svd_lowrank", "pca_lowrank"]

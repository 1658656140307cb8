"""Formulas of ``flambeau.linalg``: det/slogdet/inv/solve, cholesky/qr/eigh/svd (real and the
differentiable parts of complex), pinv, matrix_exp/matrix_power, norms and vecdot. Each is the
standard matrix-calculus adjoint (as in PyTorch's ``FunctionsManual.cpp``), written with Tensor ops."""
from __future__ import annotations

import flambeau_tensor_core as ft

from ._registry import derivative, name_nodes, real_outputs_only, without_derivative
from .arithmetic import conj


def mH(t):
    return conj(t.transpose(-1, -2))


def _unsq2(t):
    return t.unsqueeze(-1).unsqueeze(-1)


def _eye_like(n: int, like):
    return ft.eye(n, dtype=like.dtype, device=like.device)


@derivative("linalg_det", save="inputs,outputs")
def det(grads, inputs, outputs, params, metas):
    """ḡ det(A) A⁻ᴴ; through the SVD A = U diag(S) Vh where some det is 0 (PyTorch's fallback): the
    adjugate is conj(det U det Vh) U diag(prod of the other S) Vh, finite for singular A."""
    A, d, g = inputs[0], outputs[0], grads[0]
    if not bool((d == 0).any()):
        return _unsq2(g * conj(d)) * mH(ft.linalg.inv(A))
    U, S, Vh = ft.linalg.svd(A)
    phase = conj(ft.linalg.det(U) * ft.linalg.det(Vh))
    n = S.shape[-1]
    others = ft.where(ft.eye(n, dtype=ft.bool, device=S.device), ft.ones_like(S).unsqueeze(-1),
                      S.unsqueeze(-1).expand(*S.shape, n)).prod(-2)   # prod_{j != i} S_j
    D = (g * phase).unsqueeze(-1) * others.to(U.dtype)
    return (U * D.unsqueeze(-2)) @ Vh


@derivative("linalg_slogdet", save="inputs,outputs")
def slogdet(grads, inputs, outputs, params, metas):
    """g A⁻ᴴ with g = ḡ_logabsdet + i·Im(ḡ_sign · conj(sign)) for complex A (the determinant is
    holomorphic; a real sign has no gradient)."""
    g_sign, g = grads
    A = inputs[0]
    if A.dtype.is_complex and g_sign is not None:
        phase = (g_sign * conj(outputs[0])).imag * 1j
        g = phase if g is None else g + phase
    if g is None:
        return None
    return _unsq2(g) * mH(ft.linalg.inv(A))


@derivative("cholesky_solve", save="inputs,outputs")
def cholesky_solve(grads, inputs, outputs, params, metas):
    """PyTorch's: B gets cholesky_solve(G, L); with S = B̄ Xᴴ + (B̄ Xᴴ)ᴴ the factor gets -S L (lower) or
    -L S (upper)."""
    L, X, upper = inputs[1], outputs[0], params["upper"]
    grad_b = ft.cholesky_solve(grads[0], L, upper)
    common = grad_b @ mH(X)
    common = common + mH(common)
    grad_l = -(L @ common) if upper else -(common @ L)
    return (grad_b if metas[0] is not None else None), (grad_l if metas[1] is not None else None)


@derivative("cholesky_inverse", save="inputs,outputs")
def cholesky_inverse(grads, inputs, outputs, params, metas):
    """PyTorch's: with X the inverse and S = X (G + Gᴴ) X, the factor gets -S L (lower) or -L S (upper)."""
    L, X, g = inputs[0], outputs[0], grads[0]
    common = X @ (g + mH(g)) @ X
    return -(L @ common) if params["upper"] else -(common @ L)


@derivative("linalg_inv", "linalg_inv_ex", save="outputs")
def inv(grads, inputs, outputs, params, metas):
    X = mH(outputs[0])
    return -(X @ grads[0] @ X)


@derivative("linalg_solve", save="inputs,outputs")
def solve(grads, inputs, outputs, params, metas):
    A, B = inputs
    X, g = outputs[0], grads[0]
    left = params.get("left", True) if params else True
    vector = X.ndim == A.ndim - 1
    if not left:
        grad_B = ft.linalg.solve(mH(A), g, left=False)
        grad_A = -(mH(X) @ grad_B)
        return (grad_A if metas[0] is not None else None), (grad_B if metas[1] is not None else None)
    grad_B = ft.linalg.solve(mH(A), g)
    grad_A = None
    if metas[0] is not None:
        grad_A = -(grad_B.unsqueeze(-1) @ mH(X.unsqueeze(-1))) if vector else -(grad_B @ mH(X))
    return grad_A, (grad_B if metas[1] is not None else None)


def _phi(X):
    """Lower triangle with the diagonal halved."""
    return X.tril() - 0.5 * ft.diag_embed(X.diagonal(0, -2, -1))


@derivative("linalg_cholesky", "cholesky", save="outputs")
def cholesky(grads, inputs, outputs, params, metas):
    L, gL = outputs[0], grads[0]
    if params and params.get("upper"):
        L, gL = mH(L), mH(gL)
    L_inv = ft.linalg.inv(L)
    gA = mH(L_inv) @ _phi(mH(L) @ gL) @ L_inv
    return 0.5 * (gA + mH(gA))


@derivative("linalg_eigh", save="outputs")
def eigh(grads, inputs, outputs, params, metas):
    L, V = outputs
    gL, gV = grads
    inner = ft.diag_embed(gL).to(V.dtype) if gL is not None else 0
    if gV is not None:
        VhgV = mH(V) @ gV
        VhgV = 0.5 * (VhgV - mH(VhgV))
        E = L.unsqueeze(-2) - L.unsqueeze(-1)
        E = E + ft.diag_embed(ft.ones_like(L))
        inner = inner + VhgV / E.to(V.dtype)
    return V @ inner @ mH(V)


@derivative("linalg_eig", save="inputs,outputs")
def eig(grads, inputs, outputs, params, metas):
    """PyTorch's: with E_ij = L_j - L_i (1 on the diagonal) and W = VᴴgV,
    gA = V⁻ᴴ (diag(gL) + offdiag((W - VᴴV diag(re diag W)) / conj(E))) Vᴴ, its real part for a real A."""
    A, (L, V), (gL, gV) = inputs[0], outputs, grads
    inner = ft.diag_embed(gL) if gL is not None else 0
    if gV is not None:
        W = mH(V) @ gV
        W = W - mH(V) @ (V * ft.real(W.diagonal(0, -2, -1)).unsqueeze(-2))
        E = L.unsqueeze(-2) - L.unsqueeze(-1) + ft.diag_embed(ft.ones_like(L))
        W = W / E.conj()
        inner = inner + W - ft.diag_embed(W.diagonal(0, -2, -1))
    gA = ft.linalg.solve(mH(V), inner @ mH(V))
    return gA if A.is_complex() else ft.real(gA)


@derivative("linalg_eigvalsh", save="inputs")
def eigvalsh(grads, inputs, outputs, params, metas):
    _, V = ft.linalg.eigh(inputs[0], UPLO=params.get("UPLO", "L") if params else "L")
    return V @ ft.diag_embed(grads[0]).to(V.dtype) @ mH(V)


def svd_grads(U, S, Vh, gU, gS, gVh):
    """The adjoint of the reduced SVD ``A = U diag(S) Vh`` (real case)."""
    k = S.shape[-1]
    U, Vh = U[..., :k], Vh[..., :k, :]
    V = mH(Vh)
    inner = ft.diag_embed(gS).to(U.dtype) if gS is not None else 0   # (real for a complex A's U, Vh)
    S2 = S * S
    F = S2.unsqueeze(-2) - S2.unsqueeze(-1)
    F = F + ft.diag_embed(ft.ones_like(S))
    F = (1 / F) * (1 - ft.diag_embed(ft.ones_like(S)))
    extra = 0
    if gU is not None:
        gU = gU[..., :k]
        UtgU = mH(U) @ gU
        inner = inner + (F * (UtgU - mH(UtgU))) * S.unsqueeze(-2)
        m = U.shape[-2]
        if m > k:
            extra = extra + (_eye_like(m, U) - U @ mH(U)) @ gU / S.unsqueeze(-2) @ Vh
    if gVh is not None:
        gV = mH(gVh[..., :k, :])
        VtgV = mH(V) @ gV
        inner = inner + S.unsqueeze(-1) * (F * (VtgV - mH(VtgV)))
        n = V.shape[-2]
        if n > k:
            extra = extra + U @ (mH(gV) / S.unsqueeze(-1)) @ (_eye_like(n, V) - V @ Vh)
    return U @ inner @ Vh + extra


@derivative("linalg_svd", save="outputs")
def svd(grads, inputs, outputs, params, metas):
    U, S, Vh = outputs
    return svd_grads(U, S, Vh, grads[0], grads[1], grads[2])


@derivative("linalg_svdvals", save="inputs")
def svdvals(grads, inputs, outputs, params, metas):
    U, S, Vh = ft.linalg.svd(inputs[0], full_matrices=False)
    return svd_grads(U, S, Vh, None, grads[0], None)


@derivative("linalg_qr", save="outputs")
def qr(grads, inputs, outputs, params, metas):
    Q, R = outputs
    gQ, gR = grads
    if Q.shape[-2] < R.shape[-1] or (params and params.get("mode") == "complete" and Q.shape[-1] != R.shape[-2]):
        raise NotImplementedError("The derivative of linalg.qr is implemented for reduced QR of tall matrices")
    gQ = gQ if gQ is not None else ft.zeros_like(Q)
    gR = gR if gR is not None else ft.zeros_like(R)
    M = R @ mH(gR) - mH(gQ) @ Q
    lower = M.tril(-1)
    copyltu = lower + mH(lower) + ft.diag_embed(M.diagonal(0, -2, -1))
    B = gQ + Q @ copyltu
    return mH(ft.linalg.solve(R, mH(B)))


@derivative("linalg_pinv", save="inputs,outputs")
def pinv(grads, inputs, outputs, params, metas):
    A, P, g = inputs[0], outputs[0], grads[0]
    m, n = A.shape[-2], A.shape[-1]
    Ph, gh = mH(P), mH(g)
    return (-(Ph @ g @ Ph) + (_eye_like(m, A) - A @ P) @ gh @ P @ Ph
            + Ph @ P @ gh @ (_eye_like(n, A) - P @ A))


@derivative("linalg_lstsq", save="inputs")
def lstsq(grads, inputs, outputs, params, metas):
    """PyTorch's: the solution is pinv(A) B, so A gets pinv's adjoint of G Bᴴ and B gets pinv(A)ᴴ G
    (residuals, rank and singular values are not differentiated, as in PyTorch)."""
    A, B = inputs
    g = grads[0]
    if g is None:
        return None, None
    vector = B.ndim == A.ndim - 1
    if vector:
        g, B = g.unsqueeze(-1), B.unsqueeze(-1)
    P = ft.linalg.pinv(A)
    grad_A = pinv((g @ mH(B),), (A,), (P,), None, metas) if metas[0] is not None else None
    grad_B = None
    if metas[1] is not None:
        grad_B = mH(P) @ g
        grad_B = grad_B.squeeze(-1) if vector else grad_B
    return grad_A, grad_B


@derivative("linalg_matrix_exp", save="inputs")
def matrix_exp(grads, inputs, outputs, params, metas):
    A, g = inputs[0], grads[0]
    n = A.shape[-1]
    top = ft.cat([mH(A), g], dim=-1)
    bottom = ft.cat([ft.zeros_like(A), mH(A)], dim=-1)
    return ft.linalg.matrix_exp(ft.cat([top, bottom], dim=-2))[..., :n, n:]


@derivative("linalg_matrix_power", save="inputs")
def matrix_power(grads, inputs, outputs, params, metas):
    A, g, n = inputs[0], grads[0], params["n"]
    if n < 0:
        raise NotImplementedError("the derivative of matrix_power with a negative exponent is not implemented")
    if n == 0:
        return ft.zeros_like(A)
    Ah = mH(A)
    powers = [None] * n
    powers[0] = _eye_like(A.shape[-1], A) + ft.zeros_like(A)
    for k in range(1, n):
        powers[k] = powers[k - 1] @ Ah
    total = 0
    for k in range(n):
        total = total + powers[k] @ g @ powers[n - 1 - k]
    return total


@derivative("linalg_matrix_norm", save="inputs,outputs")
def matrix_norm(grads, inputs, outputs, params, metas):
    A, norm = inputs[0], outputs[0]
    ord_, dims, keepdim = params.get("ord", "fro"), params["dim"], params.get("keepdim", False)
    g = grads[0]
    if not keepdim:
        for d in sorted(dims):
            g, norm = g.unsqueeze(d), norm.unsqueeze(d)
    if ord_ == "fro":
        return g * A / norm
    if ord_ == "nuc":   # U Vh of the matrices in the dims planes
        U, S, Vh = ft.linalg.svd(A.movedim(dims, (-2, -1)), full_matrices=False)
        return g * (U @ Vh).movedim((-2, -1), dims)
    pick = ft.Tensor.amax if ord_ in (1, 2, float("inf")) else ft.Tensor.amin
    if ord_ in (2, -2):
        # the largest/smallest singular value: U diag(w) Vh, w splitting g evenly among tied values
        U, S, Vh = ft.linalg.svd(A.movedim(dims, (-2, -1)), full_matrices=False)
        chosen = (S == pick(S, -1, True)).to(S.dtype)
        w = g.movedim(dims, (-2, -1)).squeeze(-1) * chosen / chosen.sum(-1, keepdim=True)
        return ((U * w.unsqueeze(-2).to(U.dtype)) @ Vh).movedim((-2, -1), dims)
    # ±1: the largest/smallest column sum of |A|; ±inf: the same for rows
    summed, across = (dims[0], dims[1]) if ord_ in (1, -1) else (dims[1], dims[0])
    sums = A.abs().sum(summed, keepdim=True)
    chosen = (sums == pick(sums, across, True)).to(sums.dtype)
    return g * chosen / chosen.sum(across, keepdim=True) * A.sgn()


@derivative("linalg_vecdot", save="inputs")
def vecdot(grads, inputs, outputs, params, metas):
    x, y = inputs
    g = grads[0].unsqueeze(params["dim"])
    return (g * y if metas[0] is not None else None), (conj(g) * x if metas[1] is not None else None)


def _matrix_norm_name(ord_, keepdim: bool) -> str:
    """The last node of PyTorch's composite matrix_norm: a vector norm for 'fro', a sum (nuclear) or an
    amax/amin (±2 over the singular values, ±1/±inf over column/row sums), the singular-value orders
    ending in a permute when ``keepdim``."""
    if ord_ == "fro":
        return "LinalgVectorNormBackward0"
    if ord_ in ("nuc", 2, -2) and keepdim:
        return "PermuteBackward0"
    if ord_ == "nuc":
        return "SumBackward1"
    return "AmaxBackward0" if ord_ in (1, 2, float("inf")) else "AminBackward0"


# PyTorch computes inv, solve and cholesky through their _ex forms, eigvalsh through eigh, svdvals through
# svd and the Frobenius matrix norm as a vector norm
name_nodes({
    "linalg_inv": "LinalgInvExBackward0", "linalg_inv_ex": "LinalgInvExBackward0",
    "linalg_solve": "LinalgSolveExBackward0", "linalg_cholesky": "LinalgCholeskyExBackward0",
    "linalg_eigvalsh": "LinalgEighBackward0", "linalg_svdvals": "LinalgSvdBackward0",
    "linalg_matrix_norm": lambda node: _matrix_norm_name(node.params["ord"], node.params.get("keepdim", False)),
    "linalg_vecdot": lambda node: "VdotBackward0" if node.params.get("vdot") else "SumBackward1",
})


without_derivative("linalg_ldl_factor_ex", "linalg_ldl_solve")   # (none in PyTorch either)


real_outputs_only("geqrf")

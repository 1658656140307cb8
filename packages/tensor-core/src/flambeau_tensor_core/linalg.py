"""``flambeau.linalg``: PyTorch's linear-algebra namespace — norms, determinants, inverses, solvers,
decompositions, matrix functions — over NumPy's (CPU) or CuPy's (CUDA) LAPACK-backed ``linalg``.

Every function accepts batches (``(*, m, n)``), requires a floating-point or complex input as PyTorch
does, returns PyTorch's named tuples, and raises :class:`LinAlgError` (a ``RuntimeError``) where the
matrix is singular or not positive-definite. Ops report to autograd under PyTorch's names
(``linalg_det``, ``linalg_inv``, ``linalg_solve`` …) with their keyword arguments as ``params``.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module, to_device_array
from ._core import TensorBase
from .linalg_ops import cross_product, matmul
from .reductions import _check_norm_identity, normalize_dims
from .return_types import named_result as _named_result
from .tensor import int_list_argument, normalize_dim


class LinAlgError(RuntimeError):
    """A matrix that is singular or not positive-definite where the op needs it to be (``torch.linalg.LinAlgError``)."""


# Result types: PyTorch's ``torch.return_types.linalg_*`` named tuples.
SlogdetResult = _named_result("linalg_slogdet", ("sign", "logabsdet"))
QRResult = _named_result("linalg_qr", ("Q", "R"))
SVDResult = _named_result("linalg_svd", ("U", "S", "Vh"))
EigResult = _named_result("linalg_eig", ("eigenvalues", "eigenvectors"))
EighResult = _named_result("linalg_eigh", ("eigenvalues", "eigenvectors"))
LstsqResult = _named_result("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))
SolveExResult = _named_result("linalg_solve_ex", ("result", "info"))
InvExResult = _named_result("linalg_inv_ex", ("inverse", "info"))
CholeskyExResult = _named_result("linalg_cholesky_ex", ("L", "info"))


# ---- argument checks and result plumbing ----------------------------------------------------------
def _check_input(op: str, A: Any, *, square: bool = False, min_ndim: int = 2, float_only: bool = True,
                 label: str | None = None, dtype_first: bool = False, half_kernel: str | None = None,
                 half_low_precision: bool = False) -> TensorBase:
    """PyTorch's checks of ``linalg.<op>``'s input in its order: rank, squareness, then floating dtype
    (the dtype first when ``dtype_first``). ``label`` names the op in messages where PyTorch uses another
    name (``linalg.inv`` for ``inv_ex``). float16 has no LAPACK kernel: PyTorch refuses it with the
    dispatch error of ``half_kernel`` or, with ``half_low_precision``, a "Low precision" RuntimeError."""
    if not isinstance(A, TensorBase):
        raise TypeError(f"linalg.{op}(): argument 'A' must be Tensor, not {type(A).__name__}")
    label = label or f"linalg.{op}"
    if dtype_first:
        _check_floating(label, A, float_only)
    if A.dim() < min_ndim:
        raise RuntimeError(f"{label}: The input tensor A must have at least {min_ndim} dimensions.")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{label}: A must be batches of square matrices, but they are {A.shape[-2]} by "
                           f"{A.shape[-1]} matrices")
    if not dtype_first:
        _check_floating(label, A, float_only)
    if A.dtype is _core.float16:
        if half_low_precision:
            raise RuntimeError(f"{label}: Low precision dtypes not supported. Got Half")
        if half_kernel is not None:
            raise NotImplementedError(f"\"{half_kernel}\" not implemented for 'Half'")
    return A


def _check_floating(label: str, A: TensorBase, float_only: bool) -> None:
    if float_only and not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError(f"{label}: Expected a floating point or complex tensor as input. "
                           f"Got {_core.type_name(A.dtype)}")


def _xp(t: TensorBase):
    return array_module(t.device)


def _wrap(array, like: TensorBase, dtype: _core.dtype | None = None) -> TensorBase:
    xp = _xp(like)
    array = xp.asarray(array)
    dtype = _core.dtype_from_numpy(array.dtype) if dtype is None else dtype
    return _core.wrap(array.astype(dtype.numpy_dtype, copy=False), dtype, like.device)


def _recorded(name: str, inputs: tuple, params: dict | None, outputs: tuple, out=None):
    """Report ``outputs`` to autograd; return them (one tensor, or the tuple), written to ``out`` if given."""
    _core.record(name, inputs, params, tuple(o for o in outputs if isinstance(o, TensorBase)))
    if out is None:
        return outputs
    if len(outputs) > 1:
        return type(outputs)(*_core.copy_into_outs(tuple(outputs), out, name))
    return _core.copy_into_out(outputs[0], out, name)


def _single(name: str, inputs: tuple, params: dict | None, result: TensorBase, out=None) -> TensorBase:
    recorded = _recorded(name, inputs, params, (result,), out)
    return recorded[0] if isinstance(recorded, tuple) else recorded


def _lapack(op: str, call, singular_message: str):
    """Run a NumPy/CuPy linalg call, turning its LinAlgError into ours with PyTorch's message."""
    try:
        return call()
    except Exception as error:
        if type(error).__name__ == "LinAlgError":
            raise LinAlgError(f"linalg.{op}: {singular_message}") from None
        raise


def _svd(xp, a, **options):
    """``xp.linalg.svd`` with PyTorch's outcomes for non-finite input: a NaN is its LinAlgError (naming
    the first such matrix of a batch); a matrix with an infinity gets NaN singular values (and zero
    singular vectors, where LAPACK leaves PyTorch arbitrary ones: its pinv of such a matrix is zero)."""
    if not a.size:
        return xp.linalg.svd(a, **options)
    per_matrix = (-2, -1)
    with_nan = xp.isnan(a).any(axis=per_matrix)
    if bool(with_nan.any()):
        where = ""
        if a.ndim > 2:
            where = f"(Batch element {int(xp.flatnonzero(with_nan.reshape(-1))[0])}): "
        raise LinAlgError(f"linalg.svd: {where}The algorithm failed to converge because the input matrix contained "
                          "non-finite values.")
    infinite = ~xp.isfinite(a).all(axis=per_matrix)
    if not bool(infinite.any()):
        return xp.linalg.svd(a, **options)
    results = xp.linalg.svd(xp.where(infinite[..., None, None], 0, a), **options)
    if not isinstance(results, tuple):
        results[infinite] = xp.nan
        return results
    left, values, right = results
    left[infinite], values[infinite], right[infinite] = 0, xp.nan, 0
    return left, values, right


def _real_dtype(t: TensorBase) -> _core.dtype:
    return t.dtype.to_real()


# ---- norms ------------------------------------------------------------------------------------------
def _norm_dtype(op: str, x: TensorBase, dtype: Any) -> _core.dtype:
    """``dtype=`` of a norm: floating, of the input's kind (real or complex), no narrower (PyTorch's checks)."""
    dtype = _core.check_dtype(dtype)
    name = _core.type_name(dtype)
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"linalg.{op}: dtype should be floating point or complex, but got {name}")
    if x.dtype.is_complex and not dtype.is_complex:
        raise RuntimeError(f"linalg.{op}: dtype should be complex for complex inputs, but got {name}")
    if dtype.is_complex and not x.dtype.is_complex:
        raise RuntimeError(f"linalg.{op}: dtype should be real for real inputs, but got {name}")
    if _core.promote_types(x.dtype, dtype) is not dtype:
        raise RuntimeError(f"linalg.{op}: the dtype of the input ({_core.type_name(x.dtype)}) should be convertible "
                           f"without narrowing to the specified dtype ({name})")
    return dtype


def vector_norm(x, ord: float = 2, dim: Any = None, keepdim: bool = False, *, dtype=None, out=None):
    """``(sum |x|^ord)^(1/ord)`` over ``dim`` (all elements by default); ``inf``/``-inf`` give max/min
    of ``|x|``, ``0`` counts non-zeros."""
    _check_input("vector_norm", x, min_ndim=0)
    axes = normalize_dims(dim, x.dim(), "linalg_vector_norm")   # None (all) for None and (); no repeats
    if ord < 0 or ord == math.inf:   # a min or max over no elements has no value (PyTorch's error, first)
        _check_norm_identity(x, float(ord), None if axes is None else (dim,) if isinstance(dim, int) else tuple(dim))
    if dtype is not None:
        x = x.to(_norm_dtype("vector_norm", x, dtype))
    xp = _xp(x)
    if isinstance(out, TensorBase) and out.dtype is not _real_dtype(x):
        words = [_core.cpp_type_name(t) for t in (_real_dtype(x), out.dtype)]
        raise RuntimeError(f"Expected out tensor to have dtype {words[0]}, but got {words[1]} instead")
    axis = axes if x.dim() else None     # a 0-d tensor accepts dim 0 / -1 but NumPy has no axis there
    magnitude = xp.abs(x._data)
    if ord == math.inf:
        array = magnitude.max(axis=axis, keepdims=keepdim)
    elif ord == -math.inf:
        array = magnitude.min(axis=axis, keepdims=keepdim)
    elif ord == 0:
        array = (magnitude != 0).sum(axis=axis, keepdims=keepdim)
    elif ord == 1:
        array = magnitude.sum(axis=axis, keepdims=keepdim)
    elif ord == 2:
        array = xp.sqrt((magnitude * magnitude).sum(axis=axis, keepdims=keepdim))
    else:
        array = (magnitude ** ord).sum(axis=axis, keepdims=keepdim) ** (1.0 / ord)
    result = _wrap(array, x, _real_dtype(x))
    return _single("linalg_vector_norm", (x,), {"ord": ord, "dim": axes, "keepdim": keepdim}, result, out)


_MATRIX_ORDS = ("fro", "nuc", math.inf, -math.inf, 1, -1, 2, -2)


def matrix_norm(A, ord: Any = "fro", dim: tuple[int, int] = (-2, -1), keepdim: bool = False, *, dtype=None,
                out=None):
    """Frobenius, nuclear, 1/inf (max column/row sum), 2 (largest singular value) norms and their negatives
    (smallest) of the matrices in the ``dim`` planes."""
    _check_input("matrix_norm", A)
    if ord not in _MATRIX_ORDS:
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if ord in (2, -2, "nuc") and A.dtype is _core.float16:     # these go through the SVD: refused first
        raise RuntimeError("linalg.matrix_norm: Low precision dtypes not supported. Got Half")
    dims = int_list_argument(dim, "linalg_matrix_norm", "dim", single=False)
    if len(dims) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dims))}")
    axes = tuple(normalize_dim(d, A.dim()) for d in dims)
    if axes[0] == axes[1]:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({axes[0]}, {axes[1]})")
    if dtype is not None:
        A = A.to(_norm_dtype("matrix_norm", A, dtype))
    if ord in (2, -2, "nuc") and A.dtype is _core.float16:     # these go through the SVD
        raise RuntimeError("linalg.matrix_norm: Low precision dtypes not supported. Got Half")
    _check_norm_out("linalg.matrix_norm", out, _real_dtype(A))
    xp = _xp(A)
    if ord in (2, -2, "nuc"):   # through the SVD, with its outcomes for non-finite matrices
        moved = xp.moveaxis(A._data, axes, (-2, -1))
        s = _svd(xp, moved, compute_uv=False)
        array = s.sum(-1) if ord == "nuc" else s.max(-1) if ord == 2 else s.min(-1)
        if keepdim:
            array = xp.expand_dims(array, tuple(sorted(axes)))
    else:
        array = xp.linalg.norm(A._data, ord=ord, axis=axes, keepdims=keepdim)
    result = _wrap(array, A, _real_dtype(A))
    return _single("linalg_matrix_norm", (A,), {"ord": ord, "dim": axes, "keepdim": keepdim}, result, out)


def _check_norm_out(label: str, out: Any, expected: _core.dtype) -> None:
    """PyTorch's matrix/linalg norms refuse an ``out=`` of another dtype than the result's."""
    if isinstance(out, TensorBase) and out.dtype is not expected:
        raise RuntimeError(f"{label} expected out tensor dtype {_core.type_name(expected)} but got: "
                           f"{_core.type_name(out.dtype)}")


def norm(A, ord: Any = None, dim: Any = None, keepdim: bool = False, *, dtype=None, out=None):
    """``vector_norm`` or ``matrix_norm`` as PyTorch's ``linalg.norm`` chooses: by ``dim`` (an int or a
    pair), else by the input's rank when ``ord`` is given, else the 2-norm of all elements."""
    _check_input("norm", A, min_ndim=0, float_only=False)
    dims = None if dim is None else int_list_argument(dim, "linalg_norm", "dim")
    if dims is not None:
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dims)}")
        matrix = len(dims) == 2 or isinstance(ord, str)   # a string order is always a matrix norm
    elif ord is None:
        matrix = False
    elif A.dim() in (1, 2):
        matrix = A.dim() == 2 or isinstance(ord, str)
        dims = (-2, -1) if A.dim() == 2 else (0,)
    else:
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                           f"Got {A.dim()}D.")
    if ord is None:
        ord = "fro" if matrix else 2
    # the chosen norm's input and dtype checks, then out='s dtype, as PyTorch orders them
    op = "matrix_norm" if matrix else "vector_norm"
    if matrix and A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    _check_input(op, A, min_ndim=0)
    result = A.dtype if dtype is None else _norm_dtype(op, A, dtype)
    _check_norm_out("linalg.norm", out, result.to_real())
    if matrix:
        return matrix_norm(A, ord, dims, keepdim, dtype=dtype, out=out)
    return vector_norm(A, ord, dims, keepdim, dtype=dtype, out=out)


# ---- determinants, inverses, solvers --------------------------------------------------------------------
def det(A, *, out=None):
    _check_input("det", A, square=True, half_kernel="lu_cpu")
    return _single("linalg_det", (A,), None, _wrap(_xp(A).linalg.det(A._data), A, A.dtype), out)


def slogdet(A, *, out=None):
    """``(sign, log|det|)``; the sign is 0 and the log −inf for singular matrices."""
    _check_input("slogdet", A, square=True, half_low_precision=True)
    sign, logabsdet = _xp(A).linalg.slogdet(A._data)
    outputs = SlogdetResult(_wrap(sign, A, A.dtype), _wrap(logabsdet, A, _real_dtype(A)))
    return _recorded("linalg_slogdet", (A,), None, outputs, out)


def _singular_if(A: TensorBase, op: str, message: str) -> None:
    """LAPACK does not always fail on an exactly singular matrix; PyTorch does, so check the pivots."""
    xp = _xp(A)
    if A.numel() and bool((xp.linalg.det(A._data) == 0).any()):
        raise LinAlgError(f"{op}: {message}")


def _inv_singular(A: TensorBase) -> None:
    """PyTorch's error for a singular matrix given to ``inv``: the first failing matrix of a batch and
    its first zero pivot of LU (LAPACK's ``info``)."""
    xp = _xp(A)
    if not A.numel() or not bool((xp.linalg.det(A._data) == 0).any()):
        return
    info = lu_factor_ex(A).info._host_array().reshape(-1)
    batch = int(np.argmax(info > 0))
    where = f"(Batch element {batch}): " if A.dim() > 2 else ""
    raise LinAlgError(f"linalg.inv: {where}The diagonal element {int(info[batch])} is zero, the inversion could not "
                      "be completed because the input matrix is singular.")


def inv(A, *, out=None):
    _check_input("inv", A, square=True, half_low_precision=True)
    message = "The diagonal element is zero, the inversion could not be completed because the input matrix is singular."
    _inv_singular(A)
    array = _lapack("inv", lambda: _xp(A).linalg.inv(A._data), message)
    return _single("linalg_inv", (A,), None, _wrap(array, A, A.dtype), out)


def inv_ex(A, *, check_errors: bool = False, out=None):
    """``inv`` that reports singularity in ``info`` (non-zero) instead of raising, unless ``check_errors``."""
    _check_input("inv_ex", A, square=True, label="linalg.inv", half_low_precision=True)
    xp = _xp(A)
    singular = xp.linalg.det(A._data) == 0 if A.numel() else xp.zeros(A.shape[:-2], dtype=bool)
    if check_errors and bool(singular.any()):
        raise LinAlgError("linalg.inv_ex: The input matrix is singular.")
    # singular members are inverted as identities: their result is unspecified, as in PyTorch
    identity = xp.eye(A.shape[-1], dtype=A._data.dtype)
    array = xp.linalg.inv(xp.where(singular[..., None, None], identity, A._data))
    info = _wrap(singular.astype(np.int32), A, _core.int32)
    return _recorded("linalg_inv_ex", (A,), None, InvExResult(_wrap(array, A, A.dtype), info), out)


def _same_dtype(op: str, *tensors: TensorBase) -> None:
    for t in tensors[1:]:
        _core.check_same_device(tensors[0], t)
        if t.dtype is not tensors[0].dtype:
            raise RuntimeError(f"linalg.{op}: Expected A and B to have the same dtype, but found A of type "
                               f"{_core.type_name(tensors[0].dtype)} and B of type {_core.type_name(t.dtype)} instead.")


def _is_vector_rhs(A: TensorBase, B: TensorBase) -> bool:
    """PyTorch treats B as a (batch of) vector(s) when it is 1-D or has exactly A's batch shape + n."""
    return B.dim() == 1 or (B.dim() == A.dim() - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left: bool = True, out=None):
    """The solution ``X`` of ``A X = B`` (``X A = B`` when ``left=False``), broadcasting batches."""
    _check_input("solve", A, square=True, dtype_first=True, half_kernel="lu_cpu")
    if not isinstance(B, TensorBase):
        raise TypeError(f"linalg.solve(): argument 'B' must be Tensor, not {type(B).__name__}")
    _same_dtype("solve", A, B)
    xp = _xp(A)
    a, b = A._data, B._data
    vector = _is_vector_rhs(A, B)
    if vector and not left:
        raise RuntimeError(f"linalg.solve: Vector broadcasting of the left hand side is not supported for left=False. "
                           f"In this case linalg.solve is equivalent to B / A.squeeze(-1) (A {list(A.shape)}, "
                           f"B {list(B.shape)})")
    if not left:
        a = xp.swapaxes(a, -1, -2)
        b = b if vector else xp.swapaxes(b, -1, -2)
    if vector:
        b = b[..., None]
    if b.shape[-2] != a.shape[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({A.shape[-2]}x{A.shape[-1]} and "
                           f"{f'{B.shape[-1]}x1' if vector else 'x'.join(map(str, B.shape[-2:]))})")
    _singular_if(A, "torch.linalg.solve", "The solver failed because the input matrix is singular.")
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = xp.broadcast_to(a, batch + a.shape[-2:])
    b = xp.broadcast_to(b, batch + b.shape[-2:])
    x = _lapack("solve", lambda: xp.linalg.solve(a, b), "The solver failed because the input matrix is singular.")
    if vector:
        x = x[..., 0]
    elif not left:
        x = xp.swapaxes(x, -1, -2)
    return _single("linalg_solve", (A, B), {"left": left}, _wrap(xp.ascontiguousarray(x), A, A.dtype), out)


def _spectrum(xp, a, hermitian: bool):
    """The singular values of ``a`` — for ``hermitian`` ones the eigenvalues' magnitudes, read from the
    lower triangle only, as PyTorch's ``hermitian=True`` paths do."""
    if hermitian:
        return xp.abs(xp.linalg.eigvalsh(a, UPLO="L"))
    return _svd(xp, a, compute_uv=False)


def _pinv_array(xp, a, atol, rtol, hermitian: bool):
    """The pseudo-inverse of ``a`` and the magnitudes it kept or dropped: from the SVD, or for
    ``hermitian`` inputs from ``eigh`` of the lower triangle (``V diag(1/λ) Vᴴ``)."""
    if hermitian:
        values, vectors = xp.linalg.eigh(a, UPLO="L")
        s, left, right = xp.abs(values), vectors, vectors
    else:
        left, s, vh = _svd(xp, a, full_matrices=False)
        right = xp.conj(xp.swapaxes(vh, -1, -2))
    largest = s.max(axis=-1, keepdims=True) if s.shape[-1] else xp.zeros(s.shape[:-1] + (1,), s.dtype)
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else np.finfo(s.dtype).eps * max(a.shape[-2:])
    cutoff = xp.maximum(atol or 0.0, rtol * largest)
    keep = s > cutoff
    inverse = values if hermitian else s
    s_inverse = xp.where(keep, 1 / xp.where(keep, inverse, 1), 0).astype(s.dtype)
    return xp.matmul(right * s_inverse[..., None, :], xp.conj(xp.swapaxes(left, -1, -2))), s


def pinv(A, *, atol: float | None = None, rtol: float | None = None, hermitian: bool = False, out=None):
    """Moore–Penrose pseudo-inverse from the SVD, dropping singular values ≤ ``max(atol, rtol * σ_max)``."""
    if isinstance(A, TensorBase) and (A.dim() < 2 or A.dtype not in _LAPACK_DTYPES):
        raise RuntimeError(f"linalg.pinv({_core.type_name(A.dtype)}{{{list(A.shape)}}}): expected a tensor with 2 or "
                           "more dimensions of float, double, cfloat or cdouble types")
    _check_input("pinv", A)
    array, _ = _pinv_array(_xp(A), A._data, atol, rtol, hermitian)
    return _single("linalg_pinv", (A,), {"atol": atol, "rtol": rtol, "hermitian": hermitian},
                   _wrap(array, A, A.dtype), out)


def _rank_array(xp, singular_values, shape, atol, rtol):
    largest = singular_values.max(axis=-1) if singular_values.shape[-1] else xp.zeros(singular_values.shape[:-1])
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else np.finfo(singular_values.dtype).eps * max(shape[-2:])
    cutoff = xp.maximum(atol or 0.0, rtol * largest)
    return (singular_values > cutoff[..., None]).sum(axis=-1)


def matrix_rank(A, *, atol: float | None = None, rtol: float | None = None, hermitian: bool = False, out=None):
    """The number of singular values above ``max(atol, rtol * σ_max)`` (default ``rtol = eps·max(m, n)``)."""
    if isinstance(A, TensorBase) and A.dim() < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    _check_svd_based_dtype(A)
    _check_input("matrix_rank", A)
    xp = _xp(A)
    singular_values = _spectrum(xp, A._data, hermitian)
    result = _wrap(_rank_array(xp, singular_values, A.shape, atol, rtol), A, _core.int64)
    return result if out is None else _core.copy_into_out(result, out, "linalg_matrix_rank")


_LSTSQ_DRIVERS = (None, "gels", "gelsy", "gelsd", "gelss")
_LAPACK_DTYPES = frozenset({_core.float32, _core.float64, _core.complex64, _core.complex128})


def _check_svd_based_dtype(A: TensorBase) -> None:
    """matrix_rank and lstsq refuse other dtypes (integers, float16) with this sentence in PyTorch."""
    if A.dtype not in _LAPACK_DTYPES:
        raise RuntimeError("This function doesn't handle types other than float and double")


def lstsq(A, B, rcond: float | None = None, *, driver: str | None = None):
    """Least-squares solutions of ``A X ≈ B`` with PyTorch's outputs per driver: ``rank`` (except
    ``gels``), ``residuals`` when m > n and A has full rank (not for ``gelsy``, the default), and
    ``singular_values`` for ``gelsd``/``gelss``."""
    if isinstance(A, TensorBase):
        if A.dim() < 2:
            raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
        _check_svd_based_dtype(A)
    _check_input("lstsq", A)
    if not isinstance(B, TensorBase):
        raise TypeError(f"linalg.lstsq(): argument 'B' must be Tensor, not {type(B).__name__}")
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    _same_dtype("lstsq", A, B)
    xp = _xp(A)
    a, b = A._data, B._data
    vector = B.dim() == A.dim() - 1
    if vector:
        b = b[..., None]
    if a.shape[-2] != b.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    m, n = a.shape[-2:]
    pseudo_inverse, singular_values = _pinv_array(xp, a, None, rcond, False)
    x = xp.matmul(pseudo_inverse, b)
    rank = _rank_array(xp, singular_values, a.shape, None, rcond)
    empty = xp.zeros((0,), dtype=singular_values.dtype)
    residuals = empty
    if m > n and driver != "gelsy" and driver is not None and bool((rank == n).all()):
        residual = xp.matmul(a, x) - b
        residuals = (xp.abs(residual) ** 2).sum(axis=-2)     # PyTorch keeps k = 1 for a vector B
    if vector:
        x = x[..., 0]
    real = _real_dtype(A)
    outputs = LstsqResult(_wrap(xp.ascontiguousarray(x), A, A.dtype), _wrap(residuals, A, real),
                          _wrap(rank if driver != "gels" else xp.zeros((0,), np.int64), A, _core.int64),
                          _wrap(singular_values if driver in ("gelsd", "gelss") else empty, A, real))
    return _recorded("linalg_lstsq", (A, B), {"rcond": rcond, "driver": driver}, outputs)


# ---- decompositions -----------------------------------------------------------------------------------
_NOT_POSITIVE_DEFINITE = "The factorization could not be completed because the input is not positive-definite."


def _partial_cholesky(a: np.ndarray) -> int:
    """The unblocked left-looking Cholesky (LAPACK's ``potf2``, lower) in place on one matrix: 0, or the
    order of the first leading minor that is not positive-definite. On failure ``a`` is what LAPACK
    leaves and PyTorch's ``cholesky_ex`` returns: the finished columns, the failing pivot's value
    unsquare-rooted, the rest of ``A`` untouched."""
    for j in range(a.shape[0]):
        row = a[j, :j]
        pivot = (a[j, j] - np.vdot(row, row)).real
        if not pivot > 0:          # NaN too
            a[j, j] = pivot
            return j + 1
        a[j, j] = np.sqrt(pivot)
        a[j + 1:, j] = (a[j + 1:, j] - a[j + 1:, :j] @ row.conj()) / a[j, j]
    return 0


def _host(array) -> np.ndarray:
    return array if isinstance(array, np.ndarray) else array.get()


def _cholesky_lower(A: TensorBase):
    """The lower factor of every matrix of ``A`` and LAPACK's ``info`` per matrix (int32): where a matrix
    is not positive-definite, the partial factor LAPACK leaves, as PyTorch returns it."""
    xp = _xp(A)
    try:
        lower = xp.linalg.cholesky(A._data)
        if not A.numel() or bool(xp.isfinite(lower).all()):     # CuPy signals failure with NaNs
            return lower, xp.zeros(A.shape[:-2], dtype=np.int32)
    except Exception as error:
        if type(error).__name__ != "LinAlgError":
            raise
    host = _host(A._data).reshape(-1, *A.shape[-2:])
    lowers = np.empty_like(host)
    infos = np.zeros(host.shape[0], dtype=np.int32)
    for i, matrix in enumerate(host):
        work = matrix.copy()
        infos[i] = _partial_cholesky(work)
        lowers[i] = np.tril(work)
    return (to_device_array(lowers.reshape(A.shape), A.device),
            to_device_array(infos.reshape(A.shape[:-2]), A.device))


def _not_positive_definite(op: str, info: Any) -> LinAlgError | None:
    """PyTorch's error for the first matrix whose ``info`` is non-zero (None if all factored)."""
    info = _host(info)
    failed = np.flatnonzero(info)
    if not failed.size:
        return None
    where = f"(Batch element {failed[0]}): " if info.ndim else ""
    return LinAlgError(f"{op}: {where}{_NOT_POSITIVE_DEFINITE[:-1]} (the leading minor of order "
                       f"{info.reshape(-1)[failed[0]]} is not positive-definite).")


def _triangular_factor(A: TensorBase, lower, upper: bool) -> TensorBase:
    xp = _xp(A)
    array = xp.conj(xp.swapaxes(lower, -1, -2)) if upper else lower
    return _wrap(xp.ascontiguousarray(array), A, A.dtype)


def cholesky(A, *, upper: bool = False, out=None):
    """The triangular ``L`` with ``A = L Lᴴ`` (``U`` with ``A = Uᴴ U`` when ``upper``)."""
    return _cholesky_as("linalg.cholesky", A, upper, out)


def _cholesky_as(label: str, A, upper: bool, out):
    """``cholesky`` under PyTorch's name ``label``: ``linalg.cholesky`` (node LinalgCholeskyExBackward0) or
    the older top-level ``cholesky`` (its messages start with ``cholesky:``, its node CholeskyBackward0,
    and only floating/complex float32/64 inputs reach the kernel); the checks in PyTorch's order."""
    if not isinstance(A, TensorBase):
        raise TypeError(f"{label}(): argument '{'A' if label.startswith('linalg') else 'input'}' (position 1) "
                        f"must be Tensor, not {type(A).__name__}")
    if type(upper) is not bool:
        raise TypeError(f"{label.split('.')[-1]}(): argument 'upper' must be bool, not {type(upper).__name__}")
    if A.dim() < 2:
        raise RuntimeError(f"{label}: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{label}: A must be batches of square matrices, but they are {A.shape[-2]} by "
                           f"{A.shape[-1]} matrices")
    if label.startswith("linalg") and not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError(f"{label}: Expected a floating point or complex tensor as input. "
                           f"Got {_core.type_name(A.dtype)}")
    if A.dtype not in (_core.float32, _core.float64, _core.complex64, _core.complex128):
        raise NotImplementedError(f"\"cholesky_cpu\" not implemented for '{_core.type_name(A.dtype)}'")
    lower, info = _cholesky_lower(A)
    error = _not_positive_definite(label, info)
    if error is not None:
        raise error
    return _single(label.replace(".", "_"), (A,), {"upper": upper}, _triangular_factor(A, lower, upper), out)


def cholesky_ex(A, *, upper: bool = False, check_errors: bool = False, out=None):
    """``cholesky`` reporting failure in ``info`` instead of raising (unless ``check_errors``): per
    matrix, 0 or the order of the first leading minor that is not positive-definite, with ``L`` the
    partial factor LAPACK leaves there (as PyTorch)."""
    _check_input("cholesky_ex", A, square=True, label="linalg.cholesky", half_kernel="cholesky_cpu")
    lower, info = _cholesky_lower(A)
    error = _not_positive_definite("linalg.cholesky_ex", info) if check_errors else None
    if error is not None:
        raise error
    outputs = CholeskyExResult(_triangular_factor(A, lower, upper), _wrap(info, A, _core.int32))
    _core.record("linalg_cholesky", (A,), {"upper": upper}, outputs[:1])
    if out is None:
        return outputs
    return CholeskyExResult(*_core.copy_into_outs(tuple(outputs), out, "linalg_cholesky_ex"))


def qr(A, mode: str = "reduced", *, out=None):
    """``A = Q R`` with orthonormal ``Q``; ``mode`` "reduced", "complete" or "r" (``Q`` empty)."""
    _check_input("qr", A, half_kernel="geqrf_cpu")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or "
                           "'complete'")
    xp = _xp(A)
    if mode == "r":
        q, r = xp.zeros((0,), dtype=A._data.dtype), xp.linalg.qr(A._data, mode="r")
    else:
        q, r = xp.linalg.qr(A._data, mode=mode)
    outputs = QRResult(_wrap(q, A, A.dtype), _wrap(r, A, A.dtype))
    return _recorded("linalg_qr", (A,), {"mode": mode}, outputs, out)


_SVD_DRIVERS = ("gesvd", "gesvdj", "gesvda")


def _check_svd_driver(A: TensorBase, driver: str | None) -> None:
    """``driver=`` picks a cuSOLVER routine: PyTorch refuses it for CPU inputs and unknown names on CUDA
    (where CuPy's one SVD serves every name)."""
    if driver is None:
        return
    if not isinstance(driver, str):
        raise TypeError(f"linalg_svd(): argument 'driver' must be str, not {type(driver).__name__}")
    if A.device.type != "cuda":
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")
    if driver not in _SVD_DRIVERS:
        raise RuntimeError(f"torch.linalg.svd: unknown driver {driver!r}, expected one of {', '.join(_SVD_DRIVERS)}")


def svd(A, full_matrices: bool = True, *, driver: str | None = None, out=None):
    """``A = U diag(S) Vh`` with singular values ``S`` in descending order."""
    _check_input("svd", A, half_kernel="linalg_svd_cpu")
    _check_svd_driver(A, driver)
    u, s, vh = _svd(_xp(A), A._data, full_matrices=full_matrices)
    outputs = SVDResult(_wrap(u, A, A.dtype), _wrap(s, A, _real_dtype(A)), _wrap(vh, A, A.dtype))
    return _recorded("linalg_svd", (A,), {"full_matrices": full_matrices}, outputs, out)


def svdvals(A, *, driver: str | None = None, out=None):
    _check_input("svdvals", A, label="linalg.svd", half_kernel="linalg_svd_cpu")
    _check_svd_driver(A, driver)
    s = _svd(_xp(A), A._data, compute_uv=False)
    return _single("linalg_svdvals", (A,), None, _wrap(s, A, _real_dtype(A)), out)


def eig(A, *, out=None):
    """Eigenvalues and eigenvectors of general square matrices, always complex (as in PyTorch). CUDA
    inputs are decomposed on the host, as PyTorch's CUDA ``eig`` does (cuSOLVER/CuPy have no general
    eigensolver), and the results are put back on the input's device."""
    _check_eig_input("eig", A)
    values, vectors = np.linalg.eig(to_device_array(A._data, _core.CPU))
    complex_dtype = A.dtype.to_complex()
    outputs = EigResult(_wrap(values, A, complex_dtype), _wrap(vectors, A, complex_dtype))
    return _recorded("linalg_eig", (A,), None, outputs, out)


def _check_eig_input(op: str, A: Any) -> None:
    """PyTorch picks eig's complex result dtype before any other check, so integers fail first."""
    if isinstance(A, TensorBase) and not (A.dtype.is_floating_point or A.dtype.is_complex):
        raise RuntimeError(f"Unknown Complex ScalarType for {_core.type_name(A.dtype)}")
    _check_input(op, A, square=True, half_kernel="linalg_eig_out_cpu")


def eigvals(A, *, out=None):
    _check_eig_input("eigvals", A)
    values = eig(A).eigenvalues
    return values if out is None else _core.copy_into_out(values, out, "linalg_eigvals")


def _check_uplo(UPLO: str) -> None:
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")


def _check_hermitian_input(op: str, A: Any) -> None:
    _check_input(op, A, square=True, float_only=False)
    if A.dtype not in _LAPACK_DTYPES:
        raise NotImplementedError(f"\"linalg_{op}_cpu\" not implemented for '{_core.type_name(A.dtype)}'")


def eigh(A, UPLO: str = "L", *, out=None):
    """Ascending eigenvalues (real) and orthonormal eigenvectors of Hermitian matrices, reading the
    ``UPLO`` triangle."""
    _check_hermitian_input("eigh", A)
    _check_uplo(UPLO)
    values, vectors = _xp(A).linalg.eigh(A._data, UPLO=UPLO)
    outputs = EighResult(_wrap(values, A, _real_dtype(A)), _wrap(vectors, A, A.dtype))
    return _recorded("linalg_eigh", (A,), {"UPLO": UPLO}, outputs, out)


def eigvalsh(A, UPLO: str = "L", *, out=None):
    _check_hermitian_input("eigh", A)
    _check_uplo(UPLO)
    values = _xp(A).linalg.eigvalsh(A._data, UPLO=UPLO)
    return _single("linalg_eigvalsh", (A,), {"UPLO": UPLO}, _wrap(values, A, _real_dtype(A)), out)


# ---- matrix functions and products ----------------------------------------------------------------
def matrix_power(A, n: int, *, out=None):
    """``A`` multiplied by itself ``n`` times (the identity for 0, powers of the inverse for n < 0)."""
    _check_input("matrix_power", A, square=True, float_only=False)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"matrix_power(): argument 'n' must be int, not {type(n).__name__}")
    if n < 0:
        A = inv(A)
        n = -n
    elif n > 1 and A.dtype is _core.bool_:
        raise NotImplementedError("\"addmm_impl_cpu_\" not implemented for 'Bool'")
    xp = _xp(A)
    array = xp.linalg.matrix_power(A._data, int(n)) if A.numel() else A._data.copy()
    return _single("linalg_matrix_power", (A,), {"n": n}, _wrap(array, A, A.dtype), out)


# Padé(13) coefficients and the 1-norm bound below which it is accurate (Higham, 2005)
_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
           10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def _matrix_exp_array(xp, a):
    """Scaling and squaring with a Padé(13) approximant: every matrix of the batch is scaled by one power
    of two chosen from the largest 1-norm, so the batch shares a single sequence of products."""
    one_norm = xp.abs(a).sum(axis=-2).max() if a.size else 0.0
    squarings = max(0, int(math.ceil(math.log2(float(one_norm) / _THETA13)))) if one_norm > _THETA13 else 0
    a = a / (2.0 ** squarings)
    identity = xp.broadcast_to(xp.eye(a.shape[-1], dtype=a.dtype), a.shape)
    a2 = xp.matmul(a, a)
    a4 = xp.matmul(a2, a2)
    a6 = xp.matmul(a4, a2)
    b = _PADE13
    u = xp.matmul(a, xp.matmul(a6, b[13] * a6 + b[11] * a4 + b[9] * a2)
                  + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * identity)
    v = xp.matmul(a6, b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * identity
    result = xp.linalg.solve(v - u, v + u)
    for _ in range(squarings):
        result = xp.matmul(result, result)
    return result


def matrix_exp(A):
    """The matrix exponential ``Σ Aᵏ/k!`` of square matrices."""
    _check_input("matrix_exp", A, square=True)
    data = A._data.astype(np.float32) if A.dtype is _core.float16 else A._data   # LAPACK has no float16
    array = _matrix_exp_array(_xp(A), data) if A.numel() else A._data.copy()
    return _single("linalg_matrix_exp", (A,), None, _wrap(array, A, A.dtype))


def cross(input, other, *, dim: int = -1, out=None):
    """Cross product of 3-vectors along ``dim`` (default the last), broadcasting the other dims."""
    return cross_product("linalg.cross", input, other, dim, out)


def vecdot(x, y, *, dim: int = -1, out=None):
    """``sum(conj(x) * y)`` along ``dim``, broadcasting the rest."""
    for name, value in (("x", x), ("y", y)):
        if not isinstance(value, TensorBase):
            raise TypeError(f"linalg.vecdot(): argument '{name}' must be Tensor, not {type(value).__name__}")
    _core.check_same_device(x, y)
    _check_floating("linalg.vecdot", x, True)
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{_core.type_name(x.dtype)} and y of type {_core.type_name(y.dtype)} instead")
    if x.dim() == y.dim() == 1 and x.shape != y.shape:   # PyTorch's vdot, and its message
        n, m = x.shape[0], y.shape[0]
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to have the same number "
                           f"of elements, but got {n} and {m} elements respectively")
    from .shape import size_mismatch
    message = size_mismatch(tuple(x.shape), tuple(y.shape))   # the operands broadcast, the summed dim too
    if message:
        raise RuntimeError(message)
    xp = _xp(x)
    a, b = xp.broadcast_arrays(x._data, y._data)
    axis = normalize_dim(dim, a.ndim)
    array = (xp.conj(a) * b).sum(axis=axis)
    # PyTorch takes two vectors through vdot (VdotBackward0), anything else through a sum (SumBackward1)
    return _single("linalg_vecdot", (x, y), {"dim": axis, "vdot": x.dim() == 1 and y.dim() == 1},
                   _wrap(array, x, x.dtype), out)


def multi_dot(tensors: Sequence[TensorBase], *, out=None):
    """The product of a chain of matrices (the first may be a row vector, the last a column vector),
    multiplied in the order that needs the fewest scalar multiplications."""
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    for i, t in enumerate(tensors):
        if not isinstance(t, TensorBase):
            raise TypeError(f"multi_dot(): expected Tensor as element {i}, but got {type(t).__name__}")
    # PyTorch's order: the end tensors' ranks, the middle ones', then dtype and shape pair by pair
    for t, which in ((tensors[0], "first"), (tensors[-1], "last")):
        if t.dim() not in (1, 2):
            raise RuntimeError(f"multi_dot(): the {which} tensor must be 1D or 2D but got {t.dim()}D")
    for i, t in enumerate(tensors[1:-1], start=1):
        if t.dim() != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {t.dim()}D")
    for i in range(1, len(tensors)):
        left, right = tensors[i - 1], tensors[i]
        if right.dtype is not tensors[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_core.cpp_type_name(tensors[0].dtype)} and tensor {i} "
                               f"{_core.cpp_type_name(right.dtype)}")
        _core.check_same_device(tensors[0], right)
        if left.shape[-1] != right.shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes {list(left.shape)} and "
                               f"{list(right.shape)} cannot be multiplied")
    first_vector, last_vector = tensors[0].dim() == 1, tensors[-1].dim() == 1
    matrices = [tensors[0].unsqueeze(0) if first_vector else tensors[0], *tensors[1:-1],
                tensors[-1].unsqueeze(1) if last_vector else tensors[-1]]
    result = _chain_product(matrices, _chain_order(matrices), 0, len(matrices) - 1)
    if first_vector:
        result = result.squeeze(0)
    if last_vector:
        result = result.squeeze(-1)
    return result if out is None else _core.copy_into_out(result, out, "multi_dot")


def _chain_order(matrices: list) -> list[list[int]]:
    """Classic matrix-chain dynamic programme: split[i][j] is where the product of i..j is cut."""
    dims = [m.shape[0] for m in matrices] + [matrices[-1].shape[1]]
    count = len(matrices)
    cost = [[0] * count for _ in range(count)]
    split = [[0] * count for _ in range(count)]
    for length in range(1, count):
        for i in range(count - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def _chain_product(matrices: list, split: list, i: int, j: int):
    if i == j:
        return matrices[i]
    k = split[i][j]
    return matmul(_chain_product(matrices, split, i, k), _chain_product(matrices, split, k + 1, j))


def diagonal(A, *, offset: int = 0, dim1: int = -2, dim2: int = -1):
    """``A.diagonal`` with the matrix dims last by default."""
    from .shape import diagonal as tensor_diagonal
    return tensor_diagonal(A, offset, dim1, dim2)


# built on the helpers above, so imported last
from .ldl import ldl_factor, ldl_factor_ex, ldl_solve  # noqa: E402
from .linalg_extras import (  # noqa: E402
    cond,
    householder_product,
    lu,
    lu_factor,
    lu_factor_ex,
    lu_solve,
    solve_ex,
    solve_triangular,
    tensorinv,
    tensorsolve,
    vander,
)

__all__ = ["ldl_factor", "ldl_factor_ex", "ldl_solve",
           "solve_triangular", "lu_factor", "lu_factor_ex", "lu", "lu_solve", "cond", "householder_product",
           "tensorinv", "tensorsolve", "vander", "solve_ex",
           "LinAlgError", "norm", "vector_norm", "matrix_norm", "det", "slogdet", "inv", "inv_ex", "pinv", "solve",
           "lstsq", "cholesky", "cholesky_ex", "qr", "svd", "svdvals", "eig", "eigvals", "eigh", "eigvalsh",
           "matrix_rank", "matrix_power", "matrix_exp", "cross", "vecdot", "multi_dot", "matmul", "diagonal"]

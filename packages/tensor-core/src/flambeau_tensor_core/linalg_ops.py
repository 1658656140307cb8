"""Matrix products as top-level functions and methods: ``matmul``/``@`` (every rank case), ``mm``,
``bmm``, ``mv``, ``dot``, ``vdot``, ``inner``, ``outer``, the fused ``add*`` forms, ``einsum``,
``tensordot``, ``kron``, ``cross`` and ``cdist``. The ``linalg`` namespace lives in ``linalg.py``.

Products go to BLAS through NumPy (CPU) or cuBLAS through CuPy (CUDA). Like PyTorch, the products
require operands of one dtype (no promotion) except ``outer`` and ``kron``, which promote.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _core, product_checks
from ._backend import array_module, row_major
from ._core import TensorBase
from .pointwise import write_inplace
from .return_types import named_result
from .tensor import tensor_method

_EINSUM_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"   # sublist-format labels 0..51


# ---- shared plumbing -------------------------------------------------------------------------------
def require_tensor(value: Any, op: str, arg: str = "input") -> TensorBase:
    if not isinstance(value, TensorBase):
        raise TypeError(f"{op}(): argument '{arg}' must be Tensor, not {type(value).__name__}")
    return value


def _wrap_result(array, like: TensorBase):
    if like._device.type == "cpu" and not isinstance(array, np.ndarray):
        array = np.asarray(array)   # NumPy returns scalars for vector·vector
    return _core.wrap(array, like._dtype, like._device)


# products whose out= must have the result's dtype (PyTorch's structured kernels; dot/vdot say it otherwise)
_EXACT_OUT = frozenset({"matmul", "mm", "bmm", "mv", "addmm", "addmv", "addbmm", "baddbmm"})


def _finish(name: str, inputs: tuple, params: dict | None, array, like: TensorBase, out):
    result = _wrap_result(array, like)
    _core.record(name, inputs, params, (result,))
    return result if out is None else _copy_into_out(result, out, name)


def _copy_into_out(result: TensorBase, out: Any, name: str) -> TensorBase:
    if name in _EXACT_OUT:
        _core.require_out_dtype(out, result._dtype)
    elif name in ("dot", "vdot") and isinstance(out, TensorBase) and out._dtype is not result._dtype:
        raise RuntimeError(f"result dtype {_core.type_name(out._dtype)} does not match input dtype "
                           f"{_core.type_name(result._dtype)}")
    return _core.copy_into_out(result, out, name)


def _require_ndim(t: TensorBase, ndim: int, message: str) -> None:
    if t._data.ndim != ndim:
        raise RuntimeError(message)


# ---- matmul and its fixed-rank forms ---------------------------------------------------------------
def _matmul_arrays(a, b, xp):
    """``a @ b`` with NumPy's rank rules (which are PyTorch's), folding a batch of row blocks times a
    single matrix into one large GEMM instead of one BLAS call per batch element."""
    if a.ndim > 2 and b.ndim <= 2:
        folded = a.reshape(int(np.prod(a.shape[:-1])), a.shape[-1])
        return xp.matmul(folded, b).reshape(a.shape[:-1] + b.shape[1:])
    return row_major(xp.matmul(a, b))   # (NumPy's batch order follows a permuted input's; PyTorch's not)


def _matmul_general(input, other, *, out=None):
    """``matmul`` for the calls ``_core.matmul`` leaves to Python (CUDA, batches, float16, out=, errors)."""
    require_tensor(input, "matmul")
    require_tensor(other, "matmul", "other")
    product_checks.check_matmul(input, other, out if isinstance(out, TensorBase) else None)
    array = _matmul_arrays(input._data, other._data, array_module(input._device))
    return _finish("matmul", (input, other), None, array, input, out)


_core.register_general_path("matmul", _matmul_general)
matmul = tensor_method("matmul")(_core.matmul)    # ``@`` is TensorBase.__matmul__, the same C path



def _product(op: str, check: Callable, input: Any, other: Any, arg: str, out, compute: Callable | None = None):
    """A fixed-rank product: validate operands, compute (``matmul`` unless ``compute`` is given), record."""
    require_tensor(input, op)
    require_tensor(other, op, arg)
    check(input, other, out if isinstance(out, TensorBase) else None)
    xp = array_module(input._device)
    array = (compute or _matmul_arrays)(input._data, other._data, xp)
    return _finish(op, (input, other), None, array, input, out)


@tensor_method()
def mm(input, mat2, *, out=None):
    """Product of two matrices."""
    return _product("mm", product_checks.check_mm, input, mat2, "mat2", out)


@tensor_method()
def bmm(input, mat2, *, out=None):
    """Batched product of two 3-D tensors with equal batch size (no broadcasting)."""
    return _product("bmm", product_checks.check_bmm, input, mat2, "mat2", out)


@tensor_method()
def mv(input, vec, *, out=None):
    """Matrix times vector."""
    return _product("mv", product_checks.check_mv, input, vec, "vec", out)


@tensor_method()
def dot(input, tensor, *, out=None):
    """Inner product of two 1-D tensors (no conjugation)."""
    return _product("dot", product_checks.check_vectors, input, tensor, "tensor", out, lambda a, b, xp: xp.dot(a, b))


@tensor_method()
def vdot(input, other, *, out=None):
    """Inner product of two 1-D tensors, conjugating the first."""
    return _product("vdot", product_checks.check_vectors, input, other, "other", out, lambda a, b, xp: xp.vdot(a, b))


def _check_inner(input: TensorBase, other: TensorBase) -> None:
    if input._data.ndim and other._data.ndim and input._data.shape[-1] != other._data.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{list(input.shape)} and {list(other.shape)}")


@tensor_method()
def inner(input, other, *, out=None):
    """Sum of products over the last dimension of both (a 0-d operand just scales the other). Composed
    of ``mul``/``tensordot`` as in PyTorch, so it differentiates through them."""
    require_tensor(input, "inner")
    require_tensor(other, "inner", "other")
    if input._data.ndim == 0 or other._data.ndim == 0:   # a product by a scalar: dtypes promote
        result = input * other
    else:
        _check_inner(input, other)
        _core.check_same_device(input, other)
        if input._dtype is not other._dtype:
            raise RuntimeError("both inputs should have same dtype")
        if input._dtype is _core.bool_ and input._data.size and other._data.size:   # (empty: no kernel runs)
            free = math.prod(input._data.shape[:-1]) * math.prod(other._data.shape[:-1])
            raise NotImplementedError(f"\"{'dot' if free == 1 else 'addmm_impl_cpu_'}\" not implemented for 'Bool'")
        result = tensordot(input, other, dims=([input._data.ndim - 1], [other._data.ndim - 1]))
    return result if out is None else _core.copy_into_out(result, out, "inner")


def _promoted_pair(op: str, input: Any, other: Any, arg: str):
    """Both operands' arrays in their promoted dtype (for the products that promote), and that dtype."""
    require_tensor(input, op)
    require_tensor(other, op, arg)
    _core.check_same_device(input, other)
    dtype = _core.result_type(input, other)
    return (input._data.astype(dtype.numpy_dtype, copy=False), other._data.astype(dtype.numpy_dtype, copy=False),
            dtype)


@tensor_method()
def outer(input, vec2, *, out=None):
    """Outer product of two 1-D tensors (dtypes promote)."""
    a, b, dtype = _promoted_pair("outer", input, vec2, "vec2")
    for name, t in (("self", input), ("vec2", vec2)):
        if t._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.dim()}-D")
    result = _core.wrap(a[:, None] * b[None, :], dtype, input._device)
    _core.record("outer", (input, vec2), None, (result,))
    return result if out is None else _core.copy_into_out(result, out, "outer")


ger = tensor_method("ger")(outer)


@tensor_method()
def kron(input, other, *, out=None):
    """Kronecker product (dtypes promote; the lower-rank operand gets leading ones)."""
    a, b, dtype = _promoted_pair("kron", input, other, "other")
    result = _core.wrap(array_module(input._device).kron(a, b), dtype, input._device)
    _core.record("kron", (input, other), None, (result,))
    return result if out is None else _core.copy_into_out(result, out, "kron")


# ---- fused forms: beta * input + alpha * product ----------------------------------------------------
def _fused(name: str, check: Callable, input: Any, factor1: Any, factor2: Any, beta: Any, alpha: Any,
           out, product: Callable = _matmul_arrays):
    """``beta * input + alpha * product(factor1, factor2)`` in the factors' dtype, ``input`` broadcast
    to the product's shape; ``beta == 0`` ignores ``input`` entirely (NaN included), as BLAS does."""
    for arg, value in (("input", input), ("mat1", factor1), ("mat2", factor2)):
        require_tensor(value, name, arg)
    check(input, factor1, factor2)   # PyTorch's checks of this op, in its order (input expanded first)
    xp = array_module(input._device)
    if name == "addr":   # (the one fused form that promotes)
        dtype = _core.result_type(input, factor1, factor2)
        factor1, factor2 = factor1.to(dtype), factor2.to(dtype)
        input = input.to(dtype)
    array = product(factor1._data, factor2._data, xp)
    if array.size:   # (an empty result converts no scalar)
        beta, alpha = (_fused_scalar(name, argument, value, input._dtype) for argument, value in
                       (("beta", beta), ("alpha", alpha)))
    if array.dtype == np.bool_:         # addr of bools: alpha and beta act as truth values
        array = array & bool(alpha)
        if beta:
            array = array | input._data
    else:
        if alpha != 1:
            array = array * alpha
        if beta != 0:
            array = array + (input._data if beta == 1 else input._data * beta)
    array = xp.ascontiguousarray(xp.broadcast_to(array.astype(input._data.dtype, copy=False), array.shape))
    return _finish(name, (input, factor1, factor2), {"beta": beta, "alpha": alpha}, array, input, out)


def _fused_scalar(name: str, argument: str, value: Any, dtype: _core.dtype) -> Any:
    """``beta``/``alpha`` as PyTorch's kernels take them: truncated for an integer result (addr refuses a
    float there), refused when complex with an imaginary part for a real result (half-precision
    matrix-matrix forms convert through float)."""
    integral = not (dtype.is_floating_point or dtype.is_complex)
    if name == "addr" and isinstance(value, (bool, np.bool_)) and dtype is not _core.bool_:
        raise RuntimeError(f"Boolean {argument} only supported for Boolean results.")
    if name == "addr" and integral and isinstance(value, (float, complex, np.inexact)):
        raise RuntimeError(f"For integral input tensors, argument {argument} must not be a floating point number.")
    if isinstance(value, (complex, np.complexfloating)) and value.imag and not dtype.is_complex:
        through = _core.float32 if dtype is _core.float16 and name in ("addmm", "addbmm", "baddbmm") else dtype
        raise _core.overflow_error(through.name)
    if integral and dtype is not _core.bool_:
        return int(value.real if isinstance(value, (complex, np.complexfloating)) else value)
    return value


def _sum_of_products(a, b, xp):
    return _matmul_arrays(a, b, xp).sum(axis=0)


def _outer_arrays(a, b, xp):
    return a[:, None] * b[None, :]


def _fused_inplace(name: str, check: Callable, self, factor1, factor2, beta, alpha, product=_matmul_arrays):
    result = _fused(name, check, self, factor1, factor2, beta, alpha, None, product)
    return write_inplace(name, self, (factor1, factor2), {"beta": beta, "alpha": alpha}, result)


@tensor_method()
def addmm(input, mat1, mat2, *, beta: Any = 1, alpha: Any = 1, out=None):
    """``beta * input + alpha * (mat1 @ mat2)``."""
    return _fused("addmm", product_checks.check_addmm, input, mat1, mat2, beta, alpha, out)


@tensor_method()
def addmm_(self, mat1, mat2, *, beta: Any = 1, alpha: Any = 1):
    return _fused_inplace("addmm", product_checks.check_addmm, self, mat1, mat2, beta, alpha)


@tensor_method()
def addmv(input, mat, vec, *, beta: Any = 1, alpha: Any = 1, out=None):
    """``beta * input + alpha * (mat @ vec)``."""
    return _fused("addmv", product_checks.check_addmv, input, mat, vec, beta, alpha, out)


@tensor_method()
def addmv_(self, mat, vec, *, beta: Any = 1, alpha: Any = 1):
    return _fused_inplace("addmv", product_checks.check_addmv, self, mat, vec, beta, alpha)


@tensor_method()
def baddbmm(input, batch1, batch2, *, beta: Any = 1, alpha: Any = 1, out=None):
    """``beta * input + alpha * (batch1 @ batch2)`` for 3-D batches."""
    return _fused("baddbmm", product_checks.check_baddbmm, input, batch1, batch2, beta, alpha, out)


@tensor_method()
def baddbmm_(self, batch1, batch2, *, beta: Any = 1, alpha: Any = 1):
    return _fused_inplace("baddbmm", product_checks.check_baddbmm, self, batch1, batch2, beta, alpha)


@tensor_method()
def addbmm(input, batch1, batch2, *, beta: Any = 1, alpha: Any = 1, out=None):
    """``beta * input + alpha * sum_b(batch1[b] @ batch2[b])``."""
    return _fused("addbmm", product_checks.check_addbmm, input, batch1, batch2, beta, alpha, out, _sum_of_products)


@tensor_method()
def addbmm_(self, batch1, batch2, *, beta: Any = 1, alpha: Any = 1):
    return _fused_inplace("addbmm", product_checks.check_addbmm, self, batch1, batch2, beta, alpha, _sum_of_products)


@tensor_method()
def addr(input, vec1, vec2, *, beta: Any = 1, alpha: Any = 1, out=None):
    """``beta * input + alpha * outer(vec1, vec2)``."""
    return _fused("addr", product_checks.check_addr, input, vec1, vec2, beta, alpha, out, _outer_arrays)


@tensor_method()
def addr_(self, vec1, vec2, *, beta: Any = 1, alpha: Any = 1):
    return _fused_inplace("addr", product_checks.check_addr, self, vec1, vec2, beta, alpha, _outer_arrays)


# ---- einsum and tensordot ---------------------------------------------------------------------------
def _sublist_equation(args: tuple) -> tuple[str, list]:
    """``einsum(op0, [0, 1], op1, [1, 2], [0, 2])`` as ``("ab,bc->ac", [op0, op1])``."""
    def letters(sublist) -> str:
        parts = []
        for index in sublist:
            if index is Ellipsis:
                parts.append("...")
            elif isinstance(index, int) and 0 <= index < len(_EINSUM_LETTERS):
                parts.append(_EINSUM_LETTERS[index])
            else:
                raise ValueError(f"einsum(): subscript in subscript list is not within the valid range "
                                 f"[0, {len(_EINSUM_LETTERS)})")
        return "".join(parts)

    operands = list(args[0::2][: len(args) // 2])
    inputs = [letters(s) for s in args[1::2][: len(args) // 2]]
    equation = ",".join(inputs)
    if len(args) % 2:
        equation += "->" + letters(args[-1])
    return equation, operands


def _einsum_arguments(args: tuple) -> tuple[str, list]:
    if not args:
        raise TypeError("einsum(): must specify the equation string and at least one operand")
    if isinstance(args[0], str):
        operands = args[1:]
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = operands[0]
        return args[0].replace(" ", ""), list(operands)
    if not isinstance(args[0], TensorBase):
        raise TypeError(f"einsum(): argument 'equation' (position 1) must be str, not {type(args[0]).__name__}")
    return _sublist_equation(args)


def _einsum_contracts_across_operands(equation: str, count: int) -> bool:
    """Whether a summed index appears in two operands: PyTorch's einsum contracts those with bmm."""
    inputs, _, output = equation.partition("->")
    terms = inputs.split(",")
    if count < 2 or len(terms) < 2:
        return False
    if not _:
        letters = [c for c in inputs if c.isalpha()]
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    summed = {c for term in terms for c in term if c.isalpha() and c not in output}
    return any(sum(c in term for term in terms) >= 2 for c in summed)


def _einsum_error(message: str) -> RuntimeError:
    return RuntimeError(f"einsum(): {message}")


def _is_label(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _parse_einsum_inputs(lhs: str, operands: list) -> list[tuple[str, str | None]]:
    """Each operand's labels before its ellipsis and after it (``None``: no ellipsis), with PyTorch's
    checks of the equation's input side, in its order."""
    terms: list[tuple[str, str | None]] = []
    labels, after, i = "", None, 0
    while i < len(lhs):
        c = lhs[i]
        if c == ".":
            if after is not None:
                raise _einsum_error(f"found '.' for operand {len(terms)} for which an ellipsis was already found")
            if lhs[i:i + 3] != "...":
                raise _einsum_error(f"found '.' for operand {len(terms)} that is not part of any ellipsis")
            after, i = "", i + 3
            continue
        if c == ",":
            if len(terms) >= len(operands) - 1:
                raise _einsum_error("fewer operands were provided than specified in the equation")
            terms.append((labels, after))
            labels, after = "", None
        elif _is_label(c):
            if after is None:
                labels += c
            else:
                after += c
        else:
            raise _einsum_error(f"invalid subscript given at index {i} in the equation string, subscripts must "
                                "be in [a-zA-Z]")
        i += 1
    terms.append((labels, after))
    if len(terms) != len(operands):
        raise _einsum_error("more operands were provided than specified in the equation")
    for k, ((before, after), operand) in enumerate(zip(terms, operands)):
        n, ndim = len(before) + len(after or ""), operand._data.ndim
        if after is not None and n > ndim:
            raise _einsum_error(f"the number of subscripts in the equation ({n}) is more than the number of "
                                f"dimensions ({ndim}) for operand {k}")
        if after is None and n != ndim:
            raise _einsum_error(f"the number of subscripts in the equation ({n}) does not match the number of "
                                f"dimensions ({ndim}) for operand {k} and no ellipsis was given")
    return terms


def _check_einsum_output(rhs: str, offset: int, terms: list) -> None:
    """PyTorch's checks of the output side (``offset``: where it starts in the equation)."""
    inputs = "".join(before + (after or "") for before, after in terms)
    seen, ellipsis, i = "", False, 0
    while i < len(rhs):
        c = rhs[i]
        if c == ".":
            if ellipsis:
                raise _einsum_error("found '.' for output but an ellipsis (...) was already found")
            if rhs[i:i + 3] != "...":
                raise _einsum_error("found '.' for output that is not part of any ellipsis (...)")
            ellipsis, i = True, i + 3
            continue
        if not _is_label(c):
            raise _einsum_error(f"invalid subscript given at index {offset + i} in the equation string, "
                                "subscripts must be in [a-zA-Z]")
        if c in seen:
            raise _einsum_error(f"output subscript {c} appears more than once in the output")
        if c not in inputs:
            raise _einsum_error(f"output subscript {c} does not appear in the equation for any input operand")
        seen += c
        i += 1


def _check_einsum_sizes(terms: list, operands: list) -> None:
    """A label's sizes agree within an operand and broadcast (1 against anything) across operands."""
    sizes: dict[str, int] = {}
    for k, ((before, after), operand) in enumerate(zip(terms, operands)):
        shape = operand._data.shape
        pairs = list(zip(before, shape)) + (list(zip(after, shape[len(shape) - len(after):])) if after else [])
        own: dict[str, int] = {}
        for label, size in pairs:
            if label in own and own[label] != size:
                raise _einsum_error(f"subscript {label} is repeated for operand {k} but the sizes don't match, "
                                    f"{size} != {own[label]}")
            own[label] = size
        for label, size in own.items():
            previous = sizes.get(label)
            if previous is None or previous == 1:
                sizes[label] = size
            elif size != 1 and size != previous:
                raise _einsum_error(f"subscript {label} has size {size} for operand {k} which does not broadcast "
                                    f"with previously seen size {previous}")


def _check_einsum(equation: str, operands: list) -> None:
    lhs, arrow, rhs = equation.partition("->")
    terms = _parse_einsum_inputs(lhs, operands)
    if arrow:
        _check_einsum_output(rhs, len(lhs) + 2, terms)
    _check_einsum_sizes(terms, operands)


def einsum(*args):
    """Einstein summation: ``einsum("ij,jk->ik", a, b)``, ``einsum(eq, [a, b])`` or the sublist form.
    Contractions are ordered to use BLAS (NumPy's/CuPy's ``optimize``)."""
    equation, operands = _einsum_arguments(args)
    if not operands:
        raise ValueError("einsum(): must specify the equation string and at least one operand, or at least one "
                         "operand and its subscripts list")
    for i, operand in enumerate(operands):
        require_tensor(operand, "einsum", f"operands[{i}]")
    _check_einsum(equation, operands)
    first = operands[0]
    for operand in operands[1:]:
        _core.check_same_device(first, operand)
        if operand._dtype is not first._dtype:
            raise RuntimeError(f"expected scalar type {_core.type_name(first._dtype)} but found "
                               f"{_core.type_name(operand._dtype)}")
    if first._dtype is _core.bool_ and _einsum_contracts_across_operands(equation, len(operands)) and all(
            o._data.size for o in operands):   # (an empty operand runs no kernel)
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    xp = array_module(first._device)
    try:
        array = xp.einsum(equation, *[o._data for o in operands], optimize=len(operands) > 1)
    except ValueError as error:
        raise RuntimeError(f"einsum(): {error} (equation '{equation}', operand shapes "
                           f"{[list(o.shape) for o in operands]})") from None
    result = _wrap_result(array, first)
    _core.record("einsum", tuple(operands), {"equation": equation}, (result,))
    return result


def _tensordot_dims(dims: Any, a_ndim: int, b_ndim: int) -> tuple[list[int], list[int]]:
    if isinstance(dims, TensorBase):
        dims = dims.tolist()
    if isinstance(dims, (int, np.integer)):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > min(a_ndim, b_ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        return list(range(-dims, 0)), list(range(dims))   # (negative, as PyTorch's messages print them)
    if not (isinstance(dims, (list, tuple)) and len(dims) == 2):
        raise RuntimeError(f"tensordot expects dims to be an int or a pair of dim lists, got {dims!r}")
    dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    return dims_a, dims_b


def tensordot(a, b, dims: Any = 2, out=None):
    """Contract ``dims`` dimensions: the last ``dims`` of ``a`` with the first of ``b``, or the lists
    ``dims = (dims_a, dims_b)``."""
    require_tensor(a, "tensordot", "a")
    require_tensor(b, "tensordot", "b")
    _core.check_same_device(a, b)
    from .product_checks import size
    from .tensor import normalize_dim
    given_a, given_b = _tensordot_dims(dims, a.dim(), b.dim())
    if a._dtype is not b._dtype:
        raise RuntimeError("both inputs should have same dtype")
    summed_a, summed_b = [], []   # a size-1 dim facing a longer one: summed away first, as PyTorch does
    for da, db in zip(given_a, given_b):
        s1, s2 = size(a, da), size(b, db)
        if s1 != s2 and 1 not in (s1, s2):
            raise RuntimeError(f"contracted dimensions need to match, but first has size {s1} in dim {da} and "
                               f"second has size {s2} in dim {db}")
        if s1 != s2:
            (summed_a if s2 == 1 else summed_b).append(da if s2 == 1 else db)
    dims_a = [normalize_dim(d, a.dim()) for d in given_a]
    dims_b = [normalize_dim(d, b.dim()) for d in given_b]
    if a._dtype is _core.bool_ and all(a._data.shape) and all(b._data.shape):   # (empty: no kernel runs)
        free = math.prod(n for i, n in enumerate(a._data.shape) if i not in dims_a) * \
            math.prod(n for i, n in enumerate(b._data.shape) if i not in dims_b)
        raise NotImplementedError(f"\"{'dot' if free == 1 else 'addmm_impl_cpu_'}\" not implemented for 'Bool'")
    if summed_a or summed_b:
        a = a.sum(tuple(summed_a), keepdim=True, dtype=a.dtype) if summed_a else a
        b = b.sum(tuple(summed_b), keepdim=True, dtype=b.dtype) if summed_b else b
        return tensordot(a, b, (dims_a, dims_b), out=out)
    array = array_module(a._device).tensordot(a._data, b._data, axes=(dims_a, dims_b))
    return _finish("tensordot", (a, b), {"dims_self": tuple(dims_a), "dims_other": tuple(dims_b)}, array, a, out)


# ---- cross product and pairwise distances ------------------------------------------------------------
def cross_product(name: str, input: Any, other: Any, dim: int, out):
    """The cross product of 3-vectors along ``dim`` of the broadcast operands (shared with linalg.cross)."""
    require_tensor(input, name)
    require_tensor(other, name, "other")
    _core.check_same_device(input, other)
    if input._data.ndim != other._data.ndim:   # (both functions' sentence names linalg.cross)
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    from .product_checks import size
    from .shape import size_mismatch
    from .tensor import normalize_dim
    given = dim
    lengths = size(input, dim), size(other, dim)
    dim = normalize_dim(dim, input.dim())
    if lengths != (3, 3):     # the dim as the caller gave it
        raise RuntimeError(f"linalg.cross: inputs dimension {given} must have length 3. Got {lengths[0]} "
                           f"and {lengths[1]}")
    if input._dtype is not other._dtype:
        raise RuntimeError(f"expected scalar type {_core.type_name(input._dtype)} but found "
                           f"{_core.type_name(other._dtype)}")
    message = size_mismatch(input._data.shape, other._data.shape)
    if message:
        raise RuntimeError(message)
    xp = array_module(input._device)
    a, b = xp.broadcast_arrays(input._data, other._data)
    if input._dtype is _core.bool_:
        raise NotImplementedError("\"cross\" not implemented for 'Bool'")
    a, b = xp.moveaxis(a, dim, -1), xp.moveaxis(b, dim, -1)
    components = [a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
                  a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
                  a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]]
    array = xp.stack(components, axis=dim)
    return _finish(name.replace(".", "_"), (input, other), {"dim": dim}, array, input, out)


@tensor_method()
def cross(input, other, dim: int | None = None, *, out=None):
    """Cross product along ``dim`` (default, deprecated as in PyTorch: the first dimension of size 3)."""
    require_tensor(input, "cross")
    if dim is None:
        import warnings
        warnings.warn("Using cross without specifying the dim arg is deprecated; pass dim or use "
                      "linalg.cross", UserWarning, stacklevel=2)
        sizes = input._data.shape
        if 3 not in sizes:
            raise RuntimeError("no dimension of size 3 in input")
        dim = sizes.index(3)
    return cross_product("cross", input, other, dim, out)


_CDIST_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist")


def _check_cdist(x1: TensorBase, x2: TensorBase, p: float, compute_mode: str | None) -> None:
    _core.check_same_device(x1, x2)
    for name, x in (("X1", x1), ("X2", x2)):   # PyTorch's order: ranks, columns, dtypes, batches
        if x._data.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.dim()}D")
    if x1._data.shape[-1] != x2._data.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1._data.shape[-1]} "
                           f"X2: {x2._data.shape[-1]}")
    for name, x in (("X1", x1), ("X2", x2)):
        if not x._dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: {_core.type_name(x._dtype)}")
    if x1._dtype is _core.float16 and x1._device.type == "cpu":
        raise NotImplementedError("\"cdist\" not implemented for 'Half'")
    if x1._dtype is not x2._dtype:
        raise RuntimeError(f"expected scalar type {_core.type_name(x1._dtype)} but found {_core.type_name(x2._dtype)}")
    from .shape import size_mismatch

    message = size_mismatch(x1._data.shape[:-2], x2._data.shape[:-2])
    if message:
        raise RuntimeError(message)
    if x1._dtype is _core.float16 and x1._device.type == "cpu":
        raise NotImplementedError("\"cdist\" not implemented for 'Half'")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if compute_mode is not None and compute_mode not in _CDIST_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")


def _pairwise_p_distance(a, b, p: float, xp):
    diff = xp.abs(a[..., :, None, :] - b[..., None, :, :])
    if p == 0:
        return (diff != 0).sum(-1).astype(a.dtype)
    if p == float("inf"):
        return diff.max(-1) if diff.shape[-1] else diff.sum(-1)
    if p == 1:
        return diff.sum(-1)
    if p == 2:
        return xp.sqrt((diff * diff).sum(-1))
    return (diff ** p).sum(-1) ** (1.0 / p)


def _pairwise_euclidean_by_matmul(a, b, xp):
    """``|a|² + |b|² − 2 a·bᵀ``: one GEMM instead of a P×R×M difference tensor (PyTorch's mm mode)."""
    squared = (a * a).sum(-1)[..., :, None] + (b * b).sum(-1)[..., None, :] - 2 * xp.matmul(a, xp.swapaxes(b, -1, -2))
    return xp.sqrt(xp.maximum(squared, 0))


def cdist(x1, x2, p: float = 2.0, compute_mode: str | None = "use_mm_for_euclid_dist_if_necessary"):
    """p-norm distances between each row of ``x1`` (…, P, M) and each row of ``x2`` (…, R, M)."""
    require_tensor(x1, "cdist", "x1")
    require_tensor(x2, "cdist", "x2")
    _check_cdist(x1, x2, p, compute_mode)
    xp = array_module(x1._device)
    a, b = x1._data, x2._data
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = xp.broadcast_to(a, batch + a.shape[-2:])
    b = xp.broadcast_to(b, batch + b.shape[-2:])
    use_mm = p == 2 and (compute_mode == "use_mm_for_euclid_dist" or (
        compute_mode in (None, _CDIST_MODES[0]) and (a.shape[-2] > 25 or b.shape[-2] > 25)))
    array = _pairwise_euclidean_by_matmul(a, b, xp) if use_mm else _pairwise_p_distance(a, b, p, xp)
    return _finish("cdist", (x1, x2), {"p": p, "compute_mode": compute_mode}, array, x1, None)


def chain_matmul(*matrices, out=None):
    """Product of a chain of matrices (deprecated in PyTorch in favour of ``linalg.multi_dot``)."""
    from .linalg import multi_dot
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for m in matrices:
        if isinstance(m, TensorBase) and m.dim() != 2:
            raise RuntimeError(f"Tensor dimension is {m.dim()}, expected 2 instead.")
    if len(matrices) == 1:
        product = matrices[0].clone()      # PyTorch's copy (CloneBackward0), never the input itself
        return product if out is None else _core.copy_into_out(product, out, "chain_matmul")
    return multi_dot(list(matrices), out=out)


# ---- PyTorch's top-level linear-algebra aliases (the implementations live in linalg.py) --------------
def _linalg():
    from . import linalg
    return linalg


@tensor_method()
def det(input):
    return _linalg().det(input)


@tensor_method()
def logdet(input):
    """``log(det(input))``: NaN for a negative determinant, −inf for a singular matrix. Composed as
    PyTorch composes it (``where(sign < 0, nan, logabsdet)``; ``log(sign) + logabsdet`` for complex
    input), so its gradient is slogdet's, 0 at NaN."""
    from .pointwise import where
    _linalg()._check_input("slogdet", input, square=True, label="logdet", half_low_precision=True)
    sign, logabsdet = _linalg().slogdet(input)
    if input.dtype.is_complex:
        return sign.log() + logabsdet
    return where(sign < 0, float("nan"), logabsdet)


_SLOGDET_RESULT = named_result("slogdet", ("sign", "logabsdet"))
_QR_RESULT = named_result("qr", ("Q", "R"))
_SVD_RESULT = named_result("svd", ("U", "S", "V"))


@tensor_method()
def slogdet(input):
    """``linalg.slogdet`` as ``torch.return_types.slogdet``."""
    return _SLOGDET_RESULT(*_linalg().slogdet(input))


@tensor_method()
def inverse(input, *, out=None):
    return _linalg().inv(input, out=out)


@tensor_method()
def pinverse(input, rcond: float = 1e-15):
    return _linalg().pinv(input, rtol=rcond)


@tensor_method()
def matrix_power(input, n: int, *, out=None):
    return _linalg().matrix_power(input, n, out=out)


@tensor_method()
def matrix_exp(input):
    return _linalg().matrix_exp(input)


@tensor_method()
def cholesky(input, upper: bool = False, *, out=None):
    """The older ``torch.cholesky`` (deprecated there, with a warning): ``linalg.cholesky`` with its own
    messages (``cholesky: ...``) and node (CholeskyBackward0)."""
    warnings.warn("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
                  "PyTorch release.", UserWarning, stacklevel=2)
    return _linalg()._cholesky_as("cholesky", input, upper, out)


@tensor_method()
def qr(input, some: bool = True, *, out=None):
    """The older ``torch.qr``: ``some=False`` gives the complete factorisation."""
    return _QR_RESULT(*_linalg().qr(input, "reduced" if some else "complete", out=out))


@tensor_method()
def svd(input, some: bool = True, compute_uv: bool = True, *, out=None):
    """The older ``torch.svd``: returns ``(U, S, V)`` (not ``Vh``); ``compute_uv=False`` gives zero U, V."""
    linalg = _linalg()
    if isinstance(input, TensorBase) and input.dim() < 2:
        raise RuntimeError(f"linalg.svd: input should have at least 2 dimensions, but has {input.dim()} dimensions "
                           "instead")
    U, S, Vh = linalg.svd(input, full_matrices=not some)
    V = Vh.mT
    if V.is_complex():
        V = _core.wrap(array_module(V.device).conj(V._data), V.dtype, V.device)
        _core.record("conj_physical", (Vh.mT,), None, (V,))
    if not compute_uv:
        U, V = U * 0, V * 0
    if out is None:
        return _SVD_RESULT(U, S, V)
    return _SVD_RESULT(*_core.copy_into_outs((U, S, V), out, "svd"))


__all__ = ["matmul", "mm", "bmm", "mv", "dot", "vdot", "inner", "outer", "ger", "kron", "addmm", "addmv",
           "addbmm", "baddbmm", "addr", "einsum", "tensordot", "cross", "cdist", "chain_matmul", "det", "logdet",
           "slogdet", "inverse", "pinverse", "matrix_power", "matrix_exp", "cholesky", "qr", "svd"]

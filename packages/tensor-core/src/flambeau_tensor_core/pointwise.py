"""Pointwise math: exp/log/trig, rounding, clamp, where, logical/bitwise, special-function kernels.

Every op here follows one pattern: check the arguments, find the result dtype (integer inputs to
floating functions give the default float dtype, binary ops promote with ``_core.result_type``),
compute on the device's array module (NumPy or CuPy), wrap, report to autograd, honour ``out=``.
Large float32/float64 CPU inputs of a few heavy functions go to the OpenMP kernels in
``kernels/pointwise_cpu.pyx``; functions NumPy lacks (``erf``, ``lgamma``, ``digamma`` …) always do.
"""
from __future__ import annotations

import builtins
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module
from ._core import TensorBase, dtype as DType
from .tensor import int_argument, tensor_method

Compute = Callable[[Any, Any], Any]   # (array module, array) -> array

# ---------------------------------------------------------------------------------------------------
# shared helpers (also used by reductions.py and special.py)
# ---------------------------------------------------------------------------------------------------


def is_integral(d: DType) -> bool:
    """bool and integer dtypes: the ones floating functions promote to the default float dtype."""
    return not (d.is_floating_point or d.is_complex)


def floating_dtype(d: DType) -> DType:
    return _core.get_default_dtype() if is_integral(d) else d


def require_tensor(x: Any, name: str, argument: str = "input", position: int = 1) -> TensorBase:
    if not isinstance(x, TensorBase):
        raise TypeError(f"{name}(): argument '{argument}' (position {position}) must be Tensor, "
                        f"not {type(x).__name__}")
    return x


def finish(result: TensorBase, out: Any, name: str) -> TensorBase:
    """``result``, or ``result`` copied into the ``out=`` tensor."""
    return result if out is None else _core.copy_into_out(result, out, name)


def as_array(xp: Any, value: Any, d: DType) -> Any:
    """``value`` (an array or the NumPy scalar a ufunc returns for 0-d input) as an array of ``d``."""
    array = xp.asarray(value)
    return array if array.dtype == d.numpy_dtype else array.astype(d.numpy_dtype)


def cast(array: Any, d: DType) -> Any:
    return array if array.dtype == d.numpy_dtype else array.astype(d.numpy_dtype)


def new_tensor(xp: Any, value: Any, d: DType, device: Any, operands: tuple = ()) -> TensorBase:
    """``value`` as a ``d`` tensor; given the elementwise op's ``operands`` (tensors and numbers, in
    PyTorch's order), laid out as PyTorch's TensorIterator lays out their result."""
    array = as_array(xp, value, d)
    if operands:
        array = _core.laid_out_as_iterator(array, tuple(o._data if isinstance(o, TensorBase) else o
                                                        for o in operands))
    return _core.wrap(array, d, device)


# PyTorch's kernels whose dispatch name is not ``<op>_cpu`` (its MKL-VML family and a few others)
_KERNEL_NAMES = {name: name + "_vml_cpu" for name in ("erf", "erfc", "erfinv", "i0", "lgamma", "round",
                                                      "floor", "ceil", "trunc")}
# (PyTorch's mvlgamma builds an arange of the input's dtype first, which refuses complex dtypes)
_KERNEL_NAMES.update(digamma="digamma", trigamma="trigamma", polygamma="polygamma", ndtr="erf_vml_cpu",
                     mvlgamma="arange_cpu", round_decimals="round_cpu")

# ops that refuse complex inputs with a sentence instead of the kernel-dispatch message
_COMPLEX_REFUSALS = {
    "floor": "floor is not supported for complex inputs",
    "ceil": "ceil is not supported for complex inputs",
    "trunc": "trunc is not supported for complex inputs",
    "sign": "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead.",
}


def not_implemented(name: str, d: DType) -> NotImplementedError:
    """PyTorch's error for a kernel without an instance for the dtype ``d``."""
    if d.is_complex and name in _COMPLEX_REFUSALS:
        return NotImplementedError(_COMPLEX_REFUSALS[name])
    kernel = _KERNEL_NAMES.get(name, name + "_cpu")
    return NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(d)}'")


def _kind(d: DType) -> str:
    return "b" if d is _core.bool_ else "i" if is_integral(d) else "c" if d.is_complex else "f"


def check_tensor_kind(name: str, x: TensorBase, rejected: str) -> None:
    """Refuse dtype kinds (``"b"`` bool, ``"i"`` integer, ``"c"`` complex, ``"h"`` float16) that ``name``
    has no kernel for."""
    if _kind(x._dtype) in rejected or ("h" in rejected and x._dtype is _core.float16):
        raise not_implemented(name, x._dtype)


# PyTorch refuses an in-place op (or out=) whose result category is above the target's (float into int)
check_inplace_dtype = _core.check_result_fits


def operand_array(value: Any, d: DType, device: Any) -> Any:
    """A tensor's data cast to ``d``, or a Python scalar left as a weak NumPy/CuPy operand."""
    if isinstance(value, TensorBase):
        if value._device != device:
            raise RuntimeError("Expected all tensors to be on the same device, but found at least two devices, "
                               f"{value._device} and {device}!")
        return cast(value._data, d)
    return _core.scalar_operand(value, d)


def first_tensor(*values: Any) -> TensorBase:
    for v in values:
        if isinstance(v, TensorBase):
            return v
    raise TypeError("expected at least one Tensor argument")


# ---------------------------------------------------------------------------------------------------
# unary ops
# ---------------------------------------------------------------------------------------------------
_PARALLEL_MIN_SIZE = _core.LARGE_OP_SIZE
_kernels = None


def _cpu_kernels():
    global _kernels
    if _kernels is None:
        from .kernels import pointwise_cpu
        _kernels = pointwise_cpu
    return _kernels


def kernel_or_ufunc(kernel_name: str, ufunc_name: str | None) -> Compute:
    """Large contiguous float CPU arrays go to the OpenMP kernel ``kernel_name``; the rest to the
    NumPy/CuPy ufunc (or, with no ufunc, the kernel on CPU and ``cupyx.scipy.special`` on CUDA).
    ``compute.small_float`` is what it runs on a float32/float64 CPU array below ``_PARALLEL_MIN_SIZE``
    (see :func:`unary_function`)."""

    def compute(xp, a):
        is_float = a.dtype.kind == "f"
        if xp is not np:
            from .kernels import pointwise_cuda
            if is_float and (ufunc_name is None or kernel_name in pointwise_cuda.RAW_OPS):
                return pointwise_cuda.unary(kernel_name, a)
            return getattr(xp, ufunc_name)(a)
        if is_float and a.dtype.itemsize >= 4 and (ufunc_name is None or a.size >= _PARALLEL_MIN_SIZE):
            return _cpu_kernels().unary(kernel_name, a)
        if ufunc_name is not None:
            return getattr(xp, ufunc_name)(a)
        # float16: evaluate in float32 as PyTorch does
        return _cpu_kernels().unary(kernel_name, a.astype(np.float32)).astype(a.dtype)

    compute.small_float = getattr(np, ufunc_name) if ufunc_name is not None else \
        lambda a: _cpu_kernels().unary(kernel_name, a)
    return compute


def ufunc(ufunc_name: str) -> Compute:
    def compute(xp, a):
        return getattr(xp, ufunc_name)(a)

    compute.small_float = getattr(np, ufunc_name)
    return compute


def unary_function(name: str, compute: Compute, result_dtype: Callable[[DType], DType], doc: str,
                   rejected: str = "", record_name: str | None = None, composite: bool = False) -> Callable:
    """The function ``name(input, *, out=None)``: ``compute`` on ``input`` cast to its result dtype;
    ``rejected`` dtype kinds raise PyTorch's NotImplementedError; recorded as ``record_name``.
    ``composite``: PyTorch composes the op of others, so its ``out=`` is checked only at the final copy."""
    recorded = record_name or name

    def function(input, *, out=None):
        require_tensor(input, name)
        d = result_dtype(input._dtype)
        if out is not None and not composite:
            check_out_before_kernel(name, input, d, out, result_dtype is _same_dtype)
        check_tensor_kind(name, input, rejected)
        xp = array_module(input._device)
        with _core.quiet_fp():   # domain errors give NaN/inf silently, as in PyTorch
            result = new_tensor(xp, compute(xp, cast(input._data, d)), d, input._device, (input,))
        if result_dtype is _same_dtype:
            check_same_dtype_out(out, d)
        _core.record(recorded, (input,), None, (result,))
        return finish(result, out, name)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    small_float = getattr(compute, "small_float", None)
    if small_float is not None and result_dtype in (floating_dtype, _same_dtype):
        # float in, same float out: the small-tensor call runs in C (``_core.fast_unary``)
        return _core.fast_unary(name, recorded, small_float, function)
    return function


def check_out_before_kernel(name: str, input: TensorBase, d: DType, out: Any, same_dtype: bool) -> None:
    """PyTorch checks an ``out=`` tensor (its type, then its dtype against the result's ``d``) before it
    looks for a kernel for the input's dtype; only a complex refusal worded as a sentence comes earlier."""
    if not isinstance(out, TensorBase):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    _core.check_out_overlap(out, (input,))
    if input._dtype.is_complex and name in _COMPLEX_REFUSALS:
        return
    if same_dtype:
        check_same_dtype_out(out, d)
    else:
        check_inplace_dtype(d, out)


def check_same_dtype_out(out: Any, d: DType) -> None:
    """PyTorch's ops whose result keeps the input's dtype (abs, neg, ceil, sign …) refuse another ``out=``."""
    if isinstance(out, TensorBase) and out._dtype is not d:
        raise RuntimeError(f"Found dtype {_core.type_name(out._dtype)} but expected {_core.type_name(d)}")


def unary_inplace(name: str, compute: Compute, result_dtype: Callable[[DType], DType],
                  rejected: str = "") -> Callable:
    """The method ``name_(self)``: ``compute`` written into ``self`` (whose dtype must hold the result)."""
    def function_(self):
        if not (self._dtype.is_complex and name in _COMPLEX_REFUSALS):   # (those sentences come first)
            _core.check_out_overlap(self, ())     # an expanded target, before dtypes, as PyTorch
        check_tensor_kind(name, self, rejected)
        check_inplace_dtype(result_dtype(self._dtype), self)
        xp = array_module(self._device)
        target = self._data

        def mutate():
            with _core.quiet_fp():
                target[...] = compute(xp, target)

        _core.record_inplace(name, self, (self,), None, mutate)
        return self

    function_.__name__ = function_.__qualname__ = name + "_"
    function_.__doc__ = f"In-place ``{name}``."
    return function_


def _make_unary(name: str, compute: Compute, result_dtype: Callable[[DType], DType], doc: str,
                rejected: str = "", method: bool = True):
    """``name`` and ``name_`` attached as Tensor methods; ``method=False`` leaves the out-of-place
    method alone (``neg``/``abs`` live in arithmetic.py)."""
    function = unary_function(name, compute, result_dtype, doc, rejected)
    if method:
        tensor_method()(function)
    return function, tensor_method()(unary_inplace(name, compute, result_dtype, rejected))


def _same_dtype(d: DType) -> DType:
    return d


def _float_function(name: str, compute: Compute, doc: str, *, complex_ok: bool = True):
    return _make_unary(name, compute, floating_dtype, doc, rejected="" if complex_ok else "c")


def _sigmoid(xp, a):
    if a.dtype.kind == "c":
        return 1 / (1 + xp.exp(-a))
    return _sigmoid_real(xp, a)


_sigmoid_real = kernel_or_ufunc("sigmoid", None)
_sigmoid.small_float = _sigmoid_real.small_float


def _rsqrt(xp, a):
    return 1 / xp.sqrt(a)


exp, exp_ = _float_function("exp", kernel_or_ufunc("exp", "exp"), "``e ** input``.")
exp2, exp2_ = _float_function("exp2", ufunc("exp2"), "``2 ** input``.")
expm1, expm1_ = _float_function("expm1", ufunc("expm1"), "``exp(input) - 1``, accurate near 0.")
log, log_ = _float_function("log", kernel_or_ufunc("log", "log"), "Natural logarithm.")
log2, log2_ = _float_function("log2", ufunc("log2"), "Base-2 logarithm.")
log10, log10_ = _float_function("log10", ufunc("log10"), "Base-10 logarithm.")
log1p, log1p_ = _float_function("log1p", ufunc("log1p"), "``log(1 + input)``, accurate near 0.")
sqrt, sqrt_ = _float_function("sqrt", ufunc("sqrt"), "Square root.")
rsqrt, rsqrt_ = _float_function("rsqrt", _rsqrt, "``1 / sqrt(input)``.")
sin, sin_ = _float_function("sin", ufunc("sin"), "Sine.")
cos, cos_ = _float_function("cos", ufunc("cos"), "Cosine.")
tan, tan_ = _float_function("tan", ufunc("tan"), "Tangent.")
asin, asin_ = _float_function("asin", ufunc("arcsin"), "Inverse sine.")
acos, acos_ = _float_function("acos", ufunc("arccos"), "Inverse cosine.")
atan, atan_ = _float_function("atan", ufunc("arctan"), "Inverse tangent.")
sinh, sinh_ = _float_function("sinh", ufunc("sinh"), "Hyperbolic sine.")
cosh, cosh_ = _float_function("cosh", ufunc("cosh"), "Hyperbolic cosine.")
tanh, tanh_ = _float_function("tanh", kernel_or_ufunc("tanh", "tanh"), "Hyperbolic tangent.")
asinh, asinh_ = _float_function("asinh", ufunc("arcsinh"), "Inverse hyperbolic sine.")
acosh, acosh_ = _float_function("acosh", ufunc("arccosh"), "Inverse hyperbolic cosine.")
atanh, atanh_ = _float_function("atanh", ufunc("arctanh"), "Inverse hyperbolic tangent.")
sigmoid, sigmoid_ = _float_function("sigmoid", _sigmoid, "The logistic function ``1 / (1 + exp(-input))``.")
erf, erf_ = _float_function("erf", kernel_or_ufunc("erf", None), "The error function.", complex_ok=False)
erfc, erfc_ = _float_function("erfc", kernel_or_ufunc("erfc", None), "``1 - erf(input)``, accurate in "
                              "the tail.", complex_ok=False)
erfinv, erfinv_ = _float_function("erfinv", kernel_or_ufunc("erfinv", None), "Inverse error function.",
                                  complex_ok=False)
lgamma, lgamma_ = _float_function("lgamma", kernel_or_ufunc("lgamma", None), "``log(|Γ(input)|)``.",
                                  complex_ok=False)
digamma, digamma_ = _float_function("digamma", kernel_or_ufunc("digamma", None), "``d/dx log Γ(x)``.",
                                    complex_ok=False)
i0, i0_ = _float_function("i0", kernel_or_ufunc("i0", None), "Modified Bessel function of the first "
                          "kind, order 0.", complex_ok=False)
def _sinc_compute(xp, a):
    if a.dtype == np.float16:   # PyTorch evaluates half in float32; π·x in half loses sin(πn) = 0
        return _sinc_compute(xp, a.astype(np.float32)).astype(np.float16)
    if xp is np:
        return np.sinc(a)
    from .kernels import pointwise_cuda
    return pointwise_cuda.at_infinity("sinc", a, xp.sinc(a))


_sinc_compute.small_float = np.sinc
sinc, sinc_ = _float_function("sinc", _sinc_compute, "Normalized sinc ``sin(πx) / (πx)``.")
reciprocal, reciprocal_ = _float_function("reciprocal", lambda xp, a: 1 / a, "``1 / input``.")
arcsin, arccos, arctan = asin, acos, atan
arcsinh, arccosh, arctanh = asinh, acosh, atanh
for _alias, _target in (("arcsin", asin), ("arccos", acos), ("arctan", atan), ("arcsinh", asinh),
                        ("arccosh", acosh), ("arctanh", atanh)):
    tensor_method(_alias)(_target)
    tensor_method(_alias + "_")(globals()[_target.__name__ + "_"])


def _sign(xp, a):
    if a.dtype.kind == "b":
        return a.copy()
    signs = xp.sign(a)
    return xp.where(xp.isnan(signs), 0, signs) if a.dtype.kind == "f" else signs   # PyTorch: sign(nan) = 0


def _sgn(xp, a):
    if a.dtype.kind != "c":
        return _sign(xp, a)
    magnitude = xp.abs(a)
    return xp.where(magnitude == 0, 0, a / xp.where(magnitude == 0, 1, magnitude))


def _square_dtype(d: DType) -> DType:
    return _core.int64 if d is _core.bool_ else d


sign, sign_ = _make_unary("sign", _sign, _same_dtype, "-1, 0 or 1 by the sign of each element.",
                          rejected="c")
sgn, sgn_ = _make_unary("sgn", _sgn, _same_dtype, "``x / |x|`` (``sign`` extended to complex numbers).")
square, square_ = _make_unary("square", lambda xp, a: a * a, _square_dtype, "``input * input``.")


def _integral_passthrough(ufunc_name: str) -> Compute:
    return lambda xp, a: a.copy() if a.dtype.kind in "biu" else getattr(xp, ufunc_name)(a)


floor, floor_ = _make_unary("floor", _integral_passthrough("floor"), _same_dtype, "Round down.", rejected="bc")
ceil, ceil_ = _make_unary("ceil", _integral_passthrough("ceil"), _same_dtype, "Round up.", rejected="bc")
trunc, trunc_ = _make_unary("trunc", _integral_passthrough("trunc"), _same_dtype, "Round toward zero.",
                            rejected="bc")
fix, fix_ = trunc, trunc_
tensor_method("fix")(trunc)
tensor_method("fix_")(trunc_)
frac, frac_ = _make_unary("frac", lambda xp, a: a - xp.trunc(a), _same_dtype,
                          "The fractional part ``input - trunc(input)``.", rejected="bic")
_negate_inplace = _make_unary("neg", lambda xp, a: -a, _same_dtype, "", rejected="b", method=False)[1]
_abs_inplace = _make_unary("abs", lambda xp, a: xp.abs(a), _same_dtype, "", rejected="b", method=False)[1]


@tensor_method()
def neg_(self):
    """In-place ``neg``."""
    if isinstance(self, TensorBase) and self._dtype is _core.bool_:
        self.__neg__()      # raises PyTorch's "Negation, the `-` operator, on a bool tensor" error
    return _negate_inplace(self)


@tensor_method()
def abs_(self):
    """In-place ``abs``; complex tensors are refused (their magnitude is real), as in PyTorch."""
    if isinstance(self, TensorBase) and self._dtype.is_complex:
        raise RuntimeError("In-place abs is not supported for complex tensors.")
    return _abs_inplace(self)


negative_, absolute_ = neg_, abs_
tensor_method("negative_")(neg_)
tensor_method("absolute_")(abs_)


def _round_compute(decimals: int) -> Compute:
    # NumPy rounds half to even, as PyTorch does
    return lambda xp, a: a.copy() if a.dtype.kind in "biu" and decimals >= 0 else xp.round(a, decimals)


class _Decimals(int):
    """The default ``decimals=0`` of round (shown as 0), told apart from an explicit 0: PyTorch's overloads
    differ (its node is RoundBackward0 without decimals, RoundBackward1 with them)."""


_NO_DECIMALS = _Decimals(0)


def _round_params(decimals: Any) -> dict:
    return {"decimals": int(decimals), "overload": 0 if decimals is _NO_DECIMALS else 1}


def _check_round_kind(x: TensorBase, params: dict, decimals: int) -> None:
    """Bool and complex tensors have no round kernel; integers have one only without ``decimals=``
    (PyTorch's kernel name differs for a non-zero ``decimals``)."""
    check_tensor_kind("round_decimals" if decimals else "round", x, "bic" if params["overload"] else "bc")


@tensor_method()
def round(input, *, decimals: int = _NO_DECIMALS, out=None):
    """Round half to even, to ``decimals`` decimal places."""
    require_tensor(input, "round")
    params = _round_params(decimals)
    decimals = 0 if decimals is _NO_DECIMALS else int_argument(decimals, "round", "decimals")
    check_same_dtype_out(out, input._dtype)
    _check_round_kind(input, params, decimals)
    xp = array_module(input._device)
    result = new_tensor(xp, _round_compute(decimals)(xp, input._data), input._dtype, input._device,
                        (input,))
    _core.record("round", (input,), params, (result,))
    return finish(result, out, "round")


@tensor_method()
def round_(self, *, decimals: int = _NO_DECIMALS):
    params = _round_params(decimals)
    decimals = 0 if decimals is _NO_DECIMALS else int_argument(decimals, "round_", "decimals")
    _core.check_out_overlap(self, ())
    _check_round_kind(self, params, decimals)
    xp = array_module(self._device)
    target = self._data

    def mutate():
        target[...] = _round_compute(decimals)(xp, target)

    _core.record_inplace("round", self, (self,), params, mutate)
    return self


# ---------------------------------------------------------------------------------------------------
# unary ops with parameters: logit, polygamma, mvlgamma
# ---------------------------------------------------------------------------------------------------
def _parametrized_unary(name: str, input: Any, compute: Compute, params: dict, out: Any = None,
                        kernel: str | None = None) -> TensorBase:
    """A floating, real-only unary op whose ``compute`` closes over ``params`` (recorded with them);
    ``kernel`` names PyTorch's kernel in its refusal of complex input (by default ``name``'s)."""
    require_tensor(input, name)
    d = floating_dtype(input._dtype)
    if out is not None:
        check_out_before_kernel(name, input, d, out, False)
    check_tensor_kind(kernel or name, input, "c")
    xp = array_module(input._device)
    with _core.quiet_fp():
        result = new_tensor(xp, compute(xp, cast(input._data, d)), d, input._device, (input,))
    _core.record(name, (input,), params, (result,))
    return finish(result, out, name)


def _parametrized_inplace(name: str, self: TensorBase, compute: Compute, params: dict,
                          kernel: str | None = None) -> TensorBase:
    _core.check_out_overlap(self, ())
    check_tensor_kind(kernel or name, self, "c")
    check_inplace_dtype(floating_dtype(self._dtype), self)
    xp = array_module(self._device)
    target = self._data

    def mutate():
        with _core.quiet_fp():
            target[...] = compute(xp, target)

    _core.record_inplace(name, self, (self,), params, mutate)
    return self


def _logit_compute(eps: float | None) -> Compute:
    def compute(xp, a):
        if eps is not None:
            a = xp.clip(a, eps, 1 - eps)
        return xp.log(a / (1 - a))
    return compute


@tensor_method()
def logit(input, eps: float | None = None, *, out=None):
    """``log(p / (1 - p))``, with ``p`` clamped to ``[eps, 1 - eps]`` when ``eps`` is given."""
    return _parametrized_unary("logit", input, _logit_compute(eps), {"eps": eps}, out)


@tensor_method()
def logit_(self, eps: float | None = None):
    return _parametrized_inplace("logit", self, _logit_compute(eps), {"eps": eps})


def zeta_array(xp, x, q):
    """Hurwitz zeta of two broadcastable arrays (float64 on CPU)."""
    if xp is np:
        return _cpu_kernels().zeta(x, q)
    import cupyx.scipy.special as special
    return special.zeta(x, q)


def _polygamma_compute(n: int) -> Compute:
    def compute(xp, a):
        if n <= 1:
            return kernel_or_ufunc("trigamma" if n else "digamma", None)(xp, a)
        sign = 1.0 if n % 2 else -1.0
        return (sign * math.factorial(n) * zeta_array(xp, float(n + 1), a.astype(np.float64))).astype(a.dtype)
    return compute


def _check_polygamma_order(n: Any) -> int:
    n = int_argument(n, "polygamma", "n", 1)   # an int, NumPy int or 0-d integer tensor, as in PyTorch
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return n


def _polygamma_kernel(n: int) -> str:
    return "digamma" if n == 0 else "trigamma" if n == 1 else "polygamma"


def polygamma(n: int, input, *, out=None):
    """The ``n``-th derivative of ``digamma``."""
    n = _check_polygamma_order(n)
    return _parametrized_unary("polygamma", input, _polygamma_compute(n), {"n": n}, out, _polygamma_kernel(n))


@tensor_method("polygamma")
def _polygamma_method(self, n: int):
    return polygamma(n, self)


@tensor_method()
def polygamma_(self, n: int):
    n = _check_polygamma_order(n)
    return _parametrized_inplace("polygamma", self, _polygamma_compute(n), {"n": n}, _polygamma_kernel(n))


def _mvlgamma_compute(p: int) -> Compute:
    def compute(xp, a):
        lgamma_of = kernel_or_ufunc("lgamma", None)
        total = sum_of(lgamma_of(xp, a - i / 2) for i in range(p))
        return total + p * (p - 1) / 4 * math.log(math.pi)
    return compute


def sum_of(arrays) -> Any:
    total = None
    for array in arrays:
        total = array if total is None else total + array
    return total


def _check_mvlgamma_order(p: Any) -> int:
    p = int_argument(p, "mvlgamma", "p")   # an int, NumPy int or 0-d integer tensor, as in PyTorch
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    return p


@tensor_method()
def mvlgamma(input, p: int, *, out=None):
    """The multivariate log-gamma function of dimension ``p``."""
    if isinstance(input, TensorBase) and input._dtype is _core.bool_:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    p = _check_mvlgamma_order(p)
    return _parametrized_unary("mvlgamma", input, _mvlgamma_compute(p), {"p": p}, out)


@tensor_method()
def mvlgamma_(self, p: int):
    p = _check_mvlgamma_order(p)
    return _parametrized_inplace("mvlgamma", self, _mvlgamma_compute(p), {"p": p})


# ---------------------------------------------------------------------------------------------------
# binary ops outside the Cython fast path
# ---------------------------------------------------------------------------------------------------
def binary_operands(name: str, input: Any, other: Any, result: DType):
    """Arrays of both operands in ``result`` dtype on their common device, and that device."""
    tensor = first_tensor(input, other)
    if isinstance(input, TensorBase) and isinstance(other, TensorBase):
        _core.check_same_device(input, other)
    xp = array_module(tensor._device)
    return xp, operand_array(input, result, tensor._device), operand_array(other, result, tensor._device), \
        tensor._device


def evaluate_binary(name: str, fn: Callable, input: Any, other: Any, result: DType,
                    compute: DType | None = None, params: dict | None = None, record: bool = True):
    """``fn(xp, a, b)`` over the broadcast operands, wrapped as a ``result`` tensor and recorded."""
    xp, a, b, device = binary_operands(name, input, other, compute or result)
    try:
        with _core.quiet_fp():
            array = fn(xp, a, b)
    except ValueError:
        raise _broadcast_error(input, other) from None
    tensor = new_tensor(xp, array, result, device, (input, other))
    if record:
        _core.record(name, (input, other), params, (tensor,))
    return tensor


def iterator_shape(*operands: Any) -> tuple:
    """The shape PyTorch's TensorIterator broadcasts ``operands`` to (numbers are skipped), folding them
    left to right: its RuntimeError names the sizes of the shape so far (tensor a) and of the operand
    that disagrees (tensor b) at the rightmost dim where they do."""
    shape: tuple = ()
    for operand in operands:
        if not isinstance(operand, TensorBase):
            continue
        other = tuple(operand._data.shape)
        if not shape:
            shape = other
        elif other != shape:
            shape = _infer_size(shape, other)
    return shape


def _infer_size(a: tuple, b: tuple) -> tuple:
    n = builtins.max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    for i in range(n - 1, -1, -1):
        if a[i] != b[i] and 1 not in (a[i], b[i]):
            raise RuntimeError(f"The size of tensor a ({a[i]}) must match the size of tensor b ({b[i]}) at "
                               f"non-singleton dimension {i}")
    return tuple(y if x == 1 else x for x, y in zip(a, b))


def _broadcast_error(*operands: Any) -> RuntimeError:
    """PyTorch's error for ``operands`` that do not broadcast together (see :func:`iterator_shape`)."""
    try:
        iterator_shape(*operands)
    except RuntimeError as error:
        return error
    return RuntimeError(f"shapes {[list(t.shape) for t in operands if isinstance(t, TensorBase)]} broadcast")


_EXTREMA = ("maximum", "minimum", "fmax", "fmin")   # complex numbers have no order: PyTorch's own sentence


def _binary_function(name: str, fn: Callable, doc: str, *, floating: bool = False, real_only: bool = False,
                     tensors_only: bool = False, floating_only: bool = False, inplace: bool = True,
                     number_input: bool = False):
    """A function ``name(input, other, *, out=None)`` plus its method and in-place method. ``number_input``:
    ``input`` may be a Python number when ``other`` is a tensor (PyTorch's ``Scalar self`` overload)."""

    def promoted_dtype(input, other):
        if tensors_only:
            require_tensor(other, name, "other", 2)
        return _core.result_type(input, other)

    def refuse_unordered(d):
        """maximum/minimum/fmax/fmin refuse complex numbers with their own sentence, before all else."""
        if real_only and d.is_complex and name in _EXTREMA:
            raise RuntimeError(f"{name} not implemented for complex tensors.")

    def refuse_missing_kernel(d):
        if (real_only and d.is_complex) or (floating_only and is_integral(d)):
            raise not_implemented(name, d)

    def check_cast(promoted, target):
        """PyTorch checks the cast into an out=/in-place target before it looks for a kernel (of one
        that takes only floats, the promoted dtype itself is the result)."""
        check_inplace_dtype(floating_dtype(promoted) if floating and not floating_only else promoted, target)

    def function(input, other, *, out=None):
        if number_input and _is_number(input) and isinstance(other, TensorBase):
            input, other, swapped = other, input, True
        else:
            require_tensor(input, name)
            swapped = False
        # PyTorch's order: maximum/minimum's complex refusal, an out='s overlaps, shapes, the out= dtype,
        # then the kernel's dtypes
        promoted = promoted_dtype(input, other)
        refuse_unordered(promoted)
        if isinstance(out, TensorBase):
            _core.check_out_overlap(out, (input, other))
        if isinstance(input, TensorBase) and isinstance(other, TensorBase):
            _core.broadcast_shape(input, other)
        if isinstance(out, TensorBase):
            check_cast(promoted, out)
        refuse_missing_kernel(promoted)
        d = floating_dtype(promoted) if floating else promoted
        if swapped:
            input, other = other, input
        return finish(evaluate_binary(name, fn, input, other, d), out, name)

    def function_(self, other):
        promoted = promoted_dtype(self, other)
        refuse_unordered(promoted)
        _core.check_out_overlap(self, (other,))     # PyTorch's order: overlaps, shapes, then dtypes
        if isinstance(other, TensorBase):
            check_inplace_broadcast(self, other)
        check_cast(promoted, self)
        refuse_missing_kernel(promoted)
        d = floating_dtype(promoted) if floating else promoted
        xp, a, b, _ = binary_operands(name, self, other, d)
        target = self._data

        def mutate():
            with _core.quiet_fp():
                target[...] = fn(xp, a, b)

        _core.record_inplace(name, self, (self, other), None, mutate)
        return self

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    function_.__name__ = function_.__qualname__ = name + "_"
    tensor_method()(function)
    if not inplace:
        return function, None
    tensor_method()(function_)
    return function, function_


def _is_number(value: Any) -> bool:
    """A Python (or NumPy) bool/int/float/complex: what PyTorch's parser takes for a ``Scalar``."""
    return isinstance(value, (bool, int, float, complex, np.number, np.bool_))


def check_inplace_broadcast(target: TensorBase, other: TensorBase) -> None:
    require_output_shape(target, _core.broadcast_shape(target, other))


def require_output_shape(target: TensorBase, shape: tuple) -> None:
    """PyTorch's refusal to write a result of ``shape`` into the in-place ``target`` of another shape."""
    if tuple(shape) != target._data.shape:
        raise RuntimeError(f"output with shape {list(target._data.shape)} doesn't match the broadcast shape "
                           f"{list(shape)}")


def iterator_operands(*operands: Any, inplace: bool = False) -> tuple:
    """TensorIterator's first checks, in its order: for an in-place op (whose target is the first operand)
    the target's elements sharing memory, then the operands' broadcast shape (see
    :func:`iterator_shape`), then the target's shape; the broadcast shape."""
    if inplace:
        _core.check_internal_overlap(operands[0])
    shape = iterator_shape(*operands)
    if inplace:
        require_output_shape(operands[0], shape)
    return shape


def x_times_log_of(log_name: str) -> Callable:
    """``x * log(y)`` (``log`` the NumPy/CuPy function ``log_name``), 0 where ``x`` is 0 unless ``y`` is
    NaN: xlogy and special.xlog1py."""
    def compute(xp, x, y):
        if not hasattr(y, "dtype"):
            y = xp.asarray(y, dtype=x.dtype)   # PyTorch's log of a number is rounded to the tensor's dtype
        return xp.where(x == 0, xp.where(xp.isnan(y), y, 0), x * getattr(xp, log_name)(y))
    return compute


_xlogy = x_times_log_of("log")


def _float_power_result(input, exponent):
    d = _core.result_type(input, exponent)
    return _core.complex128 if d.is_complex else _core.float64


def _nextafter(xp, a, b):
    return xp.nextafter(a, b)


maximum, _ = _binary_function("maximum", lambda xp, a, b: xp.maximum(a, b), "Elementwise maximum (NaN propagates).",
                              real_only=True, tensors_only=True, inplace=False)
minimum, _ = _binary_function("minimum", lambda xp, a, b: xp.minimum(a, b), "Elementwise minimum (NaN propagates).",
                              real_only=True, tensors_only=True, inplace=False)
fmax, _ = _binary_function("fmax", lambda xp, a, b: xp.fmax(a, b), "Elementwise maximum ignoring NaN.",
                           real_only=True, tensors_only=True, inplace=False)
fmin, _ = _binary_function("fmin", lambda xp, a, b: xp.fmin(a, b), "Elementwise minimum ignoring NaN.",
                           real_only=True, tensors_only=True, inplace=False)
atan2, atan2_ = _binary_function("atan2", lambda xp, a, b: xp.arctan2(a, b), "Quadrant-aware "
                                 "``atan(input / other)``.", floating=True, real_only=True, tensors_only=True)
arctan2, arctan2_ = atan2, atan2_
tensor_method("arctan2")(atan2)
tensor_method("arctan2_")(atan2_)
hypot, hypot_ = _binary_function("hypot", lambda xp, a, b: xp.hypot(a, b), "``sqrt(input² + other²)``.",
                                 real_only=True, tensors_only=True, floating_only=True)
copysign, copysign_ = _binary_function("copysign", lambda xp, a, b: xp.copysign(a, b),
                                       "``|input|`` with the sign of ``other``.", floating=True, real_only=True)
nextafter, nextafter_ = _binary_function("nextafter", _nextafter, "The next representable float after "
                                         "``input`` toward ``other``.", real_only=True, tensors_only=True,
                                         floating_only=True)
def _logaddexp(xp, a, b):
    if a.dtype.kind != "c":
        return xp.logaddexp(a, b)
    # complex: shifted by the operand of larger real part (±inf real parts pass through)
    first = a.real >= b.real
    high, low = xp.where(first, a, b), xp.where(first, b, a)
    return xp.where(xp.isinf(high.real), high, high + xp.log1p(xp.exp(low - high)))


logaddexp, _ = _binary_function("logaddexp", _logaddexp, "``log(exp(input) + exp(other))`` without overflow "
                                "(complex inputs too, as PyTorch's).", tensors_only=True, floating_only=True,
                                inplace=False)
logaddexp2, _ = _binary_function("logaddexp2", lambda xp, a, b: xp.logaddexp2(a, b),
                                 "``log2(2**input + 2**other)`` without overflow.", real_only=True,
                                 tensors_only=True, floating_only=True, inplace=False)
xlogy, xlogy_ = _binary_function("xlogy", _xlogy, "``input * log(other)``, 0 where ``input`` is 0.",
                                 floating=True, real_only=True, number_input=True)


def _fmod(xp, a, b):
    if a.dtype.kind == "b":
        raise NotImplementedError("\"fmod_cpu\" not implemented for 'Bool'")
    if a.dtype.kind in "iu" and not xp.all(b != 0):
        raise RuntimeError("ZeroDivisionError")
    return xp.fmod(a, b)


fmod, fmod_ = _binary_function("fmod", _fmod, "C's ``fmod``: the remainder has the sign of ``input``.",
                               real_only=True)


def _float_power_compute(exponent: Any) -> Callable:
    """``xp.power``, or for a tensor exponent PyTorch's complex power (see ``_core.complex_power``)."""
    if not isinstance(exponent, TensorBase):
        return lambda xp, a, b: xp.power(a, b)
    return lambda xp, a, b: _core.complex_power(xp, a, b) if b.dtype.kind == "c" else xp.power(a, b)


@tensor_method()
def float_power(input, exponent, *, out=None):
    """``input ** exponent`` computed in double precision (complex128 for complex operands)."""
    if not isinstance(input, TensorBase):
        require_tensor(exponent, "float_power", "exponent", 2)
    d = _float_power_result(input, exponent)
    if isinstance(out, TensorBase) and out._dtype is not d:
        raise RuntimeError(f"the output given to float_power has dtype {_core.type_name(out._dtype)} but the "
                           f"operation's result requires dtype {_core.type_name(d)}")
    return finish(evaluate_binary("float_power", _float_power_compute(exponent), input, exponent, d),
                  out, "float_power")


@tensor_method()
def float_power_(self, exponent):
    d = _float_power_result(self, exponent)
    if d is not self._dtype:  # PyTorch refuses the base's dtype before looking at overlaps
        raise RuntimeError(f"the base given to float_power_ has dtype {_core.type_name(self._dtype)} but the "
                           f"operation's result requires dtype {_core.type_name(d)}")
    _core.check_out_overlap(self, (exponent,))
    if isinstance(exponent, TensorBase):
        check_inplace_broadcast(self, exponent)
    xp, a, b, _ = binary_operands("float_power", self, exponent, d)
    target = self._data

    compute = _float_power_compute(exponent)

    def mutate():
        target[...] = compute(xp, a, b)

    _core.record_inplace("float_power", self, (self, exponent), None, mutate)
    return self


# ---------------------------------------------------------------------------------------------------
# clamp and where
# ---------------------------------------------------------------------------------------------------
def _clamp_bounds(op: str, input: Any, min: Any, max: Any) -> tuple:
    """The bounds as PyTorch's argument parser passes them: clamp's overloads take two tensors or two
    numbers, and beside a number a 0-d tensor that does not require grad is read as its number."""
    min, max = scalar_argument(min), scalar_argument(max)
    if not (isinstance(min, TensorBase) or isinstance(max, TensorBase)):
        return min, max
    bounds = [b for b in (min, max) if b is not None]
    if any(isinstance(b, TensorBase) for b in bounds) and not all(isinstance(b, TensorBase) for b in bounds):
        if not all(b._data.ndim == 0 and not b._requires_grad for b in bounds if isinstance(b, TensorBase)):
            got = ", ".join(type(b).__name__ if not isinstance(b, TensorBase) else "Tensor"
                            for b in (input, min, max))
            raise TypeError(f"{op}() received an invalid combination of arguments - got ({got})")
        min, max = (b.item() if isinstance(b, TensorBase) else b for b in (min, max))
    return min, max


def _clamp_result(op: str, input, min, max, out: Any = None, inplace: bool = False) -> DType:
    """The dtype clamp computes in, after PyTorch's checks in its order: both bounds None, a complex input,
    for tensor bounds their shapes (and an in-place target's), the ``out=``/in-place target's dtype, then
    the kernels."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if input._dtype.is_complex:
        raise NotImplementedError("clamp is not supported for complex types")
    bounds = [b for b in (min, max) if b is not None]
    if isinstance(bounds[0], TensorBase):
        return _clamp_tensor_bounds_result(op, input, min, max, out, inplace)
    if op != "clamp" and isinstance(bounds[0], complex):
        raise NotImplementedError("clamp is not supported for complex types")
    # number bounds never promote a floating input (clamp's complex one is converted); others promote it,
    # which an in-place clamp refuses before it looks at complex results
    d = input._dtype if input._dtype.is_floating_point else _core.result_type(input, *bounds)
    if inplace and d is not input._dtype:
        raise RuntimeError(f"result type {_core.type_name(d)} can't be cast to the desired output type "
                           f"{_core.cpp_type_name(input._dtype)}")
    if d.is_complex:
        raise NotImplementedError("clamp is not supported for complex types")
    if inplace:
        _core.check_internal_overlap(input)
    if isinstance(out, TensorBase) and out._dtype is not d:
        raise RuntimeError(f"Found dtype {_core.type_name(out._dtype)} but expected {_core.type_name(d)}")
    if d is _core.bool_:
        kernel = "clamp_scalar_cpu" if min is not None and max is not None else \
            "clamp_min_scalar_cpu" if min is not None else "clamp_max_scalar_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    return d


def _clamp_tensor_bounds_result(op: str, input, min, max, out: Any, inplace: bool) -> DType:
    """Tensor bounds promote with the input; one bound runs PyTorch's maximum/minimum kernel, two its
    clamp kernel (which has no bool instance)."""
    iterator_operands(input, min, max, inplace=inplace)
    d = _core.result_type(input, *(b for b in (min, max) if b is not None))
    target = input if inplace else out
    if isinstance(target, TensorBase):
        check_inplace_dtype(d, target)
    kernel = "clamp_cpu" if min is not None and max is not None else \
        "maximum_cpu" if min is not None else "minimum_cpu"
    if d.is_complex or (d is _core.bool_ and kernel == "clamp_cpu"):
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(d)}'")
    return d


def _clamp_compute(xp, a, lo, hi):
    # maximum-then-minimum: where min > max every element becomes max, as in PyTorch
    if lo is not None:
        a = xp.maximum(a, lo)
    if hi is not None:
        a = xp.minimum(a, hi)
    return a


def _bound(value, d, device):
    """A clamp bound as an operand of dtype ``d`` (the promoted dtype), a number converted with checks."""
    if value is None:
        return None
    if not isinstance(value, TensorBase):     # (a floating kernel reads its number bounds as doubles)
        value = checked_scalar(value, _core.float64 if d.is_floating_point and isinstance(value, complex) else d)
    return operand_array(value, d, device)


def _clamp_params(op: str, min: Any, max: Any) -> dict:
    """What autograd names the node by: the op (``clamp``/``clamp_min``/``clamp_max``) and whether its
    bounds are tensors (PyTorch's overloads, e.g. ClampMinBackward0 for a number, 1 for a tensor)."""
    return {"op": op, "tensor_bounds": isinstance(min, TensorBase) or isinstance(max, TensorBase)}


@tensor_method()
def clamp(input, min=None, max=None, *, out=None):
    """Limit every element to ``[min, max]`` (bounds may be numbers or broadcastable tensors)."""
    return _clamp("clamp", input, min, max, out)


def _clamp(op: str, input, min, max, out):
    require_tensor(input, op)
    min, max = _clamp_bounds(op, input, min, max)
    d = _clamp_result(op, input, min, max, out)
    xp = array_module(input._device)
    try:
        array = _clamp_compute(xp, cast(input._data, d), _bound(min, d, input._device),
                               _bound(max, d, input._device))
    except ValueError:
        raise _broadcast_error(input, *(b for b in (min, max) if isinstance(b, TensorBase))) from None
    result = new_tensor(xp, array, d, input._device, (input, min, max))
    _core.record("clamp", (input, min, max), _clamp_params(op, min, max), (result,))
    return finish(result, out, op)


@tensor_method()
def clamp_(self, min=None, max=None):
    """In-place ``clamp``."""
    return _clamp_inplace("clamp", self, min, max)


def _clamp_inplace(op: str, self, min, max):
    min, max = _clamp_bounds(op + "_", self, min, max)
    d = _clamp_result(op, self, min, max, inplace=True)
    xp = array_module(self._device)
    target = self._data
    lo, hi = _bound(min, d, self._device), _bound(max, d, self._device)

    def mutate():
        target[...] = _clamp_compute(xp, cast(target, d), lo, hi)

    _core.record_inplace("clamp", self, (self, min, max), _clamp_params(op, min, max), mutate)
    return self


@tensor_method()
def clamp_min(input, min, *, out=None):
    """``clamp(input, min=min)`` (its own node name in autograd, as PyTorch's)."""
    return _clamp("clamp_min", input, min, None, out)


@tensor_method()
def clamp_max(input, max, *, out=None):
    """``clamp(input, max=max)`` (its own node name in autograd, as PyTorch's)."""
    return _clamp("clamp_max", input, None, max, out)


@tensor_method()
def clamp_min_(self, min):
    return _clamp_inplace("clamp_min", self, min, None)


@tensor_method()
def clamp_max_(self, max):
    return _clamp_inplace("clamp_max", self, None, max)


clip, clip_ = clamp, clamp_
tensor_method("clip")(clamp)
tensor_method("clip_")(clamp_)


@tensor_method("where")
def _where_method(self, condition, other):
    return where(condition, self, other)


def where(condition, input=None, other=None, *, out=None):
    """``input`` where ``condition`` holds, else ``other`` (broadcast); ``where(condition)`` is
    ``nonzero(condition, as_tuple=True)``."""
    require_tensor(condition, "where", "condition")
    if input is None and other is None:
        xp = array_module(condition._device)
        return tuple(_core.wrap(xp.ascontiguousarray(i.astype(np.int64)), _core.int64, condition._device)
                     for i in xp.nonzero(condition._data))
    if out is not None:   # (only where(condition, Tensor, Tensor) has an out= overload)
        require_tensor(input, "where", "input", 2)
        require_tensor(other, "where", "other", 3)
        _core.check_out_overlap(out, (condition, input, other))
        d = _core.result_type(input, other)
        if isinstance(out, TensorBase) and out._dtype is not d:   # (before the condition's dtype)
            raise RuntimeError(f"Expected out type to be {_core.type_name(d)} but got "
                               f"{_core.type_name(out._dtype)}")
    if condition._dtype is _core.uint8:   # accepted, deprecated, as in PyTorch
        warnings.warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed "
                      "in a future version of PyTorch. Use a boolean condition instead.", UserWarning, stacklevel=2)
        condition = _core.wrap(condition._data != 0, _core.bool_, condition._device)
    elif condition._dtype is not _core.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{_core.type_name(condition._dtype)}")
    input, other = scalar_argument(input), scalar_argument(other)
    d = _core.result_type(input, other)
    # a number is converted to the result dtype with checks (255 into int8 fails), float16 excepted
    input, other = (v if isinstance(v, TensorBase) else checked_scalar(v, d, unchecked_half=True)
                    for v in (input, other))
    device = condition._device
    for v in (input, other):
        if isinstance(v, TensorBase) and v._data.ndim != 0:
            _core.check_same_device(condition, v)
    xp = array_module(device)
    try:
        array = xp.where(condition._data, operand_array(input, d, device), operand_array(other, d, device))
    except ValueError:
        raise _broadcast_error(condition, input, other) from None
    result = new_tensor(xp, array, d, device, (condition, input, other))
    _core.record("where", (condition, input, other), None, (result,))
    return finish(result, out, "where")


# ---------------------------------------------------------------------------------------------------
# lerp, addcmul, addcdiv
# ---------------------------------------------------------------------------------------------------
def _lerp_array(xp, x, e, w):
    """PyTorch's two-sided lerp, exact at both ends: ``x + w·(e − x)`` where ``|w| < 0.5``, else
    ``e − (e − x)·(1 − w)``, each a fused multiply-add in its kernels. float32 products of two float32
    numbers are exact in float64, so that is where the fused steps are evaluated (one rounding, as FMA)."""
    diff = e - x
    wide = np.float64 if x.dtype == np.float32 else None

    def fused(a, b, c):
        if wide is None:
            return a * b + c
        return (xp.asarray(a, dtype=wide) * b.astype(wide) + c.astype(wide)).astype(np.float32)

    low, high = fused(w, diff, x), fused(-diff, 1 - w, e)
    return xp.where(abs(w) < 0.5, low, high)


@tensor_method()
def lerp(input, end, weight, *, out=None):
    """``input + weight * (end - input)``; ``end`` and a tensor ``weight`` of ``input``'s (floating) dtype
    (a 0-d ``weight`` of any dtype)."""
    return _lerp(input, end, weight, out)


def _lerp(input, end, weight, out=None, inplace: bool = False):
    require_tensor(input, "lerp")
    require_tensor(end, "lerp", "end", 2)
    weight = scalar_argument(weight)
    for operand, what in ((end, "end"), (weight, "weight")):
        if isinstance(operand, TensorBase) and operand._dtype is not input._dtype and (
                what == "end" or operand._data.ndim):
            raise RuntimeError(f"expected dtype {_core.cpp_type_name(input._dtype)} for `{what}` but got dtype "
                               f"{_core.cpp_type_name(operand._dtype)}")
    iterator_operands(input, end, weight, inplace=inplace)    # (shapes come before the kernel's dtypes)
    # a 0-d weight of another dtype takes part in TensorIterator's promotion (an int lerp by a float one works)
    d = _core.result_type(input, end, weight) if isinstance(weight, TensorBase) else input._dtype
    target = input if inplace else out
    if isinstance(target, TensorBase) and not target._requires_grad:
        check_inplace_dtype(d, target)
    if not (d.is_floating_point or d.is_complex):
        kernel = "lerp_kernel_tensor" if isinstance(weight, TensorBase) else "lerp_kernel_scalar"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_core.type_name(d)}'")
    weight = weight if isinstance(weight, TensorBase) else checked_scalar(weight, d, opmath=True)
    _core.check_same_device(input, end)
    if isinstance(weight, TensorBase):
        _core.check_same_device(input, weight)
    xp = array_module(input._device)
    opmath = np.dtype(np.float32 if d is _core.float16 else d.numpy_dtype).type
    x, e = input._data.astype(opmath, copy=False), end._data.astype(opmath, copy=False)
    w = weight._data.astype(opmath, copy=False) if isinstance(weight, TensorBase) else opmath(weight)
    try:
        array = _lerp_array(xp, x, e, w)
    except ValueError:
        raise _broadcast_error(input, end, *([weight] if isinstance(weight, TensorBase) else [])) from None
    result = new_tensor(xp, array, d, input._device, (input, end, weight))
    _core.record("lerp", (input, end, weight), None, (result,))
    return finish(result, out, "lerp")


@tensor_method()
def lerp_(self, end, weight):
    require_tensor(self, "lerp_")
    return write_inplace("lerp", self, (end, weight), None, _lerp(*detached(self, end, weight), inplace=True))


_INT64_MIN, _UINT64_END = -2**63, 2**64


def scalar_argument(value: Any) -> bool | int | float | complex:
    """A Python or NumPy number as PyTorch's argument parser reads a ``Scalar``: Python ints from -2**63
    up to 2**64 - 1 (OverflowError beyond), NumPy integers within int64 (TypeError beyond); NumPy's bool
    and complex64 are read as floats (complex64's real part: neither is a Python ``bool``/``complex``).
    Tensors and ``None`` pass unchanged: parsing comes before an op's dtype checks, as in PyTorch."""
    if value is None or isinstance(value, TensorBase):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, np.integer):
        if not _INT64_MIN <= int(value) < -_INT64_MIN:
            raise TypeError("an integer is required")
        return int(value)
    if isinstance(value, int):
        if not _INT64_MIN <= value < _UINT64_END:
            raise OverflowError("can't convert negative int to unsigned" if value < 0 else "int too big to convert")
        return value
    if isinstance(value, complex):   # np.complex128 too
        return complex(value)
    if isinstance(value, (float, np.floating, np.complexfloating, np.bool_)):
        return float(value.real)
    raise TypeError(f"expected a Number, not {type(value).__name__}")


def checked_scalar(value: Any, d: DType, *, opmath: bool = False,
                   unchecked_half: bool = False) -> bool | int | float | complex:
    """``value`` (a Python or NumPy number) converted to ``d``'s element type as PyTorch converts a
    ``Scalar`` argument (c10's ``checked_convert``), as a Python number: a float truncates toward zero into
    an integer type, a negative integer wraps into uint8 (down to -255), bool takes any value; a value out
    of the type's range, NaN/inf into an integer type, or a complex value with an imaginary part into a real
    type is the RuntimeError "value cannot be converted to type ... without overflow".
    ``opmath``: the op computes float16 in float32 and converts its number there (addcmul's ``value``,
    lerp's weight, threshold's bound), so 2**31 passes where ``fill_`` refuses it.
    ``unchecked_half``: the op takes the number to float16 through a double (setitem, ``where``), so
    70000.0 becomes inf there instead of an error."""
    if d is _core.float16 and (opmath or unchecked_half):
        d = _core.float32 if opmath else _core.float64
    kind, low, high, key = _LIMITS.get(d) or _limits(d)
    number = type(value)
    if kind == "f" and (number is float or number is int and _INT64_MIN <= value < -_INT64_MIN):
        # the common case (an alpha, a learning rate, a clamp bound) without the general path
        if abs(value) > high and not (number is float and math.isinf(value)):
            raise _core.overflow_error(key)
        return float(value)
    value = scalar_argument(value)
    if kind == "b":
        return value != 0
    if isinstance(value, bool):   # 0 or 1 fits every type
        return value if kind == "c" else int(value) if kind in "iu" else float(value)
    parts = (value.real, value.imag) if isinstance(value, complex) else (value,)
    if kind != "c" and len(parts) == 2 and parts[1] != 0:
        raise _core.overflow_error(key)
    if kind in "iu":
        return _checked_integer(parts[0], low, high, key)
    # an integer compares exactly; a float's inf and NaN are representable
    if any(abs(p) > high and not math.isinf(p) for p in parts):
        raise _core.overflow_error(key)
    return complex(value) if kind == "c" else float(parts[0])


_LIMITS: dict = {}   # dtype -> (kind, lowest, highest, NumPy name) of checked_scalar's target types


def _limits(d: DType) -> tuple:
    target = np.dtype(d.numpy_dtype)
    if target.kind in "iu":
        info = np.iinfo(target)
        _LIMITS[d] = (target.kind, int(info.min), int(info.max), target.name)
    elif target.kind in "fc":
        _LIMITS[d] = (target.kind, None, float(np.finfo(target).max), target.name)
    else:
        _LIMITS[d] = (target.kind, None, None, target.name)
    return _LIMITS[d]


def _checked_integer(value: int | float, low: int, high: int, name: str) -> int:
    """``value`` into the integer type of range ``[low, high]`` (c10's rules: see :func:`checked_scalar`)."""
    if isinstance(value, int):
        if value > high or value < (-high if low == 0 else low):
            raise _core.overflow_error(name)
        return value % (high + 1) if value < 0 and low == 0 else value
    if math.isnan(value) or value < low or value > float(high):
        raise _core.overflow_error(name)
    result = math.trunc(value)
    # 2.0**63 passes c10's test (int64's maximum rounds up to it as a double); x86 converts it to the minimum
    return result if result <= high else low


def _in_opmath(d: DType, *tensors: TensorBase) -> tuple:
    """``tensors`` in the type PyTorch computes dtype ``d`` in: float32 for float16 (a ``value`` of 2**31
    times zero is then zero, not inf * 0)."""
    return tuple(t.to(_core.float32) for t in tensors) if d is _core.float16 else tensors


def _addc_dtype(name: str, input, tensor1, tensor2, target: Any = None, inplace: bool = False) -> DType:
    """addcmul/addcdiv's dtype after PyTorch's checks in its order: the operands' types, their shapes (and
    an in-place target's), the ``out=``/in-place target's dtype, then the kernel (none for bool)."""
    for position, (operand, what) in enumerate(((input, "input"), (tensor1, "tensor1"), (tensor2, "tensor2"))):
        require_tensor(operand, name, what, position + 1)
    iterator_operands(input, tensor1, tensor2, inplace=inplace)
    d = _core.result_type(*(t for t in (input, tensor1, tensor2)))
    if isinstance(target, TensorBase) and not target._requires_grad:
        check_inplace_dtype(d, target)
    if d is _core.bool_:
        raise NotImplementedError(f"\"{name}_cpu_out\" not implemented for 'Bool'")
    return d


def _promoted(d: DType, *tensors: TensorBase) -> tuple:
    """``tensors`` detached and in their common dtype ``d`` (uint8 factors of an int32 sum multiply in int32)."""
    return tuple(t.detach() if t._dtype is d else t.detach().to(d) for t in tensors)


@tensor_method()
def addcmul(input, tensor1, tensor2, *, value: Any = 1, out=None):
    """``input + value * tensor1 * tensor2`` in the tensors' dtype (``value`` converted to it)."""
    value = scalar_argument(value)
    d = _addc_dtype("addcmul", input, tensor1, tensor2, out)
    value = checked_scalar(value, d, opmath=True)
    x, t1, t2 = _in_opmath(d, *_promoted(d, input, tensor1, tensor2))
    result = _iterator_laid_out(x + value * (t1 * t2), d, (input, tensor1, tensor2))
    _core.record("addcmul", (input, tensor1, tensor2), {"value": value}, (result,))
    return finish(result, out, "addcmul")


@tensor_method()
def addcdiv(input, tensor1, tensor2, *, value: Any = 1, out=None):
    """``input + value * tensor1 / tensor2``."""
    value = scalar_argument(value)
    if all(isinstance(t, TensorBase) and is_integral(t._dtype) for t in (tensor1, tensor2)):
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future  release "
                           "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
                           "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))"
                           ".to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
                           "float inputs. The future addcdiv behavior is just the latter implementation: "
                           "(input + value * tensor1 / tensor2), for all dtypes.")
    d = _addc_dtype("addcdiv", input, tensor1, tensor2, out)
    value = checked_scalar(value, d, opmath=True)
    x, t1, t2 = _in_opmath(d, *_promoted(d, input, tensor1, tensor2))
    result = _iterator_laid_out(x + value * (t1 / t2), d, (input, tensor1, tensor2))
    _core.record("addcdiv", (input, tensor1, tensor2), {"value": value}, (result,))
    return finish(result, out, "addcdiv")


def _iterator_laid_out(result: TensorBase, d: DType, operands: tuple) -> TensorBase:
    """A composite op's fresh ``result`` in dtype ``d`` and in TensorIterator's layout for ``operands``."""
    array = result._data.astype(d.numpy_dtype, copy=False)
    return new_tensor(array_module(result._device), array, d, result._device, operands)


@tensor_method()
def addcmul_(self, tensor1, tensor2, *, value: Any = 1):
    value = scalar_argument(value)
    _addc_dtype("addcmul", self, tensor1, tensor2, self, inplace=True)
    result = addcmul(*detached(self, tensor1, tensor2), value=value)
    return write_inplace("addcmul", self, (tensor1, tensor2), {"value": value}, result)


@tensor_method()
def addcdiv_(self, tensor1, tensor2, *, value: Any = 1):
    value = scalar_argument(value)
    if not (all(isinstance(t, TensorBase) and is_integral(t._dtype) for t in (tensor1, tensor2))):
        _addc_dtype("addcdiv", self, tensor1, tensor2, self, inplace=True)
    result = addcdiv(*detached(self, tensor1, tensor2), value=value)
    return write_inplace("addcdiv", self, (tensor1, tensor2), {"value": value}, result)


def write_inplace(name: str, self: TensorBase, others: tuple, params: Any, result: TensorBase) -> TensorBase:
    """Store ``result`` (op ``name`` evaluated out of place on detached operands) into ``self`` and report
    it as the in-place op ``name`` with inputs ``(self, *others)``: autograd keeps ``self``'s old value
    for the formula, as PyTorch does, where ``self.copy_(op(self, ...))`` would save ``self`` and then
    overwrite it (backward then fails the saved-version check)."""
    require_output_shape(self, result._data.shape)   # (TensorIterator's order: the shape, then the dtype)
    check_inplace_dtype(result._dtype, self)
    target, source = self._data, result._data

    def mutate():
        target[...] = source

    _core.record_inplace(name, self, (self, *others), params, mutate)
    return self


def detached(*values: Any) -> tuple:
    """Tensors detached (numbers kept): a composite op evaluates on these so that autograd sees only
    the composite itself, recorded once, not its pieces."""
    return tuple(v.detach() if isinstance(v, TensorBase) else v for v in values)


# ---------------------------------------------------------------------------------------------------
# predicates, comparisons and nan_to_num
# ---------------------------------------------------------------------------------------------------
def _predicate(name: str, compute: Compute, doc: str, *, takes_out: bool = False):
    """A bool-valued test; ``takes_out``: PyTorch's form has ``out=``, which must be a bool tensor."""
    def function(input):
        require_tensor(input, name)
        xp = array_module(input._device)
        return new_tensor(xp, compute(xp, input._data), _core.bool_, input._device, (input,))

    if takes_out:
        test = function

        def function(input, *, out=None):  # noqa: F811
            result = test(input)
            if isinstance(out, TensorBase) and out._dtype is not _core.bool_:
                raise RuntimeError(f"{name} does not support non-boolean outputs.")
            return finish(result, out, name)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return tensor_method()(function)


def _real_only_predicate(name: str, fn: Compute) -> Compute:
    def compute(xp, a):
        if a.dtype.kind == "c":
            raise RuntimeError(f"{name} does not support complex inputs.")
        if a.dtype.kind in "biu":
            return xp.zeros(a.shape, dtype=bool)
        return fn(xp, a)
    return compute


def _floating_or_false(fn: Compute) -> Compute:
    return lambda xp, a: xp.zeros(a.shape, dtype=bool) if a.dtype.kind in "biu" else fn(xp, a)


isnan = _predicate("isnan", lambda xp, a: xp.isnan(a) if a.dtype.kind in "fc" else xp.zeros(a.shape, bool),
                   "Where elements are NaN.")
isinf = _predicate("isinf", _floating_or_false(lambda xp, a: xp.isinf(a)), "Where elements are ±inf.")
isfinite = _predicate("isfinite", lambda xp, a: xp.isfinite(a) if a.dtype.kind in "fc"
                      else xp.ones(a.shape, bool), "Where elements are neither inf nor NaN.")
isposinf = _predicate("isposinf", _real_only_predicate("isposinf", lambda xp, a: xp.isposinf(a)),
                      "Where elements are +inf.", takes_out=True)
isneginf = _predicate("isneginf", _real_only_predicate("isneginf", lambda xp, a: xp.isneginf(a)),
                      "Where elements are -inf.", takes_out=True)
isreal = _predicate("isreal", lambda xp, a: a.imag == 0 if a.dtype.kind == "c" else xp.ones(a.shape, bool),
                    "Where elements have no imaginary part.")
def _signbit(xp, a):
    if a.dtype.kind == "c":
        raise NotImplementedError("signbit is not implemented for complex tensors.")
    return xp.signbit(a) if a.dtype.kind != "b" else xp.zeros(a.shape, bool)


signbit = _predicate("signbit", _signbit, "Where the sign bit is set.", takes_out=True)


@tensor_method()
def isclose(input, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
    """``|input - other| <= atol + rtol * |other|`` elementwise."""
    require_tensor(input, "isclose")
    require_tensor(other, "isclose", "other", 2)
    if input._dtype is not other._dtype:
        raise RuntimeError(f"{_core.type_name(input._dtype)} did not match {_core.type_name(other._dtype)}")
    for what, tolerance in (("rtol", rtol), ("atol", atol)):
        if tolerance < 0:
            shown = int(tolerance) if float(tolerance).is_integer() else tolerance
            raise RuntimeError(f"{what} must be greater than or equal to zero, but got {shown}")
    if input._dtype is _core.bool_:
        return _core.binary("eq", input, other)
    d = floating_dtype(input._dtype)
    xp, a, b, device = binary_operands("isclose", input, other, d)
    try:
        array = xp.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    except ValueError:
        raise _broadcast_error(input, other) from None
    return new_tensor(xp, array, _core.bool_, device, (input, other))


@tensor_method()
def allclose(input, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


@tensor_method()
def equal(input, other) -> bool:
    """True when both tensors have the same shape and elements."""
    require_tensor(input, "equal")
    require_tensor(other, "equal", "other", 2)
    _core.check_same_device(input, other)
    if input._data.shape != other._data.shape:
        return False
    return bool((input == other)._data.all())


def _nan_to_num_compute(nan, posinf, neginf) -> Compute:
    def compute(xp, a):
        if a.dtype.kind not in "fc":
            return a.copy()
        info = np.finfo(a.dtype)
        return xp.nan_to_num(a, nan=0.0 if nan is None else nan,
                             posinf=info.max if posinf is None else posinf,
                             neginf=info.min if neginf is None else neginf)
    return compute


@tensor_method()
def nan_to_num(input, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None, *, out=None):
    """NaN → ``nan``, +inf → ``posinf`` (default: the dtype's max), -inf → ``neginf`` (its min)."""
    require_tensor(input, "nan_to_num")
    if isinstance(out, TensorBase) and out._dtype is not input._dtype:
        raise RuntimeError(f"nan_to_num: dtype of out: {_core.type_name(out._dtype)} should be same as input: "
                           f"{_core.type_name(input._dtype)}")
    xp = array_module(input._device)
    result = new_tensor(xp, _nan_to_num_compute(nan, posinf, neginf)(xp, input._data), input._dtype,
                        input._device, (input,))
    _core.record("nan_to_num", (input,), {"nan": nan, "posinf": posinf, "neginf": neginf}, (result,))
    return finish(result, out, "nan_to_num")


@tensor_method()
def nan_to_num_(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None):
    if is_integral(self._dtype):   # PyTorch copies an integer tensor onto itself: nothing to write
        _core.bump_version(self)
        return self
    xp = array_module(self._device)
    target = self._data

    def mutate():
        target[...] = _nan_to_num_compute(nan, posinf, neginf)(xp, target)

    _core.record_inplace("nan_to_num", self, (self,), {"nan": nan, "posinf": posinf, "neginf": neginf}, mutate)
    return self


# ---------------------------------------------------------------------------------------------------
# logical and bitwise
# ---------------------------------------------------------------------------------------------------
def _logical(name: str, ufunc_name: str):
    def function(input, other, *, out=None):
        require_tensor(input, name)
        require_tensor(other, name, "other", 2)
        _core.check_same_device(input, other)
        xp = array_module(input._device)
        try:
            array = getattr(xp, ufunc_name)(input._data, other._data)
        except ValueError:
            raise _broadcast_error(input, other) from None
        return finish(new_tensor(xp, array, _core.bool_, input._device, (input, other)), out, name)

    def function_(self, other):
        require_tensor(other, name, "other", 2)
        _core.check_out_overlap(self, (other,))  # an expanded target is refused before any shape check
        result = function(self, other)
        check_inplace_broadcast(self, other)
        target = self._data

        def mutate():
            target[...] = result._data

        _core.record_inplace(name, self, (self, other), None, mutate)
        return self

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Elementwise ``{ufunc_name}`` of the truth values; a bool tensor."
    function_.__name__ = function_.__qualname__ = name + "_"
    return tensor_method()(function), tensor_method()(function_)


logical_and, logical_and_ = _logical("logical_and", "logical_and")
logical_or, logical_or_ = _logical("logical_or", "logical_or")
logical_xor, logical_xor_ = _logical("logical_xor", "logical_xor")


@tensor_method()
def logical_not(input, *, out=None):
    require_tensor(input, "logical_not")
    xp = array_module(input._device)
    return finish(new_tensor(xp, xp.logical_not(input._data), _core.bool_, input._device, (input,)), out,
                  "logical_not")


@tensor_method()
def logical_not_(self):
    return self.copy_(logical_not(self))


def _bitwise(name: str, hot_name: str):
    def function(input, other, *, out=None):
        return _core.binary(hot_name, input, other, out)

    def function_(self, other):
        return _core.binary_inplace(hot_name, self, other)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Elementwise ``{name}`` of integer or bool tensors."
    function_.__name__ = function_.__qualname__ = name + "_"
    return tensor_method()(function), tensor_method()(function_)


bitwise_and, bitwise_and_ = _bitwise("bitwise_and", "bitwise_and")
bitwise_or, bitwise_or_ = _bitwise("bitwise_or", "bitwise_or")
bitwise_xor, bitwise_xor_ = _bitwise("bitwise_xor", "bitwise_xor")
bitwise_left_shift, bitwise_left_shift_ = _bitwise("bitwise_left_shift", "bitwise_left_shift")
bitwise_right_shift, bitwise_right_shift_ = _bitwise("bitwise_right_shift", "bitwise_right_shift")


@tensor_method()
def bitwise_not(input, *, out=None):
    require_tensor(input, "bitwise_not")
    check_same_dtype_out(out, input._dtype)
    check_tensor_kind("bitwise_not", input, "fc")
    return finish(~input, out, "bitwise_not")


@tensor_method()
def bitwise_not_(self):
    check_tensor_kind("bitwise_not", self, "fc")
    return self.copy_(~self)


__all__ = [
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "sin", "cos", "tan", "asin", "acos",
    "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "arcsin", "arccos", "arctan", "arcsinh", "arccosh",
    "arctanh", "sigmoid", "erf", "erfc", "erfinv", "lgamma", "digamma", "i0", "sinc", "reciprocal", "logit",
    "polygamma", "mvlgamma", "sign", "sgn", "square", "floor", "ceil", "trunc", "fix", "frac", "round", "maximum",
    "minimum", "fmax", "fmin", "atan2", "arctan2", "hypot", "copysign", "nextafter", "logaddexp", "logaddexp2",
    "xlogy", "fmod", "float_power", "clamp", "clamp_min", "clamp_max", "clip", "where", "lerp", "addcmul",
    "addcdiv", "isnan", "isinf", "isfinite", "isposinf", "isneginf", "isreal", "signbit", "isclose", "allclose",
    "equal", "nan_to_num", "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or",
    "bitwise_xor", "bitwise_not", "bitwise_left_shift", "bitwise_right_shift",
]

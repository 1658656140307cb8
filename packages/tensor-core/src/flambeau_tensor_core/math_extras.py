"""More pointwise math: ``gcd``/``lcm``, ``ldexp``/``frexp``, ``heaviside``, ``deg2rad``/``rad2deg``,
the regularized incomplete gamma functions ``igamma``/``igammac`` (``special.gammainc``/``gammaincc``),
``special.erfcx``, ``isin``, ``renorm`` and ``dist``.

Ops PyTorch defines as compositions (``ldexp = input * 2**other``, ``dist = ‖input - other‖_p``,
``renorm``, ``deg2rad``) are written with Tensor ops, so autograd differentiates them (twice) without a
formula of their own. The primitives record under PyTorch's names. NumPy lacks the incomplete gamma
function and a stable ``erfcx``, so both are evaluated here in float64 (CuPy has them in
``cupyx.scipy.special``).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _core
from ._backend import array_module
from ._core import TensorBase
from .pointwise import (
    _binary_function,
    check_inplace_broadcast,
    floating_dtype,
    is_integral,
    kernel_or_ufunc,
    require_tensor,
    unary_function,
    where,
)
from .return_types import named_result
from .tensor import normalize_dim, tensor_method


# ---- gcd / lcm ------------------------------------------------------------------------------------
def _integer_ufunc(name: str):
    """``xp.<name>(a, b)``, refusing the bool and floating dtypes PyTorch has no kernel for."""
    def compute(xp, a, b):
        if a.dtype.kind not in "iu":
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for "
                                      f"'{_core.type_name(_core.dtype_from_numpy(a.dtype))}'")
        return getattr(xp, name)(a, b)
    return compute


gcd, gcd_ = _binary_function("gcd", _integer_ufunc("gcd"), "Greatest common divisor (non-negative).",
                             tensors_only=True)
def _lcm(xp, a, b):
    """PyTorch's ``|a / gcd · b|`` (0 where the gcd is 0): its wrap-around on overflow, not NumPy's
    ``|a| / gcd · |b|`` (the caller casts the result to the operands' dtype)."""
    if a.dtype.kind not in "iu":
        return _integer_ufunc("lcm")(xp, a, b)   # (which refuses it with PyTorch's message)
    divisor = xp.gcd(a, b)
    wide = np.int32 if a.dtype.itemsize < 4 else a.dtype    # (C++ evaluates small integers as int)
    a, b, divisor = a.astype(wide), b.astype(wide), divisor.astype(wide)
    with np.errstate(all="ignore"):
        return xp.where(divisor == 0, 0, xp.abs(a // xp.where(divisor == 0, 1, divisor) * b))


lcm, lcm_ = _binary_function("lcm", _lcm, "Least common multiple (non-negative).", tensors_only=True)


# ---- ldexp / frexp --------------------------------------------------------------------------------
def _powers_of_two(other: Any, op: str, d: Any) -> TensorBase:
    """``2 ** other``: an integer exponent is raised in the result's float dtype ``d`` (PyTorch's
    ``2 ** 253`` is finite for a float64 input), a float one in its own dtype."""
    require_tensor(other, op, "other", 2)
    return 2.0 ** (other.to(d) if is_integral(other.dtype) and not is_integral(d) else other)


def _check_ldexp_target(target: TensorBase) -> None:
    """PyTorch's ldexp writes only into float or complex tensors (its sentence names the op, not a type)."""
    if is_integral(target.dtype):
        raise RuntimeError(f"ldexp can't be cast to the desired output type {_core.type_name(target.dtype)}")


def _check_ldexp_exponent(base: TensorBase, exponent: TensorBase) -> None:
    """A floating base's kernel takes no bool exponents."""
    if base.dtype.is_floating_point and exponent.dtype is _core.bool_:
        raise NotImplementedError("\"ldexp_cpu_exp\" not implemented for 'Bool'")


@tensor_method()
def ldexp(input, other, *, out=None):
    """``input * 2 ** other`` (PyTorch's definition, so integer operands give a float result)."""
    from .arithmetic import mul
    require_tensor(input, "ldexp")
    require_tensor(other, "ldexp", "other", 2)
    if isinstance(out, TensorBase):
        _check_ldexp_target(out)
    _check_ldexp_exponent(input, other)
    # the operands' promoted dtype (a float for integers)
    d = floating_dtype(_core.result_type(input, other))
    return mul(input.to(d), _powers_of_two(other, "ldexp", d).to(d), out=out)


@tensor_method()
def ldexp_(self, other):
    require_tensor(other, "ldexp_", "other", 2)
    _check_ldexp_target(self)
    check_inplace_broadcast(self, other)    # (the product's shapes come before the exponent's kernel)
    _check_ldexp_exponent(self, other)
    return self.mul_(_powers_of_two(other, "ldexp_", self.dtype))


FrexpResult = named_result("frexp", ("mantissa", "exponent"))


@tensor_method()
def frexp(input, *, out=None) -> FrexpResult:
    """``input = mantissa * 2 ** exponent`` with ``0.5 <= |mantissa| < 1``; the exponent is int32."""
    require_tensor(input, "frexp")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"torch.frexp() only supports floating-point dtypes, got {_core.type_name(input.dtype)}")
    mantissa, exponent = array_module(input.device).frexp(input._data)
    result = FrexpResult(_core.wrap(mantissa, input.dtype, input.device),
                         _core.wrap(exponent.astype(np.int32), _core.int32, input.device))
    _core.record("frexp", (input,), None, tuple(result))
    if out is None:
        return result
    return FrexpResult(*_core.copy_into_outs(tuple(result), out, "frexp"))


# ---- heaviside ------------------------------------------------------------------------------------
def _step(xp, a, b):
    return xp.where(a == 0, b, a > 0)


_heaviside, _heaviside_ = _binary_function("heaviside", _step, "", tensors_only=True, real_only=True)


def _check_heaviside(input: TensorBase, values: Any, out: Any = None) -> None:
    """PyTorch's refusals, which count an ``out=`` tensor among the tensors (ours name the dtypes)."""
    require_tensor(values, "heaviside", "values", 2)
    tensors = [input, values] + ([out] if isinstance(out, TensorBase) else [])
    if any(t.dtype.is_complex for t in tensors):
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    if any(t.dtype is not input.dtype for t in tensors):
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes "
                           f"({' and '.join(_core.type_name(t.dtype) for t in tensors)}).")


@tensor_method()
def heaviside(input, values, *, out=None):
    """The step function: 0 where ``input < 0``, 1 where ``input > 0``, ``values`` where it is 0."""
    require_tensor(input, "heaviside")
    _check_heaviside(input, values, out)
    return _heaviside(input, values, out=out)


@tensor_method()
def heaviside_(self, values):
    _check_heaviside(self, values)
    return _heaviside_(self, values)


# ---- angle conversions ----------------------------------------------------------------------------
def _angle_conversion(name: str, factor: float):
    def convert(input, *, out=None):
        require_tensor(input, name)
        if input.dtype.is_complex:
            raise RuntimeError(f"{name} is not supported for complex tensors.")
        if is_integral(input.dtype):
            input = input.to(floating_dtype(input.dtype))
        result = input * factor
        return result if out is None else _core.copy_into_out(result, out, name)

    def convert_(self):
        if self.dtype.is_complex:
            raise RuntimeError(f"{name} is not supported for complex tensors.")
        return self.mul_(factor)

    convert.__name__ = convert.__qualname__ = name
    convert.__doc__ = f"``{name}``: multiply by {factor!r} (integers give the default float dtype)."
    convert_.__name__ = convert_.__qualname__ = name + "_"
    return tensor_method()(convert), tensor_method()(convert_)


deg2rad, deg2rad_ = _angle_conversion("deg2rad", math.pi / 180.0)
rad2deg, rad2deg_ = _angle_conversion("rad2deg", 180.0 / math.pi)


# ---- regularized incomplete gamma functions -------------------------------------------------------
_MAX_ITERATIONS = 100_000
_TINY = 1e-300


def _lgamma(a):
    return kernel_or_ufunc("lgamma", None)(np, a)


def _lower_series(a, x):
    """``Σ xⁿ / (a (a+1) … (a+n))``: converges fast for ``x < a + 1``."""
    term = 1.0 / a
    total = term.copy()
    denominator = a.copy()
    for _ in range(_MAX_ITERATIONS):
        denominator += 1.0
        term *= x / denominator
        total += term
        if not np.any(np.abs(term) > np.abs(total) * 1e-17):
            break
    return total


def _upper_continued_fraction(a, x):
    """Legendre's continued fraction of ``Γ(a, x) eˣ x⁻ᵃ`` by the modified Lentz method (``x >= a + 1``)."""
    b = x + 1.0 - a
    c = np.full_like(x, 1.0 / _TINY)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, _MAX_ITERATIONS):
        an = -i * (i - a)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        delta = d * c
        h *= delta
        if not np.any(np.abs(delta - 1.0) > 1e-16):
            break
    return h


def regularized_gamma(a, x, upper: bool):
    """``P(a, x) = γ(a, x) / Γ(a)`` (or ``Q = 1 - P`` when ``upper``) of broadcastable float arrays,
    with PyTorch's values at the edges (NaN for negative arguments, limits at 0 and infinity)."""
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    result = np.full(a.shape, np.nan)
    with _core.quiet_fp():
        # limits, written as P; Q is 1 - P there
        result[(a > 0) & (x == 0)] = 0.0
        result[(a == 0) & (x > 0)] = 1.0
        result[np.isposinf(x) & (a > 0) & np.isfinite(a)] = 1.0
        result[np.isposinf(a) & (x >= 0) & np.isfinite(x)] = 0.0
        if upper:
            np.subtract(1.0, result, out=result)    # (in place: a 0-d result must stay an array)
        regular = (a > 0) & (x > 0) & np.isfinite(a) & np.isfinite(x)
        series = regular & (x < a + 1.0)
        fraction = regular & ~series
        for mask, evaluate, gives_upper in ((series, _lower_series, False),
                                            (fraction, _upper_continued_fraction, True)):
            if not mask.any():
                continue
            am, xm = a[mask], x[mask]
            scale = np.exp(am * np.log(xm) - xm - _lgamma(am))
            value = evaluate(am, xm) * scale
            result[mask] = value if gives_upper == upper else 1.0 - value
    return result


def _incomplete_gamma(upper: bool):
    def compute(xp, a, x):
        if xp is np:
            return regularized_gamma(a, x, upper)
        import cupyx.scipy.special as special
        return (special.gammaincc if upper else special.gammainc)(a, x)
    return compute


igamma, igamma_ = _binary_function("igamma", _incomplete_gamma(False), "The regularized lower incomplete "
                                   "gamma function ``P(input, other)``.", floating=True, real_only=True,
                                   tensors_only=True, floating_only=True)
igammac, igammac_ = _binary_function("igammac", _incomplete_gamma(True), "The regularized upper incomplete "
                                     "gamma function ``Q(input, other) = 1 - P(input, other)``.", floating=True,
                                     real_only=True, tensors_only=True, floating_only=True)
gammainc, gammaincc = igamma, igammac


# ---- erfcx ----------------------------------------------------------------------------------------
_ERFCX_ASYMPTOTIC_FROM = 25.0   # beyond, exp(x²) overflows while the asymptotic series is exact to eps


def _erfcx_float64(x):
    erfc = kernel_or_ufunc("erfc", None)
    with _core.quiet_fp():
        direct = np.exp(x * x) * erfc(np, x)
        # erfcx(x) ~ 1/(x√π) Σ (-1)ᵏ (2k-1)!! / (2x²)ᵏ
        inverse_2x2 = 1.0 / (2.0 * x * x)
        series, term = np.ones_like(x), np.ones_like(x)
        for k in range(1, 8):
            term = term * -(2 * k - 1) * inverse_2x2
            series += term
        asymptotic = series / (x * math.sqrt(math.pi))
    return np.where(x >= _ERFCX_ASYMPTOTIC_FROM, asymptotic, direct)


def _erfcx(xp, a):
    if xp is not np:
        import cupyx.scipy.special as special
        return special.erfcx(a)
    return _erfcx_float64(a.astype(np.float64)).astype(a.dtype)


erfcx = unary_function("erfcx", _erfcx, floating_dtype, "The scaled complementary error function "
                       "``exp(x²) erfc(x)``, finite far into the right tail.", rejected="ch",
                       record_name="special_erfcx")


# ---- isin -----------------------------------------------------------------------------------------
def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False):
    """Whether each of ``elements`` occurs in ``test_elements`` (either may be a scalar); a bool tensor."""
    tensors = [t for t in (elements, test_elements) if isinstance(t, TensorBase)]
    if not tensors:
        raise TypeError("isin() received an invalid combination of arguments - at least one of 'elements' "
                        "and 'test_elements' must be a Tensor")
    if len(tensors) == 2:
        _core.check_same_device(*tensors)
    for t in tensors:
        if t.dtype is _core.bool_:
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    device = tensors[0].device
    xp = array_module(device)
    values = elements._data if isinstance(elements, TensorBase) else xp.asarray(elements)
    tests = test_elements._data if isinstance(test_elements, TensorBase) else xp.asarray([test_elements])
    found = xp.isin(values, tests.ravel(), assume_unique=assume_unique, invert=invert)
    return _core.wrap(xp.asarray(found, dtype=bool), _core.bool_, device)


# ---- renorm / dist --------------------------------------------------------------------------------
def _renormed(input: TensorBase, p: float, dim: int, maxnorm: float) -> TensorBase:
    from .linalg import vector_norm
    require_tensor(input, "renorm")
    if p <= 0:
        raise RuntimeError(f"renorm: non-positive-norm not supported (p={p})")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if input.dim() <= 1:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.dim()} dimensions")
    dim = normalize_dim(dim, input.dim())
    others = tuple(d for d in range(input.dim()) if d != dim)
    norms = vector_norm(input, p, others, keepdim=True)
    # PyTorch's factor, epsilon included, so results agree to the last bit
    factor = where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0)
    return input * factor


@tensor_method()
def renorm(input, p: float, dim: int, maxnorm: float, *, out=None):
    """Each slice along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to norm ``maxnorm``."""
    result = _renormed(input, p, dim, maxnorm)
    return result if out is None else _core.copy_into_out(result, out, "renorm")


@tensor_method()
def renorm_(self, p: float, dim: int, maxnorm: float):
    # renorm is a composite whose pieces save their input: under autograd they must read a copy of
    # ``self``, not ``self``, which the copy_ below overwrites
    source = self.clone() if self.requires_grad else self
    return self.copy_(_renormed(source, p, dim, maxnorm))


@tensor_method()
def dist(input, other, p: float = 2):
    """``‖input - other‖_p`` over all (broadcast) elements."""
    from .linalg import vector_norm
    require_tensor(input, "dist")
    require_tensor(other, "dist", "other", 2)
    difference = input - other
    if not (difference.dtype.is_floating_point or difference.dtype.is_complex):
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got "
                           f"{_core.type_name(difference.dtype)} instead.")
    return vector_norm(difference, p)


__all__ = ["gcd", "gcd_", "lcm", "lcm_", "ldexp", "ldexp_", "frexp", "FrexpResult", "heaviside", "deg2rad", "deg2rad_",
           "rad2deg", "rad2deg_", "igamma", "igammac", "isin", "renorm", "dist"]

"""CUDA side of the pointwise kernels: ``unary_contiguous`` (``pointwise.cu``) for exp/log/tanh/sigmoid
and ``cupyx.scipy.special`` for the special functions that pointwise_cpu.pyx implements on CPU."""
from __future__ import annotations

import os

from ._cuda_module import load_cuda_module

_SOURCE = os.path.join(os.path.dirname(__file__), "pointwise.cu")
RAW_OPS = {"exp": 0, "log": 1, "tanh": 2, "sigmoid": 3}
_TYPES = {"float32": "float", "float64": "double"}
# flambeau name -> cupyx.scipy.special name
_SPECIAL = {"erf": "erf", "erfc": "erfc", "erfinv": "erfinv", "lgamma": "gammaln", "digamma": "digamma",
            "trigamma": "trigamma",
            "i0": "i0", "i0e": "i0e", "i1": "i1", "i1e": "i1e", "ndtr": "ndtr", "ndtri": "ndtri",
            "log_ndtr": "log_ndtr", "bessel_j0": "j0", "bessel_j1": "j1"}


def _raw_unary(name: str, a):
    import cupy

    if not a.flags.c_contiguous:
        a = a.copy()       # C order; ascontiguousarray would make a 0-d array 1-d
    out = cupy.empty_like(a)
    if a.size == 0:
        return out
    names = [f"unary_contiguous<{ctype}, {op}>" for ctype in _TYPES.values() for op in RAW_OPS.values()]
    kernel = load_cuda_module(_SOURCE, names).get_function(
        f"unary_contiguous<{_TYPES[a.dtype.name]}, {RAW_OPS[name]}>")
    threads = 256
    kernel((min((a.size + threads - 1) // threads, 65535),), (threads,), (a, out, cupy.int64(a.size)))
    return out


def unary(name: str, a):
    """``name`` applied elementwise to the CuPy float array ``a`` (float16 is evaluated in float32)."""
    import cupy

    if a.dtype == cupy.float16:
        return unary(name, a.astype(cupy.float32)).astype(cupy.float16)
    if name in RAW_OPS:
        return _raw_unary(name, a)
    import cupyx.scipy.special as special

    if name == "trigamma":   # psi'(x) = zeta(2, x) (cupyx's polygamma wants an array order)
        return special.zeta(2.0, a)
    return at_infinity(name, a, getattr(special, _SPECIAL[name])(a))


# PyTorch's (and the CPU kernels') values at +-inf, which cupyx.scipy.special's series for large
# arguments do not all give
_AT_INFINITY = {"i0": float("nan"), "i1": float("nan"), "bessel_j0": float("nan"), "bessel_j1": float("nan"),
                "sinc": float("nan"), "i0e": 0.0, "i1e": 0.0}


def at_infinity(name: str, a, result):
    """``result`` (of ``name`` on the CuPy array ``a``) with PyTorch's values where ``a`` is +-inf, and
    NaN where ``a`` is NaN (``cupy.sinc(nan)`` is 1)."""
    import cupy

    fill = _AT_INFINITY.get(name)
    if fill is None:
        return result
    value = cupy.copysign(0.0, a).astype(result.dtype) if name == "i1e" else result.dtype.type(fill)
    return cupy.where(cupy.isnan(a), a.astype(result.dtype), cupy.where(cupy.isinf(a), value, result))

"""CUDA side of the elementwise ops: CuPy ufuncs for the general (broadcasting) case and the
``binary_contiguous`` RawKernel from ``elementwise.cu`` for same-shape contiguous float arrays."""
from __future__ import annotations

import os

from ._cuda_module import load_cuda_module

_SOURCE = os.path.join(os.path.dirname(__file__), "elementwise.cu")
_OP_COUNT = 4   # add, sub, mul, div: the ops with a RawKernel
_TYPES = {"float32": "float", "float64": "double"}


def _kernel_names() -> list[str]:
    return [f"binary_contiguous<{ctype}, {op}>" for ctype in _TYPES.values() for op in range(_OP_COUNT)]


def binary_contiguous(op: int, a, b):
    """``a <op> b`` on the GPU with the RawKernel (inputs: same shape, dtype, C-contiguous)."""
    import cupy

    out = cupy.empty_like(a)
    n = a.size
    if n == 0:
        return out
    module = load_cuda_module(_SOURCE, _kernel_names())
    kernel = module.get_function(f"binary_contiguous<{_TYPES[a.dtype.name]}, {op}>")
    threads = 256
    blocks = min((n + threads - 1) // threads, 65535)
    kernel((blocks,), (threads,), (a, b, out, cupy.int64(n)))
    return out


class _RawOrUfunc:
    """Callable with a ufunc's signature that takes the RawKernel path when it applies."""

    def __init__(self, op: int, ufunc):
        self.op = op
        self.ufunc = ufunc

    def __call__(self, a, b, out=None, casting="same_kind"):
        if (out is None and hasattr(a, "dtype") and hasattr(b, "dtype") and a.dtype == b.dtype
                and a.dtype.name in _TYPES and a.shape == b.shape
                and a.flags.c_contiguous and b.flags.c_contiguous):
            return binary_contiguous(self.op, a, b)
        if out is None:
            return self.ufunc(a, b)
        return self.ufunc(a, b, out=out, casting=casting)


def ufuncs(numpy_ufuncs: tuple) -> tuple:
    """CuPy counterparts of the NumPy ufuncs used by the CPU fast path, in the same order."""
    import cupy

    found = tuple(getattr(cupy, u.__name__) for u in numpy_ufuncs)
    return tuple(_RawOrUfunc(i, u) if i < _OP_COUNT else u for i, u in enumerate(found))

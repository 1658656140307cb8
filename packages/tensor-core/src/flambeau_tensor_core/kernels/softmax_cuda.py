"""CUDA side of the fused softmax: the ``softmax_rows`` RawKernel of ``softmax.cu``."""
from __future__ import annotations

import os

from ._cuda_module import load_cuda_module

_SOURCE = os.path.join(os.path.dirname(__file__), "softmax.cu")
_TYPES = {"float32": "float", "float64": "double"}
_THREADS = 256


def softmax_last_axis(a, take_log: bool):
    """softmax (or log_softmax) of the C-contiguous float32/float64 CuPy array ``a`` over its last axis."""
    import cupy

    out = cupy.empty(a.shape, dtype=a.dtype)
    n = a.shape[-1] if a.ndim else 1
    rows = a.size // n if n else 0
    if rows == 0 or n == 0:
        return out
    names = [f"softmax_rows<{ctype}>" for ctype in _TYPES.values()]
    kernel = load_cuda_module(_SOURCE, names).get_function(f"softmax_rows<{_TYPES[a.dtype.name]}>")
    kernel((min(rows, 65535),), (_THREADS,), (a, out, cupy.int64(rows), cupy.int64(n), cupy.bool_(take_log)))
    return out

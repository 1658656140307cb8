"""CUDA side of cummax/cummin: the ``cumulative_extreme`` RawKernel of ``scan_cuda.cu``."""
from __future__ import annotations

import math
import os

from ._cuda_module import load_cuda_module

_SOURCE = os.path.join(os.path.dirname(__file__), "scan_cuda.cu")
_TYPES = {"float32": "float", "float64": "double", "int8": "signed char", "uint8": "unsigned char",
          "int16": "short", "int32": "int", "int64": "long long", "bool": "bool"}
_THREADS = 256


def cumulative_extreme(a, axis: int, largest: bool) -> tuple:
    """``(values, indices)`` of the running maximum (``largest``) or minimum of the CuPy array ``a`` along
    ``axis``: ``a``'s dtype and int64, C-contiguous. float16 runs in float32 (exact both ways)."""
    import cupy

    if a.dtype == cupy.float16:
        values, indices = cumulative_extreme(a.astype(cupy.float32), axis, largest)
        return values.astype(cupy.float16), indices
    x = cupy.ascontiguousarray(a)
    values = cupy.empty(x.shape, dtype=x.dtype)
    indices = cupy.empty(x.shape, dtype=cupy.int64)
    outer, inner = math.prod(x.shape[:axis]), math.prod(x.shape[axis + 1:])
    lines = outer * inner
    if lines == 0 or x.shape[axis] == 0:
        return values, indices
    names = [f"cumulative_extreme<{ctype}, {flag}>" for ctype in _TYPES.values() for flag in ("true", "false")]
    kernel = load_cuda_module(_SOURCE, names).get_function(
        f"cumulative_extreme<{_TYPES[x.dtype.name]}, {'true' if largest else 'false'}>")
    blocks = min((lines + _THREADS - 1) // _THREADS, 65535)
    kernel((blocks,), (_THREADS,), (x, values, indices, cupy.int64(outer), cupy.int64(x.shape[axis]),
                                    cupy.int64(inner)))
    return values, indices

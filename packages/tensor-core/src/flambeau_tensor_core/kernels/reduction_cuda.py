"""CUDA side of the sum/mean reductions: the ``sum_rows``/``sum_columns`` RawKernels of
``reduction.cu`` where they have enough outputs to fill the GPU, CuPy's own reduction otherwise."""
from __future__ import annotations

import os

from ._cuda_module import load_cuda_module

_SOURCE = os.path.join(os.path.dirname(__file__), "reduction.cu")
_TYPES = {"float32": "float", "float64": "double"}
_THREADS = 256
_MIN_OUTPUTS = 1024   # fewer outputs than this leave most SMs idle: CuPy's tree reduction wins


def _kernel(name: str, dtype) -> object:
    names = [f"{kernel}<{ctype}>" for kernel in ("sum_rows", "sum_columns") for ctype in _TYPES.values()]
    return load_cuda_module(_SOURCE, names).get_function(f"{name}<{_TYPES[dtype.name]}>")


def sum_middle(a, outer: int, n: int, inner: int, mean: bool):
    """Sum (or mean) of the C-contiguous CuPy array ``a`` seen as ``(outer, n, inner)`` over its middle
    axis; an ``(outer, inner)`` array of ``a``'s dtype."""
    import cupy

    scale = 1.0 / n if mean and n else (float("nan") if mean else 1.0)
    if outer * inner < _MIN_OUTPUTS or n == 0:
        # CuPy's full reduction and its reduction of the trailing axis of a contiguous array use many
        # blocks per output; a middle axis with few outputs, or a float32 array summed with dtype=float64,
        # gets one block per output (200x slower for a full sum of 10M). In a's own dtype, as PyTorch's
        # CUDA sums accumulate (float32 in float32).
        if outer * inner == 1:
            total = a.sum()
        else:
            rows = a.reshape(outer, n) if inner == 1 else cupy.ascontiguousarray(
                a.reshape(outer, n, inner).transpose(0, 2, 1)).reshape(outer * inner, n)
            total = rows.sum(axis=1)
        total = total.reshape(outer, inner) * scale
        return total.astype(a.dtype, copy=False)
    out = cupy.empty((outer, inner), dtype=a.dtype)
    if inner == 1:
        blocks = min(outer, 65535)
        _kernel("sum_rows", a.dtype)((blocks,), (_THREADS,), (a, out, cupy.int64(outer), cupy.int64(n),
                                                              cupy.float64(scale)))
    else:
        blocks = min((outer * inner + _THREADS - 1) // _THREADS, 65535)
        _kernel("sum_columns", a.dtype)((blocks,), (_THREADS,), (a, out, cupy.int64(outer), cupy.int64(n),
                                                                 cupy.int64(inner), cupy.float64(scale)))
    return out

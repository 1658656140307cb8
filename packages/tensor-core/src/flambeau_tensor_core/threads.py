"""CPU thread settings: ``get_num_threads``/``set_num_threads`` (intra-op: the OpenMP threads of the
Cython kernels' ``prange`` loops) and ``get_num_interop_threads``/``set_num_interop_threads``.

The kernels are compiled against an OpenMP runtime (libgomp, or the copy a wheel vendors under a
hashed name), so the thread count is that runtime's ``nthreads`` setting. It is reached through
``ctypes`` by looking ``omp_set_num_threads`` up in a kernel extension's own handle: the dynamic linker
then resolves it in the runtime the kernels really use, not in whichever one happens to be first on
the library path (PyTorch ships its own libgomp). As in OpenMP and PyTorch, the setting applies to
the calling thread and to the parallel regions it starts. ``set_num_threads`` also sets the thread
count of the BLAS NumPy links (OpenBLAS or MKL), where matmul and linear algebra run, as PyTorch's
sets MKL's.

flambeau runs no inter-op thread pool (no ``torch.jit.fork``), but keeps PyTorch's contract for it:
the size may be set once, before it is first set, and is reported back.
"""
from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np

_interop_threads: int | None = None


@functools.cache
def _openmp() -> Any:
    """The OpenMP runtime of the Cython kernels, as a ``ctypes`` library handle (or ``None``)."""
    import ctypes

    from .kernels import reduction_cpu

    try:
        handle = ctypes.CDLL(reduction_cpu.__file__, mode=getattr(os, "RTLD_NOLOAD", 0) | ctypes.RTLD_LOCAL)
        handle.omp_get_max_threads.restype = ctypes.c_int
        handle.omp_set_num_threads.argtypes = [ctypes.c_int]
    except (OSError, AttributeError):   # a platform whose loader does not search a handle's dependencies
        return None
    return handle


_BLAS_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_",
                 "openblas_set_num_threads", "MKL_Set_Num_Threads")


@functools.cache
def _blas_thread_setter() -> Any:
    """The thread-count setter of the BLAS NumPy links (matmul and linalg run there), or ``None``."""
    import ctypes

    try:
        from numpy._core import _multiarray_umath
    except ImportError:   # NumPy 1.x
        from numpy.core import _multiarray_umath
    try:
        handle = ctypes.CDLL(_multiarray_umath.__file__, mode=getattr(os, "RTLD_NOLOAD", 0) | ctypes.RTLD_LOCAL)
    except OSError:
        return None
    for name in _BLAS_SETTERS:
        setter = getattr(handle, name, None)
        if setter is not None:
            setter.argtypes = [ctypes.c_int]
            return setter
    return None


def _default_threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not Linux
        return os.cpu_count() or 1


def _positive_int(value: Any, name: str) -> int:
    """PyTorch's check of a thread count: an int (not a bool), at least 1 - both as RuntimeError."""
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuntimeError(f"{name} expects an int, but got {type(value).__name__}")
    if value <= 0:
        raise RuntimeError(f"{name} expects a positive integer")
    return value


def get_num_threads() -> int:
    """The number of threads the CPU kernels use for one op (intra-op parallelism)."""
    openmp = _openmp()
    return int(openmp.omp_get_max_threads()) if openmp is not None else _default_threads()


def set_num_threads(num_threads: int, /) -> None:
    """Use ``num_threads`` threads for intra-op parallelism: in the CPU kernels (for the calling thread,
    OpenMP's rule) and in NumPy's BLAS, which runs matmul and linear algebra."""
    count = _positive_int(num_threads, "set_num_threads")
    openmp = _openmp()
    if openmp is not None:
        openmp.omp_set_num_threads(count)
    blas = _blas_thread_setter()
    if blas is not None:
        blas(count)


def get_num_interop_threads() -> int:
    """The size of the inter-op thread pool (the number of CPUs unless set)."""
    return _default_threads() if _interop_threads is None else _interop_threads


def set_num_interop_threads(num_threads: int, /) -> None:
    """Set the inter-op pool size; like PyTorch, only once per process."""
    global _interop_threads
    count = _positive_int(num_threads, "set_num_interop_threads")
    if _interop_threads is not None:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work has started or "
                           "set_num_interop_threads called")
    _interop_threads = count


__all__ = ["get_num_threads", "set_num_threads", "get_num_interop_threads", "set_num_interop_threads"]

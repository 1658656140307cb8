"""Compute kernels of flambeau-tensor-core: Cython CPU kernels (``*_cpu.pyx``) and their CUDA twins
(``*.cu`` sources loaded through CuPy by ``*_cuda.py``)."""
from . import _malloc_settings, _openmp_runtime
from ._cuda_module import load_cuda_module

_openmp_runtime.load()
_malloc_settings.apply()

__all__ = ["load_cuda_module"]

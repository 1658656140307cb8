"""``torch.backends``: the switches training scripts set for backends (``cudnn.benchmark = True``,
``cuda.matmul.allow_tf32 = True``) and the availability questions they ask (``mps.is_available()``).

flambeau computes on NumPy (CPU) and CuPy (CUDA) and uses none of cuDNN, MPS, oneDNN or MKL itself,
so each submodule answers truthfully for flambeau — available or not — and keeps the switches as
plain attributes that scripts may read and set; a switch that changes nothing here says so.
"""
from . import cpu, cuda, cudnn, mkl, mkldnn, mps, openmp

__all__ = ["cpu", "cuda", "cudnn", "mkl", "mkldnn", "mps", "openmp"]

"""Load the kernels' OpenMP runtime with a short spin-wait, before any kernel needs it.

After a parallel region, libgomp's worker threads busy-wait (by default ~300,000 spins, about a
millisecond) without yielding the core. NumPy's BLAS (OpenBLAS) keeps a second thread pool on the same
cores, so a matmul right after a parallel elementwise op waited for the spinning OpenMP worker to be
pre-empted: a 784-256-10 MLP step took 8 ms instead of 0.7 ms on two cores. PyTorch does not meet this
because its BLAS and its kernels share one OpenMP pool. A spin count of 10,000 (a few tens of
microseconds) hands the core back to BLAS soon enough (the step stays at 0.7 ms) while back-to-back
kernels still find their workers awake: with 1,000 a 10M-element sum paid a wake-up, 0.82 vs 0.73 ms.

libgomp reads its environment once, when it is loaded, so the setting is put in the environment only
around that first load and taken out again: a user's own ``GOMP_SPINCOUNT`` / ``OMP_WAIT_POLICY`` wins,
and other OpenMP runtimes loaded later (PyTorch vendors its own libgomp) see the environment as it was.
"""
from __future__ import annotations

import importlib
import os

SPIN_COUNT = "10000"


def load(module: str = "flambeau_tensor_core.kernels.elementwise_cpu") -> None:
    """Import ``module`` (a kernel linked against the OpenMP runtime) with the short spin-wait set."""
    if "GOMP_SPINCOUNT" in os.environ or "OMP_WAIT_POLICY" in os.environ:
        importlib.import_module(module)
        return
    os.environ["GOMP_SPINCOUNT"] = SPIN_COUNT
    try:
        importlib.import_module(module)
    finally:
        del os.environ["GOMP_SPINCOUNT"]

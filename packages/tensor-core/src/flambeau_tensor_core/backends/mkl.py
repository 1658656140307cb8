"""``torch.backends.mkl``: whether the BLAS under NumPy, where flambeau's matmuls run, is Intel MKL."""
from __future__ import annotations

import functools


@functools.cache
def is_available() -> bool:
    import numpy as np

    try:
        config = np.show_config(mode="dicts")
    except TypeError:        # NumPy < 1.25 prints only
        return False
    blas = config.get("Build Dependencies", {}).get("blas", {}).get("name", "")
    return "mkl" in str(blas).lower()

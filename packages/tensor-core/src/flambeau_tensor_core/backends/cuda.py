"""``torch.backends.cuda``: the cuBLAS switches (``matmul.allow_tf32`` …) and ``is_built()``.

flambeau's CUDA matmuls are CuPy's cuBLAS calls at the dtype's full precision; the switches are kept
for scripts that set them and do not change CuPy's settings.
"""
from __future__ import annotations


class _CuBLASSettings:
    """``torch.backends.cuda.matmul``: plain attributes scripts may set."""

    def __init__(self) -> None:
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True

    def __repr__(self) -> str:
        return f"<flambeau.backends.cuda.matmul allow_tf32={self.allow_tf32}>"


matmul = _CuBLASSettings()


def is_built() -> bool:
    """Whether flambeau can run CUDA ops: CuPy is importable (the ``[cuda]`` extra)."""
    from .. import cuda

    return cuda.is_available()


def preferred_linalg_library(backend: str | None = None) -> str:
    """The linear-algebra library of CUDA ops: CuPy's (cuSOLVER), whatever is asked for."""
    if backend is not None and backend not in ("default", "cusolver", "magma"):
        raise RuntimeError(f"Unknown input value {backend!r}: expected 'default', 'cusolver' or 'magma'")
    return "cusolver"

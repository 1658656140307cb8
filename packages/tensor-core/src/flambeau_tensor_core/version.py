"""``torch.version``: flambeau-tensor-core's version and the CUDA runtime it runs on (CuPy's, if any)."""
from __future__ import annotations

__version__ = "0.1.0"
git_version = "unknown"
hip: str | None = None
rocm: str | None = None
xpu: str | None = None
debug = False


def __getattr__(name: str) -> str | None:
    """``cuda``: "major.minor" of CuPy's CUDA runtime, None without CuPy (found on first access, so that
    importing this module never imports CuPy)."""
    if name == "cuda":
        try:
            import cupy
        except ImportError:
            return None
        number = cupy.cuda.runtime.runtimeGetVersion()
        return f"{number // 1000}.{number % 1000 // 10}"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

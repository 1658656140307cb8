"""``torch.backends.cudnn``: flambeau's CUDA ops run on CuPy kernels and cuBLAS, never on cuDNN, so
cuDNN is reported unavailable; the switches are kept so scripts that set them run unchanged."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

enabled: bool = True
benchmark: bool = False
benchmark_limit: int = 10
deterministic: bool = False
allow_tf32: bool = True


def is_available() -> bool:
    """False: flambeau does not call cuDNN."""
    return False


def version() -> int | None:
    """None, as PyTorch reports when cuDNN is not available."""
    return None


def is_acceptable(tensor: object) -> bool:
    """Whether cuDNN would take ``tensor``: never, here."""
    return False


@contextlib.contextmanager
def flags(enabled: bool = False, benchmark: bool = False, benchmark_limit: int = 10, deterministic: bool = False,
          allow_tf32: bool = True) -> Iterator[None]:
    """Set the switches for the ``with`` block and restore them after it."""
    names = ("enabled", "benchmark", "benchmark_limit", "deterministic", "allow_tf32")
    module = globals()
    saved = {name: module[name] for name in names}
    module.update(enabled=enabled, benchmark=benchmark, benchmark_limit=benchmark_limit,
                  deterministic=deterministic, allow_tf32=allow_tf32)
    try:
        yield
    finally:
        module.update(saved)

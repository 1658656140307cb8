"""tensor-core's first cases: per-op overhead, a memory-bound large op, and import time."""
from __future__ import annotations

from harness import Implementations, Target, import_seconds, register


def _add_case(numel: int) -> Implementations:
    import numpy as np
    import torch

    import flambeau_tensor_core as ft

    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal(numel, dtype=np.float32) for _ in range(2))
    fa, fb = ft.from_numpy(a.copy()), ft.from_numpy(b.copy())
    ta, tb = torch.from_numpy(a.copy()), torch.from_numpy(b.copy())
    return Implementations(flambeau=lambda: fa + fb, torch=lambda: ta + tb, numpy=lambda: a + b)


@register("add, 8 float32 (per-op overhead)", target=Target(ratio=0.7))
def add_small() -> Implementations:
    return _add_case(8)


@register("add, 10M float32 (memory bound)", target=Target(ratio=1.0))
def add_large() -> Implementations:
    return _add_case(10_000_000)


@register("import (fresh interpreter)", target=Target(seconds=0.1))
def import_time() -> Implementations:
    return Implementations(flambeau=lambda: import_seconds("flambeau_tensor_core"),
                           torch=lambda: import_seconds("torch"),
                           numpy=lambda: import_seconds("numpy"),
                           self_timed=True)


@register("import flambeau (meta-package, lazy)")
def import_meta_time() -> Implementations:
    return Implementations(flambeau=lambda: import_seconds("flambeau"), self_timed=True)

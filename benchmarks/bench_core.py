"""tensor-core's first cases: per-op overhead, a memory-bound large op, and import time."""
from __future__ import annotations

from harness import Implementations, Target, import_seconds, register, same_call


def _add_case(numel: int) -> Implementations:
    return same_call(lambda lib, a, b: a + b, lambda a, b: a + b, (numel,), (numel,))


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

"""``torch.backends.cpu``: the widest SIMD instruction set of this CPU, in PyTorch's names."""
from __future__ import annotations

import functools


@functools.cache
def get_cpu_capability() -> str:
    """"AVX512", "AVX2" or "DEFAULT" on x86 (from /proc/cpuinfo's flags); "DEFAULT" elsewhere."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            flags = next((line.split(":", 1)[1].split() for line in info if line.startswith("flags")), [])
    except OSError:
        return "DEFAULT"
    if {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= set(flags):
        return "AVX512"
    if "avx2" in flags:
        return "AVX2"
    return "DEFAULT"

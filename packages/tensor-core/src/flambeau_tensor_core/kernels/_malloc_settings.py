"""Keep 64 MiB of freed memory at the top of glibc's heap, so that ops whose temporaries are about a
megabyte stop faulting their pages in again on every call.

glibc gives the free memory at the top of its heap back to the kernel once it exceeds the trim threshold
(128 KiB, raised as large chunks are freed), so an expression such as ``w - w * 0.01`` on a 784x256
float32 tensor (two 800 KB arrays made and dropped) shrinks and regrows the heap each time, and every
page of the new arrays faults on its first write. On the 2-core VM of ``benchmarks/RESULTS.md``, in a
process whose OpenMP workers had run, that expression took 500 us instead of 62 us (NumPy alone: 80 us;
PyTorch: 29 us), and a 784-256-10 MLP training step ~8 % longer. ``mallopt(M_TOP_PAD, 64 MiB)`` keeps
up to 64 MiB of freed memory mapped at the top of the heap (and grows the heap in 64 MiB steps), so
those pages stay mapped and warm; the cost is up to 64 MiB of address space held after a peak.

The setting is left alone where the user chose one (``MALLOC_TOP_PAD_``, ``MALLOC_TRIM_THRESHOLD_``,
``MALLOC_MMAP_THRESHOLD_``, a ``glibc.malloc`` tunable in ``GLIBC_TUNABLES``), where
``FLAMBEAU_MALLOC_TOP_PAD=0``, and on other C libraries (musl, macOS, Windows).
"""
from __future__ import annotations

import ctypes
import os
from collections.abc import Mapping

TOP_PAD = 64 << 20
_M_TOP_PAD = -2   # mallopt's parameter number, from glibc's <malloc.h>
_USER_SETTINGS = ("MALLOC_TOP_PAD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")

applied = False   # whether ``apply`` set the pad in this process


def wanted_pad(environ: Mapping[str, str]) -> int:
    """The pad to set for this environment: ``TOP_PAD``, or 0 where the user decides."""
    if environ.get("FLAMBEAU_MALLOC_TOP_PAD") == "0" or any(name in environ for name in _USER_SETTINGS):
        return 0
    if "glibc.malloc" in environ.get("GLIBC_TUNABLES", ""):
        return 0
    return TOP_PAD


def _glibc():
    try:
        libc = ctypes.CDLL("libc.so.6")   # (ctypes.util.find_library would run ldconfig: 90 ms)
    except OSError:
        return None
    return libc if hasattr(libc, "gnu_get_libc_version") else None   # only glibc has it


def apply(environ: Mapping[str, str] = os.environ) -> bool:
    """Set the pad (once per process) where :func:`wanted_pad` wants one and the C library is glibc."""
    global applied
    pad = wanted_pad(environ)
    libc = _glibc() if pad else None
    if libc is not None and not applied:
        applied = libc.mallopt(_M_TOP_PAD, pad) == 1
    return applied

"""The CUDA paths against PyTorch's CUDA kernels and CuPy, on one GPU: ``python benchmarks/cuda_bench.py``.

Separate from ``run.py`` (whose ``bench_*.py`` cases are CPU cases that CI machines can run): this needs
a CUDA device, CuPy and a CUDA build of PyTorch. Each call is timed from the host with the device
synchronised before and after, so Python overhead counts as a user sees it; the median of ``--repeat``
runs after warm-up is printed as a Markdown table with flambeau/torch and flambeau/cupy ratios.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

N = 10_000_000
ROWS, COLS = 1_000, 10_000


def _cases(ft, torch, cupy) -> dict[str, dict[str, Callable]]:
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(N, dtype=np.float32), rng.standard_normal(N, dtype=np.float32)
    m = rng.standard_normal((ROWS, COLS), dtype=np.float32)
    idx = rng.integers(0, COLS, (ROWS, COLS))
    target = np.zeros((100_000, 100), np.float32)
    pos = rng.integers(0, 100_000, 100_000)
    src = rng.standard_normal((100_000, 100), dtype=np.float32)
    sq = rng.standard_normal((4096, 4096), dtype=np.float32)

    def on(lib_tensor, *arrays):
        return [lib_tensor(x) for x in arrays]

    fa, fb, fm, fidx, ft_t, fpos, fsrc, fsq = on(lambda x: ft.from_numpy(x).cuda(), a, b, m, idx, target, pos, src,
                                                  sq)
    ta, tb, tm, tidx, tt_t, tpos, tsrc, tsq = on(lambda x: torch.from_numpy(x).cuda(), a, b, m, idx, target, pos,
                                                  src, sq)
    ca, cb, cm, cidx, ct_t, cpos, csrc, csq = on(cupy.asarray, a, b, m, idx, target, pos, src, sq)

    def cupy_softmax(x):
        e = cupy.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def cupy_index_add():
        out = ct_t.copy()
        cupy.add.at(out, cpos, csrc)
        return out

    return {
        "add 10M": {"flambeau": lambda: fa + fb, "torch": lambda: ta + tb, "cupy": lambda: ca + cb},
        "mul 10M": {"flambeau": lambda: fa * fb, "torch": lambda: ta * tb, "cupy": lambda: ca * cb},
        "exp 10M": {"flambeau": lambda: fa.exp(), "torch": lambda: ta.exp(), "cupy": lambda: cupy.exp(ca)},
        "sum 10M": {"flambeau": lambda: fa.sum(), "torch": lambda: ta.sum(), "cupy": lambda: ca.sum()},
        "mean dim 1 (1000x10000)": {"flambeau": lambda: fm.mean(1), "torch": lambda: tm.mean(1),
                                    "cupy": lambda: cm.mean(axis=1)},
        "softmax dim 1 (1000x10000)": {"flambeau": lambda: ft.softmax(fm, 1), "torch": lambda: torch.softmax(tm, 1),
                                       "cupy": lambda: cupy_softmax(cm)},
        "gather dim 1 (1000x10000)": {"flambeau": lambda: fm.gather(1, fidx), "torch": lambda: tm.gather(1, tidx),
                                      "cupy": lambda: cupy.take_along_axis(cm, cidx, 1)},
        "index_add 100k rows x 100": {"flambeau": lambda: ft_t.index_add(0, fpos, fsrc),
                                      "torch": lambda: tt_t.index_add(0, tpos, tsrc), "cupy": cupy_index_add},
        "sort dim 1 (1000x10000)": {"flambeau": lambda: fm.sort(1), "torch": lambda: tm.sort(1),
                                    "cupy": lambda: cupy.sort(cm, axis=1)},
        "matmul 4096 float32": {"flambeau": lambda: fsq @ fsq, "torch": lambda: tsq @ tsq, "cupy": lambda: csq @ csq},
    }


def _median_seconds(fn: Callable, synchronize: Callable, repeat: int) -> float:
    for _ in range(3):
        fn()
    synchronize()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import cupy
    import torch

    import flambeau_tensor_core as ft

    torch.backends.cuda.matmul.allow_tf32 = False   # flambeau's float32 matmul is full float32 (cuBLAS)
    sync = {"flambeau": ft.cuda.synchronize, "torch": torch.cuda.synchronize,
            "cupy": cupy.cuda.Device().synchronize}
    print(f"{torch.cuda.get_device_name()}; torch {torch.__version__}, cupy {cupy.__version__}; "
          f"median of {args.repeat} synchronised calls\n")
    print("| case | flambeau | torch | cupy | flambeau/torch | flambeau/cupy |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, calls in _cases(ft, torch, cupy).items():
        t = {}
        for lib, fn in calls.items():
            try:
                t[lib] = _median_seconds(fn, sync[lib], args.repeat)
            except Exception as error:   # a library without the call: report it, go on
                print(f"<!-- {name}: {lib} failed: {type(error).__name__}: {error} -->")
                t[lib] = None
        cells = [f"{t[lib] * 1e6:.1f} µs" if t[lib] else "n/a" for lib in ("flambeau", "torch", "cupy")]
        ratios = [f"{t['flambeau'] / t[lib]:.2f}" if t["flambeau"] and t[lib] else "n/a" for lib in ("torch", "cupy")]
        print(f"| {name} | " + " | ".join(cells + ratios) + " |", flush=True)


if __name__ == "__main__":
    main()

"""Run the benchmarks: `python benchmarks/run.py [-k TEXT] [--repeat N] [--no-write]` (or `nox -s bench`).

Imports every ``bench_*.py`` beside this file (each registers its cases with ``harness.register``),
runs the cases in this one process, prints the table and writes it to ``RESULTS.md`` with a
description of the machine and the library versions.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402  (found through the path entry above)


def discover() -> None:
    for path in sorted(HERE.glob("bench_*.py")):
        importlib.import_module(path.stem)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version_of(module: str) -> str:
    try:
        return importlib.import_module(module).__version__
    except ImportError:
        return "not installed"


def machine_description() -> str:
    import torch

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "\n".join([
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {cpu_model()}, {usable} usable cores ({os.cpu_count()} online); torch threads: "
        f"{torch.get_num_threads()}; load average at start: {os.getloadavg()[0]:.2f}",
        f"- {platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- numpy {version_of('numpy')}, torch {version_of('torch')}, "
        f"flambeau-tensor-core {version_of('flambeau_tensor_core')}",
    ])


def results_page(results: list[harness.Result], command: str) -> str:
    return f"""# Benchmark results

Written by `{command}` (`benchmarks/run.py`). Each cell is the median time of one call (for imports,
of one fresh interpreter's `import`); ratios below 1 mean flambeau is faster. Targets are recorded,
not asserted.

{machine_description()}

{harness.table(results)}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="select", default="", help="run only cases whose name contains this text")
    parser.add_argument("--repeat", type=int, default=7, help="timing rounds per library (median is reported)")
    parser.add_argument("--no-write", action="store_true", help="print the table without rewriting RESULTS.md")
    args = parser.parse_args(argv)

    discover()
    cases = [case for case in harness.CASES if args.select.lower() in case.name.lower()]
    if not cases:
        parser.error(f"no benchmark case matches {args.select!r}")
    results = []
    for case in cases:
        print(f"running {case.name} ...", flush=True)
        results.append(harness.run_case(case, args.repeat))
    print(harness.table(results))
    if not args.no_write:
        command = "nox -s bench" + (f" -- -k {args.select!r}" if args.select else "")
        (HERE / "RESULTS.md").write_text(results_page(results, command), encoding="utf-8")
        print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

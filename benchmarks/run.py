"""Run the benchmarks: `python benchmarks/run.py [-k TEXT] [--repeat N] [--no-write]` (or `nox -s bench`).

Imports every ``bench_*.py`` beside this file (each registers its cases with ``harness.register``),
runs the cases, prints the table and writes it to ``RESULTS.md`` with a description of the machine and
the library versions.

Each library is timed in a child process of its own that imports that library first; ``--rounds``
rounds of one child per library run one after another (flambeau, torch, numpy, flambeau, ...), and the
table reports the median over rounds and the median and range of the rounds' flambeau/torch ratios, so
a shared machine's slow minutes show as a wide range instead of a one-off verdict. flambeau's
kernels and PyTorch both link an OpenMP runtime named ``libgomp.so.1``; whichever is imported first is
the one both use, with that library's settings (flambeau's loads with a short spin-wait, see
``flambeau_tensor_core.kernels._openmp_runtime``). In one shared process the second library would run
on the first one's runtime and with its idle threads spinning beside it, which is neither library as a
user runs it.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import subprocess
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


def results_page(results: list[harness.Result], command: str, rounds: int) -> str:
    return f"""# Benchmark results

Written by `{command}` (`benchmarks/run.py`). Each time is the median time of one call (for imports,
of one fresh interpreter's `import`) over {rounds} rounds of one child process per library, run in turn;
flambeau/torch is the median of the rounds' ratios, with their lowest and highest beside it. Ratios
below 1 mean flambeau is faster. Targets are judged on the median ratio, recorded, not asserted.

{machine_description()}

{harness.table(results)}
"""


NOTES_MARKER = "<!-- notes: written by hand below this line; run.py keeps them when it rewrites the table -->"


def kept_notes(page: Path) -> str:
    """The hand-written part of ``page`` (from ``NOTES_MARKER`` on), to be kept below a new table."""
    text = page.read_text(encoding="utf-8") if page.exists() else ""
    start = text.find(NOTES_MARKER)
    return "" if start < 0 else "\n" + text[start:]


def child_environment(library: str) -> dict[str, str]:
    """The environment of ``library``'s child: the cases build every library's inputs, so the other
    children import flambeau too; there its process-wide malloc setting (``_malloc_settings``) is off,
    and PyTorch and NumPy run with the C library's defaults, as their users have them."""
    environ = dict(os.environ)
    if library != "flambeau":
        environ.setdefault("FLAMBEAU_MALLOC_TOP_PAD", "0")
    return environ


# The module each library's child process imports before anything else.
FIRST_IMPORT = {"flambeau": "flambeau_tensor_core", "torch": "torch", "numpy": "numpy"}


def time_one_library(library: str, select: str, repeat: int) -> None:
    """The child's work: time ``library`` on the selected cases; print ``{case name: median}`` as JSON."""
    importlib.import_module(FIRST_IMPORT[library])
    discover()
    medians = {}
    for case in selected(select):
        print(f"running {case.name} ({library}) ...", file=sys.stderr, flush=True)
        medians[case.name] = harness.run_case(case, repeat, (library,)).medians[library]
    print(json.dumps(medians))


def time_in_child(library: str, select: str, repeat: int) -> dict[str, float | None]:
    """``{case name: median seconds}`` of ``library``, timed in a new child process."""
    child = subprocess.run([sys.executable, __file__, "--library", library, "-k", select, "--repeat", str(repeat)],
                           stdout=subprocess.PIPE, text=True, check=True, env=child_environment(library))
    return json.loads(child.stdout.strip().splitlines()[-1])


def selected(select: str) -> list[harness.Case]:
    return [case for case in harness.CASES if select.lower() in case.name.lower()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="select", default="", help="run only cases whose name contains this text")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timings per case in one child (their median is the child's)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of one child per library, interleaved (reported: the median over rounds)")
    parser.add_argument("--no-write", action="store_true", help="print the table without rewriting RESULTS.md")
    parser.add_argument("--library", choices=harness.LIBRARIES, help=argparse.SUPPRESS)   # a child's one library
    args = parser.parse_args(argv)

    if args.library:
        time_one_library(args.library, args.select, args.repeat)
        return 0
    discover()
    cases = selected(args.select)
    if not cases:
        parser.error(f"no benchmark case matches {args.select!r}")
    results = [harness.Result(case) for case in cases]
    for round_number in range(args.rounds):
        print(f"round {round_number + 1} of {args.rounds}", file=sys.stderr, flush=True)
        round_medians = {library: time_in_child(library, args.select, args.repeat) for library in harness.LIBRARIES}
        for result in results:
            result.add_round({library: round_medians[library][result.case.name] for library in harness.LIBRARIES})
    print(harness.table(results))
    if not args.no_write:
        command = "nox -s bench" + (f" -- -k {args.select!r}" if args.select else "")
        page = HERE / "RESULTS.md"
        page.write_text(results_page(results, command, args.rounds) + kept_notes(page), encoding="utf-8")
        print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

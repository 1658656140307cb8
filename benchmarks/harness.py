"""The benchmark registry, timer and input builders: each case runs the same work through flambeau, PyTorch and NumPy.

A case module (``bench_<area>.py``) registers factories with :func:`register`. A factory builds its
inputs and returns an :class:`Implementations`; building happens only when the case runs, so selecting
cases by name never allocates the others' data. ``run.py`` discovers the modules, runs and reports.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field

LIBRARIES = ("flambeau", "torch", "numpy")


@dataclass(frozen=True)
class Implementations:
    """The same work through each library; a library without one stays None.

    ``self_timed``: each callable measures itself and returns seconds (for work that cannot be
    repeated in-process, like a first import); otherwise the harness times the calls.
    """

    flambeau: Callable[[], object]
    torch: Callable[[], object] | None = None
    numpy: Callable[[], object] | None = None
    self_timed: bool = False


@dataclass(frozen=True)
class Target:
    """A goal recorded beside the measurement, never asserted: flambeau's time at most ``ratio`` x
    torch's, or at most ``seconds``."""

    ratio: float | None = None
    seconds: float | None = None

    def describe(self) -> str:
        return f"≤ {self.ratio:g}× torch" if self.ratio is not None else f"< {format_seconds(self.seconds)}"

    def met(self, result: Result) -> bool | None:
        if self.ratio is not None:
            ratio = result.ratio("torch")
            return None if ratio is None else ratio <= self.ratio
        flambeau = result.medians.get("flambeau")
        return None if flambeau is None else flambeau < self.seconds


@dataclass(frozen=True)
class Case:
    name: str
    module: str
    factory: Callable[[], Implementations]
    target: Target | None = None


@dataclass
class Result:
    """A case's timings: ``rounds`` holds one ``{library: median seconds}`` per round of child
    processes (run.py interleaves the libraries round by round); ``medians`` is their median."""

    case: Case
    medians: dict[str, float | None] = field(default_factory=dict)
    rounds: list[dict[str, float | None]] = field(default_factory=list)

    def add_round(self, medians: dict[str, float | None]) -> None:
        self.rounds.append(dict(medians))
        self.medians = {lib: _median_or_none([r.get(lib) for r in self.rounds]) for lib in LIBRARIES}

    def ratio(self, other: str) -> float | None:
        """flambeau's time over ``other``'s: the median of the rounds' ratios (each round's libraries
        ran minutes apart at most, so a shared machine's slow phases cancel better than in a ratio of
        the overall medians)."""
        ratios = self.round_ratios(other)
        if ratios:
            return statistics.median(ratios)
        flambeau, reference = self.medians.get("flambeau"), self.medians.get(other)
        return None if flambeau is None or not reference else flambeau / reference

    def round_ratios(self, other: str) -> list[float]:
        return [r["flambeau"] / r[other] for r in self.rounds if r.get("flambeau") is not None and r.get(other)]


def _median_or_none(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


CASES: list[Case] = []


def register(name: str, *, target: Target | None = None) -> Callable:
    """Decorator for a case factory: ``@register("add, 8 float32", target=Target(ratio=0.7))``."""

    def decorate(factory: Callable[[], Implementations]) -> Callable[[], Implementations]:
        CASES.append(Case(name, factory.__module__, factory, target))
        return factory

    return decorate


def equal_inputs(*shapes: tuple[int, ...], seed: int = 0):
    """Per shape: (numpy array, flambeau tensor, torch tensor) holding equal float32 values."""
    import numpy as np
    import torch

    import flambeau_tensor_core as ft

    rng = np.random.default_rng(seed)
    triples = []
    for shape in shapes:
        array = rng.standard_normal(shape, dtype=np.float32)
        triples.append((array, ft.from_numpy(array.copy()), torch.from_numpy(array.copy())))
    return triples


def same_call(call: Callable, numpy_call: Callable, *shapes: tuple[int, ...]) -> Implementations:
    """``call(lib, *tensors)`` through flambeau and torch, ``numpy_call(*arrays)`` for NumPy."""
    import torch

    import flambeau_tensor_core as ft

    triples = equal_inputs(*shapes)
    arrays = [t[0] for t in triples]
    fl = [t[1] for t in triples]
    th = [t[2] for t in triples]
    return Implementations(flambeau=lambda: call(ft, *fl), torch=lambda: call(torch, *th),
                           numpy=lambda: numpy_call(*arrays))


def time_call(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds per call over ``repeat`` rounds, each long enough (≥ 0.2 s) to swamp timer noise."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return statistics.median(total / number for total in timer.repeat(repeat=repeat, number=number))


def time_self_timed(fn: Callable[[], object], repeat: int) -> float:
    return statistics.median(float(fn()) for _ in range(repeat))


def run_case(case: Case, repeat: int, libraries: tuple[str, ...] = LIBRARIES) -> Result:
    """Time ``case`` for each of ``libraries`` (a library without an implementation gets None)."""
    impls = case.factory()
    timer = time_self_timed if impls.self_timed else time_call
    result = Result(case)
    for library in libraries:
        fn = getattr(impls, library)
        result.medians[library] = None if fn is None else timer(fn, repeat)
    return result


def import_seconds(module: str) -> float:
    """Seconds ``import module`` takes in a fresh interpreter, excluding the interpreter's own start."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(completed.stdout)


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_ratio(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def format_spread(ratios: list[float]) -> str:
    return "—" if len(ratios) < 2 else f"{min(ratios):.2f}–{max(ratios):.2f}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table: medians over rounds, flambeau/torch (median of the rounds'
    ratios, and their lowest–highest), flambeau/numpy, and the target judged on the median ratio."""
    lines = ["| case | flambeau | torch | numpy | flambeau/torch | rounds' range | flambeau/numpy | target |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for result in results:
        target = result.case.target
        verdict = ""
        if target is not None:
            met = target.met(result)
            verdict = target.describe() + {True: " ✓", False: " ✗", None: ""}[met]
        cells = [result.case.name, *(format_seconds(result.medians.get(lib)) for lib in LIBRARIES),
                 format_ratio(result.ratio("torch")), format_spread(result.round_ratios("torch")),
                 format_ratio(result.ratio("numpy")), verdict]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)

"""mypy sees through the aliases: the .pyi stubs resolve flambeau.<area>.<name> to the component's."""
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PACKAGES = ["tensor-core", "autograd", "nn", "optim", "distributions", "utils-data", "flambeau"]
# flambeau.<path> names checked once their component defines them at run time
LATER_NAMES = ["nn.Linear", "nn.Module", "optim.SGD", "optim.lr_scheduler.StepLR", "distributions.Normal",
               "utils.data.DataLoader", "no_grad"]


def _exists_at_run_time(dotted: str) -> bool:
    import flambeau

    value = flambeau
    try:
        for part in dotted.split("."):
            value = getattr(value, part)
    except AttributeError:
        return False
    return True


@pytest.mark.slow
def test_mypy_resolves_names_through_the_stubs(tmp_path: Path) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed")
    present = [name for name in LATER_NAMES if _exists_at_run_time(name)]
    snippet = tmp_path / "snippet.py"
    snippet.write_text("\n".join([
        "import flambeau",
        "import flambeau.nn.functional as F",
        "from flambeau.optim import lr_scheduler",
        "x: flambeau.Tensor = flambeau.zeros(2, 3)",
        "check = flambeau.testing.assert_close",
        "import flambeau.backends.cudnn",
        "bench: bool = flambeau.backends.cudnn.benchmark",
        "cuda_version = flambeau.version.cuda",
        *(f"use_{i} = flambeau.{name}" for i, name in enumerate(present)),
        "flambeau.does_not_exist",  # the one error expected: proves mypy really resolves attributes
    ]) + "\n")
    # The sources stand in for installed packages: meson-python's editable installs are invisible to mypy.
    env = dict(os.environ, MYPYPATH=os.pathsep.join(str(REPO / "packages" / p / "src") for p in PACKAGES))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-incremental",
         "--cache-dir", os.devnull, str(snippet)],
        capture_output=True, text=True, env=env, cwd=tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line and not _not_built_yet(line)]
    assert len(errors) == 1 and 'no attribute "does_not_exist"' in errors[0], result.stdout + result.stderr


def _not_built_yet(error: str) -> bool:
    """A stub's import of a component module that does not exist at run time either (another issue is
    still writing it): expected until it lands, and then checked like everything else."""
    match = re.search(r'Cannot find implementation or library stub for module named "([\w.]+)"', error)
    return bool(match) and ".pyi:" in error and not _importable(match[1])


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its parent package is missing
        return False

"""flambeau's top-level names: lazily re-exported from the components, and `import flambeau` is cheap."""
import importlib
import subprocess
import sys
import textwrap
from importlib import metadata

import pytest

import flambeau
import flambeau_tensor_core

CORE_NAMES = ["tensor", "zeros", "ones", "Tensor", "float32", "int64", "bool", "device", "manual_seed",
              "save", "load", "from_numpy", "get_default_dtype"]
GRAD_MODE_NAMES = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
                   "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_anomaly_enabled"]
SUBMODULES = ["nn", "optim", "distributions", "autograd", "utils", "cuda", "linalg", "fft", "special",
              "testing", "random", "backends", "version", "amp"]


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            check=True)
    return result.stdout


@pytest.mark.parametrize("name", CORE_NAMES)
def test_core_names_are_tensor_core_objects(name: str) -> None:
    assert getattr(flambeau, name) is getattr(flambeau_tensor_core, name)
    assert name in dir(flambeau)


@pytest.mark.parametrize("name", GRAD_MODE_NAMES)
def test_grad_modes_are_autograd_objects(name: str) -> None:
    autograd = pytest.importorskip("flambeau_autograd")
    if not hasattr(autograd, name):
        pytest.skip(f"flambeau_autograd.{name} is not built yet")
    assert getattr(flambeau, name) is getattr(autograd, name)


@pytest.mark.parametrize("name", SUBMODULES)
def test_submodules_are_listed(name: str) -> None:
    assert name in dir(flambeau)


@pytest.mark.parametrize("name", ["pi", "e", "inf", "nan", "newaxis"])
def test_constants_are_pytorchs(name: str) -> None:
    torch = pytest.importorskip("torch")
    value = getattr(flambeau, name)
    expected = getattr(torch, name)
    assert value is expected if expected is None else (value == expected or value != value and expected != expected)
    assert type(value) is type(expected)


def test_newaxis_indexes_like_none() -> None:
    x = flambeau.arange(6).reshape(2, 3)
    assert tuple(x[:, flambeau.newaxis].shape) == (2, 1, 3)


def test_unknown_and_internal_names_raise_attribute_error() -> None:
    for name in ("does_not_exist", "creation", "kernels", "_core"):
        with pytest.raises(AttributeError, match=name):
            getattr(flambeau, name)
        assert not hasattr(flambeau, name)


def test_star_import_gives_the_public_names() -> None:
    namespace: dict = {}
    exec("from flambeau import *", namespace)
    assert namespace["zeros"] is flambeau_tensor_core.zeros
    assert "creation" not in namespace and "_core" not in namespace


def test_version_matches_distribution_metadata() -> None:
    assert metadata.version("flambeau") == flambeau.__version__


def test_depends_on_all_six_components_with_compatible_ranges() -> None:
    from packaging.requirements import Requirement

    requirements = [Requirement(text) for text in metadata.requires("flambeau") or []]
    pinned = {req.name: str(req.specifier) for req in requirements if not req.marker}
    components = ["flambeau-tensor-core", "flambeau-autograd", "flambeau-nn", "flambeau-optim",
                  "flambeau-distributions", "flambeau-utils-data"]
    assert {name: pinned.get(name) for name in components} == {name: "<0.2,>=0.1.0" for name in components}


def test_import_flambeau_is_cheap() -> None:
    out = _run("""
        import sys, time
        start = time.perf_counter()
        import flambeau
        elapsed = time.perf_counter() - start
        heavy = sorted(m for m in sys.modules if m == "numpy" or m.startswith("flambeau_"))
        print(elapsed, heavy)
    """)
    elapsed, heavy = out.split(" ", 1)
    assert heavy.strip() == "[]"  # neither numpy nor any component until a name is used
    assert float(elapsed) < 0.05


def test_import_flambeau_as_torch_runs_a_tiny_script() -> None:
    out = _run("""
        import flambeau as torch
        import flambeau.nn.functional as F
        torch.manual_seed(0)
        x = torch.ones(2, 3, dtype=torch.float32)
        y = x * 2 + torch.arange(3, dtype=torch.float32)
        assert isinstance(y, torch.Tensor) and y.dtype == torch.float32
        print(y.numpy().tolist(), F.__name__)
    """)
    assert out.strip() == "[[2.0, 3.0, 4.0], [2.0, 3.0, 4.0]] flambeau_nn.functional"


def test_submodule_attribute_resolves_without_an_import_statement() -> None:
    out = _run("""
        import flambeau
        print(flambeau.optim.lr_scheduler.__name__, flambeau.linalg.__name__)
    """)
    assert out.split() == ["flambeau_optim.lr_scheduler", "flambeau_tensor_core.linalg"]


def test_reimporting_flambeau_installs_one_finder() -> None:
    from flambeau import _aliases

    importlib.reload(flambeau)
    assert sum(finder is _aliases.FINDER for finder in sys.meta_path) == 1

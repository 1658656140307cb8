"""Sessions that build, test, lint and benchmark every flambeau package: `nox -s <name>`.

- tests     every package's tests in one environment, PyTorch 2.13 (CPU) installed as the test oracle
- isolated  each package installed alone, from wheels, with only its declared dependencies (no torch)
- lint      ruff, with the rules in ruff.toml
- build     one wheel per package into dist/
- bench     benchmarks/run.py: flambeau vs PyTorch vs NumPy, rewrites benchmarks/RESULTS.md
- demo      the main job (a placeholder until the training demo lands)
"""
from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
TENSOR_CORE = ROOT / "packages" / "tensor-core"
# tensor-core first: autograd's build cimports its ``_core.pxd``, so its wheel must exist before
PACKAGE_DIRS = sorted((path.parent for path in ROOT.glob("packages/*/pyproject.toml")),
                      key=lambda path: (path != TENSOR_CORE, path.name))
TORCH = "torch==2.13.0"
TEST_TOOLS = ["pytest>=7", "hypothesis>=6"]

nox.options.sessions = ["tests"]
nox.options.default_venv_backend = "venv"


def _distribution_name(package_dir: Path) -> str:
    with open(package_dir / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["name"]


def _tensor_core_wheel(session: nox.Session, wheelhouse: Path) -> Path:
    """Build tensor-core's wheel into ``wheelhouse``. Packages whose build needs it (autograd) find it
    there: pip hands ``--find-links`` on to the isolated build environments it creates."""
    session.run("python", "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(wheelhouse), str(TENSOR_CORE))
    return next(wheelhouse.glob("flambeau_tensor_core-*.whl"))


def _local_requirements(session: nox.Session, wheelhouse: Path) -> list[str]:
    """pip arguments for every package: tensor-core as its freshly built wheel, the rest as folders,
    with ``wheelhouse`` as a place to find build dependencies."""
    wheel = _tensor_core_wheel(session, wheelhouse)
    return ["--find-links", str(wheelhouse), str(wheel),
            *(str(path) for path in PACKAGE_DIRS if path != TENSOR_CORE)]


def _install_all_packages(session: nox.Session) -> None:
    # One pip command, so that each package's flambeau-* dependencies resolve to the local checkouts.
    session.install(*_local_requirements(session, Path(session.create_tmp()) / "build-deps"))


@nox.session
def tests(session: nox.Session) -> None:
    """Every package's tests, oracle tests included (extra arguments go to pytest)."""
    session.install(TORCH, *TEST_TOOLS, "mypy")
    _install_all_packages(session)
    session.run("python", "-m", "pytest", "packages", *session.posargs)


@nox.session
def isolated(session: nox.Session) -> None:
    """Each package alone: a fresh environment holding only its wheel, its declared dependencies and
    the test tools (no torch: oracle tests skip), then that package's tests. Extra arguments name the
    package folders to check (default: all)."""
    wheelhouse = ROOT / "wheelhouse"
    shutil.rmtree(wheelhouse, ignore_errors=True)
    # Build every package once and download every third-party dependency, so that the per-package
    # installs below can use --no-index: nothing can come from anywhere but the wheelhouse.
    session.run("python", "-m", "pip", "wheel", "--wheel-dir", str(wheelhouse),
                *_local_requirements(session, wheelhouse), *TEST_TOOLS)
    chosen = [path for path in PACKAGE_DIRS if not session.posargs or path.name in session.posargs]
    for package_dir in chosen:
        env_dir = Path(session.virtualenv.location).parent / f"isolated-{package_dir.name}"
        session.run("python", "-m", "venv", "--clear", str(env_dir))
        python = str(env_dir / "bin" / "python")
        session.run(python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(wheelhouse),
                    _distribution_name(package_dir), *TEST_TOOLS, external=True)
        session.run(python, "-m", "pip", "list", "--format=freeze", external=True)
        session.run(python, "-m", "pytest", "-q", str(package_dir.relative_to(ROOT) / "tests"), external=True)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff with the repository's ruff.toml."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", *(session.posargs or ["."]))


@nox.session
def build(session: nox.Session) -> None:
    """One wheel per package into dist/ (each in its own isolated build environment)."""
    session.install("build")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    for package_dir in PACKAGE_DIRS:   # the build environments find tensor-core's wheel in dist/
        session.run("python", "-m", "build", "--wheel", "--outdir", str(dist), str(package_dir),
                    env={"PIP_FIND_LINKS": str(dist)})


@nox.session
def bench(session: nox.Session) -> None:
    """flambeau vs PyTorch vs NumPy; prints the table and rewrites benchmarks/RESULTS.md."""
    session.install(TORCH)
    _install_all_packages(session)
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session(python=False)
def demo(session: nox.Session) -> None:
    """The main job: will install flambeau and train a small CNN on scikit-learn's 8x8 digits."""
    session.log("The training demo is not built yet: it comes with the main-job issue. "
                "Until then, `nox -s tests` runs everything there is, and examples/ shows the API.")

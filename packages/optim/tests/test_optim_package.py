"""The installed flambeau-optim distribution and the imported package agree on name and version."""
from importlib import metadata

from packaging.requirements import Requirement

import flambeau_optim


def test_version_matches_distribution_metadata() -> None:
    assert metadata.version("flambeau-optim") == flambeau_optim.__version__


def test_declares_its_component_dependencies() -> None:
    requirements = metadata.requires("flambeau-optim") or []
    names = {Requirement(req).name for req in requirements}
    assert {"flambeau-tensor-core", "flambeau-autograd"} <= names

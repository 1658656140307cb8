"""The installed flambeau-distributions distribution and the imported package agree on name and version."""
from importlib import metadata

from packaging.requirements import Requirement

import flambeau_distributions


def test_version_matches_distribution_metadata() -> None:
    assert metadata.version("flambeau-distributions") == flambeau_distributions.__version__


def test_declares_its_component_dependencies() -> None:
    requirements = metadata.requires("flambeau-distributions") or []
    names = {Requirement(req).name for req in requirements}
    assert {"flambeau-tensor-core", "flambeau-autograd"} <= names

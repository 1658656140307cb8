"""The installed flambeau-utils-data distribution and the imported package agree on name and version."""
from importlib import metadata

from packaging.requirements import Requirement

import flambeau_utils_data


def test_version_matches_distribution_metadata() -> None:
    assert metadata.version("flambeau-utils-data") == flambeau_utils_data.__version__


def test_declares_its_dependencies() -> None:
    names = {Requirement(req).name for req in metadata.requires("flambeau-utils-data") or []}
    assert {"flambeau-tensor-core", "numpy"} <= names

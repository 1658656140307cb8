from flambeau_tensor_core.testing.pytest_plugin import pytest_collection_modifyitems, pytest_configure  # noqa: F401

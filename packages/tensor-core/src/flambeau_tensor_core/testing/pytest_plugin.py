"""Pytest hooks every flambeau package's ``tests/conftest.py`` imports: the ``gpu`` marker (skipped
when no CUDA device is usable) and the ``oracle`` marker (tests that compare against PyTorch)."""
from __future__ import annotations

import pytest


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "gpu: needs a CUDA GPU and CuPy; skipped without them")
    config.addinivalue_line("markers", "oracle: compares against PyTorch; skipped without torch")
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


def pytest_collection_modifyitems(config, items) -> None:
    from .._backend import cuda_available

    if cuda_available():
        return
    skip = pytest.mark.skip(reason="no CUDA device (CuPy + NVIDIA GPU) available")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)

"""The kernels' OpenMP runtime is loaded with a short spin-wait, and the environment is left as it was."""
import os
import subprocess
import sys

import pytest

import flambeau_tensor_core.kernels._openmp_runtime as runtime

PROBE = """
import os, sys
import flambeau_tensor_core
sys.modules["flambeau_tensor_core.kernels.elementwise_cpu"]   # loaded at import, not on first use
print(os.environ.get("GOMP_SPINCOUNT"), os.environ.get("OMP_WAIT_POLICY"))
"""


def _environment_after_import(**settings: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY")}
    env.update(settings)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_spin_setting_does_not_stay_in_the_environment():
    assert _environment_after_import() == "None None"


@pytest.mark.parametrize("settings", [{"GOMP_SPINCOUNT": "50"}, {"OMP_WAIT_POLICY": "ACTIVE"}])
def test_a_users_own_setting_is_kept(settings):
    expected = f"{settings.get('GOMP_SPINCOUNT')} {settings.get('OMP_WAIT_POLICY')}"
    assert _environment_after_import(**settings) == expected


def test_the_runtime_is_loaded_with_the_short_spin_count(monkeypatch):
    seen = []
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    monkeypatch.setattr(runtime.importlib, "import_module", lambda name: seen.append(
        (name, os.environ.get("GOMP_SPINCOUNT"))))
    runtime.load("some.kernel")
    assert seen == [("some.kernel", runtime.SPIN_COUNT)]
    assert "GOMP_SPINCOUNT" not in os.environ

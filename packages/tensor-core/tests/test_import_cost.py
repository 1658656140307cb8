"""``import flambeau_tensor_core`` leaves the slow-to-import modules that only some calls need
(``numpy.random``, ``zipfile``, ``json``, ``pathlib``, ``dataclasses``, and its own ``fft``,
``special``, ``testing``, ``serialization``, ``_format``) unimported until such a call, and the features
behind them work in a fresh process. Each check runs in a subprocess, since this test session has
long since imported everything."""
import json
import subprocess
import sys
import textwrap

import pytest

DEFERRED = ["numpy.random", "zipfile", "json", "pathlib", "dataclasses"] + [
    f"flambeau_tensor_core.{name}" for name in ("fft", "special", "testing", "serialization", "_format")]


def _run(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object, returned here."""
    script = "import json, sys\n" + textwrap.dedent(code)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def fresh_import() -> dict:
    """Which of DEFERRED were loaded before ``import flambeau_tensor_core`` (by site hooks such as an
    editable install's loader) and which after it."""
    return _run(f"""
        deferred = {DEFERRED!r}
        before = [name for name in deferred if name in sys.modules]
        import flambeau_tensor_core
        print(json.dumps({{"before": before, "after": [name for name in deferred if name in sys.modules]}}))
    """)


@pytest.mark.parametrize("module", DEFERRED)
def test_import_leaves_module_unloaded(fresh_import, module):
    if module in fresh_import["before"]:
        pytest.skip(f"{module} is already loaded when the interpreter starts (site hooks)")
    assert module not in fresh_import["after"]


def test_deferred_features_work_in_a_fresh_process():
    outcome = _run("""
        import io
        import flambeau_tensor_core as ft

        methods = all(hasattr(ft.Tensor, name) for name in ("normal_", "uniform_", "random_", "pin_memory"))
        listed = {"fft", "special", "testing", "save", "load", "set_printoptions"} <= set(dir(ft))
        x = ft.rand(3)
        buffer = io.BytesIO()
        ft.save({"x": x}, buffer)
        buffer.seek(0)
        loaded = ft.load(buffer)["x"]
        ft.set_printoptions(precision=2)
        print(json.dumps({"methods": methods, "listed": listed, "round_trip": bool(ft.equal(loaded, x)),
                          "repr": repr(ft.tensor([1.5, 2.0])), "cuda": ft.cuda.is_available() in (True, False),
                          "fft": ft.fft.fft(ft.ones(4)).shape[0], "norm": float(ft.linalg.norm(ft.ones(4))),
                          "expit": float(ft.special.expit(ft.zeros(()))), "testing": callable(ft.testing.assert_close),
                          "numpy_random_loaded": "numpy.random" in sys.modules}))
    """)
    assert outcome == {"methods": True, "listed": True, "round_trip": True, "repr": "tensor([1.50, 2.00])",
                       "cuda": True, "fft": 4, "norm": 2.0, "expit": 0.5, "testing": True, "numpy_random_loaded": False}


def test_unseeded_default_stream_is_the_default_seed_stream():
    """The default generator, built lazily, still starts from PyTorch's default seed: a fresh process
    draws what a generator seeded with that seed draws, and reports it as ``initial_seed()``."""
    outcome = _run("""
        import flambeau_tensor_core as ft

        seed = ft.initial_seed()
        unseeded = ft.rand(5).tolist()
        seeded = ft.rand(5, generator=ft.Generator().manual_seed(seed)).tolist()
        print(json.dumps({"seed": seed, "same": unseeded == seeded}))
    """)
    assert outcome == {"seed": 67280421310721, "same": True}

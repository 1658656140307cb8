"""`import flambeau as torch`: a training script written for PyTorch gives PyTorch's results.

Each script in ``pytorch_scripts/`` takes the module to import as ``torch`` as its argument and prints
a JSON report (printing.py: the log itself). Run once with PyTorch and once with flambeau (separate
interpreters), the reports must agree: what comes from the random stream (data, initial weights,
shuffling order, dropout masks, ``randperm``, ``normal``) exactly, since flambeau draws PyTorch's CPU
stream; losses and weights to float32 rounding (the BLAS libraries differ in summation order).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from flambeau_tensor_core.testing import oracle

SCRIPTS = Path(__file__).resolve().parent / "pytorch_scripts"


def _output(script: str, library: str) -> str:
    completed = subprocess.run([sys.executable, "-W", "ignore", str(SCRIPTS / script), library],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def _report(script: str, library: str) -> dict:
    return json.loads(_output(script, library))


@pytest.mark.oracle
def test_mlp_training_script_gives_pytorchs_results() -> None:
    oracle.torch()
    theirs, ours = _report("train_mlp.py", "torch"), _report("train_mlp.py", "flambeau")
    assert ours["labels"] == theirs["labels"]           # DataLoader(shuffle=True) order, batch by batch
    assert ours["perm"] == theirs["perm"] and ours["normal"] == theirs["normal"]    # the stream after training
    assert len(ours["losses"]) == len(theirs["losses"]) == 24
    np.testing.assert_allclose(ours["losses"], theirs["losses"], rtol=1e-5)
    np.testing.assert_allclose(ours["w1"], theirs["w1"], rtol=1e-5, atol=1e-7)


@pytest.mark.oracle
def test_data_pipeline_script_gives_pytorchs_batches() -> None:
    """random_split, WeightedRandomSampler, two worker processes drawing noise per item, a seeded
    Generator shuffling, then a few samplers: every value equal to PyTorch's."""
    oracle.torch()
    theirs, ours = _report("data_pipeline.py", "torch"), _report("data_pipeline.py", "flambeau")
    assert set(ours) == set(theirs)
    for key in theirs:
        assert ours[key] == theirs[key], key


@pytest.mark.oracle
def test_autograd_tools_script_gives_pytorchs_results() -> None:
    """Non-reentrant checkpoint of a block using a closure weight and random numbers, a gradient penalty
    through ``create_graph``, a hook, functional hessian/jacobian, save/load through a buffer."""
    oracle.torch()
    theirs, ours = _report("autograd_tools.py", "torch"), _report("autograd_tools.py", "flambeau")
    assert set(ours) == set(theirs)
    for key in ("hessian", "jacobian", "loaded_w", "loaded_rows", "meta", "node", "after", "printed"):
        assert ours[key] == theirs[key], key
    for key in ("loss", "penalty", "x_grad", "w_grad", "hook"):
        np.testing.assert_allclose(ours[key], theirs[key], rtol=2e-5, atol=1e-5, err_msg=key)


@pytest.mark.oracle
def test_printing_script_prints_what_pytorch_prints() -> None:
    oracle.torch()
    theirs, ours = (_output("printing.py", library) for library in ("torch", "flambeau"))
    assert ours.splitlines() == theirs.splitlines()


@pytest.mark.oracle
def test_iterable_and_collate_script_gives_pytorchs_batches() -> None:
    """An IterableDataset sharded over two workers (with worker_init_fn), dict/namedtuple/NumPy samples
    collated, ConcatDataset + Subset, fractional random_split, BatchSampler: equal reports, dtypes
    included."""
    oracle.torch()
    assert _report("iterable_and_collate.py", "flambeau") == _report("iterable_and_collate.py", "torch")

"""After the same ``manual_seed``, loaders, samplers and ``random_split`` give PyTorch's orders: they make
PyTorch's calls on flambeau's generators, which draw PyTorch's CPU stream (tensor-core's
test_torch_streams checks the streams themselves)."""
from __future__ import annotations

import random

import numpy as np
import pytest

import flambeau_tensor_core as ft
import flambeau_utils_data as fud
from flambeau_tensor_core.testing import oracle
from flambeau_utils_data.worker import _numpy_seed


def _both(run, seed: int = 0):
    """``run(lib, data)`` for flambeau and for PyTorch, each after ``manual_seed(seed)``."""
    torch = oracle.torch()
    ft.manual_seed(seed)
    ours = run(ft, fud)
    torch.manual_seed(seed)
    theirs = run(torch, torch.utils.data)
    return ours, theirs


def _batches(loader) -> list:
    return [batch[0].tolist() for batch in loader]


@pytest.mark.parametrize("seed", [0, 1234])
def test_shuffled_loader_epochs_and_the_stream_after_them_match_torch(seed):
    def run(lib, data):
        loader = data.DataLoader(data.TensorDataset(lib.arange(23.0)), batch_size=5, shuffle=True)
        return [_batches(loader) for _ in range(3)], lib.rand(3).tolist()
    ours, theirs = _both(run, seed)
    assert ours == theirs


def test_loader_with_its_own_generator_matches_torch():
    def run(lib, data):
        generator = lib.Generator().manual_seed(42)
        return _batches(data.DataLoader(data.TensorDataset(lib.arange(10.0)), batch_size=3, shuffle=True,
                                        generator=generator))
    ours, theirs = _both(run)
    assert ours == theirs


@pytest.mark.parametrize("case", ["random_split", "replacement", "subset", "weighted"])
def test_samplers_and_random_split_match_torch(case):
    def run(lib, data):
        if case == "random_split":
            return [list(part) for part in data.random_split(range(10), [3, 7])]
        if case == "replacement":
            return list(data.RandomSampler(range(10), replacement=True, num_samples=40))
        if case == "subset":
            return list(data.SubsetRandomSampler([5, 6, 7, 8]))
        return list(data.WeightedRandomSampler([0.1, 0.7, 0.2], 12))
    ours, theirs = _both(run)
    assert ours == theirs


class _Draws:
    """Each item: its key and one draw from the worker's flambeau/torch, NumPy and ``random`` streams."""

    def __init__(self, lib):
        self.lib = lib

    def __len__(self) -> int:
        return 8

    def __getitem__(self, key: int):
        return self.lib.tensor([float(key), float(self.lib.rand(1).item()), float(np.random.rand()), random.random()])


def test_worker_processes_are_seeded_like_torchs():
    def run(lib, data):
        return [batch.tolist() for batch in data.DataLoader(_Draws(lib), batch_size=2, num_workers=2, shuffle=True)]
    ours, theirs = _both(run)
    np.testing.assert_array_equal(np.array(ours), np.array(theirs))


@pytest.mark.parametrize("base_seed, worker_id", [(0, 0), (123456789012345, 3), (2 ** 63 - 5, 7)])
def test_worker_numpy_seed_is_torchs_hash(base_seed, worker_id):
    oracle.torch()
    from torch.utils.data._utils.worker import _generate_state
    assert _numpy_seed(base_seed, worker_id).tolist() == _generate_state(base_seed, worker_id)

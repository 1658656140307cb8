"""DataLoader: batch contents and order against torch.utils.data (RNG-free configurations, 0 and 2
workers), argument-conflict errors of the same type, len(), iterable sharding, worker seeding,
persistent workers and shared-memory transfer."""
from __future__ import annotations

import random
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

import flambeau_tensor_core as ft
import flambeau_utils_data as fud
from flambeau_tensor_core.testing import oracle
from flambeau_utils_data.shared_memory import is_shared

FLAMBEAU = SimpleNamespace(__name__="flambeau", from_numpy=ft.from_numpy, tensor=ft.tensor,
                           utils=SimpleNamespace(data=fud))


def is_torch(lib) -> bool:
    return lib.__name__ == "torch"


class Records(fud.Dataset):
    """Sample i is (a float32 image filled with i, i, a dict with a str and a float)."""

    def __init__(self, lib, n=23, shape=(2, 3)):
        self.lib, self.n, self.shape = lib, n, shape

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        image = np.full(self.shape, i, dtype=np.float32)
        return self.lib.from_numpy(image) if not is_torch(self.lib) else self.lib.tensor(image), i, {"s": float(i) / 2}


def flatten(batches):
    """Batches as nested lists the oracle can compare (dicts become lists of their values)."""
    return [[b[0], b[1], [b[2]["s"]]] for b in batches]


def loader_check(num_workers, **kwargs):
    def run(lib):
        dataset = Records(lib)
        data = lib.utils.data
        return flatten(list(data.DataLoader(dataset, num_workers=num_workers, **kwargs)))
    return oracle.check(run, flambeau=FLAMBEAU)


@pytest.mark.parametrize("num_workers", [0, 2])
@pytest.mark.parametrize("kwargs", [{}, {"batch_size": 4}, {"batch_size": 5, "drop_last": True},
                                    {"batch_size": 100}])
def test_map_dataset_batches_match_torch(num_workers, kwargs):
    loader_check(num_workers, **kwargs)


def test_batch_sampler_and_sampler_arguments_match_torch():
    def run(lib):
        data = lib.utils.data
        dataset = Records(lib, n=10)
        order = [9, 0, 4, 4, 2, 7]
        by_sampler = data.DataLoader(dataset, batch_size=4, sampler=order, num_workers=2)
        by_batches = data.DataLoader(dataset, batch_sampler=[[3, 1], [8], [0, 5, 2]], num_workers=2)
        return flatten(list(by_sampler)) + flatten(list(by_batches))
    oracle.check(run, flambeau=FLAMBEAU)


def test_batch_size_none_converts_each_sample_like_torch():
    def run(lib):
        loader = lib.utils.data.DataLoader([np.arange(3) * i for i in range(4)], batch_size=None, num_workers=2)
        return list(loader)
    oracle.check(run, flambeau=FLAMBEAU)


def test_collate_fn_and_getitems_are_used():
    class Batched(fud.Dataset):
        def __len__(self):
            return 6

        def __getitems__(self, keys):
            return [k * 10 for k in keys]

    loader = fud.DataLoader(Batched(), batch_size=4, num_workers=2, collate_fn=lambda batch: sum(batch))
    assert list(loader) == [60, 90]


class ShardedRange(fud.IterableDataset):
    """range(start, end) split into contiguous shares, one per worker (PyTorch's documented pattern)."""

    def __init__(self, start, end, worker_info):
        self.start, self.end, self.worker_info = start, end, worker_info

    def __iter__(self):
        info = self.worker_info()
        if info is None:
            return iter(range(self.start, self.end))
        per_worker = -(-(self.end - self.start) // info.num_workers)
        first = self.start + info.id * per_worker
        return iter(range(first, min(first + per_worker, self.end)))

    def __len__(self):
        return self.end - self.start


@pytest.mark.filterwarnings("ignore:This DataLoader will create")
@pytest.mark.parametrize("num_workers, batch_size, drop_last", [(0, 3, False), (2, 3, False), (2, 4, True),
                                                                (3, None, False), (2, 5, False)])
def test_iterable_dataset_sharding_matches_torch(num_workers, batch_size, drop_last):
    def run(lib):
        data = lib.utils.data
        base = data.IterableDataset if is_torch(lib) else fud.IterableDataset
        dataset = type("Shards", (ShardedRange, base), {})(3, 20, data.get_worker_info)
        loader = data.DataLoader(dataset, batch_size=batch_size, num_workers=num_workers, drop_last=drop_last)
        return [b.tolist() if batch_size is not None else int(b) for b in loader]
    oracle.check(run, flambeau=FLAMBEAU)


@pytest.mark.parametrize("kwargs", [
    {"num_workers": -1},
    {"timeout": -1.0},
    {"prefetch_factor": 2},
    {"num_workers": 1, "prefetch_factor": -1},
    {"persistent_workers": True},
    {"sampler": [0, 1], "shuffle": True},
    {"batch_sampler": [[0]], "batch_size": 2},
    {"batch_sampler": [[0]], "shuffle": True},
    {"batch_sampler": [[0]], "sampler": [0]},
    {"batch_sampler": [[0]], "drop_last": True},
    {"batch_size": None, "drop_last": True},
    {"multiprocessing_context": "fork"},
    {"num_workers": 1, "multiprocessing_context": "no-such-method"},
    {"num_workers": 1, "multiprocessing_context": 3},
    {"batch_size": 0},
])
def test_argument_conflicts_raise_like_torch(kwargs):
    oracle.check_raises(lambda lib: lib.utils.data.DataLoader(list(range(4)), **kwargs), flambeau=FLAMBEAU)


@pytest.mark.parametrize("kwargs", [{"shuffle": True}, {"sampler": [0]}, {"batch_sampler": [[0]]}])
def test_iterable_dataset_rejects_sampling_options_like_torch(kwargs):
    def run(lib):
        base = lib.utils.data.IterableDataset if is_torch(lib) else fud.IterableDataset
        return lib.utils.data.DataLoader(type("S", (ShardedRange, base), {})(0, 3, None), **kwargs)
    oracle.check_raises(run, flambeau=FLAMBEAU)


@pytest.mark.parametrize("attribute", ["batch_size", "sampler", "dataset", "drop_last"])
def test_frozen_attributes_like_torch(attribute):
    oracle.check_raises(lambda lib: setattr(lib.utils.data.DataLoader([1, 2]), attribute, None), flambeau=FLAMBEAU)


@pytest.mark.parametrize("kwargs", [{}, {"batch_size": 3}, {"batch_size": 3, "drop_last": True},
                                    {"batch_size": None}])
def test_len_matches_torch(kwargs):
    def run(lib):
        base = lib.utils.data.IterableDataset if is_torch(lib) else fud.IterableDataset
        stream = type("S", (ShardedRange, base), {})(0, 10, None)
        return [len(lib.utils.data.DataLoader(list(range(10)), **kwargs)),
                len(lib.utils.data.DataLoader(stream, **kwargs))]
    oracle.check(run, flambeau=FLAMBEAU)


def test_shuffle_is_a_permutation_and_reproducible_with_generator():
    def epoch(seed):
        loader = fud.DataLoader(list(range(30)), batch_size=7, shuffle=True, num_workers=2,
                                generator=ft.Generator().manual_seed(seed))
        return sum((b.tolist() for b in loader), [])
    first = epoch(0)
    assert sorted(first) == list(range(30)) and epoch(0) == first and epoch(1) != first


class SeedProbe(fud.Dataset):
    """Reports, per sample, its worker's id and seed and one draw from each global RNG."""

    def __len__(self):
        return 4

    def __getitem__(self, i):
        info = fud.get_worker_info()
        return [info.id, info.seed, random.random(), float(np.random.rand()), float(ft.rand(1).item())]


def test_workers_are_seeded_base_seed_plus_id_and_reproducibly():
    def run():
        loader = fud.DataLoader(SeedProbe(), batch_size=None, num_workers=2, collate_fn=lambda x: x,
                                generator=ft.Generator().manual_seed(7))
        return list(loader)
    first = run()
    assert run() == first
    by_worker = {row[0]: row for row in first}
    assert by_worker[1][1] == by_worker[0][1] + 1
    for column in (2, 3, 4):
        assert by_worker[0][column] != by_worker[1][column]


def test_worker_info_is_none_in_main_and_read_only_in_worker():
    assert fud.get_worker_info() is None

    class Probe(fud.Dataset):
        def __len__(self):
            return 1

        def __getitem__(self, i):
            info = fud.get_worker_info()
            try:
                info.id = 5
            except RuntimeError as error:
                return [info.num_workers, str(error), info.dataset is self]
            return None

    (result,) = fud.DataLoader(Probe(), batch_size=None, num_workers=1)
    assert result == [1, "Cannot assign attributes to WorkerInfo objects", True]


def test_worker_init_fn_runs_in_each_worker():
    class WhoInitialised(fud.Dataset):
        def __len__(self):
            return 6

        def __getitem__(self, i):
            return WhoInitialised.marker

    def init(worker_id):
        WhoInitialised.marker = worker_id * 100

    values = sorted(fud.DataLoader(WhoInitialised(), batch_size=None, num_workers=2, worker_init_fn=init))
    assert set(values) == {0, 100}


def test_batches_from_workers_live_in_shared_memory():
    batch = next(iter(fud.DataLoader(Records(ft, shape=(3, 8, 8)), batch_size=4, num_workers=1)))
    assert is_shared(batch[0]) and is_shared(batch[1])
    assert not is_shared(next(iter(fud.DataLoader(Records(ft), batch_size=4)))[0])
    batch[0].add_(1) if hasattr(batch[0], "add_") else None
    assert batch[0].numpy().flags.writeable


def test_in_order_false_yields_every_batch_once():
    class Uneven(fud.Dataset):
        def __len__(self):
            return 12

        def __getitem__(self, i):
            if i < 2:
                import time
                time.sleep(0.2)
            return i

    loader = fud.DataLoader(Uneven(), batch_size=2, num_workers=2, in_order=False)
    batches = [b.tolist() for b in loader]
    assert sorted(sum(batches, [])) == list(range(12)) and batches[0] != [0, 1]


def test_persistent_workers_are_reused_across_epochs():
    loader = fud.DataLoader(list(range(10)), batch_size=3, num_workers=2, persistent_workers=True)
    first = [b.tolist() for b in loader]
    pids = loader._iterator._pool.pids
    iterator = iter(loader)
    next(iterator)   # abandon an epoch half-way: the next one must start clean
    second = [b.tolist() for b in loader]
    assert first == second == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert loader._iterator._pool.pids == pids


def test_persistent_iterable_workers_restart_their_streams():
    loader = fud.DataLoader(type("S", (ShardedRange, fud.IterableDataset), {})(0, 6, fud.get_worker_info),
                            batch_size=2, num_workers=2, persistent_workers=True)
    assert [b.tolist() for b in loader] == [b.tolist() for b in loader] == [[0, 1], [3, 4], [2], [5]]


def test_pin_memory_without_cuda_warns_like_torch():
    if ft.cuda.is_available():
        pytest.skip("pin_memory is a no-op with CUDA present")
    with pytest.warns(UserWarning, match="pin_memory"):
        list(fud.DataLoader([1, 2], pin_memory=True))


def test_too_many_workers_warns():
    with pytest.warns(UserWarning, match="worker processes in total"):
        fud.DataLoader([1], num_workers=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fud.DataLoader([1], num_workers=1)

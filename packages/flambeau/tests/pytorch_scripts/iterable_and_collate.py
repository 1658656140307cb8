"""Data loading a PyTorch user writes: iterable datasets sharded across workers, worker_init_fn seeding
NumPy from the worker's seed, dict/namedtuple/NumPy samples collated, ConcatDataset, Subset, fractional
random_split, BatchSampler, drop_last; run with the library to import as its argument."""
import collections
import importlib
import json
import sys

import numpy as np

torch = importlib.import_module(sys.argv[1])
data = importlib.import_module(sys.argv[1] + ".utils.data")

Pair = collections.namedtuple("Pair", "left right")


class Stream(data.IterableDataset):
    def __iter__(self):
        info = data.get_worker_info()
        start, step = (0, 1) if info is None else (info.id, info.num_workers)
        for i in range(start, 12, step):
            yield {"index": i, "noise": torch.rand(1).item(), "pair": Pair(i, np.float32(i) / 2),
                   "worker_seed": -1 if info is None else info.seed, "numpy": float(np.random.rand())}


class Squares(data.Dataset):
    def __len__(self):
        return 10

    def __getitem__(self, i):
        return torch.tensor([i * i]), np.array([i, -i])


def seed_numpy(worker_id):
    np.random.seed(torch.initial_seed() % 2 ** 32)


def as_lists(batch):
    if isinstance(batch, dict):
        return {k: as_lists(v) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return [type(batch).__name__] + [as_lists(v) for v in batch]
    if hasattr(batch, "tolist"):
        return [str(batch.dtype), batch.tolist()]
    return batch


def main():
    torch.manual_seed(11)
    report = {}
    stream = data.DataLoader(Stream(), batch_size=4, num_workers=2, worker_init_fn=seed_numpy)
    report["stream"] = [as_lists(b) for b in stream]
    both = data.ConcatDataset([Squares(), data.Subset(Squares(), [9, 3, 5])])
    train, test = data.random_split(both, [0.7, 0.3])
    report["split"] = [list(train.indices), list(test.indices)]
    loader = data.DataLoader(train, batch_size=3, shuffle=True, drop_last=True)
    report["train"] = [as_lists(b) for b in loader]
    sampler = data.BatchSampler(data.RandomSampler(range(7)), batch_size=3, drop_last=False)
    report["batches"] = list(sampler)
    samples = [{"a": np.array(1.5), "b": (1, 2.0)}, {"a": np.array(2.5), "b": (3, 4.0)}]
    report["collate"] = as_lists(data.default_collate(samples))
    print(json.dumps(report))


if __name__ == "__main__":
    main()

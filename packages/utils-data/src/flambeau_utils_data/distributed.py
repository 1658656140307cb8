"""``DistributedSampler``: the share of a dataset's keys that one of ``num_replicas`` processes reads,
padded (or trimmed, with ``drop_last``) so that every replica gets the same number of keys."""
from __future__ import annotations

import math
from collections.abc import Iterator, Sized

import flambeau_tensor_core as ft

from .sampler import Sampler


class DistributedSampler(Sampler):
    """Keys ``rank, rank + num_replicas, …`` of a (per-epoch shuffled) key list. Flambeau has no process
    group, so ``num_replicas`` and ``rank`` must be given. Call ``set_epoch`` before each epoch so that
    shuffling differs between epochs while staying equal across replicas (``seed + epoch``)."""

    def __init__(self, dataset: Sized, num_replicas: int | None = None, rank: int | None = None,
                 shuffle: bool = True, seed: int = 0, drop_last: bool = False) -> None:
        if num_replicas is None or rank is None:
            raise RuntimeError("Requires distributed package to be available (flambeau has no process group: "
                               "pass num_replicas= and rank=)")
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        if drop_last and len(dataset) % num_replicas != 0:
            self.num_samples = math.ceil((len(dataset) - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(len(dataset) / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self) -> Iterator[int]:
        if self.shuffle:
            generator = ft.Generator().manual_seed(self.seed + self.epoch)
            keys = ft.randperm(len(self.dataset), generator=generator).tolist()
        else:
            keys = list(range(len(self.dataset)))
        if self.drop_last:
            keys = keys[:self.total_size]
        else:
            padding = self.total_size - len(keys)
            keys += (keys * math.ceil(padding / len(keys)))[:padding] if padding > 0 else []
        return iter(keys[self.rank:self.total_size:self.num_replicas])

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Use ``seed + epoch`` for the next shuffle."""
        self.epoch = epoch


__all__ = ["DistributedSampler"]

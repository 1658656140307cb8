"""utils-data: DataLoader throughput on a map-style dataset of 50,000 3×32×32 float32 images with light
per-item work (normalisation), batch 128, with 0 and 2 worker processes, flambeau vs PyTorch.

Each call iterates a fresh loader: a few warm-up batches (worker start-up, first page faults) are not
timed, then the steady state is; the table shows seconds per batch (batches/s is its inverse).
"""
from __future__ import annotations

import time

from harness import Implementations, Target, register

IMAGES, BATCH, WARMUP_BATCHES, TIMED_BATCHES = 50_000, 128, 4, 60


def _images():
    import numpy as np

    return np.random.default_rng(0).standard_normal((IMAGES, 3, 32, 32), dtype=np.float32)


def _seconds_per_batch(loader) -> float:
    batches = iter(loader)
    for _ in range(WARMUP_BATCHES):
        next(batches)
    start = time.perf_counter()
    for _ in range(TIMED_BATCHES):
        next(batches)
    elapsed = time.perf_counter() - start
    del batches   # stops the workers before the next round starts its own
    return elapsed / TIMED_BATCHES


def _dataloader_case(num_workers: int) -> Implementations:
    import torch

    import flambeau_tensor_core as ft
    import flambeau_utils_data as fud

    images = _images()   # one array shared by both libraries' tensors (no copy)
    labels = images[:, 0, 0, 0] > 0

    class FlambeauImages(fud.Dataset):
        def __init__(self):
            self.images, self.labels = ft.from_numpy(images), labels

        def __len__(self):
            return IMAGES

        def __getitem__(self, i):
            return (self.images[i] - 0.5) / 0.25, int(self.labels[i])

    class TorchImages(torch.utils.data.Dataset):
        def __init__(self):
            self.images, self.labels = torch.from_numpy(images), labels

        def __len__(self):
            return IMAGES

        def __getitem__(self, i):
            return (self.images[i] - 0.5) / 0.25, int(self.labels[i])

    def loader(data, dataset):
        return data.DataLoader(dataset, batch_size=BATCH, shuffle=True, num_workers=num_workers)

    flambeau_dataset, torch_dataset = FlambeauImages(), TorchImages()
    return Implementations(flambeau=lambda: _seconds_per_batch(loader(fud, flambeau_dataset)),
                           torch=lambda: _seconds_per_batch(loader(torch.utils.data, torch_dataset)),
                           self_timed=True)


@register("DataLoader 50k 3x32x32 f32, batch 128, 0 workers (s/batch)", target=Target(ratio=1.0))
def dataloader_in_process() -> Implementations:
    return _dataloader_case(0)


@register("DataLoader 50k 3x32x32 f32, batch 128, 2 workers (s/batch)", target=Target(ratio=1.0))
def dataloader_two_workers() -> Implementations:
    return _dataloader_case(2)

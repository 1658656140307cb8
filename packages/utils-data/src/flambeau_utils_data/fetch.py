"""Fetchers: turn one entry of the index sampler into one batch, for map-style datasets (look up keys)
and iterable ones (pull the next samples). The same fetcher runs in the main process and in workers."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .dataset import IterableDataset


class MapDatasetFetcher:
    """``collate_fn([dataset[k] for k in keys])``, or ``collate_fn(dataset[key])`` without auto-batching;
    a dataset's ``__getitems__(keys)`` fetches a whole batch at once."""

    def __init__(self, dataset: Any, auto_collation: bool, collate_fn: Callable, drop_last: bool) -> None:
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self._getitems = getattr(dataset, "__getitems__", None) if auto_collation else None

    def fetch(self, possibly_batched_index: Any) -> Any:
        if not self.auto_collation:
            return self.collate_fn(self.dataset[possibly_batched_index])
        if self._getitems is not None:
            return self.collate_fn(self._getitems(possibly_batched_index))
        return self.collate_fn([self.dataset[k] for k in possibly_batched_index])


class IterableDatasetFetcher:
    """The next ``len(batch_index)`` samples of the dataset's iterator (one sample without
    auto-batching). Raises ``StopIteration`` when the stream is done (or, with ``drop_last``, when only
    a short batch is left)."""

    def __init__(self, dataset: IterableDataset, auto_collation: bool, collate_fn: Callable,
                 drop_last: bool) -> None:
        self.dataset_iter: Iterator[Any] = iter(dataset)
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        self.ended = False

    def fetch(self, possibly_batched_index: Any) -> Any:
        if self.ended:
            raise StopIteration
        if not self.auto_collation:
            return self.collate_fn(next(self.dataset_iter))
        data = []
        for _ in possibly_batched_index:
            try:
                data.append(next(self.dataset_iter))
            except StopIteration:
                self.ended = True
                break
        if not data or (self.drop_last and len(data) < len(possibly_batched_index)):
            raise StopIteration
        return self.collate_fn(data)


def create_fetcher(dataset: Any, auto_collation: bool, collate_fn: Callable, drop_last: bool):
    kind = IterableDatasetFetcher if isinstance(dataset, IterableDataset) else MapDatasetFetcher
    return kind(dataset, auto_collation, collate_fn, drop_last)


__all__: list[str] = []

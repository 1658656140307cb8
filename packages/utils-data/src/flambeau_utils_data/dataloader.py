"""``DataLoader``: batches from a dataset, read in the main process or by worker processes.

With ``num_workers > 0`` every batch is one task: the main process hands batch keys to the workers
round-robin, at most ``prefetch_factor`` tasks per worker in flight, and yields the results in sampler
order (``in_order=True``) or as they come. Batches come back through shared memory
(:mod:`.shared_memory`); an exception in a worker is re-raised at its batch with the worker's
traceback; a dead worker or an exceeded ``timeout`` raises ``RuntimeError``; and the workers are
stopped when the iterator is exhausted, deleted, garbage-collected or the interpreter exits.
"""
from __future__ import annotations

import functools
import itertools
import math
import multiprocessing
import os
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import flambeau_tensor_core as ft

from .collate import default_collate, default_convert
from .dataset import Dataset, IterableDataset
from .fetch import create_fetcher
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler
from .worker import ExceptionWrapper, IterableDatasetStopIteration, ResumeIteration, WorkerConfig
from .worker_pool import WorkerPool

_FROZEN_AFTER_INIT = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")


class _InfiniteConstantSampler(Sampler):
    """The sampler of an iterable dataset: ``None`` forever (the dataset decides when to stop)."""

    def __iter__(self) -> Iterator[None]:
        return itertools.repeat(None)


class DataLoader:
    """Iterate over ``dataset`` in batches (PyTorch's ``torch.utils.data.DataLoader``, every argument).

    ``batch_size``/``shuffle``/``sampler``/``drop_last`` build a ``BatchSampler`` unless one is given
    as ``batch_sampler``; ``batch_size=None`` turns batching off (``default_convert`` per sample).
    ``num_workers`` worker processes (started with ``multiprocessing_context``) each seed ``random``,
    NumPy and flambeau with ``base_seed + worker_id``, ``base_seed`` drawn from ``generator``.
    ``pin_memory`` is accepted for compatibility; flambeau's host memory is not page-locked.
    """

    __initialized = False

    def __init__(self, dataset: Dataset, batch_size: int | None = 1, shuffle: bool | None = None,
                 sampler: Sampler | Iterable | None = None, batch_sampler: Sampler | Iterable | None = None,
                 num_workers: int = 0, collate_fn: Callable | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0, worker_init_fn: Callable | None = None,
                 multiprocessing_context: Any = None, generator: ft.Generator | None = None, *,
                 prefetch_factor: int | None = None, persistent_workers: bool = False,
                 pin_memory_device: str = "", in_order: bool = True) -> None:
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers "
                             "> 0 to enable multiprocessing, otherwise set prefetch_factor to None.")
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            self._iterable = True
            if shuffle not in {False, None}:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, but got "
                                 f"shuffle={shuffle}")
            if sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler option, but got "
                                 f"sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified batch_sampler option, "
                                 f"but got batch_sampler={batch_sampler}")
        else:
            self._iterable = False
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                             "drop_last")

        if sampler is None:
            if self._iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self.__initialized = True
        self._iterable_length_reported: int | None = None
        self._iterator: _MultiProcessingDataLoaderIter | None = None
        self._warn_if_too_many_workers()

    @property
    def multiprocessing_context(self) -> Any:
        return self.__multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, context: Any) -> None:
        if context is not None:
            if self.num_workers == 0:
                raise ValueError(f"multiprocessing_context can only be used with multi-process loading "
                                 f"(num_workers > 0), but got num_workers={self.num_workers}")
            if isinstance(context, str):
                methods = multiprocessing.get_all_start_methods()
                if context not in methods:
                    raise ValueError(f"multiprocessing_context option should specify a valid start method in "
                                     f"{methods!r}, but got multiprocessing_context={context!r}")
                context = multiprocessing.get_context(context)
            if not isinstance(context, multiprocessing.context.BaseContext):
                raise TypeError(f"multiprocessing_context option should be a valid context object or a string "
                                f"specifying the start method, but got multiprocessing_context={context}")
        self.__multiprocessing_context = context

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__initialized and name in _FROZEN_AFTER_INIT:
            raise ValueError(f"{name} attribute should not be set after {self.__class__.__name__} is initialized")
        super().__setattr__(name, value)

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self) -> Any:
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self) -> _BaseDataLoaderIter:
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        if not self.persistent_workers:
            return _MultiProcessingDataLoaderIter(self)
        if self._iterator is None or self._iterator.pool_closed:
            self._iterator = _MultiProcessingDataLoaderIter(self)
        else:
            self._iterator.reset(self)
        return self._iterator

    def __len__(self) -> int:
        if not self._iterable:
            return len(self._index_sampler)
        length = self._iterable_length_reported = len(self.dataset)
        if self.batch_size is not None:
            length = length // self.batch_size if self.drop_last else math.ceil(length / self.batch_size)
        return length

    def _warn_if_too_many_workers(self) -> None:
        if self.num_workers == 0:
            return
        has_affinity = hasattr(os, "sched_getaffinity")
        cpus = len(os.sched_getaffinity(0)) if has_affinity else os.cpu_count()
        if cpus is not None and self.num_workers <= cpus:
            return
        suggestion = (f"Our suggested max number of worker in current system is {cpus}"
                      f"{'' if has_affinity else ' (`cpuset` is not taken into account)'}, which is smaller than "
                      f"what this DataLoader is going to create." if cpus is not None else
                      "DataLoader is not able to compute a suggested max number of worker in current system.")
        warnings.warn(f"This DataLoader will create {self.num_workers} worker processes in total. {suggestion} "
                      "Please be aware that excessive worker creation might get DataLoader running slow or even "
                      "freeze, lower the worker number to avoid potential slowness/freeze if necessary.",
                      stacklevel=3)


class _BaseDataLoaderIter:
    def __init__(self, loader: DataLoader) -> None:
        self._loader = loader
        self._dataset = loader.dataset
        self._iterable = loader._iterable
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._collate_fn = loader.collate_fn
        self._timeout = loader.timeout
        if loader.pin_memory and not ft.cuda.is_available():
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, then device pinned "
                          "memory won't be used.", stacklevel=3)
        self._sampler_iter = iter(self._index_sampler)
        self._base_seed = int(ft.empty((), dtype=ft.int64).random_(generator=loader.generator).item())
        self._num_yielded = 0

    def __iter__(self) -> _BaseDataLoaderIter:
        return self

    def __len__(self) -> int:
        return len(self._loader)

    def _next_index(self) -> Any:
        return next(self._sampler_iter)

    def _next_data(self) -> Any:
        raise NotImplementedError

    def __next__(self) -> Any:
        data = self._next_data()
        self._num_yielded += 1
        reported = self._loader._iterable_length_reported
        if self._iterable and reported is not None and self._num_yielded > reported:
            message = (f"Length of IterableDataset {self._dataset} was reported to be {reported}(when accessing "
                       f"len(dataloader)), but {self._num_yielded} samples have been fetched. ")
            if self._loader.num_workers > 0:
                message += ("For multiprocessing data-loading, this could be caused by not properly configuring "
                            "the IterableDataset replica at each worker.")
            warnings.warn(message, stacklevel=2)
        return data


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    def __init__(self, loader: DataLoader) -> None:
        super().__init__(loader)
        self._fetcher = create_fetcher(self._dataset, self._auto_collation, self._collate_fn, self._drop_last)

    def _next_data(self) -> Any:
        return self._fetcher.fetch(self._next_index())


def _worker_config(loader: DataLoader, base_seed: int, worker_id: int, segment_prefix: str) -> WorkerConfig:
    return WorkerConfig(dataset=loader.dataset, auto_collation=loader._auto_collation,
                        collate_fn=loader.collate_fn, drop_last=loader.drop_last, base_seed=base_seed,
                        init_fn=loader.worker_init_fn, worker_id=worker_id, num_workers=loader.num_workers,
                        segment_prefix=segment_prefix)


class _MultiProcessingDataLoaderIter(_BaseDataLoaderIter):
    """Tasks are numbered in sampler order; ``_task_info[i]`` is ``(worker_id,)`` while task ``i`` is
    out and ``(worker_id, data)`` once it arrived ahead of its turn."""

    def __init__(self, loader: DataLoader) -> None:
        super().__init__(loader)
        self._num_workers = loader.num_workers
        self._prefetch_factor = loader.prefetch_factor
        self._persistent = loader.persistent_workers
        self._in_order = loader.in_order
        context = loader.multiprocessing_context or multiprocessing.get_context()
        make_config = functools.partial(_worker_config, loader, self._base_seed)
        self._pool = WorkerPool(context, make_config, self._num_workers)
        self._shutdown = weakref.finalize(self, self._pool.shutdown)
        self._start_epoch()

    @property
    def pool_closed(self) -> bool:
        return not self._shutdown.alive

    def _start_epoch(self) -> None:
        self._send_idx = 0
        self._rcvd_idx = 0
        self._task_info: dict[int, tuple] = {}
        self._tasks_outstanding = 0
        self._worker_load = [0] * self._num_workers
        self._workers_active = [True] * self._num_workers
        self._worker_cycle = itertools.cycle(range(self._num_workers))
        for _ in range(self._prefetch_factor * self._num_workers):
            self._try_put_index()

    def reset(self, loader: DataLoader) -> None:
        """A new epoch on the same (persistent) workers: discard what is still in flight."""
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        for worker_id in range(self._num_workers):
            self._pool.send(worker_id, ResumeIteration())
        pending = self._num_workers
        while pending:   # everything before a worker's acknowledgement is from the abandoned epoch
            _, (marker, _) = self._receive()
            pending -= isinstance(marker, ResumeIteration)
        self._start_epoch()

    def _receive(self) -> tuple[int, Any]:
        return self._pool.receive(self._timeout)

    def _pick_worker(self) -> int | None:
        if not self._in_order:
            active = [w for w in range(self._num_workers) if self._workers_active[w]]
            return min(active, key=self._worker_load.__getitem__) if active else None
        for _ in range(self._num_workers):
            worker_id = next(self._worker_cycle)
            if self._workers_active[worker_id]:
                return worker_id
        return None

    def _try_put_index(self) -> None:
        if self._tasks_outstanding >= self._prefetch_factor * self._num_workers:
            return
        worker_id = self._pick_worker()
        if worker_id is None:
            return
        try:
            index = self._next_index()
        except StopIteration:
            return
        self._pool.send(worker_id, (self._send_idx, index))
        self._task_info[self._send_idx] = (worker_id,)
        self._worker_load[worker_id] += 1
        self._tasks_outstanding += 1
        self._send_idx += 1

    def _next_data(self) -> Any:
        while True:
            # Skip tasks that will never be answered: their worker's stream already ended.
            while self._rcvd_idx < self._send_idx:
                info = self._task_info.get(self._rcvd_idx)
                if info is not None and (len(info) == 2 or self._workers_active[info[0]]):
                    break
                self._task_info.pop(self._rcvd_idx, None)
                self._rcvd_idx += 1
            else:
                if not self._persistent:
                    self._shutdown()
                raise StopIteration
            info = self._task_info[self._rcvd_idx]
            if len(info) == 2:
                del self._task_info[self._rcvd_idx]
                self._rcvd_idx += 1
                return self._process(info[1])
            worker_id, (idx, data) = self._receive()
            self._tasks_outstanding -= 1
            self._worker_load[worker_id] -= 1
            if isinstance(data, IterableDatasetStopIteration):
                self._workers_active[data.worker_id] = False
                if not self._persistent:
                    self._pool.stop_worker(data.worker_id)
                self._try_put_index()
                continue
            if idx == self._rcvd_idx:
                del self._task_info[idx]
                self._rcvd_idx += 1
                return self._process(data)
            if self._in_order:
                self._task_info[idx] += (data,)
            else:
                del self._task_info[idx]
                return self._process(data)

    def _process(self, data: Any) -> Any:
        self._try_put_index()
        if isinstance(data, ExceptionWrapper):
            data.reraise()
        return data


__all__ = ["DataLoader"]

"""The worker side of the multi-process ``DataLoader``: what runs in each worker process, the
``WorkerInfo`` it exposes through ``get_worker_info()``, and the messages it exchanges with the main
process.

Protocol. The main process puts ``(task_index, batch_keys)`` on a worker's index queue, a
``ResumeIteration`` to start a new epoch (persistent workers), or ``None`` to stop. The worker answers
each task on its own result pipe with ``shared_memory.encode((task_index, batch))`` where ``batch`` may
instead be an ``ExceptionWrapper`` (the fetch raised) or an ``IterableDatasetStopIteration`` (its copy
of an iterable dataset is exhausted).
"""
from __future__ import annotations

import os
import queue
import random
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import flambeau_tensor_core as ft

from . import shared_memory
from .fetch import IterableDatasetFetcher, create_fetcher

# How often an idle worker checks that the process that started it is still alive.
PARENT_CHECK_INTERVAL = 1.0


class WorkerInfo:
    """What a worker process knows about itself: ``id``, ``num_workers``, ``seed`` and its copy of
    ``dataset``. Read-only."""

    __initialized = False

    def __init__(self, **kwargs: Any) -> None:
        for key, value in kwargs.items():
            setattr(self, key, value)
        self.__keys = tuple(kwargs)
        self.__initialized = True

    def __setattr__(self, key: str, value: Any) -> None:
        if self.__initialized:
            raise RuntimeError(f"Cannot assign attributes to {self.__class__.__name__} objects")
        super().__setattr__(key, value)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={getattr(self, k)}" for k in self.__keys)
        return f"{self.__class__.__name__}({fields})"


_worker_info: WorkerInfo | None = None


def get_worker_info() -> WorkerInfo | None:
    """In a DataLoader worker: its ``WorkerInfo`` (``id``, ``num_workers``, ``seed``, ``dataset``);
    in the main process: ``None``. An ``IterableDataset`` uses it to give each worker its own share."""
    return _worker_info


class ExceptionWrapper:
    """An exception caught in a worker, carried to the main process with its formatted traceback."""

    def __init__(self, exc_info: tuple | None = None, where: str = "in background") -> None:
        exc_type, exc_value, exc_tb = sys.exc_info() if exc_info is None else exc_info
        self.exc_type = exc_type
        self.exc_msg = "".join(traceback.format_exception(exc_type, exc_value, exc_tb))
        self.where = where

    def reraise(self) -> None:
        """Raise an exception of the original type whose message holds the worker's traceback."""
        message = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.exc_msg}"
        if self.exc_type is KeyError:
            message = _KeyErrorMessage(message)
        try:
            exception = self.exc_type(message)
        except Exception:   # the type needs other constructor arguments
            raise RuntimeError(message) from None
        raise exception


class _KeyErrorMessage(str):
    """KeyError quotes its argument with repr; this keeps the traceback readable."""

    def __repr__(self) -> str:
        return self


@dataclass(frozen=True)
class IterableDatasetStopIteration:
    worker_id: int


@dataclass(frozen=True)
class ResumeIteration:
    pass


def _numpy_seed(base_seed: int, worker_id: int) -> np.ndarray:
    """The four 32-bit words PyTorch's workers seed NumPy's legacy RNG with: NumPy's SeedSequence hash
    of the words ``[worker_id, low half of base_seed, high half]`` (one integer whose 32-bit digits
    are those words), so a worker's NumPy draws match PyTorch's worker's."""
    return np.random.SeedSequence(worker_id + (base_seed << 32)).generate_state(4)


def seed_worker(base_seed: int, worker_id: int) -> int:
    """Seed ``random``, NumPy's global RNG and flambeau's default generator for one worker."""
    seed = base_seed + worker_id
    random.seed(seed)
    ft.manual_seed(seed)
    np.random.seed(_numpy_seed(base_seed, worker_id))
    return seed


@dataclass
class WorkerConfig:
    """Everything a worker needs, sent to it once when it starts."""
    dataset: Any
    auto_collation: bool
    collate_fn: Callable
    drop_last: bool
    base_seed: int
    init_fn: Callable | None
    worker_id: int
    num_workers: int
    segment_prefix: str


def worker_loop(config: WorkerConfig, index_queue: Any, result_pipe: Any) -> None:
    """Serve tasks until told to stop, or until the parent process is gone."""
    global _worker_info
    # Ctrl-C reaches the whole process group; the main process decides how workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    seed = seed_worker(config.base_seed, config.worker_id)
    _worker_info = WorkerInfo(id=config.worker_id, num_workers=config.num_workers, seed=seed,
                              dataset=config.dataset)
    where = f"in DataLoader worker process {config.worker_id}"
    segment_prefix = f"{config.segment_prefix}{config.worker_id}-"
    segment_name = shared_memory.SegmentNamer(segment_prefix)
    shared_memory.allocate_in_shared_memory(segment_name)   # collated batches are born shared
    init_error = None
    fetcher = None
    try:
        if config.init_fn is not None:
            config.init_fn(config.worker_id)
        fetcher = _new_fetcher(config)
    except Exception:
        init_error = ExceptionWrapper(where=where)
    exhausted = False
    try:
        while True:
            try:
                task = index_queue.get(timeout=PARENT_CHECK_INTERVAL)
            except queue.Empty:
                if os.getppid() != parent:
                    return
                continue
            if task is None:
                return
            if isinstance(task, ResumeIteration):
                exhausted = False
                if fetcher is not None:
                    fetcher = _new_fetcher(config)
                reply: tuple = (task, None)
            elif exhausted:
                continue
            else:
                index, keys = task
                if init_error is not None:
                    data: Any = init_error
                    init_error = None
                else:
                    data = _fetch(fetcher, keys, config.worker_id, where)
                    exhausted = isinstance(data, IterableDatasetStopIteration)
                reply = (index, data)
            result_pipe.send_bytes(_encode_reply(reply, segment_name(), where))
    except (BrokenPipeError, ConnectionResetError, EOFError, OSError):
        pass   # the main process is gone or closed our pipe: nothing left to serve
    finally:
        shared_memory.sweep(segment_prefix)


def _new_fetcher(config: WorkerConfig):
    return create_fetcher(config.dataset, config.auto_collation, config.collate_fn, config.drop_last)


def _fetch(fetcher: Any, keys: Any, worker_id: int, where: str) -> Any:
    try:
        return fetcher.fetch(keys)
    except StopIteration:
        if isinstance(fetcher, IterableDatasetFetcher):
            return IterableDatasetStopIteration(worker_id)
        return ExceptionWrapper(where=where)
    except Exception:
        return ExceptionWrapper(where=where)


def _encode_reply(reply: tuple, segment_name: str, where: str) -> bytes:
    try:
        return shared_memory.encode(reply, segment_name)
    except Exception:   # e.g. an unpicklable batch: report it at that batch rather than dying
        return shared_memory.encode((reply[0], ExceptionWrapper(where=where)), segment_name)


__all__ = ["WorkerInfo", "get_worker_info"]

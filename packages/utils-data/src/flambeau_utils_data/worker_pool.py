"""The main-process side of the worker processes: starting them, sending tasks, receiving batches,
noticing deaths and stopping them without leaving zombies, orphans or shared-memory segments.

Each worker gets an index queue (a ``multiprocessing.Queue``, whose feeder thread means the main
process never blocks on sending) and a one-way result pipe. Waiting on all result pipes *and* all
worker sentinels with ``multiprocessing.connection.wait`` wakes the main process the moment a batch
arrives or a worker dies, so a killed worker is reported at once rather than after a polling interval.
"""
from __future__ import annotations

import itertools
import os
import signal
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Any

from . import shared_memory
from .worker import WorkerConfig, worker_loop

# Grace a worker gets to finish its current item and exit on request before it is terminated.
SHUTDOWN_GRACE = 1.0
_pool_serial = itertools.count()


class WorkerPool:
    """``num_workers`` worker processes serving one DataLoader iterator."""

    def __init__(self, context: Any, make_config: Any, num_workers: int) -> None:
        self.segment_prefix = f"flambeau-dl-{os.getpid()}-{next(_pool_serial)}-"
        self.processes: list = []
        self._index_queues: list = []
        self._readers: dict = {}          # worker id -> result pipe, while it may still send
        self._watched: set[int] = set()   # worker ids whose death would be unexpected
        self._inbox: deque = deque()
        self._closed = False
        try:
            for worker_id in range(num_workers):
                self._start(context, make_config(worker_id, self.segment_prefix), worker_id)
        except BaseException:
            self.shutdown()
            raise

    def _start(self, context: Any, config: WorkerConfig, worker_id: int) -> None:
        index_queue = context.Queue()
        index_queue.cancel_join_thread()   # never block interpreter exit on undelivered tasks
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=worker_loop, args=(config, index_queue, writer), daemon=True)
        self._index_queues.append(index_queue)
        self._readers[worker_id] = reader
        process.start()
        writer.close()   # so the pipe reports EOF when the worker dies
        self.processes.append(process)
        self._watched.add(worker_id)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def send(self, worker_id: int, message: Any) -> None:
        self._index_queues[worker_id].put(message)

    def stop_worker(self, worker_id: int) -> None:
        """Let one worker exit early (its share of an iterable dataset is done); its exit is expected."""
        self._watched.discard(worker_id)
        self._readers.pop(worker_id).close()
        self._index_queues[worker_id].put(None)

    def receive(self, timeout: float) -> tuple[int, Any]:
        """The next ``(worker_id, message)``. Raises ``RuntimeError`` if a worker died or nothing
        arrived within ``timeout`` seconds (``0``: wait as long as it takes)."""
        while not self._inbox:
            sentinels = {self.processes[w].sentinel: w for w in self._watched}
            pipes = {reader: w for w, reader in self._readers.items()}
            ready = wait(list(pipes) + list(sentinels), timeout if timeout > 0 else None)
            if not ready:
                raise RuntimeError(f"DataLoader timed out after {timeout} seconds")
            for handle in ready:
                if handle in pipes:
                    self._read(pipes[handle], handle)
            if not self._inbox:
                self._check_alive()
        return self._inbox.popleft()

    def _read(self, worker_id: int, reader: Any) -> None:
        try:
            message = reader.recv_bytes()
        except (EOFError, OSError):   # the worker is gone; its sentinel tells how
            self._readers.pop(worker_id, None)
            return
        self._inbox.append((worker_id, shared_memory.decode(message)))

    def _check_alive(self) -> None:
        dead = [w for w in sorted(self._watched) if not self.processes[w].is_alive()]
        if not dead:
            return
        process = self.processes[dead[0]]
        self.shutdown()
        if process.exitcode is not None and process.exitcode < 0:
            raise RuntimeError(f"DataLoader worker (pid {process.pid}) is killed by signal: "
                               f"{signal.strsignal(-process.exitcode)}")
        pids = ", ".join(str(self.processes[w].pid) for w in dead)
        raise RuntimeError(f"DataLoader worker (pid(s) {pids}) exited unexpectedly with exit code "
                           f"{process.exitcode}")

    def shutdown(self) -> None:
        """Stop every worker (asking first, then terminating), reap them, and remove any shared
        segment that was made for a batch that will never be read. Idempotent."""
        if self._closed:
            return
        self._closed = True
        for index_queue in self._index_queues:
            try:
                index_queue.put(None)
            except (OSError, ValueError):
                pass
        self._drain_until_exit(time.monotonic() + SHUTDOWN_GRACE)
        for process in self.processes:
            if process.is_alive():
                process.terminate()
                process.join(SHUTDOWN_GRACE)
            if process.is_alive():
                process.kill()
                process.join()
        for index_queue in self._index_queues:
            index_queue.close()
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()
        self._inbox.clear()
        shared_memory.sweep(self.segment_prefix)

    def _drain_until_exit(self, deadline: float) -> None:
        # A worker blocked writing a batch into a full pipe can only see the stop request once that
        # batch has been read, so keep reading (and dropping) until the workers have exited.
        readers = {reader: w for w, reader in self._readers.items()}
        while True:
            alive = [p.sentinel for p in self.processes if p.is_alive()]
            left = deadline - time.monotonic()
            if not alive or left <= 0:
                return
            for handle in wait(list(readers) + alive, left):
                if handle in readers:
                    try:
                        handle.recv_bytes()
                    except (EOFError, OSError):
                        del readers[handle]


__all__: list[str] = []

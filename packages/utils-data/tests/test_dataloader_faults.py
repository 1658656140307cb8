"""DataLoader fault behaviour, every case bounded in time: a worker exception is re-raised at its batch
with the worker's traceback; a killed worker raises RuntimeError naming its pid within seconds;
``timeout=`` fires on a slow worker; breaking out, deleting the iterator, Ctrl-C and a killed main
process leave no worker process (zombie or orphan) and no shared-memory segment behind."""
from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import flambeau_utils_data as fud
from flambeau_utils_data.shared_memory import SEGMENT_DIR


class Faulty(fud.Dataset):
    """Sample i is i, except: ``raise_at`` raises, ``die_at`` kills its worker, ``sleep_at`` sleeps."""

    def __init__(self, n=40, raise_at=None, die_at=None, sleep_at=None, sleep=10.0):
        self.n, self.raise_at, self.die_at, self.sleep_at, self.sleep = n, raise_at, die_at, sleep_at, sleep

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.raise_at:
            raise ValueError(f"bad sample {i}")
        if i == self.die_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if i == self.sleep_at:
            time.sleep(self.sleep)
        return i


def process_gone(pid: int) -> bool:
    """True once ``pid`` no longer runs (absent, or a zombie someone else must reap)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def segments(prefix: str) -> list[str]:
    return [name for name in os.listdir(SEGMENT_DIR) if name.startswith(prefix)]


def assert_cleaned_up(pool) -> None:
    """Every worker reaped by us (no zombie, no orphan) and no segment of this pool left."""
    for process in pool.processes:
        assert process.exitcode is not None, f"worker {process.pid} was not reaped"
        assert not os.path.exists(f"/proc/{process.pid}"), f"worker {process.pid} still exists"
    assert segments(pool.segment_prefix) == []


def test_worker_exception_reraised_at_its_batch_with_traceback():
    iterator = iter(fud.DataLoader(Faulty(raise_at=9), batch_size=4, num_workers=2))
    assert next(iterator).tolist() == [0, 1, 2, 3]
    assert next(iterator).tolist() == [4, 5, 6, 7]
    with pytest.raises(ValueError) as error:
        next(iterator)
    message = str(error.value)
    assert "Caught ValueError in DataLoader worker process 0" in message
    assert "Original Traceback (most recent call last)" in message and "bad sample 9" in message
    assert "__getitem__" in message
    assert next(iterator).tolist() == [12, 13, 14, 15]   # the loader goes on after the failed batch


def test_key_error_message_stays_readable():
    class Missing(fud.Dataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return {}["absent"]

    with pytest.raises(KeyError) as error:
        next(iter(fud.DataLoader(Missing(), num_workers=1)))
    assert "Caught KeyError in DataLoader worker process 0" in str(error.value)
    assert "\\n" not in str(error.value)


def test_worker_init_fn_exception_surfaces_at_first_batch():
    def broken_init(worker_id):
        raise OSError("cannot open the shard")

    with pytest.raises(OSError, match="cannot open the shard"):
        list(fud.DataLoader(Faulty(8), num_workers=1, worker_init_fn=broken_init))


def test_killed_worker_raises_runtime_error_naming_its_pid_quickly():
    loader = fud.DataLoader(Faulty(die_at=5), batch_size=2, num_workers=2)
    iterator = iter(loader)
    pids = iterator._pool.pids
    start = time.monotonic()
    with pytest.raises(RuntimeError) as error:
        for _ in iterator:
            pass
    assert time.monotonic() - start < 5
    match = re.search(r"DataLoader worker \(pid (\d+)\) is killed by signal: Killed", str(error.value))
    assert match and int(match.group(1)) in pids
    assert_cleaned_up(iterator._pool)


def test_timeout_raises_on_a_slow_worker():
    iterator = iter(fud.DataLoader(Faulty(sleep_at=0), num_workers=1, timeout=0.5))
    start = time.monotonic()
    with pytest.raises(RuntimeError, match=r"DataLoader timed out after 0.5 seconds"):
        next(iterator)
    assert time.monotonic() - start < 3
    pool = iterator._pool
    del iterator
    gc.collect()
    assert_cleaned_up(pool)


@pytest.mark.parametrize("how", ["break", "del", "exhaust", "exception"])
def test_leaving_the_loop_stops_workers_and_frees_segments(how):
    loader = fud.DataLoader(Faulty(200, raise_at=30 if how == "exception" else None), batch_size=8,
                            num_workers=2, prefetch_factor=4)
    iterator = iter(loader)
    pool = iterator._pool
    try:
        for i, _ in enumerate(iterator):
            if how == "break" and i == 1:
                break
            if how == "del" and i == 1:
                del iterator
                break
    except ValueError:
        assert how == "exception"
    if how != "del":
        del iterator
    gc.collect()
    assert_cleaned_up(pool)


def test_unread_batches_are_swept_at_shutdown():
    iterator = iter(fud.DataLoader(Faulty(64), batch_size=8, num_workers=2, prefetch_factor=4))
    pool = iterator._pool
    # let the workers write every prefetched batch without the main process reading any
    assert wait_until(lambda: len(segments(pool.segment_prefix)) == 8, 10)
    del iterator
    gc.collect()
    assert_cleaned_up(pool)


SCRIPT = textwrap.dedent("""
    import os, sys, time
    import flambeau_utils_data as fud

    class Slow(fud.Dataset):
        def __len__(self):
            return 10_000
        def __getitem__(self, i):
            time.sleep(0.01)
            return i

    iterator = iter(fud.DataLoader(Slow(), batch_size=4, num_workers=2))
    next(iterator)
    print(" ".join(map(str, iterator._pool.pids)), iterator._pool.segment_prefix, flush=True)
    for _ in iterator:
        pass
""")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_or_killed_main_process_leaves_nothing_behind(sig):
    signal.alarm(150)   # a fresh interpreter may first have to rebuild an editable (dev) install
    main = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        *pids, prefix = main.stdout.readline().split()
        pids = [int(p) for p in pids]
        assert len(pids) == 2, main.stderr.read()
        time.sleep(0.2)
        if sig == signal.SIGINT:   # Ctrl-C reaches the whole foreground process group
            for pid in [main.pid, *pids]:
                os.kill(pid, signal.SIGINT)
        else:
            main.send_signal(sig)
        main.wait(timeout=30)   # seconds normally; generous for a machine busy compiling alongside
        if sig == signal.SIGINT:
            assert "KeyboardInterrupt" in main.stderr.read()
        assert wait_until(lambda: all(process_gone(p) for p in pids), 5), "orphaned workers"
        assert wait_until(lambda: segments(prefix) == [], 5), "leaked shared-memory segments"
    finally:
        if main.poll() is None:
            main.kill()
            main.wait()
        main.stdout.close()
        main.stderr.close()

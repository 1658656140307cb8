"""utils-data test setup: the shared gpu marker, and a time bound on every test (loaders must never hang)."""
import signal

import pytest

from flambeau_tensor_core.testing.pytest_plugin import pytest_collection_modifyitems, pytest_configure  # noqa: F401


@pytest.fixture(autouse=True)
def time_bound():
    """No test may hang CI: a blocked loader fails the test after 30 s instead."""
    def expire(signum, frame):
        raise TimeoutError("test exceeded its 30 s bound")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)

"""``flambeau.cuda``: on a CPU-only machine it answers and fails like a CPU-only PyTorch; on a GPU
(tests marked ``gpu``) devices, streams, events, memory statistics and pinned memory work."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle

cpu_only = pytest.mark.skipif(ft.cuda.is_available(), reason="checks the behaviour without a GPU")


@cpu_only
@pytest.mark.parametrize("call", [
    lambda lib: lib.cuda.is_available(), lambda lib: lib.cuda.device_count(), lambda lib: lib.cuda.current_device(),
    lambda lib: lib.cuda.synchronize(), lambda lib: lib.cuda.memory_allocated(),
    lambda lib: lib.cuda.max_memory_allocated(), lambda lib: lib.cuda.memory_reserved(),
    lambda lib: lib.cuda.empty_cache(), lambda lib: lib.cuda.manual_seed(1), lambda lib: lib.cuda.manual_seed_all(1),
    lambda lib: lib.cuda.Stream(), lambda lib: lib.cuda.Event(), lambda lib: lib.cuda.get_device_name(),
    lambda lib: lib.cuda.mem_get_info(), lambda lib: lib.cuda.is_initialized(),
    lambda lib: lib.ones(2).pin_memory(), lambda lib: lib.ones(2).is_pinned(), lambda lib: lib.ones(2).cuda(),
    lambda lib: lib.ones(2).to("cuda", non_blocking=True), lambda lib: lib.ones(2, device="cuda"),
], ids=lambda f: f.__code__.co_firstlineno)
def test_cpu_only_behaviour_matches_torch(call):
    oracle.check(call)


@cpu_only
def test_stream_context_is_a_no_op_for_none():
    with ft.cuda.stream(None):
        assert_close(ft.ones(2) + 1, ft.full((2,), 2.0))


def test_non_blocking_is_accepted_on_cpu_moves():
    x = ft.arange(4.0)
    assert_close(x.to("cpu", non_blocking=True), x)
    assert_close(x.to(ft.float64, non_blocking=True), x.double())


# ---- on a GPU --------------------------------------------------------------------------------------------
@pytest.mark.gpu
def test_device_queries_and_context():
    assert ft.cuda.is_available() and ft.cuda.device_count() >= 1
    assert ft.cuda.current_device() == 0
    with ft.cuda.device(0):
        assert ft.zeros(2, device="cuda").device == ft.device("cuda:0")
    assert isinstance(ft.cuda.get_device_name(), str)
    major, _ = ft.cuda.get_device_capability()
    assert major >= 3
    free, total = ft.cuda.mem_get_info()
    assert 0 < free <= total == ft.cuda.get_device_properties(0).total_memory


@pytest.mark.gpu
def test_memory_statistics_follow_allocations():
    ft.cuda.empty_cache()
    ft.cuda.reset_peak_memory_stats()
    before = ft.cuda.memory_allocated()
    block = ft.empty(1 << 20, device="cuda")          # 4 MiB
    assert ft.cuda.memory_allocated() >= before + block.nbytes
    assert ft.cuda.max_memory_allocated() >= before + block.nbytes
    assert ft.cuda.memory_reserved() >= ft.cuda.memory_allocated()
    del block
    assert ft.cuda.memory_allocated() <= before
    assert ft.cuda.max_memory_allocated() >= before + (1 << 22)


@pytest.mark.gpu
def test_streams_and_events_order_and_time_work():
    stream = ft.cuda.Stream()
    start, end = ft.cuda.Event(enable_timing=True), ft.cuda.Event(enable_timing=True)
    x = ft.randn(512, 512, device="cuda")
    with ft.cuda.stream(stream):
        start.record(stream)
        y = x @ x
        end.record(stream)
    end.synchronize()
    assert stream.query() and end.query() and start.elapsed_time(end) >= 0
    ft.cuda.current_stream().wait_stream(stream)
    assert_close(y.cpu(), x.cpu() @ x.cpu(), rtol=1e-3, atol=1e-3)
    ft.cuda.synchronize()


@pytest.mark.gpu
def test_pin_memory_and_non_blocking_copies():
    x = ft.from_numpy(np.arange(12.0).reshape(3, 4))
    assert not x.is_pinned()
    pinned = x.pin_memory()
    assert pinned.is_pinned() and pinned.pin_memory() is pinned and pinned.device.type == "cpu"
    assert_close(pinned, x, rtol=0, atol=0)
    on_gpu = pinned.cuda(non_blocking=True)
    back = on_gpu.to("cpu", non_blocking=True)
    ft.cuda.synchronize()
    assert_close(back, x, rtol=0, atol=0)


@pytest.mark.gpu
def test_cuda_seeding_reproduces():
    ft.cuda.manual_seed(3)
    a = ft.rand(4, device="cuda")
    ft.cuda.manual_seed(3)
    assert_close(ft.rand(4, device="cuda").cpu(), a.cpu(), rtol=0, atol=0)


@pytest.mark.gpu
def test_fork_rng_keeps_the_cuda_stream_from_the_block():
    """Draws on the GPU inside ``fork_rng`` do not move the CUDA stream after it (PyTorch saves the
    states of the CUDA devices too)."""
    after = []
    for draw_inside in (True, False):
        ft.cuda.manual_seed(3)
        with ft.random.fork_rng():
            if draw_inside:
                ft.rand(4, device="cuda")
        after.append(ft.rand(4, device="cuda").cpu().numpy())
    np.testing.assert_array_equal(after[0], after[1])

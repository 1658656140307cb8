"""The OpenMP elementwise kernel (large float tensors) and its CUDA RawKernel twin."""
import operator

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.kernels.elementwise_cpu import binary_op
from flambeau_tensor_core.testing import assert_close, oracle

LARGE = 1 << 17   # above the size where the CPU path switches to the parallel kernel
UPDATE_LARGE = (1 << 20) + 7   # ... for tensor-with-number and in-place ops
UFUNCS = [np.add, np.subtract, np.multiply, np.true_divide]


@pytest.mark.parametrize("op", range(4))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_parallel_kernel_matches_numpy(op, dtype):
    a = oracle.randn(LARGE + 3, dtype=dtype)
    b = oracle.randn(LARGE + 3, dtype=dtype) + 3
    np.testing.assert_array_equal(binary_op(op, a, b), UFUNCS[op](a, b))


@pytest.mark.parametrize("op", range(4))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("number", [0.1, -3, 7.25, 2**53])
def test_parallel_kernel_with_a_number_on_either_side_matches_numpy(op, dtype, number):
    a = oracle.randn(LARGE + 1, dtype=dtype) + 3
    result = binary_op(op, a, number)
    assert result.dtype == dtype
    np.testing.assert_array_equal(result, UFUNCS[op](a, number))
    np.testing.assert_array_equal(binary_op(op, number, a), UFUNCS[op](number, a))


@pytest.mark.parametrize("op", range(4))
def test_parallel_kernel_writes_into_out_even_when_out_is_an_operand(op):
    a, b = oracle.randn(LARGE), oracle.randn(LARGE) + 3
    expected = UFUNCS[op](a, b)
    fresh = np.empty_like(a)
    assert binary_op(op, a, b, fresh) is fresh
    np.testing.assert_array_equal(fresh, expected)
    assert binary_op(op, a, b, a) is a
    np.testing.assert_array_equal(a, expected)
    assert binary_op(op, b, b, b) is b


def test_parallel_kernel_refuses_what_it_cannot_do():
    a, b = oracle.randn(2, LARGE), oracle.randn(2, LARGE)
    assert binary_op(0, a[:, ::2], b[:, ::2]) is None                      # strided
    assert binary_op(0, a, b[0]) is None                                    # broadcasting
    assert binary_op(0, a, b.astype(np.float64)) is None                    # mixed dtypes
    assert binary_op(0, a.astype(np.int64), 1) is None                      # integers
    assert binary_op(0, a, 2**53 + 1) is None                               # not exactly a double
    assert binary_op(0, a, 1.0, np.empty((2, LARGE), np.float64)) is None   # out of another dtype
    flat = oracle.randn(LARGE + 1)
    assert binary_op(0, flat[:-1], 1.0, flat[1:]) is None                   # out overlaps an operand, shifted
    frozen = a.copy()
    frozen.flags.writeable = False
    assert binary_op(0, a, b, frozen) is None


@pytest.mark.parametrize("shape", [(LARGE,), (64, LARGE // 64)])
@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv])
def test_large_tensor_operators_match_torch(shape, op):
    x, y = oracle.randn(*shape), oracle.randn(*shape) + 5
    oracle.check(lambda lib, a, b: op(a, b), x, y)


def _exactly_as_torch(call, *arrays):
    """``call(lib, *tensors)`` gives bit for bit PyTorch's numbers."""
    torch = oracle.torch()
    ours = call(ft, *[ft.from_numpy(a.copy()) for a in arrays])
    theirs = call(torch, *[torch.from_numpy(a.copy()) for a in arrays])
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv])
@pytest.mark.parametrize("number", [0.01, 3])
def test_large_tensor_number_operators_are_torchs_numbers(dtype, op, number):
    x = oracle.randn(UPDATE_LARGE, dtype=dtype) + 5
    _exactly_as_torch(lambda lib, a: op(a, number), x)
    _exactly_as_torch(lambda lib, a: op(number, a), x)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("method", ["add_", "sub_", "mul_", "div_"])
def test_large_in_place_operators_are_torchs_numbers(dtype, method):
    x, y = oracle.randn(1025, 1024, dtype=dtype), oracle.randn(1025, 1024, dtype=dtype) + 5
    _exactly_as_torch(lambda lib, a, b: getattr(a, method)(b), x, y)
    _exactly_as_torch(lambda lib, a: getattr(a, method)(0.01), x)
    _exactly_as_torch(lambda lib, a: getattr(a, method)(a), y)


ALPHA_CALLS = {
    "add": lambda lib, a, b: lib.add(a, b, alpha=0.3),
    "sub": lambda lib, a, b: lib.sub(a, b, alpha=-2.5),
    "add-int-alpha": lambda lib, a, b: a.add(b, alpha=3),
    "add-broadcast": lambda lib, a, b: lib.add(a, b[0], alpha=0.7),
    "add_": lambda lib, a, b: a.add_(b, alpha=-0.01),
    "sub_": lambda lib, a, b: a.sub_(b, alpha=0.1),
    "sub_-broadcast": lambda lib, a, b: a.sub_(b[:1], alpha=1.5),
    "add_-transposed": lambda lib, a, b: a.t().add_(b.t(), alpha=0.3),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(3, 5), (300, 700)], ids=["small", "large"])
@pytest.mark.parametrize("name", sorted(ALPHA_CALLS))
def test_add_and_sub_with_alpha_are_torchs_fused_numbers(dtype, shape, name):
    """PyTorch computes ``a + alpha * b`` with one rounding (a fused multiply-add); so does flambeau."""
    a, b = oracle.randn(*shape, dtype=dtype), oracle.randn(*shape, dtype=dtype)
    _exactly_as_torch(lambda lib, x, y: ALPHA_CALLS[name](lib, x, y), a, b)


@pytest.mark.parametrize("name", ["add", "sub", "add_", "sub_"])
def test_add_and_sub_with_alpha_differentiate_as_torch(name):
    oracle.check(lambda lib, x, y: ALPHA_CALLS[name](lib, x * 1, y), oracle.randn(4, 3), oracle.randn(4, 3),
                 grad=True)


def _after(call, target):
    call()
    return target


@pytest.mark.parametrize("method", ["add_", "sub_", "mul_", "copy_"])
def test_in_place_writes_reading_overlapping_memory_are_refused_as_torch(method):
    for x in (oracle.randn(LARGE + 1), oracle.randn(9)):
        oracle.check_raises(lambda lib, a: getattr(a[1:], method)(a[:-1]), x)
        oracle.check_raises(lambda lib, a: getattr(a.view(3, -1), method)(a.view(3, -1)[0]), x[:-1])
        oracle.check_raises(lambda lib, a: getattr(a[:-1].view(3, -1), method)(a[:-1].view(3, -1).T.T.mT.mT[0]),
                            x)
        oracle.check_raises(lambda lib, a: getattr(a[:1].expand(4, 1), method)(a[1:5, None]), x)
    square = oracle.randn(300, 300)
    oracle.check_raises(lambda lib, a: getattr(a, method)(a.T), square)


@pytest.mark.parametrize("method", ["add_", "sub_", "mul_", "copy_"])
def test_in_place_writes_from_the_same_or_strided_memory_are_torchs_numbers(method):
    x = oracle.randn(LARGE + 2)
    _exactly_as_torch(lambda lib, a: _after(lambda: getattr(a[1:], method)(a[1:]), a), x)
    _exactly_as_torch(lambda lib, a: _after(lambda: getattr(a.view(2, -1)[:, 1:], method)(1.5), a), x)
    _exactly_as_torch(lambda lib, a: _after(lambda: getattr(a.view(2, -1)[:, 0], method)(a.view(2, -1)[:, 1]),
                                            a), x)



@pytest.mark.gpu
@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cuda_raw_kernel_matches_cpu(op, dtype):
    x, y = oracle.randn(LARGE + 5, dtype=dtype), oracle.randn(LARGE + 5, dtype=dtype) + 5
    cpu = op(ft.from_numpy(x), ft.from_numpy(y))
    gpu = op(ft.from_numpy(x).cuda(), ft.from_numpy(y).cuda())
    assert gpu.device.type == "cuda"
    assert_close(gpu.cpu(), cpu)


@pytest.mark.gpu
def test_cuda_broadcasting_and_promotion_match_cpu():
    x, y = oracle.randn(3, 1, 4), oracle.randint(-3, 3, 5, 1)
    cpu = ft.from_numpy(x) * ft.from_numpy(y) + 1
    gpu = ft.from_numpy(x).cuda() * ft.from_numpy(y).cuda() + 1
    assert gpu.dtype is cpu.dtype
    assert_close(gpu.cpu(), cpu)

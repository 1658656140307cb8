"""The OpenMP elementwise kernel (large float tensors) and its CUDA RawKernel twin."""
import operator

import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.kernels.elementwise_cpu import binary_op
from flambeau_tensor_core.testing import assert_close, oracle

LARGE = 1 << 17   # above the size where the CPU path switches to the parallel kernel
UFUNCS = [np.add, np.subtract, np.multiply, np.true_divide]


@pytest.mark.parametrize("op", range(4))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_parallel_kernel_matches_numpy(op, dtype):
    a = oracle.randn(LARGE + 3, dtype=dtype)
    b = oracle.randn(LARGE + 3, dtype=dtype) + 3
    np.testing.assert_array_equal(binary_op(op, a, b), UFUNCS[op](a, b))


def test_parallel_kernel_falls_back_for_strided_inputs():
    a = oracle.randn(2, LARGE)[:, ::2]
    b = oracle.randn(2, LARGE)[:, ::2]
    np.testing.assert_array_equal(binary_op(0, a, b), a + b)


@pytest.mark.parametrize("shape", [(LARGE,), (64, LARGE // 64)])
@pytest.mark.parametrize("op", [operator.add, operator.sub, operator.mul, operator.truediv])
def test_large_tensor_operators_match_torch(shape, op):
    x, y = oracle.randn(*shape), oracle.randn(*shape) + 5
    oracle.check(lambda lib, a, b: op(a, b), x, y)


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

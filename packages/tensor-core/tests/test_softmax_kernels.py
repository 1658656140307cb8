"""The fused softmax/log_softmax kernels (last axis, float32/float64) against PyTorch, including rows of
-inf, rows holding +inf or NaN, and sizes on both sides of the threading threshold; the CUDA twin
against the CPU result."""
import numpy as np
import pytest

import flambeau_tensor_core as ft
from flambeau_tensor_core.testing import assert_close, oracle


def _with_special_rows(shape, dtype):
    x = (oracle.randn(*shape) * 5).astype(dtype)
    x[0, :] = -np.inf           # 0/0: NaN row
    x[1, 3 % shape[1]] = np.inf  # inf - inf: NaN row
    x[2, 1 % shape[1]] = np.nan  # NaN spreads over its row
    x[3, :2] = -np.inf           # partial -inf: zero probabilities
    return x


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(5, 7), (4, 3, 300), (130, 300)])
def test_fused_softmax_matches_torch(name, dtype, shape):
    x = _with_special_rows(shape if len(shape) == 2 else (shape[0] * shape[1], shape[2]), dtype).reshape(shape)
    oracle.check(lambda lib, t: getattr(lib, name)(t, -1), x, rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, t: getattr(t, name)(dim=x.ndim - 1, dtype=lib.float64), x, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_non_contiguous_and_other_dims_take_the_general_path(name):
    x = _with_special_rows((6, 9), np.float32)
    oracle.check(lambda lib, t: getattr(lib, name)(t.t(), 1), x, rtol=1e-5, atol=1e-6)
    oracle.check(lambda lib, t: getattr(lib, name)(t, 0), x, rtol=1e-5, atol=1e-6)


@pytest.mark.gpu
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cuda_softmax_kernel_matches_cpu(name, dtype):
    x = _with_special_rows((300, 257), dtype)
    cpu = getattr(ft, name)(ft.from_numpy(x), -1)
    gpu = getattr(ft, name)(ft.from_numpy(x).cuda(), -1)
    assert gpu.device.type == "cuda"
    assert_close(gpu.cpu(), cpu, equal_nan=True)

"""The Cython collation kernel: byte-exact against np.stack for every dtype, the fallbacks it leaves
to NumPy (strided samples, mixed dtypes), and its size checks."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_tensor_core as ft
import flambeau_utils_data as fud
from flambeau_utils_data.kernels.collate_cpu import stack_into


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.int64, np.int8, np.uint8, np.bool_,
                                   np.complex64])
@pytest.mark.parametrize("shape, count", [((), 33), ((5,), 7), ((2, 3, 4), 4)])
def test_stack_into_matches_numpy_stack(dtype, shape, count):
    rng = np.random.default_rng(0)
    samples = [np.asarray(rng.standard_normal(shape) * 10).astype(dtype) for _ in range(count)]
    out = np.empty((count,) + shape, dtype)
    assert stack_into(samples, out) is True
    np.testing.assert_array_equal(out, np.stack(samples))


def test_stack_into_rejects_strided_samples_and_wrong_sizes():
    out = np.empty((2, 3), np.float32)
    assert stack_into([np.ones(3, np.float32), np.ones((3, 2), np.float32).T[0]], out) is False
    with pytest.raises(ValueError, match="sample 1 has 8 bytes, expected 12"):
        stack_into([np.ones(3, np.float32), np.ones(2, np.float32)], out)
    with pytest.raises(ValueError, match="cannot hold 5 equal samples"):   # 24 bytes are not 5 slots
        stack_into([np.ones(1, np.float32)] * 5, np.empty(6, np.float32))


def test_default_collate_falls_back_for_strided_and_mixed_samples():
    base = np.arange(12, dtype=np.float64).reshape(3, 4)
    strided = [ft.from_numpy(base[:, i]) for i in range(4)]
    np.testing.assert_array_equal(fud.default_collate(strided).numpy(), base.T)
    mixed = [ft.from_numpy(np.arange(3, dtype=np.int32)), ft.from_numpy(np.arange(3, dtype=np.float32))]
    batch = fud.default_collate(mixed)
    assert batch.dtype is ft.float32
    np.testing.assert_array_equal(batch.numpy(), np.stack([np.arange(3)] * 2))

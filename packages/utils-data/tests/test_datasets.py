"""Datasets and random_split: contents against torch.utils.data where no randomness is involved,
partition properties where it is, and the same error types."""
from __future__ import annotations

import numpy as np
import pytest

import flambeau_tensor_core as ft
import flambeau_utils_data as fud
from flambeau_tensor_core.testing import assert_close, oracle


class Squares(fud.Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i * i


class Stream(fud.IterableDataset):
    def __init__(self, values):
        self.values = list(values)

    def __iter__(self):
        return iter(self.values)

    def __len__(self):
        return len(self.values)


def test_tensor_dataset_rows_match_torch():
    torch = oracle.torch()
    x, y = oracle.randn(5, 3), oracle.randint(0, 9, 5)
    expected = torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y))
    actual = fud.TensorDataset(ft.from_numpy(x), ft.from_numpy(y))
    assert len(actual) == len(expected)
    for index in [0, 4, -1, slice(1, 3)]:
        for a, e in zip(actual[index], expected[index], strict=True):
            assert_close(a, e)


def test_tensor_dataset_size_mismatch():
    torch = oracle.torch()
    with pytest.raises(AssertionError):
        torch.utils.data.TensorDataset(torch.zeros(2), torch.zeros(3))
    with pytest.raises(AssertionError, match="Size mismatch"):
        fud.TensorDataset(ft.zeros(2), ft.zeros(3))


def test_stack_dataset_tuple_dict_and_getitems():
    a, b = Squares(4), [10, 11, 12, 13]
    assert fud.StackDataset(a, b)[2] == (4, 12)
    assert fud.StackDataset(x=a, y=b)[3] == {"x": 9, "y": 13}
    assert fud.StackDataset(a, b).__getitems__([0, 3]) == [(0, 10), (9, 13)]
    assert fud.StackDataset(x=a, y=b).__getitems__([1]) == [{"x": 1, "y": 11}]
    assert len(fud.StackDataset(a, b)) == 4


@pytest.mark.parametrize("args, kwargs", [((), {}), ((Squares(2), Squares(3)), {}), ((Squares(2),), {"y": Squares(2)})])
def test_stack_dataset_errors_match_torch(args, kwargs):
    torch = oracle.torch()
    with pytest.raises(ValueError):
        torch.utils.data.StackDataset(*args, **kwargs)
    with pytest.raises(ValueError):
        fud.StackDataset(*args, **kwargs)


def test_concat_dataset_indexing_matches_torch():
    torch = oracle.torch()
    parts = [Squares(3), Squares(0), Squares(4)]
    expected = torch.utils.data.ConcatDataset(parts)
    actual = fud.ConcatDataset(parts)
    assert len(actual) == len(expected) == 7
    assert actual.cumulative_sizes == expected.cumulative_sizes
    assert [actual[i] for i in range(-7, 7)] == [expected[i] for i in range(-7, 7)]
    with pytest.raises(ValueError):
        expected[-8]
    with pytest.raises(ValueError):
        actual[-8]
    assert (Squares(2) + Squares(1))[2] == 0


def test_concat_dataset_rejects_empty_and_iterable():
    with pytest.raises(AssertionError):
        fud.ConcatDataset([])
    with pytest.raises(AssertionError):
        fud.ConcatDataset([Stream([1])])


def test_chain_dataset():
    chained = fud.ChainDataset([Stream([1, 2]), Stream([3])])
    assert list(chained) == [1, 2, 3] and len(chained) == 3
    assert list(Stream([1]) + Stream([2])) == [1, 2]
    with pytest.raises(AssertionError):
        list(fud.ChainDataset([Squares(2)]))


def test_subset_order_and_getitems():
    subset = fud.Subset(Squares(10), [7, 2, 5])
    assert [subset[i] for i in range(3)] == [49, 4, 25]
    assert subset.__getitems__([2, 0]) == [25, 49]
    assert len(subset) == 3


@pytest.mark.parametrize("lengths", [[3, 7], [0.3, 0.7], [0.5, 0.25, 0.25], [1, 1, 8], [0.34, 0.33, 0.33]])
def test_random_split_partitions_like_torch(lengths):
    torch = oracle.torch()
    expected = torch.utils.data.random_split(range(10), lengths, generator=torch.Generator().manual_seed(0))
    actual = fud.random_split(range(10), lengths, generator=ft.Generator().manual_seed(0))
    assert [len(s) for s in actual] == [len(s) for s in expected]
    assert sorted(i for s in actual for i in s.indices) == list(range(10))
    again = fud.random_split(range(10), lengths, generator=ft.Generator().manual_seed(0))
    assert [s.indices for s in again] == [s.indices for s in actual]


@pytest.mark.parametrize("lengths", [[3, 3], [0.5, 0.6], [1.2, -0.2]])
def test_random_split_errors_match_torch(lengths):
    torch = oracle.torch()
    with pytest.raises(ValueError):
        torch.utils.data.random_split(range(10), lengths)
    with pytest.raises(ValueError):
        fud.random_split(range(10), lengths)


def test_random_split_warns_on_empty_split():
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        fud.random_split(range(2), [1.0, 0.0])


def test_tensor_dataset_through_subset_keeps_values():
    x = oracle.randn(6, 2)
    subset = fud.Subset(fud.TensorDataset(ft.from_numpy(x)), [4, 1])
    assert_close(subset[0][0], ft.from_numpy(x[4]))
    assert np.array_equal(subset[1][0].numpy(), x[1])

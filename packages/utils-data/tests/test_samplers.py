"""Samplers: RNG-free orders against torch.utils.data, random ones by their properties (permutation,
range, frequencies, reproducibility), and the same argument errors as PyTorch."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import flambeau_tensor_core as ft
import flambeau_utils_data as fud
from flambeau_tensor_core.testing import oracle


def torch_data():
    return oracle.torch().utils.data


@given(n=st.integers(0, 40), batch_size=st.integers(1, 9), drop_last=st.booleans())
@settings(max_examples=25, deadline=None)
def test_batch_sampler_over_sequential_matches_torch(n, batch_size, drop_last):
    td = torch_data()
    expected = td.BatchSampler(td.SequentialSampler(range(n)), batch_size, drop_last)
    actual = fud.BatchSampler(fud.SequentialSampler(range(n)), batch_size, drop_last)
    assert list(actual) == list(expected)
    assert len(actual) == len(expected)


@pytest.mark.parametrize("batch_size, drop_last", [(0, False), (-1, False), (True, False), (2.0, False),
                                                   (2, 1), (2, None)])
def test_batch_sampler_errors_match_torch(batch_size, drop_last):
    with pytest.raises(ValueError):
        torch_data().BatchSampler(range(4), batch_size, drop_last)
    with pytest.raises(ValueError):
        fud.BatchSampler(range(4), batch_size, drop_last)


@pytest.mark.parametrize("num_samples", [None, 5, 23, 40])
def test_random_sampler_without_replacement_is_repeated_permutation(num_samples):
    n = 10
    order = list(fud.RandomSampler(range(n), num_samples=num_samples, generator=ft.Generator().manual_seed(1)))
    total = n if num_samples is None else num_samples
    assert len(order) == total == len(fud.RandomSampler(range(n), num_samples=num_samples))
    for start in range(0, total - total % n, n):
        assert sorted(order[start:start + n]) == list(range(n))
    assert len(set(order[total - total % n:])) == total % n


def test_random_sampler_with_replacement_range_and_reproducibility():
    make = lambda: fud.RandomSampler(range(7), replacement=True, num_samples=100,  # noqa: E731
                                     generator=ft.Generator().manual_seed(3))
    order = list(make())
    assert len(order) == 100 and set(order) <= set(range(7)) and len(set(order)) == 7
    assert list(make()) == order


def test_random_sampler_without_generator_follows_manual_seed():
    ft.manual_seed(11)
    first = list(fud.RandomSampler(range(20)))
    ft.manual_seed(11)
    assert list(fud.RandomSampler(range(20))) == first
    assert sorted(first) == list(range(20))


@pytest.mark.parametrize("kwargs", [{"replacement": 1}, {"num_samples": 0}, {"num_samples": -3},
                                    {"num_samples": 2.5}])
def test_random_sampler_errors_match_torch(kwargs):
    with pytest.raises(Exception) as expected:
        torch_data().RandomSampler(range(4), **kwargs)
    with pytest.raises(expected.type):
        fud.RandomSampler(range(4), **kwargs)


def test_subset_random_sampler_is_a_permutation_of_the_subset():
    indices = [3, 8, 5, 1]
    order = list(fud.SubsetRandomSampler(indices, generator=ft.Generator().manual_seed(0)))
    assert sorted(order) == sorted(indices) and len(fud.SubsetRandomSampler(indices)) == 4


def test_weighted_sampler_frequencies_follow_weights():
    weights = [0.1, 0.0, 0.6, 0.3]
    draws = np.array(list(fud.WeightedRandomSampler(weights, 20000, generator=ft.Generator().manual_seed(5))))
    frequencies = np.bincount(draws, minlength=4) / draws.size
    np.testing.assert_allclose(frequencies, weights, atol=0.02)
    assert frequencies[1] == 0


def test_weighted_sampler_without_replacement_draws_distinct_keys():
    draws = list(fud.WeightedRandomSampler([1, 2, 3, 4, 5], 5, replacement=False))
    assert sorted(draws) == [0, 1, 2, 3, 4]
    with pytest.raises(RuntimeError, match="element < 0"):
        list(fud.WeightedRandomSampler([-1.0, 2.0], 1))


@pytest.mark.parametrize("weights, num_samples, replacement", [([1, 2, 3, 4, 5], 5, False), ([1, 0, 1], 3, False),
                                                               ([0.1, 0.7, 0.2], 20, True)])
def test_weighted_sampler_draws_what_torch_draws_after_the_same_seed(weights, num_samples, replacement):
    """Both delegate to multinomial on the seeded default stream (zero weights come last without
    replacement, as in PyTorch, rather than raising)."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(3)
    expected = list(torch_data().WeightedRandomSampler(weights, num_samples, replacement))
    ft.manual_seed(3)
    assert list(fud.WeightedRandomSampler(weights, num_samples, replacement)) == expected


@pytest.mark.parametrize("weights, num_samples, replacement", [([1, 2], 0, True), ([1, 2], True, True),
                                                               ([1, 2], 3, 1), ([[1, 2]], 2, True)])
def test_weighted_sampler_errors_match_torch(weights, num_samples, replacement):
    with pytest.raises(ValueError):
        torch_data().WeightedRandomSampler(weights, num_samples, replacement)
    with pytest.raises(ValueError):
        fud.WeightedRandomSampler(weights, num_samples, replacement)


@pytest.mark.parametrize("n, replicas, drop_last", [(10, 3, False), (10, 3, True), (2, 4, False), (12, 4, True),
                                                    (7, 2, False)])
def test_distributed_sampler_without_shuffle_matches_torch(n, replicas, drop_last):
    td = torch_data()
    for rank in range(replicas):
        expected = td.DistributedSampler(range(n), replicas, rank, shuffle=False, drop_last=drop_last)
        actual = fud.DistributedSampler(range(n), replicas, rank, shuffle=False, drop_last=drop_last)
        assert list(actual) == list(expected) and len(actual) == len(expected)


def test_distributed_sampler_shuffle_partitions_and_set_epoch():
    samplers = [fud.DistributedSampler(range(12), 3, rank, seed=4) for rank in range(3)]
    first = [list(s) for s in samplers]
    assert sorted(sum(first, [])) == list(range(12))
    assert [list(s) for s in samplers] == first
    for s in samplers:
        s.set_epoch(1)
    second = [list(s) for s in samplers]
    assert sorted(sum(second, [])) == list(range(12)) and second != first


def test_distributed_sampler_errors():
    with pytest.raises(ValueError):
        torch_data().DistributedSampler(range(4), num_replicas=2, rank=2)
    with pytest.raises(ValueError, match="Invalid rank 2"):
        fud.DistributedSampler(range(4), num_replicas=2, rank=2)
    with pytest.raises(RuntimeError, match="num_replicas"):
        fud.DistributedSampler(range(4))


def test_sampler_base_iter_is_abstract():
    with pytest.raises(NotImplementedError):
        iter(fud.Sampler())

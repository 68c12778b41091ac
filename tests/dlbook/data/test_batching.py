"""Splits and mini-batches: every example once, labels kept with their rows, bad input refused."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.data.batching import batches, split


def test_split_partitions_without_overlap():
    X, y = np.arange(10.0)[:, None], np.arange(10)
    parts = split(X, y, (0.6, 0.2, 0.2), seed=0)
    assert [len(p[1]) for p in parts] == [6, 2, 2]
    assert sorted(np.concatenate([p[1] for p in parts])) == list(range(10))
    with pytest.raises(ValueError, match="sum to 1"):
        split(X, y, (0.5, 0.2))


@given(n=st.integers(1, 60), batch_size=st.integers(1, 70), shuffle=st.booleans(), seed=st.integers(0, 99))
@settings(max_examples=80, deadline=None)
def test_batches_cover_every_example_once(n, batch_size, shuffle, seed):
    X, y = np.arange(n * 2.0).reshape(n, 2), np.arange(n)
    parts = list(batches(X, y, batch_size, shuffle=shuffle, rng=np.random.default_rng(seed)))
    assert [len(b) for _, b in parts[:-1]] == [batch_size] * (len(parts) - 1)
    assert 1 <= len(parts[-1][1]) <= batch_size
    seen = np.concatenate([b for _, b in parts])
    assert sorted(seen) == list(range(n))
    for Xb, yb in parts:  # rows stay paired with their labels
        np.testing.assert_array_equal(Xb[:, 0], 2.0 * yb)
    if not shuffle:
        np.testing.assert_array_equal(seen, np.arange(n))


def test_batches_reshuffle_each_epoch_and_work_on_tensors():
    X, y = torch.arange(20.0).reshape(10, 2), torch.arange(10)
    rng = np.random.default_rng(0)
    first = torch.cat([b for _, b in batches(X, y, 3, rng=rng)])
    second = torch.cat([b for _, b in batches(X, y, 3, rng=rng)])
    assert not torch.equal(first, second) and sorted(first.tolist()) == list(range(10))


def test_batches_reject_bad_input():
    with pytest.raises(ValueError, match="batch_size"):
        list(batches(np.zeros((3, 1)), np.zeros(3), 0))
    with pytest.raises(ValueError, match="3 examples but y has 2"):
        list(batches(np.zeros((3, 1)), np.zeros(2), 1))

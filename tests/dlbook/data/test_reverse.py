"""The reverse task: shapes, ranges, targets reversed, deterministic per seed."""

import numpy as np

from dlbook.data.reverse import reverse_task


def test_reverse_task_shapes_alphabet_and_targets():
    X, Y = reverse_task(200, length=16, alphabet=10, seed=3)
    assert X.shape == Y.shape == (200, 16) and X.dtype == Y.dtype == np.int64
    assert X.min() == 0 and X.max() == 9  # 3200 draws: every symbol shows up
    np.testing.assert_array_equal(Y[:, 5], X[:, 10])  # output t copies input T - 1 - t
    np.testing.assert_array_equal(Y, X[:, ::-1])
    assert Y.flags.c_contiguous  # a copy, ready for torch.from_numpy


def test_reverse_task_by_hand_and_with_other_sizes():
    X, Y = reverse_task(5, length=3, alphabet=2, seed=0)
    assert set(np.unique(X)) <= {0, 1}
    assert Y[0].tolist() == X[0, ::-1].tolist()
    assert reverse_task(4, length=7)[0].shape == (4, 7)


def test_reverse_task_is_deterministic_per_seed():
    X1, Y1 = reverse_task(50, seed=5)
    X2, Y2 = reverse_task(50, seed=5)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.array_equal(reverse_task(50, seed=6)[0], X1)

"""The generated data sets: deterministic per seed, shaped and labelled as documented."""

import numpy as np

from dlbook.data import synthetic as data


def test_xor_data_labels_match_nearest_corner():
    X, y = data.xor(n=500, noise=0.1, seed=2)
    corners = np.rint(np.clip(X, 0, 1)).astype(int)
    assert X.shape == (500, 2) and set(np.unique(y)) == {0, 1}
    assert np.mean((corners[:, 0] ^ corners[:, 1]) == y) > 0.99


def test_data_is_deterministic_per_seed():
    for make in (data.xor, data.blobs):
        X1, y1 = make(seed=5)
        X2, y2 = make(seed=5)
        np.testing.assert_array_equal(X1, X2)
        np.testing.assert_array_equal(y1, y2)
        assert not np.array_equal(make(seed=6)[0], X1)



def test_moons_and_spirals_have_balanced_labels_and_shapes():
    for make in (data.moons, data.spirals):
        X, y = make(n=400, seed=1)
        assert X.shape == (400, 2) and 150 < y.sum() < 250


def test_moons_arcs_sit_where_documented():
    X, y = data.moons(n=2000, noise=0.0, seed=0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0)


def test_sine_is_noisy_sin():
    x, y = data.sine(n=5000, noise=0.2, seed=0)
    assert x.shape == (5000, 1) and y.shape == (5000,)
    assert abs(np.std(y - np.sin(x[:, 0])) - 0.2) < 0.01

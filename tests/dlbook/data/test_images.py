"""Image data: scikit-learn's digits (shapes, range, a deterministic split), shift, generated images.

Truth is counting by hand (pixels, labels, sizes) and np.roll with its wrapped border
zeroed. Every comparison is exact: the arrays hold small integers divided by 16.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.data.images import digits, edge_image, shapes, shift, stripes

# ---- the digits ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def split():
    pytest.importorskip("sklearn", reason="the digits ship with scikit-learn")
    return digits()


def test_digits_shapes_and_range(split):
    (X_train, y_train), (X_test, y_test) = split
    assert X_train.shape == (1438, 1, 8, 8) and X_test.shape == (359, 1, 8, 8)  # 1,797 = 80% + 20%
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    X = np.concatenate([X_train, X_test])
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(X * 16), np.arange(17.0))  # 17 grey levels, 0..16
    assert set(np.unique(y_test)) == set(range(10)) == set(np.unique(y_train))


def test_digits_split_is_deterministic_and_disjoint(split):
    (X_train, y_train), (X_test, y_test) = split
    (X2_train, y2_train), (X2_test, _) = digits()
    np.testing.assert_array_equal(X_train, X2_train)
    np.testing.assert_array_equal(X_test, X2_test)
    np.testing.assert_array_equal(y_train, y2_train)
    from sklearn.datasets import load_digits
    full = load_digits()
    # the two parts are the whole set, each image once: compare as sorted rows
    rows = lambda X: np.sort((X.reshape(len(X), -1) * 16).round().astype(int).view(  # noqa: E731
        np.dtype((np.void, 64 * 8))).ravel())
    np.testing.assert_array_equal(rows(np.concatenate([X_train, X_test])), rows(full.images / 16.0))
    assert np.bincount(np.concatenate([y_train, y_test])).tolist() == np.bincount(full.target).tolist()
    (X3_train, _), (X3_test, _) = digits(test_fraction=0.5, seed=1)
    assert len(X3_test) in (898, 899) and len(X3_train) + len(X3_test) == 1797
    assert not np.array_equal(digits(seed=1)[1][0], X_test)  # another seed, another split


# ---- shift ----------------------------------------------------------------------------------------

def test_shift_by_hand():
    x = np.arange(1.0, 10.0).reshape(3, 3)
    np.testing.assert_array_equal(shift(x, 1, 0), [[0, 1, 2], [0, 4, 5], [0, 7, 8]])
    np.testing.assert_array_equal(shift(x, 0, -1), [[4, 5, 6], [7, 8, 9], [0, 0, 0]])
    np.testing.assert_array_equal(shift(x, -2, 1), [[0, 0, 0], [3, 0, 0], [6, 0, 0]])
    np.testing.assert_array_equal(shift(x, 0, 0), x)
    np.testing.assert_array_equal(shift(x, 3, 0), 0.0)
    assert shift(np.ones((5, 1, 8, 8)), 1, 1).sum() == 5 * 49  # acts on the last two axes


@settings(max_examples=60, deadline=None)
@given(dx=st.integers(-9, 9), dy=st.integers(-9, 9), seed=st.integers(0, 1000))
def test_shift_is_roll_with_a_zero_border(dx, dy, seed):
    x = np.random.default_rng(seed).integers(1, 10, size=(2, 1, 6, 7)).astype(float)
    expected = np.roll(x, (dy, dx), axis=(2, 3))
    # np.roll wraps what falls off one side round to the other: zero those rows and columns
    if dy > 0:
        expected[..., :dy, :] = 0
    elif dy < 0:
        expected[..., dy:, :] = 0
    if dx > 0:
        expected[..., :dx] = 0
    elif dx < 0:
        expected[..., dx:] = 0
    if abs(dx) >= 7 or abs(dy) >= 6:
        expected[:] = 0
    out = shift(x, dx, dy)
    np.testing.assert_array_equal(out, expected)
    # shifting back restores every pixel that stayed in the frame
    kept = out != 0
    np.testing.assert_array_equal(shift(out, -dx, -dy)[shift(kept, -dx, -dy) != 0],
                                  x[shift(kept, -dx, -dy) != 0])


# ---- generated images ------------------------------------------------------------------------

def test_stripes_direction_is_the_label():
    X, y = stripes(100, size=8, seed=0)
    assert X.shape == (100, 1, 8, 8) and y.shape == (100,) and set(np.unique(X)) == {0.0, 1.0}
    assert 0 < y.sum() < 100
    vertical = np.all(X == X[:, :, :1, :], axis=(1, 2, 3))   # every row the same
    horizontal = np.all(X == X[:, :, :, :1], axis=(1, 2, 3))  # every column the same
    np.testing.assert_array_equal(vertical, y == 0)
    np.testing.assert_array_equal(horizontal, y == 1)
    np.testing.assert_array_equal(stripes(100, seed=0)[0], X)  # same seed, same images


def test_shapes_pixel_counts_tell_squares_from_crosses():
    X, y = shapes(200, size=8, seed=0)
    assert X.shape == (200, 1, 8, 8) and set(np.unique(X)) == {0.0, 1.0}
    lit = X.sum(axis=(1, 2, 3))
    # a square outline of side L = 3, 4, 5 lights 4(L - 1) = 8, 12, 16; a cross 2L - 1 = 5, 7, 9
    assert set(lit[y == 0]) <= {8.0, 12.0, 16.0} and set(lit[y == 1]) <= {5.0, 7.0, 9.0}
    assert 50 < y.sum() < 150
    with pytest.raises(ValueError):
        shapes(1, size=4)


def test_edge_image():
    x = edge_image(16, 8)
    assert x.shape == (1, 1, 16, 16) and x.sum() == 64
    assert x[0, 0, 4, 4] == 1.0 and x[0, 0, 3, 4] == 0.0 and x[0, 0, 11, 11] == 1.0 and x[0, 0, 12, 11] == 0.0
    assert edge_image(9).sum() == 16  # default side size // 2 = 4

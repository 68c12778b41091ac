"""Generated memory tasks: their layout, checked exactly against the definition (integers, or
float sums compared to 1e-15), and the baselines their docstrings promise, checked
statistically with fixed seeds."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.data.sequences import BLANK, adding_problem, delayed_copy, number_words, readable_numbers


@given(n=st.integers(1, 30), T=st.integers(2, 40), seed=st.integers(0, 999))
@settings(max_examples=60, deadline=None)
def test_adding_problem_layout(n, T, seed):
    X, y = adding_problem(n, T, seed)
    assert X.shape == (n, T, 2) and y.shape == (n,) and X.dtype == np.float64
    values, markers = X[..., 0], X[..., 1]
    assert np.all((values >= 0) & (values < 1))
    np.testing.assert_array_equal(markers.sum(axis=1), 2.0)              # exactly two marks ...
    np.testing.assert_array_equal(markers[:, :T // 2].sum(axis=1), 1.0)  # ... one in each half
    np.testing.assert_allclose(y, (values * markers).sum(axis=1), rtol=1e-15)
    np.testing.assert_array_equal(adding_problem(n, T, seed)[1], y)     # seeded


def test_adding_problem_baseline_is_one_sixth():
    """Predicting 1 costs Var(u_1 + u_2) = 2/12: within 0.005 (> 4 sigma) over 20,000 examples."""
    _, y = adding_problem(20_000, 20, seed=1)
    assert np.mean((y - 1.0) ** 2) == pytest.approx(1 / 6, abs=0.005)
    with pytest.raises(ValueError):
        adding_problem(3, 1)


def test_delayed_copy_by_hand():
    X, Y = delayed_copy(1, T=3, delay=2, alphabet=4, seed=0)
    s = X[0, :3]
    np.testing.assert_array_equal(X[0], [*s, BLANK, 5, BLANK, BLANK, BLANK])   # GO = alphabet + 1 = 5
    np.testing.assert_array_equal(Y[0], [BLANK] * 5 + list(s))


@given(n=st.integers(1, 20), T=st.integers(1, 12), delay=st.integers(1, 15), alphabet=st.integers(1, 9),
       seed=st.integers(0, 999))
@settings(max_examples=60, deadline=None)
def test_delayed_copy_recalls_each_symbol_T_plus_delay_steps_later(n, T, delay, alphabet, seed):
    X, Y = delayed_copy(n, T, delay, alphabet, seed)
    L = 2 * T + delay
    assert X.shape == Y.shape == (n, L) and X.dtype == np.int64
    assert X.min() >= 0 and X.max() <= alphabet + 1 and Y.max() <= alphabet
    np.testing.assert_array_equal(Y[:, T + delay:], X[:, :T])           # the copy, T + delay later
    np.testing.assert_array_equal(Y[:, :T + delay], BLANK)
    np.testing.assert_array_equal(X[:, T + delay - 1], alphabet + 1)    # GO right before recall
    assert np.all(X[:, :T] >= 1)
    others = np.delete(X, list(range(T)) + [T + delay - 1], axis=1)
    np.testing.assert_array_equal(others, BLANK)


def test_delayed_copy_memoryless_baseline():
    """Blanks predicted with certainty, symbols uniformly: the promised T log(A) / (2T + delay),
    computed from the targets' own frequencies (within 1% over 4,000 sequences)."""
    T, delay, A = 5, 10, 8
    _, Y = delayed_copy(4000, T, delay, A, seed=2)
    recall = Y[:, T + delay:]
    freq = np.bincount(recall.ravel(), minlength=A + 1)[1:] / recall.size
    np.testing.assert_allclose(freq, 1 / A, atol=0.01)               # symbols are uniform
    cross_entropy = (recall.size * math.log(A)) / Y.size             # -log(1/A) per recall step, 0 else
    assert cross_entropy == pytest.approx(T * math.log(A) / (2 * T + delay), rel=1e-12)


@pytest.mark.parametrize("k, words", [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (20, "twenty"), (42, "forty two"),
    (100, "one hundred"), (115, "one hundred fifteen"), (1000, "one thousand"),
    (4321, "four thousand three hundred twenty one"), (90_010, "ninety thousand ten"),
    (999_999, "nine hundred ninety nine thousand nine hundred ninety nine")])
def test_number_words_by_hand(k, words):
    assert number_words(k) == words


def test_readable_numbers():
    pairs = readable_numbers(200, max_value=999, seed=0)
    assert len(pairs) == 200 and all(0 <= int(d) <= 999 and number_words(int(d)) == w for w, d in pairs)
    with pytest.raises(ValueError):
        number_words(1_000_000)

"""Text to token windows: the cleaned corpus, the vocabulary's round trip, and windows whose
targets are their inputs shifted by one. Everything here is integers or strings, so every
comparison is exact; the truth is the text itself (a window of 0, 1, 2, ... must read
i, i + 1, ...) or a hand-written example."""

import string

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.data.text import Vocabulary, clean, documentation_text, next_token_windows, random_windows, stream_batches


@pytest.fixture(scope="module")
def doc():
    return documentation_text()


def test_clean_by_hand():
    assert clean("Hello, World!\n42  times\tÉtude") == "hello world times tude"
    assert clean("  --already clean--  ") == "already clean"
    assert clean("123 !?") == ""


def test_documentation_text_has_27_symbols_and_no_runs_of_spaces(doc):
    assert 300_000 < len(doc) < 600_000   # ~465,000 raw characters, ~376,000 once cleaned
    assert set(doc) == set(string.ascii_lowercase + " ")
    assert "  " not in doc and doc == doc.strip()
    assert "the" in doc.split() and documentation_text() == doc   # English, and the same every call


def test_vocabulary_of_the_corpus(doc):
    vocab = Vocabulary.from_text(doc)
    assert vocab.size == len(vocab) == 27
    assert vocab.tokens[0] == " " and vocab.tokens[1:] == list(string.ascii_lowercase)
    ids = vocab.encode(doc[:1000])
    assert ids.dtype == np.int64 and ids.shape == (1000,) and ids.max() < 27
    assert vocab.decode(ids) == doc[:1000]


@given(st.text(alphabet="abcxyz .", min_size=1, max_size=50), st.text(alphabet="abcxyz .", max_size=50))
@settings(max_examples=60, deadline=None)
def test_encode_decode_round_trip(corpus, text):
    vocab = Vocabulary.from_text(corpus + text)
    assert vocab.decode(vocab.encode(text)) == text
    assert all(vocab.index[tok] == i for i, tok in enumerate(vocab.tokens))
    assert vocab.tokens == sorted(set(corpus + text))   # the numbering depends only on the set


def test_unknown_character_is_refused():
    with pytest.raises(KeyError, match="'q'"):
        Vocabulary.from_text("abc").encode("aqb")


def test_next_token_windows_by_hand():
    X, Y = next_token_windows(np.arange(10), 3)
    np.testing.assert_array_equal(X, [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    np.testing.assert_array_equal(Y, [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    X, Y = next_token_windows(np.arange(5), 3, stride=1)
    np.testing.assert_array_equal(X, [[0, 1, 2], [1, 2, 3]])
    np.testing.assert_array_equal(Y, [[1, 2, 3], [2, 3, 4]])
    assert next_token_windows(np.arange(3), 3)[0].shape == (0, 3)   # no token left to predict


@given(N=st.integers(1, 80), T=st.integers(1, 12), stride=st.integers(1, 12))
@settings(max_examples=80, deadline=None)
def test_next_token_windows_targets_are_the_next_tokens(N, T, stride):
    ids = np.arange(N) * 7 % 11                   # any sequence; position p holds ids[p]
    X, Y = next_token_windows(ids, T, stride)
    n = max(0, (N - 1 - T) // stride + 1)
    assert X.shape == Y.shape == (n, T)
    pos = np.arange(n)[:, None] * stride + np.arange(T)
    np.testing.assert_array_equal(X, ids[pos])
    np.testing.assert_array_equal(Y, ids[pos + 1])  # the token after each input
    if n:
        assert (n - 1) * stride + T <= N - 1 < n * stride + T   # as many windows as fit


@given(N=st.integers(2, 200), T=st.integers(1, 20), batch=st.integers(1, 8), seed=st.integers(0, 999))
@settings(max_examples=60, deadline=None)
def test_random_windows_are_slices_of_the_text(N, T, batch, seed):
    if N <= T:
        with pytest.raises(ValueError):
            random_windows(np.arange(N), T, batch, np.random.default_rng(seed))
        return
    X, Y = random_windows(np.arange(N), T, batch, np.random.default_rng(seed))
    assert X.shape == Y.shape == (batch, T)
    np.testing.assert_array_equal(X, X[:, :1] + np.arange(T))   # consecutive positions
    np.testing.assert_array_equal(Y, X + 1)
    assert X.min() >= 0 and Y.max() <= N - 1
    X2, _ = random_windows(np.arange(N), T, batch, np.random.default_rng(seed))
    np.testing.assert_array_equal(X, X2)   # a seed gives the same batch


def test_random_windows_cover_the_text_uniformly():
    """Every start is equally likely: 10,000 starts over 50 positions, each ~200 +- 4 sigma."""
    X, _ = random_windows(np.arange(54), 4, 10_000, np.random.default_rng(0))
    counts = np.bincount(X[:, 0], minlength=50)
    assert counts.size == 50 and np.all(np.abs(counts - 200) < 4 * np.sqrt(200))


@given(N=st.integers(2, 300), T=st.integers(1, 10), batch=st.integers(1, 6))
@settings(max_examples=60, deadline=None)
def test_stream_batches_continue_each_row(N, T, batch):
    ids = np.arange(N)
    parts = list(stream_batches(ids, T, batch))
    length = (N - 1) // batch
    assert len(parts) == length // T   # whole windows of each stream
    for X, Y in parts:
        assert X.shape == Y.shape == (batch, T)
        np.testing.assert_array_equal(Y, X + 1)
    if parts:
        rows = np.concatenate([X for X, _ in parts], axis=1)   # (batch, k T): each row's whole stream
        np.testing.assert_array_equal(rows, rows[:, :1] + np.arange(rows.shape[1]))  # no gap, no repeat
        np.testing.assert_array_equal(rows[:, 0], np.arange(batch) * length)        # disjoint streams
        assert rows.max() + 1 <= N - 1

"""Sampling with temperature and perplexity. Truths: torch's softmax of z / tau (to 1e-15),
the softmax probabilities themselves (sample frequencies within 4.5 binomial standard
deviations, fixed seeds), the argmax (tau -> 0), torch's cross-entropy (perplexity to
1e-13), and V for uniform predictions (to 1e-13)."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.nn.losses import softmax
from dlbook.nn.rnn import RNNLanguageModel
from dlbook.nn.sampling import generate, perplexity, perplexity_of_logits, sample, softmax_with_temperature

LOGITS = np.array([2.0, 1.0, 0.5, -1.0, 0.0])


@given(tau=st.floats(0.1, 20.0), seed=st.integers(0, 10**6))
@settings(max_examples=50, deadline=None)
def test_temperature_divides_the_logits(tau, seed):
    z = np.random.default_rng(seed).normal(0, 3, size=(3, 6))
    np.testing.assert_allclose(softmax_with_temperature(z, tau), F.softmax(torch.tensor(z) / tau, dim=-1).numpy(),
                               rtol=1e-13, atol=1e-300)
    # the order of the tokens never changes, only how peaked the distribution is
    np.testing.assert_array_equal(np.argsort(softmax_with_temperature(z, tau), axis=-1, kind="stable"),
                                  np.argsort(z, axis=-1, kind="stable"))


def test_entropy_grows_with_temperature():
    taus = [0.1, 0.3, 1.0, 3.0, 10.0, 100.0]
    P = [softmax_with_temperature(LOGITS, tau) for tau in taus]
    entropy = [-(p * np.log(p)).sum() for p in P]
    assert np.all(np.diff(entropy) > 0) and entropy[-1] == pytest.approx(math.log(5), abs=1e-3)
    assert P[0].max() > 0.9999   # tau = 0.1: almost all mass on the argmax


@pytest.mark.parametrize("tau", [1.0, 0.5, 2.0])
def test_sample_frequencies_match_the_probabilities(tau):
    """100,000 draws at a fixed seed: every token's frequency within 4.5 sigma of softmax(z / tau)."""
    n = 100_000
    draws = sample(np.tile(LOGITS, (n, 1)), tau, np.random.default_rng(0))
    assert draws.shape == (n,) and draws.dtype == np.int64
    freq = np.bincount(draws, minlength=5) / n
    p = softmax(LOGITS / tau)
    assert np.all(np.abs(freq - p) < 4.5 * np.sqrt(p * (1 - p) / n))


def test_low_temperature_concentrates_on_the_argmax():
    rng = np.random.default_rng(1)
    assert int(sample(LOGITS, 0.0)) == 0                                   # tau = 0 is the argmax
    assert np.all(sample(np.tile(LOGITS, (2000, 1)), 0.05, rng) == 0)     # others: e^{-20} each
    Z = rng.normal(size=(50, 7))
    np.testing.assert_array_equal(sample(Z, 0.0), Z.argmax(axis=1))
    with pytest.raises(ValueError):
        softmax_with_temperature(LOGITS, -1.0)


def test_sampling_never_picks_an_impossible_token_and_is_seeded():
    z = np.array([0.0, -np.inf, 1.0, -np.inf])   # probability exactly 0 for tokens 1 and 3
    draws = sample(np.tile(z, (5000, 1)), 1.0, np.random.default_rng(2))
    assert set(np.unique(draws)) == {0, 2}
    one = sample(LOGITS, 1.0, np.random.default_rng(3))
    assert one.shape == () and int(one) == int(sample(LOGITS, 1.0, np.random.default_rng(3)))


@pytest.mark.parametrize("V", [2, 27, 1000])
def test_uniform_predictions_have_perplexity_V(V):
    targets = np.random.default_rng(0).integers(0, V, size=(4, 9))
    assert perplexity_of_logits(np.zeros((4, 9, V)), targets) == pytest.approx(V, rel=1e-13)
    assert perplexity(math.log(V)) == pytest.approx(V, rel=1e-15)


@given(V=st.integers(2, 30), seed=st.integers(0, 10**6))
@settings(max_examples=40, deadline=None)
def test_perplexity_matches_torch_cross_entropy(V, seed):
    rng = np.random.default_rng(seed)
    Z, y = rng.normal(0, 2, size=(3, 5, V)), rng.integers(0, V, size=(3, 5))
    expected = math.exp(F.cross_entropy(torch.tensor(Z).reshape(-1, V), torch.tensor(y).reshape(-1)).item())
    assert perplexity_of_logits(Z, y) == pytest.approx(expected, rel=1e-13)
    assert 1.0 < perplexity_of_logits(Z, y)
    # (nearly) certain and right: perplexity 1
    assert perplexity_of_logits(100 * np.eye(V)[y], y) == pytest.approx(1.0, abs=1e-13)


def test_generate_with_the_state_equals_rereading_the_whole_text():
    """Greedy generation that feeds one token at a time with the state gives the tokens that
    re-running the model on the whole growing text gives: the state carries all of it."""
    torch.manual_seed(0)
    model = RNNLanguageModel(9, 16, embed_size=4, cell="lstm").double()
    prompt = [1, 5, 2]
    fast = generate(model, prompt, 12, temperature=0.0)
    ids = list(prompt)
    with torch.no_grad():
        for _ in range(12):
            logits, _ = model(torch.tensor([ids]))
            ids.append(int(logits[0, -1].argmax()))
    np.testing.assert_array_equal(fast, ids[3:])
    a = generate(model, prompt, 20, 1.0, np.random.default_rng(4))
    b = generate(model, prompt, 20, 1.0, np.random.default_rng(4))
    assert a.shape == (20,) and np.array_equal(a, b) and a.max() < 9

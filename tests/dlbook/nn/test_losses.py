"""Losses against torch.nn.functional and autograd, central differences and hand-computed cases."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlbook.nn import losses as L

T = lambda a: torch.tensor(np.asarray(a), dtype=torch.float64)  # noqa: E731
SEEDS = st.integers(0, 10**6)


def logits_and_labels(seed: int, n: int, k: int, scale: float = 5.0):
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, scale, size=(n, k)), rng.integers(0, k, size=n)


def central_differences(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """dJ/dx entry by entry, (J(x + h e) - J(x - h e)) / 2h."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


# ---- hand-computed cases --------------------------------------------------------

def test_mse_by_hand_averages_over_every_entry():
    y_hat = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    y = np.array([[0.0, 2.0, 1.0], [2.0, 1.0, 3.0]])
    # squared errors 1, 0, 1, 4, 4, 0: sum 10 over 6 entries
    assert L.mse(y_hat, y) == pytest.approx(10 / 6, rel=1e-15)
    np.testing.assert_allclose(L.mse_grad(y_hat, y), 2 * (y_hat - y) / 6, rtol=1e-15)


def test_bce_by_hand():
    p, y = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 0.0])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.4)) / 3
    assert L.binary_cross_entropy(p, y) == pytest.approx(expected, rel=1e-14)
    # The same predictions as logits give the same loss.
    z = np.log(p / (1 - p))
    assert L.binary_cross_entropy_with_logits(z, y) == pytest.approx(expected, rel=1e-12)


def test_softmax_cross_entropy_by_hand():
    Z = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    y = np.array([0, 2])
    row0 = -math.log(math.e**2 / (math.e**2 + math.e + 1))
    row1 = math.log(3)
    assert L.softmax_cross_entropy(Z, y) == pytest.approx((row0 + row1) / 2, rel=1e-14)


def test_uniform_prediction_costs_log_k():
    for k in (2, 3, 10):
        assert L.softmax_cross_entropy(np.zeros((4, k)), np.arange(4) % k) == pytest.approx(math.log(k))
    assert L.binary_cross_entropy(np.full(5, 0.5), np.array([0, 1, 1, 0, 1])) == pytest.approx(math.log(2))


def test_one_hot_and_its_errors():
    np.testing.assert_array_equal(L.one_hot(np.array([2, 0, 1, 2]), 3),
                                  [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert L.one_hot(np.array([1]), 5).shape == (1, 5)
    with pytest.raises(ValueError, match="0..2"):
        L.one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError):
        L.one_hot(np.array([-1, 0]), 3)  # numpy indexing would wrap -1 to the last class
    with pytest.raises(TypeError):
        L.one_hot(np.array([0.0, 1.0]), 2)


def test_softmax_rows_are_distributions_and_shift_invariant():
    Z, _ = logits_and_labels(0, 5, 4)
    P = L.softmax(Z)
    assert P.shape == (5, 4) and np.all(P > 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(L.softmax(Z + np.array([[3.0], [-7.0], [0.5], [100.0], [-1e3]])), P,
                               rtol=1e-12)


# ---- against torch on random inputs ---------------------------------------------

@given(n=st.integers(1, 8), k=st.integers(1, 6), seed=SEEDS)
@settings(max_examples=60, deadline=None)
def test_log_sum_exp_and_softmax_match_torch(n, k, seed):
    Z, _ = logits_and_labels(seed, n, k, scale=20.0)
    np.testing.assert_allclose(L.log_sum_exp(Z), torch.logsumexp(T(Z), dim=1).numpy(), rtol=1e-13)
    np.testing.assert_allclose(L.softmax(Z), F.softmax(T(Z), dim=1).numpy(), rtol=1e-12, atol=1e-300)


@given(shape=st.sampled_from([(1,), (7,), (3, 4), (2, 3, 2)]), seed=SEEDS)
@settings(max_examples=40, deadline=None)
def test_mse_and_its_gradient_match_torch(shape, seed):
    rng = np.random.default_rng(seed)
    y_hat, y = rng.normal(size=shape), rng.normal(size=shape)
    t = T(y_hat).requires_grad_()
    loss = F.mse_loss(t, T(y))
    loss.backward()
    assert L.mse(y_hat, y) == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(L.mse_grad(y_hat, y), t.grad.numpy(), rtol=1e-13)


@given(p=arrays(np.float64, st.integers(1, 20), elements=st.floats(0.0, 1.0)), seed=SEEDS)
@settings(max_examples=60, deadline=None)
def test_bce_on_probabilities_matches_torch(p, seed):
    y = np.random.default_rng(seed).integers(0, 2, size=p.shape).astype(float)
    expected = F.binary_cross_entropy(T(p), T(y)).item()
    assert L.binary_cross_entropy(p, y) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@given(z=arrays(np.float64, st.integers(1, 20), elements=st.floats(-50, 50)), seed=SEEDS,
       soft=st.booleans())
@settings(max_examples=60, deadline=None)
def test_bce_with_logits_and_its_gradient_match_torch(z, seed, soft):
    rng = np.random.default_rng(seed)
    y = rng.uniform(size=z.shape) if soft else rng.integers(0, 2, size=z.shape).astype(float)
    t = T(z).requires_grad_()
    loss = F.binary_cross_entropy_with_logits(t, T(y))
    loss.backward()
    # torch cancels terms of size |z| (we do not): absolute differences ~ 1e-16 |z|
    atol = 1e-15 * (1 + np.abs(z).max())
    assert L.binary_cross_entropy_with_logits(z, y) == pytest.approx(loss.item(), rel=1e-12, abs=atol)
    np.testing.assert_allclose(L.binary_cross_entropy_with_logits_grad(z, y), t.grad.numpy(),
                               rtol=1e-12, atol=1e-17)


@given(n=st.integers(1, 8), k=st.integers(2, 6), seed=SEEDS, scale=st.sampled_from([0.1, 3.0, 50.0]))
@settings(max_examples=60, deadline=None)
def test_softmax_cross_entropy_and_its_gradient_match_torch(n, k, seed, scale):
    Z, y = logits_and_labels(seed, n, k, scale)
    t = T(Z).requires_grad_()
    loss = F.cross_entropy(t, torch.tensor(y))
    loss.backward()
    # log_sum_exp(Z) - Z_y cancels two numbers of size |Z|: absolute error ~ 1e-16 |Z|
    atol = 1e-15 * (1 + np.abs(Z).max())
    assert L.softmax_cross_entropy(Z, y) == pytest.approx(loss.item(), rel=1e-12, abs=atol)
    np.testing.assert_allclose(L.softmax_cross_entropy_grad(Z, y), t.grad.numpy(), rtol=1e-11, atol=1e-17)


# ---- extreme inputs ---------------------------------------------------------------

def test_extreme_logits_match_torch_without_overflow():
    z = np.array([-1000.0, -1000.0, 1000.0, 1000.0, 0.0, 745.0, -745.0])
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    Z = np.array([[1000.0, 0.0, -1000.0], [1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0],
                  [1e4, 1e4 - 1.0, 0.0]])
    c = np.array([0, 2, 1, 1])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # inf, nan, log(0) raise
        values = [L.binary_cross_entropy_with_logits(z, y), L.softmax_cross_entropy(Z, c),
                  *L.binary_cross_entropy_with_logits_grad(z, y), *L.softmax_cross_entropy_grad(Z, c).ravel(),
                  *L.log_sum_exp(Z), *L.softmax(Z).ravel()]
    assert np.all(np.isfinite(values))
    assert L.binary_cross_entropy_with_logits(z, y) == pytest.approx(
        F.binary_cross_entropy_with_logits(T(z), T(y)).item(), rel=1e-14)
    # per example: 0, 1000, 1000, 0, log 2, 745, 745
    assert L.binary_cross_entropy_with_logits(z, y) == pytest.approx((3490 + math.log(2)) / 7, rel=1e-14)
    assert L.softmax_cross_entropy(Z, c) == pytest.approx(F.cross_entropy(T(Z), torch.tensor(c)).item(),
                                                          rel=1e-14)
    np.testing.assert_allclose(L.log_sum_exp(Z), torch.logsumexp(T(Z), dim=1).numpy(), rtol=1e-15)
    np.testing.assert_allclose(L.log_sum_exp(Z)[2], -1000 + math.log(3), rtol=1e-15)
    np.testing.assert_allclose(L.softmax(Z), F.softmax(T(Z), dim=1).numpy(), rtol=1e-14, atol=1e-300)


def test_probabilities_zero_and_one_match_torch():
    p = np.array([0.0, 0.0, 1.0, 1.0, 1e-300, 1 - 1e-16, 0.5])
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss = L.binary_cross_entropy(p, y)
        each = [L.binary_cross_entropy(p[i:i + 1], y[i:i + 1]) for i in range(len(p))]
    expected = F.binary_cross_entropy(T(p), T(y), reduction="none").numpy()
    np.testing.assert_allclose(each, expected, rtol=1e-13, atol=1e-15)
    assert loss == pytest.approx(expected.mean(), rel=1e-14)
    # a certain, wrong prediction costs exactly 100 (each log is floored at -100), a right one 0
    assert each[:4] == pytest.approx([0.0, 100.0, 100.0, 0.0], abs=1e-12)


def test_log_sum_exp_of_large_logits_is_max_plus_log_count():
    Z = np.full((2, 4), 800.0)  # naive: log(4 e^800) = log(inf)
    np.testing.assert_allclose(L.log_sum_exp(Z), 800 + math.log(4), rtol=1e-15)
    np.testing.assert_allclose(L.log_sum_exp(np.array([[-800.0, -800.0]])), [-800 + math.log(2)], rtol=1e-15)


# ---- gradients by central differences -------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_gradients_match_central_differences(seed):
    rng = np.random.default_rng(seed)
    y_hat, y = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    np.testing.assert_allclose(L.mse_grad(y_hat, y), central_differences(lambda a: L.mse(a, y), y_hat),
                               rtol=1e-6, atol=1e-10)
    z, t = rng.normal(0, 3, size=6), rng.integers(0, 2, size=6).astype(float)
    np.testing.assert_allclose(L.binary_cross_entropy_with_logits_grad(z, t),
                               central_differences(lambda a: L.binary_cross_entropy_with_logits(a, t), z),
                               rtol=1e-6, atol=1e-10)
    Z, c = logits_and_labels(seed, 5, 4, scale=2.0)
    np.testing.assert_allclose(L.softmax_cross_entropy_grad(Z, c),
                               central_differences(lambda a: L.softmax_cross_entropy(a, c), Z),
                               rtol=1e-6, atol=1e-10)


@given(seed=SEEDS)
@settings(max_examples=30, deadline=None)
def test_sigmoid_head_is_the_two_class_softmax(seed):
    """BCE of logit z equals softmax cross-entropy with logits (0, z): the two heads agree."""
    rng = np.random.default_rng(seed)
    z, y = rng.normal(0, 10, size=6), rng.integers(0, 2, size=6)
    Z = np.column_stack([np.zeros_like(z), z])
    assert L.binary_cross_entropy_with_logits(z, y) == pytest.approx(L.softmax_cross_entropy(Z, y), rel=1e-12)
    np.testing.assert_allclose(L.softmax_cross_entropy_grad(Z, y)[:, 1],
                               L.binary_cross_entropy_with_logits_grad(z, y), rtol=1e-10, atol=1e-17)


def test_losses_return_python_floats_and_accept_lists():
    assert isinstance(L.mse([1.0, 2.0], [0.0, 0.0]), float)
    assert isinstance(L.binary_cross_entropy([0.3], [1]), float)
    assert isinstance(L.binary_cross_entropy_with_logits([0.3], [1]), float)
    assert isinstance(L.softmax_cross_entropy([[0.3, 1.0]], [1]), float)
    assert L.log_sum_exp([[0.0, 0.0]]).shape == (1,)

"""Perceptron, dense layers and forward propagation against torch.nn and hand-computed cases."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.data import synthetic as data
from dlbook.nn.activations import relu, sigmoid, step, tanh
from dlbook.nn.layers import dense, forward, init_layers, xor_network
from dlbook.nn.perceptron import decision_boundary, perceptron, train_perceptron


def test_perceptron_by_hand():
    X = np.array([[1.0, 2.0], [-1.0, 0.5]])
    w, w_0 = np.array([0.5, -1.0]), 0.25
    # z = 0.25 + [0.5 - 2, -0.5 - 0.5] = [-1.25, -0.75]
    np.testing.assert_allclose(perceptron(X, w, w_0, g=lambda z: z), [-1.25, -0.75])
    np.testing.assert_allclose(perceptron(X, w, w_0), 1 / (1 + np.exp([1.25, 0.75])))


@given(n=st.integers(1, 6), d_in=st.integers(1, 5), d_out=st.integers(1, 5), seed=st.integers(0, 10**6))
@settings(max_examples=40, deadline=None)
def test_dense_matches_torch_linear(n, d_in, d_out, seed):
    rng = np.random.default_rng(seed)
    X, W, b = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=d_out)
    linear = torch.nn.Linear(d_in, d_out, dtype=torch.float64)
    with torch.no_grad():  # torch stores W as (d_out, d_in)
        linear.weight.copy_(torch.tensor(W.T))
        linear.bias.copy_(torch.tensor(b))
    expected = torch.tanh(linear(torch.tensor(X))).detach().numpy()
    np.testing.assert_allclose(dense(X, W, b, tanh), expected, rtol=1e-12, atol=1e-14)


def test_forward_matches_torch_sequential_and_keeps_every_activation():
    rng = np.random.default_rng(0)
    sizes = [3, 5, 4, 2]
    layers = init_layers(sizes, g=relu, g_out=sigmoid, rng=rng)
    X = rng.normal(size=(7, 3))
    acts = forward(X, layers)
    assert [a.shape for a in acts] == [(7, 3), (7, 5), (7, 4), (7, 2)]
    assert acts[0] is X
    modules = []
    for i, layer in enumerate(layers):
        lin = torch.nn.Linear(*layer.W.shape, dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(layer.W.T))
            lin.bias.copy_(torch.tensor(layer.b))
        modules += [lin, torch.nn.ReLU() if i < len(layers) - 1 else torch.nn.Sigmoid()]
    expected = torch.nn.Sequential(*modules)(torch.tensor(X)).detach().numpy()
    np.testing.assert_allclose(acts[-1], expected, rtol=1e-12)


def test_init_layers_uses_output_activation_last_only():
    layers = init_layers([2, 3, 3, 1], g=tanh, g_out=sigmoid, rng=np.random.default_rng(1))
    assert [l.g for l in layers] == [tanh, tanh, sigmoid]
    assert [l.W.shape for l in layers] == [(2, 3), (3, 3), (3, 1)]


@given(w1=st.floats(-5, 5), w2=st.floats(0.1, 5) | st.floats(-5, -0.1), w_0=st.floats(-5, 5),
       x1=st.floats(-10, 10))
@settings(max_examples=60, deadline=None)
def test_points_on_the_decision_boundary_have_z_zero(w1, w2, w_0, x1):
    slope, intercept = decision_boundary(np.array([w1, w2]), w_0)
    x2 = slope * x1 + intercept
    assert abs(w_0 + w1 * x1 + w2 * x2) < 1e-9 * (1 + abs(w1 * x1) + abs(w_0))


def test_vertical_boundary_is_a_clear_error():
    with pytest.raises(ValueError, match="vertical"):
        decision_boundary(np.array([1.0, 0.0]), 0.5)


def test_learning_rule_separates_separable_blobs():
    X, y = data.blobs(n=200, seed=3)
    w, w_0, mistakes = train_perceptron(X, y)
    assert mistakes[-1] == 0 and len(mistakes) < 100
    np.testing.assert_array_equal(step(w_0 + X @ w), y)


def test_learning_rule_never_converges_on_xor():
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([0, 1, 1, 0])
    _, _, mistakes = train_perceptron(X, y, max_epochs=50)
    assert len(mistakes) == 50 and min(mistakes) > 0


def test_xor_network_truth_table():
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(forward(X, xor_network())[-1].ravel(), [0, 1, 1, 0])

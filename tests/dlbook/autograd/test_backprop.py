"""Backpropagation by hand against torch.autograd, finite differences and a hand-computed case."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.autograd.backprop import backward, forward_trace, loss_and_grads, train_mlp
from dlbook.autograd.gradcheck import gradcheck
from dlbook.data import synthetic as data
from dlbook.nn.activations import derivative, identity, identity_grad, relu, sigmoid, tanh
from dlbook.nn.layers import Layer, forward, init_layers

TORCH_G = {tanh: torch.tanh, sigmoid: torch.sigmoid, relu: torch.relu, identity: lambda z: z}


def torch_loss_and_grads(X, y, layers, loss):
    """The same network and loss in torch; returns J and [(dW, db)] from autograd."""
    params = [(torch.tensor(l.W, requires_grad=True), torch.tensor(l.b, requires_grad=True)) for l in layers]
    A = torch.tensor(X)
    for layer, (W, b) in zip(layers, params):
        A = TORCH_G[layer.g](A @ W + b)
    target = torch.tensor(y, dtype=torch.float64).reshape(A.shape)
    if loss == "mse":
        J = torch.nn.functional.mse_loss(A, target)
    else:
        J = torch.nn.functional.binary_cross_entropy_with_logits(A, target)
    J.backward()
    return J.item(), [(W.grad.numpy(), b.grad.numpy()) for W, b in params]


def random_layers(rng, sizes, g, g_out):
    layers = init_layers(sizes, g=g, g_out=g_out, rng=rng)
    for layer in layers:  # non-zero biases, so that db and the kinks are exercised
        layer.b = rng.normal(0.0, 0.5, size=layer.b.shape)
    return layers


@given(seed=st.integers(0, 10**6), n=st.integers(1, 7), depth=st.integers(1, 4),
       g=st.sampled_from([tanh, sigmoid, relu]), loss=st.sampled_from(["mse", "bce"]),
       g_out=st.sampled_from([identity, tanh]))
@settings(max_examples=80, deadline=None)
def test_gradients_match_torch_autograd(seed, n, depth, g, loss, g_out):
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 6)) for _ in range(depth)] + [1 if loss == "bce" else int(rng.integers(1, 4))]
    sizes = [int(rng.integers(1, 5))] + sizes
    if loss == "bce":
        g_out = identity
    layers = random_layers(rng, sizes, g, g_out)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(0, 2, size=(n, sizes[-1])).astype(float) if loss == "bce" else rng.normal(size=(n, sizes[-1]))
    J, grads = loss_and_grads(X, y, layers, loss)
    J_t, grads_t = torch_loss_and_grads(X, y, layers, loss)
    np.testing.assert_allclose(J, J_t, rtol=1e-12)
    for layer, (dW, db), (dW_t, db_t) in zip(layers, grads, grads_t):
        assert dW.shape == layer.W.shape and db.shape == layer.b.shape
        np.testing.assert_allclose(dW, dW_t, rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(db, db_t, rtol=1e-9, atol=1e-13)


def test_bce_accepts_labels_of_shape_n():
    rng = np.random.default_rng(3)
    layers = random_layers(rng, [2, 4, 1], tanh, identity)
    X, y = rng.normal(size=(6, 2)), rng.integers(0, 2, size=6)
    J, grads = loss_and_grads(X, y, layers, "bce")
    J_t, grads_t = torch_loss_and_grads(X, y, layers, "bce")
    np.testing.assert_allclose(J, J_t, rtol=1e-12)
    np.testing.assert_allclose(grads[0][0], grads_t[0][0], rtol=1e-9)


@pytest.mark.parametrize("g", [tanh, sigmoid], ids=["tanh", "sigmoid"])
@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_every_parameter_passes_gradcheck(g, loss):
    rng = np.random.default_rng(11)
    layers = random_layers(rng, [3, 5, 4, 2 if loss == "mse" else 1], g, identity)
    X = rng.normal(size=(8, 3))
    y = rng.integers(0, 2, size=(8, 1)).astype(float) if loss == "bce" else rng.normal(size=(8, 2))
    _, grads = loss_and_grads(X, y, layers, loss)
    for l, layer in enumerate(layers):
        for name, (p, dp) in {"W": (layer.W, grads[l][0]), "b": (layer.b, grads[l][1])}.items():
            def J(value, layer=layer, name=name):
                saved = getattr(layer, name)
                setattr(layer, name, value)
                try:
                    return loss_and_grads(X, y, layers, loss)[0]
                finally:
                    setattr(layer, name, saved)
            ok, max_rel = gradcheck(J, p, dp, rtol=1e-6, atol=1e-9)
            assert ok and max_rel < 1e-5, (l, name, max_rel)


def test_forward_caches_agree_with_chapter_2_forward():
    rng = np.random.default_rng(0)
    layers = init_layers([3, 4, 2], g=relu, g_out=sigmoid, rng=rng)
    X = rng.normal(size=(5, 3))
    Zs, As = forward_trace(X, layers)
    assert [Z.shape for Z in Zs] == [(5, 4), (5, 2)]
    for A, A_ch2 in zip(As, forward(X, layers)):
        np.testing.assert_array_equal(A, A_ch2)
    np.testing.assert_allclose(As[1], relu(Zs[0]))
    np.testing.assert_allclose(As[2], sigmoid(Zs[1]))


def test_one_layer_by_hand():
    # One linear unit, MSE over n = 2 examples: J = ((x_1 w + b - y_1)^2 + (x_2 w + b - y_2)^2) / 2.
    layers = [Layer(W=np.array([[2.0]]), b=np.array([1.0]), g=identity)]
    X, y = np.array([[1.0], [3.0]]), np.array([2.0, 5.0])
    # residuals: 2 + 1 - 2 = 1 and 6 + 1 - 5 = 2; J = (1 + 4) / 2 = 2.5
    # dJ/dw = (2 * 1 * 1 + 2 * 2 * 3) / 2 = 7; dJ/db = (2 * 1 + 2 * 2) / 2 = 3
    J, [(dW, db)] = loss_and_grads(X, y, layers, "mse")
    assert J == 2.5
    np.testing.assert_allclose(dW, [[7.0]])
    np.testing.assert_allclose(db, [3.0])


def test_two_layers_by_hand():
    # x -> z1 = 2x (identity) -> z2 = 3 z1 + 1; one example x = 1, y = 0, MSE: J = (7 - 0)^2 = 49.
    layers = [Layer(np.array([[2.0]]), np.array([0.0]), identity),
              Layer(np.array([[3.0]]), np.array([1.0]), identity)]
    J, [(dW1, db1), (dW2, db2)] = loss_and_grads(np.array([[1.0]]), np.array([0.0]), layers, "mse")
    # delta_2 = 2 * 7 = 14; dW2 = z1 * 14 = 28; delta_1 = 14 * 3 = 42; dW1 = x * 42 = 42
    assert J == 49.0
    assert (dW2.item(), db2.item(), dW1.item(), db1.item()) == (28.0, 14.0, 42.0, 42.0)


def test_backward_takes_any_output_gradient():
    # With dJ/dA_L = 1 everywhere, J is the plain sum of the outputs: torch agrees.
    rng = np.random.default_rng(5)
    layers = random_layers(rng, [2, 3, 2], tanh, sigmoid)
    X = rng.normal(size=(4, 2))
    Zs, As = forward_trace(X, layers)
    grads = backward(layers, Zs, As, np.ones_like(As[-1]))
    W1, b1, W2, b2 = (torch.tensor(a, requires_grad=True) for a in
                      (layers[0].W, layers[0].b, layers[1].W, layers[1].b))
    torch.sigmoid(torch.tanh(torch.tensor(X) @ W1 + b1) @ W2 + b2).sum().backward()
    np.testing.assert_allclose(grads[0][0], W1.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(grads[1][1], b2.grad.numpy(), rtol=1e-10)


def test_derivative_lookup():
    assert derivative(identity) is identity_grad
    np.testing.assert_array_equal(identity_grad(np.zeros((2, 3))), np.ones((2, 3)))
    with pytest.raises(ValueError, match="no derivative known"):
        derivative(np.sin)


def test_bce_needs_a_linear_output():
    layers = init_layers([2, 3, 1], g=tanh, g_out=sigmoid, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="linear output"):
        loss_and_grads(np.zeros((2, 2)), np.zeros(2), layers, "bce")


def test_training_fits_moons():
    X, y = data.moons(n=200, noise=0.1, seed=0)
    layers = init_layers([2, 16, 16, 1], g=tanh, g_out=identity, rng=np.random.default_rng(0))
    history = train_mlp(X, y, layers, eta=0.5, steps=500)
    assert history[-1] < 0.25 * history[0]
    _, As = forward_trace(X, layers)
    assert np.mean((As[-1][:, 0] > 0) == y) > 0.95

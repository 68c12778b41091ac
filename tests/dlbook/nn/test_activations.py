"""Activations against torch's own functions and autograd, and against finite differences."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlbook.nn import activations as A

finite = arrays(np.float64, st.integers(1, 50), elements=st.floats(-30, 30, allow_nan=False))
PAIRS = [
    (A.sigmoid, A.sigmoid_grad, torch.sigmoid),
    (A.tanh, A.tanh_grad, torch.tanh),
    (A.relu, A.relu_grad, torch.relu),
]


@pytest.mark.parametrize("g, g_grad, torch_g", PAIRS, ids=["sigmoid", "tanh", "relu"])
@given(z=finite)
@settings(max_examples=60, deadline=None)
def test_matches_torch_value_and_autograd(g, g_grad, torch_g, z):
    t = torch.tensor(z, requires_grad=True)
    y = torch_g(t)
    y.sum().backward()
    np.testing.assert_allclose(g(z), y.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(g_grad(z), t.grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("g, g_grad", [(A.sigmoid, A.sigmoid_grad), (A.tanh, A.tanh_grad)],
                         ids=["sigmoid", "tanh"])
@given(z=arrays(np.float64, st.integers(1, 20), elements=st.floats(-8, 8)))
@settings(max_examples=40, deadline=None)
def test_derivative_matches_central_differences(g, g_grad, z):
    h = 1e-6
    numeric = (g(z + h) - g(z - h)) / (2 * h)
    np.testing.assert_allclose(g_grad(z), numeric, rtol=1e-6, atol=1e-9)


def test_relu_derivative_away_from_kink_and_at_zero():
    z = np.array([-2.0, -1e-3, 0.0, 1e-3, 3.0])
    np.testing.assert_array_equal(A.relu_grad(z), [0, 0, 0, 1, 1])  # torch's convention at 0


def test_sigmoid_is_stable_at_extremes():
    with np.errstate(over="raise", invalid="raise"):  # an overflow or nan would raise here
        s = A.sigmoid(np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0]))
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, torch.sigmoid(torch.tensor([-1000.0, -745.0, 0.0, 745.0, 1000.0],
                                                             dtype=torch.float64)).numpy(), rtol=1e-15, atol=1e-300)


@given(z=finite)
@settings(max_examples=40, deadline=None)
def test_tanh_is_a_rescaled_sigmoid(z):
    np.testing.assert_allclose(A.tanh(z), 2 * A.sigmoid(2 * z) - 1, atol=1e-12)


def test_shapes_are_preserved():
    z = np.arange(24, dtype=float).reshape(2, 3, 4) - 12
    for g, g_grad in A.ACTIVATIONS.values():
        assert g(z).shape == z.shape and g_grad(z).shape == z.shape
    assert A.step(z).shape == z.shape


def test_step_is_heaviside_with_one_at_zero():
    np.testing.assert_array_equal(A.step([-0.5, 0.0, 0.5]), [0, 1, 1])

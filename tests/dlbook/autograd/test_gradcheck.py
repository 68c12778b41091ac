"""Finite differences: exact where they should be, the right order of error, and a checker
that catches wrong gradients."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from dlbook.autograd.gradcheck import gradcheck, numerical_gradient, relative_error, report

# Away from subnormals: torch's prod backward divides by the entry and is wrong there.
entries = st.floats(-3, 3, allow_nan=False).filter(lambda v: v == 0 or abs(v) > 1e-6)


@given(x=arrays(np.float64, array_shapes(min_dims=1, max_dims=3, max_side=4), elements=entries))
@settings(max_examples=40, deadline=None)
def test_central_differences_match_torch_on_every_entry(x):
    def f(v):
        return float(np.sum(np.sin(v) * v ** 2) + np.prod(np.tanh(v[..., :1])))

    tx = torch.tensor(x, requires_grad=True)
    (torch.sum(torch.sin(tx) * tx ** 2) + torch.prod(torch.tanh(tx[..., :1]))).backward()
    grad = numerical_gradient(f, x)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, tx.grad.numpy(), rtol=1e-6, atol=1e-7)


def test_central_differences_are_exact_for_a_quadratic():
    # (f(x + h) - f(x - h)) / 2h = 2 a x + b exactly for f = a x^2 + b x: the h^2 term cancels.
    A = np.array([[2.0, -1.0], [0.5, 3.0]])
    x = np.array([[1.0, -2.0], [0.25, 4.0]])
    grad = numerical_gradient(lambda v: float(np.sum(A * v ** 2 - v)), x, h=1e-3)
    np.testing.assert_allclose(grad, 2 * A * x - 1, rtol=1e-9)


def test_x_is_left_unchanged_and_f_sees_one_entry_moved():
    x = np.array([1.0, 2.0, 3.0])
    seen = []

    def f(v):
        seen.append(v.copy())
        return float(v.sum())

    np.testing.assert_allclose(numerical_gradient(f, x, h=0.5), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    assert len(seen) == 6
    for v in seen:
        assert np.count_nonzero(v != x) == 1 and np.isclose(np.abs(v - x).sum(), 0.5)


def test_integer_input_is_differentiated_as_float():
    np.testing.assert_allclose(numerical_gradient(lambda v: float(v @ v), [1, 2]), [2.0, 4.0], rtol=1e-8)


def test_error_is_order_h_squared_central_and_h_forward():
    f, exact = np.exp, np.exp(0.3)
    errors = {}
    for scheme in ("central", "forward"):
        errors[scheme] = [abs(numerical_gradient(lambda v: float(f(v[0])), [0.3], h=h, scheme=scheme)[0] - exact)
                          for h in (1e-2, 1e-3)]
    # Ten times smaller h: a hundred times smaller central error, ten times smaller forward error.
    assert 80 < errors["central"][0] / errors["central"][1] < 120
    assert 8 < errors["forward"][0] / errors["forward"][1] < 12
    assert errors["central"][1] < 1e-3 * errors["forward"][1]


def test_unknown_scheme_is_an_error():
    with pytest.raises(ValueError, match="central"):
        numerical_gradient(np.sum, np.ones(2), scheme="backward")


def matrix_function():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(4, 3)), rng.normal(size=(2, 3))

    def f(W):  # f(W) = sum(tanh(B W A^T)) for W: (3, 3)
        return float(np.tanh(B @ W @ A.T).sum())

    def grad(W):  # chain rule: dW = B^T (1 - tanh^2) A
        return B.T @ (1 - np.tanh(B @ W @ A.T) ** 2) @ A

    return f, grad, rng.normal(size=(3, 3))


def test_gradcheck_passes_the_right_gradient():
    f, grad, W = matrix_function()
    ok, max_rel = gradcheck(f, W, grad(W))
    assert ok and max_rel < 1e-7


@pytest.mark.parametrize("mistake", ["transposed", "half", "sign", "one entry"])
def test_gradcheck_catches_a_wrong_gradient(mistake):
    f, grad, W = matrix_function()
    wrong = {"transposed": grad(W).T, "half": grad(W) / 2, "sign": -grad(W),
             "one entry": grad(W) + np.eye(3)[0] * np.eye(3)[:, :1] * 1e-3}[mistake]
    ok, max_rel = gradcheck(f, W, wrong)
    assert not ok and max_rel > 1e-5


def test_gradcheck_rejects_a_gradient_of_the_wrong_shape():
    f, grad, W = matrix_function()
    with pytest.raises(ValueError, match="shape"):
        gradcheck(f, W, grad(W)[:, :2])


def test_report_names_the_worst_entry(capsys):
    f, grad, W = matrix_function()
    wrong = grad(W)
    wrong[2, 1] += 0.5
    ok, _ = gradcheck(f, W, wrong, verbose=True)
    out = capsys.readouterr().out
    assert not ok and out.startswith("gradcheck FAILED")
    assert out.splitlines()[2].split()[0:2] == ["(2,", "1)"]
    assert "passed" in report(grad(W), grad(W), True)


def test_relative_error_is_symmetric_and_zero_for_zeros():
    np.testing.assert_allclose(relative_error([1.0, 0.0, -2.0], [1.1, 0.0, -2.0]), [0.1 / 1.1, 0.0, 0.0])
    np.testing.assert_array_equal(relative_error([3.0], [1.0]), relative_error([1.0], [3.0]))

"""Max and average pooling against torch (float64), forward and backward.

Truth is torch.nn.functional.max_pool2d / avg_pool2d and torch autograd, and hand-computed
windows. Precision: max pooling picks entries, so it matches torch exactly (forward and
gradient); average pooling to 1e-14 absolute (a mean of at most 9 values of order 1).
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dlbook.autograd.gradcheck import gradcheck
from dlbook.nn import pooling as P

T = lambda a: torch.tensor(np.asarray(a), dtype=torch.float64)  # noqa: E731
TOL = 1e-14


@st.composite
def pool_cases(draw):
    N, C = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    k = draw(st.integers(1, 3))
    stride = draw(st.one_of(st.none(), st.integers(1, 3)))
    H, W = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    assume(H >= k and W >= k)
    # normal draws: ties in a window have probability 0, so the argmax is unambiguous
    x = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).normal(size=(N, C, H, W))
    return x, k, stride


# ---- by hand ------------------------------------------------------------------------------------

def test_pooling_by_hand():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    np.testing.assert_array_equal(P.max_pool2d(x, 2)[0, 0], [[5, 7], [13, 15]])
    np.testing.assert_array_equal(P.avg_pool2d(x, 2)[0, 0], [[2.5, 4.5], [10.5, 12.5]])
    np.testing.assert_array_equal(P.max_pool2d(x, 3, stride=1)[0, 0], [[10, 11], [14, 15]])
    assert P.max_pool2d(np.zeros((2, 3, 5, 7)), 2).shape == (2, 3, 2, 3)  # the odd last row/column is dropped
    with pytest.raises(ValueError):
        P.max_pool2d(np.zeros((1, 1, 2, 2)), 3)
    with pytest.raises(ValueError):
        P.avg_pool2d(np.zeros((1, 2, 2)), 2)


def test_max_gradient_goes_to_one_input_per_window():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 3, 6, 8))
    dout = rng.uniform(1.0, 2.0, size=(2, 3, 3, 4))
    dx = P.max_pool2d_backward(dout, x, 2)
    windows = dx.reshape(2, 3, 3, 2, 4, 2).transpose(0, 1, 2, 4, 3, 5).reshape(2, 3, 3, 4, 4)
    assert np.all(np.count_nonzero(windows, axis=-1) == 1)       # exactly one input per window...
    np.testing.assert_array_equal(windows.sum(axis=-1), dout)    # ...gets the whole gradient
    np.testing.assert_array_equal(x[dx != 0], np.repeat(np.repeat(P.max_pool2d(x, 2), 2, 2), 2, 3)[dx != 0])


def test_avg_gradient_is_spread_evenly():
    dout = np.arange(4.0).reshape(1, 1, 2, 2)
    dx = P.avg_pool2d_backward(dout, (1, 1, 4, 5), 2)  # the fifth column is in no window
    expected = np.zeros((4, 5))
    expected[:, :4] = np.kron(dout[0, 0], np.ones((2, 2))) / 4
    np.testing.assert_array_equal(dx[0, 0], expected)


def test_ties_go_to_the_first_maximum_like_torch():
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 1, 1] = x[0, 0, 0, 3] = x[0, 0, 1, 2] = 1.0  # window 2 has two maxima
    for k, s in ((2, 2), (2, 1), (3, 1), (4, 4)):
        xt = T(x).requires_grad_()
        out = F.max_pool2d(xt, k, s)
        dout = np.arange(1.0, out.numel() + 1).reshape(out.shape)
        out.backward(T(dout))
        np.testing.assert_array_equal(P.max_pool2d_backward(dout, x, k, s), xt.grad.numpy())


# ---- against torch --------------------------------------------------------------------------

@settings(max_examples=80, deadline=None)
@given(pool_cases())
def test_max_pool_matches_torch(case):
    x, k, s = case
    xt = T(x).requires_grad_()
    out = F.max_pool2d(xt, k, s)
    np.testing.assert_array_equal(P.max_pool2d(x, k, s), out.detach().numpy())
    dout = np.random.default_rng(1).normal(size=out.shape)
    out.backward(T(dout))
    np.testing.assert_array_equal(P.max_pool2d_backward(dout, x, k, s), xt.grad.numpy())


@settings(max_examples=80, deadline=None)
@given(pool_cases())
def test_avg_pool_matches_torch(case):
    x, k, s = case
    xt = T(x).requires_grad_()
    out = F.avg_pool2d(xt, k, s)
    np.testing.assert_allclose(P.avg_pool2d(x, k, s), out.detach().numpy(), rtol=0, atol=TOL)
    dout = np.random.default_rng(1).normal(size=out.shape)
    out.backward(T(dout))
    np.testing.assert_allclose(P.avg_pool2d_backward(dout, x.shape, k, s), xt.grad.numpy(), rtol=0, atol=TOL)


@pytest.mark.parametrize("k, s", [(2, None), (3, 1), (2, 3)])
def test_backward_by_central_differences(k, s):
    """J = sum(pool(x) * G); random x keeps every maximum clear of its neighbours (h = 1e-6)."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 2, 7, 6))
    G = rng.normal(size=P.max_pool2d(x, k, s).shape)
    ok, max_rel = gradcheck(lambda v: np.sum(P.max_pool2d(v, k, s) * G), x,
                            P.max_pool2d_backward(G, x, k, s), rtol=1e-6, atol=1e-7)
    assert ok, max_rel
    ok, max_rel = gradcheck(lambda v: np.sum(P.avg_pool2d(v, k, s) * G), x,
                            P.avg_pool2d_backward(G, x.shape, k, s), rtol=1e-6, atol=1e-7)
    assert ok, max_rel

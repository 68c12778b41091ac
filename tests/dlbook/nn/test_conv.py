"""Convolution from scratch against torch (float64): forward, output size, backward, nn.Conv2d.

Truth is torch.nn.functional.conv2d and torch autograd, and central differences for the
gradients. Precision: the three forward passes and the backward pass agree with torch to
1e-12 absolute (values of order 10, round-off about 1e-15); central differences with
h = 1e-6 to 1e-6 relative plus 1e-7 absolute.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dlbook.autograd.gradcheck import gradcheck
from dlbook.data.images import edge_image
from dlbook.nn import conv as C

T = lambda a: torch.tensor(np.asarray(a), dtype=torch.float64)  # noqa: E731
TOL = 1e-12


@st.composite
def conv_cases(draw, max_hw: int = 9):
    """A random convolution: x, W, b and a stride and padding for which the filter fits."""
    N, C_in, C_out = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    k_h, k_w = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = draw(st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    padding = draw(st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2))))
    H, W = draw(st.integers(1, max_hw)), draw(st.integers(1, max_hw))
    p_h, p_w = (padding, padding) if isinstance(padding, int) else padding
    assume(H + 2 * p_h >= k_h and W + 2 * p_w >= k_w)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.normal(size=(N, C_in, H, W))
    Wt = rng.normal(size=(C_out, C_in, k_h, k_w))
    b = rng.normal(size=C_out) if draw(st.booleans()) else None
    return x, Wt, b, stride, padding


def torch_conv(x, W, b, stride, padding):
    return F.conv2d(T(x), T(W), None if b is None else T(b), stride=stride, padding=padding).numpy()


# ---- the output-size formula ------------------------------------------------------------

def test_output_size_by_hand():
    assert C.conv_output_size(32, 5) == 28          # LeNet's first layer: 32 - 5 + 1
    assert C.conv_output_size(8, 3, 1) == 8         # "same" padding for a 3x3 filter
    assert C.conv_output_size(7, 3, 1, 2) == 4      # (7 + 2 - 3) / 2 + 1
    assert C.conv_output_size(6, 3, 0, 2) == 2      # floor(3 / 2) + 1: the last column is never used
    assert C.conv_output_size(224, 7, 3, 2) == 112  # ResNet's stem
    with pytest.raises(ValueError):
        C.conv_output_size(2, 5, 1, 1)              # 2 + 2 < 5: the filter does not fit
    with pytest.raises(ValueError):
        C.conv_output_size(8, 3, 0, 0)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 20), k=st.integers(1, 7), p=st.integers(0, 3), s=st.integers(1, 4))
def test_output_size_matches_torch(n, k, p, s):
    assume(n + 2 * p >= k and p <= k // 2)  # torch also asks that padding be at most half the kernel
    out = F.conv2d(torch.zeros(1, 1, n, n + 1, dtype=torch.float64),
                   torch.zeros(1, 1, k, k, dtype=torch.float64), stride=s, padding=p)
    assert out.shape[2:] == (C.conv_output_size(n, k, p, s), C.conv_output_size(n + 1, k, p, s))


# ---- forward: the definition, by hand -------------------------------------------------------

def test_conv2d_by_hand():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    W = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # x[i, j] - x[i+1, j+1] = -5 everywhere
    expected = np.full((1, 1, 3, 3), -5.0) + 2.0
    for f in (C.conv2d_loops, C.conv2d_windows, C.conv2d):
        np.testing.assert_array_equal(f(x, W, np.array([2.0])), expected)
    # stride 2 keeps positions (0, 0), (0, 2), (2, 0), (2, 2); padding 1 adds a ring of zeros
    assert C.conv2d(x, W, None, stride=2).shape == (1, 1, 2, 2)
    # along the top row the filter's top-left tap sits on padding: out[0, j] = 0 - x[0, j]
    np.testing.assert_array_equal(C.conv2d(x, W, None, padding=1)[0, 0, 0, :4], -x[0, 0, 0])
    # cross-correlation, not convolution: the filter is not flipped
    W_flipped = W[:, :, ::-1, ::-1]
    assert C.conv2d(x, W_flipped)[0, 0, 0, 0] == 5.0


def test_shape_errors():
    x = np.zeros((1, 3, 5, 5))
    with pytest.raises(ValueError, match="channels"):
        C.conv2d(x, np.zeros((2, 2, 3, 3)))
    with pytest.raises(ValueError):
        C.conv2d_loops(x, np.zeros((2, 3, 7, 7)))
    with pytest.raises(ValueError):
        C.conv2d(x[0], np.zeros((2, 3, 3, 3)))      # (C, H, W) without the batch axis
    with pytest.raises(ValueError):
        C.conv2d(x, np.zeros((2, 3, 3, 3)), np.zeros(3))


# ---- forward: loops == windows == im2col == torch -------------------------------------------

@settings(max_examples=80, deadline=None)
@given(conv_cases())
def test_three_forward_passes_match_torch(case):
    x, W, b, stride, padding = case
    expected = torch_conv(x, W, b, stride, padding)
    for f in (C.conv2d_loops, C.conv2d_windows, C.conv2d):
        out = f(x, W, b, stride, padding)
        assert out.shape == expected.shape
        np.testing.assert_allclose(out, expected, rtol=0, atol=TOL, err_msg=f.__name__)


def test_nn_conv2d_with_copied_weights():
    torch.manual_seed(0)
    layer = torch.nn.Conv2d(3, 5, kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), dtype=torch.float64)
    x = torch.randn(4, 3, 9, 7, dtype=torch.float64)
    W, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    with torch.no_grad():
        expected = layer(x).numpy()
    np.testing.assert_allclose(C.conv2d(x.numpy(), W, b, (2, 1), (1, 0)), expected, rtol=0, atol=TOL)
    np.testing.assert_allclose(C.conv2d_loops(x.numpy(), W, b, (2, 1), (1, 0)), expected, rtol=0, atol=TOL)


# ---- im2col and its adjoint ----------------------------------------------------------------

def test_im2col_rows_are_patches():
    x = np.arange(2 * 2 * 3 * 3, dtype=np.float64).reshape(2, 2, 3, 3)
    cols = C.im2col(x, 2, 2)
    assert cols.shape == (2 * 2 * 2, 2 * 2 * 2)      # (N H_out W_out, C_in k_h k_w)
    # row (n=1, i=0, j=1): image 1's patch at rows 0-1, columns 1-2, both channels
    np.testing.assert_array_equal(cols[1 * 4 + 0 * 2 + 1], x[1, :, 0:2, 1:3].ravel())
    padded = C.im2col(x, 3, 3, stride=2, padding=1)   # 3x3 positions (0, 2) per axis -> 2 x 2
    assert padded.shape == (2 * 2 * 2, 2 * 9)
    np.testing.assert_array_equal(padded[0].reshape(2, 3, 3)[:, 0, :], 0.0)  # the top padding row


@settings(max_examples=60, deadline=None)
@given(conv_cases())
def test_col2im_is_the_adjoint_of_im2col(case):
    """<im2col(x), Y> = <x, col2im(Y)> for every x and Y: what makes col2im the right backward."""
    x, W, _, stride, padding = case
    k_h, k_w = W.shape[2:]
    cols = C.im2col(x, k_h, k_w, stride, padding)
    Y = np.random.default_rng(1).normal(size=cols.shape)
    lhs = np.sum(cols * Y)
    rhs = np.sum(x * C.col2im(Y, x.shape, k_h, k_w, stride, padding))
    assert lhs == pytest.approx(rhs, rel=1e-12, abs=1e-12)


# ---- backward: torch autograd and central differences ---------------------------------------

@settings(max_examples=80, deadline=None)
@given(conv_cases())
def test_backward_matches_torch_autograd(case):
    x, W, b, stride, padding = case
    b = np.zeros(W.shape[0]) if b is None else b
    xt, Wt, bt = (T(a).requires_grad_() for a in (x, W, b))
    out = F.conv2d(xt, Wt, bt, stride=stride, padding=padding)
    dout = np.random.default_rng(2).normal(size=out.shape)
    out.backward(T(dout))
    dx, dW, db = C.conv2d_backward(dout, x, W, stride, padding)
    for mine, theirs in ((dx, xt.grad), (dW, Wt.grad), (db, bt.grad)):
        assert mine.shape == theirs.shape
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=0, atol=TOL)


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), ((1, 2), (2, 0))])
def test_backward_by_central_differences(stride, padding):
    """J = sum(conv2d(x, W, b) * G): its gradients are conv2d_backward(G, x, W) exactly."""
    rng = np.random.default_rng(3)
    x, W, b = rng.normal(size=(2, 2, 5, 6)), rng.normal(size=(3, 2, 3, 2)), rng.normal(size=3)
    G = rng.normal(size=C.conv2d(x, W, b, stride, padding).shape)
    dx, dW, db = C.conv2d_backward(G, x, W, stride, padding)
    for arg, grad, J in ((x, dx, lambda v: np.sum(C.conv2d(v, W, b, stride, padding) * G)),
                         (W, dW, lambda v: np.sum(C.conv2d(x, v, b, stride, padding) * G)),
                         (b, db, lambda v: np.sum(C.conv2d(x, W, v, stride, padding) * G))):
        ok, max_rel = gradcheck(J, arg, grad, rtol=1e-6, atol=1e-7)
        assert ok, max_rel


def test_padding_ring_gets_no_gradient_and_weight_gradient_sums_positions():
    """Weight sharing: dW of a 1x1 filter is the sum over every position of x times dout."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 3, 4, 4))
    W = rng.normal(size=(1, 3, 1, 1))
    dout = np.ones((2, 1, 6, 6))  # padding 1 makes 6 x 6 outputs
    dx, dW, db = C.conv2d_backward(dout, x, W, padding=1)
    assert dx.shape == x.shape and db[0] == 72.0
    np.testing.assert_allclose(dW[0, :, 0, 0], x.sum(axis=(0, 2, 3)), rtol=1e-13)
    np.testing.assert_allclose(dx, np.broadcast_to(W[0][None], x.shape), rtol=1e-15)


# ---- hand-made edge filters ------------------------------------------------------------------

def test_sobel_finds_edges_with_their_sign():
    step = np.zeros((1, 1, 6, 6))
    step[..., 3:] = 1.0  # dark on the left, bright on the right: one vertical edge
    G = C.sobel(step)
    assert G.shape == (1, 2, 6, 6)
    inner = G[0, :, 1:-1, 1:-1]  # away from the zero padding, which makes edges of its own
    np.testing.assert_array_equal(inner[0], np.tile([0.0, 4.0, 4.0, 0.0], (4, 1)))  # 1 + 2 + 1 = 4
    np.testing.assert_array_equal(inner[1], 0.0)  # no horizontal edge
    np.testing.assert_array_equal(C.sobel(step.transpose(0, 1, 3, 2))[0, 1, 1:-1, 1:-1], inner[0].T)
    # a bright square: rising edge on the left (+), falling on the right (-)
    Gx = C.sobel(edge_image(16, 8))[0, 0]
    assert Gx[8, 3] == 4.0 and Gx[8, 12] == -4.0 and Gx[8, 8] == 0.0


def test_hand_made_filters_ignore_flat_regions():
    flat = np.full((1, 1, 5, 5), 0.7)
    for K in (C.SOBEL_X, C.SOBEL_Y, C.LAPLACIAN):
        assert K.sum() == 0.0
        np.testing.assert_allclose(C.conv2d(flat, K[None, None])[0, 0], 0.0, atol=1e-15)
    np.testing.assert_allclose(C.conv2d(flat, C.BOX_BLUR[None, None]), 0.7, rtol=1e-15)
    ramp = np.tile(np.arange(5.0), (5, 1))[None, None]  # a linear ramp: Laplacian 0, Sobel_x 8
    np.testing.assert_array_equal(C.conv2d(ramp, C.LAPLACIAN[None, None]), 0.0)
    np.testing.assert_array_equal(C.conv2d(ramp, C.SOBEL_X[None, None]), 8.0)

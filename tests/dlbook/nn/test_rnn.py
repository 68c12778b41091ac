"""The RNN of chapter 7 against torch.nn.RNN, in float64, weights copied (b_h = b_ih + b_hh):
the numpy layer and our torch module agree with it to TOL over many shapes, both
nonlinearities and given or zero initial states, and our module's gradients agree with
nn.RNN's. The largest deviation seen is printed at the end (``pytest -s``)."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.nn.rnn import (
    RNN,
    RNNLanguageModel,
    identity_init,
    identity_init_,
    init_rnn,
    params_from_torch,
    rnn_cell,
    rnn_layer,
    rnn_output,
)
from support import deviation_report

TOL = 1e-12
WORST: dict[str, float] = {}


one_thread_and_report = deviation_report(WORST, f"largest deviation from torch.nn.RNN (tests allow {TOL:g})")


def record(name: str, ours, theirs) -> None:
    ours = ours.detach().numpy() if isinstance(ours, torch.Tensor) else ours
    dev = float(np.max(np.abs(ours - theirs.detach().numpy()))) if np.size(ours) else 0.0
    WORST[name] = max(WORST.get(name, 0.0), dev)
    assert dev <= TOL, f"{name}: {dev:.2e}"


def torch_rnn(d, h, nonlinearity, seed):
    torch.manual_seed(seed)
    rnn = torch.nn.RNN(d, h, nonlinearity=nonlinearity, batch_first=True, dtype=torch.float64)
    with torch.no_grad():   # torch's biases start small; make both matter
        rnn.bias_ih_l0.uniform_(-1, 1)
        rnn.bias_hh_l0.uniform_(-1, 1)
    return rnn


CASES = dict(batch=st.integers(1, 5), T=st.integers(1, 12), d=st.integers(1, 6), h=st.integers(1, 8),
             nonlinearity=st.sampled_from(["tanh", "relu"]), with_h0=st.booleans(), seed=st.integers(0, 10**6))


@given(**CASES)
@settings(max_examples=60, deadline=None)
def test_numpy_layer_matches_nn_rnn(batch, T, d, h, nonlinearity, with_h0, seed):
    rnn = torch_rnn(d, h, nonlinearity, seed)
    X = torch.randn(batch, T, d, dtype=torch.float64)
    h_0 = torch.randn(1, batch, h, dtype=torch.float64) if with_h0 else None
    H_torch, h_n = rnn(X, h_0)
    p = {k: v.numpy() for k, v in params_from_torch(rnn).items()}
    H = rnn_layer(X.numpy(), None if h_0 is None else h_0[0].numpy(), p["W_xh"], p["W_hh"], p["b_h"],
                  nonlinearity)
    assert H.shape == (batch, T, h)
    record(f"numpy rnn_layer ({nonlinearity})", H, H_torch)
    record(f"numpy rnn_layer ({nonlinearity})", H[:, -1], h_n[0])


@given(**CASES)
@settings(max_examples=40, deadline=None)
def test_torch_module_and_its_gradients_match_nn_rnn(batch, T, d, h, nonlinearity, with_h0, seed):
    rnn = torch_rnn(d, h, nonlinearity, seed)
    ours = RNN.from_torch(rnn)
    X = torch.randn(batch, T, d, dtype=torch.float64, requires_grad=True)
    h_0 = torch.randn(batch, h, dtype=torch.float64) if with_h0 else None
    H_torch, h_n = rnn(X, None if h_0 is None else h_0[None])
    H, h_T = ours(X, h_0)
    record(f"torch RNN ({nonlinearity})", H, H_torch)
    record(f"torch RNN ({nonlinearity})", h_T, h_n[0])
    w = torch.randn_like(H)   # a loss J = sum(w * H) with every step in it
    g_X, g_ih, g_hh, g_bih, g_bhh = torch.autograd.grad(
        (w * H_torch).sum(), [X, rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0])
    (w * H).sum().backward()
    record("torch RNN gradients", ours.W_xh.grad, g_ih)
    record("torch RNN gradients", ours.W_hh.grad, g_hh)
    record("torch RNN gradients", ours.b_h.grad, g_bih)   # dJ/db_ih = dJ/db_hh = dJ/db_h
    record("torch RNN gradients", ours.b_h.grad, g_bhh)
    record("torch RNN gradients", X.grad, g_X)


def test_time_major_torch_agrees_with_our_batch_first_layout():
    """Our (batch, T, d) is torch's batch_first=True; its default (T, batch, d) is the transpose."""
    rnn = torch_rnn(3, 4, "tanh", 0)
    time_major = torch.nn.RNN(3, 4, dtype=torch.float64)
    time_major.load_state_dict(rnn.state_dict())
    X = torch.randn(2, 5, 3, dtype=torch.float64)
    p = {k: v.numpy() for k, v in params_from_torch(rnn).items()}
    record("numpy rnn_layer (tanh)", rnn_layer(X.numpy(), None, **p), time_major(X.transpose(0, 1))[0].transpose(0, 1))


def test_one_unit_by_hand():
    """h_1 = tanh(0.5 * 0 + 2 * 1 + 0.1), h_2 = tanh(0.5 h_1 - 2 + 0.1): the equation, by hand."""
    W_xh, W_hh, b_h = np.array([[2.0]]), np.array([[0.5]]), np.array([0.1])
    h_1 = math.tanh(2.1)
    h_2 = math.tanh(0.5 * h_1 - 1.9)
    H = rnn_layer(np.array([[[1.0], [-1.0]]]), None, W_xh, W_hh, b_h)
    np.testing.assert_allclose(H[0, :, 0], [h_1, h_2], rtol=1e-15)
    np.testing.assert_allclose(rnn_cell([[-1.0]], [[h_1]], W_xh, W_hh, b_h), [[h_2]], rtol=1e-15)
    np.testing.assert_allclose(rnn_output(H, np.array([[3.0]]), np.array([1.0]))[0, :, 0],
                               [3 * h_1 + 1, 3 * h_2 + 1], rtol=1e-15)


def test_output_layer_matches_nn_linear():
    rng = np.random.default_rng(0)
    p = init_rnn(3, 5, 4, rng)
    assert {k: v.shape for k, v in p.items()} == {"W_xh": (5, 3), "W_hh": (5, 5), "b_h": (5,),
                                                  "W_hy": (4, 5), "b_y": (4,)}
    assert max(np.abs(v).max() for v in p.values()) <= 1 / math.sqrt(5)   # torch's init range
    H = rng.normal(size=(2, 6, 5))
    linear = torch.nn.Linear(5, 4, dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(p["W_hy"]))
        linear.bias.copy_(torch.from_numpy(p["b_y"]))
    record("numpy rnn_output", rnn_output(H, p["W_hy"], p["b_y"]), linear(torch.from_numpy(H)))


def test_identity_init_with_relu_carries_the_state_unchanged():
    """IRNN: W_hh = I, b_h = 0, ReLU, no input: h_t = h_0 exactly for any number of steps."""
    W_hh = identity_init(4)
    np.testing.assert_array_equal(W_hh, np.eye(4))
    h_0 = np.array([[0.5, 1.0, 2.0, 3.0]])
    H = rnn_layer(np.zeros((1, 200, 2)), h_0, np.ones((4, 2)), W_hh, np.zeros(4), "relu")
    np.testing.assert_array_equal(H[0], np.repeat(h_0, 200, axis=0))
    for module in (torch.nn.RNN(2, 4, nonlinearity="relu", dtype=torch.float64),
                   RNN(2, 4, nonlinearity="relu", dtype=torch.float64)):
        identity_init_(module, scale=0.9)
        p = params_from_torch(module) if isinstance(module, torch.nn.RNN) else dict(module.named_parameters())
        assert torch.equal(p["W_hh"], 0.9 * torch.eye(4, dtype=torch.float64))
        assert torch.equal(p["b_h"], torch.zeros(4, dtype=torch.float64))


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("embed_size", [None, 5])
def test_language_model_carries_its_state(cell, embed_size):
    """Two halves with the state carried give the logits of the whole (to 1e-12)."""
    torch.manual_seed(0)
    model = RNNLanguageModel(11, 8, embed_size, cell).double()
    ids = torch.randint(0, 11, (3, 10))
    logits, _ = model(ids)
    assert logits.shape == (3, 10, 11)
    first, state = model(ids[:, :4])
    second, _ = model(ids[:, 4:], state)
    torch.testing.assert_close(torch.cat([first, second], dim=1), logits, rtol=0, atol=1e-12)

"""LSTM and GRU from their gate equations against torch.nn.LSTM / torch.nn.GRU, float64,
weights copied through the stated mapping (LSTM rows i, f, g, o; GRU rows r, z, n): hidden
states, final states and every gradient agree to TOL over many shapes and sequence lengths.
The largest deviation is printed at the end (``pytest -s``). Gate semantics are checked by
hand: a saturated forget gate keeps the cell state exactly, a saturated update gate copies h."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.nn.gated import GRU, LSTM, gru_cell, gru_params_from_torch, lstm_cell, lstm_params_from_torch
from support import deviation_report

TOL = 1e-12
WORST: dict[str, float] = {}


one_thread_and_report = deviation_report(WORST, f"largest deviation from torch.nn.LSTM / torch.nn.GRU (tests allow {TOL:g})")


def close(name, ours, theirs):
    dev = (ours.detach() - theirs.detach()).abs().max().item() if ours.numel() else 0.0
    WORST[name] = max(WORST.get(name, 0.0), dev)
    assert dev <= TOL, f"{name}: {dev:.2e}"


def torch_module(kind, d, h, seed):
    torch.manual_seed(seed)
    m = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](d, h, batch_first=True, dtype=torch.float64)
    with torch.no_grad():   # larger weights than torch's init: every gate away from 1/2
        for w in m.parameters():
            w.uniform_(-1.5, 1.5)
    return m


CASES = dict(batch=st.integers(1, 4), T=st.integers(1, 10), d=st.integers(1, 5), h=st.integers(1, 6),
             with_state=st.booleans(), seed=st.integers(0, 10**6))


def blocks(w, n):
    """torch's stacked rows, cut into its n gates."""
    return w.chunk(n)


@given(**CASES)
@settings(max_examples=40, deadline=None)
def test_lstm_matches_torch(batch, T, d, h, with_state, seed):
    theirs = torch_module("lstm", d, h, seed)
    ours = LSTM.from_torch(theirs)
    X = torch.randn(batch, T, d, dtype=torch.float64, requires_grad=True)
    state = tuple(torch.randn(batch, h, dtype=torch.float64) for _ in range(2)) if with_state else None
    H_t, (h_n, c_n) = theirs(X, None if state is None else tuple(s[None] for s in state))
    H, (h_T, c_T) = ours(X, state)
    close("LSTM h_t", H, H_t)
    close("LSTM h_T, c_T", h_T, h_n[0])
    close("LSTM h_T, c_T", c_T, c_n[0])
    w = torch.randn_like(H)
    loss_t = (w * H_t).sum() + c_n.sum()   # through the outputs and the final cell state
    g = dict(zip(["X", *dict(theirs.named_parameters())],
                 torch.autograd.grad(loss_t, [X, *theirs.parameters()])))
    ((w * H).sum() + c_T.sum()).backward()
    close("LSTM gradients", X.grad, g["X"])
    for k, gate in enumerate("ifco"):   # torch's rows: i, f, g (our c), o
        close("LSTM gradients", getattr(ours, f"W_x{gate}").grad, blocks(g["weight_ih_l0"], 4)[k])
        close("LSTM gradients", getattr(ours, f"W_h{gate}").grad, blocks(g["weight_hh_l0"], 4)[k])
        close("LSTM gradients", getattr(ours, f"b_{gate}").grad, blocks(g["bias_ih_l0"], 4)[k])  # = bias_hh's


@given(**CASES)
@settings(max_examples=40, deadline=None)
def test_gru_matches_torch(batch, T, d, h, with_state, seed):
    theirs = torch_module("gru", d, h, seed)
    ours = GRU.from_torch(theirs)
    X = torch.randn(batch, T, d, dtype=torch.float64, requires_grad=True)
    h_0 = torch.randn(batch, h, dtype=torch.float64) if with_state else None
    H_t, h_n = theirs(X, None if h_0 is None else h_0[None])
    H, h_T = ours(X, h_0)
    close("GRU h_t", H, H_t)
    close("GRU h_T", h_T, h_n[0])
    w = torch.randn_like(H)
    g = dict(zip(["X", *dict(theirs.named_parameters())],
                 torch.autograd.grad((w * H_t).sum(), [X, *theirs.parameters()])))
    (w * H).sum().backward()
    close("GRU gradients", X.grad, g["X"])
    for k, gate in enumerate("rzn"):
        close("GRU gradients", getattr(ours, f"W_x{gate}").grad, blocks(g["weight_ih_l0"], 3)[k])
        close("GRU gradients", getattr(ours, f"W_h{gate}").grad, blocks(g["weight_hh_l0"], 3)[k])
    b_x, b_h = blocks(g["bias_ih_l0"], 3), blocks(g["bias_hh_l0"], 3)
    close("GRU gradients", ours.b_r.grad, b_x[0])
    close("GRU gradients", ours.b_z.grad, b_x[1])
    close("GRU gradients", ours.b_xn.grad, b_x[2])
    close("GRU gradients", ours.b_hn.grad, b_h[2])   # differs from b_in's: r_t multiplies it


def test_the_gate_order_matters():
    """Swapping torch's i and f blocks (a plausible mapping mistake) is caught by the comparison."""
    theirs = torch_module("lstm", 3, 4, 0)
    p = lstm_params_from_torch(theirs)
    for part in ("W_x", "W_h", "b_"):
        p[f"{part}i"], p[f"{part}f"] = p[f"{part}f"], p[f"{part}i"]
    wrong = LSTM(3, 4, dtype=torch.float64).load(p)
    X = torch.randn(2, 5, 3, dtype=torch.float64)
    assert (wrong(X)[0] - theirs(X)[0]).abs().max() > 1e-2


def test_lstm_forget_gate_keeps_the_cell_state():
    """f_t = 1, i_t = 0 (biases +-50: sigma is 1 to 2e-22): c_t = c_{t-1} for every input, and the
    gradient of c_T with respect to c_0 is the identity: nothing vanishes along the cell state."""
    lstm = LSTM(2, 3, dtype=torch.float64)
    with torch.no_grad():
        for name in ("W_xf", "W_hf", "W_xi", "W_hi"):
            getattr(lstm, name).zero_()
        lstm.b_f.fill_(50.0)
        lstm.b_i.fill_(-50.0)
    c_0 = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    X = 10 * torch.randn(4, 100, 2, dtype=torch.float64)
    _, (h_T, c_T) = lstm(X, (torch.randn(4, 3, dtype=torch.float64), c_0))
    torch.testing.assert_close(c_T, c_0, rtol=0, atol=1e-15)
    dc, = torch.autograd.grad(c_T.sum(), c_0)
    torch.testing.assert_close(dc, torch.ones_like(dc), rtol=0, atol=1e-15)
    p = dict(lstm.named_parameters())
    h_1, _ = lstm_cell(X[:, 0], (torch.zeros(4, 3, dtype=torch.float64), c_0), p)
    o = torch.sigmoid(X[:, 0] @ p["W_xo"].T + p["b_o"])   # h_1 = o_1 tanh(c_1), c_1 = c_0
    torch.testing.assert_close(h_1, o * torch.tanh(c_0), rtol=1e-14, atol=1e-15)


def test_gru_update_gate_copies_the_state():
    """z_t = 1: h_t = h_{t-1} for any input; z_t = 0: h_t = n_t, forgetting h_{t-1} except via r."""
    gru = GRU(2, 3, dtype=torch.float64)
    p = {k: v.detach().clone() for k, v in gru.named_parameters()}
    p["W_xz"].zero_()
    p["W_hz"].zero_()
    h = torch.randn(5, 3, dtype=torch.float64)
    x = torch.randn(5, 2, dtype=torch.float64)
    p["b_z"].fill_(50.0)
    torch.testing.assert_close(gru_cell(x, h, p), h, rtol=0, atol=1e-15)
    p["b_z"].fill_(-50.0)
    r = torch.sigmoid(x @ p["W_xr"].T + h @ p["W_hr"].T + p["b_r"])
    n = torch.tanh(x @ p["W_xn"].T + p["b_xn"] + r * (h @ p["W_hn"].T + p["b_hn"]))
    torch.testing.assert_close(gru_cell(x, h, p), n, rtol=0, atol=1e-15)


def test_mapping_refuses_what_one_cell_cannot_be():
    for m in (torch.nn.LSTM(2, 3, num_layers=2), torch.nn.GRU(2, 3, bidirectional=True),
              torch.nn.LSTM(2, 3, proj_size=2)):
        with pytest.raises(ValueError):
            (lstm_params_from_torch if isinstance(m, torch.nn.LSTM) else gru_params_from_torch)(m)
    gru = torch_module("gru", 2, 3, 0)
    p = gru_params_from_torch(gru)
    assert set(p) == {"W_xr", "W_hr", "W_xz", "W_hz", "W_xn", "W_hn", "b_r", "b_z", "b_xn", "b_hn"}
    np.testing.assert_array_equal(p["b_r"].numpy(), (gru.bias_ih_l0[:3] + gru.bias_hh_l0[:3]).detach().numpy())

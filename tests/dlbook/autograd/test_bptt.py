"""BPTT by hand against two independent truths, in float64: torch autograd through the same
RNN (to TOL = 1e-12) and central differences (dlbook.autograd.gradcheck: |analytic - numeric| <=
1e-9 + 1e-6 |numeric|). Truncated BPTT against torch with ``h.detach()`` between chunks. Jacobian norms
||dh_T/dh_t|| against torch.autograd.functional.jacobian (1e-12) and against the exact
rho^(T - t) of a linear RNN with a symmetric W_hh (relative 1e-10)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.autograd.bptt import hidden_jacobian_norms, rnn_backward, rnn_loss_and_grads, truncated_bptt
from dlbook.autograd.gradcheck import gradcheck
from dlbook.nn.rnn import init_rnn, rnn_layer
from support import deviation_report

TOL = 1e-12
WORST: dict[str, float] = {}
G = {"tanh": torch.tanh, "relu": torch.relu, "identity": lambda a: a}


one_thread_and_report = deviation_report(WORST, f"largest |BPTT by hand - torch autograd| (tests allow {TOL:g})")


def close(name, ours, theirs, tol=TOL):
    dev = float(np.max(np.abs(ours - theirs))) if np.size(ours) else 0.0
    WORST[name] = max(WORST.get(name, 0.0), dev)
    assert dev <= tol, f"{name}: {dev:.2e}"


def problem(batch, T, d, h, q, seed):
    rng = np.random.default_rng(seed)
    params = init_rnn(d, h, q, rng)
    params["W_hh"] *= 3   # larger recurrent weights: gradients that travel far back are not ~0
    return params, rng.normal(size=(batch, T, d)), rng.integers(0, q, size=(batch, T)), rng.normal(size=(batch, h))


def torch_reference(params, X, targets, h_0, nonlinearity):
    """The same RNN and loss, written independently in torch: its autograd is the truth."""
    P = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    X_t, h_start = torch.tensor(X, requires_grad=True), torch.tensor(h_0, requires_grad=True)
    h, logits = h_start, []
    for t in range(X.shape[1]):   # column-vector form: a_t = W_hh h_{t-1} + W_xh x_t + b_h
        a = (P["W_hh"] @ h.unsqueeze(-1) + P["W_xh"] @ X_t[:, t].unsqueeze(-1)).squeeze(-1) + P["b_h"]
        h = G[nonlinearity](a)
        logits.append(h @ P["W_hy"].T + P["b_y"])
    Y = torch.stack(logits, dim=1)
    J = F.cross_entropy(Y.reshape(-1, Y.shape[-1]), torch.tensor(targets).reshape(-1))
    J.backward()
    grads = {k: v.grad.numpy() for k, v in P.items()}
    grads.update(X=X_t.grad.numpy(), h_0=h_start.grad.numpy())
    return J.item(), grads


@given(batch=st.integers(1, 4), T=st.integers(1, 10), d=st.integers(1, 5), h=st.integers(1, 6),
       q=st.integers(2, 5), nonlinearity=st.sampled_from(["tanh", "relu", "identity"]),
       seed=st.integers(0, 10**6))
@settings(max_examples=60, deadline=None)
def test_bptt_matches_torch_autograd(batch, T, d, h, q, nonlinearity, seed):
    params, X, targets, h_0 = problem(batch, T, d, h, q, seed)
    if nonlinearity == "identity":
        params["W_hh"] /= 3 * np.abs(params["W_hh"]).sum(axis=1, keepdims=True) + 1e-9  # keep it bounded
    J, grads, H = rnn_loss_and_grads(params, X, targets, h_0, nonlinearity)
    J_torch, grads_torch = torch_reference(params, X, targets, h_0, nonlinearity)
    assert J == pytest.approx(J_torch, rel=1e-13)
    assert set(grads) == set(grads_torch) == {"W_xh", "W_hh", "b_h", "W_hy", "b_y", "X", "h_0"}
    for name in grads:
        assert grads[name].shape == grads_torch[name].shape
        close(f"{name} ({nonlinearity})", grads[name], grads_torch[name])


@pytest.mark.parametrize("nonlinearity", ["tanh", "identity"])
def test_bptt_passes_gradcheck(nonlinearity):
    """Each parameter, the inputs and h_0 by central differences (relu's kink is avoided)."""
    params, X, targets, h_0 = problem(2, 6, 3, 4, 3, seed=7)
    _, grads, _ = rnn_loss_and_grads(params, X, targets, h_0, nonlinearity)
    for name in ("W_xh", "W_hh", "b_h", "W_hy", "b_y", "X", "h_0"):
        def J(value, name=name):
            p = {**params, name: value} if name in params else params
            return rnn_loss_and_grads(p, value if name == "X" else X, targets,
                                      value if name == "h_0" else h_0, nonlinearity)[0]
        at = params[name] if name in params else (X if name == "X" else h_0)
        ok, worst = gradcheck(J, at, grads[name], rtol=1e-6, atol=1e-9)
        assert ok, f"{name}: largest relative error {worst:.1e}"


def test_rnn_backward_with_a_gradient_at_the_last_state_only():
    """dJ/dh_T = e (J = e . h_T): the gradient reaching h_0 is e times the product of Jacobians."""
    rng = np.random.default_rng(3)
    W_xh, W_hh, b_h = rng.normal(size=(3, 2)), rng.normal(size=(3, 3)) / 2, rng.normal(size=3)
    X, h_0 = rng.normal(size=(1, 5, 2)), rng.normal(size=(1, 3))
    H = rnn_layer(X, h_0, W_xh, W_hh, b_h)
    dH = np.zeros_like(H)
    dH[0, -1] = e = rng.normal(size=3)
    product = np.eye(3)
    for t in range(5):   # dh_T/dh_0 = prod over t of diag(1 - h_t^2) W_hh, latest on the left
        product = (1 - H[0, t] ** 2)[:, None] * W_hh @ product
    np.testing.assert_allclose(rnn_backward(X, h_0, H, W_xh, W_hh, dH)["h_0"][0], e @ product, rtol=1e-12)


def test_truncated_bptt_carries_the_state_and_cuts_the_gradient():
    params, X, targets, h_0 = problem(3, 12, 2, 4, 3, seed=11)
    full_J, full_grads, H = rnn_loss_and_grads(params, X, targets, h_0)
    chunks, h_T = truncated_bptt(params, X, targets, 5, h_0)       # chunks of 5, 5, 2 steps
    assert len(chunks) == 3
    np.testing.assert_allclose(h_T, H[:, -1], rtol=1e-14)        # the state is carried exactly
    # torch: the same loop with the graph cut by detach()
    P = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    h = torch.tensor(h_0)
    for (J, grads), start in zip(chunks, range(0, 12, 5)):
        h = h.detach()   # the cut
        logits = []
        for t in range(start, min(start + 5, 12)):
            h = torch.tanh(h @ P["W_hh"].T + torch.tensor(X[:, t]) @ P["W_xh"].T + P["b_h"])
            logits.append(h @ P["W_hy"].T + P["b_y"])
        Y = torch.stack(logits, dim=1)
        J_torch = F.cross_entropy(Y.reshape(-1, 3), torch.tensor(targets[:, start:start + 5]).reshape(-1))
        torch_grads = torch.autograd.grad(J_torch, list(P.values()))
        assert J == pytest.approx(J_torch.item(), rel=1e-13)
        for name, g in zip(P, torch_grads):
            close(f"truncated {name}", grads[name], g.numpy())
        assert "h_0" not in grads and grads["X"].shape == (3, Y.shape[1], 2)   # nothing before the chunk
    # The cut changes the gradient; with k >= T nothing is cut and it is full BPTT.
    weights = np.array([5, 5, 2]) / 12   # chunk means -> the mean over all 12 steps
    summed = sum(w * g["W_hh"] for w, (_, g) in zip(weights, chunks))
    assert np.abs(summed - full_grads["W_hh"]).max() > 1e-3
    (J_one, grads_one), = truncated_bptt(params, X, targets, 12, h_0)[0]
    assert J_one == pytest.approx(full_J, rel=1e-15)
    np.testing.assert_allclose(grads_one["W_hh"], full_grads["W_hh"], rtol=1e-14)


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu", "identity"])
def test_jacobian_norms_match_torch(nonlinearity):
    rng = np.random.default_rng(5)
    W_hh, U, h_0 = rng.normal(size=(4, 4)) / 1.5, rng.normal(size=(8, 4)), rng.normal(size=4)
    norms = hidden_jacobian_norms(W_hh, 8, nonlinearity, U, h_0)
    W, Ut = torch.tensor(W_hh), torch.tensor(U)

    def h_T_from(t):   # h_T as a function of h_t, the steps after t replayed
        def f(h):
            for s in range(t, 8):
                h = G[nonlinearity](W @ h + Ut[s])
            return h
        return f
    h = torch.tensor(h_0)
    for t in range(9):
        J = torch.autograd.functional.jacobian(h_T_from(t), h)
        close(f"||dh_T/dh_t|| ({nonlinearity})", norms[t], torch.linalg.matrix_norm(J, 2).item())
        if t < 8:
            h = G[nonlinearity](W @ h + Ut[t])


@pytest.mark.parametrize("rho", [0.5, 0.9, 1.1, 1.5])
@pytest.mark.parametrize("nonlinearity", ["identity", "tanh"])
def test_jacobian_norms_are_powers_of_the_spectral_radius(rho, nonlinearity):
    """Symmetric W_hh, spectral radius rho; a linear RNN, or tanh at h = 0 with no input
    (g' = 1 there): ||dh_T/dh_t|| = rho^(T - t) exactly, vanishing below 1, exploding above."""
    rng = np.random.default_rng(0)
    A = rng.normal(size=(6, 6))
    W_hh = (A + A.T) / 2
    W_hh *= rho / np.abs(np.linalg.eigvalsh(W_hh)).max()
    norms = hidden_jacobian_norms(W_hh, 30, nonlinearity)
    np.testing.assert_allclose(norms, rho ** np.arange(30, -1, -1.0), rtol=1e-10)
    further_back = norms[:-1] / norms[1:]   # each step back multiplies the norm by rho
    assert np.all(further_back < 1) if rho < 1 else np.all(further_back > 1)


@pytest.mark.parametrize("rho", [0.8, 1.25])
def test_jacobian_norms_of_a_random_matrix_grow_like_rho(rho):
    """Not symmetric: the norm is not exactly rho^k, but its growth rate per step tends to rho."""
    rng = np.random.default_rng(1)
    W_hh = rng.normal(size=(8, 8))
    W_hh *= rho / np.abs(np.linalg.eigvals(W_hh)).max()
    norms = hidden_jacobian_norms(W_hh, 120, "identity")
    rate = (norms[0] / norms[60]) ** (1 / 60)   # over steps 60 .. 120 back
    assert rate == pytest.approx(rho, rel=0.02)
    assert (norms[0] < 1e-6) if rho < 1 else (norms[0] > 1e6)


def test_saturated_tanh_vanishes_even_with_a_large_spectral_radius():
    """With large inputs tanh saturates, g' ~ 0, and the product vanishes whatever W_hh."""
    W_hh = 1.5 * np.eye(4)
    U = np.full((20, 4), 5.0)
    norms = hidden_jacobian_norms(W_hh, 20, "tanh", U)
    assert norms[0] < 1e-20 and np.all(np.diff(norms) > 0)

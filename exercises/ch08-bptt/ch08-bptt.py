# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch08-bptt
# export_cell: false
# requirements:   # for Gradescope's image: the tests (and Question 5) use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 8 exercises: backpropagation through time
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch08-bptt.ipynb` checks them all (its exit status is 0 only when every
# public test passes).
#
# **What you may use.** numpy and plain Python, and PyTorch in Question 5, whose code is
# written in it. Do **not** import `dlbook`, the book's own package: the exercises are
# solved without it, and importing it fails when your notebook is checked or graded.
# The tests use PyTorch (autograd, `torch.nn.RNN`, `torch.nn.utils.clip_grad_norm_`) to
# compute the expected answers, so it must be installed.
#
# **What is graded.** The checks in this notebook are the public tests. Your submission
# is also graded on hidden tests with inputs you never see (other sizes, lengths,
# weights and edge cases), so write code that is right for every input the question
# allows, not just for the examples. No function may modify the arrays or dicts it is
# given (the tests check).
#
# **Reasoning questions.** Question 1 (derive) is BPTT by hand for a variation of the
# chapter's network. Questions 2 to 6 except 4 ask you to reason: Question 2 (derive)
# the Jacobian between two hidden states as a product, Question 3 (predict) whether a
# given $W_{hh}$ makes gradients vanish or explode and how fast, Question 5 (debug) a
# corrected truncated-BPTT training loop with clipping, Question 6 (derive) what
# truncated BPTT leaves out of a gradient. Question 4 (clipping a dict of gradients by
# their global norm) is a coding question.
#
# **Conventions**, as in the chapter: $h_t = g(W_{hh} h_{t-1} + W_{xh} x_t + b_h)$ with
# weights in the chapter's (and torch's) layout, `W_xh` $(h, d)$, `W_hh` $(h, h)$,
# `W_hy` $(q, h)$. Batches are **batch first**: `X` of shape `(batch, T, d)`, and
# `X[:, t]` is step $t + 1$ of every sequence (Python counts from 0, the equations from
# 1). Gradients have the shape of what they differentiate.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (derive: BPTT by hand for a ReLU network read at its last step).** A
# sequence classifier (many-to-one) reads a batch of sequences with a ReLU recurrence
# from given initial states and looks only at the **last** state:
#
# $$h_t = \operatorname{ReLU}(W_{hh} h_{t-1} + W_{xh} x_t + b_h), \quad t = 1, \dots, T,
# \qquad \hat y = W_{hy} h_T + b_y, \qquad J = \frac{1}{2B} \sum_{b=1}^{B} \|\hat y_b - y_b\|^2 .$$
#
# Derive the backward pass through time (there is no loss at the steps before $T$, so
# the gradient reaches $h_{T-1}, h_{T-2}, \dots$ only through the recurrence; take
# $\operatorname{ReLU}'(0) = 0$), then write
# `relu_rnn_grads(X, h_0, W_xh, W_hh, b_h, W_hy, b_y, Y)` with `X` of shape
# `(B, T, d)`, `h_0` of shape `(B, h)` and the targets `Y` of shape `(B, q)`. Return
# the pair `(J, grads)`: $J$ as one number and a dict of the gradients of $J$ with
# respect to `"W_xh"`, `"W_hh"`, `"b_h"`, `"W_hy"`, `"b_y"` and `"h_0"`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def relu_rnn_grads(X, h_0, W_xh, W_hh, b_h, W_hy, b_y, Y):
    X, h_0, Y = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float), np.asarray(Y, dtype=float)
    # BEGIN SOLUTION
    B, T, _ = X.shape
    states = [h_0]
    for t in range(T):
        states.append(np.maximum(states[-1] @ W_hh.T + X[:, t] @ W_xh.T + b_h, 0.0))
    err = states[-1] @ W_hy.T + b_y - Y                     # (B, q)
    J = float(np.sum(err ** 2) / (2 * B))
    dy = err / B
    grads = {"W_hy": dy.T @ states[-1], "b_y": dy.sum(axis=0),
             "W_xh": np.zeros_like(W_xh, dtype=float), "W_hh": np.zeros_like(W_hh, dtype=float),
             "b_h": np.zeros_like(b_h, dtype=float)}
    dh = dy @ W_hy                                          # dJ/dh_T; earlier states only through h_{t+1}
    for t in reversed(range(T)):
        delta = dh * (states[t + 1] > 0)                    # dJ/da_t: ReLU' is 1 where h_t > 0
        grads["W_hh"] += delta.T @ states[t]                # h_{t-1}, the state the step read
        grads["W_xh"] += delta.T @ X[:, t]
        grads["b_h"] += delta.sum(axis=0)
        dh = delta @ W_hh                                   # W_hh^T delta for every row
    grads["h_0"] = dh
    return J, grads
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For a batch of 3 sequences of T = 4 steps (d = 2, h = 4, q = 2) J or the gradients of
  the output layer W_hy and b_y do not match torch autograd. J averages over the B
  sequences and has the factor 1/2; dJ/dy_hat = (y_hat - y) / B; dJ/dW_hy = dy^T h_T
  uses the last state only.
""" # END TEST CONFIG
def test_bptt_output_layer(relu_rnn_grads):
    import numpy as np
    import torch
    rng = np.random.default_rng(80)
    B, T, d, h, q = 3, 4, 2, 4, 2
    X, h_0, Y = rng.normal(size=(B, T, d)), np.abs(rng.normal(size=(B, h))), rng.normal(size=(B, q))
    W = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.7, size=(h, h)), "b_h": rng.normal(0.0, 0.3, size=h),
         "W_hy": rng.normal(size=(q, h)), "b_y": rng.normal(size=q), "h_0": h_0}
    t = {k: torch.tensor(v, requires_grad=True) for k, v in W.items()}
    state = t["h_0"]
    for s in range(T):
        state = torch.relu(state @ t["W_hh"].T + torch.tensor(X[:, s]) @ t["W_xh"].T + t["b_h"])
    J_t = ((state @ t["W_hy"].T + t["b_y"] - torch.tensor(Y)) ** 2).sum() / (2 * B)
    J_t.backward()
    J, grads = relu_rnn_grads(X, h_0, W["W_xh"], W["W_hh"], W["b_h"], W["W_hy"], W["b_y"], Y)
    assert np.ndim(J) == 0 and abs(float(J) - J_t.item()) < 1e-10 * J_t.item(), f"J = {J}, expected {J_t.item()}"
    for key in ("W_hy", "b_y"):
        g = np.asarray(grads[key], dtype=float)
        assert g.shape == W[key].shape, f"d{key} has shape {g.shape}, expected {W[key].shape}"
        assert np.allclose(g, t[key].grad.numpy(), rtol=1e-9, atol=1e-12), f"d{key} = {np.round(g, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For the same batch, the gradients of the shared weights W_hh, W_xh and b_h do not
  match torch autograd. They collect one term per step, delta_t h_(t-1)^T, delta_t
  x_t^T and delta_t, summed over t = 1..T (not only the last step), with
  delta_t = dJ/dh_t * ReLU'(a_t), ReLU' taken at step t itself (1 where h_t > 0), and
  h_(t-1), the state the step read, not h_t. Going one step back multiplies by W_hh^T
  (in rows: delta @ W_hh), not by W_hh.
""" # END TEST CONFIG
def test_bptt_recurrent(relu_rnn_grads):
    import numpy as np
    import torch
    rng = np.random.default_rng(80)
    B, T, d, h, q = 3, 4, 2, 4, 2
    X, h_0, Y = rng.normal(size=(B, T, d)), np.abs(rng.normal(size=(B, h))), rng.normal(size=(B, q))
    W = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.7, size=(h, h)), "b_h": rng.normal(0.0, 0.3, size=h),
         "W_hy": rng.normal(size=(q, h)), "b_y": rng.normal(size=q), "h_0": h_0}
    t = {k: torch.tensor(v, requires_grad=True) for k, v in W.items()}
    state = t["h_0"]
    for s in range(T):
        state = torch.relu(state @ t["W_hh"].T + torch.tensor(X[:, s]) @ t["W_xh"].T + t["b_h"])
    (((state @ t["W_hy"].T + t["b_y"] - torch.tensor(Y)) ** 2).sum() / (2 * B)).backward()
    _, grads = relu_rnn_grads(X, h_0, W["W_xh"], W["W_hh"], W["b_h"], W["W_hy"], W["b_y"], Y)
    for key in ("W_hh", "W_xh", "b_h"):
        g = np.asarray(grads[key], dtype=float)
        assert g.shape == W[key].shape, f"d{key} has shape {g.shape}, expected {W[key].shape}"
        assert np.allclose(g, t[key].grad.numpy(), rtol=1e-9, atol=1e-12), f"d{key} = {np.round(g, 4).tolist()}, expected {np.round(t[key].grad.numpy(), 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The gradient of the initial states h_0 (for B = 2, T = 3) does not match torch
  autograd, or an argument was modified. dJ/dh_0 is what is left after the last step
  back: W_hh^T delta_1 for every sequence, one row per sequence (not summed over the
  batch). A second run starts from h_0 = 0 with a unit whose first pre-activation is
  exactly 0: ReLU'(0) = 0 there (the mask is a > 0, not a >= 0).
""" # END TEST CONFIG
def test_bptt_h0(relu_rnn_grads):
    import numpy as np
    import torch
    rng = np.random.default_rng(81)
    B, T, d, h, q = 2, 3, 3, 3, 1
    X, h_0, Y = rng.normal(size=(B, T, d)), np.abs(rng.normal(size=(B, h))), rng.normal(size=(B, q))
    W = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(size=(h, h)), "b_h": np.abs(rng.normal(size=h)),
         "W_hy": rng.normal(size=(q, h)), "b_y": rng.normal(size=q)}
    copies = {k: v.copy() for k, v in W.items()}
    X_0, h_0_0, Y_0 = X.copy(), h_0.copy(), Y.copy()
    h0_t = torch.tensor(h_0, requires_grad=True)
    state = h0_t
    for s in range(T):
        state = torch.relu(state @ torch.tensor(W["W_hh"]).T + torch.tensor(X[:, s]) @ torch.tensor(W["W_xh"]).T
                           + torch.tensor(W["b_h"]))
    (((state @ torch.tensor(W["W_hy"]).T + torch.tensor(W["b_y"]) - torch.tensor(Y)) ** 2).sum() / (2 * B)).backward()
    _, grads = relu_rnn_grads(X, h_0, W["W_xh"], W["W_hh"], W["b_h"], W["W_hy"], W["b_y"], Y)
    for k in W:
        assert np.array_equal(W[k], copies[k]), f"{k} was modified"
    assert np.array_equal(X, X_0) and np.array_equal(h_0, h_0_0) and np.array_equal(Y, Y_0), "X, h_0 or Y was modified"
    g = np.asarray(grads["h_0"], dtype=float)
    assert g.shape == (B, h), f"dh_0 has shape {g.shape}, expected {(B, h)}"
    assert np.allclose(g, h0_t.grad.numpy(), rtol=1e-9, atol=1e-12), f"dh_0 = {np.round(g, 4).tolist()}"
    W["W_xh"][0], W["b_h"][0] = 0.0, 0.0          # unit 0 starts at a_1 = 0 exactly from h_0 = 0
    t = {k: torch.tensor(v, requires_grad=True) for k, v in W.items()}
    t["h_0"] = torch.zeros(B, h, dtype=torch.float64, requires_grad=True)
    state = t["h_0"]
    for s in range(T):
        state = torch.relu(state @ t["W_hh"].T + torch.tensor(X[:, s]) @ t["W_xh"].T + t["b_h"])
    (((state @ t["W_hy"].T + t["b_y"] - torch.tensor(Y)) ** 2).sum() / (2 * B)).backward()
    _, grads = relu_rnn_grads(X, np.zeros((B, h)), W["W_xh"], W["W_hh"], W["b_h"], W["W_hy"], W["b_y"], Y)
    for key in ("W_xh", "b_h", "h_0"):
        assert np.allclose(np.asarray(grads[key], dtype=float), t[key].grad.numpy(), rtol=1e-9, atol=1e-12), f"from h_0 = 0 with a_1 = 0 for unit 0: d{key} is wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  relu_rnn_grads does not match torch autograd on an unseen batch (B = 5, T = 7, d = 3,
  h = 6, q = 2), or modified its arguments.
""" # END TEST CONFIG
def test_bptt_hidden(relu_rnn_grads):
    import numpy as np
    import torch
    rng = np.random.default_rng(8080)
    B, T, d, h, q = 5, 7, 3, 6, 2
    X, h_0, Y = rng.normal(size=(B, T, d)), rng.normal(size=(B, h)), rng.normal(size=(B, q))
    W = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.5, size=(h, h)), "b_h": rng.normal(0.0, 0.3, size=h),
         "W_hy": rng.normal(size=(q, h)), "b_y": rng.normal(size=q), "h_0": h_0}
    copies = {k: v.copy() for k, v in W.items()}
    X_0, Y_0 = X.copy(), Y.copy()
    t = {k: torch.tensor(v, requires_grad=True) for k, v in W.items()}
    state = t["h_0"]
    for s in range(T):
        state = torch.relu(state @ t["W_hh"].T + torch.tensor(X[:, s]) @ t["W_xh"].T + t["b_h"])
    J_t = ((state @ t["W_hy"].T + t["b_y"] - torch.tensor(Y)) ** 2).sum() / (2 * B)
    J_t.backward()
    J, grads = relu_rnn_grads(X, h_0, W["W_xh"], W["W_hh"], W["b_h"], W["W_hy"], W["b_y"], Y)
    for k in W:
        assert np.array_equal(W[k], copies[k]), f"{k} was modified"
    assert np.array_equal(X, X_0) and np.array_equal(Y, Y_0)
    assert abs(float(J) - J_t.item()) < 1e-10 * J_t.item()
    for key in W:
        assert np.allclose(np.asarray(grads[key], dtype=float), t[key].grad.numpy(), rtol=1e-9, atol=1e-12), key

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  relu_rnn_grads is wrong in an unseen edge case: T = 1 (one step, no recurrence to go
  through: dW_hh = delta_1 h_0^T), or one sequence of T = 6 with h_0 = 0, q = 1 and
  two units whose first pre-activation is exactly 0 (ReLU'(0) = 0).
""" # END TEST CONFIG
def test_bptt_hidden_edges(relu_rnn_grads):
    import numpy as np
    import torch
    rng = np.random.default_rng(8081)
    for B, T, d, h, q, zero_start in [(2, 1, 2, 3, 2, False), (1, 6, 2, 4, 1, True)]:
        X, Y = rng.normal(size=(B, T, d)), rng.normal(size=(B, q))
        h_0 = np.zeros((B, h)) if zero_start else rng.normal(size=(B, h))
        W = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.8, size=(h, h)),
             "b_h": rng.normal(0.0, 0.5, size=h), "W_hy": rng.normal(size=(q, h)), "b_y": rng.normal(size=q), "h_0": h_0}
        if zero_start:
            W["W_xh"][[1, 3]], W["b_h"][[1, 3]] = 0.0, 0.0     # a_1 = 0 exactly for units 1 and 3
        t = {k: torch.tensor(v, requires_grad=True) for k, v in W.items()}
        state = t["h_0"]
        for s in range(T):
            state = torch.relu(state @ t["W_hh"].T + torch.tensor(X[:, s]) @ t["W_xh"].T + t["b_h"])
        J_t = ((state @ t["W_hy"].T + t["b_y"] - torch.tensor(Y)) ** 2).sum() / (2 * B)
        J_t.backward()
        J, grads = relu_rnn_grads(X, h_0, W["W_xh"], W["W_hh"], W["b_h"], W["W_hy"], W["b_y"], Y)
        assert abs(float(J) - J_t.item()) < 1e-10 * max(1.0, J_t.item())
        for key in W:
            assert np.allclose(np.asarray(grads[key], dtype=float), t[key].grad.numpy(), rtol=1e-9, atol=1e-12), key

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (derive: the Jacobian between two states).** A tanh RNN
# $h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)$ has run over one sequence (no batch),
# and its states are stored: `H` of shape $(T, h)$ holds $h_1, \dots, h_T$ (so `H[t - 1]`
# is $h_t$), and `h_0` of shape $(h,)$ is the initial state. Keeping the inputs fixed,
# how much does a small change of the state $h_s$ move a later state $h_t$?
#
# Write `state_jacobian(H, h_0, W_hh, t, s)` returning the $(h, h)$ Jacobian
# $\partial h_t / \partial h_s$ (entry $[i, j]$ is $\partial h_{t,i} / \partial h_{s,j}$),
# for $0 \le s \le t \le T$. Derive the one-step Jacobian $\partial h_k / \partial h_{k-1}$
# first, using only what is given (you do not need the inputs, $W_{xh}$ or $b_h$: why?),
# then chain the steps in the right order.

# %% [raw]
# # BEGIN SOLUTION

# %%
def state_jacobian(H, h_0, W_hh, t, s):
    H, h_0, W_hh = np.asarray(H, dtype=float), np.asarray(h_0, dtype=float), np.asarray(W_hh, dtype=float)
    # BEGIN SOLUTION
    J = np.eye(len(h_0))                                # dh_s / dh_s
    for k in range(s + 1, t + 1):
        # dh_k/dh_{k-1} = diag(1 - h_k^2) W_hh: tanh' = 1 - tanh^2, read off the stored output h_k
        J = ((1.0 - H[k - 1] ** 2)[:, None] * W_hh) @ J   # newer steps multiply on the left
    return J
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For a sequence of T = 5 steps with h = 3, dh_4/dh_1 and dh_5/dh_0 do not match torch
  autograd. One step back is dh_k/dh_(k-1) = diag(1 - h_k^2) W_hh (tanh' at step k
  itself, written with the stored h_k = tanh(a_k), not h_(k-1); the diagonal on the
  left, scaling the rows of W_hh). The chain rule puts the newest step on the left:
  dh_t/dh_s = D_t W_hh D_(t-1) W_hh ... D_(s+1) W_hh; the reverse order, W_hh^T, or
  W_hh^(t-s) without the tanh slopes are wrong.
""" # END TEST CONFIG
def test_jacobian_values(state_jacobian):
    import numpy as np
    import torch
    rng = np.random.default_rng(82)
    T, d, h = 5, 2, 3
    X, W_xh, W_hh, b_h = rng.normal(size=(T, d)), rng.normal(size=(h, d)), rng.normal(size=(h, h)), rng.normal(0.0, 0.3, size=h)
    h_0 = rng.normal(0.0, 0.5, size=h)
    H = np.zeros((T, h))
    state = h_0
    for k in range(T):
        state = np.tanh(W_hh @ state + W_xh @ X[k] + b_h)
        H[k] = state
    for t, s in [(4, 1), (5, 0)]:
        def run(h_s):
            for k in range(s + 1, t + 1):
                h_s = torch.tanh(torch.tensor(W_hh) @ h_s + torch.tensor(W_xh @ X[k - 1] + b_h))
            return h_s
        start = torch.tensor(h_0 if s == 0 else H[s - 1])
        expected = torch.autograd.functional.jacobian(run, start).numpy()
        got = np.asarray(state_jacobian(H, h_0, W_hh, t, s), dtype=float)
        assert got.shape == (h, h), f"shape {got.shape}, expected {(h, h)}"
        assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), f"t = {t}, s = {s}: got {np.round(got, 4).tolist()}, expected {np.round(expected, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Edge cases and inputs: dh_t/dh_t is the identity (no step in between), dh_1/dh_0 is
  one step, diag(1 - h_1^2) W_hh, and dh_3/dh_1 of a 2-unit RNN must match the
  product of the two one-step Jacobians; H, h_0 and W_hh must be left as they were.
""" # END TEST CONFIG
def test_jacobian_edges(state_jacobian):
    import numpy as np
    rng = np.random.default_rng(83)
    W_hh, h_0 = rng.normal(size=(2, 2)), rng.normal(size=2)
    H = np.tanh(rng.normal(size=(3, 2)))
    copies = [a.copy() for a in (H, h_0, W_hh)]
    assert np.allclose(np.asarray(state_jacobian(H, h_0, W_hh, 2, 2), dtype=float), np.eye(2), atol=1e-15), "dh_2/dh_2 is not I"
    one = np.asarray(state_jacobian(H, h_0, W_hh, 1, 0), dtype=float)
    expected = [[(1 - H[0, i] ** 2) * W_hh[i, j] for j in range(2)] for i in range(2)]
    assert np.allclose(one, expected, rtol=1e-12, atol=1e-15), f"dh_1/dh_0 = {one.tolist()}, expected {expected}"
    two = np.asarray(state_jacobian(H, h_0, W_hh, 3, 1), dtype=float)
    D2 = [[(1 - H[1, i] ** 2) * W_hh[i, j] for j in range(2)] for i in range(2)]
    D3 = [[(1 - H[2, i] ** 2) * W_hh[i, j] for j in range(2)] for i in range(2)]
    expected = [[sum(D3[i][m] * D2[m][j] for m in range(2)) for j in range(2)] for i in range(2)]
    assert np.allclose(two, expected, rtol=1e-12, atol=1e-15), f"dh_3/dh_1 = {two.tolist()}, expected {expected}"
    for a, c in zip((H, h_0, W_hh), copies):
        assert np.array_equal(a, c), "an argument was modified"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  state_jacobian does not match torch autograd on an unseen sequence (T = 9, h = 5) for
  several pairs (t, s), or modified its arguments.
""" # END TEST CONFIG
def test_jacobian_hidden(state_jacobian):
    import numpy as np
    import torch
    rng = np.random.default_rng(8282)
    T, d, h = 9, 3, 5
    X, W_xh, W_hh, b_h = rng.normal(size=(T, d)), rng.normal(size=(h, d)), rng.normal(0.0, 0.8, size=(h, h)), rng.normal(size=h)
    h_0 = rng.normal(0.0, 0.5, size=h)
    H = np.zeros((T, h))
    state = h_0
    for k in range(T):
        state = np.tanh(W_hh @ state + W_xh @ X[k] + b_h)
        H[k] = state
    copies = [a.copy() for a in (H, h_0, W_hh)]
    for t, s in [(9, 0), (7, 3), (6, 5), (9, 8), (4, 4)]:
        def run(h_s):
            for k in range(s + 1, t + 1):
                h_s = torch.tanh(torch.tensor(W_hh) @ h_s + torch.tensor(W_xh @ X[k - 1] + b_h))
            return h_s
        start = torch.tensor(h_0 if s == 0 else H[s - 1])
        expected = torch.autograd.functional.jacobian(run, start).numpy()
        got = np.asarray(state_jacobian(H, h_0, W_hh, t, s), dtype=float)
        assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), f"t = {t}, s = {s}"
    for a, c in zip((H, h_0, W_hh), copies):
        assert np.array_equal(a, c), "an argument was modified"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  state_jacobian is wrong for an unseen 1-unit RNN (where dh_t/dh_s is the product of
  the scalars w (1 - h_k^2)) or for saturated states (h_k near +-1, where the product
  nearly vanishes).
""" # END TEST CONFIG
def test_jacobian_hidden_edges(state_jacobian):
    import numpy as np
    H = np.array([[0.5], [-0.2], [0.9]])
    w = np.array([[1.7]])
    got = np.asarray(state_jacobian(H, np.array([0.1]), w, 3, 0), dtype=float)
    expected = 1.7 ** 3 * (1 - 0.25) * (1 - 0.04) * (1 - 0.81)
    assert got.shape == (1, 1) and abs(got[0, 0] - expected) < 1e-12
    rng = np.random.default_rng(8283)
    W_hh = rng.normal(size=(3, 3))
    H = np.tanh(np.array([[5.0, -4.0, 6.0], [0.3, -0.1, 0.2], [-7.0, 3.0, 4.5]]))
    got = np.asarray(state_jacobian(H, np.zeros(3), W_hh, 3, 1), dtype=float)
    D = [np.diag(1 - H[k] ** 2) for k in range(3)]
    assert np.allclose(got, D[2] @ W_hh @ D[1] @ W_hh, rtol=1e-9, atol=1e-18)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (predict: will the gradient vanish or explode?).** In a linear RNN
# $h_t = W_{hh} h_{t-1} + W_{xh} x_t$, a change of $h_0$ reaches $h_T$ multiplied by
# $\partial h_T / \partial h_0 = W_{hh}^T$ (the $T$-th power). Predict what happens for
# long sequences, without simulating:
#
# 1. `gradient_fate(W_hh)` returns the pair `(rate, verdict)`: `rate` is the factor by
#    which $\|\partial h_T / \partial h_0\|$ grows or shrinks per step in the long run,
#    $\lim_{T \to \infty} \|W_{hh}^T\|^{1/T}$, and `verdict` is the string `"vanish"` if
#    it goes to 0 and `"explode"` if it grows without bound. $W_{hh}$ is any real
#    square matrix (not necessarily symmetric), and never exactly on the border.
# 2. `steps_to_shrink(W_hh, factor)`: for a **symmetric** $W_{hh}$ whose gradient
#    vanishes and a `factor` in $(0, 1)$, the smallest $T \ge 1$ for which
#    $\|\partial h_T / \partial h_0\|_2 \le$ `factor` (the spectral norm, the largest
#    stretch of any direction).

# %% [raw]
# # BEGIN SOLUTION

# %%
def gradient_fate(W_hh):
    # BEGIN SOLUTION
    # ||W^T||^(1/T) -> the spectral radius (Gelfand), not the norm ||W|| (transient growth
    # fades) and not the largest real eigenvalue (a negative or complex one can dominate)
    rate = float(np.max(np.abs(np.linalg.eigvals(np.asarray(W_hh, dtype=float)))))
    return rate, ("vanish" if rate < 1 else "explode")
    # END SOLUTION


def steps_to_shrink(W_hh, factor):
    # BEGIN SOLUTION
    rho = float(np.max(np.abs(np.linalg.eigvalsh(np.asarray(W_hh, dtype=float)))))
    # symmetric: ||W^T||_2 = rho^T exactly; rho^T <= factor from T = log(factor) / log(rho)
    T = max(1, math.ceil(math.log(factor) / math.log(rho)))
    while T > 1 and rho ** (T - 1) <= factor:   # guard against rounding at an exact boundary
        T -= 1
    while rho ** T > factor:
        T += 1
    return T
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  gradient_fate is wrong on four 2x2 matrices. [[0.5, 3], [0, 0.6]] has norm about
  3.1, yet its powers vanish at the rate 0.6: the norm (largest singular value) only
  bounds the growth of one step, and the rate is the spectral radius, the largest
  |eigenvalue|. 1.1 times a rotation by 0.8 rad has complex eigenvalues of modulus 1.1
  (real parts 0.77: the largest real part is not the rate): it explodes. [[0, 2], [1,
  0]] has a zero diagonal but eigenvalues +-sqrt(2): it explodes. [[-1.1, 0.4], [0,
  0.9]] has eigenvalues -1.1 and 0.9: the negative one, of larger modulus, wins (the
  sign alternates, the size grows): it explodes.
""" # END TEST CONFIG
def test_fate_public(gradient_fate):
    import math
    import numpy as np
    c, s = math.cos(0.8), math.sin(0.8)
    cases = [([[0.5, 3.0], [0.0, 0.6]], 0.6, "vanish"),
             ([[1.1 * c, -1.1 * s], [1.1 * s, 1.1 * c]], 1.1, "explode"),
             ([[0.0, 2.0], [1.0, 0.0]], math.sqrt(2.0), "explode"),
             ([[-1.1, 0.4], [0.0, 0.9]], 1.1, "explode")]
    for W, rate, verdict in cases:
        W = np.array(W)
        P = np.linalg.matrix_power(W, 400)     # the verdict, seen: ||W^400|| tiny or huge
        assert (np.linalg.norm(P, 2) < 1.0) == (verdict == "vanish")
        got_rate, got_verdict = gradient_fate(W)
        assert abs(float(got_rate) - rate) < 1e-9, f"W = {W.round(3).tolist()}: rate {got_rate}, expected {rate:.6g}"
        assert got_verdict == verdict, f"W = {W.round(3).tolist()}: verdict {got_verdict!r}, expected {verdict!r}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  steps_to_shrink is wrong for the symmetric W_hh = [[-0.26, 0.72], [0.72, 0.16]]
  (eigenvalues 0.7 and -0.8: the one of largest absolute value sets the rate, even
  when it is negative) with factor 0.01, or for a diagonal [[0.9, 0], [0, 0.5]] with
  factor 0.3: T is the smallest integer with rho^T <= factor, so log(factor) /
  log(rho) rounded up, not down. Also W_hh must be left as it was.
""" # END TEST CONFIG
def test_steps_public(steps_to_shrink):
    import numpy as np
    for W, factor in [([[-0.26, 0.72], [0.72, 0.16]], 0.01), ([[0.9, 0.0], [0.0, 0.5]], 0.3)]:
        W = np.array(W)
        W_0 = W.copy()
        expected = 1
        while np.linalg.norm(np.linalg.matrix_power(W, expected), 2) > factor:
            expected += 1
        got = steps_to_shrink(W, factor)
        assert np.array_equal(W, W_0), "W_hh was modified"
        assert int(got) == expected, f"W = {W.tolist()}, factor {factor}: got {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  gradient_fate is wrong on unseen matrices (4x4, non-normal, with complex or negative
  dominant eigenvalues, and a nilpotent part), built with known eigenvalues.
""" # END TEST CONFIG
def test_fate_hidden(gradient_fate):
    import math
    import numpy as np
    rng = np.random.default_rng(8383)
    def rot(r, a):
        return r * np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    blocks = [
        (np.block([[rot(0.95, 2.5), np.full((2, 2), 4.0)], [np.zeros((2, 2)), np.diag([-0.9, 0.2])]]), 0.95),
        (np.block([[rot(0.7, 0.3), np.zeros((2, 2))], [np.zeros((2, 2)), np.array([[-1.05, 1.0], [0.0, 0.1]])]]), 1.05),
        (np.array([[0.0, 5.0, 0.0], [0.0, 0.0, 5.0], [0.0, 0.0, 0.0]]) + 0.5 * np.eye(3), 0.5),
        (np.array([[0.2, 0.0, 0.0], [0.0, -0.3, 0.0], [0.0, 0.0, 1.02]]), 1.02),
    ]
    for M, rate in blocks:
        S = np.eye(len(M)) + 0.3 * rng.normal(size=M.shape)   # a similar matrix: same eigenvalues
        W = S @ M @ np.linalg.inv(S)
        got_rate, got_verdict = gradient_fate(W)
        assert abs(float(got_rate) - rate) < 1e-4, f"rate {got_rate}, expected {rate}"
        assert got_verdict == ("vanish" if rate < 1 else "explode")

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  steps_to_shrink is wrong on unseen symmetric matrices (3x3 and 5x5, dominant
  eigenvalue positive or negative), or when factor is above rho (then T = 1).
""" # END TEST CONFIG
def test_steps_hidden(steps_to_shrink):
    import numpy as np
    rng = np.random.default_rng(8384)
    for eigs, factor in [([0.2, -0.95, 0.5], 1e-3), ([0.97, 0.1, -0.4, 0.6, 0.0], 0.05), ([0.5, -0.3], 0.7)]:
        Q, _ = np.linalg.qr(rng.normal(size=(len(eigs), len(eigs))))
        W = Q @ np.diag(eigs) @ Q.T
        W = (W + W.T) / 2
        expected = 1
        while np.linalg.norm(np.linalg.matrix_power(W, expected), 2) > factor:
            expected += 1
        assert int(steps_to_shrink(W, factor)) == expected, f"eigenvalues {eigs}, factor {factor}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (code: clipping a dict of gradients by their global norm).** A model's
# gradients arrive as a dict from parameter names to arrays of any shapes; a parameter
# that received no gradient maps to `None`. Clipping by the **global** norm treats all
# of them as one long vector $g$: with $\|g\|_p$ the $p$-norm of every entry of every
# array together ($\|g\|_\infty$ the largest absolute entry), each array is multiplied by
# the same factor
#
# $$\min\Big(1, \frac{c}{\|g\|_p + 10^{-6}}\Big)$$
#
# (the $10^{-6}$ avoids dividing by zero), as `torch.nn.utils.clip_grad_norm_` does.
#
# Write `clip_global(grads, max_norm, norm_type=2.0)` returning the pair
# `(clipped, total)`: a new dict with the same keys (`None` stays `None`) holding the
# clipped arrays, and `total`, the norm $\|g\|_p$ **before** clipping, as one number.
# `norm_type` is a number $p \ge 1$ or `math.inf`; at least one gradient is not `None`.
# `grads` and its arrays must not be modified.

# %% [raw]
# # BEGIN SOLUTION

# %%
def clip_global(grads, max_norm, norm_type=2.0):
    # BEGIN SOLUTION
    present = [np.asarray(g, dtype=float) for g in grads.values() if g is not None]
    if norm_type == math.inf:
        total = max(float(np.max(np.abs(g), initial=0.0)) for g in present)
    else:
        total = float(sum(np.sum(np.abs(g) ** norm_type) for g in present) ** (1.0 / norm_type))
    factor = min(1.0, max_norm / (total + 1e-6))       # one factor for all: the direction is kept
    clipped = {name: None if g is None else np.asarray(g, dtype=float) * factor for name, g in grads.items()}
    return clipped, total
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For grads {W: [[3, 0], [0, 4]], b: [12]} (one vector of norm 13) and max_norm 6.5,
  total must be 13 and every array multiplied by 6.5 / (13 + 1e-6), about 0.5: W about
  [[1.5, 0], [0, 2]] and b about [6]. Clipping each entry to [-6.5, 6.5] (by value)
  changes the direction; clipping each array by its own norm changes the relative
  sizes of the parameters' gradients; the norm after clipping is not the one to
  return.
""" # END TEST CONFIG
def test_clip_by_hand(clip_global):
    import numpy as np
    import torch
    grads = {"W": np.array([[3.0, 0.0], [0.0, 4.0]]), "b": np.array([12.0])}
    params = [torch.zeros(2, 2, dtype=torch.float64, requires_grad=True), torch.zeros(1, dtype=torch.float64, requires_grad=True)]
    params[0].grad, params[1].grad = torch.tensor(grads["W"]), torch.tensor(grads["b"])
    total_t = torch.nn.utils.clip_grad_norm_(params, 6.5)
    clipped, total = clip_global(grads, 6.5)
    assert abs(float(total) - 13.0) < 1e-12 and abs(float(total) - total_t.item()) < 1e-12, f"total = {total}, expected 13"
    assert set(clipped) == {"W", "b"}, f"keys {sorted(clipped)}"
    assert np.allclose(np.asarray(clipped["W"], dtype=float), params[0].grad.numpy(), rtol=1e-12, atol=0), f"W = {np.asarray(clipped['W']).tolist()}"
    assert np.allclose(np.asarray(clipped["b"], dtype=float), params[1].grad.numpy(), rtol=1e-12, atol=0), f"b = {np.asarray(clipped['b']).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With a small gradient (total norm 0.5 below max_norm 2) nothing changes: the factor
  is min(1, c / (norm + 1e-6)), never above 1 (clipping caps the step, it does not
  lengthen it). A parameter whose gradient is None is skipped and stays None in the
  result. grads and its arrays must be left as they were.
""" # END TEST CONFIG
def test_clip_below_and_none(clip_global):
    import numpy as np
    grads = {"W_xh": np.array([[0.3, 0.0, -0.4]]), "W_hh": None, "b_h": np.zeros(2)}
    W_0, b_0 = grads["W_xh"].copy(), grads["b_h"].copy()
    clipped, total = clip_global(grads, 2.0)
    assert set(grads) == {"W_xh", "W_hh", "b_h"} and grads["W_hh"] is None, "grads was modified"
    assert np.array_equal(grads["W_xh"], W_0) and np.array_equal(grads["b_h"], b_0), "an array of grads was modified"
    assert abs(float(total) - 0.5) < 1e-12, f"total = {total}, expected 0.5"
    assert clipped["W_hh"] is None, f"W_hh = {clipped['W_hh']}, expected None"
    assert np.array_equal(np.asarray(clipped["W_xh"], dtype=float), W_0), f"W_xh = {np.asarray(clipped['W_xh']).tolist()}"
    assert np.array_equal(np.asarray(clipped["b_h"], dtype=float), b_0)

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With norm_type = math.inf the norm is the largest absolute entry of all the arrays
  (here 5, in b), and everything is scaled by 2 / (5 + 1e-6); with norm_type = 1 it is
  the sum of all absolute entries (14). Clipping must not write into the arrays of grads.
""" # END TEST CONFIG
def test_clip_other_norms(clip_global):
    import math
    import numpy as np
    import torch
    for p, expected_total in [(math.inf, 5.0), (1.0, 14.0)]:
        grads = {"W": np.array([[1.0, -3.0], [2.0, 0.5]]), "b": np.array([-5.0, 2.5])}
        copies = {k: v.copy() for k, v in grads.items()}
        params = [torch.zeros(2, 2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)]
        for t, k in zip(params, ("W", "b")):
            t.requires_grad_()
            t.grad = torch.tensor(grads[k])
        torch.nn.utils.clip_grad_norm_(params, 2.0, norm_type=p)
        clipped, total = clip_global(grads, 2.0, p)
        for k in grads:
            assert np.array_equal(grads[k], copies[k]), f"grads[{k!r}] was modified"
        assert abs(float(total) - expected_total) < 1e-12, f"norm_type {p}: total = {total}, expected {expected_total}"
        for t, k in zip(params, ("W", "b")):
            assert np.allclose(np.asarray(clipped[k], dtype=float), t.grad.numpy(), rtol=1e-12, atol=0), f"norm_type {p}: {k} = {np.asarray(clipped[k]).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  clip_global does not match torch.nn.utils.clip_grad_norm_ on unseen dicts (five
  arrays of shapes (4, 3), (4, 4), (4,), (2, 4), (2,), one None, norms 2, 3 and inf,
  clipped or not), or modified its argument.
""" # END TEST CONFIG
def test_clip_hidden(clip_global):
    import math
    import numpy as np
    import torch
    rng = np.random.default_rng(8484)
    shapes = {"W_xh": (4, 3), "W_hh": (4, 4), "b_h": (4,), "E": None, "W_hy": (2, 4), "b_y": (2,)}
    for p, c in [(2.0, 1.5), (3.0, 0.8), (math.inf, 0.25), (2.0, 50.0)]:
        grads = {k: None if s is None else rng.normal(0.0, 2.0, size=s) for k, s in shapes.items()}
        copies = {k: None if v is None else v.copy() for k, v in grads.items()}
        names = [k for k in grads if grads[k] is not None]
        params = [torch.zeros(shapes[k], dtype=torch.float64, requires_grad=True) for k in names]
        for t, k in zip(params, names):
            t.grad = torch.tensor(grads[k])
        total_t = torch.nn.utils.clip_grad_norm_(params, c, norm_type=p)
        clipped, total = clip_global(grads, c, p)
        for k in grads:
            assert (grads[k] is None and copies[k] is None) or np.array_equal(grads[k], copies[k]), "grads was modified"
        assert abs(float(total) - total_t.item()) < 1e-10 * total_t.item(), f"norm_type {p}"
        assert clipped["E"] is None
        for t, k in zip(params, names):
            assert np.allclose(np.asarray(clipped[k], dtype=float), t.grad.numpy(), rtol=1e-10, atol=1e-15), k

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  clip_global is wrong in an unseen edge case: every gradient zero (total 0, nothing
  changes, no division by zero), a single scalar-like array, a norm exactly at
  max_norm, or a norm far below it (nothing changes).
""" # END TEST CONFIG
def test_clip_hidden_edges(clip_global):
    import numpy as np
    with np.errstate(divide="raise", invalid="raise"):
        clipped, total = clip_global({"a": np.zeros((2, 2)), "b": None}, 1.0)
    assert float(total) == 0.0 and np.array_equal(np.asarray(clipped["a"], dtype=float), np.zeros((2, 2)))
    assert clipped["b"] is None
    clipped, total = clip_global({"w": np.array([-8.0])}, 2.0)
    assert abs(float(total) - 8.0) < 1e-12
    assert np.allclose(np.asarray(clipped["w"], dtype=float), [-8.0 * 2.0 / (8.0 + 1e-6)], rtol=1e-12)
    clipped, total = clip_global({"u": np.array([0.6, 0.8]), "v": np.array([[0.0]])}, 1.0)
    assert np.allclose(np.asarray(clipped["u"], dtype=float), [0.6 / (1 + 1e-6), 0.8 / (1 + 1e-6)], rtol=1e-12)
    clipped, total = clip_global({"a": np.array([0.1, -0.2]), "b": np.array([[0.2]])}, 5.0, 2.0)
    assert abs(float(total) - 0.3) < 1e-12
    assert np.array_equal(np.asarray(clipped["a"], dtype=float), [0.1, -0.2])
    assert np.array_equal(np.asarray(clipped["b"], dtype=float), [[0.2]])

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (debug: a truncated-BPTT training loop, in torch).** A tanh RNN without
# biases, $h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t)$ from $h_0 = 0$, with outputs
# $\hat y_t = W_{hy} h_t$, is trained on one long batch of sequences `X` of shape
# `(B, T, d)` with targets `Y` of shape `(B, T, q)` by truncated BPTT:
#
# - the sequences are cut into windows of `k` steps (steps `0..k-1`, `k..2k-1`, ...;
#   the last window is shorter when `k` does not divide `T`);
# - the state is carried from one window into the next (its value), but
#   backpropagation stops at the window's start;
# - each window's loss is the mean of $(\hat y - y)^2$ over all its entries (batch,
#   steps and outputs), and each window makes one update: compute the gradient of that
#   loss alone, clip all three gradients together by their global 2-norm to at most
#   `max_norm` (as `torch.nn.utils.clip_grad_norm_` does), then take a step of plain
#   gradient descent with learning rate `eta`.
#
# The function below should return the trained weights (a dict of numpy arrays like
# `params`) and the list of the global gradient norms measured **before** clipping, one
# per window. It has **five bugs**: it crashes in the second window, would crash on a
# short last window, clips the wrong way, lets the gradients of different windows mix,
# and weighs windows of different lengths wrongly. Find them, then write the corrected
# `train_tbptt` in the cell after it, with the same arguments. `params`, `X` and `Y`
# must not be modified.

# %%
import torch


def buggy_train_tbptt(params, X, Y, k, eta, max_norm):
    W_xh, W_hh, W_hy = (torch.tensor(params[name], requires_grad=True) for name in ("W_xh", "W_hh", "W_hy"))
    weights = [W_xh, W_hh, W_hy]
    X, Y = torch.tensor(X), torch.tensor(Y)
    h = torch.zeros(X.shape[0], W_hh.shape[0], dtype=X.dtype)
    norms = []
    for start in range(0, X.shape[1], k):
        loss = 0.0
        for t in range(start, start + k):
            h = torch.tanh(X[:, t] @ W_xh.T + h @ W_hh.T)
            loss = loss + ((h @ W_hy.T - Y[:, t]) ** 2).mean()
        loss.backward()
        norms.append(float(torch.sqrt(sum((w.grad ** 2).sum() for w in weights))))
        torch.nn.utils.clip_grad_value_(weights, max_norm)
        with torch.no_grad():
            for w in weights:
                w -= eta * w.grad
    return {name: w.detach().numpy() for name, w in zip(("W_xh", "W_hh", "W_hy"), weights)}, norms

# %% [raw]
# # BEGIN SOLUTION

# %%
def train_tbptt(params, X, Y, k, eta, max_norm):
    # BEGIN SOLUTION
    W_xh, W_hh, W_hy = (torch.tensor(params[name], requires_grad=True) for name in ("W_xh", "W_hh", "W_hy"))
    weights = [W_xh, W_hh, W_hy]
    X, Y = torch.tensor(X), torch.tensor(Y)
    T = X.shape[1]
    h = torch.zeros(X.shape[0], W_hh.shape[0], dtype=X.dtype)
    norms = []
    for start in range(0, T, k):
        h = h.detach()                                     # keep the value, cut the graph
        outputs = []
        for t in range(start, min(start + k, T)):          # the last window may be shorter
            h = torch.tanh(X[:, t] @ W_xh.T + h @ W_hh.T)
            outputs.append(h @ W_hy.T)
        loss = ((torch.stack(outputs, dim=1) - Y[:, start:start + k]) ** 2).mean()   # over steps too
        for w in weights:
            w.grad = None                                  # this window's gradient alone
        loss.backward()
        norms.append(float(torch.nn.utils.clip_grad_norm_(weights, max_norm)))     # by the global norm
        with torch.no_grad():
            for w in weights:
                w -= eta * w.grad
    return {name: w.detach().numpy() for name, w in zip(("W_xh", "W_hh", "W_hy"), weights)}, norms
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On B = 2 sequences of T = 6 steps in windows of k = 3, with clipping at max_norm = 0.3
  active, the trained weights or the list of gradient norms differ from torch.nn.RNN
  trained with h.detach(), clip_grad_norm_ and SGD. The bugs to look for: no
  h = h.detach() at each window's start (the second backward goes through the first
  window's freed graph; resetting h to zeros instead also loses the carried state);
  clip_grad_value_ clips each entry, not the global norm; the gradients are never
  zeroed, so each window adds to the last one's; the loss sums the steps' means instead
  of averaging over the window.
""" # END TEST CONFIG
def test_tbptt_clipped(train_tbptt):
    import numpy as np
    import torch
    from torch import nn
    rng = np.random.default_rng(85)
    B, T, d, h, q, k, eta, c = 2, 6, 2, 3, 1, 3, 0.2, 0.3
    X, Y = rng.normal(size=(B, T, d)), rng.normal(size=(B, T, q))
    params = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.8, size=(h, h)), "W_hy": rng.normal(size=(q, h))}
    rnn, lin = nn.RNN(d, h, bias=False, batch_first=True).double(), nn.Linear(h, q, bias=False).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(params["W_xh"])), rnn.weight_hh_l0.copy_(torch.tensor(params["W_hh"]))
        lin.weight.copy_(torch.tensor(params["W_hy"]))
    weights = [rnn.weight_ih_l0, rnn.weight_hh_l0, lin.weight]
    opt = torch.optim.SGD(weights, lr=eta)
    state, norms = torch.zeros(1, B, h, dtype=torch.float64), []
    for s in range(0, T, k):
        opt.zero_grad()
        out, state = rnn(torch.tensor(X[:, s:s + k]), state)
        ((lin(out) - torch.tensor(Y[:, s:s + k])) ** 2).mean().backward()
        norms.append(torch.nn.utils.clip_grad_norm_(weights, c).item())
        opt.step()
        state = state.detach()
    new, got_norms = train_tbptt(params, X, Y, k, eta, c)
    assert len(got_norms) == len(norms), f"{len(got_norms)} norms, expected {len(norms)} (one per window)"
    assert np.allclose([float(v) for v in got_norms], norms, rtol=1e-9), f"norms {np.round([float(v) for v in got_norms], 5).tolist()}, expected {np.round(norms, 5).tolist()}"
    for name, w in zip(("W_xh", "W_hh", "W_hy"), weights):
        assert np.allclose(np.asarray(new[name], dtype=float), w.detach().numpy(), rtol=1e-9, atol=1e-12), f"{name} is wrong after training"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On T = 7 steps in windows of k = 3 (3, 3, then a last window of 1 step), without
  clipping (max_norm = 100), the weights or norms differ from torch. The last, shorter
  window is trained on too (range(start, start + k) runs past the end: stop at T), and
  its loss is a mean over its own steps, so a short window does not weigh less or more
  than the others per step.
""" # END TEST CONFIG
def test_tbptt_short_last_window(train_tbptt):
    import numpy as np
    import torch
    from torch import nn
    rng = np.random.default_rng(86)
    B, T, d, h, q, k, eta, c = 3, 7, 2, 3, 2, 3, 0.1, 100.0
    X, Y = rng.normal(size=(B, T, d)), rng.normal(size=(B, T, q))
    params = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.8, size=(h, h)), "W_hy": rng.normal(size=(q, h))}
    rnn, lin = nn.RNN(d, h, bias=False, batch_first=True).double(), nn.Linear(h, q, bias=False).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(params["W_xh"])), rnn.weight_hh_l0.copy_(torch.tensor(params["W_hh"]))
        lin.weight.copy_(torch.tensor(params["W_hy"]))
    weights = [rnn.weight_ih_l0, rnn.weight_hh_l0, lin.weight]
    opt = torch.optim.SGD(weights, lr=eta)
    state, norms = torch.zeros(1, B, h, dtype=torch.float64), []
    for s in range(0, T, k):
        opt.zero_grad()
        out, state = rnn(torch.tensor(X[:, s:s + k]), state)
        ((lin(out) - torch.tensor(Y[:, s:s + k])) ** 2).mean().backward()
        norms.append(torch.nn.utils.clip_grad_norm_(weights, c).item())
        opt.step()
        state = state.detach()
    new, got_norms = train_tbptt(params, X, Y, k, eta, c)
    assert len(got_norms) == 3, f"{len(got_norms)} norms, expected 3 (windows of 3, 3 and 1 steps)"
    assert np.allclose([float(v) for v in got_norms], norms, rtol=1e-9), f"norms {np.round([float(v) for v in got_norms], 5).tolist()}, expected {np.round(norms, 5).tolist()}"
    for name, w in zip(("W_xh", "W_hh", "W_hy"), weights):
        assert np.allclose(np.asarray(new[name], dtype=float), w.detach().numpy(), rtol=1e-9, atol=1e-12), f"{name} is wrong after training"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  train_tbptt modified params, X or Y (torch.from_numpy shares the array's memory, so
  w -= eta * w.grad then writes into the caller's weights: torch.tensor copies), or is
  wrong with a single window (k = T = 4: plain BPTT).
""" # END TEST CONFIG
def test_tbptt_inputs_unchanged(train_tbptt):
    import numpy as np
    import torch
    rng = np.random.default_rng(87)
    B, T, d, h, q = 2, 4, 3, 2, 1
    X, Y = rng.normal(size=(B, T, d)), rng.normal(size=(B, T, q))
    params = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(size=(h, h)), "W_hy": rng.normal(size=(q, h))}
    copies = {k: v.copy() for k, v in params.items()}
    X_0, Y_0 = X.copy(), Y.copy()
    new, norms = train_tbptt(params, X, Y, 4, 0.5, 0.1)
    for name in params:
        assert np.array_equal(params[name], copies[name]), f"params[{name!r}] was modified"
    assert np.array_equal(X, X_0) and np.array_equal(Y, Y_0), "X or Y was modified"
    t = {k: torch.tensor(v, requires_grad=True) for k, v in copies.items()}
    state, outs = torch.zeros(B, h, dtype=torch.float64), []
    for s in range(T):
        state = torch.tanh(torch.tensor(X[:, s]) @ t["W_xh"].T + state @ t["W_hh"].T)
        outs.append(state @ t["W_hy"].T)
    ((torch.stack(outs, 1) - torch.tensor(Y)) ** 2).mean().backward()
    total = torch.sqrt(sum((v.grad ** 2).sum() for v in t.values())).item()
    assert len(norms) == 1 and abs(float(norms[0]) - total) < 1e-9 * total, f"norms {norms}, expected [{total}]"
    for name, v in t.items():
        expected = copies[name] - 0.5 * v.grad.numpy() * min(1.0, 0.1 / (total + 1e-6))
        assert np.allclose(np.asarray(new[name], dtype=float), expected, rtol=1e-9, atol=1e-12), f"{name} is wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  train_tbptt differs from torch on an unseen run (B = 3, T = 10, k = 4, clipping active
  in some windows only), or modified its arguments.
""" # END TEST CONFIG
def test_tbptt_hidden(train_tbptt):
    import numpy as np
    import torch
    from torch import nn
    rng = np.random.default_rng(8585)
    B, T, d, h, q, k, eta, c = 3, 10, 3, 4, 2, 4, 0.15, 0.6
    X, Y = rng.normal(size=(B, T, d)), rng.normal(size=(B, T, q))
    params = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.7, size=(h, h)), "W_hy": rng.normal(size=(q, h))}
    copies = {key: v.copy() for key, v in params.items()}
    X_0, Y_0 = X.copy(), Y.copy()
    rnn, lin = nn.RNN(d, h, bias=False, batch_first=True).double(), nn.Linear(h, q, bias=False).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(params["W_xh"])), rnn.weight_hh_l0.copy_(torch.tensor(params["W_hh"]))
        lin.weight.copy_(torch.tensor(params["W_hy"]))
    weights = [rnn.weight_ih_l0, rnn.weight_hh_l0, lin.weight]
    opt = torch.optim.SGD(weights, lr=eta)
    state, norms = torch.zeros(1, B, h, dtype=torch.float64), []
    for s in range(0, T, k):
        opt.zero_grad()
        out, state = rnn(torch.tensor(X[:, s:s + k]), state)
        ((lin(out) - torch.tensor(Y[:, s:s + k])) ** 2).mean().backward()
        norms.append(torch.nn.utils.clip_grad_norm_(weights, c).item())
        opt.step()
        state = state.detach()
    new, got_norms = train_tbptt(params, X, Y, k, eta, c)
    for key in params:
        assert np.array_equal(params[key], copies[key]), "params was modified"
    assert np.array_equal(X, X_0) and np.array_equal(Y, Y_0), "X or Y was modified"
    assert np.allclose([float(v) for v in got_norms], norms, rtol=1e-9)
    for name, w in zip(("W_xh", "W_hh", "W_hy"), weights):
        assert np.allclose(np.asarray(new[name], dtype=float), w.detach().numpy(), rtol=1e-9, atol=1e-12), name

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  train_tbptt differs from torch in an unseen edge case: windows of one step (k = 1) with
  strong clipping, or one window longer than the sequence (k = 8 > T = 5).
""" # END TEST CONFIG
def test_tbptt_hidden_edges(train_tbptt):
    import numpy as np
    import torch
    from torch import nn
    rng = np.random.default_rng(8586)
    for B, T, d, h, q, k, eta, c in [(2, 5, 2, 3, 1, 1, 0.3, 0.05), (2, 5, 2, 3, 2, 8, 0.3, 0.5)]:
        X, Y = rng.normal(size=(B, T, d)), rng.normal(size=(B, T, q))
        params = {"W_xh": rng.normal(size=(h, d)), "W_hh": rng.normal(0.0, 0.8, size=(h, h)), "W_hy": rng.normal(size=(q, h))}
        rnn, lin = nn.RNN(d, h, bias=False, batch_first=True).double(), nn.Linear(h, q, bias=False).double()
        with torch.no_grad():
            rnn.weight_ih_l0.copy_(torch.tensor(params["W_xh"])), rnn.weight_hh_l0.copy_(torch.tensor(params["W_hh"]))
            lin.weight.copy_(torch.tensor(params["W_hy"]))
        weights = [rnn.weight_ih_l0, rnn.weight_hh_l0, lin.weight]
        opt = torch.optim.SGD(weights, lr=eta)
        state, norms = torch.zeros(1, B, h, dtype=torch.float64), []
        for s in range(0, T, k):
            opt.zero_grad()
            out, state = rnn(torch.tensor(X[:, s:s + k]), state)
            ((lin(out) - torch.tensor(Y[:, s:s + k])) ** 2).mean().backward()
            norms.append(torch.nn.utils.clip_grad_norm_(weights, c).item())
            opt.step()
            state = state.detach()
        new, got_norms = train_tbptt(params, X, Y, k, eta, c)
        assert np.allclose([float(v) for v in got_norms], norms, rtol=1e-9), f"k = {k}"
        for name, w in zip(("W_xh", "W_hh", "W_hy"), weights):
            assert np.allclose(np.asarray(new[name], dtype=float), w.detach().numpy(), rtol=1e-9, atol=1e-12), f"k = {k}: {name}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (derive: what truncated BPTT leaves out).** Take the smallest RNN there
# is: one linear unit, $h_t = w\, h_{t-1} + x_t$ for $t = 1, \dots, T$, from a given
# $h_0$, with the loss $J = h_T$. The weight $w$ is used at every step, so
# $\partial J / \partial w$ collects one term per step.
#
# Write `tbptt_scalar(w, x, h_0, k)` with `x` a list or array of the $T \ge 1$ inputs
# and $k \ge 1$, returning the pair `(full, truncated)`: `full` is the exact
# $\partial J / \partial w$, and `truncated` is the derivative that backpropagation
# computes when the state is **detached** just before the last $k$ steps, as truncated
# BPTT does (`h = h.detach()` before step $T - k + 1$: $h_{T-k}$ keeps its value but is
# treated as a constant). When $k \ge T$ nothing is cut. Derive both as sums (each
# term is a power of $w$ times a state), then compute them.

# %% [raw]
# # BEGIN SOLUTION

# %%
def tbptt_scalar(w, x, h_0, k):
    # BEGIN SOLUTION
    T = len(x)
    h = [float(h_0)]
    for x_t in x:
        h.append(w * h[-1] + float(x_t))
    # dJ/dw = sum_t dh_T/dh_t * dh_t/dw|_direct = sum_t w^(T - t) h_(t-1)
    terms = [w ** (T - t) * h[t - 1] for t in range(1, T + 1)]
    return float(sum(terms)), float(sum(terms[max(T - k, 0):]))   # only steps T-k+1..T are seen
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For w = 0.9, x = [1, -0.5, 2, 0.3, 1.5], h_0 = 0.7 and k = 2, full or truncated
  differs from torch autograd. The full gradient is sum over t = 1..T of w^(T - t)
  h_(t-1) (each use of w, carried to the end by the later steps), not h_(T-1) alone
  and not the sum of the h_(t-1) without the powers. Truncation keeps the terms of the
  last k steps, t = T-k+1..T, with the states' true values: detaching keeps h_(T-k),
  while restarting from 0 changes every state after the cut.
""" # END TEST CONFIG
def test_tbptt_scalar_values(tbptt_scalar):
    import torch
    w, x, h_0, k = 0.9, [1.0, -0.5, 2.0, 0.3, 1.5], 0.7, 2
    results = []
    for cut in (None, len(x) - k):
        w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
        h = torch.tensor(h_0, dtype=torch.float64)
        for t, x_t in enumerate(x):
            if t == cut:
                h = h.detach()
            h = w_t * h + x_t
        h.backward()
        results.append(w_t.grad.item())
    full, truncated = tbptt_scalar(w, list(x), h_0, k)
    assert abs(float(full) - results[0]) < 1e-10, f"full = {full}, expected {results[0]:.6f}"
    assert abs(float(truncated) - results[1]) < 1e-10, f"truncated = {truncated}, expected {results[1]:.6f}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Edge cases for w = -1.2, x = [0.5, 2, -1, 1], h_0 = 1.5: k = 1 keeps only the last
  step's term h_(T-1); k = T and k > T cut nothing (truncated = full); a negative w
  makes terms of alternating sign. x must be left as it was.
""" # END TEST CONFIG
def test_tbptt_scalar_edges(tbptt_scalar):
    import numpy as np
    w, h_0 = -1.2, 1.5
    x = np.array([0.5, 2.0, -1.0, 1.0])
    x_0 = x.copy()
    states = [h_0]
    for x_t in x:
        states.append(w * states[-1] + x_t)
    full = sum(w ** (4 - t) * states[t - 1] for t in range(1, 5))
    for k, expected in [(1, states[3]), (4, full), (9, full)]:
        got_full, got_trunc = tbptt_scalar(w, x, h_0, k)
        assert abs(float(got_full) - full) < 1e-10, f"k = {k}: full = {got_full}, expected {full:.6f}"
        assert abs(float(got_trunc) - expected) < 1e-10, f"k = {k}: truncated = {got_trunc}, expected {expected:.6f}"
    assert np.array_equal(x, x_0), "x was modified"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  tbptt_scalar differs from torch autograd on an unseen sequence (T = 12, w = 1.05,
  k = 3, 5 and 12), or modified x.
""" # END TEST CONFIG
def test_tbptt_scalar_hidden(tbptt_scalar):
    import numpy as np
    import torch
    rng = np.random.default_rng(8686)
    w, h_0 = 1.05, -0.4
    x = rng.normal(size=12)
    x_0 = x.copy()
    for k in (3, 5, 12):
        results = []
        for cut in (None, len(x) - k):
            w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
            h = torch.tensor(h_0, dtype=torch.float64)
            for t, x_t in enumerate(x):
                if t == cut:
                    h = h.detach()
                h = w_t * h + float(x_t)
            h.backward()
            results.append(w_t.grad.item())
        full, truncated = tbptt_scalar(w, x, h_0, k)
        assert abs(float(full) - results[0]) < 1e-9 * max(1.0, abs(results[0])), f"k = {k}: full"
        assert abs(float(truncated) - results[1]) < 1e-9 * max(1.0, abs(results[1])), f"k = {k}: truncated"
    assert np.array_equal(x, x_0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  tbptt_scalar is wrong in an unseen edge case: T = 1 (one term, h_0), w = 1 (no
  decay: every h_(t-1) counts fully), or w = 0 (only the last step's term survives).
""" # END TEST CONFIG
def test_tbptt_scalar_hidden_edges(tbptt_scalar):
    full, truncated = tbptt_scalar(0.5, [2.0], 3.0, 1)
    assert abs(float(full) - 3.0) < 1e-12 and abs(float(truncated) - 3.0) < 1e-12
    x = [1.0, 2.0, -0.5, 0.25]
    states = [0.5]
    for x_t in x:
        states.append(states[-1] + x_t)
    full, truncated = tbptt_scalar(1.0, x, 0.5, 2)
    assert abs(float(full) - sum(states[:4])) < 1e-12 and abs(float(truncated) - sum(states[2:4])) < 1e-12
    full, truncated = tbptt_scalar(0.0, x, 0.5, 3)
    assert abs(float(full) - x[2]) < 1e-12 and abs(float(truncated) - x[2]) < 1e-12

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

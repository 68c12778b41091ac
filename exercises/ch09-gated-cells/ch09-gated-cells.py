# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch09-gated-cells
# export_cell: false
# requirements:   # for Gradescope's image: the tests use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 9 exercises: gated cells (LSTM, GRU) and sampling
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch09-gated-cells.ipynb` checks them all (its exit status is 0 only when
# every public test passes).
#
# **What you may use.** numpy, Python's `math`, plain Python. Do **not** import
# `dlbook`, the book's own package: the exercises are solved without it, and importing
# it fails when your notebook is checked or graded. The tests use PyTorch
# (`torch.nn.LSTM`, `torch.nn.GRU` with your weights copied in) to compute the expected
# answers, so it must be installed, but your answers do not need it.
#
# **What is graded.** The checks in this notebook are the public tests. Your submission
# is also graded on hidden tests with inputs you never see (other sizes, other weights,
# other lengths), so write code that is right for every input the question allows, not
# just for the examples. No function may modify the arrays it is given (the tests
# check).
#
# **Reasoning questions.** Questions 3, 4 and 5 ask you to reason rather than to code an
# equation you were given: Question 3 (derive) wants the cell state after many steps
# with constant gates and the forget-gate bias that sets a memory's half-life,
# Question 4 (derive) the number of parameters of recurrent layers of any size, and
# Question 5 (debug) a corrected version of a broken sampling loop. Questions 1
# (an LSTM over padded sequences, in another weight layout than the chapter's), 2 (the
# original GRU of Cho et al.) and 6 (top-k sampling with a temperature) are coding
# questions. Each title says which kind it is.
#
# **Conventions.** Unlike the chapter's code, every weight here multiplies from the
# right, as in `x @ W`: a batch of inputs is an array of shape `(batch, d)`, one
# example per row, a weight matrix from $d$ inputs to $h$ units has shape `(d, h)`.
# $\sigma$ is the logistic sigmoid $1 / (1 + e^{-a})$, and $\odot$ the element-wise
# product.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: an LSTM over a padded batch, in another weight layout).** A batch
# of sequences of different lengths is stored as one array `X` of shape
# `(batch, T, d)`: sequence $b$ has `lengths[b]` real steps ($1 \le$ `lengths[b]`
# $\le T$), followed by padding (arbitrary numbers, *not* necessarily zeros). Write
# `lstm_final_state(X, lengths, W, U, b)`, which runs one LSTM over every sequence from
# $h_0 = c_0 = 0$ and returns the pair `(h, c)`, each of shape `(batch, h)`: row $b$
# is the state after the **last real step** of sequence $b$ (padding steps must not
# change it).
#
# The four gates' weights are stacked side by side: `W` of shape `(d, 4h)`, `U` of
# shape `(h, 4h)` and `b` of shape `(4h,)`, so that at step $t$
#
# $$a_t = x_t W + h_{t-1} U + b \quad (\text{shape } (\text{batch}, 4h)),$$
#
# and the column blocks of $a_t$, of width $h$ each, are **in the order f, i, o, g**
# (forget, input, output, candidate) — not torch's order i, f, g, o:
#
# $$f_t = \sigma(a_t^{[0]}),\ i_t = \sigma(a_t^{[1]}),\ o_t = \sigma(a_t^{[2]}),\
# \tilde c_t = \tanh(a_t^{[3]}),\quad c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t,\quad
# h_t = o_t \odot \tanh(c_t).$$

# %% [raw]
# # BEGIN SOLUTION

# %%
def lstm_final_state(X, lengths, W, U, b):
    X, W, U, b = (np.asarray(a, dtype=float) for a in (X, W, U, b))
    lengths = np.asarray(lengths)
    # BEGIN SOLUTION
    batch, T, _ = X.shape
    n = U.shape[0]
    sig = lambda a: 1.0 / (1.0 + np.exp(-a))
    h, c = np.zeros((batch, n)), np.zeros((batch, n))
    for t in range(T):
        a = X[:, t] @ W + h @ U + b
        f, i, o = sig(a[:, :n]), sig(a[:, n:2 * n]), sig(a[:, 2 * n:3 * n])
        c_new = f * c + i * np.tanh(a[:, 3 * n:])
        h_new = o * np.tanh(c_new)
        real = (t < lengths)[:, None]          # a padding step leaves the state as it was
        h, c = np.where(real, h_new, h), np.where(real, c_new, c)
    return h, c
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Without padding (every length is T = 4) your final (h, c) differs from
  torch.nn.LSTM run with the same weights. Likely mistakes - the blocks of a_t read in
  torch's order i, f, g, o instead of this question's f, i, o, g; sigmoid and tanh
  swapped on the candidate g; c = (1 - f) c + i g (the forget gate keeps what it lets
  through: f = 1 remembers everything); h = o * c without the tanh; h_(t-1) not fed
  back into the next step (the state must be carried).
""" # END TEST CONFIG
def test_lstm_no_padding(lstm_final_state):
    import numpy as np
    import torch
    rng = np.random.default_rng(9)
    batch, T, d, n = 2, 4, 3, 2
    X, W, U, b = rng.normal(size=(batch, T, d)), rng.normal(size=(d, 4 * n)), rng.normal(size=(n, 4 * n)), rng.normal(size=4 * n)
    idx = np.r_[n:2 * n, 0:n, 3 * n:4 * n, 2 * n:3 * n]          # our f, i, o, g -> torch's i, f, g, o
    lstm = torch.nn.LSTM(d, n, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(W[:, idx].T))
        lstm.weight_hh_l0.copy_(torch.tensor(U[:, idx].T))
        lstm.bias_ih_l0.copy_(torch.tensor(b[idx]))
        lstm.bias_hh_l0.zero_()
        _, (h_t, c_t) = lstm(torch.tensor(X))
    h, c = lstm_final_state(X, np.array([T, T]), W, U, b)
    h, c = np.asarray(h, dtype=float), np.asarray(c, dtype=float)
    assert h.shape == (batch, n) and c.shape == (batch, n), f"shapes {h.shape}, {c.shape}, expected ({batch}, {n}) each"
    assert np.allclose(c, c_t[0].numpy(), rtol=1e-9, atol=1e-12), f"c = {c.tolist()}, expected {c_t[0].tolist()}"
    assert np.allclose(h, h_t[0].numpy(), rtol=1e-9, atol=1e-12), f"h = {h.tolist()}, expected {h_t[0].tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With lengths [5, 2, 3] in a batch of T = 5 steps, row b must be the state after step
  lengths[b] of its own sequence, as torch.nn.LSTM gives on a packed sequence. If you
  are right without padding but wrong here, the padding steps changed the state (or you
  returned the state after step T, or after step lengths[b] + 1 or lengths[b] - 1).
  The padding is not zeros here, and even zero inputs change an LSTM state.
""" # END TEST CONFIG
def test_lstm_padded(lstm_final_state):
    import numpy as np
    import torch
    rng = np.random.default_rng(10)
    batch, T, d, n = 3, 5, 2, 3
    X, W, U, b = rng.normal(size=(batch, T, d)), rng.normal(size=(d, 4 * n)), rng.normal(size=(n, 4 * n)), rng.normal(size=4 * n)
    lengths = np.array([5, 2, 3])
    idx = np.r_[n:2 * n, 0:n, 3 * n:4 * n, 2 * n:3 * n]
    lstm = torch.nn.LSTM(d, n, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(W[:, idx].T))
        lstm.weight_hh_l0.copy_(torch.tensor(U[:, idx].T))
        lstm.bias_ih_l0.copy_(torch.tensor(b[idx]))
        lstm.bias_hh_l0.zero_()
        packed = torch.nn.utils.rnn.pack_padded_sequence(torch.tensor(X), torch.tensor(lengths),
                                                         batch_first=True, enforce_sorted=False)
        _, (h_t, c_t) = lstm(packed)
    h, c = lstm_final_state(X, lengths, W, U, b)
    h, c = np.asarray(h, dtype=float), np.asarray(c, dtype=float)
    assert h.shape == (batch, n) and c.shape == (batch, n), f"shapes {h.shape}, {c.shape}, expected ({batch}, {n}) each"
    assert np.allclose(c, c_t[0].numpy(), rtol=1e-9, atol=1e-12), f"c = {c.tolist()}, expected {c_t[0].tolist()}"
    assert np.allclose(h, h_t[0].numpy(), rtol=1e-9, atol=1e-12), f"h = {h.tolist()}, expected {h_t[0].tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One sequence of length 1 (then T = 3 with two padding steps): from zero state,
  c_1 = i g and h_1 = o tanh(c_1), with i = sigma(a[1]), o = sigma(a[2]),
  g = tanh(a[3]) for a = x_1 W + b (one unit, h = 1; the forget gate does not matter
  yet). Also X, lengths, W, U and b must be exactly as they were after the call.
""" # END TEST CONFIG
def test_lstm_one_step(lstm_final_state):
    import math
    import numpy as np
    X = np.array([[[0.5, -1.0], [3.0, 3.0], [-2.0, 7.0]]])
    W = np.array([[0.3, -0.8, 1.2, 0.4], [-0.5, 0.2, 0.6, -1.1]])
    U = np.array([[2.0, -3.0, 1.5, 0.7]])
    b = np.array([0.1, 0.2, -0.3, 0.4])
    lengths = np.array([1])
    copies = [a.copy() for a in (X, lengths, W, U, b)]
    h, c = lstm_final_state(X, lengths, W, U, b)
    for a, a0 in zip((X, lengths, W, U, b), copies):
        assert np.array_equal(a, a0), "an argument was modified"
    a = [sum(X[0, 0, k] * W[k, j] for k in range(2)) + b[j] for j in range(4)]
    sig = lambda v: 1 / (1 + math.exp(-v))
    c1 = sig(a[1]) * math.tanh(a[3])
    h1 = sig(a[2]) * math.tanh(c1)
    assert np.allclose(np.asarray(c, dtype=float), [[c1]], rtol=1e-12), f"c = {c}, expected [[{c1}]]"
    assert np.allclose(np.asarray(h, dtype=float), [[h1]], rtol=1e-12), f"h = {h}, expected [[{h1}]]"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  lstm_final_state differs from torch.nn.LSTM on an unseen padded batch (4 sequences,
  T = 7, d = 5, h = 3, lengths 7, 1, 4, 6), or modified its arguments.
""" # END TEST CONFIG
def test_lstm_hidden_random(lstm_final_state):
    import numpy as np
    import torch
    rng = np.random.default_rng(2024)
    batch, T, d, n = 4, 7, 5, 3
    X = rng.normal(size=(batch, T, d))
    W, U, b = 0.8 * rng.normal(size=(d, 4 * n)), 0.8 * rng.normal(size=(n, 4 * n)), rng.normal(size=4 * n)
    lengths = np.array([7, 1, 4, 6])
    copies = [a.copy() for a in (X, lengths, W, U, b)]
    idx = np.r_[n:2 * n, 0:n, 3 * n:4 * n, 2 * n:3 * n]
    lstm = torch.nn.LSTM(d, n, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(W[:, idx].T))
        lstm.weight_hh_l0.copy_(torch.tensor(U[:, idx].T))
        lstm.bias_ih_l0.copy_(torch.tensor(b[idx]))
        lstm.bias_hh_l0.zero_()
        packed = torch.nn.utils.rnn.pack_padded_sequence(torch.tensor(X), torch.tensor(lengths),
                                                         batch_first=True, enforce_sorted=False)
        _, (h_t, c_t) = lstm(packed)
    h, c = lstm_final_state(X, lengths, W, U, b)
    for a, a0 in zip((X, lengths, W, U, b), copies):
        assert np.array_equal(a, a0), "an argument was modified"
    assert np.allclose(np.asarray(c, dtype=float), c_t[0].numpy(), rtol=1e-9, atol=1e-12)
    assert np.allclose(np.asarray(h, dtype=float), h_t[0].numpy(), rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  lstm_final_state is wrong on an unseen long sequence (T = 12, one input, two units)
  with a strongly open forget gate, next to a sequence of length 9 padded with large
  values.
""" # END TEST CONFIG
def test_lstm_hidden_long(lstm_final_state):
    import math
    import numpy as np
    rng = np.random.default_rng(77)
    T, n = 12, 2
    X = rng.normal(size=(2, T, 1))
    X[1, 9:] = 50.0
    W, U = rng.normal(size=(1, 4 * n)), 0.5 * rng.normal(size=(n, 4 * n))
    b = np.array([3.0, 3.0, 0.0, 0.0, 0.5, -0.5, 0.2, 0.1])   # forget gates nearly open
    sig = lambda v: 1 / (1 + math.exp(-v))
    expected_h, expected_c = [], []
    for seq, L in ((0, 12), (1, 9)):
        h, c = [0.0] * n, [0.0] * n
        for t in range(L):
            a = [X[seq, t, 0] * W[0, j] + sum(h[k] * U[k, j] for k in range(n)) + b[j] for j in range(4 * n)]
            f, i, o, g = ([a[blk * n + u] for u in range(n)] for blk in range(4))
            c = [sig(f[u]) * c[u] + sig(i[u]) * math.tanh(g[u]) for u in range(n)]
            h = [sig(o[u]) * math.tanh(c[u]) for u in range(n)]
        expected_h.append(h)
        expected_c.append(c)
    h, c = lstm_final_state(X, [12, 9], W, U, b)
    assert np.allclose(np.asarray(c, dtype=float), expected_c, rtol=1e-9, atol=1e-12)
    assert np.allclose(np.asarray(h, dtype=float), expected_h, rtol=1e-9, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (code: the GRU as Cho et al. wrote it).** The chapter's GRU, like torch's
# and cuDNN's, applies the reset gate *after* the recurrent matrix,
# $r_t \odot (h_{t-1} U_n + b)$. The original GRU (Cho et al., 2014) resets the state
# *before* it is multiplied:
#
# $$\begin{aligned}
# r_t &= \sigma(x_t W_r + h_{t-1} U_r + b_r), \qquad
# z_t = \sigma(x_t W_z + h_{t-1} U_z + b_z),\\
# n_t &= \tanh\big(x_t W_n + (r_t \odot h_{t-1})\, U_n + b_n\big),\\
# h_t &= z_t \odot h_{t-1} + (1 - z_t) \odot n_t .
# \end{aligned}$$
#
# Write `gru_cho(X, h0, P)` for **one** sequence: `X` of shape `(T, d)`, the initial
# state `h0` of shape `(h,)`, and `P` a dict of arrays `"W_r"`, `"W_z"`, `"W_n"` of
# shape `(d, h)`, `"U_r"`, `"U_z"`, `"U_n"` of shape `(h, h)`, `"b_r"`, `"b_z"`,
# `"b_n"` of shape `(h,)`. Return every state, $h_1, \dots, h_T$, as an array of
# shape `(T, h)`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def gru_cho(X, h0, P):
    X, h = np.asarray(X, dtype=float), np.asarray(h0, dtype=float)
    P = {k: np.asarray(v, dtype=float) for k, v in P.items()}
    # BEGIN SOLUTION
    sig = lambda a: 1.0 / (1.0 + np.exp(-a))
    H = []
    for x in X:
        r = sig(x @ P["W_r"] + h @ P["U_r"] + P["b_r"])
        z = sig(x @ P["W_z"] + h @ P["U_z"] + P["b_z"])
        n = np.tanh(x @ P["W_n"] + (r * h) @ P["U_n"] + P["b_n"])   # reset before U_n
        h = z * h + (1.0 - z) * n
        H.append(h)
    return np.array(H)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With U_n = 0 the reset gate has nothing to act on, and both GRU variants are the
  same: your states must then equal torch.nn.GRU's (weights copied in). If they do not,
  look at the update - h_t = z h_(t-1) + (1 - z) n_t, not z n_t + (1 - z) h_(t-1);
  n_t uses tanh, the gates sigmoid; h_(t-1) is the state of the previous step, not h0;
  and the result holds all T states, h_1 to h_T.
""" # END TEST CONFIG
def test_gru_matches_torch_when_reset_is_idle(gru_cho):
    import numpy as np
    import torch
    rng = np.random.default_rng(3)
    T, d, n = 5, 3, 4
    P = {f"W_{g}": rng.normal(size=(d, n)) for g in "rzn"}
    P.update({f"U_{g}": rng.normal(size=(n, n)) for g in "rz"})
    P.update({f"b_{g}": rng.normal(size=n) for g in "rzn"})
    P["U_n"] = np.zeros((n, n))
    X, h0 = rng.normal(size=(T, d)), rng.normal(size=n)
    gru = torch.nn.GRU(d, n, dtype=torch.float64)
    with torch.no_grad():
        gru.weight_ih_l0.copy_(torch.tensor(np.concatenate([P["W_r"], P["W_z"], P["W_n"]], axis=1).T))
        gru.weight_hh_l0.copy_(torch.tensor(np.concatenate([P["U_r"], P["U_z"], P["U_n"]], axis=1).T))
        gru.bias_ih_l0.copy_(torch.tensor(np.concatenate([P["b_r"], P["b_z"], P["b_n"]])))
        gru.bias_hh_l0.zero_()
        expected, _ = gru(torch.tensor(X), torch.tensor(h0)[None])
    H = np.asarray(gru_cho(X, h0, P), dtype=float)
    assert H.shape == (T, n), f"shape {H.shape}, expected ({T}, {n}): every state h_1 ... h_T"
    assert np.allclose(H, expected.numpy(), rtol=1e-9, atol=1e-12), f"H = {H.round(5).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With a full U_n the reset must multiply h_(t-1) before U_n - (r * h) @ U_n - which is
  not torch's r * (h @ U_n): the two differ as soon as U_n mixes units. Check that r
  is applied at all, and that it resets the state fed to U_n, not the candidate.
""" # END TEST CONFIG
def test_gru_reset_before(gru_cho):
    import math
    import numpy as np
    rng = np.random.default_rng(4)
    T, d, n = 4, 2, 3
    P = {f"W_{g}": rng.normal(size=(d, n)) for g in "rzn"}
    P.update({f"U_{g}": 1.5 * rng.normal(size=(n, n)) for g in "rzn"})
    P.update({f"b_{g}": rng.normal(size=n) for g in "rzn"})
    X, h0 = rng.normal(size=(T, d)), rng.normal(size=n)
    sig = lambda v: 1 / (1 + math.exp(-v))
    aff = lambda x, h, g: [sum(x[k] * P[f"W_{g}"][k, j] for k in range(d)) + sum(h[k] * P[f"U_{g}"][k, j] for k in range(n))
                           + P[f"b_{g}"][j] for j in range(n)]
    h, expected = list(h0), []
    for x in X:
        r = [sig(v) for v in aff(x, h, "r")]
        z = [sig(v) for v in aff(x, h, "z")]
        nn_ = [math.tanh(v) for v in aff(x, [r[k] * h[k] for k in range(n)], "n")]   # (r * h) U_n
        h = [z[j] * h[j] + (1 - z[j]) * nn_[j] for j in range(n)]
        expected.append(h)
    H = np.asarray(gru_cho(X, h0, P), dtype=float)
    assert H.shape == (T, n), f"shape {H.shape}, expected ({T}, {n})"
    assert np.allclose(H, expected, rtol=1e-9, atol=1e-12), f"H = {H.round(5).tolist()}, expected {np.round(expected, 5).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With one unit, b_z = 50 (z = 1, update closed) the state must be copied through
  unchanged, h_t = h0 for every t; with b_z = -50 (z = 0) h_t is the candidate n_t
  alone. Also X, h0 and the arrays in P must be exactly as they were after the call.
""" # END TEST CONFIG
def test_gru_gate_extremes(gru_cho):
    import math
    import numpy as np
    X = np.array([[1.0], [-2.0], [0.5]])
    h0 = np.array([0.7])
    P = {"W_r": np.array([[0.4]]), "W_z": np.array([[0.3]]), "W_n": np.array([[1.1]]),
         "U_r": np.array([[-0.6]]), "U_z": np.array([[0.2]]), "U_n": np.array([[0.9]]),
         "b_r": np.array([0.1]), "b_z": np.array([50.0]), "b_n": np.array([-0.2])}
    copies = {k: v.copy() for k, v in P.items()}
    X0, h00 = X.copy(), h0.copy()
    H = np.asarray(gru_cho(X, h0, P), dtype=float)
    assert np.array_equal(X, X0) and np.array_equal(h0, h00), "X or h0 was modified"
    assert all(np.array_equal(P[k], copies[k]) for k in P), "an array in P was modified"
    assert np.allclose(H, [[0.7]] * 3, atol=1e-12), f"with z = 1 the state is copied: H = {H.tolist()}, expected 0.7 three times"
    P["b_z"] = np.array([-50.0])
    H = np.asarray(gru_cho(X, h0, P), dtype=float)
    sig = lambda v: 1 / (1 + math.exp(-v))
    h, expected = 0.7, []
    for x in X[:, 0]:
        r = sig(0.4 * x - 0.6 * h + 0.1)
        h = math.tanh(1.1 * x + 0.9 * r * h - 0.2)
        expected.append([h])
    assert np.allclose(H, expected, rtol=1e-9, atol=1e-12), f"with z = 0: H = {H.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  gru_cho is wrong on an unseen sequence (T = 8, d = 4, h = 5, a full U_n), or
  modified its arguments.
""" # END TEST CONFIG
def test_gru_hidden_random(gru_cho):
    import math
    import numpy as np
    rng = np.random.default_rng(808)
    T, d, n = 8, 4, 5
    P = {f"W_{g}": rng.normal(size=(d, n)) for g in "rzn"}
    P.update({f"U_{g}": rng.normal(size=(n, n)) for g in "rzn"})
    P.update({f"b_{g}": rng.normal(size=n) for g in "rzn"})
    X, h0 = rng.normal(size=(T, d)), rng.normal(size=n)
    copies = {k: v.copy() for k, v in P.items()}
    X0, h00 = X.copy(), h0.copy()
    sig = lambda v: 1 / (1 + math.exp(-v))
    h, expected = list(h0), []
    for x in X:
        r = [sig(sum(x[k] * P["W_r"][k, j] for k in range(d)) + sum(h[k] * P["U_r"][k, j] for k in range(n)) + P["b_r"][j]) for j in range(n)]
        z = [sig(sum(x[k] * P["W_z"][k, j] for k in range(d)) + sum(h[k] * P["U_z"][k, j] for k in range(n)) + P["b_z"][j]) for j in range(n)]
        c = [math.tanh(sum(x[k] * P["W_n"][k, j] for k in range(d)) + sum(r[k] * h[k] * P["U_n"][k, j] for k in range(n)) + P["b_n"][j]) for j in range(n)]
        h = [z[j] * h[j] + (1 - z[j]) * c[j] for j in range(n)]
        expected.append(h)
    H = np.asarray(gru_cho(X, h0, P), dtype=float)
    assert np.array_equal(X, X0) and np.array_equal(h0, h00), "X or h0 was modified"
    assert all(np.array_equal(P[k], copies[k]) for k in P), "an array in P was modified"
    assert H.shape == (T, n) and np.allclose(H, expected, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  gru_cho is wrong on unseen short sequences (T = 1 and T = 2, h = 2), given as lists.
""" # END TEST CONFIG
def test_gru_hidden_short(gru_cho):
    import math
    import numpy as np
    rng = np.random.default_rng(5150)
    for T in (1, 2):
        d, n = 3, 2
        P = {f"W_{g}": rng.normal(size=(d, n)) for g in "rzn"}
        P.update({f"U_{g}": 2 * rng.normal(size=(n, n)) for g in "rzn"})
        P.update({f"b_{g}": rng.normal(size=n) for g in "rzn"})
        X, h0 = rng.normal(size=(T, d)), rng.normal(size=n)
        sig = lambda a: 1 / (1 + np.exp(-a))
        h, expected = h0.copy(), []
        for x in X:
            r = sig(np.einsum("k,kj->j", x, P["W_r"]) + np.einsum("k,kj->j", h, P["U_r"]) + P["b_r"])
            z = sig(np.einsum("k,kj->j", x, P["W_z"]) + np.einsum("k,kj->j", h, P["U_z"]) + P["b_z"])
            c = np.tanh(np.einsum("k,kj->j", x, P["W_n"]) + np.einsum("k,kj->j", r * h, P["U_n"]) + P["b_n"])
            h = z * h + (1 - z) * c
            expected.append(h)
        H = np.asarray(gru_cho(X.tolist(), h0.tolist(), {k: v.tolist() for k, v in P.items()}), dtype=float)
        assert H.shape == (T, n) and np.allclose(H, expected, rtol=1e-9, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (derive: how long an LSTM cell remembers).** Freeze an LSTM cell's gates:
# from the cell state $c_0$, the same forget gate $f \in [0, 1]$, input gate
# $i \in [0, 1]$ and candidate $g \in [-1, 1]$ act at every step,
# $c_t = f\, c_{t-1} + i\, g$.
#
# 1. `cell_after(c0, f, i, g, k)` returns $c_k$ after $k \ge 0$ steps. The arguments
#    other than `k` are numbers, or numpy arrays of one shape (one cell each, element by
#    element); return a number or an array of that shape. Derive a closed form: `k` can
#    be as large as $10^9$, so a loop over the steps is too slow. It must be exact for
#    every $f$ in $[0, 1]$, **including $f = 1$** (no `nan`).
# 2. The forget gate of a cell is $f = \sigma(b_f)$ when its weights are zero. Nothing is
#    written ($i = 0$). `forget_bias_for_half_life(k)` returns the bias $b_f$ for which
#    the cell keeps exactly half of $c_0$ after $k$ steps, for any real $k \ge 1$ (for
#    example $k = 10^6$, to a relative precision of $10^{-8}$ or better).

# %% [raw]
# # BEGIN SOLUTION

# %%
def cell_after(c0, f, i, g, k):
    # BEGIN SOLUTION
    c0, f, i, g = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (c0, f, i, g)))
    fk = f ** k
    # c_k = f^k c0 + i g (1 + f + ... + f^(k-1)); the geometric sum is k where f = 1
    one = f == 1.0
    geometric = np.where(one, float(k), (1.0 - fk) / np.where(one, 0.5, 1.0 - f))
    out = fk * c0 + i * g * geometric
    return out if out.ndim else float(out)
    # END SOLUTION


def forget_bias_for_half_life(k):
    # BEGIN SOLUTION
    # sigma(b)^k = 1/2: f = 2^(-1/k), b = log(f / (1 - f)) = -log(2^(1/k) - 1)
    return -math.log(math.expm1(math.log(2.0) / k))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For c0 = 2, f = 0.5, i = 1, g = 0.8, after k = 3 steps c_3 = 0.5^3 * 2 + 0.8 (1 + 0.5
  + 0.25) = 1.65: the input is written at every step, and each write then decays. A
  geometric sum with one term too many or too few (1 - f^(k+1) or 1 - f^(k-1) on top)
  gives 1.75 or 1.45; f^k c0 + i g (only the last write) gives 1.05. With
  c0 = -1, f = 0.999999, i = 0.5, g = 1 and k = 10^6 the answer is close to
  -e^(-1) + 0.5 * 10^6 (1 - e^(-1)).
""" # END TEST CONFIG
def test_cell_after_values(cell_after):
    from decimal import Decimal, getcontext
    import numpy as np
    out = cell_after(2.0, 0.5, 1.0, 0.8, 3)
    assert np.ndim(out) == 0, f"returned shape {np.shape(out)} for numbers, expected one number"
    assert abs(float(out) - 1.65) < 1e-12, f"cell_after(2, 0.5, 1, 0.8, 3) = {out}, expected 1.65"
    getcontext().prec = 60
    c0, f, i, g, k = -1.0, 0.999999, 0.5, 1.0, 10 ** 6
    F = Decimal(f) ** k
    expected = float(F * Decimal(c0) + Decimal(i) * Decimal(g) * (1 - F) / (1 - Decimal(f)))
    out = float(cell_after(c0, f, i, g, k))
    assert abs(out - expected) <= 1e-9 * abs(expected), f"k = 10^6: got {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  cell_after must handle f = 1 exactly: nothing is forgotten and every write adds up,
  c_k = c0 + k i g (a nan means the closed form divided 0 by 1 - f = 0). f = 0 keeps
  only the last write, c_k = i g for k >= 1, and k = 0 returns c0. Arrays are element
  by element, with f = 1 next to f < 1 in the same array, and k = 10^9.
""" # END TEST CONFIG
def test_cell_after_edges(cell_after):
    import numpy as np
    with np.errstate(invalid="ignore", divide="ignore"):
        out = cell_after(0.5, 1.0, 0.25, -0.4, 7)
        assert abs(float(out) - (0.5 - 7 * 0.1)) < 1e-12, f"f = 1, k = 7: got {out}, expected {0.5 - 0.7}"
        c0 = np.array([0.5, 0.5, 1.0, -3.0])
        f = np.array([1.0, 0.0, 0.9, 1.0])
        i = np.array([0.25, 0.6, 1.0, 1.0])
        g = np.array([-0.4, 0.5, 1.0, 1e-9])
        args = [a.copy() for a in (c0, f, i, g)]
        out = np.asarray(cell_after(c0, f, i, g, 10 ** 9), dtype=float)
        assert all(np.array_equal(a, b) for a, b in zip(args, (c0, f, i, g))), "an argument was modified"
        expected = np.array([0.5 - 0.1 * 10 ** 9, 0.3, 10.0, -3.0 + 1.0])
        assert out.shape == (4,), f"shape {out.shape}, expected (4,)"
        assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"got {out.tolist()}, expected {expected.tolist()}"
        out = np.asarray(cell_after(c0, f, i, g, 0), dtype=float)
        assert np.allclose(out, c0), f"k = 0 must return c0, got {out.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  forget_bias_for_half_life is not right. For k = 1, sigma(b) must be 1/2, so b = 0; in
  general sigma(b)^k = 1/2, so f = 2^(-1/k) and b is the logit of f, log(f / (1 - f)):
  for k = 10 that is about 2.6342 (log f alone is about -0.0693; a negative b is the
  wrong sign, forgetting faster than it remembers). For k = 10^6 about 14.18: write
  1 - f without cancellation (expm1 helps).
""" # END TEST CONFIG
def test_half_life(forget_bias_for_half_life):
    from decimal import Decimal, getcontext
    getcontext().prec = 60
    for k in (1, 10, 10 ** 6):
        f = Decimal(2) ** (Decimal(-1) / Decimal(k))
        expected = float((f / (1 - f)).ln())
        b = float(forget_bias_for_half_life(k))
        assert abs(b - expected) <= 1e-8 * max(1.0, abs(expected)), f"k = {k}: b = {b}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  cell_after is wrong on unseen arrays of cells (shape (2, 3), f from 0 to 1 included,
  k from 1 to 10^8).
""" # END TEST CONFIG
def test_cell_after_hidden(cell_after):
    from decimal import Decimal, getcontext
    import numpy as np
    getcontext().prec = 80
    rng = np.random.default_rng(99)
    c0 = rng.normal(size=(2, 3))
    f = np.array([[0.0, 0.3, 0.97], [1.0, 1 - 2.0 ** -20, 0.5]])
    i, g = rng.uniform(size=(2, 3)), rng.uniform(-1, 1, size=(2, 3))
    for k in (1, 5, 40, 3 * 10 ** 6, 10 ** 8):
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.asarray(cell_after(c0, f, i, g, k), dtype=float)
        expected = np.empty((2, 3))
        for idx in np.ndindex(2, 3):
            F, C0, I, G = (Decimal(float(a[idx])) for a in (f, c0, i, g))
            s = Decimal(k) if F == 1 else (1 - F ** k) / (1 - F)
            expected[idx] = float(F ** k * C0 + I * G * s)
        assert out.shape == (2, 3) and np.allclose(out, expected, rtol=1e-8, atol=1e-12), f"k = {k}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  forget_bias_for_half_life is wrong for unseen half-lives (k = 2, 2.5, 137, 10^7).
""" # END TEST CONFIG
def test_half_life_hidden(forget_bias_for_half_life):
    import math
    for k in (2, 2.5, 137, 10 ** 7):
        b = float(forget_bias_for_half_life(k))
        f = 1 / (1 + math.exp(-b))
        assert abs(k * math.log(f) + math.log(2)) < 1e-8, f"k = {k}: sigma(b)^k = {f ** k}"
        assert b > 0

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (derive: how many parameters a recurrent layer has).** Write
# `recurrent_param_count(cell, d, h, layers=1, bidirectional=False)`, returning, as an
# integer, the number of parameters of
# `torch.nn.RNN(d, h, num_layers=layers, bidirectional=bidirectional)` for
# `cell = "rnn"`, of `torch.nn.LSTM(...)` for `"lstm"` and of `torch.nn.GRU(...)` for
# `"gru"`, with the same arguments (and torch's defaults otherwise: biases on).
#
# Derive it from the gate equations and from how torch stores its weights: torch keeps
# **two** bias vectors per gate block, `bias_ih` and `bias_hh` (for the GRU the split
# matters, the chapter says why; for the LSTM only their sum does, but both are
# parameters). Layer $\ell + 1$ reads the outputs of layer $\ell$; a bidirectional layer
# has two directions, each with its own weights, whose outputs are concatenated. Do not
# build a network: the tests ask for sizes such as $d = h = 10^5$.

# %% [raw]
# # BEGIN SOLUTION

# %%
def recurrent_param_count(cell, d, h, layers=1, bidirectional=False):
    # BEGIN SOLUTION
    blocks = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    directions = 2 if bidirectional else 1
    total, inputs = 0, d
    for _ in range(layers):
        # per direction: W_ih (blocks h, inputs), W_hh (blocks h, h), two biases (blocks h)
        total += directions * blocks * (h * inputs + h * h + 2 * h)
        inputs = directions * h          # the next layer reads both directions' outputs
    return total
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One layer, one direction is wrong. An LSTM has 4 gate blocks of h rows, a GRU 3, a
  plain RNN 1; each block has an input matrix (h, d), a recurrent matrix (h, h) and
  TWO biases of h (bias_ih and bias_hh): nn.LSTM(10, 20) has 4 (20*10 + 20*20 + 2*20)
  = 2560 parameters. A single bias per block gives 2480.
""" # END TEST CONFIG
def test_params_one_layer(recurrent_param_count):
    import torch
    for cell, d, h in [("lstm", 10, 20), ("gru", 7, 3), ("rnn", 5, 8), ("lstm", 1, 1)]:
        module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](d, h, device="meta")
        expected = sum(p.numel() for p in module.parameters())
        out = recurrent_param_count(cell, d, h)
        assert out == expected and float(out).is_integer(), f"{cell}, d = {d}, h = {h}: got {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Stacked or bidirectional layers are wrong. Layer 2 reads the h outputs of layer 1, not
  the d inputs of the network; a bidirectional layer doubles every count, and the layer
  above it reads 2h numbers per step (both directions concatenated). nn.LSTM(10, 20,
  num_layers=2) has 2560 + 4 (20*20 + 20*20 + 40) = 5920 parameters; bidirectional
  it has 2 * 2560 + 2 * 4 (20*40 + 20*20 + 40) = 15040.
""" # END TEST CONFIG
def test_params_stacked(recurrent_param_count):
    import torch
    for cell, d, h, L, bi in [("lstm", 10, 20, 2, False), ("lstm", 10, 20, 2, True), ("gru", 6, 4, 3, True),
                              ("rnn", 3, 9, 2, False), ("gru", 100000, 100000, 1, True)]:
        module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](
            d, h, num_layers=L, bidirectional=bi, device="meta")
        expected = sum(p.numel() for p in module.parameters())
        out = recurrent_param_count(cell, d, h, L, bi)
        assert out == expected and float(out).is_integer(), f"{cell}, d = {d}, h = {h}, layers = {L}, bidirectional = {bi}: got {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  recurrent_param_count is wrong for unseen one-layer sizes (up to d = 123457, h = 65537).
""" # END TEST CONFIG
def test_params_hidden_one_layer(recurrent_param_count):
    import torch
    for cell, d, h in [("gru", 123457, 65537), ("lstm", 2, 300), ("rnn", 1, 1), ("gru", 1, 2), ("lstm", 999, 7)]:
        module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](d, h, device="meta")
        expected = sum(p.numel() for p in module.parameters())
        assert recurrent_param_count(cell, d, h) == expected, f"{cell} {d} {h}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  recurrent_param_count is wrong for unseen stacks (4 layers, bidirectional, d much
  larger or smaller than h).
""" # END TEST CONFIG
def test_params_hidden_stacked(recurrent_param_count):
    import torch
    for cell, d, h, L, bi in [("lstm", 300, 17, 4, True), ("gru", 5, 64, 2, True), ("rnn", 64, 5, 3, True),
                              ("lstm", 1, 50000, 3, False), ("gru", 33, 33, 4, False)]:
        module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](
            d, h, num_layers=L, bidirectional=bi, device="meta")
        expected = sum(p.numel() for p in module.parameters())
        assert recurrent_param_count(cell, d, h, layers=L, bidirectional=bi) == expected, f"{cell} {d} {h} {L} {bi}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (debug: a sampling loop for a character-level model).** A trained
# character-level language model is given as a function `step(token, state)`: it reads
# one token id and the state (`None` at the very start) and returns the logits of the
# next token, an array of shape `(V,)`, and the new state. Text is generated like this:
#
# - the first token fed is `first_id`; afterwards, each sampled token is fed back in,
#   together with the state `step` returned the step before;
# - at step $k$ ($k = 0, \dots, n-1$) the next token is drawn from
#   $p = \operatorname{softmax}(z / \tau)$ for the logits $z$ and the temperature
#   $\tau > 0$, by the inverse of the cumulative distribution: with the uniform draw
#   `u[k]` in $[0, 1)$, the token is the **smallest** index $j$ with
#   $p_0 + \dots + p_j > u_k$ (the last index if rounding leaves every sum $\le u_k$);
# - $\tau = 0$ means greedy decoding: the token is the index of the largest logit (the
#   first one if several tie), and `u` is not used;
# - it must work for logits up to $10^4 \tau$ in size without overflow (the tests run it
#   under `np.errstate(over="raise")`), and return the $n$ sampled ids as a list of ints.
#
# `buggy_generate` below has **four bugs**. Find them, and write `generate` with the
# same arguments, doing what is described above. (The uniform draws come as an argument
# so that the result is exact and testable; in use they would come from
# `rng.random(n)`.)

# %%
def buggy_generate(step, first_id, n, temperature, u):
    state, out = None, []
    for k in range(n):
        logits, new_state = step(first_id, state)
        p = np.exp(logits - logits.max())
        p = p / p.sum() / temperature          # the temperature
        cdf = np.cumsum(p)
        out.append(int(np.searchsorted(cdf, u[k], side="right")))
    return out

# %% [raw]
# # BEGIN SOLUTION

# %%
def generate(step, first_id, n, temperature, u):
    # BEGIN SOLUTION
    state, token, out = None, first_id, []
    for k in range(n):
        logits, state = step(token, state)                 # carry the state
        z = np.asarray(logits, dtype=float)
        if temperature == 0:
            token = int(np.argmax(z))
        else:
            s = z / temperature                             # the temperature scales logits
            p = np.exp(s - s.max())                         # shifted after scaling: no overflow
            cdf = np.cumsum(p / p.sum())
            token = min(int(np.searchsorted(cdf, u[k], side="right")), len(z) - 1)
        out.append(token)                                   # fed back at the next step
    return out
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  At temperature 1 the tokens differ from what the model gives when each sampled token
  is fed back in (not first_id again) and the state returned by step is passed to the
  next call (not None, the start state, every time). Token j is the smallest index whose
  cumulative probability exceeds u[k].
""" # END TEST CONFIG
def test_generate_temperature_one(generate):
    import math
    import numpy as np
    rng = np.random.default_rng(12)
    V, H = 5, 4
    E, A, C = rng.normal(size=(V, H)), rng.normal(size=(H, H)), 2.0 * rng.normal(size=(H, V))
    def step(token, state):
        h = np.zeros(H) if state is None else state
        h = np.tanh(E[int(token)] + h @ A)
        return h @ C, h
    u = rng.uniform(size=8)
    state, tok, expected = None, 2, []
    for k in range(8):
        z, state = step(tok, state)
        w = [math.exp(v - max(z)) for v in z]
        acc, tok = 0.0, V - 1
        for j, wj in enumerate(w):
            acc += wj / sum(w)
            if acc > u[k]:
                tok = j
                break
        expected.append(tok)
    out = [int(t) for t in generate(step, 2, 8, 1.0, u)]
    assert out == expected, f"got {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Wrong tokens at temperatures 0.5 and 2.5, or at temperature 0. The temperature divides
  the logits before the softmax, p = softmax(z / tau); dividing the probabilities by tau
  after the softmax changes nothing once they are normalised (and breaks the cumulative
  sum if they are not). Temperature 0 is greedy, the argmax of the logits (the first
  one if several tie, as np.argmax), with no division by zero.
""" # END TEST CONFIG
def test_generate_temperatures(generate):
    import math
    import numpy as np
    rng = np.random.default_rng(21)
    V, H = 6, 3
    E, A, C = rng.normal(size=(V, H)), rng.normal(size=(H, H)), 2.0 * rng.normal(size=(H, V))
    def step(token, state):
        h = np.zeros(H) if state is None else state
        h = np.tanh(E[int(token)] + h @ A)
        return h @ C, h
    u = rng.uniform(size=10)
    for tau in (0.5, 2.5, 0.0):
        state, tok, expected = None, 0, []
        for k in range(10):
            z, state = step(tok, state)
            if tau == 0:
                tok = max(range(V), key=lambda j: z[j])
            else:
                w = [math.exp((v - max(z)) / tau) for v in z]
                acc, tok = 0.0, V - 1
                for j, wj in enumerate(w):
                    acc += wj / sum(w)
                    if acc > u[k]:
                        tok = j
                        break
            expected.append(tok)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = [int(t) for t in generate(step, 0, 10, tau, u)]
        assert out == expected, f"temperature {tau}: got {out}, expected {expected}"
    fixed = [np.array([-3.0, -1.0, -2.0]), np.array([-0.5, -4.0, -0.25]), np.array([0.0, -1.0, -2.0]),
             np.array([1.5, -1.0, 1.5])]
    greedy = lambda token, state: (fixed[0 if state is None else state + 1], 0 if state is None else state + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = [int(t) for t in generate(greedy, 0, 4, 0.0, [0.5] * 4)]
    assert out == [1, 2, 0, 0], f"temperature 0 with negative and tied logits: got {out}, expected [1, 2, 0, 0] (the argmax, the first of tied ones)"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  At temperature 0.01 with logits of size 50, z / tau is 5000: exp of it overflows
  unless you subtract the maximum of z / tau (or of z, before dividing) first. The
  token with the largest logit then has probability 1. Also u must be unchanged and
  the result must hold n tokens.
""" # END TEST CONFIG
def test_generate_cold(generate):
    import numpy as np
    seq = [3, 1, 4, 1, 5, 0, 2]
    def step(token, state):
        t = 0 if state is None else state + 1
        z = np.full(6, -50.0)
        z[seq[t]] = 50.0
        z[(seq[t] + 1) % 6] = 49.0
        return z, t
    u = np.array([0.3, 0.999, 0.5, 0.0, 0.9, 0.7, 0.1])
    u0 = u.copy()
    with np.errstate(over="raise"):
        out = [int(t) for t in generate(step, 0, 7, 0.01, u)]
    assert np.array_equal(u, u0), "u was modified"
    assert out == seq, f"got {out}, expected {seq}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  generate is wrong on an unseen model (V = 9, 25 tokens) at temperatures 1, 0.3, 1.7
  and 0: tokens fed back, state carried, temperature before the softmax.
""" # END TEST CONFIG
def test_generate_hidden_random(generate):
    import math
    import numpy as np
    rng = np.random.default_rng(4321)
    V, H = 9, 6
    E, A, C = rng.normal(size=(V, H)), rng.normal(size=(H, H)), 1.5 * rng.normal(size=(H, V))
    def step(token, state):
        h = np.zeros(H) if state is None else state
        h = np.tanh(E[int(token)] + h @ A)
        return h @ C, h
    u = rng.uniform(size=25)
    for tau in (1.0, 0.3, 1.7, 0.0):
        state, tok, expected = None, 4, []
        for k in range(25):
            z, state = step(tok, state)
            if tau == 0:
                tok = max(range(V), key=lambda j: z[j])
            else:
                w = [math.exp((v - max(z)) / tau) for v in z]
                acc, tok = 0.0, V - 1
                for j, wj in enumerate(w):
                    acc += wj / sum(w)
                    if acc > u[k]:
                        tok = j
                        break
            expected.append(tok)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = [int(t) for t in generate(step, 4, 25, tau, u)]
        assert out == expected, f"temperature {tau}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  generate is wrong on an unseen counting model, whose next token depends only on how
  many steps it has taken (the state) and on the token fed in, at temperatures 1 and
  0.7.
""" # END TEST CONFIG
def test_generate_hidden_counter(generate):
    import math
    import numpy as np
    V = 4
    def step(token, state):
        t = 0 if state is None else state + 1
        z = np.array([math.sin(t + j) + 0.7 * (j == (int(token) + 1) % V) for j in range(V)])
        return 3.0 * z, t
    u = np.linspace(0.05, 0.95, 12)
    for tau in (1.0, 0.7):
        state, tok, expected = None, 1, []
        for k in range(12):
            z, state = step(tok, state)
            w = [math.exp((v - max(z)) / tau) for v in z]
            acc, tok = 0.0, V - 1
            for j, wj in enumerate(w):
                acc += wj / sum(w)
                if acc > u[k]:
                    tok = j
                    break
            expected.append(tok)
        assert [int(t) for t in generate(step, 1, 12, tau, u)] == expected, f"temperature {tau}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  generate overflows or is wrong at unseen low temperatures (0.001 and 1e-4) with
  logits of size 10, with a single token (n = 1), or greedy with tied logits (the first
  of the tied ones).
""" # END TEST CONFIG
def test_generate_hidden_cold(generate):
    import numpy as np
    seq = [2, 2, 0, 1, 3]
    def step(token, state):
        t = 0 if state is None else state + 1
        z = np.linspace(-10.0, 10.0, 4)
        z[seq[t]], z[3] = z[3], z[seq[t]]
        return z, t
    u = np.array([0.99, 0.01, 0.5, 0.75, 0.25])
    for tau in (1e-3, 1e-4):
        with np.errstate(over="raise"):
            out = [int(t) for t in generate(step, 0, 5, tau, u)]
        assert out == seq, f"temperature {tau}: {out}"
        with np.errstate(over="raise"):
            assert [int(t) for t in generate(step, 3, 1, tau, u[:1])] == seq[:1]
    ties = [np.array([0.5, 3.0, 3.0, 3.0]), np.array([7.0, 7.0, 1.0, 1.0]), np.array([-2.0, -5.0, -2.0, -9.0])]
    greedy = lambda token, state: (ties[0 if state is None else state + 1], 0 if state is None else state + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        assert [int(t) for t in generate(greedy, 1, 3, 0, u[:3])] == [1, 0, 0], "greedy ties"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (code: top-k sampling with a temperature).** Sampling from the whole
# softmax sometimes picks a very unlikely character, and the generated text derails.
# *Top-k sampling* keeps only the $k$ largest logits of each row, and samples from the
# softmax of those alone, at temperature $\tau > 0$:
#
# $$p_j = \frac{e^{z_j / \tau}}{\sum_{l \in \text{top}_k(z)} e^{z_l / \tau}}
# \ \text{ for } j \in \text{top}_k(z), \qquad p_j = 0 \text{ otherwise.}$$
#
# Write `top_k_distribution(logits, k, temperature)` returning $p$: `logits` has shape
# `(V,)` (one distribution) or `(n, V)` (one per row), and $p$ has the same shape. $k$
# is an integer $\ge 1$; when $k \ge V$ every token is kept. It must be exact and must
# not overflow for $|z / \tau|$ up to $10^5$ (the tests run it under
# `np.errstate(over="raise")`), and must not modify `logits`. (The tests never put a tie
# at the $k$-th place.)

# %% [raw]
# # BEGIN SOLUTION

# %%
def top_k_distribution(logits, k, temperature):
    z = np.asarray(logits, dtype=float)
    # BEGIN SOLUTION
    s = z / temperature
    k = min(k, s.shape[-1])
    kth = np.sort(s, axis=-1)[..., -k][..., None]        # each row's k-th largest score
    keep = s >= kth
    e = np.where(keep, np.exp(np.where(keep, s - s.max(axis=-1, keepdims=True), 0.0)), 0.0)
    return e / e.sum(axis=-1, keepdims=True)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For one row of 6 logits with k = 3 and temperature 0.7, the 3 largest logits share
  softmax(z / 0.7) among themselves and the other 3 get exactly 0. Zeroing the others
  after a softmax over all 6 without renormalising leaves a sum below 1; ignoring the
  temperature (or dividing the probabilities by it after the softmax) gives
  softmax(z); keeping the k smallest keeps the wrong tokens.
""" # END TEST CONFIG
def test_top_k_one_row(top_k_distribution):
    import numpy as np
    import torch
    z = np.array([1.0, -0.5, 2.0, 0.3, 1.4, -2.0])
    zt = torch.tensor(z) / 0.7
    vals, idx = torch.topk(zt, 3)
    expected = torch.zeros(6, dtype=torch.float64).scatter(0, idx, torch.softmax(vals, 0)).numpy()
    p = np.asarray(top_k_distribution(z, 3, 0.7), dtype=float)
    assert p.shape == (6,), f"shape {p.shape}, expected (6,)"
    assert np.allclose(p, expected, rtol=1e-12, atol=1e-15), f"p = {p.round(5).tolist()}, expected {expected.round(5).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For a batch of 3 rows, each row keeps its own k largest logits (one threshold over the
  whole batch keeps the wrong tokens), here with k = 2 at temperature 1.5; k = 1 puts all
  the probability on each row's largest logit, and k >= V keeps every token (a plain
  softmax at that temperature).
""" # END TEST CONFIG
def test_top_k_batch(top_k_distribution):
    import numpy as np
    import torch
    Z = np.array([[0.1, 2.0, -1.0, 0.5, 3.0], [5.0, 4.0, 6.0, 1.0, 0.0], [-3.0, -2.0, -1.5, -4.0, -2.5]])
    for k, tau in ((2, 1.5), (1, 0.8), (5, 2.0), (9, 0.5)):
        zt = torch.tensor(Z) / tau
        vals, idx = torch.topk(zt, min(k, 5), dim=-1)
        expected = torch.zeros_like(zt).scatter(-1, idx, torch.softmax(vals, -1)).numpy()
        p = np.asarray(top_k_distribution(Z, k, tau), dtype=float)
        assert p.shape == (3, 5), f"shape {p.shape}, expected (3, 5)"
        assert np.allclose(p, expected, rtol=1e-12, atol=1e-15), f"k = {k}, tau = {tau}: p = {p.round(4).tolist()}, expected {expected.round(4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With logits near 1000 at temperature 0.05 (z / tau about 20000) exp overflows unless
  each row's maximum of z / tau is subtracted first; the answer is exact: among the top
  2, logits 1000 and 999.9 get 1 / (1 + e^-2) and e^-2 / (1 + e^-2). Also, logits must
  be exactly as they were after the call (sorting it in place changes the caller's
  array).
""" # END TEST CONFIG
def test_top_k_extreme(top_k_distribution):
    import math
    import numpy as np
    z = np.array([999.9, -1000.0, 1000.0, 998.0])
    z0 = z.copy()
    with np.errstate(over="raise"):
        p = np.asarray(top_k_distribution(z, 2, 0.05), dtype=float)
    assert np.array_equal(z, z0), f"logits were modified: {z.tolist()}"
    e = math.exp(-(1000.0 - 999.9) / 0.05)
    expected = [e / (1 + e), 0.0, 1 / (1 + e), 0.0]
    assert np.allclose(p, expected, rtol=1e-9, atol=1e-300), f"p = {p.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  top_k_distribution is wrong on an unseen batch (4 rows of 9 logits) for k = 1, 3, 8, 20
  and several temperatures, or modified its argument.
""" # END TEST CONFIG
def test_top_k_hidden_random(top_k_distribution):
    import numpy as np
    import torch
    rng = np.random.default_rng(64)
    Z = rng.normal(0.0, 3.0, size=(4, 9))
    Z0 = Z.copy()
    for k, tau in ((1, 1.0), (3, 0.4), (8, 3.0), (20, 1.2), (4, 1.0)):
        zt = torch.tensor(Z) / tau
        vals, idx = torch.topk(zt, min(k, 9), dim=-1)
        expected = torch.zeros_like(zt).scatter(-1, idx, torch.softmax(vals, -1)).numpy()
        p = np.asarray(top_k_distribution(Z, k, tau), dtype=float)
        assert np.array_equal(Z, Z0), "logits were modified"
        assert p.shape == (4, 9) and np.allclose(p, expected, rtol=1e-10, atol=1e-15), f"k = {k}, tau = {tau}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  top_k_distribution overflows or is not exact at unseen extreme logits (a batch of 2,
  |z / tau| up to 10^5), or on a list given as a single row.
""" # END TEST CONFIG
def test_top_k_hidden_extreme(top_k_distribution):
    import math
    import numpy as np
    Z = np.array([[5000.0, 4999.0, -5000.0, 0.0], [-200.0, -201.0, -199.5, 300.0]])
    Z0 = Z.copy()
    with np.errstate(over="raise"):
        p = np.asarray(top_k_distribution(Z, 3, 0.05), dtype=float)
    assert np.array_equal(Z, Z0), "logits were modified"
    e20 = math.exp(-20.0)
    expected = [[1 / (1 + e20), e20 / (1 + e20), 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
    assert np.allclose(p, expected, rtol=1e-9, atol=1e-300), f"p = {p.tolist()}"
    q = np.asarray(top_k_distribution([0.0, math.log(3.0), -1.0], 2, 1.0), dtype=float)
    assert np.allclose(q, [0.25, 0.75, 0.0], rtol=1e-12, atol=1e-15), f"p = {q.tolist()}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

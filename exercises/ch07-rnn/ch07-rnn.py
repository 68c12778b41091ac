# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch07-rnn
# export_cell: false
# requirements:   # for Gradescope's image: the tests use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 7 exercises: sequence modeling and RNNs
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch07-rnn.ipynb` checks them all (its exit status is 0 only when every
# public test passes).
#
# **What you may use.** numpy and plain Python. Do **not** import `dlbook`, the book's
# own package: the exercises are solved without it, and importing it fails when your
# notebook is checked or graded. The tests use PyTorch (`torch.nn.RNN`,
# `torch.nn.Embedding` and their relatives, with the same weights as yours) to compute
# the expected answers, so it must be installed, but your answers do not need it.
#
# **What is graded.** The checks in this notebook are the public tests. Your submission
# is also graded on hidden tests with inputs you never see (other sizes, lengths,
# weights and edge cases), so write code that is right for every input the question
# allows, not just for the examples. No function may modify the arrays or lists it is
# given (the tests check).
#
# **Reasoning questions.** Questions 1, 5 and 6 ask you to reason rather than to code an
# algorithm of the chapter: Question 1 (derive) wants every shape and the parameter
# count of an RNN language model, Question 5 (debug) a corrected version of a text
# generator with five bugs, Question 6 (design) the weights of an RNN that remembers
# its input for exactly k steps. Questions 2 (an RNN over padded sequences of different
# lengths), 3 (the mean of a sequence's embeddings, and its gradient) and 4 (a batch of
# sentences for next-token prediction) are coding questions.
#
# **Conventions**, as in the chapter: $h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)$
# and $y_t = W_{hy} h_t + b_y$, with weights in the chapter's (and torch's) layout:
# `W_xh` $(h, d)$, `W_hh` $(h, h)$, `b_h` $(h,)$, `W_hy` $(q, h)$, `b_y` $(q,)$ for
# inputs of size $d$, $h$ hidden units and $q$ outputs. Batches are **batch first**: a
# batch of sequences is `X` of shape `(batch, T, d)` and `X[:, t]` is step $t$ of every
# sequence. Token ids are integers $0, \dots, V - 1$.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (derive: every shape of an RNN language model).** A character-level
# language model reads a batch of $B$ windows of $T$ token ids from a vocabulary of $V$
# tokens. It turns each id into a vector with a learned embedding $E$ of $d$ columns
# (`E[i]` is the vector of token $i$), or, when `d` is `None`, into its one-hot vector
# (then there is no $E$). The chapter's recurrence with $h$ hidden units runs over
# those vectors, and at every step $y_t = W_{hy} h_t + b_y$ gives the logits of the next
# token. Without running any model, write `lm_shapes(V, h, B, T, d=None)` returning a
# dict whose values are shapes as tuples of ints:
#
# - `"ids"` the input ids, `"X"` the input vectors, `"H"` the hidden states
#   $h_1, \dots, h_T$ of every window, `"logits"` every $y_t$, `"targets"` the ids
#   the logits are compared with (all batch first);
# - `"E"`, `"W_xh"`, `"W_hh"`, `"b_h"`, `"W_hy"`, `"b_y"`, the parameters in the
#   chapter's layout (`"E"` is `None` for one-hot inputs);
#
# and two numbers: `"n_params"`, how many trainable numbers the chapter's model has
# (the arrays above), and `"n_params_torch"`, how many the same model has when it is
# built from `torch.nn.Embedding(V, d)` (only when `d` is not `None`),
# `torch.nn.RNN(..., h, batch_first=True)` and `torch.nn.Linear(h, V)`. (Look at the
# parameters of `torch.nn.RNN`: they are not exactly the chapter's.)

# %% [raw]
# # BEGIN SOLUTION

# %%
def lm_shapes(V, h, B, T, d=None):
    # BEGIN SOLUTION
    d_in = V if d is None else d                   # a one-hot vector has V entries
    shapes = {"ids": (B, T), "E": None if d is None else (V, d), "X": (B, T, d_in),
              "W_xh": (h, d_in), "W_hh": (h, h), "b_h": (h,), "W_hy": (V, h), "b_y": (V,),
              "H": (B, T, h), "logits": (B, T, V), "targets": (B, T)}
    n = h * d_in + h * h + h + V * h + V + (0 if d is None else V * d)
    shapes["n_params"] = n
    shapes["n_params_torch"] = n + h               # torch keeps b_ih and b_hh; b_h is their sum
    return shapes
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For V = 27, h = 64, B = 8, T = 20 and an embedding of d = 10 columns some shape or
  count is wrong. The layouts are W_xh (h, d), W_hh (h, h), W_hy (V, h), E (V, d):
  (d, h) or (h, V) is the transposed layout. The logits have V entries per step (one
  per possible next token), not h; the targets are one id per step, (B, T), the
  inputs shifted by one inside a window of the same length. n_params = 10 * 64 + 64 *
  64 + 64 + 27 * 64 + 27 + 27 * 10; torch.nn.RNN has two bias vectors, b_ih and
  b_hh (b_h is their sum), so n_params_torch has h more.
""" # END TEST CONFIG
def test_shapes_embedding(lm_shapes):
    import torch
    from torch import nn
    V, h, B, T, d = 27, 64, 8, 20, 10
    emb, rnn, lin = nn.Embedding(V, d), nn.RNN(d, h, batch_first=True), nn.Linear(h, V)
    ids = torch.randint(0, V, (B, T + 1))
    X = emb(ids[:, :-1])
    H, _ = rnn(X)
    logits = lin(H)
    expected = {"ids": (B, T), "E": tuple(emb.weight.shape), "X": tuple(X.shape),
                "W_xh": tuple(rnn.weight_ih_l0.shape), "W_hh": tuple(rnn.weight_hh_l0.shape),
                "b_h": tuple(rnn.bias_ih_l0.shape), "W_hy": tuple(lin.weight.shape), "b_y": tuple(lin.bias.shape),
                "H": tuple(H.shape), "logits": tuple(logits.shape), "targets": tuple(ids[:, 1:].shape)}
    n_torch = sum(p.numel() for m in (emb, rnn, lin) for p in m.parameters())
    got = lm_shapes(V, h, B, T, d)
    for key, shape in expected.items():
        assert key in got, f"no entry {key}"
        assert tuple(int(s) for s in got[key]) == shape, f"{key}: got {got[key]}, expected {shape}"
    assert int(got["n_params"]) == n_torch - h, f"n_params = {got['n_params']}"
    assert int(got["n_params_torch"]) == n_torch, f"n_params_torch = {got['n_params_torch']}, expected {n_torch}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For one-hot inputs (d = None) with V = 30, h = 16, B = 4, T = 12 some shape or count
  is wrong. A one-hot vector has V entries, so X is (B, T, V) and W_xh is (h, V); there
  is no E (None), and nothing is learned for the one-hot encoding, so it adds no
  parameters.
""" # END TEST CONFIG
def test_shapes_one_hot(lm_shapes):
    import torch
    from torch import nn
    V, h, B, T = 30, 16, 4, 12
    rnn, lin = nn.RNN(V, h, batch_first=True), nn.Linear(h, V)
    ids = torch.randint(0, V, (B, T + 1))
    X = nn.functional.one_hot(ids[:, :-1], V).float()
    H, _ = rnn(X)
    logits = lin(H)
    expected = {"ids": (B, T), "X": tuple(X.shape), "W_xh": tuple(rnn.weight_ih_l0.shape),
                "W_hh": tuple(rnn.weight_hh_l0.shape), "b_h": tuple(rnn.bias_hh_l0.shape),
                "W_hy": tuple(lin.weight.shape), "b_y": tuple(lin.bias.shape),
                "H": tuple(H.shape), "logits": tuple(logits.shape), "targets": tuple(ids[:, 1:].shape)}
    n_torch = sum(p.numel() for m in (rnn, lin) for p in m.parameters())
    got = lm_shapes(V, h, B, T)
    assert got.get("E", 0) is None, f"E = {got.get('E', 'missing')}, expected None for one-hot inputs"
    for key, shape in expected.items():
        assert key in got, f"no entry {key}"
        assert tuple(int(s) for s in got[key]) == shape, f"{key}: got {got[key]}, expected {shape}"
    assert int(got["n_params"]) == n_torch - h, f"n_params = {got['n_params']}"
    assert int(got["n_params_torch"]) == n_torch, f"n_params_torch = {got['n_params_torch']}, expected {n_torch}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  lm_shapes is wrong for unseen sizes with an embedding (V = 5, h = 3, B = 1, T = 2,
  d = 7, and V = 100, h = 32, B = 16, T = 50, d = 100).
""" # END TEST CONFIG
def test_shapes_embedding_hidden(lm_shapes):
    import torch
    from torch import nn
    for V, h, B, T, d in [(5, 3, 1, 2, 7), (100, 32, 16, 50, 100)]:
        emb, rnn, lin = nn.Embedding(V, d), nn.RNN(d, h, batch_first=True), nn.Linear(h, V)
        ids = torch.randint(0, V, (B, T + 1))
        X = emb(ids[:, :-1])
        H, _ = rnn(X)
        logits = lin(H)
        expected = {"ids": (B, T), "E": tuple(emb.weight.shape), "X": tuple(X.shape),
                    "W_xh": tuple(rnn.weight_ih_l0.shape), "W_hh": tuple(rnn.weight_hh_l0.shape),
                    "b_h": tuple(rnn.bias_ih_l0.shape), "W_hy": tuple(lin.weight.shape),
                    "b_y": tuple(lin.bias.shape), "H": tuple(H.shape), "logits": tuple(logits.shape),
                    "targets": tuple(ids[:, 1:].shape)}
        n_torch = sum(p.numel() for m in (emb, rnn, lin) for p in m.parameters())
        got = lm_shapes(V, h, B, T, d)
        for key, shape in expected.items():
            assert tuple(int(s) for s in got[key]) == shape, f"{key}: got {got[key]}"
        assert int(got["n_params"]) == n_torch - h and int(got["n_params_torch"]) == n_torch

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  lm_shapes is wrong for unseen sizes with one-hot inputs (V = 2, h = 9, B = 3, T = 1,
  and V = 65, h = 128, B = 32, T = 100).
""" # END TEST CONFIG
def test_shapes_one_hot_hidden(lm_shapes):
    import torch
    from torch import nn
    for V, h, B, T in [(2, 9, 3, 1), (65, 128, 32, 100)]:
        rnn, lin = nn.RNN(V, h, batch_first=True), nn.Linear(h, V)
        ids = torch.randint(0, V, (B, T + 1))
        X = nn.functional.one_hot(ids[:, :-1], V).float()
        H, _ = rnn(X)
        logits = lin(H)
        expected = {"ids": (B, T), "X": tuple(X.shape), "W_xh": tuple(rnn.weight_ih_l0.shape),
                    "W_hh": tuple(rnn.weight_hh_l0.shape), "b_h": tuple(rnn.bias_hh_l0.shape),
                    "W_hy": tuple(lin.weight.shape), "b_y": tuple(lin.bias.shape),
                    "H": tuple(H.shape), "logits": tuple(logits.shape), "targets": tuple(ids[:, 1:].shape)}
        n_torch = sum(p.numel() for m in (rnn, lin) for p in m.parameters())
        got = lm_shapes(V, h, B, T, None)
        assert got["E"] is None, "E must be None for one-hot inputs"
        for key, shape in expected.items():
            assert tuple(int(s) for s in got[key]) == shape, f"{key}: got {got[key]}"
        assert int(got["n_params"]) == n_torch - h and int(got["n_params_torch"]) == n_torch

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (code: an RNN over sequences of different lengths).** Sentences in a
# batch rarely have the same length. They are padded at the end to a common length $T$:
# sequence $b$ is `X[b, :lengths[b]]`, and `X[b, lengths[b]:]` is padding whose values
# mean nothing (they may be anything, not only zeros). A sentence classifier needs, for
# every sequence, the state after its **own** last step.
#
# Write `masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h)` for the chapter's tanh
# recurrence, with `X` of shape `(batch, T, d)`, `lengths` a list or array of `batch`
# ints with $1 \le$ `lengths[b]` $\le T$, and the initial states `h_0` of shape
# `(batch, h)`. Return the pair `(H, h_last)`: `H` of shape `(batch, T, h)` with
# `H[b, t]` the state $h_{t+1}$ of sequence $b$ for every real step `t < lengths[b]`
# and **zeros** at its padded steps, and `h_last` of shape `(batch, h)`, the state of
# each sequence after its last real step (what `torch.nn.RNN` returns for a packed
# batch).

# %% [raw]
# # BEGIN SOLUTION

# %%
def masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h):
    X, h_0 = np.asarray(X, dtype=float), np.asarray(h_0, dtype=float)
    lengths = np.asarray(lengths)
    # BEGIN SOLUTION
    batch, T, _ = X.shape
    H = np.zeros((batch, T, W_hh.shape[0]))
    h = h_0
    for t in range(T):
        real = (t < lengths)[:, None]                           # (batch, 1): still inside its sequence?
        h_new = np.tanh(h @ W_hh.T + X[:, t] @ W_xh.T + b_h)
        h = np.where(real, h_new, h)                            # a finished sequence keeps its state
        H[:, t] = np.where(real, h_new, 0.0)
    return H, h
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The states H of 3 sequences of lengths 4, 2 and 3 (padded to T = 4, with h_0 given)
  do not match torch.nn.RNN with the same weights. If every state is wrong, check the
  layout: h_{t-1} W_hh^T is W_hh h_{t-1} for a batch of rows, and h_{t-1} W_hh is the
  transposed W_hh; check also that h_0 is the starting state and that each step starts
  from the state of the step before, not from h_0. If only the padded steps are wrong,
  H must be 0 there, not the last state repeated nor states computed from the padding.
""" # END TEST CONFIG
def test_masked_H(masked_rnn):
    import numpy as np
    import torch
    from torch import nn
    rng = np.random.default_rng(70)
    B, T, d, h = 3, 4, 2, 3
    X = rng.normal(size=(B, T, d))
    lengths = [4, 2, 3]
    X[1, 2:] = 5.0 * rng.normal(size=(2, d))          # the padding holds junk
    X[2, 3:] = 5.0 * rng.normal(size=(1, d))
    h_0 = rng.normal(0.0, 0.5, size=(B, h))
    W_xh, W_hh, b_h = rng.normal(size=(h, d)), rng.normal(size=(h, h)), rng.normal(0.0, 0.3, size=h)
    rnn = nn.RNN(d, h, batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
        packed = nn.utils.rnn.pack_padded_sequence(torch.tensor(X), torch.tensor(lengths), batch_first=True,
                                                   enforce_sorted=False)
        out, _ = rnn(packed, torch.tensor(h_0)[None])
        expected, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=T)
    H, h_last = masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h)
    H = np.asarray(H, dtype=float)
    assert H.shape == (B, T, h), f"H has shape {H.shape}, expected {(B, T, h)}"
    assert np.allclose(H, expected.numpy(), rtol=1e-10, atol=1e-12), f"H = {np.round(H, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  h_last for 3 sequences of lengths 4, 2 and 3 (padded to T = 4) does not match the
  last state torch.nn.RNN returns for the packed batch. H[:, -1] is the state of the
  longest sequences only: a shorter sequence ends at step lengths[b] (index
  lengths[b] - 1), and the steps after it (the padding) must not change its state.
""" # END TEST CONFIG
def test_masked_last(masked_rnn):
    import numpy as np
    import torch
    from torch import nn
    rng = np.random.default_rng(71)
    B, T, d, h = 3, 4, 2, 3
    X = rng.normal(size=(B, T, d))
    lengths = np.array([4, 2, 3])
    h_0 = rng.normal(0.0, 0.5, size=(B, h))
    W_xh, W_hh, b_h = rng.normal(size=(h, d)), rng.normal(size=(h, h)), rng.normal(0.0, 0.3, size=h)
    rnn = nn.RNN(d, h, batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
        packed = nn.utils.rnn.pack_padded_sequence(torch.tensor(X), torch.tensor(lengths), batch_first=True,
                                                   enforce_sorted=False)
        _, h_n = rnn(packed, torch.tensor(h_0)[None])
    H, h_last = masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h)
    h_last = np.asarray(h_last, dtype=float)
    assert h_last.shape == (B, h), f"h_last has shape {h_last.shape}, expected {(B, h)}"
    assert np.allclose(h_last, h_n[0].numpy(), rtol=1e-10, atol=1e-12), f"h_last = {np.round(h_last, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With every sequence of full length T = 3 (lengths given as a list) masked_rnn must be
  the plain RNN layer: H[:, t] = tanh(h_t-1 W_hh^T + x_t W_xh^T + b_h) from h_0, and
  h_last = H[:, -1]. Also, X, h_0, the weights and lengths must be exactly as they were
  after the call.
""" # END TEST CONFIG
def test_masked_full_length(masked_rnn):
    import numpy as np
    rng = np.random.default_rng(72)
    B, T, d, h = 2, 3, 3, 2
    X, h_0 = rng.normal(size=(B, T, d)), rng.normal(size=(B, h))
    W_xh, W_hh, b_h = rng.normal(size=(h, d)), rng.normal(size=(h, h)), rng.normal(size=h)
    lengths = [3, 3]
    copies = [a.copy() for a in (X, h_0, W_xh, W_hh, b_h)]
    H, h_last = masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h)
    for a, c in zip((X, h_0, W_xh, W_hh, b_h), copies):
        assert np.array_equal(a, c), "an argument was modified"
    assert lengths == [3, 3], "lengths was modified"
    expected = np.zeros((B, T, h))
    for b in range(B):
        state = h_0[b]
        for t in range(T):
            state = [np.tanh(sum(W_hh[i, j] * state[j] for j in range(h)) + sum(W_xh[i, j] * X[b, t, j] for j in range(d))
                             + b_h[i]) for i in range(h)]
            expected[b, t] = state
    assert np.allclose(np.asarray(H, dtype=float), expected, rtol=1e-10, atol=1e-12), "H is wrong"
    assert np.allclose(np.asarray(h_last, dtype=float), expected[:, -1], rtol=1e-10, atol=1e-12), "h_last is wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  masked_rnn does not match torch.nn.RNN on an unseen packed batch (5 sequences, T = 6,
  lengths from 1 to 6, junk in the padding), or modified its arguments.
""" # END TEST CONFIG
def test_masked_hidden(masked_rnn):
    import numpy as np
    import torch
    from torch import nn
    rng = np.random.default_rng(7070)
    B, T, d, h = 5, 6, 3, 4
    X = rng.normal(size=(B, T, d))
    lengths = np.array([3, 6, 1, 5, 2])
    for b in range(B):
        X[b, lengths[b]:] = 4.0 * rng.normal(size=(T - lengths[b], d))
    h_0 = rng.normal(0.0, 0.5, size=(B, h))
    W_xh, W_hh, b_h = rng.normal(size=(h, d)), rng.normal(size=(h, h)), rng.normal(0.0, 0.3, size=h)
    copies = [a.copy() for a in (X, lengths, h_0, W_xh, W_hh, b_h)]
    rnn = nn.RNN(d, h, batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
        packed = nn.utils.rnn.pack_padded_sequence(torch.tensor(X), torch.tensor(lengths), batch_first=True,
                                                   enforce_sorted=False)
        out, h_n = rnn(packed, torch.tensor(h_0)[None])
        expected, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=T)
    H, h_last = masked_rnn(X, lengths, h_0, W_xh, W_hh, b_h)
    for a, c in zip((X, lengths, h_0, W_xh, W_hh, b_h), copies):
        assert np.array_equal(a, c), "an argument was modified"
    assert np.allclose(np.asarray(H, dtype=float), expected.numpy(), rtol=1e-10, atol=1e-12)
    assert np.allclose(np.asarray(h_last, dtype=float), h_n[0].numpy(), rtol=1e-10, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  masked_rnn is wrong in an unseen edge case: one sequence of length 1 in T = 1, or a
  batch where the only long sequence is the first one and the others have length 1.
""" # END TEST CONFIG
def test_masked_hidden_edges(masked_rnn):
    import numpy as np
    rng = np.random.default_rng(7071)
    W_xh, W_hh, b_h = rng.normal(size=(2, 3)), rng.normal(size=(2, 2)), rng.normal(size=2)
    x, h_0 = rng.normal(size=(1, 1, 3)), rng.normal(size=(1, 2))
    H, h_last = masked_rnn(x, [1], h_0, W_xh, W_hh, b_h)
    expected = np.tanh(W_hh @ h_0[0] + W_xh @ x[0, 0] + b_h)
    assert np.allclose(np.asarray(H, dtype=float), expected[None, None], rtol=1e-12, atol=1e-14)
    assert np.allclose(np.asarray(h_last, dtype=float), expected[None], rtol=1e-12, atol=1e-14)
    X, h_0 = rng.normal(size=(3, 4, 3)), rng.normal(size=(3, 2))
    H, h_last = masked_rnn(X, np.array([4, 1, 1]), h_0, W_xh, W_hh, b_h)
    H, h_last = np.asarray(H, dtype=float), np.asarray(h_last, dtype=float)
    state = h_0[0]
    for t in range(4):
        state = np.tanh(W_hh @ state + W_xh @ X[0, t] + b_h)
        assert np.allclose(H[0, t], state, rtol=1e-12, atol=1e-14)
    assert np.allclose(h_last[0], state, rtol=1e-12, atol=1e-14)
    for b in (1, 2):
        first = np.tanh(W_hh @ h_0[b] + W_xh @ X[b, 0] + b_h)
        assert np.allclose(H[b, 0], first, rtol=1e-12, atol=1e-14) and np.all(H[b, 1:] == 0)
        assert np.allclose(h_last[b], first, rtol=1e-12, atol=1e-14)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (code: the mean of a sentence's embeddings, and its gradient).** The
# simplest sentence model ignores order: it averages the embeddings of the sentence's
# tokens. Sentences are rows of `ids`, an int array of shape `(B, T)`, padded at the
# end with the token `pad`; padding is not part of the sentence (each row has at least
# one other token, and `pad` never occurs inside a sentence). With the embedding `E` of
# shape `(V, d)` (`E[i]` is the vector of token $i$):
#
# 1. `bag_forward(ids, E, pad)` returns the `(B, d)` array whose row $b$ is the mean of
#    `E[ids[b, t]]` over the $n_b$ real (non-`pad`) positions $t$ of row $b$. A token
#    that occurs twice counts twice.
# 2. `bag_backward(ids, dOut, V, pad)` returns $\partial J / \partial E$, shape
#    `(V, d)`, for a loss $J$ whose gradient with respect to the output of
#    `bag_forward` is `dOut`, shape `(B, d)`.
#
# (`torch.nn.EmbeddingBag(V, d, mode="mean", padding_idx=pad)` computes the same.)

# %% [raw]
# # BEGIN SOLUTION

# %%
def bag_forward(ids, E, pad):
    ids, E = np.asarray(ids), np.asarray(E, dtype=float)
    # BEGIN SOLUTION
    real = ids != pad                                            # (B, T)
    return (E[ids] * real[..., None]).sum(axis=1) / real.sum(axis=1, keepdims=True)
    # END SOLUTION


def bag_backward(ids, dOut, V, pad):
    ids, dOut = np.asarray(ids), np.asarray(dOut, dtype=float)
    # BEGIN SOLUTION
    real = ids != pad
    weight = real / real.sum(axis=1, keepdims=True)              # 1 / n_b at real positions, 0 at padding
    dE = np.zeros((V, dOut.shape[1]))
    np.add.at(dE, ids, weight[..., None] * dOut[:, None, :])     # once per occurrence: repeats add up
    return dE
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  bag_forward is wrong on ids = [[1, 3, 3, 0], [2, 4, 0, 0], [4, 1, 2, 3]] with pad = 0
  (row 0 has 3 real tokens, 3 twice; row 1 has 2; row 2 has 4). Each row is the mean
  over its real tokens only: the padding's vector E[pad] must not enter the sum, and
  the sum is divided by the number of real tokens n_b, not by T.
""" # END TEST CONFIG
def test_bag_forward(bag_forward):
    import numpy as np
    import torch
    rng = np.random.default_rng(73)
    E = rng.normal(size=(5, 3))
    ids = np.array([[1, 3, 3, 0], [2, 4, 0, 0], [4, 1, 2, 3]])
    expected = torch.nn.functional.embedding_bag(torch.tensor(ids), torch.tensor(E), mode="mean", padding_idx=0)
    out = np.asarray(bag_forward(ids, E, 0), dtype=float)
    assert out.shape == (3, 3), f"shape {out.shape}, expected (3, 3)"
    assert np.allclose(out, expected.numpy(), rtol=1e-12, atol=1e-14), f"got {np.round(out, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  bag_backward is wrong on ids = [[1, 3, 3, 0], [2, 4, 0, 0], [4, 1, 2, 3]] with pad = 0
  (checked against torch autograd). Row i of dE is the sum, over every real occurrence
  of token i, of dOut[b] / n_b: token 3 occurs twice in row 0, so it gets 2 dOut[0] / 3
  from that row (dE[ids] += ... keeps only one of the repeated additions: np.add.at adds
  once per occurrence). The 1 / n_b of the mean is part of the gradient, and dE[pad]
  is 0, since the padding is not used.
""" # END TEST CONFIG
def test_bag_backward(bag_backward):
    import numpy as np
    import torch
    rng = np.random.default_rng(74)
    E, dOut = rng.normal(size=(5, 3)), rng.normal(size=(3, 3))
    ids = np.array([[1, 3, 3, 0], [2, 4, 0, 0], [4, 1, 2, 3]])
    E_t = torch.tensor(E, requires_grad=True)
    out = torch.nn.functional.embedding_bag(torch.tensor(ids), E_t, mode="mean", padding_idx=0)
    (out * torch.tensor(dOut)).sum().backward()
    dE = np.asarray(bag_backward(ids, dOut, 5, 0), dtype=float)
    assert dE.shape == (5, 3), f"shape {dE.shape}, expected (5, 3)"
    assert np.allclose(dE, E_t.grad.numpy(), rtol=1e-12, atol=1e-14), f"got {np.round(dE, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With pad = 2 (a token in the middle of the vocabulary, whose vector is not zero), a
  row without padding and a row with a single real token, bag_forward or bag_backward
  is wrong, or modified ids, E or dOut.
""" # END TEST CONFIG
def test_bag_pad_in_middle(bag_forward, bag_backward):
    import numpy as np
    rng = np.random.default_rng(75)
    E, dOut = rng.normal(size=(4, 2)), rng.normal(size=(2, 2))
    ids = np.array([[3, 0, 1], [1, 2, 2]])
    copies = [a.copy() for a in (E, dOut, ids)]
    out = np.asarray(bag_forward(ids, E, 2), dtype=float)
    dE = np.asarray(bag_backward(ids, dOut, 4, 2), dtype=float)
    for a, c in zip((E, dOut, ids), copies):
        assert np.array_equal(a, c), "an argument was modified"
    assert np.allclose(out, [(E[3] + E[0] + E[1]) / 3, E[1]], rtol=1e-12, atol=1e-14), f"forward {out.tolist()}"
    expected = np.zeros((4, 2))
    expected[3] = expected[0] = dOut[0] / 3
    expected[1] = dOut[0] / 3 + dOut[1]
    assert np.allclose(dE, expected, rtol=1e-12, atol=1e-14), f"backward {dE.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  bag_forward or bag_backward does not match torch on an unseen batch (6 rows of 7
  tokens, V = 9, many repeated tokens, pad = 5), or modified its arguments.
""" # END TEST CONFIG
def test_bag_hidden(bag_forward, bag_backward):
    import numpy as np
    import torch
    rng = np.random.default_rng(7373)
    V, d, pad = 9, 4, 5
    E, dOut = rng.normal(size=(V, d)), rng.normal(size=(6, d))
    ids = rng.choice([0, 1, 2, 3, 4, 6, 7, 8], size=(6, 7), p=[0.3, 0.3, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05])
    for b, n in enumerate([7, 1, 3, 5, 2, 6]):
        ids[b, n:] = pad
    copies = [a.copy() for a in (E, dOut, ids)]
    E_t = torch.tensor(E, requires_grad=True)
    out_t = torch.nn.functional.embedding_bag(torch.tensor(ids), E_t, mode="mean", padding_idx=pad)
    (out_t * torch.tensor(dOut)).sum().backward()
    out = np.asarray(bag_forward(ids, E, pad), dtype=float)
    dE = np.asarray(bag_backward(ids, dOut, V, pad), dtype=float)
    for a, c in zip((E, dOut, ids), copies):
        assert np.array_equal(a, c), "an argument was modified"
    assert np.allclose(out, out_t.detach().numpy(), rtol=1e-12, atol=1e-14)
    assert np.allclose(dE, E_t.grad.numpy(), rtol=1e-12, atol=1e-14)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  bag_forward or bag_backward is wrong in an unseen edge case: one row of one token
  repeated 4 times with pad = V - 1 (the mean is that token's vector, and its
  gradient row is dOut), or a vocabulary token that never occurs (its gradient is 0).
""" # END TEST CONFIG
def test_bag_hidden_edges(bag_forward, bag_backward):
    import numpy as np
    rng = np.random.default_rng(7374)
    E, dOut = rng.normal(size=(6, 3)), rng.normal(size=(1, 3))
    ids = np.array([[2, 2, 2, 2, 5, 5]])
    out = np.asarray(bag_forward(ids, E, 5), dtype=float)
    assert np.allclose(out, E[2][None], rtol=1e-12, atol=1e-14)
    dE = np.asarray(bag_backward(ids, dOut, 6, 5), dtype=float)
    expected = np.zeros((6, 3))
    expected[2] = dOut[0]
    assert np.allclose(dE, expected, rtol=1e-12, atol=1e-14)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (code: a batch of sentences for next-token prediction).** A language
# model trained on separate sentences must learn how a sentence starts and where it
# ends. Each sentence (a list of token ids) is therefore read after a start token `bos`
# and predicts an end token `eos` after its last token: a sentence
# $s_1, \dots, s_n$ gives the $n + 1$ inputs $\text{bos}, s_1, \dots, s_n$ and the
# $n + 1$ targets $s_1, \dots, s_n, \text{eos}$ (at every position, the target is the
# token that follows the input).
#
# Write `next_token_batch(docs, bos, eos, pad)`: `docs` is a list of $B \ge 1$
# sentences (lists or 1-D arrays of ids, possibly empty; the ids `bos`, `eos` and `pad` never
# occur inside a sentence), and the result is the triple
# `(inputs, targets, mask)` of arrays of shape $(B, L)$, with $L$ one more than the
# longest sentence's length. Row $b$ holds sentence $b$'s inputs and targets from
# position 0 on, padded **at the end** with `pad` in both arrays; `mask[b, t]` is true
# (or 1) exactly where `targets[b, t]` is a real target that the loss counts, false (or
# 0) at the padding. `docs` must not be modified.

# %% [raw]
# # BEGIN SOLUTION

# %%
def next_token_batch(docs, bos, eos, pad):
    # BEGIN SOLUTION
    L = max(len(doc) for doc in docs) + 1
    inputs = np.full((len(docs), L), pad, dtype=np.int64)
    targets = np.full((len(docs), L), pad, dtype=np.int64)
    mask = np.zeros((len(docs), L), dtype=bool)
    for b, doc in enumerate(docs):
        n = len(doc)
        inputs[b, :n + 1] = [bos, *doc]
        targets[b, :n + 1] = [*doc, eos]                 # the inputs shifted by one
        mask[b, :n + 1] = True
    return inputs, targets, mask
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For docs = [[5, 6, 7], [8], [6, 6]] with bos = 1, eos = 2 and pad = 0 the inputs must
  be [[1, 5, 6, 7], [1, 8, 0, 0], [1, 6, 6, 0]] and the targets [[5, 6, 7, 2], [8, 2,
  0, 0], [6, 6, 2, 0]]: the targets are the inputs shifted by one (targets equal to the
  inputs teach the model to copy), every sentence ends with a target eos, starts with
  an input bos, and is padded at the end.
""" # END TEST CONFIG
def test_batch_values(next_token_batch):
    import numpy as np
    docs = [[5, 6, 7], [8], [6, 6]]
    inputs, targets, mask = next_token_batch(docs, 1, 2, 0)
    assert np.array_equal(np.asarray(inputs), [[1, 5, 6, 7], [1, 8, 0, 0], [1, 6, 6, 0]]), f"inputs = {np.asarray(inputs).tolist()}"
    assert np.array_equal(np.asarray(targets), [[5, 6, 7, 2], [8, 2, 0, 0], [6, 6, 2, 0]]), f"targets = {np.asarray(targets).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For docs = [[5, 6, 7], [8], [6, 6]] the mask must be true at the 4, 2 and 3 real
  targets of each row (the eos target counts: predicting the end is part of the task)
  and false at the padding; and docs must not be modified (appending eos to a
  sentence, or inserting bos, changes the caller's list).
""" # END TEST CONFIG
def test_batch_mask(next_token_batch):
    import numpy as np
    docs = [[5, 6, 7], [8], [6, 6]]
    inputs, targets, mask = next_token_batch(docs, 1, 2, 0)
    assert docs == [[5, 6, 7], [8], [6, 6]], f"docs was modified: {docs}"
    mask = np.asarray(mask)
    assert mask.shape == (3, 4), f"mask has shape {mask.shape}, expected (3, 4)"
    expected = [[1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 1, 0]]
    assert np.array_equal(mask != 0, np.array(expected) != 0), f"mask = {mask.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  next_token_batch is wrong on an unseen batch of 6 sentences (arrays and lists, one
  empty, pad = 9, bos = 0, eos = 7), or modified docs.
""" # END TEST CONFIG
def test_batch_hidden(next_token_batch):
    import numpy as np
    rng = np.random.default_rng(7474)
    docs = [list(rng.integers(1, 7, size=n)) for n in (4, 0, 7, 1, 3)] + [np.array([3, 3, 5])]
    copies = [list(doc) for doc in docs]
    inputs, targets, mask = next_token_batch(docs, 0, 7, 9)
    assert all(list(doc) == c for doc, c in zip(docs, copies)) and len(docs[5]) == 3, "docs was modified"
    L = 8
    exp_in, exp_tg, exp_mask = [], [], []
    for doc in copies:
        n = len(doc)
        exp_in.append([0] + doc + [9] * (L - n - 1))
        exp_tg.append(doc + [7] + [9] * (L - n - 1))
        exp_mask.append([1] * (n + 1) + [0] * (L - n - 1))
    assert np.array_equal(np.asarray(inputs), exp_in)
    assert np.array_equal(np.asarray(targets), exp_tg)
    assert np.array_equal(np.asarray(mask) != 0, np.array(exp_mask) != 0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  next_token_batch is wrong in an unseen edge case: a single empty sentence (inputs
  [[bos]], targets [[eos]], mask [[true]]), or sentences all of the same length (no
  padding at all).
""" # END TEST CONFIG
def test_batch_hidden_edges(next_token_batch):
    import numpy as np
    inputs, targets, mask = next_token_batch([[]], 3, 4, 0)
    assert np.array_equal(np.asarray(inputs), [[3]]) and np.array_equal(np.asarray(targets), [[4]])
    assert np.array_equal(np.asarray(mask) != 0, [[True]])
    inputs, targets, mask = next_token_batch([[1, 2], [2, 1]], 5, 6, 0)
    assert np.array_equal(np.asarray(inputs), [[5, 1, 2], [5, 2, 1]])
    assert np.array_equal(np.asarray(targets), [[1, 2, 6], [2, 1, 6]])
    assert np.all(np.asarray(mask) != 0)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (debug: a text generator).** A trained RNN language model reads one-hot
# inputs (`W_xh` has shape $(h, V)$, `W_hy` shape $(V, h)$, `b_y` shape $(V,)$). To
# continue a non-empty `prompt` (a list of ids) by `n` $\ge 1$ new tokens, it starts from
# $h_0 = 0$, reads every token of the prompt once, and then repeats: compute the logits
# $y = W_{hy} h + b_y$ from the current state, draw the next token from
# $\operatorname{softmax}(y / \tau)$ with the temperature $\tau > 0$, and feed that token
# back in as the next input. To make the draws reproducible, the $k$-th draw uses the
# given number `u[k]` in $[0, 1)$: it picks the first token whose cumulative probability
# $p_0 + \dots + p_i$ exceeds `u[k]`.
#
# The function below is meant to do exactly that and return the pair `(tokens, P)`: the
# list of the `n` new ids, and the array `P` of shape `(n, V)` whose row $k$ is the
# distribution $\operatorname{softmax}(y / \tau)$ that token $k$ was drawn from. It has
# **five bugs**: it reads the weights the wrong way round, feeds one token too many,
# ignores what it samples, ignores the temperature, and overflows at low temperatures.
# Find them (run it on a tiny model you can follow by hand; try $\tau = 0.002$), then
# write the corrected `generate` in the cell after it, with the same arguments. It must
# work for every $\tau > 0$ without overflow (the tests run it under
# `np.errstate(over="raise", invalid="raise")`).

# %%
def buggy_generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    V = W_hy.shape[0]
    h = np.zeros(W_hh.shape[0])
    for token in prompt:                                         # read the prompt
        h = np.tanh(h @ W_hh + np.eye(V)[token] @ W_xh.T + b_h)
    token = prompt[-1]
    out, probs = [], []
    for k in range(n):
        h = np.tanh(h @ W_hh + np.eye(V)[token] @ W_xh.T + b_h)  # feed the last token
        p = np.exp(W_hy @ h + b_y)
        p = p / p.sum()                                          # softmax
        p = p / temperature
        p = p / p.sum()
        probs.append(p)
        next_token = int(min(np.sum(np.cumsum(p) <= u[k]), V - 1))
        out.append(next_token)
    return out, np.array(probs)

# %% [raw]
# # BEGIN SOLUTION

# %%
def generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, temperature, u):
    # BEGIN SOLUTION
    h = np.zeros(W_hh.shape[0])
    for token in prompt:                                    # read the prompt, each token once
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)        # W_xh one_hot(token) is a column of W_xh
    out, P = [], np.zeros((n, W_hy.shape[0]))
    for k in range(n):
        z = (W_hy @ h + b_y) / temperature                  # the temperature divides the logits
        p = np.exp(z - z.max())                             # shifted: no overflow for any tau
        P[k] = p / p.sum()
        token = int(min(np.sum(np.cumsum(P[k]) <= u[k]), len(p) - 1))
        out.append(token)
        h = np.tanh(W_hh @ h + W_xh[:, token] + b_h)        # feed back what was drawn
    return out, P
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  At temperature 1, the distributions P or the 10 tokens generated after the prompt
  [0, 3, 1] by a model with V = 5 and h = 4 are not the ones torch.nn.RNN with the same
  weights gives. The bugs that matter at tau = 1: h @ W_hh is W_hh^T h, the transposed recurrence; the first
  step of the loop feeds prompt[-1] a second time (the prompt was already read: the
  first logits come from the state after the prompt); the drawn token is never fed back
  in (the input stays prompt[-1]).
""" # END TEST CONFIG
def test_generate_tau_one(generate):
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
    rng = np.random.default_rng(75)
    V, h, n = 5, 4, 10
    W_xh, W_hh, b_h = rng.normal(0.0, 1.5, size=(h, V)), rng.normal(0.0, 1.0, size=(h, h)), rng.normal(0.0, 0.3, size=h)
    W_hy, b_y = rng.normal(0.0, 2.0, size=(V, h)), rng.normal(0.0, 0.3, size=V)
    prompt, u, tau = [0, 3, 1], rng.uniform(0.0, 0.98, size=n), 1.0
    rnn = nn.RNN(V, h).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
        _, state = rnn(F.one_hot(torch.tensor(prompt), V).double()[:, None])
        expected, expected_P = [], []
        for k in range(n):
            p = torch.softmax(F.linear(state[0, 0], torch.tensor(W_hy), torch.tensor(b_y)) / tau, dim=0)
            token = min(int((torch.cumsum(p, 0) <= u[k]).sum()), V - 1)
            expected.append(token)
            expected_P.append(p.numpy())
            _, state = rnn(F.one_hot(torch.tensor([token]), V).double()[:, None], state)
    tokens, P = generate(list(prompt), n, W_xh, W_hh, b_h, W_hy, b_y, tau, u)
    got, P = [int(t) for t in tokens], np.asarray(P, dtype=float)
    assert P.shape == (n, V), f"P has shape {P.shape}, expected {(n, V)}"
    bad = [k for k in range(n) if not np.allclose(P[k], expected_P[k], rtol=1e-9, atol=1e-12)]
    assert not bad, f"P[{bad[0]}] = {np.round(P[bad[0]], 4).tolist()}, expected {np.round(expected_P[bad[0]], 4).tolist()}"
    assert got == expected, f"tokens {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  At temperatures 0.5 and 3, the distributions P or the 10 tokens generated after the
  prompt [2, 2] are not the ones torch gives. The temperature divides the logits before the softmax,
  softmax(y / tau); dividing the probabilities by tau and normalising again cancels it
  (the same distribution at every tau), and y * tau turns it upside down.
""" # END TEST CONFIG
def test_generate_temperature(generate):
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
    rng = np.random.default_rng(76)
    V, h, n = 6, 3, 10
    W_xh, W_hh, b_h = rng.normal(0.0, 1.5, size=(h, V)), rng.normal(0.0, 1.0, size=(h, h)), rng.normal(0.0, 0.3, size=h)
    W_hy, b_y = rng.normal(0.0, 1.0, size=(V, h)), rng.normal(0.0, 0.3, size=V)
    rnn = nn.RNN(V, h).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
    for tau in (0.5, 3.0):
        prompt, u = [2, 2], rng.uniform(0.0, 0.98, size=n)
        with torch.no_grad():
            _, state = rnn(F.one_hot(torch.tensor(prompt), V).double()[:, None])
            expected, expected_P = [], []
            for k in range(n):
                p = torch.softmax(F.linear(state[0, 0], torch.tensor(W_hy), torch.tensor(b_y)) / tau, dim=0)
                token = min(int((torch.cumsum(p, 0) <= u[k]).sum()), V - 1)
                expected.append(token)
                expected_P.append(p.numpy())
                _, state = rnn(F.one_hot(torch.tensor([token]), V).double()[:, None], state)
        tokens, P = generate(list(prompt), n, W_xh, W_hh, b_h, W_hy, b_y, tau, u)
        got, P = [int(t) for t in tokens], np.asarray(P, dtype=float)
        assert P.shape == (n, V), f"P has shape {P.shape}, expected {(n, V)}"
        bad = [k for k in range(n) if not np.allclose(P[k], expected_P[k], rtol=1e-9, atol=1e-12)]
        assert not bad, f"tau = {tau}: P[{bad[0]}] = {np.round(P[bad[0]], 4).tolist()}, expected {np.round(expected_P[bad[0]], 4).tolist()}"
        assert got == expected, f"tau = {tau}: tokens {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  At temperature 0.002 with logits of size about 5, generate overflowed or divided 0 by
  0 (a FloatingPointError: e^(y / tau) is e^2500, or every e^(y / tau) underflows to
  0), or its P or tokens are not what torch gives (nearly always the most likely
  token). Subtract the largest logit before exponentiating:
  softmax is unchanged by a shift. The prompt [4] and the arguments must also be left
  as they were.
""" # END TEST CONFIG
def test_generate_cold(generate):
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
    rng = np.random.default_rng(77)
    V, h, n = 4, 3, 6
    W_xh, W_hh, b_h = rng.normal(0.0, 1.5, size=(h, V)), rng.normal(0.0, 1.0, size=(h, h)), rng.normal(0.0, 0.3, size=h)
    W_hy, b_y = rng.normal(0.0, 5.0, size=(V, h)), rng.normal(0.0, 0.3, size=V)
    prompt, u, tau = [3], rng.uniform(0.0, 0.98, size=n), 0.002
    copies = [a.copy() for a in (W_xh, W_hh, b_h, W_hy, b_y, u)]
    rnn = nn.RNN(V, h).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
        _, state = rnn(F.one_hot(torch.tensor(prompt), V).double()[:, None])
        expected, expected_P = [], []
        for k in range(n):
            p = torch.softmax(F.linear(state[0, 0], torch.tensor(W_hy), torch.tensor(b_y)) / tau, dim=0)
            token = min(int((torch.cumsum(p, 0) <= u[k]).sum()), V - 1)
            expected.append(token)
            expected_P.append(p.numpy())
            _, state = rnn(F.one_hot(torch.tensor([token]), V).double()[:, None], state)
    with np.errstate(over="raise", invalid="raise"):
        tokens, P = generate(prompt, n, W_xh, W_hh, b_h, W_hy, b_y, tau, u)
    assert prompt == [3], "the prompt was modified"
    for a, c in zip((W_xh, W_hh, b_h, W_hy, b_y, u), copies):
        assert np.array_equal(a, c), "an argument was modified"
    got, P = [int(t) for t in tokens], np.asarray(P, dtype=float)
    assert P.shape == (n, V), f"P has shape {P.shape}, expected {(n, V)}"
    bad = [k for k in range(n) if not np.allclose(P[k], expected_P[k], rtol=1e-9, atol=1e-12)]
    assert not bad, f"P[{bad[0]}] = {np.round(P[bad[0]], 4).tolist()}, expected {np.round(expected_P[bad[0]], 4).tolist()}"
    assert got == expected, f"tokens {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  generate does not match torch on an unseen model (V = 7, h = 5) at temperatures 1,
  0.7 and 1.8 with a prompt of 5 tokens.
""" # END TEST CONFIG
def test_generate_hidden(generate):
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
    rng = np.random.default_rng(7575)
    V, h, n = 7, 5, 12
    W_xh, W_hh, b_h = rng.normal(0.0, 1.5, size=(h, V)), rng.normal(0.0, 0.8, size=(h, h)), rng.normal(0.0, 0.3, size=h)
    W_hy, b_y = rng.normal(0.0, 1.5, size=(V, h)), rng.normal(0.0, 0.3, size=V)
    rnn = nn.RNN(V, h).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
    for tau in (1.0, 0.7, 1.8):
        prompt, u = [6, 0, 0, 2, 5], rng.uniform(0.0, 0.98, size=n)
        with torch.no_grad():
            _, state = rnn(F.one_hot(torch.tensor(prompt), V).double()[:, None])
            expected, expected_P = [], []
            for k in range(n):
                p = torch.softmax(F.linear(state[0, 0], torch.tensor(W_hy), torch.tensor(b_y)) / tau, dim=0)
                token = min(int((torch.cumsum(p, 0) <= u[k]).sum()), V - 1)
                expected.append(token)
                expected_P.append(p.numpy())
                _, state = rnn(F.one_hot(torch.tensor([token]), V).double()[:, None], state)
        tokens, P = generate(list(prompt), n, W_xh, W_hh, b_h, W_hy, b_y, tau, u)
        got, P = [int(t) for t in tokens], np.asarray(P, dtype=float)
        assert P.shape == (n, V), f"P has shape {P.shape}, expected {(n, V)}"
        bad = [k for k in range(n) if not np.allclose(P[k], expected_P[k], rtol=1e-9, atol=1e-12)]
        assert not bad, f"tau = {tau}: P[{bad[0]}] = {np.round(P[bad[0]], 4).tolist()}, expected {np.round(expected_P[bad[0]], 4).tolist()}"
        assert got == expected, f"tau = {tau}: tokens {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  generate does not match torch on an unseen model at temperature 0.005 with large
  logits (or overflowed), or for a single new token after a one-token prompt.
""" # END TEST CONFIG
def test_generate_hidden_cold(generate):
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
    rng = np.random.default_rng(7576)
    V, h = 5, 4
    W_xh, W_hh, b_h = rng.normal(0.0, 1.5, size=(h, V)), rng.normal(0.0, 1.0, size=(h, h)), rng.normal(0.0, 0.3, size=h)
    W_hy, b_y = rng.normal(0.0, 6.0, size=(V, h)), rng.normal(0.0, 0.3, size=V)
    rnn = nn.RNN(V, h).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(W_xh)), rnn.weight_hh_l0.copy_(torch.tensor(W_hh))
        rnn.bias_ih_l0.copy_(torch.tensor(b_h)), rnn.bias_hh_l0.zero_()
    for prompt, n, tau in [([1, 4], 8, 0.005), ([2], 1, 1.3), ([0], 1, 0.6)]:
        u = rng.uniform(0.0, 0.98, size=n)
        with torch.no_grad():
            _, state = rnn(F.one_hot(torch.tensor(prompt), V).double()[:, None])
            expected, expected_P = [], []
            for k in range(n):
                p = torch.softmax(F.linear(state[0, 0], torch.tensor(W_hy), torch.tensor(b_y)) / tau, dim=0)
                token = min(int((torch.cumsum(p, 0) <= u[k]).sum()), V - 1)
                expected.append(token)
                expected_P.append(p.numpy())
                _, state = rnn(F.one_hot(torch.tensor([token]), V).double()[:, None], state)
        with np.errstate(over="raise", invalid="raise"):
            tokens, P = generate(list(prompt), n, W_xh, W_hh, b_h, W_hy, b_y, tau, u)
        got, P = [int(t) for t in tokens], np.asarray(P, dtype=float)
        assert P.shape == (n, V), f"P has shape {P.shape}, expected {(n, V)}"
        bad = [k for k in range(n) if not np.allclose(P[k], expected_P[k], rtol=1e-9, atol=1e-12)]
        assert not bad, f"prompt {prompt}, tau = {tau}: P[{bad[0]}] = {np.round(P[bad[0]], 4).tolist()}, expected {np.round(expected_P[bad[0]], 4).tolist()}"
        assert got == expected, f"prompt {prompt}, tau = {tau}: tokens {got}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (design: an RNN that remembers for exactly k steps).** A *linear* RNN
# (no nonlinearity, no biases, $h_0 = 0$)
#
# $$h_t = W_{hh} h_{t-1} + W_{xh} x_t, \qquad y_t = W_{hy} h_t$$
#
# can store its past inputs in its state. Design its weights so that it outputs its
# input delayed by $k \ge 0$ steps: $y_t = x_{t-k}$ for $t > k$, and $y_t = 0$ for
# $t \le k$ (inputs $x_t \in \mathbb{R}^d$, $t = 1, 2, \dots$, for any length). Use the
# **smallest hidden size** with which this is possible (think about what $h_t$ must
# still hold for the outputs at steps $t, t + 1, \dots, t + k$).
#
# Write `delay_rnn(d, k)` returning a dict with the arrays `"W_xh"`, `"W_hh"` and
# `"W_hy"` in the chapter's layout.

# %% [raw]
# # BEGIN SOLUTION

# %%
def delay_rnn(d, k):
    # BEGIN SOLUTION
    n = (k + 1) * d                                  # h_t holds x_t, x_{t-1}, ..., x_{t-k}
    W_xh = np.zeros((n, d))
    W_xh[:d] = np.eye(d)                             # block 0 <- x_t
    W_hh = np.eye(n, k=-d)                           # block j <- block j - 1: every block one step older
    W_hy = np.zeros((d, n))
    W_hy[:, n - d:] = np.eye(d)                      # read the oldest block, x_{t-k}
    return {"W_xh": W_xh, "W_hh": W_hh, "W_hy": W_hy}
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With d = 2 and k = 3, running the linear RNN on 9 random inputs does not output
  them 3 steps late (zeros for the first 3 steps). A shift register that moves each
  block one step older needs W_hh with the identity one block below the diagonal
  (row block j reads block j - 1): its transpose moves them the other way. The output
  reads the oldest block; the newest one gives y_t = x_t.
""" # END TEST CONFIG
def test_delay_behaviour(delay_rnn):
    import numpy as np
    rng = np.random.default_rng(78)
    d, k, T = 2, 3, 9
    W = delay_rnn(d, k)
    W_xh, W_hh, W_hy = (np.asarray(W[key], dtype=float) for key in ("W_xh", "W_hh", "W_hy"))
    X = rng.normal(size=(T, d))
    h = np.zeros(W_hh.shape[0])
    for t in range(T):
        h = W_hh @ h + W_xh @ X[t]
        expected = X[t - k] if t >= k else np.zeros(d)
        y = W_hy @ h
        assert np.allclose(y, expected, atol=1e-12), f"step {t + 1}: y = {np.round(y, 4).tolist()}, expected {np.round(expected, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With d = 3 and k = 2 the weights do not have the smallest possible hidden size, or
  their layout is not the chapter's (W_xh (h, d), W_hh (h, h), W_hy (d, h)), or the
  output is not the input 2 steps late. At step t the state must still hold x_t,
  x_{t-1}, ..., x_{t-k} (x_{t-k} is read now, the others later), so (k + 1) d numbers:
  k d is one block short, and the output then comes one step early.
""" # END TEST CONFIG
def test_delay_size(delay_rnn):
    import numpy as np
    rng = np.random.default_rng(79)
    d, k, T = 3, 2, 7
    W = delay_rnn(d, k)
    W_xh, W_hh, W_hy = (np.asarray(W[key], dtype=float) for key in ("W_xh", "W_hh", "W_hy"))
    assert W_xh.shape == (9, 3) and W_hh.shape == (9, 9) and W_hy.shape == (3, 9), \
        f"shapes W_xh {W_xh.shape}, W_hh {W_hh.shape}, W_hy {W_hy.shape}"
    X = rng.normal(size=(T, d))
    h = np.zeros(9)
    for t in range(T):
        h = W_hh @ h + W_xh @ X[t]
        expected = X[t - k] if t >= k else np.zeros(d)
        assert np.allclose(W_hy @ h, expected, atol=1e-12), f"step {t + 1}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  delay_rnn is wrong for unseen sizes (d = 1, k = 5 and d = 4, k = 1) on long random
  sequences, or its hidden size is not the smallest.
""" # END TEST CONFIG
def test_delay_hidden(delay_rnn):
    import numpy as np
    rng = np.random.default_rng(7878)
    for d, k, T in [(1, 5, 20), (4, 1, 12)]:
        W = delay_rnn(d, k)
        W_xh, W_hh, W_hy = (np.asarray(W[key], dtype=float) for key in ("W_xh", "W_hh", "W_hy"))
        n = (k + 1) * d
        assert W_xh.shape == (n, d) and W_hh.shape == (n, n) and W_hy.shape == (d, n)
        X = rng.normal(size=(T, d))
        h = np.zeros(n)
        for t in range(T):
            h = W_hh @ h + W_xh @ X[t]
            expected = X[t - k] if t >= k else np.zeros(d)
            assert np.allclose(W_hy @ h, expected, atol=1e-12), f"d = {d}, k = {k}, step {t + 1}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  delay_rnn is wrong for k = 0 (y_t = x_t: hidden size d, nothing to remember) or for
  d = 2, k = 4 on a long sequence.
""" # END TEST CONFIG
def test_delay_hidden_edges(delay_rnn):
    import numpy as np
    rng = np.random.default_rng(7879)
    for d, k, T in [(3, 0, 5), (2, 4, 15)]:
        W = delay_rnn(d, k)
        W_xh, W_hh, W_hy = (np.asarray(W[key], dtype=float) for key in ("W_xh", "W_hh", "W_hy"))
        n = (k + 1) * d
        assert W_xh.shape == (n, d) and W_hh.shape == (n, n) and W_hy.shape == (d, n)
        X = rng.normal(size=(T, d))
        h = np.zeros(n)
        for t in range(T):
            h = W_hh @ h + W_xh @ X[t]
            expected = X[t - k] if t >= k else np.zeros(d)
            assert np.allclose(W_hy @ h, expected, atol=1e-12), f"d = {d}, k = {k}, step {t + 1}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

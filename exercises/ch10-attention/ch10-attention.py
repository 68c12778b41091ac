# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch10-attention
# export_cell: false
# requirements:   # for Gradescope's image: the tests use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 10 exercises: attention and transformers
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch10-attention.ipynb` checks them all (its exit status is 0 only when
# every public test passes).
#
# **What you may use.** numpy, Python's `math`, plain Python. Do **not** import
# `dlbook`, the book's own package: the exercises are solved without it, and importing
# it fails when your notebook is checked or graded. The tests use PyTorch
# (`torch.nn.functional.scaled_dot_product_attention`, `torch.nn.MultiheadAttention`,
# `torch.nn.TransformerEncoderLayer`, with your weights copied in) to compute the
# expected answers, so it must be installed, but your answers do not need it.
#
# **What is graded.** The checks in this notebook are the public tests. Your submission
# is also graded on hidden tests with inputs you never see (other shapes, batch sizes,
# numbers of heads, extreme values), so write code that is right for every input the
# question allows, not just for the examples. No function may modify the arrays it is
# given (the tests check).
#
# **Reasoning questions.** Questions 4 to 7 ask you to reason rather than to code an
# equation you were given: Question 4 (derive) the matrix that moves a sinusoidal
# positional encoding by $k$ positions, Question 5 (predict) attention weights by hand
# and what happens without the $\sqrt{d_k}$, Question 6 (derive) the parameter count of
# a transformer block with grouped-query attention, Question 7 (debug) a decoder that
# sees the future. Questions 1 (causal attention with a linear position bias),
# 2 (multi-query attention), 3 (a sliding-window mask with padding) and 8 (a pre-norm
# block) are coding questions. Each title says which kind it is.
#
# **Conventions.** Unlike the chapter's code, every weight here multiplies from the
# right, as in `X @ W`: a sequence is an array of shape `(T, d)`, one position per
# row, and a weight from width $d$ to width $d'$ has shape `(d, d')`. Attention weights
# $A$ have one row per query and one column per key; each row is a probability
# distribution over the keys, and a masked key gets weight exactly 0.
# Where a question asks for stability, your code must be exact and finite for scores as
# large as $\pm 10^4$: the tests run it under `np.errstate(over="raise", invalid="raise")`.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: causal attention with a linear position bias).** ALiBi (Press et
# al., 2022) replaces positional encodings by a penalty on distance: a query looks at
# keys far behind it less. For self-attention over positions $0, \dots, T-1$, the score
# of query $i$ on key $j \le i$ is
#
# $$S_{ij} = \frac{q_i \cdot k_j}{\sqrt{d_k}} - m\,(i - j),$$
#
# with a slope $m \ge 0$, and key $j > i$ (the future) is masked. Write
# `alibi_attention(Q, K, V, slope)` returning the pair `(out, A)`:
# $A = \operatorname{softmax}(S)$ row by row, shape `(..., T, T)`, and `out` $= A V$,
# shape `(..., T, d_v)`. `Q` and `K` have shape `(..., T, d_k)`, `V` shape
# `(..., T, d_v)`; the leading axes (batch, heads; possibly none) are carried along.
# Stable as stated in the conventions, for any slope up to $10^4$.

# %% [raw]
# # BEGIN SOLUTION

# %%
def alibi_attention(Q, K, V, slope):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    # BEGIN SOLUTION
    T, d_k = Q.shape[-2], Q.shape[-1]
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k) - slope * (i - j)
    S = np.where(j <= i, S, -np.inf)                       # mask the scores, before the softmax
    E = np.exp(S - S.max(axis=-1, keepdims=True))          # the diagonal is never masked: max finite
    A = E / E.sum(axis=-1, keepdims=True)                  # over the keys, the last axis
    return A @ V, A
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For one sequence of T = 4 positions (d_k = 4, d_v = 3, slope 0.5) A and out differ
  from torch's scaled_dot_product_attention with the bias as a float mask. Likely
  mistakes - no division by sqrt(d_k); the softmax over the queries (axis -2) instead
  of over the keys (the last axis, every row sums to 1); the mask applied after the
  softmax (rows then sum to less than 1); the bias with the wrong sign (+ m (i - j)
  favours far keys); the mask upside down (j >= i kept: the future). Also Q, K and V
  must be exactly as they were after the call.
""" # END TEST CONFIG
def test_alibi_values(alibi_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(1)
    T, d_k, d_v, m = 4, 4, 3, 0.5
    Q, K, V = rng.normal(size=(T, d_k)), rng.normal(size=(T, d_k)), rng.normal(size=(T, d_v))
    copies = [a.copy() for a in (Q, K, V)]
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    bias = torch.tensor(np.where(j <= i, -m * (i - j), -np.inf))
    q, k, v = (torch.tensor(a) for a in (Q, K, V))
    expected_out = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=bias).numpy()
    expected_A = torch.softmax(q @ k.T / 2.0 + bias, dim=-1).numpy()
    out, A = alibi_attention(Q, K, V, m)
    assert all(np.array_equal(a, b) for a, b in zip((Q, K, V), copies)), "Q, K or V was modified"
    A, out = np.asarray(A, dtype=float), np.asarray(out, dtype=float)
    assert A.shape == (T, T) and out.shape == (T, d_v), f"shapes {A.shape}, {out.shape}, expected ({T}, {T}), ({T}, {d_v})"
    assert np.allclose(A, expected_A, rtol=1e-9, atol=1e-12), f"A = {A.round(4).tolist()}, expected {expected_A.round(4).tolist()}"
    assert np.allclose(out, expected_out, rtol=1e-9, atol=1e-12), f"out = {out.round(4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On a batch of shape (2, 3, 5, 8) (batch, heads, T, d_k) with slope 0 (plain causal
  attention) and slope 1.5, every row of A must sum to 1 over the keys, with exact zeros
  above the diagonal, and match torch. With scores near 10^4 nothing may overflow: shift
  each row by its maximum, and mask with -inf (or a large negative number) before the
  softmax.
""" # END TEST CONFIG
def test_alibi_batched_and_stable(alibi_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(2)
    T, d_k = 5, 8
    Q, K, V = rng.normal(size=(2, 3, T, d_k)), rng.normal(size=(2, 3, T, d_k)), rng.normal(size=(2, 3, T, 2))
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    for m, scale in ((0.0, 1.0), (1.5, 1.0), (0.0, 100.0)):
        bias = torch.tensor(np.where(j <= i, -m * (i - j), -np.inf))
        q, k, v = torch.tensor(scale * Q), torch.tensor(scale * K), torch.tensor(V)
        expected_A = torch.softmax(q @ k.transpose(-1, -2) / np.sqrt(d_k) + bias, dim=-1).numpy()
        with np.errstate(over="raise", invalid="raise"):
            out, A = alibi_attention(scale * Q, scale * K, V, m)
        A = np.asarray(A, dtype=float)
        assert A.shape == (2, 3, T, T), f"A has shape {A.shape}, expected (2, 3, {T}, {T})"
        assert np.all(A[..., j > i] == 0), "a key in the future has a nonzero weight"
        assert np.allclose(A.sum(axis=-1), 1.0, atol=1e-12), "rows of A do not sum to 1"
        assert np.allclose(A, expected_A, rtol=1e-9, atol=1e-12), f"slope {m}, scores up to {scale ** 2 * 8:g}: A is wrong"
        assert np.allclose(np.asarray(out, dtype=float), expected_A @ V, rtol=1e-9, atol=1e-12), "out != A V"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  alibi_attention is wrong on an unseen batch (3 sequences, T = 6, d_k = 16, d_v = 2,
  slope 0.25), or modified its arguments.
""" # END TEST CONFIG
def test_alibi_hidden_random(alibi_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(303)
    T, d_k, m = 6, 16, 0.25
    Q, K, V = 2 * rng.normal(size=(3, T, d_k)), 2 * rng.normal(size=(3, T, d_k)), rng.normal(size=(3, T, 2))
    copies = [a.copy() for a in (Q, K, V)]
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    bias = torch.tensor(np.where(j <= i, -m * (i - j), -np.inf))
    q, k, v = (torch.tensor(a) for a in (Q, K, V))
    expected_out = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=bias).numpy()
    expected_A = torch.softmax(q @ k.transpose(-1, -2) / 4.0 + bias, dim=-1).numpy()
    out, A = alibi_attention(Q, K, V, m)
    assert all(np.array_equal(a, b) for a, b in zip((Q, K, V), copies)), "an argument was modified"
    assert np.allclose(np.asarray(A, dtype=float), expected_A, rtol=1e-9, atol=1e-12)
    assert np.allclose(np.asarray(out, dtype=float), expected_out, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  alibi_attention is wrong in unseen special cases: with slope 10^4 every query sees
  only itself (A = I, out = V), with no overflow; with T = 1 the single weight is 1.
""" # END TEST CONFIG
def test_alibi_hidden_special(alibi_attention):
    import numpy as np
    rng = np.random.default_rng(4)
    Q, K, V = rng.normal(size=(5, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 4))
    with np.errstate(over="raise", invalid="raise"):
        out, A = alibi_attention(Q, K, V, 1e4)
    assert np.allclose(np.asarray(A, dtype=float), np.eye(5), atol=1e-300)
    assert np.allclose(np.asarray(out, dtype=float), V, rtol=1e-12)
    out, A = alibi_attention(Q[None, :1], K[None, :1], V[None, :1], 2.0)
    assert np.allclose(np.asarray(A, dtype=float), [[[1.0]]]) and np.allclose(np.asarray(out, dtype=float), V[None, :1])

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (code: multi-query attention).** When a model generates text it keeps the
# keys and values of every past position in memory; with $h$ heads that is $h$ keys and
# values per position. *Multi-query attention* (Shazeer, 2019) gives every head its
# own queries but **one** key and **one** value projection, shared by all heads.
#
# Write `multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal=False)` for `X` of
# shape `(batch, T, d)`, with $d_k = d / h$ (`heads` divides $d$), `W_q` and `W_o` of
# shape `(d, d)`, `W_k` and `W_v` of shape `(d, d_k)`, no biases:
#
# - $Q = X W_q$ is cut into heads along its last axis: head $a$ gets columns
#   $a\,d_k, \dots, (a+1)\,d_k - 1$, written $Q_a$;
# - $K = X W_k$ and $V = X W_v$ are the same for every head;
# - $\text{head}_a = \operatorname{softmax}\big(Q_a K^\top / \sqrt{d_k}\big)\, V$, with
#   the future masked when `causal` is true (query $i$ sees keys $j \le i$);
# - the heads are concatenated in order along the last axis, then multiplied by $W_o$.
#
# Return the result, shape `(batch, T, d)`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal=False):
    X, W_q, W_k, W_v, W_o = (np.asarray(a, dtype=float) for a in (X, W_q, W_k, W_v, W_o))
    # BEGIN SOLUTION
    batch, T, d = X.shape
    d_k = d // heads
    Q = (X @ W_q).reshape(batch, T, heads, d_k).transpose(0, 2, 1, 3)   # (batch, heads, T, d_k)
    K, V = (X @ W_k)[:, None], (X @ W_v)[:, None]                         # (batch, 1, T, d_k): shared
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k)
    if causal:
        S = np.where(np.tri(T, dtype=bool), S, -np.inf)
    E = np.exp(S - S.max(axis=-1, keepdims=True))
    heads_out = (E / E.sum(axis=-1, keepdims=True)) @ V                  # (batch, heads, T, d_k)
    return heads_out.transpose(0, 2, 1, 3).reshape(batch, T, d) @ W_o
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Multi-query attention is ordinary multi-head attention whose heads all use the same
  key and value projection, so your result must equal torch.nn.MultiheadAttention with
  W_k and W_v repeated for every head (here batch 1, T = 3, d = 4, 2 heads, not causal,
  and batch 2, T = 5, d = 6, 3 heads, causal). Likely mistakes - the heads cut along the
  wrong axis (head a takes the contiguous columns a d_k to (a + 1) d_k - 1, not every
  h-th column); scores divided by sqrt(d) instead of sqrt(d_k); W_o forgotten; the
  causal mask ignored or upside down; the softmax over the queries. X and the weights
  must be exactly as they were after the call.
""" # END TEST CONFIG
def test_mqa_matches_torch(multi_query_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(11)
    for batch, T, d, heads, causal in ((1, 3, 4, 2, False), (2, 5, 6, 3, True)):
        d_k = d // heads
        X = rng.normal(size=(batch, T, d))
        W_q, W_k, W_v, W_o = rng.normal(size=(d, d)), rng.normal(size=(d, d_k)), rng.normal(size=(d, d_k)), rng.normal(size=(d, d))
        copies = [a.copy() for a in (X, W_q, W_k, W_v, W_o)]
        mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True, dtype=torch.float64)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.tensor(np.concatenate([W_q, np.tile(W_k, heads), np.tile(W_v, heads)], axis=1).T))
            mha.out_proj.weight.copy_(torch.tensor(W_o.T))
            x = torch.tensor(X)
            mask = torch.ones(T, T, dtype=torch.bool).triu(1) if causal else None   # torch: True = ignore
            expected, _ = mha(x, x, x, attn_mask=mask, need_weights=False)
        out = np.asarray(multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal), dtype=float)
        assert all(np.array_equal(a, b) for a, b in zip((X, W_q, W_k, W_v, W_o), copies)), "an argument was modified"
        assert out.shape == (batch, T, d), f"shape {out.shape}, expected ({batch}, {T}, {d})"
        assert np.allclose(out, expected.numpy(), rtol=1e-9, atol=1e-12), f"{heads} heads, causal = {causal}: wrong output"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With one head multi-query attention is single-head attention, and with d heads of
  width 1 every head has its own single query column: both must match
  torch.nn.MultiheadAttention with the shared projections repeated (T = 4, d = 4,
  causal).
""" # END TEST CONFIG
def test_mqa_head_counts(multi_query_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(12)
    batch, T, d = 2, 4, 4
    X = rng.normal(size=(batch, T, d))
    for heads in (1, 4):
        d_k = d // heads
        W_q, W_k, W_v, W_o = rng.normal(size=(d, d)), rng.normal(size=(d, d_k)), rng.normal(size=(d, d_k)), rng.normal(size=(d, d))
        mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True, dtype=torch.float64)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.tensor(np.concatenate([W_q, np.tile(W_k, heads), np.tile(W_v, heads)], axis=1).T))
            mha.out_proj.weight.copy_(torch.tensor(W_o.T))
            x = torch.tensor(X)
            expected, _ = mha(x, x, x, attn_mask=torch.ones(T, T, dtype=torch.bool).triu(1), need_weights=False)
        out = np.asarray(multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal=True), dtype=float)
        assert np.allclose(out, expected.numpy(), rtol=1e-9, atol=1e-12), f"{heads} heads: wrong output"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  multi_query_attention differs from torch.nn.MultiheadAttention (shared projections
  repeated) on an unseen batch (3 sequences, T = 7, d = 12, 4 heads, causal and not),
  or modified its arguments.
""" # END TEST CONFIG
def test_mqa_hidden_random(multi_query_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(1212)
    batch, T, d, heads = 3, 7, 12, 4
    d_k = d // heads
    X = rng.normal(size=(batch, T, d))
    W_q, W_k, W_v, W_o = (rng.normal(size=s) / np.sqrt(d) * 2 for s in ((d, d), (d, d_k), (d, d_k), (d, d)))
    copies = [a.copy() for a in (X, W_q, W_k, W_v, W_o)]
    for causal in (False, True):
        mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True, dtype=torch.float64)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.tensor(np.concatenate([W_q, np.tile(W_k, heads), np.tile(W_v, heads)], axis=1).T))
            mha.out_proj.weight.copy_(torch.tensor(W_o.T))
            x = torch.tensor(X)
            mask = torch.ones(T, T, dtype=torch.bool).triu(1) if causal else None
            expected, _ = mha(x, x, x, attn_mask=mask, need_weights=False)
        out = np.asarray(multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal), dtype=float)
        assert all(np.array_equal(a, b) for a, b in zip((X, W_q, W_k, W_v, W_o), copies)), "an argument was modified"
        assert out.shape == (batch, T, d) and np.allclose(out, expected.numpy(), rtol=1e-9, atol=1e-12), f"causal = {causal}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  multi_query_attention is wrong on an unseen case computed head by head (d = 8,
  2 heads, sharp attention, T = 1 and T = 6).
""" # END TEST CONFIG
def test_mqa_hidden_by_heads(multi_query_attention):
    import numpy as np
    rng = np.random.default_rng(99)
    d, heads, d_k = 8, 2, 4
    W_q, W_k, W_v, W_o = 1.5 * rng.normal(size=(d, d)), 1.5 * rng.normal(size=(d, d_k)), rng.normal(size=(d, d_k)), rng.normal(size=(d, d))
    for T, causal in ((1, True), (6, False), (6, True)):
        X = rng.normal(size=(2, T, d))
        expected = np.zeros((2, T, d))
        for b in range(2):
            K, V = X[b] @ W_k, X[b] @ W_v
            cat = []
            for a in range(heads):
                Qa = X[b] @ W_q[:, a * d_k:(a + 1) * d_k]
                rows = []
                for i in range(T):
                    keys = range(i + 1) if causal else range(T)
                    s = {j: float(Qa[i] @ K[j]) / 2.0 for j in keys}
                    mx = max(s.values())
                    w = {j: np.exp(v - mx) for j, v in s.items()}
                    rows.append(sum(w[j] * V[j] for j in keys) / sum(w.values()))
                cat.append(np.array(rows))
            expected[b] = np.concatenate(cat, axis=1) @ W_o
        out = np.asarray(multi_query_attention(X, W_q, W_k, W_v, W_o, heads, causal), dtype=float)
        assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"T = {T}, causal = {causal}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (code: a sliding-window causal mask with padding).** A language model
# over long texts lets each position attend only to the last `window` positions,
# itself included; batches of texts of different lengths are padded at the end. Write
# `local_attention_mask(lengths, T, window)`, returning a **boolean** numpy array of
# shape `(batch, T, T)`, `True` where query $i$ **may attend** to key $j$ in sequence $b$:
#
# $$j \le i, \qquad i - j < \text{window}, \qquad j < \text{lengths}[b].$$
#
# `lengths` is a list or array of `batch` integers in $[1, T]$, and `window` $\ge 1$
# (a window $\ge T$ is a plain causal mask). Nothing else is masked: a query at a padded
# position keeps whatever keys the three conditions allow (its output is thrown away
# anyway).

# %% [raw]
# # BEGIN SOLUTION

# %%
def local_attention_mask(lengths, T, window):
    # BEGIN SOLUTION
    i = np.arange(T)[:, None]
    j = np.arange(T)[None, :]
    local = (j <= i) & (i - j < window)                                     # (T, T)
    real_key = np.arange(T)[None, None, :] < np.asarray(lengths)[:, None, None]  # (batch, 1, T)
    return local[None] & real_key
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For lengths [4, 2], T = 4 and window 2, query i of sequence 0 may attend to keys
  i - 1 and i (key 0 only, for query 0); in sequence 1, keys 2 and 3 are padding and
  hidden from every query: its query 2 sees key 1 only, its query 3 nothing. Likely
  mistakes - i - j <= window (a window one too wide); True meaning masked instead of
  allowed; the padding applied to the queries i instead of the keys j; the triangle
  upside down (j >= i, the future). The result must be a boolean array of shape
  (batch, T, T).
""" # END TEST CONFIG
def test_local_mask_small(local_attention_mask):
    import numpy as np
    m = np.asarray(local_attention_mask([4, 2], 4, 2))
    expected = np.array([[[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]],
                         [[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]]], dtype=bool)
    assert m.dtype == bool, f"dtype {m.dtype}, expected bool"
    assert m.shape == (2, 4, 4), f"shape {m.shape}, expected (2, 4, 4)"
    assert np.array_equal(m, expected), f"got {m.astype(int).tolist()}, expected {expected.astype(int).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With a window of T or more the mask is causal and padding only (query i sees every
  real key j <= i); with window 1 each query sees only itself (if it is real). Checked
  for lengths given as a numpy array [5, 3, 1] with T = 5, by loops over b, i, j.
""" # END TEST CONFIG
def test_local_mask_limits(local_attention_mask):
    import numpy as np
    lengths = np.array([5, 3, 1])
    l0 = lengths.copy()
    for window in (5, 9, 1, 3):
        m = np.asarray(local_attention_mask(lengths, 5, window))
        expected = np.array([[[j <= i and i - j < window and j < L for j in range(5)] for i in range(5)] for L in lengths])
        assert m.dtype == bool and m.shape == (3, 5, 5), f"window {window}: dtype {m.dtype}, shape {m.shape}"
        assert np.array_equal(m, expected), f"window {window}: got {m.astype(int).tolist()}"
    assert np.array_equal(lengths, l0), "lengths was modified"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  local_attention_mask is wrong on an unseen batch (6 sequences, T = 9, window 3 and 4).
""" # END TEST CONFIG
def test_local_mask_hidden_random(local_attention_mask):
    import numpy as np
    lengths = [9, 1, 4, 7, 2, 9]
    for window in (3, 4):
        m = np.asarray(local_attention_mask(lengths, 9, window))
        expected = np.array([[[(j <= i) and (i - j < window) and (j < L) for j in range(9)] for i in range(9)] for L in lengths])
        assert m.dtype == bool and np.array_equal(m, expected), f"window {window}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  local_attention_mask is wrong in unseen small cases (T = 1; T = 2 with window 1;
  T = 6 with window 2 and lengths 6, 6).
""" # END TEST CONFIG
def test_local_mask_hidden_small(local_attention_mask):
    import numpy as np
    m = np.asarray(local_attention_mask([1], 1, 1))
    assert m.dtype == bool and m.shape == (1, 1, 1) and bool(m[0, 0, 0])
    m = np.asarray(local_attention_mask(np.array([2, 1]), 2, 1))
    assert np.array_equal(m, [[[True, False], [False, True]], [[True, False], [False, False]]])
    m = np.asarray(local_attention_mask([6, 6], 6, 2))
    one = np.eye(6, dtype=bool) | np.eye(6, k=-1, dtype=bool)
    assert np.array_equal(m, np.stack([one, one]))

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (derive: positions as rotations).** The sinusoidal encoding of position
# $p$ in width $d$ (even), with base $B$ (10000 in the original transformer), is the row
#
# $$\mathrm{PE}(p)_{2m} = \sin(p\,\omega_m), \qquad \mathrm{PE}(p)_{2m+1} = \cos(p\,\omega_m),
# \qquad \omega_m = B^{-2m/d}, \quad m = 0, \dots, d/2 - 1.$$
#
# 1. Write `sinusoidal_encoding(positions, d, base=10000.0)`: `positions` is a 1-D list
#    or array of integers, in any order and not necessarily starting at 0 (a model that
#    generates one token at a time encodes position 57 alone); return an array of shape
#    `(len(positions), d)`, row $r$ being $\mathrm{PE}(\text{positions}[r])$.
# 2. The chapter claims that moving $k$ positions is a fixed linear map. Derive it:
#    write `shift_matrix(k, d, base=10000.0)` returning the $(d, d)$ matrix $M$ with
#    $\mathrm{PE}(p + k) = \mathrm{PE}(p)\, M$ (a row times $M$) for **every** position
#    $p$. $k$ is any integer, negative included.

# %% [raw]
# # BEGIN SOLUTION

# %%
def sinusoidal_encoding(positions, d, base=10000.0):
    # BEGIN SOLUTION
    p = np.asarray(positions, dtype=float)[:, None]
    omega = base ** (-np.arange(0, d, 2) / d)
    PE = np.empty((p.shape[0], d))
    PE[:, 0::2] = np.sin(p * omega)
    PE[:, 1::2] = np.cos(p * omega)
    return PE
    # END SOLUTION


def shift_matrix(k, d, base=10000.0):
    # BEGIN SOLUTION
    # sin(a + b) = sin a cos b + cos a sin b, cos(a + b) = cos a cos b - sin a sin b:
    # the pair (sin, cos) times [[cos b, -sin b], [sin b, cos b]], b = k omega_m
    M = np.zeros((d, d))
    for m, w in enumerate(base ** (-np.arange(0, d, 2) / d)):
        c, s = np.cos(k * w), np.sin(k * w)
        M[2 * m:2 * m + 2, 2 * m:2 * m + 2] = [[c, -s], [s, c]]
    return M
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  sinusoidal_encoding is wrong. Position 0 encodes as [0, 1, 0, 1, ...] (sines in the
  even columns, cosines in the odd ones; [1, 0, ...] means sin and cos are swapped).
  Column pair m turns at omega_m = base^(-2m / d), so with d = 4 and base 10000 the
  second pair turns at 1/100 radian per position (base^(-m / d) is too slow to fall).
  The rows are for the given positions (here 0, 1, 5 and then 3, 2 with d = 6 and
  base 100), not for 0, 1, 2, ...
""" # END TEST CONFIG
def test_pe_values(sinusoidal_encoding):
    import math
    import numpy as np
    for positions, d, base in (([0, 1, 5], 4, 10000.0), ([3, 2], 6, 100.0)):
        expected = [[math.sin(p / base ** (c / d)) if c % 2 == 0 else math.cos(p / base ** ((c - 1) / d))
                     for c in range(d)] for p in positions]
        PE = np.asarray(sinusoidal_encoding(np.array(positions), d, base), dtype=float)
        assert PE.shape == (len(positions), d), f"shape {PE.shape}, expected ({len(positions)}, {d})"
        assert np.allclose(PE, expected, rtol=1e-12, atol=1e-14), f"positions {positions}, d = {d}, base {base:g}: got {PE.round(4).tolist()}, expected {np.round(expected, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  shift_matrix(1, 4, base=10) does not move the encoding by one position: PE(p + 1) must
  equal PE(p) @ M for p = 0, ..., 9 (with PE computed by the test). Each (sin, cos)
  pair turns by the angle k omega_m, which is a 2x2 rotation block on the diagonal of M;
  as the row PE(p) multiplies M from the left, the block is [[cos, -sin], [sin, cos]].
  Its transpose turns the other way, by -k positions.
""" # END TEST CONFIG
def test_shift_one(shift_matrix):
    import math
    import numpy as np
    d, base = 4, 10.0
    PE = lambda p: [math.sin(p / base ** (c / d)) if c % 2 == 0 else math.cos(p / base ** ((c - 1) / d)) for c in range(d)]
    M = np.asarray(shift_matrix(1, d, base), dtype=float)
    assert M.shape == (d, d), f"shape {M.shape}, expected ({d}, {d})"
    for p in range(10):
        assert np.allclose(np.array(PE(p)) @ M, PE(p + 1), atol=1e-12), f"PE({p}) @ M = {(np.array(PE(p)) @ M).round(4).tolist()}, expected PE({p + 1}) = {np.round(PE(p + 1), 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  shift_matrix fails a property of shifts. k = 0 must give the identity; M(-3) undoes
  M(3), and as M is a rotation it is its transpose; with d = 2 (a single pair, base
  10000) M(2) turns by 2 radians. And PE(p + k) = PE(p) M must hold at every position,
  here p = 40 with k = -7, d = 6, base 10000.
""" # END TEST CONFIG
def test_shift_properties(shift_matrix):
    import math
    import numpy as np
    assert np.allclose(np.asarray(shift_matrix(0, 6), dtype=float), np.eye(6), atol=1e-15), "M(0) is not the identity"
    M3, Mm3 = np.asarray(shift_matrix(3, 6), dtype=float), np.asarray(shift_matrix(-3, 6), dtype=float)
    assert np.allclose(M3 @ Mm3, np.eye(6), atol=1e-12) and np.allclose(Mm3, M3.T, atol=1e-15), "M(-3) is not the inverse (and transpose) of M(3)"
    c, s = math.cos(2.0), math.sin(2.0)
    assert np.allclose(np.asarray(shift_matrix(2, 2), dtype=float), [[c, -s], [s, c]], atol=1e-15), "d = 2, k = 2 is wrong"
    d = 6
    PE = lambda p: [math.sin(p / 10000.0 ** (c / d)) if c % 2 == 0 else math.cos(p / 10000.0 ** ((c - 1) / d)) for c in range(d)]
    M = np.asarray(shift_matrix(-7, d), dtype=float)
    assert np.allclose(np.array(PE(40)) @ M, PE(33), atol=1e-12), "PE(40) @ M(-7) != PE(33)"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sinusoidal_encoding is wrong on unseen positions (100, 101, 7, 0, 2048 with d = 10;
  a single position with d = 2 and base 500).
""" # END TEST CONFIG
def test_pe_hidden(sinusoidal_encoding):
    import math
    import numpy as np
    for positions, d, base, kw in (([100, 101, 7, 0, 2048], 10, 10000.0, False), ([57], 2, 500.0, True)):
        expected = [[math.sin(p / base ** (c / d)) if c % 2 == 0 else math.cos(p / base ** ((c - 1) / d))
                     for c in range(d)] for p in positions]
        PE = sinusoidal_encoding(positions, d, base=base) if kw else sinusoidal_encoding(positions, d)
        assert np.allclose(np.asarray(PE, dtype=float), expected, rtol=1e-10, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  shift_matrix is wrong for unseen shifts (k = 7 and 250, d = 8 and 6, bases 10000 and
  50): PE(p + k) = PE(p) M at many positions, and M(3) M(4) = M(7).
""" # END TEST CONFIG
def test_shift_hidden(shift_matrix):
    import math
    import numpy as np
    for k, d, base in ((7, 8, 10000.0), (250, 6, 50.0)):
        PE = lambda p: [math.sin(p / base ** (c / d)) if c % 2 == 0 else math.cos(p / base ** ((c - 1) / d)) for c in range(d)]
        M = np.asarray(shift_matrix(k, d, base), dtype=float)
        for p in (0, 1, 13, 500, 9999):
            assert np.allclose(np.array(PE(p)) @ M, PE(p + k), atol=1e-10), f"k = {k}, p = {p}"
    M3, M4, M7 = (np.asarray(shift_matrix(k, 8), dtype=float) for k in (3, 4, 7))
    assert np.allclose(M3 @ M4, M7, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (predict: attention by hand, and without the $\sqrt{d_k}$).** Work these
# out on paper first (that is the exercise: a computer can check you afterwards), then
# give each answer as numbers: exact expressions (such as `math.exp(2) / 3`) or at least
# 5 significant digits.
#
# *By hand.* One query $q = (1, 1, 1, 1)$, three keys $k_1 = (1, 1, 1, 1)$,
# $k_2 = (1, -1, 1, -1)$, $k_3 = (-1, -1, -1, -1)$ and their values
# $v_1 = (1, 0)$, $v_2 = (0, 1)$, $v_3 = (10, 10)$; scaled dot-product attention.
#
# - `weights_by_hand`: the three attention weights of $q$ on $k_1, k_2, k_3$, a list.
# - `output_by_hand`: the output for $q$, a list of 2 numbers.
#
# *Without scaling.* A query $q$ and $T = 8$ keys, all with entries $\pm 1$ in dimension
# $d_k$: $k_1 = q$, and the 7 other keys are orthogonal to $q$ ($q \cdot k_j = 0$; this
# needs $d_k$ even).
#
# - `entropy_scaled` and `entropy_unscaled`: the entropy (in nats, natural log) of the
#   attention weights of $q$ for $d_k = 4$, with scores $q \cdot k / \sqrt{d_k}$ and with
#   plain scores $q \cdot k$.
# - `smallest_d_k_unscaled` and `smallest_d_k_scaled`: the smallest (even) $d_k$ for
#   which the weight on $k_1$ exceeds 0.99, without and with the scaling.
#
# The public checks only say whether each answer is within about 0.002 (the two $d_k$
# exactly); the hidden tests want 5 significant digits.

# %% [raw]
# # BEGIN SOLUTION

# %%
weights_by_hand = [math.exp(2) / (math.exp(2) + 1 + math.exp(-2)), 1 / (math.exp(2) + 1 + math.exp(-2)), math.exp(-2) / (math.exp(2) + 1 + math.exp(-2))]  # SOLUTION
output_by_hand = [weights_by_hand[0] + 10 * weights_by_hand[2], weights_by_hand[1] + 10 * weights_by_hand[2]]  # SOLUTION
entropy_scaled = math.log(math.exp(2) + 7) - 2 * math.exp(2) / (math.exp(2) + 7)  # SOLUTION
entropy_unscaled = math.log(math.exp(4) + 7) - 4 * math.exp(4) / (math.exp(4) + 7)  # SOLUTION
smallest_d_k_unscaled = 8  # SOLUTION
smallest_d_k_scaled = 44  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  weights_by_hand or output_by_hand is not within about 0.002 of the answer. The scores
  q . k are 4, 0 and -4; scaled by 1 / sqrt(d_k) = 1/2 they are 2, 0 and -2, and the
  weights are their softmax (without the scaling the weights are too sharp). The output
  is the weighted sum of the values, w_1 v_1 + w_2 v_2 + w_3 v_3, not their plain mean.
""" # END TEST CONFIG
def test_by_hand(weights_by_hand, output_by_hand):
    import hashlib
    import itertools
    import math
    for name, value, n, digest in (("weights_by_hand", weights_by_hand, 3, "0a95ddc2fabf18c2"),
                                   ("output_by_hand", output_by_hand, 2, "276b56a38b1c50bb")):
        v = [float(x) for x in value]
        assert len(v) == n and all(math.isfinite(x) for x in v), f"{name} = {value}: expected {n} numbers"
        ok = {hashlib.sha256((f"ch10-q5-{name}:" + ",".join(str(math.floor(x * 1000) + j) for x, j in zip(v, js))).encode()).hexdigest()[:16]
              for js in itertools.product((-1, 0, 1), repeat=n)}
        assert digest in ok, f"{name} = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  An answer about scaling is not right. With d_k = 4 the matching key scores
  q . q / sqrt(4) = 2 with scaling and 4 without, the 7 others 0; the weights are e^s /
  (e^s + 7) and 1 / (e^s + 7), and the entropy is -sum w log w in nats (log base 2 gives
  bits). Without scaling the weights are sharper, so the entropy is smaller. The weight
  on k_1 exceeds 0.99 when e^s > 99 * 7 = 693, with s = d_k unscaled and sqrt(d_k)
  scaled: then round d_k up to an even number.
""" # END TEST CONFIG
def test_scaling(entropy_scaled, entropy_unscaled, smallest_d_k_unscaled, smallest_d_k_scaled):
    import hashlib
    import math
    for name, value, digest in (("entropy_scaled", entropy_scaled, "8f9edb5e4fd74296"),
                                ("entropy_unscaled", entropy_unscaled, "9840c9bca3ae45ec")):
        v = float(value)
        assert math.isfinite(v), f"{name} = {v}"
        ok = {hashlib.sha256(f"ch10-q5-{name}:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16] for j in (-1, 0, 1)}
        assert digest in ok, f"{name} = {v} is not right"
    for name, value, digest in (("smallest_d_k_unscaled", smallest_d_k_unscaled, "3570515ef65de99a"),
                                ("smallest_d_k_scaled", smallest_d_k_scaled, "696558bb02895b0d")):
        assert float(value).is_integer(), f"{name} = {value} is not an integer"
        assert hashlib.sha256(f"ch10-q5-{name}:{int(value)}".encode()).hexdigest()[:16] == digest, f"{name} = {value} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  weights_by_hand or output_by_hand is not right to 5 significant digits.
""" # END TEST CONFIG
def test_by_hand_precise(weights_by_hand, output_by_hand):
    import numpy as np
    import torch
    q = torch.tensor([[1.0, 1.0, 1.0, 1.0]], dtype=torch.float64)
    K = torch.tensor([[1.0, 1.0, 1.0, 1.0], [1.0, -1.0, 1.0, -1.0], [-1.0, -1.0, -1.0, -1.0]], dtype=torch.float64)
    V = torch.tensor([[1.0, 0.0], [0.0, 1.0], [10.0, 10.0]], dtype=torch.float64)
    w = torch.softmax(q @ K.T / 2.0, dim=-1)[0].numpy()
    out = torch.nn.functional.scaled_dot_product_attention(q, K, V)[0].numpy()
    assert np.allclose(np.asarray(weights_by_hand, dtype=float), w, rtol=5e-5, atol=0)
    assert np.allclose(np.asarray(output_by_hand, dtype=float), out, rtol=5e-5, atol=0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  An answer about scaling is not right to 5 significant digits (or the two d_k are not
  exact).
""" # END TEST CONFIG
def test_scaling_precise(entropy_scaled, entropy_unscaled, smallest_d_k_unscaled, smallest_d_k_scaled):
    import math
    def row(s):
        e = [math.exp(s)] + [1.0] * 7
        return [x / sum(e) for x in e]
    H = lambda w: -sum(x * math.log(x) for x in w)
    assert abs(float(entropy_scaled) - H(row(4 / math.sqrt(4)))) <= 5e-5 * H(row(2.0))
    assert abs(float(entropy_unscaled) - H(row(4.0))) <= 5e-5 * H(row(4.0))
    assert smallest_d_k_unscaled == min(d for d in range(2, 200, 2) if row(d)[0] > 0.99)
    assert smallest_d_k_scaled == min(d for d in range(2, 200, 2) if row(math.sqrt(d))[0] > 0.99)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (derive: the parameters of a transformer block with grouped-query
# attention).** The chapter's pre-norm block has two layer norms (a gain and a bias of
# width $d$ each), multi-head attention with four projections $W_q, W_k, W_v, W_o$
# (each with a bias) and an MLP $d \to d_{ff} \to d$ (two linear layers with biases).
# *Grouped-query attention* (Ainslie et al., 2023; used by many large models) keeps
# $h$ query heads of width $d_k = d / h$ but only `kv_heads` key and value heads, each
# shared by a group of query heads: $W_k$ and $W_v$ map $d$ to
# $\text{kv\_heads} \cdot d_k$ (`kv_heads` $= h$ is ordinary multi-head attention,
# `kv_heads` $= 1$ is multi-query attention). $W_q$ and $W_o$ stay $d \times d$.
#
# Write `block_param_count(d, heads, d_ff, kv_heads)` returning the number of
# parameters of such a block, as an integer (`heads` divides $d$, `kv_heads` divides
# `heads`). Derive it; do not build a network (the tests ask for $d = 8192$).

# %% [raw]
# # BEGIN SOLUTION

# %%
def block_param_count(d, heads, d_ff, kv_heads):
    # BEGIN SOLUTION
    d_kv = kv_heads * (d // heads)
    attention = 2 * (d * d + d) + 2 * (d * d_kv + d_kv)     # W_q, W_o; W_k, W_v, with biases
    norms = 2 * 2 * d                                       # two layer norms, gain and bias
    mlp = d * d_ff + d_ff + d_ff * d + d
    return attention + norms + mlp
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With kv_heads = heads the block is torch.nn.TransformerEncoderLayer(d, heads, d_ff,
  norm_first=True), and your count must match its parameters (d = 64 with 8 heads and
  with 1 head, d_ff = 256). The number of heads does not change the count: the heads
  cut W_q, W_k and W_v into slices, they do not multiply them. Each projection has
  d x d weights and d biases, each layer norm 2d parameters, the MLP
  d d_ff + d_ff + d_ff d + d.
""" # END TEST CONFIG
def test_block_mha(block_param_count):
    import torch
    for d, heads, d_ff in ((64, 8, 256), (64, 1, 256), (6, 3, 10)):
        layer = torch.nn.TransformerEncoderLayer(d, heads, d_ff, norm_first=True, device="meta")
        expected = sum(p.numel() for p in layer.parameters())
        out = block_param_count(d, heads, d_ff, heads)
        assert out == expected and float(out).is_integer(), f"d = {d}, heads = {heads}, d_ff = {d_ff}: got {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With fewer key-value heads than query heads, W_k and W_v map d to kv_heads * d_k
  numbers (d_k = d / heads), with as many biases: d = 64, 8 heads, 1 key-value head
  (multi-query) has K and V projections of 64 x 8 + 8 parameters each. Not
  kv_heads * d, and not d x d as in multi-head attention.
""" # END TEST CONFIG
def test_block_gqa(block_param_count):
    import torch
    for d, heads, kv, d_ff in ((64, 8, 1, 128), (48, 6, 2, 100)):
        d_kv = kv * d // heads
        mods = [torch.nn.Linear(d, d, device="meta"), torch.nn.Linear(d, d_kv, device="meta"), torch.nn.Linear(d, d_kv, device="meta"),
                torch.nn.Linear(d, d, device="meta"), torch.nn.LayerNorm(d, device="meta"), torch.nn.LayerNorm(d, device="meta"),
                torch.nn.Linear(d, d_ff, device="meta"), torch.nn.Linear(d_ff, d, device="meta")]
        expected = sum(p.numel() for m in mods for p in m.parameters())
        out = block_param_count(d, heads, d_ff, kv)
        assert out == expected, f"d = {d}, heads = {heads}, kv_heads = {kv}, d_ff = {d_ff}: got {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  block_param_count is wrong for an unseen large block (d = 8192, 64 heads, 8 key-value
  heads, d_ff = 28672) or for d = 4096, 32 heads, 8 key-value heads, d_ff = 14336.
""" # END TEST CONFIG
def test_block_hidden_large(block_param_count):
    import torch
    for d, heads, kv, d_ff in ((8192, 64, 8, 28672), (4096, 32, 8, 14336)):
        d_kv = kv * d // heads
        mods = [torch.nn.Linear(d, d, device="meta"), torch.nn.Linear(d, d_kv, device="meta"), torch.nn.Linear(d, d_kv, device="meta"),
                torch.nn.Linear(d, d, device="meta"), torch.nn.LayerNorm(d, device="meta"), torch.nn.LayerNorm(d, device="meta"),
                torch.nn.Linear(d, d_ff, device="meta"), torch.nn.Linear(d_ff, d, device="meta")]
        assert block_param_count(d, heads, d_ff, kv) == sum(p.numel() for m in mods for p in m.parameters())

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  block_param_count is wrong for unseen small blocks (d = 2 with 2 heads, d = 12 with 4
  heads and 2 key-value heads, d = 10 multi-head).
""" # END TEST CONFIG
def test_block_hidden_small(block_param_count):
    import torch
    for d, heads, kv, d_ff in ((2, 2, 1, 1), (12, 4, 2, 7), (10, 5, 5, 40), (2, 2, 2, 3)):
        if kv == heads:
            expected = sum(p.numel() for p in torch.nn.TransformerEncoderLayer(d, heads, d_ff, norm_first=True, device="meta").parameters())
        else:
            d_kv = kv * d // heads
            expected = 2 * (d * d + d) + 2 * (d * d_kv + d_kv) + 4 * d + 2 * d * d_ff + d_ff + d
        assert block_param_count(d, heads, d_ff, kv) == expected, f"{d} {heads} {kv} {d_ff}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q7

# %% [markdown]
# **Question 7 (debug: a decoder that sees the future).** A colleague's language model
# reaches a suspiciously low training loss and then generates garbage: it cheats by
# looking at the tokens it must predict. Its attention is `buggy_causal_self_attention`
# below, meant to be one head of causal self-attention:
#
# - `X` of shape `(T, d)` or `(batch, T, d)`, `W_q` and `W_k` of shape `(d, d_k)`,
#   `W_v` of shape `(d, d_v)`; $Q = X W_q$, $K = X W_k$, $V = X W_v$;
# - $\operatorname{softmax}(Q K^\top / \sqrt{d_k})$ over the keys of each query, query
#   $i$ attending only to keys $j \le i$ (weights exactly 0 on the others, and each row
#   summing to 1), times $V$; result of shape `(T, d_v)` or `(batch, T, d_v)`;
# - exact and finite for scores up to $\pm 10^4$ (no overflow).
#
# It has **five bugs**. Find them (try it on a small batch, and change a later token to
# see which outputs move), then write `causal_self_attention` with the same arguments,
# doing what is described above.

# %%
def buggy_causal_self_attention(X, W_q, W_k, W_v):
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    S = Q @ K.T / np.sqrt(K.shape[-1])
    A = np.exp(S) / np.exp(S).sum(axis=0)           # softmax
    A = A * np.triu(np.ones_like(A))                # causal: no looking ahead
    return A @ V

# %% [raw]
# # BEGIN SOLUTION

# %%
def causal_self_attention(X, W_q, W_k, W_v):
    X = np.asarray(X, dtype=float)
    # BEGIN SOLUTION
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    S = Q @ np.swapaxes(K, -1, -2) / np.sqrt(K.shape[-1])    # K.T would also transpose the batch
    T = S.shape[-1]
    S = np.where(np.tri(T, dtype=bool), S, -np.inf)           # keys j <= i only, before the softmax
    E = np.exp(S - S.max(axis=-1, keepdims=True))             # shifted: no overflow
    return (E / E.sum(axis=-1, keepdims=True)) @ V            # each row over the keys
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For one sequence (T = 4, d = 3, d_k = 2, d_v = 3) the output differs from torch's
  scaled_dot_product_attention with is_causal=True. Likely bugs left - the softmax
  normalised over the queries (axis 0) instead of over the keys of each row
  (axis -1, keepdims); the mask kept j >= i (np.triu: the future) instead of j <= i
  (np.tril); the mask applied after the softmax, so the kept weights no longer sum to 1:
  mask the scores with -inf (or a large negative number) before it.
""" # END TEST CONFIG
def test_causal_values(causal_self_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(7)
    X, W_q, W_k, W_v = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), rng.normal(size=(3, 3))
    copies = [a.copy() for a in (X, W_q, W_k, W_v)]
    q, k, v = (torch.tensor(a) for a in (X @ W_q, X @ W_k, X @ W_v))
    expected = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True).numpy()
    out = np.asarray(causal_self_attention(X, W_q, W_k, W_v), dtype=float)
    assert all(np.array_equal(a, b) for a, b in zip((X, W_q, W_k, W_v), copies)), "an argument was modified"
    assert out.shape == (4, 3), f"shape {out.shape}, expected (4, 3)"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"got {out.round(4).tolist()}, expected {expected.round(4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The model sees the future. Changing the tokens after position t must leave the
  outputs at positions 0..t exactly as they were, and position 0, which sees only
  itself, must output its own value row V[0] = X[0] W_v. If later tokens move earlier
  outputs, the mask keeps keys j > i (np.triu keeps the upper triangle), or the softmax
  mixes in other queries (normalising over axis 0 uses every query, future ones too).
""" # END TEST CONFIG
def test_causal_no_future(causal_self_attention):
    import numpy as np
    rng = np.random.default_rng(8)
    T, d = 6, 4
    X, W_q, W_k, W_v = rng.normal(size=(T, d)), rng.normal(size=(d, 3)), rng.normal(size=(d, 3)), rng.normal(size=(d, 2))
    out = np.asarray(causal_self_attention(X, W_q, W_k, W_v), dtype=float)
    assert np.allclose(out[0], X[0] @ W_v, rtol=1e-12), f"position 0 outputs {out[0].tolist()}, expected V[0] = {(X[0] @ W_v).tolist()}"
    for t in range(T - 1):
        X2 = X.copy()
        X2[t + 1:] = rng.normal(size=(T - t - 1, d))
        out2 = np.asarray(causal_self_attention(X2, W_q, W_k, W_v), dtype=float)
        assert np.allclose(out2[:t + 1], out[:t + 1], rtol=1e-12, atol=1e-14), f"changing positions {t + 1}.. changed the output at positions <= {t}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On a batch X of shape (2, 5, 3), and with scores near 10^4, the output must match
  torch and nothing may overflow. K.T on a 3-D array reverses all three axes; transpose
  only the last two (np.swapaxes(K, -1, -2)). exp of a score of 10^4 overflows: subtract
  each row's maximum before exponentiating.
""" # END TEST CONFIG
def test_causal_batched_stable(causal_self_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(9)
    X = rng.normal(size=(2, 5, 3))
    W_k, W_v = rng.normal(size=(3, 4)), rng.normal(size=(3, 2))
    for scale in (1.0, 60.0):
        W_q = scale * rng.normal(size=(3, 4))
        q, k, v = (torch.tensor(a) for a in (X @ W_q, X @ (scale * W_k), X @ W_v))
        expected = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True).numpy()
        with np.errstate(over="raise", invalid="raise"):
            out = np.asarray(causal_self_attention(X, W_q, scale * W_k, W_v), dtype=float)
        assert out.shape == (2, 5, 2), f"shape {out.shape}, expected (2, 5, 2)"
        assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"scores up to about {scale ** 2 * 4:g}: wrong output"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  causal_self_attention is wrong on an unseen batch (3 sequences, T = 6, d = 4,
  d_k = 2, d_v = 5) or on a single position (T = 1).
""" # END TEST CONFIG
def test_causal_hidden_random(causal_self_attention):
    import numpy as np
    import torch
    rng = np.random.default_rng(2718)
    for shape in ((3, 6, 4), (1, 4), (2, 1, 4)):
        X = rng.normal(size=shape)
        W_q, W_k, W_v = 2 * rng.normal(size=(4, 2)), 2 * rng.normal(size=(4, 2)), rng.normal(size=(4, 5))
        q, k, v = (torch.tensor(a) for a in (X @ W_q, X @ W_k, X @ W_v))
        expected = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True).numpy()
        out = np.asarray(causal_self_attention(X, W_q, W_k, W_v), dtype=float)
        assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"X of shape {shape}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  causal_self_attention sees the future or overflows on an unseen batch with scores up
  to about 10^4 (2 sequences, T = 7).
""" # END TEST CONFIG
def test_causal_hidden_future(causal_self_attention):
    import math
    import numpy as np
    rng = np.random.default_rng(31)
    X = rng.normal(size=(2, 7, 3))
    W_q, W_k, W_v = 40 * rng.normal(size=(3, 3)), 40 * rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    with np.errstate(over="raise", invalid="raise"):
        out = np.asarray(causal_self_attention(X, W_q, W_k, W_v), dtype=float)
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    for b in range(2):
        for i in range(7):
            s = [float(Q[b, i] @ K[b, j]) / math.sqrt(3) for j in range(i + 1)]
            w = [math.exp(x - max(s)) for x in s]
            expected = sum(w[j] * V[b, j] for j in range(i + 1)) / sum(w)
            assert np.allclose(out[b, i], expected, rtol=1e-9, atol=1e-12), f"sequence {b}, position {i}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q8

# %% [markdown]
# **Question 8 (code: a pre-norm transformer block).** Write
# `prenorm_block(X, P, heads, causal=False)`, the chapter's pre-norm block in numpy,
#
# $$X \leftarrow X + \operatorname{MHA}(\operatorname{LN}_1(X)), \qquad
# X \leftarrow X + \operatorname{MLP}(\operatorname{LN}_2(X)),$$
#
# for `X` of shape `(batch, T, d)`, returning the new `X` of the same shape. `P` is a
# dict of arrays:
#
# - `"ln1_g"`, `"ln1_b"`, `"ln2_g"`, `"ln2_b"`, shape `(d,)`: each layer norm
#   normalises every position's vector over its $d$ entries,
#   $\operatorname{LN}(x) = g \odot (x - \mu) / \sqrt{\sigma^2 + 10^{-5}} + b$, with
#   $\mu$ and $\sigma^2$ the mean and the (biased, divide-by-$d$) variance of $x$;
# - `"W_qkv"` of shape `(d, 3d)` and `"b_qkv"` of shape `(3d,)`: for $Y = \operatorname{LN}_1(X)$,
#   $[Q \mid K \mid V] = Y W_{qkv} + b_{qkv}$ (the first $d$ columns are $Q$, the next
#   $d$ are $K$, the last $d$ are $V$); each is cut into `heads` heads of width
#   $d_k = d / \text{heads}$, head $a$ taking columns $a\,d_k, \dots, (a+1)\,d_k - 1$;
#   each head is scaled dot-product attention (causal if `causal` is true); the heads are
#   concatenated in order, then multiplied by `"W_o"` `(d, d)` plus `"b_o"` `(d,)`;
# - the MLP is $\operatorname{ReLU}(Y W_1 + b_1)\, W_2 + b_2$ with `"W_1"` `(d, d_ff)`,
#   `"b_1"` `(d_ff,)`, `"W_2"` `(d_ff, d)`, `"b_2"` `(d,)`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def prenorm_block(X, P, heads, causal=False):
    X = np.asarray(X, dtype=float)
    P = {k: np.asarray(v, dtype=float) for k, v in P.items()}
    # BEGIN SOLUTION
    batch, T, d = X.shape
    d_k = d // heads

    def layer_norm(x, g, b):
        mu = x.mean(axis=-1, keepdims=True)
        var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
        return g * (x - mu) / np.sqrt(var + 1e-5) + b

    def split(M):  # (batch, T, d) -> (batch, heads, T, d_k)
        return M.reshape(batch, T, heads, d_k).transpose(0, 2, 1, 3)

    Y = layer_norm(X, P["ln1_g"], P["ln1_b"])
    Q, K, V = np.split(Y @ P["W_qkv"] + P["b_qkv"], 3, axis=-1)
    S = split(Q) @ np.swapaxes(split(K), -1, -2) / np.sqrt(d_k)
    if causal:
        S = np.where(np.tri(T, dtype=bool), S, -np.inf)
    E = np.exp(S - S.max(axis=-1, keepdims=True))
    heads_out = (E / E.sum(axis=-1, keepdims=True)) @ split(V)
    X = X + heads_out.transpose(0, 2, 1, 3).reshape(batch, T, d) @ P["W_o"] + P["b_o"]
    Y = layer_norm(X, P["ln2_g"], P["ln2_b"])
    return X + np.maximum(Y @ P["W_1"] + P["b_1"], 0.0) @ P["W_2"] + P["b_2"]
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Your block differs from torch.nn.TransformerEncoderLayer(norm_first=True,
  activation=relu, dropout=0) with your weights copied in (batch 1, T = 3, d = 4,
  2 heads, d_ff = 8). Likely mistakes - post-norm LN(X + MHA(X)) instead of
  X + MHA(LN(X)); the residual added to the normalised input, LN(X) + MHA(LN(X)),
  instead of to X; the variance divided by d - 1; the second layer norm replaced by
  the first; the heads cut along the wrong axis (head a takes contiguous columns);
  a residual forgotten. X and the arrays in P must be exactly as they were after the
  call.
""" # END TEST CONFIG
def test_block_matches_torch(prenorm_block):
    import numpy as np
    import torch
    rng = np.random.default_rng(21)
    batch, T, d, heads, d_ff = 1, 3, 4, 2, 8
    X = rng.normal(size=(batch, T, d))
    P = {"ln1_g": 1 + 0.3 * rng.normal(size=d), "ln1_b": 0.3 * rng.normal(size=d),
         "ln2_g": 1 + 0.3 * rng.normal(size=d), "ln2_b": 0.3 * rng.normal(size=d),
         "W_qkv": rng.normal(size=(d, 3 * d)), "b_qkv": 0.5 * rng.normal(size=3 * d),
         "W_o": rng.normal(size=(d, d)) / 2, "b_o": 0.5 * rng.normal(size=d),
         "W_1": rng.normal(size=(d, d_ff)) / 2, "b_1": 0.5 * rng.normal(size=d_ff),
         "W_2": rng.normal(size=(d_ff, d)) / 3, "b_2": 0.5 * rng.normal(size=d)}
    copies = {k: v.copy() for k, v in P.items()}
    X0 = X.copy()
    layer = torch.nn.TransformerEncoderLayer(d, heads, d_ff, dropout=0.0, activation="relu", batch_first=True,
                                             norm_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name, value in (("self_attn.in_proj_weight", P["W_qkv"].T), ("self_attn.in_proj_bias", P["b_qkv"]),
                            ("self_attn.out_proj.weight", P["W_o"].T), ("self_attn.out_proj.bias", P["b_o"]),
                            ("linear1.weight", P["W_1"].T), ("linear1.bias", P["b_1"]),
                            ("linear2.weight", P["W_2"].T), ("linear2.bias", P["b_2"]),
                            ("norm1.weight", P["ln1_g"]), ("norm1.bias", P["ln1_b"]),
                            ("norm2.weight", P["ln2_g"]), ("norm2.bias", P["ln2_b"])):
            layer.get_parameter(name).copy_(torch.tensor(value))
    layer.eval()
    expected = layer(torch.tensor(X)).detach().numpy()
    out = np.asarray(prenorm_block(X, P, heads), dtype=float)
    assert np.array_equal(X, X0) and all(np.array_equal(P[k], copies[k]) for k in P), "X or an array in P was modified"
    assert out.shape == (batch, T, d), f"shape {out.shape}, expected ({batch}, {T}, {d})"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-10), f"got {out.round(4).tolist()}, expected {expected.round(4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With causal=True (batch 2, T = 4, d = 6, 3 heads, d_ff = 5, inputs far from zero mean)
  your block differs from torch's under a causal mask: query i sees keys j <= i only,
  in every head; the MLP is its own residual sub-layer on LN_2 of the updated X.
""" # END TEST CONFIG
def test_block_causal(prenorm_block):
    import numpy as np
    import torch
    rng = np.random.default_rng(22)
    batch, T, d, heads, d_ff = 2, 4, 6, 3, 5
    X = 3.0 + 2.0 * rng.normal(size=(batch, T, d))
    P = {"ln1_g": 1 + 0.3 * rng.normal(size=d), "ln1_b": 0.3 * rng.normal(size=d),
         "ln2_g": 1 + 0.3 * rng.normal(size=d), "ln2_b": 0.3 * rng.normal(size=d),
         "W_qkv": rng.normal(size=(d, 3 * d)), "b_qkv": 0.5 * rng.normal(size=3 * d),
         "W_o": rng.normal(size=(d, d)) / 2, "b_o": 0.5 * rng.normal(size=d),
         "W_1": rng.normal(size=(d, d_ff)) / 2, "b_1": 0.5 * rng.normal(size=d_ff),
         "W_2": rng.normal(size=(d_ff, d)) / 2, "b_2": 0.5 * rng.normal(size=d)}
    layer = torch.nn.TransformerEncoderLayer(d, heads, d_ff, dropout=0.0, activation="relu", batch_first=True,
                                             norm_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name, value in (("self_attn.in_proj_weight", P["W_qkv"].T), ("self_attn.in_proj_bias", P["b_qkv"]),
                            ("self_attn.out_proj.weight", P["W_o"].T), ("self_attn.out_proj.bias", P["b_o"]),
                            ("linear1.weight", P["W_1"].T), ("linear1.bias", P["b_1"]),
                            ("linear2.weight", P["W_2"].T), ("linear2.bias", P["b_2"]),
                            ("norm1.weight", P["ln1_g"]), ("norm1.bias", P["ln1_b"]),
                            ("norm2.weight", P["ln2_g"]), ("norm2.bias", P["ln2_b"])):
            layer.get_parameter(name).copy_(torch.tensor(value))
    layer.eval()
    mask = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64)
    expected = layer(torch.tensor(X), src_mask=mask).detach().numpy()
    out = np.asarray(prenorm_block(X, P, heads, causal=True), dtype=float)
    assert out.shape == (batch, T, d), f"shape {out.shape}, expected ({batch}, {T}, {d})"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-10), "wrong output with causal=True"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  prenorm_block differs from torch.nn.TransformerEncoderLayer(norm_first=True) on an
  unseen batch (3 sequences, T = 5, d = 8, 4 heads, d_ff = 16, causal and not), or
  modified its arguments.
""" # END TEST CONFIG
def test_block_hidden_random(prenorm_block):
    import numpy as np
    import torch
    rng = np.random.default_rng(2323)
    batch, T, d, heads, d_ff = 3, 5, 8, 4, 16
    X = -2.0 + 1.5 * rng.normal(size=(batch, T, d))
    P = {"ln1_g": 1 + 0.5 * rng.normal(size=d), "ln1_b": 0.5 * rng.normal(size=d),
         "ln2_g": 1 + 0.5 * rng.normal(size=d), "ln2_b": 0.5 * rng.normal(size=d),
         "W_qkv": rng.normal(size=(d, 3 * d)) / 2, "b_qkv": 0.5 * rng.normal(size=3 * d),
         "W_o": rng.normal(size=(d, d)) / 2, "b_o": 0.5 * rng.normal(size=d),
         "W_1": rng.normal(size=(d, d_ff)) / 2, "b_1": 0.5 * rng.normal(size=d_ff),
         "W_2": rng.normal(size=(d_ff, d)) / 3, "b_2": 0.5 * rng.normal(size=d)}
    copies = {k: v.copy() for k, v in P.items()}
    X0 = X.copy()
    layer = torch.nn.TransformerEncoderLayer(d, heads, d_ff, dropout=0.0, activation="relu", batch_first=True,
                                             norm_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name, value in (("self_attn.in_proj_weight", P["W_qkv"].T), ("self_attn.in_proj_bias", P["b_qkv"]),
                            ("self_attn.out_proj.weight", P["W_o"].T), ("self_attn.out_proj.bias", P["b_o"]),
                            ("linear1.weight", P["W_1"].T), ("linear1.bias", P["b_1"]),
                            ("linear2.weight", P["W_2"].T), ("linear2.bias", P["b_2"]),
                            ("norm1.weight", P["ln1_g"]), ("norm1.bias", P["ln1_b"]),
                            ("norm2.weight", P["ln2_g"]), ("norm2.bias", P["ln2_b"])):
            layer.get_parameter(name).copy_(torch.tensor(value))
    layer.eval()
    for causal in (False, True):
        mask = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64) if causal else None
        expected = layer(torch.tensor(X), src_mask=mask).detach().numpy()
        out = np.asarray(prenorm_block(X, P, heads, causal=causal), dtype=float)
        assert np.array_equal(X, X0) and all(np.array_equal(P[k], copies[k]) for k in P), "an argument was modified"
        assert out.shape == (batch, T, d) and np.allclose(out, expected, rtol=1e-9, atol=1e-10), f"causal = {causal}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  prenorm_block is wrong on an unseen case computed step by step (one head, T = 2,
  d = 3, lists as inputs; and 2 heads with T = 1).
""" # END TEST CONFIG
def test_block_hidden_by_steps(prenorm_block):
    import math
    import numpy as np
    rng = np.random.default_rng(55)
    for heads, T, d, d_ff in ((1, 2, 3, 4), (2, 1, 4, 3)):
        X = rng.normal(size=(1, T, d))
        P = {"ln1_g": rng.uniform(0.5, 1.5, size=d), "ln1_b": rng.normal(size=d),
             "ln2_g": rng.uniform(0.5, 1.5, size=d), "ln2_b": rng.normal(size=d),
             "W_qkv": rng.normal(size=(d, 3 * d)), "b_qkv": rng.normal(size=3 * d),
             "W_o": rng.normal(size=(d, d)), "b_o": rng.normal(size=d),
             "W_1": rng.normal(size=(d, d_ff)), "b_1": rng.normal(size=d_ff),
             "W_2": rng.normal(size=(d_ff, d)), "b_2": rng.normal(size=d)}
        def ln(x, g, b):
            mu = sum(x) / len(x)
            var = sum((v - mu) ** 2 for v in x) / len(x)
            return [g[c] * (x[c] - mu) / math.sqrt(var + 1e-5) + b[c] for c in range(len(x))]
        x = [list(r) for r in X[0]]
        y = [ln(r, P["ln1_g"], P["ln1_b"]) for r in x]
        qkv = [[sum(r[a] * P["W_qkv"][a, c] for a in range(d)) + P["b_qkv"][c] for c in range(3 * d)] for r in y]
        d_k = d // heads
        cat = [[0.0] * d for _ in range(T)]
        for hd in range(heads):
            cols = range(hd * d_k, (hd + 1) * d_k)
            for i in range(T):
                s = [sum(qkv[i][c] * qkv[j][d + c] for c in cols) / math.sqrt(d_k) for j in range(T)]
                w = [math.exp(v - max(s)) for v in s]
                for c in cols:
                    cat[i][c] = sum(w[j] * qkv[j][2 * d + c] for j in range(T)) / sum(w)
        x = [[x[i][c] + sum(cat[i][a] * P["W_o"][a, c] for a in range(d)) + P["b_o"][c] for c in range(d)] for i in range(T)]
        y = [ln(r, P["ln2_g"], P["ln2_b"]) for r in x]
        hid = [[max(0.0, sum(r[a] * P["W_1"][a, f] for a in range(d)) + P["b_1"][f]) for f in range(d_ff)] for r in y]
        expected = [[x[i][c] + sum(hid[i][f] * P["W_2"][f, c] for f in range(d_ff)) + P["b_2"][c] for c in range(d)] for i in range(T)]
        out = np.asarray(prenorm_block(X.tolist(), {k: v.tolist() for k, v in P.items()}, heads), dtype=float)
        assert np.allclose(out, [expected], rtol=1e-9, atol=1e-10), f"heads = {heads}, T = {T}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

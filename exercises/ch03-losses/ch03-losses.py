# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch03-losses
# export_cell: false
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 3 exercises: losses
#
# Fill in every `...`, run the notebook top to bottom, and check each answer with
# `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch03-losses.ipynb` checks them all.
#
# Write your answers with **numpy** (and Python's `math`), **without importing
# `dlbook`**: the book's package is not installed where your notebook is
# self-checked and graded, so `import dlbook` fails there. None of the questions
# asks you to retype the chapter's code; each one uses an idea of the chapter in a
# new way.
#
# The checks in this notebook are the public tests. Your submission is also graded
# on hidden tests with inputs you never see (other shapes, batch sizes, values,
# extreme values), so write code that is right for every input, not just for the
# examples. No function may modify the arrays it is given (the tests check).
#
# Questions 1 and 2 ask for code. **Questions 3, 4, 5 and 6 ask you to reason**:
# find the bugs in a given loss (3), derive a gradient (4) and a Jacobian-vector
# product (5), and predict three numbers before computing anything (6). Their
# titles say which kind they are.
#
# Conventions, as in the chapter: every loss is the **empirical loss**, the *mean*
# of the per-example losses over the batch, $J = \frac1n \sum_{i=1}^n L_i$,
# returned as one number. A batch of $n$ examples with $k$ scores each is an array
# of shape $(n, k)$, one example per row. Class labels are integers
# $0, 1, \dots, k-1$. Where a question asks for stability, your code must be exact
# and finite for logits as large as $\pm 1000$ and must not overflow: the tests run
# it under `np.errstate(over="raise", invalid="raise", divide="raise")`.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: a weighted binary cross-entropy).** When positives are rare,
# a classifier can score well by always answering 0. A common fix (PyTorch's
# `BCEWithLogitsLoss(pos_weight=w)`) weighs the loss of the positive class by
# $w > 0$. From the logits $z_i$ (before the sigmoid) and targets $y_i \in [0, 1]$
# (soft targets such as 0.9 are allowed):
#
# $$J = -\frac{1}{n} \sum_{i=1}^{n} \Big[\, w\, y_i \log \sigma(z_i) + (1 - y_i) \log\big(1 - \sigma(z_i)\big) \Big].$$
#
# Write `weighted_bce_with_logits(z, y, w)`, with `z` and `y` of shape `(n,)` and
# `w` a number, returning $J$ as one number. It must be exact and finite for every
# $z$, including $z = \pm 1000$ (a certain and wrong positive, $z = -1000$ and
# $y = 1$, costs $1000\,w$), and must not overflow. Hint: section 3.3 writes
# $-\log \sigma(z)$ and $-\log(1 - \sigma(z))$ without ever forming $\sigma(z)$.

# %% [raw]
# # BEGIN SOLUTION

# %%
def weighted_bce_with_logits(z, y, w):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    # -log sigma(z) = softplus(-z), -log(1 - sigma(z)) = softplus(z),
    # softplus(x) = max(x, 0) + log(1 + e^{-|x|}): the exponent is never positive.
    tail = np.log1p(np.exp(-np.abs(z)))
    softplus_pos, softplus_neg = np.maximum(z, 0.0) + tail, np.maximum(-z, 0.0) + tail
    return float(np.mean(w * y * softplus_neg + (1.0 - y) * softplus_pos))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For z = [2, -1, 0.5, -3], y = [1, 0, 0, 1] and w = 3 the loss is
  (3 * 0.1269 + 0.3133 + 0.9741 + 3 * 3.0486) / 4 = 2.7035. If you get 1.1157 the
  weight is missing; 1.7594 means w multiplies the negative term (1 - y) instead of
  the positive one; 1.3517 means you divided by the sum of the weights (3 + 1 + 1 + 3)
  instead of by n; a negative value means the minus sign is lost; 10.814 is the
  sum instead of the mean.
""" # END TEST CONFIG
def test_wbce_values(weighted_bce_with_logits):
    import math
    import numpy as np
    z, y, w = [2.0, -1.0, 0.5, -3.0], [1.0, 0.0, 0.0, 1.0], 3.0
    expected = -sum(w * yi * math.log(1 / (1 + math.exp(-zi))) + (1 - yi) * math.log(1 - 1 / (1 + math.exp(-zi)))
                    for zi, yi in zip(z, y)) / 4
    out = weighted_bce_with_logits(np.array(z), np.array(y), w)
    assert np.ndim(out) == 0, f"returned shape {np.shape(out)}, expected one number"
    assert abs(float(out) - expected) < 1e-9 * expected, f"loss = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For z = [1000, -1000, 1000, -1000], y = [1, 0, 0, 1] and w = 2.5 the losses are 0,
  0, 1000 and 2.5 * 1000, mean 875, with no overflow. A FloatingPointError or nan
  means something overflowed: e^(-z) at z = -1000, or sigma(z) computed and then
  its log taken (log 0). A finite value far below 875 (such as 24.2) means
  the probability was clipped before the log: clipping keeps the loss finite but
  not exact. Compute -log sigma(z) = max(-z, 0) + log(1 + e^(-|z|)) from the logit.
""" # END TEST CONFIG
def test_wbce_extreme(weighted_bce_with_logits):
    import numpy as np
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = weighted_bce_with_logits(np.array([1000.0, -1000.0, 1000.0, -1000.0]),
                                       np.array([1.0, 0.0, 0.0, 1.0]), 2.5)
    assert abs(float(out) - 875.0) < 1e-9, f"loss = {out}, expected 875"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With soft targets y = [0.25, 0.9, 0.5], z = [0.3, -2, 4] and w = 0.5 both terms
  count for every example: the loss is the mean of w y softplus(-z) + (1 - y)
  softplus(z) = 1.2312. Also, z and y must be exactly as they were after the call.
""" # END TEST CONFIG
def test_wbce_soft_targets(weighted_bce_with_logits):
    import math
    import numpy as np
    z, y, w = np.array([0.3, -2.0, 4.0]), np.array([0.25, 0.9, 0.5]), 0.5
    z_copy, y_copy = z.copy(), y.copy()
    out = weighted_bce_with_logits(z, y, w)
    assert np.array_equal(z, z_copy) and np.array_equal(y, y_copy), "z or y was modified"
    softplus = lambda x: math.log(1 + math.exp(x))
    expected = sum(w * yi * softplus(-zi) + (1 - yi) * softplus(zi) for zi, yi in zip(z, y)) / 3
    assert abs(float(out) - expected) < 1e-9 * expected, f"loss = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  weighted_bce_with_logits is wrong on unseen random logits and soft targets (n = 13
  and n = 1), or modified its arguments: the mean over examples of
  -w y log sigma(z) - (1 - y) log(1 - sigma(z)).
""" # END TEST CONFIG
def test_wbce_random(weighted_bce_with_logits):
    import math
    import numpy as np
    rng = np.random.default_rng(123)
    for n, w in [(13, 1.7), (1, 0.3)]:
        z, y = rng.normal(0.0, 5.0, size=n), rng.uniform(0.0, 1.0, size=n)
        z_copy, y_copy = z.copy(), y.copy()
        out = weighted_bce_with_logits(z, y, w)
        assert np.array_equal(z, z_copy) and np.array_equal(y, y_copy), "z or y was modified"
        log_sig = lambda v: -math.log1p(math.exp(-v)) if v >= 0 else v - math.log1p(math.exp(v))
        expected = -sum(w * yi * log_sig(zi) + (1 - yi) * log_sig(-zi) for zi, yi in zip(z, y)) / n
        assert abs(float(out) - expected) < 1e-9 * abs(expected), f"loss = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  weighted_bce_with_logits overflows or is not exact at unseen extreme logits (745,
  -745, 1e5, -1e5, +-40) with hard and soft targets.
""" # END TEST CONFIG
def test_wbce_extreme_hidden(weighted_bce_with_logits):
    import math
    import numpy as np
    z = np.array([745.0, -745.0, 1e5, -1e5, 0.0, 40.0, -40.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 0.5, 0.3, 0.8])
    w = 4.0
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = weighted_bce_with_logits(z, y, w)
    sp = lambda x: max(x, 0.0) + math.log1p(math.exp(-abs(x)))
    expected = sum(w * yi * sp(-zi) + (1 - yi) * sp(zi) for zi, yi in zip(z, y)) / 7
    assert abs(float(out) - expected) < 1e-9 * expected, f"loss = {out}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (code: mean squared error with missing targets).** In a regression
# data set some targets were never measured; they are stored as `np.nan`. The
# loss must average only over the $M$ entries whose target is present:
#
# $$J = \frac{1}{M} \sum_{\text{observed } (i, j)} \big(\hat y_{ij} - y_{ij}\big)^2 .$$
#
# Write `masked_mse(y_hat, y)` returning the pair `(J, G)`: $J$ as one number, and
# $G = \partial J / \partial \hat y$, an array of the shape of `y_hat` (derive it
# as the chapter does for the plain MSE; a missing entry does not affect $J$). The
# arrays have shape `(n,)` or `(n, k)`, `y_hat` has no `nan`, and at least one
# target is present. Neither $J$ nor $G$ may contain `nan`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def masked_mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    observed = ~np.isnan(y)
    M = observed.sum()
    err = np.where(observed, y_hat - np.where(observed, y, 0.0), 0.0)
    return float(np.sum(err ** 2) / M), 2.0 * err / M
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For this (2, 3) batch with two missing targets, the 4 observed squared errors are
  1, 1, 4, 4, so J = 10 / 4 = 2.5, and G = 2 (y_hat - y) / 4 on the observed
  entries, 0 on the missing ones. nan means a missing target leaked into J or G;
  J = 10 / 6 means you divided by every entry instead of the observed ones; J = 5
  means you divided by the number of rows; G twice too small means the factor 2 is
  missing; G with the wrong sign means you differentiated (y - y_hat)^2 as y - y_hat.
""" # END TEST CONFIG
def test_masked_values(masked_mse):
    import numpy as np
    y_hat = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    y = np.array([[0.0, np.nan, 1.0], [2.0, 1.0, np.nan]])
    J, G = masked_mse(y_hat, y)
    G = np.asarray(G, dtype=float)
    assert np.ndim(J) == 0, f"J has shape {np.shape(J)}, expected one number"
    assert abs(float(J) - 2.5) < 1e-12, f"J = {J}, expected 2.5"
    assert G.shape == (2, 3), f"G has shape {G.shape}, expected (2, 3)"
    assert np.allclose(G, [[0.5, 0.0, -0.5], [-1.0, -1.0, 0.0]], rtol=1e-12, atol=1e-15), f"G = {G.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With no target missing, masked_mse is the plain MSE: for y_hat = [0.5, -1.5, 2, 4]
  and y = [1, 0.5, 2, 1], J = 13.25 / 4 = 3.3125 and G = 2 (y_hat - y) / 4
  = [-0.25, -1, 0, 1.5].
""" # END TEST CONFIG
def test_masked_none_missing(masked_mse):
    import numpy as np
    J, G = masked_mse(np.array([0.5, -1.5, 2.0, 4.0]), np.array([1.0, 0.5, 2.0, 1.0]))
    assert abs(float(J) - 3.3125) < 1e-12, f"J = {J}, expected 3.3125"
    assert np.allclose(np.asarray(G, dtype=float), [-0.25, -1.0, 0.0, 1.5], rtol=1e-12, atol=1e-15), f"G = {G}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  masked_mse modified its arguments (for example by writing into y where it is
  nan, or into y_hat where the target is missing), or returned a nan: y_hat and y
  must be exactly as they were, and G must be finite, 0 where the target is missing.
""" # END TEST CONFIG
def test_masked_unchanged(masked_mse):
    import numpy as np
    rng = np.random.default_rng(8)
    y_hat, y = rng.normal(size=(3, 3)), rng.normal(size=(3, 3))
    y[0, 1] = y[2, 0] = y[2, 2] = np.nan
    y_hat_copy, y_copy = y_hat.copy(), y.copy()
    J, G = masked_mse(y_hat, y)
    G = np.asarray(G, dtype=float)
    assert np.array_equal(y_hat, y_hat_copy) and np.array_equal(y, y_copy, equal_nan=True), "an argument was modified"
    assert np.isfinite(float(J)) and np.all(np.isfinite(G)), f"J = {J}, G = {G.tolist()}"
    assert G[0, 1] == 0 and G[2, 0] == 0 and G[2, 2] == 0, f"G = {G.tolist()} is not 0 at the missing targets"
    obs = ~np.isnan(y)
    assert abs(float(J) - np.mean((y_hat[obs] - y[obs]) ** 2)) < 1e-12, f"J = {J}"
    assert np.allclose(G[obs], 2 * (y_hat[obs] - y[obs]) / 6, rtol=1e-12, atol=1e-15), f"G = {G.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  masked_mse is wrong on an unseen (5, 4) batch with about 30% of its targets
  missing, or modified its arguments: J averages the squared errors over the M
  observed entries, and G = 2 (y_hat - y) / M there, 0 elsewhere.
""" # END TEST CONFIG
def test_masked_random(masked_mse):
    import numpy as np
    rng = np.random.default_rng(31)
    y_hat, y = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    y[rng.uniform(size=(5, 4)) < 0.3] = np.nan
    y_hat_copy, y_copy = y_hat.copy(), y.copy()
    J, G = masked_mse(y_hat, y)
    assert np.array_equal(y_hat, y_hat_copy) and np.array_equal(y, y_copy, equal_nan=True), "an argument was modified"
    pairs = [(a, b) for a, b in zip(y_hat.ravel(), y.ravel()) if b == b]  # b == b is False for nan
    M = len(pairs)
    expected_J = sum((a - b) ** 2 for a, b in pairs) / M
    expected_G = [[2 * (a - b) / M if b == b else 0.0 for a, b in zip(ra, rb)] for ra, rb in zip(y_hat, y)]
    assert abs(float(J) - expected_J) < 1e-12 * expected_J, f"J = {J}, expected {expected_J}"
    G = np.asarray(G, dtype=float)
    assert G.shape == (5, 4) and np.allclose(G, expected_G, rtol=1e-12, atol=1e-15)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  masked_mse is wrong when only one target is present (then J is that one squared
  error), or on an unseen (4, 1) batch.
""" # END TEST CONFIG
def test_masked_special(masked_mse):
    import numpy as np
    y_hat = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0]])
    y = np.full((3, 2), np.nan)
    y[1, 1] = 2.0
    J, G = masked_mse(y_hat, y)
    expected_G = np.zeros((3, 2))
    expected_G[1, 1] = 2 * (-1.0 - 2.0)
    assert abs(float(J) - 9.0) < 1e-12, f"J = {J}, expected 9"
    assert np.allclose(np.asarray(G, dtype=float), expected_G, rtol=1e-12, atol=1e-15)
    J, G = masked_mse(np.array([[1.0], [2.0], [4.0], [0.0]]), np.array([[np.nan], [1.0], [np.nan], [-2.0]]))
    assert abs(float(J) - (1.0 + 4.0) / 2) < 1e-12, f"J = {J}, expected 2.5"
    assert np.allclose(np.asarray(G, dtype=float), [[0.0], [1.0], [0.0], [2.0]], rtol=1e-12, atol=1e-15)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (debug: a softmax cross-entropy that breaks).** The function below
# is meant to compute the softmax cross-entropy of section 3.4, the mean over the
# batch of $-\log \operatorname{softmax}(Z)_{i, y_i}$, for logits `Z` of shape
# $(n, k)$ and integer labels `y` of shape $(n,)$. It has **four bugs**: it
# returns wrong values on ordinary logits, `inf` on large ones, and it changes the
# caller's array. Find them (compare with a small example you work out by hand, and
# call it twice on the same array), then write the corrected
# `softmax_cross_entropy(Z, y)` in the cell after it: exact and stable for logits
# like $\pm 1000$, returning one number, for any $n \ge 1$ and $k \ge 2$.

# %%
def buggy_softmax_cross_entropy(Z, y):
    Z = np.asarray(Z, dtype=float)
    Z -= Z.max(axis=0)  # subtract the maximum, for stability
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return -np.mean(np.log(P[:, y]))

# %% [raw]
# # BEGIN SOLUTION

# %%
def softmax_cross_entropy(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    # BEGIN SOLUTION
    m = Z.max(axis=1, keepdims=True)                          # each row's own maximum; no in-place edit
    lse = m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))         # log sum_j e^{Z_ij}, stably
    return float(np.mean(lse - Z[np.arange(len(y)), y]))      # row i, column y_i; no log of a probability
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For this batch of 3 examples with 4 classes (true classes 3, 0, 2) the loss is
  1.89834. A value from P[:, y] (every row with every label, an n x n block) or
  from a shift by each column's maximum (Z.max(axis=0): the shift must be the same
  for every logit of a row, so it is each row's maximum, axis=1) is wrong even on
  these small logits.
""" # END TEST CONFIG
def test_ce_values(softmax_cross_entropy):
    import math
    import numpy as np
    Z = np.array([[1.0, -0.5, 2.0, 0.0], [0.5, 0.5, -1.0, 1.5], [-2.0, 1.0, 0.0, 0.25]])
    y = np.array([3, 0, 2])
    expected = -sum(math.log(math.exp(row[c]) / sum(math.exp(v) for v in row)) for row, c in zip(Z, y)) / 3
    out = softmax_cross_entropy(Z, y)
    assert np.ndim(out) == 0, f"returned shape {np.shape(out)}, expected one number"
    assert abs(float(out) - expected) < 1e-12, f"loss = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1000, 0, -1000], [0, 1000, 2000]] with true classes [2, 0], both
  examples are wrong by 2000, so the loss is 2000, with no overflow or log(0). inf
  or a FloatingPointError (divide by zero in log) means the log was taken of a
  softmax probability that underflowed to 0: compute log-sum-exp of the row minus
  the true logit, never the log of a probability.
""" # END TEST CONFIG
def test_ce_extreme(softmax_cross_entropy):
    import numpy as np
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = softmax_cross_entropy(np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 2000.0]]), np.array([2, 0]))
    assert abs(float(out) - 2000.0) < 1e-9, f"loss = {out}, expected 2000"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  softmax_cross_entropy changed the caller's array Z (a second call on the same
  array then gives another loss). np.asarray does not copy an array that is
  already float, so Z -= ... writes into the caller's logits: use m = Z.max(...)
  and Z - m, which makes a new array.
""" # END TEST CONFIG
def test_ce_unchanged(softmax_cross_entropy):
    import math
    import numpy as np
    Z = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, 1.0], [-2.0, -2.5, -1.0], [4.0, 1.0, 2.0]])
    y = np.array([0, 2, 1, 0])
    Z_copy, y_copy = Z.copy(), y.copy()
    first = float(softmax_cross_entropy(Z, y))
    assert np.array_equal(Z, Z_copy) and np.array_equal(y, y_copy), f"Z was modified: {Z.tolist()}"
    second = float(softmax_cross_entropy(Z, y))
    expected = sum(math.log(sum(math.exp(v) for v in row)) - row[c] for row, c in zip(Z_copy, y)) / 4
    assert abs(first - expected) < 1e-12 and abs(second - expected) < 1e-12, f"losses {first}, {second}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_cross_entropy is wrong on an unseen random batch (6 examples, 5 classes),
  on a batch of one example, or modified its argument.
""" # END TEST CONFIG
def test_ce_random(softmax_cross_entropy):
    import math
    import numpy as np
    rng = np.random.default_rng(2025)
    for n, k, y in [(6, 5, [4, 0, 2, 2, 1, 3]), (1, 7, [5])]:
        Z = rng.normal(0.0, 3.0, size=(n, k))
        y = np.array(y)
        Z_copy = Z.copy()
        out = softmax_cross_entropy(Z, y)
        assert np.array_equal(Z, Z_copy), "Z was modified"
        expected = -sum(math.log(math.exp(row[c]) / sum(math.exp(v) for v in row)) for row, c in zip(Z, y)) / n
        assert abs(float(out) - expected) < 1e-12 * max(1.0, expected), f"loss = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_cross_entropy overflows, takes log(0) or is not exact on unseen extreme
  logits (a batch of 4 with logits up to 1e4).
""" # END TEST CONFIG
def test_ce_extreme_hidden(softmax_cross_entropy):
    import math
    import numpy as np
    Z = np.array([[-1000.0, 1000.0], [1e4, 1e4 - 3.0], [500.0, -500.0], [0.0, -800.0]])
    y = np.array([0, 1, 0, 1])
    # 2000, 3 + log(1 + e^-3), log(1 + e^-1000) = 0, 800
    expected = (2000.0 + 3.0 + math.log1p(math.exp(-3.0)) + 0.0 + 800.0) / 4
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = softmax_cross_entropy(Z, y)
    assert abs(float(out) - expected) < 1e-9, f"loss = {out}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (derive: label smoothing and its gradient).** A network trained on
# one-hot targets is pushed to make its logits ever larger. *Label smoothing*
# (PyTorch's `cross_entropy(..., label_smoothing=eps)`) trains instead on the soft
# targets
#
# $$q_{ij} = (1 - \varepsilon)\, Y_{ij} + \frac{\varepsilon}{k},$$
#
# where $Y$ is the one-hot encoding of the labels and $0 \le \varepsilon \le 1$, with
# the cross-entropy between $q$ and the softmax:
#
# $$J = -\frac{1}{n} \sum_{i=1}^{n} \sum_{j=1}^{k} q_{ij} \log \operatorname{softmax}(Z)_{ij}.$$
#
# Derive $\partial J / \partial Z$ (the chapter derives it for $\varepsilon = 0$;
# use $\sum_j q_{ij} = 1$), then write `smoothed_cross_entropy(Z, y, eps)` returning
# the pair `(J, G)`: $J$ as one number and $G = \partial J / \partial Z$ of shape
# $(n, k)$. `Z` has shape $(n, k)$, `y` holds integer labels, shape $(n,)$. Both
# must be exact and stable for logits like $\pm 1000$ (where
# $\log \operatorname{softmax}$ of a wrong class is about $-2000$, not $-\infty$).

# %% [raw]
# # BEGIN SOLUTION

# %%
def smoothed_cross_entropy(Z, y, eps):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    # BEGIN SOLUTION
    n, k = Z.shape
    q = np.full((n, k), eps / k)
    q[np.arange(n), y] += 1.0 - eps
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log softmax, stably
    J = float(-np.sum(q * log_p) / n)
    return J, (np.exp(log_p) - q) / n  # the chapter's "prediction minus target", with target q
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1, 2, 0.5], [-1, 0, 3]], y = [2, 0] and eps = 0.3, J = 2.66513. If J is
  too large, check q: the true class gets (1 - eps) + eps / k and every class
  (the true one included) gets eps / k, so each row of q sums to 1; eps / (k - 1)
  on the wrong classes only is another convention, not PyTorch's and not this one.
  A negative J lost the minus sign; J twice too big is a sum over the batch.
""" # END TEST CONFIG
def test_smoothed_loss(smoothed_cross_entropy):
    import math
    import numpy as np
    Z, y, eps = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]]), np.array([2, 0]), 0.3
    J, G = smoothed_cross_entropy(Z, y, eps)
    expected = 0.0
    for row, c in zip(Z, y):
        lse = math.log(sum(math.exp(v) for v in row))
        expected += sum(((1 - eps) * (j == c) + eps / 3) * (lse - v) for j, v in enumerate(row)) / 2
    assert np.ndim(J) == 0, f"J has shape {np.shape(J)}, expected one number"
    assert abs(float(J) - expected) < 1e-12, f"J = {J}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  G must be dJ/dZ, here checked against finite differences of J. It is
  (softmax(Z) - q) / n: the prediction minus the smoothed target. G = (softmax(Z)
  - Y) / n ignores the smoothing; n times too big means the 1/n of the mean is
  missing; opposite signs mean you computed q - softmax(Z).
""" # END TEST CONFIG
def test_smoothed_grad(smoothed_cross_entropy):
    import math
    import numpy as np
    Z, y, eps = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]]), np.array([2, 0]), 0.3

    def J_ref(Z):
        total = 0.0
        for row, c in zip(Z, y):
            lse = math.log(sum(math.exp(v) for v in row))
            total += sum(((1 - eps) * (j == c) + eps / 3) * (lse - v) for j, v in enumerate(row))
        return total / 2

    h = 1e-6
    expected = np.zeros((2, 3))
    for i in range(2):
        for j in range(3):
            Zp, Zm = Z.copy(), Z.copy()
            Zp[i, j] += h
            Zm[i, j] -= h
            expected[i, j] = (J_ref(Zp) - J_ref(Zm)) / (2 * h)
    J, G = smoothed_cross_entropy(Z, y, eps)
    G = np.asarray(G, dtype=float)
    assert G.shape == (2, 3), f"G has shape {G.shape}, expected (2, 3)"
    assert np.allclose(G, expected, rtol=1e-6, atol=1e-8), f"G = {G.tolist()}, expected {expected.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1000, 0, -1000], [0, 1000, 2000]], y = [2, 0] and eps = 0.1, J = 1900
  (the smoothed target puts 1/30 on each wrong class, whose log-probability is
  -1000 or -2000, not -inf), G = (softmax(Z) - q) / 2, with no overflow or log(0),
  and Z unchanged. inf or a FloatingPointError means the log of a softmax that
  underflowed to 0 (log softmax(Z) = Z - log-sum-exp(Z) is finite), or an
  exponent that was not shifted by the row maximum.
""" # END TEST CONFIG
def test_smoothed_extreme(smoothed_cross_entropy):
    import numpy as np
    Z = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 2000.0]])
    Z_copy = Z.copy()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        J, G = smoothed_cross_entropy(Z, np.array([2, 0]), 0.1)
    assert np.array_equal(Z, Z_copy), "Z was modified"
    assert abs(float(J) - 1900.0) < 1e-9, f"J = {J}, expected 1900"
    q = np.array([[1 / 30, 1 / 30, 0.9 + 1 / 30], [0.9 + 1 / 30, 1 / 30, 1 / 30]])
    P = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    assert np.allclose(np.asarray(G, dtype=float), (P - q) / 2, rtol=1e-12, atol=1e-15), f"G = {G}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  smoothed_cross_entropy is wrong on an unseen batch ((5, 7) with eps = 0.15, or a
  single example with eps = 0.05), or modified Z: J is the mean of -sum_j q_ij log
  softmax(Z)_ij and G = (softmax(Z) - q) / n.
""" # END TEST CONFIG
def test_smoothed_random(smoothed_cross_entropy):
    import math
    import numpy as np
    rng = np.random.default_rng(41)
    for n, k, eps in [(5, 7, 0.15), (1, 4, 0.05)]:
        Z = rng.normal(0.0, 3.0, size=(n, k))
        y = rng.integers(0, k, size=n)
        Z_copy = Z.copy()
        J, G = smoothed_cross_entropy(Z, y, eps)
        assert np.array_equal(Z, Z_copy), "Z was modified"
        exp_J, exp_G = 0.0, []
        for row, c in zip(Z, y):
            total = sum(math.exp(v) for v in row)
            q = [(1 - eps) * (j == c) + eps / k for j in range(k)]
            exp_J -= sum(qj * math.log(math.exp(v) / total) for qj, v in zip(q, row)) / n
            exp_G.append([(math.exp(v) / total - qj) / n for qj, v in zip(q, row)])
        assert abs(float(J) - exp_J) < 1e-10, f"J = {J}, expected {exp_J}"
        assert np.allclose(np.asarray(G, dtype=float), exp_G, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  smoothed_cross_entropy is wrong at the limits: eps = 0 must give the plain softmax
  cross-entropy and (softmax(Z) - Y) / n; eps = 1 gives uniform targets; logits up
  to 1e4 must not overflow.
""" # END TEST CONFIG
def test_smoothed_limits(smoothed_cross_entropy):
    import math
    import numpy as np
    Z = np.array([[0.5, -1.0, 2.0, 0.0], [3.0, 1.0, -2.0, 0.5], [0.0, 0.0, 1.0, -1.0]])
    y = np.array([1, 0, 3])
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    lse = np.log(np.exp(Z).sum(axis=1))
    J, G = smoothed_cross_entropy(Z, y, 0.0)
    assert abs(float(J) - np.mean(lse - Z[[0, 1, 2], y])) < 1e-12, f"eps = 0: J = {J}"
    Y = np.eye(4)[y]
    assert np.allclose(np.asarray(G, dtype=float), (P - Y) / 3, rtol=1e-10, atol=1e-14), "eps = 0: wrong G"
    J, G = smoothed_cross_entropy(Z, y, 1.0)
    assert abs(float(J) - np.mean(lse - Z.mean(axis=1))) < 1e-12, f"eps = 1: J = {J}"
    assert np.allclose(np.asarray(G, dtype=float), (P - 0.25) / 3, rtol=1e-10, atol=1e-14), "eps = 1: wrong G"
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        J, G = smoothed_cross_entropy(np.array([[1e4, 1e4 - 2.0], [-800.0, 800.0]]), np.array([1, 1]), 0.2)
    p0, p1 = 1 / (1 + math.exp(-2.0)), 1 / (1 + math.exp(2.0))
    # row 2: log softmax = (-1600, 0), targets (0.1, 0.9): loss 160
    expected = (0.1 * -math.log(p0) + 0.9 * -math.log(p1) + 0.1 * 1600.0) / 2
    assert abs(float(J) - expected) < 1e-9, f"J = {J}, expected {expected}"
    assert np.allclose(np.asarray(G, dtype=float), [[(p0 - 0.1) / 2, (p1 - 0.9) / 2], [-0.05, 0.05]],
                       rtol=1e-9, atol=1e-14)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (derive: the softmax Jacobian-vector product).** Backpropagation
# through a softmax that is *not* followed by a cross-entropy (the attention of
# chapter 10 is one) needs the Jacobian of $p = \operatorname{softmax}(z)$ for one
# row $z$ of $k$ logits, $\mathcal{J}_{ab} = \partial p_a / \partial z_b$. Derive it
# (differentiate $p_a = e^{z_a} / \sum_l e^{z_l}$ with the quotient rule), then write
# `softmax_jvp(Z, V)`: for logits `Z` and vectors `V`, both of shape $(n, k)$,
# return the $(n, k)$ array whose row $i$ is $\mathcal{J}(Z_i)\, V_i$, the change of
# $\operatorname{softmax}(Z_i)$ along the direction $V_i$. It must be stable for
# logits like $\pm 1000$. (A $k \times k$ matrix per row is allowed but not needed:
# simplify $\mathcal{J} V_i$ first.)

# %% [raw]
# # BEGIN SOLUTION

# %%
def softmax_jvp(Z, V):
    Z, V = np.asarray(Z, dtype=float), np.asarray(V, dtype=float)
    # BEGIN SOLUTION
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    # J = diag(p) - p p^T, so J v = p * (v - p . v)
    return P * (V - np.sum(P * V, axis=1, keepdims=True))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1, 2, 0.5], [-1, 0, 3]] and V = [[1, 0, -1], [0.5, 2, -1]] the rows of
  J V are wrong. With p = softmax(z), dp_a / dz_b = p_a (delta_ab - p_b), so
  J v = p * (v - p . v). p * v alone misses the -p p^T part (it forgets that raising
  one logit lowers every other probability); -p (p . v) alone misses the diagonal.
""" # END TEST CONFIG
def test_jvp_values(softmax_jvp):
    import math
    import numpy as np
    Z = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
    V = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, -1.0]])
    expected = []
    for z, v in zip(Z, V):
        p = [math.exp(a) / sum(math.exp(b) for b in z) for a in z]
        J = [[p[a] * ((a == b) - p[b]) for b in range(3)] for a in range(3)]
        expected.append([sum(J[a][b] * v[b] for b in range(3)) for a in range(3)])
    out = np.asarray(softmax_jvp(Z, V), dtype=float)
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.allclose(out, expected, rtol=1e-10, atol=1e-14), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On a random (4, 5) batch, softmax_jvp does not match the finite difference
  (softmax(Z + h V) - softmax(Z - h V)) / 2h. Each row must sum to 0 (the
  probabilities always sum to 1, so their changes sum to 0). If only the rows'
  sums are off, the inner product p . v was taken over the wrong axis (each row
  has its own p . v: sum over axis 1).
""" # END TEST CONFIG
def test_jvp_finite_differences(softmax_jvp):
    import numpy as np
    rng = np.random.default_rng(12)
    Z, V = rng.normal(0.0, 2.0, size=(4, 5)), rng.normal(size=(4, 5))

    def softmax(Z):
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    h = 1e-6
    expected = (softmax(Z + h * V) - softmax(Z - h * V)) / (2 * h)
    out = np.asarray(softmax_jvp(Z, V), dtype=float)
    assert out.shape == (4, 5), f"shape {out.shape}, expected (4, 5)"
    assert np.allclose(out, expected, rtol=1e-6, atol=1e-9), f"got {out.tolist()}"
    assert np.allclose(out.sum(axis=1), 0.0, atol=1e-12), f"row sums {out.sum(axis=1)}, expected 0"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1000, 1000, -1000], [5, -1000, 1000]] and V = [[1, -1, 3], [2, 0.5, 1]]
  softmax_jvp must be [[0.5, -0.5, 0], [0, 0, 0]] (p = (1/2, 1/2, 0) and a one-hot
  p), with no overflow, and Z and V unchanged. A FloatingPointError or nan means
  e^1000 overflowed: shift each row by its maximum before exponentiating.
""" # END TEST CONFIG
def test_jvp_extreme(softmax_jvp):
    import numpy as np
    Z = np.array([[1000.0, 1000.0, -1000.0], [5.0, -1000.0, 1000.0]])
    V = np.array([[1.0, -1.0, 3.0], [2.0, 0.5, 1.0]])
    Z_copy, V_copy = Z.copy(), V.copy()
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = np.asarray(softmax_jvp(Z, V), dtype=float)
    assert np.array_equal(Z, Z_copy) and np.array_equal(V, V_copy), "Z or V was modified"
    assert np.allclose(out, [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]], rtol=1e-12, atol=1e-300), f"got {out.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_jvp is wrong on unseen batches ((7, 3) and a single row of 6), or modified
  its arguments: row i is p_i * (v_i - p_i . v_i) with p_i = softmax(Z_i).
""" # END TEST CONFIG
def test_jvp_random(softmax_jvp):
    import math
    import numpy as np
    rng = np.random.default_rng(77)
    for n, k in [(7, 3), (1, 6)]:
        Z, V = rng.normal(0.0, 3.0, size=(n, k)), rng.normal(size=(n, k))
        Z_copy, V_copy = Z.copy(), V.copy()
        out = np.asarray(softmax_jvp(Z, V), dtype=float)
        assert np.array_equal(Z, Z_copy) and np.array_equal(V, V_copy), "Z or V was modified"
        expected = []
        for z, v in zip(Z, V):
            p = [math.exp(a) / sum(math.exp(b) for b in z) for a in z]
            expected.append([sum(p[a] * ((a == b) - p[b]) * v[b] for b in range(k)) for a in range(k)])
        assert out.shape == (n, k) and np.allclose(out, expected, rtol=1e-9, atol=1e-13)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_jvp is wrong in special cases: moving every logit of a row by the same
  amount (V constant along the row) changes nothing, so J V = 0; with two classes
  J v = sigma'(z_1 - z_0) (v_1 - v_0) (-1, 1); and logits up to 1e4 must not overflow.
""" # END TEST CONFIG
def test_jvp_special(softmax_jvp):
    import math
    import numpy as np
    rng = np.random.default_rng(3)
    Z = rng.normal(0.0, 2.0, size=(3, 4))
    V = np.array([[1.0] * 4, [-2.5] * 4, [0.0] * 4])
    assert np.allclose(np.asarray(softmax_jvp(Z, V), dtype=float), 0.0, atol=1e-14), "J V != 0 for a constant V"
    Z = np.array([[0.3, 1.8], [1e4, 1e4 - 1.0]])
    V = np.array([[2.0, -1.0], [0.5, 3.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = np.asarray(softmax_jvp(Z, V), dtype=float)
    expected = []
    for (z0, z1), (v0, v1) in zip(Z, V):
        s = 1 / (1 + math.exp(-(z1 - z0)))
        expected.append([-s * (1 - s) * (v1 - v0), s * (1 - s) * (v1 - v0)])
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-14), f"got {out.tolist()}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (predict: three losses before computing them).** Work these out on
# paper, then give each as a number: an exact expression (such as `np.log(5) / 3`)
# or at least 5 significant digits.
#
# - `uniform_loss`: a freshly initialised 10-class classifier outputs the logit
#   $3.7$ for every class of every example. What is its softmax cross-entropy?
# - `smoothed_min_loss`: with the label smoothing of Question 4, $k = 10$ classes
#   and $\varepsilon = 0.1$, what is the *smallest* loss one example can have, over
#   all possible logits? (It is not 0.)
# - `smoothed_logit_gap`: at that smallest loss, how much larger is the true
#   class's logit than each of the other logits, $z_y - z_j$?
#
# The public checks only say whether you are within about 0.002; the hidden tests
# want 5 significant digits.

# %% [raw]
# # BEGIN SOLUTION

# %%
uniform_loss = np.log(10)  # SOLUTION
smoothed_min_loss = -(0.91 * np.log(0.91) + 9 * 0.01 * np.log(0.01))  # SOLUTION
smoothed_logit_gap = np.log(0.91 / 0.01)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  uniform_loss is not within about 0.002 of the answer. Equal logits, whatever
  their value, give every class the same probability. A negative value is the log
  of that probability, not the loss (the loss is minus the log); a value that
  depends on 3.7 forgot that adding the same constant to every logit changes
  nothing.
""" # END TEST CONFIG
def test_uniform_loss(uniform_loss):
    import hashlib
    import math
    v = float(uniform_loss)
    assert math.isfinite(v), f"uniform_loss = {v}"
    ok = {hashlib.sha256(f"ch03-q6-uniform_loss:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16]
          for j in (-1, 0, 1)}
    assert "e91aca5cbd4d36ab" in ok, f"uniform_loss = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  smoothed_min_loss is not within about 0.002 of the answer. The cross-entropy
  -sum_j q_j log p_j over probability vectors p is smallest at p = q, where it is
  the entropy of q. Write q out for k = 10 and eps = 0.1: the true class gets
  1 - eps + eps / k, each other class eps / k (spreading eps over the k - 1 wrong
  classes is another convention, not this one). 0 would need p = q = one-hot,
  which q is not.
""" # END TEST CONFIG
def test_smoothed_min_loss(smoothed_min_loss):
    import hashlib
    import math
    v = float(smoothed_min_loss)
    assert math.isfinite(v), f"smoothed_min_loss = {v}"
    ok = {hashlib.sha256(f"ch03-q6-smoothed_min_loss:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16]
          for j in (-1, 0, 1)}
    assert "196f2e84dd91c68e" in ok, f"smoothed_min_loss = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  smoothed_logit_gap is not within about 0.002 of the answer. At the minimum the
  softmax equals q, and p_y / p_j = e^(z_y - z_j), so the gap is the log of the
  ratio of q's two values. Infinity is the unsmoothed answer; a ratio with 1 - eps
  on top forgot that the true class also gets eps / k.
""" # END TEST CONFIG
def test_smoothed_logit_gap(smoothed_logit_gap):
    import hashlib
    import math
    v = float(smoothed_logit_gap)
    assert math.isfinite(v), f"smoothed_logit_gap = {v} (the gap is finite with smoothing)"
    ok = {hashlib.sha256(f"ch03-q6-smoothed_logit_gap:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16]
          for j in (-1, 0, 1)}
    assert "b7874a88898c39c6" in ok, f"smoothed_logit_gap = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  uniform_loss is not right to 5 significant digits: with k equal logits the loss
  is -log(1/k).
""" # END TEST CONFIG
def test_uniform_loss_precise(uniform_loss):
    import math
    expected = -math.log(math.exp(3.7) / (10 * math.exp(3.7)))
    assert abs(float(uniform_loss) - expected) <= 5e-5 * expected

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  smoothed_min_loss is not right to 5 significant digits: it is the entropy of the
  smoothed target q.
""" # END TEST CONFIG
def test_smoothed_min_loss_precise(smoothed_min_loss):
    import math
    q = [0.9 + 0.1 / 10] + [0.1 / 10] * 9
    expected = -sum(qj * math.log(qj) for qj in q)
    assert abs(float(smoothed_min_loss) - expected) <= 5e-5 * expected

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  smoothed_logit_gap is not right to 5 significant digits: it is log(q_y / q_j).
""" # END TEST CONFIG
def test_smoothed_logit_gap_precise(smoothed_logit_gap):
    import math
    expected = math.log((0.9 + 0.01) / 0.01)
    assert abs(float(smoothed_logit_gap) - expected) <= 5e-5 * expected

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

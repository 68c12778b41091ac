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
# `dlbook check ch03-losses.ipynb` checks them all. Use numpy only.
#
# The checks in this notebook are the public tests. Your submission is also graded
# on hidden tests with inputs you never see (other shapes, other values, extreme
# values), so write code that is right for every input, not just for the examples.
#
# Conventions, as in the chapter: every loss is the **empirical loss**, the *mean*
# of the per-example losses over the batch, $J = \frac1n \sum_{i=1}^n L_i$, and is
# returned as one number. A batch of $n$ examples with $k$ scores each is an array
# of shape $(n, k)$, one example per row. Class labels are integers
# $0, 1, \dots, k-1$. Your losses must stay finite for logits as large as
# $\pm 1000$ and for probabilities of exactly 0 and 1.

# %%
import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (mean squared error).** Write `mse(y_hat, y)`, the loss of a
# regression output:
#
# $$J = \frac{1}{N} \sum_{\text{entries}} (\hat y - y)^2 .$$
#
# `y_hat` and `y` are arrays of the same shape, `(n,)` or `(n, k)`; the mean runs
# over **all** $N$ entries (for shape $(n, k)$, $N = nk$), as in PyTorch's
# `mse_loss`. Return a single number.

# %% [raw]
# # BEGIN SOLUTION

# %%
def mse(y_hat, y):
    y_hat, y = np.asarray(y_hat, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    return float(np.mean((y_hat - y) ** 2))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For these (2, 3) arrays the squared errors are 1, 0, 1, 4, 4, 0: their mean is
  10 / 6 = 1.6667. Getting 10 means you summed instead of averaging; 5 means you
  divided by the number of rows n = 2 instead of all n k = 6 entries; 1.291 is the
  square root (RMSE); 0.4444 is the square of the mean error, not the mean of the
  squared errors; 1.0 is the mean absolute error.
""" # END TEST CONFIG
def test_mse_matrix(mse):
    import numpy as np
    y_hat = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    y = np.array([[0.0, 2.0, 1.0], [2.0, 1.0, 3.0]])
    out = float(mse(y_hat, y))
    assert abs(out - 10 / 6) < 1e-12, f"mse = {out}, expected 10 / 6 = {10 / 6}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For y_hat = [0.5, -1.5, 2, 4] and y = [1, 0.5, 2, 1] the squared errors are
  0.25, 4, 0, 9, so the mean squared error is 13.25 / 4 = 3.3125 (the sum is 13.25).
  mse must return one number, not an array.
""" # END TEST CONFIG
def test_mse_vector(mse):
    import numpy as np
    out = mse(np.array([0.5, -1.5, 2.0, 4.0]), np.array([1.0, 0.5, 2.0, 1.0]))
    assert np.ndim(out) == 0, f"mse returned an array of shape {np.shape(out)}, expected one number"
    assert abs(float(out) - 3.3125) < 1e-12, f"mse = {out}, expected 3.3125"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  mse is wrong on unseen random arrays of shape (5, 4): it is the mean of the
  squared differences over all 20 entries (not a sum, not per row, no square root).
""" # END TEST CONFIG
def test_mse_random_matrix(mse):
    import numpy as np
    rng = np.random.default_rng(31)
    y_hat, y = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    expected = sum((a - b) ** 2 for a, b in zip(y_hat.ravel(), y.ravel())) / 20
    out = mse(y_hat, y)
    assert np.ndim(out) == 0 and abs(float(out) - expected) < 1e-12, f"mse = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  mse is wrong on an unseen vector of 7 predictions, or on a batch of one: it is
  the mean of the squared differences.
""" # END TEST CONFIG
def test_mse_random_vector(mse):
    import numpy as np
    y_hat = np.array([3.0, -2.0, 0.5, 1.0, 4.0, -1.0, 2.5])
    y = np.array([1.0, 0.0, 0.5, -1.0, 1.0, 1.0, 0.0])
    # squared errors 4, 4, 0, 4, 9, 4, 6.25: sum 31.25
    out = mse(y_hat, y)
    assert abs(float(out) - 31.25 / 7) < 1e-12, f"mse = {out}, expected {31.25 / 7}"
    out = mse(np.array([[2.0]]), np.array([[-1.0]]))
    assert abs(float(out) - 9.0) < 1e-12, f"mse([[2]], [[-1]]) = {out}, expected 9"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (binary cross-entropy on probabilities).** A sigmoid output
# $p_i = \sigma(z_i) \in [0, 1]$ is the predicted probability that example $i$ is
# of class 1. Write `binary_cross_entropy(p, y)`, with `p` and `y` of shape
# `(n,)` and labels $y_i \in \{0, 1\}$:
#
# $$J = -\frac{1}{n} \sum_{i=1}^{n} \Big[ y_i \log p_i + (1 - y_i) \log (1 - p_i) \Big].$$
#
# A sigmoid can round to exactly 0 or 1, and $\log 0 = -\infty$ (and
# $0 \cdot (-\infty)$ is `nan`). Follow PyTorch's rule: clip the argument of each
# logarithm from below at $\varepsilon = e^{-100}$, that is, use
# $\log \max(p_i, \varepsilon)$ and $\log \max(1 - p_i, \varepsilon)$, so that each
# log term is at least $-100$. A certain and wrong prediction then costs exactly
# 100. (Clipping $p$ to $[\varepsilon, 1 - \varepsilon]$ does not work for so small
# an $\varepsilon$: in float64, $1 - e^{-100}$ rounds to 1.)

# %% [raw]
# # BEGIN SOLUTION

# %%
def binary_cross_entropy(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    eps = np.exp(-100.0)
    log_p = np.log(np.maximum(p, eps))
    log_1mp = np.log(np.maximum(1.0 - p, eps))
    return float(-np.mean(y * log_p + (1.0 - y) * log_1mp))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For p = [0.9, 0.2, 0.6, 0.7] and y = [1, 0, 0, 1] the loss is
  -(log 0.9 + log 0.8 + log 0.4 + log 0.7) / 4 = 0.40037. A negative value means the
  minus sign is missing; 1.6015 is the sum instead of the mean; 1.4067 means the two
  terms are swapped (y goes with log p, 1 - y with log(1 - p)).
""" # END TEST CONFIG
def test_bce_values(binary_cross_entropy):
    import numpy as np
    out = binary_cross_entropy(np.array([0.9, 0.2, 0.6, 0.7]), np.array([1.0, 0.0, 0.0, 1.0]))
    assert np.ndim(out) == 0, f"returned shape {np.shape(out)}, expected one number"
    assert abs(float(out) - 0.4003674356962309) < 1e-12, f"binary_cross_entropy = {out}, expected 0.40037"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For p = [0, 1, 1, 0] and y = [0, 1, 0, 1] the two right predictions cost 0 and the
  two certain, wrong ones cost 100 each, so the mean is 50. nan or inf means a log(0)
  was taken (note 0 * log(0) = nan too): clip with np.maximum(p, eps) and
  np.maximum(1 - p, eps), eps = e^-100. About 13.8 means you clipped with a larger
  eps such as 1e-12 (-log 1e-12 = 27.6, not 100).
""" # END TEST CONFIG
def test_bce_zero_and_one(binary_cross_entropy):
    import numpy as np
    out = binary_cross_entropy(np.array([0.0, 1.0, 1.0, 0.0]), np.array([0.0, 1.0, 0.0, 1.0]))
    assert np.isfinite(float(out)), f"binary_cross_entropy = {out} is not finite"
    assert abs(float(out) - 50.0) < 1e-9, f"binary_cross_entropy = {out}, expected 50"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  binary_cross_entropy is wrong on unseen random probabilities (n = 9): it is
  -mean(y log p + (1 - y) log(1 - p)), with the minus sign, the mean, and y paired
  with log p.
""" # END TEST CONFIG
def test_bce_random(binary_cross_entropy):
    import math
    import numpy as np
    rng = np.random.default_rng(77)
    p = rng.uniform(0.02, 0.98, size=9)
    y = rng.integers(0, 2, size=9).astype(float)
    expected = -sum(math.log(pi) if yi == 1 else math.log(1 - pi) for pi, yi in zip(p, y)) / 9
    out = binary_cross_entropy(p, y)
    assert abs(float(out) - expected) < 1e-12, f"binary_cross_entropy = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  binary_cross_entropy is wrong or not finite for extreme probabilities (1e-60, or
  exactly 1): each log term must be floored at -100 (clip its argument at e^-100),
  so these wrong predictions cost 100 each.
""" # END TEST CONFIG
def test_bce_extreme(binary_cross_entropy):
    import math
    import numpy as np
    p = np.array([1e-60, 1.0, 0.999])
    y = np.array([1.0, 0.0, 1.0])
    expected = (100.0 + 100.0 - math.log(0.999)) / 3
    out = binary_cross_entropy(p, y)
    assert np.isfinite(float(out)), f"binary_cross_entropy = {out} is not finite"
    assert abs(float(out) - expected) < 1e-9, f"binary_cross_entropy = {out}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (binary cross-entropy from logits, stably).** In practice the loss
# is computed from the logit $z_i$ (the output before the sigmoid), which avoids
# rounding $\sigma(z_i)$ to 0 or 1 altogether. Per example,
#
# $$-y \log \sigma(z) - (1 - y) \log\big(1 - \sigma(z)\big) = \log(1 + e^{z}) - z y
# = \max(z, 0) - z y + \log\big(1 + e^{-|z|}\big).$$
#
# Write `binary_cross_entropy_with_logits(z, y)` returning the mean of the last form
# over the batch (`z`, `y` of shape `(n,)`). It must be accurate and finite for
# every $z$, including $z = \pm 1000$ ($e^{1000}$ overflows to `inf`). `np.log1p(x)`
# computes $\log(1 + x)$ accurately for small $x$.

# %% [raw]
# # BEGIN SOLUTION

# %%
def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    return float(np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For z = [2, -1, 0.5, -3] and y = [1, 0, 0, 1] the per-example losses are
  0.1269, 0.3133, 0.9741, 3.0486, mean 1.11571. 0.4907 means the max(z, 0) term is
  missing; 2.1157 means e^(-z) instead of e^(-|z|); 0.6157 means + z y instead of
  - z y; 4.4629 is the sum instead of the mean.
""" # END TEST CONFIG
def test_bce_logits_values(binary_cross_entropy_with_logits):
    import numpy as np
    out = binary_cross_entropy_with_logits(np.array([2.0, -1.0, 0.5, -3.0]), np.array([1.0, 0.0, 0.0, 1.0]))
    assert np.ndim(out) == 0, f"returned shape {np.shape(out)}, expected one number"
    assert abs(float(out) - 1.115713508578761) < 1e-12, f"loss = {out}, expected 1.11571"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For z = [1000, -1000, 1000, -1000] and y = [1, 0, 0, 1] the losses are 0, 0, 1000,
  1000 (confidently wrong costs about |z|), mean 500. nan or inf means something
  overflowed: computing sigmoid(z) and then its log (log(0) = -inf), or e^(-z) for
  z = -1000 (use e^(-|z|)). 0 means the max(z, 0) term is missing.
""" # END TEST CONFIG
def test_bce_logits_extreme(binary_cross_entropy_with_logits):
    import numpy as np
    out = binary_cross_entropy_with_logits(np.array([1000.0, -1000.0, 1000.0, -1000.0]),
                                           np.array([1.0, 0.0, 0.0, 1.0]))
    assert np.isfinite(float(out)), f"loss = {out} is not finite"
    assert abs(float(out) - 500.0) < 1e-9, f"loss = {out}, expected 500"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  binary_cross_entropy_with_logits is wrong on unseen random logits (n = 11): it is
  the mean of max(z, 0) - z y + log(1 + e^(-|z|)).
""" # END TEST CONFIG
def test_bce_logits_random(binary_cross_entropy_with_logits):
    import math
    import numpy as np
    rng = np.random.default_rng(123)
    z = rng.normal(0.0, 4.0, size=11)
    y = rng.integers(0, 2, size=11).astype(float)
    # -log sigma(z) for y = 1, -log(1 - sigma(z)) = -log sigma(-z) for y = 0; moderate z
    expected = sum(math.log(1 + math.exp(-zi if yi == 1 else zi)) for zi, yi in zip(z, y)) / 11
    out = binary_cross_entropy_with_logits(z, y)
    assert abs(float(out) - expected) < 1e-12, f"loss = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  binary_cross_entropy_with_logits is wrong or not finite for unseen extreme logits
  (745, -745, 1e5, -1e5): use max(z, 0) - z y + log(1 + e^(-|z|)), whose exponent
  is never positive.
""" # END TEST CONFIG
def test_bce_logits_extreme_hidden(binary_cross_entropy_with_logits):
    import math
    import numpy as np
    z = np.array([745.0, -745.0, 1e5, -1e5, 0.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    expected = (745.0 + 745.0 + 0.0 + 0.0 + math.log(2)) / 5
    out = binary_cross_entropy_with_logits(z, y)
    assert np.isfinite(float(out)), f"loss = {out} is not finite"
    assert abs(float(out) - expected) < 1e-9, f"loss = {out}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (log-sum-exp and softmax, stably).** For a batch of scores $Z$ of
# shape $(n, k)$, write two functions that work row by row:
#
# - `log_sum_exp(Z)` returning the $(n,)$ array
#   $\log \sum_{j} e^{Z_{ij}} = m_i + \log \sum_j e^{Z_{ij} - m_i}$ with
#   $m_i = \max_j Z_{ij}$;
# - `softmax(Z)` returning the $(n, k)$ array
#   $\operatorname{softmax}(Z)_{ij} = e^{Z_{ij} - m_i} / \sum_l e^{Z_{il} - m_i}$,
#   whose rows sum to 1.
#
# Subtracting the row maximum changes nothing on paper but keeps every exponent
# $\le 0$: both must stay finite and accurate for scores like $\pm 1000$. Mind the
# axis: each row is one example.

# %% [raw]
# # BEGIN SOLUTION

# %%
def log_sum_exp(Z):
    Z = np.asarray(Z, dtype=float)
    # BEGIN SOLUTION
    m = Z.max(axis=1, keepdims=True)
    return m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))
    # END SOLUTION


def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    # BEGIN SOLUTION
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1, 2, 0.5], [-1, 0, 3]] log_sum_exp must return the two row values
  [2.46437, 3.06588], shape (2,). Shape (3,) means you reduced over axis 0 (the
  columns) instead of axis 1; values too small by the row maximum (0.46, 0.07) mean
  you subtracted m but forgot to add it back; a broadcasting error means the max
  lost its axis (use keepdims=True).
""" # END TEST CONFIG
def test_lse_values(log_sum_exp):
    import numpy as np
    out = np.asarray(log_sum_exp(np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])))
    assert out.shape == (2,), f"shape {out.shape}, expected (2,)"
    assert np.allclose(out, [2.464368784107945, 3.0658839037574293], rtol=1e-12, atol=0), f"got {out}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1000, 0, -1000], [-1000, -1001, -1002]] log_sum_exp must return
  [1000, -999.59239]. inf means e^1000 overflowed, -inf means e^-1000 underflowed to
  0 and you took log(0): subtract each row's maximum before exponentiating (the
  maximum, not the minimum, so that every exponent is <= 0).
""" # END TEST CONFIG
def test_lse_extreme(log_sum_exp):
    import numpy as np
    out = np.asarray(log_sum_exp(np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1001.0, -1002.0]])))
    assert out.shape == (2,), f"shape {out.shape}, expected (2,)"
    assert np.all(np.isfinite(out)), f"log_sum_exp = {out} is not finite"
    assert np.allclose(out, [1000.0, -999.5923940355556], rtol=1e-13, atol=0), f"got {out}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  softmax of Z = [[1, 2, 0.5], [-1, 0, 3]] must be [[0.2312, 0.6285, 0.1402],
  [0.0171, 0.0466, 0.9362]], shape (2, 3), each row summing to 1. If the columns
  sum to 1 instead, you normalized over axis 0; keep keepdims=True on the row sums.
""" # END TEST CONFIG
def test_softmax_values(softmax):
    import numpy as np
    out = np.asarray(softmax(np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])))
    expected = [[0.23122389762214907, 0.6285317192117624, 0.14024438316608848],
                [0.017147825545520388, 0.0466126225779739, 0.9362395518765058]]
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.allclose(out, expected, rtol=1e-12, atol=0), f"got {out.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  softmax of Z = [[1000, 0, -1000], [-1000, -1001, -1002]] must be
  [[1, 0, 0], [0.6652, 0.2447, 0.0900]]. nan means e^1000 = inf (inf / inf = nan) or
  0 / 0 after e^-1000 underflowed: subtract each row's maximum first.
""" # END TEST CONFIG
def test_softmax_extreme(softmax):
    import numpy as np
    out = np.asarray(softmax(np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1001.0, -1002.0]])))
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.all(np.isfinite(out)), f"softmax = {out.tolist()} is not finite"
    expected = [[1.0, 0.0, 0.0], [0.6652409557748218, 0.2447284710547976, 0.09003057317038045]]
    assert np.allclose(out, expected, rtol=1e-12, atol=1e-300), f"got {out.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  log_sum_exp is wrong on an unseen (6, 4) or (3, 3) batch, or on extreme scores:
  reduce over axis 1 (each row), subtract the row maximum and add it back.
""" # END TEST CONFIG
def test_lse_hidden(log_sum_exp):
    import math
    import numpy as np
    rng = np.random.default_rng(5)
    Z = rng.normal(0.0, 3.0, size=(6, 4))
    out = np.asarray(log_sum_exp(Z))
    expected = [math.log(sum(math.exp(v) for v in row)) for row in Z]
    assert out.shape == (6,) and np.allclose(out, expected, rtol=1e-12, atol=0)
    Z = np.array([[800.0, 800.0, 800.0], [-800.0, 5.0, -2.0], [1e4, 0.0, 1e4 - 2.0]])
    out = np.asarray(log_sum_exp(Z))
    expected = [800 + math.log(3), 5 + math.log(1 + math.exp(-7)), 1e4 + math.log(1 + math.exp(-2))]
    assert out.shape == (3,) and np.allclose(out, expected, rtol=1e-13, atol=0), f"got {out}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax is wrong on an unseen (5, 7) or (3, 3) batch, or on extreme scores: each
  row is exp(Z - row max) divided by its row sum.
""" # END TEST CONFIG
def test_softmax_hidden(softmax):
    import math
    import numpy as np
    rng = np.random.default_rng(6)
    Z = rng.normal(0.0, 3.0, size=(5, 7))
    out = np.asarray(softmax(Z))
    expected = [[math.exp(v) / sum(math.exp(u) for u in row) for v in row] for row in Z]
    assert out.shape == (5, 7) and np.allclose(out, expected, rtol=1e-12, atol=0)
    Z = np.array([[800.0, 800.0, 800.0], [-800.0, -801.0, -5e3], [1e4, 0.0, 1e4 - 2.0]])
    out = np.asarray(softmax(Z))
    e1, e2 = math.exp(-1), math.exp(-2)
    expected = [[1 / 3] * 3, [1 / (1 + e1), e1 / (1 + e1), 0.0], [1 / (1 + e2), 0.0, e2 / (1 + e2)]]
    assert out.shape == (3, 3) and np.all(np.isfinite(out)), f"got {out.tolist()}"
    assert np.allclose(out, expected, rtol=1e-12, atol=1e-300), f"got {out.tolist()}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (softmax cross-entropy).** A classifier with $k$ classes outputs
# scores (logits) $Z$ of shape $(n, k)$; `y` holds the true class of each example,
# integers in $0, \dots, k-1$, shape $(n,)$. The loss is the mean negative log
# probability of the true class:
#
# $$J = -\frac{1}{n} \sum_{i=1}^{n} \log \operatorname{softmax}(Z)_{i, y_i}
#     = \frac{1}{n} \sum_{i=1}^{n} \Big( \log \sum_j e^{Z_{ij}} - Z_{i, y_i} \Big).$$
#
# Write `softmax_cross_entropy(Z, y)` returning $J$, a single number. Use the
# second form (with a stable log-sum-exp), so that it stays finite for logits like
# $\pm 1000$: there the softmax of a wrong class underflows to 0, and its log is
# $-\infty$. `Z[np.arange(n), y]` picks each row's true-class score.

# %% [raw]
# # BEGIN SOLUTION

# %%
def softmax_cross_entropy(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    # BEGIN SOLUTION
    n = Z.shape[0]
    m = Z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))
    return float(np.mean(lse - Z[np.arange(n), y]))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For this batch of 3 examples with 4 classes (true classes 3, 0, 2) the losses are
  2.4608, 1.5977, 1.6366, mean 1.89834. A negative value means the minus sign is
  missing; 5.695 is the sum instead of the mean. Other values mean the wrong score
  was picked: take Z[np.arange(n), y] (row i, column y_i); 1.815 comes from Z[:, y]
  (every row, every label) and 0.565 from column y - 1 (classes count from 0).
""" # END TEST CONFIG
def test_ce_values(softmax_cross_entropy):
    import numpy as np
    Z = np.array([[1.0, -0.5, 2.0, 0.0], [0.5, 0.5, -1.0, 1.5], [-2.0, 1.0, 0.0, 0.25]])
    out = softmax_cross_entropy(Z, np.array([3, 0, 2]))
    assert np.ndim(out) == 0, f"returned shape {np.shape(out)}, expected one number"
    assert abs(float(out) - 1.8983396431192106) < 1e-12, f"softmax_cross_entropy = {out}, expected 1.89834"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1000, 0, -1000], [0, 1000, 2000]] with true classes [2, 0], both
  examples are confidently wrong by 2000, so the loss is 2000. inf or nan means a
  softmax probability underflowed to 0 before its log (use log-sum-exp minus the
  true score), or e^1000 overflowed (subtract the row maximum).
""" # END TEST CONFIG
def test_ce_extreme(softmax_cross_entropy):
    import numpy as np
    out = softmax_cross_entropy(np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 2000.0]]), np.array([2, 0]))
    assert np.isfinite(float(out)), f"softmax_cross_entropy = {out} is not finite"
    assert abs(float(out) - 2000.0) < 1e-9, f"softmax_cross_entropy = {out}, expected 2000"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_cross_entropy is wrong on an unseen random batch (6 examples, 5 classes):
  the mean over examples of log-sum-exp of the row minus the true class's score.
""" # END TEST CONFIG
def test_ce_random(softmax_cross_entropy):
    import math
    import numpy as np
    rng = np.random.default_rng(2025)
    Z = rng.normal(0.0, 2.0, size=(6, 5))
    y = np.array([4, 0, 2, 2, 1, 3])
    expected = -sum(math.log(math.exp(row[c]) / sum(math.exp(v) for v in row)) for row, c in zip(Z, y)) / 6
    out = softmax_cross_entropy(Z, y)
    assert abs(float(out) - expected) < 1e-12, f"softmax_cross_entropy = {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_cross_entropy is wrong or not finite on unseen extreme logits (a batch of
  4 with scores up to 1e4): use log-sum-exp with the row maximum subtracted, minus
  the true class's score, averaged.
""" # END TEST CONFIG
def test_ce_extreme_hidden(softmax_cross_entropy):
    import math
    import numpy as np
    Z = np.array([[-1000.0, 1000.0], [1e4, 1e4 - 3.0], [500.0, -500.0], [0.0, -800.0]])
    y = np.array([0, 1, 0, 1])
    # 2000, 3 + log(1 + e^-3), log(1 + e^-1000) = 0, 800
    expected = (2000.0 + 3.0 + math.log1p(math.exp(-3.0)) + 0.0 + 800.0) / 4
    out = softmax_cross_entropy(Z, y)
    assert np.isfinite(float(out)), f"softmax_cross_entropy = {out} is not finite"
    assert abs(float(out) - expected) < 1e-9, f"softmax_cross_entropy = {out}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (one-hot labels and the gradient of softmax cross-entropy).**
# Chapter 4 will need the derivative of the loss with respect to the logits. For
# the $J$ of Question 5 it is remarkably simple:
#
# $$\frac{\partial J}{\partial Z} = \frac{1}{n} \Big( \operatorname{softmax}(Z) - Y \Big),$$
#
# where $Y$ is the **one-hot** encoding of the labels: row $i$ of $Y$ is all zeros
# except a 1 in column $y_i$. Write
#
# - `one_hot(y, k)`: integer labels `y` of shape `(n,)` in $0, \dots, k-1$ to the
#   float array $Y$ of shape $(n, k)$;
# - `softmax_cross_entropy_grad(Z, y)`: the $(n, k)$ gradient above, stable for
#   logits like $\pm 1000$. You may use your `softmax` and `one_hot`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def one_hot(y, k):
    y = np.asarray(y)
    # BEGIN SOLUTION
    Y = np.zeros((len(y), k))
    Y[np.arange(len(y)), y] = 1.0
    return Y
    # END SOLUTION


def softmax_cross_entropy_grad(Z, y):
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    # BEGIN SOLUTION
    n, k = Z.shape
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    return (P - Y) / n
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  one_hot([2, 0, 1, 2], 3) must be [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
  (shape (4, 3)): the 1 of row i sits in column y_i, counting columns from 0. A 1
  shifted one column left or right (or wrapped around) is an off-by-one.
""" # END TEST CONFIG
def test_one_hot_values(one_hot):
    import numpy as np
    out = np.asarray(one_hot(np.array([2, 0, 1, 2]), 3))
    expected = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert out.shape == (4, 3), f"shape {out.shape}, expected (4, 3)"
    assert np.array_equal(out.astype(float), expected), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1, 2, 0.5], [-1, 0, 3]] and y = [2, 0] the gradient is
  (softmax(Z) - Y) / 2 = [[0.1156, 0.3143, -0.4299], [-0.4914, 0.0233, 0.4681]].
  Twice these values: you forgot to divide by n (the loss is a mean). Signs flipped:
  you computed Y - softmax(Z). Rows that do not sum to 0: the one-hot part is
  missing or the softmax normalizes the wrong axis.
""" # END TEST CONFIG
def test_grad_values(softmax_cross_entropy_grad):
    import numpy as np
    out = np.asarray(softmax_cross_entropy_grad(np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]]), np.array([2, 0])))
    expected = [[0.11561194881107452, 0.3142658596058812, -0.4298778084169558],
                [-0.4914260872272398, 0.023306311288986945, 0.4681197759382529]]
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.allclose(out, expected, rtol=1e-12, atol=0), f"got {out.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For Z = [[1000, 0, -1000], [5, 5, 5], [0, 0, 2000]] and y = [1, 0, 2] the gradient
  is [[1, -1, 0], [-2/3, 1/3, 1/3], [0, 0, 0]] / 3. nan means the softmax overflowed:
  subtract each row's maximum before exponentiating.
""" # END TEST CONFIG
def test_grad_extreme(softmax_cross_entropy_grad):
    import numpy as np
    Z = np.array([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0], [0.0, 0.0, 2000.0]])
    out = np.asarray(softmax_cross_entropy_grad(Z, np.array([1, 0, 2])))
    assert out.shape == (3, 3) and np.all(np.isfinite(out)), f"got {out.tolist()}"
    expected = np.array([[1.0, -1.0, 0.0], [-2 / 3, 1 / 3, 1 / 3], [0.0, 0.0, 0.0]]) / 3
    assert np.allclose(out, expected, rtol=1e-12, atol=1e-15), f"got {out.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  one_hot is wrong on unseen labels (n = 6, k = 5, including the first and the
  last class, and k larger than any label).
""" # END TEST CONFIG
def test_one_hot_hidden(one_hot):
    import numpy as np
    y = np.array([4, 0, 0, 3, 1, 4])
    out = np.asarray(one_hot(y, 5))
    expected = [[1.0 if j == c else 0.0 for j in range(5)] for c in y]
    assert out.shape == (6, 5) and np.array_equal(out.astype(float), expected), f"got {out.tolist()}"
    out = np.asarray(one_hot(np.array([1]), 7))
    assert out.shape == (1, 7) and np.array_equal(out.astype(float), [[0, 1, 0, 0, 0, 0, 0]]), f"got {out.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_cross_entropy_grad does not match central differences of the loss on an
  unseen batch (5 examples, 4 classes): it is (softmax(Z) - one_hot(y)) / n.
""" # END TEST CONFIG
def test_grad_central_differences(softmax_cross_entropy_grad):
    import math
    import numpy as np
    rng = np.random.default_rng(404)
    Z = rng.normal(0.0, 1.5, size=(5, 4))
    y = np.array([3, 1, 0, 3, 2])

    def J(Z):  # written independently: the mean of -log of the true class's probability
        return -sum(math.log(math.exp(row[c]) / sum(math.exp(v) for v in row)) for row, c in zip(Z, y)) / 5

    h = 1e-6
    numeric = np.zeros_like(Z)
    for i in range(5):
        for j in range(4):
            E = np.zeros_like(Z)
            E[i, j] = h
            numeric[i, j] = (J(Z + E) - J(Z - E)) / (2 * h)
    out = np.asarray(softmax_cross_entropy_grad(Z, y))
    assert out.shape == (5, 4), f"shape {out.shape}, expected (5, 4)"
    assert np.allclose(out, numeric, rtol=1e-6, atol=1e-9), f"max difference {np.abs(out - numeric).max()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  softmax_cross_entropy_grad is wrong or not finite on unseen extreme logits (scores
  of 800 and -1e4, a batch of 2): subtract each row's maximum inside the softmax.
""" # END TEST CONFIG
def test_grad_extreme_hidden(softmax_cross_entropy_grad):
    import math
    import numpy as np
    Z = np.array([[800.0, 799.0, -1e4, 0.0], [-1e4, -1e4, -1e4, -1e4]])
    out = np.asarray(softmax_cross_entropy_grad(Z, np.array([1, 3])))
    a = 1 / (1 + math.exp(-1))
    expected = np.array([[a, (1 - a) - 1, 0.0, 0.0], [0.25, 0.25, 0.25, -0.75]]) / 2
    assert out.shape == (2, 4) and np.all(np.isfinite(out)), f"got {out.tolist()}"
    assert np.allclose(out, expected, rtol=1e-12, atol=1e-15), f"got {out.tolist()}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

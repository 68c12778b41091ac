# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch06-generalization
# export_cell: false
# requirements:   # for Gradescope's image: the tests use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 6 exercises: generalization
#
# Fill in every `...`, run the notebook top to bottom, and check each answer with
# `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch06-generalization.ipynb` checks them all. Use numpy, and torch
# where a question asks for it.
#
# The checks in this notebook are the public tests. Your submission is also graded
# on hidden tests with inputs you never see (other shapes, other values, edge
# cases), so write code that is right for every input, not just for the examples.
#
# Conventions, as in the chapter: epochs are counted from 0; a batch of $n$ examples
# is a matrix $X$ of shape $(n, d)$, one example per row; $\eta$ is the learning rate
# and $\lambda$ the weight decay (the strength of the L2 penalty).

# %%
import numpy as np
import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (train / validation / test split).** Write
# `train_val_test_split(n, fractions, seed)` that splits the example indices
# $0, 1, \dots, n-1$ into three disjoint parts and returns them as a tuple of three
# integer numpy arrays `(train, val, test)`. Do it exactly like this, so that the
# split is reproducible:
#
# 1. shuffle once: `order = np.random.default_rng(seed).permutation(n)`;
# 2. with `fractions = (f_train, f_val, f_test)`, take
#    `n_train = round(f_train * n)` and `n_val = round(f_val * n)`;
# 3. `train` is the first `n_train` entries of `order`, `val` the next `n_val`, and
#    `test` **everything that is left** (so no example is lost to rounding).
#
# Every index must land in exactly one part: an example the model trained on must
# never be used to judge it.

# %% [raw]
# # BEGIN SOLUTION

# %%
def train_val_test_split(n, fractions, seed):
    f_train, f_val, f_test = fractions
    # BEGIN SOLUTION
    order = np.random.default_rng(seed).permutation(n)
    n_train, n_val = round(f_train * n), round(f_val * n)
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For n = 20, fractions (0.58, 0.22, 0.20) and seed 0, order is
  np.random.default_rng(0).permutation(20) = [4, 19, 6, 2, 13, 16, 3, 11, 10, 8, 0,
  12, 7, 5, 18, 17, 14, 9, 1, 15]; n_train = round(11.6) = 12 and n_val = round(4.4) = 4.
  In order without shuffling means np.permutation was skipped; 11 training indices
  mean int() (which rounds down) was used instead of round(); a val part that does not
  continue where train stops means the parts were drawn separately or sliced off by one.
""" # END TEST CONFIG
def test_split_values(train_val_test_split):
    import numpy as np
    train, val, test = (np.asarray(a) for a in train_val_test_split(20, (0.58, 0.22, 0.20), 0))
    order = [4, 19, 6, 2, 13, 16, 3, 11, 10, 8, 0, 12, 7, 5, 18, 17, 14, 9, 1, 15]
    assert train.tolist() == order[:12], f"train = {train.tolist()}, expected {order[:12]}"
    assert val.tolist() == order[12:16], f"val = {val.tolist()}, expected {order[12:16]}"
    assert test.tolist() == order[16:], f"test = {test.tolist()}, expected {order[16:]}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The three parts must be disjoint and together hold every index 0..n-1 exactly once.
  For n = 10 and fractions (0.34, 0.34, 0.32): n_train = round(3.4) = 3,
  n_val = round(3.4) = 3, and the test part is the 4 indices that are left. A test
  part of round(0.32 * 10) = 3 loses an example; overlapping parts come from drawing
  each part with its own permutation or from an off-by-one slice.
""" # END TEST CONFIG
def test_split_partition(train_val_test_split):
    import numpy as np
    parts = [np.asarray(a) for a in train_val_test_split(10, (0.34, 0.34, 0.32), 3)]
    sizes = [len(p) for p in parts]
    assert sizes == [3, 3, 4], f"sizes {sizes}, expected [3, 3, 4]"
    everything = sorted(np.concatenate(parts).tolist())
    assert everything == list(range(10)), f"the parts hold {everything}, expected 0..9 once each"
    assert all(np.issubdtype(p.dtype, np.integer) for p in parts), "indices must be integers"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  train_val_test_split is wrong for n = 37, fractions (0.7, 0.15, 0.15): shuffle once
  with default_rng(seed).permutation(n), n_train = round(25.9) = 26,
  n_val = round(5.55) = 6, test = the 5 indices left.
""" # END TEST CONFIG
def test_split_hidden_values(train_val_test_split):
    import numpy as np
    train, val, test = (np.asarray(a) for a in train_val_test_split(37, (0.7, 0.15, 0.15), 11))
    rng = np.random.default_rng(11)
    order = rng.permutation(37).tolist()
    assert train.tolist() == order[:26]
    assert val.tolist() == order[26:32]
    assert test.tolist() == order[32:]

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  For n = 100 and fractions (0.334, 0.333, 0.333) the parts must have 33, 33 and 34
  indices (the test part takes what rounding left over), disjoint, covering 0..99.
""" # END TEST CONFIG
def test_split_hidden_partition(train_val_test_split):
    import numpy as np
    parts = [np.asarray(a) for a in train_val_test_split(100, (0.334, 0.333, 0.333), 5)]
    assert [len(p) for p in parts] == [33, 33, 34]
    seen = np.zeros(100, dtype=int)
    for p in parts:
        for i in p:
            seen[int(i)] += 1
    assert np.all(seen == 1), "some index is missing or in two parts"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (one step of gradient descent with weight decay).** Adding the L2
# penalty $\frac{\lambda}{2}\lVert w \rVert^2$ to the loss $J(w)$ adds $\lambda w$ to
# its gradient, so one gradient-descent step on the penalised loss is
#
# $$w \leftarrow w - \eta \left(\frac{\partial J}{\partial w} + \lambda w\right)
#   = (1 - \eta\lambda)\, w - \eta \frac{\partial J}{\partial w}.$$
#
# Write `weight_decay_step(w, grad, lr, weight_decay)` returning the new weights, a
# numpy array of the shape of `w` (any shape). `grad` is $\partial J/\partial w$
# (without the penalty), `lr` is $\eta$, `weight_decay` is $\lambda$. Do not modify
# `w` in place.

# %% [raw]
# # BEGIN SOLUTION

# %%
def weight_decay_step(w, grad, lr, weight_decay):
    w, grad = np.asarray(w, dtype=float), np.asarray(grad, dtype=float)
    # BEGIN SOLUTION
    return w - lr * (grad + weight_decay * w)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With w = (2, -4, 0.5), grad = (1, 0.5, -2), lr = 0.1 and weight_decay = 0.2 the step
  is w - 0.1 (grad + 0.2 w) = (1.86, -3.97, 0.69). (1.94, -4.13, 0.71): the decay
  term has the wrong sign, it must pull w toward 0. (1.82, -3.89, 0.68): lambda w was
  added twice. (1.5, -3.25, 0.6): the decay was not multiplied by the learning rate.
  (1.88, -4.01, 0.695): you used lambda / 2; the gradient of (lambda/2)||w||^2 is lambda w.
""" # END TEST CONFIG
def test_weight_decay_values(weight_decay_step):
    import numpy as np
    out = np.asarray(weight_decay_step(np.array([2.0, -4.0, 0.5]), np.array([1.0, 0.5, -2.0]), 0.1, 0.2))
    assert out.shape == (3,), f"shape {out.shape}, expected (3,)"
    assert np.allclose(out, [1.86, -3.97, 0.69], rtol=1e-12, atol=1e-12), f"got {out.tolist()}, expected [1.86, -3.97, 0.69]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With a zero gradient, weight decay alone shrinks every weight by the factor
  (1 - lr * weight_decay): here (1 - 0.5 * 0.1) = 0.95, for a matrix w. The weights
  must shrink toward 0, not grow, and w itself must not be changed in place.
""" # END TEST CONFIG
def test_weight_decay_shrinks(weight_decay_step):
    import numpy as np
    w = np.array([[1.0, -2.0, 0.0], [3.0, 0.5, -0.25]])
    before = w.copy()
    out = np.asarray(weight_decay_step(w, np.zeros((2, 3)), 0.5, 0.1))
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.allclose(out, 0.95 * before, rtol=1e-12, atol=0), f"got {out.tolist()}, expected {(0.95 * before).tolist()}"
    assert np.array_equal(w, before), "w was modified in place"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  weight_decay_step is wrong on unseen random weights and gradients: it is
  w - lr * (grad + weight_decay * w).
""" # END TEST CONFIG
def test_weight_decay_hidden_random(weight_decay_step):
    import numpy as np
    rng = np.random.default_rng(606)
    w, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    out = np.asarray(weight_decay_step(w, g, 0.3, 0.7))
    expected = [[w[i, j] - 0.3 * g[i, j] - 0.3 * 0.7 * w[i, j] for j in range(4)] for i in range(3)]
    assert out.shape == (3, 4) and np.allclose(out, expected, rtol=1e-12, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  Forty steps with a zero gradient must shrink w by (1 - lr * weight_decay)^40, and
  weight decay 0 must give the plain gradient step w - lr * grad.
""" # END TEST CONFIG
def test_weight_decay_hidden_repeated(weight_decay_step):
    import numpy as np
    w0 = np.array([4.0, -1.5])
    w = w0
    for _ in range(40):
        w = np.asarray(weight_decay_step(w, np.zeros(2), 0.2, 0.25))
    assert np.allclose(w, 0.95 ** 40 * w0, rtol=1e-10, atol=0)
    out = np.asarray(weight_decay_step(np.array([1.0, 2.0]), np.array([0.5, -0.5]), 0.4, 0.0))
    assert np.allclose(out, [0.8, 2.2], rtol=1e-12, atol=0)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (a training loop with an L2 penalty, in torch).** A linear model
# $\hat y = X w + b$ with $X$ of shape $(n, d)$, $w$ of shape $(d,)$ and a scalar bias
# $b$ is trained on the penalised mean squared error
#
# $$J(w, b) = \frac{1}{n} \sum_{i=1}^{n} (\hat y_i - y_i)^2 + \frac{\lambda}{2} \lVert w \rVert^2$$
#
# (the bias is not penalised: it only shifts the output, it does not make the model
# more wiggly). Write `gd_l2(w, b, X, y, lr, lam, k)` that runs `k` steps of full-batch
# gradient descent $w \leftarrow w - \eta\, \partial J/\partial w$,
# $b \leftarrow b - \eta\, \partial J/\partial b$, with the gradients computed by
# torch's autograd (`J.backward()`), and returns the final `(w, b)` as tensors.
#
# `w`, `b` (a 0-d tensor), `X`, `y` are float64 tensors; `lr`, `lam` are numbers.
# Work on copies (`w.detach().clone().requires_grad_()`): the caller's tensors must
# not change. Remember that `backward()` *adds* to `.grad`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def gd_l2(w, b, X, y, lr, lam, k):
    w = w.detach().clone().requires_grad_()
    b = b.detach().clone().requires_grad_()
    # BEGIN SOLUTION
    for _ in range(k):
        J = ((X @ w + b - y) ** 2).mean() + lam / 2 * (w ** 2).sum()
        J.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.detach(), b.detach()
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One step (k = 1) from w = (0.5, -1), b = 0.25 with lr = 0.1 and lam = 0.5 on this
  4-example batch: the residuals are (-2.25, 3.25, -2.25, -1.75), dJ/dw =
  (2/n) X^T r + lam w = (-2.25, -5.8125), dJ/db = (2/n) sum(r) = -1.5, so
  w = (0.725, -0.41875) and b = 0.4. A different w and b: check mean (not sum) of
  the squared errors, lam / 2 in the penalty, and that b is not penalised.
""" # END TEST CONFIG
def test_gd_l2_one_step(gd_l2):
    import numpy as np
    import torch
    X = torch.tensor([[1.0, 2.0], [0.0, -1.0], [2.0, 0.5], [-1.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([1.0, -2.0, 3.0, 0.5], dtype=torch.float64)
    w = torch.tensor([0.5, -1.0], dtype=torch.float64)
    b = torch.tensor(0.25, dtype=torch.float64)
    w1, b1 = gd_l2(w, b, X, y, 0.1, 0.5, 1)
    w1, b1 = np.asarray(torch.as_tensor(w1).detach()), float(torch.as_tensor(b1).detach())
    assert w1.shape == (2,), f"w has shape {w1.shape}, expected (2,)"
    assert np.allclose(w1, [0.725, -0.41875], rtol=1e-12, atol=1e-12), f"w = {w1.tolist()}, expected [0.725, -0.41875]"
    assert abs(b1 - 0.4) < 1e-12, f"b = {b1}, expected 0.4"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  After 3 steps the weights are wrong although one step may be right: loss.backward()
  adds the new gradient to .grad, so reset w.grad and b.grad to zero after every
  update (or use an optimizer's zero_grad()). Otherwise step 3 moves by the sum of
  three gradients.
""" # END TEST CONFIG
def test_gd_l2_three_steps(gd_l2):
    import numpy as np
    import torch
    Xn = np.array([[1.0, 2.0], [0.0, -1.0], [2.0, 0.5], [-1.0, 1.0]])
    yn = np.array([1.0, -2.0, 3.0, 0.5])
    w, b = np.array([0.5, -1.0]), 0.25
    for _ in range(3):  # the gradients in closed form
        r = Xn @ w + b - yn
        w, b = w - 0.1 * (2 / 4 * Xn.T @ r + 0.5 * w), b - 0.1 * (2 / 4 * r.sum())
    w3, b3 = gd_l2(torch.tensor([0.5, -1.0], dtype=torch.float64), torch.tensor(0.25, dtype=torch.float64),
                   torch.tensor(Xn), torch.tensor(yn), 0.1, 0.5, 3)
    w3, b3 = np.asarray(torch.as_tensor(w3).detach()), float(torch.as_tensor(b3).detach())
    assert np.allclose(w3, w, rtol=1e-10, atol=1e-12), f"w = {w3.tolist()}, expected {w.tolist()}"
    assert abs(b3 - b) < 1e-10, f"b = {b3}, expected {b}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  gd_l2 must return the trained (w, b) and leave the tensors it was given unchanged.
  If w or b changed, copy them first, w = w.detach().clone().requires_grad_(), and
  update the copies.
""" # END TEST CONFIG
def test_gd_l2_leaves_inputs_alone(gd_l2):
    import numpy as np
    import torch
    X = torch.tensor([[1.0, 0.0], [0.5, -1.0], [2.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([1.0, 0.0, -1.0], dtype=torch.float64)
    w = torch.tensor([0.3, -0.2], dtype=torch.float64)
    b = torch.tensor(-0.1, dtype=torch.float64)
    w1, b1 = gd_l2(w, b, X, y, 0.05, 0.1, 1)
    assert torch.equal(w, torch.tensor([0.3, -0.2], dtype=torch.float64)), f"w changed to {w}"
    assert torch.equal(b, torch.tensor(-0.1, dtype=torch.float64)), f"b changed to {b}"
    # residuals r = X w + b - y = (-0.8, 0.25, 1.3): dJ/dw = (2/3) X^T r + 0.1 w, dJ/db = (2/3) sum(r)
    expected_w = [0.3 - 0.05 * (2 / 3 * (-0.8 + 0.125 + 2.6) + 0.03),
                  -0.2 - 0.05 * (2 / 3 * (-0.25 + 1.3) - 0.02)]
    expected_b = -0.1 - 0.05 * 2 / 3 * 0.75
    assert np.allclose(np.asarray(torch.as_tensor(w1).detach()), expected_w, rtol=1e-12, atol=1e-12), f"w = {w1}"
    assert abs(float(torch.as_tensor(b1).detach()) - expected_b) < 1e-12, f"b = {b1}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  gd_l2 is wrong on an unseen problem (n = 7, d = 3, k = 5): J is the mean squared
  error plus (lam/2)||w||^2 (no penalty on b), gradients reset after every step.
""" # END TEST CONFIG
def test_gd_l2_hidden(gd_l2):
    import numpy as np
    import torch
    rng = np.random.default_rng(66)
    Xn, yn = rng.normal(size=(7, 3)), rng.normal(size=7)
    w0, b0 = rng.normal(size=3), 0.8
    w, b = w0.copy(), b0
    for _ in range(5):
        r = np.array([sum(Xn[i, j] * w[j] for j in range(3)) + b - yn[i] for i in range(7)])
        grad_w = np.array([2 / 7 * sum(Xn[i, j] * r[i] for i in range(7)) + 0.3 * w[j] for j in range(3)])
        grad_b = 2 / 7 * r.sum()
        w, b = w - 0.07 * grad_w, b - 0.07 * grad_b
    wt, bt = torch.tensor(w0), torch.tensor(b0, dtype=torch.float64)
    w5, b5 = gd_l2(wt, bt, torch.tensor(Xn), torch.tensor(yn), 0.07, 0.3, 5)
    w5, b5 = np.asarray(torch.as_tensor(w5).detach()), float(torch.as_tensor(b5).detach())
    assert np.allclose(w5, w, rtol=1e-10, atol=1e-12) and abs(b5 - b) < 1e-10
    assert torch.equal(wt, torch.tensor(w0)) and float(bt) == b0, "the inputs were modified"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  With lam = 0 gd_l2 must be plain gradient descent on the mean squared error, and
  with a large lam the weights must shrink toward 0 while b is left free.
""" # END TEST CONFIG
def test_gd_l2_hidden_lambda(gd_l2):
    import numpy as np
    import torch
    Xn = np.array([[1.0, -1.0], [2.0, 0.0], [0.0, 3.0], [1.0, 1.0], [-2.0, 1.0]])
    yn = np.array([0.5, 1.0, -1.0, 2.0, 0.0])
    for lam in (0.0, 4.0):
        w, b = np.array([1.0, 1.0]), -0.5
        for _ in range(4):
            r = Xn @ w + b - yn
            w, b = w - 0.05 * (0.4 * Xn.T @ r + lam * w), b - 0.05 * 0.4 * r.sum()
        out_w, out_b = gd_l2(torch.tensor([1.0, 1.0], dtype=torch.float64), torch.tensor(-0.5, dtype=torch.float64),
                             torch.tensor(Xn), torch.tensor(yn), 0.05, lam, 4)
        assert np.allclose(np.asarray(torch.as_tensor(out_w).detach()), w, rtol=1e-10, atol=1e-12)
        assert abs(float(torch.as_tensor(out_b).detach()) - b) < 1e-10

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (inverted dropout, forward).** In training, dropout zeroes each unit
# with probability $p$ and scales the survivors by $\frac{1}{1-p}$, so that every
# unit keeps its expected value; in evaluation mode it does nothing. To make the
# randomness checkable, the uniform draws are given: `u` has the shape of `x`, with
# entries in $[0, 1)$, and unit $i$ is **kept when $u_i \ge p$** (which happens with
# probability $1 - p$).
#
# Write `dropout_forward(x, p, u, training)` returning the output, a numpy array of
# the shape of `x`:
#
# $$\text{out}_i = \begin{cases} \dfrac{x_i}{1 - p} & \text{if training and } u_i \ge p, \\
#   0 & \text{if training and } u_i < p, \\
#   x_i & \text{if not training.} \end{cases}$$
#
# For $p = 1$ every unit is dropped: return zeros (not `nan`).

# %% [raw]
# # BEGIN SOLUTION

# %%
def dropout_forward(x, p, u, training):
    x, u = np.asarray(x, dtype=float), np.asarray(u, dtype=float)
    # BEGIN SOLUTION
    if not training:
        return x
    if p == 1:
        return np.zeros_like(x)
    return np.where(u >= p, x / (1 - p), 0.0)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With p = 0.4 in training, the units with u >= 0.4 are kept and divided by 1 - p = 0.6:
  expected [[0, -3.3333, 5], [0.8333, 0, -1.6667]]. Kept values equal to x (-2, 3,
  0.5, -1) mean the survivors were not rescaled; -5 and 7.5 mean you divided by p
  instead of 1 - p; zeros in the wrong places mean the mask is reversed (keep u >= p).
""" # END TEST CONFIG
def test_dropout_forward_training(dropout_forward):
    import numpy as np
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    u = np.array([[0.1, 0.7, 0.45], [0.9, 0.2, 0.5]])
    out = np.asarray(dropout_forward(x, 0.4, u, True))
    expected = [[0.0, -2.0 / 0.6, 3.0 / 0.6], [0.5 / 0.6, 0.0, -1.0 / 0.6]]
    assert out.shape == (2, 3), f"shape {out.shape}, expected (2, 3)"
    assert np.allclose(out, expected, rtol=1e-12, atol=0), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  In evaluation mode (training=False) inverted dropout is the identity: return x
  unchanged, whatever p and u are. Zeros mean dropout is still active in evaluation;
  x * (1 - p) is the old, non-inverted dropout, which scales at test time instead of
  at training time.
""" # END TEST CONFIG
def test_dropout_forward_eval(dropout_forward):
    import numpy as np
    x = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    u = np.array([[0.1, 0.7, 0.45], [0.9, 0.2, 0.5]])
    out = np.asarray(dropout_forward(x, 0.4, u, False))
    assert out.shape == (2, 3) and np.array_equal(out, x), f"got {out.tolist()}, expected x unchanged"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Edge cases in training: p = 0 keeps every unit and scales by 1 / (1 - 0) = 1, so
  the output is x; p = 1 drops every unit, so the output is all zeros (dividing by
  1 - p = 0 would give nan or inf).
""" # END TEST CONFIG
def test_dropout_forward_edges(dropout_forward):
    import numpy as np
    x = np.array([[2.0, -1.0], [0.5, 3.0], [-4.0, 1.5]])
    u = np.array([[0.0, 0.3], [0.99, 0.5], [0.7, 0.1]])
    out0 = np.asarray(dropout_forward(x, 0.0, u, True))
    assert np.array_equal(out0, x), f"p = 0 gave {out0.tolist()}, expected x"
    out1 = np.asarray(dropout_forward(x, 1.0, u, True))
    assert out1.shape == (3, 2) and np.array_equal(out1, np.zeros((3, 2))), f"p = 1 gave {out1.tolist()}, expected zeros"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dropout_forward is wrong on an unseen 3-d array with p = 0.25 in training: keep
  where u >= p (u == p is kept), scale the kept units by 1 / (1 - p).
""" # END TEST CONFIG
def test_dropout_forward_hidden_training(dropout_forward):
    import numpy as np
    rng = np.random.default_rng(31)
    x, u = rng.normal(size=(2, 3, 4)), rng.uniform(size=(2, 3, 4))
    u[0, 0, 0] = 0.25
    out = np.asarray(dropout_forward(x, 0.25, u, True))
    expected = np.zeros((2, 3, 4))
    for idx in np.ndindex(2, 3, 4):
        if u[idx] >= 0.25:
            expected[idx] = x[idx] * 4 / 3
    assert out.shape == (2, 3, 4) and np.allclose(out, expected, rtol=1e-12, atol=0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  Averaged over many random draws, inverted dropout must keep each unit's mean
  (E[out] = x) in training, and must be the identity in evaluation mode.
""" # END TEST CONFIG
def test_dropout_forward_hidden_mean_and_eval(dropout_forward):
    import numpy as np
    rng = np.random.default_rng(32)
    x = np.full((200_000,), 1.5)
    out = np.asarray(dropout_forward(x, 0.75, rng.uniform(size=x.shape), True))
    assert abs((out == 0).mean() - 0.75) < 0.01
    assert abs(out.mean() - 1.5) < 0.05
    x2 = rng.normal(size=(5, 2))
    assert np.array_equal(np.asarray(dropout_forward(x2, 0.75, rng.uniform(size=(5, 2)), False)), x2)
    out1 = np.asarray(dropout_forward(x2, 1.0, rng.uniform(size=(5, 2)), True))
    assert out1.shape == (5, 2) and np.array_equal(out1, np.zeros((5, 2)))

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (inverted dropout, backward).** Backpropagation needs the gradient of
# the loss with respect to dropout's input, given `grad_out`
# $= \partial J / \partial\, \text{out}$ (same shape as `x`). The mask is a constant,
# so each output depends on its own input only, through the factor it was multiplied
# by. Write `dropout_backward(grad_out, p, u, training)` returning
# $\partial J / \partial x$ as a numpy array, with the same conventions as
# Question 4 (keep where $u_i \ge p$; all zeros for $p = 1$; identity when not
# training).

# %% [raw]
# # BEGIN SOLUTION

# %%
def dropout_backward(grad_out, p, u, training):
    grad_out, u = np.asarray(grad_out, dtype=float), np.asarray(u, dtype=float)
    # BEGIN SOLUTION
    if not training:
        return grad_out
    if p == 1:
        return np.zeros_like(grad_out)
    return np.where(u >= p, grad_out / (1 - p), 0.0)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  out_i = x_i / (1 - p) for a kept unit and 0 for a dropped one, so
  d out_i / d x_i = 1 / (1 - p) or 0. With p = 0.2 the expected gradient is
  [[1.25, 0], [0, -2.5], [0.625, 3.75]]. Values equal to grad_out where kept: the
  1 / (1 - p) factor is missing; nonzero values where u < p: a dropped unit must pass
  no gradient back; 5 / 4 replaced by 5: you divided by p.
""" # END TEST CONFIG
def test_dropout_backward_training(dropout_backward):
    import numpy as np
    g = np.array([[1.0, 2.0], [-1.0, -2.0], [0.5, 3.0]])
    u = np.array([[0.5, 0.1], [0.15, 0.8], [0.2, 0.6]])
    out = np.asarray(dropout_backward(g, 0.2, u, True))
    expected = [[1.25, 0.0], [0.0, -2.5], [0.625, 3.75]]
    assert out.shape == (3, 2), f"shape {out.shape}, expected (3, 2)"
    assert np.allclose(out, expected, rtol=1e-12, atol=0), f"got {out.tolist()}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  In evaluation mode dropout is the identity, so its gradient passes grad_out
  through unchanged.
""" # END TEST CONFIG
def test_dropout_backward_eval(dropout_backward):
    import numpy as np
    g = np.array([[1.0, 2.0, -3.0], [0.25, -0.5, 4.0]])
    u = np.array([[0.05, 0.9, 0.3], [0.6, 0.1, 0.2]])
    out = np.asarray(dropout_backward(g, 0.5, u, False))
    assert out.shape == (2, 3) and np.array_equal(out, g), f"got {out.tolist()}, expected grad_out unchanged"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dropout_backward does not match torch's autograd through the same mask
  (p = 0.6, a 4x5 batch): the gradient is grad_out / (1 - p) where u >= p, 0 elsewhere.
""" # END TEST CONFIG
def test_dropout_backward_hidden_autograd(dropout_backward):
    import numpy as np
    import torch
    rng = np.random.default_rng(51)
    x, u, g = rng.normal(size=(4, 5)), rng.uniform(size=(4, 5)), rng.normal(size=(4, 5))
    xt = torch.tensor(x, requires_grad=True)
    out = xt * torch.tensor((u >= 0.6).astype(float)) / (1 - 0.6)
    out.backward(torch.tensor(g))
    got = np.asarray(dropout_backward(g, 0.6, u, True))
    assert got.shape == (4, 5) and np.allclose(got, xt.grad.numpy(), rtol=1e-12, atol=0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dropout_backward is wrong at the edges: p = 1 gives zeros (no nan), p = 0 passes
  grad_out through, and evaluation mode is the identity.
""" # END TEST CONFIG
def test_dropout_backward_hidden_edges(dropout_backward):
    import numpy as np
    g = np.array([1.5, -2.0, 0.25, 4.0])
    u = np.array([0.3, 0.0, 0.999, 0.7])
    assert np.array_equal(np.asarray(dropout_backward(g, 1.0, u, True)), np.zeros(4))
    assert np.array_equal(np.asarray(dropout_backward(g, 0.0, u, True)), g)
    assert np.array_equal(np.asarray(dropout_backward(g, 0.9, u, False)), g)
    assert np.allclose(np.asarray(dropout_backward(g, 0.5, u, True)), [0.0, 0.0, 0.5, 8.0], rtol=1e-12, atol=0)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (early stopping).** After every epoch $e = 0, 1, 2, \dots$ we measure
# the validation loss `val_losses[e]`. Epoch $e$ *improves* if its loss is below the
# best loss so far by more than `min_delta` (the first epoch always improves; a tie
# does not). Training stops at the epoch where `patience` epochs in a row have
# passed without an improvement, and the weights of the best epoch (the last one
# that improved) are restored.
#
# Write `early_stopping(val_losses, patience, min_delta=0.0)` returning the pair of
# ints `(best_epoch, stop_epoch)`. Look only at the epochs that were actually
# trained: training cannot see the future. If the patience never runs out,
# `stop_epoch` is the last epoch, `len(val_losses) - 1`.
#
# Example: `[1.0, 0.8, 0.85, 0.7, 0.72, 0.7, 0.75]` with patience 3 gives `(3, 6)`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def early_stopping(val_losses, patience, min_delta=0.0):
    val_losses = [float(v) for v in val_losses]
    # BEGIN SOLUTION
    best_loss, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss - min_delta:
            best_loss, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For [1.0, 0.8, 0.85, 0.7, 0.72, 0.7, 0.75, 0.5, 0.4] and patience 3: the best so far
  is 0.7 at epoch 3; epochs 4, 5, 6 do not beat it (epoch 5's 0.7 is a tie, not an
  improvement), so training stops at epoch 6 and epoch 3 is restored: (3, 6).
  best_epoch = stop_epoch means you kept the last weights instead of the best;
  best_epoch 5 means a tie counted as an improvement; best_epoch 8 means you looked
  at losses after the stop; stop_epoch 7 is an off-by-one in the patience count.
""" # END TEST CONFIG
def test_early_stopping_curve(early_stopping):
    best, stop = early_stopping([1.0, 0.8, 0.85, 0.7, 0.72, 0.7, 0.75, 0.5, 0.4], 3)
    assert (int(best), int(stop)) == (3, 6), f"got ({best}, {stop}), expected (3, 6)"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  min_delta: an epoch improves only if loss < best - min_delta. For
  [1.0, 0.9, 0.88, 0.87, 0.86, 0.5], patience 3 and min_delta 0.05, the losses 0.88,
  0.87, 0.86 are not below 0.9 - 0.05 = 0.85, so the answer is (1, 4). (5, 5): you
  ignored min_delta (or added it to the best loss).
""" # END TEST CONFIG
def test_early_stopping_min_delta(early_stopping):
    best, stop = early_stopping([1.0, 0.9, 0.88, 0.87, 0.86, 0.5], 3, 0.05)
    assert (int(best), int(stop)) == (1, 4), f"got ({best}, {stop}), expected (1, 4)"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With patience 1 training stops at the first epoch that does not improve:
  [2.0, 1.5, 1.6, 1.0] gives (1, 2). If the patience never runs out, as for
  [3.0, 2.0, 2.5, 1.0] with patience 2, the stop epoch is the last one: (3, 3).
""" # END TEST CONFIG
def test_early_stopping_patience(early_stopping):
    best, stop = early_stopping([2.0, 1.5, 1.6, 1.0], 1)
    assert (int(best), int(stop)) == (1, 2), f"patience 1: got ({best}, {stop}), expected (1, 2)"
    best, stop = early_stopping([3.0, 2.0, 2.5, 1.0], 2)
    assert (int(best), int(stop)) == (3, 3), f"patience 2: got ({best}, {stop}), expected (3, 3)"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  early_stopping is wrong on unseen noisy validation curves: the best epoch is the
  last improvement before the stop (ties do not improve), and the stop comes after
  exactly `patience` epochs without one.
""" # END TEST CONFIG
def test_early_stopping_hidden_random(early_stopping):
    import numpy as np
    rng = np.random.default_rng(6)
    for trial in range(30):
        n = int(rng.integers(5, 40))
        curve = np.round(1 / (1 + np.arange(n)) + 0.002 * np.arange(n) + rng.normal(0, 0.03, n), 2)
        patience = int(rng.integers(1, 6))
        # reference: epoch e is the stop if the best of epochs [0, e - patience] beats
        # every epoch in (e - patience, e]
        stop, best = n - 1, None
        for e in range(patience, n):
            window = curve[e - patience + 1:e + 1]
            if curve[:e - patience + 1].min() <= window.min():
                stop = e
                break
        seen = curve[:stop + 1]
        best = int(np.flatnonzero(seen == seen.min())[0])  # the first epoch reaching the minimum
        got = early_stopping(curve.tolist(), patience)
        assert (int(got[0]), int(got[1])) == (best, stop), f"curve {curve.tolist()}, patience {patience}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  early_stopping is wrong on unseen hand-made curves: a steadily rising curve
  (epoch 0 is the best), a curve that never stops, and min_delta with ties.
""" # END TEST CONFIG
def test_early_stopping_hidden_cases(early_stopping):
    got = early_stopping([0.5, 0.6, 0.7, 0.8, 0.9], 2)
    assert (int(got[0]), int(got[1])) == (0, 2)
    got = early_stopping([5.0, 4.0, 3.0, 2.0, 1.0], 1)
    assert (int(got[0]), int(got[1])) == (4, 4)
    got = early_stopping([1.0, 0.95, 0.96, 0.8, 0.79, 0.78, 0.77, 0.2], 3, 0.1)
    assert (int(got[0]), int(got[1])) == (3, 6)
    got = early_stopping([1.0, 0.9, 0.9, 0.9, 0.95, 0.5, 0.4], 3)
    assert (int(got[0]), int(got[1])) == (1, 4)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

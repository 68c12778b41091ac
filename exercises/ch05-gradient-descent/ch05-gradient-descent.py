# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch05-gradient-descent
# export_cell: false
# requirements:   # for Gradescope's image: the tests use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 5 exercises: gradient descent and its variants
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch05-gradient-descent.ipynb` checks them all (its exit status is 0
# only when every public test passes).
#
# **What you may use.** numpy and plain Python. Do **not** import `dlbook`, the book's
# own package: the exercises are solved without it, and importing it fails when your
# notebook is checked or graded. The tests use PyTorch (`torch.optim` and
# `torch.optim.lr_scheduler`) to compute the expected answers, so it must be installed,
# but your answers do not need it.
#
# **What is graded.** The checks in this notebook are the public tests. Your
# submission is also graded on hidden tests with inputs you never see (other shapes,
# other hyperparameters, more steps), so write code that is right for every input the
# question allows, not just for the examples.
#
# **Reasoning questions.** Questions 1 to 5 ask you to reason rather than to retype an
# algorithm of the chapter: Question 1 (derive) wants the learning rates of gradient
# descent on a quadratic, Question 2 (predict, design) the noise of a mini-batch
# gradient and the batch size that tames it, Question 3 (debug) a corrected version of a
# buggy training loop, Question 4 (derive) which kind of momentum drew a given
# trajectory, and Question 5 (derive) how long each optimizer's steps are on a
# constant slope, at the start and in the limit. Questions 6 (AdamW, from its
# description) and 7 (learning rates with warm restarts) are coding questions.
#
# **Conventions**, as in the chapter: every optimizer follows `torch.optim`'s
# definition exactly (where each $\epsilon$ goes, how each state starts). Functions take
# and return plain data: numbers, numpy arrays, and lists, tuples or dicts of them.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (derive: the learning rates of gradient descent on a quadratic).**
# Gradient descent $w \leftarrow w - \eta \nabla J(w)$ runs on the quadratic loss
#
# $$J(w) = \tfrac12 (w - w^*)^\top H\, (w - w^*),$$
#
# with $H$ a symmetric positive-definite matrix (a numpy array of shape $(d, d)$, not
# necessarily diagonal). Its error $e = w - w^*$ follows $e \leftarrow (I - \eta H)\,e$.
# Section 5.2 analysed one direction at a time; put the directions together.
#
# 1. `contraction_factor(H, eta)` returns the factor $\rho(\eta)$ by which the error
#    shrinks per step in its worst direction: after many steps
#    $\|e_{k+1}\| \approx \rho\, \|e_k\|$ from a generic start. A value $\ge 1$ means
#    gradient descent does not converge.
# 2. `learning_rate_limits(H)` returns three numbers `(eta_limit, eta_best, rho_best)`:
#    gradient descent converges from every start exactly when $0 < \eta <$ `eta_limit`;
#    `eta_best` is the learning rate with the smallest contraction factor, and
#    `rho_best` that smallest factor.

# %% [raw]
# # BEGIN SOLUTION

# %%
def contraction_factor(H, eta):
    # BEGIN SOLUTION
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    return float(np.max(np.abs(1 - eta * lam)))
    # END SOLUTION


def learning_rate_limits(H):
    # BEGIN SOLUTION
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    lo, hi = lam.min(), lam.max()
    # the best rate balances the flattest and the steepest direction: 1 - eta lo = eta hi - 1
    return 2 / hi, 2 / (lo + hi), (hi - lo) / (hi + lo)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  H = [[3, 1], [1, 3]] has eigenvalues 2 and 4 (its curvatures; its diagonal entries 3
  and 3 are not, unless H is diagonal). Gradient descent converges iff
  |1 - eta lambda| < 1 for every eigenvalue, so eta_limit = 2 / lambda_max = 0.5, not
  1 / lambda_max (that rate only removes the steepest direction in one step). The best
  rate makes the flattest and the steepest direction shrink equally fast,
  1 - eta lambda_min = -(1 - eta lambda_max): eta_best = 1/3, rho_best = 1/3. With
  H = [[2, 1, 0], [1, 2, 0], [0, 0, 5]] (eigenvalues 1, 3, 5): 0.4, 1/3 and 2/3; the
  sum of the extreme eigenvalues is the trace only for a 2x2 matrix.
""" # END TEST CONFIG
def test_limits_by_hand(learning_rate_limits):
    import numpy as np
    for H, expected in [([[3.0, 1.0], [1.0, 3.0]], [0.5, 1 / 3, 1 / 3]),
                        ([[2.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 5.0]], [0.4, 1 / 3, 2 / 3])]:
        got = np.array([float(x) for x in learning_rate_limits(np.array(H))])
        assert got.shape == (3,), f"expected three numbers (eta_limit, eta_best, rho_best), got {got}"
        assert np.allclose(got, expected, rtol=1e-9), f"H = {H}: got {got.tolist()}, expected {np.round(expected, 4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With H = [[3, 1], [1, 3]] (eigenvalues 2 and 4) the factors are max(|1 - 2 eta|,
  |1 - 4 eta|): 0.8 at eta = 0.1, 0.8 at eta = 0.45, 1.4 at eta = 0.6 (divergence),
  1/3 at eta = 1/3. 1 - eta lambda_min alone forgets the steep direction, which
  overshoots once eta > 1 / lambda_max; without the absolute value an overshooting
  direction looks like a fast one.
""" # END TEST CONFIG
def test_contraction_by_hand(contraction_factor):
    import numpy as np
    H = np.array([[3.0, 1.0], [1.0, 3.0]])
    for eta, expected in [(0.1, 0.8), (0.45, 0.8), (0.6, 1.4), (1 / 3, 1 / 3)]:
        got = float(contraction_factor(H, eta))
        assert np.isclose(got, expected, rtol=1e-9), f"eta = {eta:.4g}: got {got}, expected {expected:.4g}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  learning_rate_limits is wrong on unseen Hessians (3x3 and 4x4, not diagonal, one
  with all curvatures equal). Use the extreme eigenvalues of H: eta_limit =
  2 / lambda_max, eta_best = 2 / (lambda_min + lambda_max), rho_best =
  (lambda_max - lambda_min) / (lambda_max + lambda_min).
""" # END TEST CONFIG
def test_limits_hidden(learning_rate_limits):
    import numpy as np
    rng = np.random.default_rng(51)
    for lam in [np.array([0.2, 1.0, 4.0]), np.array([30.0, 1e-3, 0.5, 2.0]), np.array([5.0, 5.0, 5.0])]:
        Q, _ = np.linalg.qr(rng.normal(size=(len(lam), len(lam))))
        H = Q @ np.diag(lam) @ Q.T
        H = (H + H.T) / 2
        lo, hi = lam.min(), lam.max()
        expected = [2 / hi, 2 / (lo + hi), (hi - lo) / (hi + lo)]
        got = [float(x) for x in learning_rate_limits(H)]
        assert np.allclose(got, expected, rtol=1e-8, atol=1e-12), f"eigenvalues {lam.tolist()}: got {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  contraction_factor is wrong on an unseen 3x3 Hessian (not diagonal) for rates below
  the best one, between the best one and the limit, and beyond the limit. It is the
  largest |1 - eta lambda_i| over all eigenvalues: the flattest direction decides for
  small eta, the steepest (overshooting) one for large eta.
""" # END TEST CONFIG
def test_contraction_hidden(contraction_factor):
    import numpy as np
    rng = np.random.default_rng(52)
    lam = np.array([0.5, 2.0, 10.0])
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    H = Q @ np.diag(lam) @ Q.T
    H = (H + H.T) / 2
    for eta in [0.01, 0.1, 0.16, 0.19, 0.25]:
        expected = max(abs(1 - eta * l) for l in lam)
        got = float(contraction_factor(H, eta))
        assert np.isclose(got, expected, rtol=1e-9), f"eta = {eta}: got {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  Edge cases: a 1x1 Hessian [[2.5]] (eta_limit 0.8, eta_best 0.4, rho_best 0: one step
  lands on the minimum) and an ill-conditioned one (condition number 10^4, rho_best =
  (kappa - 1) / (kappa + 1)); contraction_factor at eta_best must equal rho_best.
""" # END TEST CONFIG
def test_rates_hidden_edges(learning_rate_limits, contraction_factor):
    import numpy as np
    got = [float(x) for x in learning_rate_limits(np.array([[2.5]]))]
    assert np.allclose(got, [0.8, 0.4, 0.0], rtol=1e-9, atol=1e-12), f"H = [[2.5]]: got {got}"
    assert abs(float(contraction_factor(np.array([[2.5]]), 0.4))) < 1e-12
    c, s = np.cos(0.3), np.sin(0.3)
    Q = np.array([[c, -s], [s, c]])
    H = Q @ np.diag([1e-2, 1e2]) @ Q.T
    H = (H + H.T) / 2
    kappa = 1e4
    got = [float(x) for x in learning_rate_limits(H)]
    expected = [2 / 1e2, 2 / (1e2 + 1e-2), (kappa - 1) / (kappa + 1)]
    assert np.allclose(got, expected, rtol=1e-8), f"kappa = 1e4: got {got}, expected {expected}"
    assert np.isclose(float(contraction_factor(H, expected[1])), expected[2], rtol=1e-8)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (predict, design: how noisy is a mini-batch gradient?).** The rows of
# `G`, an array of shape $(n, d)$ with $n \ge 2$, are the per-example gradients
# $\nabla L_i$ at the current weights, and $\bar g$ is their mean, the full gradient. A
# mini-batch of $B$ distinct examples is drawn uniformly without replacement (every set
# of $B$ examples equally likely), and $g_B$ is the mean of its rows.
#
# 1. `minibatch_noise(G, B)` predicts the expected squared error
#    $\mathbb E\,\|g_B - \bar g\|^2$, for $1 \le B \le n$, without drawing any batch.
# 2. `smallest_batch(G, tau)` designs the batch size: it returns the smallest
#    $B \in \{1, \dots, n\}$ whose expected squared error is at most `tau` ($\tau \ge 0$).

# %% [raw]
# # BEGIN SOLUTION

# %%
def minibatch_noise(G, B):
    # BEGIN SOLUTION
    G = np.asarray(G, dtype=float)
    n = G.shape[0]
    sigma2 = np.sum((G - G.mean(axis=0)) ** 2) / n   # total variance of the per-example gradients
    return float(sigma2 / B * (n - B) / (n - 1))
    # END SOLUTION


def smallest_batch(G, tau):
    # BEGIN SOLUTION
    n = np.asarray(G).shape[0]
    for B in range(1, n + 1):
        if minibatch_noise(G, B) <= tau:
            return B
    return n
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  minibatch_noise disagrees with the average of ||g_B - g_bar||^2 over every batch of 4
  examples with B = 1, 2 and 4. The error is sigma^2 / B (n - B) / (n - 1), with
  sigma^2 the total variance of the rows (summed over the d coordinates, averaged over
  the n examples, so divided by n, not n - 1). Without the factor (n - B) / (n - 1)
  (drawing with replacement) the full batch B = n would still be noisy.
""" # END TEST CONFIG
def test_noise_by_enumeration(minibatch_noise):
    import itertools
    import numpy as np
    G = np.array([[1.0, 0.0], [3.0, 2.0], [2.0, -2.0], [-2.0, 4.0]])
    g_bar = G.mean(axis=0)
    for B in [1, 2, 4]:
        errors = [np.sum((G[list(b)].mean(axis=0) - g_bar) ** 2) for b in itertools.combinations(range(4), B)]
        got = float(minibatch_noise(G, B))
        assert np.isclose(got, np.mean(errors), rtol=1e-9, atol=1e-12), f"B = {B}: got {got}, expected {np.mean(errors)}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  smallest_batch on 6 examples: for each tau, the answer is the smallest B whose
  expected squared error (measured here over every batch of B examples) is at most
  tau, so the error at B - 1 is above tau. One too large or one too small means an
  off-by-one in the search; a tau at least the error of B = 1 gives 1, tau = 0 gives n.
""" # END TEST CONFIG
def test_smallest_batch_by_enumeration(smallest_batch):
    import itertools
    import numpy as np
    G = np.array([[0.5, 1.0, 0.0], [2.0, -1.0, 1.0], [-1.0, 0.0, 3.0],
                  [1.0, 1.0, 1.0], [0.0, -2.0, 0.5], [3.0, 0.5, -1.0]])
    g_bar = G.mean(axis=0)
    noise = [np.mean([np.sum((G[list(b)].mean(axis=0) - g_bar) ** 2) for b in itertools.combinations(range(6), B)])
             for B in range(1, 7)]
    for B in range(1, 6):
        tau = (noise[B - 1] + noise[B]) / 2   # between the errors of B and B + 1: the answer is B + 1
        got = int(smallest_batch(G, tau))
        assert got == B + 1, f"tau = {tau:.4g}: got {got}, expected {B + 1} (errors by batch size: {np.round(noise, 4).tolist()})"
    assert int(smallest_batch(G, 1.01 * noise[0])) == 1, "a tau above the error of B = 1 needs B = 1"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  minibatch_noise disagrees with the exact average over every batch, for unseen data (8
  examples of 3 coordinates) and every B from 1 to 8.
""" # END TEST CONFIG
def test_noise_hidden_enumeration(minibatch_noise):
    import itertools
    import numpy as np
    rng = np.random.default_rng(53)
    G = rng.normal(size=(8, 3)) * np.array([1.0, 5.0, 0.1]) + np.array([2.0, -1.0, 0.0])
    g_bar = G.mean(axis=0)
    for B in range(1, 9):
        errors = [np.sum((G[list(b)].mean(axis=0) - g_bar) ** 2) for b in itertools.combinations(range(8), B)]
        got = float(minibatch_noise(G, B))
        assert np.isclose(got, np.mean(errors), rtol=1e-9, atol=1e-12), f"B = {B}: got {got}, expected {np.mean(errors)}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  On 300 unseen examples, minibatch_noise or smallest_batch is off. For each tau the
  batch size must be the smallest B with sigma^2 / B (n - B) / (n - 1) <= tau.
""" # END TEST CONFIG
def test_noise_hidden_large(minibatch_noise, smallest_batch):
    import numpy as np
    rng = np.random.default_rng(54)
    n = 300
    G = rng.normal(size=(n, 4)) * np.array([0.5, 2.0, 1.0, 0.01])
    var = G.var(axis=0).sum()   # per coordinate, divided by n; summed over coordinates
    noise = [var * (n - B) / (B * (n - 1)) for B in range(1, n + 1)]
    for B in [1, 7, 150, 299, 300]:
        got = float(minibatch_noise(G, B))
        assert np.isclose(got, noise[B - 1], rtol=1e-9, atol=1e-12), f"n = 300, B = {B}: got {got}, expected {noise[B - 1]}"
    for B in [3, 40, 250]:
        tau = (noise[B - 2] + noise[B - 1]) / 2
        got = int(smallest_batch(G, tau))
        assert got == B, f"n = 300, tau = {tau:.4g}: got B = {got}, expected {B}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  smallest_batch edge cases: tau = 0 needs the whole data set (B = n), a tau larger
  than the error of a single example needs B = 1, and the error must be at most tau
  (a tau equal to the error of B = 1 is met by B = 1).
""" # END TEST CONFIG
def test_smallest_batch_hidden_edges(smallest_batch):
    import numpy as np
    G = np.array([[1.0, 2.0], [3.0, 0.0], [0.0, 0.0], [-2.0, 2.0], [2.0, 1.0]])
    sigma2 = np.sum((G - G.mean(axis=0)) ** 2) / 5
    assert int(smallest_batch(G, 0.0)) == 5, f"tau = 0: got {smallest_batch(G, 0.0)}, expected 5"
    assert int(smallest_batch(G, 10 * sigma2)) == 1, f"tau = 10 sigma^2: got {smallest_batch(G, 10 * sigma2)}, expected 1"
    assert int(smallest_batch(G, sigma2 * (1 + 1e-12))) == 1
    assert int(smallest_batch(G, sigma2 * 0.99)) == 2

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (debug: a mini-batch momentum loop).** A colleague's training loop is
# meant to fit a linear regression $\hat y = X w$ ($X$ of shape $(n, d)$, $y$ of shape
# $(n,)$, $w$ of shape $(d,)$) as follows:
#
# - each epoch visits the rows **in order, without shuffling**, in batches of
#   `batch_size` rows: rows `0:batch_size`, then `batch_size:2*batch_size`, and so on;
#   the last batch is smaller when `batch_size` does not divide $n$, and every example
#   is used once per epoch;
# - on a batch $B$ the loss is the mean squared error
#   $J_B(w) = \frac{1}{|B|} \sum_{i \in B} (x_i^\top w - y_i)^2$, with gradient
#   $g = \frac{2}{|B|} X_B^\top (X_B w - y_B)$;
# - one step of momentum per batch, as `torch.optim.SGD(lr=eta, momentum=mu)` does:
#   $v \leftarrow \mu v + g$, $w \leftarrow w - \eta v$, with the velocity starting at
#   zero before the very first step and carried over from batch to batch and from epoch
#   to epoch;
# - it returns $w$ after `epochs` epochs and does **not modify** its arguments `w`, `X`
#   and `y`.
#
# `buggy_train_momentum` below does not do that. Find every bug, and write
# `train_momentum_fixed` with the same arguments, doing what is described above. Leave
# `buggy_train_momentum` as it is.

# %%
def buggy_train_momentum(w, X, y, eta, mu, batch_size, epochs):
    n = len(y)
    for epoch in range(epochs):
        v = np.zeros_like(w)
        for start in range(0, n - batch_size + 1, batch_size):
            X_B = X[start:start + batch_size]
            y_B = y[start:start + batch_size]
            g = 2 / batch_size * X_B.T @ (X_B @ w - y_B)
            v = mu * v + eta * g
            w -= v
    return w

# %% [raw]
# # BEGIN SOLUTION

# %%
def train_momentum_fixed(w, X, y, eta, mu, batch_size, epochs):
    # BEGIN SOLUTION
    w = np.array(w, dtype=float)              # a copy: the caller's w stays as it was
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n = len(y)
    v = np.zeros_like(w)                      # once, before the first epoch
    for _ in range(epochs):
        for start in range(0, n, batch_size):  # the last, smaller batch too
            X_B, y_B = X[start:start + batch_size], y[start:start + batch_size]
            g = 2 / len(y_B) * X_B.T @ (X_B @ w - y_B)   # the size of this batch
            v = mu * v + g
            w = w - eta * v                   # a new array, not w -= ...
    return w
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Two epochs on 7 examples with batch_size 3 (batches of 3, 3 and 1 rows) do not end
  where torch.optim.SGD(lr=0.05, momentum=0.9) ends on the same batches. The bugs to
  look for: the velocity reset to zero every epoch (it starts at zero once); the last,
  smaller batch skipped; its gradient divided by batch_size instead of its own size
  (1 here).
""" # END TEST CONFIG
def test_fixed_matches_torch(train_momentum_fixed):
    import numpy as np
    import torch
    rng = np.random.default_rng(3)
    X, y, w_0 = rng.normal(size=(7, 3)), rng.normal(size=7), rng.normal(size=3)
    w_t = torch.tensor(w_0, requires_grad=True)
    opt = torch.optim.SGD([w_t], lr=0.05, momentum=0.9)
    for _ in range(2):
        for s in range(0, 7, 3):
            opt.zero_grad()
            ((torch.tensor(X[s:s + 3]) @ w_t - torch.tensor(y[s:s + 3])) ** 2).mean().backward()
            opt.step()
    w = np.asarray(train_momentum_fixed(w_0.copy(), X, y, 0.05, 0.9, 3, 2), dtype=float)
    assert w.shape == (3,), f"shape {w.shape}, expected (3,)"
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"got {w}, expected {w_t.detach().numpy()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On 5 examples in batches of 2 (2, 2 and 1) for 2 epochs, either the result is wrong or
  train_momentum_fixed changed an array it was given (w, X or y). The buggy loop's
  w -= v writes into the caller's array: compute a new array (w = w - ...), or work on
  a copy.
""" # END TEST CONFIG
def test_fixed_leaves_inputs(train_momentum_fixed):
    import numpy as np
    X = np.array([[1.0, 2.0], [0.0, 1.0], [1.0, -1.0], [2.0, 0.5], [-1.0, 1.0]])
    y = np.array([1.0, 0.0, 2.0, -1.0, 0.5])
    w = np.array([0.3, -0.2])
    X_0, y_0, w_0 = X.copy(), y.copy(), w.copy()
    got = np.asarray(train_momentum_fixed(w, X, y, 0.1, 0.5, 2, 2), dtype=float)
    assert np.array_equal(w, w_0), "train_momentum_fixed modified its argument w"
    assert np.array_equal(X, X_0) and np.array_equal(y, y_0), "train_momentum_fixed modified X or y"
    expected, v = w_0.copy(), np.zeros(2)
    for _ in range(2):
        for rows in [[0, 1], [2, 3], [4]]:
            g = sum(2 * (X_0[i] @ expected - y_0[i]) * X_0[i] for i in rows) / len(rows)
            v = 0.5 * v + g
            expected = expected - 0.1 * v
    assert np.allclose(got, expected, rtol=1e-10, atol=1e-12), f"got {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  train_momentum_fixed does not match torch.optim.SGD(momentum=mu) on unseen data:
  other sizes, full-batch (batch_size = n) and single-example (batch_size = 1) runs,
  several epochs. One velocity for the whole run; every batch, the last one too, with
  its gradient averaged over its own rows.
""" # END TEST CONFIG
def test_fixed_hidden_torch(train_momentum_fixed):
    import numpy as np
    import torch
    rng = np.random.default_rng(33)
    for n, d, B, epochs, eta, mu in [(23, 4, 5, 3, 0.02, 0.8), (10, 2, 10, 4, 0.05, 0.5),
                                     (6, 3, 1, 2, 0.03, 0.95), (9, 2, 4, 5, 0.01, 0.9)]:
        X, y, w_0 = rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)
        w_t = torch.tensor(w_0, requires_grad=True)
        opt = torch.optim.SGD([w_t], lr=eta, momentum=mu)
        for _ in range(epochs):
            for s in range(0, n, B):
                opt.zero_grad()
                ((torch.tensor(X[s:s + B]) @ w_t - torch.tensor(y[s:s + B])) ** 2).mean().backward()
                opt.step()
        w = np.asarray(train_momentum_fixed(w_0.copy(), X, y, eta, mu, B, epochs), dtype=float)
        assert np.allclose(w, w_t.detach().numpy(), rtol=1e-9, atol=1e-12), f"n = {n}, batch_size = {B}, epochs = {epochs}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  Ten epochs on 11 examples in batches of 5 (5, 5 and a last batch of 1) do not end where
  they should: the last batch counts, with the gradient of its single example, and the
  velocity carries over between epochs.
""" # END TEST CONFIG
def test_fixed_hidden_partial_batch(train_momentum_fixed):
    import numpy as np
    rng = np.random.default_rng(34)
    X, y, w = rng.normal(size=(11, 2)), rng.normal(size=11), np.zeros(2)
    v = np.zeros(2)
    for _ in range(10):
        for rows in [range(0, 5), range(5, 10), [10]]:
            residual = [X[i] @ w - y[i] for i in rows]
            g = sum(2 * r * X[i] for r, i in zip(residual, rows)) / len(rows)
            v = 0.7 * v + g
            w = w - 0.05 * v
    got = np.asarray(train_momentum_fixed(np.zeros(2), X, y, 0.05, 0.7, 5, 10), dtype=float)
    assert np.allclose(got, w, rtol=1e-9, atol=1e-12), f"got {got}, expected {w}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  On unseen data (9 examples in batches of 4, 3 epochs) the result is wrong, or
  train_momentum_fixed modified w, X or y: it must not write into the arrays it is
  given.
""" # END TEST CONFIG
def test_fixed_hidden_leaves_inputs(train_momentum_fixed):
    import numpy as np
    rng = np.random.default_rng(35)
    X, y, w = rng.normal(size=(9, 3)), rng.normal(size=9), rng.normal(size=3)
    X_0, y_0, w_0 = X.copy(), y.copy(), w.copy()
    got = np.asarray(train_momentum_fixed(w, X, y, 0.02, 0.9, 4, 3), dtype=float)
    assert np.array_equal(w, w_0) and np.array_equal(X, X_0) and np.array_equal(y, y_0), "an input was modified"
    expected, v = w_0.copy(), np.zeros(3)
    for _ in range(3):
        for rows in [[0, 1, 2, 3], [4, 5, 6, 7], [8]]:
            g = sum(2 * (X_0[i] @ expected - y_0[i]) * X_0[i] for i in rows) / len(rows)
            v = 0.9 * v + g
            expected = expected - 0.02 * v
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), f"got {got}, expected {expected}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (derive: which momentum drew this trajectory?).** Someone ran
# `torch.optim.SGD(params, lr=eta, momentum=mu, nesterov=...)`, plain momentum or
# Nesterov's, from a zero velocity, with unknown $\eta > 0$ and $0 < \mu < 1$. You are
# given the weights it visited, `ws` of shape $(T + 1, d)$ (row $k$ is $w_k$, row 0 the
# start), and the gradients it used, `gs` of shape $(T, d)$ (row $k$ is the gradient
# at $w_k$, used for the step from $w_k$ to $w_{k+1}$), with $T \ge 3$ steps.
#
# Write `identify_momentum(ws, gs)` returning `(kind, eta, mu)`, with `kind` the
# string `"momentum"` or `"nesterov"`. Hint: write the first two or three steps
# $w_k - w_{k-1}$ of each method in terms of $\eta$, $\mu$ and the gradients; two steps
# give two equations for the two unknowns of either method.

# %% [raw]
# # BEGIN SOLUTION

# %%
def identify_momentum(ws, gs):
    # BEGIN SOLUTION
    ws, gs = np.asarray(ws, dtype=float), np.asarray(gs, dtype=float)
    steps = ws[1:] - ws[:-1]
    g1, g2 = gs[0], gs[1]
    # momentum:  step 1 = -eta g1,            step 2 = -eta g2 - eta mu g1
    # Nesterov:  step 1 = -eta (1 + mu) g1,   step 2 = -eta (1 + mu) g2 - eta mu^2 g1
    c = -(steps[0] @ g1) / (g1 @ g1)
    a = -((steps[1] + c * g2) @ g1) / (g1 @ g1)
    r = a / c                                    # mu, or mu^2 / (1 + mu) for Nesterov
    mu_n = (r + math.sqrt(r * r + 4 * r)) / 2
    fits = {"momentum": (c, r), "nesterov": (c / (1 + mu_n), mu_n)}

    def misfit(kind, eta, mu):                   # replay every step, keep the worst error
        v, worst = np.zeros_like(g1), 0.0
        for g, step in zip(gs, steps):
            v = mu * v + g
            predicted = -eta * (g + mu * v) if kind == "nesterov" else -eta * v
            worst = max(worst, float(np.max(np.abs(predicted - step))))
        return worst

    kind = min(fits, key=lambda k: misfit(k, *fits[k]))
    return kind, float(fits[kind][0]), float(fits[kind][1])
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A run of plain momentum (torch.optim.SGD(lr=0.1, momentum=0.7)) on a 2-D bowl, 6 steps,
  is not recognised as (momentum, 0.1, 0.7). Its first step is -eta g_1, its second
  -eta (g_2 + mu g_1): eta comes from the first step, mu from the second. The ratio of
  two consecutive steps is not mu (the gradient changed in between).
""" # END TEST CONFIG
def test_identify_momentum_run(identify_momentum):
    import numpy as np
    import torch
    A = np.array([[2.0, 0.5], [0.5, 1.0]])
    w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1, momentum=0.7)
    ws, gs = [w.detach().numpy().copy()], []
    for _ in range(6):
        gs.append(A @ ws[-1])
        w.grad = torch.tensor(gs[-1])
        opt.step()
        ws.append(w.detach().numpy().copy())
    kind, eta, mu = identify_momentum(np.array(ws), np.array(gs))
    assert kind == "momentum", f"kind {kind!r}, expected 'momentum'"
    assert np.isclose(float(eta), 0.1, rtol=1e-6) and np.isclose(float(mu), 0.7, rtol=1e-6), f"(eta, mu) = ({eta}, {mu}), expected (0.1, 0.7)"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A run of Nesterov momentum (torch.optim.SGD(lr=0.05, momentum=0.9, nesterov=True)), 6
  steps, is not recognised as (nesterov, 0.05, 0.9). Its first step is
  -eta (1 + mu) g_1, not -eta g_1, and its second -eta ((1 + mu) g_2 + mu^2 g_1): both
  methods fit the first two steps with some (eta, mu), and only the later steps tell them
  apart.
""" # END TEST CONFIG
def test_identify_nesterov_run(identify_momentum):
    import numpy as np
    import torch
    A = np.array([[1.0, -0.3], [-0.3, 3.0]])
    w = torch.tensor([2.0, 1.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.05, momentum=0.9, nesterov=True)
    ws, gs = [w.detach().numpy().copy()], []
    for _ in range(6):
        gs.append(A @ ws[-1])
        w.grad = torch.tensor(gs[-1])
        opt.step()
        ws.append(w.detach().numpy().copy())
    kind, eta, mu = identify_momentum(np.array(ws), np.array(gs))
    assert kind == "nesterov", f"kind {kind!r}, expected 'nesterov'"
    assert np.isclose(float(eta), 0.05, rtol=1e-6) and np.isclose(float(mu), 0.9, rtol=1e-6), f"(eta, mu) = ({eta}, {mu}), expected (0.05, 0.9)"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  identify_momentum gets the kind, eta or mu of unseen runs wrong (both kinds, mu from
  0.2 to 0.99, 1 to 5 coordinates, 3 to 40 steps, on bowls and on random gradient
  sequences).
""" # END TEST CONFIG
def test_identify_hidden_runs(identify_momentum):
    import numpy as np
    import torch
    rng = np.random.default_rng(44)
    cases = [("nesterov", 0.2, 0.3, 3, 40, "bowl"), ("momentum", 0.01, 0.99, 2, 10, "bowl"),
             ("nesterov", 0.3, 0.5, 1, 5, "random"), ("momentum", 0.5, 0.2, 5, 3, "random"),
             ("nesterov", 0.02, 0.95, 4, 3, "bowl"), ("momentum", 0.07, 0.6, 1, 8, "random")]
    for kind, eta, mu, d, T, source in cases:
        M = rng.normal(size=(d, d))
        A = M @ M.T + 0.5 * np.eye(d)
        w = torch.tensor(rng.normal(size=d), requires_grad=True)
        opt = torch.optim.SGD([w], lr=eta, momentum=mu, nesterov=kind == "nesterov")
        ws, gs = [w.detach().numpy().copy()], []
        for _ in range(T):
            gs.append(A @ ws[-1] if source == "bowl" else rng.normal(size=d))
            w.grad = torch.tensor(gs[-1])
            opt.step()
            ws.append(w.detach().numpy().copy())
        got = identify_momentum(np.array(ws), np.array(gs))
        assert got[0] == kind, f"a {kind} run ({d} coordinates, {T} steps) identified as {got[0]!r}"
        assert np.isclose(float(got[1]), eta, rtol=1e-6) and np.isclose(float(got[2]), mu, rtol=1e-6), \
            f"a {kind} run with (eta, mu) = ({eta}, {mu}): got ({got[1]}, {got[2]})"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  identify_momentum is wrong on unseen runs of exactly 3 steps, the fewest allowed: the
  first two steps give (eta, mu) for either kind, the third decides which kind it is.
""" # END TEST CONFIG
def test_identify_hidden_three_steps(identify_momentum):
    import numpy as np
    import torch
    rng = np.random.default_rng(45)
    for kind, eta, mu in [("momentum", 0.3, 0.4), ("nesterov", 0.1, 0.8), ("nesterov", 1.5, 0.1), ("momentum", 0.02, 0.9)]:
        w = torch.tensor(rng.normal(size=3), requires_grad=True)
        opt = torch.optim.SGD([w], lr=eta, momentum=mu, nesterov=kind == "nesterov")
        ws, gs = [w.detach().numpy().copy()], []
        for _ in range(3):
            gs.append(rng.normal(size=3))
            w.grad = torch.tensor(gs[-1])
            opt.step()
            ws.append(w.detach().numpy().copy())
        got = identify_momentum(np.array(ws), np.array(gs))
        assert got[0] == kind and np.isclose(float(got[1]), eta, rtol=1e-6) and np.isclose(float(got[2]), mu, rtol=1e-6), \
            f"a 3-step {kind} run with (eta, mu) = ({eta}, {mu}): got {tuple(got)}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (derive: the steps of each optimizer on a constant slope).** One weight
# $w$ descends the loss $J(w) = g\, w$ with a constant slope $g > 0$, so every gradient
# is $g$ and every step moves $w$ down by some length $s_t = w_{t-1} - w_t > 0$. Each
# optimizer starts from its `torch.optim` initial state (all running sums zero). Write
# `slope_steps(optimizer, g, eta, hp)` returning `(first, limit)`: the length $s_1$ of
# the first step and the limit $\lim_{t \to \infty} s_t$, both in closed form (a
# simulation cannot reach some of these limits). `eta` is the learning rate, `hp` a dict
# of the other hyperparameters under `torch.optim`'s names:
#
# | `optimizer` | `torch.optim` | `hp` |
# |---|---|---|
# | `"sgd"` | `SGD(lr=eta)` | `{}` |
# | `"momentum"` | `SGD(lr=eta, momentum=mu)` | `{"momentum": mu}` |
# | `"nesterov"` | `SGD(lr=eta, momentum=mu, nesterov=True)` | `{"momentum": mu}` |
# | `"adagrad"` | `Adagrad(lr=eta, eps=eps)` | `{"eps": eps}` |
# | `"rmsprop"` | `RMSprop(lr=eta, alpha=alpha, eps=eps)` | `{"alpha": alpha, "eps": eps}` |
# | `"adadelta"` | `Adadelta(lr=eta, rho=rho, eps=eps)` | `{"rho": rho, "eps": eps}` |
# | `"adam"` | `Adam(lr=eta, betas=(beta1, beta2), eps=eps)` | `{"betas": (beta1, beta2), "eps": eps}` |
#
# Keep $\epsilon$ exactly where `torch.optim` puts it (section 5.11): the tests choose
# values where it matters. For Adadelta, find the step length that the recursion keeps
# unchanged once its averages have settled.

# %% [raw]
# # BEGIN SOLUTION

# %%
def slope_steps(optimizer, g, eta, hp):
    # BEGIN SOLUTION
    if optimizer == "sgd":
        return eta * g, eta * g
    if optimizer == "momentum":
        mu = hp["momentum"]
        return eta * g, eta * g / (1 - mu)                 # v_t -> g / (1 - mu)
    if optimizer == "nesterov":
        mu = hp["momentum"]
        return eta * (1 + mu) * g, eta * g / (1 - mu)      # g + mu v_t -> g / (1 - mu)
    if optimizer == "adagrad":
        return eta * g / (g + hp["eps"]), 0.0              # g / (sqrt(t) g + eps) -> 0
    if optimizer == "rmsprop":
        alpha, eps = hp["alpha"], hp["eps"]
        return eta * g / (math.sqrt(1 - alpha) * g + eps), eta * g / (g + eps)
    if optimizer == "adadelta":
        rho, eps = hp["rho"], hp["eps"]
        # a fixed point: s = g^2, u = Delta^2, Delta = sqrt(Delta^2 + eps) / sqrt(g^2 + eps) g gives Delta = g
        return eta * math.sqrt(eps) * g / math.sqrt((1 - rho) * g * g + eps), eta * g
    if optimizer == "adam":
        return eta * g / (g + hp["eps"]), eta * g / (g + hp["eps"])   # m_hat = g, v_hat = g^2 at every t
    raise ValueError(optimizer)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A first step is wrong (g = 0.5, eta = 0.1). Expected: SGD and momentum eta g = 0.05;
  Nesterov eta (1 + mu) g = 0.095 (its look-ahead term counts from the first step);
  Adagrad eta g / (g + eps); RMSprop eta g / (sqrt(1 - alpha) g + eps) = about 0.98, ten
  times Adam's, because RMSprop has no bias correction; Adadelta
  eta sqrt(eps) g / sqrt((1 - rho) g^2 + eps), tiny; Adam eta g / (g + eps) (with bias
  correction m_hat = g, v_hat = g^2).
""" # END TEST CONFIG
def test_first_steps_by_hand(slope_steps):
    import numpy as np
    g, eta = 0.5, 0.1
    cases = {
        "sgd": ({}, 0.05),
        "momentum": ({"momentum": 0.9}, 0.05),
        "nesterov": ({"momentum": 0.9}, 0.095),
        "adagrad": ({"eps": 0.1}, 0.1 * 0.5 / 0.6),
        "rmsprop": ({"alpha": 0.99, "eps": 1e-3}, 0.1 * 0.5 / (0.1 * 0.5 + 1e-3)),
        "adadelta": ({"rho": 0.9, "eps": 1e-6}, 0.1 * 1e-3 * 0.5 / np.sqrt(0.1 * 0.25 + 1e-6)),
        "adam": ({"betas": (0.9, 0.999), "eps": 1e-2}, 0.1 * 0.5 / 0.51),
    }
    for name, (hp, expected) in cases.items():
        first = float(slope_steps(name, g, eta, hp)[0])
        assert np.isclose(first, expected, rtol=1e-9), f"{name}: first step {first}, expected {expected:.6g}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A limit is wrong (g = 0.5, eta = 0.1). Expected: SGD 0.05; momentum and Nesterov both
  eta g / (1 - mu) = 0.5 (the velocity tends to g / (1 - mu)); Adagrad 0 (its sum of
  squares grows without bound, so its steps shrink like 1 / sqrt(t)); RMSprop and Adam
  eta g / (g + eps), eps added after the square root; Adadelta eta g = 0.05: the only
  step length its recursion keeps is Delta = g, however slowly it gets there.
""" # END TEST CONFIG
def test_limits_by_hand(slope_steps):
    import numpy as np
    g, eta = 0.5, 0.1
    cases = {
        "sgd": ({}, 0.05),
        "momentum": ({"momentum": 0.9}, 0.5),
        "nesterov": ({"momentum": 0.9}, 0.5),
        "adagrad": ({"eps": 0.1}, 0.0),
        "rmsprop": ({"alpha": 0.99, "eps": 1e-3}, 0.1 * 0.5 / 0.501),
        "adadelta": ({"rho": 0.9, "eps": 1e-6}, 0.05),
        "adam": ({"betas": (0.9, 0.999), "eps": 1e-2}, 0.1 * 0.5 / 0.51),
    }
    for name, (hp, expected) in cases.items():
        limit = float(slope_steps(name, g, eta, hp)[1])
        assert np.isclose(limit, expected, rtol=1e-9, atol=1e-12), f"{name}: limit {limit}, expected {expected:.6g}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  A first step differs from the first step torch.optim takes on an unseen slope (a steep
  one, g = 2, and a gentle one, g = 0.003, where eps is not negligible).
""" # END TEST CONFIG
def test_first_steps_hidden_torch(slope_steps):
    import numpy as np
    import torch
    make = {"sgd": lambda p, eta, hp: torch.optim.SGD(p, lr=eta),
            "momentum": lambda p, eta, hp: torch.optim.SGD(p, lr=eta, momentum=hp["momentum"]),
            "nesterov": lambda p, eta, hp: torch.optim.SGD(p, lr=eta, momentum=hp["momentum"], nesterov=True),
            "adagrad": lambda p, eta, hp: torch.optim.Adagrad(p, lr=eta, eps=hp["eps"]),
            "rmsprop": lambda p, eta, hp: torch.optim.RMSprop(p, lr=eta, alpha=hp["alpha"], eps=hp["eps"]),
            "adadelta": lambda p, eta, hp: torch.optim.Adadelta(p, lr=eta, rho=hp["rho"], eps=hp["eps"]),
            "adam": lambda p, eta, hp: torch.optim.Adam(p, lr=eta, betas=hp["betas"], eps=hp["eps"])}
    settings = [(2.0, 0.03, {"momentum": 0.5, "eps": 1e-10, "alpha": 0.9, "rho": 0.5, "betas": (0.8, 0.95)}),
                (0.003, 0.5, {"momentum": 0.99, "eps": 1e-4, "alpha": 0.5, "rho": 0.99, "betas": (0.5, 0.9)})]
    keys = {"sgd": [], "momentum": ["momentum"], "nesterov": ["momentum"], "adagrad": ["eps"],
            "rmsprop": ["alpha", "eps"], "adadelta": ["rho", "eps"], "adam": ["betas", "eps"]}
    for g, eta, all_hp in settings:
        for name, build in make.items():
            hp = {k: all_hp[k] for k in keys[name]}
            w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
            opt = build([w], eta, hp)
            w.grad = torch.tensor([g], dtype=torch.float64)
            opt.step()
            first = float(slope_steps(name, g, eta, hp)[0])
            assert np.isclose(first, -w.item(), rtol=1e-9), f"{name}, g = {g}: first step {first}, torch's {-w.item()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  A limit is wrong on an unseen slope (g = 2 or g = 0.003, other hyperparameters; the
  Adadelta limit is also checked against a long run that converges quickly there).
""" # END TEST CONFIG
def test_limits_hidden(slope_steps):
    import numpy as np
    for g, eta, mu, eps, alpha, rho, betas in [(2.0, 0.03, 0.5, 0.5, 0.9, 0.5, (0.8, 0.95)),
                                               (0.003, 0.5, 0.99, 1e-4, 0.5, 0.99, (0.5, 0.9))]:
        expected = {"sgd": ({}, eta * g),
                    "momentum": ({"momentum": mu}, eta * g / (1 - mu)),
                    "nesterov": ({"momentum": mu}, eta * g / (1 - mu)),
                    "adagrad": ({"eps": eps}, 0.0),
                    "rmsprop": ({"alpha": alpha, "eps": eps}, eta * g / (g + eps)),
                    "adadelta": ({"rho": rho, "eps": eps}, eta * g),
                    "adam": ({"betas": betas, "eps": eps}, eta * g / (g + eps))}
        for name, (hp, limit) in expected.items():
            got = float(slope_steps(name, g, eta, hp)[1])
            assert np.isclose(got, limit, rtol=1e-9, atol=1e-13), f"{name}, g = {g}: limit {got}, expected {limit:.6g}"
    # Adadelta with eps much larger than g^2 settles within a few thousand steps: check the limit by running it
    g, eta, rho, eps = 0.1, 0.7, 0.5, 1.0
    s = u = 0.0
    for _ in range(3000):
        s = rho * s + (1 - rho) * g * g
        delta = np.sqrt(u + eps) / np.sqrt(s + eps) * g
        u = rho * u + (1 - rho) * delta * delta
    got = float(slope_steps("adadelta", g, eta, {"rho": rho, "eps": eps})[1])
    assert np.isclose(got, eta * delta, rtol=1e-6), f"adadelta, g = 0.1, eps = 1: limit {got}, a long run settles at {eta * delta}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (AdamW, from its description, over a dict of parameters).** A model's
# parameters are a dict of numpy arrays, for example `{"W": W, "b": b}`, of any shapes,
# and its gradients a dict with the same keys and shapes. AdamW (Loshchilov and Hutter,
# 2019) trains them like Adam, with one difference in how it applies weight decay
# $\lambda$. Adam with weight decay adds $\lambda w$ to the gradient, so the decay then
# goes through the moment estimates and the per-coordinate scaling. AdamW leaves the
# gradient alone: its moment estimates, their bias correction (by the number of the
# step, 1 for the first) and its step with $\epsilon$ added after the square root are
# exactly Adam's, computed from the loss gradient only. Separately, on every step, each
# weight is shrunk in proportion to its value *before* the step: by $\eta \lambda$ times
# that value. It is `torch.optim.AdamW(params, lr=eta, betas=(beta1, beta2), eps=eps,
# weight_decay=lam)`.
#
# Write `adamw_step(params, grads, state, eta, betas, eps, weight_decay)` returning
# `(new_params, new_state)`: `new_params` a dict with the same keys, the parameters
# after one step. The optimizer's state is yours to design: `state` is `None` before the
# first step, and afterwards whatever your previous call returned as `new_state` (made
# of plain data: numbers, arrays, lists, tuples, dicts), which the caller hands back
# unchanged. Do **not modify** `params`, `grads` or `state`: return new arrays and a new
# state.

# %% [raw]
# # BEGIN SOLUTION

# %%
def adamw_step(params, grads, state, eta, betas, eps, weight_decay):
    # BEGIN SOLUTION
    beta1, beta2 = betas
    if state is None:
        state = {"t": 0, "m": {k: np.zeros(np.shape(p)) for k, p in params.items()},
                 "v": {k: np.zeros(np.shape(p)) for k, p in params.items()}}
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for k, p in params.items():
        w, g = np.asarray(p, dtype=float), np.asarray(grads[k], dtype=float)
        m_new[k] = beta1 * state["m"][k] + (1 - beta1) * g
        v_new[k] = beta2 * state["v"][k] + (1 - beta2) * g**2
        m_hat = m_new[k] / (1 - beta1**t)
        v_hat = v_new[k] / (1 - beta2**t)
        new_params[k] = w - eta * weight_decay * w - eta * m_hat / (np.sqrt(v_hat) + eps)
    return new_params, {"t": t, "m": m_new, "v": v_new}
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The first step is wrong. From state None, with bias correction m_hat = g and v_hat =
  g^2, so each weight w becomes w - eta lam w - eta g / (|g| + eps): here
  0.95 w - 0.1 g / (|g| + 1e-8). Adding lam w to the gradient (Adam's coupled weight
  decay) moves every weight by 0.1 in the direction of g + lam w instead; no bias
  correction gives steps of about 0.316; eps inside the square root shrinks the step of
  the tiny gradient -1e-6 to about 0.001; shrinking the weights after the Adam step
  (instead of in proportion to their value before it) is off by eta^2 lam; a step count
  starting at 0 divides by 1 - beta^0 = 0.
""" # END TEST CONFIG
def test_adamw_first_step(adamw_step):
    import numpy as np
    params = {"W": np.array([[1.0, -2.0], [0.5, 4.0]]), "b": np.array([0.3, -0.1, 2.0])}
    grads = {"W": np.array([[3.0, -1e-6], [-250.0, 0.5]]), "b": np.array([0.02, -7.0, 1.0])}
    new, _ = adamw_step(params, grads, None, 0.1, (0.9, 0.999), 1e-8, 0.5)
    assert sorted(new) == ["W", "b"], f"new_params has keys {sorted(new)}, expected ['W', 'b']"
    for k in params:
        got = np.asarray(new[k], dtype=float)
        expected = 0.95 * params[k] - 0.1 * grads[k] / (np.abs(grads[k]) + 1e-8)
        assert got.shape == params[k].shape, f"{k}: shape {got.shape}, expected {params[k].shape}"
        assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), f"{k}: got {got.tolist()}, expected {expected.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The second step is wrong (two different gradients, betas = (0.5, 0.8), eps = 1e-3,
  lam = 0.2): the state must carry m and v from the first step, and the step count must
  advance, so that the second step is bias-corrected by 1 - beta^2, not 1 - beta^1.
""" # END TEST CONFIG
def test_adamw_two_steps(adamw_step):
    import numpy as np
    eta, b1, b2, eps, lam = 0.05, 0.5, 0.8, 1e-3, 0.2
    w0, g1, g2 = np.array([1.0, -3.0, 0.2]), np.array([0.5, 2.0, -0.01]), np.array([-1.0, 1.5, 0.03])
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2
    w1 = w0 - eta * lam * w0 - eta * (m1 / (1 - b1)) / (np.sqrt(v1 / (1 - b2)) + eps)
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2**2
    w2 = w1 - eta * lam * w1 - eta * (m2 / (1 - b1**2)) / (np.sqrt(v2 / (1 - b2**2)) + eps)
    p1, state = adamw_step({"w": w0.copy()}, {"w": g1.copy()}, None, eta, (b1, b2), eps, lam)
    assert np.allclose(np.asarray(p1["w"], dtype=float), w1, rtol=1e-9), f"after step 1: {p1['w']}, expected {w1}"
    p2, _ = adamw_step({"w": np.asarray(p1["w"], dtype=float)}, {"w": g2.copy()}, state, eta, (b1, b2), eps, lam)
    assert np.allclose(np.asarray(p2["w"], dtype=float), w2, rtol=1e-9), f"after step 2: {p2['w']}, expected {w2}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  adamw_step modified what it was given: params or grads changed, or the same call
  (same params, grads and state) gave two different answers because the first call
  wrote into the state. Return new arrays and a new state (p = p - ..., not p -= ...).
""" # END TEST CONFIG
def test_adamw_leaves_inputs(adamw_step):
    import numpy as np
    params = {"W": np.array([[1.0, 2.0], [-1.0, 0.5]]), "b": np.array([0.1])}
    g1 = {"W": np.array([[0.2, -0.4], [1.0, 0.0]]), "b": np.array([3.0])}
    g2 = {"W": np.array([[-0.1, 0.3], [0.5, 2.0]]), "b": np.array([-1.0])}
    p1, s1 = adamw_step(params, g1, None, 0.01, (0.9, 0.99), 1e-8, 0.1)
    assert np.array_equal(params["W"], [[1.0, 2.0], [-1.0, 0.5]]) and np.array_equal(params["b"], [0.1]), "params were modified"
    assert np.array_equal(g1["W"], [[0.2, -0.4], [1.0, 0.0]]) and np.array_equal(g1["b"], [3.0]), "grads were modified"
    p1 = {k: np.asarray(v, dtype=float) for k, v in p1.items()}
    p1_copy = {k: v.copy() for k, v in p1.items()}
    first, _ = adamw_step(p1, g2, s1, 0.01, (0.9, 0.99), 1e-8, 0.1)
    first = {k: np.array(v, dtype=float) for k, v in first.items()}
    again, _ = adamw_step(p1, g2, s1, 0.01, (0.9, 0.99), 1e-8, 0.1)
    assert all(np.array_equal(p1[k], p1_copy[k]) for k in p1), "params were modified on the second step"
    assert all(np.array_equal(first[k], np.asarray(again[k], dtype=float)) for k in first), \
        "the same step from the same state gave two different answers: the state was modified in place"

# %%
""" # BEGIN TEST CONFIG
points: 2
hidden: true
failure_message: >-
  adamw_step drifts away from torch.optim.AdamW over 30 steps on unseen runs: three
  parameters of different shapes with gradients of very different sizes (some tiny),
  four settings of (eta, betas, eps, weight_decay), including beta1 = 0 and no weight
  decay. Every parameter is compared with torch's after every step.
""" # END TEST CONFIG
def test_adamw_hidden_beside_torch(adamw_step):
    import numpy as np
    import torch
    rng = np.random.default_rng(66)
    shapes = {"W": (3, 2), "b": (4,), "gain": (1,)}
    scales = {"W": 1.0, "b": 1e-4, "gain": 50.0}
    settings = [(1e-3, (0.9, 0.999), 1e-8, 1e-2), (0.05, (0.5, 0.9), 1e-3, 0.3),
                (0.01, (0.0, 0.99), 1e-6, 0.0), (0.1, (0.8, 0.8), 1e-2, 1.0)]
    for eta, betas, eps, lam in settings:
        params = {k: rng.normal(size=s) for k, s in shapes.items()}
        tensors = {k: torch.tensor(p, requires_grad=True) for k, p in params.items()}
        opt = torch.optim.AdamW(list(tensors.values()), lr=eta, betas=betas, eps=eps, weight_decay=lam)
        state = None
        for t in range(1, 31):
            grads = {k: scales[k] * rng.normal(size=s) for k, s in shapes.items()}
            for k, p in tensors.items():
                p.grad = torch.tensor(grads[k])
            opt.step()
            params, state = adamw_step(params, grads, state, eta, betas, eps, lam)
            params = {k: np.asarray(params[k], dtype=float) for k in shapes}
            for k, p in tensors.items():
                assert np.allclose(params[k], p.detach().numpy(), rtol=1e-9, atol=1e-12), \
                    f"(eta, betas, eps, weight_decay) = {(eta, betas, eps, lam)}: {k} differs from torch's at step {t}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  adamw_step modified its inputs on an unseen run (params, grads, or the state handed
  back to it, checked by taking the same step twice from the same state).
""" # END TEST CONFIG
def test_adamw_hidden_leaves_inputs(adamw_step):
    import numpy as np
    rng = np.random.default_rng(67)
    params = {"a": rng.normal(size=(2, 3)), "c": rng.normal(size=5)}
    state = None
    for _ in range(4):
        grads = {k: rng.normal(size=p.shape) for k, p in params.items()}
        before = {k: p.copy() for k, p in params.items()}
        grads_before = {k: g.copy() for k, g in grads.items()}
        new, new_state = adamw_step(params, grads, state, 0.02, (0.7, 0.9), 1e-5, 0.05)
        new = {k: np.array(v, dtype=float) for k, v in new.items()}
        again, _ = adamw_step(params, grads, state, 0.02, (0.7, 0.9), 1e-5, 0.05)
        assert all(np.array_equal(params[k], before[k]) for k in params), "params were modified"
        assert all(np.array_equal(grads[k], grads_before[k]) for k in grads), "grads were modified"
        assert all(np.array_equal(new[k], np.asarray(again[k], dtype=float)) for k in new), "the state was modified in place"
        params, state = {k: np.asarray(v, dtype=float) for k, v in new.items()}, new_state

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q7

# %% [markdown]
# **Question 7 (cosine annealing with warm restarts).** SGDR (Loshchilov and Hutter,
# 2017) repeats section 5.12's cosine annealing in cycles. The first cycle lasts $T_0$
# steps, each later cycle $T_\text{mult}$ times as long as the one before (an integer
# $T_\text{mult} \ge 1$). Within a cycle of length $T_i$, at step $t_\text{cur} = 0, 1,
# \dots, T_i - 1$ of that cycle, the rate is
#
# $$\eta = \eta_\min + \frac{\eta_\max - \eta_\min}{2}\Big(1 + \cos\frac{\pi\,
# t_\text{cur}}{T_i}\Big),$$
#
# so each cycle starts at $\eta_\max$, falls towards $\eta_\min$, and the next cycle
# restarts at $\eta_\max$. Write `sgdr_lr(t, eta_max, eta_min, T_0, T_mult)` returning
# the learning rate at step $t = 0, 1, 2, \dots$: what
# `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0, T_mult, eta_min)` sets
# after $t$ calls of `scheduler.step()`, with `lr=eta_max`.

# %% [raw]
# # BEGIN SOLUTION

# %%
def sgdr_lr(t, eta_max, eta_min, T_0, T_mult):
    # BEGIN SOLUTION
    T_i = T_0
    while t >= T_i:       # skip whole cycles
        t -= T_i
        T_i *= T_mult
    return eta_min + (eta_max - eta_min) / 2 * (1 + math.cos(math.pi * t / T_i))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Cycles of constant length (T_0 = 4, T_mult = 1, eta_max = 1, eta_min = 0): the rates at
  t = 0..8 are 1, 0.854, 0.5, 0.146, then the restart: 1 again at t = 4 and t = 8. A
  schedule that reaches eta_min = 0 at t = 4 makes each cycle one step too long (t_cur
  runs from 0 to T_i - 1); one that keeps falling has no restart.
""" # END TEST CONFIG
def test_sgdr_by_hand(sgdr_lr):
    import numpy as np
    got = np.array([float(sgdr_lr(t, 1.0, 0.0, 4, 1)) for t in range(9)])
    c = np.sqrt(0.5) / 2
    expected = np.array([1.0, 0.5 + c, 0.5, 0.5 - c] * 2 + [1.0])
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12), f"got {got.round(4).tolist()}, expected {expected.round(4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Growing cycles (T_0 = 2, T_mult = 2: cycles of 2, 4, 8 steps, restarts at t = 2, 6, 14)
  do not match torch's CosineAnnealingWarmRestarts for t = 0..15. The first cycle has
  length T_0, the next T_0 T_mult, then T_0 T_mult^2.
""" # END TEST CONFIG
def test_sgdr_growing_cycles(sgdr_lr):
    import torch
    from torch.optim import lr_scheduler as L
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.1)
    sched = L.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=0.1)
    for t in range(16):
        expected = opt.param_groups[0]["lr"]
        got = float(sgdr_lr(t, 1.1, 0.1, 2, 2))
        assert abs(got - expected) < 1e-10, f"t = {t}: got {got}, torch has {expected}"
        opt.step()
        sched.step()

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sgdr_lr does not match torch's CosineAnnealingWarmRestarts for unseen settings
  (T_0 = 1, T_mult = 3; constant cycles of 7; T_0 = 3, T_mult = 2) over 120 steps.
""" # END TEST CONFIG
def test_sgdr_hidden_torch(sgdr_lr):
    import torch
    from torch.optim import lr_scheduler as L
    for eta_max, eta_min, T_0, T_mult in [(0.5, 0.0, 1, 3), (0.1, 0.01, 7, 1), (2.0, 0.5, 3, 2)]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=eta_max)
        sched = L.CosineAnnealingWarmRestarts(opt, T_0=T_0, T_mult=T_mult, eta_min=eta_min)
        for t in range(121):
            got = float(sgdr_lr(t, eta_max, eta_min, T_0, T_mult))
            assert abs(got - opt.param_groups[0]["lr"]) < 1e-10 * eta_max, (eta_max, eta_min, T_0, T_mult, t)
            opt.step()
            sched.step()

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sgdr_lr is wrong deep into a run (T_0 = 5, T_mult = 3, up to t = 3000, across six
  restarts), or right after a restart: check which cycle t falls in.
""" # END TEST CONFIG
def test_sgdr_hidden_long_run(sgdr_lr):
    import torch
    from torch.optim import lr_scheduler as L
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.3)
    sched = L.CosineAnnealingWarmRestarts(opt, T_0=5, T_mult=3, eta_min=0.003)
    for t in range(3001):
        if t % 7 == 0 or t in (5, 20, 65, 200, 605, 1820):
            got = float(sgdr_lr(t, 0.3, 0.003, 5, 3))
            assert abs(got - opt.param_groups[0]["lr"]) < 1e-11, f"t = {t}: got {got}, torch has {opt.param_groups[0]['lr']}"
        opt.step()
        sched.step()

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

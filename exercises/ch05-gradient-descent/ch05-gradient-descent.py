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
# Fill in every `...`, run the notebook top to bottom, and check each answer with
# `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch05-gradient-descent.ipynb` checks them all. Use numpy only (the
# tests use PyTorch to compute the expected answers, so it must be installed).
#
# The checks in this notebook are the public tests. Your submission is also graded
# on hidden tests that run your functions for many steps on values you never see and
# compare every step with `torch.optim`, so follow each definition exactly.
#
# Every optimizer question asks for **one step** as a function of plain arrays: the
# parameters `w`, the gradient `g` at `w`, and the optimizer's state (for example a
# velocity `v`), all numpy arrays of the same (any) shape. It returns the new
# parameters and the new state, as new arrays: do not modify the arrays you are
# given. All operations on arrays are element-wise.

# %%
import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (mini-batch stochastic gradient descent).** Fit a linear regression
# $\hat y = X w$ with mini-batch SGD. On a batch $B$ of examples the loss is the mean
# squared error and its gradient is
#
# $$J_B(w) = \frac{1}{|B|} \sum_{i \in B} \big(x_i^\top w - y_i\big)^2, \qquad
# \nabla J_B(w) = \frac{2}{|B|}\, X_B^\top \big(X_B w - y_B\big).$$
#
# Write `minibatch_sgd(w, X, y, eta, batch_size, epochs)`: `X` has shape $(n, d)$,
# `y` shape $(n,)$, `w` shape $(d,)$ (the starting point). Each epoch visits the
# examples **in order, without shuffling**: rows `0:batch_size`, then
# `batch_size:2*batch_size`, and so on; the last batch is smaller when `batch_size`
# does not divide $n$. After each batch take one step $w \leftarrow w - \eta\,\nabla
# J_B(w)$. Return $w$ after `epochs` epochs.

# %% [raw]
# # BEGIN SOLUTION

# %%
def minibatch_sgd(w, X, y, eta, batch_size, epochs):
    w = np.array(w, dtype=float)  # a copy: the caller's w stays as it was
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    # BEGIN SOLUTION
    n = len(y)
    for _ in range(epochs):
        for start in range(0, n, batch_size):
            X_B, y_B = X[start:start + batch_size], y[start:start + batch_size]
            grad = 2 / len(y_B) * X_B.T @ (X_B @ w - y_B)
            w = w - eta * grad
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
  By hand, with X = [[1, 2], [0, 1], [1, -1]], y = [1, 0, 2], w = [0, 0], eta = 0.1 and
  batch_size = 2: the first batch (rows 0 and 1) has gradient (2/2) X_B^T (X_B w - y_B) =
  [-1, -2], so w = [0.1, 0.2]; the second batch is row 2 alone, residual -2.1, gradient
  [-4.2, 4.2], so w = [0.52, -0.22]. Getting [0.1, 0.2] means the last, smaller batch
  was skipped; [0.64, -0.04] means you summed instead of averaging over the batch;
  dividing the last batch's gradient by batch_size instead of its own size (1) is
  wrong too. Take one step per batch, not one per epoch.
""" # END TEST CONFIG
def test_sgd_by_hand(minibatch_sgd):
    import numpy as np
    X = np.array([[1.0, 2.0], [0.0, 1.0], [1.0, -1.0]])
    y = np.array([1.0, 0.0, 2.0])
    w = np.asarray(minibatch_sgd(np.zeros(2), X, y, 0.1, 2, 1), dtype=float)
    assert w.shape == (2,), f"shape {w.shape}, expected (2,)"
    assert np.allclose(w, [0.52, -0.22], rtol=1e-12, atol=1e-12), f"got {w}, expected [0.52, -0.22]"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Three epochs on 7 examples with batch_size 3 (batches of 3, 3 and 1) do not match
  torch.optim.SGD minimizing the batch mean of (x^T w - y)^2 on the same batches.
  Check the factor 2 and the 1/|B| of the gradient (|B| is the size of the batch at
  hand), and that you take one step per batch.
""" # END TEST CONFIG
def test_sgd_matches_torch(minibatch_sgd):
    import numpy as np
    import torch
    rng = np.random.default_rng(5)
    X, y, w_0 = rng.normal(size=(7, 3)), rng.normal(size=7), rng.normal(size=3)
    w_t = torch.tensor(w_0, requires_grad=True)
    opt = torch.optim.SGD([w_t], lr=0.05)
    for _ in range(3):
        for s in range(0, 7, 3):
            opt.zero_grad()
            ((torch.tensor(X[s:s + 3]) @ w_t - torch.tensor(y[s:s + 3])) ** 2).mean().backward()
            opt.step()
    w = np.asarray(minibatch_sgd(w_0.copy(), X, y, 0.05, 3, 3), dtype=float)
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"got {w}, expected {w_t.detach().numpy()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  batch_size = n must be full-batch gradient descent (one step per epoch on the mean
  gradient of all examples), and minibatch_sgd must not change the w it is given.
""" # END TEST CONFIG
def test_sgd_full_batch(minibatch_sgd):
    import numpy as np
    X = np.array([[1.0, 0.5], [2.0, -1.0], [0.0, 1.0], [1.0, 1.0]])
    y = np.array([1.0, -1.0, 2.0, 0.5])
    w_0 = np.array([0.3, -0.2])
    w = np.asarray(minibatch_sgd(w_0, X, y, 0.1, 4, 5), dtype=float)
    assert np.array_equal(w_0, [0.3, -0.2]), "minibatch_sgd modified its input w"
    expected = w_0.copy()
    for _ in range(5):
        expected = expected - 0.1 * 2 / 4 * X.T @ (X @ expected - y)
    assert np.allclose(w, expected, rtol=1e-12), f"got {w}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  minibatch_sgd does not match torch.optim.SGD on unseen data (other sizes, a last
  batch of another size, several epochs). The gradient of a batch is
  2 / |B| X_B^T (X_B w - y_B), with |B| the number of rows in that batch.
""" # END TEST CONFIG
def test_sgd_hidden_torch(minibatch_sgd):
    import numpy as np
    import torch
    rng = np.random.default_rng(2024)
    for n, d, B, epochs, eta in [(23, 4, 5, 1, 0.03), (9, 2, 4, 2, 0.1), (5, 3, 1, 1, 0.02)]:
        X, y, w_0 = rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)
        w_t = torch.tensor(w_0, requires_grad=True)
        opt = torch.optim.SGD([w_t], lr=eta)
        for _ in range(epochs):
            for s in range(0, n, B):
                opt.zero_grad()
                ((torch.tensor(X[s:s + B]) @ w_t - torch.tensor(y[s:s + B])) ** 2).mean().backward()
                opt.step()
        w = np.asarray(minibatch_sgd(w_0.copy(), X, y, eta, B, epochs), dtype=float)
        assert np.allclose(w, w_t.detach().numpy(), rtol=1e-9, atol=1e-12), (n, d, B, epochs)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  minibatch_sgd is wrong when the batch size does not divide n: the last batch has
  n mod batch_size examples, is not skipped, and its gradient is averaged over its
  own size.
""" # END TEST CONFIG
def test_sgd_hidden_last_batch(minibatch_sgd):
    import numpy as np
    X = np.array([[1.0], [2.0], [3.0], [-1.0], [0.5]])
    y = np.array([2.0, 1.0, 0.0, 3.0, -2.0])
    # batches [0:3] and [3:5]; first: residual [-2, -1, 0], gradient 2/3 * (-4)
    w1 = 0.1 * 2 / 3 * 4.0
    r = np.array([-1.0, 0.5]) * w1 - np.array([3.0, -2.0])
    w2 = w1 - 0.1 * 2 / 2 * (np.array([-1.0, 0.5]) @ r)
    w = np.asarray(minibatch_sgd(np.zeros(1), X, y, 0.1, 3, 1), dtype=float)
    assert np.allclose(w, [w2], rtol=1e-12), f"got {w}, expected [{w2}]"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (momentum).** Gradient descent with momentum $\mu$ keeps a velocity
# $v$, a running sum of past gradients, and steps along it. One step, as in
# `torch.optim.SGD(params, lr=eta, momentum=mu)`:
#
# $$v \leftarrow \mu\, v + g, \qquad w \leftarrow w - \eta\, v.$$
#
# Write `momentum_step(w, g, v, eta, mu)` returning `(w, v)`, the new parameters and
# the new velocity. The velocity starts at zero, so the first step is plain gradient
# descent.

# %% [raw]
# # BEGIN SOLUTION

# %%
def momentum_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    # BEGIN SOLUTION
    v = mu * v + g
    w = w - eta * v
    return w, v
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One step by hand: with v = [[1, -2, 0.5], [0, 3, -1]], g = [[0.5, 1, -1], [2, 0, 0.25]],
  mu = 0.9 and eta = 0.1 the new velocity is mu v + g = [[1.4, -0.8, -0.55],
  [2, 2.7, -0.65]] and w moves by -eta times that new velocity. A velocity of
  mu v + (1 - mu) g is a dampened average (not torch's momentum); v + mu g puts mu on
  the wrong term; stepping with the old velocity, or w + eta v, is wrong too.
""" # END TEST CONFIG
def test_momentum_by_hand(momentum_step):
    import numpy as np
    w = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]])
    g = np.array([[0.5, 1.0, -1.0], [2.0, 0.0, 0.25]])
    v = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
    w_new, v_new = momentum_step(w, g, v, 0.1, 0.9)
    v_exp = np.array([[1.4, -0.8, -0.55], [2.0, 2.7, -0.65]])
    assert np.allclose(v_new, v_exp, rtol=1e-12), f"new v = {np.asarray(v_new).tolist()}, expected {v_exp.tolist()}"
    assert np.allclose(w_new, w - 0.1 * v_exp, rtol=1e-12), f"new w = {np.asarray(w_new).tolist()}, expected {(w - 0.1 * v_exp).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Ten momentum steps on J(w) = (1/2) sum a_i w_i^2 (gradient a * w), starting from
  v = 0, do not follow torch.optim.SGD(lr=0.05, momentum=0.8). The velocity is
  mu v + g (torch's convention: no eta inside v, no (1 - mu) in front of g), and the
  step uses the new velocity.
""" # END TEST CONFIG
def test_momentum_matches_torch(momentum_step):
    import numpy as np
    import torch
    a = np.array([1.0, 4.0, 10.0])  # J(w) = (1/2) sum a_i w_i^2, gradient a * w
    w, v = np.array([1.0, -2.0, 0.5]), np.zeros(3)
    w_t = torch.tensor(w, requires_grad=True)
    opt = torch.optim.SGD([w_t], lr=0.05, momentum=0.8)
    for k in range(10):
        w, v = momentum_step(w, a * w, v, 0.05, 0.8)
        w_t.grad = torch.tensor(a) * w_t.detach()
        opt.step()
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"after 10 steps w = {w}, torch has {w_t.detach().numpy()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  momentum_step drifts away from torch.optim.SGD(momentum=mu) over 25 steps on an
  unseen sequence of gradients (matrix-shaped, of very different sizes), for three
  settings of eta and mu. Both w and the velocity v are compared with torch's at
  every step.
""" # END TEST CONFIG
def test_momentum_hidden_torch(momentum_step):
    import numpy as np
    import torch
    # 25 steps on a fixed sequence of gradients of very different sizes, for three
    # settings; torch runs the three as parameter groups of one optimizer.
    rng = np.random.default_rng(11)
    configs = [(0.05, 0.9), (0.1, 0.5), (0.01, 0.99)]  # eta, mu
    grads = rng.normal(size=(25, 3, 2)) * np.array([[1.0, 0.01], [5.0, 1.0], [0.2, 30.0]])
    w_0 = rng.normal(size=(3, 2))
    params = [torch.tensor(w_0, requires_grad=True) for _ in configs]
    opt = torch.optim.SGD([{"params": [p], "lr": eta, "momentum": mu} for p, (eta, mu) in zip(params, configs)])
    runs = [(w_0.copy(), np.zeros((3, 2))) for _ in configs]
    got, want = [], []
    for t, g in enumerate(grads, start=1):
        g_t = torch.tensor(g)
        for p in params:
            p.grad = g_t
        opt.step()
        runs = [momentum_step(w, g, v, eta, mu) for (w, v), (eta, mu) in zip(runs, configs)]
        got.append([np.concatenate([np.ravel(x) for x in run]) for run in runs])
        want.append([np.concatenate([p.detach().numpy().ravel()]
                                    + [opt.state[p][k].numpy().ravel() for k in ["momentum_buffer"]]) for p in params])
    bad = ~np.isclose(np.array(got), np.array(want), rtol=1e-9, atol=1e-13).all(axis=2)
    step, c = np.argwhere(bad)[0] if bad.any() else (0, 0)
    assert not bad.any(), f"(eta, mu) = {configs[c]}: w or v differs from torch's from step {step + 1} on"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  On a constant gradient g the velocity after k steps is g (1 - mu^k) / (1 - mu), a
  geometric series, and w must have moved by eta times the sum of those velocities.
""" # END TEST CONFIG
def test_momentum_hidden_constant_gradient(momentum_step):
    import numpy as np
    g = np.array([0.5, -3.0])
    w, v = np.zeros(2), np.zeros(2)
    moved = np.zeros(2)
    for k in range(1, 26):
        w, v = momentum_step(w, g, v, 0.2, 0.7)
        v_k = g * (1 - 0.7**k) / (1 - 0.7)
        moved += 0.2 * v_k
        assert np.allclose(v, v_k, rtol=1e-10), f"step {k}: v = {v}, expected {v_k}"
        assert np.allclose(w, -moved, rtol=1e-10), f"step {k}: w = {w}, expected {-moved}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (Nesterov momentum).** Nesterov's method evaluates the gradient at the
# point momentum is about to carry us to. PyTorch (following Sutskever et al.) writes
# it so that the gradient is still taken at the current $w$: the velocity is updated as
# before, and the step adds a look-ahead term,
#
# $$v \leftarrow \mu\, v + g, \qquad w \leftarrow w - \eta\,\big(g + \mu\, v\big),$$
#
# with the *new* $v$ in the step. Write `nesterov_step(w, g, v, eta, mu)` returning
# `(w, v)`, as `torch.optim.SGD(params, lr=eta, momentum=mu, nesterov=True)` does.

# %% [raw]
# # BEGIN SOLUTION

# %%
def nesterov_step(w, g, v, eta, mu):
    w, g, v = (np.asarray(a, dtype=float) for a in (w, g, v))
    # BEGIN SOLUTION
    v = mu * v + g
    w = w - eta * (g + mu * v)
    return w, v
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One step by hand: v = [2, -1, 0], g = [1, 1, -2], mu = 0.5, eta = 0.1. The new
  velocity is mu v + g = [2, 0.5, -2], and the step is eta (g + mu v_new) =
  0.1 * [2, 1.25, -3]. A step of eta v_new is plain momentum (the look-ahead term is
  missing); g + mu v with the old v, g - mu v, or eta mu v alone are wrong too.
""" # END TEST CONFIG
def test_nesterov_by_hand(nesterov_step):
    import numpy as np
    w = np.array([1.0, -1.0, 0.5])
    w_new, v_new = nesterov_step(w, np.array([1.0, 1.0, -2.0]), np.array([2.0, -1.0, 0.0]), 0.1, 0.5)
    assert np.allclose(v_new, [2.0, 0.5, -2.0], rtol=1e-12), f"new v = {v_new}, expected [2, 0.5, -2]"
    expected = w - 0.1 * np.array([2.0, 1.25, -3.0])
    assert np.allclose(w_new, expected, rtol=1e-12), f"new w = {w_new}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Ten Nesterov steps on J(w) = (1/2) sum a_i w_i^2, from v = 0, do not follow
  torch.optim.SGD(lr=0.05, momentum=0.8, nesterov=True). Even the first step differs
  from gradient descent: it is eta (g + mu g) = eta (1 + mu) g.
""" # END TEST CONFIG
def test_nesterov_matches_torch(nesterov_step):
    import numpy as np
    import torch
    a = np.array([[1.0, 4.0], [10.0, 0.5]])  # J(w) = (1/2) sum a_i w_i^2, gradient a * w
    w, v = np.array([[1.0, -2.0], [0.5, 3.0]]), np.zeros((2, 2))
    w_t = torch.tensor(w, requires_grad=True)
    opt = torch.optim.SGD([w_t], lr=0.05, momentum=0.8, nesterov=True)
    for k in range(10):
        w, v = nesterov_step(w, a * w, v, 0.05, 0.8)
        w_t.grad = torch.tensor(a) * w_t.detach()
        opt.step()
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"after 10 steps w = {np.asarray(w).tolist()}, torch has {w_t.detach().numpy().tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  nesterov_step drifts away from torch.optim.SGD(momentum=mu, nesterov=True) over 25
  steps on an unseen sequence of gradients. v <- mu v + g, then
  w <- w - eta (g + mu v) with the new v.
""" # END TEST CONFIG
def test_nesterov_hidden_torch(nesterov_step):
    import numpy as np
    import torch
    # 25 steps on a fixed sequence of gradients of very different sizes, for three
    # settings; torch runs the three as parameter groups of one optimizer.
    rng = np.random.default_rng(12)
    configs = [(0.05, 0.9), (0.1, 0.3), (0.02, 0.95)]  # eta, mu
    grads = rng.normal(size=(25, 4)) * np.array([1.0, 0.01, 5.0, 30.0])
    w_0 = rng.normal(size=4)
    params = [torch.tensor(w_0, requires_grad=True) for _ in configs]
    opt = torch.optim.SGD([{"params": [p], "lr": eta, "momentum": mu, "nesterov": True} for p, (eta, mu) in zip(params, configs)])
    runs = [(w_0.copy(), np.zeros(4)) for _ in configs]
    got, want = [], []
    for t, g in enumerate(grads, start=1):
        g_t = torch.tensor(g)
        for p in params:
            p.grad = g_t
        opt.step()
        runs = [nesterov_step(w, g, v, eta, mu) for (w, v), (eta, mu) in zip(runs, configs)]
        got.append([np.concatenate([np.ravel(x) for x in run]) for run in runs])
        want.append([np.concatenate([p.detach().numpy().ravel()]
                                    + [opt.state[p][k].numpy().ravel() for k in ["momentum_buffer"]]) for p in params])
    bad = ~np.isclose(np.array(got), np.array(want), rtol=1e-9, atol=1e-13).all(axis=2)
    step, c = np.argwhere(bad)[0] if bad.any() else (0, 0)
    assert not bad.any(), f"(eta, mu) = {configs[c]}: w or v differs from torch's from step {step + 1} on"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  On a constant gradient g, Nesterov's k-th step is eta (g + mu v_k) with
  v_k = g (1 - mu^k) / (1 - mu): larger than plain momentum's eta v_k by eta mu v_k.
""" # END TEST CONFIG
def test_nesterov_hidden_constant_gradient(nesterov_step):
    import numpy as np
    g = np.array([-1.5, 2.0, 0.25])
    w, v = np.ones(3), np.zeros(3)
    for k in range(1, 21):
        before = np.array(w, dtype=float)
        w, v = nesterov_step(w, g, v, 0.3, 0.6)
        v_k = g * (1 - 0.6**k) / 0.4
        assert np.allclose(before - w, 0.3 * (g + 0.6 * v_k), rtol=1e-10), f"step {k}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (Adagrad).** Adagrad gives every coordinate its own step size. It
# keeps $G$, the running **sum** of squared gradients (element-wise), and divides
# each step by its square root:
#
# $$G \leftarrow G + g^2, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{G} + \epsilon}.$$
#
# Note where $\epsilon$ goes: *outside* the square root, as in `torch.optim.Adagrad`.
# Write `adagrad_step(w, g, G, eta, eps)` returning `(w, G)`. $G$ starts at zero.

# %% [raw]
# # BEGIN SOLUTION

# %%
def adagrad_step(w, g, G, eta, eps):
    w, g, G = (np.asarray(a, dtype=float) for a in (w, g, G))
    # BEGIN SOLUTION
    G = G + g**2
    w = w - eta * g / (np.sqrt(G) + eps)
    return w, G
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One step by hand: G = [0, 5, 1], g = [2, -2, 0], eta = 0.5, eps = 0.5. Then
  G = G + g^2 = [4, 9, 1] and the step is 0.5 g / (sqrt(G) + 0.5) = [0.4, -0.2857, 0].
  If G came out [2, 3, 1] you added g instead of g^2; sqrt(G + eps) puts eps inside the
  root; dividing by G + eps forgets the root; using the old G (before adding g^2)
  is wrong too.
""" # END TEST CONFIG
def test_adagrad_by_hand(adagrad_step):
    import numpy as np
    w = np.array([1.0, 1.0, 1.0])
    w_new, G_new = adagrad_step(w, np.array([2.0, -2.0, 0.0]), np.array([0.0, 5.0, 1.0]), 0.5, 0.5)
    assert np.allclose(G_new, [4.0, 9.0, 1.0], rtol=1e-12), f"new G = {G_new}, expected [4, 9, 1]"
    expected = [1 - 0.4, 1 + 1.0 / 3.5, 1.0]
    assert np.allclose(w_new, expected, rtol=1e-12), f"new w = {w_new}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Eight Adagrad steps on J(w) = (1/2) sum a_i w_i^2 from G = 0 do not follow
  torch.optim.Adagrad(lr=0.5, eps=0.01). On the first step G = g^2, so each
  coordinate moves by about eta whatever the size of its gradient.
""" # END TEST CONFIG
def test_adagrad_matches_torch(adagrad_step):
    import numpy as np
    import torch
    a = np.array([[0.1, 4.0, 25.0], [1.0, 0.02, 2.0]])  # J(w) = (1/2) sum a_i w_i^2
    w, G = np.array([[1.0, -2.0, 0.5], [3.0, -1.0, 0.01]]), np.zeros((2, 3))
    w_t = torch.tensor(w, requires_grad=True)
    opt = torch.optim.Adagrad([w_t], lr=0.5, eps=0.01)
    for k in range(8):
        w, G = adagrad_step(w, a * w, G, 0.5, 0.01)
        w_t.grad = torch.tensor(a) * w_t.detach()
        opt.step()
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"after 8 steps w = {np.asarray(w).tolist()}, torch has {w_t.detach().numpy().tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  adagrad_step drifts away from torch.optim.Adagrad over 25 steps on an unseen
  sequence of gradients, some tiny (w and the sum of squares G are both compared
  with torch's). G sums g^2; eps goes after the square root.
""" # END TEST CONFIG
def test_adagrad_hidden_torch(adagrad_step):
    import numpy as np
    import torch
    # 25 steps on a fixed sequence of gradients of very different sizes, for three
    # settings; torch runs the three as parameter groups of one optimizer.
    rng = np.random.default_rng(13)
    configs = [(0.3, 1e-10), (1.0, 0.1), (0.05, 1e-3)]  # eta, eps
    grads = rng.normal(size=(25, 3)) * np.array([1.0, 1e-3, 20.0])
    w_0 = rng.normal(size=3)
    params = [torch.tensor(w_0, requires_grad=True) for _ in configs]
    opt = torch.optim.Adagrad([{"params": [p], "lr": eta, "eps": eps} for p, (eta, eps) in zip(params, configs)])
    runs = [(w_0.copy(), np.zeros(3)) for _ in configs]
    got, want = [], []
    for t, g in enumerate(grads, start=1):
        g_t = torch.tensor(g)
        for p in params:
            p.grad = g_t
        opt.step()
        runs = [adagrad_step(w, g, G, eta, eps) for (w, G), (eta, eps) in zip(runs, configs)]
        got.append([np.concatenate([np.ravel(x) for x in run]) for run in runs])
        want.append([np.concatenate([p.detach().numpy().ravel()]
                                    + [opt.state[p][k].numpy().ravel() for k in ["sum"]]) for p in params])
    bad = ~np.isclose(np.array(got), np.array(want), rtol=1e-9, atol=1e-13).all(axis=2)
    step, c = np.argwhere(bad)[0] if bad.any() else (0, 0)
    assert not bad.any(), f"(eta, eps) = {configs[c]}: w or G differs from torch's from step {step + 1} on"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  With a tiny gradient (1e-6) and eps = 1e-3 the first Adagrad step is
  eta * 1e-6 / (1e-6 + 1e-3), about eta / 1001: eps belongs outside the square root.
""" # END TEST CONFIG
def test_adagrad_hidden_small_gradient(adagrad_step):
    import numpy as np
    g = np.array([1e-6, -4e-6])
    w_new, G_new = adagrad_step(np.zeros(2), g, np.zeros(2), 2.0, 1e-3)
    assert np.allclose(G_new, g**2, rtol=1e-12)
    assert np.allclose(w_new, -2.0 * g / (np.abs(g) + 1e-3), rtol=1e-10), f"new w = {w_new}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (RMSProp).** Adagrad's sum only grows, so its steps shrink forever.
# RMSProp replaces the sum by an exponentially **decaying average** $s$ of squared
# gradients, with decay rate $\alpha$ (torch's `alpha`, typically 0.99):
#
# $$s \leftarrow \alpha\, s + (1 - \alpha)\, g^2, \qquad
# w \leftarrow w - \eta\, \frac{g}{\sqrt{s} + \epsilon}.$$
#
# Write `rmsprop_step(w, g, s, eta, alpha, eps)` returning `(w, s)`, as
# `torch.optim.RMSprop(params, lr=eta, alpha=alpha, eps=eps)` does. $s$ starts at zero.

# %% [raw]
# # BEGIN SOLUTION

# %%
def rmsprop_step(w, g, s, eta, alpha, eps):
    w, g, s = (np.asarray(a, dtype=float) for a in (w, g, s))
    # BEGIN SOLUTION
    s = alpha * s + (1 - alpha) * g**2
    w = w - eta * g / (np.sqrt(s) + eps)
    return w, s
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One step by hand: s = [4, 0, 1], g = [2, 3, -1], alpha = 0.75, eta = 0.1, eps = 0.1.
  Then s = 0.75 s + 0.25 g^2 = [4, 2.25, 1] and the step is 0.1 g / (sqrt(s) + 0.1) =
  [0.0952, 0.1875, -0.0909]. s + g^2 forgets the decay (that is Adagrad);
  (1 - alpha) s + alpha g^2 swaps the weights; sqrt(s + eps) puts eps inside the
  root; the step must use the new s.
""" # END TEST CONFIG
def test_rmsprop_by_hand(rmsprop_step):
    import numpy as np
    w = np.array([0.0, 1.0, -1.0])
    w_new, s_new = rmsprop_step(w, np.array([2.0, 3.0, -1.0]), np.array([4.0, 0.0, 1.0]), 0.1, 0.75, 0.1)
    assert np.allclose(s_new, [4.0, 2.25, 1.0], rtol=1e-12), f"new s = {s_new}, expected [4, 2.25, 1]"
    expected = w - 0.1 * np.array([2.0 / 2.1, 3.0 / 1.6, -1.0 / 1.1])
    assert np.allclose(w_new, expected, rtol=1e-12), f"new w = {w_new}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Ten RMSProp steps on J(w) = (1/2) sum a_i w_i^2 from s = 0 do not follow
  torch.optim.RMSprop(lr=0.01, alpha=0.9, eps=1e-3).
""" # END TEST CONFIG
def test_rmsprop_matches_torch(rmsprop_step):
    import numpy as np
    import torch
    a = np.array([0.5, 3.0, 40.0, 0.01])  # J(w) = (1/2) sum a_i w_i^2
    w, s = np.array([1.0, -2.0, 0.5, 4.0]), np.zeros(4)
    w_t = torch.tensor(w, requires_grad=True)
    opt = torch.optim.RMSprop([w_t], lr=0.01, alpha=0.9, eps=1e-3)
    for k in range(10):
        w, s = rmsprop_step(w, a * w, s, 0.01, 0.9, 1e-3)
        w_t.grad = torch.tensor(a) * w_t.detach()
        opt.step()
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"after 10 steps w = {w}, torch has {w_t.detach().numpy()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  rmsprop_step drifts away from torch.optim.RMSprop over 25 steps on an unseen
  sequence of gradients, some tiny (w and the average s are both compared with
  torch's square_avg).
""" # END TEST CONFIG
def test_rmsprop_hidden_torch(rmsprop_step):
    import numpy as np
    import torch
    # 25 steps on a fixed sequence of gradients of very different sizes, for three
    # settings; torch runs the three as parameter groups of one optimizer.
    rng = np.random.default_rng(14)
    configs = [(0.01, 0.99, 1e-8), (0.003, 0.5, 1e-2), (0.05, 0.9, 1e-4)]  # eta, alpha, eps
    grads = rng.normal(size=(25, 2, 3)) * np.array([[1.0, 1e-3, 20.0], [0.1, 3.0, 1e-2]])
    w_0 = rng.normal(size=(2, 3))
    params = [torch.tensor(w_0, requires_grad=True) for _ in configs]
    opt = torch.optim.RMSprop([{"params": [p], "lr": eta, "alpha": alpha, "eps": eps} for p, (eta, alpha, eps) in zip(params, configs)])
    runs = [(w_0.copy(), np.zeros((2, 3))) for _ in configs]
    got, want = [], []
    for t, g in enumerate(grads, start=1):
        g_t = torch.tensor(g)
        for p in params:
            p.grad = g_t
        opt.step()
        runs = [rmsprop_step(w, g, s, eta, alpha, eps) for (w, s), (eta, alpha, eps) in zip(runs, configs)]
        got.append([np.concatenate([np.ravel(x) for x in run]) for run in runs])
        want.append([np.concatenate([p.detach().numpy().ravel()]
                                    + [opt.state[p][k].numpy().ravel() for k in ["square_avg"]]) for p in params])
    bad = ~np.isclose(np.array(got), np.array(want), rtol=1e-9, atol=1e-13).all(axis=2)
    step, c = np.argwhere(bad)[0] if bad.any() else (0, 0)
    assert not bad.any(), f"(eta, alpha, eps) = {configs[c]}: w or s differs from torch's from step {step + 1} on"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  With the same gradient every step, s = (1 - alpha^k) g^2 after k steps: RMSProp's
  average decays towards g^2, unlike Adagrad's sum, which keeps growing.
""" # END TEST CONFIG
def test_rmsprop_hidden_constant_gradient(rmsprop_step):
    import numpy as np
    g = np.array([3.0, -0.5])
    w, s = np.zeros(2), np.zeros(2)
    for k in range(1, 41):
        before = np.array(w, dtype=float)
        w, s = rmsprop_step(w, g, s, 0.01, 0.8, 1e-3)
        s_k = (1 - 0.8**k) * g**2
        assert np.allclose(s, s_k, rtol=1e-10), f"step {k}: s = {s}, expected {s_k}"
        assert np.allclose(before - w, 0.01 * g / (np.sqrt(s_k) + 1e-3), rtol=1e-10), f"step {k}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (Adadelta).** Adadelta keeps two decaying averages with the same rate
# $\rho$: $s$ of squared gradients and $u$ of squared *updates*. The update
# $\Delta$ is the gradient rescaled by the ratio of their roots, so it has the units
# of $w$:
#
# $$\begin{aligned}
# s &\leftarrow \rho\, s + (1 - \rho)\, g^2, \\
# \Delta &= \frac{\sqrt{u + \epsilon}}{\sqrt{s + \epsilon}}\; g \qquad \text{(with the old } u\text{)}, \\
# u &\leftarrow \rho\, u + (1 - \rho)\, \Delta^2, \\
# w &\leftarrow w - \eta\, \Delta.
# \end{aligned}$$
#
# Here $\epsilon$ sits *inside* both roots (so the very first update, with $u = 0$, is
# not zero), and $\eta$ is torch's extra factor (1 by default). Write
# `adadelta_step(w, g, s, u, eta, rho, eps)` returning `(w, s, u)`, as
# `torch.optim.Adadelta(params, lr=eta, rho=rho, eps=eps)` does. $s$ and $u$ start
# at zero.

# %% [raw]
# # BEGIN SOLUTION

# %%
def adadelta_step(w, g, s, u, eta, rho, eps):
    w, g, s, u = (np.asarray(a, dtype=float) for a in (w, g, s, u))
    # BEGIN SOLUTION
    s = rho * s + (1 - rho) * g**2
    Delta = np.sqrt(u + eps) / np.sqrt(s + eps) * g
    u = rho * u + (1 - rho) * Delta**2
    w = w - eta * Delta
    return w, s, u
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One step by hand: s = [1, 0], u = [0.5, 0], g = [3, 2], rho = 0.5, eps = 0.5,
  eta = 1. Then s = [5, 2], Delta = sqrt(u + eps) / sqrt(s + eps) g =
  [3 / sqrt(5.5), 2 sqrt(0.5) / sqrt(2.5)], u = 0.5 u + 0.5 Delta^2 and w moves by
  -Delta. An inverted ratio, eps outside the roots (sqrt(u) + eps), u averaging g^2
  instead of Delta^2, or u without its decay are all wrong.
""" # END TEST CONFIG
def test_adadelta_by_hand(adadelta_step):
    import numpy as np
    w_new, s_new, u_new = adadelta_step(np.array([1.0, 1.0]), np.array([3.0, 2.0]), np.array([1.0, 0.0]),
                                        np.array([0.5, 0.0]), 1.0, 0.5, 0.5)
    Delta = np.array([3 / np.sqrt(5.5), 2 * np.sqrt(0.5) / np.sqrt(2.5)])
    assert np.allclose(s_new, [5.0, 2.0], rtol=1e-12), f"new s = {s_new}, expected [5, 2]"
    assert np.allclose(w_new, 1 - Delta, rtol=1e-12), f"new w = {w_new}, expected {1 - Delta}"
    u_exp = 0.5 * np.array([0.5, 0.0]) + 0.5 * Delta**2
    assert np.allclose(u_new, u_exp, rtol=1e-12), f"new u = {u_new}, expected {u_exp}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Ten Adadelta steps on J(w) = (1/2) sum a_i w_i^2 from s = u = 0 do not follow
  torch.optim.Adadelta(lr=1.0, rho=0.9, eps=1e-2). Compute Delta with the old u,
  then update u with Delta^2.
""" # END TEST CONFIG
def test_adadelta_matches_torch(adadelta_step):
    import numpy as np
    import torch
    a = np.array([0.5, 3.0, 40.0])  # J(w) = (1/2) sum a_i w_i^2
    w, s, u = np.array([1.0, -2.0, 0.5]), np.zeros(3), np.zeros(3)
    w_t = torch.tensor(w, requires_grad=True)
    opt = torch.optim.Adadelta([w_t], lr=1.0, rho=0.9, eps=1e-2)
    for k in range(10):
        w, s, u = adadelta_step(w, a * w, s, u, 1.0, 0.9, 1e-2)
        w_t.grad = torch.tensor(a) * w_t.detach()
        opt.step()
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"after 10 steps w = {w}, torch has {w_t.detach().numpy()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  adadelta_step drifts away from torch.optim.Adadelta over 25 steps on an unseen
  sequence of gradients (w, s and u are all compared with torch's square_avg and
  acc_delta).
""" # END TEST CONFIG
def test_adadelta_hidden_torch(adadelta_step):
    import numpy as np
    import torch
    # 25 steps on a fixed sequence of gradients of very different sizes, for three
    # settings; torch runs the three as parameter groups of one optimizer.
    rng = np.random.default_rng(15)
    configs = [(1.0, 0.9, 1e-6), (0.5, 0.6, 1e-3), (2.0, 0.95, 1e-4)]  # eta, rho, eps
    grads = rng.normal(size=(25, 4)) * np.array([1.0, 1e-3, 20.0, 0.1])
    w_0 = rng.normal(size=4)
    params = [torch.tensor(w_0, requires_grad=True) for _ in configs]
    opt = torch.optim.Adadelta([{"params": [p], "lr": eta, "rho": rho, "eps": eps} for p, (eta, rho, eps) in zip(params, configs)])
    runs = [(w_0.copy(), np.zeros(4), np.zeros(4)) for _ in configs]
    got, want = [], []
    for t, g in enumerate(grads, start=1):
        g_t = torch.tensor(g)
        for p in params:
            p.grad = g_t
        opt.step()
        runs = [adadelta_step(w, g, s, u, eta, rho, eps) for (w, s, u), (eta, rho, eps) in zip(runs, configs)]
        got.append([np.concatenate([np.ravel(x) for x in run]) for run in runs])
        want.append([np.concatenate([p.detach().numpy().ravel()]
                                    + [opt.state[p][k].numpy().ravel() for k in ["square_avg", "acc_delta"]]) for p in params])
    bad = ~np.isclose(np.array(got), np.array(want), rtol=1e-9, atol=1e-13).all(axis=2)
    step, c = np.argwhere(bad)[0] if bad.any() else (0, 0)
    assert not bad.any(), f"(eta, rho, eps) = {configs[c]}: w or s, u differs from torch's from step {step + 1} on"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  Adadelta's first step, from u = 0, is sqrt(eps) / sqrt((1 - rho) g^2 + eps) g: about
  sqrt(eps / (1 - rho)) in size, not zero (eps goes inside the roots).
""" # END TEST CONFIG
def test_adadelta_hidden_first_step(adadelta_step):
    import numpy as np
    g = np.array([[5.0, -0.2], [1e-3, 40.0]])
    w_new, s_new, u_new = adadelta_step(np.zeros((2, 2)), g, np.zeros((2, 2)), np.zeros((2, 2)), 1.0, 0.8, 1e-4)
    Delta = np.sqrt(1e-4) / np.sqrt(0.2 * g**2 + 1e-4) * g
    assert np.allclose(w_new, -Delta, rtol=1e-10), f"new w = {w_new}"
    assert np.allclose(u_new, 0.2 * Delta**2, rtol=1e-10), f"new u = {u_new}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q7

# %% [markdown]
# **Question 7 (Adam, with bias correction).** Adam keeps a decaying average $m$ of
# gradients (momentum) and $v$ of squared gradients (RMSProp). Both start at zero, so
# in the first steps they are too small; dividing by $1 - \beta^t$ corrects that. At
# step $t = 1, 2, 3, \dots$:
#
# $$\begin{aligned}
# m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, &
# v &\leftarrow \beta_2 v + (1 - \beta_2)\, g^2, \\
# \hat m &= \frac{m}{1 - \beta_1^t}, &
# \hat v &= \frac{v}{1 - \beta_2^t}, \\
# w &\leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}.
# \end{aligned}$$
#
# Write `adam_step(w, g, m, v, t, eta, beta1, beta2, eps)` returning `(w, m, v)` (the
# new $m$ and $v$, not $\hat m$ and $\hat v$), as `torch.optim.Adam(params, lr=eta,
# betas=(beta1, beta2), eps=eps)` does. `t` is the number of this step: 1 for the first.

# %% [raw]
# # BEGIN SOLUTION

# %%
def adam_step(w, g, m, v, t, eta, beta1, beta2, eps):
    w, g, m, v = (np.asarray(a, dtype=float) for a in (w, g, m, v))
    # BEGIN SOLUTION
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    w = w - eta * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Adam's first step (t = 1, m = v = 0) with bias correction has m_hat = g and
  v_hat = g^2, so it is eta g / (|g| + eps): here, with eta = 0.1 and eps = 1e-8,
  0.1 times the sign of g, whatever the size of g. Steps of about 0.316 mean no bias
  correction; steps of about 0.074 mean the correction used t + 1 (t is already 1 on
  the first step); a step of only 0.001 for the tiny gradient -1e-6 means eps went
  inside the square root; correcting m but not v gives steps of about 3.2.
""" # END TEST CONFIG
def test_adam_first_step(adam_step):
    import numpy as np
    g = np.array([[3.0, -1e-6], [-250.0, 0.5]])
    z = np.zeros((2, 2))
    w_new, m_new, v_new = adam_step(z, g, z, z, 1, 0.1, 0.9, 0.999, 1e-8)
    assert np.allclose(m_new, 0.1 * g, rtol=1e-12), f"new m = {np.asarray(m_new).tolist()}, expected 0.1 g (m, not m_hat)"
    assert np.allclose(v_new, 0.001 * g**2, rtol=1e-12), f"new v = {np.asarray(v_new).tolist()}, expected 0.001 g^2 (v, not v_hat)"
    expected = -0.1 * g / (np.abs(g) + 1e-8)
    assert np.allclose(w_new, expected, rtol=1e-9), f"new w = {np.asarray(w_new).tolist()}, expected {expected.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Fifteen Adam steps on J(w) = (1/2) sum a_i w_i^2 do not follow torch.optim.Adam(lr=0.05,
  betas=(0.8, 0.9), eps=1e-3). Bias-correct with the number of this step, t = 1 for
  the first, correct both m and v, and add eps after the square root.
""" # END TEST CONFIG
def test_adam_matches_torch(adam_step):
    import numpy as np
    import torch
    a = np.array([[0.5, 3.0], [40.0, 0.01]])  # J(w) = (1/2) sum a_i w_i^2
    w = np.array([[1.0, -2.0], [0.05, 4.0]])
    m, v = np.zeros((2, 2)), np.zeros((2, 2))
    w_t = torch.tensor(w, requires_grad=True)
    opt = torch.optim.Adam([w_t], lr=0.05, betas=(0.8, 0.9), eps=1e-3)
    for t in range(1, 16):
        w, m, v = adam_step(w, a * w, m, v, t, 0.05, 0.8, 0.9, 1e-3)
        w_t.grad = torch.tensor(a) * w_t.detach()
        opt.step()
    assert np.allclose(w, w_t.detach().numpy(), rtol=1e-10, atol=1e-12), f"after 15 steps w = {np.asarray(w).tolist()}, torch has {w_t.detach().numpy().tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  adam_step drifts away from torch.optim.Adam over 25 steps on an unseen sequence
  of gradients, some tiny (w, m and v are all compared with torch's exp_avg and
  exp_avg_sq). Bias-correct both moments with t, return the uncorrected m and v.
""" # END TEST CONFIG
def test_adam_hidden_torch(adam_step):
    import numpy as np
    import torch
    # 25 steps on a fixed sequence of gradients of very different sizes, for three
    # settings; torch runs the three as parameter groups of one optimizer.
    rng = np.random.default_rng(16)
    configs = [(0.01, 0.9, 0.999, 1e-8), (0.05, 0.5, 0.9, 1e-3), (0.002, 0.0, 0.99, 1e-2)]  # eta, beta1, beta2, eps
    grads = rng.normal(size=(25, 3)) * np.array([1.0, 1e-3, 20.0])
    w_0 = rng.normal(size=3)
    params = [torch.tensor(w_0, requires_grad=True) for _ in configs]
    opt = torch.optim.Adam([{"params": [p], "lr": eta, "betas": (beta1, beta2), "eps": eps} for p, (eta, beta1, beta2, eps) in zip(params, configs)])
    runs = [(w_0.copy(), np.zeros(3), np.zeros(3)) for _ in configs]
    got, want = [], []
    for t, g in enumerate(grads, start=1):
        g_t = torch.tensor(g)
        for p in params:
            p.grad = g_t
        opt.step()
        runs = [adam_step(w, g, m, v, t, eta, beta1, beta2, eps) for (w, m, v), (eta, beta1, beta2, eps) in zip(runs, configs)]
        got.append([np.concatenate([np.ravel(x) for x in run]) for run in runs])
        want.append([np.concatenate([p.detach().numpy().ravel()]
                                    + [opt.state[p][k].numpy().ravel() for k in ["exp_avg", "exp_avg_sq"]]) for p in params])
    bad = ~np.isclose(np.array(got), np.array(want), rtol=1e-9, atol=1e-13).all(axis=2)
    step, c = np.argwhere(bad)[0] if bad.any() else (0, 0)
    assert not bad.any(), f"(eta, beta1, beta2, eps) = {configs[c]}: w or m, v differs from torch's from step {step + 1} on"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  On a constant gradient g, bias-corrected Adam has m_hat = g and v_hat = g^2 at every
  step t, so every step is eta g / (|g| + eps). Without (or with a shifted) bias
  correction the steps start too large or too small and only slowly approach that.
""" # END TEST CONFIG
def test_adam_hidden_constant_gradient(adam_step):
    import numpy as np
    g = np.array([2.0, -0.3, 1e-4])
    w, m, v = np.zeros(3), np.zeros(3), np.zeros(3)
    for t in range(1, 31):
        before = np.array(w, dtype=float)
        w, m, v = adam_step(w, g, m, v, t, 0.01, 0.9, 0.99, 1e-4)
        assert np.allclose(before - w, 0.01 * g / (np.abs(g) + 1e-4), rtol=1e-9), f"step {t}: {before - w}"

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q8

# %% [markdown]
# **Question 8 (a warm-up + cosine learning-rate schedule).** Large models are usually
# trained with a learning rate that first grows linearly for `warmup` steps, from
# $s\,\eta_\max$ (a start factor $0 < s \le 1$) towards $\eta_\max$, then decays
# along a half cosine from $\eta_\max$ to $\eta_\min$ over $T$ more steps. At step
# $t = 0, 1, 2, \dots$:
#
# $$\eta_t = \begin{cases}
# \eta_\max \Big(s + (1 - s)\, \dfrac{t}{\text{warmup}}\Big) & t < \text{warmup}, \\[2ex]
# \eta_\min + \dfrac{\eta_\max - \eta_\min}{2} \Big(1 + \cos\Big(\pi\, \dfrac{t - \text{warmup}}{T}\Big)\Big) & t \ge \text{warmup}.
# \end{cases}$$
#
# With `warmup = 0` it is plain cosine annealing. This is what PyTorch's
# `SequentialLR([LinearLR(opt, s, 1.0, warmup), CosineAnnealingLR(opt, T, eta_min)],
# milestones=[warmup])` produces. Write `warmup_cosine_lr(t, eta_max, eta_min, warmup,
# T, s)` returning $\eta_t$ as a float, for $0 \le t \le \text{warmup} + T$.

# %% [raw]
# # BEGIN SOLUTION

# %%
def warmup_cosine_lr(t, eta_max, eta_min, warmup, T, s):
    # BEGIN SOLUTION
    if t < warmup:
        return eta_max * (s + (1 - s) * t / warmup)
    return eta_min + (eta_max - eta_min) / 2 * (1 + np.cos(np.pi * (t - warmup) / T))
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Cosine annealing without warm-up (warmup = 0), eta_max = 1, eta_min = 0.2, T = 4:
  the rates at t = 0..4 are [1, 0.8828, 0.6, 0.3172, 0.2] (the average of eta_max and
  eta_min half way, eta_min at t = T). cos(t / T) without the pi, or a cosine over
  2T, decays too slowly; eta_min + eta_max (1 + cos) / 2 forgets to subtract eta_min
  from the range.
""" # END TEST CONFIG
def test_cosine_by_hand(warmup_cosine_lr):
    import numpy as np
    got = np.array([float(warmup_cosine_lr(t, 1.0, 0.2, 0, 4, 0.5)) for t in range(5)])
    expected = np.array([1.0, 0.6 + 0.4 * np.sqrt(0.5), 0.6, 0.6 - 0.4 * np.sqrt(0.5), 0.2])
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-15), f"got {got.round(4).tolist()}, expected {expected.round(4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Warm-up by hand: eta_max = 2, s = 0.25, warmup = 4 gives [0.5, 0.875, 1.25, 1.625]
  at t = 0..3 (linear from s eta_max, reaching eta_max only at t = warmup), and the
  cosine starts at t = 4 with eta_max = 2: it is a cosine of t - warmup, not of t.
  A warm-up of (t + 1) / warmup is one step ahead.
""" # END TEST CONFIG
def test_warmup_by_hand(warmup_cosine_lr):
    import numpy as np
    got = np.array([float(warmup_cosine_lr(t, 2.0, 0.1, 4, 10, 0.25)) for t in range(6)])
    expected = np.array([0.5, 0.875, 1.25, 1.625, 2.0, 0.1 + 1.9 / 2 * (1 + np.cos(np.pi / 10))])
    assert np.allclose(got, expected, rtol=1e-12), f"got {got.round(4).tolist()}, expected {expected.round(4).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  warmup_cosine_lr does not match torch.optim.lr_scheduler.SequentialLR (LinearLR
  warm-up for 5 steps from s = 0.1, then CosineAnnealingLR over T = 20 steps to
  eta_min = 0.01) for t = 0..25.
""" # END TEST CONFIG
def test_schedule_matches_torch(warmup_cosine_lr):
    import numpy as np
    import torch
    from torch.optim import lr_scheduler as L
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.3)
    sched = L.SequentialLR(opt, [L.LinearLR(opt, 0.1, 1.0, 5), L.CosineAnnealingLR(opt, 20, 0.01)], milestones=[5])
    for t in range(26):
        expected = opt.param_groups[0]["lr"]
        got = float(warmup_cosine_lr(t, 0.3, 0.01, 5, 20, 0.1))
        assert abs(got - expected) < 1e-10, f"t = {t}: got {got}, torch has {expected}"
        opt.step()
        sched.step()

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  warmup_cosine_lr does not match torch's SequentialLR(LinearLR, CosineAnnealingLR)
  for unseen warm-up lengths, start factors, T and eta_min.
""" # END TEST CONFIG
def test_schedule_hidden_torch(warmup_cosine_lr):
    import numpy as np
    import torch
    from torch.optim import lr_scheduler as L
    for eta_max, eta_min, warmup, T, s in [(1.0, 0.0, 10, 30, 0.01), (0.05, 0.001, 3, 7, 0.5), (0.2, 0.05, 1, 12, 0.3)]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=eta_max)
        sched = L.SequentialLR(opt, [L.LinearLR(opt, s, 1.0, warmup), L.CosineAnnealingLR(opt, T, eta_min)],
                               milestones=[warmup])
        for t in range(warmup + T + 1):
            got = float(warmup_cosine_lr(t, eta_max, eta_min, warmup, T, s))
            assert abs(got - opt.param_groups[0]["lr"]) < 1e-10 * eta_max, (eta_max, eta_min, warmup, T, s, t)
            opt.step()
            sched.step()

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  Plain cosine annealing (warmup = 0) does not match torch's CosineAnnealingLR for
  unseen T and eta_min: it starts at eta_max, passes the average of eta_max and
  eta_min at t = T / 2 and ends at eta_min at t = T.
""" # END TEST CONFIG
def test_cosine_hidden_torch(warmup_cosine_lr):
    import numpy as np
    import torch
    from torch.optim import lr_scheduler as L
    for eta_max, eta_min, T in [(0.1, 0.0, 16), (3.0, 1.0, 9)]:
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=eta_max)
        sched = L.CosineAnnealingLR(opt, T, eta_min)
        for t in range(T + 1):
            got = float(warmup_cosine_lr(t, eta_max, eta_min, 0, T, 1.0))
            assert abs(got - opt.param_groups[0]["lr"]) < 1e-10 * eta_max, (eta_max, eta_min, T, t)
            opt.step()
            sched.step()

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

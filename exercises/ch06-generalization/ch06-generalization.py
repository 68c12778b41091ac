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
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch06-generalization.ipynb` checks them all (its exit status is 0 only
# when every public test passes).
#
# **What you may use.** numpy (and torch, if you like it better). Do **not** import
# `dlbook`, the book's own package: the exercises are solved without it, and importing
# it fails when your notebook is checked or graded.
#
# **What is graded.** The checks in this notebook are the public tests. Your
# submission is also graded on hidden tests with inputs you never see (other shapes,
# other values, edge cases), so write code that is right for every input, not just
# for the examples.
#
# **Reasoning questions.** Questions 2, 5 and 7 (predict) and Question 6 (debug)
# ask you to reason: Questions 2, 5 and 7 want numbers worked out before (or instead
# of) running anything, Question 6 a corrected version of a buggy training loop.
# Questions 1, 3 and 4 are coding questions.
#
# Conventions, as in the chapter: epochs are counted from 0; a batch of $n$ examples
# is a matrix $X$ of shape $(n, d)$, one example per row; $\eta$ is the learning rate,
# $\lambda$ the weight decay (the strength of the L2 penalty $\frac{\lambda}{2}\lVert
# w \rVert^2$) and $p$ the probability that dropout *drops* a unit.

# %%
import numpy as np
import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: $k$-fold cross-validation).** With little data, one validation
# set is a noisy judge. $k$-fold cross-validation cuts the examples $0, 1, \dots, n-1$
# into $k$ parts ("folds") and trains $k$ times, each time validating on one fold and
# training on the other $k - 1$. Write `kfold(n, k, seed)` returning a list of $k$
# pairs `(train, val)` of integer indices (numpy arrays or lists), such that:
#
# - the $k$ validation folds are disjoint and together hold every index once;
# - their sizes differ by at most one (each is $\lfloor n/k \rfloor$ or
#   $\lceil n/k \rceil$);
# - the training part of each pair is every index that is not in its validation fold;
# - the folds are drawn at random (data sets are often sorted), reproducibly: the same
#   `seed` always gives the same folds, and different seeds give different folds.
#
# $2 \le k \le n$; $k = n$ is leave-one-out. Which fold gets which size, and the order
# of the indices inside a fold, are up to you.

# %% [raw]
# # BEGIN SOLUTION

# %%
def kfold(n, k, seed):
    # BEGIN SOLUTION
    order = np.random.default_rng(seed).permutation(n)
    fold_of = np.empty(n, dtype=int)
    fold_of[order] = np.arange(n) % k          # deal the shuffled indices out like cards
    everything = np.arange(n)
    return [(everything[fold_of != f], everything[fold_of == f]) for f in range(k)]
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For n = 11 and k = 4 the answer must be 4 pairs (train, val) whose validation folds
  are disjoint, cover 0..10, and have sizes 3, 3, 3, 2 in some order; each train must
  be exactly the 11 - len(val) other indices, as integers. Sizes 2, 2, 2, 5 come from
  giving every fold n // k and the last one the rest; sizes that add up to less than
  11 dropped the remainder; a train part that contains its own validation indices (or
  repeats some) is not the complement.
""" # END TEST CONFIG
def test_kfold_partition(kfold):
    import numpy as np
    folds = list(kfold(11, 4, 0))
    assert len(folds) == 4, f"{len(folds)} folds, expected 4"
    vals, everything = [], set(range(11))
    for train, val in folds:
        for part in (train, val):
            assert all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in part), \
                "indices must be integers"
        train, val = [int(i) for i in train], [int(i) for i in val]
        assert len(set(val)) == len(val), f"validation fold {val} repeats an index"
        assert set(train) == everything - set(val) and len(train) == 11 - len(val), \
            f"train {sorted(train)} is not the complement of val {sorted(val)}"
        vals.append(val)
    assert sorted(len(v) for v in vals) == [2, 3, 3, 3], f"fold sizes {[len(v) for v in vals]}"
    assert sorted(i for v in vals for i in v) == list(range(11)), "the validation folds overlap or miss an index"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The folds must be random and reproducible: kfold(12, 3, seed) must give the same
  folds every time it is called with the same seed, different folds for different
  seeds (here seeds 0 to 4 all gave the same), and not simply consecutive runs of
  indices (shuffle before cutting). Draw the order with
  np.random.default_rng(seed), not with an unseeded or a fixed generator.
""" # END TEST CONFIG
def test_kfold_random_reproducible(kfold):
    def partition(seed):
        return [frozenset(int(i) for i in val) for _, val in kfold(12, 3, seed)]

    runs = {seed: partition(seed) for seed in range(5)}
    for seed in range(5):
        assert partition(seed) == runs[seed], f"seed {seed} gave different folds on a second call"
    assert len({frozenset(p) for p in runs.values()}) > 1, "every seed gave the same folds"
    contiguous = all(sorted(f) == list(range(min(f), min(f) + len(f))) for p in runs.values() for f in p)
    assert not contiguous, "the folds are consecutive runs of indices: shuffle first"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Edge cases: k = n (leave-one-out, n = 5) gives 5 folds of one index each, with 4
  training indices; k = 2 with n = 3 gives folds of sizes 1 and 2.
""" # END TEST CONFIG
def test_kfold_edges(kfold):
    folds = list(kfold(5, 5, 7))
    assert len(folds) == 5 and sorted(len(list(v)) for _, v in folds) == [1] * 5, "leave-one-out folds"
    assert sorted(int(i) for _, v in folds for i in v) == list(range(5))
    assert all(sorted(int(i) for i in t) == sorted(set(range(5)) - {int(i) for i in v}) for t, v in folds)
    folds = list(kfold(3, 2, 1))
    assert sorted(len(list(v)) for _, v in folds) == [1, 2], "n = 3, k = 2"
    assert sorted(int(i) for _, v in folds for i in v) == [0, 1, 2]

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  kfold is wrong for n = 37, k = 5: validation folds of sizes 7, 7, 7, 8, 8 in some
  order, disjoint and covering, each train part their complement.
""" # END TEST CONFIG
def test_kfold_hidden_partition(kfold):
    folds = list(kfold(37, 5, 3))
    assert len(folds) == 5
    seen = [0] * 37
    for train, val in folds:
        val, train = [int(i) for i in val], [int(i) for i in train]
        for i in val:
            seen[i] += 1
        assert sorted(train) == sorted(set(range(37)) - set(val)) and len(train) + len(val) == 37
    assert seen == [1] * 37
    assert sorted(len(list(v)) for _, v in folds) == [7, 7, 7, 8, 8]

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  kfold is not random and reproducible on n = 50, k = 7: the same seed must give the
  same folds, different seeds different (shuffled) folds, of sizes 7 or 8.
""" # END TEST CONFIG
def test_kfold_hidden_random(kfold):
    def partition(seed):
        return [frozenset(int(i) for i in v) for _, v in kfold(50, 7, seed)]

    first = {s: partition(s) for s in (10, 11, 12)}
    assert all(partition(s) == first[s] for s in first)
    assert len({frozenset(p) for p in first.values()}) == 3
    for p in first.values():
        assert sorted(len(f) for f in p) == [7] * 6 + [8]
        assert set().union(*p) == set(range(50))
        assert any(sorted(f) != list(range(min(f), min(f) + len(f))) for f in p)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (predict: what inverted dropout does to one unit).** A hidden unit
# has the activation $h = 2$ and goes through inverted dropout with $p = 0.6$ (so it
# is **kept** with probability $0.4$). Work out, without simulating:
#
# - `q2_kept`: the unit's output in training when it is kept;
# - `q2_mean`: the expected value of its output in training, over the random mask;
# - `q2_variance`: the variance of its output in training;
# - `q2_eval`: its output in evaluation mode.

# %% [raw]
# # BEGIN SOLUTION

# %%
q2_kept = 2 / (1 - 0.6)  # SOLUTION
q2_mean = 2.0  # SOLUTION
q2_variance = 2 ** 2 * 0.6 / (1 - 0.6)  # SOLUTION
q2_eval = 2.0  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q2_kept is wrong. Inverted dropout divides a kept unit by the probability of
  keeping it, 1 - p = 0.4. 3.33 divided by p instead; 2 forgot to scale; 0.8
  multiplied by 1 - p (the old, non-inverted rule, which scales at test time).
""" # END TEST CONFIG
def test_q2_kept(q2_kept):
    assert abs(float(q2_kept) - 5.0) < 1e-9, f"q2_kept = {q2_kept}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q2_mean or q2_eval is wrong. In training the output is h / (1 - p) with probability
  1 - p and 0 otherwise, so its mean is h: inverted dropout keeps every unit's
  expected value. In evaluation mode dropout is the identity: the output is h.
  0.8 = (1 - p) h is what the unscaled (non-inverted) dropout gives.
""" # END TEST CONFIG
def test_q2_mean_eval(q2_mean, q2_eval):
    assert abs(float(q2_mean) - 2.0) < 1e-9, f"q2_mean = {q2_mean}"
    assert abs(float(q2_eval) - 2.0) < 1e-9, f"q2_eval = {q2_eval}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q2_variance is wrong. The output is (h / (1 - p)) m with m ~ Bernoulli(1 - p), so its
  variance is (h / (1 - p))^2 p (1 - p) = h^2 p / (1 - p). 2.4 = h^2 p scaled by
  1 / (1 - p) once instead of squared; 0.96 = h^2 p (1 - p) left out the scaling;
  2.67 = h^2 (1 - p) / p swapped the drop and keep probabilities.
""" # END TEST CONFIG
def test_q2_variance(q2_variance):
    assert abs(float(q2_variance) - 6.0) < 1e-9, f"q2_variance = {q2_variance}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  One of q2_kept, q2_mean, q2_variance, q2_eval disagrees with the distribution of the
  output, computed from its two outcomes.
""" # END TEST CONFIG
def test_q2_all(q2_kept, q2_mean, q2_variance, q2_eval):
    h, p = 2.0, 0.6
    outcomes = [(h / (1 - p), 1 - p), (0.0, p)]
    mean = sum(v * q for v, q in outcomes)
    var = sum((v - mean) ** 2 * q for v, q in outcomes)
    got = [float(q2_kept), float(q2_mean), float(q2_variance), float(q2_eval)]
    assert all(abs(g - e) < 1e-9 for g, e in zip(got, [outcomes[0][0], mean, var, h]))

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (code: a network with dropout, forward and backward).** Put inverted
# dropout to use in a small regression network, and backpropagate through it:
#
# $$H = \operatorname{relu}(X W_1 + b_1), \qquad \tilde H = \text{dropout}(H), \qquad
# \hat y = \tilde H w_2 + b_2, \qquad J = \frac{1}{n}\sum_{i=1}^{n} (\hat y_i - y_i)^2,$$
#
# with $X$ $(n, d)$, $y$ $(n,)$, $W_1$ $(d, m)$, $b_1$ $(m,)$, $w_2$ $(m,)$ and a
# number $b_2$. To make the randomness checkable, the uniform draws are given: `U` has
# the shape of $H$, $(n, m)$, with entries in $[0, 1)$, and unit $(i, j)$ is **kept
# when $U_{ij} \ge p$**, as in the chapter's code.
#
# - In training (`training=True`): $\tilde H_{ij} = H_{ij} / (1 - p)$ where kept, 0
#   where dropped. For $p = 1$ every unit is dropped ($\tilde H = 0$, no `nan`).
# - In evaluation (`training=False`): $\tilde H = H$, whatever $p$ and `U` are.
#
# Write `dropout_net(X, y, W1, b1, w2, b2, p, U, training)` returning the pair
# `(J, grads)`: the loss, a number, and the dictionary
# `{"W1": ..., "b1": ..., "w2": ..., "b2": ...}` of its gradients, each with the shape
# of its parameter (`grads["b2"]` a number). The mask is a constant of the forward
# pass; the relu passes the gradient on only where its input is $> 0$. Arguments may
# be numpy arrays or lists, and $n$ may be 1.

# %% [raw]
# # BEGIN SOLUTION

# %%
def dropout_net(X, y, W1, b1, w2, b2, p, U, training):
    # BEGIN SOLUTION
    X, y, W1, b1, w2, U = (np.asarray(a, dtype=float) for a in (X, y, W1, b1, w2, U))
    n = X.shape[0]
    Z = X @ W1 + b1
    H = np.maximum(Z, 0.0)
    if not training:
        scale = np.ones_like(H)
    elif p >= 1:
        scale = np.zeros_like(H)
    else:
        scale = np.where(U >= p, 1.0 / (1.0 - p), 0.0)
    H_tilde = H * scale
    r = H_tilde @ w2 + b2 - y
    dy = 2 * r / n
    dZ = np.outer(dy, w2) * scale * (Z > 0)   # back through dropout's mask, then the relu
    grads = {"W1": X.T @ dZ, "b1": dZ.sum(axis=0), "w2": H_tilde.T @ dy, "b2": float(dy.sum())}
    return float(np.mean(r ** 2)), grads
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  In training with p = 0.5 the loss or a gradient disagrees with torch's autograd
  through the same mask. Units with U >= p are kept (U == p is kept) and divided by
  1 - p; dropped units are 0 in the forward pass *and* pass no gradient back; the
  kept ones pass it back times 1 / (1 - p). Typical causes: no 1 / (1 - p), the mask
  reversed (keep U < p), or the backward pass letting the gradient through dropped
  units.
""" # END TEST CONFIG
def test_dropout_net_training(dropout_net):
    import numpy as np
    import torch
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(4, 3)), rng.normal(size=4)
    W1, b1, w2, b2 = rng.normal(size=(3, 5)), rng.normal(size=5), rng.normal(size=5), 0.3
    U = rng.uniform(size=(4, 5))
    U[0, 0] = U[2, 3] = 0.5
    P = {k: torch.tensor(np.asarray(v, dtype=float), requires_grad=True)
         for k, v in {"W1": W1, "b1": b1, "w2": w2, "b2": b2}.items()}
    H = torch.relu(torch.tensor(X) @ P["W1"] + P["b1"]) * torch.tensor((U >= 0.5) / 0.5)
    J = ((H @ P["w2"] + P["b2"] - torch.tensor(y)) ** 2).mean()
    J.backward()
    loss, g = dropout_net(X, y, W1, b1, w2, b2, 0.5, U, True)
    assert abs(float(loss) - J.item()) < 1e-12, f"J = {loss}, expected {J.item()}"
    for k, t in P.items():
        assert np.shape(g[k]) == tuple(t.shape), f"grads[{k!r}] has shape {np.shape(g[k])}, expected {tuple(t.shape)}"
        assert np.allclose(g[k], t.grad.numpy(), rtol=1e-10, atol=1e-12), \
            f"dJ/d{k} = {np.asarray(g[k]).tolist()}, expected {t.grad.numpy().tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  In evaluation mode (training=False) dropout is the identity: the loss and the
  gradients must be those of the network without dropout, whatever p and U are. Units
  dropped in evaluation, or activations multiplied by 1 - p (the non-inverted rule),
  give other values.
""" # END TEST CONFIG
def test_dropout_net_eval(dropout_net):
    import numpy as np
    import torch
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(4, 3)), rng.normal(size=4)
    W1, b1, w2, b2 = rng.normal(size=(3, 5)), rng.normal(size=5), rng.normal(size=5), 0.3
    U = rng.uniform(size=(4, 5))
    P = {k: torch.tensor(np.asarray(v, dtype=float), requires_grad=True)
         for k, v in {"W1": W1, "b1": b1, "w2": w2, "b2": b2}.items()}
    H = torch.relu(torch.tensor(X) @ P["W1"] + P["b1"])
    J = ((H @ P["w2"] + P["b2"] - torch.tensor(y)) ** 2).mean()
    J.backward()
    loss, g = dropout_net(X, y, W1, b1, w2, b2, 0.5, U, False)
    assert abs(float(loss) - J.item()) < 1e-12, f"J = {loss}, expected {J.item()} (no dropout in evaluation)"
    for k, t in P.items():
        assert np.allclose(g[k], t.grad.numpy(), rtol=1e-10, atol=1e-12), f"dJ/d{k} in evaluation mode"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Edge cases in training: p = 0 keeps every unit and scales by 1, so it must equal
  evaluation mode; p = 1 drops every unit, so y_hat = b2, the gradients of W1, b1 and
  w2 are 0, and nothing is nan (1 / (1 - p) must not be computed for p = 1).
""" # END TEST CONFIG
def test_dropout_net_edges(dropout_net):
    import numpy as np
    X = np.array([[1.0, -0.5], [0.25, 2.0], [-1.0, 0.5]])
    y = np.array([0.5, -1.0, 2.0])
    W1, b1, w2, b2 = np.array([[0.5, -1.0, 0.75], [1.0, 0.25, -0.5]]), np.array([0.1, 0.2, -0.1]), \
        np.array([1.5, -0.5, 2.0]), -0.2
    U = np.array([[0.1, 0.9, 0.5], [0.0, 0.3, 0.99], [0.6, 0.2, 0.4]])
    J0, g0 = dropout_net(X, y, W1, b1, w2, b2, 0.0, U, True)
    Je, ge = dropout_net(X, y, W1, b1, w2, b2, 0.0, U, False)
    assert abs(float(J0) - float(Je)) < 1e-12 and all(np.allclose(g0[k], ge[k]) for k in ge), \
        "p = 0 in training differs from evaluation mode"
    J1, g1 = dropout_net(X, y, W1, b1, w2, b2, 1.0, U, True)
    assert np.isfinite(float(J1)) and abs(float(J1) - np.mean((b2 - y) ** 2)) < 1e-12, f"p = 1: J = {J1}"
    for k, shape in [("W1", (2, 3)), ("b1", (3,)), ("w2", (3,))]:
        assert np.shape(g1[k]) == shape and np.array_equal(np.asarray(g1[k], dtype=float), np.zeros(shape)), \
            f"p = 1: grads[{k!r}] = {g1[k]}"
    assert abs(float(g1["b2"]) - np.mean(2 * (b2 - y))) < 1e-12

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dropout_net disagrees with torch's autograd on an unseen batch in training
  (n = 7, d = 4, m = 6, p = 0.3).
""" # END TEST CONFIG
def test_dropout_net_hidden_training(dropout_net):
    import numpy as np
    import torch
    rng = np.random.default_rng(31)
    X, y = rng.normal(size=(7, 4)), rng.normal(size=7)
    W1, b1, w2, b2 = rng.normal(size=(4, 6)), rng.normal(size=6), rng.normal(size=6), -0.7
    U = rng.uniform(size=(7, 6))
    P = {k: torch.tensor(np.asarray(v, dtype=float), requires_grad=True)
         for k, v in {"W1": W1, "b1": b1, "w2": w2, "b2": b2}.items()}
    H = torch.relu(torch.tensor(X) @ P["W1"] + P["b1"]) * torch.tensor((U >= 0.3) / 0.7)
    J = ((H @ P["w2"] + P["b2"] - torch.tensor(y)) ** 2).mean()
    J.backward()
    loss, g = dropout_net(X, y, W1, b1, w2, b2, 0.3, U, True)
    assert abs(float(loss) - J.item()) < 1e-12
    for k, t in P.items():
        assert np.shape(g[k]) == tuple(t.shape) and np.allclose(g[k], t.grad.numpy(), rtol=1e-10, atol=1e-12), k

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dropout_net is wrong for one example given as lists, with a draw exactly equal to p
  (kept) and a relu input exactly 0 (no gradient through it).
""" # END TEST CONFIG
def test_dropout_net_hidden_single(dropout_net):
    import numpy as np
    X, y = [[1.0, 2.0]], [3.0]
    W1, b1 = [[1.0, 0.5, -1.0], [0.5, -0.25, 1.0]], [0.0, 0.0, -1.0]   # Z = [2, 0, 0]
    w2, b2 = [1.0, 2.0, -3.0], 0.5
    U = [[0.25, 0.9, 0.1]]
    loss, g = dropout_net(X, y, W1, b1, w2, b2, 0.25, U, True)
    # H = [2, 0, 0], kept (U >= 0.25) = [1, 1, 0]: H~ = [8/3, 0, 0]; y_hat = 8/3 + 0.5
    r = 8 / 3 + 0.5 - 3.0
    assert abs(float(loss) - r ** 2) < 1e-12
    assert np.allclose(g["w2"], [2 * r * 8 / 3, 0, 0]) and abs(float(g["b2"]) - 2 * r) < 1e-12
    dz0 = 2 * r * 1.0 * 4 / 3
    assert np.allclose(g["b1"], [dz0, 0, 0]) and np.allclose(g["W1"], [[dz0, 0, 0], [2 * dz0, 0, 0]])

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  dropout_net is wrong in evaluation mode, or for p = 1, on an unseen batch.
""" # END TEST CONFIG
def test_dropout_net_hidden_eval(dropout_net):
    import numpy as np
    import torch
    rng = np.random.default_rng(32)
    X, y = rng.normal(size=(5, 2)), rng.normal(size=5)
    W1, b1, w2, b2 = rng.normal(size=(2, 4)), rng.normal(size=4), rng.normal(size=4), 1.1
    U = rng.uniform(size=(5, 4))
    P = {k: torch.tensor(np.asarray(v, dtype=float), requires_grad=True)
         for k, v in {"W1": W1, "b1": b1, "w2": w2, "b2": b2}.items()}
    J = ((torch.relu(torch.tensor(X) @ P["W1"] + P["b1"]) @ P["w2"] + P["b2"] - torch.tensor(y)) ** 2).mean()
    J.backward()
    loss, g = dropout_net(X, y, W1, b1, w2, b2, 0.8, U, False)
    assert abs(float(loss) - J.item()) < 1e-12
    assert all(np.allclose(g[k], t.grad.numpy(), rtol=1e-10, atol=1e-12) for k, t in P.items())
    loss, g = dropout_net(X, y, W1, b1, w2, b2, 1.0, U, True)
    assert abs(float(loss) - np.mean((1.1 - y) ** 2)) < 1e-12
    assert all(np.all(np.asarray(g[k], dtype=float) == 0) for k in ("W1", "b1", "w2"))

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (code: weight decay with momentum and parameter groups).** The chapter
# notes that `torch.optim.SGD(..., weight_decay=lam)` adds $\lambda w$ to each gradient,
# and that many people exempt the biases. Write one step of that optimizer, with
# momentum $\mu$, on parameters stored by name:
#
# $$g \leftarrow \frac{\partial J}{\partial w} + \lambda w \;\;(\text{just }
# \tfrac{\partial J}{\partial w}\text{ for an exempt name}), \qquad
# v \leftarrow \mu v + g, \qquad w \leftarrow w - \eta\, v .$$
#
# `sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt)` takes three
# dictionaries with the same names (`params[name]`, `grads[name]` and
# `velocity[name]` are arrays, or lists, of one shape; the velocity starts at zeros),
# the numbers $\eta$, $\mu$, $\lambda$, and a list `exempt` of the names that get no
# weight decay. Return the pair `(new_params, new_velocity)` of new dictionaries.
# Do **not** modify `params`, `grads` or `velocity`: the caller may still need the old
# values.

# %% [raw]
# # BEGIN SOLUTION

# %%
def sgd_step(params, grads, velocity, lr, momentum, weight_decay, exempt):
    # BEGIN SOLUTION
    new_params, new_velocity = {}, {}
    for name in params:
        w = np.asarray(params[name], dtype=float)
        g = np.asarray(grads[name], dtype=float)
        if name not in exempt:
            g = g + weight_decay * w
        v = momentum * np.asarray(velocity[name], dtype=float) + g
        new_velocity[name] = v
        new_params[name] = w - lr * v
    return new_params, new_velocity
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  One step without momentum, lr = 0.1, weight_decay = 0.5, with 'b' exempt: W goes to
  W - 0.1 (grad + 0.5 W) and b to b - 0.1 grad. A W that grows instead of shrinking
  has the decay's sign wrong; 0.25 W instead of 0.5 W is the gradient of lambda/2
  taken as lambda/2 w; a decayed b means the exempt list was ignored.
""" # END TEST CONFIG
def test_sgd_step_one(sgd_step):
    import numpy as np
    params = {"W": np.array([[1.0, -2.0], [0.5, 4.0]]), "b": np.array([3.0, -1.0])}
    grads = {"W": np.array([[0.5, 0.0], [-1.0, 2.0]]), "b": np.array([1.0, 2.0])}
    velocity = {"W": np.zeros((2, 2)), "b": np.zeros(2)}
    new, vel = sgd_step(params, grads, velocity, 0.1, 0.0, 0.5, ["b"])
    W = [[1.0 - 0.1 * (0.5 + 0.5), -2.0 - 0.1 * (0.0 - 1.0)], [0.5 - 0.1 * (-1.0 + 0.25), 4.0 - 0.1 * (2.0 + 2.0)]]
    assert np.allclose(new["W"], W, rtol=1e-12, atol=1e-12), f"W = {np.asarray(new['W']).tolist()}, expected {W}"
    assert np.allclose(new["b"], [2.9, -1.2], rtol=1e-12, atol=1e-12), \
        f"b = {np.asarray(new['b']).tolist()}, expected [2.9, -1.2] (no decay on an exempt name)"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Three steps with momentum 0.9 and weight_decay 0.1 ('b' exempt) disagree with
  torch.optim.SGD given the same two parameter groups. The decay belongs inside the
  velocity (g = grad + lambda w, then v = mu v + g, then w - lr v); decaying w
  separately, outside the momentum, is the decoupled (AdamW-like) rule, which is not
  what SGD does; the step must use the new velocity, not the old one.
""" # END TEST CONFIG
def test_sgd_step_momentum(sgd_step):
    import numpy as np
    import torch
    rng = np.random.default_rng(4)
    params = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=2)}
    grad_seq = [{"W": rng.normal(size=(3, 2)), "b": rng.normal(size=2)} for _ in range(3)]
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt = torch.optim.SGD([{"params": [tensors["W"]], "weight_decay": 0.1},
                           {"params": [tensors["b"]], "weight_decay": 0.0}], lr=0.05, momentum=0.9)
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    for grads in grad_seq:
        for k in tensors:
            tensors[k].grad = torch.tensor(grads[k])
        opt.step()
        params, velocity = sgd_step(params, grads, velocity, 0.05, 0.9, 0.1, ["b"])
    for k in tensors:
        assert np.allclose(params[k], tensors[k].detach().numpy(), rtol=1e-12, atol=1e-12), \
            f"{k} after 3 steps = {np.asarray(params[k]).tolist()}, torch gives {tensors[k].detach().numpy().tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  sgd_step changed the dictionaries it was given (or the arrays in them), or did not
  return a value for every name. Build new arrays (w - lr * v creates one; w -= ...
  overwrites the caller's array) and new dictionaries.
""" # END TEST CONFIG
def test_sgd_step_leaves_inputs_alone(sgd_step):
    import copy
    import numpy as np
    params = {"W": np.array([[1.0, 2.0]]), "b": np.array([0.5]), "scale": np.array(2.0)}
    grads = {"W": np.array([[0.1, -0.2]]), "b": np.array([0.3]), "scale": np.array(-1.0)}
    velocity = {"W": np.array([[0.2, 0.2]]), "b": np.array([-0.1]), "scale": np.array(0.5)}
    saved = copy.deepcopy((params, grads, velocity))
    new, vel = sgd_step(params, grads, velocity, 0.1, 0.5, 0.01, ["b", "scale"])
    for before, after, what in zip(saved, (params, grads, velocity), ("params", "grads", "velocity")):
        assert set(after) == set(before), f"{what} gained or lost names"
        for k in before:
            assert np.array_equal(after[k], before[k]), f"{what}[{k!r}] was modified"
    assert set(new) == set(params) and set(vel) == set(params), "return a value for every name"
    assert np.allclose(new["scale"], 2.0 - 0.1 * (0.5 * 0.5 - 1.0)) and np.allclose(vel["b"], [0.25])

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sgd_step disagrees with torch.optim.SGD over 5 steps on unseen parameters (three
  names, two of them exempt, momentum 0.8, weight_decay 0.3).
""" # END TEST CONFIG
def test_sgd_step_hidden_torch(sgd_step):
    import numpy as np
    import torch
    rng = np.random.default_rng(44)
    shapes = {"W1": (4, 3), "b1": (3,), "gain": (3,)}
    params = {k: rng.normal(size=s) for k, s in shapes.items()}
    exempt = ["b1", "gain"]
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt = torch.optim.SGD([{"params": [tensors["W1"]], "weight_decay": 0.3},
                           {"params": [tensors[k] for k in exempt], "weight_decay": 0.0}], lr=0.02, momentum=0.8)
    velocity = {k: np.zeros(s) for k, s in shapes.items()}
    for _ in range(5):
        grads = {k: rng.normal(size=s) for k, s in shapes.items()}
        for k in tensors:
            tensors[k].grad = torch.tensor(grads[k])
        opt.step()
        params, velocity = sgd_step(params, grads, velocity, 0.02, 0.8, 0.3, exempt)
    for k in tensors:
        assert np.allclose(params[k], tensors[k].detach().numpy(), rtol=1e-12, atol=1e-12), k

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  sgd_step is wrong with lists as parameters, with nothing exempt, or changes its
  inputs, on an unseen step.
""" # END TEST CONFIG
def test_sgd_step_hidden_lists(sgd_step):
    import copy
    import numpy as np
    params = {"w": np.array([2.0, -4.0, 0.5]), "c": [1.0, 1.0]}
    grads = {"w": np.array([1.0, 0.5, -2.0]), "c": [0.0, 2.0]}
    velocity = {"w": np.array([0.5, 0.0, -0.5]), "c": [1.0, -1.0]}
    saved = copy.deepcopy((params, grads, velocity))
    new, vel = sgd_step(params, grads, velocity, 0.1, 0.5, 0.2, [])
    v_w = [0.25 + 1.0 + 0.4, 0.0 + 0.5 - 0.8, -0.25 - 2.0 + 0.1]
    v_c = [0.5 + 0.0 + 0.2, -0.5 + 2.0 + 0.2]
    assert np.allclose(vel["w"], v_w) and np.allclose(vel["c"], v_c)
    assert np.allclose(new["w"], np.array([2.0, -4.0, 0.5]) - 0.1 * np.array(v_w))
    assert np.allclose(new["c"], np.array([1.0, 1.0]) - 0.1 * np.array(v_c))
    for before, after in zip(saved, (params, grads, velocity)):
        assert all(np.array_equal(after[k], before[k]) for k in before)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (predict: where early stopping stops).** Early stopping as in the
# chapter: epoch $e$ *improves* if its validation loss is below the best loss so far by
# more than `min_delta` (a tie does not improve); each improvement saves the weights;
# training stops at the epoch where `patience` epochs in a row have passed without an
# improvement, and the saved weights are restored. If the patience never runs out,
# training ends with the last epoch of the curve, and that epoch counts as the stop.
#
# (a) With `patience = 3` and `min_delta = 0.01`, the validation losses of epochs
# $0, 1, 2, \dots$ are
#
# `[1.000, 0.900, 0.850, 0.845, 0.838, 0.835, 0.838, 0.840, 0.836, 0.820, 0.810, 0.830]`.
#
# Set `q5_a_stop` to the epoch at which training stops and `q5_a_restored` to the
# epoch whose weights the model ends with.
#
# (b) Same for `patience = 2`, `min_delta = 0` and `[0.5, 0.4, 0.4, 0.45, 0.3]`:
# `q5_b_stop` and `q5_b_restored`.

# %% [raw]
# # BEGIN SOLUTION

# %%
q5_a_stop = 7  # SOLUTION
q5_a_restored = 4  # SOLUTION
q5_b_stop = 3  # SOLUTION
q5_b_restored = 1  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q5_a_stop is wrong. With min_delta = 0.01, epoch 3 (0.845) does not beat 0.850 by
  more than 0.01, epoch 4 (0.838) does, and epochs 5, 6, 7 do not beat 0.838 - 0.01.
  Stopping at 8 either ignored min_delta or stopped one epoch late (wait > patience
  instead of wait >= patience).
""" # END TEST CONFIG
def test_q5_a_stop(q5_a_stop):
    assert float(q5_a_stop) == 7, f"q5_a_stop = {q5_a_stop}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q5_a_restored is wrong. The weights restored are those saved at the last
  improvement before the stop. 7 kept the last weights instead of the best; 10 looked
  at epochs after the stop, which were never trained; 5 has the lowest loss among
  the trained epochs, but it did not improve by more than min_delta, so its weights
  were never saved.
""" # END TEST CONFIG
def test_q5_a_restored(q5_a_restored):
    assert float(q5_a_restored) == 4, f"q5_a_restored = {q5_a_restored}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q5_b_stop or q5_b_restored is wrong. Epoch 2's 0.4 ties the best and is not an
  improvement; after epochs 2 and 3 the patience of 2 has run out. (4, 4) counted the
  tie as an improvement (or stopped one epoch late); restoring 3 kept the last
  weights; restoring 4 looked past the stop.
""" # END TEST CONFIG
def test_q5_b(q5_b_stop, q5_b_restored):
    assert float(q5_b_stop) == 3, f"q5_b_stop = {q5_b_stop}"
    assert float(q5_b_restored) == 1, f"q5_b_restored = {q5_b_restored}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  One of q5_a_stop, q5_a_restored, q5_b_stop, q5_b_restored disagrees with early
  stopping run on the two curves.
""" # END TEST CONFIG
def test_q5_all(q5_a_stop, q5_a_restored, q5_b_stop, q5_b_restored):
    def run(curve, patience, min_delta):
        best, best_epoch, wait = float("inf"), None, 0
        for e, loss in enumerate(curve):
            if loss < best - min_delta:
                best, best_epoch, wait = loss, e, 0
            else:
                wait += 1
                if wait >= patience:
                    return e, best_epoch
        return len(curve) - 1, best_epoch

    a = run([1.000, 0.900, 0.850, 0.845, 0.838, 0.835, 0.838, 0.840, 0.836, 0.820, 0.810, 0.830], 3, 0.01)
    b = run([0.5, 0.4, 0.4, 0.45, 0.3], 2, 0.0)
    got = [float(q5_a_stop), float(q5_a_restored), float(q5_b_stop), float(q5_b_restored)]
    assert got == [*a, *b]

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (debug: a training loop with early stopping).** The function below
# trains a linear model $\hat y = X w$ by full-batch gradient descent on
#
# $$J(w) = \frac{1}{n}\sum_{i=1}^{n} (x_i^\top w - y_i)^2 + \frac{\lambda}{2}\lVert w \rVert^2,$$
#
# measures the validation loss $\frac{1}{n_\text{val}} \sum (x^\top w - y)^2$ after
# every epoch, and stops early as in the chapter (`min_delta = 0`, a tie is not an
# improvement). It should return
# `(best_w, best_epoch, stop_epoch)`: the weights after the best epoch (a new array),
# that epoch, and the last epoch trained. It should not modify any of its arguments.
# It has **three bugs**. Find them and write `train_linear_fixed`, with the same
# arguments and return value, that does what this description says. Do not change
# `train_linear`.

# %%
def train_linear(X, y, X_val, y_val, w0, lr, lam, epochs, patience):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    X_val, y_val = np.asarray(X_val, dtype=float), np.asarray(y_val, dtype=float)
    w = np.asarray(w0, dtype=float)
    n = len(y)
    best_loss, best_epoch, best_w, wait = np.inf, 0, w, 0
    for epoch in range(epochs):
        grad = 2 * X.T @ (X @ w - y) + lam * w
        w -= lr * grad
        val_loss = np.mean((X_val @ w - y_val) ** 2)
        if val_loss < best_loss:
            best_loss, best_epoch, best_w, wait = val_loss, epoch, w, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_w, best_epoch, epoch

# %% [raw]
# # BEGIN SOLUTION

# %%
def train_linear_fixed(X, y, X_val, y_val, w0, lr, lam, epochs, patience):
    # BEGIN SOLUTION
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    X_val, y_val = np.asarray(X_val, dtype=float), np.asarray(y_val, dtype=float)
    w = np.array(w0, dtype=float)                       # bug 1: a copy, not the caller's array
    n = len(y)
    best_loss, best_epoch, best_w, wait = np.inf, 0, w.copy(), 0
    for epoch in range(epochs):
        grad = 2 / n * X.T @ (X @ w - y) + lam * w      # bug 2: J is a mean, not a sum
        w = w - lr * grad
        val_loss = np.mean((X_val @ w - y_val) ** 2)
        if val_loss < best_loss:
            best_loss, best_epoch, best_w, wait = val_loss, epoch, w.copy(), 0   # bug 3: save a copy
        else:
            wait += 1
            if wait >= patience:
                break
    return best_w, best_epoch, epoch
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On this problem (n = 6, lr = 0.05, lam = 0.1, patience 5) training should stop at
  epoch 32 and restore epoch 27. Other epochs usually mean the gradient is that of the
  summed squared error (the loss is a mean: divide by n); a best_epoch equal to the
  stop epoch, or best_w equal to the last weights, means best_w is not a copy.
""" # END TEST CONFIG
def test_train_fixed_epochs(train_linear_fixed):
    import numpy as np
    rng = np.random.default_rng(9)
    w_true = np.array([1.0, -2.0, 0.5])
    X = rng.normal(size=(6, 3))
    y = X @ w_true + rng.normal(0, 1.0, 6)
    X_val = rng.normal(size=(20, 3))
    y_val = X_val @ w_true + rng.normal(0, 0.1, 20)
    w, best, best_loss, best_epoch, wait, stop = np.zeros(3), None, np.inf, 0, 0, 199
    for e in range(200):
        w = w - 0.05 * (2 / 6 * X.T @ (X @ w - y) + 0.1 * w)
        loss = np.mean((X_val @ w - y_val) ** 2)
        if loss < best_loss:
            best, best_loss, best_epoch, wait = w, loss, e, 0
        else:
            wait += 1
            if wait >= 5:
                stop = e
                break
    got_w, got_best, got_stop = train_linear_fixed(X, y, X_val, y_val, np.zeros(3), 0.05, 0.1, 200, 5)
    assert (int(got_best), int(got_stop)) == (best_epoch, stop), \
        f"(best_epoch, stop_epoch) = ({got_best}, {got_stop}), expected ({best_epoch}, {stop})"
    assert np.allclose(got_w, best, rtol=1e-10, atol=1e-12), f"best_w = {np.asarray(got_w).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  best_w must hold the weights of the best epoch, not those of the last epoch
  trained. If they are the last weights, best_w refers to the same array that the
  loop keeps updating in place (w -= ...): save a copy (w.copy(); w[:] is a view,
  not a copy), or update with w = w - ... which makes a new array each step. And with
  lr = 0 the validation loss stays flat: a tie is not an improvement, so training
  stops at epoch `patience` and keeps epoch 0.
""" # END TEST CONFIG
def test_train_fixed_best_is_not_last(train_linear_fixed):
    import numpy as np
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    y = np.array([2.0, -1.0, 2.0, -1.0])      # training wants w = (2, -1) ...
    X_val = np.array([[1.0, 0.0], [0.0, 1.0]])
    y_val = np.array([2.0, 1.0])              # ... validation wants (2, 1), passed on the way
    w, ws, losses = np.array([3.0, 3.0]), [], []
    for e in range(100):
        w = w - 0.1 * (2 / 4 * X.T @ (X @ w - y))
        ws.append(w)
        losses.append(np.mean((X_val @ w - y_val) ** 2))
    best = int(np.argmin(losses[:10]))
    assert best < 9 and min(losses[best + 1:best + 4]) > losses[best]  # the curve turns up
    got_w, got_best, got_stop = train_linear_fixed(X, y, X_val, y_val, np.array([3.0, 3.0]), 0.1, 0.0, 100, 3)
    assert int(got_best) == best and int(got_stop) == best + 3, f"({got_best}, {got_stop})"
    assert not np.allclose(got_w, ws[best + 3]), "best_w holds the last weights trained, not the best"
    assert np.allclose(got_w, ws[best], rtol=1e-10, atol=1e-12), f"best_w = {np.asarray(got_w).tolist()}"
    got_w, got_best, got_stop = train_linear_fixed(X, y, X_val, y_val, np.array([3.0, 3.0]), 0.0, 0.0, 100, 3)
    assert (int(got_best), int(got_stop)) == (0, 3), \
        f"flat validation curve (lr = 0): ({got_best}, {got_stop}), expected (0, 3): ties do not improve"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  train_linear_fixed modified the caller's w0. np.asarray(w0, dtype=float) returns
  w0 itself when it already is a float array, and w -= ... then overwrites it: make a
  copy (np.array(w0, dtype=float)), or update with w = w - ....
""" # END TEST CONFIG
def test_train_fixed_leaves_w0_alone(train_linear_fixed):
    import numpy as np
    X = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]])
    y = np.array([1.0, 0.0, 2.0])
    w0 = np.array([0.25, -0.5])
    got_w, got_best, got_stop = train_linear_fixed(X, y, X, y, w0, 0.1, 0.0, 5, 3)
    assert np.array_equal(w0, [0.25, -0.5]), f"w0 was changed to {w0.tolist()}"
    w = np.array([0.25, -0.5])
    for _ in range(5):  # the validation set is the training set: every epoch improves
        w = w - 0.1 * (2 / 3 * X.T @ (X @ w - y))
    assert (int(got_best), int(got_stop)) == (4, 4) and np.allclose(got_w, w, rtol=1e-10, atol=1e-12), \
        f"({np.asarray(got_w).tolist()}, {got_best}, {got_stop}), expected ({w.tolist()}, 4, 4)"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  train_linear_fixed is wrong on an unseen problem where early stopping triggers.
""" # END TEST CONFIG
def test_train_fixed_hidden_stop(train_linear_fixed):
    import numpy as np
    rng = np.random.default_rng(8)
    w_true = np.array([1.0, -2.0, 0.5])
    X = rng.normal(size=(6, 3))
    y = X @ w_true + rng.normal(0, 1.0, 6)
    X_val = rng.normal(size=(20, 3))
    y_val = X_val @ w_true + rng.normal(0, 0.1, 20)
    w0 = np.array([0.5, 0.5, 0.5])
    w, best, best_loss, best_epoch, wait, stop = w0.copy(), None, np.inf, 0, 0, 299
    for e in range(300):
        w = w - 0.03 * (2 / 6 * X.T @ (X @ w - y) + 0.05 * w)
        loss = np.mean((X_val @ w - y_val) ** 2)
        if loss < best_loss:
            best, best_loss, best_epoch, wait = w, loss, e, 0
        else:
            wait += 1
            if wait >= 4:
                stop = e
                break
    assert stop < 299
    got_w, got_best, got_stop = train_linear_fixed(X, y, X_val, y_val, w0, 0.03, 0.05, 300, 4)
    assert (int(got_best), int(got_stop)) == (best_epoch, stop)
    assert np.allclose(got_w, best, rtol=1e-10, atol=1e-12)
    assert np.array_equal(w0, [0.5, 0.5, 0.5])

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  train_linear_fixed is wrong when the patience never runs out (the stop epoch is
  the last one), or on a flat validation curve (ties do not improve), or modifies w0.
""" # END TEST CONFIG
def test_train_fixed_hidden_no_stop(train_linear_fixed):
    import numpy as np
    rng = np.random.default_rng(81)
    X = rng.normal(size=(10, 2))
    y = X @ np.array([0.5, 1.5])
    w0 = np.array([-1.0, 2.0])
    w = w0.copy()
    for _ in range(12):
        w = w - 0.05 * (2 / 10 * X.T @ (X @ w - y) + 0.01 * w)
    got_w, got_best, got_stop = train_linear_fixed(X, y, X, y, w0, 0.05, 0.01, 12, 3)
    assert (int(got_best), int(got_stop)) == (11, 11)
    assert np.allclose(got_w, w, rtol=1e-10, atol=1e-12)
    assert np.array_equal(w0, [-1.0, 2.0])
    got_w, got_best, got_stop = train_linear_fixed(X, y, X, y, w0, 0.0, 0.5, 12, 4)
    assert (int(got_best), int(got_stop)) == (0, 4) and np.allclose(got_w, w0)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  After one epoch, best_w must be w0 - lr (2/n X^T (X w0 - y) + lam w0): the gradient
  of the mean squared error plus the L2 penalty.
""" # END TEST CONFIG
def test_train_fixed_hidden_one_step(train_linear_fixed):
    import numpy as np
    X = [[1.0, 2.0], [3.0, -1.0], [0.0, 1.0], [2.0, 2.0], [-1.0, 0.5]]
    y = [1.0, 2.0, -1.0, 0.0, 0.5]
    w0 = [0.5, -0.5]
    Xn, yn, wn = np.array(X), np.array(y), np.array(w0)
    expected = wn - 0.1 * (2 / 5 * Xn.T @ (Xn @ wn - yn) + 0.3 * wn)
    got_w, got_best, got_stop = train_linear_fixed(X, y, X, y, w0, 0.1, 0.3, 1, 2)
    assert (int(got_best), int(got_stop)) == (0, 0)
    assert np.allclose(got_w, expected, rtol=1e-12, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q7

# %% [markdown]
# **Question 7 (predict: how weight decay shrinks and biases).** Answer with numbers.
#
# (a) Gradient descent with $\eta = 0.1$ and weight decay $\lambda = 0.01$ runs on a
# weight that the data no longer pushes on ($\partial J / \partial w = 0$ at every
# step). After how many steps is $|w|$ below 1% of its starting value for the first
# time? Set `q7_steps` to the smallest such integer $k$.
#
# (b) One weight, the loss $J(w) = (w - 3)^2$, and the penalised loss
# $J(w) + \frac{\lambda}{2} w^2$ with $\lambda = 0.5$. Set `q7_minimiser` to the $w$
# that minimises the penalised loss.

# %% [raw]
# # BEGIN SOLUTION

# %%
q7_steps = 4603  # SOLUTION
q7_minimiser = 2.4  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q7_steps is wrong. Each step multiplies w by 1 - eta lambda = 0.999, so you need the
  smallest k with 0.999^k < 0.01, that is k > ln(0.01) / ln(0.999). 459 used
  1 - lambda (forgot the learning rate); 4606 used the approximation
  e^(-eta lambda k), not the exact factor; 4602 rounded down (0.999^4602 is still
  above 0.01).
""" # END TEST CONFIG
def test_q7_steps(q7_steps):
    assert float(q7_steps) == 4603, f"q7_steps = {q7_steps}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  q7_minimiser is wrong. Set the derivative of (w - 3)^2 + (lambda/2) w^2 to zero:
  2 (w - 3) + lambda w = 0, so w = 6 / (2 + lambda). 2 is off by a factor 2 in one
  term (lambda w^2 instead of (lambda/2) w^2, or (w - 3) as the derivative of
  (w - 3)^2); 3 ignored the penalty; 4 has its sign wrong (a penalty pulls w toward
  0).
""" # END TEST CONFIG
def test_q7_minimiser(q7_minimiser):
    assert abs(float(q7_minimiser) - 2.4) < 1e-6, f"q7_minimiser = {q7_minimiser}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  q7_steps or q7_minimiser disagrees with a direct computation.
""" # END TEST CONFIG
def test_q7_all(q7_steps, q7_minimiser):
    w, k = 1.0, 0
    while abs(w) >= 0.01:
        w *= 1 - 0.1 * 0.01
        k += 1
    assert float(q7_steps) == k
    grid = [i / 10000 for i in range(0, 40001)]
    best = min(grid, key=lambda v: (v - 3) ** 2 + 0.25 * v ** 2)
    assert abs(float(q7_minimiser) - best) < 1e-3 and abs(2 * (float(q7_minimiser) - 3) + 0.5 * float(q7_minimiser)) < 1e-5

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [markdown]
# # Lab 5: gradient descent
#
# This lab runs every piece of chapter 5: the gradient descent loop with a
# learning rate that is too small, right, and too large, in one and two
# dimensions; a landscape with a local minimum and a saddle point;
# full-batch, mini-batch and single-example SGD on a classification task,
# with the noise of a mini-batch gradient measured against theory and the
# largest stable learning rate measured for each batch size; the seven
# optimizers of `dlbook.optim` checked step for step against `torch.optim`;
# Adam's bias correction; the seven racing across one loss landscape;
# learning-rate schedules, checked against `torch.optim.lr_scheduler` and put
# to work; and a learning-rate range test. Every claim the text makes about a
# result is an `assert`.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.optim import lr_scheduler

from dlbook.data.batching import batches
from dlbook.data.synthetic import moons
from dlbook.optim.descent import gradient_descent, minibatch_sgd, minimize
from dlbook.optim.optimizers import SGD, Adadelta, Adagrad, Adam, RMSprop
from dlbook.optim.schedules import Scheduler, cosine_lr, exponential_lr, step_lr, warmup_cosine_lr
from dlbook.plotting import style

style()
torch.set_default_dtype(torch.float64)  # compare in 64-bit precision
torch.set_num_threads(1)  # tiny tensors: one thread is fastest

# %% [markdown]
# ## 1. The learning rate, in one dimension
#
# Take the loss $J(w) = \frac{w^2}{2} + \sin w$. Its derivative is
# $J'(w) = w + \cos w$, zero at $w^* \approx -0.739$, and its curvature
# $J''(w) = 1 - \sin w$ is never negative, so $w^*$ is the only minimum.
# Near $w^*$ gradient descent multiplies the distance to $w^*$ by about
# $1 - \eta J''(w^*)$ each step, so it converges only if
# $\eta < 2 / J''(w^*)$. We start at $w = 2.5$ and try four learning rates.

# %%
def J_1d(w):
    return w**2 / 2 + np.sin(w)


def grad_J_1d(w):
    return w + np.cos(w)


w_star = gradient_descent(grad_J_1d, np.array([0.0]), 0.5, 100)[-1, 0]
curvature = 1 - np.sin(w_star)
print(f"w* = {w_star:.6f}, J''(w*) = {curvature:.4f}, "
      f"so eta must stay below 2 / J''(w*) = {2 / curvature:.3f}")

etas_1d = {"too small": 0.1, "good": 0.6,
           "too large: oscillates": 1.5, "too large: diverges": 2.2}
paths_1d = {name: gradient_descent(grad_J_1d, np.array([2.5]), eta, 20)
            for name, eta in etas_1d.items()}
print(f"{'':<23}{'eta':>5}{'|w_20 - w*|':>14}")
for name, path in paths_1d.items():
    err = abs(path[-1, 0] - w_star)
    print(f"{name:<23}{etas_1d[name]:>5}{err:>14.3g}")

# %% tags=["figure:lr-1d"]
w_grid = np.linspace(-4.5, 4.5, 400)
fig, axes = plt.subplots(2, 2, figsize=(7.5, 5.2), sharex=True,
                         sharey=True)
for ax, (name, path) in zip(axes.ravel(), paths_1d.items()):
    w = path[:, 0]
    ax.plot(w_grid, J_1d(w_grid), color="0.6", linewidth=1)
    shown = np.abs(w) < 4.5  # a diverging run leaves the frame
    ax.plot(w[shown], J_1d(w[shown]), "-o", color="#d62728",
            markersize=3, linewidth=0.8)
    ax.plot(w[0], J_1d(w[0]), "ks", markersize=5)
    ax.plot(w_star, J_1d(w_star), "*", color="#2ca02c", markersize=11)
    ax.set_title(f"{name}: $\\eta$ = {etas_1d[name]}", fontsize=9)
    ax.set_ylim(-1.5, 10)
for ax in axes[1]:
    ax.set_xlabel("$w$")
for ax in axes[:, 0]:
    ax.set_ylabel("$J(w)$")
fig.tight_layout()
plt.show()

# %% [markdown]
# With $\eta = 0.1$ the steps are tiny and 20 of them have not reached the
# bottom. With $\eta = 0.6$ the first step is large (the slope is steep at
# $w = 2.5$) and the run settles on $w^*$ within a few steps. With
# $\eta = 1.5$, above $2 / J''(w^*)$, every step overshoots the minimum:
# the run bounces between the two walls of the valley forever, in a
# stable two-step cycle. With $\eta = 2.2$ each overshoot lands further
# up the other wall than the last, and the run diverges. Checked:

# %%
dist = {name: np.abs(path[:, 0] - w_star) for name, path in paths_1d.items()}
assert dist["too small"][-1] > 0.1                     # not there yet
assert dist["good"][-1] < 1e-9                         # settled
# run eta = 1.5 longer: it settles into a two-step cycle, never into w*
cycle = gradient_descent(grad_J_1d, np.array([2.5]), 1.5, 400)[:, 0]
assert abs(cycle[-1] - cycle[-3]) < 1e-9               # a two-step cycle ...
assert abs(cycle[-1] - cycle[-2]) > 1                  # ... between two walls
assert np.abs(cycle[-10:] - w_star).min() > 0.5
far = dist["too large: diverges"]
assert far[-1] > 10 * far[0] and (np.diff(far[-5:]) > 0).all()  # diverges

# %% [markdown]
# ## 2. The learning rate, in two dimensions
#
# In more dimensions each direction has its own curvature. On the
# quadratic bowl $J(w) = \frac12 (a_1 w_1^2 + a_2 w_2^2)$ with curvatures
# $a_1 = 0.2$ and $a_2 = 4$ (the eigenvalues of its Hessian) the gradient is
# $(0.2\, w_1, 4\, w_2)$, and one step multiplies $w_1$ by $1 - 0.2\eta$
# and $w_2$ by $1 - 4\eta$. The steep direction $w_2$ caps the learning
# rate at $\eta < 2/4 = 0.5$; the flat direction $w_1$ then shrinks by at
# least $1 - 0.2 \cdot 0.5 = 0.9$ per step. The ratio of the two
# curvatures (20, the *condition number*) is what makes this bowl slow.

# %%
a = np.array([0.2, 4.0])  # the curvatures a_1, a_2 of the two directions


def J_2d(w):
    return 0.5 * (a * w**2).sum(axis=-1)


def grad_J_2d(w):
    return a * w


w_start = np.array([-5.0, -2.0])
etas_2d = {"too small": 0.05, "good": 0.4, "too large": 0.52}
paths_2d = {name: gradient_descent(grad_J_2d, w_start, eta, 30)
            for name, eta in etas_2d.items()}
print("per-step factors |1 - eta a_i| for (w_1, w_2):")
for name, eta in etas_2d.items():
    factors = np.abs(1 - eta * a)
    print(f"  {name:<10} eta = {eta:<5} {factors.round(3)}"
          f"   J after 30 steps: {J_2d(paths_2d[name][-1]):.3g}")

# %%
def bowl_contours(ax):
    g1, g2 = np.meshgrid(np.linspace(-5.5, 2, 300),
                         np.linspace(-2.5, 2.5, 300))
    Z = J_2d(np.stack([g1, g2], axis=-1))
    ax.contour(g1, g2, Z, levels=np.geomspace(0.02, 15, 10),
               colors="0.75", linewidths=0.6)
    ax.plot(0, 0, "k*", markersize=9)
    ax.set(xlim=(-5.5, 2), ylim=(-2.5, 2.5), xlabel="$w_1$",
           ylabel="$w_2$")
    ax.set_aspect("equal")


# %% tags=["figure:lr-2d"]
colors_2d = {"too small": "#1f77b4", "good": "#2ca02c",
             "too large": "#d62728"}
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.2),
                               gridspec_kw={"width_ratios": [1.5, 1]})
bowl_contours(ax0)
for name, path in paths_2d.items():
    label = f"{name}: $\\eta$ = {etas_2d[name]}"
    # draw a diverging run only until it leaves the frame
    out = np.flatnonzero(np.abs(path[:, 1]) > 2.5)
    shown = path[:out[0] + 1] if len(out) else path
    ax0.plot(shown[:, 0], shown[:, 1], "-o", markersize=2.5,
             linewidth=1, color=colors_2d[name], label=label)
    ax1.semilogy(J_2d(path), color=colors_2d[name])
ax0.legend(loc="upper left", fontsize=7)
ax1.set(xlabel="step", ylabel="$J(w)$", title="loss")
fig.tight_layout()
plt.show()

# %% [markdown]
# The small learning rate creeps along $w_1$. The good one zig-zags
# across the steep direction ($1 - 4 \cdot 0.4 = -0.6$: each step
# overshoots and flips the sign of $w_2$) while it slides down the flat
# one. Just above the limit, $|1 - 4 \cdot 0.52| = 1.08 > 1$: $w_2$ grows
# by 8% a step and the loss climbs, although $w_1$ keeps improving. Checked:

# %%
small, good, large = (paths_2d[k] for k in ("too small", "good", "too large"))
assert J_2d(small[-1]) > 50 * J_2d(good[-1])                 # creeps
assert (np.sign(good[1:, 1]) == -np.sign(good[:-1, 1])).all()  # zig-zags
assert np.allclose(np.abs(large[1:, 1] / large[:-1, 1]), 1.08)  # +8% a step
assert (np.abs(np.diff(large[:, 0])) > 0).all() and abs(large[-1, 0]) < 5
assert J_2d(large[-1]) > J_2d(large[0])                      # loss climbs

# %% [markdown]
# ## 3. Beyond the bowl: a local minimum and a saddle
#
# A network's loss is not a bowl. It has many minima, some better than others,
# and *saddle points*, where the gradient is zero but the loss goes down in
# some directions. Gradient descent only sees the slope where it stands, so
# where it ends depends on where it starts and on $\eta$.
#
# **A local minimum.** Take
# $J(w) = \frac{w^2}{8} - 0.6\, e^{-(w - 3)^2 / (2 \cdot 0.3^2)}$: a wide bowl with
# its (global) minimum at $w = 0$, and a narrow dip near $w = 2.9$, a *local*
# minimum, higher than the global one. The dip is narrow, so its curvature $a$
# is large and the stability limit $\eta < 2/a$ of section 1 is small there;
# the wide bowl has $a = 1/4$ and tolerates any $\eta < 8$. Start both runs in
# the dip, at $w = 3.4$:

# %%
def J_dip(w):
    return w**2 / 8 - 0.6 * np.exp(-(w - 3) ** 2 / (2 * 0.3**2))


def grad_J_dip(w):
    return w / 4 + 0.6 * (w - 3) / 0.3**2 * np.exp(-(w - 3) ** 2 / (2 * 0.3**2))


def curvature_dip(w, h=1e-4):
    return (grad_J_dip(w + h) - grad_J_dip(w - h)) / (2 * h)


w_local = gradient_descent(grad_J_dip, np.array([3.0]), 0.01, 2000)[-1, 0]
a_local, a_global = curvature_dip(w_local), curvature_dip(0.0)
print(f"local minimum w = {w_local:.3f}, J = {J_dip(w_local):.3f}, "
      f"a = {a_local:.2f}: stable for eta < {2 / a_local:.2f}")
print(f"global minimum w = 0, J = 0, a = {a_global:.2f}: "
      f"stable for eta < {2 / a_global:.1f}")
etas_dip = {"small": 0.1, "large": 1.0}
paths_dip = {name: gradient_descent(grad_J_dip, np.array([3.4]), eta, 60)
             for name, eta in etas_dip.items()}
for name, path in paths_dip.items():
    print(f"eta = {etas_dip[name]}: ends at w = {path[-1, 0]:+.4f}, "
          f"J = {J_dip(path[-1, 0]):.4f}")
assert abs(paths_dip["small"][-1, 0] - w_local) < 1e-3    # stuck in the dip
assert abs(paths_dip["large"][-1, 0]) < 1e-3              # escaped to w = 0
assert 2 / a_local < etas_dip["large"] < 2 / a_global

# %% tags=["figure:local-minimum"]
w_grid_dip = np.linspace(-2.5, 4.5, 500)
fig, ax = plt.subplots(figsize=(6.0, 3.0))
ax.plot(w_grid_dip, J_dip(w_grid_dip), color="0.6", linewidth=1)
for (name, path), color in zip(paths_dip.items(), ["#1f77b4", "#d62728"]):
    w = path[:, 0]
    ax.plot(w, J_dip(w), "-o", color=color, markersize=3, linewidth=0.8,
            label=f"$\\eta$ = {etas_dip[name]}: ends at $w$ = {w[-1]:.2f}")
ax.plot(3.4, J_dip(3.4), "ks", markersize=5, label="start")
ax.set(xlabel="$w$", ylabel="$J(w)$",
       title="a small step stays in the narrow dip; a large one escapes")
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
plt.show()

# %% [markdown]
# The small step follows the slope into the dip and stays: every step from
# there goes uphill, so it never learns that a much lower minimum exists. The
# large step is unstable in the narrow dip ($\eta > 2/a$ there), is thrown
# out, and settles in the wide bowl, where it is stable. This is one reason
# large learning rates and the noise of small batches are thought to steer
# training towards wide minima rather than sharp ones.
#
# **A saddle point.** $J(w) = w_1^2 - \frac12 w_2^2 + \frac14 w_2^4$ curves up
# along $w_1$ and down along $w_2$ at the origin: a saddle, with
# $\nabla J(0) = 0$, between two minima at $w = (0, \pm 1)$ where $J = -\frac14$.
# Start at $w = (1.5, 0)$, exactly on the ridge line, and at
# $(1.5, 10^{-4})$, a hair off it, with $\eta = 0.1$:

# %%
def J_saddle(w):
    return w[..., 0] ** 2 - w[..., 1] ** 2 / 2 + w[..., 1] ** 4 / 4


def grad_J_saddle(w):
    return np.array([2 * w[0], -w[1] + w[1] ** 3])


starts = {"on the ridge": np.array([1.5, 0.0]),
          "off by 1e-4": np.array([1.5, 1e-4])}
paths_saddle = {name: gradient_descent(grad_J_saddle, w0, 0.1, 150)
                for name, w0 in starts.items()}
grad_norms = {name: np.linalg.norm([grad_J_saddle(w) for w in path], axis=1)
              for name, path in paths_saddle.items()}
for name, path in paths_saddle.items():
    near = (np.linalg.norm(path, axis=1) < 0.1).sum()
    print(f"{name:<13} ends at {path[-1].round(4)}, "
          f"J = {J_saddle(path[-1]):+.4f}, {near} steps within 0.1 of the saddle")
ridge, off = paths_saddle["on the ridge"], paths_saddle["off by 1e-4"]
assert np.linalg.norm(ridge[-1]) < 1e-6 and grad_norms["on the ridge"][-1] < 1e-6
assert np.allclose(off[-1], [0, 1], atol=1e-4)             # escaped to a minimum
assert (np.linalg.norm(off, axis=1) < 0.1).sum() >= 30     # after a long pause
assert grad_norms["off by 1e-4"].min() < 1e-2 * grad_norms["off by 1e-4"][0]

# %% tags=["figure:saddle"]
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.2),
                               gridspec_kw={"width_ratios": [1.2, 1]})
g1, g2 = np.meshgrid(np.linspace(-1.7, 1.7, 300), np.linspace(-1.5, 1.5, 300))
ax0.contour(g1, g2, J_saddle(np.stack([g1, g2], axis=-1)), levels=20,
            colors="0.75", linewidths=0.6)
for (name, path), color in zip(paths_saddle.items(), ["#d62728", "#2ca02c"]):
    ax0.plot(path[:, 0], path[:, 1], "-o", color=color, markersize=2,
             linewidth=1, label=name)
    ax1.semilogy(grad_norms[name], color=color, label=name)
ax0.plot([0, 0, 0], [0, 1, -1], "k*", markersize=8)
ax0.set(xlabel="$w_1$", ylabel="$w_2$", title="a saddle at the origin")
ax0.set_aspect("equal")
ax0.legend(fontsize=7, loc="lower left")
ax1.set(xlabel="step", ylabel=r"$\|\nabla\,J(w)\|$", title="gradient norm")
fig.tight_layout()
plt.show()

# %% [markdown]
# On the ridge the $w_2$-gradient is exactly zero, so gradient descent walks
# into the saddle and stops there, at a point that is not a minimum. A hair off
# the ridge it escapes, but slowly: near the saddle the gradient is tiny, so
# the steps are tiny too: the gradient norm (right) dips by more than two
# orders of magnitude, and the run lingers near the saddle for dozens of steps before it
# finds the way down. In networks with millions of weights, saddle points
# and flat regions are far more common than bad local minima, and slow
# plateaus like this one are a familiar sight in training curves.
#
# ## 4. Full-batch, mini-batch and single-example SGD
#
# A real loss is an average over examples. Logistic regression on the
# two moons (chapter 3's binary cross-entropy) has
# $J(w) = \frac1n \sum_i \mathcal{L}^{(i)}(w)$ with
# $\hat y^{(i)} = \sigma(w_0 + x^{(i)\top} w)$ and gradient
# $\frac1n \sum_i (\hat y^{(i)} - y^{(i)})\,(1, x^{(i)})$. We put the bias
# into $w$ as the weight of a constant input 1. `minibatch_sgd` takes one
# step per mini-batch from `dlbook.train.batches`, with the same learning
# rate for every batch size.

# %%
X_m, y_m = moons(n=400, noise=0.15, seed=0)
n_m = len(y_m)


def with_bias(X):
    return np.column_stack([np.ones(len(X)), X])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def bce_grad(w, X_B, y_B):
    """Gradient of the mean binary cross-entropy over a batch."""
    Xb = with_bias(X_B)
    return Xb.T @ (sigmoid(Xb @ w) - y_B) / len(y_B)


def bce(W):
    """Full-data loss at each row of W, (k, 3) -> (k,)."""
    p = sigmoid(W @ with_bias(X_m).T)
    eps = 1e-12
    return -np.mean(y_m * np.log(p + eps)
                    + (1 - y_m) * np.log(1 - p + eps), axis=1)


# The minimum of J, for reference: many full-batch steps.
J_star = bce(gradient_descent(lambda w: bce_grad(w, X_m, y_m),
                              np.zeros(3), 2.0, 3000)[-1:])[0]
print(f"min J = {J_star:.4f}")

epochs = 30
runs = {}
for B in [n_m, 32, 1]:
    start = time.perf_counter()
    path = minibatch_sgd(bce_grad, np.zeros(3), X_m, y_m, eta=0.5,
                         batch_size=B, epochs=epochs,
                         rng=np.random.default_rng(0))
    runs[B] = (path, time.perf_counter() - start)
print(f"{'batch size':>10}{'steps/epoch':>13}{'steps':>7}"
      f"{'final J':>9}{'seconds':>9}")
for B, (path, seconds) in runs.items():
    steps = len(path) - 1
    print(f"{B:>10}{steps // epochs:>13}{steps:>7}"
          f"{bce(path[-1:])[0]:>9.4f}{seconds:>9.3f}")

# %% tags=["figure:batch-size"]
names = {n_m: f"full batch ({n_m})", 32: "mini-batch (32)",
         1: "single example (1)"}
colors_b = {n_m: "#1f77b4", 32: "#2ca02c", 1: "#d62728"}
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.2), sharey=True)
for B, (path, _) in runs.items():
    J_path = bce(path)
    steps = np.arange(len(J_path))
    ax0.plot(steps[1:], J_path[1:], color=colors_b[B], linewidth=0.8,
             label=names[B])
    ax1.plot(steps * B / n_m, J_path, color=colors_b[B], linewidth=0.8)
for ax in (ax0, ax1):
    ax.axhline(J_star, color="k", linestyle=":", linewidth=1)
ax0.set(xscale="log", xlabel="update steps",
        ylabel="full-data loss $J$", title="per step")
ax1.set(xlabel="epochs (examples seen / n)", title="per epoch",
        xlim=(0, epochs))
ax0.legend(fontsize=7)
fig.tight_layout()
plt.show()

# %% [markdown]
# Per *step*, the full gradient is the steadiest: every step goes straight
# downhill. The mini-batch of 32 follows it almost exactly, step for step,
# while single-example SGD starts badly (its first steps even go uphill)
# before it catches up. Per *epoch* (per pass over the data) the picture flips:
# single-example SGD has taken 400 steps while full-batch descent has
# taken one, and after one epoch it is far ahead. But an epoch is not a
# unit of computation: the table shows $B = 1$ taking by far the most
# time, because 400 tiny updates cost much more than 13 batched ones.
# And its loss never settles: it jitters around the minimum because each
# step follows one example's opinion. The mini-batch of 32 ends with the
# lower loss of the two stochastic runs, in a fraction of the time of
# $B = 1$. The cell below checks each of these claims on this run.

# %%
J_final = {B: bce(path[-1:])[0] for B, (path, _) in runs.items()}
J_after_one_epoch = {B: bce(path[n_m // B:n_m // B + 1])[0] for B, (path, _) in runs.items()}
assert J_after_one_epoch[1] < J_after_one_epoch[32] < J_after_one_epoch[n_m]  # per epoch: small B ahead
assert runs[1][1] > 3 * runs[32][1]          # B = 1 costs far more time than B = 32
assert J_final[32] < J_final[1]              # and ends no better: its loss never settles
J_steps = {B: bce(path[:31]) for B, (path, _) in runs.items()}  # steps 0..30
assert (np.diff(J_steps[n_m]) < 0).all()                 # full batch: always down
assert np.abs(J_steps[32] - J_steps[n_m]).max() < 0.02   # B = 32: almost the same
assert (np.diff(J_steps[1][:5]) > 0).any()               # B = 1: uphill steps ...
assert (J_steps[1][1:6] > J_steps[n_m][1:6]).all()       # ... and behind at first

# %% [markdown]
# ### How noisy is a mini-batch gradient?
#
# A mini-batch gradient $\nabla J_{\mathcal B}$ is an unbiased estimate of
# the full gradient $\nabla J$. Drawing a batch $\mathcal B$ of $B$ of the
# $n$ examples without replacement, its mean squared error is
# $\mathbb E\,\|\nabla J_{\mathcal B} - \nabla J\|^2 = \frac{\sigma^2}{B}
# \cdot \frac{n - B}{n - 1}$, where $\sigma^2$ is the total variance of
# the per-example gradients: it falls like $1/B$, and reaches 0 at
# $B = n$. Let us measure it at the starting point $w = 0$.

# %%
rng = np.random.default_rng(1)
w_0 = np.zeros(3)
per_example = np.stack([bce_grad(w_0, X_m[i:i + 1], y_m[i:i + 1])
                        for i in range(n_m)])  # (n, 3)
g_full = per_example.mean(axis=0)
sigma2 = ((per_example - g_full) ** 2).sum(axis=1).mean()
sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 400]
measured = []
for B in sizes:
    errs = [np.sum((bce_grad(w_0, X_m[idx], y_m[idx]) - g_full) ** 2)
            for idx in (rng.choice(n_m, B, replace=False)
                        for _ in range(500))]
    measured.append(np.mean(errs))
theory = sigma2 / np.array(sizes) * (n_m - np.array(sizes)) / (n_m - 1)
for B, m, t in zip(sizes, measured, theory):
    print(f"B = {B:>3}: measured {m:.2e}   theory {t:.2e}")
# 500 batches per size: the measurement matches theory within sampling error
assert np.allclose(measured[:-1], theory[:-1], rtol=0.2)
assert measured[-1] < 1e-25  # B = n: the full gradient, no noise

# %% tags=["figure:minibatch-noise"]
fig, ax = plt.subplots(figsize=(4.5, 3.0))
ax.loglog(sizes[:-1], theory[:-1], "k-", linewidth=1,
          label=r"$\frac{\sigma^2}{B}\cdot\frac{n-B}{n-1}$")
ax.loglog(sizes[:-1], measured[:-1], "o", color="#d62728",
          markersize=4, label="measured (500 batches each)")
ax.set(xlabel="batch size $B$",
       ylabel=r"$E\,\|\nabla\,J_{\mathcal{B}} - \nabla\,J\|^2$",
       title="mini-batch gradient noise")
ax.legend(fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# Quadrupling the batch halves the *standard deviation* of the gradient,
# no more. So why not always use $B = 1$? Because hardware computes a
# batch of examples in one go (one matrix product instead of many
# vector products), so a larger batch costs far less than proportionally
# more time. Here is one gradient of a small network (2-64-64-1) in
# torch, timed on this machine's CPU for several batch sizes:

# %%
net = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.Tanh(),
                          torch.nn.Linear(64, 64), torch.nn.Tanh(),
                          torch.nn.Linear(64, 1))
X_t = torch.tensor(X_m)
y_t = torch.tensor(y_m, dtype=torch.float64)
loss_fn = torch.nn.BCEWithLogitsLoss()
print(f"{'B':>5}{'ms per gradient':>17}{'µs per example':>16}")
us_per_example = {}
for B in [1, 8, 64, 400]:
    repeats = max(3, 400 // B)
    start = time.perf_counter()
    for _ in range(repeats):
        net.zero_grad()
        loss_fn(net(X_t[:B])[:, 0], y_t[:B]).backward()
    ms = (time.perf_counter() - start) / repeats * 1e3
    print(f"{B:>5}{ms:>17.3f}{ms * 1e3 / B:>16.1f}")
    us_per_example[B] = ms * 1e3 / B
assert us_per_example[400] < us_per_example[1] / 10

# %% [markdown]
# The cost per example drops by more than an order of magnitude as the batch grows,
# until the hardware is busy; on a GPU that point comes much later. This
# is why practice settles on mini-batches of tens to thousands: enough
# examples to keep the hardware full, few enough to take many steps per
# epoch, and a little noise that does no harm (and is thought to help
# generalisation by steering away from sharp minima; chapter 5 §5.3).
#
# ### The largest stable learning rate grows with the batch
#
# Section 1 found the limit $\eta < 2/a$ for full-batch gradient descent. What
# about mini-batches? A short measured sweep, on the simplest loss with a sharp
# limit: linear regression with the mean squared error,
# $J(w) = \frac1n \sum_i (x^{(i)\top} w - y^{(i)})^2$, on $n = 256$ examples with
# $d = 8$ Gaussian inputs. For each batch size $B$ we try learning rates on a
# logarithmic grid, run 10 epochs of mini-batch SGD from $w = 0$ with the same
# shuffling, and call a run *stable* when its final loss is finite and below the
# starting loss. The largest stable $\eta$ for each $B$:

# %%
rng_lr = np.random.default_rng(0)
n_lr, d_lr = 256, 8
X_lr = rng_lr.normal(size=(n_lr, d_lr))
y_lr = X_lr @ rng_lr.normal(size=d_lr) + 0.1 * rng_lr.normal(size=n_lr)


def mse_grad_lr(w, X_B, y_B):
    return 2 * X_B.T @ (X_B @ w - y_B) / len(y_B)


def J_lr(w):
    return np.mean((X_lr @ w - y_lr) ** 2)


a_max = np.linalg.eigvalsh(2 * X_lr.T @ X_lr / n_lr).max()  # top curvature
etas_lr = np.geomspace(0.01, 2.0, 47)
batch_sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256]
largest_stable = {}
with np.errstate(all="ignore"):  # the unstable runs overflow: that is the point
    for B in batch_sizes:
        largest_stable[B] = None
        for eta in etas_lr:  # increasing; stop at the first unstable run
            path = minibatch_sgd(mse_grad_lr, np.zeros(d_lr), X_lr, y_lr,
                                 eta=eta, batch_size=B, epochs=10,
                                 rng=np.random.default_rng(1))
            J_end = J_lr(path[-1])
            if not (np.isfinite(J_end) and J_end < J_lr(np.zeros(d_lr))):
                break
            largest_stable[B] = eta
mean_sq_norm = (X_lr**2).sum(axis=1).mean()
print(f"full batch, theory: 2 / a_max = {2 / a_max:.3f};  "
      f"one example, rough theory: 1 / E||x||^2 = {1 / mean_sq_norm:.3f}")
for B, eta in largest_stable.items():
    print(f"B = {B:>3}: largest stable eta = {eta:.3f}")

# %% tags=["figure:stable-lr-vs-batch"]
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.loglog(batch_sizes, [largest_stable[B] for B in batch_sizes], "o-",
          color="#d62728", label="measured (largest stable $\\eta$)")
ax.axhline(2 / a_max, color="k", linestyle=":", linewidth=1,
           label="$2 / a_{\\max}$ (full batch)")
B_lin = np.array([1, 16])
ax.loglog(B_lin, B_lin / mean_sq_norm, "--", color="0.5", linewidth=1,
          label="$B\\, /\\, \\mathbb{E}\\|x\\|^2$ (linear scaling)")
ax.set(xlabel="batch size $B$", ylabel="learning rate $\\eta$",
       title="largest stable learning rate, linear regression")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# Two regimes. For small batches the largest stable rate grows about in
# proportion to $B$: one example pulls the weights along its own $x^{(i)}$ with
# curvature $2\|x^{(i)}\|^2$, so a single-example step must stay below about
# $1/\|x\|^2$, and averaging $B$ examples' gradients tames that by about a
# factor $B$. Beyond a *critical batch size* (here about 16) the rate saturates
# at the full-batch limit $2/a_{\max}$: a larger batch then buys no larger step,
# only a more exact gradient. This is the measured basis of the *linear scaling
# rule* (multiply $\eta$ by $k$ when you multiply $B$ by $k$), and of its limit.

# %%
eta_of = [largest_stable[B] for B in batch_sizes]
grid_step = etas_lr[1] / etas_lr[0]
assert all(x <= y for x, y in zip(eta_of[:6], eta_of[1:6]))  # grows up to B = 32
assert largest_stable[2] >= 1.6 * largest_stable[1]           # ~linear at first
assert largest_stable[1] < 0.25 * largest_stable[256]
assert 0.5 / mean_sq_norm < largest_stable[1] < 1.5 / mean_sq_norm
for B in (64, 128, 256):  # saturated, at the full-batch limit
    assert 2 / a_max / 1.3 < largest_stable[B] < 2 / a_max * 1.3
assert largest_stable[256] <= 2 / a_max * grid_step

# %% [markdown]
# ## 5. Seven optimizers from scratch, checked against `torch.optim`
#
# `dlbook.optim` implements each optimizer in a few lines with torch's
# interface (`zero_grad`, `step`). Give ours and torch's the same network,
# the same initial weights and the same data, run 100 full-batch steps,
# and compare the weights after every step.

# %%
def make_net(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(),
                               torch.nn.Linear(16, 1))


def train(optimizer_class, kwargs, steps=100):
    """Weights after every step, and the final loss."""
    model = make_net()
    opt = optimizer_class(model.parameters(), **kwargs)
    history = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(X_t)[:, 0], y_t)
        loss.backward()
        opt.step()
        history.append(torch.cat([p.detach().ravel().clone()
                                  for p in model.parameters()]))
    return torch.stack(history), loss.item()


settings = {
    "SGD": (SGD, torch.optim.SGD, {"lr": 0.5}),
    "momentum": (SGD, torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}),
    "Nesterov": (SGD, torch.optim.SGD,
                 {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    "Adagrad": (Adagrad, torch.optim.Adagrad, {"lr": 0.1}),
    "Adadelta": (Adadelta, torch.optim.Adadelta, {"lr": 1.0}),
    "RMSprop": (RMSprop, torch.optim.RMSprop, {"lr": 0.005}),
    "Adam": (Adam, torch.optim.Adam, {"lr": 0.01}),
}
print(f"{'optimizer':<10}{'final loss':>11}{'max |ours - torch|':>20}")
final_losses_opt = {}
for name, (ours, theirs, kwargs) in settings.items():
    h_ours, loss_ours = train(ours, kwargs)
    h_torch, _ = train(theirs, kwargs)
    diff = (h_ours - h_torch).abs().max().item()
    print(f"{name:<10}{loss_ours:>11.4f}{diff:>20.1e}")
    final_losses_opt[name] = loss_ours
    assert diff < 1e-11, name
assert max(final_losses_opt, key=final_losses_opt.get) == "Adadelta"
# Adadelta's first step: about sqrt(eps / (1 - rho)) per weight, at most
w_init = torch.cat([p.detach().ravel() for p in make_net().parameters()])
first_step = (train(Adadelta, {"lr": 1.0}, steps=1)[0][0] - w_init).abs().max()
print(f"Adadelta's largest first step: {first_step:.2e}")
assert first_step <= (1e-6 / (1 - 0.9)) ** 0.5 * 1.001

# %% [markdown]
# Every optimizer agrees with torch's to 11 digits or more (most to the last
# digit of a 64-bit float), over 100 steps and all 65 weights of the network.
# (The package's tests, `tests/test_optim.py`, do the same over a grid of
# learning rates, momenta, betas and weight decays.) Note Adadelta: with its
# default $\epsilon_{\text{opt}} = 10^{-6}$ (`eps`) its first step is at most
# $\sqrt{\epsilon_{\text{opt}} / (1 - \rho)} \approx 0.003$ per weight (printed
# above), and after 100 steps its loss is still the highest.
#
# ## 6. Adam's bias correction
#
# Feed Adam the same gradient $g_t = c$ at every step. Its averages are then
# $m_t = (1 - \beta_1^t)\, c$ and $s_t = (1 - \beta_2^t)\, c^2$: too small at
# first, because they start at 0. Uncorrected, the step would be
# $\eta\, m_t / \sqrt{s_t} = \eta\, \frac{1 - \beta_1^t}{\sqrt{1 - \beta_2^t}}
# \operatorname{sign}(c)$; bias correction divides both by exactly these
# factors, and every step is $\eta \operatorname{sign}(c)$ (up to
# $\epsilon_{\text{opt}}$). Our `Adam`, on a constant gradient:

# %% tags=["figure:adam-bias-correction"]
w_c = torch.zeros(1, requires_grad=True)
adam = Adam([w_c], lr=0.01)
sizes_c = []
for t in range(1, 6):
    before = w_c.item()
    w_c.grad = torch.tensor([-3.0])
    adam.step()
    sizes_c.append((w_c.item() - before) / 0.01)
print("step / eta, t = 1..5:", np.round(sizes_c, 8))

t_c = np.arange(1, 5001)
b1, b2 = 0.9, 0.999
fig, ax = plt.subplots(figsize=(5.5, 3.0))
ax.semilogx(t_c, np.ones_like(t_c, dtype=float), color="#2ca02c",
            label="bias-corrected (Adam)")
ax.semilogx(t_c, (1 - b1**t_c) / np.sqrt(1 - b2**t_c), color="#d62728",
            label="no correction")
ax.semilogx(t_c, 1 / np.sqrt(1 - b2**t_c), color="#ff7f0e",
            linestyle="--", label="only $m$ corrected")
ax.set(xlabel="step $t$", ylabel=r"step size / $\eta$", ylim=(0, 12),
       title=r"constant gradient, $\beta_1 = 0.9$, $\beta_2 = 0.999$")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
uncorrected = (1 - b1**t_c) / np.sqrt(1 - b2**t_c)
print(f"no correction: {uncorrected[0]:.2f} at t = 1, peak "
      f"{uncorrected.max():.2f} at t = {t_c[uncorrected.argmax()]}, "
      f"{uncorrected[999]:.2f} at t = 1000")
assert np.allclose(sizes_c, 1.0, atol=1e-6)  # every step is eta sign(c)
assert round(uncorrected[0], 2) == 3.16 and uncorrected.max() > 6
assert 5 <= t_c[uncorrected.argmax()] <= 20 and uncorrected[999] > 1.1
assert round(1 / np.sqrt(1 - b2), 1) == 31.6

# %% [markdown]
# Without the correction, Adam's early steps would not be too *small*
# but too *large*: $s$ is biased towards 0 more strongly than $m$
# ($\beta_2$ is closer to 1), so the ratio climbs to more than 6 times
# the intended step around $t = 10$ and takes thousands of steps to come
# back to 1. Correcting only $m$ would be worse still:
# $1/\sqrt{1 - 0.999} \approx 31.6$ at the first step.
#
# ## 7. Seven optimizers on one landscape
#
# Back to the bowl of section 2, started from the same point. Each
# optimizer gets a learning rate that suits it (adaptive methods move each
# coordinate by roughly $\eta$ per step, plain SGD by $\eta$ times the
# gradient), and runs 50 steps through `minimize`, the training loop in
# its smallest form.

# %%
a_t = torch.tensor(a)


def J_torch(w):
    return 0.5 * (a_t * w**2).sum()


optimizers = {
    "SGD, $\\eta$=0.4": lambda ps: SGD(ps, lr=0.4),
    "momentum, 0.1, $\\mu$=0.8": lambda ps: SGD(ps, lr=0.1,
                                                  momentum=0.8),
    "Nesterov, 0.1, $\\mu$=0.8": lambda ps: SGD(ps, lr=0.1,
                                                  momentum=0.8,
                                                  nesterov=True),
    "Adagrad, 1.0": lambda ps: Adagrad(ps, lr=1.0),
    "Adadelta, 1.0, eps=0.01": lambda ps: Adadelta(ps, lr=1.0,
                                                           eps=1e-2),
    "RMSprop, 0.2, $\\alpha$=0.9": lambda ps: RMSprop(ps, lr=0.2,
                                                      alpha=0.9),
    "Adam, 0.4": lambda ps: Adam(ps, lr=0.4),
}
paths_opt = {name: minimize(J_torch, torch.tensor(w_start), make, 50)
             for name, make in optimizers.items()}
for name, path in paths_opt.items():
    short = name.split(",")[0]
    print(f"{short:<9} J after 10 steps {J_2d(path[10]):9.2e}"
          f"   after 50 {J_2d(path[50]):9.2e}")

# %% tags=["figure:optimizer-race"]
styles = ["-", "-", "--", "-", ":", "-.", "-"]
colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
          "#8c564b", "#e377c2"]
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.6),
                               gridspec_kw={"width_ratios": [1.5, 1]})
bowl_contours(ax0)
for (name, path), ls, c in zip(paths_opt.items(), styles, colors):
    ax0.plot(path[:, 0], path[:, 1], linestyle=ls, color=c,
             linewidth=1.2, marker=".", markersize=2.5,
             label=name.split(",")[0])
    ax1.semilogy(J_2d(path), linestyle=ls, color=c, linewidth=1.2)
ax0.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4,
           fontsize=7, frameon=False)
ax1.set(xlabel="step", ylabel="$J(w)$", title="loss")
fig.tight_layout()
plt.show()

# %% [markdown]
# Each optimizer draws its own signature:
#
# - **SGD** zig-zags across the steep direction $w_2$ and only then crawls
#   along the flat one.
# - **Momentum** builds up speed along $w_1$, overshoots the minimum and
#   swings back: a heavy ball rolling in a bowl.
# - **Nesterov** looks one velocity ahead, sees the overshoot coming, and
#   brakes earlier: fewer and smaller swings.
# - **Adagrad, Adadelta, RMSProp and Adam** divide each coordinate by its
#   own gradient scale, so their first steps point diagonally (both
#   coordinates move by about the same amount, whatever the gradient),
#   not straight down the steep wall. Here the valley's axes are the
#   coordinate axes, so scaling each coordinate on its own is exactly what
#   the bowl needs; rotate the bowl (see **Try it**) to see how much of that
#   advantage is left.
# - **Adam** adds momentum to that: it overshoots like the heavy ball.
#
# No optimizer wins everywhere, and the ranking changes with the learning
# rates. Change them above (try SGD with $\eta = 0.5$, or momentum with
# $\mu = 0.95$) and watch. The signatures, checked on the paths:

# %%
path_of = {name.split(",")[0]: np.asarray(path)
           for name, path in paths_opt.items()}
sgd_w2 = path_of["SGD"][:10, 1]
assert (np.sign(sgd_w2[1:]) == -np.sign(sgd_w2[:-1])).all()  # zig-zags
overshoot = {k: path_of[k][:, 0].max() for k in path_of}  # w_1 starts at -5
assert overshoot["momentum"] > 0.1 and overshoot["Adam"] > 0.5   # swing past 0
assert overshoot["Nesterov"] < overshoot["momentum"]              # brakes earlier
for k in ("Adagrad", "Adadelta", "RMSprop", "Adam"):
    dw = np.abs(path_of[k][1] - path_of[k][0])
    assert 0.8 < dw[0] / dw[1] < 1.25, k       # first step: diagonal
dw_sgd = np.abs(path_of["SGD"][1] - path_of["SGD"][0])
assert np.isclose(dw_sgd[1] / dw_sgd[0], 8.0)  # SGD: mostly down the steep wall

# %% [markdown]
# ## 8. Learning-rate schedules
#
# A schedule changes $\eta$ as training goes. `dlbook.optim.schedules` writes
# each one as a closed-form function of the step; the dots are what
# `torch.optim.lr_scheduler` does, one `scheduler.step()` at a time.

# %% tags=["figure:schedules"]
T = 100
schedules = {
    "step (x0.5 every 25)": (
        lambda t: step_lr(t, 0.1, 25, 0.5),
        lambda o: lr_scheduler.StepLR(o, 25, 0.5)),
    "exponential (x0.97)": (
        lambda t: exponential_lr(t, 0.1, 0.97),
        lambda o: lr_scheduler.ExponentialLR(o, 0.97)),
    "cosine to 0.005": (
        lambda t: cosine_lr(t, 0.1, 0.005, T),
        lambda o: lr_scheduler.CosineAnnealingLR(o, T, 0.005)),
    "warm-up 10 + cosine": (
        lambda t: warmup_cosine_lr(t, 0.1, 10, T - 10, 0.005, 0.1),
        lambda o: lr_scheduler.SequentialLR(
            o, [lr_scheduler.LinearLR(o, 0.1, 1.0, 10),
                lr_scheduler.CosineAnnealingLR(o, T - 10, 0.005)],
            milestones=[10])),
}


def torch_schedule(make):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = make(opt)
    lrs = []
    for _ in range(T):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return np.array(lrs)


fig, ax = plt.subplots(figsize=(6.0, 3.2))
for (name, (lr_at, make)), c in zip(schedules.items(), colors):
    ours = np.array([lr_at(t) for t in range(T)])
    theirs = torch_schedule(make)
    print(f"{name:<22} max |ours - torch| = "
          f"{np.abs(ours - theirs).max():.1e}")
    assert np.abs(ours - theirs).max() < 1e-12, name
    ax.plot(ours, color=c, label=name)
    ax.plot(np.arange(0, T, 4), theirs[::4], "o", color=c,
            markersize=2.5)
ax.set(xlabel="step $t$", ylabel=r"$\eta_t$",
       title="lines: dlbook.optim.schedules, dots: torch")
ax.legend(fontsize=7)
fig.tight_layout()
plt.show()

# %% [markdown]
# Why bother? Section 4 showed single-example SGD stuck in a cloud of
# noise around the minimum. The noise in each step is proportional to
# $\eta$, so shrinking $\eta$ late in training shrinks the cloud. Here
# is single-example SGD on the moons again, written as a torch training
# loop with our `SGD` and a `Scheduler`, once at a constant $\eta = 0.5$
# and once annealed from 0.5 by a cosine over the same 30 epochs.

# %%
def sgd_run(lr_at, epochs=30, seed=0):
    rng = np.random.default_rng(seed)
    w = torch.zeros(3, requires_grad=True)
    opt = SGD([w], lr=0.5)
    sched = Scheduler(opt, lr_at)
    Xb_t = torch.tensor(with_bias(X_m))
    losses = []
    for _ in range(epochs):
        for i in rng.permutation(n_m):
            opt.zero_grad()
            loss_fn(Xb_t[i] @ w, y_t[i]).backward()
            opt.step()
        sched.step()  # once per epoch
        losses.append(bce(w.detach().numpy()[None])[0])
    return np.array(losses)


start = time.perf_counter()
constant = sgd_run(lambda t: 0.5)
annealed = sgd_run(lambda t: cosine_lr(t, 0.5, 0.0, 30))
print(f"two runs of 30 epochs in {time.perf_counter() - start:.1f} s")
print(f"last 5 epochs, constant eta: {constant[-5:].round(4)}")
print(f"last 5 epochs, cosine:       {annealed[-5:].round(4)}")

# %% tags=["figure:cosine-sgd"]
fig, ax = plt.subplots(figsize=(5.5, 3.0))
ax.plot(np.arange(1, 31), constant, color="#d62728",
        label=r"constant $\eta = 0.5$")
ax.plot(np.arange(1, 31), annealed, color="#2ca02c",
        label=r"cosine from 0.5 to 0")
ax.axhline(J_star, color="k", linestyle=":", linewidth=1,
           label="minimum of $J$")
ax.set(xlabel="epoch", ylabel="full-data loss $J$",
       title="single-example SGD")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# With a constant rate the loss keeps jumping from epoch to epoch; as the
# cosine brings $\eta$ down, the jumps die out and the weights come to
# rest near the bottom. Checked on the last five epochs:

# %%
jumps = {"constant": np.abs(np.diff(constant[-5:])).max(),
         "cosine": np.abs(np.diff(annealed[-5:])).max()}
print(f"largest jump between the last epochs: constant {jumps['constant']:.1e},"
      f" cosine {jumps['cosine']:.1e}")
assert jumps["cosine"] < jumps["constant"] / 100
assert annealed[-1] - J_star < 1e-3 < constant[-5:].mean() - J_star

# %% [markdown]
# ## 9. Finding a learning rate: the range test
#
# Section 1 gave the rule for a loss we can analyse: $\eta < 2/a$. For a
# network we cannot compute $a$, and sweeping a grid of learning rates costs
# one training run per rate. The *learning-rate range test* (Smith, 2017) gets
# a good rate from one short run: start with a tiny $\eta$, multiply it by a
# constant factor after every mini-batch step, and record the loss. While
# $\eta$ is too small the loss barely moves; then it falls fast; then, once
# $\eta$ passes the stability limit, it shoots up. We stop there. A good
# learning rate sits well before the blow-up: the common rule of thumb takes
# one tenth of the rate at which the (smoothed) loss is lowest.
#
# Here is the test for a 2-32-32-1 tanh network on the moons, trained by SGD
# with momentum 0.9 on mini-batches of 32, $\eta$ going from $10^{-4}$ towards
# 100 over at most 300 steps.

# %%
def make_mlp(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(2, 32), torch.nn.Tanh(), torch.nn.Linear(32, 32),
        torch.nn.Tanh(), torch.nn.Linear(32, 1))


def endless_batches(B, rng):
    while True:  # epoch after epoch
        yield from batches(X_t, y_t, B, rng=rng)


def range_test(lo=1e-4, hi=100.0, steps=300, beta=0.9):
    """Loss against a growing learning rate; stops when the loss blows up."""
    net = make_mlp()
    opt = torch.optim.SGD(net.parameters(), lr=lo, momentum=0.9)
    lrs = np.geomspace(lo, hi, steps)
    raw, smooth, avg = [], [], 0.0
    data = endless_batches(32, np.random.default_rng(0))
    for k, lr in enumerate(lrs):
        for group in opt.param_groups:
            group["lr"] = lr
        X_B, y_B = next(data)
        opt.zero_grad()
        loss = loss_fn(net(X_B)[:, 0], y_B)
        loss.backward()
        opt.step()
        raw.append(loss.item())
        avg = beta * avg + (1 - beta) * raw[-1]  # smoothed, bias-corrected
        smooth.append(avg / (1 - beta ** (k + 1)))
        if not np.isfinite(raw[-1]) or smooth[-1] > 4 * min(smooth):
            break
    return lrs[:len(raw)], np.array(raw), np.array(smooth)


lrs_rt, raw_rt, smooth_rt = range_test()
lr_lowest = lrs_rt[np.argmin(smooth_rt)]
lr_suggested = lr_lowest / 10
print(f"{len(raw_rt)} steps; smoothed loss lowest at eta = {lr_lowest:.3g}, "
      f"blown up by eta = {lrs_rt[-1]:.3g}")
print(f"suggested learning rate: {lr_suggested:.3g}")

# %% [markdown]
# Is the suggestion any good? The expensive check: train the same network for
# 20 epochs at each rate of a grid, and at the suggested one.

# %%
def train_mlp_sgd(lr, epochs=20):
    net = make_mlp()
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    rng = np.random.default_rng(1)
    for _ in range(epochs):
        for X_B, y_B in batches(X_t, y_t, 32, rng=rng):
            opt.zero_grad()
            loss_fn(net(X_B)[:, 0], y_B).backward()
            opt.step()
    with torch.no_grad():
        return loss_fn(net(X_t)[:, 0], y_t).item()


lr_grid = np.geomspace(1e-3, 3, 8)
with np.errstate(all="ignore"):
    sweep = {lr: train_mlp_sgd(lr) for lr in lr_grid}
J_suggested = train_mlp_sgd(lr_suggested)
for lr, J_end in sweep.items():
    print(f"eta = {lr:8.4f}: J after 20 epochs {J_end:.4f}")
print(f"suggested eta = {lr_suggested:.4f}: J after 20 epochs {J_suggested:.4f}")

# %% tags=["figure:lr-range-test"]
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.2))
ax0.semilogx(lrs_rt, raw_rt, color="0.75", linewidth=0.8, label="loss")
ax0.semilogx(lrs_rt, smooth_rt, color="#1f77b4", label="smoothed")
ax0.axvline(lr_lowest, color="#d62728", linestyle=":", label="lowest")
ax0.axvline(lr_suggested, color="#2ca02c", label="suggested (1/10)")
ax0.set(xlabel=r"learning rate $\eta$ (grows every step)",
        ylabel="mini-batch loss", title="range test: one run",
        ylim=(0, 1.5))
ax0.legend(fontsize=7)
finite = {lr: J for lr, J in sweep.items() if np.isfinite(J) and J < 10}
ax1.loglog(list(finite), list(finite.values()), "o-", color="0.4",
           label="20 epochs at each rate")
ax1.loglog([lr_suggested], [J_suggested], "o", color="#2ca02c",
           markersize=8, label="suggested rate")
ax1.set(xlabel=r"learning rate $\eta$", ylabel="$J$ after 20 epochs",
        title="the check: a sweep")
ax1.legend(fontsize=7)
fig.tight_layout()
plt.show()

# %% [markdown]
# The range test's curve falls, bottoms out and blows up, and one tenth of its
# lowest point lands close to the best rate of the sweep: a rate of the right
# order of magnitude from one short run of a few hundred steps, instead of
# eight full trainings. The sweep also shows both failure modes of section 1
# on a real network: too small a rate barely trains in 20 epochs, too large
# a rate makes things worse. Checked:

# %%
best_lr = min(sweep, key=sweep.get)
assert len(raw_rt) < 300 and smooth_rt[-1] > 4 * smooth_rt.min()  # blew up
assert smooth_rt.min() < 0.5 * smooth_rt[0]                          # fell first
assert J_suggested < 1.5 * sweep[best_lr]     # about as good as the best
assert best_lr / 10 < lr_suggested < best_lr * 10   # the right order
assert sweep[lr_grid[0]] > 5 * sweep[best_lr]        # too small
assert not sweep[lr_grid[-1]] < 2 * sweep[best_lr]   # too large (or nan)

# %% [markdown]
# **Try it.** Give Adadelta its default `eps` $= 10^{-6}$ in section 7
# and see how long it takes to get going. Rotate the bowl of section 7
# (replace `a * w**2` by a quadratic form with off-diagonal terms) and
# compare SGD with Adagrad again. In section 4, double the learning rate
# for each batch size: which run suffers first? Run the range test of
# section 9 with Adam instead of SGD: where does it suggest to start?

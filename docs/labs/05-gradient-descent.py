# %% [markdown]
# # Lab 5: gradient descent
#
# This lab runs every piece of chapter 5: the gradient descent loop with a
# learning rate that is too small, right, and too large, in one and two
# dimensions; full-batch, mini-batch and single-example SGD on a
# classification task, with the noise of a mini-batch gradient measured
# against theory; the seven optimizers of `dlbook.optim` checked step for
# step against `torch.optim`; Adam's bias correction; the seven racing
# across one loss landscape; and learning-rate schedules, checked against
# `torch.optim.lr_scheduler` and put to work.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.optim import lr_scheduler

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

# %%
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
# up the other wall than the last, and the run diverges.
#
# ## 2. The learning rate, in two dimensions
#
# In more dimensions each direction has its own curvature. On the
# quadratic bowl $J(w) = \frac12 (0.2\, w_1^2 + 4\, w_2^2)$ the gradient is
# $(0.2\, w_1, 4\, w_2)$, and one step multiplies $w_1$ by $1 - 0.2\eta$
# and $w_2$ by $1 - 4\eta$. The steep direction $w_2$ caps the learning
# rate at $\eta < 2/4 = 0.5$; the flat direction $w_1$ then shrinks by at
# least $1 - 0.2 \cdot 0.5 = 0.9$ per step. The ratio of the two
# curvatures (20, the *condition number*) is what makes this bowl slow.

# %%
lam = np.array([0.2, 4.0])  # the curvatures of the two directions


def J_2d(w):
    return 0.5 * (lam * w**2).sum(axis=-1)


def grad_J_2d(w):
    return lam * w


w_start = np.array([-5.0, -2.0])
etas_2d = {"too small": 0.05, "good": 0.4, "too large": 0.52}
paths_2d = {name: gradient_descent(grad_J_2d, w_start, eta, 30)
            for name, eta in etas_2d.items()}
print("per-step factors |1 - eta lambda_i| for (w_1, w_2):")
for name, eta in etas_2d.items():
    factors = np.abs(1 - eta * lam)
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
# by 8% a step and the loss climbs, although $w_1$ keeps improving.
#
# ## 3. Full-batch, mini-batch and single-example SGD
#
# A real loss is an average over examples. Logistic regression on the
# two moons (chapter 3's binary cross-entropy) has
# $J(w) = \frac1n \sum_i L_i(w)$ with $\hat y_i = \sigma(w_0 + x_i^\top w)$
# and gradient $\frac1n \sum_i (\hat y_i - y_i)\,(1, x_i)$. We put the bias
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

# %%
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
# Per *step*, the full gradient is best: every step goes straight
# downhill. Per *epoch* (per pass over the data) the picture flips:
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
#
# ### How noisy is a mini-batch gradient?
#
# A mini-batch gradient $g_B$ is an unbiased estimate of the full
# gradient $g$. Drawing $B$ of the $n$ examples without replacement, its
# mean squared error is $\mathbb E\,\|g_B - g\|^2 = \frac{\sigma^2}{B}
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

# %%
fig, ax = plt.subplots(figsize=(4.5, 3.0))
ax.loglog(sizes[:-1], theory[:-1], "k-", linewidth=1,
          label=r"$\frac{\sigma^2}{B}\cdot\frac{n-B}{n-1}$")
ax.loglog(sizes[:-1], measured[:-1], "o", color="#d62728",
          markersize=4, label="measured (500 batches each)")
ax.set(xlabel="batch size $B$", ylabel=r"$E\,\|g_B - g\|^2$",
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
for B in [1, 8, 64, 400]:
    repeats = max(3, 400 // B)
    start = time.perf_counter()
    for _ in range(repeats):
        net.zero_grad()
        loss_fn(net(X_t[:B])[:, 0], y_t[:B]).backward()
    ms = (time.perf_counter() - start) / repeats * 1e3
    print(f"{B:>5}{ms:>17.3f}{ms * 1e3 / B:>16.1f}")

# %% [markdown]
# The cost per example drops by orders of magnitude as the batch grows,
# until the hardware is busy; on a GPU that point comes much later. This
# is why practice settles on mini-batches of tens to thousands: enough
# examples to keep the hardware full, few enough to take many steps per
# epoch, and a little noise that does no harm (and is thought to help
# generalisation by steering away from sharp minima; chapter 5 §5.3).
#
# ## 4. Seven optimizers from scratch, checked against `torch.optim`
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
for name, (ours, theirs, kwargs) in settings.items():
    h_ours, loss_ours = train(ours, kwargs)
    h_torch, _ = train(theirs, kwargs)
    diff = (h_ours - h_torch).abs().max().item()
    print(f"{name:<10}{loss_ours:>11.4f}{diff:>20.1e}")

# %% [markdown]
# Every optimizer agrees with torch's to about the last digit of a 64-bit
# float, over 100 steps and all 65 weights of the network. (The package's
# tests, `tests/test_optim.py`, do the same over a grid of learning rates,
# momenta, betas and weight decays.) Note Adadelta: with its default
# $\epsilon = 10^{-6}$ its first steps are only about $\sqrt{\epsilon}$ in
# size, and after 100 steps its loss is still the highest.
#
# ## 5. Adam's bias correction
#
# Feed Adam the same gradient $g$ at every step. Its averages are then
# $m_t = (1 - \beta_1^t)\, g$ and $v_t = (1 - \beta_2^t)\, g^2$: too small at
# first, because they start at 0. Uncorrected, the step would be
# $\eta\, m_t / \sqrt{v_t} = \eta\, \frac{1 - \beta_1^t}{\sqrt{1 - \beta_2^t}}
# \operatorname{sign}(g)$; bias correction divides both by exactly these
# factors, and every step is $\eta \operatorname{sign}(g)$ (up to
# $\epsilon$). Our `Adam`, on a constant gradient:

# %%
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

# %% [markdown]
# Without the correction, Adam's early steps would not be too *small*
# but too *large*: $v$ is biased towards 0 more strongly than $m$
# ($\beta_2$ is closer to 1), so the ratio climbs to more than 6 times
# the intended step around $t = 10$ and takes thousands of steps to come
# back to 1. Correcting only $m$ would be worse still:
# $1/\sqrt{1 - 0.999} \approx 31.6$ at the first step.
#
# ## 6. Seven optimizers on one landscape
#
# Back to the bowl of section 2, started from the same point. Each
# optimizer gets a learning rate that suits it (adaptive methods move each
# coordinate by roughly $\eta$ per step, plain SGD by $\eta$ times the
# gradient), and runs 50 steps through `minimize`, the training loop in
# its smallest form.

# %%
lam_t = torch.tensor(lam)


def J_torch(w):
    return 0.5 * (lam_t * w**2).sum()


optimizers = {
    "SGD, $\\eta$=0.4": lambda ps: SGD(ps, lr=0.4),
    "momentum, 0.1, $\\mu$=0.8": lambda ps: SGD(ps, lr=0.1,
                                                  momentum=0.8),
    "Nesterov, 0.1, $\\mu$=0.8": lambda ps: SGD(ps, lr=0.1,
                                                  momentum=0.8,
                                                  nesterov=True),
    "Adagrad, 1.0": lambda ps: Adagrad(ps, lr=1.0),
    "Adadelta, 1.0, $\\epsilon$=0.01": lambda ps: Adadelta(ps, lr=1.0,
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

# %%
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
#   coordinate axes, the case these methods handle best: rotate the bowl
#   and the advantage shrinks.
# - **Adam** adds momentum to that: it overshoots like the heavy ball.
#
# No optimizer wins everywhere, and the ranking changes with the learning
# rates. Change them above (try SGD with $\eta = 0.5$, or momentum with
# $\mu = 0.95$) and watch.
#
# ## 7. Learning-rate schedules
#
# A schedule changes $\eta$ as training goes. `dlbook.optim.schedules` writes
# each one as a closed-form function of the step; the dots are what
# `torch.optim.lr_scheduler` does, one `scheduler.step()` at a time.

# %%
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
    ax.plot(ours, color=c, label=name)
    ax.plot(np.arange(0, T, 4), theirs[::4], "o", color=c,
            markersize=2.5)
ax.set(xlabel="step $t$", ylabel=r"$\eta_t$",
       title="lines: dlbook.optim.schedules, dots: torch")
ax.legend(fontsize=7)
fig.tight_layout()
plt.show()

# %% [markdown]
# Why bother? Section 3 showed single-example SGD stuck in a cloud of
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

# %%
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
# rest near the bottom.
#
# **Try it.** Give Adadelta its default $\epsilon = 10^{-6}$ in section 6
# and see how long it takes to get going. Rotate the bowl of section 6
# (replace `lam * w**2` by a quadratic form with off-diagonal terms) and
# compare SGD with Adagrad again. In section 3, double the learning rate
# for each batch size: which run suffers first?

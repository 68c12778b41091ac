# %% [markdown]
# # Lab 3: losses
#
# This lab runs every piece of chapter 3: the empirical loss of a model on a data
# set, mean squared error and binary cross-entropy as functions of the prediction,
# the gradients that make cross-entropy the right loss for a sigmoid output, naive
# and stable softmax cross-entropy as the logits grow, every loss checked against
# PyTorch, and the loss surface of a small logistic model on the moons.

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from dlbook.data.synthetic import moons
from dlbook.nn.activations import sigmoid, sigmoid_grad
from dlbook.nn.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    log_sum_exp,
    mse,
    mse_grad,
    one_hot,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from dlbook.plotting import CLASS_COLORS, style

style()
# Compare with numpy in the same (64-bit) precision.
torch.set_default_dtype(torch.float64)

# %% [markdown]
# ## 1. The empirical loss is a mean
#
# A loss $\mathcal{L}(\hat y, y)$ scores one prediction; the empirical loss
# $J(W) = \frac1n \sum_i \mathcal{L}(\hat y^{(i)}, y^{(i)})$ scores a model on a whole data
# set. Here is a logistic model $\hat y = \sigma(w_0 + x^\top w)$ with hand-picked
# weights on four points of the moons, one loss per example:

# %%
X, y = moons(n=200, noise=0.15, seed=0)
w, w_0 = np.array([1.0, -2.0]), 0.0
p = sigmoid(w_0 + X @ w)

per_example = -(y * np.log(p) + (1 - y) * np.log(1 - p))
print(" x_1    x_2   | y | p_hat  | loss")
for x_i, y_i, p_i, l_i in zip(X[:4], y[:4], p[:4], per_example[:4]):
    print(f"{x_i[0]:5.2f}  {x_i[1]:5.2f}  | {y_i} | {p_i:.3f}"
          f"  | {l_i:.3f}")
print(f"J on these 4: {per_example[:4].mean():.4f}")
print(f"J on all 200: {per_example.mean():.4f}  "
      f"(binary_cross_entropy: {binary_cross_entropy(p, y):.4f})")
print(f"sum on all 200: {per_example.sum():.1f}")
assert np.isclose(per_example.mean(), binary_cross_entropy(p, y))

# %% [markdown]
# The mean stays on the same scale whatever the number of examples; the sum grows
# with $n$. That is why every loss in `dlbook.nn.losses` (and in PyTorch, by default)
# is a mean, and why its gradient carries a factor $\frac1n$.
#
# ## 2. Two losses for a probability
#
# For a prediction $\hat p \in (0, 1)$ of a label $y \in \{0, 1\}$, the binary
# cross-entropy is $-\log \hat p$ if $y = 1$ and $-\log(1 - \hat p)$ if $y = 0$;
# the squared error is $(\hat p - y)^2$. Left: both as functions of $\hat p$.
# Right: their derivatives with respect to the logit $z$, where
# $\hat p = \sigma(z)$, which is what a gradient step actually follows.

# %% tags=["figure:bce-vs-mse"]
p_grid = np.linspace(0.001, 0.999, 999)
z_grid = np.linspace(-8, 8, 401)
colors = {1: CLASS_COLORS[1], 0: CLASS_COLORS[0]}

fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.2))
for label in (1, 0):
    target = np.full_like(p_grid, label)
    # one loss per grid point: pass each point as a batch of one
    bce = [binary_cross_entropy([q], [label]) for q in p_grid]
    ax0.plot(p_grid, bce, color=colors[label],
             label=f"BCE, $y={label}$")
    ax0.plot(p_grid, (p_grid - target) ** 2, color=colors[label],
             linestyle="--", label=f"MSE, $y={label}$")
ax0.set(xlabel=r"prediction $\hat p$", ylabel="loss", ylim=(0, 4),
        title="loss of one prediction")
ax0.legend(fontsize=7, loc="upper center")

s = sigmoid(z_grid)
# y = 1: dL/dz = sigma(z) - 1 for BCE,
#                2 (sigma(z) - 1) sigma'(z) for MSE
ax1.plot(z_grid, s - 1, color=colors[1], label=r"BCE: $\sigma(z) - y$")
ax1.plot(z_grid, 2 * (s - 1) * sigmoid_grad(z_grid), color=colors[1],
         linestyle="--", label=r"MSE: $2(\sigma(z) - y)\sigma'(z)$")
ax1.axhline(0, color="k", linewidth=0.6)
ax1.set(xlabel="logit $z$", ylabel=r"$\partial L / \partial z$",
        title="gradient at the logit, $y = 1$")
ax1.legend(fontsize=7, loc="lower right")
fig.tight_layout()
plt.show()

# %% [markdown]
# Both losses are 0 for a perfect prediction. For a confident, wrong one they
# part ways: the squared error never exceeds 1, while the cross-entropy grows
# without bound. The right panel shows what this does to learning. At $z = -8$
# the model says $\hat p = 0.0003$ for an example of class 1; the cross-entropy
# gradient is close to $-1$, a strong push upwards, while the squared error's is
# almost 0, because the flat sigmoid multiplies it by $\sigma'(z) \approx 0$:

# %%
for z in (-8.0, -4.0, 0.0, 4.0):
    g_bce = binary_cross_entropy_with_logits_grad([z], [1.0])[0]
    g_mse = mse_grad(sigmoid([z]), [1.0])[0] * sigmoid_grad(z)
    print(f"z = {z:5.1f}  p_hat = {sigmoid(z):.4f}   "
          f"dJ/dz: BCE {g_bce:+.4f}   MSE {g_mse:+.5f}")
    if z == -8.0:  # confidently wrong: BCE pushes hard, MSE barely
        assert round(float(sigmoid(z)), 4) == 0.0003
        assert g_bce < -0.99 and abs(g_mse) < 1e-3

# %% [markdown]
# ## 3. Binary cross-entropy from the logit
#
# Computing $\sigma(z)$ first and then its logarithm breaks down once the sigmoid
# rounds to exactly 0 or 1: for $z = 40$, $\sigma(z) = 1 - 4 \times 10^{-18}$ is
# stored as 1.0, and $\log(1 - 1) = -\infty$. `binary_cross_entropy` clips the
# probability, so it stays finite but caps the loss at 100;
# `binary_cross_entropy_with_logits` never forms the probability and is exact.

# %%
print(f"{'z':>7} {'y':>2} {'sigma(z)':>10} {'log of sigma':>13}"
      f" {'clipped':>8} {'from logit':>11}")
for z, label in [(2.0, 1), (40.0, 0), (-40.0, 1), (300.0, 0),
                 (-1000.0, 1)]:
    with np.errstate(divide="ignore", over="ignore"):
        sig = 1 / (1 + np.exp(-z))
        naive = -(label * np.log(sig) + (1 - label) * np.log(1 - sig))
    clipped = binary_cross_entropy([sig], [label])
    exact = binary_cross_entropy_with_logits([z], [label])
    print(f"{z:7.0f} {label:>2} {sig:10.3g} {naive:13.4g}"
          f" {clipped:8.4g} {exact:11.4g}")
    if z == 40.0:  # sigma(40) is stored as 1.0, and log(1 - 1) = -inf
        assert sig == 1.0 and naive == np.inf
    if z == -1000.0:  # clipping caps the loss at 100; the logit is exact
        assert clipped == 100.0 and exact == 1000.0

# %% [markdown]
# ## 4. Softmax cross-entropy as the logits grow
#
# Three classes with logits $z = s \cdot (2, 1, -1)$: the scale $s$ makes the
# classifier more and more confident that the answer is class 0. We compute the
# cross-entropy three ways:
#
# 1. **naive**: $e^{z}$, normalise, take $-\log$ of the true class's probability;
# 2. **log of a stable softmax**: subtract the maximum first, then the same;
# 3. **log-sum-exp**: $\log \sum_j e^{z_j} - z_y$, with the maximum subtracted
#    (`softmax_cross_entropy`).
#
# Left: the true class is 0, the model is right, and the loss falls to 0. Right:
# the true class is 1, the model is wrong, and the loss grows like $s$.

# %%
def ce_naive(Z, y):
    E = np.exp(Z)
    P = E / E.sum(axis=1, keepdims=True)
    return -np.log(P[np.arange(len(y)), y]).mean()


def ce_log_softmax(Z, y):
    P = softmax(Z)
    return -np.log(P[np.arange(len(y)), y]).mean()


z_0 = np.array([2.0, 1.0, -1.0])
scales = np.logspace(0, 3, 301)
methods = [("naive", ce_naive), ("log of softmax", ce_log_softmax),
           ("log-sum-exp", softmax_cross_entropy)]
curves = {}
with np.errstate(all="ignore"):  # the failures are the point here
    for true_class in (0, 1):
        for name, ce in methods:
            curves[true_class, name] = np.array(
                [ce((s * z_0)[None, :], np.array([true_class]))
                 for s in scales])

print(f"{'s':>6}  {'true':>4}  {'naive':>10}  {'log of softmax':>14}"
      f"  {'log-sum-exp':>11}")
for s_show in (1.0, 100.0, 400.0, 800.0, 1000.0):
    i = np.argmin(np.abs(scales - s_show))
    for true_class in (0, 1):
        # + 0.0 turns the -0.0 of -log(1.0) into 0.0
        row = [curves[true_class, name][i] + 0.0 for name, _ in methods]
        print(f"{s_show:6.0f}  {true_class:>4}  {row[0]:10.4g}"
              f"  {row[1]:14.4g}  {row[2]:11.4g}")


def first_failure(values):
    """The first scale s at which a curve is no longer finite (or None)."""
    bad = ~np.isfinite(values)
    return scales[bad][0] if bad.any() else None


step_s = scales[1] / scales[0]  # the grid's ratio between neighbours
# The claims below the figure, checked: the naive form fails once 2s > 709.78,
# the log of a stable softmax once the true class's probability underflows
# (s > 745, right panel only), log-sum-exp never, and it is exact.
for true_class in (0, 1):
    s_bad = first_failure(curves[true_class, "naive"])
    assert 709.78 / 2 <= s_bad <= 709.78 / 2 * step_s
    assert np.isfinite(curves[true_class, "log-sum-exp"]).all()
assert first_failure(curves[0, "log of softmax"]) is None
assert 745 <= first_failure(curves[1, "log of softmax"]) <= 746 * step_s
exact_ce = {0: np.log1p(np.exp(-scales) + np.exp(-3 * scales)),
            1: scales + np.log1p(np.exp(-scales) + np.exp(-3 * scales))}
for true_class in (0, 1):  # exact up to rounding at the logits' scale
    error = np.abs(curves[true_class, "log-sum-exp"] - exact_ce[true_class])
    assert (error <= 1e-14 * (1 + scales)).all()

# %% tags=["figure:softmax-ce-stability"]
styles = {"naive": dict(color="#d62728", linewidth=3.5, alpha=0.5),
          "log of softmax": dict(color="#ff7f0e", linewidth=2.2),
          "log-sum-exp": dict(color="k", linewidth=1.0)}
fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.2))
for ax, true_class in zip(axes, (0, 1)):
    for name, _ in methods:
        ax.plot(scales, curves[true_class, name], label=name,
                **styles[name])
        bad = ~np.isfinite(curves[true_class, name])
        if bad.any():
            s_bad = scales[bad][0]
            kind = "nan" if np.isnan(curves[true_class, name][bad][0]) \
                else "inf"
            ax.axvline(s_bad, color=styles[name]["color"],
                       linestyle=":", linewidth=1.2)
            ax.text(s_bad * 1.05, 0.5, f"{name}: {kind}",
                    transform=ax.get_xaxis_transform(), rotation=90,
                    fontsize=7, va="center",
                    color=styles[name]["color"])
    ax.set_xscale("log")
    ax.set(xlabel="logit scale $s$", ylabel="loss")
axes[0].set_title("true class 0 (right)")
axes[1].set_title("true class 1 (wrong)")
axes[1].set_yscale("log")
axes[0].legend(fontsize=7, loc="upper right")
fig.tight_layout()
plt.show()

# %% [markdown]
# The naive form fails first: once $2s > 709.78$, $e^{2s}$ overflows to `inf`,
# and the probabilities become `inf / inf = nan` (left) or `e^s / inf = 0`, whose
# log is $-\infty$ (right). Subtracting the maximum removes the overflow, but the
# log of the softmax still fails on the right: the true class's probability is
# about $e^{-s}$, which underflows to 0 once $s > 745$. Only the log-sum-exp form
# stays finite and exact everywhere; curves that end do so where their form breaks.
#
# The same on a batch, checked against PyTorch's `logsumexp`, `softmax` and
# `cross_entropy` (which also work from logits):

# %%
Z = np.array([[1000.0, 0.0, -1000.0],
              [-1000.0, -1001.0, -1002.0],
              [3.0, 1.0, 0.2]])
labels = np.array([2, 0, 0])
Z_t = torch.from_numpy(Z)
print("log_sum_exp:", log_sum_exp(Z))
print("torch      :", torch.logsumexp(Z_t, dim=1).numpy())
print("softmax    :\n", softmax(Z).round(4))
print("softmax_cross_entropy:", softmax_cross_entropy(Z, labels))
print("F.cross_entropy      :",
      F.cross_entropy(Z_t, torch.from_numpy(labels)).item())
assert np.allclose(log_sum_exp(Z), torch.logsumexp(Z_t, dim=1).numpy(),
                   rtol=1e-15, atol=0)
assert np.allclose(softmax(Z), torch.softmax(Z_t, dim=1).numpy(),
                   rtol=0, atol=1e-15)
assert np.isclose(softmax_cross_entropy(Z, labels),
                  F.cross_entropy(Z_t, torch.from_numpy(labels)).item(),
                  rtol=1e-15, atol=0)

# %% [markdown]
# ## 5. Every loss against PyTorch
#
# Each loss on random inputs and on extreme ones (logits of $\pm 1000$,
# probabilities of exactly 0 and 1), and each gradient against
# `torch.autograd` and against central differences
# $\frac{J(z + h e_j) - J(z - h e_j)}{2h}$. Each column is the largest
# absolute difference.

# %%
rng = np.random.default_rng(0)


def central_differences(J, z, h=1e-6):
    grad = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        e = np.zeros_like(z)
        e[idx] = h
        grad[idx] = (J(z + e) - J(z - e)) / (2 * h)
    return grad


y_hat_r, y_r = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
p_r = np.concatenate([rng.uniform(size=8), [0.0, 1.0, 0.0, 1.0]])
t_p = np.concatenate([rng.integers(0, 2, size=8), [0, 1, 1, 0]])
z_r = np.concatenate([rng.normal(0, 4, size=8), [1e3, -1e3, 1e3, -1e3]])
t_z = np.concatenate([rng.integers(0, 2, size=8), [0, 1, 1, 0]])
Z_r = np.vstack([rng.normal(0, 4, size=(6, 4)),
                 [[1e3, 0, -1e3, 5], [-1e3, -1e3, 0, 1e3]]])
c_r = rng.integers(0, 4, size=8)
T = torch.from_numpy

# (name, ours, its gradient or None, torch's, inputs, targets)
checks = [
    ("mse", mse, mse_grad, F.mse_loss, y_hat_r, y_r),
    ("bce (probabilities)", binary_cross_entropy, None,
     F.binary_cross_entropy, p_r, t_p.astype(float)),
    ("bce with logits", binary_cross_entropy_with_logits,
     binary_cross_entropy_with_logits_grad,
     F.binary_cross_entropy_with_logits, z_r, t_z.astype(float)),
    ("softmax cross-entropy", softmax_cross_entropy,
     softmax_cross_entropy_grad, F.cross_entropy, Z_r, c_r),
]
print(f"{'loss':<23}{'J vs torch':>11}{'grad vs':>10}{'grad vs':>13}")
print(f"{'':<23}{'':>11}{'autograd':>10}{'central diff':>13}")
for name, J, dJ, J_torch, inp, tgt in checks:
    inp_t = T(inp.copy()).requires_grad_()
    loss_t = J_torch(inp_t, T(tgt))
    loss_t.backward()
    err = abs(J(inp, tgt) - loss_t.item())
    if dJ is None:
        print(f"{name:<23}{err:>11.1e}{'-':>10}{'-':>13}")
        assert err < 1e-12, name
        continue
    err_ad = np.abs(dJ(inp, tgt) - inp_t.grad.numpy()).max()
    # central differences on the moderate entries only (a step of 1e-6
    # on a logit of 1000 is below float64's resolution there)
    ok = np.abs(inp).max(axis=-1) < 100 if inp.ndim == 2 \
        else np.abs(inp) < 100
    fd = central_differences(lambda a: J(a, tgt[ok]), inp[ok])
    err_fd = np.abs(dJ(inp[ok], tgt[ok]) - fd).max()
    print(f"{name:<23}{err:>11.1e}{err_ad:>10.1e}{err_fd:>13.1e}")
    assert err < 1e-12 and err_ad < 1e-15 and err_fd < 1e-8, name

# %% [markdown]
# Where the probabilities are exactly 0 or 1, `binary_cross_entropy` and PyTorch
# agree because both floor each logarithm at $-100$: a certain, wrong prediction
# costs exactly 100.

# %%
print("our bce:  ", [binary_cross_entropy([q], [t]) + 0.0
                     for q, t in [(0.0, 1), (1.0, 0), (1.0, 1)]])
print("torch bce:", F.binary_cross_entropy(
    T(np.array([0.0, 1.0, 1.0])), T(np.array([1.0, 0.0, 1.0])),
    reduction="none").add(0.0).tolist())
assert [binary_cross_entropy([q], [t]) + 0.0
        for q, t in [(0.0, 1), (1.0, 0), (1.0, 1)]] == [100.0, 100.0, 0.0]

# %% [markdown]
# ## 6. Heads and their losses
#
# The output layer (the *head*) and the loss come in pairs: identity and MSE for
# regression, sigmoid and binary cross-entropy for two classes, softmax and
# softmax cross-entropy for $k$ classes. In each pair the gradient of $J$ at the
# logits is the prediction minus the target (times $\frac2N$ or $\frac1n$). For
# $n$ examples:

# %%
np.set_printoptions(precision=4)
n = 4
z_reg = np.array([1.5, -0.5, 2.0, 0.0])
y_reg = np.array([1.0, 0.0, 3.0, 0.5])
z_bin = np.array([2.0, -1.0, 0.5, -3.0])
y_bin = np.array([1.0, 0.0, 0.0, 1.0])
Z_cls = rng.normal(size=(n, 3))
y_cls = np.array([2, 0, 1, 2])

print("identity + MSE: n * dJ/dz / 2        =",
      n * mse_grad(z_reg, y_reg) / 2)
print("                y_hat - y            =", z_reg - y_reg)
print("sigmoid + BCE:  n * dJ/dz            =",
      n * binary_cross_entropy_with_logits_grad(z_bin, y_bin))
print("                sigma(z) - y         =",
      sigmoid(z_bin) - y_bin)
print("softmax + CE:   n * dJ/dZ, example 0 =",
      n * softmax_cross_entropy_grad(Z_cls, y_cls)[0])
print("                softmax - one-hot    =",
      (softmax(Z_cls) - one_hot(y_cls, 3))[0])
assert np.allclose(n * mse_grad(z_reg, y_reg) / 2, z_reg - y_reg)
assert np.allclose(n * binary_cross_entropy_with_logits_grad(z_bin, y_bin),
                   sigmoid(z_bin) - y_bin)
assert np.allclose(n * softmax_cross_entropy_grad(Z_cls, y_cls),
                   softmax(Z_cls) - one_hot(y_cls, 3))

# %% [markdown]
# Two classes are a special case of $k$: a softmax over the logits $(0, z)$ gives
# class 1 the probability $e^z / (1 + e^z) = \sigma(z)$, so the sigmoid head with
# binary cross-entropy is the two-class softmax head:

# %%
Z_two = np.column_stack([np.zeros(n), z_bin])
print("BCE with logits z          :",
      binary_cross_entropy_with_logits(z_bin, y_bin))
print("softmax CE on logits (0, z):",
      softmax_cross_entropy(Z_two, y_bin.astype(int)))
assert np.isclose(binary_cross_entropy_with_logits(z_bin, y_bin),
                  softmax_cross_entropy(Z_two, y_bin.astype(int)))

# %% [markdown]
# A handy sanity check before any training: a classifier that knows nothing gives
# every class probability $\frac1k$, so its loss is $\log k$. A freshly
# initialised 10-class network should start near $\log 10 \approx 2.303$:

# %%
for k in (2, 3, 10):
    labels_k = np.arange(5) % k
    J_uniform = softmax_cross_entropy(np.zeros((5, k)), labels_k)
    print(f"k = {k:2d}: uniform prediction costs {J_uniform:.4f}"
          f"   log k = {np.log(k):.4f}")
    assert np.isclose(J_uniform, np.log(k))

# %% [markdown]
# ## 7. A loss surface: logistic regression on the moons
#
# Training (chapters 4 and 5) means moving the weights downhill on $J(W)$. To see
# what the loss makes of that hill, take a logistic model
# $\hat p = \sigma(x^\top w)$ on the moons (inputs centred, so we can leave the
# bias at 0) and evaluate $J$ on a grid of weights $w = (w_1, w_2)$, once with
# binary cross-entropy and once with the squared error of $\hat p$.

# %%
X_c = X - X.mean(axis=0)
w1_grid = np.linspace(-12, 12, 121)
w2_grid = np.linspace(-12, 12, 121)
W1, W2 = np.meshgrid(w1_grid, w2_grid)
W_all = np.column_stack([W1.ravel(), W2.ravel()])   # (14641, 2)
Z_all = X_c @ W_all.T                                # (200, 14641)
J_bce = np.array([binary_cross_entropy_with_logits(z, y)
                  for z in Z_all.T]).reshape(W1.shape)
J_mse = np.array([mse(sigmoid(z), y)
                  for z in Z_all.T]).reshape(W1.shape)
best = np.unravel_index(J_bce.argmin(), J_bce.shape)
w_best = np.array([W1[best], W2[best]])
print("grid minimum of the BCE:", w_best, f"J = {J_bce[best]:.4f}")
acc = ((X_c @ w_best > 0) == y).mean()
print(f"accuracy of that line: {acc:.1%}")

# %% tags=["figure:loss-surface"]
fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.5))
panels = [(axes[0], J_bce, "binary cross-entropy"),
          (axes[1], J_mse, "squared error of $\\hat p$")]
for ax, J_grid, title in panels:
    levels = np.quantile(J_grid, np.linspace(0, 1, 16))
    cs = ax.contourf(W1, W2, J_grid, levels=levels, cmap="viridis")
    ax.contour(W1, W2, J_grid, levels=levels, colors="white",
               linewidths=0.3)
    ax.plot(*w_best, "r*", markersize=10)
    ax.set(xlabel="$w_1$", ylabel="$w_2$", title=title)
    ax.set_aspect("equal")
    fig.colorbar(cs, ax=ax, shrink=0.8, format="%.2f")
fig.tight_layout()
plt.show()

# %% [markdown]
# The cross-entropy surface is a single smooth bowl: it is *convex* in $w$ for
# a logistic model, so every downhill path leads to the same minimum. The
# squared error of a sigmoid is not convex: far from the minimum it flattens into
# plateaus where a wrong answer is already as bad as it can get and the slope is
# almost 0. Convexity can be checked on the grid: along every row and column a
# convex function has non-negative second differences
# $J(w - h) - 2J(w) + J(w + h) \ge 0$. The cross-entropy passes everywhere; the
# squared error fails in many places:

# %%
def second_differences(J_grid):
    return np.concatenate([np.diff(J_grid, 2, axis=0).ravel(),
                           np.diff(J_grid, 2, axis=1).ravel()])


d2_bce, d2_mse = second_differences(J_bce), second_differences(J_mse)
print(f"negative second differences: BCE {(d2_bce < -1e-12).mean():.1%}, "
      f"MSE {(d2_mse < -1e-12).mean():.1%}")
assert (d2_bce >= -1e-12).all()     # convex along every grid line
assert (d2_mse < -1e-12).mean() > 0.1

# %% [markdown]
# Cut both surfaces along the line $w = t\, w^\ast$ through the minimum
# $w^\ast$ (the red star):

# %% tags=["figure:loss-cut"]
t_grid = np.linspace(-6, 3, 301)
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.0))
cut_bce = [binary_cross_entropy_with_logits(X_c @ (t * w_best), y)
           for t in t_grid]
cut_mse = [mse(sigmoid(X_c @ (t * w_best)), y) for t in t_grid]
ax0.plot(t_grid, cut_bce, color="#1f77b4")
ax0.set(xlabel="$t$", ylabel="$J$", title=r"BCE along $w = t\,w^\ast$")
ax1.plot(t_grid, cut_mse, color="#d62728")
ax1.set(xlabel="$t$", ylabel="$J$", title=r"MSE along $w = t\,w^\ast$")
for ax in (ax0, ax1):
    ax.axvline(1, color="k", linewidth=0.6, linestyle="--")
fig.tight_layout()
plt.show()

# %% [markdown]
# Walking from the minimum ($t = 1$) towards the reversed model ($t < 0$), the
# cross-entropy keeps rising, almost in a straight line: the further off, the
# steeper the way back. The squared error levels off and becomes flat, so a
# model that starts there barely moves. In numbers, the slope of each cut at
# $t = -6$ against its slope at $t = 0$:

# %%
slope = {name: np.gradient(np.array(cut), t_grid)
         for name, cut in (("BCE", cut_bce), ("MSE", cut_mse))}
i0, i6 = np.argmin(np.abs(t_grid)), 0
for name in slope:
    print(f"{name}: dJ/dt at t = 0: {slope[name][i0]:+.4f}, "
          f"at t = -6: {slope[name][i6]:+.4f}")
assert (np.diff(cut_bce)[t_grid[1:] <= 1] < 0).all()  # rises all the way
assert abs(slope["BCE"][i6]) > abs(slope["BCE"][i0])  # ... ever steeper
assert abs(slope["MSE"][i6]) < 0.1 * abs(slope["MSE"][i0])  # flat

# %% [markdown]
#
# **Try it.** Replace the moons by `dlbook.data.blobs()`, which a line separates
# perfectly. Where is the minimum of the cross-entropy now? (Look at what happens
# to $J$ as you scale $w$ up along a separating direction.)

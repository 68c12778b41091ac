# %% [markdown]
# # Lab 6: generalization
#
# This lab runs every idea of chapter 6 on one small regression problem: 30 noisy
# samples of $\sin x$. First polynomials show underfitting, a good fit and
# overfitting side by side. Then a 1-64-64-1 network, far too large for 30 points,
# overfits; we watch its training and validation losses drift apart, and rescue it
# three ways: dropout, an L2 penalty and early stopping. A table compares the
# three at the end, and the test set is used once, for the model we pick.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook.data.batching import split
from dlbook.data.synthetic import sine
from dlbook.nn.regularization import Dropout, dropout, l2_penalty
from dlbook.plotting import style
from dlbook.train.fit import EarlyStopping, fit

style()
# Tiny networks run fastest on one thread.
torch.set_num_threads(1)
lab_start = time.perf_counter()

# %% [markdown]
# ## 1. The data: train, validation, test
#
# 150 points $x \sim U(-3, 3)$, $y = \sin x + \varepsilon$ with noise
# $\varepsilon \sim \mathcal N(0, 0.3^2)$, shuffled once and cut into three parts:
# 30 points to **train** on, 60 to **validate** (to compare models and choose
# settings), and 60 to **test** (touched once, at the very end). The noise sets a
# floor: even the true function $\sin x$ has an expected squared error of
# $0.3^2 = 0.09$ on new points.

# %%
X, y = sine(n=150, noise=0.3, seed=0)
parts = split(X, y, fractions=(0.2, 0.4, 0.4), seed=0)
(x_tr, y_tr), (x_va, y_va), (x_te, y_te) = parts
print("train", x_tr.shape, " validation", x_va.shape,
      " test", x_te.shape)


def mse(a, b):
    return float(np.mean((np.asarray(a) - np.asarray(b)) ** 2))


print(f"MSE of the true function sin(x) on the validation set: "
      f"{mse(np.sin(x_va[:, 0]), y_va):.3f}")

# %% [markdown]
# ## 2. Underfitting, a good fit, overfitting
#
# A polynomial of degree $d$ has $d + 1$ coefficients, fitted to the 30 training
# points by least squares. Degree 1 is a straight line: it cannot bend, and it
# misses the training points as badly as the validation points (**underfitting**,
# high bias). Degree 15 bends through the noise of the training points; its
# training error is the smallest of the three, its validation error the largest
# (**overfitting**, high variance). Degree 5 sits between.

# %%
grid = np.linspace(-3, 3, 400)
fits = {}
for d in range(16):
    # Polynomial.fit rescales x to [-1, 1]: well conditioned
    p = np.polynomial.Polynomial.fit(x_tr[:, 0], y_tr, deg=d)
    fits[d] = (p, mse(p(x_tr[:, 0]), y_tr), mse(p(x_va[:, 0]), y_va))

fig, axes = plt.subplots(1, 3, figsize=(7.5, 2.8), sharey=True)
names = {1: "underfit", 5: "good fit", 15: "overfit"}
for ax, (d, name) in zip(axes, names.items()):
    p, train_err, val_err = fits[d]
    ax.plot(grid, np.sin(grid), "k--", lw=1, label="sin x")
    ax.scatter(x_va[:, 0], y_va, s=8, c="0.7", label="validation")
    ax.scatter(x_tr[:, 0], y_tr, s=14, c="#1f77b4", label="train")
    ax.plot(grid, p(grid), c="#d62728", lw=1.8, label="fit")
    ax.set(title=f"degree {d}: {name}", xlabel="$x$", ylim=(-2, 2))
    label = f"train {train_err:.3f}\nval   {val_err:.3f}"
    ax.text(0.03, 0.04, label,
            transform=ax.transAxes, fontsize=8, family="monospace")
axes[0].set_ylabel("$y$")
axes[2].legend(loc="upper left", fontsize=7, framealpha=0.9)
fig.tight_layout()
plt.show()

# %% [markdown]
# Sweeping the degree from 0 to 15 gives the classic picture. The training error
# can only go down as the model gets more flexible (each degree contains the one
# before); the validation error falls, bottoms out, and rises again. The
# best degree is the one with the lowest *validation* error, never the lowest
# training error.

# %%
degrees = np.arange(16)
train_errs = [fits[d][1] for d in degrees]
val_errs = [fits[d][2] for d in degrees]
best_degree = int(degrees[np.argmin(val_errs)])
print(f"lowest validation MSE at degree {best_degree}: "
      f"{min(val_errs):.3f}")

fig, ax = plt.subplots(figsize=(5.5, 3.0))
ax.plot(degrees, train_errs, "o-", ms=3, label="train")
ax.plot(degrees, val_errs, "o-", ms=3, c="#d62728",
        label="validation")
ax.axhline(0.09, c="k", ls=":", lw=1, label="noise floor 0.09")
ax.axvline(best_degree, c="0.5", lw=1)
ax.set(xlabel="polynomial degree", ylabel="MSE", yscale="log",
       title="more capacity: train error falls, val error turns")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 3. A network that overfits
#
# A network with two hidden layers of 64 tanh units has $2 \cdot 64 + 65 \cdot 64 +
# 65 = 4{,}353$ parameters for 30 training points. We train it with Adam
# (chapter 5), learning rate 0.01, for 1,500 epochs of full-batch steps (with
# 30 points, one batch is the whole training set), using
# `dlbook.train.fit`. After every epoch `fit` measures the loss on the whole
# training set and on the validation set, in evaluation mode, and records both in a
# `History`.

# %%
t = lambda a: torch.tensor(a, dtype=torch.float32)
train = (t(x_tr), t(y_tr)[:, None])   # X: (30, 1), y: (30, 1)
val = (t(x_va), t(y_va)[:, None])
test = (t(x_te), t(y_te)[:, None])
loss_fn = torch.nn.functional.mse_loss
EPOCHS, BATCH, LR = 1500, 30, 0.01


def mlp(p_drop=0.0, seed=0):
    """1-64-64-1 tanh network; Dropout(p) after each hidden layer."""
    torch.manual_seed(seed)  # the same initial weights every time
    layers = []
    for d_in in (1, 64):
        layers += [torch.nn.Linear(d_in, 64), torch.nn.Tanh()]
        if p_drop > 0:
            layers.append(Dropout(p_drop))
    return torch.nn.Sequential(*layers, torch.nn.Linear(64, 1))


def train_net(p_drop=0.0, weight_decay=0.0, stopper=None):
    model = mlp(p_drop)
    # beta_2 = 0.95: a shorter memory of g^2 than the default 0.999
    # (beta_2 sets how many steps v averages, about 1 / (1 - beta_2),
    # chapter 5 §5.10) keeps Adam from late, spiky overshoots here.
    opt = torch.optim.Adam(model.parameters(), lr=LR,
                           betas=(0.9, 0.95),
                           weight_decay=weight_decay)
    start = time.perf_counter()
    history = fit(model, loss_fn, opt, train, val, EPOCHS, BATCH,
                  early_stopping=stopper, rng=0)
    seconds = time.perf_counter() - start
    return model, history, seconds


plain, h_plain, s = train_net()
n_params = sum(p.numel() for p in plain.parameters())
print(f"{n_params} parameters, {len(h_plain.train_loss)} epochs "
      f"in {s:.1f} s")
print(f"final train loss {h_plain.train_loss[-1]:.4f}, "
      f"final validation loss {h_plain.val_loss[-1]:.4f}")
print(f"lowest validation loss {min(h_plain.val_loss):.4f} "
      f"at epoch {h_plain.best_epoch}")

# %%
def curves(ax, h, title):
    epochs = np.arange(len(h.train_loss))
    ax.plot(epochs, h.train_loss, lw=1.2, label="train")
    ax.plot(epochs, h.val_loss, lw=1.2, c="#d62728",
            label="validation")
    ax.axhline(0.09, c="k", ls=":", lw=1)
    ax.set(title=title, xlabel="epoch", yscale="log", ylim=(1e-3, 2))


def predictions(ax, model, title):
    with torch.no_grad():  # model is in eval mode: dropout off
        y_grid = model(t(grid)[:, None])[:, 0].numpy()
    ax.plot(grid, np.sin(grid), "k--", lw=1)
    ax.scatter(x_tr[:, 0], y_tr, s=12, c="#1f77b4")
    ax.plot(grid, y_grid, c="#d62728", lw=1.8)
    ax.set(title=title, xlabel="$x$", ylim=(-2, 2))


fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.0))
curves(ax0, h_plain, "no regularization")
ax0.set_ylabel("MSE")
ax0.legend(fontsize=8)
predictions(ax1, plain, "after 1,500 epochs")
fig.tight_layout()
plt.show()

# %% [markdown]
# The training loss keeps falling, far below the noise floor of 0.09 (dotted): the
# network is memorising the noise. The validation loss reaches its minimum early and
# then climbs. On the right, the function it learned wiggles to pass near every
# training point. Reading the left plot is the whole method of this chapter:
# **a gap between the two curves that keeps growing is overfitting.**
#
# ## 4. Dropout
#
# `Dropout(p)` zeroes each unit with probability $p$ in training and scales the
# survivors by $1/(1-p)$; in evaluation mode it is the identity. On a vector of
# ones with $p = 0.25$, every output is either 0 or $1/0.75 = 1.333$:

# %%
g = torch.Generator().manual_seed(1)
ones = torch.ones(10)
out_train = dropout(ones, 0.25, training=True, generator=g)
out_eval = dropout(ones, 0.25, training=False)
print("training:", out_train.numpy().round(3))
print("eval:    ", out_eval.numpy())

# %% [markdown]
# Over many units the scaling keeps the mean, and the dropped fraction is $p$. Torch's
# own `nn.Dropout` behaves the same way:

# %%
x_big = torch.rand(200_000) + 0.5
print(f"{'':18}{'mean':>8}{'dropped':>9}{'kept = x/(1-p)':>16}")
print(f"{'input':18}{x_big.mean().item():8.4f}")
for name, layer in [("dlbook Dropout", Dropout(0.25)),
                    ("torch nn.Dropout", torch.nn.Dropout(0.25))]:
    out = layer.train()(x_big)
    kept = out != 0
    exact = torch.allclose(out[kept], x_big[kept] / 0.75)
    print(f"{name:18}{out.mean().item():8.4f}"
          f"{(~kept).float().mean().item():9.4f}{str(exact):>16}")
    assert torch.equal(layer.eval()(x_big), x_big)  # eval: identity

# %% [markdown]
# Now the same network with `Dropout(0.2)` after both hidden layers, same
# initial weights, same batches:

# %%
drop, h_drop, s = train_net(p_drop=0.2)
print(f"trained in {s:.1f} s; final train loss "
      f"{h_drop.train_loss[-1]:.4f}, "
      f"validation loss {h_drop.val_loss[-1]:.4f}")

# %% [markdown]
# ## 5. Weight decay
#
# Weight decay adds $\lambda w$ to every gradient, which is exactly the gradient of
# the penalty $\frac{\lambda}{2}\lVert w \rVert^2$. We check it on our network: one
# SGD step with `weight_decay=λ` and one plain SGD step on the loss plus
# $\frac{\lambda}{2}$ `l2_penalty(model)` land on the same weights.

# %%
lam, eta = 0.1, 0.05
nets = [mlp(), mlp()]  # two identical copies
opt_wd = torch.optim.SGD(nets[0].parameters(), lr=eta,
                         weight_decay=lam)
opt_l2 = torch.optim.SGD(nets[1].parameters(), lr=eta)
X_tr, Y_tr = train
loss_fn(nets[0](X_tr), Y_tr).backward()
opt_wd.step()
penalised = (loss_fn(nets[1](X_tr), Y_tr)
             + lam / 2 * l2_penalty(nets[1]))
penalised.backward()
opt_l2.step()
diff = max((a - b).abs().max().item() for a, b in
           zip(nets[0].parameters(), nets[1].parameters()))
print(f"||w||^2 before the step: {l2_penalty(mlp()).item():.3f}")
print(f"max |weight decay - L2 penalty| after one step: {diff:.1e}")

# %% [markdown]
# The two agree to float32 rounding. Our network trains with Adam, and torch's
# `Adam(weight_decay=λ)` also adds $\lambda w$ to the gradient before its update,
# so training with it minimises $J(W) + \frac{\lambda}{2}\lVert W \rVert^2$: it is
# an **L2 penalty**, not weight decay, because Adam then rescales that term per
# weight (chapter 6's note; `torch.optim.AdamW` is Adam with true, decoupled weight
# decay). We use the L2 penalty with $\lambda = 0.003$:

# %%
decay, h_decay, s = train_net(weight_decay=3e-3)
print(f"trained in {s:.1f} s; final train loss "
      f"{h_decay.train_loss[-1]:.4f}, "
      f"validation loss {h_decay.val_loss[-1]:.4f}")
print(f"||W||^2: no regularization {l2_penalty(plain).item():.1f}, "
      f"L2 penalty {l2_penalty(decay).item():.1f}")

# %% [markdown]
# ## 6. Early stopping
#
# Early stopping keeps the network of section 3 and changes only when training ends.
# `EarlyStopping(patience=100)` remembers the epoch with the lowest validation loss
# and a copy of its weights; when 100 epochs in a row bring no improvement, it
# stops training and puts the best weights back.

# %%
stopper = EarlyStopping(patience=100)
early, h_early, s = train_net(stopper=stopper)
best, stop = h_early.best_epoch, h_early.stopped_epoch
print(f"stopped after epoch {stop} ({s:.1f} s); "
      f"best epoch {best}, validation loss {stopper.best_loss:.4f}")
with torch.no_grad():
    restored = loss_fn(early(val[0]), val[1]).item()
print(f"validation loss of the returned model: {restored:.4f}")
# Same seed, same batches: the curve is the plain run's, cut off.
print("same curve as the plain run up to the stop:",
      h_early.val_loss == h_plain.val_loss[:stop + 1])

# %% [markdown]
# Reading it off the curve: the validation loss is lowest at the best epoch
# (green), `patience` epochs later (the shaded window) training stops (black), and
# the weights of the best epoch, not the last, are the ones returned. The grey tail
# is what the plain run went on to do.

# %%
fig, ax = plt.subplots(figsize=(7.0, 3.2))
ax.plot(h_plain.val_loss, c="0.75", lw=1,
        label="validation, if training went on")
ax.plot(h_early.train_loss, lw=1.2, label="train")
ax.plot(h_early.val_loss, c="#d62728", lw=1.5, label="validation")
ax.axvspan(best, stop, color="#ff7f0e", alpha=0.15,
           label=f"patience: {stop - best} epochs")
ax.axvline(best, c="#2ca02c", lw=1.5)
ax.axvline(stop, c="k", lw=1.5)
ax.plot(best, h_early.val_loss[best], "o", c="#2ca02c", ms=7,
        label=f"best epoch {best}: restored")
ax.plot(stop, h_early.val_loss[stop], "s", c="k", ms=6,
        label=f"stop after epoch {stop}")
ax.set(xlabel="epoch", ylabel="MSE", yscale="log", xlim=(0, 800),
       ylim=(0.03, 1), title="early stopping, patience 100")
ax.legend(fontsize=7.5, loc="lower right", ncol=2)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 7. Comparing the rescues
#
# The same network, the same data, the same initial weights and batches, four ways:

# %%
runs = {"no regularization": (plain, h_plain),
        "dropout p = 0.2": (drop, h_drop),
        "L2 penalty 3e-3": (decay, h_decay),
        "early stopping": (early, h_early)}
fig, axes = plt.subplots(2, 4, figsize=(7.5, 4.6), sharey="row")
for col, (name, (model, h)) in enumerate(runs.items()):
    curves(axes[0, col], h, name)
    predictions(axes[1, col], model, "")
axes[0, 0].set_ylabel("MSE")
axes[1, 0].set_ylabel("$y$")
axes[0, 0].legend(fontsize=7)
for ax in axes[0]:
    ax.title.set_fontsize(9)
fig.tight_layout()
plt.show()

# %% [markdown]
# The validation loss of each returned model (after its last epoch; for early
# stopping, after the restored best epoch):

# %%
def final_losses(model):
    with torch.no_grad():  # model is already in eval mode after fit
        return [loss_fn(model(X), Y).item() for X, Y in (train, val)]


print(f"{'model':<20}{'epochs':>7}{'train MSE':>11}{'val MSE':>9}")
results = {}
for name, (model, h) in runs.items():
    train_mse, val_mse = final_losses(model)
    results[name] = val_mse
    print(f"{name:<20}{len(h.val_loss):>7}{train_mse:>11.4f}"
          f"{val_mse:>9.4f}")
print(f"{'degree-' + str(best_degree) + ' polynomial':<20}{'':>7}"
      f"{fits[best_degree][1]:>11.4f}{fits[best_degree][2]:>9.4f}")
# The claims of the next paragraph, checked:
base = runs["no regularization"][0]
for name, (model, _) in runs.items():
    if name != "no regularization":
        assert results[name] < results["no regularization"]
        assert final_losses(model)[0] > final_losses(base)[0]

# %% [markdown]
# Every rescue lowers the validation loss of the plain network, and each does it by
# giving up some training loss: the regularised networks no longer chase the noise.
# Only now, with the choice made on the validation set, do we look at the test set,
# once, for the chosen model:

# %%
chosen = min(results, key=results.get)
with torch.no_grad():
    sq_err = (runs[chosen][0](test[0]) - test[1]) ** 2
test_mse = sq_err.mean().item()
# standard error of a mean of 60 squared errors
se = sq_err.std().item() / np.sqrt(len(sq_err))
print(f"chosen on validation: {chosen} "
      f"(validation MSE {results[chosen]:.4f})")
print(f"its test MSE: {test_mse:.4f} +- {se:.4f}")
print(f"sin(x) itself on the test set: "
      f"{mse(np.sin(x_te[:, 0]), y_te):.4f}")
print(f"whole lab: {time.perf_counter() - lab_start:.1f} s")

# %% [markdown]
# The test loss is an unbiased estimate of how the chosen network does on new
# data, because nothing about the network was tuned on it. The validation loss of
# the chosen model is not: it is the lowest of four noisy numbers, and the lowest of
# several noisy numbers tends to be low by luck. With only 60 test points, the test
# estimate is noisy too, as its standard error shows; even $\sin x$ itself, the best
# possible predictor, does not score exactly 0.09 on them.
#
# **Try it.** Give the plain network 300 training points instead of 30
# (`sine(n=1500)`): does it still overfit? Try dropout $p = 0.1$ and $0.5$, weight
# decay $10^{-4}$ and $10^{-1}$: which way does each setting push the gap between
# the curves? Set `patience=10`: where does early stopping stop now, and why is a
# patience that short risky on a noisy curve?

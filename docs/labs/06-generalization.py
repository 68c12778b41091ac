# %% [markdown]
# # Lab 6: generalization
#
# This lab runs every idea of chapter 6 on one small regression problem: 30 noisy
# samples of $\sin x$. First polynomials show underfitting, a good fit and
# overfitting side by side. Then a 1-64-64-1 network, far too large for 30 points,
# overfits; we watch its training and validation losses drift apart, and rescue it
# three ways: dropout, an L2 penalty and early stopping. A table compares the
# three, validation sweeps choose the penalty $\lambda$ and the dropout
# probability $p$, a learning curve shows what more data does, and the test set
# is used once, for the model we pick. Two more lessons close the lab: why
# networks start from random weights of a careful scale, and why we minimise a
# loss but report accuracy. Every claim the text makes about a result is an
# `assert`.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook.data.batching import split
from dlbook.data.synthetic import moons, sine
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
# 150 points $x \sim U(-3, 3)$, $y = \sin x + \epsilon$ with noise
# $\epsilon \sim \mathcal N(0, 0.3^2)$, shuffled once and cut into three parts:
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

# %% tags=["figure:polynomial-fits"]
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
# The three regimes, checked: degree 1 misses train and validation points alike;
# degree 15 has the lowest training and the highest validation error; degree 5
# the lowest validation error.
assert abs(fits[1][1] - fits[1][2]) < 0.3 * fits[1][2] and fits[1][1] > 0.09
assert fits[15][1] < fits[5][1] < fits[1][1]
assert fits[5][2] < fits[1][2] < fits[15][2]

# %% [markdown]
# Sweeping the degree from 0 to 15 gives the classic picture. The training error
# can only go down as the model gets more flexible (each degree contains the one
# before); the validation error falls, bottoms out, and rises again. The
# best degree is the one with the lowest *validation* error, never the lowest
# training error.

# %% tags=["figure:degree-sweep"]
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
assert all(b <= a + 1e-12 for a, b in zip(train_errs, train_errs[1:]))
assert 0 < best_degree < 15 and val_errs[15] > 2 * min(val_errs)

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
EPOCHS, LR = 1500, 0.01


def mlp(p_drop=0.0, seed=0):
    """1-64-64-1 tanh network; Dropout(p) after each hidden layer."""
    torch.manual_seed(seed)  # the same initial weights every time
    layers = []
    for d_in in (1, 64):
        layers += [torch.nn.Linear(d_in, 64), torch.nn.Tanh()]
        if p_drop > 0:
            layers.append(Dropout(p_drop))
    return torch.nn.Sequential(*layers, torch.nn.Linear(64, 1))


def train_net(p_drop=0.0, weight_decay=0.0, stopper=None, data=train):
    model = mlp(p_drop)
    # beta_2 = 0.95: a shorter memory of g^2 than the default 0.999
    # (beta_2 sets how many steps v averages, about 1 / (1 - beta_2),
    # chapter 5 §5.10) keeps Adam from late, spiky overshoots here.
    opt = torch.optim.Adam(model.parameters(), lr=LR,
                           betas=(0.9, 0.95),
                           weight_decay=weight_decay)
    start = time.perf_counter()
    # full batch: one batch is the whole training set
    history = fit(model, loss_fn, opt, data, val, EPOCHS, len(data[0]),
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
assert n_params == 4353

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


# %% tags=["figure:overfitting"]
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
# **a gap between the two curves that keeps growing is overfitting.** Checked:

# %%
assert h_plain.train_loss[-1] < 0.09 / 3               # far below the floor
assert h_plain.best_epoch < EPOCHS / 3                 # minimum early ...
assert h_plain.val_loss[-1] > 3 * min(h_plain.val_loss)  # ... then climbs
gap = np.array(h_plain.val_loss) - np.array(h_plain.train_loss)
assert gap[-1] > 0.5 and gap[-1] > gap[h_plain.best_epoch]  # and the gap grows

# %% [markdown]
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
assert all(v == 0 or abs(v - 1 / 0.75) < 1e-6 for v in out_train.tolist())
assert torch.equal(out_eval, ones)

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
    assert exact and abs((~kept).float().mean().item() - 0.25) < 0.01
    assert abs(out.mean().item() - x_big.mean().item()) < 0.01

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
assert diff < 1e-6  # float32 rounding

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
# chapter 6: the overfitted network's weights are many times larger
assert l2_penalty(plain).item() > 3 * l2_penalty(decay).item()

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
assert h_early.val_loss == h_plain.val_loss[:stop + 1]
assert stop == best + 100 and best == int(np.argmin(h_early.val_loss))
assert restored == stopper.best_loss == min(h_early.val_loss)  # exactly

# %% [markdown]
# Reading it off the curve: the validation loss is lowest at the best epoch
# (green), `patience` epochs later (the shaded window) training stops (black), and
# the weights of the best epoch, not the last, are the ones returned. The grey tail
# is what the plain run went on to do.

# %% tags=["figure:early-stopping"]
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

# %% tags=["figure:regularizers"]
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
#
# ## 8. Choosing $\lambda$ and $p$ on the validation set
#
# Section 7 used one value of each knob, $\lambda = 0.003$ and $p = 0.2$. Where do
# such values come from? From the validation set: train once per value on a grid,
# and keep the value with the lowest validation loss. Each point below is one
# training run of the same network, with the same initial weights and batches; to
# be less at the mercy of the last epoch's noise (dropout makes every epoch's
# weights a little random), each point is the loss averaged over the last 100
# epochs.

# %%
def sweep_point(p_drop=0.0, weight_decay=0.0):
    """(model, mean train loss, mean val loss) over the last 100 epochs."""
    model, h, _ = train_net(p_drop=p_drop, weight_decay=weight_decay)
    return model, np.mean(h.train_loss[-100:]), np.mean(h.val_loss[-100:])


last100 = lambda h: (np.mean(h.train_loss[-100:]), np.mean(h.val_loss[-100:]))
lams = [1e-3, 3e-3, 1e-2, 1e-1]
ps = [0.05, 0.2, 0.5, 0.9]
sweep_start = time.perf_counter()
lam_sweep = {3e-3: (decay, *last100(h_decay))}  # already trained
for lam_k in lams:
    if lam_k not in lam_sweep:
        lam_sweep[lam_k] = sweep_point(weight_decay=lam_k)
p_sweep = {0.2: (drop, *last100(h_drop))}
for p_k in ps:
    if p_k not in p_sweep:
        p_sweep[p_k] = sweep_point(p_drop=p_k)
none_train, none_val = last100(h_plain)
print(f"{len(lams) + len(ps) - 2} runs in "
      f"{time.perf_counter() - sweep_start:.1f} s")
print(f"no regularization: train {none_train:.4f}, val {none_val:.4f}")
for name, sweep in (("lambda", lam_sweep), ("p", p_sweep)):
    for knob in sorted(sweep):
        _, tr, va = sweep[knob]
        print(f"{name} = {knob:<7g} train {tr:.4f}   val {va:.4f}")

# %% tags=["figure:validation-sweeps"]
fig, axes = plt.subplots(1, 2, figsize=(7.5, 3.1), sharey=True)
for ax, sweep, xlabel, log in ((axes[0], lam_sweep, r"L2 penalty $\lambda$", True),
                               (axes[1], p_sweep, "dropout probability $p$", False)):
    knobs = sorted(sweep)
    ax.plot(knobs, [sweep[k][1] for k in knobs], "o-", ms=3, label="train")
    ax.plot(knobs, [sweep[k][2] for k in knobs], "o-", ms=3, c="#d62728",
            label="validation")
    ax.axhline(none_val, c="#d62728", ls="--", lw=1,
               label="validation, no regularization")
    ax.axhline(0.09, c="k", ls=":", lw=1, label="noise floor")
    best_k = min(knobs, key=lambda k: sweep[k][2])
    ax.axvline(best_k, c="0.5", lw=1)
    ax.set(xlabel=xlabel, xscale="log" if log else "linear", yscale="log")
axes[0].set(ylabel="MSE (mean of last 100 epochs)", title="weight decay")
axes[1].set_title("dropout")
axes[1].legend(fontsize=7, loc="upper center")
fig.tight_layout()
plt.show()

# %% [markdown]
# Both curves are U-shaped. Too little regularization and the network overfits (the
# validation loss climbs towards that of the plain network, dashed); too much and
# it underfits (the training loss rises towards, and for the strongest settings
# above, the noise floor, and the validation loss with it). In between lies a
# range of good values, here $\lambda$ from $3 \times 10^{-3}$ to $10^{-2}$ and
# $p$ around $0.2$; the training loss only ever rises with the knob. Checked:

# %%
for sweep in (lam_sweep, p_sweep):
    knobs = sorted(sweep)
    tr = np.array([sweep[k][1] for k in knobs])
    va = np.array([sweep[k][2] for k in knobs])
    best = int(np.argmin(va))
    assert 0 < best < len(knobs) - 1                # the minimum is inside
    assert va[0] > 1.2 * va[best] and va[-1] > 1.2 * va[best]  # a U
    assert (np.diff(tr) > 0).all()                  # train loss rises
    assert va[best] < none_val / 3                  # far better than none
best_lam = min(lam_sweep, key=lambda k: lam_sweep[k][2])
best_p = min(p_sweep, key=lambda k: p_sweep[k][2])
assert 1e-3 <= best_lam <= 3e-2 and 0.1 <= best_p <= 0.5
print(f"best lambda {best_lam:g}, best p {best_p:g}")

# %% [markdown]
# ## 9. More data: a learning curve
#
# The best regularizer is more data. A *learning curve* plots the training and
# validation losses against the size $n$ of the training set. We keep the
# validation set and the network of section 3 (no regularization), and grow the
# training set from our 30 points to 240, adding fresh samples of the same
# distribution; each set contains the one before.

# %%
X_more, y_more = sine(n=450, noise=0.3, seed=1)  # new points, same distribution
X_grow = np.concatenate([x_tr, X_more])
y_grow = np.concatenate([y_tr, y_more])
sizes_n = [30, 60, 120, 240]
curve_start = time.perf_counter()
learning_curve = {30: last100(h_plain)}  # the 30 points of section 3
for n_k in sizes_n[1:]:
    data_k = (t(X_grow[:n_k]), t(y_grow[:n_k])[:, None])
    _, h_k, _ = train_net(data=data_k)
    learning_curve[n_k] = last100(h_k)
print(f"{len(sizes_n) - 1} runs in {time.perf_counter() - curve_start:.1f} s")
for n_k, (tr, va) in learning_curve.items():
    print(f"n = {n_k:>3}: train {tr:.4f}   val {va:.4f}   gap {va - tr:.4f}")

# %% tags=["figure:learning-curve"]
fig, ax = plt.subplots(figsize=(5.5, 3.1))
ax.plot(sizes_n, [learning_curve[k][0] for k in sizes_n], "o-", ms=4,
        label="train")
ax.plot(sizes_n, [learning_curve[k][1] for k in sizes_n], "o-", ms=4,
        c="#d62728", label="validation")
ax.axhline(0.09, c="k", ls=":", lw=1, label="noise floor 0.09")
ax.set(xscale="log", yscale="log", xlabel="training-set size $n$",
       ylabel="MSE", title="1-64-64-1 network, no regularization")
ax.set_xticks(sizes_n, [str(k) for k in sizes_n])
ax.xaxis.set_minor_locator(plt.NullLocator())  # only the four sizes
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# With more data the same network, trained the same way, overfits less and less:
# the training loss rises towards the noise floor (it can no longer memorise
# every point), the validation loss falls towards it, and the gap between them
# closes. Where the two curves still differ, more data would still help; where
# they have met, only a better model can. Checked:

# %%
tr_n = np.array([learning_curve[k][0] for k in sizes_n])
va_n = np.array([learning_curve[k][1] for k in sizes_n])
assert (np.diff(tr_n) > 0).all() and (np.diff(va_n) < 0).all()
assert (np.diff(va_n - tr_n) < 0).all()          # the gap closes
assert va_n[-1] < va_n[0] / 4 and tr_n[-1] < 0.09 < va_n[-1]

# %% [markdown]
# ## 10. The test set, once
#
# Every model of sections 3 to 8 was trained on the same 30 points and judged on
# the validation set. Only now, with the choice made, do we look at the test set,
# once, for the model with the lowest validation loss (after its last epoch; for
# early stopping, after the restored best epoch). The larger training sets of
# section 9 are not candidates: they are data we did not have.

# %%
candidates = {name: model for name, (model, _) in runs.items()}
candidates |= {f"L2 penalty {k:g}": m for k, (m, _, _) in lam_sweep.items()}
candidates |= {f"dropout p = {k:g}": m for k, (m, _, _) in p_sweep.items()}
val_mse_of = {name: final_losses(model)[1] for name, model in candidates.items()}
chosen = min(val_mse_of, key=val_mse_of.get)
with torch.no_grad():
    sq_err = (candidates[chosen](test[0]) - test[1]) ** 2
test_mse = sq_err.mean().item()
# standard error of a mean of 60 squared errors
se = sq_err.std().item() / np.sqrt(len(sq_err))
print(f"{len(candidates)} candidates; chosen on validation: {chosen} "
      f"(validation MSE {val_mse_of[chosen]:.4f})")
print(f"its test MSE: {test_mse:.4f} +- {se:.4f}")
print(f"sin(x) itself on the test set: "
      f"{mse(np.sin(x_te[:, 0]), y_te):.4f}")

# %% [markdown]
# The test loss is an unbiased estimate of how the chosen network does on new
# data, because nothing about the network was tuned on it. The validation loss of
# the chosen model is not: it is the lowest of many noisy numbers, and the lowest
# of several noisy numbers tends to be low by luck. With only 60 test points, the
# test estimate is noisy too, as its standard error shows; even $\sin x$ itself,
# the best possible predictor, does not score exactly 0.09 on them.
#
# ## 11. Initialisation
#
# Every network so far started from random weights. Why random? Try the obvious
# alternative: all weights equal. Take a 1-8-1 tanh network and train it three
# times on our 30 points (Adam, 1,000 full-batch steps): from torch's random
# initialisation, with every weight and bias 0, and with every weight and bias 0.5.

# %%
def small_net(init):
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(1, 8), torch.nn.Tanh(),
                              torch.nn.Linear(8, 1))
    if init != "random":
        with torch.no_grad():
            for param in net.parameters():
                param.fill_(0.0 if init == "zeros" else 0.5)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(1000):
        opt.zero_grad()
        loss_fn(net(train[0]), train[1]).backward()
        opt.step()
    return net


x_line = t(grid)[:, None]
hidden_of = {}
for init in ("random", "zeros", "constant 0.5"):
    net = small_net(init)
    with torch.no_grad():
        hidden_of[init] = (net, torch.tanh(net[0](x_line)).numpy())  # (400, 8)
    spread = np.abs(hidden_of[init][1] - hidden_of[init][1][:, :1]).max()
    print(f"{init:<13} largest difference between hidden units: {spread:.3g}")

# %% tags=["figure:init-symmetry"]
fig, axes = plt.subplots(1, 3, figsize=(7.5, 2.7), sharey=True)
for ax, (init, (net, H_line)) in zip(axes, hidden_of.items()):
    ax.plot(grid, H_line, lw=1.2)
    ax.set(title=f"init: {init}", xlabel="$x$", ylim=(-1.05, 1.05))
axes[0].set_ylabel("hidden unit $h_j(x)$")
fig.tight_layout()
plt.show()

# %% [markdown]
# From random weights the eight hidden units learn eight different functions. From
# equal weights they stay equal, forever: units that start identical compute the
# same output, receive the same gradient and take the same step, so nothing can
# ever tell them apart. The eight-unit network is then no better than a network
# with *one* hidden unit whose output weight is eight times as large. With all
# weights 0 it is worse still: every hidden unit outputs $\tanh(0) = 0$, so the
# output weights get no gradient, hence the hidden weights get none either, and
# only the output bias learns: the network predicts a constant, the mean of the
# training targets. Random initialisation *breaks the symmetry*. Checked:

# %%
net_c, H_c = hidden_of["constant 0.5"]
assert np.abs(H_c - H_c[:, :1]).max() == 0.0           # 8 identical units
W1c, b1c = net_c[0].weight.detach(), net_c[0].bias.detach()
W2c, b2c = net_c[2].weight.detach(), net_c[2].bias.detach()
assert (W1c == W1c[0]).all() and (W2c == W2c[0, 0]).all()
with torch.no_grad():  # ... and the same function as one unit with 8 x w_2
    one_unit = 8 * W2c[0, 0] * torch.tanh(x_line * W1c[0, 0] + b1c[0]) + b2c
    assert torch.allclose(net_c(x_line), one_unit, atol=1e-5)
net_0 = hidden_of["zeros"][0]
assert all((p == 0).all() for p in (net_0[0].weight, net_0[0].bias,
                                    net_0[2].weight))
with torch.no_grad():
    out_0 = net_0(x_line)
assert (out_0 == out_0[0]).all() and abs(out_0[0].item() - y_tr.mean()) < 1e-3
H_r = hidden_of["random"][1]
assert min(np.abs(H_r[:, j] - H_r[:, k]).max()
           for j in range(8) for k in range(j)) > 0.05  # all different

# %% [markdown]
# ### Depth and the scale of the weights
#
# Random, but how large? Backpropagation (chapter 4) multiplies the error by
# $W_{l+1}^\top$ and by $g'(Z_l)$ once per layer, so in a deep network the
# gradient that reaches the first layers is a long product. If each factor shrinks
# it, the first layers' gradients *vanish*. The sigmoid's derivative is at most
# $\frac14$, so with weights of the usual scale every sigmoid layer shrinks the
# gradient several times over. tanh's derivative is 1 at 0, and ReLU's is 1 for
# every active unit, but ReLU switches off about half its units, which
# halves the variance at every layer; He et al. (2015) compensate by drawing the
# weights with variance $2/d_{l-1}$ instead of $1/d_{l-1}$.
#
# We measure it. Networks of $L = 2$ to 20 hidden layers of 32 units, weights
# $\mathcal N(0, 1/d_{l-1})$ (chapter 2's `init_layers`; $2/d_{l-1}$ for "He"), biases 0, on a
# batch of 64 random inputs with 32 features and random targets: one backward
# pass of the mean squared error at initialisation, and the norm of every layer's
# weight gradient $\partial J / \partial W_l$, averaged over 5 random networks.

# %%
X_deep = torch.randn(64, 32, generator=torch.Generator().manual_seed(0))
Y_deep = torch.randn(64, 1, generator=torch.Generator().manual_seed(1))
families = {"sigmoid": (torch.nn.Sigmoid, 1.0), "tanh": (torch.nn.Tanh, 1.0),
            "ReLU": (torch.nn.ReLU, 1.0), "ReLU, He init": (torch.nn.ReLU, 2.0)}


def layer_grad_norms(act, gain, depth, seed, width=32):
    """||dJ/dW_l|| for l = 1 .. depth + 1 (the last is the output layer)."""
    torch.manual_seed(seed)
    sizes = [32] + [width] * depth + [1]
    layers = []
    for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = torch.nn.Linear(d_in, d_out)
        with torch.no_grad():
            linear.weight.normal_(0.0, (gain / d_in) ** 0.5)
            linear.bias.zero_()
        layers += [linear] if l == depth else [linear, act()]
    net = torch.nn.Sequential(*layers)
    loss_fn(net(X_deep), Y_deep).backward()
    return np.array([m.weight.grad.norm().item() for m in net
                     if isinstance(m, torch.nn.Linear)])


depths = [2, 5, 10, 15, 20]
norms = {(name, L): np.mean([layer_grad_norms(act, gain, L, seed)
                             for seed in range(5)], axis=0)
         for name, (act, gain) in families.items() for L in depths}
print("||dJ/dW_1|| / ||dJ/dW_L+1|| (first layer over output layer):")
for name in families:
    print(f"  {name:<14}" + "".join(f"  L={L}: {norms[name, L][0] / norms[name, L][-1]:8.1e}"
                                    for L in depths))

# %% tags=["figure:gradient-norms"]
colors_g = {"sigmoid": "#d62728", "tanh": "#1f77b4", "ReLU": "#ff7f0e",
            "ReLU, He init": "#2ca02c"}
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.2))
for name in families:
    g20 = norms[name, 20]
    ax0.semilogy(np.arange(1, len(g20) + 1), g20, "o-", ms=2.5,
                 color=colors_g[name], label=name)
    ax1.semilogy(depths, [norms[name, L][0] / norms[name, L][-1] for L in depths],
                 "o-", ms=3, color=colors_g[name], label=name)
ax0.set(xlabel="layer $l$", ylabel=r"$\|\partial J / \partial W_l\|$",
        title="20 hidden layers, at initialisation")
ax1.set(xlabel="hidden layers $L$", ylabel="first layer / output layer",
        title="gradient ratio against depth")
ax0.legend(fontsize=7)
fig.tight_layout()
plt.show()

# %% [markdown]
# In the sigmoid networks the gradient shrinks at every layer on its way back:
# at 20 layers the first layer's gradient is more than ten orders of magnitude
# smaller than the output layer's, so gradient descent leaves the first layers
# where they started. This is the *vanishing gradient* problem, the main reason deep
# networks were considered untrainable before ReLU and careful initialisation.
# tanh and ReLU keep the ratio between the layers within a factor of about ten at
# every depth. With variance $1/d_{l-1}$, though, ReLU's signals and gradients
# both shrink with depth, so *every* gradient of the 20-layer ReLU network is
# small; He's $2/d_{l-1}$ keeps them all at the scale of a shallow network. Chapter 8
# meets the same product of factors in recurrent networks, where it runs over
# time steps. Checked:

# %%
ratio = {(name, L): norms[name, L][0] / norms[name, L][-1]
         for name in families for L in depths}
assert all(ratio["sigmoid", a] > ratio["sigmoid", b]  # worse with every depth
           for a, b in zip(depths, depths[1:]))
assert ratio["sigmoid", 20] < 1e-10
for name in ("tanh", "ReLU", "ReLU, He init"):
    assert all(0.05 < ratio[name, L] < 20 for L in depths), name
assert norms["ReLU", 20].max() < norms["ReLU", 2].min() / 10        # all small
assert norms["ReLU, He init", 20].min() > 100 * norms["ReLU", 20].max()

# %% [markdown]
# ## 12. Minimise a loss, report accuracy
#
# For a classifier we care about accuracy, the fraction of examples it gets right.
# Why, then, does every chapter minimise a cross-entropy instead? Because accuracy
# cannot be trained by gradient descent: it counts examples on the right side of
# the decision boundary, and a small change of the weights moves no example across
# it, so accuracy does not change at all. Its gradient is zero almost everywhere
# (and undefined where an example crosses). Take logistic regression,
# $\hat p = \sigma(w_0 + x^\top w)$, on 200 points of the moons. Train it (500
# steps of gradient descent on the cross-entropy) to weights $w_0^\ast, w^\ast$,
# then walk along one line through weight space: keep $w = w^\ast$ and move the
# bias, $w_0 = w_0^\ast + s$, which slides the decision boundary across the
# points.

# %%
X_c, y_c = moons(n=200, noise=0.15, seed=0)
X_ct = torch.tensor(X_c, dtype=torch.float32)
y_ct = torch.tensor(y_c, dtype=torch.float32)
w_lr = torch.zeros(3, requires_grad=True)        # (w_0, w_1, w_2)
opt_lr = torch.optim.SGD([w_lr], lr=1.0)
for _ in range(500):
    opt_lr.zero_grad()
    z = w_lr[0] + X_ct @ w_lr[1:]
    torch.nn.functional.binary_cross_entropy_with_logits(z, y_ct).backward()
    opt_lr.step()
w_star = w_lr.detach()
s_line = torch.linspace(-4, 4, 2001)
with torch.no_grad():
    Z_line = (w_star[0] + s_line[:, None]) + X_ct @ w_star[1:]   # (2001, 200)
    acc_line = ((Z_line > 0).float() == y_ct).float().mean(dim=1)
    bce_line = torch.stack([torch.nn.functional.binary_cross_entropy_with_logits(
        z_s, y_ct) for z_s in Z_line])
flat = (torch.diff(acc_line) == 0).float().mean().item()
with torch.no_grad():
    acc_star = (((w_star[0] + X_ct @ w_star[1:]) > 0).float() == y_ct).float().mean()
print(f"accuracy at w*: {acc_star:.1%}")
print(f"steps along the line where accuracy does not change: {flat:.1%}")

# %% tags=["figure:accuracy-vs-loss"]
fig, ax = plt.subplots(figsize=(5.5, 3.0))
ax.plot(s_line, acc_line, color="#1f77b4", label="accuracy")
ax.plot(s_line, bce_line, color="#d62728", label="cross-entropy $J$")
ax.axvline(0.0, color="k", lw=0.8, ls="--")
ax.set(xlabel="$s$ (bias $w_0 = w_0^\\ast + s$)", ylim=(0, 1.6),
       title="accuracy is a staircase, the loss is smooth")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# Accuracy is a staircase: flat almost everywhere, with a jump wherever one point
# crosses the boundary. The cross-entropy changes smoothly with every weight, so
# its gradient always says which way to go. Torch agrees. Accuracy built from a
# comparison has no gradient at all (the comparison cuts the graph), `argmax`
# returns integers, which carry no gradient, and a step written with
# differentiable operations has gradient exactly zero:

# %%
w = w_star.clone().requires_grad_(True)
z = w[0] + X_ct @ w[1:]
accuracy = ((z > 0).float() == y_ct).float().mean()
print("accuracy from a comparison: requires_grad =", accuracy.requires_grad)
assert not accuracy.requires_grad and accuracy.grad_fn is None
logits2 = torch.stack([torch.zeros_like(z), z], dim=1)  # two-class logits
predicted = logits2.argmax(dim=1)
print("argmax:", predicted.dtype, " requires_grad =", predicted.requires_grad)
assert not predicted.requires_grad and not predicted.is_floating_point()
step_z = (torch.sign(z) + 1) / 2                    # a step, written with sign
soft_accuracy = (step_z * y_ct + (1 - step_z) * (1 - y_ct)).mean()
soft_accuracy.backward()
print("gradient of a step-function accuracy:", w.grad)
assert torch.equal(w.grad, torch.zeros(3))
w.grad = None
loss = torch.nn.functional.binary_cross_entropy_with_logits(w[0] + X_ct @ w[1:], y_ct)
loss.backward()
print("gradient of the cross-entropy at w*:    ", w.grad)
w_off = (w_star * 0.5).requires_grad_(True)
torch.nn.functional.binary_cross_entropy_with_logits(
    w_off[0] + X_ct @ w_off[1:], y_ct).backward()
print("gradient of the cross-entropy at w*/2:  ", w_off.grad)
# near 0 at the minimum, and pointing back to it away from it
assert w_off.grad.abs().max() > 10 * w.grad.abs().max()
assert (w_off.grad @ (w_star - w_off.detach())) < 0  # downhill is towards w*
assert flat > 0.85 and len(torch.unique(acc_line)) > 20  # many small steps
assert torch.allclose(soft_accuracy.detach(), acc_star)
print(f"whole lab: {time.perf_counter() - lab_start:.1f} s")

# %% [markdown]
# So we train on a smooth *surrogate*, the cross-entropy, whose minimum also makes
# the accuracy high (a confident, right prediction costs almost nothing; a wrong
# one costs a lot), and we *report* the accuracy, which is what users care about.
# The loss is for the optimizer; the metric is for people. The capstone lab,
# on handwritten digits, does both.
#
# **Try it.** Give the plain network 300 training points instead of 30
# (`sine(n=1500)`): does it still overfit? Set `patience=10`: where does early
# stopping stop now, and why is a patience that short risky on a noisy curve? In
# section 11, replace the sigmoid by `torch.nn.LeakyReLU` and measure its ratio.

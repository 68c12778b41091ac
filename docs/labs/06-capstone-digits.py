# %% [markdown]
# # Capstone: an MLP on handwritten digits
#
# Part I ends with a model trained end to end on real data, with every piece of
# chapters 2 to 6 in its place: a multi-layer network (chapter 2), the softmax
# cross-entropy on its logits (chapter 3), gradients by backpropagation
# (chapter 4, here `torch.autograd`), Adam (chapter 5), and a validation set,
# dropout and early stopping in the book's training loop `fit` (chapter 6).
#
# The data are scikit-learn's 1,797 handwritten digits, scanned at 8 by 8 pixels
# with 17 grey levels, which ship with the library: nothing is downloaded. The
# goal: at least 97 % of the test images right. Every claim below is an `assert`.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from dlbook.data.batching import split
from dlbook.data.images import digits
from dlbook.nn.losses import softmax_cross_entropy
from dlbook.plotting import style
from dlbook.train.fit import EarlyStopping, fit

style()
torch.set_num_threads(1)  # a small network: one thread is fastest
lab_start = time.perf_counter()

# %% [markdown]
# ## 1. The data
#
# `digits()` shuffles the 1,797 images once (with a fixed seed) and cuts them into
# a training set and a test set of 20 %. Each image comes as $(1, 8, 8)$, one grey
# channel, pixel values in $[0, 1]$. An MLP reads a vector, so we flatten each image
# into its $8 \cdot 8 = 64$ pixels, row by row. The test set stays locked away
# until the very end; the validation set that early stopping watches is cut from
# the training set, 20 % of it.

# %%
(X_train_img, y_train), (X_test_img, y_test) = digits()
print("train images", X_train_img.shape, " test images", X_test_img.shape)
assert X_train_img.shape[1:] == (1, 8, 8) and len(X_train_img) + len(X_test_img) == 1797
assert X_train_img.min() == 0.0 and X_train_img.max() == 1.0

X_train = X_train_img.reshape(len(X_train_img), 64)   # (N, 64): one row per image
X_test = X_test_img.reshape(len(X_test_img), 64)
(X_fit, y_fit), (X_val, y_val) = split(X_train, y_train, (0.8, 0.2), seed=0)
print(f"fit on {len(y_fit)}, validate on {len(y_val)}, test on {len(y_test)}")
print("images per class in the training part:", np.bincount(y_fit))


def tensors(X, y):
    """float32 inputs (n, 64), int64 labels (n,): what F.cross_entropy takes."""
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y)


train, val, test = tensors(X_fit, y_fit), tensors(X_val, y_val), tensors(X_test, y_test)

# %% tags=["figure:digit-samples"]
fig, axes = plt.subplots(2, 10, figsize=(7.5, 1.9))
for digit in range(10):
    for row in range(2):
        ax = axes[row, digit]
        ax.imshow(X_fit[y_fit == digit][row].reshape(8, 8), cmap="gray_r",
                  vmin=0, vmax=1)
        ax.set(xticks=[], yticks=[])
        if row == 0:
            ax.set_title(str(digit), fontsize=9)
fig.suptitle("two training images of each digit (8 x 8 pixels)", fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 2. The model and its loss
#
# A multi-layer perceptron with one hidden layer of 128 ReLU units, dropout
# $p = 0.2$ on them in training, and 10 outputs, one logit per digit:
#
# $$ A_1 = \operatorname{ReLU}(X W_1 + b_1), \qquad Z_2 = A_1 W_2 + b_2, $$
#
# with $W_1$ of shape $(64, 128)$ and $W_2$ of shape $(128, 10)$ (torch stores
# their transposes). The loss is chapter 3's softmax cross-entropy, computed from
# the logits by `F.cross_entropy` (the softmax lives inside the loss). Before
# training, the network knows nothing: its 10 logits are all close to 0, every
# class gets probability about $\frac1{10}$, and the loss should be close to
# $\log 10 \approx 2.303$. Our numpy `softmax_cross_entropy` of chapter 3 agrees
# with torch's on these logits.

# %%
def make_model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(128, 10))


model = make_model()
n_params = sum(p.numel() for p in model.parameters())
model.eval()
with torch.no_grad():
    Z0 = model(train[0])                         # (n, 10) logits
J0 = F.cross_entropy(Z0, train[1]).item()
J0_numpy = softmax_cross_entropy(Z0.double().numpy(), y_fit)
print(f"{n_params} parameters; loss before training {J0:.4f} "
      f"(numpy: {J0_numpy:.4f}), log 10 = {np.log(10):.4f}")
assert n_params == 64 * 128 + 128 + 128 * 10 + 10
assert abs(J0 - np.log(10)) < 0.15 and abs(J0 - J0_numpy) < 1e-5

# %% [markdown]
# ## 3. Training with `fit`
#
# Adam with $\eta = 10^{-3}$, mini-batches of 64, at most 300 epochs, and early
# stopping with a patience of 20 epochs on the validation loss. `fit` also records
# a metric every epoch, here the accuracy: the fraction of images whose largest
# logit is the right digit. We train on the loss and *report* the accuracy
# (chapter 6 explains why not the other way round).

# %%
def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    return (logits.argmax(dim=1) == y).float().mean().item()


model = make_model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
stopper = EarlyStopping(patience=20)
start = time.perf_counter()
history = fit(model, F.cross_entropy, optimizer, train, val, epochs=300,
              batch_size=64, early_stopping=stopper, metric=accuracy, rng=0)
seconds = time.perf_counter() - start
best, stop = history.best_epoch, history.stopped_epoch
print(f"{len(history.val_loss)} epochs in {seconds:.1f} s; stopped after epoch "
      f"{stop}, best epoch {best}")
print(f"at the best epoch: train loss {history.train_loss[best]:.4f}, "
      f"val loss {history.val_loss[best]:.4f}, "
      f"val accuracy {history.val_metric[best]:.1%}")

# %% [markdown]
# The model `fit` returns holds the weights of the best epoch, not of the last
# one, and is in evaluation mode (dropout off). Checked:

# %%
with torch.no_grad():
    val_loss_now = F.cross_entropy(model(val[0]), val[1]).item()
assert stop is not None and stop == best + 20          # patience ran out
assert val_loss_now == history.val_loss[best] == min(history.val_loss)
assert not model.training
assert history.train_loss[best] < 0.1 * J0             # it learned

# %% tags=["figure:training-curves"]
epochs = np.arange(len(history.val_loss))
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(7.5, 3.0))
ax0.plot(epochs, history.train_loss, label="train")
ax0.plot(epochs, history.val_loss, c="#d62728", label="validation")
ax0.set(yscale="log", xlabel="epoch", ylabel="cross-entropy", title="loss")
ax1.plot(epochs, history.train_metric, label="train")
ax1.plot(epochs, history.val_metric, c="#d62728", label="validation")
ax1.set(xlabel="epoch", ylabel="accuracy", ylim=(0.85, 1.005),
        title="accuracy")
for ax in (ax0, ax1):
    ax.axvline(best, c="#2ca02c", lw=1.2, label=f"best epoch {best}")
    ax.axvline(stop, c="k", lw=1.2, label=f"stop after {stop}")
ax1.legend(fontsize=7, loc="lower right")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 4. The test set, once
#
# Every choice is made: the architecture, the learning rate, the epoch to stop at.
# Now, once, the test images.

# %%
with torch.no_grad():
    test_logits = model(test[0])
test_pred = test_logits.argmax(dim=1).numpy()
test_accuracy = (test_pred == y_test).mean()
print(f"test accuracy: {test_accuracy:.2%} "
      f"({(test_pred != y_test).sum()} of {len(y_test)} images wrong)")
assert test_accuracy >= 0.97

# %% [markdown]
# Where are the mistakes? The *confusion matrix* counts, for every true digit
# (row) and predicted digit (column), how many test images fell there: a perfect
# classifier has numbers on the diagonal only.

# %%
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (y_test, test_pred), 1)
off_diagonal = confusion - np.diag(np.diag(confusion))
true_d, pred_d = np.unravel_index(off_diagonal.argmax(), off_diagonal.shape)
print(f"most frequent confusion: a {true_d} read as a {pred_d} "
      f"({off_diagonal[true_d, pred_d]} times)")
per_class = np.diag(confusion) / confusion.sum(axis=1)
print("accuracy per digit:", {d: round(float(a), 3) for d, a in enumerate(per_class)})
assert confusion.sum() == len(y_test)
assert np.trace(confusion) / confusion.sum() == test_accuracy

# %% tags=["figure:confusion-matrix"]
fig, ax = plt.subplots(figsize=(4.6, 4.2))
ax.imshow(confusion, cmap="Blues")
for i in range(10):
    for j in range(10):
        if confusion[i, j]:
            ax.text(j, i, confusion[i, j], ha="center", va="center", fontsize=8,
                    color="white" if confusion[i, j] > confusion.max() / 2 else "black")
ax.set(xticks=range(10), yticks=range(10), xlabel="predicted digit",
       ylabel="true digit", title=f"test set: {test_accuracy:.1%} correct")
ax.grid(False)
fig.tight_layout()
plt.show()

# %% [markdown]
# The images it got wrong, with the true digit and the prediction ("1 as 8": a 1
# read as an 8). Would you have read them right?

# %% tags=["figure:mistakes"]
wrong = np.flatnonzero(test_pred != y_test)
n_show = min(len(wrong), 10)
fig, axes = plt.subplots(1, 10, figsize=(7.5, 1.3))
for ax in axes:
    ax.axis("off")
for ax, i in zip(axes, wrong[:n_show]):
    ax.imshow(X_test[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(f"{y_test[i]} as {test_pred[i]}", fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 5. What the first layer learned
#
# Hidden unit $j$ computes $\operatorname{ReLU}\big((b_1)_j + \sum_i x_i\, (W_1)_{ij}\big)$:
# a weighted sum of the 64 pixels. Its 64 weights, column $j$ of $W_1$, can be drawn
# as an 8 by 8 image of their own, in the place of the pixel each one multiplies.
# The weights started random (`make_model()` draws them again, with the same
# seed). One detail first: a few pixels are blank (0) in every training image.
# Chapter 4's $\partial J / \partial W_1 = X^\top \delta_1$ then gives their rows
# of $W_1$ a gradient of exactly zero, so Adam never moves them: their weights are
# still the random ones they started with.

# %%
W_1 = model[0].weight.detach().numpy().T                  # (64, 128): our layout
W_1_init = make_model()[0].weight.detach().numpy().T
change = W_1 - W_1_init
blank = X_fit.max(axis=0) == 0                            # pixels never inked
print(f"{blank.sum()} pixels are blank in every training image: "
      f"{np.flatnonzero(blank).tolist()}")
assert W_1.shape == (64, 128) and blank.any()
assert (change[blank] == 0).all()            # never moved ...
assert (np.abs(change[~blank]).max(axis=1) > 0).all()  # ... unlike every other pixel
moved_most = np.argsort(-np.linalg.norm(change, axis=0))[:32]
relative_change = np.linalg.norm(change) / np.linalg.norm(W_1_init)
print(f"||W_1 - W_1_init|| / ||W_1_init|| = {relative_change:.2f}")
assert relative_change > 1  # training moved the weights far from their start

# %% tags=["figure:first-layer-weights"]
fig, axes = plt.subplots(4, 8, figsize=(7.5, 4.0))
for ax, j in zip(axes.ravel(), moved_most):
    img = W_1[:, j].reshape(8, 8)
    lim = np.abs(img).max()
    ax.imshow(img, cmap="RdBu_r", vmin=-lim, vmax=lim)
    ax.set(xticks=[], yticks=[])
    ax.set_title(f"unit {j}", fontsize=7)
fig.suptitle("first-layer weights of the 32 units that changed most, "
             "as 8 x 8 images (red +, blue -)", fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# Each image shows where ink switches that unit on (red) or off (blue). Training
# moved the weights far from their random start (the change printed above is
# larger than the initial weights themselves), yet do not expect digits, or even
# clean strokes: with about 1,150 training images and 128 units, each unit only
# needs a rough pattern that separates some digits from others, and nothing in
# the loss asks for smooth ones. The output layer weighs these 128 rough pieces
# of evidence into ten scores, and the sum of many rough pieces is what reads the
# digits. These are features the network learned rather than features a person
# designed (chapter 1), and they do not have to be pretty to work.
#
# That completes Part I: a network you could write from scratch, trained with the
# book's own loop, at least 97 % right on digits it had never seen. Part III
# returns to these images with convolutional networks, which build in what this
# MLP has to learn pixel by pixel: that a stroke is a stroke wherever it appears.

# %%
print(f"whole lab: {time.perf_counter() - lab_start:.1f} s")

# %% [markdown]
# **Try it.** Remove the dropout layer, or the hidden layer altogether (a linear
# softmax classifier, $64 \cdot 10 + 10$ parameters): how much test accuracy does
# each cost? Set the patience to 3: where does training stop, and what happens to
# the test accuracy? Add weight decay (`torch.optim.AdamW(..., weight_decay=0.1)`)
# and draw the first-layer weights again. Train on 10 % of the training images
# only and draw the confusion matrix again.

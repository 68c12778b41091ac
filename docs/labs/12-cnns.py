# %% [markdown]
# # Lab 12: convolutional networks
#
# This lab builds chapter 12's network and takes it apart. It follows an 8 x 8
# digit through `DigitsCNN` layer by layer (shapes, parameters, receptive
# fields); trains the CNN and the dense `DigitsMLP` on the book's training loop
# with a validation set and early stopping, and measures both on the test digits
# as they are and moved by one pixel; shows what the first layer learned and
# what the feature maps of one digit look like; measures each layer's receptive
# field with a gradient; and recomputes the whole trained network with chapter
# 11's numpy convolution and pooling, which must give torch's logits.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle

from dlbook.data.batching import split
from dlbook.data.images import digits, shift
from dlbook.nn.cnn import DigitsCNN, DigitsMLP, accuracy, count_parameters, receptive_field
from dlbook.nn.conv import SOBEL_X, SOBEL_Y, conv2d, conv_output_size
from dlbook.nn.pooling import max_pool2d
from dlbook.plotting import style
from dlbook.train.fit import EarlyStopping, fit

style()
torch.set_num_threads(1)  # tiny tensors: one thread is fastest
lab_start = time.perf_counter()


def frame(ax):
    """An image panel: no ticks or grid, a thin frame round the whole image."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(True)
        side.set_linewidth(0.6)


def T(a):
    """A float32 tensor: torch layers compute in float32."""
    return torch.tensor(a, dtype=torch.float32)

# %% [markdown]
# ## 1. The digits, with a validation set
#
# `digits()` cuts scikit-learn's 1,797 digits into 1,438 training and 359 test
# images. Early stopping needs a third set it may look at while training, so we
# cut 20% of the *training* images off as a validation set. The test set is only
# used at the end, to report.

# %%
(X_train_all, y_train_all), (X_test, y_test) = digits()
(X_train, y_train), (X_val, y_val) = split(X_train_all, y_train_all, (0.8, 0.2), seed=1)
print(f"train {X_train.shape}, validation {X_val.shape}, test {X_test.shape}")
assert len(X_train) + len(X_val) == len(X_train_all) == 1438 and len(X_test) == 359
train = (T(X_train), torch.tensor(y_train))
val = (T(X_val), torch.tensor(y_val))

# %% [markdown]
# ## 2. Shapes, parameters and receptive fields through the stack
#
# `DigitsCNN` is (3 x 3 convolution with padding 1, ReLU, 2 x 2 max pooling)
# twice, with 16 and then 32 filters, and a linear head on the flattened
# $32 \times 2 \times 2$ feature maps. We push one image through it layer by layer
# and print what comes out of each: its shape, the layer's parameters, and the
# side of the input patch one unit of that output sees (its receptive field).

# %%
cnn = DigitsCNN()
x = torch.zeros(1, 1, 8, 8)
rows, spec = [("input", tuple(x.shape[1:]), 0, 1)], []
for layer in cnn.features:
    x = layer(x)
    if isinstance(layer, (torch.nn.Conv2d, torch.nn.MaxPool2d)):
        k, s = layer.kernel_size, layer.stride
        spec.append((k if isinstance(k, int) else k[0], s if isinstance(s, int) else s[0]))
    rows.append((type(layer).__name__, tuple(x.shape[1:]),
                 count_parameters(layer), receptive_field(spec)))
x = cnn.head(x.flatten(start_dim=1))
rows.append(("Flatten + Linear", tuple(x.shape[1:]), count_parameters(cnn.head), None))
print(f"{'layer':<17}{'output shape':>14}{'parameters':>12}{'receptive field':>17}")
for name, shape, params, rf in rows:
    print(f"{name:<17}{str(shape):>14}{params:>12,}{'' if rf is None else f'{rf} x {rf}':>17}")
print(f"{'total':<17}{'':>14}{count_parameters(cnn):>12,}")

# every shape is the chapter's formula floor((n + 2p - k) / s) + 1
assert conv_output_size(8, 3, 1, 1) == 8 and conv_output_size(8, 2, 0, 2) == 4
assert [r[1] for r in rows] == [(1, 8, 8), (16, 8, 8), (16, 8, 8), (16, 4, 4),
                                (32, 4, 4), (32, 4, 4), (32, 2, 2), (10,)]
# parameters: C_out (C_in k^2 + 1) per convolution, none in ReLU or pooling
assert [r[2] for r in rows] == [0, 16 * (1 * 9 + 1), 0, 0, 32 * (16 * 9 + 1), 0, 0, 10 * (128 + 1)]
assert count_parameters(cnn) == 160 + 4640 + 1290 == 6090
assert count_parameters(DigitsMLP()) == 64 * 128 + 128 + 128 * 10 + 10 == 9610
assert [r[3] for r in rows[:-1]] == [1, 3, 3, 4, 8, 8, 10]
assert spec == list(DigitsCNN.LAYERS)

# %% [markdown]
# The second convolution holds three quarters of the parameters: each of its 32
# filters has a $3 \times 3$ window on *each* of the 16 maps below it. Pooling and
# ReLU have none. Fewer parameters do not mean less work, though: every filter
# weight is used at every position of its map. Counting multiply-adds per image,
# the CNN does about nine times the arithmetic of the MLP.

# %%
macs = {"CNN": 16 * 9 * 8 * 8 + 32 * 16 * 9 * 4 * 4 + 128 * 10,  # conv1 + conv2 + head
        "MLP": 64 * 128 + 128 * 10}
print({name: f"{m:,} multiply-adds per image" for name, m in macs.items()})
assert 8 < macs["CNN"] / macs["MLP"] < 10

# %% [markdown]
# ## 3. The CNN against the dense network, on the shared training loop
#
# Both models train with Adam (learning rate $5 \cdot 10^{-3}$) on mini-batches of
# 64, for at most 40 epochs, on `dlbook.train.fit`, the loop of chapter 6.
# `EarlyStopping(patience=6)` watches the validation loss, ends training after 6
# epochs without improvement and puts back the best epoch's weights. Every seed
# is fixed: initial weights, batch order, data split. Then both are tested on the
# 359 test digits, and on the same digits moved one pixel to the right, and by
# one pixel in each of the four directions (averaged).

# %%
EPOCHS, PATIENCE, BATCH = 40, 6, 64


def initialise(model, seed=0):
    """Fresh random weights, drawn from `seed`."""
    torch.manual_seed(seed)
    for layer in model.modules():
        if hasattr(layer, "reset_parameters"):
            layer.reset_parameters()


def train_model(model, seed=0):
    """Train `model` from its current weights; return its history and CPU-seconds."""
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    start = time.process_time()
    history = fit(model, F.cross_entropy, opt, train, val, EPOCHS, BATCH,
                  early_stopping=EarlyStopping(PATIENCE), metric=accuracy, rng=seed)
    return history, time.process_time() - start


def accuracy_on(model, X, y=y_test):
    with torch.no_grad():
        return accuracy(model(T(X)), torch.tensor(y))


def shifted_accuracy(model):
    """Mean test accuracy over one-pixel moves left, right, up and down."""
    return np.mean([accuracy_on(model, shift(X_test, dx, dy))
                    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))])


# The first optimizer step of a process pays one-off costs (lazy imports, memory
# pools): pay them here, outside the timed runs.
warm_up = DigitsMLP()
F.cross_entropy(warm_up(train[0][:8]), train[1][:8]).backward()
torch.optim.Adam(warm_up.parameters()).step()

models = {"MLP": DigitsMLP(), "CNN": cnn}
results, histories = {}, {}
for name, model in models.items():
    initialise(model, seed=0)
    if name == "CNN":
        initial_filters = model.features[0].weight.detach().clone()  # for section 4
    histories[name], seconds = train_model(model)
    results[name] = {"parameters": count_parameters(model), "CPU-s": seconds,
                     "epochs": len(histories[name].val_loss),
                     "test": accuracy_on(model, X_test),
                     "right 1 px": accuracy_on(model, shift(X_test, 1, 0)),
                     "any 1 px": shifted_accuracy(model)}
print(f"{'':<5}{'parameters':>11}{'CPU-s':>7}{'epochs':>8}{'test':>8}{'right 1 px':>12}{'any 1 px':>10}")
for name, r in results.items():
    print(f"{name:<5}{r['parameters']:>11,}{r['CPU-s']:>7.1f}{r['epochs']:>8}"
          f"{r['test']:>8.1%}{r['right 1 px']:>12.1%}{r['any 1 px']:>10.1%}")
mlp, cnn_r = results["MLP"], results["CNN"]
assert all(h.stopped_epoch is not None for h in histories.values())  # early stopping ended both runs
assert cnn_r["parameters"] < mlp["parameters"]            # the CNN is the smaller model...
assert cnn_r["test"] >= 0.97 and mlp["test"] >= 0.95      # ...both learn the digits...
assert cnn_r["test"] >= mlp["test"]                       # ...the CNN at least as well...
assert mlp["right 1 px"] < 0.7 and mlp["any 1 px"] < 0.7  # ...a one-pixel move wrecks the MLP...
assert cnn_r["right 1 px"] > mlp["right 1 px"] + 0.1      # ...and the CNN keeps far more
assert cnn_r["any 1 px"] > mlp["any 1 px"] + 0.1
assert cnn_r["CPU-s"] > mlp["CPU-s"]                      # more arithmetic per image: slower

# %% tags=["figure:cnn-vs-mlp"]
colors = {"MLP": "#d62728", "CNN": "#1f77b4"}
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(9, 3.4), gridspec_kw={"width_ratios": [1.3, 1]})
for name, h in histories.items():
    ax0.plot(range(1, len(h.val_metric) + 1), h.val_metric, color=colors[name],
             label=f"{name} ({results[name]['parameters']:,} parameters)")
    ax0.plot(h.best_epoch + 1, h.val_metric[h.best_epoch], "o", color=colors[name])
ax0.set(xlabel="epoch", ylabel="validation accuracy", ylim=(0.7, 1.0),
        title="training (dot: the best epoch, kept)")
ax0.legend(fontsize=8, loc="lower right")
bars = ["test", "right 1 px", "any 1 px"]
for k, name in enumerate(models):
    values = [results[name][b] for b in bars]
    pos = np.arange(len(bars)) + (k - 0.5) * 0.38
    ax1.bar(pos, values, width=0.36, color=colors[name], label=name)
    for p_, v in zip(pos, values):
        ax1.text(p_, v + 0.02, f"{v:.0%}", ha="center", fontsize=8)
ax1.set_xticks(range(len(bars)), ["test", "moved 1 px\nright", "moved 1 px\n(4 directions)"])
ax1.set(ylabel="test accuracy", ylim=(0, 1.12), title="test digits, as they are and moved")
ax1.legend(fontsize=8, loc="upper right")
plt.tight_layout()
plt.show()

# %% [markdown]
# Both networks learn the digits as they are. Move every test digit by one pixel
# and the dense network loses about half of them: each of its first-layer weights
# belongs to one pixel position, and a stroke one column over meets weights
# trained for something else. The CNN's filters slide, so the moved stroke lights
# up the same filters one position over, and max pooling absorbs part of the move.
# It is not fully invariant either: its linear head reads each of the last
# $2 \times 2$ positions with separate weights. The CNN pays in time, not in
# parameters: per image it does nine times the MLP's arithmetic.
#
# ## 4. What the first layer learned
#
# The first convolution's 16 filters are $3 \times 3$ grids of weights, so we can
# look at them as tiny images, before and after training. How far did they move,
# and did they become more like the edge detectors of chapter 11? We compare each
# filter, with its mean removed, to a Sobel filter in four orientations
# (vertical, horizontal and the two diagonals, either sign) by cosine similarity:
# 1 for the same pattern up to scale, about 0.5 on average for random filters.

# %%
trained_filters = cnn.features[0].weight.detach()
change = ((trained_filters - initial_filters).norm() / initial_filters.norm()).item()
SOBEL_D1 = np.array([[0.0, 1.0, 2.0], [-1.0, 0.0, 1.0], [-2.0, -1.0, 0.0]])  # a diagonal edge
edge_bank = np.stack([SOBEL_X, SOBEL_Y, SOBEL_D1, SOBEL_D1[:, ::-1]]).reshape(4, 9)


def sobel_likeness(filters):
    """(16, 1, 3, 3) -> for each filter the largest |cosine| with the four Sobel filters."""
    f = filters[:, 0].flatten(1).numpy().astype(np.float64)
    f = f - f.mean(axis=1, keepdims=True)
    cos = f @ edge_bank.T / np.linalg.norm(f, axis=1)[:, None] / np.linalg.norm(edge_bank, axis=1)
    return np.abs(cos).max(axis=1)


like_before, like_after = sobel_likeness(initial_filters), sobel_likeness(trained_filters)
print(f"the weights moved by {change:.2f} times their initial size")
for when, like in (("initial", like_before), ("trained", like_after)):
    print(f"{when}: mean cosine with the nearest Sobel filter {like.mean():.2f}, "
          f"{(like > 0.7).sum()} of 16 filters above 0.7, the best {like.max():.2f}")
assert change > 1  # training moved the filters further than their own initial size
assert like_after.mean() > like_before.mean() + 0.05  # on average more edge-like...
assert (like_after > 0.7).sum() > (like_before > 0.7).sum()  # ...and more of them clearly so

# %% tags=["figure:learned-filters"]
fig, axes = plt.subplots(4, 8, figsize=(8, 4.6))
for row, (filters, label) in enumerate(((initial_filters, "initial"), (trained_filters, "trained"))):
    lim = float(filters.abs().max())
    for k in range(16):
        ax = axes[2 * row + k // 8, k % 8]
        ax.imshow(filters[k, 0], cmap="RdBu_r", vmin=-lim, vmax=lim)
        frame(ax)
        if filters is trained_filters and k == like_after.argmax():
            for side in ax.spines.values():
                side.set_linewidth(2.5)
    axes[2 * row, 0].set_ylabel(label, fontsize=10)
fig.suptitle("first-layer filters, 3 x 3 (red positive, blue negative; "
             "thick frame: the most Sobel-like)", fontsize=10)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 5. The feature maps of one digit
#
# Each filter turns the digit into a feature map: how strongly each place looks
# like the filter. After the ReLU, what did not look like it is exactly 0.
# The second layer's 32 maps are $4 \times 4$: coarser, and each of them combines
# all 16 maps below it.

# %%
digit = X_test[:1]
with torch.no_grad():
    maps1 = cnn.features[:2](T(digit))[0]   # conv1 + ReLU: (16, 8, 8)
    maps2 = cnn.features[:5](T(digit))[0]   # ... + pool + conv2 + ReLU: (32, 4, 4)
zero1, zero2 = (maps1 == 0).float().mean().item(), (maps2 == 0).float().mean().item()
print(f"digit {y_test[0]}: layer 1 maps {tuple(maps1.shape)}, {zero1:.0%} zeros; "
      f"layer 2 maps {tuple(maps2.shape)}, {zero2:.0%} zeros")
assert maps1.shape == (16, 8, 8) and maps2.shape == (32, 4, 4)
assert zero1 > 0.2 and zero2 > 0.2  # the ReLU silences a good part of every layer

# %% tags=["figure:feature-maps"]
fig = plt.figure(figsize=(10, 4.6))
left, right = fig.subfigures(1, 2, width_ratios=[1, 5.5])
ax = left.subplots()
ax.imshow(digit[0, 0], cmap="gray_r")
ax.set_title(f"the digit ({y_test[0]})", fontsize=10)
frame(ax)
top, bottom = right.subfigures(2, 1, height_ratios=[1, 0.62])
for sub, maps, cols, title in ((top, maps1, 8, "layer 1: 16 maps of 8 x 8"),
                               (bottom, maps2, 16, "layer 2: 32 maps of 4 x 4")):
    axes = sub.subplots(len(maps) // cols, cols)
    for k, ax in enumerate(axes.ravel()):
        ax.imshow(maps[k], cmap="Purples", vmin=0)
        frame(ax)
    sub.suptitle(f"{title} (after ReLU; white = 0)", fontsize=10)
plt.show()

# %% [markdown]
# ## 6. Receptive fields, computed and measured
#
# `receptive_field` computes, from the (kernel, stride) of each layer, the side of
# the input patch that one unit depends on (chapter 12 derives the formula). We can
# also *measure* it: the gradient of one unit with respect to the input is non-zero
# exactly at the pixels that unit can see. One input is not enough: a ReLU that is
# off, or a max-pooling window that picked another entry, blocks the gradient of
# some pixels. So we take 256 random inputs, and call a pixel seen if its gradient
# is non-zero for at least one of them. The inputs are $32 \times 32$ (the layers do
# not care about the image size), so that a unit in the middle sees no padding.

# %%
x = torch.rand(256, 1, 32, 32, requires_grad=True)
cuts = {"conv 1": 2, "pool 1": 3, "conv 2": 5, "pool 2": 6}  # layers of `features` kept
seen = {}
for name, cut in cuts.items():
    out = cnn.features[:cut](x)
    c = out.shape[-1] // 2                                     # a unit in the middle...
    channel = out[:, :, c, c].mean(dim=0).argmax().item()      # ...of its most active map
    (grad,) = torch.autograd.grad(out[:, channel, c, c].sum(), x)
    seen[name] = (grad != 0).any(dim=0)[0].numpy()             # (32, 32): pixels it can see
    rows_, cols_ = np.nonzero(seen[name])
    side = rows_.max() - rows_.min() + 1
    n_layers = sum(isinstance(m, (torch.nn.Conv2d, torch.nn.MaxPool2d)) for m in cnn.features[:cut])
    r = receptive_field(DigitsCNN.LAYERS[:n_layers])
    print(f"after {name}: formula {r} x {r}, measured {side} x {cols_.max() - cols_.min() + 1}, "
          f"{seen[name].sum()} pixels")
    # the pixels with a gradient form one full r x r square, and nothing else
    assert side == cols_.max() - cols_.min() + 1 == r and seen[name].sum() == r * r

# %% tags=["figure:receptive-field"]
fig, axes = plt.subplots(1, 4, figsize=(9, 2.8))
for ax, (name, mask) in zip(axes, seen.items()):
    ax.imshow(mask[8:24, 8:24], cmap="Blues", vmin=0, vmax=1.5)
    rows_, cols_ = np.nonzero(mask[8:24, 8:24])
    r = rows_.max() - rows_.min() + 1
    ax.add_patch(Rectangle((cols_.min() - 0.5, rows_.min() - 0.5), r, r, fill=False,
                           edgecolor="k", linewidth=1.5))
    ax.set_title(f"one unit after {name}: {r} x {r}", fontsize=9)
    ax.set_xticks(np.arange(-0.5, 16, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, 16, 1), minor=True)
    ax.grid(which="minor", color="0.85", linewidth=0.4)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.grid(which="major", visible=False)
    for spine in ax.spines.values():
        spine.set_visible(True)
fig.suptitle("input pixels with a non-zero gradient (16 x 16 crop of a 32 x 32 input)", fontsize=10)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 7. The same network in numpy: our convolution against `torch.nn.Conv2d`
#
# The trained model is torch's `nn.Conv2d`, `nn.ReLU`, `nn.MaxPool2d` and
# `nn.Linear`. Chapter 11 wrote the same operations in numpy. Take the trained
# weights out of the torch model and compute the network again with
# `dlbook.nn.conv.conv2d` and `dlbook.nn.pooling.max_pool2d`: the logits must
# agree with torch's on every test digit, up to float32 round-off.

# %%
P = {name: p.detach().double().numpy() for name, p in cnn.named_parameters()}


def relu(a):
    return np.maximum(a, 0.0)


h = max_pool2d(relu(conv2d(X_test, P["features.0.weight"], P["features.0.bias"], 1, 1)), 2)
h = max_pool2d(relu(conv2d(h, P["features.3.weight"], P["features.3.bias"], 1, 1)), 2)
logits_numpy = h.reshape(len(h), -1) @ P["head.weight"].T + P["head.bias"]
with torch.no_grad():
    logits_torch = cnn(T(X_test)).double().numpy()
    first_layer = cnn.features[0](T(X_test)).double().numpy()
print(f"largest logit difference: {np.abs(logits_numpy - logits_torch).max():.1e}")
assert np.allclose(conv2d(X_test, P["features.0.weight"], P["features.0.bias"], 1, 1), first_layer, atol=1e-5)
assert np.allclose(logits_numpy, logits_torch, atol=1e-4)
assert np.array_equal(logits_numpy.argmax(1), logits_torch.argmax(1))  # the same 359 answers
print(f"whole lab: {time.perf_counter() - lab_start:.1f} s")

# %% [markdown]
# **Try it.** Replace max pooling by average pooling (`torch.nn.AvgPool2d(2)`) and
# rerun section 3: which model of the two changes, and how much do the shifted
# digits care? Give `DigitsCNN` a third convolution without pooling after the
# second: predict its receptive field with the formula, then measure it in
# section 6. Train both models on digits moved at random by up to one pixel (data
# augmentation): which one gains more on the shifted test set?

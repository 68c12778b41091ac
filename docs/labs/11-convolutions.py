# %% [markdown]
# # Lab 11: convolutions
#
# This lab runs every idea of chapter 11 on real and generated images. A digit
# is a grid of numbers; a dense layer on a real photograph needs hundreds of
# millions of weights, a convolution a few thousand. Hand-made Sobel filters find
# edges; our convolution from scratch (loops, a vectorised version and im2col)
# matches `torch.nn.functional.conv2d`, and im2col is measured against the loops.
# Pooling shrinks feature maps and routes gradients. Finally a small CNN and a
# dense network of about the same size learn the 8x8 digits, and we move the test
# digits by one pixel to see which one cares where a stroke is.

# %%
import time
import timeit

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

from dlbook.data.images import digits, edge_image, shift
from dlbook.nn.cnn import (DigitsCNN, DigitsMLP, accuracy, count_parameters,
                           receptive_field)
from dlbook.nn.conv import (SOBEL_X, SOBEL_Y, conv2d, conv2d_backward,
                            conv2d_loops, conv2d_windows, conv_output_size,
                            sobel)
from dlbook.nn.pooling import avg_pool2d, max_pool2d, max_pool2d_backward
from dlbook.plotting import style
from dlbook.train.fit import fit

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

# %% [markdown]
# ## 1. An image is a grid of numbers
#
# scikit-learn ships 1,797 handwritten digits scanned at 8 x 8 pixels with 17
# grey levels (0 = white paper, 16 = black ink). `digits()` divides by 16 and
# returns them in torch's layout $(N, C, H, W)$: $N$ images of $C = 1$ channel,
# $H = W = 8$. To a network, the image on the left *is* the table of numbers on
# the right.

# %%
(X_train, y_train), (X_test, y_test) = digits()
print("train", X_train.shape, "test", X_test.shape)
print("pixel values from", X_train.min(), "to", X_train.max())
image = X_train[0, 0]
print(f"label {y_train[0]}, as the scanner stored it (0..16):")
print((image * 16).astype(int))
assert X_train.shape[1:] == (1, 8, 8) and len(X_train) + len(X_test) == 1797
assert X_train.min() == 0.0 and X_train.max() == 1.0

# %% tags=["figure:digit-as-numbers"]
fig, axes = plt.subplots(1, 2, figsize=(7, 3.4))
axes[0].imshow(image, cmap="gray_r", vmin=0, vmax=1)
axes[0].set_title(f"a digit: {y_train[0]}")
axes[1].imshow(image, cmap="gray_r", vmin=0, vmax=1, alpha=0.35)
for (i, j), v in np.ndenumerate((image * 16).astype(int)):
    axes[1].text(j, i, str(v), ha="center", va="center", fontsize=8)
axes[1].set_title("what the network sees")
for ax in axes:
    ax.set_xticks(range(8))
    ax.set_yticks(range(8))
    ax.grid(False)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 2. Why dense layers fail on images
#
# A dense layer gives each of its units one weight per input number. On an image of
# $H \times W$ pixels with $C$ channels, a layer of 1,000 units has
# $1000\,(HWC + 1)$ weights: it grows with the resolution. A convolutional layer
# with 64 filters of $3 \times 3$ has $64\,(9C + 1)$, whatever the size of the
# image, because every filter is *shared* by all positions. Sharing also builds in
# a prior the dense layer lacks: a pattern is the same pattern wherever it appears.

# %%
resolutions = {"digits 8x8 grey": (8, 8, 1), "MNIST 28x28 grey": (28, 28, 1),
               "ImageNet 224x224 RGB": (224, 224, 3),
               "phone photo 3024x4032 RGB": (3024, 4032, 3)}
print(f"{'image':<28}{'dense, 1000 units':>20}{'conv, 64 filters 3x3':>22}")
dense_counts, conv_counts = [], []
for name, (H, W, C) in resolutions.items():
    dense = 1000 * (H * W * C + 1)
    conv = 64 * (9 * C + 1)
    dense_counts.append(dense)
    conv_counts.append(conv)
    print(f"{name:<28}{dense:>20,}{conv:>22,}")
# the formulas are what torch allocates (checked where the dense layer still fits in memory)
assert count_parameters(torch.nn.Linear(28 * 28, 1000)) == dense_counts[1]
assert count_parameters(torch.nn.Conv2d(3, 64, 3)) == conv_counts[2]
assert dense_counts[2] > 150e6 and conv_counts[2] == 1792  # 150 million vs 1,792
assert dense_counts[3] > 36e9  # a photo: 36 billion weights, 146 GB in float32

# %% [markdown]
# ## 3. Filters and feature maps: hand-made edge detectors
#
# A filter is a small grid of weights; sliding it over the image and taking the dot
# product with each patch gives a **feature map**: how strongly each place of the
# image looks like the filter. The Sobel filter below answers "do the pixel values
# rise from left to right here?"; its transpose asks the same from top to bottom.
# The test card is a square of 1s on a background of 0s (drawn, like the digits'
# ink, in black).

# %%
print("SOBEL_X =\n", SOBEL_X, "\nSOBEL_Y =\n", SOBEL_Y)
square = edge_image(16, 8)  # an 8x8 square of 1s on a 16x16 background of 0s
G = sobel(square)[0]         # (2, 16, 16): G_x and G_y
print("G_x along row 8:", G[0, 8].astype(int))
# rising edge at the square's left side: +4; falling edge at its right: -4; flat: 0
assert G[0, 8, 3] == 4 and G[0, 8, 12] == -4 and G[0, 8, 8] == 0 and G[0, 8, 0] == 0
assert np.all(G[1, 8, 2:14] == 0)  # no horizontal edge crosses row 8 in the middle
digit_maps = sobel(X_train[:1])[0]
edge_strength = np.hypot(*digit_maps)

# %% tags=["figure:sobel-feature-maps"]
fig, axes = plt.subplots(2, 4, figsize=(9, 4.6))
rows = [(square[0, 0], G[0], G[1], np.hypot(*G)),
        (X_train[0, 0], digit_maps[0], digit_maps[1], edge_strength)]
titles = ["image", "$G_x$ (vertical edges)", "$G_y$ (horizontal edges)",
          "$\\sqrt{G_x^2 + G_y^2}$"]
for r, maps in enumerate(rows):
    for c, m in enumerate(maps):
        ax = axes[r, c]
        if c in (1, 2):  # signed: red rises, blue falls
            lim = np.abs(m).max()
            ax.imshow(m, cmap="RdBu_r", vmin=-lim, vmax=lim)
        else:
            ax.imshow(m, cmap="gray_r")
        frame(ax)
        if r == 0:
            ax.set_title(titles[c], fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# Zero padding makes edges of its own: where the digit's ink touches the border,
# the filter sees ink next to padding zeros. Inside the image, flat regions give 0
# because each Sobel filter's weights sum to 0.
#
# ## 4. Convolution from scratch, three ways, against torch
#
# `conv2d_loops` computes each output number from its definition;
# `conv2d_windows` reads every patch through a strided view of the array and
# contracts them with the filters in one `einsum`; `conv2d` lays the patches out
# as the rows of one matrix (im2col) and does a single matrix product. All three
# must agree with `torch.nn.functional.conv2d`, with padding, stride and several
# channels, and so must the output size $\lfloor (H + 2p - k) / s \rfloor + 1$.

# %%
rng = np.random.default_rng(0)
worst = {"loops": 0.0, "windows": 0.0, "im2col": 0.0, "backward": 0.0}
for trial in range(20):
    N, C_in, C_out = rng.integers(1, 4, size=3)
    k, s, p = rng.integers(1, 5), rng.integers(1, 4), rng.integers(0, 3)
    H = rng.integers(max(1, k - 2 * p), 12)
    x = rng.normal(size=(N, C_in, H, H + 1))
    W, b = rng.normal(size=(C_out, C_in, k, k)), rng.normal(size=C_out)
    xt, Wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    out = F.conv2d(xt, Wt, bt, stride=int(s), padding=int(p))
    assert out.shape[2:] == (conv_output_size(H, k, p, s), conv_output_size(H + 1, k, p, s))
    for name, f in (("loops", conv2d_loops), ("windows", conv2d_windows), ("im2col", conv2d)):
        worst[name] = max(worst[name], np.abs(f(x, W, b, s, p) - out.detach().numpy()).max())
    dout = rng.normal(size=out.shape)
    out.backward(torch.tensor(dout))
    for mine, theirs in zip(conv2d_backward(dout, x, W, s, p), (xt, Wt, bt)):
        worst["backward"] = max(worst["backward"], np.abs(mine - theirs.grad.numpy()).max())
for name, err in worst.items():
    print(f"largest deviation from torch, {name:>8}: {err:.1e}")
assert max(worst.values()) < 1e-12  # float64: round-off only

# %% [markdown]
# ## 5. Why im2col: the same numbers, measured
#
# The loops do a few multiplications per Python step; im2col copies patches (each
# pixel up to $k^2$ times) and hands one large matrix product to BLAS. Here is a
# batch of 8 RGB images of 32 x 32 and 16 filters of 3 x 3. (At this size the
# strided-view version, which copies nothing, is faster still; both leave the
# loops hundreds of times behind, and torch's own kernel is faster again.)

# %%
x = rng.normal(size=(8, 3, 32, 32))
W, b = rng.normal(size=(16, 3, 3, 3)), rng.normal(size=16)
timings = {}
for name, f in (("loops", lambda: conv2d_loops(x, W, b, 1, 1)),
                ("windows", lambda: conv2d_windows(x, W, b, 1, 1)),
                ("im2col", lambda: conv2d(x, W, b, 1, 1)),
                ("torch", lambda: F.conv2d(torch.tensor(x), torch.tensor(W),
                                           torch.tensor(b), padding=1))):
    repeats = 1 if name == "loops" else 10
    timings[name] = min(timeit.repeat(f, number=repeats, repeat=3)) / repeats
for name, t in timings.items():
    print(f"{name:>8}: {t * 1e3:8.2f} ms   ({timings['loops'] / t:6.0f}x the loops' speed)")
assert np.allclose(conv2d_loops(x, W, b, 1, 1), conv2d(x, W, b, 1, 1), rtol=0, atol=1e-12)
assert timings["loops"] > 20 * timings["im2col"]  # im2col: well over an order of magnitude

# %% [markdown]
# ## 6. Pooling
#
# Max pooling keeps the largest number of each $2 \times 2$ window, average pooling
# the mean: both halve height and width. Backward, a max-pooling window sends its
# whole gradient to the one input that won (the argmax); the other three get 0.

# %%
fmap = np.abs(digit_maps[None, :1])  # |G_x| of the digit: (1, 1, 8, 8)
pooled_max, pooled_avg = max_pool2d(fmap, 2), avg_pool2d(fmap, 2)
print("feature map", fmap.shape, "-> max pool", pooled_max.shape)
dx = max_pool2d_backward(np.ones_like(pooled_max), fmap, 2)
windows = dx[0, 0].reshape(4, 2, 4, 2).transpose(0, 2, 1, 3).reshape(4, 4, 4)
print("inputs that received gradient, per window:\n", (windows != 0).sum(axis=-1))
xt = torch.tensor(fmap, requires_grad=True)
F.max_pool2d(xt, 2).sum().backward()
assert np.array_equal(dx, xt.grad.numpy())
assert np.array_equal(pooled_max, F.max_pool2d(torch.tensor(fmap), 2).numpy())
assert np.allclose(pooled_avg, F.avg_pool2d(torch.tensor(fmap), 2).numpy(), atol=1e-15)
assert np.all((windows != 0).sum(axis=-1) == 1)  # one winner per window, ties included (the first)

# %% [markdown]
# ## 7. A CNN against a dense network, and a one-pixel shift
#
# `DigitsCNN` is (3x3 convolution, ReLU, 2x2 max pooling) twice with 16 and 32
# filters, then a linear head: 6,090 parameters. `DigitsMLP` flattens the 64 pixels
# into 128 hidden units: 9,610 parameters. Both train for exactly 30 epochs of 45
# Adam steps on the 1,438 training digits, on the shared training loop. Then we
# test them on the 359 test digits as they are, and moved one pixel to the right
# (the column uncovered on the left is filled with 0, blank paper).

# %%
def train(model, epochs=30, seed=0):
    torch.manual_seed(seed)
    for layer in model.modules():  # initial weights from the seed
        if hasattr(layer, "reset_parameters"):
            layer.reset_parameters()
    T = lambda a: torch.tensor(a, dtype=torch.float32)  # noqa: E731
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    start = time.process_time()
    fit(model, F.cross_entropy, opt, (T(X_train), torch.tensor(y_train)),
        (T(X_test), torch.tensor(y_test)), epochs, 32, rng=seed)
    return time.process_time() - start


def accuracy_on(model, X):
    with torch.no_grad():
        return accuracy(model(torch.tensor(X, dtype=torch.float32)), torch.tensor(y_test))


models = {"MLP": DigitsMLP(), "CNN": DigitsCNN()}
results = {}
for name, model in models.items():
    seconds = train(model)
    results[name] = {"parameters": count_parameters(model), "CPU-s": seconds,
                     "test": accuracy_on(model, X_test),
                     "shifted 1 px": accuracy_on(model, shift(X_test, 1, 0))}
print(f"{'':<5}{'parameters':>11}{'CPU-s':>7}{'test':>8}{'shifted 1 px':>14}")
for name, r in results.items():
    print(f"{name:<5}{r['parameters']:>11,}{r['CPU-s']:>7.1f}{r['test']:>8.1%}{r['shifted 1 px']:>14.1%}")
mlp, cnn = results["MLP"], results["CNN"]
assert cnn["parameters"] < mlp["parameters"]
assert cnn["test"] >= 0.95 and mlp["test"] >= 0.95          # unshifted, both learn the digits
assert mlp["shifted 1 px"] < 0.7                            # one pixel costs the MLP 30 points or more
assert cnn["shifted 1 px"] > mlp["shifted 1 px"] + 0.1      # the CNN keeps much more

# %% [markdown]
# How far does each model tolerate a move? Shift the test digits by 0, 1 and 2
# pixels, left, right, up and down, and average over the four directions.

# %%
offsets = range(3)
robustness = {name: [np.mean([accuracy_on(m, shift(X_test, d, 0)), accuracy_on(m, shift(X_test, -d, 0)),
                              accuracy_on(m, shift(X_test, 0, d)), accuracy_on(m, shift(X_test, 0, -d))])
                     for d in offsets] for name, m in models.items()}
for name, accs in robustness.items():
    print(name, " ".join(f"{a:.2f}" for a in accs))
for d, a_mlp, a_cnn in zip(offsets, robustness["MLP"], robustness["CNN"]):
    if d != 0:
        assert a_cnn > a_mlp  # at every shift, the CNN holds up better

# %% tags=["figure:shift-robustness"]
fig, axes = plt.subplots(1, 3, figsize=(9.5, 3.2), gridspec_kw={"width_ratios": [1, 1, 2.2]})
axes[0].imshow(X_test[0, 0], cmap="gray_r")
axes[0].set_title(f"a test digit ({y_test[0]})", fontsize=9)
axes[1].imshow(shift(X_test, 1, 0)[0, 0], cmap="gray_r")
axes[1].set_title("moved 1 pixel right", fontsize=9)
for ax in axes[:2]:
    frame(ax)
for name, color in (("MLP", "#d62728"), ("CNN", "#1f77b4")):
    axes[2].plot(list(offsets), robustness[name], "-o", color=color,
                 label=f"{name} ({results[name]['parameters']:,} parameters)")
axes[2].set_xlabel("shift (pixels; mean of left, right, up, down)")
axes[2].set_xticks(list(offsets))
axes[2].set_ylabel("test accuracy")
axes[2].set_ylim(0, 1)
axes[2].legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# The CNN's filters slide, so a stroke moved by a pixel still lights up the same
# filter, one position over; max pooling then hides part of that move. It is not
# fully invariant: its linear head still reads each of the final 2 x 2 positions
# with its own weights. The dense network's weights belong to fixed pixels: a
# stroke moved to the next column meets weights trained for something else, and
# nothing it learned about one pixel carries over to its neighbour.
#
# ## 8. How much does one unit see?
#
# Two 3x3 convolutions, each followed by 2x2 pooling: a unit at the top depends on
# a $10 \times 10$ patch of the input (part of it padding), larger than the digit.

# %%
print("receptive field of DigitsCNN's last feature map:", receptive_field(DigitsCNN.LAYERS))
assert receptive_field(DigitsCNN.LAYERS) == 10
assert receptive_field([(3, 1)] * 3) == 7  # three 3x3 convolutions see as far as one 7x7
print(f"whole lab: {time.perf_counter() - lab_start:.1f} s")

# %% [markdown]
# **Try it.** Replace `SOBEL_X` by `SOBEL_X.T[::-1]` and predict the feature map
# of the square before running it. Train `DigitsCNN((4, 8))`: how few parameters
# still beat the MLP on shifted digits? Train both models on digits shifted at
# random by up to one pixel (data augmentation): which one gains more?

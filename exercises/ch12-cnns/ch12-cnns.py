# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch12-cnns
# export_cell: false
# requirements:   # for Gradescope's image: the tests use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 12 exercises: convolutional networks
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch12-cnns.ipynb` checks them all (its exit status is 0 only when every
# public test passes).
#
# **What you may use.** numpy, Python's `math`, plain Python, and the two helpers in the
# next cell (`conv2d` and `max_pool2d`, chapter 11's operations, given so that you need
# not write them again). Do **not** import `dlbook`, the book's own package: the exercises
# are solved without it, and importing it fails when your notebook is checked or graded.
# The tests use PyTorch (`torch.nn.Conv2d`, `MaxPool2d`, `Linear`, autograd, with your
# weights copied in) to compute the expected answers, so it must be installed, but your
# answers do not use it.
#
# **What is graded.** The checks in this notebook are the public tests. Your submission
# is also graded on hidden tests with inputs you never see (other image sizes, batch
# sizes, channel counts and stacks), so write code that is right for every input the
# question allows, not just for the examples. No function may modify the arrays it is
# given (the tests check).
#
# **Reasoning questions.** Questions 2 to 6 ask you to reason rather than to code an
# operation you were given: Question 2 (derive) the shapes, parameters and receptive
# fields through any stack, Question 3 (design) a stack that meets a receptive-field and
# parameter budget, Question 4 (debug) a classifier's forward pass with three bugs,
# Question 5 (predict) what a one-pixel shift does to a convolution and to its pooled
# output, Question 6 (derive) the convolution that computes a dense head. Question 1
# (a network with global average pooling) is a coding question. Each title says which
# kind it is.
#
# **Conventions.** As in the book, images are NCHW, convolution filters
# $(C_{\text{out}}, C_{\text{in}}, k, k)$ and biases $(C_{\text{out}},)$; a convolution is a
# cross-correlation (the filter is not flipped). A dense layer's weight has torch's layout
# $(n_{\text{out}}, n_{\text{in}})$: it computes `h @ W.T + b`. Flattening a feature map
# $(C, H, W)$ means torch's order, `h.reshape(N, -1)`: channel by channel, each channel
# row by row.

# %%
import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, W, b, padding=0):
    """Chapter 11's convolution (a cross-correlation) with stride 1 and zero padding on every side.

    x: (N, C_in, H, W), W: (C_out, C_in, k, k), b: (C_out,) -> (N, C_out, H + 2 padding - k + 1, ...).
    """
    x = np.pad(np.asarray(x, dtype=float), ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    W = np.asarray(W, dtype=float)
    k = W.shape[-1]
    patches = sliding_window_view(x, (k, k), axis=(2, 3))          # (N, C_in, H_out, W_out, k, k)
    return np.einsum("ncijuv,ocuv->noij", patches, W, optimize=True) + np.asarray(b, dtype=float)[:, None, None]


def max_pool2d(x, k=2):
    """k x k max pooling with stride k, no padding: (N, C, H, W) -> (N, C, H // k, W // k)."""
    x = np.asarray(x, dtype=float)
    N, C, H, W = x.shape
    x = x[:, :, :H // k * k, :W // k * k]
    return x.reshape(N, C, H // k, k, W // k, k).max(axis=(3, 5))

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: a classifier with global average pooling).** The chapter's
# `DigitsCNN` flattens its last $2 \times 2$ feature maps into its linear head, so it only
# works on $8 \times 8$ images, and its head reads each position with its own weights.
# Many modern networks end instead with **global average pooling**: the mean of each
# channel over all positions, one number per channel, whatever the image size. Write
# `gap_cnn_forward(x, params)` computing
#
# conv $3 \times 3$, padding 1 → ReLU → max pool $2 \times 2$ (stride 2) →
# conv $3 \times 3$, padding 1 → ReLU → global average pooling → linear,
#
# for grey images `x` of shape $(N, 1, H, W)$ with $H$ and $W$ even (not necessarily
# 8 or equal), and `params` a dict of numpy arrays: `"W1"` $(C_1, 1, 3, 3)$, `"b1"`
# $(C_1,)$, `"W2"` $(C_2, C_1, 3, 3)$, `"b2"` $(C_2,)$, `"W3"` $(n_{\text{classes}}, C_2)$,
# `"b3"` $(n_{\text{classes}},)$. Return the logits, shape $(N, n_{\text{classes}})$. Use
# the helpers `conv2d` and `max_pool2d` if you like.

# %% [raw]
# # BEGIN SOLUTION

# %%
def gap_cnn_forward(x, params):
    x = np.asarray(x, dtype=float)
    # BEGIN SOLUTION
    h = max_pool2d(np.maximum(conv2d(x, params["W1"], params["b1"], padding=1), 0.0))
    h = np.maximum(conv2d(h, params["W2"], params["b2"], padding=1), 0.0)
    g = h.mean(axis=(2, 3))                            # (N, C_2): one number per channel
    return g @ np.asarray(params["W3"]).T + params["b3"]
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For 3 images of 8 x 8 (C_1 = 4, C_2 = 5, 10 classes) the logits differ from the same
  network in torch (Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, AdaptiveAvgPool2d(1),
  Flatten, Linear) with your weights. Likely mistakes - the global pooling takes the
  maximum, or the sum, instead of the mean over the H x W positions of each channel; a
  ReLU missing; the 2 x 2 max pooling replaced by keeping every second pixel; the head
  computed as W3 @ g instead of g @ W3.T.
""" # END TEST CONFIG
def test_gap_values(gap_cnn_forward):
    import numpy as np
    import torch
    rng = np.random.default_rng(1)
    N, H, W, C1, C2, n = 3, 8, 8, 4, 5, 10
    params = {"W1": rng.normal(size=(C1, 1, 3, 3)), "b1": rng.normal(size=C1), "W2": rng.normal(size=(C2, C1, 3, 3)) / 2,
              "b2": rng.normal(size=C2), "W3": rng.normal(size=(n, C2)), "b3": rng.normal(size=n)}
    x = rng.uniform(size=(N, 1, H, W))
    net = torch.nn.Sequential(torch.nn.Conv2d(1, C1, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Conv2d(C1, C2, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
                              torch.nn.Flatten(), torch.nn.Linear(C2, n)).double()
    with torch.no_grad():
        for m, w, b in ((net[0], "W1", "b1"), (net[3], "W2", "b2"), (net[7], "W3", "b3")):
            m.weight.copy_(torch.tensor(params[w]))
            m.bias.copy_(torch.tensor(params[b]))
        expected = net(torch.tensor(x)).numpy()
    out = np.asarray(gap_cnn_forward(x, params), dtype=float)
    assert out.shape == (N, n), f"shape {out.shape}, expected ({N}, {n})"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"got {out.round(3).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Two checks by hand. With W2 = 0 and b2 = (-1, 2, -0.5) every position of the second
  layer is (-1, 2, -0.5) before its ReLU and (0, 2, 0) after it, so its global average
  is (0, 2, 0) and the logits are W3 @ (0, 2, 0) + b3 for every image, of any size
  (here 6 x 10 and 12 x 4). Logits that depend on the image size mean a sum instead of a
  mean; logits with the -1 and -0.5 in them mean the second ReLU is missing.
""" # END TEST CONFIG
def test_gap_by_hand(gap_cnn_forward):
    import numpy as np
    rng = np.random.default_rng(2)
    C1, C2, n = 2, 3, 4
    params = {"W1": rng.normal(size=(C1, 1, 3, 3)), "b1": rng.normal(size=C1), "W2": np.zeros((C2, C1, 3, 3)),
              "b2": np.array([-1.0, 2.0, -0.5]), "W3": rng.normal(size=(n, C2)), "b3": rng.normal(size=n)}
    expected = params["W3"] @ np.array([0.0, 2.0, 0.0]) + params["b3"]
    for H, W in ((6, 10), (12, 4)):
        out = np.asarray(gap_cnn_forward(rng.uniform(size=(2, 1, H, W)), params), dtype=float)
        assert out.shape == (2, n), f"{H} x {W} images: shape {out.shape}, expected (2, {n})"
        assert np.allclose(out, expected, rtol=1e-12), f"{H} x {W} images: logits {out.tolist()}, expected {expected.tolist()} for each"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On one 2 x 2 image (pooled to 1 x 1) and on 10 x 6 images compared with torch, the
  logits are wrong, or x or a weight in params was modified.
""" # END TEST CONFIG
def test_gap_small_and_unchanged(gap_cnn_forward):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(3)
    C1, C2, n = 3, 2, 3
    params = {"W1": rng.normal(size=(C1, 1, 3, 3)), "b1": rng.normal(size=C1), "W2": rng.normal(size=(C2, C1, 3, 3)),
              "b2": rng.normal(size=C2), "W3": rng.normal(size=(n, C2)), "b3": rng.normal(size=n)}
    copies = {k: v.copy() for k, v in params.items()}
    t = {k: torch.tensor(v) for k, v in params.items()}
    for shape in ((1, 1, 2, 2), (2, 1, 10, 6)):
        x = rng.uniform(-1, 1, size=shape)
        x_copy = x.copy()
        out = np.asarray(gap_cnn_forward(x, params), dtype=float)
        assert np.array_equal(x, x_copy) and all(np.array_equal(params[k], copies[k]) for k in params), "x or params was modified"
        h = F.max_pool2d(F.relu(F.conv2d(torch.tensor(x), t["W1"], t["b1"], padding=1)), 2)
        h = F.relu(F.conv2d(h, t["W2"], t["b2"], padding=1)).mean(dim=(2, 3))
        expected = (h @ t["W3"].T + t["b3"]).numpy()
        assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"images {shape}: wrong logits"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  gap_cnn_forward differs from torch on unseen images and widths (4 images of 6 x 14,
  C_1 = 3, C_2 = 7, 3 classes), or modified its arguments.
""" # END TEST CONFIG
def test_gap_hidden(gap_cnn_forward):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(4)
    N, H, W, C1, C2, n = 4, 6, 14, 3, 7, 3
    params = {"W1": rng.normal(size=(C1, 1, 3, 3)), "b1": rng.normal(size=C1), "W2": rng.normal(size=(C2, C1, 3, 3)),
              "b2": rng.normal(size=C2), "W3": rng.normal(size=(n, C2)), "b3": rng.normal(size=n)}
    copies = {k: v.copy() for k, v in params.items()}
    x = rng.uniform(size=(N, 1, H, W))
    t = {k: torch.tensor(v) for k, v in params.items()}
    h = F.max_pool2d(F.relu(F.conv2d(torch.tensor(x), t["W1"], t["b1"], padding=1)), 2)
    h = F.adaptive_avg_pool2d(F.relu(F.conv2d(h, t["W2"], t["b2"], padding=1)), 1).flatten(1)
    expected = F.linear(h, t["W3"], t["b3"]).numpy()
    out = np.asarray(gap_cnn_forward(x, params), dtype=float)
    assert all(np.array_equal(params[k], copies[k]) for k in params), "params was modified"
    assert out.shape == (N, n) and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  gap_cnn_forward differs from torch on unseen inputs with larger weights (10 x 10 and
  4 x 2 images, C_1 = 6, C_2 = 2, 4 classes).
""" # END TEST CONFIG
def test_gap_hidden_large(gap_cnn_forward):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(5)
    C1, C2, n = 6, 2, 4
    params = {"W1": 3 * rng.normal(size=(C1, 1, 3, 3)), "b1": rng.normal(size=C1), "W2": 3 * rng.normal(size=(C2, C1, 3, 3)),
              "b2": rng.normal(size=C2), "W3": rng.normal(size=(n, C2)), "b3": rng.normal(size=n)}
    t = {k: torch.tensor(v) for k, v in params.items()}
    for shape in ((2, 1, 10, 10), (3, 1, 4, 2)):
        x = rng.normal(size=shape)
        h = F.max_pool2d(F.relu(F.conv2d(torch.tensor(x), t["W1"], t["b1"], padding=1)), 2)
        h = F.relu(F.conv2d(h, t["W2"], t["b2"], padding=1)).mean(dim=(2, 3))
        expected = F.linear(h, t["W3"], t["b3"]).numpy()
        out = np.asarray(gap_cnn_forward(x, params), dtype=float)
        assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-9, atol=1e-9)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (derive: shapes, parameters and receptive fields through a stack).**
# Describe a stack as a list of layers, bottom first, each a tuple:
#
# - `("conv", C_out, k, stride, padding, dilation)`: a $k \times k$ convolution with a
#   bias, zero padding `padding` on every side, taps `dilation` pixels apart (as in
#   chapter 11's exercises: the filter spans $d\,(k - 1) + 1$ pixels);
# - `("pool", k, stride)`: $k \times k$ max pooling, no padding;
# - `("relu",)`.
#
# Write `stack_table(in_shape, layers)` which, for an input of shape
# `in_shape` $= (C, H, W)$, returns a list with one dict per layer:
# `{"shape": (C, H, W) after the layer, "params": that layer's number of parameters,
# "rf": the receptive field after the layer}`. The receptive field is the side of the
# smallest square of input pixels that contains every pixel one unit of that layer
# depends on (with dilation some pixels inside it are skipped; they still count in the
# side), as if the image were large enough that no border cuts it off. Derive it from
# section 12.3's argument; the tests measure it with gradients. Every stack in the tests
# fits its input.

# %% [raw]
# # BEGIN SOLUTION

# %%
def stack_table(in_shape, layers):
    # BEGIN SOLUTION
    C, H, W = in_shape
    r, j = 1, 1                        # receptive field, and the jump between neighbouring units
    rows = []
    for layer in layers:
        params, span, s = 0, 1, 1
        if layer[0] == "conv":
            _, C_out, k, s, p, d = layer
            span = d * (k - 1) + 1
            params = C_out * (C * k * k + 1)
            C, H, W = C_out, (H + 2 * p - span) // s + 1, (W + 2 * p - span) // s + 1
        elif layer[0] == "pool":
            _, span, s = layer
            H, W = (H - span) // s + 1, (W - span) // s + 1
        r += (span - 1) * j            # the span reaches (span - 1) jumps further ...
        j *= s                         # ... then the stride spreads the units out
        rows.append({"shape": (C, H, W), "params": params, "rf": r})
    return rows
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The shapes or the parameter counts differ from the torch modules (Conv2d, MaxPool2d,
  ReLU) for the stack conv 16 5x5 padding 2, ReLU, pool 2, conv 32 3x3 stride 2 padding 1,
  ReLU, conv 32 3x3 padding 2 dilation 2, ReLU, pool 3 stride 2 on a 3 x 32 x 32 image, or
  for the chapter's DigitsCNN. A convolution has C_out (C_in k k + 1) parameters (the
  bias counts), pooling and ReLU none; a dilated filter spans d (k - 1) + 1 pixels; each
  size is floor((H + 2p - span) / s) + 1.
""" # END TEST CONFIG
def test_stack_shapes_params(stack_table):
    import torch
    stacks = (((3, 32, 32), [("conv", 16, 5, 1, 2, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 2, 1, 1), ("relu",),
                             ("conv", 32, 3, 1, 2, 2), ("relu",), ("pool", 3, 2)]),
              ((1, 8, 8), [("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 1, 1, 1), ("relu",), ("pool", 2, 2)]))
    for in_shape, layers in stacks:
        rows = stack_table(in_shape, layers)
        assert len(rows) == len(layers), f"{len(rows)} rows for {len(layers)} layers"
        x, C = torch.empty((1,) + in_shape, device="meta"), in_shape[0]
        for n, (layer, row) in enumerate(zip(layers, rows)):
            if layer[0] == "conv":
                m = torch.nn.Conv2d(C, layer[1], layer[2], stride=layer[3], padding=layer[4], dilation=layer[5], device="meta")
                C = layer[1]
            elif layer[0] == "pool":
                m = torch.nn.MaxPool2d(layer[1], layer[2])
            else:
                m = torch.nn.ReLU()
            x = m(x)
            shape, params = tuple(int(v) for v in row["shape"]), sum(p.numel() for p in m.parameters())
            assert shape == tuple(x.shape[1:]), f"layer {n} {layer}: shape {shape}, expected {tuple(x.shape[1:])}"
            assert row["params"] == params, f"layer {n} {layer}: params {row['params']}, expected {params}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A receptive field differs from the one measured with gradients (all-ones filters:
  the pixels with a non-zero gradient for one unit in the middle). Track r and the jump
  j, starting at 1 and 1: a layer whose filter or window spans K pixels (K = d (k - 1)
  + 1 with dilation; a pooling window counts like any other) adds (K - 1) j to r, and
  only then multiplies j by its stride. ReLU changes nothing, and neither does padding.
  Checked on the stack of the first check, on the chapter's DigitsCNN (3, 3, 4, 8, 8,
  10), and on two 3 x 3 convolutions of which the first has stride 2 (3, then 7).
""" # END TEST CONFIG
def test_stack_receptive_fields(stack_table):
    import torch
    import torch.nn.functional as F

    def measured(layers, size=128):
        x = torch.zeros(1, 1, size, size, dtype=torch.float64, requires_grad=True)
        h, out = x, []
        for layer in layers:
            if layer[0] == "conv":
                _, _, k, s, p, d = layer
                h = F.conv2d(h, torch.ones(1, 1, k, k, dtype=torch.float64), stride=s, padding=p, dilation=d)
            elif layer[0] == "pool":
                h = F.avg_pool2d(h, layer[1], layer[2])
            g, = torch.autograd.grad(h[0, 0, h.shape[2] // 2, h.shape[3] // 2], x, retain_graph=True)
            rows = torch.nonzero(g[0, 0].abs().sum(dim=1)).flatten()
            out.append(int(rows.max() - rows.min() + 1))
        return out

    stacks = (((3, 32, 32), [("conv", 16, 5, 1, 2, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 2, 1, 1), ("relu",),
                             ("conv", 32, 3, 1, 2, 2), ("relu",), ("pool", 3, 2)]),
              ((1, 8, 8), [("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 1, 1, 1), ("relu",), ("pool", 2, 2)]),
              ((1, 16, 16), [("conv", 4, 3, 2, 1, 1), ("conv", 4, 3, 1, 1, 1)]))
    for in_shape, layers in stacks:
        rows = stack_table(in_shape, layers)
        got, expected = [row["rf"] for row in rows], measured(layers)
        assert got == expected, f"stack {layers}: receptive fields {got}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  stack_table is wrong on a stack of 1 x 1 layers: a ReLU, a 1 x 1 convolution (C_out
  (C_in + 1) parameters, receptive field still 1), a 1 x 1 convolution with stride 3
  (it skips pixels but sees one: r stays 1, the jump becomes 3), then a 2 x 2
  convolution, which now reaches one jump further: r = 1 + 3 = 4. An empty stack has an
  empty table.
""" # END TEST CONFIG
def test_stack_one_by_one(stack_table):
    layers = [("relu",), ("conv", 5, 1, 1, 0, 1), ("conv", 2, 1, 3, 0, 1), ("conv", 3, 2, 1, 0, 1)]
    rows = stack_table((4, 10, 7), layers)
    expected = [((4, 10, 7), 0, 1), ((5, 10, 7), 25, 1), ((2, 4, 3), 12, 1), ((3, 3, 2), 27, 4)]
    assert len(rows) == 4, f"{len(rows)} rows for 4 layers"
    for n, (row, (shape, params, rf)) in enumerate(zip(rows, expected)):
        got = (tuple(int(v) for v in row["shape"]), row["params"], row["rf"])
        assert got == (shape, params, rf), f"layer {n} {layers[n]}: (shape, params, rf) = {got}, expected {(shape, params, rf)}"
    assert list(stack_table((1, 5, 5), [])) == [], "an empty stack must give an empty list"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  stack_table is wrong on an unseen VGG-like stack on 3 x 224 x 224 images (shapes,
  parameters or receptive fields).
""" # END TEST CONFIG
def test_stack_hidden_vgg(stack_table):
    import torch
    import torch.nn.functional as F
    c = lambda C: ("conv", C, 3, 1, 1, 1)
    layers = [c(64), ("relu",), c(64), ("relu",), ("pool", 2, 2), c(128), ("relu",), c(128), ("relu",), ("pool", 2, 2),
              c(256), ("relu",), ("pool", 2, 2)]
    rows = stack_table((3, 224, 224), layers)
    x, C = torch.empty(1, 3, 224, 224, device="meta"), 3
    xr = torch.zeros(1, 1, 96, 96, dtype=torch.float64, requires_grad=True)
    h = xr
    for layer, row in zip(layers, rows):
        if layer[0] == "conv":
            m, C = torch.nn.Conv2d(C, layer[1], 3, padding=1, device="meta"), layer[1]
            h = F.conv2d(h, torch.ones(1, 1, 3, 3, dtype=torch.float64), padding=1)
        elif layer[0] == "pool":
            m = torch.nn.MaxPool2d(2, 2)
            h = F.avg_pool2d(h, 2, 2)
        else:
            m = torch.nn.ReLU()
        x = m(x)
        g, = torch.autograd.grad(h[0, 0, h.shape[2] // 2, h.shape[3] // 2], xr, retain_graph=True)
        nz = torch.nonzero(g[0, 0].abs().sum(dim=1)).flatten()
        assert tuple(int(v) for v in row["shape"]) == tuple(x.shape[1:])
        assert row["params"] == sum(p.numel() for p in m.parameters())
        assert row["rf"] == int(nz.max() - nz.min() + 1)
    assert len(rows) == len(layers)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  stack_table is wrong on an unseen stack of dilated convolutions (dilations 1, 2, 4, 8),
  a pooling window of 3 with stride 3 and a strided, dilated 2 x 2 convolution.
""" # END TEST CONFIG
def test_stack_hidden_dilated(stack_table):
    import torch
    import torch.nn.functional as F
    layers = [("conv", 4, 3, 1, 1, 1), ("relu",), ("conv", 4, 3, 1, 2, 2), ("conv", 4, 3, 1, 4, 4), ("conv", 4, 3, 1, 8, 8),
              ("pool", 3, 3), ("conv", 6, 2, 2, 0, 3), ("relu",)]
    rows = stack_table((2, 40, 40), layers)
    x, C = torch.empty(1, 2, 40, 40, device="meta"), 2
    xr = torch.zeros(1, 1, 160, 160, dtype=torch.float64, requires_grad=True)
    h = xr
    assert len(rows) == len(layers)
    for layer, row in zip(layers, rows):
        if layer[0] == "conv":
            _, C_out, k, s, p, d = layer
            m, C = torch.nn.Conv2d(C, C_out, k, stride=s, padding=p, dilation=d, device="meta"), C_out
            h = F.conv2d(h, torch.ones(1, 1, k, k, dtype=torch.float64), stride=s, padding=p, dilation=d)
        elif layer[0] == "pool":
            m = torch.nn.MaxPool2d(layer[1], layer[2])
            h = F.avg_pool2d(h, layer[1], layer[2])
        else:
            m = torch.nn.ReLU()
        x = m(x)
        g, = torch.autograd.grad(h[0, 0, h.shape[2] // 2, h.shape[3] // 2], xr, retain_graph=True)
        nz = torch.nonzero(g[0, 0].abs().sum(dim=1)).flatten()
        assert tuple(int(v) for v in row["shape"]) == tuple(x.shape[1:])
        assert row["params"] == sum(p.numel() for p in m.parameters())
        assert row["rf"] == int(nz.max() - nz.min() + 1)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (design: a stack within a budget).** Design the feature extractor of a
# classifier for grey $32 \times 32$ images (input shape $(1, 32, 32)$), as a list
# `design` in Question 2's format, using only these three layers:
# `("conv", C_out, 3, 1, 1, 1)` (a $3 \times 3$ convolution with "same" padding, any
# number of filters $C_{\text{out}} \ge 1$), `("pool", 2, 2)` and `("relu",)`. It must
# meet every one of these requirements:
#
# 1. every convolution is followed immediately by a ReLU, and every ReLU comes right
#    after a convolution;
# 2. at most **4** convolutions;
# 3. the output has **32** channels and is at least $4 \times 4$;
# 4. each output unit sees the whole image: a receptive field of at least **32**;
# 5. at most **10,000** parameters in all.
#
# Several designs work. Your `stack_table` from Question 2 can check yours.

# %% [raw]
# # BEGIN SOLUTION

# %%
design = [("conv", 8, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("pool", 2, 2), ("conv", 16, 3, 1, 1, 1), ("relu",), ("pool", 2, 2), ("conv", 32, 3, 1, 1, 1), ("relu",)]  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The design breaks a rule about its layers or its output. Only ('conv', C_out, 3, 1, 1,
  1), ('pool', 2, 2) and ('relu',) are allowed; every convolution is followed at once by
  a ReLU (two convolutions without a ReLU between them are one convolution with a larger
  filter), and a ReLU comes only right after a convolution; at most 4 convolutions; the
  output (computed by the torch modules) must have 32 channels and be at least 4 x 4:
  each 2 x 2 pooling halves the size, so at most three of them.
""" # END TEST CONFIG
def test_design_rules(design):
    import torch
    layers = [tuple(layer) for layer in design]
    assert len(layers) > 0, "the design is empty"
    for n, layer in enumerate(layers):
        ok = (layer[0] == "conv" and len(layer) == 6 and tuple(layer[2:]) == (3, 1, 1, 1) and int(layer[1]) >= 1) or \
             layer == ("pool", 2, 2) or layer == ("relu",)
        assert ok, f"layer {n} is {layer}: not one of the three allowed layers"
    for n, layer in enumerate(layers):
        if layer[0] == "conv":
            assert n + 1 < len(layers) and layers[n + 1] == ("relu",), f"convolution {n} is not followed by a ReLU"
        if layer[0] == "relu":
            assert n > 0 and layers[n - 1][0] == "conv", f"ReLU {n} does not come right after a convolution"
    assert sum(layer[0] == "conv" for layer in layers) <= 4, "more than 4 convolutions"
    x, C, mods = torch.empty(1, 1, 32, 32, device="meta"), 1, []
    for layer in layers:
        if layer[0] == "conv":
            mods.append(torch.nn.Conv2d(C, int(layer[1]), 3, padding=1, device="meta"))
            C = int(layer[1])
        else:
            mods.append(torch.nn.MaxPool2d(2) if layer[0] == "pool" else torch.nn.ReLU())
    out = torch.nn.Sequential(*mods)(x)
    assert out.shape[1] == 32, f"the output has {out.shape[1]} channels, not 32"
    assert out.shape[2] >= 4 and out.shape[3] >= 4, f"the output is {tuple(out.shape[2:])}, smaller than 4 x 4"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The design misses the receptive field of 32 or the budget of 10,000 parameters. Each
  3 x 3 convolution adds 2 j to the receptive field and each 2 x 2 pooling adds j, then
  doubles the jump j: a convolution after three poolings adds 16 pixels, one before any
  adds 2, so pool early. A convolution costs C_out (9 C_in + 1) parameters: keep the
  channel counts small until the last convolution, which needs 32 filters.
""" # END TEST CONFIG
def test_design_budget(design):
    import torch
    layers = [tuple(layer) for layer in design]
    r, j, C, params = 1, 1, 1, 0
    for layer in layers:
        if layer[0] == "conv":
            r += 2 * j
            params += sum(p.numel() for p in torch.nn.Conv2d(C, int(layer[1]), 3, device="meta").parameters())
            C = int(layer[1])
        elif layer[0] == "pool":
            r += j
            j *= 2
    assert r >= 32, f"receptive field {r}, less than 32"
    assert params <= 10_000, f"{params} parameters, more than 10,000"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  The design, built as a torch network and run on a 32 x 32 image, breaks a rule:
  a convolution not followed by a ReLU (or a ReLU elsewhere), a layer not allowed, more
  than 4 convolutions, or an output that is not 32 channels of at least 4 x 4.
""" # END TEST CONFIG
def test_design_built(design):
    import torch
    torch.manual_seed(0)
    layers = [tuple(layer) for layer in design]
    mods, C = [], 1
    for layer in layers:
        if layer[0] == "conv":
            assert tuple(layer[2:]) == (3, 1, 1, 1)
            mods.append(torch.nn.Conv2d(C, int(layer[1]), 3, padding=1).double())
            C = int(layer[1])
        elif layer == ("pool", 2, 2):
            mods.append(torch.nn.MaxPool2d(2))
        else:
            assert layer == ("relu",)
            mods.append(torch.nn.ReLU())
    convs = [n for n, m in enumerate(mods) if isinstance(m, torch.nn.Conv2d)]
    relus = [n for n, m in enumerate(mods) if isinstance(m, torch.nn.ReLU)]
    assert [n + 1 for n in convs] == relus and 1 <= len(convs) <= 4
    with torch.no_grad():
        out = torch.nn.Sequential(*mods)(torch.rand(1, 1, 32, 32, dtype=torch.float64))
    assert out.shape[1] == 32 and out.shape[2] >= 4 and out.shape[3] >= 4

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  The design, built as a torch network, has more than 10,000 parameters, or its output
  units see less than 32 x 32 pixels (measured with gradients).
""" # END TEST CONFIG
def test_design_measured(design):
    import torch
    import torch.nn.functional as F
    layers = [tuple(layer) for layer in design]
    mods, C = [], 1
    x = torch.zeros(1, 1, 128, 128, dtype=torch.float64, requires_grad=True)
    h = x
    for layer in layers:
        if layer[0] == "conv":
            mods.append(torch.nn.Conv2d(C, int(layer[1]), 3, padding=1))
            C = int(layer[1])
            h = F.conv2d(h, torch.ones(1, 1, 3, 3, dtype=torch.float64), padding=1)
        elif layer[0] == "pool":
            h = F.avg_pool2d(h, 2)
    assert sum(p.numel() for m in mods for p in m.parameters()) <= 10_000
    g, = torch.autograd.grad(h[0, 0, h.shape[2] // 2, h.shape[3] // 2], x)
    nz = torch.nonzero(g[0, 0].abs().sum(dim=1)).flatten()
    assert int(nz.max() - nz.min() + 1) >= 32

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (debug: a colour classifier that is wrong on batches).** A colleague
# trains a small CNN on colour images loaded by an image library, which stores them
# **channels last**: `x` of shape $(N, H, W, 3)$, $H$ and $W$ multiples of 4. The network
# is meant to be
#
# conv $3 \times 3$, padding 1 → ReLU → max pool 2 → conv $3 \times 3$, padding 1 → ReLU →
# max pool 2 → flatten (torch's $(C, H, W)$ order, each image on its own) → linear,
#
# with `params` a dict of numpy arrays `"W1"` $(C_1, 3, 3, 3)$, `"b1"`, `"W2"`
# $(C_2, C_1, 3, 3)$, `"b2"`, `"W3"` $(n_{\text{classes}}, C_2 \cdot H/4 \cdot W/4)$,
# `"b3"`, returning logits $(N, n_{\text{classes}})$. Their forward pass below has
# **three bugs**: a wrong flatten, channels in the wrong place, and a missing
# non-linearity. It runs without error, returns logits of the right shape, and on a
# single grey-looking image it can even look right. Find the bugs (try a batch of two
# different images, and one image at a time), then write the corrected
# `colour_cnn_forward(x, params)`.

# %%
def buggy_colour_cnn_forward(x, params):
    N, H, W, C = x.shape
    h = x.reshape(N, C, H, W)                                        # channels last -> channels first
    h = max_pool2d(np.maximum(conv2d(h, params["W1"], params["b1"], padding=1), 0.0))
    h = max_pool2d(conv2d(h, params["W2"], params["b2"], padding=1))
    h = h.reshape(h.shape[1] * h.shape[2] * h.shape[3], -1).T       # flatten: one row per image
    return h @ params["W3"].T + params["b3"]

# %% [raw]
# # BEGIN SOLUTION

# %%
def colour_cnn_forward(x, params):
    x = np.asarray(x, dtype=float)
    # BEGIN SOLUTION
    N = x.shape[0]
    h = x.transpose(0, 3, 1, 2)                                      # move the axis; reshape would scramble
    h = max_pool2d(np.maximum(conv2d(h, params["W1"], params["b1"], padding=1), 0.0))
    h = max_pool2d(np.maximum(conv2d(h, params["W2"], params["b2"], padding=1), 0.0))   # the missing ReLU
    h = h.reshape(N, -1)                                             # each image's (C, H, W) block in a row
    return h @ np.asarray(params["W3"]).T + params["b3"]
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For 3 colour images of 8 x 8 (C_1 = 4, C_2 = 6, 5 classes) the logits differ from
  the network in torch, fed x.permute(0, 3, 1, 2). Bugs that show here - x.reshape(N, C,
  H, W) does not move the channel axis, it re-reads the same numbers in another order:
  transpose (0, 3, 1, 2); h.reshape(C H W, -1).T mixes the images of a batch: flatten
  with h.reshape(N, -1); the second convolution needs its ReLU before the pooling.
""" # END TEST CONFIG
def test_colour_values(colour_cnn_forward):
    import numpy as np
    import torch
    rng = np.random.default_rng(41)
    N, H, W, C1, C2, n = 3, 8, 8, 4, 6, 5
    params = {"W1": rng.normal(size=(C1, 3, 3, 3)), "b1": rng.normal(size=C1), "W2": rng.normal(size=(C2, C1, 3, 3)) / 2,
              "b2": rng.normal(size=C2), "W3": rng.normal(size=(n, C2 * 4)), "b3": rng.normal(size=n)}
    x = rng.uniform(size=(N, H, W, 3))
    net = torch.nn.Sequential(torch.nn.Conv2d(3, C1, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Conv2d(C1, C2, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Flatten(), torch.nn.Linear(C2 * 4, n)).double()
    with torch.no_grad():
        for m, w, b in ((net[0], "W1", "b1"), (net[3], "W2", "b2"), (net[7], "W3", "b3")):
            m.weight.copy_(torch.tensor(params[w]))
            m.bias.copy_(torch.tensor(params[b]))
        expected = net(torch.tensor(x).permute(0, 3, 1, 2)).numpy()
    out = np.asarray(colour_cnn_forward(x, params), dtype=float)
    assert out.shape == (N, n), f"shape {out.shape}, expected ({N}, {n})"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"got {out.round(3).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  Two checks. A batch must be the images one at a time: the logits
  of image i in a batch of 4 must equal the logits of that image alone (a flatten that
  reshapes the whole batch at once, such as h.reshape(-1, N).T, mixes images). And an
  image that is pure red, x[..., 0] = 1 and the other channels 0, must give the same
  logits as the NCHW image with channel 0 all ones: with reshape instead of transpose
  the red ends up spread over the three channels.
""" # END TEST CONFIG
def test_colour_batch_and_channels(colour_cnn_forward):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(42)
    C1, C2, n = 3, 2, 4
    params = {"W1": rng.normal(size=(C1, 3, 3, 3)), "b1": rng.normal(size=C1), "W2": rng.normal(size=(C2, C1, 3, 3)),
              "b2": rng.normal(size=C2), "W3": rng.normal(size=(n, C2 * 4)), "b3": rng.normal(size=n)}
    x = rng.uniform(size=(4, 8, 8, 3))
    out = np.asarray(colour_cnn_forward(x, params), dtype=float)
    for i in range(4):
        alone = np.asarray(colour_cnn_forward(x[i:i + 1], params), dtype=float)
        assert np.allclose(out[i], alone[0], rtol=1e-10, atol=1e-12), f"image {i}: {out[i].tolist()} in the batch, {alone[0].tolist()} alone"
    red = np.zeros((1, 8, 8, 3))
    red[..., 0] = 1.0
    t = {k: torch.tensor(v) for k, v in params.items()}
    red_nchw = torch.zeros(1, 3, 8, 8, dtype=torch.float64)
    red_nchw[:, 0] = 1.0
    h = F.max_pool2d(F.relu(F.conv2d(red_nchw, t["W1"], t["b1"], padding=1)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, t["W2"], t["b2"], padding=1)), 2)
    expected = F.linear(h.flatten(1), t["W3"], t["b3"]).numpy()
    got = np.asarray(colour_cnn_forward(red, params), dtype=float)
    assert np.allclose(got, expected, rtol=1e-10, atol=1e-12), f"pure red image: {got.tolist()}, expected {expected.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With W2 = 0 and b2 = (-1, -2) the second convolution outputs -1 and -2 everywhere; its
  ReLU makes them 0, so the logits must be b3 for every image. Logits that are not b3
  mean the ReLU after the second convolution is missing. Also x and params must be
  exactly as they were after the call.
""" # END TEST CONFIG
def test_colour_relu(colour_cnn_forward):
    import numpy as np
    rng = np.random.default_rng(43)
    C1, C2, n = 2, 2, 3
    params = {"W1": rng.normal(size=(C1, 3, 3, 3)), "b1": rng.normal(size=C1), "W2": np.zeros((C2, C1, 3, 3)),
              "b2": np.array([-1.0, -2.0]), "W3": rng.normal(size=(n, C2 * 2 * 3)), "b3": rng.normal(size=n)}
    copies = {k: v.copy() for k, v in params.items()}
    x = rng.uniform(size=(2, 8, 12, 3))
    x_copy = x.copy()
    out = np.asarray(colour_cnn_forward(x, params), dtype=float)
    assert np.array_equal(x, x_copy) and all(np.array_equal(params[k], copies[k]) for k in params), "x or params was modified"
    assert out.shape == (2, n), f"shape {out.shape}, expected (2, {n})"
    assert np.allclose(out, params["b3"], rtol=1e-12), f"logits {out.tolist()}, expected b3 = {params['b3'].tolist()} for both"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  colour_cnn_forward differs from torch on unseen images (5 images of 12 x 8, C_1 = 3,
  C_2 = 4, 2 classes), or modified its arguments.
""" # END TEST CONFIG
def test_colour_hidden(colour_cnn_forward):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(44)
    N, H, W, C1, C2, n = 5, 12, 8, 3, 4, 2
    params = {"W1": rng.normal(size=(C1, 3, 3, 3)), "b1": rng.normal(size=C1), "W2": rng.normal(size=(C2, C1, 3, 3)),
              "b2": rng.normal(size=C2), "W3": rng.normal(size=(n, C2 * 3 * 2)), "b3": rng.normal(size=n)}
    copies = {k: v.copy() for k, v in params.items()}
    x = rng.normal(size=(N, H, W, 3))
    x_copy = x.copy()
    t = {k: torch.tensor(v) for k, v in params.items()}
    h = F.max_pool2d(F.relu(F.conv2d(torch.tensor(x).permute(0, 3, 1, 2), t["W1"], t["b1"], padding=1)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, t["W2"], t["b2"], padding=1)), 2)
    expected = F.linear(h.flatten(1), t["W3"], t["b3"]).numpy()
    out = np.asarray(colour_cnn_forward(x, params), dtype=float)
    assert np.array_equal(x, x_copy) and all(np.array_equal(params[k], copies[k]) for k in params)
    assert out.shape == (N, n) and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  colour_cnn_forward differs from torch on unseen small images (2 images of 4 x 4) with
  second-layer biases of both signs.
""" # END TEST CONFIG
def test_colour_hidden_small(colour_cnn_forward):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(45)
    C1, C2, n = 2, 3, 4
    params = {"W1": rng.normal(size=(C1, 3, 3, 3)), "b1": rng.normal(size=C1), "W2": rng.normal(size=(C2, C1, 3, 3)) / 4,
              "b2": np.array([-1.5, 0.5, -0.2]), "W3": rng.normal(size=(n, C2)), "b3": rng.normal(size=n)}
    x = rng.uniform(size=(2, 4, 4, 3))
    t = {k: torch.tensor(v) for k, v in params.items()}
    h = F.max_pool2d(F.relu(F.conv2d(torch.tensor(x).permute(0, 3, 1, 2), t["W1"], t["b1"], padding=1)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, t["W2"], t["b2"], padding=1)), 2)
    expected = F.linear(h.flatten(1), t["W3"], t["b3"]).numpy()
    out = np.asarray(colour_cnn_forward(x, params), dtype=float)
    assert out.shape == (2, n) and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (predict: a one-pixel shift through convolution and pooling).** Work
# these out on paper first (that is the exercise: a computer can check you afterwards),
# then give each answer as a number or, for `pooled`, a $4 \times 4$ array or nested list.
#
# An $8 \times 8$ image $x$ is 0 everywhere except one bright dot, $x[2, 3] = 1$ (row 2,
# column 3, counting from 0). It goes through one stage of a CNN with a single filter and
# bias 0: the convolution (cross-correlation, padding 1) with
#
# $$K = \begin{pmatrix} 1 & 2 & 3 \\ 4 & 5 & 6 \\ 7 & 8 & 9 \end{pmatrix},$$
#
# a ReLU, and $2 \times 2$ max pooling with stride 2, which gives a $4 \times 4$ map.
#
# - `conv_above_dot`: the convolution's output at $(1, 3)$, one row above the dot.
# - `pooled`: the $4 \times 4$ pooled map.
# - `pooled_changes_right`: the dot moves one pixel to the right, to $(2, 4)$. How many
#   of the 16 pooled entries change?
# - `pooled_changes_down`: the dot moves one pixel down instead, to $(3, 3)$. How many
#   of the 16 pooled entries change?
#
# The public checks only say whether each answer is right; the hidden tests recompute
# them with torch.

# %% [raw]
# # BEGIN SOLUTION

# %%
conv_above_dot = 8  # SOLUTION
pooled = [[0, 9, 7, 0], [0, 6, 4, 0], [0, 0, 0, 0], [0, 0, 0, 0]]  # SOLUTION
pooled_changes_right = 2  # SOLUTION
pooled_changes_down = 6  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  conv_above_dot or pooled is not right. Output (i, j) of the cross-correlation with
  padding 1 is sum K[u, v] x[i + u - 1, j + v - 1], so the dot at (2, 3) reaches output
  (i, j) through K[3 - i, 4 - j]: around the dot the feature map is K rotated by 180
  degrees (the impulse response of a cross-correlation is the flipped filter; reading K
  as it stands gives 2 above the dot). Then ReLU, and the maximum of each 2 x 2 block
  (rows 2a, 2a + 1, columns 2c, 2c + 1).
""" # END TEST CONFIG
def test_dot(conv_above_dot, pooled):
    import hashlib
    import numpy as np
    v = float(conv_above_dot)
    assert hashlib.sha256(f"ch12-q5-conv_above_dot:{int(v) if v.is_integer() else v}".encode()).hexdigest()[:16] == "28e03f960f3a54e0", f"conv_above_dot = {conv_above_dot} is not right"
    p = np.asarray(pooled, dtype=float)
    assert p.shape == (4, 4), f"pooled has shape {p.shape}, expected (4, 4)"
    assert all(float(a).is_integer() for a in p.ravel()), "pooled is not right (its entries are integers)"
    assert hashlib.sha256(("ch12-q5-pooled:" + ",".join(str(int(a)) for a in p.ravel())).encode()).hexdigest()[:16] == "afafb8c4b26a7c54", f"pooled = {p.tolist()} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  pooled_changes_right or pooled_changes_down is not right. The convolution is
  equivariant: the whole feature map moves with the dot, so nearly every entry near the
  dot changes (12 of them). Pooling absorbs part of the move: a 2 x 2 window keeps its
  value when its largest entry moves but stays inside it. Write the pooled map again for
  the moved dot and compare entry by entry: moving right and moving down do not change
  the same number of entries here, because the dot sits at a different place in its
  window along each axis.
""" # END TEST CONFIG
def test_shift(pooled_changes_right, pooled_changes_down):
    import hashlib
    for name, value, digest in (("pooled_changes_right", pooled_changes_right, "6a07597aab78aa5d"),
                                ("pooled_changes_down", pooled_changes_down, "a9e03ed11a49d7c7")):
        v = float(value)
        assert v.is_integer(), f"{name} = {value} is not an integer"
        assert hashlib.sha256(f"ch12-q5-{name}:{int(v)}".encode()).hexdigest()[:16] == digest, f"{name} = {value} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  conv_above_dot or pooled differs from torch's conv2d, relu and max_pool2d.
""" # END TEST CONFIG
def test_dot_torch(conv_above_dot, pooled):
    import numpy as np
    import torch
    import torch.nn.functional as F
    x = torch.zeros(1, 1, 8, 8, dtype=torch.float64)
    x[0, 0, 2, 3] = 1.0
    K = torch.arange(1.0, 10.0, dtype=torch.float64).reshape(1, 1, 3, 3)
    z = F.conv2d(x, K, padding=1)
    assert float(conv_above_dot) == z[0, 0, 1, 3].item()
    assert np.array_equal(np.asarray(pooled, dtype=float), F.max_pool2d(F.relu(z), 2)[0, 0].numpy())

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  pooled_changes_right or pooled_changes_down differs from the count made with torch.
""" # END TEST CONFIG
def test_shift_torch(pooled_changes_right, pooled_changes_down):
    import torch
    import torch.nn.functional as F
    K = torch.arange(1.0, 10.0, dtype=torch.float64).reshape(1, 1, 3, 3)

    def stage(r, c):
        x = torch.zeros(1, 1, 8, 8, dtype=torch.float64)
        x[0, 0, r, c] = 1.0
        return F.max_pool2d(F.relu(F.conv2d(x, K, padding=1)), 2)

    assert float(pooled_changes_right) == (stage(2, 4) != stage(2, 3)).sum().item()
    assert float(pooled_changes_down) == (stage(3, 3) != stage(2, 3)).sum().item()

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (derive: the dense head as a convolution).** A dense layer that reads a
# whole $C \times h \times w$ feature map is a convolution whose filters are
# $h \times w$: applied to a map of exactly that size it has one position, and the dot
# product of each filter with the map is one logit. On a larger map, the same
# convolution slides the classifier over every $h \times w$ window (this is how a
# classifier becomes a *fully convolutional* detector).
#
# The head here comes from a framework that flattens feature maps **channels last**:
# its weight `W_lin` of shape $(n_{\text{out}}, h\,w\,C)$ reads feature $F[c, r, q]$
# (channel $c$, row $r$, column $q$) in column $(r\,w + q)\,C + c$, and it computes
# `W_lin @ features + b_lin`. Write `head_as_conv(W_lin, b_lin, C, h, w)` returning
# `(W_conv, b_conv)`, with `W_conv` of shape $(n_{\text{out}}, C, h, w)$ in this book's
# layout and `b_conv` of shape $(n_{\text{out}},)$, such that `conv2d(F, W_conv, b_conv)`
# (no padding, stride 1) on maps `F` of shape $(N, C, h, w)$ equals the dense head applied
# to each map, with shape $(N, n_{\text{out}}, 1, 1)$.

# %% [raw]
# # BEGIN SOLUTION

# %%
def head_as_conv(W_lin, b_lin, C, h, w):
    W_lin, b_lin = np.asarray(W_lin, dtype=float), np.asarray(b_lin, dtype=float)
    # BEGIN SOLUTION
    n_out = W_lin.shape[0]
    # column (r w + q) C + c is entry [r, q, c] of an (h, w, C) block: reshape so, then move c first
    return W_lin.reshape(n_out, h, w, C).transpose(0, 3, 1, 2).copy(), b_lin.copy()
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For maps of C = 3 channels of 2 x 4 (5 outputs), torch.nn.functional.conv2d with your
  W_conv and b_conv does not give the dense head's logits. Likely mistakes - W_lin
  reshaped straight to (n_out, C, h, w): its columns run over (row, column, channel),
  channel fastest, so reshape to (n_out, h, w, C) and move the channel axis; h and w
  swapped (the maps are not square here); the filter flipped (a convolution in this book
  does not flip); the bias left out.
""" # END TEST CONFIG
def test_head_values(head_as_conv):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(61)
    N, C, h, w, n = 2, 3, 2, 4, 5
    W_lin, b_lin = rng.normal(size=(n, h * w * C)), rng.normal(size=n)
    maps = rng.normal(size=(N, C, h, w))
    expected = maps.transpose(0, 2, 3, 1).reshape(N, -1) @ W_lin.T + b_lin
    W_conv, b_conv = head_as_conv(W_lin, b_lin, C, h, w)
    W_conv, b_conv = np.asarray(W_conv, dtype=float), np.asarray(b_conv, dtype=float)
    assert W_conv.shape == (n, C, h, w) and b_conv.shape == (n,), f"shapes {W_conv.shape}, {b_conv.shape}, expected ({n}, {C}, {h}, {w}), ({n},)"
    out = F.conv2d(torch.tensor(maps), torch.tensor(W_conv), torch.tensor(b_conv)).numpy()
    assert np.allclose(out[:, :, 0, 0], expected, rtol=1e-10, atol=1e-12), f"conv gives {out[:, :, 0, 0].round(3).tolist()}, the head {expected.round(3).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On a larger map (2 channels of 5 x 6, head for 3 x 2 windows) the convolution with your
  W_conv must give, at each position (i, j), the dense head applied to the window
  F[:, i:i + 3, j:j + 2] flattened channels last. It does not.
""" # END TEST CONFIG
def test_head_slides(head_as_conv):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(62)
    C, h, w, n = 2, 3, 2, 4
    W_lin, b_lin = rng.normal(size=(n, h * w * C)), rng.normal(size=n)
    big = rng.normal(size=(1, C, 5, 6))
    W_conv, b_conv = head_as_conv(W_lin, b_lin, C, h, w)
    out = F.conv2d(torch.tensor(big), torch.tensor(np.asarray(W_conv, dtype=float)),
                   torch.tensor(np.asarray(b_conv, dtype=float))).numpy()
    assert out.shape == (1, n, 3, 5), f"the convolution gives shape {out.shape}, expected (1, {n}, 3, 5)"
    for i in range(3):
        for j in range(5):
            window = big[0, :, i:i + h, j:j + w].transpose(1, 2, 0).ravel()
            assert np.allclose(out[0, :, i, j], W_lin @ window + b_lin, rtol=1e-10, atol=1e-12), f"position ({i}, {j}) is wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With one channel (C = 1, 3 x 2 maps) or one output (4 channels of 1 x 2), the
  conversion is wrong, or W_lin or b_lin was modified.
""" # END TEST CONFIG
def test_head_edges(head_as_conv):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(63)
    for N, C, h, w, n in ((3, 1, 3, 2, 2), (2, 4, 1, 2, 1)):
        W_lin, b_lin = rng.normal(size=(n, h * w * C)), rng.normal(size=n)
        copies = W_lin.copy(), b_lin.copy()
        maps = rng.normal(size=(N, C, h, w))
        W_conv, b_conv = head_as_conv(W_lin, b_lin, C, h, w)
        assert np.array_equal(W_lin, copies[0]) and np.array_equal(b_lin, copies[1]), "W_lin or b_lin was modified"
        out = F.conv2d(torch.tensor(maps), torch.tensor(np.asarray(W_conv, dtype=float)),
                       torch.tensor(np.asarray(b_conv, dtype=float))).numpy()
        expected = maps.transpose(0, 2, 3, 1).reshape(N, -1) @ W_lin.T + b_lin
        assert np.allclose(out[:, :, 0, 0], expected, rtol=1e-10, atol=1e-12), f"C = {C}, {h} x {w}, {n} outputs: wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  head_as_conv is wrong on unseen sizes (4 channels of 3 x 1, 5 channels of 2 x 3, 2
  channels of 4 x 4).
""" # END TEST CONFIG
def test_head_hidden(head_as_conv):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(64)
    for N, C, h, w, n in ((2, 4, 3, 1, 2), (3, 5, 2, 3, 6), (1, 2, 4, 4, 3)):
        W_lin, b_lin = rng.normal(size=(n, h * w * C)), rng.normal(size=n)
        maps = rng.normal(size=(N, C, h, w))
        W_conv, b_conv = head_as_conv(W_lin, b_lin, C, h, w)
        out = F.conv2d(torch.tensor(maps), torch.tensor(np.asarray(W_conv, dtype=float)),
                       torch.tensor(np.asarray(b_conv, dtype=float))).numpy()
        expected = F.linear(torch.tensor(maps).permute(0, 2, 3, 1).flatten(1), torch.tensor(W_lin), torch.tensor(b_lin)).numpy()
        assert out.shape == (N, n, 1, 1) and np.allclose(out[:, :, 0, 0], expected, rtol=1e-10, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  head_as_conv does not slide the head correctly over an unseen larger map (3 channels,
  head for 2 x 3 windows, map 4 x 7).
""" # END TEST CONFIG
def test_head_hidden_slides(head_as_conv):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(65)
    C, h, w, n = 3, 2, 3, 2
    W_lin, b_lin = rng.normal(size=(n, h * w * C)), rng.normal(size=n)
    big = rng.normal(size=(2, C, 4, 7))
    W_conv, b_conv = head_as_conv(W_lin, b_lin, C, h, w)
    out = F.conv2d(torch.tensor(big), torch.tensor(np.asarray(W_conv, dtype=float)),
                   torch.tensor(np.asarray(b_conv, dtype=float))).numpy()
    windows = torch.tensor(big).unfold(2, h, 1).unfold(3, w, 1)          # (2, C, 3, 5, h, w)
    flat = windows.permute(0, 2, 3, 4, 5, 1).reshape(2, 3, 5, -1)        # each window channels last
    expected = (flat @ torch.tensor(W_lin).T + torch.tensor(b_lin)).permute(0, 3, 1, 2).numpy()
    assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-10, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

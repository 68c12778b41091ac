# %% [raw]
# # ASSIGNMENT CONFIG
# name: ch11-convolutions
# export_cell: false
# requirements:   # for Gradescope's image: the tests use torch (CPU build)
#   - --extra-index-url https://download.pytorch.org/whl/cpu
#   - torch==2.13.0
# tests:
#   files: true
#   ok_format: false

# %% [markdown]
# # Chapter 11 exercises: convolutions
#
# **How to work.** Fill in every `...`, run the notebook top to bottom, and check each
# answer with `grader.check("q1")`, `grader.check("q2")`, and so on. From a terminal,
# `dlbook check ch11-convolutions.ipynb` checks them all (its exit status is 0 only when
# every public test passes).
#
# **What you may use.** numpy (including `np.lib.stride_tricks`), Python's `math`, plain
# Python. Do **not** import `dlbook`, the book's own package: the exercises are solved
# without it, and importing it fails when your notebook is checked or graded. None of
# the questions asks you to retype the chapter's code: each one changes the layout, the
# padding, the dilation or the grouping, or asks you to reason about the operation. The
# tests use PyTorch (`torch.nn.functional.conv2d`, `conv1d`, `max_pool2d`, autograd) to
# compute the expected answers, so it must be installed, but your answers do not use it.
#
# **What is graded.** The checks in this notebook are the public tests. Your submission
# is also graded on hidden tests with inputs you never see (other shapes, channels,
# strides, dilations, paddings, groups), so write code that is right for every input the
# question allows, not just for the examples. No function may modify the arrays it is
# given (the tests check).
#
# **Reasoning questions.** Questions 4 to 6 ask you to reason rather than to code an
# operation you were given: Question 4 (debug) finds four bugs in an im2col convolution
# for channels-last images, Question 5 (predict) works out a feature map entry, an output
# shape and two pooling gradients by hand, Question 6 (derive) the output size, parameter
# count and cost of a convolution layer with groups and dilation, and the output size of a
# transposed convolution. Questions 1 (a dilated convolution with asymmetric padding),
# 2 (a causal, grouped 1-D convolution for sequences) and 3 (max pooling with padding,
# forward and backward) are coding questions. Each title says which kind it is.
#
# **Conventions.** As in the chapter, "convolution" means cross-correlation: the filter
# is *not* flipped, and output $(i, j)$ is the dot product of the filter with the patch
# whose top-left corner is at $(s i, s j)$ of the padded input. Images are NCHW, filters
# $(C_{\text{out}}, C_{\text{in}}, k_h, k_w)$, unless a question says otherwise. Every
# index counts from 0.

# %%
import math

import numpy as np

# %% [raw]
# # BEGIN QUESTION
# name: q1

# %% [markdown]
# **Question 1 (code: a dilated convolution with asymmetric padding).** A *dilated*
# (or *atrous*) convolution spreads the filter's taps $d$ pixels apart: a $3 \times 3$
# filter with dilation $d = 2$ covers a $5 \times 5$ region with its 9 weights, so the
# receptive field grows without more parameters. With stride $s$, dilation $d$, and the
# input zero-padded with `top`, `bottom`, `left` and `right` rows and columns (not
# necessarily equal: "same" padding for an even kernel cannot be symmetric),
#
# $$z[o, i, j] = b_o + \sum_{c} \sum_{u=0}^{k_h - 1} \sum_{v=0}^{k_w - 1}
# W[o, c, u, v]\; x_{\text{pad}}[c,\; s i + d u,\; s j + d v],$$
#
# for every $(i, j)$ at which all the taps fall inside the padded input.
#
# Write `conv2d_dilated(x, W, b, stride, dilation, padding)` for **one image** (no batch
# axis): `x` of shape $(C_{\text{in}}, H, W)$, `W` of shape
# $(C_{\text{out}}, C_{\text{in}}, k_h, k_w)$ (the kernel may be rectangular), `b` of
# shape $(C_{\text{out}},)$, `stride` and `dilation` integers $\ge 1$ (the same along both
# axes), `padding` a tuple `(top, bottom, left, right)` of integers $\ge 0$. Return
# $z$ of shape $(C_{\text{out}}, H_{\text{out}}, W_{\text{out}})$. Work out
# $H_{\text{out}}$ yourself (the tests always give inputs with $H_{\text{out}} \ge 1$).

# %% [raw]
# # BEGIN SOLUTION

# %%
def conv2d_dilated(x, W, b, stride=1, dilation=1, padding=(0, 0, 0, 0)):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    # BEGIN SOLUTION
    top, bottom, left, right = padding
    s, d = stride, dilation
    x_pad = np.pad(x, ((0, 0), (top, bottom), (left, right)))
    C_out, C_in, k_h, k_w = W.shape
    # the filter spans d (k - 1) + 1 pixels: it fits at offsets 0, s, 2s, ... up to that
    H_out = (x_pad.shape[1] - d * (k_h - 1) - 1) // s + 1
    W_out = (x_pad.shape[2] - d * (k_w - 1) - 1) // s + 1
    z = np.zeros((C_out, H_out, W_out)) + b[:, None, None]
    for u in range(k_h):
        for v in range(k_w):
            # tap (u, v) of output (i, j) reads padded pixel (s i + d u, s j + d v)
            tap = x_pad[:, d * u:d * u + s * (H_out - 1) + 1:s, d * v:d * v + s * (W_out - 1) + 1:s]
            z += np.einsum("oc,cij->oij", W[:, :, u, v], tap)
    return z
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For one image with 2 channels, 3 filters of 3 x 2, stride 1, dilation 2 and padding
  (top 1, bottom 0, left 2, right 1) the output differs from torch.nn.functional.conv2d
  applied to the padded image. Likely mistakes - the filter flipped (that is the
  convolution of mathematics; here tap (u, v) reads x_pad[s i + d u, s j + d v]); the
  padding read in torch F.pad order (left, right, top, bottom) instead of (top, bottom,
  left, right); all the padding put on one side; the dilation ignored or applied to the
  position instead of the tap; the output size not (H + top + bottom - d (k - 1) - 1)
  // s + 1. The output must have shape (C_out, H_out, W_out), with no batch axis.
""" # END TEST CONFIG
def test_dilated_values(conv2d_dilated):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(11)
    x, W, b = rng.normal(size=(2, 6, 7)), rng.normal(size=(3, 2, 3, 2)), rng.normal(size=3)
    top, bottom, left, right = 1, 0, 2, 1
    expected = F.conv2d(F.pad(torch.tensor(x)[None], (left, right, top, bottom)), torch.tensor(W),
                        torch.tensor(b), stride=1, dilation=2)[0].numpy()
    out = np.asarray(conv2d_dilated(x, W, b, stride=1, dilation=2, padding=(top, bottom, left, right)), dtype=float)
    assert out.shape == expected.shape, f"shape {out.shape}, expected {expected.shape}"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"got {out.round(3).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With a stride the output is wrong (stride 2 with dilation 1 and padding (0, 1, 1, 0)
  on a 9 x 8 image; stride 3 with dilation 2 and padding (2, 2, 0, 0) on a 10 x 11
  image). Output (i, j) starts at (s i, s j) of the padded image and its taps are d
  apart: stride and dilation are different things and must not be swapped. The size is
  floor((padded size - d (k - 1) - 1) / s) + 1: a last step that would run past the edge
  is dropped, and the + 1 counts the first position.
""" # END TEST CONFIG
def test_dilated_stride(conv2d_dilated):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(12)
    for (C_in, C_out, H, W_, k_h, k_w), s, d, pad in (((1, 2, 9, 8, 3, 3), 2, 1, (0, 1, 1, 0)),
                                                      ((2, 2, 10, 11, 2, 3), 3, 2, (2, 2, 0, 0))):
        x, W, b = rng.normal(size=(C_in, H, W_)), rng.normal(size=(C_out, C_in, k_h, k_w)), rng.normal(size=C_out)
        top, bottom, left, right = pad
        expected = F.conv2d(F.pad(torch.tensor(x)[None], (left, right, top, bottom)), torch.tensor(W),
                            torch.tensor(b), stride=s, dilation=d)[0].numpy()
        out = np.asarray(conv2d_dilated(x, W, b, stride=s, dilation=d, padding=pad), dtype=float)
        assert out.shape == expected.shape, f"stride {s}, dilation {d}: shape {out.shape}, expected {expected.shape}"
        assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"stride {s}, dilation {d}: wrong values"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A filter whose only non-zero weight is a 1 at row 0, column 1 copies, for each output,
  the padded pixel d columns to the right of the patch corner, out[i, j] = x_pad[s i,
  s j + d] (here x is the 5 x 5 image 0, 1, ..., 24, dilation 2, stride 1, padding (1, 0,
  0, 2), bias 0.5). If you get x_pad[s i + d, s j] instead, you flipped the filter. Also x, W and b must be exactly as they were after the call.
""" # END TEST CONFIG
def test_dilated_by_hand(conv2d_dilated):
    import numpy as np
    x = np.arange(25.0).reshape(1, 5, 5)
    W = np.zeros((1, 1, 2, 2))
    W[0, 0, 0, 1] = 1.0
    b = np.array([0.5])
    copies = [a.copy() for a in (x, W, b)]
    out = np.asarray(conv2d_dilated(x, W, b, stride=1, dilation=2, padding=(1, 0, 0, 2)), dtype=float)
    assert all(np.array_equal(a, c) for a, c in zip((x, W, b), copies)), "x, W or b was modified"
    x_pad = np.pad(x[0], ((1, 0), (0, 2)))   # 6 x 7; the filter spans 3 x 3
    expected = np.array([[x_pad[i, j + 2] + 0.5 for j in range(5)] for i in range(4)])
    assert out.shape == (1, 4, 5), f"shape {out.shape}, expected (1, 4, 5)"
    assert np.allclose(out[0], expected, rtol=1e-12), f"got {out[0].tolist()}, expected {expected.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  conv2d_dilated differs from torch on unseen inputs (3 to 4 channels, strides 1 to 3,
  dilations 1 to 3, rectangular kernels, padding on some sides only), or modified its
  arguments.
""" # END TEST CONFIG
def test_dilated_hidden(conv2d_dilated):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(13)
    cases = (((3, 4, 7, 9, 2, 3), 2, 3, (0, 3, 2, 0)), ((1, 2, 5, 5, 3, 3), 1, 1, (1, 1, 1, 1)),
             ((2, 1, 12, 6, 1, 4), 3, 2, (2, 0, 0, 3)), ((4, 3, 8, 8, 3, 2), 1, 3, (0, 2, 1, 1)))
    for (C_in, C_out, H, W_, k_h, k_w), s, d, pad in cases:
        x, W, b = rng.normal(size=(C_in, H, W_)), rng.normal(size=(C_out, C_in, k_h, k_w)), rng.normal(size=C_out)
        copies = [a.copy() for a in (x, W, b)]
        top, bottom, left, right = pad
        expected = F.conv2d(F.pad(torch.tensor(x)[None], (left, right, top, bottom)), torch.tensor(W),
                            torch.tensor(b), stride=s, dilation=d)[0].numpy()
        out = np.asarray(conv2d_dilated(x, W, b, stride=s, dilation=d, padding=pad), dtype=float)
        assert all(np.array_equal(a, c) for a, c in zip((x, W, b), copies)), "an argument was modified"
        assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  conv2d_dilated is wrong at the edges: a filter that spans the whole padded image (one
  output), a 1 x 1 filter with dilation 5 (dilation changes nothing), padding only at the
  bottom, and stride 2 with dilation 3 on an unseen image.
""" # END TEST CONFIG
def test_dilated_edges(conv2d_dilated):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(14)
    cases = (((2, 3, 4, 5, 3, 3), 1, 2, (1, 0, 0, 0)), ((3, 2, 4, 6, 1, 1), 1, 5, (0, 2, 0, 0)),
             ((1, 3, 11, 10, 3, 3), 2, 3, (1, 1, 0, 2)), ((2, 2, 3, 3, 2, 2), 2, 1, (0, 1, 0, 1)))
    for (C_in, C_out, H, W_, k_h, k_w), s, d, pad in cases:
        x, W, b = rng.normal(size=(C_in, H, W_)), rng.normal(size=(C_out, C_in, k_h, k_w)), rng.normal(size=C_out)
        top, bottom, left, right = pad
        expected = F.conv2d(F.pad(torch.tensor(x)[None], (left, right, top, bottom)), torch.tensor(W),
                            torch.tensor(b), stride=s, dilation=d)[0].numpy()
        out = np.asarray(conv2d_dilated(x, W, b, stride=s, dilation=d, padding=pad), dtype=float)
        assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q2

# %% [markdown]
# **Question 2 (code: a causal, grouped 1-D convolution for sequences).** Convolutions
# also run along time. WaveNet and temporal convolutional networks use *causal* ones: the
# output at time $t$ may depend on the inputs at times $\le t$ only, so the sequence is
# padded with $d\,(k - 1)$ zeros at the **start** and none at the end, and the output
# keeps the length $T$ of the input. *Grouped* convolutions (ResNeXt; and, with as many
# groups as channels, the *depthwise* convolutions of MobileNet) cut the $C_{\text{in}}$
# input channels into `groups` equal groups of $C_g = C_{\text{in}} / \text{groups}$
# consecutive channels, and the $C_{\text{out}}$ filters into as many equal groups of
# consecutive filters; filter $o$ belongs to group $g = o \,//\, (C_{\text{out}} /
# \text{groups})$ and sees only the channels $g C_g, \dots, (g + 1) C_g - 1$ of that
# group, as in `torch.nn.Conv1d(..., groups=groups)`:
#
# $$y[t, o] = b_o + \sum_{c=0}^{C_g - 1} \sum_{u=0}^{k-1} W[o, c, u]\;
# x\big[t - d\,(k - 1 - u),\; g C_g + c\big], \qquad x[t', \cdot] = 0 \text{ for } t' < 0 .$$
#
# So the last tap, $u = k - 1$, reads the present, and tap $u$ reads $d\,(k - 1 - u)$
# steps in the past. Here, as in the chapters on sequences, a sequence is stored **one
# time step per row**: `x` has shape $(T, C_{\text{in}})$ and the result has shape
# $(T, C_{\text{out}})$. `W` has shape $(C_{\text{out}}, C_g, k)$ and `b` shape
# $(C_{\text{out}},)$; `groups` divides both $C_{\text{in}}$ and $C_{\text{out}}$. Write
# `causal_conv1d(x, W, b, dilation, groups)`. $T$ may be shorter than the filter's span.

# %% [raw]
# # BEGIN SOLUTION

# %%
def causal_conv1d(x, W, b, dilation=1, groups=1):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    # BEGIN SOLUTION
    T, C_in = x.shape
    C_out, C_g, k = W.shape
    d = dilation
    x_pad = np.concatenate([np.zeros((d * (k - 1), C_in)), x])   # zeros before the start only
    y = np.zeros((T, C_out)) + b
    per_group = C_out // groups
    for o in range(C_out):
        g = o // per_group                                  # consecutive filters share a group
        x_g = x_pad[:, g * C_g:(g + 1) * C_g]
        for u in range(k):
            # tap u at time t reads padded row t + d u, that is x[t - d (k - 1 - u)]
            y[:, o] += x_g[d * u:d * u + T] @ W[o, :, u]
    return y
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For a sequence of T = 7 steps with 4 channels, 6 filters of width 3 in 2 groups,
  dilation 2, the output differs from torch.nn.functional.conv1d(groups=2, dilation=2)
  on the sequence padded with 4 zeros at the start. Likely mistakes - the groups
  interleaved (filter o in group o % groups instead of o // (C_out / groups)); the
  sequence reshaped to (C_in, T) instead of transposed (that scrambles time and
  channels); the filter flipped (tap k - 1 reads the present); the padding at the end
  or on both sides. The result must have shape (T, C_out).
""" # END TEST CONFIG
def test_causal_values(causal_conv1d):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(21)
    T, C_in, C_out, k, d, g = 7, 4, 6, 3, 2, 2
    x, W, b = rng.normal(size=(T, C_in)), rng.normal(size=(C_out, C_in // g, k)), rng.normal(size=C_out)
    expected = F.conv1d(F.pad(torch.tensor(x.T)[None], (d * (k - 1), 0)), torch.tensor(W), torch.tensor(b),
                        dilation=d, groups=g)[0].numpy().T
    out = np.asarray(causal_conv1d(x, W, b, dilation=d, groups=g), dtype=float)
    assert out.shape == (T, C_out), f"shape {out.shape}, expected ({T}, {C_out})"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), f"got {out.round(3).tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  The convolution is not causal, or its first output is wrong. Changing the inputs after
  time t must leave the outputs at times 0..t exactly as they were (pad d (k - 1) zeros at
  the start, none at the end, and keep T outputs), and at t = 0 only the last tap sees
  real data, y[0, o] = b_o + sum_c W[o, c, k - 1] x[0, c]. If y[0] uses W[:, :, 0] the
  filter is flipped.
""" # END TEST CONFIG
def test_causal_no_future(causal_conv1d):
    import numpy as np
    rng = np.random.default_rng(22)
    T, C_in, C_out, k = 10, 3, 2, 4
    x, W, b = rng.normal(size=(T, C_in)), rng.normal(size=(C_out, C_in, k)), rng.normal(size=C_out)
    out = np.asarray(causal_conv1d(x, W, b, dilation=1, groups=1), dtype=float)
    assert out.shape == (T, C_out), f"shape {out.shape}, expected ({T}, {C_out})"
    first = b + W[:, :, k - 1] @ x[0]
    assert np.allclose(out[0], first, rtol=1e-12), f"y[0] = {out[0].tolist()}, expected {first.tolist()}"
    for t in range(T - 1):
        x2 = x.copy()
        x2[t + 1:] = rng.normal(size=(T - t - 1, C_in))
        out2 = np.asarray(causal_conv1d(x2, W, b, dilation=1, groups=1), dtype=float)
        assert np.allclose(out2[:t + 1], out[:t + 1], rtol=1e-12, atol=1e-14), f"changing times {t + 1}.. changed y at times <= {t}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  A depthwise convolution (groups = C_in = C_out = 4, one filter of width 3 per channel,
  dilation 2) on a sequence of only T = 3 steps, shorter than the filter span of 5, is
  wrong, or x, W or b was modified. Each output channel o is its own input channel o
  convolved with W[o, 0]; taps that reach before the start read zeros.
""" # END TEST CONFIG
def test_causal_depthwise_short(causal_conv1d):
    import numpy as np
    rng = np.random.default_rng(23)
    T, C, k, d = 3, 4, 3, 2
    x, W, b = rng.normal(size=(T, C)), rng.normal(size=(C, 1, k)), rng.normal(size=C)
    copies = [a.copy() for a in (x, W, b)]
    out = np.asarray(causal_conv1d(x, W, b, dilation=d, groups=C), dtype=float)
    assert all(np.array_equal(a, c) for a, c in zip((x, W, b), copies)), "x, W or b was modified"
    expected = np.array([[b[o] + sum(W[o, 0, u] * x[t - d * (k - 1 - u), o]
                                     for u in range(k) if t - d * (k - 1 - u) >= 0)
                          for o in range(C)] for t in range(T)])
    assert out.shape == (T, C), f"shape {out.shape}, expected ({T}, {C})"
    assert np.allclose(out, expected, rtol=1e-12, atol=1e-14), f"got {out.tolist()}, expected {expected.tolist()}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  causal_conv1d differs from torch on unseen sequences (3 groups of 2 channels and 3
  filters; a single time step; a depthwise convolution with 2 filters per channel), or
  modified its arguments.
""" # END TEST CONFIG
def test_causal_hidden(causal_conv1d):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(24)
    for T, C_in, C_out, k, d, g in ((12, 6, 9, 2, 4, 3), (1, 2, 2, 3, 1, 1), (9, 4, 8, 2, 1, 4), (8, 3, 5, 5, 1, 1)):
        x, W, b = rng.normal(size=(T, C_in)), rng.normal(size=(C_out, C_in // g, k)), rng.normal(size=C_out)
        copies = [a.copy() for a in (x, W, b)]
        expected = F.conv1d(F.pad(torch.tensor(x.T)[None], (d * (k - 1), 0)), torch.tensor(W), torch.tensor(b),
                            dilation=d, groups=g)[0].numpy().T
        out = np.asarray(causal_conv1d(x, W, b, dilation=d, groups=g), dtype=float)
        assert all(np.array_equal(a, c) for a, c in zip((x, W, b), copies)), "an argument was modified"
        assert out.shape == (T, C_out) and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  causal_conv1d leaks the future or mixes groups on an unseen grouped, dilated
  convolution: later inputs must not move earlier outputs, and changing the channels of
  one group must move only the outputs of that group.
""" # END TEST CONFIG
def test_causal_groups_hidden(causal_conv1d):
    import numpy as np
    rng = np.random.default_rng(25)
    T, C_in, C_out, k, d, g = 9, 6, 4, 3, 3, 2
    x, W, b = rng.normal(size=(T, C_in)), rng.normal(size=(C_out, C_in // g, k)), rng.normal(size=C_out)
    out = np.asarray(causal_conv1d(x, W, b, dilation=d, groups=g), dtype=float)
    for t in range(T - 1):
        x2 = x.copy()
        x2[t + 1:] = rng.normal(size=(T - t - 1, C_in))
        assert np.allclose(np.asarray(causal_conv1d(x2, W, b, dilation=d, groups=g), dtype=float)[:t + 1], out[:t + 1])
    x2 = x.copy()
    x2[:, 3:] = rng.normal(size=(T, 3))          # group 1's channels only
    out2 = np.asarray(causal_conv1d(x2, W, b, dilation=d, groups=g), dtype=float)
    assert np.allclose(out2[:, :2], out[:, :2]), "group 1's input moved group 0's outputs"
    assert not np.allclose(out2[:, 2:], out[:, 2:]), "group 1's input did not move group 1's outputs"
    expected = b[0] + sum(W[0, c, u] * x[T - 1 - d * (k - 1 - u), c] for c in range(3) for u in range(k))
    assert abs(out[T - 1, 0] - expected) < 1e-12

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q3

# %% [markdown]
# **Question 3 (code: max pooling with padding, forward and backward).** The chapter's
# max pooling has no padding. `torch.nn.functional.max_pool2d(x, k, stride, padding)`
# pads each spatial side with $p$ entries of $-\infty$, so a padded entry never wins a
# window (padding with zeros would: try it on negative inputs), and it requires
# $p \le k // 2$, so every window holds at least one real entry. Windows are $k \times k$
# with stride $s$ and may overlap ($s < k$), and
# $H_{\text{out}} = \lfloor (H + 2p - k) / s \rfloor + 1$ (likewise for the width).
#
# Write `max_pool2d_padded(x, dout, k, stride, padding)` returning the pair
# `(out, dx)`: `out` of shape $(N, C, H_{\text{out}}, W_{\text{out}})$, the largest entry
# of every window, and `dx` $= \partial J / \partial x$ of the shape of `x`
# $(N, C, H, W)$, given `dout` $= \partial J / \partial\,\text{out}$. Each window sends its
# gradient to the entry that won it; an entry that wins several overlapping windows
# collects the sum. The tests use inputs without ties inside a window, so you need not
# decide who wins a tie.

# %% [raw]
# # BEGIN SOLUTION

# %%
def max_pool2d_padded(x, dout, k, stride, padding):
    x, dout = np.asarray(x, dtype=float), np.asarray(dout, dtype=float)
    # BEGIN SOLUTION
    from numpy.lib.stride_tricks import sliding_window_view
    N, C, H, W = x.shape
    s, p = stride, padding
    x_pad = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=-np.inf)   # padding never wins
    win = sliding_window_view(x_pad, (k, k), axis=(2, 3))[:, :, ::s, ::s]          # (N, C, H_out, W_out, k, k)
    H_out, W_out = win.shape[2:4]
    out = win.max(axis=(4, 5))
    u, v = np.divmod(win.reshape(N, C, H_out, W_out, k * k).argmax(axis=-1), k)
    rows = s * np.arange(H_out)[:, None] + u - p      # the winner, in x's own coordinates
    cols = s * np.arange(W_out)[None, :] + v - p
    dx = np.zeros_like(x)
    # add.at, not +=: an entry may win several overlapping windows
    np.add.at(dx, (np.arange(N)[:, None, None, None], np.arange(C)[None, :, None, None], rows, cols), dout)
    return out, dx
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For x of shape (2, 3, 5, 6), k = 3, stride 2, padding 1 (overlapping windows), out or dx
  differs from torch.nn.functional.max_pool2d and its autograd gradient. Likely
  mistakes - dout sent to every entry of a window instead of only to its winner; dx
  assigned with = (or fancy-index +=) so that an entry winning two windows keeps one
  gradient instead of their sum; the winner's position not shifted back by the padding;
  the last window dropped (H_out is floor((H + 2p - k) / s) + 1).
""" # END TEST CONFIG
def test_pool_values(max_pool2d_padded):
    import numpy as np
    import torch
    rng = np.random.default_rng(31)
    x = rng.normal(size=(2, 3, 5, 6))
    xt = torch.tensor(x, requires_grad=True)
    ref = torch.nn.functional.max_pool2d(xt, 3, stride=2, padding=1)
    dout = rng.normal(size=tuple(ref.shape))
    ref.backward(torch.tensor(dout))
    out, dx = max_pool2d_padded(x, dout, 3, 2, 1)
    out, dx = np.asarray(out, dtype=float), np.asarray(dx, dtype=float)
    assert out.shape == tuple(ref.shape), f"out has shape {out.shape}, expected {tuple(ref.shape)}"
    assert np.allclose(out, ref.detach().numpy(), rtol=1e-12), "out is wrong"
    assert dx.shape == x.shape, f"dx has shape {dx.shape}, expected {x.shape}"
    assert np.allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-15), "dx is wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  On an input whose entries are all negative (k = 2, stride 1, padding 1) every window at
  the border holds padding. If out has zeros, or dx loses gradient, the padding won: pad
  with -inf (np.pad(..., constant_values=-np.inf)), not with zeros; the gradient of a
  window always goes to a real entry of x.
""" # END TEST CONFIG
def test_pool_negative(max_pool2d_padded):
    import numpy as np
    import torch
    rng = np.random.default_rng(32)
    x = -1.0 - rng.uniform(size=(1, 2, 4, 3))
    xt = torch.tensor(x, requires_grad=True)
    ref = torch.nn.functional.max_pool2d(xt, 2, stride=1, padding=1)
    dout = rng.uniform(0.5, 1.5, size=tuple(ref.shape))
    ref.backward(torch.tensor(dout))
    out, dx = max_pool2d_padded(x, dout, 2, 1, 1)
    out, dx = np.asarray(out, dtype=float), np.asarray(dx, dtype=float)
    assert out.shape == (1, 2, 5, 4), f"out has shape {out.shape}, expected (1, 2, 5, 4)"
    assert np.all(out < 0), f"out holds {out.max()}: the padding won a window"
    assert np.allclose(out, ref.detach().numpy(), rtol=1e-12), "out is wrong"
    assert abs(dx.sum() - dout.sum()) < 1e-9, f"dx sums to {dx.sum()}, but every window sends dout to one real entry: {dout.sum()}"
    assert np.allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-15), "dx is wrong"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  For the 3 x 3 input below, whose centre 9 is the largest entry, k = 2, stride 1 and no
  padding, all four windows are won by the centre: out = [[9, 9], [9, 9]], and with
  dout = [[1, 2], [3, 4]] the centre collects 1 + 2 + 3 + 4 = 10 and every other entry 0.
  A 4 means overlapping gradients overwrite each other; non-zero gradients elsewhere mean
  dout went to every entry of each window. Also x and dout must be unchanged.
""" # END TEST CONFIG
def test_pool_by_hand(max_pool2d_padded):
    import numpy as np
    x = np.array([[[[1.0, 3.0, 2.0], [4.0, 9.0, 0.5], [7.0, 6.0, 8.0]]]])
    dout = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    copies = x.copy(), dout.copy()
    out, dx = max_pool2d_padded(x, dout, 2, 1, 0)
    assert np.array_equal(x, copies[0]) and np.array_equal(dout, copies[1]), "x or dout was modified"
    out, dx = np.asarray(out, dtype=float), np.asarray(dx, dtype=float)
    assert out.shape == (1, 1, 2, 2) and np.allclose(out, 9.0), f"out = {out.tolist()}, expected [[9, 9], [9, 9]]"
    expected = np.zeros((1, 1, 3, 3))
    expected[0, 0, 1, 1] = 10.0
    assert dx.shape == (1, 1, 3, 3) and np.allclose(dx, expected), f"dx = {dx.tolist()}, expected 10 at the centre, 0 elsewhere"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  max_pool2d_padded differs from torch on unseen inputs (k = 3 with stride 1 and padding
  1; k = 4 with stride 3 and padding 2; k = 2 with stride 2), or modified its arguments.
""" # END TEST CONFIG
def test_pool_hidden(max_pool2d_padded):
    import numpy as np
    import torch
    rng = np.random.default_rng(33)
    for shape, k, s, p in (((1, 2, 7, 7), 3, 1, 1), ((3, 1, 8, 5), 4, 3, 2), ((2, 2, 6, 6), 2, 2, 0), ((1, 1, 9, 4), 3, 2, 1)):
        x = rng.normal(size=shape)
        xt = torch.tensor(x, requires_grad=True)
        ref = torch.nn.functional.max_pool2d(xt, k, stride=s, padding=p)
        dout = rng.normal(size=tuple(ref.shape))
        ref.backward(torch.tensor(dout))
        copies = x.copy(), dout.copy()
        out, dx = max_pool2d_padded(x, dout, k, s, p)
        assert np.array_equal(x, copies[0]) and np.array_equal(dout, copies[1]), "an argument was modified"
        assert np.asarray(out).shape == tuple(ref.shape) and np.allclose(out, ref.detach().numpy(), rtol=1e-12)
        assert np.allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-15)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  max_pool2d_padded is wrong on unseen negative inputs with padding k // 2 and
  overlapping strided windows (padding must never win), or on a window that covers the
  whole padded image.
""" # END TEST CONFIG
def test_pool_negative_hidden(max_pool2d_padded):
    import numpy as np
    import torch
    rng = np.random.default_rng(34)
    for shape, k, s, p in (((2, 1, 6, 7), 5, 2, 2), ((1, 3, 5, 5), 3, 1, 1), ((1, 1, 2, 2), 4, 1, 1)):
        x = -0.5 - rng.uniform(size=shape)
        xt = torch.tensor(x, requires_grad=True)
        ref = torch.nn.functional.max_pool2d(xt, k, stride=s, padding=p)
        dout = rng.uniform(0.5, 1.5, size=tuple(ref.shape))
        ref.backward(torch.tensor(dout))
        out, dx = max_pool2d_padded(x, dout, k, s, p)
        assert np.asarray(out).shape == tuple(ref.shape) and np.allclose(out, ref.detach().numpy(), rtol=1e-12)
        assert np.allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-15)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q4

# %% [markdown]
# **Question 4 (debug: an im2col convolution for channels-last images).** TensorFlow and
# most image libraries store images channels last, NHWC: `x` of shape
# $(N, H, W, C_{\text{in}})$, and filters as $(k, k, C_{\text{in}}, C_{\text{out}})$
# (height, width, in, out). A colleague wrote the im2col convolution of section 11.8 for
# that layout: every patch a row of `X_col`, one matrix product with the filters, then the
# result put back as $(N, H_{\text{out}}, W_{\text{out}}, C_{\text{out}})$, with zero
# padding `padding` on **every** side and stride `stride` (integers), square $k \times k$
# filters and a bias `b` of shape $(C_{\text{out}},)$. Output $(n, i, j, o)$ must be
# $b_o + \sum_{u, v, c} W[u, v, c, o]\, x_{\text{pad}}[n, s i + u, s j + v, c]$.
#
# It has **four bugs**. It is right for some inputs (a single channel, stride 1, no
# padding), which is why they went unnoticed. Find them (compare with a small example you
# work out by hand, and try strides 2 and 3, paddings 1 and 2 and several channels), then
# write the corrected `conv2d_nhwc(x, W, b, stride, padding)` in the cell after it, with
# the same arguments and layout.

# %%
def buggy_conv2d_nhwc(x, W, b, stride=1, padding=0):
    x = np.pad(x, ((0, 0), (0, 2 * padding), (0, 2 * padding), (0, 0)))   # zero padding
    N, H, W_in, C_in = x.shape
    k, _, _, C_out = W.shape
    H_out = (H - k + 1) // stride                    # positions of the filter along each axis
    W_out = (W_in - k + 1) // stride
    rows = []
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                rows.append(x[n, i:i + k, j:j + k, :].ravel())     # the patch under the filter
    X_col = np.array(rows)                           # (N H_out W_out, k k C_in)
    out = X_col @ W.reshape(C_out, -1).T + b         # every patch times every filter
    return out.reshape(N, H_out, W_out, C_out)

# %% [raw]
# # BEGIN SOLUTION

# %%
def conv2d_nhwc(x, W, b, stride=1, padding=0):
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    # BEGIN SOLUTION
    p, s = padding, stride
    x = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))                # p on every side, not 2p on one
    N, H, W_in, C_in = x.shape
    k, _, _, C_out = W.shape
    H_out = (H - k) // s + 1                                       # not (H - k + 1) // s
    W_out = (W_in - k) // s + 1
    rows = []
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                rows.append(x[n, s * i:s * i + k, s * j:s * j + k, :].ravel())   # the patch at (s i, s j)
    X_col = np.array(rows)                                         # rows in (u, v, c) order
    out = X_col @ W.reshape(-1, C_out) + b                         # W's rows are in (u, v, c) order too
    return out.reshape(N, H_out, W_out, C_out)
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With stride 1 and padding 1 (2 images of 5 x 6, 2 channels in, 3 out, 3 x 3 filters)
  the output differs from torch.nn.functional.conv2d run on the NCHW copies. Bugs that
  show here - the padding: 2p rows and columns after the image and none before shift
  every output by p pixels; p on every side is np.pad(x, ((0, 0), (p, p), (p, p), (0,
  0))). And the filters: a patch raveled from (k, k, C_in) is in (u, v, c) order, and
  W.reshape(C_out, -1).T does not put W[u, v, c, o] at row (u, v, c), column o;
  W.reshape(-1, C_out) does.
""" # END TEST CONFIG
def test_nhwc_stride1(conv2d_nhwc):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(41)
    x, W, b = rng.normal(size=(2, 5, 6, 2)), rng.normal(size=(3, 3, 2, 3)), rng.normal(size=3)
    expected = F.conv2d(torch.tensor(x).permute(0, 3, 1, 2), torch.tensor(W).permute(3, 2, 0, 1), torch.tensor(b),
                        stride=1, padding=1).permute(0, 2, 3, 1).numpy()
    out = np.asarray(conv2d_nhwc(x, W, b, stride=1, padding=1), dtype=float)
    assert out.shape == expected.shape, f"shape {out.shape}, expected {expected.shape}"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), "wrong values"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With stride 2 and no padding (a 7 x 9 image, 3 x 3 filters, 2 channels in and out) the
  shape or the values are wrong. Bugs that show here - the output size: (H - k + 1) //
  s is right for s = 1 only; the filter fits at offsets 0, s, 2s, ... up to H - k, which
  is (H - k) // s + 1 positions (3 x 4 here, not 2 x 3). And the patch position: output
  (i, j) reads the patch whose corner is at (s i, s j), not (i, j).
""" # END TEST CONFIG
def test_nhwc_stride2(conv2d_nhwc):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(42)
    x, W, b = rng.normal(size=(1, 7, 9, 2)), rng.normal(size=(3, 3, 2, 2)), rng.normal(size=2)
    expected = F.conv2d(torch.tensor(x).permute(0, 3, 1, 2), torch.tensor(W).permute(3, 2, 0, 1), torch.tensor(b),
                        stride=2).permute(0, 2, 3, 1).numpy()
    out = np.asarray(conv2d_nhwc(x, W, b, stride=2, padding=0), dtype=float)
    assert out.shape == (1, 3, 4, 2), f"shape {out.shape}, expected (1, 3, 4, 2)"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), "wrong values"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  With stride 2 and padding 2 (3 images of 6 x 6, 3 channels in, 2 out, 2 x 2 filters)
  conv2d_nhwc differs from torch, or modified x, W or b. All four bugs can show here:
  one-sided padding, the output size, the unstrided patch position, the filter
  reshape.
""" # END TEST CONFIG
def test_nhwc_stride2_padded(conv2d_nhwc):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(43)
    x, W, b = rng.normal(size=(3, 6, 6, 3)), rng.normal(size=(2, 2, 3, 2)), rng.normal(size=2)
    copies = [a.copy() for a in (x, W, b)]
    expected = F.conv2d(torch.tensor(x).permute(0, 3, 1, 2), torch.tensor(W).permute(3, 2, 0, 1), torch.tensor(b),
                        stride=2, padding=2).permute(0, 2, 3, 1).numpy()
    out = np.asarray(conv2d_nhwc(x, W, b, stride=2, padding=2), dtype=float)
    assert all(np.array_equal(a, c) for a, c in zip((x, W, b), copies)), "x, W or b was modified"
    assert out.shape == expected.shape, f"shape {out.shape}, expected {expected.shape}"
    assert np.allclose(out, expected, rtol=1e-9, atol=1e-12), "wrong values"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  conv2d_nhwc differs from torch on unseen inputs (strides 1 to 3, paddings 0 to 2,
  kernels 1 to 4, several channels), or modified its arguments.
""" # END TEST CONFIG
def test_nhwc_hidden(conv2d_nhwc):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(44)
    for (N, H, W_, C_in, k, C_out), s, p in (((2, 8, 7, 3, 3, 4), 3, 2), ((1, 9, 9, 2, 4, 3), 2, 1),
                                             ((2, 5, 4, 4, 1, 2), 1, 0), ((1, 6, 10, 2, 3, 3), 2, 1)):
        x, W, b = rng.normal(size=(N, H, W_, C_in)), rng.normal(size=(k, k, C_in, C_out)), rng.normal(size=C_out)
        copies = [a.copy() for a in (x, W, b)]
        expected = F.conv2d(torch.tensor(x).permute(0, 3, 1, 2), torch.tensor(W).permute(3, 2, 0, 1),
                            torch.tensor(b), stride=s, padding=p).permute(0, 2, 3, 1).numpy()
        out = np.asarray(conv2d_nhwc(x, W, b, stride=s, padding=p), dtype=float)
        assert all(np.array_equal(a, c) for a, c in zip((x, W, b), copies)), "an argument was modified"
        assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  conv2d_nhwc is wrong on an unseen image where each of the four bugs changes the
  result (stride 2, padding 1, 7 x 7, 3 channels in, 2 out, 3 x 3 filters).
""" # END TEST CONFIG
def test_nhwc_all_bugs_hidden(conv2d_nhwc):
    import numpy as np
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(45)
    x, W, b = rng.normal(size=(2, 7, 7, 3)), rng.normal(size=(3, 3, 3, 2)), rng.normal(size=2)
    expected = F.conv2d(torch.tensor(x).permute(0, 3, 1, 2), torch.tensor(W).permute(3, 2, 0, 1), torch.tensor(b),
                        stride=2, padding=1).permute(0, 2, 3, 1).numpy()
    out = np.asarray(conv2d_nhwc(x, W, b, stride=2, padding=1), dtype=float)
    assert out.shape == expected.shape and np.allclose(out, expected, rtol=1e-9, atol=1e-12)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q5

# %% [markdown]
# **Question 5 (predict: a feature map, a shape and two pooling gradients by hand).**
# Work these out on paper first (that is the exercise: a computer can check you
# afterwards), then give each answer as a number (or a tuple of two integers): an exact
# expression such as `2 / 7`, or at least 5 significant digits.
#
# The image $x$ and the filter $K$ are
#
# $$x = \begin{pmatrix} 3 & 1 & 0 & 2 & 1 \\ 0 & 2 & 4 & 1 & 0 \\ 1 & 0 & 1 & 3 & 2 \\
# 2 & 1 & 0 & 0 & 1 \\ 0 & 3 & 1 & 2 & 0 \end{pmatrix}, \qquad
# K = \begin{pmatrix} 1 & 2 & 0 \\ 0 & 1 & 0 \\ 0 & 0 & -1 \end{pmatrix}.$$
#
# - `corr_value`: the output at $(i, j) = (1, 1)$ of the chapter's convolution
#   (cross-correlation) of $x$ with $K$, with padding 1 on every side and stride 2.
# - `conv_value`: the same output for the convolution of mathematics, which flips the
#   filter (reads $x[i - u, j - v]$: the same as cross-correlating with $K$ rotated by
#   180 degrees), with the same padding and stride.
# - `out_shape`: the output shape `(H_out, W_out)` for this $5 \times 5$ image and a
#   $3 \times 3$ filter with dilation 2, padding (top 1, bottom 0, left 2, right 2) and
#   stride 2.
# - `maxpool_grad`: $3 \times 3$ max pooling with stride 1 (overlapping windows, no
#   padding) of a $6 \times 6$ input whose largest entry is at $(1, 3)$, and
#   $\partial J / \partial\,\text{out} = 1$ everywhere: what is $\partial J / \partial x$
#   at $(1, 3)$?
# - `avgpool_grad`: the same with $3 \times 3$ *average* pooling, stride 1, at $(0, 1)$.
#
# The public checks only say whether each answer is within about 0.002 (the shape
# exactly); the hidden tests recompute them to 5 significant digits.

# %% [raw]
# # BEGIN SOLUTION

# %%
corr_value = 11.0  # SOLUTION
conv_value = -1.0  # SOLUTION
out_shape = (1, 3)  # SOLUTION
maxpool_grad = 6.0  # SOLUTION
avgpool_grad = 2 / 9  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  corr_value or conv_value is not within about 0.002 of the answer. With padding 1 and
  stride 2, output (1, 1) sits on the padded pixels (2..4, 2..4), that is x's rows 1..3
  and columns 1..3 (not rows 0..2: the stride moves the patch two pixels per output).
  Cross-correlation multiplies K[u, v] with the pixel at offset (u, v) of that patch;
  the convolution of mathematics multiplies it with the pixel at offset (2 - u, 2 - v).
  If your two answers are each other's, you swapped them.
""" # END TEST CONFIG
def test_feature_map(corr_value, conv_value):
    import hashlib
    import math
    for name, value, digest in (("corr_value", corr_value, "901ca2e6a0d01434"),
                                ("conv_value", conv_value, "ee88812df6601456")):
        v = float(value)
        assert math.isfinite(v), f"{name} = {v}"
        ok = {hashlib.sha256(f"ch11-q5-{name}:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16] for j in (-1, 0, 1)}
        assert digest in ok, f"{name} = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  out_shape, maxpool_grad or avgpool_grad is not right. A 3 x 3 filter with dilation 2
  spans 5 pixels; the padded image is 6 x 9, and the size is floor((padded - span) /
  stride) + 1 along each axis. In overlapping pooling, an entry gets the gradient of
  every window that contains it: the maximum wins every window it lies in (count them:
  windows start at rows 0..3 and columns 0..3, and a window starting at (a, c) covers
  rows a..a+2), and average pooling gives each entry 1/9 from every window that
  contains it. 1 and 1/9 are the answers for non-overlapping windows.
""" # END TEST CONFIG
def test_shape_and_pooling(out_shape, maxpool_grad, avgpool_grad):
    import hashlib
    import math
    shape = tuple(int(v) for v in out_shape)
    assert all(float(v).is_integer() for v in out_shape), f"out_shape = {out_shape} is not two integers"
    assert len(shape) == 2, f"out_shape = {shape}: expected (H_out, W_out)"
    assert hashlib.sha256(f"ch11-q5-out_shape:{shape[0]},{shape[1]}".encode()).hexdigest()[:16] == "b7cb47e46358c924", f"out_shape = {shape} is not right"
    for name, value, digest in (("maxpool_grad", maxpool_grad, "1193a725f8a7304f"),
                                ("avgpool_grad", avgpool_grad, "9cecc7117f2b9646")):
        v = float(value)
        assert math.isfinite(v), f"{name} = {v}"
        ok = {hashlib.sha256(f"ch11-q5-{name}:{math.floor(v * 1000) + j}".encode()).hexdigest()[:16] for j in (-1, 0, 1)}
        assert digest in ok, f"{name} = {v} is not right"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  corr_value or conv_value is not right to 5 significant digits.
""" # END TEST CONFIG
def test_feature_map_precise(corr_value, conv_value):
    import numpy as np
    import torch
    import torch.nn.functional as F
    x = torch.tensor([[3, 1, 0, 2, 1], [0, 2, 4, 1, 0], [1, 0, 1, 3, 2], [2, 1, 0, 0, 1], [0, 3, 1, 2, 0]],
                     dtype=torch.float64)[None, None]
    K = torch.tensor([[1, 2, 0], [0, 1, 0], [0, 0, -1]], dtype=torch.float64)[None, None]
    corr = F.conv2d(x, K, padding=1, stride=2)[0, 0, 1, 1].item()
    conv = F.conv2d(x, torch.flip(K, dims=(2, 3)), padding=1, stride=2)[0, 0, 1, 1].item()
    assert abs(float(corr_value) - corr) <= 5e-5 * abs(corr)
    assert abs(float(conv_value) - conv) <= 5e-5 * abs(conv)

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  out_shape, maxpool_grad or avgpool_grad is not right to 5 significant digits.
""" # END TEST CONFIG
def test_shape_and_pooling_precise(out_shape, maxpool_grad, avgpool_grad):
    import numpy as np
    import torch
    import torch.nn.functional as F
    z = F.conv2d(F.pad(torch.zeros(1, 1, 5, 5, dtype=torch.float64), (2, 2, 1, 0)),
                 torch.zeros(1, 1, 3, 3, dtype=torch.float64), dilation=2, stride=2)
    assert tuple(int(v) for v in out_shape) == tuple(z.shape[2:])
    x = torch.tensor(np.random.default_rng(0).uniform(size=(1, 1, 6, 6)), requires_grad=True)
    with torch.no_grad():
        x[0, 0, 1, 3] = 2.0
    F.max_pool2d(x, 3, stride=1).sum().backward()
    assert abs(float(maxpool_grad) - x.grad[0, 0, 1, 3].item()) <= 5e-5 * x.grad[0, 0, 1, 3].item()
    x = torch.zeros(1, 1, 6, 6, dtype=torch.float64, requires_grad=True)
    F.avg_pool2d(x, 3, stride=1).sum().backward()
    assert abs(float(avgpool_grad) - x.grad[0, 0, 0, 1].item()) <= 5e-5 * x.grad[0, 0, 0, 1].item()

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: q6

# %% [markdown]
# **Question 6 (derive: the size and cost of a layer, and a transposed convolution).**
# Derive these counts from the definition of the convolution; do not build a network
# (the tests ask for layers on $224 \times 224$ images).
#
# Write `conv_layer_summary(in_shape, C_out, k, stride, padding, dilation, groups)` for a
# convolution layer with a bias, $k \times k$ filters, integer `stride` $\ge 1$,
# `dilation` $\ge 1$ and `groups` $\ge 1$ as in Question 2 (each filter sees only the
# $C_{\text{in}} / \text{groups}$ channels of its group; `groups` divides $C_{\text{in}}$
# and $C_{\text{out}}$), and zero `padding` given as `(top, bottom, left, right)`, on one
# image of shape `in_shape` $= (C_{\text{in}}, H, W)$. Return a dict with three integers
# (or tuples of integers):
#
# - `"out_shape"`: $(C_{\text{out}}, H_{\text{out}}, W_{\text{out}})$;
# - `"params"`: the number of weights and biases;
# - `"mult_adds"`: the number of multiplications one forward pass does (one per weight of
#   a filter, at every output position; adding the bias does not count).
#
# A **transposed convolution** (`torch.nn.ConvTranspose1d`, used to upsample in decoders
# and U-Nets) runs a convolution backwards: it maps a length $n$ back to a length $m$ from
# which the convolution with the same $k$, stride $s$, padding $p$ (on both sides) and
# dilation $d$ gives $n$. Several $m$ qualify when $s > 1$ (the floor in the output size
# forgets the remainder); it takes the **smallest** one, plus `output_padding` (an
# integer $0 \le$ `output_padding` $< s$ that picks among the others). Write
# `transposed_output_size(n, k, stride, padding, output_padding, dilation)` returning
# $m$ as an integer: derive it from the convolution's output size.

# %% [raw]
# # BEGIN SOLUTION

# %%
def conv_layer_summary(in_shape, C_out, k, stride=1, padding=(0, 0, 0, 0), dilation=1, groups=1):
    # BEGIN SOLUTION
    C_in, H, W = in_shape
    top, bottom, left, right = padding
    span = dilation * (k - 1) + 1
    H_out = (H + top + bottom - span) // stride + 1
    W_out = (W + left + right - span) // stride + 1
    per_filter = (C_in // groups) * k * k            # a filter sees its group's channels only
    return {"out_shape": (C_out, H_out, W_out),
            "params": C_out * (per_filter + 1),
            "mult_adds": C_out * H_out * W_out * per_filter}
    # END SOLUTION


def transposed_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    # BEGIN SOLUTION
    # n = floor((m + 2p - d (k - 1) - 1) / s) + 1 holds for m = (n - 1) s - 2p + d (k - 1) + 1 + r,
    # r = 0, ..., s - 1; the smallest is r = 0, and output_padding is r.
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + 1 + output_padding
    # END SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  out_shape or params differs from torch.nn.Conv2d (after torch.nn.ZeroPad2d for the
  padding) for a grouped, dilated layer, a plain one and a depthwise one. A filter of a
  layer with groups sees C_in / groups channels, so it has (C_in / groups) k k weights,
  plus one bias; the filter spans d (k - 1) + 1 pixels; the padding adds top + bottom
  rows, not 2 (top + bottom); and the size is floor(... / s) + 1.
""" # END TEST CONFIG
def test_summary_shape_params(conv_layer_summary):
    import torch
    cases = (((4, 11, 9), 6, 3, 2, (1, 1, 0, 2), 2, 2), ((3, 32, 32), 16, 5, 1, (2, 2, 2, 2), 1, 1),
             ((8, 10, 7), 8, 3, 2, (0, 1, 1, 0), 1, 8))
    for in_shape, C_out, k, s, pad, d, g in cases:
        conv = torch.nn.Conv2d(in_shape[0], C_out, k, stride=s, dilation=d, groups=g, device="meta")
        top, bottom, left, right = pad
        out = conv(torch.nn.ZeroPad2d((left, right, top, bottom))(torch.empty((1,) + in_shape, device="meta")))
        r = conv_layer_summary(in_shape, C_out, k, stride=s, padding=pad, dilation=d, groups=g)
        shape = tuple(int(v) for v in r["out_shape"])
        assert shape == tuple(out.shape[1:]), f"{in_shape}, C_out {C_out}, k {k}, s {s}, padding {pad}, d {d}, groups {g}: out_shape {shape}, expected {tuple(out.shape[1:])}"
        n = sum(p.numel() for p in conv.parameters())
        assert r["params"] == n, f"{in_shape}, C_out {C_out}, k {k}, groups {g}: params {r['params']}, expected {n}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  mult_adds differs from the count torch.utils.flop_counter makes (which reports 2
  flops per multiply-add) for a grouped, dilated layer and a plain one. Every output
  number (C_out H_out W_out of them) is a dot product of one filter, (C_in / groups) k k
  multiplications; the bias is an addition, not a multiplication.
""" # END TEST CONFIG
def test_summary_mult_adds(conv_layer_summary):
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    for in_shape, C_out, k, s, pad, d, g in (((4, 11, 9), 6, 3, 2, (1, 1, 0, 2), 2, 2), ((3, 16, 12), 5, 3, 1, (1, 1, 1, 1), 1, 1)):
        conv = torch.nn.Conv2d(in_shape[0], C_out, k, stride=s, dilation=d, groups=g, device="meta")
        top, bottom, left, right = pad
        x = torch.nn.ZeroPad2d((left, right, top, bottom))(torch.empty((1,) + in_shape, device="meta"))
        with FlopCounterMode(display=False) as counter:
            conv(x)
        expected = counter.get_total_flops() // 2
        r = conv_layer_summary(in_shape, C_out, k, stride=s, padding=pad, dilation=d, groups=g)
        assert r["mult_adds"] == expected, f"{in_shape}, C_out {C_out}, k {k}, groups {g}: mult_adds {r['mult_adds']}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
failure_message: >-
  transposed_output_size differs from torch.nn.ConvTranspose1d. Invert the convolution's
  size n = floor((m + 2p - d (k - 1) - 1) / s) + 1 for the smallest m, then add
  output_padding. The padding was added to the input of the convolution, so the
  transposed one removes it (minus 2p, not plus); with stride 1 every m is (n - 1) -
  2p + d (k - 1) + 1.
""" # END TEST CONFIG
def test_transposed(transposed_output_size):
    import torch
    for n, k, s, p, op, d in ((7, 4, 3, 2, 1, 2), (5, 3, 2, 1, 0, 1), (4, 2, 2, 0, 0, 1), (6, 5, 1, 2, 0, 1)):
        t = torch.nn.ConvTranspose1d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d, device="meta")
        expected = t(torch.empty(1, 1, n, device="meta")).shape[-1]
        out = transposed_output_size(n, k, stride=s, padding=p, output_padding=op, dilation=d)
        assert out == expected, f"n {n}, k {k}, stride {s}, padding {p}, output_padding {op}, dilation {d}: {out}, expected {expected}"

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  conv_layer_summary is wrong on unseen layers (a 224 x 224 stem with stride 2, a
  depthwise 3 x 3 layer, a 1 x 1 layer, a grouped layer with dilation 3 and asymmetric
  padding).
""" # END TEST CONFIG
def test_summary_hidden(conv_layer_summary):
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    cases = (((3, 224, 224), 64, 7, 2, (3, 3, 3, 3), 1, 1), ((32, 56, 56), 32, 3, 1, (1, 1, 1, 1), 1, 32),
             ((64, 14, 14), 128, 1, 1, (0, 0, 0, 0), 1, 1), ((12, 20, 17), 9, 3, 3, (0, 4, 2, 1), 3, 3))
    for in_shape, C_out, k, s, pad, d, g in cases:
        conv = torch.nn.Conv2d(in_shape[0], C_out, k, stride=s, dilation=d, groups=g, device="meta")
        top, bottom, left, right = pad
        x = torch.nn.ZeroPad2d((left, right, top, bottom))(torch.empty((1,) + in_shape, device="meta"))
        with FlopCounterMode(display=False) as counter:
            out = conv(x)
        r = conv_layer_summary(in_shape, C_out, k, stride=s, padding=pad, dilation=d, groups=g)
        assert tuple(int(v) for v in r["out_shape"]) == tuple(out.shape[1:])
        assert r["params"] == sum(p.numel() for p in conv.parameters())
        assert r["mult_adds"] == counter.get_total_flops() // 2

# %%
""" # BEGIN TEST CONFIG
points: 1
hidden: true
failure_message: >-
  transposed_output_size is wrong on unseen settings, or the convolution with the same
  settings does not map its answer back to n (for every output_padding from 0 to s - 1).
""" # END TEST CONFIG
def test_transposed_hidden(transposed_output_size):
    import torch
    for n, k, s, p, d in ((9, 3, 3, 1, 2), (1, 4, 2, 1, 1), (12, 5, 4, 2, 1), (3, 2, 1, 0, 3)):
        for op in range(s):
            m = transposed_output_size(n, k, stride=s, padding=p, output_padding=op, dilation=d)
            t = torch.nn.ConvTranspose1d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d, device="meta")
            assert m == t(torch.empty(1, 1, n, device="meta")).shape[-1]
            assert (m + 2 * p - d * (k - 1) - 1) // s + 1 == n

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

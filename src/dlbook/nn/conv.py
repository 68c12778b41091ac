"""Two-dimensional convolution from scratch, forward and backward (chapter 11).

Deep learning's "convolution" is a cross-correlation: the filter slides over
the image *without* being flipped, and each output is the dot product of the
filter with the patch under it,

    out[n, o, i, j] = b[o] + sum_{c, u, v} W[o, c, u, v] x_pad[n, c, s i + u, s j + v]

for a stride s and a zero padding of p on every side. Shapes follow torch
(NCHW): x: (N, C_in, H_in, W_in), filters W: (C_out, C_in, k_h, k_w), bias
b: (C_out,), out: (N, C_out, H_out, W_out), with H_out = conv_output_size(H_in,
k_h, p, s) and likewise for the width.

Three forward passes compute the same numbers: `conv2d_loops` (the definition,
to read), `conv2d_windows` (vectorised over a strided view of the patches) and
`conv2d` (im2col: every patch a row of one matrix, then one matrix product, the
way fast libraries do it). `conv2d_backward` sits beside them. Everything is
float64 numpy; stride and padding are an int or an (along H, along W) pair.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
IntPair = int | tuple[int, int]


def _pair(v: IntPair) -> tuple[int, int]:
    if isinstance(v, (tuple, list)):
        return int(v[0]), int(v[1])
    return int(v), int(v)  # an int or a numpy integer: the same along H and W


# --8<-- [start:output_size]
def conv_output_size(n: int, k: int, p: int = 0, s: int = 1) -> int:
    """floor((n + 2p - k) / s) + 1: how many positions a k-wide filter takes.

    n: the input's size along one axis, k: the filter's, p: the zero padding on
    each side, s: the stride. The padded input has n + 2p entries; the filter
    fits at offsets 0, s, 2s, ... up to n + 2p - k, and a last step that would
    run past the edge is dropped (the floor).
    """
    if k < 1 or s < 1 or p < 0:
        raise ValueError(f"need k >= 1, s >= 1, p >= 0, got k={k}, s={s}, p={p}")
    if n + 2 * p < k:
        raise ValueError(f"a {k}-wide filter does not fit in {n} + 2*{p} entries")
    return (n + 2 * p - k) // s + 1
# --8<-- [end:output_size]


# --8<-- [start:pad]
def pad(x: ArrayLike, padding: IntPair) -> Array:
    """Zero padding of the two spatial axes: (N, C, H, W) -> (N, C, H + 2p_h, W + 2p_w)."""
    p_h, p_w = _pair(padding)
    return np.pad(np.asarray(x, dtype=np.float64), ((0, 0), (0, 0), (p_h, p_h), (p_w, p_w)))
# --8<-- [end:pad]


def _check(x: Array, W: Array, b: Array | None) -> None:
    if x.ndim != 4 or W.ndim != 4:
        raise ValueError(f"x must be (N, C_in, H, W) and W (C_out, C_in, k_h, k_w), "
                         f"got {x.shape} and {W.shape}")
    if x.shape[1] != W.shape[1]:
        raise ValueError(f"x has {x.shape[1]} channels but the filters expect {W.shape[1]}")
    if b is not None and b.shape != (W.shape[0],):
        raise ValueError(f"b must be ({W.shape[0]},), got {b.shape}")


# --8<-- [start:conv2d_loops]
def conv2d_loops(x: ArrayLike, W: ArrayLike, b: ArrayLike | None = None,
                 stride: IntPair = 1, padding: IntPair = 0) -> Array:
    """The definition, one output number at a time: (N, C_in, H_in, W_in) -> (N, C_out, H_out, W_out).

    W: (C_out, C_in, k_h, k_w) filters, b: (C_out,) or None. Slow (four Python
    loops), but each line says what a convolution does.
    """
    x, W = np.asarray(x, dtype=np.float64), np.asarray(W, dtype=np.float64)
    b = None if b is None else np.asarray(b, dtype=np.float64)
    _check(x, W, b)
    (s_h, s_w), (p_h, p_w) = _pair(stride), _pair(padding)
    N, _, H_in, W_in = x.shape
    C_out, _, k_h, k_w = W.shape
    H_out, W_out = conv_output_size(H_in, k_h, p_h, s_h), conv_output_size(W_in, k_w, p_w, s_w)
    x_pad = pad(x, (p_h, p_w))
    out = np.zeros((N, C_out, H_out, W_out))
    for n in range(N):                      # every image
        for o in range(C_out):              # every filter: one feature map each
            for i in range(H_out):          # every position of the filter...
                for j in range(W_out):
                    # ...the patch under it, across all input channels at once
                    patch = x_pad[n, :, s_h * i:s_h * i + k_h, s_w * j:s_w * j + k_w]
                    out[n, o, i, j] = np.sum(patch * W[o])
            if b is not None:
                out[n, o] += b[o]           # one bias per filter, shared by all positions
    return out
# --8<-- [end:conv2d_loops]


# --8<-- [start:conv2d_windows]
def conv2d_windows(x: ArrayLike, W: ArrayLike, b: ArrayLike | None = None,
                   stride: IntPair = 1, padding: IntPair = 0) -> Array:
    """Vectorised: a strided *view* of every patch, contracted with the filters.

    sliding_window_view copies nothing: it gives the array of patches
    (N, C_in, H', W', k_h, k_w) by reading x's memory with other strides; slicing
    it by the stride keeps the positions the filter actually takes.
    """
    x, W = np.asarray(x, dtype=np.float64), np.asarray(W, dtype=np.float64)
    b = None if b is None else np.asarray(b, dtype=np.float64)
    _check(x, W, b)
    (s_h, s_w), (p_h, p_w) = _pair(stride), _pair(padding)
    k_h, k_w = W.shape[2:]
    patches = sliding_window_view(pad(x, (p_h, p_w)), (k_h, k_w), axis=(2, 3))[:, :, ::s_h, ::s_w]
    # sum over c, u, v of patches[n, c, i, j, u, v] * W[o, c, u, v]
    out = np.einsum("ncijuv,ocuv->noij", patches, W, optimize=True)
    return out if b is None else out + b[:, None, None]
# --8<-- [end:conv2d_windows]


# --8<-- [start:im2col]
def im2col(x: ArrayLike, k_h: int, k_w: int, stride: IntPair = 1, padding: IntPair = 0) -> Array:
    """Every patch a row: (N, C_in, H_in, W_in) -> (N H_out W_out, C_in k_h k_w).

    Row (n, i, j) holds the patch the filter sees at output position (i, j) of
    image n, flattened in the order (c, u, v), the order of W[o].ravel(). Where
    patches overlap (stride < kernel) pixels are copied several times: im2col
    trades memory for one large matrix product, which BLAS does fast.
    """
    (s_h, s_w), (p_h, p_w) = _pair(stride), _pair(padding)
    x_pad = pad(x, (p_h, p_w))
    N, C_in = x_pad.shape[:2]
    patches = sliding_window_view(x_pad, (k_h, k_w), axis=(2, 3))[:, :, ::s_h, ::s_w]
    H_out, W_out = patches.shape[2:4]
    # (N, C_in, H_out, W_out, k_h, k_w) -> (N, H_out, W_out, C_in, k_h, k_w): rows, then columns
    return patches.transpose(0, 2, 3, 1, 4, 5).reshape(N * H_out * W_out, C_in * k_h * k_w)


def col2im(cols: ArrayLike, x_shape: tuple[int, ...], k_h: int, k_w: int,
           stride: IntPair = 1, padding: IntPair = 0) -> Array:
    """The adjoint of im2col: add every row back onto the pixels it was copied from.

    cols: (N H_out W_out, C_in k_h k_w) -> (N, C_in, H_in, W_in). A pixel that
    im2col copied into several patches collects the sum of their entries, which
    is exactly what the chain rule asks of a gradient. Padding is cut off.
    """
    (s_h, s_w), (p_h, p_w) = _pair(stride), _pair(padding)
    N, C_in, H_in, W_in = x_shape
    H_out, W_out = conv_output_size(H_in, k_h, p_h, s_h), conv_output_size(W_in, k_w, p_w, s_w)
    # (N H_out W_out, C_in k_h k_w) -> (N, C_in, k_h, k_w, H_out, W_out)
    c = np.asarray(cols, dtype=np.float64).reshape(N, H_out, W_out, C_in, k_h, k_w).transpose(0, 3, 4, 5, 1, 2)
    x_pad = np.zeros((N, C_in, H_in + 2 * p_h, W_in + 2 * p_w))
    for u in range(k_h):  # one filter offset at a time: k_h k_w strided additions
        for v in range(k_w):
            # filter tap (u, v) of output (i, j) sat on padded pixel (s_h i + u, s_w j + v)
            x_pad[:, :, u:u + s_h * H_out:s_h, v:v + s_w * W_out:s_w] += c[:, :, u, v]
    return x_pad[:, :, p_h:p_h + H_in, p_w:p_w + W_in]
# --8<-- [end:im2col]


# --8<-- [start:conv2d]
def conv2d(x: ArrayLike, W: ArrayLike, b: ArrayLike | None = None,
           stride: IntPair = 1, padding: IntPair = 0) -> Array:
    """Convolution as one matrix product: (N, C_in, H_in, W_in) -> (N, C_out, H_out, W_out).

    With the patches as rows of X_col (N H_out W_out, C_in k_h k_w) and the
    filters as rows of W_row (C_out, C_in k_h k_w), all outputs at once are
    X_col @ W_row^T: (N H_out W_out, C_out), then put back in NCHW order.
    """
    x, W = np.asarray(x, dtype=np.float64), np.asarray(W, dtype=np.float64)
    b = None if b is None else np.asarray(b, dtype=np.float64)
    _check(x, W, b)
    (s_h, s_w), (p_h, p_w) = _pair(stride), _pair(padding)
    N, _, H_in, W_in = x.shape
    C_out, _, k_h, k_w = W.shape
    H_out, W_out = conv_output_size(H_in, k_h, p_h, s_h), conv_output_size(W_in, k_w, p_w, s_w)
    X_col = im2col(x, k_h, k_w, stride, padding)
    out = X_col @ W.reshape(C_out, -1).T
    if b is not None:
        out += b  # (N H_out W_out, C_out) + (C_out,): one bias per column
    return out.reshape(N, H_out, W_out, C_out).transpose(0, 3, 1, 2)
# --8<-- [end:conv2d]


# --8<-- [start:conv2d_backward]
def conv2d_backward(dout: ArrayLike, x: ArrayLike, W: ArrayLike, stride: IntPair = 1,
                    padding: IntPair = 0) -> tuple[Array, Array, Array]:
    """Gradients of a loss J through out = conv2d(x, W, b, stride, padding).

    dout: dJ/dout, (N, C_out, H_out, W_out); x and W as in the forward pass
    (the cache). Returns (dx, dW, db) with the shapes of x, W and b. Since
    out_mat = X_col @ W_row^T + b is a dense layer applied to every patch:
      dW_row = dout_mat^T @ X_col    (every position adds its patch: sharing)
      db     = dout summed over N, H_out, W_out
      dX_col = dout_mat @ W_row,     then col2im adds overlapping patches back.
    """
    x, W = np.asarray(x, dtype=np.float64), np.asarray(W, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    C_out, _, k_h, k_w = W.shape
    # (N, C_out, H_out, W_out) -> (N H_out W_out, C_out): the rows of out_mat
    dout_mat = dout.transpose(0, 2, 3, 1).reshape(-1, C_out)
    X_col = im2col(x, k_h, k_w, stride, padding)
    dW = (dout_mat.T @ X_col).reshape(W.shape)
    db = dout.sum(axis=(0, 2, 3))
    dx = col2im(dout_mat @ W.reshape(C_out, -1), x.shape, k_h, k_w, stride, padding)
    return dx, dW, db
# --8<-- [end:conv2d_backward]


# --8<-- [start:edge_filters]
SOBEL_X = np.array([[-1.0, 0.0, 1.0],
                    [-2.0, 0.0, 2.0],
                    [-1.0, 0.0, 1.0]])
"""Responds to intensity rising from left to right: finds vertical edges.

Unflipped, as conv2d uses it: a dark-to-bright step seen left to right gives a
positive response, bright-to-dark a negative one, a flat region 0 (the entries
sum to 0). The middle row counts twice, smoothing along the edge."""

SOBEL_Y = SOBEL_X.T.copy()
"""Responds to intensity rising from top to bottom: finds horizontal edges."""

LAPLACIAN = np.array([[0.0, 1.0, 0.0],
                      [1.0, -4.0, 1.0],
                      [0.0, 1.0, 0.0]])
"""The sum of second differences: 0 on flat regions and linear ramps, large at corners and thin lines."""

BOX_BLUR = np.full((3, 3), 1.0 / 9.0)
"""The mean of a 3 x 3 patch: smooths, keeps a flat region's value."""


def sobel(x: ArrayLike) -> Array:
    """The two Sobel feature maps of grey images: (N, 1, H, W) -> (N, 2, H, W).

    Channel 0 is the response to SOBEL_X (vertical edges), channel 1 to SOBEL_Y
    (horizontal edges); padding 1 keeps the size. The edge strength is
    sqrt(G_x^2 + G_y^2), e.g. np.hypot(*sobel(x)[0]).
    """
    W = np.stack([SOBEL_X, SOBEL_Y])[:, None]  # (C_out=2, C_in=1, 3, 3)
    return conv2d(x, W, None, stride=1, padding=1)
# --8<-- [end:edge_filters]

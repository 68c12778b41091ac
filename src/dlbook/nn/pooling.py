"""Max and average pooling, forward and backward (chapter 11).

Pooling slides a k x k window with stride s over every channel on its own and
keeps one number per window: the largest (max pooling) or the mean (average
pooling). It has no parameters; it shrinks the feature maps (k = s = 2 halves
height and width) and makes the output care less about exactly where in a
window a feature fired. Shapes as torch's: x: (N, C, H_in, W_in) ->
(N, C, H_out, W_out), H_out = floor((H_in - k) / s) + 1 (no padding). The
stride defaults to the kernel size, torch's default: windows that tile the
input without overlap. Everything is float64 numpy.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from dlbook.nn.conv import conv_output_size

Array = NDArray[np.float64]


def _windows(x: Array, k: int, s: int) -> Array:
    """A view of every window the pool takes: (N, C, H_out, W_out, k, k), no copy."""
    if x.ndim != 4:
        raise ValueError(f"x must be (N, C, H, W), got shape {x.shape}")
    conv_output_size(x.shape[2], k, 0, s)  # raises if the window does not fit
    conv_output_size(x.shape[3], k, 0, s)
    return sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::s, ::s]


# --8<-- [start:max_pool2d]
def max_pool2d(x: ArrayLike, k: int = 2, stride: int | None = None) -> Array:
    """The largest entry of every k x k window: (N, C, H_in, W_in) -> (N, C, H_out, W_out)."""
    x = np.asarray(x, dtype=np.float64)
    return _windows(x, k, stride or k).max(axis=(4, 5))


def max_pool2d_backward(dout: ArrayLike, x: ArrayLike, k: int = 2,
                        stride: int | None = None) -> Array:
    """dJ/dx through max pooling, (N, C, H_in, W_in), from dout = dJ/dout.

    Within a window the output *is* its largest entry, so the derivative is 1
    for that entry (the argmax) and 0 for every other: each window routes its
    gradient to one input. On a tie the first maximum in row-major order takes
    it, as torch does. Overlapping windows (stride < k) may pick the same
    input; its gradient is then the sum.
    """
    x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
    s = stride or k
    win = _windows(x, k, s)
    N, C, H_out, W_out = win.shape[:4]
    flat = win.reshape(N, C, H_out, W_out, k * k).argmax(axis=-1)  # first max wins
    u, v = np.divmod(flat, k)  # the argmax's row and column inside its window
    rows = s * np.arange(H_out)[:, None] + u  # ... and in the input
    cols = s * np.arange(W_out)[None, :] + v
    n, c = np.arange(N)[:, None, None, None], np.arange(C)[None, :, None, None]
    dx = np.zeros_like(x)
    # add.at, not +=: with overlapping windows one input can be the argmax of several
    np.add.at(dx, (n, c, rows, cols), dout)
    return dx
# --8<-- [end:max_pool2d]


# --8<-- [start:avg_pool2d]
def avg_pool2d(x: ArrayLike, k: int = 2, stride: int | None = None) -> Array:
    """The mean of every k x k window: (N, C, H_in, W_in) -> (N, C, H_out, W_out)."""
    x = np.asarray(x, dtype=np.float64)
    return _windows(x, k, stride or k).mean(axis=(4, 5))


def avg_pool2d_backward(dout: ArrayLike, x_shape: tuple[int, ...], k: int = 2,
                        stride: int | None = None) -> Array:
    """dJ/dx through average pooling, (N, C, H_in, W_in) = x_shape, from dout.

    Every entry of a window counts 1/k^2 towards its mean, so each window
    spreads its gradient evenly: dout / k^2 to each of its k^2 inputs. Inputs
    shared by overlapping windows add up; inputs no window covers (past the
    last full window) get 0. Only x's shape is needed, not its values.
    """
    dout = np.asarray(dout, dtype=np.float64)
    s = stride or k
    N, C, H_out, W_out = dout.shape
    dx = np.zeros(x_shape)
    for u in range(k):  # one window offset at a time: k^2 strided additions
        for v in range(k):
            dx[:, :, u:u + s * H_out:s, v:v + s * W_out:s] += dout / (k * k)
    return dx
# --8<-- [end:avg_pool2d]

"""Small images for Part III: scikit-learn's 8 x 8 digits and images the book draws.

Every image set comes as float64 arrays in torch's layout, (N, 1, H, W): N
images of one (grey) channel, pixel values in [0, 1], with integer labels (N,).
Nothing is downloaded: the digits ship inside scikit-learn (1,797 scans of
handwritten digits, 17 grey levels, about 180 per class), the rest is drawn
here from a seed, so a figure is the same on every build.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlbook.data.batching import split

Array = NDArray[np.float64]
Labelled = tuple[Array, NDArray[np.int64]]


# --8<-- [start:digits]
def digits(test_fraction: float = 0.2, seed: int = 0) -> tuple[Labelled, Labelled]:
    """scikit-learn's handwritten digits as ((X_train, y_train), (X_test, y_test)).

    X: (N, 1, 8, 8) float64 in [0, 1] (the scans have 17 grey levels, 0..16,
    divided by 16), y: (N,) int64 digits 0..9. One shuffle with `seed` cuts the
    1,797 images into train and test, so the split is the same on every run.
    """
    try:
        from sklearn.datasets import load_digits  # imported here: `import dlbook.data` stays light
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("dlbook.data.images.digits needs scikit-learn, which ships the "
                          "8x8 digits: pip install scikit-learn") from e
    bunch = load_digits()
    X = (bunch.images / 16.0).astype(np.float64)[:, None]  # (1797, 8, 8) -> (1797, 1, 8, 8)
    y = bunch.target.astype(np.int64)
    train, test = split(X, y, (1.0 - test_fraction, test_fraction), seed=seed)
    return (train[0], train[1]), (test[0], test[1])
# --8<-- [end:digits]


# --8<-- [start:shift]
def shift(images: ArrayLike, dx: int = 1, dy: int = 0) -> Array:
    """Move every image dx pixels right and dy pixels down: (..., H, W) -> (..., H, W).

    Negative dx moves left, negative dy up. Pixels pushed past the edge are
    lost and the uncovered border is filled with 0 (background), unlike
    np.roll, which would wrap them round to the other side.
    """
    x = np.asarray(images, dtype=np.float64)
    H, W = x.shape[-2:]
    out = np.zeros_like(x)
    if abs(dx) >= W or abs(dy) >= H:
        return out  # moved out of the frame entirely
    # source rows/columns [a, b) land on target rows/columns [a + d, b + d)
    src_r, dst_r = slice(max(0, -dy), H - max(0, dy)), slice(max(0, dy), H - max(0, -dy))
    src_c, dst_c = slice(max(0, -dx), W - max(0, dx)), slice(max(0, dx), W - max(0, -dx))
    out[..., dst_r, dst_c] = x[..., src_r, src_c]
    return out
# --8<-- [end:shift]


# --8<-- [start:generated]
def stripes(n: int = 200, size: int = 8, seed: int = 0) -> Labelled:
    """Striped images, label 0 for vertical stripes, 1 for horizontal: ((n, 1, size, size), (n,)).

    Each image gets a random period (2, 3 or 4 pixels, one of them bright) and
    phase; the label depends only on the direction, which a single 3 x 3
    Sobel filter can read and no single pixel can.
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    period = rng.integers(2, 5, size=n)
    phase = rng.integers(0, 4, size=n)
    pos = np.arange(size)
    # lines[i, p] = 1 on the bright lines of image i, along the varying axis
    lines = ((pos[None, :] + phase[:, None]) % period[:, None] == 0).astype(np.float64)
    vertical = np.broadcast_to(lines[:, None, :], (n, size, size))   # varies along the width
    horizontal = np.broadcast_to(lines[:, :, None], (n, size, size))  # varies along the height
    X = np.where(y[:, None, None] == 0, vertical, horizontal)
    return X[:, None].copy(), y.astype(np.int64)


def shapes(n: int = 200, size: int = 8, seed: int = 0) -> Labelled:
    """Outlined squares (label 0) and crosses (label 1) at random places and sizes.

    ((n, 1, size, size), (n,)). The side L is 3, 4 or 5 pixels (size >= 5); a
    cross is a horizontal and a vertical bar of length L through the middle of
    its L x L box. Where the shape sits is random: what tells the classes apart
    is the local pattern, the same wherever it appears.
    """
    if size < 5:
        raise ValueError(f"size must be at least 5, got {size}")
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    X = np.zeros((n, 1, size, size))
    for i in range(n):
        L = int(rng.integers(3, 6))
        r, c = rng.integers(0, size - L + 1, size=2)
        box = X[i, 0, r:r + L, c:c + L]  # a view: drawing in it draws in X
        if y[i] == 0:
            box[[0, -1], :] = 1.0
            box[:, [0, -1]] = 1.0
        else:
            box[L // 2, :] = 1.0
            box[:, L // 2] = 1.0
    return X, y.astype(np.int64)


def edge_image(size: int = 16, inner: int | None = None) -> Array:
    """A bright square on a dark background: (1, 1, size, size), values 0 and 1.

    The square (side `inner`, default size // 2) sits in the middle, so the
    image has two vertical and two horizontal edges, one of each kind rising
    from dark to bright and one falling: a test card for edge filters.
    """
    inner = size // 2 if inner is None else inner
    if not 0 < inner <= size:
        raise ValueError(f"inner must lie in 1..{size}, got {inner}")
    x = np.zeros((1, 1, size, size))
    a = (size - inner) // 2
    x[0, 0, a:a + inner, a:a + inner] = 1.0
    return x
# --8<-- [end:generated]

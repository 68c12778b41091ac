"""Synthetic data sets the book generates itself: nothing is downloaded.

Every generator takes a seed, so a figure in the book is the same on every build.
Labels are integers in {0, 1}; inputs are float64 arrays of shape (n, 2).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def xor(n: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[NDArray, NDArray]:
    """Points scattered around the four corners of the unit square, labelled x_1 XOR x_2."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2))
    X = corners + rng.normal(0.0, noise, size=(n, 2))
    y = corners[:, 0] ^ corners[:, 1]
    return X, y


def blobs(n: int = 200, distance: float = 4.0, spread: float = 0.5,
          seed: int = 0) -> tuple[NDArray, NDArray]:
    """Two round Gaussian clouds (std `spread`) whose centres are `distance` apart.

    The centres sit on the diagonal x_1 = x_2. With distance / spread >= 8 the two
    clouds are linearly separable with high probability (a point must stray 4 std
    to cross the middle); the book uses them to show what one perceptron can do.
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    offset = distance / 2 / np.sqrt(2.0)
    centres = np.array([[-offset, -offset], [offset, offset]])
    X = centres[y] + rng.normal(0.0, spread, size=(n, 2))
    return X, y

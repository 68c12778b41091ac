"""Synthetic data sets the book generates itself: nothing is downloaded.

Every generator takes a seed, so a figure in the book is the same on every build.
Classification sets have integer labels in {0, 1} and float64 inputs of shape (n, 2);
`sine` is a regression set; `split` cuts any set into train / validation / test.
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


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> tuple[NDArray, NDArray]:
    """Two interleaving half circles (as scikit-learn's make_moons): class 0 on the upper
    arc centred at (0, 0), class 1 on the lower arc centred at (1, 0.5)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    t = rng.uniform(0.0, np.pi, size=n)
    X = np.where(y[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)]))
    return X + rng.normal(0.0, noise, size=(n, 2)), y


def spirals(n: int = 300, turns: float = 1.5, noise: float = 0.05,
            seed: int = 0) -> tuple[NDArray, NDArray]:
    """Two interleaved spirals, a classic task no linear model (and no shallow net with
    few units) can fit: class k winds from the centre, rotated by k * pi."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    r = rng.uniform(0.1, 1.0, size=n)
    angle = 2 * np.pi * turns * r + np.pi * y
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    return X + rng.normal(0.0, noise, size=(n, 2)), y


def sine(n: int = 40, noise: float = 0.2, seed: int = 0) -> tuple[NDArray, NDArray]:
    """Regression: x uniform in [-3, 3] (shape (n, 1)), y = sin(x) + Gaussian noise (shape (n,)).

    Few points and real noise make it the book's standard task for over- and underfitting.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3.0, 3.0, size=(n, 1))
    return x, np.sin(x[:, 0]) + rng.normal(0.0, noise, size=n)

"""The training loop shared by every chapter from chapter 5 on.

Plain torch and numpy; later chapters add GPU concerns on top of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import numpy as np

A = TypeVar("A")  # a numpy array or a torch tensor: anything indexable by an index array


# --8<-- [start:batches]
def batches(X: A, y: A, batch_size: int, *, shuffle: bool = True,
            rng: np.random.Generator | None = None) -> Iterator[tuple[A, A]]:
    """One epoch of mini-batches (X[idx], y[idx]) covering every example exactly once.

    batch_size = len(X) gives full-batch gradient descent, 1 gives single-example SGD.
    With shuffle, each epoch visits the examples in a fresh random order drawn from
    `rng` (pass a seeded Generator for reproducible runs); the last batch may be smaller.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X has {n} examples but y has {len(y)}")
    order = (rng or np.random.default_rng()).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
# --8<-- [end:batches]

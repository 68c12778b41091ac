"""Cutting a data set into parts and an epoch into mini-batches (chapters 5 and 6).

``split`` shuffles once and cuts train / validation / test; ``batches`` yields the
mini-batches of one epoch. Both work on numpy arrays and torch tensors alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray


class Indexable(Protocol):
    """A numpy array or a torch tensor: anything with a length, indexable by an index array."""

    def __len__(self) -> int: ...
    def __getitem__(self, idx: Any) -> Any: ...


A = TypeVar("A", bound=Indexable)


def split(X: NDArray, y: NDArray, fractions: tuple[float, ...] = (0.6, 0.2, 0.2),
          seed: int = 0) -> list[tuple[NDArray, NDArray]]:
    """Shuffle once and cut into parts (e.g. train / validation / test) of the given fractions."""
    if not np.isclose(sum(fractions), 1.0):
        raise ValueError(f"fractions must sum to 1, got {sum(fractions)}")
    order = np.random.default_rng(seed).permutation(len(X))
    cuts = np.round(np.cumsum(fractions)[:-1] * len(X)).astype(int)
    return [(X[idx], y[idx]) for idx in np.split(order, cuts)]


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

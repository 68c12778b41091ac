"""The reverse task (chapter 10): read a sequence of symbols, write it backwards.

Every output position t must copy input position T - 1 - t, so the task tests
exactly what attention does and what it needs: look up one position by where it
is, not by what it holds. Without a positional encoding a self-attention layer
sees the input as a bag of symbols and can do little better than guess the most
frequent one; with it, one layer and one head learn the task, and the attention
weights draw the anti-diagonal.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


# --8<-- [start:reverse_task]
def reverse_task(n: int, length: int = 16, alphabet: int = 10,
                 seed: int = 0) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """n sequences of `length` symbols drawn uniformly from {0, ..., alphabet - 1}.

    Returns inputs (n, length) and targets (n, length) = inputs reversed along
    the sequence axis, both int64 (``torch.from_numpy`` makes them token ids).
    """
    rng = np.random.default_rng(seed)
    inputs = rng.integers(0, alphabet, size=(n, length), dtype=np.int64)
    return inputs, inputs[:, ::-1].copy()
# --8<-- [end:reverse_task]

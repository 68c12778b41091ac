"""Tokens as vectors: one-hot encoding and a learned embedding (chapter 7).

A token with index i among V becomes a vector in one of two ways. One-hot: the
V-vector e_i, all zeros but a 1 at i; it says which token, and nothing about
which tokens are alike. Embedding: row i of a learned matrix E: (V, d), usually
with d much smaller than V. The two are the same computation: one_hot(i) @ E
picks out row i of E, so an embedding is a linear layer on one-hot inputs,
computed by indexing instead of multiplying by zeros.

Its gradient follows: only the rows that were looked up receive gradient, and
a row looked up k times receives the sum of its k gradients (a scatter-add).
"""

from __future__ import annotations

import numpy as np
import torch
from numpy.typing import ArrayLike, NDArray
from torch import Tensor, nn

from dlbook.nn import losses

Array = NDArray[np.float64]


# --8<-- [start:one_hot]
def one_hot(ids: ArrayLike, V: int) -> Array:
    """Token indices of any shape (...) -> (..., V) one-hot vectors, float64.

    Chapter 3's ``dlbook.nn.losses.one_hot`` encodes a vector of class labels;
    a batch of sequences (batch, T) is flattened into one, then reshaped back.
    """
    ids = np.asarray(ids)
    return losses.one_hot(ids.reshape(-1), V).reshape(*ids.shape, V)
# --8<-- [end:one_hot]


# --8<-- [start:embedding]
def embedding(ids: ArrayLike, E: ArrayLike) -> Array:
    """Look up rows: ids (...) of indices in 0..V-1, E: (V, d) -> (..., d).

    Equal to one_hot(ids, V) @ E, without the multiplications by zero.
    """
    return np.asarray(E, dtype=np.float64)[np.asarray(ids)]


def embedding_grad(ids: ArrayLike, dY: ArrayLike, V: int) -> Array:
    """dJ/dE: (V, d), from dY = dJ/dY: (..., d), the gradient at the looked-up rows.

    Row i of dJ/dE is the sum of dY over every position where ids == i (and 0
    for tokens that never occur). ``np.add.at`` adds once per occurrence, where
    ``dE[ids] += dY`` would keep only one of a repeated index's additions.
    """
    ids, dY = np.asarray(ids), np.asarray(dY, dtype=np.float64)
    dE = np.zeros((V, dY.shape[-1]))
    np.add.at(dE, ids.reshape(-1), dY.reshape(-1, dY.shape[-1]))
    return dE
# --8<-- [end:embedding]


# --8<-- [start:Embedding]
class Embedding(nn.Module):
    """A learned embedding in torch: the parameter E: (V, d), drawn from N(0, 1)
    like ``torch.nn.Embedding``'s. forward: ids (...) int64 -> (..., d).
    Autograd derives the scatter-add of `embedding_grad` by itself."""

    def __init__(self, V: int, d: int, dtype: torch.dtype | None = None) -> None:
        super().__init__()
        self.E = nn.Parameter(torch.randn(V, d, dtype=dtype))

    def forward(self, ids: Tensor) -> Tensor:
        return self.E[ids]
# --8<-- [end:Embedding]

"""Sampling from a language model, and measuring one by perplexity (chapters 7 and 9).

A language model gives, at every step, logits z over the V tokens. Sampling
draws the next token from softmax(z / tau), where the temperature tau reshapes
the distribution without changing its order: tau = 1 samples the model's own
probabilities, tau < 1 sharpens them towards the most likely token (tau -> 0:
always the argmax, "greedy"), tau > 1 flattens them towards uniform.

Perplexity is e^J for the mean cross-entropy J (in nats) on held-out text: the
number of tokens the model is, on average, as unsure as a uniform choice
among. A model that predicts uniformly over V tokens has perplexity exactly V;
a perfect one has 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from numpy.typing import ArrayLike, NDArray
from torch import Tensor

from dlbook.nn.losses import softmax, softmax_cross_entropy

Array = NDArray[np.float64]


# --8<-- [start:sample]
def softmax_with_temperature(logits: ArrayLike, temperature: float) -> Array:
    """softmax(z / tau) over the last axis: (..., V) -> (..., V) probabilities."""
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0 here, got {temperature}")
    return softmax(np.asarray(logits, dtype=np.float64) / temperature)


def sample(logits: ArrayLike, temperature: float = 1.0,
           rng: np.random.Generator | None = None) -> NDArray[np.int64]:
    """Draw one token per row of logits (..., V) from softmax(z / tau) -> (...) int64.

    temperature = 0 returns the argmax, the limit of tau -> 0. Drawing is by
    the inverse of the cumulative distribution: with u uniform in [0, P_V),
    token k is the first whose cumulative probability P_k exceeds u.
    (``int(sample(z))`` for a single (V,) row.)
    """
    z = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(z, axis=-1).astype(np.int64)
    cdf = np.cumsum(softmax_with_temperature(z, temperature), axis=-1)
    # u below the last cumulative sum (about 1, up to rounding): never past the end
    u = (rng or np.random.default_rng()).random(z.shape[:-1] + (1,)) * cdf[..., -1:]
    return np.sum(cdf <= u, axis=-1).astype(np.int64)
# --8<-- [end:sample]


# --8<-- [start:perplexity]
def perplexity(mean_cross_entropy: float) -> float:
    """e^J, J the mean cross-entropy per token in nats (natural log)."""
    return math.exp(mean_cross_entropy)


def perplexity_of_logits(logits: ArrayLike, targets: ArrayLike) -> float:
    """Perplexity of logits (..., V) on the integer targets (...) they predict."""
    z = np.asarray(logits, dtype=np.float64)
    return perplexity(softmax_cross_entropy(z.reshape(-1, z.shape[-1]), np.asarray(targets).reshape(-1)))
# --8<-- [end:perplexity]


# --8<-- [start:generate]
LanguageModel = Callable[[Tensor, Any], tuple[Tensor, Any]]
"""ids (1, t) int64 and a state (None at first) -> logits (1, t, V) and the next state,
as `dlbook.nn.rnn.RNNLanguageModel`."""


@torch.no_grad()
def generate(model: LanguageModel, prompt: ArrayLike, n: int, temperature: float = 1.0,
             rng: np.random.Generator | None = None) -> NDArray[np.int64]:
    """n new token ids (n,) continuing the prompt (a non-empty sequence of ids).

    The prompt is read once; then each sampled token is fed back in, alone,
    with the state, so every step costs one cell update (not a re-read of the
    whole text). Pass a seeded rng for a reproducible sample.
    """
    rng = rng or np.random.default_rng()
    ids = torch.as_tensor(np.asarray(prompt, dtype=np.int64))[None]  # (1, t)
    logits, state = model(ids, None)
    out = np.empty(n, dtype=np.int64)
    for k in range(n):
        out[k] = sample(logits[0, -1].double().numpy(), temperature, rng)
        if k + 1 < n:
            logits, state = model(torch.tensor([[out[k]]]), state)
    return out
# --8<-- [end:generate]

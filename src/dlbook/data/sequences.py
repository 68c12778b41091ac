"""Generated sequence tasks whose answer needs memory, exactly (chapters 8 to 10).

Each task says how far back the answer lies, so a model's success or failure
measures how long it remembers: the adding problem (two marked numbers among
T), the delayed copy (recall T symbols after a gap), and numbers written in
words (a translation whose source and target differ in length). The reverse
task of chapter 10 lives in :mod:`dlbook.data.reverse`. Sequences are batch
first: (n, length) for tokens, (n, T, 2) for the adding problem's two
channels. Every generator takes a seed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

BLANK = 0
"""The token of the copy task that carries no information."""


# --8<-- [start:adding_problem]
def adding_problem(n: int, T: int, seed: int = 0) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The adding problem (Hochreiter and Schmidhuber, 1997; in this form Le et al., 2015).

    Returns X: (n, T, 2) and y: (n,). Channel 0 holds T numbers drawn uniformly
    from [0, 1); channel 1 marks two of them with a 1, one in the first half
    and one in the second; y is the sum of the two marked numbers. The first
    marked number lies up to T - 1 steps before the end. Always predicting 1
    (the mean of y) has a mean squared error of 1/6 (the variance of a sum of
    two uniforms): a model must beat that to have remembered anything.
    """
    if T < 2:
        raise ValueError(f"T must be >= 2, got {T}")
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(n, T))
    half = T // 2
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, T, size=n)
    markers = np.zeros((n, T))
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    y = values[rows, first] + values[rows, second]
    return np.stack([values, markers], axis=-1), y
# --8<-- [end:adding_problem]


# --8<-- [start:delayed_copy]
def delayed_copy(n: int, T: int, delay: int, alphabet: int = 8,
                 seed: int = 0) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The copy-memory task (Hochreiter and Schmidhuber, 1997; Arjovsky et al., 2016).

    Tokens: BLANK = 0, symbols 1..alphabet, GO = alphabet + 1 (vocabulary size
    alphabet + 2). Returns inputs X and targets Y, both (n, 2 T + delay):

        X = s_1 ... s_T   BLANK x (delay - 1)   GO   BLANK x T
        Y = BLANK x (T + delay)                      s_1 ... s_T

    The T random symbols must be reproduced after the GO marker, each exactly
    T + delay steps after it was seen. A model without memory can at best
    output BLANK, then guess uniformly: a mean cross-entropy of
    T log(alphabet) / (2 T + delay) per step.
    """
    if T < 1 or delay < 1 or alphabet < 1:
        raise ValueError(f"T, delay and alphabet must be >= 1, got {T}, {delay}, {alphabet}")
    rng = np.random.default_rng(seed)
    symbols = rng.integers(1, alphabet + 1, size=(n, T))
    X = np.full((n, 2 * T + delay), BLANK, dtype=np.int64)
    Y = np.full_like(X, BLANK)
    X[:, :T] = symbols
    X[:, T + delay - 1] = alphabet + 1   # GO: "start reproducing now"
    Y[:, T + delay:] = symbols
    return X, Y
# --8<-- [end:delayed_copy]


# --8<-- [start:number_words]
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(k: int) -> str:
    """0 <= k < 1,000,000 in English words: 4321 -> 'four thousand three hundred twenty one'."""
    if not 0 <= k < 1_000_000:
        raise ValueError(f"k must lie in [0, 1000000), got {k}")
    if k < 20:
        return _ONES[k]
    if k < 100:
        return _TENS[k // 10] + ("" if k % 10 == 0 else " " + _ONES[k % 10])
    if k < 1000:
        head, rest = f"{_ONES[k // 100]} hundred", k % 100
    else:
        head, rest = f"{number_words(k // 1000)} thousand", k % 1000
    return head if rest == 0 else f"{head} {number_words(rest)}"


def readable_numbers(n: int, max_value: int = 9999, seed: int = 0) -> list[tuple[str, str]]:
    """n pairs (words, digits), e.g. ('forty two', '42'), for k uniform in [0, max_value]:
    a translation task whose source and target differ in length and order."""
    ks = np.random.default_rng(seed).integers(0, max_value + 1, size=n)
    return [(number_words(int(k)), str(int(k))) for k in ks]
# --8<-- [end:number_words]

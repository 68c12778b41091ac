"""Text as numbers, for next-token prediction (chapter 7).

The corpus ships with Python itself, so nothing is downloaded: the standard
library's ``pydoc_data.topics`` holds the text of ``help()``'s topics, about
465,000 characters of English prose. `documentation_text` cleans it down to 27
symbols (a-z and the space); a `Vocabulary` numbers the symbols; the numbered
text is cut into (input, target) windows whose targets are the inputs shifted
by one step, since at every position the model predicts the next token.

Shapes: ids are int64 arrays; a batch of windows is (batch, T), batch first,
like every sequence in the book (see :mod:`dlbook.nn.rnn`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np
from numpy.typing import ArrayLike, NDArray

Ids = NDArray[np.int64]


# --8<-- [start:documentation_text]
def clean(text: str) -> str:
    """Lower-case, keep the letters a-z and the space; any other run of
    characters (digits, punctuation, newlines, several spaces) becomes one space."""
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def documentation_text() -> str:
    """Python's own documentation (``pydoc_data.topics``), cleaned to 27 symbols.

    Topics are joined in sorted order, so the text is the same on every run of
    a given Python version (other versions ship slightly different prose).
    """
    from pydoc_data.topics import topics  # the standard library: no download

    return clean("\n".join(topics[name] for name in sorted(topics)))
# --8<-- [end:documentation_text]


# --8<-- [start:vocabulary]
class Vocabulary:
    """A numbering of the distinct tokens (here: characters) of a text.

    ``tokens[i]`` is the token with index i (sorted, so the numbering depends
    only on the set of tokens); ``index[token]`` is its number.
    """

    def __init__(self, tokens: Iterable[str]) -> None:
        self.tokens: list[str] = sorted(set(tokens))
        self.index: dict[str, int] = {tok: i for i, tok in enumerate(self.tokens)}

    @classmethod
    def from_text(cls, text: str) -> Vocabulary:
        """The vocabulary of a text's characters."""
        return cls(text)

    @property
    def size(self) -> int:
        """V, the number of tokens: the width of a one-hot vector."""
        return len(self.tokens)

    def __len__(self) -> int:
        return self.size

    def encode(self, text: str) -> Ids:
        """Characters -> (len(text),) int64 indices; an unknown one raises KeyError."""
        try:
            return np.array([self.index[ch] for ch in text], dtype=np.int64)
        except KeyError as err:
            raise KeyError(f"{err.args[0]!r} is not in the vocabulary") from None

    def decode(self, ids: ArrayLike) -> str:
        """Indices, any iterable of ints (or a 1-D array) -> the text they spell."""
        return "".join(self.tokens[int(i)] for i in np.asarray(ids).reshape(-1))
# --8<-- [end:vocabulary]


# --8<-- [start:windows]
def next_token_windows(ids: ArrayLike, T: int, stride: int | None = None) -> tuple[Ids, Ids]:
    """Cut a long sequence into (inputs, targets) windows of length T.

    ids: (N,). Window i starts at s = i * stride (stride T by default: windows
    side by side, no overlap); inputs[i] = ids[s : s + T] and
    targets[i] = ids[s + 1 : s + T + 1], the same window shifted by one, so
    targets[i, t] is the token that follows inputs[i, t].
    Returns two (n, T) arrays, n = (N - 1 - T) // stride + 1 (0 if N <= T).
    """
    ids = np.asarray(ids, dtype=np.int64)
    stride = T if stride is None else stride
    if T < 1 or stride < 1:
        raise ValueError(f"T and stride must be >= 1, got {T}, {stride}")
    starts = np.arange(0, len(ids) - T, stride)   # the last target is ids[s + T]
    idx = starts[:, None] + np.arange(T)           # (n, T)
    return ids[idx], ids[idx + 1]
# --8<-- [end:windows]


# --8<-- [start:random_windows]
def random_windows(ids: ArrayLike, T: int, batch_size: int,
                   rng: np.random.Generator) -> tuple[Ids, Ids]:
    """One training batch: (inputs, targets), each (batch_size, T), of windows
    starting at uniformly random positions of ids (N,), targets shifted by one.

    Why random windows: each batch is a fresh, nearly independent sample of
    the text, so a training run is a fixed number of steps rather than epochs,
    and every window starts from the zero state (no state carried between
    batches, so nothing couples one step's gradient to the last).
    """
    ids = np.asarray(ids, dtype=np.int64)
    if len(ids) <= T:
        raise ValueError(f"need more than T = {T} tokens, got {len(ids)}")
    starts = rng.integers(0, len(ids) - T, size=batch_size)
    idx = starts[:, None] + np.arange(T)
    return ids[idx], ids[idx + 1]
# --8<-- [end:random_windows]


# --8<-- [start:stream_batches]
def stream_batches(ids: ArrayLike, T: int, batch_size: int) -> Iterator[tuple[Ids, Ids]]:
    """Contiguous streams for truncated BPTT (chapter 8): (inputs, targets),
    each (batch_size, T), where row b of each batch continues row b of the last.

    The text is cut into batch_size equal streams, one per row; batch k holds
    tokens k T ... (k + 1) T - 1 of every stream. Carrying the final hidden
    state of one batch into the next then continues each row's text exactly,
    so the model can use context longer than T while backpropagation still
    stops after T steps. One pass over the text; a short tail is dropped.
    """
    ids = np.asarray(ids, dtype=np.int64)
    length = (len(ids) - 1) // batch_size          # tokens per stream (+1 for the target)
    rows = np.arange(batch_size)[:, None] * length  # where each stream starts
    for start in range(0, length - T + 1, T):
        idx = rows + start + np.arange(T)
        yield ids[idx], ids[idx + 1]
# --8<-- [end:stream_batches]

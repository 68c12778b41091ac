"""A recurrent neural network from its equations, in numpy and in torch (chapter 7).

One cell, applied at every time step with the same weights:

    h_t = g(W_hh h_{t-1} + W_xh x_t + b_h)     (g = tanh, or ReLU, or identity)
    y_t = W_hy h_t + b_y

Weights have the chapter's (and torch's) layout, so the equations read as
written: W_xh: (h, d), W_hh: (h, h), b_h: (h,), W_hy: (q, h), b_y: (q,), for
inputs of size d, h hidden units and q outputs. A batch holds one example per
row, so in code the cell computes h_{t-1} W_hh^T + x_t W_xh^T + b_h, which is
the equation above for every row at once.

Sequences are batch first: X: (batch, T, d), H: (batch, T, h), x_t = X[:, t],
the layout of ``torch.nn.RNN(..., batch_first=True)``. A batch of token
windows is (batch, T) already, an embedding lookup turns it into
(batch, T, d), and the logits (batch, T, V) line up with the targets (batch, T).

torch's ``nn.RNN`` keeps two biases, b_ih and b_hh, that only ever appear as
their sum: our b_h = b_ih + b_hh (`params_from_torch`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from numpy.typing import ArrayLike, NDArray
from torch import Tensor, nn

Array = NDArray[np.float64]

# --8<-- [start:nonlinearities]
# g, and g' written in terms of the output h = g(a): all that BPTT needs to keep
NONLINEARITIES: dict[str, tuple[Callable[[Array], Array], Callable[[Array], Array]]] = {
    "tanh": (np.tanh, lambda h: 1.0 - h**2),
    "relu": (lambda a: np.maximum(a, 0.0), lambda h: (h > 0).astype(np.float64)),
    "identity": (lambda a: a, np.ones_like),  # a linear RNN: the theory of chapter 8 is exact
}
# --8<-- [end:nonlinearities]


# --8<-- [start:rnn_cell]
def rnn_cell(x_t: ArrayLike, h_prev: ArrayLike, W_xh: Array, W_hh: Array, b_h: Array,
             nonlinearity: str = "tanh") -> Array:
    """One step, h_t = g(W_hh h_{t-1} + W_xh x_t + b_h), for a batch of rows.

    x_t: (batch, d), h_prev: (batch, h) -> h_t: (batch, h).
    """
    g, _ = NONLINEARITIES[nonlinearity]
    a_t = np.asarray(h_prev) @ W_hh.T + np.asarray(x_t) @ W_xh.T + b_h
    return g(a_t)
# --8<-- [end:rnn_cell]


# --8<-- [start:rnn_layer]
def rnn_layer(X: ArrayLike, h_0: ArrayLike | None, W_xh: Array, W_hh: Array, b_h: Array,
              nonlinearity: str = "tanh") -> Array:
    """The cell unrolled over a batch of sequences, the same weights at every step.

    X: (batch, T, d); h_0: (batch, h), or None for zeros -> H: (batch, T, h),
    H[:, t] = h_t for t = 1..T (index t - 1); the last state is H[:, -1].
    """
    X = np.asarray(X, dtype=np.float64)
    batch, T, _ = X.shape
    h = np.zeros((batch, W_hh.shape[0])) if h_0 is None else np.asarray(h_0, dtype=np.float64)
    H = np.empty((batch, T, W_hh.shape[0]))
    for t in range(T):  # sequential: h_t needs h_{t-1}
        h = rnn_cell(X[:, t], h, W_xh, W_hh, b_h, nonlinearity)
        H[:, t] = h
    return H


def rnn_output(H: Array, W_hy: Array, b_y: Array | None = None) -> Array:
    """y_t = W_hy h_t + b_y at every step: H (batch, T, h) -> Y (batch, T, q)."""
    Y = H @ W_hy.T
    return Y if b_y is None else Y + b_y
# --8<-- [end:rnn_layer]


# --8<-- [start:init_rnn]
def init_rnn(d: int, h: int, q: int, rng: np.random.Generator) -> dict[str, Array]:
    """Parameters W_xh, W_hh, b_h, W_hy, b_y, uniform in [-1/sqrt(h), 1/sqrt(h)] like torch's."""
    k = 1.0 / np.sqrt(h)
    shapes = {"W_xh": (h, d), "W_hh": (h, h), "b_h": (h,), "W_hy": (q, h), "b_y": (q,)}
    return {name: rng.uniform(-k, k, size=shape) for name, shape in shapes.items()}
# --8<-- [end:init_rnn]


# --8<-- [start:identity_init]
def identity_init(h: int, scale: float = 1.0) -> Array:
    """W_hh = scale * I (Le, Jaitly and Hinton, 2015, with ReLU: the "IRNN").

    With b_h = 0, a ReLU and no input, h_t = h_{t-1}: the state (and its
    gradient, backwards) is carried unchanged from step to step, so neither
    vanishes nor explodes until training moves W_hh away from I.
    """
    return scale * np.eye(h)


@torch.no_grad()
def identity_init_(rnn: nn.Module, scale: float = 1.0) -> None:
    """In place: W_hh <- scale I and the recurrent bias <- 0, for our `RNN` or a
    one-layer ``torch.nn.RNN``; the input weights keep their random values."""
    p = dict(rnn.named_parameters())
    if isinstance(rnn, nn.RNN):
        W_hh, biases = p["weight_hh_l0"], [p[b] for b in ("bias_ih_l0", "bias_hh_l0") if b in p]
    else:
        W_hh, biases = p["W_hh"], [p["b_h"]]
    W_hh.copy_(scale * torch.eye(W_hh.shape[0], dtype=W_hh.dtype))
    for b in biases:
        b.zero_()
# --8<-- [end:identity_init]


def params_from_torch(rnn: nn.RNN) -> dict[str, Tensor]:
    """W_xh, W_hh, b_h of a one-layer, one-direction ``torch.nn.RNN`` (detached copies).

    torch computes g(W_ih x + b_ih + W_hh h + b_hh): its W_ih is our W_xh, its
    W_hh ours, and b_h = b_ih + b_hh, since only the sum ever matters.
    """
    if rnn.num_layers != 1 or rnn.bidirectional:
        raise ValueError("only a one-layer, one-direction nn.RNN maps onto one cell")
    p = {name: w.detach().clone() for name, w in rnn.named_parameters()}
    W_xh, W_hh = p["weight_ih_l0"], p["weight_hh_l0"]
    b_h = p["bias_ih_l0"] + p["bias_hh_l0"] if rnn.bias else torch.zeros(W_hh.shape[0], dtype=W_hh.dtype)
    return {"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h}


# --8<-- [start:RNN]
_TORCH_G: dict[str, Callable[[Tensor], Tensor]] = {
    "tanh": torch.tanh, "relu": torch.relu, "identity": lambda a: a}


class RNN(nn.Module):
    """The recurrence in torch, written out (not a wrapper of ``nn.RNN``).

    forward(X: (batch, T, d), h_0: (batch, h) or None) -> (H: (batch, T, h),
    h_T: (batch, h)), like ``nn.RNN(batch_first=True)`` except that torch's
    states carry a leading layer axis, (1, batch, h). Autograd unrolls the
    loop into the graph that chapter 8 backpropagates through by hand.
    """

    def __init__(self, input_size: int, hidden_size: int, nonlinearity: str = "tanh",
                 dtype: torch.dtype | None = None) -> None:
        super().__init__()
        k = hidden_size ** -0.5  # torch's initialisation: uniform in [-k, k]
        def uniform(*shape: int) -> nn.Parameter:
            return nn.Parameter(torch.empty(*shape, dtype=dtype).uniform_(-k, k))
        self.W_xh = uniform(hidden_size, input_size)
        self.W_hh = uniform(hidden_size, hidden_size)
        self.b_h = uniform(hidden_size)
        self.g = _TORCH_G[nonlinearity]

    def forward(self, X: Tensor, h_0: Tensor | None = None) -> tuple[Tensor, Tensor]:
        h = X.new_zeros(X.shape[0], self.W_hh.shape[0]) if h_0 is None else h_0
        H = []
        for t in range(X.shape[1]):
            h = self.g(h @ self.W_hh.T + X[:, t] @ self.W_xh.T + self.b_h)
            H.append(h)
        return torch.stack(H, dim=1), h

    @classmethod
    def from_torch(cls, rnn: nn.RNN) -> RNN:
        """Our RNN with the weights of a one-layer ``nn.RNN`` (b_h = b_ih + b_hh)."""
        params = params_from_torch(rnn)
        ours = cls(rnn.input_size, rnn.hidden_size, rnn.nonlinearity, dtype=params["W_hh"].dtype)
        with torch.no_grad():
            for name, w in ours.named_parameters():
                w.copy_(params[name])
        return ours
# --8<-- [end:RNN]


# --8<-- [start:RNNLanguageModel]
class RNNLanguageModel(nn.Module):
    """Tokens in, next-token logits out: y_t = W_hy h_t + b_y over a recurrent layer.

    ids: (batch, T) int64 -> logits (batch, T, V) and the final state (to carry
    into the next window, chapter 8). Inputs are one-hot (embed_size=None) or a
    learned embedding. The recurrent layer is torch's fused ``nn.RNN``,
    ``nn.LSTM`` or ``nn.GRU`` (cell = "rnn", "lstm", "gru"): the same
    equations as ours (tests/dlbook/nn/test_rnn.py and test_gated.py prove it),
    several times faster, which matters when training for thousands of steps.
    """

    def __init__(self, vocab_size: int, hidden_size: int, embed_size: int | None = None,
                 cell: str = "rnn") -> None:
        super().__init__()
        self.vocab_size = vocab_size
        self.embed = None if embed_size is None else nn.Embedding(vocab_size, embed_size)
        layer = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.rnn = layer(embed_size or vocab_size, hidden_size, batch_first=True)
        self.W_hy = nn.Linear(hidden_size, vocab_size)  # y_t = W_hy h_t + b_y

    def forward(self, ids: Tensor, state: Tensor | tuple[Tensor, Tensor] | None = None
                ) -> tuple[Tensor, Tensor | tuple[Tensor, Tensor]]:
        if self.embed is None:
            x = F.one_hot(ids, self.vocab_size).to(self.W_hy.weight.dtype)
        else:
            x = self.embed(ids)
        H, state = self.rnn(x, state)
        return self.W_hy(H), state
# --8<-- [end:RNNLanguageModel]

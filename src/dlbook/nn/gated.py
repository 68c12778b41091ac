"""Gated cells, LSTM and GRU, from their gate equations, in torch (chapter 9).

LSTM (Hochreiter and Schmidhuber, 1997). Besides h_t, a cell state c_t that
is changed only by element-wise gating, never multiplied by a weight matrix:

    f_t = sigma(W_xf x_t + W_hf h_{t-1} + b_f)        forget: what of c_{t-1} to keep
    i_t = sigma(W_xi x_t + W_hi h_{t-1} + b_i)        input (store): what to write
    c~_t = tanh(W_xc x_t + W_hc h_{t-1} + b_c)        the candidate to write
    c_t = f_t * c_{t-1} + i_t * c~_t                  update (* element-wise)
    o_t = sigma(W_xo x_t + W_ho h_{t-1} + b_o)        output: what of c_t to show
    h_t = o_t * tanh(c_t)

dc_t/dc_{t-1} = diag(f_t) along the cell state: with f_t near 1 the gradient
flows back through many steps uninterrupted, where the plain RNN multiplies
by W_hh at every step.

GRU (Cho et al., 2014), with the reset gate applied after W_hn as in torch
(and cuDNN); Cho et al. apply it to h_{t-1} before:

    r_t = sigma(W_xr x_t + W_hr h_{t-1} + b_r)        reset
    z_t = sigma(W_xz x_t + W_hz h_{t-1} + b_z)        update: how much of h_{t-1} to keep
    n_t = tanh(W_xn x_t + b_xn + r_t * (W_hn h_{t-1} + b_hn))
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

Layout as in :mod:`dlbook.nn.rnn`: W_x*: (h, d), W_h*: (h, h), b_*: (h,);
batches of rows, sequences batch first (batch, T, d).

The mapping from torch's modules, stated once: ``nn.LSTM`` stacks the four
gates' rows in weight_ih_l0 (4h, d) and weight_hh_l0 (4h, h) in the order
i, f, g, o (its g is our c~), and keeps two biases whose sum is our b; ``nn.GRU``
stacks r, z, n (3h rows), with b_r = b_ir + b_hr, b_z = b_iz + b_hz, and the two
n biases kept apart, b_xn = b_in and b_hn = b_hn, since r_t multiplies only b_hn.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import Tensor, nn

Params = Mapping[str, Tensor]
LSTM_GATES = ("i", "f", "c", "o")  # torch's row blocks, in torch's order (it calls c "g")
GRU_GATES = ("r", "z", "n")


# --8<-- [start:lstm_cell]
def lstm_cell(x_t: Tensor, state: tuple[Tensor, Tensor], p: Params) -> tuple[Tensor, Tensor]:
    """One LSTM step: x_t (batch, d), state (h_{t-1}, c_{t-1}) each (batch, h)
    -> (h_t, c_t). p: W_xi, W_hi, b_i, ... for the gates i, f, c, o."""
    h_prev, c_prev = state
    def affine(g: str) -> Tensor:  # W_xg x_t + W_hg h_{t-1} + b_g, for each row
        return x_t @ p[f"W_x{g}"].T + h_prev @ p[f"W_h{g}"].T + p[f"b_{g}"]
    f_t = torch.sigmoid(affine("f"))    # forget gate
    i_t = torch.sigmoid(affine("i"))    # input (store) gate
    c_tilde = torch.tanh(affine("c"))   # candidate values
    c_t = f_t * c_prev + i_t * c_tilde  # update the cell state
    o_t = torch.sigmoid(affine("o"))    # output gate
    h_t = o_t * torch.tanh(c_t)
    return h_t, c_t
# --8<-- [end:lstm_cell]


# --8<-- [start:gru_cell]
def gru_cell(x_t: Tensor, h_prev: Tensor, p: Params) -> Tensor:
    """One GRU step: x_t (batch, d), h_prev (batch, h) -> h_t (batch, h).
    p: W_xr, W_hr, b_r, W_xz, W_hz, b_z, W_xn, W_hn, b_xn, b_hn."""
    r_t = torch.sigmoid(x_t @ p["W_xr"].T + h_prev @ p["W_hr"].T + p["b_r"])  # reset gate
    z_t = torch.sigmoid(x_t @ p["W_xz"].T + h_prev @ p["W_hz"].T + p["b_z"])  # update gate
    n_t = torch.tanh(x_t @ p["W_xn"].T + p["b_xn"] + r_t * (h_prev @ p["W_hn"].T + p["b_hn"]))
    return (1 - z_t) * n_t + z_t * h_prev  # z_t = 1 copies h_{t-1} through unchanged
# --8<-- [end:gru_cell]


# --8<-- [start:from_torch]
def lstm_params_from_torch(lstm: nn.LSTM) -> dict[str, Tensor]:
    """Our gate parameters from a one-layer ``nn.LSTM`` (detached copies)."""
    _check_one_layer(lstm)
    t = {name: w.detach() for name, w in lstm.named_parameters()}
    W_x, W_h = t["weight_ih_l0"].chunk(4), t["weight_hh_l0"].chunk(4)
    b = (t["bias_ih_l0"] + t["bias_hh_l0"]).chunk(4)  # only the sum matters
    p = {}
    for k, g in enumerate(LSTM_GATES):                       # rows i, f, g, o
        p[f"W_x{g}"], p[f"W_h{g}"], p[f"b_{g}"] = W_x[k].clone(), W_h[k].clone(), b[k].clone()
    return p


def gru_params_from_torch(gru: nn.GRU) -> dict[str, Tensor]:
    """Our gate parameters from a one-layer ``nn.GRU`` (detached copies)."""
    _check_one_layer(gru)
    t = {name: w.detach() for name, w in gru.named_parameters()}
    W_x, W_h = t["weight_ih_l0"].chunk(3), t["weight_hh_l0"].chunk(3)
    b_x, b_h = t["bias_ih_l0"].chunk(3), t["bias_hh_l0"].chunk(3)
    p = {}
    for k, g in enumerate(GRU_GATES):                        # rows r, z, n
        p[f"W_x{g}"], p[f"W_h{g}"] = W_x[k].clone(), W_h[k].clone()
    p["b_r"], p["b_z"] = b_x[0] + b_h[0], b_x[1] + b_h[1]
    p["b_xn"], p["b_hn"] = b_x[2].clone(), b_h[2].clone()   # r_t * (W_hn h + b_hn): kept apart
    return p
# --8<-- [end:from_torch]


def _check_one_layer(m: nn.RNNBase) -> None:
    if m.num_layers != 1 or m.bidirectional or not m.bias or m.proj_size:
        raise ValueError("only a one-layer, one-direction module with biases maps onto one cell")


class _Gated(nn.Module):
    """Parameters by name, uniform in [-1/sqrt(h), 1/sqrt(h)] as torch's."""

    def __init__(self, shapes: dict[str, tuple[int, ...]], hidden_size: int,
                 dtype: torch.dtype | None) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        k = hidden_size ** -0.5
        for name, shape in shapes.items():
            self.register_parameter(name, nn.Parameter(torch.empty(shape, dtype=dtype).uniform_(-k, k)))

    def load(self, params: Params) -> _Gated:
        """Copy the parameters in by name (e.g. from `lstm_params_from_torch`)."""
        with torch.no_grad():
            for name, w in self.named_parameters():
                w.copy_(params[name])
        return self

    def zeros(self, X: Tensor) -> Tensor:
        return X.new_zeros(X.shape[0], self.hidden_size)


# --8<-- [start:modules]
class LSTM(_Gated):
    """forward(X: (batch, T, d), (h_0, c_0) or None) -> (H: (batch, T, h), (h_T, c_T))."""

    def __init__(self, input_size: int, hidden_size: int, dtype: torch.dtype | None = None) -> None:
        h, d = hidden_size, input_size
        shapes = {}
        for g in LSTM_GATES:
            shapes.update({f"W_x{g}": (h, d), f"W_h{g}": (h, h), f"b_{g}": (h,)})
        super().__init__(shapes, hidden_size, dtype)

    def forward(self, X: Tensor, state: tuple[Tensor, Tensor] | None = None
                ) -> tuple[Tensor, tuple[Tensor, Tensor]]:
        state = (self.zeros(X), self.zeros(X)) if state is None else state
        p, H = dict(self.named_parameters()), []
        for t in range(X.shape[1]):
            state = lstm_cell(X[:, t], state, p)
            H.append(state[0])
        return torch.stack(H, dim=1), state

    @classmethod
    def from_torch(cls, lstm: nn.LSTM) -> LSTM:
        p = lstm_params_from_torch(lstm)
        ours = cls(lstm.input_size, lstm.hidden_size, dtype=p["W_xi"].dtype)
        ours.load(p)
        return ours


class GRU(_Gated):
    """forward(X: (batch, T, d), h_0 or None) -> (H: (batch, T, h), h_T)."""

    def __init__(self, input_size: int, hidden_size: int, dtype: torch.dtype | None = None) -> None:
        h, d = hidden_size, input_size
        shapes: dict[str, tuple[int, ...]] = {}
        for g in GRU_GATES:
            shapes.update({f"W_x{g}": (h, d), f"W_h{g}": (h, h)})
        shapes.update(b_r=(h,), b_z=(h,), b_xn=(h,), b_hn=(h,))
        super().__init__(shapes, hidden_size, dtype)

    def forward(self, X: Tensor, h_0: Tensor | None = None) -> tuple[Tensor, Tensor]:
        h = self.zeros(X) if h_0 is None else h_0
        p, H = dict(self.named_parameters()), []
        for t in range(X.shape[1]):
            h = gru_cell(X[:, t], h, p)
            H.append(h)
        return torch.stack(H, dim=1), h

    @classmethod
    def from_torch(cls, gru: nn.GRU) -> GRU:
        p = gru_params_from_torch(gru)
        ours = cls(gru.input_size, gru.hidden_size, dtype=p["W_xr"].dtype)
        ours.load(p)
        return ours
# --8<-- [end:modules]

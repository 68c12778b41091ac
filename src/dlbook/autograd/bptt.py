"""Backpropagation through time, by hand, in numpy (chapter 8).

Unrolled over T steps, the RNN of :mod:`dlbook.nn.rnn` is a deep network whose
layers share their weights. Backpropagation through it runs from h_T back to
h_1, and the gradient reaching h_t has two sources: the output y_t at that
step, and the next state h_{t+1}. With a_t = W_hh h_{t-1} + W_xh x_t + b_h
(so h_t = g(a_t)) and delta_t = dJ/da_t, for t = T, ..., 1:

    dJ/dh_t  = W_hy^T dJ/dy_t + W_hh^T delta_{t+1}       (delta_{T+1} = 0)
    delta_t  = dJ/dh_t * g'(a_t)                         (* element-wise)
    dJ/dW_hh += delta_t h_{t-1}^T,   dJ/dW_xh += delta_t x_t^T,   dJ/db_h += delta_t

Shared weights collect one term per step. Every step back multiplies by the
Jacobian dh_t/dh_{t-1} = diag(g'(a_t)) W_hh, so dh_T/dh_t is a product of
T - t such matrices: it shrinks or grows geometrically, like the powers of
W_hh, unless something keeps it near 1 (`hidden_jacobian_norms` measures it).
Shapes and layout as in :mod:`dlbook.nn.rnn`: batch first, one example per row.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlbook.nn.losses import softmax, softmax_cross_entropy
from dlbook.nn.rnn import NONLINEARITIES, rnn_layer, rnn_output

Array = NDArray[np.float64]
Grads = dict[str, Array]


# --8<-- [start:rnn_backward]
def rnn_backward(X: Array, h_0: Array, H: Array, W_xh: Array, W_hh: Array, dH: Array,
                 nonlinearity: str = "tanh") -> Grads:
    """BPTT through the recurrence h_t = g(W_hh h_{t-1} + W_xh x_t + b_h).

    X: (batch, T, d), h_0: (batch, h), H: (batch, T, h) from `rnn_layer`;
    dH: (batch, T, h), the gradient each h_t receives directly (from its output
    y_t), not through h_{t+1}: the loop adds that part. Returns the gradients
    of W_xh, W_hh, b_h, of the inputs "X" (batch, T, d) and of "h_0" (batch, h).
    """
    _, g_prime = NONLINEARITIES[nonlinearity]
    T = X.shape[1]
    grads = {"W_xh": np.zeros_like(W_xh), "W_hh": np.zeros_like(W_hh),
             "b_h": np.zeros(W_hh.shape[0]), "X": np.zeros_like(X)}
    dh_next = np.zeros_like(h_0)  # dJ/dh_t through h_{t+1}; nothing after h_T
    for t in reversed(range(T)):
        h_prev = H[:, t - 1] if t > 0 else h_0
        delta = (dH[:, t] + dh_next) * g_prime(H[:, t])   # (batch, h): dJ/da_t
        grads["W_hh"] += delta.T @ h_prev                   # summed over the batch
        grads["W_xh"] += delta.T @ X[:, t]
        grads["b_h"] += delta.sum(axis=0)
        grads["X"][:, t] = delta @ W_xh
        dh_next = delta @ W_hh                              # W_hh^T delta, per row
    grads["h_0"] = dh_next
    return grads
# --8<-- [end:rnn_backward]


# --8<-- [start:rnn_loss_and_grads]
def rnn_loss_and_grads(params: dict[str, Array], X: ArrayLike, targets: ArrayLike,
                       h_0: ArrayLike | None = None, nonlinearity: str = "tanh"
                       ) -> tuple[float, Grads, Array]:
    """Next-token cross-entropy of an RNN and its gradient by BPTT.

    params: W_xh, W_hh, b_h, W_hy, b_y (see `dlbook.nn.rnn.init_rnn`);
    X: (batch, T, d) inputs (e.g. one-hot), targets: (batch, T) ints, h_0:
    (batch, h) or None. J is the mean over all batch * T predictions. Returns
    (J, gradients of every parameter and of "X" and "h_0", H (batch, T, h)).
    """
    X = np.asarray(X, dtype=np.float64)
    targets = np.asarray(targets)
    batch, T, _ = X.shape
    h_0 = np.zeros((batch, params["W_hh"].shape[0])) if h_0 is None else np.asarray(h_0, np.float64)
    H = rnn_layer(X, h_0, params["W_xh"], params["W_hh"], params["b_h"], nonlinearity)
    Y = rnn_output(H, params["W_hy"], params["b_y"])                  # (batch, T, q) logits
    q = Y.shape[-1]
    J = softmax_cross_entropy(Y.reshape(-1, q), targets.reshape(-1))
    # dJ/dY: (softmax - one-hot) / (batch T), chapter 3's gradient on every step
    dY = softmax(Y)
    dY[np.arange(batch)[:, None], np.arange(T), targets] -= 1.0
    dY /= batch * T
    grads = rnn_backward(X, h_0, H, params["W_xh"], params["W_hh"], dY @ params["W_hy"], nonlinearity)
    grads["W_hy"] = np.einsum("btq,bth->qh", dY, H)  # sum over batch and time of dy_t h_t^T
    grads["b_y"] = dY.sum(axis=(0, 1))
    return J, grads, H
# --8<-- [end:rnn_loss_and_grads]


# --8<-- [start:truncated_bptt]
def truncated_bptt(params: dict[str, Array], X: ArrayLike, targets: ArrayLike, k: int,
                   h_0: ArrayLike | None = None, nonlinearity: str = "tanh"
                   ) -> tuple[list[tuple[float, Grads]], Array]:
    """Truncated BPTT: the sequence in chunks of k steps, state carried, graph cut.

    The forward pass is the full one: each chunk starts from the last state of
    the chunk before (its *value*), so h_t is exactly as without truncation.
    The backward pass stops at the chunk's first step: the gradient that would
    flow into the previous chunk (grads["h_0"]) is dropped, which is what
    ``h = h.detach()`` does in torch. Memory and time per update are O(k),
    not O(T), and no gradient sees more than k steps back.

    X: (batch, T, d), targets: (batch, T). Returns one (loss, gradients) per
    chunk, in order (a training loop takes one step per chunk), and h_T.
    """
    X, targets = np.asarray(X, dtype=np.float64), np.asarray(targets)
    h = np.zeros((X.shape[0], params["W_hh"].shape[0])) if h_0 is None else np.asarray(h_0, np.float64)
    chunks = []
    for start in range(0, X.shape[1], k):
        J, grads, H = rnn_loss_and_grads(params, X[:, start:start + k], targets[:, start:start + k],
                                         h, nonlinearity)
        del grads["h_0"]   # the cut: nothing flows into the chunk before
        chunks.append((J, grads))
        h = H[:, -1]       # the carried state: its value, not its history
    return chunks, h
# --8<-- [end:truncated_bptt]


# --8<-- [start:hidden_jacobian_norms]
def hidden_jacobian_norms(W_hh: ArrayLike, T: int, nonlinearity: str = "identity",
                          U: ArrayLike | None = None, h_0: ArrayLike | None = None) -> Array:
    """||dh_T/dh_t||_2 for t = 0, ..., T: how much of a change at step t reaches step T.

    One sequence h_t = g(W_hh h_{t-1} + u_t), with u_t = W_xh x_t + b_h given
    as U: (T, h) (zeros by default) and h_0: (h,) (zeros by default). Going
    back from t = T, dh_T/dh_{t-1} = dh_T/dh_t diag(g'(a_t)) W_hh; the result
    holds the spectral norm of each. With the identity (or tanh at h = 0,
    where g' = 1) this is ||W_hh^(T - t)||, which for a symmetric W_hh is
    rho^(T - t), rho its spectral radius: vanishing for rho < 1, exploding for
    rho > 1.
    """
    W_hh = np.asarray(W_hh, dtype=np.float64)
    h_dim = W_hh.shape[0]
    U = np.zeros((T, h_dim)) if U is None else np.asarray(U, dtype=np.float64)
    h = np.zeros(h_dim) if h_0 is None else np.asarray(h_0, dtype=np.float64)
    g, g_prime = NONLINEARITIES[nonlinearity]
    slopes = []                    # g'(a_t) for t = 1..T, from the outputs h_t
    for t in range(T):
        h = g(W_hh @ h + U[t])
        slopes.append(g_prime(h))
    norms = np.empty(T + 1)
    J = np.eye(h_dim)              # dh_T/dh_T
    norms[T] = 1.0
    for t in range(T, 0, -1):
        J = J @ (slopes[t - 1][:, None] * W_hh)  # diag(g'(a_t)) W_hh, without building diag
        norms[t - 1] = np.linalg.norm(J, 2)
    return norms
# --8<-- [end:hidden_jacobian_norms]

"""Backpropagation by hand through a numpy multi-layer network (chapter 4).

The network is chapter 2's: a list of ``Layer(W, b, g)`` with W: (d_{l-1}, d_l),
b: (d_l,), built by ``dlbook.nn.layers.init_layers``. Batches are rows: X is
(n, d_0). For layer l = 1, ..., L, with A_0 = X,

    Z_l = A_{l-1} W_l + b_l,    A_l = g_l(Z_l).

Backpropagation runs the chain rule from the loss back to every W_l and b_l with
four equations, where delta_l = dJ/dZ_l has the shape of Z_l, (n, d_l):

    delta_L = dJ/dA_L * g_L'(Z_L)
    delta_l = (delta_{l+1} W_{l+1}^T) * g_l'(Z_l)
    dJ/dW_l = A_{l-1}^T delta_l               (d_{l-1}, d_l), the shape of W_l
    dJ/db_l = sum over the batch of delta_l   (d_l,), the shape of b_l

(``*`` is element-wise). The lectures write examples as columns, which turns
delta_{l+1} W^T into W delta_{l+1}; the numbers are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlbook.nn.activations import derivative, identity
from dlbook.nn.layers import Layer
from dlbook.nn.losses import binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad, mse, mse_grad

Array = NDArray[np.float64]
Activation = Callable[[Array], Array]
Grads = list[tuple[Array, Array]]


# --8<-- [start:forward]
def forward_trace(X: Array, layers: Sequence[Layer]) -> tuple[list[Array], list[Array]]:
    """Forward propagation that keeps what backpropagation needs.

    X: (n, d_0). Returns Zs = [Z_1, ..., Z_L] (the pre-activations, for g'(Z_l)) and
    As = [A_0 = X, A_1, ..., A_L] (the activations, for dW_l = A_{l-1}^T delta_l);
    Z_l and A_l have shape (n, d_l), and A_L is the network's output.
    """
    Zs: list[Array] = []
    As: list[Array] = [np.asarray(X, dtype=np.float64)]
    for layer in layers:
        Z = As[-1] @ layer.W + layer.b     # (n, d_l)
        Zs.append(Z)
        As.append(layer.g(Z))
    return Zs, As
# --8<-- [end:forward]


# --8<-- [start:backward]
def backward(layers: Sequence[Layer], Zs: Sequence[Array], As: Sequence[Array],
             dA_L: Array) -> Grads:
    """The four equations of backpropagation, from the output layer down to the first.

    dA_L = dJ/dA_L: (n, d_L), the gradient of the loss with respect to the output.
    Returns [(dW_1, db_1), ..., (dW_L, db_L)], each the shape of its (W_l, b_l).
    """
    L = len(layers)
    grads: Grads = [None] * L  # type: ignore[list-item]
    # Lists count from 0: layer l is layers[l - 1], Z_l is Zs[l - 1], A_l is As[l].
    delta = dA_L * derivative(layers[L - 1].g)(Zs[L - 1])  # (1) delta_L: (n, d_L)
    for l in range(L, 0, -1):                               # l = L, ..., 1
        dW = As[l - 1].T @ delta   # (3) A_{l-1}^T delta_l: (d_{l-1}, d_l)
        db = delta.sum(axis=0)     # (4) summed over the examples: (d_l,)
        grads[l - 1] = (dW, db)
        if l > 1:                  # (2) delta_{l-1} = (delta_l W_l^T) * g'(Z_{l-1})
            g_prime = derivative(layers[l - 2].g)
            delta = (delta @ layers[l - 1].W.T) * g_prime(Zs[l - 2])
    return grads
# --8<-- [end:backward]


# --8<-- [start:loss_and_grads]
LOSSES = {
    "mse": (mse, mse_grad),
    "bce": (binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad),
}
"""Loss name -> (J(output, y), dJ/d output), from chapter 3."""


def loss_and_grads(X: Array, y: ArrayLike, layers: Sequence[Layer],
                   loss: str = "bce") -> tuple[float, Grads]:
    """J and [(dJ/dW_l, dJ/db_l)] for one batch: a forward pass, then a backward pass.

    "mse": J = mean (A_L - y)^2; "bce": binary cross-entropy with logits, for which
    the output layer must be linear (A_L = Z_L are the logits) and d_L = 1.
    y: (n,) or the shape of the output, (n, d_L).
    """
    J_of, dJ_of = LOSSES[loss]
    if loss == "bce" and layers[-1].g is not identity:
        raise ValueError("binary cross-entropy with logits needs a linear output layer "
                         "(g_out=identity): the loss applies the sigmoid itself")
    Zs, As = forward_trace(X, layers)
    y = np.asarray(y, dtype=np.float64).reshape(As[-1].shape)  # (n,) -> (n, d_L)
    return J_of(As[-1], y), backward(layers, Zs, As, dJ_of(As[-1], y))
# --8<-- [end:loss_and_grads]


# --8<-- [start:train]
def train_mlp(X: Array, y: ArrayLike, layers: Sequence[Layer], eta: float, steps: int,
          loss: str = "bce") -> list[float]:
    """Full-batch gradient descent, W_l <- W_l - eta dJ/dW_l (chapter 5 does it better).

    Updates ``layers`` in place and returns J before each step.
    """
    history = []
    for _ in range(steps):
        J, grads = loss_and_grads(X, y, layers, loss)
        for layer, (dW, db) in zip(layers, grads):
            layer.W -= eta * dW
            layer.b -= eta * db
        history.append(J)
    return history
# --8<-- [end:train]

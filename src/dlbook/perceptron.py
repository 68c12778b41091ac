"""The perceptron, dense layers and forward propagation (chapter 2).

Notation follows the chapter: ``x`` input, ``w`` weights, ``w_0`` bias,
``z = w_0 + x^T w``, ``g`` activation, ``y_hat = g(z)``. Batches are rows:
``X`` has shape ``(n, d)``, one example per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dlbook.activations import sigmoid, step

Array = NDArray[np.float64]
Activation = Callable[[Array], Array]


# --8<-- [start:perceptron]
def perceptron(X: Array, w: Array, w_0: float, g: Activation = sigmoid) -> Array:
    """One perceptron on a batch: y_hat = g(w_0 + X w).

    X: (n, d) inputs, w: (d,) weights, w_0: scalar bias -> y_hat: (n,).
    """
    z = w_0 + X @ w  # (n,): one dot product per example
    return g(z)
# --8<-- [end:perceptron]


# --8<-- [start:boundary]
def decision_boundary(w: Array, w_0: float) -> tuple[float, float]:
    """The line where a 2-input perceptron is undecided, as x_2 = slope * x_1 + intercept.

    On it z = w_0 + w_1 x_1 + w_2 x_2 = 0, so g(z) = 0.5 for the sigmoid. Every point on
    one side has z > 0, every point on the other z < 0: one perceptron can only
    separate classes by a straight line. Needs w_2 != 0 (otherwise the line is vertical).
    """
    w_1, w_2 = float(w[0]), float(w[1])
    if w_2 == 0.0:
        raise ValueError("w_2 = 0: the boundary is the vertical line x_1 = -w_0 / w_1")
    return -w_1 / w_2, -w_0 / w_2
# --8<-- [end:boundary]


# --8<-- [start:dense]
def dense(X: Array, W: Array, b: Array, g: Activation) -> Array:
    """A dense (fully connected) layer of m perceptrons sharing the same inputs.

    X: (n, d) inputs, W: (d, m) weights (column j is perceptron j),
    b: (m,) biases -> (n, m) activations g(X W + b).
    """
    Z = X @ W + b  # (n, m); b broadcasts over the batch
    return g(Z)
# --8<-- [end:dense]


# --8<-- [start:mlp]
@dataclass
class Layer:
    """The parameters and activation of one dense layer: W (d_in, d_out), b (d_out,)."""

    W: Array
    b: Array
    g: Activation


def forward(X: Array, layers: Sequence[Layer]) -> list[Array]:
    """Forward propagation through a stack of dense layers.

    X: (n, d_0). Returns the activations of every layer, input included:
    [X, A_1, ..., A_L] with A_l: (n, d_l). The last entry is y_hat. Keeping the
    intermediate activations is what backpropagation (chapter 4) needs.
    """
    activations = [X]
    for layer in layers:
        activations.append(dense(activations[-1], layer.W, layer.b, layer.g))
    return activations


def init_layers(sizes: Sequence[int], g: Activation, g_out: Activation,
                rng: np.random.Generator) -> list[Layer]:
    """Random layers for sizes [d_0, d_1, ..., d_L], weights scaled by 1/sqrt(d_in)."""
    return [
        Layer(W=rng.normal(0.0, 1.0 / np.sqrt(d_in), size=(d_in, d_out)),
              b=np.zeros(d_out),
              g=g if l < len(sizes) - 2 else g_out)
        for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:]))
    ]
# --8<-- [end:mlp]


# --8<-- [start:learning_rule]
def train_perceptron(X: Array, y: Array, eta: float = 1.0,
                     max_epochs: int = 100) -> tuple[Array, float, list[int]]:
    """Rosenblatt's learning rule for a step perceptron, labels y in {0, 1}.

    For each example, w <- w + eta (y - y_hat) x and w_0 <- w_0 + eta (y - y_hat).
    Converges when the classes are linearly separable; on XOR it never does.
    Returns (w, w_0, mistakes per epoch).
    """
    w, w_0 = np.zeros(X.shape[1]), 0.0
    mistakes: list[int] = []
    for _ in range(max_epochs):
        errors = 0
        for x_i, y_i in zip(X, y):
            y_hat = float(step(w_0 + x_i @ w))
            if y_hat != y_i:
                w = w + eta * (y_i - y_hat) * x_i
                w_0 += eta * (y_i - y_hat)
                errors += 1
        mistakes.append(errors)
        if errors == 0:
            break
    return w, w_0, mistakes
# --8<-- [end:learning_rule]


# --8<-- [start:xor_net]
def xor_network() -> list[Layer]:
    """A 2-2-1 network of step perceptrons that computes XOR exactly.

    Hidden unit 1 is OR (fires unless both inputs are 0), hidden unit 2 is NAND
    (fires unless both are 1); the output is their AND. Each unit alone draws one
    line; the second layer combines the two half-planes into a band.
    """
    W_1 = np.array([[1.0, -1.0],
                    [1.0, -1.0]])
    b_1 = np.array([-0.5, 1.5])      # OR, NAND
    W_2 = np.array([[1.0], [1.0]])
    b_2 = np.array([-1.5])           # AND
    return [Layer(W_1, b_1, step), Layer(W_2, b_2, step)]
# --8<-- [end:xor_net]

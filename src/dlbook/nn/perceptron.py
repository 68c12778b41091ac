"""The perceptron: one neuron, its decision boundary and Rosenblatt's learning rule (chapter 2).

Notation follows the chapter: ``x`` input, ``w`` weights, ``w_0`` bias,
``z = w_0 + x^T w``, ``g`` activation, ``y_hat = g(z)``. Batches are rows:
``X`` has shape ``(n, d)``, one example per row.
"""

from __future__ import annotations

import numpy as np

from dlbook.nn.activations import Activation, Array, sigmoid, step


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

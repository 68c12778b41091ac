"""Dense layers and forward propagation through a stack of them (chapter 2).

A layer maps a batch ``A`` of shape ``(n, d_in)`` to ``g(A W + b)`` with
``W: (d_in, d_out)`` and ``b: (d_out,)``; a network is a list of layers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dlbook.nn.activations import Activation, Array, step


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

"""Activation functions g(z) and their derivatives g'(z) (chapter 2).

Each derivative sits right below the function it differentiates. All functions are
element-wise: ``z`` is an array of any shape and the result has the same shape.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]
Activation = Callable[[Array], Array]


# --8<-- [start:sigmoid]
def sigmoid(z: ArrayLike) -> Array:
    """sigma(z) = 1 / (1 + e^{-z}), squashing any real number into (0, 1).

    Written in two branches so that ``exp`` only ever sees a non-positive
    argument: the naive form overflows for z = -1000 (e^{1000} = inf).
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z: ArrayLike) -> Array:
    """sigma'(z) = sigma(z) (1 - sigma(z)); largest (1/4) at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)
# --8<-- [end:sigmoid]


# --8<-- [start:tanh]
def tanh(z: ArrayLike) -> Array:
    """tanh(z) = (e^z - e^{-z}) / (e^z + e^{-z}) = 2 sigma(2z) - 1, in (-1, 1)."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_grad(z: ArrayLike) -> Array:
    """tanh'(z) = 1 - tanh(z)^2; largest (1) at z = 0."""
    return 1.0 - tanh(z) ** 2
# --8<-- [end:tanh]


# --8<-- [start:relu]
def relu(z: ArrayLike) -> Array:
    """ReLU(z) = max(0, z)."""
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))


def relu_grad(z: ArrayLike) -> Array:
    """ReLU'(z) = 1 if z > 0 else 0.

    ReLU has no derivative at 0; like torch we use 0 there (a subgradient).
    """
    return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)
# --8<-- [end:relu]


# --8<-- [start:step]
def step(z: ArrayLike) -> Array:
    """The Heaviside step of Rosenblatt's perceptron: 1 if z >= 0 else 0.

    Its derivative is 0 almost everywhere, which is why gradient-based
    training needs a smooth activation instead.
    """
    return (np.asarray(z, dtype=np.float64) >= 0).astype(np.float64)
# --8<-- [end:step]


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
}
"""Name -> (g, g') for the differentiable activations."""


# --8<-- [start:identity]
def identity(z: ArrayLike) -> Array:
    """g(z) = z: the output layer of a network whose loss takes raw outputs or logits."""
    return np.asarray(z, dtype=np.float64)


def identity_grad(z: ArrayLike) -> Array:
    """g'(z) = 1."""
    return np.ones_like(np.asarray(z, dtype=np.float64))


DERIVATIVES: dict[Activation, Activation] = {
    identity: identity_grad, **{g: g_prime for g, g_prime in ACTIVATIONS.values()}}
"""Each activation function -> its derivative, so a Layer's g finds its g'."""


def derivative(g: Activation) -> Activation:
    """The derivative g' of an activation g from ``DERIVATIVES``."""
    try:
        return DERIVATIVES[g]
    except KeyError:
        known = ", ".join(f.__name__ for f in DERIVATIVES)
        raise ValueError(f"no derivative known for {getattr(g, '__name__', g)!r}; "
                         f"backprop knows {known}") from None
# --8<-- [end:identity]

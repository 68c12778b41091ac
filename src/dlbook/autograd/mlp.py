"""A small multi-layer network built from scalar ``Value``s, micrograd-style (chapter 4).

``Neuron``, ``Layer`` and ``MLP`` are made of ``Value``s only, so ``loss.backward()``
reaches every weight through the engine of :mod:`dlbook.autograd.engine`. Enough to
train on XOR or moons (slowly: one Python object per number).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence

from dlbook.autograd.engine import Number, Value


# --8<-- [start:mlp]
class Module:
    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """One perceptron on Values: g(w_0 + sum_i x_i w_i), with g = tanh or the identity."""

    def __init__(self, n_in: int, nonlinear: bool = True,
                 rng: random.Random | None = None) -> None:
        rng = rng or random.Random()
        scale = 1.0 / math.sqrt(n_in)       # chapter 2's initialisation
        self.w = [Value(rng.gauss(0.0, scale)) for _ in range(n_in)]
        self.w_0 = Value(0.0)
        self.nonlinear = nonlinear

    def __call__(self, x: Sequence[Value | Number]) -> Value:
        z = sum((w_i * x_i for w_i, x_i in zip(self.w, x)), self.w_0)
        return z.tanh() if self.nonlinear else z

    def parameters(self) -> list[Value]:
        return [*self.w, self.w_0]


class Layer(Module):
    """n_out neurons reading the same inputs."""

    def __init__(self, n_in: int, n_out: int, nonlinear: bool = True,
                 rng: random.Random | None = None) -> None:
        self.neurons = [Neuron(n_in, nonlinear, rng) for _ in range(n_out)]

    def __call__(self, x: Sequence[Value | Number]) -> list[Value]:
        return [neuron(x) for neuron in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP(Module):
    """Sizes [d_0, d_1, ..., d_L]: tanh hidden layers and a linear output (the logits)."""

    def __init__(self, sizes: Sequence[int], seed: int = 0) -> None:
        rng = random.Random(seed)
        last = len(sizes) - 2
        self.layers = [Layer(d_in, d_out, nonlinear=l < last, rng=rng)
                       for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:]))]

    def __call__(self, x: Sequence[Value | Number]) -> list[Value]:
        *hidden, last = self.layers
        for layer in hidden:
            x = layer(x)
        return last(x)

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]
# --8<-- [end:mlp]


# --8<-- [start:train]
def logistic_loss(z: Value, y: Number) -> Value:
    """Binary cross-entropy of sigma(z), label y in {0, 1}: log(1 + e^{-s z}), s = 2y - 1.

    Chapter 3's loss in one line of Value operations; backward() finds its gradient
    sigma(z) - y on its own. It overflows only when -s z > 709 (a confident mistake
    no network here makes); chapter 3's stable form is for arrays.
    """
    s = 2.0 * y - 1.0
    return (1.0 + (-s * z).exp()).log()


def mean_loss(model: MLP, X: Iterable[Sequence[Number]], y: Iterable[Number]) -> Value:
    """J = (1/n) sum_i logistic_loss(model(x_i), y_i): one graph over the whole batch."""
    losses = [logistic_loss(model(list(x_i))[0], y_i) for x_i, y_i in zip(X, y)]
    return sum(losses, Value(0.0)) / len(losses)


def training_step(model: MLP, X: Iterable[Sequence[Number]], y: Iterable[Number],
                  eta: float) -> float:
    """One step of gradient descent on the whole batch; returns J before the step."""
    model.zero_grad()                       # grads accumulate: clear last step's first
    J = mean_loss(model, X, y)
    J.backward()
    for p in model.parameters():
        p.data -= eta * p.grad
    return J.data
# --8<-- [end:train]

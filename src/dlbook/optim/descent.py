"""Gradient descent, from the loop on a numpy vector to the training loop on a tensor (chapter 5).

``gradient_descent`` and ``minibatch_sgd`` show the idea on plain numpy vectors;
``minimize`` is the smallest training loop, on one torch tensor, with any optimizer
(ours from :mod:`dlbook.optim.optimizers` or torch.optim's).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor

from dlbook.data.batching import batches
from dlbook.optim.optimizers import OptimizerLike

Array = NDArray[np.float64]


# --8<-- [start:gradient_descent]
def gradient_descent(grad_J: Callable[[Array], Array], w: Array,
                     eta: float, steps: int) -> Array:
    """Full-batch gradient descent: repeat w <- w - eta grad J(w).

    grad_J: w (d,) -> the gradient of the loss J at w, (d,).
    w: (d,) the starting point. Returns the whole path, (steps + 1, d):
    row k is w after k steps.
    """
    path = [np.asarray(w, dtype=np.float64)]
    for _ in range(steps):
        w = path[-1]
        path.append(w - eta * grad_J(w))  # a small step downhill
    return np.stack(path)
# --8<-- [end:gradient_descent]


# --8<-- [start:minibatch_sgd]
def minibatch_sgd(grad_J: Callable[[Array, Array, Array], Array],
                  w: Array, X: Array, y: Array, eta: float,
                  batch_size: int, epochs: int,
                  rng: np.random.Generator | None = None) -> Array:
    """Mini-batch stochastic gradient descent: one step per mini-batch.

    grad_J(w, X_B, y_B) is the gradient of the *mean* loss over the batch,
    an unbiased estimate of the full gradient. X: (n, d_x), y: (n,),
    w: (d,). batch_size = n is full-batch gradient descent, 1 is
    single-example SGD. Returns the path of w,
    (1 + epochs * ceil(n / batch_size), d).
    """
    path = [np.asarray(w, dtype=np.float64)]
    for _ in range(epochs):
        # a fresh random order every epoch
        for X_B, y_B in batches(X, y, batch_size, rng=rng):
            w = path[-1]
            path.append(w - eta * grad_J(w, X_B, y_B))
    return np.stack(path)
# --8<-- [end:minibatch_sgd]


# --8<-- [start:minimize]
def minimize(J: Callable[[Tensor], Tensor], w: Tensor,
             make_optimizer: Callable[[list[Tensor]], OptimizerLike],
             steps: int) -> Array:
    """The training loop in its smallest form, on one parameter tensor.

    J: w -> a scalar loss. make_optimizer: [w] -> an optimizer, ours or
    torch's, e.g. ``lambda ps: Adam(ps, lr=0.1)``.
    Returns the path of w, (steps + 1, *w.shape).
    """
    w = w.detach().clone().requires_grad_(True)
    optimizer = make_optimizer([w])
    path = [w.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()   # drop the last step's gradient
        J(w).backward()         # w.grad = dJ/dw
        optimizer.step()        # w <- w - (the optimizer's step)
        path.append(w.detach().clone())
    return torch.stack(path).numpy()
# --8<-- [end:minimize]

"""The optimizers the book trains with, from scratch (chapter 5): SGD with momentum and
Nesterov, Adagrad, Adadelta, RMSprop, Adam and AdamW, on torch tensors and with
torch.optim's interface (``zero_grad``, ``loss.backward()``, ``step``), so that any
model's ``parameters()`` can be handed to them::

    opt = Adam(model.parameters(), lr=1e-3)
    for X_B, y_B in batches(X, y, 32):
        opt.zero_grad()
        loss_fn(model(X_B), y_B).backward()
        opt.step()

Every update follows torch.optim's algorithm to the letter (where the state
starts, where ``eps`` goes, which average is corrected), so a run with these
optimizers and a run with torch's agree step for step; tests/dlbook/optim/test_optimizers.py
checks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor

Array = NDArray[np.float64]
State = dict[str, Any]  # one parameter's running averages (tensors) and step count (int)


class OptimizerLike(Protocol):
    """What a training loop needs of an optimizer, ours or torch.optim's."""

    def zero_grad(self) -> None: ...
    def step(self) -> object: ...


# --8<-- [start:optimizer]
class Optimizer:
    """What every optimizer shares: its parameters, `zero_grad`, and a
    `step` that hands each parameter w and its gradient g to `update`.

    params: tensors that require gradients (e.g. ``model.parameters()``);
    after ``loss.backward()`` each holds dJ/dw in ``.grad``. weight_decay
    (lambda) adds lambda * w to g: the gradient of an L2 penalty
    (lambda / 2) ||w||^2 (chapter 6). ``state`` keeps each parameter's
    running averages between steps.
    """

    def __init__(self, params: Iterable[Tensor], lr: float,
                 weight_decay: float = 0.0):
        self.params = list(params)
        if not self.params:
            raise ValueError("the optimizer got an empty parameter list")
        if lr < 0 or weight_decay < 0:
            raise ValueError(f"lr and weight_decay must be >= 0, "
                             f"got {lr}, {weight_decay}")
        self.lr = lr
        self.weight_decay = weight_decay
        self.state: list[State] = [{} for _ in self.params]

    def zero_grad(self) -> None:
        """Forget the last gradients: backward() adds into .grad."""
        for w in self.params:
            w.grad = None

    @torch.no_grad()  # the update is not part of the model
    def step(self) -> None:
        """Update, in place, every parameter that received a gradient."""
        for w, state in zip(self.params, self.state):
            if w.grad is None:
                continue
            g = w.grad
            if self.weight_decay != 0:
                g = g + self.weight_decay * w
            self.update(w, g, state)

    def update(self, w: Tensor, g: Tensor, state: State) -> None:
        raise NotImplementedError
# --8<-- [end:optimizer]


# --8<-- [start:sgd]
class SGD(Optimizer):
    """w <- w - eta g, optionally with momentum (heavy ball or Nesterov).

    With momentum mu the velocity v accumulates past gradients,
    v_t = mu v_{t-1} + (1 - dampening) g_t, with v_1 = g_1 as in torch.
    The step is w <- w - eta v_t, or with Nesterov's look-ahead
    w <- w - eta (g_t + mu v_t).
    """

    def __init__(self, params: Iterable[Tensor], lr: float,
                 momentum: float = 0.0, dampening: float = 0.0,
                 nesterov: bool = False, weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires momentum > 0 "
                             "and dampening = 0")
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov

    def update(self, w: Tensor, g: Tensor, state: State) -> None:
        mu = self.momentum
        if mu != 0:
            if "v" not in state:
                state["v"] = g.clone()  # step 1 is plain gradient descent
            else:
                state["v"] = mu * state["v"] + (1 - self.dampening) * g
            v = state["v"]
            g = g + mu * v if self.nesterov else v
        w -= self.lr * g
# --8<-- [end:sgd]


# --8<-- [start:adagrad]
class Adagrad(Optimizer):
    """Adagrad: divide each coordinate's step by the root of the sum of
    its squared gradients.

    G_t = G_{t-1} + g_t^2 (element-wise, G_0 = initial_accumulator_value),
    w <- w - eta_t g_t / (sqrt(G_t) + eps),
    eta_t = eta / (1 + (t - 1) lr_decay).
    """

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-2,
                 lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0,
                 eps: float = 1e-10):
        super().__init__(params, lr, weight_decay)
        self.lr_decay, self.eps = lr_decay, eps
        self.G_0 = initial_accumulator_value

    def update(self, w: Tensor, g: Tensor, state: State) -> None:
        if not state:
            state.update(t=0, G=torch.full_like(w, self.G_0))
        state["t"] += 1
        G = state["G"] = state["G"] + g * g
        eta_t = self.lr / (1 + (state["t"] - 1) * self.lr_decay)
        w -= eta_t * g / (G.sqrt() + self.eps)  # eps outside the root
# --8<-- [end:adagrad]


# --8<-- [start:adadelta]
class Adadelta(Optimizer):
    """Adadelta: decaying averages instead of Adagrad's sum, and a step
    that carries the units of w.

    s_t = rho s_{t-1} + (1 - rho) g_t^2       (average squared gradient)
    Delta_t = sqrt(u_{t-1} + eps) / sqrt(s_t + eps) * g_t
    u_t = rho u_{t-1} + (1 - rho) Delta_t^2   (average squared step)
    w <- w - eta Delta_t                      (eta = 1 by default)
    """

    def __init__(self, params: Iterable[Tensor], lr: float = 1.0,
                 rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        self.rho, self.eps = rho, eps

    def update(self, w: Tensor, g: Tensor, state: State) -> None:
        rho, eps = self.rho, self.eps
        if not state:
            state.update(s=torch.zeros_like(w), u=torch.zeros_like(w))
        s = state["s"] = rho * state["s"] + (1 - rho) * g * g
        # eps inside both roots: the first step, with u = 0, is not 0
        Delta = (state["u"] + eps).sqrt() / (s + eps).sqrt() * g
        state["u"] = rho * state["u"] + (1 - rho) * Delta * Delta
        w -= self.lr * Delta
# --8<-- [end:adadelta]


# --8<-- [start:rmsprop]
class RMSprop(Optimizer):
    """RMSProp: divide by the root of a *decaying* average of squared
    gradients.

    s_t = alpha s_{t-1} + (1 - alpha) g_t^2,
    w <- w - eta g_t / (sqrt(s_t) + eps).
    centered: use s_t - gbar_t^2 instead (gbar: the average gradient).
    momentum mu > 0: b_t = mu b_{t-1} + g_t / (sqrt(s_t) + eps),
    w <- w - eta b_t.
    """

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-2,
                 alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum: float = 0.0,
                 centered: bool = False):
        super().__init__(params, lr, weight_decay)
        self.alpha, self.eps = alpha, eps
        self.momentum, self.centered = momentum, centered

    def update(self, w: Tensor, g: Tensor, state: State) -> None:
        alpha = self.alpha
        if not state:
            state.update(s=torch.zeros_like(w), gbar=torch.zeros_like(w),
                         b=torch.zeros_like(w))
        s = state["s"] = alpha * state["s"] + (1 - alpha) * g * g
        if self.centered:
            gbar = alpha * state["gbar"] + (1 - alpha) * g
            state["gbar"] = gbar
            rms = (s - gbar * gbar).sqrt() + self.eps
        else:
            rms = s.sqrt() + self.eps
        if self.momentum > 0:
            b = state["b"] = self.momentum * state["b"] + g / rms
            w -= self.lr * b
        else:
            w -= self.lr * g / rms
# --8<-- [end:rmsprop]


# --8<-- [start:adam]
class Adam(Optimizer):
    """Adam: momentum (first moment m) over an RMSProp root (second
    moment v), both corrected for starting at zero.

    m_t = beta_1 m_{t-1} + (1 - beta_1) g_t,
    v_t = beta_2 v_{t-1} + (1 - beta_2) g_t^2,
    m_hat = m_t / (1 - beta_1^t),  v_hat = v_t / (1 - beta_2^t),
    w <- w - eta m_hat / (sqrt(v_hat) + eps),   t = 1, 2, ...
    """

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        if not all(0.0 <= beta < 1.0 for beta in betas):
            raise ValueError(f"betas must lie in [0, 1), got {betas}")
        self.beta_1, self.beta_2 = betas
        self.eps = eps

    def update(self, w: Tensor, g: Tensor, state: State) -> None:
        beta_1, beta_2 = self.beta_1, self.beta_2
        if not state:
            state.update(t=0, m=torch.zeros_like(w),
                         v=torch.zeros_like(w))
        state["t"] += 1
        t = state["t"]  # the number of this step: 1, 2, ...
        m = state["m"] = beta_1 * state["m"] + (1 - beta_1) * g
        v = state["v"] = beta_2 * state["v"] + (1 - beta_2) * g * g
        m_hat = m / (1 - beta_1**t)  # m, v start at 0: undo that bias
        v_hat = v / (1 - beta_2**t)
        w -= self.lr * m_hat / (v_hat.sqrt() + self.eps)
# --8<-- [end:adam]


# --8<-- [start:adamw]
class AdamW(Adam):
    """Adam with *decoupled* weight decay: w shrinks by (1 - eta lambda)
    each step, outside the adaptive scaling, instead of lambda w
    entering the gradient."""

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2):
        super().__init__(params, lr, betas, eps, weight_decay=0.0)
        self.decoupled_weight_decay = weight_decay

    def update(self, w: Tensor, g: Tensor, state: State) -> None:
        w *= 1 - self.lr * self.decoupled_weight_decay
        super().update(w, g, state)
# --8<-- [end:adamw]


OPTIMIZERS = {"SGD": SGD, "Adagrad": Adagrad, "Adadelta": Adadelta,
              "RMSprop": RMSprop, "Adam": Adam, "AdamW": AdamW}
"""Name -> class, the same names as in torch.optim."""

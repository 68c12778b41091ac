"""Learning-rate schedules (chapter 5): eta as a function of the step t.

Each schedule is a plain function ``lr_at(t, ...) -> eta_t`` of the step (or
epoch) t = 0, 1, 2, ..., written in closed form and equal to what
torch.optim.lr_scheduler produces after t calls of ``scheduler.step()``
(tests/test_schedules.py checks each for 100 steps). `Scheduler` drives any
optimizer's learning rate with one of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


# --8<-- [start:step_exp]
def step_lr(t: int, eta_0: float, step_size: int,
            gamma: float = 0.1) -> float:
    """Step decay, torch's StepLR: multiply eta by gamma every
    `step_size` steps. eta_t = eta_0 gamma^floor(t / step_size)."""
    return eta_0 * gamma ** (t // step_size)


def exponential_lr(t: int, eta_0: float, gamma: float) -> float:
    """Exponential decay, torch's ExponentialLR: multiply eta by gamma
    every step. eta_t = eta_0 gamma^t."""
    return eta_0 * gamma**t
# --8<-- [end:step_exp]


# --8<-- [start:cosine]
def cosine_lr(t: int, eta_max: float, eta_min: float, T_max: int) -> float:
    """Cosine annealing (CosineAnnealingLR): from eta_max at t = 0 down
    to eta_min at t = T_max,

    eta_t = eta_min + (eta_max - eta_min) (1 + cos(pi t / T_max)) / 2.

    Like torch's, it keeps following the cosine after T_max, back up with
    period 2 T_max: stop (or restart) at T_max.
    """
    cos = math.cos(math.pi * t / T_max)
    return eta_min + (eta_max - eta_min) * (1 + cos) / 2
# --8<-- [end:cosine]


# --8<-- [start:warmup]
def linear_warmup_lr(t: int, eta_0: float, warmup: int,
                     start_factor: float = 1 / 3,
                     end_factor: float = 1.0) -> float:
    """Linear warm-up, torch's LinearLR(total_iters=warmup): eta grows
    linearly from start_factor * eta_0 to end_factor * eta_0 over
    `warmup` steps, then stays there.

    eta_t = eta_0 (start + (end - start) min(t, warmup) / warmup).
    """
    progress = min(t, warmup) / warmup
    return eta_0 * (start_factor + (end_factor - start_factor) * progress)


def warmup_cosine_lr(t: int, eta_max: float, warmup: int, T_max: int,
                     eta_min: float = 0.0,
                     start_factor: float = 1 / 3) -> float:
    """Linear warm-up for `warmup` steps, then cosine annealing over T_max
    more steps. The same as torch's SequentialLR(
    [LinearLR(start_factor, total_iters=warmup),
     CosineAnnealingLR(T_max, eta_min)], milestones=[warmup]).
    """
    if t < warmup:
        return linear_warmup_lr(t, eta_max, warmup, start_factor)
    return cosine_lr(t - warmup, eta_max, eta_min, T_max)
# --8<-- [end:warmup]


# --8<-- [start:scheduler]
class Scheduler:
    """Sets an optimizer's learning rate to lr_at(t), t = 0, 1, ...

    Call step() after each optimizer.step() (or once per epoch), as with
    torch's schedulers. Works with dlbook.optim optimizers (attribute
    ``lr``) and torch.optim ones (``param_groups``). For example
    ``Scheduler(opt, lambda t: cosine_lr(t, 0.1, 0.0, 50))``.
    """

    def __init__(self, optimizer: Any, lr_at: Callable[[int], float]):
        self.optimizer, self.lr_at, self.t = optimizer, lr_at, 0
        self._set(lr_at(0))

    def step(self) -> None:
        self.t += 1
        self._set(self.lr_at(self.t))

    def get_last_lr(self) -> float:
        return self.lr_at(self.t)

    def _set(self, lr: float) -> None:
        if hasattr(self.optimizer, "param_groups"):  # torch.optim
            for group in self.optimizer.param_groups:
                group["lr"] = lr
        else:
            self.optimizer.lr = lr
# --8<-- [end:scheduler]

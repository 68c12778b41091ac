"""The training loop shared by every chapter from chapter 6 on.

`fit` trains a torch model on the mini-batches of :mod:`dlbook.data.batching` while
watching a validation set, with `History` recording every epoch and `EarlyStopping`
ending training when the validation loss stops improving (chapter 6). Plain torch
and numpy; later chapters add GPU concerns.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from dlbook.data.batching import batches
from dlbook.optim.optimizers import OptimizerLike


# --8<-- [start:history]
@dataclass
class History:
    """What `fit` measured, one entry per epoch (epochs are counted from 0).

    train_loss[e] and val_loss[e]: the losses on the whole training and
    validation sets after epoch e, both in evaluation mode (dropout off), so
    the two compare. train_metric / val_metric stay empty without a metric.
    best_epoch: the epoch with the lowest validation loss (with early
    stopping, the epoch whose weights the model holds at the end).
    stopped_epoch: the epoch after which early stopping ended training, or
    None if training ran every epoch.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    train_metric: list[float] = field(default_factory=list)
    val_metric: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_epoch: int | None = None
# --8<-- [end:history]


# --8<-- [start:early_stopping]
class EarlyStopping:
    """Stop once the validation loss has not improved for `patience` epochs.

    An epoch improves if its validation loss is below the best so far by more
    than `min_delta`. Each improvement saves a deep copy of the weights (the
    tensors in model.state_dict() keep changing as training goes on); on
    stopping, `restore` loads them back into the model.
    """

    def __init__(self, patience: int, min_delta: float = 0.0) -> None:
        if patience < 1:
            raise ValueError(f"patience must be >= 1, got {patience}")
        self.patience, self.min_delta = patience, min_delta
        self.best_loss = math.inf
        self.best_epoch: int | None = None
        self.best_state: dict[str, torch.Tensor] | None = None
        self.wait = 0  # epochs since the last improvement
        self.stopped_epoch: int | None = None

    def step(self, epoch: int, val_loss: float,
             model: torch.nn.Module) -> bool:
        """Record epoch `epoch`'s validation loss; True means: stop now."""
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch, self.wait = val_loss, epoch, 0
            self.best_state = copy.deepcopy(model.state_dict())
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.restore(model)
            return True
        return False

    def restore(self, model: torch.nn.Module) -> None:
        """Put the best epoch's weights back into `model`."""
        if self.best_state is None:
            raise RuntimeError("no epoch recorded yet: nothing to restore")
        model.load_state_dict(self.best_state)
# --8<-- [end:early_stopping]


Data = tuple[torch.Tensor, torch.Tensor]  # (X, y): X (n, ...), y (n, ...)
Loss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Metric = Callable[[torch.Tensor, torch.Tensor], float]



# --8<-- [start:fit]
def fit(model: torch.nn.Module, loss_fn: Loss, optimizer: OptimizerLike,
        train: Data, val: Data, epochs: int, batch_size: int, *,
        early_stopping: EarlyStopping | None = None,
        metric: Metric | None = None,
        rng: np.random.Generator | int | None = 0) -> History:
    """Train with mini-batches; measure the validation loss every epoch.

    train, val: (X, y) tensors. loss_fn(y_hat, y) returns a scalar tensor,
    metric(y_hat, y) a float (e.g. accuracy). `rng`, a Generator or a seed,
    shuffles the batches. With early stopping, training ends when its
    patience runs out, and the model gets the best epoch's weights back.
    The model is left in evaluation mode.
    """
    rng = np.random.default_rng(rng)
    history = History()
    X_train, y_train = train
    for epoch in range(epochs):
        model.train()  # dropout on
        for X_b, y_b in batches(X_train, y_train, batch_size, rng=rng):
            # backward() adds to .grad: clear the last batch's gradients
            optimizer.zero_grad()
            loss = loss_fn(model(X_b), y_b)
            loss.backward()
            optimizer.step()

        model.eval()  # dropout off: measure the network we would deploy
        with torch.no_grad():
            for (X, y), losses, metrics in (
                    (train, history.train_loss, history.train_metric),
                    (val, history.val_loss, history.val_metric)):
                y_hat = model(X)
                losses.append(loss_fn(y_hat, y).item())
                if metric is not None:
                    metrics.append(float(metric(y_hat, y)))

        if early_stopping is not None and early_stopping.step(
                epoch, history.val_loss[-1], model):
            history.stopped_epoch = epoch
            break

    if early_stopping is not None and early_stopping.best_state is not None:
        early_stopping.restore(model)  # also when patience never ran out
        history.best_epoch = early_stopping.best_epoch
    elif history.val_loss:
        history.best_epoch = int(np.argmin(history.val_loss))
    return history
# --8<-- [end:fit]

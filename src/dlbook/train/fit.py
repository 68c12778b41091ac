"""The training loop shared by every chapter from chapter 6 on.

`fit` trains a torch model on the mini-batches of :mod:`dlbook.data.batching` while
watching a validation set, with `History` recording every epoch and `EarlyStopping`
ending training when the validation loss stops improving (chapter 6). Plain torch
and numpy. Chapter 13 adds, each off by default, a device, mixed precision,
gradient accumulation and clipping (one optimizer step is
:func:`dlbook.train.steps.train_step`), a learning-rate scheduler, and a
checkpoint to resume from.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from dlbook.data.batching import batches
from dlbook.optim.optimizers import OptimizerLike
from dlbook.train.checkpoint import load_checkpoint, save_checkpoint
from dlbook.train.devices import to_device
from dlbook.train.precision import autocast, grad_scaler
from dlbook.train.steps import Loss, train_step


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

    def state_dict(self) -> dict[str, Any]:
        """Everything it has seen so far, for a checkpoint (chapter 13)."""
        return dict(vars(self))

    def load_state_dict(self, state: dict[str, Any]) -> None:
        vars(self).update(state)


Data = tuple[torch.Tensor, torch.Tensor]  # (X, y): X (n, ...), y (n, ...)
Metric = Callable[[torch.Tensor, torch.Tensor], float]



# --8<-- [start:fit]
def fit(model: torch.nn.Module, loss_fn: Loss, optimizer: OptimizerLike,
        train: Data, val: Data, epochs: int, batch_size: int, *,
        early_stopping: EarlyStopping | None = None,
        metric: Metric | None = None,
        rng: np.random.Generator | int | None = 0,
        device: torch.device | str | None = None, precision: str = "fp32",
        accumulation: int = 1, max_norm: float | None = None,
        scheduler: Any = None, checkpoint: str | Path | None = None) -> History:
    """Train with mini-batches; measure the validation loss every epoch.

    train, val: (X, y) tensors. loss_fn(y_hat, y) returns a scalar tensor,
    metric(y_hat, y) a float (e.g. accuracy). `rng`, a Generator or a seed,
    shuffles the batches. With early stopping, training ends when its
    patience runs out, and the model gets the best epoch's weights back.
    The model is left in evaluation mode.

    Chapter 13: `device`: the model moves there, and each batch is copied
    there (move train and val with `to_device` first to keep them there).
    `precision`: "fp32", "bf16" or "fp16" (with a GradScaler). `accumulation`:
    each step's batch_size examples go through in that many micro-batches.
    `max_norm`: clip the gradient norm. `scheduler`: stepped after every
    optimizer step. `checkpoint`: a path written after every epoch; if it
    exists when fit starts, training resumes from it, and ends exactly as
    the uninterrupted run would have (needs state_dict() on the optimizer,
    the scheduler and the early stopping).
    """
    rng = np.random.default_rng(rng)
    history = History()
    if device is not None:
        model.to(device)
    scaler = grad_scaler(_device_of(model), precision)
    step, start = 0, 0
    if checkpoint is not None and Path(checkpoint).exists():
        ckpt = load_checkpoint(checkpoint, model, optimizer, scaler=scaler, scheduler=scheduler)
        step, start = ckpt.step, ckpt.extra["epoch"]
        rng.bit_generator.state = ckpt.extra["shuffle"]  # the next epoch's order
        vars(history).update(ckpt.extra["history"])
        if early_stopping is not None:
            early_stopping.load_state_dict(ckpt.extra["early_stopping"])
        if history.stopped_epoch is not None:
            start = epochs  # that run had stopped early: nothing left to train
    X_train, y_train = train
    for epoch in range(start, epochs):
        model.train()  # dropout on
        for batch in batches(X_train, y_train, batch_size, rng=rng):
            batch = batch if device is None else to_device(batch, device)
            train_step(model, loss_fn, optimizer, batch, accumulation=accumulation,
                       max_norm=max_norm, precision=precision, scaler=scaler)
            step += 1
            if scheduler is not None:
                scheduler.step()

        _evaluate(model, loss_fn, metric, train, val, history, device, precision)

        if early_stopping is not None and early_stopping.step(
                epoch, history.val_loss[-1], model):
            history.stopped_epoch = epoch
        if checkpoint is not None:
            save_checkpoint(checkpoint, model, optimizer, step=step, scaler=scaler, scheduler=scheduler,
                            extra={"epoch": epoch + 1, "shuffle": rng.bit_generator.state,
                                   "history": asdict(history),
                                   "early_stopping": None if early_stopping is None
                                   else early_stopping.state_dict()})
        if history.stopped_epoch is not None:
            break

    if early_stopping is not None and early_stopping.best_state is not None:
        early_stopping.restore(model)  # also when patience never ran out
        history.best_epoch = early_stopping.best_epoch
    elif history.val_loss:
        history.best_epoch = int(np.argmin(history.val_loss))
    return history


def _evaluate(model: torch.nn.Module, loss_fn: Loss, metric: Metric | None, train: Data, val: Data,
              history: History, device: torch.device | str | None, precision: str) -> None:
    """Append the losses (and metrics) on the whole training and validation sets to `history`."""
    model.eval()  # dropout off: measure the network we would deploy
    with torch.no_grad():
        for data, losses, metrics in (
                (train, history.train_loss, history.train_metric),
                (val, history.val_loss, history.val_metric)):
            X, y = data if device is None else to_device(data, device)
            with autocast(X.device, precision):
                y_hat = model(X)
                losses.append(loss_fn(y_hat, y).item())
            if metric is not None:
                metrics.append(float(metric(y_hat, y)))
# --8<-- [end:fit]


def _device_of(model: torch.nn.Module) -> torch.device:
    return next(model.parameters(), torch.empty(0)).device

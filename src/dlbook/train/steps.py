"""One optimizer step, as chapter 13 takes it: accumulation, clipping, mixed precision.

`train_step` is the inner loop of :func:`dlbook.train.fit.fit` and of the
distributed example: zero the gradients, run `accumulation` micro-batches
forward and backward, clip, step. Accumulating the gradients of k
micro-batches before one step gives the gradient of a batch k times larger
than memory holds (the same number, up to rounding), at the cost of k
smaller, slower passes.

Shapes: a batch is (X, y) with X (N, ...) and y (N, ...); it is cut along
its first axis into micro-batches of N / k examples (the first N % k one more).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import torch

from dlbook.optim.clipping import clip_grad_norm
from dlbook.optim.optimizers import OptimizerLike
from dlbook.train.precision import autocast

Loss = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


# --8<-- [start:train_step]
def train_step(model: torch.nn.Module, loss_fn: Loss, optimizer: OptimizerLike,
               batch: tuple[torch.Tensor, torch.Tensor], *, accumulation: int = 1,
               max_norm: float | None = None, precision: str = "fp32",
               scaler: torch.amp.GradScaler | None = None) -> torch.Tensor:
    """One optimizer step on `batch`, in `accumulation` micro-batches; returns the batch's loss.

    loss_fn(y_hat, y) is a mean over the examples, so micro-batch i's loss
    is weighted by n_i / N before backward(): the gradients add up to the
    gradient of the mean over the whole batch (with k equal micro-batches,
    the familiar loss / k). Under DistributedDataParallel every backward()
    would average the gradients across processes; ``model.no_sync()`` skips
    that for all micro-batches but the last, whose all-reduce carries the
    accumulated sum: one round of communication per step, not k.

    max_norm: clip the total gradient norm (chapter 8) once, after the whole
    batch is in, never per micro-batch. precision: autocast's "fp32", "bf16"
    or "fp16" (see dlbook.train.precision); a GradScaler (for fp16) scales
    the loss, and its gradients are unscaled before they are clipped.
    The loss comes back detached and on the device: reading it with .item()
    waits for the device, so a fast loop reads it only now and then.
    """
    if accumulation < 1:
        raise ValueError(f"accumulation must be >= 1, got {accumulation}")
    X, y = batch
    N = len(X)
    if N == 0:
        raise ValueError("an empty batch has no gradient")
    if accumulation == 1:
        micro = [(X, y)]
    else:  # a batch of fewer than k examples gets fewer, never empty, micro-batches
        micro = [(X_i, y_i) for X_i, y_i in zip(X.tensor_split(accumulation), y.tensor_split(accumulation))
                 if len(X_i)]
    optimizer.zero_grad()  # backward() adds to .grad: clear the last step's
    total = None
    no_sync = getattr(model, "no_sync", None)  # DistributedDataParallel's (FSDP's too)
    for i, (X_i, y_i) in enumerate(micro):
        last = i == len(micro) - 1
        with contextlib.nullcontext() if last or no_sync is None else no_sync():
            with autocast(X.device, precision):
                loss = loss_fn(model(X_i), y_i)
            if len(micro) > 1:
                loss = loss * (len(X_i) / N)
            (loss if scaler is None else scaler.scale(loss)).backward()
        total = loss.detach() if total is None else total + loss.detach()
    _clip_and_step(model, optimizer, max_norm, scaler)
    assert total is not None  # N > 0: at least one micro-batch ran
    return total
# --8<-- [end:train_step]


# --8<-- [start:clip_and_step]
def _clip_and_step(model: torch.nn.Module, optimizer: Any, max_norm: float | None,
                   scaler: torch.amp.GradScaler | None) -> None:
    if scaler is not None:
        if max_norm is not None:
            scaler.unscale_(optimizer)  # clip the true gradients, not S times them
            clip_grad_norm(model.parameters(), max_norm)
        scaler.step(optimizer)  # skipped if a gradient is inf or NaN
        scaler.update()
        return
    if max_norm is not None:
        clip_grad_norm(model.parameters(), max_norm)
    optimizer.step()
# --8<-- [end:clip_and_step]

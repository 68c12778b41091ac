"""Gradient clipping by norm (chapter 8): the fix for exploding gradients.

When the gradient's norm ||g|| exceeds a threshold c, rescale it to norm c:

    g <- g * min(1, c / ||g||)

The direction is kept, only the step length is capped, so one exploding
batch cannot throw the weights far across the loss surface. ||g|| is the
norm of *all* parameters' gradients taken together, as one long vector, so
clipping never changes the relative sizes of the parameters' gradients.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import torch
from numpy.typing import NDArray
from torch import Tensor

Array = NDArray[np.float64]


# --8<-- [start:clip_grad_norm]
@torch.no_grad()
def clip_grad_norm(params: Iterable[Tensor], max_norm: float, norm_type: float = 2.0) -> Tensor:
    """Scale every parameter's .grad in place so that their total norm is at most max_norm.

    The semantics of ``torch.nn.utils.clip_grad_norm_``: the total norm is the
    norm of the vector of the per-parameter norms (= the norm of all entries
    together); the factor max_norm / (total + 1e-6) is clamped to at most 1 (the
    1e-6 avoids a division by zero for a zero gradient). Parameters without a
    gradient are skipped. Returns the total norm *before* clipping, the number
    to log and plot.
    """
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return torch.tensor(0.0)
    norms = torch.stack([torch.linalg.vector_norm(g, norm_type) for g in grads])
    total = torch.linalg.vector_norm(norms, norm_type)
    factor = torch.clamp(max_norm / (total + 1e-6), max=1.0)
    for g in grads:
        g.mul_(factor)
    return total
# --8<-- [end:clip_grad_norm]


# --8<-- [start:clip_by_norm]
def clip_by_norm(grads: Sequence[Array], max_norm: float) -> tuple[list[Array], float]:
    """The same on numpy arrays (e.g. the gradients of BPTT by hand): returns
    the clipped copies, g * min(1, max_norm / (||g|| + 1e-6)), and ||g||."""
    total = float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads)))
    factor = min(1.0, max_norm / (total + 1e-6))
    return [np.asarray(g, dtype=np.float64) * factor for g in grads], total
# --8<-- [end:clip_by_norm]

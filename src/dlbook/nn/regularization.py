"""Regularization: dropout, the L2 penalty and weight decay (chapter 6).

Plain torch. `dropout` is the inverted dropout of every modern library: units
are zeroed in training only, and the survivors are scaled up, so nothing needs
to change at evaluation time.
"""

from __future__ import annotations

import torch


# --8<-- [start:dropout]
def dropout(x: torch.Tensor, p: float, training: bool = True,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """Inverted dropout: zero each entry of x with probability p and
    scale the others by 1 / (1 - p).

    x: any shape -> the same shape. Each entry keeps its expected value,
    E[out] = (1 - p) * x / (1 - p) = x, so in evaluation mode
    (training=False) the layer is the identity. The mask is a constant, so
    the gradient is the same mask, d out / d x = keep / (1 - p): a dropped
    unit passes no gradient back.
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability must be in [0, 1], got {p}")
    if not training or p == 0.0:
        return x
    if p == 1.0:  # everything dropped; 1 / (1 - p) would be 0 * inf = nan
        return torch.zeros_like(x)
    u = torch.rand(x.shape, generator=generator, dtype=x.dtype, device=x.device)
    keep = u >= p  # True with probability 1 - p
    return x * keep / (1.0 - p)


class Dropout(torch.nn.Module):
    """`dropout` as a layer: on after model.train(), off after model.eval()."""

    def __init__(self, p: float = 0.5,
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability must be in [0, 1], got {p}")
        self.p, self.generator = p, generator

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return dropout(x, self.p, self.training, self.generator)

    def extra_repr(self) -> str:
        return f"p={self.p}"
# --8<-- [end:dropout]


# --8<-- [start:l2_penalty]
def l2_penalty(model: torch.nn.Module) -> torch.Tensor:
    """||W||^2: the sum of the squares of all parameters, biases included.

    Adding (lambda / 2) * l2_penalty(model) to the loss J(W) adds lambda * w
    to each parameter's gradient, which is what SGD(weight_decay=lambda)
    does (it too decays every parameter it is given, biases included).
    """
    return torch.stack([(w ** 2).sum() for w in model.parameters()]).sum()
# --8<-- [end:l2_penalty]

"""A small convolutional network for the 8 x 8 digits, and its arithmetic (chapter 12).

`DigitsCNN` stacks convolution -> ReLU -> max pooling twice, then a linear
head; `DigitsMLP` is the dense baseline it is measured against. Both are torch
modules taking images (N, 1, 8, 8) and returning logits (N, 10), trained by
the shared loop :func:`dlbook.train.fit.fit`. `receptive_field` says how much
of the image one unit of a stack sees; `count_parameters` how many numbers a
model learns.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn


# --8<-- [start:digits_cnn]
class DigitsCNN(nn.Module):
    """(conv 3x3, padding 1 -> ReLU -> max pool 2) twice, then a linear head.

    x: (N, 1, 8, 8) -> logits (N, n_classes). With channels (c1, c2):
    8x8 -> conv -> (c1, 8, 8) -> pool -> (c1, 4, 4) -> conv -> (c2, 4, 4)
    -> pool -> (c2, 2, 2) -> flatten (4 c2) -> linear -> n_classes.
    The default (16, 32) has 160 + 4,640 + 1,290 = 6,090 parameters.
    """

    LAYERS: tuple[tuple[int, int], ...] = ((3, 1), (2, 2), (3, 1), (2, 2))
    """(kernel, stride) of each layer of `features`, for `receptive_field`: 10 x 10."""

    def __init__(self, channels: tuple[int, int] = (16, 32), n_classes: int = 10) -> None:
        super().__init__()
        c1, c2 = channels
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, kernel_size=3, padding=1),   # padding 1 keeps 8 x 8
            nn.ReLU(),
            nn.MaxPool2d(2),                              # 8 x 8 -> 4 x 4
            nn.Conv2d(c1, c2, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),                              # 4 x 4 -> 2 x 2
        )
        self.head = nn.Linear(c2 * 2 * 2, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).flatten(start_dim=1))
# --8<-- [end:digits_cnn]


# --8<-- [start:digits_mlp]
class DigitsMLP(nn.Module):
    """The dense baseline: flatten the 64 pixels -> hidden -> ReLU -> n_classes.

    x: (N, 1, 8, 8) -> logits (N, n_classes). With hidden = 128 it has
    64*128 + 128 + 128*10 + 10 = 9,610 parameters; each first-layer unit
    has a weight for one fixed pixel position, so a pattern learned in one
    place says nothing about the same pattern one pixel over.
    """

    def __init__(self, hidden: int = 128, n_pixels: int = 64, n_classes: int = 10) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(n_pixels, hidden),
            nn.ReLU(),
            nn.Linear(hidden, n_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)
# --8<-- [end:digits_mlp]


# --8<-- [start:receptive_field]
def receptive_field(layers: Iterable[tuple[int, int]]) -> int:
    """The side of the input patch one unit at the top of a stack depends on.

    layers: (kernel, stride) of each convolution or pooling layer, bottom
    first. Track r, the receptive field so far, and j, the distance in input
    pixels between neighbouring units of the current layer (the product of
    the strides below): a k-wide layer sees k neighbouring units, which
    reach (k - 1) j pixels further than one of them, so r += (k - 1) j; then
    j *= s. E.g. two 3x3 convolutions see 5 x 5, three see 7 x 7.
    """
    r, j = 1, 1
    for k, s in layers:
        if k < 1 or s < 1:
            raise ValueError(f"kernel and stride must be >= 1, got ({k}, {s})")
        r += (k - 1) * j
        j *= s
    return r
# --8<-- [end:receptive_field]


# --8<-- [start:count_parameters]
def count_parameters(model: nn.Module) -> int:
    """The number of trainable numbers in a model (every weight and bias entry)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """The fraction of examples whose largest logit is the true class: (N, C), (N,) -> float."""
    return (logits.argmax(dim=1) == y).double().mean().item()
# --8<-- [end:count_parameters]

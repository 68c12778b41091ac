"""Figure helpers shared by the labs. Imports matplotlib, so only labs import it."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import NDArray

CLASS_COLORS = ("#1f77b4", "#d62728")


def decision_regions(ax: Axes, predict: Callable[[NDArray], NDArray], X: NDArray,
                     y: NDArray, resolution: int = 300, margin: float = 0.5) -> None:
    """Shade where `predict` (a batch (n, 2) -> scores (n,) in [0, 1]) says class 1,
    draw its 0.5 contour, and scatter the labelled points on top."""
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    scores = np.asarray(predict(grid), dtype=float).reshape(g1.shape)
    ax.contourf(g1, g2, scores, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
    ax.contour(g1, g2, scores, levels=[0.5], colors="k", linewidths=1.5)
    for label, color in enumerate(CLASS_COLORS):
        mask = y == label
        ax.scatter(X[mask, 0], X[mask, 1], s=14, color=color, edgecolor="white",
                   linewidth=0.4, label=f"class {label}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")


def style() -> None:
    """One look for every figure of the book."""
    plt.rcParams.update({
        "figure.dpi": 110, "savefig.dpi": 110, "axes.grid": True, "grid.alpha": 0.3,
        "axes.spines.top": False, "axes.spines.right": False, "font.size": 10,
    })
